"""Word .docx plans, read as a ``SourceDocument``: the paragraphs as lines and the tables as
rows of cells (the prose gives title, goals and work group; a key-task table, found by its
header names when the plan is assembled, gives the task list).

``word/document.xml`` is read with defusedxml (no DTDs, no entities), so the raw
``w:gridSpan`` / ``w:vMerge`` of every cell is seen: merged cells are filled down and a header
cell spanning two columns names both.

Numbers that Word's list feature draws (一、 （一） 1. in headings, 1 2 3 in a 序号 column) are
not in the text runs; ``word_numbering`` works them out from numbering.xml and styles.xml and
they are put in front of the paragraph text, so the readers see the plan as it looks in Word.
Bullets are left out: they carry no structure and would end up in the task text.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from defusedxml import ElementTree as SafeET

from exports.importers.common import ParseError
from exports.importers.safety import check_office_file
from exports.importers.source import SourceDocument, Table
from exports.importers.table import Cell, Row
from exports.importers.word_numbering import ListNumbering

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _paragraph_text(p, numbering: ListNumbering | None = None, in_cell: bool = False) -> str:
    """The paragraph's text with Word's list number in front.  An empty numbered paragraph
    shows its number only in a table cell (a 序号 column is often just that); in the prose it
    is a stray empty line and stays empty (it still counts, as in Word)."""
    text = _runs_text(p)
    label = numbering.label(p) if numbering is not None else None
    if label is None or label.bullet or not label.text or not (text.strip() or in_cell):
        return text
    suffix = label.suffix
    if not suffix and text[:1].isdigit() and label.text[-1:] in "0123456789.．":
        suffix = " "  # "1." + "2024年…" must not read as the number 1.2024
    return label.text + suffix + text


def _runs_text(p) -> str:
    out: list[str] = []
    # only what runs hold: a w:tab in w:pPr/w:tabs is a tab stop, not a character
    for run in p.iter(W + "r"):
        for el in run:
            tag = el.tag
            if tag == W + "t":
                out.append(el.text or "")
            elif tag == W + "tab":
                out.append("\t")
            elif tag in (W + "br", W + "cr"):
                out.append("\n")
    return "".join(out)


def _cell_text(tc, numbering: ListNumbering | None = None) -> str:
    lines = []
    for p in tc.iter(W + "p"):
        lines.append(_paragraph_text(p, numbering, in_cell=True))
    return "\n".join(lines).strip()


def _val(el, name: str):
    child = el.find(W + name) if el is not None else None
    if child is None:
        return None
    return child.get(W + "val", "")


def table_rows(tbl, numbering: ListNumbering | None = None) -> list[Row]:
    rows: list[Row] = []
    above: dict[int, str] = {}
    for tr in tbl.findall(W + "tr"):
        row: Row = []
        before = _val(tr.find(W + "trPr"), "gridBefore")
        for _ in range(int(before) if before and before.isdigit() else 0):
            row.append(Cell())
        for tc in tr.findall(W + "tc"):
            pr = tc.find(W + "tcPr")
            span_val = _val(pr, "gridSpan")
            span = int(span_val) if span_val and span_val.isdigit() else 1
            span = max(1, min(span, 50))
            vmerge = _val(pr, "vMerge")
            col = len(row)
            if vmerge is not None and vmerge != "restart":
                text = above.get(col, "")
                cell = Cell(text, "v")
            else:
                text = _cell_text(tc, numbering)
                cell = Cell(text, "own")
            row.append(cell)
            for _ in range(span - 1):
                row.append(Cell(text, "h"))
        for col, cell in enumerate(row):
            above[col] = cell.text
        rows.append(row)
    return rows


def read_blocks(path: Path, warnings: list[str] | None = None) -> list[tuple[str, object]]:
    """The document body in order: ("p", text) and ("table", rows), with Word's list numbers
    in front of numbered paragraphs; what went wrong with the numbering goes to ``warnings``."""
    with zipfile.ZipFile(path) as zf:
        with zf.open("word/document.xml") as fh:
            root = SafeET.parse(fh, forbid_dtd=True).getroot()
        numbering = ListNumbering.from_zip(zf)
    body = root.find(W + "body")
    if body is None:
        raise ParseError("文档中没有正文。", place=path.name)
    blocks: list[tuple[str, object]] = []

    def walk(parent) -> None:
        for el in parent:
            if el.tag == W + "p":
                blocks.append(("p", _paragraph_text(el, numbering)))
            elif el.tag == W + "tbl":
                blocks.append(("table", table_rows(el, numbering)))
            elif el.tag in (W + "sdt", W + "sdtContent", W + "customXml", W + "ins"):
                walk(el)
    walk(body)
    if warnings is not None:
        warnings += numbering.warnings
    return blocks


def read_docx(path: Path) -> SourceDocument:
    """The document's paragraphs as lines (Word's list numbers in front) and its tables."""
    path = Path(path)
    check_office_file(path, ".docx")
    numbering_notes: list[str] = []
    try:
        blocks = read_blocks(path, numbering_notes)
    except ParseError:
        raise
    except Exception as exc:  # a zip that passed the checks but holds broken XML
        raise ParseError(f"文档已损坏，无法读取（{type(exc).__name__}）。", place=path.name) from None
    doc = SourceDocument(path.name, notes=numbering_notes)
    for kind, value in blocks:
        if kind == "p":
            doc.lines.extend(str(value).split("\n"))
        else:
            doc.tables.append(Table(value))  # type: ignore[arg-type]
            doc.lines.append("")
    return doc
