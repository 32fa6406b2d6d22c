"""khabar.stats.columnar: the Arrow fast path counts exactly what the record-by-record path counts."""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from khabar.errors import InputError
from khabar.io import dumps
from khabar.stats import Summary, build_report, compute_stats, plan_blocks, summarise_block
from khabar.stats.blocks import _count_lines
from khabar.stats.columnar import _add_to_sketch, _patterns, count_table, read_columns
from khabar.stats.summary import _new_hll, _symbol_search, union_vocabularies
from khabar.text import camel_symbols

ALL_CHARACTERS = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]


def _both_paths(data: bytes) -> tuple[dict, dict]:
    """The report of ``data`` counted by the Arrow path and by the exact path."""
    fast, exact = Summary(), Summary()
    table = read_columns(data)
    assert table is not None, "the Arrow path refused plain records"
    count_table(fast, table)
    _count_lines(exact, data, 0, "<test>")
    return build_report(fast.seal()), build_report(exact.seal())


@pytest.fixture(scope="module")
def saudinewsnet_lines(saudinewsnet_dir: Path) -> bytes:
    lines = []
    with zipfile.ZipFile(saudinewsnet_dir / "2015-07-21.zip") as archive:
        for name in archive.namelist():
            for i, raw in enumerate(json.loads(archive.read(name))):
                record = {"id": f"{name}-{i}", "text": raw.get("content") or "", "source": raw.get("source"),
                          "date": raw.get("date_extracted")}
                lines.append(dumps(record))
    return ("\n".join(lines) + "\n").encode()


def test_arrow_path_equals_record_path_on_saudinewsnet(saudinewsnet_lines: bytes) -> None:
    fast, exact = _both_paths(saudinewsnet_lines)
    assert fast["tokens"] > 500_000 and fast["types"] > 50_000
    assert fast == exact


def test_arrow_path_and_record_path_count_the_words_types_per_1000_tokens_come_from(saudinewsnet_lines: bytes) -> None:
    # Each source's figure needs how often each word occurs, not only which words occur: both paths keep counts.
    fast, exact = _both_paths(saudinewsnet_lines)
    figures = {name: row["types_per_1000_tokens"] for name, row in fast["by_source"].items()}
    assert figures == {name: row["types_per_1000_tokens"] for name, row in exact["by_source"].items()}
    assert len(figures) > 5 and all(600 < value < 800 for value in figures.values())


def test_arrow_path_equals_record_path_on_awkward_records() -> None:
    records = [
        {"text": "  نص  بمسافات\u00a0 في\tطرفيه \n", "source": "", "meta": {"source": "من الميتا", "date": "2015-07-21"}},
        {"text": "   ", "source": "s"},  # white space alone: no token, one article
        {"text": "", "date": "٢٠١٥-٠٧-٠١"},  # Arabic-Indic digits: month_of reads them as Python does
        {"text": "قال:«نعم»! 👍🏽 hello,world 😀😀 𝐀𝐁. و(هو)", "source": "s", "date": "2016-01-02T10:00"},
        {"text": "ﯓ ﴐ … ⅋x", "extra": {"nested": [1, 2]}, "meta": {"other": 1}},
        {"text": "a\u200fb. «c»", "source": None, "meta": None},
    ]
    data = "".join(dumps(r) + "\n" for r in records).encode()
    fast, exact = _both_paths(data)
    assert fast == exact
    assert fast["articles"] == 6 and fast["by_source"]["من الميتا"]["tokens"] == 4


@pytest.mark.parametrize(
    "line",
    [
        '{"text": 5}',  # the exact path names the field
        '{"text": "a", "source": 5}',  # a number where a string is expected: the exact path reads it as no source
        '{"text": "a", "meta": "x"}',
        '{"text": "a", "text": "b"}',  # a repeated key: Python keeps the last
        '{"text": "a\\ud800"}',  # a lone surrogate
        "[1, 2]",
        '{"text": "a", "entities": []}',  # annotations are validated record by record
    ],
)
def test_records_arrow_cannot_take_go_the_exact_way(line: str) -> None:
    assert read_columns((line + "\n").encode()) is None


