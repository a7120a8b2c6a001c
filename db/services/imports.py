"""Storing an imported plan: one transaction for the whole plan (or the appended tasks).

Parsers (``exports.importers``) return a ``PlanDraft`` and never touch the database; the
preview asks ``match_units`` which written names are existing units and which would be new,
the clerk may redirect names (``choices``), and ``import_plan`` / ``append_tasks`` write it all
or nothing.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.drafts import PlanDraft, UnitResolver, write_plan, write_tasks
from db.dto import UnitRef
from db.errors import InvalidInput
from db.models import TaskNode
from db.services import action
from db.services.plans import get_plan_row
from db.services.units import clean_name, find_unit, match_key


@dataclass(frozen=True)
class UnitMatch:
    """A unit name as the plan writes it, and what it will be stored as."""

    name: str               # as written (spaces removed)
    uses: int               # how often the plan names it
    existing: UnitRef | None  # the unit it matches, or None: a new unit will be created

    @property
    def is_new(self) -> bool:
        return self.existing is None


def draft_unit_names(draft: PlanDraft, with_plan_parts: bool = True) -> Counter:
    names: Counter = Counter()
    for task in draft.all_tasks():
        names.update(clean_name(n) for n in task.lead_units + task.responsible_units)
    if with_plan_parts:
        wg = draft.work_group
        names.update(clean_name(n) for n in wg.member_units)
        if wg.office_unit:
            names[clean_name(wg.office_unit)] += 1
        names.update(clean_name(i.lead_unit) for i in draft.indicators if i.lead_unit)
    del names[""]
    return names


def rename_units(draft: PlanDraft, choices: dict[str, str]) -> None:
    """Apply the clerk's choices {name as written: name to store} to the draft, in place."""
    if not choices:
        return

    def fix(names: list[str]) -> list[str]:
        out: list[str] = []
        for n in names:
            new = clean_name(choices.get(clean_name(n), n))
            if new and new not in out:
                out.append(new)
        return out

    for task in draft.all_tasks():
        task.lead_units = fix(task.lead_units)
        task.responsible_units = [u for u in fix(task.responsible_units)
                                  if u not in task.lead_units]
    wg = draft.work_group
    wg.member_units = fix(wg.member_units)
    if wg.office_unit:
        wg.office_unit = (fix([wg.office_unit]) or [None])[0]
    for ind in draft.indicators:
        if ind.lead_unit:
            ind.lead_unit = (fix([ind.lead_unit]) or [None])[0]


def _canonical_new_names(names: Counter, matched: dict[str, UnitRef | None],
                         region: str) -> dict[str, str]:
    """New names that are one unit written two ways (科工信局 / 县科工信局) → one spelling:
    the most used, then the longest."""
    groups: dict[str, list[str]] = {}
    for name in names:
        if matched[name] is None:
            groups.setdefault(match_key(name, region), []).append(name)
    out: dict[str, str] = {}
    for spellings in groups.values():
        if len(spellings) > 1:
            best = max(spellings, key=lambda n: (names[n], len(n)))
            out.update({n: best for n in spellings if n != best})
    return out


@action
def match_units(session: Session, draft: PlanDraft, region: str | None = None
                ) -> list[UnitMatch]:
    """Every unit name in the draft with the existing unit it matches (read only)."""
    region = draft.region if region is None else region
    names = draft_unit_names(draft)
    matched: dict[str, UnitRef | None] = {}
    for name in names:
        unit = find_unit(session, name, region)
        matched[name] = UnitRef(unit.id, unit.name) if unit else None
    out = [UnitMatch(name, uses, matched[name]) for name, uses in names.most_common()]
    # new units first (the clerk checks those), most used first
    return sorted(out, key=lambda m: (m.existing is not None, -m.uses, m.name))


def merge_spellings(db, draft: PlanDraft) -> dict[str, str]:
    """Choices that join new names written two ways into one unit (used by the CLI and the
    preview's defaults)."""
    with db.transaction() as session:
        names = draft_unit_names(draft)
        matched = {}
        for name in names:
            unit = find_unit(session, name, draft.region)
            matched[name] = UnitRef(unit.id, unit.name) if unit else None
        return _canonical_new_names(names, matched, draft.region)


@action
def import_plan(session: Session, draft: PlanDraft, choices: dict[str, str] | None = None,
                title: str | None = None) -> int:
    """Store the draft as a new plan (one transaction); returns the new plan id."""
    if title:
        draft.title = title
    rename_units(draft, choices or {})
    if not draft.tasks:
        raise InvalidInput("没有可导入的工作任务。")
    return write_plan.in_session(session, draft)


@action
def append_tasks(session: Session, plan_id: int, draft: PlanDraft,
                 parent_id: int | None = None, choices: dict[str, str] | None = None
                 ) -> list[int]:
    """Add the draft's task list under ``parent_id`` (or at the end of the top level) of an
    existing plan; its title, goals and work group are not used.  Returns the new top ids."""
    plan = get_plan_row(session, plan_id)
    if parent_id is not None:
        parent = session.get(TaskNode, parent_id)
        if parent is None or parent.plan_id != plan_id:
            raise InvalidInput("选定的上级任务不在这个工作方案中。")
    rename_units(draft, choices or {})
    if not draft.tasks:
        raise InvalidInput("没有可导入的工作任务。")
    query = select(func.max(TaskNode.position)).where(TaskNode.plan_id == plan_id)
    query = query.where(TaskNode.parent_id.is_(None) if parent_id is None
                        else TaskNode.parent_id == parent_id)
    last = session.scalar(query)
    first = 0 if last is None else last + 1
    return write_tasks(session, plan_id, draft.tasks, UnitResolver(session, plan.region),
                       parent_id, first)
