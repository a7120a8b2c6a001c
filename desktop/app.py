"""QApplication setup and wiring: translations, fonts, error handling, the main window."""
from __future__ import annotations

import logging
import os
import sys

from db.errors import KnownError
from desktop import prompts

log = logging.getLogger("taizhang")


def install_excepthook() -> None:
    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        from PySide6.QtWidgets import QApplication

        prompts.show_error(QApplication.activeWindow(), exc.with_traceback(tb))

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
        prompts.ask_user_error(None, "无法打开数据库", exc.user_text())
        return 2
    from desktop.workspace import build_main_window

    window = build_main_window(db)
    window.show()
    if os.environ.get("TAIZHANG_QUIT_AFTER_SHOW"):  # used by the start-up benchmark
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, app.quit)
    return app.exec()
