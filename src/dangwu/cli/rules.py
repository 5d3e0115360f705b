"""`dangwu rules show/set`: the branch's rule profile."""

from typing import Annotated

import typer

from .common import FormatOpt, emit, handled, open_ledger, say

app = typer.Typer(no_args_is_help=True)
Opt = typer.Option


@app.command("show")
@handled
def show(fmt: FormatOpt = None) -> None:
    """Every requirement with its frequency, minimum, scope, default and source."""
    from ..reports.rule_profile import rule_profile
    from ..views.profile import profile

    ledger = open_ledger()
    with ledger.read() as r:
        rows = rule_profile(r)
    emit(profile(rows), fmt)


@app.command("set")
@handled
def set_(
    code: Annotated[
        str,
        typer.Argument(
            help="A requirement code (rules show), dues_deadline_day, or an option: partial_periods, activist_notice, conversion_notice, mass_forum, away_quarterly_dues, excellent_cap."
        ),
    ],
    every: Annotated[str | None, Opt("--every", help="month | quarter | half | year.")] = None,
    minimum: Annotated[
        str | None,
        Opt("--min", help="Records needed in each sub-period (for dues_deadline_day: the day)."),
    ] = None,
    on: Annotated[
        bool | None,
        Opt(
            "--on/--off",
            help="Turn the requirement or option on or off (partial_periods: count part sub-periods).",
        ),
    ] = None,
    value: Annotated[
        str | None,
        Opt(
            "--value",
            help="For dues_deadline_day: the day of the month (1-28); for committee_election:"
            " the term in years (3 or 5).",
        ),
    ] = None,
) -> None:
    """Change one entry of the rule profile (kept in the audit trail; applies to past periods too).

    Example: dangwu rules set committee_meeting --every quarter --min 1
    (dangwu rules set partial_periods --on: a person in a stage for part of a quarter owes
    its thought report too; dangwu rules set committee_election --value 5: a five-year term)
    """
    from ..services.profile import set_rule

    ledger = open_ledger()
    with ledger.write() as s:
        row = set_rule(s, code, every, minimum, on, value)
    if row.value is not None:
        say(f"已设置：{row.code} = {row.value}", f"Set: {row.code} = {row.value}")
    else:
        say(f"已设置：{row.code}", f"Set: {row.code}")
