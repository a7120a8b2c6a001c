"""Undo / redo: every edit is a ``QUndoCommand`` that calls services (no widget needed).

Each edit is done at once in its own transaction by ``EditHistory.perform`` (so a failing edit
raises to the caller, who shows the message, and nothing is pushed); the command then sits on
the ``QUndoStack`` and later undo/redo call the inverse services.  Commands that remove rows
keep a snapshot and restore the same ids, so the commands around them stay valid.

    history = EditHistory(db)
    history.perform(UpdateTaskCommand(db, task_id, title="新标题"))
    history.undo(); history.redo()
"""
from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from db.errors import ConcurrentEdit
from db.services import plans as plan_services
from db.services import tasks as task_services
from db.services import units as unit_services
from db.session import Database
from db.services import progress as progress_services
from desktop.state import INDICATORS, PLAN, PROGRESS, TASKS, UNITS, Changes  # noqa: F401

log = logging.getLogger("taizhang")


def _tr(text: str) -> str:
    """Step names and messages (QUndoCommand is no QObject: no self.tr)."""
    return QCoreApplication.translate("undo", text)



class DomainCommand(QUndoCommand):
    """A user action on the ledger. Subclasses implement ``first()``, ``do()`` and ``undo_it()``.

    ``first()`` runs the action the first time (and returns its result); ``do()`` runs it again
    after an undo; ``undo_it()`` reverses it. ``kind`` says what the action changed.
    """

    kind = TASKS
    # For the views: the one task whose row changed in place (None: the list's shape changed),
    # whether the month status column may change, whether unit names in the tree may change.
    edited_task: int | None = None
    affects_status = True
    changes_tree_text = True
    view = None  # the widget that shows this edit (brought to the front by undo and redo)

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.history: EditHistory | None = None
        self._pushed = False

    def first(self) -> Any:
        return self.do()

    def changed_nothing(self) -> bool:
        return False

    def shown_task(self) -> int | None:
        """The node to select when this step is undone or redone (None: none)."""
        return None

    def shown_indicator(self) -> int | None:
        """The indicator to select when this step is undone or redone (None: none)."""
        return None

    def shown_month(self) -> str | None:
        """The month whose records this step wrote (None: not one month's records)."""
        return None

    def changes(self, replay: bool = False) -> Changes:
        """What this command changed, for the views (``desktop.state.Changes``); ``replay``:
        it was undone or redone (so the view that made it must show it again)."""
        shown = self.edited_task if self.edited_task is not None else self.shown_task()
        indicator = self.shown_indicator()
        return Changes(frozenset({self.kind}),
                       frozenset({shown}) if shown is not None else frozenset(),
                       shape=self.kind == TASKS and self.edited_task is None,
                       status=self.kind == TASKS and self.affects_status,
                       tree_text=self.kind == UNITS and self.changes_tree_text,
                       source=None if replay else self.view, view=self.view, replay=replay,
                       indicator_ids=frozenset({indicator}) if indicator is not None
                       else frozenset(), month=self.shown_month())

    def do(self) -> Any:
        raise NotImplementedError

    def undo_it(self) -> None:
        raise NotImplementedError

    # QUndoCommand -------------------------------------------------------------------------
    def redo(self) -> None:
        if not self._pushed:  # QUndoStack.push calls redo(); the action already ran
            self._pushed = True
            return
        self._guarded(self.do)

    def undo(self) -> None:
        self._guarded(self.undo_it)

    def _guarded(self, fn: Callable[[], Any]) -> None:
        # An exception must not cross into Qt's C++ caller: record it for EditHistory.
        try:
            fn()
        except Exception as exc:  # noqa: BLE001 - reported by EditHistory
            if self.history is not None:
                self.history._failures.append(exc)
            else:
                raise
        if self.history is not None:
            self.history._ran.append(self)


