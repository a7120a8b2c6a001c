"""What changed since the previous month (the history beside the progress form)."""
import datetime as dt

from db.dto import ProgressInfo


def entry(month, status="序时推进", percent=50, text="甲", problems="", next_steps="乙"):
    return ProgressInfo(id=1, task_id=1, month=month, status=status, percent=percent,
                        progress_text=text, problems=problems, next_steps=next_steps,
                        reporting_unit=None, entered_by="", entered_at=dt.datetime(2026, 1, 1),
                        version=1)


def test_compare_months():
    from desktop.views.progress_history import compare

    first = compare(None, entry("2026-09"))
    assert first.first and first.percent_delta is None
    change = compare(entry("2026-09"), entry("2026-10", status="进度滞后", percent=65,
                                                text="丙"))
    assert change.percent_delta == 15 and change.status_before == "序时推进"
    assert change.changed_fields == {"progress_text"}
    same = compare(entry("2026-09"), entry("2026-10"))
    assert same.percent_delta == 0 and same.status_before is None and not same.changed_fields
    assert compare(entry("2026-09", percent=None), entry("2026-10")).percent_delta is None


def test_history_html_marks_changes_newest_first():
    from desktop.views.progress_history import history_html

    html = history_html([entry("2026-10", percent=70, text="丙"), entry("2026-09")],
                        selected_month="2026-10")
    assert html.index("2026年10月") < html.index("2026年9月")
    assert "（+20）" in html and "[有变化]" in html and "[同上月]" in html
    assert "当前月份" in html
