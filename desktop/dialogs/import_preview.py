"""导入预览: read a plan file (or pasted text) off the GUI thread, show what was understood —
the task tree, indicators, work group, unit matches (editable) and warnings — and write it
only when the clerk confirms: as a new plan, or appended under a chosen node of a plan.

    dialog = ImportPreviewDialog(db, path=Path("方案.docx"), plan_id=current_plan_id,
                                 parent_id=selected_task_id, parent=main_window)
    dialog.imported.connect(main_window.open_plan)      # int: the new (or appended-to) plan id
    dialog.open()

With ``path=None`` the dialog starts with a box to paste text into.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db.numbering import number_nodes
from db.services.imports import (
    append_tasks,
    find_same_plan,
    import_plan,
    match_units,
    merge_spellings,
    result_line,
    similar_name_text,
    similar_names,
)
from db.services.plans import get_plan
from db.services.tasks import load_tree
from db.services.units import list_units
from desktop.background import run_in_background
from exports.importers import ParsedPlan, parse_file, parse_text


def _tr(text: str) -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("ImportPreviewDialog", text)


class ImportPreviewDialog(QDialog):
    """Parse, preview and (on 导入) store a plan.  Emits ``imported(plan_id)`` after writing."""

    imported = Signal(int)
    reported = Signal(str)   # after writing: what was imported, in one line (the status bar)
    parsed = Signal()   # the preview is filled (tests wait for it)
    failed = Signal(str)

    def __init__(self, db, path: Path | str | None = None, *, text: str | None = None,
                 plan_id: int | None = None, parent_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.path = Path(path) if path else None
        self.plan_id = plan_id
        self.parent_id = parent_id
        self.result_plan: ParsedPlan | None = None
        self._result_line = ""         # what the last write did, for the status bar
        self.duplicate: tuple[int, str] | None = None   # (id, title) of the same plan, stored
        self._writing = False
        self._job = None
        self.setWindowTitle(_tr("导入工作方案"))
        self.resize(1200, 720)
        self._build()
        if self.path is not None:
            self.source_label.setText(_tr("文件：") + str(self.path))
            self.paste_box.hide()
            self.parse_button.hide()
            self.start_parse()
        else:
            self.source_label.setText(_tr("把工作方案的文字（或从 Excel 复制的任务表）粘贴到下面，"
                                          "再点“识别”。"))
            if text:
                self.paste_box.setPlainText(text)

    # --- layout -------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.source_label = QLabel()
        self.source_label.setWordWrap(True)
        layout.addWidget(self.source_label)
        self.paste_box = QPlainTextEdit()
        self.paste_box.setPlaceholderText(_tr("在此粘贴工作方案文字……"))
        self.paste_box.setMaximumHeight(160)
        layout.addWidget(self.paste_box)
        self.parse_button = QPushButton(_tr("识别"))
        self.parse_button.clicked.connect(self.start_parse)
        row = QHBoxLayout()
        row.addWidget(self.parse_button)
        row.addStretch(1)
        layout.addLayout(row)

        target = QHBoxLayout()
        self.as_new = QRadioButton(_tr("导入为新的工作方案，标题："))
        self.title_edit = QLineEdit()
        self.as_append = QRadioButton(_tr("追加到当前工作方案，位置："))
        self.node_combo = QComboBox()
        self.node_combo.setMinimumWidth(260)
        group = QButtonGroup(self)
        group.addButton(self.as_new)
        group.addButton(self.as_append)
        self.as_new.setChecked(True)
        target.addWidget(self.as_new)
        target.addWidget(self.title_edit, 2)
        target.addSpacing(16)
        target.addWidget(self.as_append)
        target.addWidget(self.node_combo, 1)
        layout.addLayout(target)
        self._fill_nodes()

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        # importing the same plan again asks instead of making a second copy
        self.duplicate_banner = QWidget()
        self.duplicate_banner.setStyleSheet("background:#fff4ce;")
        banner = QHBoxLayout(self.duplicate_banner)
        self.duplicate_text = QLabel()
        self.duplicate_text.setWordWrap(True)
        self.duplicate_ok = QCheckBox(_tr("仍然导入为新的工作方案"))
        self.duplicate_ok.toggled.connect(self._update_import_button)
        banner.addWidget(self.duplicate_text, 1)
        banner.addWidget(self.duplicate_ok)
        self.duplicate_banner.hide()
        layout.addWidget(self.duplicate_banner)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)

        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([_tr("编号"), _tr("任务 / 工作事项"), _tr("牵头单位"),
                                   _tr("责任单位"), _tr("责任领导"), _tr("完成时限")])
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.tree.setIndentation(14)
        for col, width in ((0, 90), (2, 150), (3, 200), (4, 120), (5, 110)):
            self.tree.setColumnWidth(col, width)
        self.tabs.addTab(self.tree, _tr("任务清单"))

        self.indicators = QTableWidget(0, 5)
        self.indicators.setHorizontalHeaderLabels([_tr("指标名称"), _tr("目标值"), _tr("计量单位"),
                                                   _tr("比较"), _tr("原文")])
        self.indicators.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.indicators.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tabs.addTab(self.indicators, _tr("目标指标"))

        group_page = QWidget()
        form = self.group_form = QFormLayout(group_page)
        self.group_name = QLabel()
        self.group_convener = QLabel()
        self.group_deputies = QLabel()
        self.group_office = QLabel()
        self.group_members = QLabel()
        for label in (self.group_name, self.group_convener, self.group_deputies,
                      self.group_office, self.group_members):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(_tr("专班名称："), self.group_name)
        form.addRow(_tr("召集人："), self.group_convener)
        form.addRow(_tr("副召集人："), self.group_deputies)
        form.addRow(_tr("专班办公室："), self.group_office)
        form.addRow(_tr("成员单位："), self.group_members)
        self.tabs.addTab(group_page, _tr("工作专班"))

        self.units = QTableWidget(0, 4)
        self.units.setHorizontalHeaderLabels([_tr("方案中的写法"), _tr("出现次数"), _tr("匹配结果"),
                                              _tr("导入为（可改）")])
        self.units.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.units.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.units.setColumnWidth(1, 80)
        self.units.setColumnWidth(2, 200)
        self.units.verticalHeader().hide()
        self.tabs.addTab(self.units, _tr("单位对照"))

        self.warnings = QListWidget()
        self.warnings.setWordWrap(True)
        self.tabs.addTab(self.warnings, _tr("提示"))

        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(_tr("导入"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(_tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.write)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.as_new.toggled.connect(self._update_import_button)

    def _fill_nodes(self) -> None:
        self.node_combo.clear()
        if self.plan_id is None:
            self.as_append.setEnabled(False)
            self.node_combo.setEnabled(False)
            return
        plan = get_plan(self.db, self.plan_id)
        title = plan.title if len(plan.title) <= 16 else plan.title[:15] + "…"
        self.as_append.setText(_tr("追加到“{}”，位置：").format(title))
        self.as_append.setToolTip(plan.title)
        self.node_combo.addItem(_tr("（任务清单末尾，作为顶层）"), None)
        for info in load_tree(self.db, self.plan_id):
            if info.depth < 3:
                self.node_combo.addItem("　" * info.depth + f"{info.number}{info.text[:30]}"
                                        + _tr("（之下）"), info.id)
        if self.parent_id is not None:
            index = self.node_combo.findData(self.parent_id)
            if index >= 0:
                self.node_combo.setCurrentIndex(index)
                self.as_append.setChecked(True)

    # --- parsing off the GUI thread ----------------------------------------------------------
    def start_parse(self) -> None:
        path, text = self.path, self.paste_box.toPlainText()
        if path is None and not text.strip():
            self.summary.setText(_tr("请先粘贴工作方案的文字。"))
            return
        self.result_plan = None      # the tree shown is the old reading until the new one comes
        self.import_button.setEnabled(False)
        self.parse_button.setEnabled(False)
        self.summary.setText(_tr("正在识别……"))

        def work(progress):
            progress.update(0, 0, _tr("正在识别工作方案……"))
            return parse_file(path) if path is not None else parse_text(text)

        self._job = run_in_background(self, _tr("正在识别工作方案"), work, self.show_parsed,
                                      self._parse_failed)

    def _parse_failed(self, exc: BaseException) -> None:
        from desktop.prompts import show_error

        self.parse_button.setEnabled(True)
        message = getattr(exc, "user_text", lambda: "")() or _tr("无法识别这个文件。")
        self.summary.setText(_tr("未能导入：") + message)
        self.failed.emit(message)
        show_error(self, exc)

    def show_parsed(self, result: ParsedPlan) -> None:
        self.parse_button.setEnabled(True)
        self.result_plan = result
        draft = result.draft
        self.title_edit.setText(draft.title)
        self._fill_tree(draft)
        self._fill_indicators(draft)
        self._fill_group(draft)
        self._fill_units(draft)
        self.warnings.clear()
        notes = [*result.warnings, *(similar_name_text(s) + (
            _tr("：如是，请在“单位对照”中把它改为导入为“{}”。").format(s.like)) for s in self.similar)]
        self.warnings.addItems(notes or [_tr("没有需要注意的问题。")])
        leaves, unassigned = len(draft.work_items()), len(draft.unassigned_items())
        tops = len(draft.tasks)
        new_units = sum(1 for r in range(self.units.rowCount())
                        if self.units.item(r, 2).data(Qt.ItemDataRole.UserRole) is None)
        source = _tr("任务表") if result.from_table else _tr("正文")
        self.summary.setText(
            _tr("从{source}识别出 {tops} 个类别/任务、{leaves} 个工作事项，{ind} 个目标指标，"
                "{units} 个单位（其中 {new} 个将新建）。{unassigned}{warn}"
                "请核对后点“导入”，导入前不会写入任何数据。")
            .format(source=source, tops=tops, leaves=leaves, ind=len(draft.indicators),
                    units=self.units.rowCount(), new=new_units,
                    unassigned=_tr("{} 个工作事项未明确牵头单位（红字标出），导入后可在任务树中补充。")
                    .format(unassigned) if unassigned else "",
                    warn=_tr("有 {} 条提示。").format(len(notes)) if notes else ""))
        self.tabs.setTabText(4, _tr("提示（{}）").format(len(notes)))
        self.duplicate = find_same_plan(self.db, draft)
        if self.duplicate:
            self.duplicate_text.setText(
                _tr("已有同名且事项相同的工作方案“{}”，这个文件可能已经导入过。再次导入为新方案会产生"
                    "一份重复的方案；如只需补充事项，请选“追加到当前工作方案”。").format(self.duplicate[1]))
        self.duplicate_ok.setChecked(False)
        self.duplicate_banner.setVisible(self.duplicate is not None)
        self._update_import_button()
        self.parsed.emit()

    def _update_import_button(self, *_args) -> None:
        ready = self.result_plan is not None and not self._writing
        if self.duplicate and self.as_new.isChecked() and not self.duplicate_ok.isChecked():
            ready = False
        self.import_button.setEnabled(ready)

    def _fill_tree(self, draft) -> None:
        self.tree.clear()
        order: list[tuple[int, int | None, int, object]] = []
        counter = iter(range(1, 10**9))

        def walk(tasks, parent, depth):
            for task in tasks:
                node_id = next(counter)
                order.append((node_id, parent, depth, task))
                walk(task.children, node_id, depth + 1)
        walk(draft.tasks, None, 0)
        numbers = number_nodes(draft.number_style, [(i, p, d) for i, p, d, _ in order])
        items: dict[int, QTreeWidgetItem] = {}
        for node_id, parent, _depth, task in order:
            text = task.title if task.title and not task.content else \
                (f"{task.title}：{task.content}" if task.title else task.content)
            item = QTreeWidgetItem([numbers[node_id], text, "、".join(task.lead_units),
                                    "、".join(task.responsible_units),
                                    "、".join(task.responsible_leaders), task.deadline_text])
            if not task.children and not task.lead_units:
                item.setText(2, _tr("未明确牵头单位"))
                item.setForeground(2, Qt.GlobalColor.darkRed)
            for col in range(1, 6):
                item.setToolTip(col, item.text(col))
            if task.children:
                font = item.font(1)
                font.setBold(True)
                item.setFont(1, font)
            (items[parent].addChild(item) if parent else self.tree.addTopLevelItem(item))
            items[node_id] = item
        self.tree.expandAll()

    def _fill_indicators(self, draft) -> None:
        self.indicators.setRowCount(len(draft.indicators))
        for r, ind in enumerate(draft.indicators):
            target = "" if ind.target is None else f"{ind.target:g}"
            for c, value in enumerate((ind.name, target, ind.measure, ind.comparator,
                                       ind.target_text)):
                self.indicators.setItem(r, c, QTableWidgetItem(value))

    def _fill_group(self, draft) -> None:
        wg = draft.work_group
        none = _tr("（未识别）")
        # a 领导小组 has a 组长 and 副组长 where a 专班 has a 召集人 and 副召集人
        small_group = "领导小组" in wg.name
        for field, plain, group in (
                (self.group_name, _tr("专班名称："), _tr("领导小组：")),
                (self.group_convener, _tr("召集人："), _tr("组长：")),
                (self.group_deputies, _tr("副召集人："), _tr("副组长：")),
                (self.group_office, _tr("专班办公室："), _tr("办公室："))):
            self.group_form.labelForField(field).setText(group if small_group else plain)
        self.group_name.setText(wg.name or none)
        self.group_convener.setText(wg.convener or none)
        self.group_deputies.setText("、".join(wg.deputy_conveners) or none)
        self.group_office.setText((wg.office_unit or none)
                                  + (f"（{wg.office_duties}）" if wg.office_duties else ""))
        self.group_members.setText(
            (_tr("共 {} 个：").format(len(wg.member_units)) + "、".join(wg.member_units))
            if wg.member_units else none)

    def _fill_units(self, draft) -> None:
        matches = match_units(self.db, draft)
        merged = merge_spellings(self.db, draft)
        self.similar = similar_names(self.db, draft, merged)
        near = {s.name: s.like for s in self.similar}
        existing = [u.name for u in list_units(self.db)]
        self.units.setRowCount(len(matches))
        for r, m in enumerate(matches):
            name_item = QTableWidgetItem(m.name)
            name_item.setFlags(name_item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            uses = QTableWidgetItem(str(m.uses))
            uses.setFlags(uses.flags() & ~Qt.ItemFlag.ItemIsEditable)
            uses.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            if m.existing:
                result = QTableWidgetItem(_tr("已有：") + m.existing.name)
            elif m.name in merged:
                result = QTableWidgetItem(_tr("新建（与“{}”合并）").format(merged[m.name]))
            elif m.name in near:
                result = QTableWidgetItem(_tr("新建（与“{}”相近，请核对）").format(near[m.name]))
                result.setForeground(Qt.GlobalColor.darkRed)
            else:
                result = QTableWidgetItem(_tr("新建单位"))
                result.setForeground(Qt.GlobalColor.darkRed)
            result.setData(Qt.ItemDataRole.UserRole, m.existing.id if m.existing else None)
            result.setFlags(result.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.units.setItem(r, 0, name_item)
            self.units.setItem(r, 1, uses)
            self.units.setItem(r, 2, result)
            combo = QComboBox()
            combo.setEditable(True)
            target = m.existing.name if m.existing else merged.get(m.name, m.name)
            combo.addItems([target] + [n for n in existing if n != target])
            combo.setCurrentText(target)
            self.units.setCellWidget(r, 3, combo)
        self.units.resizeRowsToContents()

    # --- writing --------------------------------------------------------------------------------
    def unit_choices(self) -> dict[str, str]:
        """{name as written: name to store} from the 单位对照 tab."""
        choices = {}
        for r in range(self.units.rowCount()):
            name = self.units.item(r, 0).text()
            chosen = self.units.cellWidget(r, 3).currentText().strip()
            if chosen and chosen != name:
                choices[name] = chosen
        return choices

    def write(self) -> None:
        if self.result_plan is None:
            return
        draft = self.result_plan.draft
        db, choices = self.db, self.unit_choices()
        append_to = self.plan_id if self.as_append.isChecked() else None
        parent_id = self.node_combo.currentData()
        title = self.title_edit.text().strip() or None

        def work(progress):  # one transaction: on failure nothing is written, the draft kept
            progress.update(0, 0, _tr("正在写入……"))
            if append_to is not None:
                append_tasks(db, append_to, draft, parent_id, choices)
                return append_to
            return import_plan(db, draft, choices, title=title)

        self._result_line = result_line(draft, appended_to=append_to, title=title)

        self._writing = True
        self.import_button.setEnabled(False)
        self._job = run_in_background(self, _tr("正在导入工作方案"), work, self._written,
                                      self._write_failed)

    def _write_failed(self, exc: BaseException) -> None:
        from desktop.prompts import show_error

        self._writing = False
        self._update_import_button()
        show_error(self, exc)

    def _written(self, plan_id: int) -> None:
        self.imported.emit(plan_id)
        self.reported.emit(self._result_line)
        self.accept()
