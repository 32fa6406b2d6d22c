"""``khabar evaluate`` end to end on the dev gold, and the human-readable report."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from khabar.cli import app
from khabar.evaluate import evaluate_files, render_report, score, worst_documents
from khabar.gold import Document, Entity, read_documents, write_documents

runner = CliRunner()


@pytest.fixture(scope="module")
def pred_path(dev_gold_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Dev gold with every PERS turned into ORG in the first three documents, and the last document left out."""
    docs = list(read_documents(dev_gold_path))
    out = []
    for k, d in enumerate(docs[:-1]):
        entities = [Entity(e.start, e.end, "ORG" if k < 3 and e.label == "PERS" else e.label) for e in d.entities]
        out.append(Document(d.id, d.text, d.meta, entities, d.quotes))
    path = tmp_path_factory.mktemp("evaluate") / "pred.jsonl"
    write_documents(path, out)
    return path


def test_json_output_is_the_api_result(dev_gold_path: Path, pred_path: Path) -> None:
    result = runner.invoke(app, ["evaluate", str(dev_gold_path), str(pred_path), "--json"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    assert printed == evaluate_files(dev_gold_path, pred_path)
    assert printed["entities"]["counts"]["documents_missing"] == 1
    assert printed["entities"]["per_label"]["PERS"]["strict"]["precision"] == 1.0
    assert printed["entities"]["per_label"]["PERS"]["strict"]["recall"] < 1.0
    assert printed["entities"]["micro"]["exact"]["precision"] == 1.0  # relabelling keeps spans


def test_json_with_bootstrap_and_task(dev_gold_path: Path, pred_path: Path) -> None:
    args = ["evaluate", str(dev_gold_path), str(pred_path), "--json", "--task", "quotes"]
    args += ["--bootstrap", "50", "--seed", "3"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    printed = json.loads(first.stdout)
    assert set(printed) == {"quotes"}
    low, high = printed["quotes"]["attribution"]["ci95"]
    assert low <= printed["quotes"]["attribution"]["f1"] <= high
    assert json.loads(runner.invoke(app, args).stdout) == printed


def test_report_shows_tables_confusion_and_worst_documents(dev_gold_path: Path, pred_path: Path) -> None:
    result = runner.invoke(app, ["evaluate", str(dev_gold_path), str(pred_path), "--worst", "3"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    expected_parts = ("Entities", "PERS", "Quotes", "attribution", "Entity types on overlapping", "Worst documents")
    for expected in expected_parts:
        assert expected in out
    docs = list(read_documents(dev_gold_path))
    # The left-out document predicted nothing: it is among the worst.
    assert docs[-1].id in out


def test_bad_input_is_one_line_and_exit_code_2(tmp_path: Path, dev_gold_path: Path) -> None:
    docs = list(read_documents(dev_gold_path))
    changed = Document(docs[0].id, docs[0].text + " ", entities=docs[0].entities)
    pred = tmp_path / "pred.jsonl"
    write_documents(pred, [changed])
    khabar = Path(sys.executable).parent / "khabar"
    command = [str(khabar), "evaluate", str(dev_gold_path), str(pred)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.startswith("khabar: [E502]")
    assert docs[0].id in done.stderr and str(pred) in done.stderr and str(dev_gold_path) in done.stderr
    assert done.stdout == ""


@pytest.mark.parametrize("content", ["", "\n\n  \n"], ids=["empty", "blank_lines"])
def test_an_empty_gold_file_is_an_error_and_empty_predictions_score_zero(
    tmp_path: Path, dev_gold_path: Path, content: str
) -> None:
    # an empty gold file printed F1 0.000 and exited 0, as if something had been scored
    empty = tmp_path / "empty.jsonl"
    empty.write_text(content, encoding="utf-8")
    khabar = Path(sys.executable).parent / "khabar"
    done = subprocess.run([str(khabar), "evaluate", str(empty), str(dev_gold_path)], capture_output=True, text=True,
                          timeout=120)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == f"khabar: [E505] {empty}: the gold file holds no document: there is nothing to score against\n"
    # empty predictions against real gold are a result (an extractor that found nothing): recall 0, every gold
    # document reported missing
    result = runner.invoke(app, ["evaluate", str(dev_gold_path), str(empty), "--json", "--task", "entities"])
    assert result.exit_code == 0, result.output
    gold_documents = sum(1 for _ in read_documents(dev_gold_path))
    counts = json.loads(result.stdout)["entities"]["counts"]
    assert (counts["documents"], counts["documents_missing"], counts["pred"]) == (gold_documents, gold_documents, 0)
    assert json.loads(result.stdout)["entities"]["micro"]["strict"]["f1"] == 0.0
    assert f"{gold_documents} of {gold_documents} gold document(s) have no prediction" in result.output


def test_render_report_lists_the_confusion_and_the_worst(dev_gold_path: Path, pred_path: Path) -> None:
    gold = list(read_documents(dev_gold_path))
    pred = list(read_documents(pred_path))
    scoring = score(gold, pred)
    matrix = scoring.confusion()
    # PERS -> ORG only in the first three documents.
    moved = sum(1 for d in gold[:3] for e in d.entities if e.label == "PERS")
    assert matrix["PERS"]["ORG"] == moved > 0
    assert matrix["ORG"]["ORG"] == sum(1 for d in gold[:-1] for e in d.entities if e.label == "ORG")
    rows = scoring.per_document()
    worst = worst_documents(rows, "entities_strict_f1", 4)
    assert worst[0]["id"] == gold[-1].id and worst[0]["entities_strict_f1"] == 0.0
    assert {r["id"] for r in worst[1:]} == {d.id for d in gold[:3]}
    console = Console(width=120, record=True, file=io.StringIO())
    console.print(render_report(scoring.result(bootstrap=20), documents=rows, confusion=matrix, worst=4))
    text = console.export_text()
    assert gold[-1].id in text and "[" in text  # the worst document, and the strict F1 interval


def test_the_report_shows_a_dash_where_there_is_nothing_to_score(tmp_path: Path) -> None:
    # The audit's gold against itself: no ORG or MISC on either side and no quote showed as 0.000.
    text = "قال محمد علي إن الوزارة في تونس ستعمل."
    gold = tmp_path / "gold.jsonl"
    write_documents(gold, [Document("d1", text, entities=[Entity(4, 12, "PERS"), Entity(27, 31, "LOC")])])
    result = runner.invoke(app, ["evaluate", str(gold), str(gold)], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    rows: dict[str, list[str]] = {}  # each table's rows by their first cell; the entity table's PERS comes first
    for line in result.output.splitlines():
        if line.startswith("│"):
            rows.setdefault(line.split("│")[1].strip(), [c.strip() for c in line.strip("│").split("│")[1:]])
    assert rows["PERS"] == ["1.000"] * 6
    assert rows["ORG"] == rows["MISC"] == ["-"] * 6
    assert rows["attribution"] == ["content ≥0.3 + source", "-", "-", "-"]
    assert "speaker accuracy -, cue accuracy -" in result.output
    printed = json.loads(runner.invoke(app, ["evaluate", str(gold), str(gold), "--json"]).stdout)
    assert printed["entities"]["per_label"]["ORG"]["strict"] == {"precision": None, "recall": None, "f1": None}
    assert printed["quotes"]["speaker_accuracy"] is None


def _relabelled(source: Path, out: Path, old: str, new: str) -> Path:
    """``source`` with every entity label ``old`` written ``new``, as ``sed`` would: the rest of each line as it is."""
    out.write_text(source.read_text(encoding="utf-8").replace(f'"label": "{old}"', f'"label": "{new}"'), encoding="utf-8")
    return out


def _first_entity_labelled(path: Path, label: str) -> tuple[int, str, int]:
    """The line, document id and entity index of the first entity labelled ``label`` in a JSON-lines gold file."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        record = json.loads(line)
        labels = [e["label"] for e in record["entities"]]
        if label in labels:
            return number, record["id"], labels.index(label)
    raise AssertionError(f"no {label} in {path}")


def test_a_label_written_otherwise_is_an_error_naming_file_line_entity_and_the_label_meant(
    tmp_path: Path, dev_gold_path: Path
) -> None:
    # gold written 'pers' against predictions' PERS scored 0 for PERS and exited 0, as if the extractor found none
    gold = _relabelled(dev_gold_path, tmp_path / "gold.jsonl", "PERS", "pers")
    line, doc_id, index = _first_entity_labelled(gold, "pers")
    khabar = Path(sys.executable).parent / "khabar"
    done = subprocess.run([str(khabar), "evaluate", str(gold), str(dev_gold_path)], capture_output=True, text=True,
                          timeout=120)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (f"khabar: [E226] {gold}:{line}, document {doc_id!r}, field 'entities[{index}].label': unknown "
                           "entity label 'pers' (khabar's are PERS, ORG, LOC, MISC; did you mean PERS?)\n")


@pytest.mark.parametrize(("label", "hint"), [("Person", "; did you mean PERS?"), ("PER", "; did you mean PERS?")])
def test_predictions_are_held_to_khabar_s_labels_too_but_only_when_entities_are_scored(
    tmp_path: Path, dev_gold_path: Path, label: str, hint: str
) -> None:
    pred = _relabelled(dev_gold_path, tmp_path / "pred.jsonl", "PERS", label)
    result = runner.invoke(app, ["evaluate", str(dev_gold_path), str(pred), "--json"])
    error = result.exception
    assert error is not None and (error.code, error.path, error.line) == ("E226", pred, _first_entity_labelled(pred, label)[0])
    assert error.message.endswith(f"(khabar's are PERS, ORG, LOC, MISC{hint})")
    quotes = runner.invoke(app, ["evaluate", str(dev_gold_path), str(pred), "--json", "--task", "quotes"])
    assert quotes.exit_code == 0, quotes.output
    assert json.loads(quotes.stdout)["quotes"]["attribution"]["f1"] == 1.0


def test_a_label_of_a_project_s_own_is_scored_not_refused(tmp_path: Path, dev_gold_path: Path) -> None:
    # A project made with labels of its own (`doccano project create --labels`, `push --allow-new-labels`) is scored
    # on them: only a label standing for one of khabar's written otherwise (pers, PER) is a mistake to stop at.
    gold = _relabelled(dev_gold_path, tmp_path / "gold.jsonl", "MISC", "EVENT")
    pred = _relabelled(dev_gold_path, tmp_path / "pred.jsonl", "MISC", "EVENT")
    result = runner.invoke(app, ["evaluate", str(gold), str(pred), "--json", "--task", "entities"])
    assert result.exit_code == 0, result.output
    per_label = json.loads(result.stdout)["entities"]["per_label"]
    assert per_label["EVENT"]["strict"]["f1"] == 1.0 and per_label["PERS"]["strict"]["f1"] == 1.0
