"""The lead units' scorecard (牵头单位考评) over a range of months.

Per lead unit (an item with two lead units counts for both, as everywhere):

- 报送及时率 = months reported on time ÷ months due, over the work items it leads and the
  months of the range.  A month is due for an item unless the item was already done before
  (the summary's ``owes_report`` rule); it is reported on time when the entry was recorded by
  the ``grace_days``-th day of the next month (次月5日, the usual county rule), in local time.
- 完成率 = items done at the last month ÷ items led.
- 滞后逾期 = items lagging or overdue at the last month (the summary's counts).
- 得分 = (w1 × 报送及时率 + w2 × 完成率 + w3 × (1 − 滞后逾期 ÷ 牵头事项)) ÷ (w1 + w2 + w3) × 100.

Every month is the dashboard's ``plan_summary``, so the counts agree with 调度总览.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from db.errors import InvalidInput
from db.schedule import DEFAULT_THRESHOLDS, Thresholds, month_end
from db.services import action
from db.summary import PlanSummary, lead_unit_names, owes_report
from db.trend import months_between, summaries_in_session

GRACE_DAYS = 5


@dataclass(frozen=True)
class Weights:
    timely: float = 40.0      # 报送及时率
    done: float = 40.0        # 完成率
    # 未滞后率: neither lagging nor overdue (``late`` = either, as in the report kind ``late``)
    not_late: float = 20.0

    def check(self) -> Weights:
        values = (self.timely, self.done, self.not_late)
        if any(v < 0 for v in values) or sum(values) <= 0:
            raise InvalidInput("考评权重不能为负数，且至少有一项大于 0。")
        return self

    def formula(self) -> str:
        def w(value: float) -> str:
            return f"{value:g}"
        total = self.timely + self.done + self.not_late
        text = (f"得分＝报送及时率×{w(self.timely)}＋完成率×{w(self.done)}"
                f"＋未滞后率×{w(self.not_late)}")
        if abs(total - 100) > 1e-9:
            text = f"得分＝（报送及时率×{w(self.timely)}＋完成率×{w(self.done)}" \
                   f"＋未滞后率×{w(self.not_late)}）÷{w(total)}×100"
        return text + "；未滞后率＝1－（滞后＋逾期）÷牵头事项"


DEFAULT_WEIGHTS = Weights()


def parse_weights(text: str) -> Weights:
    """"40,40,20" → Weights (CLI)."""
    try:
        values = [float(v) for v in text.replace("，", ",").split(",")]
    except ValueError:
        raise InvalidInput(f"权重“{text}”应为三个数，如 40,40,20。") from None
    if len(values) != 3:
        raise InvalidInput(f"权重“{text}”应为三个数（报送及时率、完成率、未滞后率），如 40,40,20。")
    return Weights(*values).check()


@dataclass(frozen=True)
class UnitScore:
    unit: str
    items: int               # work items led (at the last month)
    months_due: int
    months_on_time: int
    months_reported: int     # reported at all (on time or after the deadline)
    done: int
    lagging: int             # 滞后: lagging, not overdue, at the last month
    overdue: int

    @property
    def timely_rate(self) -> float | None:
        return self.months_on_time / self.months_due if self.months_due else None

    @property
    def done_rate(self) -> float | None:
        return self.done / self.items if self.items else None

    @property
    def not_late_rate(self) -> float | None:
        return 1 - (self.lagging + self.overdue) / self.items if self.items else None

    def score(self, weights: Weights = DEFAULT_WEIGHTS) -> float | None:
        if not self.items:
            return None
        # No month due (everything done before the range): no report was owed.
        timely = 1.0 if self.timely_rate is None else self.timely_rate
        total = weights.timely + weights.done + weights.not_late
        value = (weights.timely * timely + weights.done * self.done_rate
                 + weights.not_late * self.not_late_rate) / total
        return round(100 * value, 1)


def local_date(moment: dt.datetime) -> dt.date:
    """The clerk's calendar day of a stored (naive UTC) time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone().date()


def report_deadline(month: str, grace_days: int = GRACE_DAYS) -> dt.date:
    return month_end(month) + dt.timedelta(days=grace_days)


def score_units(summaries: list[PlanSummary], grace_days: int = GRACE_DAYS) -> list[UnitScore]:
    """One ``UnitScore`` per lead unit, units in the order of the last month's task list."""
    if not summaries:
        return []
    last = summaries[-1]
    due: dict[str, int] = {}
    on_time: dict[str, int] = {}
    reported: dict[str, int] = {}
    for summary in summaries:
        deadline = report_deadline(summary.month, grace_days)
        for task in summary.sheet.items:
            standing = summary.standing(task.id)
            if not (standing.reported or owes_report(standing)):
                continue     # done in an earlier month: no more reports owed
            entry = summary.sheet.entries.get(task.id)
            timely = entry is not None and local_date(entry.entered_at) <= deadline
            for unit in lead_unit_names(task):
                due[unit] = due.get(unit, 0) + 1
                on_time[unit] = on_time.get(unit, 0) + timely
                reported[unit] = reported.get(unit, 0) + (entry is not None)
    return [UnitScore(unit=c.unit, items=c.items, months_due=due.get(c.unit, 0),
                      months_on_time=on_time.get(c.unit, 0),
                      months_reported=reported.get(c.unit, 0), done=c.done, lagging=c.lagging,
                      overdue=c.overdue)
            for c in last.by_unit]


def ranked(scores: list[UnitScore], weights: Weights = DEFAULT_WEIGHTS) -> list[UnitScore]:
    """Highest score first; ties keep the task list's order."""
    return sorted(scores, key=lambda s: -(s.score(weights) or 0))


@action
def unit_scores(session: Session, plan_id: int, first: str, last: str, *,
                today: dt.date | None = None, thresholds: Thresholds = DEFAULT_THRESHOLDS,
                grace_days: int = GRACE_DAYS) -> list[UnitScore]:
    """The scorecard of ``first``..``last`` (one transaction), in task-list order."""
    summaries = summaries_in_session(session, plan_id, months_between(first, last),
                                     today=today, thresholds=thresholds)
    return score_units(summaries, grace_days)
