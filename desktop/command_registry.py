"""The CLI's command registry, below ``desktop.cli`` so feature modules import it, not the
dispatcher (which imports them: that would tie them into one import cycle)."""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

Command = tuple[Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int]]
COMMANDS: dict[str, tuple[str, Command]] = {}


def command(name: str, help_text: str, add_arguments: Callable[[argparse.ArgumentParser], None]):
    def register(run: Callable[[argparse.Namespace], int]):
        COMMANDS[name] = (help_text, (add_arguments, run))
        return run
    return register


def open_db(args: argparse.Namespace):
    from db.session import open_database

    return open_database(args.db)


def print_json(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
