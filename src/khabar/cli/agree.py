"""`khabar agree` and `khabar adjudicate`: agreement between annotators, and merging their work.

Thin wrappers over :mod:`khabar.agreement` and :mod:`khabar.adjudicate`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from ._common import console, print_json

FILES_HELP = "One gold JSON-lines file per annotator (e.g. the files `khabar doccano pull` writes)."


def _figure(value: Any) -> str:
    return "-" if value is None else f"{value:.3f}"


def _agree(
    files: list[Path] = typer.Argument(..., exists=True, dir_okay=False, readable=True, help=FILES_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON on stdout."),
    by_document: bool = typer.Option(False, "--by-document", help="Add the figures of every document, worst first."),
    top: int = typer.Option(20, "--top", min=1, help="How many documents the --by-document table shows (JSON has all)."),
) -> None:
    """Inter-annotator agreement: pairwise span F1 and token kappa, Krippendorff's alpha across all."""
    from ..agreement import agreement, load_annotations

    result = agreement(load_annotations(files), by_document=by_document)
    if as_json:
        print_json(result)
        return
    _print_agreement(result, top=top)


def _print_agreement(result: dict[str, Any], *, top: int) -> None:
    from rich.table import Table

    console.print(
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
    console.print(table)
    console.print(
        f"Krippendorff's alpha: entities {_figure(result['entities_alpha'])}, quotes {_figure(result['quotes_alpha'])}"
    )
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
        console.print(docs)


def _adjudicate(
    files: list[Path] = typer.Argument(..., exists=True, dir_okay=False, readable=True, help=FILES_HELP),
    out: Path = typer.Option(..., "--out", "-o", dir_okay=False, help="The adjudicated gold file to write; "
                             "what the vote leaves open goes to OUT's .conflicts.jsonl beside it."),
    strategy: str = typer.Option("majority", "--strategy", help="'majority', or 'prefer:NAME' to take the "
                                 "adjudicator NAME's labels where they exist and majority elsewhere."),
    min_votes: int | None = typer.Option(None, "--min-votes", min=1, help="Votes an item needs "
                                         "(default: more than half of the document's annotators)."),
    as_json: bool = typer.Option(False, "--json", help="Print the counts and file names as JSON on stdout."),
) -> None:
    """Merge annotators' files into one gold file by vote; write the disagreements to a review file."""
    from ..adjudicate import adjudicate_files, conflicts_path
    from ..io import refuse_overwrite

    refuse_overwrite(out, files)
    refuse_overwrite(conflicts_path(out), files)
    result = adjudicate_files(files, out, strategy=strategy, min_votes=min_votes)
    summary = {"gold": str(out), "conflicts": str(conflicts_path(out)), **result.counts}
    if as_json:
        print_json(summary)
        return
    counts = result.counts
    console.print(
        f"Wrote {counts['documents']} documents ({counts['entities']} entities, {counts['quotes']} quotes) to {out}"
    )
    console.print(
        f"{counts['entity_conflicts']} entity and {counts['quote_conflicts']} quote conflicts in "
        f"{counts['review_documents']} documents, for review in {summary['conflicts']}"
        + (f"; {counts['single_annotator_documents']} documents had one annotator only"
           if counts["single_annotator_documents"] else "")
    )


def register(app: typer.Typer) -> None:
    """Add ``agree`` and ``adjudicate`` to the main app."""
    app.command("agree")(_agree)
    app.command("adjudicate")(_adjudicate)
