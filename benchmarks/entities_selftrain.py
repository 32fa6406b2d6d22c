"""Self-training the entity CRF on unlabelled news of the target outlet: what it buys, measured.

    .venv/bin/python benchmarks/entities_selftrain.py [--quick] [--threshold P] [--self-weight W]
                                                      [--folds K] [--processes N] [--clusters FILE] [--json]

The idea (issue #14 item 3, knowledge from unlabelled data): a CRF trained on
ANERcorp tags the Jawhara FM corpus (``antcorpus/antcorpus.data-master.zip``,
10,161 Tunisian articles, no labels used); the sentences it is sure of (every
token's most probable tag has a marginal probability of at least ``--threshold``)
and that hold at least one entity become extra training data at weight
``--self-weight``, and the CRF is trained again. The 40 articles of the Jawhara
FM gold are left out of the unlabelled text (compared by their text).

Two measurements, each against the same CRF without self-training:

1. trained on ANERcorp's first 80% (the split of ``benchmarks/entities.py``),
   scored on its last 20% and on the whole Jawhara FM gold;
2. the adaptation k-fold of ``benchmarks/entities_adaptation.py`` (the same
   folds): per held-out fold, ANERcorp's 80% plus the other folds at weight 10;
   that model labels the unlabelled corpus, and the self-trained one adds its
   sure sentences. Held-out predictions are pooled and scored with a 95%
   bootstrap interval over articles; both models also tag ANERcorp's 20%.

Word clusters as in ``entities_adaptation.py`` (``--clusters`` or the cached
file). ``--quick``: 2 folds, 30% of ANERcorp, 40 iterations, 1,000 unlabelled
articles (the figures then say little). ``--processes 2`` trains two folds at
a time.
"""

from __future__ import annotations

import sys
from pathlib import Path

# benchmarks/tokenize.py would shadow the standard library's tokenize module (imported by inspect).
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse
import importlib.util
import json
import os
import time
from concurrent.futures import ProcessPoolExecutor

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from khabar.evaluate import evaluate  # noqa: E402
from khabar.extract.entities import read_training_documents  # noqa: E402
from khabar.extract.training_sources import weighted  # noqa: E402
from khabar.gold import read_documents  # noqa: E402

_spec = importlib.util.spec_from_file_location("entities_adaptation", Path(__file__).with_name("entities_adaptation.py"))
adaptation = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(adaptation)

SHARED = Path(os.environ.get("KHABAR_SHARED_DATA", REPO.parent / "shared" / "data"))
ANT = SHARED / "antcorpus" / "antcorpus.data-master.zip"
GOLD_WEIGHT = 10.0
#: Sentences shorter than this many tokens are mostly headlines and captions; longer than the
#: maximum, mostly lists run together by scraping.
MIN_TOKENS, MAX_TOKENS = 5, 80

_settings: dict = {}


def self_labelled(recognizer, texts: list[str], threshold: float) -> list:
    """The sentences of ``texts`` that ``recognizer`` tags with at least one entity, every token sure to ``threshold``."""
    from khabar.extract.bio import sentence_tokens, tags_to_entities
    from khabar.gold.model import Document, Entity

    documents = []
    for text in texts:
        sentences = [s for s in sentence_tokens(text) if MIN_TOKENS <= len(s) <= MAX_TOKENS]
        tag_lists = recognizer.compiled.tag([[t.text for t in s] for s in sentences])
        for tokens, tags in zip(sentences, tag_lists):
            if all(tag == "O" for tag in tags):
                continue
            marginals = recognizer.crf.predict_marginals_single(recognizer.features([t.text for t in tokens]))
            if min(max(m.values()) for m in marginals) < threshold:
                continue
            start = tokens[0].start
            entities = [Entity(e.start - start, e.end - start, e.label) for e in tags_to_entities(tokens, tags)]
            documents.append(Document(id=f"self-{len(documents)}", text=text[start : tokens[-1].end], entities=entities))
    return documents


def _train(docs: list, name: str):
    from khabar.extract.crf import train_crf

    started = time.perf_counter()
    model = train_crf(
        docs, gazetteer_dir=_settings["gazetteer_dir"], clusters=_settings["clusters"], max_iterations=_settings["iterations"]
    )
    print(f"  trained {name} on {len(docs):,} documents in {time.perf_counter() - started:.0f}s", flush=True)
    return model


def _with_self_training(name: str, labelled: list) -> tuple:
    """The CRF on ``labelled``, then again with the unlabelled corpus's sure sentences added: both models and the count."""
    base = _train(labelled, name)
    started = time.perf_counter()
    extra = self_labelled(base, _settings["unlabelled"], _settings["threshold"])
    print(f"  {name}: {len(extra):,} sure sentences in {time.perf_counter() - started:.0f}s", flush=True)
    selftrained = _train(labelled + weighted(extra, _settings["self_weight"]), f"{name} + self-training")
    return base, selftrained, len(extra)


