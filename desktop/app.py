"""QApplication setup and wiring: translations, fonts, error handling, the main window."""
from __future__ import annotations

import logging
import os
import sys

from db.errors import KnownError
from desktop import prompts

log = logging.getLogger("taizhang")


def _tr(text: str) -> str:
    from PySide6.QtCore import QCoreApplication   # here: the CLI starts without Qt

    return QCoreApplication.translate("app", text)


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

    from desktop.identity import APP_DISPLAY_NAME, app_icon

    if QApplication.instance() is None:
        # 125 % / 150 % Windows scaling: scale exactly, so text is not rounded up to 200 %.
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setApplicationName("taizhang")
    app.setOrganizationName("taizhang")
    app.setApplicationDisplayName(APP_DISPLAY_NAME)
    app.setDesktopFileName("taizhang")  # Linux task bars match the window to its .desktop icon
    app.setWindowIcon(app_icon())  # title bar, task bar, Alt+Tab (the exe has the .ico too)
    load_translations(app)
    return app


def offer_restore(exc: KnownError):
    """A ledger that cannot be opened: say why, and offer the newest backup beside it."""
    from db.errors import UnopenableLedger

    backup = getattr(exc, "backup", None) if isinstance(exc, UnopenableLedger) else None
    if backup is None or exc.path is None:
        prompts.ask_user_error(None, _tr("无法打开数据库"), exc.user_text())
        return None
    if not prompts.ask_confirm(None, _tr("无法打开数据库"),
                               _tr("{}\n\n是否用这个备份恢复台账？（现在的文件会先另存到备份文件夹。）")
                               .format(exc.user_text())):
        return None
    from db.backups import restore_backup
    from db.session import open_database

    try:
        restore_backup(exc.path, backup)
        return open_database(exc.path)
    except KnownError as again:
        prompts.ask_user_error(None, _tr("无法恢复台账"), again.user_text())
        return None


def start_window(db_arg: str | None, open_file: str | None = None):
    """Open the ledger and show the window; None (after telling the clerk) when it cannot.

    ``open_file`` comes from ``taizhang.exe FILE`` (a file dropped on the program, 打开方式):
    a ledger is opened instead of the usual one; a Word/Excel/text file is opened in the
    import preview. With neither ``--db`` nor a ledger, the first start asks where to keep it.
    """
    from pathlib import Path

    from db import ledger_place
    from db.session import open_database

    to_import = None
    if open_file is not None:
        from exports.importers import SUPPORTED_SUFFIXES  # only for a file given to open


        if not Path(open_file).is_file():
            prompts.ask_user_error(None, _tr("无法打开文件"), _tr("找不到文件：{}").format(open_file))
            return None
        if Path(open_file).suffix.lower() in SUPPORTED_SUFFIXES:
            to_import = open_file
        else:
            db_arg = open_file
    try:
        if db_arg is None and ledger_place.needs_choice():
            from desktop.dialogs.first_start import choose_ledger_place

            db_arg = str(choose_ledger_place())
        db = open_database(db_arg)
    except KnownError as exc:
        db = offer_restore(exc)
        if db is None:
            return None
    from desktop.workspace import build_main_window

    window = build_main_window(db)
    window.show()
    if to_import is not None:
        window.workspace.open_import(to_import)
    return window


def run_gui(db_arg: str | None, open_file: str | None = None) -> int:
    from desktop.logs import setup_logging

    setup_logging()
    app = create_application()
    install_excepthook()
    window = start_window(db_arg, open_file)
    if window is None:
        return 2
    if os.environ.get("TAIZHANG_QUIT_AFTER_SHOW"):  # the start-up benchmark: quit once the
        from desktop.first_paint import after_first_paint  # task tree's first frame is painted

        after_first_paint(window.task_list.tree.viewport(), app.quit)
    try:
        return app.exec()
    finally:
        window.db.dispose()  # the WAL folded in: the ledger is one complete file again
