"""Units (单位): create, edit, aliases, match names as plans write them, merge, delete."""
from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from db.dto import UnitInfo, UnitRef, UnitUsage
from db.errors import InvalidInput, KnownError, NotFound
from db.models import (
    Indicator,
    Progress,
    TaskUnit,
    Unit,
    UnitAlias,
    WorkGroup,
    WorkGroupMember,
)
from db.services import action, check_version

_SPACES = re.compile(r"\s+")
# Prefixes a plan may put before a county department's name: 县, 平江县, 攸县 ...
_COUNTY_PREFIX = re.compile(r"^(?:[\u4e00-\u9fff]{1,6}?[县市区旗])?")


def clean_name(name: str) -> str:
    """Remove stray spaces inside a name (县 人社局 → 县人社局) and around it."""
    return _SPACES.sub("", name or "")


def match_key(name: str, region: str = "") -> str:
    """A key under which 科工信局, 县科工信局 and 平江县科工信局 are the same unit.

    Drops spaces, the region's own name (平江县 / 平江) and a leading 县/市/区.
    """
    key = clean_name(name)
    region = clean_name(region)
    for prefix in (region, region[:-1] if len(region) > 1 else ""):
        if prefix and key.startswith(prefix) and len(key) > len(prefix) + 1:
            key = key[len(prefix):]
            break
    if len(key) > 2 and key[0] in "县市区" and key[1] not in "委政":
        key = key[1:]
    return key


def to_info(unit: Unit) -> UnitInfo:
    return UnitInfo(
        id=unit.id, name=unit.name, short_name=unit.short_name, kind=unit.kind,
        sort_order=unit.sort_order, contact_person=unit.contact_person, phone=unit.phone,
        aliases=tuple(a.alias for a in unit.aliases), version=unit.version,
    )


def _get(session: Session, unit_id: int) -> Unit:
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise NotFound(f"单位不存在（编号 {unit_id}）。")
    return unit


@action
def list_units(session: Session) -> list[UnitInfo]:
    rows = session.scalars(
        select(Unit).options(selectinload(Unit.aliases)).order_by(Unit.sort_order, Unit.id)
    )
    return [to_info(u) for u in rows]


@action
def get_unit(session: Session, unit_id: int) -> UnitInfo:
    return to_info(_get(session, unit_id))


def _check_name_free(session: Session, name: str, except_id: int | None = None) -> None:
    other = session.scalar(select(Unit).where(Unit.name == name))
    if other is not None and other.id != except_id:
        raise InvalidInput(f"已有名为“{name}”的单位。")
    alias = session.scalar(select(UnitAlias).where(UnitAlias.alias == name))
    if alias is not None and alias.unit_id != except_id:
        raise InvalidInput(f"“{name}”已是单位“{alias.unit.name}”的别名。")


@action
def create_unit(session: Session, name: str, *, short_name: str = "", kind: str = "",
                contact_person: str = "", phone: str = "", sort_order: int | None = None,
                aliases: list[str] | tuple[str, ...] = ()) -> UnitInfo:
    name = clean_name(name)
    if not name:
        raise InvalidInput("单位名称不能为空。")
    _check_name_free(session, name)
    if sort_order is None:
        sort_order = (session.scalar(select(func.max(Unit.sort_order))) or 0) + 1
    unit = Unit(name=name, short_name=short_name, kind=kind, contact_person=contact_person,
                phone=phone, sort_order=sort_order)
    session.add(unit)
    session.flush()
    if aliases:
        set_aliases.in_session(session, unit.id, list(aliases))
    return to_info(unit)


UNIT_FIELDS = {"name", "short_name", "kind", "sort_order", "contact_person", "phone"}


