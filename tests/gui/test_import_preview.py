"""The import preview: parsed off the GUI thread, nothing written until 导入."""
import hashlib
from pathlib import Path

import pytest

from db.services.plans import list_plans
from db.services.tasks import load_tree
from desktop.dialogs.import_preview import ImportPreviewDialog

SHARED = Path(__file__).parents[2].parent / "shared"
DOCX = SHARED / "fixtures" / "youxian.docx"




def open_dialog(qtbot, db, **kwargs):
    dialog = ImportPreviewDialog(db, **kwargs)
    qtbot.addWidget(dialog)
    return dialog


def test_docx_preview_then_import_as_new_plan(qtbot, db, errors):
    if not DOCX.exists():
        pytest.skip(f"{DOCX} is absent")
    dialog = open_dialog(qtbot, db, path=DOCX)
    with qtbot.waitSignal(dialog.parsed, timeout=20000):
        pass
    assert dialog.tree.topLevelItemCount() == 4
    first = dialog.tree.topLevelItem(0)
    assert first.text(0) == "（一）" and first.text(1) == "关键核心技术攻坚行动"
    assert first.child(0).child(0).text(2) == "县科工信局"
    assert dialog.indicators.rowCount() == 9
    assert dialog.group_convener.text() == "县人民政府副县长李敏"
    assert "12 个工作事项" in dialog.summary.text()
    assert list_plans(db) == []          # nothing written by the preview
    # the clerk redirects one unit and renames the plan
    row = next(r for r in range(dialog.units.rowCount())
               if dialog.units.item(r, 0).text() == "县畜牧水产中心")
    dialog.units.cellWidget(row, 3).setCurrentText("县畜牧水产事务中心")
    dialog.title_edit.setText("攸县科技创新攻坚方案")
    with qtbot.waitSignal(dialog.imported) as signal:
        dialog.import_button.click()
    plan_id = signal.args[0]
    assert [p.title for p in list_plans(db)] == ["攸县科技创新攻坚方案"]
    names = {u.name for t in load_tree(db, plan_id) for u in t.responsible_units}
    assert "县畜牧水产事务中心" in names and "县畜牧水产中心" not in names
    assert errors == []


def test_pasted_text_appends_under_the_chosen_node(qtbot, db, demo_plan, errors):
    parent = load_tree(db, demo_plan)[0]
    dialog = open_dialog(qtbot, db, text="一、补充任务\n开展专项检查（县科工信局牵头，县财政局配合）。",
                         plan_id=demo_plan, parent_id=parent.id)
    assert dialog.as_append.isChecked()
    with qtbot.waitSignal(dialog.parsed, timeout=20000):
        dialog.parse_button.click()
    assert dialog.tree.topLevelItem(0).text(1) == "补充任务"
    with qtbot.waitSignal(dialog.imported) as signal:
        dialog.import_button.click()
    assert signal.args == [demo_plan]
    children = [t for t in load_tree(db, demo_plan) if t.parent_id == parent.id]
    assert children[-1].title == "补充任务"
    assert len(list_plans(db)) == 1


def test_bad_file_shows_the_reason_and_writes_nothing(qtbot, db, tmp_path, errors):
    bad = tmp_path / "方案.doc"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    before = hashlib.sha256(Path(db.path).read_bytes()).hexdigest()
    dialog = open_dialog(qtbot, db, path=bad)
    with qtbot.waitSignal(dialog.failed, timeout=20000):
        pass
    assert "方案.doc" in errors[0] and "另存为 .docx" in errors[0]
    assert not dialog.import_button.isEnabled()
    assert "未能导入" in dialog.summary.text()
    assert hashlib.sha256(Path(db.path).read_bytes()).hexdigest() == before


LEADERS_PLAN = """示例县2027年重点任务分工方案
（一）做强园区
1.新增标准厂房10万平方米。
牵头单位：县工业园区管委会
责任领导：陈某某（副县长）
2.培育规模以上工业企业8家。
（二）改善民生
3.新建城区幼儿园2所（县教育局牵头，县住建局配合）。
"""


