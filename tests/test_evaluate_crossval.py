"""Cross-domain measurement (khabar.evaluate.crossval): article folds, transfer, figures with intervals."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

import pytest

from khabar.evaluate import evaluate
from khabar.evaluate.crossval import (
    FIGURES,
    CrossValidation,
    Figure,
    article_folds,
    cross_validate,
    quote_figures,
    transfer,
)
from khabar.gold import read_documents
from khabar.gold.model import Document, Quote, Span


def _doc(doc_id: str, n_quotes: int) -> Document:
    text = "وقال الوزير إن العمل مستمر. " * max(n_quotes, 1)
    step = len("وقال الوزير إن العمل مستمر. ")
    quotes = [Quote(Span(i * step + 15, i * step + 26), Span(i * step + 5, i * step + 11), Span(i * step, i * step + 4))
              for i in range(n_quotes)]
    return Document(doc_id, text, quotes=quotes)


def test_folds_are_whole_articles_dealt_evenly_from_each_set() -> None:
    a = [_doc(f"a{i}", 1) for i in range(21)]
    b = [_doc(f"b{i}", 1) for i in range(40)]
    folds = article_folds([a, b], k=5, seed=0)
    ids = [d.id for fold in folds for d in fold]
    assert sorted(ids) == sorted(d.id for d in a + b) and len(set(ids)) == 61
    assert sorted(len(f) for f in folds) == [12, 12, 12, 12, 13]
    for fold in folds:
        assert 4 <= sum(d.id.startswith("a") for d in fold) <= 5
    assert [d.id for d in article_folds([a, b], k=5, seed=0)[0]] == [d.id for d in folds[0]]
    assert [d.id for d in article_folds([a, b], k=5, seed=1)[0]] != [d.id for d in folds[0]]
    with pytest.raises(ValueError):
        article_folds([a], k=1)


def _copying_builder(seen: list[set[str]]):  # noqa: ANN202
    """A 'model' that remembers its training ids and predicts the gold quotes of the documents it was trained on."""

    def build(train: Sequence[Document]):  # noqa: ANN202
        seen.append({d.id for d in train})
        known = {d.text + d.id: d.quotes for d in train}
        return lambda doc: dataclasses.replace(doc, quotes=list(known.get(doc.text + doc.id, [])))

    return build


def test_cross_validation_never_predicts_an_article_it_trained_on() -> None:
    a = [_doc(f"a{i}", 2) for i in range(10)]
    b = [_doc(f"b{i}", 1) for i in range(10)]
    seen: list[set[str]] = []
    result = cross_validate(_copying_builder(seen), [a, b], k=5, replicates=50)
    assert len(seen) == 5 and all(len(s) == 16 for s in seen)
    # A memoriser scores nothing out of fold: every article was predicted by a model that never saw it.
    assert result.pooled["content F1@0.3"].value == 0.0
    assert [f["content F1@0.3"].value for f in result.folds] == [0.0] * 5
    # Trained and scored on the same articles it is perfect: the figures come from real matching.
    perfect = transfer(_copying_builder([]), a, a, replicates=50)
    assert all(perfect[name].value == 1.0 for name in FIGURES)


def test_figures_match_evaluate_and_carry_intervals(dev_gold_path: Path) -> None:
    from khabar.extract.quotes import QuoteExtractor, extract_quotes

    gold = list(read_documents(dev_gold_path))
    extractor = QuoteExtractor()
    pred = [extract_quotes(dataclasses.replace(d, quotes=[], entities=[]), extractor) for d in gold]
    figures = quote_figures(gold, pred, replicates=300, seed=1)
    scores = evaluate(gold, pred, task="quotes")["quotes"]
    assert figures["content F1@0.3"].value == pytest.approx(scores["content"]["overlap_0.3"]["f1"])
    assert figures["content F1 exact"].value == pytest.approx(scores["content"]["exact"]["f1"])
    assert figures["attribution F1"].value == pytest.approx(scores["attribution"]["f1"])
    assert figures["speaker accuracy"].value == pytest.approx(scores["speaker_accuracy"])
    for figure in figures.values():
        assert figure.low <= figure.value <= figure.high and figure.low < figure.high
    assert quote_figures(gold, pred, replicates=300, seed=1) == figures
    assert str(figures["content F1@0.3"]).count("[") == 1


def test_learning_curve_trains_on_nested_prefixes_and_scores_each_on_the_test_set(dev_gold_path: Path) -> None:
    from khabar.evaluate.crossval import learning_curve

    train = [_doc(f"t{i}", 1) for i in range(10)]
    test = list(read_documents(dev_gold_path))[:4]
    seen: list[list[str]] = []

    def remembering(docs: Sequence[Document]):  # noqa: ANN202 - a builder that predicts each gold doc's quotes
        seen.append([d.id for d in docs])
        by_id = {d.id: d for d in test}
        return lambda doc: dataclasses.replace(doc, quotes=by_id[doc.id].quotes if len(docs) >= 5 else [])

    points = learning_curve(remembering, train, test, [5, 2, 10], replicates=0)
    assert [p.articles for p in points] == [2, 5, 10]
    assert [len(ids) for ids in seen] == [2, 5, 10]
    assert seen[0] == seen[1][:2] and seen[1] == seen[2][:5]  # each size holds the smaller ones
    assert sorted(seen[2]) == sorted(d.id for d in train)
    assert points[0].figures["content F1@0.3"].value == 0.0
    assert points[1].figures["content F1@0.3"].value == points[2].figures["attribution F1"].value == 1.0
    with pytest.raises(ValueError, match="1..10"):
        learning_curve(remembering, train, test, [0, 11])


def test_the_quote_models_curve_on_real_gold(shared_data: Path) -> None:
    """The curve notebook 03 draws, on a small scale: Jawhara FM articles to train on, others held out."""
    from khabar.evaluate.crossval import learning_curve
    from khabar.extract.quotes.model import model_builder

    jawhara = sorted(read_documents(shared_data / "quotes" / "jawharafm_gold.jsonl"), key=lambda d: d.id)
    points = learning_curve(model_builder(), jawhara[:28], jawhara[28:], [2, 14], replicates=50)
    assert [p.articles for p in points] == [2, 14]
    for point in points:
        for figure in point.figures.values():
            assert 0.0 <= figure.low <= figure.value <= figure.high <= 1.0
        # A model of 2 articles still finds quotes: the rules' decisions are among its features.
        assert point.figures["content F1@0.3"].value > 0.5


def test_figures_with_no_quote_on_either_side_are_none_and_print_as_a_dash() -> None:
    # Articles without quotes, predicted without quotes: nothing to score, not a score of 0.
    docs = [_doc(f"a{i}", 0) for i in range(4)]
    for replicates in (0, 50):
        figures = quote_figures(docs, docs, replicates=replicates)
        assert all(figure == Figure(None, None, None) for figure in figures.values())
        assert str(figures["attribution F1"]) == "-"
    scored = quote_figures([_doc("b", 2)], [_doc("b", 2)], replicates=0)
    nothing = quote_figures(docs, docs, replicates=0)
    folds = CrossValidation(scored, [scored, nothing])
    assert folds.spread("attribution F1") == (1.0, 0.0)  # the fold with nothing to score is left out


def test_resamples_without_a_quote_do_not_drag_the_interval_down() -> None:
    # One article of four has quotes, found exactly: the resamples that drew none of it counted as 0.
    docs = [_doc("a", 2), *(_doc(f"b{i}", 0) for i in range(3))]
    figures = quote_figures(docs, docs, replicates=200, seed=1)
    assert figures["attribution F1"] == figures["speaker accuracy"] == Figure(1.0, 1.0, 1.0)
    assert str(figures["content F1 exact"]) == "1.000 [1.000, 1.000]"
    assert str(Figure(0.5, None, None)) == "0.500 [-]"  # too few resamples with something to score
