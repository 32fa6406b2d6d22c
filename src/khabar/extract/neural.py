"""A character-aware BiLSTM-CRF entity recogniser (PyTorch, CPU).

The CRF of :mod:`khabar.extract.crf` sees each word through hand-made
features; it misses names it never saw tagged (ANERcorp is about 125k tokens).
This model reads every token through five views, concatenated:

* a **trainable word embedding** for words seen at least twice in training
  (replaced by ``<unk>`` at random during training, so the other views learn
  to carry unseen words);
* the **SaudiNewsNet word2vec vector** of the word (frozen; the clitic-stripped
  stem's when the word itself is unknown), from :class:`~khabar.extract.clusters.WordClusters`:
  most names in new text are in those 120k words even when not in ANERcorp;
* a **character CNN** over the word's normalised letters, for transliterated
  foreign names (-وف, -سكي) that neither vocabulary holds;
* the cheap features the CRF already uses, as small embeddings: the word's
  word2vec **cluster ids** at each granularity, its **gazetteer** BIO tag
  (longest match in the cleaned ANERGazet lists over the sentence), its
  **proclitics** (و ف ب ل ك ال) and its writing **shape**.

A one-layer BiLSTM reads the sentence and a linear-chain CRF (the
``pytorch-crf`` package, ``torchcrf``, which works unchanged with torch 2.x)
scores the BIO tag sequence. Training batches sentences of similar length,
uses Adam, and is deterministic for a given seed on one thread. Several
models trained with different seeds form an ensemble (``members``): their
emission and transition scores are averaged before Viterbi decoding; they can
train side by side in worker processes (``processes``), one per spare core.

One model is the default recogniser of ``khabar train entities``: the most
accurate that trains in minutes on 2 cores and still tags a corpus at more
than 50,000 tokens a second on two worker processes. An ensemble is more
accurate again, but tags that many times slower. Tagging batches a text's
sentences by length (:meth:`NeuralRecognizer.predict_batch`), remembers each
distinct token's encoding, and pads letters so that a sentence's tags never
depend on what it is batched with. The measured figures, and the variations
tried and dropped on the way, are in ``benchmarks/README.md``.

A trained model can be trained further on new gold (:func:`fine_tune_neural`;
``khabar train entities --continue-from``, and ``khabar doccano refresh``,
which continues the campaign's model on what the annotators confirmed): seconds
for a few dozen articles, where training from nothing takes minutes.

A model is one file written by :func:`torch.save` holding only tensors and
plain lists/dicts/strings, so :meth:`NeuralRecognizer.load` reads it with
``torch.load(..., weights_only=True)``: loading runs no code, unlike the CRF's
pickle. torch is imported only when a model is trained or loaded.
"""

from __future__ import annotations

import math
import random
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from itertools import chain
from multiprocessing import get_context
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ..errors import InputError
from ..gold.model import Document, Entity
from ..io import load_torch, save_torch
from .clusters import WordClusters
from .bio import labelled_word_counts, model_file, sentence_entities, sentence_tokens, training_sequences
from .features import match_key, shape, split_clitics
from .gazetteer import Gazetteer

if TYPE_CHECKING:  # pragma: no cover
    import torch

__all__ = ["NeuralConfig", "NeuralRecognizer", "train_neural", "fine_tune_neural", "is_neural_model", "FORMAT", "MODEL_FILENAME"]

FORMAT = "khabar-bilstm-crf/1"
#: The file written inside a directory when ``save`` is given one.
MODEL_FILENAME = "model.bilstm.pt"

