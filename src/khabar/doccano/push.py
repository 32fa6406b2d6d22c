"""Push articles (and optionally their pre-annotations) into a doccano project, one verified batch at a time.

A push is a small pipeline::

    read through -> dedupe -> batch -> per batch: check, repair, import, hand over, verify, commit

- **read through**: a file is read once before anything is sent (streaming, so
  in constant memory): a bad record stops the push with its line named.
- **dedupe**: an id seen earlier in the same source is counted, not sent.
- **batch**: articles go in a batch at a time (10,000 articles in seconds, not
  one request each), by one of two routes (:data:`ROUTES`):

  - *upload* (the default): doccano's file import, one upload and one celery
    import task per batch. UTF-8 is forced (doccano guesses with chardet unless
    told) and every import task's result is checked (doccano reports an
    unreadable file there, not as an HTTP error). Then the **hand over**: a
    :class:`~.handover.Handover` strategy gives each annotator their own copy
    of the pre-annotations (labels belong to their creator in individual
    annotation mode, and the import makes them the uploader's).
  - *database*, on a server khabar runs: a Django job
    (:func:`.django_jobs.jobs.import_records`) creates the batch's examples,
    each with every owner's spans and relations, in one transaction, as
    doccano's import would (same metadata, offsets and label types; a pull
    reads back the same file). No upload, no celery task, nothing to hand
    over: a batch is there whole or not at all. Measured on 2 cores with
    SQLite, about 1 ms an example with its labels against 2.6 ms through the
    celery import, before the hand-over (see ``benchmarks/README.md``). It
    creates no label types, so a label the project lacks is refused (E367).
    A routed push (:mod:`.campaign`) takes it by default; a plain push when
    asked (``route="database"`` or ``"auto"``, ``--route``).
- **verify and commit**: a batch is a transaction khabar checks
  (:mod:`.census`): every article there once, with all its spans and relations
  for every owner; only then are its ids written to the project's journal
  (:mod:`.push_state`).

Idempotent and crash-safe: each example carries its khabar id in its metadata
(``khabar_id``). An article already in the project and in the journal is
skipped; one in the project but not in the journal (a crash came between its
import and its check) is counted again and, if incomplete or doubled, deleted
and imported again, never skipped. Pushes to one project take turns (a lock in
the state folder), and a push whose celery worker dies fails with E380 within
seconds (on a server khabar runs) or after ``task_timeout`` (E316), never hangs.
On the database route the job process checks, just before a batch's
transaction commits, that the push which asked for it is still alive, and
rolls back otherwise: a push killed mid-batch leaves no batch behind it that
the next push could miss. The hand-over in the database does the same for each
of its chunks: a push killed mid-hand-over leaves no job handing over while the
next push or refresh holds the lock; the next push finishes the hand-over.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any

from ..errors import ConfigError, InputError
from ..gold.io import read_documents
from ..gold.validate import check_document
from ..gold.model import Document
from ..io import dumps
from .census import ApiCensus, Census, DatabaseCensus, check_batch
from .client import Session
from .convert import ID_KEY, document_to_record
from .handover import Handover, ThroughApi, choose_handover, local_server
from .project import add_member
from .push_state import PushJournal, project_lock, push_state_stem
from .server import DoccanoServer, server_from_state
from .server_jobs import ServerJobs
from .sidecar import SideTable
from .suggestions import with_fingerprint

__all__ = ["DEFAULT_BATCH", "ROUTES", "Progress", "PushSummary", "existing_ids", "project_state_stem", "push"]

DEFAULT_BATCH = 2500
#: How a batch gets into doccano: ``upload``, doccano's own file import (a celery task); ``database``, a Django
#: job of the server khabar runs that creates the batch's examples and labels in one transaction; ``auto``,
#: the second when it can be used (see :func:`push`).
ROUTES = ("upload", "database", "auto")
#: ``progress(done, total)``: articles dealt with so far, and how many there are (None when not known).
Progress = Callable[[int, "int | None"], None]


@dataclass(slots=True)
class PushSummary:
    """What a push did: ``pushed`` articles imported (``repaired`` of them replaced an incomplete copy)."""

    project: str
    project_id: int
    pushed: int = 0
    skipped: int = 0
    duplicates: int = 0
    batches: int = 0
    spans: int = 0
    relations: int = 0
    annotators: list[str] = field(default_factory=list)
    route: str = "upload"
    resumed_labels: int = 0
    repaired: int = 0
    verified: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def existing_ids(session: Session, project_id: int) -> dict[str, int]:
    """``khabar id -> doccano example id`` of the examples already in a project."""
    found: dict[str, int] = {}
    for example in session.list_all(f"projects/{project_id}/examples"):
        kid = (example.get("meta") or {}).get(ID_KEY)
        if kid is not None:
            found.setdefault(str(kid), int(example["id"]))
    return found


def _newest_ids(session: Session, project_id: int, count: int) -> dict[str, int]:
    """``khabar id -> example id`` of the ``count`` examples created last (one request, not a full listing)."""
    page = session.get(f"projects/{project_id}/examples", params={"ordering": "-created_at", "limit": count})
    return {str(e["meta"][ID_KEY]): int(e["id"]) for e in page.get("results", []) if ID_KEY in (e.get("meta") or {})}


def _upload(session: Session, project_id: int, records: list[dict[str, Any]], batch_no: int, *,
            encoding: str = "utf_8", task_timeout: float = 1800.0,
            worker_alive: Callable[[], bool] | None = None,
            on_upload: Callable[[str], None] | None = None) -> str:
    """Import one batch through doccano's file route, check the task's result, and return the upload's id.

    ``on_upload(upload_id)`` is called between the upload and the start of its import task (the journal
    records it, so a later push can cancel an import a dead worker never ran). ``encoding`` is always
    UTF-8 in khabar; the parameter exists so a test can show what doccano's default ("Auto", a chardet
    guess) does to Arabic.
    """
    with tempfile.TemporaryDirectory(prefix="khabar-push-") as tmp:
        path = Path(tmp) / f"batch-{batch_no:05d}.jsonl"
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            for record in records:
                handle.write(dumps(record) + "\n")
        with open(path, "rb") as handle:
            response = session.request("POST", "fp/process/", expect_json=False, headers={"Accept": "*/*"},
                                       files={"filepond": (path.name, handle, "application/octet-stream")})
    upload_id = response.text.strip()
    if on_upload is not None:
        on_upload(upload_id)
    task = session.post(f"projects/{project_id}/upload", json={
        "uploadIds": [upload_id], "format": "JSONL", "task": "RelationExtraction",
        # doccano guesses the encoding with chardet unless told; it guessed Windows-1254 for Arabic.
        "encoding": encoding, "column_data": "text",
    })
    result = session.wait_task(task["task_id"], timeout=task_timeout, worker_alive=worker_alive)
    errors = (result or {}).get("error") or []
    if errors:
        # doccano names a line of khabar's temporary batch file: say which document that is.
        def _named(error: Any) -> str:
            line = error.get("line") if isinstance(error, dict) else None
            if isinstance(line, int) and 1 <= line <= len(records):
                return f"document {records[line - 1].get(ID_KEY)!r}: {error.get('message')}"
            return str(error)

        shown = "; ".join(_named(e) for e in errors[:5])
        raise ConfigError("E332", f"doccano refused {len(errors)} record(s) of batch {batch_no}: {shown}")
    return upload_id


# -- the pipeline's stages ----------------------------------------------------------------------------
def _documents(source: str | PathLike[str] | Iterable[Document]) -> Iterable[Document]:
    """The documents of ``source`` (a file, or documents already read and checked by :func:`read_through`)."""
    return read_documents(source) if isinstance(source, (str, PathLike)) else source


def read_through(source: str | PathLike[str] | Iterable[Document], *, labels: bool) -> tuple[int, set[str]]:
    """Read every record of ``source`` (a bad one raises, naming its line): how many, and with ``labels``
    the span labels its pre-annotations use, each document's spans checked as ``khabar gold validate`` would.

    Whatever ``labels``, an empty text (doccano's import refuses it, naming only a line of khabar's temporary
    batch file, after importing the rest of the batch) is E384, and an id seen again with another text or
    other annotations (the later record would be dropped silently) is E385, each naming file, line and field.
    """
    count = 0
    found: set[str] = set()
    path = source if isinstance(source, (str, PathLike)) else None
    located = read_documents(source, located=True) if path is not None else ((None, doc) for doc in source)
    first: dict[str, tuple[int | None, bytes]] = {}
    for line, doc in located:
        count += 1
        if not doc.text:
            raise InputError("E384", "the text is empty: doccano refuses an example without text", path=path,
                             line=line, doc_id=doc.id, field="text")
        if labels:
            check_document(doc, path=path, line=line)
            found.update(span["label"] for span in document_to_record(doc, preannotate=True).get("entities", []))
        digest = hashlib.sha256(json.dumps(doc.to_dict(), sort_keys=True, ensure_ascii=False,
                                           default=str).encode("utf-8", "surrogatepass")).digest()
        seen = first.setdefault(doc.id, (line, digest))
        if seen[1] != digest:
            where = f" (first at line {seen[0]})" if seen[0] is not None else ""
            raise InputError("E385", "this id appears again with another text or other "
                             f"annotations{where}: give one of them another id", path=path, line=line,
                             doc_id=doc.id, field="id")
    return count, found


def _deduped(docs: Iterable[Document], summary: PushSummary) -> Iterator[Document]:
    """Each id once, in the order first seen; the repeats are counted in ``summary.duplicates``."""
    seen: set[str] = set()
    for doc in docs:
        if doc.id in seen:
            summary.duplicates += 1
            continue
        seen.add(doc.id)
        yield doc


def _batches(records: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for record in records:
        batch.append(record)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass
class _BatchPusher:
    """Carries one push's state through its batches: check, repair, import, hand over, verify, commit."""

    session: Session
    project_id: int
    strategy: Handover
    census: Census
    journal: PushJournal
    present: dict[str, int]
    summary: PushSummary
    task_timeout: float
    worker_alive: Callable[[], bool] | None
    side_table: SideTable
    #: Set for the database route: the job process that creates each batch.
    importer: ServerJobs | None = None

    def run(self, batch: list[dict[str, Any]]) -> None:
        summary = self.summary
        new = [r for r in batch if r[ID_KEY] not in self.present]
        old = [r for r in batch if r[ID_KEY] in self.present]
        committed = [r for r in old if r[ID_KEY] in self.journal.verified]
        unsure = [r for r in old if r[ID_KEY] not in self.journal.verified]
        summary.skipped += len(committed)
        if unsure:
            # Pushed before, but a crash came before its check: finish the copies, count, repair what is short.
            summary.resumed_labels += self.strategy.complete([(self.present[r[ID_KEY]], r) for r in unsure])
            check = check_batch(self.census, unsure, self.strategy.owners)
            self.journal.commit(r[ID_KEY] for r in check.complete)
            summary.skipped += len(check.complete)
            summary.verified += len(check.complete)
            doomed = [eid for eids in check.damaged.values() for eid in eids]
            if doomed:
                self.census.delete(doomed)
            summary.repaired += len(check.missing)
            new += check.missing
        if new:
            self._import(new)

    def _import(self, records: list[dict[str, Any]]) -> None:
        summary = self.summary
        batch_no = summary.batches + 1
        # khabar's own fields (and the fingerprint of the suggestions, for `doccano refresh`) stay out of
        # what annotators see.
        records = self.side_table.stash([with_fingerprint(r) for r in records])
        if self.importer is not None:
            # Each owner's labels are made with the examples, in one transaction: nothing to hand over.
            self.importer.call("import_records", project=self.project_id, owners=self.strategy.owners,
                               records=records, upload_name=f"batch-{batch_no:05d}.jsonl", parent=os.getpid())
            summary.batches += 1
        else:
            self._upload_and_hand_over(records, batch_no)
        check = check_batch(self.census, records, self.strategy.owners)
        if check.missing:
            shown = ", ".join(r[ID_KEY] for r in check.missing[:5])
            raise ConfigError("E382", f"batch {batch_no} of project {summary.project!r} is incomplete after its "
                              f"import: {len(check.missing)} article(s) lack examples or labels ({shown}); "
                              "push again to repair them")
        self.journal.commit(r[ID_KEY] for r in records)
        summary.verified += len(records)
        summary.pushed += len(records)
        summary.spans += sum(len(r.get("entities", [])) for r in records)
        summary.relations += sum(len(r.get("relations", [])) for r in records)

    def _upload_and_hand_over(self, records: list[dict[str, Any]], batch_no: int) -> None:
        """The upload route: doccano's file import (a celery task), then each annotator's copy handed over."""
        upload_id = _upload(self.session, self.project_id, [self.strategy.upload_form(r) for r in records], batch_no,
                            task_timeout=self.task_timeout, worker_alive=self.worker_alive,
                            on_upload=self.journal.upload_started)
        self.journal.upload_imported(upload_id)
        self.summary.batches += 1
        if isinstance(self.strategy, ThroughApi):
            ids = _newest_ids(self.session, self.project_id, len(records))
            if any(r[ID_KEY] not in ids for r in records):
                ids = existing_ids(self.session, self.project_id)
            self.strategy.after_import([(ids[r[ID_KEY]], r) for r in records])
        else:
            self.strategy.after_import([])


