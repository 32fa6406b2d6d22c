"""The shape of ``khabar.extract``: the BIO toolkit sits below the backends, and no module-level import cycle exists."""

from __future__ import annotations

import ast
from pathlib import Path

import khabar.extract

PACKAGE = Path(khabar.extract.__file__).parent
BACKENDS = ("crf", "neural", "gazetteer", "camel_ner")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, *, top_level_only: bool) -> set[str]:
    """Modules of khabar.extract that ``path`` imports (relative or absolute), at module level or anywhere."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    here = _module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.If):  # ``if TYPE_CHECKING:`` blocks never run
            continue
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
                if node.level - 1 > len(package):
                    continue  # above khabar.extract
                target = [p for p in base if p] + (node.module.split(".") if node.module else [])
            elif node.module and node.module.startswith("khabar.extract"):
                target = node.module.split(".")[2:]
            else:
                continue
            if node.level > len(package) + 1:
                continue
            names = [".".join(target)] if target else []
            names += [".".join([*target, alias.name]) for alias in node.names]
            found.update(n for n in names if n in MODULES)
    return found


MODULES = {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def test_no_module_level_import_cycle_in_extract():
    graph = {name: _imports(path, top_level_only=True) - {name} for name, path in MODULES.items()}
    state: dict[str, str] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(graph[node]):
            assert state.get(nxt) != "open", f"import cycle: {' -> '.join([*trail, node, nxt])}"
            if nxt not in state:
                visit(nxt, [*trail, node])
        state[node] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [])
    assert "bio" in graph and "entities" in graph


def test_backends_never_import_the_factory():
    for backend in BACKENDS:
        imported = _imports(MODULES[backend], top_level_only=False)
        assert "entities" not in imported, f"{backend} imports khabar.extract.entities"
        assert "bio" in imported, f"{backend} should tag through khabar.extract.bio"


def test_entities_are_trimmed_to_their_tokens_cores():
    from khabar.extract.bio import tags_to_entities
    from khabar.text import tokenize

    def tagged(text: str, tags: list[str]) -> list[tuple[str, str]]:
        return [(e.text_in(text), e.label) for e in tags_to_entities(tokenize(text), tags)]

    # A model tagging the slash of أ/محمد, a run of asterisks, a direction mark glued to a name.
    assert tagged("أ/محمد علي", ["O", "B-PERS", "I-PERS", "I-PERS"]) == [("محمد علي", "PERS")]
    assert tagged("*** عاجل", ["B-ORG", "I-ORG", "I-ORG", "O"]) == []
    assert tagged("\u200fباب المندب/", ["B-LOC", "I-LOC", "I-LOC"]) == [("باب المندب", "LOC")]
    # A control character glued to a name (a scraper's NUL) is as invisible as a direction mark.
    assert tagged("\x00باب المندب\x8f", ["B-LOC", "I-LOC"]) == [("باب المندب", "LOC")]
    assert tagged("زار بوتين موسكو", ["O", "B-PERS", "B-LOC"]) == [("بوتين", "PERS"), ("موسكو", "LOC")]
