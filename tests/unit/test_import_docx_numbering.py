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


# the same outline as LibreOffice saves it (checked against its own text export): the Chinese
# levels as taiwaneseCountingThousand, no separator after the number, list tab stops
LIBREOFFICE_OUTLINE = [
    lvl(n, fmt, text, extra='<w:suff w:val="nothing"/><w:pPr><w:tabs>'
                            '<w:tab w:val="num" w:pos="0"/></w:tabs></w:pPr>')
    for n, fmt, text in [(0, "taiwaneseCountingThousand", "%1、"),
                         (1, "taiwaneseCountingThousand", "（%2）"),
                         (2, "decimal", "%3."), (3, "decimal", "（%4）")]]


@pytest.mark.parametrize("outline", [OUTLINE, LIBREOFFICE_OUTLINE], ids=["word", "libreoffice"])
def test_prose_plan_numbered_by_word_reads_as_if_typed(db, tmp_path, outline):
    parsed = parse_file(word_plan(tmp_path / "整治方案.docx",
                                  numbering_xml({3: outline}, {10: 3})))
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


# --- (2) a key-task table numbered by Word -------------------------------------------------------

TABLE_HEADER = ["序号", "重点任务", "具体措施", "牵头单位", "配合单位", "完成时限"]
# (section or row cells); in the typed version the numbers are written out
TABLE_ROWS = [
    ("一、", "景区提质"),
    (["1", "创建4A级景区", "1.完成景区基础设施提质改造", "县文旅广体局", "县发改局、县自然资源局",
      "2025年11月"]),
    (["2", None, "2.通过省级景区质量等级评定", "县文旅广体局", "县市场监管局", "年底前"]),
    ("二、", "公共服务配套"),
    (["3", "改造游客中心", "1.完成游客中心改造", "县住建局", "", "2025年6月底前"]),
]


def _task_table(doc, numbered: bool):
    """The 序号 column (empty cells numbered %1), the sections (一、 numbered in the first
    cell) and the measures (1. restarting for each task via startOverride) as Word holds
    them when ``numbered``; typed out otherwise."""
    table = doc.add_table(rows=1 + len(TABLE_ROWS), cols=len(TABLE_HEADER))
    for c, text in enumerate(TABLE_HEADER):
        table.cell(0, c).text = text
    measure_list = {2: 31, 3: 31, 5: 32}  # a new list (restart at 1) for the third task
    for r, row in enumerate(TABLE_ROWS, start=1):
        if isinstance(row, tuple):
            mark, title = row
            cell = table.cell(r, 0)
            cell.text = title if numbered else mark + title
            if numbered:
                number(cell.paragraphs[0], num_id=20, level=0)
            continue
        for c, text in enumerate(row):
            if text is None:
                continue
            cell = table.cell(r, c)
            if numbered and c == 0:
                number(cell.paragraphs[0], num_id=21, level=0)  # the cell stays empty
            elif numbered and c == 2:
                cell.text = text.split(".", 1)[1]
                number(cell.paragraphs[0], num_id=measure_list[r], level=0)
            else:
                cell.text = text
    table.cell(2, 1).merge(table.cell(3, 1))
    return table


TABLE_NUMBERING = numbering_xml(
    {0: [lvl(0, "chineseCounting", "%1、", extra='<w:suff w:val="nothing"/>')],
     1: [lvl(0, "decimal", "%1", extra='<w:suff w:val="nothing"/>')],
     2: [lvl(0, "decimal", "%1.")]},
    {20: 0, 21: 1, 31: 2, 32: (2, restart(0, 1))})


def table_plan(path: Path, numbered: bool) -> Path:
    doc = docx.Document()
    doc.add_paragraph("示例县2025年文旅融合发展重点工作任务清单")
    _task_table(doc, numbered)
    return save(doc, path, {"word/numbering.xml": TABLE_NUMBERING} if numbered else {})


