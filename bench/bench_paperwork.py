"""Benchmark: the month's paperwork on a large plan — the 调度通报 (Word, with the trend of up to
12 months), every unit's 催办通知单 (Word and PDF), the scorecard over 11 months, and the
dashboard's trend/ranking read.  Prints figures, asserts nothing.  Run:

    .venv/bin/python bench/bench_paperwork.py [--items 500] [--months 11] [--json FILE]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from db.demo import create_demo  # noqa: E402
from db.scorecard import unit_scores  # noqa: E402
from db.session import open_database  # noqa: E402
from db.trend import plan_trend  # noqa: E402
from exports.briefing import build_briefing  # noqa: E402
from exports.charts import trend_png  # noqa: E402
from exports.document_docx import write_docx  # noqa: E402
from exports.reminders import build_notices, write_notices  # noqa: E402


def timed(label: str, fn, figures: dict):
    start = time.perf_counter()
    result = fn()
    figures[label] = round(time.perf_counter() - start, 3)
    print(f"{label:<40} {figures[label]:7.2f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=500)
    parser.add_argument("--months", type=int, default=11)
    parser.add_argument("--json", help="also write the figures to this JSON file")
    args = parser.parse_args()
    today = dt.date(2026, 11, 20)
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        db = open_database(folder / "bench.db", user="bench")
        plan_id = timed(f"demo plan ({args.items} items, {args.months} months)",
                        lambda: create_demo(db, items=args.items, months=args.months,
                                            today=today), figures)
        document = timed("briefing: read 12 months and build",
                         lambda: build_briefing(db, plan_id, "2026-11", today=today,
                                                trend_picture=trend_png), figures)
        timed("briefing: write .docx", lambda: write_docx(document, folder / "b.docx"), figures)
        notices = timed("notices: build all units",
                        lambda: build_notices(db, plan_id, "2026-11", today=today), figures)
        out = folder / "notices"
        out.mkdir()
        files = timed("notices: write .docx and .pdf per unit",
                      lambda: write_notices(notices, out), figures)
        timed("scorecard: 2026-01..2026-11",
              lambda: unit_scores(db, plan_id, "2026-01", "2026-11", today=today), figures)
        timed("trend: 2026-01..2026-11",
              lambda: plan_trend(db, plan_id, "2026-01", "2026-11", today=today), figures)
        print(f"{len(notices)} notices, {len(files)} files, briefing "
              f"{(folder / 'b.docx').stat().st_size // 1024} KB")
        db.dispose()
    if args.json:
        Path(args.json).write_text(json.dumps(figures, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
