"""Write each ``notebooks/*.ipynb`` from its jupytext percent source ``notebooks/*.py``, outputs empty.

The ``.py`` files are the notebooks' source, reviewed and diffed as code; the
``.ipynb`` files are what JupyterLab opens and what the tests and ``make demo``
execute. ``tests/test_notebooks_sync.py`` fails when the two differ. Run this
after editing a ``.py`` and commit both::

    .venv/bin/python scripts/make_notebooks.py
"""

from __future__ import annotations

from pathlib import Path

import jupytext
import nbformat

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def sources() -> list[Path]:
    """The notebooks' jupytext sources, in order."""
    return sorted(NOTEBOOKS.glob("[0-9]*.py"))


def notebook_text(source: Path) -> str:
    """The ``.ipynb`` text generated from ``source``: the same every time for the same source."""
    notebook = jupytext.read(source)
    # Ids by position, not jupytext's random ones, so that regenerating an unchanged source changes nothing.
    for number, cell in enumerate(notebook.cells, start=1):
        cell.id = f"cell-{number:02d}"
    nbformat.validate(notebook)
    return jupytext.writes(notebook, fmt="ipynb")


def main() -> None:
    for source in sources():
        target = source.with_suffix(".ipynb")
        target.write_text(notebook_text(source), encoding="utf-8")
        print(target)


if __name__ == "__main__":
    main()
