"""Target indicators (目标指标): the month's actual value per indicator and its completion."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QRect, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QApplication,
    QHeaderView,
    QLabel,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db.errors import InvalidInput
from db.services.plans import list_indicators
from db.session import Database
from db.summary import IndicatorStanding, indicator_standing
from desktop.prompts import show_error
from desktop.undo import EditHistory, IndicatorActualCommand
from desktop.views.progress_history import month_words
from desktop.views.progress_thresholds import RefreshWhenShown

COMPLETION_ROLE = Qt.ItemDataRole.UserRole + 1


def _tr(text: str) -> str:
    return QCoreApplication.translate("IndicatorActuals", text)


class CompletionBarDelegate(QStyledItemDelegate):
    """Paints a cell's completion (0–100, ``COMPLETION_ROLE``) as a progress bar."""

    def paint(self, painter, option, index):
        value = index.data(COMPLETION_ROLE)
        if value is None:
            super().paint(painter, option, index)
            return
        bar = QStyleOptionProgressBar()
        bar.rect = QRect(option.rect.adjusted(3, 4, -3, -4))
        bar.minimum, bar.maximum = 0, 1000
        bar.progress = int(round(value * 10))
        bar.text = f"{value:g}%"
        bar.textVisible = True
        bar.textAlignment = Qt.AlignmentFlag.AlignCenter
        bar.state = option.state | QStyle.StateFlag.State_Horizontal
        bar.palette = option.palette
        QApplication.style().drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter)


def format_number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def parse_actual(text: str) -> float | None:
    text = (text or "").strip().rstrip("%％").strip().replace(",", "").replace("，", "")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise InvalidInput(_tr("实际值“{}”不是数字。").format(text)) from None


class EnterMovesDown(QTableWidget):
    """Enter stores the value and goes to the next row's cell, as in a spreadsheet."""

    def closeEditor(self, editor, hint):  # noqa: N802 - Qt's name
        super().closeEditor(editor, hint)
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            current = self.currentIndex()
            if current.isValid() and current.row() + 1 < self.rowCount():
                self.setCurrentCell(current.row() + 1, current.column())


# marked for the translators here, translated where shown (the header)
COLUMNS = (QT_TRANSLATE_NOOP("IndicatorActuals", "目标指标"),
           QT_TRANSLATE_NOOP("IndicatorActuals", "目标"),
           QT_TRANSLATE_NOOP("IndicatorActuals", "牵头单位"),
           QT_TRANSLATE_NOOP("IndicatorActuals", "本月实际值"),
           QT_TRANSLATE_NOOP("IndicatorActuals", "完成率"))
ACTUAL, COMPLETION = 3, 4


class IndicatorActuals(RefreshWhenShown, QWidget):
    """Enter each indicator's actual value for the month; completion shown as bars."""

    data_changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None, *,
                 undo_history: EditHistory | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.undo_history = undo_history or EditHistory(db, self)  # the window's, in the app
        self.plan_id: int | None = None
        self.month: str | None = None
        self.standings: list[IndicatorStanding] = []
        self.versions: dict[int, int] = {}
        self._filling = False

        self.table = EnterMovesDown(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.verticalHeader().hide()
        self.table.setItemDelegateForColumn(COMPLETION, CompletionBarDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, width in ((1, 130), (2, 110), (3, 110), (4, 160)):
            self.table.setColumnWidth(col, width)
        self.table.verticalHeader().setDefaultSectionSize(30)
        self.note = QLabel(self.tr("实际值按年度累计填写；本月未填时沿用此前最近一次的数值（灰色）。"
                                   "完成率：以上/达到/左右按 实际÷目标 计，最高 100%；"
                                   "以内/以下 不超过目标即 100%。"))
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color:#666")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        self.table.itemChanged.connect(self._changed)

    def set_plan(self, plan_id: int | None) -> None:
        self.plan_id = plan_id
        self.refresh()

    def set_month(self, month: str) -> None:
        self.month = month
        self.refresh()

    def refresh(self) -> None:
        if self.defer_refresh():
            return
        if self.plan_id is None or self.month is None:
            self.standings, self.versions = [], {}
        else:
            indicators = list_indicators(self.db, self.plan_id)
            self.standings = [indicator_standing(i, self.month) for i in indicators]
            # the month's entry as shown (0: none), sent with an edit so a stale one conflicts
            self.versions = {i.id: i.actual_versions.get(self.month, 0) for i in indicators}
        self._fill()

    def _fill(self) -> None:
        self._filling = True
        try:
            self.table.setRowCount(len(self.standings))
            header = (self.tr("{}实际值").format(month_words(self.month)) if self.month
                      else self.tr(COLUMNS[ACTUAL]))
            self.table.setHorizontalHeaderItem(ACTUAL, QTableWidgetItem(header))
            for row, s in enumerate(self.standings):
                target = s.target_text or f"{format_number(s.target)}{s.measure}"
                cells = [s.name, target, s.lead_unit, format_number(s.actual), ""]
                for col, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    if col != ACTUAL:
                        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                    self.table.setItem(row, col, item)
                actual = self.table.item(row, ACTUAL)
                actual.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                actual.setData(Qt.ItemDataRole.UserRole, s.id)
                if s.actual_month and s.actual_month != self.month:
                    actual.setForeground(Qt.GlobalColor.gray)
                    actual.setToolTip(self.tr("本月未填，显示的是{}的数值").format(month_words(s.actual_month)))
                else:
                    actual.setToolTip(self.tr("单位：{}").format(s.measure) if s.measure else "")
                completion = self.table.item(row, COMPLETION)
                completion.setData(COMPLETION_ROLE, s.completion)
                if s.completion is None:
                    completion.setText("—")
                    completion.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        finally:
            self._filling = False

    def select_indicators(self, indicator_ids) -> None:
        """Make the first of these indicators' actual value current (an undo step's)."""
        rows = [r for r, s in enumerate(self.standings) if s.id in indicator_ids]
        if rows:
            self.table.setCurrentCell(rows[0], ACTUAL)

    def _changed(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != ACTUAL or self.month is None:
            return
        standing = self.standings[item.row()]
        try:
            value = parse_actual(item.text())
            if value == standing.actual and standing.actual_month == self.month:
                return
            self.undo_history.perform(IndicatorActualCommand(
                self.db, standing.id, standing.name, self.month, value, view=self,
                expected_version=self.versions.get(standing.id)))
        except Exception as exc:  # noqa: BLE001 - shown to the clerk; the value is not stored
            show_error(self, exc)
            self.refresh()
            return
        self.refresh()
        self.data_changed.emit()
