"""Named-entity scoring: the four SemEval-2013 task 9.1 schemes, exactly as nervaluate 1.2.1 counts them.

=========  ===================================================  ==========================
scheme     a predicted entity is *correct* when it has          credit for an overlap only
=========  ===================================================  ==========================
strict     the same span and the same label                     none (incorrect)
exact      the same span                                        none (incorrect)
partial    the same span                                        half (partial)
type       an overlapping span and the same label               none (incorrect)
=========  ===================================================  ==========================

Each predicted entity is COR(rect), INC(orrect), PAR(tial) or SPU(rious);
each gold entity nobody claimed is MIS(sed). Then ``ACT = COR+INC+PAR+SPU``,
``POS = COR+INC+PAR+MIS``, precision ``(COR + 0.5*PAR)/ACT`` and recall
``(COR + 0.5*PAR)/POS`` (PAR is 0 outside the partial scheme). Counts are
summed over documents before dividing (micro average); ``per_label`` repeats
the whole computation on the entities of one label only, as nervaluate does.

Why not call nervaluate directly: it compares every predicted entity with
every gold one in Python, four times, plus four times per label: about
3,000 documents per second (``benchmarks/evaluate.py``), so more than half a
minute for 100,000 documents, against a target of ten seconds. This module
reproduces its rules bit for bit (the tests compare both on real and random
data) but splits each document into *clusters* of mutually overlapping
entities, since nervaluate's greedy pass never lets an entity affect another
it does not overlap (see :mod:`khabar.evaluate.clusters`). Clusters with at
most one gold entity (nearly all of them) are counted with NumPy across all
documents at once; the rest go through :func:`nervaluate_counts`, a
line-by-line transcription of nervaluate's strategies.

Details inherited from nervaluate, kept so the figures are comparable:

- a span "overlaps" a gold span when it covers at least 1% of it
  (``min_overlap_percentage=1.0``), which only matters for gold spans longer
  than 100 characters;
- predicted entities are visited in order, each takes the first gold entity
  it can claim (in the type scheme, the same-label one with the closest
  boundaries). khabar sorts both sides by ``(start, end, label)`` first, so
  the result does not depend on the order a tool happened to write them in.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import InputError
from ..gold.model import ENTITY_LABELS, Document
from .clusters import Clusters, find_clusters
from .counts import CountTable
from .matching import match_spans
from .metrics import prf

__all__ = [
    "CATEGORIES",
    "SCHEMES",
    "confusion",
    "entity_section",
    "entity_table",
    "table_labels",
    "nervaluate_counts",
    "score_entities",
    "unpaired",
]

SCHEMES: tuple[str, ...] = ("strict", "exact", "partial", "type")
CATEGORIES: tuple[str, ...] = ("COR", "INC", "PAR", "MIS", "SPU")
_COR, _INC, _PAR, _MIS, _SPU = range(5)
_STRICT, _EXACT, _PARTIAL, _TYPE = range(4)

#: One entity as the counting code sees it: (start, end, label), end exclusive.
Triple = tuple[int, int, str]
Pair = tuple[Document, "Document | None"]
#: Where the document of a pair and side (0 gold, 1 predicted) came from: ``{"path": ..., "line": ...}``, for errors.
Where = Callable[[int, int], dict[str, Any]]


# --------------------------------------------------------------------------- reference rules


def _sufficient(pred: Triple, gold: Triple) -> bool:
    """nervaluate's ``_has_sufficient_overlap`` with its default 1% threshold, for end-exclusive spans."""
    if pred[0] >= gold[1] or pred[1] <= gold[0]:
        return False
    shared = min(pred[1], gold[1]) - max(pred[0], gold[0])
    # The same float expression as nervaluate, so borderline cases round identically.
    return (shared / (gold[1] - gold[0])) * 100.0 >= 1.0


