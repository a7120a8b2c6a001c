"""Errors a clerk can act on, told apart from bugs.

``KnownError`` carries a Chinese message meant for the user (and, where known, the place:
file, sheet, row).  Anything else reaching the GUI is a bug: it is logged and reported as such.
"""
from __future__ import annotations


class KnownError(Exception):
    """An error with a message the user can act on."""

    def __init__(self, message: str, *, place: str = "") -> None:
        self.message = message
        self.place = place
        super().__init__(self.user_text())

    def user_text(self) -> str:
        return f"{self.place}：{self.message}" if self.place else self.message


class NotFound(KnownError):
    pass


class InvalidInput(KnownError):
    pass


class StorageError(KnownError):
    """Disk full, database locked by another copy, file unreadable ..."""


class ConcurrentEdit(KnownError):
    """The one conflict error: the row changed (or appeared, or went) since the clerk read it.

    Raised by every edit service given ``expected_version=`` when the stored version differs,
    and by the ORM's version check when two writers race.  ``current`` is the row as it is
    stored now (a dto, or None when it was deleted), ``attempted`` the fields the clerk wanted
    to write, so the window can show both values and reload the item.
    """

    def __init__(self, message: str = "这条记录已被其他人修改，请刷新后再试。", *,
                 place: str = "", current=None, attempted: dict | None = None,
                 expected_version: int | None = None,
                 unit_names: dict[int, str] | None = None) -> None:
        self.current = current
        self.unit_names = dict(unit_names or {})  # {unit id in attempted: its name}
        self.attempted = dict(attempted or {})
        self.expected_version = expected_version
        super().__init__(message, place=place)


class UnopenableLedger(StorageError):
    """The file is not a ledger (or is damaged).  ``backup`` is the newest backup beside it, to
    offer restoring, or None."""

    def __init__(self, message: str, *, path=None, backup=None) -> None:
        self.path = path
        self.backup = backup
        super().__init__(message)
