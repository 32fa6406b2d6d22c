"""From a merged :class:`~khabar.stats.summary.Summary` to the JSON report of ``khabar stats``.

Everything here runs once, in the driver, on counters whose size depends on the
vocabulary only. Every ranking breaks ties by the key, and every float is
computed from sorted integers and rounded, so the report is the same whatever
the partitioning or the number of workers.
"""

from __future__ import annotations

import math
import operator
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from ..errors import ConfigError
from ..text import is_punctuation, normalize
from .fits import SIGNIFICANT_DIGITS, expected_types, heaps_fit, zipf_fit
from .joined import find_run_together
from .stopwords import stop_words
from .summary import Summary

__all__ = ["build_report", "LENGTH_BINS", "SAMPLE_TOKENS", "render", "top_items", "types_in_sample_key"]

#: Edges of the article-length histogram, in tokens; the last bin is open-ended.
LENGTH_BINS: tuple[int, ...] = (0, 50, 100, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000)


#: The sample size, in tokens, of the report's size-independent diversity figure ``types_per_1000_tokens``:
#: about one long news article, or a few short ones.
SAMPLE_TOKENS = 1000


def types_in_sample_key(sample_tokens: int) -> str:
    """The report's key for the types expected in ``sample_tokens`` random tokens: ``types_per_1000_tokens``."""
    return f"types_per_{sample_tokens}_tokens"


def _sample_size(value: Any) -> int:
    """``value`` as a number of tokens (numpy integers too), or E704."""
    try:
        size = operator.index(value)
    except TypeError:
        size = 0
    if isinstance(value, bool) or size < 1:
        raise ConfigError("E704", found=value, field="sample_tokens")
    return size


def _types_in_sample(frequencies: Any, sample_tokens: int) -> float | None:
    expected = expected_types(frequencies, sample_tokens)
    return None if expected is None else float(f"{expected:.{SIGNIFICANT_DIGITS}g}")


def _ratio(numerator: float, denominator: float) -> float | None:
    return float(f"{numerator / denominator:.{SIGNIFICANT_DIGITS}g}") if denominator else None


def top_items(counter: Counter[Any], k: int, keep: Callable[[Any], bool] | None = None) -> list[list[Any]]:
    """The ``k`` most frequent keys as ``[key, count]``, ties broken by key: deterministic, unlike ``most_common``."""
    # Ranked first and filtered lazily: ``keep`` then runs on the head of the ranking, not on every key.
    ranked = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    out: list[list[Any]] = []
    for key, n in ranked:
        if len(out) >= k:
            break
        if keep is None or keep(key):
            out.append([key, n])
    return out


def _is_word(token: str) -> bool:
    return not is_punctuation(token) and not any(c.isdigit() for c in token)


def _length_stats(lengths: Counter[int]) -> dict[str, Any]:
    """Min, max, mean, quantiles and histogram of tokens per article, exact, from the length counter."""
    articles = sum(lengths.values())
    if not articles:
        return {"min": None, "max": None, "mean": None, "median": None, "p10": None, "p90": None, "histogram": []}
    ordered = sorted(lengths.items())

    def quantile(q: float) -> int:
        rank = max(1, math.ceil(q * articles))  # nearest-rank quantile: always a length some article has
        seen = 0
        for length, n in ordered:
            seen += n
            if seen >= rank:
                return length
        return ordered[-1][0]

    histogram = []
    for i, low in enumerate(LENGTH_BINS):
        high = LENGTH_BINS[i + 1] if i + 1 < len(LENGTH_BINS) else None
        n = sum(c for length, c in ordered if length >= low and (high is None or length < high))
        histogram.append({"from": low, "to": high, "articles": n})
    total_tokens = sum(length * n for length, n in ordered)
    return {
        "min": ordered[0][0],
        "max": ordered[-1][0],
        "mean": _ratio(total_tokens, articles),
        "median": quantile(0.5),
        "p10": quantile(0.1),
        "p90": quantile(0.9),
        "histogram": histogram,
    }


