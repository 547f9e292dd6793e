"""The shape of the code: one-way imports, small modules, small functions.

Every import counts, including the ones inside functions: an import deferred to dodge a cycle is
still a cycle.
"""

from __future__ import annotations

import ast
import fnmatch
import re
import tomllib
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "generator"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 80
# Functions over the limit, with their length today: they may shrink, never grow. None now.
KNOWN_LONG: dict[str, int] = {}


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The generator modules ``name`` imports (a package's __init__ counts as the package)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            targets = [module] + [f"{module}.{a.name}" for a in node.names]
        else:
            continue
        out |= {t for t in targets if t in known and t != name}
    return out


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, set(modules)) for name, path in modules.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_graph_sees_imports_and_cycles() -> None:
    graph = _graph()
    assert "generator.engine.rulebook" in graph["generator.engine.engine"]
    assert "generator.errors" in graph["generator.cli"]  # relative import from a package __init__
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycle_inside_generator() -> None:
    cycle = _cycle(_graph())
    assert cycle is None, " -> ".join(cycle or [])


# The layers, lowest first: a module may import its own layer and the ones before it.
LAYERS = ["errors", "inputs", "engine", "catalog", "project", "charts", "report", "share", "site", "cli"]


ENTRY = {"generator.__main__": "generator.cli"}  # `python -m generator` is the command line


def _layer(module: str) -> int:
    parts = ENTRY.get(module, module).split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 else -1  # generator/__init__: the version only


def test_imports_go_down_the_layers_only() -> None:
    graph = _graph()
    assert {ENTRY.get(m, m).split(".")[1] for m in graph if "." in m} == set(LAYERS)
    upward = sorted(f"{a} -> {b}" for a, targets in graph.items() for b in targets if _layer(b) > _layer(a))
    assert not upward, upward


def test_no_module_over_400_lines() -> None:
    long = {
        name: n
        for name, path in _modules().items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not long, long


def test_no_function_over_80_lines() -> None:
    long = {}
    for name, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                key = f"{name}.{node.name}"
                if (n := (node.end_lineno or start) - start + 1) > KNOWN_LONG.get(key, MAX_FUNCTION_LINES):
                    long[key] = n
    assert not long, long


# ---- rules live in content/ ---------------------------------------------------------------------
RULE_ID = re.compile(r"[\"']([A-Z][A-Z0-9]+(?:-[A-Z0-9]+)+)[\"']")


def _named_ids() -> dict[str, set[str]]:
    """Every quoted rule ID in generator/ (code and templates), with the files naming it."""
    found: dict[str, set[str]] = {}
    for path in sorted([*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.j2")]):
        for rid in RULE_ID.findall(path.read_text(encoding="utf-8")):
            found.setdefault(rid, set()).add(path.relative_to(PACKAGE.parent).as_posix())
    return found


def test_every_rule_id_the_code_names_is_declared_and_defined_in_content() -> None:
    from generator.engine.required import REQUIRED_RULES, TIER_IDS
    from generator.engine.tiers import TIERS, tier_id

    from .helpers import PROJECT

    named = _named_ids()
    assert "USCE-GAP" in named and "TIER-LIKELY" in named  # the scan sees code and templates
    undeclared = {rid: files for rid, files in named.items() if rid not in REQUIRED_RULES | TIER_IDS}
    assert not undeclared, f"add these to generator/engine/required.py: {undeclared}"
    assert {tier_id(t) for t in TIERS} <= TIER_IDS
    assert {r.id for r in PROJECT.rulebook.rules} >= REQUIRED_RULES
    assert {t.lower() for t in TIER_IDS} <= set(PROJECT.anchors)  # explained in the guide


def test_every_package_file_is_in_the_wheel():
    """Package data patterns cover every non-Python file (the theme overrides were once left out)."""
    config = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text())
    patterns = config["tool"]["setuptools"]["package-data"]["generator"]
    package = PACKAGE
    missing = [
        rel
        for rel in (p.relative_to(package).as_posix() for p in package.rglob("*") if p.is_file())
        if not rel.endswith((".py", ".pyc"))
        and "__pycache__" not in rel
        and not any(
            fnmatch.fnmatch(rel, pat) or fnmatch.fnmatch(rel, pat.replace("**/", "")) for pat in patterns
        )
    ]
    assert missing == []
