"""A key-task table (重点工作任务清单) as rows of cells → a tree of task drafts.

Word, Excel and text all reduce their table to the same grid: rows of ``Cell``s where a cell
is the row's own text, or the continuation of a merged cell above (``"v"``) or to the left
(``"h"``).  Columns get roles from their header names wherever they stand; the text columns
left to right are the tree's levels (category → task → work item); the last text column is
the work item, and each row carrying one is a work item with its own units.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from db.drafts import TaskDraft
from exports.importers.common import (
    parse_deadline,
    prose_deadline,
    place_of,
    strip_end,
    strip_number,
    tidy,
)
from exports.importers.markers import (
    ASSIST,
    GENERIC,
    LEAD,
    Reading,
    clean_piece,
    looks_like_person,
    settle,
    shadow,
    split_top,
    split_units,
    states_first_leads,
)


@dataclass
class Cell:
    text: str = ""
    kind: str = "own"   # own / v (merged from above) / h (merged from the left)
    value: object = None  # the raw value (an Excel date stays a date)


Row = list[Cell]

TEXT_ROLES = ("number", "category", "task", "item")
SECTION_NUMBER = re.compile(r"^(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分)")
# (role, pattern) tried in order on a header cell with spaces removed
HEADER_ROLES = (
    ("leaders", re.compile(r"领导")),
    ("lead", re.compile(r"牵头|主责单位|主办单位")),
    ("assist", re.compile(r"配合|协同|参与单位|协办|协助")),
    ("responsible", re.compile(r"责任单位|责任部门|责任主体|实施单位|承办单位")),
    ("deadline", re.compile(r"时限|完成时间|时间节点|时间安排|完成期限|时间要求|进度安排")),
    ("remarks", re.compile(r"^备注")),
    ("number", re.compile(r"^(序号|编号|序)$")),
    ("item", re.compile(r"事项|措施|工作内容|具体内容|任务内容|主要内容|具体任务|具体工作|举措|实事|"
                        r"建设内容|目标任务")),
    ("task", re.compile(r"任务|项目|重点工作|工作重点|工作名称")),
    ("category", re.compile(r"类别|分类|领域|板块|方面|行动")),
)


_HEADER_NOTE = re.compile(r"[（(〔【][^）)〕】]*[）)〕】]")


def header_role(text: str) -> str | None:
    """The column a header cell names; a note in brackets is no part of the name
    (责任单位（标*的为牵头单位）, 完成时限（2027年）)."""
    key = _HEADER_NOTE.sub("", shadow(re.sub(r"\s+", "", text or "")))
    if not key or len(key) > 12:
        return None
    for role, pattern in HEADER_ROLES:
        if pattern.search(key):
            return role
    return None


def header_roles(row: Row) -> list[str | None] | None:
    """Roles of a header row's columns, or None when the row is not a task-table header."""
    roles = [header_role(c.text) for c in row]
    named = [r for r in roles if r]
    has_units = "lead" in named or "responsible" in named or "assist" in named
    has_text = any(r in ("task", "item", "category") for r in named)
    if has_units and not has_text:
        # 序号 | 民生工程 | 牵头单位 …: the one column the words do not name holds the items
        unnamed = [i for i, (c, r) in enumerate(zip(row, roles))
                   if r is None and 2 <= len(tidy(c.text)) <= 12]
        if len(unnamed) == 1:
            roles[unnamed[0]] = "item"
            has_text = True
    if has_units and has_text and len(named) >= 2:
        return roles
    return None


@dataclass
class TableTasks:
    tasks: list[TaskDraft] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rows: int = 0


