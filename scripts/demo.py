#!/usr/bin/env python
"""The main job: the whole khabar pipeline on the demo corpus, step by step, through the CLI.

    make demo                 # what users type
    CORPUS=DIR make demo      # raw files elsewhere (the layout of ../shared/data)
    DEMO_ARTICLES=all make demo    # pre-annotate and push every article (default: the first 2,000)

Each step is one `khabar` command, printed before it runs, so the demo doubles as a
worked example of the CLI; the commands draw their own progress bars, and every step
ends with its duration (a table of all of them closes the run). Everything it writes
goes under `out/` (git-ignored), except the doccano server's state, which lives in
`annotation/.doccano/`.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
KHABAR = str(BIN / "khabar")
OUT = REPO / "out"


#: (title, seconds) of every step finished so far, for the closing table.
TIMES: list[tuple[str, float]] = []
BOLD, PLAIN = ("\033[1m", "\033[0m") if sys.stdout.isatty() else ("", "")


def duration(seconds: float) -> str:
    minutes, seconds = divmod(round(seconds), 60)
    return f"{minutes}m {seconds:02d}s" if minutes else f"{seconds}s"


@contextmanager
def step(title: str) -> Iterator[None]:
    """Print the step's title, run it, and say how long it took."""
    print(f"\n{BOLD}== {title}{PLAIN}", flush=True)
    started = time.perf_counter()
    yield
    seconds = time.perf_counter() - started
    TIMES.append((title.split(":")[0], seconds))
    print(f"{BOLD}-- {title.split(':')[0]}: done in {duration(seconds)}{PLAIN}", flush=True)


def run(*args: str, capture: bool = False) -> str:
    print("$ " + " ".join(shlex.quote(a) for a in args), flush=True)
    result = subprocess.run(args, cwd=REPO, check=True, text=True, stdout=subprocess.PIPE if capture else None)
    return result.stdout if capture else ""


def data_dir() -> Path:
    if os.environ.get("CORPUS"):
        return Path(os.environ["CORPUS"]).resolve()
    shared = (REPO.parent / "shared" / "data").resolve()
    if shared.exists():
        return shared
    raw = REPO / "corpus" / "raw"
    run(KHABAR, "corpus", "fetch", "saudinewsnet", "--dest", str(raw / "saudinewsnet"))
    return raw