def nervaluate_counts(gold: Sequence[Triple], pred: Sequence[Triple]) -> list[list[int]]:
    """Counts ``[scheme][category]`` for one list of gold and one of predicted entities, in the given order.

    A transcription of nervaluate 1.2.1's four strategies (``strategies.py``).
    """
    out = [[0] * 5 for _ in SCHEMES]
    for scheme in range(4):
        counts = out[scheme]
        matched: set[int] = set()
        for p in pred:
            hit: int | None = None  # index of the gold entity this prediction claims
            category = _SPU
            if scheme == _TYPE:
                best_distance: int | None = None
                first_wrong: int | None = None
                for gi, g in enumerate(gold):
                    if gi in matched or not _sufficient(p, g):
                        continue
                    distance = abs(p[0] - g[0]) + abs(p[1] - g[1])
                    if p[2] == g[2]:
                        if best_distance is None or distance < best_distance:
                            hit, best_distance = gi, distance
                    elif first_wrong is None:
                        first_wrong = gi
                if hit is not None:
                    category = _COR
                elif first_wrong is not None:
                    hit, category = first_wrong, _INC
            else:
                fallback: int | None = None
                for gi, g in enumerate(gold):
                    if gi in matched:
                        continue
                    same_span = p[0] == g[0] and p[1] == g[1]
                    if scheme == _PARTIAL:
                        if _sufficient(p, g):
                            if same_span:
                                hit, category = gi, _COR
                                break
                            if fallback is None:
                                fallback = gi
                        continue
                    if same_span and (scheme == _EXACT or p[2] == g[2]):
                        hit, category = gi, _COR
                        break
                    if fallback is None and _sufficient(p, g):
                        fallback = gi
                if category != _COR and fallback is not None:
                    hit, category = fallback, (_PAR if scheme == _PARTIAL else _INC)
            counts[category] += 1
            if hit is not None:
                matched.add(hit)
        counts[_MIS] += len(gold) - len(matched)
    return out


# --------------------------------------------------------------------------- the fast table


def _column(scope: int, scheme: int, category: int) -> int:
    """Column of a count: 0 and 1 are gold and predicted entities, then 20 per scope (micro, then each label)."""
    return 2 + (scope * 4 + scheme) * 5 + category


def _columns(labels: Sequence[str]) -> tuple[str, ...]:
    names = ["gold", "pred"]
    for scope in ("micro", *labels):
        for scheme in SCHEMES:
            names.extend(f"{scope}/{scheme}/{cat}" for cat in CATEGORIES)
    return tuple(names)


def table_labels(table: CountTable) -> tuple[str, ...]:
    """The labels an :func:`entity_table` has columns for, in order."""
    return tuple(name.split("/", 1)[0] for name in table.columns[2 + 20 :: 20])


@dataclass(frozen=True)
class _Spans:
    """Every entity of every document, as arrays: document row, start, end, label number, side (0 gold, 1 pred)."""

    doc: np.ndarray
    start: np.ndarray
    end: np.ndarray
    label: np.ndarray
    side: np.ndarray
    labels: tuple[str, ...]


def _gather(pairs: Sequence[Pair], labels: Sequence[str] | None) -> _Spans:
    seen: dict[str, int] = {label: i for i, label in enumerate(labels if labels is not None else ENTITY_LABELS)}
    known = len(seen)
    docs: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    label_ids: list[int] = []
    sides: list[int] = []
    for d, (gold, pred) in enumerate(pairs):
        for side, doc in ((0, gold), (1, pred)):
            if doc is None or not doc.entities:
                continue
            ents = doc.entities
            docs.extend([d] * len(ents))
            starts.extend([e.start for e in ents])
            ends.extend([e.end for e in ents])
            label_ids.extend([seen.setdefault(e.label, len(seen)) for e in ents])
            sides.extend([side] * len(ents))
    # Labels met on the way go after the known ones, sorted, whatever order they came in.
    names = list(seen)
    ordered = tuple(names[:known]) + tuple(sorted(names[known:]))
    remap = np.asarray([ordered.index(name) for name in names], dtype=np.int64)
    as_array = lambda values: np.asarray(values, dtype=np.int64)  # noqa: E731
    label = remap[as_array(label_ids)] if label_ids else as_array([])
    return _Spans(as_array(docs), as_array(starts), as_array(ends), label, as_array(sides), ordered)


