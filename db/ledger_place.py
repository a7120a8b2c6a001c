"""Where the ledger file lives when no ``--db`` is given (the window and the CLI alike).

Before the first start nothing is recorded, and the ledger would hide in the user's
application-data folder (``%LOCALAPPDATA%`` on Windows), where no clerk finds or backs it up.
So the window asks once (desktop/dialogs/first_start.py): it suggests 文档\\专班台账 and lets the
clerk choose another folder; the choice is written to ``ledger.json`` in the user's settings
folder. A ledger that an earlier version made in the application-data folder stays in use.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from db.errors import StorageError

APP_NAME = "taizhang"  # the folder name in the user data/config folders

LEDGER_FILE = "taizhang.db"
SUGGESTED_FOLDER = "专班台账"


def _settings_file() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False)) / "ledger.json"


def application_data_path() -> Path:
    """Where versions before the first-start question kept the ledger."""
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / LEDGER_FILE


def suggested_folder() -> Path:
    """文档\\专班台账 (the user's Documents folder): easy to find and to back up."""
    from platformdirs import user_documents_dir

    return Path(user_documents_dir()) / SUGGESTED_FOLDER


def recorded_path() -> Path | None:
    try:
        data = json.loads(_settings_file().read_text(encoding="utf-8"))
        return Path(data["ledger"]) if data.get("ledger") else None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def record_folder(folder: str | os.PathLike) -> Path:
    """Remember ``folder`` as the ledger's place; returns the ledger file's path."""
    ledger = Path(folder).expanduser().resolve() / LEDGER_FILE
    settings = _settings_file()
    try:
        settings.parent.mkdir(parents=True, exist_ok=True)
        settings.write_text(json.dumps({"ledger": str(ledger)}, ensure_ascii=False),
                            encoding="utf-8")
    except OSError as exc:
        raise StorageError(f"无法保存台账位置的设置（{exc.strerror or exc}）。",
                           place=str(settings)) from exc
    return ledger


def needs_choice() -> bool:
    """True on the first start: no place recorded and no ledger from an earlier version."""
    return recorded_path() is None and not application_data_path().exists()


def default_ledger_path() -> Path:
    """The recorded place, else an earlier version's ledger, else the suggested folder."""
    recorded = recorded_path()
    if recorded is not None:
        return recorded
    legacy = application_data_path()
    if legacy.exists():
        return legacy
    return suggested_folder() / LEDGER_FILE
