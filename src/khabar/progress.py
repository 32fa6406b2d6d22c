"""Progress and quality of an annotation campaign while it runs.

Three questions, each answered from what doccano and the pulled files hold:

- how fast each annotator works: documents confirmed per day
  (:func:`confirmed_per_day`, from :func:`server_confirmations`), or, without a
  server, how many documents each annotator's file has labels in
  (:func:`progress_from_files`);
- how well they agree on the documents they share so far
  (:func:`shared_agreement`, :func:`pairwise_rows`);
- whether pre-annotation saves work: of each annotator's documents, how many
  suggested spans were kept unchanged, edited (moved or relabelled), deleted,
  and how many spans were added (:func:`preannotation_kept`).

doccano 1.8.4 records a confirmation per user and example (``ExampleState``
with ``confirmed_at``) but only shows users their own: the states route and
the ``confirmed`` filter of the examples list both look at the logged-in user.
So the confirmations are read by logging in as each annotator; the admin's
``member-progress`` metric gives only counts (:func:`member_progress`).
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from .agreement import Annotations, agreement
from .gold.model import Document, Quote, Span

__all__ = [
    "KEPT_KINDS",
    "Confirmation",
    "annotator_versions",
    "confirmed_per_day",
    "confirmed_documents",
    "member_progress",
    "pairwise_rows",
    "preannotation_kept",
    "progress_from_files",
    "label_counts",
    "server_confirmations",
    "shared_agreement",
]

#: What happened to the spans of a pre-annotation, in the order they are shown.
KEPT_KINDS: tuple[str, ...] = ("unchanged", "edited", "deleted", "added")


@dataclass(frozen=True, slots=True)
class Confirmation:
    """One annotator confirming one document (doccano's check mark) at a time."""

    annotator: str
    doc_id: str
    confirmed_at: _dt.datetime


def confirmed_per_day(confirmations: Iterable[Confirmation]) -> dict[str, dict[str, int]]:
    """``annotator -> ISO day -> documents confirmed that day`` (UTC days, in order; annotators as first seen)."""
    days: dict[str, Counter[str]] = {}
    for c in confirmations:
        moment = c.confirmed_at.astimezone(_dt.timezone.utc) if c.confirmed_at.tzinfo else c.confirmed_at
        days.setdefault(c.annotator, Counter())[moment.date().isoformat()] += 1
    return {name: dict(sorted(counts.items())) for name, counts in days.items()}


def confirmed_documents(confirmations: Iterable[Confirmation]) -> dict[str, set[str]]:
    """``annotator -> ids of the documents they confirmed``."""
    done: dict[str, set[str]] = {}
    for c in confirmations:
        done.setdefault(c.annotator, set()).add(c.doc_id)
    return done


def server_confirmations(url: str, project: str | int, passwords: Mapping[str, str]) -> list[Confirmation]:
    """Every confirmation the annotators named in ``passwords`` made in ``project``, read as each of them.

    The document id is the khabar id kept in the example's metadata (the
    example's own id when it has none).
    """
    from .doccano.client import login_as
    from .doccano.convert import ID_KEY

    found = []
    for annotator, password in passwords.items():
        session = login_as(url, annotator, password)
        pid = session.project_id(project)
        for example in session.list_all(f"projects/{pid}/examples", params={"confirmed": "true"}):
            doc_id = str((example.get("meta") or {}).get(ID_KEY, example["id"]))
            for state in session.get(f"projects/{pid}/examples/{example['id']}/states").get("results", []):
                moment = _dt.datetime.fromisoformat(state["confirmed_at"].replace("Z", "+00:00"))
                found.append(Confirmation(annotator, doc_id, moment))
    return found


def member_progress(session: Any, project: str | int) -> dict[str, dict[str, float]]:
    """doccano's own count per project member: ``name -> {"done", "total", "share"}`` (admin session)."""
    pid = session.project_id(project)
    members = session.get(f"projects/{pid}/metrics/member-progress")
    total = members["total"]
    return {row["user"]: {"done": row["done"], "total": total, "share": row["done"] / total if total else 0.0}
            for row in members["progress"]}


def progress_from_files(annotations: Annotations) -> dict[str, dict[str, float]]:
    """Without a server: a document counts as done when the annotator labelled something in it."""
    total = len(annotations.documents)
    rows = {}
    for name in annotations.annotators:
        done = sum(1 for by in annotations.documents.values() if name in by and (by[name].entities or by[name].quotes))
        rows[name] = {"done": done, "total": total, "share": done / total if total else 0.0}
    return rows


def label_counts(annotations: Annotations) -> dict[str, dict[str, int]]:
    """``annotator -> entity label -> spans`` over every document of their file."""
    counts: dict[str, dict[str, int]] = {}
    for name in annotations.annotators:
        found = Counter(e.label for by in annotations.documents.values() if name in by for e in by[name].entities)
        counts[name] = dict(sorted(found.items()))
    return counts


def _restricted(annotations: Annotations, done: Mapping[str, set[str]]) -> Annotations:
    """Only the versions each annotator confirmed."""
    kept = Annotations(list(annotations.annotators), dict(annotations.paths))
    for doc_id, by in annotations.documents.items():
        versions = {name: doc for name, doc in by.items() if doc_id in done.get(name, set())}
        if versions:
            kept.documents[doc_id] = versions
    return kept


def shared_agreement(annotations: Annotations, confirmed: Mapping[str, set[str]] | None = None) -> dict[str, Any]:
    """:func:`khabar.agreement.agreement` (by document too) on the documents two or more annotators share so far.

    With ``confirmed`` (``annotator -> document ids``), a version counts only
    once its annotator confirmed it: a document still carrying two untouched
    copies of the same pre-annotation would otherwise agree perfectly. Until two
    annotators have confirmed the same document, every shared document counts.
    ``"confirmed_only"`` in the result says which of the two was measured.
    """
    if confirmed is not None:
        restricted = _restricted(annotations, confirmed)
        if restricted.shared(2):
            return {**agreement(restricted, by_document=True), "confirmed_only": True}
    return {**agreement(annotations, by_document=True), "confirmed_only": False}


def annotator_versions(annotations: Annotations) -> dict[str, list[Document]]:
    """``annotator -> their documents``, in document order (the shape :func:`preannotation_kept` takes)."""
    return {name: [by[name] for by in annotations.documents.values() if name in by] for name in annotations.annotators}


def pairwise_rows(figures: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The pairs of an ``agreement`` result as flat table rows."""
    return [
        {"a": p["a"], "b": p["b"], "documents": p["documents"],
         "entities strict F1": p["entities"]["strict"]["f1"], "entities partial F1": p["entities"]["partial"]["f1"],
         "quote content F1 (0.3)": p["quotes"]["overlap_0.3"]["f1"], "attribution F1": p["quotes"]["attribution"]["f1"],
         "token kappa": p["token_kappa"]}
        for p in figures["pairwise"]
    ]


T = TypeVar("T")


def _compare(suggested: Sequence[T], final: Sequence[T], span: Callable[[T], Span]) -> Counter[str]:
    """Count suggested items kept unchanged, edited (an overlapping item took their place), deleted; and items added.

    An edited item is paired with one overlapping final item, nearest start
    first, so a suggestion split in two counts one edit and one addition.
    """
    counts: Counter[str] = Counter({kind: 0 for kind in KEPT_KINDS})
    remaining = list(final)
    left = []
    for item in suggested:
        if item in remaining:
            remaining.remove(item)
            counts["unchanged"] += 1
        else:
            left.append(item)
    for item in left:
        overlapping = [f for f in remaining if span(f).overlap(span(item))]
        if overlapping:
            remaining.remove(min(overlapping, key=lambda f: abs(span(f).start - span(item).start)))
            counts["edited"] += 1
        else:
            counts["deleted"] += 1
    counts["added"] = len(remaining)
    return counts


def _content(quote: Quote) -> Span:
    return quote.content


def preannotation_kept(
    suggested: Iterable[Document],
    annotated: Mapping[str, Iterable[Document]],
    documents: Mapping[str, set[str]] | None = None,
) -> dict[str, dict[str, dict[str, int]]]:
    """``annotator -> "entities"/"quotes" -> {"unchanged", "edited", "deleted", "added", "documents"}``.

    ``suggested`` is the pre-annotation file pushed to doccano; ``annotated``
    each annotator's pulled documents. Only documents in both count, and, with
    ``documents`` (``annotator -> ids``, e.g. :func:`confirmed_documents`), only
    those: an unopened document would count every suggestion as kept. An
    entity is unchanged when its start, end and label are; a quote when its
    content, source, cue and type are; an edit overlaps the suggestion (entity
    span or quote content) but differs.
    """
    by_id = {doc.id: doc for doc in suggested}
    result: dict[str, dict[str, dict[str, int]]] = {}
    for name, docs in annotated.items():
        entities: Counter[str] = Counter({kind: 0 for kind in KEPT_KINDS})
        quotes: Counter[str] = Counter({kind: 0 for kind in KEPT_KINDS})
        seen = 0
        for doc in docs:
            before = by_id.get(doc.id)
            if before is None or (documents is not None and doc.id not in documents.get(name, set())):
                continue
            seen += 1
            entities.update(_compare(before.entities, doc.entities, lambda e: e.span))
            quotes.update(_compare(before.quotes, doc.quotes, _content))
        result[name] = {"entities": {**{k: entities[k] for k in KEPT_KINDS}, "documents": seen},
                        "quotes": {**{k: quotes[k] for k in KEPT_KINDS}, "documents": seen}}
    return result
