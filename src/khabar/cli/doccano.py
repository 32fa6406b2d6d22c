"""`khabar doccano ...`"""

from __future__ import annotations

import typer

app = typer.Typer(help="Run the doccano server, push articles, pull labels.", no_args_is_help=True)
