"""Benchmark of ``khabar agree`` and ``khabar adjudicate`` on three annotators.

Builds three annotator files by repeating the real dev gold
(``/work/shared/data/quotes/dev_gold.jsonl``) under new ids: one exact copy and
two perturbed ones (entities dropped, relabelled or trimmed; quotes dropped,
cut or given no source). Then times, each as a ratio to the baseline:

- baseline: reading the three files (``khabar.gold.read_documents``), the least
  any command over them must do;
- loading and matching them (``load_annotations``: reading plus the checks);
- ``agreement`` (pairwise scores through ``khabar.evaluate``, token kappa, alpha);
- ``agreement`` with ``by_document`` (every figure again for each document);
- ``adjudicate`` by majority.

Run from the repository root::

    .venv/bin/python benchmarks/agreement.py [--quick] [--docs N]
"""

from __future__ import annotations

import os
import sys

# Python puts this script's folder first on the path, where a benchmark named after a
# standard module (tokenize.py) would shadow it: leave the folder out before importing more.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _HERE]

import argparse  # noqa: E402
import random  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from khabar.adjudicate import adjudicate  # noqa: E402
from khabar.agreement import agreement, load_annotations  # noqa: E402
from khabar.gold import Document, read_documents, write_documents  # noqa: E402
from khabar.simulate import simulate_annotator  # noqa: E402

SHARED = Path(os.environ.get("KHABAR_SHARED_DATA", REPO.parent / "shared" / "data"))


def build(folder: Path, n_docs: int) -> list[Path]:
    gold = list(read_documents(SHARED / "quotes" / "dev_gold.jsonl"))
    rng = random.Random(7)
    exact, first, second = [], [], []
    for i in range(n_docs):
        doc = gold[i % len(gold)]
        doc_id = f"{doc.id}-{i}"
        exact.append(Document(doc_id, doc.text, doc.meta, doc.entities, doc.quotes))
        first.append(simulate_annotator(doc, rng, doc_id=doc_id))
        second.append(simulate_annotator(doc, rng, doc_id=doc_id))
    paths = [folder / "amal.jsonl", folder / "badr.jsonl", folder / "carim.jsonl"]
    for path, docs in zip(paths, (exact, first, second)):
        write_documents(path, docs)
    return paths


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds of one call, and its result."""
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def peak_mib(fn: Callable[[], Any]) -> float:
    """Peak MiB of Python allocations of one call (a separate run: tracing slows the timings)."""
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small run (200 documents)")
    parser.add_argument("--docs", type=int, default=None, help="documents per annotator (default 2,000)")
    args = parser.parse_args()
    n_docs = args.docs or (200 if args.quick else 2000)

    with tempfile.TemporaryDirectory(prefix="khabar-bench-agree-") as tmp:
        paths = build(Path(tmp), n_docs)
        # Warm up the lazy imports (scikit-learn, the tokenizer's tables) outside the timings.
        small = load_annotations([build(Path(tmp) / "warm", 3)[0], build(Path(tmp) / "warm", 3)[1]])
        agreement(small, by_document=True)

        base_s, _ = timed(lambda: [list(read_documents(p)) for p in paths])
        load_s, annotations = timed(lambda: load_annotations(paths))
        agree_s, figures = timed(lambda: agreement(annotations))
        by_doc_s, _ = timed(lambda: agreement(annotations, by_document=True))
        adj_s, adjudicated = timed(lambda: adjudicate(annotations))
        base_mb = peak_mib(lambda: [list(read_documents(p)) for p in paths])
        agree_mb = peak_mib(lambda: agreement(annotations))

    print(f"khabar agree / adjudicate: 3 annotators x {n_docs:,} documents (dev gold repeated, two perturbed)")
    print(f"{'step':<34}{'seconds':>10}{'docs/s':>12}{'x baseline':>12}")
    rows = [
        ("baseline: read the 3 files", base_s),
        ("load_annotations (read + check)", load_s),
        ("agreement", agree_s),
        ("agreement, by document", by_doc_s),
        ("adjudicate (majority)", adj_s),
    ]
    for name, seconds in rows:
        print(f"{name:<34}{seconds:>10.2f}{n_docs / seconds:>12,.0f}{seconds / base_s:>12.1f}")
    print(f"peak Python memory: reading {base_mb:.1f} MiB, agreement {agree_mb:.1f} MiB ({agree_mb / base_mb:.1f}x)")
    pair = figures["pairwise"][0]
    print(
        f"figures: amal~badr token kappa {pair['token_kappa']:.3f}, entities alpha {figures['entities_alpha']:.3f}, "
        f"quotes alpha {figures['quotes_alpha']:.3f}; adjudicated {adjudicated.counts['entities']:,} entities, "
        f"{adjudicated.counts['entity_conflicts']:,} entity and {adjudicated.counts['quote_conflicts']:,} quote conflicts"
    )


if __name__ == "__main__":
    main()
