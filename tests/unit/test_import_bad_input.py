"""Bad input: one Chinese reason naming the file, never a traceback, the database unchanged."""
import hashlib
import io
import os
import random
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db.errors import KnownError
from db.services.imports import import_plan
from desktop.cli import main as cli_main
from exports.importers import ParseError, parse_file, parse_text
from exports.importers.safety import OLE_MAGIC

SHARED = Path(__file__).parents[2].parent / "shared"
DOCX = SHARED / "fixtures" / "youxian.docx"
XLSX = SHARED / "fixtures" / "youxian.xlsx"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def ledger(tmp_path):
    """A database file with one plan in it, closed, so its bytes can be compared."""
    path = tmp_path / "ledger.db"
    assert cli_main(["--db", str(path), "demo", "--tasks", "5", "--months", "1"]) == 0
    return path


def import_via_cli(ledger: Path, file: Path, capsys) -> tuple[int, str]:
    code = cli_main(["--db", str(ledger), "import", str(file)])
    return code, capsys.readouterr().err


def _zip_with(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


BAD_FILES = {
    "旧格式.doc": (OLE_MAGIC + b"\0" * 600, "旧格式"),
    "旧表格.xls": (OLE_MAGIC + b"\0" * 600, "旧格式"),
    "文字.wps": (b"anything", "旧格式"),
    "加密.docx": (OLE_MAGIC + b"\0" * 600, "加密"),
    "加密.xlsx": (OLE_MAGIC + b"\0" * 600, "加密"),
    "坏的.docx": (b"PK\x03\x04 this is not a zip at all", "损坏"),
    "空的.xlsx": (b"", "损坏"),
    "文本.docx": ("这不是 Word 文件".encode(), "损坏"),
    "表格当文档.docx": (_zip_with({"xl/workbook.xml": b"<workbook/>"}), "Excel"),
    "炸弹.xlsx": (_zip_with({"xl/workbook.xml": b"<a/>", "xl/big.xml": b"<a>" + b" " * (150 * 1024 * 1024) + b"</a>"}),
                  "炸弹"),
    "实体.docx": (_zip_with({"word/document.xml": b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
                                                    b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><d>&b;</d>'}),
                "不安全"),
    "无表.docx": (None, "没有识别出重点工作任务"),
    "通知.txt": ("关于召开会议的通知\n请各单位准时参加。".encode(), "没有识别出重点工作任务"),
    "乱码.txt": (bytes(range(256)) * 10, "编码"),
    "图片.png": (b"\x89PNG\r\n", "不支持的文件类型"),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_bad_file_is_refused_in_chinese_and_the_database_is_unchanged(tmp_path, ledger, capsys,
                                                                     name):
    data, reason = BAD_FILES[name]
    path = tmp_path / name
    if data is None:
        import docx

        doc = docx.Document()
        doc.add_paragraph("示范县某某工作方案")
        doc.add_paragraph("一、总体要求")
        doc.add_paragraph("做好各项工作。")
        doc.save(path)
    else:
        path.write_bytes(data)
    before = digest(ledger)
    code, err = import_via_cli(ledger, path, capsys)
    assert code == 2
    assert err.startswith("错误：") and name in err and reason in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert digest(ledger) == before


def test_sheet_and_row_are_named_in_returns_errors_elsewhere():
    """ParseError places read 文件，工作表“…”，第 N 行."""
    from exports.importers.common import place_of

    assert place_of("a.xlsx", "月度进展", 7) == "a.xlsx，工作表“月度进展”，第 7 行"


# --- hypothesis: generated workbooks and mutated files --------------------------------------------

cell_text = st.one_of(
    st.none(),
    st.sampled_from(["序号", "工作任务", "工作事项", "牵头单位", "责任单位", "完成时限", "备注",
                     "（一）某某行动", "1.某项任务", "县科工信局", "县财政局、各乡镇（管理局）",
                     "2025年12月底前", "年底前", "长期坚持", "一、产业", "等", "、、", "（", "）"]),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=30),
    st.integers(-5, 5000),
)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rows=st.lists(st.lists(cell_text, min_size=1, max_size=7), min_size=1, max_size=12),
       merges=st.lists(st.tuples(st.integers(1, 12), st.integers(1, 7), st.integers(0, 3),
                                 st.integers(0, 2)), max_size=4))
def test_generated_workbooks_import_or_fail_with_parse_error(db, tmp_path, rows, merges):
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    for r, c, dr, dc in merges:
        try:
            ws.merge_cells(start_row=r, start_column=c, end_row=r + dr, end_column=c + dc)
        except ValueError:
            pass
    path = tmp_path / "生成.xlsx"
    wb.save(path)
    before = db.path.read_bytes()
    try:
        parsed = parse_file(path)
    except ParseError as exc:
        assert exc.place.startswith("生成.xlsx")
        assert db.path.read_bytes() == before
        return
    try:
        plan_id = import_plan(db, parsed.draft)
    except KnownError:
        assert db.path.read_bytes() == before
        return
    assert plan_id > 0


def _mutations(data: bytes, seed: int) -> bytes:
    rng = random.Random(seed)
    out = bytearray(data)
    kind = seed % 3
    if kind == 0:  # flip bytes
        for _ in range(rng.randint(1, 20)):
            out[rng.randrange(len(out))] = rng.randrange(256)
    elif kind == 1:  # truncate
        out = out[: rng.randrange(1, len(out))]
    else:  # splice a block elsewhere
        a, b = sorted(rng.randrange(len(out)) for _ in range(2))
        out[a:a] = out[b:b + 200]
    return bytes(out)


@pytest.mark.parametrize("source", [DOCX, XLSX], ids=["docx", "xlsx"])
@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6))
def test_mutated_files_import_or_fail_with_parse_error(db, tmp_path, source, seed):
    if not source.exists():
        pytest.skip(f"{source} is absent")
    path = tmp_path / source.name
    path.write_bytes(_mutations(source.read_bytes(), seed))
    before = db.path.read_bytes()
    try:
        parsed = parse_file(path)
    except ParseError as exc:
        assert source.name in exc.user_text()
        assert db.path.read_bytes() == before
        return
    import_plan(db, parsed.draft)


