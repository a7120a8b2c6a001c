"""Several clerks on one ledger: no edit is silently lost, first entries and adds never collide.

Each test opens the ledger twice (two clients, two users), on a SQLite file or, with
``TAIZHANG_TEST_DB_URL``, on a fresh PostgreSQL database.
"""
from __future__ import annotations

import threading

import pytest

from db.errors import ConcurrentEdit
from db.services.plans import create_plan, get_plan, update_plan
from db.services.progress import delete_progress, progress_history, record_progress
from db.services.tasks import add_task, get_task, load_tree, set_task_units, update_task
from db.services.units import create_unit, get_unit, update_unit
from db.session import open_database


@pytest.fixture
def clients(ledger_url):
    first = open_database(ledger_url, user="张三")
    second = open_database(ledger_url, user="李四")
    yield first, second
    first.dispose()
    second.dispose()


@pytest.fixture
def item(clients):
    first, _ = clients
    plan = create_plan(first, "示例县营商环境提升行动方案")
    parent = add_task(first, plan.id, title="一、优化政务服务")
    return add_task(first, plan.id, parent.id, title="推行企业开办一日办结")


def test_the_second_save_from_the_same_version_gets_the_conflict(clients, item):
    first, second = clients
    seen_by_first = get_task(first, item.id)
    seen_by_second = get_task(second, item.id)

    update_task(first, item.id, title="推行企业开办半日办结",
                expected_version=seen_by_first.version)
    with pytest.raises(ConcurrentEdit) as caught:
        update_task(second, item.id, title="推行企业开办即时办结",
                    expected_version=seen_by_second.version)

    assert get_task(second, item.id).title == "推行企业开办半日办结"  # the first edit survives
    conflict = caught.value
    assert conflict.current.title == "推行企业开办半日办结"      # what is stored now
    assert conflict.attempted == {"title": "推行企业开办即时办结"}  # what the clerk typed
    assert "张三" in conflict.user_text()                      # who changed it, from the log


def test_without_an_expected_version_callers_work_as_before(clients, item):
    first, second = clients
    update_task(first, item.id, title="甲")
    assert update_task(second, item.id, title="乙").title == "乙"


def test_a_units_change_counts_as_a_change_of_the_item(clients, item):
    first, second = clients
    seen = get_task(second, item.id)
    unit = create_unit(first, "示例县市场监督管理局")
    after = set_task_units(first, item.id, "lead", [unit.id], expected_version=seen.version)
    assert after.version > seen.version
    with pytest.raises(ConcurrentEdit):
        update_task(second, item.id, remarks="备注", expected_version=seen.version)
    with pytest.raises(ConcurrentEdit):
        set_task_units(second, item.id, "lead", [], expected_version=seen.version)
    assert [u.name for u in get_task(first, item.id).lead_units] == ["示例县市场监督管理局"]


def test_an_item_deleted_meanwhile_is_a_conflict_not_a_crash(clients, item):
    from db.services.tasks import delete_task

    first, second = clients
    seen = get_task(second, item.id)
    delete_task(first, item.id)
    with pytest.raises(ConcurrentEdit, match="已被其他人删除") as caught:
        update_task(second, item.id, title="改", expected_version=seen.version)
    assert caught.value.current is None


def test_two_first_entries_of_a_month(clients, item):
    """Both clerks saw no entry for 2026-11: the second gets the conflict, the first stays."""
    first, second = clients
    record_progress(first, item.id, "2026-11", progress_text="已梳理事项清单",
                    expected_version=0)
    with pytest.raises(ConcurrentEdit, match="已被其他人（张三）填写") as caught:
        record_progress(second, item.id, "2026-11", progress_text="正在起草方案",
                        expected_version=0)
    assert caught.value.current.progress_text == "已梳理事项清单"
    [entry] = progress_history(second, item.id)
    assert entry.progress_text == "已梳理事项清单"


def test_a_progress_edit_from_an_old_version_is_refused(clients, item):
    first, second = clients
    entry = record_progress(first, item.id, "2026-11", percent=30)
    record_progress(first, item.id, "2026-11", percent=40, expected_version=entry.version)
    with pytest.raises(ConcurrentEdit):
        record_progress(second, item.id, "2026-11", percent=35, expected_version=entry.version)
    with pytest.raises(ConcurrentEdit):
        delete_progress(second, item.id, "2026-11", expected_version=entry.version)
    assert progress_history(second, item.id)[0].percent == 40


def test_an_insert_that_loses_the_race_never_ends_in_an_integrity_error(clients, item,
                                                                      monkeypatch):
    """The read saw no entry, but another clerk's insert committed before ours."""
    from db.services import progress

    first, second = clients
    record_progress(first, item.id, "2026-11", progress_text="先到")
    real_entry = progress._entry
    calls = []

    def stale_first_read(session, task_id, month):
        calls.append(month)
        return None if len(calls) == 1 else real_entry(session, task_id, month)

    monkeypatch.setattr(progress, "_entry", stale_first_read)
    merged = record_progress(second, item.id, "2026-11", problems="后到")
    assert (merged.progress_text, merged.problems) == ("先到", "后到")

    calls.clear()
    with pytest.raises(ConcurrentEdit):
        record_progress(second, item.id, "2026-11", problems="再来", expected_version=0)
    monkeypatch.undo()
    [entry] = progress_history(first, item.id)
    assert (entry.progress_text, entry.problems) == ("先到", "后到")


def test_plan_and_unit_edits_take_the_expected_version_too(clients):
    first, second = clients
    plan = create_plan(first, "示例县方案")
    unit = create_unit(first, "示例县财政局")
    update_plan(first, plan.id, title="示例县方案（修订）", expected_version=plan.version)
    update_unit(first, unit.id, phone="0000-1234567", expected_version=unit.version)
    with pytest.raises(ConcurrentEdit):
        update_plan(second, plan.id, title="别的标题", expected_version=plan.version)
    with pytest.raises(ConcurrentEdit):
        update_unit(second, unit.id, phone="0000-7654321", expected_version=unit.version)
    assert get_plan(second, plan.id).title == "示例县方案（修订）"
    assert get_unit(second, unit.id).phone == "0000-1234567"


def test_adds_under_one_parent_from_two_clients_get_distinct_positions(clients, item):
    first, second = clients
    parent_id = item.parent_id
    errors: list[BaseException] = []

    def add_many(client, who):
        try:
            for i in range(8):
                add_task(client, item.plan_id, parent_id, title=f"{who}{i}")
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=add_many, args=(c, w))
               for c, w in ((first, "甲"), (second, "乙"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    siblings = [t for t in load_tree(first, item.plan_id) if t.parent_id == parent_id]
    assert len(siblings) == 17
    assert sorted(t.position for t in siblings) == list(range(17))
