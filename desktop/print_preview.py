"""Print preview and printing of a report: the pages of the export's PDF, sent as text and lines.

The report is laid out once (``exports.pdf.render_pages``, off the GUI thread): the very pages
the PDF export writes, kept as text runs, grid lines and cell fills.  ``paint`` draws them with
QPainter in the PDF's own font files, so the printer gets text (a few kilobytes a page), not a
picture of each page (about 35 MB an A4 page at 300 dpi), and the preview, the paper and the
exported PDF cannot differ.  Modal dialogs go through ``run_modal`` and ``ask_print_dialog`` so
tests can replace them.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLineF, QPointF, QRectF
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPageLayout, QPageSize, QPainter, QPen
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QWidget

from db.errors import KnownError


def _tr(text: str) -> str:
    return QCoreApplication.translate("print_preview", text)


def run_modal(dialog: QDialog) -> int:
    """Show a modal dialog (tests patch this so no real modal stays open)."""
    return dialog.exec()


def ask_print_dialog(dialog: QPrintDialog) -> bool:
    """The system print dialog: True when the user pressed 打印 (tests patch this)."""
    return dialog.exec() == QDialog.DialogCode.Accepted


_FAMILIES: dict[str, str | None] = {}


def _family(font_name: str) -> str | None:
    """The Qt family of a font the PDF was laid out with, loaded from the same file."""
    if font_name not in _FAMILIES:
        from exports.fonts import font_file

        family = None
        found = font_file(font_name)
        if found is not None:
            path, index = found
            font_id = QFontDatabase.addApplicationFont(path)
            families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
            if families:
                family = families[min(index, len(families) - 1)]
        _FAMILIES[font_name] = family
    return _FAMILIES[font_name]


def _colour(rgb) -> QColor:
    return QColor.fromRgbF(*rgb)


class ReportPrintJob:
    """A laid-out report (``exports.pdf.PrintedPage`` list) that can be previewed and printed."""

    def __init__(self, pages, *, title: str, landscape: bool) -> None:
        self.title = title
        self.landscape = landscape
        self.pages = list(pages)
        if not self.pages:
            raise KnownError(_tr("报表没有可打印的页面。"))

    @property
    def page_count(self) -> int:
        return len(self.pages)

    def make_printer(self, mode=QPrinter.PrinterMode.HighResolution) -> QPrinter:
        printer = QPrinter(mode)
        printer.setDocName(self.title)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        printer.setPageOrientation(QPageLayout.Orientation.Landscape if self.landscape
                                   else QPageLayout.Orientation.Portrait)
        printer.setFullPage(True)   # the pages already have the official margins
        return printer

    def paint(self, printer: QPrinter) -> None:
        """Draw every page of the report onto ``printer`` (a real printer or a preview)."""
        painter = QPainter()
        if not painter.begin(printer):
            raise KnownError(_tr("无法开始打印：打印机不可用或被占用。"))
        try:
            pages = range(self.page_count)
            if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage():
                pages = range(printer.fromPage() - 1, min(printer.toPage(), self.page_count))
            for count, index in enumerate(pages):
                if count:
                    printer.newPage()
                self._paint_page(painter, printer, self.pages[index])
        finally:
            painter.end()

    def _paint_page(self, painter: QPainter, printer: QPrinter, page) -> None:
        paper = printer.paperRect(QPrinter.Unit.DevicePixel)
        scale = paper.width() / page.width          # device pixels per point
        dpi = painter.device().logicalDpiY() or 72
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for x, y, width, height, rgb in page.fills:
            painter.fillRect(QRectF(x * scale, y * scale, width * scale, height * scale),
                             _colour(rgb))
        for x1, y1, x2, y2, width, rgb in page.lines:
            pen = QPen(_colour(rgb))
            pen.setWidthF(max(width, 0.1) * scale)
            painter.setPen(pen)
            painter.drawLine(QLineF(x1 * scale, y1 * scale, x2 * scale, y2 * scale))
        fonts: dict[tuple[str, float], QFont] = {}
        for x, y, text, font_name, size, rgb in page.texts:
            key = (font_name, size)
            if key not in fonts:
                font = QFont(_family(font_name) or "")
                font.setPointSizeF(size * scale * 72 / dpi)   # the size in the PDF
                font.setKerning(False)
                font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
                fonts[key] = font
            painter.setFont(fonts[key])
            painter.setPen(_colour(rgb))
            painter.drawText(QPointF(x * scale, y * scale), text)
        painter.restore()


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
