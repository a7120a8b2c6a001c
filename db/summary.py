"""The month at a glance (月度调度): counts, warnings, who has not reported, indicators.

``plan_summary`` reads one month of a plan in one transaction and returns a ``PlanSummary``;
the dashboard, the warnings panel and ``taizhang summary`` all show that one object, so the
numbers agree everywhere.  ``PlanSummary.to_dict()`` is the CLI's JSON.

Indicator completion (完成率) — the rule, since plans phrase targets loosely:

- comparators meaning "at least" (以上, 达到, 不低于, 超过, 增长 …, and anything unknown) and
  "about" (左右, 约): completion = actual / target, shown in percent and capped at 100
  (a target met is met; going beyond is not "more done").  增长12%以上 with 9.5 → 79.2%.
- comparators meaning "at most" (以下, 以内, 不超过, 不高于, 控制在): 100 while actual ≤ target,
  else target / actual (the further over the limit, the lower).
- a negative actual counts as 0; no target, a zero target or no actual yet: no completion.
- the actual shown for a month is the latest value recorded in or before that month (values are
  cumulative for the year, as offices report them).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from db.dto import IndicatorInfo, TaskInfo
from db.models import Status
from db.schedule import (
    DEFAULT_THRESHOLDS,
    Colour,
    MonthSheet,
    Standing,
    Thresholds,
    month_sheet_in_session,
)
from db.services import action
from db.services.plans import list_indicators

NO_LEAD_UNIT = "（未明确牵头单位）"
AT_MOST_WORDS = ("以下", "以内", "不超过", "不高于", "控制在", "低于")


def lower_is_better(comparator: str, target_text: str = "") -> bool:
    text = f"{comparator or ''}{target_text or ''}"
    return any(word in text for word in AT_MOST_WORDS)


def indicator_completion(target: float | None, actual: float | None, comparator: str = "",
                         target_text: str = "") -> float | None:
    """Completion in percent (0–100, one decimal) by the rule in this module's docstring."""
    if target is None or actual is None or target <= 0:
        return None
    actual = max(0.0, float(actual))
    if lower_is_better(comparator, target_text):
        ratio = 1.0 if actual <= target else target / actual
    else:
        ratio = min(1.0, actual / target)
    return round(100.0 * ratio, 1)


def actual_for_month(actuals: dict[str, float], month: str) -> tuple[float | None, str | None]:
    """The latest actual recorded in or before ``month`` and the month it was recorded."""
    months = [m for m in actuals if m <= month]
    if not months:
        return None, None
    latest = max(months)
    return actuals[latest], latest


@dataclass(frozen=True)
class IndicatorStanding:
    id: int
    name: str
    target: float | None
    measure: str
    comparator: str
    target_text: str
    lead_unit: str
    actual: float | None        # latest value in or before the month
    actual_month: str | None    # the month that value was recorded (may be earlier)
    completion: float | None    # percent 0–100


def indicator_standing(info: IndicatorInfo, month: str) -> IndicatorStanding:
    actual, actual_month = actual_for_month(info.actuals, month)
    return IndicatorStanding(
        id=info.id, name=info.name, target=info.target, measure=info.measure,
        comparator=info.comparator, target_text=info.target_text,
        lead_unit=info.lead_unit.name if info.lead_unit else "", actual=actual,
        actual_month=actual_month,
        completion=indicator_completion(info.target, actual, info.comparator, info.target_text))


@dataclass(frozen=True)
class UnitCounts:
    """One lead unit's work items in the month (an item with two lead units counts for both)."""

    unit: str
    items: int = 0
    done: int = 0
    late: int = 0           # 滞后: behind 序时进度 (or reported 进度滞后), not overdue, not done
    overdue: int = 0
    not_reported: int = 0
    awaiting_closeout: int = 0  # 完成待销号: reported 已完成, not yet confirmed (not in ``done``)

    @property
    def on_time(self) -> int:
        """Neither done, awaiting 销号, overdue nor late: on or ahead of 序时进度."""
        return self.items - self.done - self.awaiting_closeout - self.late - self.overdue


def tally(unit: str, standings) -> UnitCounts:
    """Count work items' standings: done (已销号) / 待销号 / overdue / late / on time split
    each item once; 未报送 is counted beside them."""
    counts = dict.fromkeys(("items", "done", "awaiting_closeout", "late", "overdue",
                            "not_reported"), 0)
    for standing in standings:
        counts["items"] += 1
        counts["done"] += standing.done
        counts["awaiting_closeout"] += standing.awaiting_closeout
        counts["late"] += standing.lagging and not standing.overdue
        counts["overdue"] += standing.overdue
        counts["not_reported"] += owes_report(standing)
    return UnitCounts(unit=unit, **counts)


