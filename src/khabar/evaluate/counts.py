"""Per-document count tables: the one thing every figure and every bootstrap replicate is computed from."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["CountTable"]


@dataclass(frozen=True)
class CountTable:
    """Named counts, one row per gold document (in gold order), one column per count.

    Every figure is a ratio of column sums: :meth:`totals` gives the sums of
    the point estimate, :func:`khabar.evaluate.bootstrap.replicate_totals`
    those of resampled corpora.
    """

    columns: tuple[str, ...]
    values: np.ndarray  # shape (documents, columns), integers

    def __post_init__(self) -> None:
        if self.values.ndim != 2 or self.values.shape[1] != len(self.columns):
            raise ValueError(f"values of shape {self.values.shape} do not fit {len(self.columns)} columns")

    def totals(self) -> dict[str, int]:
        """Each column summed over all documents."""
        sums = self.values.sum(axis=0)
        return {name: int(sums[i]) for i, name in enumerate(self.columns)}

    def row(self, document: int) -> dict[str, int]:
        """The counts of one document (by its position in the gold)."""
        return {name: int(v) for name, v in zip(self.columns, self.values[document])}
