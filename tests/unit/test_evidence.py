"""佐证材料: stored inside the ledger, all or nothing; dump, export by unit, remove and undo."""
import datetime as dt
import hashlib
import json
import sqlite3

import pytest

from db.dump import dump_plan
from db.errors import InvalidInput
from db.services.evidence import (
    MAX_BYTES,
    add_evidence_files,
    evidence_data,
    evidence_names,
    export_month_evidence,
    list_evidence,
    remove_evidence,
    restore_evidence,
)
from db.services.plans import create_plan
from db.services.progress import record_progress
from db.services.tasks import add_task, set_task_units
from db.services.units import create_unit
from desktop.cli import main

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


@pytest.fixture
def plan(db, tmp_path):
    plan = create_plan(db, "示例县农田水利工作方案", year=2026, start_date=dt.date(2026, 1, 1))
    water = create_unit(db, "示例县水利局")
    farm = create_unit(db, "示例县农业农村局")
    cat = add_task(db, plan.id, title="水利设施")
    first = add_task(db, plan.id, parent_id=cat.id, content="完成灌渠清淤")
    second = add_task(db, plan.id, parent_id=cat.id, content="建成高标准农田")
    set_task_units(db, first.id, "lead", [water.id])
    set_task_units(db, second.id, "lead", [farm.id])
    record_progress(db, second.id, "2026-11", status="序时推进", percent=60,
                    reporting_unit_id=farm.id)
    return plan.id, first.id, second.id


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def docx_file(tmp_path, name):
    from docx import Document

    document = Document()
    document.add_paragraph("示例县灌渠清淤验收意见")
    path = tmp_path / name
    document.save(path)
    return path


def table_counts(db_path):
    raw = sqlite3.connect(db_path)
    try:
        return {t: raw.execute(f"select count(*) from {t}").fetchone()[0]
                for t in ("evidence", "change_log", "progress")}
    finally:
        raw.close()


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_round_trip_add_dump_export_remove_undo(db, plan, tmp_path, capsys):
    plan_id, first, second = plan
    files = tmp_path / "in"
    files.mkdir()
    notice = write(files, "会议通知.pdf", PDF)
    photo = write(files, "现场照片.png", PNG)
    report = docx_file(files, "验收意见.docx")
    ledger = str(db.path)

    code, out, err = run(capsys, "--db", ledger, "evidence", "add", "--item", str(first),
                         "--month", "2026-11", str(notice), str(photo))
    assert code == 0, err
    assert "已添加 2 个佐证材料" in out
    add_evidence_files(db, second, "2026-11", [report])

    stored = list_evidence(db, first, "2026-11")
    assert [(e.name, e.media_type, e.size) for e in stored] == [
        ("会议通知.pdf", "application/pdf", len(PDF)), ("现场照片.png", "image/png", len(PNG))]
    assert stored[0].sha256 == hashlib.sha256(PDF).hexdigest()
    assert stored[0].added_by  # who added it

    code, out, err = run(capsys, "--db", ledger, "dump", "--plan", str(plan_id))
    dumped = json.loads(out)["tasks"][0]["children"]
    assert [e["name"] for e in dumped[0]["evidence"]] == ["会议通知.pdf", "现场照片.png"]
    assert dumped[1]["evidence"][0]["sha256"] == hashlib.sha256(report.read_bytes()).hexdigest()

    out_dir = tmp_path / "导出"
    code, out, err = run(capsys, "--db", ledger, "evidence", "export", "--plan", str(plan_id),
                         "--month", "2026-11", "-o", str(out_dir))
    assert code == 0, err
    exported = sorted(p.relative_to(out_dir).as_posix() for p in out_dir.rglob("*")
                      if p.is_file())
    assert exported == ["示例县农业农村局/2. 验收意见.docx", "示例县水利局/1. 会议通知.pdf",
                        "示例县水利局/1. 现场照片.png"]
    for info in list_evidence(db, first) + list_evidence(db, second):
        path = next(out_dir.rglob(f"* {info.name}"))
        assert hashlib.sha256(path.read_bytes()).hexdigest() == info.sha256
    assert not list(out_dir.rglob("*.part"))

    snapshot = remove_evidence(db, stored[0].id)
    assert [e.name for e in list_evidence(db, first)] == ["现场照片.png"]
    restore_evidence(db, snapshot)  # undo
    info, data = evidence_data(db, stored[0].id)
    assert info == stored[0] and data == PDF
    assert evidence_names(db, plan_id, "2026-11")[(first, "2026-11")] == [
        "会议通知.pdf", "现场照片.png"]


