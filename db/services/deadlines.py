"""延期: approved changes of a work item's 完成时限, kept as a history.

``TaskNode.deadline`` / ``deadline_text`` always hold the current (adjusted) deadline, so
序时进度, 逾期 and 临期 (``db.schedule``) follow it with no extra rule; the history keeps what the
plan set (原定) for the reports' note "原定2026年6月底前，经批准调整至9月底前".
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.errors import InvalidInput, NotFound
from db.models import DeadlineChange, TaskNode, utcnow
from db.services import action


def deadline_words(deadline: dt.date | None) -> str:
    """A date as offices write a deadline: 2026年9月底前, 2026年9月15日前."""
    if deadline is None:
        return ""
    next_day = deadline + dt.timedelta(days=1)
    if next_day.month != deadline.month:
        return f"{deadline.year}年{deadline.month}月底前"
    return f"{deadline.year}年{deadline.month}月{deadline.day}日前"


@dataclass(frozen=True)
class DeadlineChangeInfo:
    id: int
    task_id: int
    old_deadline: dt.date | None
    old_deadline_text: str
    new_deadline: dt.date
    new_deadline_text: str
    reason: str
    approved_by: str
    approved_on: dt.date | None
    entered_by: str
    entered_at: dt.datetime

    @property
    def old_text(self) -> str:
        return self.old_deadline_text or deadline_words(self.old_deadline)

    @property
    def new_text(self) -> str:
        return self.new_deadline_text or deadline_words(self.new_deadline)


@dataclass(frozen=True)
class DeadlineHistory:
    """A work item's deadline: the plan's (原定), the current one, and the approved changes."""

    task_id: int
    changes: tuple[DeadlineChangeInfo, ...]   # oldest first; never empty

    @property
    def original_text(self) -> str:
        return self.changes[0].old_text

    @property
    def original_deadline(self) -> dt.date | None:
        return self.changes[0].old_deadline

    @property
    def current_text(self) -> str:
        return self.changes[-1].new_text

    @property
    def current_deadline(self) -> dt.date:
        return self.changes[-1].new_deadline

    def note(self) -> str:
        """原定2026年6月底前，经批准调整至9月底前 (the year is said once when it is the same)."""
        original, current = self.original_text, self.current_text
        year = f"{self.original_deadline.year}年" if self.original_deadline else ""
        if (year and current.startswith(year) and original.startswith(year)
                and self.current_deadline.year == self.original_deadline.year):
            current = current[len(year):]
        return f"原定{original}，经批准调整至{current}" if original else f"经批准调整至{current}"


def change_info(row: DeadlineChange) -> DeadlineChangeInfo:
    return DeadlineChangeInfo(
        id=row.id, task_id=row.task_id, old_deadline=row.old_deadline,
        old_deadline_text=row.old_deadline_text, new_deadline=row.new_deadline,
        new_deadline_text=row.new_deadline_text, reason=row.reason,
        approved_by=row.approved_by, approved_on=row.approved_on, entered_by=row.entered_by,
        entered_at=row.entered_at)


def _node(session: Session, task_id: int) -> TaskNode:
    node = session.get(TaskNode, task_id)
    if node is None:
        raise NotFound(f"工作事项不存在（编号 {task_id}）。")
    return node


@action
def adjust_deadline(session: Session, task_id: int, *, deadline: dt.date | None,
                    deadline_text: str = "", reason: str, approved_by: str,
                    approved_on: dt.date | None = None) -> DeadlineChangeInfo:
    """调整完成时限: record an approved change and make it the item's current deadline."""
    node = _node(session, task_id)
    reason, approved_by = (reason or "").strip(), (approved_by or "").strip()
    deadline_text = (deadline_text or "").strip() or deadline_words(deadline)
    if deadline is None:
        raise InvalidInput("请填写调整后的完成日期（序时进度按这个日期计算）。")
    if not reason:
        raise InvalidInput("请填写调整完成时限的原因。")
    if not approved_by:
        raise InvalidInput("请填写批准人（或批准单位）。")
    if deadline == node.deadline and deadline_text == (node.deadline_text or ""):
        raise InvalidInput(f"新的完成时限“{deadline_text}”与当前相同，无需调整。")
    if approved_on is not None and approved_on > dt.date.today() + dt.timedelta(days=1):
        raise InvalidInput(f"批准日期 {approved_on.isoformat()} 还没有到。")
    row = DeadlineChange(
        task_id=task_id, old_deadline=node.deadline, old_deadline_text=node.deadline_text or "",
        new_deadline=deadline, new_deadline_text=deadline_text, reason=reason,
        approved_by=approved_by, approved_on=approved_on,
        entered_by=session.info.get("user", ""), entered_at=utcnow())
    session.add(row)
    node.deadline, node.deadline_text = deadline, deadline_text
    session.flush()
    return change_info(row)


@action
def withdraw_deadline_change(session: Session, change_id: int) -> DeadlineChangeInfo:
    """Take back the latest change of an item (undo): its deadline returns to the one before."""
    row = session.get(DeadlineChange, change_id)
    if row is None:
        raise NotFound(f"完成时限调整记录不存在（编号 {change_id}）。")
    latest = session.scalar(select(DeadlineChange.id).where(DeadlineChange.task_id == row.task_id)
                            .order_by(DeadlineChange.id.desc()).limit(1))
    if latest != row.id:
        raise InvalidInput("只能撤销该事项最近一次的完成时限调整。")
    info = change_info(row)
    node = _node(session, row.task_id)
    node.deadline, node.deadline_text = row.old_deadline, row.old_deadline_text
    session.delete(row)
    session.flush()
    return info


@action
def reapply_deadline_change(session: Session, info: DeadlineChangeInfo) -> DeadlineChangeInfo:
    """Redo a withdrawn change with its own id, approval and time."""
    node = _node(session, info.task_id)
    row = DeadlineChange(
        id=info.id, task_id=info.task_id, old_deadline=node.deadline,
        old_deadline_text=node.deadline_text or "", new_deadline=info.new_deadline,
        new_deadline_text=info.new_deadline_text, reason=info.reason,
        approved_by=info.approved_by, approved_on=info.approved_on,
        entered_by=info.entered_by, entered_at=info.entered_at)
    session.add(row)
    node.deadline, node.deadline_text = info.new_deadline, info.new_deadline_text
    session.flush()
    return change_info(row)


def histories_in_session(session: Session, task_ids=None, *,
                         plan_id: int | None = None) -> dict[int, DeadlineHistory]:
    query = select(DeadlineChange).order_by(DeadlineChange.task_id, DeadlineChange.id)
    if plan_id is not None:
        query = query.join(TaskNode, TaskNode.id == DeadlineChange.task_id).where(
            TaskNode.plan_id == plan_id)
    if task_ids is not None:
        query = query.where(DeadlineChange.task_id.in_(list(task_ids)))
    grouped: dict[int, list[DeadlineChangeInfo]] = {}
    for row in session.scalars(query):
        grouped.setdefault(row.task_id, []).append(change_info(row))
    return {task_id: DeadlineHistory(task_id, tuple(changes))
            for task_id, changes in grouped.items()}


@action
def deadline_history(session: Session, task_id: int) -> DeadlineHistory | None:
    """The item's deadline history, or None when its deadline was never adjusted."""
    _node(session, task_id)
    return histories_in_session(session, [task_id]).get(task_id)


@action
def plan_deadline_histories(session: Session, plan_id: int) -> dict[int, DeadlineHistory]:
    """{work item id: its history} for the items of the plan whose deadline was adjusted."""
    return histories_in_session(session, plan_id=plan_id)
