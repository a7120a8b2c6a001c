"""延期申请: a unit asks, in its returned 回收表, for a later 完成时限 (date and reason); the
office grants it — which is one approved deadline change (``db.services.deadlines``) — or
refuses it with a reason.  Until then the request is pending (待审批) and the deadline stays.

Requests are written with the loaded batch (``record_requests`` in the caller's transaction;
the load's undo takes them away with ``forget_requests`` and its redo brings them back with
``restore_requests``).  ``grant_request`` / ``refuse_request`` return the request as it was and
as it is, so the undo history can put either back (``put_request``).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from db.errors import InvalidInput, NotFound
from db.models import DeadlineRequest, TaskNode, Unit, utcnow
from db.services import action
from db.services.deadlines import (
    DeadlineChangeInfo,
    adjust_deadline,
    deadline_words,
    reapply_deadline_change,
    withdraw_deadline_change,
)

PENDING, GRANTED, REFUSED = "pending", "granted", "refused"
STATE_WORDS = {PENDING: "待审批", GRANTED: "已批准", REFUSED: "未批准"}


@dataclass(frozen=True)
class RequestDraft:
    """A request as read from a returned workbook, before it is stored."""

    task_id: int
    month: str
    unit_id: int | None
    requested_deadline: dt.date
    requested_text: str
    reason: str
    file_name: str = ""

    @property
    def text(self) -> str:
        return self.requested_text or deadline_words(self.requested_deadline)


@dataclass(frozen=True)
class RequestInfo:
    id: int
    task_id: int
    month: str
    unit_id: int | None
    unit_name: str
    requested_deadline: dt.date
    requested_text: str
    reason: str
    file_name: str
    state: str
    decided_by: str
    decided_on: dt.date | None
    decision_note: str
    change_id: int | None
    entered_by: str
    entered_at: dt.datetime

    @property
    def text(self) -> str:
        """The requested deadline as the unit wrote it (else as offices write a date)."""
        return self.requested_text or deadline_words(self.requested_deadline)

    @property
    def word(self) -> str:
        return STATE_WORDS.get(self.state, self.state)

    @property
    def pending(self) -> bool:
        return self.state == PENDING


def _info(row: DeadlineRequest, unit_name: str = "") -> RequestInfo:
    return RequestInfo(
        id=row.id, task_id=row.task_id, month=row.month, unit_id=row.unit_id,
        unit_name=unit_name, requested_deadline=row.requested_deadline,
        requested_text=row.requested_text or "", reason=row.reason or "",
        file_name=row.file_name or "", state=row.state, decided_by=row.decided_by or "",
        decided_on=row.decided_on, decision_note=row.decision_note or "",
        change_id=row.change_id, entered_by=row.entered_by or "", entered_at=row.entered_at)


def _with_unit(session: Session, row: DeadlineRequest) -> RequestInfo:
    name = session.get(Unit, row.unit_id).name if row.unit_id is not None else ""
    return _info(row, name)


def _row(session: Session, request_id: int) -> DeadlineRequest:
    row = session.get(DeadlineRequest, request_id)
    if row is None:
        raise NotFound(f"延期申请不存在（编号 {request_id}）。")
    return row


def _pending(session: Session, request_id: int) -> DeadlineRequest:
    row = _row(session, request_id)
    if row.state != PENDING:
        raise InvalidInput(f"这条延期申请已经处理过了（{STATE_WORDS.get(row.state, row.state)}）。")
    return row


def record_requests(session: Session, drafts: list[RequestDraft]) -> tuple[RequestInfo, ...]:
    """Store the requests of a loaded batch as pending, in the caller's transaction.  A
    request already pending for the item with the same date and reason (the same file loaded
    again) is not stored twice."""
    stored = []
    user = session.info.get("user", "")
    for d in drafts:
        if session.get(TaskNode, d.task_id) is None:
            raise NotFound(f"工作事项不存在（编号 {d.task_id}）。")
        same = session.scalar(select(DeadlineRequest.id).where(
            DeadlineRequest.task_id == d.task_id, DeadlineRequest.state == PENDING,
            DeadlineRequest.requested_deadline == d.requested_deadline,
            DeadlineRequest.reason == d.reason).limit(1))
        if same is not None:
            continue
        row = DeadlineRequest(task_id=d.task_id, month=d.month, unit_id=d.unit_id,
                              requested_deadline=d.requested_deadline,
                              requested_text=d.requested_text, reason=d.reason,
                              file_name=d.file_name, state=PENDING, entered_by=user,
                              entered_at=utcnow())
        session.add(row)
        session.flush()
        stored.append(_with_unit(session, row))
    return tuple(stored)


def forget_requests(session: Session, requests) -> None:
    """Undo of a load: its requests are no longer stored."""
    ids = [r.id for r in requests]
    if ids:
        session.execute(delete(DeadlineRequest).where(DeadlineRequest.id.in_(ids)))


def restore_requests(session: Session, requests) -> None:
    """Redo of a load: its requests are stored again with the same ids, as they were."""
    for r in requests:
        session.add(DeadlineRequest(
            id=r.id, task_id=r.task_id, month=r.month, unit_id=r.unit_id,
            requested_deadline=r.requested_deadline, requested_text=r.requested_text,
            reason=r.reason, file_name=r.file_name, state=r.state, decided_by=r.decided_by,
            decided_on=r.decided_on, decision_note=r.decision_note, change_id=r.change_id,
            entered_by=r.entered_by, entered_at=r.entered_at))
    session.flush()


def _who(session: Session, by: str) -> str:
    return (by or "").strip() or session.info.get("user", "")


@action
def grant_request(session: Session, request_id: int, *, approved_by: str,
                  approved_on: dt.date | None = None, deadline: dt.date | None = None,
                  deadline_text: str | None = None, reason: str | None = None
                  ) -> tuple[RequestInfo, RequestInfo, DeadlineChangeInfo]:
    """批准: the requested deadline (or the one the office settles on) becomes the item's, as
    one approved deadline change.  Returns (request before, request after, the change)."""
    row = _pending(session, request_id)
    before = _with_unit(session, row)
    change = adjust_deadline.in_session(
        session, row.task_id, deadline=deadline or row.requested_deadline,
        deadline_text=row.requested_text if deadline_text is None else deadline_text,
        reason=row.reason if reason is None else reason, approved_by=approved_by,
        approved_on=approved_on)
    row.state, row.change_id = GRANTED, change.id
    row.decided_by, row.decided_on = change.approved_by, approved_on or dt.date.today()
    row.decision_note = ""
    session.flush()
    return before, _with_unit(session, row), change


@action
def refuse_request(session: Session, request_id: int, *, reason: str, by: str = "",
                   on: dt.date | None = None) -> tuple[RequestInfo, RequestInfo]:
    """不批准: the deadline stays; the reason is kept for the unit.  Returns (before, after)."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("不批准延期申请时请填写原因，单位据此按原时限推进。")
    row = _pending(session, request_id)
    before = _with_unit(session, row)
    row.state, row.decided_by = REFUSED, _who(session, by)
    row.decided_on, row.decision_note = on or dt.date.today(), reason
    session.flush()
    return before, _with_unit(session, row)


