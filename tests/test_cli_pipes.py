"""Every command reads its input from a pipe as from a file: ``-`` (standard input), a FIFO, a shell's ``<(...)``.

Each command family is run on a real file of the shared data, then on the same bytes through standard input
and through a FIFO fed by a thread; the outputs must be the same, the errors must name ``<stdin>`` or the FIFO
at the right line, and the temporary copy a stream is read from must be gone afterwards, after an error too.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace

import pytest
import typer
from typer.testing import CliRunner

from khabar.cli import app
from khabar.errors import InputError

from .conftest import SHARED_DATA, fifo

GOLD = SHARED_DATA / "quotes" / "dev_gold.jsonl"
OTHER_GOLD = SHARED_DATA / "quotes" / "jawharafm_gold.jsonl"
ANERCORP = SHARED_DATA / "anercorp" / "ANERCorp.train.txt"
GAZETTEER = SHARED_DATA / "anercorp" / "ANERGazet"
SAUDINEWSNET_DAY = SHARED_DATA / "saudinewsnet" / "2015-07-27.zip"


@pytest.fixture(autouse=True)
def temporary_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the commands' temporary copies go: watched, so that a test can see they are removed."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def _copies(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def run(args: list[str], stdin: bytes | None = None) -> tuple[int, str, BaseException | None]:
    result = CliRunner().invoke(app, [str(a) for a in args], input=stdin)
    exception = result.exception if not isinstance(result.exception, SystemExit) else None
    return result.exit_code, result.output, exception


def ok(args: list[str], stdin: bytes | None = None, *, stderr: bool = False) -> str:
    """What a command that succeeds prints on stdout (or stderr, where the messages for people go)."""
    result = CliRunner().invoke(app, [str(a) for a in args], input=stdin)
    assert result.exception is None and result.exit_code == 0, (result.exit_code, result.output, result.exception)
    return result.stderr if stderr else result.stdout


# --- gold ----------------------------------------------------------------------------------------------------


def test_gold_validate_reads_stdin_and_a_fifo_as_the_file(tmp_path: Path, temporary_folder: Path) -> None:
    from_file = json.loads(ok(["gold", "validate", GOLD, "--json"]))
    from_stdin = json.loads(ok(["gold", "validate", "-", "--json"], GOLD.read_bytes()))
    with fifo(tmp_path, GOLD.read_bytes()) as pipe:
        from_pipe = json.loads(ok(["gold", "validate", pipe, "--json"]))
    assert from_file["documents"] == 21 and from_file["entities"] == 340 and from_file["quotes"] == 130
    assert from_stdin == {**from_file, "file": "<stdin>"}
    assert from_pipe == {**from_file, "file": str(pipe)}
    assert ok(["gold", "validate", "-"], GOLD.read_bytes(), stderr=True) == \
        "OK <stdin>: 21 documents, 340 entities, 130 quotes\n"
    assert _copies(temporary_folder) == []


def test_an_error_in_piped_input_names_stdin_and_its_line_and_leaves_no_copy(temporary_folder: Path) -> None:
    lines = GOLD.read_bytes().splitlines(keepends=True)
    broken = b"".join(lines[:4]) + b'{"id": "x", "text": \n' + b"".join(lines[4:])
    _, _, error = run(["gold", "validate", "-"], broken)
    assert isinstance(error, InputError)
    assert error.code == "E001" and str(error.path) == "<stdin>" and error.line == 5
    assert str(error).startswith("[E001] <stdin>:5: not valid JSON")
    assert "khabar-input" not in str(error)
    assert _copies(temporary_folder) == []


def test_a_problem_found_in_piped_gold_names_stdin(temporary_folder: Path) -> None:
    record = json.loads(GOLD.read_text(encoding="utf-8").splitlines()[0])
    record["entities"] = [{"start": 0, "end": 10_000, "label": "PERS"}]
    result = CliRunner().invoke(app, ["gold", "validate", "-", "--json"],
                                input=(json.dumps(record, ensure_ascii=False) + "\n").encode())
    code, report = result.exit_code, json.loads(result.stdout)
    assert code == 1 and report["file"] == "<stdin>"
    assert [(p["path"], p["line"]) for p in report["problems"]] == [("<stdin>", 1)]


def test_gold_to_conll_export_and_from_conll_read_pipes(tmp_path: Path) -> None:
    ok(["gold", "to-conll", GOLD, "-o", tmp_path / "file.conll"])
    ok(["gold", "to-conll", "-", "-o", tmp_path / "stdin.conll"], GOLD.read_bytes())
    with fifo(tmp_path, GOLD.read_bytes()) as pipe:
        ok(["gold", "export", "--format", "conll", pipe, "-o", tmp_path / "export.conll"])
    expected = (tmp_path / "file.conll").read_text(encoding="utf-8")
    assert expected.count("\n") > 5000
    assert (tmp_path / "stdin.conll").read_text(encoding="utf-8") == expected
    assert (tmp_path / "export.conll").read_text(encoding="utf-8") == expected

    conll = b"".join(ANERCORP.read_bytes().splitlines(keepends=True)[:2000])
    (tmp_path / "stdin").write_bytes(conll)  # the name a CoNLL stream's documents are numbered by
    ok(["gold", "from-conll", tmp_path / "stdin", "-o", tmp_path / "from_file.jsonl"])
    ok(["gold", "from-conll", "-", "-o", tmp_path / "from_stdin.jsonl"], conll)  # read twice: auto sentence ends
    with fifo(tmp_path, conll, name="stdin.fifo") as pipe:
        ok(["gold", "import", "--format", "conll", pipe, "-o", tmp_path / "imported.jsonl"])
    from_file = (tmp_path / "from_file.jsonl").read_text(encoding="utf-8")
    assert from_file.count("\n") == 68
    assert (tmp_path / "from_stdin.jsonl").read_text(encoding="utf-8") == from_file
    imported = [json.loads(line) for line in (tmp_path / "imported.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [d["text"] for d in imported] == [json.loads(line)["text"] for line in from_file.splitlines()]
    assert imported[0]["id"] == "stdin-000001"


def test_a_missing_input_beside_a_pipe_keeps_its_own_error(tmp_path: Path, temporary_folder: Path) -> None:
    missing = tmp_path / "missing.jsonl"
    assert run(["gold", "validate", missing])[2].code == "E211"
    assert run(["gold", "to-conll", missing, "-o", tmp_path / "x.conll"])[2].code == "E211"
    error = run(["stats", "-", missing], GOLD.read_bytes())[2]
    assert (error.code, error.path) == ("E701", missing)
    error = run(["corpus", "import", "-", missing, "-o", tmp_path / "x.jsonl"], GOLD.read_bytes())[2]
    assert (error.code, error.path) == ("E100", missing)
    code, output, _ = run(["evaluate", "-", missing], GOLD.read_bytes())
    assert code == 2 and "does not exist" in output and "'-'" not in output
    assert _copies(temporary_folder) == []


def test_standard_input_given_twice_is_E013(temporary_folder: Path) -> None:
    _, _, error = run(["evaluate", "-", "-"], GOLD.read_bytes())
    assert isinstance(error, InputError) and error.code == "E013"
    assert "standard input ('-') is given 2 times" in str(error)
    _, _, error = run(["agree", "-", GOLD, "-"], GOLD.read_bytes())
    assert error.code == "E013"
    assert _copies(temporary_folder) == []


def _release(root: Path, version: str) -> tuple[bytes, dict]:
    manifest = json.loads((root / version / "manifest.json").read_text(encoding="utf-8"))
    return (root / version / "gold.jsonl").read_bytes(), {k: v for k, v in manifest.items()
                                                         if k not in ("version", "created")}


def test_gold_release_of_stdin_and_a_fifo_is_the_release_of_the_file(tmp_path: Path, temporary_folder: Path) -> None:
    # It refused a pipe: the gold file is read three times (checked, hashed, copied and hashed again).
    root = tmp_path / "releases"
    ok(["gold", "release", GOLD, "--version", "v1", "--root", root])
    printed = json.loads(ok(["gold", "release", "-", "--version", "v2", "--root", root, "--json"], GOLD.read_bytes()))
    with fifo(tmp_path, GOLD.read_bytes()) as pipe:
        ok(["gold", "release", pipe, "--version", "v3", "--root", root])
    gold, manifest = _release(root, "v1")
    assert gold == GOLD.read_bytes() and manifest["documents"] == 21 and manifest["entities"]["total"] == 340
    assert _release(root, "v2") == _release(root, "v3") == (gold, manifest)  # the manifest names no input
    assert printed["path"] == str(root / "v2") and printed["file"] == "gold.jsonl"
    assert sorted(p.name for p in root.iterdir()) == ["v1", "v2", "v3"]
    assert _copies(temporary_folder) == []


def test_gold_release_takes_the_figures_khabar_agree_pipes_in_and_annotators_from_a_pipe(
        tmp_path: Path, temporary_folder: Path) -> None:
    some = b"".join(GOLD.read_bytes().splitlines(keepends=True)[:8])
    alice, bob = _write(tmp_path / "alice.jsonl", some), tmp_path / "bob.jsonl"
    docs = [json.loads(line) for line in some.decode().splitlines()]
    for doc in docs[::2]:
        doc["entities"] = doc["entities"][1:]
    bob.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    figures = ok(["agree", alice, bob, "--json"]).encode()
    root = tmp_path / "releases"
    ok(["gold", "release", GOLD, "--version", "v1", "--root", root, "--agreement", "-"], figures)
    with fifo(tmp_path, bob.read_bytes(), name="bob") as pipe:
        ok(["gold", "release", GOLD, "--version", "v2", "--root", root, "--agreement", alice, "--agreement", pipe])
    ok(["gold", "release", GOLD, "--version", "v3", "--root", root, "--agreement", alice, "--agreement", "-"],
       bob.read_bytes())
    agreement = {version: _release(root, version)[1]["agreement"] for version in ("v1", "v2", "v3")}
    assert agreement["v1"] == agreement["v2"] == json.loads(figures)
    assert agreement["v1"]["annotators"] == ["alice", "bob"] and 0.9 < agreement["v1"]["entities_alpha"] < 1.0
    assert agreement["v3"]["annotators"] == ["alice", "stdin"]  # as `khabar agree alice.jsonl -` names it

    _, _, error = run(["gold", "release", "-", "--version", "v4", "--root", root, "--agreement", "-"],
                      GOLD.read_bytes())
    assert isinstance(error, InputError) and error.code == "E013"
    _, _, error = run(["gold", "release", "-", "--version", "v4", "--root", root], b'{"id": "a", "text": "x"}\n' * 2)
    assert (error.code, str(error.path), error.line) == ("E620", "<stdin>", 2)
    assert sorted(p.name for p in root.iterdir()) == ["v1", "v2", "v3"]
    assert _copies(temporary_folder) == []


# --- stats, evaluate, agree, adjudicate ---------------------------------------------------------------------------


def test_stats_of_a_pipe_cut_into_partitions_equal_the_files(tmp_path: Path, temporary_folder: Path) -> None:
    data = OTHER_GOLD.read_bytes() * 12  # about 2.3 MB: three partitions of 1 MB, read in three passes
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_bytes(data)
    options = ["--json", "-s", "synchronous", "--blocksize", "1"]
    from_file = json.loads(ok(["stats", corpus, *options]))
    from_stdin = json.loads(ok(["stats", "-", *options], data))
    with fifo(tmp_path, data) as pipe:
        from_pipe = json.loads(ok(["stats", pipe, *options]))
    assert from_file["articles"] == 12 * len(OTHER_GOLD.read_bytes().splitlines())
    assert from_stdin == from_file
    assert from_pipe == from_file
    assert _copies(temporary_folder) == []


def test_stats_of_a_gzipped_pipe_equal_the_files(tmp_path: Path) -> None:
    from_file = json.loads(ok(["stats", GOLD, "--json", "-s", "synchronous"]))
    assert json.loads(ok(["stats", "-", "--json", "-s", "synchronous"], gzip.compress(GOLD.read_bytes()))) == from_file


def test_evaluate_scores_a_gold_from_stdin_against_predictions_from_a_fifo(tmp_path: Path) -> None:
    from_files = json.loads(ok(["evaluate", GOLD, GOLD, "--json"]))
    with fifo(tmp_path, GOLD.read_bytes()) as pipe:
        piped = json.loads(ok(["evaluate", "-", pipe, "--json"], GOLD.read_bytes()))
    assert from_files["entities"]["micro"]["strict"]["f1"] == 1.0
    assert piped == from_files


def test_agree_and_adjudicate_read_an_annotator_from_a_pipe(tmp_path: Path) -> None:
    alice, bob = tmp_path / "alice.jsonl", tmp_path / "bob.jsonl"
    alice.write_bytes(GOLD.read_bytes())
    docs = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    for doc in docs[::2]:
        doc["entities"] = doc["entities"][1:]
    bob.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    from_files = json.loads(ok(["agree", alice, bob, "--json"]))
    with fifo(tmp_path, bob.read_bytes(), name="bob") as pipe:
        piped = json.loads(ok(["agree", alice, pipe, "--json"]))
    from_stdin = json.loads(ok(["agree", alice, "-", "--json"], bob.read_bytes()))
    assert piped["annotators"] == ["alice", "bob"] and from_stdin["annotators"] == ["alice", "stdin"]
    assert 0.9 < from_files["pairwise"][0]["entities"]["strict"]["f1"] < 1.0
    assert piped == from_files
    assert json.loads(json.dumps(from_stdin).replace('"stdin"', '"bob"')) == from_files

    ok(["adjudicate", alice, bob, "-o", tmp_path / "adj.jsonl"])
    (tmp_path / "from_stdin").mkdir()
    ok(["adjudicate", alice, "-", "-o", tmp_path / "from_stdin" / "adj.jsonl"], bob.read_bytes())
    for name in ("adj.jsonl", "adj.conflicts.jsonl"):  # the same votes, the second annotator named stdin
        expected = (tmp_path / name).read_bytes()
        assert (tmp_path / "from_stdin" / name).read_bytes() == expected.replace(b'"bob"', b'"stdin"')
    assert b'"bob"' in (tmp_path / "adj.jsonl").read_bytes()


# --- extract, train -------------------------------------------------------------------------------------------


def test_extract_quotes_and_entities_read_stdin_as_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ok(["extract", "quotes", GOLD, "-o", tmp_path / "file.jsonl"])
    ok(["extract", "quotes", "-", "-o", tmp_path / "stdin.jsonl"], GOLD.read_bytes())
    assert (tmp_path / "stdin.jsonl").read_bytes() == (tmp_path / "file.jsonl").read_bytes()
    monkeypatch.setenv("KHABAR_GAZETTEER_DIR", str(GAZETTEER))
    ok(["extract", "entities", GOLD, "-m", "gazetteer", "-o", tmp_path / "ner_file.jsonl"])
    with fifo(tmp_path, GOLD.read_bytes()) as pipe:
        ok(["extract", "entities", pipe, "-m", "gazetteer", "-s", "synchronous", "-o", tmp_path / "ner_pipe.jsonl"])
    assert (tmp_path / "ner_pipe.jsonl").read_bytes() == (tmp_path / "ner_file.jsonl").read_bytes()
    assert len((tmp_path / "ner_file.jsonl").read_bytes().splitlines()) == 21


def test_a_training_pipe_named_as_conll_is_read_as_conll_whatever_it_opens_with(tmp_path: Path) -> None:
    # The CLI kept its own copy of the CoNLL endings the training reader knows: one added to the reader only
    # would have had its pipes sniffed, and a CoNLL stream opening with "{" read as gold.
    from khabar.cli._common import training_streams
    from khabar.extract.entities import CONLL_SUFFIXES, read_training_documents
    from khabar.io import readable_inputs

    for suffix in CONLL_SUFFIXES:
        with fifo(tmp_path, "{ O\nقال O\nتونس B-LOC\n".encode(), name=f"tokens{suffix}") as pipe, \
                readable_inputs([pipe], **training_streams()) as inputs:
            (doc,) = read_training_documents(inputs.paths)
            assert inputs.paths[0].name == f"tokens{suffix}"
            assert (doc.text, [(e.start, e.end, e.label) for e in doc.entities]) == ("{ قال تونس", [(6, 10, "LOC")])


def test_train_entities_and_quotes_read_stdin_as_the_file(tmp_path: Path) -> None:
    conll = b"".join(ANERCORP.read_bytes().splitlines(keepends=True)[:1500])
    (tmp_path / "ner.txt").write_bytes(conll)
    crf = ["--arch", "crf", "--max-iterations", "2", "--no-clusters", "--no-gazetteer", "--json"]
    from_file = json.loads(ok(["train", "entities", tmp_path / "ner.txt", f"{GOLD}:2", *crf, "-o", tmp_path / "a.pt"]))
    from_stdin = json.loads(ok(["train", "entities", "-", f"{GOLD}:2", *crf, "-o", tmp_path / "b.pt"], conll))
    assert [s["path"] for s in from_stdin["sources"]] == ["<stdin>", str(GOLD)]
    assert from_stdin["sentences"] == from_file["sentences"] > 300
    assert [s["documents_used"] for s in from_stdin["sources"]] == [s["documents_used"] for s in from_file["sources"]]

    quotes = ["--no-clusters", "--max-iterations", "2", "--json"]
    q_file = json.loads(ok(["train", "quotes", GOLD, *quotes, "-o", tmp_path / "q1.pt"]))
    q_stdin = json.loads(ok(["train", "quotes", "-", *quotes, "-o", tmp_path / "q2.pt"], GOLD.read_bytes()))
    assert (q_stdin["documents"], q_stdin["quotes"]) == (q_file["documents"], q_file["quotes"]) == (21, 130)


def test_train_cues_mines_two_passes_over_a_pipe_as_over_the_file(tmp_path: Path, temporary_folder: Path) -> None:
    options = ["--min-count", "1", "--min-articles", "1", "--neighbours", "0"]
    ok(["train", "cues", GOLD, *options, "-o", tmp_path / "file.json"])
    with fifo(tmp_path, GOLD.read_bytes()) as pipe:
        ok(["train", "cues", pipe, *options, "-o", tmp_path / "pipe.json"])
    from_file = json.loads((tmp_path / "file.json").read_text(encoding="utf-8"))
    from_pipe = json.loads((tmp_path / "pipe.json").read_text(encoding="utf-8"))
    assert from_pipe["entries"] == from_file["entries"] and len(from_file["entries"]) > 20
    assert [c["path"] for c in from_pipe["provenance"]["corpora"]] == [str(tmp_path / "pipe")]
    assert from_pipe["provenance"]["corpora"][0]["sha256"] == from_file["provenance"]["corpora"][0]["sha256"]
    assert _copies(temporary_folder) == []




# --- corpus import ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def saudinewsnet_day(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One day of SaudiNewsNet as the JSON array its zip holds."""
    import zipfile

    path = tmp_path_factory.mktemp("snn") / "day.json"
    with zipfile.ZipFile(SAUDINEWSNET_DAY) as archive:
        path.write_bytes(archive.read(archive.namelist()[0]))
    return path


