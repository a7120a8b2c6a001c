"""文件 → 备份与恢复: the ledger's backups (date, size), back up now, restore, open the folder.

Restoring first backs up the current state (…-恢复前.db), so a restore can itself be undone by
restoring that backup.  On PostgreSQL the server's backups are its administrator's: the dialog
says so and offers 导出为单机台账 instead.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from db import backups as backup_store
from db.session import Database
from desktop import prompts as ui

# {tag in the backup's file name: label}; the labels are translated where shown
TAG_LABELS = {"": "",
              "升级前": QT_TRANSLATE_NOOP("BackupsDialog", "升级前自动备份"),  # tr: data (the tags)
              "恢复前": QT_TRANSLATE_NOOP("BackupsDialog", "恢复前的台账"),  # tr: data
              "损坏": QT_TRANSLATE_NOOP("BackupsDialog", "损坏的台账"),  # tr: data
              "关闭时": QT_TRANSLATE_NOOP("BackupsDialog", "关闭时自动备份"),  # tr: data
              "定时": QT_TRANSLATE_NOOP("BackupsDialog", "定时自动备份"),  # tr: data
              "手动": QT_TRANSLATE_NOOP("BackupsDialog", "手动备份")}  # tr: data


def _tr(text: str) -> str:
    return QCoreApplication.translate("BackupsDialog", text)


def size_text(size: int) -> str:
    if size < 1024:
        return _tr("{} 字节").format(size)
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


class BackupsDialog(QDialog):
    """``restore(path)`` does the restore for the window (it must let go of the ledger first);
    ``back_up()`` makes a backup now; ``export()`` is 导出为单机台账 (server ledgers)."""

    def __init__(self, db: Database, parent=None, *, back_up: Callable[[], object],
                 restore: Callable[[object], None], export: Callable[[], None]) -> None:
        super().__init__(parent)
        self.db = db
        self._back_up, self._restore, self._export = back_up, restore, export
        self.setWindowTitle(self.tr("备份与恢复"))
        self.resize(760, 440)
        layout = QVBoxLayout(self)
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.info)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("备份时间"), self.tr("大小"), self.tr("说明"), self.tr("文件")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)

        row = QHBoxLayout()
        self.backup_button = QPushButton(self.tr("立即备份"))
        self.restore_button = QPushButton(self.tr("恢复所选备份…"))
        self.folder_button = QPushButton(self.tr("打开备份文件夹"))
        self.export_button = QPushButton(self.tr("导出为单机台账…"))
        for button in (self.backup_button, self.restore_button, self.folder_button,
                       self.export_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.backup_button.clicked.connect(self._guard(self.back_up_now))
        self.restore_button.clicked.connect(self._guard(self.restore_selected))
        self.folder_button.clicked.connect(self._guard(self.open_folder))
        self.export_button.clicked.connect(self._guard(lambda *_: self._export()))
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(self._guard(lambda *_: self.restore_selected()))
        self.reload()

    def _guard(self, fn):
        def run(*_args):
            try:
                fn()
            except Exception as exc:  # noqa: BLE001 - shown to the clerk, list read again
                ui.show_error(self, exc)
            self.reload()
        return run

    @property
    def on_server(self) -> bool:
        return self.db.path is None

    def reload(self) -> None:
        if self.on_server:
            self.info.setText(self.tr(
                "台账保存在{0}。服务器上的数据库由其管理员负责备份；"
                "可以用“导出为单机台账”把整个台账另存为一个单机文件。").format(self.db.place))
            self.table.setRowCount(0)
            for button in (self.backup_button, self.folder_button):
                button.setEnabled(False)
            self._update_buttons()
            return
        folder = backup_store.backups_dir(self.db.path)
        self.info.setText(self.tr(
            "台账：{0}\n备份文件夹：{1}\n自动备份：关闭窗口时，以及有修改时每 {2} 分钟一次。\n"
            "保留：最近 {3} 份，以及最近 {4} 天、{5} 周、{6} 个月中每天、每周、每月的最后一份。\n"
            "恢复前会先备份当前的台账，需要时可以再恢复回来。").format(
                self.db.path, folder, backup_store.AUTO_BACKUP_MINUTES, backup_store.KEEP_LAST,
                backup_store.KEEP_DAILY, backup_store.KEEP_WEEKLY, backup_store.KEEP_MONTHLY))
        self.export_button.setVisible(False)
        backups = backup_store.list_backups(self.db.path)
        self.table.setRowCount(len(backups))
        for i, backup in enumerate(backups):
            cells = (f"{backup.made_at:%Y-%m-%d %H:%M:%S}", size_text(backup.size),
                     self.tr(TAG_LABELS.get(backup.tag, backup.tag)), backup.path.name)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, backup)
                if column == 3:
                    item.setToolTip(str(backup.path))
                if column == 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(i, column, item)
        self.folder_button.setEnabled(True)
        self.backup_button.setEnabled(not self.db.read_only)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None and not self.db.read_only)

    def selected(self):
        items = self.table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def back_up_now(self) -> None:
        target = self._back_up()
        self.reload()
        self._select_path(target)

    def _select_path(self, path) -> None:
        for i in range(self.table.rowCount()):
            if self.table.item(i, 0).data(Qt.ItemDataRole.UserRole).path == path:
                self.table.selectRow(i)
                return

    def restore_selected(self) -> None:
        backup = self.selected()
        if backup is None:
            return
        if not ui.ask_confirm(
                self, self.tr("恢复备份"),
                self.tr("用 {0} 的备份替换现在的台账吗？\n\n现在的台账会先备份（“恢复前的台账”），"
                        "需要时可以再恢复回来。撤销记录将清空。").format(
                    f"{backup.made_at:%Y-%m-%d %H:%M:%S}")):
            return
        self._restore(backup.path)

    def open_folder(self) -> None:
        folder = backup_store.backups_dir(self.db.path)
        folder.mkdir(exist_ok=True)
        ui.open_folder(folder)
