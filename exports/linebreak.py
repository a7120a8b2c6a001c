"""Chinese line breaking for table cells (标点禁则), with no Qt and no renderer in it.

``break_lines(text, width, measure)`` cuts ``text`` into lines no wider than ``width`` as
``measure(str) -> float`` says (reportlab's font metrics for the PDF and Word, a character
count for Excel), following OFFICIAL-FORMAT.md:

- no line starts with closing punctuation (，。、；：？！）】》」』〕”’%‰℃ …), nor with the
  second half of ——/……; no line ends with opening punctuation (（【《「『〔“‘);
- punctuation never crosses the cell border: the character before it comes down with it;
- numbers with their units (30%, 2.3亿元, 2026年6月, 5000万元), Latin words and short
  bracketed notes ((第2批), （未报送）) stay whole where the line allows: a piece longer than a
  line is broken inside, still by the rules above.

The PDF renderer draws the lines it returns, the Excel renderer counts them for row heights and
the Word renderer's checks use them, so every output breaks the same way.
"""
from __future__ import annotations

import re
from collections.abc import Callable

NO_START = frozenset("，。、；：？！）】》」』〕”’%‰℃…,.;:?!)]}·・")
NO_END = frozenset("（【《「『〔“‘([{")

# Pieces kept whole where the line allows, longest first.
_PIECE = re.compile(
    r"\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?(?:底|末|初|中旬|上旬|下旬)?)?"        # 2026年6月底
    r"|\d{1,2}月\d{1,2}日"                                                  # 6月30日
    r"|[+-]?\d+(?:[.,]\d+)*(?:%|‰|℃|个百分点|"
    r"(?:[万亿千百])?(?:元|人次|人|户|个|家|项|次|吨|亩|公里|平方米|米|辆|台|套|所|座|件|天|"
    r"名|场|期|批|倍|千瓦|兆瓦|小时|公顷|条|篇|份|处|栋|间|张|部|km|kg|m²|m))?"   # 2.3亿元
    r"|[A-Za-z][A-Za-z0-9._+\-/]*"                                        # Latin words
    r"|[（(][^（）()\n]{1,6}[）)]"                                          # （第2批）
    r"|——|……"                                                              # never split
)
Measure = Callable[[str], float]


def atoms(text: str) -> list[str]:
    """``text`` as the smallest pieces a line may break between."""
    out: list[str] = []
    pos = 0
    for m in _PIECE.finditer(text):
        out.extend(text[pos:m.start()])
        out.append(m.group())
        pos = m.end()
    out.extend(text[pos:])
    return out


def _can_break_before(prev: str, nxt: str) -> bool:
    return not (nxt[0] in NO_START or prev[-1] in NO_END)


def break_line(text: str, width: float, measure: Measure) -> list[str]:
    """One paragraph (no newline) as lines no wider than ``width`` where that is possible."""
    if not text:
        return [""]
    if measure(text) <= width:
        return [text]
    pieces = atoms(text)
    # A piece longer than a line is broken into characters, keeping the pair rules.
    split: list[str] = []
    for piece in pieces:
        if len(piece) > 1 and measure(piece) > width:
            split.extend(piece)
        else:
            split.append(piece)
    pieces = split
    lines: list[str] = []
    line: list[str] = []
    used = 0.0
    for piece in pieces:
        w = measure(piece)
        if not line or used + w <= width:
            line.append(piece)
            used += w
            continue
        # ``piece`` does not fit: find where the line may end, carrying pieces down.
        cut = len(line)
        while cut > 0 and not _can_break_before(line[cut - 1], (line + [piece])[cut]):
            cut -= 1
        if cut == 0:
            # No allowed break on this line (a very narrow cell): compress, i.e. let the
            # punctuation stay on this line rather than start the next one with it.
            line.append(piece)
            used += w
            continue
        lines.append("".join(line[:cut]))
        line = line[cut:] + [piece]
        used = sum(measure(p) for p in line)
    if line:
        lines.append("".join(line))
    return lines


def break_lines(text: str, width: float, measure: Measure) -> list[str]:
    """``text`` (newlines kept as line breaks) as lines no wider than ``width``."""
    out: list[str] = []
    for part in (text or "").split("\n"):
        out.extend(break_line(part, width, measure))
    return out


def forbidden(lines: list[str]) -> tuple[int, int]:
    """(lines starting with a closing mark, lines ending with an opening mark)."""
    starts = sum(1 for ln in lines if ln and ln[0] in NO_START)
    ends = sum(1 for ln in lines if ln and ln[-1] in NO_END)
    return starts, ends


def char_measure(ch_width: float = 1.0) -> Measure:
    """Width in Chinese characters: CJK and full-width marks count 1, the rest about ½
    (what Excel and WPS show, since they do not fit row heights themselves)."""
    def measure(text: str) -> float:
        return ch_width * sum(1.0 if ord(ch) > 0x2E7F else 0.55 for ch in text)
    return measure
