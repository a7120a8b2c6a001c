"""目标指标完成情况表: each target indicator's value this month against its target."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

from db.schedule import LAGGING, SEVERE_WORD, Colour, colour_for, expected_percent, month_end
from db.services.plans import list_indicators
from db.summary import actual_for_month, indicator_completion
from exports.report.common import (Context, Record, assemble, clean_text, empty_rows,
                                   number_cell, percent_cell)
from exports.report.options import ReportKind, col
from exports.report.table import NUMBER, STATUS, Cell, Row

COLUMNS = (
    col("seq", "序号", 2.6, "center"),
    col("name", "目标指标", 10),
    col("target", "目标值", 6, "center"),
    col("actual", "实际值", 5, "right"),
    col("measure", "单位", 3, "center"),
    col("completion", "完成率", 4.4, "right"),
    col("expected_percent", "序时进度", 4.4, "right"),
    col("lead_unit", "牵头单位", 6.5, "center"),
    col("status", "完成状态", 4.4, "center"),
)


def build(session, ctx: Context, columns) -> tuple[Row, ...]:
    from db.schedule import plan_start_date
    from db.services.plans import get_plan_row

    plan_row = get_plan_row(session, ctx.plan.id)
    start = plan_start_date(plan_row)
    end = ctx.plan.end_date or (dt.date(ctx.plan.year, 12, 31) if ctx.plan.year else None)
    expected = expected_percent(start, end, month_end(ctx.month))
    keys = {c.key for c in columns}
    records = []
    indicators = list_indicators.in_session(session, ctx.plan.id)
    if ctx.unit_id is not None:
        indicators = [i for i in indicators if i.lead_unit and i.lead_unit.id == ctx.unit_id]
    for seq, ind in enumerate(indicators, start=1):
        actual, _from_month = actual_for_month(ind.actuals, ctx.month)
        completion = indicator_completion(ind.target, actual, ind.comparator,
                                          ind.target_text)
        if completion is None:
            # Like 未报送: not a standing, so no colour (never the on-time green).
            status = Cell("未填报" if actual is None else "", STATUS)
        elif completion >= 100:
            status = Cell("已完成", STATUS, colour="green")
        else:
            behind = None if expected is None else expected - completion
            colour = colour_for(behind)
            word = {Colour.GREEN: "序时推进", Colour.YELLOW: LAGGING}.get(colour, SEVERE_WORD)
            status = Cell(word, STATUS, colour=colour.value)
        target_text = clean_text(ind.target_text) or (
            f"{ind.comparator}{ind.target:g}{ind.measure}" if ind.target is not None else "")
        records.append(Record({
            "seq": Cell(str(seq), NUMBER, value=seq),
            "name": Cell(clean_text(ind.name)),
            "target": Cell(target_text),
            # Without the 单位 column the unit follows the figure (36家, 9.52%): a cell
            # holding only "%" would start a line with a mark that may not start one.
            "actual": (number_cell(actual) if "measure" in keys or actual is None
                       else replace(number_cell(actual),
                                    text=number_cell(actual).text + clean_text(ind.measure))),
            "measure": Cell(clean_text(ind.measure)),
            "completion": percent_cell(completion),
            "expected_percent": percent_cell(expected),
            "lead_unit": Cell(ind.lead_unit.name if ind.lead_unit else ""),
            "status": status,
        }))
    rows = assemble(columns, records) if records else empty_rows(columns, "无目标指标。")
    return rows


KIND = ReportKind("indicators", "目标指标完成情况表", COLUMNS,
                  ("seq", "name", "target", "actual", "completion", "lead_unit", "status"),
                  landscape=False, uses_month=True, build=build, report_name="目标指标完成情况表")
