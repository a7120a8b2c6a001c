"""Benchmark: 月度工作推进情况表 of a large plan through the CLI, as PDF, Excel and Word, beside
LibreOffice converting our own .xlsx of it to PDF — what clerks already have.

Issue 10's target: the PDF in at most half of LibreOffice's time.  Each export is a fresh
``taizhang export`` process (start-up, reading the database, building the table, rendering,
writing), as a clerk or a script would run it.  Run:

    .venv/bin/python bench/bench_reports.py [--items 500] [--repeat 3] [--json FILE]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from db.demo import create_demo  # noqa: E402
from db.session import open_database  # noqa: E402


def best_of(repeat: int, fn) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    today = dt.date(2026, 11, 20)
    figures: dict[str, float | int | None] = {"items": args.items}
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        db_path = folder / "bench.db"
        db = open_database(db_path, user="bench")
        plan_id = create_demo(db, items=args.items, months=3, today=today)
        db.dispose()
        env = dict(os.environ, LANG="C.UTF-8", QT_QPA_PLATFORM="offscreen")

        def export(fmt: str) -> None:
            subprocess.run([sys.executable, "-m", "desktop.cli", "--db", str(db_path), "export",
                            "--plan", str(plan_id), "--report", "progress", "--month", "2026-11",
                            "--annex", "附件2", "-o", str(folder / f"progress.{fmt}")],
                           check=True, capture_output=True, cwd=ROOT, env=env)

        for fmt in ("pdf", "xlsx", "docx"):
            seconds = best_of(args.repeat, lambda fmt=fmt: export(fmt))
            figures[fmt] = round(seconds, 3)
            size = (folder / f"progress.{fmt}").stat().st_size // 1024
            print(f"CLI export {fmt:4} ({args.items} items, {size} KB): {seconds:6.2f} s")
        office = shutil.which("soffice") or shutil.which("libreoffice")
        if office is None:
            print("LibreOffice not installed: no comparison (apt-get install libreoffice-calc)")
            figures["libreoffice"] = None
        else:
            profile = f"file://{folder / 'lo-profile'}"

            def convert() -> None:
                subprocess.run([office, f"-env:UserInstallation={profile}", "--headless",
                                "--convert-to", "pdf", "--outdir", str(folder / "lo"),
                                str(folder / "progress.xlsx")],
                               check=True, capture_output=True, timeout=600)
            convert()   # the first start builds the profile: not counted
            lo = best_of(args.repeat, convert)
            figures["libreoffice"] = round(lo, 3)
            print(f"LibreOffice .xlsx -> PDF (same table):  {lo:6.2f} s")
            for fmt in ("pdf", "xlsx", "docx"):
                ratio = figures[fmt] / lo
                figures[f"{fmt}_ratio"] = round(ratio, 2)
                note = "  (target: at most 0.5)" if fmt == "pdf" else ""
                print(f"  {fmt:4} / LibreOffice = {ratio:.2f}{note}")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, ensure_ascii=False, indent=1),
                                   encoding="utf-8")


if __name__ == "__main__":
    main()
