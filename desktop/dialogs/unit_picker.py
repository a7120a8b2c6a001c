"""Picking lead / responsible units: type names (or aliases) separated by 、 with type-ahead.

The clerk types “发改、财政” and the completer offers 县发改局 / 县财政局 for the segment being
typed (names and aliases, matched anywhere in the word).  Order is kept.  A name that matches
no unit can be created on the spot (after a yes/no question).

``UnitPicker`` only edits text; ``resolve_unit_names`` turns names into unit ids, creating the
missing units through undoable commands, so the caller can wrap both in one undo step.
"""
from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit

from db.dto import UnitInfo, UnitRef
from db.services.units import clean_name, lookup_unit
from db.session import Database
from desktop import prompts as ui

SEPARATORS = re.compile(r"[、，,;；/\n]+")
JOIN = "、"


def _tr(text: str) -> str:
    return QCoreApplication.translate("UnitPicker", text)


def split_names(text: str) -> list[str]:
    names: list[str] = []
    for part in SEPARATORS.split(text or ""):
        name = clean_name(part)
        if name and name not in names:
            names.append(name)
    return names


class SegmentCompleter(QCompleter):
    """Completes the name after the last 、 of a line edit, keeping what comes before."""

    def __init__(self, line_edit: QLineEdit) -> None:
        super().__init__(line_edit)
        self._line_edit = line_edit
        self.setModel(QStringListModel(self))
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setMaxVisibleItems(12)

    def set_words(self, words: list[str]) -> None:
        self.model().setStringList(words)

    def splitPath(self, path: str) -> list[str]:
        return [SEPARATORS.split(path)[-1].strip()]

    def pathFromIndex(self, index) -> str:
        chosen = index.data() or ""
        mark = alias_mark()
        if mark in chosen:  # an alias entry inserts the unit's full name
            chosen = chosen.split(mark, 1)[1].rstrip("）")
        text = self._line_edit.text()
        parts = SEPARATORS.split(text)
        kept = [p.strip() for p in parts[:-1] if p.strip()]
        return JOIN.join([*kept, chosen])


def alias_mark() -> str:
    """What follows an alias in the completer (县科工信局 → 科工信局（别名，即县科工信局）), and
    what ``pathFromIndex`` looks for to insert the full name: one text for both."""
    return _tr("（别名，即")


def completion_words(units: list[UnitInfo]) -> list[str]:
    words = [u.name for u in units]
    mark = alias_mark()
    for unit in units:
        words.extend(f"{alias}{mark}{unit.name}）" for alias in unit.aliases)
    return words


class UnitPicker(QLineEdit):
    """A line of unit names; ``names_edited(list[str])`` when the clerk finishes editing."""

    names_edited = Signal(list)

    def __init__(self, parent=None, *, single: bool = False) -> None:
        super().__init__(parent)
        self.single = single
        self._names: list[str] = []
        self.completer_ = SegmentCompleter(self)
        self.setCompleter(self.completer_)
        self.setClearButtonEnabled(True)
        self.setPlaceholderText(self.tr("输入单位名称或简称，可输入多个，用“、”分隔") if not single
                                else self.tr("输入单位名称或简称"))
        self.setToolTip(self.tr("输入时会提示单位全称和别名；多个单位用“、”分隔，顺序即排列顺序；"
                        "不存在的单位可当场新建。"))
        self.editingFinished.connect(self._finished)

    def set_units_list(self, units: list[UnitInfo]) -> None:
        self.completer_.set_words(completion_words(units))

    def set_units(self, refs) -> None:
        self._names = [r.name for r in refs]
        self.setText(JOIN.join(self._names))
        self.setCursorPosition(0)

    def names(self) -> list[str]:
        return split_names(self.text())

    def _finished(self) -> None:
        if self.completer_.popup().isVisible():
            return
        names = self.names()
        if names != self._names:
            self._names = names
            self.names_edited.emit(names)


Found = list[tuple[str, UnitRef | None]]


def lookup_names(db: Database, names: list[str], region: str = "") -> Found:
    """Each typed name with the unit it means (None: no such unit yet)."""
    return [(name, lookup_unit(db, name, region)) for name in names]


def confirm_new_units(parent, *found_lists: Found) -> bool:
    """Ask once whether to create the units no name matched; True when there are none."""
    missing: list[str] = []
    for found in found_lists:
        missing.extend(n for n, ref in found if ref is None and n not in missing)
    if not missing:
        return True
    question = (_tr("没有找到单位：{}。\n要新建这些单位吗？") if len(missing) > 1
                else _tr("没有找到单位：{}。\n要新建这个单位吗？"))
    return ui.ask_confirm(parent, _tr("新建单位"), question.format(JOIN.join(missing)))


def unit_ids_creating_missing(db: Database, history, found: Found) -> list[int]:
    """Unit ids in the typed order; missing units are created as undoable commands.

    Call it inside ``history.macro(...)`` together with the edit that uses the units, so one
    undo takes both back.
    """
    from desktop.undo import CreateUnitCommand

    ids: list[int] = []
    for name, ref in found:
        if ref is None:
            existing = lookup_unit(db, name)  # created a moment ago for an earlier list
            ref = existing or history.perform(CreateUnitCommand(db, name)).ref
        if ref.id not in ids:
            ids.append(ref.id)
    return ids
