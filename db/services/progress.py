"""Monthly progress (月度进展): one entry per work item and month."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.dto import ProgressInfo, UnitRef
from db.errors import InvalidInput, NotFound
from db.models import Progress, Status, TaskNode, Unit, utcnow
from db.services import action
from db.services.plans import check_month

PROGRESS_FIELDS = {"status", "percent", "progress_text", "problems", "next_steps",
                   "reporting_unit_id"}


def progress_info(row: Progress, unit_names: dict[int, str]) -> ProgressInfo:
    unit = (UnitRef(row.reporting_unit_id, unit_names[row.reporting_unit_id])
            if row.reporting_unit_id is not None else None)
    return ProgressInfo(id=row.id, task_id=row.task_id, month=row.month, status=row.status,
                        percent=row.percent, progress_text=row.progress_text,
                        problems=row.problems, next_steps=row.next_steps, reporting_unit=unit,
                        entered_by=row.entered_by, entered_at=row.entered_at,
                        version=row.version)


def _unit_names(session: Session, rows) -> dict[int, str]:
    ids = {r.reporting_unit_id for r in rows if r.reporting_unit_id is not None}
    if not ids:
        return {}
    return dict(session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(ids))).all())


def check_percent(percent) -> int | None:
    if percent is None or percent == "":
        return None
    try:
        value = float(percent)
    except (TypeError, ValueError):
        raise InvalidInput(f"完成百分比“{percent}”不是数字。") from None
    if not 0 <= value <= 100 or value != int(value):
        raise InvalidInput(f"完成百分比应为 0 到 100 的整数，而不是“{percent}”。")
    return int(value)


def check_status(status: str) -> str:
    if status not in Status.values():
        raise InvalidInput(f"完成状态“{status}”无效，应为：{'、'.join(Status.values())}。")
    return status


def _check(session: Session, fields: dict) -> None:
    unknown = set(fields) - PROGRESS_FIELDS
    if unknown:
        raise ValueError(f"unknown progress fields: {unknown}")
    if "status" in fields:
        check_status(fields["status"])
    if "percent" in fields:
        fields["percent"] = check_percent(fields["percent"])
    for key in ("progress_text", "problems", "next_steps"):
        if key in fields and fields[key] is None:
            fields[key] = ""
    if fields.get("reporting_unit_id") is not None and session.get(
            Unit, fields["reporting_unit_id"]) is None:
        raise NotFound(f"单位不存在（编号 {fields['reporting_unit_id']}）。")


@action
def record_progress(session: Session, task_id: int, month: str, **fields) -> ProgressInfo:
    """Enter or change the progress of a work item for a month (only the given fields change)."""
    check_month(month)
    _check(session, fields)
    if session.get(TaskNode, task_id) is None:
        raise NotFound(f"工作事项不存在（编号 {task_id}）。")
    row = session.scalar(select(Progress).where(Progress.task_id == task_id,
                                                Progress.month == month))
    if row is None:
        row = Progress(task_id=task_id, month=month)
        session.add(row)
    for key, value in fields.items():
        setattr(row, key, value)
    row.entered_by = session.info.get("user", "") or row.entered_by
    row.entered_at = utcnow()
    session.flush()
    return progress_info(row, _unit_names(session, [row]))


@action
def delete_progress(session: Session, task_id: int, month: str) -> None:
    check_month(month)
    row = session.scalar(select(Progress).where(Progress.task_id == task_id,
                                                Progress.month == month))
    if row is not None:
        session.delete(row)
        session.flush()


@action
def progress_for_month(session: Session, plan_id: int, month: str) -> dict[int, ProgressInfo]:
    """{work item id: its entry} for every item of the plan that has one this month."""
    check_month(month)
    rows = session.scalars(
        select(Progress).join(TaskNode, TaskNode.id == Progress.task_id)
        .where(TaskNode.plan_id == plan_id, Progress.month == month)).all()
    names = _unit_names(session, rows)
    return {r.task_id: progress_info(r, names) for r in rows}


@action
def progress_history(session: Session, task_id: int) -> list[ProgressInfo]:
    """All months of a work item, newest first."""
    rows = session.scalars(select(Progress).where(Progress.task_id == task_id)
                           .order_by(Progress.month.desc())).all()
    names = _unit_names(session, rows)
    return [progress_info(r, names) for r in rows]


@action
def progress_for_plan(session: Session, plan_id: int) -> dict[int, list[ProgressInfo]]:
    """{work item id: entries oldest first} for the whole plan (dump, reports)."""
    rows = session.scalars(
        select(Progress).join(TaskNode, TaskNode.id == Progress.task_id)
        .where(TaskNode.plan_id == plan_id).order_by(Progress.task_id, Progress.month)).all()
    names = _unit_names(session, rows)
    out: dict[int, list[ProgressInfo]] = {}
    for r in rows:
        out.setdefault(r.task_id, []).append(progress_info(r, names))
    return out
