"""Faults a Windows PC brings out: GBK consoles, the windowed exe without stderr, files held
for a moment by antivirus, locale-dependent date formatting."""
import ast
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from db.errors import StorageError
from exports import atomic

ROOT = Path(__file__).resolve().parents[2]
ODD_TITLE = "示例县•科技\xa0工作方案（2026年）"  # • and a non-breaking space are not in GBK


def cli(*argv, env=None, **kw):
    return subprocess.run([sys.executable, "-m", "desktop.cli", *argv], cwd=ROOT,
                          capture_output=True, env={**os.environ, **(env or {})}, **kw)


@pytest.fixture
def odd_plan(tmp_path):
    from db.services.plans import create_plan
    from db.session import open_database

    path = tmp_path / "odd.db"
    database = open_database(path)
    plan_id = create_plan(database, ODD_TITLE, region="示例县", year=2026).id
    database.dispose()
    return path, plan_id


def test_dump_to_a_file_is_utf8_under_a_gbk_console_encoding(odd_plan):
    path, plan_id = odd_plan
    proc = cli("--db", str(path), "dump", "--plan", str(plan_id),
               env={"PYTHONIOENCODING": "cp936"})
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    assert json.loads(proc.stdout.decode("utf-8"))["title"] == ODD_TITLE


def test_errors_are_utf8_under_a_gbk_console_encoding(tmp_path):
    missing = tmp_path / "方案•二〇二六.docx"
    proc = cli("--db", str(tmp_path / "x.db"), "import", str(missing),
               env={"PYTHONIOENCODING": "cp936"})
    assert proc.returncode == 2
    err = proc.stderr.decode("utf-8")
    assert "方案•二〇二六.docx" in err and "Traceback" not in err


def test_a_gbk_terminal_gets_replacement_characters_not_a_failure(odd_plan):
    path, plan_id = odd_plan
    leader, follower = pty.openpty()
    try:
        proc = subprocess.run([sys.executable, "-m", "desktop.cli", "--db", str(path), "plans"],
                              cwd=ROOT, stdout=follower, stderr=subprocess.PIPE,
                              env={**os.environ, "PYTHONIOENCODING": "cp936"}, timeout=60)
        os.close(follower)
        follower = None
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # Linux: EIO once the other side is closed and drained
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        if follower is not None:
            os.close(follower)
        os.close(leader)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    line = b"".join(chunks).decode("gbk").strip()
    assert line == f"{plan_id}\t{ODD_TITLE.replace('•', '?').replace(chr(0xa0), '?')}\t2026"


WITHOUT_STREAMS = """
import sys
sys.stdout = None
sys.stderr = None
from desktop.cli import main
raise SystemExit(main(sys.argv[1:]))
"""


def _no_streams(*argv):
    from desktop.logs import log_file

    proc = subprocess.run([sys.executable, "-c", WITHOUT_STREAMS, *argv], cwd=ROOT,
                          capture_output=True, env={**os.environ, "PYTHONIOENCODING": "cp936"},
                          timeout=60)
    log = log_file()  # the test's own user folders (conftest)
    return proc, (log.read_text(encoding="utf-8") if log.exists() else "")


def test_windowed_exe_without_stderr_logs_the_error(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not a database at all" * 50)
    proc, log = _no_streams("--db", str(bad), "plans")
    assert proc.returncode == 2
    assert proc.stderr == b"" and proc.stdout == b""
    assert "不是台账数据库" in log


def test_windowed_exe_without_streams_runs_commands_and_argument_errors(tmp_path):
    proc, _log = _no_streams("--db", str(tmp_path / "d.db"), "demo", "--tasks", "3")
    assert proc.returncode == 0 and proc.stderr == b""
    proc, log = _no_streams("--no-such-option")
    assert proc.returncode == 2 and proc.stderr == b""
    assert "参数错误" in log


def test_replace_is_retried_while_the_new_file_is_held(tmp_path, monkeypatch):
    monkeypatch.setattr(atomic, "REPLACE_RETRY_DELAYS_S", (0, 0, 0))
    real_replace = os.replace
    calls = []

    def held_twice(src, dst):
        calls.append(dst)
        if len(calls) <= 2:
            raise PermissionError(13, "另一个程序正在使用此文件")
        real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", held_twice)
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "报表.pdf"
    target.write_bytes(b"old")
    atomic.write_bytes_atomic(target, b"new")
    assert target.read_bytes() == b"new" and len(calls) == 3
    assert [p.name for p in target.parent.iterdir()] == ["报表.pdf"]  # no temporary file left


def test_a_file_held_for_good_is_a_clear_message_and_keeps_the_old_file(tmp_path, monkeypatch):
    monkeypatch.setattr(atomic, "REPLACE_RETRY_DELAYS_S", (0, 0))
    calls = []

    def always_held(src, dst):
        calls.append(dst)
        raise PermissionError(13, "另一个程序正在使用此文件")

    monkeypatch.setattr(atomic.os, "replace", always_held)
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "报表.xlsx"
    target.write_bytes(b"old")
    with pytest.raises(StorageError, match="Excel"):
        atomic.write_bytes_atomic(target, b"new")
    assert len(calls) == 3  # two retries, then the last try
    assert target.read_bytes() == b"old"
    assert [p.name for p in target.parent.iterdir()] == ["报表.xlsx"]


def test_no_strftime_with_chinese_in_the_format():
    """strftime("%Y年…") raises on Windows/Python 3.11 under a locale that cannot encode 年."""
    offenders = []
    for package in ("db", "exports", "desktop"):
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                        and node.func.attr == "strftime" and node.args
                        and isinstance(node.args[0], ast.Constant)
                        and not str(node.args[0].value).isascii()):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def test_deadline_shown_in_chinese_words():
    import datetime as dt

    from db.dto import TaskInfo
    from desktop.task_model import deadline_display

    fields = {f: None for f in TaskInfo.__dataclass_fields__}
    info = TaskInfo(**{**fields, "deadline": dt.date(2026, 3, 5), "deadline_text": ""})
    assert deadline_display(info) == "2026年3月5日"
