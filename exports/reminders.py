"""催办通知单: one notice per lead unit with overdue, lagging or not-reported work items.

The items come from the dashboard's ``plan_summary`` of the month (its ``overdue``, ``lagging``
and ``not_reported``), so a notice lists exactly what 预警提醒 shows for the unit.  A unit with
nothing late gets no notice.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from db.errors import InvalidInput
from db.schedule import DEFAULT_THRESHOLDS, NOT_REPORTED_WORD, Thresholds, month_end
from db.services.plans import get_plan, get_work_group
from db.services.units import list_units, lookup_unit
from db.summary import NO_LEAD_UNIT, PlanSummary, lead_unit_names, plan_summary
from exports.briefing import deadline_words, percent_words
from exports.document import Document, PageBreak, Para, Signature, TableBlock, Title
from exports.report import clean_text, date_words, month_words

REPLY_DAYS = 5


@dataclass(frozen=True)
class NoticeItem:
    label: str          # 3.（2）
    text: str
    deadline: str
    situation: str      # 逾期 / 进度滞后 / 未报送 (joined when several apply)
    last_figure: str    # 75%, or 上次报送 60%


@dataclass(frozen=True)
class Notice:
    unit: str
    month: str
    plan_title: str
    items: tuple[NoticeItem, ...]
    reply_by: dt.date
    office: str
    contact: str
    phone: str
    issued: dt.date

    @property
    def counts(self) -> dict[str, int]:
        return {"逾期": sum("逾期" in i.situation for i in self.items),
                "进度滞后": sum("滞后" in i.situation for i in self.items),   # 严重滞后 too
                "未报送": sum("未报送" in i.situation for i in self.items)}


def _situation(summary: PlanSummary, task_id: int) -> tuple[str, str]:
    """What is wrong (逾期12天 / 严重滞后 / 进度滞后, and 未报送) and the last figure."""
    standing = summary.standing(task_id)
    words = []
    if standing.overdue:
        days = -standing.days_left if standing.days_left is not None else 0
        words.append(f"{standing.word}{days}天" if days > 0 else standing.word)
    elif standing.lagging:
        words.append(standing.word)          # 严重滞后 or 进度滞后
    if standing.owes_report:
        words.append(NOT_REPORTED_WORD)
    if standing.owes_report:
        figure = standing.last_report_note
    elif standing.percent is None:
        figure = "—"
    else:
        figure = percent_words(standing.percent)
        if standing.expected_percent is not None:
            figure += f"（序时{percent_words(standing.expected_percent)}）"
    return "；".join(words), figure


def late_items_by_unit(summary: PlanSummary) -> dict[str, list[int]]:
    """Lead unit → its overdue, lagging and not-reported items, in task-list order."""
    late = set(summary.overdue) | set(summary.lagging)
    owing = {i for ids in summary.not_reported.values() for i in ids}
    groups: dict[str, list[int]] = {}
    for task in summary.sheet.items:
        if task.id in late or task.id in owing:
            for unit in lead_unit_names(task):
                if unit != NO_LEAD_UNIT:     # a notice needs someone to address
                    groups.setdefault(unit, []).append(task.id)
    return groups


def _resolve_units(session, names, known: dict[str, list[int]], region: str) -> list[str]:
    chosen = []
    for name in names:
        name = name.strip()
        if name == NO_LEAD_UNIT:
            continue
        ref = lookup_unit.in_session(session, name, region) if name not in known else None
        resolved = ref.name if ref is not None else name
        if resolved not in known and ref is None:
            raise InvalidInput(f"没有找到单位“{name}”（请用单位名称或别名）。")
        chosen.append(resolved)
    return chosen


def build_notices(db, plan_id: int, month: str, *, units: list[str] | None = None,
                  today: dt.date | None = None, reply_by: dt.date | None = None,
                  thresholds: Thresholds = DEFAULT_THRESHOLDS) -> list[Notice]:
    """The notices of ``month``, one per lead unit with something late (only ``units`` when
    given: names or aliases; a named unit with nothing late gets none)."""
    today = today or dt.date.today()
    with db.transaction() as session:
        plan = get_plan.in_session(session, plan_id)
        group = get_work_group.in_session(session, plan_id)
        summary = plan_summary.in_session(session, plan_id, month, today=today,
                                          thresholds=thresholds)
        groups = late_items_by_unit(summary)
        wanted = (_resolve_units(session, units, groups, plan.region)
                  if units is not None else list(groups))
        office = group.office_unit
        office_info = None
        if office is not None:
            office_info = next((u for u in list_units.in_session(session) if u.id == office.id),
                               None)
    reply_by = reply_by or max(today, month_end(month)) + dt.timedelta(days=REPLY_DAYS)
    notices = []
    for unit in wanted:
        ids = groups.get(unit)
        if not ids:
            continue
        items = []
        for task_id in ids:
            task = summary.task(task_id)
            situation, figure = _situation(summary, task_id)
            items.append(NoticeItem(label=summary.sheet.label(task_id),
                                    text=clean_text(task.text), deadline=deadline_words(task),
                                    situation=situation, last_figure=figure))
        notices.append(Notice(
            unit=unit, month=month, plan_title=clean_text(plan.title), items=tuple(items),
            reply_by=reply_by,
            office=office.name if office else (group.name or "专班办公室"),
            contact=office_info.contact_person if office_info else "",
            phone=office_info.phone if office_info else "", issued=today))
    return notices


def notice_blocks(notice: Notice) -> list:
    counts = notice.counts
    found = "、".join(f"{word}{n}项" for word, n in counts.items() if n)
    return [
        Title(("催办通知单",)),
        Para(f"{notice.unit}：", indent=False),
        Para(f"根据《{notice.plan_title}》月度调度安排，截至{month_words(notice.month)}，"
             f"贵单位牵头的{len(notice.items)}项工作事项中，{found}（明细见下表）。"
             f"请高度重视，抓紧推进，并于{date_words(notice.reply_by)}前将整改措施和最新进展"
             "报送专班办公室。"),
        TableBlock(
            header=("序号", "工作事项", "完成时限", "情况", "最近进度"),
            rows=tuple((str(seq), f"{item.label} {item.text}".strip(), item.deadline,
                        item.situation, item.last_figure)
                       for seq, item in enumerate(notice.items, 1)),
            widths=(1.5, 6.0, 3.0, 3.0, 3.9), font_size=10.5,
            align=("center", "left", "left", "center", "center")),
        Para(f"联系人：{notice.contact or '　　　　'}　　联系电话：{notice.phone or '　　　　'}"),
        Signature((notice.office, date_words(notice.issued))),
    ]


def notice_document(notices: list[Notice]) -> Document:
    """Every notice in one document, each unit on its own pages numbered from 1."""
    blocks: list = []
    for index, notice in enumerate(notices):
        if index:
            blocks.append(PageBreak(restart=True))
        blocks.extend(notice_blocks(notice))
    month = notices[0].month if notices else ""
    return Document(title=f"{month_words(month)}催办通知单" if month else "催办通知单",
                    blocks=tuple(blocks))


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def file_name(notice: Notice, suffix: str) -> str:
    return f"催办通知单_{_UNSAFE.sub('_', notice.unit)}_{notice.month}{suffix}"


def write_notices(notices: list[Notice], folder: str | Path, *, combined: bool = False,
                  formats: tuple[str, ...] = ("docx", "pdf")) -> list[Path]:
    """Write the notices into ``folder``: one file per unit and format, or one combined file
    per format (``combined``).  Returns the files written."""
    from exports.document_docx import write_docx
    from exports.document_pdf import write_pdf

    folder = Path(folder)
    if not folder.is_dir():
        raise InvalidInput(f"输出文件夹不存在：{folder}")
    writers = {"docx": write_docx, "pdf": write_pdf}
    if combined:
        jobs = [(notice_document(notices),
                 f"催办通知单_{notices[0].month}" if notices else "催办通知单")]
    else:
        jobs = [(notice_document([n]), file_name(n, "")) for n in notices]
    written = []
    for document, stem in jobs:
        for fmt in formats:
            path = folder / f"{stem}.{fmt}"
            writers[fmt](document, path)
            written.append(path)
    return written

