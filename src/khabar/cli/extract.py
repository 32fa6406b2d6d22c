"""`khabar extract ...`: run extractors over a corpus or gold file, writing gold format."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..io import readable_inputs, refuse_overwrite, typed_errors
from ._common import PIPE_HELP, as_typed, console, given_files, print_json, progress_bar

app = typer.Typer(help="Run extractors (quotes, entities) over a corpus or gold file.", no_args_is_help=True)

SCHEDULER_HELP = (
    "Run in blocks of documents on: processes, threads, synchronous, local:N (a Dask LocalCluster of N workers) "
    "or tcp://HOST:PORT (a Dask cluster), as `khabar stats`; the output is the same. Default: one process, no blocks."
)
WORKERS_HELP = "Worker processes (or threads) for --scheduler processes|threads \\[default: one per core]."


def _check_scheduler(scheduler: Optional[str], workers: Optional[int]) -> None:
    """A bad spec fails before any work starts; --workers means nothing without a local pool."""
    if scheduler is None:
        if workers is not None:
            raise typer.BadParameter("--workers needs --scheduler processes or threads", param_hint="--workers")
        return
    from ..parallel import parse_scheduler

    parse_scheduler(scheduler)


@app.command("quotes")
def quotes(
    ctx: typer.Context,
    in_path: Annotated[Path, typer.Argument(help="Corpus or gold file (JSONL, JSONL.gz or Parquet)." + PIPE_HELP)],
    out: Annotated[Path, typer.Option("--out", "-o", help="Gold JSONL to write (quotes replaced, entities kept).")],
    lexicon: Annotated[Optional[Path], typer.Option(
        "--lexicon", help="A cue lexicon JSON file (default: the packaged khabar/data/quote_lexicon.json; with --model, the one saved in the model)."
    )] = None,
    cues: Annotated[Optional[Path], typer.Option(
        "--cues", help="A reviewed cue list from `khabar train cues`: its entries with status 'accepted' join the lexicon."
    )] = None,
    model: Annotated[str, typer.Option(
        "--model", "-m", help="'rules' (the rule-based extractor), or a model file from `khabar train quotes`."
    )] = "rules",
    json_output: Annotated[bool, typer.Option("--json", help="Print a summary as JSON on stdout.")] = False,
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", "-s", help=SCHEDULER_HELP)] = None,
    workers: Annotated[Optional[int], typer.Option("--workers", min=1, help=WORKERS_HELP)] = None,
) -> None:
    """Find attributed quotes (content, source, cue; direct, indirect, mixed) in every document.

    By default rule-based, for Arabic news: reporting verbs, participles and
    nominal cues from the lexicon, complementisers and quotation marks. With
    --model MODEL, a CRF trained on gold (`khabar train quotes`) that uses the
    rules' decisions as features. Entities already in the file are kept, and
    help to widen a source to a whole name.
    """
    from ..extract.quote_runs import extract_quotes_file

    if cues is not None and model != "rules":
        raise typer.BadParameter("a cue list adds to the rules; a model keeps the lexicon it was trained with",
                                 param_hint="--cues")
    refuse_overwrite(out, [in_path, *given_files(lexicon, cues, model)])
    _check_scheduler(scheduler, workers)
    with readable_inputs(as_typed(ctx, "in_path"), options=as_typed(ctx, "lexicon", "cues", "model")) as inputs, \
            progress_bar("extracting quotes (documents)") as progress:
        in_path = inputs.paths[0]
        if scheduler is None:
            run = extract_quotes_file(in_path, out, lexicon_path=lexicon, cues_path=cues, model=model, progress=progress)
        else:
            from ..extract.blocks import extract_quotes_in_blocks

            run = extract_quotes_in_blocks(
                in_path, out, lexicon_path=lexicon, cues_path=cues, model=model, progress=progress,
                scheduler=scheduler, num_workers=workers,
            )
    console.print(inputs.rename(run.render()), highlight=False)
    if json_output:
        print_json(inputs.rename(run.to_dict()))


@app.command("entities")
def entities(
    ctx: typer.Context,
    in_path: Annotated[Path, typer.Argument(help="Corpus or gold file (JSONL or Parquet)." + PIPE_HELP)],
    model: Annotated[str, typer.Option(
        "--model", "-m",
        help="A model from `khabar train entities` (CRF or BiLSTM-CRF), 'gazetteer', 'camel', or 'camel:PATH' (a local model folder).",
    )],
    out: Annotated[Path, typer.Option("--out", "-o", help="Gold JSONL to write (entities replaced, quotes kept).")],
    gazetteer: Annotated[Optional[Path], typer.Option(
        "--gazetteer", help="ANERGazet folder for --model gazetteer \\[default: $KHABAR_GAZETTEER_DIR or ../shared/data/anercorp/ANERGazet]."
    )] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print a summary as JSON on stdout.")] = False,
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", "-s", help=SCHEDULER_HELP)] = None,
    workers: Annotated[Optional[int], typer.Option("--workers", min=1, help=WORKERS_HELP)] = None,
) -> None:
    """Tag named entities (PERS, ORG, LOC, MISC) in every document."""
    import time

    from ..extract.blocks import extract_entities_in_blocks
    from ..extract.entities import extract_file, load_recognizer

    refuse_overwrite(out, [in_path, *given_files(model)])
    _check_scheduler(scheduler, workers)
    # In blocks, each worker loads the model itself (after the driver has checked it loads).
    options = as_typed(ctx, "model", "gazetteer")
    with typed_errors(options):
        recognizer = load_recognizer(model, gazetteer_dir=gazetteer) if scheduler is None else None
    started = time.perf_counter()
    with readable_inputs(as_typed(ctx, "in_path"), options=options) as inputs, \
            progress_bar(f"tagging entities with {Path(model).name} (documents)") as progress:
        in_path = inputs.paths[0]
        if recognizer is not None:
            count = extract_file(in_path, out, recognizer, progress=progress)
        else:
            count = extract_entities_in_blocks(
                in_path, out, model, gazetteer_dir=gazetteer, scheduler=scheduler, num_workers=workers, progress=progress
            )
    seconds = time.perf_counter() - started
    console.print(f"[green]wrote[/green] {out}: {count:,} documents tagged by {model} in {seconds:.1f}s")
    if json_output:
        print_json({"documents": count, "model": model, "out": str(out), "seconds": round(seconds, 2)})
