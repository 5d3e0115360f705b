"""One person's profile and timeline (`member show`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..errors import Refused
from ..i18n import label, tr
from ..rules.periods import full_years
from ..store.queries import away_on, lost_on, person_state
from ..store.reader import Reader, as_date
from ..store.refs import find_person_id
from .roster import member_record


def timeline(reader: Reader, person_id: int) -> list[dict[str, Any]]:
    """Dated events of a person, oldest first (undated roster facts first)."""
    p = {"p": person_id}
    events: list[dict[str, Any]] = []
    for r in reader.rows(
        "SELECT stage, on_date FROM stage_event WHERE person_id = :p ORDER BY id", p
    ):
        events.append({"date": r["on_date"], "kind": "stage", "code": r["stage"], "detail": None})
    person = reader.rows(
        "SELECT joined_on, join_kind, join_org, join_letter, left_on, left_reason, left_org,"
        " left_letter, left_note FROM person WHERE id = :p",
        p,
    )[0]
    if person["joined_on"] is not None:
        detail = " ".join(x for x in (person["join_org"], person["join_letter"]) if x) or None
        events.append(
            {
                "date": person["joined_on"],
                "kind": "joined",
                "code": person["join_kind"],
                "detail": detail,
            }
        )
    if person["left_on"] is not None:
        parts = (person["left_org"], person["left_letter"], person["left_note"])
        events.append(
            {
                "date": person["left_on"],
                "kind": "left",
                "code": person["left_reason"],
                "detail": " ".join(x for x in parts if x) or None,
            }
        )
    for r in reader.rows(
        "SELECT g.name, gm.from_on, gm.to_on FROM group_membership gm JOIN party_group g"
        " ON g.id = gm.group_id WHERE gm.person_id = :p ORDER BY gm.id",
        p,
    ):
        events.append(
            {"date": r["from_on"], "kind": "group_join", "code": r["name"], "detail": None}
        )
        if r["to_on"] is not None:
            events.append(
                {"date": r["to_on"], "kind": "group_leave", "code": r["name"], "detail": None}
            )
    for r in reader.rows(
        "SELECT role, from_on, to_on FROM committee_role WHERE person_id = :p ORDER BY id", p
    ):
        events.append(
            {"date": r["from_on"], "kind": "role_start", "code": r["role"], "detail": None}
        )
        if r["to_on"] is not None:
            events.append(
                {"date": r["to_on"], "kind": "role_end", "code": r["role"], "detail": None}
            )
    # working away (流动党员) and out of contact (失联), as recorded and not voided
    for r in reader.rows(
        """SELECT place, from_on, until_on, back_on, certificate, kind FROM member_away
           WHERE person_id = :p AND voided_on IS NULL ORDER BY id""",
        p,
    ):
        paper = " ".join(x for x in (label("away_kind", r["kind"]), r["certificate"]) if x)
        until = tr(f"，至 {r['until_on']}", f", until {r['until_on']}") if r["until_on"] else ""
        events.append(
            {
                "date": r["from_on"],
                "kind": "away",
                "code": r["kind"],
                "detail": f"{r['place']}{tr('，', ', ')}{paper}{until}",
            }
        )
        if r["back_on"] is not None:
            events.append(
                {"date": r["back_on"], "kind": "back", "code": None, "detail": r["place"]}
            )
    for r in reader.rows(
        """SELECT since, reason, found_on, note FROM member_lost
           WHERE person_id = :p AND voided_on IS NULL ORDER BY id""",
        p,
    ):
        events.append(
            {"date": r["since"], "kind": "lost", "code": r["reason"], "detail": r["note"]}
        )
        if r["found_on"] is not None:
            events.append({"date": r["found_on"], "kind": "found", "code": None, "detail": None})
    for e in events:
        e["date"] = as_date(e["date"])
    events.sort(key=lambda e: (e["date"] is not None, e["date"] or date.min))
    return events


def _describe(e: dict[str, Any]) -> str:
    kind, code = e["kind"], e["code"]
    if kind == "stage":
        return tr("成为", "became ") + label("stage", code)
    if kind == "joined":
        return label("join_kind", code)
    if kind == "left":
        return tr("离开：", "left: ") + label("left_reason", code)
    if kind == "group_join":
        return tr(f"编入 {code}", f"joined group {code}")
    if kind == "group_leave":
        return tr(f"离开 {code}", f"left group {code}")
    if kind == "role_start":
        return tr("任", "became ") + label("role", code)
    if kind == "away":
        return tr("外出（流动党员）", "went to work or study away")
    if kind == "back":
        return tr("外出返回", "came back")
    if kind == "lost":
        return tr("失联：", "out of contact: ") + label("lost_reason", code)
    if kind == "found":
        return tr("恢复联系", "contact made again")
    return tr("卸任", "ended post ") + label("role", code)


def person_detail(reader: Reader, ref: str, today: date, reveal: bool) -> dict[str, Any]:
    pid = find_person_id(reader, ref, voided_ok=True)
    state = person_state(reader, pid, today)
    if state is None:
        raise Refused(f"REF: 没有编号为 {ref} 的人员", f"REF: no person {ref}")
    record = member_record(state, reveal)
    # 党龄 in full years, from the day probation ended (党章 art. 7), counted by the one
    # rule for periods of years (rules/periods.full_years)
    full_on = record.get("full_on")
    record["party_years"] = (
        full_years(full_on, today)
        if isinstance(full_on, date) and record["stage"] == "full" and full_on <= today
        else None
    )
    events = timeline(reader, pid)
    record["timeline"] = [
        {"date": e["date"], "kind": e["kind"], "code": e["code"], "detail": e["detail"]}
        for e in events
    ]
    fields = [
        ("id", tr("编号", "id"), record["id"]),
        ("name", tr("姓名", "name"), record["name"]),
        ("gender", tr("性别", "gender"), label("gender", record["gender"])),
        ("stage", tr("人员类别", "stage"), label("stage", record["stage"])),
        ("group", tr("党小组", "group"), record["group"]),
        ("category", tr("工作状态", "category"), label("category", record["category"])),
        ("birth_date", tr("出生日期", "born"), record["birth_date"]),
        ("id_number", tr("公民身份号码", "ID number"), record["id_number"]),
        ("ethnicity", tr("民族", "ethnicity"), record["ethnicity"]),
        ("education", tr("学历", "education"), record["education"]),
        ("phone", tr("联系电话", "phone"), record["phone"]),
        ("unit", tr("工作单位", "unit"), record["unit"]),
        ("occupation", tr("职业", "occupation"), label("occupation", record["occupation"])),
        ("admitted_on", tr("入党日期", "admitted"), record["admitted_on"]),
        ("full_on", tr("转正日期", "full on"), record["full_on"]),
        ("party_years", tr("党龄（年）", "years of membership"), record["party_years"]),
        ("joined_on", tr("加入本支部", "joined branch"), record["joined_on"]),
        ("active", tr("在册", "active"), tr("是", "yes") if record["active"] else tr("否", "no")),
    ]
    # working away (流动党员) or out of contact (失联) today: the record in effect
    away, lost = away_on(reader, pid, today), lost_on(reader, pid, today)
    record["away"] = (
        None
        if away is None
        else {
            "record_id": away["id"],
            "place": away["place"],
            "from_on": away["from_on"],
            "until_on": away["until_on"],
            "certificate": away["certificate"],
            "kind": away["kind"],
        }
    )
    record["lost"] = (
        None
        if lost is None
        else {"record_id": lost["id"], "since": lost["since"], "reason": lost["reason"]}
    )
    if away is not None:
        paper = " ".join(x for x in (label("away_kind", away["kind"]), away["certificate"]) if x)
        fields.append(
            (
                "away",
                tr("外出（流动党员）", "working away"),
                tr(
                    f"{away['place']}，{away['from_on']} 起"
                    + (f"至 {away['until_on']}" if away["until_on"] else "")
                    + f"，{paper}（记录 {away['id']}）",
                    f"{away['place']}, from {away['from_on']}"
                    + (f" until {away['until_on']}" if away["until_on"] else "")
                    + f", {paper} (record {away['id']})",
                ),
            )
        )
    if lost is not None:
        why = label("lost_reason", lost["reason"])
        fields.append(
            (
                "lost",
                tr("失联", "out of contact"),
                tr(
                    f"自 {lost['since']}（{why}，记录 {lost['id']}）",
                    f"since {lost['since']} ({why}, record {lost['id']})",
                ),
            )
        )
    if state["voided_on"] is not None:
        # entered in error (`member void`): shown by id only, and said so
        reason = reader.scalar("SELECT void_reason FROM person WHERE id = :p", {"p": pid})
        record["voided_on"] = state["voided_on"]
        fields.append(("voided_on", tr("已作废", "voided"), f"{state['voided_on']}（{reason}）"))
    profile_rows = [{"field": f, "value": "" if v is None else str(v)} for _, f, v in fields]
    timeline_rows = [
        {
            "date": e["date"].isoformat() if e["date"] else tr("（日期不详）", "(date unknown)"),
            "event": _describe(e),
            "detail": e["detail"] or "",
        }
        for e in events
    ]
    from .history import history

    return {
        "json": record,
        # the last changes made to the record, newest last, for a person reading the profile
        # (the JSON stays the record itself; `dangwu history REF` has every change)
        "changes": history(reader, person_id=pid, reveal=reveal, limit=LAST_CHANGES),
        "profile_rows": profile_rows,
        "timeline_rows": timeline_rows,
        "timeline_title": tr("经历", "Timeline"),
        "changes_title": tr(
            f"最近的变更（全部：dangwu history {pid}）", f"Last changes (all: dangwu history {pid})"
        ),
    }


LAST_CHANGES = 5
