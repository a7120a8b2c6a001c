"""Plans written the same way as the seeds but not seen before: own inputs, varied layouts."""
import datetime as dt

import docx
import openpyxl
import pytest

from db.errors import InvalidInput
from db.services.imports import (append_tasks, import_plan, match_units, merge_spellings,
                                 near_keys, similar_name_text, similar_names)
from db.services.tasks import load_tree
from db.services.units import create_unit
from exports.importers import ParseError, parse_file, parse_text
from exports.importers.common import parse_deadline
from exports.importers.markers import is_marker, split_units
from exports.importers.text import parse_indicators, parse_work_group


# --- small readers ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, names", [
    ("县政府办（金融办）、高新区，县 人社局等", ["县政府办（金融办）", "高新区", "县人社局"]),
    ("各乡镇（管理局）,县财政局\n县发改局", ["各乡镇（管理局）", "县财政局", "县发改局"]),
    ("县发改局、县财政局等按职责分工负责", ["县发改局", "县财政局"]),
    ("县委组织部；县科协（科技馆）、县科协（科技馆）", ["县委组织部", "县科协（科技馆）"]),
    ("", []),
])
def test_split_units_keeps_bracketed_names_and_drops_deng(text, names):
    assert split_units(text) == names


@pytest.mark.parametrize("text, year, date", [
    ("2025年12月底前", None, dt.date(2025, 12, 31)),
    ("2023年6月", None, dt.date(2023, 6, 30)),
    ("年底前", 2024, dt.date(2024, 12, 31)),
    ("6月底前", 2024, dt.date(2024, 6, 30)),
    ("2024年上半年", None, dt.date(2024, 6, 30)),
    ("第三季度", 2024, dt.date(2024, 9, 30)),
    ("2023年—2025年", None, dt.date(2025, 12, 31)),
    ("2025.3.15", None, dt.date(2025, 3, 15)),
    ("长期坚持", 2024, None),
    ("年底前", None, None),
])
def test_deadlines_become_dates_where_one_is_meant(text, year, date):
    assert parse_deadline(text, year) == (date, text)


def parse_marker(inner):
    reading = is_marker(inner)
    return reading and (reading.lead, reading.responsible, reading.deadline_text)


def test_marker_forms():
    assert parse_marker("县科工信局牵头，高新区、县发改局、县财政局等按职责分工负责") == (
        ["县科工信局"], ["高新区", "县发改局", "县财政局"], "")
    assert parse_marker("**农业农村局、林业局牵头**") == (["农业农村局", "林业局"], [], "")
    assert parse_marker("牵头单位：县住建局；责任单位：各乡镇（管理局）；完成时限：2024年6月") == (
        ["县住建局"], ["各乡镇（管理局）"], "2024年6月")
    assert parse_marker("县发改局负责") == (["县发改局"], [], "")
    assert parse_marker("产品") is None
    assert parse_marker("团队") is None


def test_indicators_name_target_measure_comparator():
    got = parse_indicators("到2025年，技术合同交易额达30亿元，高新技术企业达到66家，"
                           "新增发明专利30件左右；规上工业增加值增长 8.5% 以上。")
    assert [(i.name, i.target, i.measure, i.comparator) for i in got] == [
        ("技术合同交易额", 30, "亿元", "达到"), ("高新技术企业", 66, "家", "达到"),
        ("新增发明专利", 30, "件", "左右"), ("规上工业增加值增长", 8.5, "%", "以上")]


def test_work_group_from_mechanism_paragraph():
    group = parse_work_group("成立示范县产业攻坚工作专班，由县委常委、常务副县长王某任召集人，"
                             "县发改局、县工信局主要负责人任副召集人，成员单位为县政府办（金融办）、"
                             "县财政局、各乡镇（管理局）等。专班办公室设在县发改局，承担日常工作。")
    assert group.name == "示范县产业攻坚工作专班"
    assert group.convener == "县委常委、常务副县长王某"
    assert group.deputy_conveners == ["县发改局", "县工信局主要负责人"]
    assert group.member_units == ["县政府办（金融办）", "县财政局", "各乡镇（管理局）"]
    assert group.office_unit == "县发改局"
    assert group.office_duties == "承担日常工作"


