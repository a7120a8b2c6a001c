"""Shared helpers of the report builders: cell formats, reading the plan once, work-item rows.

A report kind module (``exports.report.kinds.*``) uses these to turn the services' answers into
``Row`` objects; nothing here renders.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from db.dto import PlanInfo, TaskInfo
from db.errors import InvalidInput, NotFound
from db.schedule import Standing, date_words, month_words, work_items
from db.services.plans import check_month, get_plan
from db.services.deadlines import histories_in_session
from db.services.tasks import load_tree_in_session
from exports.linebreak import break_lines, char_measure
from exports.report.options import ReportOptions, col
from exports.report.table import NUMBER, PERCENT, STATUS, Cell, Column, Row

ITEM_COLUMNS = (
    col("seq", "序号", 2.6, "center"),
    col("category", "工作任务", 6, "center", merge=True),
    Column("task", "", group="工作事项", width=9, merge=True, label="工作事项（任务）"),
    Column("item", "", group="工作事项", width=18, label="工作事项（具体事项）"),
    col("lead_units", "牵头单位", 6, "center"),
    col("responsible_units", "责任单位", 8, "center"),
    col("responsible_leaders", "责任领导", 5, "center"),   # optional: not among the defaults
    col("deadline", "完成时限", 6, "center"),
)
OPTIONAL_ITEM_COLUMNS = ("responsible_leaders",)


# --- small helpers ------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text) -> str:
    """Text as printed: no control characters (they break both PDF and xlsx), no outer spaces."""
    return _CONTROL.sub("", str(text or "")).strip()


def this_month(today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    return f"{today.year:04d}-{today.month:02d}"


def plan_short_name(title: str) -> str:
    """示例县科技创新提质增效三年行动2026年工作方案 → 示例县科技创新提质增效三年行动."""
    short = re.sub(r"(\d{4}年(度)?)?(工作|实施|行动)?方案$", "", title.strip())
    return short or title.strip()


def percent_cell(value: float | int | None) -> Cell:
    """A percent (0–100) in the one format of every report: one decimal (50.0% beside 45.8%,
    never 50% beside 45.8%); the cell's value is the fraction, for Excel."""
    if value is None:
        return Cell("", PERCENT)
    return Cell(f"{round(float(value), 1):.1f}%", PERCENT, value=round(value / 100.0, 4))


def number_cell(value: float | None, **kw) -> Cell:
    if value is None:
        return Cell("", NUMBER, **kw)
    text = f"{int(value)}" if float(value).is_integer() else f"{round(value, 2):g}"
    return Cell(text, NUMBER, value=float(value), **kw)


def units_text(units) -> str:
    return "、".join(u.name for u in units)


def deadline_text(task: TaskInfo) -> str:
    if task.deadline_text:
        return task.deadline_text
    if task.deadline is not None:
        return f"{task.deadline.year}年{task.deadline.month}月{task.deadline.day}日前"
    return ""


# --- assembling rows with vertical spans ---------------------------------------------------------

@dataclass
class Record:
    cells: dict[str, Cell]
    merge_keys: dict[str, object] = field(default_factory=dict)
    heading: Cell | None = None    # a row across the whole table (a category's name)


def assemble(columns: Sequence[Column], records: Sequence[Record]) -> tuple[Row, ...]:
    """Grid rows from records; a merge column's equal consecutive keys become one tall cell."""
    grid: list[list[Cell | None]] = [
        [replace(rec.heading, colspan=len(columns))] + [None] * (len(columns) - 1)
        if rec.heading is not None else [rec.cells.get(c.key, Cell("")) for c in columns]
        for rec in records]
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


def with_heading_rows(columns: Sequence[Column], records: list[Record]) -> list[Record]:
    """The usual 推进情况表 layout: with one 工作任务（事项） column and no 工作任务 column, each
    category is a row across the table in 黑体 before its first item; with no 工作事项（任务）
    column either, a task's name heads the 工作任务（事项） cell of its first item (that cell
    is seldom the row's tallest, so the name mostly costs no paper)."""
    keys = {c.key for c in columns}
    if "work" not in keys:
        return records
    out: list[Record] = []
    last: dict[str, object] = {}
    for rec in records:
        category = rec.merge_keys.get("category")
        if "category" not in keys and category is not None and category != last.get("category"):
            last["category"] = category
            last.pop("task", None)
            out.append(Record({}, heading=Cell(rec.cells["category"].text, bold=True,
                                               align="left")))
        task = rec.merge_keys.get("task")
        if "task" not in keys and task is not None and task != last.get("task"):
            last["task"] = task
            text, work = rec.cells["task"].text, rec.cells["work"]
            if not work.text.startswith(text):   # else the task is itself the work item
                rec = replace(rec, cells={**rec.cells, "work": replace(
                    work, text=f"{text}\n{work.text}")})
        out.append(rec)
    return out


def empty_rows(columns: Sequence[Column], text: str) -> tuple[Row, ...]:
    first = Cell(text, colspan=len(columns), align="center")
    return (Row((first,) + (None,) * (len(columns) - 1)),)


# --- reading the database once per report -------------------------------------------------------

@dataclass(frozen=True)
class Context:
    plan: PlanInfo
    tree: list[TaskInfo]
    by_id: dict[int, TaskInfo]
    month: str
    unit_id: int | None
    unit_name: str
    today: dt.date
    first_month: str = ""                        # a range of months ends with ``month``
    weights: tuple[float, float, float] | None = None
    # 延期: work item id → "原定2026年6月底前，经批准调整至9月底前" for adjusted deadlines
    deadline_notes: dict[int, str] = field(default_factory=dict)


