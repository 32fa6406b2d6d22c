"""The greedy one-to-one span matching shared by quote scoring, adjudication and the confusion table."""

from __future__ import annotations

from khabar.evaluate import match_quotes, match_spans
from khabar.evaluate.matching import candidate_pairs
from khabar.gold import Quote, Span


def q(start: int, end: int) -> Quote:
    return Quote(Span(start, end))


def test_greedy_matching_is_done_per_threshold() -> None:
    # Ga = (0, 200) shares 60 characters (0.30) with P; Gb = (150, 190) shares 40 (all of it).
    gold = [Span(0, 200), Span(150, 190)]
    pred = [Span(140, 200)]
    # At 0.3 both qualify; Ga shares more characters, so it takes P. 60/200 is exactly 0.3.
    assert match_spans(gold, pred, 0.3) == [(0, 0)]
    # At 0.8 only Gb qualifies, and gets P: Ga does not block it.
    assert match_spans(gold, pred, 0.8) == [(1, 0)]


def test_greedy_matching_breaks_ties_by_position() -> None:
    gold = [Span(0, 10)]
    # Both share 5 characters: the earlier prediction wins, whatever the list order.
    assert match_spans(gold, [Span(0, 5), Span(5, 10)], 0.3) == [(0, 0)]
    assert match_spans(gold, [Span(5, 10), Span(0, 5)], 0.3) == [(0, 1)]
    # Two gold spans, one prediction sharing 5 with each: the earlier gold span wins.
    assert match_spans([Span(10, 20), Span(0, 10)], [Span(5, 15)], 0.3) == [(1, 0)]


def test_match_quotes_is_one_to_one() -> None:
    gold = [q(0, 100), q(130, 150), q(160, 200)]
    # (0, 100) is matched once: to the prediction sharing 100 characters, not the one inside it sharing 10.
    pred = [q(0, 100), q(135, 150), q(190, 200), q(60, 70)]
    assert match_quotes(gold, pred, 0.3) == [(0, 0), (1, 1)]  # (190, 200) covers 10/40 of (160, 200)
    assert match_quotes(gold, pred, 0.0) == [(0, 0), (1, 1), (2, 2)]
    assert match_quotes([], pred, 0.3) == []


def test_candidates_are_sorted_by_shared_characters_then_position() -> None:
    gold = [Span(0, 10), Span(20, 30)]
    pred = [Span(25, 40), Span(0, 4), Span(5, 30)]
    # (shared, gold index, pred index): (5, 30) shares 10 with (20, 30) and 5 with (0, 10);
    # (25, 40) shares 5 with (20, 30); (0, 4) shares 4 with (0, 10). The two 5s go by gold position.
    assert candidate_pairs(gold, pred) == [(10, 1, 2), (5, 0, 2), (5, 1, 0), (4, 0, 1)]
    # Greedy: (20, 30)-(5, 30) first; (0, 10) then cannot have (5, 30), so takes (0, 4).
    assert match_spans(gold, pred) == [(0, 1), (1, 2)]
    # Spans that only touch share nothing.
    assert candidate_pairs([Span(0, 10)], [Span(10, 20)]) == []
    assert candidate_pairs(gold, []) == []


def test_an_exact_match_is_never_lost_to_a_prediction_containing_it() -> None:
    # (0, 15) shares all 10 characters of (5, 15), as the exact (5, 15) does, and starts first: by
    # position alone it took (5, 15), left the exact prediction out and (0, 4), which only it covers.
    gold = [Span(5, 15), Span(0, 4)]
    pred = [Span(0, 15), Span(5, 15)]
    assert candidate_pairs(gold, pred) == [(10, 0, 1), (10, 0, 0), (4, 1, 0)]
    assert match_spans(gold, pred, 0.3) == [(0, 1), (1, 0)]
    # A gold span inside another: the prediction equal to the inner one goes to it, not to the outer.
    assert match_spans([Span(0, 30), Span(5, 15)], [Span(5, 15)], 0.3) == [(1, 0)]
