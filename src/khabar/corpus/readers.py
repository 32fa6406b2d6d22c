"""Read raw articles from every input layout, one record at a time.

Layouts: JSON lines (``.jsonl``, ``.ndjson``, optionally ``.gz``), JSON files
holding an array of objects or a sequence of objects (``.json``), CSV with a
header row (``.csv``), plain-text files, one article each (``.txt``), folders of
any of these, and zip files holding any of these (SaudiNewsNet ships one zip
per day, each holding one JSON array). A ``.txt`` or ``.xml`` file that opens
with ``<DOC>`` holds TREC/CLEF-style records (the ANT corpus; :mod:`.trec`).

Everything streams: a JSON array is decoded element by element with
:meth:`json.JSONDecoder.raw_decode` over a bounded buffer (the standard
library has no streaming JSON parser, and ``ijson`` would be a dependency for
one loop), so memory follows the largest article, not the largest file.

Readers never raise for bad input: they yield a :class:`~khabar.errors.Problem`
that names the code, file, line and field, with the summary's counter (``reason``)
and whether the rest of the file is skipped; the importer decides whether to stop
(``--strict``, raising ``problem.error``) or skip and count. JSON is parsed as
:func:`khabar.io.parse_json_line` parses it: nesting too deep (E004) and lone
surrogate escapes (E005) are bad records, not tracebacks at write time.
"""

from __future__ import annotations

import bisect
import codecs
import csv
import gzip
import io
import json
import re
import zipfile
import zlib
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import IO, Any

from ..errors import InputError, Problem
from ..io import has_lone_surrogate, parse_json_line
from .trec import TrecProblem, looks_like_trec, parse_trec

__all__ = [
    "RawRecord",
    "Problem",
    "Notice",
    "Item",
    "read_source",
    "read_sources",
    "detect_encoding",
    "SUFFIXES",
    "KNOWN_CORPORA",
]

#: File name endings the readers understand.
SUFFIXES: tuple[str, ...] = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz", ".json", ".csv", ".txt", ".xml", ".zip")

#: Display names of corpora recognised by their folder name (the ``corpus`` meta field of the gold files).
KNOWN_CORPORA: dict[str, str] = {"saudinewsnet": "SaudiNewsNet", "seed": "seed"}

_DATED_ZIP = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_LEADING_NUMBER = re.compile(r"^(\d+)")
_ARABIC_LETTER = re.compile(r"[\u0621-\u064A]")
_LETTER = re.compile(r"[^\W\d_]")
#: A byte that is not UTF-8, as the "surrogateescape" error handler decodes it.
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")
_NON_ASCII = re.compile("[^\x00-\x7f]")
_JSON_SPACE = re.compile("[ \t\r\n]*")
#: White space and bytes that do not decode, once a JSON file is known to hold some.
_JSON_SPACE_OR_BAD = re.compile("[ \t\r\n\udc80-\udcff]*")
_NEXT_ELEMENT = re.compile("[ \t\r\n]*,[ \t\r\n]*(?=[^ \t\r\n])")
#: A JSON escape of a UTF-16 surrogate: only elements holding one are searched for a lone surrogate.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SNIFF_BYTES = 1 << 16
#: NULs on one parity a sample needs to be taken for UTF-16 without a byte-order mark. A UTF-16 record has
#: more: ``{"text":"x"}`` alone is 12 ASCII characters, each with a NUL byte.
_UTF16_MIN_NULS = 8
#: Bytes of a JSON file decoded at a time: memory follows this or the largest article, whichever is larger.
_CHUNK_BYTES = 4 << 20
#: Characters kept ahead of the element being parsed; fewer, and the next block is read first.
_AHEAD_CHARS = 1 << 18


@dataclass(slots=True)
class RawRecord:
    """One input record before field mapping and cleaning.

    ``where`` names the file (``archive.zip!member.json`` inside a zip), ``line``
    the line the record starts on (1-based), ``index`` its 0-based position
    among the records of its file. ``default_id`` is the positional id of a
    layout that has one (SaudiNewsNet's dated zips, numbered text files).
    """

    fields: dict[str, Any]
    where: str
    line: int | None
    index: int
    default_id: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


def _problem(reason: str, error: InputError, fatal_for_file: bool = False) -> Problem:
    """Bad input found while reading: ``reason`` is the summary's counter key; ``fatal_for_file`` skips the rest."""
    return Problem.from_error(error, reason=reason, fatal_for_file=fatal_for_file)