class EditHistory(QObject):
    """The undo stack of one open database, with error reporting and change notices."""

    changed = Signal(object)   # Changes: what one edit, macro, undo or redo changed
    failed = Signal(object)    # an undo or redo could not be done (the exception)

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.stack = QUndoStack(self)
        self._failures: list[Exception] = []
        self._macro_depth = 0
        self._macro_text, self._macro_open = "", False
        self._ran: list[DomainCommand] = []
        # The commands of the latest step (an edit, a macro, an undo or a redo), so views can
        # refresh only what changed.
        self.last_commands: list[DomainCommand] = []

    def perform(self, command: DomainCommand) -> Any:
        """Do the action now (errors propagate, nothing is pushed) and make it undoable.

        A command that turns out to have changed nothing (``changed_nothing()``) leaves no step.
        """
        command.history = self
        result = command.first()
        if command.changed_nothing():
            return result
        if self._macro_depth and not self._macro_open:
            self.stack.beginMacro(self._macro_text)
            self._macro_open = True
        self.stack.push(command)
        if self._macro_depth:
            self._ran.append(command)
        else:
            self._announce([command], replay=False)
        return result

    @contextlib.contextmanager
    def macro(self, text: str) -> Iterator[None]:
        """Several actions that undo as one step (e.g. create a unit and assign it).

        The macro opens on the stack only when its first action is performed, so a block
        that ends up doing nothing leaves no empty step behind.
        """
        if not self._macro_depth:
            self._ran = []
            self._macro_text, self._macro_open = text, False
        self._macro_depth += 1
        try:
            yield
        finally:
            self._macro_depth -= 1
            if not self._macro_depth:
                if self._macro_open:
                    self.stack.endMacro()
                    self._macro_open = False
                ran, self._ran = self._ran, []
                self._announce(ran, replay=False)

    def undo(self) -> None:
        self._step(self.stack.undo)

    def redo(self) -> None:
        self._step(self.stack.redo)

    def clear(self) -> None:
        self.stack.clear()

    def _step(self, fn: Callable[[], None]) -> None:
        self._failures.clear()
        self._ran = []
        fn()
        ran, self._ran = self._ran, []
        if self._failures:
            # The data and the stack no longer agree: start a fresh history rather than guess.
            exc = self._failures[0]
            self._failures.clear()
            self.stack.clear()
            self._announce(ran, replay=True)
            self.failed.emit(exc)
            return
        self._announce(ran, replay=True)

    def _announce(self, commands: list[DomainCommand], *, replay: bool) -> None:
        self.last_commands = list(commands)
        if not commands:
            return
        changes = commands[0].changes(replay)
        for command in commands[1:]:
            changes = changes | command.changes(replay)
        self.changed.emit(changes)


# --- task list ----------------------------------------------------------------------------------

class UpdateTaskCommand(DomainCommand):
    """Change fields of a node (title, content, deadline, deadline_text, remarks ...).

    The first time, the edit carries the version the clerk's view showed
    (``expected_version``): an item another clerk saved meanwhile is a conflict, not
    overwritten.  Undo and redo first check that the fields still hold what this step left
    (other steps may have moved the node, which changes its version but not its fields).
    """

    def __init__(self, db: Database, task_id: int, text: str = _tr("修改事项"), *,
                 expected_version: int | None = None, **fields) -> None:
        super().__init__(text)
        self.db, self.task_id, self.new = db, task_id, fields
        current = task_services.get_task(db, task_id)
        self.old = {key: getattr(current, key) for key in fields}
        self.expected_version = expected_version
        self.edited_task = task_id
        self.affects_status = bool({"deadline", "start_date"} & set(fields))

    def first(self):
        info = task_services.update_task(self.db, self.task_id,
                                         expected_version=self.expected_version, **self.new)
        self.left = {key: getattr(info, key) for key in self.new}  # as stored (tuples …)
        return info

    def do(self):
        return self._put(self.new, left=self.old)

    def undo_it(self):
        self._put(self.old, left=self.left)

    def _put(self, fields: dict, *, left: dict):
        current = task_services.get_task(self.db, self.task_id)
        if any(getattr(current, key) != value for key, value in left.items()):
            raise changed_since(self.text(), current, fields)
        return task_services.update_task(self.db, self.task_id,
                                         expected_version=current.version, **fields)


