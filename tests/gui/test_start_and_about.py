"""Starting the program: the first-start question, ``taizhang.exe FILE``, the window icon, 关于."""
import json

import pytest

from db import ledger_place
from desktop import app, prompts
from desktop.cli import _file_argument
from desktop.dialogs import about, first_start

# the offscreen platform, when a window is shown
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def errors(monkeypatch):
    shown = []
    monkeypatch.setattr(prompts, "ask_user_error", lambda parent, title, text: shown.append(text))
    return shown


@pytest.fixture
def first_start_answers(monkeypatch):
    """What the first-start message and the folder picker answer; records that they asked."""
    state = {"other": False, "folder": None, "asked": []}

    def ask_other(parent, folder):
        state["asked"].append(folder)
        return state["other"]

    monkeypatch.setattr(first_start, "ask_other_folder_wanted", ask_other)
    monkeypatch.setattr(first_start, "ask_folder", lambda *a: state["folder"])
    return state


def started(qtbot, *args):
    window = app.start_window(*args)
    if window is not None:
        qtbot.addWidget(window)
    return window


def test_first_start_suggests_documents_and_remembers_it(qtbot, first_start_answers, errors):
    window = started(qtbot, None)
    suggested = ledger_place.suggested_folder()
    assert first_start_answers["asked"] == [suggested]
    assert window.db.path == suggested.resolve() / "taizhang.db"
    assert window.db.path.is_file() and not errors
    window.close()
    window.db.dispose()
    # the next start asks nothing and opens the same ledger; so does the CLI
    assert not ledger_place.needs_choice()
    again = started(qtbot, None)
    assert first_start_answers["asked"] == [suggested]
    assert again.db.path == window.db.path
    again.db.dispose()


def test_first_start_with_another_folder(qtbot, tmp_path, first_start_answers):
    chosen = tmp_path / "共享盘" / "台账"
    chosen.mkdir(parents=True)
    first_start_answers.update(other=True, folder=str(chosen))
    window = started(qtbot, None)
    assert window.db.path == chosen.resolve() / "taizhang.db"
    assert ledger_place.default_ledger_path() == window.db.path
    window.db.dispose()


def test_a_ledger_from_an_earlier_version_is_kept_without_asking(qtbot, first_start_answers):
    from db.session import open_database

    old = ledger_place.application_data_path()
    open_database(old).dispose()
    window = started(qtbot, None)
    assert first_start_answers["asked"] == [] and window.db.path == old.resolve()
    window.db.dispose()


def test_a_broken_settings_file_falls_back_to_asking(first_start_answers):
    settings = ledger_place._settings_file()
    settings.parent.mkdir(parents=True)
    settings.write_text("{这不是 JSON", encoding="utf-8")
    assert ledger_place.needs_choice()
    assert ledger_place.record_folder(settings.parent / "x") == (settings.parent / "x").resolve() / "taizhang.db"
    assert json.loads(settings.read_text(encoding="utf-8"))["ledger"].endswith("taizhang.db")


def test_file_argument_is_split_from_the_command_line(tmp_path):
    ledger = tmp_path / "台账.db"
    assert _file_argument([str(ledger)]) == ([], str(ledger))
    assert _file_argument(["--db", str(ledger)]) == (["--db", str(ledger)], None)
    assert _file_argument(["--db", "x.db", "方案.docx"]) == (["--db", "x.db"], "方案.docx")
    assert _file_argument(["plans"]) == (["plans"], None)
    assert _file_argument(["dmo"]) == (["dmo"], None)  # a typo stays an argument error
    export = ["--db", "x.db", "export", "--plan", "1", "-o", "表.xlsx"]
    assert _file_argument(export) == (export, None)  # a subcommand's own file
    assert _file_argument(["import", "方案.docx"]) == (["import", "方案.docx"], None)
    other = tmp_path / "无扩展名"
    other.write_text("x", encoding="utf-8")
    assert _file_argument([str(other)]) == ([], str(other))


