"""Screenshots of the import preview: responsible leaders, items without a lead unit, and the
banner when the same plan is imported again; then the window's status bar after 导入 (run
under Xvfb or offscreen).

    xvfb-run -a .venv/bin/python bench/screenshots_import.py /tmp/shots
"""
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from db.services.imports import import_plan  # noqa: E402
from db.session import open_database  # noqa: E402
from desktop.app import create_application  # noqa: E402
from exports.importers import parse_text  # noqa: E402

PLAN = """示例县2027年政府工作报告重点工作任务分解
一、工作目标
全县地区生产总值增长6.5%左右，新增城镇就业3000人以上。
二、重点任务
（一）做强实体经济（县工信局牵头）
1.推动园区扩容提质，新增标准厂房20万平方米。
牵头单位：县工业园区管委会
责任单位：县发改局、县自然资源局
责任领导：陈某某（副县长）
完成时限：2027年11月底前
2.培育规模以上工业企业15家。
牵头县领导：刘某某
3.开展企业服务专员走访，每季度一次。
（二）扩大有效投资
4.开工建设县城污水处理厂三期，2027年3月开工，2027年12月竣工（县城管局牵头，县住建局、县生态环境分局配合）。
5.谋划储备重大项目100个。
6.全年争取中央预算内投资3亿元以上。
（三）增进民生福祉
7.新建城区幼儿园3所，8月底前投入使用。
8.改造老旧小区12个。
三、保障措施
成立示例县重点工作推进领导小组，由县长陈某某任组长，常务副县长任副组长，成员为县发改局、县财政局、县统计局，领导小组办公室设在县发改局，县发改局局长兼任办公室主任。
"""


def main(out: Path) -> None:
    from desktop.dialogs.import_preview import ImportPreviewDialog

    out.mkdir(parents=True, exist_ok=True)
    app = create_application()
    db = open_database(Path(tempfile.mkdtemp()) / "shots.db", user="截图")
    import_plan(db, parse_text(PLAN).draft)   # imported once before: the banner shows
    for width, height in ((1280, 720), (1366, 768), (1920, 1080)):
        dialog = ImportPreviewDialog(db, text=PLAN)
        dialog.resize(width, height)
        dialog.show()
        done = []
        dialog.parsed.connect(lambda: done.append(1))
        dialog.start_parse()
        while not done:
            app.processEvents()
        app.processEvents()
        dialog.grab().save(str(out / f"import-preview-{width}.png"))
        dialog.tabs.setCurrentIndex(2)
        app.processEvents()
        dialog.grab().save(str(out / f"import-preview-group-{width}.png"))
        dialog.close()
    status_bar_shots(app, db, out)
    db.dispose()


def status_bar_shots(app, db, out: Path) -> None:
    """The window after 导入: the status bar's result line with the items still to be given a
    lead unit (the plan is a duplicate by now, so the banner's tick is set first)."""
    import datetime as dt

    from desktop.dialogs.import_preview import ImportPreviewDialog
    from desktop.workspace import build_main_window

    for width, height in ((1280, 720), (1366, 768), (1920, 1080)):
        window = build_main_window(db, today=dt.date(2027, 4, 10))
        window.resize(width, height)
        window.show()
        window.workspace._open_import(None)
        dialog = next(w for w in app.topLevelWidgets()
                      if isinstance(w, ImportPreviewDialog) and w.isVisible())
        dialog.paste_box.setPlainText(PLAN)
        done, written = [], []
        dialog.parsed.connect(lambda: done.append(1))
        dialog.imported.connect(lambda _: written.append(1))
        dialog.start_parse()
        while not done:
            app.processEvents()
        dialog.duplicate_ok.setChecked(True)
        dialog.import_button.click()
        while not written:
            app.processEvents()
        app.processEvents()
        window.grab().save(str(out / f"import-status-{width}.png"))
        window.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/shots"))
