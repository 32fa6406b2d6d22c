"""`khabar train ...`: learn word clusters and quote cues from unlabelled text, an entity recogniser (CRF or BiLSTM-CRF), and a quote model."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from ..io import Inputs, readable_inputs, refuse_overwrite, require_file
from ._common import (PIPE_HELP, article_streams, as_typed, console, given_files, print_json, progress_bar,
                      training_streams)

app = typer.Typer(help="Train extractors.", no_args_is_help=True)


class Arch(str, Enum):
    """Entity recogniser architectures (the default first)."""

    bilstm = "bilstm"
    crf = "crf"


@app.command("entities")
def train_entities(
    ctx: typer.Context,
    inputs: Annotated[list[str], typer.Argument(
        metavar="SOURCE[:WEIGHT]...",
        help="Training data: CoNLL files (token TAG per line) or gold JSONL (a doccano pull's annotator files, "
        "adjudicated gold), each optionally :WEIGHT, how many times its sentences count (default 1; "
        "gold.jsonl:5 repeats its documents five times, 0.5 keeps every second one). '-' (or '-:WEIGHT') reads "
        "standard input, and a pipe or <(...) is read as a file is: gold JSON lines when it opens with '{', else CoNLL.",
    )],
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write the model (a file, or a folder).")],
    clusters: Annotated[Optional[Path], typer.Option(
        "--clusters", help="Word clusters from `khabar train clusters` \\[default: the cached file, if built]; "
        "when none is cached, they are learnt first from --clusters-corpus into the cache (a few minutes).",
    )] = None,
    clusters_corpus: Annotated[Optional[list[Path]], typer.Option(
        "--clusters-corpus", help="Unlabelled news to learn the word clusters from when none are cached, or to "
        "relearn them from when the cached ones came from other corpora (SaudiNewsNet zips or their folder, corpus "
        "or gold files); repeatable \\[default: $KHABAR_CLUSTERS_CORPUS, else SaudiNewsNet in "
        "../shared/data/saudinewsnet, corpus/raw/saudinewsnet or corpus/raw].",
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
    source_conventions: Annotated[bool, typer.Option(
        "--source-conventions", help="Keep what each source tags. By default every source is put in the project's "
        "conventions, so that the model suggests what annotators label (khabar.extract.conventions): the MISC "
        "mentions the guidelines exclude (currencies, religions: ANERcorp tags them) are dropped, a LOC mention "
        "takes in the place noun before it (مدينة سوسة, which ANERcorp leaves out), and in a CoNLL source an "
        "institution's descriptive name becomes ORG (وزارة الدفاع, which ANERcorp leaves untagged).",
    )] = False,
    c1: Annotated[Optional[float], typer.Option(help="L1 regularisation (crf) \\[default: 0.05].")] = None,
    c2: Annotated[Optional[float], typer.Option(help="L2 regularisation (crf) \\[default: 0.05].")] = None,
    max_iterations: Annotated[Optional[int], typer.Option(
        min=1, help="L-BFGS iterations (crf) \\[default: 150]."
    )] = None,
    arch: Annotated[Arch, typer.Option(
        "--arch", help="bilstm: character-aware BiLSTM-CRF (torch, CPU; the most accurate, about 3 minutes on ANERcorp); "
        "crf: sklearn-crfsuite CRF (about 0.03 lower strict F1, about 4 times faster to tag).",
    )] = Arch.bilstm,
    epochs: Annotated[Optional[int], typer.Option(min=1, help="Passes over the training data (bilstm) \\[default: 16].")] = None,
    seed: Annotated[Optional[int], typer.Option(
        help="Random seed (bilstm): the same seed gives the same model \\[default: 0]."
    )] = None,
    members: Annotated[Optional[int], typer.Option(
        min=1, help="Ensemble size (bilstm): models trained with seeds seed, seed+1..., averaged; each member "
        "makes tagging that much slower \\[default: 1].",
    )] = None,
    threads: Annotated[Optional[int], typer.Option(
        min=1, help="CPU threads torch may use while training (bilstm), per process \\[default: 1]."
    )] = None,
    processes: Annotated[Optional[int], typer.Option(
        min=1, help="Members trained at once, each in its own process (bilstm): the same models, sooner on spare "
        "cores \\[default: 1].",
    )] = None,
    continue_from: Annotated[Optional[Path], typer.Option(
        "--continue-from", help="A BiLSTM-CRF to train further on the sources instead of training one from nothing "
        "(seconds for a few dozen gold articles; its vocabularies, clusters and gazetteer stay, the sources' new words "
        "get rows): e.g. `out/models/entities.pt` on our_gold.jsonl plus ANERCorp.train.txt:0.1 so that it does not "
        "forget ANERcorp. With it, --epochs defaults to 12 (16 without it).",
    )] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print the training summary as JSON on stdout.")] = False,
) -> None:
    """Train an entity recogniser (PERS, ORG, LOC, MISC): a BiLSTM-CRF (the default), or a CRF with Arabic features.

    Sources are mixed, each with its weight, under one label mapping (khabar.extract.training_sources):
    `khabar train entities ANERCorp.train.txt our_gold.jsonl:10 --map-label MISC=O --out ner.pt`.
    A BiLSTM-CRF can also be trained further on new gold (--continue-from).
    """
    from ..extract.training_sources import TrainingSource, parse_label_map, read_training_sources

    # Options left out are None: the training functions' own defaults apply (the help repeats them).
    by_arch = {
        Arch.crf: {"c1": c1, "c2": c2, "max_iterations": max_iterations},
        Arch.bilstm: {"epochs": epochs, "seed": seed, "members": members, "threads": threads, "processes": processes},
    }
    other = Arch.crf if arch is Arch.bilstm else Arch.bilstm
    for name, value in by_arch[other].items():
        if value is not None:
            option = "--" + name.replace("_", "-")
            raise typer.BadParameter(f"{option} is an option of --arch {other.value}, not {arch.value}", param_hint=option)
    given = {name: value for name, value in by_arch[arch].items() if value is not None}
    if continue_from is not None:
        _refuse_with_continue_from(arch, members=members, processes=processes, clusters=clusters,
                                   clusters_corpus=clusters_corpus, no_clusters=no_clusters or None,
                                   gazetteer=gazetteer, no_gazetteer=no_gazetteer or None)
    sources = [TrainingSource.parse(spec) for spec in inputs]
    label_map = parse_label_map(map_label or [])
    refuse_overwrite(out, [*(s.path for s in sources), *given_files(clusters)], folder=out.is_dir())
    # Each source's path as typed (a Path drops the ./ of ./a.txt:10), so that errors and lines name it so.
    typed = [TrainingSource.split(spec)[0] for spec in inputs]
    with readable_inputs(typed, options=as_typed(ctx, "clusters", "gazetteer", "continue_from"),
                         **training_streams()) as resolved:
        sources = [TrainingSource(path, s.weight) for path, s in zip(resolved.paths, sources, strict=True)]
        training = read_training_sources(sources, label_map, conventions="source" if source_conventions else "guidelines")
        if continue_from is not None:
            clusters = None  # the model's own
        elif no_clusters:
            clusters = None
        elif clusters is None:
            clusters = _default_clusters(as_typed(ctx, "clusters_corpus") or None)
        named = ", ".join(s.named(resolved.typed_name(s.path)) for s in sources)
        console.print(
            f"training {arch.value} on {named}" + (f" with clusters {clusters}" if clusters else "")
            + (f", continuing {continue_from}" if continue_from is not None else ""), markup=False
        )
        for record in training.sources:
            console.print(
                f"  {resolved.typed_name(record['path'])}: {record['documents']:,} documents x {record['weight']:g} = {record['documents_used']:,}"
                + (f"; {record['renamed']:,} entities renamed, {record['dropped']:,} dropped" if label_map else "")
                + (f"; {record['not_entities']:,} MISC mentions the guidelines exclude dropped" if record["not_entities"] else "")
                + (f"; {record['place_designators']:,} LOC mentions widened to the place noun before them (مدينة ...)"
                   if record.get("place_designators") else "")
                + (f"; {record['institutions']:,} institutions' descriptive names tagged ORG (وزارة الدفاع ...)"
                   if record.get("institutions") else "")
            )
        training.require_learnable()  # before minutes of training: a model of no entity would tag nothing, silently
        if continue_from is not None:
            from ..extract.neural import NeuralRecognizer, fine_tune_neural

            model = fine_tune_neural(NeuralRecognizer.load(continue_from), training.documents, log=console.print, **given)
        elif arch is Arch.bilstm:
            from ..extract.neural import train_neural

            model = train_neural(
                training.documents,
                clusters=clusters,
                gazetteer_dir=gazetteer,
                use_gazetteer=not no_gazetteer,
                log=console.print,
                **given,
            )
        else:
            from ..extract.crf import train_crf

            with progress_bar("training the CRF (L-BFGS iterations)") as progress:
                model = train_crf(
                    training.documents,
                    gazetteer_dir=gazetteer,
                    use_gazetteer=not no_gazetteer,
                    clusters=clusters,
                    progress=progress,
                    **given,
                )
        model.info.update(resolved.rename(training.info))
        _save_and_report(model, out, ("sentences",), json_output)


def _refuse_with_continue_from(arch: Arch, **given: object) -> None:
    """--continue-from trains a BiLSTM-CRF further, with its own ensemble size, clusters and gazetteer:
    refuse what would say otherwise (exit 2, naming the option)."""
    if arch is not Arch.bilstm:
        raise typer.BadParameter("--continue-from trains a BiLSTM-CRF further; leave out --arch crf",
                                 param_hint="--continue-from")
    for name, value in given.items():
        if value is not None:
            option = "--" + name.replace("_", "-")
            raise typer.BadParameter(f"{option} cannot change a model trained further with --continue-from (it "
                                     "keeps its own)", param_hint=option)


def _default_clusters(corpora: list[str] | None) -> Path | None:
    """The word clusters the default recogniser trains with: the cached file, else learnt now into the cache.

    The cached file is reused unless ``corpora`` (``--clusters-corpus``) names
    other corpora than it was learnt from (each as typed: an error and the
    lines printed name it so). With nothing cached and no corpus found, the
    model is trained without clusters, and the command says how to get them.
    """
    from ..errors import InputError
    from ..extract.clusters import default_clusters_corpora, default_clusters_path, WordClusters

    cached = default_clusters_path()
    wanted = tuple(str(Path(p).resolve()) for p in corpora) if corpora else None
    for path in corpora or ():
        if not Path(path).exists():
            raise InputError("E470", "no such clusters corpus", path=path, field="--clusters-corpus")
    if cached.exists():
        learnt_from = WordClusters.load(cached).corpora if wanted else ()
        if wanted is None or learnt_from == wanted:
            console.print(f"word clusters: the cached {cached} (delete it to learn them again)")
            return cached
        console.print(f"word clusters: the cached {cached} were learnt from other corpora: learning them again")
    found = [Path(p) for p in corpora] if corpora else default_clusters_corpora()
    if not found:
        console.print(
            "[yellow]word clusters: none cached and no unlabelled corpus found; training without them "
            "(about 0.05 lower strict F1 on ANERcorp).[/yellow] Get SaudiNewsNet with `khabar corpus fetch saudinewsnet "
            "--dest corpus/raw/saudinewsnet`, or pass --clusters-corpus (or set $KHABAR_CLUSTERS_CORPUS)."
        )
        return None
    console.print(
        f"word clusters: none cached; learning them from {', '.join(map(str, corpora or found))} into {cached} "
        "(once; --no-clusters to skip)"
    )
    _learn_clusters(found, cached)
    return cached


def _learn_clusters(corpora: list[Path], target: Path, names: Inputs | None = None, **settings: Any) -> Any:
    """Learn word clusters from ``corpora`` with the library's defaults (or ``settings``), with progress; save them.
    ``names`` gives the corpora that came from a pipe their names in the clusters' record of what they learnt from."""
    import dataclasses
    import time

    from ..extract.clusters import iter_corpus_texts, train_clusters

    started = time.perf_counter()
    with progress_bar("word2vec (passes over the text)") as progress:
        clusters = train_clusters(iter_corpus_texts(corpora), log=console.print, progress=progress, **settings)
    learnt_from = tuple(names.name(p) if names and names.name(p) != str(p) else str(p.resolve()) for p in corpora)
    clusters = dataclasses.replace(clusters, corpora=learnt_from)
    clusters.save(target)
    console.print(f"[green]wrote[/green] {target}: {len(clusters):,} words in {time.perf_counter() - started:.0f}s")
    return clusters


