"""Printing sends the report's own PDF pages as text and lines: same page count and orientation."""
import datetime as dt
import re

import pytest

from pypdf import PdfReader
from PySide6.QtGui import QPageLayout
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog, QPrintPreviewWidget

from desktop import print_preview
from desktop.print_preview import ReportPrintJob
from exports import pdf
from exports.report import ReportOptions, build_report


def job_for(db, plan_id, kind):
    table = build_report(db, plan_id, ReportOptions(kind=kind, month="2026-11",
                                                    today=dt.date(2026, 11, 20)))
    printed = pdf.render_pages(table)
    _data, pages = pdf.render_bytes(table)
    return ReportPrintJob(printed, title=table.title, landscape=table.landscape), pages


def print_to_pdf(job, path, mode=QPrinter.PrinterMode.ScreenResolution):
    printer = job.make_printer(mode)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    job.paint(printer)
    return PdfReader(str(path))


def test_printing_gives_every_page_in_landscape(qtbot, db, demo_plan, tmp_path):
    job, pages = job_for(db, demo_plan, "progress")
    assert job.page_count == pages > 1
    printed = print_to_pdf(job, tmp_path / "printed.pdf")
    assert len(printed.pages) == pages
    box = printed.pages[0].mediabox
    assert float(box.width) > float(box.height)


def test_the_printer_gets_text_and_lines_not_pictures(qtbot, db, demo_plan, tmp_path):
    """Printed to a PDF file through QPrinter at printer resolution: the text reads back
    (title, a cell, the page number), no page is a picture, and a page is a few kilobytes."""
    job, pages = job_for(db, demo_plan, "progress")
    out = tmp_path / "printed.pdf"
    printed = print_to_pdf(job, out, QPrinter.PrinterMode.HighResolution)
    assert len(printed.pages) == pages
    first = re.sub(r"\s", "", printed.pages[0].extract_text())
    title = job.pages[0].texts   # what the layout drew, in order
    assert "工作推进情况表" in first and "序号" in first and "—1—" in first
    cell = next(t[2] for t in title if len(t[2]) > 8 and "进展" not in t[2])
    assert re.sub(r"\s", "", cell) in first
    for page in printed.pages:
        xobjects = page["/Resources"].get("/XObject", {})
        assert not [k for k, v in xobjects.items() if v.get_object().get("/Subtype") == "/Image"]
    assert out.stat().st_size < 150_000 * pages


def test_page_range_prints_only_those_pages(qtbot, db, demo_plan, tmp_path):
    job, pages = job_for(db, demo_plan, "progress")
    printer = job.make_printer(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "range.pdf"))
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    job.paint(printer)
    assert len(PdfReader(str(tmp_path / "range.pdf")).pages) == 2


@pytest.mark.parametrize("kind, orientation", [("units", "Portrait"),
                                               ("progress", "Landscape")])
def test_preview_dialog_paints_the_pages(qtbot, db, demo_plan, monkeypatch, kind, orientation):
    job, pages = job_for(db, demo_plan, kind)
    shown = []
    monkeypatch.setattr(print_preview, "run_modal", lambda dialog: shown.append(dialog) or 0)
    dialog = print_preview.show_preview(None, job)
    qtbot.addWidget(dialog)
    assert shown == [dialog] and isinstance(dialog, QPrintPreviewDialog)
    widget = dialog.findChild(QPrintPreviewWidget)
    widget.updatePreview()      # what showing the dialog does: paint into the preview
    assert widget.pageCount() == pages
    assert widget.orientation() == getattr(QPageLayout.Orientation, orientation)


def test_print_report_prints_after_the_dialog(qtbot, db, demo_plan, tmp_path, monkeypatch):
    job, pages = job_for(db, demo_plan, "units")

    def accept(dialog):
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / "sent.pdf"))
        return True
    monkeypatch.setattr(print_preview, "ask_print_dialog", accept)
    assert print_preview.print_report(None, job)
    assert len(PdfReader(str(tmp_path / "sent.pdf")).pages) == pages
