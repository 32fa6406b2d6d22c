"""Read raw articles from every input layout, one record at a time.

Layouts: JSON lines (``.jsonl``, ``.ndjson``, optionally ``.gz``), JSON files
holding an array of objects or a sequence of objects (``.json``), CSV with a
header row (``.csv``), plain-text files, one article each (``.txt``), folders of
any of these, and zip files holding any of these (SaudiNewsNet ships one zip
per day, each holding one JSON array). A ``.txt`` or ``.xml`` file that opens
with ``<DOC>`` holds TREC/CLEF-style records (the ANT corpus; :mod:`.trec`), and
so do LDC's news files (Gigaword, TDT, ACE 2005, TAC KBP): ``.sgml``, ``.sgm``, gzip-compressed
with no other suffix (``afp_arb_200101.gz``), or with none at all once unpacked
(``afp_arb_200101``). Those are read for what their first bytes hold, not for
their name: a ``.gz``, ``.sgml`` or ``.sgm`` file that is not TREC is refused
(E130), as an ``.xml`` one is, and a file with no suffix is read only when it
opens with ``<DOC>`` (a folder's ``README`` or ``LICENSE`` is passed over).

An ACE 2005 release holds, beside each source file ``NAME.sgm``, its annotations ``NAME.apf.xml``,
``NAME.ag.xml`` and ``NAME.tab``, which are no articles: in a folder or a zip, those beside a ``.sgm`` of
the same stem are passed over and counted (:class:`SkippedFiles`), not reported one by one as files of
an unknown format (E130); one given by name, or with no ``.sgm`` beside it, is read (and refused) as before.

Everything streams: a JSON array is decoded element by element with
:meth:`json.JSONDecoder.raw_decode` over a bounded buffer (the standard
library has no streaming JSON parser, and ``ijson`` would be a dependency for
one loop), so memory follows the largest article, not the largest file.

Readers never raise for bad input: they yield a :class:`~khabar.errors.Problem`
that names the code, file, line and field, with the summary's counter (``reason``)
and whether the rest of the file is skipped; the importer decides whether to stop
(``--strict``, raising ``problem.error``) or skip and count. JSON is parsed as
:func:`khabar.io.parse_json_line` parses it: nesting too deep (E004) and lone
surrogate escapes (E005) are bad records, not tracebacks at write time, and so is
an object that gives a key twice (E015, reason ``repeated_key``), which JSON
parsers resolve by keeping the last value without a word.
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
from collections.abc import Collection, Generator, Iterator, Sequence, Set
from dataclasses import dataclass, field, replace
from os import PathLike
from pathlib import Path, PurePath, PurePosixPath
from typing import IO, Any

from ..errors import InputError, Problem
from ..io import (
    Prepended,
    has_lone_surrogate,
    loads_noting_repeats,
    not_a_file,
    object_noting_repeats,
    parse_json_line,
    repeated_key,
)
from .trec import TrecProblem, TrecRecord, looks_like_trec, parse_trec

__all__ = [
    "RawRecord",
    "Problem",
    "Notice",
    "SkippedFiles",
    "Item",
    "read_source",
    "read_sources",
    "detect_encoding",
    "SUFFIXES",
    "KNOWN_CORPORA",
]

#: File name endings the readers understand.
SUFFIXES: tuple[str, ...] = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz", ".json", ".csv", ".txt", ".txt.gz",
                             ".xml", ".sgml", ".sgm", ".gz", ".zip")
#: The kinds of file (suffix, ``.gz`` removed; ``""`` for a bare ``.gz`` or no suffix) that hold TREC records or nothing.
_TREC_ONLY: tuple[str, ...] = (".xml", ".sgml", ".sgm", "")

#: Display names of corpora recognised by their folder name (the ``corpus`` meta field of the gold files).
KNOWN_CORPORA: dict[str, str] = {"saudinewsnet": "SaudiNewsNet", "seed": "seed"}

_DATED_ZIP = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: ACE 2005's annotation files (APF, the annotation graph, the file table) of the source file ``STEM.sgm``.
_ACE_ANNOTATION = re.compile(r"\.(?:apf\.xml|ag\.xml|tab)$", re.IGNORECASE)
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
    """Something worth telling that is not an error (a file decoded as Windows-1256). ``message`` opens with
    ``where``, the file it is about (``archive.zip!member.json`` inside a zip): the importer names it as typed."""

    reason: str
    message: str
    where: str = ""


@dataclass(slots=True)
class SkippedFiles:
    """Files of a folder or zip (``where``) passed over as no articles, by ``reason``: ``ace_annotation`` for ACE
    2005's annotation files beside their source ``.sgm``. ``files`` names them, in the order walked."""

    reason: str
    where: str
    files: list[str]


Item = RawRecord | Problem | Notice | SkippedFiles


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


