"""Word (.docx): the shared Word helpers, and a ``ReportTable`` as a real Word table.

Helpers (used by ``exports.document_docx`` too): Chinese fonts named through ``w:eastAsia``
(Word takes the Chinese face from that attribute, not from the plain font name), exact line
pitch, the ``— N —`` footer with a PAGE field on the outer side (odd right, even left) and an
optional first page number, a section's paper and margins, and the row flags ``w:tblHeader``
(header rows repeated on every page) and ``w:cantSplit`` (a row never breaks across pages).

``render(table, out)`` writes the report in the OFFICIAL-FORMAT.md Word rules: the 附件 label,
the title and subtitle, the table with merged cells, status fills and the column widths the
PDF uses (``exports.pdf.column_widths``), then the footer fields.  Word applies its own Chinese
line breaking (kinsoku) in cells; the tests check the same text through our breaker.
"""
from __future__ import annotations

import io
import os
from collections.abc import Callable

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell

from exports.atomic import atomic_path
from exports.report.table import NUMBER, PERCENT, STATUS_FILLS, ReportTable

TITLE_FONT = "方正小标宋简体"
BODY_FONTS = {"fang": "仿宋_GB2312", "song": "宋体"}
HEI_FONT = "黑体"
KAI_FONT = "楷体_GB2312"
SONG_FONT = "宋体"
PAGE_NUMBER_SIZE = 14   # 4号
ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
         "right": WD_ALIGN_PARAGRAPH.RIGHT}
ProgressFn = Callable[[int, int], None]


# --- Word helpers ---------------------------------------------------------------------------

def set_font(run, east_asia: str, size: float, *, bold: bool = False,
             latin: str | None = None) -> None:
    """The run's Chinese font (``w:eastAsia``), its Latin font and size."""
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = latin or east_asia
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asia)


def set_line_pitch(paragraph, points: float, *, before: float = 0, after: float = 0) -> None:
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(points)
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)


def add_field(paragraph, instruction: str, size: float) -> None:
    """A Word field (PAGE) inside ``paragraph``: begin, instruction, separate, 1, end."""
    def fld_char(kind: str):
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    begin = paragraph.add_run()
    begin._element.append(fld_char("begin"))
    code = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    code._element.append(text)
    separate = paragraph.add_run()
    separate._element.append(fld_char("separate"))
    shown = paragraph.add_run("1")
    end = paragraph.add_run()
    end._element.append(fld_char("end"))
    for run in (begin, code, separate, shown, end):
        set_font(run, SONG_FONT, size, latin="Times New Roman")


def page_number_footer(footer, alignment) -> None:
    """``— N —`` with N a PAGE field, indented one character from the side it sits on."""
    paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    paragraph.alignment = alignment
    fmt = paragraph.paragraph_format
    if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
        fmt.right_indent = Pt(PAGE_NUMBER_SIZE)
    else:
        fmt.left_indent = Pt(PAGE_NUMBER_SIZE)
    set_font(paragraph.add_run("— "), SONG_FONT, PAGE_NUMBER_SIZE, latin="Times New Roman")
    add_field(paragraph, "PAGE", PAGE_NUMBER_SIZE)
    set_font(paragraph.add_run(" —"), SONG_FONT, PAGE_NUMBER_SIZE, latin="Times New Roman")


def page_numbers(document, section, first_page: int = 1) -> None:
    """Odd pages numbered at the right, even at the left; numbering starts at ``first_page``
    (``w:pgNumType w:start``), so an annex can continue the main document's numbers."""
    settings = document.settings.element
    if settings.find(qn("w:evenAndOddHeaders")) is None:
        settings.append(OxmlElement("w:evenAndOddHeaders"))
    page_number_footer(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    page_number_footer(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)
    if first_page != 1:
        number_type = section._sectPr.find(qn("w:pgNumType"))
        if number_type is None:
            number_type = OxmlElement("w:pgNumType")
            section._sectPr.append(number_type)
        number_type.set(qn("w:start"), str(first_page))


def set_paper(section, *, landscape: bool, top: float, bottom: float, left: float,
              right: float) -> None:
    """A4 in either orientation, margins in mm; the number about 7 mm below the text."""
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    short, long_ = Mm(210), Mm(297)
    section.page_width, section.page_height = (long_, short) if landscape else (short, long_)
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    section.footer_distance = Mm(max(5.0, bottom - 7 - PAGE_NUMBER_SIZE * 0.35))


def set_row_flags(row, *, header: bool = False) -> None:
    """``w:cantSplit`` on every row; ``w:tblHeader`` on header rows (repeated on each page)."""
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))
    if header:
        properties.append(OxmlElement("w:tblHeader"))


def shade(cell, fill: str) -> None:
    """A cell background (``w:shd``), e.g. the status colours."""
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def cell_margins(table, *, left: float, right: float, top: float = 0,
                 bottom: float = 0) -> None:
    """The table's cell padding in points (``w:tblCellMar``); Word's default is wider than
    the PDF's, which would wrap the short columns the widths were made for."""
    properties = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side, value in (("top", top), ("left", left), ("bottom", bottom), ("right", right)):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(round(value * 20)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    properties.append(margins)


def default_font(document, east_asia: str, size: float) -> None:
    normal = document.styles["Normal"]
    normal.font.name = east_asia
    normal.font.size = Pt(size)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asia)


# --- the report -------------------------------------------------------------------------------

def _paragraph(container, text: str, font: str, size: float, align: str, *,
               bold: bool = False, pitch: float | None = None, after: float = 0):
    paragraph = container.add_paragraph() if hasattr(container, "add_paragraph") else container
    paragraph.alignment = ALIGN[align]
    set_line_pitch(paragraph, pitch or round(size * 1.25, 1), after=after)
    for i, line in enumerate(text.split("\n")):
        run = paragraph.add_run(line)
        set_font(run, font, size, bold=bold)
        if i:
            run._element.addprevious(OxmlElement("w:br"))
    return paragraph


