"""The month at a glance (月度调度): counts, warnings, who has not reported, indicators.

``plan_summary`` reads one month of a plan in one transaction and returns a ``PlanSummary``;
the dashboard, the warnings panel and ``taizhang summary`` all show that one object, so the
numbers agree everywhere.  ``PlanSummary.to_dict()`` is the CLI's JSON.

One function per number.  Every work item falls in exactly one category for the month, taken
in the order of the standing rule (``Standing.word`` in ``db/schedule.py``: the word the tree,
the grid and every report print for the item):

- 已完成 (``is_done``): marked done or 100% and closed out (销号), this month or earlier;
- 待销号 (``is_awaiting_closeout``): reported 已完成, waiting for the office's 销号;
- 逾期 (``is_overdue``): past its deadline and not done;
- 滞后 (``is_lagging``): behind 序时进度 by the yellow threshold (严重滞后 included) or
  reported as 进度滞后, not overdue — judged on this month's figure, or the last one when
  the month has no entry (not reporting never hides a lag);
- 未报送 (``is_not_reported``): no entry this month and nothing worse known;
- 正常 (``is_normal``): reported and on or ahead of 序时进度.

So 未报送 is never counted as 正常.  An item that owes a report but is overdue or lagging is
counted there (the tree reads 逾期（未报送）); ``owes_report`` is that wider set, the items a
report is due for (the month grid's count, the 未报送事项清单, the call list) and
``PlanSummary.owing`` counts it.  临期 is a flag beside the categories.  The dashboard's cards,
bars and donut, the warnings panel, the units report, the briefing and the scorecard all count
with these functions.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.dto import IndicatorInfo, TaskInfo
from db.models import Status, Unit
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


DONE, NOT_REPORTED, OVERDUE, LAGGING, NORMAL = "已完成", "未报送", "逾期", "滞后", "正常"
AWAITING_CLOSEOUT = "待销号"
# the order they are shown in
CATEGORIES = (DONE, AWAITING_CLOSEOUT, NORMAL, LAGGING, OVERDUE, NOT_REPORTED)


def is_done(standing: Standing) -> bool:
    """已完成: done and closed out (销号), this month or in an earlier one."""
    return standing.done


def is_awaiting_closeout(standing: Standing) -> bool:
    """待销号: reported 已完成, not yet confirmed by the office (neither done nor lagging)."""
    return category(standing) == AWAITING_CLOSEOUT


def is_overdue(standing: Standing) -> bool:
    """逾期: past the deadline and not done (nor awaiting 销号)."""
    return category(standing) == OVERDUE


def is_lagging(standing: Standing) -> bool:
    """滞后: behind 序时进度 (or reported 进度滞后), not overdue, not done."""
    return category(standing) == LAGGING


def is_not_reported(standing: Standing) -> bool:
    """未报送: no entry this month, nothing worse known (not overdue, not lagging)."""
    return category(standing) == NOT_REPORTED


def is_normal(standing: Standing) -> bool:
    """正常: reported this month, not done, on or ahead of 序时进度 and not overdue."""
    return category(standing) == NORMAL


def owes_report(standing: Standing) -> bool:
    """A report is due: no entry this month and not completed in an earlier month, whatever
    the category (``Standing.owes_report``, the standing rule's own definition)."""
    return standing.owes_report


def category(standing: Standing) -> str:
    """The one category of ``CATEGORIES`` a work item falls in this month."""
    if standing.done:
        return DONE
    if standing.awaiting_closeout:
        return AWAITING_CLOSEOUT
    if standing.overdue:
        return OVERDUE
    if standing.lagging:
        return LAGGING
    if standing.owes_report:
        return NOT_REPORTED
    return NORMAL


def count_categories(standings) -> dict[str, int]:
    """{category: number of work items}, every category present, in ``CATEGORIES`` order."""
    counts = dict.fromkeys(CATEGORIES, 0)
    for standing in standings:
        counts[category(standing)] += 1
    return counts


@dataclass(frozen=True)
class UnitCounts:
    """One lead unit's work items in the month (an item with two lead units counts for both).

    done + awaiting_closeout + on_time + lagging + overdue + not_reported == items: each item in
    its one category.
    """

    unit: str
    items: int = 0
    done: int = 0
    lagging: int = 0        # 滞后 (``is_lagging``)
    overdue: int = 0        # 逾期 (``is_overdue``)
    not_reported: int = 0   # 未报送 (``is_not_reported``)
    on_time: int = 0        # 正常 (``is_normal``)
    awaiting_closeout: int = 0  # 完成待销号: reported 已完成, not yet confirmed (not in ``done``)


def tally(unit: str, standings) -> UnitCounts:
    """Count work items by category (``category``): each item once."""
    standings = list(standings)
    counts = count_categories(standings)
    return UnitCounts(unit=unit, items=len(standings), done=counts[DONE],
                      lagging=counts[LAGGING], overdue=counts[OVERDUE],
                      not_reported=counts[NOT_REPORTED], on_time=counts[NORMAL],
                      awaiting_closeout=counts[AWAITING_CLOSEOUT])


@dataclass(frozen=True)
class Contact:
    """Whom to call at a lead unit (单位 联系人 电话)."""

    unit: str
    person: str = ""
    phone: str = ""

    @property
    def text(self) -> str:
        return "　".join(x for x in (self.person, self.phone) if x)


@dataclass(frozen=True)
class PlanSummary:
    plan_id: int
    month: str
    sheet: MonthSheet
    by_status: dict[str, int]               # reported entries by the clerk's status
    by_colour: dict[str, int]               # every work item by colour
    by_category: dict[str, int]             # every work item by ``category`` (one each)
    overdue: list[int]                      # 逾期 (``is_overdue``)
    due_soon: list[int]                     # 临期, not overdue (a flag beside the categories)
    lagging: list[int]                      # 滞后 (``is_lagging``)
    mismatched: list[int]                   # the clerk's status differs from the numbers
    not_reported: dict[str, list[int]]      # lead unit → 未报送 items (``is_not_reported``)
    by_unit: list[UnitCounts]
    indicators: list[IndicatorStanding] = field(default_factory=list)
    contacts: dict[str, Contact] = field(default_factory=dict)   # lead unit name → contact
    awaiting_closeout: list[int] = field(default_factory=list)  # 完成待销号
    closed_out: list[int] = field(default_factory=list)         # done: 已销号 (or earlier)

    @property
    def items(self) -> int:
        return len(self.sheet.items)

    @property
    def reported(self) -> int:
        return len([t for t in self.sheet.items if t.id in self.sheet.entries])

    @property
    def not_reported_count(self) -> int:
        """未报送 items (each counted once): ``by_category[未报送]``."""
        return self.by_category[NOT_REPORTED]

    @property
    def owing(self) -> int:
        """Items a report is due for this month (``owes_report``), 逾期 and 滞后 ones included."""
        return sum(1 for t in self.sheet.items if owes_report(self.standing(t.id)))

    def task(self, task_id: int) -> TaskInfo:
        return self.sheet.task(task_id)

    def standing(self, task_id: int) -> Standing:
        return self.sheet.standings[task_id]

    def by_lead_unit(self, task_ids) -> dict[str, list[int]]:
        """{lead unit: the given items it leads}, units in task-list order (see
        ``group_by_lead_unit``)."""
        return group_by_lead_unit(self.sheet, task_ids)

    def contact(self, unit: str) -> Contact:
        return self.contacts.get(unit) or Contact(unit)

    def to_dict(self) -> dict:
        """JSON-ready: the ``taizhang summary`` output (``not_reported`` leaves out items
        completed in an earlier month)."""
        return {
            "month": self.month,
            "items": self.items,
            "reported": self.reported,
            "by_status": dict(self.by_status),
            "by_colour": dict(self.by_colour),
            "by_category": dict(self.by_category),
            "overdue": list(self.overdue),
            "due_soon": list(self.due_soon),
            "lagging": list(self.lagging),
            "awaiting_closeout": list(self.awaiting_closeout),
            "closed_out": list(self.closed_out),
            "not_reported": {unit: list(ids) for unit, ids in self.not_reported.items()},
            "by_unit": [{"unit": u.unit, "items": u.items, "done": u.done,
                         "awaiting_closeout": u.awaiting_closeout, "on_time": u.on_time,
                         "lagging": u.lagging, "overdue": u.overdue, "not_reported": u.not_reported}
                        for u in self.by_unit],
            "indicators": [{"name": i.name, "target": i.target, "actual": i.actual,
                            "completion": i.completion} for i in self.indicators],
        }


def lead_unit_names(task: TaskInfo) -> list[str]:
    return [u.name for u in task.lead_units] or [NO_LEAD_UNIT]


def group_by_lead_unit(sheet: MonthSheet, task_ids) -> dict[str, list[int]]:
    """{lead unit: ids among ``task_ids``}, units in the order the task list names them and
    items in task-list order.  An item with several lead units is listed under each: any of
    them can be called; one without a lead unit under ``NO_LEAD_UNIT``."""
    wanted = set(task_ids)
    groups: dict[str, list[int]] = {}
    for task in sheet.items:
        if task.id in wanted:
            for name in lead_unit_names(task):
                groups.setdefault(name, []).append(task.id)
    return groups


def group_not_reported(sheet: MonthSheet) -> dict[str, list[int]]:
    """{lead unit: 未报送 item ids} (``is_not_reported``), grouped as ``group_by_lead_unit``
    does.  An item completed in an earlier month owes no more reports."""
    return group_by_lead_unit(sheet, [t.id for t in sheet.items
                                      if is_not_reported(sheet.standings[t.id])])


def count_by_unit(sheet: MonthSheet) -> list[UnitCounts]:
    """Per lead unit in order of first appearance; an item with two lead units counts for both."""
    groups: dict[str, list[Standing]] = {}
    for task in sheet.items:
        for name in lead_unit_names(task):
            groups.setdefault(name, []).append(sheet.standings[task.id])
    return [tally(name, standings) for name, standings in groups.items()]


def summarise(sheet: MonthSheet, indicators: list[IndicatorInfo],
              contacts: dict[str, Contact] | None = None) -> PlanSummary:
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
        by_colour=by_colour, by_category=count_categories(standings),
        overdue=[s.task_id for s in standings if is_overdue(s)],
        due_soon=[s.task_id for s in standings if s.due_soon],
        lagging=[s.task_id for s in standings if is_lagging(s)],
        mismatched=[s.task_id for s in standings if s.mismatch],
        awaiting_closeout=[s.task_id for s in standings if s.awaiting_closeout],
        closed_out=[s.task_id for s in standings if s.done],
        not_reported=group_not_reported(sheet),
        by_unit=count_by_unit(sheet),
        indicators=[indicator_standing(i, sheet.month) for i in indicators],
        contacts=dict(contacts or {}),
    )


