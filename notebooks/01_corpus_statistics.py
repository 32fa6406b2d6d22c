# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (khabar .venv)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Corpus statistics
#
# Articles, sentences, tokens and types per source and month, article lengths, Zipf's and Heaps' laws, frequent
# words, run-together words and duplicates, computed by `khabar.stats` on Dask; then entities and quotes in the gold
# set, and across the whole corpus as the extractors found them. Tokens are camel-tools' `simple_word_tokenize` tokens.

# %% tags=["parameters"]
# Parameters (papermill tag "parameters"); paths are relative to notebooks/, KHABAR_* variables override.
import os

corpus = os.environ.get("KHABAR_CORPUS", "../corpus/demo.jsonl")  # `make demo` imports this one
saudinewsnet = "../../shared/data/saudinewsnet"  # used to build a corpus when `corpus` does not exist
days = 3                                         # SaudiNewsNet days to import then (0: all 18)
gold = os.environ.get("KHABAR_GOLD", "../../shared/data/quotes/dev_gold.jsonl")  # for entity and quote statistics
# the whole corpus with the extractors' entities and quotes (`make demo` writes it; skipped when absent)
preannotated = os.environ.get("KHABAR_PREANNOTATED", "../out/demo.all.preannotated.jsonl")
scheduler = "processes"                          # processes, threads, synchronous, local:N or tcp://HOST:PORT
top = 20                                         # items in each most-frequent list
sample_tokens = 1000                             # vocabulary richness: types expected in this many random tokens

# %%
# %matplotlib inline
from pathlib import Path

import pandas as pd
from IPython.display import display

from khabar import viz
from khabar.stats import build_report, compute_stats, compute_summary, types_in_sample_key

pd.set_option("display.max_colwidth", 80)

# %% [markdown]
# ## The corpus
#
# If the corpus file is not there yet (`make demo` writes it), import a few days of SaudiNewsNet with the corpus
# importer.

# %%
corpus_path = Path(corpus)
if not corpus_path.exists():
    from khabar.corpus.importer import import_corpus

    corpus_path = Path("../out/notebook-corpus.jsonl")
    import_corpus(sorted(Path(saudinewsnet).glob("*.zip"))[: days or None], corpus_path)
print(corpus_path, f"{corpus_path.stat().st_size / 2**20:.1f} MB")

# %%
summary, partitions = compute_summary(corpus_path, scheduler=scheduler)
report = build_report(summary, top=top, partitions=partitions, sample_tokens=sample_tokens)
pd.Series({key: value for key, value in report.items() if not isinstance(value, (dict, list))},
          name=corpus_path.name, dtype=object).to_frame()

# %% [markdown]
# ## Per source and per month
#
# The type-token ratio (types / tokens, in the tables) falls as a text grows, since the more a source publishes the
# more of its words are repeats: compared across sources it mostly ranks them by size. The chart shows instead
# `types_per_1000_tokens` (for `sample_tokens` 1,000): how many different words 1,000 tokens drawn at random from the
# source's articles are expected to hold (rarefaction, computed exactly from the source's word counts). It does not
# depend on how much a source published, so a small outlet and a large one compare fairly; a source with fewer than
# 1,000 tokens has no figure. The tokens are drawn from all the source's articles at random, not read in a row (an
# article repeats its own words), so compare the figures with each other rather than with one article's count.

# %%
display(pd.DataFrame.from_dict(report["by_source"], orient="index").sort_values("articles", ascending=False))
display(viz.source_bar_chart(report["by_source"], "articles", title="Articles per source"))
display(viz.source_bar_chart(
    report["by_source"], types_in_sample_key(sample_tokens),
    title=f"Vocabulary richness per source (types in {sample_tokens:,} random tokens)",
    xlabel=f"types expected in {sample_tokens:,} tokens drawn at random (higher: more varied vocabulary)",
    missing=f"fewer than {sample_tokens:,} tokens", value_format="{:.0f}"))

# %%
display(pd.DataFrame.from_dict(report["by_month"], orient="index"))
display(viz.source_bar_chart(report["by_month"], "tokens", title="Tokens per month"))

