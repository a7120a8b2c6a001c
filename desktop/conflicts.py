"""The message of a lost race: what the clerk typed beside what another clerk saved meanwhile.

Text built from ``ConcurrentEdit`` (through tr(), no widget); ``prompts.show_error`` shows it
and the window reloads the item, so the clerk sees the stored values and can type theirs again.
"""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from db.errors import ConcurrentEdit

# marked for the translators here, translated where shown (``conflict_rows``)
FIELD_LABELS = {
    "title": QT_TRANSLATE_NOOP("conflicts", "标题"),
    "content": QT_TRANSLATE_NOOP("conflicts", "内容"),
    "start_date": QT_TRANSLATE_NOOP("conflicts", "开始日期"),
    "deadline": QT_TRANSLATE_NOOP("conflicts", "完成时限"),
    "deadline_text": QT_TRANSLATE_NOOP("conflicts", "完成时限"),
    "remarks": QT_TRANSLATE_NOOP("conflicts", "备注"),
    "responsible_leaders": QT_TRANSLATE_NOOP("conflicts", "责任领导"),
    "lead_unit_ids": QT_TRANSLATE_NOOP("conflicts", "牵头单位"),
    "responsible_unit_ids": QT_TRANSLATE_NOOP("conflicts", "责任单位"),
    "status": QT_TRANSLATE_NOOP("conflicts", "完成状态"),
    "percent": QT_TRANSLATE_NOOP("conflicts", "完成百分比"),
    "progress_text": QT_TRANSLATE_NOOP("conflicts", "进展情况"),
    "problems": QT_TRANSLATE_NOOP("conflicts", "存在问题"),
    "next_steps": QT_TRANSLATE_NOOP("conflicts", "下步计划"),
    "reporting_unit_id": QT_TRANSLATE_NOOP("conflicts", "填报单位"),
    "name": QT_TRANSLATE_NOOP("conflicts", "名称"),
    "short_name": QT_TRANSLATE_NOOP("conflicts", "简称"),
    "kind": QT_TRANSLATE_NOOP("conflicts", "类别"),
    "sort_order": QT_TRANSLATE_NOOP("conflicts", "排序"),
    "contact_person": QT_TRANSLATE_NOOP("conflicts", "联系人"),
    "phone": QT_TRANSLATE_NOOP("conflicts", "电话"),
    "region": QT_TRANSLATE_NOOP("conflicts", "地区"),
    "year": QT_TRANSLATE_NOOP("conflicts", "年度"),
    "issuing_body": QT_TRANSLATE_NOOP("conflicts", "印发机关"),
    "end_date": QT_TRANSLATE_NOOP("conflicts", "结束日期"),
    "goals_text": QT_TRANSLATE_NOOP("conflicts", "目标"),
    "number_style": QT_TRANSLATE_NOOP("conflicts", "序号样式"),
    "target": QT_TRANSLATE_NOOP("conflicts", "目标值"),
    "measure": QT_TRANSLATE_NOOP("conflicts", "单位"),
    "comparator": QT_TRANSLATE_NOOP("conflicts", "比较方式"),
    "target_text": QT_TRANSLATE_NOOP("conflicts", "目标"),
    "lead_unit_id": QT_TRANSLATE_NOOP("conflicts", "牵头单位"),
    "value": QT_TRANSLATE_NOOP("conflicts", "实际值"),
    "convener": QT_TRANSLATE_NOOP("conflicts", "召集人"),
    "deputy_conveners": QT_TRANSLATE_NOOP("conflicts", "副召集人"),
    "office_unit_id": QT_TRANSLATE_NOOP("conflicts", "专班办公室"),
    "member_unit_ids": QT_TRANSLATE_NOOP("conflicts", "成员单位"),
    "office_duties": QT_TRANSLATE_NOOP("conflicts", "办公室职责"),
}
# The dto attribute that holds a field's stored value, where the names differ.
STORED_AS = {"lead_unit_ids": "lead_units", "responsible_unit_ids": "responsible_units",
             "reporting_unit_id": "reporting_unit", "lead_unit_id": "lead_unit",
             "office_unit_id": "office_unit", "member_unit_ids": "member_units"}
MAX_SHOWN = 60


def _tr(text: str) -> str:
    return QCoreApplication.translate("conflicts", text)


KEEP = 8          # characters of an unchanged stretch kept beside a change
MAX_CHANGE = 120  # a longer change is cut (the item is read again: the whole text is in view)


def _text(value) -> str:
    """The value as one line, whole (``_excerpts`` shortens long ones)."""
    if value is None or value == "" or value == () or value == []:
        return _tr("（空）")
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
        return _text([exc.unit_names.get(i, _tr("单位 {}").format(i)) for i in value or ()])
    if key.endswith("_unit_id") and value is not None:
        return exc.unit_names.get(value, _tr("单位 {}").format(value))
    return _text(value)


def conflict_rows(exc: ConcurrentEdit) -> list[tuple[str, str, str]]:
    """(field, what the clerk typed, what is stored now) for every field of the edit that
    differs from what is stored (a form sends all its fields; the unchanged ones say nothing)."""
    rows = []
    for key, value in exc.attempted.items():
        label = _tr(FIELD_LABELS[key]) if key in FIELD_LABELS else key
        mine = _attempted_text(exc, key, value)
        if exc.current is None:
            mine, stored = _cut(mine), _tr("（已删除）")
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
        lines.append(label)
        lines.append(_tr("    您填写的：{}").format(mine))
        lines.append(_tr("    现在保存的：{}").format(stored))
    lines.append("")
    lines.append(_tr("已重新读取最新内容。如仍需修改，请在最新内容上再改一次。"))
    return "\n".join(lines)
