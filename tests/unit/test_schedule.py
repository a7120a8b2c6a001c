"""序时进度 arithmetic, suggested status, colours and warnings flags."""
import datetime as dt

import pytest

from db.dto import ProgressInfo
from db.schedule import (
    Colour,
    Thresholds,
    assess,
    expected_percent,
    month_end,
    month_standings,
    suggest_status,
    task_standing,
)
from db.services.progress import delete_progress, record_progress

D = dt.date
START, DEADLINE = D(2026, 1, 1), D(2026, 12, 31)  # 364 days


def entry(status="序时推进", percent=None, month="2026-06"):
    return ProgressInfo(id=1, task_id=1, month=month, status=status, percent=percent,
                        progress_text="", problems="", next_steps="", reporting_unit=None,
                        entered_by="", entered_at=dt.datetime(2026, 1, 1), version=1)


def judge(month, *, e=None, deadline=DEADLINE, start=START, today=D(2027, 3, 1), last=None,
          thresholds=Thresholds()):
    return assess(task_id=1, month=month, start=start, deadline=deadline, entry=e,
                  last_percent=last, today=today, thresholds=thresholds)


def test_expected_percent_at_start_mid_span_and_after_deadline():
    assert expected_percent(START, DEADLINE, START) == 0.0
    assert expected_percent(START, DEADLINE, D(2025, 12, 1)) == 0.0
    assert expected_percent(START, DEADLINE, D(2026, 7, 2)) == 50.0   # 182 of 364 days
    assert expected_percent(START, DEADLINE, DEADLINE) == 100.0
    assert expected_percent(START, DEADLINE, D(2027, 2, 1)) == 100.0


def test_expected_percent_without_deadline_or_start_is_unknown():
    assert expected_percent(START, None, D(2026, 6, 30)) is None
    assert expected_percent(None, DEADLINE, D(2026, 6, 30)) is None


def test_deadline_before_start_counts_as_due():
    assert expected_percent(D(2026, 6, 1), D(2026, 3, 31), D(2026, 7, 1)) == 100.0


def test_month_end_handles_february_and_bad_months():
    assert month_end("2028-02") == D(2028, 2, 29)
    with pytest.raises(Exception, match="YYYY-MM"):
        month_end("2026-13")


def test_standing_is_measured_at_the_month_end():
    s = judge("2026-06", e=entry(percent=50))
    assert s.expected_percent == pytest.approx(49.5)  # 180 of 364 days
    assert s.behind == pytest.approx(-0.5)
    assert s.colour is Colour.GREEN and not s.lagging and not s.mismatch
    assert s.suggested_status == "序时推进"


@pytest.mark.parametrize("percent, colour, suggested", [
    (40, Colour.GREEN, "序时推进"),    # 9.5 behind
    (39, Colour.YELLOW, "进度滞后"),   # 10.5 behind
    (20, Colour.YELLOW, "进度滞后"),   # 29.5 behind
    (19, Colour.RED, "进度滞后"),      # 30.5 behind
    (60, Colour.GREEN, "进展较快"),    # 10.5 ahead
    (0, Colour.RED, "进度滞后"),
    (100, Colour.GREEN, "已完成"),
])
def test_colour_and_suggestion_by_points_behind(percent, colour, suggested):
    s = judge("2026-06", e=entry(percent=percent))
    assert (s.colour, s.suggested_status) == (colour, suggested)


def test_thresholds_are_settings():
    strict = Thresholds(yellow_behind=5, red_behind=8, due_soon_days=60)
    s = judge("2026-06", e=entry(percent=42), thresholds=strict)  # 7.5 behind
    assert s.colour is Colour.YELLOW and s.lagging
    s = judge("2026-06", e=entry(percent=41), thresholds=strict)  # 8.5 behind
    assert s.colour is Colour.RED
    assert suggest_status(42, 49.5, strict).value == "进度滞后"
    assert suggest_status(42, 49.5).value == "序时推进"


def test_past_the_deadline_and_not_done_is_overdue_and_red():
    s = judge("2026-08", e=entry(percent=90), deadline=D(2026, 7, 31))
    assert s.overdue and s.colour is Colour.RED and s.expected_percent == 100.0
    assert s.days_left == -31