def test_task_table_numbered_by_word_reads_as_if_typed(db, tmp_path):
    parsed = parse_file(table_plan(tmp_path / "清单.docx", numbered=True))
    typed = parse_file(table_plan(tmp_path / "清单.docx", numbered=False))
    assert parsed.from_table and parsed.draft == typed.draft
    assert parsed.warnings == typed.warnings
    plan_id = import_plan(db, parsed.draft)
    tree = load_tree(db, plan_id)
    # the sections come from 一、/二、 that only Word's numbering writes
    assert [(t.depth, t.number, t.title) for t in tree if not t.is_leaf] == [
        (0, "（一）", "景区提质"), (1, "1.", "创建4A级景区"),
        (0, "（二）", "公共服务配套"), (1, "2.", "改造游客中心")]
    items = [(t.content, [u.name for u in t.lead_units], [u.name for u in t.responsible_units],
              t.deadline.isoformat() if t.deadline else None) for t in tree if t.is_leaf]
    assert items == [
        ("完成景区基础设施提质改造", ["县文旅广体局"], ["县发改局", "县自然资源局"], "2025-11-30"),
        ("通过省级景区质量等级评定", ["县文旅广体局"], ["县市场监管局"], "2025-12-31"),
        ("完成游客中心改造", ["县住建局"], [], "2025-06-30"),
    ]


def test_cells_show_the_numbers_word_shows(tmp_path):
    from exports.importers.docx import read_blocks

    blocks = read_blocks(table_plan(tmp_path / "清单.docx", numbered=True))
    rows = next(value for kind, value in blocks if kind == "table")
    assert [[c.text for c in row[:3]] for row in rows[1:]] == [
        ["一、景区提质", "", ""],
        ["1", "创建4A级景区", "1.\t完成景区基础设施提质改造"],
        ["2", "创建4A级景区", "2.\t通过省级景区质量等级评定"],
        ["二、公共服务配套", "", ""],
        ["3", "改造游客中心", "1.\t完成游客中心改造"],
    ]


# --- (3) how Word counts: shared lists, restarts, start values, formats --------------------------

def paragraph(num_id=None, level=None, style=None) -> object:
    ppr = f'<w:pStyle w:val="{style}"/>' if style else ""
    if num_id is not None or level is not None:
        ppr += "<w:numPr>"
        ppr += f'<w:ilvl w:val="{level}"/>' if level is not None else ""
        ppr += f'<w:numId w:val="{num_id}"/>' if num_id is not None else ""
        ppr += "</w:numPr>"
    return SafeET.fromstring(f'<w:p xmlns:w="{W_NS}"><w:pPr>{ppr}</w:pPr></w:p>')


def shown(numbering: ListNumbering, paragraphs) -> list[str | None]:
    out = []
    for p in paragraphs:
        label = numbering.label(p)
        out.append(None if label is None else label.text)
    return out


def test_lists_sharing_one_definition_continue_and_an_override_restarts():
    numbering = ListNumbering(SafeET.fromstring(numbering_xml(
        {0: [lvl(0, "decimal", "%1.")]},
        {1: 0, 2: 0, 3: (0, restart(0, 1)), 4: (0, restart(0, 10))})))
    sequence = [paragraph(1, 0), paragraph(1, 0), paragraph(2, 0), paragraph(3, 0),
                paragraph(3, 0), paragraph(1, 0), paragraph(4, 0), paragraph(2, 0)]
    # list 2 shares list 1's count; list 3 ("restart at 1") and list 4 (at 10) count apart
    assert shown(numbering, sequence) == ["1.", "2.", "3.", "1.", "2.", "4.", "10.", "5."]
    assert numbering.warnings == []


def test_lower_levels_restart_unless_lvl_restart_says_otherwise():
    numbering = ListNumbering(SafeET.fromstring(numbering_xml(
        {0: [lvl(0, "chineseCounting", "%1、"),
             lvl(1, "chineseCounting", "（%2）"),
             # 1. runs on across （一）（二） and starts again only under a new 一、
             lvl(2, "decimal", "%3.", extra='<w:lvlRestart w:val="1"/>'),
             # （1） never starts again
             lvl(3, "decimal", "（%4）", extra='<w:lvlRestart w:val="0"/>')]},
        {1: 0})))
    levels = [0, 1, 2, 3, 2, 3, 1, 2, 0, 1, 2, 3]
    assert shown(numbering, [paragraph(1, n) for n in levels]) == [
        "一、", "（一）", "1.", "（1）", "2.", "（2）", "（二）", "3.",
        "二、", "（一）", "1.", "（3）"]


