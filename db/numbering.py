"""Official numbering of the task list, derived from position (never stored).

Levels, top down, for a plan's ``number_style``:

- ``paren`` (the usual 重点工作任务清单): （一） → 1. → （1） → ① → ...
- ``comma`` (a full outline): 一、 → （一） → 1. → （1） → ① → ...

The ``1.`` level runs on across categories (1 … N over the whole list), as the task lists in
county plans number their tasks; the other levels restart under each parent.
"""
from __future__ import annotations

DIGITS = "零一二三四五六七八九"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

LEVELS = {
    "paren": ("cn_paren", "arabic_dot", "arabic_paren", "circled"),
    "comma": ("cn_comma", "cn_paren", "arabic_dot", "arabic_paren", "circled"),
}
NUMBER_STYLES = tuple(LEVELS)
CONTINUOUS = {"arabic_dot"}


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五."""
    if n <= 0:
        return str(n)
    if n < 10:
        return DIGITS[n]
    if n < 20:
        return "十" + (DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return DIGITS[n // 10] + "十" + (DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        tail = "" if rest == 0 else ("零" + DIGITS[rest] if rest < 10 else
                                     (("一" if rest < 20 else "") + chinese_number(rest)))
        return DIGITS[n // 100] + "百" + tail
    return str(n)


def format_number(kind: str, n: int) -> str:
    if kind == "cn_comma":
        return f"{chinese_number(n)}、"
    if kind == "cn_paren":
        return f"（{chinese_number(n)}）"
    if kind == "arabic_dot":
        return f"{n}."
    if kind == "arabic_paren":
        return f"（{n}）"
    if kind == "circled":
        return CIRCLED[n - 1] if n <= len(CIRCLED) else f"({n})"
    raise ValueError(kind)


def level_kind(style: str, depth: int) -> str:
    levels = LEVELS.get(style, LEVELS["paren"])
    return levels[min(depth, len(levels) - 1)]


def number_nodes(style: str, preorder: list[tuple[int, int | None, int]]) -> dict[int, str]:
    """Numbers for nodes given in pre-order as (id, parent_id, depth); children in order.

    Returns {id: number}.
    """
    numbers: dict[int, str] = {}
    per_parent: dict[int | None, int] = {}
    running: dict[str, int] = {}
    for node_id, parent_id, depth in preorder:
        kind = level_kind(style, depth)
        if kind in CONTINUOUS:
            running[kind] = running.get(kind, 0) + 1
            n = running[kind]
        else:
            per_parent[parent_id] = per_parent.get(parent_id, 0) + 1
            n = per_parent[parent_id]
        numbers[node_id] = format_number(kind, n)
    return numbers
