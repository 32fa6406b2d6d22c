"""A simulated annotation campaign with the model in the loop, on a real doccano server.

Starts its own doccano server (tmp state folder, 127.0.0.1) and, in it:

1. trains the default entity recogniser, one BiLSTM-CRF (``--arch bilstm``;
   with the cached word clusters of ``khabar train entities`` when there are
   any, or ``--clusters``), on ANERcorp's training file (``--quick``: its first
   30%), or loads ``--entity-model``; that model is the base every refresh
   continues on the gold (``refresh --base-model``). ``--arch crf``: a CRF
   (word clusters only with ``--clusters``, as refresh trains its CRF without
   them), and refreshes with ``--arch crf``, which train CRFs from nothing.
   It pre-annotates the 40 Jawhara FM gold articles with that model and the
   quote model trained on ``dev_gold.jsonl`` (what a refresh with no gold
   trains; ``--first-quotes rules``: the rules), and pushes them (``push
   --preannotate``) to one simulated annotator, who owns the suggestions;
   when refresh exists, it then runs once with no gold (the baseline of its
   own models);
2. rounds of 10 (``--per-round``): the simulated annotator
   (:func:`khabar.doccano.annotate.label_example`) labels 10 articles not yet
   labelled with their gold (``--noise R``: a noisy copy,
   :func:`khabar.simulate.simulate_annotator`) and confirms them, through
   doccano's REST API, taking them in the order the last refresh put first
   (before any refresh: a seeded shuffle); then
   ``khabar doccano refresh --project NAME --base-entities ANERCORP
   --base-quotes DEV_GOLD --folds 0 --json`` (``--base-model`` the first
   model, or ``--arch crf``) runs in its own process;
3. after each round it pulls the project (``khabar doccano pull``: the
   suggestions as doccano holds them, not local files) and scores the
   suggestions on the articles not yet labelled against their gold: entity
   strict micro F1 and quote attribution F1; at the end, every round's
   suggestions also on the articles no round labelled (one set throughout:
   the rest shrinks and, taken most uncertain first, leaves the easier ones).

Round 0 is the first pre-annotation, before anything is labelled. Targets
(issue #15): after 20 labelled articles, entity strict F1 >= 0.65 on the rest
(0.457 before any round) and quote attribution F1 >= 0.75. Until ``khabar
doccano refresh`` exists (branch ``refresh``), each refresh is reported as
skipped ("refresh not available") and the suggestions stay the first ones.

A separate section (``--push-docs N``; 10,000 by default, 200 with ``--quick``,
0 skips it) times, on the same server, a plain pre-annotated push of N
SaudiNewsNet articles and the same articles routed to 4 annotators with K=2
(``benchmarks/campaign_push.py``'s code). Target: within 1.5x.

Run from the repository root::

    .venv/bin/python benchmarks/campaign.py [--quick] [--rounds N] [--push-docs N] [--port P]
"""

from __future__ import annotations

import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
# benchmarks/tokenize.py and benchmarks/doccano.py would shadow the standard library's tokenize and khabar.doccano.
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _HERE]

import argparse  # noqa: E402
import importlib.util  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from khabar.doccano.annotate import LabelTypes, label_example  # noqa: E402
from khabar.doccano.client import Session, connect, login_as  # noqa: E402
from khabar.doccano.project import add_user, create_project  # noqa: E402
from khabar.doccano.pull import pull  # noqa: E402
from khabar.doccano.push import existing_ids, push  # noqa: E402
from khabar.doccano.server import DoccanoServer  # noqa: E402
from khabar.evaluate import score_entities, score_quotes  # noqa: E402
from khabar.gold import Document, read_documents, write_documents  # noqa: E402
from khabar.simulate import simulate_annotator  # noqa: E402

SHARED = Path(os.environ.get("KHABAR_SHARED_DATA", REPO.parent / "shared" / "data"))
PROJECT = "jawhara-campaign"
ANNOTATOR = "sim"
#: After this many labelled articles the targets are checked.
TARGET_AT = 20
ENTITY_TARGET, ATTRIBUTION_TARGET, PUSH_TARGET = 0.65, 0.75, 1.5
#: The entity figure on the Jawhara FM gold before any round, as the issue states it (CRF + clusters on ANERcorp).
ENTITY_BEFORE = 0.457


