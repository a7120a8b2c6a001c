"""Printing paints the report's own PDF pages: same page count, orientation, ink on paper."""
import datetime as dt

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
    data, pages = pdf.render_bytes(table)
    return ReportPrintJob(data, title=table.title, landscape=table.landscape), pages


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
    image = job.document.render(0, job.document.pagePointSize(0).toSize())
    dark = sum(1 for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
               if image.pixelColor(x, y).lightness() < 100)
    assert dark > 50   # the page has text and grid lines, not a blank sheet


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
