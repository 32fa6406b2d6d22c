"""``khabar evaluate GOLD PRED``: score predictions against gold (a thin layer over :mod:`khabar.evaluate`)."""

from __future__ import annotations

import warnings
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from ._common import as_typed, console, print_json, print_report

app = typer.Typer()


class Task(str, Enum):
    """What ``khabar evaluate`` scores."""

    entities = "entities"
    quotes = "quotes"
    all = "all"


@app.command("evaluate")
def evaluate(
    ctx: typer.Context,
    gold: Annotated[Path, typer.Argument(exists=True, dir_okay=False, allow_dash=True, help="Gold documents (JSON lines, .gz, or Parquet); '-' reads standard input, and a pipe or <(...) is read as a file is.")],
    pred: Annotated[Path, typer.Argument(exists=True, dir_okay=False, allow_dash=True, help="Predicted documents, same format and texts; '-' or a pipe as GOLD.")],
    task: Annotated[Task, typer.Option("--task", help="What to score.")] = Task.all,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON on stdout instead of the report.")] = False,
    bootstrap: Annotated[int, typer.Option("--bootstrap", min=0, help="Add 95% intervals from N resamples of whole documents.")] = 0,
    seed: Annotated[int, typer.Option("--seed", help="Random seed of the bootstrap.")] = 0,
    worst: Annotated[int, typer.Option("--worst", min=0, help="How many worst documents the report lists per task.")] = 5,
) -> None:
    """Score PRED against GOLD: entities (strict/exact/partial/type) and quotes (content, source, cue, attribution).

    Documents are paired by id; a gold document missing from PRED counts as
    predicting nothing, a PRED document not in GOLD is ignored with a warning.
    """
    from ..evaluate import render_report, score_files
    from ..io import readable_inputs

    with readable_inputs(as_typed(ctx, "gold", "pred")) as inputs, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        scoring = score_files(*inputs.paths, task=task.value)
        result = inputs.rename(scoring.result(bootstrap=bootstrap, seed=seed))
    for warning in caught:
        console.print(f"[yellow]warning:[/yellow] {inputs.rename(str(warning.message))}")
    if as_json:
        print_json(result)
        return
    print_report(
        render_report(
            result,
            documents=scoring.per_document() if worst else None,
            confusion=scoring.confusion() if "entities" in result else None,
            worst=worst,
        )
    )
