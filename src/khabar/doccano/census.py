"""Count what a project holds for a batch of articles: the check that closes each push transaction.

An article is **complete** when exactly one example carries its khabar id and
every owner of its labels (each annotator, or the pusher) holds exactly as many
spans and relations as its record brought. Anything else (no example, two
examples, labels missing or doubled) is **missing** or **damaged**, and a push
imports it again (deleting a damaged article's examples first).

Two ways to count: :class:`DatabaseCensus` asks a Django job in the server's
database (a few queries a batch) on a server khabar runs; :class:`ApiCensus`
lists examples and reads each owner's labels through the REST API elsewhere.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Protocol

from .client import Session
from .convert import ID_KEY
from .server_jobs import ServerJobs

__all__ = ["ApiCensus", "BatchCheck", "Census", "DatabaseCensus", "ExampleCount", "check_batch"]


@dataclass(frozen=True, slots=True)
class ExampleCount:
    """One example of an article and each owner's ``(spans, relations)`` on it."""

    example: int
    labels: dict[str, tuple[int, int]]


class Census(Protocol):
    """Counts, for khabar ids, every example carrying each id and its owners' labels."""

    def count(self, records: Sequence[dict[str, Any]]) -> dict[str, list[ExampleCount]]: ...

    def delete(self, examples: Sequence[int]) -> int: ...


class DatabaseCensus:
    """Counts in the database of a server khabar runs, through its job process."""

    def __init__(self, jobs: ServerJobs, project_id: int, owners: Sequence[str]) -> None:
        self.jobs, self.project_id, self.owners = jobs, project_id, list(owners)

    def count(self, records: Sequence[dict[str, Any]]) -> dict[str, list[ExampleCount]]:
        found = self.jobs.call("census", project=self.project_id, ids=[r[ID_KEY] for r in records],
                               owners=self.owners)
        return {kid: [ExampleCount(e["example"], {o: (n[0], n[1]) for o, n in e["labels"].items()}) for e in entries]
                for kid, entries in found.items()}

    def delete(self, examples: Sequence[int]) -> int:
        """Delete ``examples``; the job deletes nothing more once this process has died (see the job)."""
        return int(self.jobs.call("delete_examples", project=self.project_id, examples=list(examples),
                                  parent=os.getpid())["deleted"])


class ApiCensus:
    """Counts through the REST API: the project's examples, then each owner's labels on each one."""

    def __init__(self, admin: Session, project_id: int, owners: Mapping[str, Session], workers: int = 4) -> None:
        self.admin, self.project_id, self.owners, self.workers = admin, project_id, dict(owners), workers

    def _labels(self, owner: Session, example: int) -> tuple[int, int]:
        base = f"projects/{self.project_id}/examples/{example}"
        return len(owner.get(f"{base}/spans")), len(owner.get(f"{base}/relations"))

    def count(self, records: Sequence[dict[str, Any]]) -> dict[str, list[ExampleCount]]:
        wanted = {r[ID_KEY]: bool(r.get("entities")) for r in records}
        examples: dict[str, list[int]] = {}
        for example in self.admin.list_all(f"projects/{self.project_id}/examples"):
            kid = (example.get("meta") or {}).get(ID_KEY)
            if kid is not None and str(kid) in wanted:
                examples.setdefault(str(kid), []).append(int(example["id"]))
        # Labels are read only where the record brought some: an article pushed bare is complete once there.
        jobs = [(kid, eid, name) for kid, eids in examples.items() if wanted[kid] for eid in eids for name in self.owners]
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            counts = dict(zip(((eid, name) for _, eid, name in jobs),
                              pool.map(lambda job: self._labels(self.owners[job[2]], job[1]), jobs)))
        return {kid: [ExampleCount(eid, {name: counts[(eid, name)] for name in self.owners if (eid, name) in counts})
                      for eid in eids] for kid, eids in examples.items()}

    def delete(self, examples: Sequence[int]) -> int:
        if not examples:  # an empty list would make doccano delete every example of the project
            return 0
        self.admin.request("DELETE", f"projects/{self.project_id}/examples", json={"ids": list(examples)},
                           expect_json=False)
        return len(examples)


@dataclass(slots=True)
class BatchCheck:
    """A batch sorted by what the project holds of each article."""

    complete: list[dict[str, Any]] = field(default_factory=list)
    missing: list[dict[str, Any]] = field(default_factory=list)
    #: khabar id -> the examples to delete before the article is imported again.
    damaged: dict[str, list[int]] = field(default_factory=dict)
    #: khabar id -> its one example, for the complete ones.
    example_ids: dict[str, int] = field(default_factory=dict)

    @property
    def to_import(self) -> list[dict[str, Any]]:
        return self.missing


def _is_complete(record: dict[str, Any], entries: list[ExampleCount], owners: Sequence[str]) -> bool:
    if len(entries) != 1:
        return False
    expected = (len(record.get("entities", [])), len(record.get("relations", [])))
    if expected == (0, 0):
        return True  # pushed bare: nothing to count (annotators may have labelled it since)
    return all(entries[0].labels.get(owner) == expected for owner in owners)


def check_batch(census: Census, records: Sequence[dict[str, Any]], owners: Sequence[str]) -> BatchCheck:
    """Sort ``records`` into complete, missing and damaged (their examples listed for deletion)."""
    found = census.count(records)
    check = BatchCheck()
    for record in records:
        entries = found.get(record[ID_KEY], [])
        if _is_complete(record, entries, owners):
            check.complete.append(record)
            check.example_ids[record[ID_KEY]] = entries[0].example
        else:
            if entries:
                check.damaged[record[ID_KEY]] = [e.example for e in entries]
            check.missing.append(record)
    return check