def _fold(i: int) -> dict:
    folds, anercorp_train, anercorp_test = _settings["folds"], _settings["anercorp_train"], _settings["anercorp_test"]
    others = [doc for j, fold in enumerate(folds) if j != i for doc in fold]
    base, selftrained, count = _with_self_training(f"fold {i + 1}", anercorp_train + weighted(others, GOLD_WEIGHT))
    out: dict = {"sure_sentences": count}
    for name, model in (("adapted", base), ("adapted + self-training", selftrained)):
        out[name] = {
            "held": adaptation.tag(model, folds[i]),
            "anercorp": evaluate(anercorp_test, adaptation.tag(model, anercorp_test), task="entities")["entities"]["micro"]["strict"]["f1"],
        }
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="2 folds, 30%% of ANERcorp, 40 iterations, 1,000 unlabelled articles")
    parser.add_argument("--threshold", type=float, default=0.9, help="least marginal probability of every token [default: 0.9]")
    parser.add_argument("--self-weight", type=float, default=0.5, help="weight of the self-labelled sentences [default: 0.5]")
    parser.add_argument("--folds", type=int, default=None, help="folds of the adaptation k-fold, 0 to skip it [default: 5, --quick: 2]")
    parser.add_argument("--iterations", type=int, default=None, help="L-BFGS iterations [default: 150, --quick: 40]")
    parser.add_argument("--processes", type=int, default=1, help="folds trained at a time [default: 1]")
    parser.add_argument("--clusters", type=Path, default=None, help="word clusters file (khabar train clusters)")
    parser.add_argument("--bootstrap", type=int, default=1000, help="bootstrap resamples of articles [default: 1000]")
    parser.add_argument("--json", action="store_true", help="also print all figures as JSON on stdout")
    args = parser.parse_args()

    from khabar.extract.clusters import WordClusters, default_clusters_path
    from khabar.extract.quotes.induce import iter_texts

    k = args.folds if args.folds is not None else (2 if args.quick else 5)
    anercorp = list(read_training_documents([SHARED / "anercorp" / "ANERCorp.train.txt"]))
    cut = int(len(anercorp) * 0.8)
    gold = list(read_documents(SHARED / "quotes" / "jawharafm_gold.jsonl"))
    gold_texts = {doc.text.strip() for doc in gold}
    clusters_path = args.clusters or default_clusters_path()
    started = time.perf_counter()
    unlabelled = [t for t in iter_texts([ANT], 1000 if args.quick else None) if t.strip() not in gold_texts]
    _settings.update(
        gazetteer_dir=SHARED / "anercorp" / "ANERGazet",
        clusters=WordClusters.load(clusters_path) if clusters_path.exists() else None,
        iterations=args.iterations or (40 if args.quick else 150),
        threshold=args.threshold,
        self_weight=args.self_weight,
        unlabelled=unlabelled,
        anercorp_train=anercorp[: int(len(anercorp) * 0.3)] if args.quick else anercorp[:cut],
        anercorp_test=anercorp[cut:],
        folds=adaptation.folds_by_article(gold, k) if k else [],
    )
    print(
        f"ANERcorp train {len(_settings['anercorp_train']):,} sentences, test {len(_settings['anercorp_test']):,}; "
        f"{len(unlabelled):,} unlabelled Jawhara FM articles read in {time.perf_counter() - started:.0f}s (gold texts left out); "
        f"threshold {args.threshold:g}, self weight {args.self_weight:g}, {_settings['iterations']} iterations; "
        + (f"word clusters {clusters_path}" if _settings["clusters"] is not None else "no word clusters"),
        flush=True,
    )

    results: dict = {}
    base, selftrained, count = _with_self_training("ANERcorp 80%", _settings["anercorp_train"])
    print(f"\n1. Trained on ANERcorp's 80% ({count:,} sure sentences added): strict micro F1 (P / R)")
    for name, model in (("ANERcorp only", base), ("+ self-training", selftrained)):
        row = {}
        for where, docs in (("anercorp_test", _settings["anercorp_test"]), ("jawhara_all", gold)):
            micro = evaluate(docs, adaptation.tag(model, docs), task="entities")["entities"]["micro"]["strict"]
            row[where] = {key: micro[key] for key in ("precision", "recall", "f1")}
        results[name] = row
        print(
            f"  {name:<18} ANERcorp 20% {row['anercorp_test']['f1']:.3f} ({row['anercorp_test']['precision']:.3f} / "
            f"{row['anercorp_test']['recall']:.3f})   Jawhara FM, 40 articles {row['jawhara_all']['f1']:.3f} "
            f"({row['jawhara_all']['precision']:.3f} / {row['jawhara_all']['recall']:.3f})",
            flush=True,
        )

    if k:
        if args.processes > 1:
            with ProcessPoolExecutor(args.processes) as pool:
                per_fold = list(pool.map(_fold, range(k)))
        else:
            per_fold = [_fold(i) for i in range(k)]
        ordered_gold = [doc for fold in _settings["folds"] for doc in fold]
        print(f"\n2. Jawhara FM gold, {k}-fold by article, other folds x{GOLD_WEIGHT:g}: strict micro F1 [95% bootstrap CI]")
        header = f"{'training':<26}{'P':>7}{'R':>7}{'F1':>7}{'95% CI':>17}" + "".join(f"{label:>7}" for label in adaptation.LABELS)
        print(header + f"{'ANERcorp 20%':>14}")
        for name in ("adapted", "adapted + self-training"):
            predicted = [doc for fold in per_fold for doc in fold[name]["held"]]
            row = adaptation.strict_row(evaluate(ordered_gold, predicted, task="entities", bootstrap=args.bootstrap)["entities"])
            row["anercorp_test_f1"] = sum(fold[name]["anercorp"] for fold in per_fold) / k
            results[f"k-fold {name}"] = row
            print(adaptation.table_row(name, row, name_width=26, ci_width=17, test_width=14))
        print(f"sure sentences per fold: {', '.join(str(fold['sure_sentences']) for fold in per_fold)}")
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