def test_corpus_import_repairs_joined_words_from_stdin_as_from_the_file(
        tmp_path: Path, saudinewsnet_day: Path, temporary_folder: Path) -> None:
    ok(["corpus", "import", saudinewsnet_day, "--repair-joined", "-o", tmp_path / "file.jsonl"])
    output = ok(["corpus", "import", "-", "--repair-joined", "-o", tmp_path / "stdin.jsonl", "--json"],
                saudinewsnet_day.read_bytes())
    summary = json.loads(output)
    expected = (tmp_path / "file.jsonl").read_bytes()
    assert len(expected.splitlines()) == summary["articles"] > 1000 and summary["repaired_joined"] > 0
    assert (tmp_path / "stdin.jsonl").read_bytes() == expected  # the second pass saw every article
    assert all("<stdin>" in w and "khabar-input" not in w for w in summary["warnings"])
    with fifo(tmp_path, gzip.compress(saudinewsnet_day.read_bytes())) as pipe:  # gzip: unpacked, then sniffed
        ok(["corpus", "import", pipe, "--repair-joined", "-o", tmp_path / "gz.jsonl"])
    assert (tmp_path / "gz.jsonl").read_bytes() == expected
    ok(["corpus", "import", "-", "-o", tmp_path / "zip.jsonl"], SAUDINEWSNET_DAY.read_bytes())
    assert len((tmp_path / "zip.jsonl").read_bytes().splitlines()) == summary["articles"]
    assert _copies(temporary_folder) == []