def _utf8_record(data: bytes) -> str | None:
    """The text of one record's bytes, in a file read as Windows-1256, when they are Arabic in UTF-8 instead.

    A record pasted from a UTF-8 source into a cp1256 file: read as cp1256, every Arabic letter would be two
    characters of mojibake (ا is ط§). Genuine cp1256 Arabic is almost never valid UTF-8: a letter byte
    (0xC1-0xFE) is a UTF-8 lead byte that needs continuation bytes (0x80-0xBF, punctuation in cp1256) after
    it, so any two letters in a row break it. Of 308,270 texts, paragraphs, titles and authors of SaudiNewsNet
    encoded as cp1256, none was valid UTF-8; of 145,809 distinct words of one day, 5 were (a letter before
    ، or »), and their UTF-8 readings are not Arabic (أ، reads á). So the bytes must be valid UTF-8, with at
    least one multi-byte character, and read so, at least half their letters must be Arabic.
    """
    if data.isascii():
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    letters = len(_LETTER.findall(text))
    return text if letters and 2 * len(_ARABIC_LETTER.findall(text)) >= letters else None


def _cp1256_record(data: bytes) -> str | None:
    """The text of one record's bytes, in a file read as UTF-8, when they are Arabic in Windows-1256 instead.

    The mirror of :func:`_utf8_record`, for a file put together from two systems (a CSV export appended to
    another): a line that is not UTF-8, with almost no valid UTF-8 sequence in it (damaged UTF-8 keeps nearly
    all of its own, :func:`detect_encoding`) and whose cp1256 reading is at least half Arabic letters. Anything
    else stays a bad byte (E104).
    """
    valid, invalid = _utf8_evidence(data)
    if not invalid or valid * 10 >= invalid:
        return None
    text = data.decode("cp1256")
    letters = len(_LETTER.findall(text))
    if not letters:
        # A line of an Arabic text with no letter (a no-break space, «» or ،): only the Arabic punctuation and
        # spaces of cp1256, never a stray byte that would read as a Latin letter or symbol.
        return text if all(c.isascii() or c in _CP1256_ARABIC_MARKS for c in text) else None
    return text if 2 * len(_ARABIC_LETTER.findall(text)) >= letters else None


#: The non-ASCII characters of cp1256 that an Arabic line holds without a letter: spaces, punctuation, marks.
_CP1256_ARABIC_MARKS = frozenset("\xa0،«»؛؟\u200c\u200d\u200e\u200f")


def _cp1256_notice(where: str, line: int | None) -> Notice:
    return Notice("decoded_cp1256_record", f"{where}:{line}: this record is Windows-1256 in a file read as UTF-8: "
                  "decoded as Windows-1256", where)


def _mixed_lines(sample: bytes) -> bool:
    """Whether each whole line of ``sample`` is UTF-8 or a Windows-1256 record (:func:`_cp1256_record`), with
    both kinds present: a line-by-line file of the two, which :func:`detect_encoding` leaves undecided."""
    lines = sample.split(b"\n")[:-1]  # the last may be cut by the sample's end
    cp1256 = 0
    for line in lines:
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            if _cp1256_record(line) is None:
                return False
            cp1256 += 1
    return 0 < cp1256 < len(lines)


def _utf8_notice(where: str, line: int | None) -> Notice:
    return Notice("decoded_utf8_record", f"{where}:{line}: this record is UTF-8 in a file read as Windows-1256: "
                  "decoded as UTF-8", where)


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
        every = [p for p in path.rglob("*") if p.is_file()]
        annotations = _ace_annotations(every)
        files = sorted(p for p in every
                       if p not in annotations and (_suffix(p.name) is not None or _unsuffixed_trec(p))
                       and (not skip or p.resolve() not in skip))
        if annotations:
            yield SkippedFiles("ace_annotation", str(path), [str(p) for p in sorted(annotations)])
        if not files:
            yield _problem("no_input", InputError("E100", "folder holds no file khabar can read "
                                                 f"(looked for {', '.join(SUFFIXES)})", path=path), True)
        for file in files:
            yield from _read_file(file)
    elif path.is_file():
        yield from _read_file(path)
    else:
        reason = not_a_file(path)
        yield _problem("no_input", InputError("E100", "no such file or folder" if reason == "no such file" else reason,
                                              path=path), True)


def _ace_annotations(paths: Collection[PurePath]) -> set[PurePath]:
    """The paths that are ACE 2005 annotation files (:data:`_ACE_ANNOTATION`) of a ``.sgm`` also in ``paths``, in
    the same folder and of the same stem (``X.apf.xml`` beside ``X.sgm``); the case of the names is not compared."""
    sources = {(p.parent, p.name[:-len(".sgm")].lower()) for p in paths if p.name.lower().endswith(".sgm")}
    return {p for p in paths
            if (match := _ACE_ANNOTATION.search(p.name)) and (p.parent, p.name[:match.start()].lower()) in sources}


