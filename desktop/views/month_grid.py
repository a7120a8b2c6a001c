"""Month grid (月度进展表): every work item of the plan as an editable row for one month.

Spreadsheet-like: typing starts editing, Enter stores and moves down, Tab moves right (wrapping
to the next row), Alt+Enter starts a new line inside a text cell, Ctrl+C / Ctrl+V copy and
paste blocks of cells with Excel or WPS (tab-separated text), Delete clears the selected cells.
A pasted block is written in one transaction: a bad cell rejects the whole block and the
message names the row.
"""
from __future__ import annotations

import csv
import datetime as dt
import io

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QBrush, QColor, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.dto import ProgressInfo, TaskInfo
from db.errors import ConcurrentEdit, InvalidInput
from db.models import Status
from db.schedule import (
    DEFAULT_THRESHOLDS,
    MonthSheet,
    Standing,
    Thresholds,
    month_sheet,
    suggest_status,
    task_standing,
)
from db.services.progress import (
    copy_last_month,
    entries_of,
    is_blank,
    read_percent,
    record_progress,
    record_progress_rows,
)
from db.session import Database
from db.summary import owes_report
from desktop import prompts as ui
from desktop.prompts import show_error
from desktop.undo import EditHistory, ProgressCommand
from desktop.views.columns import status_column_width
from desktop.views.progress_history import month_words
from desktop.views.progress_thresholds import (
    BACKGROUND,
    FOREGROUND,
    MonthView,
    mismatch_text,
    standing_note,
)

# (key, header, editable); the headers are translated where shown (headerData)
COLUMNS = (
    ("number", QT_TRANSLATE_NOOP("MonthGridModel", "序号"), False),
    ("text", QT_TRANSLATE_NOOP("MonthGridModel", "工作事项"), False),
    ("lead_units", QT_TRANSLATE_NOOP("MonthGridModel", "牵头单位"), False),
    ("deadline", QT_TRANSLATE_NOOP("MonthGridModel", "完成时限"), False),
    ("expected", QT_TRANSLATE_NOOP("MonthGridModel", "序时进度"), False),
    ("status", QT_TRANSLATE_NOOP("MonthGridModel", "完成状态"), True),
    ("percent", QT_TRANSLATE_NOOP("MonthGridModel", "完成%"), True),
    ("progress_text", QT_TRANSLATE_NOOP("MonthGridModel", "进展情况"), True),
    ("problems", QT_TRANSLATE_NOOP("MonthGridModel", "存在问题"), True),
    ("next_steps", QT_TRANSLATE_NOOP("MonthGridModel", "下步计划"), True),
)
KEYS = [c[0] for c in COLUMNS]
EDITABLE = {c[0] for c in COLUMNS if c[2]}
TEXT_KEYS = ("progress_text", "problems", "next_steps")
ALL_UNITS = QT_TRANSLATE_NOOP("MonthGrid", "全部牵头单位")  # translated where shown


def column_of(key: str) -> int:
    return KEYS.index(key)


def parse_table_text(text: str) -> list[list[str]]:
    """Cells of tab-separated clipboard text as Excel/WPS write it (quoted cells may hold
    line breaks, tabs and doubled quotes); a trailing line break adds no row."""
    if not text:
        return []
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    if "\t" not in text and "\n" not in text:
        return [[text]]
    return [row for row in csv.reader(io.StringIO(text), dialect="excel-tab")] or [[""]]


def table_text(rows: list[list[str]]) -> str:
    """The reverse of ``parse_table_text`` (what Excel expects to paste)."""
    out = io.StringIO()
    writer = csv.writer(out, dialect="excel-tab", lineterminator="\r\n")
    writer.writerows(rows)
    return out.getvalue()


def cell_to_field(key: str, text: str) -> tuple[str, object] | None:
    """A pasted/typed cell as a progress field; None when the cell leaves the field as it is."""
    text = (text or "").strip()
    if key == "status":
        return ("status", text) if text else None
    if key == "percent":
        return ("percent", read_percent(text)[0])  # refused, never guessed
    return (key, text)


