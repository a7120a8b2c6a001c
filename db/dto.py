"""Plain frozen dataclasses that services hand to callers (never live ORM objects)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class UnitRef:
    id: int
    name: str


@dataclass(frozen=True)
class UnitInfo:
    id: int
    name: str
    short_name: str
    kind: str
    sort_order: int
    contact_person: str
    phone: str
    aliases: tuple[str, ...]
    version: int

    @property
    def ref(self) -> UnitRef:
        return UnitRef(self.id, self.name)


@dataclass(frozen=True)
class UnitUsage:
    """Where a unit is referenced (to tell the clerk why it cannot be deleted)."""

    unit: UnitRef
    lead_of: tuple[int, ...] = ()           # task ids
    responsible_for: tuple[int, ...] = ()   # task ids
    office_of_plans: tuple[int, ...] = ()
    member_of_plans: tuple[int, ...] = ()
    indicators: tuple[int, ...] = ()
    progress_reports: int = 0

    @property
    def total(self) -> int:
        return (len(self.lead_of) + len(self.responsible_for) + len(self.office_of_plans)
                + len(self.member_of_plans) + len(self.indicators) + self.progress_reports)

    def describe(self) -> str:
        parts = []
        if self.lead_of:
            parts.append(f"{len(self.lead_of)} 个事项的牵头单位")
        if self.responsible_for:
            parts.append(f"{len(self.responsible_for)} 个事项的责任单位")
        if self.office_of_plans:
            parts.append(f"{len(self.office_of_plans)} 个专班的办公室")
        if self.member_of_plans:
            parts.append(f"{len(self.member_of_plans)} 个专班的成员单位")
        if self.indicators:
            parts.append(f"{len(self.indicators)} 个目标指标的牵头单位")
        if self.progress_reports:
            parts.append(f"{self.progress_reports} 条月度进展的填报单位")
        return "、".join(parts)


@dataclass(frozen=True)
class PlanInfo:
    id: int
    title: str
    region: str
    year: int | None
    issuing_body: str
    start_date: dt.date | None
    end_date: dt.date | None
    goals_text: str
    number_style: str
    version: int


@dataclass(frozen=True)
class WorkGroupInfo:
    plan_id: int
    name: str
    convener: str
    deputy_conveners: tuple[str, ...]
    office_unit: UnitRef | None
    member_units: tuple[UnitRef, ...]
    office_duties: str
    version: int = 1


@dataclass(frozen=True)
class TaskInfo:
    """One node of the task list with its derived official number and depth."""

    id: int
    plan_id: int
    parent_id: int | None
    position: int
    depth: int
    number: str
    title: str
    content: str
    lead_units: tuple[UnitRef, ...]
    responsible_units: tuple[UnitRef, ...]
    start_date: dt.date | None
    deadline: dt.date | None
    deadline_text: str
    remarks: str
    responsible_leaders: tuple[str, ...]
    child_count: int
    version: int

    @property
    def is_leaf(self) -> bool:
        return self.child_count == 0

    @property
    def text(self) -> str:
        """What the tree shows: the title, or the content when there is no title."""
        return self.title or self.content


@dataclass(frozen=True)
class ProgressInfo:
    id: int
    task_id: int
    month: str
    status: str
    percent: int | None
    progress_text: str
    problems: str
    next_steps: str
    reporting_unit: UnitRef | None
    entered_by: str
    entered_at: dt.datetime
    version: int
    closeout: str = ""      # 销号 state (``db.models.Closeout``); "" when there is none


@dataclass(frozen=True)
class IndicatorInfo:
    id: int
    plan_id: int
    position: int
    name: str
    target: float | None
    measure: str
    comparator: str
    target_text: str
    lead_unit: UnitRef | None
    actuals: dict[str, float] = field(default_factory=dict)
    version: int = 1
    actual_versions: dict[str, int] = field(default_factory=dict)  # month: its entry's version