@app.command("clusters")
def train_clusters_command(
    ctx: typer.Context,
    corpora: Annotated[list[Path], typer.Argument(
        help="Unlabelled text: SaudiNewsNet zips or their folder, the ANT corpus zip, or khabar corpus/gold files; "
        "'-' reads standard input, and a pipe or <(...) is read as `corpus import` reads one."
    )],
    out: Annotated[Optional[Path], typer.Option(
        "--out", "-o", help="Output file \\[default: clusters.tsv.gz in $KHABAR_CACHE_DIR, else ~/.cache/khabar]."
    )] = None,
    sizes: Annotated[str, typer.Option(help="Numbers of clusters, comma-separated (coarse to fine).")] = "64,256,1024",
    min_count: Annotated[int, typer.Option(min=1, help="Ignore words seen fewer times.")] = 3,
    epochs: Annotated[int, typer.Option(min=1, help="word2vec passes over the text.")] = 5,
    cbow: Annotated[bool, typer.Option(
        "--cbow/--skip-gram", help="CBOW (the default: what `khabar train entities` learns), or skip-gram: about 5x "
        "slower a pass, better vectors for rare words (the BiLSTM-CRF gains about 0.01 with --skip-gram --epochs 10).",
    )] = True,
    workers: Annotated[int, typer.Option(min=1, help="word2vec threads.")] = 2,
    json_output: Annotated[bool, typer.Option("--json", help="Print a summary as JSON on stdout.")] = False,
) -> None:
    """Learn word clusters (word2vec + k-means) from unlabelled news text, features of both entity recognisers."""
    from ..extract.clusters import default_clusters_path

    try:
        size_list = tuple(int(s) for s in sizes.split(",") if s.strip())
    except ValueError:
        raise typer.BadParameter(f"not a comma-separated list of integers: {sizes!r}", param_hint="--sizes") from None
    if not size_list or min(size_list) < 1:  # k-means of 0 clusters is sklearn's traceback, after word2vec's minutes
        raise typer.BadParameter(f"numbers of clusters must be 1 or more, found {sizes!r}", param_hint="--sizes")
    target = refuse_overwrite(out or default_clusters_path(), corpora)
    with readable_inputs(as_typed(ctx, "corpora"), **article_streams()) as resolved:
        clusters = _learn_clusters(
            resolved.paths, target, sizes=size_list, min_count=min_count, epochs=epochs, skip_gram=not cbow,
            workers=workers, names=resolved,
        )
    if json_output:
        print_json({"clusters": str(target), "words": len(clusters), "sizes": list(clusters.sizes)})


