"""Annotation end to end on a real doccano server.

Two annotators get the same pre-annotated articles; one of them relabels an
entity and deletes another through doccano's REST API (as the browser would).
Then: pull, agree, adjudicate, push the conflicts to a review project, an
adjudicator settles them there, pull again, adjudicate with the adjudicator's
preference, and release. The released gold must equal the original gold.
"""

from __future__ import annotations

import json
import uuid

import pytest

from khabar.adjudicate import adjudicate_files, conflicts_path
from khabar.agreement import agreement, load_annotations
from khabar.doccano.client import Session, login_as
from khabar.doccano.convert import ID_KEY, Utf16Offsets
from khabar.doccano.project import add_user, create_project, guideline_text, label_ids, set_confirmed
from khabar.doccano.pull import pull
from khabar.doccano.push import push
from khabar.gold import ENTITY_LABELS, Document, read_documents
from khabar.release import release

pytestmark = pytest.mark.integration


def _examples(session: Session, project_id: int) -> dict[str, int]:
    """khabar document id -> doccano example id."""
    return {ex["meta"][ID_KEY]: int(ex["id"]) for ex in session.list_all(f"projects/{project_id}/examples")}


def _entity_span_id(session: Session, project_id: int, example_id: int, doc: Document, start: int, end: int, label: str) -> int:
    """The id of the annotator's doccano span for one entity (doccano counts UTF-16 units)."""
    offsets = Utf16Offsets(doc.text)
    types = {v: k for k, v in label_ids(session, project_id)[0].items()}
    for span in session.get(f"projects/{project_id}/examples/{example_id}/spans"):
        if (
            span["start_offset"] == offsets.to_utf16(start)
            and span["end_offset"] == offsets.to_utf16(end)
            and types[span["label"]] == label
        ):
            return int(span["id"])
    raise AssertionError(f"no {label} span {start}:{end} in example {example_id}")


def _keys(doc: Document) -> tuple[list, list]:
    return (
        sorted((e.start, e.end, e.label) for e in doc.entities),
        sorted((q.content, q.source, q.cue, q.type) for q in doc.quotes),
    )


