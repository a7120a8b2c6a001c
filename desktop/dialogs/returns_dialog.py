"""回收表: make the month's fill-in workbooks for every lead unit, load the returned ones
(conflicts with progress already entered decided per row: 保留 / 替换; a unit's 延期申请 shown
with its row and stored 待审批; a bad file refused whole with every problem listed while the
good ones load), list the 延期申请 waiting for the office to grant (批准延期…) or refuse
(不批准…), and list the units whose workbook has not come back.

    dialog = ReturnsDialog(db, plan_id, month="2026-11", undo_history=window.history,
                           parent=main_window)
    dialog.loaded.connect(on_loaded)     # StoredReturns: what the load changed
    dialog.open()

Writing a checked batch is one step on the window's undo history (``LoadReturnsCommand``,
named 载入回收表 县发改局): undo puts every item back and lists the units as not returned again.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSettings, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db.errors import InvalidInput
from db.services import deadline_requests as request_services
from db.services.deadlines import deadline_words
from db.services.plans import check_month, get_plan
from db.services.tasks import get_task
from db.services.progress import put_entries
from db.services.returns import (
    StoredReturns,
    forget_received,
    not_returned,
    restore_received,
    returns_sent,
)
from desktop.background import run_in_background
from desktop.undo import EditHistory, ProgressCommand
from exports import returns

# marked for the translators here, translated where shown
KEEP = QT_TRANSLATE_NOOP("ReturnsDialog", "保留已有内容")
REPLACE = QT_TRANSLATE_NOOP("ReturnsDialog", "用交回的内容替换")
RECEIVED_FOLDER_KEY = "returns/received_folder"
RECEIVED_SUBFOLDER = "交回"  # tr: data (a folder the clerk's files are in)
ROW_COLUMNS = (QT_TRANSLATE_NOOP("ReturnsDialog", "序号"),
               QT_TRANSLATE_NOOP("ReturnsDialog", "工作事项"),
               QT_TRANSLATE_NOOP("ReturnsDialog", "填报单位"),
               QT_TRANSLATE_NOOP("ReturnsDialog", "交回的内容"),
               QT_TRANSLATE_NOOP("ReturnsDialog", "已有内容"),
               QT_TRANSLATE_NOOP("ReturnsDialog", "处理"))
PROBLEM_COLUMNS = (QT_TRANSLATE_NOOP("ReturnsDialog", "文件"),
                   QT_TRANSLATE_NOOP("ReturnsDialog", "工作表"),
                   QT_TRANSLATE_NOOP("ReturnsDialog", "行"), QT_TRANSLATE_NOOP("ReturnsDialog", "列"),
                   QT_TRANSLATE_NOOP("ReturnsDialog", "问题"))
REQUEST_COLUMNS = (QT_TRANSLATE_NOOP("ReturnsDialog", "工作事项"),
                   QT_TRANSLATE_NOOP("ReturnsDialog", "申请单位"),
                   QT_TRANSLATE_NOOP("ReturnsDialog", "当前完成时限"),
                   QT_TRANSLATE_NOOP("ReturnsDialog", "申请调整至"),
                   QT_TRANSLATE_NOOP("ReturnsDialog", "理由"),
                   QT_TRANSLATE_NOOP("ReturnsDialog", "回收表"))


def _tr(text: str) -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("ReturnsDialog", text)


def ask_folder(parent, title: str, start: str) -> str | None:
    """Folder picker (tests patch this)."""
    chosen = QFileDialog.getExistingDirectory(parent, title, start)
    return chosen or None


def ask_open_files(parent, title: str, start: str) -> list[str]:
    """Picker for returned workbooks (tests patch this)."""
    files, _ = QFileDialog.getOpenFileNames(parent, title, start, _tr("Excel 工作簿 (*.xlsx)"))
    return files


def _summary(fields: dict, request=None) -> str:
    parts = []
    if fields.get("status"):
        parts.append(str(fields["status"]))
    if fields.get("percent") is not None:
        parts.append(f"{fields['percent']}%")
    if fields.get("progress_text"):
        parts.append(str(fields["progress_text"]))
    if request is not None:
        parts.append(_tr("申请延期至{0}（{1}）").format(request.text, request.reason))
    return "；".join(parts)


def _compact_table(columns, stretch: tuple[int, ...]) -> QTableWidget:
    """A read-only table with one line per row (full text in the tooltip)."""
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels([_tr(c) for c in columns])
    table.verticalHeader().hide()
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    header = table.horizontalHeader()
    for c in range(len(columns)):
        header.setSectionResizeMode(c, QHeaderView.ResizeMode.Stretch if c in stretch
                                    else QHeaderView.ResizeMode.Interactive)
    return table


def _cell(text, tip: str | None = None, *, right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem("" if text is None else str(text))
    item.setToolTip(tip if tip is not None else item.text())
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class LoadReturnsCommand(ProgressCommand):
    """Loading a checked batch of returns: one undo step named after the units (载入回收表
    县发改局).  Undo puts every entry back (checked against the versions last seen) and, in
    the same transaction, the files are no longer recorded as returned; redo does both again."""

    def __init__(self, db, check: returns.ReturnsCheck, replace: set[int]) -> None:
        keys = [(r.task_id, check.month) for r in check.rows]
        keys += [(c.task_id, check.month) for c in check.conflicts]
        super().__init__(db, _tr("载入回收表"), keys, self._write)
        self.check, self.replace = check, set(replace)
        self.stored: StoredReturns | None = None

    def _write(self) -> StoredReturns:
        self.stored = returns.write_returns(self.db, self.check, self.replace)
        return self.stored

    def first(self) -> StoredReturns:
        super().first()
        self.setText(self.stored.label)
        return self.stored

    def changed_nothing(self) -> bool:
        return super().changed_nothing() and not self.stored.received

    def undo_it(self) -> None:
        with self.db.transaction() as session:
            self.before = put_entries.in_session(session, self._entries(self.before, self.after))
            forget_received.in_session(session, self.stored)

    def do(self) -> None:
        with self.db.transaction() as session:
            self.after = put_entries.in_session(session, self._entries(self.after, self.before))
            restore_received.in_session(session, self.stored)


class ReturnsDialog(QDialog):
    progress_written = Signal(int)   # rows written
    loaded = Signal(object)          # StoredReturns: what loading changed (undo)
    made = Signal(int)               # number of workbooks made
    checked = Signal()               # returned workbooks read and shown

    def __init__(self, db, plan_id: int, month: str | None = None,
                 folder: Path | str | None = None, parent: QWidget | None = None, *,
                 undo_history: EditHistory | None = None) -> None:
        super().__init__(parent)
        self.db = db
        # the window's history (a load is one step of it); a dialog of its own has its own
        self.undo_history = undo_history if undo_history is not None else EditHistory(db, self)
        self.plan_id = plan_id
        self.check: returns.ReturnsCheck | None = None
        self._job = None
        plan = get_plan(db, plan_id)
        self.setWindowTitle(_tr("回收表 — ") + plan.title)
        screen = (parent.screen() if parent is not None else self.screen()).availableGeometry()
        self.resize(min(1200, screen.width() - 60), min(800, screen.height() - 60))
        month = month or dt.date.today().strftime("%Y-%m")
        layout = QVBoxLayout(self)

        top = QHBoxLayout()
        top.addWidget(QLabel(_tr("月份：")))
        self.month_edit = QLineEdit(month)
        self.month_edit.setPlaceholderText("YYYY-MM")
        self.month_edit.setMaximumWidth(100)
        self.month_edit.editingFinished.connect(self.refresh_missing)
        top.addWidget(self.month_edit)
        top.addSpacing(16)
        top.addWidget(QLabel(_tr("生成到文件夹：")))
        default = Path.home() / _tr("专班台账回收表") / month
        self.folder_edit = QLineEdit(str(folder or default))
        top.addWidget(self.folder_edit, 1)
        browse = QPushButton(_tr("选择…"))
        browse.clicked.connect(self.choose_folder)
        top.addWidget(browse)
        layout.addLayout(top)

        make_box = QGroupBox(_tr("第一步：生成回收表（每个牵头单位一份，发给各单位填写）"))
        make_row = QHBoxLayout(make_box)
        self.make_button = QPushButton(_tr("生成回收表"))
        self.make_button.clicked.connect(self.make)
        make_row.addWidget(self.make_button)
        self.made_label = QLabel()
        self.made_label.setWordWrap(True)
        make_row.addWidget(self.made_label, 1)
        layout.addWidget(make_box)

        load_box = QGroupBox(_tr("第二步：导入各单位交回的回收表"))
        load_layout = QVBoxLayout(load_box)
        row = QHBoxLayout()
        self.load_button = QPushButton(_tr("选择交回的文件…"))
        self.load_button.clicked.connect(self.choose_returned)
        row.addWidget(self.load_button)
        self.check_label = QLabel(_tr("可一次选择多个文件。写入前会先检查：没有问题的文件可以写入，"
                                      "有问题的文件整份不写入，并列出每一处问题。"))
        self.check_label.setWordWrap(True)
        row.addWidget(self.check_label, 1)
        load_layout.addLayout(row)
        self.rows = _compact_table(ROW_COLUMNS, stretch=(1, 3))
        self.rows.setColumnWidth(0, 44)
        self.rows.setColumnWidth(2, 120)
        self.rows.setColumnWidth(4, 180)
        self.rows.setColumnWidth(5, 150)
        self.problems = _compact_table(PROBLEM_COLUMNS, stretch=(4,))
        for c, width in enumerate((200, 70, 44, 90)):
            self.problems.setColumnWidth(c, width)
        self.problems_label = QLabel()
        self.problems_label.setStyleSheet("color:#9c0006")
        self.problems_label.setWordWrap(True)
        problems_box = QWidget()
        problems_layout = QVBoxLayout(problems_box)
        problems_layout.setContentsMargins(0, 0, 0, 0)
        problems_layout.addWidget(self.problems_label)
        problems_layout.addWidget(self.problems, 1)
        self.problems_box = problems_box
        problems_box.hide()
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.rows)
        split.addWidget(problems_box)
        split.setChildrenCollapsible(False)
        split.setSizes([300, 160])
        load_layout.addWidget(split, 1)
        write_row = QHBoxLayout()
        write_row.addStretch(1)
        self.write_button = QPushButton(_tr("写入月度进展"))
        self.write_button.setEnabled(False)
        self.write_button.clicked.connect(self.write)
        write_row.addWidget(self.write_button)
        load_layout.addLayout(write_row)
        layout.addWidget(load_box, 1)

        requests_box = QGroupBox(_tr("延期申请（待审批：批准后按新的完成时限计算序时进度）"))
        requests_layout = QHBoxLayout(requests_box)
        self.requests = _compact_table(REQUEST_COLUMNS, stretch=(0, 4))
        self.requests.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # three whole rows, then it scrolls (the loaded rows above keep the room)
        row_height = self.requests.verticalHeader().defaultSectionSize()
        frame = self.requests.horizontalHeader().sizeHint().height() \
            + 2 * self.requests.frameWidth()
        self.requests.setFixedHeight(frame + 3 * row_height)
        for c, width in ((1, 120), (2, 110), (3, 110), (5, 160)):
            self.requests.setColumnWidth(c, width)
        requests_layout.addWidget(self.requests, 1)
        request_buttons = QVBoxLayout()
        self.grant_button = QPushButton(_tr("批准延期…"))
        self.refuse_button = QPushButton(_tr("不批准…"))
        self.grant_button.clicked.connect(lambda: self.decide_request(True))
        self.refuse_button.clicked.connect(lambda: self.decide_request(False))
        request_buttons.addWidget(self.grant_button)
        request_buttons.addWidget(self.refuse_button)
        request_buttons.addStretch(1)
        requests_layout.addLayout(request_buttons)
        self.requests.itemSelectionChanged.connect(self._request_buttons)
        layout.addWidget(requests_box)
        self._pending: list[request_services.RequestInfo] = []

        missing_box = QGroupBox(_tr("尚未交回的单位（已生成回收表、还没有导入交回文件的单位）"))
        missing_layout = QHBoxLayout(missing_box)
        self.missing = QListWidget()
        self.missing.setFlow(QListWidget.Flow.LeftToRight)
        self.missing.setWrapping(True)
        self.missing.setSpacing(6)
        self.missing.setMaximumHeight(2 * self.fontMetrics().height() + 24)
        missing_layout.addWidget(self.missing, 1)
        refresh = QPushButton(_tr("刷新"))
        refresh.clicked.connect(self.refresh_missing)
        missing_layout.addWidget(refresh)
        layout.addWidget(missing_box)

        buttons = QDialogButtonBox()
        buttons.addButton(_tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.refresh_missing()
        self.refresh_requests()
        # an undo or redo in the window (of a load or a decision) shows here too
        # (a method of the dialog: Qt drops the connection when the dialog goes)
        self.undo_history.stack.indexChanged.connect(self._history_moved)

    # --- helpers ---------------------------------------------------------------------------------
    def month(self) -> str:
        return check_month(self.month_edit.text().strip())

    def folder(self) -> Path:
        text = self.folder_edit.text().strip()
        if not text:
            raise InvalidInput(_tr("请先选择回收表文件夹。"))
        return Path(text)

    def received_folder(self) -> Path:
        """Where the returned files are picked from: the folder they were last picked from,
        else a 交回 folder beside the workbooks sent out (never the outgoing folder itself)."""
        last = QSettings().value(RECEIVED_FOLDER_KEY, "", type=str)
        if last and Path(last).is_dir():
            return Path(last)
        folder = self.folder() / RECEIVED_SUBFOLDER
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return self.folder()
        return folder

    def choose_folder(self) -> None:
        chosen = ask_folder(self, _tr("选择回收表文件夹"), self.folder_edit.text())
        if chosen:
            self.folder_edit.setText(chosen)

    def _error(self, exc: BaseException) -> None:
        from desktop.prompts import show_error

        self.make_button.setEnabled(True)
        self.load_button.setEnabled(True)
        show_error(self, exc)

    # --- make -----------------------------------------------------------------------------------
    def make(self) -> None:
        try:
            month, folder = self.month(), self.folder()
        except InvalidInput as exc:
            self._error(exc)
            return
        self.make_button.setEnabled(False)
        db, plan_id = self.db, self.plan_id
        self._job = run_in_background(
            self, _tr("正在生成回收表"),
            lambda progress: returns.make_returns(db, plan_id, month, folder, progress),
            self._made, self._error)

    def _made(self, made: returns.MadeReturns) -> None:
        self.make_button.setEnabled(True)
        self.made_label.setText(_tr("已为 {n} 个单位生成回收表，保存在：{folder}。"
                                    "各单位交回的文件可放到其中的“{sub}”文件夹。").format(
            n=len(made.files), folder=made.folder, sub=RECEIVED_SUBFOLDER))
        self.refresh_missing()
        self.made.emit(len(made.files))

    # --- load -----------------------------------------------------------------------------------
    def choose_returned(self) -> None:
        try:
            start = self.received_folder()
        except InvalidInput as exc:
            self._error(exc)
            return
        files = ask_open_files(self, _tr("选择交回的回收表"), str(start))
        if files:
            QSettings().setValue(RECEIVED_FOLDER_KEY, str(Path(files[0]).parent))
            self.load_files([Path(f) for f in files])

    def load_files(self, files: list[Path]) -> None:
        try:
            month = self.month()
        except InvalidInput as exc:
            self._error(exc)
            return
        self.load_button.setEnabled(False)
        db, plan_id = self.db, self.plan_id
        self._job = run_in_background(
            self, _tr("正在检查交回的回收表"),
            lambda progress: returns.read_returns(db, files, plan_id, month, progress),
            self._checked, self._error)

    def _checked(self, check: returns.ReturnsCheck) -> None:
        self.load_button.setEnabled(True)
        self.check = check
        self._fill_rows(check)
        self._fill_problems(check)
        text = _tr("{files} 个文件检查通过，{rows} 行已填写，其中 {c} 行与已有内容冲突"
                   "（默认保留已有内容，可逐行改为替换）。").format(
            files=len(check.accepted), rows=len(check.rows), c=len(check.conflicts))
        if check.requests:
            text += _tr(" {n} 项申请调整完成时限：写入后为“待审批”，完成时限不变，"
                        "写入后可在下方“延期申请”或任务清单的事项面板逐项批准或不批准。").format(
                n=len(check.requests))
        if check.refused:
            text += _tr(" {n} 个文件有问题，整份不写入（见下方问题清单）。").format(
                n=len(check.refused))
        if check.warnings:
            text += " " + "；".join(check.warnings)
        self.check_label.setText(text)
        self.write_button.setEnabled(bool(check.accepted))
        self.checked.emit()

    def _fill_rows(self, check: returns.ReturnsCheck) -> None:
        conflicts = {c.task_id: c for c in check.conflicts}
        shown = list(check.rows) + [c.returned for c in check.conflicts
                                    if c.existing_from != "已录入"]
        self.rows.setRowCount(len(shown))
        for r, row in enumerate(shown):
            conflict = next((c for c in check.conflicts if c.returned is row), None) \
                if row.task_id in conflicts else None
            if conflict is None and row.task_id in conflicts:
                conflict = conflicts[row.task_id]
            existing = ""
            if conflict is not None:
                existing = (_summary(conflict.existing) + "（" +
                            (_tr("已录入") if conflict.existing_from == "已录入"
                             else conflict.existing_from) + "）")
            tip = _tr("{file} 第 {row} 行").format(file=row.file, row=row.row)
            cells = (_cell(r + 1, tip, right=True), _cell(row.item_text),
                     _cell(row.unit_name), _cell(_summary(row.fields, row.request)),
                     _cell(existing))
            for c, item in enumerate(cells):
                self.rows.setItem(r, c, item)
            if conflict is not None and (conflict.returned is row
                                         or conflict.existing_from == "已录入"):
                combo = QComboBox()
                combo.addItems([_tr(KEEP), _tr(REPLACE)])
                combo.setProperty("task_id", row.task_id)
                self.rows.setCellWidget(r, 5, combo)
                for c in range(5):
                    self.rows.item(r, c).setBackground(QColor("#FFF2CC"))
            else:
                self.rows.setItem(r, 5, _cell(_tr("写入")))

    def _fill_problems(self, check: returns.ReturnsCheck) -> None:
        self.problems.setRowCount(len(check.problems))
        for r, problem in enumerate(check.problems):
            cells = (_cell(problem.file), _cell(problem.sheet),
                     _cell(problem.row, right=True), _cell(problem.column),
                     _cell(problem.reason, str(problem)))
            for c, item in enumerate(cells):
                self.problems.setItem(r, c, item)
        self.problems_label.setText(_tr("未写入的文件：{files}。共 {n} 处问题，改正后可重新导入这些文件：")
                                    .format(files="、".join(check.refused),
                                            n=len(check.problems)))
        self.problems_box.setVisible(bool(check.problems))

    def replace_choices(self) -> set[int]:
        chosen = set()
        for r in range(self.rows.rowCount()):
            combo = self.rows.cellWidget(r, 5)
            if isinstance(combo, QComboBox) and combo.currentIndex() == 1:
                chosen.add(int(combo.property("task_id")))
        return chosen

    def write(self) -> None:
        """Write the checked batch: one transaction (on failure nothing is written) and one
        step on the undo history."""
        if self.check is None:
            return
        self.write_button.setEnabled(False)
        try:
            stored = self.undo_history.perform(LoadReturnsCommand(self.db, self.check,
                                                                  self.replace_choices()))
        except Exception as exc:
            self.write_button.setEnabled(True)
            self._error(exc)
            return
        self._written(stored)

    def _written(self, stored: StoredReturns) -> None:
        text = _tr("已写入 {n} 条月度进展（{units}）。").format(
            n=stored.written, units="、".join(stored.unit_names))
        if stored.requests:
            text += _tr("{n} 项延期申请待审批，见下方“延期申请”。").format(
                n=len(stored.requests))
        self.check_label.setText(text)
        self.check = None
        self.refresh_missing()
        self.loaded.emit(stored)
        self.progress_written.emit(stored.written)

    # --- 延期申请 ----------------------------------------------------------------------------------
    def _history_moved(self, _index: int) -> None:
        self.refresh_requests()

    def refresh_requests(self) -> None:
        try:
            self._pending = request_services.pending_requests(self.db, self.plan_id)
            tasks = {r.task_id: get_task(self.db, r.task_id) for r in self._pending}
        except Exception as exc:
            self._error(exc)
            return
        self.requests.setRowCount(len(self._pending))
        for r, request in enumerate(self._pending):
            task = tasks[request.task_id]
            words = returns.item_text(task)   # as the rows above and the unit's workbook
            current = task.deadline_text or deadline_words(task.deadline) or _tr("（未定）")
            cells = (_cell(words, task.text), _cell(request.unit_name), _cell(current),
                     _cell(request.text), _cell(request.reason), _cell(request.file_name))
            for c, item in enumerate(cells):
                self.requests.setItem(r, c, item)
        self._request_buttons()

    def _request_buttons(self) -> None:
        chosen = self._chosen_request() is not None
        self.grant_button.setEnabled(chosen)
        self.refuse_button.setEnabled(chosen)

    def _chosen_request(self) -> request_services.RequestInfo | None:
        row = self.requests.currentRow()
        selected = self.requests.selectionModel().hasSelection()
        return self._pending[row] if selected and 0 <= row < len(self._pending) else None

    def decide_request(self, grant: bool) -> None:
        """批准 (the deadline dialog, starting from what the unit asked) or 不批准 (a reason)
        the chosen request: one step on the undo history."""
        from desktop import prompts
        from desktop.dialogs import deadline_dialog
        from desktop.record_commands import DecideRequestCommand

        request = self._chosen_request()
        if request is None:
            return
        try:
            task = get_task(self.db, request.task_id)
            if grant:
                values = deadline_dialog.ask_deadline_change(
                    self, item_text=f"{task.number} {task.text.splitlines()[0] if task.text else ''}",
                    current_text=task.deadline_text or deadline_words(task.deadline),
                    current_date=task.deadline, request=request)
                if values is None:
                    return
                self.undo_history.perform(DecideRequestCommand(self.db, request, grant=True,
                                                               **values))
            else:
                reason = prompts.ask_text(
                    self, _tr("不批准延期申请"),
                    _tr("不批准{0}申请调整至{1}，原因（单位据此按原时限推进）：").format(
                        request.unit_name or _tr("单位"), request.text))
                if reason is None:
                    return
                self.undo_history.perform(DecideRequestCommand(
                    self.db, request, grant=False, reason=reason, by=self.db.user))
        except Exception as exc:
            self._error(exc)
        self.refresh_requests()

    # --- not returned ---------------------------------------------------------------------------
    def refresh_missing(self) -> None:
        self.missing.clear()
        try:
            month = self.month()
        except InvalidInput:
            return
        try:
            sent = returns_sent(self.db, self.plan_id, month)
        except Exception as exc:
            self._error(exc)
            return
        if not sent:
            self.missing.addItem(_tr("（这个月还没有生成回收表）"))
            return
        self.missing.addItems(not_returned(sent) or [_tr("（全部已交回）")])