class _Events:
    """Counts to add to the table, as flat ``document * width + column`` indices, summed once at the end."""

    def __init__(self, spans: _Spans, n_docs: int, width: int) -> None:
        self.spans, self.n_docs, self.width = spans, n_docs, width
        self.ones: list[np.ndarray] = []  # one count per index
        self.blocks: list[tuple[int, list[list[int]]]] = []  # (first index, [scheme][category] counts)

    def add(self, rows: np.ndarray, column: np.ndarray | int) -> None:
        """One count in ``column`` of the document of each span in ``rows``."""
        self.ones.append(self.spans.doc[rows] * self.width + column)

    def add_counts(self, doc: int, scope: int, counts: list[list[int]]) -> None:
        """A ``[scheme][category]`` block from :func:`nervaluate_counts`."""
        self.blocks.append((doc * self.width + _column(scope, 0, 0), counts))

    def table(self) -> np.ndarray:
        size = self.n_docs * self.width
        flat = np.bincount(np.concatenate(self.ones), minlength=size) if self.ones else np.zeros(size, dtype=np.int64)
        if self.blocks:
            first = np.asarray([b[0] for b in self.blocks], dtype=np.int64)
            counts = np.asarray([b[1] for b in self.blocks], dtype=np.int64).reshape(len(self.blocks), 20)
            np.add.at(flat, (first[:, None] + np.arange(20)).ravel(), counts.ravel())
        return flat.reshape(self.n_docs, self.width)


def entity_table(pairs: Sequence[Pair], labels: Sequence[str] | None = None, *, where: Where | None = None) -> CountTable:
    """Per-document entity counts for every scope (micro and each label), scheme and category.

    ``labels`` defaults to :data:`ENTITY_LABELS`; labels met that are not in
    it get columns too, after them, sorted (see :func:`table_labels`). Raises
    :class:`InputError` ``E503`` for an empty span or one outside the text,
    located by ``where(pair, side)`` (the file and line of that document) when given.
    """
    spans = _gather(pairs, labels)
    _check_spans(pairs, spans, where)
    width = 2 + (1 + len(spans.labels)) * 4 * 5
    events = _Events(spans, len(pairs), width)
    events.add(np.arange(spans.doc.size), spans.side)  # columns 0 and 1: gold and predicted entities
    clusters = find_clusters(spans.doc, spans.start, spans.end, spans.side)
    one_sided = (clusters.gold == 0) | (clusters.pred == 0)
    one_gold = (clusters.gold == 1) & (clusters.pred >= 1)
    _count_one_sided(spans, clusters.rows_where(one_sided), events)
    _count_one_gold(spans, clusters, one_gold, events)
    _count_crowded(spans, clusters, ~one_sided & ~one_gold, events)
    return CountTable(_columns(spans.labels), events.table())


def _count_one_sided(spans: _Spans, rows: np.ndarray, events: _Events) -> None:
    """Clusters with one side only: every gold entity missed, every prediction spurious, everywhere."""
    category = np.where(spans.side[rows] == 0, _MIS, _SPU)
    for scheme in range(4):
        events.add(rows, _column(0, scheme, 0) + category)
        events.add(rows, _column(1, scheme, 0) + spans.label[rows] * 20 + category)


