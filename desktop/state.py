"""The one state every view of a window follows, and the one notice of what a write changed.

``LedgerState`` holds the open plan, the month, the 序时进度 thresholds and today's date.
Views subscribe to its signals (``follow(view)`` connects the ``set_plan`` / ``set_month`` /
``set_thresholds`` a view has) instead of the window looping over its views.

Every write, whoever makes it (an undo step, a progress form, the grid, an import), ends in
``state.publish(Changes(...))``: one signal, ``changed``, tells every view what changed, and each
view refreshes one way.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, Signal

from db.schedule import DEFAULT_THRESHOLDS, MonthSheet, Thresholds, month_sheet

# What a write can change (the ``kinds`` of ``Changes``).
TASKS, UNITS, PLAN, INDICATORS, PROGRESS = "tasks", "units", "plan", "indicators", "progress"


def month_label(month: str) -> str:
    """``2026-06`` → ``2026年6月``."""
    return QCoreApplication.translate("state", "{}年{}月").format(month[:4], int(month[5:]))


def this_month(today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    return f"{today.year:04d}-{today.month:02d}"


def month_range(first_year: int, last_year: int) -> list[str]:
    return [f"{y:04d}-{m:02d}" for y in range(first_year, last_year + 1) for m in range(1, 13)]


@dataclass(frozen=True)
class Changes:
    """What one write (or one undo/redo step) changed.

    ``kinds``: TASKS / UNITS / PLAN / INDICATORS / PROGRESS.  ``task_ids``: work items whose
    rows changed in place (their text, units, deadline or progress).  ``shape``: the task list
    gained, lost or moved nodes (numbers follow).  ``status``: the 本月状态 of items may differ.
    ``tree_text``: unit names shown in rows may differ (a unit renamed or merged).
    ``source``: the view that made the write and already shows it (None: nobody does).
    ``view``: the view that shows what changed (brought to the front when an undo or redo,
    ``replay``, changes it again); ``indicator_ids``: indicators whose actual values or fields changed.
    ``month``: the month whose records the step wrote (None: not one month's); an undo or redo
    switches the window to it, so the clerk sees the month that changed, not the one on screen.
    """

    kinds: frozenset[str]
    task_ids: frozenset[int] = frozenset()
    shape: bool = False
    status: bool = False
    tree_text: bool = False
    source: object = None
    view: object = None
    replay: bool = False
    indicator_ids: frozenset[int] = frozenset()
    month: str | None = None

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.kinds | other.kinds, self.task_ids | other.task_ids,
                       self.shape or other.shape, self.status or other.status,
                       self.tree_text or other.tree_text,
                       self.source if self.source is other.source else None,
                       self.view if self.view is not None else other.view,
                       self.replay or other.replay, self.indicator_ids | other.indicator_ids,
                       self.month if self.month is not None else other.month)

    def touches(self, *kinds: str) -> bool:
        return bool(self.kinds & set(kinds))


# Read everything again (F5, or after an edit failed and the views may disagree with the data).
EVERYTHING = Changes(frozenset({TASKS, UNITS, PROGRESS, INDICATORS}), shape=True, status=True,
                     tree_text=True)


def progress_changes(task_ids=(), source=None) -> Changes:
    """Progress (or an indicator's actual value) was written for these items."""
    return Changes(frozenset({PROGRESS}), frozenset(task_ids), status=True, source=source)


class LedgerState(QObject):
    """Plan, month, thresholds and today of one window; the change notice of its writes."""

    plan_changed = Signal(int)          # 0: no plan
    month_changed = Signal(str)         # "YYYY-MM"
    thresholds_changed = Signal(object)  # Thresholds
    changed = Signal(object)            # Changes

    def __init__(self, *, today: dt.date | None = None,
                 thresholds: Thresholds = DEFAULT_THRESHOLDS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.today = today or dt.date.today()
        self.plan_id: int | None = None
        self.month = this_month(self.today)
        self.thresholds = thresholds
        self.generation = 0  # bumped by every write published: what was read before is stale
        self._sheet: MonthSheet | None = None
        self._sheet_key: tuple | None = None

    def set_plan(self, plan_id: int | None) -> None:
        if plan_id == self.plan_id:
            return
        self.plan_id = plan_id
        self.plan_changed.emit(plan_id or 0)

    def set_month(self, month: str) -> None:
        if month == self.month:
            return
        self.month = month
        self.month_changed.emit(month)

    def set_thresholds(self, thresholds: Thresholds) -> None:
        self.thresholds = thresholds
        self.thresholds_changed.emit(thresholds)

    def publish(self, changes: Changes) -> None:
        self.generation += 1  # before anyone reads again
        self.changed.emit(changes)

    def month_sheet(self, db, plan_id: int, month: str, *, today: dt.date | None = None,
                    thresholds: Thresholds = DEFAULT_THRESHOLDS,
                    tree=None) -> MonthSheet:
        """``db.schedule.month_sheet``, computed once for every view of the window: the tree's
        本月状态, the month grid and the dashboard of one month and data share one reading (a
        month switch computes the standings of 2,000 items once, not once per view).  Any
        write published, or another plan, month, today or thresholds, reads afresh."""
        key = (id(db), plan_id, month, today, thresholds, self.generation)
        if self._sheet is None or self._sheet_key != key:
            self._sheet = month_sheet(db, plan_id, month, today=today, thresholds=thresholds,
                                      tree=tree)
            self._sheet_key = key
        return self._sheet

    def follow(self, view) -> None:
        """Keep ``view`` on this state: its month, plan and thresholds now and from now on.

        The month goes first, so a view shown a new plan reads the right month at once.
        """
        if hasattr(view, "set_month"):
            view.set_month(self.month)
            self.month_changed.connect(view.set_month)
        if hasattr(view, "sheets"):  # the month's sheet shared with the window's other views
            view.sheets = self
        if hasattr(view, "set_thresholds"):
            if getattr(view, "thresholds", None) is not self.thresholds:
                view.set_thresholds(self.thresholds)
            self.thresholds_changed.connect(view.set_thresholds)
        if hasattr(view, "set_plan"):
            view.set_plan(self.plan_id)
            self.plan_changed.connect(lambda plan_id: view.set_plan(plan_id or None))