def test_default_restart_start_values_multi_level_text_and_legal_numbering():
    numbering = ListNumbering(SafeET.fromstring(numbering_xml(
        {0: [lvl(0, "chineseCounting", "第%1部分", start=9),
             lvl(1, "decimal", "%1.%2", start=3),
             lvl(2, "decimal", "%1.%2.%3", extra="<w:isLgl/>")]},
        {1: 0})))
    levels = [0, 1, 1, 2, 2, 0, 2, 1, 0]
    # a skipped level shows one before its start, as Word's "1.0.1" under a skipped heading 2
    assert shown(numbering, [paragraph(1, n) for n in levels]) == [
        "第九部分", "九.3", "九.4", "9.4.1", "9.4.2", "第十部分", "10.2.1", "十.3", "第十一部分"]


@pytest.mark.parametrize("value, num_format, text", [
    (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (11, "chineseCounting", "十一"),
    (20, "chineseCounting", "二十"), (105, "chineseCountingThousand", "一百零五"),
    (12, "chineseLegalSimplified", "拾贰"), (3, "ideographTraditional", "丙"),
    (3, "decimalEnclosedCircle", "③"), (2, "decimalEnclosedCircleChinese", "②"),
    (21, "decimalEnclosedCircle", "21"), (12, "decimalFullWidth", "１２"),
    (3, "lowerLetter", "c"), (28, "lowerLetter", "bb"), (2, "upperLetter", "B"),
    (14, "upperRoman", "XIV"), (9, "lowerRoman", "ix"), (7, "decimalZero", "07"),
    (5, "none", ""), (4, "madeUpFormat", None),
])
def test_number_formats(value, num_format, text):
    assert format_value(value, num_format) == text


def test_none_and_bullet_levels_show_no_number_and_keep_the_count():
    numbering = ListNumbering(SafeET.fromstring(numbering_xml(
        {0: [lvl(0, "decimal", "%1."), lvl(1, "bullet", "\uf0b7"), lvl(2, "none", "%3")]},
        {1: 0})))
    labels = [numbering.label(paragraph(1, n)) for n in (0, 1, 2, 1, 0)]
    assert [label.text for label in labels] == ["1.", "•", "", "•", "2."]
    assert [label.bullet for label in labels] == [False, True, False, True, False]


STYLES = f"""<w:styles xmlns:w="{W_NS}">
  <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
  <w:style w:type="paragraph" w:styleId="L1"><w:basedOn w:val="Normal"/>
    <w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="L2"><w:basedOn w:val="L1"/>
    <w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="L3"><w:basedOn w:val="L2"/></w:style>
  <w:style w:type="paragraph" w:styleId="Heading3">
    <w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="Loop1"><w:basedOn w:val="Loop2"/></w:style>
  <w:style w:type="paragraph" w:styleId="Loop2"><w:basedOn w:val="Loop1"/></w:style>
</w:styles>"""


def test_numbering_from_paragraph_styles_through_based_on():
    numbering = ListNumbering(SafeET.fromstring(numbering_xml(
        {0: [lvl(0, "chineseCounting", "%1、"), lvl(1, "chineseCounting", "（%2）")],
         1: [lvl(0, "decimal", "%1."),
             lvl(1, "decimal", "（%2）", extra='<w:pStyle w:val="Heading3"/>')]},
        {1: 0, 2: 1})), SafeET.fromstring(STYLES))
    paragraphs = [paragraph(style="L1"), paragraph(style="L2"), paragraph(style="L3"),
                  paragraph(style="Normal"), paragraph(style="Loop1"),
                  paragraph(0, style="L2"),         # numId 0 switches the style's list off
                  paragraph(style="Heading3"),      # the level whose w:pStyle names the style
                  paragraph(level=0, style="L2"),   # the paragraph's own level wins
                  paragraph(style="L2")]
    assert shown(numbering, paragraphs) == [
        "一、", "（一）", "（二）", None, None, None, "（1）", "二、", "（一）"]
    assert numbering.warnings == []


def test_lists_linked_through_a_numbering_style_count_together_and_a_loop_is_cut():
    styles = (f'<w:styles xmlns:w="{W_NS}">'
              '<w:style w:type="numbering" w:styleId="Loop">'
              '<w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr></w:style>'
              '<w:style w:type="numbering" w:styleId="Outline">'
              '<w:pPr><w:numPr><w:numId w:val="8"/></w:numPr></w:pPr></w:style></w:styles>')
    numbering = ListNumbering(SafeET.fromstring(numbering_xml(
        {0: ['<w:numStyleLink w:val="Loop"/>'],
         1: ['<w:styleLink w:val="Outline"/>', lvl(0, "chineseCounting", "%1、")],
         2: ['<w:numStyleLink w:val="Outline"/>']},
        {7: 0, 8: 1, 9: 2})), SafeET.fromstring(styles))
    sequence = [paragraph(8, 0), paragraph(9, 0), paragraph(7, 0), paragraph(8, 0)]
    assert shown(numbering, sequence) == ["一、", "二、", None, "三、"]
    assert numbering.warnings == ["自动编号引用的编号列表（7）没有定义，这些段落未加编号。"]


def test_bullets_and_unnumbered_levels_add_nothing_to_the_task_text(tmp_path):
    doc = docx.Document()
    doc.add_paragraph("示例县2025年防汛工作要点")
    for level, text in [(0, "落实防汛责任"), (1, "压实包保责任（县应急局牵头，各乡镇负责）。"),
                        (0, "加强隐患排查"), (2, "排查山塘水库（县水利局牵头）。")]:
        number(doc.add_paragraph(text), num_id=1, level=level)
    path = save(doc, tmp_path / "要点.docx", {"word/numbering.xml": numbering_xml(
        {0: [lvl(0, "decimal", "%1."), lvl(1, "bullet", "\uf0b7"), lvl(2, "none", "")]},
        {1: 0})})
    parsed = parse_file(path)
    assert parsed.warnings == []
    first, second = parsed.draft.tasks
    assert (first.title, first.content, first.lead_units) == (
        "落实防汛责任", "压实包保责任。", ["县应急局"])
    assert (second.title, second.content, second.lead_units) == (
        "加强隐患排查", "排查山塘水库。", ["县水利局"])


def test_a_number_drawn_right_against_digits_stays_apart(tmp_path):
    doc = docx.Document()
    doc.add_paragraph("示例县2025年重点工作要点")
    for text in ["2025年底前建成污水处理站（县生态环境局牵头）。",
                 "10个村完成改厕（县农业农村局牵头）。"]:
        number(doc.add_paragraph(text), num_id=1, level=0)
    path = save(doc, tmp_path / "要点.docx", {"word/numbering.xml": numbering_xml(
        {0: [lvl(0, "decimal", "%1.", extra='<w:suff w:val="nothing"/>')]}, {1: 0})})
    tasks = parse_file(path).draft.tasks
    assert [(t.content, t.lead_units) for t in tasks] == [
        ("2025年底前建成污水处理站。", ["县生态环境局"]), ("10个村完成改厕。", ["县农业农村局"])]


def test_tab_stops_are_not_text(tmp_path):
    from docx.shared import Cm

    from exports.importers.docx import read_blocks

    doc = docx.Document()
    p = doc.add_paragraph("建设农村公厕")
    p.paragraph_format.tab_stops.add_tab_stop(Cm(2))
    p.add_run("\t30座")
    path = save(doc, tmp_path / "制表位.docx", {})
    assert read_blocks(path) == [("p", "建设农村公厕\t30座")]


# --- (4) broken numbering: the text still imports (with a warning), or a ParseError ---------------

MARKED_PLAN = [
    ("一", "工作目标"),
    (None, "到2025年底，全县农村卫生厕所普及率达到90%以上。"),
    ("一", "重点任务"),
    ("二", "改造农村户厕。完成户厕改造1200户（县农业农村局牵头，县卫健局负责）。"),
    ("二", "建设农村公厕。新建农村公厕30座（县住建局牵头）。"),
]


def marked_plan(path: Path, numbering) -> Path:
    """A plan whose work items carry their units, so it imports even without its numbers."""
    doc = docx.Document()
    doc.add_paragraph("示例县农村厕所革命工作方案")
    for kind, text in MARKED_PLAN:
        p = doc.add_paragraph(text)
        if kind:
            number(p, num_id=7, level=0 if kind == "一" else 1)
    return save(doc, path, {"word/numbering.xml": numbering})


BROKEN_NUMBERING = {
    "not XML": ("<w:numbering><w:abstractNum", "numbering.xml"),
    "missing part": (None, "numbering.xml"),
    "empty part": (b"", "numbering.xml"),
    "list not defined": (numbering_xml({0: OUTLINE}, {8: 0}), "编号列表（7）"),
    "definition not there": (numbering_xml({0: OUTLINE}, {7: 5}), "编号列表（7）"),
    "style link to nowhere": (numbering_xml({0: ['<w:numStyleLink w:val="Nowhere"/>']}, {7: 0}),
                             "编号列表（7）"),
    "level not defined": (numbering_xml({0: OUTLINE[:1]}, {7: 0}), "第 2 级"),
}


@pytest.mark.parametrize("case", list(BROKEN_NUMBERING))
def test_broken_numbering_imports_the_text_and_warns(db, tmp_path, case):
    numbering, said = BROKEN_NUMBERING[case]
    parsed = parse_file(marked_plan(tmp_path / "方案.docx", numbering))
    assert parsed.warnings and parsed.warnings[0].startswith("方案.docx：")
    assert said in parsed.warnings[0] and "请核对导入后的层级" in parsed.warnings[0]
    items = [t for t in parsed.draft.all_tasks() if t.lead_units]
    assert [t.lead_units for t in items] == [["县农业农村局"], ["县住建局"]]
    assert "改造农村户厕" in items[0].title + items[0].content
    assert import_plan(db, parsed.draft) > 0


def test_nonsense_values_in_numbering_are_read_as_far_as_they_go(tmp_path):
    numbering = numbering_xml(
        {0: [lvl(0, "chineseCounting", "%1、", start="abc"),
             lvl(1, "fancyCounting", "（%2）", start=99999999999)]},
        {7: 0})
    parsed = parse_file(marked_plan(tmp_path / "方案.docx", numbering))
    # an unreadable start counts from 1; an unknown format is read as 1, 2, 3
    assert parsed.warnings == [
        "方案.docx：自动编号格式“fancyCounting”无法识别，已按阿拉伯数字读出。请核对导入后的层级。"]
    assert [t.title for t in parsed.draft.tasks] == ["改造农村户厕", "建设农村公厕"]


def test_level_out_of_range_is_left_unnumbered_with_a_warning(tmp_path):
    doc = docx.Document()
    doc.add_paragraph("示例县农村厕所革命工作方案")
    p = doc.add_paragraph("改造农村户厕。完成户厕改造1200户（县农业农村局牵头）。")
    number(p, num_id=7, level=0)
    p._p.pPr.numPr.ilvl.set(f"{{{W_NS}}}val", "12")
    path = save(doc, tmp_path / "方案.docx", {"word/numbering.xml": numbering_xml({0: OUTLINE},
                                                                               {7: 0})})
    parsed = parse_file(path)
    assert parsed.warnings[0] == ("方案.docx：自动编号的级别“12”超出范围（应为 0–8），"
                                  "这些段落未加编号。请核对导入后的层级。")
    assert parsed.draft.tasks[0].lead_units == ["县农业农村局"]


def test_unreadable_styles_lose_only_the_style_numbering(tmp_path):
    path = word_plan(tmp_path / "整治方案.docx")
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    parts["word/styles.xml"] = b"<w:styles><w:style"
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    parsed = parse_file(path)
    assert any("styles.xml" in w for w in parsed.warnings)
    # the 1. and （1） numbered on the paragraphs themselves are still there
    titles = [t.title for t in parsed.draft.all_tasks()]
    assert "改造农村户厕" in titles and "建设污水处理设施" in titles


def test_entities_in_numbering_are_still_refused(tmp_path):
    bomb = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">]>'
            f'<w:numbering xmlns:w="{W_NS}">&a;</w:numbering>')
    with pytest.raises(ParseError, match="不安全"):
        parse_file(marked_plan(tmp_path / "方案.docx", bomb))
    broken_bomb = bomb.replace("</w:numbering>", "<w:num")
    with pytest.raises(ParseError, match="不安全"):
        parse_file(marked_plan(tmp_path / "方案.docx", broken_bomb))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_plan_lost_with_its_numbering_is_refused_and_the_database_unchanged(tmp_path, capsys):
    """Headings and 序号 only from broken numbering, no unit markers: nothing to import."""
    ledger = tmp_path / "ledger.db"
    assert cli_main(["--db", str(ledger), "demo", "--tasks", "5", "--months", "1"]) == 0
    capsys.readouterr()
    doc = docx.Document()
    doc.add_paragraph("示例县农村厕所革命工作方案")
    for level, text in [(0, "重点任务"), (1, "改造农村户厕"), (1, "建设农村公厕")]:
        number(doc.add_paragraph(text), num_id=7, level=level)
    path = save(doc, tmp_path / "方案.docx", {"word/numbering.xml": "<w:numbering"})
    before = digest(ledger)
    assert cli_main(["--db", str(ledger), "import", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：方案.docx：没有识别出重点工作任务")
    assert "另：文档的自动编号定义（numbering.xml）已损坏" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert digest(ledger) == before


# generated numbering definitions and numbered paragraphs, however odd
_values = st.one_of(st.integers(-3, 30).map(str), st.sampled_from(["", "x", "1e3", "٣", " 2 "]))
_formats = st.sampled_from(["decimal", "chineseCounting", "chineseCountingThousand", "bullet",
                            "none", "ideographTraditional", "decimalEnclosedCircle",
                            "lowerLetter", "upperRoman", "decimalFullWidth", "custom", "", "??"])
_texts = st.one_of(st.sampled_from(["%1、", "（%2）", "%1.%2", "%3.", "%9", "%0", "%",
                                    "第%1条", ""]),
                   st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=8))


@st.composite
def _levels(draw):
    out = []
    for _ in range(draw(st.integers(0, 4))):
        extra = draw(st.sampled_from(["", "<w:isLgl/>", '<w:lvlRestart w:val="0"/>',
                                      '<w:lvlRestart w:val="1"/>', '<w:suff w:val="space"/>']))
        level = draw(st.one_of(st.integers(-1, 10), st.just("a")))
        text = draw(_texts).replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
        out.append(lvl(level, draw(_formats), text, draw(_values), extra))
    return out


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(abstracts=st.lists(_levels(), max_size=3),
       nums=st.lists(st.tuples(st.integers(0, 4), st.integers(0, 3),
                               st.sampled_from(["", restart(0, 1), restart(1, 5),
                                                restart(9, 2), '<w:lvlOverride w:ilvl="x"/>'])),
                     max_size=4),
       paragraphs=st.lists(st.tuples(st.integers(0, 5), st.integers(-1, 10)), min_size=1,
                           max_size=12))
def test_generated_numbering_imports_or_fails_with_parse_error(db, tmp_path, abstracts, nums,
                                                               paragraphs):
    numbering = numbering_xml(dict(enumerate(abstracts)),
                              {n: (a, o) for n, a, o in nums})
    doc = docx.Document()
    doc.add_paragraph("示例县某某工作方案")
    for i, (num_id, level) in enumerate(paragraphs):
        p = doc.add_paragraph(f"第{i}项工作。做好第{i}项工作（县{i}局牵头）。")
        number(p, num_id=num_id, level=max(level, 0))
    path = save(doc, tmp_path / "生成.docx", {"word/numbering.xml": numbering})
    before = db.path.read_bytes()
    try:
        parsed = parse_file(path)
    except ParseError as exc:
        assert exc.place.startswith("生成.docx")
        assert db.path.read_bytes() == before
        return
    assert all(w.startswith("生成.docx：") for w in parsed.warnings)
    try:
        assert import_plan(db, parsed.draft) > 0
    except KnownError:
        assert db.path.read_bytes() == before