def lead_unit_contacts(session: Session, sheet: MonthSheet) -> dict[str, Contact]:
    """{lead unit name: Contact} for the lead units of the month's work items."""
    ids = {u.id for t in sheet.items for u in t.lead_units}
    if not ids:
        return {}
    rows = session.execute(select(Unit.name, Unit.contact_person, Unit.phone)
                           .where(Unit.id.in_(ids))).all()
    return {name: Contact(name, person or "", phone or "") for name, person, phone in rows}


@action
def plan_summary(session: Session, plan_id: int, month: str, *, today: dt.date | None = None,
                 thresholds: Thresholds = DEFAULT_THRESHOLDS,
                 tree: list[TaskInfo] | None = None,
                 sheet: MonthSheet | None = None) -> PlanSummary:
    """The month of a plan at a glance (one transaction); ``tree`` as in ``month_sheet``;
    ``sheet``: that month's sheet as read already (the window shares one between its views)."""
    if sheet is None or (sheet.plan_id, sheet.month) != (plan_id, month):
        sheet = month_sheet_in_session(session, plan_id, month, today=today,
                                       thresholds=thresholds, tree=tree)
    return summarise(sheet, list_indicators.in_session(session, plan_id),
                     lead_unit_contacts(session, sheet))


@action
def not_reported(session: Session, plan_id: int, month: str) -> dict[str, list[int]]:
    """{lead unit name: ids of its work items with no entry for ``month``} (未报送)."""
    sheet = month_sheet_in_session(session, plan_id, month)
    return group_not_reported(sheet)


@action
def unit_counts(session: Session, plan_id: int, month: str, *, today: dt.date | None = None,
                thresholds: Thresholds = DEFAULT_THRESHOLDS) -> list[UnitCounts]:
    """Per lead unit: work items, done, lagging, overdue, not reported."""
    return count_by_unit(month_sheet_in_session(session, plan_id, month, today=today,
                                                thresholds=thresholds))
