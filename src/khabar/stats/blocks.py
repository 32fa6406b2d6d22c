"""Partitions of a corpus file that a worker reads by itself, and the per-partition map step.

A JSON-lines file is cut into byte ranges; a line belongs to the range where
its first byte lies (as Hadoop splits text files), so each worker seeks to its
own range and the driver never reads the corpus. A Parquet file is cut at its
row groups; a gzipped file cannot be entered in the middle and is one
partition. Line numbers for error messages are worked out only when there is
an error: counting the newlines before every range would mean reading the
whole file in the driver.

A JSON-lines partition is read in one piece and counted column-wise in Arrow
(:mod:`khabar.stats.columnar`); when Arrow cannot take its records as plain
strings, the same bytes are counted record by record, which names the line and
field of a bad one.

Written here rather than with ``dask.bag.read_text``, which splits files the
same way: a bag hands lines to Python one element at a time through its own
machinery and forgets where each line was, while a partition here is one
plain loop that can name the file and line of a bad record.
"""

from __future__ import annotations

import codecs
import functools
import io
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import Any

import orjson

from ..errors import InputError
from ..gold.model import Document
from ..io import (
    STDIN,
    STDIN_NAME,
    may_repeat_a_key,
    parquet_row_groups,
    parse_json_object,
    read_parquet_records,
    read_records,
    require_file,
)
from .columnar import count_table, read_columns
from .summary import Summary

__all__ = ["Block", "DEFAULT_BLOCKSIZE", "add_record", "plan_blocks", "refuse_counted_twice", "summarise_block"]

#: Bytes per partition. A worker needs several times a partition's size while counting it
#: (the bytes, Arrow's columns, the chunks and their codes), so this sets its peak memory;
#: the speed per partition is the same from 8 MB up (benchmarks/stats.py), so it is kept small.
DEFAULT_BLOCKSIZE = 16 * 2**20


@dataclass(frozen=True, slots=True)
class Block:
    """One partition: bytes ``[start, end)`` of a JSON-lines file, or row group ``start`` of a Parquet file."""

    path: str
    start: int
    end: int
    kind: str = "jsonl"  # "jsonl", "gzip" or "parquet"


