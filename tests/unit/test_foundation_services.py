"""Services of the foundation: the tree keeps its numbering, units merge, progress is unique,
a failing action leaves the database as it was, foreign keys hold."""
import datetime as dt
import hashlib
import sqlite3

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from db.errors import InvalidInput, KnownError
from db.models import ChangeLog, Progress, TaskUnit
from db.services.plans import (
    add_indicator,
    create_plan,
    get_work_group,
    set_indicator_actual,
    set_work_group,
)
from db.services.progress import progress_for_month, progress_history, record_progress
from db.services.tasks import (
    add_task,
    count_subtree,
    delete_task,
    duplicate_task,
    indent,
    load_tree,
    move_down,
    move_task,
    move_up,
    outdent,
    set_task_units,
    update_task,
)
from db.services.units import (
    create_unit,
    delete_unit,
    find_unit,
    list_units,
    match_key,
    merge_units,
    set_aliases,
    unit_usage,
)


def numbers(db, plan_id):
    return [(t.number, t.text) for t in load_tree(db, plan_id)]


@pytest.fixture
def plan(db):
    return create_plan(db, "测试工作方案", region="示例县", year=2026).id


@pytest.fixture
def outline(db, plan):
    """（一）甲 [1. 甲1, 2. 甲2], （二）乙 [3. 乙1]"""
    a = add_task(db, plan, title="甲").id
    b = add_task(db, plan, title="乙").id
    a1 = add_task(db, plan, a, title="甲1").id
    a2 = add_task(db, plan, a, title="甲2").id
    b1 = add_task(db, plan, b, title="乙1").id
    return {"甲": a, "乙": b, "甲1": a1, "甲2": a2, "乙1": b1}


def test_numbering_follows_position_and_runs_on_across_categories(db, plan, outline):
    assert numbers(db, plan) == [("（一）", "甲"), ("1.", "甲1"), ("2.", "甲2"),
                                 ("（二）", "乙"), ("3.", "乙1")]
    add_task(db, plan, outline["甲1"], content="细项")
    assert ("（1）", "细项") in numbers(db, plan)


def test_moves_keep_numbering_right(db, plan, outline):
    move_up(db, outline["乙"])
    assert numbers(db, plan)[0] == ("（一）", "乙")
    assert numbers(db, plan)[1] == ("1.", "乙1")
    move_down(db, outline["乙"])
    move_task(db, outline["甲2"], outline["乙"], 0)
    assert numbers(db, plan) == [("（一）", "甲"), ("1.", "甲1"), ("（二）", "乙"),
                                 ("2.", "甲2"), ("3.", "乙1")]
    indent(db, outline["乙1"])  # under 甲2
    assert numbers(db, plan)[-1] == ("（1）", "乙1")
    outdent(db, outline["乙1"])
    assert numbers(db, plan)[-1] == ("3.", "乙1")
    outdent(db, outline["甲1"])  # becomes a category after 甲
    assert [n for n, _ in numbers(db, plan)] == ["（一）", "（二）", "（三）", "1.", "2."]


def test_positions_stay_dense_after_delete_and_duplicate(db, plan, outline):
    copy = duplicate_task(db, outline["甲"])
    assert copy.number == "（二）"
    assert [t.text for t in load_tree(db, plan)] == ["甲", "甲1", "甲2", "甲", "甲1", "甲2",
                                                     "乙", "乙1"]
    assert count_subtree(db, copy.id) == 3
    assert delete_task(db, copy.id) == 3
    assert numbers(db, plan)[-2] == ("（二）", "乙")


def test_cannot_move_a_node_under_itself(db, plan, outline):
    with pytest.raises(InvalidInput):
        move_task(db, outline["甲"], outline["甲1"])
    with pytest.raises(InvalidInput):
        indent(db, outline["甲"])  # first of its level


def test_task_units_keep_order_and_deduplicate(db, plan, outline):
    u = [create_unit(db, n).id for n in ("县科工信局", "县财政局", "县发改局")]
    info = set_task_units(db, outline["甲1"], "responsible", [u[2], u[0], u[2], u[1]])
    assert [r.name for r in info.responsible_units] == ["县发改局", "县科工信局", "县财政局"]
    info = set_task_units(db, outline["甲1"], "responsible", [u[1]])
    assert [r.name for r in info.responsible_units] == ["县财政局"]


def test_unit_matching_by_alias_and_county_prefix(db):
    unit = create_unit(db, "县科工信局")
    with db.transaction() as s:
        assert find_unit(s, "科工信局", "平江县").id == unit.id
        assert find_unit(s, "平江县科工信局", "平江县").id == unit.id
        assert find_unit(s, "县 科工信局").id == unit.id
        assert find_unit(s, "县委组织部") is None
    assert match_key("县委组织部") == "县委组织部"  # 县委 is not a county prefix
    set_aliases(db, unit.id, ["工信局"])
    with db.transaction() as s:
        assert find_unit(s, "工信局").id == unit.id


