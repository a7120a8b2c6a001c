"""The month's paperwork from the window: 报表 → 生成调度通报 and 预警提醒 → 生成催办通知单.

Both ask where to save, build the documents off the GUI thread (``run_in_background``) from the
same summary the views show, and tell the clerk what was written.  Errors reach the clerk as a
Chinese message (``show_error``), never a traceback.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QStandardPaths
from PySide6.QtWidgets import QWidget

from db.schedule import DEFAULT_THRESHOLDS, Thresholds
from desktop import prompts as ui
from desktop.background import run_in_background
from desktop.dialogs import export_dialog, returns_dialog



def _tr(text: str) -> str:
    return QCoreApplication.translate("Paperwork", text)


def _documents_folder() -> str:
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)


def make_briefing(parent: QWidget, db, plan_id: int | None, month: str, *,
                  today: dt.date | None = None,
                  thresholds: Thresholds = DEFAULT_THRESHOLDS) -> None:
    """Ask for a .docx name, write the month's 调度通报 there, offer to open it."""
    if plan_id is None:
        ui.tell_user(parent, _tr("生成调度通报"), _tr("请先新建或导入一个工作方案。"))
        return
    suggested = str(Path(_documents_folder()) / _tr("调度通报_{}.docx").format(month))
    path = export_dialog.ask_save_path(parent, _tr("生成调度通报"), suggested,
                                       _tr("Word 文档 (*.docx)"))
    if not path:
        return
    if not path.lower().endswith(".docx"):
        path += ".docx"

    def work(progress):
        from exports.briefing import build_briefing
        from exports.charts import trend_png
        from exports.document_docx import write_docx

        progress.update(0, 2, _tr("正在汇总各月进展…"))
        document = build_briefing(db, plan_id, month, today=today, thresholds=thresholds,
                                  trend_picture=trend_png)
        progress.update(1, 2, _tr("正在写入 Word 文档…"))
        write_docx(document, path)
        return path

    def done(written: str) -> None:
        if ui.ask_confirm(parent, _tr("生成调度通报"),
                          _tr("已生成调度通报：") + f"\n{written}\n\n" + _tr("现在打开吗？")):
            export_dialog.open_with_system_viewer(written)

    run_in_background(parent, _tr("正在生成调度通报…"), work, done)


MODES = (QT_TRANSLATE_NOOP("paperwork", "每个单位一个文件（Word 和 PDF）"),  # shown via _tr
         QT_TRANSLATE_NOOP("paperwork", "合成一个文件（每个单位另起一页，Word 和 PDF）"))


def make_notices(parent: QWidget, db, plan_id: int | None, month: str | None,
                 units: list[str] | None, *, today: dt.date | None = None,
                 thresholds: Thresholds = DEFAULT_THRESHOLDS) -> None:
    """Ask for a folder and the layout, write the 催办通知单 of ``units`` (None: every unit with
    something late) as Word and PDF."""
    title = _tr("生成催办通知单")
    if plan_id is None or month is None:
        ui.tell_user(parent, title, _tr("请先新建或导入一个工作方案。"))
        return
    mode = ui.ask_choice(parent, title, _tr("催办通知单的文件："), [_tr(m) for m in MODES])
    if mode is None:
        return
    folder = returns_dialog.ask_folder(parent, title, _documents_folder())
    if not folder:
        return

    def work(progress):
        from exports.reminders import build_notices, write_notices

        progress.update(0, 2, _tr("正在整理各单位的事项…"))
        notices = build_notices(db, plan_id, month, units=units, today=today,
                                thresholds=thresholds)
        progress.update(1, 2, _tr("正在写入文件…"))
        files = write_notices(notices, folder, combined=mode == 1) if notices else []
        return notices, files

    def done(result) -> None:
        notices, files = result
        if not notices:
            ui.tell_user(parent, title, _tr("所选单位没有逾期、进度滞后或未报送的事项，不需要催办。"))
            return
        names = "、".join(n.unit for n in notices)
        ui.tell_user(parent, title,
                     _tr("已生成 {n} 个单位的催办通知单（{names}），共 {files} 个文件，保存在：")
                     .format(n=len(notices), names=names, files=len(files)) + f"\n{folder}")

    run_in_background(parent, _tr("正在生成催办通知单…"), work, done)
