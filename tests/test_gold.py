"""khabar.gold.validate, khabar.gold.conll and the `khabar gold` commands, on the real gold and ANERcorp."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from khabar.cli import app
from khabar.errors import InputError
from khabar.gold import Document, Entity, Quote, Span, read_documents, write_documents
from khabar.gold.conll import conll_tokens, documents_to_bio, read_conll, write_conll
from khabar.gold.validate import Problem, quote_type_of, validate_document, validate_file
from khabar.text import tokenize

runner = CliRunner()


@pytest.fixture(scope="module")
def dev_docs(dev_gold_path: Path) -> list[Document]:
    return list(read_documents(dev_gold_path))


def codes(doc: Document) -> list[str]:
    return [p.code for p in validate_document(doc)]


def entity_doc(text: str, *entities: tuple[str, str], doc_id: str = "d1") -> Document:
    """A document with an entity on the first occurrence of each ``(surface, label)``."""
    found = []
    for surface, label in entities:
        start = text.index(surface)
        found.append(Entity(start, start + len(surface), label))
    return Document(doc_id, text, entities=found)


def quote_doc(text: str, content: str, qtype: str) -> Document:
    start = text.index(content)
    return Document("q1", text, quotes=[Quote(Span(start, start + len(content)), type=qtype)])


# --- validation: the real gold ------------------------------------------------------------------


def test_dev_gold_validates_clean(dev_gold_path: Path) -> None:
    counts: dict[str, int] = {}
    problems = list(validate_file(dev_gold_path, counts=counts))
    assert problems == []
    assert counts == {"documents": 21, "entities": 340, "quotes": 130}


@pytest.mark.parametrize(
    ("shift", "code"),
    [((1, 0), "E224"), ((0, -1), "E225"), ((-1, 0), None), ((0, 1), None)],
    ids=["start+1", "end-1", "start-1", "end+1"],
)
def test_every_shifted_dev_gold_entity_is_caught(dev_docs: list[Document], shift: tuple[int, int], code: str | None) -> None:
    caught = total = 0
    seen_codes: Counter[str] = Counter()
    for doc in dev_docs:
        for entity in doc.entities:
            moved = Entity(entity.start + shift[0], entity.end + shift[1], entity.label)
            found = codes(dataclasses.replace(doc, entities=[moved], quotes=[]))
            total += 1
            caught += bool(found)
            seen_codes.update(found)
    assert caught == total == 340
    if code is not None:  # cutting into a token: always that code
        assert seen_codes == Counter({code: 340})
    else:  # widening onto a space or a mark
        assert set(seen_codes) <= {"E220", "E222", "E223"}


def test_flipped_dev_gold_quote_types_are_caught(dev_docs: list[Document]) -> None:
    flagged: Counter[str] = Counter()
    flipped: Counter[str] = Counter()
    for doc in dev_docs:
        for quote in doc.quotes:
            for new_type in {"direct", "indirect", "mixed"} - {quote.type}:
                flipped[new_type] += 1
                found = codes(dataclasses.replace(doc, entities=[], quotes=[dataclasses.replace(quote, type=new_type)]))
                flagged[new_type] += bool(found)
    # Calling any non-direct quote direct is always caught; the marks cannot always tell indirect from mixed
    # (a name in quotation marks inside indirect speech looks like a quoted phrase).
    assert flagged["direct"] == flipped["direct"] == 110
    assert flagged["indirect"] >= 27 and flagged["mixed"] >= 100


# --- validation: each rule --------------------------------------------------------------------


def test_clean_document_has_no_problems() -> None:
    doc = entity_doc("زار فلاديمير بوتين سوريا، ثم عاد إلى #موسكو.", ("فلاديمير بوتين", "PERS"), ("سوريا", "LOC"), ("موسكو", "LOC"))
    assert validate_document(doc) == []


@pytest.mark.parametrize(
    ("span", "code"),
    [((-1, 3), "E220"), ((30, 99), "E220"), ((4, 4), "E221"), ((6, 4), "E221"), ((3, 9), "E222"), ((4, 10), "E222")],
    ids=["negative", "past the end", "empty", "reversed", "leading space", "trailing space"],
)
def test_span_range_and_white_space(span: tuple[int, int], code: str) -> None:
    doc = Document("d", "زار بوتين سوريا", entities=[Entity(*span, "PERS")])
    assert codes(doc) == [code]


def test_punctuation_at_a_span_edge() -> None:
    text = "قال «الكرملين»، و#الرباط"
    start = text.index("«")
    problems = validate_document(Document("d", text, entities=[Entity(start, start + 9, "ORG")]))
    assert [p.code for p in problems] == ["E223"]
    assert "LEFT-POINTING DOUBLE ANGLE" in problems[0].message and problems[0].span_text == "«الكرملين"
    hashtag = text.index("#")
    assert codes(Document("d", text, entities=[Entity(hashtag, len(text), "LOC")])) == ["E223"]
    assert codes(Document("d", text, entities=[Entity(hashtag + 1, len(text), "LOC")])) == []


def test_a_control_character_at_a_span_edge_is_a_mark_outside_it() -> None:
    # A NUL glued to a name displays nothing, like a direction mark: the span leaves it out, and the error names it
    # by code point (it has no Unicode name).
    text = "زار \x00بوتين\x01 سوريا"
    problems = validate_document(Document("d", text, entities=[Entity(4, 10, "PERS")]))
    assert [p.code for p in problems] == ["E223"] and "U+0000" in problems[0].message
    assert codes(Document("d", text, entities=[Entity(5, 11, "PERS")])) == ["E223"]
    assert codes(Document("d", text, entities=[Entity(5, 10, "PERS")])) == []


def test_clitics_stay_attached() -> None:
    text = "وصل بسوريا وفلاديمير بوتين"
    assert codes(entity_doc(text, ("سوريا", "LOC"))) == ["E224"]
    assert codes(entity_doc(text, ("بسوريا", "LOC"))) == []
    assert codes(entity_doc(text, ("وفلاديمير بوت", "PERS"))) == ["E225"]


def test_cut_before_a_diacritic_is_inside_the_token() -> None:
    text = "قالَ محمدٌ"
    assert codes(Document("d", text, entities=[Entity(5, 9, "PERS")])) == ["E225"]
    assert codes(Document("d", text, entities=[Entity(5, 10, "PERS")])) == []


def test_boundary_at_a_mark_inside_a_word() -> None:
    text = "في استطلاع لـ«رويترز» أمس"
    assert codes(entity_doc(text, ("رويترز", "ORG"))) == []


def test_labels_duplicates_and_overlaps() -> None:
    text = "الأمين العام للأمم المتحدة في جنيف"
    assert codes(entity_doc(text, ("جنيف", "PLACE"))) == ["E226"]
    assert codes(entity_doc(text, ("جنيف", "LOC"), ("جنيف", "LOC"))) == ["E227"]
    assert codes(entity_doc(text, ("جنيف", "LOC"), ("جنيف", "ORG"))) == ["E227"]
    assert codes(entity_doc(text, ("للأمم المتحدة", "ORG"), ("المتحدة في جنيف", "ORG"))) == ["E228"]
    assert codes(entity_doc(text, ("للأمم المتحدة في جنيف", "ORG"), ("جنيف", "ORG"))) == ["E228"]
    # nesting of different types is allowed
    assert codes(entity_doc(text, ("للأمم المتحدة في جنيف", "ORG"), ("جنيف", "LOC"))) == []


def test_an_unknown_label_names_the_one_it_likely_stands_for() -> None:
    text = "الأمين العام للأمم المتحدة في جنيف"
    messages = [validate_document(entity_doc(text, ("جنيف", label)))[0].message for label in ("Loc", "GPE", "PLACE")]
    assert messages == [
        "unknown entity label 'Loc' (khabar's are PERS, ORG, LOC, MISC; did you mean LOC?)",
        "unknown entity label 'GPE' (khabar's are PERS, ORG, LOC, MISC; did you mean LOC?)",
        "unknown entity label 'PLACE' (khabar's are PERS, ORG, LOC, MISC)",
    ]


def test_quote_spans_in_range_and_not_twice() -> None:
    text = "قال الوزير إن الوضع مستقر"
    content = Span(text.index("الوضع"), len(text))
    source, cue = Span(4, 10), Span(0, 3)
    doc = Document("d", text, quotes=[Quote(content, source, cue), Quote(content, source, cue)])
    assert codes(doc) == ["E229"]
    bad = Document("d", text, quotes=[Quote(content, Span(4, 99), Span(1, 3))])
    problems = validate_document(bad)
    assert [(p.code, p.field) for p in problems] == [("E220", "quotes[0].source"), ("E224", "quotes[0].cue")]


def test_source_cue_and_content_do_not_overlap() -> None:
    text = "قال الوزير إن الوضع مستقر"
    content = Span(text.index("الوضع"), len(text))
    assert codes(Document("d", text, quotes=[Quote(content, Span(4, 10), Span(0, 3))])) == []
    in_content = Document("d", text, quotes=[Quote(content, Span(content.start, content.start + 5), Span(0, 3))])
    assert [(p.code, p.field) for p in validate_document(in_content)] == [("E235", "quotes[0].source")]
    cue_on_source = Document("d", text, quotes=[Quote(content, Span(4, 10), Span(0, 10))])
    problems = validate_document(cue_on_source)
    assert [(p.code, p.field) for p in problems] == [("E235", "quotes[0].cue")]
    assert "cue overlaps its source" in problems[0].message


def test_quote_without_content() -> None:
    doc = Document("d", "قال   الوزير", quotes=[Quote(Span(3, 6))])
    assert codes(doc) == ["E222", "E230"]


QUOTE_CASES = {
    "direct in guillemets": ('قال: «الوضع مستقر». ثم', "الوضع مستقر", "direct", []),
    "direct, stop inside the mark": ('قال: "الوضع مستقر." ثم', "الوضع مستقر", "direct", []),
    "direct, !. after the mark": ('قال: "تعبنا من الأخطاء!". ثم', "تعبنا من الأخطاء", "direct", []),
    "direct in curly quotes": ("قال: “الوضع مستقر” ثم", "الوضع مستقر", "direct", []),
    "direct in parentheses": ("قال تعالى: (ومن أظلم) صدق", "ومن أظلم", "direct", []),
    "direct, nested quote inside": ('قال: «وصف الأمر بأنه "جدي" حقا»', 'وصف الأمر بأنه "جدي" حقا', "direct", []),
    "direct, not enclosed": ("قال إن الوضع مستقر", "الوضع مستقر", "direct", ["E231"]),
    "direct, quote closes inside": ('قال "آلاف" الصواعق ضربت"', 'آلاف" الصواعق ضربت', "direct", ["E231"]),
    "indirect": ("قال إن الوضع مستقر", "الوضع مستقر", "indirect", []),
    "indirect with a quoted name": ('قال إن تنظيم "داعش" انسحب', 'تنظيم "داعش" انسحب', "indirect", []),
    "indirect, but enclosed": ("قال: «الوضع مستقر»", "الوضع مستقر", "indirect", ["E232"]),
    "indirect, cutting a quote": ('قال إن الأمر "جدي جدا', 'الأمر "جدي جدا', "indirect", ["E232"]),
    "mixed": ('قال إن الأمر "جدي جدا"، وغادر', 'الأمر "جدي جدا', "mixed", []),
    "mixed, touching an opening mark": ("قال: «لم أتخيل ذلك، ولكن» ثم", "لم أتخيل ذلك", "mixed", []),
    "mixed, but enclosed": ("قال: «الوضع مستقر»", "الوضع مستقر", "mixed", ["E233"]),
    "mixed, no mark": ("قال إن الوضع مستقر", "الوضع مستقر", "mixed", ["E234"]),
    "direct in ” … ″ (scraped)": ("وقال المسؤول:” الوضع مستقر ″. ولفت", "الوضع مستقر", "direct", []),
    "indirect, but enclosed in ” … ″": ("وقال المسؤول:” الوضع مستقر ″. ولفت", "الوضع مستقر", "indirect", ["E232"]),
    "mixed, quoted-unquoted-quoted": ('وفندت المنظمة "الادعاء" بأن الخبر عار "لأن الاتحاد قوي".',
                                      'الادعاء" بأن الخبر عار "لأن الاتحاد قوي', "mixed", []),
    "mixed, but direct with a quoted name": ('قال: "وصف الأمر بأنه "جدي" حقا" ثم', 'وصف الأمر بأنه "جدي" حقا', "mixed",
                                             ["E233"]),
    # A right-to-left mark between the content and a mark is invisible: the mark is still right around it.
    "mixed, a right-to-left mark before the closing mark": ("قال: «لم أتخيل ذلك، ولكن تدعو لإيقافهم\u200f». ثم",
                                                             "تدعو لإيقافهم", "mixed", []),
    "direct, right-to-left marks inside the marks": ("قال: «\u200fالوضع مستقر\u200f». ثم", "الوضع مستقر", "direct", []),
}


@pytest.mark.parametrize(("text", "content", "qtype", "expected"), QUOTE_CASES.values(), ids=QUOTE_CASES.keys())
def test_quote_type_against_quotation_marks(text: str, content: str, qtype: str, expected: list[str]) -> None:
    assert codes(quote_doc(text, content, qtype)) == expected


def test_quote_type_of() -> None:
    text = 'قال: «الوضع مستقر» وأضاف أن "الأمر جدي'
    assert quote_type_of(text, Span(text.index("الوضع"), text.index("»"))) == "direct"
    assert quote_type_of(text, Span(text.index("الأمر"), len(text))) is None  # opened, never closed
    assert quote_type_of(text, Span(text.index("أن"), len(text))) == "mixed"
    assert quote_type_of(text, Span(0, 3)) is None


def test_problem_names_file_line_document_field_and_text(tmp_path: Path) -> None:
    doc = entity_doc("وصل بسوريا", ("سوريا", "LOC"), doc_id="art-7")
    good = entity_doc("وصل إلى سوريا", ("سوريا", "LOC"), doc_id="art-6")
    path = tmp_path / "gold.jsonl"
    write_documents(path, [good, doc])
    problems = list(validate_file(path))
    assert problems == [
        Problem("E224", problems[0].message, str(path), 2, "art-7", "entities[0]", "سوريا"),
    ]
    assert str(problems[0]).startswith(f"[E224] {path}:2, document 'art-7', field 'entities[0]': span begins inside a token")
    assert str(problems[0]).endswith("'سوريا'")
    error = problems[0].to_error()
    assert isinstance(error, InputError) and (error.code, error.line, error.doc_id) == ("E224", 2, "art-7")
    assert str(error) == str(problems[0])


def test_unreadable_records_become_problems_and_checking_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    lines = [
        {"id": "a", "text": "زار بوتين", "entities": [{"start": 4, "end": "9", "label": "PERS"}]},
        {"text": "بلا معرف"},
        {"id": "c", "text": "زار بوتين", "quotes": [{"content": {"start": 0, "end": 3}, "type": "rumour"}]},
        {"id": "d", "text": "زار بوتين", "entities": [{"start": 4, "end": 8, "label": "PERS"}]},
    ]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), encoding="utf-8")
    counts: dict[str, int] = {}
    found = [(p.code, p.line, p.field) for p in validate_file(path, counts=counts)]
    assert found == [
        ("E202", 1, "entities[0].end"),
        ("E207", 2, "id"),
        ("E206", 3, "quotes[0].type"),
        ("E225", 4, "entities[0]"),
    ]
    assert counts["documents"] == 1


def test_a_key_given_twice_is_listed_with_the_other_problems_and_checking_goes_on(tmp_path: Path) -> None:
    # it stopped the whole file (exit 2) at the first one, where every other unreadable line is listed
    path = tmp_path / "gold.jsonl"
    path.write_text(
        '{"id": "a", "text": "زار بوتين", "entities": [{"start": 4, "end": 9, "label": "PERS", "end": 8}]}\n'
        '{"id": "b", "text": "زار بوتين", "id": "c"}\n'
        '{"id": "d", "text": "زار بوتين", "entities": [{"start": 4, "end": 8, "label": "PERS"}]}\n'
        '{"id": "a", "text": "نص"}\n'
        '{"id": "e", "text": "x", "meta": {"k": 1}, "meta": {"k": 2}}\n',
        encoding="utf-8")
    counts: dict[str, int] = {}
    found = [(p.code, p.line, p.doc_id, p.field) for p in validate_file(path, counts=counts)]
    assert found == [
        ("E015", 1, "a", "entities[0].end"),
        ("E015", 2, None, "id"),  # which of b and c is meant is not known
        ("E225", 3, "d", "entities[0]"),
        ("E248", 4, "a", "id"),  # line 1's id, though line 1 could not be read
        ("E015", 5, "e", "meta"),
    ]
    assert counts == {"documents": 2, "entities": 1, "quotes": 0}
    result = runner.invoke(app, ["gold", "validate", str(path)])
    assert result.exit_code == 1, result.output
    assert result.output.splitlines()[1] == (
        f"[E015] {path}:2, field 'id': the key 'id' appears twice in one object: JSON keeps only the last value, "
        "silently; remove one")
    assert f"FAILED {path}: 5 problems in 2 documents" in result.output
    payload = json.loads(runner.invoke(app, ["gold", "validate", str(path), "--json"]).stdout)
    assert payload["problems"][0] == {
        "code": "E015", "message": "the key 'end' appears twice in one object: JSON keeps only the last value, "
        "silently; remove one", "path": str(path), "line": 1, "doc_id": "a", "field": "entities[0].end",
        "span_text": None}


def test_a_key_given_twice_in_a_parquet_meta_is_listed_too(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "gold.parquet"
    pq.write_table(pa.table({"id": ["a", "b"], "text": ["x", "y"],
                             "meta": ['{"k": 1, "k": 2}', '{"k": 1}']}), path)
    assert [(p.code, p.line, p.doc_id, p.field) for p in validate_file(path)] == [("E015", 1, "a", "meta.k")]


def test_unreadable_files_raise(tmp_path: Path) -> None:
    with pytest.raises(InputError) as missing:
        list(validate_file(tmp_path / "nope.jsonl"))
    assert missing.value.code == "E211"
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "a", "text": "x"}\n{"id": \n', encoding="utf-8")
    with pytest.raises(InputError) as bad_json:
        list(validate_file(broken))
    assert bad_json.value.line == 2


# --- validation: CLI --------------------------------------------------------------------------


def test_cli_validate_clean_file(dev_gold_path: Path) -> None:
    result = runner.invoke(app, ["gold", "validate", str(dev_gold_path)])
    assert result.exit_code == 0, result.output
    assert "OK" in result.output and "21 documents, 340 entities, 130 quotes" in result.output


def test_cli_validate_passes_both_shared_gold_files(shared_data: Path) -> None:
    """Real scraped quoting (” … ″, a quoted-unquoted-quoted mixed quote) in the Jawhara FM gold is valid."""
    for name, documents in (("dev_gold.jsonl", 21), ("jawharafm_gold.jsonl", 40)):
        result = runner.invoke(app, ["gold", "validate", str(shared_data / "quotes" / name)])
        assert result.exit_code == 0, result.output
        assert f"{documents} documents" in result.output


def test_cli_validate_lists_every_problem(tmp_path: Path, dev_docs: list[Document]) -> None:
    broken = [dataclasses.replace(doc, entities=[Entity(e.start, e.end - 1, e.label) for e in doc.entities]) for doc in dev_docs[:2]]
    path = tmp_path / "broken.jsonl"
    write_documents(path, broken)
    expected = sum(len(d.entities) for d in broken)
    result = runner.invoke(app, ["gold", "validate", str(path)])
    assert result.exit_code == 1
    listed = [line for line in result.output.splitlines() if line.startswith("[E225]")]
    assert len(listed) == expected
    assert f"{path}:1, document '{broken[0].id}', field 'entities[0]'" in listed[0]
    assert f"FAILED {path}: {expected} problems" in result.output
    as_json = runner.invoke(app, ["gold", "validate", str(path), "--json"])
    assert as_json.exit_code == 1
    payload = json.loads(as_json.stdout)
    assert len(payload["problems"]) == expected and payload["problems"][0]["doc_id"] == broken[0].id


def test_cli_validate_unreadable_file_exits_2(tmp_path: Path) -> None:
    broken = tmp_path / "broken.jsonl"
    broken.write_text("not json\n", encoding="utf-8")
    khabar = Path(sys.executable).parent / "khabar"
    result = subprocess.run([str(khabar), "gold", "validate", str(broken)], capture_output=True, text=True)
    assert result.returncode == 2
    assert "E001" in result.stderr and f"{broken}:1" in result.stderr


# --- CoNLL: ANERcorp ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def anercorp_docs(anercorp_path: Path) -> list[Document]:
    return list(read_conll(anercorp_path))


def test_anercorp_keeps_every_entity(anercorp_path: Path, anercorp_docs: list[Document]) -> None:
    lines = anercorp_path.read_text(encoding="utf-8").splitlines()
    tags = [line.rsplit(" ", 1)[1] for line in lines]
    assert sum(len(d.entities) for d in anercorp_docs) == sum(tag.startswith("B-") for tag in tags) == 8968
    labels = Counter(e.label for d in anercorp_docs for e in d.entities)
    assert labels == Counter({t[2:]: n for t, n in Counter(tags).items() if t.startswith("B-")})
    assert sum(len(conll_tokens(d)) for d in anercorp_docs) == len(lines) == 125275


def test_anercorp_round_trip_is_byte_identical(anercorp_path: Path, anercorp_docs: list[Document], tmp_path: Path) -> None:
    out = tmp_path / "back.txt"
    assert write_conll(out, anercorp_docs, breaks="none") == 125275
    assert out.read_bytes() == anercorp_path.read_bytes()


def test_anercorp_tokens_come_back_by_splitting_on_spaces(anercorp_path: Path, anercorp_docs: list[Document]) -> None:
    tokens = [t for d in anercorp_docs if "token_spans" not in d.meta for t in d.text.split(" ")]
    spaced = [d for d in anercorp_docs if "token_spans" in d.meta]
    assert len(spaced) == 1  # the one token holding a space
    assert [t for t, _, _ in conll_tokens(spaced[0])].count("الأمن\u200f1706 \u200f") == 1
    assert tokens.count("") == 5  # the five empty-token lines, kept
    first = anercorp_docs[0]
    head = [line.rsplit(" ", 1)[0] for line in anercorp_path.read_text(encoding="utf-8").splitlines()[:5]]
    assert first.text.split(" ")[:5] == head


def test_anercorp_dot_inside_a_name_does_not_end_the_sentence(anercorp_docs: list[Document]) -> None:
    names = {e.text_in(d.text): d for d in anercorp_docs for e in d.entities if e.label == "ORG"}
    doc = names["سي . أس . أم . ديداكتيك"]
    assert doc.text.index("ديداكتيك") < len(doc.text) - 20  # the sentence goes on after the name
    # every other sentence ends at a full stop (the last one of the file may not)
    ends = Counter(d.text.split(" ")[-1].strip("\u200e\u200f") for d in anercorp_docs[:-1])
    assert set(ends) == {"."}


def test_anercorp_converted_gold_validates(anercorp_docs: list[Document]) -> None:
    """ANERcorp tags bidi marks, a closing dot or a bracket with some names: the gold keeps them outside the span."""
    assert [str(p) for d in anercorp_docs for p in validate_document(d)] == []
    trimmed = [t for d in anercorp_docs for t in d.meta.get("conll_entity_tokens", ())]
    assert len(trimmed) == 113
    names = {d.text[s:e]: d.text[ts:te] for d in anercorp_docs for s, e, ts, te, _ in d.meta.get("conll_entity_tokens", ())}
    assert names["روي ( كين"] == "روي ( كين )" and names["مبارك"] == "مبارك\u200f"


def test_glued_punctuation_stays_outside_and_round_trips(tmp_path: Path) -> None:
    conll = write(tmp_path, "وصل O\nإلى O\nكابول؛ B-LOC\nو O\n\u200fغزة B-LOC\nمع O\nروي B-PERS\n( I-PERS\nكين I-PERS\n"
                  ") I-PERS\nو O\n« B-MISC\n» I-MISC\n. O\n")
    [doc] = read_conll(conll)
    assert [(doc.text[e.start:e.end], e.label) for e in doc.entities] == [("كابول", "LOC"), ("غزة", "LOC"),
                                                                        ("روي ( كين", "PERS")]
    assert validate_document(doc) == []
    back = tmp_path / "back.txt"
    write_conll(back, [doc], breaks="none", partial="error")
    assert back.read_bytes() == conll.read_bytes()  # CoNLL -> gold -> CoNLL, tag for tag
    gold, conll2, gold2 = tmp_path / "g.jsonl", tmp_path / "c.txt", tmp_path / "g2.jsonl"
    for args in (["from-conll", str(conll), "--out", str(gold)], ["to-conll", str(gold), "--out", str(conll2)],
                 ["from-conll", str(conll2), "--out", str(gold2)], ["validate", str(gold2)]):
        result = runner.invoke(app, ["gold", *args])
        assert result.exit_code == 0, result.output
    first, second = list(read_documents(gold)), list(read_documents(gold2))
    assert [(d.text, d.entities) for d in first] == [(d.text, d.entities) for d in second]
    assert first[0].meta["conll_entity_tokens"] == second[0].meta["conll_entity_tokens"]
    # edited gold that lost the record still writes the whole glued token, and reads back to the core
    plain = Document("x", doc.text, {"tokenization": "conll"}, doc.entities[:1])
    assert ("كابول؛", "B-LOC") in documents_to_bio(plain, partial="error")


# --- CoNLL: the format's corners ---------------------------------------------------------------


def write(tmp_path: Path, text: str, name: str = "in.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_blank_lines_tabs_and_sentences_per_doc(tmp_path: Path) -> None:
    path = write(tmp_path, "زار\tO\nبوتين\tB-PERS\nسوريا\tB-LOC\n\nوعاد O\nإلى O\nموسكو B-LOC\n\nثم O\nغادر O\n\n\n")
    docs = list(read_conll(path, sentences_per_doc=2, doc_id_prefix="x"))
    assert [d.id for d in docs] == ["x-000001", "x-000002"]
    assert docs[0].text == "زار بوتين سوريا وعاد إلى موسكو"
    assert [(e.text_in(docs[0].text), e.label) for e in docs[0].entities] == [("بوتين", "PERS"), ("سوريا", "LOC"), ("موسكو", "LOC")]
    assert docs[0].meta["sentences"] == [[0, 15], [16, 30]]
    assert docs[1].text == "ثم غادر" and docs[1].meta["first_line"] == 9
    out = tmp_path / "out.txt"
    write_conll(out, docs, breaks="sentence", separator="\t")
    assert out.read_text(encoding="utf-8") == path.read_text(encoding="utf-8").replace(" ", "\t").rstrip("\n") + "\n\n"


def test_stray_and_switching_inside_tags_start_new_entities(tmp_path: Path) -> None:
    path = write(tmp_path, "في O\nالأمم I-ORG\nالمتحدة I-ORG\nو O\nجنيف B-LOC\nسويسرا I-PERS\n. O\n")
    (doc,) = read_conll(path)
    assert [(e.text_in(doc.text), e.label) for e in doc.entities] == [("الأمم المتحدة", "ORG"), ("جنيف", "LOC"), ("سويسرا", "PERS")]
    # written back in IOB2: a stray I- becomes B-
    assert [tag for _, tag in documents_to_bio(doc)] == ["O", "B-ORG", "I-ORG", "O", "B-LOC", "B-PERS", "O"]


def test_period_sentences_and_docstart(tmp_path: Path) -> None:
    path = write(tmp_path, "-DOCSTART- O\nقال O\n. O\nجي B-PERS\n. I-PERS\nلو I-PERS\nغنت O\n.\u200f O\nوانتهى O\n")
    docs = list(read_conll(path))
    assert [d.text for d in docs] == ["قال .", "جي . لو غنت .\u200f", "وانتهى"]
    assert docs[1].entities[0].text_in(docs[1].text) == "جي . لو"
    # the same file read as blank-line separated: one sentence
    assert len(list(read_conll(path, sentence_end="blank"))) == 1


def test_auto_sentence_end_ignores_trailing_blank_lines_and_reads_crlf_and_gzip(tmp_path: Path) -> None:
    import gzip

    body = "قال O\r\n. O\r\nوعاد O\r\n. O\r\n\r\n\r\n"
    path = write(tmp_path, body)
    assert [d.text for d in read_conll(path)] == ["قال .", "وعاد ."]  # no blank line between tokens: periods
    packed = tmp_path / "in.txt.gz"
    packed.write_bytes(gzip.compress(body.encode("utf-8")))
    assert [d.text for d in read_conll(packed)] == ["قال .", "وعاد ."]


def test_empty_tokens_survive_the_round_trip(tmp_path: Path) -> None:
    source = "مجلس B-ORG\nالأمن I-ORG\n O\nو O\n O\n. O\n"
    path = write(tmp_path, source)
    (doc,) = read_conll(path)
    assert doc.text == "مجلس الأمن  و  ." and doc.text.split(" ") == ["مجلس", "الأمن", "", "و", "", "."]
    out = tmp_path / "out.txt"
    write_conll(out, [doc], breaks="none")
    assert out.read_text(encoding="utf-8") == source


@pytest.mark.parametrize(
    ("line", "code"),
    [("كلمة\n", "E240"), ("كلمة O\rزار B-LOC\r\n", "E240"), ("كلمة B-\n", "E241"), ("كلمة PERS\n", "E241"), ("كلمة E-PERS\n", "E241")],
)
def test_malformed_lines_name_file_line_and_field(tmp_path: Path, line: str, code: str) -> None:
    path = write(tmp_path, "زار O\n" + line)
    with pytest.raises(InputError) as error:
        list(read_conll(path))
    assert (error.value.code, error.value.line, error.value.field) == (code, 2, "tag")
    assert str(path) in str(error.value)


def test_bad_arguments_and_missing_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="E243"):
        list(read_conll(write(tmp_path, "x O\n"), sentences_per_doc=0))
    with pytest.raises(InputError, match="E244"):
        list(read_conll(tmp_path / "missing.txt"))
    with pytest.raises(InputError, match="E247"):
        write_conll(tmp_path / "o.txt", [], separator=",")


# --- gold to BIO with khabar's tokens ------------------------------------------------------------


def test_dev_gold_to_bio_keeps_every_entity(dev_docs: list[Document]) -> None:
    for doc in dev_docs:
        pairs = documents_to_bio(doc, partial="error")
        tokens = tokenize(doc.text)
        assert [t for t, _ in pairs] == [t.text for t in tokens]
        begins = [i for i, (_, tag) in enumerate(pairs) if tag.startswith("B-")]
        assert len(begins) == len(doc.entities)
        by_start = {e.start: e for e in doc.entities}
        for i in begins:
            entity = by_start[tokens[i].start]
            assert pairs[i][1] == f"B-{entity.label}"


def test_dev_gold_through_conll_and_back(dev_docs: list[Document], tmp_path: Path) -> None:
    out = tmp_path / "dev.conll"
    write_conll(out, dev_docs, breaks="document")
    back = list(read_conll(out, sentence_end="blank"))
    assert len(back) == len(dev_docs)
    for before, after in zip(dev_docs, back, strict=True):
        surfaces = [(" ".join(t.text for t in tokenize(e.text_in(before.text))), e.label) for e in sorted(before.entities, key=lambda e: e.start)]
        assert [(e.text_in(after.text), e.label) for e in after.entities] == surfaces


def test_partial_token_entities() -> None:
    text = "وصل بسوريا أمس"
    doc = Document("d", text, entities=[Entity(text.index("سوريا"), text.index(" أمس"), "LOC")])
    assert documents_to_bio(doc) == [("وصل", "O"), ("بسوريا", "B-LOC"), ("أمس", "O")]
    assert documents_to_bio(doc, partial="drop") == [("وصل", "O"), ("بسوريا", "O"), ("أمس", "O")]
    with pytest.raises(InputError, match="E246"):
        documents_to_bio(doc, partial="error")


def test_nested_entities_keep_the_longest() -> None:
    doc = entity_doc("في قاعدة حميميم الجوية", ("قاعدة حميميم الجوية", "LOC"), ("حميميم", "ORG"))
    assert [tag for _, tag in documents_to_bio(doc)] == ["O", "B-LOC", "I-LOC", "I-LOC"]


# --- CoNLL: CLI ------------------------------------------------------------------------------------


def test_cli_conll_round_trip_on_anercorp(anercorp_path: Path, tmp_path: Path) -> None:
    gold, back = tmp_path / "aner.jsonl", tmp_path / "aner.txt"
    result = runner.invoke(app, ["gold", "from-conll", str(anercorp_path), "--out", str(gold), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["entities"] == 8968
    result = runner.invoke(app, ["gold", "to-conll", str(gold), "--out", str(back), "--breaks", "none"])
    assert result.exit_code == 0, result.output
    assert back.read_bytes() == anercorp_path.read_bytes()


def test_cli_conll_options(tmp_path: Path) -> None:
    path = write(tmp_path, "زار O\nبوتين B-PERS\n\nوعاد O\n")
    gold = tmp_path / "g.jsonl"
    result = runner.invoke(app, ["gold", "from-conll", str(path), "-o", str(gold), "--sentences-per-doc", "2", "--id-prefix", "t"])
    assert result.exit_code == 0, result.output
    (doc,) = read_documents(gold)
    assert doc.id == "t-000001" and doc.text == "زار بوتين وعاد"
    out = tmp_path / "o.txt"
    result = runner.invoke(app, ["gold", "to-conll", str(gold), "-o", str(out), "--breaks", "sentence", "--tab"])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == "زار\tO\nبوتين\tB-PERS\n\nوعاد\tO\n\n"
    bad = runner.invoke(app, ["gold", "to-conll", str(gold), "-o", str(out), "--breaks", "paragraph"])
    assert bad.exit_code == 2 and "paragraph" in bad.output


def test_cli_export_and_import_conll(anercorp_path: Path, tmp_path: Path) -> None:
    """`gold import --format conll` is from-conll, `gold export --format conll` is to-conll: the same files."""
    lines = anercorp_path.read_text(encoding="utf-8").splitlines()[:3000]
    source = write(tmp_path, "\n".join(lines) + "\n", "slice.txt")
    imported, converted = tmp_path / "imported.jsonl", tmp_path / "converted.jsonl"
    for args in (["import", str(source), "--format", "conll", "--out", str(imported)],
                 ["from-conll", str(source), "--out", str(converted)],
                 ["export", str(imported), "--format", "conll", "--out", str(tmp_path / "exported.txt")],
                 ["to-conll", str(converted), "--out", str(tmp_path / "written.txt")],
                 ["validate", str(imported)]):
        result = runner.invoke(app, ["gold", *args])
        assert result.exit_code == 0, result.output
    assert imported.read_bytes() == converted.read_bytes()
    assert (tmp_path / "exported.txt").read_bytes() == (tmp_path / "written.txt").read_bytes()
    exported = [line for line in (tmp_path / "exported.txt").read_text(encoding="utf-8").splitlines() if line]
    assert exported == lines


# --- every command that writes what it reads validates it (issue 18, item 10) ----------------------


def raised(args: list[str]) -> InputError:
    """The numbered error a command stops with (``khabar`` prints it and exits 2; the runner hands it back)."""
    result = runner.invoke(app, args)
    assert isinstance(result.exception, InputError), (args, result.output, result.exception)
    return result.exception


def test_validate_reports_repeated_ids_and_goes_on(tmp_path: Path, dev_docs: list[Document]) -> None:
    path = tmp_path / "twice.jsonl"
    write_documents(path, [dev_docs[0], dev_docs[1], dev_docs[0]])
    problems = list(validate_file(path))
    assert [(p.code, p.line, p.doc_id, p.field) for p in problems] == [("E248", 3, dev_docs[0].id, "id")]
    assert "first on line 1" in problems[0].message
    result = runner.invoke(app, ["gold", "validate", str(path)])
    assert result.exit_code == 1 and "[E248]" in result.output


def test_validate_sees_an_id_repeated_after_a_document_it_could_not_read(tmp_path: Path) -> None:
    # The unreadable first document still claims its id: the second line repeating it is E248 too.
    path = tmp_path / "twice.jsonl"
    path.write_text('{"id": "d1", "text": "قال زيد", "quotes": [{"content": {"start": 0, "end": 3}, "type": "quoted"}]}\n'
                    '{"id": "d1", "text": "قال عمرو"}\n', encoding="utf-8")
    problems = list(validate_file(path))
    assert [(p.code, p.line, p.doc_id) for p in problems] == [("E206", 1, "d1"), ("E248", 2, "d1")]


def test_an_unreadable_document_claims_its_id_as_the_reader_reads_it(tmp_path: Path) -> None:
    # The id 7 is the document "7": repeated after a document that could not be read it was not seen; an empty id,
    # E207 already, was reported repeated as well.
    path = tmp_path / "ids.jsonl"
    path.write_text('{"id": 7, "text": 5}\n{"id": 7, "text": "x"}\n{"id": "", "text": "x"}\n{"id": "", "text": "y"}\n',
                    encoding="utf-8")
    problems = list(validate_file(path))
    assert [(p.code, p.line, p.doc_id) for p in problems] == [
        ("E208", 1, "7"), ("E248", 2, "7"), ("E207", 3, None), ("E207", 4, None),
    ]


def test_require_valid_stops_at_unusable_spans_and_repeated_ids(dev_docs: list[Document]) -> None:
    from khabar.gold.validate import require_valid

    good = dev_docs[0]
    assert list(require_valid(dev_docs[:3])) == dev_docs[:3]
    for start, end, code in ((-1, 3, "E220"), (5, 4, "E221"), (0, len(good.text) + 1, "E220")):
        broken = dataclasses.replace(good, entities=[Entity(start, end, "PERS")])
        with pytest.raises(InputError) as info:
            list(require_valid([(1, dev_docs[1]), (2, broken)], "g.jsonl"))
        assert (info.value.code, info.value.line, info.value.field, str(info.value.path)) == (code, 2, "entities[0]", "g.jsonl")
    with pytest.raises(InputError) as info:
        list(require_valid([(1, good), (4, good)], "g.jsonl"))
    assert (info.value.code, info.value.line) == ("E248", 4) and "first on line 1" in info.value.message
    # Off the guidelines but usable (a span cut inside a word) passes unless every problem is asked for.
    cut = dataclasses.replace(good, entities=[Entity(1, 3, "PERS")], quotes=[])
    assert codes(cut) and list(require_valid([cut])) == [cut]
    with pytest.raises(InputError):
        list(require_valid([cut], codes=None))


def test_to_conll_refuses_spans_out_of_range_whatever_partial_says(tmp_path: Path) -> None:
    gold, out = tmp_path / "g.jsonl", tmp_path / "g.conll"
    for entity, code in ((Entity(-2, 3, "PERS"), "E220"), (Entity(0, 40, "PERS"), "E220"), (Entity(4, 1, "LOC"), "E221")):
        write_documents(gold, [Document("a", "hello world", entities=[entity])])
        for partial in ("expand", "drop", "error"):
            error = raised(["gold", "to-conll", str(gold), "--out", str(out), "--partial", partial])
            assert (error.code, error.path, error.line, error.field) == (code, gold, 1, "entities[0]")
            assert not out.exists()


@pytest.mark.parametrize("command", [["to-conll"], ["export", "--format", "conll"]])
def test_to_conll_refuses_a_label_standing_for_one_of_khabars_and_writes_a_projects_own(
    tmp_path: Path, command: list[str]
) -> None:
    # B-PER and B-person were written as they were: CoNLL that from-conll then refuses (E251) and train entities
    # reads as labels of their own.
    gold, out = tmp_path / "g.jsonl", tmp_path / "g.conll"
    text = "زار بوتين تونس يوم الأحد"
    write_documents(gold, [Document("a", text, entities=[Entity(4, 9, "PERS"), Entity(10, 14, "LOC")]),
                           Document("b", text, entities=[Entity(4, 9, "person")])])
    error = raised(["gold", *command, str(gold), "--out", str(out)])
    assert (error.code, error.path, error.line, error.field) == ("E226", gold, 2, "entities[0].label")
    assert "unknown entity label 'person'" in error.message and "did you mean PERS?" in error.message
    assert not out.exists()
    write_documents(gold, [Document("a", text, entities=[Entity(4, 9, "PERS"), Entity(19, 24, "DATE")])])
    result = runner.invoke(app, ["gold", *command, str(gold), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == "زار O\nبوتين B-PERS\nتونس O\nيوم O\nالأحد B-DATE\n\n"


def test_from_conll_rejects_binary_and_utf16_with_the_line(tmp_path: Path) -> None:
    out = tmp_path / "g.jsonl"
    cases = {
        "utf16.txt": ("كلمة O\nتونس B-LOC\n".encode("utf-16"), 1),
        "binary.txt": (b"word O\n\x00\x01\x02 O\n", 2),
        "latin.txt": ("word O\n".encode() + "café O\n".encode("latin-1"), 2),
    }
    for name, (data, line) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(InputError) as info:
            list(read_conll(path))
        assert (info.value.code, info.value.line) == ("E245", line)
        error = raised(["gold", "from-conll", str(path), "--out", str(out)])
        assert (error.code, error.line) == ("E245", line) and not out.exists()


def test_from_conll_reads_a_file_saved_with_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "notepad.txt"
    path.write_bytes(b"\xef\xbb\xbf" + "تونس B-LOC\r\nقالت O\r\n".encode())
    (doc,) = read_conll(path)
    assert doc.text.startswith("تونس") and [e.text_in(doc.text) for e in doc.entities] == ["تونس"]


OTHER_TAG_SET = "قال O\nمحمد B-PERSON\nعلي I-PERSON\nفي O\nبيروت B-LOC\nأمس B-DATE\n"


@pytest.mark.parametrize("command", [["from-conll"], ["import", "--format", "conll"]])
def test_from_conll_refuses_labels_outside_the_guidelines_and_keeps_the_old_output(tmp_path: Path, command: list[str]) -> None:
    # B-PERSON was written as label PERSON, which `gold validate` then refused (E226)
    path = write(tmp_path, OTHER_TAG_SET, "ontonotes.txt")
    out = tmp_path / "g.jsonl"
    out.write_text("the earlier output\n", encoding="utf-8")
    error = raised(["gold", *command, str(path), "--out", str(out)])
    assert (error.code, error.path, error.line, error.field) == ("E251", path, 2, "tag")
    assert error.message.startswith("tag 'B-PERSON': 'PERSON' is not one of the entity labels (PERS, ORG, LOC, MISC)")
    assert "--map-label PERSON=PERS" in error.message and "--map-label PERSON=O" in error.message
    assert out.read_text(encoding="utf-8") == "the earlier output\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.jsonl", "ontonotes.txt"]  # no temporary file left
    # mapped as `khabar train entities --map-label` maps: PERSON renamed, DATE dropped (then B-DATE, unmapped, stops it)
    error = raised(["gold", *command, str(path), "--out", str(out), "--map-label", "PERSON=PERS"])
    assert (error.code, error.line) == ("E251", 6) and "--map-label DATE=LABEL (LABEL one of PERS, ORG, LOC, MISC)" in error.message
    result = runner.invoke(app, ["gold", *command, str(path), "--out", str(out), "--map-label", "PERSON=PERS",
                                 "--map-label", "DATE=O"])
    assert result.exit_code == 0, result.output
    (doc,) = read_documents(out)
    assert [(e.text_in(doc.text), e.label) for e in doc.entities] == [("محمد علي", "PERS"), ("بيروت", "LOC")]
    assert runner.invoke(app, ["gold", "validate", str(out)]).exit_code == 0


def test_from_conll_label_map_mistakes_are_numbered_errors(tmp_path: Path) -> None:
    path = write(tmp_path, OTHER_TAG_SET, "ontonotes.txt")
    out = tmp_path / "g.jsonl"
    malformed = raised(["gold", "from-conll", str(path), "--out", str(out), "--map-label", "PERSON"])
    assert (malformed.code, malformed.field) == ("E451", "--map-label")  # the very parser of `train entities`
    outside = raised(["gold", "from-conll", str(path), "--out", str(out), "--map-label", "PERSON=PEOPLE"])
    assert (outside.code, outside.field) == ("E252", "--map-label") and "PEOPLE is not one of the entity labels" in outside.message
    unseen = raised(["gold", "from-conll", str(path), "--out", str(out), "--map-label", "PERSON=PERS",
                     "--map-label", "DATE=O", "--map-label", "GPE=LOC"])
    assert (unseen.code, unseen.path) == ("E252", path)
    assert "GPE=LOC: no tag of the file has this label (labels found: DATE, LOC, PERSON)" in unseen.message
    assert not out.exists()
    # Python callers that ask for no label check (entity training maps labels after reading) read any label
    assert [e.label for doc in read_conll(path) for e in doc.entities] == ["PERSON", "LOC", "DATE"]
    dropped = list(read_conll(path, label_map={"PERSON": "PERS", "DATE": "O"}, labels=("PERS", "ORG", "LOC", "MISC")))
    assert [e.label for doc in dropped for e in doc.entities] == ["PERS", "LOC"]


def test_from_conll_period_sentence_ends_follow_the_file_s_tags_not_the_mapping(tmp_path: Path) -> None:
    # ANERcorp keeps the dots of "جي . أم" inside a name (I-): mapping the name's label away does not cut it there
    path = write(tmp_path, "رأى O\nجي B-MISC\n. I-MISC\nأم I-MISC\nأمس O\n. O\nثم O\n")
    docs = list(read_conll(path, label_map={"MISC": "O"}, labels=("PERS", "ORG", "LOC", "MISC")))
    assert [doc.text for doc in docs] == ["رأى جي . أم أمس .", "ثم"] and not any(doc.entities for doc in docs)


def test_out_equal_to_the_input_a_folder_or_unwritable_is_refused(tmp_path: Path, dev_gold_path: Path) -> None:
    gold = tmp_path / "g.jsonl"
    gold.write_bytes(dev_gold_path.read_bytes())
    before = gold.read_bytes()
    for args, code in (
        (["gold", "to-conll", str(gold), "--out", str(gold)], "E010"),
        (["gold", "to-conll", str(gold), "--out", str(tmp_path / "." / "g.jsonl")], "E010"),
        (["gold", "to-conll", str(gold), "--out", str(tmp_path)], "E008"),
        (["gold", "to-conll", str(gold), "--out", str(gold / "x.conll")], "E009"),
        (["extract", "quotes", str(gold), "--out", str(gold)], "E010"),
        (["corpus", "import", str(gold), "--out", str(gold)], "E010"),
        (["gold", "export", str(gold), "--format", "conll", "--out", str(gold)], "E010"),
        (["gold", "export", str(gold), "--format", "brat", "--out", str(gold)], "E010"),
        (["gold", "import", str(gold), "--format", "conll", "--out", str(gold)], "E010"),
    ):
        assert raised(args).code == code, args
    assert gold.read_bytes() == before
    khabar = Path(sys.executable).parent / "khabar"
    result = subprocess.run([str(khabar), "gold", "to-conll", str(gold), "--out", str(gold)], capture_output=True, text=True)
    assert result.returncode == 2 and "[E010]" in result.stderr and gold.read_bytes() == before


@pytest.mark.parametrize("fmt", ["conll", "brat", "hf"])
def test_export_stops_at_a_span_out_of_range_and_writes_nothing(tmp_path: Path, fmt: str) -> None:
    # brat raised an IndexError, conll and hf wrote the span as if it were fine
    gold = tmp_path / "g.jsonl"
    text = "قال الرئيس محمد اليوم"
    gold.write_text(json.dumps({"id": "d", "text": text, "entities": [{"start": 11, "end": 99, "label": "PERS"}]},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    error = raised(["gold", "export", str(gold), "--format", fmt, "--out", str(out)])
    assert (error.code, error.line, error.field) == ("E220", 1, "entities[0]")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.jsonl"]


def test_allowed_quote_types_agree_with_the_validator() -> None:
    from khabar.gold.validate import allowed_quote_types

    text = 'قال الوزير "الحكومة ستعلن القرار" ثم أضاف أن "العمل" مستمر وإن الوضع «صعب جدا» اليوم'
    cases = {
        Span(text.index("الحكومة"), text.index('" ثم')): ["direct"],
        Span(text.index("العمل"), text.index(" وإن")): ["mixed"],  # cuts a quoted word in two
        Span(text.index("الوضع"), text.index(" اليوم")): ["indirect", "mixed"],
        Span(text.index("ستعلن"), text.index(" القرار")): ["indirect"],
    }
    for content, expected in cases.items():
        assert allowed_quote_types(text, content) == expected, text[content.start:content.end]
        for qtype in ("direct", "indirect", "mixed"):
            doc = Document("t", text, quotes=[Quote(content, None, None, qtype)])
            type_problems = [p for p in validate_document(doc) if p.code in ("E231", "E232", "E233", "E234")]
            assert (qtype in expected) == (not type_problems), (qtype, text[content.start:content.end])


def test_from_conll_mapping_two_labels_to_one_keeps_their_entities_apart(tmp_path: Path) -> None:
    # B-PERS then I-DATE are two entities as the file tags them; --map-label DATE=PERS renames the second, as
    # `train entities --map-label` does, and must not make one name of the two.
    path = write(tmp_path, "محمد B-PERS\nعلي I-DATE\nفي O\n. O\nسمير I-PERS\nبن I-PERS\nعلي I-PERS\n. O\n")
    docs = list(read_conll(path, label_map={"DATE": "PERS"}, labels=("PERS", "ORG", "LOC", "MISC")))
    spans = [(doc.text[e.start:e.end], e.label) for doc in docs for e in doc.entities]
    assert spans == [("محمد", "PERS"), ("علي", "PERS"), ("سمير بن علي", "PERS")]
    unmapped = [(doc.text[e.start:e.end], e.label) for doc in read_conll(path) for e in doc.entities]
    assert unmapped == [("محمد", "PERS"), ("علي", "DATE"), ("سمير بن علي", "PERS")]


@pytest.mark.parametrize("line", ["تونس\tNNP\tB-LOC\n", "EU NNP B-NP B-ORG\n", "تونس B-LOC O\n"])
def test_a_line_of_more_columns_than_token_and_tag_is_refused(tmp_path: Path, line: str) -> None:
    # Everything before the last field was read as the token: a tab-separated 'TOKEN POS TAG' file gave texts
    # such as 'تونس\tNNP', and 'تونس B-LOC O' lost its entity to a token 'تونس B-LOC'.
    path = write(tmp_path, "زار O\nقال O\n" + line)
    with pytest.raises(InputError) as error:
        list(read_conll(path))
    assert (error.value.code, error.value.line, error.value.field) == ("E253", 3, "tag")
    assert f"found {len(line.split())} columns" in error.value.message and "other lines have 2" in error.value.message


@pytest.mark.parametrize(("lines", "named", "said"), [
    ("c O\nd NN O\n", 2, "found 3 columns in 'd NN O', and as many of the file's token lines have 2 columns (the "
                          "first on line 1) as have 3, 1 each: which count the file has cannot be told"),
    ("d NN O\nc O\n", 2, "found 2 columns in 'c O', and as many of the file's token lines have 3 columns (the "
                          "first on line 1) as have 2, 1 each"),
    ("-DOCSTART- -X- O\na O\nb O\n\nc NN O\nd NN O\ne NN B-LOC F\n", 5,
     "have 2 columns (the first on line 2) as have 3, 2 each"),
])
def test_a_file_with_as_many_lines_of_two_counts_of_columns_is_refused_whatever_their_order(
    tmp_path: Path, lines: str, named: int, said: str
) -> None:
    # The count first seen won the tie: 'c O' first read 'd NN' as a token (its POS in the text), 'd NN O' first
    # made 'c O' the odd line out, each said to differ from "the file's other lines".
    path = write(tmp_path, lines)
    with pytest.raises(InputError) as error:
        list(read_conll(path))
    assert (error.value.code, error.value.line, error.value.path) == ("E253", named, path)
    assert said in error.value.message


def test_a_line_of_another_count_of_columns_says_how_many_lines_have_the_files(tmp_path: Path) -> None:
    path = write(tmp_path, "زار VBD O\nمدينة NN O\nتونس NNP\nاليوم NN O\nوعاد O\n")
    with pytest.raises(InputError) as error:
        list(read_conll(path))
    assert (error.value.code, error.value.line) == ("E253", 3)
    assert error.value.message.startswith("found 2 columns in 'تونس NNP' where the file's other lines have 3 (3 of its "
                                          "5 token lines): ")
    path = write(tmp_path, "زار O\nمدينة O\nتونس B-LOC O\n")
    with pytest.raises(InputError, match=r"where the file's other lines have 2 \(2 of its 3 token lines\), TOKEN TAG"):
        list(read_conll(path))


#: A CoNLL-2003 file: TOKEN POS CHUNK TAG, space-separated, -DOCSTART- lines between documents.
CONLL_2003 = """-DOCSTART- -X- -X- O

