"""销号: a unit's 已完成 is 完成待销号 until the office confirms it (销号) or sends it back (退回).

The decision sits on the month entry that claims completion (``Progress.closeout``,
``closeout_on``, ``closeout_by``, ``closeout_note``).  ``settle_claim`` keeps it in step with
every progress write: a fresh claim (status 已完成 or 100%) starts 待销号, also after a 退回;
an entry that stops claiming completion has nothing left to close.  ``db.schedule.assess``
turns the state into the standing (待销号 and 退回 are not done), so every count and colour
follows one rule.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.errors import InvalidInput, NotFound
from db.models import Closeout, Progress, Status, TaskNode
from db.services import action
from db.services.plans import check_month

CLOSEOUT_WORDS = {Closeout.PENDING.value: "完成待销号", Closeout.CLOSED.value: "已销号",
                  Closeout.RETURNED.value: "已退回"}
DONE = Status.DONE.value


def claims_done(status: str | None, percent: int | None) -> bool:
    """The entry says the item is finished (已完成, or 100%)."""
    return status == DONE or (percent is not None and percent >= 100)


def settle_claim(session: Session, row: Progress, touched: set[str]) -> None:
    """After a write to ``row`` (fields ``touched``): a new claim of completion waits for 销号,
    unless the item was already closed out in an earlier month (a later 已完成 repeats it)."""
    claims = claims_done(row.status, row.percent)
    state = row.closeout or Closeout.NONE.value
    if claims and state == Closeout.NONE.value:
        earlier = _earlier_claim(session, row)
        if earlier is not None and earlier.closeout == Closeout.CLOSED.value:
            _set(row, Closeout.CLOSED.value, on=earlier.closeout_on, by=earlier.closeout_by,
                 note=earlier.closeout_note)
        else:
            _set(row, Closeout.PENDING.value)
    elif claims and state == Closeout.RETURNED.value and touched & {"status", "percent"}:
        _set(row, Closeout.PENDING.value)  # reported again after being sent back
    elif not claims and state != Closeout.NONE.value:
        _set(row, Closeout.NONE.value)


def _earlier_claim(session: Session, row: Progress) -> Progress | None:
    with session.no_autoflush:  # the row being written is flushed once, by the caller
        return session.scalar(select(Progress).where(
            Progress.task_id == row.task_id, Progress.month < row.month,
            Progress.closeout != Closeout.NONE.value).order_by(Progress.month.desc()).limit(1))


def _set(row: Progress, state: str, *, on: dt.date | None = None, by: str = "",
         note: str = "") -> None:
    row.closeout, row.closeout_on, row.closeout_by, row.closeout_note = state, on, by, note


@dataclass(frozen=True)
class CloseoutInfo:
    """The close-out fields of one month entry (also the snapshot undo restores)."""

    task_id: int
    month: str
    state: str
    on: dt.date | None
    by: str
    note: str

    @property
    def word(self) -> str:
        return CLOSEOUT_WORDS.get(self.state, "")


def closeout_info(row: Progress) -> CloseoutInfo:
    return CloseoutInfo(task_id=row.task_id, month=row.month, state=row.closeout or "",
                        on=row.closeout_on, by=row.closeout_by or "",
                        note=row.closeout_note or "")


def _entry(session: Session, task_id: int, month: str) -> Progress:
    check_month(month)
    if session.get(TaskNode, task_id) is None:
        raise NotFound(f"工作事项不存在（编号 {task_id}）。")
    row = session.scalar(select(Progress).where(Progress.task_id == task_id,
                                                Progress.month == month))
    if row is None:
        raise InvalidInput(f"该事项 {month} 没有月度进展，无从销号。")
    return row


def _pending(session: Session, task_id: int, month: str) -> Progress:
    row = _entry(session, task_id, month)
    if row.closeout != Closeout.PENDING.value:
        now = CLOSEOUT_WORDS.get(row.closeout, "未报已完成")
        raise InvalidInput(f"该事项 {month} 的进展不是“完成待销号”（现为：{now}）。")
    return row


def _who(session: Session, by: str) -> str:
    return (by or "").strip() or session.info.get("user", "")


@action
def confirm_closeout(session: Session, task_id: int, month: str, *, by: str = "",
                     on: dt.date | None = None, note: str = "") -> CloseoutInfo:
    """销号: the office confirms the unit's 已完成 (date, who, note)."""
    row = _pending(session, task_id, month)
    _set(row, Closeout.CLOSED.value, on=on or dt.date.today(), by=_who(session, by),
         note=(note or "").strip())
    session.flush()
    return closeout_info(row)


@action
def return_closeout(session: Session, task_id: int, month: str, *, reason: str,
                    by: str = "", on: dt.date | None = None) -> CloseoutInfo:
    """退回: the office sends the 已完成 back to the unit, with the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("退回时请填写退回原因，单位据此补充或整改。")
    row = _pending(session, task_id, month)
    _set(row, Closeout.RETURNED.value, on=on or dt.date.today(), by=_who(session, by),
         note=reason)
    session.flush()
    return closeout_info(row)


@action
def restore_closeout(session: Session, snapshot: CloseoutInfo) -> CloseoutInfo:
    """Put an entry's close-out fields back as ``snapshot`` has them (undo / redo)."""
    row = _entry(session, snapshot.task_id, snapshot.month)
    _set(row, snapshot.state, on=snapshot.on, by=snapshot.by, note=snapshot.note)
    session.flush()
    return closeout_info(row)


@action
def closeout_of(session: Session, task_id: int, month: str) -> CloseoutInfo | None:
    """The close-out fields of the item's month entry (None without an entry)."""
    check_month(month)
    row = session.scalar(select(Progress).where(Progress.task_id == task_id,
                                                Progress.month == month))
    return closeout_info(row) if row is not None else None


@action
def awaiting_closeout(session: Session, plan_id: int) -> list[CloseoutInfo]:
    """Every entry of the plan waiting for 销号, oldest month first (the office's to-do list)."""
    rows = session.scalars(
        select(Progress).join(TaskNode, TaskNode.id == Progress.task_id)
        .where(TaskNode.plan_id == plan_id, Progress.closeout == Closeout.PENDING.value)
        .order_by(Progress.month, Progress.task_id))
    return [closeout_info(r) for r in rows]
