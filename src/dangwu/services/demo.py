"""`dangwu demo`: a ledger built from sample_data/ through the real import path."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from ..errors import Refused
from ..parse import parse_date
from ..store import audit
from ..store.address import ServerAddress
from ..store.handle import LedgerHandle
from ..store.ledger import create_ledger
from ..store.paths import sample_data_dir
from ..store.refs import resolve_group, resolve_person
from ..store.settings import initialize
from .demo_calendar import DemoCalendar
from .members import leave, transfer_out
from .organization import set_role
from .roster import import_roster


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def build_demo(path: Path | ServerAddress, command: str, today: date | None = None) -> LedgerHandle:
    """The sample branch in a new ledger at `path`, its history moved so that its last
    quarter is today's (services/demo_calendar.py)."""
    import tempfile

    from .demo_calendar import DemoCalendar, move_sample

    cal = DemoCalendar(today or date.today())
    with tempfile.TemporaryDirectory(prefix="dangwu-demo-") as folder:
        move_sample(sample_data_dir(), Path(folder), cal)
        return _build(path, command, cal, Path(folder))


def _build(path: Path | ServerAddress, command: str, cal: DemoCalendar, data: Path) -> LedgerHandle:
    if isinstance(path, Path) and path.exists():
        raise Refused(
            f"--db: {path} 已存在，不会覆盖（示例账本可直接查看：dangwu --db {path} report"
            " compliance；另建请用 --db 指定新路径）",
            f"--db: {path} already exists; not overwriting (look around in it with dangwu"
            f" --db {path} report compliance, or choose another --db)",
        )
    audit.set_command(command)
    today = cal.today

    def fill(ledger: LedgerHandle) -> None:
        with ledger.write() as s:
            initialize(s, "示例机关第一党支部", "示例机关党委", today)
        import_roster(ledger, data / "roster.csv", today)
        with ledger.write() as s:
            for row in _rows(data / "groups.csv"):
                group = resolve_group(s, row["党小组"])
                group.leader_id = resolve_person(s, row["组长"]).id
                s.add(group)
                audit.record(
                    s, "group.leader", "party_group", group.id, after={"leader_id": group.leader_id}
                )
            for row in _rows(data / "committee.csv"):
                set_role(s, row["姓名"], row["职务"], parse_date(row["任职日期"], "任职日期"))
            # the 换届 that elected them (committee_election): a three-year term
            from ..store.writer import SessionWriter
            from .election import elect

            elect(
                SessionWriter(s),
                cal.day(date(2024, 1, 5)),
                "3",
                None,
                None,
                "支部党员大会选举",
                None,
                today,
            )
            for row in _rows(data / "departures.csv"):
                on = parse_date(row["日期"], "日期")
                if row["原因"] == "转出":
                    transfer_out(s, row["姓名"], row["去向"], on, row["介绍信编号"] or None, None)
                    if row.get("回执日期"):  # the letter's 回执 came back (member receipt)
                        from .members import record_receipt

                        s.flush()
                        record_receipt(
                            s, row["姓名"], parse_date(row["回执日期"], "回执日期"), False
                        )
                else:
                    from .members import parse_leave_reason

                    leave(s, row["姓名"], parse_leave_reason(row["原因"]), on)
        _load_meetings(ledger, data, cal)
        _load_dues(ledger, data, cal)
        _load_development(ledger, data, today)

    if not isinstance(path, Path):
        from ..store.server import create_server

        # one transaction on the server: a demo killed half-way leaves nothing
        return create_server(path, fill)
    # built aside and published whole (create_ledger): a demo killed half-way leaves nothing
    return create_ledger(path, fill)


