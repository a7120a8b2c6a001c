"""One report table for every printed or exported output (no Qt, no rendering).

``build_report(db, plan_id, options)`` reads the services once and returns a frozen
``ReportTable``: title, 附件 label, subtitle, columns (one or two header rows), rows whose cells
may span rows (a 工作任务 cell spanning its work items) or columns, and the footer fields.
``exports.pdf.render`` and ``exports.xlsx.render`` take only that object, and the on-screen
print preview shows the PDF made from it, so every output says the same thing.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from db.dto import PlanInfo, TaskInfo
from db.errors import InvalidInput, NotFound
from db.schedule import (
    Colour,
    Standing,
    colour_for,
    expected_percent,
    month_end,
    month_standings,
    work_items,
)
from db.services.plans import check_month, get_plan, list_indicators
from db.summary import UnitCounts, actual_for_month, indicator_completion, tally
from db.services.progress import progress_for_month, progress_for_plan
from db.services.tasks import load_tree_in_session

# --- the table --------------------------------------------------------------------------------

TEXT, NUMBER, PERCENT, STATUS = "text", "number", "percent", "status"

# Status colours as cell backgrounds: light enough that the printed word stays readable in black
# and white (the word is always printed; the colour only adds).
STATUS_FILLS = {"green": "C6EFCE", "yellow": "FFEB9C", "red": "FFC7CE"}


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    group: str = ""        # upper header cell shared by neighbouring columns with the same group
    width: float = 6.0     # relative width, roughly in Chinese characters at body size
    align: str = "left"    # left / center / right
    merge: bool = False    # consecutive rows with the same merge key become one cell
    label: str = ""        # the name in the column chooser, when the header alone is unclear

    @property
    def name(self) -> str:
        return self.label or self.header or self.group


@dataclass(frozen=True)
class Cell:
    text: str = ""
    kind: str = TEXT
    value: float | None = None     # numbers; percents as fractions (0.6 = 60%)
    colour: str | None = None      # status colour: green / yellow / red
    rowspan: int = 1
    colspan: int = 1
    bold: bool = False
    align: str | None = None       # None: the column's alignment


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell | None, ...]  # None: covered by a span from above or from the left


@dataclass(frozen=True)
class HeaderCell:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


@dataclass(frozen=True)
class FooterField:
    key: str
    label: str
    value: str = ""


@dataclass(frozen=True)
class ReportTable:
    kind: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    annex_label: str = ""
    subtitle: str = ""
    footer: tuple[FooterField, ...] = ()
    landscape: bool = True
    body_font: str = "fang"        # fang (仿宋) or song (宋体); the PDF falls back to 宋体
    font_size: float = 10.5

    @property
    def header_rows(self) -> tuple[tuple[HeaderCell, ...], ...]:
        return header_grid(self.columns)

    @property
    def header_row_count(self) -> int:
        return len(self.header_rows)

    def spans(self) -> list[tuple[int, int, int, int]]:
        """(row, col, rowspan, colspan) of every body cell larger than one grid cell."""
        out = []
        for r, row in enumerate(self.rows):
            for c, cell in enumerate(row.cells):
                if cell is not None and (cell.rowspan > 1 or cell.colspan > 1):
                    out.append((r, c, cell.rowspan, cell.colspan))
        return out


def header_grid(columns: Sequence[Column]) -> tuple[tuple[HeaderCell, ...], ...]:
    """Header cells of one or two rows.

    A group whose columns have no header of their own is one wide cell (工作事项 over the task
    and item columns); a group whose columns do have headers sits above them (two rows), and
    ungrouped columns then span both rows.
    """
    two_rows = any(c.group and c.header for c in columns)
    first: list[HeaderCell] = []
    second: list[HeaderCell] = []
    i = 0
    while i < len(columns):
        col = columns[i]
        if not col.group:
            first.append(HeaderCell(col.header, 0, i, rowspan=2 if two_rows else 1))
            i += 1
            continue
        j = i
        while j < len(columns) and columns[j].group == col.group:
            j += 1
        members = columns[i:j]
        if two_rows and any(m.header for m in members):
            first.append(HeaderCell(col.group, 0, i, colspan=j - i))
            second.extend(HeaderCell(m.header, 1, i + k) for k, m in enumerate(members))
        else:
            first.append(HeaderCell(col.group, 0, i, rowspan=2 if two_rows else 1,
                                    colspan=j - i))
        i = j
    return (tuple(first), tuple(second)) if two_rows else (tuple(first),)


# --- what the user chooses ----------------------------------------------------------------------

FOOTER_FIELDS = (
    ("reporting_unit", "填报单位（盖章）"),
    ("filled_by", "填报人"),
    ("phone", "联系电话"),
    ("approved_by", "审核人"),
    ("principal", "主要负责人"),
    ("date", "填报日期"),
)
FOOTER_LABELS = dict(FOOTER_FIELDS)


@dataclass(frozen=True)
class ReportOptions:
    """Everything the export dialog (or the CLI) lets the user choose."""

    kind: str = "tasks"
    month: str | None = None                 # YYYY-MM; None: this month
    unit: str | int | None = None            # one lead unit (name, alias or id); None: all
    columns: tuple[str, ...] | None = None   # column keys in order; None: the kind's defaults
    title: str = ""                          # empty: the default title
    annex_label: str = ""                    # e.g. 附件2
    footer: tuple[str, ...] = ("reporting_unit", "filled_by", "phone", "date")
    footer_values: dict[str, str] = field(default_factory=dict)
    body_font: str = "fang"
    font_size: float = 10.5
    today: dt.date | None = None             # for 逾期/临期 and the default 填报日期


@dataclass(frozen=True)
class ReportKind:
    key: str
    label: str
    columns: tuple[Column, ...]
    default_columns: tuple[str, ...]
    landscape: bool
    uses_month: bool
    build: Callable
    report_name: str     # what follows the plan's short name in the default title


def _c(key, header, width, align="left", group="", merge=False) -> Column:
    return Column(key=key, header=header, group=group, width=width, align=align, merge=merge)


_ITEM_COLUMNS = (
    _c("seq", "序号", 2.6, "center"),
    _c("category", "工作任务", 6, "center", merge=True),
    Column("task", "", group="工作事项", width=9, merge=True, label="工作事项（任务）"),
    Column("item", "", group="工作事项", width=18, label="工作事项（具体事项）"),
    _c("lead_units", "牵头单位", 6, "center"),
    _c("responsible_units", "责任单位", 8, "center"),
    _c("deadline", "完成时限", 6, "center"),
)


def _progress_columns() -> tuple[Column, ...]:
    by_key = {c.key: c for c in _ITEM_COLUMNS}
    group = "推进情况"
    return (
        replace(by_key["seq"], width=2.6), replace(by_key["category"], width=4.4),
        replace(by_key["task"], width=5.8), replace(by_key["item"], width=10.5),
        replace(by_key["lead_units"], width=5.3), replace(by_key["responsible_units"], width=6),
        replace(by_key["deadline"], width=4.8),
        _c("expected_percent", "序时进度", 3, "right", group=group),
        _c("percent", "完成进度", 3, "right", group=group),
        _c("progress_text", "进展情况", 11, group=group),
        _c("problems", "存在问题", 5.5, group=group),
        _c("next_steps", "下步计划", 5.5, group=group),
        _c("status", "完成状态", 4, "center", group=group),
    )


_UNIT_COLUMNS = (
    _c("seq", "序号", 2.6, "center"),
    _c("unit", "牵头单位", 9),
    _c("items", "事项数", 4, "right"),
    _c("done", "已完成", 4, "right"),
    _c("on_time", "序时推进", 4.4, "right"),
    _c("late", "滞后", 4, "right"),
    _c("overdue", "逾期", 4, "right"),
    _c("not_reported", "未报送", 4, "right"),
    _c("done_rate", "完成率", 4.4, "right"),
)

_INDICATOR_COLUMNS = (
    _c("seq", "序号", 2.6, "center"),
    _c("name", "目标指标", 10),
    _c("target", "目标值", 6, "center"),
    _c("actual", "实际值", 5, "right"),
    _c("measure", "单位", 3, "center"),
    _c("completion", "完成率", 4.4, "right"),
    _c("expected_percent", "序时进度", 4.4, "right"),
    _c("lead_unit", "牵头单位", 6.5, "center"),
    _c("status", "完成状态", 4.4, "center"),
)

_LATE_COLUMNS = (
    _c("lead_units", "牵头单位", 6, "center", merge=True),
    _c("seq", "序号", 2.6, "center"),
    _c("item", "工作事项", 17),
    _c("responsible_units", "责任单位", 7, "center"),
    _c("deadline", "完成时限", 5.5, "center"),
    _c("expected_percent", "序时进度", 4, "right"),
    _c("percent", "完成进度", 4, "right"),
    _c("standing", "滞后/逾期情况", 8.5, "center"),
    _c("problems", "存在问题", 9),
)

_UNREPORTED_COLUMNS = (
    _c("lead_units", "牵头单位", 6, "center", merge=True),
    _c("seq", "序号", 2.6, "center"),
    _c("item", "工作事项", 20),
    _c("responsible_units", "责任单位", 8, "center"),
    _c("deadline", "完成时限", 5.5, "center"),
    _c("last_reported", "最近报送月份", 6, "center"),
    _c("percent", "最近完成进度", 5, "right"),
)


# --- small helpers ------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text) -> str:
    """Text as printed: no control characters (they break both PDF and xlsx), no outer spaces."""
    return _CONTROL.sub("", str(text or "")).strip()


def this_month(today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    return f"{today.year:04d}-{today.month:02d}"


def month_words(month: str) -> str:
    return f"{int(month[:4])}年{int(month[5:])}月"


def date_words(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def plan_short_name(title: str) -> str:
    """示例县科技创新提质增效三年行动2026年工作方案 → 示例县科技创新提质增效三年行动."""
    short = re.sub(r"(\d{4}年(度)?)?(工作|实施|行动)?方案$", "", title.strip())
    return short or title.strip()


def _percent_cell(value: float | int | None) -> Cell:
    if value is None:
        return Cell("", PERCENT)
    return Cell(f"{value:g}%" if isinstance(value, int) else f"{round(value, 1):g}%",
                PERCENT, value=round(value / 100.0, 4))


def _number_cell(value: float | None, **kw) -> Cell:
    if value is None:
        return Cell("", NUMBER, **kw)
    text = f"{int(value)}" if float(value).is_integer() else f"{round(value, 2):g}"
    return Cell(text, NUMBER, value=float(value), **kw)


def _units_text(units) -> str:
    return "、".join(u.name for u in units)


def _deadline_text(task: TaskInfo) -> str:
    if task.deadline_text:
        return task.deadline_text
    if task.deadline is not None:
        return f"{task.deadline.year}年{task.deadline.month}月{task.deadline.day}日前"
    return ""


# --- assembling rows with vertical spans ---------------------------------------------------------

@dataclass
class _Record:
    cells: dict[str, Cell]
    merge_keys: dict[str, object] = field(default_factory=dict)


def _assemble(columns: Sequence[Column], records: Sequence[_Record]) -> tuple[Row, ...]:
    """Grid rows from records; a merge column's equal consecutive keys become one tall cell."""
    grid: list[list[Cell | None]] = [
        [rec.cells.get(c.key, Cell("")) for c in columns] for rec in records]
    for ci, col in enumerate(columns):
        if not col.merge:
            continue
        r = 0
        while r < len(records):
            key = records[r].merge_keys.get(col.key)
            end = r + 1
            if key is not None:
                while end < len(records) and records[end].merge_keys.get(col.key) == key:
                    end += 1
            if end - r > 1:
                grid[r][ci] = replace(grid[r][ci], rowspan=end - r)
                for k in range(r + 1, end):
                    grid[k][ci] = None
            r = end
    return tuple(Row(tuple(cells)) for cells in grid)


