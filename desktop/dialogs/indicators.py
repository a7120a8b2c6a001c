"""Target indicators (目标指标) of a plan: name, target, measure, comparator, target text, lead
unit.  Cell edits are saved at once as undoable commands; rows can be added, removed, moved.
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from db.dto import IndicatorInfo
from db.errors import InvalidInput
from db.services import plans as plan_services
from db.services.units import list_units
from db.session import Database
from desktop import prompts as ui
from desktop.dialogs.history_dialog import HistoryDialog
from desktop.dialogs.unit_picker import (
    UnitPicker,
    confirm_new_units,
    lookup_names,
    unit_ids_creating_missing,
)
from desktop.undo import (
    INDICATORS,
    UNITS,
    AddIndicatorCommand,
    DeleteIndicatorCommand,
    EditHistory,
    MoveIndicatorCommand,
    UpdateIndicatorCommand,
)

# marked for the translators here, translated where shown (the header)
COLUMNS = (QT_TRANSLATE_NOOP("IndicatorsDialog", "指标名称"),
           QT_TRANSLATE_NOOP("IndicatorsDialog", "目标值"),
           QT_TRANSLATE_NOOP("IndicatorsDialog", "计量单位"),
           QT_TRANSLATE_NOOP("IndicatorsDialog", "比较方式"),
           QT_TRANSLATE_NOOP("IndicatorsDialog", "目标表述"),
           QT_TRANSLATE_NOOP("IndicatorsDialog", "牵头单位"))
NAME, TARGET, MEASURE, COMPARATOR, TARGET_TEXT, LEAD = range(len(COLUMNS))
FIELD_OF = {NAME: "name", TARGET: "target", MEASURE: "measure", COMPARATOR: "comparator",
            TARGET_TEXT: "target_text"}
COMPARATORS = ("", "不低于", "以上", "左右", "不高于", "以内", "达到")  # tr: data (stored)


def format_target(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}"


class ComparatorDelegate(QStyledItemDelegate):
    def createEditor(self, parent, option, index):
        box = QComboBox(parent)
        box.setEditable(True)
        box.addItems(COMPARATORS)
        return box

    def setEditorData(self, editor, index):
        editor.setCurrentText(index.data() or "")

    def setModelData(self, editor, model, index):
        model.setData(index, editor.currentText())


class UnitDelegate(QStyledItemDelegate):
    """The lead unit cell: a unit picker with type-ahead over names and aliases."""

    def __init__(self, units, parent=None) -> None:
        super().__init__(parent)
        self.units = units

    def createEditor(self, parent, option, index):
        picker = UnitPicker(parent, single=True)
        picker.set_units_list(self.units)
        return picker

    def setEditorData(self, editor, index):
        editor.setText(index.data() or "")

    def setModelData(self, editor, model, index):
        model.setData(index, editor.text())


class IndicatorsDialog(HistoryDialog):
    def __init__(self, db: Database, history: EditHistory, plan_id: int, parent=None) -> None:
        super().__init__(parent)
        self.db, self.history, self.plan_id = db, history, plan_id
        self.indicators: list[IndicatorInfo] = []
        self._filling = False
        plan = plan_services.get_plan(db, plan_id)
        self.region = plan.region
        self.setWindowTitle(self.tr("目标指标 – {}").format(plan.title))
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        for column, width in ((TARGET, 70), (MEASURE, 70), (COMPARATOR, 80),
                              (TARGET_TEXT, 170), (LEAD, 150)):
            self.table.setColumnWidth(column, width)
        self.unit_delegate = UnitDelegate(list_units(db), self)
        self.table.setItemDelegateForColumn(LEAD, self.unit_delegate)
        self.table.setItemDelegateForColumn(COMPARATOR, ComparatorDelegate(self))
        self.table.itemChanged.connect(self._guard(self._cell_changed))
        self.table.itemSelectionChanged.connect(self._selection_changed)

        self.add_button = QPushButton(self.tr("新增指标"))
        self.delete_button = QPushButton(self.tr("删除指标"))
        self.up_button = QPushButton(self.tr("上移"))
        self.down_button = QPushButton(self.tr("下移"))
        self.add_button.clicked.connect(self._guard(self.add_indicator))
        self.delete_button.clicked.connect(self._guard(self.delete_selected))
        self.up_button.clicked.connect(self._guard(lambda: self.move_selected(-1)))
        self.down_button.clicked.connect(self._guard(lambda: self.move_selected(+1)))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        for button in (self.add_button, self.delete_button, self.up_button, self.down_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("双击单元格修改，离开单元格即保存；Ctrl+Z 撤销，Ctrl+Y 重做。"
                                "目标表述按方案原文（如“25件左右”），打印时使用。")))
        layout.addWidget(self.table)
        layout.addLayout(row)
        self.install_undo_shortcuts(history)
        history.changed.connect(self._history_changed)
        self.resize(980, 420)
        self.reload()

    def _history_changed(self, changes) -> None:
        if changes.touches(UNITS):
            self.unit_delegate.units = list_units(self.db)
        if changes.touches(INDICATORS, UNITS):
            self.reload()

    def done(self, result: int) -> None:
        self.history.changed.disconnect(self._history_changed)
        super().done(result)

    def reload(self) -> None:
        selected = self.selected_indicator()
        self.indicators = plan_services.list_indicators(self.db, self.plan_id)
        self._filling = True
        try:
            self.table.setRowCount(len(self.indicators))
            for row, ind in enumerate(self.indicators):
                values = {NAME: ind.name, TARGET: format_target(ind.target),
                          MEASURE: ind.measure, COMPARATOR: ind.comparator,
                          TARGET_TEXT: ind.target_text,
                          LEAD: ind.lead_unit.name if ind.lead_unit else ""}
                for column, value in values.items():
                    item = QTableWidgetItem(value)
                    if column == TARGET:
                        item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                              | Qt.AlignmentFlag.AlignVCenter)
                    if column in (NAME, TARGET_TEXT):
                        item.setToolTip(value)
                    self.table.setItem(row, column, item)
        finally:
            self._filling = False
        if selected is not None:
            self.select_indicator(selected.id)
        self._selection_changed()

    def select_indicator(self, indicator_id: int) -> None:
        for row, ind in enumerate(self.indicators):
            if ind.id == indicator_id:
                self.table.selectRow(row)

    def selected_indicator(self) -> IndicatorInfo | None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        if len(rows) != 1:
            return None
        row = rows.pop()
        return self.indicators[row] if row < len(self.indicators) else None

    def _selection_changed(self) -> None:
        ind = self.selected_indicator()
        self.delete_button.setEnabled(ind is not None)
        self.up_button.setEnabled(ind is not None and ind.position > 0)
        self.down_button.setEnabled(ind is not None
                                    and ind.position < len(self.indicators) - 1)

    def _cell_changed(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        ind = self.indicators[item.row()]
        text = item.text().strip()
        if item.column() == LEAD:
            found = lookup_names(self.db, [text] if text else [], self.region)
            current = ind.lead_unit.id if ind.lead_unit else None
            if found and found[0][1] is not None and found[0][1].id == current:
                self.reload()  # an alias typed for the same unit: show the full name
                return
            if not found and current is None:
                return
            if not confirm_new_units(self, found):
                self.reload()
                return
            with self.history.macro(self.tr("修改指标牵头单位")):
                ids = unit_ids_creating_missing(self.db, self.history, found)
                self.history.perform(UpdateIndicatorCommand(
                    self.db, ind.id, lead_unit_id=ids[0] if ids else None,
                    expected_version=ind.version))
            return
        field = FIELD_OF[item.column()]
        if field == "target":
            if text:
                try:
                    value = float(text.replace(",", ""))
                except ValueError:
                    raise InvalidInput(self.tr("目标值“{}”不是数字。").format(text)) from None
            else:
                value = None
        else:
            value = text
        if value != getattr(ind, field):
            self.history.perform(UpdateIndicatorCommand(self.db, ind.id, **{field: value},
                                                        expected_version=ind.version))

    def add_indicator(self) -> None:
        info = self.history.perform(AddIndicatorCommand(self.db, self.plan_id, self.tr("新指标")))
        self.select_indicator(info.id)
        row = self.table.currentRow()
        if row >= 0 and self.isVisible():
            self.table.editItem(self.table.item(row, NAME))

    def delete_selected(self) -> None:
        ind = self.selected_indicator()
        if ind is None:
            return
        if not ui.ask_confirm(self, self.tr("删除目标指标"),
                              self.tr("确定删除指标“{}”及其各月实际值吗？可用“撤销”恢复。").format(ind.name)):
            return
        self.history.perform(DeleteIndicatorCommand(self.db, ind.id))

    def move_selected(self, step: int) -> None:
        ind = self.selected_indicator()
        if ind is None:
            return
        self.history.perform(MoveIndicatorCommand(self.db, ind.id, ind.position,
                                                  ind.position + step))
        self.select_indicator(ind.id)
