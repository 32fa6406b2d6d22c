"""Documents as HTML for notebooks: right to left, entities coloured, quotes linked to their source and cue.

The text is cut at every span boundary into segments; each segment carries
the classes and tooltips of the spans covering it, so nested and overlapping
spans (an entity inside a quote's source inside ... ) render without breaking
the markup. A span's tag follows its last segment: the entity label, or the
quote number, which links the content, source and cue of one quote to each
other (click the number to jump). Side by side, a number names one quote in
every column: a quote the project's quote matching
(:func:`khabar.evaluate.matching.match_quotes`, as the scores count it) pairs
with a quote of the first column carries that quote's number, and the others
get numbers after the first column's. Every piece of document text and every
attribute is escaped.

Written here rather than with spaCy's displaCy: displaCy draws neither
overlapping spans with links between them nor two versions side by side.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..evaluate.quotes import ATTRIBUTION_THRESHOLD
from ..gold.model import Document, Entity, Quote
from .palette import colour_of

__all__ = [
    "HTML", "render_document", "render_comparison", "render_annotators", "diff_entities", "diff_quotes", "quote_numbers",
]

_ids = itertools.count(1)

_STYLE = """<style>
.khabar-viz{font-family:'Noto Naskh Arabic','Amiri','DejaVu Sans',sans-serif;line-height:2.3;font-size:15px}
.khabar-viz .k-doc{white-space:pre-wrap;direction:rtl;text-align:right;unicode-bidi:isolate;padding:6px 10px;border:1px solid #ddd;border-radius:6px}
.khabar-viz .k-title{font-weight:bold;margin:4px 0}
.khabar-viz .k-cols{display:flex;gap:12px;align-items:flex-start}
.khabar-viz .k-col{flex:1 1 0;min-width:0}
.khabar-viz .k-ent{border-radius:3px;padding:1px 0;-webkit-box-decoration-break:clone;box-decoration-break:clone}
.khabar-viz .k-content{background-image:linear-gradient(rgba(144,202,249,.35),rgba(144,202,249,.35));border-bottom:2px solid #1e88e5}
.khabar-viz .k-source{box-shadow:inset 0 2px 0 #fb8c00;-webkit-box-decoration-break:clone;box-decoration-break:clone}
.khabar-viz .k-cue{border-bottom:3px double #f9a825;font-weight:bold}
.khabar-viz .k-tag{font-size:9px;font-weight:bold;vertical-align:super;margin:0 2px;unicode-bidi:isolate;direction:ltr}
.khabar-viz a.k-tag{text-decoration:none;color:#1e88e5}
.khabar-viz .k-missed,.khabar-viz .k-spurious,.khabar-viz .k-wrong-label,.khabar-viz .k-boundary{text-decoration-line:underline;text-decoration-thickness:2px;text-underline-offset:1em;text-decoration-skip-ink:none}
.khabar-viz .k-missed{text-decoration-style:solid;text-decoration-color:#d50000}
.khabar-viz .k-spurious{text-decoration-style:dashed;text-decoration-color:#d50000}
.khabar-viz .k-wrong-label{text-decoration-style:wavy;text-decoration-color:#ff6d00}
.khabar-viz .k-boundary{text-decoration-style:dotted;text-decoration-color:#ff6d00}
.khabar-viz .k-legend{font-size:12px;direction:ltr;margin:4px 0}
.khabar-viz .k-legend span{margin-right:10px;padding:0 4px}
</style>"""


class HTML:
    """A piece of HTML that a notebook displays as such (``_repr_html_``) and ``str()`` returns."""

    def __init__(self, data: str) -> None:
        self.data = data

    def _repr_html_(self) -> str:
        return self.data

    def __str__(self) -> str:
        return self.data

    def __repr__(self) -> str:
        return f"HTML({len(self.data)} characters)"


@dataclass(slots=True)
class _Mark:
    """One span to draw: its classes, style, tooltip, the tag after it, and link anchors."""

    start: int
    end: int
    classes: list[str]
    title: str
    style: str = ""
    tag: str = ""
    anchor: str | None = None
    link: str | None = None


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


def _entity_marks(entities: Sequence[Entity], status: Mapping[int, tuple[str, str]] | None = None) -> list[_Mark]:
    marks = []
    for i, entity in enumerate(entities):
        background, foreground = colour_of(entity.label)
        css, note = (status or {}).get(i, ("", ""))
        marks.append(_Mark(
            entity.start, entity.end, ["k-ent", f"k-{entity.label}"] + ([css] if css else []),
            entity.label + (f" — {note}" if note else ""),
            style=f"background:{background};color:{foreground}", tag=_escape(entity.label),
        ))
    return marks


def _quote_marks(
    quotes: Sequence[Quote], prefix: str, status: Mapping[int, tuple[str, str]] | None = None,
    numbers: Sequence[int] | None = None,
) -> list[_Mark]:
    """The marks of ``quotes``, numbered 1, 2, ... in their order unless ``numbers`` gives each its number."""
    marks = []
    for i, quote in enumerate(quotes):
        n = numbers[i] if numbers is not None else i + 1
        css, note = (status or {}).get(i, ("", ""))
        ids = {part: f"{prefix}-q{n}-{part}" for part in ("content", "source", "cue")}
        heard = f"quote {n} ({quote.type})" + (f" — {note}" if note else "")
        marks.append(_Mark(
            quote.content.start, quote.content.end, ["k-content"] + ([css] if css else []), f"{heard}: content",
            tag=f"«{n}»", anchor=ids["content"], link=ids["source"] if quote.source else None,
        ))
        if quote.source is not None:
            marks.append(_Mark(quote.source.start, quote.source.end, ["k-source"], f"quote {n}: source",
                               tag=f"{n}", anchor=ids["source"], link=ids["content"]))
        if quote.cue is not None:
            marks.append(_Mark(quote.cue.start, quote.cue.end, ["k-cue"], f"quote {n}: cue",
                               tag=f"{n}", anchor=ids["cue"], link=ids["content"]))
    return marks


def _render_text(text: str, marks: list[_Mark]) -> str:
    """The text with every mark drawn: segments between boundaries, tags after each mark's last segment."""
    marks = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    out: list[str] = []
    for a, b in itertools.pairwise(cuts):
        for mark in marks:
            if mark.start == a and mark.anchor:
                out.append(f'<a id="{mark.anchor}"></a>')
        active = [m for m in marks if m.start <= a and b <= m.end]
        piece = _escape(text[a:b])
        if active:
            classes = " ".join(dict.fromkeys(c for m in active for c in m.classes))
            styles = ";".join(m.style for m in active if m.style)
            titles = " | ".join(_escape(m.title) for m in active)
            style = f' style="{styles}"' if styles else ""
            out.append(f'<span class="{classes}"{style} title="{titles}">{piece}</span>')
        else:
            out.append(piece)
        for mark in marks:
            if mark.end == b and mark.tag:
                if mark.link:
                    out.append(f'<a class="k-tag" href="#{mark.link}" title="{_escape(mark.title)}">{mark.tag}</a>')
                else:
                    out.append(f'<span class="k-tag">{mark.tag}</span>')
    return "".join(out)


def _document_block(
    doc: Document, title: str | None, prefix: str,
    entity_status: Mapping[int, tuple[str, str]] | None = None,
    quote_status: Mapping[int, tuple[str, str]] | None = None,
    quote_numbers: Sequence[int] | None = None,
) -> str:
    marks = _entity_marks(doc.entities, entity_status) + _quote_marks(doc.quotes, prefix, quote_status, quote_numbers)
    heading = f'<div class="k-title">{_escape(title)}</div>' if title else ""
    return f'{heading}<div class="k-doc" dir="rtl" lang="ar">{_render_text(doc.text, marks)}</div>'


def render_document(doc: Document, *, title: str | None = None) -> HTML:
    """One document: entities coloured by label, quotes shaded with their source and cue linked by number."""
    prefix = f"k{next(_ids)}"
    heading = title if title is not None else doc.id
    return HTML(f'<div class="khabar-viz">{_STYLE}{_QUOTE_LEGEND}{_document_block(doc, heading, prefix)}</div>')


# --- differences ---------------------------------------------------------------------------------

#: What a difference looks like: CSS class and the words of its tooltip.
MISSED = ("k-missed", "missed")
SPURIOUS = ("k-spurious", "spurious")
WRONG_LABEL = ("k-wrong-label", "wrong label")
BOUNDARY = ("k-boundary", "wrong boundary")


def diff_entities(
    gold: Sequence[Entity], pred: Sequence[Entity]
) -> tuple[dict[int, tuple[str, str]], dict[int, tuple[str, str]]]:
    """How each gold and each predicted entity differs from the other side (index -> (class, note)).

    Exact matches are absent. The others are paired by :func:`khabar.evaluate.matching.match_spans`
    (greedy, by shared characters); a pair differs in label, in boundary, or both;
    an unpaired gold entity is missed, an unpaired prediction spurious.
    """
    from ..evaluate.matching import match_spans

    exact = {(e.start, e.end, e.label) for e in gold} & {(e.start, e.end, e.label) for e in pred}
    gold_left = [i for i, e in enumerate(gold) if (e.start, e.end, e.label) not in exact]
    pred_left = [j for j, e in enumerate(pred) if (e.start, e.end, e.label) not in exact]
    pairs = match_spans([gold[i].span for i in gold_left], [pred[j].span for j in pred_left])
    gold_status: dict[int, tuple[str, str]] = {i: MISSED for i in gold_left}
    pred_status: dict[int, tuple[str, str]] = {j: SPURIOUS for j in pred_left}
    for gi, pj in pairs:
        g, p = gold[gold_left[gi]], pred[pred_left[pj]]
        if g.label != p.label and g.span == p.span:
            kind = (WRONG_LABEL[0], f"{g.label} vs {p.label}")
        elif g.label != p.label:
            kind = (WRONG_LABEL[0], f"{g.label} vs {p.label}, boundary differs")
        else:
            kind = (BOUNDARY[0], f"boundary [{g.start}, {g.end}) vs [{p.start}, {p.end})")
        gold_status[gold_left[gi]] = kind
        pred_status[pred_left[pj]] = kind
    return gold_status, pred_status


def diff_quotes(
    gold: Sequence[Quote], pred: Sequence[Quote], threshold: float = ATTRIBUTION_THRESHOLD
) -> tuple[dict[int, tuple[str, str]], dict[int, tuple[str, str]]]:
    """Quotes matched by content (:func:`khabar.evaluate.matching.match_quotes` at ``threshold``).

    Unmatched ones are missed or spurious; a matched pair whose source or cue differs is flagged with a note.
    """
    from ..evaluate.matching import match_quotes

    pairs = match_quotes(list(gold), list(pred), threshold)
    gold_status: dict[int, tuple[str, str]] = {i: MISSED for i in range(len(gold))}
    pred_status: dict[int, tuple[str, str]] = {j: SPURIOUS for j in range(len(pred))}
    for i, j in pairs:
        del gold_status[i], pred_status[j]
        notes = [part for part in ("source", "cue") if getattr(gold[i], part) != getattr(pred[j], part)]
        if gold[i].content != pred[j].content:
            notes.insert(0, "content boundary")
        if gold[i].type != pred[j].type:
            notes.append(f"type {gold[i].type} vs {pred[j].type}")
        if notes:
            kind = (BOUNDARY[0], "differs in " + ", ".join(notes))
            gold_status[i] = pred_status[j] = kind
    return gold_status, pred_status


def _legend(names: Sequence[str]) -> str:
    items = [
        ("k-missed", f"only in {names[0]}"), ("k-spurious", f"only in {', '.join(names[1:])}"),
        ("k-wrong-label", "other label"), ("k-boundary", "other boundary (or source, cue, type)"),
    ]
    return ('<div class="k-legend">' + "".join(f'<span class="{c}">{_escape(t)}</span>' for c, t in items) + "</div>"
            + _quote_legend(f"the same quote has the same number in every column; numbers after {names[0]}'s are "
                            f"quotes {names[0]} does not have"))


def _quote_legend(numbers: str = "") -> str:
    """What the quote marks mean (the entity labels are written beside each entity)."""
    return ('<div class="k-legend"><span class="k-content">quote content «n»</span>'
            '<span class="k-source">source n</span><span class="k-cue">cue n</span>'
            f"<span>(n: the quote's number; click it to jump{'; ' + _escape(numbers) if numbers else ''})</span></div>")


_QUOTE_LEGEND = _quote_legend()


def quote_numbers(reference: Sequence[Quote], others: Sequence[Sequence[Quote]],
                  threshold: float = ATTRIBUTION_THRESHOLD) -> list[list[int]]:
    """The number shown on each quote of ``reference`` (1, 2, ... in order) and of each of ``others``.

    A quote paired with a reference quote by :func:`khabar.evaluate.matching.match_quotes` (the pairing
    :func:`diff_quotes` and the scores use) carries that quote's number, whatever its place in its own list.
    The others are numbered on from the reference's last number; one paired in the same way with a quote
    already numbered so in an earlier column shares its number, so that across any number of columns one
    number means one quote.
    """
    from ..evaluate.matching import match_quotes

    numbered: list[list[int]] = [list(range(1, len(reference) + 1))]
    extra_quotes: list[Quote] = []  # quotes absent from the reference, in the order their numbers were given
    for quotes in others:
        numbers: list[int | None] = [None] * len(quotes)
        for i, j in match_quotes(list(reference), list(quotes), threshold):
            numbers[j] = i + 1
        unpaired = [j for j, n in enumerate(numbers) if n is None]
        for e, u in match_quotes(extra_quotes, [quotes[j] for j in unpaired], threshold):
            numbers[unpaired[u]] = len(reference) + e + 1
        for j in unpaired:
            if numbers[j] is None:
                extra_quotes.append(quotes[j])
                numbers[j] = len(reference) + len(extra_quotes)
        numbered.append([int(n) for n in numbers])  # every quote has its number by now
    return numbered


def _side_by_side(reference: Document, others: Sequence[Document], names: Sequence[str]) -> HTML:
    for other in others:
        if other.text != reference.text:
            from ..errors import InputError

            raise InputError("E720", "the versions to compare have different texts", doc_id=reference.id, field="text")
    columns: list[str] = []
    reference_entities: dict[int, tuple[str, str]] = {}
    reference_quotes: dict[int, tuple[str, str]] = {}
    reference_numbers, *other_numbers = quote_numbers(reference.quotes, [other.quotes for other in others])
    for name, other, numbers in zip(names[1:], others, other_numbers):
        gold_e, pred_e = diff_entities(reference.entities, other.entities)
        gold_q, pred_q = diff_quotes(reference.quotes, other.quotes)
        reference_entities.update(gold_e)
        reference_quotes.update(gold_q)
        columns.append(_document_block(other, name, f"k{next(_ids)}", pred_e, pred_q, numbers))
    columns.insert(0, _document_block(reference, names[0], f"k{next(_ids)}", reference_entities, reference_quotes,
                                      reference_numbers))
    body = "".join(f'<div class="k-col">{c}</div>' for c in columns)
    title = f'<div class="k-title">{_escape(reference.id)}</div>'
    return HTML(f'<div class="khabar-viz">{_STYLE}{title}{_legend(names)}<div class="k-cols" dir="ltr">{body}</div></div>')


def render_comparison(gold: Document, pred: Document, labels: tuple[str, str] = ("gold", "prediction")) -> HTML:
    """Gold and prediction side by side; missed, spurious, wrong-label and wrong-boundary spans underlined."""
    return _side_by_side(gold, [pred], labels)


def render_annotators(docs_by_annotator: Mapping[str, Document]) -> HTML:
    """One document as each annotator labelled it, side by side; spans differing from the first annotator underlined."""
    if not docs_by_annotator:
        from ..errors import InputError

        raise InputError("E721", "render_annotators needs at least one annotator's version of the document")
    names = list(docs_by_annotator)
    docs = [docs_by_annotator[name] for name in names]
    return _side_by_side(docs[0], docs[1:], names)
