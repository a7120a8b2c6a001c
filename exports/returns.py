"""Returns (回收表): one fill-in workbook per lead unit for a month, and reading them back.

A workbook lists the unit's work items with the plan's wording locked (sheet protection), a
hidden stable item id and row code, a status dropdown, columns for 完成状态/完成百分比/进展情况/
存在问题/下步计划, and the instructions at the top.  The columns are defined once, in
``COLUMNS``: adding one is one line there.  Every cell is written as text, never as a formula,
so a title such as ``=HYPERLINK(…)`` stays words in every unit's workbook.

The plan, month and unit and the workbook's signature (``db.services.returns``: an HMAC with
the ledger's secret) are recorded in a very hidden sheet.  The ledger records each workbook
made (``returns_sent``) and each one loaded back (``returns_received``): 尚未交回 lists the
units none of whose workbooks came back.

``read_returns`` checks a batch file by file: a good file's filled rows are kept; a bad file
is refused whole and every problem in it is listed (file, sheet, row, column, reason) —
wrong plan or month, a signature or row code that does not match (an edited id, a row from
another unit's workbook, a workbook relabelled for another unit), wording edited, a bad
status or percent, a formula where a status, percent or id belongs (in a text column a
formula is read as its text).  A row may also carry a 延期申请 (requested deadline and
reason), stored as pending for the office to grant or refuse.  ``write_returns`` stores the
accepted rows, the requests and the received records in one transaction and returns what it
changed (``StoredReturns``) for undo.
"""
from __future__ import annotations

import datetime as dt
import re
import secrets
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from db.dto import ProgressInfo, TaskInfo
from db.errors import InvalidInput, KnownError
from db.models import Status
from db.services import returns as ledger
from db.services.deadline_requests import RequestDraft
from db.services.plans import check_month, get_plan
from db.services.progress import check_percent, progress_for_month
from db.services.tasks import load_tree
from exports.atomic import atomic_path, is_temp_leftover
from exports.importers.common import ParseError, parse_deadline, place_of
from exports.importers.safety import check_office_file

SHEET = "月度进展"
META_SHEET = "_taizhang"
FORMAT = ledger.SIGNED
HEADER_ROW = 4
INSTRUCTIONS = ("填写说明：只填写浅黄色的列（完成状态、完成百分比、进展情况、存在问题、下步计划）。"
                "完成状态请从下拉框中选择；完成百分比填 0 到 100 的整数。"
                "确需延期的事项，在“申请调整完成时限”写明新的时限（如 2026年9月底前），"
                "在“申请理由”写明原因，经专班办公室批准后生效。"
                "其他列是工作方案原文，已锁定，请勿改动，也不要增删行、改动表格结构。"
                "填好后保存（仍为 .xlsx），交回专班办公室。")
REQUEST_DEADLINE, REQUEST_REASON = "申请调整完成时限", "申请理由"


@dataclass(frozen=True)
class RowSource:
    """What one row of a unit's workbook is made from."""

    seq: int
    task: TaskInfo
    ancestors: str
    entry: ProgressInfo | None
    code: str


def _entry(key: str) -> Callable[[RowSource], object]:
    return lambda r: getattr(r.entry, key) if r.entry is not None else None


@dataclass(frozen=True)
class Column:
    """One column of the workbook.  ``field``: the progress field a fill-in column is read
    back into (the unit may type there); ``kind``: how its cells are checked when read —
    "text", "status", "percent", "wording" (must equal the plan's), "id", "code", "request"
    (a 延期申请, not a progress field) or "" (not read back).  ``added``: the generation of
    a later column (0: there from the start), so a workbook made before it still loads."""

    header: str
    width: float
    value: Callable[[RowSource], object]
    field: str | None = None
    kind: str = ""
    hidden: bool = False
    added: int = 0

    @property
    def fill_in(self) -> bool:
        return self.field is not None


