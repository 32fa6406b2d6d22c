"""khabar.progress against a small hand-built campaign: two annotators, three articles, one pre-annotation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from khabar.agreement import load_annotations
from khabar.gold import write_documents
from khabar.gold.model import Document, Entity, Quote, Span
from khabar.progress import (
    Confirmation,
    annotator_versions,
    confirmed_documents,
    confirmed_per_day,
    label_counts,
    pairwise_rows,
    preannotation_kept,
    progress_from_files,
    shared_agreement,
)

#            0123456789012345678901234567890123
TEXT_A = "قال محمد علي إن الرياض جميلة اليوم"
TEXT_B = "زار وفد من الأمم المتحدة مدينة جدة"
TEXT_C = "أعلنت وزارة الصحة عن حالات جديدة"

MOHAMMED = Entity(4, 12, "PERS")   # محمد علي
RIYADH = Entity(16, 22, "LOC")     # الرياض
UN = Entity(11, 24, "ORG")         # الأمم المتحدة
JEDDAH = Entity(31, 34, "LOC")     # جدة
MINISTRY = Entity(6, 17, "ORG")    # وزارة الصحة
SAID = Quote(Span(13, 34), Span(4, 12), Span(0, 3), "indirect")

SUGGESTED = [
    Document("a", TEXT_A, entities=[MOHAMMED, RIYADH], quotes=[SAID]),
    Document("b", TEXT_B, entities=[UN, Entity(25, 30, "LOC")]),  # "مدينة" wrongly suggested as a place
    Document("c", TEXT_C, entities=[]),
]


def _campaign() -> dict[str, list[Document]]:
    # amal: keeps a as suggested; in b relabels UN (edit), deletes the wrong LOC, adds Jeddah; c: adds the ministry.
    amal = [
        Document("a", TEXT_A, entities=[MOHAMMED, RIYADH], quotes=[SAID], extra={"annotator": "amal"}),
        Document("b", TEXT_B, entities=[Entity(11, 24, "MISC"), JEDDAH], extra={"annotator": "amal"}),
        Document("c", TEXT_C, entities=[MINISTRY], extra={"annotator": "amal"}),
    ]
    # badr: in a shortens the person to محمد (edit) and moves the quote's content (edit); b untouched; c not opened.
    badr = [
        Document("a", TEXT_A, entities=[Entity(4, 8, "PERS"), RIYADH],
                 quotes=[Quote(Span(16, 34), Span(4, 12), Span(0, 3), "indirect")], extra={"annotator": "badr"}),
        Document("b", TEXT_B, entities=[UN, Entity(25, 30, "LOC")], extra={"annotator": "badr"}),
        Document("c", TEXT_C, entities=[], extra={"annotator": "badr"}),
    ]
    return {"amal": amal, "badr": badr}


def test_the_spans_are_the_words_they_name() -> None:
    assert TEXT_A[MOHAMMED.start:MOHAMMED.end] == "محمد علي" and TEXT_A[RIYADH.start:RIYADH.end] == "الرياض"
    assert TEXT_B[UN.start:UN.end] == "الأمم المتحدة" and TEXT_B[JEDDAH.start:JEDDAH.end] == "جدة"
    assert TEXT_C[MINISTRY.start:MINISTRY.end] == "وزارة الصحة"


def test_preannotation_kept_counts_unchanged_edited_deleted_added() -> None:
    kept = preannotation_kept(SUGGESTED, _campaign())
    assert kept["amal"]["entities"] == {"unchanged": 2, "edited": 1, "deleted": 1, "added": 2, "documents": 3}
    assert kept["amal"]["quotes"] == {"unchanged": 1, "edited": 0, "deleted": 0, "added": 0, "documents": 3}
    assert kept["badr"]["entities"] == {"unchanged": 3, "edited": 1, "deleted": 0, "added": 0, "documents": 3}
    assert kept["badr"]["quotes"] == {"unchanged": 0, "edited": 1, "deleted": 0, "added": 0, "documents": 3}


def test_only_confirmed_documents_count_when_confirmations_are_known() -> None:
    kept = preannotation_kept(SUGGESTED, _campaign(), documents={"amal": {"b"}, "badr": {"a"}})
    assert kept["amal"]["entities"] == {"unchanged": 0, "edited": 1, "deleted": 1, "added": 1, "documents": 1}
    assert kept["badr"]["entities"] == {"unchanged": 1, "edited": 1, "deleted": 0, "added": 0, "documents": 1}
    assert kept["badr"]["quotes"]["edited"] == 1


def test_a_suggestion_split_in_two_is_one_edit_and_one_addition() -> None:
    suggested = [Document("a", TEXT_A, entities=[Entity(4, 12, "PERS")])]
    split = [Document("a", TEXT_A, entities=[Entity(4, 8, "PERS"), Entity(9, 12, "PERS")])]
    assert preannotation_kept(suggested, {"x": split})["x"]["entities"] == {
        "unchanged": 0, "edited": 1, "deleted": 0, "added": 1, "documents": 1}


def _utc(day: int, hour: int) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, tzinfo=dt.timezone.utc)


def test_confirmed_per_day_groups_by_utc_day() -> None:
    riyadh = dt.timezone(dt.timedelta(hours=3))
    confirmations = [
        Confirmation("amal", "a", _utc(2, 9)),
        Confirmation("badr", "a", _utc(2, 23)),
        Confirmation("amal", "b", _utc(2, 10)),
        Confirmation("amal", "c", dt.datetime(2026, 11, 4, 1, tzinfo=riyadh)),  # 3 November, 22:00 UTC
    ]
    assert confirmed_per_day(confirmations) == {"amal": {"2026-11-02": 2, "2026-11-03": 1}, "badr": {"2026-11-02": 1}}
    assert confirmed_documents(confirmations) == {"amal": {"a", "b", "c"}, "badr": {"a"}}


@pytest.fixture
def annotations(tmp_path: Path):  # noqa: ANN201
    paths = []
    for name, docs in _campaign().items():
        paths.append(tmp_path / f"{name}.jsonl")
        write_documents(paths[-1], docs)
    return load_annotations(paths)


def test_progress_from_files_counts_documents_with_labels(annotations) -> None:  # noqa: ANN001
    assert progress_from_files(annotations) == {
        "amal": {"done": 3, "total": 3, "share": 1.0},
        "badr": {"done": 2, "total": 3, "share": 2 / 3},
    }
    assert label_counts(annotations) == {"amal": {"LOC": 2, "MISC": 1, "ORG": 1, "PERS": 1},
                                         "badr": {"LOC": 2, "ORG": 1, "PERS": 1}}


def test_agreement_so_far_uses_only_documents_both_confirmed(annotations) -> None:  # noqa: ANN001
    everything = shared_agreement(annotations)
    assert everything["documents"] == 3
    so_far = shared_agreement(annotations, {"amal": {"a", "b"}, "badr": {"a"}})
    assert so_far["documents"] == 1 and [row["id"] for row in so_far["by_document"]] == ["a"]
    (row,) = pairwise_rows(so_far)
    # a: amal has محمد علي and الرياض, badr محمد and الرياض: one of two entities agrees exactly.
    assert row["a"] == "amal" and row["b"] == "badr" and row["documents"] == 1
    assert row["entities strict F1"] == pytest.approx(0.5)
    assert row["entities partial F1"] == pytest.approx(0.75)
    # The moved quote content still overlaps and keeps its source and cue: attribution agrees.
    assert row["attribution F1"] == pytest.approx(1.0)


def test_until_two_annotators_confirmed_a_document_every_shared_document_counts(annotations) -> None:  # noqa: ANN001
    figures = shared_agreement(annotations, {"amal": {"a"}, "badr": {"b"}})
    assert figures["confirmed_only"] is False and figures["documents"] == 3
    assert shared_agreement(annotations, {"amal": {"a"}, "badr": {"a"}})["confirmed_only"] is True


def test_annotator_versions_feed_preannotation_kept(annotations) -> None:  # noqa: ANN001
    versions = annotator_versions(annotations)
    assert [d.id for d in versions["amal"]] == ["a", "b", "c"]
    assert preannotation_kept(SUGGESTED, versions) == preannotation_kept(SUGGESTED, _campaign())
