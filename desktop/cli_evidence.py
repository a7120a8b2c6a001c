"""``taizhang evidence add|list|export``, ``taizhang deadline``, ``taizhang requests
list|grant|refuse`` (延期申请) and ``taizhang closeout`` (registered with @command).

Evidence files are read and checked before the ledger is touched; all files of one ``add`` are
stored in one transaction or none of them.
"""
from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from db.errors import KnownError
from desktop.command_registry import command, open_db


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应写作 YYYY-MM-DD，而不是“{text}”") from None


def _evidence_args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="evidence_command", metavar="操作", required=True,
                           parser_class=type(p))
    add = sub.add_parser("add", help="为某个工作事项某月的进展添加佐证材料（全部成功或全部不存）")
    add.add_argument("--item", type=int, required=True, help="工作事项编号")
    add.add_argument("--month", required=True, help="月份 YYYY-MM")
    add.add_argument("files", nargs="+", metavar="FILE", help="PDF、图片、Word 或 Excel 文件")
    show = sub.add_parser("list", help="列出工作事项的佐证材料")
    show.add_argument("--item", type=int, required=True, help="工作事项编号")
    show.add_argument("--month", help="只列这个月份 YYYY-MM")
    export = sub.add_parser("export", help="把某月的佐证材料按单位导出到文件夹")
    export.add_argument("--plan", type=int, required=True, help="工作方案编号")
    export.add_argument("--month", required=True, help="月份 YYYY-MM")
    export.add_argument("-o", "--output", required=True, help="输出文件夹")


@command("evidence", "佐证材料：添加（add）、列出（list）、按单位导出（export）", _evidence_args)
def run_evidence(args: argparse.Namespace) -> int:
    from db.services import evidence

    if args.evidence_command == "add":
        files = [evidence.read_file(Path(f)) for f in args.files]  # before the DB is opened
        added = evidence.add_evidence(open_db(args), args.item, args.month, files)
        for info in added:
            print(f"{info.id}\t{info.name}\t{info.size}\t{info.sha256}")
        print(f"已添加 {len(added)} 个佐证材料。")
        return 0
    db = open_db(args)
    if args.evidence_command == "list":
        for info in evidence.list_evidence(db, args.item, args.month):
            print(f"{info.id}\t{info.month}\t{info.name}\t{info.size}\t{info.sha256}")
        return 0
    written = evidence.export_month_evidence(db, args.plan, args.month, Path(args.output))
    for item in written:
        print(f"{item.unit}\t{item.path}")
    print(f"已导出 {len(written)} 个佐证材料到 {args.output}。")
    return 0


def _deadline_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--item", type=int, required=True, help="工作事项编号")
    p.add_argument("--to", dest="deadline_text", default="",
                   help="调整后的完成时限，照批复写（如“2026年9月底前”）")
    p.add_argument("--date", type=_date, help="调整后的完成日期 YYYY-MM-DD（默认按 --to 推算）")
    p.add_argument("--reason", required=True, help="调整原因")
    p.add_argument("--approved-by", required=True, help="批准人或批准单位")
    p.add_argument("--approved-on", type=_date, help="批准日期 YYYY-MM-DD")


@command("deadline", "调整工作事项的完成时限（延期），保留原定时限和调整记录", _deadline_args)
def run_deadline(args: argparse.Namespace) -> int:
    from db.services.deadlines import adjust_deadline
    from exports.importers.common import parse_deadline

    deadline = args.date
    if deadline is None:
        deadline, _text = parse_deadline(args.deadline_text)
        if deadline is None:
            raise KnownError(f"无法从“{args.deadline_text}”看出完成日期，请用 --date 写明。")
    change = adjust_deadline(open_db(args), args.item, deadline=deadline,
                             deadline_text=args.deadline_text, reason=args.reason,
                             approved_by=args.approved_by, approved_on=args.approved_on)
    print(f"已调整：{change.old_text or '（原无时限）'} → {change.new_text}")
    return 0


