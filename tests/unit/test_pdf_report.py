"""The PDF read back: header on every page, page numbers, embedded fonts, merged names."""
import datetime as dt
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from db.errors import KnownError
from exports import fonts, pdf
from exports.report import ReportOptions, build_report

TODAY = dt.date(2026, 11, 20)


@pytest.fixture(scope="module")
def big_plan(tmp_path_factory):
    """A 300-item plan (many pages), shared by the tests of this module."""
    from db.demo import create_demo
    from db.session import open_database

    database = open_database(tmp_path_factory.mktemp("big") / "big.db", user="测试员")
    plan_id = create_demo(database, items=300, months=3, today=TODAY)
    yield database, plan_id
    database.dispose()


def options(**kw):
    kw.setdefault("month", "2026-11")
    kw.setdefault("today", TODAY)
    return ReportOptions(**kw)


def page_texts(path):
    return [p.extract_text() for p in PdfReader(str(path)).pages]


def flat(text):
    """Page text without the line breaks of wrapped cells."""
    return text.replace("\n", "").replace(" ", "")


def test_header_on_every_page_and_outer_page_numbers(big_plan, tmp_path):
    db, plan_id = big_plan
    table = build_report(db, plan_id, options(kind="progress", annex_label="附件2"))
    out = tmp_path / "progress.pdf"
    pages = pdf.render(table, out)
    texts = page_texts(out)
    assert pages == len(texts) > 5
    for number, text in enumerate(texts, start=1):
        for header in ("序号", "工作任务（事项）", "牵头单位", "完成时限", "推进情况",
                       "完成进度", "进展情况", "存在问题", "下步计划", "完成状态"):
            assert header in flat(text), (number, header)
        assert f"— {number} —" in text
    assert "附件2" in texts[0] and "附件2" not in texts[1]
    assert "— 2 —" in texts[1]
    page = PdfReader(str(out)).pages[1]
    assert float(page.mediabox.width) > float(page.mediabox.height)      # landscape


def test_page_numbers_sit_on_the_outer_side(big_plan, tmp_path):
    db, plan_id = big_plan
    out = tmp_path / "tasks.pdf"
    pdf.render(build_report(db, plan_id, options(kind="tasks")), out)
    reader = PdfReader(str(out))
    positions = {}
    for index in (0, 1):
        found = []

        def visit(text, cm, tm, font, size, found=found):
            if "—" in text:
                found.append(tm[4])
        reader.pages[index].extract_text(visitor_text=visit)
        positions[index + 1] = found[0]
    middle = float(reader.pages[0].mediabox.width) / 2
    assert positions[1] > middle > positions[2]   # page 1 right, page 2 left


def test_footer_fields_only_on_the_last_page(big_plan, tmp_path):
    db, plan_id = big_plan
    table = build_report(db, plan_id, options(
        kind="tasks", footer=("reporting_unit", "filled_by", "date"),
        footer_values={"filled_by": "李四"}))
    out = tmp_path / "tasks.pdf"
    pdf.render(table, out)
    texts = page_texts(out)
    assert "填报人：李四" in texts[-1].replace(" ", "")
    assert not any("填报人" in t for t in texts[:-1])
    assert "300" in texts[-1]   # the footer shares the page with the last rows


def test_a_category_that_continues_shows_its_name_again(big_plan, tmp_path):
    db, plan_id = big_plan
    table = build_report(db, plan_id, options(kind="tasks"))
    out = tmp_path / "tasks.pdf"
    pdf.render(table, out)
    texts = [flat(t) for t in page_texts(out)]
    # Category (一) has far more rows than one page: its name opens page 2 as well.
    assert "（一）产业技术攻关行动" in texts[0]
    assert "（一）产业技术攻关行动" in texts[1]


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_all_fonts_are_embedded(db, demo_plan, tmp_path):
    for kind in ("progress", "units"):
        out = tmp_path / f"{kind}.pdf"
        pdf.render(build_report(db, demo_plan, options(kind=kind, annex_label="附件3")), out)
        listing = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True,
                                 check=True).stdout.splitlines()[2:]
        assert listing, "no fonts listed"
        for line in listing:
            parts = line.split()
            emb = parts[-5]
            assert emb == "yes", line
            assert "STSong" not in line and "Helvetica" not in line


