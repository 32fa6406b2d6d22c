"""Push articles (and optionally their pre-annotations) into a doccano project.

Articles go through doccano's file-import route in batches: one upload and one
import task per batch, not one request per article (10,000 articles in
seconds). Every import task's result is checked: doccano reports a file it
could not read in the task's result, not as an HTTP error, and guesses the
encoding unless told, so UTF-8 is forced.

Labels imported by a user belong to that user, and in individual annotation
mode nobody else sees them; import needs a project admin and creates the
examples as well, so importing once per annotator would duplicate articles.
So: without annotators, the pre-annotations are imported with the articles
and belong to the pushing user. With annotators, on a server khabar runs, they
are imported the same way and then handed over inside the server's database
(:mod:`.handover`: a copy for each annotator, the pusher's originals removed);
on any other server the articles are imported bare and each annotator's copy
is created through the REST API logged in as that annotator, several requests
in flight at once.

Idempotent and resumable: each example carries its khabar id in its metadata
(``khabar_id``); ids already in the project are skipped. A push killed between
an import and the annotators' copies is completed by the next one: the
handover picks up every label the pusher still holds, and through the API,
annotators with no spans yet on a pre-annotated article get theirs.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any

from ..errors import ConfigError, InputError
from ..gold.io import read_documents
from ..gold.model import Document
from ..io import dumps
from .client import Session, connect
from .convert import ID_KEY, document_to_record
from .handover import hand_over
from .project import add_member
from .server import DoccanoServer, server_from_state
from .sidecar import SideTable

__all__ = ["PushSummary", "existing_ids", "push"]

DEFAULT_BATCH = 2500


@dataclass(slots=True)
class PushSummary:
    """What a push did."""

    project: str
    project_id: int
    pushed: int = 0
    skipped: int = 0
    duplicates: int = 0
    batches: int = 0
    spans: int = 0
    relations: int = 0
    annotators: list[str] = field(default_factory=list)
    resumed_labels: int = 0
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
            encoding: str = "utf_8") -> None:
    """Import one batch through doccano's file route and check the task's result.

    ``encoding`` is always UTF-8 in khabar; the parameter exists so a test can
    show what doccano's default ("Auto", a chardet guess) does to Arabic.
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
    task = session.post(f"projects/{project_id}/upload", json={
        "uploadIds": [upload_id], "format": "JSONL", "task": "RelationExtraction",
        # doccano guesses the encoding with chardet unless told; it guessed Windows-1254 for Arabic.
        "encoding": encoding, "column_data": "text",
    })
    result = session.wait_task(task["task_id"])
    errors = (result or {}).get("error") or []
    if errors:
        shown = "; ".join(str(e) for e in errors[:5])
        raise ConfigError("E332", f"doccano refused {len(errors)} record(s) of batch {batch_no}: {shown}")


def _annotator_sessions(session: Session, annotators: Sequence[str] | Mapping[str, str],
                        state_dir: str | PathLike[str] | None) -> dict[str, Session]:
    from .server import read_credentials, server_from_state

    if isinstance(annotators, Mapping):
        passwords = dict(annotators)
    else:
        stored = read_credentials(server_from_state(state_dir).state_dir).get("users", {})
        passwords = {}
        for name in annotators:
            if name not in stored:
                raise ConfigError("E333", f"no stored password for annotator {name!r}: create them with "
                                  f"`khabar doccano users add {name}` or pass their password")
            passwords[name] = stored[name]
    return {name: connect(session.url, name, pw) for name, pw in passwords.items()}


def _local_server(session: Session, state_dir: str | PathLike[str] | None, handover: str) -> DoccanoServer | None:
    """The server khabar runs at the session's URL, when labels may be handed over inside its database."""
    if handover not in ("auto", "server", "api"):
        raise InputError("E337", f"handover must be auto, server or api, found {handover!r}", field="handover")
    if handover == "api":
        return None
    server = server_from_state(state_dir)
    if server.url == session.url and server.status().pids.get("gunicorn") is not None:
        return server
    if handover == "server":
        raise ConfigError("E338", f"no doccano server started by khabar answers at {session.url} "
                          f"(state folder {server.state_dir}): use handover='api'")
    return None


