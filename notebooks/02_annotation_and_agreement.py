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
# # Annotation progress and agreement
#
# The campaign `make demo` started: each annotator's progress from doccano, documents confirmed per day, agreement
# between annotators on the documents they share so far (`khabar.agreement`), how much of the pre-annotation they
# kept, and the documents they agree on least, each annotator's labels side by side. Every figure comes from
# `khabar.progress`; without a running server the notebook says so and uses files instead.

# %% tags=["parameters"]
# Parameters (papermill tag "parameters"); paths are relative to notebooks/, KHABAR_* variables override.
import os

state_dir = os.environ.get("KHABAR_DOCCANO_DIR", "../annotation/.doccano")  # the server `make demo` started
doccano_url = os.environ.get("KHABAR_DOCCANO_URL")  # None: the URL the state folder remembers
doccano_user = None            # None: the admin of the state folder
doccano_password = None        # None: KHABAR_DOCCANO_PASSWORD, else the stored one
project = os.environ.get("KHABAR_PROJECT", "khabar-demo")
annotators = os.environ.get("KHABAR_ANNOTATORS", "annotator1,annotator2")  # whose confirmations per day to read
annotator_passwords = {}       # name -> password, for annotators whose password the state folder does not hold
preannotations = os.environ.get("KHABAR_PREANNOTATIONS", "../out/demo.preannotated.jsonl")  # what was pushed
annotator_files = []           # without a server: one gold JSONL per annotator (`khabar doccano pull` writes them)
gold = "../../shared/data/quotes/dev_gold.jsonl"  # with neither: the gold set against the machine pre-annotation
work_dir = "../out/notebook-02"  # where pulled or generated annotator files go
worst = 3                      # documents to show, worst agreement first

# %%
# %matplotlib inline
from pathlib import Path

import pandas as pd
from IPython.display import Markdown, display

from khabar import progress, viz
from khabar.agreement import load_annotations
from khabar.annotation_sources import ServerAccess, gold_and_machine, open_server, pull_files
from khabar.gold import read_documents

pd.set_option("display.max_colwidth", 80)

# %% [markdown]
# ## Where the annotations come from
#
# With the doccano server: its progress metrics and each annotator's confirmations, then a pull (one file per
# annotator). Without one: the annotator files given, else the gold set against the pre-annotations the extractors
# would give an annotator to start from.

# %%
server = open_server(state_dir, url=doccano_url, username=doccano_user, password=doccano_password,
                     project=project, annotators=annotators.split(","), passwords=annotator_passwords)
suggested = None
if isinstance(server, ServerAccess):
    print(f"doccano at {server.url}, project {project!r}")
    files = pull_files(server, Path(work_dir) / "pulled")
    if Path(preannotations).exists():
        suggested = list(read_documents(preannotations))
else:
    print(f"No doccano server: {server}. Showing files instead.")
    if annotator_files:
        files = [Path(f) for f in annotator_files]
        if Path(preannotations).exists():
            suggested = list(read_documents(preannotations))
    else:
        files, suggested = gold_and_machine(gold, work_dir)
annotations = load_annotations(files)
print("annotators:", ", ".join(annotations.annotators), "| files:", ", ".join(str(f) for f in files))

# %% [markdown]
# ## Progress per annotator
#
# From the server: documents each annotator confirmed (doccano's check mark), and per day for the annotators whose
# password the state folder holds. From files: documents an annotator labelled something in.

# %%
if isinstance(server, ServerAccess):
    done = pd.DataFrame(progress.member_progress(server.session, server.project)).T
    confirmations = progress.server_confirmations(server.url, server.project, server.annotator_passwords)
    confirmed = progress.confirmed_documents(confirmations) if server.annotator_passwords else None
else:
    done = pd.DataFrame(progress.progress_from_files(annotations)).T
    confirmations, confirmed = [], None
display(done.astype({"done": int, "total": int}))
display(viz.bar_chart(done["done"].to_dict(), title="Documents done per annotator", xlabel="documents"))
display(pd.DataFrame(progress.label_counts(annotations)).fillna(0).astype(int))

# %%
per_day = progress.confirmed_per_day(confirmations)
if per_day:
    display(pd.DataFrame(per_day).fillna(0).astype(int).sort_index())
    display(viz.daily_chart(per_day))
else:
    print("No confirmations per day to show (no server, or no annotator password known).")

# %% [markdown]
# ## What the annotators kept of the pre-annotation
#
# Of the suggested spans in the documents each annotator confirmed (every document, when confirmations are not
# known): kept unchanged, edited (moved or relabelled), deleted, and the spans they added. Many unchanged spans and
# few additions mean the pre-annotation saves work. Without a server, the machine's own row is the reference.

# %%
if suggested is not None:
    kept = progress.preannotation_kept(suggested, progress.annotator_versions(annotations), confirmed)
    display(pd.DataFrame({(name, kind): counts for name, by_kind in kept.items()
                          for kind, counts in by_kind.items()}).T)
    display(viz.kept_chart(kept))
else:
    print(f"No pre-annotation file ({preannotations}) to compare with.")

# %% [markdown]
# ## Agreement on the documents shared so far

# %%
figures = progress.shared_agreement(annotations, confirmed)
display(pd.DataFrame(progress.pairwise_rows(figures)))
print(f"Krippendorff's alpha: entities {figures['entities_alpha']}, quotes {figures['quotes_alpha']}; "
      f"{figures['documents']} shared documents"
      + (", confirmed by each annotator" if figures["confirmed_only"] else ", confirmed or not"))

# %%
by_document = pd.DataFrame(figures["by_document"])
display(by_document[["id", "annotators", "worst", "entities_alpha", "quotes_alpha"]].head(10))
viz.agreement_chart(figures["by_document"], title="Lowest agreement per document" + (
    "" if figures["confirmed_only"] else "\nnothing confirmed by two annotators yet: untouched suggestions agree perfectly"))

# %% [markdown]
# ## The documents with the worst agreement, each annotator's labels

# %%
for row in figures["by_document"][:worst]:
    display(Markdown(f"**{row['id']}**: worst figure {row['worst']}"))
    display(viz.render_annotators(annotations.documents[row["id"]]))