@dataclass(slots=True)
class Notice:
    """Something worth telling that is not an error (a file decoded as Windows-1256)."""

    reason: str
    message: str


Item = RawRecord | Problem | Notice


# --- encodings -----------------------------------------------------------------------------------


def detect_encoding(sample: bytes) -> str | None:
    """``"utf-8"`` or ``"cp1256"`` for a sample of a file's bytes, ``None`` when neither fits.

    Every byte decodes in cp1256, so "it decodes" proves nothing: the choice is
    made on what the non-ASCII bytes look like (:func:`_utf8_evidence`). A sample
    whose multi-byte characters are mostly valid UTF-8 is UTF-8, even with a few
    bytes that are not: those are damage, reported on their own lines by the
    readers, where a cp1256 reading would turn every letter of the file into
    mojibake without a word. A sample with almost no valid UTF-8 sequence is
    cp1256 if most of its letters then read as Arabic. UTF-16 without a
    byte-order mark is looked for first: it can pass as UTF-8, since the code
    units of ASCII and of the Arabic letters (U+0621-U+064A) are all bytes
    below 0x80.
    """
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if b"\x00" in sample and _utf16_without_bom(sample):
        return None
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    valid, invalid = _utf8_evidence(sample)
    # Damaged UTF-8 has many valid sequences to each bad byte: thousands to one for one stray byte. Genuine
    # cp1256 Arabic makes a valid pair only where a letter from 0xC2-0xDF runs into punctuation from 0x80-0xBF
    # (، « » ؛ ؟), so it has few: at most one per 43 bad bytes in 64 KB samples of SaudiNewsNet encoded as
    # cp1256. Valid sequences in the majority mean UTF-8: a wrong call there is loud (E104s, not records), a
    # wrong cp1256 call is silent mojibake. cp1256 needs fewer than one per 10 bad bytes, four times its worst
    # ratio seen; a sample in between is neither, refused whole at its first bad byte rather than guessed.
    if valid > invalid:
        return "utf-8"
    if valid * 10 >= invalid:
        return None
    text = sample.decode("cp1256")  # every byte is defined in cp1256
    letters = len(_LETTER.findall(text))
    return "cp1256" if letters and len(_ARABIC_LETTER.findall(text)) >= 0.5 * letters else None


def _utf8_evidence(sample: bytes) -> tuple[int, int]:
    """Valid multi-byte UTF-8 sequences in ``sample``, and bytes of it that are not UTF-8.

    A character cut by the sample's end counts as neither: the decoder holds its bytes back.
    """
    text = codecs.getincrementaldecoder("utf-8")("surrogateescape").decode(sample, final=False)
    invalid = len(_ESCAPED_BYTE.findall(text))
    return len(_NON_ASCII.findall(text)) - invalid, invalid


def _utf16_without_bom(sample: bytes) -> str | None:
    """``"little-endian"`` or ``"big-endian"`` when ``sample`` looks like UTF-16 without a byte-order mark.

    Text in UTF-8 or cp1256 holds no NUL byte. In UTF-16 every ASCII character (spaces, line breaks,
    digits, JSON's and CSV's punctuation) is a code unit with a NUL high byte, so NULs fill one parity
    of positions: in SaudiNewsNet text at least 15% of the code units, and on the other parity none.
    At least one NUL in 16 code units on one side, and at most a tenth as many on the other, is UTF-16;
    NULs on both sides alike are binary damage, not UTF-16. So are fewer than :data:`_UTF16_MIN_NULS`:
    in a file of a few bytes one stray NUL would pass the ratio, and refuse a file that reads as UTF-8.
    """
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    most, least = max(even, odd), min(even, odd)
    if most < _UTF16_MIN_NULS or most * 16 < len(sample) // 2 or least * 10 > most:
        return None
    return "little-endian" if odd > even else "big-endian"


# --- the layouts ---------------------------------------------------------------------------------


@dataclass(slots=True)
class _Context:
    """What a file's place says about its records: id prefix, positional ids, corpus name."""

    where: str
    id_prefix: str | None = None  # "saudinewsnet-2015-07-25" for a dated zip in a saudinewsnet folder
    meta: dict[str, Any] = field(default_factory=dict)