@action
def update_unit(session: Session, unit_id: int, *, expected_version: int | None = None,
                **fields) -> UnitInfo:
    """Change the given fields; a stale ``expected_version`` raises ``ConcurrentEdit``."""
    unknown = set(fields) - UNIT_FIELDS
    if unknown:
        raise ValueError(f"unknown unit fields: {unknown}")
    unit = session.get(Unit, unit_id, with_for_update=True)
    if expected_version is not None:
        check_version(session, unit, expected_version,
                      what=f"单位“{unit.name}”" if unit else "单位",
                      current=lambda: to_info(unit), attempted=fields)
    unit = _get(session, unit_id)
    if "name" in fields:
        fields["name"] = clean_name(fields["name"])
        if not fields["name"]:
            raise InvalidInput("单位名称不能为空。")
        if fields["name"] != unit.name:
            _check_name_free(session, fields["name"], except_id=unit.id)
    for key, value in fields.items():
        setattr(unit, key, value)
    session.flush()
    return to_info(unit)


@action
def set_aliases(session: Session, unit_id: int, aliases: list[str]) -> UnitInfo:
    unit = _get(session, unit_id)
    wanted: list[str] = []
    for alias in aliases:
        alias = clean_name(alias)
        if alias and alias != unit.name and alias not in wanted:
            wanted.append(alias)
    for alias in wanted:
        owner = session.scalar(select(Unit).where(Unit.name == alias))
        if owner is not None:
            raise InvalidInput(f"别名“{alias}”是另一个单位的名称。")
        taken = session.scalar(select(UnitAlias).where(UnitAlias.alias == alias))
        if taken is not None and taken.unit_id != unit.id:
            raise InvalidInput(f"别名“{alias}”已属于单位“{taken.unit.name}”。")
    unit.aliases = [a for a in unit.aliases if a.alias in wanted]
    have = {a.alias for a in unit.aliases}
    for alias in wanted:
        if alias not in have:
            unit.aliases.append(UnitAlias(alias=alias))
    session.flush()
    return to_info(unit)


def find_unit(session: Session, name: str, region: str = "") -> Unit | None:
    """The unit a plan means by ``name``: exact name, then alias, then the same match key."""
    name = clean_name(name)
    if not name:
        return None
    unit = session.scalar(select(Unit).where(Unit.name == name))
    if unit is not None:
        return unit
    alias = session.scalar(select(UnitAlias).where(UnitAlias.alias == name))
    if alias is not None:
        return alias.unit
    key = match_key(name, region)
    for candidate in session.scalars(select(Unit).options(selectinload(Unit.aliases))):
        names = [candidate.name, *(a.alias for a in candidate.aliases)]
        if any(match_key(n, region) == key for n in names):
            return candidate
    return None


@action
def resolve_units(session: Session, names: list[str], region: str = "",
                  create: bool = True) -> list[UnitRef]:
    """Units for names as written in a plan, creating the missing ones (in order, no repeats)."""
    refs: list[UnitRef] = []
    for name in names:
        unit = find_unit(session, name, region)
        if unit is None:
            if not create:
                raise NotFound(f"没有名为“{clean_name(name)}”的单位。")
            info = create_unit.in_session(session, name)
            ref = UnitRef(info.id, info.name)
        else:
            ref = UnitRef(unit.id, unit.name)
        if ref not in refs:
            refs.append(ref)
    return refs


@action
def unit_usage(session: Session, unit_id: int) -> UnitUsage:
    unit = _get(session, unit_id)

    def task_ids(role: str) -> tuple[int, ...]:
        return tuple(session.scalars(select(TaskUnit.task_id).where(
            TaskUnit.unit_id == unit_id, TaskUnit.role == role)))

    return UnitUsage(
        unit=UnitRef(unit.id, unit.name),
        lead_of=task_ids("lead"),
        responsible_for=task_ids("responsible"),
        office_of_plans=tuple(session.scalars(
            select(WorkGroup.plan_id).where(WorkGroup.office_unit_id == unit_id))),
        member_of_plans=tuple(session.scalars(
            select(WorkGroup.plan_id).join(WorkGroupMember,
                                           WorkGroupMember.work_group_id == WorkGroup.id)
            .where(WorkGroupMember.unit_id == unit_id))),
        indicators=tuple(session.scalars(
            select(Indicator.id).where(Indicator.lead_unit_id == unit_id))),
        progress_reports=session.scalar(
            select(func.count()).select_from(Progress)
            .where(Progress.reporting_unit_id == unit_id)) or 0,
    )


