"""A routed campaign in doccano: each document for K annotators, one doccano project per annotator.

doccano 1.8.4 has no way to give an example to some members of a project and
not to others: every member sees every example, and its progress counts all
of them. So a campaign ``NAME`` whose documents are routed (:mod:`.routing`)
is one doccano project per annotator, ``NAME--<annotator>``, holding exactly
that annotator's documents, with that annotator as its only annotator member
(and the same labels and guidelines as any khabar project, from
:func:`.project.create_project`). The alternatives were worse: one project
with every document hides nothing (annotators would label documents routed
to others and their progress would never reach 100%), and one project per
*group* of annotators multiplies projects by the number of combinations.

Each document goes into its annotators' projects through the ordinary
:func:`.push.push` pipeline, pre-annotated for that annotator when asked, so
a routed push keeps every guarantee of a plain one (streamed batches, checked
on the server, journal, resume, per-project lock). The assignments live in
the **campaign record** (``pushes/<hash>-campaign.json`` in the state folder,
named by a hash of the server's URL and the campaign's name; written
atomically before anything is pushed, mode 0600): a push that is interrupted
routes its documents the same way when run again, and a later push routes
only the documents it has not seen, keeping the old assignments and the
campaign's balance (see :mod:`.routing`). A routed push to a campaign takes a
lock of its own, so two pushes never route at once.

**Speed.** A routed push imports each document K times or more (about 2.2 N
examples for K=2 of 4 with a tenth shared), so on doccano's own file import
it took 2.6-3.5x a plain push of the same N articles, against a target of
1.5x. Measured where the time went (1,000 articles, 2,200 examples): the
celery import tasks were 10 of 16 s (about 2.6 ms an example with its
spans, a task per project and batch), the hand-overs 3 s, making projects
and their labels 0.5 s, everything else (checks, journal, side table,
reading the file) under 1 s. So a routed push on a server khabar runs takes
the push's **database route** by default (``route="auto"``): one Django
transaction per project and batch creates the examples with their annotator's
labels (about 1 ms an example, no hand-over), checked and journalled as
before. Measured and not kept: pushing two annotator projects at once
(``projects_at_once=2``) was slower on 2 cores with SQLite (1.34x against
1.22x at 3,000 articles: the two transactions wait for each other's write
lock). On a server khabar does not run, the routed push takes the upload route.

:func:`pull_campaign` exports every annotator's project and writes the same
layout as a plain pull (``<annotator>.jsonl`` per annotator and
``manifest.json``), so ``khabar agree`` and ``khabar adjudicate`` work as
before: agreement is measured on the documents two or more annotators share
(the shared fraction and the pairs), and each document one annotator alone
holds is counted as "left out".
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any

from ..errors import ConfigError, InputError
from ..gold.io import read_documents
from ..gold.model import Document
from ..io import atomic_write
from .client import Session
from .handover import local_server
from .project import check_project_name, create_project
from .pull import Manifest, drop_stale_files, pull
from .push import DEFAULT_BATCH, Progress, PushSummary, push, read_through
from .push_state import project_lock
from .server_jobs import ServerJobs
from .routing import DEFAULT_SEED, Router, check_options
from .server import server_from_state

__all__ = ["CampaignRecord", "CampaignSummary", "annotator_project", "campaign_path", "load_campaign",
           "pull_campaign", "push_routed"]

#: Between a campaign's name and an annotator's in the name of the annotator's doccano project.
SEPARATOR = "--"


def annotator_project(campaign: str, annotator: str) -> str:
    """The doccano project holding ``annotator``'s documents of ``campaign``."""
    return f"{campaign}{SEPARATOR}{annotator}"


def campaign_path(state_dir: str | PathLike[str] | None, url: str, campaign: str) -> Path:
    """Where the record of ``campaign`` on the server at ``url`` lives (its lock beside it, ``.lock``).

    The server's URL and the campaign's name are hashed into the file name: the name may hold any character.
    """
    folder = server_from_state(state_dir).state_dir / "pushes"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    digest = hashlib.sha256(f"{url.rstrip('/')}\0{campaign}".encode()).hexdigest()[:16]
    return folder / f"{digest}-campaign.json"