def test_deadline_in_the_month_is_not_overdue_before_it_passes():
    s = judge("2026-07", e=entry(percent=90), deadline=D(2026, 7, 31), today=D(2026, 7, 10))
    assert not s.overdue and s.due_soon and s.days_left == 21
    assert s.colour is Colour.YELLOW


def test_due_soon_uses_the_threshold_days():
    kwargs = dict(e=entry(percent=70), deadline=D(2026, 8, 15), today=D(2026, 9, 1))
    assert judge("2026-07", **kwargs).due_soon           # 15 days after 7-31
    assert not judge("2026-07", thresholds=Thresholds(due_soon_days=10), **kwargs).due_soon


def test_done_early_is_green_never_overdue_nor_due_soon():
    s = judge("2026-05", e=entry(status="已完成", percent=100), deadline=D(2026, 6, 30))
    assert s.done and s.colour is Colour.GREEN and not s.due_soon and not s.mismatch
    later = judge("2026-09", last=100, deadline=D(2026, 6, 30))
    assert later.done and not later.overdue and later.colour is Colour.GREEN


def test_no_deadline_is_never_overdue_and_only_the_clerk_can_say_lagging():
    s = judge("2026-06", e=entry(percent=10), deadline=None)
    assert s.expected_percent is None and s.behind is None
    assert not s.overdue and not s.due_soon and s.colour is Colour.GREEN
    lagging = judge("2026-06", e=entry(status="进度滞后", percent=10), deadline=None)
    assert lagging.lagging and lagging.colour is Colour.YELLOW


def test_clerks_status_wins_but_a_mismatch_is_flagged():
    s = judge("2026-06", e=entry(status="序时推进", percent=15))
    assert s.status == "序时推进" and s.suggested_status == "进度滞后" and s.mismatch
    assert s.colour is Colour.RED
    done = judge("2026-06", e=entry(status="已完成", percent=60))
    assert done.done and done.colour is Colour.GREEN and done.mismatch


def test_status_without_percent_is_not_a_mismatch():
    s = judge("2026-06", e=entry(status="已完成", percent=None))
    assert s.done and not s.mismatch and s.suggested_status == "已完成"


def test_not_reported_month_uses_the_last_percent():
    s = judge("2026-06", last=45)
    assert not s.reported and s.status is None and s.percent == 45 and not s.mismatch
    assert s.colour is Colour.GREEN


def test_running_month_judges_overdue_as_of_today():
    s = judge("2026-07", e=entry(percent=50), deadline=D(2026, 7, 15), today=D(2026, 7, 10))
    assert not s.overdue and s.days_left == 5
    s = judge("2026-07", e=entry(percent=50), deadline=D(2026, 7, 15), today=D(2026, 7, 20))
    assert s.overdue


def test_month_standings_on_the_demo_plan(db, demo_plan):
    today = D(2026, 11, 20)
    standings = month_standings(db, demo_plan, "2026-11", today=today)
    assert len(standings) == 40
    some_id = next(iter(standings))
    record_progress(db, some_id, "2026-11", status="进度滞后", percent=5)
    after = month_standings(db, demo_plan, "2026-11", today=today)[some_id]
    assert after.reported and after.percent == 5 and after.status == "进度滞后"
    assert task_standing(db, some_id, "2026-11", today=today) == after


def test_month_standings_fall_back_to_the_latest_earlier_percent(db, demo_plan):
    today = D(2026, 11, 20)
    standings = month_standings(db, demo_plan, "2026-12", today=today)
    task_id = next(iter(standings))
    record_progress(db, task_id, "2026-10", percent=35)
    record_progress(db, task_id, "2026-11", percent=None, status="序时推进")
    s = month_standings(db, demo_plan, "2026-12", today=today)[task_id]
    assert not s.reported and s.percent == 35


