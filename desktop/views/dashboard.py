"""Dashboard (调度总览): the month at a glance — the work items by category (已完成 / 正常 /
滞后 / 逾期 / 未报送, ``db.summary.category``: one category per item, so the cards, the bars and
the donut show the same numbers), each lead unit's items, indicator completion.  Read-only; it
shows ``db.summary.PlanSummary``."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalStackedBarSeries,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTabWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db.schedule import DEFAULT_THRESHOLDS, Colour, Thresholds
from db.session import Database
from db.summary import (
    AWAITING_CLOSEOUT,
    CATEGORIES,
    DONE,
    LAGGING,
    NORMAL,
    NOT_REPORTED,
    OVERDUE,
    PlanSummary,
)
from desktop.views.indicator_actuals import COMPLETION_ROLE, CompletionBarDelegate, format_number
from desktop.views.progress_history import month_words
from desktop.views.progress_thresholds import (
    BACKGROUND,
    FOREGROUND,
    SummaryView,
)
from desktop.views.chart_parts import plain_chart
from desktop.views.trend_charts import TrendCharts
from exports.charts import integer_axis

# One colour per category everywhere (cards, bars, donut, warnings).  未报送 is grey: it is
# never painted as on time.
CATEGORY_COLOURS = {DONE: "#1565c0", AWAITING_CLOSEOUT: "#6a5acd", NORMAL: "#2e7d32",
                    LAGGING: "#c77700", OVERDUE: "#c62828", NOT_REPORTED: "#757575"}
CARD_KEYS = {DONE: "done", AWAITING_CLOSEOUT: "awaiting_closeout", NORMAL: "normal",
             LAGGING: "lagging", OVERDUE: "overdue", NOT_REPORTED: "not_reported"}
# marked for the translators here, translated where shown (the header)
UNIT_COLUMNS = (QT_TRANSLATE_NOOP("Dashboard", "牵头单位"), QT_TRANSLATE_NOOP("Dashboard", "事项"),
                QT_TRANSLATE_NOOP("Dashboard", "已完成"), QT_TRANSLATE_NOOP("Dashboard", "待销号"),
                QT_TRANSLATE_NOOP("Dashboard", "正常"), QT_TRANSLATE_NOOP("Dashboard", "滞后"),
                QT_TRANSLATE_NOOP("Dashboard", "逾期"), QT_TRANSLATE_NOOP("Dashboard", "未报送"))


class StatCard(QFrame):
    """A big number with its label (工作事项 40)."""

    def __init__(self, label: str, colour: str = "#333333", parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("StatCard { background:#ffffff; border:1px solid #d8dde3;"
                           " border-radius:4px; }")
        self.number = QLabel("–")
        font = QFont(self.font())
        font.setPointSize(font.pointSize() + 9)
        font.setBold(True)
        self.number.setFont(font)
        self.number.setStyleSheet(f"color:{colour}")
        self.label = QLabel(label)
        self.label.setStyleSheet("color:#555")
        self.detail = QLabel()
        self.detail.setStyleSheet("color:#888")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(0)
        layout.addWidget(self.label)
        layout.addWidget(self.number)
        layout.addWidget(self.detail)

    def set_value(self, value: int, detail: str = "") -> None:
        self.number.setText(str(value))
        self.detail.setText(detail)




class Dashboard(SummaryView, QWidget):
    """调度总览 for one plan and month."""

    unit_activated = Signal(str)  # a lead unit's row was double-clicked (filter the grid by it)

    def __init__(self, db: Database, parent: QWidget | None = None, *,
                 thresholds: Thresholds = DEFAULT_THRESHOLDS,
                 today: dt.date | None = None) -> None:
        super().__init__(db, parent, thresholds=thresholds, today=today)
        self.summary: PlanSummary | None = None

        self.title = QLabel()
        title_font = QFont(self.font())
        title_font.setPointSize(title_font.pointSize() + 3)
        title_font.setBold(True)
        self.title.setFont(title_font)
        self.cards = {"items": StatCard(self.tr("工作事项"))}
        for name in CATEGORIES:
            self.cards[CARD_KEYS[name]] = StatCard(self.tr(name), CATEGORY_COLOURS[name])
        self.cards["due_soon"] = StatCard(self.tr("临期"), FOREGROUND[Colour.YELLOW].name())
        self.cards["mismatched"] = StatCard(self.tr("状态待核实"), "#8a3b00")
        self.cards[CARD_KEYS[DONE]].setToolTip(self.tr("已完成并已销号（含以前月份）"))
        self.cards[CARD_KEYS[AWAITING_CLOSEOUT]].setToolTip(
            self.tr("单位报已完成，专班办公室尚未销号"))
        self.cards[CARD_KEYS[NORMAL]].setToolTip(self.tr("本月已报送，进度不低于序时进度"))
        self.cards[CARD_KEYS[LAGGING]].setToolTip(
            self.tr("落后序时进度或自报进度滞后、未逾期（本月未报送的按上次报送的进度）"))
        self.cards[CARD_KEYS[OVERDUE]].setToolTip(self.tr("已过完成时限仍未完成"))
        self.cards[CARD_KEYS[NOT_REPORTED]].setToolTip(
            self.tr("本月没有报送进展，也未逾期、未滞后（以前月份已完成的不算）"))
        self.cards["due_soon"].setToolTip(self.tr("尚未完成、临近完成时限的事项（与上面各类有交叉）"))
        self.cards["mismatched"].setToolTip(self.tr("填报状态与完成百分比不符的事项"))
        cards = QHBoxLayout()
        for card in self.cards.values():
            cards.addWidget(card)

        self.colour_chart = plain_chart(self.tr("本月各类事项占比"))
        self.colour_view = QChartView(self.colour_chart)
        self.status_chart = plain_chart(self.tr("本月各类事项数"))
        self.status_view = QChartView(self.status_chart)
        for view in (self.colour_view, self.status_view):
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumSize(300, 230)

        self.units = QTableWidget(0, len(UNIT_COLUMNS))
        self.units.setHorizontalHeaderLabels([self.tr(c) for c in UNIT_COLUMNS])
        self.units.verticalHeader().hide()
        self.units.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.units.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.units.setAlternatingRowColors(True)
        self.units.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, len(UNIT_COLUMNS)):
            self.units.setColumnWidth(col, 52)
        self.units.verticalHeader().setDefaultSectionSize(26)
        self._bold = QFont(self.units.font())
        self._bold.setBold(True)
        self.units.itemDoubleClicked.connect(
            lambda item: self.unit_activated.emit(self.units.item(item.row(), 0).text()))

        self.indicators = QTableWidget(0, 4)
        self.indicators.setHorizontalHeaderLabels(
            [self.tr("目标指标"), self.tr("目标"), self.tr("实际"), self.tr("完成率")])
        self.indicators.verticalHeader().hide()
        self.indicators.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.indicators.setItemDelegateForColumn(3, CompletionBarDelegate(self.indicators))
        header = self.indicators.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.indicators.setColumnWidth(1, 100)
        self.indicators.setColumnWidth(2, 70)
        self.indicators.setColumnWidth(3, 130)
        self.indicators.verticalHeader().setDefaultSectionSize(26)

        charts = QHBoxLayout()
        charts.addWidget(self.colour_view, 2)
        charts.addWidget(self.status_view, 3)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(cards)
        self.trends = TrendCharts(db)
        self.chart_tabs = QTabWidget()
        month_charts = QWidget()
        month_charts.setLayout(charts)
        self.chart_tabs.addTab(month_charts, self.tr("本月"))
        self.chart_tabs.addTab(self.trends, self.tr("各月趋势与单位考评"))
        top_layout.addWidget(self.chart_tabs, 1)

        units_box = QWidget()
        units_layout = QVBoxLayout(units_box)
        units_layout.setContentsMargins(0, 0, 0, 0)
        units_layout.addWidget(self._heading(self.tr("各牵头单位")))
        units_layout.addWidget(self.units)
        indicators_box = QWidget()
        indicators_layout = QVBoxLayout(indicators_box)
        indicators_layout.setContentsMargins(0, 0, 0, 0)
        indicators_layout.addWidget(self._heading(self.tr("目标指标完成情况")))
        indicators_layout.addWidget(self.indicators)
        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.addWidget(units_box)
        bottom.addWidget(indicators_box)
        bottom.setChildrenCollapsible(False)
        bottom.setSizes([520, 600])

        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(top)
        body.addWidget(bottom)
        body.setChildrenCollapsible(False)
        body.setSizes([380, 320])
        layout = QGridLayout(self)
        layout.addWidget(self.title, 0, 0)
        layout.addWidget(body, 1, 0)
        layout.setRowStretch(1, 1)
        self.refresh()

    @staticmethod
    def _heading(text: str) -> QLabel:
        label = QLabel(f"<b>{text}</b>")
        return label


    # --- showing ----------------------------------------------------------------------------
    def _fill(self) -> None:
        s = self.summary
        if s is None:
            self.title.setText(self.tr("未选择工作方案"))
            for card in self.cards.values():
                card.set_value(0)
            self._fill_charts(None)
            self.trends.follow(None, None, today=self.today, thresholds=self.thresholds)
            self.units.setRowCount(0)
            self.indicators.setRowCount(0)
            return
        self.title.setText(self.tr("{}调度总览").format(month_words(s.month)))
        share = ((lambda n: self.tr("占 {}%").format(round(100 * n / s.items))) if s.items
                 else (lambda n: ""))
        self.cards["items"].set_value(s.items, self.tr("已报送 {}").format(s.reported))
        for name in CATEGORIES:
            self.cards[CARD_KEYS[name]].set_value(s.by_category[name], share(s.by_category[name]))
        if s.owing > s.not_reported_count:   # those are counted where they stand: 逾期, 滞后
            self.cards[CARD_KEYS[NOT_REPORTED]].detail.setText(
                self.tr("另 {} 项未报送计入逾期、滞后").format(s.owing - s.not_reported_count))
        self.cards["due_soon"].set_value(len(s.due_soon),
                                         self.tr("{} 天内到期").format(self.thresholds.due_soon_days))
        self.cards["mismatched"].set_value(len(s.mismatched))
        self._fill_charts(s)
        self.trends.follow(self.plan_id, self.month, today=self.today, thresholds=self.thresholds)
        self._fill_units(s)
        self._fill_indicators(s)

    def chart_counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """What the donut and the bars show: ({category: slice value}, {category: bar value})."""
        slices = {}
        for series in self.colour_chart.series():
            for slice_ in series.slices():
                slices[slice_.property("category")] = int(slice_.value())
        bars = {}
        for series in self.status_chart.series():
            for bar_set in series.barSets():
                bars[bar_set.label()] = int(sum(bar_set.at(j) for j in range(bar_set.count())))
        return slices, bars

    def _fill_charts(self, s: PlanSummary | None) -> None:
        self.colour_chart.removeAllSeries()
        for axis in self.status_chart.axes():
            self.status_chart.removeAxis(axis)
        self.status_chart.removeAllSeries()
        if s is None:
            return
        pie = QPieSeries()
        pie.setHoleSize(0.45)
        pie.setPieSize(0.6)   # room for the labels of small slices at 1280×720
        for name in CATEGORIES:
            count = s.by_category[name]
            if not count:
                continue
            slice_ = pie.append(f"{name} {count}", count)
            slice_.setProperty("category", name)
            slice_.setBrush(QColor(CATEGORY_COLOURS[name]))
            # thin slices side by side would print over each other: the legend has them
            slice_.setLabelVisible(count >= 0.05 * s.items)
        self.colour_chart.addSeries(pie)
        self.colour_chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)

        names = list(reversed(CATEGORIES))  # top to bottom as read
        # One set per category, stacked, so each bar has its own colour; counts go in the labels.
        series = QHorizontalStackedBarSeries()
        series.setBarWidth(0.7)
        for i, name in enumerate(names):
            bars = QBarSet(name)
            bars.append([s.by_category[name] if j == i else 0 for j in range(len(names))])
            bars.setColor(QColor(CATEGORY_COLOURS[name]))
            bars.setBorderColor(QColor(CATEGORY_COLOURS[name]))
            series.append(bars)
        self.status_chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append([f"{n}  {s.by_category[n]}" for n in names])
        top, step = integer_axis(max(s.by_category.values()))
        values = QValueAxis()
        values.setRange(0, top)
        values.setTickType(QValueAxis.TickType.TicksFixed)
        values.setTickCount(top // step + 1)
        values.setMinorTickCount(0)
        values.setLabelFormat("%d")
        self.status_chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
        self.status_chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(categories)
        series.attachAxis(values)
        self.status_chart.legend().hide()

    def _fill_units(self, s: PlanSummary) -> None:
        self.units.setRowCount(len(s.by_unit))
        for row, u in enumerate(s.by_unit):
            values = [u.unit, u.items, u.done, u.awaiting_closeout, u.on_time, u.lagging,
                      u.overdue, u.not_reported]
            for col, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                if col:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                if col == 6 and u.overdue:
                    item.setBackground(QBrush(BACKGROUND[Colour.RED]))
                if col == 5 and u.lagging:
                    item.setBackground(QBrush(BACKGROUND[Colour.YELLOW]))
                if col == 7 and u.not_reported:
                    item.setForeground(QBrush(QColor(CATEGORY_COLOURS[NOT_REPORTED])))
                    item.setFont(self._bold)
                self.units.setItem(row, col, item)

    def _fill_indicators(self, s: PlanSummary) -> None:
        self.indicators.setRowCount(len(s.indicators))
        for row, ind in enumerate(s.indicators):
            target = ind.target_text or f"{format_number(ind.target)}{ind.measure}"
            actual = format_number(ind.actual)
            if actual and ind.measure:
                actual += ind.measure
            cells = [QTableWidgetItem(ind.name), QTableWidgetItem(target),
                     QTableWidgetItem(actual), QTableWidgetItem("—")]
            cells[0].setToolTip(ind.name)
            cells[2].setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if ind.actual_month and ind.actual_month != s.month:
                cells[2].setToolTip(self.tr("{}的数值").format(month_words(ind.actual_month)))
            cells[3].setData(COMPLETION_ROLE, ind.completion)
            cells[3].setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            for col, item in enumerate(cells):
                self.indicators.setItem(row, col, item)
