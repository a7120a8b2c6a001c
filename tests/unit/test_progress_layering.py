"""The progress core (序时进度, summary, services) stays free of Qt and of the desktop layer."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_progress_core_has_no_qt_import():
    for name in ("db/schedule.py", "db/summary.py", "db/services/progress.py"):
        tree = ast.parse((ROOT / name).read_text(encoding="utf-8"))
        modules = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                   for alias in node.names}
        modules |= {node.module or "" for node in ast.walk(tree)
                    if isinstance(node, ast.ImportFrom)}
        assert not any(m.split(".")[0] in ("PySide6", "desktop") for m in modules), name