def test_unit_merge_moves_every_reference(db, plan, outline):
    keep = create_unit(db, "县科工信局").id
    gone = create_unit(db, "科技局", aliases=["县科技局"]).id
    other = create_unit(db, "县财政局").id
    set_task_units(db, outline["甲1"], "lead", [gone])
    set_task_units(db, outline["甲2"], "responsible", [other, gone, keep])  # both listed
    set_work_group(db, plan, office_unit_id=gone, member_unit_ids=[gone, other])
    add_indicator(db, plan, "研发投入增长", target=10, lead_unit_id=gone)
    record_progress(db, outline["甲1"], "2026-11", status="序时推进", reporting_unit_id=gone)

    merged = merge_units(db, keep, gone)

    assert set(merged.aliases) == {"科技局", "县科技局"}
    assert [u.name for u in list_units(db)] == ["县科工信局", "县财政局"]
    tree = {t.id: t for t in load_tree(db, plan)}
    assert [u.name for u in tree[outline["甲1"]].lead_units] == ["县科工信局"]
    assert [u.name for u in tree[outline["甲2"]].responsible_units] == ["县财政局", "县科工信局"]
    group = get_work_group(db, plan)
    assert group.office_unit.name == "县科工信局"
    assert [u.name for u in group.member_units] == ["县科工信局", "县财政局"]
    assert progress_for_month(db, plan, "2026-11")[outline["甲1"]].reporting_unit.id == keep
    usage = unit_usage(db, keep)
    assert usage.indicators and usage.progress_reports == 1 and usage.office_of_plans == (plan,)


def test_unit_in_use_cannot_be_deleted(db, plan, outline):
    unit = create_unit(db, "县科工信局").id
    set_task_units(db, outline["甲1"], "lead", [unit])
    with pytest.raises(KnownError, match="1 个事项的牵头单位"):
        delete_unit(db, unit)
    set_task_units(db, outline["甲1"], "lead", [])
    delete_unit(db, unit)
    assert list_units(db) == []


def test_progress_is_unique_per_item_and_month(db, plan, outline):
    record_progress(db, outline["甲1"], "2026-10", status="序时推进", percent=40)
    record_progress(db, outline["甲1"], "2026-11", status="序时推进", percent=60)
    record_progress(db, outline["甲1"], "2026-11", percent=70, problems="资金未到位")
    history = progress_history(db, outline["甲1"])
    assert [(p.month, p.percent) for p in history] == [("2026-11", 70), ("2026-10", 40)]
    assert history[0].problems == "资金未到位" and history[0].entered_by == "测试员"
    with db.transaction() as s, pytest.raises(IntegrityError):
        s.add(Progress(task_id=outline["甲1"], month="2026-11"))
        s.flush()


@pytest.mark.parametrize("fields", [{"status": "差不多"}, {"percent": 120}, {"percent": "七成"}])
def test_bad_progress_is_refused_in_chinese(db, plan, outline, fields):
    with pytest.raises(InvalidInput) as err:
        record_progress(db, outline["甲1"], "2026-11", **fields)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(err.value))
    assert progress_history(db, outline["甲1"]) == []
    with pytest.raises(InvalidInput, match="YYYY-MM"):
        record_progress(db, outline["甲1"], "2026-13", status="序时推进")


def file_hash(db) -> str:
    db.dispose()
    return hashlib.sha256(db.path.read_bytes()).hexdigest()


def test_failing_action_leaves_database_unchanged(db, plan, outline):
    unit = create_unit(db, "县科工信局").id
    before = numbers(db, plan)
    with db.engine.connect() as conn:
        count_before = conn.scalar(select(func.count()).select_from(TaskUnit))
    with pytest.raises(KnownError):
        # a work group naming a unit that does not exist: the convener change must roll back too
        set_work_group(db, plan, convener="李四", member_unit_ids=[unit, 9999])
    assert get_work_group(db, plan).convener == ""
    with pytest.raises(Exception):
        with db.transaction() as s:
            add_task.in_session(s, plan, title="半截")
            raise RuntimeError("断电")
    assert numbers(db, plan) == before
    with db.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(TaskUnit)) == count_before


@pytest.mark.sqlite_only
def test_foreign_keys_are_enforced(db, plan):
    with pytest.raises(IntegrityError):
        with db.transaction() as s:
            s.add(TaskUnit(task_id=123456, role="lead", unit_id=654321, position=0))
    raw = sqlite3.connect(db.path)
    try:
        # every connection of the app turns them on; the raw check shows the schema has them
        fks = raw.execute("PRAGMA foreign_key_list(task_unit)").fetchall()
        assert {row[2] for row in fks} == {"task_node", "unit"}
    finally:
        raw.close()


def test_every_edit_is_in_the_change_log(db, plan, outline):
    update_task(db, outline["甲1"], title="甲一", deadline=dt.date(2026, 12, 31))
    with db.transaction() as s:
        rows = s.scalars(select(ChangeLog).where(ChangeLog.entity == "task_node",
                                                 ChangeLog.action == "update")).all()
        changes = {(r.field, r.old_value, r.new_value, r.user) for r in rows}
    assert ("title", "甲1", "甲一", "测试员") in changes
    assert ("deadline", None, "2026-12-31", "测试员") in changes


def test_indicator_actuals_per_month(db, plan):
    ind = add_indicator(db, plan, "高新技术企业数量", target=45, measure="家", comparator="达到")
    set_indicator_actual(db, ind.id, "2026-10", 30)
    info = set_indicator_actual(db, ind.id, "2026-11", 38)
    assert info.actuals == {"2026-10": 30.0, "2026-11": 38.0}
    info = set_indicator_actual(db, ind.id, "2026-10", None)
    assert info.actuals == {"2026-11": 38.0}


def test_stale_edit_is_refused(db, plan, outline):
    """Optimistic concurrency: a second writer working from an old version loses cleanly."""
    from db.errors import ConcurrentEdit
    from db.models import TaskNode

    with pytest.raises(ConcurrentEdit):
        with db.transaction() as s:
            node = s.get(TaskNode, outline["甲1"])
            # another writer bumps the row's version behind this session's back
            s.execute(TaskNode.__table__.update().where(TaskNode.id == node.id)
                      .values(version=node.version + 1))
            node.title = "改"
            s.flush()
