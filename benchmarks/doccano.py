"""Benchmark of ``khabar doccano push`` and ``pull`` against doccano's own import and export.

Starts its own doccano server (tmp state folder, 127.0.0.1), takes N SaudiNewsNet
articles (10,000; 1,000 with ``--quick``) and pre-annotates them with real
ANERgazet place, organisation and person names plus a cue-and-content quote
rule, then times, in the same run:

- baseline "doccano import": the same articles and spans as ONE file through
  doccano's own file import (what its upload page does), into a fresh project;
- ``khabar push --preannotate`` of the gold file into another project
  (batches of 2,500, existing-id check, conversion, per-batch result checks,
  each batch's spans and relations counted in the database before it is committed);
- the same push with two annotators, each given their own copy of the
  pre-annotations (handed over inside the server's database);
- one request per article (``POST .../examples``), the way a naive client
  creates examples, on a sample (at most 1,000), extrapolated to N;
- baseline "doccano export": doccano's own JSONL export of the first project;
- ``khabar pull`` of the second (export, conversion to gold, validation,
  manifest); these two are timed twice each, alternately, best time kept.

Targets: push within 1.5x of doccano's import; pull within 1.5x of its export.

Run from the repository root::

    .venv/bin/python benchmarks/doccano.py [--quick] [--articles N] [--port P]
"""

from __future__ import annotations

import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _HERE]

import argparse  # noqa: E402
import json  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import zipfile  # noqa: E402
from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from khabar.doccano.client import connect  # noqa: E402
from khabar.doccano.convert import document_to_record  # noqa: E402
from khabar.doccano.project import add_user, create_project  # noqa: E402
from khabar.doccano.pull import export_zip, pull  # noqa: E402
from khabar.doccano.push import _upload, push  # noqa: E402
from khabar.doccano.server import DoccanoServer  # noqa: E402
from khabar.gold import Document, Entity, Quote, Span, write_documents  # noqa: E402
from khabar.text import tokenize  # noqa: E402

SHARED = Path(os.environ.get("KHABAR_SHARED_DATA", REPO.parent / "shared" / "data"))
CUES = {"قال", "وقال", "أكد", "وأكد", "أوضح", "وأوضح", "أشار", "وأشار", "أضاف", "وأضاف", "صرح", "وصرح"}
COMPLEMENTIZERS = {"أن", "إن", "بأن", "أنه", "إنه", "أنها", "إنها"}


def _gazetteer() -> dict[str, str]:
    names: dict[str, str] = {}
    for label, file in (("LOC", "AlignedLocGazetteer.txt"), ("ORG", "AlignedOrgGazetteer.txt"),
                        ("PERS", "AlignedPersGazetteer.txt")):
        for line in (SHARED / "anercorp" / "ANERGazet" / file).read_text(encoding="utf-8").splitlines():
            word = line.strip()
            # Single words of four letters or more: the short ones are mostly function words.
            if word and "=" not in word and " " not in word and len(word) >= 4:
                names.setdefault(word, label)
    return names


