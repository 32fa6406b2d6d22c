"""Notebook 02's defaults against a real doccano server: the state folder's admin, project and annotators."""

from __future__ import annotations

import uuid

import pytest

from khabar.annotation_sources import ServerAccess, open_server, pull_files
from khabar.doccano.project import add_user, create_project, set_confirmed
from khabar.doccano.server import read_credentials, store_user_password
from khabar.gold.model import Document

pytestmark = pytest.mark.integration


def test_the_state_folder_gives_the_server_the_project_and_stored_annotator_passwords(doccano_server, doccano_project,
                                                                                       tmp_path) -> None:
    admin = doccano_server.session()
    project_id = create_project(admin, doccano_project)
    tag = uuid.uuid4().hex[:6]
    stored, unknown = f"stored_{tag}", f"unknown_{tag}"
    for name in (stored, unknown):
        password = add_user(admin, name, "annotator", project=project_id)
        if name == stored:
            store_user_password(doccano_server.state_dir, name, password)
    access = open_server(doccano_server.state_dir, project=doccano_project, annotators=["", stored, unknown])
    assert isinstance(access, ServerAccess)
    assert access.url == doccano_server.url and access.project == project_id
    assert access.annotator_passwords == {stored: read_credentials(doccano_server.state_dir)["users"][stored]}
    # No password known for the other: left out, unless one is given.
    given = open_server(doccano_server.state_dir, project=doccano_project, annotators=[stored], passwords={unknown: "pw"})
    assert isinstance(given, ServerAccess) and given.annotator_passwords[unknown] == "pw" and stored in given.annotator_passwords
    from khabar.doccano.push import push

    push(admin, project_id, [Document("sources-1", "قال الوزير إن المشروع اكتمل")], annotators=[stored, unknown])
    files = pull_files(access, tmp_path / "pulled")
    assert sorted(f.stem for f in files) == sorted([stored, unknown])
    missing = open_server(doccano_server.state_dir, project=f"no-such-project-{tag}")
    assert isinstance(missing, str)


def test_confirmations_are_read_as_each_annotator(doccano_server, doccano_project) -> None:
    import datetime as dt

    from khabar.doccano.client import login_as
    from khabar.doccano.convert import ID_KEY
    from khabar.doccano.push import push
    from khabar.progress import confirmed_per_day, member_progress, server_confirmations

    admin = doccano_server.session()
    project_id = create_project(admin, doccano_project)
    tag = uuid.uuid4().hex[:6]
    amal, badr = f"amal_{tag}", f"badr_{tag}"
    passwords = {name: add_user(admin, name, "annotator", project=project_id) for name in (amal, badr)}
    docs = [Document(f"c-{i}", f"قال الوزير إن المشروع {i} اكتمل") for i in range(3)]
    push(admin, project_id, docs, annotators=[amal, badr])
    before = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=1)
    as_amal = login_as(doccano_server.url, amal, passwords[amal])
    examples = {ex["meta"][ID_KEY]: ex["id"] for ex in as_amal.list_all(f"projects/{project_id}/examples")}
    for doc_id in ("c-0", "c-2"):
        set_confirmed(as_amal, project_id, examples[doc_id])

    confirmations = server_confirmations(doccano_server.url, project_id, passwords)
    assert sorted((c.annotator, c.doc_id) for c in confirmations) == [(amal, "c-0"), (amal, "c-2")]
    assert all(before <= c.confirmed_at <= dt.datetime.now(dt.timezone.utc) for c in confirmations)
    assert confirmed_per_day(confirmations) == {amal: {confirmations[0].confirmed_at.date().isoformat(): 2}}
    counts = member_progress(admin, project_id)
    assert counts[amal]["done"] == 2 and counts[badr]["done"] == 0 and counts[amal]["total"] == 3
