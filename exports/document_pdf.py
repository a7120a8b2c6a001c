"""Write a ``Document`` as PDF (reportlab) on the GB/T 9704 page the Word file uses: the same
margins, 3号 仿宋 body at a 28.95 pt pitch, 2号 title, ``— N —`` page numbers (odd right,
even left), fonts embedded as the tables' PDFs do (``exports.fonts``)."""
from __future__ import annotations

import io
import os
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    PageBreak as PdfPageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

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
from exports.fonts import FontSet, find_fonts
from exports.linebreak import break_lines
from exports.pdf import PAGE_NUMBER_GAP, PAGE_NUMBER_SIZE, PORTRAIT_MARGINS, measure_for

BODY, TITLE = 16, 22
PITCH = 28.95
ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}


class _Styles:
    def __init__(self, fonts: FontSet) -> None:
        def style(name, font, size, leading, align=TA_JUSTIFY, indent=0.0, **kw):
            return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading,
                                  alignment=align, firstLineIndent=indent, wordWrap="CJK",
                                  **kw)

        self.title = style("title", fonts.title, TITLE, 36, TA_CENTER)
        self.subtitle = style("subtitle", fonts.kai, BODY, PITCH, TA_CENTER)
        self.heading1 = style("h1", fonts.hei, BODY, PITCH, indent=2 * BODY, keepWithNext=1)
        self.heading2 = style("h2", fonts.kai, BODY, PITCH, indent=2 * BODY, keepWithNext=1)
        self.body = style("body", fonts.fang, BODY, PITCH, indent=2 * BODY)
        self.flush = style("flush", fonts.fang, BODY, PITCH)
        self.signature = style("sign", fonts.fang, BODY, PITCH, TA_RIGHT,
                               rightIndent=4 * BODY)
        self.caption = style("caption", fonts.kai, BODY - 2, 22, TA_CENTER)
        self.header = style("th", fonts.hei, 12, 15, TA_CENTER)
        self.cells = {a: style(f"td-{a}", fonts.fang, 12, 15, ALIGN[a]) for a in ALIGN}
        self.bold_font = fonts.hei


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


SLACK = 3.0   # points kept free on each line, so reportlab never re-wraps a line we broke


def _broken(text: str, style: ParagraphStyle, width: float, *, lead: str = "",
            lead_font: str = "", indent: str = "", mark: str = "") -> Paragraph:
    """A paragraph broken by ``exports.linebreak`` (标点禁则), not by reportlab's CJK wrap
    (Japanese rules: 。 hangs past the border, ，； may start a line).  ``indent`` (two
    ideographic spaces) stands for the first-line indent; ``lead`` is drawn in ``lead_font``;
    ``mark`` is a background colour for the body text (a gap for the clerk)."""
    full = indent + lead + text
    lines = break_lines(full, width - SLACK, measure_for(style.fontName, style.fontSize))
    lead_from, lead_to = len(indent), len(indent) + len(lead)
    out, position = [], 0
    if indent:     # drawn as the style's first-line indent (leading spaces would be dropped)
        lines[0] = lines[0][len(indent):]
        position = len(indent)
    for line in lines:
        parts = []
        for ch in line:
            piece = escape(ch)
            if lead_from <= position < lead_to:
                piece = f'<font name="{lead_font}">{piece}</font>'
            elif mark and position >= lead_to:
                piece = f'<span backColor="{mark}">{piece}</span>'
            parts.append(piece)
            position += 1
        out.append("".join(parts))
        position += full[position:position + 1] == "\n"
    return Paragraph("<br/>".join(out), style)


def _table(block: TableBlock, styles: _Styles, width: float):
    total = sum(block.widths)
    widths = [width * w / total for w in block.widths]
    align = block.align or ("left",) * len(block.header)
    size = block.font_size
    header = ParagraphStyle("th", parent=styles.header, fontSize=size, leading=size * 1.25)
    cells = {a: ParagraphStyle(f"td-{a}", parent=s, fontSize=size, leading=size * 1.25)
             for a, s in styles.cells.items()}
    data = [[_broken(h, header, widths[i] - 6) for i, h in enumerate(block.header)]]
    data += [[_broken(v, cells.get(align[i], cells["left"]), widths[i] - 6)
              for i, v in enumerate(row)] for row in block.rows]
    table = Table(data, colWidths=widths, repeatRows=1, splitByRow=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]))
    flowables = [Spacer(1, 6), table, Spacer(1, PITCH / 2)]
    if block.caption:
        flowables.insert(0, _p(block.caption, styles.caption))
    return flowables


