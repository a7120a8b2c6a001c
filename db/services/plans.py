"""Plans (工作方案), their work group (工作专班) and target indicators (目标指标)."""
from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.dto import IndicatorInfo, PlanInfo, UnitRef, WorkGroupInfo
from db.errors import InvalidInput, NotFound
from db.models import Indicator, IndicatorActual, Plan, Unit, WorkGroup, WorkGroupMember
from db.numbering import NUMBER_STYLES
from db.services import action, check_version

MONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def check_month(month: str) -> str:
    if not isinstance(month, str) or not MONTH_RE.match(month):
        raise InvalidInput(f"月份“{month}”格式不对，应为 YYYY-MM（如 2026-11）。")
    return month


def plan_info(plan: Plan) -> PlanInfo:
    return PlanInfo(id=plan.id, title=plan.title, region=plan.region, year=plan.year,
                    issuing_body=plan.issuing_body, start_date=plan.start_date,
                    end_date=plan.end_date, goals_text=plan.goals_text,
                    number_style=plan.number_style, version=plan.version)


def get_plan_row(session: Session, plan_id: int) -> Plan:
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise NotFound(f"工作方案不存在（编号 {plan_id}）。")
    return plan


PLAN_FIELDS = {"title", "region", "year", "issuing_body", "start_date", "end_date",
               "goals_text", "number_style"}


def check_plan_fields(fields: dict) -> None:
    unknown = set(fields) - PLAN_FIELDS
    if unknown:
        raise ValueError(f"unknown plan fields: {unknown}")
    if "title" in fields and not (fields["title"] or "").strip():
        raise InvalidInput("工作方案标题不能为空。")
    if fields.get("number_style") not in (None, *NUMBER_STYLES):
        raise InvalidInput("编号样式无效。")
    for key in ("start_date", "end_date"):
        if fields.get(key) is not None and not isinstance(fields[key], dt.date):
            raise InvalidInput("日期无效。")
    start, end = fields.get("start_date"), fields.get("end_date")
    if start and end and end < start:
        raise InvalidInput("结束日期不能早于开始日期。")


@action
def create_plan(session: Session, title: str, **fields) -> PlanInfo:
    fields["title"] = (title or "").strip()
    check_plan_fields(fields)
    plan = Plan(**fields)
    session.add(plan)
    session.flush()
    session.add(WorkGroup(plan_id=plan.id, deputy_conveners=[]))
    session.flush()
    return plan_info(plan)


@action
def list_plans(session: Session) -> list[PlanInfo]:
    return [plan_info(p) for p in session.scalars(select(Plan).order_by(Plan.id))]


@action
def get_plan(session: Session, plan_id: int) -> PlanInfo:
    return plan_info(get_plan_row(session, plan_id))


@action
def update_plan(session: Session, plan_id: int, *, expected_version: int | None = None,
                **fields) -> PlanInfo:
    """Change the given fields; a stale ``expected_version`` raises ``ConcurrentEdit``."""
    check_plan_fields(fields)
    plan = session.get(Plan, plan_id, with_for_update=True)
    if expected_version is not None:
        check_version(session, plan, expected_version, what="工作方案",
                      current=lambda: plan_info(plan), attempted=fields)
    plan = get_plan_row(session, plan_id)
    if "title" in fields:
        fields["title"] = fields["title"].strip()
    for key, value in fields.items():
        setattr(plan, key, value)
    session.flush()
    return plan_info(plan)


@action
def delete_plan(session: Session, plan_id: int) -> None:
    session.delete(get_plan_row(session, plan_id))
    session.flush()


# --- work group -------------------------------------------------------------------------------

def _work_group_row(session: Session, plan_id: int) -> WorkGroup:
    get_plan_row(session, plan_id)
    group = session.scalar(select(WorkGroup).where(WorkGroup.plan_id == plan_id))
    if group is None:
        group = WorkGroup(plan_id=plan_id, deputy_conveners=[])
        session.add(group)
        session.flush()
    return group


def _unit_ref(session: Session, unit_id: int | None) -> UnitRef | None:
    if unit_id is None:
        return None
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise NotFound(f"单位不存在（编号 {unit_id}）。")
    return UnitRef(unit.id, unit.name)


@action
def get_work_group(session: Session, plan_id: int) -> WorkGroupInfo:
    group = _work_group_row(session, plan_id)
    members = tuple(_unit_ref(session, m.unit_id) for m in group.members)
    return WorkGroupInfo(plan_id=plan_id, name=group.name, convener=group.convener,
                         deputy_conveners=tuple(group.deputy_conveners or ()),
                         office_unit=_unit_ref(session, group.office_unit_id),
                         member_units=members, office_duties=group.office_duties,
                         version=group.version)


