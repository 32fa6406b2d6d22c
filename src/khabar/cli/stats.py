"""``khabar stats``: corpus statistics, computed on local processes or Dask (see :mod:`khabar.stats`)."""

from __future__ import annotations

from typing import Annotated

import typer

from ._common import console, print_json

app = typer.Typer()


@app.command("stats")
def stats(
    paths: Annotated[list[str], typer.Argument(metavar="PATH...", help="Corpus, gold or extractor-output files (.jsonl, .jsonl.gz, .parquet); '-' reads standard input, and a pipe or <(...) is copied once to a temporary file (so that it can be cut into partitions).", show_default=False)],
    json_output: Annotated[bool, typer.Option("--json", help="Print the whole report as JSON on stdout.")] = False,
    scheduler: Annotated[str, typer.Option(
        "--scheduler", "-s",
        help="Where to compute: processes, threads, synchronous, local:N (a LocalCluster of N workers) or tcp://HOST:PORT.",
    )] = "processes",
    top: Annotated[int, typer.Option("--top", min=1, help="How many items in each most-frequent list.")] = 30,
    blocksize: Annotated[int, typer.Option("--blocksize", min=1, help="Megabytes of a JSON-lines file per partition.")] = 16,
    sample_tokens: Annotated[int, typer.Option(
        "--sample-tokens", min=1,
        help="Vocabulary richness comparable across sources of any size: the types expected in this many tokens drawn "
             "at random (types_per_1000_tokens by default; none for a text shorter than that). Its time grows with it: "
             "about 0.1 s a source at 1,000 for a corpus of SaudiNewsNet's size, 2 s at 100,000.",
    )] = 1000,
) -> None:
    """Articles, sentences, tokens, types, lengths, Zipf and Heaps fits, duplicates, run-together words,
    per source and per month; entities and quotes for gold or extractor output."""
    from ..stats import compute_stats, render

    # The arguments as typed: compute_stats reads `-` and pipes itself, and refuses a file given twice (E705) naming
    # both arguments, before anything is copied or read.
    report = compute_stats(paths, scheduler=scheduler, top=top, blocksize=blocksize * 2**20,
                           sample_tokens=sample_tokens)
    if json_output:
        print_json(report)
    else:
        console.print(render(report, top=min(top, 15)))
