"""Word's automatic list numbering, worked out the way Word shows it.

A heading such as 一、工作目标 numbered by Word's list feature has no 一、 in its runs: the
paragraph's ``w:pPr/w:numPr`` (or its paragraph style's, inherited through ``w:basedOn``) names
a list (``w:numId``) and a level (``w:ilvl``).  ``word/numbering.xml`` maps the list
(``w:num``) to an abstract definition (``w:abstractNum``) whose ``w:lvl`` gives the start
value, the number format (decimal, chineseCounting, ideographTraditional …) and the text around
the number (``%1、``, ``（%1）``, ``%1.%2``).

``ListNumbering.label(p)`` is called once for every paragraph in document order (body and table
cells alike, as Word counts them) and returns what Word shows in front of it.  Counting follows
Word: lists that share an abstract definition and override nothing continue one count; a list
with ``w:lvlOverride`` (how Word writes "restart at 1") counts on its own, from its
``w:startOverride``; a level starts again when a higher level advances, unless its
``w:lvlRestart`` says otherwise.

Nothing here raises: a missing or unreadable part, an unknown format, a list or level that is
not defined leave the paragraph unnumbered (or decimal, for an unknown format) and add one
warning for the clerk to ``warnings``.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, replace

from defusedxml import ElementTree as SafeET

from db.numbering import CIRCLED, DIGITS, chinese_number

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

MAX_LEVEL = 8                # Word's levels are 0 … 8
MAX_VALUE = 10 ** 6          # start values beyond this are nonsense; shown as written
_PLACEHOLDER = re.compile(r"%([1-9])")


@dataclass(frozen=True)
class Level:
    """One ``w:lvl``: how a list level counts and what it shows."""

    start: int = 1
    num_format: str = "decimal"
    text: str = ""                 # w:lvlText, e.g. "（%1）"
    restart_after: int | None = None  # w:lvlRestart (1-based level; 0 = never); None = default
    legal: bool = False            # w:isLgl: every number shown in decimal
    suffix: str = "\t"             # w:suff: tab (default), space or nothing
    style: str = ""                # w:pStyle: the paragraph style tied to this level


@dataclass(frozen=True)
class ListLabel:
    """What Word shows in front of a numbered paragraph."""

    text: str          # "一、", "（1）", "1.2", or a bullet "•"
    suffix: str        # "\t", " " or ""
    bullet: bool = False


@dataclass(frozen=True)
class _List:
    counter_key: tuple
    levels: dict[int, Level]


@dataclass(frozen=True)
class _Style:
    based_on: str | None
    num_id: str | None
    level: str | None


# --- number formats ----------------------------------------------------------------------------

_FULL_WIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")
_LEGAL_SIMPLIFIED = str.maketrans("一二三四五六七八九十百", "壹贰叁肆伍陆柒捌玖拾佰")
_LEGAL_TRADITIONAL = str.maketrans("一二三四五六七八九十百", "壹貳參肆伍陸柒捌玖拾佰")
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def _in(sequence: str, n: int) -> str:
    """The n-th (1-based) of a fixed sequence, or the plain number past its end (as Word does)."""
    return sequence[n - 1] if 1 <= n <= len(sequence) else str(n)


def _chinese(n: int) -> str:
    return "〇" if n == 0 else chinese_number(n)


def _letters(n: int) -> str:
    # Word: a … z, then aa … zz, aaa …
    if not 1 <= n <= 780:
        return str(n)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    if not 1 <= n <= 3999:
        return str(n)
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def _ordinal(n: int) -> str:
    tail = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{tail}"


NUMBER_FORMATS = {
    "decimal": str,
    "decimalHalfWidth": str,
    "decimalZero": lambda n: f"{n:02d}" if 0 <= n < 10 else str(n),
    "decimalFullWidth": lambda n: str(n).translate(_FULL_WIDTH),
    "decimalFullWidth2": lambda n: str(n).translate(_FULL_WIDTH),
    "decimalEnclosedCircle": lambda n: _in(CIRCLED, n),
    "decimalEnclosedCircleChinese": lambda n: _in(CIRCLED, n),
    "decimalEnclosedFullstop": lambda n: _in("".join(map(chr, range(0x2488, 0x249C))), n),
    "decimalEnclosedParen": lambda n: _in("".join(map(chr, range(0x2474, 0x2488))), n),
    "ideographEnclosedCircle": lambda n: _in("".join(map(chr, range(0x3220, 0x322A))), n),
    "chineseCounting": _chinese,
    "chineseCountingThousand": _chinese,
    "japaneseCounting": _chinese,
    "taiwaneseCounting": _chinese,
    "taiwaneseCountingThousand": _chinese,
    "chineseLegalSimplified": lambda n: _chinese(n).translate(_LEGAL_SIMPLIFIED),
    "ideographLegalTraditional": lambda n: _chinese(n).translate(_LEGAL_TRADITIONAL),
    "ideographDigital": lambda n: "".join(("〇" + DIGITS[1:])[int(d)] for d in str(n))
    if n >= 0 else str(n),
    "taiwaneseDigital": lambda n: "".join(("〇" + DIGITS[1:])[int(d)] for d in str(n))
    if n >= 0 else str(n),
    "ideographTraditional": lambda n: _in(_HEAVENLY_STEMS, n),
    "ideographZodiac": lambda n: _in(_EARTHLY_BRANCHES, n),
    "lowerLetter": _letters,
    "upperLetter": lambda n: _letters(n).upper(),
    "lowerRoman": _roman,
    "upperRoman": lambda n: _roman(n).upper(),
    "ordinal": _ordinal,
    "none": lambda n: "",
}


def format_value(n: int, num_format: str) -> str | None:
    """``n`` written in a Word number format, or None for a format not known here."""
    fn = NUMBER_FORMATS.get(num_format)
    return fn(n) if fn else None


# --- reading the parts ---------------------------------------------------------------------------

def _val(parent, name: str) -> str | None:
    child = parent.find(W + name) if parent is not None else None
    return None if child is None else child.get(W + "val")


def _int(text: str | None, low: int = -MAX_VALUE, high: int = MAX_VALUE) -> int | None:
    try:
        value = int(str(text).strip())
    except (TypeError, ValueError):
        return None
    return value if low <= value <= high else None


def _on(parent, name: str) -> bool:
    child = parent.find(W + name) if parent is not None else None
    if child is None:
        return False
    return child.get(W + "val", "true").lower() not in ("0", "false", "off")


def _number_format(lvl) -> str:
    """w:numFmt, or for Word 2010's custom formats (written inside mc:AlternateContent) the
    standard format Word writes as the fallback."""
    found = _val(lvl, "numFmt")
    if found is not None:
        return found
    for alternate in lvl.findall(MC + "AlternateContent"):
        for branch in (alternate.find(MC + "Fallback"), *alternate.findall(MC + "Choice")):
            found = _val(branch, "numFmt")
            if found is not None and found != "custom":
                return found
    return "decimal"


def _level(lvl, base: Level | None = None) -> Level:
    base = base or Level()
    start = _int(_val(lvl, "start"))
    restart = _int(_val(lvl, "lvlRestart"), 0, MAX_LEVEL + 1)
    text = _val(lvl, "lvlText")
    suffix = {"tab": "\t", "space": " ", "nothing": ""}.get(_val(lvl, "suff") or "tab", "\t")
    has_format = lvl.find(W + "numFmt") is not None or lvl.find(MC + "AlternateContent") is not None
    return Level(
        start=base.start if start is None else start,
        num_format=_number_format(lvl) if has_format else base.num_format,
        text=(text if text is not None else base.text)[:200],
        restart_after=restart if restart is not None else base.restart_after,
        legal=_on(lvl, "isLgl"),
        suffix=suffix,
        style=_val(lvl, "pStyle") or "",
    )


def _read_part(zf: zipfile.ZipFile, name: str):
    """The part's root element; None when the document has no such part."""
    try:
        zf.getinfo(name)
    except KeyError:
        return None
    with zf.open(name) as fh:
        return SafeET.parse(fh, forbid_dtd=True).getroot()


