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
# # Extractors against the gold set
#
# Every entity recogniser, each followed by the rule-based quote extractor, scored by `khabar.evaluate` with
# bootstrap confidence intervals; the entity type confusion; and the documents the best recogniser gets most wrong,
# gold and prediction side by side.

# %% tags=["parameters"]
# Parameters (papermill tag "parameters"); paths are relative to notebooks/, KHABAR_* variables override.
import os

gold = os.environ.get("KHABAR_GOLD", "../../shared/data/quotes/dev_gold.jsonl")
anercorp = "../../shared/data/anercorp/ANERCorp.train.txt"
entity_model = os.environ.get("KHABAR_MODEL", "../out/models/entities.pt")  # `make demo` trains it (BiLSTM-CRF);
                        # if missing, a quick CRF is trained on a slice of ANERcorp instead
crf_documents = 600     # ANERcorp documents for that quick CRF (0: no CRF)
bootstrap = 1000        # resamples for the 95 % confidence intervals
examples = 3            # documents with the most errors to show
curve_gold = "../../shared/data/quotes/jawharafm_gold.jsonl"  # the learning curve's articles (another outlet)
curve_sizes = [2, 5, 10, 20, 30]  # training articles per point; the rest of curve_gold is held out

# %%
# %matplotlib inline
import dataclasses
import itertools
from pathlib import Path

import pandas as pd
from IPython.display import Markdown, display

from khabar import viz
from khabar.evaluate import evaluate, per_document, score
from khabar.evaluate.ranking import best_extractor, documents_with_most_errors, score_rows
from khabar.extract.entities import extract_entities, load_recognizer, read_training_documents, train_crf
from khabar.extract.quotes import QuoteExtractor, extract_quotes
from khabar.gold import read_documents

pd.set_option("display.max_colwidth", 80)

# %% [markdown]
# ## The extractors

# %%
gold_docs = list(read_documents(gold))
recognizers = {"gazetteer": load_recognizer("gazetteer")}
if entity_model and Path(entity_model).exists():
    recognizer = load_recognizer(entity_model)
    recognizers[recognizer.name] = recognizer  # "bilstm" or "crf"
elif crf_documents:
    training = list(itertools.islice(read_training_documents([anercorp]), crf_documents))
    recognizers[f"crf ({crf_documents} ANERcorp documents)"] = train_crf(training, max_iterations=50)
quote_extractor = QuoteExtractor()
predictions = {
    name: [extract_quotes(extract_entities(dataclasses.replace(d, entities=[], quotes=[]), recognizer), quote_extractor)
           for d in gold_docs]
    for name, recognizer in recognizers.items()
}
{name: sum(len(d.entities) for d in docs) for name, docs in predictions.items()}

# %% [markdown]
# ## Scores with 95 % bootstrap confidence intervals

# %%
results = {name: evaluate(gold_docs, docs, bootstrap=bootstrap) for name, docs in predictions.items()}
rows = score_rows(results)
scores = pd.DataFrame(rows).set_index(["extractor", "measure"])
scores["f1 95% CI"] = [f"[{low:.3f}, {high:.3f}]" if low is not None else ""
                       for low, high in zip(scores.pop("f1_low"), scores.pop("f1_high"))]
scores

# %%
viz.f1_chart(rows)

# %% [markdown]
# ## Per label

# %%
pd.DataFrame({(name, label): {k: v["strict"][k] for k in ("precision", "recall", "f1")}
              for name, result in results.items() for label, v in result["entities"]["per_label"].items()}).T

# %% [markdown]
# ## Entity type confusion (gold rows, predicted columns)
# Gold and predicted entities are paired where their spans overlap; the `(none)` column counts the gold entities
# nothing overlaps (missed), the `(none)` row the predictions that overlap no gold entity (spurious).

# %%
for name, docs in predictions.items():
    scored = score(gold_docs, docs, task="entities")
    matrix = scored.confusion()
    missed, spurious = scored.unpaired()
    display(pd.DataFrame(matrix).T.fillna(0).astype(int))
    display(viz.confusion_heatmap(matrix, missed=missed, spurious=spurious, title=f"Entity type confusion: {name}"))

# %% [markdown]
# ## The documents the best recogniser gets most wrong
#
# The recogniser with the highest entity strict F1; documents ranked by entity strict F1 plus quote attribution F1.

# %%
best = best_extractor(results, "entities strict")
ranked = documents_with_most_errors(per_document(gold_docs, predictions[best]))
display(Markdown(f"Best recogniser: **{best}**"))
display(pd.DataFrame(ranked).set_index("id").head(10))
gold_by_id, best_by_id = {d.id: d for d in gold_docs}, {d.id: d for d in predictions[best]}
for row in ranked[:examples]:
    display(Markdown(f"**{row['id']}** ({best}): entity strict F1 {row['entities_strict_f1']}, "
                     f"attribution F1 {row['quotes_attribution_f1']}"))
    display(viz.render_comparison(gold_by_id[row["id"]], best_by_id[row["id"]], labels=("gold", best)))

# %% [markdown]
# ## What more gold buys: the quote model's learning curve
#
# `khabar train quotes` trained on the first n articles of `curve_gold` (shuffled once, so each point holds the
# smaller ones' articles), scored on the articles of `curve_gold` it never saw, with 95 % intervals; the dashed
# lines are the rules on the same held-out articles. Where the curve levels off near them, more gold of this kind
# buys little for this model: its features include the rules' own decisions.

# %%
from khabar.evaluate.crossval import learning_curve, transfer
from khabar.extract.quotes import rules_builder
from khabar.extract.quotes.model import model_builder

curve_docs = sorted(read_documents(curve_gold), key=lambda d: d.id)
held_out = curve_docs[max(curve_sizes):]
curve = learning_curve(model_builder(), curve_docs[: max(curve_sizes)], held_out, curve_sizes, replicates=200)
rules_on_held_out = transfer(rules_builder(), [], held_out, replicates=0)
display(pd.DataFrame({p.articles: {name: str(figure) for name, figure in p.figures.items()} for p in curve}).T)
display(viz.learning_curve_chart(curve, baselines={name: figure.value for name, figure in rules_on_held_out.items()}))
