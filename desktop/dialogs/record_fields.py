"""Parts the 调整完成时限 and 销号/退回 dialogs share: a date field, the problem line, the
buttons, and the layout intro / form / problem / buttons."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtWidgets import QDateEdit, QDialog, QDialogButtonBox, QLabel, QVBoxLayout


def _tr(text: str) -> str:
    return QCoreApplication.translate("record_fields", text)


def date_field(day: dt.date) -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(_tr("yyyy年MM月dd日"))
    edit.setDate(QDate(day))
    return edit


def problem_line() -> QLabel:
    """Where a dialog says what is still missing (instead of closing)."""
    label = QLabel()
    label.setStyleSheet("color: #b3261e;")
    label.setWordWrap(True)
    return label


def lay_out(dialog: QDialog, intro: QLabel, form, problem: QLabel, width: int) -> None:
    """Intro, form, problem line and 确定/取消; 确定 calls the dialog's ``_accept`` check."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog._accept)
    buttons.rejected.connect(dialog.reject)
    intro.setWordWrap(True)
    layout = QVBoxLayout(dialog)
    layout.addWidget(intro)
    layout.addLayout(form)
    layout.addWidget(problem)
    layout.addWidget(buttons)
    dialog.resize(width, dialog.sizeHint().height())
