"""Excel .xlsx task lists: the same table in a sheet, merged cells filled down, title rows
above the header skipped (the first one names the plan when nothing else does)."""
from __future__ import annotations

import datetime as dt
import warnings
from pathlib import Path

from exports.importers.common import ParsedPlan, ParseError, one_line, place_of, year_from
from exports.importers.safety import check_office_file
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


def parse_xlsx(path: Path, title: str | None = None) -> ParsedPlan:
    import openpyxl

    from exports.importers.table import header_roles, read_grid
    from exports.importers.text import finish_table_plan

    path = Path(path)
    check_office_file(path, ".xlsx")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about unknown extensions
            wb = openpyxl.load_workbook(path, data_only=True)
    except Exception as exc:
        raise ParseError(f"工作簿已损坏，无法读取（{type(exc).__name__}）。", place=path.name) from None
    try:
        for ws in wb.worksheets:
            if ws.sheet_state != "visible":
                continue
            grid, numbers = sheet_rows(ws, path.name)
            header_at = next((i for i, row in enumerate(grid[:30]) if header_roles(row)), None)
            if header_at is None:
                continue
            above = [one_line(c.text) for row in grid[:header_at] for c in row
                     if c.kind == "own" and one_line(c.text)]
            year = year_from(title or "", *above)
            reader = read_grid(grid, path.name, ws.title, year=year, row_numbers=numbers)
            if reader is None or not reader.result.tasks:
                continue
            return finish_table_plan(reader, above, path.name, title, sheet=ws.title)
    finally:
        wb.close()
    raise ParseError("没有找到重点工作任务表：需要一行表头，含“工作任务/工作事项”和"
                     "“牵头单位/责任单位”等列名。", place=path.name)
