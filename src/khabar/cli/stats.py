"""``khabar stats``: corpus statistics, computed on local processes or Dask (see :mod:`khabar.stats`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from ._common import console, print_json


def register(app: typer.Typer) -> None:
    """Add ``khabar stats`` to the main app."""
    app.command("stats")(stats)


def stats(
    paths: list[Path] = typer.Argument(..., help="Corpus, gold or extractor-output files (.jsonl, .jsonl.gz, .parquet).", show_default=False),
    json_output: bool = typer.Option(False, "--json", help="Print the whole report as JSON on stdout."),
    scheduler: str = typer.Option(
        "processes", "--scheduler", "-s",
        help="Where to compute: processes, threads, synchronous, local:N (a LocalCluster of N workers) or tcp://HOST:PORT.",
    ),
    top: int = typer.Option(30, "--top", min=1, help="How many items in each most-frequent list."),
    blocksize: int = typer.Option(16, "--blocksize", min=1, help="Megabytes of a JSON-lines file per partition."),
) -> None:
    """Articles, sentences, tokens, types, lengths, Zipf and Heaps fits, duplicates, run-together words,
    per source and per month; entities and quotes for gold or extractor output."""
    from ..stats import compute_stats, parse_scheduler

    parse_scheduler(scheduler)  # a bad spec fails before any work starts
    report = compute_stats(paths, scheduler=scheduler, top=top, blocksize=blocksize * 2**20)
    if json_output:
        print_json(report)
    else:
        _print_report(report, top=min(top, 15))


def _print_report(report: dict[str, Any], *, top: int) -> None:
    from rich.table import Table

    totals = Table(title="Corpus", show_header=False)
    for key in ("articles", "sentences", "tokens", "types", "types_normalised", "type_token_ratio",
                "duplicates", "sentences_per_article", "tokens_per_sentence"):
        totals.add_row(key.replace("_", " "), f"{report[key]:,}" if isinstance(report[key], int) else str(report[key]))
    length = report["article_length"]
    totals.add_row("article length", f"median {length['median']}, p10 {length['p10']}, p90 {length['p90']}, max {length['max']}")
    if report["zipf"]:
        totals.add_row("Zipf exponent", f"{report['zipf']['exponent']} (R² {report['zipf']['r2']})")
    if report["heaps"]:
        totals.add_row("Heaps K, β", f"{report['heaps']['k']}, {report['heaps']['beta']} (R² {report['heaps']['r2']})")
    run_together = report["run_together"]
    totals.add_row("run-together words", f"{run_together['types']:,} types, {run_together['occurrences']:,} occurrences")
    console.print(totals)
    for key, title in (("by_source", "Per source"), ("by_month", "Per month")):
        table = Table(title=title)
        for column in ("", "articles", "sentences", "tokens", "types", "TTR"):
            table.add_column(column, justify="left" if not column else "right")
        for name, row in report[key].items():
            table.add_row(name, f"{row['articles']:,}", f"{row['sentences']:,}", f"{row['tokens']:,}",
                          f"{row['types']:,}", str(row["type_token_ratio"]))
        console.print(table)
    words = Table(title="Most frequent tokens (normalised, no stop words)")
    words.add_column("token")
    words.add_column("count", justify="right")
    for token, n in report["top_tokens"][:top]:
        words.add_row(token, f"{n:,}")
    console.print(words)
    if "entities" in report:
        entities, quotes = report["entities"], report["quotes"]
        table = Table(title=f"Entities ({entities['total']:,})")
        table.add_column("label")
        table.add_column("count", justify="right")
        table.add_column("per 1,000 tokens", justify="right")
        for label, n in entities["per_label"].items():
            table.add_row(label, f"{n:,}", str(entities["per_1000_tokens"][label]))
        console.print(table)
        console.print(
            f"Quotes: {quotes['total']:,} ({quotes['per_article']} per article); "
            + ", ".join(f"{t} {share:.0%}" for t, share in quotes["type_shares"].items())
        )
        for key, title in (("most_quoted_sources", "Most quoted sources"), ("most_used_cues", "Most used cues")):
            console.print(f"{title}: " + "، ".join(f"{name} ({n})" for name, n in quotes[key][:top]))