class MonthGridModel(QAbstractTableModel):
    """Adapter over a ``MonthSheet``; edits go to ``writer(task_id, fields) -> bool``."""

    def __init__(self, writer, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.writer = writer
        self.rows: list[TaskInfo] = []
        self.entries: dict[int, ProgressInfo] = {}
        self.standings: dict[int, Standing] = {}
        self.month = ""
        self.labels: dict[int, str] = {}
        self.parents: dict[int, str] = {}

    def set_sheet(self, sheet: MonthSheet | None, lead_unit: str | None = None) -> None:
        self.beginResetModel()
        if sheet is None:
            self.rows, self.entries, self.standings, self.month = [], {}, {}, ""
        else:
            self.rows = [t for t in sheet.items if lead_unit is None
                         or any(u.name == lead_unit for u in t.lead_units)]
            self.entries = dict(sheet.entries)
            self.standings = dict(sheet.standings)
            self.month = sheet.month
            self.labels, self.parents = sheet.labels, sheet.parents
        self.endResetModel()

    def update_row(self, task_id: int, entry: ProgressInfo | None, standing: Standing) -> None:
        if entry is not None:
            self.entries[task_id] = entry
        else:
            self.entries.pop(task_id, None)
        self.standings[task_id] = standing
        row = self.row_of(task_id)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def row_of(self, task_id: int) -> int | None:
        for i, t in enumerate(self.rows):
            if t.id == task_id:
                return i
        return None

    def task(self, row: int) -> TaskInfo:
        return self.rows[row]

    # Qt API ----------------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.tr(COLUMNS[section][1])
        return str(section + 1)

    def flags(self, index):
        base = super().flags(index)
        if index.isValid() and KEYS[index.column()] in EDITABLE:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def value(self, row: int, key: str) -> str:
        """The cell as text (what Ctrl+C copies)."""
        task = self.rows[row]
        entry = self.entries.get(task.id)
        standing = self.standings.get(task.id)
        if key == "number":
            return self.labels.get(task.id, task.number)
        if key == "text":
            return task.text
        if key == "lead_units":
            return "、".join(u.name for u in task.lead_units)
        if key == "deadline":
            return task.deadline_text or (task.deadline.isoformat() if task.deadline else "")
        if key == "expected":
            if standing is None or standing.expected_percent is None:
                return ""
            return f"{standing.expected_percent:g}%"
        if entry is None:
            return ""
        if key == "status":
            return entry.status
        if key == "percent":
            return "" if entry.percent is None else str(entry.percent)
        return getattr(entry, key) or ""

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, key = index.row(), KEYS[index.column()]
        task = self.rows[row]
        entry = self.entries.get(task.id)
        standing = self.standings.get(task.id)
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "status":
                if entry is None:
                    return standing.label if standing else self.tr("未报送")
                return entry.status + (" ⚠" if standing and standing.mismatch else "")
            if key == "percent" and entry is not None and entry.percent is not None:
                return f"{entry.percent}%"
            text = self.value(row, key)
            return text.replace("\n", " ⏎ ") if key in TEXT_KEYS or key == "text" else text
        if role == Qt.ItemDataRole.EditRole:
            if key == "status" and entry is None:
                return standing.suggested_status if standing else Status.NOT_STARTED.value
            if key == "percent":
                if entry is not None and entry.percent is not None:
                    return entry.percent
                return standing.percent if standing and standing.percent is not None else 0
            return self.value(row, key)
        if role == Qt.ItemDataRole.ToolTipRole:
            if key in ("status", "expected") and standing is not None:
                tip = standing_note(standing) + self.tr("；建议状态：{}").format(
                    standing.suggested_status)
                if standing.mismatch:
                    tip += "\n" + mismatch_text(standing)
                return tip
            if key in ("number", "text") and task.id in self.parents:
                return self.tr("所属任务：{}\n{}").format(self.parents[task.id], task.text)
            text = self.value(row, key)
            return text if len(text) > 12 else None
        if role == Qt.ItemDataRole.BackgroundRole and key in ("expected", "status"):
            if standing is not None and standing.tone is not None:   # 未报送: no colour
                return QBrush(BACKGROUND[standing.tone])
        if role == Qt.ItemDataRole.ForegroundRole:
            if key == "status" and entry is None:
                return QBrush(QColor("#999999"))
            if key in ("expected", "status") and standing is not None and standing.tone:
                return QBrush(FOREGROUND[standing.tone])
        if role == Qt.ItemDataRole.TextAlignmentRole and key in ("percent", "expected"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.TextAlignmentRole and key in ("number", "status"):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        key = KEYS[index.column()]
        if key not in EDITABLE:
            return False
        if str(value if value is not None else "") == self.value(index.row(), key):
            return False  # nothing changed: no write, no change-log line
        return self.writer(self.rows[index.row()].id, key, value)


class CellDelegate(QStyledItemDelegate):
    """Status as a drop-down, text cells as multi-line editors where Enter stores the cell."""

    def createEditor(self, parent, option, index):
        key = KEYS[index.column()]
        if key == "status":
            combo = QComboBox(parent)
            combo.addItems(Status.values())
            return combo
        if key == "percent":
            # Plain text, so 150 or 95.5 reach the reader and are refused or rounded visibly
            # (a spin box silently drops the keys it does not like: 150 became 15).
            edit = QLineEdit(parent)
            edit.setPlaceholderText("0–100")
            return edit
        if key in TEXT_KEYS:
            edit = QPlainTextEdit(parent)
            edit.setTabChangesFocus(False)
            edit.installEventFilter(self)
            return edit
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor, index):
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            editor.setCurrentText(value)
        elif isinstance(editor, QPlainTextEdit):
            editor.setPlainText(value or "")
            editor.moveCursor(editor.textCursor().MoveOperation.End)
        elif isinstance(editor, QLineEdit):
            editor.setText("" if value is None else str(value))
            editor.selectAll()
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor, model, index):
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText())
        elif isinstance(editor, QPlainTextEdit):
            model.setData(index, editor.toPlainText())
        elif isinstance(editor, QLineEdit):
            model.setData(index, editor.text())
        else:
            super().setModelData(editor, model, index)

    def updateEditorGeometry(self, editor, option, index):
        rect = option.rect
        if isinstance(editor, QPlainTextEdit):
            rect = rect.adjusted(0, 0, 0, max(0, 90 - rect.height()))
        editor.setGeometry(rect)

    def eventFilter(self, editor, event):
        if isinstance(editor, QPlainTextEdit) and event.type() == QEvent.Type.KeyPress:
            key, mods = event.key(), event.modifiers()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if mods & (Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier):
                    editor.insertPlainText("\n")  # Excel's Alt+Enter: a line break in the cell
                    return True
                self.commitData.emit(editor)
                self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.SubmitModelCache)
                return True
            if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
                self.commitData.emit(editor)
                hint = (QAbstractItemDelegate.EndEditHint.EditNextItem if key == Qt.Key.Key_Tab
                        else QAbstractItemDelegate.EndEditHint.EditPreviousItem)
                self.closeEditor.emit(editor, hint)
                return True
            if key == Qt.Key.Key_Escape:
                self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.RevertModelCache)
                return True
        return super().eventFilter(editor, event)


