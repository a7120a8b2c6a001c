"""``taizhang export`` from the command line."""
import datetime as dt

import openpyxl
import pytest
from pypdf import PdfReader

from desktop.cli import main


def make_db(tmp_path):
    from db.demo import create_demo
    from db.session import open_database

    path = tmp_path / "cli.db"
    database = open_database(path, user="测试员")
    plan_id = create_demo(database, items=20, months=2, today=dt.date(2026, 11, 20))
    database.dispose()
    return path, plan_id


def test_export_pdf_and_xlsx(tmp_path, capsys):
    path, plan_id = make_db(tmp_path)
    out = tmp_path / "progress.pdf"
    assert main(["--db", str(path), "export", "--plan", str(plan_id), "--report", "progress",
                 "--month", "2026-11", "--annex", "附件2", "--format", "pdf", "-o",
                 str(out)]) == 0
    assert "已导出" in capsys.readouterr().out
    text = PdfReader(str(out)).pages[0].extract_text()
    assert "附件2" in text and "月度工作推进情况表" in text
    xlsx_out = tmp_path / "units.xlsx"
    assert main(["--db", str(path), "export", "--plan", str(plan_id), "--report", "units",
                 "--month", "2026-11", "--unit", "科工信局", "-o", str(xlsx_out)]) == 0
    ws = openpyxl.load_workbook(xlsx_out).active
    units = [ws.cell(r, 2).value for r in range(1, ws.max_row + 1)]
    assert "县科工信局" in units and "示例高新区" not in units


def test_bad_input_is_told_in_chinese(tmp_path, capsys):
    path, plan_id = make_db(tmp_path)
    out = tmp_path / "x.pdf"
    cases = [
        (["--plan", "999", "--report", "tasks"], "工作方案不存在"),
        (["--plan", str(plan_id), "--report", "tasks", "--month", "2026-13"], "月份"),
        (["--plan", str(plan_id), "--report", "late", "--unit", "月球局"], "找不到单位"),
        (["--plan", str(plan_id), "--report", "late", "--columns", "seq,nope"], "没有这些列"),
    ]
    for args, message in cases:
        assert main(["--db", str(path), "export", *args, "-o", str(out)]) == 2
        assert message in capsys.readouterr().err
        assert not out.exists()
    assert main(["--db", str(path), "export", "--plan", str(plan_id), "--report", "tasks",
                 "-o", str(tmp_path / "x.doc")]) == 2
    assert "pdf 或 xlsx" in capsys.readouterr().err


def test_word_footer_fields_and_first_page(tmp_path, capsys):
    import docx

    path, plan_id = make_db(tmp_path)
    out = tmp_path / "progress.docx"
    assert main(["--db", str(path), "export", "--plan", str(plan_id), "--report", "progress",
                 "--month", "2026-11", "--field", "填报人=张三", "--field", "联系电话=0000-1234567",
                 "--field", "审核人=李四", "-o", str(out)]) == 0
    assert "Word" in capsys.readouterr().out
    cells = [c.text for t in docx.Document(str(out)).tables[1:] for r in t.rows for c in r.cells]
    assert {"填报人：张三", "联系电话：0000-1234567", "审核人/主要负责人：李四"} <= set(cells)
    pdf_out = tmp_path / "annex.pdf"
    assert main(["--db", str(path), "export", "--plan", str(plan_id), "--report", "units",
                 "--month", "2026-11", "--first-page", "7", "--field", "填报单位=示例县科工信局",
                 "-o", str(pdf_out)]) == 0
    reader = PdfReader(str(pdf_out))
    first = reader.pages[0].extract_text()
    assert "— 7 —" in first and "填报单位（盖章）：示例县科工信局" in first
    for bad, message in ((["--field", "签发人=王五"], "--field"),
                         (["--first-page", "0"], "起始页码")):
        assert main(["--db", str(path), "export", "--plan", str(plan_id), "--report", "units",
                     *bad, "-o", str(tmp_path / "bad.pdf")]) == 2
        assert message in capsys.readouterr().err


def test_old_column_name_late_is_still_accepted(tmp_path, capsys):
    """A clerk's script may still ask for ``--columns unit,late``: it is the 滞后 column."""
    path, plan_id = make_db(tmp_path)
    sheets = {}
    for name in ("lagging", "late"):
        out = tmp_path / f"{name}.xlsx"
        assert main(["--db", str(path), "export", "--plan", str(plan_id), "--report", "units",
                     "--month", "2026-11", "--columns", f"unit,{name}", "-o", str(out)]) == 0
        ws = openpyxl.load_workbook(out).active
        sheets[name] = [[c.value for c in row] for row in ws.iter_rows()]
    assert sheets["late"] == sheets["lagging"]
    assert any("滞后" in str(v) for row in sheets["lagging"] for v in row)


def test_old_kind_name_unreported_is_still_accepted(tmp_path, capsys):
    """``--report unreported`` (a clerk's old script) writes the 未报送事项清单, ``not_reported``."""
    path, plan_id = make_db(tmp_path)
    sheets = {}
    for name in ("not_reported", "unreported"):
        out = tmp_path / f"{name}.xlsx"
        assert main(["--db", str(path), "export", "--plan", str(plan_id), "--report", name,
                     "--month", "2026-11", "-o", str(out)]) == 0
        ws = openpyxl.load_workbook(out).active
        sheets[name] = [[c.value for c in row] for row in ws.iter_rows()]
    assert sheets["unreported"] == sheets["not_reported"]
    assert "未报送事项清单" in str(sheets["not_reported"][0])
    capsys.readouterr()
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    shown = "".join(capsys.readouterr().out.split())   # as argparse wraps it
    assert "not_reported=未报送事项清单" in shown
    assert "旧名仍可用：unreported（即not_reported）" in shown
