"""滞后逾期事项清单: items behind schedule or past their deadline, grouped by lead unit."""
from __future__ import annotations

from db.schedule import month_standings
from db.services.progress import progress_for_month
from exports.report.common import (Context, assemble, by_lead_units, clean_text, empty_rows,
                                   items_of, percent_cell, unit_record_cells)
from exports.report.options import ReportKind, col
from exports.report.table import STATUS, Cell, Row

COLUMNS = (
    col("lead_units", "牵头单位", 6, "center", merge=True),
    col("seq", "序号", 2.6, "center"),
    col("item", "工作事项", 17),
    col("responsible_units", "责任单位", 7, "center"),
    col("deadline", "完成时限", 5.5, "center"),
    col("expected_percent", "序时进度", 4, "right"),
    col("percent", "完成进度", 4, "right"),
    col("standing", "滞后/逾期情况", 8.5, "center"),
    col("problems", "存在问题", 9),
)


def build(session, ctx: Context, columns) -> tuple[Row, ...]:
    standings = month_standings.in_session(session, ctx.plan.id, ctx.month, today=ctx.today)
    entries = progress_for_month.in_session(session, ctx.plan.id, ctx.month)
    late = [t for t in items_of(ctx) if t.id in standings
            and (standings[t.id].overdue or standings[t.id].lagging)]
    records = []
    for seq, task in enumerate(by_lead_units(ctx, late), start=1):
        standing = standings[task.id]
        entry = entries.get(task.id)
        record = unit_record_cells(ctx, seq, task)
        if standing.overdue:
            days = -standing.days_left if standing.days_left is not None else 0
            word, colour = f"逾期{days}天", "red"
        else:
            behind = standing.behind if standing.behind is not None else 0
            word = (f"{standing.word}{behind:g}个百分点" if standing.behind is not None
                    else standing.word)
            colour = "red" if standing.colour.value == "red" else "yellow"
        record.cells.update({
            "expected_percent": percent_cell(standing.expected_percent),
            "percent": percent_cell(standing.percent),
            "standing": Cell(word, STATUS, colour=colour),
            "problems": Cell(clean_text(entry.problems) if entry
                             else f"（本月未报送；{standing.last_report_note}）"),
        })
        records.append(record)
    rows = (assemble(columns, records) if records
            else empty_rows(columns, "本月无滞后或逾期事项。"))
    return rows


KIND = ReportKind("late", "滞后/逾期事项清单", COLUMNS, tuple(c.key for c in COLUMNS),
                  landscape=True, uses_month=True, build=build, report_name="滞后逾期事项清单")
