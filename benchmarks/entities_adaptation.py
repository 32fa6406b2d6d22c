"""Entity adaptation from the user's own gold: k-fold over the Jawhara FM gold, with and without it.

The Jawhara FM gold (``quotes/jawharafm_gold.jsonl``, 40 Tunisian radio news
articles) is cut into k folds by article, deterministically (articles sorted by
id, dealt round-robin, so every fold holds several of the 9 categories). For
each held-out fold, CRFs (:func:`khabar.extract.crf.train_crf`; ``--arch
bilstm``: one BiLSTM-CRF of :func:`khabar.extract.neural.train_neural`, the
default recogniser) are trained on:

* ``anercorp``: ANERcorp's first 80% alone (the baseline; the same model for
  every fold, trained once), as ``khabar train entities`` reads it by default:
  in the project's conventions (``khabar.extract.conventions``: without the MISC
  mentions the guidelines exclude, with the place noun before a LOC name inside
  it; ``--source-conventions`` keeps ANERcorp's);
* ``+gold x1``: the same plus the other folds' articles, weight 1;
* ``+gold xW``: the same with the other folds at weight W (``--weight``,
  default 10: each of their sentences counts W times, :mod:`khabar.extract.training_sources`);
* ``continued`` (``--continued``, with ``--arch bilstm``): the baseline model
  trained further on the other folds, with twice their size of its own
  ANERcorp sentences beside them (:func:`khabar.extract.neural.fine_tune_neural`,
  12 epochs: what ``khabar doccano refresh`` does by default, and
  ``khabar train entities --continue-from``).

Every held-out article is tagged by the models that did not see it; the
pooled predictions of all folds are scored at once with
``khabar.evaluate.evaluate`` (strict micro F1 and strict F1 per label, with a
95% bootstrap interval over articles). The reverse check: the ``xW`` (and ``continued``) models
also tag ANERcorp's last 20% (the split of ``benchmarks/entities.py``), to see
whether adapting to Jawhara FM costs ANERcorp accuracy (mean over the folds).

Word clusters are used when ``--clusters`` or the cached
``~/.cache/khabar/clusters.tsv.gz`` exists (``khabar train clusters``); the
figures say which. ``--quick``: 2 folds, 30% of ANERcorp, 40 iterations (4 epochs).
``--no-x1`` leaves out the weight-1 condition.
"""

from __future__ import annotations

import sys
from pathlib import Path

# benchmarks/tokenize.py would shadow the standard library's tokenize module (imported by inspect).
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse
import json
import os
import statistics
import time

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from khabar.evaluate import evaluate  # noqa: E402
from khabar.extract.entities import extract_entities, read_training_documents  # noqa: E402
from khabar.extract.training_sources import weighted  # noqa: E402
from khabar.gold import read_documents  # noqa: E402

SHARED = Path(os.environ.get("KHABAR_SHARED_DATA", REPO.parent / "shared" / "data"))
LABELS = ("PERS", "LOC", "ORG", "MISC")
#: ANERcorp sentences trained beside the gold when the baseline is continued, as a multiple of the gold's size
#: (``khabar doccano refresh``'s default).
REPLAY = 2.0


def folds_by_article(docs: list, k: int) -> list[list]:
    """``k`` folds of whole articles: sorted by id, dealt round-robin (deterministic, categories spread)."""
    ordered = sorted(docs, key=lambda d: d.id)
    return [ordered[i::k] for i in range(k)]


def tag(recognizer, docs: list) -> list:
    return [extract_entities(doc, recognizer) for doc in docs]


def strict_row(result: dict) -> dict:
    """Strict micro P/R/F1 (with ci95 when bootstrapped) and strict F1 per label."""
    micro = result["micro"]["strict"]
    return {
        "precision": micro["precision"],
        "recall": micro["recall"],
        "f1": micro["f1"],
        "ci95": micro.get("ci95"),
        "per_label": {label: result["per_label"].get(label, {}).get("strict", {}).get("f1") for label in LABELS},
    }


