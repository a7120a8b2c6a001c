"""Screenshots of the whole window as a clerk first starts it, at a given screen size.

Run under Xvfb with the screen of that size, so the first start fits itself to the screen:

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python bench/screenshots_window.py \
        /tmp/shots 1366x768

Saves ``<size>-tasks.png``, ``-grid.png``, ``-warnings.png`` and ``-dashboard.png`` and prints, for
each, what a clerk can see: the window's size, how many tree rows fit, whether the detail pane
needs scrolling, the grid's column widths.
"""
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TODAY = dt.date(2026, 11, 20)


def main(out: Path, size: str, items: int) -> None:
    home = Path(tempfile.mkdtemp())
    for name in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        os.environ[name] = str(home / name.lower())  # a first start: no saved geometry
    from db.demo import create_demo
    from db.session import open_database
    from desktop.app import create_application
    from desktop.workspace import build_main_window

    out.mkdir(parents=True, exist_ok=True)
    app = create_application()
    db = open_database(home / "shots.db", user="截图")
    create_demo(db, items=items, months=3, today=TODAY)
    window = build_main_window(db, today=TODAY)
    window.show()
    for _ in range(20):
        app.processEvents()
    ws = window.workspace
    tree = window.task_list.tree
    first = tree.model().index(0, 0)
    row_height = max(1, tree.sizeHintForRow(0) or tree.visualRect(first).height())
    print(f"screen {size}: window {window.width()}x{window.height()}"
          f" maximised={window.isMaximized()}")
    for tab, widget in (("tasks", ws.task_page), ("grid", ws.grid), ("warnings", ws.warnings),
                        ("dashboard", ws.dashboard)):
        ws.tabs.setCurrentWidget(widget)
        for _ in range(20):
            app.processEvents()
        if tab == "tasks":
            rows = tree.viewport().height() // row_height
            scroll = window.task_list.detail_scroll
            needs = scroll.verticalScrollBar().maximum() > 0
            print(f"  tree rows visible: {rows}; detail pane scrolls: {needs};"
                  f" page split {ws.task_page.sizes()}")
        if tab == "grid":
            from desktop.views.month_grid import COLUMNS

            widths = {c[1]: ws.grid.view.columnWidth(i) for i, c in enumerate(COLUMNS)
                      if not ws.grid.view.isColumnHidden(i)}
            shown = ws.grid.view.viewport().width()
            print(f"  grid viewport {shown} px; columns {widths}")
        path = out / f"{size}-{tab}.png"
        window.grab().save(str(path))
        print(f"  {path}")


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/shots")
    main(target, sys.argv[2] if len(sys.argv) > 2 else "1366x768",
         int(sys.argv[3]) if len(sys.argv) > 3 else 40)
