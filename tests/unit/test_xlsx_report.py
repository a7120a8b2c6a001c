"""The workbook read back with openpyxl: merges, print setup, text stays text."""
import datetime as dt
import shutil
import subprocess

import openpyxl
import pytest

from db.services.plans import create_plan
from db.services.progress import record_progress
from db.services.tasks import add_task
from exports import xlsx
from exports.report import ReportOptions, build_report

TODAY = dt.date(2026, 11, 20)


def options(**kw):
    kw.setdefault("month", "2026-11")
    kw.setdefault("today", TODAY)
    return ReportOptions(**kw)


def test_progress_workbook_prints_like_the_pdf(db, demo_plan, tmp_path):
    # The layout with merged 工作任务 and 工作事项 cells (the default has category rows instead).
    table = build_report(db, demo_plan, options(
        kind="progress", annex_label="附件2",
        columns=("seq", "category", "task", "item", "lead_units", "deadline", "percent",
                 "progress_text", "problems", "next_steps", "status")))
    out = tmp_path / "progress.xlsx"
    xlsx.render(table, out)
    ws = openpyxl.load_workbook(out).active
    assert ws["A1"].value == "附件2"
    assert ws["A2"].value == table.title
    # Header rows 4–5 repeat on every printed page; the sheet scrolls below them.
    assert ws.print_title_rows == "$4:$5"
    assert ws.freeze_panes == "A6"
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9   # A4
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert "&P" in ws.oddFooter.right.text and "&P" in ws.evenFooter.left.text
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert "A2:K2" in merged                     # the title across the table
    assert "A4:A5" in merged                     # 序号 over both header rows
    assert "G4:K4" in merged                     # 推进情况 over its columns
    assert "C4:D5" in merged                     # 工作事项 over task and item
    categories = [r for r in ws.merged_cells.ranges if r.min_col == 2 and r.min_row >= 6]
    for row in range(6, 46):   # every work item sits beside its 工作任务 (category) cell
        assert ws.cell(row, 2).value or any(r.min_row <= row <= r.max_row for r in categories)
    assert len(categories) >= 6
    assert ws["E4"].value == "牵头单位" and ws["A6"].value == 1
    # Row heights are written (LibreOffice/WPS do not fit them) and grow with the text.
    heights = [ws.row_dimensions[r].height for r in range(6, 46)]
    assert all(h and h >= 15 for h in heights)
    assert ws.column_dimensions["D"].width > ws.column_dimensions["A"].width
    fonts = {ws.cell(6, c).font.name for c in range(1, 12)}
    assert fonts == {"仿宋_GB2312"}
    assert ws["A4"].font.name == "黑体"


def test_numbers_stay_numbers_and_percents_are_formatted(db, demo_plan, tmp_path):
    table = build_report(db, demo_plan, options(kind="units"))
    out = tmp_path / "units.xlsx"
    xlsx.render(table, out)
    ws = openpyxl.load_workbook(out).active
    header_row = next(r for r in range(1, 10) if ws.cell(r, 3).value == "事项数")
    items = ws.cell(header_row + 1, 3)
    rate_column = next(c for c in range(1, 20) if ws.cell(header_row, c).value == "完成率")
    rate = ws.cell(header_row + 1, rate_column)
    assert isinstance(items.value, int | float) and items.data_type == "n"
    assert 0 <= rate.value <= 1 and "%" in rate.number_format
    assert ws.page_setup.orientation == "portrait"


def test_formula_like_text_comes_back_as_text(db, tmp_path):
    plan = create_plan(db, "测试方案", year=2026).id
    category = add_task(db, plan, title="=1+1")
    task = add_task(db, plan, category.id, title="+86 电话")
    item = add_task(db, plan, task.id, content="-负数开头")
    record_progress(db, item.id, "2026-11", status="序时推进", percent=30,
                    progress_text="@SUM(A1:A3)", problems="=HYPERLINK(\"http://x\")")
    table = build_report(db, plan, options(kind="progress"))
    out = tmp_path / "formula.xlsx"
    xlsx.render(table, out)
    ws = openpyxl.load_workbook(out).active
    values = {}
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                values[cell.value] = cell
    for text in ("（一）=1+1", "1.+86 电话", "-负数开头", "@SUM(A1:A3)",
                 "=HYPERLINK(\"http://x\")"):
        matches = [v for v in values if text in v]
        assert matches, text
        assert values[matches[0]].data_type == "s"
    assert values["@SUM(A1:A3)"].quotePrefix


def test_tasks_workbook_without_annex_starts_with_the_title(db, demo_plan, tmp_path):
    table = build_report(db, demo_plan, options(kind="tasks", footer=("filled_by", "date"),
                                                footer_values={"filled_by": "张三"}))
    out = tmp_path / "tasks.xlsx"
    xlsx.render(table, out)
    ws = openpyxl.load_workbook(out).active
    assert ws["A1"].value == table.title
    assert ws.print_title_rows == "$2:$2"
    footer = [c.value for row in ws.iter_rows(min_row=43) for c in row if c.value]
    assert "填报人：张三" in footer and "填报日期：2026年11月20日" in footer
    assert ws.title == "重点工作任务清单"


