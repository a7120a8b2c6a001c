"""The whole workspace: the main window with monthly progress, reports and import wired in.

``MainWindow`` is the task-list editor; this module adds what the office does every month
around it, through the window's public API only (``state``, signals, ``menu()``):

- tabs 任务清单 (the tree, with the selected item's progress form below it), 月度填报 (the month
  grid), 预警提醒, 调度总览 (dashboard), 目标指标 (monthly actual values);
- menus 进展 (the tabs, thresholds, returns), 报表 (each report kind), 导入 (file, pasted text).

Every view follows the window's ``state`` (plan, month, thresholds); whatever one view writes is
published on ``state.changed``, and the others and the tree's 本月状态 column refresh from it.
"""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSettings, Qt
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from db.session import Database
from desktop import prompts as ui
from desktop import safekeeping
from desktop.main_window import (
    IMPORT_MENU,
    PROGRESS_MENU,
    REPORTS_MENU,
    SETTINGS_APP,
    SETTINGS_ORG,
    VIEW_MENU,
    MainWindow,
)
from desktop.state import PROGRESS, TASKS, Changes
from desktop.views.collapsible import CollapsiblePane
from desktop.views.item_records import ItemRecordsPanel, export_evidence_folder
from desktop.views.progress_form import ProgressForm
from desktop.views.progress_thresholds import edit_thresholds, load_thresholds

# menu texts marked for the translators here, translated where the menu is built
REPORT_ITEMS = (
    ("tasks", QT_TRANSLATE_NOOP("workspace", "重点工作任务清单…")),
    ("progress", QT_TRANSLATE_NOOP("workspace", "月度工作推进情况表…")),
    ("units", QT_TRANSLATE_NOOP("workspace", "牵头单位汇总表…")),
    ("indicators", QT_TRANSLATE_NOOP("workspace", "目标指标完成情况表…")),
    ("late", QT_TRANSLATE_NOOP("workspace", "滞后/逾期事项清单…")),
    ("not_reported", QT_TRANSLATE_NOOP("workspace", "未报送事项清单…")),
    ("scorecard", QT_TRANSLATE_NOOP("workspace", "牵头单位考评表…")),
)
SMALL_SCREEN_HEIGHT = 900  # below: the progress form starts folded on first start
# The tabs after 任务清单, each built (module imported, widgets made) when first shown: the
# window's first frame waits for none of them.
LATER_TABS = (("grid", QT_TRANSLATE_NOOP("workspace", "月度填报")),
              ("warnings", QT_TRANSLATE_NOOP("workspace", "预警提醒")),
              ("dashboard", QT_TRANSLATE_NOOP("workspace", "调度总览")),
              ("indicators", QT_TRANSLATE_NOOP("workspace", "目标指标")))


def _tr(text: str) -> str:
    return QCoreApplication.translate("workspace", text)


def import_filter() -> str:
    """The file dialog's filter, from the importers' one registry of readers (loaded when the
    clerk imports, not with the window)."""
    from exports.importers import file_filter

    return file_filter()


