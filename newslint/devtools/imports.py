"""The import graph of newslint and its built-in plugins, read from the source with ``ast``.

Every import counts: at module level, inside ``if TYPE_CHECKING:`` blocks and inside functions,
because each of them is a dependency a reader (and a type checker) has to follow.  Run::

    python -m newslint.devtools.imports            # every module and what it imports, then cycles
    python -m newslint.devtools.imports --cycles   # only the cycles (exit 1 if there is one)
    python -m newslint.devtools.imports --dot      # Graphviz

Edges are marked ``[type]`` (inside ``if TYPE_CHECKING:``) and ``[call]`` (inside a function).
``tests/test_import_graph.py`` uses the same reader to keep the graph free of cycles and in layers.
This module imports nothing from newslint, so it can read a tree that does not import.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

#: The packages read, and where their source is relative to the repository root (see package-dir
#: in pyproject.toml).
PACKAGES = {"newslint": "newslint", "newslint.plugins": "plugins"}


@dataclass(frozen=True, order=True)
class Edge:
    source: str
    target: str
    line: int
    how: str  # "module", "type" (inside if TYPE_CHECKING) or "call" (inside a function)

    def __str__(self) -> str:
        mark = "" if self.how == "module" else f" [{self.how}]"
        return f"{self.source} -> {self.target}{mark} (line {self.line})"


def repository_root() -> Path:
    return Path(__file__).resolve().parents[2]


def find_modules(root: Path | None = None) -> dict[str, Path]:
    """Module name -> source file, for every ``.py`` file of the packages in :data:`PACKAGES`."""
    root = root or repository_root()
    modules: dict[str, Path] = {}
    for package, folder in PACKAGES.items():
        base = root / folder
        if not base.is_dir():  # an installed (not editable) newslint: plugins/ is newslint/plugins/
            base = root / package.replace(".", "/")
        for path in sorted(base.rglob("*.py")):
            if any(part.startswith(".") or part == "__pycache__" for part in path.relative_to(base).parts):
                continue
            parts = list(path.relative_to(base).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join([package, *parts])] = path
    return modules


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, how: str = "module") -> Iterator[tuple[ast.Import | ast.ImportFrom, str]]:
    """Every import statement under ``tree`` with where it sits (the first reason found wins)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node, how
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            yield from _imports(node, "call" if how == "module" else how)
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.body:
                yield from _imports(
                    ast.Module(body=[child], type_ignores=[]), "type" if how == "module" else how
                )
            for child in node.orelse:
                yield from _imports(ast.Module(body=[child], type_ignores=[]), how)
        else:
            yield from _imports(node, how)


def _targets(
    node: ast.Import | ast.ImportFrom, module: str, is_package: bool, known: set[str]
) -> Iterable[str]:
    if isinstance(node, ast.Import):
        for alias in node.names:
            yield alias.name
        return
    base = node.module or ""
    if node.level:
        package = module.split(".") if is_package else module.split(".")[:-1]
        package = package[: len(package) - (node.level - 1)]
        base = ".".join(package + ([base] if base else []))
    for alias in node.names:
        name = f"{base}.{alias.name}"
        yield name if name in known else base


def _resolve(target: str, known: set[str]) -> str | None:
    """The module of ours that ``target`` names (or its nearest enclosing one of ours)."""
    while target:
        if target in known:
            return target
        target = target.rpartition(".")[0]
    return None


def build_graph(root: Path | None = None) -> tuple[list[str], list[Edge]]:
    """All modules and all import edges between them (imports of other libraries are left out)."""
    modules = find_modules(root)
    known = set(modules)
    strongest: dict[tuple[str, str], Edge] = {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        is_package = path.name == "__init__.py"
        for node, how in _imports(tree):
            for target in _targets(node, module, is_package, known):
                resolved = _resolve(target, known)
                if resolved is None or resolved == module:
                    continue
                edge = Edge(module, resolved, node.lineno, how)
                old = strongest.get((module, resolved))
                # one edge per pair: a module-level import over one in a function over a type-only one
                if old is None or (_STRENGTH[how], -edge.line) > (_STRENGTH[old.how], -old.line):
                    strongest[(module, resolved)] = edge
    return sorted(modules), sorted(strongest.values())


_STRENGTH = {"module": 2, "call": 1, "type": 0}


def adjacency(edges: Iterable[Edge]) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for edge in edges:
        graph.setdefault(edge.source, set()).add(edge.target)
    return graph


def find_cycles(modules: Iterable[str], edges: Iterable[Edge]) -> list[list[str]]:
    """One cycle (as a closed path of modules) for each strongly connected group of modules."""
    graph = adjacency(edges)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(start: str) -> None:  # Tarjan's algorithm, iterative (no recursion limit)
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        groups.append(sorted(group))

    for module in sorted(modules):
        if module not in index:
            visit(module)
    return [_cycle_in(group, graph) for group in sorted(groups)]


def _cycle_in(group: list[str], graph: dict[str, set[str]]) -> list[str]:
    """A shortest closed path through the first module of a strongly connected group."""
    members = set(group)
    start = group[0]
    previous: dict[str, str] = {}
    queue = [start]
    for node in queue:
        for child in sorted(graph.get(node, set()) & members):
            if child == start:
                path = [node]
                while path[-1] != start:
                    path.append(previous[path[-1]])
                return [start, *reversed(path[:-1]), start]
            if child not in previous:
                previous[child] = node
                queue.append(child)
    raise AssertionError("not a strongly connected group")  # pragma: no cover


def reachable(start: str, edges: Iterable[Edge]) -> set[str]:
    """Every module ``start`` imports, directly or through others."""
    graph = adjacency(edges)
    seen: set[str] = set()
    todo = [start]
    while todo:
        for child in graph.get(todo.pop(), ()):
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return seen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m newslint.devtools.imports", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--cycles", action="store_true", help="print only the cycles")
    parser.add_argument("--dot", action="store_true", help="print the graph in Graphviz dot")
    args = parser.parse_args(argv)
    modules, edges = build_graph()
    cycles = find_cycles(modules, edges)
    out = sys.stdout
    if args.dot:
        out.write("digraph newslint {\n  rankdir=BT;\n")
        for edge in edges:
            style = {"module": "solid", "type": "dashed", "call": "dotted"}[edge.how]
            out.write(f'  "{edge.source}" -> "{edge.target}" [style={style}];\n')
        out.write("}\n")
        return 1 if cycles else 0
    if not args.cycles:
        by_source: dict[str, list[Edge]] = {}
        for edge in edges:
            by_source.setdefault(edge.source, []).append(edge)
        for module in modules:
            targets = sorted({(e.target, e.how) for e in by_source.get(module, [])})
            shown = ", ".join(t if how == "module" else f"{t} [{how}]" for t, how in targets)
            out.write(f"{module}: {shown or '-'}\n")
        out.write("\n")
    kinds = {how: sum(1 for e in edges if e.how == how) for how in ("module", "type", "call")}
    out.write(
        f"{len(modules)} modules, {len(edges)} imports "
        f"({kinds['module']} at module level, {kinds['type']} for type checking, {kinds['call']} in functions), "
        f"{len(cycles)} cycle{'s' if len(cycles) != 1 else ''}\n"
    )
    for cycle in cycles:
        out.write("cycle: " + " -> ".join(cycle) + "\n")
    return 1 if cycles else 0


if __name__ == "__main__":
    sys.exit(main())