@dataclass(slots=True)
class CampaignRecord:
    """What the state folder remembers of a routed campaign: its options and every assignment made."""

    campaign: str
    url: str
    annotators: list[str]
    per_document: int
    shared: float
    seed: str = DEFAULT_SEED
    projects: dict[str, str] = field(default_factory=dict)
    assignments: dict[str, list[str]] = field(default_factory=dict)
    shared_ids: list[str] = field(default_factory=list)

    def router(self) -> Router:
        return Router(self.annotators, self.per_document, self.shared, seed=self.seed,
                      assignments=self.assignments, shared_ids=self.shared_ids)

    def save(self, path: Path) -> None:
        with atomic_write(path) as handle:
            json.dump(asdict(self), handle, ensure_ascii=False, indent=1)


def load_campaign(state_dir: str | PathLike[str] | None, url: str, campaign: str) -> CampaignRecord | None:
    """The record of a routed campaign, or None when ``campaign`` was never pushed with routing on this server."""
    path = campaign_path(state_dir, url, campaign)
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        record = CampaignRecord(**data)
    except (json.JSONDecodeError, UnicodeDecodeError, TypeError) as exc:
        raise ConfigError("E394", f"the record of campaign {campaign!r} is damaged ({exc}): restore it, or push to a "
                          "new campaign", path=path) from None
    problem = _record_problem(record)
    if problem is not None:
        field_name, reason = problem
        raise ConfigError("E394", f"the record of campaign {campaign!r} is damaged ({reason}): restore it, or push to a "
                          "new campaign", path=path, field=field_name)
    if record.campaign != campaign:
        raise ConfigError("E394", f"the record at this path is campaign {record.campaign!r}, not {campaign!r}",
                          path=path)
    return record


def _is_names(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(name, str) for name in value)


def _record_problem(record: CampaignRecord) -> tuple[str, str] | None:
    """``(field, reason)`` when a hand-edited record holds a value of the wrong type, else None: read on, a string
    of annotators would be routed letter by letter, and a number would be blamed on the push's options."""
    wanted: list[tuple[str, bool, str]] = [
        ("campaign", isinstance(record.campaign, str), "a string"),
        ("url", isinstance(record.url, str), "a string"),
        ("annotators", _is_names(record.annotators), "a list of user names"),
        ("per_document", type(record.per_document) is int, "a whole number"),
        ("shared", type(record.shared) in (int, float), "a number"),
        ("seed", isinstance(record.seed, str), "a string"),
        ("projects", isinstance(record.projects, dict)
         and all(isinstance(v, str) for v in record.projects.values()), "an object of annotator -> project"),
        ("assignments", isinstance(record.assignments, dict) and all(map(_is_names, record.assignments.values())),
         "an object of document id -> list of annotators"),
        ("shared_ids", _is_names(record.shared_ids), "a list of document ids"),
    ]
    for name, right, expected in wanted:
        if not right:
            return name, f"{name} must be {expected}, found {type(getattr(record, name)).__name__}"
    return None


@dataclass(slots=True)
class CampaignSummary:
    """What a routed push did: how the campaign's documents are routed, and each annotator project's push."""

    campaign: str
    annotators: list[str]
    per_document: int
    shared: float
    documents: int = 0
    routed_now: int = 0
    shared_documents: int = 0
    per_annotator: dict[str, int] = field(default_factory=dict)
    projects: dict[str, str] = field(default_factory=dict)
    pushes: dict[str, PushSummary] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def pushed(self) -> int:
        """Examples imported, summed over the annotators' projects (a document routed to K counts K times)."""
        return sum(s.pushed for s in self.pushes.values())

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["pushes"] = {name: summary.to_dict() for name, summary in self.pushes.items()}
        data["pushed"] = self.pushed
        return data