def test_limits_are_checked_while_reading_and_name_file_and_sheet(tmp_path, monkeypatch):
    import openpyxl

    from exports.importers import safety

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "任务清单"
    for r in range(1, 131):
        ws.append([f"第{r}项", "县发改局"])
    path = tmp_path / "大表.xlsx"
    wb.save(path)
    monkeypatch.setattr(safety, "MAX_ROWS", 120)
    with pytest.raises(ParseError) as refused:
        parse_file(path)
    assert "大表.xlsx" in str(refused.value) and "任务清单" in str(refused.value)
    assert "超过 120 行" in str(refused.value)
    monkeypatch.setattr(safety, "MAX_ROWS", 50_000)
    monkeypatch.setattr(safety, "MAX_PARAGRAPHS", 5)
    doc = docx.Document()
    for k in range(8):
        doc.add_paragraph(f"第{k}段")
    doc.save(tmp_path / "长文.docx")
    with pytest.raises(ParseError, match="长文.docx.*超过 5 个段落"):
        parse_file(tmp_path / "长文.docx")


def test_characters_are_counted_while_reading(tmp_path, monkeypatch):
    """A few paragraphs of enormous text pass the paragraph count; their characters do not."""
    from exports.importers import safety

    monkeypatch.setattr(safety, "MAX_CHARACTERS", 500)
    doc = docx.Document()
    doc.add_paragraph("示例县工作方案")
    doc.add_paragraph("一、重点任务")
    doc.add_paragraph("推进重点项目建设，" * 60)
    doc.save(tmp_path / "长段.docx")
    with pytest.raises(ParseError, match="长段.docx：文字过多（超过 500 字）"):
        parse_file(tmp_path / "长段.docx")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "任务清单"
    ws.append(["工作任务", "牵头单位"])
    ws.append(["推进重点项目建设，" * 60, "县发改局"])
    wb.save(tmp_path / "长格.xlsx")
    with pytest.raises(ParseError, match="长格.xlsx.*文字过多"):
        parse_file(tmp_path / "长格.xlsx")
    (tmp_path / "长文.txt").write_text("示例县工作方案\n" + "推进重点项目建设。" * 60,
                                      encoding="utf-8")
    with pytest.raises(ParseError, match="长文.txt：文字过多"):
        parse_file(tmp_path / "长文.txt")
    with pytest.raises(ParseError, match="粘贴的文本：文字过多"):
        parse_text("示例县工作方案\n" + "推进重点项目建设。" * 60)
    # a plan of ordinary length reads
    (tmp_path / "短.txt").write_text("示例县工作方案\n一、重点任务\n1.推进项目建设。（县发改局牵头）\n",
                                    encoding="utf-8")
    assert parse_file(tmp_path / "短.txt").draft.work_items()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifos_and_links_to_them_are_refused_before_opening(tmp_path):
    fifo = tmp_path / "方案.txt"
    os.mkfifo(fifo)
    link = tmp_path / "链接.docx"
    link.symlink_to(fifo)
    for path in (fifo, link):
        with pytest.raises(ParseError, match="不是普通文件"):
            parse_file(path)  # would block forever if it were opened
    with pytest.raises(ParseError, match="不是普通文件"):
        parse_file(tmp_path)

