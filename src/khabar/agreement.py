"""Inter-annotator agreement: how far annotators of the same documents agree.

doccano has no agreement figures; this module computes them from the gold files
``khabar doccano pull`` writes, one JSON-lines file per annotator.

Three kinds of figure, each answering a different question:

* **Pairwise span scores** (precision, recall, F1 for entities and quotes) treat
  annotator ``a`` as the gold and ``b`` as the prediction, with exactly the
  definitions of ``khabar evaluate`` (:func:`khabar.evaluate.evaluate` is called,
  not re-implemented). F1 is symmetric, so it does not matter who is "gold".
* **Cohen's kappa** per pair over the BIO entity tag of every token.
* **Krippendorff's alpha** across all annotators at once (nominal level), on the
  BIO entity tags and on per-token quote roles. Annotators who did not annotate
  a document are missing values, which alpha handles and kappa does not.

Token rules (the same for kappa and alpha), over :func:`khabar.text.tokenize`:

* A token touched by an entity span counts as inside it, even when the span
  covers it only partly (a span cut in the middle of a word still marks that
  word); the first token an entity touches is ``B-LABEL``, the others
  ``I-LABEL``. When two entities touch the same token (nested or overlapping
  spans) the one that starts first, then the longer one, wins.
* Quote roles: ``O``, ``CONTENT``, ``SOURCE``, ``CUE``; a token in several roles
  takes the narrowest one by the precedence ``CUE > SOURCE > CONTENT``, because
  cues and sources are short and would otherwise vanish inside a long content.

Degenerate cases follow the observed agreement: when both annotators (or all, for
alpha) give every token the same single tag, kappa and alpha are 0/0; khabar
reports 1.0 there, since the annotators agree perfectly, and the expected
agreement being 1 only says the sample cannot tell chance from skill (this is
scikit-learn's ``replace_undefined_by`` and the usual reading in Artstein and
Poesio 2008). With no token at all, or no token seen by two annotators, the
figure is ``None`` (``null`` in JSON).
"""

from __future__ import annotations

import bisect
import itertools
import math
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any

from .errors import InputError
from .gold.io import read_documents
from .gold.model import ENTITY_LABELS, Document, first_difference
from .gold.validate import check_document
from .text import tokenize

__all__ = [
    "QUOTE_ROLES",
    "Annotations",
    "load_annotations",
    "entity_tags",
    "quote_tags",
    "cohen_kappa",
    "krippendorff_alpha",
    "agreement",
    "agreement_of_files",
    "document_agreement",
    "render",
]

#: Per-token quote roles, in the order of precedence used when roles overlap (last wins).
QUOTE_ROLES: tuple[str, ...] = ("O", "CONTENT", "SOURCE", "CUE")


@dataclass
class Annotations:
    """Every annotator's version of every document, matched by document id.

    ``documents[doc_id][annotator]`` is that annotator's :class:`Document`;
    documents keep the order in which they were first seen, annotators the order
    of the files.
    """

    annotators: list[str]
    paths: dict[str, Path]
    documents: dict[str, dict[str, Document]] = field(default_factory=dict)

    def shared(self, minimum: int = 2) -> list[str]:
        """Ids of the documents annotated by at least ``minimum`` annotators."""
        return [doc_id for doc_id, by in self.documents.items() if len(by) >= minimum]

    def text(self, doc_id: str) -> str:
        """The text of a document (identical for every annotator, checked on loading)."""
        return next(iter(self.documents[doc_id].values())).text


