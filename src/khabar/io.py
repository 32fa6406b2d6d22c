"""Streaming JSON-lines reading and all-or-nothing writing.

Every file khabar writes goes through :func:`atomic_write`: the data lands in a
temporary file next to the target, and is renamed over it only when everything
was written. A crash or a bad record half-way leaves the old file (or no file),
never half of one.

Every command's input arguments go through :func:`readable_inputs`: ``-`` is standard input, and a FIFO, a
shell's ``<(...)`` or ``/dev/stdin`` on a pipe is a stream, copied once to an owner-only temporary file so
that a command reading its input twice (or seeking in it) reads all of it each time; errors name the input
as the user gave it, never the copy.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import dataclasses
import gzip
import hashlib
import io
import json
import os
import re
import shutil
import stat
import sys
import tempfile
import zlib
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from json.decoder import JSONObject  # type: ignore[attr-defined]
from json.scanner import py_make_scanner  # type: ignore[attr-defined]
from os import PathLike
from pathlib import Path, PurePath
from typing import IO, Any, NamedTuple

import orjson

from .errors import ConfigError, InputError, KhabarError, Problem

__all__ = [
    "STDIN",
    "Inputs",
    "LocatedRecord",
    "atomic_write",
    "dumps",
    "loads_noting_repeats",
    "may_repeat_a_key",
    "new_file_mode",
    "not_a_file",
    "open_text",
    "parse_json_line",
    "parse_json_object",
    "read_json_file",
    "read_jsonl",
    "read_records",
    "read_records_listing_repeats",
    "readable_inputs",
    "refuse_overwrite",
    "require_file",
    "sha256_of",
    "typed_errors",
    "without_bom",
    "write_jsonl",
]

#: Rows decoded at once from a Parquet file (corpus rows are a few KB each).
PARQUET_BATCH_ROWS = 2_000


def dumps(record: Any) -> str:
    """One compact JSON line, Arabic kept readable (no ``\\uXXXX`` escapes)."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


