"""`khabar gold release`: freeze an adjudicated gold file as a numbered version."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add ``release`` to the ``gold`` command group."""