def _read_through(source: str | PathLike[str] | Iterable[Document], *, labels: bool) -> set[str]:
    """Read every record of ``source`` (a bad one raises, naming its line); with ``labels``, the span labels
    its pre-annotations use, else an empty set."""
    docs = read_documents(source) if isinstance(source, (str, PathLike)) else source
    found: set[str] = set()
    for doc in docs:
        if labels:
            found.update(span["label"] for span in document_to_record(doc, preannotate=True).get("entities", []))
    return found


def _copy_labels(annotator: Session, project_id: int, example_id: int, record: dict[str, Any],
                 span_types: dict[str, int], relation_types: dict[str, int], *, only_if_empty: bool) -> int:
    """Create one document's pre-annotations as ``annotator``; return how many labels were made."""
    base = f"projects/{project_id}/examples/{example_id}"
    if only_if_empty and annotator.get(f"{base}/spans"):
        return 0
    ids: dict[int, int] = {}
    for span in record.get("entities", []):
        created = annotator.post(f"{base}/spans", json={
            "label": span_types[span["label"]], "start_offset": span["start_offset"],
            "end_offset": span["end_offset"], "example": example_id})
        ids[span["id"]] = int(created["id"])
    for rel in record.get("relations", []):
        annotator.post(f"{base}/relations", json={
            "from_id": ids[rel["from_id"]], "to_id": ids[rel["to_id"]],
            "type": relation_types[rel["type"]], "example": example_id})
    return len(ids) + len(record.get("relations", []))