def _corpus_meta(folder: str) -> dict[str, Any]:
    name = KNOWN_CORPORA.get(folder.lower())
    return {"corpus": name} if name else {}


def _slug(name: str) -> str:
    return re.sub(r"[^0-9a-z]+", "-", name.lower()).strip("-") or "corpus"


def read_sources(sources: list[str | PathLike[str]], *, skip: Collection[Path] = ()) -> Iterator[Item]:
    """Every record of every source, in order; folders are walked in sorted order.

    Files in ``skip`` (resolved paths) are left out of folders: the corpus being
    written may sit in the folder being read.
    """
    for source in sources:
        yield from read_source(source, skip=skip)


def read_source(source: str | PathLike[str], *, skip: Collection[Path] = ()) -> Iterator[Item]:
    """Every record of one file or folder."""
    path = Path(source)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*")
                       if p.is_file() and _suffix(p.name) is not None and (not skip or p.resolve() not in skip))
        if not files:
            yield _problem("no_input", InputError("E100", "folder holds no file khabar can read "
                                                 f"(looked for {', '.join(SUFFIXES)})", path=path), True)
        for file in files:
            yield from _read_file(file)
    elif path.is_file():
        yield from _read_file(path)
    else:
        yield _problem("no_input", InputError("E100", "no such file or folder", path=path), True)


def _suffix(name: str) -> str | None:
    lower = name.lower()
    return next((s for s in sorted(SUFFIXES, key=len, reverse=True) if lower.endswith(s)), None)


def _read_file(path: Path) -> Iterator[Item]:
    suffix = _suffix(path.name)
    folder = path.parent.name
    if suffix == ".zip":
        yield from _read_zip(path)
        return
    if suffix is None:
        yield _problem("unknown_format", InputError("E101", f"cannot tell the format from the name "
                                                   f"(expected one of {', '.join(SUFFIXES)})", path=path), True)
        return
    ctx = _Context(str(path), meta=_corpus_meta(folder))
    if suffix == ".txt":
        number = _LEADING_NUMBER.match(path.stem)
        if number:
            ctx.id_prefix = f"{_slug(folder)}-{number[1]}"
    opener = gzip.open if suffix.endswith(".gz") else open
    try:
        with opener(path, "rb") as handle:
            yield from _read_stream(handle, suffix.removesuffix(".gz"), ctx, path.stem)
    except (OSError, EOFError, zlib.error) as exc:  # zlib.error: a damaged .gz
        yield _problem("unreadable", InputError("E102", f"cannot read the file ({exc})", path=path), True)


def _read_zip(path: Path) -> Iterator[Item]:
    stem = path.stem
    folder = path.parent.name
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        yield _problem("truncated_zip", InputError("E103", f"not a readable zip file, truncated or damaged ({exc})",
                                                  path=path), True)
        return
    with archive:
        members = sorted(
            (m for m in archive.infolist()
             if not m.is_dir() and not m.filename.startswith("__MACOSX/") and _suffix(m.filename) not in (None, ".zip")),
            key=lambda m: m.filename,
        )
        dated = bool(_DATED_ZIP.match(stem)) and len(members) == 1
        for member in members:
            where = f"{path}!{member.filename}"
            ctx = _Context(where, meta=_corpus_meta(folder))
            if dated:
                ctx.id_prefix = f"{_slug(folder)}-{stem}"
            suffix = _suffix(member.filename)
            assert suffix is not None
            try:
                with archive.open(member) as raw:
                    handle: IO[bytes] = gzip.GzipFile(fileobj=raw) if suffix.endswith(".gz") else raw
                    yield from _read_stream(handle, suffix.removesuffix(".gz"), ctx, Path(member.filename).stem)
            except (zipfile.BadZipFile, EOFError, OSError, zipfile.LargeZipFile, zlib.error) as exc:
                yield _problem("truncated_zip", InputError(
                    "E103", f"zip member {member.filename!r} cannot be read, truncated or damaged ({exc})",
                    path=path), True)


