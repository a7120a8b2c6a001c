"""责任领导 in the returns workbooks: shown read-only, ignored when loaded, and a workbook made
before the column existed still loads (the loader finds columns by header)."""
import openpyxl

from db.services.progress import progress_for_month
from db.services.tasks import load_tree, update_task
from exports import returns

MONTH = "2026-12"
LEADERS = ["赵示例（副县长）", "钱某某"]


def _with_leaders(db, plan_id, tmp_path):
    tree = load_tree(db, plan_id)
    first = next(t for t in tree if t.is_leaf and t.lead_units)
    update_task(db, first.id, responsible_leaders=LEADERS)
    made = returns.make_returns(db, plan_id, MONTH, tmp_path / "回收表")
    item = next(f for f in made.files if f.unit_id == first.lead_units[0].id)
    return first.id, item.path


def _row_of(ws, task_id):
    c = returns.column_number("事项编号")
    return next(r for r in range(returns.HEADER_ROW + 1, ws.max_row + 1)
                if str(ws.cell(r, c).value) == str(task_id))


def _fill(ws):
    for r in range(returns.HEADER_ROW + 1, ws.max_row + 1):
        ws.cell(r, returns.column_number("完成状态"), "序时推进")
        ws.cell(r, returns.column_number("完成百分比"), 40)
        ws.cell(r, returns.column_number("进展情况"), "示例县已开展前期工作")


def test_the_leaders_column_sits_after_the_units_locked_and_joined(db, demo_plan, tmp_path):
    task_id, path = _with_leaders(db, demo_plan, tmp_path)
    ws = openpyxl.load_workbook(path)[returns.SHEET]
    c = returns.column_number("责任领导")
    assert c == returns.column_number("责任单位") + 1
    assert ws.cell(returns.HEADER_ROW, c).value == "责任领导"
    cell = ws.cell(_row_of(ws, task_id), c)
    assert cell.value == "赵示例（副县长）、钱某某" and cell.data_type == "s"
    assert cell.protection.locked and ws.protection.sheet
    assert not ws.column_dimensions[cell.column_letter].hidden


def test_an_edited_leaders_cell_is_ignored_and_the_rest_round_trips(db, demo_plan, tmp_path):
    task_id, path = _with_leaders(db, demo_plan, tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb[returns.SHEET]
    _fill(ws)
    ws.cell(_row_of(ws, task_id), returns.column_number("责任领导"), "孙某某")
    wb.save(path)
    check = returns.read_returns(db, [path])
    assert not check.problems, [str(p) for p in check.problems]
    returns.write_returns(db, check)
    entry = progress_for_month(db, demo_plan, MONTH)[task_id]
    assert (entry.status, entry.percent, entry.progress_text) == ("序时推进", 40,
                                                                 "示例县已开展前期工作")
    node = next(t for t in load_tree(db, demo_plan) if t.id == task_id)
    assert node.responsible_leaders == tuple(LEADERS)


def test_a_workbook_without_the_leaders_column_still_loads(db, demo_plan, tmp_path):
    task_id, path = _with_leaders(db, demo_plan, tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb[returns.SHEET]
    ws.protection.sheet = False
    _fill(ws)
    ws.delete_cols(returns.column_number("责任领导"))   # the layout before the column
    wb.save(path)
    check = returns.read_returns(db, [path])
    assert not check.problems, [str(p) for p in check.problems]
    returns.write_returns(db, check)
    assert progress_for_month(db, demo_plan, MONTH)[task_id].percent == 40


def test_a_moved_column_is_still_refused(db, demo_plan, tmp_path):
    _, path = _with_leaders(db, demo_plan, tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb[returns.SHEET]
    ws.delete_cols(returns.column_number("牵头单位"))
    wb.save(path)
    check = returns.read_returns(db, [path])
    assert any("表头被改动" in p.reason for p in check.problems)
