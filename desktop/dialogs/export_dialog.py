"""导出报表 dialog: choose the report, month, lead unit, columns, title, 附件 label and footer,
then export it in any format of ``exports.renderers``, preview or print — all from the same
``ReportTable``.

Open it from the main window with the current plan, month and selected unit::

    open_export_dialog(window, db, plan_id, month="2026-11", unit_id=unit_id, kind="progress")

Rendering runs off the GUI thread (``run_in_background``); the last choices are remembered in
QSettings.  File pickers, opening a file with the system viewer and the print dialogs go
through small module functions that tests replace.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from PySide6.QtCore import (QT_TRANSLATE_NOOP, QCoreApplication, QDate, QSettings,
                            QStandardPaths, Qt, QUrl, Signal)
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QDialog, QFileDialog,
                               QFormLayout, QGridLayout, QGroupBox, QHBoxLayout, QLabel,
                               QLineEdit, QListWidget, QListWidgetItem, QPushButton, QSpinBox,
                               QVBoxLayout, QWidget)

from db.errors import KnownError
from db.services.plans import get_plan
from db.services.tasks import load_tree
from desktop.prompts import show_error
from desktop.background import run_in_background
from desktop.dialogs.scorecard_options import SCORECARD, ScorecardOptions
from exports.renderers import RENDERERS
from exports.report import (DEFAULT_FOOTER, FOOTER_FIELDS, OLD_KIND_NAMES, REPORT_KINDS,
                            ReportOptions, ReportTable, build_report, current_column_names,
                            current_kind_name, default_title)


def _tr(text: str) -> str:
    return QCoreApplication.translate("ExportDialog", text)


SETTINGS_GROUP = "export"
FONT_CHOICES = (("fang", QT_TRANSLATE_NOOP("ExportDialog", "仿宋")),
                ("song", QT_TRANSLATE_NOOP("ExportDialog", "宋体")))
SIZE_CHOICES = ((10.5, QT_TRANSLATE_NOOP("ExportDialog", "五号（10.5磅）")),
                (12.0, QT_TRANSLATE_NOOP("ExportDialog", "小四（12磅）")))


def ask_save_path(parent: QWidget | None, caption: str, suggested: str, filter_text: str) -> str:
    """The save-file picker; '' when cancelled (tests patch this)."""
    path, _ = QFileDialog.getSaveFileName(parent, caption, suggested, filter_text)
    return path


def open_with_system_viewer(path: str) -> bool:
    """Open a written file with the program the system associates with it (tests patch this)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(path))


def file_stem(title: str, month: str | None) -> str:
    """A report's file name: its title with the month (two months' files never collide)."""
    stem = _safe_file_name(title)
    if month and len(month) == 7:
        words = _tr("{}年{}月").format(int(month[:4]), int(month[5:]))
        if words not in stem:
            stem = f"{stem}（{words}）"
    return stem


def _safe_file_name(text: str) -> str:
    return "".join("_" if ch in '\\/:*?"<>|' else ch for ch in text).strip() or _tr("报表")