def _group_stats(
    cells: Iterable[tuple[tuple[str, str], Any]], key_index: int, folded_ids: Any, vocabulary_size: int,
    sample_tokens: int,
) -> dict[str, dict[str, Any]]:
    """Articles, sentences, tokens, types and ratios per source (``key_index`` 0) or per month (1).

    ``folded_ids[i]`` is the index of vocabulary entry ``i``'s normalised form: a group's
    normalised types are the distinct folded ids of its types. A group's token counts are
    its cells' added up in one vocabulary-sized array, the counts the size-independent
    ``types_per_1000_tokens`` (for ``sample_tokens`` 1,000) is computed from.
    """
    import numpy as np

    groups: dict[str, list[Any]] = {}
    for key, cell in cells:
        groups.setdefault(key[key_index], []).append(cell)
    out: dict[str, dict[str, Any]] = {}
    for name in sorted(groups):
        members = groups[name]
        # Counts in a vocabulary-sized array rather than np.unique: linear, not a sort or hash per group.
        frequencies = np.zeros(vocabulary_size, dtype=np.int64)
        for cell in members:
            frequencies[cell.ids] += cell.freqs  # ids are unique within a cell
        present = frequencies > 0
        folded_present = np.zeros(int(folded_ids.max()) + 1 if len(folded_ids) else 0, dtype=bool)
        folded_present[folded_ids[present]] = True
        tokens = sum(c.tokens for c in members)
        articles = sum(c.articles for c in members)
        types = int(np.count_nonzero(present))
        types_normalised = int(np.count_nonzero(folded_present))
        out[name] = {
            "articles": articles,
            "sentences": sum(c.sentences for c in members),
            "tokens": tokens,
            "types": types,
            "types_normalised": types_normalised,
            "type_token_ratio": _ratio(types, tokens),
            "type_token_ratio_normalised": _ratio(types_normalised, tokens),
            types_in_sample_key(sample_tokens): _types_in_sample(frequencies, sample_tokens),
            "mean_article_tokens": _ratio(tokens, articles),
        }
    return out


class _Spellings:
    """Counts by normalised form (السعودية and السعوديه are one name), each shown in its most frequent spelling."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self._spellings: dict[str, Counter[str]] = {}

    def add(self, surface: str, n: int) -> None:
        key = normalize(surface)
        self.counts[key] += n
        self._spellings.setdefault(key, Counter())[surface] += n

    def top(self, k: int) -> list[list[Any]]:
        """:func:`top_items` of the normalised counts (ties by the normalised form), named by their commonest spelling."""
        return [[min(self._spellings[key].items(), key=lambda sn: (-sn[1], sn[0]))[0], n] for key, n in top_items(self.counts, k)]


def _commonest_spellings(
    ranked: list[list[Any]], vocabulary: list[str], frequencies: Any, folded_ids: Any, folded_index: dict[str, int]
) -> list[list[Any]]:
    """``[normalised word, count]`` rows named by the word's commonest spelling (ties: the first in code-point order)."""
    import numpy as np

    order = np.lexsort((-frequencies, folded_ids))  # by normalised word, then most frequent first; stable on ties
    group = folded_ids[order]
    heads = order[np.r_[True, group[1:] != group[:-1]]] if order.size else order
    best = np.empty(len(folded_index), dtype=np.int64)
    best[folded_ids[heads]] = heads
    return [[vocabulary[best[folded_index[word]]], n] for word, n in ranked]


def _entity_report(summary: Summary, k: int) -> dict[str, Any]:
    per_1000 = {label: _ratio(1000 * n, summary.annotated_tokens) for label, n in sorted(summary.entity_labels.items())}
    by_label: dict[str, _Spellings] = {}
    overall = _Spellings()
    for (label, surface), n in sorted(summary.entity_texts.items()):
        by_label.setdefault(label, _Spellings()).add(surface, n)
        overall.add(surface, n)
    return {
        "total": sum(summary.entity_labels.values()),
        "per_label": dict(sorted(summary.entity_labels.items())),
        "per_1000_tokens": per_1000,
        "per_1000_tokens_total": _ratio(1000 * sum(summary.entity_labels.values()), summary.annotated_tokens),
        "most_frequent": overall.top(k),
        "most_frequent_per_label": {label: by_label[label].top(k) for label in sorted(by_label)},
    }


