"""Benchmark of ``khabar.stats``: tokens per second per core, peak memory, and the speed-up from 1 to 2 Dask workers.

The corpus is SaudiNewsNet (``../shared/data/saudinewsnet``) repeated with new
ids up to ``--articles`` articles (1,000,000 by default, 100,000 with
``--quick``), streamed to a temporary JSON-lines file. Figures:

* baseline: a plain single-process loop (json.loads, khabar.text.token_strings,
  Counter.update) on the first 20,000 articles, measured in the same run;
* ``khabar.stats.compute_stats`` end to end (partitions read by the workers,
  merge, report) on a LocalCluster of 1 and of 2 one-thread workers;
* CPU seconds of the run (its process and all their children), which work of
  others on a shared machine does not inflate: tokens per CPU second;
* peak memory: the sum of the resident set sizes of the run's process tree (the
  driver with its scheduler, and the workers), sampled every 0.1 s, for the
  whole corpus and for a tenth of it, to show it does not grow with the corpus;
  the same for ``khabar stats``'s default scheduler (``processes``: a local pool,
  one worker per core), with the largest single process too.
  Each run is a fresh process, so no run inherits another's memory.

Targets (from the issues): >= 2 M tokens/s per core, peak < 1.5 GB, speed-up >= 1.7; the default
scheduler's peak on the whole corpus within 1.5x of its peak on a tenth.

    .venv/bin/python benchmarks/stats.py --quick
    .venv/bin/python benchmarks/stats.py --articles 310300   # SaudiNewsNet once (the tenth) and ten times
"""

from __future__ import annotations

import sys
from pathlib import Path

# Python puts this script's folder first on sys.path, where a benchmark named like a
# standard module (benchmarks/tokenize.py) would shadow it: take the folder out.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse  # noqa: E402
import json  # noqa: E402
import multiprocessing  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import zipfile  # noqa: E402
from collections import Counter  # noqa: E402

import psutil  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SAUDINEWSNET = Path(os.environ.get("KHABAR_SHARED_DATA", ROOT.parent / "shared" / "data")) / "saudinewsnet"


def saudinewsnet_lines() -> list[tuple[str, str]]:
    """(original id, the rest of the JSON line after the id) for every SaudiNewsNet article."""
    from khabar.io import dumps

    rows = []
    for archive_path in sorted(SAUDINEWSNET.glob("*.zip")):
        day = archive_path.stem
        with zipfile.ZipFile(archive_path) as archive:
            for name in archive.namelist():
                for i, raw in enumerate(json.loads(archive.read(name))):
                    record = {"text": raw.get("content") or "", "title": raw.get("title"), "source": raw.get("source"),
                              "url": raw.get("url"), "date": raw.get("date_extracted"), "author": raw.get("author"), "meta": {}}
                    rows.append((f"saudinewsnet-{day}-{i:04d}", dumps(record)[1:]))
    return rows


def write_corpus(path: Path, rows: list[tuple[str, str]], articles: int) -> int:
    """Stream ``articles`` lines to ``path``, cycling through ``rows`` with new ids; return the bytes written."""
    with open(path, "w", encoding="utf-8") as handle:
        for n in range(articles):
            original, rest = rows[n % len(rows)]
            handle.write(f'{{"id":"{original}-r{n // len(rows)}",{rest}\n')
    return path.stat().st_size


class PeakMemory:
    """Samples the summed RSS of this process and its descendants in a background thread.

    It also keeps the CPU time each descendant had used when last seen: the CPU
    seconds of the run, which other work on a shared machine does not inflate as
    it inflates the wall-clock time.
    """

    def __init__(self, interval: float = 0.1) -> None:
        self.interval = interval
        self.peak = 0
        self.largest = 0  # the peak of the largest single process
        self._cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @property
    def child_cpu_seconds(self) -> float:
        return sum(self._cpu.values())

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for process in [me, *me.children(recursive=True)]:
                try:
                    rss = process.memory_info().rss
                    total += rss
                    self.largest = max(self.largest, rss)
                    if process.pid != me.pid:
                        times = process.cpu_times()
                        self._cpu[process.pid] = times.user + times.system
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            time.sleep(self.interval)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def baseline(path: Path, limit: int = 20_000) -> tuple[int, float]:
    """Tokens and seconds of the plain single-process loop over the first ``limit`` lines."""
    from khabar.text import token_strings

    counts: Counter[str] = Counter()
    tokens = 0
    start = time.perf_counter()
    with open(path, encoding="utf-8") as handle:
        for n, line in enumerate(handle):
            if n >= limit:
                break
            words = token_strings(json.loads(line)["text"])
            tokens += len(words)
            counts.update(words)
    return tokens, time.perf_counter() - start


def _compute(path: str, scheduler: str, blocksize: int, out: str) -> None:
    """In a fresh process: the statistics of ``path`` and their wall time, written to ``out`` as JSON."""
    from khabar.stats import compute_stats

    start = time.perf_counter()
    report = compute_stats(path, scheduler=scheduler, blocksize=blocksize)
    Path(out).write_text(json.dumps({"report": report, "seconds": time.perf_counter() - start}), encoding="utf-8")


