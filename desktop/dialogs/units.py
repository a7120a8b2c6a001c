"""Units manager (单位管理): names, aliases, kind, order, contact, phone; merge; delete.

Every cell edit is saved at once as an undoable command (Ctrl+Z / Ctrl+Y work here too).
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from db.dto import UnitInfo
from db.errors import InvalidInput
from db.services.units import list_units, unit_usage
from db.session import Database
from desktop import prompts as ui
from desktop.dialogs.history_dialog import HistoryDialog
from desktop.dialogs.unit_picker import JOIN, split_names
from desktop.undo import (
    UNITS,
    CreateUnitCommand,
    DeleteUnitCommand,
    EditHistory,
    MergeUnitsCommand,
    UpdateUnitCommand,
)

# marked for the translators here, translated where shown (the header)
COLUMNS = (QT_TRANSLATE_NOOP("UnitsDialog", "单位名称"),
           QT_TRANSLATE_NOOP("UnitsDialog", "别名（用“、”分隔）"),
           QT_TRANSLATE_NOOP("UnitsDialog", "类别"), QT_TRANSLATE_NOOP("UnitsDialog", "排序"),
           QT_TRANSLATE_NOOP("UnitsDialog", "联系人"), QT_TRANSLATE_NOOP("UnitsDialog", "联系电话"),
           QT_TRANSLATE_NOOP("UnitsDialog", "使用情况"))
NAME, ALIASES, KIND, ORDER, CONTACT, PHONE, USAGE = range(len(COLUMNS))
FIELD_OF = {NAME: "name", KIND: "kind", ORDER: "sort_order", CONTACT: "contact_person",
            PHONE: "phone"}


class UnitsDialog(HistoryDialog):
    def __init__(self, db: Database, history: EditHistory, parent=None) -> None:
        super().__init__(parent)
        self.db, self.history = db, history
        self.units: list[UnitInfo] = []
        self._filling = False
        self.setWindowTitle(self.tr("单位管理"))
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(USAGE, QHeaderView.ResizeMode.Stretch)
        for column, width in ((NAME, 170), (ALIASES, 200), (KIND, 90), (ORDER, 50),
                              (CONTACT, 80), (PHONE, 120)):
            self.table.setColumnWidth(column, width)
        self.table.itemChanged.connect(self._guard(self._cell_changed))
        self.table.itemSelectionChanged.connect(self._selection_changed)

        self.add_button = QPushButton(self.tr("新建单位…"))
        self.merge_button = QPushButton(self.tr("合并到…"))
        self.merge_button.setToolTip(self.tr("把所选单位合并到另一个单位：所有引用转到那个单位，"
                                             "所选单位的名称成为它的别名（可撤销）"))
        self.delete_button = QPushButton(self.tr("删除单位"))
        self.delete_button.setToolTip(self.tr("只能删除没有被任何事项、专班、指标或进展引用的单位"))
        self.add_button.clicked.connect(self._guard(self.add_unit))
        self.merge_button.clicked.connect(self._guard(self.merge_selected))
        self.delete_button.clicked.connect(self._guard(self.delete_selected))
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        for button in (self.add_button, self.merge_button, self.delete_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        hint = QLabel(self.tr("直接在表格中修改，离开单元格即保存；Ctrl+Z 撤销，Ctrl+Y 重做。"))
        layout.addWidget(hint)
        layout.addWidget(self.table)
        layout.addWidget(self.message)
        layout.addLayout(row)
        self.install_undo_shortcuts(history)
        history.changed.connect(self._history_changed)
        self.resize(1000, 560)
        self.reload()

    def _history_changed(self, changes) -> None:
        if changes.touches(UNITS):
            self.reload()

    def done(self, result: int) -> None:
        self.history.changed.disconnect(self._history_changed)
        super().done(result)

    def reload(self) -> None:
        selected = self.selected_unit()
        before = [u.id for u in self.units]
        self.units = list_units(self.db)
        # The same units in the same order: change texts in place.  Replacing the items would
        # move the editor Tab just opened (after 联系人, the phone went into 别名).
        in_place = before == [u.id for u in self.units] and self.table.rowCount() == len(before)
        self._filling = True
        try:
            self.table.setRowCount(len(self.units))
            for row, unit in enumerate(self.units):
                usage = unit_usage(self.db, unit.id)
                values = {NAME: unit.name, ALIASES: JOIN.join(unit.aliases), KIND: unit.kind,
                          ORDER: str(unit.sort_order), CONTACT: unit.contact_person,
                          PHONE: unit.phone, USAGE: usage.describe() or self.tr("未被使用")}
                for column, value in values.items():
                    if in_place:
                        item = self.table.item(row, column)
                        if item.text() != value:
                            item.setText(value)
                            if column == USAGE:
                                item.setToolTip(value)
                        continue
                    item = QTableWidgetItem(value)
                    item.setData(Qt.ItemDataRole.UserRole, unit.id)
                    if column == USAGE:
                        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                        item.setToolTip(value)
                    self.table.setItem(row, column, item)
        finally:
            self._filling = False
        if selected is not None and not in_place:
            self.select_unit(selected.id)
        self._selection_changed()

    def row_of(self, unit_id: int) -> int:
        return next((i for i, u in enumerate(self.units) if u.id == unit_id), -1)

    def select_unit(self, unit_id: int) -> None:
        row = self.row_of(unit_id)
        if row >= 0:  # the whole row, the current column kept (selectRow moves it to the first)
            self.table.setCurrentCell(row, max(0, self.table.currentColumn()))

    def selected_unit(self) -> UnitInfo | None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        if len(rows) != 1 or not self.units:
            return None
        row = rows.pop()
        return self.units[row] if row < len(self.units) else None

    def _selection_changed(self) -> None:
        has = self.selected_unit() is not None
        self.merge_button.setEnabled(has and len(self.units) > 1)
        self.delete_button.setEnabled(has)

    def _cell_changed(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        unit = self.units[item.row()]
        text = item.text().strip()
        column = item.column()
        if column == ALIASES:
            aliases = split_names(text)
            if aliases != list(unit.aliases):
                self.history.perform(UpdateUnitCommand(self.db, unit.id, aliases=aliases,
                                                       expected_version=unit.version))
            return
        field = FIELD_OF.get(column)
        if field is None:
            return
        if field == "sort_order":
            try:
                value = int(text)
            except ValueError:
                raise InvalidInput(self.tr("排序应为整数，而不是“{}”。").format(text)) from None
        else:
            value = text
        if value != getattr(unit, field):
            self.history.perform(UpdateUnitCommand(self.db, unit.id, **{field: value},
                                                   expected_version=unit.version))

    def add_unit(self) -> None:
        name = ui.ask_text(self, self.tr("新建单位"), self.tr("单位全称："))
        if name is None or not name.strip():
            return
        info = self.history.perform(CreateUnitCommand(self.db, name))
        self.select_unit(info.id)
        self.message.setText(self.tr("已新建单位“{}”。").format(info.name))

    def merge_selected(self) -> None:
        gone = self.selected_unit()
        if gone is None:
            return
        others = [u for u in self.units if u.id != gone.id]
        choice = ui.ask_choice(self, self.tr("合并单位"), self.tr("把“{}”合并到：").format(gone.name),
                               [u.name for u in others], preselect=False)
        if choice is None:
            return
        keep = others[choice]
        usage = unit_usage(self.db, gone.id)
        if not ui.ask_confirm(
                self, self.tr("合并单位"),
                self.tr("“{gone}”的全部引用（{usage}）将转到“{keep}”，“{gone}”及其别名成为“{keep}”的"
                        "别名。\n可用“撤销”恢复。确定合并吗？").format(
                    gone=gone.name, keep=keep.name, usage=usage.describe() or self.tr("无"))):
            return
        self.history.perform(MergeUnitsCommand(self.db, keep.id, gone.id))
        self.select_unit(keep.id)
        self.message.setText(self.tr("已把“{}”合并到“{}”。").format(gone.name, keep.name))

    def delete_selected(self) -> None:
        unit = self.selected_unit()
        if unit is None:
            return
        usage = unit_usage(self.db, unit.id)
        if usage.total:
            ui.tell_user(self, self.tr("不能删除"),
                         self.tr("单位“{}”仍被使用：{}。\n请先在这些地方换成其他单位，"
                                 "或把它合并到另一个单位。").format(unit.name, usage.describe()))
            return
        if not ui.ask_confirm(self, self.tr("删除单位"), self.tr("确定删除单位“{}”吗？").format(unit.name)):
            return
        self.history.perform(DeleteUnitCommand(self.db, unit.id))
        self.message.setText(self.tr("已删除单位“{}”。").format(unit.name))
