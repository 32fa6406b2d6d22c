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
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from ..gold.model import Entity
from .bio import sentence_entities, sentence_tokens

__all__ = ["Uncertainty", "document_uncertainty", "entities_and_uncertainty"]


class _WithMarginals(Protocol):
    def token_marginals(self, sentences: Any) -> list[Any]: ...


@dataclass(frozen=True, slots=True)
class Uncertainty:
    """``least_confidence`` (0 = sure of every token) and ``mean_entropy`` over a text's ``tokens``."""

    least_confidence: float
    mean_entropy: float
    tokens: int


def document_uncertainty(recognizer: _WithMarginals, text: str) -> Uncertainty:
    """The recogniser's uncertainty on ``text``, over the sentences it predicts (no tokens: 0)."""
    sentences = [[t.text for t in tokens] for tokens in sentence_tokens(text)]
    return _uncertainty(recognizer.token_marginals(sentences))


def entities_and_uncertainty(recognizer: Any, text: str) -> tuple[list[Entity], Uncertainty]:
    """``recognizer.predict(text)`` and :func:`document_uncertainty`, from one pass of the network when the
    recogniser can give both at once (the BiLSTM-CRF's ``tags_and_marginals``)."""
    if not hasattr(recognizer, "tags_and_marginals"):
        return recognizer.predict(text), document_uncertainty(recognizer, text)
    tokens = sentence_tokens(text)
    tags, marginals = recognizer.tags_and_marginals([[t.text for t in sentence] for sentence in tokens])
    entities = sentence_entities(tokens, tags, consistent=getattr(recognizer, "consistent", True))
    return entities, _uncertainty(marginals)


def _uncertainty(marginals: list[Any]) -> Uncertainty:
    import numpy as np

    rows = [m for m in marginals if len(m)]
    if not rows:
        return Uncertainty(0.0, 0.0, 0)
    probabilities = np.concatenate(rows)
    lowest = float(probabilities.max(axis=1).min())
    positive = np.where(probabilities > 0, probabilities, 1.0)
    entropy = float(-(probabilities * np.log(positive)).sum(axis=1).mean())
    return Uncertainty(round(1.0 - lowest, 6), round(entropy, 6), len(probabilities))
