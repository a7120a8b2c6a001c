"""佐证材料: files kept inside the ledger with a work item's month entry.

The bytes live in the ``evidence`` table beside their name, type, size, sha256, who and when,
so the one ledger file (and every backup of it) carries them.  Every file of one action is read
and checked before anything is written, and all of them are stored in one transaction: a file
that is too large, empty, unreadable or not what its name says refuses the whole action,
naming the file, and the ledger stays as it was.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.errors import InvalidInput, NotFound, StorageError
from db.models import Evidence, Progress, TaskNode, TaskUnit, Unit, UnitRole, utcnow
from db.services import action
from db.services.plans import check_month
from db.services.tasks import load_tree_in_session

MAX_BYTES = 20 * 1024 * 1024
MAX_NAME = 255

# suffix → (media type, what the office calls it, how the file must start)
ZIP, OLE = (b"PK\x03\x04",), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
KINDS: dict[str, tuple[str, str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", "PDF 文件", (b"%PDF-",)),
    ".jpg": ("image/jpeg", "JPEG 图片", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", "JPEG 图片", (b"\xff\xd8\xff",)),
    ".png": ("image/png", "PNG 图片", (b"\x89PNG\r\n\x1a\n",)),
    ".gif": ("image/gif", "GIF 图片", (b"GIF87a", b"GIF89a")),
    ".bmp": ("image/bmp", "BMP 图片", (b"BM",)),
    ".tif": ("image/tiff", "TIFF 图片", (b"II*\x00", b"MM\x00*")),
    ".tiff": ("image/tiff", "TIFF 图片", (b"II*\x00", b"MM\x00*")),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
              "Word 文档", ZIP),
    ".doc": ("application/msword", "Word 文档", OLE),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
              "Excel 工作簿", ZIP),
    ".xls": ("application/vnd.ms-excel", "Excel 工作簿", OLE),
}


def size_words(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} 字节"


def allowed_suffixes() -> str:
    return "、".join(sorted({s.lstrip(".").upper() for s in KINDS}))


@dataclass(frozen=True)
class EvidenceFile:
    """A file read and checked, ready to be stored."""

    name: str
    media_type: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def check_file(name: str, data: bytes, *, limit: int = MAX_BYTES) -> EvidenceFile:
    """Check one file's name, size and contents; the message names the file."""
    name = os.path.basename(name or "").strip()
    if not name:
        raise InvalidInput("佐证材料没有文件名。")
    if len(name) > MAX_NAME:
        raise InvalidInput(f"文件名超过 {MAX_NAME} 个字符。", place=name[:40] + "…")
    suffix = Path(name).suffix.lower()
    kind = KINDS.get(suffix)
    if kind is None:
        raise InvalidInput(f"不支持这种文件类型（{suffix or '无扩展名'}），佐证材料可以是 "
                           f"{allowed_suffixes()}。", place=name)
    if len(data) > limit:
        raise InvalidInput(f"文件大小 {size_words(len(data))}，超过了 {size_words(limit)} "
                           "的上限。请压缩或拆分后再添加。", place=name)
    if not data:
        raise InvalidInput("文件是空的（0 字节），没有可保存的内容。", place=name)
    media_type, words, magics = kind
    if not data.startswith(magics):
        raise InvalidInput(f"文件内容不是{words}（可能已损坏，或扩展名不对）。", place=name)
    return EvidenceFile(name=name, media_type=media_type, data=data)


