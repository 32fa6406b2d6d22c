"""What the quote model learns from a campaign's first confirmed articles of a new outlet.

Run from the repository root::

    .venv/bin/python benchmarks/quote_learning.py              # 6 splits a direction, about 8 minutes
    .venv/bin/python benchmarks/quote_learning.py --splits 2   # a quicker look

``khabar doccano refresh`` retrains the quote model on the base quote gold (``--base-quotes``: in
``benchmarks/campaign.py``, the SaudiNewsNet dev gold) plus the articles the annotators confirmed.
This script asks, without a doccano server, how much those confirmed articles teach it. For each
direction, the other outlet's gold is the base and ``k`` articles of the target gold, drawn at
random (seeded, by article), are the confirmed ones; every predictor is scored on the target's
other articles, the same articles for every predictor of a split, and the splits' pairs are
pooled (:func:`khabar.evaluate.quotes.score_quotes`):

- ``rules``: the rules alone, which learn nothing;
- ``base``: the model on the base gold alone (refresh before any confirmation);
- ``base + k``: what refresh trains today;
- ``k alone``: the confirmed articles without the base;
- ``base + k x5``: the confirmed articles repeated five times, as ``GOLD.jsonl:5`` weighs a source
  of ``khabar train entities``.

Both gold sets are read with their entities removed, as refresh's predictions see none.
"""

from __future__ import annotations

import os
import sys

# This folder holds benchmarks named like standard modules (tokenize.py): keep it off the import path.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]

import argparse  # noqa: E402
import dataclasses  # noqa: E402
import random  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from pathlib import Path  # noqa: E402

from khabar.evaluate.quotes import score_quotes  # noqa: E402
from khabar.extract.quotes import QuoteExtractor  # noqa: E402
from khabar.extract.quotes.model import train_quote_model  # noqa: E402
from khabar.gold import Document, Quote, read_documents  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("KHABAR_SHARED_DATA", ROOT.parent / "shared" / "data"))

Predict = Callable[[str], list[Quote]]
#: (name, train-set builder from (base, confirmed)); None: the rules.
PREDICTORS: tuple[tuple[str, Callable[[list[Document], list[Document]], list[Document]] | None], ...] = (
    ("rules", None),
    ("base", lambda base, confirmed: base),
    ("base + k", lambda base, confirmed: [*base, *confirmed]),
    ("k alone", lambda base, confirmed: confirmed),
    ("base + k x5", lambda base, confirmed: [*base, *confirmed * 5]),
)


def load_gold(name: str) -> list[Document]:
    return [dataclasses.replace(d, entities=[]) for d in read_documents(DATA / "quotes" / name)]


def predictor(train: list[Document] | None) -> Predict:
    if train is None:
        return QuoteExtractor().extract
    return train_quote_model(train).predict


def direction(base: list[Document], target: list[Document], k: int, splits: int) -> dict[str, dict]:
    """Each predictor's quote figures on the held target articles, pooled over ``splits`` seeded splits."""
    pairs: dict[str, list[tuple[Document, Document]]] = {name: [] for name, _ in PREDICTORS}
    for seed in range(splits):
        order = list(range(len(target)))
        random.Random(seed).shuffle(order)
        confirmed = [target[i] for i in order[:k]]
        held = [target[i] for i in order[k:]]
        for name, build in PREDICTORS:
            predict = predictor(None if build is None else build(base, confirmed))
            pairs[name] += [(doc, doc.with_annotations(quotes=predict(doc.text))) for doc in held]
    return {name: score_quotes(found) for name, found in pairs.items()}


def table(title: str, figures: dict[str, dict]) -> None:
    print(f"\n{title}")
    print(f"{'predictor':14} {'content P':>9} {'R':>6} {'F1@0.3':>7} {'attr P':>7} {'R':>6} {'attr F1':>7} {'speakers':>8}")
    for name, section in figures.items():
        content, attribution = section["content"]["overlap_0.3"], section["attribution"]
        print(f"{name:14} {content['precision']:9.3f} {content['recall']:6.3f} {content['f1']:7.3f} "
              f"{attribution['precision']:7.3f} {attribution['recall']:6.3f} {attribution['f1']:7.3f} "
              f"{section['speaker_accuracy']:8.3f}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--splits", type=int, default=6, help="random splits by article a direction (default 6)")
    args = parser.parse_args(argv)
    dev, jawhara = load_gold("dev_gold.jsonl"), load_gold("jawharafm_gold.jsonl")
    # Half of each target confirmed: 20 of Jawhara FM's 40 (the campaign's round 2), 10 of the dev gold's 21.
    table(f"Jawhara FM: base the dev gold ({len(dev)} articles), 20 confirmed, the other {len(jawhara) - 20} scored; "
          f"{args.splits} splits pooled", direction(dev, jawhara, 20, args.splits))
    table(f"dev gold: base the Jawhara FM gold ({len(jawhara)} articles), 10 confirmed, the other {len(dev) - 10} "
          f"scored; {args.splits} splits pooled", direction(jawhara, dev, 10, args.splits))


if __name__ == "__main__":
    main()
