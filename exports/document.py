"""An official document as plain blocks (标题, 一、 headings, body paragraphs, tables, pictures,
落款), built from the ledger by ``exports.briefing`` and ``exports.reminders`` and written by
``exports.document_docx`` (Word) and ``exports.document_pdf`` (PDF).

The blocks hold only text and numbers, never a database object, so both renderers show the
same document and tests can read it without rendering.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Title:
    """2号 小标宋, centred; one line per item of ``lines``."""

    lines: tuple[str, ...]


@dataclass(frozen=True)
class Subtitle:
    """A centred line under the title in 楷体 (期号, the issuing office and date)."""

    text: str


@dataclass(frozen=True)
class Heading:
    """一、 (level 1, 黑体) or （一） (level 2, 楷体); the number is part of ``text``."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Para:
    """A body paragraph, 3号 仿宋, first line indented two characters.

    ``lead``: words at the start printed bold (1. 县发改局：…); ``placeholder``: text for the
    clerk to replace, printed as a marked gap.  ``indent=False`` for the addressee line.
    """

    text: str
    lead: str = ""
    placeholder: bool = False
    indent: bool = True


@dataclass(frozen=True)
class TableBlock:
    """A table: header row repeated on every page, rows never split.  ``widths`` are relative;
    ``align`` per column ("left", "center", "right")."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    align: tuple[str, ...] = ()
    caption: str = ""
    font_size: float = 12.0    # 小四; 10.5 (五号) for a dense table


@dataclass(frozen=True)
class Picture:
    """A PNG image (bytes) ``width_mm`` wide, centred, with a caption below."""

    png: bytes
    width_mm: float
    caption: str = ""


@dataclass(frozen=True)
class Signature:
    """落款: the office and the date, flush right above the closing."""

    lines: tuple[str, ...]


@dataclass(frozen=True)
class PageBreak:
    """What follows starts a new page; ``restart``: its page numbers start again at 1 (the
    next unit's notice in a combined file)."""

    restart: bool = False


Block = Title | Subtitle | Heading | Para | TableBlock | Picture | Signature | PageBreak


@dataclass(frozen=True)
class Document:
    """A portrait A4 document (GB/T 9704 page) with ``— N —`` page numbers."""

    title: str                      # the file's title property
    blocks: tuple[Block, ...] = field(default_factory=tuple)
