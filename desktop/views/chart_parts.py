"""Pieces the dashboard's charts share (调度总览 and its trend tab)."""
from __future__ import annotations

from PySide6.QtCharts import QChart
from PySide6.QtCore import QMargins
from PySide6.QtGui import QFont


def plain_chart(title: str) -> QChart:
    """A chart with a bold title, no animation and thin margins (a month switch repaints at once)."""
    chart = QChart()
    chart.setTitle(title)
    font = QFont(chart.titleFont())
    font.setBold(True)
    chart.setTitleFont(font)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setBackgroundRoundness(0)
    chart.setMargins(QMargins(4, 4, 4, 4))
    return chart
