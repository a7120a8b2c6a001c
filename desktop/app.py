"""QApplication setup and wiring: translations, fonts, error handling, the main window."""
from __future__ import annotations

import logging
import os
import sys

from db.errors import KnownError

log = logging.getLogger("taizhang")


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


def ask_choice(parent, title: str, label: str, items: list[str]) -> int | None:
    """Index of the item the clerk picks from a list; None when cancelled. Tests patch it."""
    from PySide6.QtWidgets import QInputDialog

    value, ok = QInputDialog.getItem(parent, title, label, items, 0, False)
    return items.index(value) if ok and value in items else None


def ask_open_file(parent, title: str, file_filter: str) -> str | None:
    """A file the clerk picks to open; None when cancelled. Tests patch it."""
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getOpenFileName(parent, title, "", file_filter)
    return path or None


def tell_user(parent, title: str, text: str) -> None:
    """An information message (tests patch it)."""
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.information(parent, title, text)


def show_error(parent, exc: BaseException) -> None:
    """Tell the clerk what went wrong: the message for known errors, the log's place for bugs."""
    from desktop.logs import log_exception

    if isinstance(exc, KnownError):
        ask_user_error(parent, "无法完成操作", exc.user_text())
        return
    where = log_exception(exc)
    ask_user_error(parent, "程序出错",
                   f"程序遇到意外错误，本次操作未完成，已保存的数据不受影响。\n"
                   f"详细信息已写入日志：{where}")


def install_excepthook() -> None:
    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        from PySide6.QtWidgets import QApplication

        show_error(QApplication.activeWindow(), exc.with_traceback(tb))

    sys.excepthook = hook


def load_translations(app) -> None:
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    app._translators = []
    for name in ("qtbase_zh_CN",):
        translator = QTranslator(app)
        if translator.load(name, path):
            app.installTranslator(translator)
            app._translators.append(translator)


def create_application(argv: list[str] | None = None):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        # 125 % / 150 % Windows scaling: scale exactly, so text is not rounded up to 200 %.
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setApplicationName("taizhang")
    app.setOrganizationName("taizhang")
    app.setApplicationDisplayName("专班台账")
    load_translations(app)
    return app


def run_gui(db_arg: str | None) -> int:
    from desktop.logs import setup_logging

    setup_logging()
    app = create_application()
    install_excepthook()
    from db.session import open_database

    try:
        db = open_database(db_arg)
    except KnownError as exc:
        ask_user_error(None, "无法打开数据库", exc.user_text())
        return 2
    from desktop.workspace import build_main_window

    window = build_main_window(db)
    window.show()
    if os.environ.get("TAIZHANG_QUIT_AFTER_SHOW"):  # used by the start-up benchmark
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, app.quit)
    return app.exec()
