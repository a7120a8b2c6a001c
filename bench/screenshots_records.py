"""Screenshots of the item panel (完成时限 with a deadline history and a unit's 延期申请
waiting, 销号 with 完成待销号, the month's 佐证材料) in the whole window, at a given screen
size.

Run under Xvfb with a screen of that size, so the first start fits itself to the screen:

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python bench/screenshots_records.py \
        /tmp/shots 1366x768

Saves ``<size>-records.png`` (the pane as the first start shows it; unfolded when it starts
folded) and ``<size>-returns.png`` (回收表 with four 延期申请 waiting) and prints what a clerk can see: whether the panel needs scrolling, how wide it is.
"""
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TODAY = dt.date(2026, 11, 20)
MONTH = "2026-11"
# our own fictional evidence: a tiny PDF, a PNG and a Word file's first bytes are enough
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _png() -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImage

    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(0x88AACC)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


def main(out: Path, size: str, items: int) -> None:
    home = Path(tempfile.mkdtemp())
    for name in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        os.environ[name] = str(home / name.lower())  # a first start: no saved geometry
    from db.demo import create_demo
    from db.schedule import month_standings, work_items
    from db.services import deadlines, evidence
    from db.services.deadline_requests import RequestDraft, record_requests
    from db.services.tasks import load_tree
    from db.session import open_database
    from desktop.app import create_application
    from desktop.workspace import build_main_window

    out.mkdir(parents=True, exist_ok=True)
    app = create_application()
    db = open_database(home / "shots.db", user="截图")
    plan = create_demo(db, items=items, months=3, today=TODAY)
    standings = month_standings(db, plan, MONTH, today=TODAY)
    item = next(t for t in work_items(load_tree(db, plan)) if standings[t.id].awaiting_closeout)
    deadlines.adjust_deadline(db, item.id, deadline=dt.date(2027, 3, 31),
                              deadline_text="2027年3月底前", reason="用地报批晚于预期",
                              approved_by="县专班办公室", approved_on=dt.date(2026, 6, 20))
    deadlines.adjust_deadline(db, item.id, deadline=dt.date(2027, 6, 30),
                              deadline_text="2027年6月底前", reason="施工单位更换，经分管县领导同意",
                              approved_by="分管副县长", approved_on=dt.date(2026, 9, 25))
    files = [evidence.check_file("竣工验收意见（盖章）.pdf", PDF),
             evidence.check_file("现场照片1.png", _png()),
             evidence.check_file("现场照片2.png", _png()),
             evidence.check_file("专题会议通知.pdf", PDF)]
    evidence.add_evidence(db, item.id, MONTH, files)
    with db.transaction() as session:
        record_requests(session, [RequestDraft(item.id, MONTH, item.lead_units[0].id,
                                               dt.date(2027, 9, 30), "2027年9月底前",
                                               "设备到货推迟，需再顺延一个季度",
                                               f"{MONTH}_回收表.xlsx")])

    window = build_main_window(db, today=TODAY)
    window.show()
    for _ in range(20):
        app.processEvents()
    ws = window.workspace
    if not ws.progress_pane.is_open():
        ws.progress_pane.set_open(True)
    for _ in range(20):
        app.processEvents()
    window.select_task(item.id)  # after unfolding, so the tree scrolls to it
    for _ in range(20):
        app.processEvents()
    panel = ws.records
    from PySide6.QtWidgets import QScrollArea
    scroll = panel.findChild(QScrollArea)
    print(f"screen {size}: window {window.width()}x{window.height()}; panel {panel.width()}x"
          f"{panel.height()}; item page split {ws.item_page.sizes()}")
    if scroll is not None:
        print(f"  panel scrolls: {scroll.verticalScrollBar().maximum() > 0}")
    path = out / f"{size}-records.png"
    window.grab().save(str(path))
    print(f"  {path}")

    # the review step of the returns: the 延期申请 waiting, with 批准延期… / 不批准…
    others = [t for t in work_items(load_tree(db, plan)) if t.id != item.id][:3]
    with db.transaction() as session:
        record_requests(session, [
            RequestDraft(t.id, MONTH, t.lead_units[0].id if t.lead_units else None,
                         dt.date(2027, 3, 31), "2027年3月底前", reason, f"{MONTH}_回收表.xlsx")
            for t, reason in zip(others, ("冬季施工受限", "上级审批流程调整，批复时间推迟",
                                          "配套资金分两批下达"))])
    from desktop.dialogs.returns_dialog import ReturnsDialog

    dialog = ReturnsDialog(db, plan, MONTH, home / "回收表", parent=window,
                           undo_history=window.history)
    dialog.show()
    for _ in range(20):
        app.processEvents()
    dialog.requests.selectRow(0)
    for _ in range(5):
        app.processEvents()
    path = out / f"{size}-returns.png"
    dialog.grab().save(str(path))
    print(f"  returns dialog {dialog.width()}x{dialog.height()}: {path}")


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/shots")
    main(target, sys.argv[2] if len(sys.argv) > 2 else "1366x768",
         int(sys.argv[3]) if len(sys.argv) > 3 else 40)