@app.command("cues")
def train_cues_command(
    ctx: typer.Context,
    corpora: Annotated[list[Path], typer.Argument(
        help="Unlabelled news: SaudiNewsNet zips, the ANT corpus zip, khabar corpus files (anything `corpus import` "
        "reads; '-' reads standard input, and a pipe or <(...) is read as `corpus import` reads one)."
    )],
    out: Annotated[Path, typer.Option("--out", "-o", help="The cue list to write (JSON).")],
    min_count: Annotated[int, typer.Option(
        "--min-count", min=1, help="Drop forms seen governing fewer reported clauses than this."
    )] = 5,
    min_articles: Annotated[int, typer.Option(
        "--min-articles", min=1, help="Drop forms seen governing a reported clause in fewer articles than this."
    )] = 3,
    top: Annotated[int, typer.Option("--top", min=1, help="Keep this many mined candidates, best first.")] = 200,
    limit: Annotated[Optional[int], typer.Option(
        "--limit", min=1, help="Read at most this many articles of each corpus (a quick look)."
    )] = None,
    clusters: Annotated[Optional[Path], typer.Option(
        "--clusters", help="Word vectors from `khabar train clusters`, for neighbours of known cues "
        "\\[default: the cached file, if built]."
    )] = None,
    neighbours: Annotated[int, typer.Option(
        "--neighbours", min=0, help="Nearest words kept per known verb (0: no neighbours)."
    )] = 10,
    json_output: Annotated[bool, typer.Option("--json", help="Print a summary as JSON on stdout.")] = False,
) -> None:
    """Mine candidate reporting verbs and nouns from unlabelled news, for a person to review.

    Counts the words that govern a reported clause (إنّ، أنّ، بأنّ with clitics)
    or a colon and a quotation mark, ranks them by how often they do so, and
    writes them with counts, examples and the run's provenance. Every entry is
    written with "status": "candidate"; change it to "accepted" for the cues you
    want, then pass the file to `khabar extract quotes --cues FILE`: only
    accepted entries are used.
    """
    import datetime

    from .. import __version__
    from collections.abc import Iterator

    from ..corpus.importer import ImportSummary
    from ..errors import InputError
    from ..extract.clusters import WordClusters, default_clusters_path
    from ..extract.quotes.cue_list import write_cue_list
    from ..extract.quotes.induce import InductionSettings, corpus_provenance, induce_cues, iter_texts

    target = refuse_overwrite(out, [*corpora, *given_files(clusters)])
    with readable_inputs(as_typed(ctx, "corpora"), options=as_typed(ctx, "clusters"), **article_streams()) as resolved:
        corpora = resolved.paths
        for corpus in corpora:
            if not corpus.exists():
                raise InputError("E011", "no such file", path=corpus)
        if clusters is None and neighbours and default_clusters_path().exists():
            clusters = default_clusters_path()
        vectors = WordClusters.load(clusters) if clusters is not None and neighbours else None
        settings = InductionSettings(min_count=min_count, min_articles=min_articles, top=top, neighbours=neighbours)
        summaries: list[ImportSummary] = []  # one a pass over the corpora; both passes skip the same records

        def texts() -> Iterator[str]:
            summaries.append(ImportSummary(out=""))
            return iter_texts(resolved.typed_paths, limit, summaries[-1])  # its warnings name the files as typed

        with progress_bar("mining cues (articles, two passes)") as progress:
            entries, counts = induce_cues(texts, settings, vectors=vectors, progress=progress)
        skipped = summaries[0] if summaries else ImportSummary(out="")
        unread = sum(skipped.skipped.values())
        first = next((skipped.first_warnings[r] for r in skipped.skipped if r in skipped.first_warnings), None)
        if counts["articles"] == 0:
            why = f"; {unread:,} record(s) could not be read, the first: {first}" if unread else ""
            named = ", ".join(map(resolved.typed_name, corpora))
            raise InputError("E419", f"no text to mine cues from in {named}{why}")
        if unread:
            counted = ", ".join(f"{reason} {n:,}" for reason, n in sorted(skipped.skipped.items()))
            console.print(f"[yellow]skipped[/yellow] {unread:,} record(s) ({counted}); the first: {resolved.rename(first)}")
        provenance = {
            "tool": f"khabar {__version__} train cues",
            "date": datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat(),
            "corpora": resolved.rename(corpus_provenance(corpora)),
            "settings": {**settings.to_dict(), "limit_per_corpus": limit, "clusters": str(clusters) if vectors else None},
            "counts": counts,
            "stop_words": "khabar/data/stopwords_ar.txt",
            "review": "set \"status\" to \"accepted\" for the cues to use; only accepted entries reach the extractor",
        }
        written = write_cue_list(target, provenance, entries)
        console.print(
            f"[green]wrote[/green] {target}: {written} candidates from {counts['articles']:,} articles "
            f"({counts['events']:,} reported clauses)"
        )
        if json_output:
            print_json({"out": str(target), "entries": written, **counts})


