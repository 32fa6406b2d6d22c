"""Word language models read left to right and right to left: what a sentence says about each of its words.

A name never seen tagged is often given away by its context (``قال وزير الخارجية
... إن``, ``في مدينة ...``). The BiLSTM-CRF learns such contexts from ANERcorp
alone (about 100k tokens); these two LSTM language models learn them from
unlabelled news (SaudiNewsNet, 8 M tokens), the idea of TagLM (Peters et al.
2017) at a size one CPU core trains in minutes. The forward model reads a
sentence left to right and learns to predict the next word; the backward model
reads it right to left and predicts the previous one. Their hidden states at
each word, frozen, are a sixth view of the BiLSTM-CRF
(:func:`khabar.extract.neural.train_neural`, ``context=``).

Both models read the frozen vectors of :class:`~khabar.extract.clusters.WordClusters`
(the same the recogniser reads, n-gram vectors for words outside the table),
so a context file belongs to one clusters file: it records a fingerprint of
the vectors and refuses others. Outputs are the most frequent 30,000 words
and one ``<unk>``, through an adaptive softmax (frequent words cheap, rare
ones grouped), which is what makes a CPU epoch over 8 M tokens take about
8 minutes per direction; the two directions train in two processes.

Measured on the ANERcorp 80/20 split (one model per seed, same seeds, 16
epochs): strict F1 0.730 and 0.740 with this view against 0.723 and about
0.72 without.
"""

from __future__ import annotations

import hashlib
import math
import os
import random
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ConfigError, InputError
from ..io import load_torch, save_torch
from .clusters import WordClusters, _sentences
from .features import split_clitics

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import torch

__all__ = ["ContextModels", "train_context", "default_context_path", "vectors_fingerprint", "FORMAT"]

FORMAT = "khabar-context/1"
#: Sentences are cut to this many words: longer ones cost time and teach little more.
MAX_SENTENCE = 80


def default_context_path() -> Path:
    """Where ``khabar train context`` writes by default: beside the default clusters file."""
    base = os.environ.get("KHABAR_CACHE_DIR")
    root = Path(base) if base else Path.home() / ".cache" / "khabar"
    return root / "context.pt"


def vectors_fingerprint(clusters: WordClusters) -> str:
    """A short hash of the clusters' words and vectors: a context file is only valid over the same ones."""
    import numpy as np

    digest = hashlib.sha256()
    digest.update("\n".join(clusters.table).encode("utf-8"))
    if clusters.vectors is not None:
        digest.update(np.ascontiguousarray(clusters.vectors, dtype=np.float16).tobytes())
    return digest.hexdigest()[:16]


@dataclass
class ContextModels:
    """The weights of the forward and backward LSTMs (state dicts of ``torch.nn.LSTM``) and how they were made."""

    hidden: int
    forward: dict[str, Any]
    backward: dict[str, Any]
    fingerprint: str
    info: dict[str, Any] = field(default_factory=dict)

    def check(self, clusters: WordClusters | None, *, path: str | PathLike[str] | None = None) -> None:
        """Raise unless these models were trained over ``clusters``' vectors."""
        if clusters is None or clusters.vectors is None:
            raise ConfigError("E437", "context models need the word clusters' vectors they were trained over", path=path)
        if vectors_fingerprint(clusters) != self.fingerprint:
            raise ConfigError(
                "E437",
                "these context models were trained over other word vectors than the clusters given; "
                "retrain them with `khabar train context --clusters CLUSTERS`",
                path=path,
            )

    def save(self, path: str | PathLike[str]) -> Path:
        payload = {
            "format": FORMAT,
            "hidden": self.hidden,
            "forward": self.forward,
            "backward": self.backward,
            "fingerprint": self.fingerprint,
            "info": self.info,
        }
        return save_torch(path, payload)

    @classmethod
    def load(cls, path: str | PathLike[str]) -> ContextModels:
        """Read a file written by :meth:`save` (``weights_only``: loading runs no code)."""
        source = Path(path)
        if not source.exists():
            raise ConfigError("E438", "context models not found; build them with `khabar train context CORPUS...`", path=source)
        payload = load_torch(source, expected_format=FORMAT, code="E439", what="a khabar context file")
        return cls(payload["hidden"], payload["forward"], payload["backward"], payload["fingerprint"], payload.get("info") or {})