def load_annotations(paths: Sequence[str | PathLike[str]], *, minimum_annotators: int = 2) -> Annotations:
    """Read one gold file per annotator and match their documents by id.

    An annotator is named by the documents' ``annotator`` field, else by the
    file's stem (``alice.jsonl`` -> ``alice``). Raises :class:`InputError` when
    a span is out of range, empty or reversed (the gold validator's E220/E221), when an
    entity label stands for one of :data:`~khabar.gold.model.ENTITY_LABELS` written otherwise (E226: one
    annotator's ``loc`` against another's ``LOC`` would count as disagreement; a project's own labels pass),
    when a file is empty, when two files name the same annotator, when one file
    holds the same id twice or names two annotators, when the same id has
    different texts in two files, or when fewer than ``minimum_annotators``
    files are given.
    """
    if len(paths) < minimum_annotators:
        raise InputError(
            "E601",
            f"agreement and adjudication need at least {minimum_annotators} annotator files, got {len(paths)}"
            + (f" ({', '.join(str(p) for p in paths)})" if paths else ""),
        )
    annotations = Annotations(annotators=[], paths={})
    first_seen: dict[str, tuple[Path, int]] = {}  # doc id -> (file, line) where its text was first read
    for raw_path in paths:
        path = Path(raw_path)
        docs: list[tuple[int, Document]] = []
        seen_ids: dict[str, int] = {}
        for line, doc in read_documents(path, located=True, labels=ENTITY_LABELS, allow_other_labels=True):
            if doc.id in seen_ids:
                raise InputError(
                    "E602", f"document id appears twice in one annotator's file (first on line {seen_ids[doc.id]})",
                    path=path, line=line, field="id", doc_id=doc.id,
                )
            seen_ids[doc.id] = line
            check_document(doc, path=path, line=line)  # a reversed or out-of-range span: E221/E220, file and line
            docs.append((line, doc))
        if not docs:
            raise InputError("E603", "the annotator file holds no documents", path=path)
        named = {doc.annotator for _, doc in docs if doc.annotator}
        if len(named) > 1:
            raise InputError(
                "E604", f"one file must hold one annotator's work, found annotators {sorted(named)}",
                path=path, field="annotator",
            )
        name = named.pop() if named else path.stem
        if name in annotations.paths:
            raise InputError(
                "E605", f"annotator {name!r} is named by two files: {annotations.paths[name]} and {path}",
                path=path, field="annotator",
            )
        annotations.annotators.append(name)
        annotations.paths[name] = path
        for line, doc in docs:
            by_annotator = annotations.documents.setdefault(doc.id, {})
            if by_annotator:
                other = next(iter(by_annotator.values()))
                if other.text != doc.text:
                    first_path, first_line = first_seen[doc.id]
                    raise InputError(
                        "E606",
                        f"the text differs from the text of the same document in {first_path}:{first_line}"
                        f" (first difference at character {first_difference(other.text, doc.text)}, lengths {len(other.text)}"
                        f" and {len(doc.text)}); annotators must label the same text",
                        path=path, line=line, field="text", doc_id=doc.id,
                    )
            else:
                first_seen[doc.id] = (path, line)
            by_annotator[name] = doc
    return annotations


# --------------------------------------------------------------------------- token tags


def _token_bounds(text: str) -> tuple[list[int], list[int]]:
    tokens = tokenize(text)
    return [t.start for t in tokens], [t.end for t in tokens]


def _touched(starts: list[int], ends: list[int], start: int, end: int) -> range:
    """Indices of the tokens that share at least one character with ``[start, end)``."""
    first = bisect.bisect_right(ends, start)  # first token ending after the span starts
    last = bisect.bisect_left(starts, end)  # first token starting at or after the span ends
    return range(first, last)


def entity_tags(doc: Document, bounds: tuple[list[int], list[int]] | None = None) -> list[str]:
    """The BIO entity tag of every token of ``doc`` (rules in the module docstring)."""
    starts, ends = bounds if bounds is not None else _token_bounds(doc.text)
    tags = ["O"] * len(starts)
    for entity in sorted(doc.entities, key=lambda e: (e.start, -e.end)):
        touched = _touched(starts, ends, entity.start, entity.end)
        if not touched or tags[touched[0]] != "O":
            continue  # a token is claimed by the first entity that starts on it
        tags[touched[0]] = f"B-{entity.label}"
        for i in touched[1:]:
            if tags[i] != "O":
                break
            tags[i] = f"I-{entity.label}"
    return tags


