"""No import cycle among desktop modules: helpers live low, nothing imports the app back.

Every import counts, also the ones inside functions: a lazy import still ties two modules
into one knot that cannot be understood, tested or loaded one without the other.
"""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def desktop_imports() -> dict[str, set[str]]:
    return package_imports("desktop")


def package_imports(package: str) -> dict[str, set[str]]:
    modules = {module_name(p): p for p in (ROOT / package).rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                # ``from desktop import prompts`` names a module; ``from x import f`` a member
                targets = [f"{node.module}.{a.name}" for a in node.names] + [node.module]
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name and target != package:
                    graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle_among_desktop_modules():
    assert cycles(desktop_imports()) == []


def test_the_cycle_finder_sees_a_knot():
    graph = {"desktop.a": {"desktop.b"}, "desktop.b": {"desktop.c"}, "desktop.c": {"desktop.a"},
             "desktop.d": {"desktop.a"}}
    assert cycles(graph) == [["desktop.a", "desktop.b", "desktop.c"]]


def test_dialogs_and_views_do_not_import_the_application_module():
    graph = desktop_imports()
    assert [name for name, targets in graph.items() if "desktop.app" in targets
            and name != "desktop.cli"] == []
