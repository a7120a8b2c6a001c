"""Assembling the plan: a ``SourceDocument`` (lines and tables, from a reader) → the outline
(``text``) and the markers (``markers``, ``common``'s deadlines) → one ``ParsedPlan``.

    parsed = assemble(read_docx(path), title=None)
"""
from __future__ import annotations

from db.drafts import PlanDraft
from exports.importers.common import (
    ParsedPlan,
    ParseError,
    one_line,
    plan_title_from_table_title,
    region_from_title,
    tidy,
    year_from,
)
from exports.importers.markers import states_first_leads
from exports.importers.source import SourceDocument, read_text
from exports.importers.table import Row, TableReader, header_roles, read_grid
from exports.importers.text import (
    TITLE_WORDS,
    text_table_start,
    heading_kind,
    join_broken_lines,
    parse_indicators,
    parse_work_group,
    prose_tasks,
    split_sections,
    text_table_rows,
)


def assemble(doc: SourceDocument, title: str | None = None) -> ParsedPlan:
    if not doc.prose:
        return _workbook_plan(doc, title)
    try:
        parsed = build_plan(doc.lines, [t.rows for t in doc.tables], doc.name, title)
    except ParseError as exc:
        if doc.notes:  # the lost numbering may be why no task was found
            raise ParseError(f"{exc.message}另：{doc.notes[0]}", place=exc.place) from None
        raise
    parsed.warnings[:0] = [f"{doc.name}：{w}请核对导入后的层级。" for w in doc.notes]
    return parsed


def parse_text(text: str, source: str = "粘贴的文本", title: str | None = None) -> ParsedPlan:
    return assemble(read_text(text, source), title)


def _workbook_plan(doc: SourceDocument, title: str | None) -> ParsedPlan:
    """The first sheet holding a task table (a header in its first 30 rows) is the plan."""
    for table in doc.tables:
        grid = table.rows
        header_at = next((i for i, row in enumerate(grid[:30]) if header_roles(row)), None)
        if header_at is None:
            continue
        above = [one_line(c.text) for row in grid[:header_at] for c in row
                 if c.kind == "own" and one_line(c.text)]
        year = year_from(title or "", *above)
        reader = read_grid(grid, doc.name, table.sheet, year=year, row_numbers=table.row_numbers)
        if reader is None or not reader.result.tasks:
            continue
        return finish_table_plan(reader, above, doc.name, title, sheet=table.sheet)
    raise ParseError("没有找到重点工作任务表：需要一行表头，含“工作任务/工作事项”和"
                     "“牵头单位/责任单位”等列名。", place=doc.name)


def build_plan(lines: list[str], tables: list[list[Row]], source: str,
               title: str | None = None) -> ParsedPlan:
    """A document with prose: title, goals and work group from the prose; the tasks from its
    key-task table(s) when it has one, else from the prose outline."""
    warnings: list[str] = []
    table_start = text_table_start(lines)
    table_title = ""
    text_table: list[Row] | None = None
    if table_start is not None:
        text_table = text_table_rows(lines[table_start:])
        before = [tidy(x) for x in lines[:table_start] if tidy(x)]
        if before and TITLE_WORDS.search(before[-1]):
            table_title = before[-1]
        lines = lines[:table_start]
    paragraphs = join_broken_lines(lines)
    prose = split_sections(paragraphs)
    plan_title = one_line(title or "") or prose.title or plan_title_from_table_title(table_title)
    if not plan_title:
        plan_title = source.rsplit(".", 1)[0] if source else "导入的工作方案"
    goals_text = "\n".join(prose.goals)
    year = year_from(plan_title, goals_text)
    reader: TableReader | None = None
    for rows in tables:
        reader = read_grid(rows, source, year=year, reader=reader) or reader
    if text_table:
        reader = read_grid(text_table, source, year=year, reader=reader) or reader
    draft = PlanDraft(title=plan_title, region=region_from_title(plan_title), year=year,
                      goals_text=goals_text)
    draft.indicators = parse_indicators(goals_text)
    draft.work_group = parse_work_group("".join(prose.mechanism))
    from_table = bool(reader and reader.result.tasks)
    if from_table:
        draft.tasks = reader.result.tasks
        warnings += reader.result.warnings
    else:
        draft.tasks = prose_tasks(prose.tasks, year, warnings, source,
                                  states_first_leads("\n".join(paragraphs)),
                                  plain_items=prose.tasks_named)
    if not draft.tasks:
        raise ParseError("没有识别出重点工作任务：既没有含“工作任务/牵头单位”等表头的任务表，"
                         "正文中也没有“一、（一）1.”或“一是、二是”这样编号的任务提纲。", place=source)
    note_unassigned(draft, warnings, source)
    draft.number_style = _number_style(prose.tasks, from_table)
    return ParsedPlan(draft, warnings, source, from_table)


def note_unassigned(draft: PlanDraft, warnings: list[str], source: str) -> None:
    """One line for the items no unit was found for (the preview flags each of them)."""
    count = len(draft.unassigned_items())
    if count:
        warnings.append(f"{source}：{count} 项工作未明确牵头单位，导入后请在任务树中补充。")


def _number_style(task_paragraphs: list[str], from_table: bool) -> str:
    """Top level numbered 一、 in the prose task list → "comma"; otherwise （一） → "paren"."""
    if not from_table:
        first = next((h for h in map(heading_kind, task_paragraphs) if h), None)
        if first and first[0] == "cn_comma":
            return "comma"
    return "paren"


def finish_table_plan(reader: TableReader, above: list[str], source: str,
                      title: str | None, sheet: str = "") -> ParsedPlan:
    """A plan that is only a task table (Excel): title from the rows above the header."""
    table_title = next((t for t in above if len(t) >= 6), "")
    plan_title = one_line(title or "") or plan_title_from_table_title(table_title) \
        or (sheet if sheet and not sheet.lower().startswith("sheet") else "") \
        or source.rsplit(".", 1)[0]
    draft = PlanDraft(title=plan_title, region=region_from_title(plan_title),
                      year=year_from(plan_title, *above))
    draft.tasks = reader.result.tasks
    warnings = list(reader.result.warnings)
    note_unassigned(draft, warnings, source)
    return ParsedPlan(draft, warnings, source, True)
