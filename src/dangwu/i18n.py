"""Labels for every stored code, in Chinese and English, and the current output language.

Codes are stable English identifiers kept in the database and in JSON; labels follow
`--lang`. Parsing user input accepts the code, either label, or a listed alias, so a
secretary can type 男, 正式党员 or 离退休 where the contract names male, full, retired.
"""

from __future__ import annotations

from .errors import field_error

# kind -> code -> (zh, en)
LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "gender": {"male": ("男", "male"), "female": ("女", "female")},
    "stage": {
        "applicant": ("入党申请人", "applicant"),
        "activist": ("入党积极分子", "activist"),
        "candidate": ("发展对象", "candidate"),
        "probationary": ("预备党员", "probationary member"),
        "full": ("正式党员", "full member"),
    },
    "category": {
        "in_service": ("在职", "in service"),
        "retired": ("离退休", "retired"),
        "farmer": ("农民", "farmer"),
        "student": ("学生", "student"),
        "unemployed": ("无业", "unemployed"),
        "other": ("其他", "other"),
    },
    "left_reason": {
        "deceased": ("去世", "deceased"),
        "withdrew": ("退党", "withdrew"),
        "removed": ("除名", "removed"),
        "expelled": ("开除党籍", "expelled"),
        "lapsed": ("自行脱党", "lapsed"),
        "transferred_out": ("转出", "transferred out"),
        "dropped": ("取消发展", "dropped from development"),
    },
    # the paper of a member working or studying away (rules/away.py AWAY_KINDS)
    "away_kind": {
        "card": ("流动党员活动证", "activity card for members away"),
        "letter": ("证明信", "certifying letter"),
    },
    # why a member lost contact (rules/away.py LOST_REASONS, the province's forms' words)
    "lost_reason": {
        "migrant_work": ("外出务工经商", "migrant work or business"),
        "restructuring": ("单位改制", "employer restructured"),
        "graduate_unknown": ("毕业去向不明", "graduated, whereabouts unknown"),
        "job_change": ("工作单位改变", "changed employer"),
        "abroad": ("出国（境）", "gone abroad"),
        "moved": ("居住地改变", "moved house"),
        "other": ("其他", "other"),
    },
    "join_kind": {
        "roster": ("花名册录入", "entered from the roster"),
        "transfer_in": ("转入", "transferred in"),
        "admitted": ("本支部发展", "admitted by this branch"),
        "applicant": ("递交入党申请", "applied to join"),
    },
    "role": {
        "secretary": ("书记", "secretary"),
        "deputy_secretary": ("副书记", "deputy secretary"),
        "organization": ("组织委员", "organization member"),
        "propaganda": ("宣传委员", "propaganda member"),
        "discipline": ("纪检委员", "discipline member"),
        "youth": ("青年委员", "youth member"),
    },
    "meeting_type": {
        "general": ("支部党员大会", "general meeting"),
        "committee": ("支部委员会", "committee meeting"),
        "group": ("党小组会", "party group meeting"),
        "lecture": ("党课", "Party lecture"),
        "theme_day": ("主题党日", "theme Party day"),
        "org_life": ("组织生活会", "organizational life meeting"),
        "evaluation": ("民主评议党员", "democratic evaluation of members"),
        "democratic_life": ("民主生活会", "democratic life meeting"),
        "study": ("集中学习", "group study"),
        "other": ("其他", "other"),
    },
    "attendance": {
        "present": ("出席", "present"),
        "absent": ("缺席", "absent"),
        "leave": ("请假", "on leave"),
        "exempt": ("免于参加", "exempt"),
    },
    "dues_flag": {
        "overdue": ("欠交三个月以上", "overdue (3+ months)"),
        "lapse_risk": (
            "连续六个月未交（按自行脱党处理）",
            "6 months unpaid (lapse risk, 党章 art. 9)",
        ),
        "no_base": ("未设定党费基数", "no dues base"),
    },
    "payment_kind": {
        "regular": ("按月交纳", "regular"),
        "voluntary": ("自愿多交", "voluntary"),
        "reversal": ("冲正", "reversal"),
    },
    "dev_step": {
        "talk": ("谈话", "talk"),
        "activist": ("确定入党积极分子", "designate activist"),
        "activist_review": ("积极分子考察", "activist review"),
        "candidate": ("列为发展对象", "designate candidate"),
        "political_review": ("政治审查", "political review"),
        "training": ("集中培训", "training"),
        "pre_review": ("上级预审", "pre-review"),
        "public_notice": ("公示", "public notice"),
        "admit": ("支部大会接收", "admission vote"),
        "approve": ("上级党委审批", "approval"),
        "oath": ("入党宣誓", "oath"),
        "thought_report": ("思想汇报", "thought report"),
        "probation_review": ("预备期考察", "probation review"),
        "convert": ("转正", "conversion"),
        "report": ("决议报上级党委", "resolution sent to the higher committee"),
        "activist_thought_report": ("思想汇报（积极分子、发展对象）", "thought report (activist)"),
    },
    "dev_flag": {
        "talk_overdue": ("谈话逾期", "talk overdue"),
        "activist_review_overdue": ("考察逾期", "activist review overdue"),
        "probation_expired": ("预备期已满未处理", "probation expired"),
        "approval_overdue": ("审批超过三个月", "approval overdue"),
        "report_overdue": ("决议超过三个月未报上级党委", "resolution not reported in three months"),
    },
    "dev_kind": {
        "apply": ("递交入党申请", "application"),
        "activist": ("确定为入党积极分子", "designated activist"),
        "candidate": ("列为发展对象", "designated candidate"),
        "admit": ("接收为预备党员", "admitted (probationary)"),
        "approve_admission": ("上级批准接收", "admission approved"),
        "convert": ("转为正式党员", "converted (full)"),
        "approve_conversion": ("上级批准转正", "conversion approved"),
        "extend": ("延长预备期", "probation extended"),
        "drop": ("停止发展", "dropped"),
        "talk": ("谈话", "talk"),
        "review": ("考察", "review"),
        "thought_report": ("思想汇报", "thought report"),
        "training": ("集中培训", "training"),
        "political_review": ("政治审查", "political review"),
        "pre_review": ("上级预审", "pre-review"),
        "public_notice": ("公示", "public notice"),
        "oath": ("入党宣誓", "oath"),
        "filing": ("上级党委备案", "filed with the higher committee"),
        "committee_review": ("支部委员会审查", "committee review"),
        "application_form": ("入党志愿书", "application form"),
        "higher_talk": ("上级党委派人谈话", "talk by the higher committee"),
        "resolution_sent": ("决议报上级党委", "resolution sent up"),
        "conversion_application": ("转正申请", "application for full membership"),
        "archive": ("材料归档", "file archived"),
        "mass_forum": ("群众座谈会", "forum of the public"),
    },
    "status": {
        "ok": ("合格", "ok"),
        "short": ("未完成", "short"),
        "pending": ("待完成", "pending"),
    },
    "finding": {
        "dues_lapse_risk": ("连续六个月未交党费", "dues unpaid six months"),
        "dues_overdue": ("欠交党费三个月以上", "dues overdue"),
        "dues_no_base": ("未设定党费基数", "no dues base"),
        "absent_six_months": ("连续六个月未参加组织生活", "absent six months"),
        "talk_overdue": ("入党申请人谈话逾期", "talk overdue"),
        "activist_review_overdue": ("积极分子考察逾期", "activist review overdue"),
        "probation_expired": ("预备期满未讨论转正", "probation expired"),
        "approval_overdue": ("上级审批超过三个月", "approval overdue"),
        "report_overdue": (
            "接收或转正决议超过三个月未报上级党委（须重新讨论，超过六个月须重新履行程序）",
            "a resolution not reported to the higher committee in three months (discuss it"
            " again; after six months the procedure starts over)",
        ),
        "no_committee": ("应设未设支部委员会", "no committee"),
        "term_expired": ("支部委员会任期届满未换届", "committee term ended without an election"),
        "member_lost": ("失联党员", "member out of contact"),
        "lost_candidate": (
            "六个月以上未参加组织生活、未交党费（可能失联）",
            "six months without organizational life or dues (possibly out of contact)",
        ),
        "too_few_members": ("正式党员不足3名", "fewer than 3 full members"),
        "letter_receipt_overdue": (
            "组织关系介绍信回执逾期未回",
            "transfer letter: receipt not back in a month",
        ),
        "evaluation_action_overdue": ("不合格党员处置逾期未定", "unqualified: handling overdue"),
        "evaluation_followup_overdue": ("限期改正期满未办结", "correction period over, not closed"),
        "short": ("要求未完成", "requirement short"),
    },
    "task_category": {
        "meeting": ("会议", "meeting"),
        "dues": ("党费", "dues"),
        "development": ("发展党员", "development"),
        "talk": ("谈心谈话", "talk"),
        "evaluation": ("民主评议", "evaluation"),
        "remit": ("上缴", "hand-over"),
        "committee": ("支部委员会", "committee"),
    },
    "meeting_status": {
        "held": ("已召开", "held"),
        "planned": ("预定", "planned"),
        "void": ("已作废", "void"),
    },
    "every": {
        "month": ("每月", "monthly"),
        "quarter": ("每季度", "quarterly"),
        "half": ("每半年", "half-yearly"),
        "year": ("每年", "yearly"),
        "term": ("每届", "each term"),
    },
    "req_scope": {
        "branch": ("支部", "branch"),
        "group": ("每个党小组", "each party group"),
        "member": ("每名相关人员", "each person"),
        "members": ("每名相关人员", "each person"),
    },
    "info_key": {
        "path": ("账本位置", "path"),
        "revision": ("数据结构版本", "schema revision"),
        "head": ("程序的最新版本", "newest revision"),
        "branch": ("支部", "branch"),
        "higher_org": ("上级党组织", "higher committee"),
        "created_on": ("建立日期", "created on"),
        "size_bytes": ("大小（字节）", "size (bytes)"),
    },
    "grade": {
        "excellent": ("优秀", "excellent"),
        "qualified": ("合格", "qualified"),
        "basic": ("基本合格", "basically qualified"),
        "unqualified": ("不合格", "unqualified"),
    },
    # the handling of a member graded unqualified (rules/evaluation.py ACTIONS)
    "evaluation_action": {
        "correct": ("限期改正", "correct within a time limit"),
        "persuade": ("劝退", "persuade to withdraw"),
        "remove": ("除名", "remove"),
    },
    # where the follow-up of an unqualified member stands (rules/evaluation.py Followup)
    "evaluation_followup": {
        "decide": ("待决定处置", "handling to decide"),
        "correct": ("限期改正中", "correcting"),
        "decided": ("已决定处置", "handling decided"),
        "done": ("已办结", "closed"),
    },
    # 职业 in the national categories of the 党内统计年报 (rules/statistics.py OCCUPATIONS)
    "occupation": {
        "worker": ("工人", "worker"),
        "farmer": ("农牧渔民", "farmer, herder or fisher"),
        "professional": ("专业技术人员", "professional"),
        "manager": ("管理人员", "manager"),
        "official": ("党政机关工作人员", "party or government official"),
        "student": ("学生", "student"),
        "other": ("其他职业", "other occupation"),
        "retired": ("离退休", "retired"),
    },
    # `report stats`: the kinds of increase and decrease of 第一表, and the categories
    "stats_added": {
        "admitted": ("发展党员", "admitted"),
        "transferred_in": ("转入", "transferred in"),
        "other": ("其他（录入本支部）", "other (entered on the roster)"),
    },
    "stats_removed": {
        "deceased": ("死亡", "deceased"),
        "transferred_out": ("转出", "transferred out"),
        "expelled": ("开除党籍", "expelled"),
        "removed": ("除名", "removed"),
        "lapsed": ("自行脱党", "lapsed"),
        "withdrew": ("退党", "withdrew"),
        "dropped": ("取消预备党员资格", "probationary membership cancelled"),
    },
    "stats_age_band": {
        "30_or_under": ("30岁及以下", "30 or under"),
        "31_35": ("31至35岁", "31–35"),
        "36_40": ("36至40岁", "36–40"),
        "41_45": ("41至45岁", "41–45"),
        "46_50": ("46至50岁", "46–50"),
        "51_55": ("51至55岁", "51–55"),
        "56_60": ("56至60岁", "56–60"),
        "61_or_over": ("61岁及以上", "61 or over"),
    },
    "joined_band": {
        "before_prc": ("新中国成立前", "before 1949-10-01"),
        "prc_to_third_plenum": (
            "新中国成立后至党的十一届三中全会前",
            "1949-10-01 to the Third Plenum of the 11th CC (1978-12-18)",
        ),
        "third_plenum_to_18th": (
            "党的十一届三中全会后至党的十八大前",
            "the Third Plenum to the 18th Congress (2012-11-08)",
        ),
        "since_18th": ("党的十八大以来", "since the 18th Congress"),
    },
    "education_level": {
        "postgraduate": ("研究生", "postgraduate"),
        "bachelor": ("大学本科", "bachelor"),
        "college": ("大学专科", "college (associate)"),
        "secondary": ("中专", "secondary vocational"),
        "high_school": ("高中、中技", "high school"),
        "junior_or_below": ("初中及以下", "junior high or below"),
    },
    "conversion": {
        "on_time": ("按期转正", "converted on time"),
        "after_extension": ("延长预备期后转正", "converted after an extension"),
        "extended": ("延长预备期", "probation extended"),
        "disqualified": ("取消预备党员资格", "probationary membership cancelled"),
    },
}

