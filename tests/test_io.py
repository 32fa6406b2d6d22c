"""khabar.io: streaming JSON lines and all-or-nothing writes."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from khabar.errors import InputError
from khabar.io import atomic_write, read_jsonl, write_jsonl


def test_write_then_read_round_trip_keeps_arabic_readable(tmp_path: Path) -> None:
    records = [{"id": "a", "text": "قال الكرملين"}, {"id": "b", "text": "x"}]
    path = tmp_path / "out.jsonl"
    assert write_jsonl(path, records) == 2
    assert "قال الكرملين" in path.read_text(encoding="utf-8")  # not \u escapes
    assert [r for _, r in read_jsonl(path)] == records


def test_read_reports_line_numbers_and_skips_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text('{"a": 1}\n\n{"a": 2}\n', encoding="utf-8")
    assert [n for n, _ in read_jsonl(path)] == [1, 3]


def test_broken_line_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.jsonl"
    path.write_text('{"a": 1}\n{"a": \n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        list(read_jsonl(path))
    assert info.value.code == "E001"
    assert info.value.line == 2
    assert f"{path}:2" in str(info.value)


def test_non_object_line_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "list.jsonl"
    path.write_text("[1, 2]\n", encoding="utf-8")
    with pytest.raises(InputError, match="expected a JSON object"):
        list(read_jsonl(path))


def test_gzip_is_read_transparently(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"x": "ي"}) + "\n")
    assert [r for _, r in read_jsonl(path)] == [{"x": "ي"}]


def test_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_text("old\n", encoding="utf-8")

    def records():
        yield {"ok": 1}
        raise RuntimeError("boom half-way")

    with pytest.raises(RuntimeError):
        write_jsonl(path, records())
    assert path.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


def test_atomic_write_creates_parent_folders(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "c.bin"
    with atomic_write(target, "wb") as handle:
        handle.write(b"\x00\x01")
    assert target.read_bytes() == b"\x00\x01"


def test_sha256_of_matches_hashlib_on_a_file_larger_than_one_block(tmp_path: Path) -> None:
    import hashlib

    from khabar.io import sha256_of

    data = ("خبر " * 400_000).encode("utf-8")  # 3.2 MB: several read blocks
    path = tmp_path / "big.bin"
    path.write_bytes(data)
    assert sha256_of(path) == hashlib.sha256(data).hexdigest()


def test_read_json_file_names_the_caller_codes_and_the_line(tmp_path: Path) -> None:
    from khabar.errors import ConfigError
    from khabar.io import read_json_file

    codes = {"missing": ("E998", "no such thing"), "invalid": ("E999", "broken thing")}
    good = tmp_path / "good.json"
    good.write_text('{"a": "ب"}', encoding="utf-8")
    assert read_json_file(good, **codes) == {"a": "ب"}
    with pytest.raises(ConfigError) as missing:
        read_json_file(tmp_path / "absent.json", **codes)
    assert missing.value.code == "E998"
    broken = tmp_path / "broken.json"
    broken.write_text('{\n"a": }', encoding="utf-8")
    with pytest.raises(InputError) as invalid:
        read_json_file(broken, **codes)
    assert (invalid.value.code, invalid.value.line) == ("E999", 2)
    assert "broken thing (" in invalid.value.message
