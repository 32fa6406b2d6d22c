"""Benchmark of ``khabar evaluate``: score 100,000 documents in under 10 seconds.

Builds a corpus by repeating the real dev gold (``/work/shared/data/quotes/dev_gold.jsonl``)
under new ids, with predictions perturbed at random (entities dropped, shifted,
relabelled or invented; quotes dropped, cut, or given other sources and cues),
then times:

- khabar's scoring of entities and quotes (pairing, counting and figures),
- the bootstrap (1,000 resamples, or 200 with ``--quick``),
- the baseline: nervaluate 1.2.1 on the same entities of a subset, whose
  documents/s is extrapolated (nervaluate on all 100,000 would take minutes).

and checks that both give the same entity counts on the documents of that
subset where neither side's entities overlap each other (khabar pairs exact
matches first, so where a nested prediction would take a gold entity from
the one matching it exactly, nervaluate counts less: how much is printed).

Run from the repository root::

    .venv/bin/python benchmarks/evaluate.py [--quick] [--docs N]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# This folder is sys.path[0] when run as a script; its tokenize.py must not shadow the standard library's.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(REPO / "src"))

from khabar.evaluate import score  # noqa: E402
from khabar.evaluate.entities import CATEGORIES, SCHEMES  # noqa: E402
from khabar.gold import Document, Entity, Quote, Span, read_documents  # noqa: E402

SHARED = Path(os.environ.get("KHABAR_SHARED_DATA", REPO.parent / "shared" / "data"))
LABELS = ("PERS", "ORG", "LOC", "MISC")
NERVALUATE_KEYS = {"strict": "strict", "exact": "exact", "partial": "partial", "type": "ent_type"}


def perturb(doc: Document, rng: random.Random, new_id: str) -> Document:
    """A plausible extractor output for ``doc``: mostly right, sometimes off."""
    size = len(doc.text)

    def shift(span: Span) -> Span:
        start = min(max(0, span.start + rng.choice((-4, -1, 0, 0, 2, 5))), size - 1)
        end = min(size, max(start + 1, span.end + rng.choice((-6, -1, 0, 0, 1, 3))))
        return Span(start, end)

    entities = []
    for e in doc.entities:
        r = rng.random()
        if r < 0.10:
            continue
        if r < 0.25:
            s = shift(e.span)
            entities.append(Entity(s.start, s.end, e.label))
        elif r < 0.32:
            entities.append(Entity(e.start, e.end, rng.choice(LABELS)))
        else:
            entities.append(e)
    for _ in range(rng.randint(0, 3)):
        start = rng.randrange(size - 1)
        entities.append(Entity(start, min(size, start + rng.randint(2, 20)), rng.choice(LABELS)))
    quotes = []
    for q in doc.quotes:
        r = rng.random()
        if r < 0.12:
            continue
        content = shift(q.content) if r < 0.45 else q.content
        if r > 0.85:
            content = Span(content.start, content.start + max(1, len(content) // 3))
        source = q.source if rng.random() > 0.2 else (None if rng.random() < 0.5 else shift(q.source or q.content))
        cue = q.cue if rng.random() > 0.15 else None
        quotes.append(Quote(content, source, cue, q.type))
    return Document(new_id, doc.text, entities=entities, quotes=quotes)


def build(n: int, seed: int = 0) -> tuple[list[Document], list[Document]]:
    gold_docs = list(read_documents(SHARED / "quotes" / "dev_gold.jsonl"))
    rng = random.Random(seed)
    variants = [[perturb(d, rng, d.id) for _ in range(40)] for d in gold_docs]
    gold, pred = [], []
    for k in range(n):
        base = gold_docs[k % len(gold_docs)]
        new_id = f"{base.id}#{k}"
        gold.append(Document(new_id, base.text, base.meta, base.entities, base.quotes))
        variant = variants[k % len(gold_docs)][(k // len(gold_docs)) % 40]
        pred.append(Document(new_id, base.text, entities=variant.entities, quotes=variant.quotes))
    return gold, pred


def nervaluate_counts(gold: list[Document], pred: list[Document]) -> dict:
    from nervaluate import Evaluator

    def convert(doc: Document) -> list[dict]:
        # nervaluate's ends are inclusive; khabar sorts by (start, end, label) before counting.
        ordered = sorted(doc.entities, key=lambda e: (e.start, e.end, e.label))
        return [{"label": e.label, "start": e.start, "end": e.end - 1} for e in ordered]

    true, predicted = [convert(d) for d in gold], [convert(d) for d in pred]
    return Evaluator(true, predicted, tags=list(LABELS), loader="dict").evaluate()


def nested(doc: Document) -> bool:
    """Whether two of the document's entities overlap (what no BIO tagger outputs)."""
    spans = sorted((e.start, e.end) for e in doc.entities)
    return any(b[0] < a[1] for a, b in zip(spans, spans[1:]))


