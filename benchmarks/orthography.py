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
"""

from __future__ import annotations

import os
import sys

# This folder holds benchmarks named like standard modules (tokenize.py): keep it off the import path.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]

import argparse  # noqa: E402
import dataclasses  # noqa: E402
import unicodedata  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from pathlib import Path  # noqa: E402

import regex  # noqa: E402

from khabar.evaluate.crossval import quote_figures  # noqa: E402
from khabar.extract.entities import extract_entities, load_recognizer  # noqa: E402
from khabar.extract.quotes import QuoteExtractor  # noqa: E402
from khabar.gold import Document, Quote, read_documents  # noqa: E402

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

WRITINGS: dict[str, Callable[[str], str]] = {
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
    args = parser.parse_args()
    recogniser = load_recognizer(args.entity_model) if Path(args.entity_model).exists() else None
    if recogniser is None:
        print(f"no entity model at {args.entity_model} (make demo trains one): quotes only")
    rules = QuoteExtractor()
    print(f"{'gold':22s} {'written':20s} {'entities':>9s} {'content@0.3':>12s} {'attribution':>12s} {'moved':>9s}")
    for name in ("dev_gold.jsonl", "jawharafm_gold.jsonl"):
        gold = list(read_documents(DATA / "quotes" / name))
        published: list[set[tuple]] = []
        for writing, rewrite in WRITINGS.items():
            docs = [dataclasses.replace(d, text=rewrite(d.text)) for d in gold]
            bare = [dataclasses.replace(d, entities=[], quotes=[]) for d in docs]
            entities = f"{strict_f1(docs, [extract_entities(d, recogniser) for d in bare]):.3f}" if recogniser else "-"
            predicted = [dataclasses.replace(d, quotes=rules.extract(d.text)) for d in bare]
            figures = quote_figures(docs, predicted, replicates=0)
            # The F1s forgive a speaker's name cut short (attribution asks an overlap): count the quotes whose cue,
            # speaker or content moved from where the rules put them in the articles as published.
            spans = [set(map(_quote_spans, d.quotes)) for d in predicted]
            published = published or spans
            moved = sum(len(was - now) for was, now in zip(published, spans, strict=True))
            print(f"{name:22s} {writing:20s} {entities:>9s} {figures['content F1@0.3'].value:12.3f} "
                  f"{figures['attribution F1'].value:12.3f} {f'{moved}/{sum(map(len, published))}':>9s}")


def _quote_spans(quote: Quote) -> tuple:
    return tuple(span and (span.start, span.end) for span in (quote.cue, quote.source, quote.content)) + (quote.type,)


if __name__ == "__main__":
    main()