def _read_stream(handle: IO[bytes], kind: str, ctx: _Context, stem: str) -> Iterator[Item]:
    sample = handle.read(_SNIFF_BYTES)
    encoding = detect_encoding(sample)
    if encoding is None:
        yield _problem("undecodable", _not_utf8(sample, ctx.where), True)
        return
    if encoding == "cp1256":
        yield Notice("decoded_cp1256", f"{ctx.where}: not UTF-8; decoded as Windows-1256 (Arabic)")
    stream = _Prepend(sample, handle)
    if kind in (".jsonl", ".ndjson"):
        yield from _read_jsonl(stream, encoding, ctx)
    elif kind == ".json":
        yield from _read_json(stream, encoding, ctx)
    elif kind == ".csv":
        yield from _read_csv(stream, encoding, ctx)
    elif looks_like_trec(sample):
        yield from _read_trec(stream, encoding, ctx)
    elif kind == ".xml":
        yield Problem.from_error(InputError("E130", "an .xml file khabar reads holds TREC/CLEF <DOC> records; this "
                                            "one does not start with <DOC>", path=ctx.where),
                                 reason="unknown_format", fatal_for_file=True)
    else:
        yield from _read_txt(stream, encoding, ctx, stem)


def _not_utf8(sample: bytes, where: str) -> InputError:
    """E104 for a file whose sniffed start is neither UTF-8 nor Windows-1256, at the line of its first bad byte.

    The bad byte is in the sample (a sample that :func:`detect_encoding` does not take as UTF-8 has one), so
    its line is known without reading further. UTF-16 is refused at line 1: with a byte-order mark, the mark
    is the first byte that is not UTF-8; without one, its line breaks are not the byte 0x0A alone.
    """
    # UTF-32 LE's byte-order mark begins with UTF-16 LE's, so it is matched too.
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)):
        why, line = "UTF-16 or UTF-32 text (it opens with a byte-order mark), not UTF-8", 1
    elif b"\x00" in sample and (order := _utf16_without_bom(sample)):
        why = f"looks like UTF-16 text without a byte-order mark ({order}: a NUL byte in every other place), not UTF-8"
        line = 1
    else:
        start = 0  # kept only if the sample were UTF-8 after all, which detect_encoding rules out
        try:
            codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        except UnicodeDecodeError as exc:
            start = exc.start
        line_start = sample.rfind(b"\n", 0, start) + 1
        why = f"neither UTF-8 nor Windows-1256 Arabic (byte {start - line_start} of the line is not UTF-8)"
        line = sample.count(b"\n", 0, start) + 1
    return InputError("E104", f"{why}; re-encode the file as UTF-8", path=where, line=line)


class _Prepend(io.RawIOBase):
    """A binary stream that first returns already-read bytes, then the rest of another stream."""

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


def _record(fields: Any, ctx: _Context, line: int | None, index: int) -> Item:
    if not isinstance(fields, dict):
        return _problem("not_an_object", InputError(
            "E106", f"expected a JSON object, found {type(fields).__name__}", path=ctx.where, line=line))
    default_id = f"{ctx.id_prefix}-{index:04d}" if ctx.id_prefix else None
    return RawRecord(fields, ctx.where, line, index, default_id, ctx.meta)


def _read_jsonl(stream: io.RawIOBase, encoding: str, ctx: _Context) -> Iterator[Item]:
    index = 0
    for number, raw_line in enumerate(io.BufferedReader(stream, 1 << 20), start=1):
        try:
            line = raw_line.decode(encoding)
        except UnicodeDecodeError as exc:
            yield _problem("undecodable", InputError(
                "E104", f"bytes not valid {encoding} ({exc.reason} at byte {exc.start} of the line)",
                path=ctx.where, line=number))
            index += 1  # a skipped record keeps its place: the ids of those after it do not move once it is mended
            continue
        if not line.strip():
            continue
        try:
            value = parse_json_line(line, ctx.where, number)  # refuses deep nesting and lone surrogates too
        except InputError as exc:
            code = "E105" if exc.code == "E001" else exc.code  # E105: the import's own "not valid JSON"
            yield _problem("broken_json", InputError(code, exc.message, path=ctx.where, line=number))
            index += 1
            continue
        yield _record(value, ctx, number, index)
        index += 1


