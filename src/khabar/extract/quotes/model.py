"""A trainable quote attribution model: CRF sequence labelling of content, source and cue, then linking.

Why two label layers
    Each article is tagged twice, by two linear-chain CRFs (python-crfsuite)
    over the same features: one layer tags ``CONTENT`` (BIO), the other ``CUE``
    and ``SOURCE``. One combined tag set cannot hold the gold: a quote's
    content often contains another quote's cue and source (a statement that
    reports a denial, نفى السفير … ما نسبه له الموقع), 63 such overlaps among
    Jawhara's 290 quotes. Two layers keep both, and each CRF still learns the
    order of its own labels.

Sequences
    One sequence per paragraph: no gold content crosses a line break, while
    many cross sentence ends (a direct quote of several sentences).

Features (one list of strings per token)
    The token's matching key, its clitic-stripped stem and proclitics, the cue
    lexicon (reporting-verb form with its kind and gender, nominal cue,
    complementiser, titles, media, source stop words), the rule system's own
    decision for the token (inside a rule content, source or cue: the rules
    run once per article), quotation-mark state, distance to the nearest
    lexicon cue on each side, sentence edges, entity labels when the config
    asks for them (off by default: no gain on the gold sets), word-cluster ids
    when a clusters file is given, and the main ones of the two tokens either
    side. Figures and what was tried: ``benchmarks/README.md``.

Linking (heuristic by default; a learned pair scorer on request)
    A predicted content that overlaps a rule quote's content takes that rule
    quote's cue and source: the rules attribute well (they resolve dropped
    subjects and widen sources to whole entity names), and on Jawhara letting
    the predicted cues decide instead cost 0.10 attribution F1. A content the
    rules missed takes the nearest predicted cue outside it in the same
    paragraph (one adjacent to it first, one in the same sentence next) and
    the predicted source nearest that cue in its sentence; with none, for a
    dropped subject (وأضاف أن …), the source of the nearest earlier quote
    whose cue agrees in gender. The type is one the quotation marks allow
    (:func:`khabar.gold.validate.allowed_quote_types`): the overlapping rule
    quote's where it is allowed, else the first allowed; a cue or source that
    overlaps the content is dropped. So the output always passes ``khabar gold
    validate``. So the model's own gain is in finding and
    delimiting contents; attribution is the rules' wherever they found the quote.
    A quote nested in another's content (…أن الوزير أكد أن …) has no place in
    one content layer, so the rule quotes whose cue and content lie inside a
    predicted content are kept beside it.

    With ``linking="learned"`` (``khabar train quotes --linking learned``) a
    content the rules missed takes instead the best pair of a scorer trained on
    the gold (:mod:`.linker`): candidates from the rules, the attribution layer,
    the lexicon's cue words, the cues' subjects and the earlier speakers, the
    heuristic's own pair among them. Contents a rule quote overlaps keep the
    rule's cue and source either way. On the gold sets it gained too little to
    be the default (``benchmarks/README.md``).

Tagging
    Through crfsuite for one article (:meth:`QuoteModel.tag`); for several at
    once (:meth:`QuoteModel.predict_many`, :meth:`QuoteModel.predict_documents`,
    what ``khabar extract quotes`` runs) with the same weights in numpy
    (:class:`_CompiledLayers`): crfsuite's tags, the tagging step about 1.8
    times as fast, whole predictions about 1.3 times.

Model file
    A zip archive: ``manifest.json`` (format, version, settings, training
    figures), the two crfsuite model files and the cue lexicon they were trained
    with (so that a later change to the packaged lexicon does not shift an old
    model's features), plus the word clusters when used and the learned
    linker's weights (``linker.json``) when trained with it. Version 2 files may
    hold a linker; version 1 files (written before it) load and link as before.
    No pickle: loading a model runs no code from it. A file that is not such an
    archive, or of another format or version, is refused with E445.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
import zipfile
from importlib import resources
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from itertools import islice
from os import PathLike
from pathlib import Path
from typing import Any

from ...errors import InputError
from ...gold.model import Document, Entity, Quote, Span
from ...gold.validate import allowed_quote_types
from ...io import atomic_write, has_lone_surrogate
from ..clusters import WordClusters
from ..features import split_clitics
from ..windows import quotes_in_windows, read_whole
from .lexicon import DEFAULT_LEXICON, Lexicon, load_lexicon
from .linker import (MAX_CUE_GAP, MAX_SOURCE_GAP, LinkCandidate, LinkContext, PairScorer, candidates,
                     distance_class, train_scorer)
from .rules import QuoteDocument
from .text import KeyCache

__all__ = ["QuoteModel", "QuoteModelConfig", "FORMAT", "VERSION", "MODEL_FILENAME", "LINKINGS", "PREDICT_BATCH", "train_quote_model", "model_builder"]

FORMAT = "khabar-quote-model"
#: Version 2 adds the learned linker (``linker.json``); version 1 files still load, with the heuristic linking.
VERSION = 2
_READABLE_VERSIONS = (1, 2)
#: The file written inside a folder when ``save`` is given one.
MODEL_FILENAME = "quote-model.zip"
_LAYERS = ("content", "attribution")
#: Documents tagged together by :meth:`QuoteModel.predict_documents`: Viterbi's steps are shared by the
#: paragraphs of a batch, so its cost per article falls with the batch (on SaudiNewsNet, about flat past 32).
PREDICT_BATCH = 64
_MANIFEST = "manifest.json"
_CLUSTERS_MEMBER = "clusters.tsv"
_LEXICON_MEMBER = "quote_lexicon.json"
_LINKER_MEMBER = "linker.json"
TokenRange = tuple[int, int]
#: How far (tokens) a cue may stand from the content it introduces, and a source from its cue (the linker's reach).
_MAX_CUE_GAP = MAX_CUE_GAP
_MAX_SOURCE_GAP = MAX_SOURCE_GAP


@dataclass(frozen=True)
class QuoteModelConfig:
    """Training settings, saved with the model."""

    c1: float = 0.05
    c2: float = 0.05
    max_iterations: int = 100
    #: Entity labels of the articles as features (when an article has none, the features are simply absent).
    #: Off by default: on the gold sets they gained nothing, and a model trained with gold entities
    #: loses a little on text whose entities are missing or come from a recogniser.
    use_entities: bool = False
    #: How a content finds its cue and source: ``heuristic`` (the rule quote it overlaps, else the nearest
    #: predicted cue and source) or ``learned`` (a pair scorer trained on the gold, :mod:`.linker`).
    linking: str = "heuristic"
    #: Folds over the training articles whose held-out attribution tags the linker is trained on.
    link_folds: int = 3
    #: Inverse regularisation strength of the linker's logistic regression.
    link_c: float = 1.0

    def __post_init__(self) -> None:
        if self.linking not in LINKINGS:
            raise ValueError(f"linking must be one of {', '.join(LINKINGS)}, not {self.linking!r}")


#: The ways of linking a content to its cue and source (:attr:`QuoteModelConfig.linking`).
LINKINGS = ("heuristic", "learned")


_OFFSETS = ((-2, 0), (-1, 1), (1, 2), (2, 3))
#: What a word lends its neighbour at each offset is named with the offset first: "-1:w=قال".
_OFFSET_PREFIXES = tuple(f"{offset}:" for offset, _ in _OFFSETS)
#: A token's distance to the nearest cue before and after it, as features (distance_class(d, 10)), by distance:
#: every distance from _FAR on is "far".
_FAR = 11
_LEFT_DISTANCE = tuple("dl=" + distance_class(d, 10) for d in range(_FAR + 1))
_RIGHT_DISTANCE = tuple("dr=" + distance_class(d, 10) for d in range(_FAR + 1))


def _place_features(place: tuple[str, str, tuple[str, ...], int]) -> tuple[str, ...]:
    """The features of a token's place (:attr:`_Article.places`): cue distances, what it lends, its flags."""
    left, right, lends, flags = place
    return (left, right, *lends, *_FLAG_FEATURES[flags])