def test_a_bad_record_in_a_big_partition_is_named_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    lines = [dumps({"text": f"نص رقم {i}"}) for i in range(500)]
    lines[321] = '{"id": "x", "text": null}'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        summarise_block(plan_blocks([path])[0])
    assert (caught.value.code, caught.value.line, caught.value.field) == ("E702", 322, "text")


def test_arrow_white_space_is_python_white_space() -> None:
    # What the fast path relies on: utf8_split_whitespace splits where str.split() does, for every
    # character; only the empty pieces at the ends differ, and they count as no token.
    texts = [f"{c}a{c}{c}b{c}" for c in ALL_CHARACTERS]
    pieces = pc.utf8_split_whitespace(pa.array(texts)).to_pylist()
    assert [[p for p in split if p] for split in pieces] == [t.split() for t in texts]


def test_re2_symbols_are_the_tokeniser_symbols() -> None:
    # Outside the tokeniser's slow path, RE2's punctuation and symbol classes are exactly its split points.
    symbols, slow = _patterns()
    _, _, needs_slow, splitter, _ = camel_symbols()
    arrow_symbol = pc.match_substring_regex(pa.array(ALL_CHARACTERS), symbols).to_pylist()
    arrow_slow = pc.match_substring_regex(pa.array(ALL_CHARACTERS), slow).to_pylist()
    assert arrow_slow == [bool(needs_slow.search(c)) for c in ALL_CHARACTERS]
    differing = [hex(ord(c)) for c, a in zip(ALL_CHARACTERS, arrow_symbol) if not needs_slow.search(c)
                 and a != bool(splitter.search(c))]
    assert differing == []
    # and every character the tokeniser splits at is outside utf8_is_alnum (the pre-filter)
    alnum = pc.utf8_is_alnum(pa.array(ALL_CHARACTERS)).to_pylist()
    search = _symbol_search()
    assert [hex(ord(c)) for c, a in zip(ALL_CHARACTERS, alnum) if a and search(c) and not needs_slow.search(c)] == []


def test_vectorised_sketch_update_equals_datasketch() -> None:
    keys = np.random.default_rng(7).integers(0, 2**64 - 1, 50_000, dtype=np.uint64, endpoint=True)
    keys[:4] = [0, 1, 2**14, 2**64 - 1]
    one_by_one, at_once = _new_hll(), _new_hll()
    for key in keys.tolist():
        one_by_one.update(key)
    _add_to_sketch(at_once, keys)
    assert np.array_equal(one_by_one.reg, at_once.reg)
    assert at_once.count() == pytest.approx(50_000, rel=0.03)


def test_union_of_vocabularies_keeps_the_first_in_place() -> None:
    first, second = pa.array(["ب", "أ"]), pa.array(["ج", "ب"])
    union, (stay, moved) = union_vocabularies([first, second])
    assert union.to_pylist() == ["ب", "أ", "ج"] and stay is None and moved.tolist() == [2, 0]
    assert union_vocabularies([None, first])[0] is first


def test_report_is_the_same_whatever_the_merge_order(tmp_path: Path, saudinewsnet_lines: bytes) -> None:
    path = tmp_path / "corpus.jsonl"
    path.write_bytes(saudinewsnet_lines)
    blocks = plan_blocks([path], 2**20)
    assert len(blocks) > 3
    forward = Summary.merge_all([summarise_block(b) for b in blocks])
    backward = Summary.merge_all([summarise_block(b) for b in reversed(blocks)])
    whole = compute_stats(path, scheduler="synchronous", blocksize=2**30)
    assert whole.pop("partitions") == 1
    assert build_report(forward) == build_report(backward) == whole