def read_file(path: str | os.PathLike, *, limit: int = MAX_BYTES) -> EvidenceFile:
    """Read and check a file from disk; a file that cannot be read is refused by name."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > limit:  # refuse before reading a huge file into memory
            raise InvalidInput(f"文件大小 {size_words(size)}，超过了 {size_words(limit)} "
                               "的上限。请压缩或拆分后再添加。", place=path.name)
        data = path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput("找不到这个文件。", place=str(path)) from None
    except IsADirectoryError:
        raise InvalidInput("这是一个文件夹，不是文件。", place=str(path)) from None
    except OSError as exc:
        raise InvalidInput(f"无法读取文件（{exc.strerror or exc}）。", place=str(path)) from None
    return check_file(path.name, data, limit=limit)


@dataclass(frozen=True)
class EvidenceInfo:
    """One stored file without its bytes (what lists and the dump show)."""

    id: int
    task_id: int
    month: str
    name: str
    media_type: str
    size: int
    sha256: str
    added_by: str
    added_at: dt.datetime


@dataclass(frozen=True)
class EvidenceSnapshot:
    """A removed file with its bytes, so undo stores it again under the same id."""

    info: EvidenceInfo
    data: bytes


INFO_COLUMNS = (Evidence.id, Evidence.task_id, Evidence.month, Evidence.name,
                Evidence.media_type, Evidence.size, Evidence.sha256, Evidence.added_by,
                Evidence.added_at)


def _info(row) -> EvidenceInfo:
    return EvidenceInfo(id=row.id, task_id=row.task_id, month=row.month, name=row.name,
                        media_type=row.media_type, size=row.size, sha256=row.sha256,
                        added_by=row.added_by, added_at=row.added_at)


def _node(session: Session, task_id: int) -> TaskNode:
    node = session.get(TaskNode, task_id)
    if node is None:
        raise NotFound(f"工作事项不存在（编号 {task_id}）。")
    return node


@action
def add_evidence(session: Session, task_id: int, month: str,
                 files: list[EvidenceFile]) -> list[EvidenceInfo]:
    """Store checked files with an item's month, all of them or none."""
    check_month(month)
    _node(session, task_id)
    if not files:
        raise InvalidInput("没有选择要添加的佐证材料。")
    user = session.info.get("user", "")
    rows = []
    for f in files:
        check_file(f.name, f.data)  # a caller may have built EvidenceFile itself
        rows.append(Evidence(task_id=task_id, month=month, name=f.name, media_type=f.media_type,
                             size=f.size, sha256=f.sha256, data=f.data, added_by=user,
                             added_at=utcnow()))
    session.add_all(rows)
    session.flush()
    return [_info(r) for r in rows]


def add_evidence_files(db, task_id: int, month: str, paths) -> list[EvidenceInfo]:
    """Read and check every file first, then store them all in one transaction."""
    files = [read_file(p) for p in paths]
    return add_evidence(db, task_id, month, files)


@action
def list_evidence(session: Session, task_id: int, month: str | None = None) -> list[EvidenceInfo]:
    """The item's files (of one month, or all months newest first), without their bytes."""
    query = select(*INFO_COLUMNS).where(Evidence.task_id == task_id)
    if month is not None:
        check_month(month)
        query = query.where(Evidence.month == month)
    return [_info(r) for r in session.execute(
        query.order_by(Evidence.month.desc(), Evidence.id))]


def evidence_list_in_session(session: Session, plan_id: int) -> dict[int, list[EvidenceInfo]]:
    """{work item id: its files, oldest month first} for the whole plan, no bytes read."""
    out: dict[int, list[EvidenceInfo]] = {}
    for row in session.execute(
            select(*INFO_COLUMNS).join(TaskNode, TaskNode.id == Evidence.task_id)
            .where(TaskNode.plan_id == plan_id)
            .order_by(Evidence.task_id, Evidence.month, Evidence.id)):
        out.setdefault(row.task_id, []).append(_info(row))
    return out


def evidence_names_in_session(session: Session, plan_id: int,
                              month: str | None = None) -> dict[tuple[int, str], list[str]]:
    """{(work item id, month): file names} for the plan (reports, dump), no bytes read."""
    query = (select(Evidence.task_id, Evidence.month, Evidence.name)
             .join(TaskNode, TaskNode.id == Evidence.task_id)
             .where(TaskNode.plan_id == plan_id))
    if month is not None:
        query = query.where(Evidence.month == month)
    names: dict[tuple[int, str], list[str]] = {}
    for task_id, m, name in session.execute(query.order_by(Evidence.task_id, Evidence.id)):
        names.setdefault((task_id, m), []).append(name)
    return names


@action
def evidence_names(session: Session, plan_id: int,
                   month: str | None = None) -> dict[tuple[int, str], list[str]]:
    return evidence_names_in_session(session, plan_id, month)


@action
def evidence_data(session: Session, evidence_id: int) -> tuple[EvidenceInfo, bytes]:
    """One file with its bytes (open, save a copy)."""
    row = session.get(Evidence, evidence_id)
    if row is None:
        raise NotFound(f"佐证材料不存在（编号 {evidence_id}），可能已被删除。")
    return _info(row), row.data


@action
def remove_evidence(session: Session, evidence_id: int) -> EvidenceSnapshot:
    """Remove a file; the snapshot (with the bytes) lets undo put it back as it was."""
    row = session.get(Evidence, evidence_id)
    if row is None:
        raise NotFound(f"佐证材料不存在（编号 {evidence_id}），可能已被删除。")
    snapshot = EvidenceSnapshot(_info(row), row.data)
    session.delete(row)
    session.flush()
    return snapshot