def _empty_rows(columns: Sequence[Column], text: str) -> tuple[Row, ...]:
    first = Cell(text, colspan=len(columns), align="center")
    return (Row((first,) + (None,) * (len(columns) - 1)),)


# --- reading the database once per report -------------------------------------------------------

@dataclass(frozen=True)
class _Context:
    plan: PlanInfo
    tree: list[TaskInfo]
    by_id: dict[int, TaskInfo]
    month: str
    unit_id: int | None
    unit_name: str
    today: dt.date


def _resolve_unit(session, unit, region: str) -> tuple[int | None, str]:
    from db.models import Unit
    from db.services.units import find_unit

    if unit is None or unit == "":
        return None, ""
    if isinstance(unit, int) or (isinstance(unit, str) and unit.isdigit()):
        row = session.get(Unit, int(unit))
    else:
        row = find_unit(session, str(unit), region)
    if row is None:
        raise NotFound(f"找不到单位“{unit}”，请检查单位名称。")
    return row.id, row.name


def _context(session, plan_id: int, options: ReportOptions) -> _Context:
    today = options.today or dt.date.today()
    month = options.month or this_month(today)
    check_month(month)
    plan = get_plan.in_session(session, plan_id)
    tree = load_tree_in_session(session, plan_id)
    unit_id, unit_name = _resolve_unit(session, options.unit, plan.region)
    return _Context(plan=plan, tree=tree, by_id={t.id: t for t in tree}, month=month,
                    unit_id=unit_id, unit_name=unit_name, today=today)


