"""The report table: what every renderer (PDF, Excel, Word, printer) takes, and nothing else.

A frozen ``ReportTable`` holds the title, 附件 label, subtitle, columns (one or two header rows),
rows whose cells may span rows (a 工作任务 cell spanning its work items) or columns, and the
footer fields.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

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
    first_page: int = 1            # the first page's number (an annex continues the document)

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


