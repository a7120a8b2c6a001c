"""The window keeps the ledger safe: the conflict message, 备份与恢复, copies, others' changes,
the backup on close, the read-only banner."""
import sqlite3
from pathlib import Path

import pytest

from db import backups as backup_store
from db.services import plans as plan_services
from db.services import tasks
from db.session import open_database
from tests.gui.conftest import TODAY, find_task, show_main_window

pytestmark = [pytest.mark.sqlite_only,
              pytest.mark.qt_log_ignore("does not support propagateSizeHints",
                                        "does not support raise",
                                        "does not support grabbing the keyboard")]


@pytest.fixture
def other_clerk(db):
    other = open_database(db.url, user="李四")
    yield other
    other.dispose()


def file_action(window, text):
    return next(a for a in window.menu("文件").actions() if a.text().startswith(text))


def test_a_lost_race_shows_both_values_and_the_item_is_read_again(app_window, other_clerk,
                                                                  prompts):
    item = find_task(app_window, "设立县级科技攻关专项")
    app_window.select_task(item.id)
    # another clerk saves first, while this window still shows the item as it was
    tasks.update_task(other_clerk, item.id, title="设立县级科技攻关专项资金（李四改）")

    app_window.task_list.model.edit_requested.emit(item.id,
                                                   {"title": "设立县级科技攻关专项（张三改）"})

    [(title, text)] = prompts.errors
    prompts.errors.clear()
    assert title == "修改未保存：内容已被他人更改"
    assert "已被其他人（李四）修改" in text
    assert "您填写的：设立县级科技攻关专项（张三改）" in text
    assert "现在保存的：设立县级科技攻关专项资金（李四改）" in text
    assert tasks.get_task(other_clerk, item.id).title == "设立县级科技攻关专项资金（李四改）"
    shown = app_window.task_list.model.task_by_id(item.id)
    assert shown.title == "设立县级科技攻关专项资金（李四改）"  # read again
    assert app_window.selected_task_id() == item.id
    assert not app_window.history.stack.canUndo()  # the refused edit is no undo step

    # now on the fresh copy the edit goes through
    app_window.task_list.model.edit_requested.emit(item.id, {"title": "张三在新内容上改"})
    assert tasks.get_task(other_clerk, item.id).title == "张三在新内容上改"


def test_undo_never_writes_over_another_clerks_later_edit(app_window, other_clerk, prompts):
    item = find_task(app_window, "设立县级科技攻关专项")
    app_window.task_list.model.edit_requested.emit(item.id, {"remarks": "张三的备注"})
    tasks.update_task(other_clerk, item.id, remarks="李四后来的备注")
    app_window.history.undo()
    assert tasks.get_task(other_clerk, item.id).remarks == "李四后来的备注"
    [(_title, text)] = prompts.errors
    prompts.errors.clear()
    assert "事项已被其他人修改，未能撤销" in text
    assert "现在保存的：李四后来的备注" in text


def test_another_clerks_changes_appear_and_the_selection_stays(app_window, other_clerk):
    keeper = app_window.safekeeping
    item = find_task(app_window, "设立县级科技攻关专项")
    app_window.select_task(item.id)
    assert keeper.look_for_changes() is False  # nothing new yet

    tasks.update_task(app_window.db, item.id, remarks="自己改的")
    assert keeper.look_for_changes() is False  # our own write is no news

    tasks.update_task(other_clerk, item.id, title="另一位同事改的标题")
    plan_services.create_plan(other_clerk, "示例县另一个方案")
    assert keeper.look_for_changes() is True
    assert find_task(app_window, "另一位同事改的标题").id == item.id
    assert app_window.selected_task_id() == item.id
    assert any(app_window.plan_box.itemText(i) == "示例县另一个方案（2026年）"
               or app_window.plan_box.itemText(i).startswith("示例县另一个方案")
               for i in range(app_window.plan_box.count()))


