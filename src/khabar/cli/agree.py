"""`khabar agree` and `khabar adjudicate`: agreement between annotators, and merging their work.

Thin wrappers over :mod:`khabar.agreement` and :mod:`khabar.adjudicate`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ._common import as_typed, console, print_json

app = typer.Typer()

_FILES = Annotated[
    list[Path],
    typer.Argument(exists=True, dir_okay=False, readable=True, allow_dash=True,
                   help="One gold JSON-lines file per annotator (e.g. the files `khabar doccano pull` writes); one "
                        "may be '-' (standard input, annotator 'stdin'), and a pipe or <(...) is read as a file is."),
]


@app.command("agree")
def agree(
    ctx: typer.Context,
    files: _FILES,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON on stdout.")] = False,
    by_document: Annotated[bool, typer.Option("--by-document", help="Add the figures of every document, worst first.")] = False,
    top: Annotated[int, typer.Option("--top", min=1, help="How many documents the --by-document table shows (JSON has all).")] = 20,
) -> None:
    """Inter-annotator agreement: pairwise span F1 and token kappa, Krippendorff's alpha across all."""
    from .. import agreement as agreement_module
    from ..io import readable_inputs

    with readable_inputs(as_typed(ctx, "files")) as inputs:
        result = inputs.rename(agreement_module.agreement_of_files(inputs.paths, by_document=by_document))
    if as_json:
        print_json(result)
        return
    console.print(agreement_module.render(result, top=top))


@app.command("adjudicate")
def adjudicate(
    ctx: typer.Context,
    files: _FILES,
    out: Annotated[Path, typer.Option("--out", "-o", dir_okay=False, help="The adjudicated gold file to write; "
                                      "what the vote leaves open goes to OUT's .conflicts.jsonl beside it.")],
    strategy: Annotated[str, typer.Option("--strategy", help="'majority', or 'prefer:NAME' to take the "
                                          "adjudicator NAME's labels where they exist and majority elsewhere.")] = "majority",
    min_votes: Annotated[Optional[int], typer.Option("--min-votes", min=1, help="Votes an item needs "
                                                     "(default: more than half of the document's annotators).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts and file names as JSON on stdout.")] = False,
) -> None:
    """Merge annotators' files into one gold file by vote; write the disagreements to a review file."""
    from ..adjudicate import adjudicate_files, conflicts_path, render_summary
    from ..io import refuse_overwrite

    from ..io import readable_inputs

    refuse_overwrite(out, files)
    refuse_overwrite(conflicts_path(out), files)
    with readable_inputs(as_typed(ctx, "files")) as inputs:
        result = adjudicate_files(inputs.paths, out, strategy=strategy, min_votes=min_votes)
    if as_json:
        print_json({"gold": str(out), "conflicts": str(conflicts_path(out)), **result.counts})
        return
    console.print(render_summary(result, out), highlight=False)
