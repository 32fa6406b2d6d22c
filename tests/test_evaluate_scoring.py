"""The entry points: pairing documents, the result's structure, per-document rows, file errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from khabar.errors import InputError
from khabar.evaluate import UnknownDocumentsWarning, evaluate, evaluate_files, per_document
from khabar.gold import ENTITY_LABELS, Document, Entity, Quote, Span, read_documents, write_documents

PRF_KEYS = {"precision", "recall", "f1"}


@pytest.fixture(scope="module")
def dev_gold(dev_gold_path: Path) -> list[Document]:
    return list(read_documents(dev_gold_path))


def without_annotations(doc: Document) -> Document:
    return Document(doc.id, doc.text, doc.meta)


def every_prf(section: dict) -> list[dict]:
    found = []
    for value in section.values():
        if isinstance(value, dict):
            found.extend([value] if PRF_KEYS <= value.keys() else every_prf(value))
    return found


def test_structure_is_exactly_the_documented_one(dev_gold: list[Document]) -> None:
    result = evaluate(dev_gold, dev_gold)
    assert set(result) == {"entities", "quotes"}
    entities = result["entities"]
    assert set(entities) == {"micro", "per_label", "counts"}
    assert set(entities["micro"]) == {"strict", "exact", "partial", "type"}
    assert set(entities["per_label"]) == set(ENTITY_LABELS)
    for schemes in entities["per_label"].values():
        assert set(schemes) == {"strict", "exact", "partial", "type"}
    quotes = result["quotes"]
    assert set(quotes) == {"content", "source", "cue", "speaker_accuracy", "cue_accuracy", "attribution", "counts"}
    assert set(quotes["content"]) == {"exact", "overlap_0.3", "overlap_0.8"}
    assert set(quotes["source"]) == set(quotes["cue"]) == {"exact", "overlap"}
    prfs = every_prf(result)
    assert len(prfs) == 4 + 4 * 4 + 3 + 2 + 2 + 1
    for prf in prfs:
        assert set(prf) == PRF_KEYS
        assert all(type(v) is float for v in prf.values())
    assert type(quotes["speaker_accuracy"]) is float
    for section in (entities, quotes):
        assert type(section["counts"]["gold"]) is int and type(section["counts"]["pred"]) is int
    json.dumps(result)  # plain Python types only


def test_gold_against_itself_is_perfect(dev_gold: list[Document]) -> None:
    result = evaluate(dev_gold, dev_gold)
    for prf in every_prf(result):
        assert prf == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert result["quotes"]["speaker_accuracy"] == result["quotes"]["cue_accuracy"] == 1.0
    assert result["entities"]["counts"]["gold"] == result["entities"]["counts"]["pred"] == 340
    assert result["quotes"]["counts"]["gold"] == 130


def test_empty_predictions_score_zero(dev_gold: list[Document]) -> None:
    result = evaluate(dev_gold, [without_annotations(d) for d in dev_gold])
    quotes = result["quotes"]
    # Sources and cues are judged on matched quotes only, and none matched: nothing to judge there.
    unjudged = every_prf({"source": quotes["source"], "cue": quotes["cue"]})
    assert unjudged and all(prf == {"precision": None, "recall": None, "f1": None} for prf in unjudged)
    assert quotes["speaker_accuracy"] is None and quotes["cue_accuracy"] is None
    for prf in every_prf(result):
        if not any(prf is p for p in unjudged):
            assert prf == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert result["entities"]["counts"] == {
        "gold": 340, "pred": 0, "documents": 21, "documents_missing": 0, "documents_unknown": 0,
    }  # fmt: skip


def test_figures_with_nothing_to_score_are_none_not_zero() -> None:
    # Entities only, no ORG or MISC on either side: the audit's "khabar evaluate gold.jsonl gold.jsonl".
    text = "قال محمد علي إن الوزارة في تونس ستعمل."
    gold = [Document("d1", text, entities=[Entity(4, 12, "PERS"), Entity(27, 31, "LOC")])]
    result = evaluate(gold, gold, bootstrap=20)
    nothing = {"precision": None, "recall": None, "f1": None, "ci95": None}
    per_label = result["entities"]["per_label"]
    assert per_label["ORG"] == per_label["MISC"] == dict.fromkeys(("strict", "exact", "partial", "type"), nothing)
    assert per_label["PERS"]["strict"]["f1"] == 1.0 and per_label["PERS"]["strict"]["ci95"] == [1.0, 1.0]
    quotes = result["quotes"]
    assert every_prf(quotes) and all(prf == nothing for prf in every_prf(quotes))
    assert quotes["speaker_accuracy"] is None and quotes["cue_accuracy"] is None
    assert '"f1": null' in json.dumps(result)
    # One side only is a score: precision of predictions against no gold, recall of gold nobody predicted.
    predicted = [Document("d1", text, entities=[Entity(4, 12, "PERS"), Entity(16, 23, "ORG")])]
    org = evaluate(gold, predicted)["entities"]["per_label"]["ORG"]["strict"]
    assert org == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    loc = evaluate(gold, predicted)["entities"]["per_label"]["LOC"]["strict"]
    assert loc == {"precision": 0.0, "recall": 0.0, "f1": 0.0}


def test_missing_documents_predict_nothing(dev_gold: list[Document]) -> None:
    # Predict the first ten documents perfectly and leave the rest out.
    result = evaluate(dev_gold, dev_gold[:10])
    gold_entities = sum(len(d.entities) for d in dev_gold)
    found = sum(len(d.entities) for d in dev_gold[:10])
    strict = result["entities"]["micro"]["strict"]
    assert strict["precision"] == 1.0
    assert strict["recall"] == pytest.approx(found / gold_entities)
    assert result["entities"]["counts"]["documents_missing"] == 11
    quotes = result["quotes"]["attribution"]
    assert quotes["recall"] == pytest.approx(sum(len(d.quotes) for d in dev_gold[:10]) / 130)
    # The same as predicting empty documents for the rest.
    emptied = dev_gold[:10] + [without_annotations(d) for d in dev_gold[10:]]
    again = evaluate(dev_gold, emptied)
    assert again["entities"]["micro"] == result["entities"]["micro"]
    assert again["quotes"]["attribution"] == result["quotes"]["attribution"]


def test_unknown_predicted_documents_warn_and_are_counted(dev_gold: list[Document]) -> None:
    stranger = Document("not-in-gold", "نص آخر", entities=[Entity(0, 2, "PERS")])
    with pytest.warns(UnknownDocumentsWarning, match="not-in-gold"):
        result = evaluate(dev_gold, [*dev_gold, stranger])
    assert result["entities"]["counts"]["documents_unknown"] == 1
    assert result["entities"]["counts"]["pred"] == 340  # its entity is ignored
    assert result["entities"]["micro"]["strict"]["precision"] == 1.0


def test_task_selects_one_section(dev_gold: list[Document]) -> None:
    assert set(evaluate(dev_gold, dev_gold, task="entities")) == {"entities"}
    assert set(evaluate(dev_gold, dev_gold, task="quotes")) == {"quotes"}
    with pytest.raises(ValueError, match="task"):
        evaluate(dev_gold, dev_gold, task="relations")


def test_duplicate_ids_name_the_line(tmp_path: Path, dev_gold_path: Path) -> None:
    lines = dev_gold_path.read_text(encoding="utf-8").splitlines()
    doubled = tmp_path / "pred.jsonl"
    doubled.write_text("\n".join([*lines, lines[3]]) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        evaluate_files(dev_gold_path, doubled)
    error = info.value
    assert (error.code, error.path, error.line, error.field) == ("E501", doubled, 22, "id")
    assert error.doc_id == json.loads(lines[3])["id"]
    assert "first at line 4" in str(error)


@pytest.mark.parametrize("side", ["gold", "pred"])
def test_a_span_out_of_range_names_its_file_and_line(tmp_path: Path, dev_gold: list[Document], side: str) -> None:
    # E503 and E504 named the document and field but not the file or line
    good = dev_gold[:6]
    bad = [Document(d.id, d.text, d.meta, list(d.entities), list(d.quotes)) for d in good]
    bad[4].entities.append(Entity(3, len(bad[4].text) + 5, "PERS"))
    bad[5].quotes.append(Quote(Span(4, 2)))
    paths = {"gold": tmp_path / "gold.jsonl", "pred": tmp_path / "pred.jsonl"}
    write_documents(paths[side], bad)
    write_documents(paths["pred" if side == "gold" else "gold"], good)
    for task, code, line in (("entities", "E503", 5), ("quotes", "E504", 6)):
        with pytest.raises(InputError) as info:
            evaluate_files(paths["gold"], paths["pred"], task=task)
        assert (info.value.code, info.value.path, info.value.line) == (code, paths[side], line)


def test_changed_text_names_both_files_and_the_document(
    tmp_path: Path, dev_gold_path: Path, dev_gold: list[Document]
) -> None:
    changed = [Document(d.id, d.text, d.meta, d.entities, d.quotes) for d in dev_gold]
    changed[5].text = changed[5].text.replace(" ", "  ", 1)
    pred_path = tmp_path / "pred.jsonl"
    write_documents(pred_path, changed)
    with pytest.raises(InputError) as info:
        evaluate_files(dev_gold_path, pred_path)
    error = info.value
    assert (error.code, error.path, error.line, error.doc_id) == ("E502", pred_path, 6, dev_gold[5].id)
    assert str(dev_gold_path) in str(error) and str(pred_path) in str(error)


def test_evaluate_files_reads_both_files(tmp_path: Path, dev_gold_path: Path, dev_gold: list[Document]) -> None:
    # Drop every other entity: strict precision stays 1, recall falls to the share kept.
    thinned = [Document(d.id, d.text, d.meta, d.entities[::2], d.quotes) for d in dev_gold]
    pred_path = tmp_path / "pred.jsonl"
    write_documents(pred_path, thinned)
    result = evaluate_files(dev_gold_path, pred_path)
    kept = sum(len(d.entities[::2]) for d in dev_gold)
    assert result["entities"]["micro"]["strict"]["precision"] == 1.0
    assert result["entities"]["micro"]["strict"]["recall"] == pytest.approx(kept / 340)
    assert result["quotes"]["attribution"]["f1"] == 1.0


def test_per_document_rows(dev_gold: list[Document]) -> None:
    first, second = dev_gold[0], dev_gold[1]
    # First document: half of its entities (strict F1 = 2*k/(k+n)); second: predicted nothing.
    half = Document(first.id, first.text, entities=first.entities[: len(first.entities) // 2], quotes=first.quotes)
    rows = per_document([first, second], [half])
    assert [r["id"] for r in rows] == [first.id, second.id]
    k, n = len(half.entities), len(first.entities)
    assert rows[0]["entities_gold"] == n and rows[0]["entities_pred"] == k
    assert rows[0]["entities_strict_f1"] == pytest.approx(2 * k / (k + n))
    assert rows[0]["quotes_attribution_f1"] == 1.0
    assert rows[1]["entities_strict_f1"] == 0.0 and rows[1]["entities_pred"] == 0
    # Nothing gold and nothing predicted: nothing to score.
    blank = Document("blank", "لا شيء هنا")
    assert per_document([blank], [blank])[0]["quotes_content_f1"] is None
    assert set(per_document([first], [first], task="quotes")[0]) == {
        "id", "quotes_gold", "quotes_pred", "quotes_content_f1", "quotes_attribution_f1",
    }  # fmt: skip


def test_quote_spans_are_scored_on_real_text(dev_gold: list[Document]) -> None:
    # Predict each gold quote's content with its first word cut off: still matched at 0.3/0.8
    # for long quotes, never exactly.
    pred = []
    for d in dev_gold:
        quotes = []
        for quote in d.quotes:
            space = d.text.find(" ", quote.content.start, quote.content.end)
            start = space + 1 if 0 <= space < quote.content.end - 1 else quote.content.start
            quotes.append(Quote(Span(start, quote.content.end), quote.source, quote.cue, quote.type))
        pred.append(Document(d.id, d.text, quotes=quotes))
    result = evaluate(dev_gold, pred, task="quotes")["quotes"]
    assert result["content"]["exact"]["f1"] < 0.2
    assert result["content"]["overlap_0.3"]["f1"] == 1.0
    assert 0.5 < result["content"]["overlap_0.8"]["f1"] < 1.0
    assert result["attribution"]["f1"] == 1.0


def test_errors_from_python_lists_name_positions_not_lines() -> None:
    with pytest.raises(InputError) as info:
        evaluate([Document("a", "نص"), Document("a", "نص")], [])
    assert (info.value.code, info.value.line, info.value.doc_id) == ("E501", None, "a")
    assert "documents #1 and #2" in str(info.value)
    with pytest.raises(InputError) as info:
        evaluate([Document("a", "نصوص")], [Document("a", "نصر")])
    assert (info.value.code, info.value.field) == ("E502", "text")
    assert "from character 2" in str(info.value)


def test_gold_documents_missing_from_the_predictions_are_reported(dev_gold: list[Document]) -> None:
    from khabar.evaluate import MissingDocumentsWarning

    with pytest.warns(MissingDocumentsWarning, match=r"^11 of 21 gold document\(s\) have no prediction") as caught:
        result = evaluate(dev_gold, dev_gold[:10])
    missing = [d.id for d in dev_gold[10:]]
    assert repr(missing[0]) in str(caught[0].message) and repr(missing[5]) not in str(caught[0].message)
    for section in ("entities", "quotes"):
        assert result[section]["counts"]["documents_missing"] == 11
        assert result[section]["counts"]["documents_missing_ids"] == missing[:5]
    assert "documents_missing_ids" not in evaluate(dev_gold, dev_gold)["entities"]["counts"]