def plan_blocks(
    paths: list[str | PathLike[str]], blocksize: int = DEFAULT_BLOCKSIZE, *, multiple_of: int = 1
) -> list[Block]:
    """The partitions of ``paths``, in file order, from file metadata alone.

    A JSON-lines file is cut into equal ranges of at most ``blocksize`` bytes, as
    many as a multiple of ``multiple_of`` (the number of workers) unless the file fits
    in one: no small last range, and no worker left with one partition more than the others.
    """
    blocks: list[Block] = []
    for raw in paths:
        require_file(raw, "E701")
    for raw in paths:
        path = Path(raw)
        name = str(path)
        if name.endswith(".parquet"):
            groups = parquet_row_groups(name)
            blocks.extend(Block(name, i, i + 1, "parquet") for i in range(groups))
        elif name.endswith(".gz"):
            blocks.append(Block(name, 0, path.stat().st_size, "gzip"))
        else:
            size = path.stat().st_size
            count = -(-size // blocksize)  # ceiling
            if count > 1:  # a file that fits in one block stays whole
                count += -count % max(1, multiple_of)
            count = min(count, size)  # at least one byte each
            edges = [size * i // count for i in range(count + 1)] if count else []
            blocks.extend(Block(name, start, end) for start, end in zip(edges, edges[1:]) if end > start)
    return blocks


def refuse_counted_twice(paths: Sequence[str | PathLike[str]]) -> None:
    """E705 when two of ``paths`` are one file, whose records would be counted twice: named twice (``g.jsonl
    ./g.jsonl``, or a link to it), or named and redirected to standard input, ``-`` (``stats g.jsonl - < g.jsonl``).

    Both are named as given (``./g.jsonl``, ``<stdin>``), not as a path prints them (``g.jsonl``): the user must
    see which two arguments they are. Anything but a regular file (a pipe, a folder, a missing path) is passed
    over: what is wrong with it is said when it is read. :func:`~khabar.stats.run.compute_summary` (so
    :func:`~khabar.stats.run.compute_stats` and ``khabar stats``) calls it on the inputs as given, before ``-`` is
    copied; :func:`plan_blocks` is given the copies, and does not.
    """
    seen: list[tuple[str, os.stat_result]] = []
    stdin_seen = False
    for path in paths:
        if str(path) == STDIN:
            if stdin_seen:  # `-` given twice is E013, said by readable_inputs whatever stdin is
                continue
            stdin_seen = True
        name = STDIN_NAME if str(path) == STDIN else os.fspath(path)
        try:
            status = os.fstat(0) if str(path) == STDIN else os.stat(path)
        except (OSError, ValueError):
            continue
        if not stat.S_ISREG(status.st_mode):
            continue
        for earlier, earlier_status in seen:
            if os.path.samestat(earlier_status, status):
                raise InputError("E705", other=earlier, given=name, path=name)
        seen.append((name, status))


def summarise_block(block: Block) -> Summary:
    """The map step: read one partition and count it. Pure and picklable, so it runs on any worker."""
    summary = Summary()
    if block.kind == "parquet":
        for line, record in _parquet_records(block):
            add_record(summary, record, block.path, line)
        return summary.seal()
    if block.kind == "gzip":
        for _, number, record in read_records(block.path):
            add_record(summary, record, block.path, number)
        return summary.seal()
    _prefer_jemalloc()
    data, offset = _block_bytes(block)
    table = read_columns(data)
    if table is None:
        _count_lines(summary, data, offset, block.path)
    else:
        del data  # the table holds the texts now
        count_table(summary, table)
    return summary.seal()


@functools.cache
def _prefer_jemalloc() -> None:
    """Make Arrow allocate with jemalloc, where the wheel has it: it hands freed memory back to the system.

    With Arrow's default (mimalloc) a worker's resident memory after a 32 MB partition
    stays some 120 MB higher, which is what the peak-memory target is about.
    """
    import pyarrow as pa

    try:
        pa.set_memory_pool(pa.jemalloc_memory_pool())
    except NotImplementedError:  # a build without jemalloc keeps its default
        pass


def _block_bytes(block: Block) -> tuple[bytes, int]:
    """The whole lines of a JSON-lines partition, and the file offset where they start.

    A line belongs to the range where its first byte lies: the line running over
    the start belongs to the previous range, the one running over the end to this one.
    """
    with open(block.path, "rb") as handle:
        start = block.start
        if start > 0:
            handle.seek(start - 1)
            start += len(handle.readline()) - 1
        elif handle.read(len(codecs.BOM_UTF8)) == codecs.BOM_UTF8:  # as read_records: a BOM opening the file is skipped
            start = len(codecs.BOM_UTF8)
        if start >= block.end:
            return b"", start
        handle.seek(start)
        data = handle.read(block.end - start)
        if data and not data.endswith(b"\n"):
            data += handle.readline()
    return data, start


def _count_lines(summary: Summary, data: bytes, offset: int, path: str) -> None:
    """The exact path: count record by record, naming the file, line and field of a bad one."""
    position = offset
    for raw in io.BytesIO(data):  # lines end at b'\n' only, as JSON lines do
        line_start = position
        position += len(raw)
        if not raw.strip():
            continue
        try:
            # orjson parses the bytes in one step, several times faster than decode + json.loads;
            # anything it refuses (or that is not an object, or may give a key twice) takes the slow path to be named.
            record = orjson.loads(raw)
        except orjson.JSONDecodeError:
            record = None
        if isinstance(record, dict) and not may_repeat_a_key(raw, record):
            try:
                add_record(summary, record, path, None)
            except InputError as exc:
                if exc.line is None:
                    exc.line = _line_number(path, line_start)
                raise
            continue
        line = _line_number(path, line_start)
        add_record(summary, parse_json_object(raw, path, line), path, line)


def _line_number(path: str, offset: int) -> int:
    """The 1-based number of the line starting at byte ``offset``: read only on the error path."""
    count = 1
    with open(path, "rb") as handle:
        remaining = offset
        while remaining > 0:
            chunk = handle.read(min(remaining, 2**20))
            if not chunk:
                break
            count += chunk.count(b"\n")
            remaining -= len(chunk)
    return count


def add_record(summary: Summary, record: dict[str, Any], path: str, number: int | None) -> None:
    """Count one corpus or gold record; a malformed one raises an error naming file, field (and line, if known)."""
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError(
            "E702", found=type(text).__name__, path=path, line=number, field="text", doc_id=_id_of(record),
        )
    meta = record.get("meta")
    meta = meta if isinstance(meta, dict) else {}
    source = record.get("source") or meta.get("source")
    date = record.get("date") or meta.get("date")
    if not isinstance(source, str):
        source = None
    if "entities" in record or "quotes" in record:
        # Annotations are validated as gold (offsets inside the text, known quote types) before counting.
        document = Document.from_dict(record, path=path, line=number)
        _check_offsets(document, path, number)
    summary.add(text, source, date, record if ("entities" in record or "quotes" in record) else None)


def _check_offsets(document: Document, path: str, line: int | None) -> None:
    size = len(document.text)
    spans = [(f"entities[{i}]", e.start, e.end) for i, e in enumerate(document.entities)]
    for i, quote in enumerate(document.quotes):
        for part in ("content", "source", "cue"):
            span = getattr(quote, part)
            if span is not None:
                spans.append((f"quotes[{i}].{part}", span.start, span.end))
    for name, start, end in spans:
        if not 0 <= start < end <= size:
            raise InputError(
                "E703", start=start, end=end, length=size, path=path, line=line, field=name, doc_id=document.id,
            )


def _id_of(record: dict[str, Any]) -> str | None:
    value = record.get("id")
    return str(value) if value is not None else None


def _parquet_records(block: Block) -> Iterator[tuple[int, dict[str, Any]]]:
    for _, row, record in read_parquet_records(block.path, block.start):
        yield row, record
