#!/usr/bin/env python
"""The main job: the whole khabar pipeline on the demo corpus, step by step, through the CLI.

    make demo                 # what users type
    CORPUS=DIR make demo      # raw files elsewhere (the layout of ../shared/data)
    DEMO_ARTICLES=all make demo    # push every article to doccano (default: the first 2,000; all are pre-annotated)

Each step is one `khabar` command, printed before it runs, so the demo doubles as a
worked example of the CLI; the commands draw their own progress bars, and every step
ends with its duration (a table of all of them closes the run). Everything it writes
goes under `out/` (git-ignored), except the doccano server's state, which lives in
`annotation/.doccano/`.

Run again, it redoes only what changed, as make would: a step whose outputs exist and
whose inputs (files: sizes and modification times; settings; khabar's own code) are
those of the run that wrote them is reused and says so (`out/demo-steps.json` records
them; delete an output, or the record, to redo its step). The campaign notebook is
always executed again: it reads the live doccano server.
"""

from __future__ import annotations

import hashlib
import json
import os
import shlex
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

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


STEPS_RECORD = OUT / "demo-steps.json"


def _files(path: Path) -> Iterator[Path]:
    if path.is_dir():
        yield from sorted(p for p in path.rglob("*") if p.is_file())
    elif path.exists():
        yield path