@action
def delete_unit(session: Session, unit_id: int) -> None:
    usage = unit_usage.in_session(session, unit_id)
    if usage.total:
        raise KnownError(f"单位“{usage.unit.name}”仍被使用（{usage.describe()}），不能删除。"
                         "可先把它合并到另一个单位。")
    session.delete(_get(session, unit_id))
    session.flush()


def _move_ordered_refs(session: Session, model, owner_cols: tuple[str, ...],
                       keep_id: int, gone_id: int) -> None:
    """Point ``unit_id`` rows from gone to keep; where the owner already lists keep, drop gone."""
    for row in list(session.scalars(select(model).where(model.unit_id == gone_id))):
        owner = {c: getattr(row, c) for c in owner_cols}
        clash = session.scalar(select(model).filter_by(unit_id=keep_id, **owner))
        if clash is not None:
            # keep the earlier of the two places in the list
            clash.position = min(clash.position, row.position)
            session.delete(row)
        else:
            row.unit_id = keep_id
    session.flush()


@action
def merge_units(session: Session, keep_id: int, merge_id: int) -> UnitInfo:
    """Merge unit ``merge_id`` into ``keep_id``: every reference moves, its names become aliases."""
    if keep_id == merge_id:
        raise InvalidInput("不能把单位合并到它自己。")
    keep = _get(session, keep_id)
    gone = _get(session, merge_id)
    _move_ordered_refs(session, TaskUnit, ("task_id", "role"), keep_id, merge_id)
    _move_ordered_refs(session, WorkGroupMember, ("work_group_id",), keep_id, merge_id)
    # Row by row through the ORM (not bulk UPDATEs) so the change log sees every move.
    for model, column in ((WorkGroup, "office_unit_id"), (Indicator, "lead_unit_id"),
                          (Progress, "reporting_unit_id")):
        for row in session.scalars(select(model).where(getattr(model, column) == merge_id)):
            setattr(row, column, keep_id)
    names = [gone.name, *(a.alias for a in gone.aliases)]
    session.delete(gone)  # its aliases go with it (cascade), then return as the kept unit's
    session.flush()
    # The kept unit's own details (contact, phone, kind) win; the merged one's stay in the log.
    return set_aliases.in_session(session, keep_id, [*(a.alias for a in keep.aliases), *names])


# --- snapshots for undo -------------------------------------------------------------------------

def _columns(obj) -> dict:
    """A row's columns, without the optimistic ``version`` (a restored row starts afresh)."""
    return {c.key: getattr(obj, c.key) for c in obj.__mapper__.column_attrs if c.key != "version"}


@dataclass(frozen=True)
class MergeSnapshot:
    """What a merge changed, so ``unmerge_units`` can split the two units apart again."""

    keep_id: int
    merged: dict                      # the merged unit's own columns (id, name, kind, ...)
    merged_aliases: tuple[str, ...]
    keep_aliases: tuple[str, ...]     # the kept unit's aliases before the merge
    task_units: tuple[dict, ...]      # TaskUnit rows of both units before the merge
    members: tuple[dict, ...]         # WorkGroupMember rows of both units before the merge
    office_of: tuple[int, ...]        # work group ids whose office was the merged unit
    indicators: tuple[int, ...]
    progress: tuple[int, ...]


def _unit_rows(session: Session, model, unit_ids: tuple[int, ...]) -> tuple[dict, ...]:
    return tuple(_columns(r) for r in session.scalars(
        select(model).where(model.unit_id.in_(unit_ids))))