def _cell_text(cell, text: str, font: str, size: float, align: str) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = ALIGN[align]
    set_line_pitch(paragraph, round(size * 1.25, 1))
    for i, line in enumerate(text.split("\n")):
        if i:
            paragraph = cell.add_paragraph()
            paragraph.alignment = ALIGN[align]
            set_line_pitch(paragraph, round(size * 1.25, 1))
        if line:
            set_font(paragraph.add_run(line), font, size)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def render_document(table: ReportTable, *, progress: ProgressFn | None = None):
    """The python-docx ``Document`` of ``table``."""
    from exports.pdf import LANDSCAPE_MARGINS, PAD_H, PAD_V, PORTRAIT_MARGINS, column_widths

    document = new_docx()
    document.core_properties.title = table.title
    document.core_properties.author = "专班台账"
    body_font = BODY_FONTS.get(table.body_font, BODY_FONTS["fang"])
    size = table.font_size
    default_font(document, body_font, size)
    section = document.sections[0]
    margins = LANDSCAPE_MARGINS if table.landscape else PORTRAIT_MARGINS
    mm = 72 / 25.4
    set_paper(section, landscape=table.landscape, top=margins["top"] / mm,
              bottom=margins["bottom"] / mm, left=margins["left"] / mm,
              right=margins["right"] / mm)
    page_numbers(document, section, table.first_page)

    if table.annex_label:
        _paragraph(document, table.annex_label, HEI_FONT, 16, "left", pitch=22, after=14)
    _paragraph(document, table.title, TITLE_FONT, 22, "center", pitch=30)
    if table.subtitle:
        _paragraph(document, table.subtitle, KAI_FONT, 14, "center", pitch=20, after=6)

    widths = column_widths(table)
    n = len(table.columns)
    header_rows = table.header_row_count
    grid = document.add_table(rows=header_rows + len(table.rows), cols=n)
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    cell_margins(grid, left=PAD_H, right=PAD_H, top=PAD_V, bottom=PAD_V)
    for c, column in enumerate(grid.columns):
        column.width = Pt(widths[c])
    rows = grid.rows
    # Every cell looked up once, before any merge: python-docx's table.cell() rebuilds the whole
    # cell list on each call, which made a 500-item table take minutes.
    cells = [[_Cell(tc, grid) for tc in tr.tc_lst] for tr in grid._tbl.tr_lst]
    for row in cells:
        for c, cell in enumerate(row):
            cell.width = Pt(widths[c])
    header_size = min(12.0, size + 0.5)
    for header_row in table.header_rows:
        for h in header_row:
            cell = cells[h.row][h.col]
            if h.rowspan > 1 or h.colspan > 1:
                cell = cell.merge(cells[h.row + h.rowspan - 1][h.col + h.colspan - 1])
            _cell_text(cell, h.text, HEI_FONT, header_size, "center")
    for r in range(header_rows):
        set_row_flags(rows[r], header=True)
    for ri, body_row in enumerate(table.rows):
        r = header_rows + ri
        for ci, data in enumerate(body_row.cells):
            if data is None:
                continue
            cell = cells[r][ci]
            if data.rowspan > 1 or data.colspan > 1:
                last_r = min(r + data.rowspan - 1, header_rows + len(table.rows) - 1)
                cell = cell.merge(cells[last_r][min(n - 1, ci + data.colspan - 1)])
            text = data.text
            if data.kind in (NUMBER, PERCENT):
                # A word joiner keeps 40.0% whole where a reader's fonts are wider than ours
                # (LibreOffice breaks before % otherwise; Word's own rules would not).
                text = text.replace("%", "\u2060%")
            _cell_text(cell, text, HEI_FONT if data.bold else body_font, size,
                       data.align or table.columns[ci].align)
            if data.colour in STATUS_FILLS:
                shade(cell, STATUS_FILLS[data.colour])
            if data.colspan == n > 1:   # a category's row stays with the row after it
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True
        set_row_flags(rows[r])
        if progress is not None and ri % 100 == 0:
            progress(ri, len(table.rows))

    if table.footer:
        # The 落款 keeps with the table's last row: never alone on a page of its own.
        if table.rows:
            for cell in cells[header_rows + len(table.rows) - 1]:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True
        per_line = 3 if table.landscape else 2
        document.add_paragraph().paragraph_format.keep_with_next = True
        lines = [table.footer[i:i + per_line] for i in range(0, len(table.footer), per_line)]
        footer = document.add_table(rows=len(lines), cols=per_line)
        footer.alignment = WD_TABLE_ALIGNMENT.CENTER
        for r, fields in enumerate(lines):
            for c, f in enumerate(fields):
                cell = footer.cell(r, c)
                _cell_text(cell, f"{f.label}：{f.value or '　' * 6}", body_font, 12, "left")
            if r < len(lines) - 1:
                for cell in footer.rows[r].cells:
                    for paragraph in cell.paragraphs:
                        paragraph.paragraph_format.keep_with_next = True
    if progress is not None:
        progress(len(table.rows), len(table.rows))
    return document


def render_bytes(table: ReportTable, *, progress: ProgressFn | None = None) -> bytes:
    buffer = io.BytesIO()
    render_document(table, progress=progress).save(buffer)
    return buffer.getvalue()


def render(table: ReportTable, out: str | os.PathLike, *,
           progress: ProgressFn | None = None) -> None:
    """Write the .docx atomically (a failed write leaves any earlier file as it was)."""
    data = render_bytes(table, progress=progress)
    with atomic_path(out) as temp:
        temp.write_bytes(data)
