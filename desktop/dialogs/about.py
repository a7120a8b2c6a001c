"""帮助 → 关于专班台账: name, version, where the ledger is, and a button to open its folder."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.backups import AUTO_BACKUP_MINUTES
from desktop.dialogs.export_dialog import open_with_system_viewer
from desktop.identity import APP_DISPLAY_NAME, app_icon, app_version


def _tr(text: str) -> str:
    return QCoreApplication.translate("about", text)


def run_modal(dialog: QDialog) -> int:
    """Show the dialog modally (tests patch this so no real modal stays open)."""
    return dialog.exec()


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None, db) -> None:
        super().__init__(parent)
        self.setWindowTitle(_tr("关于专班台账"))
        path = db.path
        self.data_folder: Path | None = path.parent if path is not None else None

        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(64, 64))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        name = QLabel(f"<b style='font-size:16pt'>{APP_DISPLAY_NAME}</b>")
        self.version_label = QLabel(_tr("版本 {v}").format(v=app_version()))
        purpose = QLabel(_tr("工作专班重点任务清单、月度调度和报表。"))
        if path is not None:
            self.ledger_label = QLabel(_tr("台账文件：{p}").format(p=path))
            hint = QLabel(_tr("备份：文件 → 备份与恢复（关闭窗口时和有修改时每 {m} 分钟自动备份）。")
                          .format(m=AUTO_BACKUP_MINUTES))
        else:  # never the URL: it may hold a password
            self.ledger_label = QLabel(_tr("台账：{p}").format(p=db.place))
            hint = QLabel(_tr("服务器上的数据库由其管理员负责备份；"
                              "可用 文件 → 导出为单机台账 另存一份。"))
        self.ledger_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.ledger_label.setWordWrap(True)
        hint.setWordWrap(True)
        self.hint_label = hint

        text = QVBoxLayout()
        for label in (name, self.version_label, purpose, self.ledger_label, hint):
            text.addWidget(label)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addLayout(text, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_folder = QPushButton(_tr("打开数据文件夹"))
        self.open_folder.setEnabled(self.data_folder is not None)
        self.open_folder.clicked.connect(self.show_data_folder)
        buttons.addButton(self.open_folder, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def show_data_folder(self) -> bool:
        return self.data_folder is not None and open_with_system_viewer(str(self.data_folder))


def show_about(parent: QWidget | None, db) -> None:
    run_modal(AboutDialog(parent, db))