class TableReader:
    """Feeds rows (possibly from several tables, header repeated) into one task tree."""

    def __init__(self, roles: list[str | None], headers: list[str], source: str, sheet: str = "",
                 year: int | None = None, first_leads: bool = False) -> None:
        self.roles = roles
        self.headers = headers
        self.source, self.sheet, self.year = source, sheet, year
        self.first_leads = first_leads
        self.result = TableTasks()
        text_cols = [i for i, r in enumerate(roles) if r in ("category", "task", "item")]
        if not text_cols:
            text_cols = [i for i, r in enumerate(roles) if r == "number"]
        self.level_cols = text_cols
        self.unit_cols = [(i, {"lead": LEAD, "responsible": GENERIC, "assist": ASSIST}[r])
                          for i, r in enumerate(roles) if r in ("lead", "responsible", "assist")]
        self.leader_cols = [i for i, r in enumerate(roles) if r == "leaders"]
        self.deadline_cols = [i for i, r in enumerate(roles) if r == "deadline"]
        self.remark_cols = [i for i, r in enumerate(roles) if r == "remarks"]
        self.extra_cols = [i for i, r in enumerate(roles) if r is None and headers[i].strip()]
        self.sections: list[TaskDraft] = []        # whole-row headings (一、… across the table)
        self.open: list[TaskDraft | None] = [None] * len(self.level_cols)
        self.last_item: TaskDraft | None = None

    # ---------------------------------------------------------------------------------------
    def _attach(self, node: TaskDraft, level: int) -> None:
        parent = next((self.open[i] for i in range(level - 1, -1, -1) if self.open[i]), None)
        if parent is None and self.sections:
            parent = self.sections[-1]
        (parent.children if parent is not None else self.result.tasks).append(node)

    def _text(self, row: Row, cols: list[int]) -> str:
        seen: list[str] = []
        for i in cols:
            if i < len(row):
                t = tidy(row[i].text)
                if t and t not in seen:
                    seen.append(t)
        return "\n".join(seen)

    def _reading(self, row: Row) -> Reading:
        """The row's unit cells through the one role grammar (``*`` marks, 责任 / 配合)."""
        runs: list[tuple[str, str, bool]] = []
        leaders: list[str] = []
        for i, role in self.unit_cols:
            for piece in split_top(row[i].text):
                name, _, star = clean_piece(piece) if piece.strip() else ("", None, False)
                if not name or name in ("无", "/", "-", "—"):
                    continue
                if looks_like_person(name):
                    leaders.append(name)
                else:
                    runs.append((name, role, star))
        for i in self.leader_cols:
            leaders += split_units(row[i].text)
        return settle(runs, leaders, "", self.first_leads)

    def is_header_again(self, row: Row) -> bool:
        same = sum(1 for i, c in enumerate(row)
                   if i < len(self.headers) and tidy(c.text) == tidy(self.headers[i]) and c.text)
        return same >= max(2, len([h for h in self.headers if h.strip()]) - 1)

    def _is_section_row(self, row: Row) -> bool:
        filled = [(i, c) for i, c in enumerate(row) if tidy(c.text)]
        own = [(i, c) for i, c in filled if c.kind == "own"]
        if len(own) != 1 or any(c.kind == "v" for _, c in filled):
            return False
        col, cell = own[0]
        spans = [c for _, c in filled if c.kind == "h"]
        if spans:
            return len(spans) >= max(2, len(row) // 2)
        return (col < self.level_cols[-1] and col not in self.level_cols[1:]
                and bool(SECTION_NUMBER.match(tidy(cell.text))))

    def add_row(self, row: Row, row_number: int | None = None) -> None:
        row = row + [Cell()] * (len(self.roles) - len(row))
        if not any(tidy(c.text) for c in row) or self.is_header_again(row):
            return
        if self._is_section_row(row):
            # one cell across the row (or alone, numbered 一、): a section such as 一、产业振兴
            text = next(tidy(c.text) for c in row if c.kind == "own" and tidy(c.text))
            section = TaskDraft(title=strip_end(strip_number(text)))
            self.sections.append(section)
            self.result.tasks.append(section)
            self.open = [None] * len(self.level_cols)
            return
        self.result.rows += 1
        levels = self.level_cols
        leaf_col = levels[-1]
        # hierarchy columns: a new text opens a node; merged/empty continues the one above
        for depth, col in enumerate(levels[:-1]):
            cell = row[col]
            text = tidy(cell.text)
            if cell.kind == "v" or not text:
                continue
            if cell.kind == "h":
                continue
            title = strip_end(strip_number(text))
            if self.open[depth] is not None and self.open[depth].title == title:
                continue  # a table split over pages repeats the heading it continues
            node = TaskDraft(title=title)
            self._attach(node, depth)
            self.open[depth] = node
            for deeper in range(depth + 1, len(levels)):
                self.open[deeper] = None
        leaf_cell = row[leaf_col]
        leaf_text = tidy(leaf_cell.text)
        reading = self._reading(row)
        lead, responsible = reading.lead, reading.responsible
        deadline_raw = next((row[i].value if row[i].value is not None else row[i].text
                             for i in self.deadline_cols if tidy(row[i].text)), "")
        deadline, deadline_text = parse_deadline(deadline_raw, self.year)
        remarks = self._text(row, self.remark_cols)
        extras = [f"{tidy(self.headers[i])}：{tidy(row[i].text)}" for i in self.extra_cols
                  if tidy(row[i].text)]
        if leaf_cell.kind in ("v", "h") and self.last_item is not None:
            item = self.last_item  # a content cell merged across rows: same work item
            item.lead_units += [u for u in lead if u not in item.lead_units]
            item.responsible_units += [u for u in responsible
                                       if u not in item.responsible_units]
            item.responsible_leaders += [p for p in reading.leaders
                                         if p not in item.responsible_leaders]
            return
        if leaf_text:
            item = TaskDraft(content=strip_number(leaf_text))
            self._attach(item, len(levels) - 1)
        else:
            item = next((n for n in reversed(self.open) if n is not None), None)
            if item is None:
                self.result.warnings.append(
                    f"{place_of(self.source, self.sheet, row_number)}：这一行没有工作事项内容，已跳过。")
                return
            if item.lead_units or item.children:
                self.result.warnings.append(
                    f"{place_of(self.source, self.sheet, row_number)}：这一行只有单位没有事项内容，"
                    "单位已并入上一行的任务。")
        item.lead_units += [u for u in lead if u not in item.lead_units]
        item.responsible_units += [u for u in responsible if u not in item.responsible_units]
        item.responsible_leaders += [p for p in reading.leaders
                                     if p not in item.responsible_leaders]
        if deadline_text and not item.deadline_text:
            item.deadline, item.deadline_text = deadline, deadline_text
        if not item.deadline_text:  # 2027年5月竣工 written in the item itself
            item.deadline, item.deadline_text = prose_deadline(item.content, self.year)
        if remarks or extras:
            item.remarks = "\n".join([x for x in (item.remarks, remarks, *extras) if x])
        self.last_item = item


def read_grid(rows: list[Row], source: str, sheet: str = "", year: int | None = None,
              row_numbers: list[int] | None = None, reader: TableReader | None = None,
              first_leads: bool = False) -> TableReader | None:
    """Find the header in ``rows`` and read the rows below it.  With ``reader`` given (the
    previous part of a table split across several), rows without a header continue it."""
    start = None
    for index, row in enumerate(rows[:30]):
        roles = header_roles(row)
        if roles:
            start = index
            break
    if start is None:
        if reader is None or not rows or len(rows[0]) != len(reader.roles):
            return None
        body = list(enumerate(rows))
    else:
        header = rows[start]
        roles = header_roles(header)
        # a header cell spanning two columns names both: 工作事项 over title and content
        for i, cell in enumerate(header):
            if cell.kind == "h" and i > 0:
                roles[i] = roles[i - 1]
        texts = [tidy(c.text) for c in header]
        # 责任单位（排在第一位的为牵头单位）: the rule stated in a header cell
        first_leads = first_leads or any(states_first_leads(t) for t in texts)
        # a two-row header: 责任单位 over 牵头单位 | 配合单位 in the row below
        below = rows[start + 1] if start + 1 < len(rows) else None
        if below is not None:
            sub = [(i, header_role(c.text)) for i, c in enumerate(below)
                   if c.kind == "own" and tidy(c.text)]
            if len(sub) >= 2 and all(role for _, role in sub):
                for i, role in sub:
                    if i < len(roles):
                        roles[i], texts[i] = role, tidy(below[i].text)
                start += 1
        if roles.count("item") > 1 and "task" not in roles:
            first = roles.index("item")
            roles[first] = "task"
        if reader is None or reader.roles != roles:
            if reader is not None and reader.result.tasks:
                reader.result.warnings.append(
                    f"{place_of(source, sheet)}：表格的列与前一张表不同，已接着读取。")
            previous = reader
            reader = TableReader(roles, texts, source, sheet, year, first_leads)
            if previous is not None:
                reader.result.tasks = previous.result.tasks
                reader.result.warnings = previous.result.warnings
                reader.result.rows = previous.result.rows
        body = list(enumerate(rows))[start + 1:]
    for index, row in body:
        reader.add_row(row, row_numbers[index] if row_numbers else index + 1)
    return reader
