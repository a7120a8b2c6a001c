"""Choosing evidence files to add, and where to save a copy (tests patch these)."""
from __future__ import annotations

from db.services.evidence import KINDS

ALL_KINDS = " ".join(f"*{s}" for s in KINDS)


def evidence_filter(parent) -> str:
    """The file dialog's filter: every kind the ledger keeps, then PDF, pictures, Word/Excel."""
    return parent.tr("佐证材料 ({});;PDF (*.pdf);;图片 (*.jpg *.jpeg *.png *.gif *.bmp *.tif *.tiff);;"
                     "Word / Excel (*.doc *.docx *.xls *.xlsx)").format(ALL_KINDS)


def ask_evidence_files(parent) -> list[str]:
    """The files the clerk picks (several at once); empty when cancelled."""
    from PySide6.QtWidgets import QFileDialog

    paths, _ = QFileDialog.getOpenFileNames(parent, parent.tr("添加佐证材料"), "",
                                            evidence_filter(parent))
    return paths


def ask_save_copy(parent, name: str) -> str | None:
    """Where to save a copy of a stored file; None when cancelled."""
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getSaveFileName(parent, parent.tr("另存佐证材料"), name)
    return path or None


def ask_folder(parent, title: str) -> str | None:
    """A folder to export into; None when cancelled."""
    from PySide6.QtWidgets import QFileDialog

    return QFileDialog.getExistingDirectory(parent, title) or None


def open_with_system(path: str) -> bool:
    """Open a file with the program the system associates with it."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    return QDesktopServices.openUrl(QUrl.fromLocalFile(path))