def changed_since(step: str, current, attempted: dict) -> ConcurrentEdit:
    """Undo/redo of ``step`` refused: the item no longer holds what the step left."""
    return ConcurrentEdit(_tr("这一步（{}）之后，事项已被其他人修改，未能撤销或重做。").format(step),
                          current=current, attempted=attempted)


# the undo step's name: 设置牵头单位 / 设置责任单位
ROLE_STEPS = {"lead": QT_TRANSLATE_NOOP("undo", "设置牵头单位"),
              "responsible": QT_TRANSLATE_NOOP("undo", "设置责任单位")}


class SetTaskUnitsCommand(DomainCommand):
    def __init__(self, db: Database, task_id: int, role: str, unit_ids: list[int], *,
                 expected_version: int | None = None) -> None:
        super().__init__(_tr(ROLE_STEPS[role]))
        self.db, self.task_id, self.role, self.new = db, task_id, role, list(unit_ids)
        current = task_services.get_task(db, task_id)
        self.old = self._ids(current)
        self.expected_version = expected_version
        self.edited_task = task_id
        # lead units decide whether a top-level leaf counts as a work item
        self.affects_status = role == "lead" and current.parent_id is None

    def _ids(self, info) -> list[int]:
        refs = info.lead_units if self.role == "lead" else info.responsible_units
        return [u.id for u in refs]

    def first(self):
        info = task_services.set_task_units(self.db, self.task_id, self.role, self.new,
                                            expected_version=self.expected_version)
        self.left = self._ids(info)  # as stored (duplicates dropped)
        return info

    def do(self):
        return self._put(self.new, left=self.old)

    def undo_it(self):
        self._put(self.old, left=self.left)

    def _put(self, unit_ids: list[int], *, left: list[int]):
        current = task_services.get_task(self.db, self.task_id)
        if self._ids(current) != left:
            raise changed_since(self.text(), current, {f"{self.role}_unit_ids": unit_ids})
        return task_services.set_task_units(self.db, self.task_id, self.role, unit_ids,
                                            expected_version=current.version)


class _CreatesSubtree(DomainCommand):
    """Undo removes the created subtree (kept as a snapshot); redo restores it, same ids."""

    created_id: int | None = None
    _snapshot = None

    def shown_task(self):
        return self.created_id

    def do(self):
        return task_services.restore_subtree(self.db, self._snapshot)

    def undo_it(self):
        self._snapshot = task_services.delete_subtree(self.db, self.created_id)


class AddTaskCommand(_CreatesSubtree):
    def __init__(self, db: Database, plan_id: int, parent_id: int | None,
                 position: int | None = None, text: str = _tr("新增事项"), **fields) -> None:
        super().__init__(text)
        self.db, self.plan_id, self.parent_id, self.position = db, plan_id, parent_id, position
        self.fields = fields

    def first(self):
        info = task_services.add_task(self.db, self.plan_id, self.parent_id, self.position,
                                      **self.fields)
        self.created_id = info.id
        return info


class DuplicateTaskCommand(_CreatesSubtree):
    def __init__(self, db: Database, task_id: int) -> None:
        super().__init__(_tr("复制事项"))
        self.db, self.task_id = db, task_id

    def first(self):
        info = task_services.duplicate_task(self.db, self.task_id)
        self.created_id = info.id
        return info


class DeleteTaskCommand(DomainCommand):
    """Delete a node with its subtree; undo restores nodes, units and progress with their ids."""

    def __init__(self, db: Database, task_id: int) -> None:
        super().__init__(_tr("删除事项"))
        self.db, self.task_id = db, task_id
        self.snapshot = None

    def shown_task(self):
        return self.task_id

    def do(self):
        self.snapshot = task_services.delete_subtree(self.db, self.task_id)
        return self.snapshot.count

    def undo_it(self):
        task_services.restore_subtree(self.db, self.snapshot)


