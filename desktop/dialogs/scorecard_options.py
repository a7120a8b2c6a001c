"""The export dialog's row for the units' scorecard: the first month of the range (the last is
the dialog's 月份) and the three weights of the score, with the formula they make."""
from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QDoubleSpinBox, QHBoxLayout, QLabel, QVBoxLayout, \
    QWidget

from db.scorecard import DEFAULT_WEIGHTS, Weights

SCORECARD = "scorecard"


class ScorecardOptions(QWidget):
    def __init__(self, month: QDate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.first_month = QDateEdit()
        self.first_month.setDisplayFormat(self.tr("yyyy年M月"))
        self.first_month.setDate(QDate(month.year(), 1, 1))
        self.weights = []
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(self.tr("起始月份：")))
        row.addWidget(self.first_month)
        for label, value in ((self.tr("报送及时率"), DEFAULT_WEIGHTS.timely),
                             (self.tr("完成率"), DEFAULT_WEIGHTS.done),
                             (self.tr("未滞后率"), DEFAULT_WEIGHTS.not_late)):
            box = QDoubleSpinBox()
            box.setRange(0, 100)
            box.setDecimals(0)
            box.setValue(value)
            box.valueChanged.connect(self._show_formula)
            row.addWidget(QLabel(label))
            row.addWidget(box)
            self.weights.append(box)
        row.addStretch(1)
        self.formula = QLabel()
        self.formula.setWordWrap(True)
        self.formula.setStyleSheet("color:#555")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.formula)
        self._show_formula()

    def values(self) -> tuple[float, float, float]:
        return tuple(box.value() for box in self.weights)

    def first_month_text(self) -> str:
        date = self.first_month.date()
        return f"{date.year():04d}-{date.month():02d}"

    def _show_formula(self) -> None:
        weights = Weights(*self.values())
        if sum(self.values()) <= 0:
            self.formula.setText(self.tr("权重至少有一项大于 0。"))
        else:
            self.formula.setText(weights.formula())
