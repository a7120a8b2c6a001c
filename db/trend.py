"""Month by month: the plan's and each lead unit's counts (done, on time, lagging, overdue, not
reported) over a range of months, for the trend chart in 调度总览 and the briefing.

Every month is the dashboard's own ``plan_summary`` and every count its ``tally``, so a point
of the trend is the number the dashboard showed for that month.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from db.errors import InvalidInput
from db.schedule import DEFAULT_THRESHOLDS, Thresholds
from db.services import action
from db.services.plans import check_month
from db.summary import PlanSummary, UnitCounts, plan_summary, tally

PLAN_TOTAL = "全部事项"
MAX_MONTHS = 60


def months_between(first: str, last: str) -> list[str]:
    """["2026-01", …, "2026-03"] from ``first`` to ``last`` inclusive."""
    check_month(first)
    check_month(last)
    if first > last:
        raise InvalidInput(f"起始月份 {first} 晚于截止月份 {last}。")
    year, month = int(first[:4]), int(first[5:])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        if len(months) > MAX_MONTHS:
            raise InvalidInput(f"月份范围超过 {MAX_MONTHS} 个月，请缩小范围。")
    return months


def previous_month(month: str) -> str:
    check_month(month)
    year, mon = int(month[:4]), int(month[5:])
    return f"{year - 1:04d}-12" if mon == 1 else f"{year:04d}-{mon - 1:02d}"


def months_back(month: str, count: int) -> str:
    """The month ``count - 1`` months before ``month`` (a range of ``count`` months)."""
    check_month(month)
    year, mon = int(month[:4]), int(month[5:]) - (count - 1)
    while mon < 1:
        year, mon = year - 1, mon + 12
    return f"{year:04d}-{mon:02d}"


def trend_months(plan, month: str, count: int = 12) -> list[str]:
    """Up to ``count`` months ending with ``month``, from the plan's start on, but always
    the month before as well (the comparison)."""
    first = months_back(month, count)
    start = plan.start_date or (dt.date(plan.year, 1, 1) if plan.year else None)
    if start is not None:
        first = max(first, f"{start.year:04d}-{start.month:02d}")
    return months_between(min(first, previous_month(month)), month)


def plan_counts(summary: PlanSummary) -> UnitCounts:
    """The whole plan's counts for the month, by the same ``tally`` as each unit's."""
    return tally(PLAN_TOTAL, (summary.standing(t.id) for t in summary.sheet.items))


@dataclass(frozen=True)
class TrendPoint:
    month: str
    plan: UnitCounts                 # the whole plan
    by_unit: dict[str, UnitCounts]   # lead unit → its counts


def summaries_in_session(session: Session, plan_id: int, months: list[str], *,
                         today: dt.date | None = None,
                         thresholds: Thresholds = DEFAULT_THRESHOLDS) -> list[PlanSummary]:
    """The dashboard's summary of each month, reading the task list once."""
    result, tree = [], None
    for month in months:
        summary = plan_summary.in_session(session, plan_id, month, today=today,
                                          thresholds=thresholds, tree=tree)
        tree = summary.sheet.tree
        result.append(summary)
    return result


def trend_points(summaries: list[PlanSummary]) -> list[TrendPoint]:
    return [TrendPoint(month=s.month, plan=plan_counts(s),
                       by_unit={u.unit: u for u in s.by_unit}) for s in summaries]


@action
def plan_trend(session: Session, plan_id: int, first: str, last: str, *,
               today: dt.date | None = None,
               thresholds: Thresholds = DEFAULT_THRESHOLDS) -> list[TrendPoint]:
    """Counts for every month from ``first`` to ``last`` (one transaction)."""
    return trend_points(summaries_in_session(session, plan_id, months_between(first, last),
                                             today=today, thresholds=thresholds))
