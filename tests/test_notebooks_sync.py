"""The committed notebooks are generated from their jupytext sources: same cells, same tags, no outputs."""

from __future__ import annotations

from pathlib import Path

import importlib.util

import jupytext
import nbformat
import pytest

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"
SOURCES = sorted(NOTEBOOKS.glob("[0-9]*.py"))


def _make_notebooks():  # noqa: ANN202 - the scripts/make_notebooks.py module
    spec = importlib.util.spec_from_file_location("make_notebooks", REPO / "scripts" / "make_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _cells(notebook: nbformat.NotebookNode) -> list[tuple[str, str, list[str]]]:
    return [(cell.cell_type, cell.source, list(cell.metadata.get("tags", []))) for cell in notebook.cells]


def test_every_notebook_has_a_source_and_every_source_a_notebook() -> None:
    assert len(SOURCES) == 3
    assert sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb")) == [p.stem for p in SOURCES]


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_notebook_is_in_sync_with_its_source(source: Path) -> None:
    committed = nbformat.read(source.with_suffix(".ipynb"), as_version=4)
    generated = jupytext.read(source)
    assert _cells(committed) == _cells(generated), (
        f"{source.with_suffix('.ipynb').name} differs from {source.name}: run scripts/make_notebooks.py")
    assert committed.metadata.get("kernelspec") == generated.metadata.get("kernelspec")
    assert all(not cell.get("outputs") and cell.get("execution_count") is None
               for cell in committed.cells if cell.cell_type == "code")
    # Byte for byte what scripts/make_notebooks.py writes.
    assert source.with_suffix(".ipynb").read_text(encoding="utf-8") == _make_notebooks().notebook_text(source)
    # papermill's convention, which the tests and `make demo` rely on: parameters right after the title.
    assert [i for i, cell in enumerate(committed.cells) if "parameters" in cell.metadata.get("tags", [])] == [1]


def test_a_changed_source_is_noticed(tmp_path: Path) -> None:
    source = SOURCES[0]
    edited = tmp_path / source.name
    edited.write_text(source.read_text(encoding="utf-8").replace("top = 20", "top = 21"), encoding="utf-8")
    committed = nbformat.read(source.with_suffix(".ipynb"), as_version=4)
    assert _cells(committed) != _cells(jupytext.read(edited))
