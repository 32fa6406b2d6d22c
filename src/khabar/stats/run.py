"""``compute_stats``: plan partitions, map them on Dask, merge them, report.

On the local schedulers the merges form a fixed tree; on a Dask cluster they
follow the partitions as they finish (:func:`_reduce_as_completed`). Either way
the report is the same, since a summary reads the same whatever the order of
its merges.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from os import PathLike
from typing import Any

from .blocks import DEFAULT_BLOCKSIZE, Block, plan_blocks, summarise_block
from .report import build_report
from .scheduler import SchedulerSpec, parse_scheduler, scheduler_for
from .summary import Summary

__all__ = ["compute_stats", "compute_summary", "summarise_records", "MERGE_FAN_IN"]

#: Partition summaries merged per reduce task.
MERGE_FAN_IN = 8


def _merge(*summaries: Summary) -> Summary:
    # Merged into the first summary in place, not into a fresh one: one fewer copy of a
    # vocabulary-sized counter in a worker's memory. Each summary is used by one merge only.
    first, *rest = summaries
    return first.merge(*rest)


def compute_summary(
    paths: str | PathLike[str] | Iterable[str | PathLike[str]],
    *,
    scheduler: str | SchedulerSpec = "processes",
    blocksize: int = DEFAULT_BLOCKSIZE,
    num_workers: int | None = None,
) -> tuple[Summary, int]:
    """The merged :class:`Summary` of one or more corpus/gold files, and how many partitions it took."""
    import dask

    if isinstance(paths, (str, PathLike)):
        paths = [paths]
    spec = parse_scheduler(scheduler) if isinstance(scheduler, str) else scheduler
    # As many partitions as a multiple of the local cores (the usual number of workers) balances
    # the workers; it is not the scheduler's own worker count, so the partitions, and the report,
    # are the same whatever the number of workers.
    blocks = plan_blocks(list(paths), blocksize, multiple_of=os.cpu_count() or 1)
    if not blocks:
        return Summary(), 0
    with scheduler_for(spec, num_workers=num_workers) as options:
        client = options["scheduler"]
        if not isinstance(client, str):  # a Dask cluster: merge as partitions finish
            return _reduce_as_completed(client, blocks), len(blocks)
        level = [dask.delayed(summarise_block, pure=True)(block) for block in blocks]
        while len(level) > 1:
            level = [
                dask.delayed(_merge, pure=True)(*level[i : i + MERGE_FAN_IN])
                for i in range(0, len(level), MERGE_FAN_IN)
            ]
        (summary,) = dask.compute(level[0], **options)
    return summary, len(blocks)


def _reduce_as_completed(client: Any, blocks: list[Block]) -> Summary:
    """Map and reduce on a Dask cluster with a bounded number of summaries alive at any time.

    A fixed reduction tree lets a cluster finish partitions faster than it merges
    them, and the summaries waiting for their merge (each a vocabulary and its
    counts) pile up in the workers' memory: the peak then grows with the number
    of partitions. Here a few partitions per worker are in flight, finished ones
    are merged as soon as there are some to merge (ahead of new partitions), and
    the next partition is sent only when one finishes, so memory stays flat however
    long the corpus. The report does not depend on the order of the merges
    (:meth:`Summary.sort`), so it is the same as the tree's, whatever the workers.
    """
    from distributed import as_completed

    workers = max(1, sum(client.nthreads().values()))
    waiting = list(reversed(blocks))  # popped from the end: file order
    running = as_completed()
    partitions: set[Any] = set()

    def send_next() -> None:
        future = client.submit(summarise_block, waiting.pop(), pure=False)
        partitions.add(future)
        running.add(future)

    for _ in range(min(len(waiting), 2 * workers)):
        send_next()
    finished: list[Any] = []
    for future in running:
        finished.append(future)
        if future in partitions:
            partitions.discard(future)
            if waiting:
                send_next()
        # Merged in groups of MERGE_FAN_IN, and whatever is left once nothing else is running.
        if len(finished) >= MERGE_FAN_IN or (len(finished) > 1 and not waiting and running.is_empty()):
            running.add(client.submit(_merge, *finished, pure=False, priority=1))
            finished = []
    (last,) = finished
    return last.result()


def compute_stats(
    paths: str | PathLike[str] | Iterable[str | PathLike[str]],
    *,
    scheduler: str | SchedulerSpec = "processes",
    blocksize: int = DEFAULT_BLOCKSIZE,
    top: int = 30,
    num_workers: int | None = None,
) -> dict[str, Any]:
    """Statistics of a corpus, gold or extractor-output file (JSONL, JSONL.gz or Parquet), as JSON data.

    The totals (``articles``, ``sentences``, ``tokens``, ``types``, ...) are at
    the top level; ``by_source``, ``by_month``, ``article_length``, ``zipf``,
    ``heaps``, ``top_tokens``, ``run_together`` and, for annotated files,
    ``entities`` and ``quotes`` hold the breakdowns. The result is identical for
    any ``scheduler`` and number of workers; ``blocksize`` changes only how the
    work is split.

    >>> report = compute_stats("corpus.jsonl", scheduler="local:2")  # doctest: +SKIP
    >>> report["tokens"]  # doctest: +SKIP
    """
    summary, partitions = compute_summary(paths, scheduler=scheduler, blocksize=blocksize, num_workers=num_workers)
    return build_report(summary, top=top, partitions=partitions)


def summarise_records(records: Iterable[dict[str, Any]]) -> Summary:
    """A summary of records already in memory (e.g. an extractor's output in a notebook), without Dask.

    Pass ``build_report(summarise_records(...))`` for the same report as :func:`compute_stats`.
    """
    from .blocks import add_record

    summary = Summary()
    for number, record in enumerate(records, start=1):
        add_record(summary, record, "<records>", number)
    return summary.seal()