class MoveTaskCommand(DomainCommand):
    """Any change of place: drag and drop, move up/down, indent/outdent.

    ``how`` is a service taking (db, task_id) (indent, outdent, move_up, move_down) or None
    with ``new_parent_id``/``new_position`` for ``move_task``.  The place it ends up at is
    remembered, so redo and undo are plain moves.
    """

    def __init__(self, db: Database, task_id: int, text: str, how=None, *,
                 new_parent_id: int | None = None, new_position: int | None = None) -> None:
        super().__init__(text)
        self.db, self.task_id, self.how = db, task_id, how
        self.new_parent_id, self.new_position = new_parent_id, new_position
        current = task_services.get_task(db, task_id)
        self.old_parent_id, self.old_position = current.parent_id, current.position

    def shown_task(self):
        return self.task_id

    def first(self):
        if self.how is not None:
            info = self.how(self.db, self.task_id)
        else:
            info = task_services.move_task(self.db, self.task_id, self.new_parent_id,
                                           self.new_position)
        self.new_parent_id, self.new_position = info.parent_id, info.position
        return info

    def do(self):
        return task_services.move_task(self.db, self.task_id, self.new_parent_id,
                                       self.new_position)

    def undo_it(self):
        task_services.move_task(self.db, self.task_id, self.old_parent_id, self.old_position)


# --- units --------------------------------------------------------------------------------------

class CreateUnitCommand(DomainCommand):
    kind = UNITS
    changes_tree_text = False  # a new (or removed unused) unit appears in no row

    def __init__(self, db: Database, name: str, **fields) -> None:
        super().__init__(_tr("新建单位“{}”").format(name))
        self.db, self.name, self.fields = db, name, fields
        self.info = None

    def first(self):
        self.info = unit_services.create_unit(self.db, self.name, **self.fields)
        return self.info

    def do(self):
        return unit_services.restore_unit(self.db, self.info)

    def undo_it(self):
        self.info = unit_services.delete_unused_unit(self.db, self.info.id)


class UpdateUnitCommand(DomainCommand):
    """Change a unit's fields and/or aliases."""

    kind = UNITS

    def __init__(self, db: Database, unit_id: int, *, aliases: list[str] | None = None,
                 expected_version: int | None = None, **fields) -> None:
        super().__init__(_tr("修改单位"))
        self.db, self.unit_id = db, unit_id
        self.expected_version = expected_version  # the first time: the version the clerk saw
        current = unit_services.get_unit(db, unit_id)
        self.new_fields, self.new_aliases = fields, aliases
        self.old_fields = {key: getattr(current, key) for key in fields}
        self.old_aliases = list(current.aliases)

    def first(self):
        return self._apply(self.new_fields, self.new_aliases, self.expected_version)

    def _apply(self, fields: dict, aliases: list[str] | None, expected_version=None):
        # One transaction for both parts, so a bad alias leaves the name unchanged too.
        with self.db.transaction() as session:
            info = unit_services.update_unit.in_session(
                session, self.unit_id, expected_version=expected_version, **fields)
            if aliases is not None:
                info = unit_services.set_aliases.in_session(session, self.unit_id, aliases)
            return info

    def do(self):
        return self._apply(self.new_fields, self.new_aliases)

    def undo_it(self):
        self._apply(self.old_fields,
                    self.old_aliases if self.new_aliases is not None else None)


class MergeUnitsCommand(DomainCommand):
    kind = UNITS

    def __init__(self, db: Database, keep_id: int, merge_id: int) -> None:
        super().__init__(_tr("合并单位"))
        self.db, self.keep_id, self.merge_id = db, keep_id, merge_id
        self.snapshot = None

    def do(self):
        self.snapshot = unit_services.merge_units_with_snapshot(self.db, self.keep_id,
                                                                self.merge_id)
        return self.snapshot

    def undo_it(self):
        unit_services.unmerge_units(self.db, self.snapshot)


class DeleteUnitCommand(DomainCommand):
    kind = UNITS
    changes_tree_text = False  # only unused units can be deleted

    def __init__(self, db: Database, unit_id: int) -> None:
        super().__init__(_tr("删除单位"))
        self.db, self.unit_id = db, unit_id
        self.info = None

    def do(self):
        self.info = unit_services.delete_unused_unit(self.db, self.unit_id)

    def undo_it(self):
        unit_services.restore_unit(self.db, self.info)


