"""Backups of a SQLite ledger, kept in a folder beside it, and restoring one.

``taizhang.db`` keeps its backups in ``taizhang-备份/`` next to it, named
``taizhang-YYYYmmdd-HHMMSS[-tag].db`` (tag: 升级前, 恢复前 …).  A backup is made with SQLite's
online backup API (consistent while the program runs, WAL included), written to a ``.part``
file and renamed, so a kill never leaves half a backup.  Retention keeps the newest 10, the
newest of each of the last 12 days, 10 weeks and 9 months that have backups; older ones go.

On PostgreSQL the server's backups belong to its administrator; ``db.single_user`` copies a
ledger from any database into a new single-user SQLite file (导出为单机台账).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from db.errors import StorageError, UnopenableLedger
from db.location import connect_read_only
from db.storage_errors import translate_storage_error

KEEP_LAST, KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 10, 12, 10, 9
AUTO_BACKUP_MINUTES = 30  # the window backs up this often while there are changes (and on close)
_STAMP = "%Y%m%d-%H%M%S"


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    made_at: dt.datetime
    size: int
    tag: str = ""


def backups_dir(ledger: Path) -> Path:
    return ledger.with_name(f"{ledger.stem}-备份")


def _pattern(ledger: Path) -> re.Pattern:
    return re.compile(re.escape(ledger.stem) + r"-(\d{8}-\d{6})(?:-(\d+))?(?:-([^.]+))?\.db$")


def _legacy(ledger: Path) -> list[BackupInfo]:
    """Backups the first release made beside the ledger before an upgrade."""
    out = []
    for path in ledger.parent.glob(ledger.name + ".backup-*"):
        m = re.search(r"\.backup-(\d{8}-\d{6})", path.name)
        if m and not path.name.endswith(".part"):
            out.append(BackupInfo(path, dt.datetime.strptime(m.group(1), _STAMP),
                                  path.stat().st_size, "升级前"))
    return out


def list_backups(ledger: Path) -> list[BackupInfo]:
    """Every backup of the ledger, newest first."""
    ledger = Path(ledger)
    pattern = _pattern(ledger)
    found = _legacy(ledger)
    folder = backups_dir(ledger)
    if folder.is_dir():
        for path in folder.iterdir():
            m = pattern.fullmatch(path.name)
            if m is None:
                continue
            made = dt.datetime.strptime(m.group(1), _STAMP)
            found.append(BackupInfo(path, made, path.stat().st_size, m.group(3) or ""))
    return sorted(found, key=lambda b: (b.made_at, b.path.name), reverse=True)


def _target(ledger: Path, now: dt.datetime, tag: str) -> Path:
    folder = backups_dir(ledger)
    base = f"{ledger.stem}-{now.strftime(_STAMP)}"
    suffix = f"-{tag}" if tag else ""
    target = folder / f"{base}{suffix}.db"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{base}-{n}{suffix}.db"
    return target


def _sqlite_copy(source: Path, target: Path) -> None:
    """SQLite's online backup of ``source`` into a new ``target`` (via a .part file)."""
    part = target.with_name(target.name + ".part")
    part.unlink(missing_ok=True)
    try:
        src = connect_read_only(source)
        try:
            dst = sqlite3.connect(part)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            finally:
                dst.close()
        finally:
            src.close()
        os.replace(part, target)
    except BaseException:
        # a failed copy (a full disk) leaves no half file behind to fill the disk further
        with contextlib.suppress(OSError):
            part.unlink(missing_ok=True)
        raise


def make_backup(ledger: Path, target: Path | None = None, *, tag: str = "",
                now: dt.datetime | None = None, prune: bool = True) -> Path:
    """Back the ledger up (into its backups folder unless ``target`` is given); the new file."""
    ledger = Path(ledger)
    now = now or dt.datetime.now()
    try:
        if target is None:
            backups_dir(ledger).mkdir(exist_ok=True)
            target = _target(ledger, now, tag)
        _sqlite_copy(ledger, Path(target))
    except (OSError, sqlite3.Error) as exc:
        known = translate_storage_error(exc, str(target or backups_dir(ledger)))
        if known is None:
            raise
        raise StorageError(f"备份未能完成：{known.message}") from exc
    if prune and Path(target).parent == backups_dir(ledger):
        prune_backups(ledger)
    return Path(target)