def _read_json(stream: io.RawIOBase, encoding: str, ctx: _Context) -> Iterator[Item]:
    """A JSON array of objects, or objects one after another (pretty-printed JSON lines).

    The bytes are read in blocks of :data:`_CHUNK_BYTES` and decoded by an
    incremental decoder, one call per block: a ``TextIOWrapper`` decodes in 8 KB
    pieces and joins them, which cost the import a tenth of its time in copying.

    A byte that does not decode costs only the element holding it (E104 at its line), as a line does in JSON
    lines: from the first one on, bad bytes are decoded as lone surrogates (``surrogateescape``; no decoded
    text holds one), so each stays where it was, the parse goes on, and an element whose text holds one is
    reported instead of read. One between elements loses nothing: a :class:`Notice` at its line. One that
    breaks the JSON itself (a quote or brace lost) ends the file as broken JSON does, with E104 at its line.
    """
    decoder = json.JSONDecoder()
    chars = codecs.getincrementaldecoder(encoding)()
    blocks = io.BufferedReader(stream, 1 << 16)
    buffer = ""
    pos = 0
    line = 1  # the line of buffer[pos]
    eof = False
    index = 0
    want = _CHUNK_BYTES
    damaged = False  # a byte did not decode: bad bytes are in the buffer from then on, and looked for
    stray: InputError | None = None  # E104 for a bad byte the last skip_space() passed over

    def more() -> bool:
        nonlocal buffer, pos, eof, want, damaged
        if eof:
            return False
        data = blocks.read(want)
        state = chars.getstate()
        try:
            chunk = chars.decode(data, final=not data)
        except UnicodeDecodeError:
            # Again from the state before the call: the failed call has already dropped utf-8-sig's BOM check.
            chars.setstate(state)
            chars.errors = "surrogateescape"
            damaged = True
            chunk = chars.decode(data, final=not data)
        if not data:
            eof = True
        if not chunk:
            return not eof
        buffer = buffer[pos:] + chunk
        pos = 0
        return True

    def bad_byte(at: int, *, field: str | None = None, then: str = "") -> InputError:
        """E104 for the bad byte at ``buffer[at]`` (at or past ``pos``); ``then``: what it broke, if anything."""
        return InputError("E104", _bad_byte_message(buffer, at, encoding) + then, path=ctx.where,
                          line=line + buffer.count("\n", pos, at), field=field)

    def skip_space() -> str:
        """The next significant character (``""`` at the end), moving past white space (and bad bytes)."""
        nonlocal pos, line, stray
        stray = None
        while True:
            space = _JSON_SPACE_OR_BAD if damaged else _JSON_SPACE
            end = space.match(buffer, pos).end()  # type: ignore[union-attr] - always matches
            if end > pos:
                if damaged and stray is None and (bad := _ESCAPED_BYTE.search(buffer, pos, end)):
                    stray = bad_byte(bad.start())  # now: a read further on would move the buffer
                line += buffer.count("\n", pos, end)
                pos = end
            if pos < len(buffer):
                return buffer[pos]
            if eof or not more():
                return ""

    def stray_notice() -> Notice:
        assert stray is not None
        return Notice("undecodable_between_records", f"{stray.where}: {stray.message}, outside any record: "
                      "ignored, no record lost")

    try:
        first = skip_space()
        if stray is not None:
            yield stray_notice()
        if first == "":
            return
        in_array = first == "["
        if in_array:
            pos += 1
        while True:
            char = skip_space()
            if stray is not None:
                yield stray_notice()
            if in_array and char == "]":
                return
            if char == "":
                if in_array:
                    raise InputError("E105", "not valid JSON (the array is never closed: file cut short?)",
                                     path=ctx.where, line=line)
                return
            if not eof and len(buffer) - pos < _AHEAD_CHARS:
                # Read on before the element runs past the buffer's end: a failed raw_decode
                # counts the lines of the whole buffer for its message, and parses twice.
                more()
            while True:
                try:
                    value, end = decoder.raw_decode(buffer, pos)
                    break
                except RecursionError:
                    raise InputError("E004", path=ctx.where, line=line) from None
                except json.JSONDecodeError as exc:
                    if eof or not more():
                        at = line + buffer.count("\n", pos, exc.pos)
                        # A bad byte before the parser stopped broke the JSON, likely as a quote or brace lost;
                        # an unterminated string stops at its start, and runs to the end of the file.
                        upto = len(buffer) if exc.msg.startswith("Unterminated string") else exc.pos + 1
                        if damaged and (bad := _ESCAPED_BYTE.search(buffer, pos, upto)):
                            raise bad_byte(bad.start(), then=f"; the JSON is not valid from there on ({exc.msg}: "
                                           f"line {at})") from None
                        raise InputError("E105", f"not valid JSON ({exc.msg})", path=ctx.where, line=at) from None
                    want *= 2  # a long element: read in bigger steps so retries stay few
            if damaged and (bad := _ESCAPED_BYTE.search(buffer, pos, end)):
                # The field whose value holds the byte, when it is a top-level string: where to look.
                holder = next((k for k, v in value.items() if isinstance(v, str) and _ESCAPED_BYTE.search(v)
                               and not _ESCAPED_BYTE.search(k)), None) if isinstance(value, dict) else None
                yield _problem("undecodable", bad_byte(bad.start(), field=holder))
            elif _SURROGATE_ESCAPE.search(buffer, pos, end) and has_lone_surrogate(value):
                yield _problem("broken_json", InputError("E005", path=ctx.where, line=line))
            else:
                yield _record(value, ctx, line, index)
            index += 1  # a skipped element keeps its place: the ids of those after it do not move
            want = _CHUNK_BYTES
            if in_array:
                # The usual case, in one step: a comma, and the next element already in the buffer.
                separator = _NEXT_ELEMENT.match(buffer, end)
                if separator is not None:
                    line += buffer.count("\n", pos, separator.end())
                    pos = separator.end()
                    continue
            line += buffer.count("\n", pos, end)
            pos = end
            char = skip_space()
            if stray is not None:
                if in_array and char not in (",", "]"):
                    # Where a comma or the closing bracket should be: the byte may be one of them, lost.
                    raise InputError("E104", f"{stray.message}, where ',' or ']' should follow element "
                                     f"{index - 1}; the JSON is not valid from there on", path=ctx.where,
                                     line=stray.line)
                yield stray_notice()
            if in_array:
                if char == ",":
                    pos += 1
                elif char == "":
                    raise InputError("E105", "not valid JSON (the array is never closed: file cut short?)",
                                     path=ctx.where, line=line)
                elif char != "]":
                    raise InputError("E105", f"not valid JSON (expected ',' or ']' after element {index - 1}, "
                                     f"found {char!r})", path=ctx.where, line=line)
    except InputError as exc:
        reason = "undecodable" if exc.code == "E104" else "broken_json"
        # Nothing after a syntax error in an array can be trusted: the rest of the file is skipped.
        yield _problem(reason, exc, True)


