"""CLI backup, backups, restore: a round trip through the commands a clerk (or a script) runs."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop.cli import main

pytestmark = pytest.mark.sqlite_only


def plan_titles(path: Path) -> list[str]:
    raw = sqlite3.connect(path)
    try:
        return [r[0] for r in raw.execute("select title from plan order by id")]
    finally:
        raw.close()


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_backup_backups_restore_round_trip(tmp_path, capsys):
    ledger = tmp_path / "台账.db"
    assert run(capsys, "--db", str(ledger), "demo", "--tasks", "3", "--months", "1")[0] == 0
    code, out, _ = run(capsys, "--db", str(ledger), "backup")
    assert code == 0
    first = Path(out.strip())
    assert first.parent == tmp_path / "台账-备份" and plan_titles(first) == plan_titles(ledger)

    run(capsys, "--db", str(ledger), "demo", "--tasks", "2", "--months", "1")
    chosen = tmp_path / "手动备份.db"
    code, out, _ = run(capsys, "--db", str(ledger), "backup", "-o", str(chosen))
    assert (code, out.strip()) == (0, str(chosen))
    assert len(plan_titles(chosen)) == 2

    code, out, _ = run(capsys, "--db", str(ledger), "backups")
    assert code == 0
    lines = out.strip().splitlines()
    assert [line.split("\t")[2] for line in lines] == [str(first)]  # the folder's backups
    assert int(lines[0].split("\t")[1]) == first.stat().st_size

    code, out, _ = run(capsys, "--db", str(ledger), "restore", str(first))
    assert code == 0 and "恢复前" in out
    assert len(plan_titles(ledger)) == 1
    code, out, _ = run(capsys, "--db", str(ledger), "backups")
    assert len(out.strip().splitlines()) == 2  # the state before restoring is a backup too


def test_restoring_something_that_is_not_a_backup_changes_nothing(tmp_path, capsys):
    ledger = tmp_path / "ledger.db"
    run(capsys, "--db", str(ledger), "demo", "--tasks", "3", "--months", "1")
    before = plan_titles(ledger)
    note = tmp_path / "note.db"
    note.write_text("不是数据库" * 50, encoding="utf-8")
    code, _, err = run(capsys, "--db", str(ledger), "restore", str(note))
    assert code == 2 and "不是台账备份" in err and str(note) in err
    code, _, err = run(capsys, "--db", str(ledger), "restore", str(tmp_path / "无.db"))
    assert code == 2 and "备份文件不存在" in err
    assert plan_titles(ledger) == before


def test_storage_faults_exit_2_with_the_place_and_no_password(tmp_path, capsys):
    pytest.importorskip("psycopg")
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code, _, err = run(capsys, "--db", f"postgresql+psycopg://u:pw-secret@127.0.0.1:{port}/tz",
                       "plans")
    assert code == 2 and "无法连接" in err and "pw-secret" not in err
    bad = tmp_path / "坏.db"
    bad.write_bytes(b"\x01" * 4096)
    code, _, err = run(capsys, "--db", str(bad), "plans")
    assert code == 2 and "不是台账数据库" in err and str(bad) in err
