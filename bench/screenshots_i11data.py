"""Screenshots of the dashboard, the warnings and the returns dialog in the main window at the
screen sizes a county office has (1280×720, 1366×768, 1920×1080).

    xvfb-run -a .venv/bin/python bench/screenshots_i11data.py /tmp/shots
"""
import datetime as dt
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from db.demo import create_demo  # noqa: E402
from db.session import open_database  # noqa: E402
from desktop.app import create_application  # noqa: E402

TODAY = dt.date(2026, 11, 20)
SIZES = ((1280, 720), (1366, 768), (1920, 1080))


def main(out: Path, with_returns: bool = True) -> None:
    from desktop.dialogs.returns_dialog import ReturnsDialog
    from desktop.workspace import build_main_window
    from exports import returns

    out.mkdir(parents=True, exist_ok=True)
    app = create_application()
    tmp = Path(tempfile.mkdtemp())
    db = open_database(tmp / "shots.db", user="截图")
    plan = create_demo(db, items=40, months=3, today=TODAY)
    window = build_main_window(db, today=TODAY)
    window.open_plan(plan)
    folder = tmp / "回收表"
    if with_returns:
        made = returns.make_returns(db, plan, "2026-11", folder)
        bad = _filled_batch(made)
    for width, height in SIZES:
        window.resize(width, height)
        window.show()
        for tab in ("dashboard", "warnings"):
            window.workspace.tabs.setCurrentWidget(getattr(window.workspace, tab))
            for _ in range(10):
                app.processEvents()
            path = out / f"{tab}-{width}x{height}.png"
            window.grab().save(str(path))
            print(path)
        if not with_returns:
            continue
        dialog = ReturnsDialog(db, plan, "2026-11", folder, parent=window)
        dialog.resize(min(dialog.width(), width - 40), min(dialog.height(), height - 60))
        dialog.show()
        dialog.load_files([f.path for f in made.files])
        while dialog.check is None:      # checked in the background
            app.processEvents()
        for _ in range(10):
            app.processEvents()
        path = out / f"returns-{width}x{height}.png"
        dialog.grab().save(str(path))
        print(path, bad)
        dialog.close()


def _filled_batch(made):
    """Fill the first workbooks as units would; spoil one (an edited id and a bad percent)."""
    import openpyxl

    from exports import returns

    for n, item in enumerate(made.files[:4]):
        wb = openpyxl.load_workbook(item.path)
        ws = wb[returns.SHEET]
        for r in range(returns.HEADER_ROW + 1, ws.max_row + 1):
            ws.cell(r, returns.column_number("完成状态"), "序时推进")
            ws.cell(r, returns.column_number("完成百分比"), 60 if n != 2 else 150)
            ws.cell(r, returns.column_number("进展情况"), "已完成前期手续，正在推进")
        if n == 2:
            ws.cell(returns.HEADER_ROW + 1, returns.column_number("事项编号"), "99999")
        wb.save(item.path)
    return made.files[2].path.name


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/shots"),
         "--no-returns" not in sys.argv)
