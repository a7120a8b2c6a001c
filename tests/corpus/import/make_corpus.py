"""Writes the import corpus: invented plans of fictional 示例 counties in every layout of
../shared/IMPORT-LAYOUTS.md, as .txt, .docx (paragraphs and real tables, merged cells, Word's
automatic numbering) and .xlsx, each with the expected reading in a .json beside it.

The expected reading comes from the plan written here (items, their units, leaders and
deadlines), never from the importer.  Run ``python tests/corpus/import/make_corpus.py`` to
rewrite the files; ``render`` is also used by the hypothesis round-trip test.
"""
from __future__ import annotations

import json
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).parent

UNITS = ["县发改局", "县财政局", "县工信局", "县教育局", "县人社局", "县自然资源局", "县住建局",
         "县交通运输局", "县水利局", "县农业农村局", "县商务局", "县文旅局", "县卫健局", "县医保局",
         "县市场监管局", "县统计局", "县生态环境分局", "县应急管理局", "县数据资源中心", "县城投公司",
         "县政府办（金融办）", "县人力资源和社会保障局", "县林业局", "县供电公司", "县行政审批局",
         "县民政局", "县司法局", "县科协"]
COLLECTIVES = ["各乡镇人民政府", "县直各有关单位", "各县（市、区）人民政府", "各街道办事处"]
LEADERS = ["张某某（副县长）", "李某某", "县政府分管副县长", "王某某"]

# (what is to be done, a completion phrase or "", its date) — all invented
WORK = [
    ("建成县域物流分拨中心，新增仓储面积3万平方米", "", None),
    ("实施城区雨污分流改造，2026年10月开工，2027年5月竣工", "", "2027-05-31"),
    ("新增规模以上工业企业10家以上", "", None),
    ("完成农村公路提质改造120公里，年底前完成", "", "2026-12-31"),
    ("开展校园食品安全专项检查，三季度末前完成全覆盖", "", "2026-09-30"),
    ("培育省级专精特新中小企业5家", "", None),
    ("推进县人民医院新院区建设，2026年6月底前完成主体工程", "", "2026-06-30"),
    ("新建和改造供水管网45公里", "", None),
    ("落实耕地保护责任，长期坚持", "", None),
    ("推广“一网通办”，政务服务事项网上可办率达到95%", "", None),
    ("建设高标准农田2万亩", "", None),
    ("举办特色农产品展销会2场", "", None),
    ("完成县城老旧小区改造8个，11月底前全部交付", "", "2026-11-30"),
    ("引进亿元以上产业项目6个", "", None),
    ("开展就业援助月活动，帮助困难人员就业300人", "", None),
    ("建成乡镇综合文化站标准化示范点4个", "", None),
    ("优化城区公交线路，新开通线路3条", "", None),
    ("持续推进河湖长制，每季度开展一次巡河", "", None),
    ("建立重点企业服务专员制度", "", None),
    ("完成森林防火视频监控系统建设，2026年第三季度投用", "", "2026-09-30"),
    ("开展居民医保集中参保缴费，参保率稳定在95%以上", "", None),
    ("编制县域商业体系建设方案，6月底前印发", "", "2026-06-30"),
    ("推动县职业中专与园区企业共建实训基地2个", "", None),
    ("完成第五次全国经济普查数据质量核查", "", None),
]
GROUPS = ["扩大有效投资", "做强实体经济", "改善城乡面貌", "增进民生福祉", "提升治理效能",
          "推动乡村振兴"]


@dataclass
class Item:
    content: str
    lead: list[str]
    responsible: list[str]
    leaders: list[str] = field(default_factory=list)
    deadline: str | None = None      # ISO date
    deadline_text: str = ""          # a 完成时限 written apart from the sentence


@dataclass
class Group:
    title: str
    items: list[Item]


@dataclass
class Plan:
    county: str
    year: int
    kind: str
    groups: list[Group]
    work_group: str = "专班"          # 专班 / 领导小组 / "" (none)

    @property
    def title(self) -> str:
        return f"{self.county}{self.year}年{self.kind}"


