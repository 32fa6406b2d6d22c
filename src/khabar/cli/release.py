"""`khabar gold release`: freeze an adjudicated gold file as a numbered version (see :mod:`khabar.release`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ._common import console, print_json

app = typer.Typer()


@app.command("release")
def release(
    gold: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True, help="The adjudicated gold file.")],
    version: Annotated[str, typer.Option("--version", help="The version to create: v1, v2, v1.2 ...")],
    root: Annotated[Path, typer.Option("--root", file_okay=False, help="Where versions live.")] = Path("annotation/gold"),
    agreement_files: Annotated[list[Path], typer.Option(
        "--agreement", exists=True, dir_okay=False,
        help="Annotator files to compute agreement figures from (repeat the option), "
             "or one .json file written by `khabar agree --json`.",
    )] = [],  # noqa: B006 - typer needs a list default; it is never mutated
    as_json: Annotated[bool, typer.Option("--json", help="Print the manifest as JSON on stdout.")] = False,
) -> None:
    """Write ROOT/VERSION/ with the gold file and a manifest; an existing version is never overwritten."""
    from ..release import load_agreement, read_manifest, render_manifest
    from ..release import release as release_gold

    target = release_gold(gold, version, root=root, agreement=load_agreement(agreement_files))
    manifest = read_manifest(target)
    if as_json:
        print_json({"path": str(target), **manifest})
        return
    console.print(render_manifest(version, target, manifest))
