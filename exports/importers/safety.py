"""Refuse files that are not what they claim before any parser opens them.

Old binary Office files (.doc/.xls/.wps, and encrypted .docx/.xlsx, which are OLE containers),
corrupt zips, zip bombs (checked by member sizes and compression ratio before unpacking) and
XML with DTDs/entities (parsed with defusedxml, which refuses them) all end in ``ParseError``.
FIFOs, devices and links to them are refused before anything opens them.

The XML parts are read as a stream, and the rows and cells of every worksheet, the
paragraphs of a document and the characters of their text are counted while reading: a sheet
of a million rows is refused at row ``MAX_ROWS``, before any reader loads it.
"""
from __future__ import annotations

import os
import re
import stat
import struct
import zipfile
import zlib
from pathlib import Path

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from exports.importers.common import ParseError

MAX_FILE_BYTES = 50 * 1024 * 1024          # what an office plan or returns workbook never nears
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_MEMBER_BYTES = 100 * 1024 * 1024
MAX_RATIO = 200                              # compressed → unpacked, for members above 1 MB
MAX_TEXT_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000                            # per worksheet
MAX_CELLS = 500_000                          # per worksheet
MAX_PARAGRAPHS = 200_000                     # paragraphs and table cells of one document
MAX_CHARACTERS = 1_000_000                   # of text in one document, sheet or text file (a
#                                              500-item plan holds about 60,000)


def _limits() -> dict[str, tuple[int, str]]:
    """What is counted while reading an XML part: tag → (limit, noun)."""
    return {"row": (MAX_ROWS, "行"), "c": (MAX_CELLS, "个单元格"), "p": (MAX_PARAGRAPHS, "个段落")}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OPTIONAL_PARTS = {".docx": ("word/numbering.xml", "word/styles.xml")}
OLD_FORMATS = {".doc": "Word 97-2003（.doc）", ".xls": "Excel 97-2003（.xls）",
               ".wps": "WPS 文字（.wps）", ".et": "WPS 表格（.et）", ".dps": "WPS 演示"}


def check_size(path: Path, limit: int = MAX_FILE_BYTES) -> int:
    try:
        info = path.stat()  # follows links: a link to a FIFO is a FIFO
    except OSError as exc:
        raise ParseError(f"无法读取文件（{exc.strerror or exc}）。", place=path.name) from None
    if not stat.S_ISREG(info.st_mode):
        raise ParseError("这不是普通文件（可能是管道、设备或目录），已拒绝。", place=path.name)
    size = info.st_size
    if size > limit:
        raise ParseError(f"文件过大（{size // (1024 * 1024)} MB），不像是工作方案或回收表。",
                         place=path.name)
    return size


def check_office_file(path: Path, wanted: str) -> None:
    """``wanted`` is ".docx" or ".xlsx".  Raises ParseError with the reason in Chinese."""
    name = path.name
    suffix = path.suffix.lower()
    if suffix in OLD_FORMATS:
        new = ".xlsx" if suffix in (".xls", ".et") else ".docx"
        raise ParseError(f"这是旧格式的 {OLD_FORMATS[suffix]} 文件，请先用 Word/WPS 另存为 {new} 再导入。",
                         place=name)
    check_size(path)
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise ParseError(f"无法读取文件（{exc.strerror or exc}）。", place=name) from None
    if head == OLE_MAGIC:
        raise ParseError("文件已加密（设置了打开密码），或实为旧版 Office 格式；"
                         f"请去掉密码或另存为 {wanted} 后再导入。", place=name)
    if not head.startswith(b"PK"):
        raise ParseError(f"文件已损坏，或不是 {wanted} 文件。", place=name)
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            total = 0
            for info in infos:
                if info.flag_bits & 0x1:
                    raise ParseError("文件已加密，无法读取。", place=name)
                total += info.file_size
                if info.file_size > MAX_MEMBER_BYTES or total > MAX_UNPACKED_BYTES:
                    raise ParseError("文件解压后过大，疑似压缩炸弹，已拒绝。", place=name)
                if info.file_size > 1024 * 1024 and \
                        info.file_size > MAX_RATIO * max(info.compress_size, 1):
                    raise ParseError("文件压缩比异常，疑似压缩炸弹，已拒绝。", place=name)
            names = {i.filename for i in infos}
            needed = "word/document.xml" if wanted == ".docx" else "xl/workbook.xml"
            if needed not in names:
                other = ("Excel 工作簿" if "xl/workbook.xml" in names else
                         "Word 文档" if "word/document.xml" in names else "")
                hint = f"它是{other}，请选对导入方式。" if other else "内容不完整。"
                raise ParseError(f"不是有效的 {wanted} 文件：{hint}", place=name)
            sheets = _sheet_names(zf) if wanted == ".xlsx" else {}
            for info in infos:
                if info.filename.endswith((".xml", ".rels")):
                    counted = {"xl/worksheets/": ("row", "c"),
                               "word/document.xml": ("p",)}
                    tags = next((t for prefix, t in counted.items()
                                 if info.filename.startswith(prefix)), ())
                    texts = bool(tags) or info.filename == "xl/sharedStrings.xml"
                    where = f"工作表“{sheets[info.filename]}”" if info.filename in sheets else ""
                    with zf.open(info) as member:
                        try:
                            _stream_check(member, tags, name, where, texts)
                        except SafeET.ParseError:
                            # unreadable list numbering only loses the numbers: the docx
                            # reader imports the text without them and warns the clerk
                            if info.filename not in OPTIONAL_PARTS.get(wanted, ()):
                                raise
    except ParseError:
        raise
    except DefusedXmlException:
        raise ParseError("文件内含不安全的 XML（实体定义），已拒绝。", place=name) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError,
            NotImplementedError, SafeET.ParseError, zlib.error, struct.error, UnicodeError) as exc:
        raise ParseError(f"文件已损坏，无法读取（{type(exc).__name__}）。", place=name) from None
    except RuntimeError:
        raise ParseError("文件已加密，无法读取。", place=name) from None


