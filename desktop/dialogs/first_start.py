"""The first start: say where the ledger will be kept and let the clerk pick another folder."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from db import ledger_place


def _tr(text: str) -> str:
    return QCoreApplication.translate("first_start", text)


def ask_other_folder_wanted(parent: QWidget | None, folder: Path) -> bool:
    """The first-start message; True when the clerk wants another folder. Tests patch it."""
    box = QMessageBox(QMessageBox.Icon.Information, _tr("欢迎使用专班台账"),
                      _tr("台账（全部工作方案、单位和月度进展）保存在一个文件中，将放在：\n\n"
                          "{folder}\n\n这个文件夹容易找到，也便于备份（复制整个文件夹即可）。"
                          "也可以另选一个文件夹，例如单位共享盘上的文件夹。").format(folder=folder),
                      QMessageBox.StandardButton.NoButton, parent)
    use = box.addButton(_tr("使用此文件夹"), QMessageBox.ButtonRole.AcceptRole)
    other = box.addButton(_tr("选择其他文件夹…"), QMessageBox.ButtonRole.ActionRole)
    box.setDefaultButton(use)
    box.setEscapeButton(use)
    box.exec()
    return box.clickedButton() is other


def ask_folder(parent: QWidget | None, title: str, start: str) -> str | None:
    """A folder the clerk picks; None when cancelled. Tests patch it."""
    return QFileDialog.getExistingDirectory(parent, title, start) or None


def choose_ledger_place(parent: QWidget | None = None) -> Path:
    """Ask once, remember the answer (db/ledger_place.py) and return the ledger file's path."""
    folder = ledger_place.suggested_folder()
    if ask_other_folder_wanted(parent, folder):
        picked = ask_folder(parent, _tr("选择存放台账的文件夹"), str(folder.parent))
        if picked:
            folder = Path(picked)
    return ledger_place.record_folder(folder)
