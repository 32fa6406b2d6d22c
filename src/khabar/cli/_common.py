"""What every CLI module shares: the consoles, JSON output, and the drawing of progress callbacks.

The package reports progress through plain callbacks, ``progress(done, total)``
(``total`` is ``None`` while unknown); :func:`progress_bar` is the one place that
turns such a callback into something a person sees.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer
from rich.console import Console

#: The width of a console that is not a terminal: wide enough that tables never fold a path or a figure.
PLAIN_WIDTH = 1000
#: How often, at most, progress is written as a line of its own when stderr is not a terminal.
PLAIN_PROGRESS_SECONDS = 10.0

#: Said of every input argument that may come from a pipe (see :func:`khabar.io.readable_inputs`).
PIPE_HELP = " '-' reads standard input; a pipe or <(...) is read as a file is."


def article_streams(text_fields: Sequence[str] | None = None) -> dict[str, Any]:
    """How `corpus import` (and the commands that read what it reads) copies a stream
    (:func:`khabar.corpus.importer.article_streams`). A function, so that the readers are imported by the commands
    that use them only."""
    from ..corpus.importer import article_streams as streams

    return streams(text_fields)


def training_suffix(head: bytes) -> str:
    """A training stream's ending: gold (JSON lines opening with ``{``, gzipped or Parquet), else CoNLL."""
    from ..io import records_suffix, without_bom

    suffix = records_suffix(head)
    return suffix if suffix or without_bom(head).lstrip().startswith(b"{") else ".conll"


def training_streams() -> dict[str, Any]:
    """How `khabar train entities` copies a stream: named for its sniffed format (:func:`training_suffix`) unless
    a named pipe's own name ends in a suffix the training reader knows (gold's, or CoNLL's:
    :data:`khabar.extract.entities.CONLL_SUFFIXES`). A function, so that the extractors are imported by the
    commands that use them only."""
    from ..extract.entities import CONLL_SUFFIXES

    return {"suffix_for": training_suffix, "keep_suffixes": (*CONLL_SUFFIXES, ".jsonl", ".gz", ".parquet")}

#: The project's progress callback: called with (done, total), total None while unknown.
ProgressCallback = Callable[[int, int | None], None]


def make_console(*, stderr: bool) -> Console:
    """A console on stderr or stdout that never wraps machine output.

    On a terminal rich fits the output to the window. Elsewhere (a pipe, a log
    file, ``make demo > log``) rich would assume 80 columns and break paths and
    figures mid-line: there lines are soft-wrapped (left whole) and tables get
    all the width they need.
    """
    stream = sys.stderr if stderr else sys.stdout
    terminal = stream.isatty()
    return Console(stderr=stderr, soft_wrap=not terminal, width=None if terminal else PLAIN_WIDTH)


#: Human-readable output goes to stderr, so that ``--json`` output on stdout stays parseable.
console = make_console(stderr=True)


def given_files(*values: Any) -> list[Path]:
    """The paths among a command's other inputs, for :func:`khabar.io.refuse_overwrite`: each value that is a
    ``Path`` (``None`` skipped: an option not given), or a string naming something that exists (``--model``
    is a file or a name such as ``rules`` or ``gazetteer``: ``-o gazetteer`` is no overwrite of the name)."""
    paths: list[Path] = []
    for value in values:
        if isinstance(value, Path):
            paths.append(value)
        elif isinstance(value, str) and Path(value).exists():
            paths.append(Path(value))
    return paths


def as_typed(ctx: typer.Context, *parameters: str) -> list[Any]:
    """The values of the command's path ``parameters`` (a path each, or a list of paths; ``None`` skipped), in order,
    as they were typed: the inputs to give :func:`khabar.io.readable_inputs`, whose errors then name each file as the
    user typed it.

    typer hands the command ``Path`` objects, which have dropped the ``./`` of ``./gold.jsonl`` (and a doubled or
    trailing slash); click's context still holds the strings they were made from. A value that is not a string
    there (were typer to make the paths sooner) is given as it is: its errors name it as its ``Path`` does.
    """
    typed: list[Any] = []
    for name in parameters:
        value = ctx.params.get(name)
        if value is not None:
            typed.extend(value if isinstance(value, (list, tuple)) else [value])
    return typed


def print_json(data: Any) -> None:
    """``data`` as indented JSON on stdout (UTF-8 kept as is: Arabic stays readable)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def print_report(renderable: Any) -> None:
    """A rendered report (a rich renderable from the package's ``render`` functions) on stdout."""
    make_console(stderr=False).print(renderable)


@contextmanager
def progress_bar(description: str) -> Iterator[ProgressCallback]:
    """A ``progress(done, total)`` callback drawn on stderr while the block runs.

    On a terminal it is a rich progress bar that disappears when done. Elsewhere
    it writes a plain line at most every :data:`PLAIN_PROGRESS_SECONDS`, and the
    last count when the block ends (when the total is unknown, only the end says
    which count was the last), so a log shows that work goes on without filling
    up with bars.
    """
    if not console.is_terminal:
        started = time.perf_counter()
        # The first count is always written: perf_counter starts at the machine's boot, so 0.0 would hold back the
        # first line for as long as the machine has been up for less than PLAIN_PROGRESS_SECONDS.
        last = [float("-inf")]
        latest: list[tuple[int, int | None]] = []  # the last count reported, while it is not yet written

        def line(done: int, total: int | None) -> None:
            of = f"/{total:,}" if total is not None else ""
            console.print(f"{description}: {done:,}{of} ({time.perf_counter() - started:.0f}s)",
                          highlight=False, markup=False)

        def write(done: int, total: int | None) -> None:
            latest[:] = [(done, total)]
            now = time.perf_counter()
            if done != total and now - last[0] < PLAIN_PROGRESS_SECONDS:
                return
            last[0] = now
            latest.clear()
            line(done, total)

        yield write
        if latest:
            line(*latest[0])
        return

    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress as Bar,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    with Bar(
        TextColumn(description), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TimeRemainingColumn(),
        console=console, transient=True,
    ) as bar:
        task = bar.add_task(description, total=None)

        def draw(done: int, total: int | None) -> None:
            bar.update(task, completed=done, total=total)

        yield draw
