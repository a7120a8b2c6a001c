"""What the progress views share: status colours, the 序时进度 thresholds setting and its dialog.

The thresholds live in QSettings (group ``progress``); ``load_thresholds()`` hands a
``db.schedule.Thresholds`` to the widgets, which take it through ``set_thresholds``.
"""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from db.schedule import COLOUR_WORDS, DEFAULT_THRESHOLDS, Colour, Standing, Thresholds


def _tr(text: str) -> str:
    return QCoreApplication.translate("progress_thresholds", text)


# Soft cell backgrounds (the status word is always written too, for black-and-white print).
BACKGROUND = {Colour.GREEN: QColor("#dff2dc"), Colour.YELLOW: QColor("#fff1b8"),
              Colour.RED: QColor("#f9d0cc")}
FOREGROUND = {Colour.GREEN: QColor("#1e6b2a"), Colour.YELLOW: QColor("#7a5a00"),
              Colour.RED: QColor("#a51d1d")}
CHART = {Colour.GREEN: QColor("#4caf50"), Colour.YELLOW: QColor("#f2c12e"),
         Colour.RED: QColor("#e0483e")}
MISMATCH_STYLE = ("background:#fde2c8; color:#8a3b00; border:1px solid #e8a36c;"
                  " border-radius:3px; padding:3px 6px;")

SETTINGS_GROUP = "progress"


def colour_word(colour: Colour) -> str:
    return COLOUR_WORDS[colour]


def standing_note(standing: Standing) -> str:
    """One line a clerk reads: 序时进度, days left, the warnings that apply."""
    parts = []
    if standing.expected_percent is not None:
        parts.append(_tr("序时进度 {:g}%").format(standing.expected_percent))
    else:
        parts.append(_tr("无完成时限，不计序时进度"))
    if standing.overdue:
        parts.append(_tr("已逾期 {} 天").format(-standing.days_left) if standing.days_left
                     else _tr("已逾期"))
    elif standing.due_soon:
        parts.append(_tr("距完成时限 {} 天").format(standing.days_left))
    if standing.behind is not None and not standing.done:
        if standing.behind > 0:
            parts.append(_tr("落后 {:g} 个百分点").format(standing.behind))
        elif standing.behind < 0:
            parts.append(_tr("超前 {:g} 个百分点").format(-standing.behind))
    return "，".join(parts)


def mismatch_text(standing: Standing) -> str:
    return _tr("填报状态“{}”与完成百分比不符：按序时进度应为“{}”，请核实。").format(
        standing.status, standing.suggested_status)


def load_thresholds(settings: QSettings | None = None) -> Thresholds:
    settings = settings or QSettings()
    settings.beginGroup(SETTINGS_GROUP)
    try:
        def number(key, default, kind):
            try:
                return kind(settings.value(key, default))
            except (TypeError, ValueError):
                return default
        yellow = number("yellow_behind", DEFAULT_THRESHOLDS.yellow_behind, float)
        red = number("red_behind", DEFAULT_THRESHOLDS.red_behind, float)
        days = number("due_soon_days", DEFAULT_THRESHOLDS.due_soon_days, int)
    finally:
        settings.endGroup()
    if not 0 < yellow <= red <= 100 or days < 0:
        return DEFAULT_THRESHOLDS
    return Thresholds(yellow_behind=yellow, red_behind=red, due_soon_days=days)


def save_thresholds(thresholds: Thresholds, settings: QSettings | None = None) -> None:
    settings = settings or QSettings()
    settings.beginGroup(SETTINGS_GROUP)
    settings.setValue("yellow_behind", thresholds.yellow_behind)
    settings.setValue("red_behind", thresholds.red_behind)
    settings.setValue("due_soon_days", thresholds.due_soon_days)
    settings.endGroup()
    settings.sync()


