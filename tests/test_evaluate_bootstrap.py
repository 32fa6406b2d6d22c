"""Bootstrap intervals: around the point estimate, reproducible, and equal to rescoring resampled documents."""

from __future__ import annotations

import random

import numpy as np
import pytest

from khabar.evaluate import evaluate, score
from khabar.evaluate.bootstrap import replicate_totals
from khabar.gold import Document, Entity, Quote, read_documents


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
