"""The quotation marks and brackets a quote lexicon pairs: read for the lexicon and, for the packaged one, the windows.

The quote lexicon (``khabar/data/quote_lexicon.json``) lists the pairs of
quotation marks (``quotation_marks``) and of brackets used as quotation marks
(``bracket_quotes``) that the quote rules pair. :func:`lexicon_pairs` reads them
for :func:`khabar.extract.quotes.lexicon.load_lexicon`, and :func:`packaged_pairs`
the packaged lexicon's for :mod:`khabar.extract.windows`, which cuts no window
inside a pair: one file and one reader, outside the quote package, so that an
entity recogniser's process cutting a long text does not import the quote rules
(a second of camel-tools' character tables) to learn two pairs.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from importlib import resources
from os import PathLike
from types import MappingProxyType
from typing import Any

from ..errors import InputError
from ..io import read_json_file

__all__ = ["PACKAGED_LEXICON", "lexicon_pairs", "packaged_pairs", "read_lexicon_json"]

#: The packaged quote lexicon, in ``khabar.data``.
PACKAGED_LEXICON = "quote_lexicon.json"


def read_lexicon_json(path: str | PathLike[str]) -> dict[str, Any]:
    """The parsed JSON of a quote lexicon file (E415 when missing, E405 when it is not JSON, E406 when it is not an
    object with a ``verbs`` list)."""
    data = read_json_file(
        path,
        missing=("E415", "the quote lexicon file does not exist"),
        invalid=("E405", "the quote lexicon is not valid JSON"),
    )
    if not isinstance(data, dict) or not isinstance(data.get("verbs"), list):
        raise InputError("E406", field="verbs", path=path)
    return data


def lexicon_pairs(data: Mapping[str, Any], name: str, where: Mapping[str, Any]) -> dict[str, str]:
    """Opening -> closing mark of the ``[open, close]`` pairs in the lexicon's ``name`` list (E408 when malformed;
    ``where`` names the file)."""
    value = data.get(name, [])
    if not isinstance(value, list) or not all(isinstance(p, list) and len(p) == 2 for p in value):
        raise InputError("E408", f"{name} must be a list of [open, close] pairs", field=name, **where)
    return {opener: close for opener, close in value}


@functools.cache
def packaged_pairs() -> tuple[Mapping[str, str], Mapping[str, str]]:
    """The packaged lexicon's quotation marks and brackets (opening -> closing), read at the first call."""
    with resources.as_file(resources.files("khabar.data") / PACKAGED_LEXICON) as path:
        data = read_lexicon_json(path)
        where = {"path": path}
        marks, brackets = lexicon_pairs(data, "quotation_marks", where), lexicon_pairs(data, "bracket_quotes", where)
    return MappingProxyType(marks), MappingProxyType(brackets)
