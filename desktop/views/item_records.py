"""The selected work item's records beside its monthly progress: deadline changes (延期) and
the units' 延期申请 to grant or refuse,
close-out of a reported 已完成 (销号 / 退回) and the month's evidence files (佐证材料).

Reads through services only; every write is an undoable command on the window's history,
whose change notice refreshes this panel like every other view.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from db.errors import InvalidInput, NotFound
from db.models import Closeout
from db.schedule import task_standing
from db.services import closeout as closeout_services
from db.services import deadline_requests as request_services
from db.services import deadlines as deadline_services
from db.services import evidence as evidence_services
from db.services.tasks import get_task
from desktop import prompts
from desktop.dialogs import closeout_dialog, deadline_dialog, evidence_files
from desktop.record_commands import (
    AddEvidenceCommand,
    AdjustDeadlineCommand,
    CloseoutCommand,
    DecideRequestCommand,
    RemoveEvidenceCommand,
)
from desktop.state import month_label

EVIDENCE_ID = Qt.ItemDataRole.UserRole


def _tr(text: str) -> str:
    return QCoreApplication.translate("ItemRecordsPanel", text)


def _date_words(day) -> str:
    return _tr("{}年{}月{}日").format(day.year, day.month, day.day) if day else ""


class ItemRecordsPanel(QWidget):
    def __init__(self, db, history, *, today=None, parent=None) -> None:
        super().__init__(parent)
        self.db, self.history, self.today = db, history, today
        self.task_id: int | None = None
        self.request: request_services.RequestInfo | None = None   # the 延期申请 waiting
        self.month: str | None = None
        self.plan_id: int | None = None

        # 完成时限 ----------------------------------------------------------------------------
        self.deadline_summary = QLabel()
        self.deadline_summary.setWordWrap(True)
        self.deadline_summary.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        self.changes = QLabel()  # every approved change, newest first, wrapped to the width
        self.changes.setWordWrap(True)
        self.changes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.changes.setStyleSheet("color: #444;")
        self.adjust_button = QPushButton(self.tr("调整完成时限…"))
        self.adjust_button.setToolTip(self.tr("记录经批准的延期：新的完成时限、原因、批准人"))
        self.adjust_button.clicked.connect(lambda: self._guarded(self.adjust_deadline))
        # 延期申请 from the units' returns: the latest one, with 批准/不批准 while it waits
        self.request_state = QLabel()
        self.request_state.setWordWrap(True)
        self.request_state.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.grant_button = QPushButton(self.tr("批准延期…"))
        self.grant_button.setToolTip(self.tr("按单位申请（可修改）调整完成时限，记下批准人"))
        self.refuse_button = QPushButton(self.tr("不批准…"))
        self.refuse_button.setToolTip(self.tr("完成时限不变，写明不批准的原因"))
        self.grant_button.clicked.connect(lambda: self._guarded(lambda: self.decide_request(True)))
        self.refuse_button.clicked.connect(
            lambda: self._guarded(lambda: self.decide_request(False)))
        deadline_box = QGroupBox(self.tr("完成时限"))
        deadline_layout = QVBoxLayout(deadline_box)
        deadline_layout.addWidget(self.deadline_summary)
        deadline_layout.addWidget(self.changes)
        deadline_layout.addWidget(self.request_state)
        deadline_buttons = QHBoxLayout()
        deadline_buttons.addWidget(self.adjust_button)
        deadline_buttons.addWidget(self.grant_button)
        deadline_buttons.addWidget(self.refuse_button)
        deadline_buttons.addStretch(1)
        deadline_layout.addLayout(deadline_buttons)

        # 销号 ------------------------------------------------------------------------------
        self.closeout_state = QLabel()
        self.closeout_state.setWordWrap(True)
        self.confirm_button = QPushButton(self.tr("销号…"))
        self.confirm_button.setToolTip(self.tr("核实单位报的已完成后销号"))
        self.return_button = QPushButton(self.tr("退回…"))
        self.return_button.setToolTip(self.tr("把单位报的已完成退回，写明原因"))
        self.confirm_button.clicked.connect(lambda: self._guarded(lambda: self.decide(True)))
        self.return_button.clicked.connect(lambda: self._guarded(lambda: self.decide(False)))
        self.closeout_box = QGroupBox(self.tr("销号"))
        closeout_layout = QVBoxLayout(self.closeout_box)
        closeout_layout.addWidget(self.closeout_state)
        closeout_buttons = QHBoxLayout()
        closeout_buttons.addWidget(self.confirm_button)
        closeout_buttons.addWidget(self.return_button)
        closeout_buttons.addStretch(1)
        closeout_layout.addLayout(closeout_buttons)

        # 佐证材料 ----------------------------------------------------------------------------
        self.files = QListWidget()
        self.files.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.files.itemDoubleClicked.connect(lambda _item: self._guarded(self.open_selected))
        self.files.currentRowChanged.connect(self._update_buttons)
        self.add_button = QPushButton(self.tr("添加…"))
        self.add_button.setToolTip(self.tr("PDF、图片、Word、Excel，每个文件不超过 {0}")
                                   .format(evidence_services.size_words(
                                       evidence_services.MAX_BYTES)))
        self.open_button = QPushButton(self.tr("打开"))
        self.save_button = QPushButton(self.tr("另存为…"))
        self.remove_button = QPushButton(self.tr("删除"))
        self.add_button.clicked.connect(lambda: self._guarded(self.add_files))
        self.open_button.clicked.connect(lambda: self._guarded(self.open_selected))
        self.save_button.clicked.connect(lambda: self._guarded(self.save_selected))
        self.remove_button.clicked.connect(lambda: self._guarded(self.remove_selected))
        self.evidence_box = QGroupBox(self.tr("佐证材料"))
        evidence_layout = QVBoxLayout(self.evidence_box)
        # the buttons above the list: on a 768-pixel screen they stay in view with a
        # deadline history and the 销号 box above, the list scrolls its own rows
        file_buttons = QHBoxLayout()
        for button in (self.add_button, self.open_button, self.save_button, self.remove_button):
            file_buttons.addWidget(button)
        file_buttons.addStretch(1)
        evidence_layout.addLayout(file_buttons)
        evidence_layout.addWidget(self.files)

        # Scrolls rather than squeezing a wrapped line away on a small screen.
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(deadline_box)
        layout.addWidget(self.closeout_box)
        layout.addWidget(self.evidence_box, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        rows = self.files.fontMetrics().height() + 4
        self.files.setMinimumHeight(3 * rows + 2 * self.files.frameWidth())
        # as wide as its widest row of buttons, so nothing is cut off at the right
        self.setMinimumWidth(content.minimumSizeHint().width()
                             + scroll.verticalScrollBar().sizeHint().width() + 4)
        self._evidence: list[evidence_services.EvidenceInfo] = []
        self.refresh()

    # --- following the window -------------------------------------------------------------
    def set_plan(self, plan_id: int | None) -> None:
        self.plan_id = plan_id
        self.task_id = None
        self.refresh()

    def set_month(self, month: str) -> None:
        self.month = month
        self.refresh()

    def set_task(self, task_id: int | None) -> None:
        self.task_id = task_id
        self.refresh()

    def refresh(self) -> None:
        try:
            task = get_task(self.db, self.task_id) if self.task_id else None
        except NotFound:  # deleted meanwhile (or by an undo)
            task = self.task_id = None
        self.task = task
        self.setEnabled(task is not None)
        self._show_deadline(task)
        self._show_closeout(task)
        self._show_evidence(task)

    def _show_deadline(self, task) -> None:
        history = deadline_services.deadline_history(self.db, task.id) if task else None
        current = (task.deadline_text or deadline_services.deadline_words(task.deadline)
                   if task else "")
        if task is None:
            self.deadline_summary.setText(self.tr("请选择一个工作事项。"))
        elif history is None:
            self.deadline_summary.setText(self.tr("当前：{0}（未调整）").format(
                current or self.tr("未定")))
        else:
            self.deadline_summary.setText(self.tr("原定：{0}\n调整后：{1}（已调整 {2} 次）").format(
                history.original_text or self.tr("未定"), history.current_text,
                len(history.changes)))
        changes = history.changes if history else ()
        lines = [self.tr("{0}　{1}批准调整至{2}。原因：{3}").format(
            _date_words(c.approved_on) or self.tr("（未记批准日期）"), c.approved_by,
            c.new_text, c.reason) for c in reversed(changes)]
        self.changes.setText("\n".join(lines))
        self.changes.setVisible(bool(changes))
        self._show_request(task)

    def _show_request(self, task) -> None:
        requests = request_services.requests_of(self.db, task.id) if task else []
        pending = [r for r in requests if r.pending]
        self.request = pending[0] if pending else None
        shown = self.request or (requests[0] if requests else None)
        if shown is None:
            text = ""
        else:
            text = self.tr("延期申请（{0}，{1}）：申请调整至{2}。理由：{3}").format(
                shown.unit_name or self.tr("单位"), month_label(shown.month), shown.text,
                shown.reason)
            if shown.pending:
                text += self.tr("　【待审批】")
            elif shown.state == request_services.GRANTED:
                text += self.tr("　【已批准：{0}，{1}】").format(
                    shown.decided_by, _date_words(shown.decided_on))
            else:
                text += self.tr("　【未批准：{0}，{1}。原因：{2}】").format(
                    shown.decided_by, _date_words(shown.decided_on), shown.decision_note)
            if len(pending) > 1:
                text += self.tr("（另有 {0} 条待审批，处理后依次显示）").format(len(pending) - 1)
        self.request_state.setText(text)
        self.request_state.setVisible(bool(text))
        self.request_state.setStyleSheet("color: #9c5700;" if self.request else "color: #444;")
        self.grant_button.setVisible(self.request is not None)
        self.refuse_button.setVisible(self.request is not None)

    def _show_closeout(self, task) -> None:
        info = (closeout_services.closeout_of(self.db, task.id, self.month)
                if task and self.month else None)
        month = month_label(self.month) if self.month else ""
        self.closeout_box.setTitle(self.tr("销号（{0}）").format(month) if month
                                   else self.tr("销号"))
        pending = info is not None and info.state == Closeout.PENDING.value
        self.confirm_button.setEnabled(pending)
        self.return_button.setEnabled(pending)
        if task is None:
            text = ""
        elif info is None or not info.state:
            text = self._closeout_from_standing(task)
        elif pending:
            text = self.tr("完成待销号：单位已报已完成，待专班办公室核实销号。")
        elif info.state == Closeout.CLOSED.value:
            text = self.tr("已销号：{0}，{1}").format(_date_words(info.on), info.by or "—")
            if info.note:
                text += self.tr("。说明：{0}").format(info.note)
        else:
            text = self.tr("已退回：{0}，{1}。原因：{2}").format(
                _date_words(info.on), info.by or "—", info.note)
        self.closeout_state.setText(text)

    def _closeout_from_standing(self, task) -> str:
        standing = task_standing(self.db, task.id, self.month, today=self.today)
        if standing.awaiting_closeout:
            return self.tr("完成待销号（以前月份报的已完成，请在报已完成的月份销号）。")
        if standing.done:
            return self.tr("已完成（以前月份已销号）。")
        return self.tr("本月没有报已完成，无需销号。")

    def _show_evidence(self, task) -> None:
        month = month_label(self.month) if self.month else ""
        self.evidence_box.setTitle(self.tr("佐证材料（{0}）").format(month) if month
                                   else self.tr("佐证材料"))
        self._evidence = (evidence_services.list_evidence(self.db, task.id, self.month)
                          if task and self.month else [])
        self.files.clear()
        for info in self._evidence:
            item = QListWidgetItem(f"{info.name}　{evidence_services.size_words(info.size)}")
            item.setData(EVIDENCE_ID, info.id)
            item.setToolTip(self.tr("{0}\n{1}，{2} 添加\nSHA-256：{3}").format(
                info.name, info.added_by or "—", info.added_at.strftime("%Y-%m-%d %H:%M"),
                info.sha256))
            self.files.addItem(item)
        self.add_button.setEnabled(task is not None and self.month is not None)
        self._update_buttons()

    def _update_buttons(self, *_args) -> None:
        chosen = self._selected() is not None
        for button in (self.open_button, self.save_button, self.remove_button):
            button.setEnabled(chosen)

    # --- actions ----------------------------------------------------------------------------
    def _guarded(self, fn) -> None:
        try:
            fn()
        except Exception as exc:  # noqa: BLE001 - shown to the clerk, bugs logged
            prompts.show_error(self, exc)
            self.refresh()

    def _item_text(self) -> str:
        return f"{self.task.number} {self.task.text.splitlines()[0] if self.task.text else ''}"

    def adjust_deadline(self) -> None:
        if self.task is None:
            return
        values = deadline_dialog.ask_deadline_change(
            self, item_text=self._item_text(),
            current_text=self.task.deadline_text
            or deadline_services.deadline_words(self.task.deadline),
            current_date=self.task.deadline, today=self.today)
        if values is None:
            return
        self.history.perform(AdjustDeadlineCommand(self.db, self.task.id, **values))

    def decide_request(self, grant: bool) -> None:
        request = self.request
        if self.task is None or request is None:
            return
        if grant:
            values = deadline_dialog.ask_deadline_change(
                self, item_text=self._item_text(),
                current_text=self.task.deadline_text
                or deadline_services.deadline_words(self.task.deadline),
                current_date=self.task.deadline, today=self.today, request=request)
            if values is None:
                return
            self.history.perform(DecideRequestCommand(self.db, request, grant=True, **values))
            return
        reason = prompts.ask_text(
            self, self.tr("不批准延期申请"),
            self.tr("不批准{0}申请调整至{1}，原因（单位据此按原时限推进）：").format(
                request.unit_name or self.tr("单位"), request.text))
        if reason is None:
            return
        self.history.perform(DecideRequestCommand(
            self.db, request, grant=False, reason=reason, by=self.db.user,
            on=self.today or None))

    def decide(self, confirm: bool) -> None:
        if self.task is None or self.month is None:
            return
        values = closeout_dialog.ask_closeout(
            self, confirm=confirm, item_text=self._item_text(),
            month_text=month_label(self.month), user=self.db.user, today=self.today)
        if values is None:
            return
        self.history.perform(CloseoutCommand(self.db, self.task.id, self.month,
                                             confirm=confirm, **values))

    def add_files(self) -> None:
        if self.task is None or self.month is None:
            return
        paths = evidence_files.ask_evidence_files(self)
        if not paths:
            return
        files = [evidence_services.read_file(p) for p in paths]  # all checked before writing
        self.history.perform(AddEvidenceCommand(self.db, self.task.id, self.month, files))

    def _selected(self) -> evidence_services.EvidenceInfo | None:
        row = self.files.currentRow()
        return self._evidence[row] if 0 <= row < len(self._evidence) else None

    def open_selected(self) -> None:
        info = self._selected()
        if info is None:
            return
        _info, data = evidence_services.evidence_data(self.db, info.id)
        folder = Path(tempfile.mkdtemp(prefix="taizhang-evidence-"))
        path = folder / evidence_services.safe_name(info.name, limit=150)
        path.write_bytes(data)
        if not evidence_files.open_with_system(str(path)):
            raise InvalidInput(self.tr("没有能打开这种文件的程序。可以用“另存为”保存后再打开。"),
                               place=info.name)

    def save_selected(self) -> None:
        info = self._selected()
        if info is None:
            return
        target = evidence_files.ask_save_copy(self, info.name)
        if not target:
            return
        _info, data = evidence_services.evidence_data(self.db, info.id)
        part = f"{target}.part"
        try:
            with open(part, "wb") as f:
                f.write(data)
            os.replace(part, target)
        except OSError as exc:
            raise InvalidInput(self.tr("无法保存文件（{0}）。").format(exc.strerror or exc),
                               place=target) from exc

    def remove_selected(self) -> None:
        info = self._selected()
        if info is None:
            return
        if not prompts.ask_confirm(self, self.tr("删除佐证材料"),
                                   self.tr("删除“{0}”？可以用“撤销”找回。").format(info.name)):
            return
        self.history.perform(RemoveEvidenceCommand(self.db, info.id, info.task_id, info.name))


def export_evidence_folder(parent, db, plan_id: int | None, month: str) -> None:
    """进展 → 导出本月佐证材料: the month's files into a folder per unit, off the GUI thread."""
    from desktop.background import run_in_background

    title = _tr("导出本月佐证材料")
    if plan_id is None:
        prompts.tell_user(parent, title, _tr("请先新建或导入一个工作方案。"))
        return
    folder = evidence_files.ask_folder(parent, title)
    if not folder:
        return
    target = Path(folder) / evidence_services.safe_name(
        _tr("佐证材料_{0}").format(month_label(month)))

    def work(_progress):
        return evidence_services.export_month_evidence(db, plan_id, month, target)

    def done(written) -> None:
        if not written:
            prompts.tell_user(parent, title, _tr("{0}没有佐证材料。").format(month_label(month)))
            return
        units = len({w.unit for w in written})
        prompts.tell_user(parent, title, _tr("已导出 {0} 个文件（{1} 个单位）到：\n{2}").format(
            len(written), units, target))

    run_in_background(parent, _tr("正在导出佐证材料…"), work, done)