def quote_tags(doc: Document, bounds: tuple[list[int], list[int]] | None = None) -> list[str]:
    """The quote role (``O``, ``CONTENT``, ``SOURCE``, ``CUE``) of every token of ``doc``."""
    starts, ends = bounds if bounds is not None else _token_bounds(doc.text)
    rank = [0] * len(starts)
    for quote in doc.quotes:
        for role, span in ((1, quote.content), (2, quote.source), (3, quote.cue)):
            if span is None:
                continue
            for i in _touched(starts, ends, span.start, span.end):
                rank[i] = max(rank[i], role)
    return [QUOTE_ROLES[r] for r in rank]


# --------------------------------------------------------------------------- coefficients


def cohen_kappa(a: Sequence[str], b: Sequence[str]) -> float | None:
    """Cohen's kappa of two equally long tag sequences (scikit-learn's ``cohen_kappa_score``).

    1.0 when both give every item the same single tag; ``None`` for no items.
    """
    if len(a) != len(b):
        raise ValueError(f"kappa needs two sequences of one length, got {len(a)} and {len(b)}")
    if not a:
        return None
    from sklearn.exceptions import UndefinedMetricWarning
    from sklearn.metrics import cohen_kappa_score

    import numpy as np

    labels = sorted(set(a) | set(b))
    if len(labels) == 1:
        return 1.0  # both gave every item the one same tag: expected agreement 1, kappa 0/0
    # Integer codes: scikit-learn's label handling is several times slower on strings.
    codes = {label: i for i, label in enumerate(labels)}
    coded_a = np.fromiter((codes[t] for t in a), dtype=np.int64, count=len(a))
    coded_b = np.fromiter((codes[t] for t in b), dtype=np.int64, count=len(b))
    with warnings.catch_warnings():
        # The undefined case is the documented 1.0 above, not something to warn about.
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        return float(
            cohen_kappa_score(coded_a, coded_b, labels=np.arange(len(labels)), replace_undefined_by=1.0)
        )


def krippendorff_alpha(rows: Sequence[Sequence[str | None]]) -> float | None:
    """Krippendorff's alpha (nominal) of one row of tags per annotator; ``None`` marks a missing value.

    1.0 when every value given is the same tag; ``None`` when no item has values
    from two annotators. Computed by the ``krippendorff`` package from value
    counts, with one exact saving: alpha depends on the data only through the
    coincidence matrix, where a unit on which all its ``m`` annotators gave
    value ``v`` adds exactly ``m`` to cell ``(v, v)``, as does a single unit
    with ``m`` votes for ``v``. So all unanimous units of one value are passed as
    one unit holding all their votes. Most tokens are unanimous ``O``s, and the
    package holds a values x values matrix per unit: this keeps its memory to
    the disputed tokens.
    """
    import numpy as np

    if not rows:
        return None
    values = sorted({v for row in rows for v in row if v is not None})
    if not values:
        return None
    codes = {value: i for i, value in enumerate(values)}
    codes[None] = -1  # type: ignore[index]
    matrix = np.stack([np.fromiter((codes[v] for v in row), dtype=np.int16, count=len(row)) for row in rows])
    present = matrix >= 0
    matrix = matrix[:, present.sum(axis=0) >= 2]  # only units two annotators coded count
    present = matrix >= 0
    if matrix.shape[1] == 0:
        return None
    if len(np.unique(matrix[present])) == 1:
        return 1.0
    import krippendorff

    high = np.where(present, matrix, -1).max(axis=0)
    low = np.where(present, matrix, len(values)).min(axis=0)
    unanimous = high == low
    disputed = matrix[:, ~unanimous]
    counts = np.zeros((disputed.shape[1] + len(values), len(values)), dtype=np.int64)
    for row in disputed:
        coded = np.nonzero(row >= 0)[0]
        counts[coded, row[coded]] += 1
    votes = present[:, unanimous].sum(axis=0)
    merged = np.bincount(high[unanimous], weights=votes, minlength=len(values)).astype(np.int64)
    counts[disputed.shape[1] + np.arange(len(values)), np.arange(len(values))] = merged
    counts = counts[counts.sum(axis=1) > 0]
    return float(krippendorff.alpha(value_counts=counts, level_of_measurement="nominal"))


# --------------------------------------------------------------------------- figures


