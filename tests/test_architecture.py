"""The package's import structure: data flows one way, and no module waits on itself.

Every ``import`` in ``src/khabar`` counts, the ones inside functions too: a lazy import
only hides a cycle until the day two modules are loaded in the other order.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "khabar"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, module: str) -> set[str]:
    """Every khabar module or package that ``path`` imports, wherever the import stands."""
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name == "khabar" or name.startswith("khabar.")}


def _graph() -> dict[str, set[str]]:
    raw = {_module_name(p): _imports(p, _module_name(p)) for p in PACKAGE.rglob("*.py")}
    # A module importing its own parent package is no cycle: Python initialises parents first.
    return {
        module: {d for d in deps if d in raw and d != module and not module.startswith(d + ".")}
        for module, deps in raw.items()
    }


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _top_level(module: str) -> str:
    return ".".join(module.split(".")[:2])


def test_no_module_imports_itself_through_others() -> None:
    assert _cycles(_graph()) == []


def test_no_cycle_between_the_packages() -> None:
    packages: dict[str, set[str]] = {}
    for module, deps in _graph().items():
        packages.setdefault(_top_level(module), set()).update(
            _top_level(d) for d in deps if _top_level(d) != _top_level(module)
        )
    assert _cycles(packages) == []


@pytest.mark.parametrize(
    ("lower", "higher"),
    [
        ("khabar.gold", "khabar.corpus"),  # the corpus produces documents; gold never reaches back up
        ("khabar.io", "khabar.gold"),
        ("khabar.text", "khabar.gold"),
    ],
)
def test_data_flows_one_way(lower: str, higher: str) -> None:
    offenders = sorted(
        m for m, deps in _graph().items()
        if _top_level(m) == lower and any(_top_level(d) == higher for d in deps)
    )
    assert offenders == []


def test_only_the_cli_imports_the_cli() -> None:
    # `python -m khabar` is the command too: the package's __main__ is the one entry point outside it.
    offenders = sorted(
        m for m, deps in _graph().items()
        if _top_level(m) not in ("khabar.cli", "khabar.__main__") and any(_top_level(d) == "khabar.cli" for d in deps)
    )
    assert offenders == []


def test_python_dash_m_khabar_is_the_command() -> None:
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-m", "khabar", "errors", "E705"], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert "E705" in run.stdout and "given twice" in run.stdout


def test_the_checker_sees_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
