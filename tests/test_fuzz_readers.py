"""Any bytes into a reader give either records or a numbered KhabarError, never another exception.

Hypothesis builds the inputs from the pieces that broke khabar's readers
(issue 18): JSON nested 100,000 deep, lone surrogate escapes, invalid UTF-8
mid-file, UTF-16 and binary bytes, damaged gzip and Parquet files, beside
valid records, so that every reader meets them at any line.
"""

from __future__ import annotations

import gzip
import io
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from khabar.corpus.readers import read_source
from khabar.errors import KhabarError
from khabar.gold.conll import read_conll
from khabar.gold.io import read_documents
from khabar.gold.validate import validate_file
from khabar.io import read_records
from khabar.stats.blocks import plan_blocks, summarise_block

GOOD = b'{"id": "d1", "text": "\xd9\x82\xd8\xa7\xd9\x84 \xd8\xa7\xd9\x84\xd9\x88\xd8\xb2\xd9\x8a\xd8\xb1", "entities": [{"start": 0, "end": 3, "label": "PERS"}]}'
PIECES = [
    GOOD,
    b'{"id": "d2", "text": "abc", "quotes": [{"content": {"start": 0, "end": 3}, "type": "direct"}]}',
    b'{"a":' + b"[" * 100_000 + b"]" * 100_000 + b"}",  # RecursionError in the standard library
    b'{"id": "d3", "text": "\\ud800"}',  # a lone surrogate escape
    b'{"id": "d4", "text": "ok", "meta": {"\\udfff": 1}}',
    b'{"id": "d5", "text": "\xff\xfe bad bytes"}',  # invalid UTF-8 mid-file
    '{"id": "d6", "text": "utf16"}'.encode("utf-16"),
    b"\x00\x01\x02\x03binary\x00",
    b"[1, 2, 3]",
    b'{"id": 7.5, "text": ["not", "a", "string"]}',
    b'{"id": "d8", "text": "x", "entities": [{"start": -4, "end": 99, "label": 3}]}',
    b'{"id": "d9", "text": "x", "entities": "none", "quotes": [{"content": null}]}',
    b'{"id": "d10", "text": "x", "meta": [1]}',
    b'{"id": "d11", "text": "xyz", "entities": [{"start": 2, "end": 1, "label": "LOC"}]}',
    b'{"id": 1e400, "text": NaN}',
    b'{"id": "d12", "text": "big", "n": 123456789012345678901234567890}',
    b"{not json",
    b"",
    "تونس B-LOC".encode(),
    b"word O",
]

lines = st.lists(st.one_of(st.sampled_from(PIECES), st.binary(max_size=40)), min_size=0, max_size=6)
# No example database: the inputs are built from PIECES every run, and nothing is written into the repository.
fuzz = settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


#: The folders of this module's inputs (hypothesis cannot use the per-test tmp_path), removed when it ends.
_FOLDERS: list[Path] = []


@pytest.fixture(scope="module", autouse=True)
def _remove_inputs() -> Iterator[None]:
    yield
    for folder in _FOLDERS:
        shutil.rmtree(folder, ignore_errors=True)


def _file(data: bytes, suffix: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="khabar-fuzz-"))
    _FOLDERS.append(folder)
    path = folder / f"input{suffix}"
    path.write_bytes(data)
    return path


def _drain(items: Iterable[object]) -> int:
    return sum(1 for _ in items)


def _only_khabar_errors(read: Callable[[], object]) -> None:
    try:
        read()
    except KhabarError as exc:
        assert exc.code.startswith("E") and str(exc).startswith(f"[{exc.code}]")


def _mangle(data: bytes, cut: int, flip: int) -> bytes:
    """``data`` cut short at ``cut`` (when below its length) with the byte at ``flip`` inverted."""
    data = bytearray(data[:cut] if 0 < cut < len(data) else data)
    if data and flip:
        data[flip % len(data)] ^= 0xFF
    return bytes(data)


@fuzz
@given(lines)
def test_json_lines_readers_raise_only_numbered_errors(chunks: list[bytes]) -> None:
    path = _file(b"\n".join(chunks) + b"\n", ".jsonl")
    _only_khabar_errors(lambda: _drain(read_records(path)))
    _only_khabar_errors(lambda: _drain(read_documents(path)))
    _only_khabar_errors(lambda: _drain(validate_file(path)))
    _only_khabar_errors(lambda: [summarise_block(b) for b in plan_blocks([path])])
    # The corpus importer's readers report bad input as problems: nothing may escape them.
    _drain(read_source(path))
    _drain(read_source(_file(b"[" + b",".join(chunks) + b"]", ".json")))


@fuzz
@given(lines, st.integers(min_value=0, max_value=4000), st.integers(min_value=0, max_value=4000))
def test_gzip_readers_raise_only_numbered_errors(chunks: list[bytes], cut: int, flip: int) -> None:
    path = _file(_mangle(gzip.compress(b"\n".join(chunks) + b"\n"), cut, flip), ".jsonl.gz")
    _only_khabar_errors(lambda: _drain(read_records(path)))
    _only_khabar_errors(lambda: _drain(validate_file(path)))
    _only_khabar_errors(lambda: [summarise_block(b) for b in plan_blocks([path])])
    _drain(read_source(path))


def _parquet_bytes(rows: int) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"id": [f"p{i}" for i in range(rows)], "text": ["نص"] * rows, "meta": ['{"k": 1}'] * rows})
    sink = io.BytesIO()
    pq.write_table(table, sink, row_group_size=2)
    return sink.getvalue()


@fuzz
@given(st.integers(min_value=1, max_value=5), st.integers(min_value=0, max_value=3000),
       st.integers(min_value=0, max_value=3000), st.binary(max_size=64))
def test_parquet_readers_raise_only_numbered_errors(rows: int, cut: int, flip: int, garbage: bytes) -> None:
    for data in (_mangle(_parquet_bytes(rows), cut, flip), garbage, b"PAR1" + garbage + b"PAR1"):
        path = _file(data, ".parquet")
        _only_khabar_errors(lambda: _drain(read_records(path)))
        _only_khabar_errors(lambda: _drain(read_documents(path)))
        _only_khabar_errors(lambda: [summarise_block(b) for b in plan_blocks([path])])


@fuzz
@given(lines)
def test_conll_reader_raises_only_numbered_errors(chunks: list[bytes]) -> None:
    path = _file(b"\n".join(chunks) + b"\n", ".txt")
    _only_khabar_errors(lambda: _drain(read_conll(path)))


@pytest.mark.parametrize(
    ("data", "suffix", "code", "line"),
    [
        (GOOD + b"\n" + PIECES[2] + b"\n", ".jsonl", "E004", 2),
        (GOOD + b"\n" + PIECES[3] + b"\n", ".jsonl", "E005", 2),
        (GOOD + b"\n" + GOOD + b"\n" + PIECES[5] + b"\n", ".jsonl", "E003", 3),
        (b"\x1f\x8b\x08\x00garbage", ".jsonl.gz", "E006", 1),
        (b"PAR1 not really PAR1", ".parquet", "E007", None),
    ],
)
def test_each_bad_input_has_its_code_and_line(data: bytes, suffix: str, code: str, line: int | None) -> None:
    path = _file(data, suffix)
    for read in (read_records, read_documents):
        with pytest.raises(KhabarError) as info:
            _drain(read(path))
        assert (info.value.code, info.value.line, info.value.path) == (code, line, path)