def table_row(name: str, row: dict, *, name_width: int = 16, ci_width: int = 15, test_width: int = 15) -> str:
    """One line of the results table: P, R, F1 with its interval, F1 per label, the ANERcorp test F1 (or -)."""
    ci = f"[{row['ci95'][0]:.3f}, {row['ci95'][1]:.3f}]" if row["ci95"] else "-"
    line = f"{name:<{name_width}}{row['precision']:>7.3f}{row['recall']:>7.3f}{row['f1']:>7.3f}{ci:>{ci_width}}"
    # A label neither the fold's gold nor the recogniser used has no F1 (None): shown as -.
    line += "".join(f"{f1:>7.3f}" if (f1 := row["per_label"][label]) is not None else f"{'-':>7}" for label in LABELS)
    test = row.get("anercorp_test_f1")
    return line + (f"{test:>{test_width}.3f}" if test is not None else f"{'-':>{test_width}}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="2 folds, 30%% of ANERcorp, 40 iterations")
    parser.add_argument("--folds", type=int, default=None, help="number of folds [default: 5, --quick: 2]")
    parser.add_argument("--weight", type=float, default=10.0, help="the higher weight of the gold folds [default: 10]")
    parser.add_argument("--iterations", type=int, default=None, help="L-BFGS iterations [default: 150, --quick: 40]")
    parser.add_argument("--clusters", type=Path, default=None, help="word clusters file (khabar train clusters)")
    parser.add_argument("--bootstrap", type=int, default=1000, help="bootstrap resamples of articles [default: 1000]")
    parser.add_argument("--arch", choices=("crf", "bilstm"), default="crf",
                        help="crf, or bilstm: one BiLSTM-CRF (16 epochs, one thread; --quick: 4) [default: crf]")
    parser.add_argument("--no-x1", action="store_true", help="leave out the +gold x1 condition (saves k models)")
    parser.add_argument("--continued", action="store_true",
                        help="with --arch bilstm: add the baseline trained further on the other folds (refresh's way)")
    parser.add_argument("--json", action="store_true", help="also print all figures as JSON on stdout")
    parser.add_argument("--source-conventions", action="store_true",
                        help="train on ANERcorp as it is, not in the project's conventions (khabar.extract.conventions)")
    parser.add_argument("--extra-source", action="append", default=[], metavar="PATH[:WEIGHT]",
                        help="another training source beside ANERcorp's 80%% in every condition (e.g. "
                        "corpus/raw/newsfane.conll), less any sentence the benchmark scores; repeatable")
    args = parser.parse_args()

    from khabar.extract.clusters import WordClusters, default_clusters_path
    from khabar.extract.crf import train_crf

    k = args.folds or (2 if args.quick else 5)
    iterations = args.iterations or (40 if args.quick else 150)
    gazetteer_dir = SHARED / "anercorp" / "ANERGazet"
    anercorp = list(read_training_documents([SHARED / "anercorp" / "ANERCorp.train.txt"]))
    cut = int(len(anercorp) * 0.8)
    anercorp_train = anercorp[: int(len(anercorp) * 0.3)] if args.quick else anercorp[:cut]
    if not args.source_conventions:  # as khabar train entities reads its sources by default
        from khabar.extract.conventions import to_guidelines

        anercorp_train = [to_guidelines(d)[0] for d in anercorp_train]
    anercorp_test = anercorp[cut:]
    gold = list(read_documents(SHARED / "quotes" / "jawharafm_gold.jsonl"))
    folds = folds_by_article(gold, k)
    own = len(anercorp_train)
    if args.extra_source:
        from khabar.extract.training_sources import drop_shared_sentences, read_training_sources

        conventions = "source" if args.source_conventions else "guidelines"
        read = read_training_sources(args.extra_source, conventions=conventions)
        extra = drop_shared_sentences(read.documents, anercorp_test + gold)
        print(f"extra training sources {', '.join(args.extra_source)}: {len(extra):,} documents (weights applied); "
              f"{len(read.documents) - len(extra):,} left out for holding a sentence this benchmark scores")
        anercorp_train = anercorp_train + extra
    clusters_path = args.clusters or default_clusters_path()
    clusters = WordClusters.load(clusters_path) if clusters_path.exists() else None
    print(
        f"ANERcorp train {own:,} sentences" + (f" + {len(anercorp_train) - own:,} extra" if args.extra_source else "")
        + f", test {len(anercorp_test):,}; Jawhara FM gold "
        f"{len(gold)} articles in {k} folds of {', '.join(str(len(f)) for f in folds)}; "
        + (f"{args.arch}, " if args.arch == "bilstm" else f"crf, {iterations} iterations; ")
        + (f"word clusters {clusters_path}" if clusters is not None else "no word clusters")
    )

    def train(docs: list, name: str):
        started = time.perf_counter()
        if args.arch == "bilstm":
            from khabar.extract.neural import train_neural

            model = train_neural(docs, gazetteer_dir=gazetteer_dir, clusters=clusters, epochs=4 if args.quick else 16)
        else:
            model = train_crf(docs, gazetteer_dir=gazetteer_dir, clusters=clusters, max_iterations=iterations)
        print(f"  trained {name} on {len(docs):,} documents in {time.perf_counter() - started:.0f}s", flush=True)
        return model

    conditions = ("anercorp", "+gold x1", f"+gold x{args.weight:g}")
    weights = {conditions[1]: 1.0, conditions[2]: args.weight}
    if args.no_x1:
        del weights[conditions[1]]
        conditions = (conditions[0], conditions[2])
    if args.continued:
        if args.arch != "bilstm":
            parser.error("--continued trains a BiLSTM-CRF further: add --arch bilstm")
        conditions = (*conditions, "continued")
    predicted: dict[str, list] = {name: [] for name in conditions}
    adapted = f"+gold x{args.weight:g}"
    anercorp_scores: dict[str, list[float]] = {"anercorp": [], adapted: [], "continued": []}

    def anercorp_f1(model) -> float:
        return evaluate(anercorp_test, tag(model, anercorp_test), task="entities")["entities"]["micro"]["strict"]["f1"]

    baseline = train(anercorp_train, "anercorp (baseline, every fold)")
    anercorp_scores["anercorp"].append(anercorp_f1(baseline))
    for i, held in enumerate(folds):
        others = [doc for j, fold in enumerate(folds) if j != i for doc in fold]
        print(f"fold {i + 1}/{k}: {len(held)} held-out articles, {len(others)} to train on")
        predicted["anercorp"].extend(tag(baseline, held))
        if args.continued:
            from khabar.extract.neural import fine_tune_neural
            from khabar.extract.training_sources import replay_sample

            started = time.perf_counter()
            model = fine_tune_neural(baseline, others + replay_sample(anercorp_train, others, REPLAY, seed=i), seed=i)
            print(f"  continued the baseline on {len(others)} articles in {time.perf_counter() - started:.0f}s",
                  flush=True)
            predicted["continued"].extend(tag(model, held))
            anercorp_scores["continued"].append(anercorp_f1(model))
        for name, weight in weights.items():
            model = train(anercorp_train + weighted(others, weight), name)
            predicted[name].extend(tag(model, held))
            if name == adapted:
                anercorp_scores[name].append(anercorp_f1(model))

    ordered_gold = [doc for fold in folds for doc in fold]
    results = {}
    for name in conditions:
        result = evaluate(ordered_gold, predicted[name], task="entities", bootstrap=args.bootstrap)["entities"]
        results[name] = strict_row(result)
        results[name]["anercorp_test_f1"] = statistics.fmean(anercorp_scores[name]) if anercorp_scores.get(name) else None

    print()
    print(f"Jawhara FM gold, {k}-fold by article ({len(gold)} articles pooled): strict micro F1 [95% bootstrap CI]")
    header = f"{'training':<16}{'P':>7}{'R':>7}{'F1':>7}{'95% CI':>15}" + "".join(f"{label:>7}" for label in LABELS)
    header += f"{'ANERcorp test':>15}"
    print(header)
    print("-" * len(header))
    for name, row in results.items():
        print(table_row(name, row))
    print(f"\nbest Jawhara FM strict F1: {max(r['f1'] for r in results.values()):.3f}; target 0.70")
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
