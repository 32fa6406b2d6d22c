"""Bootstrap intervals: around the point estimate, reproducible, and equal to rescoring resampled documents."""

from __future__ import annotations

import random

import numpy as np
import pytest

from khabar.evaluate import evaluate, score
from khabar.evaluate.bootstrap import MIN_SCORED_SHARE, interval, replicate_totals
from khabar.gold import Document, Entity, Quote, Span, read_documents


@pytest.fixture(scope="module")
def pairs(dev_gold_path) -> tuple[list[Document], list[Document]]:
    """Dev gold and a noisy copy: entities dropped or relabelled, quote sources dropped."""
    rng = random.Random(2)
    gold = list(read_documents(dev_gold_path))
    pred = []
    for d in gold:
        entities = [
            Entity(e.start, e.end, e.label if rng.random() < 0.8 else "MISC") for e in d.entities if rng.random() < 0.8
        ]
        quotes = [
            Quote(q.content, q.source if rng.random() < 0.7 else None, q.cue) for q in d.quotes if rng.random() < 0.85
        ]
        pred.append(Document(d.id, d.text, entities=entities, quotes=quotes))
    return gold, pred


def intervals(result: dict) -> list[tuple[float, list[float]]]:
    found = []
    for value in result.values():
        if isinstance(value, dict):
            found.extend([(value["f1"], value["ci95"])] if "f1" in value else intervals(value))
    return found


def test_intervals_bracket_the_point_estimate(pairs) -> None:
    gold, pred = pairs
    result = evaluate(gold, pred, bootstrap=300, seed=1)
    found = intervals(result)
    assert len(found) == 4 + 16 + 8
    for f1, (low, high) in found:
        assert 0.0 <= low <= f1 <= high <= 1.0
    low, high = result["entities"]["micro"]["strict"]["ci95"]
    assert high - low > 0.01  # 21 documents: the interval is not a point
    assert "ci95" not in evaluate(gold, pred)["entities"]["micro"]["strict"]


def test_intervals_are_reproducible_with_a_seed(pairs) -> None:
    gold, pred = pairs
    first = evaluate(gold, pred, bootstrap=100, seed=4)
    assert evaluate(gold, pred, bootstrap=100, seed=4) == first
    other = evaluate(gold, pred, bootstrap=100, seed=5)
    assert other["entities"]["micro"]["strict"]["ci95"] != first["entities"]["micro"]["strict"]["ci95"]
    assert other["entities"]["micro"]["strict"]["f1"] == first["entities"]["micro"]["strict"]["f1"]


def test_perfect_predictions_have_a_point_interval(pairs) -> None:
    gold, _ = pairs
    result = evaluate(gold, gold, bootstrap=50)
    assert result["quotes"]["attribution"]["ci95"] == [1.0, 1.0]


def test_resamples_with_nothing_to_score_do_not_count_as_zero() -> None:
    # One article of four has a person and a quote, found exactly; the others have neither. About a third of the
    # resamples ((3/4)**4) draw none of it: they counted as F1 0, and the interval of a perfect score was [0, 1].
    text = "قال بوتين «الحل قريب»"
    found = Document("a", text, entities=[Entity(4, 9, "PERS")],
                     quotes=[Quote(Span(11, 21), Span(4, 9), Span(0, 3))])
    docs = [found, *(Document(f"b{i}", "نص بلا أسماء ولا أقوال") for i in range(3))]
    result = evaluate(docs, docs, bootstrap=200, seed=3)
    assert result["entities"]["micro"]["strict"]["ci95"] == [1.0, 1.0]
    assert result["entities"]["per_label"]["PERS"]["strict"]["ci95"] == [1.0, 1.0]
    assert result["quotes"]["attribution"]["ci95"] == [1.0, 1.0]
    assert result["entities"]["per_label"]["ORG"]["strict"] == {
        "precision": None, "recall": None, "f1": None, "ci95": None}


def test_the_interval_is_over_the_replicates_with_something_to_score() -> None:
    nan = float("nan")
    assert interval([nan, 0.2, 0.4, nan, 0.6, 0.8]) == pytest.approx((0.215, 0.785))
    assert interval([0.0, 0.2, 0.4, 0.0, 0.6, 0.8]) == pytest.approx((0.0, 0.775))  # a real 0 counts
    # too few replicates with something to score: no interval rather than one from a handful of them
    assert MIN_SCORED_SHARE == 0.5
    assert interval([nan] * 6 + [0.5] * 4) is None
    assert interval([nan] * 5 + [0.5] * 5) == (0.5, 0.5)
    assert interval([nan] * 3) is None and interval([]) is None


def test_replicates_equal_rescoring_the_resampled_documents(pairs) -> None:
    # Resampling count vectors must give what rescoring the resampled corpus gives.
    gold, pred = pairs
    scoring = score(gold, pred)
    replicates = replicate_totals(scoring.entity_table, 3, seed=9)
    rng = np.random.default_rng(9)
    n = len(gold)
    for k in range(3):
        drawn = rng.integers(0, n, size=n)
        # Fresh ids, since a resample repeats documents.
        g = [Document(f"{i}-{j}", gold[j].text, entities=gold[j].entities) for i, j in enumerate(drawn)]
        p = [Document(f"{i}-{j}", pred[j].text, entities=pred[j].entities) for i, j in enumerate(drawn)]
        rescored = score(g, p, task="entities").entity_table.totals()
        assert {name: int(v[k]) for name, v in replicates.items()} == rescored