# --- text plans --------------------------------------------------------------------------------

OUTLINE = """示范县优化营商环境攻坚行动方案

一、主要目标
2024年，市场主体新增1200户以上，政务服务事项网上可办率达到98%。

二、重点任务
（一）提升政务服务效能
1、推进“一件事一次办”。梳理高频事项清单，年底前实现集成办理。（县政务服务中心牵头，县 司法局、各乡镇（管理局）等配合）
2、深化“证照分离”改革。一是推行告知承诺制（县市场监管局牵头）；二是压减审批时限（县行政审批局牵头，完成时限：2024年6月底前）。
（二）优化要素保障
3、强化融资支持。建立企业融资需求清单，开展银企对接活动不少于12场（县政府办（金融办）牵头，人行示范县支行负责）。开展首贷续贷攻坚行动（县政府办（金融办）牵头）。

三、组织保障
成立优化营商环境工作专班，由县长任召集人，常务副县长任副召集人，成员单位包括县政务服务中心、县市场监管局、县政府办（金融办）等，专班办公室设在县政务服务中心。
"""


def test_outline_with_1_comma_numbering_and_ordinals(db):
    parsed = parse_text(OUTLINE)
    draft = parsed.draft
    assert draft.title == "示范县优化营商环境攻坚行动方案" and draft.region == "示范县"
    assert draft.year == 2024
    assert [c.title for c in draft.tasks] == ["提升政务服务效能", "优化要素保障"]
    first, second = draft.tasks[0].children
    assert first.title == "推进“一件事一次办”"
    assert first.lead_units == ["县政务服务中心"]
    assert first.responsible_units == ["县司法局", "各乡镇（管理局）"]
    assert first.deadline == dt.date(2024, 12, 31) and first.deadline_text == "年底前"
    assert [c.lead_units for c in second.children] == [["县市场监管局"], ["县行政审批局"]]
    assert second.children[1].deadline == dt.date(2024, 6, 30)
    assert second.children[0].content.startswith("一是推行告知承诺制")
    money = draft.tasks[1].children[0]
    assert [c.lead_units for c in money.children] == [["县政府办（金融办）"], ["县政府办（金融办）"]]
    assert money.children[0].responsible_units == ["人行示范县支行"]
    assert [(i.name, i.target) for i in draft.indicators] == [
        ("市场主体新增", 1200), ("政务服务事项网上可办率", 98)]
    assert draft.work_group.office_unit == "县政务服务中心"
    plan_id = import_plan(db, draft)
    numbers = [t.number for t in load_tree(db, plan_id)]
    assert numbers[:3] == ["（一）", "1.", "2."]


def test_pasted_task_list_without_sections():
    parsed = parse_text("一、稳定粮食生产\n落实耕地保护责任，完成高标准农田建设2万亩（县农业农村局牵头，"
                        "县自然资源局、县财政局负责）。\n二、发展特色产业\n扶持油茶基地扩面（县林业局牵头）。")
    assert [t.title for t in parsed.draft.tasks] == ["稳定粮食生产", "发展特色产业"]
    assert parsed.draft.number_style == "comma"
    item = parsed.draft.tasks[0].children[0]
    assert item.lead_units == ["县农业农村局"]
    assert item.responsible_units == ["县自然资源局", "县财政局"]


def test_tab_separated_table_pasted_from_excel():
    text = ("序号\t重点任务\t牵头单位\t配合单位\t完成时限\n"
            "1\t建设智慧停车平台\t县城管局\t县公安局、县住建局\t2024年9月\n"
            "2\t\"改造老旧小区\n12个\"\t县住建局\t各社区\t年底前\n")
    parsed = parse_text("示范县城市更新方案（2024年）\n" + text)
    items = parsed.draft.tasks
    assert [i.lead_units for i in items] == [["县城管局"], ["县住建局"]]
    assert items[0].deadline == dt.date(2024, 9, 30)
    assert items[1].deadline == dt.date(2024, 12, 31) and items[1].deadline_text == "年底前"


