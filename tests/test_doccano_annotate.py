"""khabar.doccano.annotate: the error paths that need no server (the labelling itself: tests/integration)."""

from __future__ import annotations

from typing import Any

import pytest

from khabar.doccano.annotate import LabelTypes, label_example
from khabar.errors import ConfigError, InputError
from khabar.gold import Document, Entity, Quote, Span

TEXT = "قال الوزير إن الحكومة ستعمل في تونس"


class _Session:
    """Answers the reads label_example makes before it changes anything; any write fails the test."""

    def __init__(self, text: str, collaborative: bool = False) -> None:
        self.text = text
        self.collaborative = collaborative
        self.username = "sim"

    def project_id(self, project: Any) -> int:
        return 5

    def get(self, route: str, **kwargs: Any) -> Any:
        if route == "projects/5":
            return {"id": 5, "collaborative_annotation": self.collaborative}
        assert route == "projects/5/examples/9", route
        return {"id": 9, "text": self.text, "meta": {"khabar_id": "d1"}}

    def request(self, *args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"nothing may be written: {args}")

    post = request


def _doc() -> Document:
    return Document("d1", TEXT, {}, [Entity(31, 35, "LOC")],
                    [Quote(Span(11, 35), Span(4, 10), Span(0, 3), "indirect")])


def test_another_text_is_refused_before_anything_is_written() -> None:
    with pytest.raises(InputError) as caught:
        label_example(_Session(TEXT + "."), "p", 9, _doc(), types=LabelTypes({}, {}))
    assert caught.value.code == "E397"


def test_a_label_the_project_lacks_is_named() -> None:
    types = LabelTypes({"PERS": 1, "ORG": 2, "LOC": 3, "MISC": 4, "CONTENT": 5, "SOURCE": 6}, {"speaker": 1})
    with pytest.raises(ConfigError) as caught:
        label_example(_Session(TEXT), "p", 9, _doc(), types=types)
    assert caught.value.code == "E398"
    assert "'CUE'" in str(caught.value) and "'cue'" in str(caught.value) and "'LOC'" not in str(caught.value)


def test_a_collaborative_project_is_refused() -> None:
    with pytest.raises(ConfigError) as caught:
        label_example(_Session(TEXT, collaborative=True), "p", 9, _doc(), types=LabelTypes({}, {}))
    assert caught.value.code == "E399"


@pytest.mark.parametrize("old_types", ['["direct"]', '"direct"'])
def test_quote_types_of_a_side_entry_that_are_no_object_are_replaced_not_a_traceback(tmp_path, monkeypatch,
                                                                                      old_types) -> None:
    import json
    from types import SimpleNamespace

    from khabar.doccano.annotate import _record_types
    from khabar.doccano.convert import ID_KEY, RECORD_KEY, TYPES_KEY
    from khabar.doccano.sidecar import SideTable

    monkeypatch.setenv("KHABAR_DOCCANO_DIR", str(tmp_path))
    session = SimpleNamespace(get=lambda path: {"created_at": "2024-01-01"})  # names the side table's folder
    SideTable.for_project(session, 3).record([{ID_KEY: "d1", RECORD_KEY: "{}", TYPES_KEY: old_types}])
    _record_types(session, 3, "d1", {RECORD_KEY: "{}", TYPES_KEY: '{"3:9": "direct"}'}, None)
    assert json.loads(SideTable.for_project(session, 3).entries()["d1"][TYPES_KEY]) == {"3:9": "direct"}
