"""Gold <-> doccano records without a server: UTF-16 offsets, relations, problems, metadata."""

from __future__ import annotations

import json
import random

import pytest

from khabar.doccano.convert import (
    ID_KEY,
    RECORD_KEY,
    TYPES_KEY,
    Utf16Offsets,
    document_to_record,
    guess_quote_type,
    record_to_document,
)
from khabar.errors import InputError
from khabar.gold import Document, Entity, Quote, Span, read_documents


def _utf16_slice(text: str, start: int, end: int) -> str:
    """What a browser shows for UTF-16 offsets: the ground truth the conversion must match."""
    return text.encode("utf-16-le")[2 * start : 2 * end].decode("utf-16-le")


def test_utf16_offsets_match_the_browser_on_random_astral_text() -> None:
    rng = random.Random(7)
    alphabet = ["ا", "ل", "ك", "َ", " ", "\u200f", "😀", "𝕏", "🇸", "🇦", "\r", "\n", "a"]
    for _ in range(200):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        conv = Utf16Offsets(text)
        assert conv.utf16_length == len(text.encode("utf-16-le")) // 2
        for start in range(len(text) + 1):
            u = conv.to_utf16(start)
            assert conv.to_codepoint(u) == start
            for end in range(start, min(len(text), start + 5) + 1):
                assert _utf16_slice(text, u, conv.to_utf16(end)) == text[start:end]


def test_utf16_offset_inside_a_surrogate_pair_is_refused() -> None:
    conv = Utf16Offsets("قال 😀 نعم")
    assert conv.to_utf16(5) == 6  # the emoji at code point 4 takes two units
    with pytest.raises(ValueError, match="surrogate pair"):
        conv.to_codepoint(5)


def _doc_with_emoji() -> Document:
    text = "😀 وقال الكرملين: «المهمة أنجزت». 🇸🇦 وأضاف بوتين أن القوات ستبقى"
    kremlin = text.index("الكرملين")
    putin = text.index("بوتين")
    content1 = Span(text.index("المهمة"), text.index("»"))
    content2 = Span(text.index("القوات"), len(text))
    return Document(
        "emoji-1", text, {"id": 42, "text": "x", "title": "t/1", "views": 3},
        [Entity(kremlin, kremlin + len("الكرملين"), "ORG"), Entity(putin, putin + 5, "PERS")],
        [Quote(content1, Span(kremlin, kremlin + len("الكرملين")), Span(text.index("وقال"), text.index("وقال") + 4),
               "direct"),
         Quote(content2, Span(putin, putin + 5), Span(text.index("وأضاف"), text.index("وأضاف") + 5), "indirect")],
        {"source_file": "x.jsonl"},
    )


def test_record_offsets_are_utf16_and_the_round_trip_is_exact() -> None:
    doc = _doc_with_emoji()
    record = document_to_record(doc, preannotate=True)
    # What doccano's UI shows at the pushed offsets is exactly the gold span text.
    by_label = {s["label"]: s for s in record["entities"]}
    org = by_label["ORG"]
    assert _utf16_slice(doc.text, org["start_offset"], org["end_offset"]) == "الكرملين"
    assert org["start_offset"] == doc.entities[0].start + 1  # one emoji before it
    # Simulate doccano's export: example id, flattened meta, spans and relations as given.
    exported = json.loads(json.dumps({**record, "id": 17, "Comments": []}))
    back, problems = record_to_document(exported, "ali")
    assert problems == []
    assert sorted(e.to_dict().items() for e in back.entities) == sorted(e.to_dict().items() for e in doc.entities)
    assert sorted((q.content, q.source, q.cue, q.type) for q in back.quotes) == sorted(
        (q.content, q.source, q.cue, q.type) for q in doc.quotes)
    assert back.meta == doc.meta and back.meta["id"] == 42  # meta keys id and text survive
    assert back.extra == {"source_file": "x.jsonl", "annotator": "ali"}
    assert back.id == "emoji-1" and back.text == doc.text


def test_every_dev_gold_document_survives_the_conversion(dev_gold_path) -> None:
    for doc in read_documents(dev_gold_path):
        record = document_to_record(doc, preannotate=True)
        back, problems = record_to_document(json.loads(json.dumps({**record, "id": 1})), "a")
        assert problems == []
        assert sorted((e.start, e.end, e.label) for e in back.entities) == sorted(
            (e.start, e.end, e.label) for e in doc.entities)
        assert sorted((q.content, q.source, q.cue, q.type) for q in back.quotes) == sorted(
            (q.content, q.source, q.cue, q.type) for q in doc.quotes)


@pytest.mark.parametrize(("key", "raw", "field", "repeated"), [
    # doccano's metadata of an example pushed before the side table, or filled by another tool: json.loads kept
    # the second title, and the second type of the quote at 4:9, without a word
    (RECORD_KEY, '{"meta": {"title": "عنوان", "source": "x", "title": "آخر"}, "extra": {}}', "meta.title", "title"),
    (TYPES_KEY, '{"4:9": "direct", "4:9": "indirect"}', "4:9", "4:9"),
])
def test_a_key_given_twice_in_a_json_string_of_the_record_is_e015(
    key: str, raw: str, field: str, repeated: str
) -> None:
    record = {"id": 3, "text": "قال «الحل قريب»", ID_KEY: "d7", "entities": [], "relations": [], key: raw}
    with pytest.raises(InputError) as caught:
        record_to_document(record, "mona")
    error = caught.value
    assert (error.code, error.field, error.doc_id) == ("E015", f"{key}.{field}", "d7")
    assert error.message == f"the key {repeated!r} appears twice in one object: JSON keeps only the last value, " \
        "silently; remove one"
    # the same string without the repeat is read as before
    once = raw.replace(', "title": "آخر"', "").replace(', "4:9": "indirect"', "")
    doc, problems = record_to_document({**record, key: once}, "mona")
    assert problems == [] and doc.meta == ({"title": "عنوان", "source": "x"} if key == RECORD_KEY else {})


