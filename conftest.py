"""Root test setup: Qt runs offscreen, every test gets its own database under tmp_path."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LANG", "C.UTF-8")

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path, monkeypatch):
    """Keep logs, settings and the default database of tests out of the real user folders."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))


@pytest.fixture
def db(tmp_path):
    from db.session import open_database

    database = open_database(tmp_path / "ledger.db", user="测试员")
    yield database
    database.dispose()


@pytest.fixture
def demo_plan(db):
    """A 40-item demo plan with 3 months of progress ending 2026-11; returns its id."""
    import datetime as dt

    from db.demo import create_demo

    return create_demo(db, items=40, months=3, today=dt.date(2026, 11, 20))
