"""Entity recognition quality and speed: CRF (with and without word clusters) and BiLSTM-CRF against the gazetteer baseline.

    .venv/bin/python benchmarks/entities.py [--quick] [--clusters PATH] [--json] [--source-conventions]

Data: ANERcorp (``../shared/data/anercorp/ANERCorp.train.txt``), read with
``khabar.gold.conll.read_conll``: the first 80% of its sentences train, the
last 20% test (``--quick``: train on the first 30% with fewer iterations).
As ``khabar train entities`` does by default, the training part is put in the
project's conventions (``khabar.extract.conventions``: without the MISC mentions
the guidelines exclude, currencies and religions, and with the place noun before
a LOC name inside it, مدينة سوسة; ``--source-conventions`` keeps ANERcorp's); the
test part is scored as ANERcorp tags it and, in the ``guidelines`` column, in
the project's conventions. Then every recogniser also tags the project's own gold files
(``quotes/dev_gold.jsonl``, 21 SaudiNewsNet articles, and
``quotes/jawharafm_gold.jsonl``, 40 Jawhara FM articles: other domains than ANERcorp).

Recognisers:

* ``gazetteer-raw``: longest match in the raw ANERGazet lists (the baseline
  every ratio is against, measured in the same run);
* ``gazetteer``: the same lists cleaned with the training data's counts;
* ``crf``: the CRF with word, affix, clitic, shape, context and gazetteer features;
* ``crf+clusters``: the same plus SaudiNewsNet word clusters (``--clusters``,
  default the cached ``~/.cache/khabar/clusters.tsv.gz``; built here when
  missing or trained with other word2vec settings than ``khabar train clusters``'
  defaults, from all of SaudiNewsNet, or two days of it into
  ``clusters-quick.tsv.gz`` beside it with ``--quick``);
* ``bilstm``: the character-aware BiLSTM-CRF of ``khabar.extract.neural``
  with the same clusters' word2vec vectors: the default recogniser of
  ``khabar train entities``, one model of 16 epochs on one thread
  (``--bilstm-epochs``; ``--bilstm-members N``: an ensemble, trained two at
  a time in two processes; ``--quick``: 4 epochs);
* ``bilstm-tags``: the same network's own tags, without the second pass that repeats a
  name where the network missed it within one text (``khabar.extract.consistency``);
* ``camel``: camel-tools' BERT recogniser, only when its data is installed.

ANERcorp's test part is scored a sentence at a time (the issue's figure) and, in the
``windows`` column, with 10 consecutive sentences tagged as one text, as an article is.

Scores come from ``khabar.evaluate.evaluate`` (SemEval-2013 schemes: strict,
exact, partial, type; micro-averaged) with per-label strict F1. Speed is
tokens tagged per second on the test sentences (features included), and as a
ratio to the baseline's speed. The target (issue #14): strict micro F1 >= 0.78
on the ANERcorp split for the default.

Speed at corpus scale (the last section; ``--speed-only`` runs nothing else,
timing the BiLSTM-CRF and the CRF trained here, or ``--model PATH`` and
``--baseline-model PATH``, e.g. ``out/models/entities.pt`` of ``make demo`` and
a ``khabar train entities --arch crf`` model): pre-annotating a sample of
SaudiNewsNet articles (2,000; ``--quick``: 200) as ``khabar extract entities``
does it, file in, file out, with

* ``CRF (baseline), 1 process``: the CRF with clusters as it tags
  (:mod:`khabar.extract.crf_compiled`), in this process: the baseline,
  measured in the same run;
* ``model, 1 process``: the model timed, in this process;
* ``model, 2 processes``: ``--scheduler processes --workers 2``
  (:mod:`khabar.extract.blocks`), worker start-up and model loads included,
  and the rate once the first block is back (what millions of tokens see);

tokens per second of wall time and, as the machine may be shared, per second
of CPU time (this process's; for 2 processes the workers', start-up included,
which gives the rate on 2 cores of their own); and the model's load time in a
fresh process (imports included). The targets: >= 50,000 tokens/s on 2 cores (all of
SaudiNewsNet, 9.9 M tokens, in under 4 minutes), >= 25,000 on one, load <= 2 s.
"""