# --- plan, work group, indicators ---------------------------------------------------------------

class RenamePlanCommand(DomainCommand):
    kind = PLAN

    def __init__(self, db: Database, plan_id: int, title: str) -> None:
        super().__init__(_tr("重命名工作方案"))
        self.db, self.plan_id, self.new = db, plan_id, title
        self.old = plan_services.get_plan(db, plan_id).title

    def do(self):
        return plan_services.update_plan(self.db, self.plan_id, title=self.new)

    def undo_it(self):
        plan_services.update_plan(self.db, self.plan_id, title=self.old)


class SavePlanDetailsCommand(DomainCommand):
    """Plan info and work group as edited in one dialog."""

    kind = PLAN

    def __init__(self, db: Database, plan_id: int, plan_fields: dict, work_group: dict, *,
                 expected_versions: tuple[int, int] | None = None) -> None:
        super().__init__(_tr("修改方案与专班信息"))
        self.db, self.plan_id = db, plan_id
        self.expected_versions = expected_versions  # (plan, work group) as the dialog showed
        self.new = (plan_fields, work_group)
        plan = plan_services.get_plan(db, plan_id)
        self.old = ({key: getattr(plan, key) for key in plan_fields},
                    plan_services.work_group_arguments(plan_services.get_work_group(db, plan_id)))

    def first(self):
        return plan_services.save_plan_details(self.db, self.plan_id, *self.new,
                                               expected_versions=self.expected_versions)

    def do(self):
        return plan_services.save_plan_details(self.db, self.plan_id, *self.new)

    def undo_it(self):
        plan_services.save_plan_details(self.db, self.plan_id, *self.old)


class AddIndicatorCommand(DomainCommand):
    kind = INDICATORS

    def __init__(self, db: Database, plan_id: int, name: str, **fields) -> None:
        super().__init__(_tr("新增目标指标"))
        self.db, self.plan_id, self.name, self.fields = db, plan_id, name, fields
        self.info = None

    def shown_indicator(self):
        return self.info.id if self.info is not None else None

    def first(self):
        self.info = plan_services.add_indicator(self.db, self.plan_id, self.name, **self.fields)
        return self.info

    def do(self):
        return plan_services.restore_indicator(self.db, self.info)

    def undo_it(self):
        self.info = plan_services.delete_indicator_with_snapshot(self.db, self.info.id)


class _ShowsIndicator(DomainCommand):
    """A step on one existing indicator: undo and redo bring 目标指标 to the front, it selected."""

    kind = INDICATORS
    indicator_id: int

    def shown_indicator(self):
        return self.indicator_id


class UpdateIndicatorCommand(_ShowsIndicator):
    def __init__(self, db: Database, indicator_id: int, *,
                 expected_version: int | None = None, **fields) -> None:
        super().__init__(_tr("修改目标指标"))
        self.db, self.indicator_id, self.new = db, indicator_id, fields
        self.expected_version = expected_version  # the first time: the version the clerk saw
        current = plan_services.get_indicator(db, indicator_id)
        self.old = {key: (current.lead_unit.id if current.lead_unit else None)
                    if key == "lead_unit_id" else getattr(current, key) for key in fields}

    def first(self):
        return plan_services.update_indicator(self.db, self.indicator_id,
                                              expected_version=self.expected_version, **self.new)

    def do(self):
        return plan_services.update_indicator(self.db, self.indicator_id, **self.new)

    def undo_it(self):
        plan_services.update_indicator(self.db, self.indicator_id, **self.old)


class DeleteIndicatorCommand(_ShowsIndicator):
    def __init__(self, db: Database, indicator_id: int) -> None:
        super().__init__(_tr("删除目标指标"))
        self.db, self.indicator_id = db, indicator_id
        self.info = None

    def do(self):
        self.info = plan_services.delete_indicator_with_snapshot(self.db, self.indicator_id)

    def undo_it(self):
        plan_services.restore_indicator(self.db, self.info)


