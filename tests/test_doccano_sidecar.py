"""The side table without a server: what push stashes, pull restores exactly, and bad tables are named."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from khabar.doccano.convert import DISPLAY_KEYS, ID_KEY, RECORD_KEY, TYPES_KEY, document_to_record, record_to_document
from khabar.doccano.sidecar import PRIVATE_KEYS, SideTable
from khabar.errors import InputError
from khabar.gold import Document, Entity, Quote, Span, read_documents


class _ProjectOnly:
    """Stands in for a session: answers only the project detail the side table asks for."""

    def __init__(self, created_at: str) -> None:
        self.created_at = created_at
        self.routes: list[str] = []

    def get(self, route: str, **_: Any) -> dict[str, Any]:
        self.routes.append(route)
        return {"id": 4, "created_at": self.created_at}


def _exported(shown: dict[str, Any], example_id: int) -> dict[str, Any]:
    """What doccano's JSONL export gives back for an imported record: the same keys, flattened, plus its id."""
    return json.loads(json.dumps({**shown, "id": example_id, "Comments": []}))


def _doc() -> Document:
    text = 'وقال الكرملين: «المهمة أنجزت». وأضاف بوتين أن القوات "باقية" هناك'
    kremlin, putin = text.index("الكرملين"), text.index("بوتين")
    return Document(
        "k-1", text, {"id": 42, "text": "x", "title": "عنوان", "source": "rt", "views": 3, "tags": ["a/b"]},
        [Entity(kremlin, kremlin + 8, "ORG"), Entity(putin, putin + 5, "PERS")],
        [Quote(Span(text.index("المهمة"), text.index("»")), Span(kremlin, kremlin + 8), Span(0, 4), "direct"),
         # Marks inside would make a guess say "mixed": only the stored type says "indirect".
         Quote(Span(text.index("القوات"), len(text)), Span(putin, putin + 5),
               Span(text.index("وأضاف"), text.index("وأضاف") + 5), "indirect")],
        {"source_file": "x.jsonl"},
    )


def test_push_records_carry_only_what_annotators_may_see(tmp_path: Path) -> None:
    table = SideTable.for_project(_ProjectOnly("2026-12-04T03:00:00.123456Z"), 4, tmp_path)
    (shown,) = table.stash([document_to_record(_doc(), preannotate=True)])
    assert set(shown) == {"text", *DISPLAY_KEYS, ID_KEY, "entities", "relations"}
    assert not any(key in json.dumps(shown, ensure_ascii=False) for key in PRIVATE_KEYS)
    (written,) = list(table.folder.glob("batch-*.jsonl"))
    assert written.parent.name == "project-4-20261204T030000123456Z"
    assert json.loads(written.read_text(encoding="utf-8"))[ID_KEY] == "k-1"


def test_pull_restores_metadata_and_quote_types_exactly(tmp_path: Path) -> None:
    doc = _doc()
    session = _ProjectOnly("2026-12-04T03:00:00Z")
    (shown,) = SideTable.for_project(session, 4, tmp_path).stash([document_to_record(doc, preannotate=True)])
    exported = _exported(shown, 17)
    # A new table (another process: the pull) reads what the push wrote.
    back, problems = record_to_document(SideTable.for_project(session, 4, tmp_path).restore(exported), "ali")
    assert problems == []
    assert back.meta == doc.meta and back.extra == {"source_file": "x.jsonl", "annotator": "ali"}
    assert [q.type for q in back.quotes] == ["direct", "indirect"]
    # Without the table the same record loses what only khabar kept: the proof the table is what restores it.
    bare, _ = record_to_document(exported, "ali")
    assert bare.meta != doc.meta and [q.type for q in bare.quotes] == ["direct", "mixed"]


def test_every_dev_gold_document_survives_push_and_pull_through_the_table(dev_gold_path, tmp_path: Path) -> None:
    docs = list(read_documents(dev_gold_path))
    table = SideTable.for_project(_ProjectOnly("t1"), 9, tmp_path)
    shown = table.stash(document_to_record(d, preannotate=True) for d in docs)
    reader = SideTable.for_project(_ProjectOnly("t1"), 9, tmp_path)
    for i, (doc, record) in enumerate(zip(docs, shown, strict=True)):
        back, problems = record_to_document(reader.restore(_exported(record, i + 1)), "a")
        assert problems == [] and back.meta == doc.meta
        assert sorted((q.content, q.source, q.cue, q.type) for q in back.quotes) == sorted(
            (q.content, q.source, q.cue, q.type) for q in doc.quotes)


def test_a_later_batch_wins_and_earlier_entries_survive_a_re_push(tmp_path: Path) -> None:
    session = _ProjectOnly("t")
    first, second = _doc(), Document("k-2", "نص آخر", {"title": "ثان"})
    SideTable.for_project(session, 4, tmp_path).stash([document_to_record(first), document_to_record(second)])
    changed = Document("k-2", "نص آخر", {"title": "ثالث"})
    SideTable.for_project(session, 4, tmp_path).stash([document_to_record(changed)])
    entries = SideTable.for_project(session, 4, tmp_path).entries()
    assert json.loads(entries["k-2"][RECORD_KEY])["meta"] == {"title": "ثالث"}
    assert json.loads(entries["k-1"][RECORD_KEY])["meta"] == first.meta


def test_projects_of_a_recreated_server_do_not_share_a_table(tmp_path: Path) -> None:
    old = SideTable.for_project(_ProjectOnly("2026-01-01T00:00:00Z"), 1, tmp_path)
    old.stash([document_to_record(_doc())])
    fresh = SideTable.for_project(_ProjectOnly("2026-02-02T00:00:00Z"), 1, tmp_path)
    assert fresh.folder != old.folder and fresh.entries() == {}


def test_fields_doccano_still_holds_are_kept_and_unknown_articles_pass_through(tmp_path: Path) -> None:
    table = SideTable.for_project(_ProjectOnly("t"), 4, tmp_path)
    table.stash([document_to_record(_doc())])
    # An example pushed before the side table existed keeps its own copy; doccano's null filler does not count.
    own = {ID_KEY: "k-1", RECORD_KEY: json.dumps({"meta": {"old": 1}}), TYPES_KEY: None, "text": "t"}
    restored = table.restore(own)
    assert restored[RECORD_KEY] == own[RECORD_KEY] and restored[TYPES_KEY] == "{}"
    stranger = {ID_KEY: "nobody", "text": "t"}
    assert table.restore(stranger) is stranger


@pytest.mark.parametrize(("line", "code", "field"), [
    ({"khabar_record": "{}"}, "E351", ID_KEY),
    ({ID_KEY: "k", TYPES_KEY: {"1:2": "direct"}}, "E352", TYPES_KEY),
])
def test_a_broken_side_table_names_file_line_and_field(tmp_path: Path, line: dict, code: str, field: str) -> None:
    table = SideTable(tmp_path / "project-1-x")
    table.folder.mkdir(parents=True)
    path = table.folder / "batch-1.jsonl"
    path.write_text(json.dumps({ID_KEY: "fine"}) + "\n" + json.dumps(line) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        table.entries()
    assert (err.value.code, err.value.path, err.value.line, err.value.field) == (code, path, 2, field)