_PAD, _UNK = "<pad>", "<unk>"
_SHAPES = ("ar", "lat", "num", "punct", "mixed", "other", "empty")
_GAZ_TAGS = ("O", "B-PERS", "I-PERS", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC")
_GAZ_INDEX = {tag: i for i, tag in enumerate(_GAZ_TAGS)}
#: Longer words are cut for the character CNN: the ends carry the affixes, so keep both.
_MAX_CHARS = 24
#: Distinct tokens whose encoding is remembered (about 100 MB at most); the memo starts again when full.
_MEMO_TOKENS = 200_000
#: Sentences are tagged in batches of about this many tokens (padding included), by similar length:
#: larger batches gain nothing on one thread, and long and short sentences together waste work on padding.
PREDICT_BATCH_TOKENS = 2000


@dataclass
class NeuralConfig:
    """Sizes and training settings; stored with a model so it is rebuilt the same."""

    word_dim: int = 64
    char_dim: int = 32
    char_filters: int = 64
    char_width: int = 3
    cluster_dim: int = 16
    gazetteer_dim: int = 16
    clitic_dim: int = 8
    shape_dim: int = 4
    hidden: int = 128
    dropout: float = 0.5
    word_dropout: float = 0.25
    #: word2vec vectors are unit length (components ~0.1) beside N(0, 1) embeddings: scaled up so they are not drowned.
    pretrained_scale: float = 10.0
    min_word_count: int = 2
    learning_rate: float = 2e-3
    #: The learning rate falls linearly, epoch by epoch, to this share of ``learning_rate`` (1.0: constant).
    final_learning_rate: float = 1.0
    batch_tokens: int = 600
    clip: float = 5.0


def is_neural_model(path: str | PathLike[str]) -> bool:
    """Whether ``path`` looks like a model of this module (``*.pt``, a zip written by torch, or a folder holding one).

    Cheap: reads at most four bytes and never imports torch, so
    :func:`khabar.extract.entities.load_recognizer` can dispatch on it.
    """
    p = Path(path)
    if p.is_dir():
        return (p / MODEL_FILENAME).exists()
    if p.suffix == ".pt":
        return True
    try:
        with open(p, "rb") as handle:
            return handle.read(4) == b"PK\x03\x04"
    except OSError:
        return False


class _Encoder:
    """Turns token lists into the index tensors the network reads; everything here is plain data."""

    def __init__(
        self,
        *,
        words: list[str],
        chars: list[str],
        clitics: list[str],
        tags: list[str],
        pretrained_words: list[str],
        cluster_sizes: list[int],
        gazetteer: Gazetteer | None,
    ):
        self.words, self.chars, self.clitics, self.tags = words, chars, clitics, tags
        self.pretrained_words = pretrained_words
        self.cluster_sizes = cluster_sizes
        self.gazetteer = gazetteer
        self.word_index = {w: i for i, w in enumerate(words)}
        self.char_index = {c: i for i, c in enumerate(chars)}
        self.clitic_index = {c: i for i, c in enumerate(clitics)}
        self.tag_index = {t: i for i, t in enumerate(tags)}
        # Row 0 of the pretrained table is the zero vector of unknown words.
        self.pretrained_index = {w: i + 1 for i, w in enumerate(pretrained_words)}
        self._memo: dict[str, _EncodedToken] = {}

    def __getstate__(self) -> dict[str, Any]:
        # The memo is rebuilt where the encoder lands (a training worker): no need to ship it.
        return {**self.__dict__, "_memo": {}}

    def _token(self, token: str) -> _EncodedToken:
        """Matching key and the feature indices of one token (memoised: news repeats its words)."""
        found = self._memo.get(token)
        if found is None:
            key = match_key(token)
            clitics, stem = split_clitics(key)
            letters = key if len(key) <= _MAX_CHARS else key[: _MAX_CHARS // 2] + key[-_MAX_CHARS // 2 :]
            token_shape = shape(token)
            found = _EncodedToken(
                key,
                self.word_index.get(key, 1),
                self.pretrained_index.get(key) or self.pretrained_index.get(stem, 0),
                tuple(self.char_index.get(c, 1) for c in letters) or (1,),
                self.clitic_index.get(clitics, 1),
                _SHAPES.index(token_shape if token_shape in _SHAPES else "other"),
            )
            if len(self._memo) >= _MEMO_TOKENS:
                self._memo.clear()
            self._memo[token] = found
        return found

    def encode(self, tokens: Sequence[str]) -> dict[str, list]:
        """Per-token feature indices of one sentence."""
        encoded = [self._token(t) for t in tokens]
        keys = [e.key for e in encoded]
        gaz = self.gazetteer.tag_keys(keys) if self.gazetteer is not None else ["O"] * len(keys)
        return {
            "word": [e.word for e in encoded],
            "pre": [e.pretrained for e in encoded],
            "chars": [e.letters for e in encoded],
            "clitic": [e.clitics for e in encoded],
            "shape": [e.shape for e in encoded],
            "gaz": [_GAZ_INDEX.get(tag, 0) for tag in gaz],
        }

    def batch(self, sentences: Sequence[dict[str, list]], *, char_margin: int = 0) -> dict[str, torch.Tensor]:
        """Padded tensors for a list of encoded sentences (``mask`` marks real tokens).

        The letters are given once per distinct spelling (``chars``, one row each, padded to the longest
        plus ``char_margin``: see :func:`_char_margin`), and ``char_rows`` says which row each token reads:
        the character CNN then runs once per distinct word of the batch, not once per token.
        """
        import numpy as np
        import torch

        lengths = np.array([len(s["word"]) for s in sentences], dtype=np.int64)
        n, length = len(sentences), int(lengths.max())
        # Where each token goes in the padded (n, length) grid, sentence after sentence.
        rows = np.repeat(np.arange(n), lengths)
        columns = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        tensors = {}
        for name in ("word", "pre", "clitic", "shape", "gaz"):
            grid = np.zeros((n, length), dtype=np.int64)
            grid[rows, columns] = list(chain.from_iterable(s[name] for s in sentences))
            tensors[name] = torch.from_numpy(grid)
        spellings: dict[tuple[int, ...], int] = {}
        token_rows = [spellings.setdefault(letters, len(spellings)) for s in sentences for letters in s["chars"]]
        widths = np.array([len(letters) for letters in spellings], dtype=np.int64)
        chars = np.zeros((len(spellings), int(widths.max()) + char_margin), dtype=np.int64)
        positions = np.arange(int(widths.sum())) - np.repeat(np.cumsum(widths) - widths, widths)
        chars[np.repeat(np.arange(len(spellings)), widths), positions] = list(chain.from_iterable(spellings))
        char_rows = np.zeros((n, length), dtype=np.int64)
        char_rows[rows, columns] = token_rows
        mask = torch.from_numpy(np.arange(length)[None, :] < lengths[:, None])
        return {**tensors, "chars": torch.from_numpy(chars), "char_rows": torch.from_numpy(char_rows), "mask": mask}


class _EncodedToken(NamedTuple):
    key: str
    word: int
    pretrained: int
    letters: tuple[int, ...]
    clitics: int
    shape: int


def _viterbi(crf: Any, emissions: torch.Tensor, mask: torch.Tensor) -> list[list[int]]:
    """The best tag sequence of each sentence: torchcrf's ``CRF.decode``, in numpy, for the whole batch at once.

    ``CRF.decode`` spends a dozen small torch operations per position and follows each sentence's
    back-pointers in a Python loop, token by token: a tenth of the tagging time. The same recursion
    over numpy arrays (same sums, ties to the lower tag as there) costs a few microseconds a position.
    ``mask`` must mark a prefix of each row (padding at the end), as :meth:`_Encoder.batch` makes it.
    """
    import numpy as np

    scores = emissions.detach().numpy()
    transitions = crf.transitions.detach().numpy()
    batch_size, length, tags = scores.shape
    lengths = mask.sum(dim=1).numpy()
    score = crf.start_transitions.detach().numpy() + scores[:, 0]
    pointers = np.zeros((batch_size, max(length - 1, 0), tags), dtype=np.int64)
    for position in range(1, length):
        candidates = score[:, :, None] + transitions[None] + scores[:, position, None, :]
        pointers[:, position - 1] = candidates.argmax(axis=1)
        score = np.where((position < lengths)[:, None], candidates.max(axis=1), score)
    score = score + crf.end_transitions.detach().numpy()
    last = score.argmax(axis=1)
    path = np.zeros((batch_size, length), dtype=np.int64)
    current = last
    rows = np.arange(batch_size)
    for position in range(length - 1, -1, -1):
        current = np.where(lengths - 1 == position, last, current)
        path[:, position] = current
        if position:
            current = pointers[rows, position - 1, current]
    return [row[:size] for row, size in zip(path.tolist(), lengths.tolist())]


def _forward_backward(emissions: Any, mask: Any, start: Any, end: Any, transitions: Any) -> Any:
    """Marginal tag probabilities ``(n, length, tags)`` of a linear-chain CRF, in log space over a padded batch.

    ``transitions[i, j]`` scores tag ``i`` followed by tag ``j`` (torchcrf's layout); positions past a
    sentence's end (``mask`` False) come out as garbage and are cut off by the caller.
    """
    import numpy as np

    def logsumexp(x: Any, axis: int) -> Any:
        top = x.max(axis=axis, keepdims=True)
        return (top + np.log(np.exp(x - top).sum(axis=axis, keepdims=True))).squeeze(axis)

    n, length, _ = emissions.shape
    alpha = np.empty_like(emissions)
    alpha[:, 0] = start + emissions[:, 0]
    for t in range(1, length):
        step = logsumexp(alpha[:, t - 1, :, None] + transitions[None], axis=1) + emissions[:, t]
        alpha[:, t] = np.where(mask[:, t, None], step, alpha[:, t - 1])
    beta = np.empty_like(emissions)
    beta[:, length - 1] = end
    for t in range(length - 2, -1, -1):
        step = logsumexp(transitions[None] + (emissions[:, t + 1] + beta[:, t + 1])[:, None, :], axis=2)
        beta[:, t] = np.where(mask[:, t + 1, None], step, end[None])
    last = mask.sum(axis=1) - 1
    normaliser = logsumexp(alpha[np.arange(n), last] + end[None], axis=1)
    return np.exp(alpha + beta - normaliser[:, None, None])


def _char_margin(config: NeuralConfig) -> int:
    """Padding after the longest word's letters so that every word, the longest too, has a window of padding alone.

    The character CNN max-pools over every position, padding included: a word that sees no window of
    padding alone (the longest of its batch, padded to no more than its length) would be encoded
    differently from the same word in a batch with a longer one. With this margin a word's vector does
    not depend on the sentences it is batched with, so a sentence gets the same tags whatever else is
    tagged with it.
    """
    return 1 + config.char_width // 2


def _network(config: NeuralConfig, encoder: _Encoder, pretrained: torch.Tensor, clusters: torch.Tensor) -> Any:
    """The BiLSTM-CRF module (built here so that torch is imported only when needed)."""
    import torch
    from torch import nn
    from torchcrf import CRF

    class BiLstmCrf(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.config = config
            # Frozen tables: not parameters, and not in the state dict (stored once, as float16).
            self.register_buffer("pretrained", pretrained, persistent=False)
            self.register_buffer("cluster_ids", clusters, persistent=False)
            self.word = nn.Embedding(len(encoder.words), config.word_dim, padding_idx=0)
            self.char = nn.Embedding(len(encoder.chars), config.char_dim, padding_idx=0)
            self.char_cnn = nn.Conv1d(config.char_dim, config.char_filters, config.char_width, padding=config.char_width // 2)
            self.cluster = nn.ModuleList(nn.Embedding(size + 1, config.cluster_dim) for size in encoder.cluster_sizes)
            self.gaz = nn.Embedding(len(_GAZ_TAGS), config.gazetteer_dim)
            self.clitic = nn.Embedding(len(encoder.clitics), config.clitic_dim)
            self.shape = nn.Embedding(len(_SHAPES), config.shape_dim)
            width = (
                config.word_dim
                + pretrained.shape[1]
                + config.char_filters
                + config.cluster_dim * len(encoder.cluster_sizes)
                + config.gazetteer_dim
                + config.clitic_dim
                + config.shape_dim
            )
            self.dropout = nn.Dropout(config.dropout)
            self.lstm = nn.LSTM(width, config.hidden, batch_first=True, bidirectional=True)
            self.out = nn.Linear(2 * config.hidden, len(encoder.tags))
            self.crf = CRF(len(encoder.tags), batch_first=True)

        def emissions(self, batch: dict[str, torch.Tensor]) -> torch.Tensor:
            words = batch["word"]
            if self.training and self.config.word_dropout > 0:
                drop = torch.rand(words.shape) < self.config.word_dropout
                words = words.masked_fill(drop & (words > 1), 1)
            letters = self.char(batch["chars"]).transpose(1, 2)
            char_vectors = torch.relu(self.char_cnn(letters)).max(dim=2).values[batch["char_rows"]]
            ids = self.cluster_ids[batch["pre"]]
            parts = [
                self.word(words),
                self.pretrained[batch["pre"]] * self.config.pretrained_scale,
                char_vectors,
                *(embedding(ids[..., k]) for k, embedding in enumerate(self.cluster)),
                self.gaz(batch["gaz"]),
                self.clitic(batch["clitic"]),
                self.shape(batch["shape"]),
            ]
            x = self.dropout(torch.cat(parts, dim=-1))
            lengths = batch["mask"].sum(dim=1)
            packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
            hidden, _ = self.lstm(packed)
            hidden, _ = nn.utils.rnn.pad_packed_sequence(hidden, batch_first=True, total_length=words.shape[1])
            return self.out(self.dropout(hidden))

        def loss(self, batch: dict[str, torch.Tensor], tags: torch.Tensor) -> torch.Tensor:
            return -self.crf(self.emissions(batch), tags, batch["mask"], reduction="token_mean")

    return BiLstmCrf()


class NeuralRecognizer:
    """One or more trained BiLSTM-CRFs (an ensemble) plus the vocabularies and tables their inputs need.

    The members of an ensemble share the encoder; their emission scores and
    CRF transition scores are averaged before Viterbi decoding.
    """

    name = "bilstm"
    #: Names repeated where the network missed them (:func:`khabar.extract.bio.sentence_entities`); False: its tags alone.
    consistent = True

    def __init__(
        self, networks: Sequence[Any], encoder: _Encoder, config: NeuralConfig, *, info: dict[str, Any] | None = None
    ):
        self.networks = list(networks)
        self.encoder = encoder
        self.config = config
        #: How the model was trained: sizes, parameters, seconds, loss per epoch of each member.
        self.info = info or {}
        for network in self.networks:
            network.eval()
        self._crf = self.networks[0].crf if len(self.networks) == 1 else _mean_crf([n.crf for n in self.networks])

    def _emissions(self, batch: dict[str, torch.Tensor]) -> torch.Tensor:
        """The tag scores of a batch: the one network's, or the members' mean (what ``self._crf`` decodes)."""
        if len(self.networks) == 1:
            return self.networks[0].emissions(batch)
        return sum(network.emissions(batch) for network in self.networks) / len(self.networks)

    def _decode(self, batch: dict[str, torch.Tensor]) -> list[list[int]]:
        return _viterbi(self._crf, self._emissions(batch), batch["mask"])

    def predict_tokens(self, tokens: list[str]) -> list[str]:
        if not tokens:
            return []
        return self.predict_batch([tokens])[0]

    def predict_batch(self, sentences: Sequence[list[str]]) -> list[list[str]]:
        """BIO tags of several token lists at once (much faster than one at a time); empty lists allowed.

        Sentences are grouped by length into batches of about :data:`PREDICT_BATCH_TOKENS`
        tokens; each sentence's tags do not depend on the others it is batched with.
        """
        import torch

        out: list[list[str]] = [[] for _ in sentences]
        for indices, batch in self._batches(sentences):
            with torch.inference_mode():
                decoded = self._decode(batch)
            for i, path in zip(indices, decoded):
                out[i] = [self.encoder.tags[t] for t in path]
        return out

    def _batches(self, sentences: Sequence[list[str]]) -> Iterator[tuple[list[int], dict[str, torch.Tensor]]]:
        """The non-empty sentences' positions and tensors, by length, in batches of about
        :data:`PREDICT_BATCH_TOKENS` tokens; torch runs on one thread meanwhile."""
        import torch

        todo = sorted((i for i, s in enumerate(sentences) if s), key=lambda i: len(sentences[i]))
        previous_threads = torch.get_num_threads()
        # One sentence batch is too small a job to share: more threads only wait on each other (20-50x slower on
        # a busy machine). Corpora are tagged in parallel by processes instead (khabar.extract.blocks).
        torch.set_num_threads(1)
        try:
            for group in _predict_groups([len(sentences[i]) for i in todo]):
                indices = [todo[k] for k in group]
                yield indices, self.encoder.batch(
                    [self.encoder.encode(sentences[i]) for i in indices], char_margin=_char_margin(self.config)
                )
        finally:
            torch.set_num_threads(previous_threads)

    def token_marginals(self, sentences: Sequence[list[str]]) -> list[Any]:
        """Each token's probability of each tag (rows sum to 1; columns in ``encoder.tags`` order), one
        ``(tokens, tags)`` numpy array per sentence: the CRF's forward-backward over the (mean) scores.

        What :func:`khabar.extract.uncertainty.document_uncertainty` orders documents by. Batched as
        :meth:`predict_batch`, and like it independent of the batch a sentence is in.
        """
        import numpy as np
        import torch

        return self.tags_and_marginals(sentences, tags=False)[1]

    def tags_and_marginals(self, sentences: Sequence[list[str]], *, tags: bool = True) -> tuple[list[list[str]], list[Any]]:
        """:meth:`predict_batch`'s tags and :meth:`token_marginals`' probabilities from one pass of the network
        (``tags=False``: the probabilities only, and empty tag lists)."""
        import numpy as np
        import torch

        paths: list[list[str]] = [[] for _ in sentences]
        out: list[Any] = [np.zeros((0, len(self.encoder.tags))) for _ in sentences]
        crf = self._crf
        start, end, transitions = (getattr(crf, name).detach().numpy().astype(np.float64)
                                   for name in ("start_transitions", "end_transitions", "transitions"))
        for indices, batch in self._batches(sentences):
            with torch.inference_mode():
                emissions = self._emissions(batch)
                decoded = _viterbi(crf, emissions, batch["mask"]) if tags else []
            probabilities = _forward_backward(emissions.numpy().astype(np.float64), batch["mask"].numpy(),
                                              start, end, transitions)
            for row, i in enumerate(indices):
                out[i] = probabilities[row, : len(sentences[i])]
            for i, path in zip(indices, decoded):
                paths[i] = [self.encoder.tags[t] for t in path]
        return paths, out

    def predict(self, text: str) -> list[Entity]:
        """Entities of ``text``: its sentences tagged together, in batches (see :meth:`predict_batch`)."""
        sentences = sentence_tokens(text)
        tagged = self.predict_batch([[t.text for t in tokens] for tokens in sentences])
        return sentence_entities(sentences, tagged, consistent=self.consistent)

    def save(self, path: str | PathLike[str]) -> Path:
        """Write the model to ``path`` (a file, or ``model.bilstm.pt`` inside an existing directory)."""
        import torch

        target = model_file(path, MODEL_FILENAME)
        enc = self.encoder
        payload = {
            "format": FORMAT,
            "config": asdict(self.config),
            "states": [network.state_dict() for network in self.networks],
            "pretrained": self.networks[0].pretrained[1:].to(torch.float16),
            "cluster_ids": self.networks[0].cluster_ids[1:].to(torch.int16),
            "vocab": {
                "words": enc.words,
                "chars": enc.chars,
                "clitics": enc.clitics,
                "tags": enc.tags,
                "pretrained_words": enc.pretrained_words,
                "cluster_sizes": enc.cluster_sizes,
            },
            "gazetteer": None
            if enc.gazetteer is None
            else [[list(name), label] for name, label in enc.gazetteer.entries.items()],
            "info": self.info,
        }
        return save_torch(target, payload)

    @classmethod
    def load(cls, path: str | PathLike[str]) -> NeuralRecognizer:
        """Read a model written by :meth:`save` (safely: ``weights_only=True``); InputError naming the file if it is not one."""
        import torch

        source = model_file(path, MODEL_FILENAME, must_exist="E433")
        payload = load_torch(source, expected_format=FORMAT, code="E434", what="a khabar BiLSTM-CRF model")
        try:
            vocab = payload["vocab"]
            gazetteer = None
            if payload["gazetteer"] is not None:
                gazetteer = Gazetteer({tuple(name): label for name, label in payload["gazetteer"]})
            encoder = _Encoder(**vocab, gazetteer=gazetteer)
            config = NeuralConfig(**payload["config"])
            pretrained, cluster_ids = _with_unknown_row(
                payload["pretrained"].to(torch.float32), payload["cluster_ids"].to(torch.long), vocab["cluster_sizes"]
            )
            networks = _networks_from_states(config, encoder, pretrained, cluster_ids, payload["states"])
            if not networks:
                raise KeyError("no member networks")
        except (KeyError, TypeError, RuntimeError, AttributeError) as exc:
            raise InputError("E434", f"damaged khabar BiLSTM-CRF model: {str(exc)[:200]}", path=source) from None
        return cls(networks, encoder, config, info=payload.get("info") or {})


def _networks_from_states(
    config: NeuralConfig, encoder: _Encoder, pretrained: torch.Tensor, cluster_ids: torch.Tensor, states: Sequence[Any]
) -> list[Any]:
    """Networks rebuilt around the shared frozen tables, one per saved state dict (a file's, or a worker process's)."""
    networks = []
    for state in states:
        network = _network(config, encoder, pretrained, cluster_ids)
        network.load_state_dict(state)
        networks.append(network)
    return networks


def _mean_crf(crfs: Sequence[Any]) -> Any:
    """A CRF layer whose start, end and transition scores are the members' means."""
    import torch
    from torchcrf import CRF

    mean = CRF(crfs[0].num_tags, batch_first=True)
    with torch.no_grad():
        for name in ("start_transitions", "end_transitions", "transitions"):
            getattr(mean, name).copy_(torch.stack([getattr(crf, name) for crf in crfs]).mean(dim=0))
    return mean.eval()


def _with_unknown_row(pretrained: torch.Tensor, cluster_ids: torch.Tensor, sizes: Sequence[int]) -> tuple[Any, Any]:
    """Prepend row 0, the one unknown words index: a zero vector and cluster ids one past each real id."""
    import torch

    zero = torch.zeros(1, pretrained.shape[1], dtype=pretrained.dtype)
    unknown = torch.tensor([list(sizes)], dtype=torch.long)
    return torch.cat([zero, pretrained]), torch.cat([unknown, cluster_ids])


def _pretrained_tables(clusters: WordClusters | None) -> tuple[list[str], list[int], Any, Any]:
    """Words, cluster sizes, vectors and cluster ids of the word clusters (empty tables without them)."""
    import numpy as np
    import torch

    if clusters is None or clusters.vectors is None:
        sizes = list(clusters.sizes) if clusters is not None else []
        words = list(clusters.table) if clusters is not None else []
        ids = torch.tensor([list(clusters.table[w]) for w in words], dtype=torch.long).view(len(words), len(sizes))
        return words, sizes, torch.zeros(len(words), 0), ids
    words = list(clusters.table)
    vectors = torch.from_numpy(np.asarray(clusters.vectors, dtype=np.float32))
    ids = torch.from_numpy(np.array([clusters.table[w] for w in words], dtype=np.int64).reshape(len(words), -1))
    return words, list(clusters.sizes), vectors, ids


def _predict_groups(lengths: Sequence[int], batch_tokens: int | None = None) -> list[list[int]]:
    """Consecutive positions of ``lengths`` (sorted, shortest first) cut into batches of at most ``batch_tokens``
    padded tokens (default :data:`PREDICT_BATCH_TOKENS`; a longer sentence alone)."""
    batch_tokens = PREDICT_BATCH_TOKENS if batch_tokens is None else batch_tokens
    groups: list[list[int]] = []
    current: list[int] = []
    for position, length in enumerate(lengths):
        if current and length * (len(current) + 1) > batch_tokens:
            groups.append(current)
            current = []
        current.append(position)
    if current:
        groups.append(current)
    return groups


def _length_batches(lengths: Sequence[int], batch_tokens: int, rng: random.Random) -> list[list[int]]:
    """Indices of sentences grouped by similar length, about ``batch_tokens`` tokens a batch, in shuffled order."""
    order = sorted(range(len(lengths)), key=lambda i: (lengths[i], rng.random()))
    batches: list[list[int]] = []
    current: list[int] = []
    for i in order:
        if current and lengths[i] * (len(current) + 1) > batch_tokens:
            batches.append(current)
            current = []
        current.append(i)
    if current:
        batches.append(current)
    rng.shuffle(batches)
    return batches


def train_neural(
    documents: Iterable[Document],
    *,
    clusters: WordClusters | str | PathLike[str] | None = None,
    gazetteer_dir: str | PathLike[str] | None = None,
    use_gazetteer: bool = True,
    epochs: int = 16,
    seed: int = 0,
    members: int = 1,
    config: NeuralConfig | None = None,
    threads: int | None = 1,
    processes: int = 1,
    log: Callable[[str], object] | None = None,
    on_epoch: Callable[[int, NeuralRecognizer], object] | None = None,
) -> NeuralRecognizer:
    """Train a BiLSTM-CRF on gold documents (entity spans become BIO tags over :func:`khabar.text.tokenize` tokens).

    ``clusters`` (a :class:`WordClusters` or its path, from ``khabar train
    clusters``) supplies the frozen word2vec vectors and cluster ids; without
    it the model learns from the training words and characters alone. The
    gazetteer is cleaned with the training data's counts, as for the CRF.
    ``members`` > 1 trains an ensemble (seeds ``seed``, ``seed + 1``...) whose
    scores are averaged: slower to train and to run, usually more accurate.
    ``threads`` caps torch's CPU threads while training (restored after);
    with the same seed and thread count, training gives the same model.
    ``processes`` > 1 trains that many members at once, each in its own
    process on ``threads`` threads: the same members as one after the other,
    in less time on a machine with spare cores (``log`` then hears of each
    member when it ends, and ``on_epoch`` is not called).
    ``log``, when given, is called with a line of text after each epoch;
    ``on_epoch`` with the epoch number and the recogniser as it stands (to
    watch a held-out score; leave the recogniser in training mode unchanged).
    """
    if members < 1:
        raise ValueError(f"members must be at least 1, not {members}")
    if processes > 1 and members > 1 and on_epoch is not None:
        raise ValueError("on_epoch cannot watch members trained in other processes; use processes=1")
    started = time.perf_counter()
    config = config or NeuralConfig()
    token_lists, tag_lists = training_sequences(documents)
    word_counts, entity_counts = labelled_word_counts(token_lists, tag_lists)
    gazetteer = (
        Gazetteer.load(gazetteer_dir, word_counts=word_counts, entity_counts=entity_counts) if use_gazetteer else None
    )
    if clusters is not None and not isinstance(clusters, WordClusters):
        clusters = WordClusters.load(clusters)
    pretrained_words, sizes, vectors, ids = _pretrained_tables(clusters)
    encoder = _training_encoder(config, word_counts, tag_lists, pretrained_words, sizes, gazetteer)
    pretrained, cluster_ids = _with_unknown_row(vectors, ids, sizes)
    job = _MemberJob(
        config,
        encoder,
        encoded=[encoder.encode(tokens) for tokens in token_lists],
        gold=[[encoder.tag_index[t] for t in tags] for tags in tag_lists],
        lengths=[len(t) for t in token_lists],
        epochs=epochs,
        pretrained=pretrained,
        cluster_ids=cluster_ids,
        threads=threads,
    )
    prepare_seconds = time.perf_counter() - started

    def elapsed() -> float:
        return time.perf_counter() - started

    if processes > 1 and members > 1:
        networks, losses = _train_members_in_processes(job, seed, members, processes, log, elapsed)
    else:
        networks, losses = _train_members_in_turn(job, seed, members, log, on_epoch, elapsed)
    if not all(math.isfinite(loss) for member in losses for loss in member):
        raise InputError("E435", f"training diverged (loss per epoch: {losses}); lower the learning rate")
    info = {
        "arch": "bilstm-crf",
        "sentences": len(token_lists),
        "tokens": sum(job.lengths),
        "epochs": epochs,
        "seed": seed,
        "threads": threads,
        "processes": min(processes, members),
        "config": asdict(config),
        "words": len(encoder.words),
        "pretrained_words": len(pretrained_words),
        "cluster_words": len(pretrained_words),
        "gazetteer_entries": len(gazetteer) if gazetteer is not None else 0,
        "members": members,
        "parameters": sum(p.numel() for n in networks for p in n.parameters() if p.requires_grad),
        "losses": losses,
        "prepare_seconds": round(prepare_seconds, 2),
        "train_seconds": round(elapsed(), 2),
    }
    return NeuralRecognizer(networks, encoder, config, info=info)


def fine_tune_neural(
    base: NeuralRecognizer,
    documents: Iterable[Document],
    *,
    epochs: int = 12,
    seed: int = 0,
    learning_rate: float | None = None,
    threads: int | None = 1,
    log: Callable[[str], object] | None = None,
) -> NeuralRecognizer:
    """A copy of ``base`` trained further on ``documents``; ``base`` itself is left unchanged.

    The model in the loop of an annotation campaign (``khabar doccano refresh``):
    training a BiLSTM-CRF from nothing on the base data plus the team's gold takes
    minutes per model, and a refresh trains one per cross-validation fold as well;
    continuing the base model on the gold takes seconds. ``documents`` are
    usually the gold plus a sample of the base data (so the model does not
    forget it). Words of ``documents`` seen ``min_word_count`` times that the base
    model has no row for get new, trainable rows (the station's own names and
    words are what the gold teaches); the other vocabularies stay the base
    model's. Tags the base model never saw (a label of the team's own, or the
    inside tag of a label the base only saw one word long) get new rows in the
    output and CRF layers. ``learning_rate`` defaults to the base model's. Every
    member of an ensemble is trained, each with its own seed.
    """
    import torch

    started = time.perf_counter()
    encoder, config = base.encoder, base.config
    token_lists, tag_lists = training_sequences(documents)
    new_tags = sorted({tag for tags in tag_lists for tag in tags} - set(encoder.tag_index))
    word_counts, _ = labelled_word_counts(token_lists, tag_lists)
    new_words = sorted(w for w, c in word_counts.items() if c >= config.min_word_count and w not in encoder.word_index)
    if new_words or new_tags:
        encoder = _Encoder(words=encoder.words + new_words, chars=encoder.chars, clitics=encoder.clitics,
                           tags=encoder.tags + new_tags, pretrained_words=encoder.pretrained_words,
                           cluster_sizes=encoder.cluster_sizes, gazetteer=encoder.gazetteer)
    first = base.networks[0]
    networks = []
    for member, network in enumerate(base.networks):
        torch.manual_seed(seed + member)
        grown = _network(config, encoder, first.pretrained, first.cluster_ids)
        # New words and tags start from the fresh rows the grown network drew; the rest keeps what the base learnt.
        state = {name: _grown(old, grown.state_dict()[name]) for name, old in network.state_dict().items()}
        grown.load_state_dict(state)
        networks.append(grown)
    encoded = [encoder.encode(tokens) for tokens in token_lists]
    gold = [[encoder.tag_index[t] for t in tags] for tags in tag_lists]
    lengths = [len(t) for t in token_lists]
    previous_threads = torch.get_num_threads()
    if threads:
        torch.set_num_threads(threads)
    losses: list[list[float]] = []
    try:
        for member, network in enumerate(networks):
            torch.manual_seed(seed + member)
            member_losses = []
            for epoch, loss in enumerate(_train_epochs(network, encoder, encoded, gold, lengths, epochs,
                                                       random.Random(seed + member), learning_rate), start=1):
                member_losses.append(round(loss, 4))
                if log is not None:
                    log(f"member {member + 1}/{len(networks)}, epoch {epoch}/{epochs}: loss {loss:.4f} "
                        f"({time.perf_counter() - started:.0f}s)")
            losses.append(member_losses)
    finally:
        torch.set_num_threads(previous_threads)
    if not all(math.isfinite(loss) for member in losses for loss in member):
        raise InputError("E435", f"training diverged (loss per epoch: {losses}); lower the learning rate")
    # This run's figures at the top, as for a model trained from nothing; the base's training under
    # "continued_from" (a chain of continuations nests).
    trained_here = ("sentences", "tokens", "epochs", "seed", "losses", "train_seconds", "prepare_seconds",
                    "learning_rate", "new_words", "new_tags", "sources", "label_map", "continued_from")
    info = {
        **{k: v for k, v in base.info.items() if k not in trained_here},
        "words": len(encoder.words),
        "sentences": len(token_lists),
        "tokens": sum(lengths),
        "new_words": len(new_words),
        "new_tags": new_tags,
        "epochs": epochs,
        "seed": seed,
        "learning_rate": config.learning_rate if learning_rate is None else learning_rate,
        "losses": losses,
        "train_seconds": round(time.perf_counter() - started, 2),
        "continued_from": {k: v for k, v in base.info.items() if k in trained_here},
    }
    return NeuralRecognizer(networks, encoder, config, info=info)


def _grown(old: torch.Tensor, fresh: torch.Tensor) -> torch.Tensor:
    """``fresh`` (a parameter of a network with more words or tags) holding ``old``'s values where they overlap."""
    if old.shape == fresh.shape:
        return old
    out = fresh.detach().clone()
    out[tuple(slice(0, size) for size in old.shape)] = old
    return out


def _training_encoder(
    config: NeuralConfig,
    word_counts: Counter[str],
    tag_lists: Sequence[Sequence[str]],
    pretrained_words: list[str],
    cluster_sizes: list[int],
    gazetteer: Gazetteer | None,
) -> _Encoder:
    """The vocabularies of a new model: words seen ``config.min_word_count`` times, every character and clitic, every tag.

    Index 0 pads and index 1 stands for anything unknown, in every vocabulary but the tags.
    """
    char_counts: Counter[str] = Counter()
    clitic_counts: Counter[str] = Counter()
    for key, n in word_counts.items():
        for char in key:
            char_counts[char] += n
        clitic_counts[split_clitics(key)[0]] += n
    labels = sorted({tag for tags in tag_lists for tag in tags} - {"O"}, key=lambda t: (t[2:], t[0]))
    return _Encoder(
        words=[_PAD, _UNK] + sorted(w for w, c in word_counts.items() if c >= config.min_word_count),
        chars=[_PAD, _UNK] + sorted(char_counts),
        clitics=[_PAD, _UNK] + sorted(clitic_counts),
        tags=["O", *labels],
        pretrained_words=pretrained_words,
        cluster_sizes=cluster_sizes,
        gazetteer=gazetteer,
    )


def _train_members_in_processes(
    job: _MemberJob,
    seed: int,
    members: int,
    processes: int,
    log: Callable[[str], object] | None,
    elapsed: Callable[[], float],
) -> tuple[list[Any], list[list[float]]]:
    """Train the members side by side in spawned worker processes; their networks and losses per epoch.

    Workers send back only the trained weights: the frozen tables are shared
    here, so each network is rebuilt around them in this process.
    """
    with ProcessPoolExecutor(min(processes, members), mp_context=get_context("spawn")) as pool:
        futures = [pool.submit(_train_member, job, seed + member) for member in range(members)]
        trained = []
        for member, future in enumerate(futures):
            trained.append(future.result())
            if log is not None:
                log(f"member {member + 1}/{members}: loss {trained[-1][1]} ({elapsed():.0f}s)")
    networks = _networks_from_states(
        job.config, job.encoder, job.pretrained, job.cluster_ids, [state for state, _ in trained]
    )
    return networks, [member_losses for _, member_losses in trained]


def _train_members_in_turn(
    job: _MemberJob,
    seed: int,
    members: int,
    log: Callable[[str], object] | None,
    on_epoch: Callable[[int, NeuralRecognizer], object] | None,
    elapsed: Callable[[], float],
) -> tuple[list[Any], list[list[float]]]:
    """Train the members one after the other in this process, reporting each epoch to ``log`` and ``on_epoch``."""

    def report(member: int, epoch: int, loss: float, network: Any) -> None:
        if log is not None:
            name = f"member {member + 1}/{members}, " if members > 1 else ""
            log(f"{name}epoch {epoch}/{job.epochs}: loss {loss:.4f} ({elapsed():.0f}s)")
        if on_epoch is not None:
            on_epoch(epoch, NeuralRecognizer([network], job.encoder, job.config))

    networks, losses = [], []
    for member in range(members):
        network, member_losses = _member_network(job, seed + member, lambda *a, member=member: report(member, *a))
        networks.append(network)
        losses.append(member_losses)
    return networks, losses


@dataclass
class _MemberJob:
    """What training one member needs: plain data and tensors, so it can go to another process."""

    config: NeuralConfig
    encoder: _Encoder
    encoded: Sequence[dict[str, list]]
    gold: Sequence[list[int]]
    lengths: Sequence[int]
    epochs: int
    pretrained: Any
    cluster_ids: Any
    threads: int | None


def _member_network(
    job: _MemberJob, seed: int, after_epoch: Callable[[int, float, Any], object] | None = None
) -> tuple[Any, list[float]]:
    """Train one member with ``seed`` on ``job.threads`` threads (restored after); the network and its loss per epoch."""
    import torch

    previous_threads = torch.get_num_threads()
    if job.threads:
        torch.set_num_threads(job.threads)
    try:
        torch.manual_seed(seed)
        config = job.config
        network = _network(config, job.encoder, job.pretrained, job.cluster_ids)
        member_losses: list[float] = []
        batches = _train_epochs(network, job.encoder, job.encoded, job.gold, job.lengths, job.epochs, random.Random(seed))
        for epoch, loss in enumerate(batches, start=1):
            member_losses.append(round(loss, 4))
            if after_epoch is not None:
                after_epoch(epoch, loss, network)
    finally:
        torch.set_num_threads(previous_threads)
    return network.eval(), member_losses


def _train_member(job: _MemberJob, seed: int) -> tuple[dict[str, Any], list[float]]:
    """:func:`_member_network` in a worker process: the trained weights (frozen tables excluded) and losses."""
    network, member_losses = _member_network(job, seed)
    return network.state_dict(), member_losses


def _train_epochs(
    network: Any,
    encoder: _Encoder,
    encoded: Sequence[dict[str, list]],
    gold: Sequence[list[int]],
    lengths: Sequence[int],
    epochs: int,
    rng: random.Random,
    learning_rate: float | None = None,
) -> Iterator[float]:
    """Train ``network`` in place with Adam (at ``learning_rate``, default the config's); yield the mean sentence
    loss of each epoch."""
    import torch

    config = network.config
    rate = config.learning_rate if learning_rate is None else learning_rate
    optimiser = torch.optim.Adam(network.parameters(), lr=rate)
    for epoch in range(epochs):
        progress = epoch / (epochs - 1) if epochs > 1 else 0.0
        for group in optimiser.param_groups:
            group["lr"] = rate * (1 - (1 - config.final_learning_rate) * progress)
        network.train()
        total, count = 0.0, 0
        for batch_ids in _length_batches(lengths, config.batch_tokens, rng):
            batch = encoder.batch([encoded[i] for i in batch_ids], char_margin=_char_margin(config))
            tags = torch.zeros_like(batch["word"])
            for row, i in enumerate(batch_ids):
                tags[row, : lengths[i]] = torch.tensor(gold[i])
            optimiser.zero_grad()
            loss = network.loss(batch, tags)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(network.parameters(), config.clip)
            optimiser.step()
            total += loss.item() * len(batch_ids)
            count += len(batch_ids)
        yield total / count
