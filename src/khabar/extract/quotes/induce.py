"""Mining candidate reporting verbs and nouns from unlabelled news text.

A reporting verb shows itself by what it governs. Two patterns are counted,
each an *event* for the words that may govern it:

* a complementiser opening a nominal clause: إنّ, or أنّ/بأنّ with a pronoun
  suffix (أنه، بأنها) or before a definite noun or a quotation mark (أن الوزارة).
  A bare أنْ before a verb (يجب أن يكون، بعد أن وصل) is the subjunctive particle
  of modal and temporal words, not the reporting complementiser, so it is left out;
* a colon followed by a quotation mark (وقال الوزير: «…»).

The governors of an event are the word right before the trigger (وأكد أن،
مضيفا أن) and the first word of its clause when the clause starts at most
:data:`CLAUSE_WINDOW` words before the trigger (Arabic's verb-subject order:
وقال وزير الخارجية إن). Forms are matching keys (:func:`khabar.text.normalize`:
no diacritics, folded alef, ya and teh marbuta); a form with the proclitic و or
ف is counted with the bare form when the bare form is itself a candidate
(وأوضح with أوضح, but وزير never with زير).

``with_subject`` counts the events where words stand between a clause-initial
form and its trigger: a subject (قال الوزير إن، وقالت مصادر مطلعة: «…»). A
verb that reports a speaker has one now and then; impersonal and first-person
forms (تبين أن، اتضح أن، أرى أن، لا شك أن) never do, so a reviewer (or an
unreviewed ablation) can tell them apart.

Ranking: ``governs_complement`` is the share of a form's occurrences that
govern an event; ``score = share * log2(1 + events)``, which favours words
that usually govern a reported clause (a subject noun such as الوزير stands
before إن now and then, a reporting verb most of the time) and that do so
often enough to be trusted. Forms seen governing fewer than ``min_count``
events, or in fewer than ``min_articles`` articles (a name quoted all through
one article, a brand such as «لينكد إن»), are dropped. Function words are dropped with khabar's Arabic stop-word
list (``khabar/data/stopwords_ar.txt``, written for this project from standard
MSA grammar lists of particles, pronouns and demonstratives), as are the
words the lexicon already files as something other than a cue: its
complementisers, the words after which أن is not a complementiser (يجب، يمكن،
بعد ...), impersonal forms (يقال، يشار), discourse openers, adverbs and clause
connectors.

Distributional neighbours: when word vectors from ``khabar train clusters``
are given, the nearest words to the packaged lexicon's verbs are added as a
separate source (``"neighbours"``), ranked below every mined candidate.

Two passes over the corpora: the first counts events, the second counts the
occurrences of the surviving candidates only. Memory is bounded by the number
of distinct candidate forms (and three examples each), not by the number of
articles.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...text import dediacritize, is_punctuation, remove_invisible, remove_tatweel, token_strings
from .cue_list import CueEntry
from .lexicon import Lexicon, load_lexicon, norm

if TYPE_CHECKING:
    from ...corpus.importer import ImportSummary

__all__ = [
    "CLAUSE_WINDOW",
    "InductionSettings",
    "induce_cues",
    "iter_texts",
    "guess_kind",
    "neighbour_entries",
]

#: The first word of a clause governs an event only when it stands at most this many words before the trigger.
CLAUSE_WINDOW = 5
#: Words of context kept on each side of an example.
EXAMPLE_WORDS = 6
EXAMPLES = 3
_CLITICS = ("و", "ف")
_DEFINITE = ("ال", "وال", "فال", "بال", "لل")


@dataclass(frozen=True)
class InductionSettings:
    """How candidates are mined and ranked (recorded in the cue list's provenance)."""

    min_count: int = 5
    min_articles: int = 3
    top: int | None = 200
    clause_window: int = CLAUSE_WINDOW
    neighbours: int = 10

    def to_dict(self) -> dict[str, Any]:
        return {"min_count": self.min_count, "min_articles": self.min_articles, "top": self.top, "clause_window": self.clause_window, "neighbours": self.neighbours}


def iter_texts(
    corpora: Sequence[str | PathLike[str]], limit: int | None = None, summary: ImportSummary | None = None
) -> Iterator[str]:
    """Article texts of each corpus (anything ``khabar corpus import`` reads), at most ``limit`` per corpus.

    Records that cannot be read (broken JSON, bad bytes, no text) are skipped as ``corpus import``
    skips them, and counted in ``summary`` when one is given, so a caller can say what was left out.
    """
    from ...corpus.importer import ImportSummary, iter_articles

    summary = summary if summary is not None else ImportSummary(out="")
    for corpus in corpora:
        for n, article in enumerate(iter_articles([corpus], summary), start=1):
            if article.text:
                yield article.text
            if limit is not None and n >= limit:
                break


def guess_kind(surface: str) -> str:
    """``noun`` (definite, or ending in ة), ``participle`` (مـ...ـا/ـة: مؤكدا، مشيرة) or ``verb``: a guess the reviewer checks."""
    if surface.startswith(_DEFINITE) or surface.endswith("ة"):
        if surface.startswith("م") and surface.endswith("ة") and len(surface) > 4:
            return "participle"
        return "noun"
    if surface.startswith("م") and surface.endswith(("ا", "ين", "ون")) and len(surface) > 3:
        return "participle"
    return "verb"


@dataclass
class _Tally:
    events: int = 0
    colon: int = 0
    articles: int = 0
    with_subject: int = 0
    last_article: int = -1
    surfaces: Counter[str] = field(default_factory=Counter)
    examples: list[tuple[int, str]] = field(default_factory=list)  # (event number, context)


class _Miner:
    """The first pass: events and their governors."""

    def __init__(self, lexicon: Lexicon, stop: frozenset[str], settings: InductionSettings) -> None:
        self.lex = lexicon
        self.stop = stop
        self.settings = settings
        self.tallies: dict[str, _Tally] = {}
        self.events = 0
        self.tokens = 0
        self.articles = 0
        self.openers = frozenset(lexicon.openers) | frozenset(lexicon.brackets)
        # Words the lexicon already files as something other than a cue: not new cues.
        self.not_cues = (
            lexicon.blocked_after | lexicon.impersonal | lexicon.discourse | lexicon.adverbs
            | lexicon.connectors | lexicon.clause_restarts | lexicon.complementisers
        )

    def _nominal_clause(self, words: list[str], keys: list[str], t: int) -> bool:
        if words[t].startswith("إ"):
            return True  # إنّ: always opens a nominal clause
        key = keys[t]
        if key not in ("ان", "بان", "فان"):
            return True  # a pronoun suffix: أنه، بأنها
        if t + 1 >= len(keys):
            return False
        following = keys[t + 1]
        return following.startswith(_DEFINITE) or words[t + 1] in self.openers

    def _triggers(self, words: list[str], keys: list[str]) -> Iterator[tuple[int, bool]]:
        """``(index, is_colon)`` of every event in one article."""
        comp = self.lex.complementisers
        for t, key in enumerate(keys):
            if t == 0:
                continue
            if key in comp and keys[t - 1] not in self.lex.blocked_after and self._nominal_clause(words, keys, t):
                yield t, False
            elif key == ":" and t + 1 < len(words) and words[t + 1] in self.openers:
                yield t, True

    def _candidate(self, key: str) -> bool:
        if len(key) < 2 or key in self.stop or key in self.not_cues:
            return False
        bare = key[1:] if key[:1] in _CLITICS else key
        if bare in self.stop or bare in self.not_cues:
            return False
        return all("\u0621" <= c <= "\u064a" for c in key)

    def feed(self, text: str) -> None:
        words = token_strings(text)
        keys = [norm(w) for w in words]
        self.articles += 1
        self.tokens += len(words)
        for t, is_colon in self._triggers(words, keys):
            self.events += 1
            governors = {t - 1}
            start = t - 1
            while start > 0 and t - start < self.settings.clause_window and not is_punctuation(words[start - 1]):
                start -= 1
            if start == 0 or is_punctuation(words[start - 1]):
                governors.add(start)
            for g in sorted(governors):
                if g < 0 or not self._candidate(keys[g]):
                    continue
                tally = self.tallies.get(keys[g])
                if tally is None:
                    tally = self.tallies[keys[g]] = _Tally()
                tally.events += 1
                tally.colon += is_colon
                tally.with_subject += g < t - 1
                if tally.last_article != self.articles:
                    tally.articles += 1
                    tally.last_article = self.articles
                tally.surfaces[remove_invisible(remove_tatweel(dediacritize(words[g])))] += 1
                if len(tally.examples) < EXAMPLES:
                    context = " ".join(words[max(0, g - EXAMPLE_WORDS): t + EXAMPLE_WORDS + 1])
                    tally.examples.append((self.events, context))


def _merge_clitics(tallies: dict[str, _Tally]) -> dict[str, set[str]]:
    """Fold و/ف + form into the bare form when the bare form is a candidate too; return base -> keys folded in."""
    members: dict[str, set[str]] = {key: {key} for key in tallies}
    for key in sorted(tallies):
        bare = key[1:]
        if key[:1] in _CLITICS and bare in tallies and key in members and bare in members:
            into, out = tallies[bare], tallies[key]
            into.events += out.events
            into.articles += out.articles  # an article holding both spellings counts twice: a slight over-count
            into.colon += out.colon
            into.with_subject += out.with_subject
            into.surfaces.update({s[1:]: n for s, n in out.surfaces.items()})
            into.examples = sorted(into.examples + out.examples)[:EXAMPLES]
            members[bare] |= members.pop(key)
    for key in set(tallies) - set(members):
        del tallies[key]
    return members


def induce_cues(
    open_texts: Callable[[], Iterable[str]],
    settings: InductionSettings = InductionSettings(),
    *,
    lexicon: Lexicon | None = None,
    vectors: Any = None,
    progress: Callable[[int, int | None], None] | None = None,
) -> tuple[list[CueEntry], dict[str, Any]]:
    """Ranked cue candidates of the texts ``open_texts()`` yields (called twice: two passes), and run counts.

    ``lexicon`` (default: the packaged one) gives the complementisers, quotation
    marks and the known cues (marked ``in_lexicon``); ``vectors`` is a
    :class:`~khabar.extract.clusters.WordClusters` with vectors, for neighbours.
    """
    from ...text import stop_words

    lex = lexicon or load_lexicon()
    miner = _Miner(lex, stop_words(), settings)
    done = 0
    for text in open_texts():
        miner.feed(text)
        done += 1
        if progress is not None:
            progress(done, None)
    members = _merge_clitics(miner.tallies)
    kept = {
        key: tally for key, tally in miner.tallies.items()
        if tally.events >= settings.min_count and tally.articles >= settings.min_articles
    }
    owner = {member: key for key, group in members.items() if key in kept for member in group}
    occurrences: Counter[str] = Counter()
    for text in open_texts():
        for word in token_strings(text):
            key = owner.get(norm(word))
            if key is not None:
                occurrences[key] += 1
        done += 1
        if progress is not None:
            progress(done, None)
    entries: list[CueEntry] = []
    for key, tally in kept.items():
        seen = max(occurrences[key], tally.events)
        share = tally.events / seen
        surface = tally.surfaces.most_common(1)[0][0] if tally.surfaces else key
        entries.append(CueEntry(
            form=surface,
            kind=guess_kind(surface),
            count=tally.events,
            articles=tally.articles,
            with_subject=tally.with_subject,
            occurrences=seen,
            governs_complement=share,
            colon_quote=tally.colon,
            score=share * math.log2(1 + tally.events),
            examples=[context for _, context in tally.examples],
            source="governs",
            in_lexicon=lex.knows(key),
        ))
    entries.sort(key=lambda e: (-round(e.score, 9), -e.count, e.form))
    if settings.top is not None:
        entries = entries[: settings.top]
    if vectors is not None:
        entries += neighbour_entries(vectors, lex, {norm(e.form) for e in entries}, settings.neighbours)
    counts = {"articles": miner.articles, "tokens": miner.tokens, "events": miner.events, "candidates": len(kept)}
    return entries, counts


def neighbour_entries(vectors: Any, lexicon: Lexicon, known: set[str], per_cue: int) -> list[CueEntry]:
    """Nearest words (cosine, word2vec) to the lexicon's verb lemmas that are neither cues nor mined already.

    Ranked below mined candidates: ``score`` is the best cosine similarity, below
    the 0-1 range of any mined entry's score only in meaning, so they are listed
    after them. Skipped (empty) when ``vectors`` has no vectors.
    """
    import numpy as np

    matrix = getattr(vectors, "vectors", None)
    if matrix is None or per_cue <= 0:
        return []
    from ...text import stop_words

    stop = stop_words()
    words = list(vectors.vector_index)
    unit = np.asarray(matrix, dtype=np.float32)
    unit = unit / np.maximum(np.linalg.norm(unit, axis=1, keepdims=True), 1e-9)
    lemmas = sorted({form.lemma for form in lexicon.forms.values() if form.kind == "verb"})
    best: dict[str, tuple[float, str]] = {}
    for lemma in lemmas:
        row = vectors.vector_index.get(norm(lemma))
        if row is None:
            continue
        similarity = unit @ unit[row]
        for index in np.argsort(-similarity)[: per_cue + 1]:
            word = words[int(index)]
            if word == norm(lemma) or word in known or word in stop or lexicon.knows(word) or len(word) < 2:
                continue
            score = float(similarity[int(index)])
            if word not in best or score > best[word][0]:
                best[word] = (score, lemma)
    ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))
    return [
        CueEntry(form=word, kind=guess_kind(word), score=score, source=f"neighbours of {lemma}",
                 examples=[], occurrences=vectors.counts.get(word, 0))
        for word, (score, lemma) in ranked
    ]


def corpus_provenance(corpora: Sequence[str | PathLike[str]]) -> list[dict[str, Any]]:
    """Each corpus path with its size and sha256 (files), or its files' total size (folders)."""
    from ...io import sha256_of

    out: list[dict[str, Any]] = []
    for corpus in corpora:
        path = Path(corpus)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file())
            out.append({"path": str(path), "files": len(files), "bytes": sum(p.stat().st_size for p in files)})
        else:
            out.append({"path": str(path), "bytes": path.stat().st_size, "sha256": sha256_of(path)})
    return out