def _items(ctx: _Context) -> list[TaskInfo]:
    items = work_items(ctx.tree)
    if ctx.unit_id is not None:
        items = [t for t in items if any(u.id == ctx.unit_id for u in t.lead_units)]
    return items


def _ancestors(ctx: _Context, task: TaskInfo) -> list[TaskInfo]:
    chain = []
    node = task
    while node.parent_id is not None:
        node = ctx.by_id[node.parent_id]
        chain.append(node)
    return list(reversed(chain))


def _numbered(task: TaskInfo) -> str:
    return f"{task.number}{clean_text(task.text)}"


def _item_cells(ctx: _Context, seq: int, task: TaskInfo) -> _Record:
    """序号, 工作任务 (category), 工作事项 (task + item), units, 完成时限 of one work item."""
    chain = _ancestors(ctx, task)
    category = chain[0] if chain else task
    parent_task = chain[1] if len(chain) > 1 else (task if task.depth == 1 else None)
    if task.depth == 0:
        item_text = ""
    elif parent_task is task:
        item_text = clean_text(task.content) if task.title else ""
    else:
        # Sub-items (depth 3 and below) carry their own number and their parent's wording.
        between = [clean_text(n.text) for n in chain[2:]]
        own = clean_text(task.text) if task.depth == 2 else _numbered(task)
        item_text = "：".join([*between, own]) if between else own
    cells = {
        "seq": Cell(str(seq), NUMBER, value=seq),
        "category": Cell(_numbered(category)),
        "task": Cell(_numbered(parent_task) if parent_task is not None else ""),
        "item": Cell(item_text),
        "lead_units": Cell(_units_text(task.lead_units)),
        "responsible_units": Cell(_units_text(task.responsible_units)),
        "deadline": Cell(_deadline_text(task)),
    }
    keys = {"category": category.id,
            "task": parent_task.id if parent_task is not None else None}
    return _Record(cells, keys)