from __future__ import annotations

import sys
from pathlib import Path

# benchmarks/tokenize.py would shadow the standard library's tokenize module (imported by inspect).
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse
import copy
import json
import os
import resource
import subprocess
import tempfile
import time
from itertools import islice

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from khabar.evaluate import evaluate  # noqa: E402
from khabar.extract.entities import extract_entities, read_training_documents  # noqa: E402
from khabar.gold import read_documents  # noqa: E402
from khabar.text import count_tokens  # noqa: E402

SHARED = Path(os.environ.get("KHABAR_SHARED_DATA", REPO.parent / "shared" / "data"))
LABELS = ("PERS", "LOC", "ORG", "MISC")
#: The BiLSTM-CRF row: the default recogniser of `khabar train entities`, one model of 16 epochs on one
#: thread (``--bilstm-members 4``: the ensemble of earlier figures, trained two at a time in two processes).
MEMBERS = 1
EPOCHS = 16
PROCESSES = 2


#: Consecutive test sentences tagged as one text in the ``windows`` column: ANERcorp's sentences come from news
#: articles in order, so a window holds what a recogniser sees of an article (names repeated, khabar.extract.consistency).
WINDOW = 10


def windows(sentences, size: int) -> list:
    """Documents of ``size`` consecutive sentences each, joined by a space, with their entities moved along."""
    from khabar.gold import Document, Entity

    out = []
    for first in range(0, len(sentences), size):
        text, entities = "", []
        for doc in sentences[first : first + size]:
            offset = len(text) + (1 if text else 0)
            text = f"{text} {doc.text}" if text else doc.text
            entities += [Entity(e.start + offset, e.end + offset, e.label) for e in doc.entities]
        out.append(Document(id=f"window-{first}", text=text, entities=entities))
    return out


