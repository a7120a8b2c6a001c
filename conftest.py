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


TEST_DB_URL = os.environ.get("TAIZHANG_TEST_DB_URL", "")


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "sqlite_only: looks at the SQLite file itself; skipped when the storage "
        "tests run against a server (TAIZHANG_TEST_DB_URL)")


def pytest_collection_modifyitems(config, items):
    if not TEST_DB_URL:
        return
    skip = pytest.mark.skip(reason="looks at the SQLite file itself")
    for item in items:
        if "sqlite_only" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def ledger_url(tmp_path):
    """Where a test's ledger lives: a file under tmp_path, or with ``TAIZHANG_TEST_DB_URL``
    (a PostgreSQL server URL, as ``scripts/ci-postgres.sh`` sets it) a fresh database there."""
    if not TEST_DB_URL:
        yield str(tmp_path / "ledger.db")
        return
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = "tz_" + uuid.uuid4().hex[:12]
    server = create_engine(TEST_DB_URL, isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        conn.execute(text(f'create database "{name}"'))
    try:
        yield make_url(TEST_DB_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as conn:
            conn.execute(text(f'drop database if exists "{name}" with (force)'))
        server.dispose()


@pytest.fixture
def db(ledger_url):
    from db.session import open_database

    database = open_database(ledger_url, user="测试员")
    yield database
    database.dispose()


@pytest.fixture
def demo_plan(db):
    """A 40-item demo plan with 3 months of progress ending 2026-11; returns its id."""
    import datetime as dt

    from db.demo import create_demo

    return create_demo(db, items=40, months=3, today=dt.date(2026, 11, 20))
