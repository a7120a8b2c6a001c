"""Qt item models over the task list: adapters fed with ``TaskInfo`` rows by services.

``TaskTreeModel`` shows the tree and turns the clerk's in-cell edits and drops into
requests (signals) the main window carries out through undoable commands, then reloads.
It also filters (find and filter, Ctrl+F): matches are computed in Python over prepared
lowercase text, and the model shows only those nodes and their ancestors — the filtered tree
is built directly, with no proxy model between it and the view.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractItemModel,
    QCoreApplication,
    QByteArray,
    QMimeData,
    QModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from db.dto import TaskInfo
from db.schedule import date_words

# marked for the translators here, translated where shown (headerData)
COLUMNS = (QT_TRANSLATE_NOOP("TaskTreeModel", "序号"),
           QT_TRANSLATE_NOOP("TaskTreeModel", "工作任务/事项"),
           QT_TRANSLATE_NOOP("TaskTreeModel", "牵头单位"),
           QT_TRANSLATE_NOOP("TaskTreeModel", "责任单位"),
           QT_TRANSLATE_NOOP("TaskTreeModel", "完成时限"),
           QT_TRANSLATE_NOOP("TaskTreeModel", "本月状态"))
NUMBER, TEXT, LEAD, RESPONSIBLE, DEADLINE, STATUS = range(len(COLUMNS))
COLUMN_COUNT = len(COLUMNS)
MIME_TYPE = "application/x-taizhang-task-id"
TaskIdRole = Qt.ItemDataRole.UserRole + 1

# Roles and flags looked up once: attribute access on Qt's enums is slow in a hot data().
DISPLAY = Qt.ItemDataRole.DisplayRole
EDIT = Qt.ItemDataRole.EditRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole
BACKGROUND = Qt.ItemDataRole.BackgroundRole
HORIZONTAL = Qt.Orientation.Horizontal
EDITABLE = Qt.ItemFlag.ItemIsEditable
DRAG_DROP = Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled
DROP = Qt.ItemFlag.ItemIsDropEnabled

# Light tints, so black text stays readable when printed or on a dim screen.
COLOUR_TINTS = {"green": "#dff3e0", "yellow": "#fff3c4", "red": "#fbd9d6"}


def _tr(text: str) -> str:
    return QCoreApplication.translate("TaskTreeModel", text)


def unit_names(units) -> str:
    return "、".join(u.name for u in units)


def deadline_display(info: TaskInfo) -> str:
    return info.deadline_text or (date_words(info.deadline) if info.deadline else "")


@dataclass(frozen=True)
class MonthState:
    """What the 本月状态 column shows for one work item."""

    word: str
    colour: str
    tip: str


class TaskTreeModel(QAbstractItemModel):
    edit_requested = Signal(int, dict)            # task id, fields for update_task
    move_requested = Signal(int, object, int)     # task id, new parent id (None: top), position

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: dict[int, TaskInfo] = {}
        self._all_children: dict[int | None, list[int]] = {None: []}  # every node
        self._children: dict[int | None, list[int]] = {None: []}      # the nodes shown
        self._row_of: dict[int, int] = {}   # row among the shown siblings
        self._place: dict[int, int] = {}    # row among all siblings
        self._states: dict[int, MonthState] = {}
        self._search: dict[int, str] = {}   # id -> casefolded title and content
        self._filter = TaskFilter()
        self._shown: set[int] | None = None  # None: no filter, every node shown
        self._kept: set[int] = set()  # shown while filtering though they do not match

    # feeding -------------------------------------------------------------------------------
    def set_rows(self, rows: list[TaskInfo], states: dict[int, MonthState] | None = None) -> None:
        self.beginResetModel()
        self._rows = {r.id: r for r in rows}
        self._all_children = {None: []}
        for r in rows:  # pre-order: children arrive in their order
            self._all_children.setdefault(r.parent_id, []).append(r.id)
        self._place = {task_id: i for kids in self._all_children.values()
                       for i, task_id in enumerate(kids)}
        self._search = {r.id: search_text(r) for r in rows}
        self._kept &= self._rows.keys()
        self._states = dict(states or {})
        self._match()
        self.endResetModel()

    def update_row(self, info: TaskInfo) -> bool:
        """One node changed in place (text, units, deadline): no reset, no re-numbering.

        While filtering, a shown node stays shown even if it no longer matches (the clerk is
        working on it); a hidden node that now matches comes into view.  True when the
        nodes shown changed (the model was reset: the view folds out the matches again)."""
        if info.id not in self._rows:
            return False
        self._rows[info.id] = info
        self._search[info.id] = search_text(info)
        if self._shown is not None:
            if info.id in self._shown:
                self._kept.add(info.id)
            elif task_matches(info, self._filter, self._search[info.id]):
                self.beginResetModel()
                self._match()
                self.endResetModel()
                return True
        self.dataChanged.emit(self.index_of(info.id, 0), self.index_of(info.id, len(COLUMNS) - 1))
        return False

    # filtering -----------------------------------------------------------------------------
    def task_filter(self) -> TaskFilter:
        return self._filter

    def set_task_filter(self, task_filter: TaskFilter) -> None:
        """Show only the matches and their ancestors (one reset, whatever the plan's size)."""
        if task_filter == self._filter:
            return
        self.beginResetModel()
        self._filter = task_filter
        self._kept = set()
        self._match()
        self.endResetModel()

    def keep_visible(self, task_id: int) -> bool:
        """Show a node the clerk just added even if it does not match the filter (True: it
        was hidden, the model was reset)."""
        if self._shown is None or task_id in self._shown or task_id not in self._rows:
            return False
        self.beginResetModel()
        self._kept.add(task_id)
        self._match()
        self.endResetModel()
        return True

    def shown_ids(self) -> set[int] | None:
        """Ids the filter lets through (None: no filter, everything shown)."""
        return self._shown

    def _match(self) -> None:
        """The nodes to show under the current filter, and their rows (inside a reset)."""
        if not self._filter.active:
            self._shown = None
            self._children = self._all_children
            self._row_of = self._place
            return
        shown = self._shown = matching_ids(self._rows.values(), self._filter, self._kept,
                                           self._search)
        self._children = {parent: [t for t in kids if t in shown]
                          for parent, kids in self._all_children.items()
                          if parent is None or parent in shown}
        self._row_of = {task_id: i for kids in self._children.values()
                        for i, task_id in enumerate(kids)}

    def set_states(self, states: dict[int, MonthState]) -> None:
        """New 本月状态 values (another month chosen) without resetting the tree."""
        self._states = dict(states)
        top = self._children[None]
        if top:
            # One signal over the top rows' status cells: Qt's item views repaint their whole
            # viewport for a range of cells, so the work items' cells below are read afresh
            # as they are drawn.  One signal per parent (as a general model would send) made
            # the tree view look each range up among its rows: about 150 ms of a month switch
            # on a 2,000-item plan, against well under 1 ms for this one.
            self.dataChanged.emit(self.createIndex(0, STATUS, top[0]),
                                  self.createIndex(len(top) - 1, STATUS, top[-1]))

    def rows(self) -> list[TaskInfo]:
        return list(self._rows.values())

    def task(self, index: QModelIndex) -> TaskInfo | None:
        return self._rows.get(index.internalId()) if index.isValid() else None

    def task_by_id(self, task_id: int) -> TaskInfo | None:
        return self._rows.get(task_id)

    def state(self, task_id: int) -> MonthState | None:
        return self._states.get(task_id)

    def index_of(self, task_id: int, column: int = 0) -> QModelIndex:
        """The node's index (invalid when it is unknown or filtered out)."""
        row = self._row_of.get(task_id)
        if row is None:
            return QModelIndex()
        return self.createIndex(row, column, task_id)

    # Qt model API --------------------------------------------------------------------------
    def index(self, row, column, parent=QModelIndex()):
        # Called many thousand times while the view lays out a large plan: keep it lean.
        if parent.isValid():
            if parent.column() != 0:
                return QModelIndex()
            kids = self._children.get(parent.internalId())
        else:
            kids = self._children[None]
        if kids is None or not (0 <= row < len(kids) and 0 <= column < COLUMN_COUNT):
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
        if not parent.isValid():
            return len(self._children[None])
        if parent.column() != 0:
            return 0
        kids = self._children.get(parent.internalId())
        return len(kids) if kids else 0

    def columnCount(self, parent=QModelIndex()):
        return len(COLUMNS)

    def headerData(self, section, orientation, role=DISPLAY):
        if orientation != HORIZONTAL or not 0 <= section < len(COLUMNS):
            return None
        if role == DISPLAY:
            return _tr(COLUMNS[section])
        if role == TOOLTIP:
            return {TEXT: _tr("双击（或 F2）可直接修改；多行内容请在右侧详情中修改"),
                    DEADLINE: _tr("双击（或 F2）可直接修改完成时限，如“2026年6月底前”"),
                    STATUS: _tr("所选月份的完成状态，底色：绿=正常，黄=预警，红=滞后或逾期")
                    }.get(section)
        return None

    def data(self, index, role=DISPLAY):
        info = self.task(index)
        if info is None:
            return None
        col = index.column()
        if role == DISPLAY:
            if col == NUMBER:
                return info.number
            if col == TEXT:
                return info.text.split("\n")[0]
            if col == LEAD:
                return unit_names(info.lead_units)
            if col == RESPONSIBLE:
                return unit_names(info.responsible_units)
            if col == DEADLINE:
                return deadline_display(info)
            if col == STATUS:
                state = self._states.get(info.id)
                return state.word if state else ""
            return None
        if role == EDIT:
            if col == TEXT:
                return info.title if info.title or not info.content else info.content
            if col == DEADLINE:
                return deadline_display(info)
            return self.data(index, DISPLAY)
        if role == TOOLTIP:
            if col == TEXT:
                return "\n".join(t for t in (info.title, info.content) if t) or None
            if col == STATUS:
                state = self._states.get(info.id)
                return state.tip if state else None
            if col in (LEAD, RESPONSIBLE):
                return self.data(index) or None
            if col == DEADLINE and info.deadline_text:
                meaning = deadline_meaning(info) or _tr("即此日期")
                return f"{info.deadline_text}（{meaning}）"
            return None
        if role == BACKGROUND and col == STATUS:
            state = self._states.get(info.id)
            if state and state.colour in COLOUR_TINTS:
                return QBrush(QColor(COLOUR_TINTS[state.colour]))
            return None
        if role == TaskIdRole:
            return info.id
        return None

    def flags(self, index):
        base = super().flags(index)
        if not index.isValid():
            return base | DROP
        flags = base | DRAG_DROP
        if index.column() == DEADLINE:
            flags |= EDITABLE
        elif index.column() == TEXT:
            info = self.task(index)
            # A one-line cell editor would flatten several lines: those are edited in the panel.
            if info is not None and "\n" not in self.data(index, EDIT):
                flags |= EDITABLE
        return flags

    def setData(self, index, value, role=EDIT):
        info = self.task(index)
        if info is None or role != EDIT:
            return False
        value = (value or "").strip()
        if index.column() == TEXT:
            field = "title" if info.title or not info.content else "content"
            if value == getattr(info, field):
                return False
            self.edit_requested.emit(info.id, {field: value})
            return True
        if index.column() == DEADLINE:
            if value == deadline_display(info):
                return False
            self.edit_requested.emit(info.id, {"deadline_text": value})  # the date follows
            return True
        return False

    # drag and drop -------------------------------------------------------------------------
    def supportedDropActions(self):
        return Qt.DropAction.MoveAction

    def supportedDragActions(self):
        return Qt.DropAction.MoveAction

    def mimeTypes(self):
        return [MIME_TYPE]

    def mimeData(self, indexes):
        ids = [i.internalId() for i in indexes if i.isValid() and i.column() == 0]
        if not ids:
            return None
        mime = QMimeData()
        mime.setData(MIME_TYPE, QByteArray(str(ids[0]).encode()))
        return mime

    def dragged_id(self, mime: QMimeData) -> int | None:
        if mime is None or not mime.hasFormat(MIME_TYPE):
            return None
        try:
            task_id = int(bytes(mime.data(MIME_TYPE)).decode())
        except ValueError:
            return None
        return task_id if task_id in self._rows else None

    def drop_target(self, task_id: int, row: int, parent: QModelIndex
                    ) -> tuple[int | None, int] | None:
        """Where a drop lands: (new parent id, position among siblings without the node)."""
        parent_id = parent.internalId() if parent.isValid() else None
        ancestor = parent_id
        while ancestor is not None:  # no drop into its own subtree
            if ancestor == task_id:
                return None
            ancestor = self._rows[ancestor].parent_id
        shown, kids = self._children.get(parent_id, []), self._all_children.get(parent_id, [])
        # ``row`` counts the siblings shown; while filtering some are hidden between them
        row = self._place[shown[row]] if 0 <= row < len(shown) else len(kids)
        moved = self._rows[task_id]
        if moved.parent_id == parent_id and self._place[task_id] < row:
            row -= 1
        return parent_id, row

    def canDropMimeData(self, data, action, row, column, parent):
        task_id = self.dragged_id(data)
        return task_id is not None and self.drop_target(task_id, row, parent) is not None

    def dropMimeData(self, data, action, row, column, parent):
        if action == Qt.DropAction.IgnoreAction:
            return True
        task_id = self.dragged_id(data)
        if task_id is None:
            return False
        target = self.drop_target(task_id, row, parent)
        if target is None:
            return False
        info = self._rows[task_id]
        if target != (info.parent_id, info.position):
            self.move_requested.emit(task_id, target[0], target[1])
        # The window reloads the rows from the database; the view must not remove the source.
        return False


def deadline_fields(text: str, year: int | None = None) -> dict:
    """Fields for a deadline typed as text: the date it means, read as the importer reads it
    (``2026年6月底前`` → 30 June 2026; ``年底前`` → the plan year's 31 December; ``长期坚持``:
    no date).  The date follows the text, so an item is overdue exactly when its text says."""
    from exports.importers.common import parse_deadline  # the importers load on an edit, not at start

    text = (text or "").strip()
    if not text:
        return {"deadline_text": ""}  # the date, if any, stays as it was set
    return {"deadline_text": text, "deadline": parse_deadline(text, year)[0]}


def deadline_meaning(info: TaskInfo) -> str:
    """What a deadline text means, said beside it: the date, or that it names none."""
    if not info.deadline_text:
        return ""
    if info.deadline is None:
        return _tr("未写明日期，不计逾期")
    words = date_words(info.deadline)
    return "" if words == info.deadline_text else _tr("即 {}").format(words)


@dataclass(frozen=True)
class TaskFilter:
    keyword: str = ""
    unit_id: int | None = None
    unit_role: str = "any"           # any / lead / responsible
    deadline_before: dt.date | None = None

    @property
    def active(self) -> bool:
        return bool(self.keyword or self.unit_id is not None or self.deadline_before)


def search_text(info: TaskInfo) -> str:
    """What the keyword is looked for in, prepared once per row: title and content, casefolded
    (the separator cannot be typed, so no keyword matches across the two)."""
    return f"{info.title}\0{info.content}".casefold()


def task_matches(info: TaskInfo, task_filter: TaskFilter, text: str | None = None) -> bool:
    """``text``: the row's ``search_text`` when prepared before."""
    keyword = task_filter.keyword.casefold()
    if keyword and keyword not in (search_text(info) if text is None else text):
        return False
    if task_filter.unit_id is not None:
        units = ()
        if task_filter.unit_role in ("any", "lead"):
            units += info.lead_units
        if task_filter.unit_role in ("any", "responsible"):
            units += info.responsible_units
        if all(u.id != task_filter.unit_id for u in units):
            return False
    if task_filter.deadline_before is not None and not (
            info.deadline is not None and info.deadline <= task_filter.deadline_before):
        return False
    return True


def matching_ids(rows: Iterable[TaskInfo], task_filter: TaskFilter,
                 also: set[int] = frozenset(), texts: dict[int, str] | None = None) -> set[int]:
    """Ids of the nodes that match (or are in ``also``), and of all their ancestors.

    ``texts``: each row's ``search_text``, prepared once, so typing a letter only searches."""
    rows = list(rows)
    by_id = {r.id: r for r in rows}
    keyword = task_filter.keyword.casefold()
    others = task_filter.unit_id is not None or task_filter.deadline_before is not None
    if texts is None:
        texts = {r.id: search_text(r) for r in rows}
    shown: set[int] = set()
    for info in rows:
        if info.id not in also:
            if keyword and keyword not in texts[info.id]:
                continue
            if others and not task_matches(info, task_filter, texts[info.id]):
                continue
        node = info
        while node is not None and node.id not in shown:
            shown.add(node.id)
            node = by_id.get(node.parent_id) if node.parent_id is not None else None
    return shown