#: A token's rule content, source and cue tags and entity label, none of them set; the names of those it lends.
_NO_TAGS = ("O", "O", "O", "O")
_LENT_PREFIXES = ("rc=", "rs=", "ru=", "e=")


def _distance_run(table: tuple[str, ...], length: int) -> list[str]:
    """The features of distances 1 to ``length``, from ``table`` (every distance from _FAR on is the last)."""
    if length < _FAR:
        return list(table[1 : length + 1])
    return [*table[1:_FAR], *[table[_FAR]] * (length - _FAR + 1)]


#: A token's quotation-mark and sentence flags, as bits; _FLAG_FEATURES[bits] are their features, in order.
_IN_QUOTES, _OPENS, _CLOSES, _FIRST, _LAST = 1, 2, 4, 8, 16
_FLAG_FEATURES = tuple(
    tuple(name for bit, name in ((1, "q=in"), (2, "q=open"), (4, "q=close"), (8, "s=first"), (16, "s=last")) if bits & bit)
    for bits in range(32)
)


@dataclass(frozen=True, slots=True)
class _Word:
    """The features a word (a matching key, or a punctuation mark) gives wherever it stands."""

    own: tuple[str, ...]
    #: What it lends the token 2 before, 1 before, 1 after and 2 after it, prefixed with the offset.
    context: tuple[tuple[str, ...], ...]