class MoveIndicatorCommand(_ShowsIndicator):
    def __init__(self, db: Database, indicator_id: int, old_position: int,
                 new_position: int) -> None:
        super().__init__(_tr("调整目标指标顺序"))
        self.db, self.indicator_id = db, indicator_id
        self.old_position, self.new_position = old_position, new_position

    def do(self):
        return plan_services.move_indicator(self.db, self.indicator_id, self.new_position)

    def undo_it(self):
        plan_services.move_indicator(self.db, self.indicator_id, self.old_position)



# --- monthly progress and indicator actuals ---------------------------------------------------

class ProgressCommand(DomainCommand):
    """Any write of monthly progress: one entry, a pasted block, 复制上月, a returns load.

    ``text`` names the step; ``{n}`` in it becomes the number of entries that changed.
    The entries of ``keys`` ((item id, month) pairs) are read before and after ``write()``
    runs; undo and redo put one or the other back in one transaction, each checked against
    the version last seen (another clerk's later edit is never overwritten).  ``write``
    None: the write already ran (in the background) and ``before`` holds what was there.
    """

    kind = PROGRESS

    def __init__(self, db: Database, text: str, keys, write=None, *, before=None,
                 view=None) -> None:
        super().__init__(text)
        self.db, self.keys, self.write, self.view = db, list(dict.fromkeys(keys)), write, view
        self.before = before if before is not None else progress_services.entries_of(
            db, self.keys)
        self.after: dict = {}

    @staticmethod
    def _version(info) -> int:
        return info.version if info is not None else 0

    def first(self):
        result = self.write() if self.write is not None else None
        after = progress_services.entries_of(self.db, self.keys)
        # Only the entries that really changed belong to the step.
        self.keys = [k for k in self.keys
                     if self._version(after[k]) != self._version(self.before[k])]
        self.setText(self.text().format(n=len(self.keys)))  # 粘贴 {n} 行 → 粘贴 12 行
        self.before = {k: self.before[k] for k in self.keys}
        self.after = {k: after[k] for k in self.keys}
        return result

    def changed_nothing(self) -> bool:
        return not self.keys

    def _entries(self, target: dict, seen: dict) -> list:
        """``put_entries``'s list: each key back to ``target``, checked against ``seen``."""
        return [(key, progress_services.entry_fields(target[key]) if target[key] else None,
                 self._version(seen[key])) for key in self.keys]

    def _put(self, target: dict, seen: dict) -> dict:
        return progress_services.put_entries(self.db, self._entries(target, seen))

    def undo_it(self):
        self.before = self._put(self.before, self.after)

    def do(self):
        self.after = self._put(self.after, self.before)

    def changes(self, replay: bool = False) -> Changes:
        months = {m for _t, m in self.keys}
        return Changes(frozenset({PROGRESS}), frozenset(t for t, _m in self.keys), status=True,
                       source=None if replay else self.view, view=self.view, replay=replay,
                       month=next(iter(months)) if len(months) == 1 else None)


class IndicatorActualCommand(DomainCommand):
    """The actual value of an indicator for a month (None: cleared)."""

    kind = PROGRESS

    def __init__(self, db: Database, indicator_id: int, name: str, month: str, value,
                 *, view=None, expected_version: int | None = None) -> None:
        super().__init__(_tr("指标实际值 {}").format(name))
        self.db, self.indicator_id, self.month, self.new = db, indicator_id, month, value
        self.old = plan_services.get_indicator(db, indicator_id).actuals.get(month)
        self.view = view
        self.expected_version = expected_version  # the first time: the version the view showed

    def first(self):
        return plan_services.set_indicator_actual(self.db, self.indicator_id, self.month,
                                                  self.new,
                                                  expected_version=self.expected_version)

    def do(self):
        return plan_services.set_indicator_actual(self.db, self.indicator_id, self.month,
                                                  self.new)

    def undo_it(self):
        plan_services.set_indicator_actual(self.db, self.indicator_id, self.month, self.old)

    def changes(self, replay: bool = False) -> Changes:
        return Changes(frozenset({PROGRESS, INDICATORS}), indicator_ids=frozenset(
            {self.indicator_id}), source=None if replay else self.view, view=self.view,
            replay=replay, month=self.month)