class Timer:
    """Wall-clock and CPU seconds of a block (CPU time shows the cost when other jobs share the machine)."""

    def __enter__(self) -> Timer:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="10,000 documents and 200 resamples")
    parser.add_argument("--docs", type=int, default=None, help="documents to score (default 100,000)")
    args = parser.parse_args()
    n = args.docs or (10_000 if args.quick else 100_000)
    replicates = 200 if args.quick else 1000
    baseline_n = min(n, 2_000 if args.quick else 10_000)

    with Timer() as built:
        gold, pred = build(n)
    print(f"built {n:,} documents ({sum(len(d.entities) for d in gold):,} gold entities, "
          f"{sum(len(d.quotes) for d in gold):,} gold quotes) in {built.wall:.1f} s")

    with Timer() as everything:
        scoring = score(gold, pred)
        result = scoring.result()
    with Timer() as entities_only:
        entity_result = score(gold, pred, task="entities").result()
    with Timer() as bootstrap:
        scoring.result(bootstrap=replicates, seed=1)
    with Timer() as baseline:
        nerv = nervaluate_counts(gold[:baseline_n], pred[:baseline_n])
    subset = score(gold[:baseline_n], pred[:baseline_n], task="entities").entity_table.totals()
    flat = [k for k in range(baseline_n) if not nested(gold[k]) and not nested(pred[k])]
    flat_gold, flat_pred = [gold[k] for k in flat], [pred[k] for k in flat]
    nerv_flat = nervaluate_counts(flat_gold, flat_pred)
    subset_flat = score(flat_gold, flat_pred, task="entities").entity_table.totals()
    fields = {"COR": "correct", "INC": "incorrect", "PAR": "partial", "MIS": "missed", "SPU": "spurious"}
    same = all(
        subset_flat[f"micro/{s}/{c}"] == getattr(nerv_flat["overall"][NERVALUATE_KEYS[s]], fields[c])
        for s in SCHEMES
        for c in CATEGORIES
    )
    lost = subset["micro/strict/COR"] - nerv["overall"]["strict"].correct

    base_rate = baseline_n / baseline.cpu
    print()
    print(f"{'what':<46}{'docs':>9}{'wall s':>9}{'cpu s':>8}{'docs/cpu s':>12}{'vs nervaluate':>15}")
    for name, docs, timer in (
        ("nervaluate 1.2.1, entities (baseline)", baseline_n, baseline),
        ("khabar, entities", n, entities_only),
        ("khabar, entities + quotes", n, everything),
    ):
        rate = docs / timer.cpu
        print(f"{name:<46}{docs:>9,}{timer.wall:>9.2f}{timer.cpu:>8.2f}{rate:>12,.0f}{rate / base_rate:>14.1f}x")
    name = f"khabar, bootstrap of {replicates:,} resamples"
    print(f"{name:<46}{n:>9,}{bootstrap.wall:>9.2f}{bootstrap.cpu:>8.2f}")
    print()
    target = 10.0 * n / 100_000
    print(f"target: {n:,} documents scored in under {target:.1f} s -> "
          f"{'met' if everything.wall < target else 'NOT met'} on the wall clock ({everything.wall:.2f} s, "
          f"{everything.wall / target:.2f} of the budget); {everything.cpu:.2f} s of CPU "
          f"(load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    print(f"entity counts identical to nervaluate on the {len(flat):,} of {baseline_n:,} documents without nesting: "
          f"{'yes' if same else 'NO'}; on all {baseline_n:,}, nervaluate loses {lost:,} of "
          f"{subset['micro/strict/COR']:,} strict matches to nested predictions")
    print(f"strict entity F1 {entity_result['entities']['micro']['strict']['f1']:.3f}, "
          f"quote attribution F1 {result['quotes']['attribution']['f1']:.3f}")


if __name__ == "__main__":
    main()
