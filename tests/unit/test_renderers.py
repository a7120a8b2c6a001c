"""The renderer registry: one list of formats for the CLI and the export dialog."""
import datetime as dt

import pytest

from db.errors import InvalidInput
from exports.renderers import RENDERERS, renderer_for
from exports.report import ReportOptions, build_report


def test_format_comes_from_the_option_or_the_file_name():
    assert renderer_for("pdf").key == "pdf"
    assert renderer_for(None, "/tmp/月报.XLSX").key == "xlsx"
    assert renderer_for("xlsx", "/tmp/月报.pdf").key == "xlsx"   # the option wins
    with pytest.raises(InvalidInput) as err:
        renderer_for(None, "/tmp/月报.doc")
    assert "--format" in str(err.value) and ".pdf" in str(err.value)


def test_every_renderer_writes_its_file(db, demo_plan, tmp_path):
    table = build_report(db, demo_plan, ReportOptions(kind="units", month="2026-11",
                                                      today=dt.date(2026, 11, 20)))
    for key, renderer in RENDERERS.items():
        out = tmp_path / f"units{renderer.suffix}"
        pages = renderer.render(table, out)
        assert out.stat().st_size > 1000
        assert pages is None or pages >= 1, key
