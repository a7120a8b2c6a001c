"""销号 (confirm a unit's 已完成: date, who, note) or 退回 (send it back: the reason)."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
)


class CloseoutDialog(QDialog):
    """``values()`` are ``confirm_closeout`` / ``return_closeout``'s keyword arguments."""

    def __init__(self, parent=None, *, confirm: bool, item_text: str = "", month_text: str = "",
                 user: str = "", today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.confirm = confirm
        self.setWindowTitle(self.tr("销号") if confirm else self.tr("退回"))
        intro = QLabel((self.tr("确认该事项已完成并销号：\n{0}（{1}报已完成）") if confirm else
                        self.tr("将该事项的“已完成”退回牵头单位：\n{0}（{1}报已完成）"))
                       .format(item_text, month_text))
        intro.setWordWrap(True)
        self.by = QLineEdit(user)
        self.on = QDateEdit()
        self.on.setCalendarPopup(True)
        self.on.setDisplayFormat("yyyy年MM月dd日")
        self.on.setDate(QDate(today or dt.date.today()))
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(90)
        self.note.setPlaceholderText(self.tr("如：经现场核查，已全部完成") if confirm
                                     else self.tr("如：缺少验收报告，请补充后重新报送"))
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b3261e;")
        form = QFormLayout()
        form.addRow(self.tr("经办人："), self.by)
        form.addRow(self.tr("销号日期：") if confirm else self.tr("退回日期："), self.on)
        form.addRow(self.tr("说明：") if confirm else self.tr("退回原因："), self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.resize(420, self.sizeHint().height())

    def values(self) -> dict:
        note = self.note.toPlainText().strip()
        values = {"by": self.by.text().strip(), "on": self.on.date().toPython()}
        values["note" if self.confirm else "reason"] = note
        return values

    def _accept(self) -> None:
        if not self.confirm and not self.note.toPlainText().strip():
            self.problem.setText(self.tr("请填写退回原因，单位据此补充或整改。"))
            return
        self.accept()


def ask_closeout(parent, **kwargs) -> dict | None:
    """The office's decision details, or None when cancelled (tests patch this)."""
    dialog = CloseoutDialog(parent, **kwargs)
    return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None
