"""The trainable quote model against the rules: across outlets, pooled 5-fold, and speed, on one core.

Run from the repository root::

    .venv/bin/python benchmarks/quote_model.py            # speed on 2,000 SaudiNewsNet articles
    .venv/bin/python benchmarks/quote_model.py --quick    # speed on 300
    .venv/bin/python benchmarks/quote_model.py --entities # give the gold entities to both (a hint)
    .venv/bin/python benchmarks/quote_model.py --linking learned  # the model with its learned linker

Rows (each scored by :func:`khabar.evaluate.quotes.score_quotes`, content F1 at overlap 0.3
and attribution F1; the rules are scored on the same articles in the same run):

- ``dev -> jawhara``: trained on ``dev_gold.jsonl`` (SaudiNewsNet, 21 articles), tested on
  ``jawharafm_gold.jsonl`` (Jawhara FM, 40 articles): another outlet and country.
- ``jawhara -> dev``: the other way round.
- ``5-fold pooled``: both gold sets pooled and split by article into five folds (seeded
  shuffle); each fold is predicted by a model trained on the other four, and the
  predictions of all folds are scored together.

By default both extractors see the text alone (the gold entities removed), as
``khabar extract quotes`` does on a corpus without entities. Speed: articles a
second of CPU time of this process (the per-core cost on a shared machine), the
model trained on both gold sets, over SaudiNewsNet articles.
"""

from __future__ import annotations

import os
import sys

# This folder holds benchmarks named like standard modules (tokenize.py): keep it off the import path.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]

import argparse  # noqa: E402
import dataclasses  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import time  # noqa: E402
import zipfile  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from pathlib import Path  # noqa: E402

from khabar.evaluate.quotes import score_quotes  # noqa: E402
from khabar.extract.clusters import WordClusters  # noqa: E402
from khabar.extract.quotes import QuoteExtractor  # noqa: E402
from khabar.extract.quotes.model import LINKINGS, PREDICT_BATCH, QuoteModel, QuoteModelConfig, train_quote_model  # noqa: E402
from khabar.gold import Document, Quote, read_documents  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("KHABAR_SHARED_DATA", ROOT.parent / "shared" / "data"))
FOLDS = 5

Predict = Callable[[Document], list[Quote]]


def load_gold(name: str, entities: bool) -> list[Document]:
    docs = list(read_documents(DATA / "quotes" / name))
    return docs if entities else [dataclasses.replace(d, entities=[]) for d in docs]


def scores(pairs: Sequence[tuple[Document, Document]]) -> tuple[float, float, float, float]:
    result = score_quotes(pairs)
    content = result["content"]["overlap_0.3"]
    return content["precision"], content["recall"], content["f1"], result["attribution"]["f1"]


def predicted(docs: Sequence[Document], predict: Predict) -> list[tuple[Document, Document]]:
    return [(doc, dataclasses.replace(doc, quotes=predict(doc))) for doc in docs]


def model_predict(model: QuoteModel) -> Predict:
    return lambda doc: model.predict(doc.text, doc.entities)


def rules_predict(extractor: QuoteExtractor) -> Predict:
    return lambda doc: extractor.extract(doc.text, doc.entities)


def row(label: str, name: str, figures: tuple[float, float, float, float], articles: int) -> None:
    p, r, f, a = figures
    print(f"{label:<16} {name:<6} {articles:>5}  {p:6.3f} {r:6.3f} {f:6.3f}  {a:7.3f}")


def load_articles(limit: int) -> list[str]:
    texts: list[str] = []
    for zipped in sorted((DATA / "saudinewsnet").glob("*.zip")):
        with zipfile.ZipFile(zipped) as archive:
            for name in archive.namelist():
                texts.extend(a.get("content") or "" for a in json.loads(archive.read(name)))
        if len(texts) >= limit:
            break
    return texts[:limit]


def cpu_rate(work: Callable[[str], object], texts: Sequence[str]) -> float:
    started = time.process_time()
    for text in texts:
        work(text)
    return len(texts) / max(time.process_time() - started, 1e-9)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="time 300 SaudiNewsNet articles instead of 2,000")
    parser.add_argument("--entities", action="store_true", help="give both extractors the gold entities")
    parser.add_argument("--seed", type=int, default=0, help="shuffle of the pooled folds")
    parser.add_argument("--clusters", type=Path, help="word clusters (`khabar train clusters`) as model features")
    parser.add_argument("--linking", choices=LINKINGS, default="heuristic", help="how the model links contents")
    args = parser.parse_args()
    clusters = WordClusters.load(args.clusters) if args.clusters else None
    config = QuoteModelConfig(linking=args.linking)

    def train(docs: Sequence[Document]) -> QuoteModel:
        return train_quote_model(docs, clusters=clusters, config=config)

    dev = load_gold("dev_gold.jsonl", args.entities)
    jawhara = load_gold("jawharafm_gold.jsonl", args.entities)
    rules = rules_predict(QuoteExtractor())
    print(f"{'trained -> test':<16} {'system':<6} {'docs':>5}  {'P@0.3':>6} {'R@0.3':>6} {'F1@0.3':>6}  {'attr F1':>7}")
    train_seconds: list[float] = []
    for label, train_docs, test in (("dev -> jawhara", dev, jawhara), ("jawhara -> dev", jawhara, dev)):
        started = time.perf_counter()
        model = train(train_docs)
        train_seconds.append(time.perf_counter() - started)
        row(label, "model", scores(predicted(test, model_predict(model))), len(test))
        row(label, "rules", scores(predicted(test, rules)), len(test))

    pooled = dev + jawhara
    order = list(range(len(pooled)))
    random.Random(args.seed).shuffle(order)
    model_pairs: list[tuple[Document, Document]] = []
    rules_pairs: list[tuple[Document, Document]] = []
    for fold in range(FOLDS):
        held = {order[k] for k in range(fold, len(order), FOLDS)}
        started = time.perf_counter()
        model = train([d for i, d in enumerate(pooled) if i not in held])
        train_seconds.append(time.perf_counter() - started)
        test = [pooled[i] for i in sorted(held)]
        model_pairs += predicted(test, model_predict(model))
        rules_pairs += predicted(test, rules)
    row(f"{FOLDS}-fold pooled", "model", scores(model_pairs), len(pooled))
    row(f"{FOLDS}-fold pooled", "rules", scores(rules_pairs), len(pooled))
    print(f"training: {min(train_seconds):.1f}-{max(train_seconds):.1f}s wall per model")

    model = train(pooled)
    extractor = QuoteExtractor()
    gold_texts = [d.text for d in pooled] * 3
    for label, texts in (
        ("SaudiNewsNet articles", load_articles(300 if args.quick else 2_000)),
        ("gold articles (x3)", gold_texts),
    ):
        model.predict(texts[0])
        extractor.extract(texts[0])
        model_rate = cpu_rate(model.predict, texts)
        batches = [texts[k : k + PREDICT_BATCH] for k in range(0, len(texts), PREDICT_BATCH)]
        batched_rate = len(texts) / len(batches) * cpu_rate(model.predict_many, batches)
        rules_rate = cpu_rate(extractor.extract, texts)
        chars = sum(map(len, texts)) / len(texts)
        print(
            f"speed on {len(texts):,} {label} ({chars:,.0f} characters each), CPU time of one process: "
            f"model {batched_rate:,.0f} articles/s in batches of {PREDICT_BATCH} (as khabar extract quotes runs it; "
            f"target 200), {model_rate:,.0f} one at a time; rules {rules_rate:,.0f} articles/s"
        )


if __name__ == "__main__":
    main()