def test_text_without_tasks_is_refused_with_a_reason():
    with pytest.raises(ParseError, match="没有识别出重点工作任务"):
        parse_text("这是一段普通的文字。\n没有任何分工。")
    with pytest.raises(ParseError, match="空"):
        parse_text("  \n ")


def test_sentences_with_no_number_under_a_task_section_are_its_items():
    text = ("示例县2027年农业农村工作要点\n一、总体要求\n全面推进乡村振兴。\n二、重点工作\n"
            "围绕全年目标，重点抓好以下工作：\n"
            "新建高标准农田1.2万亩，年底前完成。\n"
            "实施村庄清洁行动。\n牵头单位：县农业农村局\n"
            "发展壮大村级集体经济，持续推进。\n三、保障措施\n加强组织领导。\n")
    parsed = parse_text(text)
    items = parsed.draft.tasks
    assert [i.content for i in items] == ["新建高标准农田1.2万亩，年底前完成。", "实施村庄清洁行动。",
                                          "发展壮大村级集体经济，持续推进。"]
    assert items[0].deadline == dt.date(2027, 12, 31) and items[2].deadline is None
    assert [i.lead_units for i in items] == [[], ["县农业农村局"], []]
    assert any("2 项工作未明确牵头单位" in w for w in parsed.warnings)
    assert any("以下工作" in w and "略过" in w for w in parsed.warnings)


def test_sentences_under_a_group_heading_are_items_but_a_lone_one_is_the_groups_text():
    text = ("示例县2027年文化旅游工作要点\n一、总体要求\n以文塑旅。\n二、重点任务\n"
            "（一）做强文旅品牌\n推进古镇景区提质升级。\n牵头单位：县文旅局\n"
            "办好山水文化节。\n（二）完善公共服务\n新建城市书房5个。\n"
            "（三）推进全域旅游\n创建省级全域旅游示范区。\n1.编制全域旅游规划。\n2.完善旅游标识。\n")
    first, second, third = parse_text(text).draft.tasks
    assert [(c.content, c.lead_units) for c in first.children] == [
        ("推进古镇景区提质升级。", ["县文旅局"]), ("办好山水文化节。", [])]
    assert not first.lead_units and not first.content
    assert second.content == "新建城市书房5个。" and not second.children
    # a group's own sentence before its numbered items stays its text
    assert third.content == "创建省级全域旅游示范区。"
    assert [c.title for c in third.children] == ["编制全域旅游规划", "完善旅游标识"]
    # and so do two of them
    text = text.replace("创建省级全域旅游示范区。", "创建省级全域旅游示范区。\n带动乡村旅游发展。")
    third = parse_text(text).draft.tasks[2]
    assert third.content == "创建省级全域旅游示范区。带动乡村旅游发展。"
    assert [c.title for c in third.children] == ["编制全域旅游规划", "完善旅游标识"]


def test_unnumbered_lead_in_before_numbered_headings_is_no_item():
    text = ("示例县工作方案\n一、重点任务\n聚焦发展大局，实施三项行动。\n"
            "（一）扩大投资\n1.新建物流中心。（县商务局牵头）\n")
    parsed = parse_text(text)
    assert [t.title for t in parsed.draft.tasks] == ["扩大投资"]
    assert any("聚焦发展大局" in w for w in parsed.warnings)


# --- Word and Excel layouts ----------------------------------------------------------------------

def _docx_table(doc, rows, merge_down=()):
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text is not None:
                table.cell(r, c).text = text
    for col, top, bottom in merge_down:
        table.cell(top, col).merge(table.cell(bottom, col))
    return table


