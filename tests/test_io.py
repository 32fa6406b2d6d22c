"""khabar.io: streaming JSON lines and all-or-nothing writes."""

from __future__ import annotations

import gzip
import json
import os
import stat
from pathlib import Path

import pytest

from khabar.errors import InputError
from khabar.io import atomic_write, new_file_mode, read_jsonl, write_jsonl


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


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz"])
def test_a_byte_order_mark_at_the_start_is_not_part_of_the_first_record(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"excel{suffix}"
    data = b"\xef\xbb\xbf" + '{"id": "a", "text": "قال"}\r\n{"id": "b"}\r\n'.encode()
    path.write_bytes(gzip.compress(data) if suffix.endswith(".gz") else data)
    assert list(read_jsonl(path)) == [(1, {"id": "a", "text": "قال"}), (2, {"id": "b"})]


def test_a_byte_order_mark_after_the_first_line_is_still_an_error(tmp_path: Path) -> None:
    path = tmp_path / "joined.jsonl"
    path.write_bytes(b'{"id": "a"}\n\xef\xbb\xbf{"id": "b"}\n')
    with pytest.raises(InputError) as info:
        list(read_jsonl(path))
    assert (info.value.code, info.value.line) == ("E001", 2)


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

    codes = {"missing": ("E320", "no such thing"), "invalid": ("E321", "broken thing")}
    good = tmp_path / "good.json"
    good.write_text('{"a": "ب"}', encoding="utf-8")
    assert read_json_file(good, **codes) == {"a": "ب"}
    with pytest.raises(ConfigError) as missing:
        read_json_file(tmp_path / "absent.json", **codes)
    assert missing.value.code == "E320"
    broken = tmp_path / "broken.json"
    broken.write_text('{\n"a": }', encoding="utf-8")
    with pytest.raises(InputError) as invalid:
        read_json_file(broken, **codes)
    assert (invalid.value.code, invalid.value.line) == ("E321", 2)
    assert "broken thing (" in invalid.value.message


# --- one record reader, and bad input as numbered errors (issue 18, item 9) ---------------------


def test_read_records_locates_json_lines_gzip_and_parquet(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from khabar.io import LocatedRecord, read_records

    lines = b'{"id": "a", "text": "\xd9\x86\xd8\xb5"}\n\n{"id": "b", "text": "x", "meta": {"k": [1]}}\n'
    plain, packed, table = tmp_path / "c.jsonl", tmp_path / "c.jsonl.gz", tmp_path / "c.parquet"
    plain.write_bytes(lines)
    packed.write_bytes(gzip.compress(lines))
    pq.write_table(pa.table({"id": ["a", "b"], "text": ["نص", "x"], "meta": ["", '{"k": [1]}']}), table)
    expected = [(1, {"id": "a", "text": "نص"}), (3, {"id": "b", "text": "x", "meta": {"k": [1]}})]
    assert [(r.line, r.record) for r in read_records(plain)] == expected
    assert [(r.line, r.record) for r in read_records(packed)] == expected
    assert list(read_records(table)) == [
        LocatedRecord(str(table), 1, {"id": "a", "text": "نص", "meta": {}}),
        LocatedRecord(str(table), 2, {"id": "b", "text": "x", "meta": {"k": [1]}}),
    ]


@pytest.mark.parametrize(
    ("data", "suffix", "code", "line"),
    [
        (b'{"a": 1}\n' + b"[" * 100_000 + b"]" * 100_000 + b"\n", ".jsonl", "E004", 2),
        (b'{"a": 1}\n{"t": "\\ud800"}\n', ".jsonl", "E005", 2),
        (b'{"a": 1}\n{"t": {"\\uDFFF": 1}}\n', ".jsonl", "E005", 2),
        (b'{"a": 1}\n{"a": 2}\n{"t": "\xc3\x28"}\n', ".jsonl", "E003", 3),
        ('{"a": 1}\n'.encode("utf-16"), ".jsonl", "E003", 1),
        (b'{"a": 1}\n[1]\n', ".jsonl", "E002", 2),
        (b"not gzip at all", ".jsonl.gz", "E006", 1),
        (b"PAR1 garbage PAR1", ".parquet", "E007", None),
    ],
)
def test_bad_input_is_a_numbered_error_naming_file_and_line(
    tmp_path: Path, data: bytes, suffix: str, code: str, line: int | None
) -> None:
    from khabar.io import read_records

    path = tmp_path / f"bad{suffix}"
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        list(read_records(path))
    assert (info.value.code, info.value.line, info.value.path) == (code, line, path)


def test_a_surrogate_pair_and_big_numbers_are_fine(tmp_path: Path) -> None:
    from khabar.io import read_records

    path = tmp_path / "ok.jsonl"
    path.write_bytes(b'{"t": "\\ud83d\\ude00", "n": 123456789012345678901234567890, "f": NaN}\n')
    [record] = [r.record for r in read_records(path)]
    assert record["t"] == "\U0001f600" and record["n"] == 123456789012345678901234567890


def test_integers_past_64_bits_stay_integers_without_a_nan_on_the_line(tmp_path: Path) -> None:
    # orjson parses them as floats: an id 123456789012345678901 became "1.2345678901234568e+20"
    from khabar.io import parse_json_line, read_records

    path = tmp_path / "big.jsonl"
    path.write_bytes(b'{"id": 123456789012345678901, "n": -9223372036854775809, "u": 18446744073709551616}\n')
    [record] = [r.record for r in read_records(path)]
    assert record == {"id": 123456789012345678901, "n": -9223372036854775809, "u": 18446744073709551616}
    assert parse_json_line('[18446744073709551617, 1.5]', None, None) == [18446744073709551617, 1.5]


def test_a_line_cut_inside_a_string_says_at_column_once(tmp_path: Path) -> None:
    from khabar.io import parse_json_line

    with pytest.raises(InputError) as info:
        parse_json_line(b'{"id": "a", "text": "cut\n', "f.jsonl", 3)
    assert info.value.code == "E001" and info.value.message == "not valid JSON (Invalid control character at column 25)"


def test_truncated_gzip_names_the_line_reached(tmp_path: Path) -> None:
    import os

    from khabar.io import read_records

    body = b"".join(b'{"id": "%d", "text": "%s"}\n' % (i, os.urandom(8).hex().encode()) for i in range(2000))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(gzip.compress(body)[:-5000])
    seen: list[int] = []
    with pytest.raises(InputError) as info:
        seen.extend(r.line for r in read_records(path))
    assert info.value.code == "E006" and info.value.line == len(seen) + 1 and 0 < len(seen) < 2000


def test_missing_and_folder_inputs(tmp_path: Path) -> None:
    from khabar.io import read_records

    for path in (tmp_path / "absent.jsonl", tmp_path):
        with pytest.raises(InputError) as info:
            list(read_records(path))
        assert info.value.code == "E011"


def test_refuse_overwrite(tmp_path: Path) -> None:
    from khabar.io import refuse_overwrite

    source = tmp_path / "in.jsonl"
    source.write_text("{}\n", encoding="utf-8")
    link = tmp_path / "link.jsonl"
    link.symlink_to(source)
    assert refuse_overwrite(tmp_path / "new" / "out.jsonl", [source]) == tmp_path / "new" / "out.jsonl"
    for out, code in ((source, "E010"), (link, "E010"), (tmp_path / "sub" / ".." / "in.jsonl", "E010"),
                      (tmp_path, "E008"), (source / "out.jsonl", "E009")):
        with pytest.raises(InputError) as info:
            refuse_overwrite(out, [source])
        assert (info.value.code, info.value.field) == (code, "--out")
    assert refuse_overwrite(tmp_path, folder=True) == tmp_path


def test_atomic_write_refuses_a_folder_and_an_unwritable_place(tmp_path: Path) -> None:
    from khabar.io import write_jsonl

    with pytest.raises(InputError) as info:
        write_jsonl(tmp_path, [{"a": 1}])
    assert info.value.code == "E008"
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(InputError) as info:
        write_jsonl(blocker / "out.jsonl", [{"a": 1}])
    assert info.value.code == "E009"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]  # nothing half-written


def test_read_json_file_refuses_deep_nesting_surrogates_and_bad_bytes(tmp_path: Path) -> None:
    from khabar.io import read_json_file

    codes = {"missing": ("E320", "missing"), "invalid": ("E321", "broken")}
    for data, code, line in ((b"[" * 100_000 + b"]" * 100_000, "E004", None), (b'{"a": "\\ud800"}', "E005", None),
                             (b'{\n"a":\n"\xff"}', "E003", 3)):
        path = tmp_path / "f.json"
        path.write_bytes(data)
        with pytest.raises(InputError) as info:
            read_json_file(path, **codes)
        assert (info.value.code, info.value.line) == (code, line)


def test_a_number_longer_than_python_reads_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    # The standard library refuses integers past 4,300 digits with a bare ValueError: it went up as a traceback.
    from khabar.io import read_json_file, read_records

    digits = "9" * 5000
    for line in (f'{{"id": "a", "n": {digits}}}', f'{{"id": "a", "n": {digits}, "n": 1}}'):
        path = tmp_path / "big.jsonl"
        path.write_text('{"id": "z"}\n' + line + "\n", encoding="utf-8")
        with pytest.raises(InputError) as info:
            list(read_records(path))
        assert (info.value.code, info.value.line) == ("E001", 2) and "more than 4300 digits" in info.value.message
    path = tmp_path / "f.json"
    path.write_text(f'{{"verbs": [], "n": {digits}}}', encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_json_file(path, missing=("E320", "missing"), invalid=("E321", "broken"))
    assert info.value.code == "E321" and "write it as a string" in info.value.message


def test_atomic_write_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o664)
    with atomic_write(target) as handle:
        handle.write("new")
    assert (stat.S_IMODE(target.stat().st_mode), target.read_text(encoding="utf-8")) == (0o664, "new")


@pytest.mark.parametrize("umask", [0o022, 0o077])
def test_atomic_write_gives_a_new_file_the_mode_the_umask_allows(tmp_path: Path, umask: int) -> None:
    # mkstemp's 0600 used to reach every output: other users of a shared project lost read access.
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o755)  # pytest's own folders are owner-only, where outputs stay owner-only (below)
    old = os.umask(umask)
    try:
        with atomic_write(shared / "new.jsonl") as handle:
            handle.write("x")
        assert new_file_mode(shared / "missing", folder=True) == 0o777 & ~umask
    finally:
        os.umask(old)
    assert stat.S_IMODE((shared / "new.jsonl").stat().st_mode) == 0o666 & ~umask


