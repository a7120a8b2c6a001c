"""Plan importers: Word .docx, Excel .xlsx and text → a ``ParsedPlan`` (never the database).

The pipeline: a reader (``READERS``, one per kind of file: ``docx.read_docx``,
``xlsx.read_xlsx``, ``source.read_text``) gives one ``SourceDocument`` of lines and tables →
the outline (``text``: headings, sections, 一是…) → the markers (``markers``: units, roles,
leaders; ``common``: deadlines) → ``assemble`` puts them together into a ``ParsedPlan``.
``parse_file(path)`` picks the reader by the file's suffix; the same registry gives the file
dialog's filter and the CLI's help.  ``parse_text(text)`` reads pasted text.  Everything that goes wrong ends in one
``ParseError`` naming the file (and sheet, row).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from exports.importers.assemble import assemble, parse_text
from exports.importers.common import ParsedPlan, ParseError
from exports.importers.source import SourceDocument, read_text

__all__ = ["ParseError", "ParsedPlan", "READERS", "SourceDocument", "assemble", "file_filter",
           "parse_file", "parse_text", "SUPPORTED_SUFFIXES", "suffixes_text"]


def _docx(path: Path) -> SourceDocument:
    from exports.importers.docx import read_docx

    return read_docx(path)


def _xlsx(path: Path) -> SourceDocument:
    from exports.importers.xlsx import read_xlsx

    return read_xlsx(path)


def _text(path: Path) -> SourceDocument:
    from exports.importers.safety import read_text_file

    return read_text(read_text_file(path), path.name)


@dataclass(frozen=True)
class Reader:
    label: str                      # as the file dialog names the kind
    suffixes: tuple[str, ...]
    read: Callable[[Path], SourceDocument]


READERS = (
    Reader("Word 文档", (".docx",), _docx),
    Reader("Excel 工作簿", (".xlsx", ".xlsm"), _xlsx),
    Reader("文本", (".txt", ".text", ".md"), _text),
)
SUPPORTED_SUFFIXES = tuple(s for r in READERS for s in r.suffixes)


def file_filter() -> str:
    """``工作方案 (*.docx …);;Word 文档 (*.docx);;…`` for a file dialog."""
    def stars(suffixes):
        return " ".join("*" + s for s in suffixes)
    return ";;".join([f"工作方案 ({stars(SUPPORTED_SUFFIXES)})"]
                     + [f"{r.label} ({stars(r.suffixes)})" for r in READERS])


def suffixes_text() -> str:
    """``.docx、.xlsx、.xlsm、.txt、.text 或 .md`` for messages and help."""
    return "、".join(SUPPORTED_SUFFIXES[:-1]) + " 或 " + SUPPORTED_SUFFIXES[-1]


def parse_file(path, title: str | None = None) -> ParsedPlan:
    from exports.importers.safety import OLD_FORMATS, check_office_file

    path = Path(path)
    suffix = path.suffix.lower()
    reader = next((r for r in READERS if suffix in r.suffixes), None)
    if reader is None and suffix == "":
        reader = READERS[-1]  # a file without a suffix is read as text
    try:
        if reader is not None:
            return assemble(reader.read(path), title)
        if suffix in OLD_FORMATS:
            check_office_file(path, ".docx")
        raise ParseError(f"不支持的文件类型“{suffix}”：请选择 {suffixes_text()} 文件。",
                         place=path.name)
    except ParseError:
        raise
    except RecursionError:
        raise ParseError("文件结构嵌套过深，无法读取。", place=path.name) from None
    except MemoryError:
        raise ParseError("文件过大，无法读取。", place=path.name) from None