def test_preview_shows_leaders_unassigned_items_and_a_duplicate_banner(qtbot, db, errors):
    dialog = open_dialog(qtbot, db, text=LEADERS_PLAN)
    with qtbot.waitSignal(dialog.parsed, timeout=20000):
        dialog.parse_button.click()
    first = dialog.tree.topLevelItem(0)
    assert first.child(0).text(2) == "县工业园区管委会"
    assert first.child(0).text(4) == "陈某某（副县长）"        # 责任领导 column: a person
    assert first.child(1).text(2) == "未明确牵头单位"
    assert "1 个工作事项未明确牵头单位" in dialog.summary.text()
    assert dialog.duplicate_banner.isHidden() and dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported):
        dialog.import_button.click()
    leaders = [t.responsible_leaders for t in load_tree(db, list_plans(db)[0].id)]
    assert ("陈某某（副县长）",) in leaders

    again = open_dialog(qtbot, db, text=LEADERS_PLAN)
    with qtbot.waitSignal(again.parsed, timeout=20000):
        again.parse_button.click()
    assert not again.duplicate_banner.isHidden()
    assert "示例县2027年重点任务分工方案" in again.duplicate_text.text()
    assert not again.import_button.isEnabled()    # asks instead of making a second copy
    again.duplicate_ok.setChecked(True)
    assert again.import_button.isEnabled()
    assert errors == []


def test_one_registry_of_readers_feeds_parse_file_the_dialog_filter_and_the_help():
    from desktop.workspace import import_filter
    from exports.importers import READERS, SUPPORTED_SUFFIXES, file_filter, suffixes_text

    assert import_filter() == file_filter()
    for reader in READERS:
        assert all(f"*{s}" in file_filter() and s in suffixes_text() for s in reader.suffixes)
    assert SUPPORTED_SUFFIXES == tuple(s for r in READERS for s in r.suffixes)


def test_a_failed_write_keeps_the_preview_and_lets_the_clerk_try_again(qtbot, db, errors,
                                                                      monkeypatch):
    from db.errors import InvalidInput
    from desktop.dialogs import import_preview

    def refuse(*args, **kwargs):
        raise InvalidInput("磁盘已满。")
    monkeypatch.setattr(import_preview, "import_plan", refuse)
    dialog = open_dialog(qtbot, db, text=LEADERS_PLAN)
    with qtbot.waitSignal(dialog.parsed, timeout=20000):
        dialog.parse_button.click()
    before = [t.lead_units for t in dialog.result_plan.draft.all_tasks()]
    dialog.import_button.click()
    qtbot.waitUntil(lambda: bool(errors))
    assert "磁盘已满" in errors[0]
    qtbot.waitUntil(dialog.import_button.isEnabled)
    assert [t.lead_units for t in dialog.result_plan.draft.all_tasks()] == before
    assert list_plans(db) == []


def test_two_spellings_that_read_alike_are_named_in_the_hints(qtbot, db, errors):
    text = ("示例县养殖业提升工作方案\n一、养殖基地\n建设标准化养殖场2个（县畜牧水产中心牵头）。"
            "开展水产苗种检测（县畜牧水产事务中心牵头）。")
    dialog = open_dialog(qtbot, db, text=text)
    with qtbot.waitSignal(dialog.parsed, timeout=20000):
        dialog.parse_button.click()
    hints = [dialog.warnings.item(i).text() for i in range(dialog.warnings.count())]
    assert any("“县畜牧水产事务中心”与“县畜牧水产中心”名称相近" in h and "单位对照" in h
               for h in hints)
    assert dialog.tabs.tabText(4) == f"提示（{len(hints)}）"
    rows = {dialog.units.item(r, 0).text(): dialog.units.item(r, 2).text()
            for r in range(dialog.units.rowCount())}
    assert rows["县畜牧水产事务中心"] == "新建（与“县畜牧水产中心”相近，请核对）"
    assert rows["县畜牧水产中心"] == "新建单位"
    assert errors == []