def _stream_check(member, tags: tuple[str, ...], name: str, where: str,
                  texts: bool = False) -> None:
    """Count ``tags`` in the raw bytes (fast: a million rows are refused in well under a
    second) and refuse past a limit; then parse the part as a stream with defusedxml (no
    DTDs, no entities), keeping nothing of what was read.  ``texts``: the characters of the
    part's text count too (a document, a sheet, the shared strings)."""
    place = "，".join(p for p in (name, where) if p)
    if tags:
        _count_tags(member, tags, place)
        member.seek(0)
    depth = 0
    characters = 0
    for event, el in SafeET.iterparse(member, events=("start", "end"), forbid_dtd=True):
        if event == "start":
            depth += 1
        else:
            depth -= 1
            if texts and el.text:
                characters += len(el.text)
                if characters > MAX_CHARACTERS:
                    raise too_much_text(place)
            if depth > 1:
                el.clear()  # what was read is not kept: memory stays flat


def too_much_text(place: str) -> ParseError:
    return ParseError(f"文字过多（超过 {MAX_CHARACTERS} 字），不像是工作方案或回收表，已拒绝。",
                      place=place)


_CHUNK = 1 << 20


def _count_tags(member, tags: tuple[str, ...], place: str) -> None:
    limits = _limits()
    patterns = {tag: re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?" + tag.encode() + rb"[\s>/]")
                for tag in tags}
    counts = dict.fromkeys(tags, 0)
    carry = b""
    while True:
        chunk = member.read(_CHUNK)
        buf = carry + chunk
        last = not chunk
        cut = len(buf) if last else max(0, len(buf) - 32)   # a tag cut by the chunk waits
        for tag, pattern in patterns.items():
            counts[tag] += sum(1 for m in pattern.finditer(buf) if m.start() < cut)
            limit, noun = limits[tag]
            if counts[tag] > limit:
                raise ParseError(f"内容过多（超过 {limit} {noun}），"
                                 "不像是工作方案或回收表，已拒绝。", place=place)
        if last:
            return
        carry = buf[cut:]


def _sheet_names(zf: zipfile.ZipFile) -> dict[str, str]:
    """{xl/worksheets/sheetN.xml: the sheet's name}, for messages."""
    try:
        rels = SafeET.fromstring(zf.read("xl/_rels/workbook.xml.rels"), forbid_dtd=True)
        book = SafeET.fromstring(zf.read("xl/workbook.xml"), forbid_dtd=True)
    except (KeyError, SafeET.ParseError, DefusedXmlException):
        return {}
    targets = {}
    for rel in rels:
        target = rel.get("Target", "").lstrip("/")
        targets[rel.get("Id")] = target if target.startswith("xl/") else "xl/" + target
    out = {}
    for el in book.iter():
        if el.tag.rsplit("}", 1)[-1] == "sheet":
            rid = next((v for k, v in el.attrib.items() if k.endswith("}id")), None)
            if rid in targets:
                out[targets[rid]] = el.get("name", "")
    return out


def read_text_file(path: Path) -> str:
    """A .txt plan in UTF-8 (with or without BOM), UTF-16 or GB18030 (what Windows Notepad saves)."""
    check_size(path, MAX_TEXT_BYTES)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ParseError(f"无法读取文件（{exc.strerror or exc}）。", place=path.name) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        if len(text) > MAX_CHARACTERS:
            raise too_much_text(path.name)
        return text
    raise ParseError("无法识别文本文件的编码（应为 UTF-8 或 GBK），或它不是文本文件。",
                     place=path.name)


def display_name(path: os.PathLike | str) -> str:
    return Path(path).name
