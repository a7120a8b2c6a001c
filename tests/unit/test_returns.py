"""Returns round trip: make one workbook per lead unit, fill as a unit would, load it back."""
import json
from pathlib import Path

import openpyxl
import pytest

from db.services.progress import progress_for_month, record_progress
from db.models import TaskNode
from db.services.tasks import load_tree
from desktop.cli import main as cli_main
from exports import returns
from exports.importers import ParseError

MONTH = "2026-12"


def fill(path: Path, values=("序时推进", 60, "已完成招标", "资金未到位", "开工建设"), rows=None):
    wb = openpyxl.load_workbook(path)
    ws = wb[returns.SHEET]
    filled = []
    for r in range(returns.HEADER_ROW + 1, ws.max_row + 1):
        if rows is not None and r not in rows:
            continue
        for c, value in zip(range(7, 12), values):
            ws.cell(r, c, value)
        filled.append(ws.cell(r, 12).value)
    wb.save(path)
    return filled


@pytest.fixture
def made(db, demo_plan, tmp_path):
    return returns.make_returns(db, demo_plan, MONTH, tmp_path / "回收表")


def test_one_workbook_per_lead_unit_with_locked_wording(db, demo_plan, made):
    tree = load_tree(db, demo_plan)
    leads = []
    for t in tree:
        if t.is_leaf:
            leads += [u.name for u in t.lead_units if u.name not in leads]
    assert [f.unit_name for f in made.files] == leads
    first = made.files[0]
    wb = openpyxl.load_workbook(first.path)
    ws = wb[returns.SHEET]
    assert ws.protection.sheet
    assert first.unit_name in ws["A2"].value and "2026年12月" in ws["A2"].value
    assert "填写说明" in ws["A3"].value
    assert [c.value for c in ws[returns.HEADER_ROW]] == list(returns.HEADERS)
    assert ws.column_dimensions["L"].hidden
    assert not ws["I5"].protection.locked and ws["C5"].protection.locked
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert "序时推进" in lists[0].formula1
    assert wb[returns.META_SHEET].sheet_state == "veryHidden"
    assert "TZ_PLAN_ID" in wb.defined_names
    items = [ws.cell(r, 12).value for r in range(returns.HEADER_ROW + 1, ws.max_row + 1)]
    assert len(items) == first.items
    mine = [t.id for t in tree if t.is_leaf and first.unit_id in [u.id for u in t.lead_units]]
    assert items == mine
    manifest = json.loads(made.manifest.read_text(encoding="utf-8"))
    assert manifest["month"] == MONTH and len(manifest["units"]) == len(made.files)


def test_round_trip_progress_appears_and_missing_units_are_listed(db, demo_plan, made):
    before = returns.units_not_returned(db, made.folder)
    assert before == [f.unit_name for f in made.files]
    first = made.files[0]
    ids = fill(first.path)
    check = returns.read_returns(db, [first.path])
    assert (check.plan_id, check.month) == (demo_plan, MONTH)
    assert not check.conflicts
    assert returns.write_returns(db, check) == len(ids)
    entries = progress_for_month(db, demo_plan, MONTH)
    for task_id in ids:
        entry = entries[task_id]
        assert (entry.status, entry.percent, entry.progress_text, entry.problems,
                entry.next_steps) == ("序时推进", 60, "已完成招标", "资金未到位", "开工建设")
        assert entry.reporting_unit.name == first.unit_name
    assert returns.units_not_returned(db, made.folder) == before[1:]


def test_conflicts_keep_or_replace_per_row(db, demo_plan, made):
    first = made.files[0]
    ids = fill(first.path)
    record_progress(db, ids[0], MONTH, status="进度滞后", progress_text="办公室已录入")
    record_progress(db, ids[1], MONTH, status="进度滞后", progress_text="办公室已录入")
    check = returns.read_returns(db, [first.path])
    assert sorted(c.task_id for c in check.conflicts) == sorted(ids[:2])
    conflict = next(c for c in check.conflicts if c.task_id == ids[0])
    assert conflict.existing["progress_text"] == "办公室已录入"
    assert conflict.returned.fields["progress_text"] == "已完成招标"
    returns.write_returns(db, check, replace={ids[1]})
    entries = progress_for_month(db, demo_plan, MONTH)
    assert entries[ids[0]].progress_text == "办公室已录入"   # kept
    assert entries[ids[1]].progress_text == "已完成招标"     # replaced
    assert entries[ids[2]].progress_text == "已完成招标"     # no conflict


def _tamper(path: Path, cell: str, value):
    wb = openpyxl.load_workbook(path)
    wb[returns.SHEET][cell] = value
    wb.save(path)


@pytest.mark.parametrize("cell, value, reason", [
    ("C6", "改过的工作事项", "工作事项的文字与工作方案不一致"),
    ("L6", 999999, "不属于这个工作方案"),
    ("L6", "abc", "事项编号缺失或被改动"),
    ("H6", 150, "0 到 100"),
    ("H6", "大半", "不是数字"),
    ("G6", "差不多", "完成状态“差不多”无效"),
])
def test_tampered_workbook_is_refused_with_the_row_named(db, demo_plan, made, cell, value,
                                                         reason):
    path = made.files[0].path
    fill(path)
    _tamper(path, cell, value)
    before = progress_for_month(db, demo_plan, MONTH)
    with pytest.raises(ParseError) as info:
        returns.read_returns(db, [path])
    assert reason in info.value.message
    assert info.value.place == f"{path.name}，工作表“{returns.SHEET}”，第 6 行"
    assert progress_for_month(db, demo_plan, MONTH) == before


def test_wrong_plan_or_month_and_changed_plan_are_refused(db, demo_plan, made, tmp_path):
    path = made.files[0].path
    fill(path)
    with pytest.raises(ParseError, match="不是 2026-11 的"):
        returns.read_returns(db, [path], month="2026-11")
    with pytest.raises(ParseError, match="另一个工作方案"):
        returns.read_returns(db, [path], plan_id=demo_plan + 1)
    # the office edits an item's wording after the workbooks went out
    task_id = openpyxl.load_workbook(path)[returns.SHEET]["L5"].value
    with db.transaction() as session:
        session.get(TaskNode, task_id).content += "（已调整）"
    with pytest.raises(ParseError, match="第 5 行"):
        returns.read_returns(db, [path])
    plain = tmp_path / "普通.xlsx"
    openpyxl.Workbook().save(plain)
    with pytest.raises(ParseError, match="不是本系统生成的回收表"):
        returns.read_returns(db, [plain])


def test_cli_make_load_missing(db, demo_plan, tmp_path, capsys):
    db_path = str(db.path)
    out = tmp_path / "cli"
    assert cli_main(["--db", db_path, "returns", "make", "--plan", str(demo_plan),
                     "--month", MONTH, "-o", str(out)]) == 0
    files = sorted(out.glob("*.xlsx"))
    fill(files[0])
    capsys.readouterr()
    assert cli_main(["--db", db_path, "returns", "load", str(files[0])]) == 0
    assert "已写入" in capsys.readouterr().out
    assert cli_main(["--db", db_path, "returns", "missing", str(out)]) == 0
    assert f"尚未交回：{len(files) - 1} 个单位" in capsys.readouterr().out
    _tamper(files[1], "C5", "乱改")
    fill(files[1])
    assert cli_main(["--db", db_path, "returns", "load", str(files[1])]) == 2
    assert "第 5 行" in capsys.readouterr().err
