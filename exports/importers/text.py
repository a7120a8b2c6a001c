"""Plans as text (a .txt file, text copied out of a PDF, or pasted into the import dialog).

The prose is read the way a clerk reads it: a title line; sections 一、工作目标 / 二、工作任务 /
三、推进机制; inside the tasks, headings （一） 1. 1、 （1） and 一是/二是 items; lead and
responsible units written inline in brackets — ``（县科工信局牵头，高新区等按职责分工负责）`` —
where a paragraph with several such markers is several work items, each ending at its marker.
A key-task table, whether from Word, Excel or extracted as text (one cell per tab-led line),
is the task list when present; the prose then gives title, goals and work group.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from db.drafts import IndicatorDraft, PlanDraft, TaskDraft, WorkGroupDraft
from exports.importers.common import (
    CN_NUM,
    ParsedPlan,
    ParseError,
    one_line,
    parse_deadline,
    plan_title_from_table_title,
    region_from_title,
    split_units,
    strip_end,
    tidy,
    year_from,
)
from exports.importers.table import Cell, Row, TableReader, header_role, header_roles, read_grid

HEADING_KINDS = (
    ("cn_comma", re.compile(rf"^[{CN_NUM}]{{1,3}}[、．.](?!\d)")),
    ("cn_paren", re.compile(rf"^[（(][{CN_NUM}]{{1,3}}[）)]")),
    ("arabic_dot", re.compile(r"^\d{1,3}[\.．](?!\d)")),
    ("arabic_comma", re.compile(r"^\d{1,3}、")),
    ("arabic_paren", re.compile(r"^[（(]\d{1,3}[）)]")),
    ("circled", re.compile(r"^[①-⑳]")),
)
_ANNEX = re.compile(r"^附件\s*\d*\s*[:：]?$")
_PAGE_NUMBER = re.compile(r"^[-—–\s]*\d{1,3}[-—–\s]*$")
_END_PUNCT = "。；;！!？?：:”）)"
_TITLE_WORDS = re.compile(r"(方案|计划|意见|清单|要点|办法|通知|规划)$")


def heading_kind(line: str) -> tuple[str, str] | None:
    for kind, pattern in HEADING_KINDS:
        m = pattern.match(line)
        if m:
            return kind, line[m.end():].strip()
    return None


# --- lines → paragraphs ----------------------------------------------------------------------------

def join_broken_lines(lines: list[str]) -> list[str]:
    """Rejoin sentences that PDF extraction broke across lines (and blank lines)."""
    paragraphs: list[str] = []
    pending = ""
    for raw in lines:
        line = tidy(raw)
        if not line or _ANNEX.match(line) or _PAGE_NUMBER.match(line):
            continue
        if pending:
            if heading_kind(line) is None:
                pending += line
                if not _broken(pending):
                    paragraphs.append(pending)
                    pending = ""
                continue
            paragraphs.append(pending)
            pending = ""
        if _broken(line):
            pending = line
        else:
            paragraphs.append(line)
    if pending:
        paragraphs.append(pending)
    return paragraphs


def _broken(line: str) -> bool:
    """Does this line stop mid-sentence (so the next line continues it)?"""
    if line[-1] in _END_PUNCT or _TITLE_WORDS.search(line):
        return False
    kind = heading_kind(line)
    if kind and len(kind[1]) <= 40 and "。" not in kind[1]:
        return False  # a heading on its own line
    return "。" in line or "，" in line or len(line) >= 30


# --- inline unit markers -----------------------------------------------------------------------------

@dataclass
class Marker:
    start: int
    end: int
    lead_units: list[str]
    responsible_units: list[str]
    deadline_text: str


def _clauses(text: str) -> list[str]:
    out, depth, current = [], 0, ""
    for ch in text:
        depth += ch in "（("
        depth -= ch in "）)" and depth > 0
        if depth == 0 and ch in "，,；;。":
            out.append(current)
            current = ""
        else:
            current += ch
    out.append(current)
    return [c.strip() for c in out if c.strip()]


_LEAD_LABEL = re.compile(r"^(?:牵头单位|牵头部门|主责单位|牵头)[:：](.+)$")
_RESP_LABEL = re.compile(r"^(?:责任单位|责任部门|配合单位|配合部门|参与单位|协同单位)[:：](.+)$")
_TIME_LABEL = re.compile(r"^(?:完成时限|时限|完成时间|时间节点)[:：](.+)$")
_LEAD_END = re.compile(r"^(.+?)(?:共同)?牵头(?:负责|落实|推进)?$")
_RESP_END = re.compile(r"^(.+?)(?:等(?:单位|部门)?)?(?:按职责分工|按照职责分工|按职责|分工)?"
                       r"(?:负责|配合|参与|协同|落实)$")


def parse_marker(inner: str) -> tuple[list[str], list[str], str] | None:
    """``县科工信局牵头，高新区、县发改局等按职责分工负责`` → (lead, responsible, deadline)."""
    inner = tidy(inner)
    if not inner or len(inner) > 200:
        return None
    lead: list[str] = []
    responsible: list[str] = []
    deadline = ""
    only_responsible: list[str] = []
    for clause in _clauses(inner):
        if m := _LEAD_LABEL.match(clause):
            lead += split_units(m.group(1))
        elif m := _RESP_LABEL.match(clause):
            only_responsible += split_units(m.group(1))
        elif m := _TIME_LABEL.match(clause):
            deadline = m.group(1).strip()
        elif m := _LEAD_END.match(clause):
            lead += split_units(m.group(1))
        elif m := _RESP_END.match(clause):
            responsible += split_units(m.group(1))
        else:
            return None
    if not lead:  # （县发改局负责）, （责任单位：县发改局）: the units in charge
        lead, responsible, only_responsible = responsible + only_responsible, [], []
    responsible += only_responsible
    units = lead + responsible
    if not units or any(len(u) > 30 for u in units):
        return None
    return lead, [u for u in responsible if u not in lead], deadline


def find_markers(text: str) -> list[Marker]:
    markers: list[Marker] = []
    stack: list[int] = []
    for i, ch in enumerate(text):
        if ch in "（(":
            stack.append(i)
        elif ch in "）)" and stack:
            start = stack.pop()
            if stack:
                continue  # nested bracket inside a name: 县政府办（金融办）
            parsed = parse_marker(text[start + 1:i])
            if parsed:
                markers.append(Marker(start, i + 1, *parsed))
    return markers


@dataclass
class Segment:
    content: str
    lead_units: list[str]
    responsible_units: list[str]
    deadline_text: str = ""
    marked: bool = True


def split_items(body: str) -> tuple[str, list[Segment]]:
    """(lead-in text without units, work items each ending at its marker)."""
    markers = find_markers(body)
    segments: list[Segment] = []
    position = 0
    for marker in markers:
        content = body[position:marker.start].strip().lstrip("。；;，,")
        position = marker.end
        while position < len(body) and body[position] in "。；;，,":
            position += 1
        if not content and segments:  # two markers in a row: both belong to the last item
            segments[-1].lead_units += marker.lead_units
            segments[-1].responsible_units += marker.responsible_units
            continue
        segments.append(Segment(_finish_sentence(content), marker.lead_units,
                                marker.responsible_units, marker.deadline_text))
    rest = body[position:].strip()
    lead_in = ""
    if rest:
        if segments:
            segments.append(Segment(rest, [], [], marked=False))
        else:
            lead_in = rest
    # 一是……；二是……: each ordinal is its own item, sharing the marker that closes them
    out: list[Segment] = []
    for seg in segments:
        parts = _split_ordinals(seg.content)
        if len(parts) > 1:
            head, items = parts[0], parts[1:]
            if head and not out and not lead_in:
                lead_in = head
            elif head:
                items[0] = head + items[0]
            out += [Segment(_finish_sentence(p), list(seg.lead_units),
                            list(seg.responsible_units), seg.deadline_text, seg.marked)
                    for p in items]
        else:
            out.append(seg)
    if not out and lead_in:
        parts = _split_ordinals(lead_in)
        if len(parts) > 2:
            lead_in = parts[0]
            out = [Segment(_finish_sentence(p), [], [], marked=False) for p in parts[1:]]
    return lead_in, out


def _split_ordinals(text: str) -> list[str]:
    """``总述。一是甲；二是乙。`` → [总述。, 一是甲；, 二是乙。] when 一是 and 二是 both appear."""
    if "一是" not in text or "二是" not in text:
        return [text]
    cuts = [m.start() for m in re.finditer(r"[一二三四五六七八九十]{1,2}是", text)
            if m.start() == 0 or text[m.start() - 1] in "。；;，,：:"]
    if len(cuts) < 2:
        return [text]
    pieces = [text[: cuts[0]]] + [text[a:b] for a, b in zip(cuts, cuts[1:] + [len(text)])]
    return [p.strip() for p in pieces]


def _finish_sentence(text: str) -> str:
    text = text.strip().rstrip("，,；;")
    return text + "。" if text and text[-1] not in "。！？”" else text


# --- goals → indicators ----------------------------------------------------------------------------

MEASURES = ("个百分点", "亿元", "万元", "元", "万吨", "吨", "万亩", "亩", "公里", "千米",
            "万人", "人次", "人", "名", "家", "个", "件", "项", "户", "次", "所", "座", "条", "台",
            "套", "篇", "场", "期", "倍", "%", "％", "‰")
_INDICATOR = re.compile(
    r"^(?P<name>.*?[^\d.])(?P<verb>达到|达|突破|超过|提高到|提升至|提升到|增至|控制在|不低于|保持在)?"
    r"(?P<num>\d+(?:\.\d+)?)(?P<measure>" + "|".join(map(re.escape, MEASURES)) + r")"
    r"(?P<cmp>以上|左右|以内|以下|及以上|)$")
_NAME_LEAD = re.compile(r"^(?:力争|全年|年内|其中|同时|确保|实现|到20\d\d年(?:底)?|20\d\d年(?:度|底)?)+")


def parse_indicators(goals: str) -> list[IndicatorDraft]:
    out: list[IndicatorDraft] = []
    for clause in re.split(r"[，,；;。：:]", one_line(goals)):
        clause = clause.strip()
        if not clause or len(clause) > 50:
            continue
        m = _INDICATOR.match(clause)
        if not m:
            continue
        name = _NAME_LEAD.sub("", m.group("name")).strip("“”，、 ")
        if len(name) < 2:
            continue
        verb, cmp_ = m.group("verb") or "", m.group("cmp")
        comparator = cmp_.replace("及以上", "以上") or ("达到" if verb in ("达到", "达", "突破",
                                                                   "提高到", "提升至", "提升到",
                                                                   "增至") else
                                                     "以上" if verb in ("超过", "不低于") else "")
        measure = m.group("measure").replace("％", "%")
        target_text = clause[len(m.group("name")):]
        out.append(IndicatorDraft(name=name, target=float(m.group("num")), measure=measure,
                                  comparator=comparator, target_text=target_text))
    return out


# --- 推进机制 → work group ----------------------------------------------------------------------------

def parse_work_group(text: str) -> WorkGroupDraft:
    text = one_line(text)
    group = WorkGroupDraft()
    if m := re.search(r"成立(?:了)?(?:以[^，。]*?)?([^，。；]{2,40}?(?:专班|领导小组|工作组|指挥部))", text):
        group.name = m.group(1)
    convener = re.search(r"(?:由|以)?([^，。；]{2,40}?)(?:担任|任|为)(?:专班|组长|总)?召集人", text)
    if convener:
        group.convener = re.sub(r"^(?:由|以)", "", convener.group(1))
    deputy = re.search(r"(?:^|[，,；;])([^，。；]{2,80}?)(?:担任|任|为)副召集人", text)
    if deputy:
        group.deputy_conveners = [p for p in split_units(deputy.group(1))]
    members = re.search(r"成员(?:单位)?(?:包括|为|有|由)?[:：]?([^。；;]+?)(?:等(?:单位|部门)?)?"
                        r"(?:组成)?(?:[，,]专班|[，,]办公室|[，,](?=[^、]*(?:负责|设在))|[。；;]|$)", text)
    if members:
        group.member_units = split_units(members.group(1))
    office = re.search(r"办公室设在([^，。；,]+)", text)
    if office:
        group.office_unit = split_units(office.group(1))[0] if split_units(office.group(1)) \
            else None
        duties = re.search(r"办公室设在[^，。；,]+[，,]([^。]+)", text)
        if duties:
            group.office_duties = duties.group(1).strip()
    return group


# --- sections ---------------------------------------------------------------------------------------

SECTION_KEYS = (
    ("goals", re.compile(r"目标")),
    ("mechanism", re.compile(r"推进机制|组织领导|工作机制|组织保障|组织架构|工作专班|组织机构")),
    ("tasks", re.compile(r"任务|重点工作|主要措施|工作措施|重点举措|主要内容|攻坚行动|工作内容")),
)


def _section_of(title: str) -> str | None:
    for name, pattern in SECTION_KEYS:
        if pattern.search(title):
            return name
    return None


@dataclass
class Prose:
    title: str
    intro: list[str]
    goals: list[str]
    mechanism: list[str]
    tasks: list[str]
    other: list[str]


def split_sections(paragraphs: list[str]) -> Prose:
    prose = Prose("", [], [], [], [], [])
    body_start = 0
    candidates = [(i, p) for i, p in enumerate(paragraphs[:8])
                  if heading_kind(p) is None and len(p) <= 80 and p[-1] not in "。；;，,"]
    for i, p in candidates:
        # 关于印发《示范县…工作方案》的通知 names the plan; a title line ends with 方案/计划…
        quoted = re.search(r"《(.+?)》", p) if p.startswith("关于") else None
        if quoted or _TITLE_WORDS.search(p):
            prose.title = strip_end(quoted.group(1) if quoted else p)
            body_start = i + 1
            break
    else:
        if candidates and candidates[0][0] == 0 and len(candidates[0][1]) <= 60:
            prose.title = strip_end(candidates[0][1])
            body_start = 1
    top = [(i, heading_kind(p)) for i, p in enumerate(paragraphs) if i >= body_start]
    section_heads = [(i, h[1]) for i, h in top if h and h[0] == "cn_comma"]
    named = [(i, _section_of(strip_end(t.split("。")[0]))) for i, t in section_heads]
    exact_tasks = re.compile(r"^(?:主要|重点|工作|具体)?(?:工作)?(?:任务|措施|举措|内容)(?:及分工|分工)?$")
    sectioned = any(s in ("goals", "mechanism") for _, s in named) or any(
        exact_tasks.match(strip_end(t.split("。")[0])) for _, t in section_heads)
    if not sectioned:
        # no 一、工作目标 … sections: the whole text is a task list (pasted), work group aside
        for p in paragraphs[body_start:]:
            (prose.mechanism if "召集人" in p or "办公室设在" in p else prose.tasks).append(p)
        return prose
    current = prose.intro
    for i, p in enumerate(paragraphs[body_start:], start=body_start):
        hit = next((s for j, s in named if j == i), "no")
        if hit != "no":
            current = {"goals": prose.goals, "mechanism": prose.mechanism,
                       "tasks": prose.tasks}.get(hit or "", prose.other)
            _, rest = heading_kind(p)
            after = rest.split("。", 1)[1] if "。" in rest[:30] else ""
            if after:
                current.append(after)
            continue
        current.append(p)
    if not prose.mechanism:
        prose.mechanism = [p for p in prose.other + prose.intro if "召集人" in p or "办公室设在" in p]
    return prose


# --- prose tasks --------------------------------------------------------------------------------------

_DEADLINE_IN_TEXT = re.compile(r"((?:20\d\d年)?\d{1,2}月(?:底|末)?(?:前|以前)|年底前|年内)"
                               r"(?:完成|建成|实现|出台|落地|启动)")


class ProseTasks:
    def __init__(self, year: int | None, warnings: list[str], source: str) -> None:
        self.year = year
        self.warnings = warnings
        self.source = source
        self.roots: list[TaskDraft] = []
        self.stack: list[tuple[str, TaskDraft]] = []
        self.first_kind: str | None = None

    def _new_item(self, seg: Segment) -> TaskDraft:
        written = seg.deadline_text
        if not written:  # 2024年6月底前完成…, 年底前建成… written inside the sentence
            m = _DEADLINE_IN_TEXT.search(seg.content)
            written = m.group(1) if m else ""
        deadline, text = parse_deadline(written, self.year) if written else (None, "")
        if not seg.marked:
            self.warnings.append(f"{self.source}：“{seg.content[:20]}…”后面没有写牵头单位。")
        return TaskDraft(content=seg.content, lead_units=seg.lead_units,
                         responsible_units=seg.responsible_units, deadline=deadline,
                         deadline_text=text)

    def _add_body(self, node: TaskDraft | None, body: str, top_level: bool) -> None:
        lead_in, segments = split_items(body)
        if node is None:
            if lead_in:
                self.warnings.append(f"{self.source}：任务部分开头的一段文字没有标题，已略过："
                                     f"“{lead_in[:20]}…”")
            for seg in segments:
                self.roots.append(self._new_item(seg))
            return
        if lead_in:
            node.content = (node.content + lead_in) if not node.lead_units else node.content
            if node.lead_units:  # a later paragraph without units under a finished item
                node.content += lead_in
        if not segments:
            return
        if (not top_level and len(segments) == 1 and not node.children and not node.lead_units):
            item = self._new_item(segments[0])
            node.content = (node.content + item.content) if node.content else item.content
            node.lead_units, node.responsible_units = item.lead_units, item.responsible_units
            node.deadline, node.deadline_text = item.deadline, item.deadline_text
            return
        if node.lead_units and not node.children:
            # the node was an item itself; now it has several: its own text becomes the first
            first = TaskDraft(content=node.content, lead_units=node.lead_units,
                              responsible_units=node.responsible_units, deadline=node.deadline,
                              deadline_text=node.deadline_text)
            node.content, node.lead_units, node.responsible_units = "", [], []
            node.deadline, node.deadline_text = None, ""
            node.children.append(first)
        node.children += [self._new_item(s) for s in segments]

    def feed(self, paragraph: str) -> None:
        head = heading_kind(paragraph)
        if head is None:
            node = self.stack[-1][1] if self.stack else None
            self._add_body(node, paragraph, top_level=self._is_category(node))
            return
        kind, rest = head
        while self.stack and kind in [k for k, _ in self.stack]:
            popped = self.stack.pop()
            if popped[0] == kind:
                break
        title, body = rest, ""
        cut = rest.find("。")
        markers = find_markers(rest)
        if 0 <= cut <= 60 and (not markers or markers[0].start > cut):
            title, body = rest[:cut], rest[cut + 1:]
        elif markers and len(rest) <= 80:
            title, body = "", rest
        elif len(rest) > 60:
            title, body = "", rest
        node = TaskDraft(title=strip_end(title))
        parent = self.stack[-1][1] if self.stack else None
        (parent.children if parent else self.roots).append(node)
        self.stack.append((kind, node))
        if body.strip():
            self._add_body(node, body, top_level=self._is_category(node))

    def _is_category(self, node: TaskDraft | None) -> bool:
        """A top heading numbered 一、 or （一） keeps its work items as children; a numbered
        task (1. …) with a single marker is itself the work item."""
        return bool(self.stack) and self.stack[0][1] is node and \
            self.stack[0][0] in ("cn_comma", "cn_paren")


def prose_tasks(paragraphs: list[str], year: int | None, warnings: list[str],
                source: str) -> list[TaskDraft]:
    reader = ProseTasks(year, warnings, source)
    for p in paragraphs:
        reader.feed(p)
    return reader.roots


# --- a table extracted as text ---------------------------------------------------------------------

def _text_table_start(lines: list[str]) -> int | None:
    """Index of the first header line of a tab-led (one cell per line) or tab-separated table."""
    for i, raw in enumerate(lines):
        if raw.startswith("\t") and header_role(raw.strip()):
            cells = [ln.strip() for ln in lines[i:i + 12] if ln.startswith("\t")]
            roles = [header_role(c) for c in cells[:8]]
            row = [Cell(c) for c, r in zip(cells, roles) if r]
            if header_roles(row):
                return i
        if raw.count("\t") >= 2 and header_roles([Cell(c) for c in raw.split("\t")]):
            return i
    return None


def text_table_rows(lines: list[str]) -> list[Row]:
    """Rows of a table given as text: tab-separated lines, or one tab-led line per cell."""
    first = lines[0]
    if not first.startswith("\t") or first.strip().count("\t") >= 2:
        reader = csv.reader(io.StringIO("\n".join(lines)), delimiter="\t")
        return [[Cell(c) for c in r] for r in reader if any(c.strip() for c in r)]
    cells: list[tuple[str, bool]] = []  # (text, a blank line came before this cell)
    blank = True
    for raw in lines:
        if raw.startswith("\t"):
            cells.append((raw[1:], blank))
            blank = False
        elif raw.strip():
            if cells:
                text, before = cells[-1]
                cells[-1] = (text + "\n" + raw.strip(), before)
        else:
            blank = True
    header: list[str] = []
    for text, _ in cells:
        if header_role(text) and len(header) < 12:
            header.append(text.strip())
        else:
            break
    n = len(header)
    segments: list[list[tuple[str, bool]]] = [[]]
    i = n
    while i < len(cells):
        if [c.strip() for c, _ in cells[i:i + n]] == header:
            segments.append([])
            i += n
            continue
        segments[-1].append(cells[i])
        i += 1
    segments = [s for s in segments if s]
    best_width, best_score = n, -1
    for width in (n, n + 1, n + 2):
        if any(len(s) % width for s in segments):
            continue
        score = sum(before for s in segments for k, (_, before) in enumerate(s) if k % width == 0)
        if score > best_score:
            best_width, best_score = width, score
    width = best_width
    header_row = [Cell(h) for h in header]
    if width > n:  # a header cell spanned columns: the one before the unit columns
        roles = [header_role(h) for h in header]
        at = max((k for k, r in enumerate(roles) if r in ("task", "item", "category")), default=0)
        header_row = header_row[:at + 1] + [Cell(header[at], "h")] * (width - n) \
            + header_row[at + 1:]
    rows: list[Row] = [header_row]
    for seg in segments:
        for k in range(0, len(seg) - len(seg) % width, width):
            rows.append([Cell(t.strip()) for t, _ in seg[k:k + width]])
    return rows


# --- the whole plan --------------------------------------------------------------------------------

def build_plan(lines: list[str], tables: list[list[Row]], source: str,
               title: str | None = None) -> ParsedPlan:
    warnings: list[str] = []
    table_start = _text_table_start(lines)
    table_title = ""
    text_table: list[Row] | None = None
    if table_start is not None:
        text_table = text_table_rows(lines[table_start:])
        before = [tidy(x) for x in lines[:table_start] if tidy(x)]
        if before and _TITLE_WORDS.search(before[-1]):
            table_title = before[-1]
        lines = lines[:table_start]
    paragraphs = join_broken_lines(lines)
    prose = split_sections(paragraphs)
    plan_title = one_line(title or "") or prose.title or plan_title_from_table_title(table_title)
    if not plan_title:
        plan_title = source.rsplit(".", 1)[0] if source else "导入的工作方案"
    goals_text = "\n".join(prose.goals)
    year = year_from(plan_title, goals_text)
    reader: TableReader | None = None
    for rows in tables:
        reader = read_grid(rows, source, year=year, reader=reader) or reader
    if text_table:
        reader = read_grid(text_table, source, year=year, reader=reader) or reader
    draft = PlanDraft(title=plan_title, region=region_from_title(plan_title), year=year,
                      goals_text=goals_text)
    draft.indicators = parse_indicators(goals_text)
    draft.work_group = parse_work_group("".join(prose.mechanism))
    from_table = bool(reader and reader.result.tasks)
    if from_table:
        draft.tasks = reader.result.tasks
        warnings += reader.result.warnings
    else:
        draft.tasks = prose_tasks(prose.tasks, year, warnings, source)
    if not any(t.lead_units for t in draft.all_tasks()):
        raise ParseError("没有识别出重点工作任务：既没有含“工作任务/牵头单位”等表头的任务表，"
                         "正文中也没有“（××牵头）”这样的分工标注。", place=source)
    draft.number_style = _number_style(prose.tasks, from_table)
    return ParsedPlan(draft, warnings, source, from_table)


def _number_style(task_paragraphs: list[str], from_table: bool) -> str:
    """Top level numbered 一、 in the prose task list → "comma"; otherwise （一） → "paren"."""
    if not from_table:
        first = next((h for h in map(heading_kind, task_paragraphs) if h), None)
        if first and first[0] == "cn_comma":
            return "comma"
    return "paren"


def finish_table_plan(reader: TableReader, above: list[str], source: str,
                      title: str | None, sheet: str = "") -> ParsedPlan:
    """A plan that is only a task table (Excel): title from the rows above the header."""
    table_title = next((t for t in above if len(t) >= 6), "")
    plan_title = one_line(title or "") or plan_title_from_table_title(table_title) \
        or (sheet if sheet and not sheet.lower().startswith("sheet") else "") \
        or source.rsplit(".", 1)[0]
    draft = PlanDraft(title=plan_title, region=region_from_title(plan_title),
                      year=year_from(plan_title, *above))
    draft.tasks = reader.result.tasks
    if not any(t.lead_units for t in draft.all_tasks()):
        raise ParseError("任务表中没有读到任何牵头单位。", place=source)
    return ParsedPlan(draft, list(reader.result.warnings), source, True)


def parse_text(text: str, source: str = "粘贴的文本", title: str | None = None) -> ParsedPlan:
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    if not text.strip():
        raise ParseError("文本是空的。", place=source)
    return build_plan(text.split("\n"), [], source, title)
