"""The task list (重点工作任务清单): a tree of categories, tasks, work items, sub-items.

Positions among siblings are kept dense (0, 1, 2 …) by every action, so the derived official
numbers (``db.numbering``) always follow what the clerk sees.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.dto import TaskInfo, UnitRef
from db.errors import InvalidInput, NotFound
from db.models import Plan, Progress, TaskNode, TaskUnit, Unit, UnitRole
from db.numbering import number_nodes
from db.services import action, check_version
from db.services.plans import get_plan_row

TASK_FIELDS = {"title", "content", "start_date", "deadline", "deadline_text", "remarks",
               "responsible_leaders"}


def _row(session: Session, task_id: int, *, lock: bool = False) -> TaskNode:
    node = session.get(TaskNode, task_id, with_for_update=lock or None)
    if node is None:
        raise NotFound(f"工作事项不存在（编号 {task_id}）。")
    return node


def _edited_row(session: Session, task_id: int, expected_version: int | None,
                attempted: dict) -> TaskNode:
    """The node an edit changes, locked; a ``ConcurrentEdit`` if the clerk's copy is stale."""
    if expected_version is None:
        return _row(session, task_id, lock=True)
    node = session.get(TaskNode, task_id, with_for_update=True)
    check_version(session, node, expected_version, what=_label(node, task_id),
                  current=lambda: task_info(session, task_id), attempted=attempted)
    return node


def _label(node: TaskNode | None, task_id: int) -> str:
    text = (node.title or node.content).strip() if node is not None else ""
    if not text:
        return f"工作事项（编号 {task_id}）"
    text = text if len(text) <= 20 else text[:20] + "…"
    return f"工作事项“{text}”"


def _touch(node: TaskNode) -> None:
    """Count a change of the node's units as a change of the node (its version goes up)."""
    node.version = node.version + 1


def _lock_plan(session: Session, plan_id: int) -> Plan:
    """Take the plan's row lock before reading or changing sibling positions.

    Structure edits of one plan then run one after the other on PostgreSQL too (SQLite's write
    lock already does this), so two adds under one parent never get the same position.
    """
    plan = session.get(Plan, plan_id, with_for_update=True)
    if plan is None:
        raise NotFound(f"工作方案不存在（编号 {plan_id}）。")
    return plan


def _siblings(session: Session, plan_id: int, parent_id: int | None) -> list[TaskNode]:
    query = select(TaskNode).where(TaskNode.plan_id == plan_id)
    query = query.where(TaskNode.parent_id.is_(None) if parent_id is None
                        else TaskNode.parent_id == parent_id)
    return list(session.scalars(query.order_by(TaskNode.position, TaskNode.id)))


def _renumber(nodes: list[TaskNode]) -> None:
    for i, node in enumerate(nodes):
        if node.position != i:
            node.position = i


def load_tree_in_session(session: Session, plan_id: int) -> list[TaskInfo]:
    plan = get_plan_row(session, plan_id)
    rows = session.execute(
        select(TaskNode.id, TaskNode.parent_id, TaskNode.position, TaskNode.title,
               TaskNode.content, TaskNode.start_date, TaskNode.deadline, TaskNode.deadline_text,
               TaskNode.remarks, TaskNode.responsible_leaders, TaskNode.version)
        .where(TaskNode.plan_id == plan_id)
        .order_by(TaskNode.position, TaskNode.id)
    ).all()
    units: dict[tuple[int, str], list[UnitRef]] = defaultdict(list)
    for task_id, role, unit_id, name in session.execute(
        select(TaskUnit.task_id, TaskUnit.role, Unit.id, Unit.name)
        .join(Unit, Unit.id == TaskUnit.unit_id)
        .join(TaskNode, TaskNode.id == TaskUnit.task_id)
        .where(TaskNode.plan_id == plan_id)
        .order_by(TaskUnit.task_id, TaskUnit.role, TaskUnit.position)
    ):
        units[(task_id, role)].append(UnitRef(unit_id, name))

    children: dict[int | None, list] = defaultdict(list)
    for row in rows:
        children[row.parent_id].append(row)
    order: list[tuple] = []  # (row, depth)
    stack = [(r, 0) for r in reversed(children[None])]
    while stack:
        row, depth = stack.pop()
        order.append((row, depth))
        stack.extend((c, depth + 1) for c in reversed(children[row.id]))
    numbers = number_nodes(plan.number_style, [(r.id, r.parent_id, d) for r, d in order])
    lead, responsible = UnitRole.LEAD.value, UnitRole.RESPONSIBLE.value  # once, not per row
    return [
        TaskInfo(id=r.id, plan_id=plan_id, parent_id=r.parent_id, position=r.position,
                 depth=d, number=numbers[r.id], title=r.title, content=r.content,
                 lead_units=tuple(units[(r.id, lead)]),
                 responsible_units=tuple(units[(r.id, responsible)]),
                 start_date=r.start_date, deadline=r.deadline, deadline_text=r.deadline_text,
                 remarks=r.remarks, responsible_leaders=tuple(r.responsible_leaders or ()),
                 child_count=len(children[r.id]), version=r.version)
        for r, d in order
    ]