def test_backup_dialog_lists_backs_up_and_restores(app_window, qtbot, prompts, monkeypatch):
    from desktop.dialogs.backups import BackupsDialog

    keeper = app_window.safekeeping
    db = app_window.db
    first = keeper.back_up()
    plan_services.create_plan(db, "示例县之后加的方案")
    opened = []
    monkeypatch.setattr("desktop.prompts.open_folder", opened.append)

    dialog = BackupsDialog(db, app_window, back_up=keeper.back_up, restore=keeper.restore,
                           export=keeper.export_single_user)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 3).text() == first.name
    info = dialog.info.text()
    assert str(backup_store.backups_dir(db.path)) in info
    assert "有修改时每 30 分钟一次" in info  # db.backups' numbers, as the window uses them
    assert "最近 10 份，以及最近 12 天、10 周、9 个月" in info
    assert not dialog.restore_button.isEnabled()  # nothing selected yet

    dialog.backup_button.click()
    assert dialog.table.rowCount() == 2
    dialog.folder_button.click()
    assert opened == [backup_store.backups_dir(db.path)]

    row = next(i for i in range(dialog.table.rowCount())
               if dialog.table.item(i, 3).text() == first.name)
    dialog.table.selectRow(row)
    prompts.confirm_answers.append(True)
    dialog.restore_button.click()

    titles = [app_window.plan_box.itemText(i) for i in range(app_window.plan_box.count())]
    assert not any("之后加的方案" in t for t in titles)
    assert any("恢复前" in b.tag for b in backup_store.list_backups(db.path))
    assert dialog.table.rowCount() == 3  # the state before restoring is listed too
    assert prompts.told and prompts.told[-1][0] == "已恢复"
    dialog.close()


def test_on_a_server_the_dialog_says_whose_backups_they_are_and_offers_a_single_user_copy(
        qtbot, prompts):
    """The dialog never reads the server: the text, the buttons, 导出为单机台账, no password."""
    pytest.importorskip("psycopg")
    from db.session import Database
    from desktop.dialogs.backups import BackupsDialog

    server = Database("postgresql+psycopg://clerk:s3cret-pw@db.example.invalid:5432/taizhang")
    exported = []

    def not_on_a_server(*_args):
        raise AssertionError("no file backup or restore on a server")

    try:
        dialog = BackupsDialog(server, None, back_up=not_on_a_server, restore=not_on_a_server,
                               export=lambda: exported.append(True))
        qtbot.addWidget(dialog)
        dialog.show()
        text = dialog.info.text()
        assert "由其管理员负责备份" in text and "db.example.invalid" in text
        assert "s3cret-pw" not in text
        assert dialog.table.rowCount() == 0
        assert not dialog.backup_button.isEnabled() and not dialog.folder_button.isEnabled()
        assert not dialog.restore_button.isEnabled()
        assert dialog.export_button.isVisible()
        dialog.export_button.click()
        assert exported == [True]
        dialog.close()
    finally:
        server.engine.dispose()

def test_save_a_copy_writes_one_complete_file(app_window, tmp_path, monkeypatch):
    target = tmp_path / "副本" / "台账副本.db"
    target.parent.mkdir()
    monkeypatch.setattr("desktop.prompts.ask_save_file", lambda *a: str(target))
    file_action(app_window, "另存台账副本").trigger()
    raw = sqlite3.connect(target)
    try:
        assert raw.execute("select count(*) from task_node").fetchone()[0] > 40
    finally:
        raw.close()
    assert not Path(str(target) + "-wal").exists()


def test_closing_after_changes_leaves_a_backup(app_window, qtbot):
    db = app_window.db
    item = find_task(app_window, "设立县级科技攻关专项")
    tasks.update_task(db, item.id, remarks="关窗前的修改")
    app_window.close()
    made = backup_store.list_backups(db.path)
    assert [b.tag for b in made] == ["关闭时"]
    raw = sqlite3.connect(made[0].path)
    try:
        assert raw.execute("select remarks from task_node where id = ?",
                           (item.id,)).fetchone() == ("关窗前的修改",)
    finally:
        raw.close()


