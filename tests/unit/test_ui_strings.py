"""Every UI string of the window goes through tr() (STYLE.md rule 6).

A Chinese string literal in a desktop module must sit inside a ``tr`` / ``_tr`` /
``translate`` call (or be marked with ``QT_TRANSLATE_NOOP`` and translated where shown), be a
docstring, be compared with, or stand on a line marked ``# tr: data``: words that are stored or
read back (an indicator's comparators, the menus' keys), which a translation would break, or
that are not shown in the window (a line of the log file, the program's own name).  The CLI
modules print to a terminal without Qt and are left out.  ``PENDING`` lists modules not yet
converted (none now); the test fails when one of them is clean, so the list only shrinks.
"""
import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u4e00-\u9fff]")
TR_CALLS = {"tr", "_tr", "translate", "QT_TR_NOOP", "QT_TRANSLATE_NOOP"}

PENDING: set[str] = set()   # every desktop module is converted


def call_name(call: ast.Call) -> str | None:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None


def untranslated(source: str) -> list[tuple[int, str]]:
    """(line, text) of each Chinese literal shown without tr()."""
    tree = ast.parse(source)
    data_lines = {i for i, line in enumerate(source.splitlines(), 1) if "# tr: data" in line}
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    docstrings = {node.body[0].value for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef,
                                       ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if (not CJK.search(node.value) or node in docstrings
                    or isinstance(parents.get(node), ast.JoinedStr)):
                continue
        elif not (isinstance(node, ast.JoinedStr) and any(
                isinstance(v, ast.Constant) and CJK.search(v.value) for v in node.values)):
            continue
        up = parents.get(node)
        while up is not None and not isinstance(up, ast.Compare) and not (
                isinstance(up, ast.Call) and call_name(up) in TR_CALLS):
            up = parents.get(up)
        if up is None and node.lineno not in data_lines:
            found.append((node.lineno, ast.get_source_segment(source, node)))
    return sorted(found)


def desktop_modules() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "desktop").rglob("*.py")
                  if not p.name.startswith("cli") and p.name != "command_registry.py")


def test_every_ui_string_goes_through_tr():
    left = {name: untranslated((ROOT / name).read_text(encoding="utf-8"))
            for name in desktop_modules() if name not in PENDING}
    assert {name: lines for name, lines in left.items() if lines} == {}


def test_the_pending_list_only_shrinks():
    clean = [name for name in PENDING
             if not untranslated((ROOT / name).read_text(encoding="utf-8"))]
    assert clean == [], "converted: take these off PENDING"
    assert all((ROOT / name).exists() for name in PENDING)


def test_the_finder_sees_a_bare_string_and_passes_tr():
    source = ('"""模块说明"""\n'
              'def f(self, n):\n    """函数说明"""\n'
              '    self.setWindowTitle("单位管理")\n'
              '    self.label.setText(self.tr("已新建单位“{}”。").format(n))\n'
              '    if n == "已完成":\n        pass\n'
              '    return f"共 {n} 项"\n'
              'WORDS = ("以上", "左右")  # tr: data\n')
    assert untranslated(source) == [(4, '"单位管理"'), (8, 'f"共 {n} 项"')]
