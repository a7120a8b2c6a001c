"""A plan not yet in the database: what importers parse and the demo generator builds.

Dataclasses only; ``db.services.imports`` writes them (one transaction per import).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field



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

    def work_items(self) -> list[TaskDraft]:
        """The leaves: what the preview, the result line and the ledger count as 工作事项."""
        return [t for t in self.all_tasks() if not t.children]

    def unassigned_items(self) -> list[TaskDraft]:
        """Work items no lead unit was read for (flagged 未明确牵头单位 in the preview)."""
        return [t for t in self.work_items() if not t.lead_units]
