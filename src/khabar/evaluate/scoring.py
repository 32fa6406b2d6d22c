"""Pairing gold and predicted documents, and the entry points (:func:`evaluate`, :func:`per_document`, ...).

Documents are paired by ``id``. A gold document missing from the predictions
counts as predicting nothing; a predicted document whose id is not in the gold
file is ignored, with a warning, and counted in ``counts``. A predicted
document must carry the very text of its gold document, since offsets into a
different text mean nothing.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from os import PathLike
from typing import Any

import numpy as np

from ..errors import InputError
from ..gold.io import read_documents
from ..gold.model import ENTITY_LABELS, Document, first_difference
from .bootstrap import with_ci
from .counts import CountTable
from .entities import Where, confusion, entity_section, entity_table, table_labels, unpaired
from .quotes import ATTRIBUTION_THRESHOLD, quote_section, quote_table

__all__ = ["TASKS", "MissingDocumentsWarning", "Scoring", "UnknownDocumentsWarning", "evaluate", "evaluate_files", "per_document", "score"]

TASKS: tuple[str, ...] = ("entities", "quotes", "all")

Pair = tuple[Document, "Document | None"]
#: A document with where it came from: its line in a JSON-lines file (or its position in a sequence).
Located = tuple[int, Document]


class UnknownDocumentsWarning(UserWarning):
    """Predictions for documents the gold file does not have: they are ignored."""


class MissingDocumentsWarning(UserWarning):
    """Gold documents the predictions do not have: they count as predicting nothing."""


#: How many ids of missing or unknown documents warnings and ``counts`` name.
SHOWN_IDS = 5


@dataclass
class Scoring:
    """Paired documents and their per-document counts, computed once and shared by every view."""

    pairs: list[Pair]
    task: str = "all"
    unknown_ids: list[str] = field(default_factory=list)
    #: Where each pair's documents came from, for the errors of spans out of range (``None``: unknown).
    where: Where | None = field(default=None, compare=False, repr=False)

    @cached_property
    def entity_table(self) -> CountTable:
        """Entity counts per document (see :func:`~khabar.evaluate.entities.entity_table`)."""
        return entity_table(self.pairs, where=self.where)

    @property
    def labels(self) -> tuple[str, ...]:
        """The entity labels reported: :data:`~khabar.gold.ENTITY_LABELS`, then any other seen."""
        return table_labels(self.entity_table)

    @cached_property
    def quote_table(self) -> CountTable:
        """Quote counts per document (see :func:`~khabar.evaluate.quotes.quote_table`)."""
        return quote_table(self.pairs, where=self.where)

    @property
    def tasks(self) -> tuple[str, ...]:
        """The sections to compute."""
        return ("entities", "quotes") if self.task == "all" else (self.task,)

    def document_counts(self) -> dict[str, Any]:
        """Gold documents, those without a prediction, and predictions without a gold document.

        When gold documents have no prediction, ``documents_missing_ids`` names the first of them.
        """
        missing = [gold.id for gold, pred in self.pairs if pred is None]
        counts: dict[str, Any] = {
            "documents": len(self.pairs),
            "documents_missing": len(missing),
            "documents_unknown": len(self.unknown_ids),
        }
        if missing:
            counts["documents_missing_ids"] = missing[:SHOWN_IDS]
        return counts

    def result(self, bootstrap: int = 0, seed: int = 0) -> dict[str, Any]:
        """The figures (the structure documented in :func:`evaluate`)."""
        out: dict[str, Any] = {}
        if "entities" in self.tasks:
            labels = self.labels
            out["entities"] = with_ci(lambda t: entity_section(t, labels), self.entity_table, bootstrap, seed)
        if "quotes" in self.tasks:
            out["quotes"] = with_ci(quote_section, self.quote_table, bootstrap, seed)
        for section in out.values():
            section["counts"].update(self.document_counts())
        return out

    def per_document(self) -> list[dict[str, Any]]:
        """One row per gold document (see :func:`per_document`)."""
        columns: dict[str, list] = {"id": [gold.id for gold, _ in self.pairs]}
        if "entities" in self.tasks:
            counts = _columns_of(self.entity_table)
            columns["entities_gold"], columns["entities_pred"] = counts["gold"].tolist(), counts["pred"].tolist()
            for scheme in ("strict", "type"):
                c = {cat: counts[f"micro/{scheme}/{cat}"] for cat in ("COR", "INC", "PAR", "MIS", "SPU")}
                actual = c["COR"] + c["INC"] + c["PAR"] + c["SPU"]
                possible = c["COR"] + c["INC"] + c["PAR"] + c["MIS"]
                columns[f"entities_{scheme}_f1"] = _f1_or_none(c["COR"] + 0.5 * c["PAR"], actual, possible)
        if "quotes" in self.tasks:
            counts = _columns_of(self.quote_table)
            columns["quotes_gold"], columns["quotes_pred"] = counts["gold"].tolist(), counts["pred"].tolist()
            matched = counts[f"content/overlap_{ATTRIBUTION_THRESHOLD}"]
            columns["quotes_content_f1"] = _f1_or_none(matched, counts["pred"], counts["gold"])
            columns["quotes_attribution_f1"] = _f1_or_none(counts["source/agree"], counts["pred"], counts["gold"])
        names = list(columns)
        return [dict(zip(names, values)) for values in zip(*columns.values())]

    def confusion(self) -> dict[str, dict[str, int]]:
        """Entity type confusion (see :func:`~khabar.evaluate.entities.confusion`)."""
        return confusion(self.pairs)

    def unpaired(self) -> tuple[dict[str, int], dict[str, int]]:
        """Per label, the gold and predicted entities :meth:`confusion` leaves out (see :func:`~khabar.evaluate.entities.unpaired`)."""
        return unpaired(self.pairs)


def _columns_of(table: CountTable) -> dict[str, np.ndarray]:
    return {name: table.values[:, i] for i, name in enumerate(table.columns)}


def _f1_or_none(correct: np.ndarray, predicted: np.ndarray, gold: np.ndarray) -> list[float | None]:
    """F1 of each document, ``2 * correct / (predicted + gold)``; ``None`` where it has nothing to score."""
    total = predicted + gold
    f1 = np.divide(2 * correct, total, out=np.zeros(total.shape), where=total > 0)
    return [None if t == 0 else v for v, t in zip(f1.tolist(), total.tolist())]


# --------------------------------------------------------------------------- pairing


def _located(docs: Iterable[Document] | Iterable[Located]) -> Iterable[Located]:
    for position, item in enumerate(docs, start=1):
        yield item if isinstance(item, tuple) else (position, item)


def pair_documents(
    gold: Iterable[Document] | Iterable[Located],
    pred: Iterable[Document] | Iterable[Located],
    *,
    gold_path: str | PathLike[str] | None = None,
    pred_path: str | PathLike[str] | None = None,
) -> tuple[list[Pair], list[str]]:
    """Pair predicted documents with gold ones by id; return the pairs (gold order) and the unknown predicted ids.

    Raises :class:`InputError` ``E501`` for an id repeated within one side and
    ``E502`` for a predicted document whose text differs from the gold one.
    """
    gold_docs: dict[str, tuple[int, Document]] = {}
    for line, doc in _located(gold):
        _no_duplicate(gold_docs, line, doc, gold_path, "gold")
        gold_docs[doc.id] = (line, doc)
    pred_docs: dict[str, tuple[int, Document]] = {}
    unknown: list[str] = []
    for line, doc in _located(pred):
        _no_duplicate(pred_docs, line, doc, pred_path, "predictions")
        pred_docs[doc.id] = (line, doc)
        if doc.id not in gold_docs:
            unknown.append(doc.id)
            continue
        gold_line, gold_doc = gold_docs[doc.id]
        if doc.text != gold_doc.text:
            raise InputError(
                "E502",
                f"the predicted text differs from the gold text "
                f"({f'{gold_path}:{gold_line}' if gold_path is not None else f'gold document #{gold_line}'}) "
                f"from character {first_difference(gold_doc.text, doc.text)} on "
                f"({len(gold_doc.text)} characters in gold, {len(doc.text)} predicted); "
                "offsets into different texts cannot be compared",
                path=pred_path,
                line=line if pred_path is not None else None,
                field="text",
                doc_id=doc.id,
            )
    if unknown:
        warnings.warn(
            f"{len(unknown)} predicted document(s) not in the gold file were ignored: {_first_ids(unknown)}",
            UnknownDocumentsWarning,
            stacklevel=3,
        )
    pairs = [(doc, pred_docs[i][1] if i in pred_docs else None) for i, (_, doc) in gold_docs.items()]
    missing = [gold.id for gold, pred in pairs if pred is None]
    if missing:
        warnings.warn(
            f"{len(missing)} of {len(pairs)} gold document(s) have no prediction and count as predicting nothing: "
            f"{_first_ids(missing)}",
            MissingDocumentsWarning,
            stacklevel=3,
        )
    return pairs, unknown


def _first_ids(ids: list[str]) -> str:
    return ", ".join(repr(i) for i in ids[:SHOWN_IDS]) + (" ..." if len(ids) > SHOWN_IDS else "")


def _no_duplicate(
    seen: dict[str, tuple[int, Document]], line: int, doc: Document, path: str | PathLike[str] | None, side: str
) -> None:
    if doc.id in seen:
        first = seen[doc.id][0]
        where = f"first at line {first}" if path is not None else f"documents #{first} and #{line}"
        raise InputError(
            "E501",
            f"document id repeated in the {side} ({where})",
            path=path,
            line=line if path is not None else None,
            field="id",
            doc_id=doc.id,
        )


# --------------------------------------------------------------------------- entry points


def _check_task(task: str) -> None:
    if task not in TASKS:
        raise ValueError(f"task must be one of {TASKS}, not {task!r}")


def score(
    gold: Iterable[Document] | Iterable[Located],
    pred: Iterable[Document] | Iterable[Located],
    *,
    task: str = "all",
    gold_path: str | PathLike[str] | None = None,
    pred_path: str | PathLike[str] | None = None,
) -> Scoring:
    """Pair the documents and get ready to compute every view of the scores (figures, per document, confusion)."""
    _check_task(task)
    gold, pred = list(_located(gold)), list(_located(pred))
    pairs, unknown = pair_documents(gold, pred, gold_path=gold_path, pred_path=pred_path)
    paths = (gold_path, pred_path)
    lines = ({doc.id: line for line, doc in gold}, {doc.id: line for line, doc in pred})

    def where(pair: int, side: int) -> dict[str, Any]:
        """The file and line of a pair's gold (side 0) or predicted (1) document, when read from a file."""
        doc = pairs[pair][side]
        if paths[side] is None or doc is None:
            return {}
        return {"path": paths[side], "line": lines[side].get(doc.id)}

    return Scoring(pairs, task, unknown, where)


