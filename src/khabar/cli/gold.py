"""`khabar gold ...`"""

from __future__ import annotations

import typer

app = typer.Typer(help="Validate and convert gold files.", no_args_is_help=True)

# `khabar gold release` belongs to adjudication (khabar.adjudicate) and lives in its own module.
from . import release as _release  # noqa: E402

_release.register(app)
