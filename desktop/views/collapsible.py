"""A pane that folds to its heading line, so a small screen can give its height to the tree."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QSizePolicy, QToolButton, QVBoxLayout, QWidget

UNLIMITED = 16777215  # Qt's QWIDGETSIZE_MAX


class CollapsiblePane(QWidget):
    """``body`` under a heading button; folded, only the heading line stays."""

    toggled = Signal(bool)  # True: open

    def __init__(self, title: str, body: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.body = body
        self.title = title
        self.button = QToolButton()
        self.button.setCheckable(True)
        self.button.setChecked(True)
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.button.setStyleSheet("QToolButton { border: none; text-align: left;"
                                  " font-weight: bold; padding: 2px 4px; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.button)
        layout.addWidget(body, 1)
        self.button.toggled.connect(self.set_open)
        self._show_heading()

    def is_open(self) -> bool:
        return self.button.isChecked()

    def set_open(self, open_: bool) -> None:
        if self.button.isChecked() != open_:
            self.button.setChecked(open_)  # comes back here through toggled
            return
        self.body.setVisible(open_)
        self.setMaximumHeight(UNLIMITED if open_ else self.button.sizeHint().height())
        self._show_heading()
        self.toggled.emit(open_)

    def _show_heading(self) -> None:
        open_ = self.button.isChecked()
        self.button.setArrowType(Qt.ArrowType.DownArrow if open_ else Qt.ArrowType.RightArrow)
        self.button.setText(self.title if open_ else
                            self.tr("{}（已折叠，点击展开）").format(self.title))
