"""Two clerks on one item's progress: the form and the month grid send the version of the entry
they show, so the second save is the conflict message (both values), not an overwrite, and the
entry is read again."""
import pytest

from db.services.progress import progress_for_month, record_progress
from db.session import open_database
from desktop.views.month_grid import column_of
from tests.gui.test_progress_form import make_form, reported_item
from tests.gui.test_progress_grid import make_grid

pytestmark = [pytest.mark.sqlite_only, pytest.mark.qt_log_ignore("propagateSizeHints")]


@pytest.fixture
def other_clerk(db):
    other = open_database(db.url, user="李四")
    yield other
    other.dispose()


def conflict(prompts) -> str:
    [(title, text)] = prompts.errors
    prompts.errors.clear()
    assert title == "修改未保存：内容已被他人更改"
    return text


def test_the_form_refuses_a_save_over_an_entry_changed_meanwhile(qtbot, db, demo_plan,
                                                                  other_clerk, prompts):
    item = reported_item(db, demo_plan)
    form = make_form(qtbot, db, demo_plan, month="2026-11")
    form.set_task(item.id)
    record_progress(other_clerk, item.id, "2026-11", progress_text="李四：已完成现场核查")

    form.progress_text.setPlainText("张三：企业走访过半")
    assert form.save() is False

    text = conflict(prompts)
    assert "已被其他人（李四）修改" in text
    assert "您填写的：张三：企业走访过半" in text and "现在保存的：李四：已完成现场核查" in text
    assert "完成状态" not in text  # unchanged fields are left out
    stored = progress_for_month(db, demo_plan, "2026-11")[item.id]
    assert stored.progress_text == "李四：已完成现场核查"  # the first edit survives
    assert form.progress_text.toPlainText() == "李四：已完成现场核查"  # read again
    assert not form.dirty and not form.undo_history.stack.canUndo()

    form.progress_text.setPlainText("张三：在李四的基础上补充")  # on the fresh entry it saves
    assert form.save() is True
    assert progress_for_month(db, demo_plan, "2026-11")[item.id].progress_text == \
        "张三：在李四的基础上补充"
    assert not prompts.errors


def test_two_first_entries_of_a_month_from_the_form(qtbot, db, demo_plan, other_clerk, prompts):
    item = reported_item(db, demo_plan)
    form = make_form(qtbot, db, demo_plan, month="2026-12")  # no December entry yet
    form.set_task(item.id)
    assert form.entry is None and form.seen_version == 0
    record_progress(other_clerk, item.id, "2026-12", status="序时推进", percent=70,
                    progress_text="李四先填的十二月进展")

    form.progress_text.setPlainText("张三填的十二月进展")
    assert form.save() is False
    assert "已被其他人（李四）填写" in conflict(prompts)
    assert progress_for_month(db, demo_plan, "2026-12")[item.id].progress_text == \
        "李四先填的十二月进展"
    assert form.progress_text.toPlainText() == "李四先填的十二月进展"


def test_edits_kept_through_a_refresh_still_carry_the_version_they_started_from(
        qtbot, db, demo_plan, other_clerk, prompts):
    item = reported_item(db, demo_plan)
    form = make_form(qtbot, db, demo_plan, month="2026-11")
    form.set_task(item.id)
    form.problems.setPlainText("张三：资金未到位")
    form.dirty = True  # what typing sets
    record_progress(other_clerk, item.id, "2026-11", problems="李四：用地手续未批")
    form.refresh()  # another clerk's change noticed: the view refreshes, the typing stays
    assert form.problems.toPlainText() == "张三：资金未到位"

    assert form.save() is False
    assert "现在保存的：李四：用地手续未批" in conflict(prompts)
    assert progress_for_month(db, demo_plan, "2026-11")[item.id].problems == "李四：用地手续未批"


def test_a_grid_cell_over_an_entry_changed_meanwhile_is_the_conflict(qtbot, db, demo_plan,
                                                                    other_clerk, prompts):
    grid = make_grid(qtbot, db, demo_plan, month="2026-11")
    row = next(i for i, t in enumerate(grid.model.rows) if t.id in grid.model.entries)
    task = grid.model.rows[row]
    record_progress(other_clerk, task.id, "2026-11", progress_text="李四在另一台电脑上改的")

    cell = grid.model.index(row, column_of("progress_text"))
    assert grid.model.setData(cell, "张三在表格里改的") is False

    text = conflict(prompts)
    assert "您填写的：张三在表格里改的" in text and "现在保存的：李四在另一台电脑上改的" in text
    assert progress_for_month(db, demo_plan, "2026-11")[task.id].progress_text == \
        "李四在另一台电脑上改的"
    assert grid.model.value(row, "progress_text") == "李四在另一台电脑上改的"  # row read again
    assert not grid.undo_history.stack.canUndo()

    assert grid.model.setData(cell, "张三在新内容上改的") is True
    assert progress_for_month(db, demo_plan, "2026-11")[task.id].progress_text == \
        "张三在新内容上改的"


def test_a_pasted_block_over_a_row_changed_meanwhile_writes_nothing(qtbot, db, demo_plan,
                                                                   other_clerk, prompts):
    grid = make_grid(qtbot, db, demo_plan, month="2026-11")
    rows = [i for i, t in enumerate(grid.model.rows) if t.id in grid.model.entries][:2]
    first, second = (grid.model.rows[i] for i in rows)
    assert rows[1] == rows[0] + 1  # two reported rows one under the other
    before = progress_for_month(db, demo_plan, "2026-11")
    record_progress(other_clerk, second.id, "2026-11", progress_text="李四改的第二行")

    grid.view.setCurrentIndex(grid.model.index(rows[0], column_of("progress_text")))
    assert grid.paste("张三粘贴的第一行\n张三粘贴的第二行\n") is False

    text = conflict(prompts)
    assert text.startswith(f"第 {rows[1] + 1} 行")  # the row of the conflict is named
    assert "现在保存的：李四改的第二行" in text
    after = progress_for_month(db, demo_plan, "2026-11")
    assert after[first.id].progress_text == before[first.id].progress_text  # all or nothing
    assert after[second.id].progress_text == "李四改的第二行"
    assert grid.model.value(rows[1], "progress_text") == "李四改的第二行"  # read again
    assert not grid.undo_history.stack.canUndo()
