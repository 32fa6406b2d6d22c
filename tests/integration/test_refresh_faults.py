"""Faults injected while ``khabar doccano refresh`` runs, on a real doccano 1.8.4 server: an annotator's work
is never changed, nothing is doubled, no lock is left behind, and the next refresh finishes the work.

Each test pushes 257 pre-annotated articles for one annotator (the dev gold's 21 articles, 12 times over
with a poor first model's suggestions, plus 5 with their gold labels), who then labels one, confirms two,
edits a suggestion on a fourth and comments on a fifth (as ``test_refresh.py`` does). ``refresh`` then runs
through the CLI in a process of its own, made cheap (a CRF of 3 iterations, no cross-validation), and is
broken at a chosen point. Its replacement job has 257 - 5 = 252 examples to change, in 3 transactions of 100.

The kill points are found as ``test_doccano_faults.py`` finds them, by watching what the processes leave
behind: the project's lock file names the pid holding it; the refresh's side-table batch files carry its
pid, and its first one (both the old and the new fingerprint of every example about to change) is written
just before the replacement job is asked for; the job process is the refresh's child running
``django_jobs/jobs.py`` and reads nothing between two requests (``/proc/PID/io``); the database shows
which examples hold the new suggestion already (what models trained on the same gold suggest, computed by
the test beforehand). ``SIGSTOP`` pins a process where a kill must find it.

Afterwards: every touched example is byte-identical in every view doccano gives of it (labels, state, score,
text, meta, comments) and in the database; every article is in the project once and every other one is
still recognised as holding khabar's suggestion (old or new); the lock is free; the refresh log is valid
JSON lines. A second refresh then completes and leaves every untouched example holding exactly what models
trained on the confirmed gold suggest, once, with that fingerprint alone in the side table, ordered by the
report; two examples the annotator touched after the fault stay as they were.
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib.util
import json
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from khabar.doccano.client import Session, login_as
from khabar.doccano.convert import document_to_record
from khabar.doccano.project import add_user, create_project, label_ids, set_confirmed
from khabar.doccano.pull import pull
from khabar.doccano.push import existing_ids, project_state_stem, push
from khabar.doccano.push_state import project_lock
from khabar.doccano.refresh import RefreshReport, _Trainer, refresh, refresh_log_path
from khabar.doccano.server_jobs import ServerJobs
from khabar.doccano.sidecar import SideTable
from khabar.doccano.suggestions import EMPTY, expected_fingerprints, record_fingerprint, touched_reasons
from khabar.errors import ConfigError
from khabar.extract.training_sources import read_training_sources
from khabar.gold import Document, read_documents, write_documents

pytestmark = pytest.mark.integration


def _load(file: str, name: str) -> Any:
    """A sibling test module, for its helpers (the tests run with --import-mode=importlib)."""
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(file))
    module = sys.modules.setdefault(spec.name, importlib.util.module_from_spec(spec))
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


faults = _load("test_doccano_faults.py", "khabar_test_doccano_faults")
refreshing = _load("test_refresh.py", "khabar_test_refresh")
# Watching processes is done as the push fault tests do it.
_until, _bytes_read, _alive = faults._waiting, faults._bytes_read, faults._alive
#: A server of this module's own (a test kills its gunicorn).
fault_server = faults.fault_server

COPIES = 12
ITERATIONS = refreshing.ITERATIONS
#: A refresh whose server lost a process must end by itself within this many seconds.
BOUND = 120.0
#: The options of every refresh here: a CRF of a few iterations, no word clusters, no cross-validation.
CLI_OPTIONS = ("--folds", "0", "--max-iterations", str(ITERATIONS), "--arch", "crf", "--no-clusters")


@dataclass
class Project:
    """One test's project: the articles pushed, the annotator's work, and what a refresh is given."""

    fault_server: Any
    name: str
    project_id: int
    annotator: str
    password: str
    docs: dict[str, Document]
    ids: dict[str, int]  # khabar id -> example id
    touched: list[str]
    base: Path
    source: Path
    tmp: Path
    #: The project's lock and journal stem, and its side-table folder (read without the server).
    stem: Path = Path()
    side_folder: Path = Path()

    @property
    def state(self) -> Path:
        return self.fault_server.server.state_dir

    def admin(self) -> Session:
        return self.fault_server.session()

    def annotator_session(self) -> Session:
        return login_as(self.fault_server.server.url, self.annotator, self.password)

    def untouched(self) -> list[str]:
        return sorted(d for d in self.ids if d not in self.touched)

    def lock_holder(self) -> str:
        """The pid the project's lock file names (written by its holder, emptied on release)."""
        with contextlib.suppress(FileNotFoundError):
            return self.stem.with_suffix(".lock").read_text().strip()
        return ""

    def side(self) -> dict[str, dict[str, Any]]:
        """The side table's entries, read afresh."""
        return SideTable.for_project(self.admin(), self.project_id, state_dir=self.state).entries()

    def side_files(self, pid: int) -> list[Path]:
        """The side-table batch files process ``pid`` wrote."""
        return sorted(self.side_folder.glob(f"batch-*-{pid}-*.jsonl"))

    def log(self) -> Path:
        return refresh_log_path(self.state, self.name)

    def refresh_options(self) -> dict[str, Any]:
        """The in-process equivalent of :data:`CLI_OPTIONS`."""
        return dict(base_entities=[str(self.base)], base_quotes=[self.base], folds=0, state_dir=self.state,
                    crf_iterations=ITERATIONS, quote_iterations=ITERATIONS, arch="crf", clusters=None)