@action
def load_tree(session: Session, plan_id: int) -> list[TaskInfo]:
    """The plan's whole task list in reading order (pre-order), numbered."""
    return load_tree_in_session(session, plan_id)


def task_info(session: Session, task_id: int) -> TaskInfo:
    """One node with its number and depth.

    The number depends on the whole list (the ``1.`` level runs on across categories), so the
    plan's skeleton (id, parent, position) is read, but only this node's text and units.
    """
    node = _row(session, task_id)
    plan = get_plan_row(session, node.plan_id)
    skeleton = session.execute(
        select(TaskNode.id, TaskNode.parent_id)
        .where(TaskNode.plan_id == node.plan_id)
        .order_by(TaskNode.position, TaskNode.id)
    ).all()
    children: dict[int | None, list[int]] = defaultdict(list)
    for node_id, parent_id in skeleton:
        children[parent_id].append(node_id)
    order: list[tuple[int, int | None, int]] = []
    stack = [(i, None, 0) for i in reversed(children[None])]
    depth_of: dict[int, int] = {}
    while stack:
        node_id, parent_id, depth = stack.pop()
        order.append((node_id, parent_id, depth))
        depth_of[node_id] = depth
        stack.extend((c, node_id, depth + 1) for c in reversed(children[node_id]))
    numbers = number_nodes(plan.number_style, order)
    units: dict[str, list[UnitRef]] = defaultdict(list)
    for role, unit_id, name in session.execute(
        select(TaskUnit.role, Unit.id, Unit.name)
        .join(Unit, Unit.id == TaskUnit.unit_id)
        .where(TaskUnit.task_id == task_id)
        .order_by(TaskUnit.role, TaskUnit.position)
    ):
        units[role].append(UnitRef(unit_id, name))
    return TaskInfo(id=node.id, plan_id=node.plan_id, parent_id=node.parent_id,
                    position=node.position, depth=depth_of[node.id], number=numbers[node.id],
                    title=node.title, content=node.content,
                    lead_units=tuple(units[UnitRole.LEAD.value]),
                    responsible_units=tuple(units[UnitRole.RESPONSIBLE.value]),
                    start_date=node.start_date, deadline=node.deadline,
                    deadline_text=node.deadline_text, remarks=node.remarks,
                    responsible_leaders=tuple(node.responsible_leaders or ()),
                    child_count=len(children[node.id]), version=node.version)


@action
def get_task(session: Session, task_id: int) -> TaskInfo:
    return task_info(session, task_id)


def _check_fields(fields: dict) -> None:
    unknown = set(fields) - TASK_FIELDS
    if unknown:
        raise ValueError(f"unknown task fields: {unknown}")
    for key in ("start_date", "deadline"):
        value = fields.get(key)
        if value is not None and not isinstance(value, dt.date):
            raise InvalidInput("日期无效。")
    for key in ("title", "content", "deadline_text", "remarks"):
        if key in fields and fields[key] is None:
            fields[key] = ""
    if "responsible_leaders" in fields:
        names = [str(n).strip() for n in fields["responsible_leaders"] or ()]
        fields["responsible_leaders"] = list(dict.fromkeys(n for n in names if n))


