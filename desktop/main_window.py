"""The main window: the shell around the views (menus, toolbar, plan and month, settings).

The task tree lives in ``desktop.views.task_list.TaskListView`` (``task_list``); the window owns
the shared ``state`` (``desktop.state.LedgerState``: plan, month, thresholds, today) and the undo
``history``, whose every step is published on ``state.changed``.

Public API for other widgets (progress, reports, import):

- ``plan_id`` (int | None), ``current_month()`` ("YYYY-MM"), ``selected_task_id()``,
  ``select_task(id)``, ``state``, ``history``, ``task_list``
- signals ``plan_changed(int)`` (0: no plan), ``month_changed(str)``, ``task_selected(int)``
  (0: none) — the first two are ``state``'s own
- ``open_plan(plan_id)`` (e.g. after an import), ``reload()`` (read everything again),
  ``set_thresholds(t)``
- ``menu(name)`` → the QMenu 文件/编辑/查看/进展/报表/导入/帮助 (an empty one is hidden until an
  action is added to it); ``add_dock(title, widget, area)`` → QDockWidget (listed in 查看);
  ``_action(text, slot, shortcut, tip)`` → the window's kind of action (guarded).
"""
from __future__ import annotations

import datetime as dt
import functools
import logging
import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QByteArray, QEvent, QRect, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QToolBar,
    QWidget,
)

from db.errors import StorageError
from db.schedule import Thresholds
from db.services import plans as plan_services
from db.services import year_copy
from db.session import Database
from desktop import prompts as ui
from desktop.state import EVERYTHING, PLAN, LedgerState, month_label, month_range
from desktop.undo import EditHistory, RenamePlanCommand
from desktop.views.task_list import TaskListView

log = logging.getLogger("taizhang")

# The menus' keys (``menu(key)``, the objectName menu_<key>); their titles are translated where
# the menu bar is made.
MENU_NAMES = ("文件", "编辑", "查看", "进展", "报表", "导入", "帮助")  # tr: data
FILE_MENU, EDIT_MENU, VIEW_MENU, PROGRESS_MENU, REPORTS_MENU, IMPORT_MENU, HELP_MENU = MENU_NAMES
SETTINGS_ORG, SETTINGS_APP = "taizhang", "taizhang"


TITLE_BAR = 32  # the frame's title bar, before the window has one
NUMBERING_CHOICES = (("paren", QT_TRANSLATE_NOOP("MainWindow", "（一）1.（1）：重点工作任务清单的常用序号")),
                     ("comma", QT_TRANSLATE_NOOP("MainWindow", "一、（一）1.（1）：完整的公文层次")))


def plan_year(title: str, today: dt.date) -> int:
    """The year a new plan's title names (…2027年工作方案 → 2027); this year otherwise."""
    years = [int(y) for y in re.findall(r"(20\d\d)\s*年", title)]  # tr: data (reads the title)
    return years[-1] if years else today.year


