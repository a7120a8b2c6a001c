"""Units manager: edit cells, aliases, create, merge (one undo step), refuse deleting used units."""
import pytest
from PySide6.QtCore import Qt

from db.dump import dump_plan
from db.services import tasks, units
from desktop.dialogs.units import ALIASES, CONTACT, KIND, NAME, ORDER, PHONE, UnitsDialog
from desktop.undo import EditHistory

pytestmark = pytest.mark.qt_log_ignore("does not support")


@pytest.fixture
def dialog(qtbot, db, demo_plan, prompts):
    history = EditHistory(db)
    d = UnitsDialog(db, history)
    qtbot.addWidget(d)
    d.show()
    yield d
    assert not prompts.errors, prompts.errors


def set_cell(dialog, unit_name, column, text):
    row = next(i for i, u in enumerate(dialog.units) if u.name == unit_name)
    dialog.table.item(row, column).setText(text)


def test_table_lists_units_with_usage(dialog, db):
    assert dialog.table.rowCount() == len(units.list_units(db))
    row = next(i for i, u in enumerate(dialog.units) if u.name == "县科工信局")
    assert "牵头单位" in dialog.table.item(row, 6).text()
    assert dialog.table.horizontalHeaderItem(NAME).text() == "单位名称"


def test_cell_edits_save_and_undo(dialog, db):
    set_cell(dialog, "县财政局", NAME, "示例县财政局")
    set_cell(dialog, "示例县财政局", ALIASES, "财政局、县财政局、财政")
    set_cell(dialog, "示例县财政局", CONTACT, "王五")
    set_cell(dialog, "示例县财政局", KIND, "综合部门")
    set_cell(dialog, "示例县财政局", ORDER, "99")
    set_cell(dialog, "示例县财政局", PHONE, "0731-5550999")
    info = units.lookup_unit(db, "财政")
    assert info.name == "示例县财政局"
    stored = units.get_unit(db, info.id)
    assert stored.aliases == ("财政局", "县财政局", "财政") and stored.contact_person == "王五"
    assert (stored.kind, stored.sort_order, stored.phone) == ("综合部门", 99, "0731-5550999")
    assert dialog.units[-1].id == info.id  # the list follows the order
    for _ in range(6):
        dialog.history.undo()
    assert units.get_unit(db, info.id).name == "县财政局"
    assert dialog.table.item(dialog.row_of(info.id), NAME).text() == "县财政局"


def test_bad_input_is_refused_with_a_message(dialog, db, prompts):
    set_cell(dialog, "县财政局", NAME, "县发改局")
    assert prompts.errors.pop()[1] == "已有名为“县发改局”的单位。"
    set_cell(dialog, "县财政局", ORDER, "第三")
    assert "整数" in prompts.errors.pop()[1]
    assert units.lookup_unit(db, "县财政局").name == "县财政局"
    row = next(i for i, u in enumerate(dialog.units) if u.name == "县财政局")
    assert dialog.table.item(row, NAME).text() == "县财政局"


def test_create_unit(dialog, db, prompts):
    prompts.texts.append("县档案馆")
    dialog.add_button.click()
    assert units.lookup_unit(db, "县档案馆") is not None
    assert dialog.selected_unit().name == "县档案馆"


def test_merge_moves_every_reference_and_undoes_in_one_step(dialog, db, demo_plan, prompts):
    start = dump_plan(db, demo_plan)
    gone = units.lookup_unit(db, "县财政局")
    keep = units.lookup_unit(db, "县发改局")
    dialog.select_unit(gone.id)
    others = [u for u in dialog.units if u.id != gone.id]
    prompts.choices.append(next(i for i, u in enumerate(others) if u.id == keep.id))
    prompts.confirm_answers.append(True)
    dialog.merge_button.click()
    assert "县财政局" in prompts.asked[-1][1]
    assert units.lookup_unit(db, "县财政局").id == keep.id  # now an alias
    tree = tasks.load_tree(db, demo_plan)
    assert all(gone.id not in [u.id for u in t.lead_units + t.responsible_units] for t in tree)
    assert dialog.row_of(gone.id) == -1
    assert dialog.history.stack.count() == 1
    dialog.history.undo()
    assert dump_plan(db, demo_plan) == start
    assert units.lookup_unit(db, "县财政局").id == gone.id
    assert dialog.row_of(gone.id) >= 0


def test_delete_refused_while_used_then_allowed(dialog, db, prompts):
    used = units.lookup_unit(db, "县财政局")
    dialog.select_unit(used.id)
    dialog.delete_button.click()
    title, text = prompts.told.pop()
    assert title == "不能删除" and "个事项的" in text
    assert units.lookup_unit(db, "县财政局") is not None
    spare = units.create_unit(db, "县档案馆")
    dialog.reload()
    dialog.select_unit(spare.id)
    prompts.confirm_answers.append(True)
    dialog.delete_button.click()
    assert units.lookup_unit(db, "县档案馆") is None
    dialog.history.undo()
    assert units.lookup_unit(db, "县档案馆").id == spare.id


def test_undo_shortcut_in_dialog(dialog, qtbot, db):
    set_cell(dialog, "县财政局", CONTACT, "赵六")
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert units.lookup_unit(db, "县财政局") and units.get_unit(
        db, units.lookup_unit(db, "县财政局").id).contact_person == "王海"


def test_tab_after_contact_puts_the_phone_in_the_phone_column(dialog, db, qtbot):
    """Typed as a clerk types: 联系人, Tab, the phone, Enter.  The phone must not land in
    别名, which drives unit matching on import."""
    from tests.gui.conftest import type_text

    row = next(i for i, u in enumerate(dialog.units) if u.name == "县财政局")
    unit_id = units.lookup_unit(db, "县财政局").id
    before = units.get_unit(db, unit_id)
    dialog.activateWindow()
    dialog.table.setFocus()
    index = dialog.table.model().index(row, CONTACT)
    dialog.table.setCurrentIndex(index)
    qtbot.keyClick(dialog.table, Qt.Key.Key_F2)
    editor = dialog.table.indexWidget(index)
    editor.selectAll()
    type_text(editor, "王五")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    phone_index = dialog.table.model().index(row, PHONE)
    qtbot.waitUntil(lambda: dialog.table.indexWidget(phone_index) is not None)
    assert units.get_unit(db, unit_id).contact_person == "王五"
    editor = dialog.table.indexWidget(phone_index)
    type_text(editor, "0571-1234567")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.table.indexWidget(phone_index) is None)
    after = units.get_unit(db, unit_id)
    assert (after.contact_person, after.phone) == ("王五", "0571-1234567")
    assert after.aliases == before.aliases
    assert dialog.table.item(row, ALIASES).text() == "、".join(before.aliases)
