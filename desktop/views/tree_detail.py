"""The detail panel of the selected node: title, content, units, leaders, deadline, remarks.

Every field is saved when the clerk leaves it (no 保存 button): the panel emits
``fields_edited(task_id, fields)`` or ``units_edited(task_id, role, names)`` and the main window
carries the edit out as an undoable command.
"""
from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from db.dto import TaskInfo, UnitInfo
from desktop.dialogs.unit_picker import UnitPicker
from desktop.task_model import MonthState, deadline_meaning


class PlainTextField(QPlainTextEdit):
    """Multi-line text that reports ``editingFinished`` when it loses focus, like QLineEdit."""

    editingFinished = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.editingFinished.emit()


class TaskDetailPanel(QWidget):
    fields_edited = Signal(int, dict)        # task id, fields for update_task
    units_edited = Signal(int, str, list)    # task id, "lead"/"responsible", typed names

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.task: TaskInfo | None = None
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title = QLineEdit()
        self.title.setToolTip(self.tr("类别或任务的标题；工作事项可只填内容"))
        self.content = PlainTextField()
        self.content.setMaximumHeight(96)  # every field below stays in view (768 px, 1080 px)
        self.content.setToolTip(self.tr("工作事项的具体内容，可分多行"))
        self.lead_units = UnitPicker()
        self.responsible_units = UnitPicker()
        self.leaders = QLineEdit()
        self.leaders.setPlaceholderText(self.tr("如：王某某（副县长）、李某某"))
        self.leaders.setToolTip(self.tr("责任领导（牵头县领导）是人，不是单位；多人用顿号隔开"))
        self.has_deadline = QCheckBox()
        self.has_deadline.setToolTip(self.tr("勾选后可选择具体的完成日期（用于序时进度和逾期提醒）"))
        self.deadline = QDateEdit()
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat(self.tr("yyyy年MM月dd日"))
        self.deadline_text = QLineEdit()
        self.deadline_text.setPlaceholderText(self.tr("如：2026年6月底前、长期坚持"))
        self.deadline_text.setToolTip(self.tr("完成时限按方案原文填写；打印和导出时显示这段文字；"
                                      "其中的日期（如“6月底前”即6月30日）用于逾期提醒"))
        self.deadline_meaning = QLabel()  # the date the text means, beside it
        self.deadline_meaning.setStyleSheet("color:#555")
        self.remarks = PlainTextField()
        self.remarks.setMaximumHeight(70)
        self.status = QLabel()
        self.status.setWordWrap(True)

        deadline_row = QHBoxLayout()
        deadline_row.setContentsMargins(0, 0, 0, 0)
        deadline_row.addWidget(self.has_deadline)
        deadline_row.addWidget(self.deadline, 1)
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.heading)
        form.addRow(self.tr("标题："), self.title)
        form.addRow(self.tr("内容："), self.content)
        form.addRow(self.tr("牵头单位："), self.lead_units)
        form.addRow(self.tr("责任单位："), self.responsible_units)
        form.addRow(self.tr("责任领导："), self.leaders)
        text_row = QHBoxLayout()
        text_row.setContentsMargins(0, 0, 0, 0)
        text_row.addWidget(self.deadline_text, 1)
        text_row.addWidget(self.deadline_meaning)
        form.addRow(self.tr("完成时限："), text_row)
        form.addRow(self.tr("完成日期："), deadline_row)
        form.addRow(self.tr("备注："), self.remarks)
        form.addRow(self.tr("本月状态："), self.status)

        self.title.editingFinished.connect(lambda: self._text_done("title", self.title.text()))
        self.content.editingFinished.connect(
            lambda: self._text_done("content", self.content.toPlainText()))
        self.remarks.editingFinished.connect(
            lambda: self._text_done("remarks", self.remarks.toPlainText()))
        self.deadline_text.editingFinished.connect(
            lambda: self._text_done("deadline_text", self.deadline_text.text()))
        self.leaders.editingFinished.connect(self._leaders_done)
        self.has_deadline.toggled.connect(self._deadline_done)
        self.deadline.dateChanged.connect(self._deadline_done)
        self.lead_units.names_edited.connect(lambda names: self._units_done("lead", names))
        self.responsible_units.names_edited.connect(
            lambda names: self._units_done("responsible", names))
        self._loading = False
        self.show_task(None)

    def set_units_list(self, units: list[UnitInfo]) -> None:
        self.lead_units.set_units_list(units)
        self.responsible_units.set_units_list(units)

    def show_task(self, task: TaskInfo | None, state: MonthState | None = None) -> None:
        self._loading = True
        try:
            self.task = task
            self.setEnabled(task is not None)
            if task is None:
                self.heading.setText(self.tr("请在左侧选择一个事项。"))
                for edit in (self.title, self.deadline_text, self.leaders):
                    edit.clear()
                for edit in (self.content, self.remarks):
                    edit.clear()
                self.lead_units.set_units([])
                self.responsible_units.set_units([])
                self.has_deadline.setChecked(False)
                self.deadline.setEnabled(False)
                self.deadline_meaning.clear()
                self.status.clear()
                return
            self.heading.setText(f"<b>{task.number}</b> {_escape(task.text.split(chr(10))[0])}")
            self.title.setText(task.title)
            self.title.setCursorPosition(0)
            self.content.setPlainText(task.content)
            self.lead_units.set_units(task.lead_units)
            self.responsible_units.set_units(task.responsible_units)
            self.has_deadline.setChecked(task.deadline is not None)
            self.deadline.setEnabled(task.deadline is not None)
            self.deadline.setDate(QDate(task.deadline or dt.date.today()))
            self.deadline_text.setText(task.deadline_text)
            self.leaders.setText("、".join(task.responsible_leaders))
            self.leaders.setCursorPosition(0)
            self.deadline_meaning.setText(deadline_meaning(task))
            self.remarks.setPlainText(task.remarks)
            self.status.setText(state.tip if state else "")
        finally:
            self._loading = False

    def _text_done(self, field: str, value: str) -> None:
        if self._loading or self.task is None:
            return
        value = value.strip() if field in ("title", "deadline_text") else value.rstrip()
        if value != getattr(self.task, field):
            self.fields_edited.emit(self.task.id, {field: value})

    def _leaders_done(self) -> None:
        if self._loading or self.task is None:
            return
        names = [n.strip() for n in re.split(r"[、，,；;]", self.leaders.text()) if n.strip()]
        if tuple(names) != self.task.responsible_leaders:
            self.fields_edited.emit(self.task.id, {"responsible_leaders": names})

    def _deadline_done(self, *_args) -> None:
        if self._loading or self.task is None:
            return
        self.deadline.setEnabled(self.has_deadline.isChecked())
        value = self.deadline.date().toPython() if self.has_deadline.isChecked() else None
        if value != self.task.deadline:
            self.fields_edited.emit(self.task.id, {"deadline": value})

    def _units_done(self, role: str, names: list[str]) -> None:
        if self._loading or self.task is None:
            return
        current = self.task.lead_units if role == "lead" else self.task.responsible_units
        if names != [u.name for u in current]:
            self.units_edited.emit(self.task.id, role, names)

    def commit_pending(self) -> None:
        """Save a field still being typed in (before the selection moves or the window closes)."""
        for widget in (self.title, self.deadline_text, self.leaders, self.content, self.remarks,
                       self.lead_units, self.responsible_units):
            if widget.hasFocus():
                widget.editingFinished.emit()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
