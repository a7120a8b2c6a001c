"""调度总览's month-by-month charts: the trend (已完成, 进度滞后, 逾期, 未报送 by month, for the
plan or one lead unit) and the units' ranking by scorecard score since the start of the year.

Both read ``db.trend`` / ``db.scorecard``, the same counts as the dashboard's month and the
scorecard report; they read only while shown (a dozen months of a large plan take a moment).
"""
from __future__ import annotations

import datetime as dt

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from db.schedule import DEFAULT_THRESHOLDS, Thresholds
from db.scorecard import DEFAULT_WEIGHTS, ranked, score_units
from db.services.plans import get_plan
from db.trend import PLAN_TOTAL, summaries_in_session, trend_months, trend_points
from desktop.views.chart_parts import plain_chart
from desktop.views.progress_thresholds import RefreshWhenShown
from exports.charts import SERIES, integer_axis

ALL_UNITS = QT_TRANSLATE_NOOP("TrendCharts", "全部事项")  # translated where shown




def _count_axis(top: int) -> QValueAxis:
    """Whole numbers only: a count of items has no 2.5."""
    axis_top, step = integer_axis(top)
    axis = QValueAxis()
    axis.setRange(0, axis_top)
    axis.setTickType(QValueAxis.TickType.TicksDynamic)
    axis.setTickAnchor(0)
    axis.setTickInterval(step)
    axis.setLabelFormat("%d")
    return axis


class TrendCharts(RefreshWhenShown, QWidget):
    def __init__(self, db, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.plan_id: int | None = None
        self.month: str | None = None
        self.today: dt.date | None = None
        self.thresholds: Thresholds = DEFAULT_THRESHOLDS
        self.points = []
        self.scores = []
        self.unit = QComboBox()
        self.unit.addItem(self.tr(ALL_UNITS), None)
        self.unit.currentIndexChanged.connect(self._fill_trend)
        self.trend_chart = plain_chart(self.tr("各月进展趋势"))
        self.trend_view = QChartView(self.trend_chart)
        self.rank_chart = plain_chart(self.tr("牵头单位考评得分"))
        self.rank_view = QChartView(self.rank_chart)
        for view in (self.trend_view, self.rank_view):
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumSize(300, 230)
        self.note = QLabel()
        self.note.setStyleSheet("color:#666")
        self.note.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("趋势：")))
        bar.addWidget(self.unit)
        bar.addWidget(self.note, 1)
        charts = QHBoxLayout()
        charts.addWidget(self.trend_view, 3)
        charts.addWidget(self.rank_view, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addLayout(charts, 1)

    def follow(self, plan_id: int | None, month: str | None, *, today: dt.date | None,
               thresholds: Thresholds) -> None:
        """Show ``month`` of ``plan_id`` (read when shown)."""
        self.plan_id, self.month, self.today, self.thresholds = plan_id, month, today, thresholds
        self.refresh()

    def refresh(self) -> None:
        if self.defer_refresh():
            return
        self.points, self.scores, first_of_year = [], [], ""
        if self.plan_id is not None and self.month is not None:
            with self.db.transaction() as session:
                plan = get_plan.in_session(session, self.plan_id)
                months = trend_months(plan, self.month)
                summaries = summaries_in_session(session, self.plan_id, months,
                                                 today=self.today, thresholds=self.thresholds)
            self.points = trend_points(summaries)
            # The ranking covers the year up to the month (the months already read).
            first_of_year = max(f"{self.month[:4]}-01", months[0])
            year = [s for s in summaries if s.month >= first_of_year]
            self.scores = ranked(score_units(year), DEFAULT_WEIGHTS)
        chosen = self.unit.currentData()
        self.unit.blockSignals(True)
        self.unit.clear()
        self.unit.addItem(self.tr(ALL_UNITS), None)
        for name in (self.points[-1].by_unit if self.points else {}):
            self.unit.addItem(name, name)
        index = self.unit.findData(chosen)
        self.unit.setCurrentIndex(index if index >= 0 else 0)
        self.unit.blockSignals(False)
        self._fill_trend()
        self._fill_ranking(first_of_year)

    def series_values(self, unit: str | None = None) -> dict[str, list[int]]:
        """{label: counts by month} of the trend shown (the plan's or ``unit``'s)."""
        out = {}
        for label, attr, _colour, _marker in SERIES:
            values = []
            for point in self.points:
                counts = point.plan if unit is None else point.by_unit.get(unit)
                values.append(getattr(counts, attr) if counts is not None else 0)
            out[label] = values
        return out

    def _fill_trend(self) -> None:
        chart = self.trend_chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        if not self.points:
            return
        unit = self.unit.currentData()
        chart.setTitle(self.tr("各月进展趋势") + f"（{unit or PLAN_TOTAL}）")
        months = QBarCategoryAxis()
        months.append([self.tr("{}月").format(int(p.month[5:])) for p in self.points])
        values = self.series_values(unit)
        axis = _count_axis(max(max(v) for v in values.values()))
        chart.addAxis(months, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis, Qt.AlignmentFlag.AlignLeft)
        for (label, _attr, colour, _marker), counts in zip(SERIES, values.values()):
            line = QLineSeries()
            line.setName(f"{label} {counts[-1]}")
            for index, count in enumerate(counts):
                line.append(index, count)
            pen = QPen(QColor(*colour))
            pen.setWidth(3)
            line.setPen(pen)
            line.setPointsVisible(True)
            chart.addSeries(line)
            line.attachAxis(months)
            line.attachAxis(axis)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)

    def _fill_ranking(self, first_month: str) -> None:
        chart = self.rank_chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        scored = [s for s in self.scores if s.score() is not None]
        if not scored or not self.month:
            self.note.setText("")
            return
        span = (self.tr("{}—{}月").format(int(first_month[5:]), int(self.month[5:]))
                if first_month != self.month else self.tr("{}月").format(int(self.month[5:])))
        self.note.setText(self.tr("考评得分：") + self.tr("{}年{}，").format(self.month[:4], span)
                          + DEFAULT_WEIGHTS.formula() + self.tr("（导出考评表时可改权重）"))
        bars = QBarSet(self.tr("得分"))
        bars.setColor(QColor(21, 101, 192))
        shown = list(reversed(scored))           # the best at the top
        bars.append([s.score() for s in shown])
        series = QHorizontalBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        series.setLabelsFormat("@value")
        chart.addSeries(series)
        names = QBarCategoryAxis()
        names.append([s.unit for s in shown])
        values = QValueAxis()
        values.setRange(0, 100)
        values.setTickCount(6)
        values.setLabelFormat("%d")
        chart.addAxis(names, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(names)
        series.attachAxis(values)
        chart.legend().hide()
        chart.setTitle(self.tr("牵头单位考评得分") + f"（{span}）")
