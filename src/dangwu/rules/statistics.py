"""党内统计年报 (the annual party statistics): the categories a branch's base figures count by.

The 年报 (2012 edition: 第一表 两年党员数综合比较, 第二表 党员基本情况, 第三表 党员入党时间情况,
第四表 党员学历情况, 第八表 民主评议党员情况, 第十、十一表 党员出党情况, 第十三表 预备党员转正情况,
第十四、十五表 发展党员情况; PEERS.md §2.1) counts members on 31 December by the categories the
中央组织部 publishes every year in its 党内统计公报. Its reviewers check first that 第一表 balances:
上年底总数 + 本年增加 − 本年减少 = 本年底实有数, the difference between the members there are and
the members there should be explained by name (2009 审核要点).

Sources, with the short names used below:
- 2022 公报 — 中共中央组织部《中国共产党党内统计公报》 of 2023-06-30 (members on 2022-12-31),
  http://news.fjsen.com/2023-06/30/content_31350717.htm; the 2023 公报 (2024-07-01) and the 2017
  公报 (2018-06-30) use the same categories (http://canadir.com/c/2024-07-01/1507542.shtml,
  http://cnganbu.com/news/view?id=35072).
- 2012 年报 — the 党内统计年报 tables, 2012 edition (https://www.doczj.com/doc/5618799735.html).
- 2009 审核要点 — the reviewers' checks of the 年报 (https://m.wenke99.com/p-1200508.html).
- 2017 填报说明 — who counts what: admissions and conversions by the organization that approved
  them, 出党 by the one that decided it, statistics by the formal organizational relationship
  (https://www.jinchutou.com/shtml/a891b8aa01bf863ae296f5d44900b308.html).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

# 2022 公报 一、党员的年龄: "30岁及以下党员…，31至35岁党员…，36至40岁…，41至45岁…，46至50岁…，
# 51至55岁…，56至60岁…，61岁及以上党员…" — full years of age on 31 December (截至12月31日), each
# band by its upper age; every older member is in the last band.
AGE_BANDS = (
    (30, "30_or_under"),
    (35, "31_35"),
    (40, "36_40"),
    (45, "41_45"),
    (50, "46_50"),
    (55, "51_55"),
    (60, "56_60"),
)
AGE_OVER = "61_or_over"

# 2022 公报 二、发展党员: "发展35岁及以下党员…" — the young admitted members. The 公报 does not say
# on which day the age is taken; dangwu takes the day of admission (full years, as every age).
YOUNG_AT_ADMISSION = 35

# 2022 公报 一、党员的入党时间: "新中国成立前入党的…，新中国成立后至党的十一届三中全会前入党的…，党的
# 十一届三中全会后至党的十八大前入党的…，党的十八大以来入党的…". The days that part them: the People's
# Republic was founded on 1949-10-01; the 十一届三中全会 sat from 1978-12-18 to 1978-12-22 and the
# 十八大 from 2012-11-08 to 2012-11-14. The 公报 names no day within a session; dangwu reads each
# session's first day as the start of the later band, for both alike (an admission on that day
# or later is in it).
PRC_FOUNDED = date(1949, 10, 1)
THIRD_PLENUM = date(1978, 12, 18)
EIGHTEENTH_CONGRESS = date(2012, 11, 8)
JOINED_BANDS = ("before_prc", "prc_to_third_plenum", "third_plenum_to_18th", "since_18th")

# 2022 公报 一、党员的职业: "工人（工勤技能人员）…，农牧渔民…，企事业单位、社会组织专业技术人员…，企事业
# 单位、社会组织管理人员…，党政机关工作人员…，学生…，其他职业人员…，离退休人员…" — in that order. The
# members' 职业 (`--occupation`, the roster's 职业 column) is one of these codes.
OCCUPATIONS = (
    "worker",
    "farmer",
    "professional",
    "manager",
    "official",
    "student",
    "other",
    "retired",
)
# 2022 公报 二、发展党员的职业: the same list without 离退休人员 (nobody is admitted as retired).
DEVELOPMENT_OCCUPATIONS = OCCUPATIONS[:-1]

# 2022 公报 一、党员的性别、民族和学历: "大专及以上学历党员…" — the one level of education the 公报
# publishes. 第四表 党员学历情况 (2012 年报) counts by level; the ledger keeps 学历 as typed
# (大学本科, 硕士研究生 …), so dangwu reads it into these levels, highest first, and names the members
# it cannot place.
EDUCATION_LEVELS = (
    "postgraduate",
    "bachelor",
    "college",
    "secondary",
    "high_school",
    "junior_or_below",
)
COLLEGE_OR_ABOVE = ("postgraduate", "bachelor", "college")
# The words that place a 学历 as typed, tried in this order (the first level with a word in the
# text wins: 大学专科 is a 专科 before it is anything else, 中专 a 中专 before 专科).
_EDUCATION_WORDS = (
    ("postgraduate", ("研究生", "博士", "硕士", "doctor", "phd", "master", "postgraduate")),
    ("bachelor", ("本科", "学士", "bachelor", "undergraduate")),
    ("junior_or_below", ("初中", "小学", "文盲", "junior high", "primary school")),
    ("secondary", ("中专", "中等专业", "中等专科")),
    ("college", ("专科", "大专", "高职", "college", "associate")),
    ("high_school", ("高中", "中技", "技工", "技校", "职高", "high school")),
)


def age_band(age: int) -> str:
    """The published age band of a member `age` full years old on 31 December."""
    for upper, code in AGE_BANDS:
        if age <= upper:
            return code
    return AGE_OVER


def age_bands() -> tuple[str, ...]:
    """Every age band's code, youngest first."""
    return (*(code for _, code in AGE_BANDS), AGE_OVER)


