"""``taizhang import`` and ``taizhang returns make|load|missing`` (registered with @command)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from db.errors import KnownError
from desktop.command_registry import command, open_db


def _import_args(p: argparse.ArgumentParser) -> None:
    from exports.importers import suffixes_text

    p.add_argument("file", help=f"工作方案文件（{suffixes_text()}）")
    p.add_argument("--title", help="新工作方案的标题（默认取文件中的标题）")
    p.add_argument("--plan", type=int, help="追加到已有工作方案（编号），而不是新建")
    p.add_argument("--under", type=int, help="与 --plan 同用：追加到这个任务（编号）之下")


@command("import", "从 Word/Excel/文本导入工作方案，最后一行输出新方案编号", _import_args)
def run_import(args: argparse.Namespace) -> int:
    from db.services.imports import (append_tasks, find_same_plan, import_plan, merge_spellings,
                                     result_line, similar_name_text, similar_names)
    from exports.importers import parse_file

    if args.under is not None and args.plan is None:
        raise KnownError("--under 需要与 --plan 一起使用。")
    parsed = parse_file(Path(args.file), title=args.title)  # before the DB is opened or touched
    db = open_db(args)
    choices = merge_spellings(db, parsed.draft)
    for warning in parsed.warnings:
        sys.stderr.write(f"提示：{warning}\n")
    for similar in similar_names(db, parsed.draft, choices):
        sys.stderr.write(f"提示：{similar_name_text(similar)}；如是同一单位，导入后可在"
                         "“单位管理”中合并（可撤销）。\n")
    if args.plan is not None:
        append_tasks(db, args.plan, parsed.draft, args.under, choices)
        print(result_line(parsed.draft, appended_to=args.plan))
        print(args.plan)
        return 0
    same = find_same_plan(db, parsed.draft)
    if same:
        sys.stderr.write(f"提示：已有同名且事项相同的工作方案“{same[1]}”（编号 {same[0]}），这个文件"
                         f"可能已经导入过，现仍导入为新方案；如只需补充事项，请用 --plan {same[0]}。\n")
    plan_id = import_plan(db, parsed.draft, choices)
    print(result_line(parsed.draft))
    print(plan_id)
    return 0


def _returns_args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="returns_command", metavar="操作", required=True,
                           parser_class=type(p))
    make = sub.add_parser("make", help="为某月生成各牵头单位的回收表")
    make.add_argument("--plan", type=int, required=True, help="工作方案编号")
    make.add_argument("--month", required=True, help="月份 YYYY-MM")
    make.add_argument("-o", "--output", required=True, help="输出文件夹")
    load = sub.add_parser("load", help="导入各单位交回的回收表")
    load.add_argument("files", nargs="+", help="交回的 .xlsx 文件")
    load.add_argument("--replace", action="store_true",
                      help="与已有月度进展冲突时用回收表的内容替换（默认保留已有的）")
    missing = sub.add_parser("missing", help="列出尚未交回回收表的单位")
    missing.add_argument("--plan", type=int, required=True, help="工作方案编号")
    missing.add_argument("--month", required=True, help="月份 YYYY-MM")


@command("returns", "回收表：生成（make）、导入（load）、未交回单位（missing）", _returns_args)
def run_returns(args: argparse.Namespace) -> int:
    from exports import returns

    db = open_db(args)
    if args.returns_command == "make":
        made = returns.make_returns(db, args.plan, args.month, Path(args.output))
        for item in made.files:
            print(f"{item.unit_name}\t{item.items} 项\t{item.path}")
        print(f"已生成 {len(made.files)} 个单位的回收表。")
        return 0
    if args.returns_command == "load":
        checked = returns.read_returns(db, [Path(f) for f in args.files])
        for warning in checked.warnings:
            sys.stderr.write(f"提示：{warning}\n")
        for problem in checked.problems:
            sys.stderr.write(f"错误：{problem}\n")
        if checked.refused:
            sys.stderr.write(f"有问题的 {len(checked.refused)} 个文件未写入：{'、'.join(checked.refused)}\n")
        if not checked.accepted:
            return 2
        replace = {c.task_id for c in checked.conflicts} if args.replace else set()
        stored = returns.write_returns(db, checked, replace)
        kept = len(checked.conflicts) - len(replace)
        print(f"已写入 {stored.written} 条月度进展（{len(checked.accepted)} 个文件）"
              + (f"，{kept} 条与已有内容冲突、已保留原内容（加 --replace 可替换）" if kept else "")
              + "。")
        for request in stored.requests:
            print(f"延期申请待审批：事项 {request.task_id}，{request.unit_name}申请调整至"
                  f"{request.text}，理由：{request.reason}")
        return 2 if checked.problems else 0
    from db.services.returns import units_not_returned

    missing = units_not_returned(db, args.plan, args.month)
    for unit in missing:
        print(unit)
    print(f"尚未交回：{len(missing)} 个单位。")
    return 0
