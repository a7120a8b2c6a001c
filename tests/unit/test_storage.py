"""The ledger as storage: reads beside writes, one complete file after exit, backups and restore,
faults a clerk can act on (by SQLite's result codes, PostgreSQL's states), literal paths."""
from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from db.backups import (
    KEEP_DAILY,
    KEEP_LAST,
    KEEP_MONTHLY,
    KEEP_WEEKLY,
    BackupInfo,
    backups_dir,
    backups_to_keep,
    list_backups,
    make_backup,
    restore_backup,
)
from db.errors import StorageError, UnopenableLedger
from db.services.plans import create_plan, list_plans
from db.session import open_database
from db.single_user import export_to_sqlite

ROOT = Path(__file__).resolve().parents[2]
sqlite_only = pytest.mark.sqlite_only


def titles(db) -> list[str]:
    return [p.title for p in list_plans(db)]


# --- reads never wait for a writer ---------------------------------------------------------

@sqlite_only
def test_a_reader_runs_while_another_copy_holds_the_write_lock(db, monkeypatch):
    from db import session as session_module

    create_plan(db, "示例县甲方案")
    other = sqlite3.connect(db.path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("update plan set title = '写了一半' where id = 1")
        assert titles(db) == ["示例县甲方案"]  # no wait, no busy: the last committed state
        monkeypatch.setattr(session_module, "BUSY_TIMEOUT_S", 0.2)
        writer = open_database(db.url)
        with pytest.raises(StorageError, match="正被另一个程序"):
            create_plan(writer, "示例县乙方案")  # a write still waits, then says busy
        writer.dispose()
    finally:
        other.execute("ROLLBACK")
        other.close()


@sqlite_only
def test_a_write_whose_snapshot_went_stale_runs_again_with_the_lock(db):
    """An action read, another copy committed, then the action wrote: it is redone, not lost."""
    from db.models import Plan

    create_plan(db, "示例县甲方案")
    runs = []

    def rename_after_reading(session):
        runs.append(session.get(Plan, 1).title)
        if len(runs) == 1:
            other = sqlite3.connect(db.path)
            other.execute("update plan set title = '别人改的', version = version + 1")
            other.commit()
            other.close()
        session.add(Plan(title="示例县乙方案"))
        session.flush()

    db.run(rename_after_reading)
    assert runs == ["示例县甲方案", "别人改的"]
    assert titles(db) == ["别人改的", "示例县乙方案"]


# --- one complete file ---------------------------------------------------------------------

@sqlite_only
def test_after_the_program_exits_the_ledger_file_alone_holds_every_plan(tmp_path):
    ledger = tmp_path / "ledger.db"
    script = textwrap.dedent(f"""
        from db.session import open_database
        from db.services.plans import create_plan
        db = open_database({str(ledger)!r})
        for i in range(5):
            create_plan(db, f"示例县方案{{i}}")
        # no dispose: leaving the program must fold the WAL in by itself
    """)
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=True, timeout=120)
    alone = tmp_path / "copy" / "ledger.db"
    alone.parent.mkdir()
    shutil.copyfile(ledger, alone)  # the file only: no -wal, no -shm
    raw = sqlite3.connect(alone)
    try:
        assert [r[0] for r in raw.execute("select title from plan order by id")] == [
            f"示例县方案{i}" for i in range(5)]
    finally:
        raw.close()


# --- backups and restore ---------------------------------------------------------------------

@sqlite_only
def test_backup_list_restore_round_trip(db):
    create_plan(db, "示例县甲方案")
    first = make_backup(db.path, now=dt.datetime(2026, 11, 1, 9, 0, 0))
    create_plan(db, "示例县乙方案")
    second = make_backup(db.path, now=dt.datetime(2026, 11, 2, 9, 0, 0))
    assert first.parent == backups_dir(db.path) == db.path.with_name("ledger-备份")
    assert [b.path for b in list_backups(db.path)] == [second, first]  # newest first
    create_plan(db, "示例县丙方案")
    db.dispose()

    safety = restore_backup(db.path, first, now=dt.datetime(2026, 11, 3, 9, 0, 0))

    reopened = open_database(db.path)
    assert titles(reopened) == ["示例县甲方案"]
    reopened.dispose()
    assert safety is not None and "恢复前" in safety.name
    kept = sqlite3.connect(safety)
    try:  # the state before restoring is not lost
        assert kept.execute("select count(*) from plan").fetchone() == (3,)
    finally:
        kept.close()


