"""The ``khabar`` command line: a thin layer over the package.

Every CLI module has the same shape: it exposes ``app: typer.Typer`` holding its
commands, added here (a group under its name, a single command without one).
Options are typed with ``Annotated``; a command's body is one call into the
package and one renderer that lives in the package beside the results it draws;
progress comes back through ``progress(done, total)`` callbacks that
:func:`._common.progress_bar` draws. The heavy imports (pandas, torch,
camel-tools, the doccano client) happen inside the commands, so ``khabar --help``
stays fast.
"""

from __future__ import annotations

import sys

import typer

from ..errors import KhabarError
from . import agree, corpus, doccano, errors, evaluate, extract, gold, release, stats, train

app = typer.Typer(
    name="khabar",
    help="Arabic news to a gold-annotated corpus: import, annotate in doccano, agree, adjudicate, evaluate.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

app.add_typer(corpus.app, name="corpus")
app.add_typer(gold.app, name="gold")
gold.app.add_typer(release.app)  # `khabar gold release`: adjudication's last step, in its own module
app.add_typer(doccano.app, name="doccano")
app.add_typer(extract.app, name="extract")
app.add_typer(train.app, name="train")
app.add_typer(evaluate.app)
app.add_typer(agree.app)
app.add_typer(stats.app)
app.add_typer(errors.app)


def main() -> None:
    """Entry point: KhabarError becomes a one-line message on stderr and exit code 2."""
    import signal

    def _terminated(signum: int, _frame: object) -> None:
        # `kill`, `timeout`, a scheduler or `docker stop` send SIGTERM; unwinding (as Ctrl-C does) lets
        # atomic_write remove its temporary file instead of leaving it beside the output.
        raise SystemExit(128 + signum)

    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _terminated)
    try:
        app()
    except KhabarError as exc:
        typer.echo(f"khabar: {exc}", err=True)
        sys.exit(2)


if __name__ == "__main__":  # pragma: no cover
    main()
