"""khabar.simulate: noisy copies of gold documents, at the rates asked."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from khabar.gold import read_documents
from khabar.simulate import simulate_annotator


@pytest.fixture(scope="module")
def gold(dev_gold_path: Path) -> list:
    return list(read_documents(dev_gold_path))


def test_no_noise_is_an_identical_copy(gold) -> None:
    rng = random.Random(0)
    for doc in gold:
        copy = simulate_annotator(doc, rng, drop=0, relabel=0, trim=0, drop_quote=0, drop_source=0, halve_content=0,
                                  annotator="amal")
        assert (copy.entities, copy.quotes, copy.text, copy.id) == (doc.entities, doc.quotes, doc.text, doc.id)
        assert copy.annotator == "amal"


def test_rates_are_kept_and_the_seed_decides(gold) -> None:
    entities = sum(len(d.entities) for d in gold)
    quotes = sum(len(d.quotes) for d in gold)
    assert entities > 300 and quotes > 50
    first = [simulate_annotator(d, random.Random(i), drop=0.5, drop_quote=0.5) for i, d in enumerate(gold)]
    again = [simulate_annotator(d, random.Random(i), drop=0.5, drop_quote=0.5) for i, d in enumerate(gold)]
    assert first == again
    kept = sum(len(d.entities) for d in first) / entities
    kept_quotes = sum(len(d.quotes) for d in first) / quotes
    assert 0.4 < kept < 0.6 and 0.3 < kept_quotes < 0.7
    # Every surviving span is one of the gold's, or the gold's cut short, inside the text.
    for doc, copy in zip(gold, first):
        spans = {(e.start, e.end) for e in doc.entities}
        assert all((e.start, e.end) in spans or (e.start, e.end + 2) in spans for e in copy.entities)
        contents = {q.content.start for q in doc.quotes}
        assert all(q.content.start in contents and q.content.end <= len(doc.text) for q in copy.quotes)


def test_everything_dropped(gold) -> None:
    doc = next(d for d in gold if d.entities and d.quotes)
    empty = simulate_annotator(doc, random.Random(1), drop=1, drop_quote=1, doc_id="x")
    assert (empty.entities, empty.quotes, empty.id) == ([], [], "x")
