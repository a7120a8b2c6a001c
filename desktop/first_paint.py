"""Run something right after a widget's first frame is painted.

The window shows the task tree as soon as it can; work the first frame does not need (the
month's 本月状态 column, the start-up benchmark's quit) waits until that frame is on screen.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

# A widget that is never painted (a window not shown, a tab behind another) still gets the
# work done after this long.
UNPAINTED_MS = 1000


class _AfterFirstPaint(QObject):
    def __init__(self, widget: QWidget, callback: Callable[[], object]) -> None:
        super().__init__(widget)
        self._callback: Callable[[], object] | None = callback
        widget.installEventFilter(self)
        QTimer.singleShot(UNPAINTED_MS, self, self._run)

    def eventFilter(self, obj, event):  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint and self._callback is not None:
            obj.removeEventFilter(self)
            QTimer.singleShot(0, self, self._run)  # once this paint pass is over
        return False

    def _run(self) -> None:
        callback, self._callback = self._callback, None
        if callback is not None:
            callback()


def after_first_paint(widget: QWidget, callback: Callable[[], object]) -> None:
    """Call ``callback`` once, as soon as ``widget`` has been painted for the first time."""
    _AfterFirstPaint(widget, callback)
