"""Adjudication: merge several annotators' versions into one gold set, by vote.

doccano has no adjudication; this module supplies it. The input is one gold file
per annotator (see :func:`khabar.agreement.load_annotations`); the output is a
gold file and, beside it, a review file of what the vote could not settle.

Strategies
----------
``majority``
    An entity (same start, end and label) enters the gold set when at least
    ``K`` annotators of its document have it, and more annotators have it than
    any entity it *clashes* with: the same span under another label (the
    validator's E227), or an overlapping span of the same label (E228). Of two
    clashing entities the one fewer annotators had is outvoted; on a tie neither
    enters, both wait for review. Quotes are first matched across annotators by
    content (:func:`khabar.evaluate.match_quotes` at overlap 0.8, the scorer's
    own definition; annotators taken in the order of their names, so that the
    order of the files changes nothing); a group of matched quotes with at least
    ``K`` members enters, its content, source, cue and type each chosen by
    plurality among the members. A tie is never settled by the order of the
    files: a tied source or cue is left out (``null``, with empty
    ``source_votes``/``cue_votes``) and a tied content or type keeps the quote out
    of the gold set, as a tied entity is kept out; either way it is a conflict,
    whatever ``K``. A source or cue that overlaps the chosen content (or the cue
    the chosen source, E235) is left out the same way; and of two groups that
    give the same quote (E229) the smaller is outvoted, a tie puts both out. So
    merging versions never puts into a gold document what ``gold validate``
    refuses to see together (E227, E228, E229, E235), even with a ``K`` under a
    majority; a problem of one annotator's own span (a cut word, a type the
    quotation marks deny) is carried over as it was, and a type can still be
    outvoted apart from its content (E231-E234).
    ``K`` is ``--min-votes``, by default more than half of the document's
    annotators (then two clashing entities both reach ``K`` only when one
    annotator had both).
``prefer:NAME``
    NAME is an adjudicator: for every document NAME's file holds, NAME's
    version is the gold version (NAME has seen the others' and decided);
    every other document is decided by majority of the other annotators. NAME's
    file may hold only the documents NAME settled, e.g. pulled from a review
    project made from the review file below. Per document rather than per span,
    so that an adjudicator can also *remove* what a majority had. This is how a
    tie is settled.

Output layout
-------------
Gold file: ordinary gold documents, with ``"annotators": [...]`` (who annotated
the document) in the document, ``"votes": [...]`` (who had it) in every entity
and quote, and ``"source_votes"``, ``"cue_votes"`` in quotes (who agreed on the
chosen source and cue; empty when a tie left it out). Names are listed in the
order of the files.

Review file ``GOLD.conflicts.jsonl`` (for ``gold.jsonl``; see :func:`conflicts_path`):
one line per document with anything unsettled. Each line is itself a valid gold
document, so that ``khabar doccano push`` can pre-annotate a review project with
it, and an adjudicator's pull of that project is a complete ``prefer:NAME`` file::

    {"id", "text", "meta",
     "entities": [the entities in the gold set and every competing candidate,
                  each with "annotators": [who had it]],
     "quotes": [likewise for quotes],
     "annotators": [who annotated the document],
     "conflicts": [{"kind": "entity" | "quote", "start", "end", "text",
                    "disputed": ["span"] | ["content", "source", "cue", "type"],
                    "in_gold": bool, "outvoted": bool,
                    "versions": {annotator: [that annotator's items in start..end]}}]}

``disputed`` is ``["span"]`` for items not in the gold set because too few
annotators had them or a clashing item had as many votes or more (``outvoted``
when the gold set has another item there, which more annotators chose). For a
quote group that had its ``K`` votes, it names the parts tied or won by fewer
than ``K`` votes (or left out for overlapping the content); ``in_gold`` is
false when the content or the type tied (the quote waits for review), true
otherwise; a quote in the gold set whose source or cue a tie left out shows in
the review document as the versions that tied, not as the blank nobody chose. An annotator with an empty list in ``versions`` had nothing
there, which is a vote too. The review document may hold overlapping spans
(two labels of one name): the doccano project it goes to must allow
overlapping spans.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any

from .agreement import Annotations, load_annotations
from .errors import InputError
from .gold.io import write_documents
from .gold.model import Document, Entity, Quote, Span

__all__ = [
    "CONTENT_MATCH",
    "Adjudication",
    "parse_strategy",
    "adjudicate",
    "adjudicate_files",
    "conflicts_path",
    "render_summary",
]

#: Share of a quote's content another annotator's content must cover to count as the same quote.
CONTENT_MATCH = 0.8

#: A quote's parts, in the order votes on them are taken and disputes listed.
_QUOTE_PARTS = ("content", "source", "cue", "type")


@dataclass
class Adjudication:
    """The adjudicated gold documents, the review documents, and counts of what happened."""

    documents: list[Document]
    conflicts: list[Document]
    counts: dict[str, int] = field(default_factory=dict)


def parse_strategy(strategy: str, annotators: Sequence[str]) -> str | None:
    """``None`` for ``majority``, the adjudicator's name for ``prefer:NAME``; InputError otherwise."""
    if strategy == "majority":
        return None
    if strategy.startswith("prefer:"):
        name = strategy.removeprefix("prefer:")
        if name not in annotators:
            raise InputError("E610", name=name, annotators=list(annotators), field="strategy")
        return name
    raise InputError("E611", strategy=strategy, field="strategy")


