"""Corpus statistics at any scale: a map-reduce over partitions of a corpus or gold file, locally or on Dask.

Each partition (a byte range of a JSON-lines file, a row group of a Parquet
file) is read and counted by a worker into a mergeable
:class:`~khabar.stats.summary.Summary`; summaries are merged as they finish,
a few partitions in flight per worker (:mod:`khabar.stats.run`); the driver
turns the one left into a report (:mod:`khabar.stats.report`, which also
renders it for people: :func:`render`). Memory grows with the vocabulary,
never with the number of articles, and the report is identical whatever the
number of workers.

Tokens are :func:`khabar.text.token_strings` (the same as camel-tools'
``simple_word_tokenize``), sentences :func:`khabar.text.split_sentences`.

>>> from khabar.stats import compute_stats
>>> report = compute_stats("out/corpus.jsonl", scheduler="local:2")  # doctest: +SKIP
"""

from .blocks import DEFAULT_BLOCKSIZE, Block, plan_blocks, refuse_counted_twice, summarise_block
from .fits import expected_types, heaps_curve, heaps_fit, zipf_fit
from .joined import find_run_together
from .report import SAMPLE_TOKENS, build_report, render, top_items, types_in_sample_key
from .run import compute_stats, compute_summary, summarise_records
from ..parallel import parse_scheduler, scheduler_for
from .stopwords import is_stop_word, stop_words
from .summary import Summary, month_of, text_hash

__all__ = [
    "DEFAULT_BLOCKSIZE",
    "SAMPLE_TOKENS",
    "Block",
    "Summary",
    "build_report",
    "compute_stats",
    "compute_summary",
    "expected_types",
    "find_run_together",
    "heaps_curve",
    "heaps_fit",
    "is_stop_word",
    "month_of",
    "parse_scheduler",
    "plan_blocks",
    "refuse_counted_twice",
    "render",
    "scheduler_for",
    "stop_words",
    "summarise_block",
    "summarise_records",
    "text_hash",
    "top_items",
    "types_in_sample_key",
    "zipf_fit",
]