@action
def add_task(session: Session, plan_id: int, parent_id: int | None = None,
             position: int | None = None, *, lead_unit_ids: list[int] = (),
             responsible_unit_ids: list[int] = (), **fields) -> TaskInfo:
    """Insert a node under ``parent_id`` (None: top level) at ``position`` (None: at the end)."""
    _lock_plan(session, plan_id)
    _check_fields(fields)
    if parent_id is not None and _row(session, parent_id).plan_id != plan_id:
        raise InvalidInput("上级事项不属于这个工作方案。")
    siblings = _siblings(session, plan_id, parent_id)
    if position is None or position > len(siblings):
        position = len(siblings)
    position = max(0, position)
    node = TaskNode(plan_id=plan_id, parent_id=parent_id, **fields)
    siblings.insert(position, node)
    session.add(node)
    _renumber(siblings)
    session.flush()
    if lead_unit_ids:
        _set_units(session, node.id, UnitRole.LEAD.value, list(lead_unit_ids))
    if responsible_unit_ids:
        _set_units(session, node.id, UnitRole.RESPONSIBLE.value, list(responsible_unit_ids))
    return task_info(session, node.id)


@action
def update_task(session: Session, task_id: int, *, expected_version: int | None = None,
                **fields) -> TaskInfo:
    """Change the given fields of a node.

    With ``expected_version`` (the ``TaskInfo.version`` the clerk's copy showed) a node changed
    or deleted since raises ``ConcurrentEdit`` and nothing is written.
    """
    _check_fields(fields)
    node = _edited_row(session, task_id, expected_version, fields)
    for key, value in fields.items():
        setattr(node, key, value)
    session.flush()
    return task_info(session, task_id)


def _set_units(session: Session, task_id: int, role: str, unit_ids: list[int]) -> bool:
    if role not in (UnitRole.LEAD.value, UnitRole.RESPONSIBLE.value):
        raise ValueError(role)
    wanted: list[int] = []
    for unit_id in unit_ids:
        if session.get(Unit, unit_id) is None:
            raise NotFound(f"单位不存在（编号 {unit_id}）。")
        if unit_id not in wanted:
            wanted.append(unit_id)
    existing = {r.unit_id: r for r in session.scalars(
        select(TaskUnit).where(TaskUnit.task_id == task_id, TaskUnit.role == role))}
    changed = False
    for unit_id, row in existing.items():
        if unit_id not in wanted:
            session.delete(row)
            changed = True
    for i, unit_id in enumerate(wanted):
        row = existing.get(unit_id)
        if row is None:
            session.add(TaskUnit(task_id=task_id, role=role, unit_id=unit_id, position=i))
            changed = True
        elif row.position != i:
            row.position = i
            changed = True
    session.flush()
    return changed


@action
def set_task_units(session: Session, task_id: int, role: str, unit_ids: list[int], *,
                   expected_version: int | None = None) -> TaskInfo:
    """Set the lead (``"lead"``) or responsible (``"responsible"``) units of a node, in order.

    A change of units raises the node's version, so ``expected_version`` (as in
    ``update_task``) also catches a clerk whose units list is stale.
    """
    key = "lead_unit_ids" if role == UnitRole.LEAD.value else "responsible_unit_ids"
    node = _edited_row(session, task_id, expected_version, {key: list(unit_ids)})
    if _set_units(session, task_id, role, unit_ids):
        _touch(node)
        session.flush()
    return task_info(session, task_id)


def _is_descendant(session: Session, node_id: int, maybe_ancestor_id: int) -> bool:
    current = session.get(TaskNode, node_id)
    while current is not None:
        if current.id == maybe_ancestor_id:
            return True
        current = session.get(TaskNode, current.parent_id) if current.parent_id else None
    return False


