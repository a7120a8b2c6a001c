"""Creating a ledger and every upgrade happen whole or not at all.

A child process is killed (SIGKILL, as by a power cut or the task manager) before each SQL
statement, and before the COMMIT, of creating a ledger and of each migration in the chain: the
file it leaves must open (old revision or new), keep its data and take a demo plan.  The chain
is read from Alembic, so a migration added later is covered without touching this test.
"""
from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import shutil
import signal
import sqlite3

import pytest

from db.migrate import current_revision, upgrade
from db.session import open_database, to_url

pytestmark = [pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork (POSIX)"),
              pytest.mark.sqlite_only]

MAX_STATEMENTS = 2000  # a guard against a loop that never finishes; no chain is this long


def _chain() -> list[tuple[str, str | None]]:
    """(revision, down_revision) from the first migration to the head."""
    from alembic.script import ScriptDirectory

    from db.migrate import alembic_config

    scripts = ScriptDirectory.from_config(alembic_config("sqlite://"))
    revisions = list(scripts.walk_revisions("base", "heads"))
    return [(r.revision, r.down_revision) for r in reversed(revisions)]


def _upgrade_killed_at(url: str, revision: str, kill_at: int) -> None:
    """Child: count statements (and the COMMIT) and SIGKILL itself just before number kill_at."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    seen = 0

    def tick(*_args, **_kw):
        nonlocal seen
        seen += 1
        if seen == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    event.listen(Engine, "before_cursor_execute", tick)
    event.listen(Engine, "commit", tick)
    upgrade(url, revision)


@pytest.fixture(scope="module")
def forkserver():
    # A fresh, single-threaded server process forks each child: cheap, and safe even when the
    # test process runs Qt threads.
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["db.migrate", "alembic.command", "sqlalchemy"])
    return ctx


def _kill_at_every_statement(ctx, template, url_of, revision: str, check) -> int:
    """Run the upgrade killed at statement 1, 2, … until it runs through; ``check`` each file."""
    for kill_at in range(1, MAX_STATEMENTS):
        path = template.with_name(f"try-{revision}-{kill_at}.db")
        if template.exists():
            shutil.copyfile(template, path)
        child = ctx.Process(target=_upgrade_killed_at, args=(url_of(path), revision, kill_at))
        child.start()
        child.join(60)
        assert child.exitcode is not None, "the migration child hung"
        if child.exitcode == 0:
            path.unlink(missing_ok=True)
            return kill_at - 1
        assert child.exitcode == -signal.SIGKILL, f"migration failed (exit {child.exitcode})"
        check(path, kill_at)
        for leftover in path.parent.glob(path.name + "*"):
            leftover.unlink()
    raise AssertionError("the migration never finished")


def _takes_a_demo_plan(path) -> int:
    from db.demo import create_demo
    from db.services.plans import list_plans

    db = open_database(path)
    try:
        before = len(list_plans(db))
        create_demo(db, items=3, months=1, today=dt.date(2026, 11, 20))
        assert len(list_plans(db)) == before + 1
        return before
    finally:
        db.dispose()


@pytest.mark.timeout(900)  # one child per statement of the whole chain: minutes on a busy machine
def test_a_kill_at_any_statement_of_creating_a_ledger_leaves_a_file_that_opens(
        tmp_path, forkserver):
    def check(path, kill_at):
        assert current_revision(to_url(path)) in (None, _chain()[-1][0]), kill_at
        assert _takes_a_demo_plan(path) == 0, kill_at

    template = tmp_path / "absent.db"  # creating: no file at all beforehand
    statements = _kill_at_every_statement(forkserver, template, to_url, "head", check)
    assert statements > len(_chain())  # it really counted the DDL, not just a version stamp


def _file_at(tmp_path, revision: str) -> tuple:
    """A ledger at ``revision`` holding data: made at head with a demo plan, then downgraded.

    A migration without a working downgrade gives an empty schema at ``revision`` instead."""
    path = tmp_path / f"at-{revision}.db"
    db = open_database(path)
    from db.demo import create_demo

    create_demo(db, items=5, months=2, today=dt.date(2026, 11, 20))
    db.dispose()
    try:
        from alembic import command

        from db.migrate import alembic_config

        command.downgrade(alembic_config(to_url(path)), revision)
        plans = 1
    except Exception:  # noqa: BLE001 - any failing downgrade: fall back to an empty schema
        for leftover in tmp_path.glob(path.name + "*"):
            leftover.unlink()
        upgrade(to_url(path), revision)
        plans = 0
    assert current_revision(to_url(path)) == revision
    return path, plans


@pytest.mark.timeout(900)
def test_a_kill_at_any_statement_of_each_upgrade_leaves_a_file_that_opens(tmp_path, forkserver):
    upgrades = [(rev, down) for rev, down in _chain() if down is not None]
    assert upgrades, "the chain has upgrades (0001 → 0002 at least)"
    for revision, down in upgrades:
        template, plans = _file_at(tmp_path, down)

        def check(path, kill_at, down=down, revision=revision, plans=plans):
            assert current_revision(to_url(path)) in (down, revision), (revision, kill_at)
            raw = sqlite3.connect(path)
            try:
                assert raw.execute("pragma integrity_check").fetchone() == ("ok",)
            finally:
                raw.close()
            assert _takes_a_demo_plan(path) == plans, (revision, kill_at)

        statements = _kill_at_every_statement(forkserver, template, to_url, revision, check)
        assert statements >= 2, revision
