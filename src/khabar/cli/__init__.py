"""The ``khabar`` command line: a thin layer over the package.

Each command group lives in its own module and registers itself here; the heavy
imports (pandas, torch, camel-tools, the doccano client) happen inside the
commands, so ``khabar --help`` stays fast.
"""

from __future__ import annotations

import sys

import typer

from ..errors import KhabarError
from . import agree, corpus, doccano, errors, evaluate, extract, gold, stats, train

app = typer.Typer(
    name="khabar",
    help="Arabic news to a gold-annotated corpus: import, annotate in doccano, agree, adjudicate, evaluate.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

app.add_typer(corpus.app, name="corpus")
app.add_typer(gold.app, name="gold")
app.add_typer(doccano.app, name="doccano")
app.add_typer(extract.app, name="extract")
app.add_typer(train.app, name="train")
evaluate.register(app)
agree.register(app)
stats.register(app)
errors.register(app)


def main() -> None:
    """Entry point: KhabarError becomes a one-line message on stderr and exit code 2."""
    try:
        app()
    except KhabarError as exc:
        typer.echo(f"khabar: {exc}", err=True)
        sys.exit(2)


if __name__ == "__main__":  # pragma: no cover
    main()
