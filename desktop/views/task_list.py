"""The 任务清单 view: the plan's task tree, the find/filter bar and the selected item's details.

Every edit is an undoable command on the window's ``EditHistory``; the view follows the window's
``LedgerState`` (plan, month, thresholds) and refreshes from the ``Changes`` every write
publishes (``apply``).  The shell (``desktop.main_window``) puts the view's actions in its menus
and toolbar.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QDate,
    QEvent,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QScrollArea,
    QSplitter,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from db.services import plans as plan_services
from db.services import tasks as task_services
from db.services.units import list_units
from db.session import Database
from desktop import prompts as ui
from desktop.dialogs.unit_picker import (
    confirm_new_units,
    lookup_names,
    unit_ids_creating_missing,
)
from desktop.first_paint import after_first_paint
from desktop.state import PROGRESS, TASKS, UNITS, Changes, LedgerState, month_label
from desktop.task_model import (
    DEADLINE,
    LEAD,
    NUMBER,
    RESPONSIBLE,
    STATUS,
    TEXT,
    MonthState,
    TaskFilter,
    TaskTreeModel,
    deadline_fields,
)
from desktop.undo import (
    AddTaskCommand,
    DeleteTaskCommand,
    DuplicateTaskCommand,
    EditHistory,
    MoveTaskCommand,
    SetTaskUnitsCommand,
    UpdateTaskCommand,
)
from desktop.views.columns import status_column_width
from desktop.views.tree_detail import TaskDetailPanel


def _tr(text: str) -> str:
    return QCoreApplication.translate("TaskListView", text)


def month_state(standing) -> MonthState:
    """The 本月状态 cell of a work item: the standing's word and tone (``Standing.label``)."""
    word = standing.label
    bits = [f"{month_label(standing.month)}：{word}"]
    if standing.last_report_note:
        bits.append(standing.last_report_note)
    if standing.percent is not None:
        bits.append(_tr("完成 {}%").format(standing.percent))
    if standing.expected_percent is not None:
        bits.append(_tr("序时进度 {:g}%").format(standing.expected_percent))
    if standing.overdue:
        bits.append(_tr("已逾期"))
    elif standing.due_soon:
        bits.append(_tr("临期（剩 {} 天）").format(standing.days_left))
    if standing.lagging and not standing.overdue:
        bits.append(_tr("进度滞后"))
    tone = standing.tone
    return MonthState(word=word, colour=tone.value if tone is not None else None,
                      tip="；".join(bits) + _tr("。提示：{}").format(standing.colour_word))


class _FocusOutFilter(QObject):
    """Saves the detail panel's field being typed in before the tree takes the focus."""

    def __init__(self, panel: TaskDetailPanel) -> None:
        super().__init__(panel)
        self.panel = panel

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.MouseButtonPress:
            self.panel.commit_pending()
        return False


