"""What every reader gives: the document as it was written — lines of prose and tables of
cells — with nothing read into it yet (no sections, units or deadlines).

``docx.read_docx``, ``xlsx.read_xlsx`` and ``source.read_text`` each return one
``SourceDocument``; ``assemble.assemble`` reads the plan out of it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from exports.importers.common import ParseError
from exports.importers.table import Row


@dataclass
class Table:
    rows: list[Row]
    sheet: str = ""                       # a workbook's sheet name, for messages and the title
    row_numbers: list[int] | None = None  # as the sheet numbers them


@dataclass
class SourceDocument:
    name: str                             # the file's name (or 粘贴的文本): every message names it
    lines: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    prose: bool = True                    # False: a workbook, its tables are all there is
    notes: list[str] = field(default_factory=list)   # what the reader noticed (lost numbering)


def read_text(text: str, name: str = "粘贴的文本") -> SourceDocument:
    """Pasted text or a text file's contents as lines."""
    from exports.importers import safety

    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    if not text.strip():
        raise ParseError("文本是空的。", place=name)
    if len(text) > safety.MAX_CHARACTERS:
        raise safety.too_much_text(name)
    return SourceDocument(name, text.split("\n"))
