"""The returns dialog: make, load with per-row keep/replace, units not returned."""
import openpyxl

from db.services.progress import progress_for_month, record_progress
from desktop.dialogs.returns_dialog import REPLACE, ReturnsDialog
from exports import returns

MONTH = "2026-12"




def test_make_load_conflict_replace_and_missing(qtbot, db, demo_plan, tmp_path, monkeypatch,
                                                errors):
    folder = tmp_path / "回收"
    dialog = ReturnsDialog(db, demo_plan, MONTH, folder)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.made, timeout=20000) as made:
        dialog.make_button.click()
    files = sorted(folder.glob("*.xlsx"))
    assert made.args == [len(files)] and files
    assert dialog.missing.count() == len(files)
    wb = openpyxl.load_workbook(files[0])
    ws = wb[returns.SHEET]
    ids = []
    for r in range(returns.HEADER_ROW + 1, ws.max_row + 1):
        ws.cell(r, 7, "进展较快")
        ws.cell(r, 9, "单位填写的进展")
        ids.append(ws.cell(r, 12).value)
    wb.save(files[0])
    record_progress(db, ids[0], MONTH, progress_text="办公室录入的进展")
    monkeypatch.setattr("desktop.dialogs.returns_dialog.ask_open_files",
                        lambda *a: [str(files[0])])
    with qtbot.waitSignal(dialog.checked, timeout=20000):
        dialog.load_button.click()
    assert dialog.rows.rowCount() == len(ids)
    assert "1 行与已有内容冲突" in dialog.check_label.text()
    combo = next(dialog.rows.cellWidget(r, 4) for r in range(dialog.rows.rowCount())
                 if dialog.rows.cellWidget(r, 4) is not None)
    combo.setCurrentText(REPLACE)
    with qtbot.waitSignal(dialog.progress_written) as written:
        dialog.write_button.click()
    assert written.args == [len(ids)]
    entries = progress_for_month(db, demo_plan, MONTH)
    assert all(entries[i].progress_text == "单位填写的进展" for i in ids)
    assert dialog.missing.count() == len(files) - 1
    assert errors == []


def test_tampered_file_is_refused_with_the_row(qtbot, db, demo_plan, tmp_path, monkeypatch,
                                              errors):
    folder = tmp_path / "回收"
    made = returns.make_returns(db, demo_plan, MONTH, folder)
    path = made.files[0].path
    wb = openpyxl.load_workbook(path)
    wb[returns.SHEET]["C5"] = "被改过"
    wb[returns.SHEET]["I5"] = "进展"
    wb.save(path)
    dialog = ReturnsDialog(db, demo_plan, MONTH, folder)
    qtbot.addWidget(dialog)
    monkeypatch.setattr("desktop.dialogs.returns_dialog.ask_open_files", lambda *a: [str(path)])
    dialog.load_button.click()
    qtbot.waitUntil(lambda: bool(errors), timeout=20000)
    assert "第 5 行" in errors[0] and path.name in errors[0]
    assert not dialog.write_button.isEnabled()
