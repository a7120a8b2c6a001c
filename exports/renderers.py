"""The one list of output formats, for the CLI and the export dialog alike.

Each ``Renderer`` names its module (imported on first use, so the CLI starts fast) whose
``render(table, out, progress=...)`` writes the file and returns its page count (or None when
the format has no fixed pages, as a workbook).  A new format is one module and one line here.
"""
from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass

from db.errors import InvalidInput
from exports.report.table import ReportTable

ProgressFn = Callable[[int, int], None]


@dataclass(frozen=True)
class Renderer:
    key: str            # pdf / xlsx: --format and the file's extension
    label: str          # PDF / Excel: in messages
    action: str         # 导出PDF: the button and menu item
    file_filter: str    # for the save-file picker
    module: str

    @property
    def suffix(self) -> str:
        return f".{self.key}"

    def render(self, table: ReportTable, out: str | os.PathLike, *,
               progress: ProgressFn | None = None) -> int | None:
        return importlib.import_module(self.module).render(table, out, progress=progress)


RENDERERS: dict[str, Renderer] = {r.key: r for r in (
    Renderer("pdf", "PDF", "导出PDF", "PDF 文件 (*.pdf)", "exports.pdf"),
    Renderer("xlsx", "Excel", "导出Excel", "Excel 工作簿 (*.xlsx)", "exports.xlsx"),
    Renderer("docx", "Word", "导出Word", "Word 文档 (*.docx)", "exports.word"),
)}


def renderer_for(fmt: str | None, out: str | os.PathLike = "") -> Renderer:
    """The renderer named by ``fmt``, else by the output file's extension."""
    key = (fmt or os.path.splitext(str(out))[1].lstrip(".")).lower()
    if key not in RENDERERS:
        names = " 或 ".join(RENDERERS)
        suffixes = "/".join(r.suffix for r in RENDERERS.values())
        raise InvalidInput(f"请用 --format 指定 {names}（或让输出文件以 {suffixes} 结尾）。")
    return RENDERERS[key]