class _WordCache:
    """Word features computed once per word: tokens repeat, and most of a token's features are its word's."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.words: dict[str, _Word] = {}
        #: A token's (rule content, source, cue, entity) tags -> the names of what it lends its neighbours.
        self.lent_names: dict[tuple[str, str, str, str], tuple[str, ...]] = {}

    def get(self, key: str, is_punct: bool, clusters: WordClusters | None) -> _Word:
        found = self.words.get(key)
        if found is None:
            if len(self.words) > 500_000:
                self.words.clear()
            found = self.words[key] = self._word(key, is_punct, clusters)
        return found

    def _word(self, key: str, is_punct: bool, clusters: WordClusters | None) -> _Word:
        lex = self.lexicon
        if is_punct:
            own = ["p=" + key]
            ctx = [own[0]]
        else:
            prefix, stem = split_clitics(key)
            # A word without clitics is its own stem: only the features that add something are written.
            own = ["w=" + key, "st=" + stem, "pre=" + prefix] if prefix else ["w=" + key]
            ctx = [own[0]]
            form = lex.forms.get(key)
            if form is not None:
                ctx.append(f"cue={form.kind}")
                own.append(f"cueg={form.kind}:{form.gender}")
                own.append("cueo=" + form.object)
            if key in lex.nominal:
                ctx.append("nom")
            if key in lex.complementisers:
                ctx.append("comp")
            if key in lex.titles or key in lex.roles or key in lex.honorifics:
                own.append("title")
            if key in lex.media:
                own.append("media")
            if key in lex.source_stop or key in lex.temporal:
                own.append("stop")
            if clusters is not None:
                ids = clusters.lookup(key) or clusters.lookup(stem)
                if ids is not None:
                    own.extend(f"c{size}={cid}" for size, cid in zip(clusters.sizes[:2], ids))
        if len(ctx) == 1:  # most words: the word itself
            context = tuple((prefix + ctx[0],) for prefix in _OFFSET_PREFIXES)
        else:
            context = tuple(tuple([prefix + f for f in ctx]) for prefix in _OFFSET_PREFIXES)
        return _Word((*own, *ctx[1:]), context)


class _Article:
    """One article as the model reads it: the rules' view of the text, their quotes, and token features."""

    def __init__(
        self,
        text: str,
        lexicon: Lexicon,
        keys: dict[str, str],
        entities: Sequence[Entity],
        clusters: WordClusters | None,
        use_entities: bool,
        cache: _WordCache,
    ) -> None:
        self.doc = doc = QuoteDocument(text, lexicon, keys)
        self.lexicon = lexicon
        self.rule_quotes = doc.quotes(entities)
        #: Names of the input (PERS/ORG entities) the linker may offer as sources.
        self.names = [e for e in entities if e.label in ("PERS", "ORG")]
        self.paragraphs = sorted(doc.paragraph_tokens.values())
        self._parts(entities if use_entities else (), clusters, cache)
        self._features: list[list[str]] | None = None
        #: Whether crfsuite can take this article's feature strings: it encodes them as UTF-8, which a lone
        #: surrogate (a broken text, a half-decoded emoji) cannot be.
        self.utf8 = not has_lone_surrogate([text, *(e.label for e in entities)] if use_entities else text)

    @property
    def features(self) -> list[list[str]]:
        """Each token's feature strings, paragraph after paragraph: what the CRFs train on (built when first asked)."""
        if self._features is None:
            self._features = self._strings()
        return self._features

    def token_range(self, span: Span) -> tuple[int, int] | None:
        """Tokens ``[first, end)`` that share a character with ``span``."""
        import bisect

        doc = self.doc
        first = bisect.bisect_right(doc.ends, span.start)
        end = bisect.bisect_left(doc.starts, span.end)
        return (first, end) if end > first else None

    def _span_tags(self, spans: Iterable[Span | None], tag: str, out: list[str]) -> None:
        """Write ``B-tag``/``I-tag`` into ``out`` for the tokens of each span (later spans win)."""
        for span in spans:
            if span is None:
                continue
            found = self.token_range(span)
            if found is None:
                continue
            first, end = found
            out[first] = "B-" + tag
            for k in range(first + 1, end):
                out[k] = "I-" + tag

    def _parts(self, entities: Sequence[Entity], clusters: WordClusters | None, cache: _WordCache) -> None:
        """A token's features in three parts, so that :class:`_CompiledLayers` can score them without strings.

        ``words[i]``: the token's word (its own features and those it lends its
        neighbours, the same wherever the word stands); ``local[i]``: the
        features of its place (distances to cues, the rules' spans, quotation
        marks, sentence edges); ``lent[i]``: what it lends its neighbours beyond
        its word (the rules' spans and its entity label; ``lenders`` lists the
        tokens that lend anything). ``word_keys[i]`` names ``words[i]`` in the
        word cache. A paragraph's first and last tokens also get ``BOS`` and ``EOS``.
        """
        doc, lex = self.doc, self.lexicon
        n = doc.n
        rc, rs, ru = ["O"] * n, ["O"] * n, ["O"] * n
        self._span_tags((q.content for q in self.rule_quotes), "c", rc)
        self._span_tags((q.source for q in self.rule_quotes), "s", rs)
        self._span_tags((q.cue for q in self.rule_quotes), "u", ru)
        ent = ["O"] * n
        for e in entities:
            self._span_tags([e.span], e.label, ent)
        keys, raw, punct = doc.keys, doc.raw, doc.punct
        forms, nominal = lex.forms, lex.nominal
        cues = [i for i, k in enumerate(keys) if k in forms or k in nominal]
        closes = set(doc.close_of.values())
        inside = [False] * n
        for o, c in doc.quoted:
            for k in range(o + 1, c):
                inside[k] = True
        # Each token's distance to the nearest cue before and after it within its paragraph, a run per cue.
        paragraph_of, paragraph_tokens = doc.paragraph_of, doc.paragraph_tokens
        left: list[str] = ["dl=none"] * n
        right: list[str] = ["dr=none"] * n
        for before, cue, after in zip([-1, *cues], cues, [*cues[1:], n]):
            first, end = paragraph_tokens[paragraph_of[cue]]
            stop = min(after + 1, end)  # the next cue's own distance back is to this one
            left[cue + 1 : stop] = _distance_run(_LEFT_DISTANCE, stop - cue - 1)
            begin = max(before, first)
            right[begin:cue] = _distance_run(_RIGHT_DISTANCE, cue - begin)[::-1]
        sentence_start = set(doc.sentence_start)
        sentence_last = {e - 1 for e in doc.sentence_end}
        word_keys = [token if is_punct else key for token, key, is_punct in zip(raw, keys, punct)]
        words = list(map(cache.words.get, word_keys))
        if None in words:
            words = [cache.get(key, is_punct, clusters) if word is None else word
                     for key, is_punct, word in zip(word_keys, punct, words)]
        # The context a token lends its neighbours beyond its word: the rules' spans and its entity label.
        dynamic: list[tuple[str, ...]] = [()] * n
        lenders = [i for i, tags in enumerate(zip(rc, rs, ru, ent)) if tags != _NO_TAGS]
        lent_names = cache.lent_names
        if len(lent_names) > 10_000:  # entity labels come from the input: bounded
            lent_names.clear()
        for i in lenders:
            tags = (rc[i], rs[i], ru[i], ent[i])
            names = lent_names.get(tags)
            if names is None:
                names = lent_names[tags] = tuple(prefix + tag for prefix, tag in zip(_LENT_PREFIXES, tags) if tag != "O")
            dynamic[i] = names
        # Quotation-mark and sentence flags as bits, then each token's place features as one tuple.
        flags = [_IN_QUOTES if x else 0 for x in inside]
        for bit, where in ((_OPENS, doc.close_of), (_CLOSES, closes), (_FIRST, sentence_start), (_LAST, sentence_last)):
            for i in where:
                if 0 <= i < n:
                    flags[i] |= bit
        #: Each token's place as (distance left, distance right, what it lends, flag bits): built in C, read by
        #: :class:`_CompiledLayers` as one key; :attr:`local` spells out its features.
        self.places = list(zip(left, right, dynamic, flags))
        self.word_keys, self.words, self.lent, self.lenders = word_keys, words, dynamic, lenders

    @property
    def local(self) -> list[tuple[str, ...]]:
        """Each token's place features (crfsuite's path: training and the reference tagger)."""
        return list(map(_place_features, self.places))

    def _strings(self) -> list[list[str]]:
        """The feature strings of every token, paragraph after paragraph."""
        words, local, lent = self.words, self.local, self.lent
        features: list[list[str]] = []
        for first, end in self.paragraphs:
            for i in range(first, end):
                feats = ["bias", *words[i].own, *local[i]]
                if i == first:
                    feats.append("BOS")
                if i == end - 1:
                    feats.append("EOS")
                for offset, slot in _OFFSETS:
                    j = i + offset
                    if first <= j < end:
                        feats.extend(words[j].context[slot])
                        if lent[j]:
                            feats.extend([f"{offset}:{f}" for f in lent[j]])
                features.append(feats)
        return features

    def sequences(self) -> Iterable[tuple[int, int, list[list[str]]]]:
        """``(first, end, features)`` per paragraph (features are stored paragraph by paragraph, in order)."""
        at = 0
        for first, end in self.paragraphs:
            yield first, end, self.features[at : at + end - first]
            at += end - first

    def gold_tags(self, quotes: Sequence[Quote]) -> dict[str, list[str]]:
        """Gold BIO tags of both layers, over all tokens."""
        n = self.doc.n
        content, attribution = ["O"] * n, ["O"] * n
        # One layer holds only the outermost contents: a quote nested in another's content would cut
        # it in two (its B- inside the outer I- run); the rules' nested quotes are added back when linking.
        contents = [q.content for q in quotes]
        outermost = [c for c in contents if not any(o != c and o.contains(c) for o in contents)]
        self._span_tags(outermost, "CONTENT", content)
        self._span_tags((q.source for q in quotes), "SOURCE", attribution)
        self._span_tags((q.cue for q in quotes), "CUE", attribution)  # the rare token in both is a cue
        return {"content": content, "attribution": attribution}


def _spans_of(tags: Sequence[str], label: str) -> list[tuple[int, int]]:
    """Token ranges of ``label`` in BIO tags; an ``I-`` after anything else opens a span."""
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for i, tag in enumerate(tags):
        if tag == "O":  # most tokens: it ends a span and opens none
            if start is not None:
                spans.append((start, i))
                start = None
            continue
        prefix, _, name = tag.partition("-")
        if start is not None and not (prefix == "I" and name == label):
            spans.append((start, i))
            start = None
        if start is None and name == label and prefix in ("B", "I"):
            start = i
    if start is not None:
        spans.append((start, len(tags)))
    return spans


def _grown(table: Any, rows: int) -> Any:
    """``table`` with at least ``rows`` rows, the new ones zero: doubled, so that a memo adding rows one at a time
    copies its table seldom."""
    import numpy as np

    while len(table) < rows:
        table = np.concatenate([table, np.zeros_like(table)])
    return table


