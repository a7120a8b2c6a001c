"""Monthly progress (月度进展): one entry per work item and month."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.dto import ProgressInfo, UnitRef
from db.errors import ConcurrentEdit, InvalidInput, NotFound
from db.models import Progress, Status, TaskNode, Unit, utcnow
from db.services import action, check_version
from db.services.closeout import settle_claim
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
                        version=row.version, closeout=row.closeout or "")


def unit_names_of(session: Session, rows) -> dict[int, str]:
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


def read_percent(text) -> tuple[int | None, str]:
    """A typed 完成% as it is stored, and a note when it was rounded: ``(value, note)``.

    Empty: no percent.  A number from 0 to 100 (a trailing % allowed); a decimal is rounded
    half up and the note says so, so the clerk sees what was stored.  Anything else is refused
    (``InvalidInput``) rather than guessed: 150 is not 15, 95.5 is not 95.
    """
    raw = str(text if text is not None else "").strip()
    cleaned = raw.rstrip("%％").strip().replace("．", ".")
    if not cleaned:
        return None, ""
    try:
        value = float(cleaned)
    except ValueError:
        raise InvalidInput(f"完成百分比“{raw}”不是数字，请填写 0 到 100 之间的数。") from None
    if not 0 <= value <= 100:
        raise InvalidInput(f"完成百分比应在 0 到 100 之间，“{raw}”超出了范围，未保存。")
    rounded = int(value + 0.5)
    if rounded != value:
        return rounded, f"完成百分比 {cleaned}% 已四舍五入记为 {rounded}%"
    return rounded, ""


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


def _entry(session: Session, task_id: int, month: str) -> Progress | None:
    return session.scalar(select(Progress).where(Progress.task_id == task_id,
                                                Progress.month == month).with_for_update())


def _check_entry_version(session: Session, task_id: int, month: str, row: Progress | None,
                         expected_version: int | None, attempted: dict) -> None:
    check_version(session, row, expected_version, what=f"{month[:4]}年{int(month[5:])}月的进展",
                  current=lambda: progress_info(row, unit_names_of(session, [row])),
                  attempted=attempted)


def _new_entry(session: Session, task_id: int, month: str,
               expected_version: int | None, fields: dict) -> tuple[Progress, bool]:
    """Insert the month's first entry, or, when another clerk's insert won the race, take it.

    Two first entries for one item and month never end in an IntegrityError: the loser's insert
    is undone (a savepoint) and it either writes onto the winner's entry (no expected version)
    or gets the conflict (it saw no entry: ``expected_version=0``).  Returns the entry and
    whether it is the new one (already holding ``fields``).
    """
    row = Progress(task_id=task_id, month=month, **fields, **_stamp(session))
    settle_claim(session, row, set(fields))
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
        return row, True
    except IntegrityError:
        winner = _entry(session, task_id, month)
        if winner is None:  # not the (task, month) key: a real integrity fault
            raise
        _check_entry_version(session, task_id, month, winner, expected_version, fields)
        return winner, False


def _stamp(session: Session, row: Progress | None = None) -> dict:
    return {"entered_by": session.info.get("user", "") or (row.entered_by if row else ""),
            "entered_at": utcnow()}


@action
def record_progress(session: Session, task_id: int, month: str, *,
                    expected_version: int | None = None, **fields) -> ProgressInfo:
    """Enter or change the progress of a work item for a month (only the given fields change).

    ``expected_version`` is the ``ProgressInfo.version`` the clerk's copy showed, or 0 when it
    showed no entry for the month; if the stored entry differs, ``ConcurrentEdit`` is raised and
    nothing is written.  None: no check (imports, returns, copying last month).
    """
    check_month(month)
    _check(session, fields)
    if session.get(TaskNode, task_id) is None:
        raise NotFound(f"工作事项不存在（编号 {task_id}）。")
    row = _entry(session, task_id, month)
    _check_entry_version(session, task_id, month, row, expected_version, fields)
    inserted = False
    if row is None:
        row, inserted = _new_entry(session, task_id, month, expected_version, fields)
    if not inserted:
        for key, value in {**fields, **_stamp(session, row)}.items():
            setattr(row, key, value)
        settle_claim(session, row, set(fields))
        session.flush()
    return progress_info(row, unit_names_of(session, [row]))


@action
def delete_progress(session: Session, task_id: int, month: str, *,
                    expected_version: int | None = None) -> None:
    check_month(month)
    row = _entry(session, task_id, month)
    _check_entry_version(session, task_id, month, row, expected_version, {})
    if row is not None:
        session.delete(row)
        session.flush()


PROGRESS_COLUMNS = (Progress.id, Progress.task_id, Progress.month, Progress.status,
                    Progress.percent, Progress.progress_text, Progress.problems,
                    Progress.next_steps, Progress.reporting_unit_id, Progress.entered_by,
                    Progress.entered_at, Progress.version, Progress.closeout)


@action
def progress_for_month(session: Session, plan_id: int, month: str) -> dict[int, ProgressInfo]:
    """{work item id: its entry} for every item of the plan that has one this month."""
    check_month(month)
    # Plain rows, not ORM objects: the month grid reads thousands of them on every switch.
    rows = session.execute(
        select(*PROGRESS_COLUMNS).join(TaskNode, TaskNode.id == Progress.task_id)
        .where(TaskNode.plan_id == plan_id, Progress.month == month)).all()
    names = unit_names_of(session, rows)
    return {r.task_id: progress_info(r, names) for r in rows}


@action
def progress_history(session: Session, task_id: int) -> list[ProgressInfo]:
    """All months of a work item, newest first."""
    rows = session.scalars(select(Progress).where(Progress.task_id == task_id)
                           .order_by(Progress.month.desc())).all()
    names = unit_names_of(session, rows)
    return [progress_info(r, names) for r in rows]


@action
def progress_for_plan(session: Session, plan_id: int) -> dict[int, list[ProgressInfo]]:
    """{work item id: entries oldest first} for the whole plan (dump, reports)."""
    rows = session.scalars(
        select(Progress).join(TaskNode, TaskNode.id == Progress.task_id)
        .where(TaskNode.plan_id == plan_id).order_by(Progress.task_id, Progress.month)).all()
    names = unit_names_of(session, rows)
    out: dict[int, list[ProgressInfo]] = {}
    for r in rows:
        out.setdefault(r.task_id, []).append(progress_info(r, names))
    return out


TEXT_FIELDS = ("progress_text", "problems", "next_steps")


def is_blank(entry: ProgressInfo | Progress | None) -> bool:
    """No entry, or an entry whose 进展情况 / 存在问题 / 下步计划 are all empty."""
    return entry is None or not any((getattr(entry, f) or "").strip() for f in TEXT_FIELDS)


def _has_values(fields: dict) -> bool:
    return any(v not in (None, "") for v in fields.values())


@action
def record_progress_rows(session: Session, month: str, rows: list[tuple[int, dict]],
                         labels: list[str] | None = None, *,
                         versions: dict[int, int] | None = None) -> int:
    """Write many entries of one month at once (a block pasted into the month grid).

    All or nothing: the first bad row stops the whole write, and its message names the row
    (``labels[i]``, or "第 i 行").  A row with only empty values for an item that has no entry
    yet creates nothing.  Returns the number of entries written.  ``versions`` ({item id:
    version of the entry shown, 0 for none}) makes an entry changed meanwhile the conflict,
    named by its row, and nothing of the block is written.
    """
    check_month(month)
    existing = set(session.scalars(select(Progress.task_id).where(
        Progress.month == month, Progress.task_id.in_([t for t, _ in rows]))))
    written = 0
    for i, (task_id, fields) in enumerate(rows):
        place = labels[i] if labels else f"第 {i + 1} 行"
        if task_id not in existing and not _has_values(fields):
            continue
        expected = versions.get(task_id) if versions is not None else None
        try:
            record_progress.in_session(session, task_id, month, expected_version=expected,
                                       **dict(fields))
        except ConcurrentEdit as exc:
            raise ConcurrentEdit(exc.message, place=place, current=exc.current,
                                 attempted=exc.attempted, expected_version=expected,
                                 unit_names=exc.unit_names) from exc
        except (InvalidInput, NotFound) as exc:
            raise InvalidInput(exc.message, place=place) from exc
        written += 1
    return written


def latest_before(session: Session, task_ids: list[int], month: str) -> dict[int, Progress]:
    """{task id: its latest entry before ``month``} for the given work items."""
    ranked = (
        select(Progress.id, func.row_number().over(
            partition_by=Progress.task_id, order_by=Progress.month.desc()).label("rank"))
        .where(Progress.task_id.in_(task_ids), Progress.month < month)
        .subquery()
    )
    rows = session.scalars(select(Progress).join(ranked, ranked.c.id == Progress.id)
                           .where(ranked.c.rank == 1))
    return {r.task_id: r for r in rows}


@action
def copy_last_month(session: Session, month: str, task_ids: list[int], *,
                    only_blank: bool = False) -> list[int]:
    """Start this month's text from each item's latest earlier report (复制上月内容).

    Only empty fields are filled: a 进展情况 already typed this month is never overwritten.
    An item without an entry this month also gets the earlier status, percent and reporting
    unit as a starting point.  With ``only_blank`` the items whose month already has any text
    are left alone (the grid's "all empty rows").  Items never reported before are skipped.
    Returns the ids of the items that changed.  One transaction for all of them.
    """
    check_month(month)
    task_ids = list(dict.fromkeys(task_ids))
    if not task_ids:
        return []
    earlier = latest_before(session, task_ids, month)
    current = {r.task_id: r for r in session.scalars(select(Progress).where(
        Progress.month == month, Progress.task_id.in_(task_ids)))}
    changed = []
    for task_id in task_ids:
        source = earlier.get(task_id)
        if source is None:
            continue
        row = current.get(task_id)
        if only_blank and not is_blank(row):
            continue
        fields = {f: getattr(source, f) for f in TEXT_FIELDS
                  if (getattr(source, f) or "").strip()
                  and (row is None or not (getattr(row, f) or "").strip())}
        if row is None:
            fields.update(status=source.status, percent=source.percent,
                          reporting_unit_id=source.reporting_unit_id)
        if not fields:
            continue
        record_progress.in_session(session, task_id, month, **fields)
        changed.append(task_id)
    return changed


EntryKey = tuple[int, str]  # (work item id, month)


def entry_fields(info: ProgressInfo) -> dict:
    """The stored fields of an entry, as ``record_progress`` takes them."""
    return {"status": info.status, "percent": info.percent,
            "progress_text": info.progress_text, "problems": info.problems,
            "next_steps": info.next_steps,
            "reporting_unit_id": info.reporting_unit.id if info.reporting_unit else None}


@action
def entries_of(session: Session, keys: list[EntryKey]) -> dict[EntryKey, ProgressInfo | None]:
    """The entries stored for these (item, month) pairs; None where there is none."""
    found: dict[EntryKey, ProgressInfo | None] = dict.fromkeys(keys)
    by_month: dict[str, set[int]] = {}
    for task_id, month in keys:
        by_month.setdefault(month, set()).add(task_id)
    for month, task_ids in by_month.items():
        rows = list(session.scalars(select(Progress).where(
            Progress.month == month, Progress.task_id.in_(task_ids))))
        names = unit_names_of(session, rows)
        for row in rows:
            found[(row.task_id, month)] = progress_info(row, names)
    return found


@action
def put_entries(session: Session, entries: list[tuple[EntryKey, dict | None, int]]
                ) -> dict[EntryKey, ProgressInfo | None]:
    """Put entries as they were (undo and redo of a progress write), all in one transaction.

    Each is ``((task id, month), fields or None for no entry, expected version)``; the
    version is the one the undo history last saw (0: no entry), so an entry another clerk has
    changed since raises ``ConcurrentEdit`` and nothing is written.  Returns what is stored now.
    """
    for (task_id, month), fields, expected in entries:
        if fields is None:
            delete_progress.in_session(session, task_id, month, expected_version=expected)
        else:
            record_progress.in_session(session, task_id, month, expected_version=expected,
                                       **fields)
    return entries_of.in_session(session, [key for key, _f, _v in entries])
