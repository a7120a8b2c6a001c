"""The detail panel's 责任领导 field: people typed with 、, saved on Enter, undoable."""
import pytest
from PySide6.QtCore import Qt

from db.services import tasks
from tests.gui.conftest import type_text

# what the offscreen platform says on every shown main window (as in test_main_window)
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints",
                                       "does not support raise",
                                       "does not support grabbing the keyboard")


def test_leaders_typed_in_the_panel_are_saved_and_undone(window, qtbot, db):
    item = next(t for t in window.task_list.model.rows() if t.depth == 2)
    window.select_task(item.id)
    panel = window.task_list.detail
    assert panel.leaders.text() == ""
    panel.leaders.setFocus()
    type_text(panel.leaders, "王某某（副县长）、李某某，")
    qtbot.keyClick(panel.leaders, Qt.Key.Key_Return)
    assert tasks.get_task(db, item.id).responsible_leaders == ("王某某（副县长）", "李某某")
    window.select_task(item.id)
    assert panel.leaders.text() == "王某某（副县长）、李某某"
    window.history.undo()
    assert tasks.get_task(db, item.id).responsible_leaders == ()
