"""The human-readable report: figures per label, the confusion of entity types, the worst documents."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

__all__ = ["render_report", "worst_documents"]

#: Per-document figure used to rank documents, by task.
WORST_KEYS: dict[str, str] = {"entities": "entities_strict_f1", "quotes": "quotes_attribution_f1"}


def worst_documents(rows: Sequence[Mapping[str, Any]], key: str, k: int = 5) -> list[Mapping[str, Any]]:
    """The ``k`` rows with the lowest ``key`` (rows where it is ``None`` have nothing to score and are skipped).

    Ties go to the document with more gold items (more to get wrong), then to the id.
    """
    gold_key = key.split("_", 1)[0] + "_gold"
    scored = [r for r in rows if r.get(key) is not None]
    scored.sort(key=lambda r: (r[key], -r.get(gold_key, 0), r["id"]))
    return scored[:k]


def _number(value: float | None) -> str:
    """A figure to three places; ``-`` where there was nothing to score (``None``)."""
    return "-" if value is None else f"{value:.3f}"


def _figure(prf: Mapping[str, Any], name: str, *, interval: bool = True) -> str:
    value = _number(prf[name])
    if interval and name == "f1" and prf.get("ci95") is not None:
        low, high = prf["ci95"]
        value += f" [{low:.3f}–{high:.3f}]"
    return value


def _entity_table(section: Mapping[str, Any]) -> Table:
    table = Table(title="Entities (SemEval-2013 9.1 schemes, micro over documents)", title_justify="left")
    table.add_column("label")
    for header in ("strict P", "strict R", "strict F1", "exact F1", "partial F1", "type F1"):
        table.add_column(header, justify="right")
    scopes = [("all", section["micro"])] + list(section["per_label"].items())
    for name, schemes in scopes:
        table.add_row(
            name,
            _figure(schemes["strict"], "precision"),
            _figure(schemes["strict"], "recall"),
            _figure(schemes["strict"], "f1"),
            # Only strict F1 carries its interval here, to keep the table narrow; --json has them all.
            *(_figure(schemes[s], "f1", interval=False) for s in ("exact", "partial", "type")),
            end_section=name == "all",
        )
    counts = section["counts"]
    table.caption = (
        f"{counts['gold']} gold and {counts['pred']} predicted entities in {counts.get('documents', '?')} documents"
    )
    return table


def _quote_table(section: Mapping[str, Any]) -> Table:
    table = Table(title="Quotes", title_justify="left")
    table.add_column("what")
    table.add_column("match")
    for header in ("P", "R", "F1"):
        table.add_column(header, justify="right")
    rows = [("content", name, prf) for name, prf in section["content"].items()]
    rows += [(role, name, prf) for role in ("source", "cue") for name, prf in section[role].items()]
    rows.append(("attribution", "content ≥0.3 + source", section["attribution"]))
    for what, match, prf in rows:
        table.add_row(what, match, _figure(prf, "precision"), _figure(prf, "recall"), _figure(prf, "f1"))
    counts = section["counts"]
    table.caption = (
        f"speaker accuracy {_number(section['speaker_accuracy'])}, cue accuracy {_number(section['cue_accuracy'])} "
        f"(over contents matched at 0.3); {counts['gold']} gold and {counts['pred']} predicted quotes"
    )
    return table


def _confusion_table(matrix: Mapping[str, Mapping[str, int]]) -> Table:
    predicted = sorted({p for row in matrix.values() for p in row})
    table = Table(title="Entity types on overlapping spans (rows: gold, columns: predicted)", title_justify="left")
    table.add_column("gold \\ pred")
    for label in predicted:
        table.add_column(label, justify="right")
    for gold_label in sorted(matrix):
        cells = []
        for label in predicted:
            count = matrix[gold_label].get(label, 0)
            cells.append(f"[bold]{count}[/bold]" if label == gold_label else (str(count) if count else "·"))
        table.add_row(gold_label, *cells)
    return table


def _worst_table(rows: Sequence[Mapping[str, Any]], task: str, k: int) -> Table | None:
    key = WORST_KEYS[task]
    worst = worst_documents(rows, key, k)
    if not worst:
        return None
    label = "strict F1" if task == "entities" else "attribution F1"
    table = Table(title=f"Worst documents by {task} {label}", title_justify="left")
    table.add_column("id")
    table.add_column(label, justify="right")
    table.add_column("gold", justify="right")
    table.add_column("pred", justify="right")
    for row in worst:
        table.add_row(str(row["id"]), f"{row[key]:.3f}", str(row[f"{task}_gold"]), str(row[f"{task}_pred"]))
    return table


def render_report(
    result: Mapping[str, Any],
    *,
    documents: Sequence[Mapping[str, Any]] | None = None,
    confusion: Mapping[str, Mapping[str, int]] | None = None,
    worst: int = 5,
) -> RenderableType:
    """A rich renderable of ``result`` (from :func:`~khabar.evaluate.evaluate`).

    ``documents`` (from :func:`~khabar.evaluate.per_document`) adds the
    ``worst`` documents per task; ``confusion`` (from
    :func:`~khabar.evaluate.confusion`) adds the entity type confusion table.
    Print it with ``rich.print`` or any :class:`rich.console.Console`.
    """
    parts: list[RenderableType] = []
    if "entities" in result:
        parts.append(_entity_table(result["entities"]))
        if confusion:
            parts.append(_confusion_table(confusion))
        elif confusion is not None:
            parts.append(Text("No gold and predicted entities overlap.", style="dim"))
    if "quotes" in result:
        parts.append(_quote_table(result["quotes"]))
    if documents is not None and worst > 0:
        for task in ("entities", "quotes"):
            if task in result:
                table = _worst_table(documents, task, worst)
                if table is not None:
                    parts.append(table)
    return Group(*parts)