class ExportDialog(QDialog):
    """Choose and produce one official report; ``exported(path)`` after each written file."""

    exported = Signal(str)

    def __init__(self, db, plan_id: int, *, month: str | None = None,
                 unit_id: int | None = None, kind: str | None = None,
                 parent: QWidget | None = None, settings: QSettings | None = None,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.plan_id = plan_id
        self.today = today
        self.settings = settings or QSettings("taizhang", "taizhang")
        self.plan_title = get_plan(db, plan_id).title
        self._jobs = []          # running background operations (kept alive)
        self.last_path = ""
        self.setWindowTitle(self.tr("导出报表"))

        self.kind = QComboBox()
        for key, report in REPORT_KINDS.items():
            self.kind.addItem(report.label, key)
        self.month = QDateEdit()
        self.month.setDisplayFormat(self.tr("yyyy年M月"))
        start = QDate.fromString(month + "-01", "yyyy-MM-dd") if month else QDate.currentDate()
        self.month.setDate(start if start.isValid() else QDate.currentDate())
        self.scorecard = ScorecardOptions(self.month.date())
        self.unit = QComboBox()
        self.unit.addItem(self.tr("（全部牵头单位）"), None)
        for ref in self._lead_units():
            self.unit.addItem(ref.name, ref.id)
        if unit_id is not None and self.unit.findData(unit_id) >= 0:
            self.unit.setCurrentIndex(self.unit.findData(unit_id))
        self.title = QLineEdit()
        self.title.setClearButtonEnabled(True)
        self.annex = QLineEdit()
        self.annex.setPlaceholderText(self.tr("如：附件2（不填则不印）"))
        self.body_font = QComboBox()
        for key, label in FONT_CHOICES:
            self.body_font.addItem(self.tr(label), key)
        self.font_size = QComboBox()
        for size, label in SIZE_CHOICES:
            self.font_size.addItem(self.tr(label), size)
        fonts_row = QHBoxLayout()
        fonts_row.addWidget(self.body_font)
        fonts_row.addWidget(self.font_size)
        fonts_row.addStretch(1)

        form = self.form = QFormLayout()
        form.addRow(self.tr("报表："), self.kind)
        form.addRow(self.tr("月份："), self.month)
        form.addRow(self.tr("考评范围与权重："), self.scorecard)
        form.addRow(self.tr("牵头单位："), self.unit)
        form.addRow(self.tr("标题："), self.title)
        form.addRow(self.tr("附件标注："), self.annex)
        self.first_page = QSpinBox()
        self.first_page.setRange(1, 9999)
        self.first_page.setToolTip(self.tr("PDF 和 Word 的第一页页码：附件接着正文编页时填正文的下一页"))
        form.addRow(self.tr("起始页码："), self.first_page)
        form.addRow(self.tr("正文字体："), fonts_row)

        self.columns = QListWidget()
        self.columns.setMinimumHeight(180)
        columns_box = QGroupBox(self.tr("列（勾选要印的列）"))
        QVBoxLayout(columns_box).addWidget(self.columns)

        footer_box = QGroupBox(self.tr("表尾落款"))
        grid = QGridLayout(footer_box)
        self.footer_checks: dict[str, QCheckBox] = {}
        self.footer_values: dict[str, QLineEdit] = {}
        for row, (key, label) in enumerate(FOOTER_FIELDS):
            check = QCheckBox(label)
            value = QLineEdit()
            if key == "date":
                value.setPlaceholderText(self.tr("不填则为今天"))
            check.toggled.connect(value.setEnabled)
            self.footer_checks[key], self.footer_values[key] = check, value
            grid.addWidget(check, row, 0)
            grid.addWidget(value, row, 1)
        grid.setRowStretch(len(FOOTER_FIELDS), 1)

        middle = QHBoxLayout()
        middle.addWidget(columns_box, 1)
        middle.addWidget(footer_box, 1)

        self.open_after = QCheckBox(self.tr("导出后用系统程序打开文件"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # One button per output format (导出PDF, 导出Excel, …).
        self.format_buttons = {key: QPushButton(self.tr(r.action))
                               for key, r in RENDERERS.items()}
        self.preview_button = QPushButton(self.tr("打印预览"))
        self.print_button = QPushButton(self.tr("打印"))
        self.close_button = QPushButton(self.tr("关闭"))
        buttons = QHBoxLayout()
        for button in (*self.format_buttons.values(), self.preview_button, self.print_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(middle, 1)
        layout.addWidget(self.open_after)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

        self.kind.currentIndexChanged.connect(self._kind_changed)
        for key, button in self.format_buttons.items():
            button.clicked.connect(lambda _checked=False, key=key: self.export(key))
        self.preview_button.clicked.connect(self.preview)
        self.print_button.clicked.connect(self.print_)
        self.close_button.clicked.connect(self.reject)
        self._restore()
        kind = current_kind_name(kind) if kind else None
        if kind in REPORT_KINDS:   # the menu item the clerk chose wins over the last choice
            self.kind.setCurrentIndex(self.kind.findData(kind))
        self.resize(780, 600)

    # --- choices ------------------------------------------------------------------------------

    def _lead_units(self):
        seen, out = set(), []
        for task in load_tree(self.db, self.plan_id):
            for ref in task.lead_units:
                if ref.id not in seen:
                    seen.add(ref.id)
                    out.append(ref)
        return out

    def kind_key(self) -> str:
        return self.kind.currentData()

    def month_text(self) -> str:
        date = self.month.date()
        return f"{date.year():04d}-{date.month():02d}"

    def _kind_changed(self) -> None:
        kind = REPORT_KINDS[self.kind_key()]
        self.month.setEnabled(kind.uses_month)
        self.form.setRowVisible(self.scorecard, kind.key == SCORECARD)
        self.title.setPlaceholderText(default_title(self.plan_title, kind.key))
        saved = self._load_json(f"columns/{kind.key}")
        for old, new in OLD_KIND_NAMES.items():
            if saved is None and new == kind.key:   # remembered under the kind's old name
                saved = self._load_json(f"columns/{old}")
        chosen = (set(current_column_names(saved)) if isinstance(saved, list)
                  else set(kind.default_columns))
        self.columns.clear()
        for column in kind.columns:
            item = QListWidgetItem(column.name)
            item.setData(Qt.ItemDataRole.UserRole, column.key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if column.key in chosen
                               else Qt.CheckState.Unchecked)
            self.columns.addItem(item)

    def chosen_columns(self) -> tuple[str, ...]:
        out = []
        for row in range(self.columns.count()):
            item = self.columns.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(item.data(Qt.ItemDataRole.UserRole))
        return tuple(out)

    def set_column_checked(self, key: str, checked: bool) -> None:
        for row in range(self.columns.count()):
            item = self.columns.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == key:
                item.setCheckState(Qt.CheckState.Checked if checked
                                   else Qt.CheckState.Unchecked)

    def options(self) -> ReportOptions:
        footer = tuple(k for k, _label in FOOTER_FIELDS if self.footer_checks[k].isChecked())
        return ReportOptions(
            kind=self.kind_key(), month=self.month_text(), unit=self.unit.currentData(),
            columns=self.chosen_columns(), title=self.title.text().strip(),
            annex_label=self.annex.text().strip(), footer=footer,
            footer_values={k: e.text().strip() for k, e in self.footer_values.items()},
            body_font=self.body_font.currentData(), font_size=self.font_size.currentData(),
            today=self.today, first_page=self.first_page.value(), **self._range_options())

    def _range_options(self) -> dict:
        if self.kind_key() != SCORECARD:
            return {}
        return dict(first_month=self.scorecard.first_month_text(),
                    weights=self.scorecard.values())

    # --- remembered choices -------------------------------------------------------------------

    def _load_json(self, key: str):
        text = self.settings.value(f"{SETTINGS_GROUP}/{key}", "")
        try:
            return json.loads(text) if text else None
        except (TypeError, ValueError):
            return None

    def _store_json(self, key: str, value) -> None:
        self.settings.setValue(f"{SETTINGS_GROUP}/{key}", json.dumps(value, ensure_ascii=False))

    def _restore(self) -> None:
        state = self._load_json("state") or {}
        index = self.kind.findData(current_kind_name(state.get("kind", "progress")))
        self.kind.setCurrentIndex(max(0, index))
        self._kind_changed()
        self.annex.setText(state.get("annex_label", ""))
        self.body_font.setCurrentIndex(max(0, self.body_font.findData(state.get("font", "fang"))))
        self.font_size.setCurrentIndex(max(0, self.font_size.findData(state.get("size", 10.5))))
        footer = state.get("footer", list(DEFAULT_FOOTER))
        # Footer values belong to the plan (its 填报单位 and 填报人), not to the last export.
        values = self._load_json(f"footer_values/{self.plan_id}") or {}
        for key, check in self.footer_checks.items():
            check.setChecked(key in footer)
            self.footer_values[key].setEnabled(key in footer)
            if key != "date":
                self.footer_values[key].setText(values.get(key, ""))
        self.open_after.setChecked(bool(state.get("open_after", True)))

    def remember(self) -> None:
        options = self.options()
        self._store_json("state", {
            "kind": options.kind, "annex_label": options.annex_label,
            "font": options.body_font, "size": options.font_size,
            "footer": list(options.footer),
            "open_after": self.open_after.isChecked(),
        })
        self._store_json(f"footer_values/{self.plan_id}",
                         {k: v for k, v in options.footer_values.items() if k != "date"})
        self._store_json(f"columns/{options.kind}", list(options.columns))
        self.settings.sync()

    # --- actions ------------------------------------------------------------------------------

    def build_table(self) -> ReportTable | None:
        """The table for the current choices (quick: one read of the database), or None."""
        try:
            table = build_report(self.db, self.plan_id, self.options())
        except KnownError as exc:
            show_error(self, exc)
            return None
        self.remember()
        return table

    def _folder(self) -> str:
        folder = self.settings.value(f"{SETTINGS_GROUP}/folder", "")
        if folder and Path(folder).is_dir():
            return folder
        return QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())

    def _set_busy(self, busy: bool) -> None:
        for button in (*self.format_buttons.values(), self.preview_button, self.print_button):
            button.setEnabled(not busy)

    def _run(self, title: str, work, on_success) -> None:
        self._set_busy(True)

        def done(result) -> None:
            self._set_busy(False)
            on_success(result)

        def failed(exc: BaseException) -> None:
            self._set_busy(False)
            self.status.setText(self.tr("未完成。"))
            show_error(self, exc)

        signals = run_in_background(self, title, work, done, failed)
        signals.failed.connect(lambda _exc: self._set_busy(False))  # also after 取消
        self._jobs.append(signals)

    def export(self, fmt: str) -> None:
        renderer = RENDERERS[fmt]
        table = self.build_table()
        if table is None:
            return
        suggested = str(Path(self._folder()) / f"{file_stem(table.title, self.month_text())}"
                                               f"{renderer.suffix}")
        path = ask_save_path(self, self.tr(renderer.action), suggested,
                             self.tr(renderer.file_filter))
        if not path:
            return
        if not path.lower().endswith(renderer.suffix):
            path += renderer.suffix
        self.settings.setValue(f"{SETTINGS_GROUP}/folder", str(Path(path).parent))
        busy = self.tr("正在生成报表…")   # made here: the work runs off the GUI thread

        def work(progress):
            renderer.render(table, path,
                            progress=lambda done, total: progress.update(done, total, busy))
            return path

        self.status.setText(self.tr("正在导出…"))
        self._run(self.tr("正在导出报表…"), work, self._exported)

    def _exported(self, path: str) -> None:
        self.last_path = path
        self.status.setText(self.tr("已导出：") + path)
        self.exported.emit(path)
        if self.open_after.isChecked() and not open_with_system_viewer(path):
            self.status.setText(self.tr("已导出：") + path + self.tr("（无法自动打开，请手动打开）"))

    def _with_print_job(self, then) -> None:
        from exports import pdf

        table = self.build_table()
        if table is None:
            return

        busy = self.tr("正在排版…")   # made here: the work runs off the GUI thread

        def work(progress):
            pages = pdf.render_pages(
                table, progress=lambda done, total: progress.update(done, total, busy))
            return pages, table

        def ready(result) -> None:
            from desktop.print_preview import ReportPrintJob

            pages, table = result
            try:
                job = ReportPrintJob(pages, title=table.title, landscape=table.landscape)
                then(job)
            except KnownError as exc:
                show_error(self, exc)

        self._run(self.tr("正在准备打印…"), work, ready)

    def preview(self) -> None:
        from desktop import print_preview

        def show(job) -> None:
            self.status.setText(self.tr("打印预览：共 %n 页", "", job.page_count))
            print_preview.show_preview(self, job)

        self._with_print_job(show)

    def print_(self) -> None:
        from desktop import print_preview

        def send(job) -> None:
            if print_preview.print_report(self, job):
                self.status.setText(self.tr("已发送到打印机：共 %n 页", "", job.page_count))

        self._with_print_job(send)


def open_export_dialog(parent: QWidget | None, db, plan_id: int, *, month: str | None = None,
                       unit_id: int | None = None, kind: str | None = None
                       ) -> ExportDialog | None:
    """Show the dialog without blocking the main window; it deletes itself when closed.

    None (after telling the clerk why) when the plan cannot be read, e.g. it was deleted.
    """
    try:
        dialog = ExportDialog(db, plan_id, month=month, unit_id=unit_id, kind=kind,
                              parent=parent)
    except KnownError as exc:
        show_error(parent, exc)
        return None
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
