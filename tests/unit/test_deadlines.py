"""延期: an approved deadline change moves 序时进度 and 逾期; the reports can still say 原定."""
import datetime as dt

import pytest

from db.dump import dump_plan
from db.errors import InvalidInput
from db.schedule import month_standings, task_standing
from db.services.deadlines import (
    adjust_deadline,
    deadline_history,
    deadline_words,
    plan_deadline_histories,
    reapply_deadline_change,
    withdraw_deadline_change,
)
from db.services.plans import create_plan
from db.services.progress import record_progress
from db.services.tasks import add_task, load_tree

TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def item(db):
    plan = create_plan(db, "示例县道路提升工作方案", year=2026, start_date=dt.date(2026, 1, 1))
    cat = add_task(db, plan.id, title="道路建设")
    task = add_task(db, plan.id, parent_id=cat.id, content="完成乡道改造",
                    deadline=dt.date(2026, 6, 30), deadline_text="2026年6月底前")
    return plan.id, task.id


def test_extension_moves_expected_percent_and_overdue_to_the_new_date(db, item):
    plan_id, task_id = item
    record_progress(db, task_id, "2026-07", status="进度滞后", percent=60)
    before = task_standing(db, task_id, "2026-07", today=TODAY)
    assert before.overdue and before.expected_percent == 100.0

    adjust_deadline(db, task_id, deadline=dt.date(2026, 9, 30), deadline_text="2026年9月底前",
                    reason="征地手续延后", approved_by="县专班办公室",
                    approved_on=dt.date(2026, 6, 20))

    after = month_standings(db, plan_id, "2026-07", today=TODAY)[task_id]
    assert not after.overdue
    # 1 Jan → 30 Sep is 272 days; 31 Jul is day 211
    assert after.expected_percent == round(100 * 211 / 272, 1)
    late = task_standing(db, task_id, "2026-10", today=TODAY)
    assert late.overdue  # past the adjusted date, not done
    node = next(t for t in load_tree(db, plan_id) if t.id == task_id)
    assert (node.deadline, node.deadline_text) == (dt.date(2026, 9, 30), "2026年9月底前")
    history = deadline_history(db, task_id)
    assert history.note() == "原定2026年6月底前，经批准调整至9月底前"
    assert history.original_deadline == dt.date(2026, 6, 30)


def test_history_keeps_every_change_and_the_first_original(db, item):
    plan_id, task_id = item
    adjust_deadline(db, task_id, deadline=dt.date(2026, 9, 30), reason="资金未到位",
                    approved_by="县政府分管领导")
    adjust_deadline(db, task_id, deadline=dt.date(2027, 3, 15), reason="冬季停工",
                    approved_by="县专班办公室")
    history = plan_deadline_histories(db, plan_id)[task_id]
    assert [c.new_text for c in history.changes] == ["2026年9月底前", "2027年3月15日前"]
    assert history.note() == "原定2026年6月底前，经批准调整至2027年3月15日前"
    nodes = dump_plan(db, plan_id)["tasks"][0]["children"]
    changes = nodes[0]["deadline_changes"]
    assert [(c["old_deadline"], c["new_deadline"], c["approved_by"]) for c in changes] == [
        ("2026-06-30", "2026-09-30", "县政府分管领导"),
        ("2026-09-30", "2027-03-15", "县专班办公室")]


def test_withdraw_and_reapply_restore_the_deadline_and_the_same_record(db, item):
    plan_id, task_id = item
    first = adjust_deadline(db, task_id, deadline=dt.date(2026, 9, 30), reason="原因甲",
                            approved_by="甲")
    second = adjust_deadline(db, task_id, deadline=dt.date(2026, 12, 31), reason="原因乙",
                             approved_by="乙")
    with pytest.raises(InvalidInput, match="最近一次"):
        withdraw_deadline_change(db, first.id)
    withdrawn = withdraw_deadline_change(db, second.id)
    assert deadline_history(db, task_id).current_deadline == dt.date(2026, 9, 30)
    reapply_deadline_change(db, withdrawn)
    history = deadline_history(db, task_id)
    assert [c.id for c in history.changes] == [first.id, second.id]
    withdraw_deadline_change(db, second.id)
    withdraw_deadline_change(db, first.id)
    assert deadline_history(db, task_id) is None
    node = next(t for t in load_tree(db, plan_id) if t.id == task_id)
    assert (node.deadline, node.deadline_text) == (dt.date(2026, 6, 30), "2026年6月底前")


@pytest.mark.parametrize("fields, message", [
    ({"deadline": None}, "调整后的完成日期"),
    ({"reason": " "}, "原因"),
    ({"approved_by": ""}, "批准人"),
    ({"deadline": dt.date(2026, 6, 30), "deadline_text": "2026年6月底前"}, "与当前相同"),
])
def test_a_change_without_date_reason_or_approval_is_refused(db, item, fields, message):
    _plan_id, task_id = item
    args = {"deadline": dt.date(2026, 9, 30), "reason": "原因", "approved_by": "县专班办公室",
            **fields}
    with pytest.raises(InvalidInput, match=message):
        adjust_deadline(db, task_id, **args)
    assert deadline_history(db, task_id) is None


def test_deadline_words():
    assert deadline_words(dt.date(2026, 9, 30)) == "2026年9月底前"
    assert deadline_words(dt.date(2026, 2, 28)) == "2026年2月底前"
    assert deadline_words(dt.date(2026, 9, 15)) == "2026年9月15日前"
    assert deadline_words(None) == ""


def test_reports_show_the_original_and_the_adjusted_deadline(db, item, tmp_path):
    from exports import pdf
    from exports.report import ReportOptions, build_report

    plan_id, task_id = item
    adjust_deadline(db, task_id, deadline=dt.date(2026, 9, 30), deadline_text="2026年9月底前",
                    reason="征地手续延后", approved_by="县专班办公室")
    record_progress(db, task_id, "2026-08", status="序时推进", percent=70)
    note = "原定2026年6月底前，经批准调整至9月底前"
    for kind in ("tasks", "progress"):
        table = build_report(db, plan_id, ReportOptions(kind=kind, month="2026-08", today=TODAY))
        keys = [c.key for c in table.columns]
        # the item's row (the progress table puts a heading row per category above it)
        row = next(r for r in table.rows if r.cells[keys.index("deadline")] is not None)
        assert row.cells[keys.index("deadline")].text == note
        if kind == "progress":
            status = row.cells[keys.index("status")]
            assert "逾期" not in status.text  # judged against 30 September
    out = tmp_path / "推进情况表.pdf"
    pdf.render(build_report(db, plan_id, ReportOptions(kind="progress", month="2026-08",
                                                       today=TODAY)), out)
    import subprocess

    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert note in text.replace("\n", "")
