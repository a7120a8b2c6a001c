"""Keeping the ledger safe from the window: backups, restore, copies, others' changes, banners.

Installed on a ``MainWindow`` through its public API (``menu()``, ``state``, ``closing``):

- 文件 → 备份与恢复… (``dialogs.backups``), 另存台账副本… (SQLite) or 导出为单机台账… (server);
- an automatic backup when the window closes and every ``AUTO_BACKUP_MINUTES`` (30) while there
  are changes;
- the change log polled every few seconds and when the window is activated: changes made by
  another copy of the program or another clerk refresh every view (the selection stays);
- a banner for a read-only ledger, and for one on a network share (rollback journal, no WAL).
"""
from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QObject, QTimer
from PySide6.QtWidgets import QLabel, QSizePolicy, QToolBar

from db import backups as backup_store
from db.errors import StorageError
from db.single_user import export_to_sqlite
from desktop import prompts as ui
from desktop.main_window import FILE_MENU
from desktop.state import INDICATORS, PLAN, PROGRESS, TASKS, UNITS, Changes

log = logging.getLogger("taizhang")

BACKUP_EVERY_MS = backup_store.AUTO_BACKUP_MINUTES * 60 * 1000
POLL_EVERY_MS = 3000
EVERYTHING = Changes(frozenset({TASKS, UNITS, PLAN, INDICATORS, PROGRESS}), shape=True,
                     status=True, tree_text=True)
SQLITE_FILTER = QT_TRANSLATE_NOOP("Safekeeping", "台账文件 (*.db);;所有文件 (*)")  # shown via tr


