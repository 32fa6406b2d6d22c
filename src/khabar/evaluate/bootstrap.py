"""Percentile bootstrap confidence intervals, resampling whole documents.

Documents, not entities or quotes, are the unit of resampling: mentions in one
article are not independent (one extractor error repeats across a whole
article), and the corpus was sampled article by article.

Each document's counts are computed once (:class:`~khabar.evaluate.counts.CountTable`);
a replicate draws ``n`` documents with replacement, which is the same as
weighting each document by how many times it was drawn, so a replicate's sums
are one matrix product. The figures of every replicate come from the same
function as the point estimate, applied to arrays.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .counts import CountTable

__all__ = ["MIN_SCORED_SHARE", "attach_ci", "interval", "replicate_totals", "with_ci"]

#: Replicates drawn per matrix product: bounds memory at ``_CHUNK * documents`` floats.
_CHUNK = 64

#: The share of the replicates that must have something to score for an interval to be given. A kind of item
#: found in even one of ``n`` documents is drawn into 1 - (1 - 1/n)**n >= 63% of the resamples, so fewer than
#: half means too few replicates were drawn to say anything of it, not a figure to report.
MIN_SCORED_SHARE = 0.5


def replicate_totals(table: CountTable, replicates: int, seed: int = 0) -> dict[str, np.ndarray]:
    """Column sums of ``replicates`` bootstrap resamples of the table's documents (rows)."""
    rng = np.random.default_rng(seed)
    n = table.values.shape[0]
    # Floats, so the product goes through BLAS. Every partial sum is an integer no
    # larger than (largest count in a document) * n, so single precision is exact
    # while that stays under 2**24, and twice as fast. Columns that are zero
    # everywhere stay zero in every replicate.
    used = np.flatnonzero(table.values.any(axis=0))
    bound = int(table.values.max(initial=0)) * n
    dtype = np.float32 if bound < 2**24 else np.float64
    values = table.values[:, used].astype(dtype)
    parts: list[np.ndarray] = []
    for begin in range(0, replicates, _CHUNK):
        size = min(_CHUNK, replicates - begin)
        weights = np.empty((size, n), dtype=dtype)
        for k in range(size):
            weights[k] = np.bincount(rng.integers(0, n, size=n), minlength=n) if n else 0
        parts.append(weights @ values)
    sums = np.zeros((replicates, len(table.columns)))
    if parts:
        sums[:, used] = np.concatenate(parts).astype(np.float64)
    return {name: sums[:, i] for i, name in enumerate(table.columns)}


def attach_ci(point: dict[str, Any], replicated: dict[str, Any]) -> None:
    """Add ``"ci95": [low, high]`` beside every ``"f1"`` of ``point``, from the same place in ``replicated``.

    An F1 with nothing to score (``None``) gets ``"ci95": None``: no resample has anything to score either.
    Otherwise the interval is over the resamples that have something to score (:func:`interval`).
    """
    for key, value in point.items():
        if not isinstance(value, dict):
            continue
        if "f1" in value and value["f1"] is None:
            value["ci95"] = None
        elif "f1" in value and key in replicated:
            bounds = interval(replicated[key]["f1"])
            value["ci95"] = list(bounds) if bounds is not None else None
        else:
            attach_ci(value, replicated.get(key, {}))


def interval(samples: Any) -> tuple[float, float] | None:
    """The percentile 95% interval of a figure's replicates, over those with something to score (not NaN).

    A resample that drew no document with an item of the figure's kind has nothing to score, as the evaluation
    says of a whole file (``None``, ``-``); counted as 0 it would drag the interval down. ``None`` when fewer
    than :data:`MIN_SCORED_SHARE` of the replicates (or none) have something to score.
    """
    values = np.asarray(samples, dtype=float).ravel()
    scored = values[~np.isnan(values)]
    if not scored.size or scored.size < MIN_SCORED_SHARE * values.size:
        return None
    low, high = np.percentile(scored, [2.5, 97.5])
    return float(low), float(high)


def with_ci(
    section: Callable[[dict], dict], table: CountTable, replicates: int, seed: int
) -> dict[str, Any]:
    """``section(totals)`` for the point estimate, with ``ci95`` intervals from ``replicates`` resamples."""
    point = section(table.totals())
    if replicates > 0:
        attach_ci(point, section(replicate_totals(table, replicates, seed)))
    return point
