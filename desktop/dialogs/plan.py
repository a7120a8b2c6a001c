"""Plan and work group (方案与专班信息): title, region, year, dates, goals; convener,
deputies, office unit, member units in order.

确定 saves everything in one transaction as one undoable step.
"""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from db.errors import ConcurrentEdit, InvalidInput
from db.services import plans as plan_services
from db.services.units import list_units
from db.session import Database
from desktop import prompts as ui
from desktop.dialogs.unit_picker import (
    JOIN,
    UnitPicker,
    confirm_new_units,
    lookup_names,
    split_names,
    unit_ids_creating_missing,
)
from desktop.undo import EditHistory, SavePlanDetailsCommand


class OptionalDate(QWidget):
    """A date that may be left empty (a check box turns it on)."""

    def __init__(self, value: dt.date | None, parent=None) -> None:
        super().__init__(parent)
        self.check = QCheckBox()
        self.date = QDateEdit(QDate(value or dt.date.today()))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat(self.tr("yyyy年MM月dd日"))
        self.check.setChecked(value is not None)
        self.date.setEnabled(value is not None)
        self.check.toggled.connect(self.date.setEnabled)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.check)
        row.addWidget(self.date, 1)

    def value(self) -> dt.date | None:
        return self.date.date().toPython() if self.check.isChecked() else None

    def set_value(self, value: dt.date | None) -> None:
        self.check.setChecked(value is not None)
        if value is not None:
            self.date.setDate(QDate(value))


class PlanDetailsDialog(QDialog):
    def __init__(self, db: Database, history: EditHistory, plan_id: int, parent=None) -> None:
        super().__init__(parent)
        self.db, self.history, self.plan_id = db, history, plan_id
        self.setWindowTitle(self.tr("方案与专班信息"))
        self.title = QLineEdit()
        self.region_edit = QLineEdit()
        self.region_edit.setPlaceholderText(self.tr("如：示例县"))
        self.year = QSpinBox()
        self.year.setRange(0, 2100)
        self.year.setSpecialValueText(self.tr("未填"))
        self.issuing_body = QLineEdit()
        self.start_date = OptionalDate(None)
        self.end_date = OptionalDate(None)
        self.goals = QPlainTextEdit()
        self.goals.setTabChangesFocus(True)
        self.goals.setMinimumHeight(80)

        self.group_name = QLineEdit()
        self.convener = QLineEdit()
        self.deputies = QLineEdit()
        self.deputies.setPlaceholderText(self.tr("多位副召集人用“、”分隔"))
        self.office_unit = UnitPicker(single=True)
        self.members = UnitPicker()
        self.members.setToolTip(self.tr("成员单位按此顺序排列；输入时提示单位全称和别名"))
        self.office_duties = QPlainTextEdit()
        self.office_duties.setTabChangesFocus(True)
        self.office_duties.setMaximumHeight(60)
        self.reload()

        plan_box = QGroupBox(self.tr("工作方案"))
        form = QFormLayout(plan_box)
        form.addRow(self.tr("方案标题："), self.title)
        form.addRow(self.tr("地区："), self.region_edit)
        form.addRow(self.tr("年度："), self.year)
        form.addRow(self.tr("发文单位："), self.issuing_body)
        form.addRow(self.tr("开始日期："), self.start_date)
        form.addRow(self.tr("结束日期："), self.end_date)
        form.addRow(self.tr("工作目标："), self.goals)
        group_box = QGroupBox(self.tr("工作专班"))
        form = QFormLayout(group_box)
        form.addRow(self.tr("专班名称："), self.group_name)
        form.addRow(self.tr("召集人："), self.convener)
        form.addRow(self.tr("副召集人："), self.deputies)
        form.addRow(self.tr("专班办公室："), self.office_unit)
        form.addRow(self.tr("成员单位："), self.members)
        form.addRow(self.tr("办公室职责："), self.office_duties)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(plan_box)
        layout.addWidget(group_box)
        layout.addWidget(buttons)
        self.resize(760, 640)

    def reload(self) -> None:
        """Show the plan and work group as stored (and remember the versions shown)."""
        plan = plan_services.get_plan(self.db, self.plan_id)
        group = plan_services.get_work_group(self.db, self.plan_id)
        units = list_units(self.db)
        self.region = plan.region
        self.versions = (plan.version, group.version)
        self.title.setText(plan.title)
        self.region_edit.setText(plan.region)
        self.year.setValue(plan.year or 0)
        self.issuing_body.setText(plan.issuing_body)
        self.start_date.set_value(plan.start_date)
        self.end_date.set_value(plan.end_date)
        self.goals.setPlainText(plan.goals_text)
        self.group_name.setText(group.name)
        self.convener.setText(group.convener)
        self.deputies.setText(JOIN.join(group.deputy_conveners))
        self.office_unit.set_units_list(units)
        self.office_unit.set_units([group.office_unit] if group.office_unit else [])
        self.members.set_units_list(units)
        self.members.set_units(group.member_units)
        self.office_duties.setPlainText(group.office_duties)

    def plan_fields(self) -> dict:
        return dict(title=self.title.text().strip(), region=self.region_edit.text().strip(),
                    year=self.year.value() or None, issuing_body=self.issuing_body.text().strip(),
                    start_date=self.start_date.value(), end_date=self.end_date.value(),
                    goals_text=self.goals.toPlainText().strip())

    def save(self) -> None:
        try:
            if self.save_changes():
                self.accept()
        except ConcurrentEdit as exc:  # both values shown, then the stored ones
            ui.show_error(self, exc)
            self.reload()
        except Exception as exc:  # noqa: BLE001 - the dialog stays open with what was typed
            ui.show_error(self, exc)

    def save_changes(self) -> bool:
        """Save as one undo step; False when the clerk declined to create a missing unit."""
        fields = self.plan_fields()
        plan_services.check_plan_fields(dict(fields))
        region = fields["region"]
        office_found = lookup_names(self.db, self.office_unit.names(), region)
        member_found = lookup_names(self.db, self.members.names(), region)
        if len(office_found) > 1:
            raise InvalidInput(self.tr("专班办公室只能填一个单位。"))
        if not confirm_new_units(self, office_found, member_found):
            return False
        with self.history.macro(self.tr("修改方案与专班信息")):
            office = unit_ids_creating_missing(self.db, self.history, office_found)
            members = unit_ids_creating_missing(self.db, self.history, member_found)
            group = dict(name=self.group_name.text(), convener=self.convener.text(),
                         deputy_conveners=split_names(self.deputies.text()),
                         office_unit_id=office[0] if office else None,
                         member_unit_ids=members,
                         office_duties=self.office_duties.toPlainText().strip())
            self.history.perform(SavePlanDetailsCommand(self.db, self.plan_id, fields, group,
                                                        expected_versions=self.versions))
        return True