def _bad_byte_message(text: str, at: int, encoding: str, *, whole: bool = False) -> str:
    """What is wrong with the bad byte at ``text[at]`` (decoded by ``surrogateescape``), and where in its line.

    The byte's place in its line is given only when the line's start is in ``text``: when ``text`` is the
    ``whole`` file, or holds a line break before ``at``.
    """
    codec = "utf-8" if encoding == "utf-8-sig" else encoding  # utf-8-sig would encode a BOM first
    reason = "not valid"
    try:
        text[at:at + 4].encode(codec, "surrogateescape").decode(codec)  # raises: the bytes did not decode before
    except UnicodeDecodeError as exc:
        reason = exc.reason
    line_start = text.rfind("\n", 0, at) + 1
    if line_start == 0 and not whole:
        return f"bytes not valid {encoding} ({reason})"
    column = len(text[line_start:at].encode(codec, "surrogateescape"))
    return f"bytes not valid {encoding} ({reason} at byte {column} of the line)"


def _read_csv(stream: io.RawIOBase, encoding: str, ctx: _Context) -> Iterator[Item]:
    """Rows of a CSV file with a header; a quote never closed is E107 at its line, not one row holding the rest.

    Python's csv (not strict) ends a quoted field at the end of the file without a word, so a stray quote
    would import the rest of the file as one article. ``strict=True`` would raise there, but also refuse
    what the lenient reading keeps (``"ab"c`` read as ``abc``), so the last record's lines are kept and
    looked at instead: only the last record can reach the end of the file.

    Lines are decoded one by one, as in JSON lines, so that a byte that is not ``encoding`` costs only the
    row holding it (E104 at its line): a text stream raises in the middle of a block, lines past the row
    it was on, and cannot go on. A line that does not decode is still given to the parser, its bad bytes
    replaced, for its quotes to open and close the fields they do.
    """
    buffered = io.BufferedReader(stream, 1 << 20)
    if encoding == "utf-8-sig":
        buffered.read(len(codecs.BOM_UTF8))  # once: utf-8-sig on each line would drop a U+FEFF opening any line
        encoding = "utf-8"
    csv.field_size_limit(1 << 30)
    pending: list[str] = []  # the lines read since the last row came out
    undecodable: list[InputError] = []  # E104 for each line read that does not decode, until its row comes out
    read = 0
    at_end = False

    def lines() -> Iterator[str]:
        nonlocal read, at_end
        for raw_line in buffered:
            # A carriage return alone ends a line too (files saved on old Macs), as a text stream with
            # newline="" reads it; the bytes are split, as neither UTF-8 nor cp1256 has 0x0D inside a letter.
            cr = raw_line.find(b"\r")
            whole = cr < 0 or raw_line[cr + 1:] in (b"", b"\n")
            for piece in (raw_line,) if whole else raw_line.splitlines(keepends=True):
                read += 1
                try:
                    text_line = piece.decode(encoding)
                except UnicodeDecodeError as exc:
                    undecodable.append(InputError(
                        "E104", f"bytes not valid {encoding} ({exc.reason} at byte {exc.start} of the line)",
                        path=ctx.where, line=read))
                    text_line = piece.decode(encoding, "replace")
                pending.append(text_line)
                yield text_line
        at_end = True

    def unclosed() -> Item | None:
        """E107 if the file ended inside a quoted field of the pending lines."""
        opened = _unclosed_quote("".join(pending)) if at_end else None
        if opened is None:
            return None
        quote_line = read - len(pending) + 1
        for text_line in pending:
            if opened < len(text_line):
                break
            opened -= len(text_line)
            quote_line += 1
        return _problem("broken_csv", InputError(
            "E107", f"not valid CSV (a quoted field opens on this line and is never closed: its value would be "
            f"the rest of the file, to line {read}; close the quote, and write a quote inside the field as \"\")",
            path=ctx.where, line=quote_line), True)

    reader = csv.DictReader(lines())
    index = 0
    try:
        if reader.fieldnames is None:  # reads the header, whose names every row is keyed by
            return  # an empty file
        line = reader.line_num
        if undecodable:
            error = undecodable[0]
            yield _problem("undecodable", InputError("E104", f"{error.message} in the header row",
                                                    path=ctx.where, line=error.line), True)
            return
        for row in reader:
            start = line + 1
            line = reader.line_num
            problem = unclosed()
            pending.clear()
            if problem is not None:
                yield problem
                return
            if undecodable:
                # Lines are read ahead of rows only within a row, so every pending E104 is this row's.
                yield _problem("undecodable", undecodable[0])
                undecodable.clear()
                index += 1  # a skipped row keeps its place, as a JSON-lines record does
                continue
            if None in row:
                yield _problem("broken_csv", InputError(
                    "E107", f"more values than the {len(reader.fieldnames or [])} header columns",
                    path=ctx.where, line=start))
                index += 1
                continue
            yield _record({k: v for k, v in row.items() if v is not None}, ctx, start, index)
            index += 1
        problem = unclosed()  # a header whose quote is never closed swallows the file: no row comes out
        if problem is not None:
            yield problem
    except csv.Error as exc:
        yield _problem("broken_csv", InputError("E107", f"not valid CSV ({exc})", path=ctx.where,
                                               line=reader.line_num), True)


