"""`khabar extract entities`."""

from __future__ import annotations

from pathlib import Path

import typer

from ._common import console, print_json


def register(app: typer.Typer) -> None:
    """Add `entities` to the `extract` command group."""

    @app.command("entities")
    def extract_entities_command(
        in_path: Path = typer.Argument(..., help="Corpus or gold file (JSONL or Parquet)."),
        model: str = typer.Option(
            ..., "--model", "-m", help="A model from `khabar train entities` (CRF or BiLSTM-CRF), 'gazetteer', 'camel', or 'camel:PATH' (a local model folder)."
        ),
        out: Path = typer.Option(..., "--out", "-o", help="Gold JSONL to write (entities replaced, quotes kept)."),
        gazetteer: Path | None = typer.Option(
            None, "--gazetteer", help="ANERGazet folder for --model gazetteer [default: $KHABAR_GAZETTEER_DIR]."
        ),
        json_output: bool = typer.Option(False, "--json", help="Print a summary as JSON on stdout."),
    ) -> None:
        """Tag named entities (PERS, ORG, LOC, MISC) in every document."""
        import time

        from ..extract.entities import extract_file, load_recognizer

        from ..io import refuse_overwrite

        refuse_overwrite(out, [in_path])
        recognizer = load_recognizer(model, gazetteer_dir=gazetteer)
        started = time.perf_counter()
        count = extract_file(in_path, out, recognizer)
        seconds = time.perf_counter() - started
        console.print(f"[green]wrote[/green] {out}: {count:,} documents tagged by {model} in {seconds:.1f}s")
        if json_output:
            print_json({"documents": count, "model": model, "out": str(out), "seconds": round(seconds, 2)})