def _closeout_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("decision", choices=("confirm", "return"), help="confirm 销号，return 退回")
    p.add_argument("--item", type=int, required=True, help="工作事项编号")
    p.add_argument("--month", required=True, help="报已完成的月份 YYYY-MM")
    p.add_argument("--by", default="", help="销号或退回的经办人（默认当前用户）")
    p.add_argument("--on", type=_date, help="日期 YYYY-MM-DD（默认今天）")
    p.add_argument("--note", default="", help="销号说明，或退回原因（退回时必填）")


@command("closeout", "对单位报的已完成销号（confirm）或退回（return）", _closeout_args)
def run_closeout(args: argparse.Namespace) -> int:
    from db.services.closeout import confirm_closeout, return_closeout

    db = open_db(args)
    if args.decision == "confirm":
        info = confirm_closeout(db, args.item, args.month, by=args.by, on=args.on,
                                note=args.note)
    else:
        info = return_closeout(db, args.item, args.month, reason=args.note, by=args.by,
                               on=args.on)
    print(f"{info.word}：事项 {info.task_id}，{info.month}，{info.by}，{info.on.isoformat()}")
    return 0


def _requests_args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="requests_command", metavar="操作", required=True,
                           parser_class=type(p))
    show = sub.add_parser("list", help="列出工作方案待审批的延期申请")
    show.add_argument("--plan", type=int, required=True, help="工作方案编号")
    grant = sub.add_parser("grant", help="批准延期申请：按申请（或 --to/--date）调整完成时限")
    grant.add_argument("--id", type=int, required=True, help="延期申请编号（见 list）")
    grant.add_argument("--approved-by", required=True, help="批准人或批准单位")
    grant.add_argument("--approved-on", type=_date, help="批准日期 YYYY-MM-DD（默认今天）")
    grant.add_argument("--to", dest="deadline_text", help="批准的完成时限（默认按申请）")
    grant.add_argument("--date", type=_date, help="批准的完成日期 YYYY-MM-DD（默认按 --to 推算）")
    refuse = sub.add_parser("refuse", help="不批准延期申请，完成时限不变")
    refuse.add_argument("--id", type=int, required=True, help="延期申请编号（见 list）")
    refuse.add_argument("--reason", required=True, help="不批准的原因")
    refuse.add_argument("--by", default="", help="经办人（默认当前用户）")


@command("requests", "延期申请：列出待审批（list）、批准（grant）、不批准（refuse）", _requests_args)
def run_requests(args: argparse.Namespace) -> int:
    from db.services import deadline_requests as requests

    db = open_db(args)
    if args.requests_command == "list":
        pending = requests.pending_requests(db, args.plan)
        for r in pending:
            print(f"{r.id}\t事项 {r.task_id}\t{r.month}\t{r.unit_name}\t{r.text}\t{r.reason}")
        print(f"待审批的延期申请：{len(pending)} 条。")
        return 0
    if args.requests_command == "grant":
        deadline, text = args.date, args.deadline_text
        if deadline is not None and text is None:
            text = ""   # the words follow the date given, not the request's
        if deadline is None and text:
            from exports.importers.common import parse_deadline

            deadline, _text = parse_deadline(text)
            if deadline is None:
                raise KnownError(f"无法从“{text}”看出完成日期，请用 --date 写明。")
        _before, after, change = requests.grant_request(
            db, args.id, approved_by=args.approved_by, approved_on=args.approved_on,
            deadline=deadline, deadline_text=text)
        print(f"已批准：事项 {after.task_id}，{change.old_text or '（原无时限）'} → {change.new_text}")
        return 0
    _before, after = requests.refuse_request(db, args.id, reason=args.reason, by=args.by)
    print(f"未批准：事项 {after.task_id}，完成时限不变。原因：{after.decision_note}")
    return 0
