"""The transfer letter (党员组织关系介绍信): its validity, and the 回执 that must come back.

Sources (PEERS.md 2.2):
- the 中组部 form (组通字〔2006〕45号) is three parts with one serial number — 存根, the letter,
  回执联 — and its note: "回执联由接收党员组织关系的基层党委在接收党员后一个月内邮寄或传真至党员原所在基层党委"
  (https://www.mingyanjiaju.org/fanwen/jieshaoxin/2179483.htm);
- the validity "应根据具体情况确定，一般市内的为10天，市外的为30天，最长不超过3个月"
  (https://www.wenshu999.com/jieshaoxin/460699.html; a municipal rule: "一般为10天左右，确有需要
  延长的不得超过3个月"); 党员E先锋 (Beijing) enters 30 or 90 days
  (https://tjzhongde.com/yjs/yjszs/222888.html).

Periods of months are counted like every other (rules/periods.py, 民法典 arts. 201–202).
"""

from __future__ import annotations

from datetime import date

from .periods import holds_from, period_end

# The validity printed on the letter when none is given: the common value for a transfer
# outside the city (wenshu999 above); `member transfer-out --valid-days N` sets another.
DEFAULT_VALID_DAYS = 30
# "最长不超过3个月": three months, written as days on the letter — 90.
MAX_VALID_DAYS = 90
# The 回执 comes back within one month of the transfer (the form's note above). The form
# counts from the day the receiving committee takes the member in, which the sending branch
# does not learn until the 回执 arrives; dangwu counts from the day the letter was issued,
# the one day it knows, so the finding may come a little early, never late.
RECEIPT_MONTHS = 1


def valid_days_problem(days: int) -> str | None:
    """Why a validity is not allowed (None: fine)."""
    if not 1 <= days <= MAX_VALID_DAYS:
        return "range"
    return None


def receipt_due(issued_on: date) -> date:
    """The last day for the 回执 of a letter issued on `issued_on` to come back."""
    return period_end(issued_on, months=RECEIPT_MONTHS)


def receipt_overdue(issued_on: date, receipt_on: date | None, as_of: date) -> bool:
    """Whether the 回执 is late on `as_of`: not back (or back only later) and its month has
    run out (`holds_from`: from the day after the last day)."""
    if receipt_on is not None and receipt_on <= as_of:
        return False
    return as_of >= holds_from(issued_on, months=RECEIPT_MONTHS)
