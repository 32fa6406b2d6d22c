"""Which extractor is best and which documents it gets most wrong: the tables notebook 03 shows.

:func:`score_rows` flattens :func:`khabar.evaluate.evaluate` results into one
row per extractor and measure, with the bootstrap interval split into two
numbers so that a plot can draw it as an error bar. :func:`best_extractor`
picks by a measure's F1, so that the worst-document views show the recogniser
a user would choose, not whichever was listed first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["MEASURES", "best_extractor", "documents_with_most_errors", "measure_of", "score_rows"]

#: The measures shown per extractor: a label and its path in an ``evaluate`` result.
MEASURES: dict[str, tuple[str, ...]] = {
    "entities strict": ("entities", "micro", "strict"),
    "entities partial": ("entities", "micro", "partial"),
    "entities type": ("entities", "micro", "type"),
    "quote content (overlap 0.3)": ("quotes", "content", "overlap_0.3"),
    "quote source": ("quotes", "source", "overlap"),
    "quote cue": ("quotes", "cue", "overlap"),
    "attribution": ("quotes", "attribution"),
}


def measure_of(result: Mapping[str, Any], measure: str) -> Mapping[str, Any]:
    """The precision/recall/F1 mapping of ``measure`` (a key of :data:`MEASURES`) in one ``evaluate`` result."""
    value: Any = result
    for key in MEASURES[measure]:
        value = value[key]
    return value


def score_rows(results: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One row per extractor and measure: precision, recall, F1 and its 95 % interval (``None`` without bootstrap)."""
    rows = []
    for name, result in results.items():
        for measure in MEASURES:
            prf = measure_of(result, measure)
            low, high = prf.get("ci95") or (None, None)
            rows.append({"extractor": name, "measure": measure, "precision": prf["precision"],
                         "recall": prf["recall"], "f1": prf["f1"], "f1_low": low, "f1_high": high})
    return rows


def best_extractor(results: Mapping[str, Mapping[str, Any]], measure: str = "entities strict") -> str:
    """The extractor with the highest F1 on ``measure``; ties go to the one listed first.

    An F1 with nothing to score (``None``: no gold and no predicted item) ranks below every score.
    """
    if not results:
        raise ValueError("no extractor results to choose from")

    def f1(name: str) -> float:
        value = measure_of(results[name], measure)["f1"]
        return -1.0 if value is None else value

    return max(results, key=f1)


def _kept(value: float | None) -> float:
    # A document with nothing to score on a task (no gold and no predicted quotes) has no error there.
    return 1.0 if value is None else value


def documents_with_most_errors(rows: Sequence[Mapping[str, Any]], k: int | None = None) -> list[Mapping[str, Any]]:
    """``per_document`` rows, the lowest entity strict F1 plus quote attribution F1 first (then by id).

    Entities and quotes count equally, so a document where the recogniser is
    fine but the quotes are lost ranks as high as the reverse.
    """
    ranked = sorted(rows, key=lambda r: (_kept(r.get("entities_strict_f1")) + _kept(r.get("quotes_attribution_f1")),
                                         r["id"]))
    return ranked if k is None else ranked[:k]