@action
def merge_units_with_snapshot(session: Session, keep_id: int, merge_id: int) -> MergeSnapshot:
    """``merge_units`` that also returns what it changed (for undo), in the same transaction."""
    if keep_id == merge_id:
        raise InvalidInput("不能把单位合并到它自己。")
    keep, gone = _get(session, keep_id), _get(session, merge_id)
    both = (keep_id, merge_id)
    snapshot = MergeSnapshot(
        keep_id=keep_id, merged=_columns(gone),
        merged_aliases=tuple(a.alias for a in gone.aliases),
        keep_aliases=tuple(a.alias for a in keep.aliases),
        task_units=_unit_rows(session, TaskUnit, both),
        members=_unit_rows(session, WorkGroupMember, both),
        office_of=tuple(session.scalars(select(WorkGroup.id)
                                        .where(WorkGroup.office_unit_id == merge_id))),
        indicators=tuple(session.scalars(select(Indicator.id)
                                         .where(Indicator.lead_unit_id == merge_id))),
        progress=tuple(session.scalars(select(Progress.id)
                                       .where(Progress.reporting_unit_id == merge_id))),
    )
    merge_units.in_session(session, keep_id, merge_id)
    return snapshot


@action
def unmerge_units(session: Session, snapshot: MergeSnapshot) -> UnitInfo:
    """Undo a merge: the merged unit returns with its id, names and every reference it had."""
    keep = _get(session, snapshot.keep_id)
    merge_id = snapshot.merged["id"]
    if session.get(Unit, merge_id) is not None:
        raise InvalidInput("被合并的单位已存在，无法重复撤销合并。")
    # The kept unit gives back the names it took over.
    keep.aliases = [a for a in keep.aliases if a.alias in snapshot.keep_aliases]
    session.flush()
    gone = Unit(**snapshot.merged)
    session.add(gone)
    session.flush()
    for alias in snapshot.merged_aliases:
        gone.aliases.append(UnitAlias(alias=alias))
    both = (snapshot.keep_id, merge_id)
    for model, rows in ((TaskUnit, snapshot.task_units), (WorkGroupMember, snapshot.members)):
        for row in session.scalars(select(model).where(model.unit_id.in_(both))):
            session.delete(row)
        session.flush()
        for row in rows:
            session.add(model(**row))
        session.flush()
    for model, column, ids in ((WorkGroup, "office_unit_id", snapshot.office_of),
                               (Indicator, "lead_unit_id", snapshot.indicators),
                               (Progress, "reporting_unit_id", snapshot.progress)):
        for row in session.scalars(select(model).where(model.id.in_(ids))):
            setattr(row, column, merge_id)
    session.flush()
    return to_info(gone)


@action
def delete_unused_unit(session: Session, unit_id: int) -> UnitInfo:
    """``delete_unit`` that returns the unit as it was, so ``restore_unit`` can undo it."""
    info = to_info(_get(session, unit_id))
    delete_unit.in_session(session, unit_id)
    return info


@action
def restore_unit(session: Session, info: UnitInfo) -> UnitInfo:
    """Create a unit again with the id, fields and aliases it had (undo of delete/create)."""
    if session.get(Unit, info.id) is not None:
        raise InvalidInput(f"单位“{info.name}”已存在。")
    _check_name_free(session, info.name)
    unit = Unit(id=info.id, name=info.name, short_name=info.short_name, kind=info.kind,
                sort_order=info.sort_order, contact_person=info.contact_person,
                phone=info.phone)
    session.add(unit)
    session.flush()
    if info.aliases:
        set_aliases.in_session(session, unit.id, list(info.aliases))
    return to_info(unit)


@action
def lookup_unit(session: Session, name: str, region: str = "") -> UnitRef | None:
    """The unit a clerk means by a typed name (name, alias, or name without the county prefix)."""
    unit = find_unit(session, name, region)
    return UnitRef(unit.id, unit.name) if unit is not None else None
