"""``khabar evaluate GOLD PRED``: score predictions against gold (a thin layer over :mod:`khabar.evaluate`)."""

from __future__ import annotations

import warnings
from enum import Enum
from pathlib import Path

import typer

from ._common import console, print_json


class Task(str, Enum):
    entities = "entities"
    quotes = "quotes"
    all = "all"


def evaluate(
    gold: Path = typer.Argument(..., exists=True, dir_okay=False, help="Gold documents (JSON lines, .gz, or Parquet)."),
    pred: Path = typer.Argument(..., exists=True, dir_okay=False, help="Predicted documents, same format and texts."),
    task: Task = typer.Option(Task.all, "--task", help="What to score."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON on stdout instead of the report."),
    bootstrap: int = typer.Option(
        0, "--bootstrap", min=0, help="Add 95% intervals from N resamples of whole documents."
    ),
    seed: int = typer.Option(0, "--seed", help="Random seed of the bootstrap."),
    worst: int = typer.Option(5, "--worst", min=0, help="How many worst documents the report lists per task."),
) -> None:
    """Score PRED against GOLD: entities (strict/exact/partial/type) and quotes (content, source, cue, attribution).

    Documents are paired by id; a gold document missing from PRED counts as
    predicting nothing, a PRED document not in GOLD is ignored with a warning.
    """
    from ..evaluate import render_report, score_files

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        scoring = score_files(gold, pred, task=task.value)
        result = scoring.result(bootstrap=bootstrap, seed=seed)
    for warning in caught:
        console.print(f"[yellow]warning:[/yellow] {warning.message}")
    if as_json:
        print_json(result)
        return
    from rich.console import Console

    report = render_report(
        result,
        documents=scoring.per_document() if worst else None,
        confusion=scoring.confusion() if "entities" in result else None,
        worst=worst,
    )
    Console().print(report)


def register(app: typer.Typer) -> None:
    """Add ``khabar evaluate`` to the main app."""
    app.command("evaluate")(evaluate)