def test_docx_columns_in_another_order_split_over_two_tables(tmp_path):
    doc = docx.Document()
    doc.add_paragraph("示范县数字经济发展三年行动计划（2024—2026年）")
    doc.add_paragraph("一、发展目标")
    doc.add_paragraph("到2026年，数字经济核心产业增加值突破50亿元。")
    header = ["序号", "责任单位", "牵头单位", "重点任务", "具体措施", "完成时间", "备注", "责任领导"]
    _docx_table(doc, [
        header,
        ["1", "县发改局、县财政局", "县工信局", "建设算力中心", "完成一期机房建设", "2024年底", "", "张某"],
        ["", "县电信公司", "县工信局", None, "上架服务器500台", "2025年6月", "分两批", ""],
    ], merge_down=[(3, 1, 2)])
    doc.add_paragraph("")
    _docx_table(doc, [
        header,
        ["2", "各乡镇（管理局）", "县农业农村局", "发展数字乡村", "建设益农信息社20个", "长期坚持", "", ""],
    ])
    path = tmp_path / "行动计划.docx"
    doc.save(path)
    parsed = parse_file(path)
    draft = parsed.draft
    assert draft.title == "示范县数字经济发展三年行动计划（2024—2026年）"
    assert [t.title for t in draft.tasks] == ["建设算力中心", "发展数字乡村"]
    compute = draft.tasks[0]
    assert [c.content for c in compute.children] == ["完成一期机房建设", "上架服务器500台"]
    assert compute.children[0].lead_units == ["县工信局"]
    assert compute.children[0].responsible_units == ["县发改局", "县财政局"]
    assert compute.children[1].deadline == dt.date(2025, 6, 30)
    assert compute.children[0].responsible_leaders == ["张某"]  # a person, not a remark
    assert compute.children[1].remarks == "分两批"
    village = draft.tasks[1].children[0]
    assert village.responsible_units == ["各乡镇（管理局）"] and village.deadline is None
    assert village.deadline_text == "长期坚持"
    assert [(i.name, i.target, i.comparator) for i in draft.indicators] == [
        ("数字经济核心产业增加值", 50, "达到")]


def test_xlsx_with_title_rows_section_rows_and_merged_cells(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "附件"
    ws.append(["示范县2025年乡村振兴重点工作任务清单"])
    ws.merge_cells("A1:F1")
    ws.append(["（盖章）", None, None, None, None, None])
    ws.append(["序号", "工作任务", "工作内容", "牵头\n单位", "责任 单位", "完成时限"])
    ws.append(["一、产业振兴", None, None, None, None, None])
    ws.merge_cells("A4:F4")
    ws.append([1, "1、壮大特色产业", "新建茶园1000亩", "县农业农村局", "各乡镇（管理局）", "2025年10月"])
    ws.append([None, None, "培育龙头企业2家", "县农业农村局", "县工信局", dt.datetime(2025, 12, 31)])
    ws.merge_cells("B5:B6")
    ws.append(["二、人才振兴", None, None, None, None, None])
    ws.merge_cells("A7:F7")
    ws.append([2, "2、培育高素质农民", "培训500人次", "县人社局", "", "年底前"])
    path = tmp_path / "清单.xlsx"
    wb.save(path)
    draft = parse_file(path).draft
    assert draft.title == "示范县2025年乡村振兴工作方案"
    assert draft.year == 2025
    assert [s.title for s in draft.tasks] == ["产业振兴", "人才振兴"]
    tea = draft.tasks[0].children[0]
    assert tea.title == "壮大特色产业"
    assert [c.content for c in tea.children] == ["新建茶园1000亩", "培育龙头企业2家"]
    assert tea.children[1].deadline == dt.date(2025, 12, 31)
    farmers = draft.tasks[1].children[0].children[0]
    assert farmers.deadline == dt.date(2025, 12, 31)


def test_xlsx_without_a_task_table_names_the_file(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "电话"])
    path = tmp_path / "通讯录.xlsx"
    wb.save(path)
    with pytest.raises(ParseError, match="通讯录.xlsx.*没有找到重点工作任务表"):
        parse_file(path)


# --- units and the service ------------------------------------------------------------------------

def test_unit_matches_show_existing_and_new_and_choices_redirect(db):
    create_unit(db, "示范县发改局")
    draft = parse_text(OUTLINE).draft
    draft.tasks[0].children[0].lead_units = ["发改局"]
    matches = {m.name: m for m in match_units(db, draft)}
    assert matches["发改局"].existing.name == "示范县发改局"
    assert matches["县市场监管局"].is_new
    plan_id = import_plan(db, draft, {"县行政审批局": "县市场监管局"})
    leads = {u.name for t in load_tree(db, plan_id) for u in t.lead_units}
    assert "示范县发改局" in leads and "县行政审批局" not in leads


