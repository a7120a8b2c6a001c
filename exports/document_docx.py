"""Write a ``Document`` as Word (.docx) in the GB/T 9704 style (OFFICIAL-FORMAT.md).

A4 portrait, margins 37/35/28/26 mm, 22 lines of 3号 仿宋 at a fixed 28.95 pt pitch; title
2号 方正小标宋简体; 一、 黑体, （一） 楷体; page numbers ``— N —`` as a PAGE field in 4号 宋体,
odd pages right and even pages left.  Chinese fonts are named through ``w:eastAsia`` (Word
uses that attribute for Chinese text, not the plain font name).  Tables repeat their header
row (``w:tblHeader``) and never split a row across pages (``w:cantSplit``).

The Word helpers (font, PAGE field, table row flags) come from ``exports.word``, which the
report tables' Word renderer uses too.
"""
from __future__ import annotations

import io
import os

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from exports.atomic import atomic_path
from exports.document import (
    Document,
    Heading,
    PageBreak,
    Para,
    Picture,
    Signature,
    Subtitle,
    TableBlock,
    Title,
)
from exports.word import page_numbers, set_font, set_row_flags
from exports.word import set_line_pitch as word_line_pitch

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEI_FONT = "黑体"
KAI_FONT = "楷体_GB2312"
SONG_FONT = "宋体"
BODY_SIZE = 16        # 3号
TITLE_SIZE = 22       # 2号
PAGE_NUMBER_SIZE = 14  # 4号
LINE_PITCH = 28.95    # 22 lines in the 225 mm text block
ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
         "right": WD_ALIGN_PARAGRAPH.RIGHT}


# --- Word helpers: shared with the report renderer (exports.word) ---------------------------

def set_line_pitch(paragraph, points: float = LINE_PITCH, *, before: float = 0,
                   after: float = 0) -> None:
    word_line_pitch(paragraph, points, before=before, after=after)


def setup_page(document) -> None:
    """A4 portrait, GB/T 9704 margins, page numbers, 仿宋 as the default Chinese font."""
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28)   # the number sits about 7 mm below the text block
    page_numbers(document, section)
    normal = document.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(BODY_SIZE)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)


# --- blocks --------------------------------------------------------------------------------

def _text_paragraph(document, text: str, font: str, size: float, *, bold: bool = False,
                    align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent: bool = False,
                    pitch: float = LINE_PITCH):
    paragraph = document.add_paragraph()
    paragraph.alignment = align
    set_line_pitch(paragraph, pitch)
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(2 * size)
    if text:
        set_font(paragraph.add_run(text), font, size, bold=bold)
    return paragraph


def _table(document, block: TableBlock, text_width_mm: float) -> None:
    if block.caption:
        _text_paragraph(document, block.caption, HEI_FONT, BODY_SIZE - 2,
                        align=WD_ALIGN_PARAGRAPH.CENTER)
    set_line_pitch(document.add_paragraph(), 8)   # a little air above the grid
    table = document.add_table(rows=1, cols=len(block.header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    total = sum(block.widths)
    widths = [Mm(text_width_mm * w / total) for w in block.widths]
    align = block.align or ("left",) * len(block.header)

    def fill(row, values, *, header: bool) -> None:
        for index, (cell, value) in enumerate(zip(row.cells, values)):
            cell.width = widths[index]
            paragraph = cell.paragraphs[0]
            paragraph.alignment = (WD_ALIGN_PARAGRAPH.CENTER if header
                                   else ALIGN.get(align[index], WD_ALIGN_PARAGRAPH.LEFT))
            set_line_pitch(paragraph, block.font_size * 1.25)
            set_font(paragraph.add_run(value), HEI_FONT if header else BODY_FONT,
                     block.font_size)
        set_row_flags(row, header=header)

    fill(table.rows[0], block.header, header=True)
    for values in block.rows:
        fill(table.add_row(), values, header=False)
    for index, column in enumerate(table.columns):
        column.width = widths[index]
    _text_paragraph(document, "", BODY_FONT, BODY_SIZE)   # a blank line after the table


def write_docx_bytes(doc: Document) -> bytes:
    document = new_docx()
    setup_page(document)
    document.core_properties.title = doc.title
    document.core_properties.author = "专班台账"
    text_width_mm = 156
    for block in doc.blocks:
        if isinstance(block, Title):
            for line in block.lines:
                _text_paragraph(document, line, TITLE_FONT, TITLE_SIZE,
                                align=WD_ALIGN_PARAGRAPH.CENTER, pitch=36)
            _text_paragraph(document, "", BODY_FONT, BODY_SIZE)
        elif isinstance(block, Subtitle):
            _text_paragraph(document, block.text, KAI_FONT, BODY_SIZE,
                            align=WD_ALIGN_PARAGRAPH.CENTER)
        elif isinstance(block, Heading):
            font = HEI_FONT if block.level == 1 else KAI_FONT
            heading = _text_paragraph(document, block.text, font, BODY_SIZE, indent=True)
            heading.paragraph_format.keep_with_next = True   # never alone at a page's foot
        elif isinstance(block, Para):
            paragraph = _text_paragraph(document, "", BODY_FONT, BODY_SIZE,
                                        indent=block.indent)
            if block.lead:
                set_font(paragraph.add_run(block.lead), BODY_FONT, BODY_SIZE, bold=True)
            run = paragraph.add_run(block.text)
            set_font(run, BODY_FONT, BODY_SIZE)
            if block.placeholder:
                run.font.highlight_color = 7   # yellow: the clerk still has to write this
        elif isinstance(block, TableBlock):
            _table(document, block, text_width_mm)
        elif isinstance(block, Picture):
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.add_run().add_picture(io.BytesIO(block.png), width=Mm(block.width_mm))
            if block.caption:
                _text_paragraph(document, block.caption, KAI_FONT, BODY_SIZE - 2,
                                align=WD_ALIGN_PARAGRAPH.CENTER)
        elif isinstance(block, Signature):
            # The office and the date stay together and with the last text line above them:
            # a 落款 never stands alone on a page (GB/T 9704).
            if document.paragraphs:
                document.paragraphs[-1].paragraph_format.keep_with_next = True
            gap = _text_paragraph(document, "", BODY_FONT, BODY_SIZE)
            gap.paragraph_format.keep_with_next = True
            for index, line in enumerate(block.lines):
                paragraph = _text_paragraph(document, line, BODY_FONT, BODY_SIZE,
                                            align=WD_ALIGN_PARAGRAPH.RIGHT)
                paragraph.paragraph_format.right_indent = Pt(4 * BODY_SIZE)
                paragraph.paragraph_format.keep_with_next = index < len(block.lines) - 1
        elif isinstance(block, PageBreak) and block.restart:
            # A new section (its footers follow the first's) whose PAGE field starts at 1.
            section = document.add_section(WD_SECTION.NEW_PAGE)
            numbering = OxmlElement("w:pgNumType")
            numbering.set(qn("w:start"), "1")
            section._sectPr.append(numbering)
        elif isinstance(block, PageBreak):
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write_docx(doc: Document, out: str | os.PathLike) -> None:
    """Write the .docx atomically (a failed write leaves any earlier file as it was)."""
    data = write_docx_bytes(doc)
    with atomic_path(out) as temp:
        temp.write_bytes(data)
