"""Word plans whose 一、（一）1.（1） headings and 序号 cells are drawn by Word's list numbering
(w:numPr + numbering.xml), not typed: they import exactly as the same plan typed by hand."""
import hashlib
import io
import zipfile
from pathlib import Path

import docx
import pytest
from defusedxml import ElementTree as SafeET
from docx.enum.style import WD_STYLE_TYPE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db.errors import KnownError
from db.services.imports import import_plan
from db.services.tasks import load_tree
from desktop.cli import main as cli_main
from exports.importers import ParseError, parse_file, parse_text
from exports.importers.word_numbering import ListNumbering, format_value

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


# --- building documents ------------------------------------------------------------------------

def lvl(ilvl: int, fmt: str = "decimal", text: str = "%1.", start: int = 1, extra: str = "") -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>')


def numbering_xml(abstracts: dict[int, list[str]], nums: dict[int, object]) -> str:
    """``nums``: numId → abstractNumId, or (abstractNumId, "<w:lvlOverride …>…")."""
    parts = [f'<w:abstractNum w:abstractNumId="{a}">{"".join(levels)}</w:abstractNum>'
             for a, levels in abstracts.items()]
    for num_id, spec in nums.items():
        abstract, overrides = spec if isinstance(spec, tuple) else (spec, "")
        parts.append(f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract}"/>'
                     f'{overrides}</w:num>')
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:numbering xmlns:w="{W_NS}">{"".join(parts)}</w:numbering>')


def restart(ilvl: int, start: int) -> str:
    return f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{start}"/></w:lvlOverride>'


# the official outline of a county plan: 一、 → （一） → 1. → （1）
OUTLINE = [lvl(0, "chineseCounting", "%1、", extra='<w:suff w:val="nothing"/>'),
           lvl(1, "chineseCounting", "（%2）", extra='<w:suff w:val="nothing"/>'),
           lvl(2, "decimal", "%3."),
           lvl(3, "decimal", "（%4）")]


def number(paragraph, num_id: int | None = None, level: int | None = None) -> None:
    """Give a python-docx paragraph (or style) Word's w:numPr."""
    element = getattr(paragraph, "_p", None)
    ppr = element.get_or_add_pPr() if element is not None else paragraph.element.get_or_add_pPr()
    numpr = ppr.get_or_add_numPr()
    if level is not None:
        numpr.get_or_add_ilvl().val = level
    if num_id is not None:
        numpr.get_or_add_numId().val = num_id


def save(doc, path: Path, parts: dict[str, object]) -> Path:
    """Save, then put in (str/bytes) or take out (None) the given zip members."""
    buf = io.BytesIO()
    doc.save(buf)
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            if info.filename not in parts:
                out.writestr(info, src.read(info))
        for name, data in parts.items():
            if data is not None:
                out.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return path


# --- (1) a prose plan numbered by Word --------------------------------------------------------

TYPED_PLAN = """示例县农村人居环境整治提升工作方案
一、工作目标
到2025年底，全县农村卫生厕所普及率达到90%以上，新建农村公厕30座。
二、重点任务
（一）推进农村厕所革命
1.改造农村户厕。完成户厕改造1200户（县农业农村局牵头，县卫健局、各乡镇负责）。
2.建设农村公厕。新建农村公厕30座，年底前建成（县住建局牵头）。
（二）治理农村生活污水
1.建设污水处理设施
（1）建成集中式污水处理站8座（县生态环境局牵头，县水利局配合）。
（2）开展农村黑臭水体排查整治（县生态环境局牵头，各乡镇负责）。
三、组织保障
成立农村人居环境整治工作专班，由县长任召集人，分管副县长任副召集人，成员单位包括县农业农村局、\
县住建局、县生态环境局等，专班办公室设在县农业农村局，负责日常协调。
"""