_CSV_FIELD_END = re.compile("[,\r\n]")


def _unclosed_quote(text: str) -> int | None:
    """Where the quoted field that ``text`` ends inside opens, or ``None`` if every quoted field is closed.

    Reads as Python's csv does in its default dialect, not strict: a quote opens a quoted field only as a
    field's first character (elsewhere it is a letter of the value); inside one, a doubled quote is one quote
    and a single quote closes it, and what follows the close up to the next comma or line break is value.
    """
    pos = 0
    while pos < len(text):
        if text[pos] == '"':
            opened = pos
            pos += 1
            while True:
                close = text.find('"', pos)
                if close < 0:
                    return opened
                if not text.startswith('"', close + 1):
                    break
                pos = close + 2
            pos = close + 1
        end = _CSV_FIELD_END.search(text, pos)
        if end is None:
            return None
        pos = end.end()
    return None


def _whole_text(stream: io.RawIOBase, encoding: str, ctx: _Context) -> str | Problem:
    """The text of a file read as one document, or E104 at the line of its first byte that is not ``encoding``.

    A byte that does not decode may be a letter cut in two or a byte from another encoding: either way the
    document's text is not known, and a replacement character would hide that.
    """
    data = io.BufferedReader(stream).read()
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        return _problem("undecodable", InputError(
            "E104", f"bytes not valid {encoding} ({exc.reason} at byte {exc.start - line_start} of the line)",
            path=ctx.where, line=data.count(b"\n", 0, exc.start) + 1), True)


