"""Fast CRF tagging: crfsuite's weights in numpy, scores memoised per word type, Viterbi over many sentences at once.

crfsuite tags a sentence from one feature dict per token (about 160 attributes
each with the word vectors): building the dicts, turning them into crfsuite
items and looking every attribute up in the model took some 90% of the time.
Yet a linear-chain CRF's score for a token and a label is a sum of weights, and
almost every feature of :func:`~khabar.extract.features.sentence_features`
depends on one word alone: the token's own features, and the same word's
context features when it is the neighbour at offset -2, -1, +1 or +2. So
:class:`CompiledCrf` computes, once per distinct token, its own score vector
and one vector per offset, and a sentence's scores are a few rows added
together; only the features of a position (bias, first and last token, word
bigrams, gazetteer phrase tags) are looked up per token. The Viterbi search
then runs over a whole batch of sentences with numpy, one step per position.

The tags are crfsuite's own: the same weights, read from the model file
crfsuite wrote (:class:`CrfWeights`), the same decoding with the same tie
breaking (the first best label wins); only the order in which a token's
weights are summed differs, by a rounding error in the last bits.
``tests/test_extract_crf_compiled.py`` checks the two paths agree on real sentences.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import InputError
from .features import _CONTEXT_KEYS, ClustersLike, FeatureConfig, GazetteerLike, _own_features, match_key

__all__ = ["CrfWeights", "CompiledCrf", "viterbi", "weights_from_crf"]

# crfsuite's model file (lib/crf/src/crf1d_model.c): a 48-byte header, then chunks. Little-endian throughout.
_HEADER = struct.Struct("<4sI4sI8I")
_FEATURE = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])  # packed: 20 bytes
_STATE, _TRANSITION = 0, 1
#: A CQDB string table (lib/cqdb/src/cqdb.c) starts its records after a 24-byte header and 256 table references.
_CQDB_DATA = 24 + 256 * 8


@dataclass(frozen=True)
class CrfWeights:
    """Everything a first-order crfsuite model (``FOMC``) decodes with, as arrays."""

    labels: tuple[str, ...]
    #: Attribute name -> row of :attr:`state`.
    attributes: dict[str, int]
    #: ``state[attribute, label]``: the weight of a state feature (0 where the model has none).
    state: np.ndarray
    #: ``transitions[previous, next]``: the weight of a label bigram.
    transitions: np.ndarray

    @classmethod
    def from_bytes(cls, data: bytes, *, source: str | None = None) -> CrfWeights:
        """Read a model file as crfsuite writes it; :class:`InputError` E431 when it is not one."""
        try:
            return cls._parse(memoryview(data))
        except (struct.error, ValueError, IndexError, UnicodeDecodeError) as exc:
            raise InputError("E431", f"not a khabar CRF model: damaged crfsuite model ({exc})", path=source) from None

    @classmethod
    def _parse(cls, data: memoryview) -> CrfWeights:
        # The header's feature count is left 0 by crfsuite's writer: the feature chunk holds the real one.
        (magic, _size, kind, _version, _num_features, num_labels, num_attrs,
         off_features, off_labels, off_attrs, _off_labelrefs, _off_attrrefs) = _HEADER.unpack_from(data, 0)
        if magic != b"lCRF" or kind != b"FOMC":
            raise ValueError(f"magic {bytes(magic)!r}, type {bytes(kind)!r}")
        labels = tuple(_cqdb_strings(data, off_labels, num_labels))
        names = _cqdb_strings(data, off_attrs, num_attrs)
        chunk, _, count = struct.unpack_from("<4sII", data, off_features)
        if chunk != b"FEAT":
            raise ValueError("no feature chunk")
        features = np.frombuffer(data, dtype=_FEATURE, count=count, offset=off_features + 12)
        state = np.zeros((num_attrs, num_labels))
        transitions = np.zeros((num_labels, num_labels))
        is_state = features["type"] == _STATE
        s = features[is_state]
        state[s["src"], s["dst"]] = s["weight"]
        t = features[features["type"] == _TRANSITION]
        transitions[t["src"], t["dst"]] = t["weight"]
        return cls(labels, dict(zip(names, range(num_attrs))), state, transitions)


def _cqdb_strings(data: memoryview, offset: int, count: int) -> list[str]:
    """The ``count`` strings of a CQDB chunk, by id: its records are ``id, size, bytes + NUL``, one after the other."""
    strings: list[str | None] = [None] * count
    position = offset + _CQDB_DATA
    unpack = struct.Struct("<iI").unpack_from
    raw = data.obj if isinstance(data.obj, bytes) else bytes(data)
    for _ in range(count):
        ident, size = unpack(data, position)
        start = position + 8
        strings[ident] = raw[start : start + size - 1].decode("utf-8")
        position = start + size
    if any(s is None for s in strings):
        raise ValueError("string table with gaps")
    return strings  # type: ignore[return-value]


class CompiledCrf:
    """Tags sentences as crfsuite would with these weights and :func:`~khabar.extract.features.sentence_features`.

    Remembers the scores of up to ``cache_types`` distinct tokens, then starts
    afresh (a corpus's frequent words come back at once), so memory stays
    bounded over any corpus. Not for use from several threads at once: the
    memo is shared.
    """

    def __init__(
        self,
        weights: CrfWeights,
        config: FeatureConfig,
        *,
        gazetteer: GazetteerLike | None = None,
        clusters: ClustersLike | None = None,
        cache_types: int = 200_000,
    ):
        self.weights = weights
        self.config = config
        self.gazetteer = gazetteer if config.use_gazetteer else None
        self.clusters = clusters
        self.cache_types = cache_types
        #: The neighbours a token's context features come from (``sentence_features``' window).
        self.offsets = tuple(o for o in range(-config.window, config.window + 1) if o != 0)
        self._labels = np.array(weights.labels, dtype=object)
        width = len(weights.labels)
        self._roles = 1 + len(self.offsets)  # a feature value's weight as the token's own, then as each neighbour
        self._bias = self._row("bias")
        self._bos = self._row("BOS")
        self._eos = self._row("EOS")
        self._context_prefixes = {name: [f"{offset}:{name}" for offset in self.offsets] for name in _CONTEXT_KEYS}
        # The word vectors' share of a token's own score is one product: vector @ the weights of v0, v1, ...
        self._config_without_vectors = FeatureConfig(**{**config.to_dict(), "use_vectors": False})
        self._vector_index: dict[str, int] | None = None
        if config.use_vectors and clusters is not None and getattr(clusters, "vectors", None) is not None:
            self._vector_index = clusters.vector_index  # type: ignore[attr-defined]
            self._vector_weights = np.zeros((clusters.vectors.shape[1], width))  # type: ignore[attr-defined]
            for i in range(len(self._vector_weights)):
                row = weights.attributes.get(f"v{i}")
                if row is not None:
                    self._vector_weights[i] = weights.state[row]
        # Only words that occur in some bigram feature of the model need their bigrams looked up.
        self._bigram_left, self._bigram_right = _bigram_words(weights.attributes)
        self._clear()

    def _clear(self) -> None:
        width = len(self.weights.labels)
        # Per feature value (name, value) the model has weights for: a row of _value_scores with its
        # weights in each role (row 0, all zeros, stands for every value it has none for).
        self._values: dict[tuple[str, object], int] = {("", ""): 0}
        self._value_scores = np.zeros((1024, self._roles, width))
        # Per token: a row of _scores (its own score and its score as each neighbour), its match key,
        # and flags: may it be part of a bigram feature (left, right), may a gazetteer name start at it.
        self._rows: dict[str, int] = {}
        self._keys: list[str] = []
        self._scores = np.zeros((1024, self._roles, width))
        self._flags = np.zeros((1024, 3), dtype=bool)

    # -- the weights of attributes ---------------------------------------------------------------

    def _row(self, name: str) -> np.ndarray | None:
        """The weights of a feature of value 1 (``bias``, ``BOS``, ``EOS``), None when the model has none."""
        row = self.weights.attributes.get(name)
        return None if row is None else self.weights.state[row]

    def _value_weights(self, name: str, value: object) -> list[tuple[int, int, float]]:
        """Where one feature value weighs, as pycrfsuite encodes it: ``name:value`` for a string, else ``name`` × value.

        ``(role, attribute row, value)`` for each role (own, then each neighbour) the model has weights for.
        """
        attributes = self.weights.attributes
        found: list[tuple[int, int, float]] = []
        for role, prefix in enumerate([name] + self._context_prefixes.get(name, [])):
            if isinstance(value, str):
                attribute, weight = f"{prefix}:{value}", 1.0
            else:
                attribute, weight = prefix, float(value)  # type: ignore[arg-type]
            row = attributes.get(_c_string(attribute))
            if row is not None:
                found.append((role, row, weight))
        return found

    # -- per-type memo -------------------------------------------------------------------------------

    def _learn_types(self, tokens: Sequence[str]) -> None:
        """Score new distinct tokens: their own features, and their context features at each offset.

        The features are :func:`~khabar.extract.features._own_features` (but the
        word vectors: they are one matrix product); each feature value's weights
        are looked up once (:meth:`_value_weights`), and a token's score is the sum
        of its values' rows.
        """
        values = self._values
        value_weights = self._value_weights
        own_features = _own_features
        config, gazetteer, clusters = self._config_without_vectors, self.gazetteer, self.clusters
        rows: list[int] = []
        starts: list[int] = []
        keys: list[str] = []
        stems: list[str] = []
        filled: list[tuple[int, int, int, float]] = []  # (value row, role, attribute row, value) of new values
        for token in tokens:
            key = match_key(token)
            keys.append(key)
            features = own_features(token, key, config, gazetteer, clusters)
            stems.append(features["stem"])  # type: ignore[arg-type]
            starts.append(len(rows))
            for item in features.items():
                row = values.get(item)
                if row is None:
                    found = value_weights(*item)
                    if found:
                        row = values[item] = len(values)
                        filled.extend((row, role, attribute, weight) for role, attribute, weight in found)
                    else:
                        # Row 0 scores nothing. Not remembered: most such values (a rare word, its stem)
                        # belong to one type, and the memo would grow with the corpus.
                        row = 0
                rows.append(row)
        if filled:
            value_rows, roles, attribute_rows, weights = zip(*filled)
            needed = max(value_rows) + 1
            if needed > len(self._value_scores):
                grown = np.zeros((max(needed, 2 * len(self._value_scores)), *self._value_scores.shape[1:]))
                grown[: len(self._value_scores)] = self._value_scores
                self._value_scores = grown
            self._value_scores[list(value_rows), list(roles)] = (
                self.weights.state[list(attribute_rows)] * np.asarray(weights)[:, None]
            )
        # Every token has features (word, stem, shape...): no segment is empty.
        scores = np.add.reduceat(self._value_scores[np.asarray(rows, dtype=np.intp)], starts, axis=0)
        if self._vector_index is not None:
            index = self._vector_index
            # As _own_features: the vector of the match key, else of the clitic-stripped stem.
            found = [index.get(key, index.get(stem, -1)) for key, stem in zip(keys, stems)]
            have = np.asarray(found, dtype=np.intp)
            known = have >= 0
            if known.any():
                vectors = np.asarray(self.clusters.vectors[have[known]], dtype=np.float64)  # type: ignore[union-attr]
                scores[known, 0] += vectors @ self._vector_weights
        first = len(self._keys)
        needed = first + len(tokens)
        if needed > len(self._scores):
            size = max(needed, 2 * len(self._scores))
            grown = np.zeros((size, *self._scores.shape[1:]))
            grown[:first] = self._scores[:first]
            self._scores = grown
            flags = np.zeros((size, 3), dtype=bool)
            flags[:first] = self._flags[:first]
            self._flags = flags
        self._scores[first:needed] = scores
        may_start = getattr(gazetteer, "may_start", None)
        left, right = self._bigram_left, self._bigram_right
        self._flags[first:needed] = [
            # A key holding a NUL is cut short in crfsuite's lookup: always look its bigrams up.
            ("\0" in key or key in left, "\0" in key or key in right,
             gazetteer is not None and (may_start is None or may_start(key)))
            for key in keys
        ]
        self._keys.extend(keys)
        self._rows.update(zip(tokens, range(first, needed)))

    # -- tagging ----------------------------------------------------------------------------------------

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """One BIO tag per token of each sentence (empty sentences get no tags)."""
        if len(self._keys) > self.cache_types or len(self._values) > self.cache_types:
            self._clear()
        lengths = [len(s) for s in sentences]
        total = sum(lengths)
        if total == 0:
            return [[] for _ in sentences]
        rows_of = self._rows
        tokens = [t for s in sentences for t in s]
        new = [t for t in dict.fromkeys(tokens) if t not in rows_of]
        if new:
            self._learn_types(new)
        rows = np.fromiter(map(rows_of.__getitem__, tokens), dtype=np.intp, count=total)
        table = self._scores
        scores = table[rows, 0]
        if self._bias is not None:
            scores += self._bias
        length_array = np.asarray(lengths)
        sentence_of = np.repeat(np.arange(len(sentences)), length_array)
        for role, offset in enumerate(self.offsets, start=1):
            span = abs(offset)
            if span >= total:
                continue
            same = (sentence_of[span:] == sentence_of[:-span])[:, None]
            if offset > 0:  # token i sees token i + offset
                scores[:-span] += table[rows[span:], role] * same
            else:
                scores[span:] += table[rows[:-span], role] * same
        ends = np.cumsum(length_array)
        starts = ends - length_array
        nonempty = length_array > 0
        if self._bos is not None:
            scores[starts[nonempty]] += self._bos
        if self._eos is not None:
            scores[ends[nonempty] - 1] += self._eos
        self._add_position_features(scores, rows, sentence_of, starts, ends)
        return self._viterbi(scores, lengths)

    def _add_position_features(
        self, scores: np.ndarray, rows: np.ndarray, sentence_of: np.ndarray, starts: np.ndarray, ends: np.ndarray
    ) -> None:
        """Word bigrams and gazetteer phrase tags: the features that depend on a token's place, not its word alone.

        Only pairs of words that both occur in the model's bigram features are
        looked up, and only sentences holding a word a gazetteer name may start
        with are matched against the lists.
        """
        attributes = self.weights.attributes
        keys = self._keys
        flags = self._flags[rows]
        where: list[int] = []
        which: list[int] = []
        pairs = np.flatnonzero(flags[:-1, 0] & flags[1:, 1] & (sentence_of[:-1] == sentence_of[1:]))
        for i in pairs.tolist():
            bigram = keys[rows[i]] + "|" + keys[rows[i + 1]]
            for name, at in (("bigram+1:", i), ("bigram-1:", i + 1)):
                found = attributes.get(_c_string(name + bigram))
                if found is not None:
                    where.append(at)
                    which.append(found)
        if self.gazetteer is not None:
            near = 1 in self.offsets  # phrase tags of the neighbours at -1 and +1, when the window reaches them
            for sentence in np.unique(sentence_of[flags[:, 2]]).tolist():
                start, end = int(starts[sentence]), int(ends[sentence])
                tags = self.gazetteer.tag_keys([keys[r] for r in rows[start:end].tolist()])
                for i, tag in enumerate(tags):
                    if tag == "O":
                        continue
                    places = (("gzp:", i), ("-1:gzp:", i + 1), ("1:gzp:", i - 1)) if near else (("gzp:", i),)
                    for name, at in places:
                        if 0 <= at < end - start:
                            found = attributes.get(name + tag)
                            if found is not None:
                                where.append(start + at)
                                which.append(found)
        if where:
            np.add.at(scores, np.asarray(where, dtype=np.intp), self.weights.state[which])

    def _viterbi(self, scores: np.ndarray, lengths: list[int]) -> list[list[str]]:
        return viterbi(scores, lengths, self.weights.transitions, self._labels)


def viterbi(scores: np.ndarray, lengths: Sequence[int], transitions: np.ndarray, labels: np.ndarray) -> list[list[str]]:
    """crfsuite's Viterbi (crf1d_context.c) over many sequences at once, longest first.

    ``scores`` holds the state scores of every position of every sequence, one
    sequence after the other (``lengths`` says how many each has);
    ``transitions[previous, next]`` the label bigram weights; ``labels`` (an
    object array) the label names. With the sequences sorted by length, those
    still running at step ``t`` are a prefix of the order, so each step is one
    slice. ``argmax`` keeps the first of equal scores, as crfsuite's strict
    ``<`` does.
    """
    width = transitions.shape[0]
    count = len(lengths)
    if count == 0:
        return []
    lengths_array = np.asarray(lengths, dtype=np.intp)
    order = np.argsort(-lengths_array, kind="stable")
    sorted_lengths = lengths_array[order]
    longest = int(sorted_lengths[0])
    if longest == 0:
        return [[] for _ in range(count)]
    starts = (np.cumsum(lengths_array) - lengths_array)[order]
    # running[t]: how many sequences are longer than t (a prefix of the sorted ones).
    running = np.searchsorted(-sorted_lengths, -np.arange(longest + 1), side="left").tolist()
    alpha = np.zeros((count, width))
    alpha[: running[0]] = scores[starts[: running[0]]]
    back = np.zeros((longest, count, width), dtype=np.int8 if width < 128 else np.intp)
    for t in range(1, longest):
        n = running[t]
        back[t, :n], best = _best_previous(alpha[:n], transitions)
        alpha[:n] = best + scores[starts[:n] + t]
    last = alpha.argmax(axis=1)
    # Back from the end: a sequence joins at its last position with its best final label.
    path = np.zeros((longest, count), dtype=np.intp)
    current = np.zeros(count, dtype=np.intp)
    for t in range(longest - 1, -1, -1):
        n, ending = running[t], running[t + 1]
        current[ending:n] = last[ending:n]
        if ending:
            current[:ending] = back[t + 1, np.arange(ending), current[:ending]]
        path[t, :n] = current[:n]
    out: list[list[str]] = [[] for _ in range(count)]
    for rank, (index, n) in enumerate(zip(order.tolist(), sorted_lengths.tolist())):
        if n:
            out[index] = labels[path[:n, rank]].tolist()
    return out


#: From this many sequences on, :func:`_best_previous` compares the previous labels one at a time.
_LOOP_FROM = 128


def _best_previous(alpha: np.ndarray, transitions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each sequence and next label, the best previous label (the first of equal scores) and its score.

    The plain way, one ``[sequence, previous, next]`` array reduced over its
    middle axis, costs numpy far more per element than elementwise steps do:
    for many sequences, one comparison per previous label over ``[sequence,
    next]`` arrays is 2-4x faster; for a few, the single reduction is.
    """
    if len(alpha) < _LOOP_FROM:
        candidates = alpha[:, :, None] + transitions  # [sequence, previous label, next label]
        return candidates.argmax(axis=1), candidates.max(axis=1)
    best = alpha[:, 0, None] + transitions[0]
    which = np.zeros(best.shape, dtype=np.intp)
    for previous in range(1, transitions.shape[0]):
        candidate = alpha[:, previous, None] + transitions[previous]
        which[candidate > best] = previous  # strictly greater: the first of equal scores stays, as argmax keeps it
        np.maximum(best, candidate, out=best)
    return which, best


def _bigram_words(attributes: Mapping[str, int]) -> tuple[frozenset[str], frozenset[str]]:
    """Every word that may stand left or right in a ``bigram±1:LEFT|RIGHT`` attribute (every split of a name with several ``|``)."""
    left: set[str] = set()
    right: set[str] = set()
    for name in attributes:
        if not name.startswith(("bigram-1:", "bigram+1:")):
            continue
        pair = name[9:]
        cut = pair.find("|")
        while cut >= 0:
            left.add(pair[:cut])
            right.add(pair[cut + 1 :])
            cut = pair.find("|", cut + 1)
    return frozenset(left), frozenset(right)


def _c_string(name: str) -> str:
    return name.partition("\0")[0] if "\0" in name else name


def weights_from_crf(crf: Any) -> CrfWeights:
    """The weights of a trained ``sklearn_crfsuite.CRF`` (read from the model file it keeps)."""
    with open(crf.modelfile.name, "rb") as handle:
        return CrfWeights.from_bytes(handle.read(), source=crf.modelfile.name)
