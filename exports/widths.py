"""Column widths from content: share the page width so the table is as short as possible.

``allocate(needs, total, line_height)`` takes, per column, the widths of its entries' paragraphs
(measured with the real font), the least width it may have (its longest unbreakable word, its
header on one line when short) and the most it can use (its longest paragraph on one line), and
returns widths summing to ``total``.  Each column starts at its least width; the rest of the
page goes, a step at a time, where it saves the most height (rows are as tall as their tallest
cell), so a long-text column takes the width and a short column never wraps its longest word
when the page allows.  Qt-free; the PDF, Excel and Word renderers all use it.
"""
from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from exports.linebreak import Measure, atoms

SAMPLE_ROWS = 240       # rows looked at when sharing the width (evenly spread over the table)
_WORD_BREAKS = re.compile(r"[、，,；;：:\s/]+|(?=[（(])")


@dataclass
class ColumnNeed:
    least: float                    # never narrower (unless the page is too narrow for all)
    most: float                     # no use being wider
    cells: list[list[float]] = field(default_factory=list)   # per row: paragraph widths
    weight: float = 1.0             # share of what is left when nothing saves height


def longest_word(text: str, measure: Measure, cap: float) -> float:
    """The widest piece of ``text`` a short column should not wrap: words between 、，； and
    before brackets, kept whole up to ``cap``; beyond that, the widest unbreakable piece."""
    best = 0.0
    for word in _WORD_BREAKS.split(text or ""):
        if not word:
            continue
        w = measure(word)
        if w > cap:
            w = max((measure(a) for a in atoms(word)), default=0.0)
        best = max(best, w)
    return best


def lines_needed(paragraphs: Sequence[float], width: float) -> int:
    if width <= 0:
        return 10 ** 6
    return sum(max(1, math.ceil(w / width - 1e-6)) for w in paragraphs) if paragraphs else 1


def allocate(needs: Sequence[ColumnNeed], total: float, pad: float = 0.0) -> list[float]:
    """Widths (including ``pad`` on each column) summing to ``total``.

    Each column starts at its least width.  The rest of the page is given away a step at a
    time to the column whose next widening saves the most table height per point (a column's
    line counts only change at the widths where one of its paragraphs needs a line less, so
    those are the steps tried); rows are as tall as their tallest cell and fewer lines in all
    break ties.  Shares by each column's amount of text are tried as well, then width is moved
    between pairs of columns while that makes the table shorter; the shortest wins.
    """
    n = len(needs)
    if n == 0:
        return []
    least = [nd.least + pad for nd in needs]
    most = [max(nd.most, nd.least) + pad for nd in needs]
    if sum(least) >= total:
        scale = total / sum(least)
        return [w * scale for w in least]
    rows = max((len(nd.cells) for nd in needs), default=0)
    step_rows = max(1, rows // SAMPLE_ROWS)
    sample = range(0, rows, step_rows)
    cells = [[nd.cells[r] if r < len(nd.cells) else [] for r in sample] for nd in needs]
    cache: dict[tuple[int, int], list[int]] = {}

    def col_lines(c: int, width: float) -> list[int]:
        key = (c, round(width * 2))
        if key not in cache:
            inner = width - pad
            cache[key] = [lines_needed(p, inner) if p else 1 for p in cells[c]]
        return cache[key]

    def cost(widths: list[float]) -> tuple[int, int]:
        lines = [col_lines(c, widths[c]) for c in range(n)]
        height = sum(max(col[r] for col in lines) for r in range(len(sample)))
        return height, sum(map(sum, lines))

    def spread(widths: list[float], mass: list[float]) -> list[float]:
        """``widths`` with what is left of ``total`` shared by ``mass``, up to each most."""
        widths = list(widths)
        spare = total - sum(widths)
        open_ = {c for c in range(n) if widths[c] < most[c]}
        while spare > 1e-6 and open_:
            weight = sum(mass[c] for c in open_) or len(open_)
            spent = 0.0
            for c in list(open_):
                add = spare * (mass[c] or (weight / len(open_))) / weight
                room = most[c] - widths[c]
                if add >= room:
                    add = max(0.0, room)
                    open_.discard(c)
                widths[c] += add
                spent += add
            spare -= spent
            if spent <= 1e-6:
                break
        if spare > 1e-6:   # every column has all it can use: by weight
            weight = sum(nd.weight for nd in needs) or n
            widths = [w + spare * (nd.weight or 1.0) / weight for w, nd in zip(widths, needs)]
        return widths

    text_mass = [sum(sum(p) for p in cells[c]) for c in range(n)]

    def steps(c: int) -> list[float]:
        """Widths (pad included) at which column ``c`` needs a line less somewhere."""
        points = set()
        for paragraphs in cells[c]:
            for p in paragraphs:
                for k in range(1, 40):
                    w = p / k + pad + 1e-3
                    if w <= least[c]:
                        break
                    if w <= most[c]:
                        points.add(round(w, 2))
        return sorted(points)

    def greedy() -> list[float]:
        widths = list(least)
        spare = total - sum(widths)
        candidates = [steps(c) for c in range(n)]
        lines = [col_lines(c, widths[c]) for c in range(n)]
        rows_ = range(len(sample))
        while spare > 1e-6:
            # Per row the tallest column and the runner-up: the row's height without column
            # c is the runner-up where c is the tallest, else the tallest.
            first, second, top = [1] * len(sample), [1] * len(sample), [-1] * len(sample)
            for c in range(n):
                col = lines[c]
                for r in rows_:
                    v = col[r]
                    if v > first[r]:
                        second[r], first[r], top[r] = first[r], v, c
                    elif v > second[r]:
                        second[r] = v
            owned: list[list[int]] = [[] for _ in range(n)]   # rows c alone makes tall
            for r in rows_:
                if top[r] >= 0 and first[r] > second[r]:
                    owned[top[r]].append(r)
            best = None
            for c in range(n):
                mine = owned[c]
                if not mine:
                    continue        # widening c alone shortens no row
                tried = 0
                for w in candidates[c]:
                    if w <= widths[c] + 1e-6:
                        continue
                    extra = w - widths[c]
                    if extra > spare + 1e-6 or tried >= 24:
                        break
                    tried += 1
                    new = col_lines(c, w)
                    gain = sum(first[r] - max(second[r], new[r]) for r in mine)
                    if gain <= 0:
                        continue
                    ratio = gain / extra
                    if best is None or ratio > best[0]:
                        best = (ratio, c, w)
            if best is None:
                break
            _, c, w = best
            spare -= w - widths[c]
            widths[c] = w
            lines[c] = col_lines(c, w)
        return spread(widths, text_mass)

    starts = [greedy()] + [spread(least, [m ** p for m in text_mass]) for p in (0.5, 0.75, 1.0)]
    best = min(starts, key=cost)
    best_cost = cost(best)
    for delta in (total / 24, total / 60, total / 150):
        improved = True
        rounds = 0
        while improved and rounds < 8:
            improved, rounds = False, rounds + 1
            for i in range(n):
                if best[i] - delta < least[i]:
                    continue
                for j in range(n):
                    if j == i:
                        continue
                    trial = list(best)
                    trial[i] -= delta
                    trial[j] += delta
                    trial_cost = cost(trial)
                    if trial_cost < best_cost:
                        best, best_cost, improved = trial, trial_cost, True
                        break
    return best
