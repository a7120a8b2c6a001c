"""The export dialog: choices become the report, files are written off the GUI thread."""
import datetime as dt

import openpyxl
import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSettings, Qt

from desktop.dialogs import export_dialog
from desktop.dialogs.export_dialog import ExportDialog

TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def opened(monkeypatch):
    """Files handed to the system viewer (none is really opened)."""
    paths = []
    monkeypatch.setattr(export_dialog, "open_with_system_viewer",
                        lambda path: paths.append(path) or True)
    return paths




def make_dialog(qtbot, db, plan_id, settings, **kw):
    dialog = ExportDialog(db, plan_id, month="2026-11", settings=settings, today=TODAY, **kw)
    qtbot.addWidget(dialog)
    return dialog


def choose_path(monkeypatch, path):
    asked = []

    def ask(parent, caption, suggested, filter_text):
        asked.append((caption, suggested))
        return str(path)
    monkeypatch.setattr(export_dialog, "ask_save_path", ask)
    return asked


def test_choices_become_report_options(qtbot, db, demo_plan, settings):
    dialog = make_dialog(qtbot, db, demo_plan, settings, unit_id=None)
    dialog.kind.setCurrentIndex(dialog.kind.findData("progress"))
    assert dialog.month.isEnabled()
    assert dialog.title.placeholderText().endswith("月度工作推进情况表")
    dialog.set_column_checked("problems", False)
    dialog.set_column_checked("responsible_units", True)
    dialog.annex.setText("附件3")
    dialog.footer_checks["approved_by"].setChecked(True)
    dialog.footer_values["approved_by"].setText("王五")
    unit_index = dialog.unit.findText("示例高新区")
    dialog.unit.setCurrentIndex(unit_index)
    options = dialog.options()
    assert options.kind == "progress" and options.month == "2026-11"
    assert "problems" not in options.columns and "responsible_units" in options.columns
    assert options.annex_label == "附件3"
    assert "approved_by" in options.footer and options.footer_values["approved_by"] == "王五"
    assert options.unit == dialog.unit.itemData(unit_index)
    dialog.kind.setCurrentIndex(dialog.kind.findData("tasks"))
    assert not dialog.month.isEnabled()          # the task list has no month
    assert dialog.columns.count() == 8           # with 责任领导, offered but not ticked
    leaders = next(dialog.columns.item(i) for i in range(8)
                   if dialog.columns.item(i).text() == "责任领导")
    assert leaders.checkState() == Qt.CheckState.Unchecked


def test_export_pdf_off_the_gui_thread_and_open_it(qtbot, db, demo_plan, settings, opened,
                                                   monkeypatch, tmp_path):
    out = tmp_path / "月报.pdf"
    asked = choose_path(monkeypatch, out)
    dialog = make_dialog(qtbot, db, demo_plan, settings)
    dialog.kind.setCurrentIndex(dialog.kind.findData("progress"))
    dialog.annex.setText("附件2")
    with qtbot.waitSignal(dialog.exported, timeout=20000) as signal:
        dialog.format_buttons["pdf"].click()
    assert signal.args == [str(out)]
    assert asked[0][1].endswith("示例县科技创新提质增效三年行动月度工作推进情况表（2026年11月）.pdf")
    text = PdfReader(str(out)).pages[0].extract_text()
    assert "附件2" in text and "月度工作推进情况表" in text
    assert opened == [str(out)]
    assert "已导出" in dialog.status.text()
    qtbot.waitUntil(lambda: dialog.format_buttons["pdf"].isEnabled())


def test_export_excel_with_chosen_columns(qtbot, db, demo_plan, settings, opened,
                                          monkeypatch, tmp_path):
    out = tmp_path / "清单"          # the extension is added
    choose_path(monkeypatch, out)
    dialog = make_dialog(qtbot, db, demo_plan, settings)
    dialog.kind.setCurrentIndex(dialog.kind.findData("tasks"))
    dialog.set_column_checked("deadline", False)
    dialog.open_after.setChecked(False)
    with qtbot.waitSignal(dialog.exported, timeout=20000):
        dialog.format_buttons["xlsx"].click()
    ws = openpyxl.load_workbook(tmp_path / "清单.xlsx").active
    headers = [c.value for c in ws[2] if c.value]
    assert "完成时限" not in headers and "牵头单位" in headers
    assert opened == []