def make_plan(seed: int, n_groups: int = 3, per_group: int = 3, units: bool = True,
              leaders: bool = False, labels_deadline: bool = False,
              collectives: bool = True) -> Plan:
    rnd = random.Random(seed)
    county = rnd.choice(["示例县", "东岭示例县", "青禾示例县", "南川示例县", "白石示例县"])
    year = 2026
    work = rnd.sample(WORK, n_groups * per_group)
    groups = []
    for g in range(n_groups):
        items = []
        for k in range(per_group):
            content, _, date = work[g * per_group + k]
            pool = UNITS + (COLLECTIVES if collectives else [])
            picked = rnd.sample(UNITS, 1) + rnd.sample([u for u in pool], rnd.randint(0, 3))
            picked = list(dict.fromkeys(picked))
            item = Item(content, picked[:1] if units else [], picked[1:] if units else [],
                        deadline=date)
            if leaders and rnd.random() < 0.7:
                item.leaders = rnd.sample(LEADERS, rnd.randint(1, 2))
            if labels_deadline and date is None and rnd.random() < 0.6:
                item.deadline_text, item.deadline = rnd.choice(
                    [("2026年9月底前", "2026-09-30"), ("年底前", "2026-12-31"),
                     ("长期坚持", None), ("2026年第二季度", "2026-06-30")])
            items.append(item)
        groups.append(Group(GROUPS[(seed + g) % len(GROUPS)], items))
    kind = rnd.choice(["重点工作任务分工方案", "政府工作报告重点任务分解", "工作方案",
                       "重点任务责任分工方案"])
    return Plan(county, year, kind, groups, rnd.choice(["专班", "领导小组"]))


# --- how a marker is written ---------------------------------------------------------------------

def j(names: list[str], sep: str = "、") -> str:
    return sep.join(names)


MARKER_STYLES = {
    "pei_he": lambda it: f"{j(it.lead)}牵头" + (f"，{j(it.responsible)}配合" if it.responsible else ""),
    "zhineng": lambda it: f"{j(it.lead)}牵头" + (f"，{j(it.responsible)}等按职能分工负责"
                                               if it.responsible else ""),
    "zhize": lambda it: f"{j(it.lead)}牵头" + (f"，{j(it.responsible)}按职责分工负责"
                                             if it.responsible else ""),
    "labels": lambda it: f"牵头单位：{j(it.lead)}" + (f"；责任单位：{j(it.responsible)}"
                                                  if it.responsible else ""),
    "resp_assist": lambda it: f"责任单位：{j(it.lead)}" + (f"；配合单位：{j(it.responsible)}"
                                                     if it.responsible else ""),
    "half": lambda it: f"{j(it.lead)}牵头" + (
        "," + ",".join([j(it.responsible[:2]) + ("等部门" if len(it.responsible) > 1 else "")]
                       + ([j(it.responsible[2:])] if it.responsible[2:] else [])) + "配合"
        if it.responsible else ""),
    "fenbie": lambda it: f"{j(it.lead)}分别牵头",
}
BRACKETS = [("（", "）"), ("(", ")"), ("〔", "〕"), ("【", "】")]


def marker(it: Item, style: str, bracket: int = 0) -> str:
    if style == "fenbie":
        it.lead, it.responsible = it.lead + it.responsible, []
    if style == "half":
        return "(" + MARKER_STYLES[style](it) + ")"
    o, c = BRACKETS[bracket % len(BRACKETS)]
    return o + MARKER_STYLES[style](it) + c


CN = "一二三四五六七八九十"


def top_label(i: int, style: str) -> str:
    return {"comma": f"{CN[i]}、", "paren": f"（{CN[i]}）", "chapter": f"第{CN[i]}章 "}[style]


def sub_label(i: int, style: str) -> str:
    if style == "plain":  # sentences with no number of their own
        return ""
    return {"dot": f"{i + 1}.", "dun": f"{i + 1}、", "wide": f"{i + 1}．", "paren": f"（{i + 1}）",
            "half": f"{i + 1}）", "circled": "①②③④⑤⑥⑦⑧⑨"[i]}[style]


