"""Load test of doccano with several annotators writing at once: SQLite against PostgreSQL.

For each database, starts its own doccano server (tmp state folder, 127.0.0.1,
khabar's settings: 3 gunicorn workers) and, for PostgreSQL, its own PostgreSQL
server (Debian's, as the integration tests start it), creates a project with
the dev gold's 21 articles and 8 annotators, then lets 8 threads, one per
annotator, each logged in as that annotator, write entity spans through the
REST API (``POST /v1/projects/P/examples/E/spans``, the request doccano's UI
sends when a label is drawn) as fast as the server answers, for 60 s
(``--quick``: 10 s). Reported per database: requests per second, errors (HTTP
status >= 400 or a failed connection, with the server's words, such as
"database is locked"), and median and 95th-percentile latency.

A person drawing labels sends a request every few seconds, so 8 threads
without pause are a far heavier load than 8 people: the figures show where
each database saturates, not how a team feels it.

Run from the repository root (as root on Debian, to run PostgreSQL as the
``postgres`` user)::

    .venv/bin/python benchmarks/doccano_load.py [--quick] [--seconds S] [--annotators N]
"""

from __future__ import annotations

import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _HERE]

import argparse  # noqa: E402
import importlib.util  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

import requests  # noqa: E402

from khabar.doccano.client import connect  # noqa: E402
from khabar.doccano.project import add_user, create_project, label_ids  # noqa: E402
from khabar.doccano.push import existing_ids, push  # noqa: E402
from khabar.doccano.server import DoccanoServer  # noqa: E402
from khabar.gold import read_documents  # noqa: E402


def _postgres_helper():  # noqa: ANN202 - a module
    path = REPO / "tests" / "integration" / "postgres.py"
    spec = importlib.util.spec_from_file_location("khabar_test_postgres", path)
    module = sys.modules.setdefault(spec.name, importlib.util.module_from_spec(spec))
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


@dataclass
class Load:
    """What the annotator threads saw: one latency per request, errors by their words."""

    latencies: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)


def annotator(url: str, token: str, project_id: int, targets: list[tuple[int, int, int]],
              labels: list[int], deadline: float, load: Load, seed: int) -> None:
    """Write spans until ``deadline``: a random example, a random word of it, a random entity label."""
    http = requests.Session()
    http.headers.update({"Authorization": token, "Accept": "application/json"})
    rng = random.Random(seed)
    while time.monotonic() < deadline:
        example, start, end = rng.choice(targets)
        body = {"label": rng.choice(labels), "start_offset": start, "end_offset": end, "example": example}
        began = time.perf_counter()
        try:
            response = http.post(f"{url}/v1/projects/{project_id}/examples/{example}/spans", json=body, timeout=120)
            failure = None if response.status_code < 400 else f"HTTP {response.status_code}: {_words(response.text)}"
        except requests.RequestException as exc:
            failure = f"{type(exc).__name__}: {_words(str(exc))}"
        took = time.perf_counter() - began
        with load.lock:
            load.latencies.append(took)
            if failure:
                load.errors[failure] += 1


def _words(text: str) -> str:
    if "database is locked" in text:
        return "database is locked"
    return " ".join(text.split())[:80]


def run(name: str, server: DoccanoServer, annotators: int, seconds: float) -> dict:
    print(f"[{name}] starting doccano on {server.url} ...", flush=True)
    server.up(timeout=300)
    try:
        admin = connect(server.url, *server.admin_credentials())
        project = f"load-{name}"
        create_project(admin, project)
        users = {f"load{i}": add_user(admin, f"load{i}", "annotator", project) or "" for i in range(annotators)}
        docs = list(read_documents(REPO.parent / "shared" / "data" / "quotes" / "dev_gold.jsonl"))
        push(admin, project, docs)
        project_id = admin.project_id(project)
        ids = existing_ids(admin, project_id)
        spans, _ = label_ids(admin, project_id)
        labels = [spans[label] for label in ("PERS", "ORG", "LOC", "MISC")]
        # where the spans go: the gold entities' offsets (their exact place does not matter to the load)
        targets = [(ids[d.id], e.start, e.end) for d in docs for e in d.entities]
        # log in first (password hashing is slow on purpose): the timed part is writing labels only
        tokens = [connect(server.url, user, password)._http.headers["Authorization"] for user, password in users.items()]
        load = Load()
        deadline = time.monotonic() + seconds
        threads = [threading.Thread(target=annotator, args=(server.url, token, project_id, targets, labels,
                                                             deadline, load, i))
                   for i, token in enumerate(tokens)]
        began = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - began
        latencies = sorted(load.latencies)
        return {
            "database": name, "requests": len(latencies), "seconds": elapsed,
            "per_second": len(latencies) / elapsed, "errors": sum(load.errors.values()),
            "error_kinds": dict(load.errors.most_common(5)),
            "p50_ms": 1000 * statistics.median(latencies) if latencies else float("nan"),
            "p95_ms": 1000 * latencies[int(0.95 * (len(latencies) - 1))] if latencies else float("nan"),
        }
    finally:
        server.down()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="10 s per database instead of 60")
    parser.add_argument("--seconds", type=float, help="seconds of load per database")
    parser.add_argument("--annotators", type=int, default=8)
    parser.add_argument("--only", choices=("sqlite", "postgresql"), help="one database only")
    args = parser.parse_args()
    seconds = args.seconds or (10.0 if args.quick else 60.0)
    pg_bin = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        free_port = _postgres_helper().free_port
        if args.only != "postgresql":
            server = DoccanoServer(Path(tmp) / "sqlite", free_port())
            results.append(run("sqlite", server, args.annotators, seconds))
        if args.only != "sqlite":
            if not pg_bin:
                print("PostgreSQL: not measured (apt-get install postgresql)")
            else:
                helper = _postgres_helper()
                postgres = helper.start_postgres(pg_bin[-1].parent)
                try:
                    server = DoccanoServer(Path(tmp) / "postgresql", free_port(),
                                           database=postgres.create_database("doccano"))
                    results.append(run("postgresql", server, args.annotators, seconds))
                finally:
                    postgres.stop()
    print(f"\n{args.annotators} annotators writing spans without pause for {seconds:.0f} s, 3 gunicorn workers")
    print(f"{'database':<12}{'requests':>10}{'req/s':>8}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}")
    for r in results:
        print(f"{r['database']:<12}{r['requests']:>10,}{r['per_second']:>8.1f}{r['errors']:>8,}"
              f"{r['p50_ms']:>9.0f}{r['p95_ms']:>9.0f}")
        for kind, count in r["error_kinds"].items():
            print(f"    {count:,} x {kind}")


if __name__ == "__main__":
    main()
