"""序时进度: where each work item should be by the end of a month, and how it stands.

Pure functions first (tested without a database), then ``month_standings`` that applies them to
a plan's work items for one month.  Every report, the tree colours, the warnings panel and the
dashboard use these, so the office sees one answer everywhere.
"""
from __future__ import annotations

import calendar
import datetime as dt
import enum
from dataclasses import dataclass

from sqlalchemy.orm import Session

from db.dto import ProgressInfo, TaskInfo
from db.models import Status
from db.services import action
from db.services.plans import check_month, get_plan_row
from db.services.progress import progress_for_month
from db.services.tasks import load_tree_in_session


class Colour(str, enum.Enum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"


COLOUR_WORDS = {Colour.GREEN: "正常", Colour.YELLOW: "预警", Colour.RED: "滞后"}


@dataclass(frozen=True)
class Thresholds:
    """Settings: points behind 序时进度 for yellow and red, and days ahead that count as 临期."""

    yellow_behind: float = 10.0
    red_behind: float = 30.0
    due_soon_days: int = 30


DEFAULT_THRESHOLDS = Thresholds()


def month_end(month: str) -> dt.date:
    check_month(month)
    year, mon = int(month[:4]), int(month[5:])
    return dt.date(year, mon, calendar.monthrange(year, mon)[1])


def month_start(month: str) -> dt.date:
    check_month(month)
    return dt.date(int(month[:4]), int(month[5:]), 1)


def expected_percent(start: dt.date | None, deadline: dt.date | None,
                     at: dt.date) -> float | None:
    """Share (0–100) of the span start→deadline that has passed at ``at``; None without a span."""
    if deadline is None or start is None:
        return None
    if at >= deadline:
        return 100.0
    if at <= start:
        return 0.0
    if deadline <= start:
        return 100.0
    return round(100.0 * (at - start).days / (deadline - start).days, 1)


def suggest_status(percent: int | None, expected: float | None,
                   thresholds: Thresholds = DEFAULT_THRESHOLDS) -> Status:
    """The status the numbers point to (the clerk's explicit status still wins)."""
    if percent is not None and percent >= 100:
        return Status.DONE
    if not percent:
        if expected is not None and expected >= thresholds.yellow_behind:
            return Status.LAGGING
        return Status.NOT_STARTED
    if expected is None:
        return Status.ON_SCHEDULE
    if expected - percent >= thresholds.yellow_behind:
        return Status.LAGGING
    if percent - expected >= thresholds.yellow_behind:
        return Status.AHEAD
    return Status.ON_SCHEDULE


@dataclass(frozen=True)
class Standing:
    """How one work item stands in one month."""

    task_id: int
    month: str
    expected_percent: float | None
    percent: int | None
    status: str | None          # the clerk's status this month; None when not reported
    suggested_status: str
    reported: bool
    done: bool
    overdue: bool               # 逾期: past the deadline and not done
    due_soon: bool              # 临期: due within the threshold's days and not done
    lagging: bool               # 滞后: behind 序时进度 by the yellow threshold or more
    behind: float | None        # points behind 序时进度 (negative: ahead)
    colour: Colour
    mismatch: bool              # the clerk's status differs from what the numbers suggest
    days_left: int | None

    @property
    def colour_word(self) -> str:
        return COLOUR_WORDS[self.colour]


def assess(*, task_id: int, month: str, start: dt.date | None, deadline: dt.date | None,
           entry: ProgressInfo | None, last_percent: int | None = None,
           today: dt.date | None = None,
           thresholds: Thresholds = DEFAULT_THRESHOLDS) -> Standing:
    """Judge one work item for ``month``.

    ``last_percent`` is the latest earlier percent, used when the month has no entry.
    Overdue and 临期 are judged at the month's end, or today if the month is not over yet.
    """
    end = month_end(month)
    today = today or dt.date.today()
    as_of = min(end, today) if today >= month_start(month) else end
    expected = expected_percent(start, deadline, end)
    percent = entry.percent if entry is not None else last_percent
    status = entry.status if entry is not None else None
    done = status == Status.DONE.value or (percent is not None and percent >= 100)
    behind = None if expected is None else round(expected - (percent or 0), 1)
    overdue = deadline is not None and deadline < as_of and not done
    days_left = (deadline - as_of).days if deadline is not None else None
    due_soon = (not done and not overdue and days_left is not None
                and days_left <= thresholds.due_soon_days)
    lagging = (not done and ((behind is not None and behind >= thresholds.yellow_behind)
                             or status == Status.LAGGING.value))
    if done:
        colour = Colour.GREEN
    elif overdue or (behind is not None and behind > thresholds.red_behind):
        colour = Colour.RED
    elif lagging or due_soon:
        colour = Colour.YELLOW
    else:
        colour = Colour.GREEN
    suggested = Status.DONE if done else suggest_status(percent, expected, thresholds)
    return Standing(task_id=task_id, month=month, expected_percent=expected, percent=percent,
                    status=status, suggested_status=suggested.value, reported=entry is not None,
                    done=done, overdue=overdue, due_soon=due_soon, lagging=lagging,
                    behind=behind, colour=colour,
                    mismatch=status is not None and status != suggested.value,
                    days_left=days_left)


def plan_start_date(plan) -> dt.date | None:
    if plan.start_date is not None:
        return plan.start_date
    if plan.year:
        return dt.date(plan.year, 1, 1)
    return None


def work_items(tree: list[TaskInfo]) -> list[TaskInfo]:
    """The nodes progress is reported on: the leaves below the top level (categories aside)."""
    return [t for t in tree if t.is_leaf and (t.depth > 0 or t.lead_units)]


@action
def month_standings(session: Session, plan_id: int, month: str, *,
                    today: dt.date | None = None,
                    thresholds: Thresholds = DEFAULT_THRESHOLDS) -> dict[int, Standing]:
    """{work item id: Standing} for every work item of the plan in ``month``."""
    from sqlalchemy import select

    from db.models import Progress, TaskNode

    plan = get_plan_row(session, plan_id)
    start_of_plan = plan_start_date(plan)
    tree = load_tree_in_session(session, plan_id)
    entries = progress_for_month.in_session(session, plan_id, month)
    items = work_items(tree)
    # Latest earlier percent per item (for items not reported this month).
    last: dict[int, int | None] = {}
    for task_id, pct in session.execute(
        select(Progress.task_id, Progress.percent)
        .join(TaskNode, TaskNode.id == Progress.task_id)
        .where(TaskNode.plan_id == plan_id, Progress.month < month)
        .order_by(Progress.task_id, Progress.month)
    ):
        if pct is not None:
            last[task_id] = pct
    return {
        t.id: assess(task_id=t.id, month=month, start=t.start_date or start_of_plan,
                     deadline=t.deadline, entry=entries.get(t.id), last_percent=last.get(t.id),
                     today=today, thresholds=thresholds)
        for t in items
    }