def conflicts_path(gold_path: str | PathLike[str]) -> Path:
    """Where the review file of ``gold_path`` goes: ``gold.jsonl`` -> ``gold.conflicts.jsonl``."""
    path = Path(gold_path)
    name = path.name
    for suffix in (".jsonl.gz", ".jsonl", ".json"):
        if name.endswith(suffix):
            return path.with_name(name[: -len(suffix)] + ".conflicts.jsonl")
    return path.with_name(name + ".conflicts.jsonl")


def adjudicate(annotations: Annotations, *, strategy: str = "majority", min_votes: int | None = None) -> Adjudication:
    """Merge every document's versions into one (rules in the module docstring)."""
    adjudicator = parse_strategy(strategy, annotations.annotators)
    voters = [a for a in annotations.annotators if a != adjudicator]
    if min_votes is not None and not 1 <= min_votes <= len(voters):
        raise InputError("E612", count=len(voters), found=min_votes, field="min_votes")
    from .evaluate import match_quotes  # the scorer's quote matching: one definition in khabar

    counts = Counter[str]()
    gold_docs: list[Document] = []
    review_docs: list[Document] = []
    for doc_id, versions in annotations.documents.items():
        merger = _DocumentMerger(doc_id, versions, voters, adjudicator, min_votes, match_quotes)
        gold, review = merger.merge()
        gold_docs.append(gold)
        counts["documents"] += 1
        counts["entities"] += len(gold.entities)
        counts["quotes"] += len(gold.quotes)
        if merger.adjudicator is None and len(merger.voters) < 2:  # an adjudicator's document is settled, not unchecked
            counts["single_annotator_documents"] += 1
        if review is not None:
            review_docs.append(review)
            for conflict in review.extra["conflicts"]:
                counts[f"{conflict['kind']}_conflicts"] += 1
    counts.setdefault("entity_conflicts", 0)
    counts.setdefault("quote_conflicts", 0)
    counts.setdefault("single_annotator_documents", 0)
    counts["review_documents"] = len(review_docs)
    return Adjudication(gold_docs, review_docs, dict(counts))


def adjudicate_files(
    paths: Sequence[str | PathLike[str]],
    out: str | PathLike[str],
    *,
    strategy: str = "majority",
    min_votes: int | None = None,
) -> Adjudication:
    """Read annotator files, adjudicate, write ``out`` and its review file (:func:`conflicts_path`).

    The review file is always written, empty when nothing is in conflict, so
    that a stale one from an earlier run cannot be mistaken for this run's.
    """
    result = adjudicate(load_annotations(paths), strategy=strategy, min_votes=min_votes)
    write_documents(out, result.documents)
    write_documents(conflicts_path(out), result.conflicts)
    return result


# --------------------------------------------------------------------------- one document


def _entity_key(entity: Entity) -> tuple[int, int, str]:
    return (entity.start, entity.end, entity.label)


def _quote_key(quote: Quote) -> tuple[Any, ...]:
    return (quote.content, quote.source, quote.cue, quote.type)


def _overlaps(a: Span, b: Span) -> bool:
    return a.overlap(b) > 0


def _plain_entity(entity: Entity) -> dict[str, Any]:
    return {"start": entity.start, "end": entity.end, "label": entity.label}


def _plain_quote(quote: Quote) -> dict[str, Any]:
    return Quote(quote.content, quote.source, quote.cue, quote.type).to_dict()


