"""The units' scorecard against a plan worked out by hand (three items, three months)."""
import datetime as dt

import openpyxl
import pytest
from pypdf import PdfReader
from sqlalchemy import update

from db.models import Progress
from db.scorecard import Weights, parse_weights, unit_scores
from db.services.closeout import confirm_closeout
from db.services.plans import create_plan
from db.services.progress import record_progress
from db.services.tasks import add_task
from db.services.units import create_unit
from db.errors import InvalidInput
from desktop.cli import main

TODAY = dt.date(2026, 12, 20)


def entered(db, task_id, month, day):
    with db.transaction() as session:
        session.execute(update(Progress).where(Progress.task_id == task_id,
                                               Progress.month == month)
                        .values(entered_at=dt.datetime(day.year, day.month, day.day, 4)))


@pytest.fixture
def plan(db):
    """甲局 leads A1 (due 2026-12-31) and A2 (due 2026-10-31); 乙局 leads B1 (2026-12-31).

    A1: 9月 50% on 10-03, 10月 60% on 10-20, 11月 nothing.
    A2: 9月 80% on 10-08 (after 次月5日: late), 10月 已完成 on 11-02, 11月 owes nothing.
    B1: 9月 and 10月 nothing, 11月 70% on 12-01.
    """
    p = create_plan(db, "示例县考评测试方案", year=2026, start_date=dt.date(2026, 1, 1))
    jia, yi = create_unit(db, "甲局"), create_unit(db, "乙局")
    cat = add_task(db, p.id, title="类别")
    a1 = add_task(db, p.id, parent_id=cat.id, content="A1", deadline=dt.date(2026, 12, 31),
                  lead_unit_ids=[jia.id])
    a2 = add_task(db, p.id, parent_id=cat.id, content="A2", deadline=dt.date(2026, 10, 31),
                  lead_unit_ids=[jia.id])
    b1 = add_task(db, p.id, parent_id=cat.id, content="B1", deadline=dt.date(2026, 12, 31),
                  lead_unit_ids=[yi.id])
    for task, month, fields, day in (
            (a1, "2026-09", dict(status="序时推进", percent=50), dt.date(2026, 10, 3)),
            (a1, "2026-10", dict(status="序时推进", percent=60), dt.date(2026, 10, 20)),
            (a2, "2026-09", dict(status="序时推进", percent=80), dt.date(2026, 10, 8)),
            (a2, "2026-10", dict(status="已完成", percent=100), dt.date(2026, 11, 2)),
            (b1, "2026-11", dict(status="序时推进", percent=70), dt.date(2026, 12, 1))):
        record_progress(db, task.id, month, **fields)
        entered(db, task.id, month, day)
    confirm_closeout(db, a2.id, "2026-10", by="专班办公室")  # 已完成 counts once closed out
    return p.id


def test_rates_and_scores_match_the_hand_computation(db, plan):
    scores = {s.unit: s for s in unit_scores(db, plan, "2026-09", "2026-11", today=TODAY)}
    jia, yi = scores["甲局"], scores["乙局"]
    # 甲局: due A1×3 + A2×2 (done in October, owes nothing in November) = 5; on time 3
    assert (jia.items, jia.months_due, jia.months_on_time, jia.months_reported) == (2, 5, 3, 4)
    assert jia.timely_rate == pytest.approx(0.6)
    assert (jia.done, jia.lagging, jia.overdue) == (1, 1, 0)   # A1 60% against 91.5% 序时进度
    assert jia.done_rate == 0.5 and jia.not_late_rate == 0.5
    assert jia.score() == 54.0                                # 40×0.6 + 40×0.5 + 20×0.5
    assert (yi.items, yi.months_due, yi.months_on_time) == (1, 3, 1)
    assert yi.score() == 13.3                                 # 40×1/3 + 0 + 0
    assert yi.score(Weights(100, 0, 0)) == 33.3
    assert jia.score(Weights(1, 1, 0)) == 55.0                # weights need not add to 100


def test_scorecard_report_in_pdf_and_excel(tmp_path, db, plan, capsys):
    url = str(tmp_path / "ledger.db")
    xlsx = tmp_path / "考评.xlsx"
    assert main(["--db", url, "export", "--plan", str(plan), "--report", "scorecard",
                 "--from", "2026-09", "--to", "2026-11", "--weights", "50,30,20",
                 "-o", str(xlsx)]) == 0
    ws = openpyxl.load_workbook(xlsx).active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    flat = [v for row in values for v in row if v is not None]
    assert "得分＝报送及时率×50＋完成率×30＋未滞后率×20；未滞后率＝1－（滞后＋逾期）÷牵头事项" \
        in next(v for v in flat if isinstance(v, str) and v.startswith("得分＝"))
    jia_row = next(row for row in values if "甲局" in row)
    assert jia_row[0] in (1, "1")                             # 甲局 ranks first
    assert 0.6 in jia_row and 0.5 in jia_row
    assert 55.0 in jia_row                                    # 50×0.6 + 30×0.5 + 20×0.5
    pdf = tmp_path / "考评.pdf"
    assert main(["--db", url, "export", "--plan", str(plan), "--report", "scorecard",
                 "--from", "2026-09", "--to", "2026-11", "-o", str(pdf)]) == 0
    text = PdfReader(str(pdf)).pages[0].extract_text()
    assert "牵头单位工作考评表" in text and "2026年9月至2026年11月" in text and "54" in text


def test_scorecard_in_word(tmp_path, db, plan):
    import docx

    out = tmp_path / "考评.docx"
    assert main(["--db", str(tmp_path / "ledger.db"), "export", "--plan", str(plan),
                 "--report", "scorecard", "--from", "2026-09", "--to", "2026-11",
                 "-o", str(out)]) == 0
    document = docx.Document(str(out))
    # (Word's cells may hold a word joiner that keeps 60.0% on one line)
    rows = [[c.text.replace("\u2060", "") for c in row.cells] for row in document.tables[0].rows]
    jia = next(r for r in rows if "甲局" in r)
    assert jia[0] == "1" and "60.0%" in jia and "54" in jia
    assert any(r[0].startswith("得分＝报送及时率×40") for r in rows)


def test_equal_scores_share_a_rank(db, plan):
    from exports.report import ReportOptions, build_report

    table = build_report(db, plan, ReportOptions(kind="scorecard", first_month="2026-09",
                                                 month="2026-11", weights=(0, 0, 1),
                                                 today=TODAY))
    ranks = {row.cells[1].text: row.cells[0].text for row in table.rows[:-1]}
    assert ranks == {"甲局": "1", "乙局": "2"}          # not-late rates 0.5 and 0
    table = build_report(db, plan, ReportOptions(kind="scorecard", first_month="2026-09",
                                                 month="2026-09", weights=(0, 1, 0),
                                                 today=TODAY))
    # 完成率 only, in September: nothing done yet anywhere, both 0 and both first
    assert [row.cells[0].text for row in table.rows[:-1]] == ["1", "1"]


def test_bad_weights_and_ranges_are_told(tmp_path, db, plan, capsys):
    with pytest.raises(InvalidInput):
        parse_weights("40,40")
    with pytest.raises(InvalidInput):
        parse_weights("-1,0,0")
    url = str(tmp_path / "ledger.db")
    assert main(["--db", url, "export", "--plan", str(plan), "--report", "scorecard",
                 "--from", "2026-12", "--to", "2026-11", "-o", str(tmp_path / "x.pdf")]) == 2
    assert "晚于" in capsys.readouterr().err
