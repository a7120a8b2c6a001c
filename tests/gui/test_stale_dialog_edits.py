"""The units, plan/work-group and indicators dialogs send the version they show: an edit made
after another client changed the row is the conflict message and a reload, not an overwrite."""
import pytest

from db.services import plans, units
from desktop.dialogs.indicators import TARGET, IndicatorsDialog
from desktop.dialogs.plan import PlanDetailsDialog
from desktop.dialogs.units import CONTACT, ALIASES, UnitsDialog
from desktop.undo import EditHistory

pytestmark = pytest.mark.qt_log_ignore("does not support")
CONFLICT = "修改未保存：内容已被他人更改"


def conflict_shown(prompts) -> str:
    title, text = prompts.errors.pop()
    assert title == CONFLICT and not prompts.errors
    return text


def test_units_dialog_stale_cell_edit(qtbot, db, demo_plan, prompts):
    history = EditHistory(db)
    dialog = UnitsDialog(db, history)
    qtbot.addWidget(dialog)
    row = next(i for i, u in enumerate(dialog.units) if u.name == "县财政局")
    unit_id = dialog.units[row].id
    units.update_unit(db, unit_id, contact_person="另一位")  # the second client
    dialog.table.item(row, CONTACT).setText("王五")
    text = conflict_shown(prompts)
    assert "王五" in text and "另一位" in text
    assert units.get_unit(db, unit_id).contact_person == "另一位"
    assert dialog.table.item(row, CONTACT).text() == "另一位"  # reloaded
    assert history.stack.count() == 0
    # Reloaded, the dialog holds the new version: the next edit goes through.
    dialog.table.item(row, CONTACT).setText("王五")
    assert units.get_unit(db, unit_id).contact_person == "王五" and not prompts.errors
    units.update_unit(db, unit_id, phone="0000")  # aliases are checked against it too
    dialog.table.item(row, ALIASES).setText("财政")
    conflict_shown(prompts)
    assert units.get_unit(db, unit_id).aliases != ("财政",)


def test_plan_details_stale_save(qtbot, db, demo_plan, prompts):
    history = EditHistory(db)
    dialog = PlanDetailsDialog(db, history, demo_plan)
    qtbot.addWidget(dialog)
    plans.update_plan(db, demo_plan, goals_text="另一位写的目标。")
    dialog.goals.setPlainText("我的目标。")
    dialog.save()
    text = conflict_shown(prompts)
    assert "我的目标" in text and "另一位写的目标" in text
    assert dialog.result() != dialog.DialogCode.Accepted
    assert plans.get_plan(db, demo_plan).goals_text == "另一位写的目标。"
    assert dialog.goals.toPlainText() == "另一位写的目标。"  # reloaded
    assert history.stack.count() == 0

    plans.set_work_group(db, demo_plan, convener="另一位召集人")  # the work group alone
    dialog.convener.setText("我的召集人")
    dialog.save()
    text = conflict_shown(prompts)
    assert "召集人" in text and "另一位召集人" in text
    assert plans.get_work_group(db, demo_plan).convener == "另一位召集人"
    assert dialog.convener.text() == "另一位召集人"

    dialog.convener.setText("我的召集人")  # after the reload the save goes through
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted and not prompts.errors
    assert plans.get_work_group(db, demo_plan).convener == "我的召集人"


def test_indicators_dialog_stale_cell_edit(qtbot, db, demo_plan, prompts):
    history = EditHistory(db)
    dialog = IndicatorsDialog(db, history, demo_plan)
    qtbot.addWidget(dialog)
    ind = dialog.indicators[0]
    plans.update_indicator(db, ind.id, target=77)
    dialog.table.item(0, TARGET).setText("12.5")
    text = conflict_shown(prompts)
    assert "12.5" in text and "77" in text
    assert plans.get_indicator(db, ind.id).target == 77
    assert dialog.table.item(0, TARGET).text() == "77"
    assert history.stack.count() == 0
    dialog.table.item(0, TARGET).setText("12.5")
    assert plans.get_indicator(db, ind.id).target == 12.5 and not prompts.errors


def test_indicator_actual_stale_entry(qtbot, db, demo_plan, prompts):
    from desktop.views.indicator_actuals import ACTUAL, IndicatorActuals

    view = IndicatorActuals(db)
    qtbot.addWidget(view)
    view.set_plan(demo_plan)
    view.set_month("2026-11")
    ind = plans.list_indicators(db, demo_plan)[0]
    plans.set_indicator_actual(db, ind.id, "2026-11", 8.25)  # the second client
    view.table.item(0, ACTUAL).setText("7.5")
    text = conflict_shown(prompts)
    assert "7.5" in text and "8.25" in text
    assert plans.get_indicator(db, ind.id).actuals["2026-11"] == 8.25
    assert view.table.item(0, ACTUAL).text() == "8.25"  # reloaded
    view.table.item(0, ACTUAL).setText("7.5")  # now on the shown version: saved
    assert plans.get_indicator(db, ind.id).actuals["2026-11"] == 7.5 and not prompts.errors
    # A month with no entry shown (version 0) that another client fills meanwhile.
    view.set_month("2026-12")
    plans.set_indicator_actual(db, ind.id, "2026-12", 9)
    view.table.item(0, ACTUAL).setText("1")
    conflict_shown(prompts)
    assert plans.get_indicator(db, ind.id).actuals["2026-12"] == 9
