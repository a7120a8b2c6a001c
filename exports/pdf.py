"""Render a ``ReportTable`` as an official-style PDF (reportlab), following OFFICIAL-FORMAT.md.

We paginate ourselves instead of letting reportlab split one long table, because the office
rules need things its splitter does not do: a merged category cell that continues on the next
page shows its name again there, the last page keeps room for the 填报单位/填报人 lines, and a
row is only ever broken between lines of text (a row taller than a whole page, never otherwise).
Each page is then one reportlab ``Table`` with exact row heights, header rows included.
"""
from __future__ import annotations

import io
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate,
                                Paragraph, Spacer, Table, TableStyle)

from exports.atomic import atomic_path
from exports.fonts import FontSet, find_fonts
from exports.linebreak import Measure, break_lines
from exports.widths import ColumnNeed, allocate, longest_word
from exports.report import REPORT_NAMES, STATUS_FILLS, Cell, ReportTable

# Margins (OFFICIAL-FORMAT.md): portrait as GB/T 9704; landscape keeps the binding side wide.
PORTRAIT_MARGINS = dict(top=37 * mm, bottom=35 * mm, left=28 * mm, right=26 * mm)
LANDSCAPE_MARGINS = dict(top=28 * mm, bottom=20 * mm, left=20 * mm, right=20 * mm)
PAGE_NUMBER_SIZE = 14          # 4号
PAGE_NUMBER_GAP = 7 * mm       # below the text block
PAD_H, PAD_V = 3.0, 2.0        # cell padding (pt)
LEADING = 1.25                 # line pitch in cells: single spacing
GRID_WIDTH = 0.6

ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}
ProgressFn = Callable[[int, int], None]


@dataclass
class _Anchor:
    """A visible cell: its first grid position, size, and the paragraph drawn in it."""

    row: int
    col: int
    rowspan: int
    colspan: int
    paragraph: _Lines
    cell: Cell
    repeatable: bool   # a vertically merged cell: repeat its text when it continues on a page


_MEASURES: dict[tuple[str, float], Measure] = {}


def measure_for(font: str, size: float) -> Measure:
    """Text width in points with ``font`` at ``size`` (per-character cache: cells repeat)."""
    key = (font, size)
    if key not in _MEASURES:
        cache: dict[str, float] = {}

        def measure(text: str) -> float:
            total = 0.0
            for ch in text:
                w = cache.get(ch)
                if w is None:
                    w = cache[ch] = stringWidth(ch, font, size)
                total += w
            return total
        _MEASURES[key] = measure
    return _MEASURES[key]


