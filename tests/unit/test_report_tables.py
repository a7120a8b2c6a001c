"""The report table builders: what each report contains, spans, choices and bad input."""
import datetime as dt

import pytest

from db.errors import InvalidInput, NotFound
from db.schedule import month_standings, work_items
from db.services.plans import create_plan
from db.services.tasks import add_task, load_tree
from exports.report import (REPORT_KINDS, REPORT_NAMES, Column, ReportOptions, build_report, header_grid,
                            indicator_completion, text_lines)

TODAY = dt.date(2026, 11, 20)


def options(**kw):
    kw.setdefault("month", "2026-11")
    kw.setdefault("today", TODAY)
    return ReportOptions(**kw)


def column(table, key):
    """The column's cells in the item rows (rows across the table, category names, left out)."""
    keys = [c.key for c in table.columns]
    return [row.cells[keys.index(key)] for row in table.rows
            if not (len(keys) > 1 and row.cells[0] is not None
                    and row.cells[0].colspan == len(keys))]


def test_task_list_has_one_row_per_work_item_with_merged_categories(db, demo_plan):
    table = build_report(db, demo_plan, options(kind="tasks", annex_label="附件1"))
    items = work_items(load_tree(db, demo_plan))
    assert len(table.rows) == len(items) == 40
    assert table.annex_label == "附件1"
    assert table.title == "示例县科技创新提质增效三年行动重点工作任务清单"
    assert [h.text for h in table.header_rows[0]] == [
        "序号", "工作任务", "工作事项", "牵头单位", "责任单位", "完成时限"]
    categories = [c for c in column(table, "category") if c is not None]
    # 6 categories, each one tall cell whose rows add up to every work item.
    assert [c.text[:3] for c in categories] == ["（一）", "（二）", "（三）", "（四）", "（五）",
                                                "（六）"]
    assert sum(c.rowspan for c in categories) == 40
    first = table.rows[0].cells
    assert first[0].text == "1" and first[0].value == 1
    assert first[2].text.startswith("1.") and first[2].rowspan == 2   # task spans its 2 items
    assert table.rows[1].cells[2] is None
    assert first[4].text == "县科工信局"


def test_progress_table_status_words_and_colours_follow_month_standings(db, demo_plan):
    table = build_report(db, demo_plan, options(kind="progress"))
    standings = month_standings(db, demo_plan, "2026-11", today=TODAY)
    items = work_items(load_tree(db, demo_plan))
    statuses = column(table, "status")
    for item, cell in zip(items, statuses):
        standing = standings[item.id]
        assert cell.colour == (standing.tone.value if standing.tone else None)
        assert cell.text == standing.label
        assert ("逾期" in cell.text) == standing.overdue
        assert cell.colour != "green" or not standing.owes_report   # 未报送 is never on time
    assert table.subtitle == "（2026年11月）"
    # Two header rows: 推进情况 sits over its columns, 序号 spans both rows.
    assert len(table.header_rows) == 2
    assert table.header_rows[0][0].rowspan == 2
    assert "推进情况" in [h.text for h in table.header_rows[0]]
    assert [h.text for h in table.header_rows[1]] == [
        "序时进度", "完成进度", "进展情况", "存在问题", "下步计划", "完成状态"]
    # The usual layout: one 工作任务（事项） column, each category a row across the table.
    keys = [c.key for c in table.columns]
    assert keys[:5] == ["seq", "work", "lead_units", "responsible_units", "deadline"]
    headings = [r.cells[0] for r in table.rows if r.cells[0].colspan == len(keys)]
    categories = [t for t in load_tree(db, demo_plan) if t.depth == 0]
    assert [h.text for h in headings] == [f"{c.number}{c.text}" for c in categories]
    assert all(h.bold for h in headings)
    percents = [c for c in column(table, "percent") if c.value is not None]
    assert percents and all(0 <= c.value <= 1 and c.text.endswith("%") for c in percents)


def test_columns_are_the_users_choice_in_report_order(db, demo_plan):
    table = build_report(db, demo_plan, options(
        kind="progress", columns=("status", "seq", "item", "progress_text")))
    assert [c.key for c in table.columns] == ["seq", "item", "progress_text", "status"]
    with pytest.raises(InvalidInput, match="没有这些列"):
        build_report(db, demo_plan, options(kind="progress", columns=("nonsense",)))
    with pytest.raises(InvalidInput, match="至少选择一列"):
        build_report(db, demo_plan, options(kind="tasks", columns=()))


def test_one_lead_unit_only(db, demo_plan):
    table = build_report(db, demo_plan, options(kind="progress", unit="高新区"))
    leads = column(table, "lead_units")
    assert leads and all("示例高新区" in c.text for c in leads)
    assert "牵头单位：示例高新区" in table.subtitle
    with pytest.raises(NotFound, match="找不到单位"):
        build_report(db, demo_plan, options(kind="progress", unit="月球局"))