def load_articles(n: int) -> list[Document]:
    """The first n non-empty SaudiNewsNet articles, pre-annotated by gazetteer and a quote rule."""
    gazetteer = _gazetteer()
    docs: list[Document] = []
    for archive in sorted((SHARED / "saudinewsnet").glob("*.zip")):
        with zipfile.ZipFile(archive) as z:
            for name in z.namelist():
                for i, raw in enumerate(json.loads(z.read(name))):
                    text = (raw.get("content") or "").strip()
                    if not text:
                        continue
                    tokens = tokenize(text)
                    # At most eight names an article: about what the extractors propose (65k spans in 10k articles).
                    entities = [Entity(t.start, t.end, gazetteer[t.text]) for t in tokens if t.text in gazetteer][:8]
                    quotes = []
                    for j, tok in enumerate(tokens[:-3]):
                        if tok.text in CUES and tokens[j + 1].text in COMPLEMENTIZERS:
                            end_tok = next((k for k in range(j + 2, len(tokens)) if tokens[k].text == "."),
                                           len(tokens)) - 1
                            if end_tok >= j + 2:
                                quotes.append(Quote(Span(tokens[j + 2].start, tokens[end_tok].end), None,
                                                    Span(tok.start, tok.end), "indirect"))
                    meta = {k: raw.get(k) for k in ("source", "url", "title", "author", "date_extracted")}
                    docs.append(Document(f"{archive.stem}-{i}", text, meta, entities, quotes))
                    if len(docs) == n:
                        return docs
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="1,000 articles instead of 10,000")
    parser.add_argument("--articles", type=int, default=None)
    parser.add_argument("--port", type=int, default=int(os.environ.get("KHABAR_BENCH_DOCCANO_PORT", 18120)))
    args = parser.parse_args()
    n = args.articles or (1_000 if args.quick else 10_000)

    started = time.perf_counter()
    docs = load_articles(n)
    spans = sum(len(d.entities) + 2 * len(d.quotes) for d in docs)
    print(f"{len(docs)} SaudiNewsNet articles, {spans} pre-annotated spans, "
          f"{sum(len(d.quotes) for d in docs)} relations (prepared in {time.perf_counter() - started:.1f} s)")

    with tempfile.TemporaryDirectory(prefix="khabar-bench-doccano-") as tmp:
        tmp_path = Path(tmp)
        gold = tmp_path / "articles.jsonl"
        write_documents(gold, docs)
        server = DoccanoServer(tmp_path / "state", args.port)
        t0 = time.perf_counter()
        server.up(timeout=300)
        print(f"server up in {time.perf_counter() - t0:.1f} s at {server.url}")
        try:
            session = connect(server.url, *server.admin_credentials())
            native_pid = create_project(session, "native")
            create_project(session, "khabar")
            naive_pid = create_project(session, "naive")
            create_project(session, "two-annotators")
            for name in ("bench-a", "bench-b"):
                add_user(session, name, "annotator", "two-annotators")

            # Baseline: doccano's own import of the whole file, labels included, in one task.
            records = [document_to_record(d, preannotate=True) for d in docs]
            t0 = time.perf_counter()
            _upload(session, native_pid, records, 0)
            native_import = time.perf_counter() - t0

            t0 = time.perf_counter()
            # The server's state folder, as the CLI passes it: each batch is verified in its database.
            summary = push(session, "khabar", gold, preannotate=True, state_dir=server.state_dir)
            khabar_push = time.perf_counter() - t0
            assert summary.pushed == len(docs), summary

            t0 = time.perf_counter()
            both = push(session, "two-annotators", gold, preannotate=True, annotators=["bench-a", "bench-b"],
                        state_dir=server.state_dir, handover="server")
            two_annotators = time.perf_counter() - t0
            assert both.pushed == len(docs), both

            sample = docs[: min(len(docs), 1_000 if not args.quick else 200)]
            t0 = time.perf_counter()
            for doc in sample:
                session.post(f"projects/{naive_pid}/examples",
                             json={"text": doc.text, "meta": {"khabar_id": doc.id}})
            naive = (time.perf_counter() - t0) * len(docs) / len(sample)

            # Export and pull read without writing to the server: each is timed twice, alternately, and the
            # best time kept, so a burst of load from other programs on the machine does not decide the ratio.
            native_export = khabar_pull = float("inf")
            for attempt in range(2):
                t0 = time.perf_counter()
                payload = export_zip(session, native_pid)
                native_export = min(native_export, time.perf_counter() - t0)
                t0 = time.perf_counter()
                manifest = pull(session, "khabar", tmp_path / f"pulled-{attempt}")
                khabar_pull = min(khabar_pull, time.perf_counter() - t0)
            pulled = manifest.files["admin"]
            assert pulled["documents"] == len(docs)
        finally:
            server.down()

    print()
    print(f"{'operation':44} {'seconds':>9} {'ratio':>7}")
    print(f"{'doccano file import (baseline)':44} {native_import:9.2f} {1:7.2f}")
    print(f"{'khabar push --preannotate':44} {khabar_push:9.2f} {khabar_push / native_import:7.2f}  target <= 1.5")
    print(f"{'khabar push, a copy for each of 2 annotators':44} {two_annotators:9.2f} "
          f"{two_annotators / native_import:7.2f}  (handed over inside the database)")
    print(f"{'one request per article (extrapolated)':44} {naive:9.2f} {naive / native_import:7.2f}"
          f"  ({len(sample)} measured, no spans)")
    print(f"{'doccano JSONL export (baseline)':44} {native_export:9.2f} {1:7.2f}  ({len(payload) / 1e6:.1f} MB zip)")
    print(f"{'khabar pull (export+convert+validate)':44} {khabar_pull:9.2f} {khabar_pull / native_export:7.2f}"
          f"  target <= 1.5")
    print(f"\npulled {pulled['documents']} documents, {pulled['entities']} entities, {pulled['quotes']} quotes, "
          f"{pulled['problems']} validator problems")


if __name__ == "__main__":
    main()
