"""The ``taizhang`` command: opens the GUI, or runs a subcommand (a stable contract).

Errors go to stderr in Chinese with a non-zero exit: 2 for bad input, 1 for anything else.
Every subcommand lives in ``COMMANDS`` (name → (add_arguments, run)), so features add their
own without touching the dispatcher: a ``desktop/cli_<feature>.py`` module registers with
``@command`` (from ``desktop.command_registry``) and gets one plain import line in
``desktop/cli_commands.py``.
"""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from db.errors import KnownError
from desktop.command_registry import COMMANDS, command, open_db, print_json  # noqa: F401

log = logging.getLogger("taizhang")

# --- demo, plans, dump --------------------------------------------------------------------------

def _demo_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--tasks", type=int, default=40, help="工作事项数（默认 40）")
    p.add_argument("--months", type=int, default=3, help="月度进展的月数，截至本月（默认 3）")


@command("demo", "创建示例县的演示工作方案，最后一行输出新方案编号", _demo_args)
def run_demo(args: argparse.Namespace) -> int:
    from db.demo import create_demo

    if args.tasks < 0 or args.months < 0:
        raise KnownError("--tasks 和 --months 不能为负数。")
    db = open_db(args)
    plan_id = create_demo(db, items=args.tasks, months=args.months)
    print(f"已创建演示工作方案（{args.tasks} 个工作事项，{args.months} 个月进展）。")
    print(plan_id)
    return 0


@command("plans", "列出工作方案：编号、标题、年度", lambda p: None)
def run_plans(args: argparse.Namespace) -> int:
    from db.services.plans import list_plans

    for plan in list_plans(open_db(args)):
        print(f"{plan.id}\t{plan.title}\t{plan.year or ''}")
    return 0


def _dump_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--plan", type=int, required=True, help="工作方案编号")


@command("dump", "以 JSON 输出整个工作方案", _dump_args)
def run_dump(args: argparse.Namespace) -> int:
    from db.dump import dump_plan

    print_json(dump_plan(open_db(args), args.plan))
    return 0


# --- dispatcher ---------------------------------------------------------------------------------

class ChineseArgumentParser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own messages are English; say it in Chinese too
        self.print_usage(sys.stderr)
        self.exit(2, f"参数错误：{message}\n")


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The whole parser; given ``argv``, only the subcommands it names get their arguments
    (adding ``export``'s imports the report builders: the seconds ``taizhang plans`` and the
    window's start-up need not pay)."""
    parser = ChineseArgumentParser(
        prog="taizhang", description="专班台账：不带子命令时打开图形界面。")
    parser.add_argument("--db", metavar="PATH_OR_URL",
                        help="数据库文件路径或 SQLAlchemy URL（默认：首次启动时选定的文件夹中的 "
                             "taizhang.db，建议为 文档/专班台账）")
    sub = parser.add_subparsers(dest="command", metavar="子命令", parser_class=ChineseArgumentParser)
    for name, (help_text, (add_arguments, _run)) in COMMANDS.items():
        subparser = sub.add_parser(name, help=help_text, description=help_text)
        if argv is None or name in argv:
            add_arguments(subparser)
    return parser


def _file_argument(argv: list[str]) -> tuple[list[str], str | None]:
    """``taizhang FILE`` (a file dropped on the exe, 打开方式): split off the file to open.

    Only ``taizhang [--db X] FILE``: once a subcommand is given, a file is its argument."""
    if not argv or argv[-1].startswith("-") or argv[-1] in COMMANDS:
        return argv, None
    rest = argv[:-1]
    if rest and not (len(rest) == 2 and rest[0] == "--db") \
            and not (len(rest) == 1 and rest[0].startswith("--db=")):
        return argv, None
    from desktop.identity import LEDGER_SUFFIXES
    from exports.importers import SUPPORTED_SUFFIXES

    last = Path(argv[-1])
    if last.suffix.lower() in LEDGER_SUFFIXES + SUPPORTED_SUFFIXES or last.is_file():
        return rest, argv[-1]
    return argv, None


def main(argv: list[str] | None = None) -> int:
    from desktop.streams import configure_streams

    configure_streams()
    import desktop.cli_commands  # noqa: F401  registers every feature module's subcommands

    argv, open_file = _file_argument(sys.argv[1:] if argv is None else list(argv))
    args = build_parser(argv).parse_args(argv)
    from exports.atomic import remove_leftovers

    remove_leftovers()  # temporary files of exports a kill interrupted
    if args.command is None:
        from desktop.app import run_gui

        return run_gui(args.db, open_file)
    _help, (_add, run) = COMMANDS[args.command]
    try:
        return run(args)
    except KnownError as exc:
        sys.stderr.write(f"错误：{exc.user_text()}\n")
        return 2
    except Exception as exc:  # a bug: say so in Chinese, keep the details in the log
        from desktop.logs import log_exception

        where = log_exception(exc)
        sys.stderr.write(f"错误：程序内部出错（{type(exc).__name__}）。详细信息已写入 {where}\n")
        return 1


def gui_main() -> int:
    """Entry point of the Windows GUI script (no console)."""
    return main(sys.argv[1:])


if __name__ == "__main__":
    # Run as ``python -m desktop.cli``: dispatch through the imported module, whose COMMANDS
    # the feature modules register into (this __main__ copy would stay without them).
    from desktop.cli import main as _main

    sys.exit(_main())

