"""The main window: the clerk's workspace for one plan's task list.

Public API for other widgets (progress, reports, import):

- ``plan_id`` (int | None), ``current_month()`` ("YYYY-MM"), ``selected_task_id()``
- signals ``plan_changed(int)`` (0: no plan), ``month_changed(str)``, ``task_selected(int)``
  (0: none)
- ``open_plan(plan_id)`` (e.g. after an import), ``reload()`` after another widget changed data; ``refresh_status()`` after progress changed
  (recomputes the 本月状态 column only); ``history`` (``EditHistory``: the undo stack; its
  ``changed(kind)`` signal tells when an edit changed tasks / units / plan / indicators)
- ``menu(name)`` → the QMenu 文件/编辑/查看/进展/报表/导入/帮助 (an empty one is hidden until an
  action is added to it); ``add_dock(title, widget, area)`` → QDockWidget (listed in 查看).
"""
from __future__ import annotations

import datetime as dt
import functools
import logging

from PySide6.QtCore import (
    QByteArray,
    QDate,
    QEvent,
    QModelIndex,
    QObject,
    QSettings,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QScrollArea,
    QSplitter,
    QToolBar,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from db.errors import StorageError
from db.schedule import DEFAULT_THRESHOLDS, Thresholds, month_standings
from db.services import plans as plan_services
from db.services import tasks as task_services
from db.services.units import list_units
from db.session import Database
from desktop import app as ui
from desktop.dialogs.unit_picker import (
    confirm_new_units,
    lookup_names,
    unit_ids_creating_missing,
)
from desktop.task_model import (
    DEADLINE,
    LEAD,
    NOT_REPORTED,
    NUMBER,
    RESPONSIBLE,
    STATUS,
    TEXT,
    MonthState,
    TaskFilter,
    TaskFilterModel,
    TaskTreeModel,
)
from desktop.undo import (
    PLAN,
    TASKS,
    UNITS,
    AddTaskCommand,
    DeleteTaskCommand,
    DuplicateTaskCommand,
    EditHistory,
    MoveTaskCommand,
    RenamePlanCommand,
    SetTaskUnitsCommand,
    UpdateTaskCommand,
)
from desktop.views.tree_detail import TaskDetailPanel

log = logging.getLogger("taizhang")

MENU_NAMES = ("文件", "编辑", "查看", "进展", "报表", "导入", "帮助")
SETTINGS_ORG, SETTINGS_APP = "taizhang", "taizhang"


def month_label(month: str) -> str:
    return f"{month[:4]}年{int(month[5:])}月"


def this_month(today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    return f"{today.year:04d}-{today.month:02d}"


def month_range(first_year: int, last_year: int) -> list[str]:
    return [f"{y:04d}-{m:02d}" for y in range(first_year, last_year + 1) for m in range(1, 13)]


def month_state(standing) -> MonthState:
    """The 本月状态 cell of a work item: the clerk's status word, coloured by its standing."""
    word = standing.status or NOT_REPORTED
    bits = [f"{month_label(standing.month)}：{word}"]
    if standing.percent is not None:
        bits.append(f"完成 {standing.percent}%")
    if standing.expected_percent is not None:
        bits.append(f"序时进度 {standing.expected_percent:g}%")
    if standing.overdue:
        bits.append("已逾期")
    elif standing.due_soon:
        bits.append(f"临期（剩 {standing.days_left} 天）")
    if standing.lagging and not standing.overdue:
        bits.append("进度滞后")
    return MonthState(word=word, colour=standing.colour.value,
                      tip="；".join(bits) + f"。提示：{standing.colour_word}")


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
        self.keyword.setPlaceholderText("查找：标题或内容中的文字")
        self.keyword.setClearButtonEnabled(True)
        self.keyword.setToolTip("输入文字即时筛选；匹配的事项连同其上级一起显示（Esc 清除）")
        self.unit = QComboBox()
        self.unit.setToolTip("只显示某单位牵头或负责的事项")
        self.unit.setMinimumContentsLength(10)
        self.unit.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.role = QComboBox()
        self.role.addItem("牵头或责任", "any")
        self.role.addItem("仅牵头", "lead")
        self.role.addItem("仅责任", "responsible")
        self.use_deadline = QCheckBox("时限不晚于")
        self.deadline = QDateEdit(QDate.currentDate())
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat("yyyy年MM月dd日")
        self.deadline.setEnabled(False)
        self.count = QLabel()
        close = QToolButton()
        close.setText("清除筛选")
        close.setToolTip("清除全部筛选条件（Esc）")
        close.clicked.connect(self.clear)
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 2, 4, 2)
        row.addWidget(QLabel("查找："))
        row.addWidget(self.keyword, 3)
        row.addWidget(QLabel("单位："))
        row.addWidget(self.unit, 2)
        row.addWidget(self.role)
        row.addWidget(self.use_deadline)
        row.addWidget(self.deadline)
        row.addWidget(self.count)
        row.addWidget(close)
        self.set_units([])
        # Typing waits for a short pause before filtering: each keystroke stays instant even
        # on a 2,000-item plan, and the tree is filtered once per word, not once per letter.
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_PAUSE_MS)
        self._typing.timeout.connect(self._emit)
        self.keyword.textChanged.connect(self._typing.start)
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
        self.unit.addItem("全部单位", None)
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
        self._typing.stop()
        self.changed.emit(self.task_filter())

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.clear()
            return
        super().keyPressEvent(event)


