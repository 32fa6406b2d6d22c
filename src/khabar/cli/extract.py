"""`khabar extract ...`: run extractors over a corpus or gold file, writing gold format."""

from __future__ import annotations

import typer

from . import _extract_entities, _extract_quotes

app = typer.Typer(help="Run extractors (quotes, entities) over a corpus or gold file.", no_args_is_help=True)

_extract_quotes.register(app)
_extract_entities.register(app)