def fingerprint(*inputs: Path, **settings: object) -> str:
    """What a step's outputs depend on: its input files (names, sizes, modification times),
    its settings, and the code that computes them (khabar's sources and this script)."""
    digest = hashlib.blake2b(digest_size=16)
    for source in [*_files(REPO / "src" / "khabar"), Path(__file__).resolve()]:
        if source.suffix in {".py", ".json", ".tsv", ".txt", ".gz"}:
            digest.update(source.read_bytes())
    for path in inputs:
        for file in _files(path):
            stat = file.stat()
            digest.update(f"{file}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    # The notebooks and commands read these from the environment.
    environment = {k: v for k, v in os.environ.items() if k.startswith("KHABAR_") or k in {"CORPUS", "DEMO_ARTICLES"}}
    digest.update(json.dumps([settings, environment], sort_keys=True, default=str).encode())
    return digest.hexdigest()


def reusable(name: str, key: str, *outputs: Path) -> bool:
    """Whether the outputs of step ``name`` exist and were made from the inputs ``key`` describes."""
    recorded = steps_record().get(name)
    return recorded == key and all(output.exists() for output in outputs)


def steps_record() -> dict[str, Any]:
    """What ``out/demo-steps.json`` records, step -> key; empty when it is missing or damaged (cut short, not
    JSON, no object): a record of a cache, so a damaged one only makes the steps run again."""
    try:
        record = json.loads(STEPS_RECORD.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def remember(name: str, key: str) -> None:
    """Record that step ``name`` has made its outputs from the inputs ``key`` describes."""
    record = steps_record()
    record[name] = key
    temporary = STEPS_RECORD.with_suffix(".tmp")
    temporary.write_text(json.dumps(record, indent=2), encoding="utf-8")
    temporary.replace(STEPS_RECORD)


def reused(*outputs: Path) -> None:
    shown = ", ".join(str(o.relative_to(REPO)) for o in outputs)
    print(f"(unchanged since the last run: reusing {shown}; delete {'it' if len(outputs) == 1 else 'them'} to redo)")


def run(*args: str, capture: bool = False, hide: tuple[str, ...] = ()) -> str:
    """Run a command, printed first; ``capture`` returns its output; lines of its error output
    holding any of ``hide`` are left out (the whole of it is shown if the command fails)."""
    print("$ " + " ".join(shlex.quote(a) for a in args), flush=True)
    result = subprocess.run(args, cwd=REPO, text=True, stdout=subprocess.PIPE if capture else None,
                            stderr=subprocess.PIPE if hide else None)
    if hide:
        shown = result.stderr if result.returncode else "".join(
            line for line in result.stderr.splitlines(keepends=True) if not any(h in line for h in hide))
        sys.stderr.write(shown)
    result.check_returncode()
    return result.stdout if capture else ""


#: What jupyter's kernel says on every start: the kernel listens on loopback only, which the warning does not know.
KERNEL_TCP_WARNING = "Kernel is running over TCP without encryption"


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
        import_summary = OUT / "import-summary.json"
        key = fingerprint(*seed, saudinewsnet)
        if reusable("import", key, corpus, import_summary):
            reused(corpus)
        else:
            # The command prints its summary (warnings counted by kind) on stderr; the JSON on stdout is kept.
            summary = json.loads(run(KHABAR, "corpus", "import", *map(str, seed), str(saudinewsnet), "--out",
                                     str(corpus), "--clean", "--repair-joined", "--near-duplicates", "--json",
                                     capture=True))
            import_summary.write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
            remember("import", key)
        print(f"(the whole summary, warnings included: {import_summary.relative_to(REPO)})")

    model = OUT / "models" / "entities.pt"
    clusters = OUT / "models" / "clusters.tsv.gz"
    with step("2. Train the entity recogniser: first word clusters from SaudiNewsNet (word2vec, CBOW: what "
              "`khabar train entities` learns when none are cached), then the BiLSTM-CRF on ANERcorp (a few minutes)"):
        if model.exists():
            print(f"(using the model trained earlier: {model.relative_to(REPO)}; delete it to retrain)")
        elif anercorp.exists():
            # Word clusters and vectors learnt from SaudiNewsNet tell the model of names ANERcorp never shows it.
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

    with step("3. Score the extractors on the dev gold set: entities (gazetteer, BiLSTM-CRF), quotes (rules)"):
        scores = OUT / "dev-scores.txt"
        key = fingerprint(dev_gold, Path(recognizer), recognizer=recognizer)
        if dev_gold.exists() and reusable("scores", key, scores):
            reused(scores)
            print(scores.read_text(encoding="utf-8"), end="")
        elif dev_gold.exists():
            report = []
            for name, spec in (("gazetteer", "gazetteer"), ("BiLSTM-CRF", recognizer)):
                predicted = OUT / f"dev.entities.{name.lower()}.jsonl"
                run(KHABAR, "extract", "entities", str(dev_gold), "--model", spec, "--out", str(predicted))
                report.append(f"-- entities, {name}:\n")
                report.append(run(KHABAR, "evaluate", str(dev_gold), str(predicted), "--task", "entities",
                                  capture=True))
                print("".join(report[-2:]), end="", flush=True)
            quotes = OUT / "dev.quotes.jsonl"
            run(KHABAR, "extract", "quotes", str(dev_gold), "--out", str(quotes))
            report.append("-- quotes, rule-based:\n")
            report.append(run(KHABAR, "evaluate", str(dev_gold), str(quotes), "--task", "quotes", capture=True))
            print("".join(report[-2:]), end="", flush=True)
            scores.write_text("".join(report), encoding="utf-8")
            remember("scores", key)

    # The whole corpus is pre-annotated, on two worker processes (Dask, `--scheduler processes`): every
    # article gets the recogniser's entities and the quote model's quotes (out/demo.all.preannotated.jsonl,
    # for anyone who wants them at corpus scale). The seed article and the first 2,000 are pushed to
    # doccano, enough for a campaign (out/demo.preannotated.jsonl, what notebook 02 compares the
    # annotators' work with); DEMO_ARTICLES=all pushes every article (5-10 minutes more on 2 cores).
    requested = os.environ.get("DEMO_ARTICLES", "2000")
    limit = 0 if requested == "all" else int(requested)
    with_entities = OUT / "demo.all.entities.jsonl"
    all_preannotated = OUT / "demo.all.preannotated.jsonl"
    preannotated = OUT / "demo.preannotated.jsonl"
    with step("4. Pre-annotate the whole corpus on 2 worker processes: entities with the BiLSTM-CRF, then "
              "quotes with the quote model"):
        key = fingerprint(corpus, Path(recognizer), Path(quote_spec), recognizer=recognizer, quotes=quote_spec)
        if reusable("pre-annotate", key, all_preannotated):
            reused(all_preannotated)
        else:
            parallel = ["--scheduler", "processes", "--workers", "2"]
            run(KHABAR, "extract", "entities", str(corpus), "--model", recognizer, "--out", str(with_entities),
                *parallel)
            run(KHABAR, "extract", "quotes", str(with_entities), "--model", quote_spec, "--out",
                str(all_preannotated), *parallel)
            with_entities.unlink()  # the same entities are in the quotes' output
            remember("pre-annotate", key)

    with step("5. Start doccano, create the project and the annotators, push "
              f"{'every article' if not limit else f'the first {limit:,} articles'} with their pre-annotations"):
        if limit:
            print(f"(DEMO_ARTICLES=all pushes every article; all of them are pre-annotated in {all_preannotated.relative_to(REPO)})")
        # The extractors keep the input's order, so the first lines are the first articles' pre-annotations.
        with all_preannotated.open(encoding="utf-8") as src, preannotated.open("w", encoding="utf-8") as dst:
            for number, line in enumerate(src):
                if limit and number >= limit:
                    break
                dst.write(line)
        run(KHABAR, "doccano", "up")
        run(KHABAR, "doccano", "project", "create", "khabar-demo")
        for annotator in ("annotator1", "annotator2"):
            run(KHABAR, "doccano", "users", "add", annotator, "--role", "annotator", "--project", "khabar-demo")
        run(KHABAR, "doccano", "push", str(preannotated), "--project", "khabar-demo", "--preannotate",
            "--annotators", "annotator1,annotator2")
        run(KHABAR, "doccano", "status")

    with step("6. Corpus statistics (on Dask)"):
        stats_file = OUT / "stats.json"
        key = fingerprint(corpus)
        if reusable("stats", key, stats_file):
            reused(stats_file)
            stats = json.loads(stats_file.read_text(encoding="utf-8"))
        else:
            stats = json.loads(run(KHABAR, "stats", str(corpus), "--json", capture=True))
            stats_file.write_text(json.dumps(stats, ensure_ascii=False, indent=2), encoding="utf-8")
            remember("stats", key)
        print(", ".join(f"{k} {stats[k]:,}" for k in ("articles", "sentences", "tokens", "types") if k in stats))

    with step("7. Execute the notebooks"):
        executed = OUT / "notebooks"
        executed.mkdir(parents=True, exist_ok=True)
        for notebook in sorted((REPO / "notebooks").glob("*.ipynb")):
            # The campaign notebook reads the live server: it is run every time.
            live = notebook.name.startswith("02")
            key = fingerprint(notebook, corpus, OUT / "models", dev_gold, jawhara_gold, data / "anercorp", all_preannotated)
            if not live and reusable(f"notebook {notebook.name}", key, executed / notebook.name):
                reused(executed / notebook.name)
                continue
            run(str(BIN / "jupyter"), "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.timeout=900", "--output-dir", str(executed), str(notebook),
                hide=(KERNEL_TCP_WARNING,))
            if not live:
                remember(f"notebook {notebook.name}", key)

    print(f"\n{BOLD}== Time per step{PLAIN}")
    for title, seconds in TIMES:
        print(f"  {duration(seconds):>8}  {title}")
    print(f"  {duration(time.perf_counter() - started):>8}  in all (setup not included)")
    print(
        "\nDone. Executed notebooks are in out/notebooks/. To explore them in JupyterLab:\n"
        f"    {BIN.relative_to(REPO) if BIN.is_relative_to(REPO) else BIN}/jupyter lab notebooks/\n"
        "doccano is still running (see the URL and login above); stop it with: .venv/bin/khabar doccano down"
    )
    if model.exists():
        # The model in the loop: what to run once the annotators have confirmed some articles.
        print(
            "Once the annotators have confirmed some articles, re-suggest the rest with models trained on them:\n"
            f"    .venv/bin/khabar doccano refresh --project khabar-demo --base-model {model.relative_to(REPO)} "
            f"--base-entities {anercorp} " + " ".join(f"--base-quotes {path}" for path in gold_sets)
        )


if __name__ == "__main__":
    try:
        main()
    except subprocess.CalledProcessError as exc:
        print(f"\ndemo: step failed (exit {exc.returncode}): {' '.join(exc.cmd)}", file=sys.stderr)
        sys.exit(exc.returncode)