def resolve_unit(session, unit, region: str) -> tuple[int | None, str]:
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


def read_context(session, plan_id: int, options: ReportOptions) -> Context:
    today = options.today or dt.date.today()
    month = options.month or this_month(today)
    check_month(month)
    plan = get_plan.in_session(session, plan_id)
    tree = load_tree_in_session(session, plan_id)
    unit_id, unit_name = resolve_unit(session, options.unit, plan.region)
    first_month = check_month(options.first_month) if options.first_month else month
    if first_month > month:
        raise InvalidInput(f"起始月份 {first_month} 晚于截止月份 {month}。")
    notes = {task_id: history.note()
             for task_id, history in histories_in_session(session, plan_id=plan_id).items()}
    return Context(plan=plan, tree=tree, by_id={t.id: t for t in tree}, month=month,
                   unit_id=unit_id, unit_name=unit_name, today=today,
                   first_month=first_month, weights=options.weights, deadline_notes=notes)


def items_of(ctx: Context) -> list[TaskInfo]:
    items = work_items(ctx.tree)
    if ctx.unit_id is not None:
        items = [t for t in items if any(u.id == ctx.unit_id for u in t.lead_units)]
    return items


def ancestors(ctx: Context, task: TaskInfo) -> list[TaskInfo]:
    chain = []
    node = task
    while node.parent_id is not None:
        node = ctx.by_id[node.parent_id]
        chain.append(node)
    return list(reversed(chain))


def numbered(task: TaskInfo) -> str:
    return f"{task.number}{clean_text(task.text)}"


def item_cells(ctx: Context, seq: int, task: TaskInfo) -> Record:
    """序号, 工作任务 (category), 工作事项 (task + item), units, 完成时限 of one work item."""
    chain = ancestors(ctx, task)
    category = chain[0] if chain else task
    parent_task = chain[1] if len(chain) > 1 else (task if task.depth == 1 else None)
    if task.depth == 0:
        item_text = ""
    elif parent_task is task:
        item_text = clean_text(task.content) if task.title else ""
    else:
        # Sub-items (depth 3 and below) carry their own number and their parent's wording.
        between = [clean_text(n.text) for n in chain[2:]]
        own = clean_text(task.text) if task.depth == 2 else numbered(task)
        item_text = "：".join([*between, own]) if between else own
    if parent_task is task:
        work_text = numbered(task) + (f"：{item_text}" if item_text else "")
    elif task.depth >= 2:
        work_text = "：".join([*(clean_text(n.text) for n in chain[2:]), numbered(task)])
    else:
        work_text = numbered(task)
    cells = {
        "seq": Cell(str(seq), NUMBER, value=seq),
        "work": Cell(work_text),
        "category": Cell(numbered(category)),
        "task": Cell(numbered(parent_task) if parent_task is not None else ""),
        "item": Cell(item_text),
        "lead_units": Cell(units_text(task.lead_units)),
        "responsible_units": Cell(units_text(task.responsible_units)),
        "responsible_leaders": Cell("、".join(task.responsible_leaders)),
        "deadline": Cell(ctx.deadline_notes.get(task.id) or deadline_text(task)),
    }
    keys = {"category": category.id,
            "task": parent_task.id if parent_task is not None else None}
    return Record(cells, keys)


def subtitle(ctx: Context, with_month: bool) -> str:
    parts = []
    if with_month and ctx.first_month and ctx.first_month != ctx.month:
        parts.append(f"{month_words(ctx.first_month)}至{month_words(ctx.month)}")
    elif with_month:
        parts.append(month_words(ctx.month))
    if ctx.unit_name:
        parts.append(f"牵头单位：{ctx.unit_name}")
    return f"（{'　'.join(parts)}）" if parts else ""


def status_cell(standing: Standing | None) -> Cell:
    """完成状态 as ``Standing.label`` says it, painted with ``Standing.tone`` (none for 未报送)."""
    if standing is None:
        return Cell("")
    tone = standing.tone
    return Cell(standing.label, STATUS, colour=tone.value if tone is not None else None)


def by_lead_units(ctx: Context, tasks: list[TaskInfo]) -> list[TaskInfo]:
    """Work items grouped by their lead units (groups in order of first appearance)."""
    order: dict[str, list[TaskInfo]] = {}
    for task in tasks:
        order.setdefault(units_text(task.lead_units) or "（未定牵头单位）", []).append(task)
    return [t for group in order.values() for t in group]


def unit_record_cells(ctx: Context, seq: int, task: TaskInfo) -> Record:
    lead = units_text(task.lead_units) or "（未定牵头单位）"
    item = item_cells(ctx, seq, task)
    parts = [item.cells["task"].text, item.cells["item"].text]
    text = "\n".join(p for p in parts if p) or item.cells["category"].text
    return Record({
        "lead_units": Cell(lead),
        "seq": Cell(str(seq), NUMBER, value=seq),
        "item": Cell(text),
        "responsible_units": item.cells["responsible_units"],
        "deadline": item.cells["deadline"],
    }, {"lead_units": lead})


CHAR_MEASURE = char_measure()


def text_lines(text: str, width_in_chars: float) -> int:
    """Lines ``text`` needs in a cell ``width_in_chars`` Chinese characters wide, broken as
    ``exports.linebreak`` breaks it (a Chinese character counts 1, Latin letters/digits about
    ½) — what LibreOffice and WPS need, since they do not fit row heights themselves."""
    return len(break_lines(text, max(1.0, width_in_chars), CHAR_MEASURE))
