"""``compute_stats``: plan partitions, map them on local processes or a Dask cluster, merge them, report.

Neither way builds the whole map-reduce graph at once: a graph of every
partition under a fixed tree of merges lets partitions finish faster than they
are merged, and the summaries waiting for their merge (each a vocabulary with its
counts) pile up in the driver and the workers, so the peak memory grows with the
corpus. Instead a few partitions per worker are in flight and each is merged as
soon as it finishes: on the local schedulers into one running summary in the
driver (:func:`_reduce_locally`), on a Dask cluster by merge tasks on the workers
(:func:`_reduce_as_completed`). Either way the report is the same, since a
summary reads the same whatever the order of its merges.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from itertools import islice
from os import PathLike
from typing import Any

from .blocks import DEFAULT_BLOCKSIZE, Block, plan_blocks, refuse_counted_twice, summarise_block
from .report import SAMPLE_TOKENS, build_report
from ..io import readable_inputs
from ..parallel import LOCAL_SCHEDULERS, SchedulerSpec, local_executor, parse_scheduler, scheduler_for
from .summary import Summary

__all__ = ["compute_stats", "compute_summary", "summarise_records", "MERGE_FAN_IN", "IN_FLIGHT_PER_WORKER"]

#: Partition summaries merged per reduce task on a Dask cluster.
MERGE_FAN_IN = 8

#: Partitions submitted per local worker at a time: one being counted and one queued, so a worker
#: never waits for the driver's merge. The driver holds each finished one until it is merged, so this,
#: not the number of partitions, bounds how many partition summaries are alive.
IN_FLIGHT_PER_WORKER = 2


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
    """The merged :class:`Summary` of one or more corpus/gold files, and how many partitions it took.

    ``paths`` are read as ``khabar stats`` reads its arguments: ``-`` is standard input, and it or a named pipe is
    copied once to a temporary file, removed at the end (:func:`khabar.io.readable_inputs`; an error names the input
    as given). One file given twice, under two names or as a name and ``-``, is E705 before anything is read or
    copied (:func:`~khabar.stats.blocks.refuse_counted_twice`): its records would be counted twice.
    """
    if isinstance(paths, (str, PathLike)):
        paths = [paths]
    paths = list(paths)
    spec = parse_scheduler(scheduler) if isinstance(scheduler, str) else scheduler
    # As given (a Path drops the ./ of ./g.jsonl), and before `-` is copied: its copy is no longer the file redirected.
    refuse_counted_twice(paths)
    with readable_inputs(paths) as inputs:
        # As many partitions as a multiple of the local cores (the usual number of workers) balances
        # the workers; it is not the scheduler's own worker count, so the partitions, and the report,
        # are the same whatever the number of workers.
        blocks = plan_blocks(list(inputs.paths), blocksize, multiple_of=os.cpu_count() or 1)
        if not blocks:
            return Summary(), 0
        if spec.kind in LOCAL_SCHEDULERS:
            with local_executor(spec, num_workers=num_workers) as (executor, workers):
                return _reduce_locally(executor, workers, blocks), len(blocks)
        with scheduler_for(spec, num_workers=num_workers) as options:
            return _reduce_as_completed(options["scheduler"], blocks), len(blocks)


def _reduce_locally(executor: Executor | None, workers: int, blocks: list[Block]) -> Summary:
    """Map ``blocks`` on a local pool, merging each partition into one running summary as it finishes.

    At most :data:`IN_FLIGHT_PER_WORKER` partitions per worker are out at a time,
    and the next goes out only when one comes back, so the driver holds the running
    summary and a handful of partition summaries, and each worker one partition,
    however long the corpus. Merging in the driver costs a hash pass over the
    running vocabulary per partition, done while the workers count the next ones.
    Without an executor (the synchronous scheduler) the partitions are counted and
    merged one after the other in this process.
    """
    total: Summary | None = None
    if executor is None:
        for block in blocks:
            part = summarise_block(block)
            total = part if total is None else _merge(total, part)
        assert total is not None
        return total
    waiting = iter(blocks)
    running: set[Future[Summary]] = {
        executor.submit(summarise_block, block) for block in islice(waiting, IN_FLIGHT_PER_WORKER * workers)
    }
    while running:
        done, running = wait(running, return_when=FIRST_COMPLETED)
        for future in done:
            part = future.result()  # a bad record's InputError, raised in the worker, surfaces here
            block = next(waiting, None)
            if block is not None:  # out before the merge, so the workers count while the driver merges
                running.add(executor.submit(summarise_block, block))
            total = part if total is None else _merge(total, part)
            del part, future  # the future keeps its result: drop both, the summary now lives in total
        del done
    assert total is not None
    return total


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
    sample_tokens: int = SAMPLE_TOKENS,
) -> dict[str, Any]:
    """Statistics of a corpus, gold or extractor-output file (JSONL, JSONL.gz or Parquet), as JSON data; ``paths``
    as :func:`compute_summary` reads them (``-`` for standard input, pipes; one file given twice is E705).

    The totals (``articles``, ``sentences``, ``tokens``, ``types``, ...) are at
    the top level; ``by_source``, ``by_month``, ``article_length``, ``zipf``,
    ``heaps``, ``top_tokens``, ``run_together`` and, for annotated files,
    ``entities`` and ``quotes`` hold the breakdowns. ``types_per_1000_tokens``, for the corpus and in each
    source's and month's row, compares vocabulary richness across texts of different sizes (the types
    expected in ``sample_tokens`` random tokens: see :func:`~khabar.stats.report.build_report`). The result is identical for
    any ``scheduler`` and number of workers; ``blocksize`` changes only how the
    work is split.

    >>> report = compute_stats("corpus.jsonl", scheduler="local:2")  # doctest: +SKIP
    >>> report["tokens"]  # doctest: +SKIP
    """
    summary, partitions = compute_summary(paths, scheduler=scheduler, blocksize=blocksize, num_workers=num_workers)
    return build_report(summary, top=top, partitions=partitions, sample_tokens=sample_tokens)


def summarise_records(records: Iterable[dict[str, Any]]) -> Summary:
    """A summary of records already in memory (e.g. an extractor's output in a notebook), without Dask.

    Pass ``build_report(summarise_records(...))`` for the same report as :func:`compute_stats`.
    """
    from .blocks import add_record

    summary = Summary()
    for number, record in enumerate(records, start=1):
        add_record(summary, record, "<records>", number)
    return summary.seal()
