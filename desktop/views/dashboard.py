"""Dashboard (调度总览): the month at a glance — counts by status and colour, each lead unit's
items, indicator completion.  Read-only; it shows ``db.summary.PlanSummary``."""
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
from PySide6.QtCore import QMargins, Qt, Signal
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

from db.models import Status
from db.schedule import COLOUR_WORDS, DEFAULT_THRESHOLDS, Colour, Thresholds
from db.session import Database
from db.summary import PlanSummary
from desktop.views.indicator_actuals import COMPLETION_ROLE, CompletionBarDelegate, format_number
from desktop.views.progress_history import month_words
from desktop.views.progress_thresholds import (
    BACKGROUND,
    CHART,
    FOREGROUND,
    SummaryView,
)
from desktop.views.trend_charts import TrendCharts

NOT_REPORTED = "未报送"
STATUS_COLOURS = {"未启动": "#9e9e9e", "序时推进": "#4caf50", "进展较快": "#2e7d32",
                  "进度滞后": "#e0483e", "已完成": "#1565c0", NOT_REPORTED: "#d0d0d0"}
UNIT_COLUMNS = ("牵头单位", "事项", "已完成", "滞后", "逾期", "未报送")


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


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    font = QFont(chart.titleFont())
    font.setBold(True)
    chart.setTitleFont(font)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setBackgroundRoundness(0)
    chart.setMargins(QMargins(4, 4, 4, 4))
    return chart


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
        self.cards = {
            "items": StatCard("工作事项"),
            "reported": StatCard("已报送", "#1565c0"),
            "done": StatCard("已完成", "#1e6b2a"),
            "overdue": StatCard("逾期", FOREGROUND[Colour.RED].name()),
            "due_soon": StatCard("临期", FOREGROUND[Colour.YELLOW].name()),
            "lagging": StatCard("进度滞后", FOREGROUND[Colour.YELLOW].name()),
            "not_reported": StatCard("未报送", FOREGROUND[Colour.RED].name()),
            "mismatched": StatCard("状态待核实", "#8a3b00"),
        }
        self.cards["mismatched"].setToolTip("填报状态与完成百分比不符的事项")
        cards = QHBoxLayout()
        for card in self.cards.values():
            cards.addWidget(card)

        self.colour_chart = _chart("按颜色（序时进度）")
        self.colour_view = QChartView(self.colour_chart)
        self.status_chart = _chart("按完成状态")
        self.status_view = QChartView(self.status_chart)
        for view in (self.colour_view, self.status_view):
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumSize(300, 230)

        self.units = QTableWidget(0, len(UNIT_COLUMNS))
        self.units.setHorizontalHeaderLabels(UNIT_COLUMNS)
        self.units.verticalHeader().hide()
        self.units.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.units.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.units.setAlternatingRowColors(True)
        self.units.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, len(UNIT_COLUMNS)):
            self.units.setColumnWidth(col, 58)
        self.units.verticalHeader().setDefaultSectionSize(26)
        self.units.itemDoubleClicked.connect(
            lambda item: self.unit_activated.emit(self.units.item(item.row(), 0).text()))

        self.indicators = QTableWidget(0, 4)
        self.indicators.setHorizontalHeaderLabels(["目标指标", "目标", "实际", "完成率"])
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
        units_layout.addWidget(self._heading("各牵头单位"))
        units_layout.addWidget(self.units)
        indicators_box = QWidget()
        indicators_layout = QVBoxLayout(indicators_box)
        indicators_layout.setContentsMargins(0, 0, 0, 0)
        indicators_layout.addWidget(self._heading("目标指标完成情况"))
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
            self.title.setText("未选择工作方案")
            for card in self.cards.values():
                card.set_value(0)
            self._fill_charts(None)
            self.trends.follow(None, None, today=self.today, thresholds=self.thresholds)
            self.units.setRowCount(0)
            self.indicators.setRowCount(0)
            return
        self.title.setText(f"{month_words(s.month)}调度总览")
        unreported = s.unreported
        share = (lambda n: f"占 {round(100 * n / s.items)}%") if s.items else (lambda n: "")
        self.cards["items"].set_value(s.items)
        self.cards["reported"].set_value(s.reported, share(s.reported))
        done = sum(1 for t in s.sheet.items if s.standing(t.id).done)
        self.cards["done"].set_value(
            done, share(done) if done == s.by_status.get(Status.DONE.value, 0)
            else f"含以前月份已完成 {done - s.by_status.get(Status.DONE.value, 0)}")
        self.cards["overdue"].set_value(len(s.overdue))
        self.cards["due_soon"].set_value(len(s.due_soon),
                                         f"{self.thresholds.due_soon_days} 天内到期")
        self.cards["lagging"].set_value(len(s.lagging), "按序时进度（不含逾期）")
        self.cards["not_reported"].set_value(unreported, share(unreported))
        self.cards["mismatched"].set_value(len(s.mismatched))
        self._fill_charts(s)
        self.trends.follow(self.plan_id, self.month, today=self.today, thresholds=self.thresholds)
        self._fill_units(s)
        self._fill_indicators(s)

    def _fill_charts(self, s: PlanSummary | None) -> None:
        self.colour_chart.removeAllSeries()
        for axis in self.status_chart.axes():
            self.status_chart.removeAxis(axis)
        self.status_chart.removeAllSeries()
        if s is None:
            return
        pie = QPieSeries()
        pie.setHoleSize(0.45)
        for colour in Colour:
            count = s.by_colour[colour.value]
            if not count:
                continue
            slice_ = pie.append(f"{COLOUR_WORDS[colour]} {count}", count)
            slice_.setBrush(CHART[colour])
            slice_.setLabelVisible(True)
        self.colour_chart.addSeries(pie)
        self.colour_chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)

        counts = dict(s.by_status)
        counts[NOT_REPORTED] = s.unreported
        names = list(reversed([*Status.values(), NOT_REPORTED]))  # top to bottom as read
        # One set per status, stacked, so each bar has its own colour; counts go in the labels.
        series = QHorizontalStackedBarSeries()
        series.setBarWidth(0.7)
        for i, name in enumerate(names):
            bars = QBarSet(name)
            bars.append([counts.get(name, 0) if j == i else 0 for j in range(len(names))])
            bars.setColor(QColor(STATUS_COLOURS[name]))
            bars.setBorderColor(QColor(STATUS_COLOURS[name]))
            series.append(bars)
        self.status_chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append([f"{n}  {counts.get(n, 0)}" for n in names])
        values = QValueAxis()
        values.setRange(0, max(1, max(counts.values())) * 1.15)
        values.setLabelFormat("%d")
        values.setTickCount(5)
        self.status_chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
        self.status_chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(categories)
        series.attachAxis(values)
        self.status_chart.legend().hide()

    def _fill_units(self, s: PlanSummary) -> None:
        self.units.setRowCount(len(s.by_unit))
        for row, u in enumerate(s.by_unit):
            values = [u.unit, u.items, u.done, u.late, u.overdue, u.not_reported]
            for col, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                if col:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                if col == 4 and u.overdue:
                    item.setBackground(QBrush(BACKGROUND[Colour.RED]))
                if col == 3 and u.late:
                    item.setBackground(QBrush(BACKGROUND[Colour.YELLOW]))
                if col == 5 and u.not_reported:
                    item.setForeground(QBrush(FOREGROUND[Colour.RED]))
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
                cells[2].setToolTip(f"{month_words(ind.actual_month)}的数值")
            cells[3].setData(COMPLETION_ROLE, ind.completion)
            cells[3].setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            for col, item in enumerate(cells):
                self.indicators.setItem(row, col, item)
