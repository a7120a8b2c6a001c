"""A plan not yet in the database: what importers parse and the demo generator builds.

``write_plan`` stores a whole ``PlanDraft`` in the session it is given (so an import is one
transaction: all of it lands or none of it does).  Units are named as the plan writes them and
matched to existing units (name, alias, or the same name without the county prefix).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from db.models import Indicator, Plan, TaskNode, TaskUnit, UnitRole, WorkGroup, WorkGroupMember
from db.services import action
from db.services.plans import check_plan_fields
from db.services.units import clean_name, create_unit, find_unit


@dataclass
class TaskDraft:
    title: str = ""
    content: str = ""
    lead_units: list[str] = field(default_factory=list)
    responsible_units: list[str] = field(default_factory=list)
    responsible_leaders: list[str] = field(default_factory=list)   # people, not units
    deadline: dt.date | None = None
    deadline_text: str = ""
    remarks: str = ""
    start_date: dt.date | None = None
    children: list[TaskDraft] = field(default_factory=list)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class IndicatorDraft:
    name: str
    target: float | None = None
    measure: str = ""
    comparator: str = ""
    target_text: str = ""
    lead_unit: str | None = None


@dataclass
class WorkGroupDraft:
    name: str = ""
    convener: str = ""
    deputy_conveners: list[str] = field(default_factory=list)
    office_unit: str | None = None
    member_units: list[str] = field(default_factory=list)
    office_duties: str = ""


@dataclass
class PlanDraft:
    title: str
    region: str = ""
    year: int | None = None
    issuing_body: str = ""
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    goals_text: str = ""
    number_style: str = "paren"
    work_group: WorkGroupDraft = field(default_factory=WorkGroupDraft)
    indicators: list[IndicatorDraft] = field(default_factory=list)
    tasks: list[TaskDraft] = field(default_factory=list)

    def all_tasks(self):
        for top in self.tasks:
            yield from top.walk()


class UnitResolver:
    """Names as written → unit ids, creating missing units once (cached per write)."""

    def __init__(self, session: Session, region: str = "") -> None:
        self.session = session
        self.region = region
        self.cache: dict[str, int] = {}

    def __call__(self, name: str) -> int:
        key = clean_name(name)
        if key not in self.cache:
            unit = find_unit(self.session, key, self.region)
            self.cache[key] = unit.id if unit else create_unit.in_session(self.session, key).id
        return self.cache[key]

    def many(self, names: list[str]) -> list[int]:
        ids: list[int] = []
        for name in names:
            if clean_name(name):
                unit_id = self(name)
                if unit_id not in ids:
                    ids.append(unit_id)
        return ids


def write_tasks(session: Session, plan_id: int, tasks: list[TaskDraft],
                resolve: UnitResolver, parent_id: int | None = None,
                first_position: int = 0) -> list[int]:
    """Insert draft nodes (with subtrees) under ``parent_id``; returns the new top node ids."""
    new_ids: list[int] = []
    level = [(parent_id, first_position + i, t) for i, t in enumerate(tasks)]
    top = True
    while level:
        nodes = []
        for parent, position, draft in level:
            node = TaskNode(plan_id=plan_id, parent_id=parent, position=position,
                            title=draft.title.strip(), content=draft.content.strip(),
                            deadline=draft.deadline, deadline_text=draft.deadline_text.strip(),
                            remarks=draft.remarks.strip(), start_date=draft.start_date)
            nodes.append((node, draft))
        session.add_all([n for n, _ in nodes])
        session.flush()  # one flush per tree level keeps large imports fast
        if top:
            new_ids = [n.id for n, _ in nodes]
            top = False
        links = []
        for node, draft in nodes:
            for role, names in ((UnitRole.LEAD.value, draft.lead_units),
                                (UnitRole.RESPONSIBLE.value, draft.responsible_units)):
                for i, unit_id in enumerate(resolve.many(names)):
                    links.append(TaskUnit(task_id=node.id, role=role, unit_id=unit_id,
                                          position=i))
        session.add_all(links)
        level = [(node.id, i, child) for node, draft in nodes
                 for i, child in enumerate(draft.children)]
    session.flush()
    return new_ids


@action
def write_plan(session: Session, draft: PlanDraft) -> int:
    """Store a whole draft plan; returns the new plan id."""
    fields = dict(title=draft.title.strip(), region=draft.region, year=draft.year,
                  issuing_body=draft.issuing_body, start_date=draft.start_date,
                  end_date=draft.end_date, goals_text=draft.goals_text,
                  number_style=draft.number_style)
    check_plan_fields(fields)
    plan = Plan(**fields)
    session.add(plan)
    session.flush()
    resolve = UnitResolver(session, draft.region)
    wg = draft.work_group
    session.add(WorkGroup(
        plan_id=plan.id, name=wg.name, convener=wg.convener,
        deputy_conveners=list(wg.deputy_conveners),
        office_unit_id=resolve(wg.office_unit) if wg.office_unit else None,
        office_duties=wg.office_duties,
        members=[WorkGroupMember(unit_id=u, position=i)
                 for i, u in enumerate(resolve.many(wg.member_units))],
    ))
    for i, ind in enumerate(draft.indicators):
        session.add(Indicator(plan_id=plan.id, position=i, name=ind.name, target=ind.target,
                              measure=ind.measure, comparator=ind.comparator,
                              target_text=ind.target_text,
                              lead_unit_id=resolve(ind.lead_unit) if ind.lead_unit else None))
    write_tasks(session, plan.id, draft.tasks, resolve)
    return plan.id
