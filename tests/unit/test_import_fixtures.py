"""The real plans in ../shared import as a clerk reads them (youxian-expected.json)."""
import json
import re
from pathlib import Path

import pytest

from db.dump import dump_plan
from db.services.imports import import_plan, merge_spellings
from db.services.plans import get_work_group, list_indicators
from db.services.tasks import load_tree
from exports.importers import parse_file

SHARED = Path(__file__).parents[2].parent / "shared"
FIXTURES = SHARED / "fixtures"
SEEDS = SHARED / "seeds"


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent (the shared fixtures live beside this clone in ../shared)")
    return path


def expected() -> dict:
    return json.loads(need(FIXTURES / "youxian-expected.json").read_text(encoding="utf-8"))


def leaf_rows(db, plan_id):
    tree = load_tree(db, plan_id)
    return tree, [t for t in tree if t.is_leaf]


def imported(db, path: Path) -> int:
    parsed = parse_file(need(path))
    return import_plan(db, parsed.draft, merge_spellings(db, parsed.draft))


@pytest.mark.parametrize("name", ["fixtures/youxian.docx", "fixtures/youxian.xlsx",
                                  "seeds/youxian-plan.txt"])
def test_youxian_task_list_matches_how_a_clerk_reads_it(db, name):
    want = expected()
    plan_id = imported(db, SHARED / name)
    tree, leaves = leaf_rows(db, plan_id)
    assert len([t for t in tree if t.depth == 0]) == want["categories"]
    assert [t.title for t in tree if t.depth == 0] == [
        "关键核心技术攻坚行动", "创新成果转化攻坚行动", "创新平台建设攻坚行动", "创新人才强基攻坚行动"]
    got = [{"text": re.sub(r"\s", "", t.text)[:20],
            "lead_units": [u.name for u in t.lead_units],
            "responsible_units": [u.name for u in t.responsible_units],
            "deadline": t.deadline.isoformat() if t.deadline else None} for t in leaves]
    assert got == want["leaves"]
    # a task with two content rows is one task with two work items
    task = next(t for t in tree if t.title == "加大科技型企业培育")
    assert task.child_count == 2 and task.number == "3."


@pytest.mark.parametrize("name", ["fixtures/youxian.docx", "seeds/youxian-plan.txt"])
def test_youxian_prose_gives_title_indicators_and_work_group(db, name):
    plan_id = imported(db, SHARED / name)
    plan = dump_plan(db, plan_id)
    assert plan["title"] == "攸县打好科技创新攻坚仗工作方案"
    assert plan["region"] == "攸县" and plan["year"] == 2023
    indicators = {i.name: i for i in list_indicators(db, plan_id)}
    assert indicators["全县有效高新技术企业"].target == 66
    assert indicators["全县有效高新技术企业"].comparator == "达到"
    assert indicators["技术合同登记额"].target == 15.5
    assert indicators["技术合同登记额"].measure == "亿元"
    assert indicators["科技型中小企业评价入库"].target == 94
    group = get_work_group(db, plan_id)
    assert group.name == "打好科技创新攻坚仗工作专班"
    assert group.convener == "县人民政府副县长李敏"
    assert group.deputy_conveners == ("县政府办分管副主任", "县科工信局主要负责人")
    assert group.office_unit.name == "县科工信局"
    assert [u.name for u in group.member_units] == [
        "县委组织部", "高新区", "县发改局", "县财政局", "县科工信局", "县教育局", "县人社局",
        "县农业农村局", "县畜牧水产事务中心", "县乡村振兴局", "县市场监管局", "县金融办", "县科协",
        "中国人民银行攸县支行"]
    assert "负责日常协调" in group.office_duties


def test_xlsx_title_comes_from_the_title_row(db):
    parsed = parse_file(need(FIXTURES / "youxian.xlsx"))
    assert parsed.draft.title == "攸县打好科技创新攻坚仗工作方案"
    assert parsed.from_table


def test_pingjiang_prose_splits_paragraphs_at_unit_markers(db):
    plan_id = imported(db, SEEDS / "pingjiang-plan.txt")
    tree, leaves = leaf_rows(db, plan_id)
    categories = [t for t in tree if t.depth == 0]
    assert [c.title for c in categories] == [
        "实施关键技术攻关工程", "实施创新平台建设工程", "实施科技成果转化工程", "实施银企深度融合工程",
        "实施人才强基工程", "实施科学普及工程"]
    assert [c.child_count for c in categories] == [3, 6, 3, 2, 1, 2]
    first = [t for t in leaves if t.parent_id == categories[0].id]
    assert [[u.name for u in t.lead_units] for t in first] == [["科工信局"], ["林业局"], ["财政局"]]
    # each work item ends at its marker; the PDF line break inside 油茶优|良系 is joined
    assert first[1].content.startswith("开展德字1号油茶优良系自花授粉试验")
    assert first[1].content.endswith("难题。")
    assert first[2].content.startswith("力争各企业研发攻关项目")
    both = [t for t in leaves if [u.name for u in t.lead_units] == ["农业农村局", "林业局"]]
    assert len(both) == 1 and "两茶一药" in both[0].content
    assert any("组织翼飞翔等单位申报" in t.content for t in leaves)
    assert all("**" not in t.content for t in leaves)
    indicators = [(i.name, i.target, i.measure, i.comparator, i.target_text)
                  for i in list_indicators(db, plan_id)]
    assert indicators == [
        ("全社会研发经费投入增长", 12, "%", "以上", "12%以上"),
        ("新增发明专利", 30, "件", "左右", "30件左右"),
        ("技术合同交易成交额增长", 15, "%", "以上", "15%以上"),
        ("高新技术产业增加值增长", 10, "%", "以上", "10%以上"),
    ]
    group = get_work_group(db, plan_id)
    assert group.convener == "县政府分管副县长"
    assert group.deputy_conveners == ("平江县科工信局主要负责人",)
    assert [u.name for u in group.member_units][:3] == ["平江高新区", "组织部", "天岳集团"]
    assert len(group.member_units) == 16
    # 县科工信局 (office) and 科工信局 (markers) are one unit
    assert group.office_unit.name == "科工信局"


def test_importing_the_same_region_twice_reuses_units(db):
    imported(db, FIXTURES / "youxian.docx")
    from db.services.units import list_units

    before = len(list_units(db))
    imported(db, FIXTURES / "youxian.xlsx")
    assert len(list_units(db)) == before


def test_cli_import_prints_the_new_plan_id_last(tmp_path, capsys):
    from desktop.cli import main

    path = need(FIXTURES / "youxian.docx")
    db_path = tmp_path / "cli.db"
    assert main(["--db", str(db_path), "import", str(path), "--title", "攸县方案"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1] == "1"
    assert main(["--db", str(db_path), "plans"]) == 0
    assert "攸县方案" in capsys.readouterr().out


def test_importers_and_returns_do_not_import_qt():
    import subprocess
    import sys

    code = ("import sys, exports.importers, exports.importers.docx, exports.importers.xlsx, "
            "exports.returns, db.services.imports; "
            "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt imported'")
    root = Path(__file__).parents[2]
    assert subprocess.run([sys.executable, "-c", code], cwd=root).returncode == 0
