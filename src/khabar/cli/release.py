"""`khabar gold release`: freeze an adjudicated gold file as a numbered version."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from ._common import console, print_json


def _load_agreement(files: list[Path]) -> dict[str, Any] | None:
    """Agreement figures from a JSON file (``khabar agree --json`` output) or computed from annotator files."""
    if not files:
        return None
    if len(files) == 1 and files[0].suffix == ".json":
        from ..errors import InputError

        try:
            data = json.loads(files[0].read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise InputError("E626", f"not a JSON file of agreement figures ({exc})", path=files[0]) from None
        if not isinstance(data, dict):
            raise InputError("E626", "agreement figures must be a JSON object", path=files[0])
        return data
    from ..agreement import agreement, load_annotations

    return agreement(load_annotations(files))


def _release(
    gold: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True, help="The adjudicated gold file."),
    version: str = typer.Option(..., "--version", help="The version to create: v1, v2, v1.2 ..."),
    root: Path = typer.Option(Path("annotation/gold"), "--root", file_okay=False, help="Where versions live."),
    agreement_files: list[Path] = typer.Option(
        [], "--agreement", exists=True, dir_okay=False,
        help="Annotator files to compute agreement figures from (repeat the option), "
             "or one .json file written by `khabar agree --json`.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the manifest as JSON on stdout."),
) -> None:
    """Write ROOT/VERSION/ with the gold file and a manifest; an existing version is never overwritten."""
    from ..release import MANIFEST_NAME, release

    target = release(gold, version, root=root, agreement=_load_agreement(agreement_files))
    manifest = json.loads((target / MANIFEST_NAME).read_text(encoding="utf-8"))
    if as_json:
        print_json({"path": str(target), **manifest})
        return
    console.print(
        f"Released {version} to {target}: {manifest['documents']} documents, "
        f"{manifest['entities']['total']} entities, {manifest['quotes']['total']} quotes, sha256 {manifest['sha256'][:12]}…"
    )


def register(app: typer.Typer) -> None:
    """Add ``release`` to the ``gold`` command group."""
    app.command("release")(_release)
