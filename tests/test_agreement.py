"""Agreement figures: hand-computed on small cases, checked against scikit-learn and krippendorff on real gold."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import krippendorff
import numpy as np
import pytest
from rich.console import Console
from sklearn.metrics import cohen_kappa_score
from typer.testing import CliRunner

from khabar.agreement import (
    agreement,
    agreement_of_files,
    cohen_kappa,
    entity_tags,
    krippendorff_alpha,
    load_annotations,
    quote_tags,
)
from khabar.errors import InputError
from khabar.gold import Document, Entity, Quote, Span, read_documents, write_documents
from khabar.simulate import simulate_annotator
from khabar.text import tokenize

TEXT = "قال محمد علي في الرياض إن الجو حار"
#       0   4    9   13 16     23 26  30  (token starts)


def _span(text: str, piece: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(piece, start + 1)
    return start, start + len(piece)


def _doc(entities=(), quotes=(), text=TEXT, doc_id="d1", **extra) -> Document:
    return Document(doc_id, text, {}, list(entities), list(quotes), dict(extra))


# --------------------------------------------------------------------------- token tags


def test_entity_tags_bio_on_tokens():
    doc = _doc([Entity(*_span(TEXT, "محمد علي"), "PERS"), Entity(*_span(TEXT, "الرياض"), "LOC")])
    assert entity_tags(doc) == ["O", "B-PERS", "I-PERS", "O", "B-LOC", "O", "O", "O"]


def test_a_partly_covered_token_counts_as_inside():
    start, end = _span(TEXT, "الرياض")
    doc = _doc([Entity(start + 2, end - 1, "LOC")])  # cut inside the word on both sides
    assert entity_tags(doc)[4] == "B-LOC"
    two_words = _doc([Entity(_span(TEXT, "محمد")[1] - 1, _span(TEXT, "علي")[0] + 1, "PERS")])
    assert entity_tags(two_words)[1:3] == ["B-PERS", "I-PERS"]


def test_overlapping_entities_first_and_longest_wins():
    outer = Entity(*_span(TEXT, "محمد علي"), "PERS")
    inner = Entity(*_span(TEXT, "علي"), "LOC")
    assert entity_tags(_doc([inner, outer]))[1:3] == ["B-PERS", "I-PERS"]


def test_quote_roles_with_precedence_cue_source_content():
    content = Span(*_span(TEXT, "الجو حار"))
    whole = Span(0, len(TEXT))  # a content covering everything: cue and source must still show
    quote = Quote(whole, source=Span(*_span(TEXT, "محمد علي")), cue=Span(*_span(TEXT, "قال")))
    assert quote_tags(_doc(quotes=[quote])) == ["CUE", "SOURCE", "SOURCE", "CONTENT", "CONTENT", "CONTENT", "CONTENT", "CONTENT"]
    assert quote_tags(_doc(quotes=[Quote(content)])) == ["O"] * 6 + ["CONTENT", "CONTENT"]


# --------------------------------------------------------------------------- coefficients by hand


def test_kappa_hand_computed():
    # p_o = 3/4; p_e = 2/4*1/4 + 2/4*3/4 = 1/2; kappa = (3/4 - 1/2) / (1 - 1/2) = 0.5
    assert cohen_kappa(["O", "O", "B", "B"], ["O", "B", "B", "B"]) == pytest.approx(0.5)


def test_kappa_degenerate_cases():
    assert cohen_kappa(["O"] * 5, ["O"] * 5) == 1.0  # one shared class: perfect agreement, 0/0 defined as 1
    assert cohen_kappa(["O"] * 3, ["B"] * 3) == pytest.approx(0.0)  # p_o = p_e = 0
    assert cohen_kappa([], []) is None
    with pytest.raises(ValueError):
        cohen_kappa(["O"], ["O", "O"])


def test_alpha_hand_computed():
    # Coincidences: o_aa = 2, o_bb = 4, o_ab = o_ba = 1; n_a = 3, n_b = 5, n = 8.
    # D_o = 2/8, D_e = 2*3*5/(8*7) = 30/56, alpha = 1 - (2/8)/(30/56) = 8/15.
    assert krippendorff_alpha([["a", "a", "b", "b"], ["a", "b", "b", "b"]]) == pytest.approx(8 / 15)
    # A third coder present on one unit only and a unit nobody pairs change the data as krippendorff does.
    rows = [["a", "a", "b", "b", None], ["a", "b", "b", "b", "a"], [None, "b", None, None, None]]
    expected = krippendorff.alpha(
        reliability_data=[[0, 0, 1, 1, np.nan], [0, 1, 1, 1, 0], [np.nan, 1, np.nan, np.nan, np.nan]],
        level_of_measurement="nominal",
    )
    assert krippendorff_alpha(rows) == pytest.approx(expected)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_alpha_equals_the_package_on_random_data_with_missing_values(seed):
    """Unanimous units are merged before calling the package (see the docstring): the result must not change."""
    rng = np.random.default_rng(seed)
    # Four coders, mostly agreeing on "O", sometimes not, with a third of the values missing.
    truth = rng.choice(4, size=600, p=[0.8, 0.1, 0.05, 0.05])
    data = np.array([np.where(rng.random(600) < 0.15, rng.choice(4, size=600), truth) for _ in range(4)], dtype=float)
    data[rng.random(data.shape) < 0.33] = np.nan
    names = ["O", "B-PERS", "I-PERS", "B-LOC"]
    rows = [[None if np.isnan(v) else names[int(v)] for v in row] for row in data]
    expected = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    assert krippendorff_alpha(rows) == pytest.approx(expected, abs=1e-12)
    assert 0.2 < expected < 0.9


def test_alpha_degenerate_cases():
    assert krippendorff_alpha([["O", "O"], ["O", "O"]]) == 1.0
    assert krippendorff_alpha([["O", None], [None, "O"]]) is None  # no unit with two values
    assert krippendorff_alpha([]) is None


# --------------------------------------------------------------------------- files


def _write(path: Path, docs: list[Document]) -> Path:
    write_documents(path, docs)
    return path


def _perturb(docs: list[Document], seed: int, name: str) -> list[Document]:
    """A second annotator: drops, relabels and trims some entities, drops and shifts some quote parts."""
    rng = random.Random(seed)
    return [simulate_annotator(doc, rng, drop=0.15, drop_quote=0.15, drop_source=0.15, annotator=name) for doc in docs]


@pytest.fixture(scope="module")
def gold_docs(dev_gold_path: Path) -> list[Document]:
    return list(read_documents(dev_gold_path))


@pytest.fixture()
def three_annotators(tmp_path: Path, gold_docs: list[Document]) -> list[Path]:
    a = _write(tmp_path / "ann_a.jsonl", [Document(d.id, d.text, d.meta, d.entities, d.quotes, {"annotator": "amal"}) for d in gold_docs])
    b = _write(tmp_path / "ann_b.jsonl", _perturb(gold_docs, 1, "badr"))
    c = _write(tmp_path / "ann_c.jsonl", _perturb(gold_docs[:12], 2, "carim"))  # carim saw only 12 documents
    return [a, b, c]


def _independent_entity_tags(doc: Document) -> list[str]:
    """Token tags by a different route: mark each entity's characters, then read each token's first marked character."""
    owner = [None] * len(doc.text)
    for k, e in sorted(enumerate(doc.entities), key=lambda ke: (ke[1].start, -ke[1].end)):
        for i in range(e.start, e.end):
            if owner[i] is None:
                owner[i] = k
    tags, previous = [], None
    for token in tokenize(doc.text):
        ks = [owner[i] for i in range(token.start, token.end) if owner[i] is not None]
        if not ks:
            tags.append("O")
            previous = None
            continue
        k = ks[0]
        tags.append(("I-" if k == previous else "B-") + doc.entities[k].label)
        previous = k
    return tags


def test_kappa_and_alpha_match_the_reference_packages_on_real_gold(three_annotators, gold_docs):
    annotations = load_annotations(three_annotators)
    assert annotations.annotators == ["amal", "badr", "carim"]
    result = agreement(annotations)
    assert result["documents"] == len(gold_docs) and result["left_out"] == 0

    by_name = {name: {d.id: d for d in read_documents(p)} for name, p in zip(annotations.annotators, three_annotators)}
    ids = [d.id for d in gold_docs]
    for pair in result["pairwise"]:
        shared = [i for i in ids if i in by_name[pair["a"]] and i in by_name[pair["b"]]]
        ta = [t for i in shared for t in _independent_entity_tags(by_name[pair["a"]][i])]
        tb = [t for i in shared for t in _independent_entity_tags(by_name[pair["b"]][i])]
        assert pair["documents"] == len(shared)
        assert pair["token_kappa"] == pytest.approx(cohen_kappa_score(ta, tb))
        assert 0.3 < pair["token_kappa"] < 1.0  # perturbed, not random

    labels: dict[str, int] = {}
    rows = []
    for name in annotations.annotators:
        row = []
        for i in ids:
            n_tokens = len(tokenize(gold_docs[ids.index(i)].text))
            if i in by_name[name]:
                row += [labels.setdefault(t, len(labels)) for t in _independent_entity_tags(by_name[name][i])]
            else:
                row += [np.nan] * n_tokens
        rows.append(row)
    expected_alpha = krippendorff.alpha(reliability_data=np.array(rows, dtype=float), level_of_measurement="nominal")
    assert result["entities_alpha"] == pytest.approx(expected_alpha)
    assert 0.3 < result["quotes_alpha"] < 1.0


def test_identical_annotators_agree_perfectly(tmp_path, gold_docs):
    a = _write(tmp_path / "a.jsonl", gold_docs)
    b = _write(tmp_path / "b.jsonl", gold_docs)
    result = agreement(load_annotations([a, b]))
    assert result["annotators"] == ["a", "b"]  # named by file stem: the documents name nobody
    (pair,) = result["pairwise"]
    assert pair["token_kappa"] == 1.0
    assert pair["entities"]["strict"]["f1"] == pytest.approx(1.0)
    assert pair["quotes"]["attribution"]["f1"] == pytest.approx(1.0)
    assert result["entities_alpha"] == 1.0 and result["quotes_alpha"] == 1.0


def test_pairwise_scores_are_khabar_evaluate(tmp_path, gold_docs):
    """Annotator b dropped exactly one entity and one quote: a as gold, b as prediction."""
    docs = gold_docs[:3]
    dropped = [Document(d.id, d.text, d.meta, d.entities[1:], d.quotes[1:]) for d in docs]
    result = agreement(load_annotations([_write(tmp_path / "a.jsonl", docs), _write(tmp_path / "b.jsonl", dropped)]))
    (pair,) = result["pairwise"]
    n_entities = sum(len(d.entities) for d in docs)
    assert pair["entities"]["strict"]["precision"] == pytest.approx(1.0)
    assert pair["entities"]["strict"]["recall"] == pytest.approx((n_entities - 3) / n_entities)
    n_quotes = sum(len(d.quotes) for d in docs)
    assert pair["quotes"]["overlap_0.3"]["recall"] == pytest.approx((n_quotes - 3) / n_quotes)


def test_by_document_sorts_worst_first(tmp_path, gold_docs):
    docs = gold_docs[:4]
    other = [Document(d.id, d.text, d.meta, d.entities, d.quotes) for d in docs]
    worst = docs[2]
    other[2] = Document(worst.id, worst.text, worst.meta, [], worst.quotes)  # b marked no entity in document 3
    result = agreement(load_annotations([_write(tmp_path / "a.jsonl", docs), _write(tmp_path / "b.jsonl", other)]), by_document=True)
    rows = result["by_document"]
    assert [r["id"] for r in rows][0] == worst.id
    assert rows[0]["worst"] < 0.5 and rows[0]["entities_alpha"] < 0.5
    assert all(r["worst"] == 1.0 for r in rows[1:])
    assert [r["worst"] for r in rows] == sorted(r["worst"] for r in rows)


def test_documents_with_one_annotator_are_left_out_and_counted(tmp_path, gold_docs):
    a = _write(tmp_path / "a.jsonl", gold_docs[:5])
    b = _write(tmp_path / "b.jsonl", gold_docs[2:7])
    result = agreement(load_annotations([a, b]))
    assert result["documents"] == 3 and result["left_out"] == 4
    assert result["pairwise"][0]["documents"] == 3


# --------------------------------------------------------------------------- bad input


def test_no_shared_document_is_an_error(tmp_path, gold_docs):
    a = _write(tmp_path / "a.jsonl", gold_docs[:2])
    b = _write(tmp_path / "b.jsonl", gold_docs[2:4])
    with pytest.raises(InputError, match="nothing to compare") as info:
        agreement(load_annotations([a, b]))
    assert info.value.code == "E607" and str(a) in info.value.message


def test_different_texts_for_one_id_name_both_files_and_the_line(tmp_path, gold_docs):
    a = _write(tmp_path / "a.jsonl", gold_docs[:3])
    changed = list(gold_docs[:3])
    changed[1] = Document(changed[1].id, changed[1].text.replace(" ", "  ", 1), changed[1].meta)
    b = _write(tmp_path / "b.jsonl", changed)
    with pytest.raises(InputError) as info:
        load_annotations([a, b])
    error = info.value
    assert error.code == "E606" and error.doc_id == gold_docs[1].id and error.line == 2 and error.path == b
    assert f"{a}:2" in str(error) and "text" in str(error)


def test_empty_file_is_an_error(tmp_path, gold_docs):
    a = _write(tmp_path / "a.jsonl", gold_docs[:2])
    empty = tmp_path / "b.jsonl"
    empty.write_text("\n", encoding="utf-8")
    with pytest.raises(InputError, match="no documents") as info:
        load_annotations([a, empty])
    assert info.value.code == "E603" and info.value.path == empty


def test_one_annotator_only_is_an_error(tmp_path, gold_docs):
    a = _write(tmp_path / "a.jsonl", gold_docs[:2])
    with pytest.raises(InputError, match="at least 2 annotator files") as info:
        load_annotations([a])
    assert info.value.code == "E601"


def test_two_files_of_one_annotator_is_an_error(tmp_path, gold_docs):
    a = _write(tmp_path / "x.jsonl", [Document(d.id, d.text, extra={"annotator": "amal"}) for d in gold_docs[:2]])
    b = _write(tmp_path / "y.jsonl", [Document(d.id, d.text, extra={"annotator": "amal"}) for d in gold_docs[:2]])
    with pytest.raises(InputError, match="named by two files") as info:
        load_annotations([a, b])
    assert info.value.code == "E605"


def test_duplicate_id_in_one_file_is_an_error(tmp_path, gold_docs):
    a = _write(tmp_path / "a.jsonl", [gold_docs[0], gold_docs[1], gold_docs[0]])
    b = _write(tmp_path / "b.jsonl", gold_docs[:2])
    with pytest.raises(InputError) as info:
        load_annotations([a, b])
    assert info.value.code == "E602" and info.value.line == 3 and "line 1" in info.value.message


# --------------------------------------------------------------------------- CLI


def test_cli_agree_json(three_annotators):
    from khabar.cli import app

    result = CliRunner().invoke(app, ["agree", *map(str, three_annotators), "--json", "--by-document"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"annotators", "documents", "pairwise", "entities_alpha", "quotes_alpha", "by_document"} <= set(data)
    assert [(p["a"], p["b"]) for p in data["pairwise"]] == [("amal", "badr"), ("amal", "carim"), ("badr", "carim")]
    pair = data["pairwise"][0]
    assert set(pair) == {"a", "b", "documents", "entities", "quotes", "token_kappa"}
    assert set(pair["entities"]) == {"strict", "partial"} and set(pair["quotes"]) == {"overlap_0.3", "attribution"}
    assert set(pair["entities"]["strict"]) >= {"precision", "recall", "f1"}
    assert len(data["by_document"]) == data["documents"]


def test_quote_figures_of_annotators_who_marked_no_quote_are_dashes_not_zero(tmp_path):
    # The audit: two identical files of entities only printed quotes 0.3 and attribution 0.000 beside
    # quotes alpha 1.000. Nobody marked a quote: there is no quote F1, and the table says so.
    from khabar.agreement import render
    from khabar.cli import app

    doc = _doc(entities=[Entity(*_span(TEXT, "محمد علي"), "PERS"), Entity(*_span(TEXT, "الرياض"), "LOC")])
    files = [_write(tmp_path / "a.jsonl", [doc]), _write(tmp_path / "b.jsonl", [doc])]
    result = agreement(load_annotations(files))
    (pair,) = result["pairwise"]
    nothing = {"precision": None, "recall": None, "f1": None}
    assert pair["quotes"] == {"overlap_0.3": nothing, "attribution": nothing}
    assert pair["entities"]["strict"]["f1"] == 1.0 and result["quotes_alpha"] == 1.0
    console = Console(width=160, record=True, file=io.StringIO())
    console.print(render(result))
    (row,) = [line for line in console.export_text().splitlines() if line.startswith("│ a ")]
    assert [cell.strip() for cell in row.strip("│").split("│")][3:] == ["1.000", "1.000", "-", "-", "1.000"]
    printed = CliRunner().invoke(app, ["agree", *map(str, files), "--json"])
    assert printed.exit_code == 0, printed.output
    assert json.loads(printed.stdout)["pairwise"][0]["quotes"]["attribution"] == nothing


def test_cli_agree_human_table_and_error(three_annotators, tmp_path):
    from khabar.cli import app

    result = CliRunner().invoke(app, ["agree", *map(str, three_annotators)])
    assert result.exit_code == 0, result.output
    assert "amal" in result.stderr and "alpha" in result.stderr
    result = CliRunner().invoke(app, ["agree", str(three_annotators[0])])
    assert result.exit_code != 0 and isinstance(result.exception, InputError)


def test_a_label_one_annotator_wrote_otherwise_is_an_error_not_disagreement(tmp_path, dev_gold_path):
    # one annotator's 'loc' against another's LOC was counted as disagreement (entity F1 0.715, kappa 0.884, exit 0)
    amal, badr = tmp_path / "amal.jsonl", tmp_path / "badr.jsonl"
    amal.write_text(dev_gold_path.read_text(encoding="utf-8"), encoding="utf-8")
    badr.write_text(dev_gold_path.read_text(encoding="utf-8").replace('"label": "LOC"', '"label": "loc"'), encoding="utf-8")
    first = next(read_documents(dev_gold_path))
    index = [e.label for e in first.entities].index("LOC")
    with pytest.raises(InputError) as info:
        agreement_of_files([amal, badr])
    error = info.value
    assert (error.code, error.path, error.line, error.field, error.doc_id) == ("E226", badr, 1, f"entities[{index}].label", first.id)
    assert error.message == "unknown entity label 'loc' (khabar's are PERS, ORG, LOC, MISC; did you mean LOC?)"
    from khabar.cli import app

    result = CliRunner().invoke(app, ["agree", str(amal), str(badr)])
    assert isinstance(result.exception, InputError) and str(result.exception) == str(error)


def test_a_project_s_own_label_is_agreed_on_as_any_other(tmp_path, dev_gold_path):
    # A project made with labels of its own (EVENT for MISC here) is measured on them; only a label standing for one
    # of khabar's written otherwise stops.
    text = dev_gold_path.read_text(encoding="utf-8").replace('"label": "MISC"', '"label": "EVENT"')
    amal, badr = tmp_path / "amal.jsonl", tmp_path / "badr.jsonl"
    amal.write_text(text, encoding="utf-8")
    badr.write_text(text, encoding="utf-8")
    figures = agreement_of_files([amal, badr])
    assert figures["entities_alpha"] == 1.0
