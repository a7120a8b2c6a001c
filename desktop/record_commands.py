"""Undoable writes of 延期 (and decisions on 延期申请), 销号 and 佐证材料 (``QUndoCommand``s
over the services).

They go through the window's one ``EditHistory`` like every other edit; removing a file keeps
its bytes in the command, so undo stores it again under the same id.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from db.services import closeout as closeout_services
from db.services import deadline_requests as request_services
from db.services import deadlines as deadline_services
from db.services import evidence as evidence_services
from db.session import Database
from desktop.undo import DomainCommand


def _tr(text: str) -> str:
    """Step names (QUndoCommand is no QObject: no self.tr)."""
    return QCoreApplication.translate("record_commands", text)


class AdjustDeadlineCommand(DomainCommand):
    """调整完成时限: the item's deadline (and so its standing) changes."""

    def __init__(self, db: Database, task_id: int, **fields) -> None:
        super().__init__(_tr("调整完成时限"))
        self.db, self.task_id, self.fields = db, task_id, fields
        self.edited_task = task_id
        self.change: deadline_services.DeadlineChangeInfo | None = None

    def first(self):
        self.change = deadline_services.adjust_deadline(self.db, self.task_id, **self.fields)
        return self.change

    def do(self):
        self.change = deadline_services.reapply_deadline_change(self.db, self.change)

    def undo_it(self):
        deadline_services.withdraw_deadline_change(self.db, self.change.id)


class DecideRequestCommand(DomainCommand):
    """批准 or 不批准 a unit's 延期申请.  Granting is an approved deadline change (the item's
    deadline and standing change); undo puts the request back to 待审批 and, for a grant,
    withdraws the change; redo applies the same change again."""

    def __init__(self, db: Database, request: request_services.RequestInfo, *, grant: bool,
                 **fields) -> None:
        super().__init__(_tr("批准延期申请") if grant else _tr("不批准延期申请"))
        self.db, self.request_id, self.grant, self.fields = db, request.id, grant, fields
        self.edited_task = request.task_id
        self.before = self.after = None
        self.change: deadline_services.DeadlineChangeInfo | None = None

    def first(self):
        if self.grant:
            self.before, self.after, self.change = request_services.grant_request(
                self.db, self.request_id, **self.fields)
        else:
            self.before, self.after = request_services.refuse_request(
                self.db, self.request_id, **self.fields)
        return self.after

    def do(self):
        request_services.put_request(self.db, self.after, self.change)

    def undo_it(self):
        request_services.put_request(self.db, self.before)


class _ProgressRecordCommand(DomainCommand):
    """A write to one item's month records: its row (本月状态) changes, not the tree's shape;
    undo and redo bring the task list, where the item panel shows it, to the front."""

    def __init__(self, text: str, task_id: int) -> None:
        super().__init__(text)
        self.task_id = task_id
        self.edited_task = task_id
        self.month: str | None = None  # the month of the records written (set by each kind)

    def shown_month(self) -> str | None:
        return self.month


class CloseoutCommand(_ProgressRecordCommand):
    """销号 or 退回 of a reported 已完成; undo puts the entry back to 完成待销号."""

    def __init__(self, db: Database, task_id: int, month: str, *, confirm: bool,
                 **fields) -> None:
        super().__init__(_tr("销号") if confirm else _tr("退回"), task_id)
        self.db, self.month, self.confirm, self.fields = db, month, confirm, fields
        self.before = self.after = None

    def first(self):
        self.before = closeout_services.closeout_of(self.db, self.task_id, self.month)
        decide = (closeout_services.confirm_closeout if self.confirm
                  else closeout_services.return_closeout)
        self.after = decide(self.db, self.task_id, self.month, **self.fields)
        return self.after

    def do(self):
        closeout_services.restore_closeout(self.db, self.after)

    def undo_it(self):
        closeout_services.restore_closeout(self.db, self.before)


class AddEvidenceCommand(_ProgressRecordCommand):
    """Files added to an item's month, all in one step."""

    def __init__(self, db: Database, task_id: int, month: str,
                 files: list[evidence_services.EvidenceFile]) -> None:
        super().__init__(_tr("添加佐证材料（{} 个）").format(len(files)), task_id)
        self.db, self.month, self.files = db, month, files
        self.snapshots: list[evidence_services.EvidenceSnapshot] = []

    def first(self):
        added = evidence_services.add_evidence(self.db, self.task_id, self.month, self.files)
        self.snapshots = [evidence_services.EvidenceSnapshot(info, f.data)
                          for info, f in zip(added, self.files)]
        return added

    def do(self):
        for snapshot in self.snapshots:
            evidence_services.restore_evidence(self.db, snapshot)

    def undo_it(self):
        for snapshot in self.snapshots:
            evidence_services.remove_evidence(self.db, snapshot.info.id)


class RemoveEvidenceCommand(_ProgressRecordCommand):
    """One file removed; undo stores it again with its id, name, who and when."""

    def __init__(self, db: Database, evidence_id: int, task_id: int, name: str) -> None:
        super().__init__(_tr("删除佐证材料“{}”").format(name), task_id)
        self.db, self.evidence_id = db, evidence_id
        self.snapshot: evidence_services.EvidenceSnapshot | None = None

    def first(self):
        self.snapshot = evidence_services.remove_evidence(self.db, self.evidence_id)
        return self.snapshot

    def shown_month(self) -> str | None:
        return self.snapshot.info.month if self.snapshot is not None else None

    def do(self):
        evidence_services.remove_evidence(self.db, self.evidence_id)

    def undo_it(self):
        evidence_services.restore_evidence(self.db, self.snapshot)
