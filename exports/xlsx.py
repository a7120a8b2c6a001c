"""Render a ``ReportTable`` as an Excel workbook (openpyxl) that prints like the PDF.

Merged cells, thin borders, wrapped text, and column widths and row heights computed from the
text (LibreOffice and WPS do not fit rows themselves); header rows repeat on every printed
page, A4 fitted to the width, "— N —" in the footer on the outer side, header frozen on screen.
Our own page breaks: a plain row that does not fit at a page's foot is cut between lines and
goes on at the top of the next page, and one taller than Excel's highest row (409 pt) goes on
in the next sheet rows of the same item, so no text is cut in print.
Every text cell is stored as text: a task called ``=1+1`` stays the words ``=1+1``.
"""
from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties

from exports.atomic import atomic_path
from exports.linebreak import break_lines
from exports.report import NUMBER, PERCENT, STATUS_FILLS, Cell, ReportTable, text_lines
from exports.report.common import CHAR_MEASURE
from exports.report.table import TEXT

# Font names as Word/WPS users have them; Excel and WPS substitute where they are missing.
BODY_FONTS = {"fang": "仿宋_GB2312", "song": "宋体"}
HEI, KAI, SONG = "黑体", "楷体_GB2312", "宋体"
MM = 1 / 25.4
ProgressFn = Callable[[int, int], None]

_THIN = Side(style="thin", color="000000")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
FORMULA_START = ("=", "+", "-", "@")


def column_width(chars: float, size: float) -> float:
    """Excel column width (in '0' digits) for ``chars`` Chinese characters at ``size`` pt.

    One Chinese character is about two digits of the default 11 pt font.
    """
    return round(chars * 2.0 * size / 11.0 + 1.2, 1)


def chars_per_line(width: float, size: float) -> float:
    return max(1.0, (width - 1.2) / (2.0 * size / 11.0))


def line_height(size: float) -> float:
    return size * 1.35


def _write_text(cell, text: str) -> None:
    """A string is always a string: never a formula, even when it starts with = + - @."""
    cell.value = text
    cell.data_type = "s"
    if text.startswith(FORMULA_START):
        cell.quotePrefix = True


_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def sheet_title(text: str) -> str:
    return (_SHEET_BAD.sub("", text) or "报表")[:31]


