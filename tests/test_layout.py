"""The layout keeps the flow one-directional: load → walk → judge → store → report.

Read from the source (every import, at the top of a module or inside a function; not those
under `if TYPE_CHECKING:`, which never run), so a cycle or a check reaching into the browser
fails here, before it blurs the parts.
"""

from __future__ import annotations

import ast
from pathlib import Path

import runner

PACKAGE = Path(runner.__file__).parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _runtime_nodes(tree: ast.AST):
    """Every node that runs: the bodies of `if TYPE_CHECKING:` are left out."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                stack.extend(child.orelse)
                continue
            stack.append(child)


def import_graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py") if "_bundled" not in p.parts}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        targets: set[str] = set()
        for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(a.name for a in node.names if a.name.startswith("runner"))
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = name.split(".") if is_package else name.split(".")[:-1]
                    anchor = anchor[: len(anchor) - (node.level - 1)]
                    base = ".".join(anchor + ([base] if base else []))
                if not base.startswith("runner"):
                    continue
                for alias in node.names:  # `from runner.checks import links` names a module
                    sub = f"{base}.{alias.name}"
                    targets.add(sub if sub in modules else base)
        graph[name] = {t for t in targets if t in modules and t != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def reaches_into(graph: dict[str, set[str]], part: str, forbidden: tuple[str, ...]
                 ) -> list[str]:
    return sorted(f"{module} imports {target}"
                  for module, targets in graph.items() if _inside(module, part)
                  for target in targets if any(_inside(target, f) for f in forbidden))


def _inside(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_no_import_cycle_inside_runner():
    assert cycles(import_graph()) == []


def test_judging_storing_and_reporting_never_drive_a_browser():
    graph = import_graph()
    for part in ("runner.checks", "runner.report", "runner.results"):
        assert reaches_into(graph, part, ("runner.walk", "runner.nightly")) == [], part


def test_the_walk_knows_no_checks_store_or_nightly_machinery():
    # The worker hands the walk its landing judgement as a callable (ARCHITECTURE.md).
    graph = import_graph()
    assert reaches_into(graph, "runner.walk",
                        ("runner.checks", "runner.report", "runner.nightly")) == []


def test_what_every_part_shares_depends_on_no_part():
    graph = import_graph()
    for shared in ("runner.errors", "runner.patterns", "runner.senders", "runner.bundled"):
        assert reaches_into(graph, shared, ("runner.walk", "runner.nightly", "runner.checks",
                                            "runner.report", "runner.results")) == [], shared


def test_the_rules_see_a_cycle_and_a_reach():
    # The detectors themselves, on a made-up graph: a test that cannot fail proves nothing.
    graph = {"runner.a": {"runner.b"}, "runner.b": {"runner.a"}, "runner.c": set(),
             "runner.checks.x": {"runner.walk.y"}, "runner.walk.y": set()}
    assert cycles(graph) == [["runner.a", "runner.b"]]
    assert reaches_into(graph, "runner.checks", ("runner.walk",)) == [
        "runner.checks.x imports runner.walk.y"]
