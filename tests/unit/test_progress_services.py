"""Copy last month, bulk writes for a pasted block, history."""
import pytest

from db.errors import InvalidInput
from db.schedule import month_sheet
from db.services.progress import (
    copy_last_month,
    progress_for_month,
    progress_history,
    record_progress,
    record_progress_rows,
)


@pytest.fixture
def sheet(db, demo_plan):
    return month_sheet(db, demo_plan, "2026-11")


def test_copy_last_month_fills_a_missing_entry_from_the_latest_earlier_one(db, demo_plan, sheet):
    task_id = next(t.id for t in sheet.items if t.id not in sheet.entries)
    before = progress_history(db, task_id)[0]
    assert before.month < "2026-11"
    assert copy_last_month(db, "2026-11", [task_id]) == [task_id]
    now = progress_for_month(db, demo_plan, "2026-11")[task_id]
    assert (now.progress_text, now.problems, now.next_steps) == (
        before.progress_text, before.problems, before.next_steps)
    assert (now.status, now.percent) == (before.status, before.percent)
    assert now.reporting_unit == before.reporting_unit


def test_copy_last_month_never_overwrites_text_typed_this_month(db, demo_plan, sheet):
    task_id = sheet.items[0].id
    record_progress(db, task_id, "2026-12", progress_text="本月已开会", percent=70)
    nov = progress_for_month(db, demo_plan, "2026-11").get(task_id)
    copy_last_month(db, "2026-12", [task_id])
    dec = progress_for_month(db, demo_plan, "2026-12")[task_id]
    assert dec.progress_text == "本月已开会" and dec.percent == 70
    if nov is not None and nov.next_steps:
        assert dec.next_steps == nov.next_steps


def test_copy_all_empty_rows_leaves_filled_rows_and_never_reported_items(db, demo_plan, sheet):
    ids = [t.id for t in sheet.items]
    record_progress(db, ids[0], "2026-12", progress_text="已填写")
    changed = copy_last_month(db, "2026-12", ids, only_blank=True)
    dec = progress_for_month(db, demo_plan, "2026-12")
    assert ids[0] not in changed and dec[ids[0]].progress_text == "已填写"
    assert dec[ids[0]].next_steps == ""
    reported_before = {i for i in ids if progress_history(db, i)}
    assert set(changed) == reported_before - {ids[0]}
    assert all(dec[i].progress_text for i in changed)


def test_copy_last_month_with_no_history_changes_nothing(db, demo_plan, sheet):
    assert copy_last_month(db, "2026-08", [sheet.items[0].id]) == []
    assert progress_for_month(db, demo_plan, "2026-08") == {}


def test_bulk_write_is_all_or_nothing_and_names_the_bad_row(db, demo_plan, sheet):
    a, b, c = (t.id for t in sheet.items[:3])
    rows = [(a, {"progress_text": "第一行", "percent": "40"}),
            (b, {"status": "序时推进", "percent": 50}),
            (c, {"percent": "一半"})]
    with pytest.raises(InvalidInput) as err:
        record_progress_rows(db, "2026-12", rows, labels=["1.", "2.", "3. 第三个事项"])
    assert "3. 第三个事项" in err.value.user_text() and "不是数字" in err.value.user_text()
    assert progress_for_month(db, demo_plan, "2026-12") == {}
    with pytest.raises(InvalidInput, match="第 2 行.*完成状态"):
        record_progress_rows(db, "2026-12", [(a, {}), (b, {"status": "差不多"})])


def test_bulk_write_stores_every_row_and_skips_empty_new_rows(db, demo_plan, sheet):
    a, b, c = (t.id for t in sheet.items[:3])
    written = record_progress_rows(db, "2026-12", [
        (a, {"progress_text": "甲", "percent": "40"}),
        (b, {"problems": "乙", "status": "进度滞后"}),
        (c, {"progress_text": "", "problems": ""})])
    assert written == 2
    dec = progress_for_month(db, demo_plan, "2026-12")
    assert dec[a].percent == 40 and dec[a].progress_text == "甲"
    assert dec[b].status == "进度滞后" and dec[b].problems == "乙"
    assert c not in dec


def test_read_percent_refuses_rather_than_guesses():
    import pytest

    from db.errors import InvalidInput
    from db.services.progress import read_percent

    assert read_percent("") == (None, "")
    assert read_percent(" 80 % ") == (80, "")
    assert read_percent("100") == (100, "")
    assert read_percent("95.5") == (96, "完成百分比 95.5% 已四舍五入记为 96%")
    assert read_percent("0.4")[0] == 0
    for bad in ("150", "-5", "100.5", "一半", "50-60"):
        with pytest.raises(InvalidInput):
            read_percent(bad)
