"""``taizhang summary``: the month of a plan at a glance, as JSON."""
from __future__ import annotations

import argparse
import datetime as dt

from db.errors import KnownError
from desktop.command_registry import command, open_db, print_json


def _summary_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--plan", type=int, required=True, help="工作方案编号")
    p.add_argument("--month", required=True, help="月份，格式 YYYY-MM（如 2026-11）")
    p.add_argument("--today", help="按哪一天判断逾期、临期，格式 YYYY-MM-DD（默认今天）")
    p.add_argument("--due-soon-days", type=int, help="距完成时限多少天内算临期（默认 30）")


@command("summary", "以 JSON 输出某月的调度汇总：状态、颜色、逾期、未报送、指标完成率",
         _summary_args)
def run_summary(args: argparse.Namespace) -> int:
    from db.schedule import DEFAULT_THRESHOLDS, Thresholds
    from db.services.plans import check_month
    from db.summary import plan_summary

    check_month(args.month)
    today = None
    if args.today:
        try:
            today = dt.date.fromisoformat(args.today)
        except ValueError:
            raise KnownError(f"日期“{args.today}”格式不对，应为 YYYY-MM-DD。") from None
    thresholds = DEFAULT_THRESHOLDS
    if args.due_soon_days is not None:
        if args.due_soon_days < 0:
            raise KnownError("--due-soon-days 不能为负数。")
        thresholds = Thresholds(thresholds.yellow_behind, thresholds.red_behind,
                                args.due_soon_days)
    summary = plan_summary(open_db(args), args.plan, args.month, today=today,
                           thresholds=thresholds)
    print_json(summary.to_dict())
    return 0
