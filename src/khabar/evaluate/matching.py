"""Greedy one-to-one matching of gold and predicted spans by shared characters, exact matches first.

The rule, used for quote contents and reused by adjudication and the type
confusion table:

1. Every (gold, predicted) pair that shares at least one character is a
   candidate. Its *shared* count is the number of characters both spans cover.
2. A candidate *qualifies* at threshold ``t`` when ``shared / len(gold) >= t``
   (the Gender Gap Tracker's definition: the share of the gold span that the
   prediction covers). ``t = 0`` admits every candidate.
3. Qualifying candidates are sorted with exact matches (the same span) first,
   then by shared characters, largest first; ties go to the earlier gold span,
   then the earlier predicted span (by start, then end, then list position),
   so the result never depends on hashing.
4. Pairs are taken in that order whenever neither side is taken yet.

An exact match shares the whole of its gold span, more than any other
prediction can, so putting exact matches first only settles ties: a
prediction that contains the gold span and starts before it would otherwise
take it from the one that matches it exactly, and leave unmatched a gold span
that only it covers (gold ``[5, 15)`` and ``[0, 4)``, predicted ``[0, 15)`` and
``[5, 15)``: one pair instead of two). Without an exact match at stake the
order is the plain greedy one.

The matching is done separately for each threshold, on the pairs that qualify
at it: a long gold span that a prediction barely covers cannot block that
prediction from matching a short gold span it covers entirely.

Written by hand because the problem is tiny (a handful of quotes per
document) and the exact greedy order is part of the metric's definition; an
optimal assignment (Hungarian) would give different, less comparable figures.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..gold.model import Span

__all__ = ["candidate_pairs", "greedy_match", "match_quotes", "match_spans"]

#: A candidate pair: (shared characters, gold index, predicted index).
Candidate = tuple[int, int, int]


def candidate_pairs(gold: Sequence[Span], pred: Sequence[Span]) -> list[Candidate]:
    """Every pair sharing characters, exact matches first, then in greedy order (see the module docstring)."""
    if not gold or not pred:
        return []
    # Sorting the predictions by start lets each gold span stop scanning early.
    pred_order = sorted(range(len(pred)), key=lambda j: (pred[j].start, pred[j].end, j))
    gold_rank = {i: r for r, i in enumerate(sorted(range(len(gold)), key=lambda i: (gold[i].start, gold[i].end, i)))}
    pred_rank = {j: r for r, j in enumerate(pred_order)}
    found: list[tuple[bool, int, int, int, int, int]] = []
    for i, g in enumerate(gold):
        g_start, g_end = g.start, g.end
        for j in pred_order:
            p = pred[j]
            if p.start >= g_end:
                break
            shared = min(g_end, p.end) - max(g_start, p.start)
            if shared > 0:
                inexact = p.start != g_start or p.end != g_end
                found.append((inexact, -shared, gold_rank[i], pred_rank[j], i, j))
    found.sort()
    return [(-neg, i, j) for _, neg, _, _, i, j in found]


def greedy_match(candidates: Sequence[Candidate], gold: Sequence[Span], threshold: float) -> list[tuple[int, int]]:
    """Take qualifying candidates in order, one to one.

    Returns ``(gold_index, pred_index)`` pairs sorted by gold index.
    """
    taken_gold: set[int] = set()
    taken_pred: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for shared, i, j in candidates:
        if i in taken_gold or j in taken_pred:
            continue
        # Divide rather than multiply: 60/200 and 0.3 round to the same double, 0.3*200 does not.
        if shared / (gold[i].end - gold[i].start) < threshold:
            continue
        taken_gold.add(i)
        taken_pred.add(j)
        pairs.append((i, j))
    pairs.sort()
    return pairs


def match_spans(gold: Sequence[Span], pred: Sequence[Span], threshold: float = 0.0) -> list[tuple[int, int]]:
    """Match spans greedily by shared characters, exact matches first; a pair needs ``shared / len(gold) >= threshold``.

    Returns ``(gold_index, pred_index)`` pairs, sorted by gold index. With
    ``threshold=0`` any shared character is enough.
    """
    return greedy_match(candidate_pairs(gold, pred), gold, threshold)


def match_quotes(gold_quotes: Sequence, pred_quotes: Sequence, threshold: float) -> list[tuple[int, int]]:
    """Match quotes one to one by their contents (see the module docstring for the exact rule).

    ``gold_quotes`` and ``pred_quotes`` are :class:`~khabar.gold.Quote` objects
    (or bare :class:`~khabar.gold.Span` contents). Returns ``(gold_index,
    pred_index)`` pairs sorted by gold index.

    >>> from khabar.gold import Quote, Span
    >>> match_quotes([Quote(Span(0, 10))], [Quote(Span(5, 20))], 0.3)
    [(0, 0)]
    >>> match_quotes([Quote(Span(0, 10))], [Quote(Span(5, 20))], 0.8)
    []
    """
    return match_spans([_content(q) for q in gold_quotes], [_content(q) for q in pred_quotes], threshold)


def _content(quote: object) -> Span:
    return quote if isinstance(quote, Span) else quote.content  # type: ignore[attr-defined]