def joined_band(admitted: date) -> str:
    """The 入党时间 band of a member admitted (accepted as probationary) on `admitted`."""
    if admitted < PRC_FOUNDED:
        return "before_prc"
    if admitted < THIRD_PLENUM:
        return "prc_to_third_plenum"
    if admitted < EIGHTEENTH_CONGRESS:
        return "third_plenum_to_18th"
    return "since_18th"


def education_level(text: str | None) -> str | None:
    """The level of a 学历 as typed, or None when it names none dangwu knows (or is empty)."""
    if not text:
        return None
    lowered = text.strip().lower()
    for level, words in _EDUCATION_WORDS:
        if any(word in lowered for word in words):
            return level
    return None


def is_minority(ethnicity: str | None) -> bool | None:
    """少数民族: any 民族 but 汉族; None when the 民族 is not known."""
    if not ethnicity or not ethnicity.strip():
        return None
    return ethnicity.strip() not in ("汉", "汉族")


@dataclass(frozen=True)
class Difference:
    """A person whose counted changes do not explain their place at the year's two ends.

    `counted` is their increases less their decreases as counted; `moved` what happened to them
    between the two ends (1: a member at the end only, −1: at the start only, 0: both or
    neither). `missing` = `moved` − `counted`: what the count lacks for them."""

    person: int
    at_start: bool
    at_end: bool
    counted: int

    @property
    def moved(self) -> int:
        return int(self.at_end) - int(self.at_start)

    @property
    def missing(self) -> int:
        return self.moved - self.counted


def reconcile(
    start: Iterable[int], end: Iterable[int], added: Iterable[int], removed: Iterable[int]
) -> list[Difference]:
    """第一表's check person by person: `start` and `end` the members at the two year ends,
    `added` and `removed` one entry per increase and per decrease counted (a person twice if
    counted twice). Everyone whose increases less decreases differ from how they moved, by
    id; their `missing` add up to 本年底 − (上年底 + 增 − 减), so the count balances exactly
    when the list is empty."""
    at_start, at_end = set(start), set(end)
    counted: Counter[int] = Counter(added)
    counted.subtract(Counter(removed))
    out = []
    for pid in sorted(at_start ^ at_end | {p for p, n in counted.items() if n}):
        diff = Difference(pid, pid in at_start, pid in at_end, counted.get(pid, 0))
        if diff.missing:
            out.append(diff)
    return out
