"""The error registry: every code raised is registered and documented, and every registered code is raised."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from khabar.errors import ERRORS, ConfigError, InputError, KhabarError, Problem, UnregisteredCode, explain

SRC = Path(__file__).resolve().parents[1] / "src" / "khabar"
#: A code as the source writes it: a quoted string literal (so ``# noqa: E402`` and prose ranges do not count).
CODE_LITERAL = re.compile(r"""["'](E\d{3})["']""")


def _codes_in_source() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        if path.name == "errors.py" and path.parent == SRC:
            continue
        for code in CODE_LITERAL.findall(path.read_text(encoding="utf-8")):
            found.setdefault(code, set()).add(str(path.relative_to(SRC)))
    return found


def test_every_code_in_the_source_is_registered() -> None:
    used = _codes_in_source()
    assert len(used) > 100  # the scan finds the codes (a broken pattern would pass vacuously)
    missing = {code: sorted(files) for code, files in used.items() if code not in ERRORS}
    assert not missing, f"codes raised but not in khabar.errors.ERRORS: {missing}"


def test_every_registered_code_is_used() -> None:
    unused = sorted(set(ERRORS) - set(_codes_in_source()))
    assert not unused, f"registered codes no module raises: {unused}"


def test_every_code_is_documented_in_order() -> None:
    codes = list(ERRORS)
    assert codes == sorted(codes)
    for code, entry in ERRORS.items():
        assert re.fullmatch(r"E\d{3}", code) and entry.code == code
        assert entry.template.strip() and entry.explanation.strip(), code
        assert entry.explanation.endswith((".", "?", ")")), f"{code}: the explanation is one sentence"
    assert explain("E004").startswith("A line nests")


def test_an_unregistered_code_fails_loudly() -> None:
    with pytest.raises(UnregisteredCode, match="E999"):
        InputError("E999", "no such code")
    with pytest.raises(UnregisteredCode):
        ConfigError("X1", "not even a code")


def test_the_template_gives_the_message_and_the_location_is_kept() -> None:
    error = InputError("E002", found="list", path="a/b.jsonl", line=7, field="text", doc_id="d-1")
    assert error.message == "expected a JSON object, found list"
    assert (str(error.path), error.line, error.field, error.doc_id) == ("a/b.jsonl", 7, "text", "d-1")
    assert str(error) == "[E002] a/b.jsonl:7, document 'd-1', field 'text': expected a JSON object, found list"
    assert error.explanation == ERRORS["E002"].explanation
    assert InputError("E004").message == ERRORS["E004"].template
    own = InputError("E220", "span 5-9 lies outside the text (length 4)", line=2)
    assert own.message == "span 5-9 lies outside the text (length 4)" and isinstance(own, KhabarError)
    with pytest.raises(TypeError):
        InputError("E002", "a message", found="list")
    with pytest.raises(KeyError):
        InputError("E002")  # the template needs its field


def test_one_problem_keeps_every_reader_s_information() -> None:
    validator = Problem("E224", "span begins inside a token", "g.jsonl", 2, "art-7", "entities[0]", "سوريا")
    assert str(validator) == str(validator.to_error())
    assert str(validator).startswith("[E224] g.jsonl:2, document 'art-7', field 'entities[0]': span begins")
    assert validator.to_dict()["span_text"] == "سوريا" and "annotator" not in validator.to_dict()

    pulled = Problem("E347", "SOURCE span 3 belongs to no quote", doc_id="d", annotator="alice", example_id=12)
    assert str(pulled) == "[E347] annotator 'alice', example 12, document 'd': SOURCE span 3 belongs to no quote"
    assert pulled.to_dict() | {} == {"code": "E347", "message": "SOURCE span 3 belongs to no quote", "path": None,
                                     "line": None, "doc_id": "d", "field": None, "span_text": None,
                                     "annotator": "alice", "example_id": 12}

    read = Problem.from_error(InputError("E105", "not valid JSON (x)", path="c.json", line=4), reason="broken_json",
                              fatal_for_file=True)
    assert (read.reason, read.fatal_for_file, read.path, read.line) == ("broken_json", True, "c.json", 4)
    assert isinstance(read.error, InputError) and read.error.code == "E105" and read.error.line == 4


def test_the_table_is_printed() -> None:
    out = subprocess.run([sys.executable, "-m", "khabar.errors"], capture_output=True, text=True, check=True).stdout
    listed = re.findall(r"^(E\d{3}) ", out, flags=re.MULTILINE)
    assert listed == list(ERRORS)


def test_errors_survive_pickling() -> None:
    import pickle

    error = InputError("E003", reason="invalid start byte", byte=4, path="c.jsonl", line=9, field="text", doc_id="x")
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is InputError and str(back) == str(error)
    assert (back.code, back.line, back.path, back.field, back.doc_id) == ("E003", 9, error.path, "text", "x")


def test_an_error_names_its_file_as_given_and_gives_programs_a_path() -> None:
    # The path was made a Path at once, which drops the ./ the user typed: the error named a file they never wrote.
    import pickle

    error = InputError("E001", reason="Expecting value", column=3, path="./gold.jsonl", line=2)
    assert str(error) == "[E001] ./gold.jsonl:2: not valid JSON (Expecting value at column 3)"
    assert (error.path, error.path_as_given) == (Path("gold.jsonl"), "./gold.jsonl")
    assert str(pickle.loads(pickle.dumps(error))) == str(error)
    assert Problem.from_error(error).path == "./gold.jsonl" and str(Problem.from_error(error)) == str(error)
    assert str(InputError("E011", path=Path("./gold.jsonl"))) == "[E011] gold.jsonl: no such file"  # as the Path has it
    error.path = "./other.jsonl"
    assert str(error).startswith("[E001] ./other.jsonl:2: ") and error.path == Path("other.jsonl")


def test_cli_lists_and_explains_codes() -> None:
    import json

    from typer.testing import CliRunner

    from khabar.cli import app

    runner = CliRunner()
    one = runner.invoke(app, ["errors", "E004", "e010"])
    assert one.exit_code == 0 and one.output.startswith(f"E004  {ERRORS['E004'].explanation}") and "E010  " in one.output
    listed = json.loads(runner.invoke(app, ["errors", "--json"]).stdout)
    assert [row["code"] for row in listed] == list(ERRORS)
    assert runner.invoke(app, ["errors", "E999"]).exit_code == 2