def test_new_spellings_of_one_unit_become_one_unit(db):
    draft = parse_text("一、甲\n做甲事（科工信局牵头）。做乙事（县科工信局牵头）。"
                       "做丙事（科工信局牵头）。").draft
    choices = merge_spellings(db, draft)
    assert choices == {"县科工信局": "科工信局"}
    plan_id = import_plan(db, draft, choices)
    assert {u.name for t in load_tree(db, plan_id) for u in t.lead_units} == {"科工信局"}


def test_append_under_a_chosen_node(db, demo_plan):
    tree = load_tree(db, demo_plan)
    parent = tree[0]
    before = parent.child_count
    draft = parse_text("一、新增\n新增一项工作（县科工信局牵头）。").draft
    ids = append_tasks(db, demo_plan, draft, parent.id)
    after = load_tree(db, demo_plan)
    children = [t for t in after if t.parent_id == parent.id]
    assert len(children) == before + 1 and children[-1].id == ids[0]
    assert children[-1].title == "新增"


def test_docx_two_row_header_and_whole_row_sections(tmp_path):
    doc = docx.Document()
    doc.add_paragraph("关于印发《示范县文旅融合发展工作方案》的通知")
    doc.add_paragraph("示政办发〔2024〕3号")
    table = doc.add_table(rows=5, cols=5)
    cells = [["序号", "工作任务", "责任单位", None, "完成时限"],
             [None, None, "牵头单位", "配合单位", None],
             ["一、景区提质", None, None, None, None],
             ["1", "创建4A级景区", "县文旅广体局", "县发改局、县自然资源局", "2024年11月"],
             ["2", "改造游客中心", "县文旅广体局", "县住建局", "年底前"]]
    for r, row in enumerate(cells):
        for c, text in enumerate(row):
            if text:
                table.cell(r, c).text = text
    table.cell(0, 2).merge(table.cell(0, 3))
    table.cell(0, 0).merge(table.cell(1, 0))
    table.cell(0, 1).merge(table.cell(1, 1))
    table.cell(0, 4).merge(table.cell(1, 4))
    table.cell(2, 0).merge(table.cell(2, 4))
    path = tmp_path / "通知.docx"
    doc.save(path)
    draft = parse_file(path).draft
    assert draft.title == "示范县文旅融合发展工作方案" and draft.region == "示范县"
    assert [s.title for s in draft.tasks] == ["景区提质"]
    items = draft.tasks[0].children
    assert [i.content for i in items] == ["创建4A级景区", "改造游客中心"]
    assert items[0].lead_units == ["县文旅广体局"]
    assert items[0].responsible_units == ["县发改局", "县自然资源局"]
    assert items[0].deadline == dt.date(2024, 11, 30)


def test_numbered_tasks_without_categories_are_items_themselves():
    draft = parse_text("示范县2024年安全生产工作要点\n"
                       "1.开展隐患排查。对重点企业全面排查（责任单位：县应急局、县消防救援大队）。\n"
                       "2.加强执法检查。全年检查企业200家次以上（县应急局牵头，各乡镇负责）。"
                       "组织联合执法不少于4次（县应急局牵头，县公安局配合）。\n").draft
    assert draft.title == "示范县2024年安全生产工作要点"
    first, second = draft.tasks
    assert first.title == "开展隐患排查" and not first.children
    assert first.lead_units == ["县应急局", "县消防救援大队"]
    assert [c.lead_units for c in second.children] == [["县应急局"], ["县应急局"]]
    assert second.children[1].responsible_units == ["县公安局"]


def test_a_failed_write_leaves_the_previews_draft_untouched(db):
    draft = parse_text("示例县补充方案\n1.建设停车场（县住建局牵头，县城管局配合）。").draft
    draft.title = ""                                  # refused by the plan checks
    with pytest.raises(InvalidInput):
        import_plan(db, draft, {"县住建局": "县住房和城乡建设局"})
    item = next(t for t in draft.all_tasks() if not t.children)
    assert item.lead_units == ["县住建局"] and draft.title == ""


