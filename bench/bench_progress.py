"""Month switching and the dashboard on a large plan (prints figures; target < 300 ms each).

    QT_QPA_PLATFORM=offscreen /tmp/venv/bin/python bench/bench_progress.py [items] [months]
"""
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from db.demo import create_demo, recent_months  # noqa: E402
from db.schedule import month_sheet, month_standings  # noqa: E402
from db.session import open_database  # noqa: E402
from db.summary import plan_summary  # noqa: E402

TODAY = dt.date(2026, 11, 20)


def timed(label: str, fn, runs: int = 7) -> float:
    """Wall-clock and CPU time (CPU time is what this process used: on a busy machine the
    wall clock also counts waiting for a core)."""
    fn()  # warm: first query compiles statements
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    median = statistics.median(wall)
    print(f"{label:<50} wall median {median:6.0f} ms, max {max(wall):6.0f} ms;"
          f"  cpu median {statistics.median(cpu):6.0f} ms")
    return median


def main(items: int = 2000, months: int = 24) -> None:
    from PySide6.QtWidgets import QApplication

    from desktop.views.dashboard import Dashboard
    from desktop.views.month_grid import MonthGrid
    from desktop.views.warnings import WarningsPanel

    app = QApplication.instance() or QApplication([])
    db = open_database(Path(tempfile.mkdtemp()) / "bench.db", user="bench")
    start = time.perf_counter()
    plan = create_demo(db, items=items, months=months, today=TODAY)
    print(f"demo plan: {items} items, {months} months of progress "
          f"({time.perf_counter() - start:.1f} s to create); "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    month_list = recent_months(TODAY, months)
    cycle = iter(month_list * 100)

    timed("month_standings (one month)", lambda: month_standings(db, plan, next(cycle),
                                                                   today=TODAY))
    timed("month_sheet (items + entries + standings)",
          lambda: month_sheet(db, plan, next(cycle), today=TODAY))
    tree = month_sheet(db, plan, "2026-11", today=TODAY).tree
    timed("month_sheet, task list reused (month switch)",
          lambda: month_sheet(db, plan, next(cycle), today=TODAY, tree=tree))
    timed("plan_summary (dashboard data)", lambda: plan_summary(db, plan, next(cycle),
                                                                today=TODAY))

    grid = MonthGrid(db, today=TODAY)
    grid.resize(1366, 700)
    grid.set_plan(plan)

    def switch_grid():
        grid.set_month(next(cycle))
        grid.view.viewport().repaint()
    timed("month grid: switch month (query + model + paint)", switch_grid)

    def open_grid():
        fresh = MonthGrid(db, today=TODAY)
        fresh.resize(1366, 700)
        fresh.set_plan(plan)
        fresh.set_month("2026-11")
        fresh.grab()
        fresh.deleteLater()
        app.processEvents()
    timed("month grid: open (task list + month + paint)", open_grid)

    def open_dashboard():
        board = Dashboard(db, today=TODAY)
        board.resize(1366, 700)
        board.set_plan(plan)
        board.set_month("2026-11")
        board.grab()
        board.deleteLater()
        app.processEvents()
    timed("dashboard: open (build + summary + charts + paint)", open_dashboard)

    board = Dashboard(db, today=TODAY)
    board.resize(1366, 700)
    board.set_plan(plan)

    def switch_dashboard():
        board.set_month(next(cycle))
        board.grab()
    timed("dashboard: switch month", switch_dashboard)

    panel = WarningsPanel(db, today=TODAY)
    panel.set_plan(plan)
    timed("warnings panel: switch month", lambda: panel.set_month(next(cycle)))
    db.dispose()


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    main(*args)
