"""Django jobs khabar runs in the doccano server's environment: hand labels over, count them, repair batches.

Run as a script from doccano's ``backend`` folder with the server's environment
(:class:`khabar.doccano.server_jobs.ServerJobs` does this). It sets Django up
once, then answers one JSON request per line on stdin (``{"job": NAME, "args":
{...}}``) with one line on stdout prefixed :data:`REPLY` (``{"ok": result}`` or
``{"error": message}``), so a whole push pays Django's start-up once.

Every job works in short transactions and retries one that SQLite refuses with
"database is locked": the web workers and celery's broker share the file.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterable
from typing import Any

#: Prefix of the reply lines, so nothing else Django or doccano prints is mistaken for a reply.
REPLY = "KHABAR-JOB "
#: SQLite's limit on bound variables is far above this; chunks keep each statement and transaction short.
CHUNK = 500


def _chunks(items: list[Any], size: int = CHUNK) -> Iterable[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _retrying(work: Callable[[], Any], attempts: int = 30) -> Any:
    """Run ``work`` in a transaction; a chunk SQLite refuses because another connection writes is tried again.

    SQLite refuses, without waiting, a read transaction that turns into a write while another connection
    writes (celery's broker polls the same file), so the busy timeout alone does not cover it.
    """
    from django.db import OperationalError, transaction

    for attempt in range(attempts):
        try:
            with transaction.atomic():
                return work()
        except OperationalError as exc:
            if "locked" not in str(exc) or attempt == attempts - 1:
                raise
            time.sleep(0.2 * (attempt + 1))
    raise AssertionError("unreachable")


def hand_over(project: int, owner: str, annotators: list[str], chunk: int = CHUNK) -> dict[str, int]:
    """Copy ``owner``'s spans and relations in ``project`` to each annotator, then delete the originals.

    Resumable by construction: an example on which the owner still holds labels has not been handed over,
    and an annotator who already has spans on an example is never given a second copy. Each chunk of
    examples is handed over whole or not at all.
    """
    from django.contrib.auth.models import User
    from labels.models import Relation, Span

    owner_user = User.objects.get(username=owner)
    targets = [User.objects.get(username=name) for name in annotators]
    examples = sorted(set(Span.objects.filter(example__project_id=project, user=owner_user)
                          .values_list("example_id", flat=True)))

    def hand_over_chunk(ids: list[int]) -> tuple[int, int]:
        spans_made = relations_made = 0
        spans = list(Span.objects.filter(example_id__in=ids, user=owner_user)
                     .values("id", "example_id", "label_id", "start_offset", "end_offset", "prob"))
        relations = list(Relation.objects.filter(example_id__in=ids, user=owner_user)
                         .values("id", "example_id", "from_id_id", "to_id_id", "type_id", "prob"))
        for target in targets:
            done = set(Span.objects.filter(example_id__in=ids, user=target).values_list("example_id", flat=True))
            todo = [s for s in spans if s["example_id"] not in done]
            created = Span.objects.bulk_create(
                [Span(example_id=s["example_id"], user=target, label_id=s["label_id"], start_offset=s["start_offset"],
                      end_offset=s["end_offset"], prob=s["prob"]) for s in todo], batch_size=2000)
            new_id = {s["id"]: c.pk for s, c in zip(todo, created)}
            linked = [r for r in relations if r["from_id_id"] in new_id and r["to_id_id"] in new_id]
            Relation.objects.bulk_create(
                [Relation(example_id=r["example_id"], user=target, from_id_id=new_id[r["from_id_id"]],
                          to_id_id=new_id[r["to_id_id"]], type_id=r["type_id"], prob=r["prob"]) for r in linked],
                batch_size=2000)
            spans_made += len(created)
            relations_made += len(linked)
        Relation.objects.filter(id__in=[r["id"] for r in relations]).delete()
        Span.objects.filter(id__in=[s["id"] for s in spans]).delete()
        return spans_made, relations_made

    spans_total = relations_total = 0
    for ids in _chunks(examples, chunk) if targets else ():
        made = _retrying(lambda ids=ids: hand_over_chunk(ids))
        spans_total += made[0]
        relations_total += made[1]
    return {"examples": len(examples), "spans": spans_total, "relations": relations_total}


def census(project: int, ids: list[str], owners: list[str]) -> dict[str, list[dict[str, Any]]]:
    """For each khabar id, every example of ``project`` carrying it, with each owner's span and relation counts.

    ``{khabar_id: [{"example": id, "labels": {owner: [spans, relations]}}, ...]}``; an id with no example
    is absent. More than one entry for an id is a duplicate.
    """
    from django.db.models import Count
    from examples.models import Example
    from labels.models import Relation, Span

    found: dict[str, list[dict[str, Any]]] = {}
    by_example: dict[int, dict[str, Any]] = {}
    for chunk in _chunks(sorted(set(ids))):
        rows = Example.objects.filter(project_id=project, meta__khabar_id__in=chunk).values_list("id", "meta")
        for example_id, meta in rows:
            entry = {"example": example_id, "labels": {owner: [0, 0] for owner in owners}}
            found.setdefault(str(meta["khabar_id"]), []).append(entry)
            by_example[example_id] = entry
    for chunk in _chunks(sorted(by_example)):
        for position, model in ((0, Span), (1, Relation)):
            counted = (model.objects.filter(example_id__in=chunk, user__username__in=owners)
                       .values("example_id", "user__username").annotate(n=Count("id")))
            for row in counted:
                by_example[row["example_id"]]["labels"][row["user__username"]][position] = row["n"]
    return found


def delete_examples(project: int, examples: list[int]) -> dict[str, int]:
    """Delete examples of ``project`` (their labels and states go with them); return how many went."""
    from examples.models import Example

    deleted = 0
    for chunk in _chunks(sorted(set(examples))):
        deleted += _retrying(lambda chunk=chunk: Example.objects.filter(project_id=project, id__in=chunk)
                             .delete()[1].get("examples.Example", 0))
    return {"deleted": deleted}


def drop_uploads(upload_ids: list[str]) -> dict[str, int]:
    """Delete uploaded files no import has consumed yet, so an import task queued before a crash imports nothing.

    doccano's import task reads only the uploads still pending; a task a dead worker never started runs
    when the worker comes back, and would create a batch the next push has already repaired.
    """
    from django_drf_filepond.models import TemporaryUpload

    dropped = 0
    for upload in TemporaryUpload.objects.filter(upload_id__in=upload_ids):
        upload.delete()
        dropped += 1
    return {"dropped": dropped}


JOBS: dict[str, Callable[..., Any]] = {
    "hand_over": hand_over, "census": census, "delete_examples": delete_examples, "drop_uploads": drop_uploads,
}


def main() -> None:
    import os

    import django

    # Run as a script, the interpreter puts this file's folder first on the path; doccano's settings
    # (``config``) and apps live in the working folder, its ``backend``.
    sys.path.insert(0, os.getcwd())

    django.setup()
    from django.db import connection

    if connection.vendor == "sqlite":
        # Wait for the web workers' and the broker's locks instead of failing at once.
        connection.cursor().execute("PRAGMA busy_timeout = 120000")
    print(REPLY + json.dumps({"ok": "ready"}), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        try:
            reply = {"ok": JOBS[request["job"]](**request.get("args", {}))}
        except Exception as exc:  # reported to khabar, which raises a numbered error naming the job
            reply = {"error": f"{type(exc).__name__}: {exc}"}
        print(REPLY + json.dumps(reply), flush=True)


if __name__ == "__main__":
    main()
