"""brat standoff: gold documents to a folder of ``.txt`` + ``.ann`` files and back.

brat (and INCEpTION, which reads and writes the same files) keeps each
document's text in ``NAME.txt`` and its annotations in ``NAME.ann``, one per
line, tab-separated; ``annotation.conf`` declares the labels. khabar writes:

* ``T`` lines for entities (``T1<TAB>LOC 12 17<TAB>سوريا``) and for the parts of
  a quote, labelled ``CONTENT``, ``SOURCE`` and ``CUE`` (the labels khabar's
  doccano project uses);
* ``R`` lines for the quote's relations, ``speaker`` (CONTENT -> SOURCE) and
  ``cue`` (CONTENT -> CUE), as in doccano;
* an ``A`` line giving each CONTENT its quote type (``QuoteType`` attribute:
  direct, indirect, mixed).

Offsets are code points into the ``.txt`` file's text, end exclusive, as in the
gold format and brat's own Python server, so emoji, bidi marks and other
characters beyond one UTF-16 unit need no conversion. The ``.txt`` file is the
document's text byte for byte (UTF-8, line ends untouched). A span that
crosses a line break is written as brat writes it, as fragments
(``CONTENT 0 5;6 20``), and read back as the stretch from its first fragment's
start to its last one's end. That reading holds only when nothing but white
space lies between the fragments: a discontinuous annotation whose gap holds a
word (``PERS 4 8;13 15`` over ``محمد علي إن``) would take in what the annotator
left out, and is refused (E274), as are fragments out of order (E264). Each
fragment's text is checked against the ``.txt`` file (E265).

The file name is the document id, with every character that is unsafe in a
file name percent-encoded (``urllib.parse.quote``), so ids come back exactly.
brat has no place for ``meta``: it is not written, and documents read from
brat carry only ``meta["brat_file"]``.

Writing is canonical: entities first (``T1`` …, in the gold order), then each
quote's CONTENT, SOURCE and CUE; a SOURCE or CUE span shared by several quotes
is one ``T`` line with several relations. Reading a folder written so and
writing it again gives the same files, byte for byte. Reading accepts any
brat file of these labels (in any order and numbering); ``#`` notes and ``N``
normalisations are ignored, anything else is an error naming file and line
(E261-E269).
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from os import PathLike
from pathlib import Path

from ...errors import InputError
from ..model import ENTITY_LABELS, QUOTE_TYPES, Document, Entity, Quote, Span
from ._folder import atomic_folder

__all__ = ["write_brat", "read_brat", "ANNOTATION_CONF", "file_stem", "document_id"]

QUOTE_LABELS: tuple[str, ...] = ("CONTENT", "SOURCE", "CUE")
RELATIONS: dict[str, str] = {"speaker": "SOURCE", "cue": "CUE"}  # relation -> label of its Arg2
TYPE_ATTRIBUTE = "QuoteType"

#: brat's configuration for khabar's labels: entities, quote parts, their relations and the quote type.
ANNOTATION_CONF = "\n".join([
    "[entities]",
    *ENTITY_LABELS,
    *QUOTE_LABELS,
    "",
    "[relations]",
    *(f"{name}\tArg1:CONTENT, Arg2:{target}" for name, target in RELATIONS.items()),
    "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>",
    "",
    "[events]",
    "",
    "[attributes]",
    f"{TYPE_ATTRIBUTE}\tArg:CONTENT, Value:{'|'.join(QUOTE_TYPES)}",
    "",
])


#: The longest file name (in bytes) the common file systems take (ext4, XFS, APFS, NTFS: 255).
_NAME_MAX = 255

_UNSAFE = frozenset('/\\:*?"<>|%')


def file_stem(doc_id: str) -> str:
    """The file name (without ``.txt``/``.ann``) of a document id; :func:`document_id` undoes it.

    Characters file systems refuse or misread (``/ \\ : * ? " < > |``, ``%``
    itself, white space and control characters) are percent-encoded; Arabic and
    other letters stay as they are.
    """
    stem = "".join(urllib.parse.quote(c, safe="") if c in _UNSAFE or c.isspace() or not c.isprintable() else c
                   for c in doc_id)
    return "%2E" + stem[1:] if stem.startswith(".") else stem  # no hidden files


def document_id(stem: str) -> str:
    return urllib.parse.unquote(stem)


def _fragments(text: str, span: Span) -> str:
    """``start end`` or, for a span across line breaks, ``s1 e1;s2 e2`` fragments without the breaks."""
    pieces: list[tuple[int, int]] = []
    start = span.start
    for pos in range(span.start, span.end):
        if text[pos] in "\r\n":
            if pos > start:
                pieces.append((start, pos))
            start = pos + 1
    if span.end > start:
        pieces.append((start, span.end))
    if not pieces:  # nothing but line breaks: keep the span as it is
        pieces = [(span.start, span.end)]
    return ";".join(f"{s} {e}" for s, e in pieces)


def _surface(text: str, span: Span) -> str:
    return " ".join(text[s:e] for s, e in _pieces(_fragments(text, span)))


def _pieces(offsets: str) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in (part.split() for part in offsets.split(";"))]


def document_to_ann(doc: Document) -> str:
    """The ``.ann`` file of one document, canonical (see the module's docstring)."""
    lines: list[str] = []
    text = doc.text
    t = r = a = 0

    def text_bound(label: str, span: Span) -> str:
        nonlocal t
        t += 1
        lines.append(f"T{t}\t{label} {_fragments(text, span)}\t{_surface(text, span)}")
        return f"T{t}"

    for entity in doc.entities:
        text_bound(entity.label, entity.span)
    shared: dict[tuple[str, Span], str] = {}
    for quote in doc.quotes:
        content = text_bound("CONTENT", quote.content)
        for relation, label, span in (("speaker", "SOURCE", quote.source), ("cue", "CUE", quote.cue)):
            if span is None:
                continue
            key = (label, span)
            if key not in shared:
                shared[key] = text_bound(label, span)
            r += 1
            lines.append(f"R{r}\t{relation} Arg1:{content} Arg2:{shared[key]}\t")
        a += 1
        lines.append(f"A{a}\t{TYPE_ATTRIBUTE} {content} {quote.type}")
    return "".join(line + "\n" for line in lines)


def write_brat(out: str | PathLike[str], docs: Iterable[Document]) -> int:
    """Write ``docs`` as a brat folder (``.txt``, ``.ann``, ``annotation.conf``), atomically; return how many.

    Two documents whose ids differ only in case would overwrite each other on
    some file systems; ids must be unique (E262).
    """
    count = 0
    seen: set[str] = set()
    with atomic_folder(out, marker="annotation.conf") as folder:
        (folder / "annotation.conf").write_text(ANNOTATION_CONF, encoding="utf-8")
        for doc in docs:
            stem = file_stem(doc.id)
            if stem.lower() in seen:
                raise InputError("E262", "two documents would share one brat file name (ids must be unique, "
                                 "case aside)", doc_id=doc.id, field="id")
            seen.add(stem.lower())
            if len(f"{stem}.ann".encode()) > _NAME_MAX:
                raise InputError("E273", length=len(doc.id), doc_id=doc.id[:80] + ("…" if len(doc.id) > 80 else ""),
                                 field="id")
            with open(folder / f"{stem}.txt", "w", encoding="utf-8", newline="") as handle:
                handle.write(doc.text)
            with open(folder / f"{stem}.ann", "w", encoding="utf-8", newline="\n") as handle:
                handle.write(document_to_ann(doc))
            count += 1
    return count


@dataclass(slots=True)
class _TextBound:
    label: str
    span: Span
    line: int


def _read_ann(path: Path, text: str, doc_id: str) -> Document:
    bounds: dict[str, _TextBound] = {}
    relations: list[tuple[str, str, str, int]] = []
    types: dict[str, tuple[str, int]] = {}

    def fail(code: str, message: str, line: int, field: str | None = None) -> InputError:
        return InputError(code, message, path=path, line=line, field=field, doc_id=doc_id)

    raw_lines = _read_text(path).split("\n")
    first_line: dict[str, int] = {}
    for number, raw in enumerate(raw_lines, start=1):
        line = raw.rstrip("\r")
        if not line.strip():
            continue
        key, _, rest = line.partition("\t")
        kind = key[:1]
        if kind in ("#", "N"):
            continue
        if key in first_line:  # brat refuses such a file; reading on would keep only the last annotation
            raise fail("E269", f"annotation id {key!r} is used twice (first on line {first_line[key]})", number, "id")
        first_line[key] = number
        if kind == "T":
            annotation, _, surface = rest.partition("\t")
            label, _, offsets = annotation.partition(" ")
            if label not in ENTITY_LABELS and label not in QUOTE_LABELS:
                raise fail("E263", f"unknown label {label!r} (expected one of "
                           f"{', '.join(ENTITY_LABELS + QUOTE_LABELS)})", number, "label")
            try:
                pieces = _pieces(offsets)
            except ValueError:
                raise fail("E264", f"offsets must be 'START END' (';' between fragments), found {offsets!r}",
                           number, "offsets") from None
            span = Span(pieces[0][0], pieces[-1][1])
            if not 0 <= span.start < span.end <= len(text) or any(s > e for s, e in pieces):
                raise fail("E264", f"span {offsets} lies outside the text (length {len(text)}) or is empty",
                           number, "offsets")
            problem = _fragment_problem(key, pieces, surface, text)
            if problem is not None:
                code, message, field = problem
                raise fail(code, message, number, field)
            bounds[key] = _TextBound(label, span, number)
        elif kind == "R":
            parts = rest.split("\t")[0].split()
            if len(parts) != 3 or not parts[1].startswith("Arg1:") or not parts[2].startswith("Arg2:"):
                raise fail("E266", f"expected 'NAME Arg1:T.. Arg2:T..', found {rest!r}", number, "relation")
            relations.append((parts[0], parts[1][5:], parts[2][5:], number))
        elif kind in ("A", "M"):
            parts = rest.split()
            if len(parts) != 3 or parts[0] != TYPE_ATTRIBUTE or parts[2] not in QUOTE_TYPES:
                raise fail("E266", f"expected '{TYPE_ATTRIBUTE} T.. {'|'.join(QUOTE_TYPES)}', found {rest!r}",
                           number, "attribute")
            if parts[1] in types:
                raise fail("E268", f"{parts[1]} has two {TYPE_ATTRIBUTE} attributes (first on line "
                           f"{types[parts[1]][1]}): a quote has one type", number, "attribute")
            types[parts[1]] = (parts[2], number)
        else:
            raise fail("E267", f"khabar reads T, R and A lines (and skips # and N), not {key!r}", number)

    sources: dict[str, dict[str, str]] = {}
    for name, arg1, arg2, number in relations:
        if name not in RELATIONS:
            raise fail("E266", f"unknown relation {name!r} (expected {', '.join(RELATIONS)})", number, "relation")
        for arg, want in ((arg1, "CONTENT"), (arg2, RELATIONS[name])):
            if arg not in bounds or bounds[arg].label != want:
                raise fail("E268", f"relation {name}: {arg} is not a {want} annotation of this file", number,
                           "relation")
        links = sources.setdefault(arg1, {})
        if name in links:
            raise fail("E268", f"{arg1} has two {name} relations: a quote has one source and one cue", number,
                       "relation")
        links[name] = arg2
    for key, (_, number) in types.items():
        if key not in bounds or bounds[key].label != "CONTENT":
            raise fail("E268", f"{TYPE_ATTRIBUTE} given to {key}, which is not a CONTENT annotation", number,
                       "attribute")

    def order(key: str) -> tuple[int, str]:
        return (int(key[1:]) if key[1:].isdigit() else 1 << 30, key)

    entities = [Entity(b.span.start, b.span.end, b.label) for k, b in sorted(bounds.items(), key=lambda kv: order(kv[0]))
                if b.label in ENTITY_LABELS]
    quotes = []
    for key in sorted((k for k, b in bounds.items() if b.label == "CONTENT"), key=order):
        links = sources.get(key, {})
        quotes.append(Quote(bounds[key].span,
                            bounds[links["speaker"]].span if "speaker" in links else None,
                            bounds[links["cue"]].span if "cue" in links else None,
                            types[key][0] if key in types else "indirect"))
    return Document(doc_id, text, {"brat_file": path.with_suffix(".txt").name}, entities, quotes)


def _fragment_problem(
    key: str, pieces: list[tuple[int, int]], surface: str, text: str
) -> tuple[str, str, str] | None:
    """Code, message and field when the fragments are out of order (E264), hold more than white space
    between them (E274) or are not the surface's text (E265); None when they are right.

    The span is read from the first fragment to the last, so the gaps become part
    of it: a gap holding more than white space (the line breaks brat splits a span
    at) would add to the span what the annotator left out.
    """
    for (first_start, first_end), (start, end) in zip(pieces, pieces[1:]):
        if start < first_end:
            return ("E264", f"{key}: fragment {start}-{end} starts before the one before it ends ({first_end}): "
                    "fragments come in order, without overlapping", "offsets")
        gap = text[first_end:start]
        if gap and not gap.isspace():
            shown = gap if len(gap) <= 40 else gap[:37] + "..."
            return ("E274", f"{key}: the gap between fragments {first_start}-{first_end} and {start}-{end} holds "
                    f"{shown!r}, not only white space; khabar reads a span from its first fragment to its last, "
                    "which would take that in: annotate the parts as two spans, or as one span with the gap",
                    "offsets")
    fragments = [text[start:end] for start, end in pieces]
    if surface == " ".join(fragments):  # as brat writes the text of a span of several fragments
        return None
    position, wrong = 0, len(fragments) - 1  # a surface longer than the fragments: the last one is named
    for number, fragment in enumerate(fragments):
        if surface[position:position + len(fragment)] != fragment or (
                number < len(fragments) - 1 and surface[position + len(fragment):][:1] != " "):
            wrong = number
            break
        position += len(fragment) + 1
    offsets = ";".join(f"{start} {end}" for start, end in pieces)
    which = ""
    if len(pieces) > 1:
        which = f", fragment {wrong + 1} of {len(pieces)} ({pieces[wrong][0]}-{pieces[wrong][1]})"
    return ("E265", f"the annotation's text {surface!r} is not the text at {offsets}{which}, "
            f"{' '.join(fragments)!r}: .txt and .ann disagree", "text")


def _read_text(path: Path) -> str:
    """A ``.txt`` or ``.ann`` file's text, line ends untouched; E261 when it is not UTF-8 or cannot be read."""
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            return handle.read()
    except UnicodeDecodeError as exc:
        raise InputError("E261", f"not UTF-8 ({exc.reason} at byte {exc.start})", path=path) from None
    except OSError as exc:  # a folder named NAME.txt or NAME.ann, a file that cannot be read
        raise InputError("E261", f"cannot read the file ({exc.strerror or exc})", path=path) from None


def read_brat(folder: str | PathLike[str]) -> Iterator[Document]:
    """The documents of a brat folder: each ``NAME.txt`` with its ``NAME.ann`` (none: no annotations), by name."""
    root = Path(folder)
    if not root.is_dir():
        raise InputError("E261", "no such folder (a brat folder holds NAME.txt and NAME.ann files)", path=root)
    texts = sorted(root.rglob("*.txt"))
    if not texts:
        raise InputError("E261", "the folder holds no .txt file", path=root)
    # Checked before the first document, so that nothing is written: an .ann whose .txt is missing or misnamed
    # (NAME.TXT) was passed over, its annotations lost without a word; and two files that unquote to one id
    # (a/b.txt and a%2Fb.txt) made a gold file with that id twice, which every later step refuses.
    for ann in sorted(root.rglob("*.ann")):
        if not ann.with_suffix(".txt").is_file():
            raise InputError("E261", f"{ann.name} has no {ann.with_suffix('.txt').name} beside it: its annotations "
                             "would be lost", path=ann)
    read_from: dict[str, Path] = {}
    for txt in texts:
        doc_id = document_id(txt.relative_to(root).with_suffix("").as_posix())
        if doc_id in read_from:
            raise InputError("E261", f"{txt.relative_to(root)} and {read_from[doc_id].relative_to(root)} are both the "
                             f"document {doc_id!r}", path=txt, field="id", doc_id=doc_id)
        read_from[doc_id] = txt
    for doc_id, txt in read_from.items():
        text = _read_text(txt)
        ann = txt.with_suffix(".ann")
        if ann.exists():
            yield _read_ann(ann, text, doc_id)
        else:
            yield Document(doc_id, text, {"brat_file": txt.name})