@action
def move_task(session: Session, task_id: int, new_parent_id: int | None,
              new_position: int | None = None) -> TaskInfo:
    """Move a node (with its subtree) under ``new_parent_id`` at ``new_position``.

    ``new_position`` counts among the new siblings without the moved node; None = at the end.
    """
    node = _row(session, task_id)
    _lock_plan(session, node.plan_id)
    if new_parent_id is not None:
        parent = _row(session, new_parent_id)
        if parent.plan_id != node.plan_id:
            raise InvalidInput("不能把事项移到另一个工作方案。")
        if _is_descendant(session, new_parent_id, task_id):
            raise InvalidInput("不能把事项移到它自己的下级。")
    old_siblings = [s for s in _siblings(session, node.plan_id, node.parent_id) if s is not node]
    _renumber(old_siblings)
    new_siblings = [s for s in _siblings(session, node.plan_id, new_parent_id) if s is not node]
    if new_position is None or new_position > len(new_siblings):
        new_position = len(new_siblings)
    new_siblings.insert(max(0, new_position), node)
    node.parent_id = new_parent_id
    _renumber(new_siblings)
    session.flush()
    return task_info(session, task_id)


@action
def move_up(session: Session, task_id: int) -> TaskInfo:
    node = _row(session, task_id)
    return move_task.in_session(session, task_id, node.parent_id, max(0, node.position - 1))


@action
def move_down(session: Session, task_id: int) -> TaskInfo:
    node = _row(session, task_id)
    return move_task.in_session(session, task_id, node.parent_id, node.position + 1)


@action
def indent(session: Session, task_id: int) -> TaskInfo:
    """Make the node the last child of its previous sibling (降级)."""
    node = _row(session, task_id)
    if node.position == 0:
        raise InvalidInput("第一项没有可归属的上一项，不能降级。")
    previous = _siblings(session, node.plan_id, node.parent_id)[node.position - 1]
    return move_task.in_session(session, task_id, previous.id, None)


@action
def outdent(session: Session, task_id: int) -> TaskInfo:
    """Make the node the next sibling of its parent (升级)."""
    node = _row(session, task_id)
    if node.parent_id is None:
        raise InvalidInput("已是最高一级，不能再升级。")
    parent = _row(session, node.parent_id)
    return move_task.in_session(session, task_id, parent.parent_id, parent.position + 1)


def subtree_ids(session: Session, task_id: int) -> list[int]:
    """The node and all its descendants, in pre-order."""
    out: list[int] = []
    stack = [task_id]
    while stack:
        current = stack.pop()
        out.append(current)
        kids = session.scalars(select(TaskNode.id).where(TaskNode.parent_id == current)
                               .order_by(TaskNode.position.desc(), TaskNode.id.desc())).all()
        stack.extend(kids)
    return out


@action
def count_subtree(session: Session, task_id: int) -> int:
    _row(session, task_id)
    return len(subtree_ids(session, task_id))


@action
def delete_task(session: Session, task_id: int) -> int:
    """Delete a node with its whole subtree (and their progress); returns how many nodes went."""
    node = _row(session, task_id)
    _lock_plan(session, node.plan_id)
    ids = subtree_ids(session, task_id)
    plan_id, parent_id = node.plan_id, node.parent_id
    # Deepest first, one flush each: the ORM does not know the parent link's order, and the
    # database's ON DELETE CASCADE must not remove a row the ORM still means to delete.
    # Going through the ORM (not one bulk DELETE) lets the change log record every node.
    for node_id in reversed(ids):
        session.delete(session.get(TaskNode, node_id))
        session.flush()
    _renumber(_siblings(session, plan_id, parent_id))
    session.flush()
    return len(ids)


def _copy_subtree(session: Session, source: TaskNode, plan_id: int, parent_id: int | None,
                  position: int) -> TaskNode:
    copy = TaskNode(plan_id=plan_id, parent_id=parent_id, position=position,
                    **{f: getattr(source, f) for f in TASK_FIELDS})
    session.add(copy)
    session.flush()
    for unit_row in session.scalars(select(TaskUnit).where(TaskUnit.task_id == source.id)):
        session.add(TaskUnit(task_id=copy.id, role=unit_row.role, unit_id=unit_row.unit_id,
                             position=unit_row.position))
    for child in _siblings(session, source.plan_id, source.id):
        _copy_subtree(session, child, plan_id, copy.id, child.position)
    return copy


