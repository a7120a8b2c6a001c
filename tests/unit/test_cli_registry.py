"""The CLI's feature modules are plain imports a freezer can follow, and stay cheap to import."""
import ast
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
