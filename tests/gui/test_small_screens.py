"""A window for 1366×768 first: fitted first start, geometry kept on screen, 20+ tree rows
with every detail field in view, grid columns sharing the width."""
import pytest
from PySide6.QtCore import QByteArray, QRect, QSettings

from desktop.main_window import SETTINGS_APP, SETTINGS_ORG, TITLE_BAR, fitted_geometry, on_screen
from desktop.views.month_grid import COLUMNS, column_of
from tests.gui.conftest import TODAY, show_main_window

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints",
                                       "does not support raise",
                                       "does not support grabbing the keyboard")


def test_first_start_is_maximised_below_1600_pixels_and_large_above():
    laptop = QRect(0, 0, 1366, 728)  # 768 less the taskbar
    rect, maximise = fitted_geometry(laptop)
    assert maximise and laptop.contains(rect.adjusted(0, -TITLE_BAR, 0, 0))
    desktop = QRect(0, 0, 1920, 1040)
    rect, maximise = fitted_geometry(desktop)
    assert not maximise and rect.width() >= 1500 and rect.height() >= 850
    assert desktop.contains(rect)


def test_a_restored_geometry_is_brought_back_on_screen():
    area = QRect(0, 0, 1280, 680)  # 1280x720 less the taskbar
    saved = QRect(40, 30, 1280, 760)  # saved on a larger screen: status bar below the edge
    rect = on_screen(saved, area)
    assert rect.height() == 680 - TITLE_BAR and rect.width() == 1280
    assert area.contains(rect.adjusted(0, -TITLE_BAR, 0, 0))
    far = on_screen(QRect(2500, 900, 800, 600), area)  # left on a second monitor
    assert area.contains(far.adjusted(0, -TITLE_BAR, 0, 0)) and far.size() == QRect(
        0, 0, 800, 600).size()


def test_window_restored_too_big_fits_the_screen(qtbot, db, demo_plan, prompts):
    from desktop.main_window import MainWindow

    first = MainWindow(db, today=TODAY)
    qtbot.addWidget(first)
    first.setWindowState(first.windowState() & ~first.windowState())
    first.setGeometry(QRect(3000, 2000, 2400, 1600))  # bigger than the screen, far off it
    settings = QSettings(SETTINGS_ORG, SETTINGS_APP)
    settings.setValue("main/geometry", first.saveGeometry())
    settings.sync()
    assert isinstance(settings.value("main/geometry"), QByteArray)
    window = show_main_window(qtbot, MainWindow(db, today=TODAY))
    area = window._screen_area()
    assert area.contains(window.geometry())


def test_folded_progress_gives_twenty_rows_and_all_detail_fields(app_window, qtbot):
    window, ws = app_window, app_window.workspace
    window.setWindowState(window.windowState() & ~window.windowState())
    window.resize(1366, 728 - TITLE_BAR)  # a maximised window on a 1366x768 laptop
    ws.tabs.setCurrentWidget(ws.task_page)
    ws.progress_pane.set_open(False)
    qtbot.waitUntil(lambda: ws.progress_pane.height() < 60)
    tree = window.task_list.tree
    row_height = tree.visualRect(tree.model().index(0, 0)).height()
    assert tree.viewport().height() // row_height >= 20
    qtbot.waitUntil(lambda: window.task_list.detail_scroll.verticalScrollBar().maximum() == 0)
    assert "已折叠" in ws.progress_pane.button.text()
    ws.act_progress_pane.trigger()  # F6 opens it again
    assert ws.progress_pane.is_open() and ws.form.isVisible()


def test_grid_columns_share_the_width(app_window, qtbot):
    window, ws = app_window, app_window.workspace
    ws.tabs.setCurrentWidget(ws.grid)
    widths = {}
    for width in (1366, 1920):
        window.resize(width, 700)
        qtbot.waitUntil(lambda: ws.grid.view.viewport().width() > width - 120)
        view = ws.grid.view
        total = sum(view.columnWidth(i) for i in range(len(COLUMNS)))
        assert total <= view.viewport().width() + 1  # 下步计划 is never cut off
        widths[width] = (view.columnWidth(column_of("text")),
                         view.columnWidth(column_of("progress_text")))
    assert widths[1920][0] > widths[1366][0] and widths[1920][1] > widths[1366][1]


def test_status_columns_show_the_not_reported_words_whole(qtbot, db, demo_plan, prompts):
    """进度滞后（未报送） cut to 进度滞后（未… hides that the unit has not reported: the tree's
    本月状态 and the grid's 完成状态 fit the longest such words, also when the tree's widths
    were saved narrower before."""
    from desktop.task_model import STATUS
    from desktop.views.columns import WIDEST_STANDING
    from desktop.workspace import build_main_window

    first = show_main_window(qtbot, build_main_window(db, today=TODAY))
    tree, grid = first.task_list.tree, first.workspace.grid.view
    assert tree.columnWidth(STATUS) > tree.fontMetrics().horizontalAdvance(WIDEST_STANDING)
    assert grid.columnWidth(column_of("status")) > grid.fontMetrics().horizontalAdvance(
        WIDEST_STANDING)
    tree.setColumnWidth(STATUS, 72)                 # the width earlier versions saved
    first.close()                                   # saves the settings
    again = show_main_window(qtbot, build_main_window(db, today=TODAY))
    tree = again.task_list.tree
    assert tree.columnWidth(STATUS) > tree.fontMetrics().horizontalAdvance(WIDEST_STANDING)
