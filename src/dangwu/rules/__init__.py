"""The regulations as pure functions and data. No database, no CLI, no printing.

Every number here cites its source (see docs/rules.md for the short names).
"""
