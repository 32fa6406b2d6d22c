"""Django jobs khabar runs in the doccano server's environment: import a push's batches (its database route),
hand labels over, count them, repair batches, read what annotators did to each example and replace untouched
suggestions (``khabar doccano refresh``).

Run as a script from doccano's ``backend`` folder with the server's environment
(:class:`khabar.doccano.server_jobs.ServerJobs` does this). It sets Django up
once, then answers one JSON request per line on stdin (``{"job": NAME, "args":
{...}}``) with one line on stdout prefixed :data:`REPLY` (``{"ok": result}`` or
``{"error": message}``), so a whole push pays Django's start-up once.

Every job works in short transactions and retries one that SQLite refuses with
"database is locked": the web workers and celery's broker share the file.
"""

from __future__ import annotations

import hashlib
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


def _stop_if_caller_died(parent: int | None, message: str) -> None:
    """Raise ``message`` once the process that asked for the job (``parent``, None: nobody checks) has died.

    The job process is the caller's child; a caller that died, however it died, leaves it another parent.
    """
    import os

    if parent is not None and os.getppid() != parent:
        raise RuntimeError(message)


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


def hand_over(project: int, owner: str, annotators: list[str], chunk: int = CHUNK,
              parent: int | None = None) -> dict[str, int]:
    """Copy ``owner``'s spans and relations in ``project`` to each annotator, then delete the originals.

    Resumable by construction: an example on which the owner still holds labels has not been handed over,
    and an annotator who already has spans on an example is never given a second copy. Each chunk of
    examples is handed over whole or not at all.

    ``parent`` is the pid of the push that asked. Once it has died, no further chunk is written (the one
    under way is rolled back): its project lock died with it, and another push or refresh may be at work.
    """
    from django.contrib.auth.models import User
    from labels.models import Relation, Span

    owner_user = User.objects.get(username=owner)
    targets = [User.objects.get(username=name) for name in annotators]
    examples = sorted(set(Span.objects.filter(example__project_id=project, user=owner_user)
                          .values_list("example_id", flat=True)))

    def parent_alive() -> None:
        # Without this a push killed mid-hand-over (kill -9, the OOM killer) left its job handing over every
        # chunk still to do after the kernel had released the push's lock to the next holder.
        _stop_if_caller_died(parent, f"the push (pid {parent}) that asked for this hand-over has stopped: "
                                     "this chunk and the rest are not written")

    def hand_over_chunk(ids: list[int]) -> tuple[int, int]:
        parent_alive()
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
        parent_alive()  # last, just before the commit: a push that died meanwhile gets nothing written
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


def import_records(project: int, owners: list[str], records: list[dict[str, Any]], upload_name: str,
                   parent: int | None = None) -> dict[str, int]:
    """Create one batch of examples in ``project`` with each owner's copy of their spans and relations, in one
    transaction: the batch is there whole or not at all.

    ``records`` are doccano import records (``text``, ``entities``, ``relations``, the rest metadata), made as
    doccano's file import makes them: every other key becomes the example's metadata, spans keep their
    offsets (UTF-16 units) and name a span type of the project, relations join two spans of their record.
    A label type the project lacks is an error (doccano's import would add it silently). ``parent`` is the
    pid of the push that asked: when that process has died by the time the batch is written, the
    transaction is rolled back, so a push killed mid-batch never leaves a batch a later push does not see
    coming.
    """
    from django.contrib.auth.models import User
    from examples.models import Example
    from label_types.models import RelationType, SpanType
    from labels.models import Relation, Span

    users = [User.objects.get(username=name) for name in owners]
    span_types = dict(SpanType.objects.filter(project_id=project).values_list("text", "id"))
    relation_types = dict(RelationType.objects.filter(project_id=project).values_list("text", "id"))
    wanted_spans = {s["label"] for r in records for s in r.get("entities") or []}
    wanted_relations = {x["type"] for r in records for x in r.get("relations") or []}
    unknown = sorted(wanted_spans - set(span_types)) + sorted(wanted_relations - set(relation_types))
    if unknown:
        raise ValueError(f"project {project} has no label type(s) {unknown}")

    def write() -> dict[str, int]:
        examples = Example.objects.bulk_create([
            Example(project_id=project, upload_name=upload_name, text=r["text"],
                    meta={k: v for k, v in r.items() if k not in ("text", "entities", "relations")})
            for r in records], batch_size=CHUNK)
        spans: list[Span] = []
        keys: list[tuple[int, int, int]] = []  # (record, user, span id in the record) of each span made
        for position, (record, example) in enumerate(zip(records, examples)):
            for user in users:
                for span in record.get("entities") or []:
                    spans.append(Span(example_id=example.pk, user=user, label_id=span_types[span["label"]],
                                      start_offset=span["start_offset"], end_offset=span["end_offset"]))
                    keys.append((position, user.pk, span["id"]))
        made = Span.objects.bulk_create(spans, batch_size=2000)
        span_pk = {key: span.pk for key, span in zip(keys, made)}
        relations = [Relation(example_id=example.pk, user=user, type_id=relation_types[rel["type"]],
                              from_id_id=span_pk[(position, user.pk, rel["from_id"])],
                              to_id_id=span_pk[(position, user.pk, rel["to_id"])])
                     for position, (record, example) in enumerate(zip(records, examples))
                     for user in users for rel in record.get("relations") or []]
        Relation.objects.bulk_create(relations, batch_size=2000)
        _stop_if_caller_died(parent, f"the push (pid {parent}) that asked for this batch has stopped: nothing written")
        return {"examples": len(examples), "spans": len(made), "relations": len(relations)}

    return _retrying(write)


