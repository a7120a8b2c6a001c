"""Excel .xlsx task lists, read as a ``SourceDocument`` of one table per visible sheet, merged
cells filled down; when the plan is assembled, the first sheet with a task table is the plan
and the rows above its header name it when nothing else does."""
from __future__ import annotations

import datetime as dt
import warnings
from pathlib import Path

from exports.importers.common import ParseError, place_of
from exports.importers.safety import check_office_file
from exports.importers.source import SourceDocument, Table
from exports.importers.table import Cell, Row

MAX_CELLS = 200_000


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def sheet_rows(ws, source: str = "") -> tuple[list[Row], list[int]]:
    max_row, max_col = ws.max_row or 0, ws.max_column or 0
    if max_row * max_col > MAX_CELLS:
        raise ParseError(f"工作表过大（{max_row} 行 × {max_col} 列）。",
                         place=place_of(source, ws.title))
    grid: list[Row] = []
    for r in ws.iter_rows(min_row=1, max_row=max_row, max_col=max_col, values_only=True):
        grid.append([Cell(_text(v), "own", v) for v in r])
    for rng in ws.merged_cells.ranges:
        r0, c0, r1, c1 = rng.min_row, rng.min_col, rng.max_row, rng.max_col
        if r0 > max_row or c0 > max_col:
            continue
        top = grid[r0 - 1][c0 - 1]
        for r in range(r0, min(r1, max_row) + 1):
            for c in range(c0, min(c1, max_col) + 1):
                if (r, c) == (r0, c0):
                    continue
                grid[r - 1][c - 1] = Cell(top.text, "h" if r == r0 else "v", top.value)
    numbers = list(range(1, len(grid) + 1))
    return grid, numbers


def read_xlsx(path: Path) -> SourceDocument:
    """Every visible sheet as a table (merged cells filled); a workbook has no prose."""
    import openpyxl

    path = Path(path)
    check_office_file(path, ".xlsx")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about unknown extensions
            wb = openpyxl.load_workbook(path, data_only=True)
    except Exception as exc:
        raise ParseError(f"工作簿已损坏，无法读取（{type(exc).__name__}）。", place=path.name) from None
    doc = SourceDocument(path.name, prose=False)
    try:
        for ws in wb.worksheets:
            if ws.sheet_state == "visible":
                grid, numbers = sheet_rows(ws, path.name)
                doc.tables.append(Table(grid, ws.title, numbers))
    finally:
        wb.close()
    return doc