@action
def put_request(session: Session, snapshot: RequestInfo,
                change: DeadlineChangeInfo | None = None) -> RequestInfo:
    """Undo / redo of a decision: the request as ``snapshot`` has it.  Going back to pending
    from 已批准 withdraws the deadline change it made; going to 已批准 applies ``change``
    again (same id)."""
    row = _row(session, snapshot.id)
    made = row.change_id
    if snapshot.state == GRANTED and made is None:
        if change is None:
            raise InvalidInput("缺少这条延期申请批准时的完成时限调整记录。")
        reapply_deadline_change.in_session(session, change)
    row.state, row.decided_by = snapshot.state, snapshot.decided_by
    row.decided_on, row.decision_note = snapshot.decided_on, snapshot.decision_note
    row.change_id = snapshot.change_id
    session.flush()
    if snapshot.state != GRANTED and made is not None:
        withdraw_deadline_change.in_session(session, made)
    return _with_unit(session, row)


def _query():
    return (select(DeadlineRequest, Unit.name)
            .outerjoin(Unit, Unit.id == DeadlineRequest.unit_id))


@action
def requests_of(session: Session, task_id: int) -> list[RequestInfo]:
    """The item's requests, newest first."""
    rows = session.execute(_query().where(DeadlineRequest.task_id == task_id)
                           .order_by(DeadlineRequest.id.desc()))
    return [_info(r, name or "") for r, name in rows]


def requests_in_session(session: Session, plan_id: int, *, pending_only: bool = False
                        ) -> dict[int, list[RequestInfo]]:
    """{work item id: its requests, oldest first} for the plan."""
    query = (_query().join(TaskNode, TaskNode.id == DeadlineRequest.task_id)
             .where(TaskNode.plan_id == plan_id).order_by(DeadlineRequest.id))
    if pending_only:
        query = query.where(DeadlineRequest.state == PENDING)
    grouped: dict[int, list[RequestInfo]] = {}
    for r, name in session.execute(query):
        grouped.setdefault(r.task_id, []).append(_info(r, name or ""))
    return grouped


@action
def pending_requests(session: Session, plan_id: int) -> list[RequestInfo]:
    """The plan's requests waiting for the office, oldest first (its to-do list)."""
    grouped = requests_in_session(session, plan_id, pending_only=True)
    return sorted((r for rows in grouped.values() for r in rows), key=lambda r: r.id)
