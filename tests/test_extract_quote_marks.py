"""The quotation marks and brackets of a quote lexicon, read for the lexicon and for the windows."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from khabar.errors import InputError
from khabar.extract.quote_marks import lexicon_pairs, packaged_pairs
from khabar.extract.quotes.lexicon import load_lexicon


def test_the_packaged_pairs_are_the_lexicon_file_s_lists() -> None:
    data = json.loads((resources.files("khabar.data") / "quote_lexicon.json").read_text(encoding="utf-8"))
    marks, brackets = packaged_pairs()
    assert marks == dict(data["quotation_marks"]) and brackets == dict(data["bracket_quotes"])
    with pytest.raises(TypeError):
        marks["<"] = ">"  # type: ignore[index]  # shared by every caller: read only


def test_malformed_pairs_are_E408_naming_the_file_and_list(tmp_path: Path) -> None:
    where = {"path": tmp_path / "lexicon.json"}
    with pytest.raises(InputError) as refused:
        lexicon_pairs({"quotation_marks": [["«", "»"], ["«"]]}, "quotation_marks", where)
    assert (refused.value.code, refused.value.field, refused.value.path) == ("E408", "quotation_marks", where["path"])
    assert lexicon_pairs({}, "bracket_quotes", where) == {}
    # The lexicon reads its pairs with the same function.
    packaged = json.loads((resources.files("khabar.data") / "quote_lexicon.json").read_text(encoding="utf-8"))
    custom = tmp_path / "custom.json"
    custom.write_text(json.dumps({**packaged, "bracket_quotes": [["(", ")"], ["[", "]"]]}, ensure_ascii=False),
                      encoding="utf-8")
    assert load_lexicon(custom).brackets == {"(": ")", "[": "]"}
    malformed_file = tmp_path / "malformed.json"  # (a lexicon is cached by path)
    malformed_file.write_text(json.dumps({**packaged, "bracket_quotes": "()"}), encoding="utf-8")
    with pytest.raises(InputError) as malformed:
        load_lexicon(malformed_file)
    assert (malformed.value.code, malformed.value.field) == ("E408", "bracket_quotes")
