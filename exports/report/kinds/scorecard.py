"""牵头单位考评表: per lead unit over a range of months, 报送及时率, 完成率, items lagging or
overdue now and a weighted score (``db.scorecard``), ranked; the formula is the last row."""
from __future__ import annotations

from db.scorecard import DEFAULT_WEIGHTS, GRACE_DAYS, Weights, ranked, score_units
from db.trend import months_between, summaries_in_session
from exports.report.common import Context, Record, assemble, empty_rows, number_cell, \
    percent_cell
from exports.report.options import ReportKind, col
from exports.report.table import NUMBER, Cell, Row

COLUMNS = (
    col("rank", "名次", 2.6, "center"),
    col("unit", "牵头单位", 9),
    col("items", "牵头事项", 4, "right"),
    col("months_due", "应报", 3.4, "right", group="报送（事项·月）"),
    col("months_on_time", "按时", 3.4, "right", group="报送（事项·月）"),
    col("timely_rate", "及时率", 4, "right", group="报送（事项·月）"),
    col("done", "已完成", 3.6, "right"),
    col("done_rate", "完成率", 4, "right"),
    col("lagging", "滞后", 3.4, "right"),
    col("overdue", "逾期", 3.4, "right"),
    col("score", "得分", 3.8, "right"),
)


def _rate(value: float | None) -> Cell:
    return percent_cell(None if value is None else round(100 * value, 1))


def build(session, ctx: Context, columns) -> tuple[Row, ...]:
    weights = Weights(*ctx.weights).check() if ctx.weights else DEFAULT_WEIGHTS
    summaries = summaries_in_session(session, ctx.plan.id,
                                     months_between(ctx.first_month or ctx.month, ctx.month),
                                     today=ctx.today)
    scores = [s for s in score_units(summaries)
              if ctx.unit_id is None or s.unit == ctx.unit_name]
    if not scores:
        return empty_rows(columns, "无牵头单位的工作事项。")
    records = []
    ordered = ranked(scores, weights)
    points = [s.score(weights) or 0 for s in ordered]
    for s, score in zip(ordered, points):
        rank = 1 + sum(p > score for p in points)     # equal scores share a rank (并列)
        cells = {key: number_cell(getattr(s, key))
                 for key in ("items", "months_due", "months_on_time", "done", "lagging", "overdue")}
        cells.update(rank=Cell(str(rank), NUMBER, value=rank), unit=Cell(s.unit),
                     timely_rate=_rate(s.timely_rate), done_rate=_rate(s.done_rate),
                     score=number_cell(s.score(weights)))
        records.append(Record(cells))
    rows = list(assemble(columns, records))
    note = (f"{weights.formula()}。报送及时率＝按时报送的事项·月÷应报送的事项·月"
            f"（次月{GRACE_DAYS}日前录入为按时；此前已完成的事项不再计应报）；"
            "完成率＝已完成÷牵头事项；滞后、逾期为截止月份的事项数。")
    rows.append(Row((Cell(note, colspan=len(columns), align="left"),)
                    + (None,) * (len(columns) - 1)))
    return tuple(rows)


KIND = ReportKind("scorecard", "牵头单位考评表", COLUMNS, tuple(c.key for c in COLUMNS),
                  landscape=False, uses_month=True, build=build,
                  report_name="牵头单位工作考评表")
