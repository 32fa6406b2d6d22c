"""What a running doccano server exposes, and to whom, and what it leaves on disk (issue 18, items 6-8).

All against the real server of the session (``doccano_server``), with khabar's
settings and middleware loaded the way ``khabar doccano up`` loads them.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import time
from pathlib import Path

import pytest
import requests

from khabar.doccano.client import connect
from khabar.doccano.project import add_user, create_project
from khabar.doccano.pull import export_zip, pull
from khabar.doccano.push import push
from khabar.gold import Document, Entity

pytestmark = pytest.mark.integration


def _files(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()} if folder.exists() else set()


def _uploads(state: Path) -> set[Path]:
    """Files in the upload folders (the server's own health check writes elsewhere, under media/)."""
    return _files(state / "tmp" / "filepond") | _files(state / "tmp" / "stored") | _files(state / "tmp" / "uploads")


def _annotator(doccano_server, project: str, name: str):
    admin = doccano_server.session()
    password = add_user(admin, name, "annotator", project) or ""
    return connect(doccano_server.url, name, password)


def test_anonymous_visitors_cannot_upload_revert_load_or_fetch(doccano_server) -> None:
    url, state = doccano_server.url, doccano_server.state_dir
    backend_uploads = doccano_server.server.backend_dir() / "filepond-temp-uploads"
    before_state, before_backend = _files(state), _files(backend_uploads)
    payload = ("x" * 1024 + "\n").encode() * 2048  # 2 MB
    response = requests.post(f"{url}/v1/fp/process/", files={"filepond": ("batch.jsonl", payload)}, timeout=60)
    assert response.status_code in (401, 403), response.text[:200]
    for method, route in (("DELETE", "fp/revert/"), ("GET", "fp/load/?id=abc"), ("GET", "fp/restore/?id=abc"),
                          ("GET", "fp/fetch/?target=http://127.0.0.1:1/"), ("PATCH", "fp/patch/abc")):
        answer = requests.request(method, f"{url}/v1/{route}", data=b"abc", timeout=30)
        assert answer.status_code in (401, 403), (method, route, answer.status_code)
    # Nothing stored, neither in the state folder nor in doccano's package folder.
    assert {p for p in _files(state) - before_state if "health_check" not in str(p)} <= {
        p for p in _files(state) if p.suffix in (".log", ".sqlite3-wal", ".sqlite3-shm") or p.name == "db.sqlite3"}
    assert _files(backend_uploads) == before_backend


def test_signed_in_upload_goes_to_the_state_folder_and_is_deleted_after_import(doccano_server, doccano_project):
    session = doccano_server.session()
    create_project(session, doccano_project)
    state = doccano_server.state_dir
    # The server is shared with other tests: what their exports left in media/ is not this push's.
    media_before = _files(state / "media")
    docs = [Document(f"up-{i}", "قال الوزير إن الحكومة ستعلن القرار غدا " * 20) for i in range(50)]
    summary = push(session, doccano_project, docs, batch_size=20)
    assert summary.pushed == 50
    # The three batches went through filepond's folders under tmp/ and none is left, nor in media/.
    assert _uploads(state) == set()
    assert not [p for p in _files(state / "media") - media_before if "health_check" not in str(p)]
    assert not _files(doccano_server.server.backend_dir() / "filepond-temp-uploads")


def test_user_listing_and_task_status_are_closed_to_annotators(doccano_server, doccano_project) -> None:
    admin = doccano_server.session()
    create_project(admin, doccano_project)
    push(admin, doccano_project, [Document("who-1", "نص قصير")])
    annotator = _annotator(doccano_server, doccano_project, f"ann{doccano_project[-6:]}")
    answer = requests.get(f"{doccano_server.url}/v1/users", headers={"Authorization": f"Token {_token(annotator)}"},
                          timeout=30)
    assert answer.status_code == 403
    assert "is_superuser" not in answer.text
    listed = admin.get("users")
    assert any(u["username"] == "admin" for u in listed)  # staff still see it (adding members needs it)

    task = admin.post(f"projects/{admin.project_id(doccano_project)}/download",
                      json={"format": "JSONL", "exportApproved": False})
    admin.wait_task(task["task_id"])
    status = requests.get(f"{doccano_server.url}/v1/tasks/status/{task['task_id']}",
                          headers={"Authorization": f"Token {_token(annotator)}"}, timeout=30)
    assert status.status_code == 403 and "media" not in status.text
    assert requests.get(f"{doccano_server.url}/v1/users", timeout=30).status_code == 401
    # The annotator still does an annotator's work: reading the project's examples.
    examples = annotator.get(f"projects/{admin.project_id(doccano_project)}/examples")
    assert examples["count"] == 1


def _token(session) -> str:
    return session._http.headers["Authorization"].split()[1]


def test_only_the_bound_host_names_are_answered(doccano_server) -> None:
    url = doccano_server.url
    port = url.rsplit(":", 1)[1]
    for host in (f"127.0.0.1:{port}", f"localhost:{port}"):
        assert requests.get(f"{url}/v1/health/", headers={"Host": host}, timeout=60).status_code == 200
    for host in ("evil.example", f"attacker.example:{port}", "10.0.0.1"):
        assert requests.get(f"{url}/v1/health/", headers={"Host": host}, timeout=60).status_code == 400


def test_exports_leave_nothing_in_media_once_downloaded(doccano_server, doccano_project, tmp_path) -> None:
    session = doccano_server.session()
    create_project(session, doccano_project)
    push(session, doccano_project, [Document("exp-1", "محمد في الرياض", entities=[Entity(0, 4, "PERS")])],
         preannotate=True)
    media = doccano_server.state_dir / "media"
    before = set(media.iterdir())  # other tests' exports never downloaded: pruned after an hour
    for _ in range(3):
        manifest = pull(session, doccano_project, tmp_path / "pulled")
        assert manifest.files["admin"]["entities"] == 1
    assert set(media.iterdir()) - before == set()


def test_database_is_in_write_ahead_log_mode_and_every_state_file_is_private(doccano_server, doccano_project):
    session = doccano_server.session()
    create_project(session, doccano_project)
    push(session, doccano_project, [Document("mode-1", "نص")])
    export_zip(session, session.project_id(doccano_project))
    state = doccano_server.state_dir
    with sqlite3.connect(state / "db.sqlite3") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    # Between tasks no process holds the database: a writer gets it at once (the issue saw the worker keep a
    # lock after a failed export, and every login fail for minutes).
    writer = sqlite3.connect(state / "db.sqlite3", timeout=5, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("ROLLBACK")
    finally:
        writer.close()
    loose = []
    for folder, dirs, files in os.walk(state):
        for name in dirs:
            if stat.S_IMODE(os.stat(os.path.join(folder, name)).st_mode) != 0o700:
                loose.append(os.path.join(folder, name))
        for name in files:
            path = os.path.join(folder, name)
            with_mode = stat.S_IMODE(os.lstat(path).st_mode)
            if with_mode != 0o600:
                loose.append(f"{path} {with_mode:o}")
    assert loose == []
    assert stat.S_IMODE(state.stat().st_mode) == 0o700


def test_a_pull_survives_a_busy_machine_and_the_server_stays_healthy(doccano_server, doccano_project, tmp_path):
    """Two CPU burners, and a writer adding labels and logging in all along, as a busy machine and annotators would.

    doccano's health check waits for a celery task, which a running export
    delays: it is asked once the pulls are done, and must answer 200 then.
    """
    import multiprocessing
    import threading

    session = doccano_server.session()
    create_project(session, doccano_project)
    docs = [Document(f"busy-{i:04d}", f"قال المتحدث باسم الوزارة في الرياض إن الاجتماع {i} انتهى " * 8,
                     entities=[Entity(25, 31, "LOC")]) for i in range(400)]
    push(session, doccano_project, docs, preannotate=True, batch_size=200)
    project_id = session.project_id(doccano_project)
    example_ids = [e["id"] for e in session.list_all(f"projects/{project_id}/examples")]
    label_id = next(t["id"] for t in session.get(f"projects/{project_id}/span-types") if t["text"] == "PERS")
    admin_user, admin_password = doccano_server.admin_username, doccano_server.admin_password

    stop = multiprocessing.Event()
    burners = [multiprocessing.Process(target=_burn, args=(stop,)) for _ in range(2)]
    for burner in burners:
        burner.start()
    written: list[int] = []
    failures: list[BaseException] = []

    def write_labels() -> None:
        try:
            writer = doccano_server.session()
            while not stop.is_set() and len(written) < len(example_ids):
                example = example_ids[len(written)]
                writer.post(f"projects/{project_id}/examples/{example}/spans",
                            json={"start_offset": 0, "end_offset": 3, "label": label_id})
                written.append(example)
                connect(doccano_server.url, admin_user, admin_password)  # a login writes nothing but must answer
        except BaseException as error:  # noqa: BLE001 - reported by the test below
            failures.append(error)

    writer = threading.Thread(target=write_labels)
    writer.start()
    try:
        manifests = [pull(session, doccano_project, tmp_path / f"pull-{i}") for i in range(2)]
    finally:
        stop.set()
        writer.join(timeout=300)
        for burner in burners:
            burner.join(timeout=30)
            if burner.is_alive():
                burner.kill()
    assert failures == []
    assert written, "the writer should have written while the pulls ran"
    for manifest in manifests:
        assert manifest.files["admin"]["documents"] == 400
        assert manifest.files["admin"]["entities"] >= 400
    final = pull(session, doccano_project, tmp_path / "after")
    pulled = {d["id"]: d for d in _read_jsonl(tmp_path / "after" / "admin.jsonl")}
    with_pers = {doc_id for doc_id, d in pulled.items() if any(e["label"] == "PERS" for e in d["entities"])}
    assert len(with_pers) == len(written) and final.files["admin"]["documents"] == 400
    deadline = time.monotonic() + 120
    while requests.get(f"{doccano_server.url}/v1/health/", timeout=60).status_code != 200:
        assert time.monotonic() < deadline, "/v1/health/ did not answer 200 within 2 minutes of the load"
        time.sleep(2)


def _read_jsonl(path: Path) -> list[dict]:
    import json

    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _burn(stop) -> None:  # noqa: ANN001 - a multiprocessing Event
    while not stop.is_set():
        sum(i * i for i in range(100_000))
