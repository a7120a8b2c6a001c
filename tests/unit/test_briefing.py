"""调度通报 and 催办通知单: written as Word/PDF, read back, numbers checked against ``summary``."""
import datetime as dt
import json
import re

import docx
import pytest
from pypdf import PdfReader

from db.services.plans import create_plan, set_work_group
from db.services.progress import record_progress
from db.services.tasks import add_task
from db.services.units import create_unit
from desktop.cli import main

TODAY = dt.date(2026, 11, 20)


def paragraphs(path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def make_demo_db(tmp_path):
    from db.demo import create_demo
    from db.session import open_database

    path = tmp_path / "demo.db"
    database = open_database(path, user="测试员")
    plan_id = create_demo(database, items=30, months=3, today=TODAY)
    database.dispose()
    return path, plan_id


def test_briefing_overview_counts_equal_taizhang_summary(tmp_path, capsys):
    path, plan_id = make_demo_db(tmp_path)
    out = tmp_path / "通报.docx"
    assert main(["--db", str(path), "briefing", "--plan", str(plan_id), "--month", "2026-11",
                 "--today", TODAY.isoformat(), "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["--db", str(path), "summary", "--plan", str(plan_id), "--month", "2026-11",
                 "--today", TODAY.isoformat()]) == 0
    summary = json.loads(capsys.readouterr().out)

    text = "\n".join(paragraphs(out))
    found = re.search(r"方案确定的(\d+)项重点任务中，已完成(\d+)项，完成待销号(\d+)项，"
                      r"序时推进(\d+)项，进展较快(\d+)项，进度滞后(\d+)项，逾期(\d+)项；"
                      r"另有(\d+)项本月未报送", text)
    assert found, text[:400]
    items, done, awaiting, on_schedule, ahead, late, overdue, silent = map(int, found.groups())
    assert awaiting == len(summary["awaiting_closeout"])
    assert items == summary["items"]
    assert late == len(summary["lagging"])
    assert overdue == len(summary["overdue"])
    assert silent == len({i for ids in summary["not_reported"].values() for i in ids})
    assert done + awaiting + on_schedule + ahead + late + overdue + silent == items  # once each
    # 已完成 is the dashboard's count: items done this month or earlier
    from db.session import open_database
    from db.summary import plan_summary

    database = open_database(path)
    month = plan_summary(database, plan_id, "2026-11", today=TODAY)
    database.dispose()
    assert done == sum(month.standing(t.id).done for t in month.sheet.items)
    assert "2026年11月工作调度通报" in text
    for name in summary["not_reported"]:
        assert name in text
    # every indicator of the summary is in the indicators table
    document = docx.Document(str(out))
    cells = {c.text for t in document.tables for row in t.rows for c in row.cells}
    for indicator in summary["indicators"]:
        assert indicator["name"] in cells
    assert any(r.element.xpath(".//w:drawing") for p in document.paragraphs for r in p.runs)


def test_briefing_page_is_official_style(tmp_path):
    path, plan_id = make_demo_db(tmp_path)
    out = tmp_path / "b.docx"
    assert main(["--db", str(path), "briefing", "--plan", str(plan_id), "--month", "2026-11",
                 "--today", TODAY.isoformat(), "--no-chart", "-o", str(out)]) == 0
    document = docx.Document(str(out))
    section = document.sections[0]
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    xml = section.footer._element.xml + section.even_page_footer._element.xml
    assert "PAGE" in xml and "— " in xml
    title = document.paragraphs[0].runs[0]
    assert title.font.size.pt == 22
    assert title._element.rPr.rFonts.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "方正小标宋简体"
    table_xml = document.tables[0]._element.xml
    assert "w:tblHeader" in table_xml and "w:cantSplit" in table_xml


def test_briefing_needs_a_docx_name(tmp_path, capsys):
    path, plan_id = make_demo_db(tmp_path)
    assert main(["--db", str(path), "briefing", "--plan", str(plan_id), "--month", "2026-11",
                 "-o", str(tmp_path / "b.pdf")]) == 2
    assert ".docx" in capsys.readouterr().err


@pytest.fixture
def small_plan(db):
    """甲局: one overdue item and one on time; 乙局: everything on time and reported;
    丙局: one item not reported.  The office 示例县专班办 has a contact."""
    plan = create_plan(db, "示例县测试工作方案", year=2026, start_date=dt.date(2026, 1, 1))
    office = create_unit(db, "示例县专班办", contact_person="王明", phone="0000-1234567")
    jia, yi, bing = create_unit(db, "甲局"), create_unit(db, "乙局"), create_unit(db, "丙局")
    set_work_group(db, plan.id, office_unit_id=office.id)
    cat = add_task(db, plan.id, title="示例类别")
    late = add_task(db, plan.id, parent_id=cat.id, content="修好示例桥",
                    deadline=dt.date(2026, 10, 31), lead_unit_ids=[jia.id])
    fine = add_task(db, plan.id, parent_id=cat.id, content="甲局按时的事",
                    deadline=dt.date(2026, 12, 31), lead_unit_ids=[jia.id])
    yi_task = add_task(db, plan.id, parent_id=cat.id, content="乙局按时的事",
                       deadline=dt.date(2026, 12, 31), lead_unit_ids=[yi.id])
    silent = add_task(db, plan.id, parent_id=cat.id, content="丙局的事",
                      deadline=dt.date(2026, 12, 31), lead_unit_ids=[bing.id])
    record_progress(db, late.id, "2026-11", status="序时推进", percent=70)
    record_progress(db, fine.id, "2026-11", status="序时推进", percent=90)
    record_progress(db, yi_task.id, "2026-11", status="序时推进", percent=95)
    record_progress(db, silent.id, "2026-10", status="序时推进", percent=60)
    return plan.id


def test_only_units_with_something_late_get_a_notice(db, small_plan, tmp_path):
    from exports.reminders import build_notices, write_notices

    notices = build_notices(db, small_plan, "2026-11", today=TODAY,
                            reply_by=dt.date(2026, 12, 5))
    assert [n.unit for n in notices] == ["甲局", "丙局"]
    assert build_notices(db, small_plan, "2026-11", units=["乙局"], today=TODAY) == []
    files = write_notices(notices, tmp_path)
    assert sorted(f.name for f in files) == sorted([
        "催办通知单_甲局_2026-11.docx", "催办通知单_甲局_2026-11.pdf",
        "催办通知单_丙局_2026-11.docx", "催办通知单_丙局_2026-11.pdf"])
    jia = docx.Document(str(tmp_path / "催办通知单_甲局_2026-11.docx"))
    rows = [[c.text for c in row.cells] for row in jia.tables[0].rows]
    assert rows[0] == ["序号", "工作事项", "完成时限", "情况", "最近进度"]
    assert len(rows) == 2 and "修好示例桥" in rows[1][1]
    assert rows[1][2] == "2026年10月31日前" and rows[1][3].startswith("逾期")
    assert rows[1][4].startswith("70%")
    text = "\n".join(p.text for p in jia.paragraphs)
    assert "甲局：" in text and "2026年12月5日前" in text
    assert "王明" in text and "0000-1234567" in text and "示例县专班办" in text
    bing = docx.Document(str(tmp_path / "催办通知单_丙局_2026-11.docx"))
    row = [c.text for c in bing.tables[0].rows[1].cells]
    assert "未报送" in row[3] and row[4] == "上次报送：2026年10月，60%"
    pdf_text = PdfReader(str(tmp_path / "催办通知单_丙局_2026-11.pdf")).pages[0].extract_text()
    assert "催办通知单" in pdf_text and "丙局" in pdf_text


def test_combined_notices_put_each_unit_on_its_own_numbered_pages(db, small_plan, tmp_path):
    from exports.reminders import build_notices, write_notices

    notices = build_notices(db, small_plan, "2026-11", today=TODAY)
    files = write_notices(notices, tmp_path, combined=True)
    pdf = PdfReader(str(next(f for f in files if f.suffix == ".pdf")))
    assert len(pdf.pages) == 2
    assert "甲局" in pdf.pages[0].extract_text() and "丙局" in pdf.pages[1].extract_text()
    assert [p.extract_text().strip().splitlines()[-1] for p in pdf.pages] == ["— 1 —"] * 2
    body = docx.Document(str(next(f for f in files if f.suffix == ".docx")))
    assert len(body.sections) == 2       # the second unit's section numbers its pages from 1
    assert body.sections[1]._sectPr.xpath("./w:pgNumType/@w:start") == ["1"]


def test_remind_cli_names_an_unknown_unit_and_writes_the_known(tmp_path, capsys, db,
                                                               small_plan):
    url = str(tmp_path / "ledger.db")
    assert main(["--db", url, "remind", "--plan", str(small_plan), "--month", "2026-11",
                 "--today", TODAY.isoformat(), "--unit", "不存在的局", "-o",
                 str(tmp_path)]) == 2
    assert "不存在的局" in capsys.readouterr().err
    assert main(["--db", url, "remind", "--plan", str(small_plan), "--month", "2026-11",
                 "--today", TODAY.isoformat(), "--unit", "乙局", "-o", str(tmp_path)]) == 0
    assert "没有需要催办" in capsys.readouterr().out
    assert main(["--db", url, "remind", "--plan", str(small_plan), "--month", "2026-11",
                 "--today", TODAY.isoformat(), "--unit", "甲局", "--format", "docx", "-o",
                 str(tmp_path)]) == 0
    assert (tmp_path / "催办通知单_甲局_2026-11.docx").exists()
    assert not (tmp_path / "催办通知单_甲局_2026-11.pdf").exists()