def test_corpus_import_sniffs_what_a_pipe_holds(tmp_path: Path) -> None:
    jsonl = GOLD.read_bytes()
    ok(["corpus", "import", GOLD, "-o", tmp_path / "file.jsonl"])
    ok(["corpus", "import", "-", "-o", tmp_path / "stdin.jsonl"], jsonl)
    assert (tmp_path / "stdin.jsonl").read_bytes() == (tmp_path / "file.jsonl").read_bytes()

    trec = "<DOC>\n<DOCNO>afp-1</DOCNO>\n<TEXT>\nقال الوزير إن الاجتماع انتهى\n</TEXT>\n</DOC>\n".encode()
    ok(["corpus", "import", "-", "-o", tmp_path / "trec.jsonl"], trec)
    assert [json.loads(line)["id"] for line in (tmp_path / "trec.jsonl").read_text().splitlines()] == ["afp-1"]

    text = "\ufeffقال الوزير إن الاجتماع انتهى.\nوأضاف أن الحكومة ستعلن قرارها.\n"
    ok(["corpus", "import", "-", "-o", tmp_path / "text.jsonl"], text.encode())
    (article,) = [json.loads(line) for line in (tmp_path / "text.jsonl").read_text().splitlines()]
    assert article["text"].startswith("قال الوزير") and "الحكومة" in article["text"]

    _, _, error = run(["corpus", "import", "-", "-o", tmp_path / "x.jsonl"], b"PAR1\x00\x00")
    assert error.code == "E101" and str(error.path) == "<stdin>" and "Parquet" in error.message
    assert "CSV when its first line is a header naming a text field" in \
        " ".join(ok(["corpus", "import", "--help"]).replace("│", " ").split())