class GridView(QTableView):
    """Table view that moves like a spreadsheet."""

    paste_requested = Signal()
    copy_requested = Signal()
    clear_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setItemDelegate(CellDelegate(self))
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)

    def _move_down(self) -> None:
        current = self.currentIndex()
        if current.isValid() and current.row() + 1 < self.model().rowCount():
            self.setCurrentIndex(current.sibling(current.row() + 1, current.column()))

    def closeEditor(self, editor, hint):
        super().closeEditor(editor, hint)
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            self._move_down()

    def moveCursor(self, action, modifiers):
        index = super().moveCursor(action, modifiers)
        if action in (QAbstractItemView.CursorAction.MoveNext,
                      QAbstractItemView.CursorAction.MovePrevious):
            # Tab skips the read-only columns, wrapping to the next (previous) row.
            step = 1 if action == QAbstractItemView.CursorAction.MoveNext else -1
            model = self.model()
            row, col = self.currentIndex().row(), self.currentIndex().column()
            total = model.rowCount() * model.columnCount()
            pos = row * model.columnCount() + col
            for _ in range(total):
                pos = (pos + step) % total
                r, c = divmod(pos, model.columnCount())
                if KEYS[c] in EDITABLE:
                    return model.index(r, c)
        return index

    def keyPressEvent(self, event):
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste_requested.emit()
            return
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_requested.emit()
            return
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) \
                and self.state() != QAbstractItemView.State.EditingState:
            self.clear_requested.emit()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and self.state() != QAbstractItemView.State.EditingState:
            self._move_down()
            return
        super().keyPressEvent(event)


