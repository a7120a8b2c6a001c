"""Services: one function per user action, each its own transaction, returning dataclasses.

Every public service takes the open ``Database`` first::

    plan = create_plan(db, title="…")

and runs in ``db.transaction()``.  To compose several actions into one transaction (an import
writes a whole plan at once) call the same function's ``.in_session`` with a session instead.
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

from sqlalchemy.orm import Session

from db.session import Database

P = ParamSpec("P")
R = TypeVar("R")


def action(fn: Callable[Concatenate[Session, P], R]) -> Callable[Concatenate[Database, P], R]:
    """Run ``fn(session, ...)`` as one user action: ``fn(db, ...)`` commits or rolls back whole."""

    @functools.wraps(fn)
    def run(db: Database, *args: P.args, **kwargs: P.kwargs) -> R:
        return db.run(fn, *args, **kwargs)

    run.in_session = fn  # type: ignore[attr-defined]
    return run


def last_change_by(session: Session, entity: str, entity_id: int) -> str:
    """Who last changed a row, from the change log ("" when nobody is recorded)."""
    from sqlalchemy import select

    from db.models import ChangeLog

    user = session.scalar(select(ChangeLog.user).where(
        ChangeLog.entity == entity, ChangeLog.entity_id == str(entity_id))
        .order_by(ChangeLog.id.desc()).limit(1))
    return user or ""


def check_version(session: Session, row, expected_version: int | None, *, what: str,
                  current: Callable[[], object], attempted: dict) -> None:
    """Refuse an edit made from a stale read: the one ``ConcurrentEdit`` for every service.

    ``expected_version`` is the version the clerk's copy showed (None: do not check; 0: the
    clerk saw no row, as for a month without an entry).  ``row`` is the locked row or None when
    it is gone; ``current`` builds the dto of what is stored now, only when there is a conflict.
    """
    from db.errors import ConcurrentEdit

    if expected_version is None:
        return
    actual = 0 if row is None else row.version
    if actual == expected_version:
        return
    if row is None:
        message = f"{what}已被其他人删除，您的修改未保存。"
        stored = None
    else:
        who = last_change_by(session, row.__tablename__, row.id)
        by = f"（{who}）" if who else ""
        verb = "填写" if expected_version == 0 else "修改"
        message = f"{what}在您打开之后已被其他人{by}{verb}，您的修改未保存。"
        stored = current()
    raise ConcurrentEdit(message, current=stored, attempted=attempted,
                         expected_version=expected_version,
                         unit_names=_unit_names(session, attempted))


def _unit_names(session: Session, attempted: dict) -> dict[int, str]:
    """Names of the units an attempted edit refers to (so the message can show them)."""
    from sqlalchemy import select

    from db.models import Unit

    ids: set[int] = set()
    for key, value in attempted.items():
        if key.endswith("_unit_ids"):
            ids.update(value or ())
        elif key.endswith("_unit_id") and value is not None:
            ids.add(value)
    if not ids:
        return {}
    return dict(session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(ids))).all())
