"""Named-entity scoring: the four SemEval-2013 task 9.1 schemes, with nervaluate 1.2.1's categories.

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
A scope with neither gold nor predicted entities has nothing to score: its
figures are ``None`` (see :mod:`khabar.evaluate.metrics`).

Pairing: one to one, exact matches first. nervaluate visits the predictions
in order and lets each claim the first gold entity it overlaps, so a nested
prediction that comes first takes the gold entity from the one that matches
it exactly (gold ``محمد علي`` PERS, predicted ``محمد`` LOC and ``محمد علي``
PERS: strict F1 0, where 0.667 is right). khabar pairs in two passes over the
predictions in ``(start, end, label)`` order, against the gold entities in
the same order (:data:`PASSES`):

1. each prediction takes an unpaired gold entity with the same span and label
   (in the exact and partial schemes, the same span: all that they ask);
2. the predictions left claim by nervaluate's rule among the gold entities
   left: the first one they overlap (the type scheme: the same label with the
   closest boundaries, else the first one they overlap).

So an exact match is never lost to an overlapping prediction, and the strict,
exact and partial schemes find every correct pair there is. When neither
side's spans overlap each other (a BIO tagger's output against gold without
nested entities), an exact match has no rival and the counts are
nervaluate's. The second pass keeps nervaluate's order-dependence, which the
type scheme shows without any nesting: a wrongly labelled piece of a split
entity (``تونس`` LOC in gold ``وكالة تونس افريقيا للأنباء`` ORG) claims it
before the rightly labelled piece after it (``للأنباء`` ORG) can; kept so that
the figures of taggers stay those nervaluate gives. Not an optimal assignment
(:func:`scipy.optimize.linear_sum_assignment`) either, for the same reason.

Why not call nervaluate at all: besides the pairing, it compares every
predicted entity with every gold one in Python, four times, plus four times
per label: about 3,000 documents per second (``benchmarks/evaluate.py``), so
more than half a minute for 100,000 documents, against a target of ten
seconds. This module splits each document into *clusters* of mutually
overlapping entities, since a prediction only ever claims a gold entity it
overlaps (see :mod:`khabar.evaluate.clusters`). Clusters with at most one gold
entity (nearly all of them) are counted with NumPy across all documents at
once; the rest go through :func:`scheme_counts`, the passes in plain Python.

A detail inherited from nervaluate, kept so the figures are comparable: a
span "overlaps" a gold span when it covers at least 1% of it
(``min_overlap_percentage=1.0``), which only matters for gold spans longer
than 100 characters.
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
    "scheme_counts",
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


def _same_entity(pred: Triple, gold: Triple) -> bool:
    return pred == gold


def _same_span(pred: Triple, gold: Triple) -> bool:
    return pred[0] == gold[0] and pred[1] == gold[1]


#: How a prediction claims a gold entity in one pass: from the prediction, the gold entities and the indices
#: already paired, the index it claims and the pair's category, or ``None``.
Claim = Callable[[Triple, Sequence[Triple], set[int]], "tuple[int, int] | None"]


def _first(admits: Callable[[Triple, Triple], bool], category: int) -> Claim:
    """Claim the first unpaired gold entity that ``admits`` the prediction."""

    def claim(pred: Triple, gold: Sequence[Triple], paired: set[int]) -> tuple[int, int] | None:
        for gi, g in enumerate(gold):
            if gi not in paired and admits(pred, g):
                return gi, category
        return None

    return claim


def _closest_same_label(pred: Triple, gold: Sequence[Triple], paired: set[int]) -> tuple[int, int] | None:
    """nervaluate's type rule: the overlapping gold entity of the same label with the closest boundaries (COR),
    else the first overlapping one (INC)."""
    hit: int | None = None
    best_distance: int | None = None
    first_other: int | None = None
    for gi, g in enumerate(gold):
        if gi in paired or not _sufficient(pred, g):
            continue
        if pred[2] == g[2]:
            distance = abs(pred[0] - g[0]) + abs(pred[1] - g[1])
            if best_distance is None or distance < best_distance:
                hit, best_distance = gi, distance
        elif first_other is None:
            first_other = gi
    if hit is not None:
        return hit, _COR
    return (first_other, _INC) if first_other is not None else None


#: Each scheme's passes: exact matches first, then nervaluate's own rule (see the module docstring).
PASSES: dict[int, tuple[Claim, Claim]] = {
    _STRICT: (_first(_same_entity, _COR), _first(_sufficient, _INC)),
    _EXACT: (_first(_same_span, _COR), _first(_sufficient, _INC)),
    _PARTIAL: (_first(_same_span, _COR), _first(_sufficient, _PAR)),
    _TYPE: (_first(_same_entity, _COR), _closest_same_label),
}


def scheme_counts(gold: Sequence[Triple], pred: Sequence[Triple]) -> list[list[int]]:
    """Counts ``[scheme][category]`` for one list of gold and one of predicted entities.

    The plain-Python reference of the pairing (see the module docstring): each
    scheme's passes in turn, every prediction not yet paired claiming in the
    given order. Both lists are expected sorted by ``(start, end, label)``, as
    :func:`entity_table` sorts them.
    """
    out = []
    for scheme in range(4):
        counts = [0] * 5
        paired_gold: set[int] = set()
        paired_pred: set[int] = set()
        for claim in PASSES[scheme]:
            for pi, p in enumerate(pred):
                if pi in paired_pred:
                    continue
                claimed = claim(p, gold, paired_gold)
                if claimed is not None:
                    paired_gold.add(claimed[0])
                    paired_pred.add(pi)
                    counts[claimed[1]] += 1
        counts[_SPU] = len(pred) - len(paired_pred)
        counts[_MIS] = len(gold) - len(paired_gold)
        out.append(counts)
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
        """A ``[scheme][category]`` block from :func:`scheme_counts`."""
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

    Each prediction's category against the gold entity, and the pass of
    :data:`PASSES` that pairs them, follow from three booleans (same span, same
    label, enough overlap). The first prediction in ``(start, end, label)``
    order of the earliest pass claims the gold entity, as in
    :func:`scheme_counts`; the others are spurious.
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
    # in claiming order (labels compare as strings, as in scheme_counts).
    crowded = clusters.pred[clusters.of[p]] > 1
    if crowded.any():
        q = p[crowded]
        label_rank = np.argsort(np.argsort(np.asarray(spans.labels, dtype=object)))
        p = np.concatenate([p[~crowded], q[np.lexsort((label_rank[label[q]], end[q], start[q], clusters.of[q]))]])
    cluster = clusters.of[p]
    alone = clusters.pred[cluster] == 1
    g = gold_of_cluster[cluster]  # the gold entity each prediction faces
    same_span = (start[g] == start[p]) & (end[g] == end[p])
    same_label = label[g] == label[p]
    same = same_span & same_label
    shared = np.minimum(end[g], end[p]) - np.maximum(start[g], start[p])
    enough = (shared / (end[g] - start[g])) * 100.0 >= 1.0  # the same float expression as _sufficient
    never = 2  # no pass pairs them
    # (the pass of PASSES that pairs the prediction with the gold entity, the pair's category)
    by_scheme = {
        _STRICT: (np.where(same, 0, np.where(enough, 1, never)), np.where(same, _COR, _INC)),
        _EXACT: (np.where(same_span, 0, np.where(enough, 1, never)), np.where(same_span, _COR, _INC)),
        _PARTIAL: (np.where(same_span, 0, np.where(enough, 1, never)), np.where(same_span, _COR, _PAR)),
        _TYPE: (np.where(same, 0, np.where(enough, 1, never)), np.where(same_label, _COR, _INC)),
    }

    def claimants(admitted_in: np.ndarray) -> np.ndarray:
        """The predictions that claim their cluster's gold entity: the first of the earliest pass that pairs one."""
        chosen = alone & (admitted_in < never)
        index = np.flatnonzero(~alone & (admitted_in < never))
        if index.size:
            # Competing predictions are grouped by cluster in claiming order; a stable sort by pass keeps that order.
            index = index[np.lexsort((admitted_in[index], cluster[index]))]
            first = np.ones(index.size, dtype=bool)
            first[1:] = cluster[index[1:]] != cluster[index[:-1]]
            chosen[index[first]] = True
        return chosen

    def gold_missed(chosen: np.ndarray) -> np.ndarray:
        claimed = np.zeros(len(clusters.gold), dtype=bool)
        claimed[cluster[chosen]] = True
        return gold_rows[~claimed[clusters.of[gold_rows]]]

    for scheme, (admitted_in, category) in by_scheme.items():
        micro = _column(0, scheme, 0)
        chosen = claimants(admitted_in)
        events.add(p[chosen], micro + category[chosen])
        events.add(p[~chosen], micro + _SPU)
        events.add(gold_missed(chosen), micro + _MIS)
        # Per label, only predictions with the gold label compete for it (with
        # their micro pass and category); the others are alone in their label.
        by_label = _column(1, scheme, 0)
        chosen = claimants(np.where(same_label, admitted_in, never))
        events.add(p[chosen], by_label + label[p[chosen]] * 20 + category[chosen])
        events.add(p[~chosen], by_label + label[p[~chosen]] * 20 + _SPU)
        missed = gold_missed(chosen)
        events.add(missed, by_label + label[missed] * 20 + _MIS)


def _count_crowded(spans: _Spans, clusters: Clusters, selected: np.ndarray, events: _Events) -> None:
    """Clusters with several gold entities: :func:`scheme_counts`, cluster by cluster."""
    rows, groups = clusters.groups(selected)
    label_id = {label: i for i, label in enumerate(spans.labels)}
    doc_l, start_l, end_l, side_l = (x[rows].tolist() for x in (spans.doc, spans.start, spans.end, spans.side))
    label_l = [spans.labels[i] for i in spans.label[rows].tolist()]
    for group in groups:
        doc = doc_l[group[0]]
        gold = sorted((start_l[k], end_l[k], label_l[k]) for k in group if side_l[k] == 0)
        pred = sorted((start_l[k], end_l[k], label_l[k]) for k in group if side_l[k] == 1)
        micro = scheme_counts(gold, pred)
        events.add_counts(doc, 0, micro)
        present = {label_l[k] for k in group}
        if len(present) == 1:  # nothing is filtered out: the label's counts are the micro ones
            events.add_counts(doc, 1 + label_id[present.pop()], micro)
            continue
        for name in present:
            counts = scheme_counts([t for t in gold if t[2] == name], [t for t in pred if t[2] == name])
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
