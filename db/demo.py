"""A realistic demo plan for the fictional 示例县 (our own wording, deterministic).

Used by ``taizhang demo``, the screenshots and the benchmarks (``--tasks 2000``).
"""
from __future__ import annotations

import calendar
import datetime as dt
import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.drafts import IndicatorDraft, PlanDraft, TaskDraft, WorkGroupDraft
from db.services.imports import write_plan
from db.models import Closeout, IndicatorActual, Progress, Status, Unit
from db.services import action
from db.services.plans import list_indicators
from db.services.tasks import load_tree_in_session
from db.services.units import create_unit, set_aliases, update_unit

REGION = "示例县"

UNITS = [
    # name, kind, contact person, phone, aliases
    ("县科工信局", "政府部门", "刘晓东", "0731-5550101", ["科工信局", "示例县科工信局"]),
    ("县发改局", "政府部门", "陈静", "0731-5550102", ["发改局"]),
    ("县财政局", "政府部门", "王海", "0731-5550103", ["财政局"]),
    ("示例高新区", "园区", "赵云峰", "0731-5550104", ["高新区", "县高新区"]),
    ("县委组织部", "党委部门", "孙丽", "0731-5550105", ["组织部"]),
    ("县人社局", "政府部门", "周凯", "0731-5550106", ["人社局"]),
    ("县教育局", "政府部门", "吴敏", "0731-5550107", ["教育局"]),
    ("县农业农村局", "政府部门", "郑强", "0731-5550108", ["农业农村局"]),
    ("县林业局", "政府部门", "冯林", "0731-5550109", ["林业局"]),
    ("县市场监管局", "政府部门", "何平", "0731-5550110", ["市场监管局"]),
    ("县卫健局", "政府部门", "许安", "0731-5550111", ["卫健局"]),
    ("县商务局", "政府部门", "邓辉", "0731-5550112", ["商务局"]),
    ("县统计局", "政府部门", "曹颖", "0731-5550113", ["统计局"]),
    ("县金融办", "政府部门", "彭涛", "0731-5550114", ["金融办"]),
    ("县科协", "群团组织", "袁芳", "0731-5550115", ["科协"]),
    ("县税务局", "垂直管理", "蒋磊", "0731-5550116", ["税务局"]),
    ("人民银行示例县支行", "垂直管理", "韩雪", "0731-5550117", ["人民银行"]),
]

# (category, [(task title, [work item wording, ...]), ...]) — 示例县's own plan, invented here.
CATEGORIES = [
    ("产业技术攻关行动", [
        ("建立重点产业技术需求清单", [
            "走访规模以上工业企业，梳理新材料、食品加工、装备制造三条产业链的技术需求",
            "每季度更新技术需求清单，向省市科技部门推送攻关项目建议",
        ]),
        ("组织实施县级科技攻关项目", [
            "设立县级科技攻关专项，当年立项支持项目不少于8个",
            "对立项项目实行季度调度，及时协调解决资金、用地、人才问题",
            "组织项目单位申报省市重点研发计划",
        ]),
    ]),
    ("科技型企业培育行动", [
        ("壮大高新技术企业队伍", [
            "建立高新技术企业后备库，入库企业不少于60家",
            "组织申报辅导培训不少于3场，提高认定通过率",
            "落实高新技术企业所得税优惠和县级奖补政策",
        ]),
        ("推动科技型中小企业评价入库", [
            "开展政策宣讲进园区、进企业活动",
            "对评价入库企业给予研发费用加计扣除辅导",
        ]),
    ]),
    ("创新平台提质行动", [
        ("建设企业研发机构", [
            "推动规模以上工业企业建立研发机构，覆盖率提高5个百分点",
            "争创省级工程技术研究中心或企业技术中心2家",
        ]),
        ("提升孵化载体服务能力", [
            "完成高新区科技企业孵化器扩容改造",
            "引入专业运营团队，建立在孵企业成长档案",
        ]),
    ]),
    ("科技成果转化行动", [
        ("加强产学研合作", [
            "与省内高校院所签订合作协议不少于5项",
            "举办科技成果对接会2场以上",
        ]),
        ("发展技术市场", [
            "设立县技术合同登记服务点，做好登记指导",
            "落实技术交易奖补，激励企业购买先进技术成果",
        ]),
    ]),
    ("科技人才集聚行动", [
        ("引进急需紧缺人才", [
            "编制年度急需紧缺人才目录并对外发布",
            "柔性引进高层次专家团队，为重点企业提供技术服务",
        ]),
        ("选派科技特派员", [
            "选派科技特派员服务乡镇特色产业，实现乡镇全覆盖",
            "开展农业实用技术培训不少于20期",
        ]),
    ]),
    ("创新生态优化行动", [
        ("加大财政科技投入", [
            "足额安排年度科技经费预算并及时拨付",
            "建立科技投入统计监测机制，按季度分析研发投入情况",
        ]),
        ("推进科技金融结合", [
            "推广知识价值信用贷款，扩大科技型企业授信规模",
            "开展知识产权质押融资对接活动",
        ]),
        ("营造崇尚创新的社会氛围", [
            "组织科技活动周、全国科普日系列活动",
            "宣传推介一批创新型企业和科技工作者典型",
        ]),
    ]),
]