def test_no_cjk_font_gives_a_chinese_message(monkeypatch, db, demo_plan, tmp_path):
    monkeypatch.setattr(fonts, "font_dirs", lambda: [])
    monkeypatch.delenv(fonts.ENV_FONTS, raising=False)
    table = build_report(db, demo_plan, options(kind="units"))
    with pytest.raises(KnownError, match="没有找到可嵌入PDF的中文字体"):
        pdf.render(table, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_font_setting_chooses_the_file(monkeypatch, tmp_path):
    found = fonts.find_fonts()
    song_file = found.files["song"].partition("#")[0]
    monkeypatch.setenv(fonts.ENV_FONTS, f"hei={song_file}")
    chosen = fonts.find_fonts()
    assert chosen.hei == chosen.song
    monkeypatch.setenv(fonts.ENV_FONTS, f"hei={tmp_path / 'missing.ttf'}")
    with pytest.raises(KnownError, match="字体文件"):
        fonts.find_fonts()
    monkeypatch.setenv(fonts.ENV_FONTS, "bold=x.ttf")
    with pytest.raises(KnownError, match="字体设置"):
        fonts.find_fonts()


def test_a_crash_while_writing_keeps_the_old_file(tmp_path):
    from exports.atomic import atomic_path

    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "report.pdf"
    out.write_bytes(b"old report")
    with pytest.raises(RuntimeError), atomic_path(out) as temp:
        temp.write_bytes(b"half a rep")
        raise RuntimeError("disk trouble")
    assert out.read_bytes() == b"old report"
    assert [p.name for p in folder.iterdir()] == ["report.pdf"]   # no temp file left
    with atomic_path(out) as temp:
        temp.write_bytes(b"new report")
    assert out.read_bytes() == b"new report"
    assert [p.name for p in folder.iterdir()] == ["report.pdf"]


def test_very_long_cell_is_split_between_lines_not_lost(db, tmp_path):
    from db.services.plans import create_plan
    from db.services.progress import record_progress
    from db.services.tasks import add_task

    plan = create_plan(db, "长文本方案", year=2026).id
    category = add_task(db, plan, title="类别")
    task = add_task(db, plan, category.id, title="任务")
    item = add_task(db, plan, task.id, content="事项")
    text = "".join(f"第{i}句进展情况较长。" for i in range(400))
    record_progress(db, item.id, "2026-11", status="序时推进", percent=50, progress_text=text)
    out = tmp_path / "long.pdf"
    pages = pdf.render(build_report(db, plan, options(kind="progress")), out)
    joined = "".join(flat(t) for t in page_texts(out))
    assert pages >= 2
    assert "第0句进展情况较长" in joined and "第399句进展情况较长" in joined


def test_progress_is_reported_page_by_page(db, demo_plan, tmp_path):
    steps = []
    pages = pdf.render(build_report(db, demo_plan, options(kind="progress")),
                       tmp_path / "p.pdf", progress=lambda done, total: steps.append(done))
    assert steps == list(range(1, pages + 1))


def test_a_line_ending_in_a_bracket_leaves_no_blank_line():
    from reportlab.lib.styles import ParagraphStyle

    found = fonts.find_fonts()
    style = ParagraphStyle("t", fontName=found.song, fontSize=10.5, leading=14,
                           wordWrap="CJK")
    first = "3.建立重点产业技术需求清单（第2批）"
    from reportlab.pdfbase.pdfmetrics import stringWidth
    width = stringWidth(first, found.song, 10.5) - 1   # the bracket hangs over the edge
    paragraph = pdf._paragraph(first + "\n走访规模以上工业企业", style)
    assert paragraph.wrap(width, 1000)[1] == 28       # two lines, not three


def test_song_body_at_small_four_takes_more_pages(db, demo_plan, tmp_path):
    small = pdf.render(build_report(db, demo_plan, options(kind="tasks")), tmp_path / "a.pdf")
    large = pdf.render(build_report(db, demo_plan, options(kind="tasks", body_font="song",
                                                           font_size=12)), tmp_path / "b.pdf")
    assert large >= small

    def sizes(path):
        found = set()
        PdfReader(str(path)).pages[0].extract_text(
            visitor_text=lambda text, cm, tm, font, size: found.add(round(size * tm[0], 1))
            if text.strip() else None)
        return found
    assert 10.5 in sizes(tmp_path / "a.pdf")
    assert 10.5 not in sizes(tmp_path / "b.pdf") and 12 in sizes(tmp_path / "b.pdf")


def test_cancelling_midway_leaves_no_file(db, demo_plan, tmp_path):
    class Stop(Exception):
        pass

    def progress(done, total):
        if done == 2:
            raise Stop()
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(Stop):
        pdf.render(build_report(db, demo_plan, options(kind="progress")), folder / "p.pdf",
                   progress=progress)
    assert list(folder.iterdir()) == []


def test_empty_lists_render_in_both_formats(db, tmp_path):
    import openpyxl

    from db.services.plans import create_plan
    from exports import xlsx

    plan = create_plan(db, "空方案", year=2026).id
    table = build_report(db, plan, options(kind="not_reported"))
    assert pdf.render(table, tmp_path / "e.pdf") == 1
    assert "本月所有事项均已报送" in flat(page_texts(tmp_path / "e.pdf")[0])
    xlsx.render(table, tmp_path / "e.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "e.xlsx").active
    values = [c.value for row in ws.iter_rows() for c in row if c.value]
    assert "本月所有事项均已报送。" in values


def test_a_row_is_cut_between_lines_to_fill_the_foot_of_a_page(db, tmp_path):
    """Tall rows do not leave the foot of a page empty: the row that does not fit is cut
    between its lines and goes on at the top of the next page; no sentence lost or doubled."""
    import re

    from db.services.plans import create_plan
    from db.services.progress import record_progress
    from db.services.tasks import add_task

    plan = create_plan(db, "分页方案", year=2026).id
    category = add_task(db, plan, title="类别")
    task = add_task(db, plan, category.id, title="任务")
    for n in range(1, 13):
        item = add_task(db, plan, task.id, content=f"第{n}项工作")
        text = "".join(f"完成S{n}x{k}。" for k in range(1, 41))   # Latin words stay whole
        record_progress(db, item.id, "2026-11", status="序时推进", percent=50,
                        progress_text=text)
    out = tmp_path / "cut.pdf"
    pdf.render(build_report(db, plan, options(kind="progress", footer=())), out)
    texts = [flat(t) for t in page_texts(out)]
    found = [re.findall(r"S(\d+)x(\d+)", t) for t in texts]
    every = [pair for page in found for pair in page]
    assert sorted(every) == sorted((str(n), str(k)) for n in range(1, 13) for k in range(1, 41))
    cut = [n for i in range(len(found) - 1) for n, _ in found[i][-1:]
           if found[i + 1] and found[i + 1][0][0] == n]
    assert cut, "no row goes on at the top of the next page"