# Extra spellings seen on real rosters (national template, Excel exports).
ALIASES: dict[str, dict[str, str]] = {
    "gender": {"m": "male", "f": "female", "男性": "male", "女性": "female"},
    "stage": {"预备": "probationary", "正式": "full", "积极分子": "activist"},
    "category": {
        "离休": "retired",
        "退休": "retired",
        "离退休人员": "retired",
        "在职人员": "in_service",
        "在岗": "in_service",
        "无业人员": "unemployed",
        "失业": "unemployed",
        "学生党员": "student",
    },
    "left_reason": {"死亡": "deceased", "病故": "deceased", "开除": "expelled", "脱党": "lapsed"},
    "away_kind": {"活动证": "card", "流动党员证": "card", "党员证明信": "letter"},
    "lost_reason": {
        "出国(境)": "abroad",
        "出国": "abroad",
        "出境": "abroad",
        "务工经商": "migrant_work",
        "外出务工": "migrant_work",
    },
    "role": {
        "党支部书记": "secretary",
        "支部书记": "secretary",
        "党支部副书记": "deputy_secretary",
    },
    "evaluation_action": {"限期整改": "correct", "劝其退党": "persuade", "予以除名": "remove"},
    # the 公报's longer names (rules/statistics.py OCCUPATIONS) and common shorter ones
    "occupation": {
        "工人（工勤技能人员）": "worker",
        "工人(工勤技能人员)": "worker",
        "工勤技能人员": "worker",
        "农民": "farmer",
        "牧民": "farmer",
        "渔民": "farmer",
        "企事业单位、社会组织专业技术人员": "professional",
        "专业技术": "professional",
        "企事业单位、社会组织管理人员": "manager",
        "机关工作人员": "official",
        "公务员": "official",
        "其他职业人员": "other",
        "其他": "other",
        "离退休人员": "retired",
        "离休": "retired",
        "退休": "retired",
        "退休人员": "retired",
    },
}

