"""Where a ledger lives: ``--db`` paths and URLs, the file behind a URL, how to name it safely.

A ``--db`` value is a URL only when it has a ``scheme://``; anything else is a file path taken
literally, even with ``?``, ``%`` or ``#`` in it (SQLite then gets a ``file:`` URI with those
characters escaped, so the driver opens exactly that file).
"""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from urllib.parse import quote, unquote

from sqlalchemy.engine import make_url

from db.ledger_place import default_ledger_path
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")
# Characters SQLAlchemy's URL parser or SQLite's own would read as something else.
_URL_SPECIAL = set("?%#")


def default_db_path() -> Path:
    """The embedded database file where the clerk chose to keep it (db/ledger_place.py)."""
    return default_ledger_path()


def is_url(text: str) -> bool:
    return bool(_SCHEME.match(text))


def to_url(path_or_url: str | os.PathLike | None) -> str:
    """``--db`` takes a file path or any SQLAlchemy URL; None means the default file."""
    if path_or_url is None:
        path_or_url = default_db_path()
    text = os.fspath(path_or_url)
    if is_url(text):
        return text
    path = str(Path(text).expanduser().resolve())
    if _URL_SPECIAL & set(path):
        return sqlite_uri(Path(path))
    return "sqlite:///" + path


def _uri_path(path: Path) -> str:
    posix = str(path).replace("\\", "/")
    if re.match(r"^[A-Za-z]:", posix):  # C:/… is file:/C:/… in a SQLite URI
        posix = "/" + posix
    return quote(posix, safe="/:")


def sqlite_uri(path: Path, **params: str) -> str:
    """A SQLAlchemy URL opening ``path`` as a SQLite ``file:`` URI (parameters such as mode=ro)."""
    # Escaped twice: SQLAlchemy's URL parser undoes one level, SQLite's URI parser the other.
    escaped = quote(_uri_path(path), safe="/:")
    query = "".join(f"{k}={v}&" for k, v in params.items())
    return f"sqlite:///file:{escaped}?{query}uri=true"


def read_only_params(path: Path) -> dict[str, str]:
    """SQLite URI parameters to read a ledger without writing: mode=ro, and immutable when even
    the folder is read-only (no -shm/-wal can be made there; nobody can be changing the file)."""
    if os.access(path.parent, os.W_OK):
        return {"mode": "ro"}
    return {"mode": "ro", "immutable": "1"}


def connect_read_only(path: Path):
    """A plain ``sqlite3`` connection reading ``path`` (any characters in its name)."""
    import sqlite3

    query = "&".join(f"{k}={v}" for k, v in read_only_params(path).items())
    return sqlite3.connect(f"file:{_uri_path(path)}?{query}", uri=True)


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL (None for other databases and in-memory ones)."""
    u = make_url(url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    database = u.database
    if u.query.get("uri") == "true" and database.startswith("file:"):
        database = unquote(database[len("file:"):].split("?", 1)[0])
        if sys.platform == "win32" and re.match(r"^/[A-Za-z]:", database):
            database = database[1:]
    return Path(database)


def display_name(url: str) -> str:
    """How the ledger is named to the clerk: the file, or server and database, never a password."""
    path = sqlite_path(url)
    if path is not None:
        return str(path)
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        return "内存数据库"
    server = u.host or "localhost"
    if u.port:
        server = f"{server}:{u.port}"
    return f"服务器 {server} 上的数据库 {u.database or ''}".rstrip()


def safe_url(url: str) -> str:
    """The URL with any password masked (for logs and the about box)."""
    return make_url(url).render_as_string(hide_password=True)


NETWORK_FILESYSTEMS = {"nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "afs", "fuse.sshfs",
                       "ncpfs", "davfs", "fuse.davfs2"}
DRIVE_REMOTE = 4  # GetDriveTypeW


def is_network_path(path: Path) -> bool:
    """A file on a network share: a UNC path or mapped drive (Windows), NFS/SMB mounts (Linux).

    SQLite's WAL needs shared memory that network file systems do not give, so such a ledger
    uses the rollback journal."""
    text = str(path)
    if sys.platform == "win32":
        if text.startswith(("\\\\", "//")):
            return True
        drive = Path(text).drive
        if not drive:
            return False
        import ctypes

        return ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == DRIVE_REMOTE
    return _mount_type(Path(text)) in NETWORK_FILESYSTEMS


def _mount_type(path: Path, mounts_file: str = "/proc/mounts") -> str:
    try:
        with open(mounts_file, encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
    except OSError:
        return ""
    best, best_type = "", ""
    target = str(path)
    for line in lines:
        parts = line.split()
        if len(parts) < 3:
            continue
        point = parts[1].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, best_type = point, parts[2]
    return best_type