def test_unit_summary_counts_add_up(db, demo_plan):
    table = build_report(db, demo_plan, options(kind="units"))
    keys = [c.key for c in table.columns]
    body, total, note = table.rows[:-2], table.rows[-2], table.rows[-1].cells[0]
    assert total.cells[0].text == "合计" and total.cells[0].colspan == 2
    # The table says how co-led items are counted, with their number.
    co_led = sum(1 for t in work_items(load_tree(db, demo_plan)) if len(t.lead_units) > 1)
    assert co_led and note.colspan == len(keys) and f"{co_led}项由多个单位共同牵头" in note.text
    assert all(c.header in note.text for c in table.columns
               if c.key in ("done", "on_time", "lagging", "overdue"))
    assert sum(r.cells[keys.index("items")].value for r in body) == 40 + co_led
    for row in body:
        values = {k: (c.value if c is not None else None) for k, c in zip(keys, row.cells)}
        assert values["items"] == (values["done"] + values["awaiting_closeout"]
                                   + values["on_time"] + values["lagging"] + values["overdue"]
                                   + values["not_reported"])
    total_items = total.cells[keys.index("items")].value
    assert total_items == 40   # every work item once, even with two lead units


def test_indicator_table_and_completion(db, demo_plan):
    table = build_report(db, demo_plan, options(kind="indicators"))
    assert len(table.rows) == 5
    names = column(table, "name")
    assert names[0].text == "全社会研发经费投入增长"
    completion = column(table, "completion")
    actual = column(table, "actual")
    assert completion[1].value == pytest.approx(actual[1].value / 45.0, abs=0.001)
    assert indicator_completion(45, 36) == 80.0
    assert indicator_completion(0, 5) is None and indicator_completion(45, None) is None
    assert not table.landscape   # a narrow table stays portrait


def test_late_and_not_reported_lists_group_by_lead_units(db, demo_plan):
    standings = month_standings(db, demo_plan, "2026-11", today=TODAY)
    late = build_report(db, demo_plan, options(kind="late"))
    expected_late = [s for s in standings.values() if s.overdue or s.lagging]
    assert len(late.rows) == len(expected_late)
    words = column(late, "standing")
    assert all(w.text.startswith(("逾期", "严重滞后", "进度滞后")) for w in words)
    assert sum(1 for w in words if w.text.startswith("逾期")) == sum(
        1 for s in expected_late if s.overdue)
    units = [c for c in column(late, "lead_units") if c is not None]
    assert sum(c.rowspan for c in units) == len(late.rows)
    assert len({c.text for c in units}) == len(units)   # one merged cell per lead unit group

    missing = build_report(db, demo_plan, options(kind="not_reported"))
    expected_missing = [s for s in standings.values() if not s.reported and not s.done]
    assert len(missing.rows) == len(expected_missing) > 0
    assert all(c.text for c in column(missing, "last_reported"))


def test_empty_lists_say_so(db):
    plan = create_plan(db, "空方案").id
    table = build_report(db, plan, options(kind="late"))
    assert len(table.rows) == 1
    assert table.rows[0].cells[0].text == "本月无滞后或逾期事项。"
    assert table.rows[0].cells[0].colspan == len(table.columns)


def test_default_month_is_this_month_and_bad_month_is_refused(db, demo_plan):
    table = build_report(db, demo_plan, ReportOptions(kind="units", today=TODAY))
    assert table.subtitle == "（2026年11月）"
    with pytest.raises(InvalidInput, match="月份"):
        build_report(db, demo_plan, options(kind="units", month="2026-13"))
    with pytest.raises(InvalidInput, match="报表种类"):
        build_report(db, demo_plan, options(kind="weekly"))
    with pytest.raises(NotFound):
        build_report(db, 999, options(kind="tasks"))


def test_footer_fields_are_chosen_and_the_date_defaults_to_today(db, demo_plan):
    table = build_report(db, demo_plan, options(
        kind="tasks", footer=("reporting_unit", "approved_by", "date"),
        footer_values={"reporting_unit": "县科工信局"}))
    assert [(f.label, f.value) for f in table.footer] == [
        ("填报单位（盖章）", "县科工信局"), ("审核人/主要负责人", ""), ("填报日期", "2026年11月20日")]
    # By default all five fields are printed.
    table = build_report(db, demo_plan, options(kind="tasks"))
    assert [f.label for f in table.footer] == [
        "填报单位（盖章）", "填报人", "联系电话", "审核人/主要负责人", "填报日期"]


def test_formula_like_titles_stay_text_in_the_table(db):
    plan = create_plan(db, "测试方案").id
    category = add_task(db, plan, title="类别")
    add_task(db, plan, category.id, title="=1+1", content="@SUM(A1)")
    table = build_report(db, plan, options(kind="tasks"))
    assert column(table, "task")[0].text == "1.=1+1"


def test_header_grid_of_grouped_columns():
    columns = (Column("a", "序号"), Column("b", "", group="工作事项"),
               Column("c", "", group="工作事项"), Column("d", "牵头单位"))
    (row,) = header_grid(columns)
    assert [(h.text, h.colspan) for h in row] == [("序号", 1), ("工作事项", 2), ("牵头单位", 1)]


def test_text_lines_counts_chinese_as_wide():
    assert text_lines("一二三四五六", 3) == 2
    assert text_lines("abcdef", 3) == 2      # six latin ≈ three Chinese characters
    assert text_lines("一\n二", 10) == 2
    assert text_lines("", 5) == 1


def test_every_kind_builds_for_the_demo(db, demo_plan):
    for kind in REPORT_KINDS:
        table = build_report(db, demo_plan, options(kind=kind))
        assert table.rows and table.title.endswith(REPORT_NAMES)
        assert all(len(r.cells) == len(table.columns) for r in table.rows)