def _read_txt(stream: io.RawIOBase, encoding: str, ctx: _Context, stem: str) -> Iterator[Item]:
    text = _whole_text(stream, encoding, ctx)
    if isinstance(text, Problem):
        yield text
        return
    record = RawRecord({"text": text}, ctx.where, 1, 0, ctx.id_prefix, ctx.meta)
    if ctx.meta.get("corpus") and "source" not in record.fields:
        record.fields["source"] = ctx.meta["corpus"]
    yield record


def _read_trec(stream: io.RawIOBase, encoding: str, ctx: _Context) -> Iterator[Item]:
    """TREC/CLEF ``<DOC>`` records; a malformed one is reported by its DOCNO (or index) and the rest are read.

    A byte that does not decode costs only the record holding it (E104 at its line), as in a JSON array: the
    file is then decoded with bad bytes as lone surrogates (``surrogateescape``), and a record is damaged when
    its body, as written, holds one. Its decoded values cannot tell: a reference such as ``&#xDC80;`` would
    decode to the same character, so :mod:`.trec` keeps those as written. A bad byte only in an attribute,
    which khabar does not read, costs nothing: a :class:`Notice`, and the record is read.
    """
    data = io.BufferedReader(stream).read()
    bad: list[int] = []  # where the bytes that did not decode are in the text, ascending
    bad_lines: list[int] = []  # and the line of each
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        text = data.decode(encoding, "surrogateescape")
        bad = [m.start() for m in _ESCAPED_BYTE.finditer(text)]
        bad_lines = [line for _, line in _lines_of(text, bad)]
    for parsed in parse_trec(text):
        if isinstance(parsed, TrecProblem):
            docno, message = parsed.docno, parsed.message
            if bad:  # neither may carry a lone surrogate into the summary, which is written as UTF-8
                docno = _ESCAPED_BYTE.sub("\ufffd", docno) if docno else docno
                message = _ESCAPED_BYTE.sub("\ufffd", message)
            record = f"record {parsed.index + 1}" + (f" ({docno})" if docno else "")
            yield Problem.from_error(InputError("E131", f"malformed TREC/CLEF {record}: {message}",
                                                path=ctx.where, line=parsed.line, field=parsed.field,
                                                doc_id=docno), reason="broken_trec")
            continue
        # The record's first bad byte, found by bisection: a scan from the start for each damaged record would
        # take time in the square of the bad bytes (a long cp1256 stretch in a UTF-8 file has thousands).
        first = bisect.bisect_left(bad, parsed.start)
        if first == len(bad) or bad[first] >= parsed.end:
            yield RawRecord(parsed.fields, ctx.where, parsed.line, parsed.index, None, ctx.meta)
            continue
        at, line = bad[first], bad_lines[first]
        message = _bad_byte_message(text, at, encoding, whole=True)
        holder = next((k for k, v in parsed.fields.items() if _ESCAPED_BYTE.search(v)), None)
        docno = parsed.fields.get("id")
        if holder is None:  # only in an attribute of an element: no value read holds it
            yield Notice("undecodable_attribute", f"{ctx.where}:{line}: {message}, in an attribute of "
                         f"record {parsed.index + 1} ({docno}): ignored, no record lost")
            yield RawRecord(parsed.fields, ctx.where, parsed.line, parsed.index, None, ctx.meta)
            continue
        # The line is the record's first bad byte's, which may sit in an attribute before the field named.
        yield _problem("undecodable", InputError(
            "E104", message, path=ctx.where, line=line, field=holder,
            doc_id=docno if docno and not _ESCAPED_BYTE.search(docno) else None))


def _lines_of(text: str, positions: list[int]) -> list[tuple[int, int]]:
    """Each of the ascending ``positions`` in ``text`` with its 1-based line, counted once through the text."""
    out: list[tuple[int, int]] = []
    line, start = 1, 0
    for at in positions:
        line += text.count("\n", start, at)
        start = at
        out.append((at, line))
    return out
