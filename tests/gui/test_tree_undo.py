"""Undo commands without a window: each edit undone and redone gives back the same plan."""
import pytest

from db.dump import dump_plan
from db.errors import InvalidInput
from db.services import plans, tasks, units
from desktop.undo import (
    AddIndicatorCommand,
    AddTaskCommand,
    CreateUnitCommand,
    DeleteIndicatorCommand,
    DeleteTaskCommand,
    DuplicateTaskCommand,
    EditHistory,
    MergeUnitsCommand,
    MoveTaskCommand,
    RenamePlanCommand,
    SavePlanDetailsCommand,
    SetTaskUnitsCommand,
    UpdateIndicatorCommand,
    UpdateTaskCommand,
    UpdateUnitCommand,
)


@pytest.fixture
def history(qapp, db):
    return EditHistory(db)


def unit_id(db, name):
    return units.lookup_unit(db, name).id


def test_many_kinds_of_edit_undo_back_to_the_start_and_redo_again(history, db, demo_plan):
    start = dump_plan(db, demo_plan)
    tree = tasks.load_tree(db, demo_plan)
    item = next(t for t in tree if t.depth == 2 and t.position == 1)
    category = next(t for t in tree if t.depth == 0)
    history.perform(UpdateTaskCommand(db, item.id, content="改写后的内容", deadline_text="年底"))
    history.perform(SetTaskUnitsCommand(db, item.id, "lead",
                                        [unit_id(db, "县财政局"), unit_id(db, "县发改局")]))
    history.perform(MoveTaskCommand(db, item.id, "降级", tasks.indent))
    added = history.perform(AddTaskCommand(db, demo_plan, category.id, 0, title="新任务"))
    history.perform(DuplicateTaskCommand(db, category.id))
    history.perform(DeleteTaskCommand(db, category.id))
    history.perform(MergeUnitsCommand(db, unit_id(db, "县发改局"), unit_id(db, "县财政局")))
    history.perform(RenamePlanCommand(db, demo_plan, "改名后的方案"))
    edited = dump_plan(db, demo_plan)
    assert edited != start
    assert edited["title"] == "改名后的方案"
    assert history.stack.count() == 8

    while history.stack.canUndo():
        history.undo()
    assert dump_plan(db, demo_plan) == start

    while history.stack.canRedo():
        history.redo()
    assert dump_plan(db, demo_plan) == edited
    # the added node sat in the deleted category: gone again after redo, like before
    assert added.id not in {t.id for t in tasks.load_tree(db, demo_plan)}


def test_failed_edit_pushes_nothing(history, db, demo_plan):
    item = tasks.load_tree(db, demo_plan)[0]
    with pytest.raises(InvalidInput):
        history.perform(MoveTaskCommand(db, item.id, "升级", tasks.outdent))
    assert history.stack.count() == 0


def test_failed_undo_is_reported_and_history_cleared(history, db, demo_plan):
    item = tasks.load_tree(db, demo_plan)[-1]
    history.perform(UpdateTaskCommand(db, item.id, title="甲"))
    tasks.delete_task(db, item.id)  # someone else removed it meanwhile
    failures = []
    history.failed.connect(failures.append)
    history.undo()
    assert failures and "不存在" in failures[0].user_text()
    assert history.stack.count() == 0


def test_unit_commands_undo(history, db, demo_plan):
    start_units = units.list_units(db)
    created = history.perform(CreateUnitCommand(db, "县档案馆"))
    history.perform(UpdateUnitCommand(db, created.id, phone="0731-1", aliases=["档案馆"]))
    assert units.lookup_unit(db, "档案馆").id == created.id
    history.undo()
    assert units.get_unit(db, created.id).aliases == ()
    history.undo()
    assert units.list_units(db) == start_units
    history.redo()
    history.redo()
    assert units.get_unit(db, created.id).phone == "0731-1"


def test_plan_details_and_indicator_commands_undo(history, db, demo_plan):
    start = dump_plan(db, demo_plan)
    history.perform(SavePlanDetailsCommand(
        db, demo_plan, {"title": "新标题", "year": 2027},
        {"convener": "李四", "member_unit_ids": [unit_id(db, "县财政局")]}))
    ind = history.perform(AddIndicatorCommand(db, demo_plan, "新增指标", target=3))
    history.perform(UpdateIndicatorCommand(db, ind.id, target=5, lead_unit_id=unit_id(db, "县财政局")))
    first = plans.list_indicators(db, demo_plan)[0]
    history.perform(DeleteIndicatorCommand(db, first.id))
    changed = dump_plan(db, demo_plan)
    assert changed["work_group"]["member_units"] == ["县财政局"]
    assert changed["indicators"][-1]["target"] == 5
    while history.stack.canUndo():
        history.undo()
    assert dump_plan(db, demo_plan) == start
    while history.stack.canRedo():
        history.redo()
    assert dump_plan(db, demo_plan) == changed


def test_macro_is_one_undo_step(history, db, demo_plan):
    item = tasks.load_tree(db, demo_plan)[2]
    changes = []
    history.changed.connect(changes.append)
    with history.macro("设置牵头单位"):
        unit = history.perform(CreateUnitCommand(db, "县档案馆"))
        history.perform(SetTaskUnitsCommand(db, item.id, "lead", [unit.id]))
    assert len(changes) == 1  # one notice for the whole step
    assert changes[0].kinds == {"tasks", "units"} and changes[0].task_ids == {item.id}
    assert history.stack.count() == 1
    history.undo()
    assert units.lookup_unit(db, "县档案馆") is None
    assert tasks.get_task(db, item.id).lead_units == item.lead_units


def test_macro_that_does_nothing_leaves_no_step(history, db, demo_plan):
    with pytest.raises(InvalidInput):
        with history.macro("设置牵头单位"):
            raise InvalidInput("单位名称不能为空。")
    with history.macro("空操作"):
        pass
    assert history.stack.count() == 0
    item = tasks.load_tree(db, demo_plan)[0]
    history.perform(UpdateTaskCommand(db, item.id, title="甲"))
    assert history.stack.count() == 1 and history.stack.undoText() == "修改事项"
