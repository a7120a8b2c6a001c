"""Returns round trip: make one workbook per lead unit, fill as a unit would, load it back."""
from pathlib import Path

import openpyxl
import pytest

from db.services.progress import progress_for_month, record_progress
from db.models import TaskNode
from db.services.tasks import load_tree
from desktop.cli import main as cli_main
from db.services.returns import returns_sent, units_not_returned
from exports import returns
from db.errors import InvalidInput

MONTH = "2026-12"


def fill(path: Path, values=("序时推进", 60, "已完成招标", "资金未到位", "开工建设"), rows=None):
    wb = openpyxl.load_workbook(path)
    ws = wb[returns.SHEET]
    filled = []
    for r in range(returns.HEADER_ROW + 1, ws.max_row + 1):
        if rows is not None and r not in rows:
            continue
        for c, value in zip(range(8, 13), values):
            ws.cell(r, c, value)
        filled.append(int(ws.cell(r, 13).value))
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
    assert ws.column_dimensions["M"].hidden
    assert not ws["J5"].protection.locked and ws["C5"].protection.locked
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert "序时推进" in lists[0].formula1
    assert wb[returns.META_SHEET].sheet_state == "veryHidden"
    assert "TZ_PLAN_ID" in wb.defined_names
    items = [int(ws.cell(r, 13).value)
             for r in range(returns.HEADER_ROW + 1, ws.max_row + 1)]
    assert len(items) == first.items
    mine = [t.id for t in tree if t.is_leaf and first.unit_id in [u.id for u in t.lead_units]]
    assert items == mine
    sent = returns_sent(db, demo_plan, MONTH)
    assert [(s.unit_name, s.file_name, s.items) for s in sent] == [
        (f.unit_name, f.path.name, f.items) for f in made.files]
    assert not list(made.folder.glob("*.json"))        # the ledger keeps the list, no manifest


def test_round_trip_progress_appears_and_missing_units_are_listed(db, demo_plan, made):
    before = units_not_returned(db, demo_plan, MONTH)
    assert before == [f.unit_name for f in made.files]
    first = made.files[0]
    ids = [int(i) for i in fill(first.path)]
    check = returns.read_returns(db, [first.path])
    assert (check.plan_id, check.month) == (demo_plan, MONTH)
    assert not check.conflicts
    assert returns.write_returns(db, check).written == len(ids)
    entries = progress_for_month(db, demo_plan, MONTH)
    for task_id in ids:
        entry = entries[task_id]
        assert (entry.status, entry.percent, entry.progress_text, entry.problems,
                entry.next_steps) == ("序时推进", 60, "已完成招标", "资金未到位", "开工建设")
        assert entry.reporting_unit.name == first.unit_name
    assert units_not_returned(db, demo_plan, MONTH) == before[1:]


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


def only_problem(check):
    assert len(check.problems) == 1, [str(p) for p in check.problems]
    return check.problems[0]


@pytest.mark.parametrize("cell, value, column, reason", [
    ("C6", "改过的工作事项", "工作事项", "工作事项的文字与工作方案不一致"),
    ("M6", 999999, "事项编号", "与本行的校验码不符"),
    ("M6", "abc", "事项编号", "事项编号缺失或被改动"),
    ("I6", 150, "完成百分比", "0 到 100"),
    ("I6", "大半", "完成百分比", "不是数字"),
    ("H6", "差不多", "完成状态", "完成状态“差不多”无效"),
    ("I6", "=50+10", "完成百分比", "是公式"),
    ("H6", '=IF(1,"已完成")', "完成状态", "是公式"),
    ("N6", "0123456789ab", "事项编号", "与本行的校验码不符"),
])
def test_tampered_workbook_is_refused_with_the_row_and_column_named(db, demo_plan, made, cell,
                                                                    value, column, reason):
    path = made.files[0].path
    fill(path)
    _tamper(path, cell, value)
    before = progress_for_month(db, demo_plan, MONTH)
    check = returns.read_returns(db, [path])
    problem = only_problem(check)
    assert reason in problem.reason
    assert (problem.file, problem.sheet, problem.row, problem.column) == (
        path.name, returns.SHEET, 6, column)
    assert problem.place == f"{path.name}，工作表“{returns.SHEET}”，第 6 行，“{column}”列"
    assert not check.rows and not check.accepted and check.refused == [path.name]
    with pytest.raises(InvalidInput):
        returns.write_returns(db, check)
    assert progress_for_month(db, demo_plan, MONTH) == before


