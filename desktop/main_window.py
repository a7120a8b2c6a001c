"""The main window: plan switcher and the plan's task list."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QMainWindow, QToolBar, QTreeView

from db.services.plans import list_plans
from db.services.tasks import load_tree
from db.session import Database
from desktop.task_model import TaskTreeModel


class MainWindow(QMainWindow):
    def __init__(self, db: Database) -> None:
        super().__init__()
        self.db = db
        self.plan_box = QComboBox()
        toolbar = QToolBar("工作方案")
        toolbar.setObjectName("plans")
        toolbar.addWidget(self.plan_box)
        self.addToolBar(toolbar)
        self.model = TaskTreeModel(self)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setAlternatingRowColors(True)
        self.setCentralWidget(self.tree)
        self.plan_box.currentIndexChanged.connect(self._plan_chosen)
        self.resize(1280, 720)
        self.reload_plans()

    @property
    def plan_id(self) -> int | None:
        return self.plan_box.currentData()

    def reload_plans(self) -> None:
        self.plan_box.blockSignals(True)
        self.plan_box.clear()
        for plan in list_plans(self.db):
            self.plan_box.addItem(plan.title, plan.id)
        self.plan_box.blockSignals(False)
        self._plan_chosen()

    def _plan_chosen(self) -> None:
        plan_id = self.plan_id
        title = self.plan_box.currentText()
        self.setWindowTitle(f"专班台账 - {title}" if title else "专班台账")
        self.model.set_rows(load_tree(self.db, plan_id) if plan_id is not None else [])
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)
        self.tree.setColumnWidth(1, 520)
