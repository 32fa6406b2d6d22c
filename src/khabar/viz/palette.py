"""Label colours: the doccano project's (``annotation/labels.json``), so that a notebook shows what annotators saw."""

from __future__ import annotations

import functools
import json
from pathlib import Path

__all__ = ["Colour", "label_colours", "LABELS_JSON", "FALLBACK"]

#: Where the doccano label definitions live in a source checkout.
LABELS_JSON = Path(__file__).resolve().parents[3] / "annotation" / "labels.json"

Colour = tuple[str, str]  # (background, text)

#: Used when ``annotation/labels.json`` is not there (an installed wheel): the same colours, copied.
FALLBACK: dict[str, Colour] = {
    "PERS": ("#e53935", "#ffffff"),
    "ORG": ("#1e88e5", "#ffffff"),
    "LOC": ("#43a047", "#ffffff"),
    "MISC": ("#8e24aa", "#ffffff"),
    "SOURCE": ("#fb8c00", "#000000"),
    "CUE": ("#fdd835", "#000000"),
    "CONTENT": ("#90caf9", "#000000"),
}
_OTHER: Colour = ("#757575", "#ffffff")


@functools.cache
def label_colours() -> dict[str, Colour]:
    """``label -> (background, text colour)``; unknown labels are grey (see :func:`colour_of`)."""
    colours = dict(FALLBACK)
    try:
        spans = json.loads(LABELS_JSON.read_text(encoding="utf-8")).get("span", [])
    except (OSError, ValueError, AttributeError):
        return colours
    for label in spans:
        if isinstance(label, dict) and isinstance(label.get("text"), str):
            colours[label["text"]] = (label.get("background_color", _OTHER[0]), label.get("text_color", _OTHER[1]))
    return colours


def colour_of(label: str) -> Colour:
    return label_colours().get(label, _OTHER)
