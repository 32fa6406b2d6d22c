"""`khabar train ...`: learn word clusters from unlabelled text, and an entity recogniser (CRF or BiLSTM-CRF)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..io import refuse_overwrite
from ._common import console, print_json, progress_bar

app = typer.Typer(help="Train extractors.", no_args_is_help=True)


class Arch(str, Enum):
    """Entity recogniser architectures."""

    crf = "crf"
    bilstm = "bilstm"


@app.command("entities")
def train_entities(
    inputs: Annotated[list[str], typer.Argument(
        metavar="SOURCE[:WEIGHT]...",
        help="Training data: CoNLL files (token TAG per line) or gold JSONL (a doccano pull's annotator files, "
        "adjudicated gold), each optionally :WEIGHT, how many times its sentences count (default 1; "
        "gold.jsonl:5 repeats its documents five times, 0.5 keeps every second one).",
    )],
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write the model (a file, or a folder).")],
    clusters: Annotated[Optional[Path], typer.Option(
        "--clusters", help="Word clusters from `khabar train clusters` \\[default: the cached file, if built]."
    )] = None,
    no_clusters: Annotated[bool, typer.Option("--no-clusters", help="Train without word-cluster features.")] = False,
    gazetteer: Annotated[Optional[Path], typer.Option(
        "--gazetteer", help="ANERGazet folder \\[default: $KHABAR_GAZETTEER_DIR or ../shared/data/anercorp/ANERGazet]."
    )] = None,
    no_gazetteer: Annotated[bool, typer.Option("--no-gazetteer", help="Train without gazetteer features.")] = False,
    map_label: Annotated[Optional[list[str]], typer.Option(
        "--map-label", metavar="FROM=TO",
        help="Rename an entity label in every source as it is read, or drop it with TO=O (e.g. MISC=O); repeatable. "
        "Label-level: all entities of FROM change.",
    )] = None,
    c1: Annotated[float, typer.Option(help="L1 regularisation.")] = 0.05,
    c2: Annotated[float, typer.Option(help="L2 regularisation.")] = 0.05,
    max_iterations: Annotated[int, typer.Option(help="L-BFGS iterations (crf).")] = 150,
    arch: Annotated[Arch, typer.Option(
        "--arch", help="crf: sklearn-crfsuite CRF; bilstm: character-aware BiLSTM-CRF (torch, CPU)."
    )] = Arch.crf,
    epochs: Annotated[int, typer.Option(min=1, help="Passes over the training data (bilstm).")] = 16,
    seed: Annotated[int, typer.Option(help="Random seed (bilstm): the same seed gives the same model.")] = 0,
    members: Annotated[int, typer.Option(
        min=1, help="Ensemble size (bilstm): models trained with seeds seed, seed+1..., averaged."
    )] = 1,
    threads: Annotated[int, typer.Option(min=1, help="CPU threads torch may use while training (bilstm), per process.")] = 1,
    processes: Annotated[int, typer.Option(
        min=1, help="Members trained at once, each in its own process (bilstm): the same models, sooner on spare cores."
    )] = 1,
    json_output: Annotated[bool, typer.Option("--json", help="Print the training summary as JSON on stdout.")] = False,
) -> None:
    """Train an entity recogniser (PERS, ORG, LOC, MISC): a CRF with Arabic features, or a BiLSTM-CRF.

    Sources are mixed, each with its weight, under one label mapping (khabar.extract.training_sources):
    `khabar train entities ANERCorp.train.txt our_gold.jsonl:10 --map-label MISC=O --out ner.crf`.
    """
    from ..extract.clusters import default_clusters_path
    from ..extract.training_sources import TrainingSource, parse_label_map, read_training_sources

    sources = [TrainingSource.parse(spec) for spec in inputs]
    label_map = parse_label_map(map_label or [])
    refuse_overwrite(out, [s.path for s in sources], folder=out.is_dir())
    if clusters is None and not no_clusters and default_clusters_path().exists():
        clusters = default_clusters_path()
    if no_clusters:
        clusters = None
    training = read_training_sources(sources, label_map)
    console.print(
        f"training {arch.value} on {', '.join(map(str, sources))}" + (f" with clusters {clusters}" if clusters else "")
    )
    for record in training.sources:
        console.print(
            f"  {record['path']}: {record['documents']:,} documents x {record['weight']:g} = {record['documents_used']:,}"
            + (f"; {record['renamed']:,} entities renamed, {record['dropped']:,} dropped" if label_map else "")
        )
    if arch is Arch.bilstm:
        from ..extract.neural import train_neural

        model = train_neural(
            training.documents,
            clusters=clusters,
            gazetteer_dir=gazetteer,
            use_gazetteer=not no_gazetteer,
            epochs=epochs,
            seed=seed,
            members=members,
            threads=threads,
            processes=processes,
            log=console.print,
        )
    else:
        from ..extract.crf import train_crf

        with progress_bar("training the CRF (L-BFGS iterations)") as progress:
            model = train_crf(
                training.documents,
                gazetteer_dir=gazetteer,
                use_gazetteer=not no_gazetteer,
                clusters=clusters,
                c1=c1,
                c2=c2,
                max_iterations=max_iterations,
                progress=progress,
            )
    model.info.update(training.info)
    written = model.save(out)
    summary = {"model": str(written), **model.info}
    console.print(
        f"[green]wrote[/green] {written}: {summary['sentences']:,} sentences, "
        f"{summary['tokens']:,} tokens, {summary['train_seconds']}s"
    )
    if json_output:
        print_json(summary)


@app.command("clusters")
def train_clusters_command(
    corpora: Annotated[list[Path], typer.Argument(
        help="Unlabelled text: SaudiNewsNet zips or their folder, or khabar corpus/gold files."
    )],
    out: Annotated[Optional[Path], typer.Option(
        "--out", "-o", help="Output file \\[default: ~/.cache/khabar/clusters.tsv.gz]."
    )] = None,
    sizes: Annotated[str, typer.Option(help="Numbers of clusters, comma-separated (coarse to fine).")] = "64,256,1024",
    min_count: Annotated[int, typer.Option(help="Ignore words seen fewer times.")] = 3,
    epochs: Annotated[int, typer.Option(help="word2vec passes over the text.")] = 10,
    cbow: Annotated[bool, typer.Option(
        "--cbow", help="CBOW instead of skip-gram: about 5x faster, weaker vectors for rare words."
    )] = False,
    workers: Annotated[int, typer.Option(help="word2vec threads.")] = 2,
    json_output: Annotated[bool, typer.Option("--json", help="Print a summary as JSON on stdout.")] = False,
) -> None:
    """Learn word clusters (word2vec + k-means) from unlabelled news text, for the CRF's features."""
    from ..extract.clusters import default_clusters_path, iter_corpus_texts, train_clusters

    try:
        size_list = tuple(int(s) for s in sizes.split(",") if s.strip())
    except ValueError:
        raise typer.BadParameter(f"not a comma-separated list of integers: {sizes!r}", param_hint="--sizes") from None
    target = refuse_overwrite(out or default_clusters_path(), corpora)
    with progress_bar("word2vec (passes over the text)") as progress:
        clusters = train_clusters(
            iter_corpus_texts(corpora),
            sizes=size_list,
            min_count=min_count,
            epochs=epochs,
            skip_gram=not cbow,
            workers=workers,
            log=console.print,
            progress=progress,
        )
    clusters.save(target)
    console.print(f"[green]wrote[/green] {target}: {len(clusters):,} words")
    if json_output:
        print_json({"clusters": str(target), "words": len(clusters), "sizes": list(clusters.sizes)})