def test_choices_are_remembered(qtbot, db, demo_plan, settings, opened, monkeypatch,
                                tmp_path):
    choose_path(monkeypatch, tmp_path / "a.xlsx")
    dialog = make_dialog(qtbot, db, demo_plan, settings)
    dialog.kind.setCurrentIndex(dialog.kind.findData("late"))
    dialog.annex.setText("附件5")
    dialog.set_column_checked("problems", False)
    dialog.footer_values["filled_by"].setText("李四")
    with qtbot.waitSignal(dialog.exported, timeout=20000):
        dialog.format_buttons["xlsx"].click()
    again = make_dialog(qtbot, db, demo_plan, settings)
    assert again.kind_key() == "late"
    assert again.annex.text() == "附件5"
    assert "problems" not in again.chosen_columns()
    assert again.footer_values["filled_by"].text() == "李四"


def test_remembered_old_column_name_is_read_as_today_s(qtbot, db, demo_plan, settings):
    """Columns remembered before 滞后's column became ``lagging`` stay chosen."""
    settings.setValue("export/columns/units", '["unit", "late"]')
    settings.sync()
    dialog = make_dialog(qtbot, db, demo_plan, settings)
    dialog.kind.setCurrentIndex(dialog.kind.findData("units"))
    assert dialog.chosen_columns() == ("unit", "lagging")


def test_remembered_old_kind_name_opens_today_s_kind(qtbot, db, demo_plan, settings):
    """A last choice remembered as ``unreported`` (and its columns) opens 未报送事项清单."""
    settings.setValue("export/state", '{"kind": "unreported"}')
    settings.setValue("export/columns/unreported", '["seq", "item"]')
    settings.sync()
    dialog = make_dialog(qtbot, db, demo_plan, settings)
    assert dialog.kind_key() == "not_reported"
    assert dialog.chosen_columns() == ("seq", "item")
    assert dialog.title.placeholderText().endswith("未报送事项清单")


def test_cancelled_picker_writes_nothing(qtbot, db, demo_plan, settings, monkeypatch,
                                        tmp_path):
    monkeypatch.setattr(export_dialog, "ask_save_path", lambda *a: "")
    dialog = make_dialog(qtbot, db, demo_plan, settings)
    dialog.format_buttons["pdf"].click()
    assert list(tmp_path.glob("*.pdf")) == []
    assert dialog.format_buttons["pdf"].isEnabled()


def test_bad_choices_and_bad_folders_are_told_in_chinese(qtbot, db, demo_plan, settings,
                                                         errors, monkeypatch, tmp_path):
    dialog = make_dialog(qtbot, db, demo_plan, settings)
    for row in range(dialog.columns.count()):
        dialog.set_column_checked(dialog.columns.item(row).data(256), False)
    dialog.format_buttons["pdf"].click()
    assert errors and "至少选择一列" in errors[-1]
    dialog.kind.setCurrentIndex(dialog.kind.findData("units"))
    choose_path(monkeypatch, tmp_path / "missing" / "x.pdf")
    dialog.format_buttons["pdf"].click()
    qtbot.waitUntil(lambda: len(errors) == 2, timeout=20000)
    assert "保存位置不存在" in errors[-1]
    qtbot.waitUntil(lambda: dialog.format_buttons["pdf"].isEnabled())


def test_preview_shows_the_same_report(qtbot, db, demo_plan, settings, monkeypatch):
    from desktop import print_preview

    shown = []
    monkeypatch.setattr(print_preview, "run_modal", lambda dialog: shown.append(dialog) or 0)
    dialog = make_dialog(qtbot, db, demo_plan, settings)
    dialog.kind.setCurrentIndex(dialog.kind.findData("units"))
    dialog.preview_button.click()
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    preview = shown[0]
    job, _printer = preview._keep
    assert job.page_count == 1 and not job.landscape
    assert "牵头单位工作推进情况汇总表" in job.title
    assert "共 1 页" in dialog.status.text()
    preview.deleteLater()


