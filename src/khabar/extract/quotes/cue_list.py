"""The reviewed cue list: candidates mined by ``khabar train cues``, accepted by a person, read by the extractor.

A cue list is one JSON object (``format: khabar-cues/1``) holding its
``provenance`` (corpora, their sizes and sha256, date, settings) and
``entries``, one object a line::

    {"form": "أوضح", "kind": "verb", "count": 812, "articles": 640, "with_subject": 301, "occurrences": 1630, "governs_complement": 0.41,
     "colon_quote": 17, "score": 4.0, "examples": ["..."], "source": "governs", "in_lexicon": true,
     "status": "candidate"}

Every mined entry starts as ``"status": "candidate"``. A reviewer reads the
examples and changes the status to ``"accepted"`` (or ``"rejected"``, or leaves
it); the extractor (``khabar extract quotes --cues FILE``,
``QuoteExtractor(cues_path=...)``) adds only the accepted entries to the
packaged lexicon, so a mined list never changes what the extractor does until
someone has read it. ``kind`` decides how an accepted form is used:

* ``verb``: a finite reporting verb (أوضح، يرى); a reviewer may add ``perfect``
  and ``imperfect`` (and ``object``) to have every inflected form generated as
  for the packaged verbs, otherwise the form itself and its و/ف variants are added;
* ``participle``: an adverbial participle (مشيرا، معتبرة), whose subject is the previous speaker;
* ``noun``: a verbal noun (تصريحه، قوله), as the lexicon's ``reported_nouns``.

The packaged lexicon wins where both know a form: a cue list only adds.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from os import PathLike
from pathlib import Path
from typing import Any

from ...errors import InputError
from ...io import atomic_write, dumps, read_json_file
from .lexicon import CueForm, Lexicon, _expand_verb, norm

__all__ = ["FORMAT", "KINDS", "STATUSES", "CueEntry", "read_cue_list", "write_cue_list", "accepted", "add_cues"]

FORMAT = "khabar-cues/1"
KINDS: tuple[str, ...] = ("verb", "participle", "noun")
STATUSES: tuple[str, ...] = ("candidate", "accepted", "rejected")
_PROCLITICS: tuple[str, ...] = ("", "و", "ف")


@dataclass
class CueEntry:
    """One mined (or reviewed) cue candidate; see the module docstring for the fields."""

    form: str
    kind: str
    count: int = 0
    articles: int = 0
    with_subject: int = 0
    occurrences: int = 0
    governs_complement: float = 0.0
    colon_quote: int = 0
    score: float = 0.0
    examples: list[str] = field(default_factory=list)
    source: str = "governs"
    in_lexicon: bool = False
    status: str = "candidate"
    #: Optional, added by a reviewer: the lemma's perfect and imperfect, for full inflection (verbs).
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("extra")
        data["score"] = round(self.score, 4)
        data["governs_complement"] = round(self.governs_complement, 4)
        return {**data, **self.extra}


def write_cue_list(path: str | PathLike[str], provenance: dict[str, Any], entries: Iterable[CueEntry]) -> int:
    """Write a cue list atomically, one entry a line (so a reviewer edits one line per decision); return the count."""
    rows = [dumps(e.to_dict()) for e in entries]
    head = json.dumps({"format": FORMAT, "provenance": provenance}, ensure_ascii=False, indent=1)
    with atomic_write(path) as handle:
        handle.write(head[:-2].rstrip() + ',\n "entries": [\n')
        handle.write(",\n".join(rows))
        handle.write("\n ]\n}\n")
    return len(rows)


_ENTRIES_KEY = re.compile(r'"entries"\s*:\s*\[')


def _entry_lines(text: str, count: int) -> list[int | None]:
    """The line each entry of the ``entries`` array starts on (None where it cannot be told)."""
    decoder = json.JSONDecoder()
    for match in _ENTRIES_KEY.finditer(text):
        lines: list[int | None] = []
        pos = match.end()
        try:
            while len(lines) < count:
                while pos < len(text) and text[pos] in " \t\r\n,":
                    pos += 1
                _, end = decoder.raw_decode(text, pos)
                lines.append(text.count("\n", 0, pos) + 1)
                pos = end
        except json.JSONDecodeError:
            continue
        return lines
    return [None] * count


def read_cue_list(path: str | PathLike[str]) -> tuple[dict[str, Any], list[CueEntry]]:
    """``(provenance, entries)`` of a cue list; ``E416``-``E418`` name the file, line and field of what is wrong."""
    p = Path(path)
    data = read_json_file(
        p, missing=("E416", "the cue list file does not exist"), invalid=("E417", "not a khabar cue list: invalid JSON")
    )
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError("E417", reason=f"expected an object with \"format\": \"{FORMAT}\"", path=p, field="format")
    raw = data.get("entries")
    if not isinstance(raw, list):
        raise InputError("E417", reason="'entries' must be a list", path=p, field="entries")
    lines = _entry_lines(p.read_text(encoding="utf-8"), len(raw))
    known = {f.name for f in CueEntry.__dataclass_fields__.values()} - {"extra"}
    entries: list[CueEntry] = []
    for index, item in enumerate(raw):

        def bad(reason: str, name: str) -> InputError:
            return InputError("E418", reason=reason, path=p, line=lines[index], field=f"entries[{index}].{name}")

        if not isinstance(item, dict):
            raise bad(f"expected an object, found {type(item).__name__}", "*")
        form = item.get("form")
        if not isinstance(form, str) or not norm(form).strip() or any(c.isspace() for c in form.strip()):
            raise bad(f"'form' must be one word, found {form!r}", "form")
        if item.get("kind") not in KINDS:
            raise bad(f"'kind' must be one of {', '.join(KINDS)}, found {item.get('kind')!r}", "kind")
        if item.get("status", "candidate") not in STATUSES:
            raise bad(f"'status' must be one of {', '.join(STATUSES)}, found {item.get('status')!r}", "status")
        for name in ("perfect", "imperfect"):
            if name in item and (not isinstance(item[name], str) or not item[name].strip()):
                raise bad(f"'{name}' must be a word, found {item[name]!r}", name)
        if ("perfect" in item) != ("imperfect" in item):
            raise bad("give both 'perfect' and 'imperfect', or neither", "perfect")
        if "object" in item and item["object"] not in ("complement", "nominal", "colon"):
            raise bad(f"'object' must be complement, nominal or colon, found {item['object']!r}", "object")
        examples = item.get("examples", [])
        if not isinstance(examples, list) or not all(isinstance(e, str) for e in examples):
            raise bad("'examples' must be a list of strings", "examples")
        values = {k: v for k, v in item.items() if k in known}
        extra = {k: v for k, v in item.items() if k not in known}
        entries.append(CueEntry(**values, extra=extra))
    provenance = data.get("provenance") if isinstance(data.get("provenance"), dict) else {}
    return provenance, entries


def accepted(entries: Sequence[CueEntry]) -> list[CueEntry]:
    """The entries a reviewer accepted."""
    return [e for e in entries if e.status == "accepted"]


def _gender(key: str) -> str | None:
    return "f" if key.endswith(("ت", "ه")) else None


def add_cues(lexicon: Lexicon, entries: Iterable[CueEntry]) -> Lexicon:
    """A copy of ``lexicon`` with the ``accepted`` entries among ``entries`` as cue forms (existing forms kept)."""
    forms = dict(lexicon.forms)
    added: dict[str, CueForm] = {}
    for entry in entries:
        if entry.status != "accepted":
            continue
        key = norm(entry.form.strip())
        obj = str(entry.extra.get("object", "complement"))
        if entry.kind == "verb" and "perfect" in entry.extra:
            spec = {"perfect": entry.extra["perfect"], "imperfect": entry.extra["imperfect"], "object": obj, "colon": True}
            _expand_verb(spec, added, frozenset(), {"path": None})
        if entry.kind == "noun":
            added.setdefault(key, CueForm(key, "masdar", "complement", True, _gender(key), False))
            continue
        kind = "participle" if entry.kind == "participle" else "verb"
        for clitic in _PROCLITICS if kind == "verb" else ("",):
            added.setdefault(clitic + key, CueForm(key, kind, obj, True, _gender(key), bool(clitic)))
    for key, form in added.items():
        forms.setdefault(key, form)
    return replace(lexicon, forms=forms)
