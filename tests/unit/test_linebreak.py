"""Chinese line breaking (标点禁则) and column widths: the hard cases, without any renderer."""
import datetime as dt
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exports.linebreak import NO_END, NO_START, atoms, break_lines, char_measure, forbidden
from exports.widths import ColumnNeed, allocate, longest_word

M = char_measure()


@pytest.mark.parametrize("text, width, lines", [
    # A comma never starts a line: the character before it comes down with it.
    ("推进项目建设，完成投资。", 6, ["推进项目建", "设，完成投", "资。"]),
    # A short bracketed note stays whole; an opening bracket never ends a line.
    ("未报送（逾期）", 4, ["未报送", "（逾期）"]),
    ("开展（第2批）试点工作", 5, ["开展", "（第2批）", "试点工作"]),
    # Dates and numbers with units stay whole where the line allows.
    ("2026年底前完成", 5, ["2026年底", "前完成"]),
    ("完成投资2.3亿元，同比增长30%。", 7, ["完成投资", "2.3亿元，同比", "增长30%。"]),
    # …… is never split.
    ("做好……工作", 3, ["做", "好……", "工作"]),
])
def test_hard_cases(text, width, lines):
    assert break_lines(text, width, M) == lines


def test_a_piece_longer_than_the_line_is_broken_inside_by_the_same_rules():
    lines = break_lines("（示例县高新技术产业开发区管委会）", 5, M)
    assert "".join(lines) == "（示例县高新技术产业开发区管委会）"
    assert forbidden(lines) == (0, 0)
    assert all(M(line) <= 5 for line in lines)


def test_newlines_are_kept_and_atoms_cover_the_text():
    assert break_lines("第一行\n第二行", 10, M) == ["第一行", "第二行"]
    text = "2026年6月30日前完成30%，投资5000万元（第2批）"
    assert "".join(atoms(text)) == text
    assert "2026年6月30日" in atoms(text) and "5000万元" in atoms(text)


_CJK = st.sampled_from(list("推进项目建设完成投资工作开展示范") + list("，。、；：）（“”%") +
                       ["2026年", "30%", "（第2批）", "……"])


@settings(max_examples=200, deadline=None)
@given(st.lists(_CJK, min_size=1, max_size=40), st.integers(min_value=3, max_value=12))
def test_no_forbidden_start_or_end_and_nothing_lost(parts, width):
    text = "".join(parts)
    lines = break_lines(text, width, M)
    assert "".join(lines) == text
    for i, line in enumerate(lines):
        if i:   # the first line may start with anything the text starts with
            assert not line or line[0] not in NO_START or M(lines[i - 1]) > width - 1, lines
        if i < len(lines) - 1:
            assert not line or line[-1] not in NO_END or len(line) == 1, lines


def test_short_column_words_and_long_text_pieces():
    # A name longer than the cap may break; the others stay whole.
    assert longest_word("县发改局、示例高新区管委会", M, 7) == M("县发改局")
    assert longest_word("2026年6月底前", M, 7) == M("2026年6月底前")
    assert longest_word("严重滞后（未报送）", M, 7) == M("（未报送）")


def test_width_goes_where_it_saves_height():
    long_text = ColumnNeed(least=2, most=60, cells=[[60.0]] * 20, weight=10)
    short = ColumnNeed(least=4, most=4, cells=[[4.0]] * 20, weight=2)
    medium = ColumnNeed(least=2, most=20, cells=[[20.0]] * 20, weight=8)
    widths = allocate([long_text, short, medium], 40)
    assert sum(widths) == pytest.approx(40)
    assert widths[1] >= 4                         # the short column keeps its word
    assert widths[0] > widths[2] > widths[1] - 1  # the long text takes the most
    assert allocate([short, short], 6) == pytest.approx([3, 3])   # too narrow: scaled


def _kinds():
    from exports.report import REPORT_KINDS
    return list(REPORT_KINDS)


def _count(pdf_path):
    from exports.linebreak import NO_END, NO_START
    out = subprocess.run(["pdftotext", "-bbox-layout", str(pdf_path), "-"], check=True,
                         capture_output=True, text=True).stdout
    import html
    import re
    starts = ends = 0
    for block in re.findall(r"<line[^>]*>(.*?)</line>", out, re.S):
        line = "".join(html.unescape(w) for w in re.findall(r"<word[^>]*>(.*?)</word>", block,
                                                                re.S))
        starts += bool(line) and line[0] in NO_START
        ends += bool(line) and line[-1] in NO_END
    return starts, ends


