"""`khabar doccano refresh` on a real doccano 1.8.4 server (issue #15, item 2).

Pre-annotated documents are pushed for one annotator, who then labels one, confirms two, edits a suggestion
on a fourth and comments on a fifth, through doccano's API. After a refresh, every one of those five is
byte-identical in every view doccano gives of it; the others hold exactly what the newly trained models
suggest; doccano's "Lowest score first" listing gives them in the report's order; the log has the record.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from khabar.doccano.campaign import annotator_project, push_routed
from khabar.doccano.client import Session, login_as
from khabar.doccano.convert import Utf16Offsets
from khabar.doccano.project import add_user, create_project, label_ids, set_confirmed
from khabar.doccano.pull import pull
from khabar.doccano.push import existing_ids, push
from khabar.doccano.refresh import _Trainer, refresh, refresh_log_path
from khabar.extract.neural import NeuralRecognizer
from khabar.extract.training_sources import read_training_sources
from khabar.extract.uncertainty import document_uncertainty
from khabar.gold import read_documents
from khabar.gold.io import write_documents

pytestmark = pytest.mark.integration

ITERATIONS = 3  # each CRF: enough to differ from the pushed suggestions, seconds to train
EPOCHS = 2  # the BiLSTM-CRF's, for the base model and for its continuation on the gold


def _weak(doc):
    """The document as a poor first model would have pre-annotated it: its first entity only, no quote."""
    return dataclasses.replace(doc, entities=doc.entities[:1], quotes=[], meta=dict(doc.meta), extra=dict(doc.extra))


def _snapshot(session: Session, project_id: int, example_id: int) -> str:
    """Everything doccano shows of one example to ``session``'s user, as the server's own JSON."""
    base = f"projects/{project_id}/examples/{example_id}"
    views = {route: session.request("GET", f"{base}{route}", expect_json=False).text
             for route in ("", "/spans", "/relations", "/categories", "/texts")}
    views["comments"] = session.request("GET", f"projects/{project_id}/comments", params={"example": example_id},
                                        expect_json=False).text
    return json.dumps(views, ensure_ascii=False)


def _labels(session: Session, project_id: int, example_id: int, text: str) -> tuple[list, list]:
    """An example's spans as (label, start, end) in code points and its relations as (type, from, to), sorted."""
    names = {v: k for k, v in label_ids(session, project_id)[0].items()}
    kinds = {v: k for k, v in label_ids(session, project_id)[1].items()}
    offsets = Utf16Offsets(text)
    base = f"projects/{project_id}/examples/{example_id}"
    spans = {s["id"]: (names[s["label"]], offsets.to_codepoint(s["start_offset"]), offsets.to_codepoint(s["end_offset"]))
             for s in session.get(f"{base}/spans")}
    relations = [(kinds[r["type"]], spans[r["from_id"]], spans[r["to_id"]]) for r in session.get(f"{base}/relations")]
    return sorted(spans.values()), sorted(relations)


def _expected_labels(doc_entities, doc_quotes) -> tuple[list, list]:
    """What a suggestion of these entities and quotes looks like as (label, start, end) spans and relations."""
    spans = {("ENT", e.label, e.start, e.end) for e in doc_entities}
    relations = []
    contents = []
    for q in doc_quotes:
        content = ("CONTENT", q.content.start, q.content.end)
        contents.append(content)
        for target, label, kind in ((q.source, "SOURCE", "speaker"), (q.cue, "CUE", "cue")):
            if target is not None:
                spans.add(("Q", label, target.start, target.end))
                relations.append((kind, content, (label, target.start, target.end)))
    flat = sorted([(label, start, end) for _, label, start, end in spans] + contents)
    return flat, sorted(relations)