class _CompiledLayers:
    """Both CRF layers' weights in numpy: tags an article as crfsuite would, without building feature strings.

    Profiled on SaudiNewsNet articles, about half of the model's time went to
    crfsuite (turning every token's 30-odd feature strings into items, then
    tagging twice) and a third to building those strings. But a linear-chain
    CRF's score for a token and a label is a sum of weights, and most of a
    token's features are its word's or its neighbours' words' (see
    :class:`_Word`); so each distinct word's own score, and its score as each
    neighbour, are summed once (for both layers side by side, one column block
    a layer), and a token adds only the weights of its place's features
    (:meth:`_Article._parts`). Viterbi then searches the paragraphs of a batch
    together (:func:`khabar.extract.crf_compiled.viterbi`, crfsuite's tie breaking). The
    weights are those of the crfsuite files the model keeps;
    ``tests/test_extract_quotes_model.py`` checks that the tags are crfsuite's.
    Not for use from several threads at once: the word memo is shared.
    """

    def __init__(self, model_bytes: dict[str, bytes], *, cache_words: int = 200_000) -> None:
        import numpy as np

        from ..crf_compiled import CrfWeights, _c_string

        layers = {layer: CrfWeights.from_bytes(model_bytes[layer]) for layer in _LAYERS}
        names = sorted(set().union(*(w.attributes for w in layers.values())))
        self.attributes = {name: row for row, name in enumerate(names)}
        blocks = []
        self.columns: dict[str, slice] = {}
        at = 0
        for layer, weights in layers.items():
            block = np.zeros((len(names), len(weights.labels)))
            rows = [self.attributes[name] for name in weights.attributes]
            block[rows] = weights.state[list(weights.attributes.values())]
            blocks.append(block)
            self.columns[layer] = slice(at, at + len(weights.labels))
            at += len(weights.labels)
        self.state = np.concatenate(blocks, axis=1)
        self.layers = {layer: (w.transitions, np.array(w.labels, dtype=object)) for layer, w in layers.items()}
        self.width = at
        self._c_string = _c_string
        self._bias = self._sum(["bias"])
        self._bos = self._sum(["BOS"])
        self._eos = self._sum(["EOS"])
        self.cache_words = cache_words
        self._clear()

    def _clear(self) -> None:
        import numpy as np

        #: Word cache key -> row of _own and _context (its own score; its score as the token 2 before ... 2 after).
        self._rows: dict[str, int] = {}
        self._own = np.zeros((1024, self.width))
        self._context = np.zeros((1024, len(_OFFSETS), self.width))
        #: A token's place (:attr:`_Article.places`) -> row of _place_scores, its features' summed weights.
        self._places: dict[tuple[str, str, tuple[str, ...], int], int] = {}
        self._place_scores = np.zeros((256, self.width))
        #: What a token lends its neighbours (a tuple) -> row of _lent_scores: its summed weights as each neighbour.
        self._lent: dict[tuple[str, ...], int] = {}
        self._lent_scores = np.zeros((64, len(_OFFSETS), self.width))

    def _place_row(self, place: tuple[str, str, tuple[str, ...], int]) -> int:
        row = self._places.get(place)
        if row is None:
            row = self._places[place] = len(self._places)
            self._place_scores = _grown(self._place_scores, row + 1)
            self._place_scores[row] = self._sum(_place_features(place))
        return row

    def _row_of(self, feature: str) -> int | None:
        """The row of :attr:`state` weighting a feature string, None for a feature the layers never weighted."""
        # crfsuite reads a feature string as C does, up to its first NUL (a broken text can hold one): so does this.
        return self.attributes.get(feature if "\0" not in feature else self._c_string(feature))

    def _sum(self, features: Iterable[str]) -> Any:
        """The summed weights of some feature strings (a repeated feature counts each time, as in crfsuite)."""
        import numpy as np

        rows = [r for r in map(self._row_of, features) if r is not None]
        return self.state[rows].sum(axis=0) if rows else np.zeros(self.width)

    def _word_rows(self, keys: Sequence[str], words: Sequence[_Word]) -> Any:
        """Each token's row in the per-word tables, scoring the words not seen before."""
        import numpy as np

        rows = self._rows
        if len(rows) + len(keys) > self.cache_words:
            self._clear()
            rows = self._rows
        found = list(map(rows.get, keys))
        if None in found:
            new_words: list[tuple[int, _Word]] = []
            for i, row in enumerate(found):
                if row is None:
                    key = keys[i]
                    row = rows.get(key)  # the same new word earlier in this article
                    if row is None:
                        row = rows[key] = len(rows)
                        new_words.append((row, words[i]))
                    found[i] = row
            self._score_words(new_words)
        return np.array(found, dtype=np.intp)

    def _score_words(self, new_words: list[tuple[int, _Word]]) -> None:
        """Fill the (zero) rows of new words in the per-word tables: each feature's weights added in one numpy call
        for all of an article's new words (a repeated feature counts each time, as in crfsuite)."""
        import numpy as np

        needed = new_words[-1][0] + 1  # rows are handed out in order: the last new word's is the highest
        self._own = _grown(self._own, needed)
        self._context = _grown(self._context, needed)
        row_of = self._row_of
        own_rows: list[int] = []
        own_attributes: list[int] = []
        context_rows: list[int] = []
        context_slots: list[int] = []
        context_attributes: list[int] = []
        for row, word in new_words:
            for feature in word.own:
                at = row_of(feature)
                if at is not None:
                    own_rows.append(row)
                    own_attributes.append(at)
            for slot, features in enumerate(word.context):
                for feature in features:
                    at = row_of(feature)
                    if at is not None:
                        context_rows.append(row)
                        context_slots.append(slot)
                        context_attributes.append(at)
        if own_rows:
            np.add.at(self._own, np.asarray(own_rows, dtype=np.intp), self.state[own_attributes])
        if context_rows:
            where = (np.asarray(context_rows, dtype=np.intp), np.asarray(context_slots, dtype=np.intp))
            np.add.at(self._context, where, self.state[context_attributes])

    def _scores(self, article: _Article) -> tuple[Any, list[tuple[int, int]]]:
        """Both layers' state scores for the tokens of ``article``'s paragraphs, and those paragraphs."""
        import numpy as np

        paragraphs = [(first, end) for first, end in article.paragraphs if end > first]
        if not paragraphs:
            return np.zeros((0, self.width)), []
        word_rows = self._word_rows(article.word_keys, article.words)
        index = np.concatenate([np.arange(first, end) for first, end in paragraphs])
        lengths = [end - first for first, end in paragraphs]
        par_first = np.repeat([first for first, _ in paragraphs], lengths)
        par_end = np.repeat([end for _, end in paragraphs], lengths)
        scores = self._own[word_rows[index]] + self._bias
        scores[index == par_first] += self._bos
        scores[index == par_end - 1] += self._eos
        for offset, slot in _OFFSETS:
            neighbour = index + offset
            present = (neighbour >= par_first) & (neighbour < par_end)
            scores[present] += self._context[word_rows[neighbour[present]], slot]
        # The features of each token's place: few distinct lists (cue distances, flags), each summed once...
        lent = article.lent
        places = self._places
        if len(places) > self.cache_words:
            places.clear()
        found = list(map(places.get, article.places))
        if None in found:
            found = [self._place_row(place) if row is None else row for place, row in zip(article.places, found)]
        scores += self._place_scores[np.asarray(found, dtype=np.intp)[index]]
        # ... and what its neighbours lend it beyond their words (the rules' spans, entities): few distinct tuples,
        # each summed once per offset, added for every offset at once.
        if article.lenders:
            n = article.doc.n
            position = np.full(n, -1, dtype=np.intp)
            position[index] = np.arange(len(index))
            lenders = np.asarray(article.lenders, dtype=np.intp)
            lenders = lenders[position[lenders] >= 0]
            lent_memo = self._lent
            if len(lent_memo) > self.cache_words:
                self._lent = lent_memo = {}
            lent_rows = np.array(
                [lent_memo.get(lent[j]) or self._lent_row(lent[j]) for j in lenders.tolist()], dtype=np.intp
            )
            for slot, (offset, _) in enumerate(_OFFSETS):
                neighbour_of = lenders - offset  # the tokens whose neighbour at ``offset`` each lender is
                inside = (neighbour_of >= 0) & (neighbour_of < n)
                at = np.full(len(lenders), -1, dtype=np.intp)
                at[inside] = position[neighbour_of[inside]]
                ok = at >= 0
                ok[ok] = (par_first[at[ok]] <= lenders[ok]) & (lenders[ok] < par_end[at[ok]])
                # one token has one neighbour at a given offset, so ``at[ok]`` holds no index twice
                scores[at[ok]] += self._lent_scores[lent_rows[ok], slot]
        return scores, paragraphs

    def _lent_row(self, extra: tuple[str, ...]) -> int:
        """The row of :attr:`_lent_scores` for what a token lends: its summed weights as each neighbour."""
        row = self._lent[extra] = len(self._lent) + 1  # rows from 1, so a memo hit is never falsy
        self._lent_scores = _grown(self._lent_scores, row + 1)
        for slot, prefix in enumerate(_OFFSET_PREFIXES):
            self._lent_scores[row, slot] = self._sum(prefix + feature for feature in extra)
        return row

    def tag_many(self, articles: Sequence[_Article]) -> list[dict[str, list[str]]]:
        """Both layers' tags over every token of each article (``O`` outside paragraphs).

        The paragraphs of all the articles are searched together, a layer at a
        time: the cost of a search is a few numpy operations per position of its
        longest paragraph, so many paragraphs at once cost little more than one.
        Paragraphs of similar length go together, in groups small enough that
        one very long line does not make the others' back pointers huge
        (:func:`_viterbi_groups`).
        """
        import numpy as np

        from ..crf_compiled import viterbi

        scored = [self._scores(article) for article in articles]
        lengths = [end - first for _, paragraphs in scored for first, end in paragraphs]
        outs = [{layer: ["O"] * article.doc.n for layer in _LAYERS} for article in articles]
        if not lengths:
            return outs
        scores = np.concatenate([block for block, _ in scored])
        starts = np.cumsum(lengths) - lengths
        groups = _viterbi_groups(lengths)
        for layer in _LAYERS:
            transitions, labels = self.layers[layer]
            layer_scores = scores[:, self.columns[layer]]
            tagged: list[list[str]] = [[] for _ in lengths]
            for group in groups:
                rows = np.concatenate([np.arange(starts[k], starts[k] + lengths[k]) for k in group])
                found = viterbi(layer_scores[rows], [lengths[k] for k in group], transitions, labels)
                for k, sequence in zip(group, found):
                    tagged[k] = sequence
            at = iter(tagged)
            for out, (_, paragraphs) in zip(outs, scored):
                tags = out[layer]
                for first, end in paragraphs:
                    tags[first:end] = next(at)
        return outs