def _setup(fault_server: Any, name: str, dev_gold_path: Path, tmp: Path) -> Project:
    admin = fault_server.session()
    create_project(admin, name)
    annotator = f"{name[:24]}-a"
    password = add_user(admin, annotator, "annotator")
    gold = list(read_documents(dev_gold_path))
    copies = [refreshing._weak(dataclasses.replace(d, id=f"{d.id}-copy{k:02d}")) for k in range(COPIES) for d in gold]
    pushed = [*gold[:5], *copies]
    source = tmp / "pushed.jsonl"
    write_documents(source, pushed)
    push(admin, name, source, preannotate=True, annotators=[annotator], state_dir=fault_server.server.state_dir)
    base = tmp / "base.jsonl"
    write_documents(base, gold[12:16])
    project_id = admin.project_id(name)
    ids = existing_ids(admin, project_id)
    assert sorted(ids) == sorted(d.id for d in pushed)
    project = Project(fault_server, name, project_id, annotator, password, {d.id: d for d in pushed}, ids, [],
                      base, source, tmp, project_state_stem(admin, project_id, fault_server.server.state_dir),
                      SideTable.for_project(admin, project_id, state_dir=fault_server.server.state_dir).folder)
    # As in test_refresh.py: labels one more name, confirms two, moves the end of a suggested span, comments.
    project.touched = refreshing.touch_five(project.annotator_session(), project_id, ids, [d.id for d in gold[:5]])
    return project


def _label(project: Project, session: Session, doc_id: str) -> None:
    spans, _ = label_ids(session, project.project_id)
    example = project.ids[doc_id]
    session.post(f"projects/{project.project_id}/examples/{example}/spans",
                 json={"label": spans["LOC"], "start_offset": 0, "end_offset": 3, "example": example})


def _views(project: Project, doc_ids: list[str]) -> dict[str, tuple[str, str]]:
    """Everything doccano shows of each example, to the annotator and to the admin (the server's own JSON)."""
    annotator, admin = project.annotator_session(), project.admin()
    return {d: (refreshing._snapshot(annotator, project.project_id, project.ids[d]),
                refreshing._snapshot(admin, project.project_id, project.ids[d])) for d in doc_ids}


def _states(project: Project, jobs: ServerJobs | None = None) -> dict[str, dict[str, Any]]:
    """What the database records on each example (``example_states``, the annotator as owner), by khabar id;
    fails if an article is in the project twice."""
    with contextlib.ExitStack() as stack:
        if jobs is None:
            jobs = stack.enter_context(ServerJobs(project.fault_server.server))
        rows = jobs.call("example_states", project=project.project_id, owners=[project.annotator])
    found: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        found.setdefault(str(row["khabar_id"]), []).append(row)
    assert {k: len(v) for k, v in found.items() if len(v) != 1} == {}, "an article twice in the project"
    assert sorted(found) == sorted(project.ids)
    return {k: v[0] for k, v in found.items()}