@action
def duplicate_task(session: Session, task_id: int) -> TaskInfo:
    """Copy a node with its subtree and units (not its progress) right after itself."""
    node = _row(session, task_id)
    _lock_plan(session, node.plan_id)
    siblings = _siblings(session, node.plan_id, node.parent_id)
    copy = _copy_subtree(session, node, node.plan_id, node.parent_id, node.position + 1)
    siblings.insert(node.position + 1, copy)
    _renumber(siblings)
    session.flush()
    return task_info(session, copy.id)


def copy_task_list(session: Session, source_plan_id: int, target_plan_id: int) -> None:
    """Copy every top-level node (with subtrees and units) of one plan into another."""
    for top in _siblings(session, source_plan_id, None):
        _copy_subtree(session, top, target_plan_id, None, top.position)
    session.flush()


def plan_of(session: Session, task_id: int) -> Plan:
    return get_plan_row(session, _row(session, task_id).plan_id)


# --- snapshots for undo -------------------------------------------------------------------------

def _columns(obj) -> dict:
    """A row's columns, without the optimistic ``version`` (a restored row starts afresh)."""
    return {c.key: getattr(obj, c.key) for c in obj.__mapper__.column_attrs if c.key != "version"}


@dataclass(frozen=True)
class SubtreeSnapshot:
    """Everything a deleted subtree owned (nodes, their units, their progress), to restore it.

    Rows are plain column dicts in pre-order; the root's ``parent_id``/``position`` say where it
    stood.  Restoring gives back the same ids, so later undo steps that name them still work.
    """

    plan_id: int
    root_id: int
    parent_id: int | None
    position: int
    nodes: tuple[dict, ...]
    units: tuple[dict, ...]
    progress: tuple[dict, ...]

    @property
    def count(self) -> int:
        return len(self.nodes)


def snapshot_subtree(session: Session, task_id: int) -> SubtreeSnapshot:
    node = _row(session, task_id)
    ids = subtree_ids(session, task_id)
    nodes = tuple(_columns(session.get(TaskNode, i)) for i in ids)
    units = tuple(_columns(r) for r in session.scalars(
        select(TaskUnit).where(TaskUnit.task_id.in_(ids))
        .order_by(TaskUnit.task_id, TaskUnit.role, TaskUnit.position)))
    progress = tuple(_columns(r) for r in session.scalars(
        select(Progress).where(Progress.task_id.in_(ids)).order_by(Progress.id)))
    return SubtreeSnapshot(plan_id=node.plan_id, root_id=task_id, parent_id=node.parent_id,
                           position=node.position, nodes=nodes, units=units, progress=progress)


@action
def delete_subtree(session: Session, task_id: int) -> SubtreeSnapshot:
    """Delete a node with its subtree like ``delete_task``; returns what is needed to undo it."""
    snapshot = snapshot_subtree(session, task_id)
    delete_task.in_session(session, task_id)
    return snapshot


@action
def restore_subtree(session: Session, snapshot: SubtreeSnapshot) -> TaskInfo:
    """Put a deleted subtree back where it stood, with its ids, units and progress."""
    _lock_plan(session, snapshot.plan_id)
    if snapshot.parent_id is not None and session.get(TaskNode, snapshot.parent_id) is None:
        raise NotFound("原上级事项已不存在，无法恢复。")
    taken = session.scalars(select(TaskNode.id).where(
        TaskNode.id.in_([n["id"] for n in snapshot.nodes]))).all()
    if taken:
        raise InvalidInput("要恢复的事项已存在，无法重复恢复。")
    siblings = _siblings(session, snapshot.plan_id, snapshot.parent_id)
    for node in snapshot.nodes:
        session.add(TaskNode(**node))
        session.flush()  # parents before children (pre-order)
    root = session.get(TaskNode, snapshot.root_id)
    siblings.insert(min(snapshot.position, len(siblings)), root)
    _renumber(siblings)
    for row in snapshot.units:
        session.add(TaskUnit(**row))
    for row in snapshot.progress:
        session.add(Progress(**row))
    session.flush()
    return task_info(session, snapshot.root_id)
