"""taizhang requests list|grant|refuse: the office decides a unit's 延期申请 from the CLI."""
import datetime as dt

from db.services.deadline_requests import RequestDraft, record_requests, requests_of
from db.services.plans import create_plan
from db.services.tasks import add_task, get_task
from desktop.cli import main


def test_list_grant_and_refuse(db, capsys):
    plan = create_plan(db, "示例县道路提升工作方案", year=2026, start_date=dt.date(2026, 1, 1))
    cat = add_task(db, plan.id, title="道路建设")
    a = add_task(db, plan.id, parent_id=cat.id, content="完成乡道改造",
                 deadline=dt.date(2026, 6, 30), deadline_text="2026年6月底前")
    b = add_task(db, plan.id, parent_id=cat.id, content="完成桥梁加固",
                 deadline=dt.date(2026, 8, 31), deadline_text="2026年8月底前")
    with db.transaction() as session:
        first, second = record_requests(session, [
            RequestDraft(t.id, "2026-06", None, dt.date(2026, 10, 31), "2026年10月底前",
                         "汛期停工", "x.xlsx") for t in (a, b)])
    ledger = str(db.path)
    assert main(["--db", ledger, "requests", "list", "--plan", str(plan.id)]) == 0
    out = capsys.readouterr().out
    assert f"{first.id}\t事项 {a.id}\t2026-06" in out and "待审批的延期申请：2 条" in out

    assert main(["--db", ledger, "requests", "grant", "--id", str(first.id),
                 "--approved-by", "县专班办公室", "--to", "2026年9月底前"]) == 0
    assert "2026年6月底前 → 2026年9月底前" in capsys.readouterr().out
    assert get_task(db, a.id).deadline == dt.date(2026, 9, 30)

    assert main(["--db", ledger, "requests", "refuse", "--id", str(second.id),
                 "--reason", "请按原时限推进"]) == 0
    assert "完成时限不变" in capsys.readouterr().out
    assert requests_of(db, b.id)[0].word == "未批准"
    assert get_task(db, b.id).deadline == dt.date(2026, 8, 31)

    assert main(["--db", ledger, "requests", "refuse", "--id", str(second.id),
                 "--reason", "再次"]) != 0
    assert "已经处理过" in capsys.readouterr().err