def _subtitle(ctx: _Context, with_month: bool) -> str:
    parts = []
    if with_month:
        parts.append(month_words(ctx.month))
    if ctx.unit_name:
        parts.append(f"牵头单位：{ctx.unit_name}")
    return f"（{'　'.join(parts)}）" if parts else ""


# --- builders -----------------------------------------------------------------------------------

def build_task_list(session, ctx: _Context, columns) -> tuple[Row, ...]:
    records = [_item_cells(ctx, i, t) for i, t in enumerate(_items(ctx), start=1)]
    rows = _assemble(columns, records) if records else _empty_rows(columns, "无工作事项。")
    return rows


def _status_cell(standing: Standing | None) -> Cell:
    if standing is None:
        return Cell("")
    word = standing.status or "未报送"
    if standing.overdue:
        word = f"{word}（逾期）"
    return Cell(word, STATUS, colour=standing.colour.value)


def build_progress(session, ctx: _Context, columns) -> tuple[Row, ...]:
    standings = month_standings.in_session(session, ctx.plan.id, ctx.month, today=ctx.today)
    entries = progress_for_month.in_session(session, ctx.plan.id, ctx.month)
    records = []
    for i, task in enumerate(_items(ctx), start=1):
        record = _item_cells(ctx, i, task)
        standing = standings.get(task.id)
        entry = entries.get(task.id)
        record.cells.update({
            "expected_percent": _percent_cell(standing.expected_percent if standing else None),
            "percent": _percent_cell(entry.percent if entry else None),
            "progress_text": Cell(clean_text(entry.progress_text) if entry else ""),
            "problems": Cell(clean_text(entry.problems) if entry else ""),
            "next_steps": Cell(clean_text(entry.next_steps) if entry else ""),
            "status": _status_cell(standing),
        })
        records.append(record)
    rows = _assemble(columns, records) if records else _empty_rows(columns, "无工作事项。")
    return rows


