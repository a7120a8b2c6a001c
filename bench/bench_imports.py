"""Import and returns speed on large generated plans (prints figures; asserts nothing).

    /tmp/venv/bin/python bench/bench_imports.py [items]
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import docx  # noqa: E402
import openpyxl  # noqa: E402

from db.demo import create_demo  # noqa: E402
from db.services.imports import import_plan, merge_spellings  # noqa: E402
from db.session import open_database  # noqa: E402
from exports import returns  # noqa: E402
from exports.importers import parse_file  # noqa: E402

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
            ws.cell(r, 7, "序时推进")
            ws.cell(r, 9, "按计划推进")
        wb.save(f)
    check = timed(f"read {len(files)} returned files", lambda: returns.read_returns(db, files))
    timed(f"write {len(check.rows)} progress rows", lambda: returns.write_returns(db, check))
    print(f"plan {plan_id} imported; returns: {len(files)} units")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
