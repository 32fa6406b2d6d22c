"""Faults injected into a real doccano server while khabar pushes: nothing lost, nothing twice.

The module starts its own server (it kills it), pushes a few hundred articles
with pre-annotations for two annotators through the CLI in a separate process,
and at seeded random moments ``kill -9``s the celery worker or the gunicorn
master. The push must end on its own within a bounded time with a numbered
error (or succeed, if the kill came after its last batch); then ``up()`` and
the same push again. Afterwards every article is in the project exactly once
and each annotator holds exactly its spans and relations: counted in the
database and read back through a pull.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from khabar.doccano.campaign import annotator_project, load_campaign, push_routed
from khabar.doccano.census import DatabaseCensus
from khabar.doccano.client import Session, connect
from khabar.doccano.convert import document_to_record
from khabar.doccano.project import add_user, create_project
from khabar.doccano.pull import pull
from khabar.doccano.push import _drop_pending_uploads, existing_ids, project_state_stem, push
from khabar.doccano.push_state import PushJournal
from khabar.doccano.server import DoccanoServer
from khabar.doccano.server_jobs import ServerJobs
from khabar.errors import ConfigError
from khabar.gold import Document, read_documents, write_documents

pytestmark = pytest.mark.integration

#: Copies of the dev gold set under new ids: real articles and real quote and entity annotations
#: (252 articles, about 16,800 spans and 6,200 relations for the two annotators together).
COPIES = 12
BATCH = 36
#: A push whose server lost a process must end by itself within this many seconds.
BOUND = 120.0
SEED = 18


@dataclass
class FaultServer:
    server: DoccanoServer
    admin: tuple[str, str]

    def session(self) -> Session:
        return connect(self.server.url, *self.admin)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _port_free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def _wait_for_port(port: int, timeout: float = 60.0) -> None:
    """Orphaned gunicorn workers leave once a connection wakes them and they find their master gone.

    One was once seen to hang in the health check it was woken with, holding the port for good: after
    ``timeout / 3`` seconds the orphans still bound to this port (the test killed their master) are killed.
    """
    started = time.monotonic()
    orphans_killed = False
    while not _port_free(port):
        waited = time.monotonic() - started
        if waited > timeout:
            raise AssertionError(f"port {port} still held {timeout:.0f} s after the gunicorn master died")
        if waited > timeout / 3 and not orphans_killed:
            orphans_killed = True
            for pid in _gunicorn_bound_to(port):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1) as conn:
            conn.sendall(b"GET /v1/health/ HTTP/1.0\r\n\r\n")
        time.sleep(0.5)


def _gunicorn_bound_to(port: int) -> list[int]:
    """The gunicorn processes started to listen on 127.0.0.1:``port`` (by their command lines)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            argv = (entry / "cmdline").read_bytes().split(b"\0")
            if any(b"gunicorn" in arg for arg in argv) and f"127.0.0.1:{port}".encode() in argv:
                found.append(int(entry.name))
    return found


@pytest.fixture(scope="module")
def fault_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FaultServer]:
    """A server of this module's own: its processes are killed and restarted by the tests."""
    server = DoccanoServer(tmp_path_factory.mktemp("doccano-faults"), _free_port())
    try:
        server.up(timeout=240)
        yield FaultServer(server, server.admin_credentials())
    finally:
        server.down()


@pytest.fixture(scope="module")
def corpus(dev_gold_path: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Document]]:
    gold = list(read_documents(dev_gold_path))
    docs = [replace(doc, id=f"{doc.id}-copy{k:02d}") for k in range(COPIES) for doc in gold]
    path = tmp_path_factory.mktemp("faults-corpus") / "articles.jsonl"
    write_documents(path, docs)
    return path, docs


def _project(fault_server: FaultServer, name: str) -> tuple[Session, list[str]]:
    admin = fault_server.session()
    create_project(admin, name)
    annotators = [f"{name}-a", f"{name}-b"]
    for annotator in annotators:
        add_user(admin, annotator, "annotator", name)
    return admin, annotators