class ThresholdsDialog(QDialog):
    """预警设置: points behind 序时进度 for yellow and red, days that count as 临期."""

    def __init__(self, thresholds: Thresholds, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("预警设置"))
        self.yellow = QDoubleSpinBox(decimals=0, minimum=1, maximum=100, suffix=self.tr(" 个百分点"))
        self.red = QDoubleSpinBox(decimals=0, minimum=1, maximum=100, suffix=self.tr(" 个百分点"))
        self.days = QSpinBox(minimum=0, maximum=365, suffix=self.tr(" 天"))
        self.yellow.setValue(thresholds.yellow_behind)
        self.red.setValue(thresholds.red_behind)
        self.days.setValue(thresholds.due_soon_days)
        form = QFormLayout()
        form.addRow(self.tr("落后序时进度达到（黄色预警）"), self.yellow)
        form.addRow(self.tr("落后序时进度超过（红色）"), self.red)
        form.addRow(self.tr("距完成时限不足（临期）"), self.days)
        self.problem = QLabel()
        self.problem.setStyleSheet("color:#a51d1d")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel
                                   | QDialogButtonBox.StandardButton.RestoreDefaults)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(
            lambda: self._show(DEFAULT_THRESHOLDS))
        layout = QVBoxLayout(self)
        note = QLabel(self.tr("逾期（过了完成时限仍未完成）总是红色。"))
        note.setWordWrap(True)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def _show(self, t: Thresholds) -> None:
        self.yellow.setValue(t.yellow_behind)
        self.red.setValue(t.red_behind)
        self.days.setValue(t.due_soon_days)

    def thresholds(self) -> Thresholds:
        return Thresholds(yellow_behind=self.yellow.value(), red_behind=self.red.value(),
                          due_soon_days=self.days.value())

    def accept(self) -> None:
        if self.red.value() < self.yellow.value():
            self.problem.setText(self.tr("红色的落后点数不能小于黄色预警的点数。"))
            return
        save_thresholds(self.thresholds())
        super().accept()


def edit_thresholds(parent: QWidget | None = None) -> Thresholds | None:
    """Show 预警设置; the saved thresholds, or None when cancelled (tests patch this)."""
    dialog = ThresholdsDialog(load_thresholds(), parent)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        return dialog.thresholds()
    return None


class RefreshWhenShown:
    """Mix-in for the month views: while the main window shows but this view is hidden (a
    closed dock, a background tab) a month or plan switch only marks it stale; it reads the
    database when it is shown.  Several views then do not all re-read 2,000 items at once."""

    _stale = False

    def defer_refresh(self) -> bool:
        """True (and remember to refresh later) when the view is not on screen now.

        A view inside a window (a tab, a dock) waits until it is shown, also while the window
        itself is still being built; a view standing on its own reads at once."""
        embedded = self.window() is not self
        if not self.isVisible() and (embedded or self.window().isVisible()):
            self._stale = True
            return True
        self._stale = False
        return False

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.refresh()


class MonthView(RefreshWhenShown):
    """The API the main window drives every month view through.

    A view keeps ``plan_id``, ``month`` and ``thresholds`` and implements ``reload()`` (read the
    month, reusing the task list in ``self._tree`` when only the month changed).
    """

    def __init__(self, db, parent: QWidget | None = None, *,
                 thresholds: Thresholds = DEFAULT_THRESHOLDS,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.thresholds = thresholds
        self.today = today
        self.plan_id: int | None = None
        self.month: str | None = None
        self._tree = None  # the plan's task list, reused while only the month changes
        self.sheets = None  # a LedgerState once followed: the month's sheet shared by the views

    def set_plan(self, plan_id: int | None) -> None:
        self.plan_id = plan_id
        self.refresh()

    def set_month(self, month: str) -> None:
        self.month = month
        self.reload()

    def set_thresholds(self, thresholds: Thresholds) -> None:
        self.thresholds = thresholds
        self.reload()

    def refresh(self) -> None:
        """Read the plan again (after progress or the task list changed elsewhere)."""
        self._tree = None
        self.reload()

    def reload(self) -> None:
        raise NotImplementedError


class SummaryView(MonthView):
    """A month view that shows the month's ``PlanSummary`` (dashboard, warnings)."""

    summary = None

    def reload(self) -> None:
        from db.summary import plan_summary

        if self.defer_refresh():
            return
        if self.plan_id is None or self.month is None:
            self.summary = None
        else:
            sheet = None if self.sheets is None else self.sheets.month_sheet(
                self.db, self.plan_id, self.month, today=self.today,
                thresholds=self.thresholds, tree=self._tree)
            self.summary = plan_summary(self.db, self.plan_id, self.month, today=self.today,
                                        thresholds=self.thresholds, tree=self._tree,
                                        sheet=sheet)
            self._tree = self.summary.sheet.tree
        self._fill()
