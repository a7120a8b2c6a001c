"""回收表: make the month's fill-in workbooks for every lead unit, load the returned ones
(conflicts with progress already entered decided per row: 保留 / 替换), and list the units
whose workbook has not come back.

    dialog = ReturnsDialog(db, plan_id, month="2026-11", parent=main_window)
    dialog.progress_written.connect(main_window.refresh_progress)   # int: rows written
    dialog.open()
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
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
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db.errors import InvalidInput
from db.services.plans import check_month, get_plan
from db.services.progress import entries_of
from desktop.background import run_in_background
from desktop.undo import ProgressCommand
from exports import returns

KEEP, REPLACE = "保留已有内容", "用交回的内容替换"


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


def _summary(fields: dict) -> str:
    parts = []
    if fields.get("status"):
        parts.append(str(fields["status"]))
    if fields.get("percent") is not None:
        parts.append(f"{fields['percent']}%")
    if fields.get("progress_text"):
        parts.append(str(fields["progress_text"]))
    return "；".join(parts)


class ReturnsDialog(QDialog):
    progress_written = Signal(int)
    made = Signal(int)      # number of workbooks made
    checked = Signal()      # returned workbooks read and shown

    def __init__(self, db, plan_id: int, month: str | None = None,
                 folder: Path | str | None = None, parent: QWidget | None = None,
                 undo_history=None) -> None:
        super().__init__(parent)
        self.db = db
        self.undo_history = undo_history  # the window's EditHistory: a load is one undo step
        self._before = None
        self.plan_id = plan_id
        self.check: returns.ReturnsCheck | None = None
        self._job = None
        plan = get_plan(db, plan_id)
        self.setWindowTitle(_tr("回收表 — ") + plan.title)
        self.resize(1000, 640)
        month = month or dt.date.today().strftime("%Y-%m")
        layout = QVBoxLayout(self)

        top = QHBoxLayout()
        top.addWidget(QLabel(_tr("月份：")))
        self.month_edit = QLineEdit(month)
        self.month_edit.setPlaceholderText("YYYY-MM")
        self.month_edit.setMaximumWidth(100)
        top.addWidget(self.month_edit)
        top.addSpacing(16)
        top.addWidget(QLabel(_tr("回收表文件夹：")))
        default = Path.home() / "专班台账回收表" / month
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
        self.check_label = QLabel(_tr("可一次选择多个文件。写入前会先检查，并列出与已录入内容冲突的行。"))
        self.check_label.setWordWrap(True)
        row.addWidget(self.check_label, 1)
        load_layout.addLayout(row)
        self.rows = QTableWidget(0, 5)
        self.rows.setHorizontalHeaderLabels([_tr("工作事项"), _tr("填报单位"), _tr("交回的内容"),
                                             _tr("已有内容"), _tr("处理")])
        header = self.rows.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.rows.setColumnWidth(1, 120)
        self.rows.setColumnWidth(4, 150)
        self.rows.verticalHeader().hide()
        self.rows.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        load_layout.addWidget(self.rows, 1)
        write_row = QHBoxLayout()
        write_row.addStretch(1)
        self.write_button = QPushButton(_tr("写入月度进展"))
        self.write_button.setEnabled(False)
        self.write_button.clicked.connect(self.write)
        write_row.addWidget(self.write_button)
        load_layout.addLayout(write_row)
        layout.addWidget(load_box, 1)

        missing_box = QGroupBox(_tr("尚未交回的单位"))
        missing_layout = QHBoxLayout(missing_box)
        self.missing = QListWidget()
        self.missing.setFlow(QListWidget.Flow.LeftToRight)
        self.missing.setWrapping(True)
        self.missing.setSpacing(6)
        self.missing.setMaximumHeight(70)
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

    # --- helpers ---------------------------------------------------------------------------------
    def month(self) -> str:
        return check_month(self.month_edit.text().strip())

    def folder(self) -> Path:
        text = self.folder_edit.text().strip()
        if not text:
            raise InvalidInput(_tr("请先选择回收表文件夹。"))
        return Path(text)

    def choose_folder(self) -> None:
        chosen = ask_folder(self, _tr("选择回收表文件夹"), self.folder_edit.text())
        if chosen:
            self.folder_edit.setText(chosen)
            self.refresh_missing()

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
        self.made_label.setText(_tr("已为 {n} 个单位生成回收表，保存在：{folder}").format(
            n=len(made.files), folder=made.folder))
        self.refresh_missing()
        self.made.emit(len(made.files))

    # --- load -----------------------------------------------------------------------------------
    def choose_returned(self) -> None:
        files = ask_open_files(self, _tr("选择交回的回收表"), self.folder_edit.text())
        if files:
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
            lambda progress: returns.read_returns(db, files, plan_id, month),
            self._checked, self._error)

    def _checked(self, check: returns.ReturnsCheck) -> None:
        self.load_button.setEnabled(True)
        self.check = check
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
            values = (row.item_text, row.unit_name, _summary(row.fields), existing)
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.rows.setItem(r, c, item)
            if conflict is not None and (conflict.returned is row
                                         or conflict.existing_from == "已录入"):
                combo = QComboBox()
                combo.addItems([_tr(KEEP), _tr(REPLACE)])
                combo.setProperty("task_id", row.task_id)
                self.rows.setCellWidget(r, 4, combo)
                for c in range(4):
                    self.rows.item(r, c).setBackground(QColor("#FFF2CC"))
            else:
                self.rows.setItem(r, 4, QTableWidgetItem(_tr("写入")))
        self.rows.resizeRowsToContents()
        text = _tr("检查通过：{files} 个文件，{rows} 行已填写，其中 {c} 行与已有内容冲突（默认保留已有内容，"
                   "可逐行改为替换）。").format(files=len(check.files), rows=len(check.rows),
                                            c=len(check.conflicts))
        if check.warnings:
            text += " " + "；".join(check.warnings)
        self.check_label.setText(text)
        self.write_button.setEnabled(bool(check.rows))
        self.checked.emit()

    def replace_choices(self) -> set[int]:
        chosen = set()
        for r in range(self.rows.rowCount()):
            combo = self.rows.cellWidget(r, 4)
            if isinstance(combo, QComboBox) and combo.currentIndex() == 1:
                chosen.add(int(combo.property("task_id")))
        return chosen

    def write(self) -> None:
        if self.check is None:
            return
        db, check, replace = self.db, self.check, self.replace_choices()
        keys = [(r.task_id, check.month) for r in check.rows]
        units = list(dict.fromkeys(r.unit_name for r in check.rows))
        self._step = (_tr("载入回收表 ") + (units[0] if len(units) == 1
                                        else _tr("{} 个单位").format(len(units))), keys)
        self._before = entries_of(db, keys) if self.undo_history is not None else None
        self.write_button.setEnabled(False)
        self._job = run_in_background(   # one transaction: on failure nothing is written
            self, _tr("正在写入月度进展"),
            lambda progress: returns.write_returns(db, check, replace),
            self._written, self._write_failed)

    def _write_failed(self, exc: BaseException) -> None:
        self.write_button.setEnabled(True)
        self._error(exc)

    def _written(self, written: int) -> None:
        if self.undo_history is not None:
            text, keys = self._step
            self.undo_history.perform(ProgressCommand(self.db, text, keys, before=self._before))
        self.check_label.setText(_tr("已写入 {} 条月度进展。").format(written))
        self.check = None
        self.refresh_missing()
        self.progress_written.emit(written)

    # --- not returned ---------------------------------------------------------------------------
    def refresh_missing(self) -> None:
        self.missing.clear()
        try:
            folder = self.folder()
        except InvalidInput:
            return
        if not (folder / returns.MANIFEST).exists():
            self.missing.addItem(_tr("（此文件夹中还没有生成回收表）"))
            return
        try:
            names = returns.units_not_returned(self.db, folder)
        except Exception as exc:
            self._error(exc)
            return
        self.missing.addItems(names or [_tr("（全部已交回）")])