def _log_records(project: Project) -> list[dict[str, Any]]:
    """The refresh log's records; every line must be one whole JSON object."""
    if not project.log().exists():
        return []
    text = project.log().read_text(encoding="utf-8")
    assert text == "" or text.endswith("\n"), "the refresh log ends in a cut line"
    return [json.loads(line) for line in text.splitlines()]


def _cli_refresh(project: Project) -> subprocess.Popen:
    env = {**os.environ, "KHABAR_DOCCANO_DIR": str(project.state),
           "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    env.pop("KHABAR_DOCCANO_PORT", None)
    return subprocess.Popen(
        [str(Path(sys.executable).parent / "khabar"), "doccano", "refresh", "--project", project.name,
         "--base-entities", str(project.base), "--base-quotes", str(project.base), *CLI_OPTIONS, "--json"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _cli_push(project: Project, source: Path) -> subprocess.Popen:
    env = {**os.environ, "KHABAR_DOCCANO_DIR": str(project.state),
           "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    env.pop("KHABAR_DOCCANO_PORT", None)
    return subprocess.Popen(
        [str(Path(sys.executable).parent / "khabar"), "doccano", "push", str(source), "--project", project.name,
         "--preannotate", "--annotators", project.annotator, "--json"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)






def _replacing(proc: subprocess.Popen, project: Project) -> int:
    """Wait until the refresh ``proc`` has asked its job process to replace suggestions; return the job's pid.

    The refresh writes its first side-table file (both fingerprints of every example about to change) and
    then sends the request; the job process, idle since the survey, starts reading as it arrives.
    """
    _until(lambda: project.side_files(proc.pid), proc, "the refresh's first side-table record")
    job = faults._job_process(proc.pid)
    assert job is not None, "the refresh runs no job process"
    idle = _bytes_read(job)
    _until(lambda: _bytes_read(job) != idle, proc, "the replacement job's start")
    return job




def _kill_web_server(fault_server: Any) -> None:
    """kill -9 gunicorn, master and workers (its process group): a worker orphaned by killing the master alone
    was seen to hang for good in doccano's health check, holding the port, which says nothing of refresh."""
    pid = int((fault_server.server.state_dir / "gunicorn.pid").read_text())
    os.killpg(pid, signal.SIGKILL)  # started in a session of its own: the group is the master's pid


def _ended(proc: subprocess.Popen, what: str) -> tuple[str, str]:
    try:
        return proc.communicate(timeout=BOUND)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail(f"{what} hung for {BOUND:.0f} s")


def _expected_prints(project: Project, doc_ids: list[str]) -> dict[str, str]:
    """The fingerprint of what models trained now on the base file and the confirmed gold suggest for each
    document: what a refresh that ran to its end must leave on every untouched example."""
    out = project.tmp / f"confirmed-{time.monotonic_ns()}"
    manifest = pull(project.admin(), project.name, out, only_confirmed=True, state_dir=project.state)
    gold = [doc for info in manifest.files.values() for doc in read_documents(out / info["path"])]
    trainer = _Trainer(read_training_sources([str(project.base)]).documents, list(read_documents(project.base)),
                       ITERATIONS, ITERATIONS, arch="crf")
    recogniser = trainer.entities(gold)
    quotes, _ = trainer.quotes(gold)
    by_text: dict[str, str] = {}
    prints = {}
    for doc_id in doc_ids:
        text = project.docs[doc_id].text
        if text not in by_text:
            entities = recogniser.predict(text)
            suggestion = Document(doc_id, text, entities=entities, quotes=quotes(text, entities))
            by_text[text] = record_fingerprint(document_to_record(suggestion, preannotate=True))
        prints[doc_id] = by_text[text]
    return prints


def _assert_consistent(project: Project, before: dict[str, tuple[str, str]]) -> dict[str, dict[str, Any]]:
    """What must hold right after any fault, before anything repairs it; returns the database states."""
    assert _views(project, project.touched) == before  # byte-identical, to the annotator and to the admin
    with project_lock(project.stem, project.name, timeout=0):
        pass  # the lock of a refresh that died is free at once: nothing waits for it
    states = _states(project)  # and no article is there twice
    entries = project.side()
    for doc_id in project.untouched():
        # Old suggestion or new, the example is still recognised as khabar's (never as touched), holds one
        # copy of it (a copy twice has another fingerprint), and nobody else holds labels on it.
        reasons = touched_reasons(states[doc_id], [project.annotator], expected_fingerprints(entries.get(doc_id)))
        assert reasons == [], (doc_id, reasons)
    _log_records(project)
    return states


def _touch_after(project: Project, states: dict[str, dict[str, Any]]) -> list[str]:
    """The annotator labels an example the interrupted refresh may have changed and confirms another: both
    must then be left alone. Returns the two ids (now in ``project.touched``)."""
    pushed = {d: record_fingerprint(document_to_record(project.docs[d], preannotate=True)) for d in project.ids}
    changed = [d for d in project.untouched() if states[d]["fingerprints"].get(project.annotator, EMPTY) != pushed[d]]
    labelled = (changed or project.untouched())[0]
    confirmed = next(d for d in reversed(project.untouched()) if d != labelled)
    session = project.annotator_session()
    _label(project, session, labelled)
    set_confirmed(session, project.project_id, project.ids[confirmed])
    project.touched += [labelled, confirmed]
    return [labelled, confirmed]


def _assert_finished(project: Project, report: RefreshReport, before: dict[str, tuple[str, str]]) -> None:
    """What a refresh that ran to its end must leave, whatever happened before it."""
    untouched = project.untouched()
    assert (report.refreshed, report.touched, report.skipped_now_touched) == (len(untouched), len(project.touched), 0)
    assert sorted(report.touched_reasons) == sorted(project.touched)
    assert _views(project, project.touched) == before
    states = _states(project)
    entries = project.side()
    expected = _expected_prints(project, untouched)
    for doc_id in untouched:
        state = states[doc_id]
        # The new suggestion, once (a second copy changes the fingerprint), the annotator's alone, and the
        # side table holds its fingerprint and no other (an older one would let a stale suggestion pass).
        assert state["fingerprints"].get(project.annotator, EMPTY) == expected[doc_id], doc_id
        assert state["foreign"] == [] and not state["confirmed_by"] and not state["edited"], doc_id
        assert expected_fingerprints(entries[doc_id]) == [expected[doc_id]], doc_id
    # Scores: the report's order, all below every touched example's.
    assert sorted(report.order) == untouched
    scores = [states[d]["score"] for d in report.order]
    assert scores == sorted(set(scores)) and scores[-1] < min(states[d]["score"] for d in project.touched)
    records = _log_records(project)
    assert records and records[-1] == json.loads(json.dumps(report.to_dict()))


def _second_refresh(project: Project) -> RefreshReport:
    return refresh(project.admin(), project.name, **project.refresh_options())


# -- a refresh broken at a chosen point --------------------------------------------------------------------
#: refresh: kill -9 the refresh during its replacement job (the job frozen first, so that chunks are left
#: to do); jobs: kill -9 the job process once its first chunk is committed, in the next one's transaction;
#: replaced: kill -9 the refresh once every suggestion is replaced but before it records the new
#: fingerprints alone and logs; gunicorn-pull, gunicorn-replace: kill -9 the web server (master and
#: workers) as the refresh starts pulling, or as it starts replacing.
FAULTS = ("refresh", "jobs", "replaced", "gunicorn-pull", "gunicorn-replace")
_REPORT: list[dict[str, Any]] = []


@pytest.mark.parametrize("fault", FAULTS)
def test_a_refresh_broken_at_any_point_leaves_the_campaign_whole(fault_server, dev_gold_path, fault, tmp_path,
                                                                 monkeypatch) -> None:
    monkeypatch.setenv("KHABAR_DOCCANO_DIR", str(fault_server.server.state_dir))
    project = _setup(fault_server, f"refresh-fault-{fault}", dev_gold_path, tmp_path)
    before = _views(project, project.touched)
    # What the refresh is about to suggest (the confirmed gold does not change meanwhile): how the test
    # sees its job's progress in the database.
    new = _expected_prints(project, project.untouched())
    replaced_at_fault = None
    started = time.monotonic()
    with ServerJobs(fault_server.server) as watch:
        def replaced() -> int:
            states = _states(project, watch)
            return sum(states[d]["fingerprints"].get(project.annotator, EMPTY) == new[d] for d in new)

        untouched_before = replaced()  # examples whose new suggestion is the pushed one already
        proc = _cli_refresh(project)
        if fault == "gunicorn-pull":
            # The refresh starts its job process once it holds the lock, then pulls through the API.
            _until(lambda: faults._job_process(proc.pid) is not None, proc, "the refresh's job process")
            _kill_web_server(fault_server)
        else:
            job = _replacing(proc, project)
            if fault == "gunicorn-replace":
                _kill_web_server(fault_server)  # from now on, the refresh needs only its job process
            elif fault == "refresh":
                # Freeze the job mid-replacement, kill the refresh, take its lock as the next push or refresh
                # would; then let the job go on: from now on it must change nothing.
                os.kill(job, signal.SIGSTOP)
                proc.send_signal(signal.SIGKILL)
                _ended(proc, "the killed refresh")
                with project_lock(project.stem, project.name, timeout=0):
                    held = _states(project, watch)
                    replaced_at_fault = replaced()
                    os.kill(job, signal.SIGCONT)
                    _until(lambda: not _alive(job), None, "the end of the dead refresh's job process", 60)
                    assert _states(project, watch) == held, "the dead refresh's job wrote after its lock was taken"
            elif fault == "jobs":
                # Once its first chunk is committed, in the middle of the next one's transaction.
                _until(lambda: replaced() > untouched_before, proc, "the first chunk's replacement")
                os.kill(job, signal.SIGKILL)
                replaced_at_fault = replaced()
                assert replaced_at_fault < len(new), "the job had replaced everything already"
            else:  # replaced: stop the refresh, let its job finish every chunk, then kill the refresh
                proc.send_signal(signal.SIGSTOP)
                _until(lambda: replaced() == len(new), None, "the replacement of every untouched example", 60)
                replaced_at_fault = len(new)
                proc.send_signal(signal.SIGKILL)
        _, stderr = _ended(proc, f"the refresh after the {fault} fault")
    seconds = time.monotonic() - started
    if fault == "jobs":
        assert proc.returncode == 2 and "[E383]" in stderr and "Traceback" not in stderr, stderr
    elif fault.startswith("gunicorn"):
        try:
            if fault == "gunicorn-pull":  # a numbered error, never a traceback
                assert proc.returncode == 2 and "[E310]" in stderr and "Traceback" not in stderr, stderr
            else:
                assert proc.returncode == 0, stderr
        finally:  # the module's other tests need the server back, whatever this one found
            faults._wait_for_port(fault_server.server.port)
            fault_server.server.up(timeout=240)
    else:
        assert proc.returncode == -signal.SIGKILL
    first_exit = proc.returncode
    logged = len(_log_records(project))
    assert logged == (1 if first_exit == 0 else 0)  # a refresh that did not finish logged nothing

    states = _assert_consistent(project, before)
    late = _touch_after(project, states)
    before.update(_views(project, late))
    report = _second_refresh(project)
    _assert_finished(project, report, before)
    assert len(_log_records(project)) == logged + 1
    _REPORT.append({"fault": fault, "replaced_by_the_first": replaced_at_fault, "first_exit": first_exit,
                    "first_refresh_s": round(seconds, 1), "refreshed_again": report.refreshed})
    print(json.dumps(_REPORT[-1]))


# -- two at once -------------------------------------------------------------------------------------------
def test_two_refreshes_at_once_take_turns(fault_server, dev_gold_path, tmp_path, monkeypatch) -> None:
    """Two CLI refreshes of one project at once: one holds the lock, the other waits for it, then finds every
    example it did not touch as khabar's own and refreshes it; a third, in-process, that may not wait, fails
    with E381 naming the holder and changes nothing."""
    monkeypatch.setenv("KHABAR_DOCCANO_DIR", str(fault_server.server.state_dir))
    project = _setup(fault_server, "refresh-twice", dev_gold_path, tmp_path)
    before = _views(project, project.touched)
    procs = [_cli_refresh(project) for _ in range(2)]
    pids = {str(p.pid) for p in procs}
    holders: list[str] = []  # each pid the lock file named, in turn
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            holder = project.lock_holder()
            if holder and (not holders or holders[-1] != holder):
                holders.append(holder)
            time.sleep(0.005)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        _until(lambda: project.lock_holder() in pids, None, "a refresh holding the lock")
        with pytest.raises(ConfigError) as err:
            refresh(project.admin(), project.name, **project.refresh_options(), lock_timeout=0.5)
        assert err.value.code == "E381" and f"pid {holders[0]}" in str(err.value)
        results = [_ended(p, "a refresh waiting for another") for p in procs]
    finally:
        stop.set()
        watcher.join()
    for proc, (_, stderr) in zip(procs, results):
        assert proc.returncode == 0, stderr
    # One took the lock, then the other: never back and forth.
    assert len(holders) == 2 and set(holders) == pids, holders
    reports = [json.loads(out) for out, _ in results]
    for report in reports:
        assert (report["refreshed"], report["touched"], report["skipped_now_touched"]) == (
            len(project.untouched()), len(project.touched), 0)
    records = _log_records(project)
    assert len(records) == 2 and sorted(json.dumps(r, sort_keys=True) for r in records) == \
        sorted(json.dumps(r, sort_keys=True) for r in reports)
    last = next(r for r in reports if r == records[-1])
    _assert_finished(project, RefreshReport(**last), before)


def test_a_push_racing_a_refresh_waits_for_it(fault_server, dev_gold_path, tmp_path, monkeypatch) -> None:
    """A push started while a refresh holds the project's lock waits for it: the refresh neither sees nor
    changes the new articles, which keep the push's own suggestions; the next refresh takes them in."""
    monkeypatch.setenv("KHABAR_DOCCANO_DIR", str(fault_server.server.state_dir))
    project = _setup(fault_server, "refresh-push", dev_gold_path, tmp_path)
    before = _views(project, project.touched)
    gold = list(read_documents(dev_gold_path))
    new = [refreshing._weak(dataclasses.replace(d, id=f"{d.id}-new")) for d in gold[:10]]
    source = tmp_path / "more.jsonl"
    write_documents(source, [*read_documents(project.source), *new])
    refreshing_proc = _cli_refresh(project)
    _until(lambda: project.lock_holder() == str(refreshing_proc.pid), refreshing_proc, "the refresh's lock")
    pushing = _cli_push(project, source)
    ended: dict[str, float] = {}

    def both_ended() -> bool:
        for what, proc in (("refresh", refreshing_proc), ("push", pushing)):
            if what not in ended and proc.poll() is not None:
                ended[what] = time.monotonic()
        return len(ended) == 2

    _until(both_ended, None, "the end of the refresh and the push", 300)
    (refreshed_out, refreshed_err), (pushed_out, pushed_err) = refreshing_proc.communicate(), pushing.communicate()
    assert refreshing_proc.returncode == 0, refreshed_err
    assert pushing.returncode == 0, pushed_err
    assert ended["push"] > ended["refresh"]  # it waited
    report = json.loads(refreshed_out)
    summary = json.loads(pushed_out[pushed_out.index("{"):])
    assert (summary["pushed"], summary["skipped"]) == (len(new), len(project.ids))
    # The refresh saw none of the new articles.
    assert (report["refreshed"], report["touched"], report["skipped_now_touched"]) == (
        len(project.untouched()), len(project.touched), 0)
    assert sorted(report["order"]) == project.untouched()
    admin = project.admin()
    project.ids = existing_ids(admin, project.project_id)
    project.docs.update({d.id: d for d in new})
    states = _states(project)
    entries = project.side()
    for doc in new:  # exactly the push's suggestion, recorded as such
        pushed_print = record_fingerprint(document_to_record(doc, preannotate=True))
        assert states[doc.id]["fingerprints"].get(project.annotator, EMPTY) == pushed_print, doc.id
        assert expected_fingerprints(entries[doc.id]) == [pushed_print], doc.id
    again = _second_refresh(project)
    _assert_finished(project, again, before)
    assert len(_log_records(project)) == 2
