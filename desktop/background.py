"""Long work (import, export, print rendering) off the GUI thread, with progress and cancel.

Modelled on Anki's ``QueryOp``: the operation gets a ``Progress`` object and never touches
widgets; ``on_success`` / ``on_failure`` run back on the GUI thread.  Errors reach
``on_failure`` (default: ``desktop.prompts.show_error``), never a traceback on screen.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget


def _tr(text: str) -> str:
    return QCoreApplication.translate("background", text)


class Cancelled(Exception):
    """Raised inside an operation when the user pressed 取消."""


class Progress:
    """Handed to the operation: report steps, and learn whether the user cancelled."""

    def __init__(self, signals: _Signals) -> None:
        self._signals = signals
        self.cancelled = False

    def update(self, done: int, total: int, label: str = "") -> None:
        if self.cancelled:
            raise Cancelled()
        self._signals.progress.emit(done, total, label)


class _Signals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object)


class _Runner(QRunnable):
    def __init__(self, work: Callable[[Progress], Any], signals: _Signals,
                 progress: Progress) -> None:
        super().__init__()
        self.work, self.signals, self.progress = work, signals, progress

    def run(self) -> None:
        try:
            result = self.work(self.progress)
        except BaseException as exc:  # handed to the GUI thread, shown there
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)


def run_in_background(parent: QWidget | None, title: str, work: Callable[[Progress], Any],
                      on_success: Callable[[Any], None],
                      on_failure: Callable[[BaseException], None] | None = None,
                      *, pool: QThreadPool | None = None) -> _Signals:
    """Run ``work(progress)`` in a worker thread behind a modal progress dialog."""
    signals = _Signals()
    progress = Progress(signals)
    dialog = QProgressDialog(title, _tr("取消"), 0, 0, parent)
    dialog.setWindowTitle(_tr("请稍候"))
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)

    def cancel() -> None:
        progress.cancelled = True

    def on_progress(done: int, total: int, label: str) -> None:
        dialog.setMaximum(max(total, 0))
        dialog.setValue(done)
        if label:
            dialog.setLabelText(label)

    def finish(result) -> None:
        dialog.reset()
        dialog.deleteLater()
        on_success(result)

    def fail(exc: BaseException) -> None:
        dialog.reset()
        dialog.deleteLater()
        if isinstance(exc, Cancelled):
            return
        if on_failure is not None:
            on_failure(exc)
        else:
            from desktop.prompts import show_error

            show_error(parent, exc)

    dialog.canceled.connect(cancel)
    signals.progress.connect(on_progress)
    signals.finished.connect(finish)
    signals.failed.connect(fail)
    signals._keep = (dialog, progress)  # lifetime: as long as the caller holds the signals
    (pool or QThreadPool.globalInstance()).start(_Runner(work, signals, progress))
    return signals