# (task title prefix → lead units, responsible units) picked by category index
LEADS = [
    (["县科工信局"], ["示例高新区", "县发改局"]),
    (["县科工信局"], ["示例高新区", "县财政局", "县税务局"]),
    (["示例高新区"], ["县科工信局", "县发改局"]),
    (["县科工信局"], ["县商务局", "示例高新区"]),
    (["县委组织部", "县人社局"], ["县科工信局", "县农业农村局", "县林业局"]),
    (["县财政局"], ["县科工信局", "县金融办", "人民银行示例县支行"]),
]

INDICATORS = [
    ("全社会研发经费投入增长", 10.0, "%", "以上", "增长10%以上", "县科工信局"),
    ("有效高新技术企业数量", 45.0, "家", "达到", "达到45家", "县科工信局"),
    ("新增发明专利授权", 25.0, "件", "左右", "25件左右", "县市场监管局"),
    ("技术合同成交额", 8.0, "亿元", "以上", "8亿元以上", "县科工信局"),
    ("科技型中小企业评价入库", 60.0, "家", "以上", "60家以上", "县科工信局"),
]

PROGRESS_PHRASES = [
    "已召开专题推进会，明确责任分工和时间节点",
    "已完成前期摸底调研，形成工作台账",
    "已对接相关企业，协调解决具体问题",
    "相关资金已拨付到位，项目按计划推进",
    "已组织现场督导，整改事项正在落实",
]
PROBLEM_PHRASES = ["", "", "部分企业积极性不高", "资金到位较慢", "专业人员不足"]
NEXT_PHRASES = [
    "下月继续跟踪调度，确保按期完成",
    "加强与上级部门对接，争取政策支持",
    "组织专题培训，提升企业申报质量",
]


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def recent_months(today: dt.date, count: int) -> list[str]:
    months = []
    y, m = today.year, today.month
    for _ in range(count):
        months.append(f"{y:04d}-{m:02d}")
        m -= 1
        if m == 0:
            y, m = y - 1, 12
    return list(reversed(months))


def _deadline(rng: random.Random, year: int) -> tuple[dt.date | None, str]:
    choice = rng.random()
    if choice < 0.12:
        return None, "长期坚持"
    month = rng.choice([3, 6, 6, 9, 10, 11, 12, 12, 12])
    if month == 12:
        return month_end(year, 12), f"{year}年底前"
    return month_end(year, month), f"{year}年{month}月底前"


def build_demo_draft(items: int = 40, today: dt.date | None = None, seed: int = 1) -> PlanDraft:
    """The demo plan with ``items`` work items spread over the categories and tasks."""
    today = today or dt.date.today()
    rng = random.Random(seed)
    year = today.year
    wording = [(ci, ti, w) for ci, (_c, tasks) in enumerate(CATEGORIES)
               for ti, (_t, ws) in enumerate(tasks) for w in ws]
    categories = [TaskDraft(title=name) for name, _ in CATEGORIES]
    task_nodes: dict[tuple[int, int], TaskDraft] = {}
    for n in range(max(0, items)):
        ci, ti, text = wording[n % len(wording)]
        round_ = n // len(wording)
        key = (ci, ti) if round_ == 0 else (ci, ti + 100 * round_)
        if key not in task_nodes:
            title = CATEGORIES[ci][1][ti][0]
            if round_:
                title = f"{title}（第{round_ + 1}批）"
            task_nodes[key] = TaskDraft(title=title)
            categories[ci].children.append(task_nodes[key])
        leads, responsible = LEADS[ci]
        deadline, deadline_text = _deadline(rng, year)
        content = text if round_ == 0 else f"{text}（第{round_ + 1}批）"
        task_nodes[key].children.append(TaskDraft(
            content=content, lead_units=list(leads),
            responsible_units=rng.sample(responsible, k=rng.randint(1, len(responsible))),
            deadline=deadline, deadline_text=deadline_text))
    return PlanDraft(
        title=f"{REGION}科技创新提质增效三年行动{year}年工作方案",
        region=REGION, year=year, issuing_body="示例县人民政府办公室",
        start_date=dt.date(year, 1, 1), end_date=dt.date(year, 12, 31),
        goals_text="；".join(f"{name}{text}" for name, _t, _m, _c, text, _u in INDICATORS) + "。",
        work_group=WorkGroupDraft(
            name="科技创新提质增效工作专班", convener="县人民政府副县长 张明远",
            deputy_conveners=["县政府办分管副主任", "县科工信局局长"],
            office_unit="县科工信局", member_units=[u[0] for u in UNITS],
            office_duties="负责日常协调、月度调度和台账管理"),
        indicators=[IndicatorDraft(name=name, target=target, measure=measure,
                                   comparator=comp, target_text=text, lead_unit=unit)
                    for name, target, measure, comp, text, unit in INDICATORS],
        tasks=[c for c in categories if c.children],
    )


