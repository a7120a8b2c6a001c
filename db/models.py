"""SQLAlchemy 2 models for taizhang.

Names follow the glossary in STYLE.md: plan, work_group, unit, indicator, task (TaskNode),
lead_units / responsible_units, progress, month ("YYYY-MM"), status.

The schema is created and upgraded only by the Alembic migrations in ``db/migrations``;
``Base.metadata`` is what those migrations were written against.
"""
from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    declared_attr,
    deferred,
    mapped_column,
    relationship,
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Status(str, enum.Enum):
    """完成状态 as the office writes it; the value is what is stored and shown."""

    NOT_STARTED = "未启动"
    ON_SCHEDULE = "序时推进"
    AHEAD = "进展较快"
    LAGGING = "进度滞后"
    DONE = "已完成"

    @classmethod
    def values(cls) -> list[str]:
        return [s.value for s in cls]


class Closeout(str, enum.Enum):
    """销号: where a reported 已完成 stands with the office (stored in ``Progress.closeout``).

    ``NONE`` means the entry claims nothing to check (not done), or it was entered before
    close-out existed; a fresh 已完成 starts ``PENDING`` (完成待销号) until the office confirms
    it (``CLOSED``, 已销号) or sends it back (``RETURNED``, 退回).
    """

    NONE = ""
    PENDING = "pending"
    CLOSED = "closed"
    RETURNED = "returned"


class UnitRole(str, enum.Enum):
    LEAD = "lead"
    RESPONSIBLE = "responsible"


