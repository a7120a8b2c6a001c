"""Import and returns speed on large generated plans (prints figures; asserts nothing).

    .venv/bin/python bench/bench_imports.py [items] [--json FILE]

Also: text plans of 2k/4k/8k/16k paragraphs (time, the 16k/2k ratio — linear is about 8,
the target at most 10 — and peak memory), the refusal of a 1,000,000-row sheet (time
and peak memory until the ParseError), and the largest Word plan the limits let through
(just under MAX_CHARACTERS of text, each paragraph a work item) beside one twice as long.
"""
from __future__ import annotations

import json
import random
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import docx  # noqa: E402
import openpyxl  # noqa: E402

from db.demo import create_demo  # noqa: E402
from db.services.imports import import_plan, merge_spellings  # noqa: E402
from db.session import open_database  # noqa: E402
from exports import returns  # noqa: E402
from exports.importers import ParseError, parse_file, parse_text  # noqa: E402

UNITS = ["县发改局", "县财政局", "县科工信局", "县住建局", "县农业农村局", "县政府办（金融办）",
         "各乡镇（管理局）", "县人社局", "县教育局", "县卫健局"]


def rows(items: int):
    for i in range(items):
        yield (f"（{i // 50 + 1}）第{i // 50 + 1}类任务", f"{i // 5 + 1}.任务{i // 5 + 1}",
               f"第{i + 1}项工作事项：推进重点项目建设，完成年度投资计划的{i % 100}%。",
               UNITS[i % len(UNITS)], "、".join(UNITS[(i + 1) % 10:(i + 1) % 10 + 3]),
               f"2025年{i % 12 + 1}月底前")


def timed(label: str, fn):
    start = time.perf_counter()
    result = fn()
    print(f"{label:<32}{time.perf_counter() - start:8.2f} s")
    return result


def text_plan(paragraphs: int) -> str:
    """A plan of ``paragraphs`` paragraphs in the usual layouts: 一、/（一）/1. headings,
    bracketed markers, label lines, sentences broken across lines as PDF text is."""
    rnd = random.Random(paragraphs)
    lines = ["示范县大型工作方案", "一、工作目标", "全县地区生产总值增长6%以上。", "二、重点任务"]
    n = 0
    while n < paragraphs:
        if n % 200 == 0:
            lines.append(f"（{'一二三四五六七八九十'[(n // 200) % 10]}）第{n // 200 + 1}类任务")
        k = n % 4
        unit = UNITS[n % len(UNITS)]
        if k == 0:
            lines.append(f"{n + 1}.推进第{n}项重点工程，{rnd.randint(1, 12)}月底前完成"
                         f"（{unit}牵头，{UNITS[(n + 3) % 10]}配合）。")
        elif k == 1:
            lines += [f"{n + 1}.完成第{n}项年度任务，新增投资{rnd.randint(1, 99)}亿元，",
                      "确保按期见效。", f"牵头单位：{unit}", f"责任单位：{UNITS[(n + 5) % 10]}"]
        elif k == 2:
            lines.append(f"{n + 1}.统筹第{n}项工作，一是摸清底数；二是完善台账；三是按月调度"
                         f"（{unit}牵头）。")
        else:
            lines.append(f"{n + 1}.持续抓好第{n}项日常工作，长期坚持（{unit}负责）。")
        n += 1
    lines += ["三、保障措施", "成立示范县工作专班，由县长任召集人，成员单位包括县发改局、县财政局，"
              "专班办公室设在县发改局。"]
    return "\n".join(lines)


def paragraph_scaling(figures: dict) -> None:
    times = {}
    for n in (2000, 4000, 8000, 16000):
        text = text_plan(n)
        start = time.perf_counter()
        parsed = parse_text(text)
        times[n] = time.perf_counter() - start
        items = sum(1 for t in parsed.draft.all_tasks() if not t.children)
        print(f"parse text, {n:>5} paragraphs     {times[n]:8.2f} s  ({items} items)")
    ratio = times[16000] / times[2000]
    print(f"ratio 16k/2k                      {ratio:8.1f}   (linear ≈ 8, target ≤ 10)")
    tracemalloc.start()
    parse_text(text_plan(16000))
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    print(f"peak memory, 16k paragraphs       {peak:8.1f} MB")
    figures.update({"text_seconds": times, "ratio_16k_2k": ratio, "text_peak_mb_16k": peak})


def huge_sheet(path: Path, rows: int = 1_000_000) -> None:
    """A real .xlsx of ``rows`` rows, written straight as XML (openpyxl would take minutes)."""
    rnd = random.Random(1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.'
                    'openxmlformats.org/package/2006/content-types"><Default Extension="xml" '
                    'ContentType="application/xml"/></Types>')
        zf.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas'
                    '.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
                    'Type="officeDocument" Target="xl/workbook.xml"/></Relationships>')
        zf.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook xmlns="http://schemas.'
                    'openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.'
                    'openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet '
                    'name="任务清单" sheetId="1" r:id="rId1"/></sheets></workbook>')
        zf.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns='
                    '"http://schemas.openxmlformats.org/package/2006/relationships"><Relationship'
                    ' Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        with zf.open("xl/worksheets/sheet1.xml", "w") as fh:
            fh.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                     b'spreadsheetml/2006/main"><sheetData>')
            for r in range(1, rows + 1):
                fh.write(f'<row r="{r}"><c r="A{r}"><v>{rnd.random()}</v></c></row>'.encode())
            fh.write(b"</sheetData></worksheet>")


