"""Storing an imported plan: one transaction for the whole plan (or the appended tasks).

Parsers (``exports.importers``) return a ``PlanDraft`` and never touch the database; the
preview asks ``match_units`` which written names are existing units and which would be new,
the clerk may redirect names (``choices``), and ``import_plan`` / ``append_tasks`` write it all
or nothing.
"""
from __future__ import annotations

import copy
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from db.drafts import PlanDraft, TaskDraft
from db.dto import UnitRef
from db.errors import InvalidInput
from db.models import (Indicator, Plan, TaskNode, TaskUnit, Unit, UnitRole, WorkGroup,
                       WorkGroupMember)
from db.services import action
from db.services.plans import check_plan_fields, get_plan_row
from db.services.units import clean_name, create_unit, find_unit, match_key


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


@dataclass(frozen=True)
class SimilarName:
    """A unit name that will be created new although it reads almost like another one."""

    name: str       # as written in the plan (a new unit)
    like: str       # the other spelling: a unit already in the ledger or another new name
    existing: bool  # ``like`` is a unit already in the ledger


def near_keys(a: str, b: str) -> bool:
    """Two match keys that differ by a word slipped in (畜牧水产中心 / 畜牧水产事务中心):
    the shorter one, at least three characters, is the longer with at most three characters
    left out, and both end in the same kind of unit (局, 中心, 办 …).  Different units such as
    发改局 / 发改委 or 教育局 / 体育局 are not near."""
    short, long = sorted((a, b), key=len)
    if short == long or len(short) < 3 or len(long) - len(short) > 3 or short[-1] != long[-1]:
        return False
    rest = iter(long)
    return all(ch in rest for ch in short)   # short is a subsequence of long


@action
def similar_names(session: Session, draft: PlanDraft,
                  choices: dict[str, str] | None = None) -> list[SimilarName]:
    """New unit names the clerk should look at before importing: each one that reads almost
    like a unit of the ledger or like another new name of the plan (both would be created,
    and a unit written two ways splits its items).  ``choices`` are the spellings
    ``merge_spellings`` already joins; the names it joins are not new units of their own."""
    choices = choices or {}
    region = draft.region
    names = [n for n in draft_unit_names(draft) if n not in choices]
    new = [n for n in names if find_unit(session, n, region) is None]
    known: list[tuple[str, str]] = []        # (match key, unit name) of the ledger
    for unit in session.scalars(select(Unit).options(selectinload(Unit.aliases))):
        for written in (unit.name, *(a.alias for a in unit.aliases)):
            known.append((match_key(written, region), unit.name))
    found: list[SimilarName] = []
    for i, name in enumerate(new):
        key = match_key(name, region)
        like = next((unit for k, unit in known if near_keys(key, k)), None)
        if like is not None:
            found.append(SimilarName(name, like, True))
            continue
        other = next((o for o in new[:i] if near_keys(key, match_key(o, region))), None)
        if other is not None:
            found.append(SimilarName(name, other, False))
    return found


def similar_name_text(similar: SimilarName) -> str:
    """What the clerk is told about a near name (the preview's 提示 tab and ``taizhang import``
    each add what to do about it where they are)."""
    if similar.existing:
        return (f"“{similar.name}”将新建为一个单位，但与已有单位“{similar.like}”名称相近，"
                "可能是同一单位")
    return f"“{similar.name}”与“{similar.like}”名称相近，都将新建为单位，可能是同一单位的两种写法"


def result_line(draft: PlanDraft, appended_to: int | None = None,
                title: str | None = None) -> str:
    """What an import did, in one line (the CLI prints it, the window's status bar shows it):
    ``已导入“…”：12 个工作事项（其中 3 个未明确牵头单位），9 个目标指标。``"""
    items, unassigned = len(draft.work_items()), len(draft.unassigned_items())
    counted = f"{items} 个工作事项" + (f"（其中 {unassigned} 个未明确牵头单位，请在任务树中补充）"
                                    if unassigned else "")
    if appended_to is not None:
        return f"已向工作方案 {appended_to} 追加 {counted}。"
    return f"已导入“{title or draft.title}”：{counted}，{len(draft.indicators)} 个目标指标。"


def _node_text(title: str, content: str) -> str:
    return "".join((content or title or "").split()).rstrip("。；;")


@action
def find_same_plan(session: Session, draft: PlanDraft) -> tuple[int, str] | None:
    """An existing plan with the draft's title and (nearly all) its items: importing the same
    file again.  (plan id, title) or None."""
    wanted = {_node_text(t.title, t.content) for t in draft.all_tasks()} - {""}
    if not wanted:
        return None
    for plan in session.scalars(select(Plan).where(Plan.title == draft.title.strip())):
        have = {_node_text(title, content) for title, content in session.execute(
            select(TaskNode.title, TaskNode.content).where(TaskNode.plan_id == plan.id))}
        if len(wanted & have) >= 0.8 * len(wanted):
            return plan.id, plan.title
    return None


@action
def import_plan(session: Session, draft: PlanDraft, choices: dict[str, str] | None = None,
                title: str | None = None) -> int:
    """Store the draft as a new plan (one transaction); returns the new plan id.  The draft
    itself is left as it is (a failed write leaves the preview's draft untouched)."""
    draft = copy.deepcopy(draft)
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
    draft = copy.deepcopy(draft)
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


# --- writing a draft -------------------------------------------------------------------------------

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
                            remarks=draft.remarks.strip(), start_date=draft.start_date,
                            responsible_leaders=list(draft.responsible_leaders))
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
