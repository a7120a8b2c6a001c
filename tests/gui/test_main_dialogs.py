"""Plan and work group dialog, indicators dialog, opened from the main window's menus."""
import pytest

from db.dump import dump_plan
from db.services import plans, units
from desktop.dialogs.indicators import LEAD, NAME, TARGET, IndicatorsDialog
from desktop.dialogs.plan import PlanDetailsDialog

pytestmark = pytest.mark.qt_log_ignore("does not support")


def test_plan_details_saved_as_one_undo_step(window, qtbot, db, demo_plan, prompts):
    start = dump_plan(db, demo_plan)
    dialog = PlanDetailsDialog(db, window.history, demo_plan, window)
    qtbot.addWidget(dialog)
    dialog.convener.setText("县人民政府副县长 李华")
    dialog.deputies.setText("县政府办副主任、县科工信局局长、县财政局副局长")
    dialog.members.setText("县科工信局、财政局、县档案馆")
    dialog.office_unit.setText("科工信局")
    dialog.year.setValue(2027)
    dialog.goals.setPlainText("新的目标。")
    prompts.confirm_answers.append(True)  # create 县档案馆
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    group = plans.get_work_group(db, demo_plan)
    assert group.convener == "县人民政府副县长 李华"
    assert group.deputy_conveners == ("县政府办副主任", "县科工信局局长", "县财政局副局长")
    assert [u.name for u in group.member_units] == ["县科工信局", "县财政局", "县档案馆"]
    assert group.office_unit.name == "县科工信局"
    plan = plans.get_plan(db, demo_plan)
    assert plan.year == 2027 and plan.goals_text == "新的目标。"
    window.act_undo.trigger()
    assert dump_plan(db, demo_plan) == start
    assert units.lookup_unit(db, "县档案馆") is None


def test_plan_details_bad_dates_keep_dialog_open(window, qtbot, db, demo_plan, prompts):
    dialog = PlanDetailsDialog(db, window.history, demo_plan, window)
    qtbot.addWidget(dialog)
    dialog.end_date.set_value(plans.get_plan(db, demo_plan).start_date.replace(year=2020))
    dialog.save()
    assert "结束日期" in prompts.errors.pop()[1]
    assert dialog.result() != dialog.DialogCode.Accepted
    assert window.history.stack.count() == 0


def test_indicators_edit_add_delete_move_and_undo(window, qtbot, db, demo_plan, prompts):
    start = dump_plan(db, demo_plan)
    dialog = IndicatorsDialog(db, window.history, demo_plan, window)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == len(plans.list_indicators(db, demo_plan))
    dialog.table.item(0, TARGET).setText("12.5")
    assert plans.list_indicators(db, demo_plan)[0].target == 12.5
    dialog.table.item(0, TARGET).setText("很多")
    assert "不是数字" in prompts.errors.pop()[1]
    assert dialog.table.item(0, TARGET).text() == "12.5"
    dialog.table.item(0, LEAD).setText("财政局")  # an alias: stored as the unit
    assert plans.list_indicators(db, demo_plan)[0].lead_unit.name == "县财政局"
    assert dialog.table.item(0, LEAD).text() == "县财政局"
    dialog.add_button.click()
    new_row = dialog.table.rowCount() - 1
    dialog.table.item(new_row, NAME).setText("新增孵化器面积")
    assert plans.list_indicators(db, demo_plan)[-1].name == "新增孵化器面积"
    dialog.up_button.click()
    assert plans.list_indicators(db, demo_plan)[-2].name == "新增孵化器面积"
    dialog.table.selectRow(0)
    prompts.confirm_answers.append(True)
    dialog.delete_button.click()
    assert len(plans.list_indicators(db, demo_plan)) == len(start["indicators"])
    while window.history.stack.canUndo():
        window.history.undo()
    assert dump_plan(db, demo_plan) == start
    assert dialog.table.item(0, TARGET).text() == "10"


def test_menus_open_the_dialogs(window, monkeypatch):
    from desktop.dialogs import indicators, plan, units as units_dialog

    opened = []
    for module, name in ((plan, "PlanDetailsDialog"), (indicators, "IndicatorsDialog"),
                         (units_dialog, "UnitsDialog")):
        cls = getattr(module, name)
        monkeypatch.setattr(cls, "exec", lambda self, n=name: opened.append(n))
    file_menu = [a.text() for a in window.menu("文件").actions()]
    assert "方案与专班信息…" in file_menu and "单位管理…" in file_menu
    window.act_plan_info.trigger()
    window.act_indicators.trigger()
    window.act_units.trigger()
    assert opened == ["PlanDetailsDialog", "IndicatorsDialog", "UnitsDialog"]