def test_private_files_stay_private_whatever_the_umask(tmp_path: Path) -> None:
    from khabar.doccano.server import _write_private

    old = os.umask(0o022)
    try:
        _write_private(tmp_path / "credentials.json", "{}")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "credentials.json").stat().st_mode) == 0o600


def test_a_new_file_in_an_owner_only_folder_is_owner_only(tmp_path: Path) -> None:
    # doccano's state folder is 0700 and the README promises 0600 for every file in it (the campaign record too).
    private = tmp_path / "state"
    private.mkdir(mode=0o700)
    private.chmod(0o700)
    old = os.umask(0o022)
    try:
        with atomic_write(private / "record.json") as handle:
            handle.write("{}")
    finally:
        os.umask(old)
    assert stat.S_IMODE((private / "record.json").stat().st_mode) == 0o600


def test_a_file_of_lines_ended_by_a_carriage_return_alone_says_so(tmp_path: Path) -> None:
    # A classic Mac file is one line to a JSON-lines reader: "Extra data at column 27" alone sent the user
    # looking for a broken record where there was none.
    from khabar.io import read_records

    path = tmp_path / "mac.jsonl"
    path.write_bytes(b'{"id": "a", "text": "x"}\r{"id": "b", "text": "y"}\r')
    with pytest.raises(InputError) as info:
        list(read_records(path))
    assert (info.value.code, info.value.line) == ("E001", 1)
    assert info.value.message == ("not valid JSON (Extra data at column 26): its lines end in a carriage return "
                                  "alone; convert them to \\n")
    # two records on one line with \r\n line ends elsewhere stay plain "Extra data"
    path.write_bytes(b'{"id": "a", "text": "x"}\r\n{"id": "b"} {"id": "c"}\r\n')
    with pytest.raises(InputError) as info:
        list(read_records(path))
    assert (info.value.line, info.value.message) == (2, "not valid JSON (Extra data at column 13)")