def _suffix(name: str) -> str | None:
    lower = name.lower()
    return next((s for s in sorted(SUFFIXES, key=len, reverse=True) if lower.endswith(s)), None)


def _unsuffixed_trec(path: Path) -> bool:
    """Whether ``path`` has no suffix (no dot in its name) and opens as TREC records: an LDC file once unpacked.

    Only a name with no dot at all is looked into, so that a folder's pictures or notes cost no read.
    """
    if "." in path.name:
        return False
    try:
        with path.open("rb") as handle:
            return looks_like_trec(handle.read(_TREC_SNIFF_BYTES))
    except OSError:
        return False


#: Bytes :func:`looks_like_trec` needs: a byte-order mark, an XML declaration, the first tag, a <DOCNO> soon after.
_TREC_SNIFF_BYTES = 512


def _read_file(path: Path) -> Iterator[Item]:
    suffix = _suffix(path.name)
    folder = path.parent.name
    if suffix == ".zip":
        yield from _read_zip(path)
        return
    if suffix is None and _unsuffixed_trec(path):
        suffix = ""
    if suffix is None:
        yield _problem("unknown_format", InputError("E101", f"cannot tell the format from the name "
                                                   f"(expected one of {', '.join(SUFFIXES)})", path=path), True)
        return
    ctx = _Context(str(path), meta=_corpus_meta(folder))
    if suffix.removesuffix(".gz") == ".txt":
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
        every = [m for m in archive.infolist() if not m.is_dir() and not m.filename.startswith("__MACOSX/")]
        annotations = _ace_annotations([PurePosixPath(m.filename) for m in every])
        if annotations:
            yield SkippedFiles("ace_annotation", str(path), [f"{path}!{p}" for p in sorted(annotations)])
        members = sorted(
            (m for m in every
             if PurePosixPath(m.filename) not in annotations and _suffix(m.filename) not in (None, ".zip")),
            key=lambda m: m.filename,
        )
        # A zip inside the zip is named, not opened: reading a compressed member at random places decompresses
        # it again from its start for each seek. Said, so that a zip of zips is not an empty corpus without a word.
        for nested in sorted(m.filename for m in every if _suffix(m.filename) == ".zip"):
            yield _problem("nested_zip", InputError(
                "E100", f"{nested!r} is a zip inside the zip, not opened: unzip {path.name} and import the folder",
                path=path))
        if not members:  # as a folder that holds nothing khabar reads (an empty download, a zip of pictures)
            looked_for = ", ".join(s for s in SUFFIXES if s != ".zip")
            yield _problem("no_input", InputError(
                "E100", f"zip holds no file khabar can read (looked for {looked_for})", path=path), True)
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
    if encoding is None and kind in (".jsonl", ".ndjson", ".csv") and _mixed_lines(sample):
        # Lines of UTF-8 and of Windows-1256 (a file put together from two systems): read as UTF-8, a line
        # that is Windows-1256 Arabic is decoded so, each with a notice.
        encoding = "utf-8"
    if encoding is None:
        yield _problem("undecodable", _not_utf8(sample, ctx.where), True)
        return
    if encoding == "cp1256":
        yield Notice("decoded_cp1256", f"{ctx.where}: not UTF-8; decoded as Windows-1256 (Arabic)", ctx.where)
    stream = Prepended(sample, handle)
    if kind in (".jsonl", ".ndjson"):
        yield from _read_jsonl(stream, encoding, ctx)
    elif kind == ".json":
        yield from _read_json(stream, encoding, ctx)
    elif kind == ".csv":
        yield from _read_csv(stream, encoding, ctx)
    elif looks_like_trec(sample):
        yield from _read_trec(stream, encoding, ctx)
    elif kind in _TREC_ONLY:
        what = f"an {kind} file" if kind == ".xml" else f"a {kind} file" if kind else "a .gz file"
        hint = "" if kind else " (gzipped JSON lines are read when named .jsonl.gz, a gzipped article as .txt.gz)"
        yield Problem.from_error(InputError("E130", f"{what} khabar reads holds TREC/CLEF <DOC> records; this "
                                            f"one does not start with <DOC>{hint}", path=ctx.where),
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
            if encoding.startswith("utf-8") and (cp1256 := _cp1256_record(raw_line)) is not None:
                line = cp1256
                yield _cp1256_notice(ctx.where, number)
            else:
                yield _problem("undecodable", InputError(
                    "E104", f"bytes not valid {encoding} ({exc.reason} at byte {exc.start} of the line)",
                    path=ctx.where, line=number))
                index += 1  # a skipped record keeps its place: the ids of those after it do not move once mended
                continue
        if encoding == "cp1256" and (utf8 := _utf8_record(raw_line)) is not None:
            line = utf8
            yield _utf8_notice(ctx.where, number)
        if not line.strip():
            continue
        try:
            value = parse_json_line(line, ctx.where, number)  # refuses deep nesting, lone surrogates, keys twice too
        except InputError as exc:
            code = "E105" if exc.code == "E001" else exc.code  # E105: the import's own "not valid JSON"
            reason = "repeated_key" if code == "E015" else "broken_json"
            yield _problem(reason, InputError(code, exc.message, path=ctx.where, line=number, field=exc.field))
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
    reported instead of read. One between elements loses nothing: a :class:`Notice` at its line; nor does one
    in place of the comma between two elements that both parse, nor one in place of the array's '[' (objects
    then commas: the array it opened) or ']'. One that breaks an element's structure (a
    quote, brace or colon lost) costs that element: E104 at its line, naming the field it falls in or after,
    and the reading goes on from the next element that parses at the top level (:func:`_resync_at`). Only
    when none does is the rest of the file lost, as it is after broken JSON with no bad byte (E105).
    """
    decoder = json.JSONDecoder(object_pairs_hook=object_noting_repeats)  # a key given twice: E015, not the last kept
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
    last: Any = None  # the last element read as a record: what an element found by resynchronising must resemble
    cp1256 = encoding == "cp1256"  # every byte decodes: an element in UTF-8 is looked for instead

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

    def notice(error: InputError, where: str = "outside any record") -> Notice:
        return Notice("undecodable_between_records", f"{error.where}: {error.message}, {where}: ignored, no "
                      "record lost", ctx.where)

    def decode() -> tuple[Any, int] | json.JSONDecodeError:
        """The element at ``pos`` and where it ends, or why it is not valid JSON, once the whole file is read."""
        nonlocal want
        while True:
            try:
                return decoder.raw_decode(buffer, pos)
            except RecursionError:
                raise InputError("E004", path=ctx.where, line=line) from None
            except json.JSONDecodeError as exc:
                if eof or not more():
                    return exc
                want *= 2  # a long element: read in bigger steps so retries stay few

    def broken_by(exc: json.JSONDecodeError, before: InputError | None) -> tuple[InputError, int]:
        """E104 for the bad byte that broke the element at ``pos``, and where it is; E105 raised if none did."""
        at = line + buffer.count("\n", pos, exc.pos)
        # One of the standard library's messages ends in " at" ("Invalid control character at"): the column says where.
        reason = exc.msg.removesuffix(" at")
        # A bad byte before the parser stopped broke the JSON, likely as a quote or brace lost; an
        # unterminated string stops at its start, and runs to the end of the file; an invalid escape stops at
        # its backslash, before the byte that took the escaped character's place.
        upto = (len(buffer) if exc.msg.startswith("Unterminated string")
                else exc.pos + (2 if exc.msg.startswith("Invalid \\escape") else 1))
        if damaged and (bad := _ESCAPED_BYTE.search(buffer, pos, upto)):
            return bad_byte(bad.start(), field=_field_at(buffer, pos, bad.start()),
                            then=f"; the JSON is not valid there ({reason}: line {at})"), bad.start()
        if before is not None:  # the element's first character lost: a brace or bracket
            return InputError("E104", f"{before.message}, just before an element that is not valid JSON "
                              f"({reason}: line {at})", path=ctx.where, line=before.line), pos
        raise InputError("E105", reason=reason, column=exc.pos - buffer.rfind("\n", 0, exc.pos), path=ctx.where, line=at)

    def resync(broken: InputError, after: int) -> Generator[Item, None, bool]:
        """E104 for the damaged element at ``pos``; then on from the next element that parses past ``after``.

        Returns whether the file is done with: nothing after the damage parses. The rest of the file is read
        in first, since the next element may be anywhere in it: memory follows the size of a file only when
        its JSON is broken.
        """
        nonlocal pos, line, index
        after -= pos
        while more():  # moves the buffer's start to pos
            pass
        keys = last.keys() if isinstance(last, dict) else frozenset()
        at, between = _resync_at(decoder, buffer, pos, pos + after, in_array, keys)
        if at is None:
            if between:
                raise InputError("E104", f"{broken.message}; no element after it parses: the rest of the file "
                                 "is lost", path=ctx.where, line=broken.line, field=broken.field)
            if not buffer.rstrip(" \t\r\n").endswith("]" if in_array else "}"):
                raise InputError("E104", f"{broken.message}; the file ends inside it (cut short?)",
                                 path=ctx.where, line=broken.line, field=broken.field)
            # The damaged element was the last one, and the file ends as it should: nothing else is lost.
            yield _problem("undecodable", broken)
            return True
        resumed = line + buffer.count("\n", pos, at)
        yield _problem("undecodable", InputError(
            "E104", f"{broken.message}; read on from the next element that parses, at line {resumed}",
            path=ctx.where, line=broken.line, field=broken.field))
        for start in between:
            yield _problem("undecodable", InputError(
                "E104", f"not read: the JSON broken at line {broken.line} parses again only at line {resumed}",
                path=ctx.where, line=line + buffer.count("\n", pos, start)))
        # The damaged element keeps its place, and so does each element whose start can be seen in the damaged
        # stretch: when a lost quote or brace merges elements into one stretch, each is still counted. An
        # element read from inside a damaged one (a split: an object in its text, which the last record's keys
        # make unlikely) would take the next place and move the ids of those after it by one.
        index += 1 + len(between)
        line, pos = resumed, at
        return False

    try:
        first = skip_space()
        # A bad byte just before a first object may stand for the array's lost '[': decided by what follows it.
        opener_lost = stray if first == "{" else None
        if stray is not None and opener_lost is None:
            yield notice(stray)
        if first == "":
            return
        in_array = first == "["
        if in_array:
            pos += 1
        expected = "',' or ']'" if in_array else "a value"
        while True:
            char = skip_space()
            before = stray  # a bad byte just before an element: its lost first character, if what follows is broken
            if opener_lost is not None:
                before = None  # …or the array's lost '[' (below), which costs the first element nothing
            if char == "" or in_array and char == "]":
                if before is not None:
                    yield notice(before)
                if in_array and char == "":
                    raise InputError("E105", "not valid JSON (the array is never closed: file cut short?)",
                                     path=ctx.where, line=line)
                return
            if not eof and len(buffer) - pos < _AHEAD_CHARS:
                # Read on before the element runs past the buffer's end: a failed raw_decode
                # counts the lines of the whole buffer for its message, and parses twice.
                more()
            parsed = decode()
            if isinstance(parsed, json.JSONDecodeError):
                if (yield from resync(*broken_by(parsed, before))):
                    return
                continue
            value, end = parsed
            if cp1256 and (utf8 := _utf8_element(buffer, pos, end)) is not None:
                value = utf8
                yield _utf8_notice(ctx.where, line)
            inside: InputError | None = None
            if damaged and (bad := _ESCAPED_BYTE.search(buffer, pos, end)):
                inside = bad_byte(bad.start(), field=_holder(value))
                item: Item = _problem("undecodable", inside)
            elif _SURROGATE_ESCAPE.search(buffer, pos, end) and has_lone_surrogate(value):
                item = _problem("broken_json", InputError("E005", path=ctx.where, line=line))
            elif (repeated := repeated_key(value)) is not None:
                item = _problem("repeated_key", InputError("E015", key=repeated[1], path=ctx.where, line=line,
                                                           field=repeated[0]))
            else:
                item = _record(value, ctx, line, index)
                last = value
            want = _CHUNK_BYTES
            if in_array:
                # The usual case, in one step: a comma, and the next element already in the buffer.
                separator = _NEXT_ELEMENT.match(buffer, end)
                if separator is not None:
                    if before is not None:
                        yield notice(before)
                    yield item
                    index += 1  # a skipped element keeps its place: the ids of those after it do not move
                    line += buffer.count("\n", pos, separator.end())
                    pos = separator.end()
                    continue
            line += buffer.count("\n", pos, end)
            pos = end
            char = skip_space()
            after = stray
            if opener_lost is not None:
                lost, opener_lost = opener_lost, None
                if char == "," and inside is None:
                    # {…}, {…}]: the elements of an array whose '[' a bad byte took the place of.
                    in_array, expected = True, "',' or ']'"
                    yield notice(lost, "in place of the array's opening '['")
                else:
                    yield notice(lost)
            if (char in (",", "]", "") if in_array else char == "" or char in _VALUE_START) or not damaged:
                pass  # the element stands as it should (or, with no bad byte, E105 below)
            elif after is not None and char in _VALUE_START and before is None and inside is None:
                # Two sound elements with a bad byte between them: it stood for the comma.
                yield item
                index += 1
                yield notice(after, f"where ',' should follow element {index - 1}")
                continue
            elif before or inside or after:
                # What follows the element is not what may: a bad byte lost a character of the structure. One
                # before or in the element makes it a fragment of a damaged one; one only after it, the next.
                cause = before or inside or after
                assert cause is not None
                broken = InputError("E104", f"{cause.message}; the JSON is not valid there (expected {expected} "
                                    f"after element {index}, found {char!r})", path=ctx.where, line=cause.line,
                                    field=cause.field)
                if not (before or inside):
                    yield item
                    index += 1
                if (yield from resync(broken, pos)):
                    return
                continue
            if before is not None:
                yield notice(before)
            yield item
            index += 1
            if after is not None:
                yield notice(after, "in place of the array's closing ']'" if in_array and char == "" else "outside any record")
            if in_array:
                if char == ",":
                    pos += 1
                elif char == "":
                    if after is not None:
                        return  # the bad byte at the end stood for the closing ']' (its notice above)
                    raise InputError("E105", "not valid JSON (the array is never closed: file cut short?)",
                                     path=ctx.where, line=line)
                elif char != "]":
                    raise InputError("E105", f"not valid JSON (expected ',' or ']' after element {index - 1}, "
                                     f"found {char!r})", path=ctx.where, line=line)
    except InputError as exc:
        reason = "undecodable" if exc.code == "E104" else "broken_json"
        # Nothing after a syntax error in an array can be trusted: the rest of the file is skipped.
        yield _problem(reason, exc, True)


def _utf8_element(text: str, start: int, end: int) -> Any:
    """The JSON element ``text[start:end]``, decoded from Windows-1256, read again as UTF-8 when it is (else
    ``None``): cp1256 gives every byte one character, so encoding it back gives the file's bytes."""
    if not _NON_ASCII.search(text, start, end):
        return None
    utf8 = _utf8_record(text[start:end].encode("cp1256"))
    # The same JSON: its structure is ASCII, the same bytes in both encodings.
    return None if utf8 is None else loads_noting_repeats(utf8)