def test_a_table_column_the_header_words_do_not_name_holds_the_items():
    text = ("示例县2027年民生实事分工表\n\t序号\n\t民生工程\n\t牵头单位\n\t完成时限\n\n"
            "\t1\n\t建成社区食堂5个\n\t县民政局\n\t2027年9月底前\n\n"
            "\t2\n\t新增公共停车位800个\n\t县城管局\n\t年底前\n")
    items = [t for t in parse_text(text).draft.all_tasks() if not t.children]
    assert [(t.content, t.lead_units, t.deadline) for t in items] == [
        ("建成社区食堂5个", ["县民政局"], dt.date(2027, 9, 30)),
        ("新增公共停车位800个", ["县城管局"], dt.date(2027, 12, 31))]


def test_an_item_ending_at_its_full_stop_before_the_marker_keeps_its_prose_deadline():
    draft = parse_text("示例县2027年工作方案\n1．建设智慧停车系统，2027年8月底前建成。"
                       "（县城管局、县公安局）\n2．完善路网。（县交通运输局牵头）").draft
    first, second = draft.tasks
    assert first.deadline == dt.date(2027, 8, 31) and first.lead_units == ["县城管局", "县公安局"]
    assert second.deadline is None and second.lead_units == ["县交通运输局"]


def test_he_and_ji_join_two_units_but_not_the_parts_of_one_name():
    reading = is_marker("县公安局交警大队牵头，县交通运输局和县教育局配合")
    assert (reading.lead, reading.responsible) == (["县公安局交警大队"], ["县交通运输局", "县教育局"])
    assert split_units("县人力资源和社会保障局、县财政局及县税务局") == [
        "县人力资源和社会保障局", "县财政局", "县税务局"]


NEAR_PLAN = ("示例县养殖业提升工作方案\n一、养殖基地\n建设标准化养殖场2个（县畜牧水产中心牵头）。"
             "开展水产苗种检测（县畜牧水产事务中心牵头）。落实养殖用地（县自然资源局牵头）。")


@pytest.mark.parametrize("a, b, near", [
    ("畜牧水产中心", "畜牧水产事务中心", True),   # a word slipped in
    ("住建局", "住房建设局", True),
    ("发改局", "发改委", False),                  # different kinds of unit
    ("教育局", "体育局", False),
    ("财政局", "财政所", False),
    ("委组织部", "委宣传部", False),
    ("人社局", "人社局", False),                  # the same key is one unit already
])
def test_near_keys(a, b, near):
    assert near_keys(a, b) is near and near_keys(b, a) is near


def test_two_new_spellings_that_read_alike_are_named(db):
    draft = parse_text(NEAR_PLAN).draft
    choices = merge_spellings(db, draft)
    assert choices == {}                           # not the same key: nothing joined silently
    found = similar_names(db, draft, choices)
    assert [(s.name, s.like, s.existing) for s in found] == [
        ("县畜牧水产事务中心", "县畜牧水产中心", False)]
    assert "名称相近" in similar_name_text(found[0])


def test_a_new_name_near_a_unit_of_the_ledger_is_named(db):
    create_unit(db, "县畜牧水产事务中心")
    draft = parse_text(NEAR_PLAN.replace("（县畜牧水产事务中心牵头）", "（县自然资源局牵头）")).draft
    found = similar_names(db, draft, merge_spellings(db, draft))
    assert [(s.name, s.like, s.existing) for s in found] == [
        ("县畜牧水产中心", "县畜牧水产事务中心", True)]
    assert "已有单位“县畜牧水产事务中心”" in similar_name_text(found[0])


def test_cli_import_names_the_near_spellings(tmp_path, capsys):
    from desktop.cli import main

    source = tmp_path / "方案.txt"
    source.write_text(NEAR_PLAN, encoding="utf-8")
    assert main(["--db", str(tmp_path / "t.db"), "import", str(source)]) == 0
    err = capsys.readouterr().err
    assert "“县畜牧水产事务中心”与“县畜牧水产中心”名称相近" in err and "单位管理" in err