# the same plan as Word holds it: (style or numbering, text without its number)
WORD_PLAN = [
    (None, "示例县农村人居环境整治提升工作方案"),
    ("一", "工作目标"),
    (None, "到2025年底，全县农村卫生厕所普及率达到90%以上，新建农村公厕30座。"),
    ("一", "重点任务"),
    ("二", "推进农村厕所革命"),
    (2, "改造农村户厕。完成户厕改造1200户（县农业农村局牵头，县卫健局、各乡镇负责）。"),
    (2, "建设农村公厕。新建农村公厕30座，年底前建成（县住建局牵头）。"),
    ("二", "治理农村生活污水"),
    (2, "建设污水处理设施"),
    (3, "建成集中式污水处理站8座（县生态环境局牵头，县水利局配合）。"),
    (3, "开展农村黑臭水体排查整治（县生态环境局牵头，各乡镇负责）。"),
    ("一", "组织保障"),
    (None, TYPED_PLAN.splitlines()[-1]),
]


def word_plan(path: Path, numbering: str | None = None) -> Path:
    """The plan with 一、 and （一） from heading styles (the second based on the first, so it
    inherits the list) and 1. and （1） from numbering on the paragraphs themselves."""
    doc = docx.Document()
    first = doc.styles.add_style("方案标题一", WD_STYLE_TYPE.PARAGRAPH)
    number(first, num_id=10)
    second = doc.styles.add_style("方案标题二", WD_STYLE_TYPE.PARAGRAPH)
    second.base_style = first
    number(second, level=1)
    for kind, text in WORD_PLAN:
        if kind == "一":
            doc.add_paragraph(text, style=first)
        elif kind == "二":
            doc.add_paragraph(text, style=second)
        elif kind is None:
            doc.add_paragraph(text)
        else:
            number(doc.add_paragraph(text), num_id=10, level=kind)
    if numbering is None:
        numbering = numbering_xml({3: OUTLINE}, {10: 3})
    return save(doc, path, {"word/numbering.xml": numbering})


def test_prose_plan_numbered_by_word_reads_as_if_typed(db, tmp_path):
    parsed = parse_file(word_plan(tmp_path / "整治方案.docx"))
    typed = parse_text(TYPED_PLAN)
    assert parsed.draft == typed.draft
    assert parsed.warnings == [w.replace("粘贴的文本", "整治方案.docx") for w in typed.warnings]
    draft = parsed.draft
    assert draft.title == "示例县农村人居环境整治提升工作方案" and draft.year == 2025
    assert [(i.name, i.target) for i in draft.indicators] == [
        ("全县农村卫生厕所普及率", 90), ("新建农村公厕", 30)]
    assert draft.work_group.office_unit == "县农业农村局"

    plan_id = import_plan(db, draft)
    tree = load_tree(db, plan_id)
    assert [(t.depth, t.number, t.title) for t in tree if not t.is_leaf] == [
        (0, "（一）", "推进农村厕所革命"), (0, "（二）", "治理农村生活污水"),
        (1, "3.", "建设污水处理设施")]
    items = [(t.content, [u.name for u in t.lead_units], [u.name for u in t.responsible_units])
             for t in tree if t.is_leaf]
    assert items == [
        ("完成户厕改造1200户。", ["县农业农村局"], ["县卫健局", "各乡镇"]),
        ("新建农村公厕30座，年底前建成。", ["县住建局"], []),
        ("建成集中式污水处理站8座。", ["县生态环境局"], ["县水利局"]),
        ("开展农村黑臭水体排查整治。", ["县生态环境局"], ["各乡镇"]),
    ]
    titles = [t.title for t in tree if t.is_leaf]
    assert titles[:2] == ["改造农村户厕", "建设农村公厕"]


def test_without_the_numbers_the_same_document_loses_its_outline(tmp_path):
    """What the numbering recovers: with numbering switched off (numId 0) the headings are
    plain paragraphs and no category is found."""
    doc = docx.Document()
    for kind, text in WORD_PLAN:
        p = doc.add_paragraph(text)
        if kind is not None:
            number(p, num_id=0, level=0)
    path = save(doc, tmp_path / "无编号.docx", {"word/numbering.xml": numbering_xml({3: OUTLINE},
                                                                                 {10: 3})})
    draft = parse_file(path).draft
    assert draft != parse_text(TYPED_PLAN).draft
    assert "推进农村厕所革命" not in [t.title for t in draft.tasks]
