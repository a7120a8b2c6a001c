"""Month summary: counts, not-reported grouping, per-unit counts, indicator completion, CLI."""
import datetime as dt
import json

import pytest

from db.services.plans import add_indicator, set_indicator_actual
from db.services.progress import record_progress
from db.services.tasks import add_task, set_task_units
from db.services.plans import create_plan
from db.services.units import create_unit
from db.summary import (
    NO_LEAD_UNIT,
    indicator_completion,
    not_reported,
    plan_summary,
    unit_counts,
)

TODAY = dt.date(2026, 11, 20)


@pytest.mark.parametrize("target, actual, comparator, expected", [
    (12, 9.5, "以上", 79.2),          # 增长12%以上, actual 9.5
    (45, 36, "达到", 80.0),
    (45, 50, "达到", 100.0),          # beyond the target is still 100
    (25, 27, "左右", 100.0),
    (8, -1, "以上", 0.0),             # a fall counts as nothing done
    (5, 4, "以内", 100.0),            # at most: under the limit is complete
    (5, 10, "以内", 50.0),
    (12, None, "以上", None),
    (None, 3, "以上", None),
    (0, 3, "以上", None),
])
def test_indicator_completion_rule(target, actual, comparator, expected):
    assert indicator_completion(target, actual, comparator) == expected


def test_not_reported_groups_by_lead_unit_and_lists_shared_items_under_each(db):
    plan = create_plan(db, "测试方案", year=2026, start_date=dt.date(2026, 1, 1))
    u1, u2 = create_unit(db, "甲局"), create_unit(db, "乙局")
    cat = add_task(db, plan.id, title="一类")
    a = add_task(db, plan.id, parent_id=cat.id, content="甲局事项", deadline=dt.date(2026, 12, 31))
    b = add_task(db, plan.id, parent_id=cat.id, content="两家牵头")
    c = add_task(db, plan.id, parent_id=cat.id, content="无牵头单位")
    d = add_task(db, plan.id, parent_id=cat.id, content="已报送")
    set_task_units(db, a.id, "lead", [u1.id])
    set_task_units(db, b.id, "lead", [u2.id, u1.id])
    set_task_units(db, d.id, "lead", [u2.id])
    record_progress(db, d.id, "2026-11", status="序时推进", percent=80)
    groups = not_reported(db, plan.id, "2026-11")
    # a is 0% at 91% of its span: 滞后 even without a report (not reporting hides no lag)
    assert groups == {"甲局": [b.id], "乙局": [b.id], NO_LEAD_UNIT: [c.id]}
    counts = {u.unit: u for u in unit_counts(db, plan.id, "2026-11", today=TODAY)}
    assert counts["乙局"].items == 2 and counts["乙局"].not_reported == 1
    assert counts["甲局"].items == 2 and (counts["甲局"].lagging, counts["甲局"].not_reported) == (1, 1)
    summary = plan_summary(db, plan.id, "2026-11", today=TODAY)
    assert (summary.not_reported_count, summary.owing) == (2, 3)     # a owes a report, counted 滞后


def test_an_item_completed_earlier_owes_no_report(db):
    plan = create_plan(db, "测试方案", year=2026, start_date=dt.date(2026, 1, 1))
    unit = create_unit(db, "甲局")
    cat = add_task(db, plan.id, title="一类")
    done = add_task(db, plan.id, parent_id=cat.id, content="十月已完成")
    open_ = add_task(db, plan.id, parent_id=cat.id, content="还在推进")
    for task in (done, open_):
        set_task_units(db, task.id, "lead", [unit.id])
    record_progress(db, done.id, "2026-10", status="已完成", percent=100)
    record_progress(db, open_.id, "2026-10", status="序时推进", percent=50)
    assert not_reported(db, plan.id, "2026-11") == {"甲局": [open_.id]}
    assert unit_counts(db, plan.id, "2026-11", today=TODAY)[0].not_reported == 1


def test_plan_summary_counts_agree_with_the_standings(db, demo_plan):
    s = plan_summary(db, demo_plan, "2026-11", today=TODAY)
    assert s.items == 40
    assert sum(s.by_colour.values()) == 40
    assert sum(s.by_status.values()) == s.reported == len(s.sheet.entries)
    not_reported = {i for ids in s.not_reported.values() for i in ids}
    done_before = {t.id for t in s.sheet.items
                   if t.id not in s.sheet.entries and s.standing(t.id).done}
    assert len(not_reported) == s.not_reported_count
    assert s.owing == 40 - s.reported - len(done_before)
    assert sum(s.by_category.values()) == 40
    assert all(s.standing(i).overdue and not s.standing(i).done for i in s.overdue)
    assert not set(s.overdue) & set(s.lagging)
    assert sum(u.items for u in s.by_unit) >= 40
    assert [i.name for i in s.indicators][:1] == ["全社会研发经费投入增长"]


def test_plan_summary_follows_a_new_entry(db, demo_plan):
    before = plan_summary(db, demo_plan, "2026-11", today=TODAY)
    unit, ids = next(iter(before.not_reported.items()))
    record_progress(db, ids[0], "2026-11", status="已完成", percent=100)
    after = plan_summary(db, demo_plan, "2026-11", today=TODAY)
    assert after.reported == before.reported + 1
    assert after.by_status["已完成"] == before.by_status["已完成"] + 1
    assert ids[0] not in after.not_reported.get(unit, [])


def test_indicator_actual_is_the_latest_in_or_before_the_month(db, demo_plan):
    ind = add_indicator(db, demo_plan, "研发投入增长", target=12, comparator="以上",
                        target_text="增长12%以上")
    set_indicator_actual(db, ind.id, "2026-09", 6)
    set_indicator_actual(db, ind.id, "2026-10", 9.5)
    s = plan_summary(db, demo_plan, "2026-11", today=TODAY)
    row = next(i for i in s.indicators if i.id == ind.id)
    assert (row.actual, row.actual_month, row.completion) == (9.5, "2026-10", 79.2)
    early = next(i for i in plan_summary(db, demo_plan, "2026-08").indicators if i.id == ind.id)
    assert early.actual is None and early.completion is None


def test_cli_summary_prints_the_json_the_issue_specifies(db, demo_plan, capsys):
    from desktop.cli import main

    code = main(["--db", db.url, "summary", "--plan", str(demo_plan),
                 "--month", "2026-11", "--today", "2026-11-20"])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    expected = plan_summary(db, demo_plan, "2026-11", today=TODAY).to_dict()
    assert out == json.loads(json.dumps(expected))
    assert {"month", "items", "by_status", "by_colour", "overdue", "not_reported",
            "indicators"} <= set(out)
    assert set(out["by_colour"]) == {"green", "yellow", "red"}
    assert set(out["indicators"][0]) >= {"name", "target", "actual", "completion"}
    # 滞后 is ``lagging`` everywhere: the per-unit counts use the summary's own key words
    assert set(out["by_unit"][0]) == {"unit", "items", "done", "awaiting_closeout", "on_time",
                                      "lagging", "overdue", "not_reported"}
    assert sum(u["lagging"] for u in out["by_unit"]) >= len(out["lagging"]) > 0


def test_cli_summary_bad_month_and_missing_plan_are_told_in_chinese(db, demo_plan, capsys):
    from desktop.cli import main

    assert main(["--db", db.url, "summary", "--plan", "999", "--month", "2026-11"]) == 2
    assert "工作方案不存在" in capsys.readouterr().err
    assert main(["--db", db.url, "summary", "--plan", str(demo_plan),
                 "--month", "2026/11"]) == 2
    assert "YYYY-MM" in capsys.readouterr().err