def render_workbook(table: ReportTable, *, progress: ProgressFn | None = None) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title(_kind_name(table))
    wb.properties.title = table.title
    wb.properties.creator = "专班台账"
    ncols = len(table.columns)
    last_col = get_column_letter(ncols)
    size = table.font_size
    body_font = BODY_FONTS.get(table.body_font, "仿宋_GB2312")
    # The PDF's widths from content (exports.widths), in Excel's units.
    from exports.pdf import PAD_H, column_widths
    widths = [column_width(max(1.0, (w - 2 * PAD_H) / size), size)
              for w in column_widths(table)]
    for ci in range(ncols):
        # A number wider than its column shows as ### in Excel and WPS (they never wrap it).
        numbers = [len(row.cells[ci].text) for row in table.rows
                   if row.cells[ci] is not None and row.cells[ci].kind in (NUMBER, PERCENT)
                   and row.cells[ci].colspan == 1]
        if numbers:
            need = max(numbers) * size / 2 * 1.15 / POINTS_PER_WIDTH + 1.2
            widths[ci] = max(widths[ci], round(need, 1))
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    total_chars = sum(chars_per_line(w, size) for w in widths)

    def merged_line(row: int, text: str, font: Font, align: str, height: float) -> None:
        cell = ws.cell(row=row, column=1)
        _write_text(cell, text)
        cell.font = font
        cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)
        if ncols > 1:
            ws.merge_cells(f"A{row}:{last_col}{row}")
        ws.row_dimensions[row].height = height

    row = 1
    if table.annex_label:
        merged_line(row, table.annex_label, Font(name=HEI, size=16), "left", 24)
        row += 1
    title_lines = text_lines(table.title, total_chars * size / 22)
    merged_line(row, table.title, Font(name=HEI, size=22), "center", 30 * title_lines + 8)
    row += 1
    if table.subtitle:
        merged_line(row, table.subtitle, Font(name=KAI, size=14), "center", 22)
        row += 1

    # Header rows.
    header_top = row
    header_font = Font(name=HEI, size=min(12.0, size + 0.5))
    header_align = Alignment(horizontal="center", vertical="center", wrap_text=True)
    header_heights = [line_height(size) + 6] * table.header_row_count
    for header_row in table.header_rows:
        for h in header_row:
            r, c = header_top + h.row, 1 + h.col
            cell = ws.cell(row=r, column=c)
            _write_text(cell, h.text)
            cell.font = header_font
            cell.alignment = header_align
            span_chars = sum(chars_per_line(w, size) for w in widths[h.col:h.col + h.colspan])
            need = text_lines(h.text, span_chars) * line_height(size + 0.5) + 6
            if h.rowspan == 1:
                header_heights[h.row] = max(header_heights[h.row], need)
            if h.rowspan > 1 or h.colspan > 1:
                ws.merge_cells(start_row=r, start_column=c, end_row=r + h.rowspan - 1,
                               end_column=c + h.colspan - 1)
    for i, height in enumerate(header_heights):
        ws.row_dimensions[header_top + i].height = height
        for c in range(1, ncols + 1):
            ws.cell(row=header_top + i, column=c).border = BORDER
    body_top = header_top + table.header_row_count

    # Body: rows cut into parts and our own page breaks first, then the cells.
    footer_lines = -(-len(table.footer) // (3 if table.landscape else 2))
    title_height = sum(ws.row_dimensions[r].height or 15 for r in range(1, header_top))
    parts, breaks = paginate(table, widths, sum(header_heights), title_height,
                             footer_height=(24 * (footer_lines + 1)) if table.footer else 0)
    for first in breaks:
        ws.row_breaks.append(Break(id=body_top + first - 1))
    fonts = {False: Font(name=body_font, size=size), True: Font(name=HEI, size=size)}
    aligns: dict[tuple[str, str], Alignment] = {}
    fills = {k: PatternFill("solid", fgColor=v) for k, v in STATUS_FILLS.items()}
    open_below = Border(left=_THIN, right=_THIN, top=_THIN)
    open_above = Border(left=_THIN, right=_THIN, bottom=_THIN)
    open_both = Border(left=_THIN, right=_THIN)
    for pi, part in enumerate(parts):
        r = body_top + pi
        joined_above = pi > 0 and parts[pi - 1].joined
        border = (open_both if joined_above and part.joined else open_above if joined_above
                  else open_below if part.joined else BORDER)
        for ci, cell_data in enumerate(part.cells):
            ws.cell(row=r, column=ci + 1).border = border
            if cell_data is None:
                continue
            align = cell_data.align or table.columns[ci].align
            # A merged cell is cut at our page breaks and its name written again in each
            # part, as the office rule wants (Excel would print it once, on one page).
            vertical = "top" if cell_data.rowspan > 1 else "center"
            if (align, vertical) not in aligns:
                aligns[align, vertical] = Alignment(horizontal=align, vertical=vertical,
                                                    wrap_text=True)
            last_row = pi + cell_data.rowspan - 1
            cuts = [pi] + [b for b in breaks if pi < b <= last_row] + [last_row + 1]
            for top, bottom in zip(cuts, cuts[1:]):
                cell = ws.cell(row=body_top + top, column=ci + 1)
                _fill_cell(cell, cell_data)
                cell.font = fonts[cell_data.bold]
                cell.alignment = aligns[align, vertical]
                if cell_data.colour in fills:
                    cell.fill = fills[cell_data.colour]
                if bottom - 1 > top or cell_data.colspan > 1:
                    ws.merge_cells(start_row=body_top + top, start_column=ci + 1,
                                   end_row=body_top + bottom - 1,
                                   end_column=ci + cell_data.colspan)
        ws.row_dimensions[r].height = round(min(MAX_ROW, part.height), 1)
        if progress is not None and pi % 100 == 0:
            progress(min(pi, len(table.rows)), len(table.rows))
    end = body_top + len(parts) - 1

    # Footer fields below the table (two or three to a line).
    if table.footer:
        per_line = 3 if table.landscape else 2
        row = end + 2
        bounds = footer_slots(widths, per_line)
        footer_font = Font(name=body_font, size=12)
        for i, field in enumerate(table.footer):
            slot = i % per_line
            if slot == 0 and i:
                row += 1
            first, last = bounds[slot] + 1, max(bounds[slot] + 1, bounds[slot + 1])
            cell = ws.cell(row=row, column=first)
            _write_text(cell, f"{field.label}：{field.value or '　' * 6}")
            cell.font = footer_font
            cell.alignment = Alignment(horizontal="left", vertical="center")
            if last > first:
                ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
            ws.row_dimensions[row].height = 24
        end = row

    _page_setup(ws, table, header_top, body_top - 1, end, last_col)
    if progress is not None:
        progress(len(table.rows), len(table.rows))
    return wb


def footer_slots(widths: list[float], per_line: int) -> list[int]:
    """Column bounds of the footer's slots, of about equal printed width (not of equal column
    count), so a full unit name fits after 填报单位（盖章） even when the first columns are narrow."""
    n = len(widths)
    if n <= per_line:
        return [round(i * n / per_line) for i in range(per_line + 1)]
    edges = [0.0]
    for width in widths:
        edges.append(edges[-1] + width)
    bounds = [0]
    for i in range(1, per_line):
        target = edges[-1] * i / per_line
        choices = range(bounds[-1] + 1, n - (per_line - i) + 1)
        bounds.append(min(choices, key=lambda k: abs(edges[k] - target)))
    return bounds + [n]


MAX_ROW = 409.0    # Excel's highest row (pt): a taller cell would be cut in print


def _body_heights(table: ReportTable, widths: list[float]) -> list[float]:
    """Row heights (pt) that show every line; a tall merged cell grows its last row."""
    size = table.font_size
    heights = [line_height(size) + 4] * len(table.rows)
    tall: list[tuple[int, int, float]] = []
    for ri, body_row in enumerate(table.rows):
        for ci, cell in enumerate(body_row.cells):
            if cell is None:
                continue
            span_chars = sum(chars_per_line(w, size) for w in widths[ci:ci + cell.colspan])
            need = text_lines(cell.text, span_chars) * line_height(size) + 4
            if cell.rowspan > 1:
                tall.append((ri, cell.rowspan, need))
            else:
                heights[ri] = max(heights[ri], need)
    for first, span, need in tall:
        have = sum(heights[first:first + span])
        if need > have:
            heights[first + span - 1] += need - have
    return heights


@dataclass
class Part:
    """One sheet row of the body: a whole table row, or a part of a plain one that goes on
    in the next sheet row (``joined``: no rule between them, they read as one row)."""

    cells: list                     # Cell | None per column
    height: float
    lines: list | None = None       # plain rows: per column, its lines (text, ends a paragraph)
    joined: bool = False
    heading: bool = False           # a row across the table (a category's name)


def _cell_lines(cell: Cell | None, chars: float) -> list[tuple[str, bool]]:
    if cell is None or cell.kind in (NUMBER, PERCENT) or not cell.text:
        return []
    out = []
    for paragraph in cell.text.split("\n"):
        lines = break_lines(paragraph, max(1.0, chars), CHAR_MEASURE)
        out += [(line, i == len(lines) - 1) for i, line in enumerate(lines)]
    return out


def _text_of(lines: list[tuple[str, bool]]) -> str:
    return "".join(text + ("\n" if ends and i < len(lines) - 1 else "")
                   for i, (text, ends) in enumerate(lines))


def _split(part: Part, keep: int, size: float) -> tuple[Part, Part]:
    """``part`` as its first ``keep`` lines and the rest (short cells stay in the first)."""
    first_cells, rest_cells, first_lines, rest_lines = [], [], [], []
    for cell, lines in zip(part.cells, part.lines):
        if cell is None or len(lines) <= keep:
            first_cells.append(cell)
            rest_cells.append(None if cell is None else
                              Cell("", colspan=cell.colspan, align=cell.align))
            first_lines.append(lines)
            rest_lines.append([])
            continue
        head, tail = lines[:keep], lines[keep:]
        first_cells.append(replace(cell, text=_text_of(head), kind=TEXT, value=None))
        rest_cells.append(replace(cell, text=_text_of(tail), kind=TEXT, value=None,
                                  colour=None))
        first_lines.append(head)
        rest_lines.append(tail)

    def height(lines) -> float:
        return max(1, max((len(x) for x in lines), default=1)) * line_height(size) + 4
    return (Part(first_cells, height(first_lines), first_lines, True),
            Part(rest_cells, height(rest_lines), rest_lines, part.joined))


def _parts(table: ReportTable, widths: list[float]) -> list[Part]:
    """The body as sheet rows: a plain row (no merged cell in or over it) taller than Excel's
    highest row goes on in the next sheet row instead of being cut in print."""
    size = table.font_size
    heights = _body_heights(table, widths)
    chars = [chars_per_line(w, size) for w in widths]
    covered = set()
    for ri, row in enumerate(table.rows):
        for cell in row.cells:
            if cell is not None and cell.rowspan > 1:
                covered.update(range(ri, ri + cell.rowspan))
    per_part = max(1, int((MAX_ROW - 4) // line_height(size)))
    parts: list[Part] = []
    for ri, row in enumerate(table.rows):
        if ri in covered or _is_heading(table, ri):
            parts.append(Part(list(row.cells), heights[ri], heading=_is_heading(table, ri)))
            continue
        lines = [_cell_lines(cell, sum(chars[ci:ci + (cell.colspan if cell else 1)]))
                 for ci, cell in enumerate(row.cells)]
        part = Part(list(row.cells), heights[ri], lines)
        while part.height > MAX_ROW:
            first, part = _split(part, per_part, size)
            parts.append(first)
        parts.append(part)
    return parts


def _is_heading(table: ReportTable, ri: int) -> bool:
    ncols = len(table.columns)
    first = table.rows[ri].cells[0] if table.rows[ri].cells else None
    return first is not None and ncols > 1 and first.colspan == ncols and first.rowspan == 1


# Points per unit of column width when printed: Excel and WPS count widths in digits of the
# workbook's normal font (Calibri 11, 7 px at 96 dpi: 5.25 pt); LibreOffice with Carlito (the
# same metrics) prints 5.55 pt.  The smaller one is planned with, so a page is never planned
# longer than a program prints it (an overflow makes the program add its own break: a page
# holding one or two rows); in the other programs pages come out at least 94% as full.
POINTS_PER_WIDTH = 5.25
ROOM_SLACK = 0.985            # rounding of row heights to whole pixels


def print_scale(table: ReportTable, widths: list[float]) -> float:
    """The scale of "fit to one page wide": whole percents, rounded down, as Excel does."""
    page_w = 297 if table.landscape else 210
    _, _, left, right = _margins(table)
    printable_w = (page_w - left - right) * 72 / 25.4
    sheet_w = sum(widths) * POINTS_PER_WIDTH
    return min(100, int(100 * printable_w / sheet_w)) / 100


def paginate(table: ReportTable, widths: list[float], header_height: float,
             title_height: float, footer_height: float) -> tuple[list[Part], list[int]]:
    """The body's sheet rows and the ones that start a printed page.

    Pages are A4 fitted to the width; the scale follows from the column widths.  A plain row
    that does not fit at a page's foot is cut between lines (two or more each side) and goes
    on at the top of the next page, as in the PDF; a row across the table (a category's name)
    stays with the row after it; the footer lines stay with the last rows.
    """
    page_h = 210 if table.landscape else 297
    top, bottom, _, _ = _margins(table)
    printable_h = (page_h - top - bottom) * 72 / 25.4
    room = printable_h / print_scale(table, widths) * ROOM_SLACK - header_height
    lh = line_height(table.font_size)
    parts = _parts(table, widths)
    breaks: list[int] = []
    used = title_height
    start = 0
    pi = 0
    while pi < len(parts):
        height = min(MAX_ROW, parts[pi].height)
        if used + height > room and pi > start:
            part = parts[pi]
            if part.lines is not None:
                total = max((len(x) for x in part.lines), default=1)
                keep = min(int((room - used - 4) // lh), total - 2)
                if keep >= 2:
                    first, rest = _split(part, keep, table.font_size)
                    first.joined = False            # the page's foot comes between them
                    parts[pi:pi + 1] = [first, rest]
                    used += first.height
                    pi += 1
                    breaks.append(pi)
                    start, used = pi, 0.0
                    continue
            cut = pi
            if parts[pi - 1].heading and pi - 1 > start:
                cut = pi - 1                          # the category's name goes down with it
            breaks.append(cut)
            parts[cut - 1].joined = False
            used = sum(min(MAX_ROW, p.height) for p in parts[cut:pi])
            start = cut
        used += height
        pi += 1
    if footer_height and used + footer_height > room and len(parts) > 1:
        last = len(parts) - 1
        if not breaks or breaks[-1] < last:
            breaks.append(last)   # the footer lines stay with the last rows of the table
            parts[last - 1].joined = False
    return parts, breaks


def _margins(table: ReportTable) -> tuple[float, float, float, float]:
    """Top, bottom, left, right in mm: the PDF's margins."""
    from exports.pdf import LANDSCAPE_MARGINS, PORTRAIT_MARGINS, mm

    m = LANDSCAPE_MARGINS if table.landscape else PORTRAIT_MARGINS
    return tuple(round(m[k] / mm, 1) for k in ("top", "bottom", "left", "right"))


def _kind_name(table: ReportTable) -> str:
    from exports.report import REPORT_KINDS

    kind = REPORT_KINDS.get(table.kind)
    return kind.label if kind else table.title


def _fill_cell(cell, data: Cell) -> None:
    if data.kind in (NUMBER, PERCENT) and data.value is not None:
        cell.value = data.value
        if data.kind == PERCENT:
            cell.number_format = "0.0%"   # the reports' one percent format
        else:
            cell.number_format = "0" if float(data.value).is_integer() else "0.##"
    elif data.text:
        _write_text(cell, data.text)


def _page_setup(ws, table: ReportTable, header_top: int, header_bottom: int, end: int,
                last_col: str) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if table.landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0          # as many pages as the rows need
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    top, bottom, left, right = _margins(table)
    ws.page_margins.top, ws.page_margins.bottom = top * MM, bottom * MM
    ws.page_margins.left, ws.page_margins.right = left * MM, right * MM
    ws.page_margins.header, ws.page_margins.footer = 10 * MM, (bottom - 12) * MM
    ws.print_title_rows = f"{header_top}:{header_bottom}"
    ws.print_area = f"A1:{last_col}{end}"
    ws.freeze_panes = f"A{header_bottom + 1}"
    # "— N —" in 宋体 4号: odd pages on the right, even pages on the left.
    ws.HeaderFooter.differentOddEven = True
    for part in (ws.oddFooter.right, ws.evenFooter.left):
        part.text = "— &P —"
        part.font = "宋体,常规"
        part.size = 14


def render(table: ReportTable, out: str | os.PathLike, *,
           progress: ProgressFn | None = None) -> None:
    """Write the workbook atomically (a temporary file, then replace)."""
    wb = render_workbook(table, progress=progress)
    with atomic_path(out) as temp:
        wb.save(temp)
