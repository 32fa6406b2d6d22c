"""`khabar extract entities`."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add `entities` to the `extract` command group."""
