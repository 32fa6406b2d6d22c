"""Tokenisation speed of khabar.text, against camel-tools' simple_word_tokenize in the same run.

    .venv/bin/python benchmarks/tokenize.py [--quick] [--repeat 3] [--data ../shared/data/saudinewsnet]

Baseline: ``camel_tools.tokenizers.word.simple_word_tokenize`` on every title
and body of SaudiNewsNet (31,030 articles; ``--quick``: the first two daily
zips). Then ``khabar.text.token_strings`` (tokens only) and
``khabar.text.token_spans`` (offsets as tuples) and ``khabar.text.tokenize``
(:class:`Token` objects with text and offsets) on the same texts. The process is
pinned to one core; each tokenizer runs ``--repeat`` times, interleaved, and
the fastest run counts, since the machine is shared. Results are consumed and
dropped text by text, as a streaming pipeline would.

Figures: tokens per second and the speed-up over the baseline (target:
``token_strings`` at least 8x). Then, untimed, every text's token sequence is
compared with camel-tools' (and every offset with the text); the script exits
1 when any differs.
"""

from __future__ import annotations

import os
import sys

# This file is named like the standard library's tokenize module, which
# dataclasses -> inspect -> linecache import: take its own folder off the path
# before anything imports them, or it would shadow that module.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]

import argparse  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402
import zipfile  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from khabar.text import token_spans, token_strings, tokenize  # noqa: E402


def load_texts(files: list[Path]) -> list[str]:
    """Every non-empty title and content of the SaudiNewsNet zips, in file order."""
    texts: list[str] = []
    for file in files:
        with zipfile.ZipFile(file) as archive:
            for name in archive.namelist():
                for article in json.loads(archive.read(name)):
                    texts.extend(article[key] for key in ("title", "content") if article.get(key))
    return texts


def timed(tokenizer: Callable[[str], list], texts: list[str]) -> tuple[float, int]:
    """Seconds to tokenise every text once, and the number of tokens."""
    count = 0
    start = time.perf_counter()
    for text in texts:
        count += len(tokenizer(text))
    return time.perf_counter() - start, count


def compare(texts: list[str], reference: Callable[[str], list[str]]) -> tuple[int, int]:
    """How many texts differ from camel-tools in ``token_strings``, and in ``tokenize`` (tokens or offsets)."""
    strings_differ = offsets_differ = 0
    for text in texts:
        expected = reference(text)
        if token_strings(text) != expected:
            strings_differ += 1
        tokens = tokenize(text)
        if [t.text for t in tokens] != expected or any(text[t.start : t.end] != t.text for t in tokens):
            offsets_differ += 1
        elif token_spans(text) != [(t.start, t.end) for t in tokens]:
            offsets_differ += 1
    return strings_differ, offsets_differ


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="the first 2 zips instead of all 18")
    parser.add_argument("--repeat", type=int, default=3, help="runs per tokenizer; the fastest counts")
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data" / "saudinewsnet")
    args = parser.parse_args()

    from camel_tools.tokenizers.word import simple_word_tokenize

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    files = sorted(args.data.glob("*.zip"))
    if args.quick:
        files = files[:2]
    if not files:
        sys.exit(f"no SaudiNewsNet zips in {args.data}")
    texts = load_texts(files)
    chars = sum(map(len, texts))
    print(f"input: {len(files)} zips, {len(texts):,} texts, {chars / 1e6:.1f} M characters, one core")

    runners: dict[str, Callable[[str], list]] = {
        "camel simple_word_tokenize (baseline)": simple_word_tokenize,
        "khabar token_strings": token_strings,
        "khabar token_spans (offsets only)": token_spans,
        "khabar tokenize (Token objects)": tokenize,
    }
    for runner in runners.values():  # build the patterns and symbol tables outside the clock
        runner(texts[0])
    best: dict[str, float] = {}
    tokens: dict[str, int] = {}
    for _ in range(args.repeat):
        for name, runner in runners.items():
            seconds, count = timed(runner, texts)
            best[name] = min(seconds, best.get(name, seconds))
            tokens[name] = count

    base = best["camel simple_word_tokenize (baseline)"]
    print(f"{'tokenizer':<40}{'seconds':>9}{'M tokens/s':>12}{'vs camel':>10}")
    for name in runners:
        print(f"{name:<40}{best[name]:>9.2f}{tokens[name] / best[name] / 1e6:>12.2f}{base / best[name]:>9.1f}x")

    strings_differ, offsets_differ = compare(texts, simple_word_tokenize)
    same_counts = len(set(tokens.values())) == 1
    print(f"tokens: {tokens['khabar token_strings']:,}; identical token counts: {'yes' if same_counts else 'NO'}")
    print(f"texts whose token_strings differ from camel-tools: {strings_differ} of {len(texts):,}")
    print(f"texts whose tokenize / token_spans tokens or offsets differ: {offsets_differ} of {len(texts):,}")
    ratio = base / best["khabar token_strings"]
    print(f"target token_strings >= 8x camel: {'met' if ratio >= 8 else 'NOT met'} ({ratio:.1f}x)")
    if strings_differ or offsets_differ or not same_counts:
        sys.exit(1)


if __name__ == "__main__":
    main()
