"""Shared by the progress GUI tests (a module, not conftest.py, so other features' GUI tests
keep their own fixtures without merge clashes)."""
import datetime as dt

import pytest

TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def errors(monkeypatch):
    """Error dialogs the widgets would show: recorded instead of opened."""
    shown = []
    monkeypatch.setattr("desktop.app.ask_user_error",
                        lambda parent, title, text: shown.append(text))
    return shown


def type_text(widget, text):
    """Type text (Chinese too: QTest's key clicks only know ASCII) into a widget."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    from PySide6.QtWidgets import QAbstractItemView

    for char in text:
        target = widget
        if isinstance(widget, QAbstractItemView):  # the cell editor, once typing opened it
            target = widget.indexWidget(widget.currentIndex()) or widget
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(target, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier,
                                                     char))
