"""未报送事项清单: items with no report this month, with their last reported month."""
from __future__ import annotations

from db.schedule import month_standings
from exports.report.common import (Context, assemble, by_lead_units, empty_rows, items_of,
                                   month_words, percent_cell, unit_record_cells)
from exports.report.options import ReportKind, col
from exports.report.table import Cell, Row

COLUMNS = (
    col("lead_units", "牵头单位", 6, "center", merge=True),
    col("seq", "序号", 2.6, "center"),
    col("item", "工作事项", 20),
    col("responsible_units", "责任单位", 8, "center"),
    col("deadline", "完成时限", 5.5, "center"),
    col("last_reported", "最近报送月份", 6, "center"),
    col("percent", "最近完成进度", 5, "right"),
)



def build(session, ctx: Context, columns) -> tuple[Row, ...]:
    standings = month_standings.in_session(session, ctx.plan.id, ctx.month, today=ctx.today)
    # Items finished in an earlier month owe no further monthly report.
    missing = [t for t in items_of(ctx) if t.id in standings and standings[t.id].owes_report]
    records = []
    for seq, task in enumerate(by_lead_units(ctx, missing), start=1):
        standing = standings[task.id]
        record = unit_record_cells(ctx, seq, task)
        record.cells.update({
            "last_reported": Cell(month_words(standing.last_month) if standing.last_month
                                  else "从未报送"),
            "percent": percent_cell(standing.percent),
        })
        records.append(record)
    rows = (assemble(columns, records) if records
            else empty_rows(columns, "本月所有事项均已报送。"))
    return rows


KIND = ReportKind("not_reported", "未报送事项清单", COLUMNS, tuple(c.key for c in COLUMNS),
                  landscape=True, uses_month=True, build=build, report_name="未报送事项清单")