def _check_same_options(record: CampaignRecord, annotators: Sequence[str] | None, per_document: int | None,
                        shared: float | None, seed: str | None, path: Path) -> None:
    differences = []
    if annotators is not None and sorted(annotators) != sorted(record.annotators):
        differences.append(f"annotators {sorted(annotators)} instead of {sorted(record.annotators)}")
    if per_document is not None and per_document != record.per_document:
        differences.append(f"--per-document {per_document} instead of {record.per_document}")
    if shared is not None and float(shared) != record.shared:
        differences.append(f"--shared {shared} instead of {record.shared}")
    if seed is not None and seed != record.seed:
        differences.append(f"seed {seed!r} instead of {record.seed!r}")
    if differences:
        raise ConfigError("E393", f"campaign {record.campaign!r} was routed with other options: "
                          f"{'; '.join(differences)}. Its first push's options stay; push to a new campaign "
                          "to route differently", path=path)


def push_routed(
    session: Session,
    campaign: str,
    source: str | PathLike[str] | Iterable[Document],
    annotators: Sequence[str] | None = None,
    per_document: int | None = None,
    shared: float | None = None,
    *,
    preannotate: bool = False,
    seed: str | None = None,
    labels: str | PathLike[str] | None = None,
    state_dir: str | PathLike[str] | None = None,
    batch_size: int = DEFAULT_BATCH,
    progress: Progress | None = None,
    lock_timeout: float | None = 1800.0,
    projects_at_once: int = 1,
    route: str = "auto",
    **push_options: Any,
) -> CampaignSummary:
    """Route every document of ``source`` to ``per_document`` of ``annotators`` (all of them for a ``shared``
    fraction) and push it into each of its annotators' projects; return what was done.

    The first push of a campaign needs ``annotators`` and ``per_document`` (``shared`` defaults to 0); a
    later one may leave them out, and must not change them (E393). Documents routed before keep their
    annotators; only new ones are routed. Every document is read (and checked, a bad record naming its
    line) before anything is sent. ``projects_at_once`` annotator projects are pushed at a time (each with
    its own lock, journal and checks). ``route`` is each project push's route (:data:`.push.ROUTES`; ``auto``:
    the database route on a server khabar runs). ``push_options`` go to each :func:`.push.push`
    (``handover``, ``task_timeout``, ``workers``...).
    """
    started = time.perf_counter()
    path = campaign_path(state_dir, session.url, campaign)
    with project_lock(path.with_suffix(""), campaign, lock_timeout):
        record = load_campaign(state_dir, session.url, campaign)
        if record is None:
            if not annotators or per_document is None:
                raise InputError("E395", f"campaign {campaign!r} has not been routed yet: its first routed push "
                                 "names the annotators and --per-document", field="per_document")
            names = check_options(annotators, per_document, 0.0 if shared is None else shared)
            for name in names:  # before the record is saved: a name doccano refuses would strand the campaign
                check_project_name(annotator_project(campaign, name), field="project")
            record = CampaignRecord(campaign, session.url, list(names), per_document,
                                    0.0 if shared is None else float(shared), seed or DEFAULT_SEED)
        else:
            _check_same_options(record, annotators, per_document, shared, seed, path)

        # Read through first: a bad record stops the push before anything is routed or sent.
        # Spans too (with --preannotate), and every text and id, as each project's push will: a bad record found
        # only by the second annotator's push would leave the first annotator's project pushed and the rest not.
        if not isinstance(source, (str, PathLike)):
            source = list(source)
        read_through(source, labels=preannotate)
        if isinstance(source, (str, PathLike)):
            ids = [doc.id for doc in read_documents(source)]
        else:
            ids = [doc.id for doc in source]
        router = record.router()
        before = len(router.assignments)
        assignment = router.route(ids)
        record.assignments = {doc_id: list(names) for doc_id, names in router.assignments.items()}
        record.shared_ids = sorted(router.shared_ids)
        record.projects = {name: annotator_project(campaign, name) for name in record.annotators}
        record.save(path)  # before any push: an interrupted push routes its documents the same way again

        summary = CampaignSummary(campaign, list(record.annotators), record.per_document, record.shared,
                                  documents=len(router.assignments), routed_now=len(router.assignments) - before,
                                  shared_documents=len(router.shared_ids), projects=dict(record.projects))
        summary.per_annotator = {name: router.loads[name] for name in record.annotators}
        for name in record.annotators:
            create_project(session, record.projects[name], labels=labels)
        total = sum(len(names) for names in assignment.values())
        counted: dict[str, int] = {}
        counting = threading.Lock()

        # One look for the server khabar runs, and one job process per thread, serve every project's push
        # (each push would otherwise spend about two seconds on them).
        server = local_server(session, state_dir, str(push_options.get("handover", "auto")))
        job_processes: list[ServerJobs] = []
        per_thread = threading.local()

        failed = threading.Event()

        def push_one(name: str) -> PushSummary | None:
            if failed.is_set():
                return None  # another project's push failed: begin no new one
            try:
                return _push_project(name)
            except BaseException:
                failed.set()
                raise

        def _push_project(name: str) -> PushSummary:
            def step(done: int, _total: int | None) -> None:
                with counting:
                    counted[name] = done
                    if progress is not None:
                        progress(sum(counted.values()), total)

            if server is not None and not hasattr(per_thread, "jobs"):
                per_thread.jobs = ServerJobs(server)
                with counting:
                    job_processes.append(per_thread.jobs)
            return push(session.clone(), record.projects[name], _routed_to(source, name, assignment),
                        preannotate=preannotate, annotators=[name], batch_size=batch_size, state_dir=state_dir,
                        progress=step, lock_timeout=lock_timeout, server_jobs=getattr(per_thread, "jobs", None),
                        route=route, **push_options)

        # Projects are pushed a few at a time: much of a push is waiting (for an import task, the
        # database, a job process), which another project's push fills.
        try:
            with ThreadPoolExecutor(max_workers=max(1, projects_at_once)) as pool:
                futures = {name: pool.submit(push_one, name) for name in record.annotators}
        finally:
            for jobs in job_processes:
                jobs.close()
        for name, future in futures.items():
            result = future.result()  # the first failure is raised, once the pushes under way have ended
            if result is not None:
                summary.pushes[name] = result
    summary.seconds = time.perf_counter() - started
    return summary