def test_opening_a_ledger_file(qtbot, tmp_path, db, demo_plan, first_start_answers):
    window = started(qtbot, None, str(db.path))
    assert window.db.path == db.path and window.plan_id == demo_plan
    assert first_start_answers["asked"] == []
    window.db.dispose()


def test_opening_a_plan_file_shows_the_import_preview(qtbot, tmp_path, monkeypatch, errors,
                                                      first_start_answers):
    from desktop.dialogs.import_preview import ImportPreviewDialog

    source = tmp_path / "示例县方案.txt"
    source.write_text("示例县数字乡村建设工作方案\n一、重点任务\n"
                      "建成村级信息服务站（县农业农村局牵头，县财政局配合）。\n",
                      encoding="utf-8")
    opened = []
    monkeypatch.setattr(ImportPreviewDialog, "open", lambda self: opened.append(self))
    window = started(qtbot, str(tmp_path / "l.db"), str(source))
    assert len(opened) == 1 and str(opened[0].path) == str(source)
    dialog = opened.pop()
    with qtbot.waitSignal(dialog.parsed, timeout=20000):
        pass
    assert dialog.tree.topLevelItemCount() >= 1 and errors == []
    dialog.close()
    window.db.dispose()


def test_a_missing_file_is_a_clear_message(qtbot, tmp_path, errors):
    missing = tmp_path / "不存在.db"
    assert started(qtbot, None, str(missing)) is None
    assert errors == [f"找不到文件：{missing}"] and not missing.exists()


def test_a_file_that_is_no_ledger_is_refused(qtbot, tmp_path, errors):
    bad = tmp_path / "记事.db"
    bad.write_text("这不是数据库" * 100, encoding="utf-8")
    assert started(qtbot, None, str(bad)) is None
    assert len(errors) == 1 and "不是台账数据库" in errors[0]


def test_window_icon_has_every_size(qtbot):
    from desktop.identity import ICON_SIZES

    application = app.create_application()
    sizes = {s.width() for s in application.windowIcon().availableSizes()}
    assert sizes == set(ICON_SIZES)


def test_about_shows_version_and_ledger_and_opens_its_folder(qtbot, db, monkeypatch):
    from desktop.identity import app_version

    shown, opened = [], []
    monkeypatch.setattr(about, "run_modal", lambda dialog: shown.append(dialog) or 0)
    monkeypatch.setattr(about, "open_with_system_viewer", lambda p: opened.append(p) or True)
    about.show_about(None, db)
    dialog = shown[0]
    qtbot.addWidget(dialog)
    assert app_version() in dialog.version_label.text()
    assert str(db.path) in dialog.ledger_label.text()
    assert "文件 → 备份与恢复" in dialog.hint_label.text()
    assert "每 30 分钟自动备份" in dialog.hint_label.text()
    dialog.open_folder.click()
    assert opened == [str(db.path.parent)]


def test_about_a_server_ledger_names_server_and_database_never_the_password(qtbot, monkeypatch):
    pytest.importorskip("psycopg")
    from db.session import Database

    server = Database("postgresql+psycopg://clerk:s3cret-pw@db.example.invalid:5432/taizhang")
    shown = []
    monkeypatch.setattr(about, "run_modal", lambda dialog: shown.append(dialog) or 0)
    try:
        about.show_about(None, server)  # reads nothing from the server
    finally:
        server.engine.dispose()
    dialog = shown[0]
    qtbot.addWidget(dialog)
    texts = [label.text() for label in dialog.findChildren(about.QLabel)]
    assert any("db.example.invalid" in t and "taizhang" in t for t in texts)
    assert not any("s3cret-pw" in t or "postgresql" in t for t in texts)
    assert "管理员负责备份" in dialog.hint_label.text()
    assert not dialog.open_folder.isEnabled()


def test_about_without_a_file_has_no_folder_button(qtbot, monkeypatch):
    from db.session import open_database

    memory = open_database("sqlite://")
    shown = []
    monkeypatch.setattr(about, "run_modal", lambda dialog: shown.append(dialog) or 0)
    about.show_about(None, memory)
    qtbot.addWidget(shown[0])
    assert not shown[0].open_folder.isEnabled()
    memory.dispose()