def _tags_by_annotator(annotations: Annotations, doc_ids: Iterable[str]) -> dict[str, dict[str, tuple[list[str], list[str]]]]:
    """``{doc_id: {annotator: (entity tags, quote tags)}}``, tokenizing each text once."""
    out: dict[str, dict[str, tuple[list[str], list[str]]]] = {}
    for doc_id in doc_ids:
        bounds = _token_bounds(annotations.text(doc_id))
        out[doc_id] = {
            name: (entity_tags(doc, bounds), quote_tags(doc, bounds))
            for name, doc in annotations.documents[doc_id].items()
        }
    return out


def _alphas(
    annotators: Sequence[str], doc_ids: Sequence[str], tags: dict[str, dict[str, tuple[list[str], list[str]]]]
) -> tuple[float | None, float | None]:
    entity_rows: list[list[str | None]] = [[] for _ in annotators]
    quote_rows: list[list[str | None]] = [[] for _ in annotators]
    for doc_id in doc_ids:
        by = tags[doc_id]
        width = len(next(iter(by.values()))[0])
        for row_e, row_q, name in zip(entity_rows, quote_rows, annotators):
            if name in by:
                row_e.extend(by[name][0])
                row_q.extend(by[name][1])
            else:
                row_e.extend([None] * width)
                row_q.extend([None] * width)
    return krippendorff_alpha(entity_rows), krippendorff_alpha(quote_rows)


def _span_scores(gold: list[Document], pred: list[Document]) -> dict[str, Any]:
    """The pairwise entity and quote scores, straight from ``khabar evaluate``."""
    from .evaluate import evaluate

    scores = evaluate(gold, pred, task="all")
    entities, quotes = scores["entities"]["micro"], scores["quotes"]
    return {
        "entities": {"strict": entities["strict"], "partial": entities["partial"]},
        "quotes": {"overlap_0.3": quotes["content"]["overlap_0.3"], "attribution": quotes["attribution"]},
    }


def _pairwise(
    annotations: Annotations,
    doc_ids: Sequence[str],
    tags: dict[str, dict[str, tuple[list[str], list[str]]]],
) -> list[dict[str, Any]]:
    pairs = []
    for a, b in itertools.combinations(annotations.annotators, 2):
        both = [d for d in doc_ids if a in annotations.documents[d] and b in annotations.documents[d]]
        if not both:
            continue
        gold = [annotations.documents[d][a] for d in both]
        pred = [annotations.documents[d][b] for d in both]
        tags_a = [t for d in both for t in tags[d][a][0]]
        tags_b = [t for d in both for t in tags[d][b][0]]
        pairs.append(
            {"a": a, "b": b, "documents": len(both), **_span_scores(gold, pred), "token_kappa": cohen_kappa(tags_a, tags_b)}
        )
    return pairs


def agreement(annotations: Annotations, *, by_document: bool = False) -> dict[str, Any]:
    """Agreement figures across annotators, as ``khabar agree --json`` prints them.

    ``{"annotators", "documents", "left_out", "pairwise": [{"a", "b", "documents",
    "entities": {"strict", "partial"}, "quotes": {"overlap_0.3", "attribution"},
    "token_kappa"}], "entities_alpha", "quotes_alpha"}``; with ``by_document``,
    also ``"by_document"``: :func:`document_agreement` of every shared document,
    worst first. Raises :class:`InputError` when no document has two annotators.
    """
    doc_ids = annotations.shared(2)
    if not doc_ids:
        raise InputError(
            "E607",
            "no document id appears in two annotator files, so there is nothing to compare "
            f"(files: {', '.join(str(p) for p in annotations.paths.values())})",
            field="id",
        )
    tags = _tags_by_annotator(annotations, doc_ids)
    entities_alpha, quotes_alpha = _alphas(annotations.annotators, doc_ids, tags)
    result: dict[str, Any] = {
        "annotators": list(annotations.annotators),
        "documents": len(doc_ids),
        "left_out": len(annotations.documents) - len(doc_ids),
        "pairwise": _pairwise(annotations, doc_ids, tags),
        "entities_alpha": entities_alpha,
        "quotes_alpha": quotes_alpha,
    }
    if by_document:
        rows = [document_agreement(annotations, doc_id, tags) for doc_id in doc_ids]
        result["by_document"] = sorted(rows, key=_worst_first)
    return result


