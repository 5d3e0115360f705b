"""The 签到表 (sign-in sheet) and the 会议记录 (meeting record) of one meeting, laid out
from reports/meeting_papers.py's data (seed 002 (八)④: both papers for every 支部大会,
支委会, 党小组会 and 党课).

The record's head is what PEERS.md §2.4 lists — name, time from–to, place, host, recorder,
expected and present with numbers, absent and on leave with reasons, guests, topic — then
the votes taken, blank ruled space for the body and the resolution, and the host's and
recorder's signatures. A planned meeting prints with the attendance left to fill in.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..i18n import label, tr
from .model import Column, Document, Fields, Grid, Heading, Para, Ruled, Signature

BLANK = "＿＿＿＿"
# an empty value long enough that the head gives it a row of its own to write in
WRITE_IN = "\u3000" * 20
WEEKDAYS_ZH = "一二三四五六日"

# what the titles call each meeting ("…党支部党员大会签到表"); the rest by their label
_SHORT_ZH = {
    "general": "党员大会",
    "committee": "支部委员会",
    "theme_day": "主题党日活动",
    "evaluation": "民主评议党员大会",
}
# papers whose record is a 会议记录 rather than a 记录 (党课记录, 集中学习记录)
_NOT_A_MEETING = ("lecture", "theme_day", "study")


def _lang() -> str:
    return tr("zh", "en")


def meeting_name(data: dict[str, Any]) -> str:
    """支部党员大会; 第一党小组 党小组会 → 第一党小组会议 (its group's name)."""
    if data["type"] == "group" and data["group"]:
        return tr(f"{data['group']}会议", f"{data['group']} meeting")
    return label("meeting_type", data["type"])


def _title_name(data: dict[str, Any]) -> str:
    if data["type"] == "group" and data["group"]:
        return tr(data["group"], f"{data['group']} meeting")
    return tr(
        _SHORT_ZH.get(data["type"], label("meeting_type", data["type"])),
        label("meeting_type", data["type"]),
    )


def day_text(day: date) -> str:
    """2026年11月18日（星期三） / 2026-11-18 (Wednesday)."""
    return tr(
        f"{day.year}年{day.month}月{day.day}日（星期{WEEKDAYS_ZH[day.weekday()]}）",
        f"{day.isoformat()} ({day.strftime('%A')})",
    )


def when_text(data: dict[str, Any]) -> str:
    """The day and the hours: 2026年11月18日（星期三）14:30—16:00, an hour not recorded
    left blank to write in (the head is written before the meeting)."""
    clock = tr("＿＿:＿＿", "__:__")
    hours = tr("—", "–").join([data["from_time"] or clock, data["to_time"] or clock])
    return f"{day_text(data['date'])} {hours}"


def _people(n: int | None) -> str:
    return tr(f"{BLANK} 人", f"{BLANK}") if n is None else tr(f"{n} 人", str(n))


def _status(row: dict[str, Any]) -> str:
    """The remark of a person who did not come: 请假：出差 / 缺席."""
    if row["status"] in (None, "present"):
        return ""
    text = label("attendance", row["status"])
    return f"{text}{tr('：', ': ')}{row['reason']}" if row["reason"] else text


def _with_reasons(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return tr("无", "none")
    sep = tr("、", ", ")
    return sep.join(
        f"{r['name']}{tr('（', ' (')}{r['reason']}{tr('）', ')')}" if r["reason"] else r["name"]
        for r in rows
    )


def _names(rows: list[dict[str, Any]]) -> str:
    return tr("、", ", ").join(r["name"] for r in rows) if rows else tr("无", "none")


def _standing(voting: bool) -> str:
    return label("stage", "full" if voting else "probationary")


def signin_document(data: dict[str, Any]) -> Document:
    """The 签到表: the meeting, its day, place and host, then the people expected in roster
    order, each with room to sign, then the guests (列席)."""
    planned = data["status"] == "planned"
    expected = [p for p in data["attendees"] if p["status"] != "exempt"]
    # in pairs as the Word table shows them: the time (always long) on a row of its own
    head = [
        (tr("会议名称", "Meeting"), meeting_name(data)),
        (tr("地点", "Place"), data["place"] or ""),
        (tr("时间", "Time"), when_text(data)),
        (tr("主持人", "Host"), data["host"] or ""),
        (tr("应到人数", "Expected"), _people(data["expected"])),
        (tr("议题", "Topic"), data["topic"] or ""),
    ]
    rows: list[list[str | int | None]] = [
        [n, p["name"], _standing(p["voting"]), "", _status(p)]
        for n, p in enumerate(expected, start=1)
    ]
    rows += [
        [len(rows) + n, guest, tr("列席", "guest"), "", ""]
        for n, guest in enumerate(data["guests"], start=1)
    ]
    grid = Grid(
        [
            Column(tr("序号", "No."), 1.4, "count"),
            Column(tr("姓名", "Name"), 3.0),
            Column(tr("身份", "Standing"), 2.6),
            Column(tr("签名", "Signature"), 5.2),
            Column(tr("备注", "Remarks"), 4.8),
        ],
        rows,
        row_height=1.0,
    )
    if planned:
        tally = tr(
            f"应到 {data['expected']} 人，实到{BLANK}人，请假{BLANK}人，缺席{BLANK}人。",
            f"Expected {data['expected']}, present {BLANK}, on leave {BLANK}, absent {BLANK}.",
        )
    else:
        leave = sum(p["status"] == "leave" for p in expected)
        absent = sum(p["status"] == "absent" for p in expected)
        tally = tr(
            f"应到 {data['expected']} 人，实到 {data['present']} 人，请假 {leave} 人，"
            f"缺席 {absent} 人。",
            f"Expected {data['expected']}, present {data['present']}, on leave {leave},"
            f" absent {absent}.",
        )
    return Document(
        title=tr(
            f"{data['branch']}{_title_name(data)}签到表",
            f"{data['branch']}: sign-in sheet, {_title_name(data)}",
        ),
        subtitle=day_text(data["date"]),
        blocks=[Fields(head), grid, Para(tally), Signature([tr("记录人", "Recorder")])],
        sheet=tr("签到表", "Sign-in"),
        lang=_lang(),
    )


def _quorum(data: dict[str, Any]) -> str:
    """The full members expected and present, and whether more than half came (a general
    or committee meeting votes only then); blanks for a meeting not yet held."""
    expected, present = data["voting_expected"], data["voting_present"]
    if data["status"] == "planned" or data["quorum_met"] is None:
        return tr(
            f"有表决权的党员应到 {expected} 人，实到{BLANK}人（超过半数方可表决）。",
            f"Voting members expected {expected}, present {BLANK} (more than half must be"
            " present to vote).",
        )
    if data["quorum_met"]:
        verdict = tr("超过应到会人数的半数，符合法定人数。", "quorum met.")
    else:
        verdict = tr("未超过应到会人数的半数，不符合法定人数。", "quorum NOT met.")
    return tr(
        f"有表决权的党员应到 {expected} 人，实到 {present} 人，{verdict}",
        f"Voting members expected {expected}, present {present}: {verdict}",
    )


def _vote_rows(votes: list[dict[str, Any]]) -> list[list[str | int | None]]:
    rows: list[list[str | int | None]] = []
    for n, v in enumerate(votes, start=1):
        what = label("dev_kind", v["kind"])
        if v["kind"] == "extend" and v["months"]:
            what = tr(
                f"延长预备期 {v['months']} 个月", f"probation extended by {v['months']} months"
            )
        if v["kind"] in ("activist", "candidate"):
            result = tr("研究决定", "decided")
        elif v["passed"] is None:
            result = tr("会议决定", "decided by the meeting")
        elif v["passed"]:
            result = tr("赞成票超过半数，通过", "carried (more than half for)")
        else:
            result = tr("赞成票未超过半数", "NOT more than half for")
        rows.append(
            [n, v["name"], what, v["votes_for"], v["votes_against"], v["votes_abstain"], result]
        )
    return rows


def minutes_document(data: dict[str, Any]) -> Document:
    """The 会议记录: the head filled in from the ledger, the votes, ruled space for the
    body and the resolution, and the host's and recorder's signatures."""
    planned = data["status"] == "planned"
    people = data["attendees"]
    counted = [p for p in people if p["status"] != "exempt"]
    exempt = [p for p in people if p["status"] == "exempt"]

    def voting(n: int | None) -> str:
        """（有表决权 23 人）: the full members among them (党章 art. 7), where a quorum
        of them counts."""
        if not data["quorum_applies"]:
            return ""
        return tr(
            f"（有表决权 {BLANK if n is None else n} 人）", f" ({BLANK if n is None else n} voting)"
        )

    def of(status: str) -> str:
        """Who had that status, with reasons; a row to write in before the meeting."""
        if planned:
            return WRITE_IN
        return _with_reasons([p for p in counted if p["status"] == status])

    # in pairs as the Word table shows them: the time (always long) on a row of its own
    head = [
        (tr("会议名称", "Meeting"), meeting_name(data)),
        (tr("地点", "Place"), data["place"] or ""),
        (tr("时间", "Time"), when_text(data)),
        (tr("主持人", "Host"), data["host"] or ""),
        (tr("记录人", "Recorder"), data["recorder"] or ""),
        (
            tr("应到人数", "Expected"),
            f"{_people(data['expected'])}{voting(data['voting_expected'])}",
        ),
        (tr("实到人数", "Present"), f"{_people(data['present'])}{voting(data['voting_present'])}"),
        (
            tr("出席人员", "Attending"),
            WRITE_IN if planned else _names([p for p in counted if p["status"] == "present"]),
        ),
        (tr("请假及原因", "On leave (why)"), of("leave")),
        (tr("缺席及原因", "Absent (why)"), of("absent")),
    ]
    if exempt:
        head.append((tr("不计入应到", "Not expected"), _with_reasons(exempt)))
    head += [
        (tr("列席人员", "Guests"), tr("、", ", ").join(data["guests"]) or tr("无", "none")),
        (tr("议题", "Topic"), data["topic"] or ""),
    ]
    blocks: list[Any] = [Fields(head)]
    if data["quorum_applies"]:
        blocks.append(Para(_quorum(data)))
    if data["votes"]:
        tally = 1.5 if _lang() == "zh" else 1.9  # "Against", "Abstain" on one line
        blocks += [
            Heading(tr("表决及议定事项", "Votes and decisions")),
            Grid(
                [
                    Column(tr("序号", "No."), 1.2, "count"),
                    Column(tr("姓名", "Name"), 2.2),
                    Column(tr("事项", "Matter"), 3.8),
                    Column(tr("赞成", "For"), tally, "count"),
                    Column(tr("反对", "Against"), tally, "count"),
                    Column(tr("弃权", "Abstain"), tally, "count"),
                    Column(tr("表决结果", "Result"), 9.8 - 3 * tally),
                ],
                _vote_rows(data["votes"]),
            ),
        ]
    if data["evaluations"]:
        blocks += [
            Heading(tr("民主评议测评票数", "Democratic evaluation: votes")),
            Grid(
                [
                    Column(tr("序号", "No."), 1.2, "count"),
                    Column(tr("姓名", "Name"), 2.8),
                    Column(label("grade", "excellent"), 2.2, "count"),
                    Column(label("grade", "qualified"), 2.2, "count"),
                    Column(label("grade", "basic"), 2.2, "count"),
                    Column(label("grade", "unqualified"), 2.2, "count"),
                    Column(tr("评定等次", "Grade"), 4.2),
                ],
                [
                    [
                        n,
                        e["name"],
                        e["votes_excellent"],
                        e["votes_qualified"],
                        e["votes_basic"],
                        e["votes_unqualified"],
                        label("grade", e["grade"]),
                    ]
                    for n, e in enumerate(data["evaluations"], start=1)
                ],
            ),
        ]
    blocks += _written(
        tr("会议内容（议程、发言和讨论情况）", "Proceedings (agenda, speeches, discussion)"),
        data["minutes"],
        20,
    )
    blocks.append(Para(""))
    blocks += _written(tr("会议决议", "Resolution"), data["resolutions"], 6)
    blocks.append(Signature([tr("主持人（签字）", "Host"), tr("记录人（签字）", "Recorder")]))
    suffix = tr("记录" if data["type"] in _NOT_A_MEETING else "会议记录", "minutes")
    return Document(
        title=tr(
            f"{data['branch']}{_title_name(data)}{suffix}",
            f"{data['branch']}: {suffix}, {_title_name(data)}",
        ),
        subtitle=day_text(data["date"]),
        blocks=blocks,
        sheet=tr("会议记录", "Minutes"),
        lang=_lang(),
    )


def _written(title: str, text: str | None, lines: int) -> list[Any]:
    """A section to write in by hand: what the ledger holds (`meeting edit --minutes`,
    `--resolution`) as paragraphs, then ruled lines (fewer after recorded text)."""
    paras = [Para(line) for line in _lines(text)]
    if not paras:
        return [Ruled(title, lines)]
    return [Heading(title), *paras, Ruled("", max(3, lines // 5))]


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