# --- readable_inputs: '-', FIFOs and <(...) ----------------------------------------------------------------------


def _fed_fifo(path: Path, data: bytes) -> None:
    import threading

    os.mkfifo(path)

    def write() -> None:
        with open(path, "wb") as handle:
            handle.write(data)

    threading.Thread(target=write, daemon=True).start()


def test_a_stream_is_what_exists_and_is_no_regular_file_or_folder(tmp_path: Path) -> None:
    from khabar.io import is_stream

    (tmp_path / "file.jsonl").write_text("{}\n", encoding="utf-8")
    os.mkfifo(tmp_path / "fifo")
    assert [is_stream(p) for p in ("-", tmp_path / "fifo", "/dev/null")] == [True, True, True]
    assert [is_stream(p) for p in (tmp_path / "file.jsonl", tmp_path, tmp_path / "missing")] == [False, False, False]


def test_a_stream_is_copied_once_owner_only_and_removed_after_an_interrupt(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    from khabar.io import read_records, readable_inputs

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    file = tmp_path / "given.jsonl"
    file.write_text('{"a": 1}\n', encoding="utf-8")
    _fed_fifo(tmp_path / "pipe", b'{"a": 1}\n\n{"a": 2}\n')
    with pytest.raises(KeyboardInterrupt), readable_inputs([file, tmp_path / "pipe"]) as inputs:
        given, copy = inputs.paths
        (private,) = (tmp_path / "tmp").iterdir()
        assert given == file and copy.is_relative_to(private) and copy.name == "pipe"
        assert stat.S_IMODE(private.stat().st_mode) == 0o700 and stat.S_IMODE(copy.stat().st_mode) == 0o600
        # read twice, whole both times: what a pipe read again would not give
        assert [r.record["a"] for r in read_records(copy)] == [r.record["a"] for r in read_records(copy)] == [1, 2]
        assert inputs.names == [str(file), str(tmp_path / "pipe")]
        raise KeyboardInterrupt  # Ctrl-C
    assert list((tmp_path / "tmp").iterdir()) == []


def test_an_error_leaving_the_block_names_the_stream_not_its_copy(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    from khabar.io import read_records, readable_inputs

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b'{"a": 1}\n{"a": [}\n')))
    with pytest.raises(InputError) as caught, readable_inputs(["-"]) as inputs:
        list(read_records(inputs.paths[0]))
    assert str(caught.value) == "[E001] <stdin>:2: not valid JSON (Expecting value at column 8)"
    assert caught.value.args == (str(caught.value),)


