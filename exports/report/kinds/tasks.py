"""重点工作任务清单: one row per work item, categories and tasks merged down."""
from __future__ import annotations

from exports.report.common import (ITEM_COLUMNS, OPTIONAL_ITEM_COLUMNS, Context, assemble,
                                   empty_rows, item_cells, items_of)
from exports.report.options import ReportKind
from exports.report.table import Row


def build(session, ctx: Context, columns) -> tuple[Row, ...]:
    records = [item_cells(ctx, i, t) for i, t in enumerate(items_of(ctx), start=1)]
    rows = assemble(columns, records) if records else empty_rows(columns, "无工作事项。")
    return rows


KIND = ReportKind("tasks", "重点工作任务清单", ITEM_COLUMNS,
                  tuple(c.key for c in ITEM_COLUMNS if c.key not in OPTIONAL_ITEM_COLUMNS),
                  landscape=True, uses_month=False, build=build, report_name="重点工作任务清单")