@sqlite_only
def test_a_backup_is_one_self_contained_file_even_while_the_ledger_is_in_use(db):
    create_plan(db, "示例县甲方案")  # still in the WAL: the ledger is open
    target = make_backup(db.path)
    assert not Path(str(target) + "-wal").exists()
    raw = sqlite3.connect(target)
    try:
        assert raw.execute("select title from plan").fetchall() == [("示例县甲方案",)]
        assert raw.execute("pragma integrity_check").fetchone() == ("ok",)
    finally:
        raw.close()
    assert not list(target.parent.glob("*.part"))


def test_retention_keeps_last_ten_and_the_newest_per_day_week_and_month():
    start = dt.datetime(2025, 1, 1, 8, 0)
    made = [start + dt.timedelta(hours=7 * i) for i in range(1500)]  # ~14 months, 3-4 a day
    backups = [BackupInfo(Path(f"b{i}.db"), t, 1) for i, t in enumerate(made)]
    keep = backups_to_keep(backups)
    newest_first = sorted(backups, key=lambda b: b.made_at, reverse=True)
    assert {b.path for b in newest_first[:KEEP_LAST]} <= keep
    kept = [b for b in newest_first if b.path in keep]
    days = {b.made_at.date() for b in kept}
    months = {(b.made_at.year, b.made_at.month) for b in kept}
    weeks = {b.made_at.isocalendar()[:2] for b in kept}
    assert len(days) >= KEEP_DAILY and len(weeks) >= KEEP_WEEKLY
    assert len(months) == KEEP_MONTHLY
    assert len(keep) <= KEEP_LAST + KEEP_DAILY + KEEP_WEEKLY + KEEP_MONTHLY
    newest_day = newest_first[0].made_at.date()
    for back in range(KEEP_DAILY):  # the newest of each of the last 12 days
        day = newest_day - dt.timedelta(days=back)
        assert max((b for b in backups if b.made_at.date() == day),
                   key=lambda b: b.made_at).path in keep


@sqlite_only
def test_a_backup_that_fails_midway_leaves_no_half_file(db, monkeypatch):
    """The disk fills while the copy is written: the storage message, and nothing left in the
    backups folder (a .part per failed try would fill the disk further)."""
    import db.backups as backups_module

    create_plan(db, "示例县甲方案")
    real_connect = backups_module.connect_read_only

    class FillsTheDisk:
        def __init__(self, path):
            self.real = real_connect(path)

        def backup(self, target):
            self.real.backup(target, pages=1)  # a first page is written, then the disk is full
            full = sqlite3.OperationalError("database or disk is full")
            full.sqlite_errorcode = 13
            raise full

        def close(self):
            self.real.close()

    monkeypatch.setattr(backups_module, "connect_read_only", FillsTheDisk)
    with pytest.raises(StorageError, match="备份未能完成：.*磁盘空间已满"):
        make_backup(db.path)
    assert list(backups_dir(db.path).iterdir()) == []
    monkeypatch.undo()
    assert list_backups(db.path) == []
    assert make_backup(db.path).is_file()  # the next try, with room, works


@sqlite_only
def test_old_backups_are_pruned_when_a_new_one_is_made(db):
    create_plan(db, "示例县甲方案")
    for i in range(40):
        make_backup(db.path, now=dt.datetime(2026, 1, 1, 10, 0) + dt.timedelta(days=i))
    assert len(list_backups(db.path)) == len(backups_to_keep(list_backups(db.path)))
    assert len(list_backups(db.path)) < 40


def test_any_ledger_exports_to_a_single_user_sqlite_file(db, tmp_path):
    from db.demo import create_demo
    from db.dump import dump_plan

    plan_id = create_demo(db, items=6, months=2, today=dt.date(2026, 11, 20))
    target = export_to_sqlite(db, tmp_path / "单机台账.db")
    copy = open_database(target)
    try:
        assert dump_plan(copy, plan_id) == dump_plan(db, plan_id)
    finally:
        copy.dispose()


