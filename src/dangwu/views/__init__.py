"""Views: a report's data as the tables and notes a person reads.

Each function takes what a report or a service returned and gives an `Output` whose JSON
document is that data and whose tables are built only when a format needs them (table,
plain, csv, markdown, xlsx), so `--format json` never pays for them. Views know labels
(i18n) and columns (render); they never read the ledger (no store, no services) and
never parse the command line (no cli).
"""