def _quote_report(summary: Summary, k: int) -> dict[str, Any]:
    total = sum(summary.quote_types.values())
    sources, cues = _Spellings(), _Spellings()
    for surface, n in summary.quote_sources.items():
        sources.add(surface, n)
    for surface, n in summary.quote_cues.items():
        cues.add(surface, n)
    return {
        "total": total,
        "per_article": _ratio(total, summary.annotated),
        "per_article_distribution": {str(n): c for n, c in sorted(summary.quotes_per_article.items())},
        "per_type": {t: summary.quote_types.get(t, 0) for t in sorted(summary.quote_types)},
        "type_shares": {t: _ratio(n, total) for t, n in sorted(summary.quote_types.items())},
        "without_source": summary.quotes_without_source,
        "most_quoted_sources": sources.top(k),
        "most_used_cues": cues.top(k),
    }


def build_report(
    summary: Summary, *, top: int = 30, partitions: int | None = None, sample_tokens: int = SAMPLE_TOKENS
) -> dict[str, Any]:
    """The statistics of ``summary`` as plain JSON data: totals at the top level, breakdowns under their keys.

    ``types_per_1000_tokens`` (named after ``sample_tokens``), for the corpus, each source and each month, is the
    number of different tokens expected in ``sample_tokens`` tokens drawn at random from that text: a measure of
    vocabulary richness that, unlike the type-token ratio, does not fall as a text grows, so sources of different
    sizes can be compared by it. ``None`` where the text has fewer tokens than that. Drawn at random, not read in a
    row: an article repeats its own words, so a real 1,000-token stretch has fewer types; compare the figures with
    each other, not with a count in one article. ``sample_tokens`` is in the report too.
    """
    import numpy as np

    sample_tokens = _sample_size(sample_tokens)
    summary.seal()
    vocabulary = summary.words()
    frequencies = summary.token_frequencies()
    folded = [normalize(token) for token in vocabulary]
    folded_vocabulary = sorted(set(folded))
    folded_index = {token: i for i, token in enumerate(folded_vocabulary)}
    folded_ids = np.fromiter((folded_index[t] for t in folded), dtype=np.int64, count=len(folded))
    folded_frequencies = np.zeros(len(folded_vocabulary), dtype=np.int64)
    np.add.at(folded_frequencies, folded_ids, frequencies)
    normalised = Counter(dict(zip(folded_vocabulary, folded_frequencies.tolist())))
    counts = Counter(dict(zip(vocabulary, frequencies.tolist())))
    articles = summary.articles
    tokens = summary.tokens
    sentences = sum(cell.sentences for cell in summary.cells.values())
    distinct, exact = summary.distinct_texts
    stops = stop_words()
    cells = sorted(summary.cells.items())
    report: dict[str, Any] = {
        "articles": articles,
        "sentences": sentences,
        "tokens": tokens,
        "types": len(vocabulary),
        "types_normalised": len(folded_vocabulary),
        "type_token_ratio": _ratio(len(vocabulary), tokens),
        "type_token_ratio_normalised": _ratio(len(folded_vocabulary), tokens),
        "sample_tokens": sample_tokens,
        types_in_sample_key(sample_tokens): _types_in_sample(frequencies, sample_tokens),
        "sentences_per_article": _ratio(sentences, articles),
        "tokens_per_sentence": _ratio(tokens, sentences),
        "duplicates": articles - distinct,
        "distinct_texts": distinct,
        "duplicates_exact": exact,
        "article_length": _length_stats(summary.lengths),
        "zipf": zipf_fit(frequencies),
        "heaps": heaps_fit(frequencies),
        "top_tokens": _commonest_spellings(
            top_items(normalised, top, lambda t: t not in stops and _is_word(t)), vocabulary, frequencies, folded_ids,
            folded_index,
        ),
        "run_together": find_run_together(counts, limit=top),
        "by_source": _group_stats(cells, 0, folded_ids, len(vocabulary), sample_tokens),
        "by_month": _group_stats(cells, 1, folded_ids, len(vocabulary), sample_tokens),
    }
    if summary.annotated:
        report["annotated_articles"] = summary.annotated
        report["entities"] = _entity_report(summary, top)
        report["quotes"] = _quote_report(summary, top)
    if partitions is not None:
        report["partitions"] = partitions
    return report


