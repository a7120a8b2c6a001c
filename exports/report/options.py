"""What the user chooses (``ReportOptions``) and what a report kind is (``ReportKind``)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from exports.report.table import Column

FOOTER_FIELDS = (
    ("reporting_unit", "填报单位（盖章）"),
    ("filled_by", "填报人"),
    ("phone", "联系电话"),
    ("approved_by", "审核人/主要负责人"),
    ("date", "填报日期"),
)
FOOTER_LABELS = dict(FOOTER_FIELDS)
DEFAULT_FOOTER = tuple(key for key, _label in FOOTER_FIELDS)   # all five, as offices print


@dataclass(frozen=True)
class ReportOptions:
    """Everything the export dialog (or the CLI) lets the user choose."""

    kind: str = "tasks"
    month: str | None = None                 # YYYY-MM; None: this month
    unit: str | int | None = None            # one lead unit (name, alias or id); None: all
    columns: tuple[str, ...] | None = None   # column keys in order; None: the kind's defaults
    title: str = ""                          # empty: the default title
    annex_label: str = ""                    # e.g. 附件2
    footer: tuple[str, ...] = DEFAULT_FOOTER
    footer_values: dict[str, str] = field(default_factory=dict)
    body_font: str = "fang"
    font_size: float = 10.5
    today: dt.date | None = None             # for 逾期/临期 and the default 填报日期
    first_page: int = 1                      # PDF and Word number their pages from this
    first_month: str | None = None           # a range of months (scorecard): from; to is month
    weights: tuple[float, float, float] | None = None   # scorecard weights; None: defaults


@dataclass(frozen=True)
class ReportKind:
    key: str
    label: str
    columns: tuple[Column, ...]
    default_columns: tuple[str, ...]
    landscape: bool
    uses_month: bool
    build: Callable
    report_name: str     # what follows the plan's short name in the default title


def col(key, header, width, align="left", group="", merge=False) -> Column:
    return Column(key=key, header=header, group=group, width=width, align=align, merge=merge)


