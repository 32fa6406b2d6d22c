"""``khabar errors``: the registry of numbered errors (:data:`khabar.errors.ERRORS`), to look a code up."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ._common import print_json

app = typer.Typer()


@app.command("errors")
def errors(
    codes: Annotated[Optional[list[str]], typer.Argument(help="Codes to explain (E004 ...); default: every code.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print code, template and explanation as JSON.")] = False,
) -> None:
    """List khabar's numbered errors: each code, what it means and the message it prints."""
    from ..errors import ERRORS

    wanted = [code.upper() for code in codes] if codes else list(ERRORS)
    unknown = [code for code in wanted if code not in ERRORS]
    if unknown:
        raise typer.BadParameter(f"no such error code: {', '.join(unknown)}", param_hint="CODES")
    entries = [ERRORS[code] for code in wanted]
    if as_json:
        print_json([{"code": e.code, "template": e.template, "explanation": e.explanation} for e in entries])
        return
    for entry in entries:
        typer.echo(f"{entry.code}  {entry.explanation}\n      {entry.template}")

