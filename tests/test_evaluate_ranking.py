"""khabar.evaluate.ranking: the best extractor, its rows with intervals, and the documents it gets most wrong."""

from __future__ import annotations

import dataclasses

import pytest

from khabar.evaluate import evaluate, per_document
from khabar.evaluate.ranking import MEASURES, best_extractor, documents_with_most_errors, measure_of, score_rows
from khabar.gold import read_documents


@pytest.fixture(scope="module")
def gold_docs(dev_gold_path):  # noqa: ANN001, ANN201
    return list(read_documents(dev_gold_path))[:12]


def _without_some_entities(docs, every: int):  # noqa: ANN001, ANN202
    return [dataclasses.replace(d, entities=d.entities[::every]) for d in docs]


def test_best_extractor_is_the_one_with_the_highest_f1_not_the_first(gold_docs) -> None:  # noqa: ANN001
    results = {
        "half": evaluate(gold_docs, _without_some_entities(gold_docs, 2)),
        "a third": evaluate(gold_docs, _without_some_entities(gold_docs, 3)),
        "all": evaluate(gold_docs, gold_docs),
    }
    assert best_extractor(results) == "all"
    del results["all"]
    assert best_extractor(results) == "half"
    assert measure_of(results["half"], "entities strict")["f1"] > measure_of(results["a third"], "entities strict")["f1"]


def test_score_rows_carry_the_bootstrap_interval(gold_docs) -> None:  # noqa: ANN001
    result = evaluate(gold_docs, _without_some_entities(gold_docs, 2), bootstrap=50)
    rows = score_rows({"half": result})
    assert [r["measure"] for r in rows] == list(MEASURES)
    strict = rows[0]
    assert strict["f1"] == result["entities"]["micro"]["strict"]["f1"]
    assert [strict["f1_low"], strict["f1_high"]] == result["entities"]["micro"]["strict"]["ci95"]
    assert strict["f1_low"] <= strict["f1"] <= strict["f1_high"] and strict["f1_low"] < strict["f1_high"]
    plain = score_rows({"half": evaluate(gold_docs, gold_docs)})
    assert plain[0]["f1"] == 1.0 and plain[0]["f1_low"] is None and plain[0]["f1_high"] is None


def test_documents_with_most_errors_rank_entities_and_quotes_together(gold_docs) -> None:  # noqa: ANN001
    spoiled = {gold_docs[3].id: dataclasses.replace(gold_docs[3], entities=[], quotes=[]),
               gold_docs[5].id: dataclasses.replace(gold_docs[5], quotes=[])}
    pred = [spoiled.get(d.id, d) for d in gold_docs]
    rows = per_document(gold_docs, pred)
    ranked = documents_with_most_errors(rows, 2)
    assert [r["id"] for r in ranked][0] == gold_docs[3].id
    if gold_docs[5].quotes:
        assert [r["id"] for r in ranked] == [gold_docs[3].id, gold_docs[5].id]
    assert len(documents_with_most_errors(rows)) == len(gold_docs)


def test_an_extractor_with_nothing_to_score_ranks_last_not_with_an_error(gold_docs) -> None:  # noqa: ANN001
    # Gold and predictions without quotes: the quote measures have no F1 (None), which max() cannot compare.
    no_quotes = [dataclasses.replace(d, quotes=[]) for d in gold_docs]
    results = {
        "none": evaluate(no_quotes, no_quotes),
        "half": evaluate(gold_docs, _without_some_entities(gold_docs, 2)),
    }
    assert measure_of(results["none"], "attribution")["f1"] is None
    assert best_extractor(results, "attribution") == "half"
    assert best_extractor(results, "entities strict") == "none"  # its entities are the gold's
