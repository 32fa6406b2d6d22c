"""The same gold articles written as published, typed on a Persian keyboard, in presentation forms and in the
spellings of Arabic web and regional news.

Run from the repository root::

    .venv/bin/python benchmarks/orthography.py                                 # with make demo's entity model
    .venv/bin/python benchmarks/orthography.py --entity-model MODEL            # another recogniser

Arabic typed on a Persian or Urdu keyboard writes ي as ی and ك as ک, and text copied out of a PDF keeps the
presentation forms of its letters (ﻭﻗﺎﻝ for وقال). Both rewrite each letter as one other code point, so the gold
offsets stay valid and the same articles can be scored as the user's recogniser and the quote rules read them:
entity strict micro F1 and quote content F1 at 0.3 and attribution F1 (:mod:`khabar.evaluate`). Since session 35,
:func:`khabar.text.fold` gives such words the matching keys of their ordinary spelling, so the three rows of a gold
set should agree; before it, the Persian keyboard's and the presentation forms' rows fell (numbers in
benchmarks/README.md).

Web and regional news change letters one for one too: hamza seats dropped (اكد ان for أكد أن), every final ي written
ى (فى، الذى: Egyptian news) or every final ى written ي (حتي، الي: Maghrebi and informal text), ة written ه. The
matching key already folds them all; the quote rules' looks at a word's own letters read a text that writes final
ي and ى alike as its reader does (:func:`khabar.extract.quotes.text._final_ya_written`, session 36).

Other writings insert characters (session 36): tanween on a final alef (أيضاً، مشيراً: Levantine and Gulf news), a
diacritic after a random share of the letters (partial vocalisation, محمّد، عُمان) or after every letter (a verse
quoted fully vocalised), tatweel between joining letters (وقـال، الـمـمـلـكـة: headlines) and invisible marks inside
words (ZWNJ, ZWJ, RLM, LRM, a zero-width space or a soft hyphen, as copied from web pages). Each is seeded by the
writing and the article, so a run is repeatable. The gold is carried over through an offset map: a span starts where
its first character now stands and ends after its last character and the marks written after it (a diacritic or a
tatweel belongs to the letter before it); an invisible mark is only ever put between two letters of a word, so it
never stands at a span's edge; a control character (NUL, U+008F: a scraper's or an old encoder's) goes inside words
and after their last letter, outside the spans, which must shed it (session 39). The "moved" columns count the quotes and entities that differ from the prediction on
the articles as published, carried over the same way.
"""

from __future__ import annotations

import os
import sys

# This folder holds benchmarks named like standard modules (tokenize.py): keep it off the import path.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]

import argparse  # noqa: E402
import dataclasses  # noqa: E402
import functools  # noqa: E402
import random  # noqa: E402
import unicodedata  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from pathlib import Path  # noqa: E402

import regex  # noqa: E402

from khabar.evaluate.crossval import quote_figures  # noqa: E402
from khabar.extract.entities import extract_entities, load_recognizer  # noqa: E402
from khabar.extract.quotes import QuoteExtractor  # noqa: E402
from khabar.gold import Document, Entity, Quote, Span, read_documents  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("KHABAR_SHARED_DATA", ROOT.parent / "shared" / "data"))

#: Each Arabic letter's isolated presentation form (one code point for one: the offsets stay those of the gold).
_ISOLATED = {
    letter: form
    for form in map(chr, range(0xFE70, 0xFEFD))
    if len(letter := unicodedata.normalize("NFKC", form)) == 1 and unicodedata.name(form, "").endswith("ISOLATED FORM")
}

#: A letter at a word's end: no letter follows it, past any diacritics (عليّ's ي is final, يَكتب's is not).
_FINAL = r"(?=\p{M}*(?!\p{L}))"
_FINAL_YA = regex.compile("ي" + _FINAL)
_FINAL_ALEF_MAKSURA = regex.compile("ى" + _FINAL)

#: Writings that change letters one for one: the gold offsets hold.
LETTER_FOR_LETTER: dict[str, Callable[[str], str]] = {
    "as published": lambda text: text,
    "Persian keyboard": lambda text: text.replace("ي", "ی").replace("ك", "ک"),
    "presentation forms": lambda text: "".join(_ISOLATED.get(c, c) for c in text),
    # The conventions of Arabic web and regional news, each one letter for one.
    "hamza seats dropped": lambda text: text.translate(str.maketrans("أإآ", "ااا")),
    "final ي as ى": lambda text: _FINAL_YA.sub("ى", text),
    "final ى as ي": lambda text: _FINAL_ALEF_MAKSURA.sub("ي", text),
    "ة as ه": lambda text: text.replace("ة", "ه"),
    # All three of an Egyptian news site at once (اكد ان الحكومه فى for أكد أن الحكومة في).
    "Egyptian web": lambda text: _FINAL_YA.sub("ى", text.translate(str.maketrans("أإآة", "اااه"))),
}