#: The first characters of a JSON value.
_VALUE_START = frozenset('{["-0123456789tfn')
#: Where one element ends and the next begins in a damaged stretch, as far as the text shows: a brace that
#: closes an object, then (in an array) a comma, then a brace that opens one; white space and bad bytes around.
#: The object's first key, when it is sound, tells an element (whose keys the last record's share) from a
#: nested object.
_FIRST_KEY = '(\\{)(?:[ \t\r\n]*"([^"\\\\\udc80-\udcff]*)")?'
_ARRAY_BOUNDARY = re.compile('\\}[ \t\r\n\udc80-\udcff]*,[ \t\r\n\udc80-\udcff]*' + _FIRST_KEY)
_SEQUENCE_BOUNDARY = re.compile('\\}[ \t\r\n\udc80-\udcff]*' + _FIRST_KEY)
#: A key's opening quote and as much of the key as is sound: JSON text escapes a quote, so '{"' or ',"'
#: outside a string opens a key (or a string in an array), and never appears inside one.
_KEY_OPENING = re.compile('[{,][ \t\r\n]*"([^"\\\\\udc80-\udcff]*)')
#: The rest of a key whose opening quote a bad byte took.
_KEY_REST = re.compile('([^"\\\\\udc80-\udcff]*)"[ \t\r\n]*:')


