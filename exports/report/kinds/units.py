"""牵头单位工作推进情况汇总表: per lead unit, how many items stand where this month."""
from __future__ import annotations

from dataclasses import replace

from db.schedule import Standing, month_standings
from db.summary import UnitCounts, tally
from exports.report.common import (Context, Record, assemble, empty_rows, items_of,
                                   number_cell, percent_cell)
from exports.report.options import ReportKind, col
from exports.report.table import NUMBER, Cell, Row

COLUMNS = (
    col("seq", "序号", 2.6, "center"),
    col("unit", "牵头单位", 9),
    col("items", "事项数", 4, "right"),
    col("done", "已完成", 4, "right"),
    col("awaiting_closeout", "待销号", 4, "right"),
    col("on_time", "正常", 4.4, "right"),
    col("lagging", "滞后", 4, "right"),
    col("overdue", "逾期", 4, "right"),
    col("not_reported", "未报送", 4, "right"),
    col("done_rate", "完成率", 4.4, "right"),
)

# The columns that split the items, each item in one (db.summary.category).
SPLIT = ("done", "awaiting_closeout", "on_time", "lagging", "overdue", "not_reported")


def unit_counts(ctx: Context, standings: dict[int, Standing]) -> list[UnitCounts]:
    """Per lead unit, in order of first appearance; an item with two lead units counts for both."""
    groups: dict[int, tuple[str, list[Standing]]] = {}
    for task in items_of(ctx):
        standing = standings.get(task.id)
        if standing is None:
            continue
        for unit in task.lead_units:
            if ctx.unit_id is None or unit.id == ctx.unit_id:
                groups.setdefault(unit.id, (unit.name, []))[1].append(standing)
    return [tally(name, group) for name, group in groups.values()]


def build(session, ctx: Context, columns) -> tuple[Row, ...]:
    standings = month_standings.in_session(session, ctx.plan.id, ctx.month, today=ctx.today)
    per_unit = unit_counts(ctx, standings)
    total = tally("合计", [standings[t.id] for t in items_of(ctx)
                          if t.id in standings and t.lead_units])

    def cells(seq: int | None, c: UnitCounts, bold=False) -> dict[str, Cell]:
        rate = 100.0 * c.done / c.items if c.items else None
        out = {key: number_cell(getattr(c, key), bold=bold)
               for key in ("items", "done", "awaiting_closeout", "on_time", "lagging", "overdue",
                           "not_reported")}
        out["done_rate"] = replace(percent_cell(rate), bold=bold)
        out["seq"] = Cell(str(seq), NUMBER, value=seq) if seq else Cell("")
        out["unit"] = Cell(c.unit, bold=bold)
        return out

    records = [Record(cells(i, c)) for i, c in enumerate(per_unit, start=1)]
    if not records:
        return empty_rows(columns, "无牵头单位的工作事项。")
    rows = list(assemble(columns, records))
    if ctx.unit_id is None and len(per_unit) > 1:
        total_cells = cells(None, total, bold=True)
        grid = [total_cells.get(c.key, Cell("")) for c in columns]
        keys = [c.key for c in columns]
        if keys[:2] == ["seq", "unit"]:   # 合计 spans 序号 and 牵头单位
            grid[0] = Cell("合计", colspan=2, bold=True, align="center")
            grid[1] = None
        rows.append(Row(tuple(grid)))
    # Say how the numbers add up (they are counted, not forced to add up).
    co_led = sum(1 for t in items_of(ctx) if len(t.lead_units) > 1)
    # db.summary.category: each item in exactly one of these columns (the standing rule's order).
    split = [c.header for c in COLUMNS if c.key in SPLIT]
    notes = [f"{'、'.join(split)}之和等于事项数（每个事项只计一次）；"
             "本月未报送但已逾期或按上次报送的进度滞后的事项计入逾期、滞后。"]
    if co_led and ctx.unit_id is None:
        notes.append(f"{co_led}项由多个单位共同牵头，在每个牵头单位各计一次，"
                     "故各单位事项数之和大于合计。")
    note = Cell("注：" + "".join(notes), colspan=len(columns), align="left")
    rows.append(Row((note,) + (None,) * (len(columns) - 1)))
    return tuple(rows)


KIND = ReportKind("units", "牵头单位汇总表", COLUMNS, tuple(c.key for c in COLUMNS),
                  landscape=False, uses_month=True, build=build,
                  report_name="牵头单位工作推进情况汇总表")
