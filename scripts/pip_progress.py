#!/usr/bin/env python3
"""Show a pip install as one line per requirement, with a count and the time, instead of pip's full log.

    pip install -r requirements.lock 2>&1 | python3 scripts/pip_progress.py --total 180 --log .venv/pip.log

pip's own output (a screen per package, or nothing with --quiet) tells a first-time
user neither how far it got nor how long is left; this prints ``[n/total]`` for each
requirement pip collects, then the installing phase, and keeps pip's whole output in
``--log``. Standard library only: it runs before any virtual environment exists.
"""

from __future__ import annotations

import argparse
import re
import sys
import time

_COLLECTING = re.compile(r"^(?:Collecting|Processing|Obtaining) (\S+)")
_PHASES = ("Installing collected packages", "Successfully installed", "Requirement already satisfied")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--total", type=int, default=0, help="How many requirements to expect (0: unknown).")
    parser.add_argument("--log", required=True, help="File that keeps pip's whole output.")
    args = parser.parse_args()
    started = time.perf_counter()
    seen = 0
    already = 0
    with open(args.log, "a", encoding="utf-8") as log:
        for line in sys.stdin:
            log.write(line)
            elapsed = f"{time.perf_counter() - started:4.0f}s"
            match = _COLLECTING.match(line)
            if match:
                seen += 1
                of = f"/{args.total}" if args.total else ""
                print(f"  [{seen:>3}{of}] {elapsed}  {match.group(1)}", flush=True)
            elif line.startswith("Requirement already satisfied"):
                already += 1
            elif line.startswith("Installing collected packages"):
                print(f"  {elapsed}  installing {line.count(',') + 1} packages (the longest part, without output) ...",
                      flush=True)
            elif line.startswith("Successfully installed"):
                print(f"  {elapsed}  installed {len(line.split()) - 2} packages", flush=True)
            elif line.startswith(("ERROR", "error")) or "Error" in line.split(":")[0]:
                print(line, end="", file=sys.stderr, flush=True)
    if already:
        print(f"  {already} requirements already satisfied", flush=True)


if __name__ == "__main__":
    main()