class Versioned:
    """Optimistic concurrency: every UPDATE checks and bumps ``version``."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls):
        return {"version_id_col": cls.__table__.c.version}


class Unit(Versioned, Base):
    __tablename__ = "unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    short_name: Mapped[str] = mapped_column(String(100), default="")
    kind: Mapped[str] = mapped_column(String(50), default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    contact_person: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(100), default="")

    aliases: Mapped[list[UnitAlias]] = relationship(
        back_populates="unit", cascade="all, delete-orphan", order_by="UnitAlias.id"
    )


class UnitAlias(Base):
    __tablename__ = "unit_alias"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(200), unique=True)

    unit: Mapped[Unit] = relationship(back_populates="aliases")


class Plan(Versioned, Base):
    __tablename__ = "plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    region: Mapped[str] = mapped_column(String(100), default="")
    year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    issuing_body: Mapped[str] = mapped_column(String(200), default="")
    start_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    end_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    goals_text: Mapped[str] = mapped_column(Text, default="")
    # Numbering scheme of the task list: "paren" numbers the top level （一）, "comma" 一、
    number_style: Mapped[str] = mapped_column(String(20), default="paren")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class WorkGroup(Versioned, Base):
    __tablename__ = "work_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    convener: Mapped[str] = mapped_column(String(200), default="")
    deputy_conveners: Mapped[list] = mapped_column(JSON, default=list)
    office_unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("unit.id", ondelete="RESTRICT"), nullable=True, index=True
    )
    office_duties: Mapped[str] = mapped_column(Text, default="")

    members: Mapped[list[WorkGroupMember]] = relationship(
        cascade="all, delete-orphan", order_by="WorkGroupMember.position"
    )


class WorkGroupMember(Base):
    __tablename__ = "work_group_member"

    work_group_id: Mapped[int] = mapped_column(
        ForeignKey("work_group.id", ondelete="CASCADE"), primary_key=True
    )
    unit_id: Mapped[int] = mapped_column(
        ForeignKey("unit.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)


class Indicator(Versioned, Base):
    __tablename__ = "indicator"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(300))
    target: Mapped[float | None] = mapped_column(Float, nullable=True)
    measure: Mapped[str] = mapped_column(String(50), default="")
    comparator: Mapped[str] = mapped_column(String(20), default="")
    target_text: Mapped[str] = mapped_column(String(300), default="")
    lead_unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("unit.id", ondelete="RESTRICT"), nullable=True, index=True
    )


class IndicatorActual(Versioned, Base):
    __tablename__ = "indicator_actual"
    __table_args__ = (UniqueConstraint("indicator_id", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("indicator.id", ondelete="CASCADE"), index=True
    )
    month: Mapped[str] = mapped_column(String(7))
    value: Mapped[float] = mapped_column(Float)


class TaskNode(Versioned, Base):
    """A node of the task list: category, task, work item, sub-item ... at any depth.

    The official number (一、 （一） 1. （1）) is derived from the position and never stored.
    """

    __tablename__ = "task_node"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("task_node.id", ondelete="CASCADE"), nullable=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(Text, default="")
    content: Mapped[str] = mapped_column(Text, default="")
    start_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    deadline: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    deadline_text: Mapped[str] = mapped_column(String(200), default="")
    remarks: Mapped[str] = mapped_column(Text, default="")
    # 责任领导 / 牵头县领导: people, in the order the plan names them (never units)
    responsible_leaders: Mapped[list] = mapped_column(JSON, default=list)


class TaskUnit(Base):
    """A lead or responsible unit of a task node, in the order the plan lists them."""

    __tablename__ = "task_unit"
    __table_args__ = (CheckConstraint("role in ('lead', 'responsible')", name="role"),)

    task_id: Mapped[int] = mapped_column(
        ForeignKey("task_node.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(20), primary_key=True)
    unit_id: Mapped[int] = mapped_column(
        ForeignKey("unit.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)


class Progress(Versioned, Base):
    """月度进展 of one work item in one month (unique per item and month)."""

    __tablename__ = "progress"
    __table_args__ = (
        UniqueConstraint("task_id", "month"),
        CheckConstraint("percent is null or (percent >= 0 and percent <= 100)", name="percent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task_node.id", ondelete="CASCADE"), index=True)
    month: Mapped[str] = mapped_column(String(7), index=True)
    status: Mapped[str] = mapped_column(String(20), default=Status.NOT_STARTED.value)
    percent: Mapped[int | None] = mapped_column(Integer, nullable=True)
    progress_text: Mapped[str] = mapped_column(Text, default="")
    problems: Mapped[str] = mapped_column(Text, default="")
    next_steps: Mapped[str] = mapped_column(Text, default="")
    reporting_unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("unit.id", ondelete="RESTRICT"), nullable=True, index=True
    )
    entered_by: Mapped[str] = mapped_column(String(100), default="")
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # 销号 of a reported 已完成 (``Closeout``): the office's decision, when, who, and its note
    # (the reason when sent back).
    closeout: Mapped[str] = mapped_column(String(20), default=Closeout.NONE.value)
    closeout_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    closeout_by: Mapped[str] = mapped_column(String(100), default="")
    closeout_note: Mapped[str] = mapped_column(Text, default="")


class DeadlineChange(Base):
    """延期: one approved change of a work item's 完成时限, oldest first.

    ``TaskNode.deadline`` always holds the current deadline (so 序时进度 and 逾期 follow it);
    the first change's ``old_*`` is the deadline the plan set (原定).
    """

    __tablename__ = "deadline_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task_node.id", ondelete="CASCADE"), index=True)
    old_deadline: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    old_deadline_text: Mapped[str] = mapped_column(String(200), default="")
    new_deadline: Mapped[dt.date] = mapped_column(Date)
    new_deadline_text: Mapped[str] = mapped_column(String(200), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    approved_by: Mapped[str] = mapped_column(String(100), default="")
    approved_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    entered_by: Mapped[str] = mapped_column(String(100), default="")
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class DeadlineRequest(Base):
    """延期申请: a unit's request, in its returned 回收表, for a later 完成时限 — pending until
    the office grants it (then ``change_id`` is the ``DeadlineChange`` it made) or refuses it
    (``decision_note``: why).  ``state``: "pending", "granted" or "refused"."""

    __tablename__ = "deadline_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task_node.id", ondelete="CASCADE"), index=True)
    month: Mapped[str] = mapped_column(String(7))
    unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("unit.id", ondelete="SET NULL"), nullable=True)
    requested_deadline: Mapped[dt.date] = mapped_column(Date)
    requested_text: Mapped[str] = mapped_column(String(200), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    file_name: Mapped[str] = mapped_column(String(300), default="")
    state: Mapped[str] = mapped_column(String(20), default="pending")
    decided_by: Mapped[str] = mapped_column(String(100), default="")
    decided_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    decision_note: Mapped[str] = mapped_column(Text, default="")
    change_id: Mapped[int | None] = mapped_column(
        ForeignKey("deadline_change.id", ondelete="SET NULL"), nullable=True)
    entered_by: Mapped[str] = mapped_column(String(100), default="")
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Evidence(Base):
    """佐证材料: a file kept inside the ledger with a work item's month (one file holds all).

    ``data`` is deferred: listing names never reads the blobs.
    """

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task_node.id", ondelete="CASCADE"), index=True)
    month: Mapped[str] = mapped_column(String(7), index=True)
    name: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    added_by: Mapped[str] = mapped_column(String(100), default="")
    added_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class ChangeLog(Base):
    """Every insert, update and delete of a user-visible field, written by ``db.changelog``."""

    __tablename__ = "change_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    user: Mapped[str] = mapped_column(String(100), default="")
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(10))  # insert / update / delete
    field: Mapped[str] = mapped_column(String(100), default="")
    old_value: Mapped[str | None] = mapped_column(Text, nullable=True)
    new_value: Mapped[str | None] = mapped_column(Text, nullable=True)


class LedgerSetting(Base):
    """A value the ledger keeps for itself (the returns signing secret)."""

    __tablename__ = "ledger_setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class ReturnsSent(Base):
    """A 回收表 made for one lead unit, plan and month (made again: the same row, updated)."""

    __tablename__ = "returns_sent"
    __table_args__ = (UniqueConstraint("plan_id", "month", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    month: Mapped[str] = mapped_column(String(7))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    file_name: Mapped[str] = mapped_column(String(300), default="")
    items: Mapped[int] = mapped_column(Integer, default=0)
    signature: Mapped[str] = mapped_column(String(64), default="")
    made_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    made_by: Mapped[str] = mapped_column(String(100), default="")


class ReturnsReceived(Base):
    """A returned 回收表 that was loaded (one row per loaded file)."""

    __tablename__ = "returns_received"

    id: Mapped[int] = mapped_column(primary_key=True)
    sent_id: Mapped[int] = mapped_column(ForeignKey("returns_sent.id", ondelete="CASCADE"),
                                         index=True)
    file_name: Mapped[str] = mapped_column(String(300), default="")
    filled_rows: Mapped[int] = mapped_column(Integer, default=0)
    loaded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    loaded_by: Mapped[str] = mapped_column(String(100), default="")