COLUMNS: tuple[Column, ...] = (
    Column("序号", 6, lambda r: r.seq),
    Column("工作任务", 18, lambda r: r.ancestors),
    Column("工作事项", 40, lambda r: item_text(r.task), kind="wording"),
    Column("牵头单位", 12, lambda r: "、".join(u.name for u in r.task.lead_units)),
    Column("责任单位", 16, lambda r: "、".join(u.name for u in r.task.responsible_units)),
    Column("责任领导", 10, lambda r: "、".join(r.task.responsible_leaders), added=1),
    Column("完成时限", 11, lambda r: r.task.deadline_text
           or (r.task.deadline.isoformat() if r.task.deadline else "")),
    Column("完成状态", 11, _entry("status"), field="status", kind="status"),
    Column("完成百分比", 9, _entry("percent"), field="percent", kind="percent"),
    Column("进展情况", 30, _entry("progress_text"), field="progress_text", kind="text"),
    Column("存在问题", 20, _entry("problems"), field="problems", kind="text"),
    Column("下步计划", 20, _entry("next_steps"), field="next_steps", kind="text"),
    Column("事项编号", 10, lambda r: r.task.id, kind="id", hidden=True),
    Column("校验码", 14, lambda r: r.code, kind="code", hidden=True),
    # 延期申请, after the hidden columns: on screen right of 下步计划, and every earlier column
    # keeps its place
    Column(REQUEST_DEADLINE, 14, lambda r: None, field="requested_deadline", kind="request",
           added=2),
    Column(REQUEST_REASON, 20, lambda r: None, field="request_reason", kind="request", added=2),
)
HEADERS = tuple(c.header for c in COLUMNS)
FILL_IN = tuple(c.header for c in COLUMNS if c.fill_in)
WIDTHS = tuple(c.width for c in COLUMNS)


def column_number(header: str) -> int:
    """The 1-based column of ``header`` in the workbook."""
    return HEADERS.index(header) + 1


@dataclass(frozen=True)
class MadeFile:
    unit_id: int
    unit_name: str
    path: Path
    items: int


@dataclass(frozen=True)
class MadeReturns:
    plan_id: int
    month: str
    folder: Path
    files: tuple[MadeFile, ...]


@dataclass
class ReturnRow:
    task_id: int
    file: str
    row: int
    unit_id: int | None
    unit_name: str
    item_text: str
    fields: dict  # status / percent / progress_text / problems / next_steps that were filled
    request: RequestDraft | None = None   # 延期申请 made in the row


@dataclass
class Conflict:
    """A returned row that differs from progress already entered (or from another file)."""

    task_id: int
    item_text: str
    existing: dict
    existing_from: str       # "已录入" or the other file's name
    returned: ReturnRow


@dataclass(frozen=True)
class Problem:
    """Why (part of) a returned file is refused: the file, and where known sheet, row and
    column."""

    file: str
    reason: str
    sheet: str = ""
    row: int | None = None
    column: str = ""

    @property
    def place(self) -> str:
        where = place_of(self.file, self.sheet, self.row)
        return f"{where}，“{self.column}”列" if self.column else where

    def __str__(self) -> str:
        return f"{self.place}：{self.reason}"


@dataclass(frozen=True)
class AcceptedFile:
    file: str
    sent_id: int
    unit_id: int
    unit_name: str
    filled_rows: int


@dataclass
class ReturnsCheck:
    plan_id: int | None
    month: str | None
    rows: list[ReturnRow] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)          # the accepted files
    accepted: list[AcceptedFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)   # of the refused files
    requests: list[RequestDraft] = field(default_factory=list)  # 延期申请 of the accepted files

    @property
    def refused(self) -> list[str]:
        """The files refused whole, in the order they were given."""
        return list(dict.fromkeys(p.file for p in self.problems))