def work_group_text(plan: Plan) -> list[str]:
    if plan.work_group == "专班":
        return [f"成立{plan.county}重点任务推进工作专班，由县人民政府副县长刘某某任召集人，"
                "县政府办副主任、县发改局主要负责人任副召集人，成员单位包括县发改局、县财政局、"
                "县统计局、县工信局，专班办公室设在县发改局，负责日常调度。"]
    if plan.work_group == "领导小组":
        return [f"成立{plan.county}重点任务推进领导小组，由县长陈某某任组长，常务副县长、"
                "县发改局主要负责人任副组长，成员为县发改局、县财政局、县统计局、县工信局，"
                "领导小组办公室设在县发改局，县发改局局长兼任办公室主任。"]
    return []


def expected_work_group(plan: Plan) -> dict | None:
    if plan.work_group == "专班":
        return {"name": f"{plan.county}重点任务推进工作专班", "convener": "县人民政府副县长刘某某",
                "deputy_conveners": ["县政府办副主任", "县发改局主要负责人"],
                "office_unit": "县发改局",
                "member_units": ["县发改局", "县财政局", "县统计局", "县工信局"]}
    if plan.work_group == "领导小组":
        return {"name": f"{plan.county}重点任务推进领导小组", "convener": "县长陈某某",
                "deputy_conveners": ["常务副县长", "县发改局主要负责人"],
                "office_unit": "县发改局",
                "member_units": ["县发改局", "县财政局", "县统计局", "县工信局"]}
    return None


def goals_text(plan: Plan) -> str:
    return f"到{plan.year}年底，全县地区生产总值增长6.5%左右，新增城镇就业3000人以上。"


# --- prose layouts ---------------------------------------------------------------------------------

def prose(plan: Plan, *, top: str = "paren", sub: str = "dot", units: str = "bracket",
          style: str = "pei_he", sections: bool = True, scope: str = "", yishi: bool = False,
          heading_text: bool = False, several: bool = False, first_rule: bool = False,
          star: bool = False, bracket: int = 0, groups: bool = True) -> list[str]:
    """A plan as lines of text.  ``units``: bracket / lines / inline / none.  ``groups=False``: the
    items follow the tasks section's heading with no group headings."""
    out = [plan.title, ""]
    if sections:
        out += ["一、指导思想", f"坚持稳中求进工作总基调，推动{plan.county}高质量发展。",
                "二、工作目标", goals_text(plan),
                "三、重点任务" + ("（列第一位的为牵头单位）" if first_rule else "")]
    for g, group in enumerate(plan.groups):
        head = top_label(g, top) + group.title
        if scope == "heading":
            shared = group.items[0]
            head += marker(Item("", list(shared.lead), list(shared.responsible)), style, bracket)
            for it in group.items:
                it.lead, it.responsible = list(shared.lead), list(shared.responsible)
        if heading_text:
            head += "。" + f"围绕{group.title}，抓好以下工作。"
        if groups:
            out.append(head)
        if yishi:
            text = "；".join(f"{CN[k]}是{it.content}" for k, it in enumerate(group.items))
            shared = group.items[-1]
            if units == "bracket":
                text += marker(shared, style, bracket)
                for it in group.items:
                    it.lead, it.responsible = list(shared.lead), list(shared.responsible)
            out.append(text + "。")
            continue
        if several:
            out.append("".join(it.content + marker(it, style, bracket) + "；"
                               for it in group.items).rstrip("；") + "。")
            continue
        for k, it in enumerate(group.items):
            line = sub_label(k, sub) + it.content
            if units == "bracket" and scope != "heading" and not (scope == "after" and k):
                if first_rule:
                    line += "（" + j(it.lead + it.responsible) + "）"
                elif star:
                    names = [n + "*" for n in it.lead] + it.responsible
                    line += "（责任单位：" + j(names) + "）"
                else:
                    line += marker(it, style, bracket)
            out.append(line + "。")
            if units == "lines" and not (scope == "after" and k):
                out += label_lines(it, k)
            if units == "inline":  # the label lines written on in the item's own paragraph
                out[-1] += "；".join(label_lines(it, k)) + "。"
        if scope == "after":
            first = group.items[0]
            for it in group.items[1:]:
                it.lead, it.responsible = list(first.lead), list(first.responsible)
                if units == "lines":
                    it.leaders = []
                    it.deadline = None if it.deadline_text else it.deadline
                    it.deadline_text = ""
            # the first item keeps its own units; the rest get the line's
            if first.responsible:
                out.append(f"以上事项牵头单位：{j(first.lead)}；责任单位：{j(first.responsible)}")
            else:
                out.append(f"以上事项责任单位：{j(first.lead)}")
    if sections:
        out += ["四、保障措施"] + work_group_text(plan)
    return out