def fitted_geometry(area: QRect) -> tuple[QRect, bool]:
    """The first start's window in a screen's usable ``area``: (geometry, maximise)."""
    if area.width() < 1600:
        return QRect(area.x(), area.y() + TITLE_BAR, area.width(),
                     area.height() - TITLE_BAR), True
    width, height = int(area.width() * 0.8), int(area.height() * 0.85)
    return QRect(area.x() + (area.width() - width) // 2,
                 area.y() + (area.height() - height) // 2, width, height), False


def on_screen(rect: QRect, area: QRect, frame: tuple[int, int, int, int] = (0, TITLE_BAR, 0, 0)
              ) -> QRect:
    """``rect`` (a window's inner geometry) shrunk and moved so that it, with its ``frame``
    (left, top with the title bar, right, bottom), lies wholly inside ``area``."""
    left, top, right, bottom = frame
    width = min(rect.width(), area.width() - left - right)
    height = min(rect.height(), area.height() - top - bottom)
    x = min(max(rect.x(), area.x() + left), area.right() + 1 - right - width)
    y = min(max(rect.y(), area.y() + top), area.bottom() + 1 - bottom - height)
    return QRect(x, y, width, height)


class MainWindow(QMainWindow):
    plan_changed = Signal(int)
    month_changed = Signal(str)
    task_selected = Signal(int)
    settings_saving = Signal()  # the window is saving its layout: add-ons save theirs too
    closing = Signal()          # pending edits are saved, the window is about to close

    def __init__(self, db: Database, *, today: dt.date | None = None) -> None:
        super().__init__()
        self.db = db
        self.state = LedgerState(today=today, parent=self)
        self.today = self.state.today
        self.history = EditHistory(db, self)
        self.history.changed.connect(self.state.publish)
        self.history.failed.connect(self._undo_failed)
        self.state.changed.connect(self._guarded(self._data_changed))
        self._menus: dict[str, QMenu] = {}
        self._placed = False
        self.setWindowTitle(self.tr("专班台账"))

        self.plan_box = QComboBox()
        self.plan_box.setToolTip(self.tr("切换工作方案"))
        self.plan_box.setMinimumContentsLength(36)
        self.plan_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.month_box = QComboBox()
        self.month_box.setToolTip(self.tr("“本月状态”一列显示所选月份的完成状态"))
        # The wheel scrolling past the toolbar must not switch the month: only a click does.
        self.month_box.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.month_box.installEventFilter(self)
        self.plan_box.currentIndexChanged.connect(self._guarded(self._plan_chosen))
        self.month_box.currentIndexChanged.connect(self._guarded(self._month_chosen))

        self.task_list = TaskListView(db, self.history, self.state, guard=self._guarded,
                                      action=self._action,
                                      context_actions=self._task_context_actions)
        self.task_list.task_selected.connect(self.task_selected)
        self.state.plan_changed.connect(self.plan_changed)
        self.state.month_changed.connect(self.month_changed)
        self.setCentralWidget(self.task_list)

        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self.statusBar().addPermanentWidget(self.task_list.count_label)
        self._restore_settings()

    # --- public API -----------------------------------------------------------------------
    @property
    def plan_id(self) -> int | None:
        return self.state.plan_id

    @property
    def thresholds(self) -> Thresholds:
        return self.state.thresholds

    def current_month(self) -> str:
        return self.state.month

    def set_month(self, month: str) -> None:
        index = self.month_box.findData(month)
        if index < 0:
            self._fill_months(extra=month)
            index = self.month_box.findData(month)
        self.month_box.setCurrentIndex(index)

    def selected_task_id(self) -> int | None:
        return self.task_list.selected_task_id()

    def select_task(self, task_id: int) -> None:
        self.task_list.select_task(task_id)

    def reload(self) -> None:
        """Read everything again from the database (F5; after a failed edit): every view
        refreshes, the tree keeps its selection, folding and filter."""
        self.state.publish(EVERYTHING)

    def open_plan(self, plan_id: int) -> None:
        """Show another (e.g. just imported) plan; the plan list is read again first."""
        self.reload_plans(plan_id)

    def set_thresholds(self, thresholds: Thresholds) -> None:
        """The 序时进度 warning thresholds (a setting) every view's colours follow."""
        self.state.set_thresholds(thresholds)

    def menu(self, name: str) -> QMenu:
        """One of the menus 文件/编辑/查看/进展/报表/导入/帮助 (shown once it has an action)."""
        return self._menus[name]

    def add_dock(self, title: str, widget: QWidget,
                 area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock_{title}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        self.menu(VIEW_MENU).addAction(dock.toggleViewAction())
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
        self.act_new_plan = a(self.tr("新建工作方案…"), self.new_plan, "Ctrl+N")
        self.act_rename_plan = a(self.tr("重命名工作方案…"), self.rename_plan, tip=self.tr("修改当前工作方案的标题"))
        self.act_copy_plan = a(self.tr("复制为下一年度方案"), self.copy_plan_to_next_year,
                               tip=self.tr("复制任务清单、单位、专班和指标（不含月度进展），日期顺延一年"))
        self.act_delete_plan = a(self.tr("删除工作方案…"), self.delete_plan)
        self.act_quit = a(self.tr("退出"), self.close, "Ctrl+Q")
        self.act_undo = a(self.tr("撤销"), self.history.undo, "Ctrl+Z")
        self.act_redo = a(self.tr("重做"), self.history.redo, ["Ctrl+Y", "Ctrl+Shift+Z"])
        self.history.stack.canUndoChanged.connect(self.act_undo.setEnabled)
        self.history.stack.canRedoChanged.connect(self.act_redo.setEnabled)
        self.history.stack.undoTextChanged.connect(
            lambda t: self.act_undo.setText(self.tr("撤销 {}").format(t) if t else self.tr("撤销")))
        self.history.stack.redoTextChanged.connect(
            lambda t: self.act_redo.setText(self.tr("重做 {}").format(t) if t else self.tr("重做")))
        self.act_undo.setEnabled(False)
        self.act_redo.setEnabled(False)
        self.act_units = a(self.tr("单位管理…"), self.open_units_manager, "Ctrl+U",
                           tip=self.tr("单位名称、别名、联系人；合并重复的单位"))
        self.act_plan_info = a(self.tr("方案与专班信息…"), self.open_plan_details,
                               tip=self.tr("方案标题、年度、起止日期、目标；专班召集人、成员单位"))
        self.act_indicators = a(self.tr("目标指标…"), self.open_indicators, tip=self.tr("目标指标及其牵头单位"))
        self.act_reload = a(self.tr("刷新"), self.reload, "F5", tip=self.tr("从数据库重新读取"))
        self.act_shortcuts = a(self.tr("快捷键一览"), self.show_shortcuts, "F1")
        self.act_log = a(self.tr("日志文件位置"), self.show_log_location)
        self.act_about = a(self.tr("关于专班台账"), self.show_about)

    def _build_menus(self) -> None:
        t = self.task_list
        bar = self.menuBar()
        for name in MENU_NAMES:
            menu = bar.addMenu(self.tr(name))
            menu.setObjectName(f"menu_{name}")
            self._menus[name] = menu
        m = self._menus
        m[FILE_MENU].addActions([self.act_new_plan, self.act_rename_plan, self.act_copy_plan,
                            self.act_delete_plan])
        m[FILE_MENU].addSeparator()
        m[FILE_MENU].addActions([self.act_plan_info, self.act_indicators, self.act_units])
        m[FILE_MENU].addSeparator()
        m[FILE_MENU].addAction(self.act_quit)
        m[EDIT_MENU].addActions([self.act_undo, self.act_redo])
        m[EDIT_MENU].addSeparator()
        m[EDIT_MENU].addActions([t.act_add_sibling, t.act_add_child, t.act_duplicate, t.act_delete])
        m[EDIT_MENU].addSeparator()
        m[EDIT_MENU].addActions([t.act_outdent, t.act_indent, t.act_up, t.act_down])
        m[EDIT_MENU].addSeparator()
        m[EDIT_MENU].addAction(t.act_find)
        m[VIEW_MENU].addActions([t.act_expand, t.act_collapse, self.act_reload])
        m[VIEW_MENU].addSeparator()
        m[HELP_MENU].addActions([self.act_shortcuts, self.act_log, self.act_about])
        for name in (PROGRESS_MENU, REPORTS_MENU, IMPORT_MENU):
            menu = m[name]
            menu.menuAction().setVisible(False)
            menu.installEventFilter(self)  # shown once the lead's features add actions

    def _task_context_actions(self) -> list[QAction]:
        """Other features' actions on the selected item (marked ``task_context``)."""
        return [a for name in (PROGRESS_MENU, REPORTS_MENU) for a in self.menu(name).actions()
                if a.property("task_context")]

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.ActionAdded and isinstance(obj, QMenu):
            obj.menuAction().setVisible(True)
        if (obj is self.month_box and event.type() == QEvent.Type.Wheel
                and not self.month_box.hasFocus()):
            event.ignore()
            return True
        return super().eventFilter(obj, event)

    def _build_toolbar(self) -> None:
        t = self.task_list
        toolbar = QToolBar(self.tr("工具栏"))
        toolbar.setObjectName("main_toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addWidget(QLabel(self.tr(" 方案：")))
        toolbar.addWidget(self.plan_box)
        toolbar.addWidget(QLabel(self.tr(" 月份：")))
        toolbar.addWidget(self.month_box)
        toolbar.addSeparator()
        toolbar.addActions([t.act_add_sibling, t.act_add_child, t.act_delete])
        toolbar.addSeparator()
        toolbar.addActions([t.act_outdent, t.act_indent, t.act_up, t.act_down])
        toolbar.addSeparator()
        toolbar.addActions([self.act_undo, self.act_redo, t.act_find])
        self.addToolBar(toolbar)

    # --- settings ---------------------------------------------------------------------------
    def _settings(self) -> QSettings:
        return QSettings(SETTINGS_ORG, SETTINGS_APP)

    def _restore_settings(self) -> None:
        settings = self._settings()
        geometry = settings.value("main/geometry")
        if isinstance(geometry, QByteArray) and self.restoreGeometry(geometry):
            self._keep_on_screen()
        else:
            self._fit_to_screen()
        state = settings.value("main/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        splitter = settings.value("main/splitter")
        if isinstance(splitter, QByteArray):
            self.task_list.restoreState(splitter)
        columns = settings.value("main/tree_columns")
        if isinstance(columns, QByteArray):
            self.task_list.restore_columns(columns)
        last_plan = settings.value("main/last_plan")
        self.reload_plans(int(last_plan) if last_plan not in (None, "") else None)

    def _screen_area(self) -> QRect | None:
        """The usable area (without the taskbar) of the screen the window is on."""
        screen = (QGuiApplication.screenAt(self.geometry().center()) or self.screen()
                  or QGuiApplication.primaryScreen())
        return screen.availableGeometry() if screen is not None else None

    def _fit_to_screen(self) -> None:
        """First start: maximised on screens narrower than 1600 px (1366x768 laptops), most
        of a larger screen otherwise (not a small window in the middle of 1920x1080)."""
        area = self._screen_area()
        if area is None:
            return
        rect, maximise = fitted_geometry(area)
        self.setGeometry(rect)
        if maximise:
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)

    def _keep_on_screen(self) -> None:
        """A geometry saved on another screen (a projector, a larger monitor) is brought back
        whole onto the screen now used: the status bar never ends up below its edge."""
        area = self._screen_area()
        if area is None or self.isMaximized():
            return
        outer, inner = self.frameGeometry(), self.geometry()
        frame = (inner.left() - outer.left(), inner.top() - outer.top(),
                 outer.right() - inner.right(), outer.bottom() - inner.bottom())
        if outer == inner:  # not shown yet: no frame known, allow for a title bar
            frame = (0, TITLE_BAR, 0, 0)
        placed = on_screen(inner, area, frame)
        if placed != inner:
            self.setGeometry(placed)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._placed:  # now the frame is known: check the restored place once more
            self._placed = True
            self._keep_on_screen()

    def save_settings(self) -> None:
        settings = self._settings()
        settings.setValue("main/geometry", self.saveGeometry())
        settings.setValue("main/state", self.saveState())
        settings.setValue("main/splitter", self.task_list.saveState())
        settings.setValue("main/tree_columns", self.task_list.tree.header().saveState())
        settings.setValue("main/last_plan", self.state.plan_id if self.state.plan_id is not None else "")
        self.settings_saving.emit()
        settings.sync()

    def closeEvent(self, event) -> None:
        try:
            self.task_list.detail.commit_pending()
        except Exception as exc:  # noqa: BLE001 - shown, and the window still closes
            ui.show_error(self, exc)
        self.closing.emit()
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
        ui.tell_user(self, self.tr("撤销记录已清空"),
                     self.tr("撤销或重做未能完成，撤销记录已清空；数据库中的数据保持当前状态。"))

    # --- plans ------------------------------------------------------------------------------
    def reload_plans(self, select_id: int | None = None) -> None:
        if select_id is None:
            select_id = self.state.plan_id
        self.plan_box.blockSignals(True)
        self.plan_box.clear()
        for plan in plan_services.list_plans(self.db):
            label = plan.title if not plan.year or str(plan.year) in plan.title \
                else self.tr("{}（{}年）").format(plan.title, plan.year)
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
        self._update_title(plan_id)
        self._fill_months(plan_id=plan_id)
        for act in (self.act_rename_plan, self.act_copy_plan, self.act_delete_plan,
                    self.act_plan_info, self.act_indicators):
            act.setEnabled(plan_id is not None)
        if plan_id != self.state.plan_id:
            self.history.clear()  # an undo step must never reach into another plan
            self.state.set_plan(plan_id)  # every view follows (0: the last plan was deleted)
        else:
            self.reload()

    def _update_title(self, plan_id: int | None) -> None:
        """The plan's title; Qt adds the application's name (专班台账) after it once."""
        if plan_id is None:
            self.setWindowTitle("")
            return
        self.setWindowTitle(plan_services.get_plan(self.db, plan_id).title)

    def _fill_months(self, extra: str | None = None, *, plan_id: int | None = -1) -> None:
        current = self.month_box.currentData() or self.state.month
        year = self.today.year
        first, last = year - 1, year + 1
        plan_id = self.state.plan_id if plan_id == -1 else plan_id
        if plan_id is not None:
            plan = plan_services.get_plan(self.db, plan_id)
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
        """A new empty plan: its title, the year it names (2027年… → 2027), its numbering."""
        title = ui.ask_text(self, self.tr("新建工作方案"),
                            self.tr("工作方案标题（其中的年份即方案年度）："))
        if title is None or not title.strip():
            return
        style = ui.ask_choice(self, self.tr("新建工作方案"), self.tr("任务清单的序号："),
                              [self.tr(words) for _key, words in NUMBERING_CHOICES])
        if style is None:
            return
        plan = plan_services.create_plan(self.db, title, year=plan_year(title, self.today),
                                         number_style=NUMBERING_CHOICES[style][0])
        self.reload_plans(plan.id)

    def rename_plan(self) -> None:
        if self.state.plan_id is None:
            return
        plan = plan_services.get_plan(self.db, self.state.plan_id)
        title = ui.ask_text(self, self.tr("重命名工作方案"), self.tr("工作方案标题："), plan.title)
        if title is None or title.strip() == plan.title:
            return
        self.history.perform(RenamePlanCommand(self.db, self.state.plan_id, title))

    def copy_plan_to_next_year(self) -> None:
        if self.state.plan_id is None:
            return
        current = plan_services.get_plan(self.db, self.state.plan_id)
        if not ui.ask_confirm(self, self.tr("复制为下一年度方案"), self.tr(
                "将把“{}”的任务清单、单位、专班和指标复制为一个新的下一年度方案"
                "（不含月度进展，日期顺延一年）。继续吗？").format(current.title)):
            return
        plan = year_copy.copy_plan_to_next_year(self.db, self.state.plan_id)
        self.reload_plans(plan.id)
        self.statusBar().showMessage(self.tr("已复制为“{}”（不含月度进展）。").format(plan.title), 8000)

    def delete_plan(self) -> None:
        if self.state.plan_id is None:
            return
        plan = plan_services.get_plan(self.db, self.state.plan_id)
        count = len(self.task_list.model.rows())
        if not ui.ask_confirm(
                self, self.tr("删除工作方案"),
                self.tr("将删除工作方案“{}”及其 {} 个事项、全部月度进展、专班和指标。\n"
                        "此操作不能撤销。确定删除吗？").format(plan.title, count)):
            return
        plan_services.delete_plan(self.db, self.state.plan_id)
        self.reload_plans()  # another plan (or none) is chosen, and plan_changed tells so

    def _month_chosen(self, *_args) -> None:
        month = self.month_box.currentData()
        if month:
            self.state.set_month(month)

    def _data_changed(self, changes) -> None:
        if changes.touches(PLAN):
            self.reload_plans(self.state.plan_id)  # title, year, the plan list

    # --- dialogs ------------------------------------------------------------------------------
    def open_units_manager(self) -> None:
        from desktop.dialogs.units import UnitsDialog

        UnitsDialog(self.db, self.history, self).exec()

    def open_plan_details(self) -> None:
        if self.state.plan_id is None:
            return
        from desktop.dialogs.plan import PlanDetailsDialog

        PlanDetailsDialog(self.db, self.history, self.state.plan_id, self).exec()

    def open_indicators(self) -> None:
        if self.state.plan_id is None:
            return
        from desktop.dialogs.indicators import IndicatorsDialog

        IndicatorsDialog(self.db, self.history, self.state.plan_id, self).exec()

    # --- help ---------------------------------------------------------------------------------
    def shortcut_lines(self) -> list[str]:
        lines = []
        t = self.task_list
        for act in (t.act_add_sibling, t.act_add_child, t.act_duplicate, t.act_delete,
                    t.act_outdent, t.act_indent, t.act_up, t.act_down,
                    self.act_undo, self.act_redo, t.act_find, self.act_units, self.act_reload,
                    self.act_new_plan):
            keys = " / ".join(k.toString(QKeySequence.SequenceFormat.NativeText)
                              for k in act.shortcuts())
            lines.append(f"{act.text().rstrip('…').split(' ')[0]}：{keys}")
        lines.append(self.tr("修改单元格：F2 或双击（标题、完成时限）"))
        lines.append(self.tr("拖动事项可改变位置和层级"))
        return lines

    def show_shortcuts(self) -> None:
        ui.tell_user(self, self.tr("快捷键一览"), "\n".join(self.shortcut_lines()))

    def show_log_location(self) -> None:
        from desktop.logs import log_file

        ui.tell_user(self, self.tr("日志文件位置"), self.tr("程序日志保存在：\n{}").format(log_file()))

    def show_about(self) -> None:
        from desktop.dialogs.about import show_about

        show_about(self, self.db)