def score(recognizer, docs) -> tuple[dict, float]:
    """Entity scores of ``recognizer`` on ``docs`` and its speed in tokens per second."""
    started = time.perf_counter()
    predicted = [extract_entities(doc, recognizer) for doc in docs]
    seconds = time.perf_counter() - started
    tokens = sum(count_tokens(doc.text) for doc in docs)
    return evaluate(docs, predicted, task="entities")["entities"], tokens / seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="train on 30%% of ANERcorp, fewer iterations")
    parser.add_argument("--clusters", type=Path, default=None, help="word clusters file (khabar train clusters)")
    parser.add_argument("--json", action="store_true", help="also print all figures as JSON on stdout")
    parser.add_argument("--bilstm-epochs", type=int, default=None, help=f"BiLSTM-CRF epochs [default: {EPOCHS}, --quick: 4]")
    parser.add_argument("--bilstm-members", type=int, default=None, help=f"BiLSTM-CRF ensemble size [default: {MEMBERS}, --quick: 1]")
    parser.add_argument("--speed-only", action="store_true", help="only the corpus-scale speed section")
    parser.add_argument("--source-conventions", action="store_true",
                        help="train on ANERcorp as it is (khabar train entities --source-conventions), not in the "
                        "project's conventions (khabar.extract.conventions)")
    parser.add_argument("--extra-source", action="append", default=[], metavar="PATH[:WEIGHT]",
                        help="another training source beside ANERcorp's 80%% (e.g. corpus/raw/newsfane.conll of "
                        "`khabar corpus fetch newsfane`), less any sentence the benchmark scores; repeatable")
    parser.add_argument("--model", type=Path, default=None,
                        help="with --speed-only: time this model (e.g. out/models/entities.pt of make demo) instead of "
                        "the BiLSTM-CRF trained here")
    parser.add_argument("--baseline-model", type=Path, default=None,
                        help="with --speed-only: the CRF to compare with (e.g. a `khabar train entities --arch crf` "
                        "model) instead of the CRF trained here")
    args = parser.parse_args()
    if args.speed_only and args.model is not None and args.baseline_model is not None:
        return speed_section(args.model, args.baseline_model, quick=args.quick)

    from khabar.extract.clusters import (
        DEFAULT_WORD2VEC,
        WordClusters,
        default_clusters_path,
        iter_corpus_texts,
        train_clusters,
    )
    from khabar.extract.crf import train_crf
    from khabar.extract.bio import labelled_word_counts, training_sequences
    from khabar.extract.gazetteer import Gazetteer, GazetteerRecognizer

    gazetteer_dir = SHARED / "anercorp" / "ANERGazet"
    docs = list(read_training_documents([SHARED / "anercorp" / "ANERCorp.train.txt"]))
    cut = int(len(docs) * 0.8)
    train = docs[: int(len(docs) * 0.3)] if args.quick else docs[:cut]
    test = docs[cut:]
    # As `khabar train entities` trains by default: in the project's conventions (khabar.extract.conventions);
    # ANERcorp's test part is scored as it is and in the guidelines' conventions.
    from khabar.extract.conventions import to_guidelines

    test_guidelines = [to_guidelines(d)[0] for d in test]
    test_windows = windows(test, WINDOW)
    if not args.source_conventions:
        train = [to_guidelines(d)[0] for d in train]
    dev = list(read_documents(SHARED / "quotes" / "dev_gold.jsonl"))
    jawhara = list(read_documents(SHARED / "quotes" / "jawharafm_gold.jsonl"))
    iterations = 60 if args.quick else 150
    print(f"ANERcorp: {len(docs):,} sentences; train {len(train):,}, test {len(test):,}; dev gold {len(dev)} articles")
    if args.extra_source:
        from khabar.extract.training_sources import drop_shared_sentences, read_training_sources

        conventions = "source" if args.source_conventions else "guidelines"
        read = read_training_sources(args.extra_source, conventions=conventions)
        extra = drop_shared_sentences(read.documents, test + dev + jawhara)
        print(f"extra training sources {', '.join(args.extra_source)}: {len(extra):,} documents (weights applied); "
              f"{len(read.documents) - len(extra):,} left out for holding a sentence this benchmark scores")
        train = train + extra

    default_path = default_clusters_path()
    if args.quick:  # two days of text: they must not stand in for the full clusters in the shared cache
        default_path = default_path.with_name("clusters-quick.tsv.gz")
    clusters_path = args.clusters or default_path
    clusters = WordClusters.load(clusters_path) if clusters_path.exists() else None
    if clusters is not None and args.clusters is None and clusters.word2vec != DEFAULT_WORD2VEC:
        print(f"the cached word clusters {clusters_path} were trained with other word2vec settings: rebuilding")
        clusters = None
    if clusters is None:
        zips = sorted((SHARED / "saudinewsnet").glob("*.zip"))
        zips = zips[:2] if args.quick else zips
        print(f"building word clusters from {len(zips)} SaudiNewsNet days into {clusters_path} ...")
        started = time.perf_counter()
        clusters = train_clusters(iter_corpus_texts(zips))
        clusters.save(clusters_path)
        print(f"  clusters built in {time.perf_counter() - started:.0f}s")

    if args.speed_only:
        from khabar.extract.neural import train_neural

        saved = Path(tempfile.mkdtemp())
        baseline_path = args.baseline_model or train_crf(
            train, gazetteer_dir=gazetteer_dir, clusters=clusters, max_iterations=iterations
        ).save(saved / "crf+clusters.crf")
        model_path = args.model or train_neural(
            train, clusters=clusters, gazetteer_dir=gazetteer_dir, epochs=args.bilstm_epochs or (4 if args.quick else EPOCHS)
        ).save(saved / "bilstm.pt")
        return speed_section(model_path, baseline_path, quick=args.quick)

    words, inside = labelled_word_counts(*training_sequences(train))

    recognizers: dict[str, object] = {}
    train_seconds: dict[str, float] = {}
    recognizers["gazetteer-raw"] = GazetteerRecognizer(Gazetteer.load(gazetteer_dir, min_length=0))
    recognizers["gazetteer"] = GazetteerRecognizer(
        Gazetteer.load(gazetteer_dir, word_counts=words, entity_counts=inside)
    )
    for name, with_clusters in (("crf", None), ("crf+clusters", clusters)):
        started = time.perf_counter()
        recognizers[name] = train_crf(
            train, gazetteer_dir=gazetteer_dir, clusters=with_clusters, max_iterations=iterations
        )
        train_seconds[name] = time.perf_counter() - started
        print(f"trained {name} in {train_seconds[name]:.0f}s")
    from khabar.extract.neural import train_neural

    started = time.perf_counter()
    recognizers["bilstm"] = train_neural(
        train,
        clusters=clusters,
        gazetteer_dir=gazetteer_dir,
        epochs=args.bilstm_epochs or (4 if args.quick else EPOCHS),
        members=args.bilstm_members or (1 if args.quick else MEMBERS),
        threads=1,
        processes=PROCESSES,
    )
    train_seconds["bilstm"] = time.perf_counter() - started
    # The same network's own tags, without the names repeated within an article (khabar.extract.consistency).
    recognizers["bilstm-tags"] = copy.copy(recognizers["bilstm"])
    recognizers["bilstm-tags"].consistent = False
    print(f"trained bilstm in {train_seconds['bilstm']:.0f}s ({recognizers['bilstm'].info['members']} member(s), one thread each, {PROCESSES} at a time)")
    try:
        from khabar.extract.camel_ner import CamelRecognizer

        recognizers["camel"] = CamelRecognizer.load()
    except Exception as exc:  # noqa: BLE001 - a missing optional model is reported, not fatal
        print(f"camel: skipped ({str(exc)[:110]}...)")

    results: dict[str, dict] = {}
    for name, recognizer in recognizers.items():
        on_test, speed = score(recognizer, test)
        on_windows, _ = score(recognizer, test_windows)
        on_test_guidelines, _ = score(recognizer, test_guidelines)
        on_dev, _ = score(recognizer, dev)
        on_jawhara, _ = score(recognizer, jawhara)
        results[name] = {"anercorp": on_test, "anercorp_windows": on_windows, "anercorp_guidelines": on_test_guidelines, "dev_gold": on_dev,
                         "jawhara_gold": on_jawhara, "tokens_per_second": speed, "train_seconds": train_seconds.get(name)}

    base = results["gazetteer-raw"]
    print()
    print(f"ANERcorp held-out 20% ({len(test):,} sentences), micro-averaged F1; ratio = strict F1 / baseline strict F1; "
          f"windows: strict F1 with the test sentences tagged {WINDOW} at a time as one text, as an article's are; "
          "guidelines: strict F1 on the same sentences without the MISC mentions the guidelines exclude; dev, jawhara: "
          f"the gold files (the project's guidelines); trained {'on ANERcorp as it is' if args.source_conventions else 'in the guidelines conventions'}")
    header = f"{'recogniser':<14}{'strict':>8}{'exact':>8}{'partial':>8}{'type':>8}{'P':>7}{'R':>7}{'ratio':>7}"
    header += "".join(f"{label:>7}" for label in LABELS)
    header += f"{'windows':>9}{'guidelines':>11}{'dev strict':>11}{'dev type':>9}{'jawhara':>9}"
    print(header)
    print("-" * len(header))
    for name, result in results.items():
        micro = result["anercorp"]["micro"]
        per = result["anercorp"]["per_label"]
        dev_micro = result["dev_gold"]["micro"]
        ratio = micro["strict"]["f1"] / base["anercorp"]["micro"]["strict"]["f1"]
        row = f"{name:<14}" + "".join(f"{micro[s]['f1']:>8.3f}" for s in ("strict", "exact", "partial", "type"))
        row += f"{micro['strict']['precision']:>7.3f}{micro['strict']['recall']:>7.3f}{ratio:>6.2f}x"
        per_f1 = [per.get(label, {}).get("strict", {}).get("f1") for label in LABELS]  # None: label unused
        row += "".join(f"{f1:>7.3f}" if f1 is not None else f"{'-':>7}" for f1 in per_f1)
        row += f"{result['anercorp_windows']['micro']['strict']['f1']:>9.3f}"
        row += f"{result['anercorp_guidelines']['micro']['strict']['f1']:>11.3f}"
        row += f"{dev_micro['strict']['f1']:>11.3f}{dev_micro['type']['f1']:>9.3f}"
        row += f"{result['jawhara_gold']['micro']['strict']['f1']:>9.3f}"
        print(row)
    print()
    print(f"{'recogniser':<14}{'train s':>9}{'tokens/s':>10}{'speed vs baseline':>19}")
    for name, result in results.items():
        trained = f"{result['train_seconds']:.1f}" if result["train_seconds"] is not None else "-"
        ratio = result["tokens_per_second"] / base["tokens_per_second"]
        print(f"{name:<14}{trained:>9}{result['tokens_per_second']:>10,.0f}{ratio:>18.2f}x")
    best = max((r["anercorp"]["micro"]["strict"]["f1"], n) for n, r in results.items())
    print(f"\nbest strict micro F1 on ANERcorp: {best[0]:.3f} ({best[1]}); target 0.78 (the default, bilstm: "
          f"{results['bilstm']['anercorp']['micro']['strict']['f1']:.3f})")
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=1, default=str))
    print()
    saved = Path(tempfile.mkdtemp())
    return speed_section(recognizers["bilstm"].save(saved / "bilstm.pt"),
                         recognizers["crf+clusters"].save(saved / "crf+clusters.crf"), quick=args.quick)


