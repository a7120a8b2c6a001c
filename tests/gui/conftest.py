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

    def ask_choice(self, parent, title, label, items, preselect=True):
        self.asked.append((title, label))
        self.preselected = preselect
        assert self.choices, f"unexpected choice prompt: {title}"
        return self.choices.pop(0)

    def tell_user(self, parent, title, text):
        self.told.append((title, text))

    def ask_user_error(self, parent, title, text):
        self.errors.append((title, text))


@pytest.fixture(autouse=True)
def _own_qsettings(tmp_path):
    """Each test's QSettings start empty, as on a clerk's new PC: Qt reads its user folder once
    per process, so the per-test XDG folders alone would let one test's thresholds, geometry or
    remembered folders reach the next."""
    from PySide6.QtCore import QSettings

    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    yield


@pytest.fixture
def errors(monkeypatch):
    """Error dialogs the widgets would show: recorded (their text) instead of opened."""
    shown = []
    monkeypatch.setattr("desktop.prompts.ask_user_error",
                        lambda parent, title, text: shown.append(text))
    return shown


@pytest.fixture
def prompts(monkeypatch):
    from desktop import prompts as app

    p = Prompts()
    for name in ("ask_confirm", "ask_text", "ask_choice", "tell_user", "ask_user_error"):
        monkeypatch.setattr(app, name, getattr(p, name))
    return p


@pytest.fixture
def window(qtbot, db, demo_plan, prompts):
    from desktop.main_window import MainWindow

    yield show_main_window(qtbot, MainWindow(db, today=TODAY))
    assert not prompts.errors, prompts.errors


@pytest.fixture
def app_window(qtbot, db, demo_plan, prompts):
    """The whole application window (tabs, menus, progress views) on the demo plan."""
    from PySide6.QtWidgets import QApplication

    from desktop.workspace import build_main_window

    w = show_main_window(qtbot, build_main_window(db, today=TODAY))
    yield w
    for widget in QApplication.topLevelWidgets():
        if widget is not w and widget.isVisible():
            widget.close()
    assert not prompts.errors, prompts.errors


def menu_action(window, menu, text):
    return next(a for a in window.menu(menu).actions() if a.text().startswith(text))


def show_main_window(qtbot, w):
    """Show the window, active (shortcuts and focus-out need that), its status column filled."""
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    # the status column is filled just after the window is first shown
    qtbot.waitUntil(lambda: any(w.task_list.model.state(t.id) for t in w.task_list.model.rows()))
    return w


def find_task(window, text):
    """The first node whose title or content starts with ``text``."""
    return next(t for t in window.task_list.model.rows() if t.text.startswith(text))


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
