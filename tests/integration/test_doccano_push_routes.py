"""The two routes of a push on a real doccano 1.8.4 server: doccano's file import (a celery task per batch,
then a hand-over) and the database route (one Django transaction per batch) leave the same project.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from khabar.doccano.client import Session, login_as
from khabar.doccano.convert import document_to_record
from khabar.doccano.project import add_user, create_project
from khabar.doccano.pull import pull
from khabar.doccano.push import existing_ids, push
from khabar.doccano.server_jobs import ServerJobs
from khabar.errors import ConfigError
from khabar.gold import read_documents

pytestmark = pytest.mark.integration


def _what_annotators_see(admin: Session, project_id: int, annotators: dict[str, Session]) -> dict[str, tuple]:
    """khabar id -> (text, metadata, confirmed, each annotator's spans and relations), ids of the server left out."""
    span_types = {t["id"]: t["text"] for t in admin.get(f"projects/{project_id}/span-types")}
    relation_types = {t["id"]: t["text"] for t in admin.get(f"projects/{project_id}/relation-types")}
    seen = {}
    for example in admin.list_all(f"projects/{project_id}/examples"):
        base = f"projects/{project_id}/examples/{example['id']}"
        labels = {}
        for name, session in annotators.items():
            spans = {s["id"]: (span_types[s["label"]], s["start_offset"], s["end_offset"])
                     for s in session.get(f"{base}/spans")}
            relations = sorted((relation_types[r["type"]], spans[r["from_id"]], spans[r["to_id"]])
                               for r in session.get(f"{base}/relations"))
            labels[name] = (sorted(spans.values()), relations)
        seen[example["meta"]["khabar_id"]] = (example["text"], example["meta"], example["is_confirmed"], labels)
    return seen


def test_the_database_route_leaves_what_the_upload_route_leaves(doccano_server, doccano_project, dev_gold_path,
                                                                tmp_path) -> None:
    admin = doccano_server.session()
    docs = list(read_documents(dev_gold_path))
    names = [f"{doccano_project[:20]}-{k}" for k in "ab"]
    passwords = {name: add_user(admin, name, "annotator") for name in names}
    seen = {}
    for route in ("upload", "database"):
        project = f"{doccano_project}-{route}"
        create_project(admin, project)
        summary = push(admin, project, docs, preannotate=True, annotators=names, batch_size=8,
                       state_dir=doccano_server.state_dir, route=route)
        assert (summary.route, summary.pushed, summary.batches, summary.verified) == (route, 21, 3, 21)
        project_id = admin.project_id(project)
        sessions = {name: login_as(doccano_server.url, name, passwords[name]) for name in names}
        sessions[admin.username] = admin
        seen[route] = _what_annotators_see(admin, project_id, sessions)
        pull(admin, project, tmp_path / route, state_dir=doccano_server.state_dir)

    assert sorted(seen["database"]) == sorted(d.id for d in docs)
    assert seen["database"] == seen["upload"]
    # Each annotator holds their own copy of every pre-annotation; the pusher none.
    for doc in docs:
        record = document_to_record(doc, preannotate=True)
        labels = seen["database"][doc.id][3]
        assert labels[admin.username] == ([], [])
        for name in names:
            assert len(labels[name][0]) == len(record["entities"]) and len(labels[name][1]) == len(record["relations"])
    # A pull reads back the same documents, quotes and entities from either project.
    for name in names:
        upload = (tmp_path / "upload" / f"{name}.jsonl").read_text(encoding="utf-8")
        database = (tmp_path / "database" / f"{name}.jsonl").read_text(encoding="utf-8")
        assert database == upload and len(database.splitlines()) == 21
    by_id = {d.id: d for d in docs}
    for doc in read_documents(tmp_path / "database" / f"{names[0]}.jsonl"):
        assert doc.entities == by_id[doc.id].entities and doc.quotes == by_id[doc.id].quotes

    # Pushed again on the database route: everything is there and verified, nothing is imported.
    again = push(admin, f"{doccano_project}-database", docs, preannotate=True, annotators=names,
                 state_dir=doccano_server.state_dir, route="database")
    assert (again.pushed, again.skipped, again.batches) == (0, 21, 0)


def test_a_plain_push_on_the_database_route_leaves_the_labels_with_the_pusher(doccano_server, doccano_project,
                                                                              dev_gold_path) -> None:
    admin = doccano_server.session()
    docs = list(read_documents(dev_gold_path))[:5]
    create_project(admin, doccano_project)
    summary = push(admin, doccano_project, docs, preannotate=True, state_dir=doccano_server.state_dir,
                   route="auto")
    assert summary.route == "database" and summary.pushed == 5
    project_id = admin.project_id(doccano_project)
    with ServerJobs(doccano_server.server) as jobs:
        found = jobs.call("census", project=project_id, ids=[d.id for d in docs], owners=[admin.username])
    for doc in docs:
        record = document_to_record(doc, preannotate=True)
        assert [e["labels"][admin.username] for e in found[doc.id]] == [
            [len(record["entities"]), len(record["relations"])]]


def test_the_database_route_writes_nothing_for_a_push_that_died_or_a_label_the_project_lacks(
        doccano_server, doccano_project, dev_gold_path) -> None:
    admin = doccano_server.session()
    create_project(admin, doccano_project)
    project_id = admin.project_id(doccano_project)
    records = [document_to_record(doc, preannotate=True) for doc in list(read_documents(dev_gold_path))[:4]]
    with ServerJobs(doccano_server.server) as jobs:
        # The job process's parent is this process: a push pid it does not belong to counts as a dead push.
        with pytest.raises(ConfigError) as died:
            jobs.call("import_records", project=project_id, owners=[admin.username], records=records,
                      upload_name="batch-00001.jsonl", parent=os.getpid() + 1)
        assert died.value.code == "E383" and "has stopped" in str(died.value)
        strange = [{**records[0], "entities": [{**records[0]["entities"][0], "label": "NOT-A-LABEL"}],
                    "relations": []}]
        with pytest.raises(ConfigError) as unknown:
            jobs.call("import_records", project=project_id, owners=[admin.username], records=strange,
                      upload_name="batch-00001.jsonl", parent=os.getpid())
        assert unknown.value.code == "E383" and "NOT-A-LABEL" in str(unknown.value)
    assert existing_ids(admin, project_id) == {}

    # Through push: a label the project lacks is refused before anything is sent.
    from dataclasses import replace

    from khabar.gold.model import Entity

    doc = list(read_documents(dev_gold_path))[0]
    odd = replace(doc, id="odd", entities=[Entity(0, 2, "WEIRD")], quotes=[])
    with pytest.raises(ConfigError) as refused:
        push(admin, doccano_project, [odd], preannotate=True, state_dir=doccano_server.state_dir, route="database",
             allow_new_labels=True)
    assert refused.value.code == "E367" and "WEIRD" in str(refused.value)
    # auto falls back to doccano's file import, which may add the label when asked to.
    summary = push(admin, doccano_project, [odd], preannotate=True, state_dir=doccano_server.state_dir,
                   route="auto", allow_new_labels=True)
    assert summary.route == "upload" and summary.pushed == 1
    assert sorted(existing_ids(admin, project_id)) == ["odd"]


def test_the_database_route_needs_a_server_khabar_runs(doccano_server, doccano_project, tmp_path: Path) -> None:
    admin = doccano_server.session()
    create_project(admin, doccano_project)
    with pytest.raises(ConfigError) as caught:
        push(admin, doccano_project, [], state_dir=tmp_path / "elsewhere", route="database")
    assert caught.value.code == "E366"
    with pytest.raises(ConfigError) as through_api:
        push(admin, doccano_project, [], state_dir=doccano_server.state_dir, route="database", handover="api")
    assert through_api.value.code == "E366"
