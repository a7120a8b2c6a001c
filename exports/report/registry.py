"""The report kinds, and ``build_report``: options in, finished ``ReportTable`` out.

A new report kind is one module in ``exports/report/kinds/`` defining ``KIND`` (a
``ReportKind``: its columns, defaults and ``build(session, ctx, columns) -> rows``) and one
line in ``_KINDS`` below.  The CLI, the export dialog and every renderer pick it up from here.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from db.errors import InvalidInput
from exports.report.common import clean_text, date_words, plan_short_name, read_context, subtitle
from exports.report.kinds import (indicators, late, not_reported, progress, scorecard, tasks,
                                  units)
from exports.report.options import FOOTER_LABELS, ReportKind, ReportOptions
from exports.report.table import Column, FooterField, ReportTable

_KINDS = (
    tasks.KIND,
    progress.KIND,
    units.KIND,
    indicators.KIND,
    late.KIND,
    not_reported.KIND,
    scorecard.KIND,
)
REPORT_KINDS: dict[str, ReportKind] = {k.key: k for k in _KINDS}

# Old kind names a clerk's scripts (``--report``) or remembered choices may still use:
# old name → the kind's key now (未报送 is ``not_reported``).  The kind ``late`` keeps its
# name: it is the 滞后/逾期事项清单, the items late in either way (lagging or overdue).
OLD_KIND_NAMES = {"unreported": "not_reported"}

# Old column names a clerk's scripts (``--columns``) or remembered choices may still use:
# old name → the column's key now (one word per glossary term: 滞后 is ``lagging``).
OLD_COLUMN_NAMES = {"late": "lagging"}


def current_kind_name(kind: str) -> str:
    """``kind``, or today's key when it is an old name (``OLD_KIND_NAMES``)."""
    return OLD_KIND_NAMES.get(kind, kind)


def report_kind(kind: str) -> ReportKind:
    try:
        return REPORT_KINDS[current_kind_name(kind)]
    except KeyError:
        raise InvalidInput(
            f"报表种类“{kind}”无效，应为：{'、'.join(REPORT_KINDS)}。") from None


def current_column_names(keys: Sequence[str]) -> list[str]:
    """``keys`` with old column names (``OLD_COLUMN_NAMES``) replaced by today's."""
    return [OLD_COLUMN_NAMES.get(k, k) for k in keys]


def chosen_columns(kind: ReportKind, keys: Sequence[str] | None) -> tuple[Column, ...]:
    by_key = {c.key: c for c in kind.columns}
    keys = kind.default_columns if keys is None else tuple(current_column_names(keys))
    unknown = [k for k in keys if k not in by_key]
    if unknown:
        raise InvalidInput(f"“{kind.label}”没有这些列：{'、'.join(unknown)}。")
    if not keys:
        raise InvalidInput("请至少选择一列。")
    # Columns keep the kind's order, so grouped headers stay next to each other.
    return tuple(c for c in kind.columns if c.key in keys)


def footer_fields(options: ReportOptions, today: dt.date) -> tuple[FooterField, ...]:
    out = []
    for key in options.footer:
        if key not in FOOTER_LABELS:
            raise InvalidInput(f"落款栏目“{key}”无效。")
        value = clean_text(options.footer_values.get(key, ""))
        if key == "date" and not value:
            value = date_words(today)
        out.append(FooterField(key, FOOTER_LABELS[key], value))
    return tuple(out)


# What follows the plan's short name in default titles (a long title may break before it).
REPORT_NAMES = tuple(k.report_name for k in REPORT_KINDS.values())


def default_title(plan_title: str, kind: str) -> str:
    return f"{plan_short_name(plan_title)}{report_kind(kind).report_name}"


def build_report(db, plan_id: int, options: ReportOptions) -> ReportTable:
    """Read what the report needs in one transaction and return the finished table."""
    kind = report_kind(options.kind)
    columns = chosen_columns(kind, options.columns)
    with db.transaction() as session:
        ctx = read_context(session, plan_id, options)
        rows = kind.build(session, ctx, columns)
    title = clean_text(options.title) or default_title(ctx.plan.title, kind.key)
    return ReportTable(
        kind=kind.key, title=title, columns=columns, rows=rows,
        annex_label=clean_text(options.annex_label),
        subtitle=subtitle(ctx, kind.uses_month), footer=footer_fields(options, ctx.today),
        landscape=kind.landscape or sum(c.width for c in columns) > 48,
        body_font=options.body_font if options.body_font in ("fang", "song") else "fang",
        font_size=min(12.0, max(10.5, float(options.font_size))),
        first_page=_first_page(options.first_page),
    )


def _first_page(value) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if not 1 <= number <= 9999:
        raise InvalidInput(f"起始页码“{value}”无效，应为 1 到 9999 的整数。")
    return number