def score_files(gold_path: str | PathLike[str], pred_path: str | PathLike[str], *, task: str = "all") -> Scoring:
    """:func:`score` on two gold-format files (JSON lines, optionally gzipped, or Parquet).

    A gold file without a document (empty, or blank lines only) is E505: every
    figure would be 0 and look like a score. Predictions without a document are
    scored: an extractor that found nothing predicted nothing, and every gold
    document counts as missing (:class:`MissingDocumentsWarning`). When entities
    are scored, an entity label in either file that stands for one of
    :data:`~khabar.gold.model.ENTITY_LABELS` written otherwise is E226 (file, line, entity, and the
    label it likely stands for): ``pers`` against ``PERS`` would score 0 for both, silently. A project's own labels
    (``DATE``) are scored, after khabar's.
    """
    labels = ENTITY_LABELS if task in ("entities", "all") else None
    gold = list(read_documents(gold_path, located=True, labels=labels, allow_other_labels=True))
    if not gold:
        raise InputError("E505", path=gold_path)
    pred = list(read_documents(pred_path, located=True, labels=labels, allow_other_labels=True))
    return score(gold, pred, task=task, gold_path=gold_path, pred_path=pred_path)


def evaluate(
    gold: Iterable[Document], pred: Iterable[Document], *, task: str = "all", bootstrap: int = 0, seed: int = 0
) -> dict[str, Any]:
    """Score predicted documents against gold ones.

    Returns::

        {"entities": {"micro": {"strict": PRF, "exact": PRF, "partial": PRF, "type": PRF},
                      "per_label": {"PERS": {"strict": PRF, ...}, ...},
                      "counts": {"gold": int, "pred": int, "documents": int, ...}},
         "quotes": {"content": {"exact": PRF, "overlap_0.3": PRF, "overlap_0.8": PRF},
                    "source": {"exact": PRF, "overlap": PRF},
                    "cue": {"exact": PRF, "overlap": PRF},
                    "speaker_accuracy": float | None, "cue_accuracy": float | None,
                    "attribution": PRF,
                    "counts": {"gold": int, "pred": int, "documents": int, ...}}}

    with ``PRF = {"precision", "recall", "f1"}`` and, when ``bootstrap`` > 0,
    ``"ci95": [low, high]`` on each of them from that many resamples of whole
    documents (seeded by ``seed``). Where there is nothing to score (neither
    gold nor predicted items of that kind: a label neither side used, quotes in
    files of entities only) the three figures are ``None`` (and ``ci95`` too),
    as are the accuracies without a matched quote; precision with gold items
    but no prediction is 0.0, and so is recall with predictions but no gold
    item. Only the requested task's key is present when ``task`` is
    ``"entities"`` or ``"quotes"``.
    ``counts`` also holds ``documents`` (gold documents), ``documents_missing``
    (gold documents without a prediction) and ``documents_unknown``
    (predicted documents not in the gold, ignored).
    """
    return score(gold, pred, task=task).result(bootstrap=bootstrap, seed=seed)


def evaluate_files(
    gold_path: str | PathLike[str],
    pred_path: str | PathLike[str],
    *,
    task: str = "all",
    bootstrap: int = 0,
    seed: int = 0,
) -> dict[str, Any]:
    """:func:`evaluate` on two gold-format files; errors name the file and line."""
    return score_files(gold_path, pred_path, task=task).result(bootstrap=bootstrap, seed=seed)


def per_document(
    gold: Iterable[Document] | Sequence[Document], pred: Iterable[Document], *, task: str = "all"
) -> list[dict[str, Any]]:
    """One row per gold document, in gold order: its id, counts and figures.

    Keys: ``id``; for entities ``entities_gold``, ``entities_pred``,
    ``entities_strict_f1``, ``entities_type_f1``; for quotes ``quotes_gold``,
    ``quotes_pred``, ``quotes_content_f1`` (contents matched at 0.3) and
    ``quotes_attribution_f1``. An F1 is ``None`` when the document has neither
    gold nor predicted items for it.
    """
    return score(gold, pred, task=task).per_document()