def _entities_clash(a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    """Whether a gold document may not hold both: one span twice (E227), or overlapping names of one label (E228)."""
    (a_start, a_end, a_label), (b_start, b_end, b_label) = a, b
    if (a_start, a_end) == (b_start, b_end):
        return True
    return a_label == b_label and a_start < b_end and b_start < a_end


def _quote_identity(quote: Quote) -> tuple[Any, ...]:
    """What makes two quotes the same quote to the validator (E229)."""
    return (quote.content, quote.source, quote.cue)


def _beaten(items: Sequence[tuple[Span, int, Any]], clash: Callable[[Any, Any], bool]) -> set[int]:
    """Indices of the items that clash with an item at least as many annotators had: a tie puts both out.

    ``items`` are ``(span, votes, what)``; only items whose spans overlap are compared, ``clash(what, what)``.
    Comparing every pair (not keeping the first winner) makes the result independent of the items' order.
    """
    order = sorted(range(len(items)), key=lambda i: (items[i][0].start, items[i][0].end))
    beaten: set[int] = set()
    for position, i in enumerate(order):
        span, votes, what = items[i]
        for j in order[position + 1 :]:
            other_span, other_votes, other = items[j]
            if other_span.start >= span.end:
                break
            if clash(what, other):
                if votes <= other_votes:
                    beaten.add(i)
                if other_votes <= votes:
                    beaten.add(j)
    return beaten


def _extent(spans: list[Span]) -> Span:
    """From the first start to the last end of ``spans``."""
    return Span(min(s.start for s in spans), max(s.end for s in spans))


def _regions(spans: list[Span]) -> list[Span]:
    """Merge overlapping spans into the regions they cover together."""
    regions: list[Span] = []
    for span in sorted(spans):
        if regions and span.start < regions[-1].end:
            regions[-1] = Span(regions[-1].start, max(regions[-1].end, span.end))
        else:
            regions.append(span)
    return regions


class _DocumentMerger:
    """Adjudicates one document: the adjudicator's version if there is one, else majority among ``voters``."""

    def __init__(
        self,
        doc_id: str,
        versions: dict[str, Document],
        voters: Sequence[str],
        adjudicator: str | None,
        min_votes: int | None,
        match_quotes: Any,
    ) -> None:
        self.doc_id = doc_id
        self.versions = versions
        self.voters = [v for v in voters if v in versions]
        self.adjudicator = adjudicator if adjudicator in versions else None
        self.threshold = min_votes if min_votes is not None else len(self.voters) // 2 + 1
        self.match_quotes = match_quotes
        first = next(iter(versions.values()))
        self.text, self.meta = first.text, first.meta
        self.conflicts: list[dict[str, Any]] = []
        # What the review document shows: every item in the gold set and every competing candidate.
        self.review_entities: dict[tuple[int, int, str], list[str]] = {}
        self.review_quotes: dict[tuple[Any, ...], tuple[Quote, list[str]]] = {}

    def merge(self) -> tuple[Document, Document | None]:
        if self.adjudicator is not None:
            entities, quotes = self._preferred()
        else:
            entities, quotes = self._entities(), self._quotes()
        annotators = list(self.versions)
        gold = Document(self.doc_id, self.text, dict(self.meta), entities, quotes, {"annotators": annotators})
        if not self.conflicts:
            return gold, None
        for entity in entities:
            self.review_entities.setdefault(_entity_key(entity), list(entity.extra["votes"]))
        for quote in quotes:
            if not (quote.extra["source_votes"] and quote.extra["cue_votes"]):
                continue  # a part left out by a tie: the versions that tied are shown, not a blank nobody chose
            self.review_quotes.setdefault(_quote_key(quote), (quote, list(quote.extra["votes"])))
        review = Document(
            self.doc_id,
            self.text,
            dict(self.meta),
            [Entity(s, e, label, {"annotators": names}) for (s, e, label), names in sorted(self.review_entities.items())],
            [
                Quote(q.content, q.source, q.cue, q.type, {"annotators": names})
                for q, names in sorted(self.review_quotes.values(), key=lambda qn: (qn[0].content.start, qn[0].content.end))
            ],
            {"annotators": annotators, "conflicts": sorted(self.conflicts, key=lambda c: (c["start"], c["end"], c["kind"]))},
        )
        return gold, review

    # ---------------------------------------------------------------- the adjudicator's version

    def _preferred(self) -> tuple[list[Entity], list[Quote]]:
        """The adjudicator's entities and quotes, each with who else had it."""
        name = self.adjudicator
        assert name is not None
        own = self.versions[name]
        entity_votes: dict[tuple[int, int, str], list[str]] = {}
        for voter in self.voters:
            for entity in self.versions[voter].entities:
                names = entity_votes.setdefault(_entity_key(entity), [])
                if voter not in names:
                    names.append(voter)
        entities = [
            Entity(e.start, e.end, e.label, {"votes": [name, *entity_votes.get(_entity_key(e), [])]}) for e in own.entities
        ]
        groups = self._quote_groups()
        matched = (
            {q: g for g, q in self.match_quotes([g[0][1] for g in groups], own.quotes, CONTENT_MATCH)}
            if groups and own.quotes
            else {}
        )
        quotes = []
        for i, quote in enumerate(own.quotes):
            group = groups[matched[i]] if i in matched else []
            extra = {
                "votes": [name, *self._listed(n for n, _ in group)],
                "source_votes": [name, *self._listed(n for n, q in group if q.source == quote.source)],
                "cue_votes": [name, *self._listed(n for n, q in group if q.cue == quote.cue)],
            }
            quotes.append(Quote(quote.content, quote.source, quote.cue, quote.type, extra))
        return (
            sorted(entities, key=lambda e: (e.start, e.end, e.label)),
            sorted(quotes, key=lambda q: (q.content.start, q.content.end)),
        )

    # ---------------------------------------------------------------- entities by majority

    def _entities(self) -> list[Entity]:
        votes: dict[tuple[int, int, str], list[str]] = {}
        for name in self.voters:
            for entity in self.versions[name].entities:
                names = votes.setdefault(_entity_key(entity), [])
                if name not in names:
                    names.append(name)
        keys = list(votes)
        beaten = _beaten([(Span(key[0], key[1]), len(votes[key]), key) for key in keys], _entities_clash)
        enter = [len(votes[key]) >= self.threshold and i not in beaten for i, key in enumerate(keys)]
        accepted = [Entity(*key, {"votes": votes[key]}) for key, ok in zip(keys, enter) if ok]
        failing = [(key, votes[key]) for key, ok in zip(keys, enter) if not ok]
        for region in _regions([Span(s, e) for (s, e, _), _ in failing]):
            for key, names in failing:
                if _overlaps(Span(key[0], key[1]), region):
                    self.review_entities[key] = names
            outvoted = any(_overlaps(e.span, region) for e in accepted)
            self.conflicts.append(
                self._conflict(
                    "entity", region, ["span"], False, outvoted,
                    {
                        name: [_plain_entity(e) for e in self.versions[name].entities if _overlaps(e.span, region)]
                        for name in self.voters
                    },
                )
            )
        return sorted(accepted, key=lambda e: (e.start, e.end, e.label))

    # ---------------------------------------------------------------- quotes by majority

    def _listed(self, names: Iterable[str]) -> list[str]:
        """``names`` in the order of the files, however they were gathered."""
        return sorted(names, key=self.voters.index)

    def _quote_groups(self) -> list[list[tuple[str, Quote]]]:
        """Each voter's quotes matched one-to-one against the groups so far, by content.

        Voters are taken by name, not in the order of the files: the first member of a group is the one
        the others are matched against (the scorer's matching is not symmetric), and the files' order
        must not change the groups.
        """
        groups: list[list[tuple[str, Quote]]] = []
        for name in sorted(self.voters):
            quotes = self.versions[name].quotes
            pairs = self.match_quotes([g[0][1] for g in groups], quotes, CONTENT_MATCH) if groups and quotes else []
            matched = set()
            for group_index, quote_index in pairs:
                groups[group_index].append((name, quotes[quote_index]))
                matched.add(quote_index)
            groups.extend([(name, q)] for i, q in enumerate(quotes) if i not in matched)
        return groups

    def _quotes(self) -> list[Quote]:
        voted: list[tuple[Quote, list[tuple[str, Quote]], list[str]]] = []
        undecided: list[tuple[list[tuple[str, Quote]], list[str]]] = []
        failing: list[list[tuple[str, Quote]]] = []
        for group in self._quote_groups():
            if len(group) < self.threshold:
                failing.append(group)
                continue
            quote, disputed = self._vote_parts(group)
            if quote is None:
                undecided.append((group, disputed))
            else:
                voted.append((quote, group, disputed))
        beaten = _beaten([(q.content, len(group), _quote_identity(q)) for q, group, _ in voted], lambda a, b: a == b)
        accepted: list[Quote] = []
        for i, (quote, group, disputed) in enumerate(voted):
            if i in beaten:
                failing.append(group)
                continue
            accepted.append(quote)
            if disputed:
                self._quote_conflict(group, disputed, in_gold=True, outvoted=False)
        for group, disputed in undecided:
            extent = _extent([q.content for _, q in group])
            outvoted = any(_overlaps(q.content, extent) for q in accepted)
            self._quote_conflict(group, disputed, in_gold=False, outvoted=outvoted)
        for region in _regions([q.content for group in failing for _, q in group]):
            members = [m for group in failing for m in group if _overlaps(m[1].content, region)]
            outvoted = any(_overlaps(q.content, region) for q in accepted)
            self._quote_conflict(members, ["span"], in_gold=False, outvoted=outvoted)
        return sorted(accepted, key=lambda q: (q.content.start, q.content.end))

    def _vote_parts(self, group: list[tuple[str, Quote]]) -> tuple[Quote | None, list[str]]:
        """The group's quote, each part by plurality, and the parts in dispute (rules in the module docstring).

        ``None`` for the quote when its content or type is tied: no annotator's version can stand for it.
        """
        chosen: dict[str, Any] = {}
        supporters: dict[str, list[str]] = {}
        disputed: set[str] = set()
        for part in _QUOTE_PARTS:
            tally = Counter(getattr(q, part) for _, q in group).most_common()
            value, top = tally[0]
            tied = len(tally) > 1 and tally[1][1] == top
            chosen[part] = None if tied else value
            supporters[part] = [] if tied else [name for name, q in group if getattr(q, part) == value]
            if tied or top < self.threshold:
                disputed.add(part)
        if chosen["content"] is None or chosen["type"] is None:
            return None, [part for part in _QUOTE_PARTS if part in disputed]
        # Parts taken from different annotators may overlap, which no quote may (E235).
        kept = [chosen["content"]]
        for part in ("source", "cue"):
            span = chosen[part]
            if span is not None and any(_overlaps(span, other) for other in kept):
                chosen[part], supporters[part] = None, []
                disputed.add(part)
            elif span is not None:
                kept.append(span)
        extra = {
            "votes": self._listed(name for name, _ in group),
            "source_votes": self._listed(supporters["source"]),
            "cue_votes": self._listed(supporters["cue"]),
        }
        quote = Quote(chosen["content"], chosen["source"], chosen["cue"], chosen["type"], extra)
        return quote, [part for part in _QUOTE_PARTS if part in disputed]

    def _quote_conflict(
        self, members: list[tuple[str, Quote]], disputed: list[str], *, in_gold: bool, outvoted: bool
    ) -> None:
        span = _extent([q.content for _, q in members])
        for name, quote in members:
            _, names = self.review_quotes.setdefault(_quote_key(quote), (quote, []))
            if name not in names:
                names.append(name)
                names.sort(key=self.voters.index)
        self.conflicts.append(
            self._conflict(
                "quote", span, disputed, in_gold, outvoted,
                {
                    name: [_plain_quote(q) for q in self.versions[name].quotes if _overlaps(q.content, span)]
                    for name in self.voters
                },
            )
        )

    def _conflict(
        self,
        kind: str,
        span: Span,
        disputed: list[str],
        in_gold: bool,
        outvoted: bool,
        versions: dict[str, list[dict[str, Any]]],
    ) -> dict[str, Any]:
        return {
            "kind": kind,
            "start": span.start,
            "end": span.end,
            "text": span.text_in(self.text),
            "disputed": disputed,
            "in_gold": in_gold,
            "outvoted": outvoted,
            "versions": versions,
        }


def render_summary(result: Adjudication, gold_path: str | PathLike[str]) -> str:
    """Two lines for people: what was written to ``gold_path``, and what waits for review beside it."""
    counts = result.counts
    written = (f"Wrote {counts['documents']} documents ({counts['entities']} entities, {counts['quotes']} quotes) "
               f"to {gold_path}")
    review = (f"{counts['entity_conflicts']} entity and {counts['quote_conflicts']} quote conflicts in "
              f"{counts['review_documents']} documents, for review in {conflicts_path(gold_path)}"
              + (f"; {counts['single_annotator_documents']} documents had one annotator only"
                 if counts["single_annotator_documents"] else ""))
    return f"{written}\n{review}"
