"""Quote scoring: hand-computed cases, and the fast table against the reference."""

from __future__ import annotations

import random

import pytest

from khabar.errors import InputError
from khabar.evaluate import score_quotes
from khabar.evaluate.quotes import quote_counts, quote_table
from khabar.gold import Document, Quote, Span, read_documents

TEXT = "x" * 200


def q(content: tuple[int, int], source: tuple[int, int] | None = None, cue: tuple[int, int] | None = None) -> Quote:
    return Quote(Span(*content), Span(*source) if source else None, Span(*cue) if cue else None)


def prf(p: float, r: float) -> dict[str, float]:
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


GOLD = Document(
    "d1",
    TEXT,
    quotes=[
        q((0, 100), source=(110, 120), cue=(105, 109)),  # G1
        q((130, 150), source=None, cue=(125, 129)),  # G2
        q((160, 200), source=(150, 155), cue=None),  # G3
    ],
)
PRED = Document(
    "d1",
    TEXT,
    quotes=[
        q((0, 100), source=(112, 118), cue=(105, 109)),  # P1 = G1's content; source overlaps; cue exact
        q((135, 150)),  # P2: shares 15 of G2's 20 characters (0.75); no source, no cue
        q((190, 200), source=(150, 155)),  # P3: shares 10 of G3's 40 (0.25): no match at 0.3
        q((60, 70)),  # P4: inside G1, but G1 is taken by P1 (100 shared characters beat 10)
    ],
)


def test_hand_computed_content_figures() -> None:
    content = score_quotes([(GOLD, PRED)])["content"]
    # exact: only P1-G1. P = 1/4, R = 1/3, F1 = 2*(1/12)/(7/12) = 2/7
    assert content["exact"] == pytest.approx(prf(1 / 4, 1 / 3))
    assert content["exact"]["f1"] == pytest.approx(2 / 7)
    # 0.3: P1-G1 (1.0) and P2-G2 (0.75). P = 2/4, R = 2/3, F1 = 4/7
    assert content["overlap_0.3"] == pytest.approx(prf(2 / 4, 2 / 3))
    assert content["overlap_0.3"]["f1"] == pytest.approx(4 / 7)
    # 0.8: P2-G2 (0.75) drops out -> as exact
    assert content["overlap_0.8"] == pytest.approx(prf(1 / 4, 1 / 3))


def test_hand_computed_source_cue_and_attribution() -> None:
    result = score_quotes([(GOLD, PRED)])
    # Pairs matched at 0.3: (G1, P1) and (G2, P2).
    # Sources: predicted non-null 1 (P1), gold non-null 1 (G1); (110,120) vs (112,118) overlap, not exact.
    assert result["source"]["exact"] == prf(0.0, 0.0)
    assert result["source"]["overlap"] == pytest.approx(prf(1.0, 1.0))
    # Cues: predicted non-null 1 (P1), gold non-null 2 (G1, G2); P1's cue is exactly G1's.
    assert result["cue"]["exact"] == pytest.approx(prf(1 / 1, 1 / 2))
    assert result["cue"]["overlap"] == pytest.approx(prf(1 / 1, 1 / 2))
    # Speaker accuracy: (G1,P1) overlap, (G2,P2) both null -> 2/2. Cue: G2 has a cue, P2 none -> 1/2.
    assert result["speaker_accuracy"] == 1.0
    assert result["cue_accuracy"] == 0.5
    # Attribution: both matched pairs have agreeing sources -> 2 correct; P = 2/4, R = 2/3.
    assert result["attribution"] == pytest.approx(prf(2 / 4, 2 / 3))
    assert result["counts"] == {"gold": 3, "pred": 4}


def test_attribution_needs_the_right_source() -> None:
    gold = Document("d", TEXT, quotes=[q((0, 50), source=(60, 70)), q((100, 150), source=None)])
    pred = Document("d", TEXT, quotes=[q((0, 50), source=(80, 90)), q((100, 150), source=(160, 170))])
    result = score_quotes([(gold, pred)])
    assert result["content"]["exact"]["f1"] == 1.0
    # Neither source agrees: wrong span, and a source invented where gold has none.
    assert result["attribution"] == prf(0.0, 0.0)
    assert result["speaker_accuracy"] == 0.0
    # Source P over predicted sources (2), R over gold sources (1), nothing agrees.
    assert result["source"]["overlap"] == prf(0.0, 0.0)


