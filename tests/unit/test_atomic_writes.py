"""Writes that a kill or a full disk cannot leave half done, and what is left is cleaned up."""
from __future__ import annotations

import errno
import os
import subprocess
import sys

import pytest

from db.errors import StorageError
from exports import atomic
from exports.atomic import atomic_path, is_temp_leftover, remove_leftovers, write_bytes_atomic


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_temporary_file_of_a_killed_export_is_removed_at_the_next_start(tmp_path):
    left = tmp_path / ".推进情况表.k3j9.part"
    left.write_bytes(b"half a pdf")
    busy = tmp_path / ".汇总表.x8q2.part"
    busy.write_bytes(b"being written by a running copy")
    listing = atomic._pending_list()
    listing.parent.mkdir(parents=True, exist_ok=True)
    listing.write_text(f"{dead_pid()}\t{left}\n{os.getpid()}\t{busy}\n", encoding="utf-8")

    assert remove_leftovers() == [left]
    assert not left.exists() and busy.exists()
    assert str(busy) in listing.read_text(encoding="utf-8")


def test_a_finished_write_leaves_nothing_pending_and_normal_permissions(tmp_path):
    target = tmp_path / "报表.pdf"
    write_bytes_atomic(target, b"%PDF-1.4 ...")
    assert target.read_bytes() == b"%PDF-1.4 ..."
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["报表.pdf"]
    assert str(tmp_path) not in atomic._pending_list().read_text(encoding="utf-8")
    if os.name != "nt":
        umask = os.umask(0)
        os.umask(umask)
        assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_a_full_disk_while_writing_is_a_storage_message_and_leaves_no_file(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    target = out / "推进情况表.xlsx"
    with pytest.raises(StorageError, match="磁盘空间已满") as caught:
        with atomic_path(target) as temp:
            temp.write_bytes(b"PK")
            raise OSError(errno.ENOSPC, "No space left on device", str(temp))
    assert "推进情况表" in caught.value.user_text()
    assert list(out.iterdir()) == []


def test_returns_loaders_skip_temporary_files_and_names_stay_unique(db, tmp_path):
    from db.services.plans import create_plan
    from db.services.tasks import add_task
    from db.services.units import create_unit
    from exports import returns

    plan = create_plan(db, "示例县方案", year=2026)
    first = create_unit(db, "示例县甲/乙办公室")
    second = create_unit(db, "示例县甲:乙办公室")  # the same name once a file name is made
    add_task(db, plan.id, title="事项一", lead_unit_ids=[first.id])
    add_task(db, plan.id, title="事项二", lead_unit_ids=[second.id])
    made = returns.make_returns(db, plan.id, "2026-11", tmp_path)
    names = [m.path.name for m in made.files]
    assert len(names) == len(set(names)) == 2
    assert all(m.path.exists() for m in made.files)

    leftover = tmp_path / ".2026-11_示例县_回收表.ab12.part"
    leftover.write_bytes(b"PK\x03\x04 half")
    check = returns.read_returns(db, [made.files[0].path, leftover])
    assert check.month == "2026-11"
