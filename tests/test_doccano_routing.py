"""Routing documents to annotators: exactly K each, all for the shared fraction, balanced, deterministic, stable."""

from __future__ import annotations

import math
import random
from collections import Counter

import pytest

from khabar.doccano.routing import Router, route
from khabar.errors import InputError

ANNOTATORS = ("amal", "bilal", "dina", "fares")


def _ids(n: int, prefix: str = "doc") -> list[str]:
    return [f"{prefix}-{i:05d}" for i in range(n)]


def _loads(assignment: dict[str, tuple[str, ...]], annotators=ANNOTATORS) -> Counter:
    loads = Counter({name: 0 for name in annotators})
    for names in assignment.values():
        loads.update(names)
    return loads


@pytest.mark.parametrize("per_document", [1, 2, 3, 4])
@pytest.mark.parametrize("shared", [0.0, 0.1, 0.25, 1.0])
def test_every_document_reaches_exactly_k_annotators_and_the_shared_ones_reach_all(per_document, shared) -> None:
    ids = _ids(203)
    assignment = route(ids, ANNOTATORS, per_document, shared)
    assert list(assignment) == ids
    everyone = [i for i, names in assignment.items() if len(names) == len(ANNOTATORS)]
    others = [i for i, names in assignment.items() if len(names) != len(ANNOTATORS)]
    assert all(len(assignment[i]) == per_document for i in others)
    assert all(len(set(names)) == len(names) and set(names) <= set(ANNOTATORS) for names in assignment.values())
    if per_document < len(ANNOTATORS):
        assert len(everyone) == math.floor(shared * len(ids))
    # Names come in the order the annotators were given, whatever the load order was.
    assert all(list(names) == sorted(names, key=ANNOTATORS.index) for names in assignment.values())


@pytest.mark.parametrize("per_document,shared", [(1, 0.0), (2, 0.1), (3, 0.2), (2, 0.0)])
def test_counts_are_balanced_within_one(per_document, shared) -> None:
    for n in (1, 2, 3, 7, 50, 333):
        loads = _loads(route(_ids(n), ANNOTATORS, per_document, shared))
        assert max(loads.values()) - min(loads.values()) <= 1, (n, loads)
        assert sum(loads.values()) == per_document * n + (len(ANNOTATORS) - per_document) * math.floor(shared * n)


def test_pairs_of_annotators_are_spread_not_always_the_first_names() -> None:
    pairs = Counter(route(_ids(600), ANNOTATORS, 2, 0.0).values())
    # 6 possible pairs of 4 annotators; each gets a fair share (100 expected).
    assert len(pairs) == 6 and min(pairs.values()) >= 60


def test_same_ids_in_any_order_give_the_same_assignment() -> None:
    ids = _ids(120)
    first = route(ids, ANNOTATORS, 2, 0.1)
    shuffled = ids[:]
    random.Random(7).shuffle(shuffled)
    second = route(shuffled, ANNOTATORS, 2, 0.1)
    assert first == second
    assert route(ids + ids[:5], ANNOTATORS, 2, 0.1) == first  # repeats are routed once
    # Another seed gives another (still valid) assignment.
    assert route(ids, ANNOTATORS, 2, 0.1, seed="other") != first


def test_adding_documents_keeps_old_assignments_and_balance() -> None:
    rng = random.Random(11)
    router = Router(ANNOTATORS, 2, 0.1)
    seen: dict[str, tuple[str, ...]] = {}
    for push_no in range(6):
        batch = _ids(rng.randint(1, 40), prefix=f"push{push_no}")
        again = rng.sample(sorted(seen), min(len(seen), 5))  # a push may carry documents already routed
        result = router.route(batch + again)
        for doc_id in again:
            assert result[doc_id] == seen[doc_id]
        seen.update(result)
        assert router.assignments == seen
        loads = _loads(seen)
        assert max(loads.values()) - min(loads.values()) <= 1
        assert len(router.shared_ids) == math.floor(0.1 * len(seen))


def test_a_router_rebuilt_from_a_record_continues_where_the_first_stopped() -> None:
    first = Router(ANNOTATORS, 3, 0.2)
    first.route(_ids(30, "a"))
    rebuilt = Router(ANNOTATORS, 3, 0.2, assignments=first.assignments, shared_ids=first.shared_ids)
    assert rebuilt.loads == first.loads
    assert rebuilt.route(_ids(17, "b")) == first.route(_ids(17, "b"))
    assert route(_ids(30, "a"), ANNOTATORS, 3, 0.2, previous=first.assignments) == \
        {i: first.assignments[i] for i in _ids(30, "a")}


@pytest.mark.parametrize("annotators,per_document,shared,code,field", [
    (ANNOTATORS, 0, 0.1, "E390", "per_document"),
    (ANNOTATORS, 5, 0.1, "E390", "per_document"),
    (ANNOTATORS, 2.0, 0.1, "E390", "per_document"),
    (ANNOTATORS, 2, -0.1, "E391", "shared"),
    (ANNOTATORS, 2, 1.5, "E391", "shared"),
    (ANNOTATORS, 2, float("nan"), "E391", "shared"),
    (("amal", "amal", "dina"), 2, 0.1, "E392", "annotators"),
    ((), 1, 0.0, "E392", "annotators"),
    (("amal", " "), 1, 0.0, "E392", "annotators"),
])
def test_bad_options_are_numbered_errors_naming_the_option(annotators, per_document, shared, code, field) -> None:
    with pytest.raises(InputError) as caught:
        route(["x"], annotators, per_document, shared)
    assert caught.value.code == code
    assert caught.value.field == field


def test_a_record_naming_an_unknown_annotator_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        Router(ANNOTATORS, 2, assignments={"x": ("amal", "zaid")})
    assert caught.value.code == "E392" and "zaid" in str(caught.value)