@action
def set_work_group(session: Session, plan_id: int, *, name: str | None = None,
                   convener: str | None = None, deputy_conveners: list[str] | None = None,
                   office_unit_id: int | None | type(...) = ...,
                   member_unit_ids: list[int] | None = None,
                   office_duties: str | None = None,
                   expected_version: int | None = None) -> WorkGroupInfo:
    """Change the given parts of the plan's work group (``None``/omitted parts stay); a stale
    ``expected_version`` raises ``ConcurrentEdit``."""
    group = _work_group_row(session, plan_id)
    if expected_version is not None:
        attempted = {k: v for k, v in dict(
            name=name, convener=convener, deputy_conveners=deputy_conveners,
            office_unit_id=office_unit_id, member_unit_ids=member_unit_ids,
            office_duties=office_duties).items() if v is not None and v is not ...}
        check_version(session, group, expected_version, what="工作专班",
                      current=lambda: get_work_group.in_session(session, plan_id),
                      attempted=attempted)
    if name is not None:
        group.name = name.strip()
    if convener is not None:
        group.convener = convener.strip()
    if deputy_conveners is not None:
        group.deputy_conveners = [d.strip() for d in deputy_conveners if d.strip()]
    if office_unit_id is not ...:
        _unit_ref(session, office_unit_id)
        group.office_unit_id = office_unit_id
    if office_duties is not None:
        group.office_duties = office_duties
    if member_unit_ids is not None:
        seen: list[int] = []
        for unit_id in member_unit_ids:
            _unit_ref(session, unit_id)
            if unit_id not in seen:
                seen.append(unit_id)
        group.members = [WorkGroupMember(unit_id=u, position=i) for i, u in enumerate(seen)]
    session.flush()
    return get_work_group.in_session(session, plan_id)


# --- indicators -------------------------------------------------------------------------------

INDICATOR_FIELDS = {"name", "target", "measure", "comparator", "target_text", "lead_unit_id"}


def indicator_info(session: Session, ind: Indicator) -> IndicatorInfo:
    rows = list(session.scalars(select(IndicatorActual).where(
        IndicatorActual.indicator_id == ind.id).order_by(IndicatorActual.month)))
    actuals = {a.month: a.value for a in rows}
    return IndicatorInfo(id=ind.id, plan_id=ind.plan_id, position=ind.position, name=ind.name,
                         target=ind.target, measure=ind.measure, comparator=ind.comparator,
                         target_text=ind.target_text,
                         lead_unit=_unit_ref(session, ind.lead_unit_id), actuals=actuals,
                         version=ind.version, actual_versions={a.month: a.version for a in rows})


def _indicator_row(session: Session, indicator_id: int) -> Indicator:
    ind = session.get(Indicator, indicator_id)
    if ind is None:
        raise NotFound(f"目标指标不存在（编号 {indicator_id}）。")
    return ind


def _check_indicator_fields(session: Session, fields: dict) -> None:
    unknown = set(fields) - INDICATOR_FIELDS
    if unknown:
        raise ValueError(f"unknown indicator fields: {unknown}")
    if "name" in fields and not (fields["name"] or "").strip():
        raise InvalidInput("指标名称不能为空。")
    if fields.get("target") is not None:
        try:
            fields["target"] = float(fields["target"])
        except (TypeError, ValueError):
            raise InvalidInput(f"目标值“{fields['target']}”不是数字。") from None
    if fields.get("lead_unit_id") is not None:
        _unit_ref(session, fields["lead_unit_id"])


@action
def add_indicator(session: Session, plan_id: int, name: str, **fields) -> IndicatorInfo:
    get_plan_row(session, plan_id)
    fields["name"] = (name or "").strip()
    _check_indicator_fields(session, fields)
    count = len(session.scalars(select(Indicator.id).where(Indicator.plan_id == plan_id)).all())
    ind = Indicator(plan_id=plan_id, position=count, **fields)
    session.add(ind)
    session.flush()
    return indicator_info(session, ind)


@action
def update_indicator(session: Session, indicator_id: int, *,
                     expected_version: int | None = None, **fields) -> IndicatorInfo:
    """Change the given fields; a stale ``expected_version`` raises ``ConcurrentEdit``."""
    _check_indicator_fields(session, fields)
    ind = session.get(Indicator, indicator_id, with_for_update=True)
    if expected_version is not None:
        check_version(session, ind, expected_version,
                      what=f"目标指标“{ind.name}”" if ind else "目标指标",
                      current=lambda: indicator_info(session, ind), attempted=fields)
    ind = _indicator_row(session, indicator_id)
    for key, value in fields.items():
        setattr(ind, key, value)
    session.flush()
    return indicator_info(session, ind)


@action
def delete_indicator(session: Session, indicator_id: int) -> None:
    ind = _indicator_row(session, indicator_id)
    plan_id = ind.plan_id
    session.delete(ind)
    session.flush()
    rest = session.scalars(select(Indicator).where(Indicator.plan_id == plan_id)
                           .order_by(Indicator.position, Indicator.id)).all()
    for i, row in enumerate(rest):
        if row.position != i:
            row.position = i
    session.flush()


