"""Simulated annotators: noisy copies of gold documents, for trying agreement and adjudication.

A real second annotator takes days; agreement figures, the adjudication queue
and the notebooks can be tried on a copy of the gold set that disagrees with it
in the ways annotators do: a missed entity, a wrong label, a span cut short, a
quote whose source was not marked, a content that stops half-way. The
benchmarks and tests use it with fixed seeds. To have such an annotator label and
confirm examples on a doccano server (a simulated campaign), pass the copy to
:func:`khabar.doccano.annotate.label_example`; this module stays pure.

>>> import random
>>> second = simulate_annotator(gold_doc, random.Random(1), drop=0.15)  # doctest: +SKIP
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from .gold.model import ENTITY_LABELS, Document, Entity, Quote, Span

__all__ = ["simulate_annotator"]


def simulate_annotator(
    doc: Document,
    rng: random.Random,
    *,
    drop: float = 0.1,
    relabel: float = 0.1,
    trim: float = 0.05,
    drop_quote: float = 0.1,
    drop_source: float = 0.1,
    halve_content: float = 0.1,
    labels: Sequence[str] = ENTITY_LABELS,
    doc_id: str | None = None,
    annotator: str | None = None,
) -> Document:
    """A copy of ``doc`` with the mistakes of a hurried annotator, each at the given rate.

    Per entity (one draw each): dropped with probability ``drop``, given a label
    drawn from ``labels`` (possibly its own) with ``relabel``, its end moved two
    characters in with ``trim`` (entities over three characters). Per quote:
    dropped with ``drop_quote``, its source removed with ``drop_source``, its
    content cut to its first half with ``halve_content``. ``annotator`` is
    recorded under ``extra["annotator"]``.
    """
    entities = []
    for entity in doc.entities:
        roll = rng.random()
        if roll < drop:
            continue
        if roll < drop + relabel:
            entities.append(Entity(entity.start, entity.end, rng.choice(labels)))
        elif roll < drop + relabel + trim and entity.end - entity.start > 3:
            entities.append(Entity(entity.start, entity.end - 2, entity.label))
        else:
            entities.append(Entity(entity.start, entity.end, entity.label))
    quotes = []
    for quote in doc.quotes:
        roll = rng.random()
        if roll < drop_quote:
            continue
        if roll < drop_quote + drop_source:
            quotes.append(Quote(quote.content, None, quote.cue, quote.type))
        elif roll < drop_quote + drop_source + halve_content:
            half = Span(quote.content.start, quote.content.start + len(quote.content) // 2)
            quotes.append(Quote(half, quote.source, quote.cue, quote.type))
        else:
            quotes.append(Quote(quote.content, quote.source, quote.cue, quote.type))
    extra = {"annotator": annotator} if annotator is not None else {}
    return Document(doc_id if doc_id is not None else doc.id, doc.text, doc.meta, entities, quotes, extra)
