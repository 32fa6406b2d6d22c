"""`khabar extract quotes`."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add `quotes` to the `extract` command group."""
