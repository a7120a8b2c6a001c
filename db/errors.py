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
    """Someone else changed the row since it was read (multi-user databases)."""
