"""Notebook 02's defaults against a real doccano server: the state folder's admin, project and annotators."""

from __future__ import annotations

import uuid

import pytest

from khabar.annotation_sources import ServerAccess, open_server, pull_files
from khabar.doccano.project import add_user, create_project
from khabar.doccano.server import store_user_password
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
    access = open_server(doccano_server.state_dir, project=doccano_project, annotators=[stored, unknown])
    assert isinstance(access, ServerAccess)
    assert access.url == doccano_server.url and access.project == project_id
    assert list(access.annotator_passwords) == [stored]  # no password known for the other: left out
    from khabar.doccano.push import push

    push(admin, project_id, [Document("sources-1", "قال الوزير إن المشروع اكتمل")], annotators=[stored, unknown])
    files = pull_files(access, tmp_path / "pulled")
    assert sorted(f.stem for f in files) == sorted([stored, unknown])
    missing = open_server(doccano_server.state_dir, project=f"no-such-project-{tag}")
    assert isinstance(missing, str)