# %% [markdown]
# ## Article length

# %%
length = report["article_length"]
display(pd.Series({k: v for k, v in length.items() if k != "histogram"}, name="tokens per article").to_frame().T)
viz.length_histogram(length)

# %% [markdown]
# ## Zipf's and Heaps' laws
#
# Zipf: least squares in log-log space over ranks spaced evenly in log r. Heaps: the expected vocabulary of n tokens
# drawn from the corpus (see `khabar.stats.fits`).

# %%
display(pd.DataFrame({"Zipf": report["zipf"], "Heaps": {k: v for k, v in report["heaps"].items() if k != "curve"}}))
display(viz.zipf_plot(summary.token_counts().values(), report["zipf"], title="Zipf: rank against frequency"))
display(viz.heaps_plot(report["heaps"], title="Heaps: vocabulary growth"))

# %% [markdown]
# ## Most frequent words (counted by normalised form, shown as most often spelt; without stop words)

# %%
viz.bar_chart(report["top_tokens"], title="Most frequent words", top=top)

# %% [markdown]
# ## Run-together words and duplicates

# %%
joined = report["run_together"]
print(f"run-together: {joined['types']:,} types, {joined['occurrences']:,} occurrences; "
      f"duplicates: {report['duplicates']:,} of {report['articles']:,} articles")
pd.DataFrame(joined["examples"], columns=["token", "count", "words"]).head(top)

# %% [markdown]
# ## Entities and quotes in the gold set

# %%
gold_report = compute_stats(gold, scheduler="synchronous", top=top)
entities, quotes = gold_report["entities"], gold_report["quotes"]
display(pd.DataFrame({"count": entities["per_label"], "per 1,000 tokens": entities["per_1000_tokens"]}))
display(viz.bar_chart(entities["per_label"], title="Entities per label"))
display(viz.bar_chart(entities["most_frequent"], title="Most frequent entities", top=15))

# %%
display(pd.DataFrame({"quotes": quotes["per_type"], "share": quotes["type_shares"]}))
print(f"{quotes['total']} quotes, {quotes['per_article']:.1f} per article, {quotes['without_source']} without a source")
display(viz.bar_chart(quotes["most_quoted_sources"], title="Most quoted sources", top=10, color="#fb8c00"))
display(viz.bar_chart(quotes["most_used_cues"], title="Most used cues", top=10, color="#f9a825"))

# %% [markdown]
# ## Who is quoted, who is named: the whole corpus as the extractors read it
#
# The same statistics over every article, with the entities of the default recogniser and the quotes of the quote
# model (`make demo` pre-annotates the whole corpus into `out/demo.all.preannotated.jsonl`). Machine output, not
# gold: the extractors' measured accuracy (notebook 03, the README's figures) says how far to trust each bar. Names
# are counted by their normalised form (السعودية and السعوديه together) and shown in their commonest spelling; a
# person named with and without a title or first name (سلمان, سلمان بن عبدالعزيز) still counts as two.

# %%
preannotated_path = Path(preannotated)
if not preannotated_path.exists():
    print(f"{preannotated_path} does not exist: `make demo` writes it, or run `khabar extract entities` then "
          "`khabar extract quotes` on the corpus")
else:
    machine = compute_stats(preannotated_path, scheduler=scheduler, top=top)
    found_entities, found_quotes = machine["entities"], machine["quotes"]
    print(f"{machine['articles']:,} articles: {found_entities['total']:,} entities, {found_quotes['total']:,} quotes "
          f"({found_quotes['per_article']:.1f} per article), {found_quotes['without_source']:,} without a source")
    display(viz.bar_chart(found_quotes["most_quoted_sources"], title="Most quoted sources (quote model)", top=15,
                          color="#fb8c00"))
    per_label = found_entities["most_frequent_per_label"]
    for label, title in (("PERS", "Most named people"), ("ORG", "Most named organisations"), ("LOC", "Most named places")):
        if per_label.get(label):
            display(viz.bar_chart(per_label[label], title=f"{title} (entity recogniser)", top=15))