def _resync_at(decoder: json.JSONDecoder, text: str, start: int, after: int, in_array: bool,
               keys: Set[str]) -> tuple[int | None, list[int]]:
    """Where the next element that parses at the top level opens in ``text`` past ``after`` (``None`` if none
    does), and where each element seen to begin between the damaged one at ``start`` and it opens.

    A nested object or a ``{…}`` in an article's text (which a lost quote turns into JSON) parses too, so an
    element must look like one: an object, standing where an element may (after a comma or the opening
    bracket, or a bad byte: the comma lost; in a sequence, after a closing brace or a bad byte), followed by
    what may follow one (a comma, or the closing bracket and then the file's end; in a sequence, an object or
    the end), and sharing a key with the last record read, if any: a nested object rarely has its parent's keys.
    """
    boundary = _ARRAY_BOUNDARY if in_array else _SEQUENCE_BOUNDARY

    def begun(end: int | None) -> list[int]:
        return [m.start(1) for m in boundary.finditer(text, start, len(text) if end is None else end)
                if not keys or m[2] is None or m[2] in keys]

    at = after + 1
    while (candidate := text.find("{", at)) >= 0:
        at = candidate + 1
        if not _may_open_element(text, candidate, in_array):
            continue
        try:
            value, end = decoder.raw_decode(text, candidate)
        except (json.JSONDecodeError, RecursionError):
            continue
        if value and isinstance(value, dict) and not (keys and keys.isdisjoint(value)) \
                and _may_end_element(text, end, in_array):
            return candidate, begun(candidate)
    return None, begun(None)


