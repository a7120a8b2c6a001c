"""The CLI's feature modules are plain imports a freezer can follow, and stay cheap to import."""
import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _registered_modules() -> set[str]:
    tree = ast.parse((ROOT / "desktop" / "cli_commands.py").read_text(encoding="utf-8"))
    return {alias.name for node in tree.body if isinstance(node, ast.Import)
            for alias in node.names}


def test_every_cli_module_is_imported_by_the_registry():
    on_disk = {f"desktop.{p.stem}" for p in (ROOT / "desktop").glob("cli_*.py")
               if p.stem != "cli_commands"}
    assert on_disk, "no CLI feature modules found"
    assert _registered_modules() == on_disk


def test_no_string_imports_left_in_the_cli():
    for name in ("cli.py", "cli_commands.py"):
        text = (ROOT / "desktop" / name).read_text(encoding="utf-8")
        assert "import_module" not in text and "__import__" not in text, name


def test_importing_the_commands_loads_no_heavy_library():
    heavy = ("PySide6", "reportlab", "openpyxl", "docx", "sqlalchemy", "alembic")
    code = ("import sys, desktop.cli_commands\n"
            f"print(sorted(m for m in sys.modules if m.split('.')[0] in {heavy!r}))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    assert out.strip() == "[]"


def test_listing_plans_loads_neither_the_report_builders_nor_the_importers(tmp_path):
    # only the subcommand that is run gets its arguments, so export's and import's argument
    # help (report kinds, renderers, file suffixes) is not imported for ``taizhang plans``
    heavy = ("exports.report", "exports.renderers", "exports.importers", "PySide6",
             "reportlab", "openpyxl", "docx")
    code = ("import sys\nfrom desktop.cli import main\n"
            f"assert main(['--db', {str(tmp_path / 'x.db')!r}, 'plans']) == 0\n"
            f"print(sorted(m for m in sys.modules if m.startswith({heavy!r})))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_the_full_parser_still_knows_every_subcommands_arguments():
    import desktop.cli_commands  # noqa: F401  registers the feature modules' subcommands
    from desktop.cli import build_parser

    args = build_parser().parse_args(["export", "--plan", "3", "--report", "progress",
                                      "-o", "x.pdf"])
    assert (args.command, args.plan, args.report) == ("export", 3, "progress")
    args = build_parser(["import", "plan.docx"]).parse_args(["import", "plan.docx"])
    assert args.file == "plan.docx"


def test_the_window_modules_load_no_renderer_and_no_picture_library():
    # the window starts without the PDF/Excel/Word writers and without Pillow (the briefing's
    # trend picture loads it when drawn), without the report builders and the importers (an
    # export or an import loads them), and without the tabs after 任务清单 (built when shown)
    code = ("import sys, desktop.app, desktop.cli, desktop.workspace\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('PIL', 'reportlab', 'openpyxl', 'docx', 'alembic') or m.startswith("
            "('exports.renderers', 'exports.pdf', 'exports.xlsx', 'exports.document', "
            "'exports.report', 'exports.importers', 'PySide6.QtCharts', "
            "'desktop.views.dashboard', 'desktop.views.month_grid', 'desktop.views.warnings', "
            "'desktop.views.indicator_actuals'))))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True, env={**os.environ,
                                          "QT_QPA_PLATFORM": "offscreen"}).stdout
    assert out.strip().splitlines()[-1] == "[]"
