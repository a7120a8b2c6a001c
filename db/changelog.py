"""Change log: every insert, update and delete the ORM flushes is recorded, field by field.

A session event rather than code in each service, so no edit path can forget it.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import LargeBinary, event, inspect
from sqlalchemy.orm import Session, sessionmaker

from db.models import ChangeLog

SKIPPED_FIELDS = {"version", "id"}


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value)
    return str(value)


def _entity_id(obj) -> str:
    state = inspect(obj)
    # In after_flush a new row has its primary key but not yet its identity.
    identity = state.identity or state.mapper.primary_key_from_instance(obj)
    if identity is None or all(v is None for v in identity):
        return ""
    return ",".join(str(v) for v in identity)


def _column_attrs(obj):
    # File contents (evidence blobs) are not copied into the log: their name, size and
    # sha256 beside them say what was stored.
    return [a for a in inspect(obj).mapper.column_attrs if a.key not in SKIPPED_FIELDS
            and not isinstance(a.columns[0].type, LargeBinary)]


def _summary(obj) -> str:
    return "; ".join(
        f"{a.key}={_text(getattr(obj, a.key))}" for a in _column_attrs(obj)
        if getattr(obj, a.key) not in (None, "", [])
    )


def install(factory: sessionmaker, current_user: Callable[[], str]) -> None:
    @event.listens_for(factory, "before_flush")
    def _record_updates_and_deletes(session: Session, _ctx, _instances):
        user = current_user()
        for obj in list(session.dirty):
            if isinstance(obj, ChangeLog) or not session.is_modified(obj):
                continue
            state = inspect(obj)
            for attr in _column_attrs(obj):
                hist = state.attrs[attr.key].history
                if not hist.has_changes():
                    continue
                old = hist.deleted[0] if hist.deleted else None
                new = hist.added[0] if hist.added else None
                if old == new:
                    continue
                session.add(ChangeLog(user=user, entity=obj.__tablename__,
                                      entity_id=_entity_id(obj), action="update",
                                      field=attr.key, old_value=_text(old), new_value=_text(new)))
        for obj in list(session.deleted):
            if isinstance(obj, ChangeLog):
                continue
            summary = _summary(obj)
            session.add(ChangeLog(user=user, entity=obj.__tablename__, entity_id=_entity_id(obj),
                                  action="delete", old_value=summary))

    @event.listens_for(factory, "after_flush")
    def _record_inserts(session: Session, _ctx):
        # Inserts are logged after the flush so the new row's id is known.
        user = current_user()
        rows = []
        for obj in session.new:
            if isinstance(obj, ChangeLog):
                continue
            summary = _summary(obj)
            rows.append({"user": user, "entity": obj.__tablename__, "entity_id": _entity_id(obj),
                         "action": "insert", "new_value": summary, "field": "",
                         "at": dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)})
        if rows:
            session.execute(ChangeLog.__table__.insert(), rows)