def backups_to_keep(backups: list[BackupInfo]) -> set[Path]:
    """The newest ``KEEP_LAST``, and the newest of each recent day, ISO week and month."""
    newest_first = sorted(backups, key=lambda b: b.made_at, reverse=True)
    keep = {b.path for b in newest_first[:KEEP_LAST]}
    periods = (
        (KEEP_DAILY, lambda t: t.date()),
        (KEEP_WEEKLY, lambda t: t.isocalendar()[:2]),
        (KEEP_MONTHLY, lambda t: (t.year, t.month)),
    )
    for count, period_of in periods:
        seen = []
        for b in newest_first:
            period = period_of(b.made_at)
            if period in seen:
                continue
            if len(seen) == count:
                break
            seen.append(period)
            keep.add(b.path)
    return keep


def prune_backups(ledger: Path) -> list[Path]:
    """Delete the backups in the folder that retention does not keep; the deleted ones."""
    backups = [b for b in list_backups(ledger) if b.path.parent == backups_dir(ledger)]
    keep = backups_to_keep(backups)
    gone = []
    for b in backups:
        if b.path not in keep:
            b.path.unlink(missing_ok=True)
            gone.append(b.path)
    return gone


def _check_is_ledger(path: Path) -> None:
    try:
        conn = connect_read_only(path)
        try:
            conn.execute("select version_num from alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        raise UnopenableLedger(f"{path} 不是台账备份，或已损坏，未做任何修改。") from None


def restore_backup(ledger: Path, backup: Path, *, now: dt.datetime | None = None) -> Path | None:
    """Put ``backup`` in place of the ledger, backing up the current state first (恢复前).

    Returns that safety backup (None when the ledger was missing).  The database must not be
    open in this process; other copies of the program see the restored ledger when they next
    read.  A damaged ledger is kept as a plain copy (…-损坏.db) and replaced."""
    ledger, backup = Path(ledger), Path(backup)
    _check_is_ledger(backup)
    safety = None
    if ledger.exists():
        try:
            safety = make_backup(ledger, tag="恢复前", now=now, prune=False)
        except StorageError:
            backups_dir(ledger).mkdir(exist_ok=True)
            safety = _target(ledger, now or dt.datetime.now(), "损坏")
            shutil.copyfile(ledger, safety)
    try:
        _restore_into(ledger, backup)
    except (OSError, sqlite3.Error) as exc:
        known = translate_storage_error(exc, str(ledger))
        if known is None:
            raise
        raise StorageError(f"恢复未能完成：{known.message}") from exc
    return safety


def _restore_into(ledger: Path, backup: Path) -> None:
    try:
        dst = sqlite3.connect(ledger, timeout=5)
        try:
            dst.execute("select count(*) from sqlite_master").fetchone()  # a healthy file?
            src = connect_read_only(backup)
            try:
                src.backup(dst)  # under SQLite's lock: other connections see old or new
            finally:
                src.close()
        finally:
            dst.close()
    except sqlite3.DatabaseError as exc:
        if (getattr(exc, "sqlite_errorcode", 0) & 0xFF) not in (11, 26):  # CORRUPT, NOTADB
            raise
        # Not a database any more: replace the file itself.
        part = ledger.with_name(ledger.name + ".part")
        shutil.copyfile(backup, part)
        for extra in ("-wal", "-shm", "-journal"):
            Path(str(ledger) + extra).unlink(missing_ok=True)
        os.replace(part, ledger)


def unopenable_with_backup(ledger: Path, exc: StorageError) -> StorageError:
    """The error of a ledger that cannot be opened, naming the newest backup if there is one."""
    if not isinstance(exc, UnopenableLedger):
        return exc
    try:
        backups = list_backups(ledger)
    except OSError:
        backups = []
    if not backups:
        return exc
    newest = backups[0]
    message = (f"{exc.message}\n旁边有 {newest.made_at:%Y年%m月%d日 %H:%M} 的备份："
               f"{newest.path}，可以从这个备份恢复。")
    return UnopenableLedger(message, path=ledger, backup=newest.path)