@action
def list_indicators(session: Session, plan_id: int) -> list[IndicatorInfo]:
    get_plan_row(session, plan_id)
    rows = session.scalars(select(Indicator).where(Indicator.plan_id == plan_id)
                           .order_by(Indicator.position, Indicator.id))
    return [indicator_info(session, r) for r in rows]


@action
def set_indicator_actual(session: Session, indicator_id: int, month: str,
                         value: float | None, *,
                         expected_version: int | None = None) -> IndicatorInfo:
    """Record (or with ``None`` clear) the actual value of an indicator for a month; a stale
    ``expected_version`` (the month's ``actual_versions`` entry as shown, 0 for none) raises
    ``ConcurrentEdit``."""
    check_month(month)
    ind = _indicator_row(session, indicator_id)
    row = session.scalar(select(IndicatorActual).where(
        IndicatorActual.indicator_id == indicator_id, IndicatorActual.month == month)
        .with_for_update())
    check_version(session, row, expected_version,
                  what=f"指标“{ind.name}”{month[:4]}年{int(month[5:])}月的实际值",
                  current=lambda: SimpleNamespace(month=month, value=row.value),
                  attempted={"value": value})
    if value is None:
        if row is not None:
            session.delete(row)
    else:
        try:
            value = float(value)
        except (TypeError, ValueError):
            raise InvalidInput(f"实际值“{value}”不是数字。") from None
        if row is None:
            session.add(IndicatorActual(indicator_id=indicator_id, month=month, value=value))
        else:
            row.value = value
    session.flush()
    return indicator_info(session, ind)


@action
def delete_indicator_with_snapshot(session: Session, indicator_id: int) -> IndicatorInfo:
    """Delete an indicator; returns it (with its actuals) so ``restore_indicator`` can undo."""
    info = indicator_info(session, _indicator_row(session, indicator_id))
    delete_indicator.in_session(session, indicator_id)
    return info


@action
def restore_indicator(session: Session, info: IndicatorInfo) -> IndicatorInfo:
    """Put a deleted indicator back at its place with its id and monthly actuals."""
    get_plan_row(session, info.plan_id)
    if session.get(Indicator, info.id) is not None:
        raise InvalidInput("要恢复的目标指标已存在。")
    rest = list(session.scalars(select(Indicator).where(Indicator.plan_id == info.plan_id)
                                .order_by(Indicator.position, Indicator.id)))
    ind = Indicator(id=info.id, plan_id=info.plan_id, position=info.position, name=info.name,
                    target=info.target, measure=info.measure, comparator=info.comparator,
                    target_text=info.target_text,
                    lead_unit_id=_unit_ref(session, info.lead_unit.id).id
                    if info.lead_unit else None)
    session.add(ind)
    rest.insert(min(info.position, len(rest)), ind)
    for i, row in enumerate(rest):
        if row.position != i:
            row.position = i
    for month, value in info.actuals.items():
        session.add(IndicatorActual(indicator_id=info.id, month=month, value=value))
    session.flush()
    return indicator_info(session, ind)


@action
def move_indicator(session: Session, indicator_id: int, new_position: int) -> IndicatorInfo:
    ind = _indicator_row(session, indicator_id)
    rest = [r for r in session.scalars(select(Indicator).where(Indicator.plan_id == ind.plan_id)
                                       .order_by(Indicator.position, Indicator.id))
            if r is not ind]
    rest.insert(max(0, min(new_position, len(rest))), ind)
    for i, row in enumerate(rest):
        if row.position != i:
            row.position = i
    session.flush()
    return indicator_info(session, ind)


@action
def save_plan_details(session: Session, plan_id: int, plan_fields: dict, work_group: dict, *,
                      expected_versions: tuple[int, int] | None = None,
                      ) -> tuple[PlanInfo, WorkGroupInfo]:
    """Plan info and work group changed together (one dialog, one transaction, one undo step).

    ``work_group`` takes the keyword arguments of ``set_work_group``; ``expected_versions``
    (plan, work group) as the clerk's dialog showed them: a stale one raises ``ConcurrentEdit``.
    """
    plan_version, group_version = expected_versions or (None, None)
    plan = update_plan.in_session(session, plan_id, expected_version=plan_version,
                                  **plan_fields)
    group = set_work_group.in_session(session, plan_id, expected_version=group_version,
                                      **work_group)
    return plan, group


def work_group_arguments(group: WorkGroupInfo) -> dict:
    """``set_work_group`` arguments that bring a work group back to ``group``."""
    return dict(name=group.name, convener=group.convener,
                deputy_conveners=list(group.deputy_conveners),
                office_unit_id=group.office_unit.id if group.office_unit else None,
                member_unit_ids=[u.id for u in group.member_units],
                office_duties=group.office_duties)


def plan_arguments(plan: PlanInfo) -> dict:
    return {key: getattr(plan, key) for key in PLAN_FIELDS}


@action
def get_indicator(session: Session, indicator_id: int) -> IndicatorInfo:
    return indicator_info(session, _indicator_row(session, indicator_id))