def _office_lines(table, tmp_path, name):
    """The lines of the Word and Excel files of ``table``, read back and cut as the line
    breaker cuts them at the widths each file gives its columns (Word: the real font;
    Excel: characters, as the row heights are counted)."""
    import docx
    import openpyxl

    from exports import word, xlsx
    from exports.fonts import find_fonts
    from exports.pdf import PAD_H, column_widths, measure_for
    from exports.report.common import CHAR_MEASURE

    fonts = find_fonts()
    widths = column_widths(table, fonts)
    measure = measure_for(fonts.body(table.body_font), table.font_size)
    word_out, excel_out = tmp_path / f"{name}.docx", tmp_path / f"{name}.xlsx"
    word.render(table, word_out)
    xlsx.render(table, excel_out)
    word_lines = []
    from docx.oxml.ns import qn
    cells_at = {}   # (row, grid column) -> text, read once from the XML (cell() is slow)
    for r, tr in enumerate(docx.Document(str(word_out)).tables[0]._tbl.tr_lst):
        c = 0
        for tc in tr.tc_lst:
            cells_at[r, c] = "\n".join("".join(t.text or "" for t in p.iter(qn("w:t")))
                                       for p in tc.iter(qn("w:p")))
            c += tc.grid_span
    header_count = table.header_row_count
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            if cell is None or not cell.text:
                continue
            text = cells_at[header_count + r, c]
            assert cell.text.replace("\n", "") in text.replace("\n", "").replace("\u2060", "")
            word_lines += break_lines(text.replace("\u2060", ""),
                                      sum(widths[c:c + cell.colspan]) - 2 * PAD_H, measure)
    ws = openpyxl.load_workbook(excel_out).active
    excel_lines = []
    from openpyxl.utils import get_column_letter
    chars = [xlsx.chars_per_line(ws.column_dimensions[get_column_letter(c + 1)].width,
                                 table.font_size) for c in range(len(table.columns))]
    for row in ws.iter_rows(min_row=ws.freeze_panes and int(ws.freeze_panes[1:]) or 1):
        for cell in row:
            if isinstance(cell.value, str) and cell.column <= len(chars):
                excel_lines += break_lines(cell.value, chars[cell.column - 1], CHAR_MEASURE)
    return word_lines, excel_lines


@pytest.mark.parametrize("kind", _kinds())
def test_no_forbidden_line_start_or_end_in_any_report_pdf(db, demo_plan, tmp_path, kind):
    """Read back with pdftotext, as the office's superior would see the lines."""
    from exports import pdf
    from exports.report import ReportOptions, build_report

    table = build_report(db, demo_plan, ReportOptions(kind=kind, month="2026-11",
                                                      today=dt.date(2026, 11, 20)))
    out = tmp_path / f"{kind}.pdf"
    pdf.render(table, out)
    assert _count(out) == (0, 0)


def test_no_forbidden_line_start_or_end_on_a_300_item_demo(db, tmp_path):
    from db.demo import create_demo
    from exports import pdf
    from exports.report import REPORT_KINDS, ReportOptions, build_report

    plan = create_demo(db, items=300, months=3, today=dt.date(2026, 11, 20))
    pages = {}
    for kind in REPORT_KINDS:
        table = build_report(db, plan, ReportOptions(kind=kind, month="2026-11",
                                                     today=dt.date(2026, 11, 20)))
        out = tmp_path / f"{kind}.pdf"
        pages[kind] = pdf.render(table, out)
        assert _count(out) == (0, 0), kind
        word_lines, excel_lines = _office_lines(table, tmp_path, kind)
        assert forbidden(word_lines) == (0, 0) and forbidden(excel_lines) == (0, 0), kind
    # 50 progress pages before the foot of a page was filled (issue 10 asks for 30: not met).
    assert pages["progress"] <= 43
    assert pages["tasks"] <= 21


def test_the_youxian_plan_with_progress(db, tmp_path):
    """The imported youxian plan (when the shared fixtures are there), every item reported
    with text of our own: no forbidden line starts or ends, task list on two pages."""
    from pathlib import Path

    from db.schedule import work_items
    from db.services.imports import import_plan, merge_spellings
    from db.services.progress import record_progress
    from db.services.tasks import load_tree
    from exports import pdf
    from exports.importers import parse_file
    from exports.report import REPORT_KINDS, ReportOptions, build_report

    fixture = Path(__file__).parents[2].parent / "shared" / "fixtures" / "youxian.docx"
    if not fixture.exists():
        pytest.skip(f"{fixture} is absent")
    parsed = parse_file(fixture)
    plan = import_plan(db, parsed.draft, merge_spellings(db, parsed.draft))
    texts = ("已召开专题推进会2次，落实资金1200万元，完成年度目标的65%。",
             "已对接重点企业18家，签约项目3个，总投资2.3亿元（第2批）。", "已完成。")
    for i, item in enumerate(work_items(load_tree(db, plan))):
        record_progress(db, item.id, "2026-11", status="序时推进", percent=30 + 5 * i,
                        progress_text=texts[i % 3], next_steps="12月底前完成验收。")
    pages = {}
    for kind in REPORT_KINDS:
        table = build_report(db, plan, ReportOptions(kind=kind, month="2026-11",
                                                     today=dt.date(2026, 11, 20)))
        out = tmp_path / f"{kind}.pdf"
        pages[kind] = pdf.render(table, out)
        assert _count(out) == (0, 0), kind
        word_lines, excel_lines = _office_lines(table, tmp_path, kind)
        assert forbidden(word_lines) == (0, 0) and forbidden(excel_lines) == (0, 0), kind
    assert pages["tasks"] <= 2     # three pages before the widths came from the content
    assert pages["progress"] <= 3  # seven in issue 10, four before rows were cut at a page's foot
