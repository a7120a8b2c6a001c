"""Copying a plan to the next year (复制为下一年度方案): the task list, units, work group and
indicators, with every date and “2026年” moved on a year.

Its own module above ``plans`` and ``tasks``, which it uses, so neither imports the other back.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.dto import PlanInfo
from db.models import Indicator, Plan, TaskNode, WorkGroup
from db.services import action
from db.services.plans import (
    get_plan_row,
    get_work_group,
    list_indicators,
    plan_info,
    set_work_group,
    work_group_arguments,
)
from db.services.tasks import copy_task_list


def shift_year_text(text: str, year: int) -> str:
    """“2026年12月底前” → “2027年12月底前” when copying a plan of ``year`` to the next year."""
    return text.replace(f"{year}年", f"{year + 1}年") if text else text


def shift_date(value: dt.date | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return value.replace(year=value.year + 1)
    except ValueError:  # 29 February
        return value.replace(year=value.year + 1, day=28)


def shift_task_list_year(session: Session, plan_id: int, year: int | None) -> None:
    """Move every date of a freshly copied task list one year on (deadline text included)."""
    for node in session.scalars(select(TaskNode).where(TaskNode.plan_id == plan_id)):
        node.start_date = shift_date(node.start_date)
        node.deadline = shift_date(node.deadline)
        if year:
            node.deadline_text = shift_year_text(node.deadline_text, year)
    session.flush()


def next_year_title(title: str, year: int | None) -> str:
    if year and f"{year}年" in title:
        return title.replace(f"{year}年", f"{year + 1}年")
    if year:
        return f"{title}（{year + 1}年）"
    return f"{title}（副本）"


@action
def copy_plan_to_next_year(session: Session, plan_id: int) -> PlanInfo:
    """A new plan for the next year: tasks, units, work group and indicators, no progress.

    Dates (plan span, task deadlines) move on a year; “2026年” in titles and deadline texts
    becomes “2027年”.  Indicators keep their targets but not their monthly actuals.
    """
    source = get_plan_row(session, plan_id)
    year = source.year
    plan = Plan(title=next_year_title(source.title, year),
                region=source.region, year=year + 1 if year else None,
                issuing_body=source.issuing_body,
                start_date=shift_date(source.start_date), end_date=shift_date(source.end_date),
                goals_text=source.goals_text, number_style=source.number_style)
    session.add(plan)
    session.flush()
    group = get_work_group.in_session(session, plan_id)
    session.add(WorkGroup(plan_id=plan.id, deputy_conveners=[]))
    session.flush()
    set_work_group.in_session(session, plan.id, **work_group_arguments(group))
    for ind in list_indicators.in_session(session, plan_id):
        session.add(Indicator(plan_id=plan.id, position=ind.position, name=ind.name,
                              target=ind.target, measure=ind.measure, comparator=ind.comparator,
                              target_text=ind.target_text,
                              lead_unit_id=ind.lead_unit.id if ind.lead_unit else None))
    copy_task_list(session, plan_id, plan.id)
    shift_task_list_year(session, plan.id, year)
    session.flush()
    return plan_info(plan)