def _load_benchmark(name: str):  # noqa: ANN202 - a module
    """A sibling benchmark loaded by path (benchmarks/ is not a package; doccano.py would shadow khabar.doccano)."""
    spec = importlib.util.spec_from_file_location(f"khabar_bench_{name}", Path(_HERE) / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


# -- the first suggestions --------------------------------------------------------------------------------------
def base_entity_source(quick: bool, work_dir: Path) -> tuple[Path, list[Document]]:
    """ANERcorp's training file (``--quick``: its first 30% as gold JSON lines) and its documents, read as
    ``khabar train entities`` and ``refresh`` read it (in the project's conventions: khabar.extract.conventions)."""
    from khabar.extract.training_sources import read_training_sources

    path = SHARED / "anercorp" / "ANERCorp.train.txt"
    docs = read_training_sources([path]).documents
    if not quick:
        return path, docs
    part = docs[: int(len(docs) * 0.3)]
    subset = work_dir / "anercorp-30.jsonl"
    write_documents(subset, part)
    return subset, part


def preannotate(gold: list[Document], training: list[Document], *, model: Path | None, clusters: Path | None,
                quotes: str, quote_gold: Path, arch: str = "crf",
                save_to: Path | None = None) -> tuple[list[Document], str]:
    """The gold texts with the entity recogniser's entities and the quotes of the rules or of the quote model
    trained on ``quote_gold``; and a sentence saying how they were made. ``arch="bilstm"``: the recogniser
    is a BiLSTM-CRF (``model``, or one trained on ``training`` and written to ``save_to``: the base model the
    refreshes continue)."""
    from khabar.extract.crf import CrfRecognizer, train_crf
    from khabar.extract.entities import extract_entities
    from khabar.extract.quotes import extract_quotes
    from khabar.extract.quotes.model import train_quote_model

    started = time.perf_counter()
    if arch == "bilstm":
        from khabar.extract.neural import NeuralRecognizer, train_neural

        kind, load, train = "BiLSTM-CRF", NeuralRecognizer.load, train_neural
    else:
        kind, load, train = "CRF", CrfRecognizer.load, train_crf
    if model is not None:
        recognizer, how = load(model), f"entities: the {kind} {model}"
    else:
        recognizer = train(training, gazetteer_dir=SHARED / "anercorp" / "ANERGazet", clusters=clusters)
        how = (f"entities: the {kind} trained on {len(training):,} ANERcorp sentences "
               + (f"with the word clusters {clusters}" if clusters else "without word clusters")
               + f" ({time.perf_counter() - started:.0f} s)")
    if save_to is not None:
        recognizer.save(save_to)
    bare = [Document(d.id, d.text, d.meta, [], []) for d in gold]
    tagged = [extract_entities(doc, recognizer) for doc in bare]
    if quotes == "rules":
        return [extract_quotes(doc) for doc in tagged], how + "; quotes: the rules"
    started = time.perf_counter()
    quote_model = train_quote_model(list(read_documents(quote_gold)))
    how += f"; quotes: the quote model trained on {quote_gold.name} ({time.perf_counter() - started:.0f} s)"
    return [quote_model.predict_document(doc) for doc in tagged], how


# -- the model in the loop --------------------------------------------------------------------------------------
@dataclass
class Refresh:
    """One run of ``khabar doccano refresh``: its report, or why there is none."""

    status: str  # "done", "not available" or "failed"
    seconds: float = 0.0
    report: dict[str, Any] = field(default_factory=dict)
    error: str = ""


def _khabar(*args: str, env: dict[str, str], timeout: float = 3600) -> subprocess.CompletedProcess:
    # The CLI's entry point in this interpreter, so that PYTHONPATH decides which khabar runs.
    return subprocess.run([sys.executable, "-c", "from khabar.cli import main; main()", *args], env=env, capture_output=True, text=True,
                          timeout=timeout, cwd=REPO)


def refresh_available(env: dict[str, str]) -> bool:
    """Whether this khabar has ``khabar doccano refresh`` (its --help answers)."""
    return _khabar("doccano", "refresh", "--help", env=env, timeout=300).returncode == 0


def _last_json_object(stdout: str) -> dict[str, Any]:
    try:
        return json.loads(stdout)
    except json.JSONDecodeError:
        for line in reversed(stdout.splitlines()):
            if line.startswith("{"):
                return json.loads(line)
        raise


def run_refresh(available: bool, env: dict[str, str], base_entities: Path, base_quotes: Path, folds: int,
                extra: list[str]) -> Refresh:
    """``khabar doccano refresh --json`` of the campaign's project, timed, its JSON report parsed."""
    if not available:
        return Refresh("not available")
    started = time.perf_counter()
    done = _khabar("doccano", "refresh", "--project", PROJECT, "--base-entities", str(base_entities),
                   "--base-quotes", str(base_quotes), "--folds", str(folds), *extra, "--json", env=env)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        return Refresh("failed", seconds, error=(done.stderr or done.stdout).strip()[-800:])
    try:
        return Refresh("done", seconds, _last_json_object(done.stdout))
    except json.JSONDecodeError:
        return Refresh("failed", seconds, error=f"no JSON object in its output: {done.stdout[-300:]!r}")


# -- what doccano holds -----------------------------------------------------------------------------------------
def scores(gold: dict[str, Document], held: dict[str, Document], ids: list[str]) -> dict[str, float]:
    """Entity strict micro and quote attribution P/R/F1 of the suggestions ``held`` on the articles ``ids``."""
    pairs = [(gold[i], held[i]) for i in ids]
    entities = score_entities(pairs)["micro"]["strict"]
    attribution = score_quotes(pairs)["attribution"]
    return {"entity_p": float(entities["precision"]), "entity_r": float(entities["recall"]),
            "entity_f1": float(entities["f1"]), "attr_p": float(attribution["precision"]),
            "attr_r": float(attribution["recall"]), "attr_f1": float(attribution["f1"])}


def suggestion_scores(admin: Session, state_dir: Path, out_dir: Path, gold: dict[str, Document],
                      unlabelled: list[str]) -> dict[str, Any]:
    """The scores of the annotator's suggestions as doccano holds them (a pull) on ``unlabelled``, and (under
    ``"held"``) every article's suggestions, to score them later on the articles no round labelled."""
    pull(admin, PROJECT, out_dir, state_dir=state_dir)
    held = {d.id: d for d in read_documents(out_dir / f"{ANNOTATOR}.jsonl")}
    return {**scores(gold, held, unlabelled), "held": held}


def next_batch(unlabelled: list[str], order: list[str] | None, size: int) -> list[str]:
    """The ``size`` articles to label next: the refresh's order first, then the rest in their current order."""
    waiting = set(unlabelled)
    first = [i for i in (order or []) if i in waiting]
    rest = [i for i in unlabelled if i not in set(first)]
    return (first + rest)[:size]


def noisy(doc: Document, rng: random.Random, rate: float) -> Document:
    if rate <= 0:
        return doc
    return simulate_annotator(doc, rng, drop=rate, relabel=rate, trim=rate / 2, drop_quote=rate,
                              drop_source=rate, halve_content=rate)


def _fmt(value: float | None) -> str:
    return f"{value:.3f}" if isinstance(value, (int, float)) else "-"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="30%% of ANERcorp for the entity models, 2 rounds, 200 articles in the push section")
    parser.add_argument("--rounds", type=int, default=None, help="rounds of labelling [default: 3, --quick: 2]")
    parser.add_argument("--per-round", type=int, default=10, help="articles labelled per round [default: 10]")
    parser.add_argument("--noise", type=float, default=0.0,
                        help="the simulated annotator's mistake rate (khabar.simulate) [default: 0, labels the gold]")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--arch", choices=("bilstm", "crf"), default="bilstm",
                        help="the entity recogniser: bilstm (the default recogniser; refresh continues the first "
                             "suggestions' model on the gold) or crf (refresh --arch crf) [default: bilstm]")
    parser.add_argument("--entity-model", type=Path, default=None,
                        help="a trained model of that --arch for the first suggestions instead of training one on "
                             "ANERcorp")
    parser.add_argument("--clusters", type=Path, default=None,
                        help="word clusters for the first model [default, bilstm: the cached clusters of "
                             "`khabar train entities` if any; crf: none, as refresh trains its CRF]")
    parser.add_argument("--first-quotes", choices=("model", "rules"), default="model",
                        help="quotes of the first suggestions: the quote model trained on dev_gold.jsonl (what a "
                             "refresh with no gold trains) or the rules [default: model]")
    parser.add_argument("--folds", type=int, default=0, help="refresh --folds [default: 0, no cross-validation]")
    parser.add_argument("--refresh-option", action="append", default=[], metavar="ARG",
                        help="pass ARG on to every refresh (repeatable; e.g. --refresh-option=--max-iterations=50)")
    parser.add_argument("--push-docs", type=int, default=None,
                        help="articles in the push section [default: 10,000, --quick: 200; 0 skips it]")
    parser.add_argument("--port", type=int, default=int(os.environ.get("KHABAR_BENCH_DOCCANO_PORT", 18150)))
    args = parser.parse_args()
    # A stopped run still stops its server and removes its folder (the finally blocks run).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    extra = list(args.refresh_option)
    rounds = args.rounds if args.rounds is not None else (2 if args.quick else 3)
    push_docs = args.push_docs if args.push_docs is not None else (200 if args.quick else 10_000)

    gold_docs = list(read_documents(SHARED / "quotes" / "jawharafm_gold.jsonl"))
    gold = {d.id: d for d in gold_docs}
    base_quotes = SHARED / "quotes" / "dev_gold.jsonl"
    rng = random.Random(args.seed)
    unlabelled = sorted(gold)
    rng.shuffle(unlabelled)

    with tempfile.TemporaryDirectory(prefix="khabar-bench-campaign-loop-") as tmp:
        work = Path(tmp)
        state = work / "state"
        # Everything khabar keeps per server (side table, push journals, refresh log) goes to this run's folder,
        # in this process and in the refresh processes.
        os.environ["KHABAR_DOCCANO_DIR"] = str(state)
        # The refresh processes train with the same gazetteer as the first suggestions.
        os.environ.setdefault("KHABAR_GAZETTEER_DIR", str(SHARED / "anercorp" / "ANERGazet"))
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO / "src"),
                                                                          os.environ.get("PYTHONPATH")]))}
        available = refresh_available(env)
        base_entities, training = base_entity_source(args.quick, work)
        clusters = args.clusters
        if args.arch == "bilstm":
            from khabar.extract.clusters import default_clusters_path

            if clusters is None and default_clusters_path().exists():
                clusters = default_clusters_path()
            base_model = work / "base-entities.pt"
            extra = ["--base-model", str(base_model), *extra]
        else:
            base_model = None
            extra = ["--arch", "crf", *extra]
        suggestions, how = preannotate(gold_docs, training, model=args.entity_model, clusters=clusters,
                                       quotes=args.first_quotes, quote_gold=base_quotes, arch=args.arch,
                                       save_to=base_model)
        print(f"{len(gold_docs)} Jawhara FM gold articles; first suggestions: {how}")
        print("refresh: " + ("khabar doccano refresh --folds " + str(args.folds) if available
                             else "not available (no `khabar doccano refresh` in this khabar): each refresh is "
                                  "skipped and the suggestions stay the first ones"), flush=True)

        server = DoccanoServer(state, args.port)
        server.up(timeout=300)
        rows: list[dict[str, Any]] = []
        push_times = None
        try:
            admin = connect(server.url, *server.admin_credentials())
            project_id = create_project(admin, PROJECT)
            password = add_user(admin, ANNOTATOR, "annotator", project=project_id)
            push(admin, project_id, suggestions, preannotate=True, annotators={ANNOTATOR: password},
                 state_dir=server.state_dir)
            annotator = login_as(server.url, ANNOTATOR, password)
            examples = existing_ids(annotator, project_id)
            types = LabelTypes.of(annotator, project_id)
            order: list[str] | None = None
            labelled: list[str] = []
            rows.append({"round": 0, "labelled": 0, "refresh": Refresh("first push"),
                         **suggestion_scores(admin, server.state_dir, work / "pull-0", gold, unlabelled)})
            print(f"round 0: {len(unlabelled)} articles pushed, entity strict F1 {rows[0]['entity_f1']:.3f}, "
                  f"attribution F1 {rows[0]['attr_f1']:.3f}", flush=True)
            if available:
                # The refresh's own models before any gold: the baseline its later rounds are measured against.
                first = run_refresh(available, env, base_entities, base_quotes, args.folds, extra)
                order = first.report.get("order") or None
                rows.append({"round": 0, "labelled": 0, "refresh": first,
                             **suggestion_scores(admin, server.state_dir, work / "pull-0r", gold, unlabelled)})
                print(f"round 0, refreshed with no gold: {first.status} {first.seconds:.0f} s, entity strict F1 "
                      f"{rows[-1]['entity_f1']:.3f}, attribution F1 {rows[-1]['attr_f1']:.3f}"
                      + (f"\n  {first.error}" if first.error else ""), flush=True)
            for n in range(1, rounds + 1):
                batch = next_batch(unlabelled, order, args.per_round)
                if not batch:
                    break
                started = time.perf_counter()
                for doc_id in batch:
                    label_example(annotator, project_id, examples[doc_id], noisy(gold[doc_id], rng, args.noise),
                                  types=types, state_dir=server.state_dir)
                label_s = time.perf_counter() - started
                labelled += batch
                unlabelled = [i for i in unlabelled if i not in set(batch)]
                refresh = run_refresh(available, env, base_entities, base_quotes, args.folds, extra)
                order = refresh.report.get("order") or order
                row: dict[str, Any] = {"round": n, "labelled": len(labelled), "refresh": refresh, "label_s": label_s}
                if unlabelled:
                    row.update(suggestion_scores(admin, server.state_dir, work / f"pull-{n}", gold, unlabelled))
                rows.append(row)
                print(f"round {n}: labelled {len(labelled)} in all ({label_s:.1f} s through the API), refresh "
                      f"{refresh.status} {refresh.seconds:.0f} s; entity strict F1 {_fmt(row.get('entity_f1'))}, "
                      f"attribution F1 {_fmt(row.get('attr_f1'))}"
                      + (f"\n  {refresh.error}" if refresh.error else ""), flush=True)
            if push_docs > 0:
                print(f"\npush section: {push_docs:,} SaudiNewsNet articles, plain and routed (4 annotators, K=2)",
                      flush=True)
                articles = _load_benchmark("doccano").load_articles(push_docs)
                push_times = _load_benchmark("campaign_push").time_pushes(admin, server, articles, work,
                                                                          prefix="speed-")
        finally:
            server.down()

    # The rest shrinks and changes from round to round; the articles no round labelled are the same set throughout.
    for row in rows:
        if "held" in row and unlabelled:
            fixed = scores(gold, row["held"], unlabelled)
            row["fixed_entity_f1"], row["fixed_attr_f1"] = fixed["entity_f1"], fixed["attr_f1"]
    print(f"\nSuggestions in doccano on the articles not yet labelled (simulated annotator noise {args.noise:g}; "
          f"scored after each round's refresh); *: on the {len(unlabelled)} articles no round labelled")
    header = (f"{'round':>5} {'labelled':>8} {'rest':>5} {'ent P':>6} {'ent R':>6} {'ent F1':>7} "
              f"{'attr P':>7} {'attr R':>7} {'attr F1':>8} {'refresh':>14} {'gold':>5} {'refreshed':>9} {'cv F1 e/q':>11} {'ent F1*':>8} {'attr F1*':>8}")
    print(header)
    print("-" * len(header))
    for row in rows:
        report = row["refresh"].report
        cv = f"{_fmt(report.get('entity_cv_f1'))}/{_fmt(report.get('quote_cv_f1'))}" if report else "-"
        refresh = row["refresh"]
        when = f"{refresh.seconds:.0f} s" if refresh.status == "done" else refresh.status
        print(f"{row['round']:>5} {row['labelled']:>8} {len(gold) - row['labelled']:>5} "
              f"{_fmt(row.get('entity_p')):>6} {_fmt(row.get('entity_r')):>6} {_fmt(row.get('entity_f1')):>7} "
              f"{_fmt(row.get('attr_p')):>7} {_fmt(row.get('attr_r')):>7} {_fmt(row.get('attr_f1')):>8} "
              f"{when:>14} {report.get('gold_documents', '-')!s:>5} {report.get('refreshed', '-')!s:>9} {cv:>11} "
              f"{_fmt(row.get('fixed_entity_f1')):>8} {_fmt(row.get('fixed_attr_f1')):>8}")

    print("\nTargets")
    at = next((r for r in rows if r["labelled"] == TARGET_AT and "entity_f1" in r), None)
    if at is None:
        print(f"  after {TARGET_AT} labelled articles: not reached (the rounds must reach {TARGET_AT} exactly: "
              "--per-round 10 --rounds 2 or more)")
    else:
        refreshed = at["refresh"].status == "done"
        note = "" if refreshed else " (no refresh ran: these are the first suggestions)"
        before = [r for r in rows if r["labelled"] == 0][-1]  # the refreshed baseline when there is one
        for name, key, target, issue in (("entity strict F1", "entity_f1", ENTITY_TARGET, ENTITY_BEFORE),
                                         ("quote attribution F1", "attr_f1", ATTRIBUTION_TARGET, None)):
            met = "met" if at[key] >= target and refreshed else "not met"
            print(f"  {name} after {TARGET_AT} labelled, on the other {len(gold) - TARGET_AT}: {at[key]:.3f} "
                  f"(target >= {target}; before any round {before[key]:.3f}"
                  + (f", the issue's {issue}" if issue else "") + f"): {met}{note}")
    if push_times is not None:
        print()
        push_times.print()
        verdict = "met" if push_times.routed_ratio <= PUSH_TARGET else "not met"
        print(f"  routed push of {push_times.articles:,} within {PUSH_TARGET}x of the plain push: "
              f"{push_times.routed_ratio:.2f}x, {verdict}"
              + ("" if push_times.articles >= 10_000 else " (the target is stated for 10,000 articles)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