def unit_counts(ctx: _Context, standings: dict[int, Standing]) -> list[UnitCounts]:
    """Per lead unit, in order of first appearance; an item with two lead units counts for both."""
    groups: dict[int, tuple[str, list[Standing]]] = {}
    for task in _items(ctx):
        standing = standings.get(task.id)
        if standing is None:
            continue
        for unit in task.lead_units:
            if ctx.unit_id is None or unit.id == ctx.unit_id:
                groups.setdefault(unit.id, (unit.name, []))[1].append(standing)
    return [tally(name, group) for name, group in groups.values()]


def build_units(session, ctx: _Context, columns) -> tuple[Row, ...]:
    standings = month_standings.in_session(session, ctx.plan.id, ctx.month, today=ctx.today)
    per_unit = unit_counts(ctx, standings)
    total = tally("合计", [standings[t.id] for t in _items(ctx)
                          if t.id in standings and t.lead_units])

    def cells(seq: int | None, c: UnitCounts, bold=False) -> dict[str, Cell]:
        rate = 100.0 * c.done / c.items if c.items else None
        out = {key: _number_cell(getattr(c, key), bold=bold)
               for key in ("items", "done", "on_time", "late", "overdue", "not_reported")}
        out["done_rate"] = replace(_percent_cell(rate), bold=bold)
        out["seq"] = Cell(str(seq), NUMBER, value=seq) if seq else Cell("")
        out["unit"] = Cell(c.unit, bold=bold)
        return out

    records = [_Record(cells(i, c)) for i, c in enumerate(per_unit, start=1)]
    if not records:
        return _empty_rows(columns, "无牵头单位的工作事项。")
    rows = list(_assemble(columns, records))
    if ctx.unit_id is None and len(per_unit) > 1:
        total_cells = cells(None, total, bold=True)
        grid = [total_cells.get(c.key, Cell("")) for c in columns]
        keys = [c.key for c in columns]
        if keys[:2] == ["seq", "unit"]:   # 合计 spans 序号 and 牵头单位
            grid[0] = Cell("合计", colspan=2, bold=True, align="center")
            grid[1] = None
        rows.append(Row(tuple(grid)))
    return tuple(rows)


def build_indicators(session, ctx: _Context, columns) -> tuple[Row, ...]:
    from db.schedule import plan_start_date
    from db.services.plans import get_plan_row

    plan_row = get_plan_row(session, ctx.plan.id)
    start = plan_start_date(plan_row)
    end = ctx.plan.end_date or (dt.date(ctx.plan.year, 12, 31) if ctx.plan.year else None)
    expected = expected_percent(start, end, month_end(ctx.month))
    records = []
    indicators = list_indicators.in_session(session, ctx.plan.id)
    if ctx.unit_id is not None:
        indicators = [i for i in indicators if i.lead_unit and i.lead_unit.id == ctx.unit_id]
    for seq, ind in enumerate(indicators, start=1):
        actual, _from_month = actual_for_month(ind.actuals, ctx.month)
        completion = indicator_completion(ind.target, actual, ind.comparator,
                                          ind.target_text)
        if completion is None:
            status = Cell("未填报" if actual is None else "", STATUS,
                          colour="yellow" if actual is None else None)
        elif completion >= 100:
            status = Cell("已完成", STATUS, colour="green")
        else:
            behind = None if expected is None else expected - completion
            colour = colour_for(behind)
            word = "序时推进" if colour == Colour.GREEN else "进度滞后"
            status = Cell(word, STATUS, colour=colour.value)
        target_text = clean_text(ind.target_text) or (
            f"{ind.comparator}{ind.target:g}{ind.measure}" if ind.target is not None else "")
        records.append(_Record({
            "seq": Cell(str(seq), NUMBER, value=seq),
            "name": Cell(clean_text(ind.name)),
            "target": Cell(target_text),
            "actual": _number_cell(actual),
            "measure": Cell(clean_text(ind.measure)),
            "completion": _percent_cell(completion),
            "expected_percent": _percent_cell(expected),
            "lead_unit": Cell(ind.lead_unit.name if ind.lead_unit else ""),
            "status": status,
        }))
    rows = _assemble(columns, records) if records else _empty_rows(columns, "无目标指标。")
    return rows


