"""Asking and telling the clerk: the one place a message box or input dialog is opened.

Every dialog that asks goes through a function here, so tests patch this module (an unexpected
modal fails the test) and no widget needs the application module.  ``show_error`` turns an
exception into a message: the text of a known error, the log's place for a bug.
"""
from __future__ import annotations

from db.errors import ConcurrentEdit, KnownError


def _tr(text: str) -> str:
    from PySide6.QtCore import QCoreApplication   # here: desktop.app imports prompts before Qt

    return QCoreApplication.translate("prompts", text)


def ask_user_error(parent, title: str, text: str) -> None:
    """The one place an error dialog is shown (tests patch it)."""
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.critical(parent, title, text)


def ask_confirm(parent, title: str, text: str) -> bool:
    """The one yes/no question (delete, create a unit ...); tests patch it. Default: No."""
    from PySide6.QtWidgets import QMessageBox

    answer = QMessageBox.question(parent, title, text,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def ask_text(parent, title: str, label: str, text: str = "") -> str | None:
    """One line of text from the clerk (a plan title ...); None when cancelled. Tests patch it."""
    from PySide6.QtWidgets import QInputDialog, QLineEdit

    value, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
    return value if ok else None


CHOOSE = "（请选择）"  # tr: data (the first entry of a list, found again by its text)


def ask_choice(parent, title: str, label: str, items: list[str], *,
               preselect: bool = True) -> int | None:
    """Index of the item the clerk picks from a list; None when cancelled. Tests patch it.

    ``preselect=False``: the list opens on “（请选择）”, so a choice that cannot be undone
    without thought (the unit to merge into) is never made by pressing Enter."""
    from PySide6.QtWidgets import QInputDialog

    shown = items if preselect else [CHOOSE, *items]
    value, ok = QInputDialog.getItem(parent, title, label, shown, 0, False)
    return items.index(value) if ok and value in items else None


def ask_open_file(parent, title: str, file_filter: str) -> str | None:
    """A file the clerk picks to open; None when cancelled. Tests patch it."""
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getOpenFileName(parent, title, "", file_filter)
    return path or None


def ask_save_file(parent, title: str, suggested: str, file_filter: str) -> str | None:
    """A file name the clerk picks to save to; None when cancelled. Tests patch it."""
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, file_filter)
    return path or None


def open_folder(path) -> None:
    """Show a folder in the system's file manager (tests patch it)."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def tell_user(parent, title: str, text: str) -> None:
    """An information message (tests patch it)."""
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.information(parent, title, text)


def show_error(parent, exc: BaseException) -> None:
    """Tell the clerk what went wrong: the message for known errors, the log's place for bugs."""
    from desktop.logs import log_exception

    if isinstance(exc, ConcurrentEdit):  # both values side by side; the caller reloads
        from desktop.conflicts import conflict_text

        ask_user_error(parent, _tr("修改未保存：内容已被他人更改"), conflict_text(exc))
        return
    if isinstance(exc, KnownError):
        ask_user_error(parent, _tr("无法完成操作"), exc.user_text())
        return
    where = log_exception(exc)
    ask_user_error(parent, _tr("程序出错"),
                   _tr("程序遇到意外错误，本次操作未完成，已保存的数据不受影响。\n"
                       "详细信息已写入日志：{}").format(where))
