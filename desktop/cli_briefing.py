"""``taizhang briefing`` (调度通报 as Word) and ``taizhang remind`` (催办通知单 per lead unit)."""
from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from db.errors import InvalidInput
from desktop.command_registry import command, open_db


def _date(text: str | None, option: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{option} 的日期“{text}”格式不对，应为 YYYY-MM-DD。") from None


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--plan", type=int, required=True, help="工作方案编号")
    p.add_argument("--month", required=True, help="月份 YYYY-MM")
    p.add_argument("--today", help="按哪一天判断逾期（默认今天），格式 YYYY-MM-DD")


def _briefing_args(p: argparse.ArgumentParser) -> None:
    _common(p)
    p.add_argument("--no-chart", action="store_true", help="不插入各月进展趋势图")
    p.add_argument("-o", "--output", required=True, help="输出的 Word 文件（.docx）")


@command("briefing", "按台账数据起草某月的调度通报（Word）", _briefing_args)
def run_briefing(args: argparse.Namespace) -> int:
    from db.services.plans import check_month
    from exports.briefing import build_briefing
    from exports.charts import trend_png
    from exports.document_docx import write_docx

    check_month(args.month)
    out = Path(args.output)
    if out.suffix.lower() != ".docx":
        raise InvalidInput(f"调度通报保存为 Word 文件，请让输出文件以 .docx 结尾：{out}")
    document = build_briefing(open_db(args), args.plan, args.month,
                              today=_date(args.today, "--today"),
                              trend_picture=None if args.no_chart else trend_png)
    write_docx(document, out)
    print(f"已生成调度通报 {out}。")
    return 0


def _remind_args(p: argparse.ArgumentParser) -> None:
    _common(p)
    p.add_argument("--unit", action="append",
                   help="只给这个牵头单位（名称或别名；可重复）")
    p.add_argument("--reply-by", help="要求回复的日期 YYYY-MM-DD（默认月底或今天后 5 天）")
    p.add_argument("--combined", action="store_true",
                   help="所有单位合成一个文件（每个单位另起一页）")
    p.add_argument("--format", choices=("docx", "pdf", "both"), default="both",
                   help="docx、pdf 或 both（默认两种都生成）")
    p.add_argument("-o", "--output", required=True, help="输出文件夹")


@command("remind", "给有逾期、滞后或未报送事项的牵头单位生成催办通知单", _remind_args)
def run_remind(args: argparse.Namespace) -> int:
    from db.services.plans import check_month
    from exports.reminders import build_notices, write_notices

    check_month(args.month)
    folder = Path(args.output)
    if not folder.is_dir():
        raise InvalidInput(f"输出文件夹不存在：{folder}")
    notices = build_notices(open_db(args), args.plan, args.month, units=args.unit,
                            today=_date(args.today, "--today"),
                            reply_by=_date(args.reply_by, "--reply-by"))
    if not notices:
        print("没有需要催办的单位：所选单位没有逾期、进度滞后或未报送的事项。")
        return 0
    formats = ("docx", "pdf") if args.format == "both" else (args.format,)
    for path in write_notices(notices, folder, combined=args.combined, formats=formats):
        print(path)
    print(f"已生成 {len(notices)} 个单位的催办通知单。")
    return 0
