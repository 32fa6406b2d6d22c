"""khabar.gold.model and khabar.gold.io: the data classes and their JSON form."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from khabar.corpus import Article, read_articles, write_articles
from khabar.errors import InputError
from khabar.gold import ENTITY_LABELS, Document, Entity, Quote, Span, read_documents, write_documents


def test_dev_gold_round_trips_exactly(dev_gold_path: Path, tmp_path: Path) -> None:
    original = [json.loads(line) for line in dev_gold_path.read_text(encoding="utf-8").splitlines() if line]
    docs = list(read_documents(dev_gold_path))
    assert len(docs) == len(original) == 21
    assert sum(len(d.entities) for d in docs) == sum(len(r["entities"]) for r in original)
    out = tmp_path / "copy.jsonl"
    write_documents(out, docs)
    again = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert again == original


def test_spans_point_into_the_text(dev_gold_path: Path) -> None:
    doc = next(read_documents(dev_gold_path))
    entity_texts = {e.text_in(doc.text) for e in doc.entities}
    assert "الكرملين" in entity_texts
    quote = doc.quotes[0]
    assert quote.content.text_in(doc.text)
    assert quote.source is None or quote.source.text_in(doc.text)


def test_a_copy_with_new_annotations_shares_nothing_mutable(dev_gold_path: Path) -> None:
    doc = next(d for d in read_documents(dev_gold_path) if d.entities and d.quotes)
    quote = Quote(Span(0, 3))
    copy = doc.with_annotations(quotes=[quote])
    assert (copy.id, copy.text, copy.meta, copy.entities, copy.extra) == (doc.id, doc.text, doc.meta, doc.entities, doc.extra)
    assert copy.quotes == [quote] and doc.quotes and doc.quotes != copy.quotes
    copy.meta["changed"] = copy.extra["changed"] = True
    copy.entities.clear()
    assert "changed" not in doc.meta and "changed" not in doc.extra and doc.entities
    blank = doc.with_annotations(entities=[], quotes=[])
    assert (blank.entities, blank.quotes, blank.text) == ([], [], doc.text)


def test_extra_fields_are_kept(tmp_path: Path) -> None:
    record = {
        "id": "d1", "text": "قال زيد إن", "meta": {}, "annotator": "mona",
        "entities": [{"start": 4, "end": 7, "label": "PERS", "votes": ["a", "b"]}],
        "quotes": [{"content": {"start": 0, "end": 3}, "source": None, "cue": None, "type": "indirect", "votes": ["a"]}],
    }
    doc = Document.from_dict(record)
    assert doc.annotator == "mona"
    assert doc.entities[0].extra == {"votes": ["a", "b"]}
    assert doc.to_dict() == record


def test_corpus_record_fields_move_into_meta() -> None:
    doc = Document.from_dict({"id": "x", "text": "نص", "title": "عنوان", "source": "okaz", "meta": {"k": 1}})
    assert doc.meta == {"k": 1, "title": "عنوان", "source": "okaz"}
    assert doc.entities == [] and doc.quotes == []


@pytest.mark.parametrize(
    ("record", "field", "code"),
    [
        ({"text": "x"}, "id", "E207"),
        ({"id": "a", "text": 3}, "text", "E208"),
        ({"id": "a", "text": "x", "entities": [{"start": "0", "end": 1, "label": "PERS"}]}, "entities[0].start", "E202"),
        ({"id": "a", "text": "x", "entities": [{"start": 0, "end": 1}]}, "entities[0].label", "E203"),
        ({"id": "a", "text": "x", "quotes": [{"source": None}]}, "quotes[0].content", "E205"),
        ({"id": "a", "text": "x", "quotes": [{"content": {"start": 0, "end": 1}, "type": "said"}]}, "quotes[0].type", "E206"),
    ],
)
def test_bad_records_name_the_field(record: dict, field: str, code: str) -> None:
    with pytest.raises(InputError) as info:
        Document.from_dict(record, path="f.jsonl", line=7)
    assert info.value.field == field
    assert info.value.code == code
    assert "f.jsonl:7" in str(info.value)


def test_span_arithmetic() -> None:
    assert Span(0, 10).overlap(Span(5, 20)) == 5
    assert Span(0, 10).overlap(Span(10, 20)) == 0
    assert Span(0, 10).contains(Span(2, 3)) and not Span(2, 3).contains(Span(0, 10))
    assert len(Span(3, 8)) == 5


def test_entities_and_quotes_compare_by_value_not_extra() -> None:
    assert Entity(0, 3, "LOC", {"votes": ["a"]}) == Entity(0, 3, "LOC")
    assert Quote(Span(0, 2), None, None, "direct") != Quote(Span(0, 2), None, None, "indirect")


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
def test_corpus_files_round_trip_and_read_as_documents(tmp_path: Path, suffix: str) -> None:
    articles = [
        Article("a1", "أعلن الكرملين", title="t", source="s", date="2015-07-25T23:29:59", meta={"n": 1}),
        Article("a2", "نص ثان", meta={}),
    ]
    path = tmp_path / f"corpus{suffix}"
    assert write_articles(path, articles) == 2
    assert list(read_articles(path)) == articles
    docs = list(read_documents(path))
    assert [d.id for d in docs] == ["a1", "a2"]
    assert docs[0].meta == {"title": "t", "source": "s", "date": "2015-07-25T23:29:59", "n": 1}


@pytest.mark.parametrize("field_name", ["entities", "quotes"])
@pytest.mark.parametrize("value", [{}, "", 0])
def test_annotations_that_are_present_but_not_a_list_are_E210(field_name: str, value: object) -> None:
    # An empty object or string is a mistake in the file, not "no annotations" (it used to pass as an empty list).
    record = {"id": "d1", "text": "قال محمد", field_name: value}
    with pytest.raises(InputError) as info:
        Document.from_dict(record, path="g.jsonl", line=3)
    assert (info.value.code, info.value.line, info.value.field) == ("E210", 3, field_name)


def test_annotations_null_or_absent_are_empty_lists() -> None:
    assert Document.from_dict({"id": "d1", "text": "قال", "entities": None, "quotes": None}).entities == []
    assert Document.from_dict({"id": "d1", "text": "قال"}).quotes == []


# --- labels outside khabar's, fields misspelt by case ----------------------------------------------------------------

_ONE_ENTITY = {"id": "a", "text": "زار بوتين دمشق", "entities": [{"start": 4, "end": 9, "label": "PERS"}, {"start": 10, "end": 14, "label": "LOC"}]}


def _labelled(label: str) -> dict:
    return {**_ONE_ENTITY, "entities": [_ONE_ENTITY["entities"][0], {**_ONE_ENTITY["entities"][1], "label": label}]}


@pytest.mark.parametrize(
    ("label", "hint"),
    [("loc", "; did you mean LOC?"), ("Loc", "; did you mean LOC?"), ("GPE", "; did you mean LOC?"),
     ("location", "; did you mean LOC?"), ("Person", "; did you mean PERS?"), ("PER", "; did you mean PERS?"),
     ("ORGANIZATION", "; did you mean ORG?"), ("DATE", "")],
)
def test_with_khabar_s_labels_asked_for_another_label_is_e226_naming_the_entity_and_the_likely_one(label: str, hint: str) -> None:
    with pytest.raises(InputError) as info:
        Document.from_dict(_labelled(label), path="gold.jsonl", line=3, labels=ENTITY_LABELS)
    error = info.value
    assert (error.code, str(error.path), error.line, error.field, error.doc_id) == ("E226", "gold.jsonl", 3, "entities[1].label", "a")
    assert error.message == f"unknown entity label {label!r} (khabar's are PERS, ORG, LOC, MISC{hint})"


def test_without_labels_asked_for_any_label_is_read_as_it_is() -> None:
    # doccano projects with labels of their own, and train entities' --map-label, read other tag sets' labels
    assert [e.label for e in Document.from_dict(_labelled("loc")).entities] == ["PERS", "loc"]
    assert [e.label for e in Document.from_dict(_labelled("LOC"), labels=ENTITY_LABELS).entities] == ["PERS", "LOC"]


def test_read_documents_asks_for_labels_on_every_line(dev_gold_path: Path, tmp_path: Path) -> None:
    lines = dev_gold_path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[4] = lines[4].replace('"label": "ORG"', '"label": "org"', 1)
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(lines), encoding="utf-8")
    assert len(list(read_documents(gold))) == 21
    with pytest.raises(InputError) as info:
        list(read_documents(gold, labels=ENTITY_LABELS))
    first_org = [e["label"] for e in json.loads(lines[4])["entities"]].index("org")
    assert (info.value.code, info.value.line, info.value.field) == ("E226", 5, f"entities[{first_org}].label")
    assert str(info.value).endswith("unknown entity label 'org' (khabar's are PERS, ORG, LOC, MISC; did you mean ORG?)")
    assert list(read_documents(dev_gold_path, labels=ENTITY_LABELS)) == list(read_documents(dev_gold_path))


@pytest.mark.parametrize(
    ("record", "field", "known"),
    [
        ({"id": "a", "text": "قال زيد", "quotes": [{"content": {"start": 4, "end": 7}, "Source": {"start": 4, "end": 7}}]},
         "quotes[0].Source", "source"),
        ({"id": "a", "text": "قال زيد", "quotes": [{"content": {"start": 4, "end": 7}, "TYPE": "direct"}]}, "quotes[0].TYPE", "type"),
        ({"id": "a", "text": "قال زيد", "quotes": [{"Content": {"start": 4, "end": 7}}]}, "quotes[0].Content", "content"),
        ({"id": "a", "text": "قال زيد", "entities": [{"start": 4, "end": 7, "Label": "PERS"}]}, "entities[0].Label", "label"),
        ({"id": "a", "text": "قال زيد", "entities": [{"Start": 4, "end": 7, "label": "PERS"}]}, "entities[0].Start", "start"),
        ({"id": "a", "text": "قال زيد", "Entities": [{"start": 4, "end": 7, "label": "PERS"}]}, "Entities", "entities"),
    ],
)
def test_a_field_misspelt_by_case_is_e212_not_an_unknown_field_kept_aside(record: dict, field: str, known: str) -> None:
    # 'Source' was kept as an extra field and the quote read as having no source; 'Entities' as a document without any
    with pytest.raises(InputError) as info:
        Document.from_dict(record, path="gold.jsonl", line=2)
    error = info.value
    assert (error.code, error.line, error.field) == ("E212", 2, field)
    assert error.message == f"{field.rpartition('.')[2]!r} is not a field of khabar's gold format; did you mean {known!r}?"


def test_a_quote_type_misspelt_by_case_says_which_it_likely_is() -> None:
    record = {"id": "a", "text": "قال زيد", "quotes": [{"content": {"start": 4, "end": 7}, "type": "Direct"}]}
    with pytest.raises(InputError) as info:
        Document.from_dict(record)
    assert (info.value.code, info.value.field) == ("E206", "quotes[0].type")
    assert info.value.message == "quote type must be one of direct, indirect, mixed, found 'Direct'; did you mean 'direct'?"


def test_likely_label() -> None:
    from khabar.gold.model import likely_label

    assert [likely_label(x) for x in ("pers", "Misc", "per", "Organisation", "gpe", "MIS", "B-PERS")] == [
        "PERS", "MISC", "PERS", "ORG", "LOC", None, None]
    assert likely_label("pers", ("PERSON", "PLACE")) is None and likely_label("place", ("PERSON", "PLACE")) == "PLACE"
