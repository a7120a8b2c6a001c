"""Alembic environment: the whole chain of migrations runs in ONE transaction.

Creating a ledger and every upgrade happen whole or not at all: a kill at any statement leaves
the file as it was before (a test kills a child process at every statement of every migration).
PostgreSQL has transactional DDL as it is.  pysqlite, left alone, commits before each CREATE or
ALTER, so SQLite's transaction control is taken from it (SQLAlchemy's "Serializable isolation /
Savepoints / Transactional DDL" recipe for pysqlite): the driver issues no BEGIN or COMMIT of
its own and the "begin" event emits one ``BEGIN IMMEDIATE`` that all the DDL runs inside.
"""
from alembic import context
from sqlalchemy import create_engine, event, pool

from db.models import Base

config = context.config
target_metadata = Base.metadata


def _take_sqlite_transactions(engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # pysqlite issues no BEGIN/COMMIT of its own
        # Migrations rebuild tables (batch mode).  This pragma is a no-op inside a transaction,
        # so it is set here, before the one transaction begins.
        dbapi_conn.execute("PRAGMA foreign_keys = OFF")

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def run_migrations_online() -> None:
    engine = create_engine(config.get_main_option("sqlalchemy.url"), poolclass=pool.NullPool)
    if engine.dialect.name == "sqlite":
        _take_sqlite_transactions(engine)
    try:
        with engine.connect() as connection:
            context.configure(connection=connection, target_metadata=target_metadata,
                              render_as_batch=True, compare_type=True,
                              transactional_ddl=True, transaction_per_migration=False)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported")
run_migrations_online()
