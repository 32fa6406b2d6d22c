"""From an input record's fields to an :class:`Article`: which field is the text, the title, the date ...

Field names are configurable (:class:`FieldNames`); the defaults read
SaudiNewsNet (``content``, ``date_extracted``) and most scraped-news dumps
(``text``, ``body``, ``date``). Every field khabar has no slot for goes into
``meta``, so nothing of the input is lost; an input ``meta`` object is
merged into it, so a corpus khabar wrote imports again unchanged in shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any

from ..errors import InputError
from .article import Article
from .readers import RawRecord

__all__ = ["FieldNames", "parse_date", "to_article"]


@dataclass(frozen=True, slots=True)
class FieldNames:
    """Input field names for each article slot, tried in order; the first present one wins."""

    id: tuple[str, ...] = ("id",)
    text: tuple[str, ...] = ("text", "content", "body")
    title: tuple[str, ...] = ("title", "headline")
    source: tuple[str, ...] = ("source",)
    url: tuple[str, ...] = ("url", "link")
    date: tuple[str, ...] = ("date", "date_extracted", "published")
    author: tuple[str, ...] = ("author",)


_DATE_FORMATS = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d",
                 "%d-%m-%Y", "%d.%m.%Y")
_DATE_ONLY = re.compile(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}$")


def parse_date(value: str) -> str:
    """ISO 8601 for a date khabar can read (``2015-07-25 23:29:59`` -> ``2015-07-25T23:29:59``), else ``value``.

    Reads ISO forms, day-first forms (``25/07/2015``, as Arabic sites write
    them) and e-mail/RSS dates (``Sat, 25 Jul 2015 23:29:59 +0300``).

    >>> parse_date("2015-07-25 23:29:59"), parse_date("2015-07-25"), parse_date("25/07/2015"), parse_date("أمس")
    ('2015-07-25T23:29:59', '2015-07-25', '2015-07-25', 'أمس')
    """
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        pass
    else:
        # A date-only form is at most 12 characters: longer ones skip the pattern.
        return parsed.date().isoformat() if len(text) <= 12 and _DATE_ONLY.match(text) else parsed.isoformat()
    for fmt in _DATE_FORMATS:
        try:
            parsed = datetime.strptime(text, fmt)
        except ValueError:
            continue
        return parsed.date().isoformat() if _DATE_ONLY.match(text) else parsed.isoformat()
    try:
        return parsedate_to_datetime(text).isoformat()
    except (TypeError, ValueError, IndexError):
        return value


_SLOTS = ("id", "text", "title", "source", "url", "date", "author")


@dataclass(frozen=True, slots=True)
class _Plan:
    """For one set of input keys: the present candidates of each slot, and the keys left for ``meta``."""

    candidates: tuple[tuple[str, ...], ...]  # in the order of _SLOTS
    rest: tuple[str, ...]


_PLANS: dict[tuple[FieldNames, tuple[str, ...]], _Plan] = {}


_last_plan: tuple[FieldNames, tuple[str, ...], _Plan] | None = None


def _plan(names: FieldNames, keys: tuple[str, ...]) -> _Plan:
    # Records of one file share their keys: working out the mapping once per key set, not once
    # per record, makes field mapping a few dictionary look-ups; and since a record most often
    # has the keys of the one before, that one is checked first (hashing FieldNames is not free).
    global _last_plan
    last = _last_plan
    if last is not None and last[0] is names and last[1] == keys:
        return last[2]
    plan = _PLANS.get((names, keys))
    if plan is None:
        candidates = tuple(tuple(n for n in getattr(names, slot) if n in keys) for slot in _SLOTS)
        used = {n for group in candidates for n in group}
        plan = _Plan(candidates, tuple(k for k in keys if k not in used))
        if len(_PLANS) > 1000:
            _PLANS.clear()
        _PLANS[(names, keys)] = plan
    _last_plan = (names, keys, plan)
    return plan


def _first(fields: dict[str, Any], candidates: tuple[str, ...]) -> Any:
    if len(candidates) == 1:  # the usual case: one of the names is present
        value = fields[candidates[0]]
        return None if value == "" else value
    for name in candidates:
        value = fields[name]
        if value is not None and value != "":
            return value
    return None


def _optional_str(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return str(value)


def _string_or_meta(fields: dict[str, Any], candidates: tuple[str, ...], meta: dict[str, Any]) -> str | None:
    """The slot's value as a string; a list or object goes to ``meta`` under its own key instead, as the JSON value it is.

    ``str()`` of a list would store its Python repr (``"['a', 'b']"``), which no later step can read back.
    """
    if len(candidates) == 1:  # the usual case, spelled out: this runs five times per record imported
        value = fields[candidates[0]]
        if type(value) is str:
            return value or None
    elif not candidates:
        return None
    else:
        value = _first(fields, candidates)
    if value is None or value == "":
        return None
    if isinstance(value, (list, dict)):
        key = next(name for name in candidates if fields[name] is value)
        meta[key] = value
        return None
    return _optional_str(value)


def to_article(record: RawRecord, names: FieldNames) -> tuple[Article | None, InputError | None, str]:
    """The article of ``record`` with ``id`` left empty when the input gives none; or the error and its reason.

    Returns ``(article, None, "")`` or ``(None, error, reason)``.
    """
    fields = record.fields
    plan = _plan(names, tuple(fields))
    id_names, text_names, title_names, source_names, url_names, date_names, author_names = plan.candidates
    text = _first(fields, text_names)
    if text is None:
        if text_names:
            return None, InputError("E111", "the text is empty", path=record.where, line=record.line,
                                    field=text_names[0]), "empty_text"
        return None, InputError("E110", f"no text field (looked for {', '.join(names.text)}; "
                                "choose another with --text-field)", path=record.where, line=record.line,
                                field=names.text[0]), "missing_text"
    if not isinstance(text, str):
        text_field = next(n for n in text_names if fields[n] is text)
        return None, InputError("E112", f"the text must be a string, found {type(text).__name__}",
                                path=record.where, line=record.line, field=text_field), "bad_text"
    if text.isspace():  # as `not text.strip()` (the same white space), without copying the text
        text_field = next(n for n in text_names if fields[n] is text)
        return None, InputError("E111", "the text is empty (white space only)", path=record.where,
                                line=record.line, field=text_field), "empty_text"
    given_id = _optional_str(_first(fields, id_names))
    meta = dict(record.meta)
    rest = plan.rest
    if "meta" in rest:
        given = fields["meta"]
        # A corpus khabar wrote, imported again: its meta object is this article's meta, not one
        # field of it (meta.meta.meta a level deeper each time), unless a key of it is also another
        # field of the record that goes to meta, which would then overwrite it.
        if isinstance(given, dict) and not any(key in rest and key != "meta" for key in given):
            meta.update(given)
            rest = tuple(key for key in rest if key != "meta")
    for key in rest:
        meta[key] = fields[key]
    date = _string_or_meta(fields, date_names, meta)
    article = Article(
        id=given_id or record.default_id or "",
        text=text,
        title=_string_or_meta(fields, title_names, meta),
        source=_string_or_meta(fields, source_names, meta),
        url=_string_or_meta(fields, url_names, meta),
        date=parse_date(date) if date is not None else None,
        author=_string_or_meta(fields, author_names, meta),
        meta=meta,
    )
    return article, None, ""
