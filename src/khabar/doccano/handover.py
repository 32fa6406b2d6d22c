"""Hand imported pre-annotations over to annotators inside the doccano server's own database.

In individual annotation mode a label belongs to the user who made it, and
doccano's file import makes every imported label the uploader's. Importing the
file once per annotator is no way out: each import creates the examples again.
Creating each annotator's copy through the REST API works anywhere but costs
one request per span (minutes for 10,000 articles). When khabar runs the server
itself it has the server's environment, so this module runs a short Django
script in the doccano venv that, in one transaction, copies the uploader's
spans and relations on a project's examples to each annotator (``bulk_create``)
and deletes the uploader's originals, a few hundred examples per transaction:
seconds for tens of thousands of spans.

The state lives in the database, which makes it resumable: an example on which
the uploader still holds labels has not been handed over yet, and an annotator
who already has spans on an example is never given a second copy.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass

from ..errors import ConfigError
from .server import DoccanoServer

__all__ = ["HandoverResult", "hand_over"]

_SCRIPT = r"""
import json, sys, time
import django
django.setup()
from django.contrib.auth.models import User
from django.db import OperationalError, connection, transaction
from labels.models import Relation, Span

args = json.loads(sys.argv[1])
project = args["project"]
owner = User.objects.get(username=args["owner"])
targets = [User.objects.get(username=name) for name in args["annotators"]]
if connection.vendor == "sqlite":
    # The web workers and celery's broker share the SQLite file: wait for their locks instead of failing.
    connection.cursor().execute("PRAGMA busy_timeout = 120000")
examples = sorted(set(Span.objects.filter(example__project_id=project, user=owner).values_list("example_id", flat=True)))
copied_spans = copied_relations = 0
# Short transactions, a few hundred examples each: every example is handed over whole or not at all, and the
# write lock is never held long. SQLite refuses, without waiting, a read transaction that turns into a write
# while another connection writes (celery's broker polls the same file): such a chunk is simply tried again.
def hand_over_chunk(chunk):
    spans_made = relations_made = 0
    with transaction.atomic():
        spans = list(Span.objects.filter(example_id__in=chunk, user=owner)
                     .values("id", "example_id", "label_id", "start_offset", "end_offset", "prob"))
        relations = list(Relation.objects.filter(example_id__in=chunk, user=owner)
                         .values("id", "example_id", "from_id_id", "to_id_id", "type_id", "prob"))
        for target in targets:
            done = set(Span.objects.filter(example_id__in=chunk, user=target).values_list("example_id", flat=True))
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


for i in range(0, len(examples) if targets else 0, args["chunk"]):
    for attempt in range(30):
        try:
            made = hand_over_chunk(examples[i : i + args["chunk"]])
            break
        except OperationalError as exc:
            if "locked" not in str(exc) or attempt == 29:
                raise
            time.sleep(0.2 * (attempt + 1))
    copied_spans += made[0]
    copied_relations += made[1]
print(json.dumps({"examples": len(examples), "spans": copied_spans, "relations": copied_relations}))
"""


@dataclass(frozen=True, slots=True)
class HandoverResult:
    """How many examples were handed over, and how many spans and relations were created in all."""

    examples: int
    spans: int
    relations: int


def hand_over(server: DoccanoServer, project_id: int, owner: str, annotators: list[str], *,
              chunk: int = 500) -> HandoverResult:
    """Move ``owner``'s labels in a project to each of ``annotators`` (a copy each), inside the server's database."""
    backend = server.backend_dir()
    args = json.dumps({"project": project_id, "owner": owner, "annotators": list(annotators), "chunk": chunk})
    proc = subprocess.run([str(server.venv / "bin" / "python"), "-c", _SCRIPT, args], cwd=backend,
                          env=server.environment(), capture_output=True, text=True, timeout=3600)
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["(no output)"])[-1]
        raise ConfigError("E336", f"handing pre-annotations over to {', '.join(annotators)} failed: {tail}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    return HandoverResult(result["examples"], result["spans"], result["relations"])
