"""Measuring a quote extractor across data sets: train on one, score on another, and k-fold by article.

An extractor enters as a *builder*: a function from training documents (gold,
with quotes) to a *predictor*, a function from a document (its quotes removed)
to the same document with predicted quotes. A rule-based extractor's builder
ignores its training documents; a trainable model's trains on them. So the
same three measurements apply to both:

* :func:`transfer`: build on one gold set, score on another (SaudiNewsNet to
  Jawhara FM and back);
* :func:`cross_validate`: k folds by article over pooled gold sets, every
  article predicted by a predictor built without it; scored once over all
  out-of-fold predictions, with each fold's own figures beside;
* :func:`learning_curve`: build on the first n articles of one set for
  growing n, score each on another: what annotating more buys;
* :func:`quote_figures`: the headline figures (content F1 at 0.3 and 0.8 and
  exact, attribution F1, speaker accuracy), each with a percentile bootstrap
  95% interval over articles (:mod:`.bootstrap`), speaker accuracy included.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..gold.model import Document
from .bootstrap import interval, replicate_totals
from .quotes import quote_section, quote_table

__all__ = [
    "Builder", "Predictor", "FIGURES", "Figure", "CurvePoint", "quote_figures", "article_folds", "transfer",
    "cross_validate", "learning_curve",
]

Predictor = Callable[[Document], Document]
Builder = Callable[[Sequence[Document]], Predictor]

#: The reported figures: name -> how to read it from :func:`~khabar.evaluate.quotes.quote_section`'s result.
FIGURES: dict[str, Callable[[dict], Any]] = {
    "content F1@0.3": lambda s: s["content"]["overlap_0.3"]["f1"],
    "content F1@0.8": lambda s: s["content"]["overlap_0.8"]["f1"],
    "content F1 exact": lambda s: s["content"]["exact"]["f1"],
    "attribution F1": lambda s: s["attribution"]["f1"],
    "speaker accuracy": lambda s: s["speaker_accuracy"],
}


@dataclass(frozen=True)
class Figure:
    """A point estimate and its bootstrap 95% interval (equal to the point when no replicates were drawn).

    All three are ``None`` when there was nothing to score (no gold and no predicted quote, or for speaker
    accuracy no matched quote); the interval alone is when too few resamples had something to score
    (:func:`~khabar.evaluate.bootstrap.interval`).
    """

    value: float | None
    low: float | None
    high: float | None

    def __str__(self) -> str:
        if self.value is None:
            return "-"
        if self.low is None or self.high is None:
            return f"{self.value:.3f} [-]"
        return f"{self.value:.3f} [{self.low:.3f}, {self.high:.3f}]"


def _blank(doc: Document) -> Document:
    """The document as an extractor sees it: text and metadata, no quotes, no entities."""
    return doc.with_annotations(entities=[], quotes=[])


def predict(predictor: Predictor, gold: Sequence[Document]) -> list[Document]:
    """The predictor's output for each gold document, given only its text."""
    return [predictor(_blank(doc)) for doc in gold]


def quote_figures(
    gold: Sequence[Document], pred: Sequence[Document], *, replicates: int = 1000, seed: int = 0
) -> dict[str, Figure]:
    """:data:`FIGURES` for paired gold and predicted documents (same order), with bootstrap intervals over articles."""
    table = quote_table(list(zip(gold, pred)))
    point = quote_section(table.totals())
    out: dict[str, Figure] = {}
    samples = quote_section(replicate_totals(table, replicates, seed)) if replicates > 0 else None
    for name, read in FIGURES.items():
        if read(point) is None:
            out[name] = Figure(None, None, None)
            continue
        value = float(read(point))
        if samples is None:
            out[name] = Figure(value, value, value)
        else:
            bounds = interval(read(samples))  # over the resamples with something to score
            out[name] = Figure(value, *(bounds or (None, None)))
    return out


def transfer(
    builder: Builder, train: Sequence[Document], test: Sequence[Document], *, replicates: int = 1000, seed: int = 0
) -> dict[str, Figure]:
    """Build on ``train``, score on ``test``."""
    return quote_figures(test, predict(builder(train), test), replicates=replicates, seed=seed)


def article_folds(groups: Sequence[Sequence[Document]], k: int = 5, seed: int = 0) -> list[list[Document]]:
    """``k`` folds of whole articles, each gold set dealt evenly over the folds (shuffled with ``seed``).

    Dealing each set separately keeps every fold's mix of sets close to the pool's,
    so no fold is scored on one outlet alone.
    """
    if k < 2:
        raise ValueError("k-fold cross-validation needs k >= 2")
    rng = random.Random(seed)
    folds: list[list[Document]] = [[] for _ in range(k)]
    dealt = 0
    for group in groups:
        docs = sorted(group, key=lambda d: d.id)
        rng.shuffle(docs)
        for doc in docs:
            folds[dealt % k].append(doc)
            dealt += 1
    return folds


@dataclass(frozen=True)
class CrossValidation:
    """Out-of-fold figures over every article, and each fold's own figures (no intervals)."""

    pooled: dict[str, Figure]
    folds: list[dict[str, Figure]]

    def spread(self, name: str) -> tuple[float, float]:
        """Mean and standard deviation of one figure over the folds that had something to score (NaN if none had)."""
        values = np.array([fold[name].value for fold in self.folds if fold[name].value is not None], dtype=float)
        if not values.size:
            return float("nan"), float("nan")
        return float(values.mean()), float(values.std(ddof=1)) if len(values) > 1 else 0.0


def cross_validate(
    builder: Builder,
    groups: Sequence[Sequence[Document]],
    *,
    k: int = 5,
    seed: int = 0,
    replicates: int = 1000,
) -> CrossValidation:
    """k-fold cross-validation by article over the pooled ``groups`` (see :func:`article_folds`)."""
    folds = article_folds(groups, k, seed)
    gold_all: list[Document] = []
    pred_all: list[Document] = []
    per_fold: list[dict[str, Figure]] = []
    for i, test in enumerate(folds):
        train = [doc for j, fold in enumerate(folds) if j != i for doc in fold]
        pred = predict(builder(train), test)
        per_fold.append(quote_figures(test, pred, replicates=0))
        gold_all += test
        pred_all += pred
    return CrossValidation(quote_figures(gold_all, pred_all, replicates=replicates, seed=seed), per_fold)


@dataclass(frozen=True)
class CurvePoint:
    """The figures of a predictor built on ``articles`` training articles."""

    articles: int
    figures: dict[str, Figure]


def learning_curve(
    builder: Builder,
    train: Sequence[Document],
    test: Sequence[Document],
    sizes: Sequence[int],
    *,
    seed: int = 0,
    replicates: int = 200,
) -> list[CurvePoint]:
    """Build on the first n articles of ``train`` for each n of ``sizes``, score each predictor on ``test``.

    ``train`` is shuffled once (by ``seed``, from an order by id), so each size
    holds every smaller one's articles: the curve shows what adding articles
    buys, not which articles happened to be drawn.
    """
    order = sorted(train, key=lambda d: d.id)
    random.Random(seed).shuffle(order)
    bad = [n for n in sizes if not 1 <= n <= len(order)]
    if bad:
        raise ValueError(f"learning-curve sizes must lie in 1..{len(order)} (the training articles), found {bad}")
    return [CurvePoint(n, transfer(builder, order[:n], test, replicates=replicates, seed=seed)) for n in sorted(sizes)]