EU NNP B-NP B-ORG
rejects VBZ B-VP O
German JJ B-NP B-MISC
call NN I-NP O
. . O O

Peter NNP B-NP B-PERS
Blackburn NNP I-NP I-PERS

-DOCSTART- -X- -X- O

BRUSSELS NNP B-NP B-LOC
1996-08-22 CD I-NP O
"""


def test_a_file_of_more_columns_reads_its_first_as_the_token_and_its_last_as_the_tag(tmp_path: Path) -> None:
    # TOKEN POS TAG files (public Arabic NER sets' exports, CoNLL-2003) were refused line by line (E240).
    tab = write(tmp_path, "قال\tVBD\tO\nالأمين\tNN\tO\nالعام\tJJ\tO\nللأمم المتحدة\tNNP\tB-ORG\n"
                "في\tIN\tO\nجنيف\tNNP\tB-LOC\n.\tPUNC\tO\n", "tab.txt")
    (doc,) = read_conll(tab)
    assert doc.text == "قال الأمين العام للأمم المتحدة في جنيف ."
    assert [(e.text_in(doc.text), e.label) for e in doc.entities] == [("للأمم المتحدة", "ORG"), ("جنيف", "LOC")]
    assert [token for token, _, _ in conll_tokens(doc)][3] == "للأمم المتحدة"  # a tab-separated token keeps its space
    docs = list(read_conll(write(tmp_path, CONLL_2003, "eng.txt"), sentences_per_doc=10))
    assert [d.text for d in docs] == ["EU rejects German call . Peter Blackburn", "BRUSSELS 1996-08-22"]
    assert [[(e.text_in(d.text), e.label) for e in d.entities] for d in docs] == [
        [("EU", "ORG"), ("German", "MISC"), ("Peter Blackburn", "PERS")], [("BRUSSELS", "LOC")]]
    assert [d.meta["first_line"] for d in docs] == [3, 14]


def test_a_docstart_line_ends_the_document_being_read(tmp_path: Path) -> None:
    # It was skipped: with several sentences a document, the end of one document and the start of the next made one.
    path = write(tmp_path, "قال O\n. O\n-DOCSTART- O\nزار O\nتونس B-LOC\n. O\nوعاد O\n. O\n")
    docs = list(read_conll(path, sentences_per_doc=2))
    assert [d.text for d in docs] == ["قال .", "زار تونس . وعاد ."]
    assert [d.id for d in docs] == ["in-000001", "in-000002"]


@pytest.mark.parametrize(
    ("line", "code", "said"),
    [("تونس NNP\n", "E253", "found 2 columns in 'تونس NNP' where the file's other lines have 3"),
     ("تونس NNP B-NP B-LOC\n", "E253", "found 4 columns"),
     ("تونس\n", "E240", "found one column"),
     ("تونس NNP LOC\n", "E241", "found 'LOC' (the last of the line's 3 columns)")],
)
def test_a_line_of_another_count_of_columns_than_its_file_is_named(tmp_path: Path, line: str, code: str,
                                                                   said: str) -> None:
    path = write(tmp_path, "زار VBD O\nمدينة NN O\n\n" + line + "اليوم NN O\n")
    with pytest.raises(InputError) as error:
        list(read_conll(path))
    assert (error.value.code, error.value.line, error.value.path) == (code, 4, path)
    assert said in error.value.message

