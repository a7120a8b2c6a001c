"""延期申请 in the returns workbooks: a unit writes the date it asks for and why; loading stores
the request pending (the deadline stays), the load's undo takes it away; a request that cannot
be read is refused naming the row and column; a workbook made before the columns still loads."""
import datetime as dt

import openpyxl
import pytest

from db.services.deadline_requests import pending_requests
from db.services.progress import progress_for_month
from db.services.returns import forget_received, restore_received
from db.services.tasks import get_task, load_tree, update_task
from exports import returns

MONTH = "2026-12"


@pytest.fixture
def workbook(db, demo_plan, tmp_path):
    """(the first item of the first workbook, with a known deadline; the workbook's path)."""
    tree = load_tree(db, demo_plan)
    first = next(t for t in tree if t.is_leaf and t.lead_units)
    update_task(db, first.id, deadline=dt.date(2026, 12, 31), deadline_text="2026年底前")
    made = returns.make_returns(db, demo_plan, MONTH, tmp_path / "回收表")
    book = next(f for f in made.files if f.unit_id == first.lead_units[0].id)
    return first.id, book.path


def _row_of(ws, task_id):
    c = returns.column_number("事项编号")
    return next(r for r in range(returns.HEADER_ROW + 1, ws.max_row + 1)
                if str(ws.cell(r, c).value) == str(task_id))


def _ask(path, task_id, when, why, *, progress=True):
    wb = openpyxl.load_workbook(path)
    ws = wb[returns.SHEET]
    r = _row_of(ws, task_id)
    if progress:
        ws.cell(r, returns.column_number("完成状态"), "进度滞后")
        ws.cell(r, returns.column_number("完成百分比"), 50)
    ws.cell(r, returns.column_number(returns.REQUEST_DEADLINE), when)
    ws.cell(r, returns.column_number(returns.REQUEST_REASON), why)
    wb.save(path)
    return r


def test_the_request_columns_are_for_the_unit_to_fill(workbook):
    task_id, path = workbook
    ws = openpyxl.load_workbook(path)[returns.SHEET]
    r = _row_of(ws, task_id)
    for header in (returns.REQUEST_DEADLINE, returns.REQUEST_REASON):
        c = returns.column_number(header)
        assert ws.cell(returns.HEADER_ROW, c).value == header
        assert not ws.cell(r, c).protection.locked
        assert not ws.column_dimensions[ws.cell(r, c).column_letter].hidden
    assert returns.REQUEST_DEADLINE in ws["A3"].value


def test_a_request_is_stored_pending_with_the_progress_and_undone_with_the_load(
        db, demo_plan, workbook):
    task_id, path = workbook
    _ask(path, task_id, "2027年3月底前", "冬季停工，施工期顺延")
    check = returns.read_returns(db, [path])
    assert not check.problems, [str(p) for p in check.problems]
    (draft,) = check.requests
    assert (draft.task_id, draft.requested_deadline, draft.reason) == (
        task_id, dt.date(2027, 3, 31), "冬季停工，施工期顺延")
    stored = returns.write_returns(db, check)
    (request,) = pending_requests(db, demo_plan)
    assert stored.requests == (request,)
    assert (request.text, request.file_name, request.month) == ("2027年3月底前", path.name, MONTH)
    assert request.unit_name
    assert get_task(db, task_id).deadline == dt.date(2026, 12, 31)   # waits for the office
    assert progress_for_month(db, demo_plan, MONTH)[task_id].percent == 50

    forget_received(db, stored)                      # the load's undo
    assert pending_requests(db, demo_plan) == []
    restore_received(db, stored)                     # and its redo
    assert pending_requests(db, demo_plan) == [request]


def test_a_row_with_only_a_request_writes_no_progress(db, demo_plan, workbook):
    task_id, path = workbook
    _ask(path, task_id, "2027年6月底前", "资金下达推迟", progress=False)
    check = returns.read_returns(db, [path])
    assert not check.problems, [str(p) for p in check.problems]
    stored = returns.write_returns(db, check)
    assert task_id not in stored.task_ids
    assert task_id not in progress_for_month(db, demo_plan, MONTH)
    assert [r.task_id for r in pending_requests(db, demo_plan)] == [task_id]


@pytest.mark.parametrize("when, why, column, words", [
    ("", "资金下达推迟", returns.REQUEST_DEADLINE, "没有写申请调整到什么时候"),
    ("等上级通知", "资金下达推迟", returns.REQUEST_DEADLINE, "看不出日期"),
    ("2027年3月底前", "", returns.REQUEST_REASON, "写明原因"),
    ("2026年10月底前", "资金下达推迟", returns.REQUEST_DEADLINE, "不晚于当前完成时限"),
])
def test_a_request_that_cannot_stand_is_refused_naming_row_and_column(
        db, demo_plan, workbook, when, why, column, words):
    task_id, path = workbook
    r = _ask(path, task_id, when or None, why or None)
    check = returns.read_returns(db, [path])
    (problem,) = check.problems
    assert (problem.row, problem.column) == (r, column) and words in problem.reason
    assert path.name in str(problem)
    assert check.requests == [] and not check.accepted
    assert pending_requests(db, demo_plan) == []


def test_a_workbook_made_before_the_request_columns_still_loads(db, demo_plan, workbook):
    task_id, path = workbook
    wb = openpyxl.load_workbook(path)
    ws = wb[returns.SHEET]
    ws.protection.sheet = False
    r = _row_of(ws, task_id)
    ws.cell(r, returns.column_number("完成百分比"), 70)
    first = returns.column_number(returns.REQUEST_DEADLINE)
    ws.delete_cols(first, 2)                        # the layout before the two columns
    wb.save(path)
    check = returns.read_returns(db, [path])
    assert not check.problems, [str(p) for p in check.problems]
    returns.write_returns(db, check)
    assert progress_for_month(db, demo_plan, MONTH)[task_id].percent == 70
    assert pending_requests(db, demo_plan) == []