def _count_one_gold(spans: _Spans, clusters: Clusters, selected: np.ndarray, events: _Events) -> None:
    """Clusters of one gold entity and any number of predictions.

    Each prediction's category against the gold entity follows from three
    booleans (same span, same label, enough overlap); the first prediction in
    ``(start, end, label)`` order that can claim the gold entity does, as in
    nervaluate's loop, and the others are spurious.
    """
    rows = clusters.rows_where(selected)
    if not rows.size:
        return
    start, end, label = spans.start, spans.end, spans.label
    is_gold = spans.side[rows] == 0
    gold_rows = rows[is_gold]
    gold_of_cluster = np.full(len(clusters.gold), -1, dtype=np.int64)
    gold_of_cluster[clusters.of[gold_rows]] = gold_rows
    p = rows[~is_gold]
    # Order only matters where predictions compete: put those clusters' predictions
    # in claiming order (labels compare as strings, as in nervaluate_counts).
    crowded = clusters.pred[clusters.of[p]] > 1
    if crowded.any():
        q = p[crowded]
        label_rank = np.argsort(np.argsort(np.asarray(spans.labels, dtype=object)))
        p = np.concatenate([p[~crowded], q[np.lexsort((label_rank[label[q]], end[q], start[q], clusters.of[q]))]])
    alone = clusters.pred[clusters.of[p]] == 1
    g = gold_of_cluster[clusters.of[p]]  # the gold entity each prediction faces
    same_span = (start[g] == start[p]) & (end[g] == end[p])
    same_label = label[g] == label[p]
    shared = np.minimum(end[g], end[p]) - np.maximum(start[g], start[p])
    enough = (shared / (end[g] - start[g])) * 100.0 >= 1.0  # the same float expression as _sufficient
    cannot = -1
    by_scheme = {
        _STRICT: np.where(same_span & same_label, _COR, np.where(enough, _INC, cannot)),
        _EXACT: np.where(same_span, _COR, np.where(enough, _INC, cannot)),
        _PARTIAL: np.where(same_span, _COR, np.where(enough, _PAR, cannot)),
        _TYPE: np.where(enough, np.where(same_label, _COR, _INC), cannot),
    }

    def first_per_cluster(candidate: np.ndarray) -> np.ndarray:
        chosen = candidate & alone
        index = np.flatnonzero(candidate & ~alone)
        if index.size:
            of = clusters.of[p[index]]
            # Competing predictions are grouped by cluster, in order: the first candidate of each run wins.
            first = np.ones(index.size, dtype=bool)
            first[1:] = of[1:] != of[:-1]
            chosen[index[first]] = True
        return chosen

    def gold_missed(chosen: np.ndarray) -> np.ndarray:
        claimed = np.zeros(len(clusters.gold), dtype=bool)
        claimed[clusters.of[p[chosen]]] = True
        return gold_rows[~claimed[clusters.of[gold_rows]]]

    for scheme, category in by_scheme.items():
        micro = _column(0, scheme, 0)
        chosen = first_per_cluster(category >= 0)
        events.add(p[chosen], micro + category[chosen])
        events.add(p[~chosen], micro + _SPU)
        events.add(gold_missed(chosen), micro + _MIS)
        # Per label, only predictions with the gold label compete for it (with
        # their micro category); the others are alone in their label.
        by_label = _column(1, scheme, 0)
        chosen = first_per_cluster((category >= 0) & same_label)
        events.add(p[chosen], by_label + label[p[chosen]] * 20 + category[chosen])
        events.add(p[~chosen], by_label + label[p[~chosen]] * 20 + _SPU)
        missed = gold_missed(chosen)
        events.add(missed, by_label + label[missed] * 20 + _MIS)


def _count_crowded(spans: _Spans, clusters: Clusters, selected: np.ndarray, events: _Events) -> None:
    """Clusters with several gold entities: nervaluate's rules, transcribed, cluster by cluster."""
    rows, groups = clusters.groups(selected)
    label_id = {label: i for i, label in enumerate(spans.labels)}
    doc_l, start_l, end_l, side_l = (x[rows].tolist() for x in (spans.doc, spans.start, spans.end, spans.side))
    label_l = [spans.labels[i] for i in spans.label[rows].tolist()]
    for group in groups:
        doc = doc_l[group[0]]
        gold = sorted((start_l[k], end_l[k], label_l[k]) for k in group if side_l[k] == 0)
        pred = sorted((start_l[k], end_l[k], label_l[k]) for k in group if side_l[k] == 1)
        micro = nervaluate_counts(gold, pred)
        events.add_counts(doc, 0, micro)
        present = {label_l[k] for k in group}
        if len(present) == 1:  # nothing is filtered out: the label's counts are the micro ones
            events.add_counts(doc, 1 + label_id[present.pop()], micro)
            continue
        for name in present:
            counts = nervaluate_counts([t for t in gold if t[2] == name], [t for t in pred if t[2] == name])
            events.add_counts(doc, 1 + label_id[name], counts)