def document_agreement(
    annotations: Annotations,
    doc_id: str,
    tags: dict[str, dict[str, tuple[list[str], list[str]]]] | None = None,
) -> dict[str, Any]:
    """The figures of :func:`agreement` for one document, plus ``"worst"``: its lowest figure.

    ``worst`` is the lowest of the two alphas and every pair's token kappa, so
    that sorting by it puts first the document with the worst disagreement on
    entities or quotes. Span F1 is left out of it: two annotators who both
    marked nothing score F1 0.0 but agree perfectly.
    """
    if tags is None or doc_id not in tags:
        tags = _tags_by_annotator(annotations, [doc_id])
    annotators = [a for a in annotations.annotators if a in annotations.documents[doc_id]]
    entities_alpha, quotes_alpha = _alphas(annotators, [doc_id], tags)
    pairwise = _pairwise(annotations, [doc_id], tags)
    figures = [entities_alpha, quotes_alpha, *(pair["token_kappa"] for pair in pairwise)]
    known = [f for f in figures if f is not None and not math.isnan(f)]
    return {
        "id": doc_id,
        "annotators": annotators,
        "worst": min(known) if known else None,
        "pairwise": pairwise,
        "entities_alpha": entities_alpha,
        "quotes_alpha": quotes_alpha,
    }


def _worst_first(row: dict[str, Any]) -> tuple[float, str]:
    worst = row["worst"]
    return (worst if worst is not None else math.inf, row["id"])


def agreement_of_files(paths: Sequence[str | PathLike[str]], *, by_document: bool = False) -> dict[str, Any]:
    """Load annotator files and compute :func:`agreement` in one call."""
    return agreement(load_annotations(paths), by_document=by_document)


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def render(result: dict[str, Any], *, top: int = 20) -> Any:
    """A rich renderable of :func:`agreement`'s ``result``: who and how much, pairwise F1 and kappa, alphas.

    With ``by_document`` figures in ``result``, the ``top`` worst documents follow.
    Print it with any :class:`rich.console.Console`; ``khabar agree`` does.
    """
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    heading = Text.from_markup(
        f"[bold]{len(result['annotators'])} annotators[/] ({', '.join(result['annotators'])}), "
        f"{result['documents']} documents annotated by two or more"
        + (f", {result['left_out']} left out (one annotator only)" if result["left_out"] else "")
    )
    table = Table(title="Pairwise agreement (a as gold, b as prediction; F1)")
    for column in ("a", "b", "docs", "entities strict", "entities partial", "quotes 0.3", "attribution", "token kappa"):
        table.add_column(column, justify="left" if column in ("a", "b") else "right")
    for pair in result["pairwise"]:
        table.add_row(
            pair["a"], pair["b"], str(pair["documents"]),
            _figure(pair["entities"]["strict"]["f1"]), _figure(pair["entities"]["partial"]["f1"]),
            _figure(pair["quotes"]["overlap_0.3"]["f1"]), _figure(pair["quotes"]["attribution"]["f1"]),
            _figure(pair["token_kappa"]),
        )
    alphas = Text(
        f"Krippendorff's alpha: entities {_figure(result['entities_alpha'])}, quotes {_figure(result['quotes_alpha'])}"
    )
    parts: list[Any] = [heading, table, alphas]
    if "by_document" in result:
        docs = Table(title=f"Documents, worst first (top {min(top, len(result['by_document']))})")
        for column in ("document", "annotators", "worst", "entities alpha", "quotes alpha"):
            docs.add_column(
                column, justify="left" if column in ("document", "annotators") else "right",
                overflow="fold" if column == "document" else "ellipsis",
            )
        for row in result["by_document"][:top]:
            docs.add_row(
                row["id"], ", ".join(row["annotators"]), _figure(row["worst"]),
                _figure(row["entities_alpha"]), _figure(row["quotes_alpha"]),
            )
        parts.append(docs)
    return Group(*parts)