class MonthGrid(MonthView, QWidget):
    """The month's progress of all work items (or one lead unit's), editable in place."""

    data_changed = Signal()
    task_activated = Signal(int)

    def __init__(self, db: Database, parent: QWidget | None = None, *,
                 thresholds: Thresholds = DEFAULT_THRESHOLDS,
                 today: dt.date | None = None, undo_history: EditHistory | None = None) -> None:
        super().__init__(db, parent, thresholds=thresholds, today=today)
        self.undo_history = undo_history or EditHistory(db, self)  # the window's, in the app
        self.sheet: MonthSheet | None = None

        self.model = MonthGridModel(self._write_cell, self)
        self.view = GridView()
        self.view.setModel(self.model)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for key, width in (("number", 64), ("lead_units", 110), ("deadline", 110),
                           ("expected", 70), ("status", status_column_width(self.view)),
                           ("percent", 56),
                           ("problems", 140), ("next_steps", 140)):
            self.view.setColumnWidth(column_of(key), width)
        # 工作事项 and 进展情况 share whatever width the window has (every column stays on
        # screen at 1366 px; at 1920 px the long texts get the room).
        for key in ("text", "progress_text"):
            header.setSectionResizeMode(column_of(key), QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(40)
        self.view.verticalHeader().setDefaultSectionSize(28)
        self.view.verticalHeader().hide()

        self.unit_filter = QComboBox()
        self.unit_filter.setMinimumContentsLength(12)
        self.unit_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.copy_row_button = QPushButton(self.tr("复制上月内容（本行）"))
        self.copy_empty_button = QPushButton(self.tr("空白行全部复制上月"))
        self.copy_empty_button.setToolTip(self.tr(
            "本月还没有填写文字的事项，用各自最近一次填报的内容作为起点；已填写的行不受影响"))
        self.counts = QLabel()
        self.message = QLabel()
        self.message.setStyleSheet("color:#1e6b2a")
        hint = QLabel(self.tr("回车保存并下移，Tab 右移，Alt+回车换行；可从 Excel/WPS 复制粘贴多个单元格"))
        hint.setStyleSheet("color:#666")

        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("牵头单位")))
        bar.addWidget(self.unit_filter)
        bar.addWidget(self.counts)
        bar.addStretch(1)
        bar.addWidget(self.copy_row_button)
        bar.addWidget(self.copy_empty_button)
        bottom = QHBoxLayout()
        bottom.addWidget(hint)
        bottom.addStretch(1)
        bottom.addWidget(self.message)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)

        self.unit_filter.currentIndexChanged.connect(self._filter_changed)
        self.copy_row_button.clicked.connect(self.copy_current_row)
        self.copy_empty_button.clicked.connect(self.copy_empty_rows_asking)
        self.view.paste_requested.connect(self.paste)
        self.view.copy_requested.connect(self.copy_selection)
        self.view.clear_requested.connect(self.clear_selection)
        self.view.doubleClicked.connect(self._double_clicked)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self._update_buttons()

    # --- the API the main window uses -----------------------------------------------------
    def set_task(self, task_id: int | None) -> None:
        """Make the item's row current (when the tree selects it)."""
        row = self.model.row_of(task_id) if task_id else None
        if row is not None:
            self.view.setCurrentIndex(self.model.index(row, column_of("progress_text")))
            self.view.scrollTo(self.view.currentIndex())

    def select_tasks(self, task_ids) -> None:
        """Select the rows of these items (what an undo step changed), the first one current."""
        rows = sorted(r for r in (self.model.row_of(t) for t in task_ids) if r is not None)
        if not rows:
            return
        selection = QItemSelection()
        for row in rows:
            selection.select(self.model.index(row, 0),
                             self.model.index(row, self.model.columnCount() - 1))
        self.view.setCurrentIndex(self.model.index(rows[0], column_of("progress_text")))
        self.view.selectionModel().select(
            selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.view.scrollTo(self.model.index(rows[0], 0))

    @property
    def lead_unit(self) -> str | None:
        return self.unit_filter.currentData()

    def set_lead_unit(self, name: str | None) -> None:
        """Show only this lead unit's items (None: all), e.g. from the dashboard's unit row."""
        self.unit_filter.setCurrentIndex(max(0, self.unit_filter.findData(name)))

    def reload(self) -> None:
        """Read the month, reusing the task list read before."""
        if self.defer_refresh():
            return
        current = self.view.currentIndex()
        task_id = self.model.task(current.row()).id if current.isValid() else None
        if self.plan_id is None or self.month is None:
            self.sheet = None
        else:
            read = month_sheet if self.sheets is None else self.sheets.month_sheet
            self.sheet = read(self.db, self.plan_id, self.month, today=self.today,
                              thresholds=self.thresholds, tree=self._tree)
            self._tree = self.sheet.tree
        self._fill_units()
        self.model.set_sheet(self.sheet, self.lead_unit)
        if task_id is not None and self.model.row_of(task_id) is not None:
            self.view.setCurrentIndex(self.model.index(self.model.row_of(task_id),
                                                       current.column()))
        self._update_counts()
        self._update_buttons()

    def _fill_units(self) -> None:
        chosen = self.unit_filter.currentData()
        names: list[str] = []
        for task in self.sheet.items if self.sheet else []:
            for unit in task.lead_units:
                if unit.name not in names:
                    names.append(unit.name)
        self.unit_filter.blockSignals(True)
        self.unit_filter.clear()
        self.unit_filter.addItem(self.tr(ALL_UNITS), None)
        for name in names:
            self.unit_filter.addItem(name, name)
        self.unit_filter.setCurrentIndex(max(0, self.unit_filter.findData(chosen)))
        self.unit_filter.blockSignals(False)

    def _filter_changed(self) -> None:
        self.model.set_sheet(self.sheet, self.lead_unit)
        self._update_counts()
        self._update_buttons()

    def _update_counts(self) -> None:
        rows = self.model.rows
        reported = sum(1 for t in rows if t.id in self.model.entries)
        owing = sum(1 for t in rows if t.id in self.model.standings
                    and owes_report(self.model.standings[t.id]))
        if self.month:
            self.counts.setText(self.tr("{}：{} 项，已报送 {} 项，未报送 {} 项").format(
                month_words(self.month), len(rows), reported, owing))
        else:
            self.counts.clear()

    def _update_buttons(self) -> None:
        has_rows = self.model.rowCount() > 0
        self.copy_row_button.setEnabled(has_rows)
        self.copy_empty_button.setEnabled(has_rows)

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.isValid() and KEYS[index.column()] not in EDITABLE:
            self.task_activated.emit(self.model.task(index.row()).id)

    # --- writing ----------------------------------------------------------------------------
    def _new_entry_defaults(self, task_id: int, fields: dict) -> dict:
        """A first entry of the month starts from the status the numbers suggest.

        A percent typed without a status brings the status 序时进度 suggests for it (the rule
        the reports use), unless the clerk had chosen a status other than the suggestion."""
        standing = self.model.standings.get(task_id)
        entry = self.model.entries.get(task_id)
        if "status" not in fields and fields.get("percent") is not None:
            expected = standing.expected_percent if standing else None
            if entry is None or entry.status == suggest_status(
                    entry.percent, expected, self.thresholds).value:
                fields = {**fields, "status": suggest_status(
                    fields["percent"], expected, self.thresholds).value}
        if task_id not in self.model.entries and "status" not in fields:
            standing = self.model.standings.get(task_id)
            fields = {"status": standing.suggested_status if standing
                      else Status.NOT_STARTED.value, **fields}
            if "percent" not in fields and standing is not None and standing.percent is not None:
                fields["percent"] = standing.percent
        return fields

    def _write_cell(self, task_id: int, key: str, value) -> bool:
        try:
            field = cell_to_field(key, "" if value is None else str(value))
            if field is None:
                return False
            fields = self._new_entry_defaults(task_id, dict([field]))
            month = self.month
            shown = self.model.entries.get(task_id)
            seen = shown.version if shown is not None else 0  # the version this row shows
            entry = self.undo_history.perform(ProgressCommand(
                self.db, self.tr("录入进展"), [(task_id, month)],
                lambda: record_progress(self.db, task_id, month, expected_version=seen,
                                        **fields), view=self))
            standing = task_standing(self.db, task_id, self.month, today=self.today,
                                     thresholds=self.thresholds)
        except InvalidInput as exc:  # told beside the grid, the cell keeps its stored value
            self._say(exc.user_text(), refused=True)
            return False
        except ConcurrentEdit as exc:  # both values shown, then the row as stored now
            show_error(self, exc)
            self._read_row_again(task_id)
            return False
        except Exception as exc:  # noqa: BLE001 - the clerk sees why; nothing was stored
            show_error(self, exc)
            return False
        self.model.update_row(task_id, entry, standing)
        self._update_counts()
        note = read_percent(value)[1] if key == "percent" else ""
        self._say(self.tr("已保存") + (f"（{note}）" if note else ""))
        self.data_changed.emit()
        return True

    def _read_row_again(self, task_id: int) -> None:
        if self.month is None:
            return
        entry = entries_of(self.db, [(task_id, self.month)])[(task_id, self.month)]
        self.model.update_row(task_id, entry, task_standing(
            self.db, task_id, self.month, today=self.today, thresholds=self.thresholds))
        self._update_counts()

    def _write_block(self, cells: dict[int, dict[str, str]], what: str) -> bool:
        """Write {row: {key: text}} in one transaction, one undo step named ``what`` (with
        ``{n}``: the number of rows); all or nothing."""
        if not cells or self.month is None:
            return False
        rows, labels = [], []
        try:
            for row in sorted(cells):
                task = self.model.task(row)
                fields = {}
                for key, text in cells[row].items():
                    try:
                        field = cell_to_field(key, text)
                    except InvalidInput as exc:
                        raise InvalidInput(exc.message, place=self._row_label(row)) from exc
                    if field is not None:
                        fields[field[0]] = field[1]
                blank = not any(v not in (None, "") for v in fields.values())
                if not fields or (blank and task.id not in self.model.entries):
                    continue  # an empty pasted line does not make an item "reported"
                rows.append((task.id, self._new_entry_defaults(task.id, fields)))
                labels.append(self._row_label(row))
            month = self.month
            entries = self.model.entries
            seen = {task_id: entries[task_id].version if task_id in entries else 0
                    for task_id, _f in rows}  # the versions the rows show
            self.undo_history.perform(ProgressCommand(
                self.db, what, [(task_id, month) for task_id, _f in rows],
                lambda: record_progress_rows(self.db, month, rows, labels, versions=seen),
                view=self))
        except ConcurrentEdit as exc:  # nothing of the block written; the month read again
            show_error(self, exc)
            self.reload()
            return False
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return False
        self.reload()
        self._say(self.tr(f"已保存 {len(rows)} 行"))
        self.data_changed.emit()
        return True

    def _say(self, text: str, *, refused: bool = False) -> None:
        """The message line under the grid: red for input refused, green otherwise."""
        self.message.setStyleSheet("color:#a51d1d; font-weight:bold" if refused
                                   else "color:#1e6b2a")
        self.message.setText(text)

    def _row_label(self, row: int) -> str:
        task = self.model.task(row)
        return self.tr("第 {} 行（{} {}）").format(
            row + 1, self.model.labels.get(task.id, task.number), task.text[:16])

    def paste(self, text: str | None = None) -> bool:
        """Paste a block of cells (Excel/WPS clipboard text) at the current cell."""
        if text is None:
            text = QGuiApplication.clipboard().text()
        block = parse_table_text(text)
        current = self.view.currentIndex()
        if not block or not current.isValid():
            return False
        cells: dict[int, dict[str, str]] = {}
        if len(block) == 1 and len(block[0]) == 1 and len(self.view.selectedIndexes()) > 1:
            for index in self.view.selectedIndexes():  # one value fills the selection
                if KEYS[index.column()] in EDITABLE:
                    cells.setdefault(index.row(), {})[KEYS[index.column()]] = block[0][0]
        else:
            start_row, start_col = current.row(), current.column()
            if start_row + len(block) > self.model.rowCount():
                show_error(self, InvalidInput(
                    self.tr("粘贴的内容有 {} 行，从第 {} 行起超出了表格末尾（共 {} 行），未作任何修改。")
                    .format(len(block), start_row + 1, self.model.rowCount())))
                return False
            for r, values in enumerate(block):
                for c, text_value in enumerate(values):
                    col = start_col + c
                    if col < len(KEYS) and KEYS[col] in EDITABLE:
                        cells.setdefault(start_row + r, {})[KEYS[col]] = text_value
        if not cells:
            self._say(self.tr("所选列不能填写，请从“完成状态”及其后的列开始粘贴"))
            return False
        return self._write_block(cells, self.tr("粘贴 {n} 行"))

    def clear_selection(self) -> bool:
        cells: dict[int, dict[str, str]] = {}
        for index in self.view.selectedIndexes():
            key = KEYS[index.column()]
            if key in EDITABLE and key != "status" and self.model.task(index.row()).id \
                    in self.model.entries:
                cells.setdefault(index.row(), {})[key] = ""
        return self._write_block(cells, self.tr("清除内容 {n} 行"))

    def copy_selection(self) -> None:
        indexes = self.view.selectedIndexes() or [self.view.currentIndex()]
        indexes = [i for i in indexes if i.isValid()]
        if not indexes:
            return
        rows = sorted({i.row() for i in indexes})
        cols = sorted({i.column() for i in indexes})
        chosen = {(i.row(), i.column()) for i in indexes}
        table = [[self.model.value(r, KEYS[c]) if (r, c) in chosen else "" for c in cols]
                 for r in rows]
        QGuiApplication.clipboard().setText(table_text(table))

    def copy_current_row(self) -> None:
        current = self.view.currentIndex()
        if not current.isValid():
            self._say(self.tr("请先选中一行"))
            return
        self._copy_last_month([self.model.task(current.row()).id], only_blank=False)

    def copy_empty_rows_asking(self) -> None:
        """空白行全部复制上月, after the clerk agreed (it writes many rows; undo takes it back)."""
        count = sum(1 for t in self.model.rows if is_blank(self.model.entries.get(t.id)))
        if not count:
            self._say(self.tr("本月没有空白行"))
            return
        if ui.ask_confirm(self, self.tr("空白行全部复制上月"), self.tr(
                "本月还有 {} 行没有填写文字，将以各自最近一次填报的内容作为起点填入。\n"
                "可用“撤销”（Ctrl+Z）整批恢复。继续吗？").format(count)):
            self.copy_empty_rows()

    def copy_empty_rows(self) -> None:
        ids = [t.id for t in self.model.rows if is_blank(self.model.entries.get(t.id))]
        self._copy_last_month(ids, only_blank=True)

    def _copy_last_month(self, task_ids: list[int], *, only_blank: bool) -> None:
        if self.month is None:
            return
        try:
            month = self.month
            changed = self.undo_history.perform(ProgressCommand(
                self.db, self.tr("复制上月 {n} 行"), [(t, month) for t in task_ids],
                lambda: copy_last_month(self.db, month, task_ids, only_blank=only_blank),
                view=self))
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        if changed:
            self.reload()
            self._say(self.tr(f"已从上次填报复制 {len(changed)} 行，请按本月实际修改"))
            self.data_changed.emit()
        else:
            self._say(self.tr("没有可复制的内容（以前未填报，或本月已填写）"))

    def _context_menu(self, pos) -> None:
        menu = QMenu(self)
        keys = QKeySequence.StandardKey
        for text, slot, shortcut in ((self.tr("复制"), self.copy_selection, keys.Copy),
                                     (self.tr("粘贴"), self.paste, keys.Paste),
                                     (self.tr("清除内容"), self.clear_selection, None)):
            action = QAction(text, menu)
            if shortcut is not None:
                action.setShortcut(shortcut)
            action.triggered.connect(lambda _=False, s=slot: s())
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.tr("复制上月内容（本行）"), self.copy_current_row)
        menu.addAction(self.tr("空白行全部复制上月"), self.copy_empty_rows_asking)
        menu.popup(self.view.viewport().mapToGlobal(pos))