def test_without_a_deadline_only_done_or_not_started_can_be_contradicted():
    assert not judge("2026-06", e=entry(status="进度滞后", percent=65), deadline=None).mismatch
    assert not judge("2026-06", e=entry(status="进展较快", percent=65), deadline=None).mismatch
    assert judge("2026-06", e=entry(status="已完成", percent=65), deadline=None).mismatch
    assert judge("2026-06", e=entry(status="未启动", percent=20), deadline=None).mismatch
    assert judge("2026-06", e=entry(status="序时推进", percent=100), deadline=None).mismatch


def test_a_month_sheet_read_with_the_earlier_task_list_is_the_same(db, demo_plan):
    from db.schedule import month_sheet

    first = month_sheet(db, demo_plan, "2026-10", today=D(2026, 11, 20))
    again = month_sheet(db, demo_plan, "2026-11", today=D(2026, 11, 20), tree=first.tree)
    fresh = month_sheet(db, demo_plan, "2026-11", today=D(2026, 11, 20))
    assert again == fresh


# --- the standing rule: one word and one tone everywhere ---------------------------------------

@pytest.mark.parametrize("percent, word, tone", [
    (45, "序时推进", Colour.GREEN),     # 4.5 behind
    (35, "进度滞后", Colour.YELLOW),    # 14.5 behind
    (19, "严重滞后", Colour.RED),       # 30.5 behind: its own word, so grey prints keep it
    (20, "进度滞后", Colour.YELLOW),    # 29.5 behind
    (100, "已完成", Colour.GREEN),
])
def test_the_word_carries_the_severity(percent, word, tone):
    s = judge("2026-06", e=entry(percent=percent))
    assert (s.word, s.label, s.tone) == (word, word, tone)


def test_overdue_outranks_severe_and_the_clerks_word():
    s = judge("2026-08", e=entry(status="序时推进", percent=10), deadline=D(2026, 7, 31))
    assert s.overdue and not s.severe and s.word == "逾期" and s.tone is Colour.RED


def test_not_reported_is_not_a_standing_and_never_on_time():
    s = judge("2026-06", last=45)            # the last figure is on time
    assert s.word == "未报送" and s.tone is None and s.owes_report
    behind = judge("2026-06", last=10)       # the last figure is far behind
    assert behind.word == "严重滞后" and behind.label == "严重滞后（未报送）"
    assert behind.tone is Colour.RED
    never = judge("2026-06")
    assert never.last_report_note == "从未报送"


def test_an_item_finished_earlier_reads_done_with_its_month():
    from db.schedule import Earlier

    earlier = Earlier(last_month="2026-05", percent=None, done_month="2026-04")
    s = assess(task_id=1, month="2026-06", start=START, deadline=D(2026, 5, 31), entry=None,
               earlier=earlier, today=D(2026, 7, 1))
    assert s.done and not s.overdue and not s.owes_report and s.tone is Colour.GREEN
    assert s.label == "已完成（4月）" and s.last_report_note == ""


def test_earlier_reports_from_the_database(db, demo_plan):
    """Done without a percent, then 100% again: done since the first of the run; a not-reported
    row shows its last month and figure."""
    today = D(2026, 12, 20)
    ids = list(month_standings(db, demo_plan, "2026-12", today=today))
    done_id, open_id = ids[0], ids[1]
    record_progress(db, done_id, "2026-08", status="序时推进", percent=80)
    record_progress(db, done_id, "2026-09", status="已完成", percent=None)
    record_progress(db, done_id, "2026-10", status="已完成", percent=100)
    for task_id in (done_id, open_id):
        delete_progress(db, task_id, "2026-11")     # the demo's own November entries
    record_progress(db, open_id, "2026-09", status="序时推进", percent=60)
    record_progress(db, open_id, "2026-10", status="序时推进", percent=None)
    standings = month_standings(db, demo_plan, "2026-12", today=today)
    done, open_ = standings[done_id], standings[open_id]
    assert done.done and done.done_month == "2026-09" and done.label == "已完成（9月）"
    assert not open_.done and open_.last_month == "2026-10" and open_.percent == 60
    assert open_.last_report_note == "上次报送：2026年10月，60%"
    assert task_standing(db, done_id, "2026-12", today=today) == done
