"""How a plan says who does a task: one unit tokenizer and one role grammar for every reader.

The label lines (``牵头单位：县工信局``), bracketed markers (``（县卫健局牵头，县医保局等按职能
分工负责）``), table cells (``县发改局*、县财政局``) and text tables all go through
``read_units``: the text is cut into runs of names, each name loses the tails that are no part
of it (``等部门`` ``按职能分工负责``), and the role words close a run — ``县商务局牵头,县发改局、
县交通运输局等部门,县城投公司配合`` makes the words before ``配合`` responsible, back to the
previous role word.  Then the roles are settled once:

- an explicit lead wins (``X牵头``, ``牵头单位：X``, ``X*``, ``分别牵头``);
- otherwise a stated rule (``列第一位的为牵头单位``) makes the first unit lead;
- otherwise 责任单位 lead and 配合单位 are responsible (无牵头单位的，责任单位即为牵头单位).

People (``王某某``, ``王某某（副县长）``, ``县政府分管副县长``) are never units: they go to the
item's responsible leaders.  Copies in traditional characters read the same way: matching is
done on a simplified shadow of the text (same length), names are cut from the text as written.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

# --- traditional characters: a same-length shadow for matching ------------------------------------

_TRAD = ("牽牵頭头負负責责單单縣县職职務务區区門门協协辦办參参與与實实領领導导組组長长員员設设"
         "時时間间內内進进業业農农財财發发開开關关為为個个項项點点機机構构標标準准計计劃划報报"
         "鄉乡鎮镇場场監监體体經经濟济環环護护資资產产後后會会動动級级優优營营規规範范權权線线"
         "車车運运輸输電电網网數数據据術术學学醫医療疗藥药稅税檢检處处廣广視视圖图書书館馆鐵铁"
         "園园億亿萬万畝亩廠厂號号創创紀纪傳传統统審审應应對对歸归屬属聯联絡络隊队輔辅僅仅並并"
         "衛卫備备執执達达現现這这還还將将該该爲为於于獎奖勵励築筑態态務务鄰邻兒儿")
TRAD_TO_SIMPLE = str.maketrans(_TRAD[0::2], _TRAD[1::2])


def shadow(text: str) -> str:
    """The text in simplified characters, character for character (positions stay)."""
    return text.translate(TRAD_TO_SIMPLE)


# --- what a unit name and a person look like -------------------------------------------------------

BRACKETS = {"（": "）", "(": ")", "〔": "〕", "【": "】", "[": "]", "［": "］"}
OPENERS, CLOSERS = "".join(BRACKETS), "".join(BRACKETS.values())
SEPARATORS = "、，,；;\n/／"
_UNIT_END = re.compile(
    r"(?:局|委|办|院|府|政府|中心|部|会|司|行|所|站|处|馆|社|厂|室|科|区|园|街道|"
    r"办事处|乡镇|镇|乡|村|协|联|署|厅|校|公司|集团|单位|部门|机构|分局|支行|管委会|"
    r"事务中心|片区|企业|医院|银行|法院|检察院|联社|总站|大队|中队|支队|处室|工作组|领导小组)$")
_COLLECTIVE = re.compile(r"^(?:县直|市直|区直)?各|各有关|有关(?:单位|部门)|相关(?:单位|部门)|成员单位")
_TITLE_WORDS = r"(?:县长|副县长|书记|副书记|主任|副主任|部长|副部长|局长|主席|秘书长|常委|区长|市长|" \
               r"镇长|乡长|组长|指挥长|领导|同志)"
_PERSON = re.compile(rf"某|[（(][^（()）]*{_TITLE_WORDS}[）)]$|{_TITLE_WORDS}$")


def looks_like_unit(name: str) -> bool:
    core = re.sub(r"[（(][^（()）]*[）)]$", "", shadow(name)) or shadow(name)
    return bool(_UNIT_END.search(core) or _COLLECTIVE.search(core))


def looks_like_person(name: str) -> bool:
    """王某某, 王某某（副县长）, 县政府分管副县长: a person, not a unit."""
    return bool(_PERSON.search(shadow(name)))


# --- role words -------------------------------------------------------------------------------------

LEAD, GENERIC, ASSIST, LEADER, DEADLINE = "lead", "generic", "assist", "leader", "deadline"
# labels written before a list: 牵头单位：… (longest first, matched on the shadow)
LABELS = (
    (LEAD, r"牵头责任单位|牵头单位|牵头部门|主责单位|主办单位|责任牵头单位|牵头"),
    (ASSIST, r"协同责任单位|配合单位|配合部门|协办单位|参与单位|协同单位|协作单位|协助单位|配合"),
    (GENERIC, r"责任单位|责任部门|主体责任单位|实施单位|承办单位|责任主体|责任"),
    (LEADER, r"牵头县领导|牵头市领导|责任县领导|县级责任领导|责任领导|联系领导|分管领导|"
             r"牵头领导|县级领导|包联领导|领导"),
    (DEADLINE, r"完成时限|完成时间|时间节点|时限要求|时间要求|时限|进度安排"),
)
_LABEL = re.compile("^(?:" + "|".join(f"(?P<{role}>{words})" for role, words in LABELS)
                    + r")\s*[:：]\s*")
# what closes a run of names, at its end (on the shadow)
_TAIL_WORDS = (r"(?:等(?:有关|相关)?(?:单位|部门|地区)?)?"
               r"(?:按照?职[责能](?:分工)?|按职责|按照职责分工|根据职责|依职责|分工)?"
               r"(?:分别|共同|协同|具体)?")
_RUN_END = re.compile(
    rf"{_TAIL_WORDS}(?P<role>牵头(?:负责|落实|推进|抓总)?|负责(?:落实|推进)?|配合|参与|落实|协助|"
    rf"协同|承办|实施|推进)?$")
_DEADLINE_WORDS = re.compile(r"\d{4}\s*年|\d{1,2}\s*月|年底|年末|季度|上半年|下半年|长期|持续|每[年季月周]")


@dataclass
class Reading:
    """What one marker or label line says."""

    lead: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)
    leaders: list[str] = field(default_factory=list)
    deadline_text: str = ""

    @property
    def has_units(self) -> bool:
        return bool(self.lead or self.responsible)

    def copy(self) -> Reading:
        return Reading(list(self.lead), list(self.responsible), list(self.leaders),
                       self.deadline_text)

    def merge(self, other: Reading) -> None:
        for mine, theirs in ((self.lead, other.lead), (self.responsible, other.responsible),
                             (self.leaders, other.leaders)):
            mine += [n for n in theirs if n not in mine]
        self.responsible[:] = [n for n in self.responsible if n not in self.lead]
        self.deadline_text = self.deadline_text or other.deadline_text


_ADMIN_PIECE = re.compile(r"^[县市区旗](?:人民政府|政府)?$")


def split_top(text: str, separators: str = SEPARATORS) -> list[str]:
    """Cut at separators outside brackets (``县政府办（金融办）、高新区`` is two pieces); a
    collective written with 、 stays one: ``各县、市、区政府``."""
    parts = _split_top(text, separators)
    out: list[str] = []
    for part in parts:
        last = out[-1].strip() if out else ""
        if last.startswith("各") and last[-1] in "县市区旗" and _ADMIN_PIECE.match(part.strip()):
            out[-1] = out[-1] + "、" + part
        else:
            out.append(part)
    return out


def _split_top(text: str, separators: str) -> list[str]:
    parts: list[str] = []
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch in OPENERS:
            depth += 1
        elif ch in CLOSERS:
            depth = max(0, depth - 1)
        elif depth == 0 and ch in separators:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


_AND = re.compile(r"以及|和|及|与")


def _split_and(piece: str) -> list[str]:
    """``县财政局和县税务局`` → two; ``县人力资源和社会保障局`` stays one (和 inside a name)."""
    s = shadow(piece)
    out, start = [], 0
    for m in _AND.finditer(s):
        left, right = s[start:m.start()], s[m.end():]
        right = clean_piece(right)[0] if right else ""   # 县教育局配合: its tail is no part
        if looks_like_unit(left) and right and (looks_like_unit(right) or _AND.search(right)):
            out.append(piece[start:m.start()])
            start = m.end()
    out.append(piece[start:])
    return out


def clean_piece(piece: str) -> tuple[str, str | None, bool]:
    """A piece of a list → (name as written, role word that closes it, star mark)."""
    piece = re.sub(r"\s+", "", piece.replace("**", ""))
    star = False
    if piece[-1:] in "*★☆＊":
        piece, star = piece.rstrip("*★☆＊"), True
    s = shadow(piece)
    m = _RUN_END.search(s)
    role = None
    if m and m.start() > 0:
        role = m.group("role")
        piece, s = piece[:m.start()], s[:m.start()]
        if "分别" in m.group(0) and role is None:
            role = "分别"
        if "分别" in m.group(0) and role and role.startswith("牵头"):
            role = "分别牵头"
    if piece[-1:] in "*★☆＊":
        piece, star = piece.rstrip("*★☆＊"), True
    piece = piece.strip("。.：:“”\"'")
    return piece, role, star


def read_units(text: str, default: str = GENERIC, first_leads: bool = False) -> Reading:
    """A unit list or a whole marker → roles settled (see the module's rules)."""
    runs: list[tuple[str, str, bool]] = []   # (name, role, star)
    leaders: list[str] = []
    deadline = ""
    pending: list[tuple[str, bool]] = []
    label_role = default

    def close(role: str) -> None:
        nonlocal pending
        runs.extend((n, role, st) for n, st in pending)
        pending = []

    for clause in split_top(text, "；;\n"):
        clause = clause.strip()
        if not clause:
            continue
        m = _LABEL.match(shadow(clause))
        if m:
            close(label_role)
            label_role = next(r for r, _ in LABELS if m.group(r))
            clause = clause[m.end():]
            if label_role == DEADLINE:
                deadline = clause.strip().rstrip("。；;")
                label_role = default
                continue
            if label_role == LEADER:
                leaders += [p for p in (clean_piece(x)[0] for x in split_top(clause)) if p]
                label_role = default
                continue
        for raw in split_top(clause):
            for piece in _split_and(raw):
                name, role, star = clean_piece(piece)
                if not name or name in ("无", "/", "-", "—", "各", "等", "暂无"):
                    if role:
                        close(_role_of(role, label_role))
                    continue
                if _DEADLINE_WORDS.search(shadow(name)) and not looks_like_unit(name):
                    deadline = deadline or name
                    continue
                if looks_like_person(name):
                    leaders.append(name)
                    continue
                pending.append((name, star))
                if role:
                    close(_role_of(role, label_role))
        close(label_role)
        label_role = default if not m else label_role
    return settle(runs, leaders, deadline, first_leads)


def _role_of(word: str, label_role: str) -> str:
    if word.startswith("分别牵头") or word.startswith("牵头"):
        return LEAD
    if word in ("配合", "参与", "协助", "协同"):
        return ASSIST
    return GENERIC if label_role in (GENERIC, LEAD) else label_role


def settle(runs: list[tuple[str, str, bool]], leaders: list[str], deadline: str,
           first_leads: bool = False) -> Reading:
    out = Reading(leaders=_unique(leaders), deadline_text=deadline)
    names = _unique([n for n, _, _ in runs])
    explicit = _unique([n for n, role, star in runs if role == LEAD or star])
    if explicit:
        out.lead = explicit
    elif first_leads and names:
        out.lead = names[:1]
    else:
        generic = _unique([n for n, role, _ in runs if role == GENERIC])
        out.lead = generic or names
    out.responsible = [n for n in names if n not in out.lead]
    return out


def _unique(names: list[str]) -> list[str]:
    out: list[str] = []
    for n in names:
        if n and n not in out:
            out.append(n)
    return out


def split_units(text: str) -> list[str]:
    """The names of a plain list, as written, in order, without repeats or tails."""
    names: list[str] = []
    for raw in split_top(text or ""):
        for piece in _split_and(raw):
            name = clean_piece(piece)[0] if piece.strip() else ""
            m = _LABEL.match(shadow(name))
            if m:
                name = name[m.end():]
            if name and name not in ("无", "/", "-", "—", "各", "等", "暂无") and name not in names:
                names.append(name)
    return names


def is_marker(inner: str, first_leads: bool = False) -> Reading | None:
    """Is the text inside a bracket a unit marker?  Its reading, or None for other brackets
    (``（含县城）``, ``（2027—2029年）``)."""
    inner = inner.strip()
    if not inner or len(inner) > 240:
        return None
    s = shadow(inner)
    has_role_word = bool(_LABEL.match(s) or re.search(r"牵头|负责|配合|参与|落实|协助|单位[:：]", s)
                         or re.search(r"[*★＊]", s))
    reading = read_units(inner, first_leads=first_leads)
    names = reading.lead + reading.responsible
    if not names and not reading.leaders:
        return None
    if any(len(n) > 30 for n in names):
        return None
    if not has_role_word and not all(looks_like_unit(n) and len(n) >= 3 for n in names):
        return None
    if not has_role_word and reading.leaders and not names:
        return None
    return reading


@dataclass
class Marker:
    start: int
    end: int
    reading: Reading


def find_markers(text: str, first_leads: bool = False) -> list[Marker]:
    """Top-level bracketed unit markers in a paragraph, in order."""
    markers: list[Marker] = []
    stack: list[tuple[int, str]] = []
    for i, ch in enumerate(text):
        if ch in BRACKETS:
            stack.append((i, ch))
        elif ch in CLOSERS and stack:
            start, opener = stack.pop()
            if stack:
                continue  # a bracket inside a name: 县政府办（金融办）
            reading = is_marker(text[start + 1:i], first_leads)
            if reading is not None:
                markers.append(Marker(start, i + 1, reading))
    return markers


# --- whole lines: 牵头单位：… on its own line ----------------------------------------------------------

_SCOPE = re.compile(r"^(?:以上|上述)(?:\d+|[一二三四五六七八九十]+)?(?:项|条)?(?:事项|任务|工作|内容)?"
                    r"(?:的)?[，,]?(?:均由)?")


def label_line(line: str) -> tuple[str, Reading] | None:
    """``牵头单位：县工信局`` → (role, reading); ``以上事项责任单位：…`` → ("scope", reading)."""
    text = line.strip()
    s = shadow(text)
    scope = _SCOPE.match(s)
    if scope and scope.end() > 0:
        rest = text[scope.end():]
        m = _LABEL.match(shadow(rest))
        if m and not m.group(DEADLINE):
            return "scope", read_units(rest)
        if re.search(r"牵头|负责", shadow(rest)) and len(rest) <= 120:
            reading = read_units(rest.rstrip("。"))
            if reading.has_units:
                return "scope", reading
        return None
    m = _LABEL.match(s)
    if not m or len(text) > 300:
        return None
    role = next(r for r, _ in LABELS if m.group(r))
    if role in (LEAD, GENERIC, ASSIST) and not text[m.end():].strip():
        return None
    return role, read_units(text.rstrip("。"))


_LONG_LABELS = "|".join(w for _, words in LABELS for w in words.split("|")
                        if w not in ("牵头", "配合", "责任", "领导"))
_INLINE_LABEL = re.compile(rf"(?<=[。；;，,])\s*(?:{_LONG_LABELS})\s*[:：]")


def inline_labels_at(text: str) -> int | None:
    """Where label lines written on at the end of an item's own paragraph begin:
    ``开展体检2万人次。牵头单位：县卫健局；责任领导：李某某`` → the index of 牵头单位.  Not
    inside brackets (a bracketed marker is read as one), and not at the start (that is a
    label line)."""
    s = shadow(text)
    depth, counted = 0, 0   # bracket depth at ``counted``, carried on (linear)
    for m in _INLINE_LABEL.finditer(s):
        at = m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
        for ch in s[counted:at]:
            if ch in BRACKETS:
                depth += 1
            elif ch in CLOSERS and depth:  # 1） 2） close nothing
                depth -= 1
        counted = at
        if depth <= 0 and len(s[:at].strip()) >= 4:
            return at
    return None


# --- stated rules ------------------------------------------------------------------------------------

_FIRST_RULE = re.compile(r"(?:列|排|写|位)?(?:在)?(?:第一位|首位|第一个|最前面?|前面|第一)的?(?:单位|部门)?"
                         r"(?:为|是|系)(?:牵头|主责)(?:单位|部门)")


def states_first_leads(text: str) -> bool:
    return bool(_FIRST_RULE.search(shadow(text)))
