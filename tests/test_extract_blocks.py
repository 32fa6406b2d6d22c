"""Extraction in blocks on local pools and a Dask cluster writes exactly what one process writes."""

from __future__ import annotations

import json
from itertools import islice
from pathlib import Path

import pytest
from typer.testing import CliRunner

from khabar.cli import app
from khabar.errors import InputError
from khabar.extract.blocks import ExtractionTask, extract_entities_in_blocks, extract_in_blocks, extract_quotes_in_blocks
from khabar.extract.entities import extract_file, load_recognizer, read_training_documents
from khabar.extract.quote_runs import extract_quotes_file


@pytest.fixture(scope="module")
def corpus(saudinewsnet_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """140 SaudiNewsNet articles as a corpus file."""
    from khabar.extract.clusters import iter_corpus_texts

    path = tmp_path_factory.mktemp("blocks") / "corpus.jsonl"
    texts = islice(iter_corpus_texts([sorted(saudinewsnet_dir.glob("*.zip"))[1]]), 140)
    path.write_text(
        "".join(json.dumps({"id": f"a{i}", "text": text}, ensure_ascii=False) + "\n" for i, text in enumerate(texts)),
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def model_path(anercorp_path: Path, shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from khabar.extract.crf import train_crf

    docs = list(islice(read_training_documents([anercorp_path]), 600))
    recognizer = train_crf(docs, gazetteer_dir=shared_data / "anercorp" / "ANERGazet", max_iterations=30)
    return recognizer.save(tmp_path_factory.mktemp("model") / "ner.crf")


@pytest.fixture(scope="module")
def one_process(corpus: Path, model_path: Path, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    out = tmp_path_factory.mktemp("one") / "entities.jsonl"
    assert extract_file(corpus, out, load_recognizer(str(model_path))) == 140
    data = out.read_bytes()
    assert data.count(b'"label"') > 200  # the model finds entities: the comparisons below compare something
    return data


def test_a_dask_cluster_writes_what_one_process_writes(corpus: Path, model_path: Path, one_process: bytes, tmp_path: Path) -> None:
    from distributed import LocalCluster

    seen: list[int] = []
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, protocol="tcp://", host="127.0.0.1", dashboard_address=None
    ) as cluster:
        out = tmp_path / "cluster.jsonl"
        totals = extract_in_blocks(
            corpus, out, ExtractionTask("entities", str(model_path)), scheduler=cluster.scheduler_address,
            block_documents=9, progress=lambda done, total: seen.append(done),
        )
    assert out.read_bytes() == one_process
    assert totals.documents == 140
    assert seen == sorted(seen) and seen[-1] == 140 and len(seen) == 16  # a call per block of 9


def test_local_processes_write_what_one_process_writes(corpus: Path, model_path: Path, one_process: bytes, tmp_path: Path) -> None:
    out = tmp_path / "processes.jsonl"
    assert extract_entities_in_blocks(corpus, out, str(model_path), scheduler="processes", num_workers=2) == 140
    assert out.read_bytes() == one_process


def test_quotes_on_threads_write_what_one_process_writes(corpus: Path, tmp_path: Path) -> None:
    alone = extract_quotes_file(corpus, tmp_path / "one.jsonl")
    threaded = extract_quotes_in_blocks(corpus, tmp_path / "threads.jsonl", scheduler="threads", num_workers=2)
    assert (tmp_path / "threads.jsonl").read_bytes() == (tmp_path / "one.jsonl").read_bytes()
    assert alone.quotes > 100
    assert threaded.to_dict() | {"seconds": 0, "out": ""} == alone.to_dict() | {"seconds": 0, "out": ""}


def test_a_bad_record_names_its_line_and_nothing_is_written(corpus: Path, tmp_path: Path) -> None:
    lines = corpus.read_text(encoding="utf-8").splitlines(keepends=True)
    broken = tmp_path / "broken.jsonl"
    broken.write_text("".join(lines[:30]) + '{"id": "x", "text": 5}\n' + "".join(lines[30:]), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    with pytest.raises(InputError) as info:
        extract_in_blocks(broken, out, ExtractionTask("entities", "gazetteer"), scheduler="threads", num_workers=2,
                          block_documents=7)
    assert info.value.line == 31 and str(broken) in str(info.value)
    assert not out.exists() and list(tmp_path.iterdir()) == [broken]


def test_cli_scheduler_options(corpus: Path, model_path: Path, one_process: bytes, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "cli.jsonl"
    result = runner.invoke(app, ["extract", "entities", str(corpus), "--model", str(model_path), "--out", str(out),
                                 "--scheduler", "threads", "--workers", "2", "--json"])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == one_process
    bad = runner.invoke(app, ["extract", "entities", str(corpus), "--model", "gazetteer", "--out", str(tmp_path / "x.jsonl"),
                              "--scheduler", "mars"])
    assert getattr(bad.exception, "code", None) == "E710" and not (tmp_path / "x.jsonl").exists()
    lonely = runner.invoke(app, ["extract", "quotes", str(corpus), "--out", str(tmp_path / "y.jsonl"), "--workers", "2"])
    assert lonely.exit_code != 0 and "--scheduler" in lonely.output
    quotes = runner.invoke(app, ["extract", "quotes", str(corpus), "--out", str(tmp_path / "q.jsonl"), "-s", "synchronous"])
    assert quotes.exit_code == 0, quotes.output
    assert (tmp_path / "q.jsonl").read_text(encoding="utf-8").count("\n") == 140


def test_each_worker_loads_the_model_once(corpus: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import khabar.extract.blocks as blocks

    loads: list[ExtractionTask] = []
    real_load = blocks._load

    def counting_load(task: ExtractionTask):  # noqa: ANN202 - the extractor
        loads.append(task)
        return real_load(task)

    monkeypatch.setattr(blocks, "_load", counting_load)
    monkeypatch.setattr(blocks, "_LOADED", {})
    task = ExtractionTask("quotes", "rules")
    totals = extract_in_blocks(corpus, tmp_path / "q.jsonl", task, scheduler="threads", num_workers=2, block_documents=5)
    assert totals.documents == 140
    assert 1 <= len(loads) <= 3  # the driver's check, then each of the 2 threads once: not once per block (28 blocks)


_GOOD = {"id": "d1", "text": "قال محمد علي اليوم في تونس", "entities": [{"start": 4, "end": 8, "label": "PERS"}]}
_OUT_OF_RANGE = {"id": "d2", "text": "قال الوزير", "entities": [{"start": 4, "end": 99, "label": "LOC"}],
                 "quotes": [{"content": {"start": 4, "end": 10}, "source": {"start": 0, "end": 999}, "type": "indirect"}]}


@pytest.mark.parametrize("scheduler", [None, "synchronous", "threads"])
@pytest.mark.parametrize("command", [["extract", "quotes"], ["extract", "entities", "--model", "gazetteer"]])
@pytest.mark.parametrize("bad, code", [(_OUT_OF_RANGE, "E220"), (_GOOD, "E248")])
def test_a_span_no_step_can_use_or_a_repeated_id_stops_extraction_and_keeps_the_old_output(
    tmp_path: Path, scheduler: str | None, command: list[str], bad: dict, code: str
) -> None:
    # What an extractor does not replace is written through: it used to reach the output, which the next
    # command (validate, evaluate, stats) then refused.
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(_GOOD, ensure_ascii=False) + "\n" + json.dumps(bad, ensure_ascii=False) + "\n",
                      encoding="utf-8")
    out = tmp_path / "out.jsonl"
    out.write_text("PREVIOUS\n", encoding="utf-8")
    options = [] if scheduler is None else ["--scheduler", scheduler, "--workers", "1"]
    result = CliRunner().invoke(app, [*command, str(source), "--out", str(out), *options])
    assert isinstance(result.exception, InputError), result.output
    assert (result.exception.code, result.exception.line, Path(result.exception.path).name) == (code, 2, "in.jsonl")
    assert out.read_text(encoding="utf-8") == "PREVIOUS\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl"]  # no temporary file left


@pytest.mark.parametrize("scheduler", [None, "synchronous"])
@pytest.mark.parametrize("command", [["extract", "quotes"], ["extract", "entities", "--model", "gazetteer"]])
def test_an_integer_id_and_its_string_are_one_repeated_id(
    tmp_path: Path, scheduler: str | None, command: list[str]
) -> None:
    # The documents of 1 and "1" are both the document "1": the blocks compared only string ids and wrote two
    # documents "1", which evaluate, agree and adjudicate then refused (E501/E602).
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({**_GOOD, "id": 1}, ensure_ascii=False) + "\n"
                      + json.dumps({**_GOOD, "id": "1"}, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    out.write_text("PREVIOUS\n", encoding="utf-8")
    options = [] if scheduler is None else ["--scheduler", scheduler, "--workers", "1"]
    result = CliRunner().invoke(app, [*command, str(source), "--out", str(out), *options])
    assert isinstance(result.exception, InputError), result.output
    assert (result.exception.code, result.exception.line, result.exception.doc_id) == ("E248", 2, "1")
    assert out.read_text(encoding="utf-8") == "PREVIOUS\n"
