"""Progress entry for the selected work item, with its history of all months beside it."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from db.dto import ProgressInfo, TaskInfo
from db.errors import ConcurrentEdit, InvalidInput, NotFound
from db.models import Status
from db.schedule import (
    DEFAULT_THRESHOLDS,
    Standing,
    Thresholds,
    status_conflict,
    suggest_status,
    task_standing,
)
from db.services.progress import copy_last_month, read_percent, record_progress
from db.services.tasks import get_task
from db.services.units import list_units
from db.session import Database
from desktop.prompts import show_error
from desktop.task_model import deadline_meaning
from desktop.undo import EditHistory, ProgressCommand
from desktop.views.progress_history import ProgressHistory, month_words
from desktop.views.progress_thresholds import (
    BACKGROUND,
    FOREGROUND,
    MISMATCH_STYLE,
    mismatch_text,
    standing_note,
)

class PercentField(QLineEdit):
    """完成百分比 as typed: read by ``read_percent`` (refused or visibly rounded, never cut)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(self.tr("未填"))
        self.setMaximumWidth(90)
        self.setToolTip(self.tr("0 到 100 之间的数；小数四舍五入；不填表示未填百分比"))

    def percent(self) -> int | None:
        """The value to store; ``InvalidInput`` when the text is not a percent."""
        return read_percent(self.text())[0]

    def set_percent(self, value: int | None) -> None:
        self.setText("" if value is None else str(value))