@app.command("quotes")
def train_quotes(
    ctx: typer.Context,
    inputs: Annotated[list[Path], typer.Argument(help="Gold JSONL files with quotes (any number, pooled)." + PIPE_HELP)],
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write the model (a file, or a folder).")],
    clusters: Annotated[Optional[Path], typer.Option(
        "--clusters", help="Word clusters from `khabar train clusters` \\[default: the cached file, if built]."
    )] = None,
    no_clusters: Annotated[bool, typer.Option("--no-clusters", help="Train without word-cluster features.")] = False,
    entities: Annotated[bool, typer.Option(
        "--entities", help="Entity labels as features (the gold's when training, the input's when extracting)."
    )] = False,
    lexicon: Annotated[Optional[Path], typer.Option(
        "--lexicon", help="The cue lexicon the rules (features) use \\[default: the packaged one]; saved in the model."
    )] = None,
    linking: Annotated[str, typer.Option(
        "--linking", help="How a content the rules missed finds its cue and source: 'heuristic' (the nearest "
        "predicted cue and source) or 'learned' (a pair scorer trained on the gold; slower to train)."
    )] = "heuristic",
    c1: Annotated[float, typer.Option(help="L1 regularisation.")] = 0.05,
    c2: Annotated[float, typer.Option(help="L2 regularisation.")] = 0.05,
    max_iterations: Annotated[int, typer.Option(min=1, help="L-BFGS iterations per layer.")] = 100,
    json_output: Annotated[bool, typer.Option("--json", help="Print the training summary as JSON on stdout.")] = False,
) -> None:
    """Train a quote attribution model (CRF over content, source and cue, with the rules as features)."""
    from ..errors import InputError
    from ..extract.clusters import default_clusters_path
    from ..extract.quotes.model import LINKINGS, QuoteModelConfig, train_quote_model
    from ..gold.io import read_documents
    from ..gold.model import ENTITY_LABELS
    from ..gold.validate import check_document

    if linking not in LINKINGS:
        raise typer.BadParameter(f"expected one of {', '.join(LINKINGS)}, found {linking!r}", param_hint="--linking")
    refuse_overwrite(out, [*inputs, *given_files(clusters, lexicon)], folder=out.is_dir())
    with readable_inputs(as_typed(ctx, "inputs"), options=as_typed(ctx, "clusters", "lexicon")) as resolved:
        names, inputs = [resolved.typed_name(path) for path in resolved.paths], resolved.paths
        for path in inputs:
            require_file(path, "E011")
        if clusters is None and not no_clusters and default_clusters_path().exists():
            clusters = default_clusters_path()
        if no_clusters:
            clusters = None
        console.print(f"training a quote model on {', '.join(names)}" + (f" with clusters {clusters}" if clusters else ""))
        config = QuoteModelConfig(c1=c1, c2=c2, max_iterations=max_iterations, use_entities=entities, linking=linking)
        documents = (  # the model reads PERS and ORG entities as names: 'pers' would be none, silently (E226)
            doc
            for path in inputs
            for line, doc in read_documents(path, located=True, labels=ENTITY_LABELS, allow_other_labels=True)
            if check_document(doc, path=path, line=line) is None  # a span out of range, negative or reversed: E220/E221
        )
        with progress_bar("reading gold (documents)") as progress:
            try:
                model = train_quote_model(documents, config=config, clusters=clusters, lexicon_path=lexicon,
                                          progress=progress)
            except InputError as error:
                if error.code in ("E446", "E447") and error.path is None:  # the files read are the ones at fault
                    raise InputError(error.code, path=", ".join(names)) from None
                raise
        _save_and_report(model, out, ("documents", "quotes"), json_output)


def _save_and_report(model: Any, out: Path, counted: tuple[str, ...], json_output: bool) -> None:
    """Save a trained model; say where, what it learnt from (the ``counted`` keys of its info) and how long it took."""
    written = model.save(out)
    summary = {"model": str(written), **model.info}
    counts = ", ".join(f"{summary[key]:,} {key}" for key in (*counted, "tokens"))
    console.print(f"[green]wrote[/green] {written}: {counts}, {summary['train_seconds']}s")
    if json_output:
        print_json(summary)