def _language_model(vectors: torch.Tensor, hidden: int, outputs: int, scale: float) -> Any:
    import torch
    from torch import nn

    class WordLanguageModel(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.register_buffer("vectors", vectors, persistent=False)
            self.lstm = nn.LSTM(vectors.shape[1], hidden, batch_first=True)
            self.dropout = nn.Dropout(0.1)
            cutoffs = [c for c in (500, 3000, 12000) if c < outputs] or [max(1, outputs // 4)]
            # Each cluster of rarer words gets a quarter of the previous width: stop before a width of 0.
            cutoffs = cutoffs[: max(1, int(math.log(hidden, 4)))]
            self.softmax = nn.AdaptiveLogSoftmaxWithLoss(hidden, outputs + 1, cutoffs=cutoffs, div_value=4.0)

        def loss(self, rows: torch.Tensor, targets: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
            states, _ = self.lstm(self.vectors[rows[:, :-1]] * scale)
            mask = torch.arange(rows.shape[1] - 1)[None, :] < (lengths[:, None] - 1)
            return self.softmax(self.dropout(states)[mask], targets[:, 1:][mask]).loss

    return WordLanguageModel()


def _train_direction(
    sentences: list[np.ndarray],
    targets: list[np.ndarray],
    vectors: np.ndarray,
    *,
    hidden: int,
    outputs: int,
    scale: float,
    epochs: int,
    seed: int,
    batch_tokens: int,
) -> tuple[dict[str, Any], list[float]]:
    """Train one direction's model on one thread (its sentences already in reading order); its LSTM's weights and losses."""
    import numpy as np
    import torch

    torch.set_num_threads(1)
    torch.manual_seed(seed)
    rng = random.Random(seed)
    model = _language_model(torch.from_numpy(vectors), hidden, outputs, scale)
    optimiser = torch.optim.Adam(model.parameters(), lr=2e-3)
    losses: list[float] = []
    for _ in range(epochs):
        order = sorted(range(len(sentences)), key=lambda i: (len(sentences[i]), rng.random()))
        batches: list[list[int]] = [[]]
        for i in order:
            if batches[-1] and len(sentences[i]) * (len(batches[-1]) + 1) > batch_tokens:
                batches.append([])
            batches[-1].append(i)
        rng.shuffle(batches)
        model.train()
        total = 0.0
        for ids in batches:
            width = max(len(sentences[i]) for i in ids)
            rows = torch.zeros(len(ids), width, dtype=torch.long)
            wanted = torch.zeros(len(ids), width, dtype=torch.long)
            for r, i in enumerate(ids):
                rows[r, : len(sentences[i])] = torch.from_numpy(sentences[i].astype(np.int64))
                wanted[r, : len(targets[i])] = torch.from_numpy(targets[i].astype(np.int64))
            optimiser.zero_grad()
            loss = model.loss(rows, wanted, torch.tensor([len(sentences[i]) for i in ids]))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            total += loss.item()
        losses.append(round(total / len(batches), 4))
    return {k: v.clone() for k, v in model.lstm.state_dict().items()}, losses


def train_context(
    texts: Iterable[str],
    clusters: WordClusters,
    *,
    hidden: int = 256,
    max_tokens: int = 8_000_000,
    outputs: int = 30_000,
    epochs: int = 1,
    seed: int = 0,
    scale: float = 10.0,
    batch_tokens: int = 2000,
    parallel: bool = True,
    log: Callable[[str], object] | None = None,
) -> ContextModels:
    """Train the forward and backward language models over the sentences of ``texts`` (at most ``max_tokens`` tokens).

    Words outside ``clusters``' table read their n-gram vector (when the
    clusters have n-grams, else their clitic-stripped stem's vector, else
    zeros, as the recogniser does). ``scale`` must match the recogniser's
    ``pretrained_scale`` (both read the vectors times 10). ``parallel`` trains
    the two directions in two processes at once.
    """
    import numpy as np

    say = log or (lambda message: None)
    if clusters.vectors is None:
        raise ConfigError("E437", "context models need word clusters with vectors (`khabar train clusters`)")
    started = time.perf_counter()
    index = {word: i + 1 for i, word in enumerate(clusters.table)}
    width = clusters.vectors.shape[1]
    extra_rows: list[Any] = []
    sentences: list[np.ndarray] = []
    n_tokens = 0
    for words in _sentences(texts):
        rows = []
        for word in words[:MAX_SENTENCE]:
            row = index.get(word)
            if row is None:
                vector = clusters.subwords.vector(word) if clusters.subwords is not None else None
                if vector is None:
                    row = index.get(split_clitics(word)[1], 0)
                else:
                    extra_rows.append(vector)
                    row = index[word] = len(clusters.table) + len(extra_rows)
            rows.append(row)
        sentences.append(np.asarray(rows, dtype=np.int32))
        n_tokens += len(rows)
        if n_tokens >= max_tokens:
            break
    if not sentences:
        raise InputError("E404", "no text to learn context models from")
    table = np.concatenate(
        [np.zeros((1, width), np.float32), np.asarray(clusters.vectors, np.float32)]
        + ([np.asarray(extra_rows, np.float32)] if extra_rows else [])
    )
    outputs = min(outputs, len(clusters.table))
    # The table is in frequency order, so the first rows are the words worth predicting; the rest are <unk>.
    targets = [np.where((s >= 1) & (s <= outputs), s - 1, outputs).astype(np.int32) for s in sentences]
    say(f"read {len(sentences):,} sentences, {n_tokens:,} tokens ({len(extra_rows):,} words by n-grams) in {time.perf_counter() - started:.0f}s")
    settings = dict(hidden=hidden, outputs=outputs, scale=scale, epochs=epochs, seed=seed, batch_tokens=batch_tokens)
    backward = [s[::-1].copy() for s in sentences], [t[::-1].copy() for t in targets]
    if parallel:
        with ProcessPoolExecutor(2, mp_context=get_context("spawn")) as pool:
            jobs = [
                pool.submit(_train_direction, sentences, targets, table, **settings),
                pool.submit(_train_direction, *backward, table, **settings),
            ]
            (forward_state, forward_losses), (backward_state, backward_losses) = (job.result() for job in jobs)
    else:
        forward_state, forward_losses = _train_direction(sentences, targets, table, **settings)
        backward_state, backward_losses = _train_direction(*backward, table, **settings)
    seconds = time.perf_counter() - started
    say(f"trained both directions in {seconds:.0f}s; loss forward {forward_losses}, backward {backward_losses}")
    info = {
        "sentences": len(sentences),
        "tokens": n_tokens,
        "outputs": outputs,
        "epochs": epochs,
        "losses": {"forward": forward_losses, "backward": backward_losses},
        "seconds": round(seconds, 1),
    }
    return ContextModels(hidden, forward_state, backward_state, vectors_fingerprint(clusters), info)


def flip_within_lengths(mask: torch.Tensor) -> torch.Tensor:
    """Indices that reverse each row's first ``mask.sum()`` positions and leave padding in place (its own inverse)."""
    import torch

    lengths = mask.sum(dim=1, keepdim=True)
    positions = torch.arange(mask.shape[1])[None, :].expand_as(mask)
    return torch.where(positions < lengths, lengths - 1 - positions, positions)

