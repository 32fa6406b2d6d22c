"""Precision, recall and F1 from counts, on plain numbers or on arrays of bootstrap replicates.

Every figure khabar reports is a ratio of summed counts, so the same code
computes the point estimate (counts summed over the documents) and the
bootstrap distribution (one sum per replicate): the ``values`` can be Python
numbers or NumPy arrays. A ratio whose denominator is zero is 0.0, as the
issue asks ("0.0 when undefined").
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["prf", "ratio"]


def ratio(numerator: Any, denominator: Any) -> Any:
    """``numerator / denominator``, 0.0 where the denominator is 0 (elementwise on arrays)."""
    num = np.asarray(numerator, dtype=float)
    den = np.asarray(denominator, dtype=float)
    out = np.divide(num, den, out=np.zeros(np.broadcast(num, den).shape), where=den != 0)
    return float(out) if out.ndim == 0 else out


def prf(correct_for_precision: Any, predicted: Any, correct_for_recall: Any, gold: Any) -> dict[str, Any]:
    """``{"precision", "recall", "f1"}`` from the counts behind each ratio.

    Precision and recall take separate numerators because for source and cue
    spans they differ (see :mod:`khabar.evaluate.quotes`); for everything else
    both are the same number.
    """
    precision = ratio(correct_for_precision, predicted)
    recall = ratio(correct_for_recall, gold)
    f1 = ratio(2 * np.asarray(precision) * np.asarray(recall), np.asarray(precision) + np.asarray(recall))
    return {"precision": precision, "recall": recall, "f1": f1}