#: The issue's targets: tokens per second on 2 cores and on one, model load seconds, SaudiNewsNet's size.
TARGET_TWO_CORES = 50_000
TARGET_ONE_CORE = 25_000
TARGET_LOAD_SECONDS = 2.0
SAUDINEWSNET_TOKENS = 9_900_000


def speed_section(model_path: Path, baseline_path: Path, *, quick: bool) -> int:
    """Corpus-scale tagging speed of ``model_path`` (1 and 2 processes) against the CRF at ``baseline_path``."""
    from khabar.extract.blocks import BLOCK_DOCUMENTS, ExtractionTask, extract_in_blocks
    from khabar.extract.clusters import iter_corpus_texts
    from khabar.extract.entities import extract_file, load_recognizer

    articles = 200 if quick else 2000
    work = Path(tempfile.mkdtemp())
    sample = work / "sample.jsonl"
    texts = list(islice(iter_corpus_texts(sorted((SHARED / "saudinewsnet").glob("*.zip"))), articles))
    with open(sample, "w", encoding="utf-8") as handle:
        for i, text in enumerate(texts):
            handle.write(json.dumps({"id": f"snn-{i}", "text": text}, ensure_ascii=False) + "\n")
    tokens = sum(count_tokens(t) for t in texts)
    print(f"speed: {articles:,} SaudiNewsNet articles, {tokens:,} tokens; model {model_path}; baseline: the CRF "
          f"{baseline_path}")

    load = subprocess.run(
        [sys.executable, "-c",
         "import sys, time\n"
         "started = time.perf_counter()\n"
         "from khabar.extract.entities import load_recognizer\n"
         "recognizer = load_recognizer(sys.argv[1])\n"
         "getattr(recognizer, 'compiled', None)\n"  # the CRF compiles its weights on first use
         "loaded = time.perf_counter()\n"
         "recognizer.predict('قال الرئيس في الرياض')\n"
         "print(loaded - started, time.perf_counter() - loaded, time.process_time())\n", str(model_path)],
        capture_output=True, text=True, check=True, env={**os.environ, "PYTHONPATH": str(REPO / "src")},
    )
    # The fresh process's whole CPU time (interpreter, imports, model, first tokenisation): a worker's start-up.
    load_seconds, first_seconds, start_cpu = map(float, load.stdout.strip().splitlines()[-1].split())

    def timed(run) -> tuple[float, float]:  # noqa: ANN001
        wall, cpu = time.perf_counter(), time.process_time()
        run()
        return time.perf_counter() - wall, time.process_time() - cpu

    rows = []
    baseline = load_recognizer(str(baseline_path))
    getattr(baseline, "compiled", None)
    wall, cpu = timed(lambda: extract_file(sample, work / "baseline.jsonl", baseline))
    rows.append(("CRF (baseline), 1 process", tokens, wall, cpu))
    wall, cpu = timed(lambda: extract_file(sample, work / "one.jsonl", load_recognizer(str(model_path))))
    rows.append(("model, 1 process", tokens, wall, cpu))
    first_block: list[tuple[float, int]] = []
    started = time.perf_counter()

    def note_first(done: int, total: int | None) -> None:
        if not first_block:
            first_block.append((time.perf_counter() - started, done))

    task = ExtractionTask("entities", str(model_path))
    block = 25 if quick else BLOCK_DOCUMENTS  # the small sample still makes several blocks per worker
    # The workers' CPU time: they are waited for when the pool shuts down, so they count as finished children.
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall, _ = timed(lambda: extract_in_blocks(sample, work / "two.jsonl", task, scheduler="processes", num_workers=2,
                                              block_documents=block, progress=note_first))
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    workers_cpu = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
    rows.append(("model, 2 processes", tokens, wall, workers_cpu))
    # Once the first block is back the workers have started and loaded the model: the rate from then on is
    # what a corpus of millions of tokens sees.
    first_seconds_two, first_documents = first_block[0]
    rest = tokens - sum(count_tokens(t) for t in texts[:first_documents])
    steady = rest / (wall - first_seconds_two) if rest else tokens / wall
    same = (work / "one.jsonl").read_bytes() == (work / "two.jsonl").read_bytes()

    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (wall-clock figures suffer when it exceeds them)")
    print(f"{'path':<28}{'tokens':>11}{'wall s':>9}{'tokens/s':>10}{'CPU s':>8}{'tokens/CPU s':>14}")
    for name, count, wall, cpu in rows:
        per_cpu = f"{count / cpu:>14,.0f}" if cpu else f"{'-':>14}"
        cpu_text = f"{cpu:>8.1f}" if cpu else f"{'-':>8}"
        print(f"{name:<28}{count:>11,}{wall:>9.1f}{count / wall:>10,.0f}{cpu_text}{per_cpu}")
    one, two = tokens / rows[1][2], tokens / rows[2][2]
    one_cpu = tokens / rows[1][3]
    print(f"model vs the CRF baseline: {one / (tokens / rows[0][2]):.2f}x wall, "
          f"{one_cpu / (tokens / rows[0][3]):.2f}x CPU; 2 processes write the same file as 1: {same}")
    capacity = 2 * tokens / workers_cpu
    working = workers_cpu - 2 * start_cpu
    capacity_after = 2 * tokens / working if working > 0 else capacity
    print(f"2 processes: first block back after {first_seconds_two:.1f} s (start-up, model loads), "
          f"then {steady:,.0f} tokens/s; the workers' CPU time {workers_cpu:.1f} s: on 2 cores of their own "
          f"{capacity:,.0f} tokens/s, {capacity_after:,.0f} without their start-up ({start_cpu:.1f} CPU s each)")
    print(f"model load in a fresh process (imports included): {load_seconds:.2f} s; then the first tokenisation "
          f"(camel-tools' tables, once per process): {first_seconds:.2f} s")
    verdict = lambda ok: "met" if ok else "NOT met"  # noqa: E731
    print(f"target >= {TARGET_TWO_CORES:,} tokens/s on 2 cores: {two:,.0f} wall ({steady:,.0f} after start-up) -> "
          f"{verdict(two >= TARGET_TWO_CORES)} ({verdict(steady >= TARGET_TWO_CORES)} after start-up); "
          f"all of SaudiNewsNet at this speed: {SAUDINEWSNET_TOKENS / steady / 60:.1f} min (target < 4); "
          f"on 2 cores of their own (the workers' CPU time, start-up aside): {capacity_after:,.0f} -> "
          f"{verdict(capacity_after >= TARGET_TWO_CORES)}, all of SaudiNewsNet in "
          f"{SAUDINEWSNET_TOKENS / capacity_after / 60:.1f} min plus {start_cpu:.0f} s of start-up")
    print(f"target >= {TARGET_ONE_CORE:,} tokens/s on one core: {one:,.0f} wall, {one_cpu:,.0f} per CPU second -> "
          f"{verdict(one >= TARGET_ONE_CORE)} (wall), {verdict(one_cpu >= TARGET_ONE_CORE)} (CPU)")
    print(f"target model load <= {TARGET_LOAD_SECONDS:.0f} s: {verdict(load_seconds <= TARGET_LOAD_SECONDS)}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