def test_the_timer_backs_up_only_when_something_changed(app_window):
    keeper = app_window.safekeeping
    assert keeper.backup_if_changed() is None  # nothing changed since the window opened
    item = find_task(app_window, "设立县级科技攻关专项")
    tasks.update_task(app_window.db, item.id, remarks="改了")
    assert keeper.backup_if_changed() is not None
    assert keeper.backup_if_changed() is None


def test_a_read_only_ledger_shows_the_banner(qtbot, db, demo_plan, prompts, monkeypatch):
    from db import session as session_module
    from desktop.workspace import build_main_window

    path = db.path
    db.dispose()
    monkeypatch.setattr(session_module, "_is_read_only", lambda p: True)
    ro = open_database(path)
    w = show_main_window(qtbot, build_main_window(ro, today=TODAY))
    assert w.safekeeping.banner is not None and w.safekeeping.banner.isVisible()
    assert "只读" in w.safekeeping.banner.text()
    w.close()
    assert backup_store.list_backups(path) == []  # nothing written, not even a backup
    ro.dispose()



def test_a_ledger_on_a_network_share_says_so(qtbot, db, demo_plan, prompts, monkeypatch):
    from db import session as session_module
    from desktop.workspace import build_main_window

    path = db.path
    db.dispose()
    monkeypatch.setattr(session_module, "is_network_path", lambda p: True)
    shared = open_database(path)
    w = show_main_window(qtbot, build_main_window(shared, today=TODAY))
    assert w.safekeeping.banner is not None and w.safekeeping.banner.isVisible()
    assert "网络共享文件夹" in w.safekeeping.banner.text()
    assert "回滚日志" in w.safekeeping.banner.text()
    w.close()
    shared.dispose()

@pytest.fixture
def damaged_ledger_with_backup(db, demo_plan):
    """The ledger's file overwritten with garbage, after a backup that holds the demo plan."""
    backup = backup_store.make_backup(db.path, tag="定时")
    demo_title = plan_services.get_plan(db, demo_plan).title
    plan_services.create_plan(db, "示例县备份之后的方案")
    path = db.path
    db.dispose()
    path.write_bytes(b"\0not a ledger" * 3000)
    for side in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        side.unlink(missing_ok=True)
    return path, backup, demo_title


def test_starting_on_a_damaged_ledger_offers_the_backup_and_restores_it(
        qtbot, damaged_ledger_with_backup, prompts):
    from desktop.app import start_window

    path, backup, demo_title = damaged_ledger_with_backup
    prompts.confirm_answers.append(True)
    window = start_window(str(path))
    assert window is not None
    qtbot.addWidget(window)
    [(title, question)] = prompts.asked
    assert title == "无法打开数据库"
    assert str(backup) in question and "是否用这个备份恢复台账" in question
    titles = [window.plan_box.itemText(i) for i in range(window.plan_box.count())]
    assert any(t.startswith(demo_title) for t in titles)
    assert not any("备份之后的方案" in t for t in titles)  # the backup's state, as said
    kept = [b for b in backup_store.list_backups(path) if b.tag == "损坏"]
    assert len(kept) == 1 and kept[0].path.read_bytes().startswith(b"\0not a ledger")
    assert not prompts.errors
    window.close()
    window.db.dispose()


def test_declining_the_backup_leaves_the_damaged_file_as_it_was(
        qtbot, damaged_ledger_with_backup, prompts):
    from desktop.app import start_window

    path, backup, _title = damaged_ledger_with_backup
    before = path.read_bytes()
    prompts.confirm_answers.append(False)
    assert start_window(str(path)) is None
    assert path.read_bytes() == before
    assert [b.path for b in backup_store.list_backups(path)] == [backup]
    assert not prompts.errors  # the question was the message; nothing else was shown

