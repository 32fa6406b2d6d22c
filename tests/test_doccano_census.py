"""Sorting a batch into complete, missing and damaged articles (the census itself is exercised on a real server)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from khabar.doccano.census import ExampleCount, check_batch


class _Counted:
    def __init__(self, found: dict[str, list[ExampleCount]]) -> None:
        self.found = found
        self.asked: list[str] = []

    def count(self, records: Sequence[dict[str, Any]]) -> dict[str, list[ExampleCount]]:
        self.asked = [r["khabar_id"] for r in records]
        return self.found

    def delete(self, examples: Sequence[int]) -> int:
        raise AssertionError("check_batch never deletes")


def _record(kid: str, spans: int, relations: int) -> dict[str, Any]:
    return {"khabar_id": kid, "text": "نص", "entities": [{"id": i} for i in range(spans)],
            "relations": [{"id": i} for i in range(relations)]}


def test_each_article_is_sorted_by_what_the_project_holds() -> None:
    owners = ["a", "b"]
    records = [_record("ok", 3, 1), _record("absent", 2, 0), _record("short", 3, 1), _record("twice", 1, 0),
               _record("bare", 0, 0), _record("doubled-labels", 2, 1), _record("bare-twice", 0, 0)]
    census = _Counted({
        "ok": [ExampleCount(1, {"a": (3, 1), "b": (3, 1)})],
        "short": [ExampleCount(2, {"a": (3, 1), "b": (3, 0)})],
        "twice": [ExampleCount(3, {"a": (1, 0), "b": (1, 0)}), ExampleCount(4, {"a": (1, 0), "b": (1, 0)})],
        "bare": [ExampleCount(5, {})],
        "doubled-labels": [ExampleCount(6, {"a": (4, 2), "b": (2, 1)})],
        "bare-twice": [ExampleCount(7, {}), ExampleCount(8, {})],
    })
    check = check_batch(census, records, owners)
    assert census.asked == [r["khabar_id"] for r in records]
    assert [r["khabar_id"] for r in check.complete] == ["ok", "bare"]
    assert check.example_ids == {"ok": 1, "bare": 5}
    assert [r["khabar_id"] for r in check.missing] == ["absent", "short", "twice", "doubled-labels", "bare-twice"]
    assert check.damaged == {"short": [2], "twice": [3, 4], "doubled-labels": [6], "bare-twice": [7, 8]}


def test_an_owner_with_no_labels_at_all_makes_the_article_damaged() -> None:
    check = check_batch(_Counted({"x": [ExampleCount(9, {"a": (2, 0)})]}), [_record("x", 2, 0)], ["a", "b"])
    assert check.complete == [] and check.damaged == {"x": [9]}