def _articles(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_corpus_import_sniffs_csv_in_a_pipe_by_its_header(tmp_path: Path) -> None:
    # `cat articles.csv | khabar corpus import -` made the whole file one plain-text article.
    rows = [("a1", "عنوان", '"قال الوزير، إن الاجتماع انتهى, وأضاف ""نعم"""'), ("a2", "ثان", '"سطر\nثان"')]
    rows += [(f"b{i}", "خبر", "نص طويل " * 40) for i in range(30)]  # past the bytes sniffed: the cut row is passed over
    csv_bytes = ("id,title,text\r\n" + "".join(",".join(row) + "\r\n" for row in rows)).encode()
    (tmp_path / "articles.csv").write_bytes(csv_bytes)
    ok(["corpus", "import", tmp_path / "articles.csv", "-o", tmp_path / "file.jsonl"])
    ok(["corpus", "import", "-", "-o", tmp_path / "stdin.jsonl"], csv_bytes)
    assert (tmp_path / "stdin.jsonl").read_bytes() == (tmp_path / "file.jsonl").read_bytes()
    articles = _articles(tmp_path / "stdin.jsonl")
    assert len(articles) == 32 and articles[1]["text"] == "سطر\nثان"
    assert (articles[0]["id"], articles[0]["text"]) == ("a1", 'قال الوزير، إن الاجتماع انتهى, وأضاف "نعم"')
    named = "id,article\nc1,نص أول\nc2,نص ثان\n".encode()
    ok(["corpus", "import", "-", "--text-field", "article", "-o", tmp_path / "named.jsonl"], named)
    assert [(a["id"], a["text"]) for a in _articles(tmp_path / "named.jsonl")] == [("c1", "نص أول"), ("c2", "نص ثان")]


@pytest.mark.parametrize("text", [
    "id,article\nc1,نص أول\n",  # no text column the importer reads: a header it cannot use
    "text, and more\nقال الوزير إن الاجتماع انتهى.\n",  # prose whose first line names one, but no CSV after it
    "text,title\nقال, الوزير, إن\n",  # rows of another count of columns
    "text\nقال الوزير\n",  # one column: as likely a title over a text
])
def test_a_piped_text_that_only_looks_like_csv_stays_one_plain_text_article(text: str, tmp_path: Path) -> None:
    ok(["corpus", "import", "-", "-o", tmp_path / "text.jsonl"], text.encode())
    (article,) = _articles(tmp_path / "text.jsonl")
    assert article["text"] == text


def test_corpus_import_strict_error_in_a_pipe_names_stdin_and_its_line(tmp_path: Path, temporary_folder: Path) -> None:
    lines = GOLD.read_bytes().splitlines(keepends=True)
    broken = b"".join(lines[:7]) + b'{"id": "x"}\n' + b"".join(lines[7:])
    _, _, error = run(["corpus", "import", "-", "--strict", "-o", tmp_path / "x.jsonl"], broken)
    assert isinstance(error, InputError) and str(error.path) == "<stdin>" and error.line == 8
    assert not (tmp_path / "x.jsonl").exists()
    assert _copies(temporary_folder) == []


# --- doccano push (no server: the push is replaced) ------------------------------------------------------------


def test_doccano_push_copies_a_stream_before_the_server_is_asked(
        monkeypatch: pytest.MonkeyPatch, temporary_folder: Path) -> None:
    from khabar.cli import doccano as cli
    from khabar.doccano import push as push_module

    seen: dict[str, object] = {}

    def session(*args: object) -> SimpleNamespace:
        seen["copies_when_asked"] = [p.name for p in temporary_folder.rglob("*") if p.is_file()]
        return SimpleNamespace(url="http://127.0.0.1:1")

    def push(session: object, project: str, corpus: Path, **options: object) -> SimpleNamespace:
        seen["read"] = [Path(corpus).read_bytes(), Path(corpus).read_bytes()]  # read twice: both whole
        seen["regular"] = Path(corpus).is_file()
        return SimpleNamespace(pushed=21, batches=1, skipped=0, repaired=0, spans=0, relations=0, verified=21,
                               seconds=0.0, to_dict=lambda: {})

    monkeypatch.setattr(cli, "_session", session)
    monkeypatch.setattr("khabar.doccano.campaign.load_campaign", lambda *a: None)
    monkeypatch.setattr(push_module, "push", push)
    output = ok(["doccano", "push", "-", "--project", "p"], GOLD.read_bytes(), stderr=True)
    assert "pushed 21 article(s)" in output
    assert seen["copies_when_asked"] == ["stdin"]
    assert seen["read"] == [GOLD.read_bytes(), GOLD.read_bytes()] and seen["regular"] is True
    assert _copies(temporary_folder) == []


class _Terminal(io.BytesIO):
    """Standard input at a terminal: nothing piped in."""

    def isatty(self) -> bool:
        return True


def test_doccano_refresh_copies_its_base_data_before_the_server_is_asked(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, temporary_folder: Path) -> None:
    from khabar.cli import doccano as cli
    from khabar.doccano import refresh as refresh_module

    seen: dict[str, object] = {}

    def session(*args: object) -> SimpleNamespace:
        seen["copies_when_asked"] = sorted(p.name for p in temporary_folder.rglob("*") if p.is_file())
        return SimpleNamespace(url="http://127.0.0.1:1")

    def refresh(session: object, project: str, **options: object) -> None:
        sources = options["base_entities"]
        seen["entities"] = [(Path(s.path).read_bytes(), s.weight) for s in sources]  # type: ignore[attr-defined]
        seen["formats"] = [Path(s.path).suffix for s in sources]  # type: ignore[attr-defined]
        seen["quotes"] = [Path(p).read_bytes() for p in options["base_quotes"]]  # type: ignore[attr-defined]
        seen["pushed"] = [Path(p).read_bytes() for p in options["pushed"]]  # type: ignore[attr-defined]
        raise InputError("E211", "stop here", path=options["pushed"][0], line=3)  # type: ignore[index]

    monkeypatch.setattr(cli, "_session", session)
    monkeypatch.setattr(refresh_module, "refresh", refresh)
    conll = b"".join(ANERCORP.read_bytes().splitlines(keepends=True)[:200])
    with fifo(tmp_path, gzip.compress(GOLD.read_bytes(), mtime=0), name="quotes") as quotes, \
            fifo(tmp_path, OTHER_GOLD.read_bytes(), name="pushed") as pushed:
        _, _, error = run(["doccano", "refresh", "--project", "p", "--base-entities", "-:2", "--base-entities", GOLD,
                           "--base-quotes", quotes, "--pushed", pushed], conll)
    assert seen["copies_when_asked"] == ["pushed", "quotes.gz", "stdin.conll"]
    assert seen["entities"] == [(conll, 2.0), (GOLD.read_bytes(), 1.0)] and seen["formats"] == [".conll", ".jsonl"]
    assert seen["quotes"] == [gzip.compress(GOLD.read_bytes(), mtime=0)] and seen["pushed"] == [OTHER_GOLD.read_bytes()]
    assert (error.code, str(error.path), error.line) == ("E211", str(pushed), 3)  # the pipe, not its copy
    assert _copies(temporary_folder) == []


def test_doccano_refresh_says_what_is_wrong_with_its_piped_options_before_the_server_is_asked(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, temporary_folder: Path) -> None:
    from khabar.cli import doccano as cli

    def session(*args: object) -> None:
        raise AssertionError("the server was asked")

    monkeypatch.setattr(cli, "_session", session)
    _, _, error = run(["doccano", "refresh", "--project", "nope", "--base-entities", "-", "--pushed", "-"], b"x")
    assert (error.code, str(error.path)) == ("E013", "<stdin>")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(_Terminal(b"")))  # CliRunner would put its own in place
    with pytest.raises(InputError) as caught:
        typer.main.get_command(app).main(["doccano", "refresh", "--project", "nope", "--base-quotes", "-"],
                                         standalone_mode=False)
    assert (caught.value.code, str(caught.value.path)) == ("E014", "<stdin>")
    assert "standard input is a terminal" in caught.value.message
    # Word clusters and a base model are no single stream: refused, with their own codes.
    with fifo(tmp_path, b"", name="clusters.tsv.gz") as clusters:
        _, _, error = run(["doccano", "refresh", "--project", "nope", "--clusters", clusters])
    assert (error.code, error.field, str(error.path)) == ("E364", "--clusters", str(clusters))
    assert "vectors" in error.message
    _, _, error = run(["doccano", "refresh", "--project", "nope", "--base-model", "-"])
    assert (error.code, error.field, str(error.path)) == ("E433", "--base-model", "<stdin>")
    assert _copies(temporary_folder) == []


