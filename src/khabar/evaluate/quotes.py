"""Quote scoring: contents matched one to one, then sources and cues judged on the matched pairs.

Contents
    Gold and predicted quotes are matched greedily by shared characters (see
    :mod:`khabar.evaluate.matching`), once per threshold:

    - ``overlap_0.3`` / ``overlap_0.8``: a pair needs ``shared / len(gold content) >= t``
      (the Gender Gap Tracker's definition);
    - ``exact``: same start and same end.

    Precision is matched pairs / predicted quotes, recall matched pairs / gold quotes;
    every figure is ``None`` where it has nothing to score (:mod:`khabar.evaluate.metrics`).

Sources and cues
    Judged only on the content pairs matched at 0.3; quotes left unmatched do
    not count here, as in the Gender Gap Tracker's speaker metrics (they are
    already penalised by the content and attribution figures). Over those pairs:

    - precision = pairs whose spans agree / pairs with a predicted (non-null) span,
    - recall    = pairs whose spans agree / pairs with a gold (non-null) span,

    where spans *agree* for ``exact`` when both are present with the same start
    and end, and for ``overlap`` when both are present and share a character.

``speaker_accuracy`` / ``cue_accuracy``
    The share of content pairs matched at 0.3 whose predicted source (cue)
    overlaps the gold one, or where both are null; ``None`` when no pair matched.

``attribution``
    A predicted quote is correct when its content matches at 0.3 and its
    source overlaps the gold source, or both are null. Precision = correct /
    predicted quotes, recall = correct / gold quotes.

:func:`quote_counts` computes all this for one document in plain Python;
:func:`quote_table` does the same for a whole corpus with NumPy (clusters of
overlapping contents, as for entities), and is tested against it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..errors import InputError
from ..gold.model import Document, Quote, Span
from .clusters import find_clusters
from .counts import CountTable
from .entities import Where
from .matching import candidate_pairs, greedy_match
from .metrics import accuracy, prf

__all__ = ["QUOTE_COLUMNS", "THRESHOLDS", "quote_counts", "quote_section", "quote_table", "score_quotes"]

#: Content-matching thresholds reported as ``overlap_<t>``.
THRESHOLDS: tuple[float, ...] = (0.3, 0.8)
#: The threshold whose matched pairs are judged for sources, cues and attribution.
ATTRIBUTION_THRESHOLD = 0.3

QUOTE_COLUMNS: tuple[str, ...] = (
    "gold",
    "pred",
    "content/exact",
    *(f"content/overlap_{t}" for t in THRESHOLDS),
    *(
        f"{role}/{name}"
        for role in ("source", "cue")
        for name in ("exact", "overlap", "pred", "gold", "agree")
    ),
)

Pair = tuple[Document, "Document | None"]


def _agrees(gold: Span | None, pred: Span | None) -> bool:
    """For accuracy and attribution: overlapping, or both absent."""
    if gold is None or pred is None:
        return gold is None and pred is None
    return gold.overlap(pred) > 0


def quote_counts(gold: Sequence[Quote], pred: Sequence[Quote]) -> dict[str, int]:
    """The counts behind every quote figure for one document (see the module docstring).

    Plain Python, one document at a time: the reference that the corpus-wide
    :func:`quote_table` is tested against.
    """
    counts = dict.fromkeys(QUOTE_COLUMNS, 0)
    counts["gold"], counts["pred"] = len(gold), len(pred)
    if not gold or not pred:
        return counts
    gold_contents = [q.content for q in gold]
    pred_contents = [q.content for q in pred]
    candidates = candidate_pairs(gold_contents, pred_contents)
    exact = [c for c in candidates if gold_contents[c[1]] == pred_contents[c[2]]]
    counts["content/exact"] = len(greedy_match(exact, gold_contents, 1.0))
    matched_at: list[tuple[int, int]] = []
    for t in THRESHOLDS:
        matched = greedy_match(candidates, gold_contents, t)
        counts[f"content/overlap_{t}"] = len(matched)
        if t == ATTRIBUTION_THRESHOLD:
            matched_at = matched
    for i, j in matched_at:
        for role in ("source", "cue"):
            g: Span | None = getattr(gold[i], role)
            p: Span | None = getattr(pred[j], role)
            if p is not None:
                counts[f"{role}/pred"] += 1
            if g is not None:
                counts[f"{role}/gold"] += 1
            if g is not None and p is not None:
                counts[f"{role}/exact"] += g == p
                counts[f"{role}/overlap"] += g.overlap(p) > 0
            counts[f"{role}/agree"] += _agrees(g, p)
    return counts


@dataclass(frozen=True)
class _Quotes:
    """Every quote of every document, as arrays; absent sources and cues have ``present`` False."""

    doc: np.ndarray
    side: np.ndarray  # 0 gold, 1 predicted
    text_size: np.ndarray
    roles: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]  # role -> (present, start, end)


def _gather(pairs: Sequence[Pair]) -> _Quotes | None:
    flat: list[int] = []  # eleven numbers per quote: one flat list converts to an array far faster than tuples
    for d, (gold, pred) in enumerate(pairs):
        for side, doc in ((0, gold), (1, pred)):
            if doc is None or not doc.quotes:
                continue
            size = len(doc.text)
            for q in doc.quotes:
                c, s, u = q.content, q.source, q.cue
                flat += (
                    d, side, size, c.start, c.end,
                    s is not None, s.start if s is not None else 0, s.end if s is not None else 1,
                    u is not None, u.start if u is not None else 0, u.end if u is not None else 1,
                )  # fmt: skip
    if not flat:
        return None
    a = np.asarray(flat, dtype=np.int64).reshape(-1, 11)
    roles = {
        "content": (np.ones(len(a), dtype=bool), a[:, 3], a[:, 4]),
        "source": (a[:, 5].astype(bool), a[:, 6], a[:, 7]),
        "cue": (a[:, 8].astype(bool), a[:, 9], a[:, 10]),
    }
    return _Quotes(a[:, 0], a[:, 1], a[:, 2], roles)


def quote_table(pairs: Sequence[Pair], *, where: Where | None = None) -> CountTable:
    """Per-document quote counts for all documents at once (the same counts as :func:`quote_counts`).

    Raises :class:`InputError` ``E504`` for an empty or out-of-text span, located by
    ``where(pair, side)`` (the file and line of that document) when given.
    """
    table = np.zeros((len(pairs), len(QUOTE_COLUMNS)), dtype=np.int64)
    quotes = _gather(pairs)
    if quotes is None:
        return CountTable(QUOTE_COLUMNS, table)
    _check_spans(pairs, quotes, where)
    column = {name: i for i, name in enumerate(QUOTE_COLUMNS)}

    def count(name: str, rows: np.ndarray) -> None:
        """One count in column ``name`` of the document of each quote in ``rows``."""
        table[:, column[name]] += np.bincount(quotes.doc[rows], minlength=len(pairs))

    count("gold", np.flatnonzero(quotes.side == 0))
    count("pred", np.flatnonzero(quotes.side == 1))
    matched = _match_contents(quotes)
    for key, (g, _) in matched.items():
        count("content/exact" if key == "exact" else f"content/overlap_{key}", g)
    g, p = matched[ATTRIBUTION_THRESHOLD]
    for role in ("source", "cue"):
        present, start, end = quotes.roles[role]
        has_g, has_p = present[g], present[p]
        both = has_g & has_p
        overlap = both & (np.minimum(end[g], end[p]) - np.maximum(start[g], start[p]) > 0)
        count(f"{role}/pred", g[has_p])
        count(f"{role}/gold", g[has_g])
        count(f"{role}/exact", g[both & (start[g] == start[p]) & (end[g] == end[p])])
        count(f"{role}/overlap", g[overlap])
        count(f"{role}/agree", g[overlap | (~has_g & ~has_p)])
    return CountTable(QUOTE_COLUMNS, table)


def _match_contents(quotes: _Quotes) -> dict[object, tuple[np.ndarray, np.ndarray]]:
    """Matched (gold rows, predicted rows) for ``"exact"`` and each of :data:`THRESHOLDS`.

    Contents are split into clusters of overlapping spans
    (:mod:`khabar.evaluate.clusters`): a cluster of one gold and one predicted
    content is matched with array arithmetic, crowded ones with
    :func:`~khabar.evaluate.matching.greedy_match`, which gives the same pairs
    as matching the whole document.
    """
    _, cs, ce = quotes.roles["content"]
    side = quotes.side
    clusters = find_clusters(quotes.doc, cs, ce, side)
    keys: list[object] = ["exact", *THRESHOLDS]
    found: dict[object, list[tuple[np.ndarray, np.ndarray]]] = {key: [] for key in keys}

    g, p = clusters.pairs((clusters.gold == 1) & (clusters.pred == 1), side)
    shared = np.minimum(ce[g], ce[p]) - np.maximum(cs[g], cs[p])
    hit = (cs[g] == cs[p]) & (ce[g] == ce[p])
    found["exact"].append((g[hit], p[hit]))
    for t in THRESHOLDS:
        hit = shared / (ce[g] - cs[g]) >= t  # the same comparison as greedy_match
        found[t].append((g[hit], p[hit]))

    rows, groups = clusters.groups((clusters.gold + clusters.pred > 2) & (clusters.gold > 0) & (clusters.pred > 0))
    row_l, side_l, start_l, end_l = (x.tolist() for x in (rows, side[rows], cs[rows], ce[rows]))
    crowded: dict[object, list[int]] = {key: [] for key in keys}  # gold row, pred row, gold row, ...
    for group in groups:
        gold_rows = [row_l[k] for k in group if side_l[k] == 0]
        pred_rows = [row_l[k] for k in group if side_l[k] == 1]
        gold_spans = [Span(start_l[k], end_l[k]) for k in group if side_l[k] == 0]
        pred_spans = [Span(start_l[k], end_l[k]) for k in group if side_l[k] == 1]
        candidates = candidate_pairs(gold_spans, pred_spans)
        same = [c for c in candidates if gold_spans[c[1]] == pred_spans[c[2]]]
        for key in keys:
            if key == "exact":
                chosen = greedy_match(same, gold_spans, 1.0)
            else:
                chosen = greedy_match(candidates, gold_spans, key)
            for i, j in chosen:
                crowded[key] += (gold_rows[i], pred_rows[j])
    for key in keys:
        both = np.asarray(crowded[key], dtype=np.int64).reshape(-1, 2)
        found[key].append((both[:, 0], both[:, 1]))
    joined = {}
    for key in keys:
        gold_parts, pred_parts = zip(*found[key])
        joined[key] = (np.concatenate(gold_parts), np.concatenate(pred_parts))
    return joined


def _check_spans(pairs: Sequence[Pair], quotes: _Quotes, where: Where | None = None) -> None:
    for role, (present, start, end) in quotes.roles.items():
        bad = np.flatnonzero(present & ((start < 0) | (end <= start) | (end > quotes.text_size)))
        if bad.size:
            _raise_bad_span(pairs, quotes.doc, quotes.side, int(bad[0]), role, where)


def _raise_bad_span(
    pairs: Sequence[Pair], doc: np.ndarray, side: np.ndarray, row: int, role: str, where: Where | None = None
) -> None:
    d, s = int(doc[row]), int(side[row])
    index = int(np.count_nonzero((doc[:row] == d) & (side[:row] == s)))
    document = pairs[d][s]
    assert document is not None
    span = getattr(document.quotes[index], role)
    raise InputError(
        "E504",
        f"{'gold' if s == 0 else 'predicted'} {role} span [{span.start}, {span.end}) is empty or outside "
        f"the text ({len(document.text)} characters)",
        doc_id=document.id,
        field=f"quotes[{index}].{role}",
        **(where(d, s) if where is not None else {}),
    )


def quote_section(totals: dict) -> dict:
    """The ``"quotes"`` part of the result from summed counts (numbers, or arrays of replicates)."""
    gold, pred = totals["gold"], totals["pred"]
    matched = totals[f"content/overlap_{ATTRIBUTION_THRESHOLD}"]
    content = {"exact": prf(totals["content/exact"], pred, totals["content/exact"], gold)}
    for t in THRESHOLDS:
        content[f"overlap_{t}"] = prf(totals[f"content/overlap_{t}"], pred, totals[f"content/overlap_{t}"], gold)
    section: dict = {"content": content}
    for role in ("source", "cue"):
        section[role] = {
            name: prf(hits := totals[f"{role}/{name}"], totals[f"{role}/pred"], hits, totals[f"{role}/gold"])
            for name in ("exact", "overlap")
        }
    section["speaker_accuracy"] = accuracy(totals["source/agree"], matched)
    section["cue_accuracy"] = accuracy(totals["cue/agree"], matched)
    section["attribution"] = prf(totals["source/agree"], pred, totals["source/agree"], gold)
    section["counts"] = {"gold": totals["gold"], "pred": totals["pred"]}
    return section


def score_quotes(pairs: Sequence[Pair]) -> dict:
    """Quote figures for ``(gold, pred)`` document pairs (``pred`` may be ``None``: predicts nothing)."""
    return quote_section(quote_table(pairs).totals())