class ListNumbering:
    """Word's list numbering of one document; ``label(p)`` in document order."""

    def __init__(self, numbering_root=None, styles_root=None, *,
                 numbering_broken: bool = False, styles_broken: bool = False) -> None:
        self.warnings: list[str] = []
        self._numbering_missing = numbering_root is None
        self._numbering_broken = numbering_broken
        self._styles_broken = styles_broken
        self._abstracts: dict[str, object] = {}
        self._nums: dict[str, object] = {}
        self._styles: dict[str, _Style] = {}
        self._default_style: str | None = None
        self._lists: dict[str, _List | None] = {}
        self._counters: dict[tuple, dict[int, int]] = {}
        if numbering_root is not None:
            for el in numbering_root.findall(W + "abstractNum"):
                self._abstracts.setdefault(el.get(W + "abstractNumId", ""), el)
            for el in numbering_root.findall(W + "num"):
                self._nums.setdefault(el.get(W + "numId", ""), el)
        if styles_root is not None:
            for el in styles_root.findall(W + "style"):
                # paragraph styles, and the numbering styles that w:numStyleLink names
                if el.get(W + "type", "paragraph") not in ("paragraph", "numbering"):
                    continue
                style_id = el.get(W + "styleId", "")
                ppr = el.find(W + "pPr")
                numpr = ppr.find(W + "numPr") if ppr is not None else None
                self._styles.setdefault(style_id, _Style(_val(el, "basedOn"),
                                                         _val(numpr, "numId"),
                                                         _val(numpr, "ilvl")))
                if el.get(W + "default") in ("1", "true", "on"):
                    self._default_style = self._default_style or style_id

    @classmethod
    def from_zip(cls, zf: zipfile.ZipFile) -> ListNumbering:
        """Read numbering.xml and styles.xml; an unreadable part is remembered, not raised."""
        parts = {}
        broken = set()
        for name in ("word/numbering.xml", "word/styles.xml"):
            try:
                parts[name] = _read_part(zf, name)
            except Exception:  # noqa: BLE001 - any fault in these parts only loses numbering
                parts[name] = None
                broken.add(name)
        numbering = cls(parts["word/numbering.xml"], parts["word/styles.xml"],
                        numbering_broken="word/numbering.xml" in broken,
                        styles_broken="word/styles.xml" in broken)
        if numbering._styles_broken and numbering._nums:
            numbering._warn("文档的样式定义（styles.xml）已损坏，样式中的自动编号已忽略。")
        return numbering

    # ------------------------------------------------------------------------------------------
    def _warn(self, text: str) -> None:
        if text not in self.warnings:
            self.warnings.append(text)

    def _style_numbering(self, style_id: str | None) -> tuple[str | None, str | None]:
        """(numId, ilvl) a paragraph style gives, following w:basedOn."""
        num_id = level = None
        seen: set[str] = set()
        while style_id and style_id not in seen and len(seen) < 30:
            seen.add(style_id)
            style = self._styles.get(style_id)
            if style is None:
                break
            num_id = style.num_id if num_id is None else num_id
            level = style.level if level is None else level
            style_id = style.based_on
        return num_id, level

    def _abstract_of(self, num_id: str) -> tuple[str, object] | None:
        """The abstract definition of a list, following w:numStyleLink to its numbering style."""
        seen: set[str] = set()
        while num_id not in seen and len(seen) < 10:
            seen.add(num_id)
            num = self._nums.get(num_id)
            if num is None:
                return None
            abstract_id = _val(num, "abstractNumId")
            abstract = self._abstracts.get(abstract_id or "")
            if abstract is None:
                return None
            link = _val(abstract, "numStyleLink")
            if not link:
                return abstract_id, abstract
            linked, _ = self._style_numbering(link)
            if linked is None:
                return None
            num_id = linked
        return None

    def _list(self, num_id: str) -> _List | None:
        if num_id in self._lists:
            return self._lists[num_id]
        found = self._abstract_of(num_id)
        if found is None:
            self._lists[num_id] = None
            self._warn(f"自动编号引用的编号列表（{num_id[:20]}）没有定义，这些段落未加编号。")
            return None
        abstract_id, abstract = found
        levels: dict[int, Level] = {}
        for lvl in abstract.findall(W + "lvl"):
            index = _int(lvl.get(W + "ilvl"), 0, MAX_LEVEL)
            if index is not None and index not in levels:
                levels[index] = _level(lvl)
        overridden = False
        for override in self._nums[num_id].findall(W + "lvlOverride"):
            index = _int(override.get(W + "ilvl"), 0, MAX_LEVEL)
            if index is None:
                continue
            lvl = override.find(W + "lvl")
            if lvl is not None:
                levels[index] = _level(lvl, levels.get(index))
                overridden = True
            start = _int(_val(override, "startOverride"))
            if start is not None:
                levels[index] = replace(levels.get(index, Level()), start=start)
                overridden = True
        # lists sharing one definition continue one count unless they override it
        key = ("num", num_id) if overridden else ("abstract", abstract_id)
        self._lists[num_id] = _List(key, levels)
        return self._lists[num_id]

    def _reference(self, p) -> tuple[str, int] | None:
        """(numId, level) of a paragraph, from its own w:numPr or its style's."""
        ppr = p.find(W + "pPr")
        numpr = ppr.find(W + "numPr") if ppr is not None else None
        own_num, own_level = _val(numpr, "numId"), _val(numpr, "ilvl")
        style_id = _val(ppr, "pStyle") or self._default_style
        if own_num is not None:
            num_id, level, from_style = own_num, own_level, False
        else:
            num_id, style_level = self._style_numbering(style_id)
            level, from_style = own_level if own_level is not None else style_level, True
        if num_id is None or num_id.strip() in ("", "0"):
            return None  # numId 0 switches a style's numbering off
        num_id = num_id.strip()
        if self._numbering_missing:
            self._warn("文档的自动编号定义（numbering.xml）已损坏，"
                       "标题前的一、（一）1. 等自动编号未能读出。"
                       if self._numbering_broken else
                       "文档使用了 Word 自动编号，但缺少编号定义（numbering.xml），"
                       "标题前的一、（一）1. 等自动编号未能读出。")
            return None
        if level is None:
            index = 0
            if from_style:  # a heading style tied to a level by that level's w:pStyle
                listed = self._list(num_id)
                tied = [i for i, lv in (listed.levels.items() if listed else ())
                        if lv.style and lv.style == style_id]
                index = tied[0] if tied else 0
            return num_id, index
        index = _int(level, 0, MAX_LEVEL)
        if index is None:
            self._warn(f"自动编号的级别“{level[:20]}”超出范围（应为 0–8），这些段落未加编号。")
            return None
        return num_id, index

    def label(self, p) -> ListLabel | None:
        """What Word shows in front of paragraph ``p`` (call in document order), or None."""
        reference = self._reference(p)
        if reference is None:
            return None
        num_id, index = reference
        listed = self._list(num_id)
        if listed is None:
            return None
        level = listed.levels.get(index)
        if level is None:
            self._warn(f"编号列表（{num_id[:20]}）没有第 {index + 1} 级的定义，这些段落未加编号。")
            return None
        counters = self._counters.setdefault(listed.counter_key, {})
        counters[index] = level.start if index not in counters else counters[index] + 1
        for deeper in [k for k in counters if k > index]:
            lower = listed.levels.get(deeper)
            limit = deeper if lower is None or lower.restart_after is None \
                else lower.restart_after
            if index < limit:  # a higher level advanced: this one starts again
                del counters[deeper]
        if level.num_format == "bullet":
            text = "".join("•" if "\ue000" <= ch <= "\uf8ff" else ch for ch in level.text)
            return ListLabel(text.strip() or "•", level.suffix, bullet=True)
        return ListLabel(self._level_text(listed, level, index, counters), level.suffix)

    def _level_text(self, listed: _List, level: Level, index: int,
                    counters: dict[int, int]) -> str:
        def number(match: re.Match) -> str:
            at = int(match.group(1)) - 1
            shown = listed.levels.get(at, Level())
            # a level skipped since it last started shows one before its start (Word's 1.0.1)
            value = counters.get(at, shown.start - 1)
            num_format = shown.num_format
            if num_format == "bullet":
                return ""
            if level.legal and num_format != "none":
                num_format = "decimal"
            text = format_value(value, num_format)
            if text is None:
                self._warn(f"自动编号格式“{num_format[:40]}”无法识别，已按阿拉伯数字读出。")
                text = str(value)
            return text

        return _PLACEHOLDER.sub(number, level.text)
