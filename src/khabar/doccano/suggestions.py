"""What khabar left on an example as suggestions, as a fingerprint, and whether a person has touched it since.

A push records, in the project's side table (:mod:`.sidecar`, key
:data:`~.convert.SUGGESTED_KEY`), the fingerprint of the pre-annotations it
gives each example: a digest of its spans (label and offsets) and relations
(type and the spans at both ends), independent of ids and order
(:func:`~.django_jobs.jobs.suggestion_fingerprint`, shared with the job that
computes the same digest inside doccano's database). ``khabar doccano refresh``
compares each example's labels with it to decide what nobody has touched
(:func:`~.django_jobs.jobs.touched_reasons`), and records the new fingerprint
after replacing the suggestions.
"""

from __future__ import annotations

import json
from typing import Any

from .convert import SUGGESTED_KEY
from .django_jobs.jobs import EMPTY, suggestion_fingerprint, touched_reasons

__all__ = ["EMPTY", "SUGGESTED_KEY", "expected_fingerprints", "record_fingerprint", "suggestion_fingerprint",
           "touched_reasons", "with_fingerprint"]


def record_fingerprint(record: dict[str, Any]) -> str:
    """The fingerprint of a doccano import record's spans and relations (UTF-16 offsets, as doccano stores them)."""
    spans = [(s["id"], s["label"], s["start_offset"], s["end_offset"]) for s in record.get("entities") or []]
    relations = [(r["type"], r["from_id"], r["to_id"]) for r in record.get("relations") or []]
    return suggestion_fingerprint(spans, relations)


def with_fingerprint(record: dict[str, Any]) -> dict[str, Any]:
    """The record with the fingerprint of its pre-annotations under :data:`SUGGESTED_KEY` (a JSON list)."""
    return {**record, SUGGESTED_KEY: json.dumps([record_fingerprint(record)])}


def expected_fingerprints(entry: dict[str, Any] | None) -> list[str] | None:
    """The fingerprints a side-table entry accepts as khabar's own suggestion; None when it records none
    (pushed before khabar kept them, or not by khabar), which makes the example count as touched."""
    raw = (entry or {}).get(SUGGESTED_KEY)
    if not isinstance(raw, str):
        return None
    try:
        found = json.loads(raw)
    except json.JSONDecodeError:
        return None
    if not isinstance(found, list) or not all(isinstance(f, str) for f in found):
        return None
    return found