class ProgressForm(QWidget):
    """月度进展填报: status, percent, 进展情况/存在问题/下步计划, reporting unit; history beside.

    Edits are saved with 保存 (Ctrl+S), and automatically when another item or month is chosen.
    """

    data_changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None, *,
                 thresholds: Thresholds = DEFAULT_THRESHOLDS,
                 today: dt.date | None = None, undo_history: EditHistory | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.undo_history = undo_history or EditHistory(db, self)  # the window's, in the app
        self.thresholds = thresholds
        self.today = today
        self.plan_id: int | None = None
        self.month: str | None = None
        self.task: TaskInfo | None = None
        self.parent_task: TaskInfo | None = None  # the task a work item belongs to
        self.entry: ProgressInfo | None = None
        # The version of the entry the fields were filled from (0: none): a save carries it, so
        # an entry another clerk saved meanwhile is the conflict, not overwritten.  A refresh
        # that keeps unsaved edits keeps it too: the edits are still based on that entry.
        self.seen_version = 0
        self.standing: Standing | None = None
        self.dirty = False
        self._loading = False
        self._percent_before: int | None = None

        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title.setStyleSheet("font-weight:bold; font-size:11pt;")
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setStyleSheet("color:#444")
        self.schedule_line = QLabel()
        self.schedule_line.setWordWrap(True)
        self.mismatch = QLabel()
        self.mismatch.setWordWrap(True)
        self.mismatch.setStyleSheet(MISMATCH_STYLE)
        self.mismatch.hide()

        self.status = QComboBox()
        self.status.addItems(Status.values())
        self.percent = PercentField()
        self.percent_note = QLabel()  # why a percent was refused, or how it was rounded
        self.percent_note.setWordWrap(True)
        self.percent_note.hide()
        self.reporting_unit = QComboBox()
        self.reporting_unit.setMinimumContentsLength(8)
        self.reporting_unit.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.progress_text = QPlainTextEdit()
        self.problems = QPlainTextEdit()
        self.next_steps = QPlainTextEdit()
        for edit in (self.progress_text, self.problems, self.next_steps):
            edit.setTabChangesFocus(True)
        self.progress_text.setMinimumHeight(70)
        self.problems.setMaximumHeight(80)
        self.next_steps.setMaximumHeight(80)

        self.copy_button = QPushButton(self.tr("复制上月内容"))
        self.copy_button.setToolTip(self.tr("把最近一次填报的内容填入本月的空白栏目，已填写的不会被覆盖"))
        self.revert_button = QPushButton(self.tr("撤销修改"))
        self.save_button = QPushButton(self.tr("保存"))
        self.save_button.setShortcut("Ctrl+S")
        self.save_button.setDefault(True)
        self.message = QLabel()
        self.message.setStyleSheet("color:#1e6b2a")

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("完成状态")))
        top.addWidget(self.status)
        top.addSpacing(8)
        top.addWidget(QLabel(self.tr("完成百分比")))
        top.addWidget(self.percent)
        top.addWidget(QLabel("%"))
        top.addSpacing(8)
        top.addWidget(QLabel(self.tr("填报单位")))
        top.addWidget(self.reporting_unit, 1)
        form = QFormLayout()
        form.addRow(self.tr("进展情况"), self.progress_text)
        form.addRow(self.tr("存在问题"), self.problems)
        form.addRow(self.tr("下步计划"), self.next_steps)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)

        self.editor = QWidget()
        left = QVBoxLayout(self.editor)
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.title)
        left.addWidget(self.details)
        left.addWidget(self.schedule_line)
        left.addWidget(self.mismatch)
        left.addLayout(top)
        left.addWidget(self.percent_note)
        left.addLayout(form, 1)
        left.addLayout(buttons)

        self.history = ProgressHistory(db)
        history_box = QWidget()
        right = QVBoxLayout(history_box)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(QLabel(self.tr("历次进展（最新在前，黄色为较上次有变化）")))
        right.addWidget(self.history)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.editor)
        splitter.addWidget(history_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.status.currentIndexChanged.connect(self._edited)
        self.percent.textChanged.connect(self._edited)
        self.percent.textEdited.connect(self._percent_typed)  # typed by the clerk
        self.reporting_unit.currentIndexChanged.connect(self._edited)
        for edit in (self.progress_text, self.problems, self.next_steps):
            edit.textChanged.connect(self._edited)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.reload)
        self.copy_button.clicked.connect(self.copy_last_month)
        self._show()

    # --- the API the main window uses -----------------------------------------------------
    def set_plan(self, plan_id: int | None) -> None:
        self.save_if_dirty()
        self.plan_id = plan_id
        self.task = None
        self.reload()

    def set_month(self, month: str) -> None:
        self.save_if_dirty()
        self.month = month
        self.history.set_month(month)
        self.reload()

    def set_task(self, task_id: int | None) -> None:
        """Show a work item (None or 0: nothing selected; a category shows a hint)."""
        self.save_if_dirty()
        self._read_task(task_id)
        self.history.set_task(self.task.id if self.task and self.task.is_leaf else None)
        self.reload()

    def _read_task(self, task_id: int | None) -> None:
        """The item and the task it belongs to, as stored now (number, title, place)."""
        self.parent_task = None
        try:
            self.task = get_task(self.db, task_id) if task_id else None
            if self.task is not None and self.task.parent_id is not None:
                self.parent_task = get_task(self.db, self.task.parent_id)
        except NotFound:  # deleted meanwhile (undo, another window)
            self.task = None

    def set_thresholds(self, thresholds: Thresholds) -> None:
        self.thresholds = thresholds
        self.reload(keep_edits=True)

    def refresh(self) -> None:
        """Read the item again (after it was changed elsewhere: renamed, moved, given another
        parent, deleted); unsaved edits stay, and the heading names the item as it is now."""
        if self.task is not None:
            self._read_task(self.task.id)
            if self.task is None:
                self.history.set_task(None)
            else:
                self.history.refresh()
            self.reload(keep_edits=self.dirty and self.task is not None)

    # --- loading ----------------------------------------------------------------------------
    @property
    def editable(self) -> bool:
        return self.task is not None and self.task.is_leaf and self.month is not None

    def reload(self, keep_edits: bool = False) -> None:
        """Show the stored entry (dropping unsaved edits unless ``keep_edits``)."""
        if self.editable:
            self.standing = task_standing(self.db, self.task.id, self.month, today=self.today,
                                          thresholds=self.thresholds)
            self.entry = next((e for e in self.history.entries if e.month == self.month), None)
        else:
            self.standing = self.entry = None
        if not keep_edits:
            self.dirty = False
            self._fill()
        self._show()

    def _fill(self) -> None:
        self._loading = True
        try:
            units = list_units(self.db)
            self.reporting_unit.clear()
            self.reporting_unit.addItem(self.tr("（未填）"), None)
            for unit in units:
                self.reporting_unit.addItem(unit.name, unit.id)
            entry, standing = self.entry, self.standing
            self.seen_version = entry.version if entry is not None else 0
            if entry is not None:
                self.status.setCurrentText(entry.status)
                self.percent.set_percent(entry.percent)
                self.progress_text.setPlainText(entry.progress_text)
                self.problems.setPlainText(entry.problems)
                self.next_steps.setPlainText(entry.next_steps)
                unit_id = entry.reporting_unit.id if entry.reporting_unit else None
            else:
                # A new month starts from the latest percent and the status it points to.
                self.status.setCurrentText(standing.suggested_status if standing
                                           else Status.NOT_STARTED.value)
                last = standing.percent if standing else None
                self.percent.set_percent(last)
                for edit in (self.progress_text, self.problems, self.next_steps):
                    edit.clear()
                leads = self.task.lead_units if self.task else ()
                unit_id = leads[0].id if leads else None
            self.reporting_unit.setCurrentIndex(max(0, self.reporting_unit.findData(unit_id)))
            self._percent_before = self._typed_percent()
            self._note_percent("")
        finally:
            self._loading = False

    def _show(self) -> None:
        task = self.task
        self.editor.setEnabled(self.editable)
        if task is None:
            self.title.setText(self.tr("请在任务清单中选择一个工作事项"))
            self.details.clear()
        else:
            parent = self.parent_task
            number = task.number
            if parent is not None and parent.depth > 0:  # （1） restarts under every task
                number = parent.number + number
            self.title.setText(f"{number} {task.text}")
            leads = "、".join(u.name for u in task.lead_units) or self.tr("未明确")
            deadline = task.deadline_text or (task.deadline.isoformat() if task.deadline
                                              else self.tr("未明确"))
            if deadline_meaning(task):
                deadline += f"（{deadline_meaning(task)}）"
            belongs = (self.tr("所属：{} {}\n").format(parent.number, parent.text)
                       if parent is not None else "")
            self.details.setText(
                self.tr("{}牵头单位：{}　　完成时限：{}").format(belongs, leads, deadline))
            if not task.is_leaf:
                self.details.setText(self.tr("该项下还有 %n 个子项，请选择具体的工作事项填报进展。",
                                             "", task.child_count))
        self._show_standing()
        self.save_button.setEnabled(self.editable and self.dirty)
        self.revert_button.setEnabled(self.editable and self.dirty)

    def _show_standing(self) -> None:
        standing = self.standing
        if standing is None:
            self.schedule_line.clear()
            self.schedule_line.setStyleSheet("")
            self.mismatch.hide()
            return
        percent = self._typed_percent()
        status = self.status.currentText()
        conflict = status_conflict(status, percent, standing.expected_percent, self.thresholds)
        if percent is None and status == Status.DONE.value:
            suggested = status
        else:
            suggested = suggest_status(percent, standing.expected_percent, self.thresholds).value
        month = month_words(self.month)
        reported = self.tr("已填报") if standing.reported else self.tr("本月未填报")
        self.schedule_line.setText(
            self.tr("{}（{}）：{}　　建议状态：{}　　颜色：{}").format(
                month, reported, standing_note(standing), suggested, standing.colour_word))
        self.schedule_line.setStyleSheet(
            f"background:{BACKGROUND[standing.colour].name()};"
            f" color:{FOREGROUND[standing.colour].name()}; padding:3px 6px; border-radius:3px;")
        if conflict is not None:
            shown = replace(standing, status=status, suggested_status=conflict)
            self.mismatch.setText("⚠ " + mismatch_text(shown))
        self.mismatch.setVisible(conflict is not None)

    def _edited(self, *_args) -> None:
        if self._loading:
            return
        self.dirty = True
        self.message.clear()
        self._show()

    # --- actions ----------------------------------------------------------------------------
    def _typed_percent(self) -> int | None:
        """The percent typed so far (None while it is empty or not a percent)."""
        try:
            return self.percent.percent()
        except InvalidInput:
            return None

    def _percent_typed(self, _text: str = "") -> None:
        """Check the percent in place; a status that followed the numbers follows them again
        (the suggestion from 序时进度, the rule the reports use)."""
        try:
            value, note = read_percent(self.percent.text())
        except InvalidInput as exc:
            self._note_percent(exc.message, refused=True)
        else:
            self._note_percent(note)
            standing = self.standing
            if standing is not None and value is not None:
                expected = standing.expected_percent
                status = self.status.currentText()
                before = self._percent_before
                if status == suggest_status(before, expected, self.thresholds).value or (
                        self.entry is None and not self.dirty):
                    self.status.setCurrentText(
                        suggest_status(value, expected, self.thresholds).value)
            self._percent_before = value
        self._edited()

    def _note_percent(self, text: str, *, refused: bool = False) -> None:
        self.percent_note.setText(text)
        self.percent_note.setStyleSheet("color:#a51d1d; font-weight:bold" if refused
                                        else "color:#7a5a00")
        self.percent_note.setVisible(bool(text))

    def values(self) -> dict:
        """What the form stores; ``InvalidInput`` when the percent is not one."""
        return {
            "status": self.status.currentText(),
            "percent": self.percent.percent(),
            "progress_text": self.progress_text.toPlainText().strip(),
            "problems": self.problems.toPlainText().strip(),
            "next_steps": self.next_steps.toPlainText().strip(),
            "reporting_unit_id": self.reporting_unit.currentData(),
        }

    def save(self) -> bool:
        """Store the form's values for the item and month (one transaction)."""
        if not self.editable:
            return False
        try:
            values = self.values()
            note = read_percent(self.percent.text())[1]  # a rounding, said after saving
        except InvalidInput as exc:  # told beside the field; the typing stays in the form
            self._note_percent(exc.message, refused=True)
            self.percent.setFocus()
            return False
        try:
            task_id, month, seen = self.task.id, self.month, self.seen_version
            self.undo_history.perform(ProgressCommand(
                self.db, self.tr("录入进展"), [(task_id, month)],
                lambda: record_progress(self.db, task_id, month, expected_version=seen,
                                        **values), view=self))
        except ConcurrentEdit as exc:  # both values shown, then the entry as stored now
            show_error(self, exc)
            self.history.refresh()
            self.reload()
            return False
        except Exception as exc:  # noqa: BLE001 - shown to the clerk, edits stay in the form
            show_error(self, exc)
            return False
        self.dirty = False
        self.history.refresh()
        self.reload()
        self.message.setText(self.tr("已保存") + (f"（{note}）" if note else ""))
        self.data_changed.emit()
        return True

    def save_if_dirty(self) -> None:
        if self.dirty and self.editable:
            self.save()

    def copy_last_month(self) -> None:
        if not self.editable:
            return
        if self.dirty and not self.save():
            return
        try:
            task_id, month = self.task.id, self.month
            changed = self.undo_history.perform(ProgressCommand(
                self.db, self.tr("复制上月 {n} 行"), [(task_id, month)],
                lambda: copy_last_month(self.db, month, [task_id]), view=self))
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        self.history.refresh()
        self.reload()
        if changed:
            self.message.setText(self.tr("已复制上次填报的内容，请按本月实际修改"))
            self.data_changed.emit()
        else:
            self.message.setText(self.tr("没有可复制的内容（以前未填报，或本月各栏已填写）"))
