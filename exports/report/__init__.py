"""One report table for every printed or exported output (no Qt, no rendering).

``build_report(db, plan_id, options)`` reads the services once and returns a frozen
``ReportTable`` (``exports.report.table``); every renderer (``exports.renderers``) takes only
that object, so every output says the same thing.

- ``table``: the table types (columns, cells, rows, header grid, footer fields);
- ``options``: what the user chooses, and what a report kind is;
- ``common``: helpers the report kinds share (cell formats, reading the plan, item rows);
- ``kinds/``: one module per report kind;
- ``registry``: the kinds, and ``build_report``.
"""
from db.summary import indicator_completion
from exports.report.common import (clean_text, date_words, month_words, plan_short_name,
                                   text_lines, this_month)
from exports.report.options import (DEFAULT_FOOTER, FOOTER_FIELDS, FOOTER_LABELS, ReportKind,
                                    ReportOptions)
from exports.report.registry import (OLD_KIND_NAMES, REPORT_KINDS, REPORT_NAMES, build_report, chosen_columns,
                                     current_column_names, current_kind_name, default_title,
                                     footer_fields, report_kind)
from exports.report.table import (NUMBER, PERCENT, STATUS, STATUS_FILLS, TEXT, Cell, Column,
                                  FooterField, HeaderCell, ReportTable, Row, header_grid)

__all__ = [
    "DEFAULT_FOOTER", "FOOTER_FIELDS", "FOOTER_LABELS", "NUMBER", "OLD_KIND_NAMES", "PERCENT", "REPORT_KINDS", "REPORT_NAMES",
    "STATUS", "STATUS_FILLS", "TEXT", "Cell", "Column", "FooterField", "HeaderCell",
    "ReportKind", "ReportOptions", "ReportTable", "Row", "build_report", "chosen_columns",
    "clean_text", "current_column_names", "current_kind_name", "date_words", "default_title",
    "footer_fields", "header_grid",
    "indicator_completion", "month_words", "plan_short_name", "report_kind", "text_lines",
    "this_month",
]