def _may_open_element(text: str, at: int, in_array: bool) -> bool:
    """Whether what precedes ``text[at]``, past white space, may precede an element (or is a bad byte)."""
    k = at - 1
    while k >= 0 and text[k] in " \t\r\n":
        k -= 1
    return k < 0 or text[k] in (",[" if in_array else "}]") or "\udc80" <= text[k] <= "\udcff"


def _may_end_element(text: str, end: int, in_array: bool) -> bool:
    """Whether what follows an element ending at ``text[end]``, past white space and bad bytes, may follow one."""
    follow = _JSON_SPACE_OR_BAD.match(text, end).end()  # type: ignore[union-attr] - always matches
    char = text[follow:follow + 1]
    if not in_array:
        return char in ("", "{")
    if char == "]":  # the array's end only if the file's: a nested array's is followed by more of its element
        return _JSON_SPACE_OR_BAD.match(text, follow + 1).end() == len(text)  # type: ignore[union-attr]
    return char in (",", "")


def _field_at(text: str, start: int, at: int) -> str | None:
    """The key of the field that the bad byte at ``text[at]`` falls in or after, in the element opening at
    ``text[start]``: the last key opened before it, with U+FFFD where the byte falls in the key itself."""
    k = at - 1
    while k > start and text[k] in " \t\r\n":
        k -= 1
    if text[k] in "{," and (rest := _KEY_REST.match(text, at + 1)):  # the byte took the key's opening quote
        return "\ufffd" + rest[1]
    name = None
    for match in _KEY_OPENING.finditer(text, start, at):
        name = match[1] + ("\ufffd" if match.end() == at else "")
    return name