def test_records_without_preannotation_carry_only_text_and_metadata() -> None:
    record = document_to_record(_doc_with_emoji())
    assert record["entities"] == [] and record["relations"] == []
    assert record[ID_KEY] == "emoji-1"
    assert set(record) == {"text", "title", "source", "url", "date", ID_KEY, RECORD_KEY, TYPES_KEY,
                           "entities", "relations"}


def test_a_span_outside_the_text_is_an_input_error() -> None:
    doc = Document("bad", "قصير", {}, [Entity(0, 99, "LOC")])
    with pytest.raises(InputError) as err:
        document_to_record(doc, preannotate=True)
    assert err.value.code == "E330" and err.value.doc_id == "bad"


def test_annotator_mistakes_are_reported_not_dropped() -> None:
    text = "قال الوزير إن الحل قريب وأكد أنه سيصل"
    say, minister = text.index("قال"), text.index("الوزير")
    content = text.index("الحل")
    record = {
        "id": 5, "text": text, ID_KEY: "d1",
        "entities": [
            {"id": 1, "label": "CONTENT", "start_offset": content, "end_offset": content + 9},
            {"id": 2, "label": "SOURCE", "start_offset": minister, "end_offset": minister + 6},
            {"id": 3, "label": "CUE", "start_offset": say, "end_offset": say + 3},
            {"id": 4, "label": "CUE", "start_offset": text.index("وأكد"), "end_offset": text.index("وأكد") + 4},
            {"id": 5, "label": "DATE", "start_offset": 0, "end_offset": 3},
        ],
        "relations": [
            {"id": 1, "from_id": 2, "to_id": 1, "type": "speaker"},  # drawn backwards: still understood
            {"id": 2, "from_id": 1, "to_id": 3, "type": "cue"},
            {"id": 3, "from_id": 1, "to_id": 99, "type": "cue"},  # to a span that does not exist
        ],
    }
    doc, problems = record_to_document(record, "mona")
    codes = sorted(p.code for p in problems)
    assert codes == ["E342", "E343", "E347"]
    assert all(p.annotator == "mona" and p.doc_id == "d1" and p.example_id == 5 for p in problems)
    assert "وأكد" in next(p.message for p in problems if p.code == "E347")
    assert doc.quotes == [Quote(Span(content, content + 9), Span(minister, minister + 6), Span(say, say + 3),
                                "indirect")]


def test_a_content_with_no_relation_is_a_quote_without_source_or_cue() -> None:
    text = "وقال: «لن نتراجع»"
    start = text.index("لن")
    record = {"id": 1, "text": text, "entities": [
        {"id": 9, "label": "CONTENT", "start_offset": start, "end_offset": text.index("»")}]}
    doc, problems = record_to_document(record, "a")
    assert problems == []
    assert doc.quotes == [Quote(Span(start, text.index("»")), None, None, "direct")]
    assert doc.id == "doccano-1"


def test_metadata_flattened_by_doccano_is_restored_when_the_json_copy_is_missing() -> None:
    record = {"id": 3, "text": "نص", "meta_id": 7.0, "meta_text": "x", "views": 12.0, "ratio": 0.5,
              "missing": None, "Comments": [], "entities": [], "relations": []}
    doc, _ = record_to_document(record, "a")
    assert doc.meta == {"id": 7, "text": "x", "views": 12, "ratio": 0.5}


@pytest.mark.parametrize(
    ("text", "quoted", "expected"),
    [
        ("وقال: «لن نتراجع».", "لن نتراجع", "direct"),
        ('وقال إن الحل "قريب جدا" الآن', 'الحل "قريب جدا" الآن', "mixed"),
        ("وقال إن الحل قريب", "الحل قريب", "indirect"),
    ],
)
def test_quote_type_comes_from_the_quotation_marks(text: str, quoted: str, expected: str) -> None:
    start = text.index(quoted)
    assert guess_quote_type(text, Span(start, start + len(quoted))) == expected


def test_rule_quotes_sharing_a_cue_survive_the_conversion() -> None:
    # the quote rules give a sentence opening with وأن a second content of the report before it, with the same cue
    # and speaker: one CUE span in doccano, two relations to it, and both quotes back on pull
    from khabar.extract.quotes import QuoteExtractor

    text = "وأكد الوزير أن الوضع مستقر. وأن الحكومة ستواصل دعم المزارعين في المنطقة."
    doc = Document(id="shared-cue", text=text, quotes=QuoteExtractor().extract(text))
    assert len(doc.quotes) == 2 and doc.quotes[0].cue == doc.quotes[1].cue
    record = document_to_record(doc, preannotate=True)
    assert [s["label"] for s in record["entities"]].count("CUE") == 1
    assert [r["type"] for r in record["relations"]].count("cue") == 2
    back, problems = record_to_document(json.loads(json.dumps({**record, "id": 3})), "a")
    assert problems == []
    assert sorted((q.content, q.source, q.cue, q.type) for q in back.quotes) == sorted(
        (q.content, q.source, q.cue, q.type) for q in doc.quotes)
