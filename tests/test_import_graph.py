"""The import graph follows the flow document -> facts -> rules -> findings -> report, with no loop.

The graph is read from the source with ``ast`` (``newslint.devtools.imports``) and counts every
import: module level, ``if TYPE_CHECKING:`` blocks and imports inside functions.  Print it with
``python -m newslint.devtools.imports``.
"""

from __future__ import annotations

import warnings

import pytest

from newslint.devtools.imports import Edge, build_graph, find_cycles, main, reachable

# Edges that break a contract today and are being removed by work on other branches.  Each is
# (importer, imported).  The tests below ignore exactly these edges and fail on any other violation;
# delete an entry once its edge is gone (test_known_exceptions_still_exist says when).
KNOWN_EXCEPTIONS: dict[tuple[str, str], str] = {}

# What a module (or every module of a package) must never import, directly or through others.
ABOVE_RULES = [
    "newslint.check",
    "newslint.report",
    "newslint.reporters",
    "newslint.index",
    "newslint.extraction",
    "newslint.registry",
    "newslint.builtins",
    "newslint.runner",
    "newslint.cli",
    "newslint.testing",
    "newslint.plugins",
    "newslint.api",
]
NEVER_REACHES: dict[str, list[str]] = {
    "newslint.finding": ["newslint."],
    "newslint.errors": ["newslint."],
    "newslint.slots": ["newslint."],
    "newslint.document": ["newslint.rule", "newslint.config", "newslint.extractors", *ABOVE_RULES],
    "newslint.rule": ["newslint.config", "newslint.extractors", *ABOVE_RULES],
    "newslint.report": ["newslint.reporters", "newslint.runner", "newslint.cli", "newslint.registry"],
    "newslint.reporters": ["newslint.cli", "newslint.runner", "newslint.registry", "newslint.index"],
    "newslint.extractors": ["newslint.check", "newslint.index", "newslint.registry", "newslint.plugins"],
    "newslint.index": ["newslint.extraction", "newslint.registry", "newslint.runner", "newslint.cli"],
    # the draft cache keeps documents and facts: it reads no text and runs no extractor or rule
    "newslint.draft_cache": [
        "newslint.extraction",
        "newslint.extractors",
        "newslint.registry",
        "newslint.check",
        "newslint.runner",
        "newslint.cli",
    ],
    # the storage backends know rows, not facts, documents or extractors
    "newslint.store": ["newslint.document", "newslint.facts", "newslint.extract", *ABOVE_RULES],
    "newslint.store_sqlite": ["newslint.document", "newslint.facts", "newslint.extract", *ABOVE_RULES],
}

# What the built-in plugins may import from newslint: the public API, the fact kinds, rule packs.
PLUGIN_ALLOWED = ("newslint.api", "newslint.facts", "newslint.rules")


@pytest.fixture(scope="module")
def graph() -> tuple[list[str], list[Edge]]:
    modules, edges = build_graph()
    return modules, [e for e in edges if (e.source, e.target) not in KNOWN_EXCEPTIONS]


def _under(module: str, prefix: str) -> bool:
    return module == prefix.rstrip(".") or module.startswith(prefix.rstrip(".") + ".")


def _path_to(start: str, goal: str, edges: list[Edge]) -> str:
    """The chain of imports from ``start`` to ``goal`` (for the failure message)."""
    previous: dict[str, Edge] = {}
    queue = [start]
    for node in queue:
        for edge in edges:
            if edge.source == node and edge.target not in previous and edge.target != start:
                previous[edge.target] = edge
                queue.append(edge.target)
    chain = []
    node = goal
    while node != start:
        chain.append(str(previous[node]))
        node = previous[node].source
    return "\n  ".join(reversed(chain))


def test_the_reader_sees_every_kind_of_import():
    _, edges = build_graph()
    hows = {e.how for e in edges}
    assert hows == {"module", "type", "call"}
    # a known import in a function and a known TYPE_CHECKING import are found
    assert any(
        e.source == "newslint.builtins" and e.target == "newslint.extractors" and e.how == "call"
        for e in edges
    )
    assert any(
        e.source == "newslint.check" and e.target == "newslint.index" and e.how == "type" for e in edges
    )


def test_there_is_no_import_cycle(graph):
    modules, edges = graph
    cycles = find_cycles(modules, edges)
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_the_cycle_finder_finds_a_planted_cycle(graph):
    modules, edges = graph
    planted = [*edges, Edge("newslint.facts", "newslint.cli", 1, "call")]
    cycles = find_cycles(modules, planted)
    assert cycles and cycles[0][0] == cycles[0][-1]
    assert "newslint.facts" in cycles[0] and "newslint.cli" in cycles[0]


@pytest.mark.parametrize("package", ["newslint.facts", "newslint.devtools"])
def test_self_contained_packages_import_nothing_outside_them(graph, package):
    # the facts sit at the bottom; the developer tools must read a tree that does not import
    modules, edges = graph
    for module in modules:
        if _under(module, package):
            above = sorted(t for t in reachable(module, edges) if not _under(t, package))
            assert not above, f"{module} imports {above}:\n  " + _path_to(module, above[0], edges)


@pytest.mark.parametrize("importer", sorted(NEVER_REACHES))
def test_layers(graph, importer):
    modules, edges = graph
    for module in modules:
        if not _under(module, importer):
            continue
        for target in sorted(reachable(module, edges)):
            for forbidden in NEVER_REACHES[importer]:
                if _under(target, forbidden) or (forbidden.endswith(".") and target.startswith(forbidden)):
                    pytest.fail(f"{module} must not import {target}:\n  " + _path_to(module, target, edges))


def test_reporters_never_import_the_cli(graph):
    _, edges = graph
    for edge in edges:
        if _under(edge.source, "newslint.reporters"):
            assert not _under(edge.target, "newslint.cli"), str(edge)


def test_plugins_import_only_the_public_api(graph):
    _, edges = graph
    bad = [
        str(e)
        for e in edges
        if _under(e.source, "newslint.plugins")
        and not _under(e.target, "newslint.plugins")
        and not any(_under(e.target, allowed) for allowed in PLUGIN_ALLOWED)
    ]
    assert not bad, "plugins must import only newslint.api, newslint.facts.* and rule packs:\n" + "\n".join(
        bad
    )


def test_the_core_never_imports_the_api_or_the_plugins(graph):
    _, edges = graph
    bad = [
        str(e)
        for e in edges
        if not _under(e.source, "newslint.plugins")
        and e.source != "newslint.api"
        and (_under(e.target, "newslint.api") or _under(e.target, "newslint.plugins"))
    ]
    assert not bad, "\n".join(bad)


def test_known_exceptions_still_exist():
    _, edges = build_graph()
    present = {(e.source, e.target) for e in edges}
    stale = sorted(set(KNOWN_EXCEPTIONS) - present)
    if stale:
        warnings.warn(f"import-graph exceptions no longer needed, delete them: {stale}", stacklevel=1)


def test_the_command_prints_the_graph(capsys):
    code = main([])
    out = capsys.readouterr().out
    assert "newslint.api: " in out
    assert " modules, " in out and " imports " in out
    assert code in (0, 1)  # 1 while a known exception still closes a cycle; the test above guards
