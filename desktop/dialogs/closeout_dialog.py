"""销号 (confirm a unit's 已完成: date, who, note) or 退回 (send it back: the reason)."""
from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QPlainTextEdit

from desktop.dialogs.record_fields import date_field, lay_out, problem_line


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
        self.by = QLineEdit(user)
        self.on = date_field(today or dt.date.today())
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(90)
        self.note.setPlaceholderText(self.tr("如：经现场核查，已全部完成") if confirm
                                     else self.tr("如：缺少验收报告，请补充后重新报送"))
        self.problem = problem_line()
        form = QFormLayout()
        form.addRow(self.tr("经办人："), self.by)
        form.addRow(self.tr("销号日期：") if confirm else self.tr("退回日期："), self.on)
        form.addRow(self.tr("说明：") if confirm else self.tr("退回原因："), self.note)
        lay_out(self, intro, form, self.problem, 420)

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