def _check_spans(pairs: Sequence[Pair], spans: _Spans, where: Where | None = None) -> None:
    lengths = np.fromiter((len(gold.text) for gold, _ in pairs), dtype=np.int64, count=len(pairs))
    bad = np.flatnonzero((spans.start < 0) | (spans.end <= spans.start) | (spans.end > lengths[spans.doc]))
    if not bad.size:
        return
    i = int(bad[0])
    d, side = int(spans.doc[i]), int(spans.side[i])
    doc = pairs[d][side]
    assert doc is not None
    position = int(np.count_nonzero((spans.doc[:i] == d) & (spans.side[:i] == side)))
    entity = doc.entities[position]
    raise InputError(
        "E503",
        f"{'gold' if side == 0 else 'predicted'} entity [{entity.start}, {entity.end}) is empty or outside "
        f"the text ({len(doc.text)} characters)",
        doc_id=doc.id,
        field=f"entities[{position}]",
        **(where(d, side) if where is not None else {}),
    )


# --------------------------------------------------------------------------- figures


def entity_section(totals: dict, labels: Sequence[str]) -> dict:
    """The ``"entities"`` part of the result from summed counts (numbers, or arrays of replicates)."""

    def scope_figures(scope: str) -> dict:
        figures = {}
        for scheme in SCHEMES:
            c = {cat: totals[f"{scope}/{scheme}/{cat}"] for cat in CATEGORIES}
            actual = c["COR"] + c["INC"] + c["PAR"] + c["SPU"]
            possible = c["COR"] + c["INC"] + c["PAR"] + c["MIS"]
            correct = c["COR"] + 0.5 * c["PAR"]
            figures[scheme] = prf(correct, actual, correct, possible)
        return figures

    return {
        "micro": scope_figures("micro"),
        "per_label": {label: scope_figures(label) for label in labels},
        "counts": {"gold": totals["gold"], "pred": totals["pred"]},
    }


def score_entities(pairs: Sequence[Pair]) -> dict:
    """Entity figures for ``(gold, pred)`` document pairs (``pred`` may be ``None``: predicts nothing)."""
    table = entity_table(pairs)
    return entity_section(table.totals(), table_labels(table))


def confusion(pairs: Sequence[Pair]) -> dict[str, dict[str, int]]:
    """``[gold_label][pred_label] -> count`` over gold and predicted entities whose spans overlap.

    Spans are paired one to one, greedily by shared characters (see
    :mod:`khabar.evaluate.matching`), so every entity counts at most once;
    entities without an overlapping partner do not appear.
    """
    table: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for gold, pred in pairs:
        if pred is None or not gold.entities or not pred.entities:
            continue
        for i, j in match_spans([e.span for e in gold.entities], [e.span for e in pred.entities], 0.0):
            table[gold.entities[i].label][pred.entities[j].label] += 1
    return {g: dict(row) for g, row in table.items()}


def unpaired(pairs: Sequence[Pair]) -> tuple[dict[str, int], dict[str, int]]:
    """``(missed, spurious)``: per label, the gold entities and the predicted ones that :func:`confusion` leaves out
    (no partner overlaps them), paired the same way; together with it, every entity of both sides counts once."""
    missed: Counter[str] = Counter()
    spurious: Counter[str] = Counter()
    for gold, pred in pairs:
        predicted = pred.entities if pred is not None else []
        matched = match_spans([e.span for e in gold.entities], [e.span for e in predicted], 0.0) if gold.entities and predicted else []
        paired_gold, paired_pred = {i for i, _ in matched}, {j for _, j in matched}
        missed.update(e.label for i, e in enumerate(gold.entities) if i not in paired_gold)
        spurious.update(e.label for j, e in enumerate(predicted) if j not in paired_pred)
    return dict(missed), dict(spurious)
