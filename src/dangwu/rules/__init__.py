"""The regulations as pure functions and data. No database, no CLI, no printing.

Every number here cites its source (see ../shared/docs/RULES.md for the short names).
"""
