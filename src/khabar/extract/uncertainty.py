"""How unsure an entity recogniser is about a text, from its per-token marginal probabilities.

Used to order documents for annotation (``khabar doccano refresh``): the most
informative first. A document's score is *least confidence* over its tokens,
``1 - min over tokens of (max over tags of P(tag))``: the probability that
the model's best tag for its most doubtful token is wrong. A long article full
of easy ``O`` tokens is not diluted the way a mean would be, and one doubtful
name is enough to put an article forward, which is what a reviewer's time is
best spent on. The mean token entropy (nats) is returned beside it and breaks
ties (texts whose least confident token is equally sure).

Any recogniser with a ``token_marginals(sentences)`` method will do: the CRF
(crfsuite's marginals) and the BiLSTM-CRF (forward-backward over its scores)
both have one.

A text longer than :data:`~khabar.extract.windows.WINDOW_CHARS` is read a
window at a time (:mod:`khabar.extract.windows`, cut between sentences), as
``khabar extract entities`` reads it: the recogniser's tables hold one window,
not the whole text (the CRF's took 3.6 GB for 50 MB). Its figures are over the
tokens of every window: a window's marginals are reduced to each token's
entropy and the least sure token's probability before the next one is read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from ..gold.model import Entity
from ..text import Token
from .bio import sentence_entities, sentence_tokens
from .windows import entities_in_windows, text_windows

__all__ = ["Uncertainty", "document_uncertainty", "entities_and_uncertainty"]


class _WithMarginals(Protocol):
    def token_marginals(self, sentences: Any) -> list[Any]: ...


@dataclass(frozen=True, slots=True)
class Uncertainty:
    """``least_confidence`` (0 = sure of every token) and ``mean_entropy`` over a text's ``tokens``."""

    least_confidence: float
    mean_entropy: float
    tokens: int


@dataclass(frozen=True, slots=True)
class _WindowDoubt:
    """What a window's marginals leave for its text's figures: the probability of the least sure token's best tag,
    and each token's ``sum(p log p)`` over tags (its entropy, negated)."""

    best_of_least_sure: float
    negated_entropies: Any  # a numpy array, one value a token


def document_uncertainty(recognizer: _WithMarginals, text: str) -> Uncertainty:
    """The recogniser's uncertainty on ``text``, over the sentences it predicts (no tokens: 0); a long text a window
    at a time."""
    return _uncertainty([
        _window_doubt(recognizer.token_marginals(_sentences(text[start:end]))) for start, end in text_windows(text)
    ])


def entities_and_uncertainty(recognizer: Any, text: str) -> tuple[list[Entity], Uncertainty]:
    """``recognizer.predict(text)`` and :func:`document_uncertainty`, from one pass of the network when the
    recogniser can give both at once (the BiLSTM-CRF's ``tags_and_marginals``); a long text a window at a time, its
    entities those of :func:`khabar.extract.entities.extract_entities`."""
    doubts: list[_WindowDoubt | None] = []

    def read(window: str) -> list[Entity]:
        entities, marginals = _entities_and_marginals(recognizer, window)
        doubts.append(_window_doubt(marginals))
        return entities

    entities = entities_in_windows(text, read)
    return entities, _uncertainty(doubts)


def _sentences(text: str, tokens: Sequence[Sequence[Token]] | None = None) -> list[list[str]]:
    """The words of each sentence of ``text``, as the recognisers read them; from ``tokens`` when already cut."""
    return [[t.text for t in sentence] for sentence in (sentence_tokens(text) if tokens is None else tokens)]


def _entities_and_marginals(recognizer: Any, text: str) -> tuple[list[Entity], list[Any]]:
    if not hasattr(recognizer, "tags_and_marginals"):
        return recognizer.predict(text), recognizer.token_marginals(_sentences(text))
    tokens = sentence_tokens(text)
    tags, marginals = recognizer.tags_and_marginals(_sentences(text, tokens))
    return sentence_entities(tokens, tags, consistent=getattr(recognizer, "consistent", True)), marginals


def _window_doubt(marginals: list[Any]) -> _WindowDoubt | None:
    """A window's marginals reduced (None: it has no token)."""
    import numpy as np

    rows = [m for m in marginals if len(m)]
    if not rows:
        return None
    probabilities = np.concatenate(rows)
    positive = np.where(probabilities > 0, probabilities, 1.0)
    return _WindowDoubt(float(probabilities.max(axis=1).min()), (probabilities * np.log(positive)).sum(axis=1))


def _uncertainty(doubts: Sequence[_WindowDoubt | None]) -> Uncertainty:
    import numpy as np

    found = [d for d in doubts if d is not None]
    if not found:
        return Uncertainty(0.0, 0.0, 0)
    lowest = min(d.best_of_least_sure for d in found)
    # One array over every window's tokens: the mean of one window's is exactly that of its text read whole.
    negated = np.concatenate([d.negated_entropies for d in found])
    entropy = float(-negated.mean())
    return Uncertainty(round(1.0 - lowest, 6), round(entropy, 6), len(negated))