#: Viterbi's back pointers take (longest paragraph x paragraphs x labels) cells: paragraphs are searched together
#: in groups of similar length whose longest x count stays under this, so one long line does not blow a batch up.
_VITERBI_CELLS = 65_536


def _viterbi_groups(lengths: Sequence[int]) -> list[list[int]]:
    """Indices of ``lengths`` in groups, longest first, each holding at most ``_VITERBI_CELLS`` // its longest."""
    order = sorted(range(len(lengths)), key=lambda k: -lengths[k])
    groups: list[list[int]] = []
    for k in order:
        if groups and (len(groups[-1]) + 1) * lengths[groups[-1][0]] <= _VITERBI_CELLS:
            groups[-1].append(k)
        else:
            groups.append([k])
    return groups


class QuoteModel:
    """Two trained CRF layers and what their features need; :meth:`predict` finds quotes in a text."""

    def __init__(
        self,
        taggers: dict[str, bytes],
        config: QuoteModelConfig,
        *,
        clusters: WordClusters | None = None,
        lexicon_path: str | PathLike[str] | None = None,
        info: dict[str, Any] | None = None,
        scorer: PairScorer | None = None,
    ) -> None:
        import pycrfsuite

        self._model_bytes = dict(taggers)
        self._taggers = {}
        for layer in _LAYERS:
            tagger = pycrfsuite.Tagger()
            tagger.open_inmemory(taggers[layer])
            self._taggers[layer] = tagger
        self._compiled_layers: _CompiledLayers | None = None
        self.config = config
        self.clusters = clusters
        self.lexicon = load_lexicon(lexicon_path)
        #: The cue lexicon's file, saved with the model: its features must not change when the packaged one does.
        self.lexicon_json = _lexicon_bytes(lexicon_path)
        self._keys = KeyCache()
        self._words = _WordCache(self.lexicon)
        #: How the model was trained: sizes, settings, seconds.
        self.info = info or {}
        #: The learned linker (None: the heuristic linking; models of version 1 have none).
        self.scorer = scorer

    # --- prediction --------------------------------------------------------------------------

    def _article(self, text: str, entities: Sequence[Entity]) -> _Article:
        return _Article(text, self.lexicon, self._keys.bounded(), entities, self.clusters, self.config.use_entities, self._words)

    @property
    def _compiled(self) -> _CompiledLayers:
        """The layers' weights in numpy, read from the crfsuite files when first needed."""
        if self._compiled_layers is None:
            self._compiled_layers = _CompiledLayers(self._model_bytes)
        return self._compiled_layers

    def tag(self, article: _Article) -> dict[str, list[str]]:
        """Both layers' tags over every token of ``article``, by crfsuite."""
        import pycrfsuite

        out = {layer: ["O"] * article.doc.n for layer in _LAYERS}
        for first, end, feats in article.sequences():
            items = pycrfsuite.ItemSequence(feats)  # converted once, tagged by both layers
            for layer in _LAYERS:
                out[layer][first:end] = self._taggers[layer].tag(items)
        return out

    def tag_many(self, articles: Sequence[_Article]) -> list[dict[str, list[str]]]:
        """:meth:`tag` for several articles: crfsuite's tags, computed in numpy (:class:`_CompiledLayers`).

        Faster from two articles up: the articles share Viterbi's steps. For one
        article alone numpy's per-step cost outweighs what it saves on features,
        so :meth:`predict` of one text keeps to :meth:`tag`, unless crfsuite
        cannot read it (``_Article.utf8``).
        """
        if len(articles) == 1 and articles[0].utf8:
            return [self.tag(articles[0])]
        return self._compiled.tag_many(articles)

    def predict(self, text: str, entities: Sequence[Entity] = (), *, linking: str | None = None) -> list[Quote]:
        """Every quote the model finds in ``text``, in order of content. ``entities`` (optional) are features
        and help the rules widen sources. ``linking`` overrides the model's (``heuristic`` or ``learned``;
        ``learned`` needs a model trained with it)."""
        return self.predict_many([text], [entities], linking=linking)[0]

    def predict_many(
        self, texts: Sequence[str], entities: Sequence[Sequence[Entity]] | None = None, *, linking: str | None = None
    ) -> list[list[Quote]]:
        """:meth:`predict` for several texts at once (``entities[k]`` for ``texts[k]``): the same quotes, in less
        time when there are several, as the articles share the steps of their tagging (:meth:`tag_many`)."""
        linking = linking or self.config.linking
        if linking not in LINKINGS:
            raise ValueError(f"linking must be one of {', '.join(LINKINGS)}, not {linking!r}")
        if linking == "learned" and self.scorer is None:
            raise ValueError("this model was trained without the learned linker")
        if entities is None:
            entities = [()] * len(texts)
        elif len(entities) != len(texts):
            raise ValueError(f"{len(texts)} texts but {len(entities)} entity lists")
        if not all(map(read_whole, texts)):
            return self._predict_long_apart(texts, entities, linking)
        articles = [self._article(text, found) for text, found in zip(texts, entities)]
        scorer = self.scorer if linking == "learned" else None
        return [_link(article, tags, scorer) for article, tags in zip(articles, self.tag_many(articles))]

    def _predict_long_apart(
        self, texts: Sequence[str], entities: Sequence[Sequence[Entity]], linking: str
    ) -> list[list[Quote]]:
        """:meth:`predict_many` of a batch holding a long text: the texts read whole tagged together, in their order,
        and each long one a window at a time (khabar.extract.windows), each window tagged alone: a batch of them
        would hold every window's tables at once."""
        found: list[list[Quote]] = [[] for _ in texts]
        whole = [k for k, text in enumerate(texts) if read_whole(text)]
        if whole:
            batched = self.predict_many([texts[k] for k in whole], [entities[k] for k in whole], linking=linking)
            for k, quotes in zip(whole, batched):
                found[k] = quotes
        for k, text in enumerate(texts):
            if not read_whole(text):
                found[k] = quotes_in_windows(
                    text, entities[k], lambda window, inside: self.predict_many([window], [inside], linking=linking)[0],
                    quotation_marks=self.lexicon.openers, brackets=self.lexicon.brackets,
                )
        return found

    def predict_documents(self, docs: Iterable[Document], *, batch_size: int = PREDICT_BATCH) -> Iterator[Document]:
        """:meth:`predict_document` over a stream, ``batch_size`` documents at a time (:meth:`predict_many`)."""
        stream = iter(docs)
        while batch := list(islice(stream, batch_size)):
            found = self.predict_many([d.text for d in batch], [d.entities for d in batch])
            yield from (doc.with_annotations(quotes=quotes) for doc, quotes in zip(batch, found))

    def predict_document(self, doc: Document) -> Document:
        """A copy of ``doc`` with its quotes replaced by the model's; entities and the rest kept."""
        return doc.with_annotations(quotes=self.predict(doc.text, doc.entities))

    # --- files -------------------------------------------------------------------------------

    def save(self, path: str | PathLike[str]) -> Path:
        """Write the model to ``path`` (a file, or ``quote-model.zip`` inside an existing folder), atomically."""
        target = Path(path)
        if target.is_dir():
            target = target / MODEL_FILENAME
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "config": asdict(self.config),
            "clusters_sizes": list(self.clusters.sizes) if self.clusters is not None else None,
            "info": self.info,
        }
        with atomic_write(target, "wb") as handle:
            with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                archive.writestr(_MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
                for layer in _LAYERS:
                    archive.writestr(f"{layer}.crfsuite", self._model_bytes[layer])
                archive.writestr(_LEXICON_MEMBER, self.lexicon_json)
                if self.scorer is not None:
                    archive.writestr(_LINKER_MEMBER, json.dumps(self.scorer.to_json(), ensure_ascii=False, indent=0))
                if self.clusters is not None:
                    rows = "".join(
                        word + "\t" + "\t".join(map(str, ids)) + "\n" for word, ids in self.clusters.table.items()
                    )
                    archive.writestr(_CLUSTERS_MEMBER, rows)
        return target

    @classmethod
    def load(cls, path: str | PathLike[str], *, lexicon_path: str | PathLike[str] | None = None) -> QuoteModel:
        """Read a model written by :meth:`save`; E444 when there is none, E445 when the file is not one.

        The model runs with the cue lexicon it was trained with (saved inside it), unless
        ``lexicon_path`` names another (its features then differ from training's).
        """
        source = Path(path)
        if source.is_dir():
            source = source / MODEL_FILENAME
        if not source.is_file():
            raise InputError("E444", path=source)
        try:
            with zipfile.ZipFile(source) as archive:
                manifest = json.loads(archive.read(_MANIFEST).decode("utf-8"))
                if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                    found = manifest.get("format") if isinstance(manifest, dict) else type(manifest).__name__
                    raise InputError("E445", reason=f"format {found!r}, expected {FORMAT!r}", path=source)
                if manifest.get("version") not in _READABLE_VERSIONS:
                    raise InputError(
                        "E445", reason=f"version {manifest.get('version')!r}, this khabar reads "
                        + " and ".join(map(str, _READABLE_VERSIONS)), path=source
                    )
                taggers = {layer: archive.read(f"{layer}.crfsuite") for layer in _LAYERS}
                clusters = None
                if manifest.get("clusters_sizes"):
                    table: dict[str, tuple[int, ...]] = {}
                    for line in archive.read(_CLUSTERS_MEMBER).decode("utf-8").splitlines():
                        word, *ids = line.split("\t")
                        table[word] = tuple(map(int, ids))
                    clusters = WordClusters(tuple(manifest["clusters_sizes"]), table, {})
                config = QuoteModelConfig(**manifest["config"])
                lexicon_json = archive.read(_LEXICON_MEMBER)
                scorer = None
                if _LINKER_MEMBER in archive.namelist():
                    scorer = PairScorer.from_json(json.loads(archive.read(_LINKER_MEMBER).decode("utf-8")))
                elif config.linking == "learned":
                    raise ValueError("the model links with a learned scorer but holds none")
        except InputError:
            raise
        except (zipfile.BadZipFile, KeyError, ValueError, TypeError, UnicodeDecodeError, EOFError) as exc:
            raise InputError("E445", reason=f"{type(exc).__name__}: {exc}", path=source) from None
        with tempfile.TemporaryDirectory(prefix="khabar-quote-model-") as workdir:
            if lexicon_path is None:
                lexicon_path = Path(workdir) / "quote_lexicon.json"
                lexicon_path.write_bytes(lexicon_json)
            try:
                return cls(taggers, config, clusters=clusters, lexicon_path=lexicon_path, info=manifest.get("info", {}), scorer=scorer)
            except InputError as exc:
                if exc.path is None or Path(workdir).resolve() not in exc.path.resolve().parents:
                    raise  # a --lexicon file of the caller's
                raise InputError("E445", reason=f"its cue lexicon is damaged ({exc.code}: {exc})", path=source) from None
            except (ValueError, OSError) as exc:  # crfsuite refuses a damaged model member
                raise InputError("E445", reason=f"a damaged CRF layer ({exc})", path=source) from None


def _lexicon_bytes(path: str | PathLike[str] | None) -> bytes:
    """The bytes of a cue lexicon file (``None``: the packaged one)."""
    if path is None:
        return (resources.files("khabar.data") / DEFAULT_LEXICON).read_bytes()
    return Path(path).read_bytes()


def _nearest_cue(
    content: tuple[int, int], cues: list[tuple[int, int]], doc: QuoteDocument
) -> tuple[int, int] | None:
    """The cue for a content: outside it, same paragraph, within reach; adjacent first, then same sentence, then nearest."""
    first, end = content
    paragraph = doc.paragraph_of[first]
    sentences = {doc.sentence_of[first], doc.sentence_of[end - 1]}
    best: tuple[tuple[int, int, int], tuple[int, int]] | None = None
    for cue in cues:
        a, b = cue
        if a < end and b > first:  # inside the content: another (nested) quote's cue
            continue
        if doc.paragraph_of[a] != paragraph:
            continue
        gap = first - b if b <= first else a - end
        if gap > _MAX_CUE_GAP:
            continue
        adjacent = 0 if gap <= 3 else 1
        same_sentence = 0 if doc.sentence_of[a] in sentences else 1
        rank = (adjacent, same_sentence, gap)
        if best is None or rank < best[0]:
            best = (rank, cue)
    return None if best is None else best[1]


def _nearest_source(
    cue: tuple[int, int], content: tuple[int, int], sources: list[tuple[int, int]], doc: QuoteDocument
) -> tuple[int, int] | None:
    """The predicted source nearest the cue in its sentence, outside the content."""
    sentence = doc.sentence_of[cue[0]]
    best: tuple[int, tuple[int, int]] | None = None
    for src in sources:
        a, b = src
        if a < content[1] and b > content[0]:
            continue
        if doc.sentence_of[a] != sentence:
            continue
        gap = a - cue[1] if a >= cue[1] else cue[0] - b
        if gap < 0 or gap > _MAX_SOURCE_GAP:
            continue
        if best is None or gap < best[0]:
            best = (gap, src)
    return None if best is None else best[1]


def _cue_gender(cue: Span | None, article: _Article) -> str | None:
    if cue is None:
        return None
    found = article.token_range(cue)
    if found is None:
        return None
    for k in range(*found):
        form = article.lexicon.forms.get(article.doc.keys[k])
        if form is not None:
            return form.gender
    return None


def _trim_content(first: int, end: int, doc: QuoteDocument) -> tuple[int, int] | None:
    """Shed punctuation tokens at the edges of a content (quotation marks, a final stop)."""
    while first < end and doc.punct[first]:
        first += 1
    while end > first and doc.punct[end - 1]:
        end -= 1
    return (first, end) if end > first else None


def _layer_spans(article: _Article, tags: dict[str, list[str]]) -> tuple[list[TokenRange], list[TokenRange], list[TokenRange]]:
    """The contents (edges trimmed), cues and sources the two layers tagged, as token ranges."""
    doc = article.doc
    contents = [t for t in (_trim_content(a, b, doc) for a, b in _spans_of(tags["content"], "CONTENT")) if t]
    return contents, _spans_of(tags["attribution"], "CUE"), _spans_of(tags["attribution"], "SOURCE")


#: Given a content (tokens) and the cue and source the heuristic chose for it, the cue and source to keep.
Chooser = Callable[[TokenRange, Span | None, Span | None], tuple[Span | None, Span | None]]


def _link(article: _Article, tags: dict[str, list[str]], scorer: PairScorer | None = None) -> list[Quote]:
    """Quotes from the two layers' tags: each content with its cue and source (see the module docstring);
    with a ``scorer``, the learned linker picks each content's pair among candidates."""
    contents, cues, sources = _layer_spans(article, tags)
    choose = None if scorer is None else _learned_chooser(article, cues, sources, scorer)
    return _link_contents(article, contents, cues, sources, choose)


def _link_context(article: _Article, cues: list[TokenRange], sources: list[TokenRange]) -> LinkContext:
    """The linker's view of an article: the rule quotes, the layer's cues and sources, entity names, in tokens."""
    rule_links = []
    for q in article.rule_quotes:
        content = article.token_range(q.content)
        if content is None:
            continue
        cue = article.token_range(q.cue) if q.cue is not None else None
        source = article.token_range(q.source) if q.source is not None else None
        rule_links.append((cue, source, content))
    names = [t for t in (article.token_range(e.span) for e in article.names) if t is not None]
    return LinkContext(article.doc, article.lexicon, rule_links, cues, sources, names)


def _learned_chooser(
    article: _Article, cues: list[TokenRange], sources: list[TokenRange], scorer: PairScorer
) -> Chooser:
    ctx = _link_context(article, cues, sources)
    # The rules' spans as the rules wrote them (a source widened to a whole name need not end on a token edge).
    exact: dict[TokenRange, Span] = {}
    for q in article.rule_quotes:
        for span in (q.cue, q.source):
            if span is not None:
                found = article.token_range(span)
                if found is not None:
                    exact.setdefault(found, span)

    def back(tokens: TokenRange | None) -> Span | None:
        return None if tokens is None else exact.get(tokens) or article.doc.span(*tokens)

    def choose(content: TokenRange, cue: Span | None, source: Span | None) -> tuple[Span | None, Span | None]:
        heuristic = (_tokens_of(article, cue), _tokens_of(article, source))
        best = scorer.best(candidates(ctx, content, heuristic))
        if (best.cue, best.source) == heuristic:
            return cue, source
        return back(best.cue), back(best.source)

    return choose


def _tokens_of(article: _Article, span: Span | None) -> TokenRange | None:
    return None if span is None else article.token_range(span)


def _link_contents(
    article: _Article,
    contents: list[TokenRange],
    cues: list[TokenRange],
    sources: list[TokenRange],
    choose: Chooser | None = None,
) -> list[Quote]:
    """Each content with the cue and source the heuristic links it to, or ``choose`` prefers; plus nested rule quotes."""
    doc = article.doc
    text = doc.text
    rule_quotes = article.rule_quotes
    quotes: list[Quote] = []
    for first, end in contents:
        span = doc.span(first, end)
        rule = max(rule_quotes, key=lambda q: q.content.overlap(span), default=None)
        if rule is not None and rule.content.overlap(span) == 0:
            rule = None
        cue_tokens = None if rule is not None else _nearest_cue((first, end), cues, doc)
        cue: Span | None = doc.span(*cue_tokens) if cue_tokens else None
        source: Span | None = None
        if rule is not None:
            cue, source = rule.cue, rule.source
        elif cue_tokens is not None:
            found = _nearest_source(cue_tokens, (first, end), sources, doc)
            if found is not None:
                source = doc.span(*found)
            else:
                gender = _cue_gender(cue, article)
                for earlier in reversed(quotes):  # a dropped subject: the last compatible speaker
                    if earlier.source is None or earlier.source.start >= span.start:
                        continue
                    other = _cue_gender(earlier.cue, article)
                    if gender is None or other is None or gender == other:
                        source = earlier.source
                        break
        if choose is not None and rule is None:
            # Where a rule quote overlaps, its cue and source stand (the rules attribute well what they
            # find); the learned linker decides for the contents the rules missed.
            cue, source = choose((first, end), cue, source)
        # The type the quotation marks allow (what the validator checks), the rules' where both agree.
        allowed = allowed_quote_types(text, span) or ["indirect"]
        qtype = rule.type if rule is not None and rule.type in allowed else allowed[0]
        # Content, source and cue never overlap (E235): the content is the model's, the rest gives way.
        if cue is not None and cue.overlap(span):
            cue, source = None, None
        if source is not None and (source.overlap(span) or (cue is not None and source.overlap(cue))):
            source = None
        quotes.append(Quote(span, source, cue, qtype))
        # One content layer cannot hold a quote inside another's content (…أن الوزير أكد أن …): the
        # rules can, so their quotes whose cue and content lie inside this content are kept.
        quotes.extend(
            r for r in rule_quotes
            if r is not rule and r.cue is not None and span.contains(r.cue) and span.contains(r.content)
        )
    return quotes


def _train_layer(
    xs: list[list[list[str]]], ys: list[list[str]], config: QuoteModelConfig, workdir: str
) -> bytes:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for x, y in zip(xs, ys):
        trainer.append(x, y)
    trainer.set_params(
        {"c1": config.c1, "c2": config.c2, "max_iterations": config.max_iterations,
         "feature.possible_transitions": True}
    )
    path = os.path.join(workdir, "layer.crfsuite")
    trainer.train(path)
    with open(path, "rb") as handle:
        return handle.read()


def train_quote_model(
    documents: Iterable[Document],
    *,
    config: QuoteModelConfig | None = None,
    clusters: WordClusters | str | PathLike[str] | None = None,
    lexicon_path: str | PathLike[str] | None = None,
    progress: Callable[[int, int | None], None] | None = None,
) -> QuoteModel:
    """Train both layers on gold documents (their quotes' spans become BIO tags over the rules' tokens).

    Every document of the gold counts, those without quotes too: they teach the
    model where no quote is. E446 when no document has a quote, E447 when every token is inside one.
    ``progress(documents_read, None)`` is called as features are built.
    """
    config = config or QuoteModelConfig()
    started = time.perf_counter()
    if clusters is not None and not isinstance(clusters, WordClusters):
        clusters = WordClusters.load(clusters)
    lexicon = load_lexicon(lexicon_path)
    keys: dict[str, str] = {}
    words = _WordCache(lexicon)
    xs: list[list[list[str]]] = []
    ys: dict[str, list[list[str]]] = {layer: [] for layer in _LAYERS}
    n_docs = n_quotes = n_tokens = 0
    #: Per document (for the linker): its article, gold quotes and the indices of its sequences in ``xs``.
    seen: list[tuple[_Article, Sequence[Quote], range]] = []
    for doc in documents:
        article = _Article(doc.text, lexicon, keys, doc.entities, clusters, config.use_entities, words)
        gold = article.gold_tags(doc.quotes)
        at = len(xs)
        for first, end, feats in article.sequences():
            xs.append(feats)
            for layer in _LAYERS:
                ys[layer].append(gold[layer][first:end])
        if config.linking == "learned":
            seen.append((article, doc.quotes, range(at, len(xs))))
        n_docs += 1
        n_quotes += len(doc.quotes)
        n_tokens += article.doc.n
        if progress is not None:
            progress(n_docs, None)
    if n_quotes == 0:
        raise InputError("E446")
    if not any("O" in tags for tags in ys["content"]):  # the content layer would tag every word a quote
        raise InputError("E447")
    feature_seconds = time.perf_counter() - started
    scorer = None
    with tempfile.TemporaryDirectory(prefix="khabar-quote-model-") as workdir:
        taggers = {layer: _train_layer(xs, ys[layer], config, workdir) for layer in _LAYERS}
        if config.linking == "learned":
            scorer = _train_linker(seen, xs, ys["attribution"], taggers["attribution"], config, workdir)
    info = {
        "documents": n_docs,
        "quotes": n_quotes,
        "sequences": len(xs),
        "tokens": n_tokens,
        "cluster_words": len(clusters) if clusters is not None else 0,
        "feature_seconds": round(feature_seconds, 2),
        "train_seconds": round(time.perf_counter() - started, 2),
    }
    return QuoteModel(taggers, config, clusters=clusters, lexicon_path=lexicon_path, info=info, scorer=scorer)


def _train_linker(
    seen: list[tuple[_Article, Sequence[Quote], range]],
    xs: list[list[list[str]]],
    ys: list[list[str]],
    attribution: bytes,
    config: QuoteModelConfig,
    workdir: str,
) -> PairScorer:
    """The pair scorer, trained on the gold contents no rule quote overlaps (where it is used), with cues and
    sources tagged as on unseen text.

    The attribution layer tags its own training articles almost perfectly, so a
    linker trained on those tags would trust them more than they deserve: each
    article is tagged by a layer trained on the other folds (articles ``i`` with
    ``i % link_folds`` apart). With a single article the full layer tags it.
    """
    import pycrfsuite

    folds = max(1, min(config.link_folds, len(seen)))
    held_tags: list[list[str]] = [[] for _ in xs]
    for fold in range(folds):
        held = [k for k in range(len(seen)) if k % folds == fold]
        if folds == 1:
            model = attribution
        else:
            out = {i for k in held for i in seen[k][2]}
            model = _train_layer(
                [x for i, x in enumerate(xs) if i not in out], [y for i, y in enumerate(ys) if i not in out], config, workdir
            )
        tagger = pycrfsuite.Tagger()
        tagger.open_inmemory(model)
        for k in held:
            for i in seen[k][2]:
                held_tags[i] = tagger.tag(xs[i])
    groups: list[tuple[list[LinkCandidate], list[bool]]] = []
    for article, quotes, indices in seen:
        tags = [tag for i in indices for tag in held_tags[i]]
        attribution_tags = ["O"] * article.doc.n
        at = 0
        for first, end in article.paragraphs:
            attribution_tags[first:end] = tags[at : at + end - first]
            at += end - first
        cues = _spans_of(attribution_tags, "CUE")
        sources = _spans_of(attribution_tags, "SOURCE")
        ctx = _link_context(article, cues, sources)
        by_content: dict[TokenRange, Quote] = {}
        for q in quotes:
            found = article.token_range(q.content)
            if found is not None:
                by_content.setdefault(found, q)

        def record(content: TokenRange, cue: Span | None, source: Span | None) -> tuple[Span | None, Span | None]:
            gold = by_content[content]
            heuristic = (_tokens_of(article, cue), _tokens_of(article, source))
            options = candidates(ctx, content, heuristic)
            groups.append((options, _positives(article, gold, options)))
            return cue, source

        _link_contents(article, sorted(by_content), cues, sources, record)
    return train_scorer(groups, config.link_c)


def _positives(article: _Article, gold: Quote, options: Sequence[LinkCandidate]) -> list[bool]:
    """Which candidates link a gold content right: the source agrees with the gold one (overlapping, or both
    absent), and the cue too where any candidate's does."""

    def agrees(tokens: TokenRange | None, span: Span | None) -> bool:
        if tokens is None or span is None:
            return tokens is None and span is None
        return article.doc.span(*tokens).overlap(span) > 0

    source_ok = [agrees(o.source, gold.source) for o in options]
    both = [ok and agrees(o.cue, gold.cue) for ok, o in zip(source_ok, options)]
    return both if any(both) else source_ok


def model_builder(config: QuoteModelConfig | None = None):  # noqa: ANN201 - a khabar.evaluate.crossval.Builder
    """The quote model as a *builder* for :mod:`khabar.evaluate.crossval`: trained on the training documents given."""

    def build(train: Sequence[Document]):  # noqa: ANN202
        return train_quote_model(list(train), config=config).predict_document

    return build