class FilterBar(QWidget):
    """Find and filter (Ctrl+F): keyword, unit, deadline before a date."""

    changed = Signal(object)  # TaskFilter

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.keyword = QLineEdit()
        self.keyword.setPlaceholderText(self.tr("查找：标题或内容中的文字"))
        self.keyword.setClearButtonEnabled(True)
        self.keyword.setToolTip(self.tr("输入文字即时筛选；匹配的事项连同其上级一起显示（Esc 清除）"))
        self.unit = QComboBox()
        self.unit.setToolTip(self.tr("只显示某单位牵头或负责的事项"))
        self.unit.setMinimumContentsLength(10)
        self.unit.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.role = QComboBox()
        self.role.addItem(self.tr("牵头或责任"), "any")
        self.role.addItem(self.tr("仅牵头"), "lead")
        self.role.addItem(self.tr("仅责任"), "responsible")
        self.use_deadline = QCheckBox(self.tr("时限不晚于"))
        self.deadline = QDateEdit(QDate.currentDate())
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat(self.tr("yyyy年MM月dd日"))
        self.deadline.setEnabled(False)
        self.count = QLabel()
        close = QToolButton()
        close.setText(self.tr("清除筛选"))
        close.setToolTip(self.tr("清除全部筛选条件（Esc）"))
        close.clicked.connect(self.clear)
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 2, 4, 2)
        row.addWidget(QLabel(self.tr("查找：")))
        row.addWidget(self.keyword, 3)
        row.addWidget(QLabel(self.tr("单位：")))
        row.addWidget(self.unit, 2)
        row.addWidget(self.role)
        row.addWidget(self.use_deadline)
        row.addWidget(self.deadline)
        row.addWidget(self.count)
        row.addWidget(close)
        self.set_units([])
        # Every letter filters at once, as Excel's filter does: no pause to wait for (the
        # model builds the filtered tree directly, which is quick on large plans).
        self.keyword.textChanged.connect(self._emit)
        self.keyword.returnPressed.connect(self._emit)
        self.unit.currentIndexChanged.connect(self._emit)
        self.role.currentIndexChanged.connect(self._emit)
        self.use_deadline.toggled.connect(self.deadline.setEnabled)
        self.use_deadline.toggled.connect(self._emit)
        self.deadline.dateChanged.connect(self._emit)

    def set_units(self, units) -> None:
        current = self.unit.currentData()
        self.unit.blockSignals(True)
        self.unit.clear()
        self.unit.addItem(self.tr("全部单位"), None)
        for unit in units:
            self.unit.addItem(unit.name, unit.id)
        found = self.unit.findData(current)
        self.unit.setCurrentIndex(max(0, found))
        self.unit.blockSignals(False)
        if current is not None and found < 0:
            self._emit()

    def task_filter(self) -> TaskFilter:
        return TaskFilter(
            keyword=self.keyword.text().strip(), unit_id=self.unit.currentData(),
            unit_role=self.role.currentData(),
            deadline_before=self.deadline.date().toPython() if self.use_deadline.isChecked()
            else None)

    def clear(self) -> None:
        for widget in (self.keyword, self.unit, self.use_deadline):
            widget.blockSignals(True)
        self.keyword.clear()
        self.unit.setCurrentIndex(0)
        self.use_deadline.setChecked(False)
        self.deadline.setEnabled(False)
        for widget in (self.keyword, self.unit, self.use_deadline):
            widget.blockSignals(False)
        self._emit()

    def _emit(self, *_args) -> None:
        self.changed.emit(self.task_filter())

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.clear()
            return
        super().keyPressEvent(event)