def _drop_pending_uploads(jobs: ServerJobs, journal: PushJournal) -> int:
    """Drop the uploads the journal holds as pending and forget them; return how many the server still had.

    The job drops nothing more once this process has died: the next push finds them pending and drops them.
    """
    dropped = jobs.call("drop_uploads", upload_ids=sorted(journal.pending_uploads), parent=os.getpid())["dropped"]
    journal.uploads_settled(journal.pending_uploads)
    return int(dropped)


def project_state_stem(session: Session, project_id: int, state_dir: str | PathLike[str] | None = None) -> Path:
    """Where a project's push lock and journal live, in the state folder (see :mod:`.push_state`)."""
    created = str((session.get(f"projects/{project_id}") or {}).get("created_at", ""))
    return push_state_stem(server_from_state(state_dir).state_dir, session.url, project_id, created)


def _worker_watch(server: DoccanoServer | None) -> Callable[[], bool] | None:
    """Whether the celery worker of a server khabar runs is still alive (None for other servers)."""
    if server is None:
        return None
    return lambda: server.status().pids.get("celery") is not None


def push(
    session: Session,
    project: str | int,
    source: str | PathLike[str] | Iterable[Document],
    preannotate: bool = False,
    annotators: Sequence[str] | Mapping[str, str] = (),
    *,
    batch_size: int = DEFAULT_BATCH,
    state_dir: str | PathLike[str] | None = None,
    progress: Progress | None = None,
    on_batch: Callable[[int, int], None] | None = None,
    workers: int = 4,
    handover: str = "auto",
    lock_timeout: float | None = 1800.0,
    task_timeout: float = 600.0,
    server_jobs: ServerJobs | None = None,
    allow_new_labels: bool = False,
    route: str = "upload",
) -> PushSummary:
    """Push a corpus or gold file (or documents) into ``project``; return what was done.

    ``annotators`` are usernames (passwords read from the state folder's
    credentials) or a ``{username: password}`` mapping; they are made members
    of the project and each gets their own copy of the pre-annotations.
    ``progress(done, total)`` is called as batches are confirmed (documents
    of the source dealt with, repeats included, and how many there are when known); ``on_batch(batch_number,
    pushed_so_far)`` after each batch is verified on the server.

    ``handover`` says how annotators get their copies: ``"server"`` inside the
    database of a server khabar runs (fast), ``"api"`` through the REST API
    logged in as each annotator (works on any server), ``"auto"`` the first
    when the session's URL is the server of ``state_dir``. The same choice
    says where batches are verified (database or API).

    A second push to the same project waits up to ``lock_timeout`` seconds
    (None: for ever) for the first, then fails with E381. An import task that
    does not finish within ``task_timeout`` seconds is E316; one whose worker
    dies, E380.

    With ``preannotate``, every document's spans are checked first (out of range, reversed or empty: the
    validator's E220/E221, naming file and line), and a span label the project lacks is E335 unless
    ``allow_new_labels`` (doccano would add it to the project silently).

    ``server_jobs`` is a job process of the local server (see :func:`.handover.local_server`) that the
    caller started and will close, shared by several pushes in turn (a routed push): the push then
    neither looks for the server nor starts a process of its own (about two seconds each).

    ``route`` says how batches get in (:data:`ROUTES`): ``"upload"`` (the default) through doccano's file
    import, a celery task per batch, the labels then handed over to the annotators; ``"database"`` through
    a Django job of the server khabar runs, which creates a batch's examples with every owner's labels in
    one transaction (no celery task, no hand-over: about 3x faster for pre-annotated articles; E366 on
    another server, E367 when a label is not in the project yet, since this route creates no label types);
    ``"auto"`` the database route when both hold, else the upload route. Either route leaves the same
    examples and labels, checked and journalled the same way.
    """
    started = time.perf_counter()
    if route not in ROUTES:
        raise InputError("E365", f"route must be one of {', '.join(ROUTES)}, found {route!r}", field="route")
    if batch_size < 1:
        raise InputError("E334", f"batch size must be positive, found {batch_size}", field="batch_size")
    if session.username in annotators:
        raise InputError("E339", f"the pushing user {session.username!r} cannot also be one of the annotators: "
                         "push as the admin and name the annotators", field="annotators")
    project_id = session.project_id(project)
    summary = PushSummary(str(project), project_id, annotators=list(annotators))
    stem = project_state_stem(session, project_id, state_dir)
    with project_lock(stem, str(project), lock_timeout):
        for name in annotators:
            add_member(session, project_id, name, "annotator")
        if server_jobs is not None:
            server: DoccanoServer | None = server_jobs.server
            jobs: ServerJobs | None = server_jobs
        else:
            server = local_server(session, state_dir, handover if annotators and preannotate else
                                  ("api" if handover == "api" else "auto"))
            if server is None and route == "database":
                raise ConfigError("E366", f"the database route needs a doccano server khabar runs at {session.url} "
                                  f"(state folder {server_from_state(state_dir).state_dir}; handover 'api' never "
                                  "uses one): push with route 'upload'")
            jobs = ServerJobs(server) if server is not None else None
        try:
            _push_locked(session, project_id, project, source, preannotate, annotators, summary, server, jobs,
                         state_dir=state_dir, batch_size=batch_size, progress=progress, on_batch=on_batch,
                         workers=workers, task_timeout=task_timeout, journal=PushJournal(stem),
                         allow_new_labels=allow_new_labels, route=route)
        finally:
            if jobs is not None and jobs is not server_jobs:
                jobs.close()
    summary.seconds = time.perf_counter() - started
    return summary


