"""FANE gold files (NewsFANE, WikiFANE) as entity training data in the project's conventions.

Alotaibi and Lee (COLING 2014) annotated Arabic news and Wikipedia text with 50 fine-grained
entity types under ACE's coarse classes; NewsFANE Gold (170,000 tokens, CC BY-SA 3.0) is the
newswire part. Its text is ANERcorp's, re-annotated: 3,939 of its 4,760 sentences are sentences
of the ANERcorp file in ``../shared/data`` (the first 125,275 lines of the original; found by their
first or last 40 letters), and its first sentence is ANERcorp's first. It is a second,
independent reading of the same sentences, with its own conventions (facilities, media agencies,
products): measured beside ANERcorp in benchmarks/README ("NewsFANE Gold beside ANERcorp"). A
model trained on it has seen ANERcorp's test sentences: score it elsewhere, or leave them out
(:func:`khabar.extract.training_sources.drop_shared_sentences`).

A FANE file differs from ANERcorp's CoNLL in three ways, all undone here:

* **fine-grained types** (``B-Politician``, ``I-Population-Center``...): mapped to PERS, ORG, LOC
  and MISC by :data:`FANE_TYPES`, written from the guidelines (``annotation/guidelines.md``):
  places, facilities and geopolitical entities are LOC (the guidelines name bases and ports);
  products, works and vehicles MISC; ``Group`` (الصينيون, الشيوعيون: nationalities and groups of
  people) is no entity. A type the table does not know is an error (E249), not a silent O;
* **clitics split off** (``و الصين``, ``ان ه``, ``دولة ه``): single-letter proclitics are glued to
  the word after them and pronoun suffixes to the word before, because khabar tags whitespace
  tokens with clitics attached, as the guidelines keep them; the glue spells the word as Arabic
  does (``ل`` + ``ال`` is ``لل``; before a suffix ة is ت and ى is ا: ``دولته``).
  A glued word takes its stem's tag; a proclitic tagged inside a name (``خليج و يتليت``) keeps the
  name going;
* **marks**: every token carries a left-to-right mark (U+200E), and the file opens with a byte
  order mark; both are removed.

The orthography is left as it is (hamza-less alefs, ي for final ى): khabar's matching keys fold
those letters already (:func:`khabar.text.normalize`).

Written by hand: no library reads FANE's files, and the clitic glue is specific to them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path

from ...errors import InputError
from ...io import atomic_write

__all__ = ["FANE_TYPES", "FaneSummary", "read_fane", "convert_fane"]

_PERS = "Politician Athlete Artist Other_PER Religious_PER Scientist Police Businessperson Lawyer Engineer"
_ORG = (
    "Non-Governmental Sports Government Media Commercial Educational Medical-Science Entertainment "
    "Religious_ORG"
)
_LOC = (
    "Nation Population-Center State-or-Province County-or-District GPE-Cluster Special Continent "
    "Water-Body Land-Region-Natural Celestial Address Boundary Region-General Region-International "
    "Building-Grounds Path Airport Subarea-Facility Plant"
)
_MISC = (
    "Book Movie Software Hardware Drug Food "  # products and works
    "Land Air Water Subarea-Vehicle "  # vehicles
    "Projectile Shooting Blunt Chemical Biological Nuclear Exploding Sharp"  # weapons
)
_NONE = "Group"

#: FANE's fine-grained types, each mapped to the guidelines' label (``None``: not an entity).
FANE_TYPES: dict[str, str | None] = {
    **{name: "PERS" for name in _PERS.split()},
    **{name: "ORG" for name in _ORG.split()},
    **{name: "LOC" for name in _LOC.split()},
    **{name: "MISC" for name in _MISC.split()},
    **{name: None for name in _NONE.split()},
}

#: Proclitics FANE writes as tokens of their own: conjunctions, prepositions, the future's س.
_PROCLITICS = frozenset("و ف ب ل ك س".split())
#: Pronoun suffixes it writes apart from their word. (A lone ء is left alone: where it stands, at the ends of quoted
#: speech, it is a quotation mark the file's encoding lost, not a letter of the word before.)
_ENCLITICS = frozenset("ه ها هم هما هن نا ي ني كم كما".split())
_MARKS = str.maketrans("", "", "\ufeff\u200e\u200f")


def _is_arabic_word(token: str) -> bool:
    return any("\u0621" <= char <= "\u064a" for char in token)


@dataclass
class FaneSummary:
    """What a conversion read and wrote."""

    sentences: int = 0
    tokens_read: int = 0
    tokens_written: int = 0
    #: Entities written, by label.
    entities: Counter[str] = field(default_factory=Counter)
    #: Mentions of types that are not entities under the guidelines, by FANE type.
    left_out: Counter[str] = field(default_factory=Counter)


def read_fane(path: str | PathLike[str], summary: FaneSummary | None = None) -> Iterator[list[tuple[str, str]]]:
    """Stream the sentences of a FANE file as ``(token, tag)`` lists: clitics glued, tags in the guidelines' labels.

    Raises :class:`InputError` naming the file and line: E244 for a missing file,
    E245 for bytes that are not UTF-8, E250 for a token line without a tab, E241
    for a tag that is not BIO, E249 for a type :data:`FANE_TYPES` does not know.
    """
    source = Path(path)
    if not source.is_file():
        raise InputError("E244", "no such file", path=source)
    summary = summary if summary is not None else FaneSummary()
    sentence: list[tuple[str, str]] = []
    with source.open("rb") as handle:
        for number, raw in enumerate(handle, 1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise InputError("E245", reason=exc.reason, byte=exc.start, path=source, line=number) from None
            token, tab, tag = line.rstrip("\r\n").partition("\t")
            token = token.translate(_MARKS).strip()
            if token and not tab:
                # The published files put a tab on every line (a lone tab between sentences). Splitting at spaces
                # instead would guess: a line missing its tag reads as a token and a tag, or a tag as a token.
                raise InputError("E250", found=line.translate(_MARKS).strip(), path=source, line=number)
            if not token:
                if sentence:
                    yield _sentence_done(sentence, summary)
                    sentence = []
                continue
            summary.tokens_read += 1
            sentence.append((token, _coarse(tag.strip() or "O", source, number, summary)))
    if sentence:
        yield _sentence_done(sentence, summary)


def convert_fane(path: str | PathLike[str], dest: str | PathLike[str]) -> FaneSummary:
    """Write a FANE file as CoNLL (``token<TAB>tag``, a blank line after each sentence) for ``khabar train entities``.

    Written to a temporary file and renamed: an error leaves no half-written output.
    """
    summary = FaneSummary()
    with atomic_write(Path(dest), "w", encoding="utf-8") as out:
        for sentence in read_fane(path, summary):
            out.writelines(f"{token}\t{tag}\n" for token, tag in sentence)
            out.write("\n")
    return summary


def _coarse(tag: str, path: Path, line: int, summary: FaneSummary) -> str:
    if tag == "O":
        return tag
    prefix, _, fine = tag.partition("-")
    if prefix not in ("B", "I") or not fine:
        raise InputError("E241", tag=tag, path=path, line=line, field="tag")
    if fine not in FANE_TYPES:
        raise InputError("E249", tag=tag, path=path, line=line, field="tag")
    label = FANE_TYPES[fine]
    if label is None:
        if prefix == "B":
            summary.left_out[fine] += 1
        return "O"
    return f"{prefix}-{label}"


def _sentence_done(sentence: list[tuple[str, str]], summary: FaneSummary) -> list[tuple[str, str]]:
    glued = _glue(sentence)
    summary.sentences += 1
    summary.tokens_written += len(glued)
    summary.entities.update(tag[2:] for _, tag in glued if tag.startswith("B-"))
    return glued


def _before_suffix(word: str) -> str:
    """``word`` as Arabic spells it before a pronoun suffix.

    ة becomes ت (سعادة + ه = سعادته) and ى becomes ا (اسمى + ه = اسماه).
    """
    if word.endswith("ة"):
        return word[:-1] + "ت"
    if word.endswith("ى"):
        return word[:-1] + "ا"
    return word


def _glue(sentence: list[tuple[str, str]]) -> list[tuple[str, str]]:
    out: list[list[str]] = []
    pending: list[tuple[str, str]] = []  # proclitics waiting for their word
    for token, tag in sentence:
        if token in _PROCLITICS:
            pending.append((token, tag))
        elif token in _ENCLITICS and not pending and out and _is_arabic_word(out[-1][0]):
            out[-1][0] = _before_suffix(out[-1][0]) + token
            if out[-1][1] == "O" and tag != "O":
                out[-1][1] = tag
        elif pending and _is_arabic_word(token):
            prefix = "".join(clitic for clitic, _ in pending)
            if prefix.endswith("ل") and token.startswith("ال"):
                token = token[1:]  # ل + الـ is written لل
            inside = pending[0][1]
            if inside.startswith("I-") and tag != "O":
                tag = inside  # a conjunction inside a name: the name goes on
            elif tag == "O":
                tag = next((t for _, t in pending if t != "O"), "O")
            out.append([prefix + token, tag])
            pending = []
        else:
            out.extend([clitic, t] for clitic, t in pending)
            pending = []
            out.append([token, tag])
    out.extend([clitic, t] for clitic, t in pending)
    # A tag I- that no longer follows its own label (a glue moved it) begins an entity.
    previous = "O"
    for pair in out:
        if pair[1].startswith("I-") and previous[2:] != pair[1][2:]:
            pair[1] = "B-" + pair[1][2:]
        previous = pair[1]
    return [(token, tag) for token, tag in out]
