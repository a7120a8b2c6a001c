"""A work item's progress over all months, newest first, showing what changed each month."""
from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QTextBrowser, QWidget

from db.dto import ProgressInfo
from db.services.progress import progress_history
from db.session import Database

# marked for the translators here, translated where shown
FIELD_LABELS = {"progress_text": QT_TRANSLATE_NOOP("progress_history", "进展情况"),
                "problems": QT_TRANSLATE_NOOP("progress_history", "存在问题"),
                "next_steps": QT_TRANSLATE_NOOP("progress_history", "下步计划")}
CHANGED_STYLE = "background-color:#fff1b8;"


def _tr(text: str) -> str:
    return QCoreApplication.translate("progress_history", text)


@dataclass(frozen=True)
class MonthChange:
    """What an entry changed since the item's previous entry (None: nothing to compare with)."""

    percent_delta: int | None
    status_before: str | None           # set when the status changed
    changed_fields: frozenset[str]      # text fields whose wording changed
    first: bool                         # the item's first entry


def compare(previous: ProgressInfo | None, current: ProgressInfo) -> MonthChange:
    if previous is None:
        return MonthChange(None, None, frozenset(), True)
    delta = (current.percent - previous.percent
             if current.percent is not None and previous.percent is not None else None)
    changed = frozenset(f for f in FIELD_LABELS
                        if (getattr(current, f) or "").strip()
                        != (getattr(previous, f) or "").strip())
    return MonthChange(delta, previous.status if previous.status != current.status else None,
                       changed, False)


def month_words(month: str) -> str:
    return _tr("{}年{}月").format(month[:4], int(month[5:]))


def history_html(entries: list[ProgressInfo], selected_month: str | None = None) -> str:
    """The history as rich text; ``entries`` newest first."""
    if not entries:
        return _tr("<p style='color:#666'>该事项还没有填报过月度进展。</p>")
    parts = []
    for i, entry in enumerate(entries):
        previous = entries[i + 1] if i + 1 < len(entries) else None
        change = compare(previous, entry)
        head = f"<b>{month_words(entry.month)}</b>　{html.escape(entry.status)}"
        if entry.percent is not None:
            head += f"　{entry.percent}%"
        if change.percent_delta:
            colour = "#1e6b2a" if change.percent_delta > 0 else "#a51d1d"
            head += (f" <span style='color:{colour}'><b>（{change.percent_delta:+d}）</b>"
                     f"</span>")
        if change.status_before:
            head += _tr("<br><span style='color:#8a3b00'>状态变化：{} → {}</span>").format(
                html.escape(change.status_before), html.escape(entry.status))
        if entry.reporting_unit is not None:
            unit = html.escape(entry.reporting_unit.name)
            head += _tr("<br><span style='color:#666'>填报单位：{}</span>").format(unit)
        current = entry.month == selected_month
        if current:
            head = head.replace("</b>", _tr("</b>（当前月份）"), 1)
        rows = []
        for field, label in FIELD_LABELS.items():
            label = _tr(label)
            text = (getattr(entry, field) or "").strip()
            changed = field in change.changed_fields
            if not text and not changed:
                continue
            style = CHANGED_STYLE if changed else ""
            shown = html.escape(text).replace("\n", "<br>") if text else _tr("（已清空）")
            mark = _tr("　<span style='color:#8a3b00'>[有变化]</span>") if changed else ""
            if not changed and not change.first:
                mark = _tr("　<span style='color:#888'>[同上月]</span>")
            rows.append(f"<tr><td style='color:#555' width='64'>{label}</td>"
                        f"<td style='{style}'>{shown}{mark}</td></tr>")
        parts.append(
            f"<table width='100%' cellspacing='0' cellpadding='4'>"
            f"<tr><td colspan='2' style='background:{'#cfe0f5' if current else '#eef2f7'}'>"
            f"{head}</td></tr>"
            + "".join(rows) + "</table><br>")
    return "".join(parts)


class ProgressHistory(QTextBrowser):
    """Read-only: all months of the selected work item, newest first."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.task_id: int | None = None
        self.month: str | None = None
        self.entries: list[ProgressInfo] = []
        self.setOpenLinks(False)
        self.setMinimumWidth(280)

    def set_plan(self, plan_id: int | None) -> None:
        self.set_task(None)

    def set_month(self, month: str) -> None:
        self.month = month
        self._show()

    def set_task(self, task_id: int | None) -> None:
        self.task_id = task_id
        self.refresh()

    def refresh(self) -> None:
        self.entries = progress_history(self.db, self.task_id) if self.task_id else []
        self._show()

    def _show(self) -> None:
        if self.task_id is None:
            self.setHtml(self.tr("<p style='color:#666'>请选择一个工作事项。</p>"))
        else:
            self.setHtml(history_html(self.entries, self.month))
