"""How pre-annotations reach each annotator: the hand-over strategies of a push.

In individual annotation mode a label belongs to the user who made it, and
doccano's file import makes every imported label the uploader's. Importing the
file once per annotator is no way out: each import creates the examples again.
So a push imports each batch once and then hands its labels over:

- :class:`PusherKeeps`: no annotators named; the pushing user keeps the labels.
- :class:`InDatabase`: on a server khabar runs, a Django job
  (:func:`.django_jobs.jobs.hand_over`) copies the uploader's spans and
  relations to each annotator in short transactions and deletes the originals:
  seconds for tens of thousands of spans. It writes only while the push that
  asked is alive (a push killed mid-hand-over leaves no transaction to be
  committed after its lock is released).
- :class:`ThroughApi`: on any other server the articles go in bare and each
  annotator's copy is created through the REST API logged in as that annotator,
  several requests in flight (one request per label: minutes for 10,000 articles).

The state lives on the server, which makes each strategy resumable: the
uploader still holding labels means a hand-over not done yet; an annotator with
no spans on a pre-annotated article gets theirs.

On the push's database route (:data:`.push.ROUTES`) nothing is handed over:
each batch's labels are created as each owner's with the examples. The
strategy still names the owners the push checks, and :meth:`Handover.resume`
still finishes what an interrupted upload-route push left.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from os import PathLike
from typing import Any

from ..errors import ConfigError, InputError
from .client import Session, connect
from .server import DoccanoServer, read_credentials, server_from_state
from .server_jobs import ServerJobs

__all__ = ["Handover", "HandoverResult", "InDatabase", "PusherKeeps", "ThroughApi", "choose_handover", "hand_over"]

#: An example id on the server and the doccano record pushed into it.
Pair = tuple[int, dict[str, Any]]


@dataclass(frozen=True, slots=True)
class HandoverResult:
    """How many examples were handed over, and how many spans and relations were created in all."""

    examples: int
    spans: int
    relations: int


def hand_over(server: DoccanoServer, project_id: int, owner: str, annotators: list[str], *,
              chunk: int = 500, jobs: ServerJobs | None = None) -> HandoverResult:
    """Move ``owner``'s labels in a project to each of ``annotators`` (a copy each), inside the server's database.

    ``jobs`` is a running job process to use (a push keeps one); without it one is started for this call.
    The job writes only while this process lives: one killed mid-hand-over leaves no job writing behind it.
    """
    own = jobs is None
    runner = ServerJobs(server) if jobs is None else jobs
    try:
        result = runner.call("hand_over", project=project_id, owner=owner, annotators=list(annotators), chunk=chunk,
                             parent=os.getpid())
    except ConfigError as exc:
        raise ConfigError("E336", f"handing pre-annotations over to {', '.join(annotators)} failed: "
                          f"{exc.message}") from None
    finally:
        if own:
            runner.close()
    return HandoverResult(result["examples"], result["spans"], result["relations"])


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


class Handover:
    """One way of giving annotators their copies; the push calls these hooks around each batch's import."""

    #: Whose labels a complete example holds (what the push verifies).
    owners: list[str]

    def upload_form(self, record: dict[str, Any]) -> dict[str, Any]:
        """The record as imported (with or without the pre-annotations)."""
        return record

    def resume(self) -> int:
        """Finish what an interrupted push left undone before anything new is imported; return labels made."""
        return 0

    def complete(self, pairs: list[Pair]) -> int:
        """Give copies still missing on examples pushed earlier; return labels made."""
        return 0

    def after_import(self, pairs: list[Pair]) -> int:
        """Hand over the labels of a batch just imported; return labels made."""
        return 0


class PusherKeeps(Handover):
    """No annotators: the imported pre-annotations stay the pushing user's."""

    def __init__(self, pusher: str) -> None:
        self.owners = [pusher]


class InDatabase(Handover):
    """Copy the uploader's labels to each annotator inside the database of a server khabar runs."""

    def __init__(self, server: DoccanoServer, jobs: ServerJobs, project_id: int, pusher: str,
                 annotators: Sequence[str]) -> None:
        self.server, self.jobs, self.project_id, self.pusher = server, jobs, project_id, pusher
        self.owners = list(annotators)

    def _run(self) -> int:
        return hand_over(self.server, self.project_id, self.pusher, self.owners, jobs=self.jobs).spans

    def resume(self) -> int:
        return self._run()

    def after_import(self, pairs: list[Pair]) -> int:
        return self._run()


class ThroughApi(Handover):
    """Import the articles bare and create each annotator's copy through the REST API, as that annotator."""

    def __init__(self, sessions: Mapping[str, Session], project_id: int, span_types: dict[str, int],
                 relation_types: dict[str, int], workers: int) -> None:
        self.sessions = dict(sessions)
        self.owners = list(sessions)
        self.project_id, self.span_types, self.relation_types, self.workers = (
            project_id, span_types, relation_types, workers)

    def upload_form(self, record: dict[str, Any]) -> dict[str, Any]:
        # The uploader's copy would be one more "annotator".
        return {**record, "entities": [], "relations": []}

    def _copy_all(self, pairs: list[Pair], only_if_empty: bool) -> int:
        jobs = [(s, eid, rec) for s in self.sessions.values() for eid, rec in pairs if rec.get("entities")]
        if not jobs:
            return 0
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            return sum(pool.map(lambda job: _copy_labels(job[0], self.project_id, job[1], job[2], self.span_types,
                                                         self.relation_types, only_if_empty=only_if_empty), jobs))

    def complete(self, pairs: list[Pair]) -> int:
        return self._copy_all(pairs, True)

    def after_import(self, pairs: list[Pair]) -> int:
        return self._copy_all(pairs, False)


def annotator_sessions(session: Session, annotators: Sequence[str] | Mapping[str, str],
                       state_dir: str | PathLike[str] | None) -> dict[str, Session]:
    """Log each annotator in: passwords given, or read from the state folder's credentials."""
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


def local_server(session: Session, state_dir: str | PathLike[str] | None, mode: str) -> DoccanoServer | None:
    """The server khabar runs at the session's URL (its database can be worked on directly), else None.

    ``mode`` ``"api"`` never uses it; ``"server"`` requires it (E338 when the session's server is not one
    khabar runs from ``state_dir``).
    """
    if mode not in ("auto", "server", "api"):
        raise InputError("E337", f"handover must be auto, server or api, found {mode!r}", field="handover")
    if mode == "api":
        return None
    server = server_from_state(state_dir)
    if server.url == session.url and server.status().pids.get("gunicorn") is not None:
        return server
    if mode == "server":
        raise ConfigError("E338", f"no doccano server started by khabar answers at {session.url} "
                          f"(state folder {server.state_dir}): use handover='api'")
    return None


def choose_handover(session: Session, project_id: int, annotators: Sequence[str] | Mapping[str, str],
                    preannotate: bool, *, server: DoccanoServer | None, jobs: ServerJobs | None,
                    state_dir: str | PathLike[str] | None, workers: int,
                    span_types: dict[str, int], relation_types: dict[str, int]) -> Handover:
    """The strategy for a push: nothing to hand over, inside the database, or through the API."""
    if not (annotators and preannotate):
        return PusherKeeps(session.username)
    if server is not None and jobs is not None:
        return InDatabase(server, jobs, project_id, session.username, list(annotators))
    return ThroughApi(annotator_sessions(session, annotators, state_dir), project_id, span_types, relation_types,
                      workers)