def touch_five(annotator: Session, project_id: int, ids: dict[str, int], doc_ids: list[str]) -> list[str]:
    """The annotator labels one more name, confirms two, moves the end of a suggested span and comments on one,
    in that order: five examples touched, each for its own reason. Returns their khabar ids in that order."""
    labelled, confirmed, edited, commented, confirmed_too = doc_ids
    spans, _ = label_ids(annotator, project_id)
    annotator.post(f"projects/{project_id}/examples/{ids[labelled]}/spans",
                   json={"label": spans["LOC"], "start_offset": 0, "end_offset": 3, "example": ids[labelled]})
    set_confirmed(annotator, project_id, ids[confirmed])
    set_confirmed(annotator, project_id, ids[confirmed_too])
    first = annotator.get(f"projects/{project_id}/examples/{ids[edited]}/spans")[0]
    annotator.request("PATCH", f"projects/{project_id}/examples/{ids[edited]}/spans/{first['id']}",
                      json={"end_offset": first["end_offset"] - 1})
    annotator.post(f"projects/{project_id}/comments", params={"example": ids[commented]},
                   json={"text": "is this a quote?"})
    return [labelled, confirmed, edited, commented, confirmed_too]


def _khabar(state_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "KHABAR_DOCCANO_DIR": str(state_dir)}
    return subprocess.run([str(Path(sys.executable).parent / "khabar"), *args], env=env, capture_output=True,
                          text=True, timeout=900)


