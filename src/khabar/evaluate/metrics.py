"""Precision, recall and F1 from counts, on plain numbers or on arrays of bootstrap replicates.

Every figure khabar reports is a ratio of summed counts, so the same code
computes the point estimate (counts summed over the documents) and the
bootstrap distribution (one sum per replicate): the ``values`` can be Python
numbers or NumPy arrays.

A figure with nothing to score, no gold and no predicted item of its kind (a
label neither side used, quotes in files of entities only), is ``None``
(``null`` in JSON, ``-`` in reports), not a score of 0: :func:`prf` and
:func:`accuracy` give ``None`` there. Otherwise a ratio whose denominator is 0
is 0.0: precision with gold items but no prediction, recall with predictions
but no gold item. In bootstrap replicates, arrays, a replicate with nothing
to score (it drew no document with items of that kind) is NaN in the same
figures, not 0, which would drag the interval down; :func:`.bootstrap.interval`
leaves those replicates out.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["accuracy", "prf", "ratio"]


def ratio(numerator: Any, denominator: Any) -> Any:
    """``numerator / denominator``, 0.0 where the denominator is 0 (elementwise on arrays)."""
    num = np.asarray(numerator, dtype=float)
    den = np.asarray(denominator, dtype=float)
    out = np.divide(num, den, out=np.zeros(np.broadcast(num, den).shape), where=den != 0)
    return float(out) if out.ndim == 0 else out


def _nothing(*counts: Any) -> bool:
    """Whether these point-estimate counts are all 0 (never true of replicate arrays: see :func:`_unscored`)."""
    return all(np.ndim(c) == 0 and c == 0 for c in counts)


def _unscored(value: Any, *counts: Any) -> Any:
    """``value``, NaN in the replicates (array elements) where ``counts`` are all 0; a plain number as it is."""
    if np.ndim(value) == 0:
        return value
    empty = np.logical_and.reduce([np.asarray(c) == 0 for c in counts])
    return np.where(empty, np.nan, value)


def prf(correct_for_precision: Any, predicted: Any, correct_for_recall: Any, gold: Any) -> dict[str, Any]:
    """``{"precision", "recall", "f1"}`` from the counts behind each ratio; all ``None`` with no gold and no prediction.

    Precision and recall take separate numerators because for source and cue
    spans they differ (see :mod:`khabar.evaluate.quotes`); for everything else
    both are the same number.
    """
    if _nothing(predicted, gold):
        return {"precision": None, "recall": None, "f1": None}
    precision = ratio(correct_for_precision, predicted)
    recall = ratio(correct_for_recall, gold)
    f1 = ratio(2 * np.asarray(precision) * np.asarray(recall), np.asarray(precision) + np.asarray(recall))
    return {name: _unscored(value, predicted, gold)
            for name, value in (("precision", precision), ("recall", recall), ("f1", f1))}


def accuracy(correct: Any, judged: Any) -> Any:
    """``correct / judged``; ``None`` when nothing was judged (a point estimate of 0 items), NaN in a replicate."""
    return None if _nothing(judged) else _unscored(ratio(correct, judged), judged)
