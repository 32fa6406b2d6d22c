"""Scoring extractors against gold: named entities (SemEval-2013 9.1 schemes) and attributed quotes.

>>> from khabar.evaluate import evaluate_files
>>> result = evaluate_files("gold.jsonl", "pred.jsonl", bootstrap=1000)  # doctest: +SKIP
>>> result["entities"]["micro"]["strict"]["f1"], result["quotes"]["attribution"]["ci95"]  # doctest: +SKIP

Modules: :mod:`~khabar.evaluate.entities` (the four entity schemes),
:mod:`~khabar.evaluate.quotes` (contents, sources, cues, attribution),
:mod:`~khabar.evaluate.matching` (the greedy one-to-one span matching),
:mod:`~khabar.evaluate.bootstrap` (confidence intervals),
:mod:`~khabar.evaluate.scoring` (pairing documents, entry points) and
:mod:`~khabar.evaluate.report` (the human-readable report).

Errors (:class:`~khabar.errors.InputError`): ``E501`` a document id repeated
in one file, ``E502`` a predicted text that differs from the gold one,
``E503`` an entity span empty or outside its text, ``E504`` the same for a
quote's content, source or cue.
"""

from .entities import confusion, scheme_counts, score_entities
from .matching import match_quotes, match_spans
from .quotes import score_quotes
from .report import render_report, worst_documents
from .scoring import (
    TASKS,
    MissingDocumentsWarning,
    Scoring,
    UnknownDocumentsWarning,
    evaluate,
    evaluate_files,
    pair_documents,
    per_document,
    score,
    score_files,
)

__all__ = [
    "TASKS",
    "Scoring",
    "MissingDocumentsWarning",
    "UnknownDocumentsWarning",
    "confusion",
    "evaluate",
    "evaluate_files",
    "match_quotes",
    "match_spans",
    "pair_documents",
    "per_document",
    "render_report",
    "scheme_counts",
    "score",
    "score_entities",
    "score_files",
    "score_quotes",
    "worst_documents",
]