class Workspace:
    """Owns the progress views of one main window and keeps them in step with it."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        db, today = window.db, window.today
        self.state = state = window.state
        state.thresholds = thresholds = load_thresholds()  # before anything shows a colour

        history = window.history  # every write of every view is a step of the one history
        self.form = ProgressForm(db, thresholds=thresholds, today=today, undo_history=history)
        self.records = ItemRecordsPanel(db, history, today=today)  # 延期, 销号, 佐证材料
        self._later: dict[str, QWidget] = {}  # the LATER_TABS built so far

        # 任务清单: the tree and detail panel above, the selected item's progress below.
        editor = window.takeCentralWidget()  # the task list view
        self.task_page = QSplitter(Qt.Orientation.Vertical)
        self.task_page.setObjectName("task_page")
        self.task_page.addWidget(editor)
        # Below the tree: the month's progress and, beside it, the item's 完成时限, 销号 and
        # 佐证材料.  The pane folds to one line: on a 768-pixel screen the tree then shows 20+
        # rows and the detail pane every field without scrolling.
        self.item_page = QSplitter(Qt.Orientation.Horizontal)
        self.item_page.setObjectName("item_page")
        self.item_page.addWidget(self.form)
        self.item_page.addWidget(self.records)
        self.item_page.setStretchFactor(0, 3)
        self.item_page.setStretchFactor(1, 2)
        self.progress_pane = CollapsiblePane(
            self.form.tr("本月进展、完成时限、销号与佐证材料"), self.item_page)
        self.progress_pane.toggled.connect(self._progress_pane_toggled)
        self.task_page.addWidget(self.progress_pane)
        self.task_page.setChildrenCollapsible(False)
        self.task_page.setStretchFactor(0, 5)
        self.task_page.setStretchFactor(1, 3)
        self.task_page.setSizes([620, 380])
        self.tabs = QTabWidget()
        self.tabs.setObjectName("workspace_tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.task_page, _tr("任务清单"))
        for _name, title in LATER_TABS:
            self.tabs.addTab(QWidget(), _tr(title))  # stands in until the tab is first shown
        self.tabs.currentChanged.connect(self._tab_shown)
        self.welcome = self._welcome_page()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.welcome)
        self.pages.addWidget(self.tabs)
        window.setCentralWidget(self.pages)

        for view in self.views:
            state.follow(view)
        state.plan_changed.connect(self._plan_changed)
        state.changed.connect(self._data_changed)
        window.task_selected.connect(self._task_selected)

        self._build_menus()
        self._restore()
        self._plan_changed(state.plan_id or 0)
        self._task_selected(window.selected_task_id() or 0)

    # --- the tabs built when first shown ------------------------------------------------------
    @property
    def views(self) -> tuple:
        """The month views built so far (a tab not yet shown has none to refresh)."""
        return (self.form, self.records, *self._later.values())

    @property
    def grid(self):
        return self._later_tab("grid")

    @property
    def warnings(self):
        return self._later_tab("warnings")

    @property
    def dashboard(self):
        return self._later_tab("dashboard")

    @property
    def indicators(self):
        return self._later_tab("indicators")

    def _is_tab(self, widget, name: str) -> bool:
        """Whether ``widget`` is that tab's view (without building the tab to find out)."""
        return widget is not None and widget is self._later.get(name)

    def _tab_shown(self, index: int) -> None:
        if 1 <= index <= len(LATER_TABS):
            self._later_tab(LATER_TABS[index - 1][0])

    def _later_tab(self, name: str):
        view = self._later.get(name)
        if view is not None:
            return view
        view = self._later[name] = self._make_view(name)
        index = 1 + [n for n, _t in LATER_TABS].index(name)
        current = self.tabs.currentIndex()
        stand_in = self.tabs.widget(index)
        self.tabs.blockSignals(True)  # the clerk stays on the tab they are on
        self.tabs.removeTab(index)
        self.tabs.insertTab(index, view, _tr(LATER_TABS[index - 1][1]))
        self.tabs.setCurrentIndex(current)
        self.tabs.blockSignals(False)
        stand_in.deleteLater()
        self.state.follow(view)  # month, thresholds, plan: it reads them when on screen
        return view

    def _make_view(self, name: str):
        window, db, today, history = self.window, self.window.db, self.window.today, \
            self.window.history
        thresholds = self.state.thresholds
        if name == "grid":
            from desktop.views.month_grid import MonthGrid

            view = MonthGrid(db, thresholds=thresholds, today=today, undo_history=history)
            view.task_activated.connect(self.show_task)
            view.set_task(window.selected_task_id())
        elif name == "warnings":
            from desktop.views.warnings import WarningsPanel

            view = WarningsPanel(db, thresholds=thresholds, today=today)
            view.task_activated.connect(self.show_task)
        elif name == "dashboard":
            from desktop.views.dashboard import Dashboard

            view = Dashboard(db, thresholds=thresholds, today=today)
            view.unit_activated.connect(self._show_unit_in_grid)
        else:
            from desktop.views.indicator_actuals import IndicatorActuals

            view = IndicatorActuals(db, undo_history=history)
        return view

    # --- following the window ---------------------------------------------------------------
    def _plan_changed(self, plan_id: int) -> None:
        self.pages.setCurrentWidget(self.tabs if plan_id else self.welcome)

    def _task_selected(self, task_id: int) -> None:
        self.form.set_task(task_id or None)
        if "grid" in self._later:
            self._later["grid"].set_task(task_id or None)
        self.records.set_task(task_id or None)

    def _data_changed(self, changes: Changes) -> None:
        """Whatever a write changed, every view but the one that made it reads its month again.

        An undo or redo also brings the view that shows the step to the front and selects
        what changed there, so the clerk sees what Ctrl+Z did.
        """
        page = self._page_showing(changes) if changes.replay else None
        if changes.replay and changes.month and changes.month != self.state.month:
            self.window.set_month(changes.month)  # the month the step wrote, not the one shown
        if page is not None:
            self.tabs.setCurrentWidget(page)
        for view in self.views:
            if view is not changes.source:
                view.refresh()
        if page is not None and self._is_tab(page, "grid"):
            self.grid.select_tasks(changes.task_ids)
        elif page is not None and self._is_tab(page, "indicators"):
            self.indicators.select_indicators(changes.indicator_ids)
        elif page is self.task_page and changes.task_ids:
            self.window.select_task(min(changes.task_ids, key=self._tree_order))

    def _page_showing(self, changes: Changes):
        """The tab that shows what an undo step changed (None: no tab does, e.g. a unit)."""
        if self._is_tab(changes.view, "indicators") or changes.indicator_ids:
            return self.indicators
        if self._is_tab(changes.view, "grid") or (changes.view is None
                                                  and changes.touches(PROGRESS)):
            return self.grid  # also a returns load: the month's grid shows it whole
        if changes.view is self.form or changes.touches(TASKS):
            return self.task_page
        return None

    def _tree_order(self, task_id: int) -> int:
        rows = self.window.task_list.model.rows()
        return next((i for i, t in enumerate(rows) if t.id == task_id), len(rows))

    def show_task(self, task_id: int) -> None:
        self.tabs.setCurrentWidget(self.task_page)
        self.window.select_task(task_id)

    def _show_unit_in_grid(self, unit: str) -> None:
        self.grid.set_lead_unit(unit)
        self.tabs.setCurrentWidget(self.grid)

    def _welcome_page(self) -> QWidget:
        """What a clerk sees before the ledger holds any plan: the three ways to start."""
        page = QWidget()
        page.setObjectName("welcome")
        layout = QVBoxLayout(page)
        layout.addStretch(2)
        heading = QLabel(_tr("还没有工作方案"))
        font = QFont(heading.font())
        font.setPointSize(font.pointSize() + 6)
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading, 0, Qt.AlignmentFlag.AlignHCenter)
        hint = QLabel(_tr("可以导入收到的工作方案（Word、Excel 或文本），新建一个空白方案，"
                      "或先用示例县的演示方案熟悉各项功能。"))
        hint.setWordWrap(True)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(hint)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.welcome_buttons = {}
        for key, text, slot in (("import", _tr("从文件导入工作方案…"), self.import_file),
                                ("new", _tr("新建空白工作方案…"), self.window.new_plan),
                                ("demo", _tr("创建示例方案（示例县）"), self.create_demo_plan)):
            button = QPushButton(text)
            button.setMinimumHeight(36)
            button.clicked.connect(self.window._guarded(lambda *_, fn=slot: fn()))
            buttons.addWidget(button)
            self.welcome_buttons[key] = button
        buttons.addStretch(1)
        layout.addSpacing(16)
        layout.addLayout(buttons)
        layout.addStretch(3)
        return page

    def create_demo_plan(self) -> None:
        from db.demo import create_demo

        plan_id = create_demo(self.window.db, today=self.window.today)
        self.window.open_plan(plan_id)

    # --- menus ------------------------------------------------------------------------------
    def _action(self, menu: str, text: str, slot, shortcut: str | None = None,
                tip: str = "", task_context: bool = False) -> QAction:
        """The window's own kind of action (guarded, shortcut in the tip), put in ``menu``."""
        action = self.window._action(text, slot, shortcut, tip)
        if task_context:
            action.setProperty("task_context", True)
        self.window.menu(menu).addAction(action)
        return action

    def _build_menus(self) -> None:
        for index, (text, key) in enumerate((
                (_tr("任务清单与本月进展"), "Ctrl+1"),
                (_tr("月度填报（表格）"), "Ctrl+2"),
                (_tr("预警提醒（逾期、临期、滞后、未报送）"), "Ctrl+3"),
                (_tr("调度总览"), "Ctrl+4"),
                (_tr("目标指标实际值"), "Ctrl+5"))):
            self._action(PROGRESS_MENU, text, lambda i=index: self.tabs.setCurrentIndex(i), key)
        self.window.menu(PROGRESS_MENU).addSeparator()
        self.act_progress_pane = self._action(
            VIEW_MENU, _tr("任务清单下显示本月进展"), lambda: self.progress_pane.set_open(
                self.act_progress_pane.isChecked()), "F6",
            tip=_tr("折叠后任务清单可显示更多行"))
        self.act_progress_pane.setCheckable(True)
        self.act_progress_pane.setChecked(True)
        self._action(PROGRESS_MENU, _tr("复制上月内容到本月空白事项"), self.grid_copy_last_month,
                     tip=_tr("本月尚未填报的事项，以上月填报内容为起点"))
        self._action(PROGRESS_MENU, _tr("下发与回收填报表…"), self.open_returns,
                     tip=_tr("为各牵头单位生成本月填报表，导入各单位交回的填报表"))
        self._action(PROGRESS_MENU, _tr("导出本月佐证材料…"), lambda: export_evidence_folder(
            self.window, self.window.db, self.window.plan_id, self.window.current_month()),
            tip=_tr("本月各事项的佐证材料，按单位分文件夹导出"))
        self._action(PROGRESS_MENU, _tr("预警设置…"), self.edit_thresholds,
                     tip=_tr("滞后多少个百分点显示黄色、红色；多少天内到期算临期"))
        for kind, text in REPORT_ITEMS:
            self._action(REPORTS_MENU, _tr(text), lambda kind=kind: self.open_report(kind),
                         "Ctrl+P" if kind == "progress" else None,
                         task_context=kind == "progress")
        self._action(REPORTS_MENU, _tr("生成调度通报…"), self.make_briefing,
                     tip=_tr("按台账数据起草本月调度通报（Word），含总体进展、滞后逾期事项和指标"))
        self._action(IMPORT_MENU, _tr("从文件导入工作方案…"), self.import_file, "Ctrl+O",
                     tip=_tr("Word（.docx）、Excel（.xlsx）或文本（.txt）格式的工作方案"))
        self._action(IMPORT_MENU, _tr("粘贴文字导入…"), self.import_text,
                     tip=_tr("把方案文字或从 Word/Excel 复制的任务表粘贴进来"))
        self._action(IMPORT_MENU, _tr("追加到当前方案（所选事项之下）…"), self.import_append,
                     tip=_tr("把另一份文件的任务追加到当前方案的所选事项之下"))

    # --- actions ------------------------------------------------------------------------------
    def grid_copy_last_month(self) -> None:
        self.tabs.setCurrentWidget(self.grid)
        self.grid.copy_empty_rows_asking()

    def open_returns(self) -> None:
        if self.window.plan_id is None:
            ui.tell_user(self.window, _tr("下发与回收填报表"), _tr("请先新建或导入一个工作方案。"))
            return
        from desktop.dialogs.returns_dialog import ReturnsDialog

        dialog = ReturnsDialog(self.window.db, self.window.plan_id,
                               month=self.window.current_month(), parent=self.window,
                               undo_history=self.window.history)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def edit_thresholds(self) -> None:
        thresholds = edit_thresholds(self.window)
        if thresholds is not None:
            self.state.set_thresholds(thresholds)

    def open_report(self, kind: str) -> None:
        if self.window.plan_id is None:
            ui.tell_user(self.window, _tr("报表"), _tr("请先新建或导入一个工作方案。"))
            return
        from desktop.dialogs.export_dialog import open_export_dialog

        open_export_dialog(self.window, self.window.db, self.window.plan_id,
                           month=self.window.current_month(), kind=kind)

    def make_briefing(self) -> None:
        from desktop.paperwork import make_briefing

        w = self.window
        make_briefing(w, w.db, w.plan_id, w.current_month(), today=w.today,
                      thresholds=w.thresholds)

    def _open_import(self, path: str | None, *, append: bool = False) -> None:
        from desktop.dialogs.import_preview import ImportPreviewDialog

        window = self.window
        dialog = ImportPreviewDialog(
            window.db, path, plan_id=window.plan_id,  # 追加到当前工作方案 offered too
            parent_id=(window.selected_task_id() if append else None), parent=window)
        dialog.imported.connect(self._imported)
        dialog.reported.connect(lambda text: window.statusBar().showMessage(text, 15000))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def open_import(self, path: str) -> None:
        """The import preview for a file (``taizhang.exe FILE``)."""
        self._open_import(path)

    def _imported(self, plan_id: int) -> None:
        self.window.open_plan(plan_id)
        self.state.publish(Changes(frozenset({TASKS}), shape=True))  # appended to an open plan

    def import_file(self) -> None:
        path = ui.ask_open_file(self.window, _tr("导入工作方案"), import_filter())
        if path:
            self._open_import(path)

    def import_text(self) -> None:
        self._open_import(None)

    def import_append(self) -> None:
        if self.window.plan_id is None:
            ui.tell_user(self.window, _tr("追加导入"), _tr("请先选择要追加到的工作方案。"))
            return
        path = ui.ask_open_file(self.window, _tr("追加导入任务"), import_filter())
        if path:
            self._open_import(path, append=True)

    # --- settings -----------------------------------------------------------------------------
    def _settings(self) -> QSettings:
        return QSettings(SETTINGS_ORG, SETTINGS_APP)

    def _progress_pane_toggled(self, open_: bool) -> None:
        self.act_progress_pane.setChecked(open_)
        if open_ and self.task_page.isVisible():
            total = sum(self.task_page.sizes())
            top = total * 62 // 100
            self.task_page.setSizes([top, total - top])

    def _restore(self) -> None:
        settings = self._settings()
        state = settings.value("workspace/task_page")
        if state is not None:
            self.task_page.restoreState(state)
        area = self.window._screen_area()
        small = area is not None and area.height() < SMALL_SCREEN_HEIGHT
        self.progress_pane.set_open(settings.value("workspace/progress_open", not small,
                                                   type=bool))
        index = settings.value("workspace/tab", 0, type=int)
        if 0 <= index < self.tabs.count():
            self.tabs.setCurrentIndex(index)
        self.window.settings_saving.connect(self.save)

    def save(self) -> None:
        settings = self._settings()
        settings.setValue("workspace/task_page", self.task_page.saveState())
        settings.setValue("workspace/progress_open", self.progress_pane.is_open())
        settings.setValue("workspace/tab", self.tabs.currentIndex())


def build_main_window(db: Database, *, today: dt.date | None = None) -> MainWindow:
    """The application's window: the task-list editor with the workspace installed."""
    window = MainWindow(db, today=today)
    window.workspace = Workspace(window)
    safekeeping.install(window)  # backups, restore, copies, others' changes, banners
    return window
