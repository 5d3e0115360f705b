"""The branch's own name and its higher committee, for the title of a report or paper."""

from __future__ import annotations

from ..store.reader import Reader


def branch_info(reader: Reader) -> dict[str, str | None]:
    """{"name", "higher_org"} from the ledger's settings (`init --branch … --higher-org …`)."""
    found = dict(
        reader.tuples(
            "SELECT key, value FROM branch_setting WHERE key IN ('branch_name', 'higher_org')"
        )
    )
    return {"name": found.get("branch_name"), "higher_org": found.get("higher_org")}
