"""`khabar gold release`: freeze an adjudicated gold file as a numbered version (see :mod:`khabar.release`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ._common import PIPE_HELP, as_typed, console, print_json

app = typer.Typer()


@app.command("release")
def release(
    ctx: typer.Context,
    gold: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True, allow_dash=True,
                                         help="The adjudicated gold file." + PIPE_HELP)],
    version: Annotated[str, typer.Option("--version", help="The version to create: v1, v2, v1.2 ...")],
    root: Annotated[Path, typer.Option("--root", file_okay=False, help="Where versions live.")] = Path("annotation/gold"),
    agreement_files: Annotated[list[Path], typer.Option(
        "--agreement", exists=True, dir_okay=False, allow_dash=True,
        help="Annotator files to compute agreement figures from (repeat the option), "
             "or one .json file written by `khabar agree --json`. A pipe is read as a file is; one --agreement "
             "from a pipe is the figures (khabar agree A B --json | khabar gold release ... --agreement -).",
    )] = [],  # noqa: B006 - typer needs a list default; it is never mutated
    as_json: Annotated[bool, typer.Option("--json", help="Print the manifest as JSON on stdout.")] = False,
) -> None:
    """Write ROOT/VERSION/ with the gold file and a manifest; an existing version is never overwritten."""
    from ..io import is_stream, readable_inputs
    from ..release import load_agreement, read_manifest, render_manifest
    from ..release import release as release_gold

    # The gold file is read three times (checked, hashed, copied and hashed again): a stream is copied once first.
    # One annotator file gives no agreement, so a single --agreement from a pipe, which has no .json name to go
    # by, is the figures `khabar agree --json` printed.
    figures = True if len(agreement_files) == 1 and is_stream(agreement_files[0]) else None
    with readable_inputs(as_typed(ctx, "gold", "agreement_files")) as inputs:
        agreement = load_agreement(inputs.paths[1:], figures=figures)
        target = release_gold(inputs.paths[0], version, root=root, agreement=inputs.rename(agreement))
    manifest = read_manifest(target)
    if as_json:
        print_json({"path": str(target), **manifest})
        return
    console.print(render_manifest(version, target, manifest))