def test_missing_prediction_and_nothing_gold() -> None:
    result = score_quotes([(GOLD, None)])
    assert result["content"]["overlap_0.3"] == prf(0.0, 0.0)
    assert result["counts"] == {"gold": 3, "pred": 0}
    assert result["speaker_accuracy"] is None  # no matched pair: nothing to judge



def test_a_quote_matched_exactly_is_not_taken_by_a_longer_prediction_containing_it() -> None:
    # The rules' output on one dev gold article (saudinewsnet-2015-07-21-2381), in short: two gold
    # quotes of one speaker; predicted, one quote over both and one equal to the second. The long one
    # starts first and shares as much with the second, and used to take it: one content matched of two.
    gold = Document("d", TEXT, quotes=[q((40, 60), source=(0, 10)), q((70, 120), source=(0, 10))])
    pred = Document("d", TEXT, quotes=[q((40, 120), source=(0, 10)), q((70, 120), source=(0, 10))])
    result = score_quotes([(gold, pred)])
    assert result["content"]["exact"] == prf(1 / 2, 1 / 2)
    assert result["content"]["overlap_0.3"] == prf(1.0, 1.0)  # (40, 120) takes (40, 60): 20 of 20
    assert result["attribution"] == prf(1.0, 1.0)
    assert quote_table([(gold, pred)]).row(0) == quote_counts(gold.quotes, pred.quotes)

@pytest.mark.parametrize(
    ("quote", "field"),
    [
        (q((5, 5)), "quotes[0].content"),
        (q((0, 10), source=(190, 210)), "quotes[0].source"),
        (q((0, 10), cue=(3, 2)), "quotes[0].cue"),
    ],
)
def test_bad_spans_are_refused(quote: Quote, field: str) -> None:
    pred = Document("d1", TEXT, quotes=[quote])
    with pytest.raises(InputError) as info:
        quote_table([(GOLD, pred)])
    assert (info.value.code, info.value.field, info.value.doc_id) == ("E504", field, "d1")


def random_quotes(rng: random.Random, size: int) -> list[Quote]:
    out = []
    for _ in range(rng.randint(0, 6)):
        start = rng.randrange(size - 1)
        end = rng.randint(start + 1, min(size, start + rng.choice([3, 10, 40])))
        source = None if rng.random() < 0.3 else Span(*sorted(rng.sample(range(size), 2)))
        cue = None if rng.random() < 0.3 else Span(*sorted(rng.sample(range(size), 2)))
        out.append(Quote(Span(start, end), source, cue))
    return out


def test_fast_table_matches_the_reference_on_random_documents() -> None:
    rng = random.Random(5)
    pairs: list[tuple[Document, Document | None]] = []
    for k in range(2000):
        text = "x" * rng.choice([30, 80])
        gold = Document(str(k), text, quotes=random_quotes(rng, len(text)))
        pred = Document(str(k), text, quotes=random_quotes(rng, len(text))) if rng.random() < 0.9 else None
        pairs.append((gold, pred))
    table = quote_table(pairs)
    crowded = 0
    for k, (gold, pred) in enumerate(pairs):
        assert table.row(k) == quote_counts(gold.quotes, pred.quotes if pred else []), gold.id
        crowded += len(gold.quotes) > 3
    assert crowded > 100  # the slow path was exercised, not only one-to-one clusters


def test_fast_table_matches_the_reference_on_dev_gold(dev_gold_path) -> None:
    rng = random.Random(3)
    pairs = []
    for gold in read_documents(dev_gold_path):
        quotes = []
        for quote in gold.quotes:
            c = quote.content
            cut = rng.randint(0, len(c) - 1)
            content = Span(c.start + cut, c.end) if rng.random() < 0.4 else c
            quotes.append(Quote(content, quote.source if rng.random() < 0.7 else None, quote.cue, quote.type))
        pairs.append((gold, Document(gold.id, gold.text, quotes=quotes)))
    table = quote_table(pairs)
    for k, (gold, pred) in enumerate(pairs):
        assert table.row(k) == quote_counts(gold.quotes, pred.quotes)
    totals = table.totals()
    assert totals["gold"] == 130
    assert 0 < totals["content/exact"] < totals["content/overlap_0.3"] <= 130