def _demo_closeout(status: Status, month: str, month_list: list[str], finished: bool) -> dict:
    """Earlier months' 已完成 closed out by the office; new ones this month wait for 销号."""
    if status != Status.DONE:
        return {}
    if month == month_list[-1] and not finished:
        return {"closeout": Closeout.PENDING.value}
    return {"closeout": Closeout.CLOSED.value, "closeout_by": "县专班办公室",
            "closeout_on": month_end(int(month[:4]), int(month[5:]))}


def _expected(deadline: dt.date | None, start: dt.date, at: dt.date) -> float:
    if deadline is None or deadline <= start:
        return 100.0 * (at - start).days / 365
    return max(0.0, min(100.0, 100.0 * (at - start).days / (deadline - start).days))


@action
def create_demo(session: Session, items: int = 40, months: int = 3,
                today: dt.date | None = None) -> int:
    """Create the demo plan with ``months`` months of progress ending this month; its id."""
    today = today or dt.date.today()
    rng = random.Random(items * 1000 + months)
    for name, kind, person, phone, aliases in UNITS:
        unit = session.scalar(select(Unit).where(Unit.name == name))
        if unit is None:
            info = create_unit.in_session(session, name, kind=kind, contact_person=person,
                                          phone=phone)
            set_aliases.in_session(session, info.id, aliases)
        elif not unit.contact_person:
            update_unit.in_session(session, unit.id, contact_person=person, phone=phone)
    draft = build_demo_draft(items, today)
    plan_id = write_plan.in_session(session, draft)
    start = draft.start_date
    month_list = recent_months(today, max(0, months))
    leaves = [t for t in load_tree_in_session(session, plan_id) if t.is_leaf and t.depth >= 2]
    pace = {t.id: rng.uniform(0.55, 1.35) for t in leaves}
    rows = []
    finished: set[int] = set()
    for index, month in enumerate(month_list):
        y, m = int(month[:4]), int(month[5:])
        at = min(month_end(y, m), today) if index == len(month_list) - 1 else month_end(y, m)
        report_rate = 0.72 if index == len(month_list) - 1 else 0.95
        for leaf in leaves:
            if rng.random() > report_rate:
                continue
            expected = _expected(leaf.deadline, start, at)
            percent = int(max(0, min(100, round(expected * pace[leaf.id] / 5) * 5)))
            if percent >= 100:
                status = Status.DONE
            elif percent == 0:
                status = Status.NOT_STARTED
            elif percent < expected - 10:
                status = Status.LAGGING
            elif percent > expected + 10:
                status = Status.AHEAD
            else:
                status = Status.ON_SCHEDULE
            rows.append(Progress(
                task_id=leaf.id, month=month, status=status.value, percent=percent,
                progress_text=rng.choice(PROGRESS_PHRASES) + f"，累计完成约{percent}%。",
                problems=rng.choice(PROBLEM_PHRASES) if status != Status.DONE else "",
                next_steps=rng.choice(NEXT_PHRASES) if status != Status.DONE else "",
                reporting_unit_id=leaf.lead_units[0].id if leaf.lead_units else None,
                entered_by="示例数据",
                **_demo_closeout(status, month, month_list, leaf.id in finished)))
            if status == Status.DONE:
                finished.add(leaf.id)
    session.add_all(rows)
    for indicator in list_indicators.in_session(session, plan_id):
        pace_of_indicator = rng.uniform(0.75, 1.1)
        for month in month_list:
            value = (indicator.target or 0) * int(month[5:]) / 12 * pace_of_indicator
            value = round(value) if indicator.measure in ("家", "件", "个", "项") else round(value, 2)
            session.add(IndicatorActual(indicator_id=indicator.id, month=month, value=value))
    session.flush()
    return plan_id