def test_a_30_mb_file_is_refused_and_the_database_is_unchanged(db, plan, tmp_path, capsys):
    _plan_id, first, _second = plan
    good = write(tmp_path, "签到表.pdf", PDF)
    huge = tmp_path / "航拍视频截图.pdf"
    with huge.open("wb") as f:
        f.write(b"%PDF-1.7\n")
        f.truncate(30 * 1024 * 1024)
    before = table_counts(db.path)

    code, out, err = run(capsys, "--db", str(db.path), "evidence", "add", "--item", str(first),
                         "--month", "2026-11", str(good), str(huge))

    assert code == 2 and out == ""
    assert "航拍视频截图.pdf" in err and "30.0 MB" in err and "上限" in err
    assert table_counts(db.path) == before
    with pytest.raises(InvalidInput, match="超过了 20.0 MB 的上限"):
        add_evidence_files(db, first, "2026-11", [good, huge])
    assert table_counts(db.path) == before and list_evidence(db, first) == []
    assert MAX_BYTES < 30 * 1024 * 1024


@pytest.mark.parametrize("name, data, message", [
    ("说明.txt", b"plain text", "不支持这种文件类型"),
    ("照片.jpg", b"GIF89a fake", "不是JPEG 图片"),
    ("验收.pdf", b"", "空的"),
    ("表格.xlsx", b"%PDF-1.4 not a zip", "不是Excel 工作簿"),
])
def test_bad_files_are_refused_by_name_and_nothing_is_half_stored(db, plan, tmp_path, name,
                                                                  data, message):
    _plan_id, first, _second = plan
    good = write(tmp_path, "会议纪要.pdf", PDF)
    bad = write(tmp_path, name, data)
    with pytest.raises(InvalidInput, match=message) as caught:
        add_evidence_files(db, first, "2026-11", [good, bad])
    assert name in caught.value.user_text()
    assert list_evidence(db, first) == []


def test_a_missing_file_is_named(db, plan, tmp_path):
    _plan_id, first, _second = plan
    with pytest.raises(InvalidInput, match="找不到这个文件") as caught:
        add_evidence_files(db, first, "2026-11", [tmp_path / "不存在.pdf"])
    assert "不存在.pdf" in caught.value.user_text()


def test_the_change_log_records_the_file_but_not_its_bytes(db, plan, tmp_path):
    _plan_id, first, _second = plan
    add_evidence_files(db, first, "2026-11", [write(tmp_path, "通知.pdf", PDF)])
    raw = sqlite3.connect(db.path)
    try:
        logged = raw.execute("select new_value from change_log where entity = 'evidence'"
                             ).fetchone()[0]
    finally:
        raw.close()
    assert "name=通知.pdf" in logged and "%PDF" not in logged and "data=" not in logged


def test_export_names_stay_apart_and_safe(db, plan, tmp_path):
    plan_id, first, _second = plan
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    add_evidence_files(db, first, "2026-10", [write(a, "照片.png", PNG), write(b, "照片.png", PNG)])
    written = export_month_evidence(db, plan_id, "2026-10", tmp_path / "out")
    assert [p.path.name for p in written] == ["1. 照片.png", "1. 照片 (2).png"]
    assert export_month_evidence(db, plan_id, "2026-09", tmp_path / "empty") == []
    assert not (tmp_path / "empty").exists()


def test_evidence_appears_in_the_dump_with_its_month(db, plan, tmp_path):
    plan_id, first, _second = plan
    add_evidence_files(db, first, "2026-10", [write(tmp_path, "台账.pdf", PDF)])
    node = dump_plan(db, plan_id)["tasks"][0]["children"][0]
    assert node["evidence"] == [{"month": "2026-10", "name": "台账.pdf",
                                 "media_type": "application/pdf", "size": len(PDF),
                                 "sha256": hashlib.sha256(PDF).hexdigest()}]


def test_the_progress_report_can_list_the_evidence_names(db, plan, tmp_path):
    from exports.report import REPORT_KINDS, ReportOptions, build_report

    plan_id, first, second = plan
    add_evidence_files(db, first, "2026-11", [write(tmp_path, "会议通知.pdf", PDF),
                                               write(tmp_path, "现场照片.png", PNG)])
    kind = REPORT_KINDS["progress"]
    columns = (*kind.default_columns, "evidence")
    table = build_report(db, plan_id, ReportOptions(kind="progress", month="2026-11",
                                                    today=dt.date(2026, 11, 20),
                                                    columns=columns))
    keys = [c.key for c in table.columns]
    cells = [row.cells[keys.index("evidence")].text for row in table.rows
             if row.cells[keys.index("evidence")] is not None]  # not the category headings
    assert cells == ["会议通知.pdf\n现场照片.png", ""]
    plain = build_report(db, plan_id, ReportOptions(kind="progress", month="2026-11"))
    assert "evidence" not in [c.key for c in plain.columns]  # a column to choose, not forced
