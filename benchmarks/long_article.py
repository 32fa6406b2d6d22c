"""One huge article: peak memory and time of the quote and entity extractors, against the same text as articles.

    .venv/bin/python benchmarks/long_article.py            # 5 MB of SaudiNewsNet text (about 2 minutes)
    .venv/bin/python benchmarks/long_article.py --mb 50    # the whole-text reading is skipped past 10 MB
    .venv/bin/python benchmarks/long_article.py --model ner.pt

SaudiNewsNet articles, in the zips' order, up to ``--mb`` megabytes of UTF-8
text, are written twice to a temporary folder: as ordinary articles (one JSON
line each, the baseline) and as one article whose text is all of them joined by
blank lines (a scraped dump's "article": a site page, a book). Each file goes
through what ``khabar extract quotes --model rules`` and ``khabar extract
entities`` run (:func:`khabar.extract.quote_runs.extract_quotes_file`,
:func:`khabar.extract.entities.extract_file`), each run in a process of its own,
which reports its peak resident memory (VmHWM) and CPU time. The long
article is read as khabar reads it, a window at a time
(:mod:`khabar.extract.windows`), and, up to 10 MB (``--whole`` forces it), whole
as before windows (the window size set past its length), for the figure windows
replaced. Ratios are against the articles' run of the same extractor.

The entity model is a CRF trained here on 30,000 lines of ANERcorp without word
clusters (seconds), unless ``--model`` names one: the recogniser's cost per
window, not its accuracy, is measured. CPU time is the per-core cost on a shared
machine; wall time is shown beside it.
"""

from __future__ import annotations

import os
import sys

# This folder holds benchmarks named like standard modules (tokenize.py): keep it off the import path.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]

import argparse  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import zipfile  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("KHABAR_SHARED_DATA", ROOT.parent / "shared" / "data"))
#: Past this size the whole-text reading (quadratic in the quote rules) is skipped unless --whole.
WHOLE_UP_TO_MB = 10


def write_inputs(folder: Path, megabytes: float) -> tuple[Path, Path, int, int]:
    """The articles file and the one-article file, the number of articles and the long text's characters."""
    texts: list[str] = []
    size = 0
    for zipped in sorted((DATA / "saudinewsnet").glob("*.zip")):
        with zipfile.ZipFile(zipped) as archive:
            for name in archive.namelist():
                for article in json.loads(archive.read(name)):
                    text = (article.get("content") or "").strip()
                    if text and size < megabytes * 1e6:
                        texts.append(text)
                        size += len(text.encode()) + 2
        if size >= megabytes * 1e6:
            break
    articles, one = folder / "articles.jsonl", folder / "one_article.jsonl"
    with articles.open("w", encoding="utf-8") as handle:
        for n, text in enumerate(texts):
            handle.write(json.dumps({"id": f"a{n}", "text": text}, ensure_ascii=False) + "\n")
    long_text = "\n\n".join(texts)
    one.write_text(json.dumps({"id": "one", "text": long_text}, ensure_ascii=False) + "\n", encoding="utf-8")
    return articles, one, len(texts), len(long_text)


def child(task: str, in_path: str, out_path: str, model: str, whole: bool) -> None:
    """One run, in this process: print its figures as JSON."""
    from khabar.extract import windows

    if whole:
        windows.WINDOW_CHARS = 10**12  # read whole, as before windows
    if task == "quotes":
        from khabar.extract.quote_runs import extract_quotes_file

        cpu, wall = time.process_time(), time.perf_counter()
        found = extract_quotes_file(in_path, out_path).quotes
    else:
        from khabar.extract.entities import extract_file, load_recognizer

        recognizer = load_recognizer(model)  # (its loading, the same for every input, left out)
        predict, found = recognizer.predict, 0

        def counted(text: str) -> list:
            nonlocal found
            entities = predict(text)
            found += len(entities)
            return entities

        recognizer.predict = counted  # type: ignore[method-assign]
        cpu, wall = time.process_time(), time.perf_counter()
        extract_file(in_path, out_path, recognizer)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(json.dumps({"rss_mb": peak_megabytes(), "cpu": cpu, "wall": wall, "found": found}))


def peak_megabytes() -> float:
    """This process's peak resident memory: VmHWM, as ``ru_maxrss`` counts the parent's size at the fork."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(task: str, in_path: Path, out_path: Path, model: str, whole: bool = False) -> dict[str, float]:
    how = "whole" if whole else "windows"
    command = [sys.executable, __file__, "--child", task, str(in_path), str(out_path), model, how]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def train_model(folder: Path) -> str:
    from khabar.extract.crf import train_crf
    from khabar.extract.entities import read_training_documents

    lines = (DATA / "anercorp" / "ANERCorp.train.txt").read_text(encoding="utf-8").splitlines()[:30_000]
    slice_path = folder / "anercorp_slice.txt"
    slice_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    gazetteer = DATA / "anercorp" / "ANERGazet"
    model = train_crf(read_training_documents([slice_path]), gazetteer_dir=gazetteer, max_iterations=40)
    return str(model.save(folder / "ner.crf"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=5.0, help="megabytes of UTF-8 text (default 5)")
    parser.add_argument("--model", help="an entity model (default: a small CRF trained here)")
    parser.add_argument(
        "--whole", action="store_true", help=f"also read the long article whole past {WHOLE_UP_TO_MB} MB"
    )
    parser.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        task, in_path, out_path, model, how = args.child
        child(task, in_path, out_path, model, how == "whole")
        return
    sys.path.insert(0, str(ROOT / "src"))
    with tempfile.TemporaryDirectory(prefix="khabar-long-") as tmp:
        folder = Path(tmp)
        articles, one, count, chars = write_inputs(folder, args.mb)
        model = args.model or train_model(folder)
        from khabar.extract.windows import text_windows

        print(f"{count:,} SaudiNewsNet articles, {args.mb:g} MB of text: as articles, and as one article of "
              f"{chars:,} characters ({len(text_windows(_long_text(one))):,} windows)")
        print(f"{'extractor':<9} {'input':<28} {'peak MB':>8} {'CPU s':>7} {'wall s':>7} {'found':>9}  "
              f"{'memory':>7} {'CPU time':>9}  vs articles")
        for task in ("quotes", "entities"):
            rows = [("articles", run(task, articles, folder / "out.jsonl", model))]
            rows.append(("one article, in windows", run(task, one, folder / "out.jsonl", model)))
            if args.whole or args.mb <= WHOLE_UP_TO_MB:
                rows.append(("one article, read whole", run(task, one, folder / "out.jsonl", model, whole=True)))
            base = rows[0][1]
            for label, got in rows:
                figures = f"{got['rss_mb']:8.0f} {got['cpu']:7.1f} {got['wall']:7.1f} {got['found']:9,}"
                ratios = f"{got['rss_mb'] / base['rss_mb']:6.2f}x {got['cpu'] / base['cpu']:8.2f}x"
                print(f"{task:<9} {label:<28} {figures}  {ratios}")


def _long_text(path: Path) -> str:
    return json.loads(path.read_text(encoding="utf-8"))["text"]


if __name__ == "__main__":
    main()