def test_standard_input_is_read_once_per_command() -> None:
    from khabar.io import readable_inputs

    with pytest.raises(InputError, match=r"E013.*given 2 times"), readable_inputs(["-", "a.jsonl", "-"]):
        pass


@pytest.mark.parametrize("other", ["/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"])
def test_standard_input_by_its_path_counts_as_standard_input(other: str) -> None:
    # `evaluate - /dev/stdin` read one pipe twice: the second copy came out empty, scored as predicting nothing.
    import subprocess
    import sys

    script = ("from khabar.io import readable_inputs\n"
              "from khabar.errors import InputError\n"
              "try:\n"
              f"    with readable_inputs(['-', {other!r}]): print('read')\n"
              "except InputError as error: print(error.code)\n")
    done = subprocess.run([sys.executable, "-c", script], input=b'{"id": "a"}\n', capture_output=True, check=True)
    assert done.stdout.decode().strip() == "E013"


@pytest.mark.parametrize(("head", "suffix"), [
    (b'\xef\xbb\xbf  {"text": "x"}', ".jsonl"), (b'\n[{"text": "x"}]', ".json"), (b"<DOC>\n", ".xml"),
    (b"PK\x03\x04....", ".zip"), ("قال الوزير".encode(), ".txt"), (b"id,text\n1,x\n", ".txt"),
])
def test_corpus_import_tells_a_streams_format_from_its_first_bytes(head: bytes, suffix: str) -> None:
    from khabar.io import article_suffix

    assert article_suffix(head) == suffix