@dataclasses.dataclass(frozen=True)
class Rewritten:
    """A text rewritten by inserting characters, and where each character of the original now stands.

    ``starts[i]`` is the new offset of the original character ``i``; ``ends[i]`` the new offset just after it and
    the marks written after it that belong to it (diacritics, tatweel).
    """

    text: str
    starts: list[int]
    ends: list[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            return (self.starts[start] if start < len(self.starts) else len(self.text),) * 2
        return self.starts[start], self.ends[end - 1]

    def document(self, doc: Document) -> Document:
        """``doc`` on the rewritten text, its entities and quotes carried over."""
        return dataclasses.replace(doc, text=self.text, entities=self.entities(doc.entities),
                                   quotes=self.quotes(doc.quotes))

    def entities(self, entities: Sequence[Entity]) -> list[Entity]:
        return [dataclasses.replace(e, start=(span := self.span(e.start, e.end))[0], end=span[1]) for e in entities]

    def quotes(self, quotes: Sequence[Quote]) -> list[Quote]:
        def moved(span: Span | None) -> Span | None:
            return span and Span(*self.span(span.start, span.end))

        return [dataclasses.replace(q, content=moved(q.content), source=moved(q.source), cue=moved(q.cue))
                for q in quotes]


def _in_place(text: str) -> Rewritten:
    return Rewritten(text, list(range(len(text))), list(range(1, len(text) + 1)))


def _inserting(text: str, attached: Callable[[int], str], detached: Callable[[int], str] = lambda _: "") -> Rewritten:
    """``text`` with ``attached(i)`` (marks of character ``i``) then ``detached(i)`` written after each character."""
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    position = 0
    for i, char in enumerate(text):
        marks, other = attached(i), detached(i)
        starts.append(position)
        ends.append(position + 1 + len(marks))
        pieces.append(char + marks + other)
        position += 1 + len(marks) + len(other)
    return Rewritten("".join(pieces), starts, ends)


_ARABIC_LETTER = regex.compile(r"[\u0621-\u063a\u0641-\u064a]")
#: Letters that join the letter after them (not ا أ إ آ د ذ ر ز و ؤ ة ى ء): where a tatweel can stretch a word.
_JOINS_LEFT = set("بتثجحخسشصضطظعغفقكلمنهيئ")
_VOWELS = ["\u064e", "\u064f", "\u0650", "\u0652"]  # fatha, damma, kasra, sukun
#: What a vocalised letter carries: a short vowel or sukun, or a shadda alone or with a vowel. Not tanween, which
#: only an indefinite noun's last letter takes (a verb written with it is no verb to the reader or the rules: حذرٌ),
#: and has a row of its own.
_DIACRITICS = _VOWELS * 3 + ["\u0651" + v for v in _VOWELS[:3]] + ["\u0651"]
#: Marks a web page leaves inside words: ZWNJ, ZWJ, LRM, RLM, zero-width space, soft hyphen, word joiner.
_INVISIBLE_MARKS = ["\u200c", "\u200d", "\u200e", "\u200f", "\u200b", "\u00ad", "\u2060"]


def _is_letter_before_letter(text: str, i: int) -> bool:
    return bool(_ARABIC_LETTER.match(text[i])) and i + 1 < len(text) and bool(_ARABIC_LETTER.match(text[i + 1]))


def vocalised(share: float) -> Callable[[Document, random.Random], Rewritten]:
    """A diacritic after ``share`` of the Arabic letters not already carrying one, drawn at random."""
    def rewrite(doc: Document, rng: random.Random) -> Rewritten:
        text = doc.text

        def marks(i: int) -> str:
            bare = _ARABIC_LETTER.match(text[i]) and not (i + 1 < len(text) and unicodedata.category(text[i + 1]) == "Mn")
            return rng.choice(_DIACRITICS) if bare and rng.random() < share else ""

        return _inserting(text, marks)
    return rewrite


@functools.cache
def _written_with_tanween() -> frozenset[str]:
    """The words SaudiNewsNet's first day (2015-07-21, 2,231 such words) writes with tanween on a final alef (أيضاً،
    جداً، مشيراً، عاماً: after the alef or before it) at least twice: adverbs, accusatives and the participles of
    speech, never a verb (دعا) or a name (روسيا), which no rule here could tell from their letters."""
    import json
    import zipfile
    from collections import Counter

    counts: Counter[str] = Counter()
    with zipfile.ZipFile(DATA / "saudinewsnet" / "2015-07-21.zip") as day:
        for name in day.namelist():
            for article in json.loads(day.read(name)):
                counts.update(w.replace("\u064b", "") for w in _TANWEEN_WORD.findall(article.get("content", "")))
    return frozenset(w for w, n in counts.items() if n >= 2)


_TANWEEN_WORD = regex.compile(r"\p{L}+(?:ا\u064b|\u064bا)(?!\p{L})")


def tanween_on_final_alef(doc: Document, rng: random.Random) -> Rewritten:
    """Tanween fath after the final alef (أيضاً) of every word real news writes so (:func:`_written_with_tanween`),
    as Levantine and Gulf outlets write it."""
    text, words = doc.text, _written_with_tanween()
    after = {word.end() - 1 for word in regex.finditer(r"\p{L}+(?!\p{L}|\p{M})", text) if word[0] in words}
    return _inserting(text, lambda i: "\u064b" if i in after else "")


def stretched(share: float) -> Callable[[Document, random.Random], Rewritten]:
    """A tatweel between ``share`` of the pairs of letters where the first joins the second (وقـال، الـمـمـلـكـة)."""
    def rewrite(doc: Document, rng: random.Random) -> Rewritten:
        text = doc.text
        return _inserting(text, lambda i: "\u0640" if text[i] in _JOINS_LEFT and _is_letter_before_letter(text, i)
                          and rng.random() < share else "")
    return rewrite


def invisible_inside(share: float) -> Callable[[Document, random.Random], Rewritten]:
    """An invisible mark (ZWNJ, ZWJ, LRM, RLM, zero-width space, soft hyphen, word joiner) between ``share`` of the
    pairs of letters inside a word."""
    def rewrite(doc: Document, rng: random.Random) -> Rewritten:
        text = doc.text
        return _inserting(text, lambda _: "", lambda i: rng.choice(_INVISIBLE_MARKS)
                          if _is_letter_before_letter(text, i) and rng.random() < share else "")
    return rewrite


#: Control characters a scraper or an old encoder leaves glued to words: NUL, SOH, ESC, DEL, U+008F.
_CONTROLS = ["\x00", "\x01", "\x1b", "\x7f", "\x8f"]


def controls(share: float) -> Callable[[Document, random.Random], Rewritten]:
    """A control character after ``share`` of the Arabic letters that end a word or precede another letter
    (قال\x00 الوزير، ال\x8fوزير): outside the spans, which end at their last letter."""
    def rewrite(doc: Document, rng: random.Random) -> Rewritten:
        text = doc.text
        return _inserting(text, lambda _: "", lambda i: rng.choice(_CONTROLS)
                          if (_is_letter_before_letter(text, i) or (_ARABIC_LETTER.match(text[i]) and i + 1 < len(text)
                                                                   and text[i + 1].isspace()))
                          and rng.random() < share else "")
    return rewrite


def _all_inserted(doc: Document, rng: random.Random) -> Rewritten:
    """Tanween on final alefs, a tenth of the letters vocalised, a tenth of the joins stretched and marks in 2%."""
    steps = (tanween_on_final_alef, vocalised(0.1), stretched(0.1), invisible_inside(0.02))
    starts, ends = list(range(len(doc.text))), list(range(1, len(doc.text) + 1))
    for step in steps:
        rewritten = step(doc, rng)
        starts, ends = [rewritten.starts[p] for p in starts], [rewritten.ends[p - 1] for p in ends]
        doc = rewritten.document(doc)
    return Rewritten(doc.text, starts, ends)


#: Writings that insert characters: the gold is carried over to the new offsets.
INSERTING: dict[str, Callable[[Document, random.Random], Rewritten]] = {
    "tanween on final ا": tanween_on_final_alef,
    "vocalised 10%": vocalised(0.1),
    "vocalised 30%": vocalised(0.3),
    "fully vocalised": vocalised(1.0),
    "tatweel 20%": stretched(0.2),
    "tatweel everywhere": stretched(1.0),
    "invisible marks 5%": invisible_inside(0.05),
    "control characters 5%": controls(0.05),
    "all inserted": _all_inserted,
}


def writings() -> dict[str, Callable[[Document], Rewritten]]:
    """Every writing: a rewritten text and its offset map, seeded by the writing's name and the article's id."""
    out: dict[str, Callable[[Document], Rewritten]] = {
        name: (lambda doc, rewrite=rewrite: _in_place(rewrite(doc.text))) for name, rewrite in LETTER_FOR_LETTER.items()
    }
    for name, rewrite in INSERTING.items():
        out[name] = lambda doc, name=name, rewrite=rewrite: rewrite(doc, random.Random(f"{name}:{doc.id}"))
    return out


def strict_f1(gold: Sequence[Document], predicted: Sequence[Document]) -> float:
    found = missed = spurious = 0
    for g, p in zip(gold, predicted, strict=True):
        want = {(e.start, e.end, e.label) for e in g.entities}
        got = {(e.start, e.end, e.label) for e in p.entities}
        found, missed, spurious = found + len(want & got), missed + len(want - got), spurious + len(got - want)
    return 2 * found / (2 * found + missed + spurious) if found else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entity-model", default=str(ROOT / "out" / "models" / "entities.pt"),
                        help="the recogniser to score (default: make demo's)")
    parser.add_argument("--only", nargs="*", help="score only these writings (and the articles as published)")
    args = parser.parse_args()
    recogniser = load_recognizer(args.entity_model) if Path(args.entity_model).exists() else None
    if recogniser is None:
        print(f"no entity model at {args.entity_model} (make demo trains one): quotes only")
    rules = QuoteExtractor()
    chosen = {name: w for name, w in writings().items() if not args.only or name == "as published" or name in args.only}
    print(f"{'gold':22s} {'written':20s} {'entities':>9s} {'content@0.3':>12s} {'attribution':>12s} {'moved':>9s} "
          f"{'ent. moved':>10s}")
    for name in ("dev_gold.jsonl", "jawharafm_gold.jsonl"):
        gold = list(read_documents(DATA / "quotes" / name))
        published_quotes: list[list[Quote]] = []
        published_entities: list[list[Entity]] = []
        for writing, rewrite in chosen.items():
            rewritten = [rewrite(d) for d in gold]
            docs = [r.document(d) for r, d in zip(rewritten, gold, strict=True)]
            bare = [dataclasses.replace(d, entities=[], quotes=[]) for d in docs]
            found = [extract_entities(d, recogniser).entities for d in bare] if recogniser else [[] for _ in bare]
            entities = f"{strict_f1(docs, [dataclasses.replace(d, entities=e) for d, e in zip(bare, found)]):.3f}" \
                if recogniser else "-"
            predicted = [dataclasses.replace(d, quotes=rules.extract(d.text)) for d in bare]
            figures = quote_figures(docs, predicted, replicates=0)
            # The F1s forgive a speaker's name cut short (attribution asks an overlap): count the quotes whose cue,
            # speaker or content moved from where the rules put them in the articles as published, and the entities
            # the recogniser found elsewhere, both carried over to this writing's offsets.
            published_quotes = published_quotes or [d.quotes for d in predicted]
            published_entities = published_entities or found
            moved = sum(len(set(map(_quote_spans, r.quotes(was))) - set(map(_quote_spans, now.quotes)))
                        for r, was, now in zip(rewritten, published_quotes, predicted, strict=True))
            entities_moved = sum(len(set(map(_entity_span, r.entities(was))) ^ set(map(_entity_span, now)))
                                 for r, was, now in zip(rewritten, published_entities, found, strict=True))
            entity_count = sum(map(len, published_entities))
            print(f"{name:22s} {writing:20s} {entities:>9s} {figures['content F1@0.3'].value:12.3f} "
                  f"{figures['attribution F1'].value:12.3f} "
                  f"{f'{moved}/{sum(map(len, published_quotes))}':>9s} "
                  f"{f'{entities_moved}/{entity_count}' if recogniser else '-':>10s}", flush=True)


def _entity_span(entity: Entity) -> tuple:
    return entity.start, entity.end, entity.label


def _quote_spans(quote: Quote) -> tuple:
    return tuple(span and (span.start, span.end) for span in (quote.cue, quote.source, quote.content)) + (quote.type,)


if __name__ == "__main__":
    main()
