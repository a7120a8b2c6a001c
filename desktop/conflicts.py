"""The message of a lost race: what the clerk typed beside what another clerk saved meanwhile.

Qt-free text built from ``ConcurrentEdit``; ``prompts.show_error`` shows it and the window
reloads the item, so the clerk sees the stored values and can type theirs again.
"""
from __future__ import annotations

import datetime as dt

from db.errors import ConcurrentEdit

FIELD_LABELS = {
    "title": "标题", "content": "内容", "start_date": "开始日期", "deadline": "完成时限",
    "deadline_text": "完成时限", "remarks": "备注", "responsible_leaders": "责任领导",
    "lead_unit_ids": "牵头单位", "responsible_unit_ids": "责任单位",
    "status": "完成状态", "percent": "完成百分比", "progress_text": "进展情况",
    "problems": "存在问题", "next_steps": "下步计划", "reporting_unit_id": "填报单位",
    "name": "名称", "short_name": "简称", "kind": "类别", "sort_order": "排序",
    "contact_person": "联系人", "phone": "电话", "region": "地区", "year": "年度",
    "issuing_body": "印发机关", "end_date": "结束日期", "goals_text": "目标",
    "number_style": "序号样式", "target": "目标值", "measure": "单位", "comparator": "比较方式",
    "target_text": "目标", "lead_unit_id": "牵头单位", "value": "实际值",
    "convener": "召集人", "deputy_conveners": "副召集人", "office_unit_id": "专班办公室",
    "member_unit_ids": "成员单位", "office_duties": "办公室职责",
}
# The dto attribute that holds a field's stored value, where the names differ.
STORED_AS = {"lead_unit_ids": "lead_units", "responsible_unit_ids": "responsible_units",
             "reporting_unit_id": "reporting_unit", "lead_unit_id": "lead_unit",
             "office_unit_id": "office_unit", "member_unit_ids": "member_units"}
MAX_SHOWN = 60


KEEP = 8          # characters of an unchanged stretch kept beside a change
MAX_CHANGE = 120  # a longer change is cut (the item is read again: the whole text is in view)


def _text(value) -> str:
    """The value as one line, whole (``_excerpts`` shortens long ones)."""
    if value is None or value == "" or value == () or value == []:
        return "（空）"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "、".join(_text(v) for v in value)
    name = getattr(value, "name", None)  # a UnitRef
    if isinstance(name, str):
        return name
    return str(value).replace("\n", " ")


def _cut(text: str, limit: int = MAX_SHOWN) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _squeeze(same: str, at_start: bool, at_end: bool) -> str:
    """An unchanged stretch shown only where it meets a change."""
    if at_start and len(same) > KEEP + 1:
        return "…" + same[-KEEP:]
    if at_end and len(same) > KEEP + 1:
        return same[:KEEP] + "…"
    if len(same) > 2 * KEEP + 1:
        return same[:KEEP] + "…" + same[-KEEP:]
    return same


def _excerpts(mine: str, stored: str) -> tuple[str, str]:
    """Two long texts shortened to what differs between them, with a few characters around.

    Cutting both at ``MAX_SHOWN`` showed two identical beginnings when one clerk rewrote the
    start and the other added a sentence at the end; here each change is in view."""
    if len(mine) <= MAX_SHOWN and len(stored) <= MAX_SHOWN:
        return mine, stored
    from difflib import SequenceMatcher

    ops = SequenceMatcher(None, mine, stored, autojunk=False).get_opcodes()
    if len(ops) == 1 and ops[0][0] == "equal":
        return _cut(mine), _cut(stored)

    def side(spans: list[tuple[bool, str]]) -> str:
        """One text from (unchanged?, piece) spans; the first and last piece of this text
        (a change only in the other text leaves an empty piece here) lose their outer ends."""
        spans = [(same, piece) for same, piece in spans if piece]
        shown = [_squeeze(piece, n == 0, n == len(spans) - 1) if same else _cut(piece, MAX_CHANGE)
                 for n, (same, piece) in enumerate(spans)]
        return _cut("".join(shown), 3 * MAX_SHOWN)

    return (side([(tag == "equal", mine[i1:i2]) for tag, i1, i2, _j1, _j2 in ops]),
            side([(tag == "equal", stored[j1:j2]) for tag, _i1, _i2, j1, j2 in ops]))


def _attempted_text(exc: ConcurrentEdit, key: str, value) -> str:
    if key.endswith("_unit_ids"):
        return _text([exc.unit_names.get(i, f"单位 {i}") for i in value or ()])
    if key.endswith("_unit_id") and value is not None:
        return exc.unit_names.get(value, f"单位 {value}")
    return _text(value)


def conflict_rows(exc: ConcurrentEdit) -> list[tuple[str, str, str]]:
    """(field, what the clerk typed, what is stored now) for every field of the edit that
    differs from what is stored (a form sends all its fields; the unchanged ones say nothing)."""
    rows = []
    for key, value in exc.attempted.items():
        label = FIELD_LABELS.get(key, key)
        mine = _attempted_text(exc, key, value)
        if exc.current is None:
            mine, stored = _cut(mine), "（已删除）"
        else:
            stored = _text(getattr(exc.current, STORED_AS.get(key, key), None))
            if mine == stored:
                continue
            mine, stored = _excerpts(mine, stored)
        rows.append((label, mine, stored))
    return rows


def conflict_text(exc: ConcurrentEdit) -> str:
    lines = [exc.user_text()]
    rows = conflict_rows(exc)
    for label, mine, stored in rows:
        lines.append("")  # a blank line before each field: several fields read apart
        lines.append(f"{label}")
        lines.append(f"    您填写的：{mine}")
        lines.append(f"    现在保存的：{stored}")
    lines.append("")
    lines.append("已重新读取最新内容。如仍需修改，请在最新内容上再改一次。")
    return "\n".join(lines)