_lang = "zh"


def set_lang(lang: str) -> None:
    global _lang
    _lang = lang


def get_lang() -> str:
    return _lang


def tr(zh: str, en: str) -> str:
    """Pick the text for the current language."""
    return zh if _lang == "zh" else en


def label(kind: str, code: str | None) -> str:
    if code is None:
        return ""
    pair = LABELS.get(kind, {}).get(code)
    if pair is None:
        return code
    return pair[0] if _lang == "zh" else pair[1]


def parse_code(kind: str, value: str, field: str, allowed: tuple[str, ...] | None = None) -> str:
    """Turn a code, a label in either language or an alias into the stored code, or refuse."""
    text = value.strip()
    table = LABELS[kind]
    lowered = text.lower().replace(" ", "_").replace("-", "_")
    found: str | None = None
    if lowered in table:
        found = lowered
    else:
        for code, (zh, en) in table.items():
            if text == zh or text.lower() == en.lower():
                found = code
                break
        if found is None:
            found = ALIASES.get(kind, {}).get(text) or ALIASES.get(kind, {}).get(lowered)
    choices = allowed or tuple(table)
    if found is None or found not in choices:
        listing = ", ".join(f"{c} ({table[c][0]})" for c in choices)
        raise field_error(
            field,
            f"无法识别的值 {value!r}，应为 {listing}",
            f"unknown value {value!r}; expected one of {listing}",
        )
    return found


_QUARTERS = ("一", "二", "三", "四")


def period_label(code: str) -> str:
    """A calendar period's code ("2026-08", "2026Q3", "2026H1", "2026") as words in the
    current language; anything else unchanged."""
    import re

    if m := re.fullmatch(r"(\d{4})-(\d{2})", code):
        year, month = m.group(1), int(m.group(2))
        return tr(f"{year}年{month}月", f"{year}-{month:02d}")
    if m := re.fullmatch(r"(\d{4})Q([1-4])", code):
        year, q = m.group(1), int(m.group(2))
        return tr(f"{year}年第{_QUARTERS[q - 1]}季度", f"Q{q} {year}")
    if m := re.fullmatch(r"(\d{4})H([12])", code):
        year, h = m.group(1), int(m.group(2))
        return tr(f"{year}年{'上' if h == 1 else '下'}半年", f"H{h} {year}")
    if re.fullmatch(r"\d{4}", code):
        return tr(f"{code}年", code)
    if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", code):
        # a committee's term (reports/obligations.py term_periods): elected on, ends on
        return tr(f"{m.group(1)}至{m.group(2)}一届", f"the term {m.group(1)} to {m.group(2)}")
    return code