def test_an_id_edited_to_another_units_item_is_refused_naming_the_row(db, demo_plan, made):
    """The hole the issue found: changing 事项编号 in one unit's workbook wrote another
    unit's items.  The row code is over the unit, so the row is refused."""
    mine, other = made.files[0], made.files[1]
    theirs = openpyxl.load_workbook(other.path)[returns.SHEET].cell(
        returns.HEADER_ROW + 1, returns.column_number("事项编号")).value
    assert other.unit_id not in (mine.unit_id,)
    fill(mine.path)
    _tamper(mine.path, "M7", theirs)
    check = returns.read_returns(db, [mine.path])
    problem = only_problem(check)
    assert problem.row == 7 and problem.column == "事项编号"
    assert mine.unit_name in problem.reason and "校验码不符" in problem.reason
    assert int(theirs) not in progress_for_month(db, demo_plan, MONTH)


def test_a_workbook_relabelled_for_another_unit_is_refused_naming_its_rows(db, demo_plan, made):
    mine, other = made.files[0], made.files[1]
    fill(mine.path)
    wb = openpyxl.load_workbook(mine.path)
    meta = wb[returns.META_SHEET]
    for r in range(1, 20):
        if meta.cell(r, 1).value == "unit_id":
            meta.cell(r, 2).value = str(other.unit_id)
        if meta.cell(r, 1).value == "unit_name":
            meta.cell(r, 2).value = other.unit_name
    wb.save(mine.path)
    check = returns.read_returns(db, [mine.path])
    rows = [p.row for p in check.problems]
    assert rows == list(range(returns.HEADER_ROW + 1, returns.HEADER_ROW + 1 + mine.items))
    assert all("校验码不符" in p.reason and other.unit_name in p.reason for p in check.problems)
    assert not check.accepted


def test_a_deleted_row_breaks_the_workbook_signature(db, demo_plan, made):
    path = made.files[0].path
    fill(path)
    wb = openpyxl.load_workbook(path)
    ws = wb[returns.SHEET]
    last = ws.max_row
    for c in range(1, len(returns.HEADERS) + 1):
        ws.cell(last, c).value = None
    wb.save(path)
    problem = only_problem(returns.read_returns(db, [path]))
    assert "签名不符" in problem.reason and problem.file == path.name


def test_a_batch_loads_the_good_files_and_lists_every_problem_of_the_bad_one(db, demo_plan,
                                                                            made):
    good, bad, empty = made.files[0], made.files[1], made.files[2]
    good_ids = fill(good.path)
    fill(bad.path)
    _tamper(bad.path, "I5", 150)
    _tamper(bad.path, "H6", "差不多")
    _tamper(bad.path, "C6", "乱改")
    before = progress_for_month(db, demo_plan, MONTH)
    check = returns.read_returns(db, [good.path, bad.path, empty.path])
    assert check.files == [good.path.name, empty.path.name]
    assert check.refused == [bad.path.name]
    assert [(p.row, p.column) for p in check.problems] == [
        (5, "完成百分比"), (6, "工作事项"), (6, "完成状态")]
    assert all(p.file == bad.path.name and p.sheet == returns.SHEET for p in check.problems)
    assert any("没有填写任何内容" in w for w in check.warnings)
    stored = returns.write_returns(db, check)
    assert stored.written == len(good_ids)
    after = progress_for_month(db, demo_plan, MONTH)
    assert all(after[t].progress_text == "已完成招标" for t in good_ids)
    bad_ids = [int(openpyxl.load_workbook(bad.path)[returns.SHEET].cell(r, 13).value)
               for r in range(5, 5 + bad.items)]
    assert all(after.get(t) == before.get(t) for t in bad_ids if t not in good_ids)
    # the empty workbook came back too; the bad one did not
    missing = units_not_returned(db, demo_plan, MONTH)
    assert good.unit_name not in missing and empty.unit_name not in missing
    assert bad.unit_name in missing


def test_not_returned_means_no_workbook_came_back(db, demo_plan, made):
    """Progress entered by another route does not count as the unit's workbook returned."""
    first = made.files[0]
    ids = [int(openpyxl.load_workbook(first.path)[returns.SHEET].cell(r, 13).value)
           for r in range(5, 5 + first.items)]
    for task_id in ids:
        record_progress(db, task_id, MONTH, status="序时推进",
                        reporting_unit_id=first.unit_id)
    assert first.unit_name in units_not_returned(db, demo_plan, MONTH)


