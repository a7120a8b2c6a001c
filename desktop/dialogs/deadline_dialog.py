"""调整完成时限: the new deadline as approved (text and date), the reason, who approved, when."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QPlainTextEdit

from desktop.dialogs.record_fields import date_field, lay_out, problem_line


class DeadlineDialog(QDialog):
    """Asks for one approved change; ``values()`` are ``adjust_deadline``'s keyword arguments."""

    def __init__(self, parent=None, *, item_text: str = "", current_text: str = "",
                 current_date: dt.date | None = None, year: int | None = None,
                 today: dt.date | None = None, request=None) -> None:
        """``request``: a unit's 延期申请 (``RequestInfo``) being granted — its date, words and
        reason fill the form, which the office may change before approving."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("批准延期申请") if request is not None
                            else self.tr("调整完成时限"))
        self._year = year
        today = today or dt.date.today()
        intro = QLabel(self.tr("事项：{0}\n当前完成时限：{1}").format(
            item_text, current_text or self.tr("（未定）")))
        self.deadline_text = QLineEdit()
        self.deadline_text.setPlaceholderText(self.tr("照批复填写，如：2026年9月底前"))
        self.deadline = date_field(current_date or today)
        self.deadline.setToolTip(self.tr("序时进度和逾期按这个日期计算"))
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setMaximumHeight(80)
        self.approved_by = QLineEdit()
        self.approved_by.setPlaceholderText(self.tr("如：县专班办公室、分管副县长"))
        self.approved_on = date_field(today)
        self.problem = problem_line()
        form = QFormLayout()
        form.addRow(self.tr("调整后完成时限："), self.deadline_text)
        form.addRow(self.tr("调整后完成日期："), self.deadline)
        form.addRow(self.tr("调整原因："), self.reason)
        form.addRow(self.tr("批准人："), self.approved_by)
        form.addRow(self.tr("批准日期："), self.approved_on)
        lay_out(self, intro, form, self.problem, 460)
        self.deadline_text.textEdited.connect(self._text_edited)
        if request is not None:
            intro.setText(intro.text() + self.tr("\n{0}申请调整至：{1}").format(
                request.unit_name or self.tr("单位"), request.text))
            self.deadline_text.setText(request.text)
            self.deadline.setDate(QDate(request.requested_deadline))
            self.reason.setPlainText(request.reason)

    def _text_edited(self, text: str) -> None:
        # The date follows the words while the clerk types them (2026年9月底前 → 9月30日).
        # The importers' reader of deadlines loads when one is typed, not with the window.
        from exports.importers.common import parse_deadline

        date, _text = parse_deadline(text, self._year)
        if date is not None:
            self.deadline.setDate(QDate(date))

    def values(self) -> dict:
        return {"deadline": self.deadline.date().toPython(),
                "deadline_text": self.deadline_text.text().strip(),
                "reason": self.reason.toPlainText().strip(),
                "approved_by": self.approved_by.text().strip(),
                "approved_on": self.approved_on.date().toPython()}

    def _accept(self) -> None:
        values = self.values()
        missing = [label for key, label in (("reason", self.tr("调整原因")),
                                            ("approved_by", self.tr("批准人"))) if not values[key]]
        if missing:
            self.problem.setText(self.tr("请填写：{0}。").format("、".join(missing)))
            return
        self.accept()


def ask_deadline_change(parent, **kwargs) -> dict | None:
    """The clerk's approved change, or None when cancelled (tests patch this)."""
    dialog = DeadlineDialog(parent, **kwargs)
    return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None
