"""Label an example in doccano as an annotator would, through the REST API: for simulated campaigns.

A benchmark of a campaign (``benchmarks/campaign.py``) or a test of what the
model in the loop does needs annotators who label and confirm examples on a
real server. :func:`label_example` is one of them, logged in as that annotator:
it replaces the annotator's own spans and relations on one example with a gold
document's (or a noisy copy of it, :func:`khabar.simulate.simulate_annotator`)
and confirms the example, as a person would by correcting the suggestions and
ticking the check mark. Other users' labels are untouched (individual
annotation mode: each user's labels are their own).

The labels are drawn exactly as a push draws pre-annotations
(:func:`.convert.document_to_record`: UTF-16 offsets, a CONTENT span per quote
with ``speaker`` and ``cue`` relations to its SOURCE and CUE), so a pull gives
the document back. doccano has no field for a quote's type (a person's quotes
are typed from the quotation marks on pull, :func:`.convert.guess_quote_type`);
the simulated annotator records its quotes' types in khabar's side table
(:mod:`.sidecar`), where a push records its pre-annotations' types, so that the
pulled gold equals the document labelled, types included. The side table is
kept per article, not per annotator: a type recorded for a content span is the
one every annotator's identical span is read with.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from os import PathLike
from typing import Any

from ..errors import ConfigError, InputError
from ..gold.model import Document
from .client import Session
from .convert import ID_KEY, RECORD_KEY, TYPES_KEY, document_to_record
from .project import label_ids, set_confirmed
from .sidecar import SideTable

__all__ = ["LabelTypes", "Labelled", "label_example"]


@dataclass(frozen=True, slots=True)
class LabelTypes:
    """A project's span type ids and relation type ids by name (read once, used for many examples)."""

    spans: dict[str, int]
    relations: dict[str, int]

    @classmethod
    def of(cls, session: Session, project: str | int) -> LabelTypes:
        spans, relations = label_ids(session, project)
        return cls(spans, relations)


@dataclass(frozen=True, slots=True)
class Labelled:
    """What :func:`label_example` did to one example."""

    example_id: int
    doc_id: str
    removed_spans: int
    spans: int
    relations: int
    confirmed: bool


def _check_labels(record: dict[str, Any], types: LabelTypes, doc_id: str) -> None:
    missing = sorted({s["label"] for s in record["entities"]} - set(types.spans)
                     | {r["type"] for r in record["relations"]} - set(types.relations))
    if missing:
        raise ConfigError("E398", f"the project has no label type {', '.join(map(repr, missing))} for document "
                          f"{doc_id!r} (create the project with `khabar doccano project create`)")


def _record_types(session: Session, project_id: int, kid: str, record: dict[str, Any],
                  state_dir: str | PathLike[str] | None) -> None:
    """Add the document's quote types to the article's side-table entry (a new batch file; later files win)."""
    types = json.loads(record[TYPES_KEY])
    if not types:
        return
    table = SideTable.for_project(session, project_id, state_dir=state_dir)
    entry = table.entries().get(kid, {})
    try:
        known = json.loads(entry.get(TYPES_KEY) or "{}")
    except json.JSONDecodeError:
        known = {}
    if not isinstance(known, dict):  # hand-edited into another shape: as unreadable as text that is not JSON
        known = {}
    if all(known.get(key) == value for key, value in types.items()):
        return
    # The whole entry again (a later file replaces it): whatever else khabar keeps there stays.
    table.stash([{RECORD_KEY: record[RECORD_KEY], **entry, ID_KEY: kid,
                  TYPES_KEY: json.dumps({**known, **types}, ensure_ascii=False)}])


def label_example(session: Session, project: str | int, example_id: int, doc: Document, *,
                  types: LabelTypes | None = None, confirm: bool = True,
                  state_dir: str | PathLike[str] | None = None) -> Labelled:
    """Make the session's user's labels on ``example_id`` exactly ``doc``'s entities and quotes, then confirm it.

    ``session`` is logged in as the annotator (:func:`.client.login_as`). Their
    relations and spans on the example are deleted, ``doc``'s are created, and
    with ``confirm`` the example is marked confirmed for them (left so if it
    already was). ``doc.text`` must be the example's text ([E397] otherwise: the
    offsets would mean other words); the project must be in individual mode
    ([E399] otherwise: the annotator's labels are everyone's there). ``types``
    saves reading the project's label types for each example; ``state_dir`` is
    the state folder whose side table a pull will also read (as for push).
    """
    project_id = session.project_id(project)
    if session.get(f"projects/{project_id}").get("collaborative_annotation"):
        # There the list routes below would see, and delete, every user's labels.
        raise ConfigError("E399", f"project {project!r} is in collaborative mode: labelling as one annotator "
                          "would replace everyone's labels (khabar creates projects in individual mode)")
    base = f"projects/{project_id}/examples/{example_id}"
    example = session.get(base)
    if example.get("text") != doc.text:
        raise InputError("E397", f"doccano example {example_id} of project {project!r} does not hold the text of "
                         "this document", doc_id=doc.id, field="text")
    kid = str((example.get("meta") or {}).get(ID_KEY) or doc.id)
    record = document_to_record(doc, preannotate=True)
    types = types or LabelTypes.of(session, project_id)
    _check_labels(record, types, doc.id)

    # In individual mode these list routes see (and delete) only the session user's own labels.
    removed = len(session.get(f"{base}/spans"))
    session.request("DELETE", f"{base}/relations", expect_json=False)
    session.request("DELETE", f"{base}/spans", expect_json=False)
    ids: dict[int, int] = {}
    for span in record["entities"]:
        created = session.post(f"{base}/spans", json={
            "label": types.spans[span["label"]], "start_offset": span["start_offset"],
            "end_offset": span["end_offset"], "example": example_id})
        ids[span["id"]] = int(created["id"])
    for rel in record["relations"]:
        session.post(f"{base}/relations", json={
            "from_id": ids[rel["from_id"]], "to_id": ids[rel["to_id"]],
            "type": types.relations[rel["type"]], "example": example_id})
    _record_types(session, project_id, kid, record, state_dir)
    if confirm:
        set_confirmed(session, project_id, example_id, True)
    return Labelled(example_id, kid, removed, len(ids), len(record["relations"]), confirm)