class _Lines(Flowable):
    """A cell's text broken by ``exports.linebreak`` (标点禁则) and drawn line by line as text.

    reportlab's own CJK wrapping follows Japanese rules and lets 。 hang past the border; this
    draws exactly the lines our breaker made, so every output breaks the same way.
    """

    def __init__(self, text: str, font: str, size: float, leading: float, align: str,
                 lines: list[str] | None = None, balanced: bool = False) -> None:
        super().__init__()
        self.balanced = balanced
        self.text, self.font, self.size, self.leading, self.align = (text, font, size, leading,
                                                                      align)
        self.measure = measure_for(font, size)
        self._fixed = lines is not None
        self.lines = lines or []
        self._laid_for: float | None = None
        self.width = self.height = 0.0

    def layout(self, width: float) -> list[str]:
        if not self._fixed and self._laid_for != width:
            self.lines = break_lines(self.text, width, self.measure)
            if self.balanced and len(self.lines) > 1:
                # Lines of about equal length (完成/进度, not 完成进/度): the narrowest width
                # that needs no more lines.
                low, high = width / len(self.lines), width
                for _ in range(12):
                    mid = (low + high) / 2
                    if len(break_lines(self.text, mid, self.measure)) > len(self.lines):
                        low = mid
                    else:
                        high = mid
                self.lines = break_lines(self.text, high, self.measure)
            self._laid_for = width
        return self.lines

    def wrap(self, aw, ah):
        self.width = aw
        self.height = len(self.layout(aw)) * self.leading
        return aw, self.height

    def split(self, aw, ah):
        lines = self.layout(aw)
        n = int(ah // self.leading)
        if n <= 0 or n >= len(lines):
            return []
        return [self.again(lines[:n]), self.again(lines[n:])]

    def again(self, lines: list[str] | None = None) -> _Lines:
        """The same text in the same style (a merged cell repeated on the next page)."""
        return _Lines(self.text, self.font, self.size, self.leading, self.align, lines)

    def draw(self):
        canvas = self.canv
        canvas.setFont(self.font, self.size)
        y = self.height - self.leading / 2 - self.size * 0.36
        for line in self.lines:
            if self.align == "center":
                canvas.drawCentredString(self.width / 2, y, line)
            elif self.align == "right":
                canvas.drawRightString(self.width, y, line)
            else:
                canvas.drawString(0, y, line)
            y -= self.leading


class _Styles:
    def __init__(self, table: ReportTable, fonts: FontSet) -> None:
        self.fonts = fonts
        self.size = table.font_size
        self.body_font = fonts.body(table.body_font)
        self._cache: dict[tuple, ParagraphStyle] = {}

    def style(self, font: str, size: float, align: str, leading: float | None = None):
        key = (font, size, align, leading)
        if key not in self._cache:
            self._cache[key] = ParagraphStyle(
                f"s{len(self._cache)}", fontName=font, fontSize=size,
                leading=leading or round(size * LEADING, 1), alignment=ALIGN[align],
                wordWrap="CJK", splitLongWords=True)
        return self._cache[key]

    @property
    def header_size(self) -> float:
        return min(12.0, self.size + 0.5)

    def header(self, text: str) -> _Lines:
        size = self.header_size
        return _Lines(text, self.fonts.hei, size, round(size * LEADING, 1), "center",
                      balanced=True)

    def cell(self, cell: Cell, column_align: str) -> _Lines:
        font = self.fonts.hei if cell.bold else self.body_font
        return _Lines(cell.text, font, self.size, round(self.size * LEADING, 1),
                      cell.align or column_align)


class _CellParagraph(Paragraph):
    """A Paragraph without reportlab's blank line after a full line ending in hanging
    punctuation (…清单（第2批）) that is followed by a line break."""

    def breakLinesCJK(self, maxWidths):
        result = super().breakLinesCJK(maxWidths)
        lines = getattr(result, "lines", None)
        if lines and getattr(result, "kind", None) == 1:
            kept = []
            for line in lines:
                words = getattr(line, "words", None)
                lonely_break = (words is not None and len(words) == 1
                                and getattr(words[0], "lineBreak", False)
                                and not words[0].text)
                if lonely_break and kept and not getattr(kept[-1], "lineBreak", True):
                    kept[-1].lineBreak = True
                    continue
                kept.append(line)
            result.lines = kept
        return result


def _paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    return _CellParagraph(escape(text).replace("\n", "<br/>"), style)


def _height(paragraph: Flowable, width: float) -> float:
    return paragraph.wrap(width - 2 * PAD_H, 1e6)[1] + 2 * PAD_V


class _Grid:
    """Body cells as anchors on a grid, with row heights, ready to cut into pages."""

    def __init__(self, table: ReportTable, styles: _Styles, widths: list[float]) -> None:
        self.table, self.styles, self.widths = table, styles, widths
        self.min_row = styles.size * LEADING + 2 * PAD_V
        self.rows: list[list[_Anchor | None]] = []    # owner anchor of every grid position
        for r, row in enumerate(table.rows):
            owners: list[_Anchor | None] = [None] * len(widths)
            self.rows.append(owners)
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row.cells):
                if cell is None:
                    continue
                col = table.columns[c]
                anchor = _Anchor(r, c, cell.rowspan, cell.colspan,
                                 styles.cell(cell, col.align), cell,
                                 repeatable=cell.rowspan > 1)
                for rr in range(r, min(r + cell.rowspan, len(table.rows))):
                    for cc in range(c, min(c + cell.colspan, len(widths))):
                        self.rows[rr][cc] = anchor

    def is_heading(self, r: int) -> bool:
        first = self.rows[r][0] if self.rows[r] else None
        return (first is not None and first.row == r and first.colspan == len(self.widths) > 1
                and first.cell.rowspan == 1)

    def width_of(self, anchor: _Anchor) -> float:
        return sum(self.widths[anchor.col:anchor.col + anchor.colspan])

    def anchors_in_row(self, r: int) -> list[_Anchor]:
        seen, out = set(), []
        for anchor in self.rows[r]:
            if anchor is not None and id(anchor) not in seen:
                seen.add(id(anchor))
                out.append(anchor)
        return out

    def split_tall_rows(self, limit: float) -> None:
        """Break any one-row cell taller than ``limit`` between its lines (never mid-line)."""
        r = 0
        while r < len(self.rows):
            self.split_row(r, limit)
            r += 1

    def split_row(self, r: int, limit: float) -> bool:
        """Cut row ``r`` between lines so its first part is at most ``limit`` high: cells
        taller than that go on in a new row below (merged cells beside it run on into it)."""
        anchors = self.anchors_in_row(r)
        singles = [a for a in anchors if a.row == r and a.rowspan == 1]
        tall = {id(a) for a in singles if _height(a.paragraph, self.width_of(a)) > limit}
        if not tall:
            return False
        new_row: list[_Anchor | None] = list(self.rows[r])  # merged cells run on into it
        for a in singles:
            parts = []
            if id(a) in tall:
                width = self.width_of(a) - 2 * PAD_H
                a.paragraph.wrap(width, 1e6)
                parts = a.paragraph.split(width, limit - 2 * PAD_V)
            if len(parts) == 2:
                a.paragraph, rest = parts
            else:
                rest = a.paragraph.again([""])
            twin = _Anchor(r + 1, a.col, 1, a.colspan, rest, a.cell, False)
            for cc in range(a.col, a.col + a.colspan):
                new_row[cc] = twin
        shifted: set[int] = set()
        for row in self.rows[r + 1:]:
            for a in row:
                if a is not None and id(a) not in shifted and a.row > r:
                    shifted.add(id(a))
                    a.row += 1
        for a in anchors:
            if not (a.row == r and a.rowspan == 1):
                a.rowspan += 1
        self.rows.insert(r + 1, new_row)
        return True

    def lines_in_row(self, r: int) -> int:
        return max((len(a.paragraph.layout(self.width_of(a) - 2 * PAD_H))
                    for a in self.anchors_in_row(r)), default=1)

    def split_at_page_end(self, r: int, room: float) -> bool:
        """Cut row ``r`` between lines to fill the ``room`` left at the foot of a page, when
        it is a plain row (no merged cell, not a category's row) and at least two lines of
        its tallest cell go on each side; the rest starts the next page."""
        anchors = self.anchors_in_row(r)
        if self.is_heading(r) or any(a.row != r or a.rowspan != 1 for a in anchors):
            return False
        leading = self.styles.size * LEADING
        lines = self.lines_in_row(r)
        fits = min(int((room - 2 * PAD_V) // leading), lines - 2)
        if fits < 2:
            return False
        return self.split_row(r, fits * leading + 2 * PAD_V)

    def row_height(self, r: int) -> float:
        height = self.min_row
        for a in self.anchors_in_row(r):
            if a.row == r and a.rowspan == 1:
                height = max(height, _height(a.paragraph, self.width_of(a)))
        return height

    def heights(self) -> list[float]:
        heights = [self.min_row] * len(self.rows)
        for r in range(len(self.rows)):
            for a in self.anchors_in_row(r):
                if a.row == r and a.rowspan == 1:
                    heights[r] = max(heights[r], _height(a.paragraph, self.width_of(a)))
        for r in range(len(self.rows)):
            for a in self.anchors_in_row(r):
                if a.row == r and a.rowspan > 1:
                    need = _height(a.paragraph, self.width_of(a))
                    last = min(r + a.rowspan, len(self.rows)) - 1
                    have = sum(heights[r:last + 1])
                    if need > have:
                        heights[last] += need - have
        return heights


class _Pager:
    """Cuts the grid into pages that each fit, with clipped merged cells repeated."""

    def __init__(self, grid: _Grid, heights: list[float]) -> None:
        self.grid, self.heights = grid, heights
        self._need: dict[int, float] = {}

    def need(self, anchor: _Anchor) -> float:
        key = id(anchor)
        if key not in self._need:
            self._need[key] = _height(anchor.paragraph, self.grid.width_of(anchor))
        return self._need[key]

    def page_heights(self, start: int, end: int) -> list[float]:
        """Row heights of rows start..end-1 on one page, grown so every clipped cell fits."""
        local = list(self.heights[start:end])
        seen = set()
        for r in range(start, end):
            for a in self.grid.anchors_in_row(r):
                if a.rowspan <= 1 or id(a) in seen:
                    continue
                seen.add(id(a))
                first = max(a.row, start)
                last = min(a.row + a.rowspan, end) - 1
                have = sum(local[first - start:last - start + 1])
                if self.need(a) > have:
                    local[last - start] += self.need(a) - have
        return local

    def paginate(self, first_room: float, room: float, last_reserve: float) -> list[tuple]:
        pages: list[tuple[int, int, list[float]]] = []
        start, total = 0, len(self.heights)
        available = first_room
        while start < total:
            end = start
            used = 0.0
            while end < total and used + self.heights[end] <= available:
                used += self.heights[end]
                end += 1
            if end < total and end > start and self.grid.split_at_page_end(
                    end, available - used):
                # The row that did not fit now ends this page and goes on at the next.
                self.heights[end:end + 1] = [self.grid.row_height(end),
                                             self.grid.row_height(end + 1)]
                total += 1
                used += self.heights[end]
                end += 1
            # Clipped merged cells may need more room than the rows alone: give rows back.
            while end > start:
                local = self.page_heights(start, end)
                if sum(local) <= available:
                    break
                end -= 1
            # A row across the table (a category's name) stays with the row after it.
            while end < total and end - 1 > start and self.grid.is_heading(end - 1):
                end -= 1
            if end == start:
                if available < room:      # nothing fits under the heading: start on page 2
                    pages.append((start, start, []))
                    available = room
                    continue
                end = start + 1           # taller than a page even after splitting: let it be
            pages.append((start, end, self.page_heights(start, end)))
            start = end
            available = room
        if not pages:
            pages.append((0, 0, []))
        s, e, local = pages[-1]
        limit = first_room if len(pages) == 1 else room
        if e - s > 1 and sum(local) + last_reserve > limit:
            # The footer lines must stay with the table: the last row moves to a new page.
            pages[-1] = (s, e - 1, self.page_heights(s, e - 1))
            pages.append((e - 1, e, self.page_heights(e - 1, e)))
        return pages


def _widths(table: ReportTable, styles: _Styles, available: float) -> list[float]:
    """Column widths from content (``exports.widths``), measured with the real fonts.

    A column is at least as wide as its longest word (a unit name, 2026年6月底前, a status) and
    its header in at most two lines (one line for a header of up to four characters, since
    "完成状\n态" looks careless); an empty column gets its header's width and no more.
    """
    body = measure_for(styles.body_font, styles.size)
    bold = measure_for(styles.fonts.hei, styles.size)
    head = measure_for(styles.fonts.hei, styles.header_size)
    cap = styles.size * 7
    needs = []
    for c, col in enumerate(table.columns):
        headers = [h.text for row in table.header_rows for h in row
                   if h.col == c and h.colspan == 1]
        least = 0.0
        for text in headers:   # 序号 on one line; 完成进度 may be 完成/进度, never 完成进/度
            least = max(least, head(text) if len(text) <= 3
                        else head(text[:(len(text) + 1) // 2]) + 0.5)
        cells: list[list[float]] = [[] for _ in table.rows]
        texts: list[tuple[str, Measure]] = []
        widest = 0.0
        for r, row in enumerate(table.rows):
            cell = row.cells[c]
            if cell is None or cell.colspan > 1 or not cell.text:
                continue
            measure = bold if cell.bold else body
            paragraphs = [measure(p) for p in cell.text.split("\n")]
            widest = max(widest, *paragraphs)
            texts.append((cell.text, measure))
            # A merged cell shares its lines among the rows it spans.
            span = max(1, min(cell.rowspan, len(table.rows) - r))
            for k in range(r, r + span):
                cells[k] = [w / span for w in paragraphs]
        # A short (centred) column keeps its words (unit names, dates, status words) whole; a
        # text column only its unbreakable pieces (numbers with units, short notes).
        word_cap = cap if col.align == "center" else 0.0
        for text, measure in texts:
            least = max(least, longest_word(text, measure, word_cap))
        if texts and col.align == "left":
            # A text column is never narrower than three characters (or its widest entry):
            # two characters a line read as a list of syllables (12月/底前/完成/验收).
            least = max(least, min(widest, body("进展情")))
        needs.append(ColumnNeed(least=least, most=max(widest, least), cells=cells,
                                weight=col.width))
    return allocate(needs, available, pad=2 * PAD_H + 1)


def _balanced_title(title: str, font: str, size: float, width: float) -> str:
    """Break a title too long for one line into lines of about equal length (not 19 + 1)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if "\n" in title or stringWidth(title, font, size) <= width:
        return title
    for name in REPORT_NAMES:   # plan name on one line, report name on the next
        head = title[:-len(name)]
        if title.endswith(name) and head and all(
                stringWidth(part, font, size) <= width for part in (head, name)):
            return f"{head}\n{name}"
    lines = int(stringWidth(title, font, size) // width) + 1
    per_line = -(-len(title) // lines)
    return "\n".join(title[i:i + per_line] for i in range(0, len(title), per_line))


def _header_block(table: ReportTable, styles: _Styles, widths: list[float]):
    """Header rows as table data, span commands and heights."""
    count = table.header_row_count
    data = [[""] * len(widths) for _ in range(count)]
    spans = []
    heights = [styles.size * LEADING + 2 * PAD_V] * count
    tall = []
    for row in table.header_rows:
        for h in row:
            p = styles.header(h.text)
            data[h.row][h.col] = p
            width = sum(widths[h.col:h.col + h.colspan])
            need = _height(p, width)
            if h.rowspan > 1 or h.colspan > 1:
                spans.append(("SPAN", (h.col, h.row), (h.col + h.colspan - 1,
                                                      h.row + h.rowspan - 1)))
            if h.rowspan == 1:
                heights[h.row] = max(heights[h.row], need)
            else:
                tall.append((h, need))
    for h, need in tall:
        have = sum(heights[h.row:h.row + h.rowspan])
        if need > have:
            heights[h.row + h.rowspan - 1] += need - have
    return data, spans, heights


def _page_table(grid: _Grid, styles: _Styles, header, start: int, end: int,
                heights: list[float]) -> Table:
    header_data, header_spans, header_heights = header
    count = len(header_data)
    data = [list(r) for r in header_data]
    commands = [
        ("GRID", (0, 0), (-1, -1), GRID_WIDTH, colors.black),
        ("FONTNAME", (0, 0), (-1, -1), styles.body_font),  # empty cells too: no Helvetica
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD_H), ("RIGHTPADDING", (0, 0), (-1, -1), PAD_H),
        ("TOPPADDING", (0, 0), (-1, -1), PAD_V), ("BOTTOMPADDING", (0, 0), (-1, -1), PAD_V),
        *header_spans,
    ]
    done = set()
    for r in range(start, end):
        row_data: list = [""] * len(grid.widths)
        for c, anchor in enumerate(grid.rows[r]):
            if anchor is None or id(anchor) in done:
                continue
            done.add(id(anchor))
            first = max(anchor.row, start)
            last = min(anchor.row + anchor.rowspan, end) - 1
            if anchor.row >= start:
                row_data[c] = anchor.paragraph
            else:   # continues from the previous page: its name again
                row_data[c] = anchor.paragraph.again()
            top, bottom = first - start + count, last - start + count
            if bottom > top or anchor.colspan > 1:
                commands.append(("SPAN", (c, top), (c + anchor.colspan - 1, bottom)))
            if anchor.cell.colour in STATUS_FILLS:
                fill = colors.HexColor("#" + STATUS_FILLS[anchor.cell.colour])
                commands.append(("BACKGROUND", (c, top), (c + anchor.colspan - 1, bottom), fill))
        data.append(row_data)
    table = Table(data, colWidths=grid.widths, rowHeights=header_heights + heights,
                  repeatRows=count)
    table.setStyle(TableStyle(commands))
    return table


def _footer_flowable(table: ReportTable, styles: _Styles, width: float):
    if not table.footer:
        return None
    blank = "\u3000" * 6
    cells = [_Lines(f"{f.label}：{f.value or blank}", styles.body_font, 12, 15, "left")
             for f in table.footer]
    per_row = 3 if table.landscape else 2
    rows = [cells[i:i + per_row] for i in range(0, len(cells), per_row)]
    for row in rows:
        row.extend([""] * (per_row - len(row)))
    footer = Table(rows, colWidths=[width / per_row] * per_row)
    footer.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), styles.body_font),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return footer


def page_geometry(table: ReportTable) -> tuple[tuple[float, float], dict[str, float]]:
    """Page size and margins (pt) of the table's pages — the Word renderer uses the same."""
    if table.landscape:
        return landscape(A4), LANDSCAPE_MARGINS
    return A4, PORTRAIT_MARGINS


def column_widths(table: ReportTable, fonts: FontSet | None = None) -> list[float]:
    """The columns' widths in points, shared out by content over the text block's width."""
    page_size, margins = page_geometry(table)
    styles = _Styles(table, fonts or find_fonts())
    return _widths(table, styles, page_size[0] - margins["left"] - margins["right"])


@dataclass
class PrintedPage:
    """One page as drawn, in points from the page's top left: what a printer is sent.

    ``texts``: (x, baseline y, text, font name, size, rgb); ``lines``: (x1, y1, x2, y2, width,
    rgb); ``fills``: (x, y, width, height, rgb).  Font names are reportlab's; their files come
    from ``exports.fonts.font_file``."""

    width: float
    height: float
    fills: list = field(default_factory=list)
    lines: list = field(default_factory=list)
    texts: list = field(default_factory=list)


def _rgb(colour) -> tuple[float, float, float]:
    try:
        return tuple(float(v) for v in colour.rgb())
    except (AttributeError, TypeError, ValueError):
        return (0.0, 0.0, 0.0)


class _Recorder(Canvas):
    """A reportlab canvas that also keeps what it draws as text, lines and fills, page by
    page (``PrintedPage``), so printing sends the very pages of the PDF as text."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.printed: list[PrintedPage] = []
        self._new_page()

    def _new_page(self) -> None:
        width, height = self._pagesize
        self.printed.append(PrintedPage(width, height))

    def _at(self, x: float, y: float) -> tuple[float, float]:
        a, b, c, d, e, f = self._currentMatrix
        return a * x + c * y + e, self._pagesize[1] - (b * x + d * y + f)

    def _text(self, x: float, y: float, text: str) -> None:
        if text:
            px, py = self._at(x, y)
            self.printed[-1].texts.append((px, py, text, self._fontname, self._fontsize,
                                           _rgb(self._fillColorObj)))

    def drawString(self, x, y, text, *args, **kwargs):
        super().drawString(x, y, text, *args, **kwargs)
        self._text(x, y, text)

    def drawRightString(self, x, y, text, *args, **kwargs):
        super().drawRightString(x, y, text, *args, **kwargs)
        self._text(x - stringWidth(text, self._fontname, self._fontsize), y, text)

    def drawCentredString(self, x, y, text, *args, **kwargs):
        super().drawCentredString(x, y, text, *args, **kwargs)
        self._text(x - stringWidth(text, self._fontname, self._fontsize) / 2, y, text)

    def line(self, x1, y1, x2, y2):
        super().line(x1, y1, x2, y2)
        self.printed[-1].lines.append((*self._at(x1, y1), *self._at(x2, y2), self._lineWidth,
                                       _rgb(self._strokeColorObj)))

    def rect(self, x, y, width, height, stroke=1, fill=0):
        super().rect(x, y, width, height, stroke=stroke, fill=fill)
        left, top = self._at(x, y + height)
        if fill:
            self.printed[-1].fills.append((left, top, width, height, _rgb(self._fillColorObj)))
        if stroke:
            for x1, y1, x2, y2 in ((x, y, x + width, y), (x, y + height, x + width, y + height),
                                   (x, y, x, y + height), (x + width, y, x + width, y + height)):
                self.printed[-1].lines.append((*self._at(x1, y1), *self._at(x2, y2),
                                               self._lineWidth, _rgb(self._strokeColorObj)))

    def showPage(self):
        super().showPage()
        self._new_page()


def render_pages(table: ReportTable, *, fonts: FontSet | None = None,
                 progress: ProgressFn | None = None) -> list[PrintedPage]:
    """The pages of the PDF of ``table`` as text, lines and fills (for printing)."""
    made: list[_Recorder] = []

    def maker(*args, **kwargs) -> _Recorder:
        made.append(_Recorder(*args, **kwargs))
        return made[-1]

    _data, count = render_bytes(table, fonts=fonts, progress=progress, canvasmaker=maker)
    return made[-1].printed[:count]


def render_bytes(table: ReportTable, *, fonts: FontSet | None = None,
                 progress: ProgressFn | None = None, canvasmaker=Canvas) -> tuple[bytes, int]:
    """The PDF of ``table`` and its page count."""
    fonts = fonts or find_fonts()
    styles = _Styles(table, fonts)
    page_size, margins = page_geometry(table)
    frame_w = page_size[0] - margins["left"] - margins["right"]
    frame_h = page_size[1] - margins["top"] - margins["bottom"]
    widths = _widths(table, styles, frame_w)

    heading = []
    if table.annex_label:
        heading.append(_Lines(table.annex_label, fonts.hei, 16, 22, "left"))
        heading.append(Spacer(1, 14))
    title = _balanced_title(table.title, fonts.title, 22, frame_w - 44)
    heading.append(_Lines(title, fonts.title, 22, 30, "center"))
    if table.subtitle:
        heading.append(Spacer(1, 4))
        heading.append(_Lines(table.subtitle, fonts.kai, 14, 20, "center"))
    heading.append(Spacer(1, 10))
    heading_h = sum(f.wrap(frame_w, frame_h)[1] for f in heading)

    header = _header_block(table, styles, widths)
    header_h = sum(header[2])
    grid = _Grid(table, styles, widths)
    grid.split_tall_rows(frame_h - header_h - 2)
    heights = grid.heights()
    footer = _footer_flowable(table, styles, frame_w)
    footer_h = (footer.wrap(frame_w, frame_h)[1] + 12) if footer is not None else 0
    pages = _Pager(grid, heights).paginate(frame_h - heading_h - header_h - 1,
                                           frame_h - header_h - 1, footer_h)

    story = list(heading)
    for index, (start, end, local) in enumerate(pages):
        if index:
            story.append(PageBreak())
        if end > start:
            story.append(_page_table(grid, styles, header, start, end, local))
    if footer is not None:
        story += [Spacer(1, 12), footer]

    buffer = io.BytesIO()
    page_count = [0]

    def page_number(canvas, doc) -> None:
        page = canvas.getPageNumber()
        page_count[0] = page
        if progress is not None:   # drawing the pages is most of the work
            progress(page, max(page, len(pages)))
        number = page + table.first_page - 1   # odd/even by the number printed
        text = f"— {number} —"
        canvas.saveState()
        canvas.setFont(fonts.song, PAGE_NUMBER_SIZE)
        y = margins["bottom"] - PAGE_NUMBER_GAP - PAGE_NUMBER_SIZE * 0.8
        if number % 2:   # odd pages on the right, even on the left, indented one character
            canvas.drawRightString(page_size[0] - margins["right"] - PAGE_NUMBER_SIZE, y, text)
        else:
            canvas.drawString(margins["left"] + PAGE_NUMBER_SIZE, y, text)
        canvas.restoreState()

    doc = BaseDocTemplate(
        buffer, initialFontName=fonts.song,  # else an unembedded Helvetica sits in the file
        pagesize=page_size, leftMargin=margins["left"], rightMargin=margins["right"],
        topMargin=margins["top"], bottomMargin=margins["bottom"], title=table.title,
        author="专班台账", subject=table.subtitle, creator="专班台账")
    frame = Frame(margins["left"], margins["bottom"], frame_w, frame_h, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=page_number)])
    doc.build(story, canvasmaker=canvasmaker)
    return buffer.getvalue(), page_count[0]


def render(table: ReportTable, out: str | os.PathLike, *, fonts: FontSet | None = None,
           progress: ProgressFn | None = None) -> int:
    """Write the PDF (atomically); returns the number of pages."""
    data, pages = render_bytes(table, fonts=fonts, progress=progress)
    with atomic_path(out) as temp:
        temp.write_bytes(data)
    return pages
