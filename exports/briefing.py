"""调度通报 (the monthly briefing to the leaders), drafted from the ledger.

Every number and sentence comes from the dashboard's ``plan_summary`` of the month (and of the
month before, for the comparison): the overview counts are ``tally`` over the month's
standings, the lagging and overdue items are the summary's lists, the silent units its
``not_reported``.  What the data cannot say (下步工作) is left as marked gaps for the clerk.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from db.models import Status
from db.schedule import DEFAULT_THRESHOLDS, Thresholds, month_end, month_start
from db.services.plans import get_plan, get_work_group
from db.summary import PlanSummary, is_normal, lead_unit_names
from db.trend import plan_counts, summaries_in_session, trend_months, trend_points
from exports.document import (
    Document,
    Heading,
    Para,
    Picture,
    Signature,
    Subtitle,
    TableBlock,
    Title,
)
from exports.report import clean_text, date_words, month_words, plan_short_name
from exports.report.common import deadline_text

AHEAD = Status.AHEAD.value
NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Overview:
    """The overview sentence's numbers, ``db.summary.category`` each item once:
    done + awaiting 销号 + on schedule + ahead + lagging + overdue + not reported = items."""

    month: str
    items: int
    done: int
    awaiting_closeout: int
    on_schedule: int
    ahead: int
    lagging: int
    overdue: int
    not_reported: int


def overview(summary: PlanSummary) -> Overview:
    counts = plan_counts(summary)
    ahead = 0
    for task in summary.sheet.items:
        s = summary.standing(task.id)
        ahead += is_normal(s) and (s.status or s.suggested_status) == AHEAD
    return Overview(month=summary.month, items=counts.items, done=counts.done,
                    awaiting_closeout=counts.awaiting_closeout, on_schedule=counts.on_time - ahead, ahead=ahead, lagging=counts.lagging,
                    overdue=counts.overdue, not_reported=counts.not_reported)


def change_words(now: int, before: int) -> str:
    if now == before:
        return "持平"
    return f"增加{now - before}项" if now > before else f"减少{before - now}项"


def as_of_words(month: str, today: dt.date) -> str:
    """截至11月底 once the month is over; 截至12月4日 while it runs."""
    end = month_end(month)
    return f"截至{date_words(today)}" if month_start(month) <= today < end \
        else f"截至{month_words(month)}底"


def overview_text(now: Overview, before: Overview | None, as_of: str) -> str:
    text = (f"{as_of}，方案确定的{now.items}项重点任务中，"
            f"已完成{now.done}项，完成待销号{now.awaiting_closeout}项，"
            f"序时推进{now.on_schedule}项，进展较快{now.ahead}项，"
            f"进度滞后{now.lagging}项，逾期{now.overdue}项；"
            f"另有{now.not_reported}项本月未报送进展。")
    if before is not None:
        text += (f"与{int(before.month[5:])}月相比，已完成{change_words(now.done, before.done)}，"
                 f"进度滞后{change_words(now.lagging, before.lagging)}，"
                 f"逾期{change_words(now.overdue, before.overdue)}，"
                 f"未报送{change_words(now.not_reported, before.not_reported)}。")
    return text


def number_text(value: float | None) -> str:
    if value is None:
        return ""
    return f"{int(value)}" if float(value).is_integer() else f"{round(value, 2):g}"


def indicators_text(summary: PlanSummary) -> str:
    indicators = summary.indicators
    if not indicators:
        return "方案未设目标指标。"
    met = [i for i in indicators if i.completion is not None and i.completion >= 100]
    measured = [i for i in indicators if i.completion is not None and i.completion < 100]
    missing = len(indicators) - len(met) - len(measured)
    text = f"方案确定的{len(indicators)}项目标指标中，已达到目标{len(met)}项"
    if measured:
        average = sum(i.completion for i in measured) / len(measured)
        text += f"，其余{len(measured)}项平均完成{round(average, 1):g}%"
    if missing:
        text += f"，{missing}项尚无实际值或目标值"
    return text + "。"


def deadline_words(task) -> str:
    return deadline_text(task) or "未明确"


def units_words(task) -> str:
    return "、".join(lead_unit_names(task))


def percent_words(value: float | None) -> str:
    return "—" if value is None else f"{round(value, 1):g}%"


def _category_of(summary: PlanSummary) -> dict[int, str]:
    """Work item id → the text of its top-level task (the category it is reported under)."""
    by_id = {t.id: t for t in summary.sheet.tree}
    result = {}
    for item in summary.sheet.items:
        node = item
        while node.parent_id is not None and node.parent_id in by_id:
            node = by_id[node.parent_id]
        result[item.id] = clean_text(node.text) if node is not item else ""
    return result


def finished_this_month(now: PlanSummary, before: PlanSummary | None) -> list[int]:
    """Items done in ``now`` that were not done the month before."""
    return [t.id for t in now.sheet.items if now.standing(t.id).done
            and (before is None or not before.standing(t.id).done)]


def _finished_blocks(now: PlanSummary, before: PlanSummary | None) -> list:
    ids = finished_this_month(now, before)
    if not ids:
        return [Para("本月没有新完成的事项。")]
    categories = _category_of(now)
    groups: dict[str, list[int]] = {}
    for task_id in ids:
        groups.setdefault(categories[task_id], []).append(task_id)
    blocks: list = [Para(f"本月新完成{len(ids)}项工作事项。")]
    for index, (category, task_ids) in enumerate(groups.items()):
        if category:
            blocks.append(Heading(f"（{NUMERALS[index % 10]}）{category}", level=2))
        for seq, task_id in enumerate(task_ids, 1):
            task = now.task(task_id)
            entry = now.sheet.entries.get(task_id)
            detail = clean_text(entry.progress_text) if entry is not None else ""
            text = f"（牵头单位：{units_words(task)}）"
            if detail:
                text += f"{detail.rstrip('。')}。"
            blocks.append(Para(text, lead=f"{seq}. {clean_text(task.text)}"))
    return blocks


def _late_blocks(now: PlanSummary) -> list:
    overdue, lagging = list(now.overdue), list(now.lagging)
    if not overdue and not lagging:
        return [Para("本月没有进度滞后或逾期的事项。")]
    severe = sum(now.standing(i).severe for i in lagging)
    blocks: list = [Para(f"逾期事项{len(overdue)}项，进度滞后事项{len(lagging)}项"
                         + (f"（其中严重滞后{severe}项）。" if severe else "。"))]
    groups = [(heading, ids) for heading, ids in (("逾期事项", overdue), ("进度滞后事项", lagging))
              if ids]
    for index, (heading, ids) in enumerate(groups):
        blocks.append(Heading(f"（{NUMERALS[index]}）{heading}", level=2))
        for seq, task_id in enumerate(ids, 1):
            task, standing = now.task(task_id), now.standing(task_id)
            entry = now.sheet.entries.get(task_id)
            parts = [f"（牵头单位：{units_words(task)}；完成时限：{deadline_words(task)}）"]
            if standing.severe:
                parts.append("严重滞后，")
            if entry is None:
                note = standing.last_report_note
                parts.append(f"本月未报送进展（{note}）。" if note else "本月未报送进展。")
            else:
                parts.append(f"完成进度{percent_words(standing.percent)}")
                if standing.expected_percent is not None:
                    parts.append(f"，序时进度{percent_words(standing.expected_percent)}")
                problems = clean_text(entry.problems).rstrip("。")
                steps = clean_text(entry.next_steps).rstrip("。")
                parts.append(f"。存在问题：{problems or '未填写'}。")
                parts.append(f"下步计划：{steps or '未填写'}。")
            blocks.append(Para("".join(parts),
                               lead=f"{seq}. {clean_text(task.text)}"))
    return blocks


def _silent_blocks(now: PlanSummary) -> list:
    groups = now.not_reported
    if not groups:
        return [Para("各牵头单位均已报送本月进展。")]
    names = "、".join(f"{unit}（{len(ids)}项）" for unit, ids in groups.items())
    return [Para(f"以下{len(groups)}个单位牵头的事项未报送"
                 f"本月进展：{names}。")]


def _indicator_table(now: PlanSummary) -> list:
    if not now.indicators:
        return [Para("方案未设目标指标。")]
    rows = []
    for seq, i in enumerate(now.indicators, 1):
        target = i.target_text or f"{i.comparator}{number_text(i.target)}{i.measure}"
        actual = number_text(i.actual)
        if actual and i.actual_month and i.actual_month != now.month:
            actual += f"（{int(i.actual_month[5:])}月）"
        rows.append((str(seq), clean_text(i.name), clean_text(target), actual,
                     percent_words(i.completion) if i.completion is not None else "—"))
    return [TableBlock(header=("序号", "指标", "目标值", "实际值", "完成率"), rows=tuple(rows),
                       widths=(1.6, 6, 4, 3, 2.4),
                       align=("center", "left", "left", "right", "right"))]


NEXT_STEPS_PLACEHOLDERS = (
    "【请填写：针对逾期和进度滞后事项的督促措施】",
    "【请填写：下月调度安排和重点推进的工作】",
    "【请填写：需要提请领导协调解决的问题】",
)


def build_briefing(db, plan_id: int, month: str, *, today: dt.date | None = None,
                   thresholds: Thresholds = DEFAULT_THRESHOLDS,
                   trend_picture=None) -> Document:
    """The 调度通报 of ``month``.  ``trend_picture(points) -> png bytes | None`` draws the trend
    (``exports.charts.trend_png``); without it the briefing has no picture."""
    today = today or dt.date.today()
    with db.transaction() as session:
        plan = get_plan.in_session(session, plan_id)
        group = get_work_group.in_session(session, plan_id)
        summaries = summaries_in_session(session, plan_id, trend_months(plan, month),
                                         today=today, thresholds=thresholds)
    now, before = summaries[-1], summaries[-2]
    office = group.office_unit.name if group.office_unit else (group.name or "专班办公室")
    issued = today
    short = plan_short_name(plan.title)
    blocks: list = [
        Title((clean_text(short), f"{month_words(month)}工作调度通报")),
        Subtitle(f"{office}　　{date_words(issued)}"),
        Heading("一、总体进展"),
        Para(overview_text(overview(now), overview(before), as_of_words(month, today))),
        Para(indicators_text(now)),
    ]
    if trend_picture is not None and len(summaries) > 1:
        png = trend_picture(trend_points(summaries))
        if png:
            blocks.append(Picture(png, width_mm=150,
                                  caption=f"图1　{month_words(summaries[0].month)}至"
                                          f"{month_words(month)}各月进展情况"))
    sections = (
        ("本月完成的事项", _finished_blocks(now, before)),
        ("进度滞后和逾期事项", _late_blocks(now)),
        ("未报送进展的单位", _silent_blocks(now)),
        ("目标指标完成情况", _indicator_table(now)),
    )
    for index, (heading, section) in enumerate(sections, 2):
        blocks.append(Heading(f"{NUMERALS[index - 1]}、{heading}"))
        blocks.extend(section)
    blocks.append(Heading(f"{NUMERALS[len(sections) + 1]}、下步工作"))
    for index, text in enumerate(NEXT_STEPS_PLACEHOLDERS):
        blocks.append(Para(text, lead=f"（{NUMERALS[index]}）", placeholder=True))
    blocks.append(Signature((office, date_words(issued))))
    return Document(title=f"{short}{month_words(month)}工作调度通报", blocks=tuple(blocks))