def test_a_gzipped_stream_is_unpacked_for_corpus_import_and_kept_for_records(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from khabar.io import article_suffix, readable_inputs

    data = b'{"text": "x"}\n'
    _fed_fifo(tmp_path / "a", gzip.compress(data))
    with readable_inputs([tmp_path / "a"], suffix_for=article_suffix, gunzip=True) as inputs:
        assert inputs.paths[0].name == "a.jsonl" and inputs.paths[0].read_bytes() == data
    _fed_fifo(tmp_path / "b", gzip.compress(data))
    with readable_inputs([tmp_path / "b"]) as inputs:
        assert inputs.paths[0].name == "b.gz" and gzip.decompress(inputs.paths[0].read_bytes()) == data


def test_two_streams_of_one_name_are_two_copies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a/p.jsonl and b/p.jsonl were both copied to the private folder's p.jsonl: the second replaced the first, and
    # `evaluate a/p.jsonl b/p.jsonl` scored the predictions against themselves.
    import tempfile

    from khabar.io import readable_inputs

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    for folder, data in (("a", b'{"n": 1}\n'), ("b", b'{"n": 2}\n')):
        (tmp_path / folder).mkdir()
        _fed_fifo(tmp_path / folder / "p.jsonl", data)
    with readable_inputs([tmp_path / "a" / "p.jsonl", tmp_path / "b" / "p.jsonl"]) as inputs:
        assert [p.read_bytes() for p in inputs.paths] == [b'{"n": 1}\n', b'{"n": 2}\n']
        assert inputs.names == [str(tmp_path / "a" / "p.jsonl"), str(tmp_path / "b" / "p.jsonl")]
        assert [p.name for p in inputs.paths] == ["p.jsonl", "p.jsonl"]
    assert list((tmp_path / "tmp").iterdir()) == []


def test_a_streams_copy_sits_in_a_folder_named_as_the_streams(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The corpus readers name documents after a file's folder (saudinewsnet/2015-07-27.zip, ant/12.txt): the copy's
    # folder was the private one, whose random name went into the ids (khabar-input-udabcr56-2015-07-27-0000).
    import io
    import sys
    import tempfile

    from khabar.io import readable_inputs

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"text")))
    (tmp_path / "tmp").mkdir()
    (tmp_path / "saudinewsnet").mkdir()
    _fed_fifo(tmp_path / "saudinewsnet" / "2015-07-27.zip", b"PK\x03\x04")
    with readable_inputs([tmp_path / "saudinewsnet" / "2015-07-27.zip", "-"]) as inputs:
        assert inputs.paths[0].parent.name == "saudinewsnet" and inputs.paths[0].name == "2015-07-27.zip"
        assert "khabar-input" not in inputs.paths[1].parent.name


