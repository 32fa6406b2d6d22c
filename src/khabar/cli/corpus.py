"""`khabar corpus ...`"""

from __future__ import annotations

import typer

app = typer.Typer(help="Import raw articles into a clean corpus.", no_args_is_help=True)
