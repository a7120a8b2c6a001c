"""Fixtures for the main window tests: a shown window on the demo plan, dialogs patched."""
import datetime as dt

import pytest

TODAY = dt.date(2026, 11, 20)


class Prompts:
    """Stands in for the yes/no, text, choice and message dialogs; records what was asked."""

    def __init__(self):
        self.confirm_answers: list[bool] = []
        self.texts: list[str | None] = []
        self.choices: list[int | None] = []
        self.asked: list[tuple[str, str]] = []
        self.told: list[tuple[str, str]] = []
        self.errors: list[tuple[str, str]] = []

    def ask_confirm(self, parent, title, text):
        self.asked.append((title, text))
        assert self.confirm_answers, f"unexpected question: {title}: {text}"
        return self.confirm_answers.pop(0)

    def ask_text(self, parent, title, label, text=""):
        self.asked.append((title, label))
        assert self.texts, f"unexpected text prompt: {title}"
        return self.texts.pop(0)

    def ask_choice(self, parent, title, label, items):
        self.asked.append((title, label))
        assert self.choices, f"unexpected choice prompt: {title}"
        return self.choices.pop(0)

    def tell_user(self, parent, title, text):
        self.told.append((title, text))

    def ask_user_error(self, parent, title, text):
        self.errors.append((title, text))


@pytest.fixture
def prompts(monkeypatch):
    from desktop import app

    p = Prompts()
    for name in ("ask_confirm", "ask_text", "ask_choice", "tell_user", "ask_user_error"):
        monkeypatch.setattr(app, name, getattr(p, name))
    return p


@pytest.fixture
def window(qtbot, db, demo_plan, prompts):
    from desktop.main_window import MainWindow

    w = MainWindow(db, today=TODAY)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)  # keyboard shortcuts and focus-out need an active window
    # the status column is filled just after the window is first shown
    qtbot.waitUntil(lambda: any(w.model.state(t.id) for t in w.model.rows()))
    yield w
    assert not prompts.errors, prompts.errors


def find_task(window, text):
    """The first node whose title or content starts with ``text``."""
    return next(t for t in window.model.rows() if t.text.startswith(text))


def type_text(widget, text):
    """Type text as key events (QTest's keyClicks only knows ASCII; clerks type Chinese)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown,
                                                     Qt.KeyboardModifier.NoModifier, char))