@pytest.mark.parametrize("stdin", ["terminal", "closed"])
def test_standard_input_with_nothing_piped_in_is_E014(stdin: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # `khabar stats -` typed at a prompt waited on the keyboard; with standard input closed (<&-) it was a traceback.
    import io
    import sys

    from khabar.io import readable_inputs

    class Terminal(io.TextIOWrapper):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdin", Terminal(io.BytesIO(b"")) if stdin == "terminal" else None)
    with pytest.raises(InputError) as info, readable_inputs(["-"]):
        pass
    assert (info.value.code, str(info.value.path)) == ("E014", "<stdin>")
    assert ("a terminal" if stdin == "terminal" else "closed") in info.value.message


def test_a_stream_that_cannot_be_copied_says_where_the_copy_was_to_go(tmp_path: Path) -> None:
    # A full TMPDIR said "cannot read the file (No space left on device)": the stream was readable, the copy not.
    # A limit on the size of a file the process writes (EFBIG) stands in for the full disk, in a process of its own.
    import subprocess
    import sys

    script = (
        "import resource, signal, sys\n"
        "from khabar.errors import InputError\n"
        "from khabar.io import readable_inputs\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (1000, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))\n"
        "try:\n"
        "    with readable_inputs(['-']):\n"
        "        pass\n"
        "except InputError as error:\n"
        "    print(error.code, error.path, error.message, sep='|')\n"
    )
    env = {**os.environ, "TMPDIR": str(tmp_path), "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    done = subprocess.run([sys.executable, "-c", script], input=b'{"a": 1}\n' * 1000, capture_output=True,
                          env=env, timeout=60, check=True)
    code, path, message = done.stdout.decode().strip().split("|")
    assert (code, path) == ("E012", "<stdin>")
    assert message.startswith(f"cannot copy it to a temporary file in {tmp_path} (File too large)")
    assert "TMPDIR" in message and "khabar-input" not in message
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("kind", ["dash", "fifo", "device"])
def test_an_output_that_is_no_file_is_refused(kind: str, tmp_path: Path) -> None:
    # atomic_write renames its temporary file onto the output: `-o /dev/stdout` (a link to /proc/self/fd/1) made
    # /dev/stdout a regular file, `-o /dev/null` would replace /dev/null, and `-o -` wrote a file named '-'.
    from khabar.io import atomic_write, refuse_overwrite

    if kind == "dash":
        out = Path("-")
    elif kind == "fifo":
        out = tmp_path / "fifo"
        os.mkfifo(out)
    else:  # a link to a device, as /dev/stdout is; the link is in tmp_path, so a failure replaces the link only
        out = tmp_path / "stdout"
        out.symlink_to("/dev/null")
    with pytest.raises(InputError) as info:
        refuse_overwrite(out)
    assert info.value.code == "E009" and "not a file" in info.value.message
    with pytest.raises(InputError) as info, atomic_write(out) as handle:
        handle.write("x")
    assert info.value.code == "E009"
    assert kind == "dash" or out.is_symlink() or out.is_fifo()
    assert sorted(p.name for p in tmp_path.iterdir()) == ([] if kind == "dash" else [out.name])


# --- keys given twice ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "field", "key"),
    [
        ('{"id": "a", "text": "x", "id": "b"}', "id", "id"),
        ('{"id": "a", "text": "نص", "entities": [{"start": 0, "end": 1, "label": "PERS"}, '
         '{"start": 0, "end": 2, "start": 1, "label": "LOC"}]}', "entities[1].start", "start"),
        ('{"id": "a", "text": "قال: نعم", "quotes": [{"content": {"start": 5, "end": 8, "end": 7}}]}', "quotes[0].content.end", "end"),
        ('{"id" : "a", "text" : "x", "id" : "b"}', "id", "id"),  # white space before the colons
        ('{"text": "\\u003a", "id": "a", "id": "b"}', "id", "id"),  # a colon written escaped: the counts meet
        ('{"id": "a", "text": "x", "meta": {"n": 1, "n": 123456789012345678901}}', "meta.n", "n"),  # read again by json
        ('{"id": "a", "text": "x", "score": NaN, "id": "b"}', "id", "id"),  # orjson refuses NaN: json reads it
    ],
)
def test_a_key_given_twice_is_e015_naming_line_field_and_key(tmp_path: Path, line: str, field: str, key: str) -> None:
    # every JSON parser keeps the last value: {"id": "a", ..., "id": "b"} was document b, and a lost without a word
    from khabar.io import read_records

    path = tmp_path / "gold.jsonl"
    path.write_text('{"id": "ok", "text": "y: z"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        list(read_records(path))
    error = info.value
    assert (error.code, error.path, error.line, error.field) == ("E015", path, 2, field)
    assert error.message == f"the key {key!r} appears twice in one object: JSON keeps only the last value, silently; remove one"


def test_a_key_holding_a_colon_is_counted_as_written() -> None:
    # a top-level key's own colon was not counted: every such line was taken for one that may repeat a key
    from khabar.io import may_repeat_a_key

    for raw in ('{"a:b": 1, "c": "d:e"}', '{"a:b": {"x:y": [1, ":"]}}'):
        value = json.loads(raw)
        assert may_repeat_a_key(raw, value) is False
        assert may_repeat_a_key(raw.encode(), value) is False
    assert may_repeat_a_key('{"a:b": 1, "a:b": 2}', {"a:b": 2}) is True
    assert may_repeat_a_key('{"a:b": 1, "c": 3, "a:b": 2}', {"a:b": 2, "c": 3}) is True


@pytest.mark.parametrize(
    ("text", "field", "key", "line"),
    [
        ('{\n "verbs": [\n  {"perfect": "قال",\n   "imperfect": "يقول",\n   "perfect": "ذكر"}\n ]\n}',
         "verbs[0].perfect", "perfect", 5),
        ('{"a": 1,\n "b": {"c": 2},\n "a"\n\n   :\n 3}', "a", "a", 3),  # the key's line, not its colon's
        ('[{"k:": "v:"},\n {"k:": 1, "k:": 2}]', "[1].k:", "k:", 2),
        ('{"x": {"y": 1},\n "x": {"y": 2, "y": 3}}', "x", "x", 2),  # the outer object comes first in the text
        ('{"a": "\\u003a", "b": 1,\n"b": 2}', "b", "b", 2),  # an escaped colon
    ],
)
def test_read_json_file_refuses_a_key_given_twice_naming_field_and_line(
    tmp_path: Path, text: str, field: str, key: str, line: int
) -> None:
    # a quote lexicon or cue list giving a key twice lost the first value without a word
    from khabar.io import read_json_file

    path = tmp_path / "lexicon.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_json_file(path, missing=("E415", "missing"), invalid=("E405", "invalid"))
    error = info.value
    assert (error.code, error.path, error.line, error.field) == ("E015", path, line, field)
    assert error.message == f"the key {key!r} appears twice in one object: JSON keeps only the last value, silently; remove one"
    # without the key given again (the last of its values kept), the file reads as the standard library reads it
    fixed = json.dumps(json.loads(text), ensure_ascii=False, indent=1)
    path.write_text(fixed, encoding="utf-8")
    assert read_json_file(path, missing=("E415", "missing"), invalid=("E405", "invalid")) == json.loads(fixed)


def test_read_records_listing_repeats_yields_e015_in_place_and_reads_on(tmp_path: Path) -> None:
    # gold validate lists every problem: reading must go on past a key given twice
    from khabar.io import LocatedRecord, RepeatedKeyRecord, read_records, read_records_listing_repeats

    path = tmp_path / "gold.jsonl"
    path.write_text('{"id": "a"}\n{"id": "b", "n": 1, "n": 2}\n\n{"id": "c"}\n', encoding="utf-8")
    items = list(read_records_listing_repeats(path))
    assert items[0] == LocatedRecord(str(path), 1, {"id": "a"})
    assert isinstance(items[1], RepeatedKeyRecord)
    assert (items[1].path, items[1].line, items[1].record) == (str(path), 2, {"id": "b", "n": 2})
    assert (items[1].error.code, items[1].error.line, items[1].error.field) == ("E015", 2, "n")
    assert items[2] == LocatedRecord(str(path), 4, {"id": "c"})
    with pytest.raises(InputError) as info:
        list(read_records(path))
    assert (info.value.code, info.value.line) == ("E015", 2)
    not_an_object = tmp_path / "list.jsonl"
    not_an_object.write_text('[{"n": 1, "n": 2}]\n', encoding="utf-8")
    with pytest.raises(InputError) as info:  # a line that is no object cannot be read whatever its keys
        list(read_records_listing_repeats(not_an_object))
    assert info.value.code == "E015"


def test_a_key_given_twice_in_a_parquet_meta_is_named_from_the_record(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from khabar.io import read_records

    path = tmp_path / "corpus.parquet"
    pq.write_table(pa.table({"id": ["a", "b"], "meta": ['{}', '{"k": {"x": 1, "x": 2}}']}), path)
    with pytest.raises(InputError) as info:
        list(read_records(path))
    assert (info.value.code, info.value.line, info.value.field) == ("E015", 2, "meta.k.x")


def test_the_shared_gold_and_a_real_corpus_day_read_as_the_standard_library_reads_them(
    dev_gold_path: Path, jawharafm_gold_path: Path, saudinewsnet_dir: Path, tmp_path: Path
) -> None:
    import zipfile

    from khabar.io import read_records

    with zipfile.ZipFile(saudinewsnet_dir / "2015-07-21.zip") as archive:
        articles = json.loads(archive.read(archive.namelist()[0]))
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
    for path in (dev_gold_path, jawharafm_gold_path, corpus):
        expected = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        assert [r.record for r in read_records(path)] == expected


class _Pairs(list):  # type: ignore[type-arg]
    """A JSON object as the text gives it: its (key, value) pairs, a key perhaps twice."""


def _json_trees():  # noqa: ANN202 - a hypothesis strategy
    from hypothesis import strategies as st

    strings = st.text(alphabet=["a", ":", '"', "\\", " ", "ب", "\n", "u"], max_size=5)
    keys = st.sampled_from(["a", "id", "k:", 'q"', "start"])
    leaves = st.one_of(st.integers(-3, 3), strings, st.none())
    values = st.recursive(leaves, lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.lists(st.tuples(keys, inner), max_size=4).map(_Pairs)), max_leaves=12)
    return st.lists(st.tuples(keys, values), max_size=5).map(_Pairs)


def _written(value: object, *, spaced: bool, escaped: bool, ascii_only: bool) -> str:
    """``value`` as JSON text: white space around colons or none, colons in strings escaped (\\u003a) or not."""
    def string(s: str) -> str:
        text = json.dumps(s, ensure_ascii=ascii_only)
        return text.replace(":", "\\u003a") if escaped else text
    colon = " : " if spaced else ":"
    if isinstance(value, _Pairs):
        return "{" + ",".join(string(k) + colon + _written(v, spaced=spaced, escaped=escaped, ascii_only=ascii_only)
                              for k, v in value) + "}"
    if isinstance(value, list):
        return "[" + ",".join(_written(v, spaced=spaced, escaped=escaped, ascii_only=ascii_only) for v in value) + "]"
    return string(value) if isinstance(value, str) else json.dumps(value)


def _repeats(value: object) -> bool:
    if isinstance(value, _Pairs):
        keys = [k for k, _ in value]
        return len(set(keys)) < len(keys) or any(_repeats(v) for _, v in value)
    return isinstance(value, list) and any(_repeats(v) for v in value)


def test_every_key_given_twice_is_found_however_written_and_no_other_line_is_refused() -> None:
    # the cheap count that spares most lines a second parse must never let a repeated key through
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from khabar.io import parse_json_line

    @settings(max_examples=300, deadline=None, database=None)
    @given(tree=_json_trees(), spaced=st.booleans(), escaped=st.booleans(), ascii_only=st.booleans())
    def check(tree: _Pairs, spaced: bool, escaped: bool, ascii_only: bool) -> None:
        text = _written(tree, spaced=spaced, escaped=escaped, ascii_only=ascii_only)
        for raw in (text, text.encode("utf-8")):
            if _repeats(tree):
                with pytest.raises(InputError) as info:
                    parse_json_line(raw, "f.jsonl", 4)
                assert (info.value.code, info.value.line) == ("E015", 4)
                assert info.value.field.endswith(info.value.message.split("'")[1])  # the field ends in the key
            else:
                assert parse_json_line(raw, "f.jsonl", 4) == json.loads(text)

    check()


def test_read_json_file_nested_near_the_recursion_limit_is_read_or_e004_never_a_traceback(tmp_path: Path) -> None:
    # A file json.loads read at a depth the key check's second parse (a Python hook at each object) could not was
    # a RecursionError traceback (`extract quotes --lexicon` of a lexicon 964-967 levels deep).
    import sys

    from khabar.io import read_json_file

    codes = {"missing": ("E415", "missing"), "invalid": ("E405", "invalid")}
    path = tmp_path / "lexicon.json"
    outcomes = set()
    limit = sys.getrecursionlimit()
    for depth in range(limit - 200, limit + 10):
        # the escaped colon makes the colon count doubt, so the key check parses the file again
        path.write_text('{"x": ' + "[" * depth + '{"a\\u003a": 1}' + "]" * depth + "}", encoding="utf-8")
        try:
            read_json_file(path, **codes)
            outcomes.add("read")
        except InputError as error:
            outcomes.add(error.code)
    assert outcomes == {"read", "E004"}