@pytest.mark.parametrize("kind", ["late", "not_reported", "indicators"])
def test_every_list_reloads(db, demo_plan, tmp_path, kind):
    table = build_report(db, demo_plan, options(kind=kind))
    out = tmp_path / f"{kind}.xlsx"
    xlsx.render(table, out)
    ws = openpyxl.load_workbook(out).active
    assert ws["A1"].value == table.title
    assert ws.max_row >= len(table.rows) + 2
    assert "/" not in ws.title


def test_long_category_is_cut_at_page_breaks_and_named_again(db, tmp_path):
    from db.demo import create_demo

    plan_id = create_demo(db, items=150, months=1, today=TODAY)
    table = build_report(db, plan_id, options(kind="tasks"))
    out = tmp_path / "tasks.xlsx"
    xlsx.render(table, out)
    ws = openpyxl.load_workbook(out).active
    breaks = [b.id for b in ws.row_breaks.brk]
    assert len(breaks) >= 3
    merged_b = [r for r in ws.merged_cells.ranges if r.min_col == 2 and r.min_row > 2]
    for after in breaks:
        first_row = after + 1
        # No merged category cell crosses a page break …
        assert not any(r.min_row <= after < r.max_row for r in merged_b)
        # … and the page starts with the category's name.
        assert str(ws.cell(first_row, 2).value).startswith("（")


def test_no_page_ends_with_a_category_name(db, demo_plan, tmp_path):
    table = build_report(db, demo_plan, options(kind="progress"))
    out = tmp_path / "p.xlsx"
    xlsx.render(table, out)
    ws = openpyxl.load_workbook(out).active
    breaks = [b.id for b in ws.row_breaks.brk]
    assert breaks
    last_col = len(table.columns)
    for row in breaks:   # the last row of a page is not a row across the table
        merged = [r for r in ws.merged_cells.ranges if r.min_row == row == r.max_row]
        assert not any(r.min_col == 1 and r.max_col == last_col for r in merged), row


@pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")),
                    reason="LibreOffice is not installed")
@pytest.mark.parametrize("kind", ["progress", "tasks"])
def test_libreoffice_prints_our_pages_and_adds_none(db, demo_plan, tmp_path, kind):
    """Printed through LibreOffice (Carlito has Excel's Calibri metrics), the workbook has
    exactly the pages our breaks make: no page overflows into one the program adds."""
    from pypdf import PdfReader

    table = build_report(db, demo_plan, options(kind=kind))
    out = tmp_path / f"{kind}.xlsx"
    xlsx.render(table, out)
    office = shutil.which("soffice") or shutil.which("libreoffice")
    subprocess.run([office, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
                   check=True, capture_output=True, timeout=120)
    printed = PdfReader(str(tmp_path / f"{kind}.pdf"))
    breaks = openpyxl.load_workbook(out).active.row_breaks.brk
    assert len(printed.pages) == len(breaks) + 1
    # No number too wide for its column (Excel and LibreOffice print it as ###).
    assert not any("###" in page.extract_text() for page in printed.pages)


def test_text_past_the_highest_row_goes_on_in_the_next_rows(db, tmp_path):
    """Excel rows stop at 409 pt: a longer cell goes on in the next sheet rows of the same
    item (no rule between them) instead of being cut in print; nothing is lost."""
    plan = create_plan(db, "长文本方案", year=2026).id
    category = add_task(db, plan, title="类别")
    task = add_task(db, plan, category.id, title="任务")
    item = add_task(db, plan, task.id, content="事项")
    text = "".join(f"第{i}句进展情况较长。" for i in range(300))
    record_progress(db, item.id, "2026-11", status="序时推进", percent=50, progress_text=text)
    table = build_report(db, plan, options(kind="progress", footer=()))
    out = tmp_path / "long.xlsx"
    xlsx.render(table, out)
    ws = openpyxl.load_workbook(out).active
    column = next(i for i, c in enumerate(table.columns) if c.key == "progress_text") + 1
    first = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, column).value
                 and str(ws.cell(r, column).value).startswith("第0句"))
    rows = list(range(first, ws.max_row + 1))
    assert len(rows) > 2
    assert all(ws.row_dimensions[r].height <= 409 for r in rows)
    assert "".join(str(ws.cell(r, column).value or "") for r in rows).replace("\n", "") == text
    # The parts on one page read as one row: no rule between them.
    breaks = {b.id for b in ws.row_breaks.brk}
    joined = [r for r in rows[:-1] if r not in breaks]
    assert joined and all(getattr(ws.cell(r, column).border.bottom, "style", None) is None
                          for r in joined)
    assert ws.cell(rows[-1], column).border.bottom.style == "thin"
