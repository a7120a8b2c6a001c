"""Returns (回收表): one fill-in workbook per lead unit for a month, and reading them back.

A workbook lists the unit's work items with the plan's wording locked (sheet protection), a
hidden stable item id, a status dropdown, columns for 完成状态/完成百分比/进展情况/存在问题/
下步计划, and the instructions at the top.  The plan id, month and unit are recorded in a very
hidden sheet and as defined names.  ``read_returns`` validates returned files (wrong plan or
month, unknown or changed ids, wording edited, bad status or percent → ``ParseError`` naming
file, sheet and row) and finds conflicts with progress already entered; ``write_returns``
stores the accepted rows in one transaction.  A small JSON manifest in the output folder
records which units' workbooks were made, so the units not yet returned can be listed.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import secrets
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from db.dto import ProgressInfo, TaskInfo
from db.errors import InvalidInput, KnownError
from db.models import Status
from db.services.plans import check_month, get_plan
from db.services.progress import check_percent, progress_for_month, record_progress
from db.services.tasks import load_tree
from exports.atomic import atomic_path, is_temp_leftover
from exports.importers.common import ParseError, place_of
from exports.importers.safety import check_office_file

SHEET = "月度进展"
META_SHEET = "_taizhang"
MANIFEST = "回收表清单.json"
FORMAT = "taizhang-returns-1"
HEADERS = ("序号", "工作任务", "工作事项", "牵头单位", "责任单位", "完成时限",
           "完成状态", "完成百分比", "进展情况", "存在问题", "下步计划", "事项编号")
FILL_IN = ("完成状态", "完成百分比", "进展情况", "存在问题", "下步计划")
WIDTHS = (6, 18, 40, 12, 16, 11, 11, 9, 30, 20, 20, 10)
HEADER_ROW = 4
INSTRUCTIONS = ("填写说明：只填写浅黄色的五列（完成状态、完成百分比、进展情况、存在问题、下步计划）。"
                "完成状态请从下拉框中选择；完成百分比填 0 到 100 的整数；"
                "其他列是工作方案原文，已锁定，请勿改动，也不要增删行、改动表格结构。"
                "填好后保存（仍为 .xlsx），交回专班办公室。")


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
    manifest: Path


@dataclass
class ReturnRow:
    task_id: int
    file: str
    row: int
    unit_id: int | None
    unit_name: str
    item_text: str
    fields: dict  # status / percent / progress_text / problems / next_steps that were filled


@dataclass
class Conflict:
    """A returned row that differs from progress already entered (or from another file)."""

    task_id: int
    item_text: str
    existing: dict
    existing_from: str       # "已录入" or the other file's name
    returned: ReturnRow


@dataclass
class ReturnsCheck:
    plan_id: int
    month: str
    rows: list[ReturnRow] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


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
    """One fill-in workbook per lead unit for ``month`` in ``folder``; returns what was made."""
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
    made: list[MadeFile] = []
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
        wb = _workbook(plan, month, unit_id, unit_name, items, by_id, existing, password)
        try:
            _save_atomic(wb, path)
        except OSError as exc:
            raise KnownError(f"无法保存回收表（{exc.strerror or exc}）。", place=str(path)) from None
        made.append(MadeFile(unit_id, unit_name, path, len(items)))
    manifest = folder / MANIFEST
    data = {"format": FORMAT, "plan_id": plan_id, "plan_title": plan.title, "month": month,
            "made_at": dt.datetime.now().isoformat(timespec="seconds"),
            "units": [{"unit_id": m.unit_id, "unit_name": m.unit_name, "file": m.path.name,
                       "items": m.items} for m in made]}
    manifest.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return MadeReturns(plan_id, month, folder, tuple(made), manifest)


def _workbook(plan, month: str, unit_id: int, unit_name: str, items: list[TaskInfo],
              by_id: dict[int, TaskInfo], existing: dict[int, ProgressInfo], password: str):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.workbook.protection import WorkbookProtection
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    last_col = get_column_letter(len(HEADERS))
    year, mon = month.split("-")
    ws["A1"] = f"{plan.title}月度进展回收表"
    ws["A1"].font = Font(name="黑体", size=16, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.merge_cells(f"A1:{get_column_letter(len(HEADERS) - 1)}1")
    ws.row_dimensions[1].height = 30
    ws["A2"] = f"填报单位：{unit_name}        填报月份：{int(year)}年{int(mon)}月"
    ws["A2"].font = Font(name="宋体", size=12, bold=True)
    ws.merge_cells(f"A2:{get_column_letter(len(HEADERS) - 1)}2")
    ws["A3"] = INSTRUCTIONS
    ws["A3"].font = Font(name="宋体", size=10, color="9C0006")
    ws["A3"].alignment = Alignment(wrap_text=True, vertical="center")
    ws.merge_cells(f"A3:{get_column_letter(len(HEADERS) - 1)}3")
    ws.row_dimensions[3].height = 45
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    fill_in = PatternFill("solid", fgColor="FFF2CC")
    head_fill = PatternFill("solid", fgColor="D9D9D9")
    for c, (name, width) in enumerate(zip(HEADERS, WIDTHS), start=1):
        cell = ws.cell(HEADER_ROW, c, name)
        cell.font = Font(name="黑体", size=11)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
        cell.fill = head_fill
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.column_dimensions[last_col].hidden = True
    status = DataValidation(type="list", formula1='"' + ",".join(Status.values()) + '"',
                            allow_blank=True, showErrorMessage=True,
                            errorTitle="完成状态", error="请从下拉框中选择完成状态。")
    percent = DataValidation(type="whole", operator="between", formula1="0", formula2="100",
                             allow_blank=True, showErrorMessage=True,
                             errorTitle="完成百分比", error="请填写 0 到 100 的整数。")
    ws.add_data_validation(status)
    ws.add_data_validation(percent)
    for i, info in enumerate(items, start=1):
        r = HEADER_ROW + i
        done = existing.get(info.id)
        values = [i, _ancestor_text(info, by_id), item_text(info),
                  "、".join(u.name for u in info.lead_units),
                  "、".join(u.name for u in info.responsible_units),
                  info.deadline_text or (info.deadline.isoformat() if info.deadline else ""),
                  done.status if done else None, done.percent if done else None,
                  done.progress_text if done else None, done.problems if done else None,
                  done.next_steps if done else None, info.id]
        for c, value in enumerate(values, start=1):
            cell = ws.cell(r, c, value if value != "" else None)
            cell.border = border
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.font = Font(name="宋体", size=10)
            if HEADERS[c - 1] in FILL_IN:
                cell.protection = Protection(locked=False)
                cell.fill = fill_in
        ws.row_dimensions[r].height = _row_height(values)
        status.add(f"G{r}")
        percent.add(f"H{r}")
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
                                      ("items", len(items)),
                                      ("made_at", dt.datetime.now().isoformat(timespec="seconds"))),
                                     start=1):
        meta.cell(r, 1, key)
        meta.cell(r, 2, value)
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
        raise ParseError("不是本系统生成的回收表（缺少登记信息），请用“生成回收表”得到的文件填报。",
                         place=name)
    ws = wb[META_SHEET]
    data = {str(ws.cell(r, 1).value): ws.cell(r, 2).value for r in range(1, 20)
            if ws.cell(r, 1).value}
    if data.get("format") != FORMAT:
        raise ParseError("回收表的登记信息不完整或版本不对。", place=name)
    try:
        data["plan_id"] = int(data["plan_id"])
        data["unit_id"] = int(data["unit_id"])
        check_month(str(data["month"]))
    except (KeyError, TypeError, ValueError, InvalidInput):
        raise ParseError("回收表的登记信息被改动，无法识别方案或月份。", place=name) from None
    return data


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _read_one(path: Path, leaves: dict[int, dict[int, TaskInfo]], db,
              plan_id: int | None, month: str | None) -> tuple[dict, list[ReturnRow]]:
    import openpyxl

    check_office_file(path, ".xlsx")
    name = path.name
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(path, data_only=True)
    except Exception as exc:
        raise ParseError(f"工作簿已损坏，无法读取（{type(exc).__name__}）。", place=name) from None
    try:
        meta = _meta(wb, name)
        if plan_id is not None and meta["plan_id"] != plan_id:
            raise ParseError(f"这是另一个工作方案（“{meta.get('plan_title', '')}”）的回收表。",
                             place=name)
        if month is not None and meta["month"] != month:
            raise ParseError(f"这是 {meta['month']} 的回收表，不是 {month} 的。", place=name)
        if meta["plan_id"] not in leaves:
            try:
                tree = load_tree(db, meta["plan_id"])
            except KnownError:
                raise ParseError(f"回收表所属的工作方案（编号 {meta['plan_id']}）已不存在。",
                                 place=name) from None
            leaves[meta["plan_id"]] = {t.id: t for t in tree if t.is_leaf}
        items = leaves[meta["plan_id"]]
        if SHEET not in wb.sheetnames:
            raise ParseError(f"找不到工作表“{SHEET}”。", place=name)
        ws = wb[SHEET]
        header = [_cell_text(c.value) for c in ws[HEADER_ROW]]
        if tuple(header[:len(HEADERS)]) != HEADERS:
            raise ParseError("表头被改动（列被移动、插入或删除），请用新生成的回收表重新填报。",
                             place=place_of(name, SHEET, HEADER_ROW))
        col = {h: i for i, h in enumerate(HEADERS)}
        rows: list[ReturnRow] = []
        seen: set[int] = set()
        for r, values in enumerate(ws.iter_rows(min_row=HEADER_ROW + 1, max_col=len(HEADERS),
                                                values_only=True), start=HEADER_ROW + 1):
            values = list(values) + [None] * (len(HEADERS) - len(values))
            if all(v is None or _cell_text(v) == "" for v in values):
                continue
            where = place_of(name, SHEET, r)
            raw_id = values[col["事项编号"]]
            try:
                task_id = int(_cell_text(raw_id))
            except ValueError:
                raise ParseError("事项编号缺失或被改动，请勿增删行或修改表格。", place=where) from None
            info = items.get(task_id)
            if info is None:
                raise ParseError(f"事项编号 {task_id} 不属于这个工作方案（可能已被删除或被改动）。",
                                 place=where)
            if task_id in seen:
                raise ParseError(f"事项编号 {task_id} 在表中出现了两次。", place=where)
            seen.add(task_id)
            if _cell_text(values[col["工作事项"]]) != item_text(info).strip():
                raise ParseError("工作事项的文字与工作方案不一致（锁定的内容被改动，或方案已修改）；"
                                 "请用新生成的回收表填报。", place=where)
            fields: dict = {}
            status = _cell_text(values[col["完成状态"]])
            if status:
                if status not in Status.values():
                    raise ParseError(f"完成状态“{status}”无效，应为："
                                     f"{'、'.join(Status.values())}。", place=where)
                fields["status"] = status
            percent = _cell_text(values[col["完成百分比"]]).rstrip("%％").strip()
            if percent:
                try:
                    fields["percent"] = check_percent(percent)
                except InvalidInput as exc:
                    raise ParseError(exc.message, place=where) from None
            for header, key in (("进展情况", "progress_text"), ("存在问题", "problems"),
                                ("下步计划", "next_steps")):
                text = _cell_text(values[col[header]])
                if text:
                    fields[key] = text
            if fields:
                rows.append(ReturnRow(task_id, name, r, meta["unit_id"],
                                      str(meta.get("unit_name") or ""),
                                      item_text(info), fields))
        return meta, rows
    finally:
        wb.close()


def _as_fields(p: ProgressInfo) -> dict:
    return {"status": p.status, "percent": p.percent, "progress_text": p.progress_text,
            "problems": p.problems, "next_steps": p.next_steps}


def read_returns(db, paths: list[Path], plan_id: int | None = None,
                 month: str | None = None) -> ReturnsCheck:
    """Validate returned workbooks (all for one plan and month) and find conflicts."""
    paths = [p for p in paths if not is_temp_leftover(p)]  # half-written files of a kill
    if not paths:
        raise InvalidInput("没有选择回收表文件。")
    leaves: dict[int, dict[int, TaskInfo]] = {}
    check: ReturnsCheck | None = None
    by_task: dict[int, ReturnRow] = {}
    existing: dict[int, ProgressInfo] = {}
    for path in paths:
        path = Path(path)
        meta, rows = _read_one(path, leaves, db, plan_id, month)
        if check is None:
            plan_id, month = meta["plan_id"], meta["month"]
            check = ReturnsCheck(plan_id, month)
            existing = progress_for_month(db, plan_id, month)
        check.files.append(path.name)
        if not rows:
            check.warnings.append(f"{path.name}：没有填写任何内容。")
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
    assert check is not None
    return check


def write_returns(db, check: ReturnsCheck, replace: set[int] | None = None) -> int:
    """Store the returned rows in one transaction.  Rows in conflict are written only when
    their task id is in ``replace`` (keep the existing entry otherwise).  Returns the count."""
    replace = replace or set()
    conflicted = {c.task_id for c in check.conflicts}
    chosen: dict[int, ReturnRow] = {r.task_id: r for r in check.rows}
    for c in check.conflicts:  # a conflict between two files: replace means the later file
        if c.task_id in replace and c.existing_from != "已录入":
            chosen[c.task_id] = c.returned
    written = 0
    with db.transaction() as session:
        for task_id, row in chosen.items():
            if task_id in conflicted and task_id not in replace:
                continue
            record_progress.in_session(session, task_id, check.month,
                                       reporting_unit_id=row.unit_id, **row.fields)
            written += 1
    return written


def units_not_returned(db, folder: Path) -> list[str]:
    """Units whose workbook (listed in the folder's manifest) has not come back: none of
    their items has progress for that month reported by them."""
    manifest = Path(folder) / MANIFEST
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        plan_id, month, units = int(data["plan_id"]), str(data["month"]), data["units"]
    except FileNotFoundError:
        raise KnownError("这个文件夹里没有回收表清单，请选择生成回收表时的文件夹。",
                         place=str(folder)) from None
    except (OSError, ValueError, KeyError, TypeError):
        raise KnownError("回收表清单文件已损坏。", place=str(manifest)) from None
    entries = progress_for_month(db, plan_id, month)
    reported = {p.reporting_unit.id for p in entries.values() if p.reporting_unit}
    return [u["unit_name"] for u in units if u.get("unit_id") not in reported]