class Safekeeping(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.db = window.db
        self.banner: QLabel | None = None
        self._backed_up_at_change = self._latest_change()
        self._seen_change = self._backed_up_at_change

        file_menu = window.menu(FILE_MENU)
        self.act_backups = window._action(self.tr("备份与恢复…"), self.open_backups,
                                          tip=self.tr("台账的备份：立即备份、恢复、打开备份文件夹"))
        if self.db.path is not None:
            self.act_copy = window._action(self.tr("另存台账副本…"), self.save_copy,
                                           tip=self.tr("把整个台账另存为一个完整的文件"))
        else:
            self.act_copy = window._action(self.tr("导出为单机台账…"), self.export_single_user,
                                           tip=self.tr("把服务器上的台账复制为一个单机文件"))
        before = window.act_quit
        file_menu.insertActions(before, [self.act_backups, self.act_copy])
        file_menu.insertSeparator(before)

        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(BACKUP_EVERY_MS)
        self.backup_timer.timeout.connect(self._guarded(self.backup_if_changed))
        self.poll_timer = QTimer(self)
        self.poll_timer.setInterval(POLL_EVERY_MS)
        self.poll_timer.timeout.connect(self.look_for_changes)
        if self.db.path is not None and not self.db.read_only:
            self.backup_timer.start()
        self.poll_timer.start()
        window.installEventFilter(self)
        window.closing.connect(self._on_close)
        self._show_banner()

    # --- helpers --------------------------------------------------------------------------
    def _guarded(self, fn):
        def run(*_args):
            try:
                return fn()
            except Exception as exc:  # noqa: BLE001 - told to the clerk
                ui.show_error(self.window, exc)
                return None
        return run

    def _latest_change(self) -> int:
        try:
            return self.db.latest_change()
        except Exception:  # noqa: BLE001 - a busy or unreachable ledger: try again later
            log.warning("reading the change log failed", exc_info=True)
            return 0

    def _status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 8000)

    # --- backups ----------------------------------------------------------------------------
    def back_up(self, tag: str = "手动") -> Path:  # tr: data (tags go into file names)
        self.db.checkpoint()
        target = backup_store.make_backup(self.db.path, tag=tag)
        self._backed_up_at_change = self._latest_change()
        self._status(self.tr("已备份到 {0}").format(target))
        return target

    def backup_if_changed(self) -> Path | None:
        """The automatic backup: only when something changed since the last one."""
        if self.db.path is None or self.db.read_only:
            return None
        if self._latest_change() == self._backed_up_at_change:
            return None
        return self.back_up(tag="定时")  # tr: data

    def _on_close(self) -> None:
        self.poll_timer.stop()
        self.backup_timer.stop()
        if self.db.path is None or self.db.read_only:
            return
        try:
            if self._latest_change() != self._backed_up_at_change:
                self.back_up(tag="关闭时")  # tr: data
        except Exception as exc:  # noqa: BLE001 - the window closes anyway; the ledger is safe
            ui.show_error(self.window, exc)

    def open_backups(self) -> None:
        from desktop.dialogs.backups import BackupsDialog

        BackupsDialog(self.db, self.window, back_up=self.back_up, restore=self.restore,
                      export=self.export_single_user).exec()

    def restore(self, backup: Path) -> None:
        """Put a backup in place of the ledger and show it (undo history cleared)."""
        from db.migrate import upgrade

        self.window.task_list.detail.commit_pending()
        self.db.engine.dispose()  # let go of every connection before the file is replaced
        safety = backup_store.restore_backup(self.db.path, backup)
        upgrade(self.db.url)      # an older backup gets the current schema (it is backed up)
        self.window.history.clear()
        self._seen_change = self._backed_up_at_change = self._latest_change()
        self.window.reload_plans()
        self.window.state.publish(EVERYTHING)
        note = self.tr("恢复前的台账已备份到：{0}").format(safety) if safety else ""
        ui.tell_user(self.window, self.tr("已恢复"),
                     self.tr("已从 {0} 恢复台账。").format(backup.name) + ("\n" + note if note else ""))

    # --- copies -----------------------------------------------------------------------------
    def save_copy(self) -> None:
        suggested = str(self.db.path.with_name(
            self.tr("{}-副本-{:%Y%m%d}.db").format(self.db.path.stem, dt.datetime.now())))
        target = ui.ask_save_file(self.window, self.tr("另存台账副本"), suggested, self.tr(SQLITE_FILTER))
        if not target:
            return
        target = Path(target)
        if target.resolve() == self.db.path.resolve():
            raise StorageError(self.tr("副本不能保存为台账本身。"))
        self.db.checkpoint()
        backup_store.make_backup(self.db.path, target)
        self._status(self.tr("台账副本已保存到 {0}").format(target))

    def export_single_user(self) -> None:
        target = ui.ask_save_file(self.window, self.tr("导出为单机台账"),
                                  self.tr("台账-{:%Y%m%d}.db").format(dt.datetime.now()),
                                  self.tr(SQLITE_FILTER))
        if not target:
            return
        export_to_sqlite(self.db, Path(target))
        self._status(self.tr("已导出为单机台账：{0}").format(target))

    # --- others' changes --------------------------------------------------------------------
    def look_for_changes(self) -> bool:
        """Refresh every view if another copy or clerk changed the ledger; True if so."""
        try:
            latest, foreign = self.db.changes_by_others(self._seen_change)
        except Exception:  # noqa: BLE001 - busy or unreachable now: the next poll tries again
            log.debug("polling the change log failed", exc_info=True)
            return False
        self._seen_change = latest
        if not foreign:
            return False
        self.window.reload_plans()
        self.window.state.publish(EVERYTHING)
        self._status(self.tr("其他用户（或另一个台账窗口）修改了台账，已显示最新内容。"))
        return True

    def eventFilter(self, obj, event):
        if obj is self.window and event.type() == QEvent.Type.WindowActivate:
            self.look_for_changes()
        return False

    # --- banners ----------------------------------------------------------------------------
    def banner_text(self) -> str:
        if self.db.read_only:
            return self.tr("此台账是只读的（只读介质或没有写入权限的文件夹）：可以查看、打印和导出，"
                           "不能修改。要修改，请把它复制到可写的位置再打开。")
        if self.db.journal_mode == "delete":
            return self.tr("台账在网络共享文件夹上：为安全起见使用回滚日志（不使用 WAL），"
                           "保存会稍慢；多人同时使用时，请尽量改用服务器数据库。")
        return ""

    def _show_banner(self) -> None:
        text = self.banner_text()
        if not text:
            return
        bar = QToolBar(self.tr("提示"), self.window)
        bar.setObjectName("ledger_banner")
        bar.setMovable(False)
        self.banner = QLabel(text)
        self.banner.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.banner.setStyleSheet("QLabel { background: #fff4c2; color: #5a4500;"
                                  " padding: 6px 10px; }")
        bar.addWidget(self.banner)
        self.window.addToolBarBreak()
        self.window.addToolBar(bar)


def install(window) -> Safekeeping:
    window.safekeeping = Safekeeping(window)
    return window.safekeeping
