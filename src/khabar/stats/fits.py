"""Zipf's and Heaps' laws fitted to a type-frequency list, by least squares in log-log space (numpy).

Both fits read only the final frequency list, sorted first, so they do not
depend on how the corpus was partitioned or on the order partitions were merged.

Heaps' law needs the vocabulary growth curve V(n), and a streaming, partitioned
count sees no single stream. Instead of a second pass, V(n) is the *expected*
vocabulary of n tokens drawn at random from the corpus (binomial
interpolation, Baayen 2001, *Word Frequency Distributions*, §2.2)::

    E[V(n)] = sum over types t of 1 - (1 - n/N) ** f_t

This is exact arithmetic on the frequencies, computed at 24 sample sizes
spaced evenly in log n. It ignores the burstiness of real text (an article
repeats its own words), so it grows the vocabulary slightly faster than a
reading in corpus order would: read β as an upper estimate.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = ["zipf_fit", "heaps_fit", "SIGNIFICANT_DIGITS"]

#: Fitted values are rounded, so that the last bits of floating point never show in a report.
SIGNIFICANT_DIGITS = 6


def _round(value: float) -> float:
    return float(f"{value:.{SIGNIFICANT_DIGITS}g}")


def _as_array(frequencies: Iterable[int]) -> Any:
    import numpy as np

    if isinstance(frequencies, np.ndarray):
        return frequencies.astype(np.float64)
    return np.fromiter(frequencies, dtype=np.float64)


def _line_fit(x: Any, y: Any) -> tuple[float, float, float]:
    """Slope, intercept and R² of the least-squares line through ``(x, y)``."""
    import numpy as np

    slope, intercept = np.polyfit(x, y, 1)
    residual = y - (slope * x + intercept)
    total = y - y.mean()
    r2 = 1.0 - float(residual @ residual) / float(total @ total) if float(total @ total) > 0 else 1.0
    return float(slope), float(intercept), r2


def zipf_fit(frequencies: Iterable[int], points: int = 64) -> dict[str, Any] | None:
    """Fit ``f(r) = C · r^-s`` to the rank-frequency list.

    The fit uses ``points`` ranks spaced evenly in log r, not every rank: the
    long tail of words seen once would otherwise hold nearly all the weight of
    the least squares. Returns ``None`` for fewer than 3 types.
    """
    import numpy as np

    freqs = np.sort(_as_array(frequencies))[::-1]
    if len(freqs) < 3:
        return None
    ranks = np.unique(np.geomspace(1, len(freqs), points).astype(np.int64))
    x, y = np.log(ranks.astype(np.float64)), np.log(freqs[ranks - 1])
    slope, intercept, r2 = _line_fit(x, y)
    return {"exponent": _round(-slope), "constant": _round(float(np.exp(intercept))), "r2": _round(r2), "ranks_fitted": int(len(ranks))}


def heaps_curve(frequencies: Iterable[int], points: int = 24) -> list[tuple[int, float]]:
    """``(n, E[V(n)])`` at ``points`` sample sizes from 100 tokens (or fewer) up to the whole corpus."""
    import numpy as np

    freqs = np.sort(_as_array(frequencies))
    total = float(freqs.sum())
    if total == 0:
        return []
    sizes = np.unique(np.geomspace(min(100.0, total), total, points).astype(np.int64))
    curve = []
    for n in sizes:
        if n >= total:
            curve.append((int(n), float(len(freqs))))
        else:
            curve.append((int(n), float(np.sum(1.0 - np.power(1.0 - n / total, freqs)))))
    return curve


def heaps_fit(frequencies: Iterable[int], points: int = 24) -> dict[str, Any] | None:
    """Fit ``V(n) = K · n^β`` to the expected vocabulary growth curve (see the module docstring)."""
    import numpy as np

    curve = heaps_curve(frequencies, points)
    if len(curve) < 3:
        return None
    x = np.log(np.array([n for n, _ in curve], dtype=np.float64))
    y = np.log(np.array([v for _, v in curve], dtype=np.float64))
    slope, intercept, r2 = _line_fit(x, y)
    return {
        "beta": _round(slope),
        "k": _round(float(np.exp(intercept))),
        "r2": _round(r2),
        "curve": [[n, _round(v)] for n, v in curve],
    }