def delete_examples(project: int, examples: list[int], parent: int | None = None) -> dict[str, int]:
    """Delete examples of ``project`` (their labels and states go with them); return how many went.

    ``parent`` is the pid of the push that asked (it deletes the examples of damaged articles before it
    imports them again). Once it has died, no further chunk is deleted (the one under way is rolled back):
    its project lock died with it, and the next push or refresh may be counting the same articles.
    """
    from examples.models import Example

    gone = (f"the push (pid {parent}) that asked for these deletions has stopped: "
            "this chunk and the rest are not deleted")

    def delete_chunk(ids: list[int]) -> int:
        # Without these checks a push killed mid-repair left its job deleting every chunk still to do after
        # the kernel had released the push's lock to the next holder.
        _stop_if_caller_died(parent, gone)
        deleted = Example.objects.filter(project_id=project, id__in=ids).delete()[1].get("examples.Example", 0)
        _stop_if_caller_died(parent, gone)  # last, just before the commit
        return deleted

    deleted = 0
    for chunk in _chunks(sorted(set(examples))):
        deleted += _retrying(lambda chunk=chunk: delete_chunk(chunk))
    return {"deleted": deleted}


def drop_uploads(upload_ids: list[str], parent: int | None = None) -> dict[str, int]:
    """Delete uploaded files no import has consumed yet, so an import task queued before a crash imports nothing.

    doccano's import task reads only the uploads still pending; a task a dead worker never started runs
    when the worker comes back, and would create a batch the next push has already repaired.

    ``parent`` is the pid of the push that asked. Once it has died, no further upload is dropped: its project
    lock died with it, and the next push, which finds the same uploads pending in the journal, drops them
    itself. The check comes before each upload, and the one under way is finished, not rolled back:
    filepond removes an upload's file before its row's deletion commits, and no rollback brings the file
    back (a row left without its file would be an import that fails).
    """
    from django_drf_filepond.models import TemporaryUpload

    dropped = 0
    for upload in TemporaryUpload.objects.filter(upload_id__in=upload_ids):
        _stop_if_caller_died(parent, f"the push (pid {parent}) that asked to drop its pending uploads has stopped: "
                                     f"this upload and the rest are kept ({dropped} dropped)")
        upload.delete()
        dropped += 1
    return {"dropped": dropped}


# -- suggestions (``khabar doccano refresh``) -----------------------------------------------------------
# The two pure functions below are imported by khabar too (this file needs no Django at import time), so
# khabar and the server compute a suggestion's fingerprint and decide "touched" in exactly one way.

#: Seconds a label's ``updated_at`` may trail its ``created_at`` before the label counts as edited in place.
EDIT_SLACK = 1.0


