"""报表 → 生成调度通报 and 预警提醒 → 生成催办通知单 in the assembled window."""
import docx
import pytest
from PySide6.QtCore import Qt

from db.summary import plan_summary
from tests.gui.conftest import TODAY

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints",
                                       "does not support raise",
                                       "does not support grabbing the keyboard")


def test_briefing_from_the_reports_menu(app_window, qtbot, monkeypatch, tmp_path, prompts):
    from desktop.dialogs import export_dialog

    out = tmp_path / "通报"
    monkeypatch.setattr(export_dialog, "ask_save_path", lambda *a: str(out))
    opened = []
    monkeypatch.setattr(export_dialog, "open_with_system_viewer", opened.append)
    prompts.confirm_answers.append(True)
    action = next(a for a in app_window.menu("报表").actions() if a.text() == "生成调度通报…")
    action.trigger()
    qtbot.waitUntil(lambda: bool(opened), timeout=30000)
    assert opened == [str(out) + ".docx"]
    text = "\n".join(p.text for p in docx.Document(opened[0]).paragraphs)
    assert "2026年11月工作调度通报" in text


def test_notices_for_the_selected_unit_from_the_warnings(app_window, qtbot, monkeypatch,
                                                         tmp_path, prompts, db):
    from desktop.dialogs import returns_dialog
    from desktop.views.warnings import UNIT_ROLE

    ws = app_window.workspace
    ws.tabs.setCurrentWidget(ws.warnings)
    panel = ws.warnings
    summary = plan_summary(db, app_window.plan_id, "2026-11", today=TODAY)
    unit = next(iter(summary.not_reported))
    nodes = [panel.tree.topLevelItem(i).child(j)
             for i in range(panel.tree.topLevelItemCount())
             for j in range(panel.tree.topLevelItem(i).childCount())]
    node = next(n for n in nodes if n.data(0, UNIT_ROLE) == unit)
    panel.tree.clearSelection()
    node.setSelected(True)
    folder = tmp_path / "催办"
    folder.mkdir()
    monkeypatch.setattr(returns_dialog, "ask_folder", lambda *a: str(folder))
    prompts.choices.append(0)   # one file per unit
    panel.remind_button.click()
    qtbot.waitUntil(lambda: bool(prompts.told), timeout=30000)
    files = sorted(p.name for p in folder.iterdir())
    assert files == [f"催办通知单_{unit}_2026-11.docx", f"催办通知单_{unit}_2026-11.pdf"]
    assert unit in prompts.told[-1][1]
    notice = docx.Document(str(folder / files[0]))
    assert f"{unit}：" in [p.text for p in notice.paragraphs]


def test_trend_and_ranking_charts_show_the_dashboard_counts(app_window, qtbot, db):
    from db.scorecard import unit_scores

    ws = app_window.workspace
    ws.tabs.setCurrentWidget(ws.dashboard)
    trends = ws.dashboard.trends
    ws.dashboard.chart_tabs.setCurrentWidget(trends)
    qtbot.waitUntil(lambda: bool(trends.points))
    assert trends.points[-1].month == "2026-11" and trends.points[0].month == "2026-01"
    cards = ws.dashboard.cards
    values = trends.series_values()
    assert values["已完成"][-1] == int(cards["done"].number.text())
    assert values["逾期"][-1] == int(cards["overdue"].number.text())
    assert values["进度滞后"][-1] == int(cards["lagging"].number.text())
    assert values["未报送"][-1] == int(cards["not_reported"].number.text())
    lines = [s for s in trends.trend_chart.series() if s.count() == len(trends.points)]
    assert [s.at(len(trends.points) - 1).y() for s in lines] == [
        v[-1] for v in values.values()]
    # one unit's trend
    unit = ws.dashboard.summary.by_unit[0]
    trends.unit.setCurrentIndex(trends.unit.findData(unit.unit))
    assert trends.series_values(unit.unit)["逾期"][-1] == unit.overdue
    assert unit.unit in trends.trend_chart.title()
    # the ranking: the scorecard of January to November, best first
    expected = sorted((s for s in unit_scores(db, app_window.plan_id, "2026-01", "2026-11",
                                              today=TODAY)),
                      key=lambda s: -s.score())
    bars = trends.rank_chart.series()[0].barSets()[0]
    assert [bars.at(i) for i in range(bars.count())] == [s.score() for s in reversed(expected)]
    axis = trends.trend_chart.axes(Qt.Orientation.Vertical)[0]
    assert axis.labelFormat() == "%d" and float(axis.tickInterval()).is_integer()