def _by_lead_units(ctx: _Context, tasks: list[TaskInfo]) -> list[TaskInfo]:
    """Work items grouped by their lead units (groups in order of first appearance)."""
    order: dict[str, list[TaskInfo]] = {}
    for task in tasks:
        order.setdefault(_units_text(task.lead_units) or "（未定牵头单位）", []).append(task)
    return [t for group in order.values() for t in group]


def _unit_record_cells(ctx: _Context, seq: int, task: TaskInfo) -> _Record:
    lead = _units_text(task.lead_units) or "（未定牵头单位）"
    item = _item_cells(ctx, seq, task)
    parts = [item.cells["task"].text, item.cells["item"].text]
    text = "\n".join(p for p in parts if p) or item.cells["category"].text
    return _Record({
        "lead_units": Cell(lead),
        "seq": Cell(str(seq), NUMBER, value=seq),
        "item": Cell(text),
        "responsible_units": item.cells["responsible_units"],
        "deadline": item.cells["deadline"],
    }, {"lead_units": lead})


def build_late(session, ctx: _Context, columns) -> tuple[Row, ...]:
    standings = month_standings.in_session(session, ctx.plan.id, ctx.month, today=ctx.today)
    entries = progress_for_month.in_session(session, ctx.plan.id, ctx.month)
    late = [t for t in _items(ctx) if t.id in standings
            and (standings[t.id].overdue or standings[t.id].lagging)]
    records = []
    for seq, task in enumerate(_by_lead_units(ctx, late), start=1):
        standing = standings[task.id]
        entry = entries.get(task.id)
        record = _unit_record_cells(ctx, seq, task)
        if standing.overdue:
            days = -standing.days_left if standing.days_left is not None else 0
            word, colour = f"逾期{days}天", "red"
        else:
            behind = standing.behind if standing.behind is not None else 0
            word = f"滞后{behind:g}个百分点" if standing.behind is not None else "进度滞后"
            colour = "red" if standing.colour.value == "red" else "yellow"
        record.cells.update({
            "expected_percent": _percent_cell(standing.expected_percent),
            "percent": _percent_cell(standing.percent),
            "standing": Cell(word, STATUS, colour=colour),
            "problems": Cell(clean_text(entry.problems) if entry else "（本月未报送）"),
        })
        records.append(record)
    rows = (_assemble(columns, records) if records
            else _empty_rows(columns, "本月无滞后或逾期事项。"))
    return rows


def build_unreported(session, ctx: _Context, columns) -> tuple[Row, ...]:
    standings = month_standings.in_session(session, ctx.plan.id, ctx.month, today=ctx.today)
    history = progress_for_plan.in_session(session, ctx.plan.id)
    # Items finished in an earlier month need no further monthly report.
    missing = [t for t in _items(ctx) if t.id in standings and not standings[t.id].reported
               and not standings[t.id].done]
    records = []
    for seq, task in enumerate(_by_lead_units(ctx, missing), start=1):
        earlier = [p for p in history.get(task.id, []) if p.month < ctx.month]
        last = earlier[-1] if earlier else None
        record = _unit_record_cells(ctx, seq, task)
        record.cells.update({
            "last_reported": Cell(month_words(last.month) if last else "从未报送"),
            "percent": _percent_cell(last.percent if last else None),
        })
        records.append(record)
    rows = (_assemble(columns, records) if records
            else _empty_rows(columns, "本月所有事项均已报送。"))
    return rows


