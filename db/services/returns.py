"""Returns (回收表) in the ledger: which workbooks went out and which came back, per unit and
month, the secret their signatures are made with, and storing a loaded batch as one undoable
change.

A workbook carries an HMAC (SHA-256, keyed with a secret the ledger makes once and keeps in
``ledger_setting``) over its plan, month, unit and item ids, and one short code per row over
the same plus the row's item id.  An edited id, a row copied from another unit's workbook or a
workbook relabelled for another unit no longer matches, and the row is named.

``store_returns`` writes a batch in the caller's transaction and returns ``StoredReturns``:
the items written and the received records made.  The undo history puts the entries back
(``desktop.undo.ProgressCommand``, checked against the versions it saw) and, in the same
transaction, ``forget_received`` / ``restore_received`` take the records away and bring them
back with the same ids.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from db.models import LedgerSetting, ReturnsReceived, ReturnsSent, Unit, utcnow
from db.services import action
from db.services.deadline_requests import (
    RequestDraft,
    RequestInfo,
    forget_requests,
    record_requests,
    restore_requests,
)
from db.services.plans import check_month
from db.services.progress import record_progress

SECRET_KEY = "returns_secret"
SIGNED = "taizhang-returns-2"


def signing_secret(session: Session) -> bytes:
    """The ledger's returns secret, made on first use."""
    row = session.get(LedgerSetting, SECRET_KEY)
    if row is None:
        row = LedgerSetting(key=SECRET_KEY, value=secrets.token_hex(32))
        session.add(row)
        session.flush()
    return row.value.encode("ascii")


def _mac(secret: bytes, *parts) -> str:
    message = "\n".join(str(p) for p in (SIGNED, *parts)).encode("utf-8")
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def workbook_signature(secret: bytes, plan_id: int, month: str, unit_id: int,
                       item_ids) -> str:
    """The signature of a whole workbook: plan, month, unit and its item ids in order."""
    return _mac(secret, plan_id, month, unit_id, ",".join(str(i) for i in item_ids))


def row_code(secret: bytes, plan_id: int, month: str, unit_id: int, item_id: int) -> str:
    """The short code of one row (12 hex digits): which workbook the item id was sent in."""
    return _mac(secret, plan_id, month, unit_id, "row", item_id)[:12]


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(str(a or ""), str(b or ""))


@dataclass(frozen=True)
class SentWorkbook:
    unit_id: int
    file_name: str
    items: int
    signature: str


@dataclass(frozen=True)
class SentInfo:
    id: int
    plan_id: int
    month: str
    unit_id: int
    unit_name: str
    file_name: str
    items: int
    signature: str
    received: tuple[str, ...]       # file names of the loaded returns, oldest first


@action
def record_sent(session: Session, plan_id: int, month: str,
                workbooks: list[SentWorkbook]) -> list[int]:
    """Record the workbooks made for ``month`` (made again: the unit's record is updated)."""
    check_month(month)
    existing = {r.unit_id: r for r in session.scalars(select(ReturnsSent).where(
        ReturnsSent.plan_id == plan_id, ReturnsSent.month == month))}
    ids = []
    for book in workbooks:
        row = existing.get(book.unit_id)
        if row is None:
            row = ReturnsSent(plan_id=plan_id, month=month, unit_id=book.unit_id)
            session.add(row)
        row.file_name, row.items, row.signature = book.file_name, book.items, book.signature
        row.made_at, row.made_by = utcnow(), session.info.get("user", "")
        session.flush()
        ids.append(row.id)
    return ids


@action
def returns_sent(session: Session, plan_id: int, month: str) -> list[SentInfo]:
    """The workbooks made for ``month``, in the order they were made, with what came back."""
    check_month(month)
    rows = session.execute(
        select(ReturnsSent, Unit.name).join(Unit, Unit.id == ReturnsSent.unit_id)
        .where(ReturnsSent.plan_id == plan_id, ReturnsSent.month == month)
        .order_by(ReturnsSent.id)).all()
    received: dict[int, list[str]] = {}
    if rows:
        for sent_id, name in session.execute(
                select(ReturnsReceived.sent_id, ReturnsReceived.file_name)
                .where(ReturnsReceived.sent_id.in_([r.id for r, _ in rows]))
                .order_by(ReturnsReceived.id)):
            received.setdefault(sent_id, []).append(name)
    return [SentInfo(r.id, r.plan_id, r.month, r.unit_id, name, r.file_name, r.items,
                     r.signature, tuple(received.get(r.id, ()))) for r, name in rows]