def _cli_push(fault_server: FaultServer, corpus_path: Path, project: str, annotators: list[str],
              batch: int = BATCH) -> subprocess.Popen:
    env = {**os.environ, "KHABAR_DOCCANO_DIR": str(fault_server.server.state_dir)}
    env.pop("KHABAR_DOCCANO_PORT", None)
    return subprocess.Popen(
        [str(Path(sys.executable).parent / "khabar"), "doccano", "push", str(corpus_path), "--project", project,
         "--preannotate", "--annotators", ",".join(annotators), "--batch-size", str(batch), "--json"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _expected(docs: list[Document]) -> dict[str, tuple[int, int]]:
    counts = {}
    for doc in docs:
        record = document_to_record(doc, preannotate=True)
        counts[doc.id] = (len(record["entities"]), len(record["relations"]))
    return counts


def _key(doc: Document) -> tuple:
    return (sorted((e.start, e.end, e.label) for e in doc.entities),
            sorted((q.content, q.source, q.cue, q.type) for q in doc.quotes))


def assert_exactly_once(fault_server: FaultServer, admin: Session, project: str, annotators: list[str],
                        docs: list[Document], out: Path) -> dict[str, int]:
    """Every article once, every span and relation once per annotator: in the database and through a pull."""
    project_id = admin.project_id(project)
    expected = _expected(docs)
    with ServerJobs(fault_server.server) as jobs:
        found = jobs.call("census", project=project_id, ids=sorted(expected), owners=[*annotators, admin.username])
    assert sorted(found) == sorted(expected)
    doubled = {kid: len(entries) for kid, entries in found.items() if len(entries) != 1}
    assert doubled == {}
    for kid, (spans, relations) in expected.items():
        labels = found[kid][0]["labels"]
        for annotator in annotators:
            assert tuple(labels[annotator]) == (spans, relations), (kid, annotator)
        assert tuple(labels[admin.username]) == (0, 0), kid  # the pusher keeps no copy
    examples = [e["meta"]["khabar_id"] for e in admin.list_all(f"projects/{project_id}/examples")]
    assert sorted(examples) == sorted(expected)  # nothing else in the project either

    manifest = pull(admin, project, out, state_dir=fault_server.server.state_dir)
    assert sorted(manifest.annotators) == sorted(annotators)
    by_id = {doc.id: doc for doc in docs}
    for annotator in annotators:
        pulled = list(read_documents(out / f"{annotator}.jsonl"))
        assert sorted(d.id for d in pulled) == sorted(by_id)
        for doc in pulled:
            assert _key(doc) == _key(by_id[doc.id]), (annotator, doc.id)
    return {"examples": len(expected), "spans": sum(s for s, _ in expected.values()) * len(annotators),
            "relations": sum(r for _, r in expected.values()) * len(annotators)}


def _kill(fault_server: FaultServer, process: str) -> int | None:
    pid_file = fault_server.server.state_dir / f"{process}.pid"
    with contextlib.suppress(OSError, ValueError):
        pid = int(pid_file.read_text())
        os.kill(pid, signal.SIGKILL)
        return pid
    return None


def _uploads(journal: PushJournal) -> int:
    """How many uploads the push in progress has recorded in the project's journal."""
    with contextlib.suppress(FileNotFoundError):
        return journal.path.read_text(encoding="utf-8").count('"upload"')
    return 0


# The server's processes, and the push itself (its client killed while doccano's worker imports its batch).
FAULTS = [("celery", k) for k in range(2)] + [("gunicorn", k) for k in range(2)] + [("push", k) for k in range(2)]
_REPORT: list[dict] = []


@pytest.mark.parametrize(("process", "point"), FAULTS, ids=[f"{p}-{k}" for p, k in FAULTS])
def test_a_push_survives_a_killed_server_process(fault_server, corpus, process, point, tmp_path) -> None:
    corpus_path, docs = corpus
    project = f"fault-{process}-{point}"
    admin, annotators = _project(fault_server, project)
    rng = random.Random(f"{SEED}-{process}-{point}")
    # A seeded point: after the upload of batch k (the journal records it just before its import task
    # starts), plus up to a second, so the kill lands in an import, a hand-over or a check.
    batch, extra = rng.randint(1, len(docs) // BATCH - 1), rng.uniform(0.0, 1.0)
    journal = PushJournal(project_state_stem(admin, admin.project_id(project), fault_server.server.state_dir))
    started = time.monotonic()
    proc = _cli_push(fault_server, corpus_path, project, annotators)
    while _uploads(journal) < batch and proc.poll() is None and time.monotonic() - started < BOUND:
        time.sleep(0.05)
    time.sleep(extra)
    delay = time.monotonic() - started
    if process == "push":
        assert proc.poll() is None, "the push ended before it could be killed"
        proc.send_signal(signal.SIGKILL)
    else:
        assert _kill(fault_server, process) is not None
    try:
        _, stderr = proc.communicate(timeout=BOUND)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail(f"the push hung for {BOUND:.0f} s after the {process} process was killed")
    first_push = time.monotonic() - started
    if process == "push":
        assert proc.returncode == -signal.SIGKILL
    elif proc.returncode != 0:
        # A clear, numbered error, never a traceback.
        assert proc.returncode == 2 and "Traceback" not in stderr, stderr
        assert any(code in stderr for code in ("[E380]", "[E310]", "[E313]", "[E316]", "[E336]", "[E383]")), stderr
    if process == "gunicorn":
        _wait_for_port(fault_server.server.port)
    fault_server.server.up(timeout=240)

    admin = fault_server.session()
    summary = push(admin, project, corpus_path, preannotate=True, annotators=annotators, batch_size=BATCH,
                   state_dir=fault_server.server.state_dir)
    assert summary.pushed + summary.skipped == len(docs)
    counted = assert_exactly_once(fault_server, admin, project, annotators, docs, tmp_path / "pulled")
    _REPORT.append({"fault": f"kill -9 {process}", "batch": batch, "after_s": round(delay, 1), "first_push_exit": proc.returncode,
                    "first_push_s": round(first_push, 1), "repaired": summary.repaired, "pushed_again": summary.pushed,
                    "skipped": summary.skipped, **counted})
    print(json.dumps(_REPORT[-1]))


def test_two_pushes_at_once_import_every_article_once(fault_server, corpus, tmp_path) -> None:
    corpus_path, docs = corpus
    project = "fault-concurrent"
    admin, annotators = _project(fault_server, project)
    pushes = [_cli_push(fault_server, corpus_path, project, annotators) for _ in range(2)]
    results = [p.communicate(timeout=600) for p in pushes]
    for proc, (_, stderr) in zip(pushes, results):
        assert proc.returncode == 0, stderr
    summaries = [json.loads(out) for out, _ in results]
    # One imported everything; the other waited for the lock and then found every article there.
    assert sorted(s["pushed"] for s in summaries) == [0, len(docs)]
    assert sorted(s["skipped"] for s in summaries) == [0, len(docs)]
    counted = assert_exactly_once(fault_server, admin, project, annotators, docs, tmp_path / "pulled")
    print(json.dumps({"concurrent_pushes": 2, **counted}))


def test_a_push_waiting_for_the_lock_fails_clearly_when_it_runs_out(fault_server, corpus) -> None:
    from khabar.doccano.push_state import project_lock
    from khabar.errors import ConfigError

    _, docs = corpus
    project = "fault-lock"
    admin, _ = _project(fault_server, project)
    stem = project_state_stem(admin, admin.project_id(project), fault_server.server.state_dir)
    with project_lock(stem, project, timeout=0):
        with pytest.raises(ConfigError) as err:
            push(admin, project, docs[:3], state_dir=fault_server.server.state_dir, lock_timeout=1.0)
    assert err.value.code == "E381" and str(os.getpid()) in str(err.value)
    assert existing_ids(admin, admin.project_id(project)) == {}
    summary = push(admin, project, docs[:3], state_dir=fault_server.server.state_dir, lock_timeout=1.0)
    assert summary.pushed == 3


def test_an_incomplete_batch_in_the_project_is_repaired_not_skipped(fault_server, corpus, tmp_path) -> None:
    """What a crash between import and check leaves: a batch imported short, absent from the journal."""
    from khabar.doccano.push import _upload

    corpus_path, docs = corpus
    project = "fault-short"
    admin, annotators = _project(fault_server, project)
    few = docs[:30]
    project_id = admin.project_id(project)
    records = [document_to_record(doc, preannotate=True) for doc in few]
    # Ten articles lose their relations, five lose everything but their text, two come twice: as a worker
    # stopped mid-import would leave them.
    for record in records[:10]:
        record["relations"] = []
    for record in records[10:15]:
        record["entities"], record["relations"] = [], []
    _upload(admin, project_id, records + records[20:22], 1)
    summary = push(admin, project, few, preannotate=True, annotators=annotators,
                   state_dir=fault_server.server.state_dir)
    assert summary.repaired == 17 and summary.pushed == 17 and summary.skipped == 13
    journal = PushJournal(project_state_stem(admin, project_id, fault_server.server.state_dir))
    assert journal.verified == {doc.id for doc in few}
    assert_exactly_once(fault_server, admin, project, annotators, few, tmp_path / "pulled")
    again = push(admin, project, few, preannotate=True, annotators=annotators, state_dir=fault_server.server.state_dir)
    assert (again.pushed, again.skipped, again.repaired) == (0, len(few), 0)


def _bytes_read(pid: int) -> int:
    """Bytes ``pid`` has read so far (``rchar``): a job process waiting for its next request reads nothing."""
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/io").read_text().splitlines():
            if line.startswith("rchar:"):
                return int(line.split()[1])
    return -1


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, dead but not reaped, does not)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, IndexError):
        return False


def _waiting(condition: Callable[[], bool], proc: subprocess.Popen | None, what: str, timeout: float = BOUND) -> None:
    """Wait for ``condition()``; fail if ``proc`` ends first or the time runs out."""
    deadline = time.monotonic() + timeout
    while not condition():
        if proc is not None and proc.poll() is not None:
            _, stderr = proc.communicate()
            pytest.fail(f"the process ended (exit {proc.returncode}) before {what}: {stderr[-2000:]}")
        if time.monotonic() > deadline:
            pytest.fail(f"no {what} within {timeout:.0f} s")
        time.sleep(0.01)


def test_a_killed_push_leaves_no_hand_over_running_once_its_lock_is_taken(fault_server, corpus, tmp_path) -> None:
    """kill -9 a push while its server job process hands a batch over to the annotators: once the next push
    or refresh holds the project's lock, the orphaned job writes nothing (on PostgreSQL two hand-overs at
    once could give an annotator two copies). The next push then hands the batch over, once."""
    from khabar.doccano.push_state import project_lock

    corpus_path, docs = corpus
    project = "fault-handover"
    admin, annotators = _project(fault_server, project)
    project_id = admin.project_id(project)
    stem = project_state_stem(admin, project_id, fault_server.server.state_dir)
    journal = PushJournal(stem).path
    expected = _expected(docs)
    owners = [*annotators, admin.username]
    started = time.monotonic()
    # Every article in one batch: its hand-over (about 16,800 spans and 6,200 relations made, 11,500 deleted)
    # is one transaction of seconds, so the job is frozen inside it.
    proc = _cli_push(fault_server, corpus_path, project, annotators, batch=len(docs))
    _waiting(lambda: _job_process(proc.pid) is not None, proc, "the push's job process")
    job = _job_process(proc.pid)
    assert job is not None
    # The push journals the end of the batch's import, then asks its job process (idle during the import)
    # to hand the labels over: the job reads as the request arrives.
    idle = -1

    def imported() -> bool:
        nonlocal idle
        with contextlib.suppress(FileNotFoundError):
            if '"imported"' in journal.read_text(encoding="utf-8"):
                return True
        idle = _bytes_read(job)  # read after a look that found no import: before the hand-over's request
        return False

    _waiting(imported, proc, "the batch's import")
    _waiting(lambda: _bytes_read(job) != idle, proc, "the hand-over's start")
    os.kill(job, signal.SIGSTOP)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=BOUND)
    try:
        with ServerJobs(fault_server.server) as watch, project_lock(stem, project, timeout=0):
            # The lock of the dead push is free at once; the batch is in, handed over to nobody yet.
            held = watch.call("census", project=project_id, ids=sorted(expected), owners=owners)
            for kid, (spans, relations) in expected.items():
                (entry,) = held[kid]
                assert entry["labels"] == {**{a: [0, 0] for a in annotators}, admin.username: [spans, relations]}, kid
            os.kill(job, signal.SIGCONT)
            _waiting(lambda: not _alive(job), None, "the end of the dead push's job process", 60)
            assert watch.call("census", project=project_id, ids=sorted(expected), owners=owners) == held, \
                "the dead push's hand-over wrote after its lock was taken"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(job, signal.SIGCONT)
    first = time.monotonic() - started
    summary = push(admin, project, corpus_path, preannotate=True, annotators=annotators, batch_size=BATCH,
                   state_dir=fault_server.server.state_dir)
    assert (summary.pushed, summary.skipped, summary.repaired) == (0, len(docs), 0)
    counted = assert_exactly_once(fault_server, admin, project, annotators, docs, tmp_path / "pulled")
    assert summary.resumed_labels == counted["spans"]  # the whole hand-over, by the next push
    print(json.dumps({"fault": "kill -9 push mid hand-over", "first_push_s": round(first, 1),
                      "handed_over_again": summary.resumed_labels}))