def _holder(value: Any) -> str | None:
    """The field of a decoded object that holds a bad byte: the key of a string value holding one, else a key
    holding one, with U+FFFD for its bad bytes (the summary, written as UTF-8, cannot hold them)."""
    if not isinstance(value, dict):
        return None
    for key, item in value.items():
        if isinstance(item, str) and _ESCAPED_BYTE.search(item) and not _ESCAPED_BYTE.search(key):
            return key
    return next((_ESCAPED_BYTE.sub("\ufffd", key) for key in value if _ESCAPED_BYTE.search(key)), None)


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
    in_utf8: list[int] = []  # the lines read as UTF-8 in a cp1256 file, until their row comes out
    in_cp1256: list[int] = []  # the lines read as cp1256 in a UTF-8 file, until their row comes out
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
                    if encoding == "cp1256" and (utf8 := _utf8_record(piece)) is not None:
                        text_line = utf8
                        in_utf8.append(read)
                except UnicodeDecodeError as exc:
                    if (cp1256 := _cp1256_record(piece)) is not None:
                        text_line = cp1256
                        in_cp1256.append(read)
                    else:
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

    reader: csv.DictReader[Any] = csv.DictReader(lines())  # keyed by names, and blank ones by _BlankColumn
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
        if (repeated := _repeated_column(reader.fieldnames)) is not None:
            yield _problem("repeated_key", InputError("E108", **repeated, path=ctx.where, line=1,
                                                   field=repeated["name"]), True)
            return
        # Blank names are keyed apart (two of them as one key would keep only the last one's value).
        reader.fieldnames = [name if name.strip() else _BlankColumn(column)
                             for column, name in enumerate(reader.fieldnames, start=1)]
        for row in reader:
            start = line + 1
            line = reader.line_num
            if in_utf8:  # one notice for the row, at its first line read as UTF-8
                yield _utf8_notice(ctx.where, in_utf8[0])
                in_utf8.clear()
            if in_cp1256:  # …or as Windows-1256
                yield _cp1256_notice(ctx.where, in_cp1256[0])
                in_cp1256.clear()
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
            if (filled := _filled_blank_column(row)) is not None:
                yield _problem("unnamed_column", InputError("E109", column=filled.column, path=ctx.where, line=start))
                index += 1
                continue
            yield _record({k: v for k, v in row.items() if v is not None and not isinstance(k, _BlankColumn)},
                          ctx, start, index)
            index += 1
        problem = unclosed()  # a header whose quote is never closed swallows the file: no row comes out
        if problem is not None:
            yield problem
    except csv.Error as exc:
        yield _problem("broken_csv", InputError("E107", f"not valid CSV ({exc})", path=ctx.where,
                                               line=reader.line_num), True)


@dataclass(frozen=True, slots=True)
class _BlankColumn:
    """The key of a CSV column whose header name is blank: its place (from 1), so that no two are one key."""

    column: int


def _filled_blank_column(row: dict[Any, str | None]) -> _BlankColumn | None:
    """The first column with a blank header name (empty or spaces) that holds a value in ``row`` (not spaces alone),
    ``None`` if all are empty.

    Blank columns are what a spreadsheet writes after the last named one (``id,text,,``): empty, they are no
    field and are dropped, so the file reads as it would without them. A value in one is refused (E109) rather
    than kept under a made-up key: no name says what it is, and it is most often a named field's tail pushed
    one column on by a comma left unquoted, so the row's text itself would be cut short without a word.
    """
    return next((key for key, value in row.items() if isinstance(key, _BlankColumn) and value and value.strip()), None)