LEAD_LABELS = ["牵头单位：", "牵头责任单位：", "牵头单位:"]
RESP_LABELS = ["责任单位：", "配合单位：", "协办单位：", "参与单位：", "协同责任单位：", "责任单位:"]
LEADER_LABELS = ["责任领导：", "牵头县领导：", "联系领导："]


def label_lines(it: Item, k: int) -> list[str]:
    out = [LEAD_LABELS[k % 3] + j(it.lead)]
    if it.responsible:
        out.append(RESP_LABELS[k % len(RESP_LABELS)] + j(it.responsible, "、" if k % 2 else "，"))
    if it.leaders:
        out.append(LEADER_LABELS[k % 3] + j(it.leaders))
    if it.deadline_text:
        out.append("完成时限：" + it.deadline_text)
    return out


# --- tables ---------------------------------------------------------------------------------------

def table_rows(plan: Plan, header: list[str], star: bool = False) -> list[list[str]]:
    """Rows under ``header``: 序号, 重点任务 (the group, repeated: merged by the writer),
    工作事项, 牵头单位, 责任单位, 责任领导, 完成时限 — whichever the header names."""
    rows = []
    n = 0
    for group in plan.groups:
        for it in group.items:
            n += 1
            cells = {"序号": str(n), "group": group.title, "item": it.content,
                     "lead": j(it.lead), "resp": j(it.responsible),
                     "leaders": j(it.leaders), "deadline": it.deadline_text}
            if star:
                cells["resp"] = j([u + "*" for u in it.lead] + it.responsible)
            rows.append([cells[ROLE_OF[h]] for h in header])
    return rows


ROLE_OF = {"序号": "序号", "重点任务": "group", "工作任务": "group", "重点工作": "group",
           "工作事项": "item", "具体措施": "item", "工作内容": "item",
           "牵头单位": "lead", "责任单位": "resp", "配合单位": "resp", "责任领导": "leaders",
           "牵头县领导": "leaders", "完成时限": "deadline", "时间节点": "deadline"}