def _pending_uploads(fault_server: FaultServer, upload_ids: list[str]) -> dict[str, bool]:
    """Which of ``upload_ids`` the server's database still holds as uploads no import consumed, each with
    whether its file is still on disk (read by Django in the server's environment, as the jobs read it)."""
    code = ("import json, os, sys, django; sys.path.insert(0, os.getcwd()); django.setup(); "
            "from django_drf_filepond.models import TemporaryUpload; "
            "print(json.dumps({u.upload_id: os.path.isfile(u.get_file_path()) "
            "for u in TemporaryUpload.objects.filter(upload_id__in=json.loads(sys.argv[1]))}))")
    server = fault_server.server
    done = subprocess.run([str(server.venv / "bin" / "python"), "-c", code, json.dumps(upload_ids)],
                          cwd=server.backend_dir(), env=server.environment(), capture_output=True, text=True,
                          timeout=120, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _upload_files(admin: Session, count: int) -> list[str]:
    """``count`` uploads no import task is started for: what a push killed before its imports leaves."""
    ids = []
    for k in range(count):
        response = admin.request("POST", "fp/process/", expect_json=False, headers={"Accept": "*/*"},
                                 files={"filepond": (f"batch-{k:05d}.jsonl", b'{"text": "x"}\n',
                                                     "application/octet-stream")})
        ids.append(response.text.strip())
    return ids


def test_the_repair_jobs_delete_and_drop_nothing_for_a_push_that_died(fault_server, corpus) -> None:
    """A push repairs a damaged batch by deleting its examples, and cancels imports a dead worker never ran
    by dropping their uploads: for a push that has died neither job touches anything."""
    _, docs = corpus
    project = "fault-repair-parent"
    admin, annotators = _project(fault_server, project)
    project_id = admin.project_id(project)
    few = docs[:30]
    push(admin, project, few, preannotate=True, annotators=annotators, state_dir=fault_server.server.state_dir,
         route="database")
    examples = sorted(existing_ids(admin, project_id).values())
    uploads = _upload_files(admin, 3)
    assert len(examples) == 30 and _pending_uploads(fault_server, uploads) == dict.fromkeys(uploads, True)
    with ServerJobs(fault_server.server) as jobs:
        # The job process's parent is this process: a push pid it does not belong to counts as a dead push.
        with pytest.raises(ConfigError) as died:
            jobs.call("delete_examples", project=project_id, examples=examples, parent=os.getpid() + 1)
        assert died.value.code == "E383" and "has stopped" in str(died.value)
        with pytest.raises(ConfigError) as died:
            jobs.call("drop_uploads", upload_ids=uploads, parent=os.getpid() + 1)
        assert died.value.code == "E383" and "has stopped" in str(died.value)
        assert sorted(existing_ids(admin, project_id).values()) == examples
        assert _pending_uploads(fault_server, uploads) == dict.fromkeys(uploads, True)
        # Asked by a live push (this process), they do their work.
        assert DatabaseCensus(jobs, project_id, annotators).delete(examples) == 30
        stem = project_state_stem(admin, project_id, fault_server.server.state_dir)
        journal = PushJournal(stem)
        for upload in uploads:
            journal.upload_started(upload)
        assert _drop_pending_uploads(jobs, journal) == 3
    assert existing_ids(admin, project_id) == {} and _pending_uploads(fault_server, uploads) == {}
    assert PushJournal(stem).pending_uploads == set()


#: A push's call of one repair job, in a process of its own the test kills: it starts its job process, says
#: "ready" once Django is up there, and sends the request when told to on stdin.
_REPAIR_CALLER = r"""
import json, sys
from pathlib import Path
from khabar.doccano.census import DatabaseCensus
from khabar.doccano.push import _drop_pending_uploads
from khabar.doccano.push_state import PushJournal
from khabar.doccano.server import DoccanoServer
from khabar.doccano.server_jobs import ServerJobs

state, port, job, args = sys.argv[1], int(sys.argv[2]), sys.argv[3], json.loads(sys.argv[4])
with ServerJobs(DoccanoServer(Path(state), port)) as jobs:
    jobs.call("census", project=args["project"], ids=[], owners=[])
    if job == "drop_uploads":
        journal = PushJournal(Path(args["stem"]))
        for upload in args["uploads"]:
            journal.upload_started(upload)
    print("ready", flush=True)
    sys.stdin.readline()
    if job == "delete_examples":
        DatabaseCensus(jobs, args["project"], []).delete(args["examples"])
    else:
        _drop_pending_uploads(jobs, journal)
"""


@pytest.mark.parametrize("job", ["delete_examples", "drop_uploads"])
def test_a_killed_push_leaves_no_repair_job_writing(fault_server, corpus, job, tmp_path) -> None:
    """kill -9 the process that asked for a repair (the examples of damaged articles deleted, the uploads of
    imports that never ran dropped) just as its job process takes the request: once it is dead, the job
    deletes nothing more, as the next push may be repairing the same articles. A chunk of examples under way
    is rolled back; the upload under way (its file perhaps already removed, which no rollback restores) is
    finished."""
    corpus_path, docs = corpus
    project = f"fault-repair-{job.replace('_', '-')}"
    admin, annotators = _project(fault_server, project)
    project_id = admin.project_id(project)
    if job == "delete_examples":
        # Every article, pre-annotated for both annotators: deleting them (about 16,800 spans and 6,200
        # relations go with them) takes long enough for the job to be frozen in it.
        push(admin, project, corpus_path, preannotate=True, annotators=annotators,
             state_dir=fault_server.server.state_dir, route="database")
        examples = sorted(existing_ids(admin, project_id).values())
        assert len(examples) == len(docs)
        args: dict = {"project": project_id, "examples": examples}
        ids, owners = [doc.id for doc in docs], annotators

        def held() -> dict:
            with ServerJobs(fault_server.server) as watch:
                return watch.call("census", project=project_id, ids=ids, owners=owners)

        def after_the_kill(at_kill: dict, after: dict) -> None:
            assert after == at_kill, "the dead caller's delete_examples deleted after the caller had died"
    else:
        uploads = _upload_files(fault_server.session(), 40)
        args = {"project": project_id, "uploads": uploads, "stem": str(tmp_path / "journal")}

        def held() -> dict:
            return _pending_uploads(fault_server, uploads)

        def after_the_kill(at_kill: dict, after: dict) -> None:
            # The upload being dropped when the caller died (its file may already be gone) is finished.
            gone = set(at_kill) - set(after)
            assert len(gone) <= 1, f"the dead caller's drop_uploads dropped {len(gone)} uploads after it had died"
            assert after == {upload: True for upload in at_kill if upload not in gone}, after
    before = held()
    caller = subprocess.Popen(
        [sys.executable, "-c", _REPAIR_CALLER, str(fault_server.server.state_dir), str(fault_server.server.port),
         job, json.dumps(args)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert caller.stdout is not None and caller.stdin is not None
    if caller.stdout.readline().strip() != "ready":
        caller.kill()
        pytest.fail(f"the caller ended before its job process was ready: {caller.communicate()[1][-2000:]}")
    worker = _job_process(caller.pid)
    assert worker is not None
    idle = _bytes_read(worker)  # the job process waits for its next request and reads nothing meanwhile
    caller.stdin.write("go\n")
    caller.stdin.flush()
    _waiting(lambda: _bytes_read(worker) != idle, caller, f"the {job} request")
    os.kill(worker, signal.SIGSTOP)
    caller.kill()
    caller.communicate(timeout=BOUND)
    try:
        at_kill = held()
        assert len(at_kill) > 1, "nothing was left to delete when the caller died: the test proves nothing"
        os.kill(worker, signal.SIGCONT)
        _waiting(lambda: not _alive(worker), None, "the end of the dead caller's job process", 60)
        after_the_kill(at_kill, held())
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(worker, signal.SIGCONT)
    print(json.dumps({"fault": f"kill -9 push mid {job}", "left_at_kill": len(at_kill), "before": len(before),
                      "untouched": at_kill == before}))


def _burn(stop_at: float) -> None:
    """A CPU-load generator: spin until ``stop_at`` (monotonic seconds)."""
    while time.monotonic() < stop_at:
        sum(i * i for i in range(10_000))


def test_a_pull_while_the_machine_is_busy_gets_every_label(doccano_server, doccano_project, dev_gold_path,
                                                           tmp_path) -> None:
    """Export and pull with every core busy (twice as many spinning processes as cores): the same gold comes back."""
    import multiprocessing

    admin = doccano_server.session()
    create_project(admin, doccano_project)
    gold = {doc.id: doc for doc in read_documents(dev_gold_path)}
    push(admin, doccano_project, dev_gold_path, preannotate=True, state_dir=doccano_server.state_dir)
    burners = [multiprocessing.Process(target=_burn, args=(time.monotonic() + 120,), daemon=True)
               for _ in range(2 * (os.cpu_count() or 1))]
    for burner in burners:
        burner.start()
    try:
        assert all(burner.is_alive() for burner in burners)  # the load is really there while the pull runs
        manifest = pull(admin, doccano_project, tmp_path, state_dir=doccano_server.state_dir)
    finally:
        for burner in burners:
            burner.terminate()
            burner.join()
    assert doccano_server.server.healthy()  # and the server still answers once the load is gone
    pulled = {doc.id: doc for doc in read_documents(tmp_path / f"{admin.username}.jsonl")}
    assert manifest.annotators == [admin.username] and sorted(pulled) == sorted(gold)
    for doc_id, doc in gold.items():
        assert _key(pulled[doc_id]) == _key(doc), doc_id


# -- the database route of a routed push (no celery task: its job process writes each batch in one transaction) --
ROUTED_FAULTS = ("push", "jobs", "gunicorn")


def _cli_routed_push(fault_server: FaultServer, corpus_path: Path, campaign: str,
                     annotators: list[str]) -> subprocess.Popen:
    env = {**os.environ, "KHABAR_DOCCANO_DIR": str(fault_server.server.state_dir)}
    env.pop("KHABAR_DOCCANO_PORT", None)
    return subprocess.Popen(
        [str(Path(sys.executable).parent / "khabar"), "doccano", "push", str(corpus_path), "--project", campaign,
         "--preannotate", "--annotators", ",".join(annotators), "--per-document", "2", "--shared", "0.1",
         "--batch-size", str(BATCH), "--json"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _verified_batches(fault_server: FaultServer) -> int:
    """Batches verified so far in every project's journal of the server."""
    count = 0
    for journal in (fault_server.server.state_dir / "pushes").glob("*.journal"):
        with contextlib.suppress(FileNotFoundError):
            count += journal.read_text(encoding="utf-8").count('"verified"')
    return count


def _job_process(pid: int) -> int | None:
    """The pid of the server job process (``django_jobs/jobs.py``) the push ``pid`` started, if it runs."""
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        for child in children.read_text().split():
            with contextlib.suppress(OSError):
                if "jobs.py" in Path(f"/proc/{child}/cmdline").read_text():
                    return int(child)
    return None


def _routed_users(fault_server: FaultServer, campaign: str) -> tuple[Session, list[str]]:
    admin = fault_server.session()
    annotators = [f"{campaign}-{letter}" for letter in "abc"]
    for annotator in annotators:
        add_user(admin, annotator, "annotator")
    return admin, annotators


def _assert_campaign_exactly_once(fault_server: FaultServer, admin: Session, campaign: str, docs: list[Document],
                                  out: Path) -> None:
    record = load_campaign(fault_server.server.state_dir, admin.url, campaign)
    assert record is not None and sorted(record.assignments) == sorted(doc.id for doc in docs)
    for name in record.annotators:
        mine = [doc for doc in docs if name in record.assignments[doc.id]]
        assert_exactly_once(fault_server, admin, annotator_project(campaign, name), [name], mine, out / name)


@pytest.mark.parametrize("process", ROUTED_FAULTS)
def test_a_routed_push_on_the_database_route_survives_a_kill(fault_server, corpus, process, tmp_path) -> None:
    """kill -9 the push itself, its server job process (which writes the batches) or the web server mid-push."""
    corpus_path, docs = corpus
    campaign = f"routed-fault-{process}"
    admin, annotators = _routed_users(fault_server, campaign)
    rng = random.Random(f"{SEED}-routed-{process}")
    # About 530 examples in 3 projects, 15 batches of 36: a seeded batch to wait for, then up to half a second,
    # so the kill lands in a batch's transaction, its check or between two projects.
    batch, extra = rng.randint(1, 12), rng.uniform(0.0, 0.5)
    before = _verified_batches(fault_server)
    started = time.monotonic()
    proc = _cli_routed_push(fault_server, corpus_path, campaign, annotators)
    while (_verified_batches(fault_server) < before + batch and proc.poll() is None
           and time.monotonic() - started < BOUND):
        time.sleep(0.02)
    time.sleep(extra)
    if process == "push":
        proc.send_signal(signal.SIGKILL)
    elif process == "jobs":
        job = _job_process(proc.pid)
        assert job is not None, "the push runs no job process"
        os.kill(job, signal.SIGKILL)
    else:
        assert _kill(fault_server, "gunicorn") is not None
    try:
        _, stderr = proc.communicate(timeout=BOUND)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail(f"the routed push hung for {BOUND:.0f} s after the {process} process was killed")
    if process != "push" and proc.returncode != 0:
        assert proc.returncode == 2 and "Traceback" not in stderr, stderr
        assert any(code in stderr for code in ("[E310]", "[E313]", "[E383]")), stderr
    if process == "gunicorn":
        _wait_for_port(fault_server.server.port)
        fault_server.server.up(timeout=240)

    admin = fault_server.session()
    finished = push_routed(admin, campaign, corpus_path, preannotate=True, state_dir=fault_server.server.state_dir,
                           batch_size=BATCH)
    assert finished.routed_now == 0  # the killed push had routed every document, and its routing stays
    assert all(s.route == "database" for s in finished.pushes.values())
    assert all(s.pushed + s.skipped == finished.per_annotator[n] for n, s in finished.pushes.items())
    _assert_campaign_exactly_once(fault_server, admin, campaign, docs, tmp_path)
    print(json.dumps({"fault": f"kill -9 {process} (routed, database route)", "batch": batch,
                      "first_push_exit": proc.returncode, "pushed_again": finished.pushed,
                      "repaired": sum(s.repaired for s in finished.pushes.values())}))


def test_two_routed_pushes_at_once_import_every_document_once(fault_server, corpus, tmp_path) -> None:
    corpus_path, docs = corpus
    campaign = "routed-concurrent"
    admin, annotators = _routed_users(fault_server, campaign)
    pushes = [_cli_routed_push(fault_server, corpus_path, campaign, annotators) for _ in range(2)]
    results = [p.communicate(timeout=600) for p in pushes]
    for proc, (_, stderr) in zip(pushes, results):
        assert proc.returncode == 0, stderr
    summaries = [json.loads(out[out.index("{"):]) for out, _ in results]
    # The campaign's lock lets one route and push everything; the other then finds it all there.
    assert sorted(s["pushed"] for s in summaries) == [0, sum(summaries[0]["per_annotator"].values())]
    assert sorted(s["routed_now"] for s in summaries) == [0, len(docs)]
    _assert_campaign_exactly_once(fault_server, admin, campaign, docs, tmp_path)
