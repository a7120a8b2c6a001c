"""The whole plan as plain JSON-ready data (the CLI's ``dump``; also handy in tests)."""
from __future__ import annotations

from sqlalchemy import select

from db.dto import TaskInfo
from db.models import Progress, TaskNode
from db.services import action
from db.services.plans import get_plan, get_work_group, list_indicators
from db.services.deadline_requests import requests_in_session
from db.services.deadlines import histories_in_session
from db.services.evidence import evidence_list_in_session
from db.services.progress import progress_for_plan
from db.services.tasks import load_tree_in_session


NO_CLOSEOUT = {"closeout": "", "closeout_on": None, "closeout_by": "", "closeout_note": ""}


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def closeouts_in_session(session, plan_id: int) -> dict[int, dict]:
    """{progress id: its 销号 fields} for the entries that have any."""
    rows = session.execute(
        select(Progress.id, Progress.closeout, Progress.closeout_on, Progress.closeout_by,
               Progress.closeout_note)
        .join(TaskNode, TaskNode.id == Progress.task_id)
        .where(TaskNode.plan_id == plan_id, Progress.closeout != ""))
    return {r.id: {"closeout": r.closeout, "closeout_on": _iso(r.closeout_on),
                   "closeout_by": r.closeout_by, "closeout_note": r.closeout_note}
            for r in rows}


@action
def dump_plan(session, plan_id: int) -> dict:
    plan = get_plan.in_session(session, plan_id)
    group = get_work_group.in_session(session, plan_id)
    indicators = list_indicators.in_session(session, plan_id)
    tree = load_tree_in_session(session, plan_id)
    progress = progress_for_plan.in_session(session, plan_id)
    closeouts = closeouts_in_session(session, plan_id)
    histories = histories_in_session(session, plan_id=plan_id)
    evidence = evidence_list_in_session(session, plan_id)
    requests = requests_in_session(session, plan_id)

    def node(info: TaskInfo, children: dict[int | None, list[TaskInfo]]) -> dict:
        return {
            "id": info.id,
            "number": info.number,
            "title": info.title,
            "content": info.content,
            "lead_units": [u.name for u in info.lead_units],
            "responsible_units": [u.name for u in info.responsible_units],
            "deadline": info.deadline.isoformat() if info.deadline else None,
            "deadline_text": info.deadline_text,
            "responsible_leaders": list(info.responsible_leaders),
            "progress": [
                {"month": p.month, "status": p.status, "percent": p.percent,
                 "progress": p.progress_text, "problems": p.problems,
                 "next_steps": p.next_steps, **closeouts.get(p.id, NO_CLOSEOUT)}
                for p in progress.get(info.id, [])
            ],
            "deadline_changes": [
                {"old_deadline": _iso(c.old_deadline), "old_deadline_text": c.old_deadline_text,
                 "new_deadline": _iso(c.new_deadline), "new_deadline_text": c.new_deadline_text,
                 "reason": c.reason, "approved_by": c.approved_by,
                 "approved_on": _iso(c.approved_on)}
                for c in (histories[info.id].changes if info.id in histories else ())
            ],
            "deadline_requests": [
                {"month": r.month, "unit": r.unit_name, "requested_deadline": _iso(
                    r.requested_deadline), "requested_text": r.requested_text,
                 "reason": r.reason, "state": r.state, "decided_by": r.decided_by,
                 "decided_on": _iso(r.decided_on), "decision_note": r.decision_note}
                for r in requests.get(info.id, [])
            ],
            "evidence": [
                {"month": e.month, "name": e.name, "media_type": e.media_type, "size": e.size,
                 "sha256": e.sha256}
                for e in evidence.get(info.id, [])
            ],
            "children": [node(c, children) for c in children.get(info.id, [])],
        }

    children: dict[int | None, list[TaskInfo]] = {}
    for info in tree:
        children.setdefault(info.parent_id, []).append(info)
    return {
        "id": plan.id,
        "title": plan.title,
        "region": plan.region,
        "year": plan.year,
        "work_group": {
            "name": group.name,
            "convener": group.convener,
            "deputy_conveners": list(group.deputy_conveners),
            "office": group.office_unit.name if group.office_unit else None,
            "member_units": [u.name for u in group.member_units],
        },
        "indicators": [
            {"name": i.name, "target": i.target, "measure": i.measure,
             "comparator": i.comparator, "target_text": i.target_text,
             "lead_unit": i.lead_unit.name if i.lead_unit else None,
             "actuals": dict(i.actuals)}
            for i in indicators
        ],
        "tasks": [node(t, children) for t in children.get(None, [])],
    }