@sqlite_only
def test_a_file_that_cannot_be_opened_names_the_backup_beside_it(db):
    create_plan(db, "示例县甲方案")
    backup = make_backup(db.path)
    db.dispose()
    db.path.write_bytes(b"\0garbage" * 2000)
    with pytest.raises(UnopenableLedger) as caught:
        open_database(db.path)
    assert caught.value.backup == backup
    assert str(backup) in caught.value.user_text()
    restore_backup(db.path, caught.value.backup)
    reopened = open_database(db.path)
    assert titles(reopened) == ["示例县甲方案"]
    reopened.dispose()
    assert [b.tag for b in list_backups(db.path)].count("损坏") == 1  # the damaged file kept


# --- faults a clerk can act on ---------------------------------------------------------------

@sqlite_only
def test_a_full_disk_gives_the_storage_message(db):
    """SQLITE_FULL, as a full disk gives it (a page limit stands in for the disk)."""
    from sqlalchemy import event

    @event.listens_for(db.engine, "connect")
    def _small(dbapi_conn, _record):
        dbapi_conn.execute("PRAGMA max_page_count = 12")

    db.engine.dispose()
    with pytest.raises(StorageError, match="磁盘空间已满") as caught:
        for i in range(200):
            create_plan(db, "示例县方案" * 20, goals_text="目标" * 400)
    assert str(db.path) in caught.value.user_text()


@sqlite_only
def test_an_upgrade_on_a_full_disk_says_so_and_leaves_the_ledger_as_it_was(tmp_path):
    """The disk fills during the upgrade (a page limit on every connection stands in for the
    disk; the backup before it is written by SQLite's backup API, outside that limit)."""
    from alembic.script import ScriptDirectory
    from sqlalchemy import event
    from sqlalchemy.pool import Pool

    from db.migrate import alembic_config, current_revision, head_revision, upgrade
    from db.session import to_url

    ledger = tmp_path / "台账.db"
    url = to_url(ledger)
    previous = ScriptDirectory.from_config(alembic_config(url)).get_revision(
        head_revision()).down_revision
    upgrade(url, previous)
    raw = sqlite3.connect(ledger)
    pages = raw.execute("PRAGMA page_count").fetchone()[0]
    raw.close()
    before = ledger.read_bytes()

    def disk_full(dbapi_conn, _record):
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")

    event.listen(Pool, "connect", disk_full)
    try:
        with pytest.raises(StorageError) as caught:
            open_database(ledger)
    finally:
        event.remove(Pool, "connect", disk_full)
    text = caught.value.user_text()
    [backup] = list_backups(ledger)
    assert "台账未能升级到新版本，内容没有任何改变" in text and str(backup.path) in text
    assert "磁盘空间已满" in text and str(ledger) in text
    assert ledger.read_bytes() == before and current_revision(url) == previous
    reopened = open_database(ledger)  # with room on the disk the upgrade goes through
    assert current_revision(url) == head_revision()
    reopened.dispose()


@sqlite_only
def test_a_read_only_ledger_opens_read_only_and_refuses_writes_clearly(db, monkeypatch):
    from db import session as session_module

    create_plan(db, "示例县甲方案")
    db.dispose()
    monkeypatch.setattr(session_module, "_is_read_only", lambda path: True)
    ro = open_database(db.path)
    try:
        assert ro.read_only
        assert titles(ro) == ["示例县甲方案"]
        with pytest.raises(StorageError, match="只读"):
            create_plan(ro, "示例县乙方案")
    finally:
        ro.dispose()


