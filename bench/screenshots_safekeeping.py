"""Screenshots of the window keeping a ledger safe: the conflict message and 备份与恢复.

Run under Xvfb with a screen of the size to look at (the whole screen is grabbed, so the
message box is seen over the window it belongs to):

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python bench/screenshots_safekeeping.py \
        /tmp/shots 1366x768

Saves ``<size>-conflict.png`` (another clerk saved the item first; this window's edit is the
conflict message, and the item is read again), ``<size>-backups.png`` (文件 → 备份与恢复 with
backups of several kinds) and ``<size>-about.png`` (帮助 → 关于: the ledger and its backups), and
prints the sizes of the message box and the dialog beside the
screen's, so a box that does not fit shows in the figures too.
"""
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TODAY = dt.date(2026, 11, 20)


def settle(app, rounds: int = 20) -> None:
    for _ in range(rounds):
        app.processEvents()


def grab_screen(app, path: Path) -> None:
    app.primaryScreen().grabWindow(0).save(str(path))
    print(f"  {path}")


def main(out: Path, size: str) -> None:
    home = Path(tempfile.mkdtemp())
    for name in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        os.environ[name] = str(home / name.lower())  # a first start: no saved geometry
    from PySide6.QtWidgets import QMessageBox

    from db import backups as backup_store
    from db.demo import create_demo
    from db.services import tasks
    from db.session import open_database
    from desktop import prompts
    from desktop.app import create_application
    from desktop.dialogs.backups import BackupsDialog
    from desktop.workspace import build_main_window

    out.mkdir(parents=True, exist_ok=True)
    app = create_application()
    ledger = home / "示例县台账.db"
    db = open_database(ledger, user="张三")
    create_demo(db, items=40, months=3, today=TODAY)
    window = build_main_window(db, today=TODAY)
    window.show()
    settle(app)
    screen = app.primaryScreen().size()
    print(f"screen {size}: window {window.width()}x{window.height()}")

    # --- the conflict: another clerk saves the item first ---------------------------------
    boxes = []

    def show_box(parent, title, text):  # the real message box, left open to be grabbed
        box = QMessageBox(QMessageBox.Icon.Critical, title, text, QMessageBox.StandardButton.Ok,
                          parent)
        box.show()
        boxes.append(box)

    prompts.ask_user_error = show_box
    rows = window.task_list.model.rows()
    item = next(t for t in rows if t.content and len(t.content) > 30)
    window.select_task(item.id)
    settle(app)
    other = open_database(db.url, user="李四")
    tasks.update_task(other, item.id,
                      content=item.content + "（李四补充：示例县农业农村局已于11月18日完成现场核查）",
                      remarks="李四：已核实")
    window.task_list.model.edit_requested.emit(
        item.id, {"content": "张三改写：" + item.content, "remarks": "张三：请牵头单位月底前报送"})
    settle(app)
    box = boxes[-1]
    print(f"  conflict box {box.width()}x{box.height()} (screen {screen.width()}x"
          f"{screen.height()}); text lines {box.text().count(chr(10)) + 1}")
    grab_screen(app, out / f"{size}-conflict.png")
    box.close()
    settle(app)
    other.dispose()

    # --- 备份与恢复 with backups of several kinds --------------------------------------------
    now = dt.datetime.now().replace(microsecond=0)
    for days, tag in ((40, "升级前"), (9, "定时"), (2, "关闭时"), (1, "恢复前"), (0, "定时")):
        backup_store.make_backup(ledger, tag=tag, now=now - dt.timedelta(days=days, hours=3),
                                 prune=False)
    window.safekeeping.back_up()
    dialog = BackupsDialog(db, window, back_up=window.safekeeping.back_up,
                           restore=window.safekeeping.restore,
                           export=window.safekeeping.export_single_user)
    dialog.show()
    settle(app)
    dialog.table.selectRow(1)
    settle(app)
    header = dialog.table.horizontalHeader()
    widths = [header.sectionSize(i) for i in range(dialog.table.columnCount())]
    print(f"  backups dialog {dialog.width()}x{dialog.height()}; rows {dialog.table.rowCount()};"
          f" column widths {widths}")
    grab_screen(app, out / f"{size}-backups.png")
    dialog.close()

    # --- 帮助 → 关于: where the ledger is and how it is backed up -------------------------------
    from desktop.dialogs.about import AboutDialog

    about = AboutDialog(window, db)
    about.show()
    settle(app)
    print(f"  about dialog {about.width()}x{about.height()}")
    grab_screen(app, out / f"{size}-about.png")
    about.close()
    window.close()
    db.dispose()


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/shots")
    main(target, sys.argv[2] if len(sys.argv) > 2 else "1366x768")