def _load_meetings(ledger: LedgerHandle, data: Path, cal: DemoCalendar) -> None:
    """Two years of meetings, talks and evaluations, through the same services as the CLI."""
    from ..store.writer import SessionWriter
    from .meetings import AttendanceInput, MeetingInput, add_meeting, parse_type
    from .people_records import add_talk, record_evaluation

    with ledger.write() as s:
        for row in _rows(data / "meetings.csv"):
            kind, on = parse_type(row["类型"]), parse_date(row["日期"], "日期")
            inp = MeetingInput(
                type=kind,
                on=on,
                # the committee reports its work to the general meeting every half year
                # (committee_report): at the general meetings of May and November
                work_report=kind == "general" and cal.sample_month(on) in (5, 11),
                topic=row["议题"] or None,
                group=row["党小组"] or None,
                host=row["主持人"] or None,
                attendance=AttendanceInput(absent=row["缺席"] or None, leave=row["请假"] or None),
            )
            add_meeting(SessionWriter(s), inp, cal.today)
        # talks and evaluation results move by whole years, the people by quarters: one made
        # just after someone joined may now fall before it (demo_calendar.py), and is left out
        for row in _rows(data / "talks.csv"):
            try:
                add_talk(
                    SessionWriter(s),
                    row["姓名"],
                    row["谈话人"],
                    parse_date(row["日期"], "日期"),
                    row["内容"],
                )
            except Refused:
                if not cal.quarters:
                    raise
        for row in _rows(data / "evaluations.csv"):
            try:
                record_evaluation(
                    s,
                    row["姓名"],
                    int(row["年度"]),
                    row["等次"],
                    row["处置"] or None,
                    cal.today,
                    replace=False,
                )
            except Refused:
                if not cal.quarters:
                    raise


def _load_dues(ledger: LedgerHandle, data: Path, cal: DemoCalendar) -> None:
    """The dues register through `dues import`, then payments through a colleague, hand-overs
    and the published statement through the same services as the CLI."""
    from ..parse import parse_money, parse_month, parse_period
    from ..store.writer import SessionWriter
    from .dues import pay, publish_statement, remit
    from .dues_import import import_register

    today = cal.today
    import_register(ledger, data / "dues.csv", today, dry_run=False, force_reason=None)
    with ledger.write() as s:
        for row in _rows(data / "dues_by.csv"):
            pay(
                SessionWriter(s),
                row["姓名"],
                [parse_month(row["月份"], "月份")],
                None,
                parse_date(row["缴纳日期"], "缴纳日期"),
                None,
                row["代交人"],
                "经支部同意由郭红代交",
            )
        for row in _rows(data / "remits.csv"):
            remit(
                s,
                parse_period(row["期间"]),
                parse_money(row["金额"], "金额"),
                parse_date(row["日期"], "日期"),
                row["收据号"] or None,
                None,
            )
        for row in _rows(data / "statements.csv"):
            publish_statement(s, int(row["年度"]), parse_date(row["公布日期"], "公布日期"))
        # the branch's yearly written report to the higher committee (higher_report)
        from .higher_report import send

        for year in range(cal.day(date(2025, 1, 1), yearly=True).year, today.year):
            # on 12 January, or today in the first days of a year (as demo_calendar.py does)
            sent = min(date(year + 1, 1, 12), today)
            send(SessionWriter(s), parse_period(str(year)), sent, "书面报告")


def _load_development(ledger: LedgerHandle, data: Path, today: date) -> None:
    """The development pipeline, step by step through the `dev` services."""
    from ..store.writer import SessionWriter
    from . import development as dev

    with ledger.write() as s:
        for row in _rows(data / "development.csv"):
            name, step = row["姓名"], row["步骤"]
            on = parse_date(row["日期"], "日期")
            parties = row["联系人或介绍人"] or None
            if step == "apply":
                raw = {"name": name, "birth_date": row["出生日期"], "gender": row["性别"]}
                dev.apply(s, raw, on, today, None)
            elif step == "activist":
                dev.activist(s, name, on, parties, "party", today, None)
            elif step == "candidate":
                dev.candidate(s, name, on, parties or "", today, None)
            else:
                until = parse_date(row["截止日期"], "截止日期") if row["截止日期"] else None
                dev.log(
                    SessionWriter(s),
                    name,
                    step,
                    on,
                    row["经办人"] or None,
                    row["学时"] or None,
                    until,
                    None,
                    today,
                )