def main() -> None:
    data = data_dir()
    OUT.mkdir(exist_ok=True)
    seed = sorted((data / "seed").glob("*.txt")) if (data / "seed").exists() else []
    saudinewsnet = data / "saudinewsnet"
    dev_gold = data / "quotes" / "dev_gold.jsonl"
    jawhara_gold = data / "quotes" / "jawharafm_gold.jsonl"
    anercorp = data / "anercorp" / "ANERCorp.train.txt"
    started = time.perf_counter()

    corpus = REPO / "corpus" / "demo.jsonl"
    with step("1. Import the demo corpus: the seed article and SaudiNewsNet, cleaned, run-together words "
              "repaired, duplicates found"):
        # The command prints its summary (warnings counted by kind) on stderr; the JSON on stdout is kept for later.
        summary = json.loads(run(KHABAR, "corpus", "import", *map(str, seed), str(saudinewsnet), "--out", str(corpus),
                                 "--clean", "--repair-joined", "--near-duplicates", "--json", capture=True))
        (OUT / "import-summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
        print(f"(the whole summary, warnings included: {(OUT / 'import-summary.json').relative_to(REPO)})")

    model = OUT / "models" / "entities.crf"
    clusters = OUT / "models" / "clusters.tsv.gz"
    with step("2. Train the entity recogniser: first word clusters from SaudiNewsNet (word2vec, CBOW: what "
              "`khabar train entities` learns when none are cached), then the CRF on ANERcorp"):
        if model.exists():
            print(f"(using the model trained earlier: {model.relative_to(REPO)}; delete it to retrain)")
        elif anercorp.exists():
            # Word clusters learnt from SaudiNewsNet give the CRF knowledge of names ANERcorp never shows it.
            if clusters.exists():
                print(f"(using the word clusters learnt earlier: {clusters.relative_to(REPO)}; delete them to relearn)")
            else:
                run(KHABAR, "train", "clusters", str(saudinewsnet), "--out", str(clusters))
            run(KHABAR, "train", "entities", str(anercorp), "--clusters", str(clusters), "--out", str(model))
    recognizer = str(model) if model.exists() else "gazetteer"

    quote_model = OUT / "models" / "quotes.model"
    gold_sets = [path for path in (dev_gold, jawhara_gold) if path.exists()]
    with step("2b. Train the quote model on the shared gold sets (seconds)"):
        if quote_model.exists():
            print(f"(using the quote model trained earlier: {quote_model.relative_to(REPO)}; delete it to retrain)")
        elif gold_sets:
            run(KHABAR, "train", "quotes", *map(str, gold_sets), "--out", str(quote_model))
    quote_spec = str(quote_model) if quote_model.exists() else "rules"

    with step("3. Score the extractors on the dev gold set: entities (gazetteer, CRF), quotes (rules)"):
        if dev_gold.exists():
            for name, spec in (("gazetteer", "gazetteer"), ("CRF", recognizer)):
                predicted = OUT / f"dev.entities.{name.lower()}.jsonl"
                run(KHABAR, "extract", "entities", str(dev_gold), "--model", spec, "--out", str(predicted))
                print(f"-- entities, {name}:")
                run(KHABAR, "evaluate", str(dev_gold), str(predicted), "--task", "entities")
            quotes = OUT / "dev.quotes.jsonl"
            run(KHABAR, "extract", "quotes", str(dev_gold), "--out", str(quotes))
            print("-- quotes, rule-based:")
            run(KHABAR, "evaluate", str(dev_gold), str(quotes), "--task", "quotes")

    # The CRF tags about 7,000 tokens a second on one core: the whole of SaudiNewsNet
    # (9 M tokens) would keep the demo busy for twenty minutes, so by default it
    # pre-annotates and pushes the seed article and the first 2,000 articles.
    requested = os.environ.get("DEMO_ARTICLES", "2000")
    limit = 0 if requested == "all" else int(requested)
    with_entities = OUT / "demo.entities.jsonl"
    preannotated = OUT / "demo.preannotated.jsonl"
    with step(f"4. Pre-annotate {'every article' if not limit else f'the first {limit:,} articles'} of the corpus: "
              "entities with the CRF, then quotes with the quote model"):
        to_annotate = corpus
        if limit:
            print("(DEMO_ARTICLES=all for every article)")
            to_annotate = OUT / f"demo.first{limit}.jsonl"
            with corpus.open(encoding="utf-8") as src, to_annotate.open("w", encoding="utf-8") as dst:
                for number, line in enumerate(src):
                    if number >= limit:
                        break
                    dst.write(line)
        run(KHABAR, "extract", "entities", str(to_annotate), "--model", recognizer, "--out", str(with_entities))
        run(KHABAR, "extract", "quotes", str(with_entities), "--model", quote_spec, "--out", str(preannotated))

    with step("5. Start doccano, create the project and the annotators, push the pre-annotated corpus"):
        run(KHABAR, "doccano", "up")
        run(KHABAR, "doccano", "project", "create", "khabar-demo")
        for annotator in ("annotator1", "annotator2"):
            run(KHABAR, "doccano", "users", "add", annotator, "--role", "annotator", "--project", "khabar-demo")
        run(KHABAR, "doccano", "push", str(preannotated), "--project", "khabar-demo", "--preannotate",
            "--annotators", "annotator1,annotator2")
        run(KHABAR, "doccano", "status")

    with step("6. Corpus statistics (on Dask)"):
        stats = json.loads(run(KHABAR, "stats", str(corpus), "--json", capture=True))
        print(", ".join(f"{k} {stats[k]:,}" for k in ("articles", "sentences", "tokens", "types") if k in stats))

    with step("7. Execute the notebooks"):
        executed = OUT / "notebooks"
        executed.mkdir(parents=True, exist_ok=True)
        for notebook in sorted((REPO / "notebooks").glob("*.ipynb")):
            run(str(BIN / "jupyter"), "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.timeout=900", "--output-dir", str(executed), str(notebook))

    print(f"\n{BOLD}== Time per step{PLAIN}")
    for title, seconds in TIMES:
        print(f"  {duration(seconds):>8}  {title}")
    print(f"  {duration(time.perf_counter() - started):>8}  in all (setup not included)")
    print(
        "\nDone. Executed notebooks are in out/notebooks/. To explore them in JupyterLab:\n"
        f"    {BIN.relative_to(REPO) if BIN.is_relative_to(REPO) else BIN}/jupyter lab notebooks/\n"
        "doccano is still running (see the URL and login above); stop it with: .venv/bin/khabar doccano down"
    )


if __name__ == "__main__":
    try:
        main()
    except subprocess.CalledProcessError as exc:
        print(f"\ndemo: step failed (exit {exc.returncode}): {' '.join(exc.cmd)}", file=sys.stderr)
        sys.exit(exc.returncode)