@contextlib.contextmanager
def atomic_write(
    path: str | PathLike[str], mode: str = "w", *, encoding: str | None = "utf-8"
) -> Iterator[IO[Any]]:
    """Open a temporary file beside ``path``; rename it onto ``path`` only on success."""
    target = Path(path)
    if target.is_dir():
        raise InputError("E008", path=target)
    if (reason := _not_a_file_to_write(target)) is not None:
        raise InputError("E009", reason=reason, path=target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:  # a read-only folder, a file where a folder should be, a full disk
        raise InputError("E009", reason=exc.strerror or exc, path=target) from None
    binary = "b" in mode
    try:
        with os.fdopen(fd, mode, encoding=None if binary else encoding, newline=None if binary else "\n") as handle:
            # mkstemp makes the file 0600; the output gets the mode it had, or what the umask gives a new file
            # (a caller that wants it private, such as the doccano credentials, chmods it inside the block).
            os.fchmod(handle.fileno(), new_file_mode(target))
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise


def _not_a_file_to_write(target: Path) -> str | None:
    """Why ``target`` cannot be an output, or ``None``: the temporary file renamed onto a pipe or a device (``-o
    /dev/stdout``, a link to /proc/self/fd/1) would replace it, a file where the device was; and ``-`` is no
    standard output for an output (a file named '-' was written)."""
    if str(target) == STDIN:
        return "'-' names standard output, not a file: outputs are written whole, then renamed into place; name a file"
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return ("a pipe or a device, not a file: outputs are written whole, then renamed into place, which would put a "
            "file where it is; name a file")


def new_file_mode(target: str | PathLike[str], *, folder: bool = False) -> int:
    """The permission bits an output replacing ``target`` should have: ``target``'s own when it exists, else the
    umask's default for a new file (0o666) or folder (0o777), as ``open()`` and ``mkdir()`` would give it, but
    owner-only inside a folder that is (doccano's state folder, 0700: every file in it stays 0600)."""
    try:
        return os.stat(target).st_mode & 0o7777
    except OSError:
        pass
    mode = (0o777 if folder else 0o666) & ~_umask()
    try:
        if os.stat(Path(target).parent).st_mode & 0o077 == 0:
            mode &= 0o700
    except OSError:
        pass
    return mode


def _umask() -> int:
    """The process's umask, read without changing it where the system says it (Linux: /proc/self/status), since
    setting and restoring it races with other threads creating files."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


def refuse_overwrite(
    out: str | PathLike[str], inputs: Iterable[str | PathLike[str]] = (), *, folder: bool = False
) -> Path:
    """Check an output path before any work is done; return it.

    Refused, each with a numbered error naming it: an output that is one of the
    ``inputs`` (E010: writing would destroy what is being read, even through
    another spelling or a link), a file output that is an existing folder
    (E008), and one whose folder cannot be created or written, or that is a pipe, a device or ``-`` (E009). With
    ``folder``, ``out`` is a folder to write into (``doccano pull``) and only
    the last two checks apply to it as a folder. Every CLI command with
    ``--out`` calls this first; :func:`atomic_write` makes the same checks
    for callers that do not.
    """
    target = Path(out)
    for given in inputs:
        source = Path(given)
        same_file = source.exists() and target.exists() and os.path.samefile(source, target)
        if same_file or source.resolve() == target.resolve():
            raise InputError("E010", input=source, path=target, field="--out")
    if not folder and target.is_dir():
        raise InputError("E008", path=target, field="--out")
    if (reason := _not_a_file_to_write(target)) is not None:
        raise InputError("E009", reason=reason, path=target, field="--out")
    parent = target if folder else target.parent
    existing = parent
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise InputError("E009", reason=f"{existing} is not a folder", path=target, field="--out")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise InputError("E009", reason=f"{existing} is not writable", path=target, field="--out")
    return target


def open_text(path: str | PathLike[str]) -> IO[str]:
    """Open a UTF-8 text file for reading, gunzipping ``*.gz`` transparently."""
    p = Path(path)
    if p.suffix == ".gz":
        return gzip.open(p, "rt", encoding="utf-8")
    return open(p, encoding="utf-8")


class LocatedRecord(NamedTuple):
    """One record of a data file and where it is: the file, and its line (JSON lines) or row (Parquet), from 1."""

    path: str
    line: int
    record: dict[str, Any]


def read_records(path: str | PathLike[str]) -> Iterator[LocatedRecord]:
    """Yield every record of a JSON-lines file (gzipped when it ends in ``.gz``) or a Parquet file, located.

    The one way khabar reads corpus and gold files. Blank lines, and a UTF-8 byte-order mark
    opening the file, are skipped; lines and rows are numbered from 1. Any bad input raises
    :class:`~khabar.errors.InputError` naming the file and line (see
    :func:`parse_json_line` for what a line may not hold); never another exception.
    A Parquet ``meta`` column holding JSON text (as :mod:`khabar.corpus.io` writes it) is decoded.
    """
    return _records(path, listing=False)  # type: ignore[return-value] # no RepeatedKeyRecord without listing


class RepeatedKeyRecord(NamedTuple):
    """A record that gives a key twice in one object, as :func:`read_records_listing_repeats` yields it: where it
    is, the record as JSON reads it (the last value of the key kept), and the E015 :func:`read_records` raises."""

    path: str
    line: int
    record: dict[str, Any]
    error: InputError


def read_records_listing_repeats(path: str | PathLike[str]) -> Iterator[LocatedRecord | RepeatedKeyRecord]:
    """:func:`read_records`, a record that gives a key twice (E015) yielded as a :class:`RepeatedKeyRecord` in its
    place, and the reading going on: for a command that lists every problem of a file (``khabar gold validate``)."""
    return _records(path, listing=True)


def _records(path: str | PathLike[str], *, listing: bool) -> Iterator[LocatedRecord | RepeatedKeyRecord]:
    """The records of :func:`read_records`; with ``listing``, E015 yielded in place of its record (see
    :func:`read_records_listing_repeats`)."""
    name = str(path)
    _require_file(path)
    if name.endswith(".parquet"):
        yield from _parquet_records(path, None, listing=listing)
        return
    gzipped = name.endswith(".gz")
    number = 0
    try:
        with (gzip.open(path, "rb") if gzipped else open(path, "rb")) as handle:
            for number, raw in enumerate(handle, start=1):  # noqa: B007 - number names the line of a read error
                if number == 1:
                    raw = without_bom(raw)
                if raw.isspace() or not raw:
                    continue
                try:
                    record = parse_json_object(raw, path, number)
                except InputError as error:
                    if not listing or error.code != "E015" or not isinstance(again := loads_noting_repeats(raw), dict):
                        raise  # a line that is no object is E002 once its keys are fixed: the file cannot be read
                    yield RepeatedKeyRecord(name, number, again, error)
                    continue
                yield LocatedRecord(name, number, record)
    except (OSError, EOFError, zlib.error) as exc:
        if not gzipped:
            raise InputError("E012", reason=exc, path=path, line=number + 1) from None
        raise InputError("E006", reason=exc or type(exc).__name__, path=path, line=number + 1) from None


def without_bom(start: bytes) -> bytes:
    """The first bytes of a file (its first line, or all of it) without the UTF-8 byte-order mark that
    Notepad and Excel write before the text."""
    return start[len(codecs.BOM_UTF8) :] if start.startswith(codecs.BOM_UTF8) else start


def _require_file(path: str | PathLike[str]) -> None:
    # A pipe is read here (`<(zcat corpus.jsonl.gz)`): records are read once, in order.
    require_file(path, "E011", pipes=True)


def require_file(path: str | PathLike[str], code: str, *, pipes: bool = False) -> None:
    """Raise the caller's numbered error ``code`` unless ``path`` is a file to read (see :func:`not_a_file`):
    with the code's own message when nothing is there, else with what is there instead."""
    reason = not_a_file(path, pipes=pipes)
    if reason == "no such file":
        raise InputError(code, path=path)
    if reason is not None:
        raise InputError(code, reason, path=path)


def not_a_file(path: str | PathLike[str], *, pipes: bool = False) -> str | None:
    """Why ``path`` cannot be read as a data file, said for its error message; ``None`` when it is a file.

    A folder, or a pipe or a device (a FIFO, ``<(...)`` in bash), was said to be "no such file", which sent
    people looking for a typing mistake. A pipe can be read only once: callers that read their input twice
    (to plan blocks by size, to look for blank lines first, to copy it after checking it) refuse it, and so
    do the other checks of a gold file's commands; ``pipes`` accepts it (:func:`read_records`).
    """
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "no such file"
    except OSError as exc:  # a path through a file (file.jsonl/x), a name too long, a loop of links
        return f"cannot be read ({exc.strerror or exc})"
    if stat.S_ISDIR(mode):
        return "a folder, not a file"
    if not stat.S_ISREG(mode) and not pipes:
        return "a pipe or a device, not a file: save what it gives to a file and name that"
    return None


def parse_json_object(raw: bytes | str, path: str | PathLike[str] | None, line: int | None) -> dict[str, Any]:
    """One JSON-lines record: :func:`parse_json_line`, which must give an object (E002)."""
    record = parse_json_line(raw, path, line)
    if not isinstance(record, dict):
        raise InputError("E002", found=type(record).__name__, path=path, line=line)
    return record


def parse_json_line(raw: bytes | str, path: str | PathLike[str] | None, line: int | None) -> Any:
    """Parse one JSON value, refusing what would break khabar later, each with its numbered error.

    orjson parses first (several times faster, and it refuses both nesting past
    1,024 levels and lone surrogates); what it refuses goes to the standard
    library, which accepts integers past 64 bits and ``NaN`` and words the
    error for people: invalid UTF-8 is E003, invalid JSON E001, nesting too
    deep for Python's recursion E004, a lone surrogate escape (``"\\ud800"``,
    which no UTF-8 file can hold) E005. orjson reads an integer past 64 bits
    as a float (``123456789012345678901`` as ``1.2345678901234568e+20``), so a
    value whose fields (or its ``meta``'s) hold a whole float that large is read
    again by the standard library: ids and metadata keep their integers. (Looking
    for such a float in what orjson made costs a tenth of its parse; scanning the
    line for 19 digits in a row cost nine times it.) Deeper fields, such as span
    offsets, are not looked at: an offset that large is an error either way.

    A key given twice in one object (``{"id": "a", ..., "id": "b"}``, an entity with two ``start``) is E015,
    naming the key and where it is: every JSON parser keeps the last value without a word. orjson cannot say, so
    a cheap count tells the lines that may hold one (:func:`may_repeat_a_key`), and only those are parsed again
    by the standard library, noting each object's keys (:func:`loads_noting_repeats`).
    """
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError:
        pass
    else:
        if not _holds_a_big_whole_float(value):
            if may_repeat_a_key(raw, value):
                try:
                    again = loads_noting_repeats(raw)
                except RecursionError:  # orjson reads 1,024 levels, the standard library some 1,000
                    raise InputError("E004", path=path, line=line) from None
                refuse_repeated_keys(again, path, line)
            return value
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError("E003", reason=exc.reason, byte=exc.start, path=path, line=line) from None
    else:
        text = raw
    try:
        value = loads_noting_repeats(text)
    except json.JSONDecodeError as exc:
        # One of the standard library's messages ends in " at" ("Invalid control character at"): the template says where.
        reason = exc.msg.removesuffix(" at")
        if exc.msg == "Extra data" and "\r" in text[: exc.pos]:
            # No string holds a raw carriage return: one between two values ends a line (a classic Mac file),
            # so the whole file was read as this one line.
            raise InputError("E001", f"not valid JSON (Extra data at column {exc.colno}): its lines end in a carriage "
                             "return alone; convert them to \\n", path=path, line=line) from None
        raise InputError("E001", reason=reason, column=exc.colno, path=path, line=line) from None
    except RecursionError:
        raise InputError("E004", path=path, line=line) from None
    except ValueError:  # the one ValueError not a JSONDecodeError: an integer longer than Python converts
        raise InputError("E001", f"not valid JSON: {_too_long_a_number()}", path=path, line=line) from None
    if has_lone_surrogate(value):  # only here, on the rare lines orjson refused
        raise InputError("E005", path=path, line=line)
    refuse_repeated_keys(value, path, line)
    return value


# --- keys given twice -----------------------------------------------------------------------------------------------


def may_repeat_a_key(raw: bytes | str, value: Any) -> bool:
    """Whether the JSON text ``raw``, which parsed as ``value``, may give a key twice in one object; ``False`` only
    when it cannot.

    Every key is followed by one colon outside any string, and a colon inside a string is one character of it
    (or the escape ``\\u003a``). So ``raw`` holds as many colons as keys were written, plus the literal colons
    of all its strings, those of a value a repeated key replaced included; a repeated key leaves ``value`` with
    fewer keys than were written. When ``raw`` holds no escaped colon and exactly as many colons as ``value`` has
    keys and colons in its strings, no key was repeated. The strings counted are the record's own keys and fields
    (its text: one call in C) and, through orjson's own writing of each list or object among them, every key and
    string below: a Python walk over a gold line's hundreds of small objects cost more than the parse. About
    three scans of the line in C, half as long as orjson's parse of it (``benchmarks/README.md``).
    """
    colon, escaped = (b":", _ESCAPED_COLON_BYTES) if isinstance(raw, bytes) else (":", _ESCAPED_COLON)
    if type(value) is dict:
        counted = len(value) + "".join(value).count(":")  # a key's own colons ({"a:b": 1}) are written too
        for field in value.values():
            kind = type(field)
            if kind is str:
                counted += field.count(":")
            elif kind is dict or kind is list:
                counted += _colons_written(field)
    elif type(value) is list:
        counted = _colons_written(value)
    else:
        return False  # no object: no key
    return raw.count(colon) != counted or escaped.search(raw) is not None  # type: ignore[arg-type]


def _colons_written(value: dict[str, Any] | list[Any]) -> int:
    """The colons of ``value`` written as JSON: one per key, and every one of its strings' (keys included).

    orjson writes them as they are, in C; past the 255 levels of nesting it writes, a walk counts them.
    """
    try:
        return orjson.dumps(value).count(b":")
    except orjson.JSONEncodeError:
        pass
    count = 0
    stack: list[Any] = [value]
    while stack:
        item = stack.pop()
        if type(item) is str:
            count += item.count(":")
        elif type(item) is dict:
            count += len(item) + sum(key.count(":") for key in item)
            stack.extend(item.values())
        elif type(item) is list:
            stack.extend(item)
    return count


_ESCAPED_COLON_BYTES = re.compile(rb"\\u003[aA]")
_ESCAPED_COLON = re.compile(r"\\u003[aA]")


class RepeatedKeys(dict):  # type: ignore[type-arg]
    """An object of a JSON text that gave a key twice: the dict the standard library makes of it (the last value
    kept), the first key given again, in :attr:`repeated`, and the line of the text where it is given again, in
    :attr:`line`, when it was looked for (:func:`loads_locating_repeats`)."""

    __slots__ = ("repeated", "line")

    def __init__(self, pairs: list[tuple[str, Any]], repeated: str, line: int | None = None) -> None:
        super().__init__(pairs)
        self.repeated = repeated
        self.line = line


def object_noting_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """The ``object_pairs_hook`` of :func:`loads_noting_repeats`: a dict, a :class:`RepeatedKeys` if a key repeats."""
    obj = dict(pairs)
    if len(obj) == len(pairs):
        return obj
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            return RepeatedKeys(pairs, key)
        seen.add(key)
    raise AssertionError("unreachable: fewer keys than pairs means a key repeats")  # pragma: no cover


def loads_noting_repeats(raw: bytes | str) -> Any:
    """:func:`json.loads`, each object giving a key twice marked (:class:`RepeatedKeys`) for :func:`repeated_key`."""
    return json.loads(raw, object_pairs_hook=object_noting_repeats)


def loads_locating_repeats(text: str) -> Any:
    """:func:`loads_noting_repeats`, each :class:`RepeatedKeys` also telling the line where its key is given again.

    Only for a text known to give a key twice (to say where in an error): the standard library's Python scanner,
    used here because it hands each object's parser the position of the object (its C scanner does not), is seven
    times slower than the C one with the hook (4 ms against 0.6 on the 20 KB quote lexicon). A value of an object starts after its key's colon: the key ends on the line of the last
    character before that colon that is not white space (no JSON string spans two lines).
    """
    def parse_object(s_and_end: tuple[str, int], strict: bool, scan_once: Callable[[str, int], Any],
                     object_hook: Any, object_pairs_hook: Any, memo: Any = None, *_: Any) -> tuple[Any, int]:
        starts: list[int] = []

        def scan_value(string: str, index: int) -> Any:
            starts.append(index)
            return scan_once(string, index)

        pairs, end = JSONObject(s_and_end, strict, scan_value, None, list, memo)
        obj = object_noting_repeats(pairs)
        if isinstance(obj, RepeatedKeys):
            string = s_and_end[0]
            seen: set[str] = set()
            for index, (key, _) in enumerate(pairs):
                if key in seen:
                    key_end = len(string[: string.rfind(":", 0, starts[index])].rstrip())
                    obj.line = string.count("\n", 0, key_end) + 1
                    break
                seen.add(key)
        return obj, end

    decoder = json.JSONDecoder()
    decoder.parse_object = parse_object  # type: ignore[assignment]
    decoder.scan_once = py_make_scanner(decoder)
    return decoder.decode(text)


def repeated_key(value: Any) -> tuple[str, str] | None:
    """``(field, key)`` of the first object, in the order of the text, that gave a key twice in a value parsed by
    :func:`loads_noting_repeats` (``field`` names the key where it stands: ``entities[4].start``); ``None`` if none."""
    found = first_repeating_object(value)
    return None if found is None else (found[0], found[1].repeated)


def first_repeating_object(value: Any) -> tuple[str, RepeatedKeys] | None:
    """``(field, object)`` of the first object, in the order of the text, that gave a key twice (see
    :func:`repeated_key`)."""
    stack: list[tuple[str, Any]] = [("", value)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, RepeatedKeys):
            return (f"{where}.{item.repeated}" if where else item.repeated), item
        if isinstance(item, dict):
            children = [(f"{where}.{k}" if where else k, v) for k, v in item.items() if isinstance(v, (dict, list))]
        elif isinstance(item, list):
            children = [(f"{where}[{i}]", v) for i, v in enumerate(item) if isinstance(v, (dict, list))]
        else:
            continue
        stack.extend(reversed(children))
    return None


def refuse_repeated_keys(value: Any, path: str | PathLike[str] | None, line: int | None) -> None:
    """E015 naming the first key given twice in a value parsed by :func:`loads_noting_repeats`, if any."""
    found = repeated_key(value)
    if found is not None:
        field, key = found
        raise InputError("E015", key=key, path=path, line=line, field=field)


def has_lone_surrogate(value: Any) -> bool:
    """Whether any string in a parsed JSON value (keys included) holds a lone UTF-16 surrogate."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _holds_a_big_whole_float(value: Any) -> bool:
    """Whether a parsed value, or a dict or list among its fields, holds a whole float past 2**63 (see above)."""
    def fields(v: Any) -> Any:
        return v.values() if isinstance(v, dict) else v if isinstance(v, list) else (v,)

    return any(
        type(x) is float and abs(x) >= _TWO_63 and x.is_integer() for item in fields(value) for x in fields(item)
    )


_SURROGATE = re.compile("[\ud800-\udfff]")
_TWO_63 = 2.0**63


@contextlib.contextmanager
def _parquet_errors(path: str | PathLike[str], where: list[int]) -> Iterator[None]:
    """Turn whatever Arrow raises on a damaged file into E007, naming the row reached (``where[0]``)."""
    import pyarrow as pa

    try:
        yield
    except InputError:
        raise
    except (pa.ArrowException, OSError, UnicodeDecodeError, ValueError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        row = where[0] + 1 if where[0] else None
        raise InputError("E007", reason=reason[:200], path=path, line=row) from None


def parquet_row_groups(path: str | PathLike[str]) -> int:
    """How many row groups a Parquet file has (the partitions of :mod:`khabar.stats`); E007 when it is not Parquet."""
    import pyarrow.parquet as pq

    _require_file(path)
    with _parquet_errors(path, [0]):
        return pq.ParquetFile(path).metadata.num_row_groups


def read_parquet_records(path: str | PathLike[str], row_group: int | None = None) -> Iterator[LocatedRecord]:
    """The rows of a Parquet file (or of one row group of it) as located records, rows numbered from 1 in the file."""
    return _parquet_records(path, row_group, listing=False)  # type: ignore[return-value] # none without listing


def _parquet_records(
    path: str | PathLike[str], row_group: int | None, *, listing: bool
) -> Iterator[LocatedRecord | RepeatedKeyRecord]:
    """The rows of :func:`read_parquet_records`; with ``listing``, a ``meta`` giving a key twice is a
    :class:`RepeatedKeyRecord` (see :func:`read_records_listing_repeats`)."""
    import pyarrow.parquet as pq

    _require_file(path)
    name = str(path)
    where = [0]
    with _parquet_errors(path, where):
        parquet = pq.ParquetFile(path)
        if row_group is None:
            batches = parquet.iter_batches(batch_size=PARQUET_BATCH_ROWS)
        else:
            where[0] = sum(parquet.metadata.row_group(i).num_rows for i in range(row_group))
            batches = parquet.read_row_group(row_group).to_batches(max_chunksize=PARQUET_BATCH_ROWS)
        for batch in batches:
            for record in batch.to_pylist():
                where[0] += 1
                row = where[0]
                meta = record.get("meta")
                if isinstance(meta, str):  # khabar writes meta as a JSON string column (its keys vary)
                    try:
                        record["meta"] = parse_json_line(meta, path, row) if meta else {}
                    except InputError as error:
                        if error.code != "E015":
                            raise
                        inner = error.field or ""  # where in meta: named from the record, as in JSON lines
                        field = f"meta{'' if inner.startswith('[') else '.'}{inner}"
                        error = InputError("E015", error.message, path=path, line=row, field=field)
                        if not listing:
                            raise error from None
                        record["meta"] = loads_noting_repeats(meta)
                        yield RepeatedKeyRecord(name, row, record, error)
                        continue
                # Arrow strings hold no lone surrogate: their encoded form is invalid UTF-8 (E007 above).
                yield LocatedRecord(name, row, record)


def read_jsonl(path: str | PathLike[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(line_number, object)`` for each record of a data file (:func:`read_records` without the path)."""
    for located in read_records(path):
        yield located.line, located.record


def write_jsonl(path: str | PathLike[str], records: Iterable[dict[str, Any]]) -> int:
    """Write records as JSON lines, atomically; return how many were written."""
    count = 0
    with atomic_write(path) as handle:
        for record in records:
            handle.write(dumps(record))
            handle.write("\n")
            count += 1
    return count


def sha256_of(path: str | PathLike[str]) -> str:
    """The hex SHA-256 of a file's bytes, read in blocks (manifests, downloads, releases)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _too_long_a_number() -> str:
    """Why the standard library refused an integer (its only ValueError that is not a JSONDecodeError)."""
    return (f"a number of more than {sys.get_int_max_str_digits()} digits, more than Python reads; write it as a "
            "string")


def read_json_file(
    path: str | PathLike[str], *, missing: tuple[str, str], invalid: tuple[str, str]
) -> Any:
    """Parse a whole JSON file (a configuration or data file shipped with khabar or given by a user).

    ``missing`` and ``invalid`` are ``(code, message)`` pairs for the caller's own
    numbered errors; the invalid message gets the parser's reason appended, and
    the error names the line where parsing failed. A key given twice in one object is E015, naming the key,
    where it stands (``verbs[3].perfect``) and the line where it is given again.
    """
    try:
        data = Path(path).read_bytes()
    except (FileNotFoundError, IsADirectoryError):
        raise ConfigError(missing[0], missing[1], path=path) from None
    data = without_bom(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError("E003", reason=exc.reason, byte=exc.start - data.rfind(b"\n", 0, exc.start) - 1,
                         path=path, line=line) from None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(invalid[0], f"{invalid[1]} ({exc.msg})", path=path, line=exc.lineno) from None
    except RecursionError:
        raise InputError("E004", path=path) from None
    except ValueError:  # an integer longer than Python converts
        raise InputError(invalid[0], f"{invalid[1]} ({_too_long_a_number()})", path=path) from None
    if "\\" in text and has_lone_surrogate(value):
        raise InputError("E005", path=path)
    if may_repeat_a_key(text, value):
        _refuse_repeated_keys_in_file(text, path)
    return value


def _refuse_repeated_keys_in_file(text: str, path: str | PathLike[str]) -> None:
    """E015 for a whole JSON file that gives a key twice in one object, naming the field and the line where the
    key is given again; nothing when no key is given twice."""
    try:
        found = first_repeating_object(loads_noting_repeats(text))
    except RecursionError:  # its hook adds a Python frame at each level: a few levels less than json.loads reads
        raise InputError("E004", path=path) from None
    if found is None:
        return
    field, obj = found
    try:
        located = first_repeating_object(loads_locating_repeats(text))
    except RecursionError:  # the Python scanner nests deeper than the C one: the field alone says where
        located = None
    line = located[1].line if located is not None and located[0] == field else None
    raise InputError("E015", key=obj.repeated, path=path, line=line, field=field)


def save_torch(path: str | PathLike[str], payload: dict[str, Any]) -> Path:
    """Write ``payload`` with :func:`torch.save`, all or nothing (a temporary file, then a rename)."""
    import torch

    target = Path(path)
    with atomic_write(target, "wb") as handle:
        torch.save(payload, handle)
    return target


def load_torch(path: Path, *, expected_format: str, code: str, what: str) -> dict[str, Any]:
    """Read a dict written by :func:`save_torch` whose ``format`` is ``expected_format``.

    ``weights_only=True``: tensors and plain containers only, so loading runs
    no pickled code. Anything else raises :class:`InputError` ``code`` naming
    the file and saying it is not ``what``.
    """
    import torch

    try:
        with open(path, "rb") as handle:
            head = handle.read(256)
    except OSError as exc:
        raise InputError(code, f"not {what}: {exc.strerror or type(exc).__name__}", path=path) from None
    if not head.startswith(ZIP_MAGIC):
        # torch.save writes a zip. On anything else (a CRF model given for a BiLSTM-CRF) torch.load warns and answers
        # that weights_only=False would load it, which would run the file's pickled code: say what the file is instead.
        written = re.search(rb"khabar-[a-z-]+(?:/[0-9]+)?", head)
        if written:
            raise InputError(code, f"not {what} (format {written.group().decode()!r}, expected {expected_format!r})",
                             path=path)
        raise InputError(code, f"not {what}: not a zip archive, as torch.save writes", path=path)
    try:
        payload = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:  # noqa: BLE001 - on arbitrary bytes torch.load raises whatever its unpickler hits
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(code, f"not {what}: {reason[:200]}", path=path) from None
    if not isinstance(payload, dict) or payload.get("format") != expected_format:
        found = payload.get("format") if isinstance(payload, dict) else type(payload).__name__
        raise InputError(code, f"not {what} (format {found!r}, expected {expected_format!r})", path=path)
    return payload


# --- Inputs from pipes --------------------------------------------------------------------------------------------

#: The argument that means standard input, and the name errors give it.
STDIN = "-"
STDIN_NAME = "<stdin>"
GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGIC = b"PK\x03\x04"
PARQUET_MAGIC = b"PAR1"
#: Bytes of a stream looked at to tell its format (a byte-order mark, then white space before the first character).
_SNIFF_BYTES = 1 << 12
_COPY_BYTES = 1 << 20


def is_stream(arg: str | PathLike[str]) -> bool:
    """Whether an input argument is read as a stream: ``-`` (standard input), or a path that exists but is neither
    a regular file nor a folder (a FIFO, ``/dev/stdin`` on a pipe, a shell's ``<(...)``, a character device)."""
    if str(arg) == STDIN:
        return True
    try:
        mode = os.stat(arg).st_mode
    except (OSError, ValueError):
        return False  # missing: the command's own check says so, with its own code
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def records_suffix(head: bytes) -> str:
    """The name ending that makes :func:`read_records` read a stream that opens with ``head``: ``.gz`` (gzipped
    JSON lines), ``.parquet``, or none (JSON lines: the copy keeps the stream's name, and so its stem, which
    names an annotator in ``khabar agree``)."""
    if head.startswith(GZIP_MAGIC):
        return ".gz"
    if head.startswith(PARQUET_MAGIC):
        return ".parquet"
    return ""


def article_suffix(head: bytes, text_fields: Collection[str] = ()) -> str:
    """The name ending that makes ``khabar corpus import`` read a stream that opens with ``head`` (already
    gunzipped): a zip, JSON lines (``{``), a JSON array (``[``), TREC/XML records (``<``), CSV whose header names one
    of ``text_fields`` (:func:`looks_like_csv`), else one plain-text article. Parquet is E101, as a ``.parquet`` file
    is: the importer reads no Parquet."""
    if head.startswith(ZIP_MAGIC):
        return ".zip"
    if head.startswith(PARQUET_MAGIC):
        raise InputError("E101", "a Parquet stream: corpus import reads raw articles, not Parquet (a khabar corpus "
                         "in Parquet is already imported: khabar stats, extract and the gold commands read it)")
    first = without_bom(head).lstrip()[:1]
    suffix = {b"{": ".jsonl", b"[": ".json", b"<": ".xml"}.get(first, ".txt")
    return ".csv" if suffix == ".txt" and looks_like_csv(head, text_fields) else suffix


def looks_like_csv(head: bytes, text_fields: Collection[str]) -> bool:
    """Whether a stream that opens with ``head`` is CSV as the corpus reader reads it (comma-separated, a header row):
    a header of two columns or more, one of them named as one of ``text_fields`` (the names the reader takes the
    text from), then rows of as many columns. The last row is not looked at when ``head`` is not the whole stream
    (it may be cut short). Prose passes for CSV only if its first line is such a header and every line after it
    holds as many commas."""
    if not text_fields:
        return False
    try:
        rows = [row for row in csv.reader(io.StringIO(without_bom(head).decode("utf-8", "replace"), newline=""))
                if row]  # a blank line is no row (the reader skips it too)
    except csv.Error:  # a NUL byte: binary, or UTF-16
        return False
    if len(head) >= _SNIFF_BYTES:
        rows = rows[:-1]
    if not rows or len(rows[0]) < 2 or not set(rows[0]) & set(text_fields):
        return False
    return all(len(row) == len(rows[0]) for row in rows[1:])


def _reads_standard_input(arg: str | PathLike[str]) -> bool:
    """Whether ``arg`` names this process's standard input: ``-``, or a path to its descriptor 0 (``/dev/stdin``,
    ``/dev/fd/0``, ``/proc/self/fd/0``), all of which read the one pipe: the second copy would come out empty."""
    if str(arg) == STDIN:
        return True
    try:
        return os.path.samestat(os.stat(arg), os.fstat(0)) and is_stream(arg)
    except (OSError, ValueError):
        return False


class Inputs:
    """The input arguments of one command, resolved by :func:`readable_inputs`.

    ``paths`` holds one path to read per argument, in order: the argument itself for a file, a folder or a
    missing path (whose error is the command's own), and a temporary copy for a stream. ``names`` holds what
    people read, one per argument: the argument (a stream's as typed, ``<stdin>`` for ``-``); :meth:`rename` puts
    those names in place of the copies' paths in any message or report. An error that names an input names it as
    it was typed (:meth:`as_typed`; its ``Path`` has dropped the ``./`` of ``./gold.jsonl``), and so does a problem
    printed for people (:meth:`typed_problem`); reports and JSON keep the names they always gave.
    """

    def __init__(self, paths: list[Path], copies: dict[str, str], typed: dict[Path, str] | None = None) -> None:
        self.paths = paths
        self._names = copies  # a temporary copy's path -> the name of the input it holds
        self._typed = typed or {}  # an input's path -> the argument as typed, where the two are spelt differently

    @property
    def names(self) -> list[str]:
        """The name of each input, as people know it."""
        return [self.name(path) for path in self.paths]

    def name(self, path: str | PathLike[str]) -> str:
        """The name people know an input by."""
        return self.rename(str(path))

    def as_typed(self, path: str) -> str:
        """``path`` spelt as the argument that names it was typed (``./gold.jsonl`` for ``gold.jsonl``), a file in a
        folder given by the folder as typed (``./models/model.crf.pkl`` for ``--model ./models``), or as it is when
        no input has that path."""
        given = Path(path)
        if given in self._typed:
            return self._typed[given]
        folder = next((parent for parent in given.parents if parent in self._typed), None)
        return path if folder is None else os.path.join(self._typed[folder], given.relative_to(folder))

    def typed_name(self, path: str | PathLike[str]) -> str:
        """The name of an input as a message people read gives it: its :meth:`name`, spelt as typed."""
        return self.as_typed(self.name(path))

    @property
    def typed_paths(self) -> list[str]:
        """The path to read of each input, a file's spelt as typed (a stream's copy as it is): for a reader that
        names its inputs in messages of its own (warnings), where :meth:`rename_error` does not reach."""
        return [self.as_typed(str(path)) for path in self.paths]

    def typed_problem(self, problem: Problem) -> Problem:
        """``problem`` (already renamed) naming its file as typed, for the lines people read."""
        return problem if problem.path is None else dataclasses.replace(problem, path=self.as_typed(problem.path))

    def rename(self, value: Any) -> Any:
        """``value`` (a string, path, problem, or a list, tuple or dict of them) with every temporary copy's path
        replaced by its input's name: for messages, reports and JSON output."""
        if not self._names:
            return value
        if isinstance(value, str):
            for copy, name in self._names.items():
                value = value.replace(copy, name)
            return value
        if isinstance(value, PurePath):
            renamed = self.rename(str(value))
            return value if renamed == str(value) else Path(renamed)
        if isinstance(value, Problem):
            return dataclasses.replace(value, path=self.rename(value.path), message=self.rename(value.message))
        if isinstance(value, dict):
            return {self.rename(k): self.rename(v) for k, v in value.items()}
        if type(value) in (list, tuple):  # a named tuple or another sequence is left as it is
            return type(value)(self.rename(v) for v in value)
        return value

    def rename_error(self, error: KhabarError) -> None:
        """Make ``error`` name the input as given, not its temporary copy nor its normalised path (its path, message
        and arguments)."""
        if error.path_as_given is not None:
            error.path = self.as_typed(self.rename(error.path_as_given))
        error.message = self.rename(error.message)
        error.args = (str(error),)


def _typed_spellings(args: Sequence[str | PathLike[str]]) -> dict[Path, str]:
    """Each file among ``args`` whose ``Path`` is spelt otherwise than typed (``./x``, ``a//b``) -> as typed."""
    typed: dict[Path, str] = {}
    for arg in args:
        if os.fspath(arg) != str(Path(arg)) and not is_stream(arg):
            typed.setdefault(Path(arg), os.fspath(arg))
    return typed


@contextlib.contextmanager
def typed_errors(names: Inputs | Sequence[str | PathLike[str]]) -> Iterator[Inputs]:
    """A block whose :class:`~khabar.errors.KhabarError` names its file as the user typed it: ``names`` are the
    files (and folders) a command's options give, as typed, or the :class:`Inputs` to rename errors by. For what is
    read before :func:`readable_inputs` copies the streams (``khabar extract entities`` loads its model first)."""
    inputs = names if isinstance(names, Inputs) else Inputs([Path(n) for n in names], {}, _typed_spellings(names))
    try:
        yield inputs
    except KhabarError as error:
        inputs.rename_error(error)
        raise


@contextlib.contextmanager
def readable_inputs(
    args: Sequence[str | PathLike[str]],
    *,
    suffix_for: Callable[[bytes], str] = records_suffix,
    keep_suffixes: Sequence[str] = (".jsonl", ".gz", ".parquet"),
    gunzip: bool = False,
    options: Sequence[str | PathLike[str]] = (),
) -> Iterator[Inputs]:
    """Resolve a command's input arguments; copy each stream once to a temporary file, and remove the copies
    when the block ends (on success, an error or Ctrl-C).

    ``-`` is standard input; a path that exists but is no regular file or folder is a stream (see
    :func:`is_stream`). A stream cannot be read twice, sought in (Dask's blocks, Parquet, zip) or opened again to
    sniff its format, so each one is copied to an owner-only temporary folder and read from there, under the
    name of the stream (``stdin`` for ``-``) and an ending telling its format: the named pipe's own when it ends
    in one of ``keep_suffixes``, else ``suffix_for`` of its first bytes. With ``gunzip``, a gzipped stream is
    unpacked as it is copied and its content sniffed. A :class:`~khabar.errors.KhabarError` leaving the block
    names the input as given (``<stdin>``, ``/dev/fd/63``), at the same line, not the copy, and a file as it was
    typed when ``args`` are the strings typed (``./gold.jsonl``, not the ``gold.jsonl`` of its ``Path``). More than
    one ``-`` is E013. ``options`` are the other files the command reads, as typed (a model, a lexicon, a folder):
    read where they are, never copied, their errors name them as typed too (see :func:`typed_errors`).
    """
    dashes = sum(_reads_standard_input(arg) for arg in args)
    if dashes > 1:
        raise InputError("E013", count=dashes, path=STDIN_NAME)
    typed = _typed_spellings([*args, *options])
    if not any(is_stream(arg) for arg in args):
        with typed_errors(Inputs([Path(arg) for arg in args], {}, typed)) as inputs:
            yield inputs
        return
    first = next(arg for arg in args if is_stream(arg))
    try:
        folder = tempfile.mkdtemp(prefix="khabar-input-")  # 0700: only the user reads what was piped in
    except OSError as exc:  # no temporary folder can be written (TMPDIR read-only, missing or full)
        raise InputError("E012", _not_copied(os.environ.get("TMPDIR") or tempfile.tempdir, exc),
                         path=_stream_name(first)) from None
    inputs = Inputs([], {}, typed)
    try:
        for index, arg in enumerate(args):
            if not is_stream(arg):
                inputs.paths.append(Path(arg))
                continue
            name = _stream_name(arg)
            copy = _copy_stream(arg, name, _copy_folder(Path(folder), index, arg), suffix_for, keep_suffixes, gunzip)
            inputs.paths.append(copy)
            inputs._names[str(copy)] = name
        yield inputs
    except KhabarError as error:
        inputs.rename_error(error)
        raise
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _stream_name(arg: str | PathLike[str]) -> str:
    return STDIN_NAME if str(arg) == STDIN else str(arg)


def _copy_folder(folder: Path, index: int, arg: str | PathLike[str]) -> Path:
    """The folder a stream's copy is written to: one per input (two pipes may share a name, ``a/p`` and ``b/p``),
    named as the stream's own folder, since the corpus readers name documents after it (``saudinewsnet/2015-07-27.zip``
    gives ``saudinewsnet-2015-07-27-0000``, ``ant/12.txt`` gives ``ant-12``). A stream in no named folder (``-``,
    ``./pipe``) gets the name of none, ``corpus``, as a file there would: the private folder's random name must not
    reach a corpus."""
    parent = "" if str(arg) == STDIN else Path(arg).parent.name
    home = folder / str(index) / (parent if parent not in ("", ".", "..") else "corpus")
    home.mkdir(parents=True)
    return home


def _not_copied(where: str | PathLike[str] | None, exc: OSError) -> str:
    """The message of E012 when a stream cannot be copied: the stream was read, the temporary folder refused it."""
    place = f" in {where}" if where else ""
    return (f"cannot copy it to a temporary file{place} ({exc.strerror or exc}): set TMPDIR to a folder "
            "with room for the whole input")


def _open_stream(arg: str | PathLike[str], name: str) -> IO[bytes]:
    """The stream to copy: standard input for ``-``, else the named pipe or device, opened. A terminal is E014:
    read, it would wait on the keyboard for the data a pipe was meant to bring."""
    if str(arg) == STDIN:
        if sys.stdin is None:  # `khabar stats - <&-`
            raise InputError("E014", reason="standard input is closed", path=name)
        if sys.stdin.isatty():
            raise InputError("E014", reason="standard input is a terminal", path=name)
        return sys.stdin.buffer
    raw = open(arg, "rb")  # noqa: SIM115 - closed by the caller
    if raw.isatty():
        raw.close()
        raise InputError("E014", reason="a terminal", path=name)
    return raw


def _copy_stream(arg: str | PathLike[str], name: str, folder: Path, suffix_for: Callable[[bytes], str],
                 keep_suffixes: Sequence[str], gunzip: bool) -> Path:
    """Copy one stream into ``folder``; return the copy's path (see :func:`readable_inputs`)."""
    given = "stdin" if str(arg) == STDIN else Path(arg).name
    kept = next((s for s in sorted(keep_suffixes, key=len, reverse=True) if given.lower().endswith(s)), None)
    partial = folder / ".partial"
    writing = False  # an OSError while writing is the temporary folder's (full, read-only), not the stream's
    try:
        raw = _open_stream(arg, name)
        try:
            reader: IO[bytes] = raw
            head = raw.read(_SNIFF_BYTES)
            if gunzip and kept is None and head.startswith(GZIP_MAGIC):
                reader = gzip.GzipFile(fileobj=Prepended(head, raw))
                head = reader.read(_SNIFF_BYTES)
            writing = True
            with open(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as copy:
                chunk = head
                while chunk:
                    writing = True
                    copy.write(chunk)
                    writing = False
                    chunk = reader.read(_COPY_BYTES)
                writing = True  # closing writes what is left in the buffer
        finally:
            if str(arg) != STDIN:
                raw.close()
    except OSError as exc:
        if writing:
            raise InputError("E012", _not_copied(tempfile.gettempdir(), exc), path=name) from None
        raise InputError("E012", reason=exc.strerror or exc, path=name) from None
    except (EOFError, zlib.error) as exc:
        raise InputError("E012", reason=exc, path=name) from None
    try:
        suffix = "" if kept is not None else suffix_for(head)
    except InputError as error:  # a format the command cannot read, told by the stream's first bytes
        raise InputError(error.code, error.message, path=name) from None
    target = folder / (given + suffix)
    os.replace(partial, target)
    return target


class Prepended(io.RawIOBase):
    """The bytes already read from a stream (to sniff its format), then the rest of it: a stream to read whole."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)