@action
def restore_evidence(session: Session, snapshot: EvidenceSnapshot) -> EvidenceInfo:
    """Store a removed file again with its own id, name, who and when."""
    info = snapshot.info
    _node(session, info.task_id)
    row = Evidence(id=info.id, task_id=info.task_id, month=info.month, name=info.name,
                   media_type=info.media_type, size=info.size, sha256=info.sha256,
                   data=snapshot.data, added_by=info.added_by, added_at=info.added_at)
    session.add(row)
    session.flush()
    return _info(row)


# --- one month's evidence as a folder per unit ---------------------------------------------------

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
NO_UNIT = "未明确单位"


def safe_name(text: str, limit: int = 80) -> str:
    """A file or folder name Windows accepts (no \\ / : * ? " < > |, no trailing dot)."""
    text = _UNSAFE.sub("_", text or "").strip().rstrip(". ")
    return text[:limit] or "_"


@dataclass(frozen=True)
class ExportedFile:
    evidence_id: int
    unit: str
    path: Path
    sha256: str


def _unit_of_items(session: Session, plan_id: int, month: str) -> dict[int, str]:
    """The unit an item's files go under: the month entry's 填报单位, else its first 牵头单位."""
    reporting = dict(session.execute(
        select(Progress.task_id, Unit.name).join(Unit, Unit.id == Progress.reporting_unit_id)
        .join(TaskNode, TaskNode.id == Progress.task_id)
        .where(TaskNode.plan_id == plan_id, Progress.month == month)).all())
    lead: dict[int, str] = {}
    for task_id, name in session.execute(
            select(TaskUnit.task_id, Unit.name).join(Unit, Unit.id == TaskUnit.unit_id)
            .join(TaskNode, TaskNode.id == TaskUnit.task_id)
            .where(TaskNode.plan_id == plan_id, TaskUnit.role == UnitRole.LEAD.value)
            .order_by(TaskUnit.task_id, TaskUnit.position)):
        lead.setdefault(task_id, name)
    return {**lead, **reporting}


@action
def export_month_evidence(session: Session, plan_id: int, month: str,
                          out_dir) -> list[ExportedFile]:
    """Write the plan's files of ``month`` into ``out_dir``/<unit>/<item number> <name>.

    The item's number as the task list shows it ("3.（2）") goes in front of each name so a
    file can be matched to its item.  Each file is written beside its place as
    ``.part`` and renamed when complete, so an interrupted export leaves no half file under a
    real name.  An existing name gets " (2)", " (3)" … rather than being overwritten.
    """
    from db.schedule import item_labels  # db.schedule reads services; import it when used

    check_month(month)
    out_dir = Path(out_dir)
    units = _unit_of_items(session, plan_id, month)
    tree = load_tree_in_session(session, plan_id)
    labels, _parents = item_labels(tree, tree)
    rows = session.execute(
        select(Evidence.id, Evidence.task_id, Evidence.name, Evidence.sha256)
        .join(TaskNode, TaskNode.id == Evidence.task_id)
        .where(TaskNode.plan_id == plan_id, Evidence.month == month)
        .order_by(Evidence.task_id, Evidence.id)).all()
    written: list[ExportedFile] = []
    try:
        if rows:
            out_dir.mkdir(parents=True, exist_ok=True)
        for row in rows:
            unit = units.get(row.task_id, NO_UNIT)
            folder = out_dir / safe_name(unit)
            folder.mkdir(exist_ok=True)
            label = labels.get(row.task_id, "")
            base = safe_name(f"{label} {row.name}".strip(), limit=150)
            target = _free_path(folder / base)
            data = session.get(Evidence, row.id).data
            part = target.with_name(target.name + ".part")
            part.write_bytes(data)
            os.replace(part, target)
            session.expire_all()  # let go of the blob before reading the next one
            written.append(ExportedFile(row.id, unit, target, row.sha256))
    except OSError as exc:
        raise StorageError(f"无法写入导出文件夹 {out_dir}（{exc.strerror or exc}）。") from exc
    return written


def _free_path(path: Path) -> Path:
    if not path.exists():
        return path
    n = 2
    while True:
        candidate = path.with_name(f"{path.stem} ({n}){path.suffix}")
        if not candidate.exists():
            return candidate
        n += 1