TYPING_PAUSE_MS = 150


class MainWindow(QMainWindow):
    plan_changed = Signal(int)
    month_changed = Signal(str)
    task_selected = Signal(int)
    settings_saving = Signal()  # the window is saving its layout: add-ons save theirs too

    def __init__(self, db: Database, *, today: dt.date | None = None) -> None:
        super().__init__()
        self.db = db
        self.today = today or dt.date.today()
        self.thresholds: Thresholds = DEFAULT_THRESHOLDS
        self.history = EditHistory(db, self)
        self.history.changed.connect(self._data_changed)
        self.history.failed.connect(self._undo_failed)
        self._plan_id: int | None = None
        self._collapsed: set[int] = set()
        self._last_selected = 0
        self._menus: dict[str, QMenu] = {}
        self.setWindowTitle("专班台账")

        self.model = TaskTreeModel(self)
        self.model.edit_requested.connect(self._guarded(self._edit_fields))
        # A drop is carried out once the view has finished handling it (the move reloads
        # the model, which must not happen under the view's feet).
        self.model.move_requested.connect(
            lambda *args: QTimer.singleShot(0, lambda: self._guarded(self._move_to)(*args)))
        self.proxy = TaskFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self.tree = QTreeView()
        self.tree.setModel(self.proxy)
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
                              (STATUS, 72)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.tree.setColumnWidth(column, width)
        self.tree.selectionModel().currentRowChanged.connect(self._current_changed)

        self.detail = TaskDetailPanel()
        self.detail.fields_edited.connect(self._guarded(self._edit_fields))
        self.detail.units_edited.connect(self._guarded(self._edit_units))
        self.tree.viewport().installEventFilter(_FocusOutFilter(self.detail))
        detail_scroll = QScrollArea()
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
        left_layout.addWidget(self.filter_bar)
        left_layout.addWidget(self.tree)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("main_splitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(detail_scroll)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([1000, 340])
        self.setCentralWidget(self.splitter)

        self.plan_box = QComboBox()
        self.plan_box.setToolTip("切换工作方案")
        self.plan_box.setMinimumContentsLength(36)
        self.plan_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.month_box = QComboBox()
        self.month_box.setToolTip("“本月状态”一列显示所选月份的完成状态")
        self.plan_box.currentIndexChanged.connect(self._guarded(self._plan_chosen))
        self.month_box.currentIndexChanged.connect(self._guarded(self._month_chosen))

        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self.count_label = QLabel()
        self.statusBar().addPermanentWidget(self.count_label)
        self.resize(1280, 760)
        self._states_later = True
        self._restore_settings()

    # --- public API -----------------------------------------------------------------------
    @property
    def plan_id(self) -> int | None:
        return self._plan_id

    def current_month(self) -> str:
        return self.month_box.currentData() or this_month(self.today)

    def set_month(self, month: str) -> None:
        index = self.month_box.findData(month)
        if index < 0:
            self._fill_months(extra=month)
            index = self.month_box.findData(month)
        self.month_box.setCurrentIndex(index)

    def selected_task_id(self) -> int | None:
        index = self.tree.currentIndex()
        if not index.isValid():
            return None
        info = self.model.task(self.proxy.mapToSource(index))
        return info.id if info else None

    def select_task(self, task_id: int) -> None:
        source = self.model.index_of(task_id)
        index = self.proxy.mapFromSource(source)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)

    def reload(self) -> None:
        """Read the plan again from the database (keeps selection, folding and filter)."""
        selected = self.selected_task_id()
        self._refresh_unit_lists()
        if self._plan_id is None:
            self.model.set_rows([])
        else:
            rows = task_services.load_tree(self.db, self._plan_id)
            if self._states_later:
                # At start-up the tree is shown first; the status column follows a moment later.
                self._states_later = False
                self.model.set_rows(rows)
                QTimer.singleShot(0, self._guarded(self.refresh_status))
            else:
                self.model.set_rows(rows, self._month_states(rows))
        self._restore_folding()
        if selected is not None and self.model.task_by_id(selected) is not None:
            self.select_task(selected)
        else:
            self._show_current()
        self._update_counts()

    def open_plan(self, plan_id: int) -> None:
        """Show another (e.g. just imported) plan; the plan list is read again first."""
        self.reload_plans(plan_id)

    def refresh_status(self) -> None:
        """Recompute the 本月状态 column only (after progress was entered elsewhere)."""
        self.model.set_states(self._month_states())
        self._show_current()

    def set_thresholds(self, thresholds: Thresholds) -> None:
        """The 序时进度 warning thresholds (a setting) the 本月状态 colours follow."""
        self.thresholds = thresholds
        self.refresh_status()

    def menu(self, name: str) -> QMenu:
        """One of the menus 文件/编辑/查看/进展/报表/导入/帮助 (shown once it has an action)."""
        return self._menus[name]

    def add_dock(self, title: str, widget: QWidget,
                 area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock_{title}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        self.menu("查看").addAction(dock.toggleViewAction())
        return dock

    # --- building ---------------------------------------------------------------------------
    def _action(self, text: str, slot, shortcut=None, tip: str = "",
                context=Qt.ShortcutContext.WindowShortcut) -> QAction:
        action = QAction(text, self)
        if shortcut:
            keys = shortcut if isinstance(shortcut, list) else [shortcut]
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(context)
        tip = tip or text
        if shortcut:
            first = action.shortcuts()[0].toString(QKeySequence.SequenceFormat.NativeText)
            tip = f"{tip}（{first}）"
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(self._guarded(lambda *_: slot()))
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        a = self._action
        self.act_new_plan = a("新建工作方案…", self.new_plan, "Ctrl+N")
        self.act_rename_plan = a("重命名工作方案…", self.rename_plan, tip="修改当前工作方案的标题")
        self.act_copy_plan = a("复制为下一年度方案", self.copy_plan_to_next_year,
                               tip="复制任务清单、单位、专班和指标（不含月度进展），日期顺延一年")
        self.act_delete_plan = a("删除工作方案…", self.delete_plan)
        self.act_quit = a("退出", self.close, "Ctrl+Q")
        self.act_undo = a("撤销", self.history.undo, "Ctrl+Z")
        self.act_redo = a("重做", self.history.redo, ["Ctrl+Y", "Ctrl+Shift+Z"])
        self.history.stack.canUndoChanged.connect(self.act_undo.setEnabled)
        self.history.stack.canRedoChanged.connect(self.act_redo.setEnabled)
        self.history.stack.undoTextChanged.connect(
            lambda t: self.act_undo.setText(f"撤销 {t}" if t else "撤销"))
        self.history.stack.redoTextChanged.connect(
            lambda t: self.act_redo.setText(f"重做 {t}" if t else "重做"))
        self.act_undo.setEnabled(False)
        self.act_redo.setEnabled(False)
        self.act_add_sibling = a("新增同级事项", self.add_sibling, "Ctrl+Return",
                                 tip="在所选事项之后新增一个同级事项")
        self.act_add_child = a("新增下级事项", self.add_child, "Ctrl+Shift+Return",
                               tip="在所选事项下新增一个下级事项")
        self.act_duplicate = a("复制事项", self.duplicate_selected, "Ctrl+D",
                               tip="复制所选事项及其下级（不含进展）")
        self.act_delete = a("删除事项…", self.delete_selected, "Delete",
                            tip="删除所选事项及其全部下级", context=Qt.ShortcutContext.WidgetShortcut)
        self.tree.addAction(self.act_delete)
        self.act_outdent = a("升级", lambda: self._move_by(task_services.outdent, "升级"),
                             "Alt+Shift+Left", tip="升为上一级（成为原上级的下一个同级）")
        self.act_indent = a("降级", lambda: self._move_by(task_services.indent, "降级"),
                            "Alt+Shift+Right", tip="降为上一项的下级")
        self.act_up = a("上移", lambda: self._move_by(task_services.move_up, "上移"),
                        "Alt+Shift+Up")
        self.act_down = a("下移", lambda: self._move_by(task_services.move_down, "下移"),
                          "Alt+Shift+Down")
        self.act_find = a("查找和筛选", self.show_filter, "Ctrl+F",
                          tip="按文字、单位、完成时限筛选事项")
        self.act_units = a("单位管理…", self.open_units_manager, "Ctrl+U",
                           tip="单位名称、别名、联系人；合并重复的单位")
        self.act_plan_info = a("方案与专班信息…", self.open_plan_details,
                               tip="方案标题、年度、起止日期、目标；专班召集人、成员单位")
        self.act_indicators = a("目标指标…", self.open_indicators, tip="目标指标及其牵头单位")
        self.act_expand = a("全部展开", self._expand_all)
        self.act_collapse = a("全部折叠", self._collapse_all)
        self.act_reload = a("刷新", self.reload, "F5", tip="从数据库重新读取")
        self.act_shortcuts = a("快捷键一览", self.show_shortcuts, "F1")
        self.act_log = a("日志文件位置", self.show_log_location)
        self.act_about = a("关于专班台账", self.show_about)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        for name in MENU_NAMES:
            menu = bar.addMenu(f"{name}")
            menu.setObjectName(f"menu_{name}")
            self._menus[name] = menu
        m = self._menus
        m["文件"].addActions([self.act_new_plan, self.act_rename_plan, self.act_copy_plan,
                            self.act_delete_plan])
        m["文件"].addSeparator()
        m["文件"].addActions([self.act_plan_info, self.act_indicators, self.act_units])
        m["文件"].addSeparator()
        m["文件"].addAction(self.act_quit)
        m["编辑"].addActions([self.act_undo, self.act_redo])
        m["编辑"].addSeparator()
        m["编辑"].addActions([self.act_add_sibling, self.act_add_child, self.act_duplicate,
                            self.act_delete])
        m["编辑"].addSeparator()
        m["编辑"].addActions([self.act_outdent, self.act_indent, self.act_up, self.act_down])
        m["编辑"].addSeparator()
        m["编辑"].addAction(self.act_find)
        m["查看"].addActions([self.act_expand, self.act_collapse, self.act_reload])
        m["查看"].addSeparator()
        m["帮助"].addActions([self.act_shortcuts, self.act_log, self.act_about])
        for name in ("进展", "报表", "导入"):
            menu = m[name]
            menu.menuAction().setVisible(False)
            menu.installEventFilter(self)  # shown once the lead's features add actions

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.ActionAdded and isinstance(obj, QMenu):
            obj.menuAction().setVisible(True)
        return super().eventFilter(obj, event)

    def _build_toolbar(self) -> None:
        toolbar = QToolBar("工具栏")
        toolbar.setObjectName("main_toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addWidget(QLabel(" 方案："))
        toolbar.addWidget(self.plan_box)
        toolbar.addWidget(QLabel(" 月份："))
        toolbar.addWidget(self.month_box)
        toolbar.addSeparator()
        toolbar.addActions([self.act_add_sibling, self.act_add_child, self.act_delete])
        toolbar.addSeparator()
        toolbar.addActions([self.act_outdent, self.act_indent, self.act_up, self.act_down])
        toolbar.addSeparator()
        toolbar.addActions([self.act_undo, self.act_redo, self.act_find])
        self.addToolBar(toolbar)

    # --- settings ---------------------------------------------------------------------------
    def _settings(self) -> QSettings:
        return QSettings(SETTINGS_ORG, SETTINGS_APP)

    def _restore_settings(self) -> None:
        settings = self._settings()
        geometry = settings.value("main/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self._fit_to_screen()
        state = settings.value("main/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        splitter = settings.value("main/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        columns = settings.value("main/tree_columns")
        if isinstance(columns, QByteArray):
            self.tree.header().restoreState(columns)
        last_plan = settings.value("main/last_plan")
        self.reload_plans(int(last_plan) if last_plan not in (None, "") else None)

    def _fit_to_screen(self) -> None:
        """First start: use most of a small screen (1366x768 laptops), 1280x760 on larger ones."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        available = screen.availableGeometry()
        width = min(1280, int(available.width() * 0.96))
        height = min(760, int(available.height() * 0.92))
        self.resize(width, height)
        self.move(available.x() + (available.width() - width) // 2,
                  available.y() + (available.height() - height) // 2)

    def save_settings(self) -> None:
        settings = self._settings()
        settings.setValue("main/geometry", self.saveGeometry())
        settings.setValue("main/state", self.saveState())
        settings.setValue("main/splitter", self.splitter.saveState())
        settings.setValue("main/tree_columns", self.tree.header().saveState())
        settings.setValue("main/last_plan", self._plan_id if self._plan_id is not None else "")
        self.settings_saving.emit()
        settings.sync()

    def closeEvent(self, event) -> None:
        try:
            self.detail.commit_pending()
        except Exception as exc:  # noqa: BLE001 - shown, and the window still closes
            ui.show_error(self, exc)
        self.save_settings()
        super().closeEvent(event)

    # --- error routing ----------------------------------------------------------------------
    def _guarded(self, fn):
        """Every slot goes through here: known errors shown, bugs logged and reported."""

        @functools.wraps(fn)
        def run(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - the one place slots report errors
                ui.show_error(self, exc)
                if isinstance(exc, StorageError):
                    return None  # locked or unreadable: reading again would only wait again
                try:
                    self.reload()  # show what the database really holds after a failed edit
                except Exception:  # noqa: BLE001
                    log.exception("reload after error failed")
                return None

        return run

    def _undo_failed(self, exc: Exception) -> None:
        ui.show_error(self, exc)
        ui.tell_user(self, "撤销记录已清空",
                     "撤销或重做未能完成，撤销记录已清空；数据库中的数据保持当前状态。")

    # --- plans ------------------------------------------------------------------------------
    def reload_plans(self, select_id: int | None = None) -> None:
        if select_id is None:
            select_id = self._plan_id
        self.plan_box.blockSignals(True)
        self.plan_box.clear()
        for plan in plan_services.list_plans(self.db):
            label = plan.title if not plan.year or str(plan.year) in plan.title \
                else f"{plan.title}（{plan.year}年）"
            self.plan_box.addItem(label, plan.id)
            self.plan_box.setItemData(self.plan_box.count() - 1, plan.title,
                                      Qt.ItemDataRole.ToolTipRole)
        index = self.plan_box.findData(select_id) if select_id is not None else -1
        if index < 0 and self.plan_box.count():
            index = self.plan_box.count() - 1
        self.plan_box.setCurrentIndex(index)
        self.plan_box.blockSignals(False)
        self._plan_chosen()

    def _plan_chosen(self, *_args) -> None:
        plan_id = self.plan_box.currentData()
        changed = plan_id != self._plan_id
        self._plan_id = plan_id
        if changed:
            self.history.clear()  # an undo step must never reach into another plan
            self._collapsed.clear()
            self.filter_bar.clear()
        self._update_title()
        self._fill_months()
        for act in (self.act_rename_plan, self.act_copy_plan, self.act_delete_plan,
                    self.act_add_sibling, self.act_plan_info, self.act_indicators):
            act.setEnabled(plan_id is not None)
        self.reload()
        if changed:
            self.plan_changed.emit(plan_id or 0)  # 0: no plan left (the last one was deleted)

    def _update_title(self) -> None:
        if self._plan_id is None:
            self.setWindowTitle("专班台账")
            return
        plan = plan_services.get_plan(self.db, self._plan_id)
        self.setWindowTitle(f"专班台账 – {plan.title}")

    def _fill_months(self, extra: str | None = None) -> None:
        current = self.month_box.currentData() or this_month(self.today)
        year = self.today.year
        first, last = year - 1, year + 1
        if self._plan_id is not None:
            plan = plan_services.get_plan(self.db, self._plan_id)
            for date in (plan.start_date, plan.end_date):
                if date:
                    first, last = min(first, date.year), max(last, date.year)
            if plan.year:
                first, last = min(first, plan.year), max(last, plan.year)
        months = month_range(first, last)
        for month in (extra, current):
            if month and month not in months:
                months = sorted({*months, month})
        self.month_box.blockSignals(True)
        self.month_box.clear()
        for month in months:
            self.month_box.addItem(month_label(month), month)
        self.month_box.setCurrentIndex(self.month_box.findData(current))
        self.month_box.blockSignals(False)

    def new_plan(self) -> None:
        title = ui.ask_text(self, "新建工作方案", "工作方案标题：")
        if title is None or not title.strip():
            return
        plan = plan_services.create_plan(self.db, title, year=self.today.year)
        self.reload_plans(plan.id)

    def rename_plan(self) -> None:
        if self._plan_id is None:
            return
        plan = plan_services.get_plan(self.db, self._plan_id)
        title = ui.ask_text(self, "重命名工作方案", "工作方案标题：", plan.title)
        if title is None or title.strip() == plan.title:
            return
        self.history.perform(RenamePlanCommand(self.db, self._plan_id, title))

    def copy_plan_to_next_year(self) -> None:
        if self._plan_id is None:
            return
        plan = plan_services.copy_plan_to_next_year(self.db, self._plan_id)
        self.reload_plans(plan.id)
        self.statusBar().showMessage(f"已复制为“{plan.title}”（不含月度进展）。", 8000)

    def delete_plan(self) -> None:
        if self._plan_id is None:
            return
        plan = plan_services.get_plan(self.db, self._plan_id)
        count = len(self.model.rows())
        if not ui.ask_confirm(
                self, "删除工作方案",
                f"将删除工作方案“{plan.title}”及其 {count} 个事项、全部月度进展、专班和指标。\n"
                "此操作不能撤销。确定删除吗？"):
            return
        plan_services.delete_plan(self.db, self._plan_id)
        self.reload_plans()  # another plan (or none) is chosen, and plan_changed tells so

    # --- month ------------------------------------------------------------------------------
    def _month_states(self, tree=None) -> dict[int, MonthState]:
        """本月状态 of every work item; ``tree``: the rows about to be shown (default: shown)."""
        if self._plan_id is None:
            return {}
        standings = month_standings(self.db, self._plan_id, self.current_month(),
                                    today=self.today, thresholds=self.thresholds,
                                    tree=tree if tree is not None else self.model.rows())
        return {task_id: month_state(standing) for task_id, standing in standings.items()}

    def _month_chosen(self, *_args) -> None:
        self.model.set_states(self._month_states())
        self._show_current()
        self.month_changed.emit(self.current_month())

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
        shown_ids = self.proxy.shown_ids()
        shown = len(shown_ids) if shown_ids is not None else None
        text = f"共 {len(rows)} 项"
        if shown is not None:
            text += f"，筛选出 {shown} 项"
            self.filter_bar.count.setText(f"{shown} 项")
        else:
            self.filter_bar.count.clear()
        self.count_label.setText(text)

    def _visible_ids(self):
        stack = [self.proxy.index(r, 0) for r in range(self.proxy.rowCount())]
        while stack:
            index = stack.pop()
            yield index
            stack.extend(self.proxy.index(r, 0, index) for r in range(self.proxy.rowCount(index)))

    # --- folding ------------------------------------------------------------------------------
    def _remember_collapsed(self, index) -> None:
        info = self.model.task(self.proxy.mapToSource(index))
        if info:
            self._collapsed.add(info.id)

    def _remember_expanded(self, index) -> None:
        info = self.model.task(self.proxy.mapToSource(index))
        if info:
            self._collapsed.discard(info.id)

    def _collapse_all(self) -> None:
        self.tree.collapseAll()
        self._collapsed = {t.id for t in self.model.rows() if not t.is_leaf}

    def _expand_all(self) -> None:
        self.tree.expandAll()
        self._collapsed.clear()

    def _restore_folding(self) -> None:
        collapsed = set(self._collapsed)
        self.tree.expandAll()
        if self.proxy.task_filter().active:
            return  # while filtering every match is shown
        for task_id in collapsed:
            index = self.proxy.mapFromSource(self.model.index_of(task_id))
            if index.isValid():
                self.tree.collapse(index)
        self._collapsed = collapsed

    # --- filter -------------------------------------------------------------------------------
    def show_filter(self) -> None:
        self.filter_bar.show()
        self.filter_bar.keyword.setFocus()
        self.filter_bar.keyword.selectAll()

    def _filter_changed(self, task_filter: TaskFilter) -> None:
        if task_filter == self.proxy.task_filter():
            return
        self.proxy.set_task_filter(task_filter)
        if task_filter.active:
            self.tree.expandAll()
        else:
            self._restore_folding()
        self._update_counts()

    # --- tree edits -----------------------------------------------------------------------
    def _selected(self):
        task_id = self.selected_task_id()
        return self.model.task_by_id(task_id) if task_id is not None else None

    def _perform_and_select(self, command) -> None:
        info = self.history.perform(command)
        if info is not None and hasattr(info, "id"):
            self.proxy.keep_visible(info.id)
            if self.proxy.task_filter().active:
                self.tree.expandAll()
            self.select_task(info.id)

    def add_sibling(self) -> None:
        if self._plan_id is None:
            return
        current = self._selected()
        if current is None:
            command = AddTaskCommand(self.db, self._plan_id, None, None, title="新事项")
        else:
            command = AddTaskCommand(self.db, self._plan_id, current.parent_id,
                                     current.position + 1, title="新事项")
        self._perform_and_select(command)
        self._edit_selected_title()

    def add_child(self) -> None:
        current = self._selected()
        if current is None:
            return
        self._collapsed.discard(current.id)
        self._perform_and_select(AddTaskCommand(self.db, self._plan_id, current.id, None,
                                                text="新增下级事项", title="新事项"))
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
        extra = f"及其下级共 {count} 项" if count > 1 else "（共 1 项）"
        if not ui.ask_confirm(self, "删除事项",
                              f"将删除“{current.number}{what}”{extra}，连同它们的月度进展。\n"
                              "删除后可用“撤销”（Ctrl+Z）恢复。确定删除吗？"):
            return
        neighbour = self._neighbour_after_delete(current)
        self.history.perform(DeleteTaskCommand(self.db, current.id))
        if neighbour is not None:
            self.select_task(neighbour)

    def _neighbour_after_delete(self, info) -> int | None:
        index = self.tree.currentIndex()
        below = self.tree.indexBelow(index)
        while below.isValid():
            other = self.model.task(self.proxy.mapToSource(below))
            if other and not self._is_under(other, info.id):
                return other.id
            below = self.tree.indexBelow(below)
        above = self.tree.indexAbove(index)
        other = self.model.task(self.proxy.mapToSource(above)) if above.isValid() else None
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
        self._perform_and_select(MoveTaskCommand(self.db, task_id, "拖动事项",
                                                 new_parent_id=parent_id, new_position=position))

    def _edit_fields(self, task_id: int, fields: dict) -> None:
        names = {"title": "标题", "content": "内容", "deadline": "完成日期",
                 "deadline_text": "完成时限", "remarks": "备注"}
        text = "修改" + "、".join(names.get(k, k) for k in fields)
        self.history.perform(UpdateTaskCommand(self.db, task_id, text, **fields))

    def _edit_units(self, task_id: int, role: str, names: list[str]) -> None:
        region = plan_services.get_plan(self.db, self._plan_id).region if self._plan_id else ""
        found = lookup_names(self.db, names, region)
        if not confirm_new_units(self, found):
            self.reload()  # put the names as stored back into the panel
            return
        label = "牵头单位" if role == "lead" else "责任单位"
        with self.history.macro(f"设置{label}"):
            ids = unit_ids_creating_missing(self.db, self.history, found)
            self.history.perform(SetTaskUnitsCommand(self.db, task_id, role, ids))

    def _data_changed(self, kind: str) -> None:
        commands = self.history.last_commands
        if kind == PLAN:
            self.reload_plans(self._plan_id)
        elif kind == UNITS:
            if any(c.kind == UNITS and c.changes_tree_text for c in commands):
                self.reload()  # renamed or merged units show in the rows
            else:
                self._refresh_unit_lists()
        elif kind == TASKS:
            edited = [c for c in commands if c.kind == TASKS]
            if any(c.edited_task is None for c in edited):
                self.reload()  # the list's shape changed: numbers follow
            else:
                self._refresh_rows({c.edited_task for c in edited},
                                   any(c.affects_status for c in edited))
        # INDICATORS: shown by the indicators dialog, not in the tree

    def _refresh_rows(self, task_ids: set[int], status_too: bool) -> None:
        """Rows edited in place (text, deadline, units): re-read only them, keep the view."""
        for task_id in task_ids:
            self.model.update_row(task_services.get_task(self.db, task_id))
        if status_too:
            self.model.set_states(self._month_states())
        self._show_current()

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
        for name in ("进展", "报表"):
            extra = [a for a in self.menu(name).actions() if a.property("task_context")]
            if extra:
                menu.addSeparator()
                menu.addActions(extra)
        menu.popup(self.tree.viewport().mapToGlobal(pos))
        self._context = menu

    # --- dialogs ------------------------------------------------------------------------------
    def open_units_manager(self) -> None:
        from desktop.dialogs.units import UnitsDialog

        UnitsDialog(self.db, self.history, self).exec()

    def open_plan_details(self) -> None:
        if self._plan_id is None:
            return
        from desktop.dialogs.plan import PlanDetailsDialog

        PlanDetailsDialog(self.db, self.history, self._plan_id, self).exec()

    def open_indicators(self) -> None:
        if self._plan_id is None:
            return
        from desktop.dialogs.indicators import IndicatorsDialog

        IndicatorsDialog(self.db, self.history, self._plan_id, self).exec()

    # --- help ---------------------------------------------------------------------------------
    def shortcut_lines(self) -> list[str]:
        lines = []
        for act in (self.act_add_sibling, self.act_add_child, self.act_duplicate, self.act_delete,
                    self.act_outdent, self.act_indent, self.act_up, self.act_down,
                    self.act_undo, self.act_redo, self.act_find, self.act_units, self.act_reload,
                    self.act_new_plan):
            keys = " / ".join(k.toString(QKeySequence.SequenceFormat.NativeText)
                              for k in act.shortcuts())
            lines.append(f"{act.text().rstrip('…').split(' ')[0]}：{keys}")
        lines.append("修改单元格：F2 或双击（标题、完成时限）")
        lines.append("拖动事项可改变位置和层级")
        return lines

    def show_shortcuts(self) -> None:
        ui.tell_user(self, "快捷键一览", "\n".join(self.shortcut_lines()))

    def show_log_location(self) -> None:
        from desktop.logs import log_file

        ui.tell_user(self, "日志文件位置", f"程序日志保存在：\n{log_file()}")

    def show_about(self) -> None:
        where = self.db.path or self.db.url
        ui.tell_user(self, "关于专班台账",
                     f"专班台账：工作专班重点任务清单、月度调度和报表。\n数据库：{where}")