@dataclass(frozen=True)
class PlanSummary:
    plan_id: int
    month: str
    sheet: MonthSheet
    by_status: dict[str, int]               # reported entries by the clerk's status
    by_colour: dict[str, int]               # every work item by colour
    overdue: list[int]                      # 逾期
    due_soon: list[int]                     # 临期, not overdue
    lagging: list[int]                      # 滞后, not overdue
    mismatched: list[int]                   # the clerk's status differs from the numbers
    not_reported: dict[str, list[int]]      # lead unit → items with no entry this month
    by_unit: list[UnitCounts]
    indicators: list[IndicatorStanding] = field(default_factory=list)
    awaiting_closeout: list[int] = field(default_factory=list)  # 完成待销号
    closed_out: list[int] = field(default_factory=list)         # done: 已销号 (or earlier)

    @property
    def items(self) -> int:
        return len(self.sheet.items)

    @property
    def reported(self) -> int:
        return len([t for t in self.sheet.items if t.id in self.sheet.entries])

    @property
    def unreported(self) -> int:
        """Items that owe a report this month (each counted once)."""
        return len({i for ids in self.not_reported.values() for i in ids})

    def task(self, task_id: int) -> TaskInfo:
        return self.sheet.task(task_id)

    def standing(self, task_id: int) -> Standing:
        return self.sheet.standings[task_id]

    def to_dict(self) -> dict:
        """JSON-ready: the ``taizhang summary`` output (``not_reported`` leaves out items
        completed in an earlier month)."""
        return {
            "month": self.month,
            "items": self.items,
            "reported": self.reported,
            "by_status": dict(self.by_status),
            "by_colour": dict(self.by_colour),
            "overdue": list(self.overdue),
            "due_soon": list(self.due_soon),
            "lagging": list(self.lagging),
            "awaiting_closeout": list(self.awaiting_closeout),
            "closed_out": list(self.closed_out),
            "not_reported": {unit: list(ids) for unit, ids in self.not_reported.items()},
            "by_unit": [{"unit": u.unit, "items": u.items, "done": u.done,
                         "awaiting_closeout": u.awaiting_closeout, "late": u.late,
                         "overdue": u.overdue, "not_reported": u.not_reported}
                        for u in self.by_unit],
            "indicators": [{"name": i.name, "target": i.target, "actual": i.actual,
                            "completion": i.completion} for i in self.indicators],
        }


def lead_unit_names(task: TaskInfo) -> list[str]:
    return [u.name for u in task.lead_units] or [NO_LEAD_UNIT]


def owes_report(standing: Standing) -> bool:
    """未报送: no entry this month, and not already completed (or waiting for 销号)."""
    return standing.owes_report


def group_not_reported(sheet: MonthSheet) -> dict[str, list[int]]:
    """{lead unit: item ids that owe a report}, units in the order the task list names them.

    An item with several lead units is listed under each: any of them can be called.  An item
    completed in an earlier month owes no more reports.
    """
    groups: dict[str, list[int]] = {}
    for task in sheet.items:
        if not owes_report(sheet.standings[task.id]):
            continue
        for name in lead_unit_names(task):
            groups.setdefault(name, []).append(task.id)
    return groups


def count_by_unit(sheet: MonthSheet) -> list[UnitCounts]:
    """Per lead unit in order of first appearance; an item with two lead units counts for both."""
    groups: dict[str, list[Standing]] = {}
    for task in sheet.items:
        for name in lead_unit_names(task):
            groups.setdefault(name, []).append(sheet.standings[task.id])
    return [tally(name, standings) for name, standings in groups.items()]


def summarise(sheet: MonthSheet, indicators: list[IndicatorInfo]) -> PlanSummary:
    standings = [sheet.standings[t.id] for t in sheet.items]
    by_status = dict.fromkeys(Status.values(), 0)
    for s in standings:
        if s.status is not None:
            by_status[s.status] = by_status.get(s.status, 0) + 1
    by_colour = dict.fromkeys((c.value for c in Colour), 0)
    for s in standings:
        by_colour[s.colour.value] += 1
    return PlanSummary(
        plan_id=sheet.plan_id, month=sheet.month, sheet=sheet, by_status=by_status,
        by_colour=by_colour,
        overdue=[s.task_id for s in standings if s.overdue],
        due_soon=[s.task_id for s in standings if s.due_soon],
        lagging=[s.task_id for s in standings if s.lagging and not s.overdue],
        mismatched=[s.task_id for s in standings if s.mismatch],
        awaiting_closeout=[s.task_id for s in standings if s.awaiting_closeout],
        closed_out=[s.task_id for s in standings if s.done],
        not_reported=group_not_reported(sheet),
        by_unit=count_by_unit(sheet),
        indicators=[indicator_standing(i, sheet.month) for i in indicators],
    )


@action
def plan_summary(session: Session, plan_id: int, month: str, *, today: dt.date | None = None,
                 thresholds: Thresholds = DEFAULT_THRESHOLDS,
                 tree: list[TaskInfo] | None = None) -> PlanSummary:
    """The month of a plan at a glance (one transaction); ``tree`` as in ``month_sheet``."""
    sheet = month_sheet_in_session(session, plan_id, month, today=today, thresholds=thresholds,
                                   tree=tree)
    return summarise(sheet, list_indicators.in_session(session, plan_id))


@action
def not_reported(session: Session, plan_id: int, month: str) -> dict[str, list[int]]:
    """{lead unit name: ids of its work items with no entry for ``month``} (未报送)."""
    sheet = month_sheet_in_session(session, plan_id, month)
    return group_not_reported(sheet)


@action
def unit_counts(session: Session, plan_id: int, month: str, *, today: dt.date | None = None,
                thresholds: Thresholds = DEFAULT_THRESHOLDS) -> list[UnitCounts]:
    """Per lead unit: work items, done, late, overdue, not reported."""
    return count_by_unit(month_sheet_in_session(session, plan_id, month, today=today,
                                                thresholds=thresholds))