def run(path: Path, scheduler: str, blocksize: int) -> tuple[dict, float, PeakMemory, float]:
    """The report, wall seconds, memory peaks and CPU seconds of one run on ``scheduler``.

    Each run is a process of its own, started fresh: memory a previous run's report left in
    this process (Python keeps what it once held) would otherwise count against the next run.
    """
    context = multiprocessing.get_context("spawn")
    with tempfile.TemporaryDirectory(prefix="khabar-bench-run-") as tmp:
        out = Path(tmp) / "run.json"
        with PeakMemory() as memory:
            process = context.Process(target=_compute, args=(str(path), scheduler, blocksize, str(out)))
            process.start()
            process.join()
        if process.exitcode != 0:
            raise SystemExit(f"the run on {scheduler} failed (exit code {process.exitcode})")
        result = json.loads(out.read_text(encoding="utf-8"))
    return result["report"], result["seconds"], memory, memory.child_cpu_seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="100,000 articles instead of 1,000,000")
    parser.add_argument("--articles", type=int, default=None, help="how many articles (overrides --quick)")
    parser.add_argument("--blocksize", type=int, default=None, help="megabytes per partition [default: khabar's]")
    parser.add_argument("--tmp", default=tempfile.gettempdir(), help="where to write the temporary corpus")
    args = parser.parse_args()
    articles = args.articles or (100_000 if args.quick else 1_000_000)
    from khabar.stats import DEFAULT_BLOCKSIZE

    blocksize = args.blocksize * 2**20 if args.blocksize else DEFAULT_BLOCKSIZE

    workdir = Path(tempfile.mkdtemp(prefix="khabar-bench-stats-", dir=args.tmp))
    try:
        rows = saudinewsnet_lines()
        small, full = workdir / "tenth.jsonl", workdir / "corpus.jsonl"
        start = time.perf_counter()
        size = write_corpus(full, rows, articles)
        write_corpus(small, rows, max(1, articles // 10))
        del rows
        print(f"corpus: {articles:,} articles, {size / 2**30:.2f} GB, written in {time.perf_counter() - start:.0f} s")

        base_tokens, base_seconds = baseline(full)
        base_speed = base_tokens / base_seconds
        load_before = os.getloadavg()[0]
        small_report, _, small_memory, _ = run(small, "local:1", blocksize)
        one, one_seconds, one_memory, one_cpu = run(full, "local:1", blocksize)
        two, two_seconds, two_memory, two_cpu = run(full, "local:2", blocksize)
        if json.dumps(one, sort_keys=True) != json.dumps(two, sort_keys=True):
            raise SystemExit("1 and 2 workers gave different reports")
        _, _, default_small, _ = run(small, "processes", blocksize)
        default, default_seconds, default_memory, _ = run(full, "processes", blocksize)
        if json.dumps(default, sort_keys=True) != json.dumps(one, sort_keys=True):
            raise SystemExit("the default scheduler and the cluster gave different reports")
        small_peak, one_peak, two_peak = small_memory.peak, one_memory.peak, two_memory.peak
        tokens = one["tokens"]
        one_speed = tokens / one_seconds
        two_speed = tokens / two_seconds / 2

        print()
        print(f"{'measure':<52}{'value':>16}{'ratio':>12}")
        print("-" * 80)
        print(f"{'baseline: plain loop, 1 process (tokens/s)':<52}{base_speed:>16,.0f}{1.0:>12.2f}")
        print(f"{'stats, 1 worker (tokens/s per core)':<52}{one_speed:>16,.0f}{one_speed / base_speed:>12.2f}")
        print(f"{'stats, 2 workers (tokens/s per core)':<52}{two_speed:>16,.0f}{two_speed / base_speed:>12.2f}")
        print(f"{'stats, 1 worker (tokens per CPU second)':<52}{tokens / one_cpu:>16,.0f}{tokens / one_cpu / base_speed:>12.2f}")
        print(f"{'stats, 2 workers (tokens per CPU second)':<52}{tokens / two_cpu:>16,.0f}{tokens / two_cpu / base_speed:>12.2f}")
        print(f"{'speed-up 1 -> 2 workers (target >= 1.7)':<52}{one_seconds / two_seconds:>16.2f}")
        print(f"{'per-core speed vs target 2,000,000 tokens/s':<52}{one_speed:>16,.0f}{one_speed / 2e6:>12.2f}")
        print(f"{'peak memory, 1 worker, 1/10 corpus (MB)':<52}{small_peak / 2**20:>16,.0f}{1.0:>12.2f}")
        print(f"{'peak memory, 1 worker, whole corpus (MB)':<52}{one_peak / 2**20:>16,.0f}{one_peak / small_peak:>12.2f}")
        print(f"{'peak memory, 2 workers, whole corpus (MB)':<52}{two_peak / 2**20:>16,.0f}{two_peak / small_peak:>12.2f}")
        print(f"{'peak memory, default scheduler, 1/10 corpus (MB)':<52}{default_small.peak / 2**20:>16,.0f}{1.0:>12.2f}")
        print(f"{'peak memory, default scheduler, whole corpus (MB)':<52}{default_memory.peak / 2**20:>16,.0f}"
              f"{default_memory.peak / default_small.peak:>12.2f}")
        print(f"{'largest process, default scheduler, 1/10 (MB)':<52}{default_small.largest / 2**20:>16,.0f}{1.0:>12.2f}")
        print(f"{'largest process, default scheduler, whole (MB)':<52}{default_memory.largest / 2**20:>16,.0f}"
              f"{default_memory.largest / default_small.largest:>12.2f}")
        print(f"{'peak memory vs target 1,536 MB':<52}{max(one_peak, two_peak) / 2**20:>16,.0f}"
              f"{max(one_peak, two_peak) / 2**20 / 1536:>12.2f}")
        print("-" * 80)
        print(f"tokens {tokens:,} (1/10 corpus: {small_report['tokens']:,}); 1 worker {one_seconds:.1f} s, "
              f"2 workers {two_seconds:.1f} s, default scheduler {default_seconds:.1f} s; {one['partitions']} partitions; "
              "identical reports: yes")
        print(f"CPU load average: {load_before:.1f} before the runs, {os.getloadavg()[0]:.1f} after, on {os.cpu_count()} cores "
              "(above 1 before the runs, other work shares the cores: wall-clock figures and the speed-up suffer)")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