class TaskListView(QSplitter):
    """The task tree with its filter bar (left) and the selected item's details (right)."""

    task_selected = Signal(int)  # 0: none

    def __init__(self, db: Database, history: EditHistory, state: LedgerState, *,
                 guard: Callable, action: Callable[..., QAction],
                 context_actions: Callable[[], list[QAction]] = list,
                 parent: QWidget | None = None) -> None:
        """``guard`` wraps slots (errors shown, data read again); ``action`` makes the window's
        kind of action (shortcut in the tip); ``context_actions`` adds other features' actions
        to the tree's context menu."""
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setObjectName("main_splitter")
        self.db, self.history, self.state = db, history, state
        self.guard, self._make_action = guard, action
        self.context_actions = context_actions
        self._collapsed: set[int] = set()
        self._folding = False  # the window folds the tree itself: not the clerk's choice
        self._last_selected = 0
        self._states_later = True  # at start-up the status column follows the tree
        self.count_label = QLabel()  # 共 N 项 (the shell shows it in its status bar)

        self.model = TaskTreeModel(self)
        self.model.edit_requested.connect(guard(self._edit_fields))
        # A drop is carried out once the view has finished handling it (the move reloads
        # the model, which must not happen under the view's feet).
        self.model.move_requested.connect(
            lambda *args: QTimer.singleShot(0, lambda: guard(self._move_to)(*args)))
        self.tree = QTreeView()
        self.tree.setModel(self.model)  # the model filters itself: no proxy in between
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setIndentation(14)  # leaves room for （1） at the third level
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.tree.setDragEnabled(True)
        self.tree.setAcceptDrops(True)
        self.tree.setDropIndicatorShown(True)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.collapsed.connect(self._remember_collapsed)
        self.tree.expanded.connect(self._remember_expanded)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        for column, width in ((NUMBER, 104), (LEAD, 120), (RESPONSIBLE, 180), (DEADLINE, 112),
                              (STATUS, status_column_width(self.tree))):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.tree.setColumnWidth(column, width)
        self.tree.selectionModel().currentRowChanged.connect(self._current_changed)

        self.detail = TaskDetailPanel()
        self.detail.fields_edited.connect(guard(self._edit_fields))
        self.detail.units_edited.connect(guard(self._edit_units))
        self.tree.viewport().installEventFilter(_FocusOutFilter(self.detail))
        self.detail_scroll = detail_scroll = QScrollArea()
        detail_scroll.setWidgetResizable(True)
        detail_scroll.setWidget(self.detail)
        detail_scroll.setMinimumWidth(280)

        self.filter_bar = FilterBar()
        self.filter_bar.changed.connect(self._filter_changed)
        self.filter_bar.hide()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.setSpacing(0)
        self.empty_hint = QLabel(self.tr(
            "这个工作方案还没有事项。按 Ctrl+回车（或工具栏的“新增同级事项”）添加第一个事项，"
            "再用 Ctrl+Shift+回车 添加下级事项；也可以用“导入 → 追加到当前方案”从文件导入。"))
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setStyleSheet("background:#eef4fb; color:#1d4f7a; padding:10px;"
                                      " border:1px solid #c5d9ee;")
        self.empty_hint.hide()
        left_layout.addWidget(self.filter_bar)
        left_layout.addWidget(self.empty_hint)
        left_layout.addWidget(self.tree)
        self.addWidget(left)
        self.addWidget(detail_scroll)
        self.setStretchFactor(0, 3)
        self.setStretchFactor(1, 1)
        self.setSizes([1000, 340])
        self._build_actions()
        state.plan_changed.connect(guard(self._plan_changed))
        state.month_changed.connect(guard(self._month_changed))
        state.thresholds_changed.connect(guard(lambda _t: self.refresh_status()))
        state.changed.connect(guard(self.apply))

    def restore_columns(self, saved: QByteArray) -> None:
        """The tree's column widths as the clerk left them, but 本月状态 never narrower than
        its words (a width saved before it fitted them cut 未报送 off)."""
        self.tree.header().restoreState(saved)
        needed = status_column_width(self.tree)
        if self.tree.columnWidth(STATUS) < needed:
            self.tree.setColumnWidth(STATUS, needed)

    def _build_actions(self) -> None:
        a = self._make_action
        self.act_add_sibling = a(self.tr("新增同级事项"), self.add_sibling, "Ctrl+Return",
                                 tip=self.tr("在所选事项之后新增一个同级事项"))
        self.act_add_child = a(self.tr("新增下级事项"), self.add_child, "Ctrl+Shift+Return",
                               tip=self.tr("在所选事项下新增一个下级事项"))
        self.act_duplicate = a(self.tr("复制事项"), self.duplicate_selected, "Ctrl+D",
                               tip=self.tr("复制所选事项及其下级（不含进展）"))
        self.act_delete = a(self.tr("删除事项…"), self.delete_selected, "Delete",
                            tip=self.tr("删除所选事项及其全部下级"),
                            context=Qt.ShortcutContext.WidgetShortcut)
        self.tree.addAction(self.act_delete)
        outdent, indent, up, down = self.tr("升级"), self.tr("降级"), self.tr("上移"), self.tr("下移")
        self.act_outdent = a(outdent, lambda: self._move_by(task_services.outdent, outdent),
                             "Alt+Shift+Left", tip=self.tr("升为上一级（成为原上级的下一个同级）"))
        self.act_indent = a(indent, lambda: self._move_by(task_services.indent, indent),
                            "Alt+Shift+Right", tip=self.tr("降为上一项的下级"))
        self.act_up = a(up, lambda: self._move_by(task_services.move_up, up), "Alt+Shift+Up")
        self.act_down = a(down, lambda: self._move_by(task_services.move_down, down),
                          "Alt+Shift+Down")
        self.act_find = a(self.tr("查找和筛选"), self.show_filter, "Ctrl+F",
                          tip=self.tr("按文字、单位、完成时限筛选事项"))
        self.act_expand = a(self.tr("全部展开"), self._expand_all)
        self.act_collapse = a(self.tr("全部折叠"), self._collapse_all)
        self.act_add_sibling.setEnabled(False)
        self._show_current()

    # --- public API -----------------------------------------------------------------------
    def selected_task_id(self) -> int | None:
        index = self.tree.currentIndex()
        if not index.isValid():
            return None
        info = self.model.task(index)
        return info.id if info else None

    def select_task(self, task_id: int) -> None:
        index = self.model.index_of(task_id)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)

    def reload(self) -> None:
        """Read the plan again from the database (keeps selection, folding and filter)."""
        selected = self.selected_task_id()
        self._refresh_unit_lists()
        if self.state.plan_id is None:
            self.model.set_rows([])
        else:
            rows = task_services.load_tree(self.db, self.state.plan_id)
            if self._states_later:
                # At start-up the tree is painted first; the status column (the month's
                # standings of every item) follows right after that first frame.
                self._states_later = False
                self.model.set_rows(rows)
                after_first_paint(self.tree.viewport(), self.guard(self.refresh_status))
            else:
                self.model.set_rows(rows, self._month_states(rows))
        self._restore_folding()
        if selected is not None and self.model.task_by_id(selected) is not None:
            self.select_task(selected)
        else:
            self._show_current()
        self._update_counts()

    def refresh_status(self) -> None:
        """Recompute the 本月状态 column only (after progress was entered elsewhere)."""
        self.model.set_states(self._month_states())
        self._show_current()

    def _plan_changed(self, plan_id: int) -> None:
        self._collapsed.clear()
        self.filter_bar.clear()
        self.act_add_sibling.setEnabled(bool(plan_id))
        self.reload()

    def apply(self, changes: Changes) -> None:
        """Show what a write changed: rows re-read in place, or the whole list when its shape
        (or the unit names it shows) changed."""
        if changes.shape or (changes.touches(UNITS) and changes.tree_text):
            self.reload()
            return
        if changes.touches(UNITS):
            self._refresh_unit_lists()
        if changes.touches(TASKS):
            selected, reset = self.selected_task_id(), False
            for task_id in changes.task_ids:
                reset |= self.model.update_row(task_services.get_task(self.db, task_id))
            if reset:  # an edited item now matches the filter: it came into view
                self._restore_folding()
                self._reselect(selected)
        if changes.status or changes.touches(PROGRESS):
            self.model.set_states(self._month_states())
        self._show_current()

    # --- month ------------------------------------------------------------------------------
    def _month_states(self, tree=None) -> dict[int, MonthState]:
        """本月状态 of every work item; ``tree``: the rows about to be shown (default: shown)."""
        if self.state.plan_id is None:
            return {}
        standings = self.state.month_sheet(
            self.db, self.state.plan_id, self.state.month, today=self.state.today,
            thresholds=self.state.thresholds,
            tree=tree if tree is not None else self.model.rows()).standings
        return {task_id: month_state(standing) for task_id, standing in standings.items()}

    def _month_changed(self, _month: str) -> None:
        self.model.set_states(self._month_states())
        self._show_current()

    # --- selection and detail ---------------------------------------------------------------
    def _current_changed(self, *_args) -> None:
        self._show_current()

    def _show_current(self) -> None:
        task_id = self.selected_task_id()
        info = self.model.task_by_id(task_id) if task_id is not None else None
        self.detail.show_task(info, self.model.state(task_id) if task_id else None)
        has = info is not None
        for act in (self.act_add_child, self.act_duplicate, self.act_delete, self.act_outdent,
                    self.act_indent, self.act_up, self.act_down):
            act.setEnabled(has)
        if has:
            self.act_outdent.setEnabled(info.parent_id is not None)
            self.act_indent.setEnabled(info.position > 0)
            self.act_up.setEnabled(info.position > 0)
            parent = (self.model.index_of(info.parent_id) if info.parent_id is not None
                      else QModelIndex())
            siblings = self.model.rowCount(parent)
            self.act_down.setEnabled(info.position < siblings - 1)
        if (task_id or 0) != self._last_selected:
            self._last_selected = task_id or 0
            self.task_selected.emit(self._last_selected)

    def _update_counts(self) -> None:
        rows = self.model.rows()
        self.empty_hint.setVisible(self.state.plan_id is not None and not rows)
        shown_ids = self.model.shown_ids()
        shown = len(shown_ids) if shown_ids is not None else None
        text = self.tr("共 {} 项").format(len(rows))
        if shown is not None:
            text += self.tr("，筛选出 {} 项").format(shown)
            self.filter_bar.count.setText(self.tr("{} 项").format(shown))
        else:
            self.filter_bar.count.clear()
        self.count_label.setText(text)

    def _visible_ids(self):
        stack = [self.model.index(r, 0) for r in range(self.model.rowCount())]
        while stack:
            index = stack.pop()
            yield index
            stack.extend(self.model.index(r, 0, index) for r in range(self.model.rowCount(index)))

    # --- folding ------------------------------------------------------------------------------
    def _remember_collapsed(self, index) -> None:
        if self._folding:
            return
        info = self.model.task(index)
        if info:
            self._collapsed.add(info.id)

    def _remember_expanded(self, index) -> None:
        if self._folding:
            return
        info = self.model.task(index)
        if info:
            self._collapsed.discard(info.id)

    def _collapse_all(self) -> None:
        self.tree.collapseAll()
        self._collapsed = {t.id for t in self.model.rows() if not t.is_leaf}

    def _expand_all(self) -> None:
        self.tree.expandAll()
        self._collapsed.clear()

    def _restore_folding(self) -> None:
        """Every node unfolded but those the clerk folded (while filtering: every match)."""
        self._folding = True
        try:
            self.tree.expandAll()
            if self.model.task_filter().active:
                return
            for task_id in self._collapsed:
                index = self.model.index_of(task_id)
                if index.isValid():
                    self.tree.collapse(index)
        finally:
            self._folding = False

    # --- filter -------------------------------------------------------------------------------
    def show_filter(self) -> None:
        self.filter_bar.show()
        self.filter_bar.keyword.setFocus()
        self.filter_bar.keyword.selectAll()

    def _filter_changed(self, task_filter: TaskFilter) -> None:
        if task_filter == self.model.task_filter():
            return
        selected = self.selected_task_id()
        self.model.set_task_filter(task_filter)  # a reset: the view forgets current and folding
        self._restore_folding()
        self._reselect(selected)
        self._update_counts()

    def _reselect(self, task_id: int | None) -> None:
        """After the model was reset: the item selected before, if it is still shown."""
        if task_id is not None and self.model.index_of(task_id).isValid():
            self.select_task(task_id)
        else:
            self._show_current()

    # --- tree edits -----------------------------------------------------------------------
    def _selected(self):
        task_id = self.selected_task_id()
        return self.model.task_by_id(task_id) if task_id is not None else None

    def _perform_and_select(self, command) -> None:
        info = self.history.perform(command)
        if info is not None and hasattr(info, "id"):
            if self.model.keep_visible(info.id):
                self._restore_folding()
            self.select_task(info.id)

    def add_sibling(self) -> None:
        if self.state.plan_id is None:
            return
        current = self._selected()
        if current is None:
            command = AddTaskCommand(self.db, self.state.plan_id, None, None, title=self.tr("新事项"))
        else:
            command = AddTaskCommand(self.db, self.state.plan_id, current.parent_id,
                                     current.position + 1, title=self.tr("新事项"))
        self._perform_and_select(command)
        self._edit_selected_title()

    def add_child(self) -> None:
        current = self._selected()
        if current is None:
            return
        self._collapsed.discard(current.id)
        self._perform_and_select(AddTaskCommand(self.db, self.state.plan_id, current.id, None,
                                                text=self.tr("新增下级事项"), title=self.tr("新事项")))
        self._edit_selected_title()

    def _edit_selected_title(self) -> None:
        index = self.tree.currentIndex()
        if index.isValid() and self.isVisible():
            self.tree.edit(index.siblingAtColumn(TEXT))

    def duplicate_selected(self) -> None:
        current = self._selected()
        if current is not None:
            self._perform_and_select(DuplicateTaskCommand(self.db, current.id))

    def delete_selected(self) -> None:
        current = self._selected()
        if current is None:
            return
        count = task_services.count_subtree(self.db, current.id)
        what = current.text.split("\n")[0]
        if len(what) > 40:
            what = what[:40] + "…"
        extra = self.tr("及其下级共 {} 项").format(count) if count > 1 else self.tr("（共 1 项）")
        if not ui.ask_confirm(self, self.tr("删除事项"),
                              self.tr("将删除“{}{}”{}，连同它们的月度进展。\n"
                                      "删除后可用“撤销”（Ctrl+Z）恢复。确定删除吗？").format(
                                  current.number, what, extra)):
            return
        neighbour = self._neighbour_after_delete(current)
        self.history.perform(DeleteTaskCommand(self.db, current.id))
        if neighbour is not None:
            self.select_task(neighbour)

    def _neighbour_after_delete(self, info) -> int | None:
        index = self.tree.currentIndex()
        below = self.tree.indexBelow(index)
        while below.isValid():
            other = self.model.task(below)
            if other and not self._is_under(other, info.id):
                return other.id
            below = self.tree.indexBelow(below)
        above = self.tree.indexAbove(index)
        other = self.model.task(above) if above.isValid() else None
        return other.id if other else None

    def _is_under(self, info, ancestor_id: int) -> bool:
        while info is not None:
            if info.id == ancestor_id:
                return True
            info = self.model.task_by_id(info.parent_id) if info.parent_id else None
        return False

    def _move_by(self, how, text: str) -> None:
        current = self._selected()
        if current is None:
            return
        self._perform_and_select(MoveTaskCommand(self.db, current.id, text, how))

    def _move_to(self, task_id: int, parent_id, position: int) -> None:
        self._perform_and_select(MoveTaskCommand(self.db, task_id, self.tr("拖动事项"),
                                                 new_parent_id=parent_id, new_position=position))

    def _edit_fields(self, task_id: int, fields: dict) -> None:
        names = {"title": self.tr("标题"), "content": self.tr("内容"),
                 "deadline": self.tr("完成日期"), "deadline_text": self.tr("完成时限"),
                 "remarks": self.tr("备注"), "responsible_leaders": self.tr("责任领导")}
        text = self.tr("修改") + "、".join(names.get(k, k) for k in fields)
        if "deadline_text" in fields and "deadline" not in fields:
            # A deadline typed as text means the date the importer would read from it.
            plan = plan_services.get_plan(self.db, self.state.plan_id)
            fields = {**fields, **deadline_fields(fields["deadline_text"], plan.year)}
        self.history.perform(UpdateTaskCommand(self.db, task_id, text, **fields,
                                               expected_version=self._shown_version(task_id)))

    def _shown_version(self, task_id: int) -> int | None:
        """The version of the item as the clerk sees it (None: not shown, no check)."""
        shown = self.model.task_by_id(task_id)
        return shown.version if shown is not None else None

    def _edit_units(self, task_id: int, role: str, names: list[str]) -> None:
        region = plan_services.get_plan(self.db, self.state.plan_id).region if self.state.plan_id else ""
        found = lookup_names(self.db, names, region)
        if not confirm_new_units(self, found):
            self.reload()  # put the names as stored back into the panel
            return
        label = self.tr("牵头单位") if role == "lead" else self.tr("责任单位")
        with self.history.macro(self.tr("设置{}").format(label)):
            ids = unit_ids_creating_missing(self.db, self.history, found)
            self.history.perform(SetTaskUnitsCommand(
                self.db, task_id, role, ids, expected_version=self._shown_version(task_id)))

    def _refresh_unit_lists(self) -> None:
        units = list_units(self.db)
        self.detail.set_units_list(units)
        self.filter_bar.set_units(units)

    # --- context menu -----------------------------------------------------------------------
    def _context_menu(self, pos) -> None:
        index = self.tree.indexAt(pos)
        if index.isValid():
            self.tree.setCurrentIndex(index)
        menu = QMenu(self)
        menu.addActions([self.act_add_sibling, self.act_add_child, self.act_duplicate])
        menu.addSeparator()
        menu.addActions([self.act_outdent, self.act_indent, self.act_up, self.act_down])
        menu.addSeparator()
        menu.addAction(self.act_delete)
        menu.addSeparator()
        menu.addActions([self.act_expand, self.act_collapse, self.act_find])
        extra = self.context_actions()
        if extra:
            menu.addSeparator()
            menu.addActions(extra)
        menu.popup(self.tree.viewport().mapToGlobal(pos))
        self._context = menu

