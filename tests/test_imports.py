"""The package's layers point one way: no import cycles, records that need no grammar, and no
module outside ``sinks/`` that reaches into its private modules.

The imports are read from the source: every ``import`` statement counts, those inside
functions and those under ``if TYPE_CHECKING:`` too. An import that only runs on some path, or
only names a type for mypy, still ties the two modules together for a reader, so a shared type
lives in the module that owns it, below both users.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "extractor"

#: The grammar layer: what finds and reads mentions in text. The output types do not need it.
GRAMMAR = (
    "extractor.lexicon",
    "extractor.amounts",
    "extractor.money",
    "extractor.percent",
    "extractor.orgs",
    "extractor.metrics",
    "extractor.facts",
    "extractor.doc",
    "extractor.pipeline",
)


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement of ``tree``, at any depth (functions, ``if TYPE_CHECKING:``)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node


def _targets(module: str, path: Path, node: ast.Import | ast.ImportFrom) -> Iterator[str]:
    """The names of the modules that ``node`` (in ``module``, at ``path``) imports."""
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
        return
    here = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    base = here[: len(here) - node.level + 1] if node.level else []
    name = ".".join(base + ([node.module] if node.module else []))
    for alias in node.names:  # ``from . import x`` imports the module ``x``
        yield f"{name}.{alias.name}" if f"{name}.{alias.name}" in _modules() else name


@cache
def import_graph() -> dict[str, frozenset[str]]:
    """Each module of ``extractor`` and the modules of ``extractor`` it imports."""
    modules = _modules()
    graph: dict[str, frozenset[str]] = {}
    for module, path in modules.items():
        found: set[str] = set()
        for node in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            for target in _targets(module, path, node):
                while target and target not in modules:  # a name in a module: the module
                    target = target.rpartition(".")[0]
                if target.startswith("extractor") and target != module:
                    found.add(target)
        graph[module] = frozenset(found)
    return graph


def cycles(graph: dict[str, frozenset[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, targets = work[-1]
            target = next(targets, None)
            if target is None:
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
                        found.append(sorted(group))
            elif target not in index:
                index[target] = low[target] = len(index)
                stack.append(target)
                on_stack.add(target)
                work.append((target, iter(sorted(graph[target]))))
            elif target in on_stack:
                low[node] = min(low[node], index[target])
    return found


def reachable(graph: dict[str, frozenset[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for target in graph[todo.pop()]:
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def test_the_graph_is_read_from_every_module() -> None:
    graph = import_graph()
    assert {"extractor.records", "extractor.io", "extractor.cli.app", "extractor.durable"} <= set(
        graph
    )
    assert "extractor.durable" in graph["extractor.sinks.parts"]
    assert "extractor.io" in graph["extractor.batch.runner"]


def test_the_cycle_finder_finds_cycles() -> None:
    graph = {
        "a": frozenset({"b"}),
        "b": frozenset({"c"}),
        "c": frozenset({"a"}),
        "d": frozenset({"a"}),
        "e": frozenset({"e"}),
    }
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": frozenset({"b"}), "b": frozenset()}) == []


def test_an_import_inside_a_function_or_for_type_checking_counts() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from .linker import FactLinker\n"
        "def f():\n    from .records import DocumentRecord\n"
    )
    imported = [n for n in _imports(ast.parse(source)) if isinstance(n, ast.ImportFrom)]
    assert sorted(n.module or "" for n in imported) == ["linker", "records", "typing"]


def test_no_module_of_the_package_is_in_an_import_cycle() -> None:
    assert cycles(import_graph()) == []


def test_the_record_types_need_no_grammar() -> None:
    """``records.py`` is what users import to read our output: it depends on the shared types
    and the pattern folder's ISO 4217 codes, never on what finds mentions in text."""
    needed = reachable(import_graph(), "extractor.records")
    assert not [m for m in needed if m.startswith(GRAMMAR)], sorted(needed)


def test_only_the_sinks_import_their_private_modules() -> None:
    graph = import_graph()
    assert "extractor.sinks._base" in graph["extractor.sinks.jsonl"]  # the rule sees them
    outside = {
        module
        for module, targets in graph.items()
        if not module.startswith("extractor.sinks")
        and any(t.startswith("extractor.sinks._") for t in targets)
    }
    assert outside == set()
