"""Screenshots of the progress views on the demo plan (run under Xvfb or offscreen).

    QT_QPA_PLATFORM=offscreen /tmp/venv/bin/python bench/screenshots_progress.py /tmp/shots
"""
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from db.demo import create_demo  # noqa: E402
from db.schedule import month_sheet  # noqa: E402
from db.session import open_database  # noqa: E402
from desktop.app import create_application  # noqa: E402

TODAY = dt.date(2026, 11, 20)
MONTH = "2026-11"


def main(out: Path, which: list[str]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = create_application()
    db = open_database(Path(tempfile.mkdtemp()) / "shots.db", user="截图")
    plan = create_demo(db, items=40, months=3, today=TODAY)
    sheet = month_sheet(db, plan, MONTH, today=TODAY)
    shots = {}
    if "form" in which:
        from desktop.views.progress_form import ProgressForm
        w = ProgressForm(db, today=TODAY)
        w.set_plan(plan)
        w.set_month(MONTH)
        mismatched = [t.id for t in sheet.items if sheet.standings[t.id].mismatch]
        w.set_task(mismatched[0] if mismatched else sheet.items[0].id)
        shots["form"] = w
    if "grid" in which:
        from desktop.views.month_grid import MonthGrid
        w = MonthGrid(db, today=TODAY)
        w.set_plan(plan)
        w.set_month(MONTH)
        shots["grid"] = w
    if "warnings" in which:
        from desktop.views.warnings import WarningsPanel
        w = WarningsPanel(db, today=TODAY)
        w.set_plan(plan)
        w.set_month(MONTH)
        shots["warnings"] = w
    if "dashboard" in which:
        from desktop.views.dashboard import Dashboard
        w = Dashboard(db, today=TODAY)
        w.set_plan(plan)
        w.set_month(MONTH)
        shots["dashboard"] = w
    if "indicators" in which:
        from desktop.views.indicator_actuals import IndicatorActuals
        w = IndicatorActuals(db)
        w.set_plan(plan)
        w.set_month(MONTH)
        shots["indicators"] = w
    sizes = {"warnings": (460, 720), "indicators": (1000, 360), "form": (1100, 460)}
    for name, widget in shots.items():
        widget.resize(*sizes.get(name, (1366, 720)))
        widget.show()
        for _ in range(5):
            app.processEvents()
        widget.grab().save(str(out / f"{name}.png"))
        print(out / f"{name}.png")


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/shots")
    main(target, sys.argv[2:] or ["form", "grid", "warnings", "dashboard", "indicators"])
