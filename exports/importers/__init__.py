"""Plan importers: Word .docx, Excel .xlsx and text → a ``ParsedPlan`` (never the database).

``parse_file(path)`` picks the reader by the file's suffix; ``parse_text(text)`` reads pasted
text.  Everything that goes wrong ends in one ``ParseError`` naming the file (and sheet, row).
"""
from __future__ import annotations

from pathlib import Path

from exports.importers.common import ParsedPlan, ParseError
from exports.importers.text import parse_text

__all__ = ["ParseError", "ParsedPlan", "parse_file", "parse_text", "SUPPORTED_SUFFIXES"]

SUPPORTED_SUFFIXES = (".docx", ".xlsx", ".xlsm", ".txt", ".text", ".md")


def parse_file(path, title: str | None = None) -> ParsedPlan:
    from exports.importers.safety import OLD_FORMATS, check_office_file, read_text_file

    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix == ".docx":
            from exports.importers.docx import parse_docx

            return parse_docx(path, title)
        if suffix in (".xlsx", ".xlsm"):
            from exports.importers.xlsx import parse_xlsx

            return parse_xlsx(path, title)
        if suffix in (".txt", ".text", ".md", ""):
            return parse_text(read_text_file(path), path.name, title)
        if suffix in OLD_FORMATS:
            check_office_file(path, ".docx")
        raise ParseError(f"不支持的文件类型“{suffix}”：请选择 .docx、.xlsx 或 .txt 文件。",
                         place=path.name)
    except ParseError:
        raise
    except RecursionError:
        raise ParseError("文件结构嵌套过深，无法读取。", place=path.name) from None
    except MemoryError:
        raise ParseError("文件过大，无法读取。", place=path.name) from None
