"""`khabar train ...`"""

from __future__ import annotations

import typer

app = typer.Typer(help="Train extractors.", no_args_is_help=True)
