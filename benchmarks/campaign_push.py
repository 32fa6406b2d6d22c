"""Benchmark of a routed push (``khabar doccano push --per-document 2 --shared 0.1``, 4 annotators) against plain pushes.

Starts its own doccano server (tmp state folder, 127.0.0.1), takes N SaudiNewsNet
articles (1,000; 200 with ``--quick``) pre-annotated as in ``benchmarks/doccano.py``,
and times, in the same run and on the same server:

- baseline: a plain ``push --preannotate`` of the N articles into one project
  (the pusher owns the pre-annotations);
- a plain push of the N articles with the same 4 annotators, each given a copy
  of every article's pre-annotations (what a team gets without routing);
- the routed push: each article to 2 of the 4 annotators, a tenth to all 4,
  into one project per annotator, pre-annotated for that annotator (so about
  2.2 N examples imported, in 4 projects, each batch verified), on its default
  route (``auto``: the database route on a server khabar runs);
- for comparison, on the same articles: a plain push on the database route
  (``--route database``: not what a plain push does by default) and, with
  ``--with-upload-routed``, the routed push on the upload route (doccano's file
  import and a hand-over per batch: what a routed push did before the database
  route).

The baseline stays what a plain push does by default (the upload route). Target:
the routed push within 1.5x of the plain push of the same articles.

Run from the repository root::

    .venv/bin/python benchmarks/campaign_push.py [--quick] [--articles N] [--with-upload-routed] [--port P]
"""

from __future__ import annotations

import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _HERE]

import argparse  # noqa: E402
import importlib.util  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from khabar.doccano.campaign import push_routed  # noqa: E402
from khabar.doccano.client import Session, connect  # noqa: E402
from khabar.doccano.project import add_user, create_project  # noqa: E402
from khabar.doccano.push import push  # noqa: E402
from khabar.doccano.server import DoccanoServer  # noqa: E402
from khabar.gold import write_documents  # noqa: E402


def _doccano_benchmark():
    """``benchmarks/doccano.py`` (its article loader), loaded by path: its name would shadow khabar.doccano."""
    spec = importlib.util.spec_from_file_location("khabar_bench_doccano", Path(_HERE) / "doccano.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ANNOTATORS = ("route-a", "route-b", "route-c", "route-d")


@dataclass
class PushTimes:
    """Seconds of the three pushes of the same articles on one server, and the routed push's summary."""

    articles: int
    plain_s: float
    four_s: float
    routed_s: float
    routed: Any
    at_once: int
    plain_database_s: float
    routed_upload_s: float | None = None

    @property
    def routed_ratio(self) -> float:
        """The routed push's time over the plain push's (the target is at most 1.5)."""
        return self.routed_s / self.plain_s

    def print(self) -> None:
        routed = self.routed
        print(f"{self.articles} SaudiNewsNet articles; routed: {routed.pushed} examples in 4 projects "
              f"({routed.per_annotator}), {routed.shared_documents} shared by all")
        print("routed, each annotator's project: " + ", ".join(
            f"{name} {s.pushed} in {s.seconds:.1f} s" for name, s in routed.pushes.items())
              + f" ({self.at_once} at a time)")
        print(f"{'operation':52} {'seconds':>9} {'ratio':>7}")
        print(f"{'plain push --preannotate (baseline)':52} {self.plain_s:9.2f} {1:7.2f}")
        print(f"{'plain push, a copy for each of 4 annotators':52} {self.four_s:9.2f} {self.four_s / self.plain_s:7.2f}")
        print(f"{'routed push, K=2 of 4, shared 0.1 (database route)':52} {self.routed_s:9.2f} "
              f"{self.routed_ratio:7.2f}  target <= 1.5")
        print(f"{'for comparison: plain push --route database':52} {self.plain_database_s:9.2f} "
              f"{self.plain_database_s / self.plain_s:7.2f}")
        if self.routed_upload_s is not None:
            print(f"{'for comparison: routed push --route upload (before)':52} {self.routed_upload_s:9.2f} "
                  f"{self.routed_upload_s / self.plain_s:7.2f}")


def time_pushes(session: Session, server: DoccanoServer, docs: list, work_dir: Path, *, at_once: int = 1,
                prefix: str = "", upload_routed: bool = False) -> PushTimes:
    """Time a plain push, a plain push with 4 annotators and the routed push (K=2 of 4) of ``docs``, then a
    plain push on the database route and (``upload_routed``) the routed push on the upload route.

    ``session`` is the admin's on ``server``; projects are named ``<prefix>plain``, ``<prefix>plain-4``,
    ``<prefix>routed``, ``<prefix>plain-db`` and ``<prefix>routed-upload`` (a routed campaign's annotator
    projects after it).
    """
    gold = work_dir / f"{prefix}articles.jsonl"
    write_documents(gold, docs)
    annotators = list(ANNOTATORS)
    for name in annotators:
        add_user(session, name, "annotator")
    create_project(session, f"{prefix}plain")
    create_project(session, f"{prefix}plain-4")

    t0 = time.perf_counter()
    plain = push(session, f"{prefix}plain", gold, preannotate=True, state_dir=server.state_dir)
    plain_s = time.perf_counter() - t0
    assert plain.pushed == len(docs), plain

    t0 = time.perf_counter()
    four = push(session, f"{prefix}plain-4", gold, preannotate=True, annotators=annotators,
                state_dir=server.state_dir)
    four_s = time.perf_counter() - t0
    assert four.pushed == len(docs), four

    t0 = time.perf_counter()
    routed = push_routed(session, f"{prefix}routed", gold, annotators, 2, 0.1, preannotate=True,
                         state_dir=server.state_dir, projects_at_once=at_once)
    routed_s = time.perf_counter() - t0
    assert routed.documents == len(docs), routed
    assert all(s.route == "database" for s in routed.pushes.values()), routed

    create_project(session, f"{prefix}plain-db")
    t0 = time.perf_counter()
    plain_db = push(session, f"{prefix}plain-db", gold, preannotate=True, state_dir=server.state_dir,
                    route="database")
    plain_database_s = time.perf_counter() - t0
    assert plain_db.pushed == len(docs), plain_db

    routed_upload_s = None
    if upload_routed:
        t0 = time.perf_counter()
        before = push_routed(session, f"{prefix}routed-upload", gold, annotators, 2, 0.1, preannotate=True,
                             state_dir=server.state_dir, projects_at_once=at_once, route="upload")
        routed_upload_s = time.perf_counter() - t0
        assert before.pushed == routed.pushed, before
    return PushTimes(len(docs), plain_s, four_s, routed_s, routed, at_once, plain_database_s, routed_upload_s)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="200 articles instead of 1,000")
    parser.add_argument("--articles", type=int, default=None)
    parser.add_argument("--at-once", type=int, default=1, help="annotator projects pushed at a time")
    parser.add_argument("--with-upload-routed", action="store_true",
                        help="also time the routed push on the upload route (what it did before)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("KHABAR_BENCH_DOCCANO_PORT", 18130)))
    args = parser.parse_args()
    n = args.articles or (200 if args.quick else 1_000)

    docs = _doccano_benchmark().load_articles(n)
    with tempfile.TemporaryDirectory(prefix="khabar-bench-campaign-") as tmp:
        tmp_path = Path(tmp)
        server = DoccanoServer(tmp_path / "state", args.port)
        server.up(timeout=300)
        try:
            session = connect(server.url, *server.admin_credentials())
            times = time_pushes(session, server, docs, tmp_path, at_once=args.at_once,
                                upload_routed=args.with_upload_routed)
        finally:
            server.down()
    times.print()


if __name__ == "__main__":
    main()