class _Refused(Exception):
    """The whole file is refused for this one problem (it cannot be read further)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def item_text(info: TaskInfo) -> str:
    """The wording of a work item as the workbook shows it (and as it is checked back)."""
    if info.title and info.content:
        return f"{info.title}：{info.content}"
    return info.title or info.content


def _ancestor_text(info: TaskInfo, by_id: dict[int, TaskInfo]) -> str:
    names = []
    parent = by_id.get(info.parent_id) if info.parent_id else None
    while parent is not None:
        names.append(f"{parent.number}{parent.text}")
        parent = by_id.get(parent.parent_id) if parent.parent_id else None
    return "\n".join(reversed(names))


def _safe_file_name(text: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", text).strip("._") or "单位"


def _save_atomic(wb, path: Path) -> None:
    with atomic_path(path) as temp:
        wb.save(temp)


def _row_height(values) -> float:
    """Excel does not grow rows for wrapped text written by a program: estimate it (points)."""
    lines = 1
    for value, width in zip(values, WIDTHS):
        if isinstance(value, str) and value:
            per_line = max(1, int(width / 1.8))  # Chinese characters per line at 10 pt
            lines = max(lines, sum(-(-max(len(part), 1) // per_line)
                                   for part in value.split("\n")))
    return min(409, 14 * lines + 6)


def make_returns(db, plan_id: int, month: str, folder: Path,
                 progress=None) -> MadeReturns:
    """One fill-in workbook per lead unit for ``month`` in ``folder``, each recorded in the
    ledger as sent; returns what was made."""
    check_month(month)
    plan = get_plan(db, plan_id)
    tree = load_tree(db, plan_id)
    by_id = {t.id: t for t in tree}
    existing = progress_for_month(db, plan_id, month)
    per_unit: dict[int, tuple[str, list[TaskInfo]]] = {}
    for info in tree:
        if info.is_leaf:
            for unit in info.lead_units:
                per_unit.setdefault(unit.id, (unit.name, []))[1].append(info)
    if not per_unit:
        raise InvalidInput("这个工作方案的工作事项都还没有牵头单位，无法生成回收表。")
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KnownError(f"无法创建文件夹（{exc.strerror or exc}）。", place=str(folder)) from None
    with db.transaction() as session:
        secret = ledger.signing_secret(session)
    made: list[MadeFile] = []
    sent: list[ledger.SentWorkbook] = []
    password = secrets.token_hex(8)  # nobody needs to unprotect: the office makes new ones
    used: set[str] = set()
    for n, (unit_id, (unit_name, items)) in enumerate(per_unit.items(), start=1):
        if progress is not None:
            progress.update(n - 1, len(per_unit), f"正在生成：{unit_name}")
        name = f"{month}_{_safe_file_name(unit_name)}_回收表.xlsx"
        if name.casefold() in used:  # names differing only where a file name cannot
            name = f"{month}_{_safe_file_name(unit_name)}_{unit_id}_回收表.xlsx"
        used.add(name.casefold())
        path = folder / name
        signature = ledger.workbook_signature(secret, plan_id, month, unit_id,
                                              [t.id for t in items])
        rows = [RowSource(i, info, _ancestor_text(info, by_id), existing.get(info.id),
                          ledger.row_code(secret, plan_id, month, unit_id, info.id))
                for i, info in enumerate(items, start=1)]
        wb = _workbook(plan, month, unit_id, unit_name, rows, signature, password)
        try:
            _save_atomic(wb, path)
        except OSError as exc:
            raise KnownError(f"无法保存回收表（{exc.strerror or exc}）。", place=str(path)) from None
        made.append(MadeFile(unit_id, unit_name, path, len(items)))
        sent.append(ledger.SentWorkbook(unit_id, path.name, len(items), signature))
    ledger.record_sent(db, plan_id, month, sent)
    return MadeReturns(plan_id, month, folder, tuple(made))


def put_text(ws, row: int, column: int, value):
    """Write ``value`` as a string cell, never a formula (text starting with "=" included).
    None leaves the cell empty; numbers stay numbers."""
    cell = ws.cell(row, column)
    if value is None or value == "":
        return cell
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        cell.value = value
        return cell
    cell.value = str(value)
    cell.data_type = "s"     # openpyxl would store "=…" as a formula
    return cell


def _workbook(plan, month: str, unit_id: int, unit_name: str, rows: list[RowSource],
              signature: str, password: str):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.workbook.protection import WorkbookProtection
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    span = get_column_letter(max(i for i, c in enumerate(COLUMNS, start=1) if not c.hidden))
    year, mon = month.split("-")
    put_text(ws, 1, 1, f"{plan.title}月度进展回收表")
    ws["A1"].font = Font(name="黑体", size=16, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.merge_cells(f"A1:{span}1")
    ws.row_dimensions[1].height = 30
    put_text(ws, 2, 1, f"填报单位：{unit_name}        填报月份：{int(year)}年{int(mon)}月")
    ws["A2"].font = Font(name="宋体", size=12, bold=True)
    ws.merge_cells(f"A2:{span}2")
    put_text(ws, 3, 1, INSTRUCTIONS)
    ws["A3"].font = Font(name="宋体", size=10, color="9C0006")
    ws["A3"].alignment = Alignment(wrap_text=True, vertical="center")
    ws.merge_cells(f"A3:{span}3")
    ws.row_dimensions[3].height = 45
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    fill_in = PatternFill("solid", fgColor="FFF2CC")
    head_fill = PatternFill("solid", fgColor="D9D9D9")
    for c, column in enumerate(COLUMNS, start=1):
        cell = put_text(ws, HEADER_ROW, c, column.header)
        cell.font = Font(name="黑体", size=11)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
        cell.fill = head_fill
        letter = get_column_letter(c)
        ws.column_dimensions[letter].width = column.width
        ws.column_dimensions[letter].hidden = column.hidden
    status = DataValidation(type="list", formula1='"' + ",".join(Status.values()) + '"',
                            allow_blank=True, showErrorMessage=True,
                            errorTitle="完成状态", error="请从下拉框中选择完成状态。")
    percent = DataValidation(type="whole", operator="between", formula1="0", formula2="100",
                             allow_blank=True, showErrorMessage=True,
                             errorTitle="完成百分比", error="请填写 0 到 100 的整数。")
    ws.add_data_validation(status)
    ws.add_data_validation(percent)
    validations = {"status": status, "percent": percent}
    for source in rows:
        r = HEADER_ROW + source.seq
        values = [column.value(source) for column in COLUMNS]
        for c, (column, value) in enumerate(zip(COLUMNS, values), start=1):
            if column.kind not in ("percent",):   # only the percent is a number
                value = None if value is None else str(value)
            cell = put_text(ws, r, c, value)
            cell.border = border
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.font = Font(name="宋体", size=10)
            if column.fill_in:
                cell.protection = Protection(locked=False)
                cell.fill = fill_in
                if column.kind in ("text", "request"):
                    cell.number_format = "@"   # what the unit types stays text too
            if column.kind in validations:
                validations[column.kind].add(cell.coordinate)
        ws.row_dimensions[r].height = _row_height(values)
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 3)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.protection.set_password(password)
    ws.protection.sheet = True
    ws.protection.formatColumns = False   # the unit may widen columns and rows to read
    ws.protection.formatRows = False
    meta = wb.create_sheet(META_SHEET)
    for r, (key, value) in enumerate((("format", FORMAT), ("plan_id", plan.id),
                                      ("plan_title", plan.title), ("month", month),
                                      ("unit_id", unit_id), ("unit_name", unit_name),
                                      ("items", len(rows)), ("signature", signature),
                                      ("made_at", dt.datetime.now().isoformat(timespec="seconds"))),
                                     start=1):
        put_text(meta, r, 1, key)
        put_text(meta, r, 2, str(value))
    meta.sheet_state = "veryHidden"
    meta.protection.set_password(password)
    meta.protection.sheet = True
    for name, ref in (("TZ_PLAN_ID", "$B$2"), ("TZ_MONTH", "$B$4"), ("TZ_UNIT_ID", "$B$5")):
        wb.defined_names[name] = DefinedName(name, attr_text=f"'{META_SHEET}'!{ref}")
    wb.security = WorkbookProtection(workbookPassword=password, lockStructure=True)
    return wb


# --- reading returned workbooks -------------------------------------------------------------

def _meta(wb, name: str) -> dict:
    if META_SHEET not in wb.sheetnames:
        raise _Refused(Problem(name, "不是本系统生成的回收表（缺少登记信息），"
                                     "请用“生成回收表”得到的文件填报。"))
    ws = wb[META_SHEET]
    data = {str(ws.cell(r, 1).value): ws.cell(r, 2).value for r in range(1, 20)
            if ws.cell(r, 1).value}
    if data.get("format") != FORMAT:
        raise _Refused(Problem(name, "回收表的登记信息不完整或版本不对（可能是旧版本生成的），"
                                     "请重新生成回收表发给该单位。"))
    try:
        data["plan_id"] = int(data["plan_id"])
        data["unit_id"] = int(data["unit_id"])
        data["month"] = str(data["month"])
        check_month(data["month"])
    except (KeyError, TypeError, ValueError, InvalidInput):
        raise _Refused(Problem(name, "回收表的登记信息被改动，无法识别方案、单位或月份。")) from None
    return data


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _formula_text(cell) -> str | None:
    """The formula a cell holds, as text ("=…"); None when the cell is not a formula."""
    if cell.data_type != "f":
        return None
    value = cell.value
    return str(getattr(value, "text", value) or "")


class _Plans:
    """The plans' work items and the ledger's workbooks, read once per batch."""

    def __init__(self, db) -> None:
        self.db = db
        self.items: dict[int, dict[int, TaskInfo]] = {}
        self.sent: dict[tuple[int, str], dict[int, ledger.SentInfo]] = {}
        with db.transaction() as session:
            self.secret = ledger.signing_secret(session)

    def leaves(self, plan_id: int, name: str) -> dict[int, TaskInfo]:
        if plan_id not in self.items:
            try:
                tree = load_tree(self.db, plan_id)
            except KnownError:
                raise _Refused(Problem(name, f"回收表所属的工作方案（编号 {plan_id}）已不存在。")) \
                    from None
            self.items[plan_id] = {t.id: t for t in tree if t.is_leaf}
        return self.items[plan_id]

    def sent_to(self, plan_id: int, month: str, unit_id: int) -> ledger.SentInfo | None:
        key = (plan_id, month)
        if key not in self.sent:
            self.sent[key] = {s.unit_id: s for s in ledger.returns_sent(self.db, plan_id, month)}
        return self.sent[key].get(unit_id)


def _read_one(path: Path, plans: _Plans, plan_id: int | None, month: str | None
              ) -> tuple[dict, list[ReturnRow], list[Problem], ledger.SentInfo | None]:
    """Read one returned workbook: (its registration, filled rows, problems, sent record).
    Problems that stop the reading raise ``_Refused``."""
    import openpyxl

    name = path.name
    try:
        check_office_file(path, ".xlsx")
    except ParseError as exc:
        raise _Refused(Problem(name, exc.message)) from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(path)   # formulas as formulas: they are refused or kept as text
    except Exception as exc:
        raise _Refused(Problem(name, f"工作簿已损坏，无法读取（{type(exc).__name__}）。")) from None
    try:
        meta = _meta(wb, name)
        if plan_id is not None and meta["plan_id"] != plan_id:
            raise _Refused(Problem(name, f"这是另一个工作方案（“{meta.get('plan_title', '')}”）"
                                         "的回收表。"))
        if month is not None and meta["month"] != month:
            raise _Refused(Problem(name, f"这是 {meta['month']} 的回收表，不是 {month} 的。"))
        items = plans.leaves(meta["plan_id"], name)
        if SHEET not in wb.sheetnames:
            raise _Refused(Problem(name, f"找不到工作表“{SHEET}”。"))
        ws = wb[SHEET]
        header = [_cell_text(c.value) for c in ws[HEADER_ROW]]
        col = _column_places(header)
        if col is None:
            raise _Refused(Problem(name, "表头被改动（列被移动、插入或删除），"
                                         "请用新生成的回收表重新填报。", SHEET, HEADER_ROW))
        sent = plans.sent_to(meta["plan_id"], meta["month"], meta["unit_id"])
        rows, problems, ids = _read_rows(ws, name, meta, items, plans.secret, col)
        signature = ledger.workbook_signature(plans.secret, meta["plan_id"], meta["month"],
                                              meta["unit_id"], ids)
        if not ledger.same(signature, meta.get("signature")) and not problems:
            problems.insert(0, Problem(name, "回收表的签名不符：登记的单位、方案或月份被改动，"
                                             "或行被增删；请用发给该单位的原表填报。"))
        if sent is None and not problems:
            problems.append(Problem(name, f"本台账没有为“{meta.get('unit_name', '')}”生成过 "
                                          f"{meta['month']} 的回收表。"))
        return meta, rows, problems, sent
    finally:
        wb.close()


def _column_places(header: list[str]) -> dict[str, int] | None:
    """Where each column sits (0-based) in a workbook's header row, found by header: today's
    layout, or an older one lacking only later (``added``) columns.
    None when the header is neither (columns moved, inserted or deleted)."""
    places: dict[str, int] = {}
    for column in COLUMNS:
        if len(places) < len(header) and header[len(places)] == column.header:
            places[column.header] = len(places)
        elif not column.added:
            return None
    return places


def _read_rows(ws, name: str, meta: dict, items: dict[int, TaskInfo], secret: bytes,
               col: dict[str, int]) -> tuple[list[ReturnRow], list[Problem], list[int]]:
    kinds = {c.header: c.kind for c in COLUMNS}
    rows: list[ReturnRow] = []
    problems: list[Problem] = []
    ids: list[int] = []
    seen: set[int] = set()
    unit_name = str(meta.get("unit_name") or "")
    for cells in ws.iter_rows(min_row=HEADER_ROW + 1, max_col=len(col)):
        cells = list(cells)
        if not cells or all(c.value is None or _cell_text(c.value) == "" for c in cells):
            continue
        r = cells[0].row
        row_problems: list[Problem] = []

        def refuse(reason: str, header: str = "") -> None:
            row_problems.append(Problem(name, reason, SHEET, r, header))

        def text_of(header: str) -> str | None:
            """The cell's text; a formula is read as its text where words belong and refused
            elsewhere (None)."""
            cell = cells[col[header]] if col[header] < len(cells) else None
            if cell is None:
                return ""
            formula = _formula_text(cell)
            if formula is None:
                return _cell_text(cell.value)
            if kinds[header] == "text":
                return formula.strip()
            refuse(f"是公式（{formula[:40]}），这里应直接填写{header}。", header)
            return None

        raw_id = text_of("事项编号")
        try:
            task_id = int(raw_id or "")
        except ValueError:
            if raw_id is not None:
                refuse("事项编号缺失或被改动，请勿增删行或修改表格。", "事项编号")
            problems.extend(row_problems)
            continue
        ids.append(task_id)
        code = text_of("校验码")
        if code is not None and not ledger.same(code, ledger.row_code(
                secret, meta["plan_id"], meta["month"], meta["unit_id"], task_id)):
            refuse(f"事项编号 {task_id} 与本行的校验码不符：这一行不是发给“{unit_name}”的"
                   "（编号被改动，或整表、整行来自另一个单位）。", "事项编号")
            problems.extend(row_problems)
            continue
        info = items.get(task_id)
        if info is None:
            refuse(f"事项编号 {task_id} 已不在这个工作方案中（事项可能已被删除）。", "事项编号")
            problems.extend(row_problems)
            continue
        if task_id in seen:
            refuse(f"事项编号 {task_id} 在表中出现了两次。", "事项编号")
        seen.add(task_id)
        wording = text_of("工作事项")
        if wording is not None and wording != item_text(info).strip():
            refuse("工作事项的文字与工作方案不一致（锁定的内容被改动，或方案已修改）；"
                   "请用新生成的回收表填报。", "工作事项")
        fields: dict = {}
        asked: dict = {}
        for column in COLUMNS:
            if not column.fill_in or column.header not in col:
                continue
            text = text_of(column.header)
            if not text:
                continue
            if column.kind == "request":
                asked[column.field] = text
            elif column.kind == "status":
                if text not in Status.values():
                    refuse(f"完成状态“{text}”无效，应为：{'、'.join(Status.values())}。",
                           column.header)
                    continue
                fields[column.field] = text
            elif column.kind == "percent":
                try:
                    fields[column.field] = check_percent(text.rstrip("%％").strip())
                except InvalidInput as exc:
                    refuse(exc.message, column.header)
            else:
                fields[column.field] = text
        request = _request(asked, info, meta, name, refuse) if asked else None
        problems.extend(row_problems)
        if (fields or request) and not row_problems:
            rows.append(ReturnRow(task_id, name, r, meta["unit_id"], unit_name,
                                  item_text(info), fields, request))
    return rows, problems, ids


def _request(asked: dict, info: TaskInfo, meta: dict, name: str, refuse
             ) -> RequestDraft | None:
    """The row's 延期申请: a date that can be read, later than the current deadline, and a
    reason; else the row is refused naming the column."""
    text, reason = asked.get("requested_deadline", ""), asked.get("request_reason", "")
    if not text:
        refuse(f"写了申请理由，但没有写申请调整到什么时候，请在“{REQUEST_DEADLINE}”填写"
               "（如 2026年9月底前）。", REQUEST_DEADLINE)
        return None
    year = int(meta["month"][:4])
    date, text = parse_deadline(text, year)
    if date is None:
        refuse(f"“{text}”看不出日期，请写成“2026年9月底前”或“2026年9月15日前”这样。",
               REQUEST_DEADLINE)
        return None
    if not reason:
        refuse(f"申请延期至“{text}”，请在“{REQUEST_REASON}”写明原因。", REQUEST_REASON)
        return None
    if info.deadline is not None and date <= info.deadline:
        current = info.deadline_text or info.deadline.isoformat()
        refuse(f"申请的完成时限“{text}”不晚于当前完成时限（{current}），无需申请延期。",
               REQUEST_DEADLINE)
        return None
    return RequestDraft(info.id, meta["month"], meta["unit_id"], date, text, reason, name)


def _as_fields(p: ProgressInfo) -> dict:
    return {"status": p.status, "percent": p.percent, "progress_text": p.progress_text,
            "problems": p.problems, "next_steps": p.next_steps}


def read_returns(db, paths: list[Path], plan_id: int | None = None,
                 month: str | None = None, progress=None) -> ReturnsCheck:
    """Check a batch of returned workbooks (all for one plan and month): the good files'
    rows and their conflicts with progress already entered, and every problem of the bad
    files (which are refused whole).  Nothing is written."""
    paths = [p for p in paths if not is_temp_leftover(p)]  # half-written files of a kill
    if not paths:
        raise InvalidInput("没有选择回收表文件。")
    plans = _Plans(db)
    check = ReturnsCheck(plan_id, month)
    by_task: dict[int, ReturnRow] = {}
    existing: dict[int, ProgressInfo] | None = None
    for n, path in enumerate(paths):
        path = Path(path)
        if progress is not None:
            progress.update(n, len(paths), f"正在检查：{path.name}")
        try:
            meta, rows, problems, sent = _read_one(path, plans, check.plan_id, check.month)
        except _Refused as refused:
            check.problems.append(refused.problem)
            continue
        if problems:
            check.problems.extend(problems)
            continue
        if existing is None:
            check.plan_id, check.month = meta["plan_id"], meta["month"]
            existing = progress_for_month(db, check.plan_id, check.month)
        check.files.append(path.name)
        check.accepted.append(AcceptedFile(path.name, sent.id, sent.unit_id, sent.unit_name,
                                           len(rows)))
        if not rows:
            check.warnings.append(f"{path.name}：没有填写任何内容。")
        check.requests.extend(r.request for r in rows if r.request is not None)
        for row in rows:
            other = by_task.get(row.task_id)
            if other is not None:
                if {k: other.fields.get(k) for k in row.fields} != row.fields:
                    check.conflicts.append(Conflict(row.task_id, row.item_text, other.fields,
                                                    other.file, row))
                continue
            by_task[row.task_id] = row
            check.rows.append(row)
            old = existing.get(row.task_id)
            if old is not None:
                old_fields = _as_fields(old)
                if any(old_fields.get(k) not in (None, "") and old_fields.get(k) != v
                       for k, v in row.fields.items()):
                    check.conflicts.append(Conflict(row.task_id, row.item_text, old_fields,
                                                    "已录入", row))
    return check


def write_returns(db, check: ReturnsCheck, replace: set[int] | None = None
                  ) -> ledger.StoredReturns:
    """Store the accepted files' rows and record the files as returned, in one transaction.
    Rows in conflict are written only when their task id is in ``replace`` (the existing
    entry is kept otherwise).  Returns what changed (``StoredReturns``: the items written
    and the received records)."""
    if not check.accepted:
        raise InvalidInput("没有可以写入的回收表。")
    replace = replace or set()
    conflicted = {c.task_id for c in check.conflicts}
    chosen: dict[int, ReturnRow] = {r.task_id: r for r in check.rows}
    for c in check.conflicts:  # a conflict between two files: replace means the later file
        if c.task_id in replace and c.existing_from != "已录入":
            chosen[c.task_id] = c.returned
    rows = [(task_id, {**row.fields, "reporting_unit_id": row.unit_id})
            for task_id, row in chosen.items()
            if row.fields and (task_id not in conflicted or task_id in replace)]
    files = [(a.sent_id, a.file, a.filled_rows) for a in check.accepted]
    with db.transaction() as session:
        return ledger.store_returns(session, check.plan_id, check.month, rows, files,
                                    check.requests)
