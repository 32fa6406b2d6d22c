"""Write each ``notebooks/*.ipynb`` from its jupytext percent source ``notebooks/*.py``, outputs empty.

The ``.py`` files are the notebooks' source, reviewed and diffed as code; the
``.ipynb`` files are what JupyterLab opens and what the tests and ``make demo``
execute. ``tests/test_notebooks_sync.py`` fails when the two differ. Run this
after editing a ``.py`` (or open the pair in JupyterLab, where jupytext keeps
them in step) and commit both::

    .venv/bin/python scripts/make_notebooks.py
"""

from __future__ import annotations

from pathlib import Path

import jupytext
import nbformat

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def main() -> None:
    for source in sorted(NOTEBOOKS.glob("[0-9]*.py")):
        notebook = jupytext.read(source)
        nbformat.validate(notebook)
        target = source.with_suffix(".ipynb")
        jupytext.write(notebook, target)
        print(target)


if __name__ == "__main__":
    main()
