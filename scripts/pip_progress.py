#!/usr/bin/env python3
"""Show a pip install as one line per requirement, with a count and the time, instead of pip's full log.

    pip install -r requirements.lock 2>&1 | python3 scripts/pip_progress.py --total 180 --log .venv/pip.log --venv .venv

pip's own output (a screen per package, or nothing with --quiet) tells a first-time
user neither how far it got nor how long is left; this prints ``[n/total]`` for each
requirement pip collects, then, while pip installs (minutes, in silence), how many
packages are in place: it counts the ``*.dist-info`` folders appearing in the
environment's site-packages. pip's whole output is kept in ``--log``. Standard
library only: it runs before any virtual environment is ready.
"""

from __future__ import annotations

import argparse
import re
import sys
import threading
import time
from pathlib import Path

_COLLECTING = re.compile(r"^(?:Collecting|Processing|Obtaining) (\S+)")
#: Seconds between two looks at site-packages, and at least between two lines saying what changed.
_POLL_SECONDS = 2.0
_REPORT_SECONDS = 10.0


def _installed(venv: Path | None) -> int:
    """How many distributions the environment holds (0 when unknown)."""
    if venv is None:
        return 0
    return sum(1 for _ in venv.glob("lib/python*/site-packages/*.dist-info"))


def _watch(venv: Path | None, before: int, expected: int, started: float, done: threading.Event) -> None:
    """Until ``done``: say how many of ``expected`` packages are installed, when it changed, every few seconds."""
    shown, last = -1, 0.0
    while not done.wait(_POLL_SECONDS):
        count = max(0, _installed(venv) - before)
        now = time.perf_counter()
        if count != shown and now - last >= _REPORT_SECONDS:
            print(f"  [{count:>3}/{expected}] {now - started:4.0f}s  installed", flush=True)
            shown, last = count, now


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--total", type=int, default=0, help="How many requirements to expect (0: unknown).")
    parser.add_argument("--log", required=True, help="File that keeps pip's whole output.")
    parser.add_argument("--venv", type=Path, help="The environment pip installs into, to count installed packages.")
    args = parser.parse_args()
    started = time.perf_counter()
    seen = 0
    already = 0
    done = threading.Event()
    watcher: threading.Thread | None = None
    with open(args.log, "a", encoding="utf-8") as log:
        for line in sys.stdin:
            log.write(line)
            elapsed = f"{time.perf_counter() - started:4.0f}s"
            match = _COLLECTING.match(line)
            if match:
                seen += 1
                if args.total and seen > args.total:
                    # Never "[187/186]": pip needed something the lock does not pin (test_environment.py says what).
                    print(f"  [{seen:>3}] {elapsed}  {match.group(1)} (not pinned in the lock)", flush=True)
                else:
                    of = f"/{args.total}" if args.total else ""
                    print(f"  [{seen:>3}{of}] {elapsed}  {match.group(1)}", flush=True)
            elif line.startswith("Requirement already satisfied"):
                already += 1
            elif line.startswith("Installing collected packages"):
                expected = line.count(",") + 1
                print(f"  {elapsed}  installing {expected} packages (the longest part) ...", flush=True)
                if args.venv is not None and watcher is None:
                    watcher = threading.Thread(
                        target=_watch, args=(args.venv, _installed(args.venv), expected, started, done), daemon=True)
                    watcher.start()
            elif line.startswith("Successfully installed"):
                done.set()
                print(f"  {elapsed}  installed {len(line.split()) - 2} packages", flush=True)
            elif line.startswith(("ERROR", "error")) or "Error" in line.split(":")[0]:
                print(line, end="", file=sys.stderr, flush=True)
    done.set()
    if already:
        print(f"  {already} requirements already satisfied", flush=True)


if __name__ == "__main__":
    main()