def not_returned(sent: list[SentInfo]) -> list[str]:
    """尚未交回: of the workbooks made, the units none of whose workbooks has been loaded
    back (whatever progress their items got by other routes)."""
    return [s.unit_name for s in sent if not s.received]


@action
def units_not_returned(session: Session, plan_id: int, month: str) -> list[str]:
    """``not_returned`` for ``month``."""
    return not_returned(returns_sent.in_session(session, plan_id, month))


# --- storing a loaded batch ------------------------------------------------------------------

@dataclass(frozen=True)
class ReceivedRecord:
    id: int
    sent_id: int
    file_name: str
    filled_rows: int


@dataclass(frozen=True)
class StoredReturns:
    """What loading a batch changed: the items written and the files recorded as returned."""

    plan_id: int
    month: str
    unit_names: tuple[str, ...]
    task_ids: tuple[int, ...]
    received: tuple[ReceivedRecord, ...]
    requests: tuple[RequestInfo, ...] = ()     # 延期申请 the batch carried, stored pending

    @property
    def written(self) -> int:
        return len(self.task_ids)

    @property
    def label(self) -> str:
        """The undo step's name: 载入回收表 县发改局 (or 县发改局等 3 个单位)."""
        names = self.unit_names
        if len(names) == 1:
            return f"载入回收表 {names[0]}"
        if not names:
            return "载入回收表"
        return f"载入回收表 {names[0]}等 {len(names)} 个单位"


def store_returns(session: Session, plan_id: int, month: str,
                  rows: list[tuple[int, dict]],
                  files: list[tuple[int, str, int]],
                  requests: list[RequestDraft] = ()) -> StoredReturns:
    """Write the chosen rows ``(item id, fields incl. reporting_unit_id)``, the 延期申请 and
    one received record per loaded file ``(sent id, file name, filled rows)``, in the
    caller's transaction."""
    check_month(month)
    for task_id, fields in rows:
        record_progress.in_session(session, task_id, month, **fields)
    received = []
    for sent_id, file_name, filled in files:
        record = ReturnsReceived(sent_id=sent_id, file_name=file_name, filled_rows=filled,
                                 loaded_by=session.info.get("user", ""))
        session.add(record)
        session.flush()
        received.append(ReceivedRecord(record.id, sent_id, file_name, filled))
    names = []
    if files:
        sent_units = dict(session.execute(
            select(ReturnsSent.id, Unit.name).join(Unit, Unit.id == ReturnsSent.unit_id)
            .where(ReturnsSent.id.in_([f[0] for f in files]))).all())
        names = list(dict.fromkeys(sent_units[f[0]] for f in files))
    stored_requests = record_requests(session, list(requests))
    return StoredReturns(plan_id, month, tuple(names), tuple(t for t, _ in rows),
                         tuple(received), stored_requests)


@action
def forget_received(session: Session, stored: StoredReturns) -> None:
    """Undo: the files of ``stored`` are no longer recorded as returned, and the 延期申请
    they carried are no longer stored."""
    forget_requests(session, stored.requests)
    ids = [r.id for r in stored.received]
    if ids:
        session.execute(delete(ReturnsReceived).where(ReturnsReceived.id.in_(ids)))


@action
def restore_received(session: Session, stored: StoredReturns) -> None:
    """Redo: the files of ``stored`` are recorded as returned again, with the same ids, and
    their 延期申请 stored again."""
    for r in stored.received:
        session.add(ReturnsReceived(id=r.id, sent_id=r.sent_id, file_name=r.file_name,
                                    filled_rows=r.filled_rows,
                                    loaded_by=session.info.get("user", "")))
    session.flush()
    restore_requests(session, stored.requests)
