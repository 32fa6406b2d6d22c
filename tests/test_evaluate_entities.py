"""Entity scoring: hand-computed figures, exact matches first, and nervaluate 1.2.1's counts where nothing nests."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from nervaluate import Evaluator

from khabar.errors import InputError
from khabar.evaluate import confusion, score_entities
from khabar.evaluate.entities import CATEGORIES, SCHEMES, entity_table, scheme_counts, table_labels
from khabar.gold import ENTITY_LABELS, Document, Entity, read_documents

TEXT = "x" * 100
NERVALUATE_SCHEME = {"strict": "strict", "exact": "exact", "partial": "partial", "type": "ent_type"}
NERVALUATE_FIELD = {"COR": "correct", "INC": "incorrect", "PAR": "partial", "MIS": "missed", "SPU": "spurious"}


def doc(entities: list[tuple[int, int, str]], doc_id: str = "d1", text: str = TEXT) -> Document:
    return Document(doc_id, text, entities=[Entity(s, e, label) for s, e, label in entities])


GOLD = doc([(0, 5, "PERS"), (10, 20, "ORG"), (30, 40, "LOC"), (50, 60, "PERS")])
PRED = doc(
    [
        (0, 5, "PERS"),  # a: same span, same label
        (10, 20, "PERS"),  # b: same span, wrong label
        (32, 40, "LOC"),  # c: overlapping span, same label
        (70, 75, "MISC"),  # e: spurious; gold (50, 60) is missed
    ]
)


def prf(p: float, r: float) -> dict[str, float]:
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def test_hand_computed_micro_figures() -> None:
    result = score_entities([(GOLD, PRED)])
    micro = result["micro"]
    # strict: COR a; INC b (label), c (span); MIS D; SPU e -> ACT = 1+2+1 = 4, POS = 1+2+1 = 4
    assert micro["strict"] == pytest.approx(prf(1 / 4, 1 / 4))
    # exact: COR a, b; INC c; MIS D; SPU e -> 2/4 both ways
    assert micro["exact"] == pytest.approx(prf(2 / 4, 2 / 4))
    # partial: COR a, b; PAR c (half credit); MIS D; SPU e -> (2 + 0.5)/4
    assert micro["partial"] == pytest.approx(prf(2.5 / 4, 2.5 / 4))
    # type: COR a, c (overlap + label); INC b; MIS D; SPU e -> 2/4
    assert micro["type"] == pytest.approx(prf(2 / 4, 2 / 4))
    assert result["counts"] == {"gold": 4, "pred": 4}


def test_hand_computed_per_label_figures() -> None:
    per_label = score_entities([(GOLD, PRED)])["per_label"]
    assert list(per_label) == list(ENTITY_LABELS)
    # PERS alone: gold A, D; predicted a, b. a = A is COR; b faces no PERS gold -> SPU; D MIS.
    # ACT = 2, POS = 2, COR = 1 in every scheme.
    for scheme in SCHEMES:
        assert per_label["PERS"][scheme] == pytest.approx(prf(1 / 2, 1 / 2))
    # ORG alone: gold B, nothing predicted -> MIS; precision undefined -> 0.0
    assert per_label["ORG"]["strict"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    # LOC alone: C vs c overlapping with the same label.
    assert per_label["LOC"]["strict"] == pytest.approx(prf(0.0, 0.0))  # INC
    assert per_label["LOC"]["exact"] == pytest.approx(prf(0.0, 0.0))  # INC
    assert per_label["LOC"]["partial"] == pytest.approx(prf(0.5, 0.5))  # PAR: 0.5/1
    assert per_label["LOC"]["type"] == pytest.approx(prf(1.0, 1.0))  # COR
    # MISC alone: e is SPU, no gold -> 0/1 precision, recall undefined -> 0.0
    assert per_label["MISC"]["type"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0}


def test_confusion_counts_overlapping_pairs_once() -> None:
    # a: PERS->PERS, b: ORG->PERS, c: LOC->LOC; D and e overlap nothing.
    assert confusion([(GOLD, PRED)]) == {"PERS": {"PERS": 1}, "ORG": {"PERS": 1}, "LOC": {"LOC": 1}}
    # Two predictions on one gold span: only the one sharing more characters is paired.
    gold = doc([(0, 10, "ORG")])
    pred = doc([(0, 3, "PERS"), (2, 10, "LOC")])
    assert confusion([(gold, pred)]) == {"ORG": {"LOC": 1}}


def test_order_of_predictions_does_not_matter() -> None:
    shuffled = Document(PRED.id, PRED.text, entities=list(reversed(PRED.entities)))
    assert score_entities([(GOLD, shuffled)]) == score_entities([(GOLD, PRED)])


def test_unknown_labels_get_their_own_row() -> None:
    pred = doc([(0, 5, "EVENT")])
    table = entity_table([(GOLD, pred)])
    assert table_labels(table) == (*ENTITY_LABELS, "EVENT")
    result = score_entities([(GOLD, pred)])
    assert result["per_label"]["EVENT"]["exact"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert result["micro"]["exact"]["precision"] == 1.0  # same span as gold (0, 5)


@pytest.mark.parametrize("bad", [(5, 5, "PERS"), (90, 120, "ORG"), (-1, 3, "LOC")])
def test_bad_spans_are_refused(bad: tuple[int, int, str]) -> None:
    pred = doc([(0, 5, "PERS"), bad])
    with pytest.raises(InputError) as info:
        entity_table([(GOLD, pred)])
    assert info.value.code == "E503"
    assert info.value.field == "entities[1]"
    assert info.value.doc_id == "d1"


# --------------------------------------------------------------------------- against nervaluate


def nervaluate_totals(pairs: list[tuple[Document, Document | None]], labels: tuple[str, ...]) -> dict[str, int]:
    """nervaluate's counts, as khabar's table names them (entities sorted as khabar sorts them)."""

    def convert(d: Document | None) -> list[dict]:
        if d is None:
            return []
        ordered = sorted(d.entities, key=lambda e: (e.start, e.end, e.label))
        return [{"label": e.label, "start": e.start, "end": e.end - 1} for e in ordered]  # inclusive end

    true, pred = [convert(g) for g, _ in pairs], [convert(p) for _, p in pairs]
    results = Evaluator(true, pred, tags=list(labels), loader="dict").evaluate()
    totals: dict[str, int] = {}
    for scheme in SCHEMES:
        overall = results["overall"][NERVALUATE_SCHEME[scheme]]
        for cat in CATEGORIES:
            totals[f"micro/{scheme}/{cat}"] = getattr(overall, NERVALUATE_FIELD[cat])
        for label in labels:
            by_label = results["entities"].get(label, {}).get(NERVALUATE_SCHEME[scheme])
            for cat in CATEGORIES:
                totals[f"{label}/{scheme}/{cat}"] = getattr(by_label, NERVALUATE_FIELD[cat]) if by_label else 0
    return totals


def assert_same_as_nervaluate(pairs: list[tuple[Document, Document | None]]) -> None:
    table = entity_table(pairs)
    labels = table_labels(table)
    ours = {k: v for k, v in table.totals().items() if k not in ("gold", "pred")}
    assert ours == nervaluate_totals(pairs, labels)


def reference_totals(pairs: list[tuple[Document, Document | None]], labels: tuple[str, ...]) -> dict[str, int]:
    """:func:`scheme_counts` on whole documents (no clusters, no NumPy), as the table names the counts."""
    totals: Counter[str] = Counter()
    for gold, pred in pairs:
        g = sorted((e.start, e.end, e.label) for e in gold.entities)
        p = sorted((e.start, e.end, e.label) for e in pred.entities) if pred is not None else []
        for scope, keep in (("micro", None), *((label, label) for label in labels)):
            counts = scheme_counts([t for t in g if keep in (None, t[2])], [t for t in p if keep in (None, t[2])])
            for s, scheme in enumerate(SCHEMES):
                for c, cat in enumerate(CATEGORIES):
                    totals[f"{scope}/{scheme}/{cat}"] += counts[s][c]
    return dict(totals)


def without_nesting(d: Document) -> Document:
    """``d`` with every entity dropped that overlaps one kept before it: what a BIO tagger could output."""
    kept: list[Entity] = []
    for e in sorted(d.entities, key=lambda e: (e.start, e.end, e.label)):
        if not kept or e.start >= kept[-1].end:
            kept.append(e)
    return Document(d.id, d.text, entities=kept)


def perturb(d: Document, rng: random.Random) -> Document:
    out = []
    for e in d.entities:
        r = rng.random()
        if r < 0.1:
            continue
        start, end, label = e.start, e.end, e.label
        if r < 0.25:
            start = max(0, start + rng.choice([-3, -1, 1, 2]))
        elif r < 0.35:
            end = min(len(d.text), end + rng.choice([-2, 1, 4]))
        elif r < 0.45:
            label = rng.choice(ENTITY_LABELS)
        out.append(Entity(start, max(end, start + 1), label))
    for _ in range(rng.randint(0, 3)):
        start = rng.randrange(len(d.text) - 31)
        out.append(Entity(start, start + rng.randint(1, 30), rng.choice(ENTITY_LABELS)))
    return Document(d.id, d.text, entities=out)


def test_same_counts_as_nervaluate_on_dev_gold_without_nesting(dev_gold_path) -> None:
    # A tagger's output (no nesting) against gold without nested entities: nervaluate's counts exactly.
    gold = [without_nesting(g) for g in read_documents(dev_gold_path)]
    assert sum(len(d.entities) for d in gold) > 300
    rng = random.Random(7)
    for _ in range(5):
        pairs = [(g, without_nesting(perturb(g, rng))) for g in gold]
        assert_same_as_nervaluate(pairs)
    result = score_entities([(g, without_nesting(perturb(g, rng))) for g in gold])
    assert 0.3 < result["micro"]["strict"]["f1"] < 0.95  # the perturbation really changed something


def random_pairs(rng: random.Random) -> list[tuple[Document, Document | None]]:
    """Short texts and long spans: nested, crowded clusters, same spans with
    different labels, and gold spans over 100 characters (nervaluate's 1% rule)."""
    pairs: list[tuple[Document, Document | None]] = []
    for k in range(rng.randint(1, 4)):
        text = "x" * rng.choice([12, 40, 400])

        def entities() -> list[Entity]:
            out = []
            for _ in range(rng.randint(0, 7)):
                start = rng.randrange(len(text) - 1)
                end = rng.randint(start + 1, min(len(text), start + rng.choice([2, 6, 250])))
                out.append(Entity(start, end, rng.choice(("PERS", "ORG", "LOC"))))
            if out and rng.random() < 0.3:  # a duplicate span with another label
                e = rng.choice(out)
                out.append(Entity(e.start, e.end, rng.choice(("PERS", "ORG", "LOC"))))
            return out

        gold = Document(f"d{k}", text, entities=entities() or [Entity(0, 1, "PERS")])
        pairs.append((gold, Document(f"d{k}", text, entities=entities()) if rng.random() < 0.9 else None))
    return pairs


def test_fast_table_equals_the_reference_on_random_crowded_documents() -> None:
    rng = random.Random(11)
    for _ in range(150):
        pairs = random_pairs(rng)
        table = entity_table(pairs)
        ours = {k: v for k, v in table.totals().items() if k not in ("gold", "pred")}
        assert ours == reference_totals(pairs, table_labels(table))


def test_same_counts_as_nervaluate_on_random_documents_without_nesting() -> None:
    rng = random.Random(12)
    for _ in range(150):
        pairs = [(without_nesting(g), without_nesting(p) if p is not None else None) for g, p in random_pairs(rng)]
        assert_same_as_nervaluate(pairs)


def test_an_exact_match_is_never_lost_to_a_nested_prediction() -> None:
    # The audit's case: gold محمد علي PERS; predicted محمد علي PERS and, nested in it, محمد LOC.
    # Sorted by start, محمد LOC came first and took the gold entity: strict F1 0.
    text = "قال محمد علي إن الوزارة في تونس ستعمل."
    gold = Document("d1", text, entities=[Entity(4, 12, "PERS")])
    pred = Document("d1", text, entities=[Entity(4, 12, "PERS"), Entity(4, 8, "LOC")])
    micro = score_entities([(gold, pred)])["micro"]
    for scheme in SCHEMES:
        assert micro[scheme] == pytest.approx(prf(1 / 2, 1.0)), scheme
    # The same for the nested piece after it, and for several of them.
    pred = Document("d1", text, entities=[Entity(4, 8, "PERS"), Entity(4, 12, "PERS"), Entity(9, 12, "PERS")])
    assert score_entities([(gold, pred)])["micro"]["strict"] == pytest.approx(prf(1 / 3, 1.0))


def test_every_exact_match_counts_whatever_the_order_on_random_crowded_documents() -> None:
    rng = random.Random(13)
    for _ in range(150):
        pairs = random_pairs(rng)
        totals = entity_table(pairs).totals()
        same_entities = same_spans = 0
        for gold, pred in pairs:
            predicted = pred.entities if pred is not None else []
            same_entities += sum((Counter(gold.entities) & Counter(predicted)).values())
            same_spans += sum((Counter(e.span for e in gold.entities) & Counter(e.span for e in predicted)).values())
        assert totals["micro/strict/COR"] == same_entities
        assert totals["micro/exact/COR"] == totals["micro/partial/COR"] == same_spans
        shuffled = [(g, Document(p.id, p.text, entities=rng.sample(p.entities, len(p.entities))) if p else None)
                    for g, p in pairs]
        assert entity_table(shuffled).totals() == totals


def test_type_scheme_keeps_nervaluates_order_for_a_split_entity() -> None:
    # No nesting: a gold ORG split into a LOC piece and an ORG piece. nervaluate lets the first piece
    # claim it (INC) and the ORG piece is spurious; kept, so that taggers' figures stay nervaluate's.
    gold = doc([(10, 40, "ORG")])
    pred = doc([(15, 20, "LOC"), (30, 40, "ORG")])
    counts = scheme_counts([(10, 40, "ORG")], [(15, 20, "LOC"), (30, 40, "ORG")])
    assert counts[SCHEMES.index("type")] == [0, 1, 0, 0, 1]
    assert_same_as_nervaluate([(gold, pred)])


def test_reference_rules_one_percent_overlap() -> None:
    # A 1-character overlap with a 150-character gold span is under nervaluate's 1%: no credit.
    gold, pred = [(0, 150, "ORG")], [(149, 155, "ORG")]
    counts = scheme_counts(gold, pred)
    assert counts[SCHEMES.index("type")] == [0, 0, 0, 1, 1]
    # Two characters (1.33%) are enough for the overlap schemes.
    counts = scheme_counts(gold, [(148, 155, "ORG")])
    assert counts[SCHEMES.index("type")] == [1, 0, 0, 0, 0]
    assert counts[SCHEMES.index("partial")] == [0, 0, 1, 0, 0]
