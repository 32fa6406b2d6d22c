"""``khabar.doccano.pull``: the records of doccano's JSONL export, read as khabar reads every JSON line.

The whole pull against a real server is tested in tests/integration; here a stand-in session hands over an
export made as doccano 1.8.4 writes it (pandas' ``to_json(orient="records", force_ascii=False, lines=True)``).
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from khabar.doccano.pull import pull
from khabar.errors import InputError


class ExportingSession:
    """A session whose project 1 has one annotator, alice, and whose export holds ``alice.jsonl`` = ``data``."""

    url = "http://doccano.test"

    def __init__(self, data: bytes) -> None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("alice.jsonl", data)
        self.zip = buffer.getvalue()

    def project_id(self, project: str | int) -> int:
        return 1

    def get(self, route: str, **_: Any) -> Any:
        return [{"username": "alice", "rolename": "annotator"}] if route.endswith("/members") else {"created_at": "x"}

    def post(self, route: str, **_: Any) -> dict[str, str]:
        return {"task_id": "t1"}

    def wait_task(self, task_id: str) -> str:
        return "/media/x.zip"

    def request(self, method: str, route: str, **_: Any) -> Any:
        return type("Response", (), {"content": self.zip})()


@pytest.fixture(autouse=True)
def _state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KHABAR_DOCCANO_DIR", str(tmp_path / "state"))  # the side table is looked for there


def test_a_key_given_twice_in_an_exported_record_is_e015_naming_member_line_and_field(tmp_path: Path) -> None:
    # json.loads kept the last value without a word: an entity with two starts was pulled as the second
    lines = ['{"id":1,"text":"زار بوتين","entities":[],"khabar_id":"a"}',
             '{"id":2,"text":"زار بوتين","entities":[{"id":7,"start_offset":4,"end_offset":9,"start_offset":0,'
             '"label":"PERS"}],"khabar_id":"b"}']
    session = ExportingSession(("\n".join(lines) + "\n").encode())
    with pytest.raises(InputError) as info:
        pull(session, "news", tmp_path / "out")  # type: ignore[arg-type]
    error = info.value
    assert (error.code, str(error.path), error.line, error.field) == (
        "E015", "doccano export of project news!alice.jsonl", 2, "entities[0].start_offset")
    assert not (tmp_path / "out" / "alice.jsonl").exists()


def test_line_and_paragraph_separators_inside_a_text_do_not_end_its_record(tmp_path: Path) -> None:
    # doccano writes U+2028, U+2029 and U+0085 unescaped; str.splitlines cut the record there (a JSONDecodeError)
    text = "قال بوتين\u2028سطر\u2029فقرة\x85نهاية"
    record = {"id": 3, "text": text, "entities": [{"id": 1, "start_offset": 4, "end_offset": 9, "label": "PERS"}],
              "relations": [], "khabar_id": "a"}
    data = json.dumps(record, ensure_ascii=False).encode() + b"\r\n" + b'{"id":4,"text":"x","khabar_id":"b"}\n'
    manifest = pull(ExportingSession(data), "news", tmp_path / "out")  # type: ignore[arg-type]
    assert manifest.files["alice"]["documents"] == 2
    pulled = [json.loads(line) for line in (tmp_path / "out" / "alice.jsonl").read_text(encoding="utf-8").split("\n")
              if line]
    assert [(d["id"], d["text"], d["entities"]) for d in pulled] == [
        ("a", text, [{"start": 4, "end": 9, "label": "PERS"}]), ("b", "x", [])]


def test_a_line_that_is_not_json_is_e001_naming_its_line(tmp_path: Path) -> None:
    session = ExportingSession(b'{"id":1,"text":"x"}\n{"id":2,"text":\n')
    with pytest.raises(InputError) as info:
        pull(session, "news", tmp_path / "out")  # type: ignore[arg-type]
    assert (info.value.code, str(info.value.path), info.value.line) == (
        "E001", "doccano export of project news!alice.jsonl", 2)


def test_a_bad_export_of_a_later_annotator_leaves_the_earlier_ones_files_as_they_were(tmp_path: Path) -> None:
    # alice.jsonl was written before bob's export was read: an error there left it new beside the old manifest
    good = b'{"id":1,"text":"x","khabar_id":"a"}\n'
    session = ExportingSession(good)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("alice.jsonl", good.replace(b'"x"', b'"y"'))
        archive.writestr("bob.jsonl", b'{"id":1,"text":"x","khabar_id":"a","khabar_id":"b"}\n')
    out = tmp_path / "out"
    pull(session, "news", out)  # type: ignore[arg-type]
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    session.zip = buffer.getvalue()
    with pytest.raises(InputError) as info:
        pull(session, "news", out)  # type: ignore[arg-type]
    assert (info.value.code, str(info.value.path), info.value.line) == (
        "E015", "doccano export of project news!bob.jsonl", 1)
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before


def test_a_key_given_twice_in_khabar_record_is_e015_naming_member_line_and_field(tmp_path: Path) -> None:
    # an example pushed before the side table keeps its metadata as a JSON string in doccano: the second "title"
    # in it was pulled in place of the first without a word, and bob's error came after alice's file was written
    meta = '{"meta": {"title": "أول", "title": "ثان"}, "extra": {}}'
    good = b'{"id":1,"text":"x","khabar_id":"a"}\n'
    session = ExportingSession(good)
    out = tmp_path / "out"
    pull(session, "news", out)  # type: ignore[arg-type]
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("alice.jsonl", good.replace(b'"x"', b'"y"'))
        archive.writestr("bob.jsonl", good + json.dumps({"id": 2, "text": "z", "khabar_id": "b",
                                                         "khabar_record": meta}).encode() + b"\n")
    session.zip = buffer.getvalue()
    with pytest.raises(InputError) as info:
        pull(session, "news", out)  # type: ignore[arg-type]
    error = info.value
    assert (error.code, str(error.path), error.line, error.field, error.doc_id) == (
        "E015", "doccano export of project news!bob.jsonl", 2, "khabar_record.meta.title", "b")
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before


def test_a_key_given_twice_in_a_side_table_string_names_the_side_table(tmp_path: Path) -> None:
    side = tmp_path / "state" / "sidecar" / "project-1-x"
    side.mkdir(parents=True)
    (side / "batch-1.jsonl").write_text(json.dumps(
        {"khabar_id": "a", "khabar_quote_types": '{"0:1": "direct", "0:1": "indirect"}'}) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        session = ExportingSession(b'{"id":1,"text":"x","khabar_id":"a"}\n')
        pull(session, "news", tmp_path / "out")  # type: ignore[arg-type]
    error = info.value
    assert (error.code, error.path, error.line, error.field) == ("E015", side, None, "khabar_quote_types.0:1")
    assert not (tmp_path / "out").exists()
