"""Qt item model over the task list: an adapter fed with ``TaskInfo`` rows by services."""
from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt

from db.dto import TaskInfo

COLUMNS = ("序号", "工作任务/事项", "牵头单位", "责任单位", "完成时限")


def unit_names(units) -> str:
    return "、".join(u.name for u in units)


class TaskTreeModel(QAbstractItemModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: dict[int, TaskInfo] = {}
        self._children: dict[int | None, list[int]] = {None: []}

    # feeding -------------------------------------------------------------------------------
    def set_rows(self, rows: list[TaskInfo]) -> None:
        self.beginResetModel()
        self._rows = {r.id: r for r in rows}
        self._children = {None: []}
        for r in rows:  # pre-order: children arrive in their order
            self._children.setdefault(r.parent_id, []).append(r.id)
        self.endResetModel()

    def task(self, index: QModelIndex) -> TaskInfo | None:
        return self._rows.get(index.internalId()) if index.isValid() else None

    def index_of(self, task_id: int, column: int = 0) -> QModelIndex:
        info = self._rows.get(task_id)
        if info is None:
            return QModelIndex()
        row = self._children[info.parent_id].index(task_id)
        return self.createIndex(row, column, task_id)

    # Qt model API --------------------------------------------------------------------------
    def index(self, row, column, parent=QModelIndex()):
        parent_id = parent.internalId() if parent.isValid() else None
        kids = self._children.get(parent_id, [])
        if not (0 <= row < len(kids) and 0 <= column < len(COLUMNS)):
            return QModelIndex()
        return self.createIndex(row, column, kids[row])

    def parent(self, index=QModelIndex()):
        if not index.isValid():
            return QModelIndex()
        info = self._rows.get(index.internalId())
        if info is None or info.parent_id is None:
            return QModelIndex()
        return self.index_of(info.parent_id)

    def rowCount(self, parent=QModelIndex()):
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._children.get(parent.internalId() if parent.isValid() else None, []))

    def columnCount(self, parent=QModelIndex()):
        return len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        info = self.task(index)
        if info is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            col = index.column()
            if col == 0:
                return info.number
            if col == 1:
                return info.text if role == Qt.ItemDataRole.ToolTipRole else info.text.split("\n")[0]
            if col == 2:
                return unit_names(info.lead_units)
            if col == 3:
                return unit_names(info.responsible_units)
            if col == 4:
                return info.deadline_text or (info.deadline.isoformat() if info.deadline else "")
        return None
