"""Adjudication by vote: who enters the gold set, what goes to review, the adjudicator's preference."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from khabar.adjudicate import adjudicate, adjudicate_files, conflicts_path
from khabar.agreement import load_annotations
from khabar.errors import InputError
from khabar.gold import Document, Entity, Quote, Span, read_documents, write_documents
from khabar.gold.validate import validate_document

TEXT = "قال وزير الخارجية عادل الجبير في الرياض إن المملكة ترحب بالاتفاق وإنها ستدعم الحل السياسي."


def _at(piece: str) -> Span:
    start = TEXT.index(piece)
    return Span(start, start + len(piece))


def _ent(piece: str, label: str) -> Entity:
    span = _at(piece)
    return Entity(span.start, span.end, label)


CONTENT = _at("المملكة ترحب بالاتفاق وإنها ستدعم الحل السياسي")
SHORTER = _at("المملكة ترحب بالاتفاق وإنها ستدعم الحل")  # covers > 80% of CONTENT
HALF = _at("المملكة ترحب بالاتفاق")  # covers < 80%
SOURCE = _at("وزير الخارجية عادل الجبير")
NAME = _at("عادل الجبير")
CUE = _at("قال")


def _write(folder: Path, name: str, entities=(), quotes=(), doc_id="d1", text=TEXT) -> Path:
    path = folder / f"{name}.jsonl"
    write_documents(path, [Document(doc_id, text, {"source": "spa"}, list(entities), list(quotes))])
    return path


@pytest.fixture()
def three(tmp_path: Path) -> list[Path]:
    """amal and badr agree on the person; carim calls it an ORG; only amal marks the city; nobody agrees on the source."""
    person, city = _ent("عادل الجبير", "PERS"), _ent("الرياض", "LOC")
    return [
        _write(tmp_path, "amal", [person, city], [Quote(CONTENT, SOURCE, CUE, "indirect")]),
        _write(tmp_path, "badr", [person], [Quote(SHORTER, NAME, CUE, "indirect")]),
        _write(tmp_path, "carim", [_ent("عادل الجبير", "ORG")], [Quote(CONTENT, None, CUE, "indirect"), Quote(HALF, NAME, CUE)]),
    ]


def test_majority_entities_votes_and_conflicts(three):
    result = adjudicate(load_annotations(three))
    (gold,) = result.documents
    assert gold.extra["annotators"] == ["amal", "badr", "carim"]
    assert [(e.text_in(TEXT), e.label, e.extra["votes"]) for e in gold.entities] == [("عادل الجبير", "PERS", ["amal", "badr"])]

    (review,) = result.conflicts
    entity_conflicts = [c for c in review.extra["conflicts"] if c["kind"] == "entity"]
    assert [(c["text"], c["outvoted"]) for c in entity_conflicts] == [("عادل الجبير", True), ("الرياض", False)]
    outvoted = entity_conflicts[0]["versions"]
    assert outvoted == {
        "amal": [{"start": NAME.start, "end": NAME.end, "label": "PERS"}],
        "badr": [{"start": NAME.start, "end": NAME.end, "label": "PERS"}],
        "carim": [{"start": NAME.start, "end": NAME.end, "label": "ORG"}],
    }
    assert entity_conflicts[1]["versions"]["badr"] == [] and not entity_conflicts[1]["in_gold"]
    # The review document shows the gold item and every competing candidate, with who had it.
    assert [(e.label, e.extra["annotators"]) for e in review.entities] == [
        ("ORG", ["carim"]), ("PERS", ["amal", "badr"]), ("LOC", ["amal"]),
    ]
    assert result.counts["entity_conflicts"] == 2 and result.counts["entities"] == 1


def test_majority_quotes_match_at_0_8_and_vote_parts(three):
    result = adjudicate(load_annotations(three))
    (gold,) = result.documents
    (quote,) = gold.quotes  # CONTENT and SHORTER match at 0.8, HALF does not
    assert quote.content == CONTENT  # two of three had exactly this content
    assert quote.extra["votes"] == ["amal", "badr", "carim"]
    assert quote.cue == CUE and quote.extra["cue_votes"] == ["amal", "badr", "carim"]
    # Sources: amal SOURCE, badr NAME, carim none: a three-way tie, which no file's order settles: left out, disputed.
    assert quote.source is None and quote.extra["source_votes"] == []
    quote_conflicts = [c for c in result.conflicts[0].extra["conflicts"] if c["kind"] == "quote"]
    disputed = [c for c in quote_conflicts if c["in_gold"]]
    assert [c["disputed"] for c in disputed] == [["source"]]
    assert [q["source"] for q in disputed[0]["versions"]["badr"]] == [NAME.to_dict()]
    # carim's HALF quote had one vote: outvoted by the quote in the gold set it overlaps.
    (lonely,) = [c for c in quote_conflicts if not c["in_gold"]]
    assert lonely["disputed"] == ["span"] and lonely["outvoted"]
    assert [q["content"] for q in lonely["versions"]["carim"]] == [CONTENT.to_dict(), HALF.to_dict()]


def test_min_votes(three):
    annotations = load_annotations(three)
    unanimous = adjudicate(annotations, min_votes=3).documents[0]
    assert unanimous.entities == [] and len(unanimous.quotes) == 1
    union = adjudicate(annotations, min_votes=1)
    # carim's ORG has its one vote, but the same span is PERS for two: ORG is outvoted, not written beside it.
    assert sorted((e.label, len(e.extra["votes"])) for e in union.documents[0].entities) == [("LOC", 1), ("PERS", 2)]
    (name_conflict,) = [c for c in union.conflicts[0].extra["conflicts"] if c["kind"] == "entity"]
    assert (name_conflict["text"], name_conflict["outvoted"], name_conflict["versions"]["carim"][0]["label"]) == (
        "عادل الجبير", True, "ORG"
    )
    assert len(union.documents[0].quotes) == 2
    with pytest.raises(InputError, match="between 1 and") as info:
        adjudicate(annotations, min_votes=4)
    assert info.value.code == "E612"


def test_prefer_takes_the_adjudicators_documents(tmp_path, three):
    second = "وقال المتحدث إن الوزارة تعمل في جدة."
    others = [
        _write(tmp_path / "x", "amal", [_ent("عادل الجبير", "PERS")], doc_id="d1"),
        _write(tmp_path / "x", "badr", [_ent("عادل الجبير", "PERS"), _ent("الرياض", "LOC")], doc_id="d1"),
    ]
    for path in others:  # a second document nobody adjudicated
        docs = list(read_documents(path)) + [Document("d2", second, {}, [Entity(second.index("جدة"), len(second) - 1, "LOC")])]
        write_documents(path, docs)
    # The adjudicator settled d1 only: keeps the city, drops the person the majority had.
    judge = _write(tmp_path / "x", "judge", [_ent("الرياض", "LOC")], doc_id="d1")
    result = adjudicate(load_annotations([*others, judge]), strategy="prefer:judge")
    d1, d2 = result.documents
    assert [(e.label, e.extra["votes"]) for e in d1.entities] == [("LOC", ["judge", "badr"])]
    assert [(e.label, e.extra["votes"]) for e in d2.entities] == [("LOC", ["amal", "badr"])]
    assert result.conflicts == []  # d1 settled by the adjudicator, d2 unanimous

    with pytest.raises(InputError) as info:
        adjudicate(load_annotations(three), strategy="prefer:nobody")
    assert info.value.code == "E610" and "amal" in info.value.message
    with pytest.raises(InputError) as info:
        adjudicate(load_annotations(three), strategy="random")
    assert info.value.code == "E611"


def test_review_file_is_a_gold_file_and_closes_the_loop(tmp_path, three):
    """Majority -> review file -> an adjudicator edits it -> prefer: the conflicts are gone."""
    out = tmp_path / "out" / "gold.jsonl"
    first = adjudicate_files(three, out, strategy="majority")
    review_path = conflicts_path(out)
    assert review_path == tmp_path / "out" / "gold.conflicts.jsonl"
    (review,) = list(read_documents(review_path))  # readable as gold, so doccano push can pre-annotate it
    assert review.extra["conflicts"] == first.conflicts[0].extra["conflicts"]
    # The adjudicator keeps the PERS and the city, drops carim's ORG and short quote.
    settled = Document(
        review.id, review.text, review.meta,
        [Entity(e.start, e.end, e.label) for e in review.entities if e.label != "ORG"],
        [Quote(q.content, q.source, q.cue, q.type) for q in review.quotes if q.content == CONTENT][:1],
        {"annotator": "judge"},
    )
    judge = tmp_path / "judge.jsonl"
    write_documents(judge, [settled])
    final = adjudicate_files([*three, judge], out, strategy="prefer:judge")
    assert final.conflicts == [] and conflicts_path(out).read_text() == ""
    (gold,) = list(read_documents(out))
    assert [(e.label, e.extra["votes"]) for e in gold.entities] == [("PERS", ["judge", "amal", "badr"]), ("LOC", ["judge", "amal"])]
    assert len(gold.quotes) == 1 and gold.quotes[0].extra["votes"] == ["judge", "amal", "badr", "carim"]


def test_real_gold_two_agreeing_annotators_outvote_a_third(tmp_path, dev_gold_path):
    docs = list(read_documents(dev_gold_path))
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    write_documents(a, docs)
    write_documents(b, docs)
    sloppy = [
        Document(d.id, d.text, d.meta, [Entity(e.start, e.end, "MISC") for e in d.entities[::2]] + d.entities[1::2], d.quotes[1:])
        for d in docs
    ]
    c = tmp_path / "c.jsonl"
    write_documents(c, sloppy)
    result = adjudicate_files([a, b, c], tmp_path / "gold.jsonl")
    adjudicated = list(read_documents(tmp_path / "gold.jsonl"))
    assert [d.id for d in adjudicated] == [d.id for d in docs]
    for got, want in zip(adjudicated, docs):
        assert sorted((e.start, e.end, e.label) for e in got.entities) == sorted((e.start, e.end, e.label) for e in want.entities)
        assert sorted((q.content, q.source, q.cue, q.type) for q in got.quotes) == sorted(
            (q.content, q.source, q.cue, q.type) for q in want.quotes
        )
        assert validate_document(got) == []
    relabelled = sum(1 for d in docs for e in d.entities[::2] if e.label != "MISC")
    assert result.counts["entity_conflicts"] == relabelled
    assert result.counts["quote_conflicts"] == 0  # c only left quotes out, and a and b outvote that silently


def test_bad_input(tmp_path, three):
    out = tmp_path / "gold.jsonl"
    with pytest.raises(InputError) as info:
        adjudicate_files(three[:1], out)
    assert info.value.code == "E601"
    other_text = _write(tmp_path / "y", "dina", doc_id="d1", text=TEXT + " ")
    with pytest.raises(InputError) as info:
        adjudicate_files([three[0], other_text], out)
    assert info.value.code == "E606" and info.value.doc_id == "d1" and str(three[0]) in info.value.message
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    with pytest.raises(InputError, match="no documents"):
        adjudicate_files([three[0], empty], out)
    assert not out.exists() and not conflicts_path(out).exists()


def test_cli_adjudicate(tmp_path, three):
    from khabar.cli import app

    out = tmp_path / "gold.jsonl"
    result = CliRunner().invoke(app, ["adjudicate", *map(str, three), "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["gold"] == str(out) and summary["conflicts"] == str(conflicts_path(out))
    assert (summary["documents"], summary["entities"], summary["quotes"]) == (1, 1, 1)
    assert summary["entity_conflicts"] == 2 and summary["quote_conflicts"] == 2
    human = CliRunner().invoke(app, ["adjudicate", *map(str, three), "-o", str(out), "--min-votes", "1"])
    assert human.exit_code == 0 and "2 entities" in human.stderr


def test_a_reversed_or_out_of_range_span_is_refused_as_agree_refuses_it(tmp_path, three):
    from khabar.agreement import agreement_of_files

    out = tmp_path / "gold.jsonl"
    for entity, code in ((Entity(9, 3, "PERS"), "E221"), (Entity(-1, 4, "LOC"), "E220"), (Entity(0, 999, "ORG"), "E220")):
        bad = _write(tmp_path / f"bad{code}{entity.start}", "dina", entities=[entity])
        for run in (lambda: adjudicate_files([three[0], bad], out), lambda: agreement_of_files([three[0], bad])):
            with pytest.raises(InputError) as info:
                run()
            assert (info.value.code, info.value.path, info.value.line, info.value.field) == (code, bad, 1, "entities[0]")
        assert not out.exists() and not conflicts_path(out).exists()


def test_cli_adjudicate_refuses_to_write_over_an_input(tmp_path, three):
    from khabar.cli import app

    before = three[0].read_bytes()
    result = CliRunner().invoke(app, ["adjudicate", *map(str, three), "--out", str(three[0])])
    assert isinstance(result.exception, InputError) and result.exception.code == "E010"
    assert three[0].read_bytes() == before


def test_only_documents_nobody_checked_count_as_single_annotator(tmp_path):
    # With prefer:judge and one other annotator, judge settled d1: the summary used to call it "one annotator only".
    amal = _write(tmp_path, "amal", [_ent("عادل الجبير", "PERS")])
    write_documents(amal, [*read_documents(amal), Document("d2", TEXT, {}, [_ent("الرياض", "LOC")])])
    judge = _write(tmp_path, "judge", [_ent("الرياض", "LOC")])
    result = adjudicate(load_annotations([amal, judge]), strategy="prefer:judge")
    assert [d.extra["annotators"] for d in result.documents] == [["amal", "judge"], ["amal"]]
    assert result.counts["single_annotator_documents"] == 1  # d2 alone: amal's, which nobody checked


def test_cli_adjudicate_refuses_a_label_written_otherwise_and_writes_nothing(tmp_path, three):
    # 'Pers' outvoted PERS as a label of its own, and the gold file was written with it
    other = _write(tmp_path / "other", "dina", entities=[_ent("عادل الجبير", "Pers")])
    from khabar.cli import app

    out = tmp_path / "gold.jsonl"
    result = CliRunner().invoke(app, ["adjudicate", *map(str, three), str(other), "--out", str(out)])
    error = result.exception
    assert isinstance(error, InputError), result.output
    assert (error.code, error.path, error.line, error.field) == ("E226", other, 1, "entities[0].label")
    assert error.message == "unknown entity label 'Pers' (khabar's are PERS, ORG, LOC, MISC; did you mean PERS?)"
    assert not out.exists() and not conflicts_path(out).exists()


# --------------------------------------------------------------------------- clashes and ties, whatever K and file order

SAID = "قال محمد علي إن الوزارة في تونس ستعمل."


def _in_said(piece: str, label: str) -> Entity:
    start = SAID.index(piece)
    return Entity(start, start + len(piece), label)


def _unordered(doc: Document) -> dict:
    """A document as a dict with its lists of names sorted: who voted matters, not the order of the files."""
    def walk(value):
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        if isinstance(value, list):
            return sorted(value) if all(isinstance(v, str) for v in value) else [walk(v) for v in value]
        return value
    return walk(doc.to_dict())


def test_min_votes_1_sends_names_that_clash_to_review_and_writes_a_valid_gold(tmp_path):
    # One vote each for محمد علي as PERS, as ORG, and for محمد alone as PERS: the gold held them all, and gold validate
    # refused it (E227, E228) while the summary said "0 entity conflicts".
    from khabar.cli import app
    from khabar.gold.validate import validate_file

    whole, org, first = _in_said("محمد علي", "PERS"), _in_said("محمد علي", "ORG"), _in_said("محمد", "PERS")
    files = [_write(tmp_path, name, [entity], text=SAID) for name, entity in (("x1", whole), ("x2", first), ("x3", org))]
    for given in ([files[0], files[2]], files):
        out = tmp_path / f"gold{len(given)}.jsonl"
        result = CliRunner().invoke(app, ["adjudicate", *map(str, given), "--min-votes", "1", "--out", str(out), "--json"])
        assert result.exit_code == 0, result.output
        summary = json.loads(result.stdout)
        assert (summary["entities"], summary["entity_conflicts"], summary["quote_conflicts"]) == (0, 1, 0)
        assert list(validate_file(out)) == []
        ((conflict,),) = [d.extra["conflicts"] for d in read_documents(conflicts_path(out))]
        assert (conflict["text"], conflict["in_gold"], conflict["outvoted"]) == ("محمد علي", False, False)
        assert conflict["versions"] == {path.stem: [{"start": e.start, "end": e.end, "label": e.label}]
                                        for path, e in zip(files, (whole, first, org)) if path in given}


def test_min_votes_1_keeps_the_name_more_annotators_had_and_names_of_other_labels_inside(tmp_path):
    ministry, city = _in_said("الوزارة في تونس", "ORG"), _in_said("تونس", "LOC")
    files = [
        _write(tmp_path, "amal", [_in_said("محمد علي", "PERS")], text=SAID),
        _write(tmp_path, "badr", [_in_said("محمد علي", "PERS"), ministry], text=SAID),
        _write(tmp_path, "carim", [_in_said("محمد", "PERS"), city], text=SAID),
    ]
    result = adjudicate(load_annotations(files), min_votes=1)
    (gold,) = result.documents
    # محمد (one vote) nests in محمد علي (two) of the same label: outvoted. A LOC inside an ORG is allowed (guidelines).
    assert [(e.text_in(SAID), e.label, e.extra["votes"]) for e in gold.entities] == [
        ("محمد علي", "PERS", ["amal", "badr"]), ("الوزارة في تونس", "ORG", ["badr"]), ("تونس", "LOC", ["carim"]),
    ]
    assert validate_document(gold) == []
    ((conflict,),) = [d.extra["conflicts"] for d in result.conflicts]
    assert (conflict["text"], conflict["outvoted"], conflict["versions"]["carim"]) == (
        "محمد", True, [{"start": 4, "end": 8, "label": "PERS"}]
    )


def test_a_tied_source_is_a_conflict_whatever_the_order_of_the_files_and_k(tmp_path):
    from khabar.adjudicate import render_summary

    content, cue = Span(SAID.index("إن"), SAID.index(".")), Span(0, 3)
    whole, last = Span(4, 12), Span(9, 12)
    q1 = _write(tmp_path, "q1", quotes=[Quote(content, whole, cue, "indirect")], text=SAID)
    q3 = _write(tmp_path, "q3", quotes=[Quote(content, last, cue, "indirect")], text=SAID)
    for min_votes in (None, 1):
        golds = []
        for order in ([q1, q3], [q3, q1]):
            result = adjudicate(load_annotations(order), min_votes=min_votes)
            (gold,) = result.documents
            (quote,) = gold.quotes
            # Neither file's source wins by coming first: the source waits for review, the agreed content and cue stay.
            assert (quote.content, quote.source, quote.cue) == (content, None, cue)
            assert quote.extra["source_votes"] == [] and sorted(quote.extra["cue_votes"]) == ["q1", "q3"]
            assert result.counts["quote_conflicts"] == 1 and result.counts["review_documents"] == 1
            assert "0 entity and 1 quote conflicts in 1 documents" in render_summary(result, tmp_path / "g.jsonl")
            (review,) = result.conflicts
            ((conflict,),) = [review.extra["conflicts"]]
            assert (conflict["disputed"], conflict["in_gold"]) == (["source"], True)
            # The review document offers the two versions that tied, not a blank nobody chose.
            assert sorted((q.source, q.extra["annotators"]) for q in review.quotes) == [(whole, ["q1"]), (last, ["q3"])]
            assert validate_document(gold) == []
            golds.append(_unordered(gold))
        assert golds[0] == golds[1]


def test_a_tied_content_keeps_the_quote_out_of_the_gold_as_a_tied_entity_is(tmp_path):
    files = [
        _write(tmp_path, "amal", quotes=[Quote(CONTENT, SOURCE, CUE, "indirect")]),
        _write(tmp_path, "badr", quotes=[Quote(SHORTER, SOURCE, CUE, "indirect")]),
    ]
    for order in (files, files[::-1]):
        result = adjudicate(load_annotations(order))
        assert result.documents[0].quotes == []
        ((conflict,),) = [d.extra["conflicts"] for d in result.conflicts]
        assert (conflict["disputed"], conflict["in_gold"], conflict["start"], conflict["end"]) == (
            ["content"], False, CONTENT.start, CONTENT.end
        )
        assert result.counts["quote_conflicts"] == 1


def test_quote_groups_do_not_depend_on_the_order_of_the_files(tmp_path):
    # HALF covers less than 0.8 of CONTENT, CONTENT all of HALF: the scorer's matching is not symmetric, and the
    # first file's quote was the one matched against, so one order made one quote of them and the other two.
    files = [
        _write(tmp_path, "amal", quotes=[Quote(CONTENT, SOURCE, CUE, "indirect")]),
        _write(tmp_path, "badr", quotes=[Quote(HALF, SOURCE, CUE, "indirect")]),
    ]
    given, reversed_ = (adjudicate(load_annotations(order)) for order in (files, files[::-1]))
    assert [_unordered(d) for d in given.documents] == [_unordered(d) for d in reversed_.documents]
    assert [_unordered(d) for d in given.conflicts] == [_unordered(d) for d in reversed_.conflicts]
    ((conflict,),) = [d.extra["conflicts"] for d in given.conflicts]
    assert (conflict["disputed"], conflict["in_gold"]) == (["span"], False)


def test_a_source_chosen_from_other_annotators_never_overlaps_the_chosen_content(tmp_path):
    # Three of five mark the content from الرياض on, each with another source; two mark it from المملكة on, with
    # الرياض as the source. Content and source won separately, and the source lay inside the content (E235).
    wide = Span(_at("الرياض").start, CONTENT.end)
    city = _at("الرياض")
    files = [
        _write(tmp_path, "a", quotes=[Quote(wide, SOURCE, CUE, "indirect")]),
        _write(tmp_path, "b", quotes=[Quote(wide, NAME, CUE, "indirect")]),
        _write(tmp_path, "c", quotes=[Quote(wide, None, CUE, "indirect")]),
        _write(tmp_path, "d", quotes=[Quote(CONTENT, city, CUE, "indirect")]),
        _write(tmp_path, "e", quotes=[Quote(CONTENT, city, CUE, "indirect")]),
    ]
    result = adjudicate(load_annotations(files))
    (gold,) = result.documents
    (quote,) = gold.quotes
    assert (quote.content, quote.source, quote.extra["source_votes"]) == (wide, None, [])
    assert validate_document(gold) == []
    ((conflict,),) = [d.extra["conflicts"] for d in result.conflicts]
    assert (conflict["disputed"], conflict["in_gold"]) == (["source"], True)


def test_quotes_of_one_annotator_on_one_content_never_put_one_quote_twice_in_the_gold(tmp_path):
    longer = Span(_at("إن").start, CONTENT.end)  # contains CONTENT, starts before it
    cases = {
        # badr's longer quote used to join amal's (it starts first and covers all of it): a content tie, once
        # settled by amal's file coming first, which gave the gold amal's quote next to badr's identical one.
        # Exact matches pair first now: badr's identical quote joins amal's, the longer one is a quote of its own.
        "tie": ([Quote(CONTENT, SOURCE, CUE, "indirect")],
                [Quote(longer, SOURCE, CUE, "indirect"), Quote(CONTENT, SOURCE, CUE, "indirect")]),
        # A tied source left out gives the same quote as badr's own quote without a source: two votes beat one.
        "blank": ([Quote(CONTENT, SOURCE, CUE, "indirect")],
                  [Quote(CONTENT, NAME, CUE, "indirect"), Quote(CONTENT, None, CUE, "indirect")]),
    }
    for case, (amal, badr) in cases.items():
        files = [_write(tmp_path / case, "amal", quotes=amal), _write(tmp_path / case, "badr", quotes=badr)]
        (gold,) = adjudicate(load_annotations(files), min_votes=1).documents
        assert validate_document(gold) == [], case
        expected = [(longer, SOURCE), (CONTENT, SOURCE)] if case == "tie" else [(CONTENT, None)]
        assert [(q.content, q.source) for q in gold.quotes] == expected, case
        if case == "tie":  # amal's and badr's CONTENT are one quote of two votes; the longer one is badr's alone
            assert [q.extra["votes"] for q in gold.quotes] == [["badr"], ["amal", "badr"]]


@pytest.mark.parametrize("min_votes", [None, 1])
def test_simulated_annotators_of_the_real_gold_give_a_valid_gold_in_any_file_order(tmp_path, dev_gold_path, min_votes):
    import random

    from khabar.simulate import simulate_annotator

    gold = list(read_documents(dev_gold_path))
    files = []
    for seed, name in enumerate(("amal", "badr", "carim")):
        rng = random.Random(100 + seed)
        files.append(_write_all(tmp_path / f"{name}.jsonl", [simulate_annotator(d, rng, annotator=name) for d in gold]))
    given = adjudicate(load_annotations(files), min_votes=min_votes)
    rotated = adjudicate(load_annotations(files[1:] + files[:1]), min_votes=min_votes)
    assert [_unordered(d) for d in given.documents] == [_unordered(d) for d in rotated.documents]
    assert [_unordered(d) for d in given.conflicts] == [_unordered(d) for d in rotated.conflicts]
    # A simulated annotator cuts words (E225) and the vote carries that over; combining versions adds nothing more.
    combined = {p.code for d in given.documents for p in validate_document(d)} & {"E227", "E228", "E229", "E235"}
    assert combined == set()
    blank_sources = sum(1 for d in given.documents for q in d.quotes if not q.extra["source_votes"])
    disputed_sources = sum(1 for d in given.conflicts for c in d.extra["conflicts"] if c["in_gold"] and "source" in c["disputed"])
    assert blank_sources == disputed_sources > 0


def _write_all(path: Path, docs: list[Document]) -> Path:
    write_documents(path, docs)
    return path
