"""Render a ``ReportTable`` as an Excel workbook (openpyxl) that prints like the PDF.

Merged cells, thin borders, wrapped text, and column widths and row heights computed from the
text (LibreOffice and WPS do not fit rows themselves); header rows repeat on every printed
page, A4 fitted to the width, "— N —" in the footer on the outer side, header frozen on screen.
Every text cell is stored as text: a task called ``=1+1`` stays the words ``=1+1``.
"""
from __future__ import annotations

import os
import re
from collections.abc import Callable

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties

from exports.atomic import atomic_path
from exports.report import NUMBER, PERCENT, STATUS_FILLS, Cell, ReportTable, text_lines

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

    # Body: row heights first, then our own page breaks, then the cells.
    heights = _body_heights(table, widths)
    footer_lines = -(-len(table.footer) // (3 if table.landscape else 2))
    title_height = sum(ws.row_dimensions[r].height or 15 for r in range(1, header_top))
    breaks = page_breaks(table, widths, heights, sum(header_heights), title_height,
                         footer_height=(24 * (footer_lines + 1)) if table.footer else 0)
    for first in breaks:
        ws.row_breaks.append(Break(id=body_top + first - 1))
    fonts = {False: Font(name=body_font, size=size), True: Font(name=HEI, size=size)}
    aligns: dict[tuple[str, str], Alignment] = {}
    fills = {k: PatternFill("solid", fgColor=v) for k, v in STATUS_FILLS.items()}
    for ri, body_row in enumerate(table.rows):
        r = body_top + ri
        for ci, cell_data in enumerate(body_row.cells):
            ws.cell(row=r, column=ci + 1).border = BORDER
            if cell_data is None:
                continue
            align = cell_data.align or table.columns[ci].align
            # A merged cell is cut at our page breaks and its name written again in each
            # part, as the office rule wants (Excel would print it once, on one page).
            vertical = "top" if cell_data.rowspan > 1 else "center"
            if (align, vertical) not in aligns:
                aligns[align, vertical] = Alignment(horizontal=align, vertical=vertical,
                                                    wrap_text=True)
            last_row = ri + cell_data.rowspan - 1
            cuts = [ri] + [b for b in breaks if ri < b <= last_row] + [last_row + 1]
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
        if progress is not None and ri % 100 == 0:
            progress(ri, len(table.rows))
    for ri, height in enumerate(heights):
        # Excel's limit is 409 pt; longer cells still wrap, the clerk can widen the row.
        ws.row_dimensions[body_top + ri].height = round(min(409.0, height), 1)
    end = body_top + len(table.rows) - 1

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


def page_breaks(table: ReportTable, widths: list[float], heights: list[float],
                header_height: float, title_height: float, footer_height: float) -> list[int]:
    """Body rows that start a printed page, so merged names can be repeated there.

    Pages are A4 fitted to the width; the scale follows from the column widths.  A row across
    the table (a category's name) stays with the row after it, as in the PDF.
    """
    page_h = 210 if table.landscape else 297
    top, bottom, _, _ = _margins(table)
    printable_h = (page_h - top - bottom) * 72 / 25.4
    room = printable_h / print_scale(table, widths) * ROOM_SLACK - header_height
    ncols = len(table.columns)

    def heading(ri: int) -> bool:
        first = table.rows[ri].cells[0] if table.rows[ri].cells else None
        return (first is not None and ncols > 1 and first.colspan == ncols
                and first.rowspan == 1)

    breaks: list[int] = []
    used = title_height
    start = 0
    for ri, height in enumerate(heights):
        height = min(409.0, height)
        if used + height > room and ri > start:
            cut = ri
            if heading(ri - 1) and ri - 1 > start:   # the category's name goes down with it
                cut = ri - 1
            breaks.append(cut)
            used = sum(min(409.0, h) for h in heights[cut:ri])
            start = cut
        used += height
    if footer_height and used + footer_height > room and len(heights) > 1:
        last = len(heights) - 1
        if not breaks or breaks[-1] < last:
            breaks.append(last)   # the footer lines stay with the last rows of the table
    return breaks


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