def suggestion_fingerprint(spans: Iterable[Any], relations: Iterable[Any]) -> str:
    """A short digest of one user's labels on one example, independent of ids and of order.

    ``spans`` are ``(key, label, start, end)`` (offsets as doccano stores them, UTF-16 units), ``relations``
    ``(type, from_key, to_key)`` with the keys of their spans; a relation is identified by its type and the
    (label, start, end) of both ends.
    """
    by_key = {key: [str(label), int(start), int(end)] for key, label, start, end in spans}
    canonical_spans = sorted(by_key.values())
    canonical_relations = sorted([str(rtype), by_key[a], by_key[b]] for rtype, a, b in relations
                                 if a in by_key and b in by_key)
    text = json.dumps([canonical_spans, canonical_relations], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def touched_reasons(state: dict[str, Any], owners: list[str], expected: list[str] | None) -> list[str]:
    """Why an example counts as touched by a person (empty: untouched), from :func:`example_states`' entry.

    ``expected`` are the fingerprints khabar may have left on it (None: khabar never recorded one, which
    counts as touched: when in doubt, the example is left alone).
    """
    reasons = []
    if state["confirmed_by"]:
        reasons.append("confirmed by " + ", ".join(state["confirmed_by"]))
    if state["comments"]:
        reasons.append(f"{state['comments']} comment(s)")
    if state["other_labels"]:
        reasons.append(f"{state['other_labels']} category or text label(s)")
    if state["foreign"]:
        reasons.append("labels by " + ", ".join(state["foreign"]))
    if state["edited"]:
        reasons.append("a label edited in place")
    if expected is None:
        reasons.append("no suggestion recorded by khabar")
    else:
        changed = [owner for owner in owners if state["fingerprints"].get(owner, EMPTY) not in expected]
        if changed:
            reasons.append("labels differ from khabar's suggestion for " + ", ".join(changed))
    return reasons


def _states(project: int, owners: list[str], examples: list[int] | None,
            with_text: bool = False) -> dict[int, dict[str, Any]]:
    from django.db.models import Count
    from examples.models import Comment, Example, ExampleState
    from labels.models import BoundingBox, Category, Relation, Segmentation, Span, TextLabel

    rows = Example.objects.filter(project_id=project)
    if examples is not None:
        rows = rows.filter(id__in=examples)
    found: dict[int, dict[str, Any]] = {}
    for example_id, meta, score, text in rows.values_list("id", "meta", "score", "text"):
        found[example_id] = {"example": example_id, "khabar_id": (meta or {}).get("khabar_id"), "score": score,
                             "confirmed_by": [], "comments": 0, "other_labels": 0, "foreign": [],
                             "fingerprints": {}, "edited": False}
        if with_text:
            found[example_id]["text"] = text
    ids = sorted(found)
    spans_of: dict[tuple[int, str], list[tuple[Any, ...]]] = {}
    relations_of: dict[tuple[int, str], list[tuple[Any, ...]]] = {}
    slack = EDIT_SLACK
    for chunk in _chunks(ids):
        for example_id, user in (ExampleState.objects.filter(example_id__in=chunk)
                                 .values_list("example_id", "confirmed_by__username")):
            found[example_id]["confirmed_by"].append(user)
        for row in Comment.objects.filter(example_id__in=chunk).values("example_id").annotate(n=Count("id")):
            found[row["example_id"]]["comments"] += row["n"]
        for model in (Category, TextLabel, BoundingBox, Segmentation):
            for row in model.objects.filter(example_id__in=chunk).values("example_id").annotate(n=Count("id")):
                found[row["example_id"]]["other_labels"] += row["n"]
        for row in Span.objects.filter(example_id__in=chunk).values(
                "id", "example_id", "user__username", "label__text", "start_offset", "end_offset",
                "created_at", "updated_at"):
            key = (row["example_id"], row["user__username"])
            spans_of.setdefault(key, []).append((row["id"], row["label__text"], row["start_offset"],
                                                 row["end_offset"]))
            if (row["updated_at"] - row["created_at"]).total_seconds() > slack:
                found[row["example_id"]]["edited"] = True
        for row in Relation.objects.filter(example_id__in=chunk).values(
                "example_id", "user__username", "type__text", "from_id_id", "to_id_id", "created_at", "updated_at"):
            key = (row["example_id"], row["user__username"])
            relations_of.setdefault(key, []).append((row["type__text"], row["from_id_id"], row["to_id_id"]))
            if (row["updated_at"] - row["created_at"]).total_seconds() > slack:
                found[row["example_id"]]["edited"] = True
    for example_id, user in set(spans_of) | set(relations_of):
        entry = found[example_id]
        if user in owners:
            entry["fingerprints"][user] = suggestion_fingerprint(spans_of.get((example_id, user), []),
                                                                 relations_of.get((example_id, user), []))
        elif user not in entry["foreign"]:
            entry["foreign"].append(user)
    for entry in found.values():
        entry["confirmed_by"].sort()
        entry["foreign"].sort()
    return found


def example_states(project: int, owners: list[str], examples: list[int] | None = None,
                   with_text: bool = False) -> list[dict[str, Any]]:
    """What doccano recorded on each example of ``project`` (or of ``examples``): who confirmed it, its
    comments, category and text labels, users other than ``owners`` holding labels on it, whether any label
    was edited in place, each owner's :func:`suggestion_fingerprint`, its score and khabar id (and with
    ``with_text`` its text)."""
    return [entry for _, entry in sorted(_states(project, owners, examples, with_text).items())]


def replace_suggestions(project: int, owners: list[str], items: list[dict[str, Any]],
                        chunk: int = 100, parent: int | None = None) -> dict[str, Any]:
    """Replace each owner's labels on untouched examples with new suggestions, and set each one's score.

    ``items``: ``{"example", "expected": [fingerprints], "spans": [[key, label, start, end]...],
    "relations": [[type, from_key, to_key]...], "score"}``. Each chunk is one transaction that first reads
    every example's state again: one a person touched since khabar looked (:func:`touched_reasons`) is
    skipped, never changed. Returns the examples replaced and skipped and the labels made.

    ``parent`` is the pid of the refresh that asked. Once it has died, no further chunk is written (the one
    under way is rolled back): its project lock died with it, and another refresh or push may be at work.
    """
    from django.contrib.auth.models import User
    from examples.models import Example
    from label_types.models import RelationType, SpanType
    from labels.models import Relation, Span

    users = {name: User.objects.get(username=name) for name in owners}
    span_types = dict(SpanType.objects.filter(project_id=project).values_list("text", "id"))
    relation_types = dict(RelationType.objects.filter(project_id=project).values_list("text", "id"))
    replaced: list[int] = []
    skipped: list[int] = []
    made = {"spans": 0, "relations": 0}

    def parent_alive() -> None:
        # Without this a refresh killed mid-job (kill -9, the OOM killer) left its job writing every chunk
        # still to do after the kernel had released the refresh's lock to the next holder.
        _stop_if_caller_died(parent, f"the refresh (pid {parent}) that asked for this replacement has stopped: "
                                     "this chunk and the rest are not written")

    def replace_chunk(batch: list[dict[str, Any]]) -> tuple[list[int], list[int], int, int]:
        parent_alive()
        states = _states(project, owners, [item["example"] for item in batch])
        done, left, spans_made, relations_made = [], [], 0, 0
        for item in batch:
            state = states.get(item["example"])
            if state is None or touched_reasons(state, owners, item["expected"]):
                left.append(item["example"])
                continue
            Relation.objects.filter(example_id=item["example"], user__username__in=owners).delete()
            Span.objects.filter(example_id=item["example"], user__username__in=owners).delete()
            for user in users.values():
                created = Span.objects.bulk_create([
                    Span(example_id=item["example"], user=user, label_id=span_types[label], start_offset=start,
                         end_offset=end) for _, label, start, end in item["spans"]])
                new_id = {span[0]: c.pk for span, c in zip(item["spans"], created)}
                Relation.objects.bulk_create([
                    Relation(example_id=item["example"], user=user, from_id_id=new_id[a], to_id_id=new_id[b],
                             type_id=relation_types[rtype]) for rtype, a, b in item["relations"]])
                spans_made += len(created)
                relations_made += len(item["relations"])
            # update(), not save(): the example's updated_at stays what it was.
            Example.objects.filter(id=item["example"]).update(score=item["score"])
            done.append(item["example"])
        parent_alive()  # last, just before the commit: a refresh that died meanwhile gets nothing written
        return done, left, spans_made, relations_made

    for batch in _chunks(items, chunk):
        done, left, spans_made, relations_made = _retrying(lambda batch=batch: replace_chunk(batch))
        replaced += done
        skipped += left
        made["spans"] += spans_made
        made["relations"] += relations_made
    return {"replaced": replaced, "skipped": skipped, **made}


#: The fingerprint of no labels at all (an owner holding nothing on an example).
EMPTY = suggestion_fingerprint([], [])


JOBS: dict[str, Callable[..., Any]] = {
    "hand_over": hand_over, "census": census, "import_records": import_records, "delete_examples": delete_examples,
    "drop_uploads": drop_uploads,
    "example_states": example_states, "replace_suggestions": replace_suggestions,
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
