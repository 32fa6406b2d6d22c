"""`khabar extract quotes`."""

from __future__ import annotations

from pathlib import Path

import typer

from ._common import console, print_json


def register(app: typer.Typer) -> None:
    """Add `quotes` to the `extract` command group."""

    @app.command("quotes")
    def extract_quotes_command(
        in_path: Path = typer.Argument(..., help="Corpus or gold file (JSONL, JSONL.gz or Parquet)."),
        out: Path = typer.Option(..., "--out", "-o", help="Gold JSONL to write (quotes replaced, entities kept)."),
        lexicon: Path | None = typer.Option(
            None, "--lexicon", help="A cue lexicon JSON file (default: the packaged khabar/data/quote_lexicon.json)."
        ),
        json_output: bool = typer.Option(False, "--json", help="Print a summary as JSON on stdout."),
    ) -> None:
        """Find attributed quotes (content, source, cue; direct, indirect, mixed) in every document.

        Rule-based, for Arabic news: reporting verbs, participles and nominal cues
        from the lexicon, complementisers and quotation marks. Entities already in
        the file are kept, and help to widen a source to a whole name.
        """
        import time
        from collections import Counter

        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        from ..errors import InputError
        from ..extract.quotes import QuoteExtractor, extract_documents
        from ..gold.io import read_documents, write_documents

        if not in_path.exists():
            raise InputError("E409", "the input file does not exist", path=in_path)
        from ..io import refuse_overwrite

        refuse_overwrite(out, [in_path])
        extractor = QuoteExtractor(lexicon)
        by_type: Counter[str] = Counter()
        sources = 0
        started = time.perf_counter()
        with Progress(
            TextColumn("extracting quotes"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=console, transient=True,
        ) as progress:
            task = progress.add_task("quotes", total=None)

            def counted(docs):  # noqa: ANN001, ANN202 - a local generator
                nonlocal sources
                for doc in docs:
                    by_type.update(q.type for q in doc.quotes)
                    sources += sum(q.source is not None for q in doc.quotes)
                    progress.advance(task)
                    yield doc

            count = write_documents(out, counted(extract_documents(read_documents(in_path), extractor)))
        seconds = time.perf_counter() - started
        total = sum(by_type.values())
        kinds = ", ".join(f"{by_type[t]:,} {t}" for t in ("direct", "indirect", "mixed"))
        console.print(
            f"[green]wrote[/green] {out}: {count:,} documents, {total:,} quotes ({kinds}), "
            f"{sources:,} with a source, in {seconds:.1f}s"
        )
        if json_output:
            print_json(
                {
                    "documents": count,
                    "quotes": total,
                    "by_type": {t: by_type[t] for t in ("direct", "indirect", "mixed")},
                    "with_source": sources,
                    "out": str(out),
                    "seconds": round(seconds, 2),
                }
            )
