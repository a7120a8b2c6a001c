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
        with db.transaction() as session:
            return fn(session, *args, **kwargs)

    run.in_session = fn  # type: ignore[attr-defined]
    return run
