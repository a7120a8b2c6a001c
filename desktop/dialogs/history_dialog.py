"""What the table-editing dialogs (units, indicators) share: Ctrl+Z / Ctrl+Y on the window's
undo history, and actions whose failure is shown to the clerk before the table is read again."""
from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog

from desktop import prompts as ui


class HistoryDialog(QDialog):
    def install_undo_shortcuts(self, history) -> None:
        for text, keys, slot in ((self.tr("撤销"), "Ctrl+Z", history.undo),
                                 (self.tr("重做"), "Ctrl+Y", history.redo)):
            action = QAction(text, self)
            action.setShortcut(QKeySequence(keys))
            action.triggered.connect(self._guard(lambda *_, fn=slot: fn()))
            self.addAction(action)

    def reload(self) -> None:
        raise NotImplementedError

    def _guard(self, fn):
        def run(*args):
            try:
                return fn(*args)
            except Exception as exc:  # noqa: BLE001 - shown to the clerk, table re-read
                ui.show_error(self, exc)
                self.reload()
        return run