def test_refresh_leaves_touched_examples_alone_and_resuggests_the_rest_in_the_models_order(
        doccano_server, doccano_project, dev_gold_path, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("KHABAR_DOCCANO_DIR", str(doccano_server.state_dir))
    state = doccano_server.state_dir
    admin = doccano_server.session()
    create_project(admin, doccano_project)
    name = f"{doccano_project[:24]}-r"
    password = add_user(admin, name, "annotator")
    gold = list(read_documents(dev_gold_path))
    # The five the annotator will touch are pushed with their gold labels (confirmed, they become training
    # gold with quotes); the four left alone with a poor first model's.
    pushed = [*gold[:5], *(_weak(d) for d in gold[5:9])]
    push(admin, doccano_project, pushed, preannotate=True, annotators=[name], state_dir=state)
    base = tmp_path / "base.jsonl"
    write_documents(base, gold[12:16])

    project_id = admin.project_id(doccano_project)
    ids = existing_ids(admin, project_id)  # khabar id -> example id
    annotator = login_as(doccano_server.url, name, password)
    doc = {d.id: d for d in pushed}
    untouched = [d.id for d in pushed[5:]]
    touched = touch_five(annotator, project_id, ids, [d.id for d in pushed[:5]])
    labelled, confirmed, edited, commented, confirmed_too = touched

    before = {d: (_snapshot(annotator, project_id, ids[d]), _snapshot(admin, project_id, ids[d])) for d in ids}
    old_labels = {d: _labels(annotator, project_id, ids[d], doc[d].text) for d in untouched}

    report = refresh(admin, doccano_project, base_entities=[str(base)], base_quotes=[base], folds=2,
                     state_dir=state, crf_iterations=ITERATIONS, quote_iterations=ITERATIONS,
                     base_epochs=EPOCHS, epochs=EPOCHS)

    # What doccano records: five touched examples, each for its own reason, left byte-identical.
    assert report.touched == 5 and report.refreshed == 4 and report.skipped_now_touched == 0
    assert report.gold_documents == 2 and report.gold_copies == 2 and report.multiply_confirmed == {}
    assert sorted(report.touched_reasons) == sorted(touched)
    reasons = {d: " ".join(report.touched_reasons[d][doccano_project]) for d in touched}
    assert "differ from khabar's suggestion" in reasons[labelled]
    assert f"confirmed by {name}" in reasons[confirmed] and f"confirmed by {name}" in reasons[confirmed_too]
    assert "edited in place" in reasons[edited] or "differ" in reasons[edited]
    assert "1 comment(s)" in reasons[commented]
    after = {d: (_snapshot(annotator, project_id, ids[d]), _snapshot(admin, project_id, ids[d])) for d in ids}
    for d in touched:
        assert after[d] == before[d], d

    # The untouched hold exactly what models trained on base + confirmed gold suggest (and not the old ones).
    confirmed_gold = tmp_path / "confirmed"
    pull(admin, doccano_project, confirmed_gold, only_confirmed=True, state_dir=state)
    training = list(read_documents(confirmed_gold / f"{name}.jsonl"))
    assert sorted(d.id for d in training) == sorted([confirmed, confirmed_too])
    # The default recogniser: a BiLSTM-CRF trained on the base file by this first refresh, kept in the state
    # folder, and continued on the confirmed gold.
    described = report.entity_model
    assert described["arch"] == "bilstm" and described["base_trained_now"] and described["epochs"] == EPOCHS
    assert Path(described["base"]).parent == refresh_log_path(state, doccano_project).parent
    trainer = _Trainer(read_training_sources([str(base)]).documents, list(read_documents(base)),
                       ITERATIONS, ITERATIONS, arch="bilstm", base_model=NeuralRecognizer.load(described["base"]),
                       epochs=EPOCHS)
    recogniser = trainer.entities(training)
    assert recogniser.info["epochs"] == EPOCHS and recogniser.info["continued_from"]["epochs"] == EPOCHS
    quotes, kind = trainer.quotes(training)
    assert kind == report.quote_model == "crf"
    changed = 0
    for d in untouched:
        entities = recogniser.predict(doc[d].text)
        expected = _expected_labels(entities, quotes(doc[d].text, entities))
        now = _labels(annotator, project_id, ids[d], doc[d].text)
        assert now == expected, d
        changed += now != old_labels[d]
        example_before, example_after = json.loads(before[d][0]), json.loads(after[d][0])
        shown_before, shown_after = json.loads(example_before[""]), json.loads(example_after[""])
        assert {k: v for k, v in shown_after.items() if k != "score"} == \
            {k: v for k, v in shown_before.items() if k != "score"}  # text, meta, state unchanged
        assert json.loads(example_after["comments"]) == json.loads(example_before["comments"])
    assert changed >= 1
    assert not admin.get(f"projects/{project_id}/examples/{ids[untouched[0]]}/spans"), "the admin holds no copy"

    # The order: doccano's "Lowest score first" gives the refreshed examples first, in the report's order,
    # to the annotator as to the admin; the touched ones come after.
    assert sorted(report.order) == sorted(untouched)
    assert list(report.uncertainty) == report.order
    doubts = [report.uncertainty[d]["least_confidence"] for d in report.order]
    assert doubts == sorted(doubts, reverse=True)
    for d in untouched:  # the model's own marginals, recomputed
        assert document_uncertainty(recogniser, doc[d].text).least_confidence == report.uncertainty[d]["least_confidence"]
    for session in (annotator, admin):
        listed = [e["meta"]["khabar_id"] for e in
                  session.get(f"projects/{project_id}/examples", params={"ordering": "score", "limit": 50})["results"]]
        assert listed[:4] == report.order and sorted(listed[4:]) == sorted(touched)

    # The log: one record, private, with the counts.
    log = refresh_log_path(state, doccano_project)
    assert report.log == str(log) and oct(log.stat().st_mode & 0o777) == "0o600"
    records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 1
    assert {k: records[0][k] for k in ("gold_documents", "refreshed", "touched", "order")} == {
        "gold_documents": 2, "refreshed": 4, "touched": 5, "order": report.order}
    assert records[0]["entity_cv_f1"] == report.entity_cv_f1 and 0.0 <= report.entity_cv_f1 <= 1.0
    assert records[0]["quote_cv_f1"] == report.quote_cv_f1 and 0.0 <= report.quote_cv_f1 <= 1.0

    # Through the CLI, again: khabar recognises its own new suggestions as untouched; no cross-validation.
    again = _khabar(state, "doccano", "refresh", "--project", doccano_project, "--base-entities", str(base),
                    "--base-quotes", str(base), "--folds", "0", "--max-iterations", str(ITERATIONS),
                    "--epochs", str(EPOCHS), "--base-epochs", str(EPOCHS), "--json")
    assert again.returncode == 0, again.stderr
    second = json.loads(again.stdout)  # one JSON object on stdout; the summary went to stderr
    assert "refreshed 4 example(s), left 5 touched one(s) alone" in again.stderr
    assert {k: second[k] for k in ("project", "gold_documents", "refreshed", "touched", "entity_cv_f1",
                                   "quote_cv_f1")} == {
        "project": doccano_project, "gold_documents": 2, "refreshed": 4, "touched": 5, "entity_cv_f1": None,
        "quote_cv_f1": None}
    assert sorted(second["order"]) == sorted(untouched) and second["log"] == str(log)
    # The base model is not trained again: the base file has not changed.
    assert second["entity_model"] == {**described, "base_trained_now": False}
    assert "entity suggestions from the BiLSTM-CRF" in again.stderr
    assert len(log.read_text(encoding="utf-8").splitlines()) == 2
    for d in touched:
        assert (_snapshot(annotator, project_id, ids[d]), _snapshot(admin, project_id, ids[d])) == before[d], d


def test_refresh_of_a_routed_campaign_refreshes_each_annotators_project(
        doccano_server, doccano_project, dev_gold_path, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("KHABAR_DOCCANO_DIR", str(doccano_server.state_dir))
    state = doccano_server.state_dir
    admin = doccano_server.session()
    names = [f"{doccano_project[:20]}-{letter}" for letter in "ab"]
    passwords = {n: add_user(admin, n, "annotator") for n in names}
    docs = [_weak(d) for d in list(read_documents(dev_gold_path))[:6]]
    push_routed(admin, doccano_project, docs, names, 2, 0.0, preannotate=True, state_dir=state)
    base = tmp_path / "base.jsonl"
    write_documents(base, list(read_documents(dev_gold_path))[12:15])
    # Both confirm the first document; the first annotator also confirms the second.
    projects = {n: admin.project_id(annotator_project(doccano_project, n)) for n in names}
    held = {n: existing_ids(admin, projects[n]) for n in names}
    for n in names:
        set_confirmed(login_as(doccano_server.url, n, passwords[n]), projects[n], held[n][docs[0].id])
    set_confirmed(login_as(doccano_server.url, names[0], passwords[names[0]]), projects[names[0]],
                  held[names[0]][docs[1].id])

    report = refresh(admin, doccano_project, base_entities=[str(base)], base_quotes=[base], folds=0,
                     state_dir=state, crf_iterations=ITERATIONS, quote_iterations=ITERATIONS, arch="crf")
    assert report.entity_model == {"arch": "crf", "max_iterations": ITERATIONS}
    assert report.projects == {n: annotator_project(doccano_project, n) for n in names}
    assert report.gold_documents == 2 and report.gold_copies == 3
    assert report.multiply_confirmed == {docs[0].id: sorted(names)}
    assert report.touched == 3 and report.refreshed == 2 * 6 - 3
    assert sorted(report.order) == sorted(d.id for d in docs[1:])  # refreshed in at least one project
    for n in names:
        listed = [e["meta"]["khabar_id"] for e in admin.get(f"projects/{projects[n]}/examples",
                                                            params={"ordering": "score", "limit": 50})["results"]]
        mine = [d for d in report.order if d in held[n]
                and annotator_project(doccano_project, n) not in report.touched_reasons.get(d, {})]
        assert len(mine) == len(held[n]) - (2 if n == names[0] else 1)
        assert listed[:len(mine)] == mine


def test_an_example_touched_after_refresh_looked_is_skipped_by_the_replacement(
        doccano_server, doccano_project, dev_gold_path, monkeypatch) -> None:
    """The replacement checks each example again inside its transaction: one labelled meanwhile stays as it is."""
    from khabar.doccano.server_jobs import ServerJobs
    from khabar.doccano.sidecar import SideTable
    from khabar.doccano.suggestions import expected_fingerprints

    monkeypatch.setenv("KHABAR_DOCCANO_DIR", str(doccano_server.state_dir))
    admin = doccano_server.session()
    create_project(admin, doccano_project)
    name = f"{doccano_project[:24]}-t"
    password = add_user(admin, name, "annotator")
    docs = list(read_documents(dev_gold_path))[:2]
    push(admin, doccano_project, docs, preannotate=True, annotators=[name], state_dir=doccano_server.state_dir)
    project_id = admin.project_id(doccano_project)
    ids = existing_ids(admin, project_id)
    entries = SideTable.for_project(admin, project_id, state_dir=doccano_server.state_dir).entries()
    late, kept = docs[0].id, docs[1].id
    with ServerJobs(doccano_server.server) as jobs:
        states = {s["khabar_id"]: s for s in jobs.call("example_states", project=project_id, owners=[name])}
        assert all(expected_fingerprints(entries[d]) == [states[d]["fingerprints"][name]] for d in ids)
        annotator = login_as(doccano_server.url, name, password)
        spans, _ = label_ids(admin, project_id)
        annotator.post(f"projects/{project_id}/examples/{ids[late]}/spans",
                       json={"label": spans["ORG"], "start_offset": 0, "end_offset": 2, "example": ids[late]})
        before = _snapshot(annotator, project_id, ids[late])
        items = [{"example": ids[d], "expected": expected_fingerprints(entries[d]), "score": 1.0,
                  "spans": [[1, "PERS", 0, 4]], "relations": []} for d in (late, kept)]
        result = jobs.call("replace_suggestions", project=project_id, owners=[name], items=items)
    assert result == {"replaced": [ids[kept]], "skipped": [ids[late]], "spans": 1, "relations": 0}
    assert _snapshot(annotator, project_id, ids[late]) == before
    assert _labels(annotator, project_id, ids[kept], docs[1].text) == ([("PERS", 0, 4)], [])
    assert admin.get(f"projects/{project_id}/examples/{ids[kept]}")["score"] == 1.0


def test_a_project_pushed_before_fingerprints_were_kept_is_refreshed_only_given_the_pushed_file(
        doccano_server, doccano_project, dev_gold_path, tmp_path, monkeypatch) -> None:
    from khabar.doccano.convert import ID_KEY, RECORD_KEY, TYPES_KEY
    from khabar.doccano.sidecar import SideTable

    monkeypatch.setenv("KHABAR_DOCCANO_DIR", str(doccano_server.state_dir))
    state = doccano_server.state_dir
    admin = doccano_server.session()
    create_project(admin, doccano_project)
    name = f"{doccano_project[:24]}-l"
    password = add_user(admin, name, "annotator")
    docs = list(read_documents(dev_gold_path))[:3]
    source = tmp_path / "pushed.jsonl"
    write_documents(source, docs)
    push(admin, doccano_project, source, preannotate=True, annotators=[name], state_dir=state)
    project_id = admin.project_id(doccano_project)
    ids = existing_ids(admin, project_id)
    # The side table as an older push left it: the article's fields, no fingerprint.
    table = SideTable.for_project(admin, project_id, state_dir=state)
    table.record([{k: v for k, v in e.items() if k in (RECORD_KEY, TYPES_KEY)} | {ID_KEY: kid}
                  for kid, e in table.entries().items()])
    set_confirmed(login_as(doccano_server.url, name, password), project_id, ids[docs[0].id])
    base = tmp_path / "base.jsonl"
    write_documents(base, list(read_documents(dev_gold_path))[12:14])
    options = dict(base_entities=[str(base)], base_quotes=[base], folds=0, state_dir=state,
                   crf_iterations=ITERATIONS, quote_iterations=ITERATIONS, base_epochs=EPOCHS, epochs=EPOCHS)

    blind = refresh(admin, doccano_project, **options)
    assert blind.refreshed == 0 and blind.touched == 3
    assert blind.touched_reasons[docs[1].id][doccano_project] == ["no suggestion recorded by khabar"]
    told = refresh(admin, doccano_project, pushed=[source], **options)
    assert told.refreshed == 2 and told.touched == 1 and sorted(told.order) == sorted(d.id for d in docs[1:])
    assert list(told.touched_reasons) == [docs[0].id]
