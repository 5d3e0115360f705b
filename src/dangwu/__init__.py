"""dangwu — a command-line ledger for a Party branch's party-affairs work (党务)."""

__version__ = "0.1.0"
