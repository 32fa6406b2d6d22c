"""What the word clusters of the default entity recogniser cost to build and buy in accuracy.

    .venv/bin/python benchmarks/entities_clusters.py [--variants NAME,...] [--quick] [--json]

Each variant is a way of building the word clusters (word2vec settings, corpora);
for each, the clusters are built from sentences read once per corpus, then the
default CRF (``khabar.extract.crf.train_crf``, 150 L-BFGS iterations) is trained
on ANERcorp's first 80% and scored (strict micro F1, ``khabar.evaluate``) on its
last 20% (the split of ``benchmarks/entities.py``) and on the whole Jawhara FM
gold (``quotes/jawharafm_gold.jsonl``, 40 Tunisian articles the model never saw:
another country and outlet). Times are wall-clock seconds of this one process
(word2vec uses 2 threads) and CPU seconds (all threads), printed with the
machine's load average: on a shared machine the CPU seconds are the steadier figure. ``--quick``: two SaudiNewsNet days, 30% of ANERcorp, 60
iterations (the figures then say little about accuracy).
"""

from __future__ import annotations

import sys
from pathlib import Path

# benchmarks/tokenize.py would shadow the standard library's tokenize module (imported by inspect).
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse
import json
import os
import time

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from khabar.evaluate import evaluate  # noqa: E402
from khabar.extract.entities import extract_entities, read_training_documents  # noqa: E402
from khabar.gold import read_documents  # noqa: E402

SHARED = Path(os.environ.get("KHABAR_SHARED_DATA", REPO.parent / "shared" / "data"))

#: name -> (corpora, word2vec settings); corpora: "snn" SaudiNewsNet, "ant" the Jawhara FM (ANT) corpus.
VARIANTS: dict[str, tuple[tuple[str, ...], dict]] = {
    "none": ((), {}),
    "sg10": (("snn",), {"skip_gram": True, "epochs": 10}),
    "sg3": (("snn",), {"skip_gram": True, "epochs": 3}),
    "sg5": (("snn",), {"skip_gram": True, "epochs": 5}),
    "cbow5": (("snn",), {"skip_gram": False, "epochs": 5}),
    "cbow10": (("snn",), {"skip_gram": False, "epochs": 10}),
    "cbow5+ant": (("snn", "ant"), {"skip_gram": False, "epochs": 5}),
    "sg3+ant": (("snn", "ant"), {"skip_gram": True, "epochs": 3}),
    "sg5+ant": (("snn", "ant"), {"skip_gram": True, "epochs": 5}),
}


def load() -> str:
    return "load %.1f" % os.getloadavg()[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--variants", default="cbow5,sg3,sg10", help=f"comma-separated, of: {', '.join(VARIANTS)}")
    parser.add_argument("--quick", action="store_true", help="two SaudiNewsNet days, 30%% of ANERcorp, 60 iterations")
    parser.add_argument("--json", action="store_true", help="also print all figures as JSON on stdout")
    args = parser.parse_args()
    names = [n.strip() for n in args.variants.split(",") if n.strip()]
    unknown = [n for n in names if n not in VARIANTS]
    if unknown:
        parser.error(f"unknown variants: {', '.join(unknown)}")

    from khabar.extract.clusters import iter_corpus_texts, read_sentences, train_clusters_on_sentences
    from khabar.extract.crf import train_crf
    from khabar.extract.quotes.induce import iter_texts

    gazetteer_dir = SHARED / "anercorp" / "ANERGazet"
    docs = list(read_training_documents([SHARED / "anercorp" / "ANERCorp.train.txt"]))
    cut = int(len(docs) * 0.8)
    train = docs[: int(len(docs) * 0.3)] if args.quick else docs[:cut]
    test = docs[cut:]
    jawhara = list(read_documents(SHARED / "quotes" / "jawharafm_gold.jsonl"))
    iterations = 60 if args.quick else 150

    sentences: dict[str, list] = {}
    read_seconds: dict[str, float] = {}
    read_cpu: dict[str, float] = {}

    def corpus(name: str) -> list:
        if name not in sentences:
            started, cpu = time.perf_counter(), time.process_time()
            if name == "snn":
                zips = sorted((SHARED / "saudinewsnet").glob("*.zip"))
                texts = iter_corpus_texts(zips[:2] if args.quick else zips)
            else:
                texts = iter_texts([SHARED / "antcorpus" / "antcorpus.data-master.zip"], 1000 if args.quick else None)
            sentences[name] = read_sentences(texts)
            read_seconds[name] = time.perf_counter() - started
            read_cpu[name] = time.process_time() - cpu
            tokens = sum(map(len, sentences[name]))
            print(f"read {name}: {len(sentences[name]):,} sentences, {tokens:,} tokens in {read_seconds[name]:.0f}s, "
                  f"{read_cpu[name]:.0f} CPU s ({load()})", flush=True)
        return sentences[name]

    results = {}
    for name in names:
        corpora, settings = VARIANTS[name]
        clusters, build, build_cpu = None, 0.0, 0.0
        if corpora:
            pooled = [s for c in corpora for s in corpus(c)]
            started, cpu = time.perf_counter(), time.process_time()
            clusters = train_clusters_on_sentences(pooled, **settings, log=lambda m: print("  ", m, flush=True))
            build, build_cpu = time.perf_counter() - started, time.process_time() - cpu
            print(f"{name}: clusters of {len(clusters):,} words in {build:.0f}s, {build_cpu:.0f} CPU s ({load()})", flush=True)
        started, cpu = time.perf_counter(), time.process_time()
        model = train_crf(train, gazetteer_dir=gazetteer_dir, clusters=clusters, max_iterations=iterations)
        crf_seconds, crf_cpu = time.perf_counter() - started, time.process_time() - cpu
        on_test = evaluate(test, [extract_entities(d, model) for d in test], task="entities")["entities"]
        on_jawhara = evaluate(jawhara, [extract_entities(d, model) for d in jawhara], task="entities")["entities"]
        results[name] = {
            "anercorp_strict_f1": on_test["micro"]["strict"]["f1"],
            "anercorp_p": on_test["micro"]["strict"]["precision"],
            "anercorp_r": on_test["micro"]["strict"]["recall"],
            "jawhara_strict_f1": on_jawhara["micro"]["strict"]["f1"],
            "read_seconds": sum(read_seconds.get(c, 0.0) for c in corpora),
            "cluster_seconds": build,
            "crf_seconds": crf_seconds,
            "cpu_seconds": sum(read_cpu.get(c, 0.0) for c in corpora) + build_cpu + crf_cpu,
        }
        r = results[name]
        print(
            f"{name}: ANERcorp strict F1 {r['anercorp_strict_f1']:.3f} (P {r['anercorp_p']:.3f} R {r['anercorp_r']:.3f}), "
            f"Jawhara FM {r['jawhara_strict_f1']:.3f}; read {r['read_seconds']:.0f}s + clusters {build:.0f}s + CRF "
            f"{crf_seconds:.0f}s; {r['cpu_seconds']:.0f} CPU s in all ({load()})",
            flush=True,
        )
    if args.json:
        print(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
