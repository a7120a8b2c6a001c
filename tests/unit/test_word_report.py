"""Word (.docx) output of every report kind, read back with python-docx and from its XML."""
import datetime as dt

import docx
import pytest
from docx.oxml.ns import qn

from exports import word
from exports.linebreak import break_lines, forbidden
from exports.pdf import column_widths, measure_for
from exports.fonts import find_fonts
from exports.report import REPORT_KINDS, ReportOptions, build_report

TODAY = dt.date(2026, 11, 20)


def options(**kw):
    kw.setdefault("month", "2026-11")
    kw.setdefault("today", TODAY)
    return ReportOptions(**kw)


def test_progress_table_as_a_real_word_table(db, demo_plan, tmp_path):
    table = build_report(db, demo_plan, options(kind="progress", annex_label="附件2",
                                                first_page=5,
                                                footer_values={"filled_by": "张三"}))
    out = tmp_path / "progress.docx"
    word.render(table, out)
    document = docx.Document(str(out))
    section = document.sections[0]
    assert section.orientation == 1 and section.page_width > section.page_height   # landscape
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "附件2" and table.title in texts
    grid = document.tables[0]
    assert len(grid.rows) == table.header_row_count + len(table.rows)
    assert grid.cell(0, 1).text == "工作任务（事项）"
    xml = grid._tbl.xml
    rows = grid._tbl.findall(qn("w:tr"))
    assert all(r.find(qn("w:trPr")).find(qn("w:cantSplit")) is not None for r in rows)
    headers = [r for r in rows if r.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None]
    assert len(headers) == table.header_row_count == 2
    assert 'w:eastAsia="仿宋_GB2312"' in xml and 'w:eastAsia="黑体"' in xml
    # The category rows span the table; status cells are shaded.
    assert "w:gridSpan" in xml and "w:shd" in xml
    # Page numbers: a PAGE field written — N —, odd right / even left, starting at 5.
    footer_xml = section.footer._element.xml
    assert "PAGE" in footer_xml and "— " in footer_xml
    assert section.even_page_footer.paragraphs[0].alignment == 0   # left
    assert section._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "5"
    footer_texts = [c.text for t in document.tables[1:] for row in t.rows for c in row.cells]
    assert "填报人：张三" in footer_texts
    assert any(t.startswith("审核人/主要负责人") for t in footer_texts)


@pytest.mark.parametrize("kind", list(REPORT_KINDS))
def test_every_kind_in_word_and_its_lines_obey_the_rules(db, demo_plan, tmp_path, kind):
    table = build_report(db, demo_plan, options(kind=kind))
    out = tmp_path / f"{kind}.docx"
    word.render(table, out)
    grid = docx.Document(str(out)).tables[0]
    assert grid.rows[0].cells[0].text == table.header_rows[0][0].text
    # The text Word gets, as our breaker cuts it at the widths the file gives the columns.
    fonts = find_fonts()
    widths = column_widths(table, fonts)
    measure = measure_for(fonts.body(table.body_font), table.font_size)
    lines = []
    for row in table.rows:
        for c, cell in enumerate(row.cells):
            if cell is not None:
                width = sum(widths[c:c + cell.colspan]) - 6
                lines += break_lines(cell.text, width, measure)
    assert forbidden(lines) == (0, 0)


def test_the_footer_keeps_with_the_last_row(db, demo_plan, tmp_path):
    """The 落款 never stands alone on a last page: the table's last row, the gap and every
    footer line but the last keep with the next (LibreOffice printed it alone on page 4)."""
    table = build_report(db, demo_plan, options(kind="progress"))
    out = tmp_path / "p.docx"
    word.render(table, out)
    document = docx.Document(str(out))
    last = document.tables[0].rows[-1]
    assert all(p.paragraph_format.keep_with_next for c in last.cells for p in c.paragraphs)
    footer = document.tables[1]
    assert all(p.paragraph_format.keep_with_next
               for row in footer.rows[:-1] for c in row.cells for p in c.paragraphs)
    gap = document.tables[1]._tbl.getprevious()
    assert gap.tag == qn("w:p") and gap.find(qn("w:pPr")).find(qn("w:keepNext")) is not None