def test_loading_says_what_it_changed_and_the_records_come_and_go(db, demo_plan, made):
    from db.services.returns import forget_received, restore_received

    first = made.files[0]
    ids = fill(first.path)
    stored = returns.write_returns(db, returns.read_returns(db, [first.path]))
    assert stored.label == f"载入回收表 {first.unit_name}"
    assert set(stored.task_ids) == set(ids) and stored.written == len(ids)
    assert [r.file_name for r in stored.received] == [first.path.name]
    forget_received(db, stored)                       # undo's part besides the entries
    assert first.unit_name in units_not_returned(db, demo_plan, MONTH)
    restore_received(db, stored)
    assert first.unit_name not in units_not_returned(db, demo_plan, MONTH)
    assert [s.received for s in returns_sent(db, demo_plan, MONTH)
            if s.unit_id == first.unit_id] == [(first.path.name,)]


HOSTILE = '=HYPERLINK("http://x","y")'


def test_a_formula_title_stays_text_in_every_workbook_and_loads_back(db, demo_plan, tmp_path):
    tree = load_tree(db, demo_plan)
    leaves = [t for t in tree if t.is_leaf and t.lead_units]
    with db.transaction() as session:   # a title in every unit's workbook and a task above
        units_seen = set()
        for t in leaves:
            if not {u.id for u in t.lead_units} <= units_seen:
                session.get(TaskNode, t.id).title = HOSTILE
                units_seen |= {u.id for u in t.lead_units}
        session.get(TaskNode, leaves[0].parent_id).content = "=1+1"
    made = returns.make_returns(db, demo_plan, MONTH, tmp_path / "回收表")
    for item in made.files:
        wb = openpyxl.load_workbook(item.path)
        ws = wb[returns.SHEET]
        cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
        assert all(c.data_type != "f" for c in cells), item.path.name
        assert any(str(c.value).startswith(HOSTILE) for c in cells), item.path.name
        assert all(c.data_type != "f" for c in wb[returns.META_SHEET]["B"])
        fill(item.path)
    check = returns.read_returns(db, [f.path for f in made.files])
    assert not check.problems and len(check.accepted) == len(made.files)


def test_a_formula_typed_into_a_text_column_is_read_as_its_text(db, demo_plan, made):
    path = made.files[0].path
    fill(path)
    _tamper(path, "J5", "=A1&\"已完成\"")
    check = returns.read_returns(db, [path])
    assert not check.problems
    row = next(r for r in check.rows if r.row == 5)
    assert row.fields["progress_text"] == '=A1&"已完成"'


def test_wrong_plan_or_month_and_changed_plan_are_refused(db, demo_plan, made, tmp_path):
    path = made.files[0].path
    fill(path)
    assert "不是 2026-11 的" in only_problem(
        returns.read_returns(db, [path], month="2026-11")).reason
    assert "另一个工作方案" in only_problem(
        returns.read_returns(db, [path], plan_id=demo_plan + 1)).reason
    # the office edits an item's wording after the workbooks went out
    task_id = int(openpyxl.load_workbook(path)[returns.SHEET]["M5"].value)
    with db.transaction() as session:
        session.get(TaskNode, task_id).content += "（已调整）"
    assert only_problem(returns.read_returns(db, [path])).row == 5
    plain = tmp_path / "普通.xlsx"
    openpyxl.Workbook().save(plain)
    broken = tmp_path / "坏的.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really")
    check = returns.read_returns(db, [plain, broken])
    assert check.refused == [plain.name, broken.name]
    assert "不是本系统生成的回收表" in check.problems[0].reason


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
    assert cli_main(["--db", db_path, "returns", "missing", "--plan", str(demo_plan),
                     "--month", MONTH]) == 0
    assert f"尚未交回：{len(files) - 1} 个单位" in capsys.readouterr().out
    _tamper(files[1], "C5", "乱改")
    fill(files[1])
    fill(files[2])
    assert cli_main(["--db", db_path, "returns", "load", str(files[1]), str(files[2])]) == 2
    out, err = capsys.readouterr()
    assert "第 5 行" in err and files[1].name in err and "“工作事项”列" in err
    assert "已写入" in out      # the good file of the batch was loaded
