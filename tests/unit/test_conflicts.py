"""The conflict message's text (Qt-free): what the clerk typed beside what is stored now."""
from types import SimpleNamespace

from db.errors import ConcurrentEdit
from desktop.conflicts import KEEP, MAX_SHOWN, conflict_rows, conflict_text

BASE = "走访示例县规模以上工业企业，梳理新材料、食品加工、装备制造三条产业链的技术需求，形成需求清单并按季度更新"


def edit(attempted, **stored):
    return ConcurrentEdit("工作事项已被其他人（李四）修改，您的修改未保存。",
                          current=SimpleNamespace(**stored), attempted=attempted)


def test_a_change_at_the_end_of_a_long_content_is_in_view_on_both_lines():
    [(label, mine, stored)] = conflict_rows(edit(
        {"content": BASE + "（张三补充：月底前报送）"}, content=BASE + "（李四补充：已现场核查）"))
    assert label == "内容"
    same = (BASE + "（")[-KEEP:]  # the unchanged part before the first difference, shortened
    assert mine == "…" + same + "张三补充：月底前报送）"
    assert stored == "…" + same + "李四补充：已现场核查）"


def test_one_clerk_rewrote_the_start_the_other_added_at_the_end():
    """Both changes in view: cutting at the end showed two identical beginnings."""
    long = BASE * 2
    [(_, mine, stored)] = conflict_rows(edit({"content": "张三改写：" + long},
                                             content=long + "（李四补充：已现场核查）"))
    assert mine == "张三改写：" + long[:KEEP] + "…"
    assert stored == "…" + long[-KEEP:] + "（李四补充：已现场核查）"


def test_a_change_in_the_middle_keeps_a_few_characters_either_side():
    long = BASE * 2
    [(_, mine, stored)] = conflict_rows(edit(
        {"content": long[:40] + "张三" + long[40:]}, content=long[:40] + "李四" + long[40:]))
    assert mine == "…" + long[40 - KEEP:40] + "张三" + long[40:40 + KEEP] + "…"
    assert stored == "…" + long[40 - KEEP:40] + "李四" + long[40:40 + KEEP] + "…"


def test_short_values_whole_and_every_field_apart():
    text = conflict_text(edit({"title": "张三的标题", "remarks": None},
                              title="李四的标题", remarks="李四：已核实"))
    assert "标题\n    您填写的：张三的标题\n    现在保存的：李四的标题" in text
    assert "\n\n备注\n    您填写的：（空）\n    现在保存的：李四：已核实" in text
    assert text.endswith("已重新读取最新内容。如仍需修改，请在最新内容上再改一次。")


def test_an_item_deleted_meanwhile():
    exc = ConcurrentEdit("已被删除", current=None, attempted={"content": BASE * 2})
    [(_, mine, stored)] = conflict_rows(exc)
    assert stored == "（已删除）"
    assert mine == (BASE * 2)[:MAX_SHOWN] + "…"


def test_fields_that_hold_the_same_on_both_sides_are_left_out():
    """A form sends every field; only those where the two clerks differ are shown."""
    rows = conflict_rows(edit({"status": "序时推进", "percent": 60, "progress_text": "张三写的"},
                              status="序时推进", percent=60, progress_text="李四写的"))
    assert rows == [("进展情况", "张三写的", "李四写的")]