def test_ordinals_inside_a_numbered_item_are_its_items():
    text = ("示例县工作方案\n一、重点任务\n（一）培育企业\n"
            "1.实施中小企业梯度培育行动，一是建立培育库；二是落实奖补政策。（县工信局牵头，县财政局等按职能分工负责）\n")
    (group,) = parse_text(text).draft.tasks
    (task,) = group.children
    assert task.title == "实施中小企业梯度培育行动"
    assert [(c.content, c.lead_units, c.responsible_units) for c in task.children] == [
        ("建立培育库。", ["县工信局"], ["县财政局"]), ("落实奖补政策。", ["县工信局"], ["县财政局"])]


def test_a_note_in_a_header_cell_is_no_part_of_its_name():
    text = ("示例县城市更新任务清单\n序号\t重点任务\t责任单位（排在第一位的为牵头单位）\t完成时限（2027年）\n"
            "1\t改造老旧小区15个\t县住建局、县财政局\t11月底前\n")
    (item,) = parse_text(text).draft.tasks
    assert (item.lead_units, item.responsible_units) == (["县住建局"], ["县财政局"])
    assert item.deadline_text == "11月底前"


def test_cli_result_line_counts_the_items_without_a_lead_unit(tmp_path, capsys):
    from desktop.cli import main

    source = tmp_path / "要点.txt"
    source.write_text("示例县2027年工作要点\n一、总体要求\n稳中求进。\n二、重点工作\n"
                      "新建城市书房5个。\n改造农贸市场2个。（县商务局牵头）\n整治背街小巷10条。\n",
                      encoding="utf-8")
    ledger = str(tmp_path / "t.db")
    assert main(["--db", ledger, "import", str(source)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-2] == ("已导入“示例县2027年工作要点”：3 个工作事项（其中 2 个未明确牵头单位，"
                       "请在任务树中补充），0 个目标指标。")
    assert main(["--db", ledger, "import", str(source), "--plan", out[-1]]) == 0
    assert capsys.readouterr().out.splitlines()[-2] == (
        f"已向工作方案 {out[-1]} 追加 3 个工作事项（其中 2 个未明确牵头单位，请在任务树中补充）。")
    # the same file again as a new plan: said, not silent
    assert main(["--db", ledger, "import", str(source)]) == 0
    assert f"已有同名且事项相同的工作方案“示例县2027年工作要点”（编号 {out[-1]}）" in \
        capsys.readouterr().err


def test_every_reader_gives_one_source_document_that_assemble_reads(tmp_path):
    """The pipeline: reader (lines and tables, nothing read into them) → assemble."""
    from exports.importers import READERS, SourceDocument, assemble

    header = ["序号", "工作任务", "牵头单位", "责任单位"]
    row = ["1", "新建城市书房5个", "县文旅局", "县住建局、县财政局"]
    doc = docx.Document()
    doc.add_paragraph("示例县2027年文化惠民工作方案")
    table = doc.add_table(rows=2, cols=4)
    for r, values in enumerate((header, row)):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    doc.save(tmp_path / "方案.docx")
    wb = openpyxl.Workbook()
    wb.active.title = "任务清单"
    wb.active.append(["示例县2027年文化惠民工作任务清单"])
    wb.active.append(header)
    wb.active.append(row)
    wb.save(tmp_path / "方案.xlsx")
    (tmp_path / "方案.txt").write_text("示例县2027年文化惠民工作方案\n" + "\t".join(header) + "\n"
                                     + "\t".join(row) + "\n", encoding="utf-8")
    for reader in READERS:
        path = tmp_path / ("方案" + reader.suffixes[0])
        source = reader.read(path)
        assert isinstance(source, SourceDocument) and source.name == path.name
        if path.suffix == ".docx":
            assert source.lines[0] == "示例县2027年文化惠民工作方案"
            assert [c.text for c in source.tables[0].rows[0]] == header
        elif path.suffix == ".xlsx":
            assert not source.prose and source.lines == []
            assert source.tables[0].sheet == "任务清单"
            assert [c.text for c in source.tables[0].rows[1]] == header
        else:
            assert source.lines[1] == "\t".join(header) and source.tables == []
        (item,) = assemble(source).draft.work_items()
        assert (item.lead_units, item.responsible_units) == (["县文旅局"], ["县住建局", "县财政局"])
        assert assemble(source).draft == parse_file(path).draft
