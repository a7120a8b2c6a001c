"""月度工作推进情况表: the task list with one month's progress and standing per item."""
from __future__ import annotations

from dataclasses import replace

from db.schedule import month_standings
from db.services.evidence import evidence_names_in_session
from db.services.progress import progress_for_month
from exports.report.common import (ITEM_COLUMNS, Context, assemble, clean_text,
                                   empty_rows,
                                   item_cells, items_of, percent_cell, status_cell,
                                   with_heading_rows)
from exports.report.options import ReportKind, col
from exports.report.table import Cell, Column, Row


def build(session, ctx: Context, columns) -> tuple[Row, ...]:
    standings = month_standings.in_session(session, ctx.plan.id, ctx.month, today=ctx.today)
    entries = progress_for_month.in_session(session, ctx.plan.id, ctx.month)
    evidence = (evidence_names_in_session(session, ctx.plan.id, ctx.month)
                if any(c.key == "evidence" for c in columns) else {})
    records = []
    for i, task in enumerate(items_of(ctx), start=1):
        record = item_cells(ctx, i, task)
        standing = standings.get(task.id)
        entry = entries.get(task.id)
        record.cells.update({
            "expected_percent": percent_cell(standing.expected_percent if standing else None),
            "percent": percent_cell(entry.percent if entry else None),
            "progress_text": Cell(clean_text(entry.progress_text) if entry
                                  else _not_reported_note(standing)),
            "problems": Cell(clean_text(entry.problems) if entry else ""),
            "next_steps": Cell(clean_text(entry.next_steps) if entry else ""),
            "status": status_cell(standing),
            "evidence": Cell("\n".join(evidence.get((task.id, ctx.month), ()))),
        })
        records.append(record)
    rows = (assemble(columns, with_heading_rows(columns, records)) if records
            else empty_rows(columns, "无工作事项。"))
    return rows


def _not_reported_note(standing) -> str:
    """What a row with no entry this month says in 进展情况: the last reported figure."""
    if standing is None or standing.reported:
        return ""
    if standing.done_earlier:
        return ""
    return f"（{standing.last_report_note}）"   # 完成状态 already says 未报送




def _columns() -> tuple[Column, ...]:
    by_key = {c.key: c for c in ITEM_COLUMNS}
    group = "推进情况"
    return (
        replace(by_key["seq"], width=2.6),
        Column("work", "工作任务（事项）", width=14),
        replace(by_key["category"], width=4.4),
        replace(by_key["task"], width=5.8), replace(by_key["item"], width=10.5),
        replace(by_key["lead_units"], width=5.3), replace(by_key["responsible_units"], width=6),
        replace(by_key["responsible_leaders"], width=4.2), replace(by_key["deadline"], width=4.8),
        col("expected_percent", "序时进度", 3, "right", group=group),
        col("percent", "完成进度", 3, "right", group=group),
        col("progress_text", "进展情况", 11, group=group),
        col("problems", "存在问题", 5.5, group=group),
        col("next_steps", "下步计划", 5.5, group=group),
        col("status", "完成状态", 4, "center", group=group),
        col("evidence", "佐证材料", 6, group=group),
    )




KIND = ReportKind(
    "progress", "月度工作推进情况表", _columns(),
    # The usual 推进情况表 (OFFICIAL-FORMAT.md): one 工作任务（事项） column, categories as rows.
    ("seq", "work", "lead_units", "responsible_units", "deadline", "expected_percent",
     "percent", "progress_text", "problems", "next_steps", "status"),
    landscape=True, uses_month=True, build=build, report_name="月度工作推进情况表")
