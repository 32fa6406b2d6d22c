"""How unsure a CRF entity recogniser is about a text, from its per-token marginal probabilities.

Used to order documents for annotation (``khabar doccano refresh``): the most
informative first. A document's score is *least confidence* over its tokens,
``1 - min over tokens of (max over tags of P(tag))``: the probability that
the model's best tag for its most doubtful token is wrong. A long article full
of easy ``O`` tokens is not diluted the way a mean would be, and one doubtful
name is enough to put an article forward, which is what a reviewer's time is
best spent on. The mean token entropy (nats) is returned beside it and breaks
ties (texts whose least confident token is equally sure).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..text import split_sentences, tokenize
from .crf import CrfRecognizer

__all__ = ["Uncertainty", "document_uncertainty"]


@dataclass(frozen=True, slots=True)
class Uncertainty:
    """``least_confidence`` (0 = sure of every token) and ``mean_entropy`` over a text's ``tokens``."""

    least_confidence: float
    mean_entropy: float
    tokens: int


def document_uncertainty(recognizer: CrfRecognizer, text: str) -> Uncertainty:
    """The recogniser's uncertainty on ``text``, sentence by sentence as it predicts (no tokens: 0)."""
    lowest = 1.0
    entropy = 0.0
    count = 0
    for sentence in split_sentences(text):
        tokens = [t.text for t in tokenize(sentence.text_in(text))]
        if not tokens:
            continue
        for marginals in recognizer.crf.predict_marginals_single(recognizer.features(tokens)):
            lowest = min(lowest, max(marginals.values()))
            entropy -= sum(p * math.log(p) for p in marginals.values() if p > 0)
            count += 1
    if count == 0:
        return Uncertainty(0.0, 0.0, 0)
    return Uncertainty(round(1.0 - lowest, 6), round(entropy / count, 6), count)