def write_docx_table(path: Path, plan: Plan, header: list[str], split: bool = False,
                     prose_lines: list[str] | None = None, title_row: bool = False,
                     star: bool = False, numbered: bool = False) -> None:
    """``numbered``: the 序号 cells are empty paragraphs numbered by Word's list (1 2 3 …)."""
    import docx

    doc = docx.Document()
    for line in prose_lines or [plan.title]:
        doc.add_paragraph(line)
    rows = table_rows(plan, header, star)
    parts = [rows[: len(rows) // 2], rows[len(rows) // 2:]] if split else [rows]
    for p, part in enumerate(parts):
        extra = 1 if title_row and p == 0 else 0
        table = doc.add_table(rows=len(part) + 1 + extra, cols=len(header))
        table.style = "Table Grid"
        if extra:
            top = table.cell(0, 0).merge(table.cell(0, len(header) - 1))
            top.text = plan.title
        for c, h in enumerate(header):
            table.cell(extra, c).text = h
        group_col = next((c for c, h in enumerate(header) if ROLE_OF[h] == "group"), None)
        start = None
        for r, row in enumerate(part, start=1 + extra):
            for c, value in enumerate(row):
                if c == group_col:
                    continue
                if numbered and header[c] == "序号":
                    _number(table.cell(r, c).paragraphs[0], 2, 0)
                    continue
                table.cell(r, c).text = value
            if group_col is not None:
                if start is None or part[start - 1 - extra][group_col] != row[group_col]:
                    start = r
                    table.cell(r, group_col).text = row[group_col]
                elif r > start:
                    table.cell(start, group_col).merge(table.cell(r, group_col))
                    table.cell(start, group_col).text = row[group_col]
        doc.add_paragraph("")
    _save_numbered(doc, path) if numbered else doc.save(path)


def write_xlsx(path: Path, plan: Plan, header: list[str], star: bool = False) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "任务清单"
    ws.cell(1, 1, plan.title)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    for c, h in enumerate(header, start=1):
        ws.cell(2, c, h)
    rows = table_rows(plan, header, star)
    group_col = next((c for c, h in enumerate(header) if ROLE_OF[h] == "group"), None)
    start = None
    for r, row in enumerate(rows, start=3):
        for c, value in enumerate(row):
            if c != group_col:
                ws.cell(r, c + 1, value)
        if group_col is not None:
            if start is None or rows[start - 3][group_col] != row[group_col]:
                start = r
                ws.cell(r, group_col + 1, row[group_col])
            else:
                ws.merge_cells(start_row=start, start_column=group_col + 1, end_row=r,
                               end_column=group_col + 1)
    wb.save(path)


def text_table(plan: Plan, header: list[str], per_line: bool, star: bool = False) -> list[str]:
    rows = table_rows(plan, header, star)
    out = [plan.title]
    if not per_line:
        return out + ["\t".join(header)] + ["\t".join(r) for r in rows]
    out += ["\t" + h for h in header] + [""]
    for r in rows:
        out += ["\t" + v for v in r] + [""]
    return out


# --- expectations -------------------------------------------------------------------------------

TRAD = str.maketrans("牵头负责单位县职财务区门协办", "牽頭負責單位縣職財務區門協辦")


def expected(plan: Plan, **extra) -> dict:
    items = [{"text": it.content[:14].rstrip("。"), "lead": it.lead, "responsible": it.responsible,
              "leaders": it.leaders, "deadline": it.deadline}
             for g in plan.groups for it in g.items]
    out = {"title": plan.title, "items": items}
    out.update(extra)
    return out


def to_trad(plan: Plan) -> None:
    for g in plan.groups:
        for it in g.items:
            it.lead = [u.translate(TRAD) for u in it.lead]
            it.responsible = [u.translate(TRAD) for u in it.responsible]


# --- the corpus -------------------------------------------------------------------------------------

def documents():
    """(name, writer(path), expected) for every document."""
    docs = []

    def txt(name, plan, lines, **extra):
        exp = expected(plan, **extra)
        docs.append((name + ".txt", lambda p, ls=lines: p.write_text("\n".join(ls) + "\n",
                                                                     encoding="utf-8"), exp))

    def tops(plan):
        return [g.title for g in plan.groups]

    styles = list(MARKER_STYLES)
    # 1–14: bracket markers, every marker style and bracket, top 一、/（一）, sub levels
    n = 0
    for k, style in enumerate(styles):
        for top, sub in (("paren", "dot"), ("comma", "dun")):
            n += 1
            plan = make_plan(100 + n)
            lines = prose(plan, top=top, sub=sub, style=style, bracket=k + n,
                          sections=bool(n % 2))
            extra = {"top": tops(plan), "number_style": "comma" if top == "comma" else "paren"}
            if n % 2:
                extra["work_group"] = expected_work_group(plan)
            txt(f"bracket-{style}-{top}", plan, lines, **extra)
    # label lines after items, with leaders and 完成时限
    for k, sub in enumerate(("dot", "dun", "wide", "paren")):
        plan = make_plan(200 + k, leaders=True, labels_deadline=True)
        txt(f"labels-{sub}", plan, prose(plan, units="lines", sub=sub, sections=bool(k % 2)),
            top=tops(plan))
    # the same labels written on at the end of the item's paragraph
    for k, sub in enumerate(("dot", "plain")):
        plan = make_plan(210 + k, leaders=True, labels_deadline=True)
        txt(f"labels-inline-{sub}", plan, prose(plan, units="inline", sub=sub), top=tops(plan))
    # scope: a marker on the heading; an 以上事项 line after the group
    for k, style in enumerate(("pei_he", "labels")):
        plan = make_plan(300 + k)
        txt(f"scope-heading-{style}", plan, prose(plan, scope="heading", style=style),
            top=tops(plan))
    for k, units in enumerate(("bracket", "lines")):
        plan = make_plan(310 + k)
        txt(f"scope-after-{units}", plan, prose(plan, scope="after", units=units),
            top=tops(plan))
    # 一是…二是… inside a paragraph, sharing the marker that closes them
    plan = make_plan(400)
    txt("yishi-bracket", plan, prose(plan, yishi=True, style="zhineng"), top=tops(plan))
    # several markers in one paragraph
    plan = make_plan(410)
    txt("several-markers", plan, prose(plan, several=True, style="pei_he"), top=tops(plan))
    # a heading with its own text after the first full stop
    plan = make_plan(420)
    txt("heading-text", plan, prose(plan, heading_text=True), top=tops(plan))
    # stated rule: 列第一位的为牵头单位; a * mark
    plan = make_plan(430)
    txt("first-rule", plan, prose(plan, first_rule=True), top=tops(plan))
    plan = make_plan(440)
    txt("star-mark", plan, prose(plan, star=True), top=tops(plan))
    # 第一章 as the top level, third level （1） / 1） / ①
    for k, sub in enumerate(("paren", "half", "circled")):
        plan = make_plan(450 + k)
        txt(f"chapter-{sub}", plan, prose(plan, top="chapter", sub=sub, sections=False),
            top=tops(plan))
    # traditional characters
    plan = make_plan(460, collectives=False)
    to_trad(plan)
    lines = [ln.translate(TRAD) for ln in prose(plan, style="zhize", sections=False)]
    plan_title = plan.title.translate(TRAD)
    txt("traditional", plan, lines, top=tops(plan))
    docs[-1][2]["title"] = plan_title
    for item in docs[-1][2]["items"]:
        item["text"] = item["text"].translate(TRAD)
    # documents without units: 工作要点 with 一是…, and numbered items
    plan = make_plan(470, units=False)
    txt("no-units-yishi", plan, prose(plan, yishi=True, units="none"), top=tops(plan),
        unassigned=9)
    plan = make_plan(480, units=False)
    txt("no-units-numbered", plan, prose(plan, units="none", sections=False), top=tops(plan),
        unassigned=9)
    # sentences with no number: under group headings, and straight under 三、重点任务
    plan = make_plan(490, units=False)
    txt("plain-groups", plan, prose(plan, sub="plain", units="none"), top=tops(plan),
        unassigned=9)
    plan = make_plan(491, leaders=True, labels_deadline=True)
    txt("plain-groups-lines", plan, prose(plan, sub="plain", units="lines"), top=tops(plan))
    plan = make_plan(492, per_group=2)
    txt("plain-flat-bracket", plan, prose(plan, sub="plain", groups=False, style="zhineng"),
        top=[""] * 6)
    plan = make_plan(493, units=False, per_group=2)
    txt("plain-flat-none", plan, prose(plan, sub="plain", groups=False, units="none"),
        top=[""] * 6, unassigned=6)
    plan = make_plan(494, leaders=True)
    exp = expected(plan, top=tops(plan))
    docs.append(("plain-word.docx", lambda p, pl=plan: _prose_docx(
        p, prose(pl, sub="plain", units="lines")), exp))
    # tables: Word
    headers = [["序号", "重点任务", "工作事项", "牵头单位", "责任单位", "完成时限"],
               ["重点工作", "具体措施", "责任领导", "牵头单位", "配合单位", "时间节点"],
               ["序号", "工作任务", "工作内容", "牵头单位", "责任单位", "牵头县领导", "完成时限"]]
    for k, header in enumerate(headers):
        plan = make_plan(500 + k, leaders="责任领导" in header or "牵头县领导" in header,
                         labels_deadline=True)
        exp = expected(plan, top=tops(plan))
        docs.append((f"table-word-{k + 1}.docx",
                     lambda p, pl=plan, h=header, kk=k: write_docx_table(
                         p, pl, h, split=kk == 1, title_row=kk == 2), exp))
    plan = make_plan(510)
    exp = expected(plan, top=tops(plan))
    docs.append(("table-word-star.docx", lambda p, pl=plan: write_docx_table(
        p, pl, ["序号", "重点任务", "工作事项", "责任单位"], star=True), exp))
    plan = make_plan(515)
    exp = expected(plan, top=tops(plan), number_style="paren")
    docs.append(("prose-word.docx", lambda p, pl=plan: _prose_docx(p, prose(pl, style="zhineng")),
                 exp))
    plan = make_plan(516, leaders=True, labels_deadline=True)
    exp = expected(plan, top=tops(plan))
    docs.append(("labels-word.docx", lambda p, pl=plan: _prose_docx(
        p, prose(pl, units="lines")), exp))
    # Word's automatic numbering: 一、（一）1. drawn by the list, and a 序号 column numbered so
    plan = make_plan(517)
    exp = expected(plan, top=tops(plan), work_group=expected_work_group(plan),
                   number_style="paren")
    docs.append(("numbered-word.docx", lambda p, pl=plan: _numbered_docx(
        p, prose(pl, style="zhize")), exp))
    plan = make_plan(518, leaders=True, labels_deadline=True)
    exp = expected(plan, top=tops(plan))
    docs.append(("numbered-table-word.docx", lambda p, pl=plan: write_docx_table(
        p, pl, ["序号", "重点任务", "工作事项", "牵头单位", "责任单位", "责任领导", "完成时限"],
        numbered=True), exp))
    # tables: Excel
    for k, header in enumerate(headers + [["序号", "重点任务", "工作事项", "责任单位"]]):
        plan = make_plan(520 + k, leaders="责任领导" in header or "牵头县领导" in header,
                         labels_deadline=k < 3)
        exp = expected(plan, top=tops(plan))
        docs.append((f"table-excel-{k + 1}.xlsx",
                     lambda p, pl=plan, h=header, kk=k: write_xlsx(p, pl, h, star=kk == 3), exp))
    # tables as text (from a PDF or a web page)
    for k, per_line in enumerate((False, True)):
        plan = make_plan(540 + k, labels_deadline=True)
        header = ["序号", "重点任务", "工作事项", "牵头单位", "责任单位", "完成时限"]
        txt(f"text-table-{'cells' if per_line else 'tabs'}", plan,
            text_table(plan, header, per_line), top=tops(plan))
    plan = make_plan(545)
    txt("text-table-star", plan, text_table(plan, ["序号", "重点任务", "工作事项", "责任单位"],
                                            False, star=True), top=tops(plan))
    return docs


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# list 1: the outline 一、 → （一） → 1.;  list 2: a 序号 column 1 2 3
_LEVELS = [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3.")]
NUMBERING_XML = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="{W_NS}">'
    '<w:abstractNum w:abstractNumId="1">' + "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:suff w:val="nothing"/></w:lvl>'
        for i, (fmt, text) in enumerate(_LEVELS)) + '</w:abstractNum>'
    '<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
    '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1"/></w:lvl></w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
    '<w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num></w:numbering>')


def _number(paragraph, num_id: int, level: int) -> None:
    numpr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    numpr.get_or_add_ilvl().val = level
    numpr.get_or_add_numId().val = num_id


def _save_numbered(doc, path: Path) -> None:
    """Save with NUMBERING_XML as the document's list definitions."""
    import io
    import zipfile

    buf = io.BytesIO()
    doc.save(buf)
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = NUMBERING_XML.encode("utf-8") if info.filename == "word/numbering.xml" \
                else src.read(info)
            out.writestr(info, data)


def _numbered_docx(path: Path, lines: list[str]) -> None:
    """The plan with its 一、 （一） 1. numbers drawn by Word's list instead of typed."""
    import re

    import docx

    doc = docx.Document()
    levels = [re.compile(r"^[一二三四五六七八九十]+、"), re.compile(r"^（[一二三四五六七八九十]+）"),
              re.compile(r"^\d+\.")]
    for line in lines:
        if not line:
            continue
        level = next((k for k, rx in enumerate(levels) if rx.match(line)), None)
        if level is None:
            doc.add_paragraph(line)
            continue
        _number(doc.add_paragraph(levels[level].sub("", line, count=1)), 1, level)
    _save_numbered(doc, path)


def _prose_docx(path: Path, lines: list[str]) -> None:
    import docx

    doc = docx.Document()
    for line in lines:
        if line:
            doc.add_paragraph(line)
    doc.save(path)


def main(target: Path = HERE) -> int:
    docs = documents()
    for name, write, exp in docs:
        write(target / name)
        (target / (name.rsplit(".", 1)[0] + ".json")).write_text(
            json.dumps(exp, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(docs)} documents written to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
