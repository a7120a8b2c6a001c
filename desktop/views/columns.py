"""Widths for columns that must show their words whole.

A status column cut to ``进度滞后（未…`` loses exactly the part that says the unit has not
reported, so the tree's 本月状态 and the grid's 完成状态 are as wide as the longest standing a
month shows often (已完成（2025年12月）, a completion of another year, is rarer and may
still be cut).
"""
from __future__ import annotations

from PySide6.QtWidgets import QWidget

from db.schedule import NOT_REPORTED_WORD, SEVERE_WORD

WIDEST_STANDING = f"{SEVERE_WORD}（{NOT_REPORTED_WORD}）"   # 严重滞后（未报送）
CELL_PADDING = 18   # the cell's margins, the grid line and a marker such as ⚠


def status_column_width(view: QWidget) -> int:
    """Pixels a status column needs in ``view``'s font for ``WIDEST_STANDING`` whole."""
    return view.fontMetrics().horizontalAdvance(WIDEST_STANDING) + CELL_PADDING