def _as_a_clerk_without_write_permission(folder: str, conn) -> None:
    """Child: give up root (if root: the permission bits do not stop root), then open, read,
    write, create and back up in ``folder``; send back what each gave."""
    import os

    # everything the child runs, imported before giving up root (the interpreter may live in
    # a folder only root can read)
    import db.backups
    import db.migrate
    import db.services.plans
    import db.session
    import exports.atomic
    import sqlalchemy.dialects.sqlite  # noqa: F401
    from alembic import command  # noqa: F401

    if os.geteuid() == 0:
        os.setgid(65534)
        os.setuid(65534)  # nobody
    ledger = Path(folder) / "台账.db"
    steps = {
        "open": lambda: db.session.open_database(ledger).read_only,
        "read": lambda: [p.title for p in db.services.plans.list_plans(
            db.session.open_database(ledger))],
        "write": lambda: db.services.plans.create_plan(db.session.open_database(ledger), "乙"),
        "new ledger": lambda: db.session.open_database(Path(folder) / "新台账.db"),
        "new folder": lambda: db.session.open_database(Path(folder) / "子" / "新台账.db"),
        "backup": lambda: db.backups.make_backup(ledger),
        "export": lambda: exports.atomic.write_bytes_atomic(Path(folder) / "报表.pdf", b"%PDF"),
    }
    results = {}
    for name, step in steps.items():
        try:
            results[name] = ("ok", step())
        except Exception as exc:  # noqa: BLE001 - the test looks at what it was
            results[name] = (type(exc).__name__, getattr(exc, "user_text", exc.__str__)())
    conn.send(results)
    conn.close()


@sqlite_only
@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs fork (POSIX)")
def test_a_folder_one_cannot_write_gives_the_storage_message_for_real():
    """No stand-in: a real folder without write permission (as the user nobody when the tests
    run as root). The ledger opens read-only and reads; every write names the place."""
    import multiprocessing
    import os
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="taizhang-ro-"))  # /tmp: nobody can reach it
    try:
        db = open_database(folder / "台账.db")
        create_plan(db, "示例县甲方案")
        db.dispose()
        for leftover in folder.glob("台账.db-*"):
            leftover.unlink()
        folder.chmod(0o755 if os.geteuid() == 0 else 0o555)  # root's folder, nobody's view
        ctx = multiprocessing.get_context("forkserver")  # a fork of a process with no threads
        mine, theirs = ctx.Pipe()
        child = ctx.Process(target=_as_a_clerk_without_write_permission,
                            args=(str(folder), theirs))
        child.start()
        assert mine.poll(120), f"the child sent nothing (exit {child.exitcode})"
        results = mine.recv()
        child.join(60)
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder, ignore_errors=True)
    assert results["open"] == ("ok", True)
    assert results["read"] == ("ok", ["示例县甲方案"])
    for step, words in (("write", "只读"), ("new ledger", "权限"), ("new folder", "无法创建"),
                        ("backup", "没有权限"), ("export", "没有权限")):
        kind, text = results[step]
        assert kind == "StorageError", (step, kind, text)
        assert words in text and str(folder) in text, (step, text)


# --- a ledger on a network share --------------------------------------------------------------

def test_the_mount_a_file_lies_on_is_the_deepest_one_holding_it(tmp_path):
    from db.location import _mount_type

    mounts = tmp_path / "mounts"
    mounts.write_text(
        "/dev/sda1 / ext4 rw 0 0\n"
        "server:/share /mnt/共享 nfs4 rw 0 0\n"
        "//nas/台账 /mnt/共享/科室\\040甲 cifs rw 0 0\n"
        "tmpfs /mnt/共享x tmpfs rw 0 0\n", encoding="utf-8")
    assert _mount_type(Path("/mnt/共享/台账.db"), str(mounts)) == "nfs4"
    assert _mount_type(Path("/mnt/共享/科室 甲/台账.db"), str(mounts)) == "cifs"
    assert _mount_type(Path("/mnt/共享x/台账.db"), str(mounts)) == "tmpfs"  # not under /mnt/共享
    assert _mount_type(Path("/home/clerk/台账.db"), str(mounts)) == "ext4"
    assert _mount_type(Path("/x.db"), str(tmp_path / "no-such-file")) == ""


def test_unc_paths_are_network_paths_on_windows(monkeypatch):
    from db import location

    monkeypatch.setattr(location.sys, "platform", "win32")
    assert location.is_network_path(Path("\\\\nas\\专班\\台账.db"))
    assert location.is_network_path(Path("//nas/专班/台账.db"))