def huge_refusal(folder: Path, figures: dict) -> None:
    path = folder / "huge.xlsx"
    timed("write a 1,000,000-row sheet", lambda: huge_sheet(path))
    tracemalloc.start()
    start = time.perf_counter()
    try:
        parse_file(path)
        message = "(not refused!)"
    except ParseError as exc:
        message = str(exc)
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    print(f"refuse it                         {seconds:8.2f} s, peak {peak:.1f} MB: {message}")
    figures.update({"huge_sheet_refusal_seconds": seconds, "huge_sheet_peak_mb": peak})


def raw_docx(path: Path, paragraphs) -> None:
    """A minimal real .docx of the given paragraph texts, written straight as XML."""
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.'
                    'openxmlformats.org/package/2006/content-types"><Default Extension="xml" '
                    'ContentType="application/xml"/></Types>')
        zf.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas'
                    '.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
                    'Type="officeDocument" Target="word/document.xml"/></Relationships>')
        with zf.open("word/document.xml", "w") as fh:
            fh.write(f'<?xml version="1.0"?><w:document xmlns:w="{ns}"><w:body>'.encode())
            for text in paragraphs:
                fh.write(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>".encode())
            fh.write(b"</w:body></w:document>")


def largest_docx(folder: Path, figures: dict) -> None:
    """The largest Word plan the limits let through (just under MAX_CHARACTERS of text, every
    paragraph a work item), read whole; and one just over, refused."""
    from exports.importers import safety

    def plan(n):
        yield "示范县大型工作要点"
        yield "一、重点任务"
        for k in range(n):
            yield f"完成第{k}项工作。"
    per = len("完成第50000项工作。")
    n = (safety.MAX_CHARACTERS - 40) // per
    path = folder / "largest.docx"
    raw_docx(path, plan(n))
    start = time.perf_counter()
    parsed = parse_file(path)
    seconds = time.perf_counter() - start
    items = len(parsed.draft.work_items())
    del parsed
    tracemalloc.start()  # a second reading for the peak (tracing slows the first several-fold)
    parse_file(path)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    print(f"largest docx let through          {seconds:8.2f} s, peak {peak:.0f} MB "
          f"({path.stat().st_size // 1024} KB, {items} items)")
    over = folder / "over.docx"
    raw_docx(over, plan(2 * n))
    start = time.perf_counter()
    try:
        parse_file(over)
        message = "(not refused!)"
    except ParseError as exc:
        message = str(exc)
    refused = time.perf_counter() - start
    print(f"twice as much text, refused       {refused:8.2f} s: {message}")
    figures.update({"largest_docx_seconds": seconds, "largest_docx_peak_mb": peak,
                    "largest_docx_items": items, "over_docx_refusal_seconds": refused})


def main(items: int) -> None:
    folder = Path(tempfile.mkdtemp())
    header = ("工作任务", "工作事项", "工作事项", "牵头单位", "责任单位", "完成时限")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["示范县大型工作方案重点工作任务清单"])
    ws.append(header)
    for row in rows(items):
        ws.append(row)
    xlsx = folder / "big.xlsx"
    wb.save(xlsx)
    doc = docx.Document()
    doc.add_paragraph("示范县大型工作方案")
    table = doc.add_table(rows=1, cols=6)
    for c, text in enumerate(header):
        table.rows[0].cells[c].text = text
    for row in rows(items):
        cells = table.add_row().cells
        for c, text in enumerate(row):
            cells[c].text = text
    big_docx = folder / "big.docx"
    timed(f"write docx ({items} rows)", lambda: doc.save(big_docx))
    print(f"sizes: docx {big_docx.stat().st_size // 1024} KB, xlsx {xlsx.stat().st_size // 1024} KB")
    db = open_database(folder / "bench.db")
    for path in (big_docx, xlsx):
        parsed = timed(f"parse {path.suffix}", lambda p=path: parse_file(p))
        leaves = sum(1 for t in parsed.draft.all_tasks() if not t.children)
        plan_id = timed(f"import {path.suffix} ({leaves} items)",
                        lambda p=parsed: import_plan(db, p.draft, merge_spellings(db, p.draft)))
    demo = timed(f"demo plan ({items} items)", lambda: create_demo(db, items=items, months=0))
    made = timed("make returns", lambda: returns.make_returns(db, demo, "2026-12",
                                                              folder / "returns"))
    files = [f.path for f in made.files]
    for f in files:
        wb = openpyxl.load_workbook(f)
        ws = wb[returns.SHEET]
        for r in range(returns.HEADER_ROW + 1, ws.max_row + 1):
            ws.cell(r, returns.column_number("完成状态"), "序时推进")
            ws.cell(r, returns.column_number("进展情况"), "按计划推进")
        wb.save(f)
    check = timed(f"read {len(files)} returned files", lambda: returns.read_returns(db, files))
    timed(f"write {len(check.rows)} progress rows", lambda: returns.write_returns(db, check))
    print(f"plan {plan_id} imported; returns: {len(files)} units")


if __name__ == "__main__":
    args = sys.argv[1:]
    if "-h" in args or "--help" in args:
        print(__doc__)
        sys.exit(0)
    out = None
    if "--json" in args:
        at = args.index("--json")
        out = Path(args[at + 1])
        del args[at:at + 2]
    figures: dict = {}
    paragraph_scaling(figures)
    huge_refusal(Path(tempfile.mkdtemp()), figures)
    largest_docx(Path(tempfile.mkdtemp()), figures)
    main(int(args[0]) if args else 2000)
    if out:
        out.write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")
