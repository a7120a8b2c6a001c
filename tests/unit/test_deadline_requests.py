"""延期申请: a unit's request waits (the deadline stays) until the office grants it — one
approved deadline change — or refuses it with a reason; either decision undoes."""
import datetime as dt

import pytest

from db.errors import InvalidInput
from db.models import DeadlineRequest
from db.services.deadline_requests import (
    RequestDraft,
    forget_requests,
    grant_request,
    pending_requests,
    put_request,
    record_requests,
    refuse_request,
    requests_of,
    restore_requests,
)
from db.services.deadlines import deadline_history
from db.services.plans import create_plan
from db.services.tasks import add_task, get_task
from db.services.units import create_unit


@pytest.fixture
def item(db):
    plan = create_plan(db, "示例县道路提升工作方案", year=2026, start_date=dt.date(2026, 1, 1))
    cat = add_task(db, plan.id, title="道路建设")
    task = add_task(db, plan.id, parent_id=cat.id, content="完成乡道改造",
                    deadline=dt.date(2026, 6, 30), deadline_text="2026年6月底前")
    unit = create_unit(db, "示例县交通运输局")
    return plan.id, task.id, unit.id


def _draft(task_id, unit_id, **over):
    fields = dict(task_id=task_id, month="2026-06", unit_id=unit_id,
                  requested_deadline=dt.date(2026, 9, 30), requested_text="2026年9月底前",
                  reason="征地手续延后", file_name="2026-06_示例县交通运输局_回收表.xlsx")
    return RequestDraft(**{**fields, **over})


def _record(db, drafts):
    with db.transaction() as session:
        return record_requests(session, drafts)


def test_a_request_waits_and_the_deadline_stays(db, item):
    plan_id, task_id, unit_id = item
    (stored,) = _record(db, [_draft(task_id, unit_id)])
    assert stored.pending and stored.word == "待审批" and stored.unit_name == "示例县交通运输局"
    assert [r.id for r in pending_requests(db, plan_id)] == [stored.id]
    assert get_task(db, task_id).deadline == dt.date(2026, 6, 30)
    assert deadline_history(db, task_id) is None
    # the same file loaded again does not ask twice
    assert _record(db, [_draft(task_id, unit_id)]) == ()
    assert len(requests_of(db, task_id)) == 1


def test_granting_makes_one_approved_change_and_undo_takes_it_back(db, item):
    plan_id, task_id, unit_id = item
    (stored,) = _record(db, [_draft(task_id, unit_id)])
    before, after, change = grant_request(db, stored.id, approved_by="县专班办公室",
                                          approved_on=dt.date(2026, 7, 2))
    assert after.word == "已批准" and after.change_id == change.id
    assert (change.new_deadline, change.reason) == (dt.date(2026, 9, 30), "征地手续延后")
    task = get_task(db, task_id)
    assert (task.deadline, task.deadline_text) == (dt.date(2026, 9, 30), "2026年9月底前")
    assert deadline_history(db, task_id).note() == "原定2026年6月底前，经批准调整至9月底前"
    assert pending_requests(db, plan_id) == []
    with pytest.raises(InvalidInput, match="已经处理过"):
        grant_request(db, stored.id, approved_by="县专班办公室")

    put_request(db, before)                      # undo
    assert requests_of(db, task_id)[0].pending
    assert get_task(db, task_id).deadline == dt.date(2026, 6, 30)
    assert deadline_history(db, task_id) is None
    again = put_request(db, after, change)       # redo: the same change, same id
    assert again == after
    assert deadline_history(db, task_id).changes[0].id == change.id


def test_the_office_may_settle_on_another_date(db, item):
    _plan_id, task_id, unit_id = item
    (stored,) = _record(db, [_draft(task_id, unit_id)])
    _before, _after, change = grant_request(db, stored.id, approved_by="分管副县长",
                                            deadline=dt.date(2026, 8, 31),
                                            deadline_text="2026年8月底前")
    assert get_task(db, task_id).deadline_text == "2026年8月底前"
    assert change.approved_by == "分管副县长"


def test_refusing_needs_a_reason_keeps_the_deadline_and_undoes(db, item):
    plan_id, task_id, unit_id = item
    (stored,) = _record(db, [_draft(task_id, unit_id)])
    with pytest.raises(InvalidInput, match="原因"):
        refuse_request(db, stored.id, reason=" ")
    before, after = refuse_request(db, stored.id, reason="理由不充分，请按原时限推进",
                                   by="王科长", on=dt.date(2026, 7, 3))
    assert (after.word, after.decided_by, after.decision_note) == (
        "未批准", "王科长", "理由不充分，请按原时限推进")
    assert get_task(db, task_id).deadline == dt.date(2026, 6, 30)
    assert pending_requests(db, plan_id) == []
    put_request(db, before)
    assert [r.id for r in pending_requests(db, plan_id)] == [stored.id]
    put_request(db, after)
    assert requests_of(db, task_id)[0].word == "未批准"


def test_a_load_undone_takes_its_requests_away_and_redo_brings_them_back(db, item):
    plan_id, task_id, unit_id = item
    stored = _record(db, [_draft(task_id, unit_id)])
    with db.transaction() as session:
        forget_requests(session, stored)
    assert pending_requests(db, plan_id) == []
    with db.transaction() as session:
        restore_requests(session, stored)
    assert pending_requests(db, plan_id) == list(stored)
    with db.transaction() as session:
        assert session.get(DeadlineRequest, stored[0].id).file_name.endswith("回收表.xlsx")


def test_the_dump_lists_requests_and_their_decisions(db, item):
    from db.dump import dump_plan

    plan_id, task_id, unit_id = item
    (stored,) = _record(db, [_draft(task_id, unit_id)])
    refuse_request(db, stored.id, reason="请按原时限推进", by="王科长", on=dt.date(2026, 7, 3))
    (task,) = dump_plan(db, plan_id)["tasks"][0]["children"]
    assert task["deadline_requests"] == [{
        "month": "2026-06", "unit": "示例县交通运输局", "requested_deadline": "2026-09-30",
        "requested_text": "2026年9月底前", "reason": "征地手续延后", "state": "refused",
        "decided_by": "王科长", "decided_on": "2026-07-03", "decision_note": "请按原时限推进"}]
