"""销号: a unit's 已完成 is 完成待销号 until the office confirms it; counts tell the two apart."""
import datetime as dt

import pytest

from db.dump import dump_plan
from db.errors import InvalidInput
from db.schedule import Colour, month_standings
from db.services.closeout import (
    awaiting_closeout,
    closeout_of,
    confirm_closeout,
    restore_closeout,
    return_closeout,
)
from db.services.plans import create_plan
from db.services.progress import record_progress
from db.services.tasks import add_task, set_task_units
from db.services.units import create_unit
from db.summary import owes_report, plan_summary

TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def plan(db):
    plan = create_plan(db, "示例县人居环境整治工作方案", year=2026, start_date=dt.date(2026, 1, 1))
    unit = create_unit(db, "示例县住建局")
    cat = add_task(db, plan.id, title="环境整治")
    ids = []
    for n in range(3):
        task = add_task(db, plan.id, parent_id=cat.id, content=f"整治事项{n + 1}",
                        deadline=dt.date(2026, 10, 31))
        set_task_units(db, task.id, "lead", [unit.id])
        ids.append(task.id)
    return plan.id, ids


def test_a_units_done_stays_awaiting_until_confirmed(db, plan):
    plan_id, (first, second, third) = plan
    record_progress(db, first, "2026-11", status="已完成", percent=100)
    record_progress(db, second, "2026-11", status="已完成", percent=100)
    record_progress(db, third, "2026-11", status="序时推进", percent=80)

    standing = month_standings(db, plan_id, "2026-11", today=TODAY)[first]
    assert standing.awaiting_closeout and not standing.done
    assert not standing.overdue and standing.colour == Colour.YELLOW
    summary = plan_summary(db, plan_id, "2026-11", today=TODAY)
    assert summary.awaiting_closeout == [first, second] and summary.closed_out == []
    assert summary.by_unit[0].awaiting_closeout == 2 and summary.by_unit[0].done == 0
    assert [c.task_id for c in awaiting_closeout(db, plan_id)] == [first, second]

    info = confirm_closeout(db, first, "2026-11", by="王科长", on=dt.date(2026, 11, 25),
                            note="现场核查属实")
    assert (info.word, info.by, info.on) == ("已销号", "王科长", dt.date(2026, 11, 25))
    summary = plan_summary(db, plan_id, "2026-11", today=TODAY)
    assert summary.awaiting_closeout == [second] and summary.closed_out == [first]
    assert summary.standing(first).done and summary.standing(first).colour == Colour.GREEN
    counts = summary.by_unit[0]
    assert (counts.done, counts.awaiting_closeout) == (1, 1)
    assert counts.items == (counts.done + counts.awaiting_closeout + counts.on_time
                            + counts.lagging + counts.overdue)
    assert summary.to_dict()["awaiting_closeout"] == [second]

    # a later month's 已完成 of an item already closed out needs no second 销号
    record_progress(db, first, "2026-12", status="已完成", percent=100)
    assert closeout_of(db, first, "2026-12").word == "已销号"
    # while an item still waiting stays waiting in the next month without a new report
    december = month_standings(db, plan_id, "2026-12", today=dt.date(2026, 12, 20))
    assert december[second].awaiting_closeout and not december[second].done
    later = plan_summary(db, plan_id, "2026-12", today=dt.date(2026, 12, 20))
    owing = later.by_lead_unit([t.id for t in later.sheet.items
                                if owes_report(later.standing(t.id))])
    assert owing == {"示例县住建局": [third]}  # the unit that reported 已完成 owes nothing


def test_sent_back_is_not_done_and_a_new_report_waits_again(db, plan):
    plan_id, (first, *_rest) = plan
    record_progress(db, first, "2026-11", status="已完成", percent=100)
    with pytest.raises(InvalidInput, match="退回原因"):
        return_closeout(db, first, "2026-11", reason=" ")
    info = return_closeout(db, first, "2026-11", reason="缺少验收报告", by="李主任")
    assert info.word == "已退回" and info.note == "缺少验收报告"
    standing = month_standings(db, plan_id, "2026-11", today=TODAY)[first]
    assert standing.sent_back and not standing.done and standing.overdue  # due 31 Oct
    with pytest.raises(InvalidInput, match="不是“完成待销号”"):
        confirm_closeout(db, first, "2026-11")
    record_progress(db, first, "2026-11", progress_text="补充了说明")  # text only: still back
    assert closeout_of(db, first, "2026-11").word == "已退回"
    record_progress(db, first, "2026-11", status="已完成", percent=100)  # reported again
    assert closeout_of(db, first, "2026-11").word == "完成待销号"
    record_progress(db, first, "2026-11", status="序时推进", percent=90)  # no longer claimed
    assert closeout_of(db, first, "2026-11").state == ""


def test_restore_puts_the_decision_back(db, plan):
    plan_id, (first, *_rest) = plan
    record_progress(db, first, "2026-11", status="已完成", percent=100)
    before = closeout_of(db, first, "2026-11")
    after = confirm_closeout(db, first, "2026-11", by="王科长")
    restore_closeout(db, before)
    assert closeout_of(db, first, "2026-11") == before
    restore_closeout(db, after)
    assert closeout_of(db, first, "2026-11") == after
    entry = dump_plan(db, plan_id)["tasks"][0]["children"][0]["progress"][0]
    assert entry["closeout"] == "closed" and entry["closeout_by"] == "王科长"


def test_closing_an_item_without_a_done_report_is_refused(db, plan):
    _plan_id, (first, second, _third) = plan
    with pytest.raises(InvalidInput, match="没有月度进展"):
        confirm_closeout(db, first, "2026-11")
    record_progress(db, second, "2026-11", status="序时推进", percent=50)
    with pytest.raises(InvalidInput, match="未报已完成"):
        confirm_closeout(db, second, "2026-11")