def _push_locked(session: Session, project_id: int, project: str | int,
                 source: str | PathLike[str] | Iterable[Document], preannotate: bool,
                 annotators: Sequence[str] | Mapping[str, str], summary: PushSummary,
                 server: DoccanoServer | None, jobs: ServerJobs | None, *, state_dir: str | PathLike[str] | None,
                 batch_size: int, progress: Progress | None, on_batch: Callable[[int, int], None] | None,
                 workers: int, task_timeout: float, journal: PushJournal, allow_new_labels: bool = False,
                 route: str = "upload") -> None:
    """The pipeline, run while the project's lock is held."""
    through_api = bool(annotators and preannotate and jobs is None)
    # Pre-annotations are read through first, also from documents given in memory: their spans are checked
    # and their labels compared with the project's before anything is sent.
    if not isinstance(source, (str, PathLike)):
        source = list(source)
    total, labels = read_through(source, labels=preannotate)
    span_types: dict[str, int] = {}
    relation_types: dict[str, int] = {}
    use_database = route != "upload" and jobs is not None
    if preannotate and (through_api or use_database or not allow_new_labels):
        from .project import label_ids

        known_spans, known_relations = label_ids(session, project_id)
        lacking = sorted(labels - set(known_spans))
        if use_database and lacking:
            if route == "database":
                raise ConfigError("E367", f"project {project!r} has no span label(s) {lacking} and the database "
                                  f"route creates none: add them (`khabar doccano project create {project}`) or "
                                  "push with route 'upload'")
            use_database = False  # auto: doccano's file import adds them (--allow-new-labels)
        if through_api:
            span_types, relation_types = known_spans, known_relations
        unknown = labels - set(known_spans)
        # doccano's file import would create a missing label silently: a typo would become a label of the project.
        if unknown and (through_api or not allow_new_labels):
            raise ConfigError("E335", f"project {project!r} has no span label(s) {sorted(unknown)}: run `khabar "
                              f"doccano project create {project}`"
                              + ("" if through_api else ", or push with --allow-new-labels to let doccano add them"))
    strategy = choose_handover(session, project_id, annotators, preannotate, server=server, jobs=jobs,
                               state_dir=state_dir, workers=workers, span_types=span_types,
                               relation_types=relation_types)
    if jobs is not None and journal.pending_uploads:
        # Imports a dead worker never ran would run when it comes back and import their batch a second time.
        _drop_pending_uploads(jobs, journal)
    summary.resumed_labels += strategy.resume()
    census: Census
    if jobs is not None:
        census = DatabaseCensus(jobs, project_id, strategy.owners)
    else:
        owners = strategy.sessions if isinstance(strategy, ThroughApi) else {session.username: session}
        census = ApiCensus(session, project_id, owners, workers)
    present = existing_ids(session, project_id)
    pusher = _BatchPusher(session, project_id, strategy, census, journal, present, summary, task_timeout,
                          _worker_watch(server), SideTable.for_project(session, project_id, state_dir=state_dir),
                          importer=jobs if use_database else None)
    summary.route = "database" if use_database else "upload"
    if progress is not None:
        progress(0, total)
    # Streamed: one batch of records in memory at a time, whatever the size of the corpus.
    records = (document_to_record(doc, preannotate=preannotate) for doc in _deduped(_documents(source), summary))
    for batch in _batches(records, batch_size):
        batches_before = summary.batches
        pusher.run(batch)
        if progress is not None:
            progress(summary.pushed + summary.skipped + summary.duplicates, total)
        if on_batch is not None and summary.batches > batches_before:
            on_batch(summary.batches, summary.pushed)