def _routed_to(source: str | PathLike[str] | list[Document], annotator: str,
               assignment: dict[str, tuple[str, ...]]) -> Iterable[Document]:
    """The documents of ``source`` routed to ``annotator``, streamed again from a file."""
    docs = read_documents(source) if isinstance(source, (str, PathLike)) else source
    return (doc for doc in docs if annotator in assignment.get(doc.id, ()))


def pull_campaign(session: Session, record: CampaignRecord, out_dir: str | PathLike[str],
                  only_confirmed: bool = False, *, state_dir: str | PathLike[str] | None = None) -> Manifest:
    """Pull each annotator's project of a routed campaign into ``out_dir``: ``<annotator>.jsonl`` and
    ``manifest.json``, the layout of :func:`.pull.pull`.

    The manifest's ``project`` is the campaign, its ``project_id`` 0 (there is no one project) and
    ``projects`` names each annotator's doccano project and id.
    """
    started = time.perf_counter()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    exported_at = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
    manifest = Manifest(record.campaign, 0, session.url, exported_at, only_confirmed)
    for name in record.annotators:
        project = record.projects.get(name) or annotator_project(record.campaign, name)
        with tempfile.TemporaryDirectory(prefix=".khabar-pull-", dir=out) as tmp:
            part = pull(session, project, tmp, only_confirmed, state_dir=state_dir)
            if name not in part.files:
                raise ConfigError("E396", f"the export of project {project!r} holds no file for its annotator "
                                  f"{name!r} (is {name} still a member?)")
            os.replace(Path(tmp) / part.files[name]["path"], out / f"{name}.jsonl")
        manifest.annotators.append(name)
        manifest.files[name] = part.files[name]
        manifest.problems.extend(p for p in part.problems if p.annotator == name)
        manifest.projects[name] = {"project": project, "id": part.project_id}
    manifest.seconds = time.perf_counter() - started
    drop_stale_files(out, {info["path"] for info in manifest.files.values()})
    with atomic_write(out / "manifest.json") as handle:
        json.dump(manifest.to_dict(), handle, ensure_ascii=False, indent=2)
    return manifest