def _story(doc: Document, styles: _Styles, width: float) -> list:
    story: list = []
    for block in doc.blocks:
        if isinstance(block, Title):
            story += [_p(line, styles.title) for line in block.lines]
            story.append(Spacer(1, PITCH))
        elif isinstance(block, Subtitle):
            story.append(_p(block.text, styles.subtitle))
        elif isinstance(block, Heading):
            story.append(_p(block.text, styles.heading1 if block.level == 1
                            else styles.heading2))
        elif isinstance(block, Para):
            story.append(_broken(block.text, styles.body if block.indent else styles.flush,
                                 width, lead=block.lead,
                                 lead_font=styles.bold_font,
                                 indent="　　" if block.indent else "",
                                 mark="#fff176" if block.placeholder else ""))
        elif isinstance(block, TableBlock):
            story += _table(block, styles, width)
        elif isinstance(block, Picture):
            image = Image(io.BytesIO(block.png))
            scale = block.width_mm * mm / image.imageWidth
            image.drawWidth, image.drawHeight = block.width_mm * mm, image.imageHeight * scale
            parts = [image]
            if block.caption:
                parts.append(_p(block.caption, styles.caption))
            story.append(KeepTogether(parts))
        elif isinstance(block, Signature):
            gap = Spacer(1, PITCH)
            gap.keepWithNext = 1
            if story:    # the 落款 never stands alone on a page
                story[-1].keepWithNext = 1
            story.append(gap)
            story.append(KeepTogether([_p(line, styles.signature) for line in block.lines]))
        elif isinstance(block, PageBreak):
            story.append(PdfPageBreak())
            if block.restart:
                story.append(_RestartNumbers())
    return story


class _RestartNumbers(Flowable):
    """Drawn at the top of a page whose number is 1 again; the page-end hook reads it."""

    def wrap(self, aw, ah):
        return 0, 0

    def draw(self):
        doc = self.canv._doctemplate
        doc.numbering_from = self.canv.getPageNumber()


def write_pdf_bytes(doc: Document, *, fonts: FontSet | None = None) -> tuple[bytes, int]:
    """The PDF and its page count."""
    fonts = fonts or find_fonts()
    styles = _Styles(fonts)
    margins = PORTRAIT_MARGINS
    width = A4[0] - margins["left"] - margins["right"] - 12   # the frame pads 6 pt a side
    pages = [0]

    def page_number(canvas, doc) -> None:
        pages[0] = canvas.getPageNumber()
        number = pages[0] - getattr(doc, "numbering_from", 1) + 1
        canvas.saveState()
        canvas.setFont(fonts.song, PAGE_NUMBER_SIZE)
        y = margins["bottom"] - PAGE_NUMBER_GAP - PAGE_NUMBER_SIZE * 0.8
        text = f"— {number} —"
        if number % 2:
            canvas.drawRightString(A4[0] - margins["right"] - PAGE_NUMBER_SIZE, y, text)
        else:
            canvas.drawString(margins["left"] + PAGE_NUMBER_SIZE, y, text)
        canvas.restoreState()

    buffer = io.BytesIO()
    template = BaseDocTemplate(
        buffer, pagesize=A4, initialFontName=fonts.song, leftMargin=margins["left"],
        rightMargin=margins["right"], topMargin=margins["top"], bottomMargin=margins["bottom"],
        title=doc.title, author="专班台账", creator="专班台账")
    frame = Frame(margins["left"], margins["bottom"], A4[0] - margins["left"] - margins["right"],
                  A4[1] - margins["top"] - margins["bottom"], id="body")
    # Numbers are drawn when a page ends, once a restart mark on it has been seen.
    template.addPageTemplates([PageTemplate(id="page", frames=[frame], onPageEnd=page_number)])
    template.build(_story(doc, styles, width))
    return buffer.getvalue(), pages[0]


def write_pdf(doc: Document, out: str | os.PathLike, *, fonts: FontSet | None = None) -> int:
    """Write the PDF atomically; returns the number of pages."""
    data, pages = write_pdf_bytes(doc, fonts=fonts)
    with atomic_path(out) as temp:
        temp.write_bytes(data)
    return pages
