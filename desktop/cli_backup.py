"""``taizhang backup`` / ``backups`` / ``restore``: the ledger's backups from the command line."""
from __future__ import annotations

import argparse
from pathlib import Path

from db.errors import KnownError
from desktop.command_registry import command, open_db


def _server_ledger(place: str) -> KnownError:
    return KnownError(f"{place}的备份由数据库服务器的管理员负责；"
                      "可用 backup -o 文件.db 导出为单机台账。")


def _ledger_file(args: argparse.Namespace) -> Path:
    from db.location import display_name, sqlite_path, to_url

    url = to_url(args.db)
    path = sqlite_path(url)
    if path is None:
        raise _server_ledger(display_name(url))
    return path


def _backup_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", metavar="FILE",
                   help="备份写到这个文件（默认：台账旁边的备份文件夹）")


@command("backup", "备份台账，输出备份文件的路径", _backup_args)
def run_backup(args: argparse.Namespace) -> int:
    from db.backups import make_backup
    from db.single_user import export_to_sqlite

    db = open_db(args)
    try:
        if db.path is None:  # a server database: a single-user copy is what can be made here
            if not args.output:
                raise _server_ledger(db.place)
            target = export_to_sqlite(db, Path(args.output))
        else:
            db.checkpoint()
            target = make_backup(db.path, Path(args.output) if args.output else None)
    finally:
        db.dispose()
    print(target)
    return 0


@command("backups", "列出台账的备份，最新的在前：时间、大小、文件", lambda p: None)
def run_backups(args: argparse.Namespace) -> int:
    from db.backups import list_backups

    for backup in list_backups(_ledger_file(args)):
        print(f"{backup.made_at:%Y-%m-%d %H:%M:%S}\t{backup.size}\t{backup.path}")
    return 0


def _restore_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="要恢复的备份文件")


@command("restore", "用备份替换台账（先备份当前状态），输出当前状态的备份文件", _restore_args)
def run_restore(args: argparse.Namespace) -> int:
    from db.backups import restore_backup
    from db.session import open_database

    ledger = _ledger_file(args)
    backup = Path(args.file)
    if not backup.is_file():
        raise KnownError(f"备份文件不存在：{backup}")
    safety = restore_backup(ledger, backup)
    open_database(ledger).dispose()  # an older backup is upgraded now, with its own backup
    if safety is not None:
        print(f"恢复前的台账已备份到：{safety}")
    print(f"已从 {backup} 恢复台账 {ledger}。")
    return 0
