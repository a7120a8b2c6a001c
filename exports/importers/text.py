"""The outline of a plan's prose: lines → paragraphs → sections → the task tree, and text
tables (a table copied out of a PDF or a web page); ``exports.importers.assemble`` puts the
plan together from these and the tables of the source document.

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

from db.drafts import IndicatorDraft, TaskDraft, WorkGroupDraft
from exports.importers.common import (
    CN_NUM,
    one_line,
    parse_deadline,
    prose_deadline,
    strip_end,
    tidy,
)
from exports.importers.markers import (
    Reading,
    find_markers,
    inline_labels_at,
    label_line,
    read_units,
    split_units,
)
from exports.importers.table import Cell, Row, header_role, header_roles

HEADING_KINDS = (
    ("chapter", re.compile(rf"^第[{CN_NUM}\d]{{1,3}}(?:章|部分|编)\s*")),
    ("article", re.compile(rf"^第[{CN_NUM}\d]{{1,3}}条\s*")),
    ("cn_comma", re.compile(rf"^[{CN_NUM}]{{1,3}}[、．.](?!\d)")),
    ("cn_paren", re.compile(rf"^[（(][{CN_NUM}]{{1,3}}[）)]")),
    ("arabic", re.compile(r"^\d{1,3}(?:[\.．](?!\d)|、)")),
    ("arabic_paren", re.compile(r"^[（(]\d{1,3}[）)]")),
    ("arabic_half", re.compile(r"^\d{1,3}[）)]")),
    ("circled", re.compile(r"^[①-⑳]")),
)
CATEGORY_KINDS = ("chapter", "cn_comma", "cn_paren")
_ANNEX = re.compile(r"^附件\s*\d*\s*[:：]?$")
_PAGE_NUMBER = re.compile(r"^[-—–\s]*\d{1,3}[-—–\s]*$")
_END_PUNCT = "。；;！!？?：:”）)"
TITLE_WORDS = re.compile(r"(方案|计划|意见|清单|要点|办法|通知|规划)$")


def heading_kind(line: str) -> tuple[str, str] | None:
    for kind, pattern in HEADING_KINDS:
        m = pattern.match(line)
        if m:
            return kind, line[m.end():].strip()
    return None


# --- lines → paragraphs ----------------------------------------------------------------------------

def join_broken_lines(lines: list[str]) -> list[str]:
    """Rejoin sentences that PDF extraction broke across lines (and blank lines).

    Linear: a paragraph being joined is kept as pieces with running facts about it (length,
    whether it has 。 or ，, its heading), never re-scanned as a whole."""
    paragraphs: list[str] = []
    pending: _Pending | None = None
    for raw in lines:
        line = tidy(raw)
        if not line or _ANNEX.match(line) or _PAGE_NUMBER.match(line):
            continue
        if pending is not None:
            if heading_kind(line) is None and label_line(line) is None:
                pending.add(line)
                if not pending.broken():
                    paragraphs.append(pending.text())
                    pending = None
                continue
            paragraphs.append(pending.text())
            pending = None
        first = _Pending(line)
        if first.broken():
            pending = first
        else:
            paragraphs.append(line)
    if pending is not None:
        paragraphs.append(pending.text())
    return paragraphs


class _Pending:
    """A paragraph being rejoined: does it stop mid-sentence (so the next line continues it)?"""

    def __init__(self, line: str) -> None:
        self.parts = [line]
        self.length = len(line)
        self.stops = "。" in line
        self.commas = "，" in line
        kind = heading_kind(line)
        self.heading_rest = len(kind[1]) if kind else None   # the heading's own text so far
        self.heading_stops = kind is not None and "。" in kind[1]
        self.label = label_line(line) is not None

    def add(self, line: str) -> None:
        self.parts.append(line)
        self.length += len(line)
        self.stops = self.stops or "。" in line
        self.commas = self.commas or "，" in line
        if self.heading_rest is not None:
            self.heading_rest += len(line)
            self.heading_stops = self.heading_stops or "。" in line

    def broken(self) -> bool:
        last = self.parts[-1]
        if last[-1] in _END_PUNCT or TITLE_WORDS.search(last[-2:]) or self.label:
            return False
        if self.heading_rest is not None and self.heading_rest <= 40 and not self.heading_stops:
            return False  # a heading on its own line
        return self.stops or self.commas or self.length >= 30

    def text(self) -> str:
        return "".join(self.parts)


# --- inline unit markers -----------------------------------------------------------------------------

@dataclass
class Segment:
    content: str
    reading: Reading
    marked: bool = True


def split_items(body: str, first_leads: bool = False) -> tuple[str, list[Segment]]:
    """(lead-in text without units, work items each ending at its marker)."""
    markers = find_markers(body, first_leads)
    segments: list[Segment] = []
    position = 0
    for marker in markers:
        content = body[position:marker.start].strip().lstrip("。；;，,")
        position = marker.end
        while position < len(body) and body[position] in "。；;，,":
            position += 1
        if not content and segments:  # two markers in a row: both belong to the last item
            segments[-1].reading.merge(marker.reading)
            continue
        segments.append(Segment(_finish_sentence(content), marker.reading))
    rest = body[position:].strip()
    lead_in = ""
    if rest:
        if segments:
            segments.append(Segment(rest, Reading(), marked=False))
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
            out += [Segment(_finish_sentence(p), seg.reading.copy(), seg.marked)
                    for p in items]
        else:
            out.append(seg)
    if not out and lead_in:
        parts = _split_ordinals(lead_in)
        if len(parts) > 2:
            lead_in = parts[0]
            out = [Segment(_finish_sentence(p), Reading(), marked=False) for p in parts[1:]]
    return lead_in, out


def _ordinal_cuts(text: str) -> list[int]:
    """Where 一是, 二是 … begin (at the start or after punctuation), when both appear."""
    if "一是" not in text or "二是" not in text:
        return []
    cuts = [m.start() for m in re.finditer(r"[一二三四五六七八九十]{1,2}是", text)
            if m.start() == 0 or text[m.start() - 1] in "。；;，,：:"]
    return cuts if len(cuts) >= 2 else []


def _first_ordinal(text: str) -> int | None:
    cuts = _ordinal_cuts(text)
    return cuts[0] if cuts else None


def _split_ordinals(text: str) -> list[str]:
    """``总述。一是甲；二是乙。`` → [总述。, 一是甲；, 二是乙。] when 一是 and 二是 both appear."""
    cuts = _ordinal_cuts(text)
    if not cuts:
        return [text]
    pieces = [text[: cuts[0]]] + [text[a + 2 if text[a + 1] == "是" else a + 3:b]
                                  for a, b in zip(cuts, cuts[1:] + [len(text)])]
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


# --- 推进机制 / 组织领导 → work group ------------------------------------------------------------------

_CHAIR = r"(?:召集人|组长|指挥长|主任)"


def parse_work_group(text: str) -> WorkGroupDraft:
    """``成立…专班，由…任召集人，…任副召集人，成员单位包括…，专班办公室设在…`` and the same
    with 领导小组 / 组长 / 副组长 / 成员为 / 办公室主任."""
    text = one_line(text)
    group = WorkGroupDraft()
    if m := re.search(r"成立(?:了)?(?:以[^，。]*?)?([^，。；]{2,40}?(?:专班|领导小组|工作组|指挥部))", text):
        group.name = m.group(1)
    convener = re.search(rf"(?:由|以)?([^，。；]{{2,40}}?)(?:担任|任|为)(?:专班|总)?(?<!副){_CHAIR}"
                         r"(?!单位)", text)
    if convener and not convener.group(1).endswith("副"):
        group.convener = re.sub(r"^(?:由|以)", "", convener.group(1))
    deputy = re.search(rf"(?:^|[，,；;])([^，。；]{{2,80}}?)(?:担任|任|为)副{_CHAIR}", text)
    if deputy:
        group.deputy_conveners = [p for p in split_units(deputy.group(1))]
    members = re.search(r"成员(?:单位)?(?:包括|为|有|由)?[:：]?([^。；;]+?)(?:等(?:单位|部门)?)?"
                        r"(?:组成)?(?:[，,](?:专班|领导小组)|[，,]办公室|[，,](?=[^、]*(?:负责|设在))|"
                        r"[。；;]|$)", text)
    if members:
        group.member_units = [u for u in split_units(members.group(1))
                              if not u.startswith(("领导小组", "专班"))]
    office = re.search(r"办公室设在([^，。；,]+)", text)
    if office:
        names = split_units(office.group(1))
        group.office_unit = names[0] if names else None
        duties = re.search(r"办公室设在[^，。；,]+[，,]([^。]+)", text)
        if duties:
            group.office_duties = duties.group(1).strip()
    return group


# --- sections ---------------------------------------------------------------------------------------

SECTION_KEYS = (
    ("other", re.compile(r"^(?:指导思想|基本原则|工作原则|总体要求|工作要求|有关要求|实施步骤|"
                         r"工作步骤|进度安排|适用范围|编制依据|工作依据|附则|总则)$")),
    ("goals", re.compile(r"目标")),
    ("mechanism", re.compile(r"推进机制|组织领导|工作机制|组织保障|组织架构|工作专班|组织机构|"
                             r"保障措施|领导小组|组织实施")),
    ("tasks", re.compile(r"任务|重点工作|主要措施|工作措施|重点举措|主要内容|攻坚行动|工作内容|"
                         r"工作重点|主要工作|具体措施")),
)
_WORK_GROUP_WORDS = re.compile(r"召集人|办公室设在|任组长|领导小组办公室")


def _section_of(title: str) -> str | None:
    title = re.sub(r"[（(【〔].*?[）)】〕]", "", title).strip()
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
    tasks_named: bool = False   # the tasks sit under a heading named for them (二、重点任务)


def split_sections(paragraphs: list[str]) -> Prose:
    """Title, then the sections at the top numbering level (一、 or 第一章): goals, tasks,
    mechanism.  Without a section named for tasks, the unnamed sections are the tasks (a
    工作要点 numbers its task groups 一、二、 among 一、总体要求 and 四、组织保障)."""
    prose = Prose("", [], [], [], [], [])
    body_start = 0
    candidates = [(i, p) for i, p in enumerate(paragraphs[:8])
                  if heading_kind(p) is None and len(p) <= 80 and p[-1] not in "。；;，,"]
    for i, p in candidates:
        # 关于印发《示范县…工作方案》的通知 names the plan; a title line ends with 方案/计划…
        quoted = re.search(r"《(.+?)》", p) if p.startswith("关于") else None
        if quoted or TITLE_WORDS.search(re.sub(r"[（(][^）)]*[）)]$", "", p)):
            prose.title = strip_end(quoted.group(1) if quoted else p)
            body_start = i + 1
            break
    else:
        if candidates and candidates[0][0] == 0 and len(candidates[0][1]) <= 60:
            prose.title = strip_end(candidates[0][1])
            body_start = 1
    top = [(i, heading_kind(p)) for i, p in enumerate(paragraphs) if i >= body_start]
    kinds = [h[0] for _, h in top if h]
    section_kind = next((k for k in ("chapter", "cn_comma") if k in kinds), None)
    section_heads = [(i, h[1]) for i, h in top if h and h[0] == section_kind]
    named = [(i, _section_of(strip_end(t.split("。")[0]))) for i, t in section_heads]
    exact_tasks = re.compile(r"^(?:主要|重点|工作|具体)?(?:工作)?(?:任务|措施|举措|内容)(?:及分工|分工)?$")
    sectioned = any(s in ("goals", "mechanism", "other") for _, s in named) or any(
        exact_tasks.match(re.sub(r"[（(].*?[）)]", "", strip_end(t.split("。")[0])))
        for _, t in section_heads)
    if not sectioned:
        # no 一、工作目标 … sections: the whole text is a task list (pasted), work group aside
        for p in paragraphs[body_start:]:
            (prose.mechanism if _WORK_GROUP_WORDS.search(p) else prose.tasks).append(p)
        return prose
    task_named = any(s == "tasks" for _, s in named)
    prose.tasks_named = task_named
    current = prose.intro
    for i, p in enumerate(paragraphs[body_start:], start=body_start):
        hit = next((s for j, s in named if j == i), "no")
        if hit != "no":
            if hit is None and not task_named:
                current = prose.tasks  # a task group of a 工作要点: the heading is a task
                current.append(p)
                continue
            current = {"goals": prose.goals, "mechanism": prose.mechanism,
                       "tasks": prose.tasks}.get(hit or "", prose.other)
            _, rest = heading_kind(p)
            after = rest.split("。", 1)[1] if "。" in rest[:30] else ""
            if after:
                current.append(after)
            continue
        current.append(p)
    if not prose.mechanism:
        prose.mechanism = [p for p in prose.other + prose.intro + prose.tasks
                           if _WORK_GROUP_WORDS.search(p)]
        prose.tasks = [p for p in prose.tasks if p not in prose.mechanism]
    return prose


# --- prose tasks --------------------------------------------------------------------------------------

class ProseTasks:
    """Paragraphs → task tree.  Headings open levels in the order the document uses them;
    label lines (牵头单位：…) after an item are its units; a unit marker on a heading, or a
    ``以上事项…`` line after a group, goes to the items under it that have none."""

    def __init__(self, year: int | None, warnings: list[str], source: str,
                 first_leads: bool = False, plain_items: bool = False) -> None:
        self.year = year
        self.warnings = warnings
        self.source = source
        self.first_leads = first_leads
        # unnumbered sentences in a section named for tasks are its work items, unless the
        # section turns out to have numbered headings (then they were its lead-in)
        self.plain_items = plain_items
        self.loose: list[TaskDraft] = []
        self.opened = False                   # a numbered heading was seen
        self.plain_nodes: set[int] = set()    # group headings whose content is one sentence
        self.plain_groups: set[int] = set()   # groups whose items are all such sentences
        self.roots: list[TaskDraft] = []
        self.stack: list[tuple[str, TaskDraft]] = []
        self.items: dict[int, TaskDraft] = {}  # nodes that are work items themselves (by id;
        #                                        held here so that no id is reused)
        self.scoped: dict[int, TaskDraft] = {}  # headings written with a unit marker
        self.last: TaskDraft | None = None    # what a label line after it belongs to
        self.labels: list[str] = []           # label lines read for ``last``

    def _apply(self, node: TaskDraft, reading: Reading, replace: bool = True) -> None:
        if reading.has_units and (replace or not node.lead_units):
            node.lead_units, node.responsible_units = list(reading.lead), list(reading.responsible)
        node.responsible_leaders += [p for p in reading.leaders
                                     if p not in node.responsible_leaders]
        if reading.deadline_text:
            node.deadline, node.deadline_text = parse_deadline(reading.deadline_text, self.year)

    def _new_item(self, seg: Segment) -> TaskDraft:
        item = TaskDraft(content=seg.content)
        self._apply(item, seg.reading)
        self.items[id(item)] = item
        self._set_last(item)
        return item

    def _set_last(self, node: TaskDraft) -> None:
        self.last, self.labels = node, []

    def _add_body(self, node: TaskDraft | None, body: str, top_level: bool) -> None:
        lead_in, segments = split_items(body, self.first_leads)
        if node is None:
            if lead_in and not segments and self.plain_items and _stands_alone(lead_in):
                item = self._new_item(Segment(_finish_sentence(lead_in), Reading(), False))
                self.roots.append(item)
                self.loose.append(item)
            elif lead_in:
                self._skip_lead_in(lead_in)
            self.roots += [self._new_item(seg) for seg in segments]
            return
        if lead_in and not segments and top_level and self._plain_item(node, lead_in):
            return
        if lead_in:
            node.content += lead_in
        if not segments:
            return
        if (not top_level and len(segments) == 1 and not node.children
                and id(node) not in self.items):
            item = self._new_item(segments[0])
            node.content = (node.content + item.content) if node.content else item.content
            if item.lead_units:
                node.lead_units, node.responsible_units = item.lead_units, item.responsible_units
            node.responsible_leaders += item.responsible_leaders
            node.deadline, node.deadline_text = item.deadline, item.deadline_text
            self.items[id(node)] = node
            self._set_last(node)
            return
        if id(node) in self.items and not node.children:
            # the node was an item itself; now it has several: its own text becomes the first
            first = TaskDraft(content=node.content, lead_units=node.lead_units,
                              responsible_units=node.responsible_units, deadline=node.deadline,
                              deadline_text=node.deadline_text,
                              responsible_leaders=node.responsible_leaders)
            node.content, node.lead_units, node.responsible_units = "", [], []
            node.deadline, node.deadline_text, node.responsible_leaders = None, "", []
            node.children.append(first)
            self.items[id(first)] = first
        self.plain_groups.discard(id(node))
        node.children += [self._new_item(s) for s in segments]

    def _skip_lead_in(self, text: str) -> None:
        self.warnings.append(f"{self.source}：任务部分开头的一段文字没有标题，已略过："
                             f"“{text[:20]}…”")

    def _plain_item(self, group: TaskDraft, text: str) -> bool:
        """An unnumbered sentence under a group heading (二、做强文旅品牌): the first is the
        group's text; a second makes each of them a work item of the group, as does one after
        the group's items.  False: the sentence is the group's text after all."""
        if not _stands_alone(text) or id(group) in self.items:
            return False
        if not group.children and not group.content:
            group.content = text
            self.plain_nodes.add(id(group))
            return True
        if not group.children and id(group) in self.plain_nodes:
            first = TaskDraft(content=_finish_sentence(group.content))
            if id(group) not in self.scoped:   # label lines after the first sentence are its own
                first.lead_units, first.responsible_units = group.lead_units, group.responsible_units
                first.responsible_leaders = group.responsible_leaders
                first.deadline, first.deadline_text = group.deadline, group.deadline_text
                group.lead_units, group.responsible_units, group.responsible_leaders = [], [], []
                group.deadline, group.deadline_text = None, ""
            group.content = ""
            self.plain_nodes.discard(id(group))
            self.items[id(first)] = first
            group.children.append(first)
            self.plain_groups.add(id(group))
        elif not group.children or group.children[-1].children:
            return False  # (the group's items are leaves: a sub-heading would hold the text)
        group.children.append(self._new_item(Segment(_finish_sentence(text), Reading(), False)))
        return True

    def _fold_plain(self, group: TaskDraft) -> None:
        """Numbered items follow a group's unnumbered sentences: those were the group's text
        (unless units were written for them)."""
        self.plain_groups.discard(id(group))
        kids = group.children
        if any(c.lead_units or c.responsible_units or c.responsible_leaders or c.deadline_text
               for c in kids):
            return
        group.content = "".join(c.content for c in kids)
        group.children = []
        for c in kids:
            self.items.pop(id(c), None)

    def _label(self, role: str, reading: Reading, line: str) -> None:
        if role == "scope":
            group = next((n for _, n in reversed(self.stack) if n.children), None)
            leaves = [t for top in ([group] if group else self.roots) for t in top.walk()
                      if not t.children]
            for leaf in leaves:
                self._apply(leaf, reading, replace=False)
            return
        if self.last is None:
            self.warnings.append(f"{self.source}：“{line[:20]}”前面没有工作任务，已略过。")
            return
        self.labels.append(line)
        self._apply(self.last, read_units("\n".join(self.labels), first_leads=self.first_leads))

    def feed(self, paragraph: str) -> None:
        label = label_line(paragraph)
        if label:
            self._label(*label, paragraph)
            return
        cut = inline_labels_at(paragraph)
        if cut is not None:  # 1.开展体检。牵头单位：…；责任领导：… — the labels of that item
            self.feed(paragraph[:cut])
            self.feed(paragraph[cut:])
            return
        head = heading_kind(paragraph)
        if head is None:
            node = self.stack[-1][1] if self.stack else None
            self._add_body(node, paragraph, top_level=self._is_category(node))
            return
        kind, rest = head
        self.opened = True
        while self.stack and kind in [k for k, _ in self.stack]:
            popped = self.stack.pop()
            if popped[0] == kind:
                break
        node = TaskDraft()
        parent = self.stack[-1][1] if self.stack else None
        if parent is not None and id(parent) in self.plain_groups:
            self._fold_plain(parent)
        (parent.children if parent else self.roots).append(node)
        self.stack.append((kind, node))
        self._set_last(node)
        title, body = rest, ""
        cut = rest.find("。")
        markers = find_markers(rest, self.first_leads)
        tail = rest.rstrip("。；; ")
        ordinal = _first_ordinal(rest)
        if ordinal is not None and (cut < 0 or ordinal < cut) and \
                (not markers or ordinal < markers[0].start):
            # 5.实施梯度培育行动，一是…；二是…（…牵头）: the items of this heading
            head = rest[:ordinal]
            title, body = (head, rest[ordinal:]) if len(head) <= 40 else ("", rest)
        elif len(markers) == 1 and markers[0].end >= len(tail) and \
                not re.search(r"[，。；,;]", rest[:markers[0].start]) and markers[0].start <= 30:
            # 提升政务服务效能（县行政审批局牵头）: the heading's units, for the items under it
            title = rest[:markers[0].start]
            self._apply(node, markers[0].reading)
            self.scoped[id(node)] = node
        elif 0 <= cut <= 60 and (not markers or markers[0].start > cut):
            title, body = rest[:cut], rest[cut + 1:]
        elif markers and len(rest) <= 80:
            title, body = "", rest
        elif len(rest) > 60:
            title, body = "", rest
        node.title = strip_end(title)
        if body.strip():
            self._add_body(node, body, top_level=self._is_category(node))

    def _is_category(self, node: TaskDraft | None) -> bool:
        """A top heading numbered 一、 or （一） keeps its work items as children; a numbered
        task (1. …) with a single marker is itself the work item."""
        return bool(self.stack) and self.stack[0][1] is node and self.stack[0][0] in CATEGORY_KINDS

    def finish(self) -> list[TaskDraft]:
        """Units on a heading go down to the items under it that have none (inner first)."""
        def down(node: TaskDraft) -> None:
            for child in node.children:
                down(child)
            if id(node) in self.scoped and not node.children:
                # 建成污水处理站8座（县生态环境局牵头）。 was an item, not a heading
                node.content, node.title = _finish_sentence(node.title), ""
            if not node.children and not node.deadline_text:
                # 2027年5月竣工, 年底前完成 … written in the item itself
                node.deadline, node.deadline_text = prose_deadline(node.title + node.content,
                                                                   self.year)
            if node.children and (node.lead_units or node.responsible_leaders):
                reading = Reading(node.lead_units, node.responsible_units,
                                  node.responsible_leaders)
                for leaf in node.walk():
                    if not leaf.children and leaf is not node:
                        self._apply(leaf, reading, replace=False)
                node.lead_units, node.responsible_units, node.responsible_leaders = [], [], []
        if self.opened and self.loose:  # numbered headings follow: the sentences were a lead-in
            dropped = {id(t) for t in self.loose}
            self.roots = [t for t in self.roots if id(t) not in dropped]
            for t in self.loose:
                self._skip_lead_in(t.content)
        for root in self.roots:
            down(root)
        return self.roots


def _stands_alone(text: str) -> bool:
    """A sentence that can be a work item: not a lead-in to what follows (…以下工作：)."""
    text = text.strip()
    return len(text) >= 6 and text[-1] not in "：:"


def prose_tasks(paragraphs: list[str], year: int | None, warnings: list[str],
                source: str, first_leads: bool = False,
                plain_items: bool = False) -> list[TaskDraft]:
    reader = ProseTasks(year, warnings, source, first_leads, plain_items)
    for p in paragraphs:
        reader.feed(p)
    return reader.finish()


# --- a table extracted as text ---------------------------------------------------------------------

def text_table_start(lines: list[str]) -> int | None:
    """Index of the first header line of a tab-led (one cell per line) or tab-separated table."""
    for i, raw in enumerate(lines):
        if raw.startswith("\t") and header_role(raw.strip()):
            cells = [ln.strip() for ln in lines[i:i + 12] if ln.startswith("\t")]
            roles = [header_role(c) for c in cells[:8]]
            row = [Cell(c) for c, r in zip(cells, roles) if r]
            # the header cells up to the first blank line, named or not (民生工程)
            block = [Cell(ln.strip()) for ln in _until_blank(lines[i:i + 13])]
            if header_roles(row) or header_roles(block):
                return i
        if raw.count("\t") >= 2 and header_roles([Cell(c) for c in raw.split("\t")]):
            return i
    return None


def _until_blank(lines: list[str]) -> list[str]:
    out = []
    for ln in lines:
        if not ln.strip():
            break
        out.append(ln)
    return out


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
    if any(before for _, before in cells[1:13]):  # rows apart by blank lines: all of the first
        for k, (text, before) in enumerate(cells[:12]):
            if k and before:
                break
            header.append(text.strip())
    else:
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
