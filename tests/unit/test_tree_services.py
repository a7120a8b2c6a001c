"""Services behind the tree editor's undo: delete/restore a subtree, copy a plan to next year."""
import dataclasses
import datetime as dt

import pytest

from db.errors import InvalidInput
from db.services import plans, progress, tasks, units, year_copy


def _tree(db, plan_id):
    return [(t.id, t.parent_id, t.number, t.text) for t in tasks.load_tree(db, plan_id)]


def test_delete_and_restore_subtree_gives_back_ids_units_and_progress(db, demo_plan):
    before = _tree(db, demo_plan)
    task = next(t for t in tasks.load_tree(db, demo_plan) if t.depth == 1)
    count = tasks.count_subtree(db, task.id)
    entries_before = progress.progress_for_plan(db, demo_plan)
    snapshot = tasks.delete_subtree(db, task.id)
    assert snapshot.count == count > 1
    assert len(tasks.load_tree(db, demo_plan)) == len(before) - count
    restored = tasks.restore_subtree(db, snapshot)
    assert restored.id == task.id
    assert _tree(db, demo_plan) == before
    after = tasks.load_tree(db, demo_plan)
    assert [t.lead_units for t in after] == [t.lead_units for t in tasks.load_tree(db, demo_plan)]
    assert progress.progress_for_plan(db, demo_plan) == entries_before
    with pytest.raises(InvalidInput):
        tasks.restore_subtree(db, snapshot)


def test_copy_plan_to_next_year_copies_everything_but_progress(db, demo_plan):
    source = plans.get_plan(db, demo_plan)
    copy = year_copy.copy_plan_to_next_year(db, demo_plan)
    assert copy.year == source.year + 1
    assert f"{source.year + 1}年" in copy.title
    assert copy.start_date == dt.date(source.year + 1, 1, 1)
    old, new = tasks.load_tree(db, demo_plan), tasks.load_tree(db, copy.id)
    assert [t.number for t in new] == [t.number for t in old]
    assert [t.text for t in new] == [t.text for t in old]
    assert [t.lead_units for t in new] == [t.lead_units for t in old]
    assert [t.responsible_units for t in new] == [t.responsible_units for t in old]
    for a, b in zip(old, new):
        if a.deadline:
            assert b.deadline.year == a.deadline.year + 1
        assert b.deadline_text == a.deadline_text.replace(f"{source.year}年",
                                                          f"{source.year + 1}年")
    assert any(f"{source.year + 1}年" in t.deadline_text for t in new)
    assert progress.progress_for_plan(db, copy.id) == {}
    group_old, group_new = plans.get_work_group(db, demo_plan), plans.get_work_group(db, copy.id)
    assert group_new.member_units == group_old.member_units
    assert group_new.convener == group_old.convener
    assert group_new.office_unit == group_old.office_unit
    inds_old, inds_new = plans.list_indicators(db, demo_plan), plans.list_indicators(db, copy.id)
    assert [(i.name, i.target) for i in inds_new] == [(i.name, i.target) for i in inds_old]
    assert all(not i.actuals for i in inds_new)


def test_merge_then_unmerge_splits_the_units_back(db, demo_plan):
    all_units = {u.name: u for u in units.list_units(db)}
    keep, gone = all_units["县发改局"], all_units["县财政局"]
    usage_keep, usage_gone = units.unit_usage(db, keep.id), units.unit_usage(db, gone.id)
    tree_before = [(t.lead_units, t.responsible_units) for t in tasks.load_tree(db, demo_plan)]
    group_before = plans.get_work_group(db, demo_plan)
    snapshot = units.merge_units_with_snapshot(db, keep.id, gone.id)
    assert "县财政局" in units.get_unit(db, keep.id).aliases
    assert units.unit_usage(db, keep.id).total >= usage_keep.total
    back = units.unmerge_units(db, snapshot)
    assert back.id == gone.id and back.aliases == gone.aliases
    assert units.get_unit(db, keep.id).aliases == keep.aliases
    assert units.unit_usage(db, keep.id) == usage_keep
    assert units.unit_usage(db, gone.id) == usage_gone
    assert [(t.lead_units, t.responsible_units)
            for t in tasks.load_tree(db, demo_plan)] == tree_before
    assert plans.get_work_group(db, demo_plan) == group_before


def test_delete_unused_unit_and_restore(db):
    unit = units.create_unit(db, "县档案馆", aliases=["档案馆"], phone="123")
    info = units.delete_unused_unit(db, unit.id)
    assert units.lookup_unit(db, "档案馆") is None
    again = units.restore_unit(db, info)
    assert again == unit
    assert units.lookup_unit(db, "档案馆").id == unit.id


def test_indicator_delete_and_restore_keeps_place_and_actuals(db, demo_plan):
    before = plans.list_indicators(db, demo_plan)
    info = plans.delete_indicator_with_snapshot(db, before[1].id)
    assert [i.id for i in plans.list_indicators(db, demo_plan)] == [
        i.id for i in before if i.id != before[1].id]
    plans.restore_indicator(db, info)

    def without_version(rows):
        return [dataclasses.replace(i, version=0) for i in rows]

    assert without_version(plans.list_indicators(db, demo_plan)) == without_version(before)


def test_task_info_agrees_with_the_whole_tree(db, demo_plan):
    tasks.indent(db, next(t for t in tasks.load_tree(db, demo_plan) if t.position == 1).id)
    for info in tasks.load_tree(db, demo_plan):
        assert tasks.get_task(db, info.id) == info
