"""Warnings panel (预警): 逾期, 临期, 进度滞后 and 未报送, each section grouped by lead unit with
the unit's contact and phone, so the office knows whom to call.  The sections count with the
functions of ``db.summary`` (the dashboard's numbers).  Double-click an item to select it in
the task list."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db.schedule import DEFAULT_THRESHOLDS, Colour, Thresholds
from db.session import Database
from db.summary import (
    NOT_REPORTED,
    PlanSummary,
    is_not_reported,
    lead_unit_names,
    owes_report,
)
from desktop.views.dashboard import CATEGORY_COLOURS
from desktop.views.progress_history import month_words
from desktop.views.progress_thresholds import (
    BACKGROUND,
    FOREGROUND,
    SummaryView,
    standing_note,
)

TASK_ROLE = Qt.ItemDataRole.UserRole
UNIT_ROLE = Qt.ItemDataRole.UserRole + 1   # a lead unit's node: the unit's name


class WarningsPanel(SummaryView, QWidget):
    """Read-only; ``task_activated(task_id)`` when an item is double-clicked."""

    task_activated = Signal(int)

    def __init__(self, db: Database, parent: QWidget | None = None, *,
                 thresholds: Thresholds = DEFAULT_THRESHOLDS,
                 today: dt.date | None = None) -> None:
        super().__init__(db, parent, thresholds=thresholds, today=today)
        self.summary: PlanSummary | None = None

        self.headline = QLabel()
        self.headline.setWordWrap(True)
        self.copy_button = QPushButton(self.tr("复制未报送名单"))
        self.copy_button.setToolTip(self.tr("按牵头单位列出未报送的事项及联系人，可粘贴到微信或通知中"))
        self.remind_button = QPushButton(self.tr("生成催办通知单…"))
        self.remind_button.setToolTip(self.tr("给所选单位（未选则全部有逾期、滞后或未报送事项的单位）"
                                              "生成催办通知单（Word 和 PDF）"))
        self.tree = QTreeWidget()
        self.tree.setSelectionMode(QTreeWidget.SelectionMode.ExtendedSelection)
        self.tree.setHeaderLabels([self.tr("事项"), self.tr("情况")])
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        self.tree.setColumnWidth(1, 220)
        bar = QHBoxLayout()
        bar.addWidget(self.headline, 1)
        bar.addWidget(self.copy_button)
        bar.addWidget(self.remind_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.tree, 1)
        self.tree.itemDoubleClicked.connect(self._double_clicked)
        self.tree.itemActivated.connect(self._double_clicked)
        self.copy_button.clicked.connect(self.copy_not_reported)
        self.remind_button.clicked.connect(self.remind)
        self.refresh()


    # --- showing ----------------------------------------------------------------------------
    def sections(self) -> list[tuple[str, str, list[int], Colour]]:
        """(key, title, item ids, colour) of each section, in the order shown."""
        s = self.summary
        if s is None:
            return []
        not_reported = [t.id for t in s.sheet.items if is_not_reported(s.standing(t.id))]
        return [
            ("overdue", self.tr("逾期（{}）").format(len(s.overdue)), s.overdue, Colour.RED),
            ("due_soon", self.tr("临期：{days} 天内到期（{n}）").format(
                days=self.thresholds.due_soon_days, n=len(s.due_soon)), s.due_soon,
             Colour.YELLOW),
            ("lagging", self.tr("进度滞后（{}）").format(len(s.lagging)), s.lagging,
             Colour.YELLOW),
            ("not_reported", self.tr("未报送（{}）").format(len(not_reported)), not_reported,
             None),
        ]

    def _fill(self) -> None:
        collapsed = set()
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            if not top.isExpanded():
                collapsed.add(top.data(0, TASK_ROLE))
            for j in range(top.childCount()):
                if not top.child(j).isExpanded():
                    collapsed.add(top.child(j).data(0, TASK_ROLE))
        self.tree.clear()
        s = self.summary
        self.copy_button.setEnabled(bool(s and s.owing))
        self.remind_button.setEnabled(s is not None)
        if s is None:
            self.headline.setText(self.tr("未选择工作方案"))
            return
        self.headline.setText(self.tr("<b>{month}</b>　{items} 个事项，已报送 {reported} 个；"
                                      "各类事项按牵头单位列出，附联系人和电话").format(
            month=month_words(s.month), items=s.items, reported=s.reported))
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for key, title, ids, colour in self.sections():
            top = self._group(title, key, colour, bold)
            for unit, unit_ids in s.by_lead_unit(ids).items():
                contact = s.contact(unit).text
                node = QTreeWidgetItem([self.tr("{unit}（{n} 项）").format(unit=unit,
                                                                         n=len(unit_ids)),
                                        contact])
                node.setData(0, TASK_ROLE, f"{key}/{unit}")
                node.setData(0, UNIT_ROLE, unit)
                node.setFont(0, bold)
                tip = self.tr("{unit}\n联系人：{contact}").format(unit=unit, contact=contact) \
                    if contact else unit
                node.setToolTip(0, tip)
                node.setToolTip(1, tip)
                for task_id in unit_ids:
                    node.addChild(self._item(task_id, key))
                top.addChild(node)
                node.setExpanded(f"{key}/{unit}" not in collapsed)
            top.setExpanded(key not in collapsed)

    def _group(self, title: str, key: str, colour: Colour | None,
               font: QFont) -> QTreeWidgetItem:
        top = QTreeWidgetItem([title])
        top.setData(0, TASK_ROLE, key)
        top.setFont(0, font)
        top.setForeground(0, QBrush(FOREGROUND[colour]) if colour is not None
                          else QBrush(QColor(CATEGORY_COLOURS[NOT_REPORTED])))
        self.tree.addTopLevelItem(top)
        top.setFirstColumnSpanned(True)
        return top

    def _item(self, task_id: int, group: str) -> QTreeWidgetItem:
        s = self.summary
        task = s.task(task_id)
        standing = s.standing(task_id)
        label = s.sheet.label(task_id)
        leads = "、".join(u.name for u in task.lead_units)
        deadline = task.deadline_text or (task.deadline.isoformat() if task.deadline
                                          else self.tr("无"))
        if group == "overdue":
            state = self.tr("逾期 {} 天").format(-standing.days_left)
        elif group == "due_soon":
            state = self.tr("剩 {} 天").format(standing.days_left)
        elif group == "lagging" and standing.behind is not None and standing.behind > 0:
            state = self.tr("落后 {:g} 点").format(standing.behind)
        elif group == "lagging":
            state = self.tr("自报滞后")
        elif standing.percent is not None:
            state = self.tr("上次 {}%").format(standing.percent)
        else:
            state = self.tr("从未填报")
        if group != "not_reported":
            state += f"｜{standing.percent}%" if standing.reported and \
                standing.percent is not None else self.tr("｜本月未报")
        item = QTreeWidgetItem([f"{label} {task.text}", state])
        item.setData(0, TASK_ROLE, task_id)
        tip = self.tr("{label} {text}\n牵头单位：{leads}\n完成时限：{deadline}\n本月状态：{status}\n"
                      "{note}").format(label=label, text=task.text, leads=leads, deadline=deadline,
                                       status=standing.status or self.tr("未报送"),
                                       note=standing_note(standing))
        item.setToolTip(0, tip)
        item.setToolTip(1, tip)
        if standing.tone is None:   # 未报送 is never painted as on time
            item.setBackground(1, QBrush(QColor("#eeeeee")))
            item.setForeground(1, QBrush(QColor(CATEGORY_COLOURS[NOT_REPORTED])))
        else:
            item.setBackground(1, QBrush(BACKGROUND[standing.colour]))
            item.setForeground(1, QBrush(FOREGROUND[standing.colour]))
        return item

    def _double_clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        task_id = item.data(0, TASK_ROLE)
        if isinstance(task_id, int):
            self.task_activated.emit(task_id)

    # --- the call list ----------------------------------------------------------------------
    def not_reported_text(self) -> str:
        s = self.summary
        if s is None or not s.owing:
            return ""
        lines = [self.tr("{}未报送工作进展的事项（按牵头单位）：").format(month_words(s.month))]
        owing = [t.id for t in s.sheet.items if owes_report(s.standing(t.id))]
        for unit, ids in s.by_lead_unit(owing).items():   # 逾期, 滞后 ones owe a report too
            contact = "，".join(x for x in (s.contact(unit).person, s.contact(unit).phone) if x)
            lines.append((self.tr("{unit}（{n} 项；{contact}）：") if contact
                          else self.tr("{unit}（{n} 项）：")).format(unit=unit, n=len(ids),
                                                                   contact=contact))
            for task_id in ids:
                lines.append(f"  {s.sheet.label(task_id)} {s.task(task_id).text}")
        return "\n".join(lines) + "\n"

    def copy_not_reported(self) -> None:
        QGuiApplication.clipboard().setText(self.not_reported_text())

    def selected_units(self) -> list[str]:
        """The lead units the selected rows mean: a unit's row its unit, a work item its lead
        units, a section every item in it; in the summary's order."""
        wanted: set[str] = set()

        def visit(item: QTreeWidgetItem) -> None:
            unit, task_id = item.data(0, UNIT_ROLE), item.data(0, TASK_ROLE)
            if isinstance(unit, str) and unit:
                wanted.add(unit)
            elif isinstance(task_id, int):
                wanted.update(lead_unit_names(self.summary.task(task_id)))
            else:
                for index in range(item.childCount()):
                    visit(item.child(index))

        for item in self.tree.selectedItems():
            visit(item)
        return [u.unit for u in self.summary.by_unit if u.unit in wanted]

    def remind(self) -> None:
        """催办通知单 for the selected units, or for every unit with something late."""
        from desktop.paperwork import make_notices

        if self.summary is None:
            return
        units = self.selected_units() if self.tree.selectedItems() else None
        make_notices(self, self.db, self.plan_id, self.month, units, today=self.today,
                     thresholds=self.thresholds)