@sqlite_only
def test_a_ledger_on_a_network_share_uses_the_rollback_journal(tmp_path, monkeypatch):
    """WAL needs shared memory a network file system does not give: the rollback journal, so
    no -wal or -shm file ever lies beside the ledger, and a second copy reads every write."""
    from db import session as session_module

    monkeypatch.setattr(session_module, "is_network_path", lambda path: True)
    ledger = tmp_path / "共享" / "台账.db"
    db = open_database(ledger)
    other = open_database(ledger, user="李四")
    try:
        assert db.journal_mode == "delete"
        create_plan(db, "示例县甲方案")
        assert titles(other) == ["示例县甲方案"]
        raw = sqlite3.connect(ledger)
        try:
            assert raw.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        finally:
            raw.close()
        assert sorted(p.name for p in ledger.parent.iterdir()) == ["台账.db"]
    finally:
        other.dispose()
        db.dispose()


@sqlite_only
def test_storage_faults_are_told_apart_by_sqlite_result_codes():
    from db.storage_errors import translate_storage_error

    def fault(code, text="some driver text"):
        exc = sqlite3.OperationalError(text)
        exc.sqlite_errorcode = code
        return exc

    assert "只读" in translate_storage_error(fault(8), "x.db").message          # READONLY
    assert "正被另一个程序" in translate_storage_error(fault(517), "x.db").message  # BUSY_SNAPSHOT
    assert "磁盘空间已满" in translate_storage_error(fault(13, "locked?"), "x.db").message
    assert "不是台账" in translate_storage_error(fault(26), "x.db").message
    assert translate_storage_error(fault(1, "database is locked")) is None     # plain SQL error
    assert translate_storage_error(ValueError("bug")) is None


def test_os_faults_writing_files_get_the_storage_message(tmp_path):
    import errno

    from db.storage_errors import translate_storage_error

    full = OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "报表.pdf"))
    assert "磁盘空间已满" in translate_storage_error(full).message
    denied = PermissionError(errno.EACCES, "Permission denied", str(tmp_path))
    assert "没有权限" in translate_storage_error(denied).message


@sqlite_only
@pytest.mark.parametrize("name", ["台账?2026.db", "100%.db", "a%3Fb.db", "第#1.db"])
def test_a_path_is_a_path_even_with_url_characters(tmp_path, name):
    target = tmp_path / name
    db = open_database(str(target))
    create_plan(db, "示例县方案")
    db.dispose()
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".db") == [name]
    assert db.path == target
    raw = sqlite3.connect(target)
    try:
        assert raw.execute("select title from plan").fetchall() == [("示例县方案",)]
    finally:
        raw.close()


def test_a_server_that_is_down_is_named_without_the_password():
    pytest.importorskip("psycopg")
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once closed
    with pytest.raises(StorageError) as caught:
        open_database(f"postgresql+psycopg://clerk:s3cret-pw@127.0.0.1:{port}/taizhang")
    text = caught.value.user_text()
    assert f"127.0.0.1:{port}" in text and "无法连接" in text
    assert "s3cret-pw" not in text


@pytest.mark.skipif("not __import__('os').environ.get('TAIZHANG_TEST_DB_URL')",
                    reason="needs a PostgreSQL server (scripts/ci-postgres.sh)")
def test_postgresql_wrong_password_and_missing_database(ledger_url):
    from sqlalchemy.engine import make_url

    url = make_url(ledger_url)
    wrong = url.set(password="not-the-password").render_as_string(hide_password=False)
    with pytest.raises(StorageError, match="密码不正确") as caught:
        open_database(wrong)
    assert "not-the-password" not in caught.value.user_text()
    missing = url.set(database="no_such_ledger").render_as_string(hide_password=False)
    with pytest.raises(StorageError, match="不存在"):
        open_database(missing)


@pytest.mark.skipif("not __import__('os').environ.get('TAIZHANG_TEST_DB_URL')",
                    reason="needs a PostgreSQL server (scripts/ci-postgres.sh)")
def test_postgresql_a_held_row_lock_becomes_the_busy_message(db, monkeypatch):
    from db import session as session_module
    from db.services.plans import update_plan

    plan = create_plan(db, "示例县方案")
    monkeypatch.setattr(session_module, "BUSY_TIMEOUT_S", 1)
    other = open_database(db.url)
    try:
        with db.transaction() as holding:
            from db.models import Plan

            holding.get(Plan, plan.id, with_for_update=True)
            with pytest.raises(StorageError, match="正被另一个程序"):
                update_plan(other, plan.id, title="改")
    finally:
        other.dispose()