def test_print_cancelled_prints_nothing(qtbot, db, demo_plan, settings, monkeypatch):
    from desktop import print_preview

    asked = []
    monkeypatch.setattr(print_preview, "ask_print_dialog", lambda d: asked.append(d) or False)
    painted = []
    monkeypatch.setattr(print_preview.ReportPrintJob, "paint", lambda self, p: painted.append(p))
    dialog = make_dialog(qtbot, db, demo_plan, settings)
    dialog.print_button.click()
    qtbot.waitUntil(lambda: bool(asked), timeout=20000)
    assert painted == []


def test_opens_on_the_callers_month_and_unit(qtbot, db, demo_plan, settings):
    from db.services.tasks import load_tree

    unit = next(t.lead_units[0] for t in load_tree(db, demo_plan) if t.lead_units)
    dialog = ExportDialog(db, demo_plan, month="2026-09", unit_id=unit.id, settings=settings)
    qtbot.addWidget(dialog)
    assert dialog.month_text() == "2026-09"
    assert dialog.unit.currentText() == unit.name
    assert dialog.options().unit == unit.id


@pytest.mark.qt_log_ignore("propagateSizeHints")   # the offscreen platform, on show()
def test_open_from_a_menu_with_a_chosen_kind(qtbot, db, demo_plan, settings):
    dialog = export_dialog.open_export_dialog(None, db, demo_plan, month="2026-11",
                                              kind="not_reported")
    qtbot.addWidget(dialog)
    assert dialog.isVisible() and not dialog.isModal()
    assert dialog.kind_key() == "not_reported"
    assert dialog.title.placeholderText().endswith("未报送事项清单")
    dialog.close()


def test_a_missing_plan_is_told_not_crashed(qtbot, db, errors):
    assert export_dialog.open_export_dialog(None, db, 999) is None
    assert "工作方案不存在" in errors[-1]


def test_scorecard_range_and_weights_come_from_the_dialog(qtbot, db, demo_plan, settings,
                                                          monkeypatch, tmp_path, opened):
    from PySide6.QtCore import QDate

    dialog = make_dialog(qtbot, db, demo_plan, settings)
    dialog.kind.setCurrentIndex(dialog.kind.findData("progress"))
    assert not dialog.scorecard.isVisibleTo(dialog)
    assert dialog.options().weights is None
    dialog.kind.setCurrentIndex(dialog.kind.findData("scorecard"))
    assert dialog.scorecard.isVisibleTo(dialog)
    dialog.scorecard.first_month.setDate(QDate(2026, 9, 1))
    for box, value in zip(dialog.scorecard.weights, (50, 30, 20)):
        box.setValue(value)
    assert "报送及时率×50＋完成率×30＋未滞后率×20" in dialog.scorecard.formula.text()
    options = dialog.options()
    assert (options.first_month, options.month, options.weights) == \
        ("2026-09", "2026-11", (50.0, 30.0, 20.0))
    out = tmp_path / "考评.xlsx"
    choose_path(monkeypatch, out)
    with qtbot.waitSignal(dialog.exported, timeout=20000):
        dialog.export("xlsx")
    ws = openpyxl.load_workbook(out).active
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(t.startswith("得分＝报送及时率×50") for t in texts)
    assert any("2026年9月至2026年11月" in t for t in texts)


def test_word_export_and_footer_values_remembered_per_plan(qtbot, db, demo_plan, settings,
                                                          opened, monkeypatch, tmp_path):
    import docx

    out = tmp_path / "月报.docx"
    choose_path(monkeypatch, out)
    dialog = make_dialog(qtbot, db, demo_plan, settings)
    assert all(check.isChecked() for check in dialog.footer_checks.values())   # all five
    dialog.footer_values["filled_by"].setText("张三")
    dialog.first_page.setValue(3)
    assert dialog.options().first_page == 3
    with qtbot.waitSignal(dialog.exported, timeout=20000):
        dialog.format_buttons["docx"].click()
    cells = [c.text for t in docx.Document(str(out)).tables[1:] for r in t.rows for c in r.cells]
    assert "填报人：张三" in cells
    again = make_dialog(qtbot, db, demo_plan, settings)
    assert again.footer_values["filled_by"].text() == "张三"
    from db.services.plans import create_plan
    other = create_plan(db, "另一方案", year=2026).id
    elsewhere = ExportDialog(db, other, month="2026-11", settings=settings, today=TODAY)
    qtbot.addWidget(elsewhere)
    assert elsewhere.footer_values["filled_by"].text() == ""   # another plan, its own values