def _repeated_column(names: Sequence[str]) -> dict[str, Any] | None:
    """The first column name a CSV header gives twice, and the columns (from 1) that give it; ``None`` if none.

    Each row is read as a dict keyed by the header, so the second column of a name would replace the first's
    value. A blank name (empty or spaces) is left alone: the empty columns a spreadsheet writes after the last named one
    (``id,text,,``) are no names, and refusing them would refuse those files (see :func:`_filled_blank_column`).
    """
    first: dict[str, int] = {}
    for column, name in enumerate(names, start=1):
        if not name.strip():
            continue
        if name in first:
            return {"name": name, "first": first[name], "second": column}
        first[name] = column
    return None


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
    its ``<DOC>`` tag or body, as written, holds one. Its decoded values cannot tell: a reference such as
    ``&#xDC80;`` would decode to the same character, so :mod:`.trec` keeps those as written. A bad byte only in
    an attribute that khabar does not read (of an element inside the record) costs nothing: a :class:`Notice`,
    and the record is read; the attributes of ``<DOC>`` are fields (Gigaword's ``id`` and ``type``), so a bad
    byte in one costs the record as one in its text does. One that breaks a ``<DOC>`` or ``</DOC>`` tag costs
    the record it opens or closes: E104 at its line, with what is malformed.

    A record's index is in no id (a TREC record's id is its DOCNO or its ``id`` attribute, and one without is
    refused), only in the messages ("record 4"); a record whose ``<DOC>`` tag is damaged still keeps its place
    (:func:`.parse_trec`). In a Windows-1256 file, a record whose tag and body are UTF-8 Arabic is read as UTF-8
    (:func:`_utf8_record`).
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
            yield _trec_problem(parsed, text, bad, bad_lines, encoding, ctx)
            continue
        # The record's first bad byte, found by bisection: a scan from the start for each damaged record would
        # take time in the square of the bad bytes (a long cp1256 stretch in a UTF-8 file has thousands).
        first = bisect.bisect_left(bad, parsed.tag)  # from its <DOC> tag on: the tag's attributes are fields
        if first == len(bad) or bad[first] >= parsed.end:
            if encoding == "cp1256" and (utf8 := _trec_utf8_fields(text, parsed)) is not None:
                parsed = utf8
                yield _utf8_notice(ctx.where, parsed.line)
            yield RawRecord(parsed.fields, ctx.where, parsed.line, parsed.index, None, ctx.meta)
            continue
        at, line = bad[first], bad_lines[first]
        message = _bad_byte_message(text, at, encoding, whole=True)
        holder = next((k for k, v in parsed.fields.items()
                       if any(_ESCAPED_BYTE.search(item) for item in (v if isinstance(v, list) else [v]))), None)
        docno = parsed.fields.get("id")
        if holder is None:  # only in an attribute of an element: no value read holds it
            yield Notice("undecodable_attribute", f"{ctx.where}:{line}: {message}, in an attribute of "
                         f"record {parsed.index + 1} ({docno}): ignored, no record lost", ctx.where)
            yield RawRecord(parsed.fields, ctx.where, parsed.line, parsed.index, None, ctx.meta)
            continue
        # The line is the record's first bad byte's, which may sit in an attribute before the field named.
        yield _problem("undecodable", InputError(
            "E104", message, path=ctx.where, line=line, field=holder,
            doc_id=docno if docno and not _ESCAPED_BYTE.search(docno) else None))


def _trec_utf8_fields(text: str, parsed: TrecRecord) -> TrecRecord | None:
    """A record of a file read as Windows-1256 read again as UTF-8 when its ``<DOC>`` tag and body are (else ``None``)."""
    if not _NON_ASCII.search(text, parsed.tag, parsed.end):
        return None
    utf8 = _utf8_record(text[parsed.tag:parsed.end].encode("cp1256"))
    if utf8 is None:
        return None
    record = next(parse_trec(f"{utf8}</DOC>"))  # the same tags: ASCII, the same bytes in both encodings
    return replace(parsed, fields=record.fields) if isinstance(record, TrecRecord) else None


def _trec_problem(parsed: TrecProblem, text: str, bad: list[int], bad_lines: list[int], encoding: str,
                  ctx: _Context) -> Problem:
    """E131 for a malformed TREC/CLEF record; E104 at its first bad byte's line when one is in it, which
    is then the likely cause (a tag's character lost), as in a JSON element."""
    docno, message = parsed.docno, parsed.message
    if bad:  # neither may carry a lone surrogate into the summary, which is written as UTF-8
        docno = _ESCAPED_BYTE.sub("\ufffd", docno) if docno else docno
        message = _ESCAPED_BYTE.sub("\ufffd", message)
    record = f"record {parsed.index + 1}" + (f" ({docno})" if docno else "")
    first = bisect.bisect_left(bad, parsed.start)
    if first < len(bad) and bad[first] < parsed.end:
        return _problem("undecodable", InputError(
            "E104", f"{_bad_byte_message(text, bad[first], encoding, whole=True)}; malformed TREC/CLEF {record}: "
            f"{message}", path=ctx.where, line=bad_lines[first], field=parsed.field, doc_id=docno))
    return Problem.from_error(InputError("E131", f"malformed TREC/CLEF {record}: {message}", path=ctx.where,
                                         line=parsed.line, field=parsed.field, doc_id=docno), reason="broken_trec")


def _lines_of(text: str, positions: list[int]) -> list[tuple[int, int]]:
    """Each of the ascending ``positions`` in ``text`` with its 1-based line, counted once through the text."""
    out: list[tuple[int, int]] = []
    line, start = 1, 0
    for at in positions:
        line += text.count("\n", start, at)
        start = at
        out.append((at, line))
    return out