def test_two_annotators_disagree_then_agree_adjudicate_release(doccano_server, doccano_project, dev_gold_path, tmp_path):
    originals = [d for d in read_documents(dev_gold_path) if len(d.text) < 1000][:3]
    assert len(originals) == 3 and all(d.entities and d.quotes for d in originals)
    admin = doccano_server.session()
    tag = uuid.uuid4().hex[:6]
    amal, badr, judge = f"amal_{tag}", f"badr_{tag}", f"judge_{tag}"

    # Two annotators, each with their own copy of the pre-annotations.
    project_id = create_project(admin, doccano_project)
    passwords = {name: add_user(admin, name, "annotator", project=project_id) for name in (amal, badr)}
    push(admin, project_id, originals, preannotate=True, annotators=passwords)

    # badr relabels the first entity of document 1 and deletes the last entity of document 2.
    as_badr = login_as(doccano_server.url, badr, passwords[badr])
    examples = _examples(as_badr, project_id)
    relabelled, deleted = originals[0].entities[0], originals[1].entities[-1]
    new_label = next(label for label in ENTITY_LABELS if label != relabelled.label)
    ex1, ex2 = examples[originals[0].id], examples[originals[1].id]
    span1 = _entity_span_id(as_badr, project_id, ex1, originals[0], relabelled.start, relabelled.end, relabelled.label)
    as_badr.delete(f"projects/{project_id}/examples/{ex1}/spans/{span1}", expect_json=False)
    offsets = Utf16Offsets(originals[0].text)
    as_badr.post(f"projects/{project_id}/examples/{ex1}/spans", json={
        "label": label_ids(as_badr, project_id)[0][new_label], "example": ex1,
        "start_offset": offsets.to_utf16(relabelled.start), "end_offset": offsets.to_utf16(relabelled.end),
    })
    span2 = _entity_span_id(as_badr, project_id, ex2, originals[1], deleted.start, deleted.end, deleted.label)
    as_badr.delete(f"projects/{project_id}/examples/{ex2}/spans/{span2}", expect_json=False)

    # Pull: one file per annotator.
    pulled = tmp_path / "pulled"
    manifest = pull(admin, project_id, pulled)
    assert sorted(manifest.annotators) == sorted([amal, badr])
    files = [pulled / f"{amal}.jsonl", pulled / f"{badr}.jsonl"]

    # Agree: amal as gold, badr as prediction; exactly one wrong label and one missing entity.
    figures = agreement(load_annotations(files), by_document=True)
    assert figures["annotators"] == [amal, badr] and figures["documents"] == 3
    (pair,) = figures["pairwise"]
    n = sum(len(d.entities) for d in originals)
    assert pair["entities"]["strict"]["recall"] == pytest.approx((n - 2) / n)
    assert pair["entities"]["strict"]["precision"] == pytest.approx((n - 2) / (n - 1))
    assert pair["quotes"]["attribution"]["f1"] == pytest.approx(1.0)
    assert 0.8 < pair["token_kappa"] < 1.0 and figures["quotes_alpha"] == 1.0
    assert {row["id"] for row in figures["by_document"][:2]} == {originals[0].id, originals[1].id}
    assert figures["by_document"][2]["worst"] == 1.0

    # Adjudicate by majority: with two annotators both must agree; the two disagreements go to review.
    gold_path = tmp_path / "gold.jsonl"
    majority = adjudicate_files(files, gold_path)
    assert majority.counts["entity_conflicts"] == 2 and majority.counts["quote_conflicts"] == 0
    reviews = {d.id: d for d in read_documents(conflicts_path(gold_path))}
    assert set(reviews) == {originals[0].id, originals[1].id}
    first_conflict = reviews[originals[0].id].extra["conflicts"][0]
    assert first_conflict["versions"] == {
        amal: [{"start": relabelled.start, "end": relabelled.end, "label": relabelled.label}],
        badr: [{"start": relabelled.start, "end": relabelled.end, "label": new_label}],
    }

    # The review project: the adjudicator sees the gold so far and both candidates, and drops badr's label.
    review_project = create_project(admin, f"{doccano_project}-review")
    judge_password = add_user(admin, judge, "annotator", project=review_project)
    push(admin, review_project, conflicts_path(gold_path), preannotate=True, annotators={judge: judge_password})
    as_judge = login_as(doccano_server.url, judge, judge_password)
    review_ex = _examples(as_judge, review_project)[originals[0].id]
    wrong = _entity_span_id(as_judge, review_project, review_ex, originals[0], relabelled.start, relabelled.end, new_label)
    as_judge.delete(f"projects/{review_project}/examples/{review_ex}/spans/{wrong}", expect_json=False)
    settled = tmp_path / "settled"
    pull(admin, review_project, settled)

    final = adjudicate_files([*files, settled / f"{judge}.jsonl"], gold_path, strategy=f"prefer:{judge}")
    assert final.conflicts == [] and conflicts_path(gold_path).read_text() == ""
    adjudicated = {d.id: d for d in read_documents(gold_path)}
    for original in originals:
        assert _keys(adjudicated[original.id]) == _keys(original)
    restored = next(e for e in adjudicated[originals[1].id].entities if (e.start, e.end) == (deleted.start, deleted.end))
    assert restored.extra["votes"] == [judge, amal]

    # Release, with the agreement figures of the two annotators.
    target = release(gold_path, "v1", root=tmp_path / "annotation" / "gold", agreement=figures)
    released = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    assert released["documents"] == 3 and released["entities"]["total"] == n
    assert set(released["annotators"]) == {amal, badr, judge}
    assert released["agreement"]["pairwise"][0]["token_kappa"] == pair["token_kappa"]
    assert (target / "gold.jsonl").read_bytes() == gold_path.read_bytes()


def test_preannotated_articles_wait_for_confirmation_and_the_project_keeps_current_guidelines(
        doccano_server, doccano_project, dev_gold_path):
    docs = [d for d in read_documents(dev_gold_path) if d.entities][:2]
    admin = doccano_server.session()
    project_id = create_project(admin, doccano_project)
    name = f"cara_{uuid.uuid4().hex[:6]}"
    password = add_user(admin, name, "annotator", project=project_id)
    push(admin, project_id, docs, preannotate=True, annotators={name: password})

    # Pre-annotated, but nobody has confirmed anything: doccano counts no article as done.
    as_cara = login_as(doccano_server.url, name, password)
    examples = _examples(as_cara, project_id)
    assert all(as_cara.get(f"projects/{project_id}/examples/{eid}/spans") for eid in examples.values())
    assert not any(as_cara.get(f"projects/{project_id}/examples/{eid}")["is_confirmed"] for eid in examples.values())
    assert as_cara.get(f"projects/{project_id}/metrics/progress") == {"total": 2, "remaining": 2, "complete": 0}
    members = admin.get(f"projects/{project_id}/metrics/member-progress")
    assert {p["user"]: p["done"] for p in members["progress"]}[name] == 0
    # Confirming one is what makes it done.
    assert set_confirmed(as_cara, project_id, examples[docs[0].id]) is True
    assert as_cara.get(f"projects/{project_id}/metrics/progress")["complete"] == 1

    # An existing project gets the current guidelines again (an outdated copy is replaced).
    admin.request("PATCH", f"projects/{project_id}",
                  json={"guideline": "old text", "resourcetype": "SequenceLabelingProject"})
    assert admin.get(f"projects/{project_id}")["guideline"] == "old text"
    assert create_project(admin, doccano_project) == project_id
    assert admin.get(f"projects/{project_id}")["guideline"] == guideline_text()
    assert "Not Checked" in guideline_text() and "GUIDELINES.md" not in guideline_text()
