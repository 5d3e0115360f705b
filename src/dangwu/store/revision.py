"""The schema revision this code expects, readable without importing Alembic.

tests/store/test_migrations.py checks it equals Alembic's head, so it cannot drift.
"""

HEAD = "0013"
# Every revision ever released, oldest first: a ledger at one of these is upgraded.
KNOWN = (
    "0001",
    "0002",
    "0003",
    "0004",
    "0005",
    "0006",
    "0007",
    "0008",
    "0009",
    "0010",
    "0011",
    "0012",
    "0013",
)
