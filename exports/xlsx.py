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
    widths = [column_width(c.width, size) for c in table.columns]
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

    # Body.
    fonts = {False: Font(name=body_font, size=size), True: Font(name=HEI, size=size)}
    aligns: dict[tuple[str, str], Alignment] = {}
    fills = {k: PatternFill("solid", fgColor=v) for k, v in STATUS_FILLS.items()}
    heights = [line_height(size) + 4] * len(table.rows)
    tall: list[tuple[int, int, float]] = []   # (first row, rowspan, height needed)
    for ri, body_row in enumerate(table.rows):
        r = body_top + ri
        for ci, cell_data in enumerate(body_row.cells):
            cell = ws.cell(row=r, column=ci + 1)
            cell.border = BORDER
            if cell_data is None:
                continue
            _fill_cell(cell, cell_data)
            cell.font = fonts[cell_data.bold]
            align = cell_data.align or table.columns[ci].align
            # A merged cell may run over a page break, and Excel prints its text only once:
            # at the top, its name opens the category rather than falling on a later page.
            vertical = "top" if cell_data.rowspan > 1 else "center"
            if (align, vertical) not in aligns:
                aligns[align, vertical] = Alignment(horizontal=align, vertical=vertical,
                                                    wrap_text=True)
            cell.alignment = aligns[align, vertical]
            if cell_data.colour in fills:
                cell.fill = fills[cell_data.colour]
            span_chars = sum(chars_per_line(w, size)
                             for w in widths[ci:ci + cell_data.colspan])
            need = text_lines(cell_data.text, span_chars) * line_height(size) + 4
            if cell_data.rowspan > 1:
                tall.append((ri, cell_data.rowspan, need))
                ws.merge_cells(start_row=r, start_column=ci + 1,
                               end_row=r + cell_data.rowspan - 1,
                               end_column=ci + cell_data.colspan)
            else:
                heights[ri] = max(heights[ri], need)
                if cell_data.colspan > 1:
                    ws.merge_cells(start_row=r, start_column=ci + 1, end_row=r,
                                   end_column=ci + cell_data.colspan)
        if progress is not None and ri % 100 == 0:
            progress(ri, len(table.rows))
    for first, span, need in tall:
        have = sum(heights[first:first + span])
        if need > have:
            heights[first + span - 1] += need - have
    for ri, height in enumerate(heights):
        # Excel's limit is 409 pt; longer cells still wrap, the clerk can widen the row.
        ws.row_dimensions[body_top + ri].height = round(min(409.0, height), 1)
    end = body_top + len(table.rows) - 1

    # Footer fields below the table (two or three to a line).
    if table.footer:
        per_line = 3 if table.landscape else 2
        row = end + 2
        bounds = [round(i * ncols / per_line) for i in range(per_line + 1)]
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


def _kind_name(table: ReportTable) -> str:
    from exports.report import REPORT_KINDS

    kind = REPORT_KINDS.get(table.kind)
    return kind.label if kind else table.title


def _fill_cell(cell, data: Cell) -> None:
    if data.kind in (NUMBER, PERCENT) and data.value is not None:
        cell.value = data.value
        if data.kind == PERCENT:
            whole = abs(data.value * 100 - round(data.value * 100)) < 1e-9
            cell.number_format = "0%" if whole else "0.0%"
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
    if table.landscape:
        top, bottom, left, right = 28, 25, 22, 22
    else:
        top, bottom, left, right = 37, 35, 28, 26
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