REPORT_KINDS: dict[str, ReportKind] = {k.key: k for k in (
    ReportKind("tasks", "重点工作任务清单", _ITEM_COLUMNS,
               tuple(c.key for c in _ITEM_COLUMNS), True, False, build_task_list,
               "重点工作任务清单"),
    ReportKind("progress", "月度工作推进情况表", _progress_columns(),
               ("seq", "category", "task", "item", "lead_units", "deadline", "percent",
                "progress_text", "problems", "next_steps", "status"), True, True,
               build_progress, "月度工作推进情况表"),
    ReportKind("units", "牵头单位汇总表", _UNIT_COLUMNS,
               tuple(c.key for c in _UNIT_COLUMNS), False, True, build_units,
               "牵头单位工作推进情况汇总表"),
    ReportKind("indicators", "目标指标完成情况表", _INDICATOR_COLUMNS,
               ("seq", "name", "target", "actual", "measure", "completion", "lead_unit",
                "status"), False, True, build_indicators, "目标指标完成情况表"),
    ReportKind("late", "滞后/逾期事项清单", _LATE_COLUMNS,
               tuple(c.key for c in _LATE_COLUMNS), True, True, build_late, "滞后逾期事项清单"),
    ReportKind("unreported", "未报送事项清单", _UNREPORTED_COLUMNS,
               tuple(c.key for c in _UNREPORTED_COLUMNS), True, True, build_unreported,
               "未报送事项清单"),
)}


def report_kind(kind: str) -> ReportKind:
    try:
        return REPORT_KINDS[kind]
    except KeyError:
        raise InvalidInput(
            f"报表种类“{kind}”无效，应为：{'、'.join(REPORT_KINDS)}。") from None


def chosen_columns(kind: ReportKind, keys: Sequence[str] | None) -> tuple[Column, ...]:
    by_key = {c.key: c for c in kind.columns}
    keys = kind.default_columns if keys is None else tuple(keys)
    unknown = [k for k in keys if k not in by_key]
    if unknown:
        raise InvalidInput(f"“{kind.label}”没有这些列：{'、'.join(unknown)}。")
    if not keys:
        raise InvalidInput("请至少选择一列。")
    # Columns keep the kind's order, so grouped headers stay next to each other.
    return tuple(c for c in kind.columns if c.key in keys)


def footer_fields(options: ReportOptions, today: dt.date) -> tuple[FooterField, ...]:
    out = []
    for key in options.footer:
        if key not in FOOTER_LABELS:
            raise InvalidInput(f"落款栏目“{key}”无效。")
        value = clean_text(options.footer_values.get(key, ""))
        if key == "date" and not value:
            value = date_words(today)
        out.append(FooterField(key, FOOTER_LABELS[key], value))
    return tuple(out)


# What follows the plan's short name in default titles (a long title may break before it).
REPORT_NAMES = tuple(k.report_name for k in REPORT_KINDS.values())


def default_title(plan_title: str, kind: str) -> str:
    return f"{plan_short_name(plan_title)}{report_kind(kind).report_name}"


def build_report(db, plan_id: int, options: ReportOptions) -> ReportTable:
    """Read what the report needs in one transaction and return the finished table."""
    kind = report_kind(options.kind)
    columns = chosen_columns(kind, options.columns)
    with db.transaction() as session:
        ctx = _context(session, plan_id, options)
        rows = kind.build(session, ctx, columns)
    title = clean_text(options.title) or default_title(ctx.plan.title, kind.key)
    return ReportTable(
        kind=kind.key, title=title, columns=columns, rows=rows,
        annex_label=clean_text(options.annex_label),
        subtitle=_subtitle(ctx, kind.uses_month), footer=footer_fields(options, ctx.today),
        landscape=kind.landscape or sum(c.width for c in columns) > 48,
        body_font=options.body_font if options.body_font in ("fang", "song") else "fang",
        font_size=min(12.0, max(10.5, float(options.font_size))),
    )


def text_lines(text: str, width_in_chars: float) -> int:
    """Lines ``text`` needs in a cell ``width_in_chars`` Chinese characters wide (estimate).

    A Chinese character counts 1, Latin letters/digits ½ — what LibreOffice and WPS need since
    they do not fit row heights themselves.
    """
    per_line = max(1.0, width_in_chars)
    lines = 0
    for part in (text or "").split("\n"):
        units = sum(1.0 if ord(ch) > 0x2E7F else 0.55 for ch in part)
        lines += max(1, math.ceil(units / per_line - 1e-9))
    return lines
