"""Print preview and printing of a report: the very PDF the export writes, painted on a printer.

The report is rendered once (``exports.pdf.render_bytes``, off the GUI thread), loaded into
QtPdf's ``QPdfDocument`` and each page drawn onto the ``QPrinter`` — so the preview, the paper
and the exported PDF cannot differ.  Modal dialogs go through ``run_modal`` and
``ask_print_dialog`` so tests can replace them.
"""
from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QRectF, QSize
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPaintEngine
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QWidget

from db.errors import KnownError

PREVIEW_DPI = 110      # the preview keeps every page as a picture: keep them small
PRINT_DPI_MAX = 300


def _tr(text: str) -> str:
    return QCoreApplication.translate("print_preview", text)


def run_modal(dialog: QDialog) -> int:
    """Show a modal dialog (tests patch this so no real modal stays open)."""
    return dialog.exec()


def ask_print_dialog(dialog: QPrintDialog) -> bool:
    """The system print dialog: True when the user pressed 打印 (tests patch this)."""
    return dialog.exec() == QDialog.DialogCode.Accepted


class ReportPrintJob:
    """A rendered report PDF that can be previewed and printed."""

    def __init__(self, pdf_data: bytes, *, title: str, landscape: bool) -> None:
        self.title = title
        self.landscape = landscape
        self._bytes = QByteArray(pdf_data)
        self._buffer = QBuffer(self._bytes)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument()
        self.document.load(self._buffer)
        if self.document.status() != QPdfDocument.Status.Ready or self.page_count == 0:
            raise KnownError("报表PDF无法打开，不能预览或打印。")

    @property
    def page_count(self) -> int:
        return self.document.pageCount()

    def make_printer(self, mode=QPrinter.PrinterMode.HighResolution) -> QPrinter:
        printer = QPrinter(mode)
        printer.setDocName(self.title)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        printer.setPageOrientation(QPageLayout.Orientation.Landscape if self.landscape
                                   else QPageLayout.Orientation.Portrait)
        printer.setFullPage(True)   # the PDF already has the official margins
        return printer

    def paint(self, printer: QPrinter) -> None:
        """Draw every page of the report onto ``printer`` (a real printer or a preview)."""
        painter = QPainter()
        if not painter.begin(printer):
            raise KnownError("无法开始打印：打印机不可用或被占用。")
        try:
            preview = painter.paintEngine().type() == QPaintEngine.Type.Picture
            dpi = PREVIEW_DPI if preview else min(PRINT_DPI_MAX, printer.resolution())
            pages = range(self.page_count)
            if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage():
                pages = range(printer.fromPage() - 1, min(printer.toPage(), self.page_count))
            for count, index in enumerate(pages):
                if count:
                    printer.newPage()
                points = self.document.pagePointSize(index)
                image = self.document.render(index, QSize(round(points.width() / 72 * dpi),
                                                          round(points.height() / 72 * dpi)))
                target = QRectF(printer.paperRect(QPrinter.Unit.DevicePixel))
                target.moveTo(0, 0)
                painter.drawImage(target, image)
        finally:
            painter.end()


def show_preview(parent: QWidget | None, job: ReportPrintJob) -> QPrintPreviewDialog:
    """Open the print preview (from which the clerk can also print)."""
    printer = job.make_printer()
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(_tr("打印预览") + f" — {job.title}")
    dialog.resize(1100, 720)
    dialog.paintRequested.connect(job.paint)
    dialog._keep = (job, printer)   # lifetime: as long as the dialog
    run_modal(dialog)
    return dialog


def print_report(parent: QWidget | None, job: ReportPrintJob) -> bool:
    """Ask for a printer and print; False when the user cancelled."""
    printer = job.make_printer()
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_tr("打印报表"))
    dialog.setMinMax(1, job.page_count)
    if not ask_print_dialog(dialog):
        return False
    job.paint(printer)
    return True