# --- what a user gets wrong -----------------------------------------------------------------------------------


def test_two_pipes_of_one_name_are_two_inputs(tmp_path: Path, temporary_folder: Path) -> None:
    # Both were copied to one file: evaluate scored the predictions against themselves, agree named one file twice.
    (tmp_path / "gold").mkdir()
    (tmp_path / "pred").mkdir()
    pred = b"".join(GOLD.read_bytes().splitlines(keepends=True)[:3])
    from_files = json.loads(ok(["evaluate", GOLD, _write(tmp_path / "p.jsonl", pred), "--json"]))
    with fifo(tmp_path / "gold", GOLD.read_bytes(), name="d.jsonl") as gold, \
            fifo(tmp_path / "pred", pred, name="d.jsonl") as predicted:
        piped = json.loads(ok(["evaluate", gold, predicted, "--json"]))
    assert piped == from_files and from_files["entities"]["micro"]["strict"]["recall"] < 0.5
    assert _copies(temporary_folder) == []


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_corpus_import_of_a_named_pipe_gives_the_ids_of_the_file(tmp_path: Path) -> None:
    # The ids of a dated SaudiNewsNet zip are named after its folder: through a pipe, they were named after the
    # private temporary folder (khabar-input-udabcr56-2015-07-27-0000), a new name each run.
    folder = tmp_path / "saudinewsnet"
    folder.mkdir()
    (folder / "day.zip").write_bytes(SAUDINEWSNET_DAY.read_bytes())
    ok(["corpus", "import", SAUDINEWSNET_DAY, "-o", tmp_path / "file.jsonl"])
    with fifo(folder, SAUDINEWSNET_DAY.read_bytes(), name=SAUDINEWSNET_DAY.name) as pipe:
        ok(["corpus", "import", pipe, "-o", tmp_path / "pipe.jsonl"])
    ids = [json.loads(line)["id"] for line in (tmp_path / "pipe.jsonl").read_text(encoding="utf-8").splitlines()]
    assert ids[0] == "saudinewsnet-2015-07-27-0000"
    assert (tmp_path / "pipe.jsonl").read_bytes() == (tmp_path / "file.jsonl").read_bytes()


