"""Benchmark: 月度工作推进情况表 for a large plan, as PDF and as Excel.

Targets (issue 5, 2-core machine): PDF < 3 s, Excel < 2 s for 500 work items.  Printed beside
LibreOffice converting the same .xlsx to PDF, for scale.  Run:

    /tmp/venv/bin/python bench/bench_reports.py [--items 500] [--repeat 3]
"""
from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from db.demo import create_demo  # noqa: E402
from db.session import open_database  # noqa: E402
from exports import pdf, xlsx  # noqa: E402
from exports.fonts import find_fonts  # noqa: E402
from exports.report import ReportOptions, build_report  # noqa: E402


def timed(fn, repeat: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    today = dt.date(2026, 11, 20)
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        db = open_database(folder / "bench.db", user="bench")
        start = time.perf_counter()
        plan_id = create_demo(db, items=args.items, months=3, today=today)
        print(f"demo plan, {args.items} work items, 3 months: {time.perf_counter() - start:.2f} s")
        options = ReportOptions(kind="progress", month="2026-11", annex_label="附件2",
                                today=today)
        build_s, table = timed(lambda: build_report(db, plan_id, options), args.repeat)
        print(f"build ReportTable ({len(table.rows)} rows):          {build_s:6.2f} s")
        fonts_s, _ = timed(find_fonts, 1)
        print(f"find and register fonts (first call):        {fonts_s:6.2f} s")
        pdf_path, xlsx_path = folder / "progress.pdf", folder / "progress.xlsx"
        pdf_s, pages = timed(lambda: pdf.render(table, pdf_path), args.repeat)
        print(f"PDF  render + write ({pages} pages, {pdf_path.stat().st_size // 1024} KB):"
              f"  {pdf_s:6.2f} s   (target < 3 s; build+render {build_s + pdf_s:.2f} s)")
        xlsx_s, _ = timed(lambda: xlsx.render(table, xlsx_path), args.repeat)
        print(f"xlsx render + write ({xlsx_path.stat().st_size // 1024} KB):"
              f"          {xlsx_s:6.2f} s   (target < 2 s; build+render {build_s + xlsx_s:.2f} s)")
        office = shutil.which("libreoffice") or shutil.which("soffice")
        if office is None:
            print("LibreOffice not installed: skipped converting the .xlsx to PDF "
                  "(apt-get install -y libreoffice-calc)")
        else:
            out = folder / "lo"
            start = time.perf_counter()
            subprocess.run([office, "--headless", "--convert-to", "pdf", "--outdir", str(out),
                            str(xlsx_path)], check=True, capture_output=True, timeout=300)
            lo_s = time.perf_counter() - start
            print(f"LibreOffice .xlsx -> PDF (same table):       {lo_s:6.2f} s")
        db.dispose()


if __name__ == "__main__":
    main()
