"""The CLI as a whole: every command answers --help, and --help stays light."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from khabar.cli import app


def _command_paths(command: object, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = [prefix]
    # typer >= 0.20 vendors its own click: test for the behaviour, not the class.
    if hasattr(command, "commands"):
        for name, sub in command.commands.items():
            paths += _command_paths(sub, (*prefix, name))
    return paths


COMMANDS = _command_paths(typer.main.get_command(app))


def test_the_pipeline_commands_are_all_there() -> None:
    names = {" ".join(p) for p in COMMANDS}
    expected = {
        "corpus import", "corpus fetch", "gold validate", "gold from-conll", "gold to-conll", "gold release",
        "doccano up", "doccano down", "doccano status", "doccano logs", "doccano push", "doccano pull",
        "extract quotes", "extract entities", "train entities", "evaluate", "agree", "adjudicate", "stats",
    }
    assert expected <= names, f"missing: {sorted(expected - names)}"


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "khabar")
def test_every_command_has_help(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    # Each command explains itself in at least one sentence.
    assert len(result.output.split()) > 8


def _help_texts(command: object) -> list[tuple[str, str]]:
    texts = [(getattr(command, "name", None) or "khabar", getattr(command, "help", None) or "")]
    texts += [(f"{getattr(command, 'name', None)} {p.name}", getattr(p, "help", None) or "")
              for p in getattr(command, "params", [])]
    for sub in getattr(command, "commands", {}).values():
        texts += _help_texts(sub)
    return texts


def test_help_brackets_are_escaped() -> None:
    """rich reads an unescaped ``[default: ...]`` as markup and prints nothing of it: write ``\\[``."""
    import re

    swallowed = [(where, text) for where, text in _help_texts(typer.main.get_command(app))
                 if re.search(r"(?<!\\)\[[a-z/$]", text)]
    assert swallowed == []
    result = CliRunner().invoke(app, ["extract", "entities", "--help"], env={"COLUMNS": "400", "TERMINAL_WIDTH": "400"})
    assert "default: one per core" in result.output and "default: $KHABAR_GAZETTEER_DIR" in result.output


def test_help_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from khabar.cli import app\n"
        "CliRunner().invoke(app, ['--help'])\n"
        "heavy = ['torch', 'pandas', 'doccano_client', 'transformers', 'dask', 'sklearn', 'matplotlib']\n"
        "print(' '.join(m for m in heavy if m in sys.modules))\n"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert loaded == [], f"`khabar --help` imports {loaded}: import them inside the commands"


def test_python_dash_m_runs_the_same_command() -> None:
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "khabar.cli", "errors"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "E001" in result.stdout and "E730" in result.stdout


def test_sigterm_mid_run_keeps_the_old_output_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    # `timeout`, `kill` and `docker stop` send SIGTERM, which used to end the process before atomic_write could
    # remove its temporary file; it now unwinds as Ctrl-C does.
    source = tmp_path / "in.jsonl"
    sentence = "وقال الوزير محمد علي إن الاجتماع انتهى. "
    source.write_text("".join(json.dumps({"id": f"d{i}", "text": sentence * 40}, ensure_ascii=False) + "\n"
                              for i in range(20000)), encoding="utf-8")
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "q.jsonl"
    out.write_text("PREVIOUS\n", encoding="utf-8")
    log = tmp_path / "stderr.txt"
    with open(log, "w", encoding="utf-8") as stderr:  # a file, not a pipe nobody reads: a full pipe would block the run
        process = subprocess.Popen([sys.executable, "-c", "from khabar.cli import main; main()", "extract", "quotes",
                                    str(source), "--out", str(out)], stdout=subprocess.DEVNULL, stderr=stderr)
    deadline = time.monotonic() + 120
    while not any(p.name.endswith(".tmp") for p in folder.iterdir()):  # the run is writing its output
        assert process.poll() is None and time.monotonic() < deadline, log.read_text(encoding="utf-8")
        time.sleep(0.01)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=120) == 128 + signal.SIGTERM, log.read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == "PREVIOUS\n"
    assert sorted(p.name for p in folder.iterdir()) == ["q.jsonl"]


@pytest.mark.parametrize("command, option", [
    (["extract", "entities", "{gold}"], "--model"),
    (["extract", "quotes", "{gold}"], "--lexicon"),
    (["train", "quotes", "{gold}", "--no-clusters"], "--lexicon"),
    (["train", "quotes", "{gold}"], "--clusters"),
    (["train", "entities", "{gold}", "--arch", "crf", "--no-gazetteer"], "--clusters"),
    (["train", "cues", "{gold}"], "--clusters"),
], ids=lambda value: value if isinstance(value, str) else " ".join(value[:2]))
def test_an_output_that_is_another_input_file_is_refused_and_kept(
    tmp_path: Path, dev_gold_path: Path, command: list[str], option: str
) -> None:
    # Only the main inputs were compared with --out: `extract entities -m model.crf -o model.crf` replaced the
    # trained model by the tagged documents, `--lexicon lex.json -o lex.json` the lexicon by a model or documents.
    from khabar.errors import InputError

    given = tmp_path / "given.bin"
    given.write_bytes(b"what the user made\n")
    args = [part.format(gold=dev_gold_path) for part in command]
    result = CliRunner().invoke(app, [*args, option, str(given), "--out", str(given)])
    assert isinstance(result.exception, InputError), result.output
    assert (result.exception.code, result.exception.field) == ("E010", "--out")
    assert given.read_bytes() == b"what the user made\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["given.bin"]


_READS_A_FILE = [
    ["gold", "validate", "{input}"],
    ["gold", "to-conll", "{input}", "--out", "{out}"],
    ["gold", "export", "{input}", "--format", "conll", "--out", "{out}"],
    ["gold", "from-conll", "{input}", "--out", "{out}"],
    ["gold", "release", "{input}", "--version", "v1", "--root", "{out}"],
    ["stats", "{input}", "--scheduler", "synchronous"],
    ["train", "quotes", "{input}", "--no-clusters", "--out", "{out}"],
    ["corpus", "import", "{input}", "--out", "{out}"],
]


#: Each command but the two where typer or the reader take a folder (a pipe is read through a private copy:
#: tests/test_cli_pipes.py).
_NOT_A_FILE = [command for command in _READS_A_FILE if command[:2] not in (["gold", "release"], ["corpus", "import"])]


@pytest.mark.parametrize("command", _NOT_A_FILE, ids=lambda c: " ".join(c[:2]))
def test_a_folder_given_for_a_file_is_called_so_not_missing(tmp_path: Path, command: list[str]) -> None:
    # They were "no such file" (E211, E244, E701, E011, E100), sending the user to look for a typing mistake in a
    # path that exists.
    from khabar.errors import InputError

    given = tmp_path / "annotations"
    given.mkdir()
    args = [part.format(input=given, out=tmp_path / "out") for part in command]
    result = CliRunner().invoke(app, args)
    assert isinstance(result.exception, InputError), result.output
    assert "a folder, not a file" in result.exception.message and "no such" not in result.exception.message
    assert result.exception.path is not None and Path(result.exception.path) == given
    assert not (tmp_path / "out").exists()


#: A command reading ./bad.jsonl (a first record, then a broken one) or ./bad.conll (a line without a tag), and the
#: error it stops with.
_STOPS_AT_LINE_2 = [
    (["gold", "validate", "./bad.jsonl"], "E001"),
    (["gold", "to-conll", "./bad.jsonl", "-o", "out.conll"], "E001"),
    (["gold", "export", "./bad.jsonl", "--format", "conll", "-o", "out.conll"], "E001"),
    (["gold", "from-conll", "./bad.conll", "-o", "out.jsonl"], "E240"),
    (["gold", "import", "./bad.conll", "--format", "conll", "-o", "out.jsonl"], "E240"),
    (["gold", "release", "./bad.jsonl", "--version", "v1", "--root", "out"], "E001"),
    (["evaluate", "./good.jsonl", "./bad.jsonl"], "E001"),
    (["agree", "./good.jsonl", "./bad.jsonl"], "E001"),
    (["adjudicate", "./good.jsonl", "./bad.jsonl", "-o", "out.jsonl"], "E001"),
    (["stats", "./bad.jsonl", "--scheduler", "synchronous"], "E001"),
    (["extract", "quotes", "./bad.jsonl", "-o", "out.jsonl"], "E001"),
    (["corpus", "import", "./bad.jsonl", "-o", "out.jsonl", "--strict"], "E105"),
    (["train", "entities", "./bad.conll:10", "-o", "out.jsonl", "--no-clusters", "--arch", "crf"], "E240"),
    (["train", "entities", "./good.jsonl", "./bad.jsonl:0.5", "-o", "out.jsonl", "--no-clusters"], "E001"),
    (["train", "quotes", "./bad.jsonl", "-o", "out.jsonl"], "E001"),
    (["train", "clusters", "./bad.jsonl", "-o", "out.jsonl"], "E001"),
]

#: A command given a bad file (./bad.json: broken at line 2; ./bad.model, ./bad.pt, ./bad.tsv.gz: no such thing) or
#: an empty folder (./bad-gazetteer) in an option, its error, and the line and file the error names.
_BAD_OPTION_FILES = [
    (["extract", "quotes", "good.jsonl", "-o", "out.jsonl", "--lexicon", "./bad.json"], "E405", 2, "./bad.json"),
    (["extract", "quotes", "good.jsonl", "-o", "out.jsonl", "--cues", "./bad.json"], "E417", 2, "./bad.json"),
    (["extract", "quotes", "good.jsonl", "-o", "out.jsonl", "--model", "./bad.model"], "E445", None, "./bad.model"),
    (["extract", "entities", "good.jsonl", "-o", "out.jsonl", "--model", "./bad.pt"], "E434", None, "./bad.pt"),
    (["extract", "entities", "good.jsonl", "-o", "out.jsonl", "--model", "gazetteer", "--gazetteer", "./bad-gazetteer"],
     "E411", None, "./bad-gazetteer/AlignedPersGazetteer.txt"),
    (["train", "entities", "good.jsonl", "-o", "out.jsonl", "--arch", "crf", "--no-gazetteer", "--clusters",
      "./bad.tsv.gz"], "E402", None, "./bad.tsv.gz"),
    (["train", "entities", "good.jsonl", "-o", "out.jsonl", "--arch", "crf", "--no-clusters", "--gazetteer",
      "./bad-gazetteer"], "E411", None, "./bad-gazetteer/AlignedPersGazetteer.txt"),
    (["train", "entities", "good.jsonl", "-o", "out.jsonl", "--continue-from", "./bad.pt"], "E434", None, "./bad.pt"),
    (["train", "cues", "good.jsonl", "-o", "out.jsonl", "--clusters", "./bad.tsv.gz"], "E402", None, "./bad.tsv.gz"),
    (["train", "quotes", "good.jsonl", "-o", "out.jsonl", "--clusters", "./bad.tsv.gz"], "E402", None, "./bad.tsv.gz"),
    (["train", "quotes", "good.jsonl", "-o", "out.jsonl", "--lexicon", "./bad.json"], "E405", 2, "./bad.json"),
]


@pytest.mark.parametrize(
    ("command", "code", "line", "name"),
    [(command, code, 2, next(part for part in command if part.startswith("./bad")).partition(":")[0])  # :WEIGHT
     for command, code in _STOPS_AT_LINE_2] + _BAD_OPTION_FILES,
    ids=lambda value: " ".join(part for part in value if part[:2] in ("./", "--") or part.isalpha())
    if isinstance(value, list) else str(value),
)
def test_an_error_names_the_input_as_typed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str],
                                           code: str, line: int | None, name: str) -> None:
    # typer gives the commands Path objects, and a Path drops the ./ of ./bad.jsonl: the error named bad.jsonl (an
    # option's quote lexicon, its absolute path).
    from khabar.errors import KhabarError

    monkeypatch.chdir(tmp_path)
    # An entity: train entities refuses gold of none (E436) before it reads the options' files.
    good = json.dumps({"id": "a", "text": "قال الوزير إن الاجتماع انتهى.",
                       "entities": [{"start": 14, "end": 22, "label": "MISC"}]}, ensure_ascii=False) + "\n"
    Path("good.jsonl").write_text(good, encoding="utf-8")
    Path("bad.jsonl").write_text(good + "{broken\n", encoding="utf-8")
    Path("bad.conll").write_text("قال O\nالوزير\n", encoding="utf-8")
    Path("bad.json").write_text('{"verbs": [],\n broken\n', encoding="utf-8")
    for not_a_model in ("bad.model", "bad.pt", "bad.tsv.gz"):
        Path(not_a_model).write_text("not a model\n", encoding="utf-8")
    Path("bad-gazetteer").mkdir()
    result = CliRunner().invoke(app, command)
    error = result.exception
    assert isinstance(error, KhabarError), result.output
    assert (error.code, error.path, error.path_as_given, error.line) == (code, Path(name), name, line)
    assert str(error).startswith(f"[{code}] {name}" + (f":{line}" if line is not None else ""))
    assert not Path("out.jsonl").exists() and not Path("out.conll").exists()


def test_doccano_project_create_names_its_labels_file_as_typed(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    # The labels are read before the server is asked anything: no server is needed to see the error.
    from khabar.cli import doccano
    from khabar.errors import InputError

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(doccano, "_session", lambda *args: None)
    Path("labels.json").write_text('{"span": [],\n broken\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["doccano", "project", "create", "p", "--labels", "./labels.json"])
    assert isinstance(result.exception, InputError), result.output
    assert str(result.exception).startswith("[E321] ./labels.json:2: not valid JSON")


def test_gold_validate_lists_problems_naming_the_file_as_typed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    record = {"id": "a", "text": "زار بوتين تونس", "entities": [{"start": 4, "end": 9, "label": "PER"}]}
    Path("gold.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["gold", "validate", ".//gold.jsonl"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "[E226] .//gold.jsonl:1, document 'a', field 'entities[0].label': unknown entity label 'PER' (khabar's are "
        "PERS, ORG, LOC, MISC; did you mean PERS?) 'بوتين'",
        "FAILED .//gold.jsonl: 1 problems in 1 documents, 1 entities, 0 quotes",
    ]
    result = CliRunner().invoke(app, ["gold", "validate", ".//gold.jsonl", "--json"])
    assert json.loads(result.stdout)["file"] == json.loads(result.stdout)["problems"][0]["path"] == "gold.jsonl"