def test_stats_of_standard_input_on_a_terminal_says_nothing_is_piped_in(temporary_folder: Path) -> None:
    # It waited on the keyboard; with standard input closed it was a traceback.
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src"), "TMPDIR": str(temporary_folder)}
    command = [sys.executable, "-m", "khabar.cli", "stats", "-"]
    primary, secondary = os.openpty()
    try:
        done = subprocess.run(command, stdin=secondary, capture_output=True, env=env, timeout=120)
    finally:
        os.close(primary)
        os.close(secondary)
    assert done.returncode == 2
    assert done.stderr.decode().startswith("khabar: [E014] <stdin>: nothing is piped in (standard input is a terminal)")
    closed = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, env=env, timeout=120,
                            preexec_fn=lambda: os.close(0))
    assert closed.returncode == 2 and b"[E014] <stdin>: nothing is piped in (standard input is closed)" in closed.stderr
    assert b"Traceback" not in closed.stderr
    assert _copies(temporary_folder) == []


@pytest.mark.parametrize("out", ["-", "link"])
def test_an_output_to_standard_output_is_refused_and_nothing_replaced(out: str, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    tmp_path = tmp_path / "work"
    tmp_path.mkdir()
    # `-o /dev/stdout` renamed the output onto /dev/stdout, which became a regular file; `-o -` wrote a file '-'.
    monkeypatch.chdir(tmp_path)
    if out == "link":
        out = "stdout"
        (tmp_path / out).symlink_to("/dev/null")  # as /dev/stdout is a link to a device (a failure replaces this link)
    _, _, error = run(["gold", "to-conll", GOLD, "-o", out])
    assert isinstance(error, InputError) and error.code == "E009" and "not a file" in error.message
    assert sorted(p.name for p in tmp_path.iterdir()) == ([] if out == "-" else ["stdout"])