def push(
    session: Session,
    project: str | int,
    source: str | PathLike[str] | Iterable[Document],
    preannotate: bool = False,
    annotators: Sequence[str] | Mapping[str, str] = (),
    *,
    batch_size: int = DEFAULT_BATCH,
    state_dir: str | PathLike[str] | None = None,
    progress: bool = False,
    on_batch: Callable[[int, int], None] | None = None,
    workers: int = 4,
    handover: str = "auto",
) -> PushSummary:
    """Push a corpus or gold file (or documents) into ``project``; return what was done.

    ``annotators`` are usernames (passwords read from the state folder's
    credentials) or a ``{username: password}`` mapping; they are made members
    of the project and each gets their own copy of the pre-annotations.
    ``on_batch(batch_number, pushed_so_far)`` is called after each batch is
    confirmed on the server.

    ``handover`` says how annotators get their copies: ``"server"`` inside the
    database of a server khabar runs (:mod:`.handover`, fast), ``"api"``
    through the REST API logged in as each annotator (works on any server),
    ``"auto"`` the first when the session's URL is the server of ``state_dir``.
    """
    started = time.perf_counter()
    if batch_size < 1:
        raise InputError("E334", f"batch size must be positive, found {batch_size}", field="batch_size")
    if session.username in annotators:
        raise InputError("E339", f"the pushing user {session.username!r} cannot also be one of the annotators: "
                         "push as the admin and name the annotators", field="annotators")
    project_id = session.project_id(project)
    summary = PushSummary(str(project), project_id, annotators=list(annotators))
    side_table = SideTable.for_project(session, project_id)
    for name in annotators:
        add_member(session, project_id, name, "annotator")
    local = _local_server(session, state_dir, handover) if annotators and preannotate else None
    sessions = _annotator_sessions(session, annotators, state_dir) if annotators and preannotate and not local else {}
    if local is not None:
        # Complete a handover an interrupted push left undone, before anything new is imported.
        summary.resumed_labels = hand_over(local, project_id, session.username, list(annotators)).spans
    present = existing_ids(session, project_id)

    # A file is read through once before anything is sent (streaming, so in constant memory): a bad
    # record stops the push with its line named, and the labels the annotators' copies need are known.
    # Annotators' copies through the API (``sessions``) need the labels first, also from documents given in memory.
    if sessions and not isinstance(source, (str, PathLike)):
        source = list(source)
    labels = _read_through(source, labels=bool(sessions)) if sessions or isinstance(source, (str, PathLike)) else set()
    span_types: dict[str, int] = {}
    relation_types: dict[str, int] = {}
    if sessions:
        from .project import label_ids

        span_types, relation_types = label_ids(session, project_id)
        unknown = labels - set(span_types)
        if unknown:
            raise ConfigError("E335", f"project {project!r} has no span label(s) {sorted(unknown)}: "
                              f"run `khabar doccano project create {project}`")

    def copy_all(pairs: list[tuple[int, dict[str, Any]]], only_if_empty: bool) -> int:
        jobs = [(s, eid, rec) for s in sessions.values() for eid, rec in pairs if rec.get("entities")]
        if not jobs:
            return 0
        with ThreadPoolExecutor(max_workers=workers) as pool:
            done = pool.map(lambda job: _copy_labels(job[0], project_id, job[1], job[2], span_types, relation_types,
                                                     only_if_empty=only_if_empty), jobs)
            return sum(done)

    def send(batch: list[dict[str, Any]], batch_no: int) -> None:
        batch = side_table.stash(batch)  # khabar's own fields stay out of what annotators see
        # With annotators, articles go in bare: the admin's copy of the labels would be one more "annotator".
        upload = [{**r, "entities": [], "relations": []} for r in batch] if sessions else batch
        _upload(session, project_id, upload, batch_no)
        summary.batches += 1
        summary.pushed += len(batch)
        summary.spans += sum(len(r.get("entities", [])) for r in batch)
        summary.relations += sum(len(r.get("relations", [])) for r in batch)
        if sessions:
            ids = _newest_ids(session, project_id, len(batch))
            if any(r[ID_KEY] not in ids for r in batch):
                ids = existing_ids(session, project_id)
            copy_all([(ids[r[ID_KEY]], r) for r in batch], False)
        if bar is not None:
            bar.update(task_id, advance=len(batch))
        if on_batch is not None:
            on_batch(batch_no, summary.pushed)

    bar = task_id = None
    if progress:
        from rich.progress import Progress

        from ..cli._common import console

        bar = Progress(console=console, transient=True)
        bar.start()
        task_id = bar.add_task("pushing", total=None)
    # Streamed: one batch of records in memory at a time, whatever the size of the corpus.
    docs = read_documents(source) if isinstance(source, (str, PathLike)) else source
    batch: list[dict[str, Any]] = []
    resumed: list[tuple[int, dict[str, Any]]] = []
    seen: set[str] = set()
    try:
        for doc in docs:
            if doc.id in seen:
                summary.duplicates += 1
                continue
            seen.add(doc.id)
            record = document_to_record(doc, preannotate=preannotate)
            if doc.id in present:
                summary.skipped += 1
                if sessions and record.get("entities"):
                    # Pushed earlier, but an interrupted push may have cut the annotators' copies short.
                    resumed.append((present[doc.id], record))
                    if len(resumed) >= batch_size:
                        summary.resumed_labels += copy_all(resumed, True)
                        resumed = []
                continue
            batch.append(record)
            if len(batch) >= batch_size:
                send(batch, summary.batches + 1)
                batch = []
        if batch:
            send(batch, summary.batches + 1)
        if resumed:
            summary.resumed_labels += copy_all(resumed, True)
    finally:
        if bar is not None:
            bar.stop()
    if local is not None and summary.pushed:
        hand_over(local, project_id, session.username, list(annotators))
    summary.seconds = time.perf_counter() - started
    return summary
