"""Where khabar's parallel work runs: a ``--scheduler`` spec turned into a pool or a Dask cluster.

========================  ===============================================================
``processes`` (default)   local processes, one per core (a ``ProcessPoolExecutor``)
``threads``               local threads (the tokeniser holds the GIL: for tests, not speed)
``synchronous``           one thread, in the calling process (for debugging)
``local:N``               a ``distributed.LocalCluster`` of N one-thread worker processes
``tcp://HOST:PORT``       an existing Dask cluster (``distributed.Client(address)``)
========================  ===============================================================

``khabar stats`` (:mod:`khabar.stats.run`) and ``khabar extract``
(:mod:`khabar.extract.blocks`) both take these specs. The three local
schedulers are plain :mod:`concurrent.futures` pools (:func:`local_executor`)
fed a few partitions at a time, rather than Dask's local schedulers, which take
the whole graph at once and keep every finished partition's result until it is
used. Their processes start the way Dask's do (``multiprocessing.context``,
``spawn`` by default: a forked child would inherit the driver's memory and threads).

On a remote cluster, workers open what they are given by path (``khabar
stats`` partitions): it must be on a file system every worker sees.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from .errors import ConfigError

__all__ = ["LOCAL_SCHEDULERS", "SchedulerSpec", "local_executor", "parse_scheduler", "scheduler_for"]

LOCAL_SCHEDULERS = ("processes", "threads", "synchronous")


@dataclass(frozen=True, slots=True)
class SchedulerSpec:
    kind: str  # one of LOCAL_SCHEDULERS, "local" or "tcp"
    workers: int | None = None
    address: str | None = None


def parse_scheduler(spec: str) -> SchedulerSpec:
    """Check a ``--scheduler`` value; a bad one raises :class:`ConfigError` saying what is accepted."""
    value = spec.strip()
    if value in LOCAL_SCHEDULERS:
        return SchedulerSpec(value)
    if value.startswith("local:"):
        count = value.split(":", 1)[1]
        if count.isdigit() and int(count) > 0:
            return SchedulerSpec("local", workers=int(count))
    elif value.startswith("tcp://") and len(value) > len("tcp://"):
        return SchedulerSpec("tcp", address=value)
    raise ConfigError(
        "E710",
        f"unknown scheduler {spec!r}: use processes, threads, synchronous, local:N (N workers) or tcp://HOST:PORT",
        field="scheduler",
    )


@contextlib.contextmanager
def local_executor(
    spec: str | SchedulerSpec, *, num_workers: int | None = None
) -> Iterator[tuple[Executor | None, int]]:
    """A pool for a local scheduler and its number of workers; ``(None, 1)`` for ``synchronous``.

    The pool is shut down on exit, queued work cancelled (after an error nothing
    more is counted).
    """
    parsed = parse_scheduler(spec) if isinstance(spec, str) else spec
    if parsed.kind not in LOCAL_SCHEDULERS:
        raise ValueError(f"{parsed.kind!r} is not a local scheduler")
    if parsed.kind == "synchronous":
        yield None, 1
        return
    workers = num_workers or os.cpu_count() or 1
    if parsed.kind == "threads":
        executor: Executor = ThreadPoolExecutor(max_workers=workers)
    else:
        import dask

        context = multiprocessing.get_context(dask.config.get("multiprocessing.context", "spawn"))
        executor = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    try:
        yield executor, workers
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


@contextlib.contextmanager
def scheduler_for(spec: str | SchedulerSpec, *, num_workers: int | None = None) -> Iterator[dict[str, Any]]:
    """Keyword arguments for ``dask.compute`` that run on ``spec``; a cluster started here is stopped on exit."""
    parsed = parse_scheduler(spec) if isinstance(spec, str) else spec
    if parsed.kind in LOCAL_SCHEDULERS:
        options: dict[str, Any] = {"scheduler": parsed.kind}
        if num_workers and parsed.kind != "synchronous":
            options["num_workers"] = num_workers
        yield options
        return
    from distributed import Client, LocalCluster

    if parsed.kind == "local":
        with LocalCluster(
            n_workers=parsed.workers, threads_per_worker=1, processes=True,
            host="127.0.0.1", dashboard_address=None,
        ) as cluster, Client(cluster) as client:
            yield {"scheduler": client}
        return
    try:
        client = Client(parsed.address, timeout="10s")
    except (OSError, TimeoutError) as exc:
        raise ConfigError("E711", f"cannot reach the Dask scheduler at {parsed.address}: {exc}", field="scheduler") from None
    try:
        yield {"scheduler": client}
    finally:
        client.close()