def shown(value: Any) -> str:
    """A report's figure as its tables print it: counts with thousands separators, ratios and fits to three
    decimals, larger averages to one (the report itself keeps six significant digits: 0.500843 is 0.501 on
    screen, as the per-source TTR column already printed it)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if 0 < abs(value) < 0.0005:  # a rare label's rate per 1,000 tokens: two significant digits, not 0.000
        return f"{value:.2g}"
    return f"{value:,.3f}" if abs(value) < 10 else f"{value:,.1f}"


def render(report: dict[str, Any], *, top: int = 15) -> Any:
    """A rich renderable of :func:`build_report`'s report: totals, per source and month, top tokens, annotations.

    ``top`` limits each most-frequent list. Print it with any :class:`rich.console.Console`;
    ``khabar stats`` does.
    """
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    sample = report.get("sample_tokens")  # absent from a report saved before the figure existed
    in_sample = types_in_sample_key(sample) if sample else None

    def per_sample(value: float | None) -> str:
        return "-" if value is None else f"{value:,.1f}"

    totals = Table(title="Corpus", show_header=False)
    for key in ("articles", "sentences", "tokens", "types", "types_normalised", "type_token_ratio",
                "duplicates", "sentences_per_article", "tokens_per_sentence"):
        totals.add_row(key.replace("_", " "), shown(report[key]))
        if key == "type_token_ratio" and in_sample:
            totals.add_row(f"types per {sample:,} tokens", per_sample(report[in_sample]))
    length = report["article_length"]
    totals.add_row("article length", f"median {length['median']}, p10 {length['p10']}, p90 {length['p90']}, max {length['max']}")
    if report["zipf"]:
        zipf = report["zipf"]
        totals.add_row("Zipf exponent", f"{shown(zipf['exponent'])} (R² {shown(zipf['r2'])})")
    if report["heaps"]:
        heaps = report["heaps"]
        totals.add_row("Heaps K, β", f"{shown(heaps['k'])}, {shown(heaps['beta'])} (R² {shown(heaps['r2'])})")
    run_together = report["run_together"]
    totals.add_row("run-together words", f"{run_together['types']:,} types, {run_together['occurrences']:,} occurrences")
    parts: list[Any] = [totals]
    for key, title in (("by_source", "Per source"), ("by_month", "Per month")):
        table = Table(title=title, caption=(
            f"types per {sample:,}: distinct tokens expected in {sample:,} tokens drawn at random, comparable "
            f"across sizes (TTR falls as a text grows); - : fewer than {sample:,} tokens" if in_sample else None))
        columns = ["", "articles", "sentences", "tokens", "types", "TTR"] + ([f"types per {sample:,}"] if in_sample else [])
        for column in columns:
            table.add_column(column, justify="left" if not column else "right")
        for name, row in report[key].items():
            cells = [name, f"{row['articles']:,}", f"{row['sentences']:,}", f"{row['tokens']:,}",
                     f"{row['types']:,}", "-" if row["type_token_ratio"] is None else shown(row["type_token_ratio"])]
            if in_sample:
                cells.append(per_sample(row[in_sample]))
            table.add_row(*cells)
        parts.append(table)
    words = Table(title="Most frequent tokens (counted normalised, shown as most often spelt; no stop words)")
    words.add_column("token")
    words.add_column("count", justify="right")
    for token, n in report["top_tokens"][:top]:
        words.add_row(token, f"{n:,}")
    parts.append(words)
    if "entities" in report:
        entities, quotes = report["entities"], report["quotes"]
        table = Table(title=f"Entities ({entities['total']:,})")
        table.add_column("label")
        table.add_column("count", justify="right")
        table.add_column("per 1,000 tokens", justify="right")
        for label, n in entities["per_label"].items():
            table.add_row(label, f"{n:,}", shown(entities["per_1000_tokens"][label]))
        parts.append(table)
        parts.append(Text(
            f"Quotes: {quotes['total']:,} ({shown(quotes['per_article'])} per article); "
            + ", ".join(f"{t} {share:.0%}" for t, share in quotes["type_shares"].items())
        ))
        for key, title in (("most_quoted_sources", "Most quoted sources"), ("most_used_cues", "Most used cues")):
            parts.append(Text(f"{title}: " + "، ".join(f"{name} ({n})" for name, n in quotes[key][:top])))
    return Group(*parts)
