"""Which annotators see which document: K annotators each, a shared fraction seen by all, balanced and stable.

A campaign routes every document to ``per_document`` (K) of its annotators,
and a ``shared`` fraction of the documents to all of them, so that agreement
can be measured on those. Routing is pure (no server, no files): it takes ids
and the assignments made so far and returns the assignments of new ids.

How a new document is routed
    New ids are taken in the order of a stable hash of ``seed`` and the id
    (sha256), so the same set of ids gives the same assignment whatever order
    the corpus lists them in. Along that order a quota decides which go to
    every annotator: a document is shared when the number shared so far is
    below ``floor(shared * documents routed so far)``, so a campaign of N
    documents holds exactly ``floor(shared * N)`` shared ones after every
    push, however its documents were split between pushes.
    Every other document goes to the K least-loaded annotators; ties are
    broken by a hash of the id and the annotator's name, which spreads the
    pairs of annotators over the documents instead of always pairing the
    first names.

Balance and stability, and the trade-off between them
    Giving K documents to the K least-loaded annotators keeps every
    annotator's load within one of every other's (if loads differ by at most
    one before, they do after; a shared document adds one to everybody), so
    the loads of a campaign are balanced within one after any sequence of
    pushes. Assignments already made are never revisited: a second push
    routes only the ids it has not seen, against the loads the first left.
    The price is that a document's annotators depend on when it arrived, not
    on its id alone: re-routing the whole corpus from scratch after each
    push would give the same balance but move documents that annotators may
    already have labelled, and a scheme that needs no memory at all
    (rendezvous hashing: each document's K highest-hashed annotators) is
    stable without a record but balanced only on average (loads drift apart
    by about the square root of the number of documents). khabar keeps the
    assignments in the campaign record (:mod:`.campaign`), so it can have
    both stability and balance within one.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping, Sequence

from ..errors import InputError

__all__ = ["DEFAULT_SEED", "Router", "check_options", "route"]

DEFAULT_SEED = "khabar"


def check_options(annotators: Sequence[str], per_document: int, shared: float) -> tuple[str, ...]:
    """Validate a routing's options and return the annotators as a tuple.

    Raises :class:`InputError` E392 (annotator names empty or repeated), E390 (K
    not between 1 and the number of annotators) or E391 (the shared fraction
    not in [0, 1]), each naming its option.
    """
    names = tuple(annotators)
    if not names or any(not isinstance(n, str) or not n.strip() for n in names):
        raise InputError("E392", f"routing needs one or more annotator names, found {list(names)!r}",
                         field="annotators")
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise InputError("E392", f"annotator names must be unique; repeated: {', '.join(repeated)}",
                         field="annotators")
    if isinstance(per_document, bool) or not isinstance(per_document, int) or not 1 <= per_document <= len(names):
        raise InputError("E390", f"--per-document must be between 1 and the number of annotators ({len(names)}), "
                         f"found {per_document!r}", field="per_document")
    if isinstance(shared, bool) or not isinstance(shared, (int, float)) or not 0.0 <= float(shared) <= 1.0:
        raise InputError("E391", f"--shared must be a fraction between 0 and 1, found {shared!r}", field="shared")
    return names


def _hash(*parts: str) -> int:
    return int.from_bytes(hashlib.sha256("\0".join(parts).encode("utf-8")).digest()[:8], "big")


class Router:
    """Routes ids to annotators, remembering every assignment it made (or was given) and each annotator's load.

    ``assignments`` and ``shared_ids`` are those of earlier pushes (from the
    campaign record); they are kept as they are and count towards the loads
    and the shared quota.
    """

    def __init__(self, annotators: Sequence[str], per_document: int, shared: float = 0.0, *,
                 seed: str = DEFAULT_SEED, assignments: Mapping[str, Sequence[str]] | None = None,
                 shared_ids: Iterable[str] = ()) -> None:
        self.annotators = check_options(annotators, per_document, shared)
        self.per_document = per_document
        self.shared = float(shared)
        self.seed = seed
        self.assignments: dict[str, tuple[str, ...]] = {}
        self.shared_ids: set[str] = set(shared_ids)
        self.loads: dict[str, int] = {name: 0 for name in self.annotators}
        self._rank = {name: i for i, name in enumerate(self.annotators)}
        for doc_id, names in (assignments or {}).items():
            unknown = [n for n in names if n not in self._rank]
            if unknown:
                raise InputError("E392", f"document {doc_id!r} was routed to {unknown}, who are not among the "
                                 f"annotators {list(self.annotators)}", field="annotators")
            self.assignments[str(doc_id)] = tuple(sorted(names, key=self._rank.__getitem__))
            for name in names:
                self.loads[name] += 1

    def route(self, ids: Iterable[str]) -> dict[str, tuple[str, ...]]:
        """The annotators of each of ``ids`` (repeats once): earlier assignments as they were, new ids routed now."""
        wanted = list(dict.fromkeys(str(i) for i in ids))
        new = sorted((i for i in wanted if i not in self.assignments), key=lambda i: (_hash(self.seed, i), i))
        everyone = self.annotators
        for doc_id in new:
            quota = math.floor(self.shared * (len(self.assignments) + 1) + 1e-9)
            if len(self.shared_ids) < quota:
                chosen: tuple[str, ...] = everyone
                self.shared_ids.add(doc_id)
            else:
                by_load = sorted(everyone, key=lambda n: (self.loads[n], _hash(self.seed, doc_id, n), n))
                chosen = tuple(sorted(by_load[: self.per_document], key=self._rank.__getitem__))
            self.assignments[doc_id] = chosen
            for name in chosen:
                self.loads[name] += 1
        return {i: self.assignments[i] for i in wanted}


def route(ids: Iterable[str], annotators: Sequence[str], per_document: int, shared: float = 0.0, *,
          seed: str = DEFAULT_SEED, previous: Mapping[str, Sequence[str]] | None = None,
          previous_shared: Iterable[str] = ()) -> dict[str, tuple[str, ...]]:
    """``{id: (annotator, ...)}``: each id's K annotators (all of them for the shared fraction).

    ``previous`` (and ``previous_shared``) are the assignments of earlier pushes, kept unchanged.
    See the module's docstring for how ids are routed.
    """
    router = Router(annotators, per_document, shared, seed=seed, assignments=previous, shared_ids=previous_shared)
    return router.route(ids)
