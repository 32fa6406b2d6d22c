"""Write the three notebooks in ``notebooks/`` from the cell sources below, outputs stripped.

The notebooks are generated so that their code is reviewed as code here, and so
that every notebook has the same shape: a ``parameters`` cell first (papermill's
tag; the tests and ``make demo`` inject their own values after it), then cells
that use only those parameters. Not part of the runtime: run it after editing
a cell and commit the notebooks it writes::

    .venv/bin/python scripts/make_notebooks.py
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"

SETUP = """\
%matplotlib inline
from pathlib import Path

import pandas as pd
from IPython.display import Markdown, display

from khabar import viz

pd.set_option("display.max_colwidth", 80)"""


def _notebook(cells: list[tuple[str, str]], parameters: str) -> nbformat.NotebookNode:
    built = []
    for kind, source in cells:
        if kind == "md":
            built.append(new_markdown_cell(source))
        elif kind == "parameters":
            built.append(new_code_cell(parameters, metadata={"tags": ["parameters"]}))
        else:
            built.append(new_code_cell(source))
    notebook = new_notebook(cells=built)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (khabar .venv)", "language": "python"}
    notebook.metadata["language_info"] = {"name": "python"}
    return notebook


# --- 01 -----------------------------------------------------------------------------------------------

CORPUS_PARAMETERS = """\
# Parameters (papermill tag "parameters"); paths are relative to notebooks/.
corpus = "../corpus/demo.jsonl"                 # a corpus from `khabar corpus import` (`make demo` writes this one)
saudinewsnet = "../../shared/data/saudinewsnet"  # used to build a corpus when `corpus` does not exist
days = 3                                         # SaudiNewsNet days to import then (0: all 18)
gold = "../../shared/data/quotes/dev_gold.jsonl" # gold (or extractor output) for the entity and quote statistics
scheduler = "processes"                          # processes, threads, synchronous, local:N or tcp://HOST:PORT
top = 20                                         # items in each most-frequent list"""

CORPUS_CELLS = [
    ("md", "# Corpus statistics\n\nArticles, sentences, tokens and types per source and month, article lengths, "
           "Zipf's and Heaps' laws, frequent words, run-together words and duplicates, computed by `khabar.stats` "
           "on Dask; then entities and quotes in the gold set. Tokens are camel-tools' `simple_word_tokenize` tokens."),
    ("parameters", ""),
    ("code", SETUP + "\nfrom khabar.stats import build_report, compute_stats, compute_summary"),
    ("md", "## The corpus\n\nIf the corpus file is not there yet (`make demo` writes it), import a few days of "
           "SaudiNewsNet with the corpus importer."),
    ("code", """\
corpus_path = Path(corpus)
if not corpus_path.exists():
    from khabar.corpus.importer import import_corpus

    zips = sorted(Path(saudinewsnet).glob("*.zip"))[: days or None]
    corpus_path = Path("../out/notebook-corpus.jsonl")
    import_corpus(zips, corpus_path)
print(corpus_path, f"{corpus_path.stat().st_size / 2**20:.1f} MB")"""),
    ("code", """\
summary, partitions = compute_summary(corpus_path, scheduler=scheduler)
report = build_report(summary, top=top, partitions=partitions)
totals = {key: value for key, value in report.items() if not isinstance(value, (dict, list))}
pd.Series(totals, name=corpus_path.name, dtype=object).to_frame()"""),
    ("md", "## Per source and per month"),
    ("code", """\
by_source = pd.DataFrame.from_dict(report["by_source"], orient="index").sort_values("articles", ascending=False)
display(by_source)
display(viz.source_bar_chart(report["by_source"], "articles", title="Articles per source"))
display(viz.source_bar_chart(report["by_source"], "type_token_ratio", title="Type-token ratio per source"))"""),
    ("code", """\
by_month = pd.DataFrame.from_dict(report["by_month"], orient="index")
display(by_month)
display(viz.source_bar_chart(report["by_month"], "tokens", title="Tokens per month"))"""),
    ("md", "## Article length"),
    ("code", """\
length = report["article_length"]
display(pd.Series({k: v for k, v in length.items() if k != "histogram"}, name="tokens per article").to_frame().T)
viz.length_histogram(length)"""),
    ("md", "## Zipf's and Heaps' laws\n\nZipf: least squares in log-log space over ranks spaced evenly in log r. "
           "Heaps: the expected vocabulary of n tokens drawn from the corpus (see `khabar.stats.fits`)."),
    ("code", """\
display(pd.DataFrame({"Zipf": report["zipf"], "Heaps": {k: v for k, v in report["heaps"].items() if k != "curve"}}))
display(viz.zipf_plot(summary.token_counts().values(), report["zipf"], title="Zipf: rank against frequency"))
display(viz.heaps_plot(report["heaps"], title="Heaps: vocabulary growth"))"""),
    ("md", "## Most frequent words (normalised, without stop words)"),
    ("code", 'viz.bar_chart(report["top_tokens"], title="Most frequent words", top=top)'),
    ("md", "## Run-together words and duplicates"),
    ("code", """\
joined = report["run_together"]
print(f"run-together: {joined['types']:,} types, {joined['occurrences']:,} occurrences; "
      f"duplicates: {report['duplicates']:,} of {report['articles']:,} articles")
pd.DataFrame(joined["examples"], columns=["token", "count", "words"]).head(top)"""),
    ("md", "## Entities and quotes in the gold set"),
    ("code", """\
gold_report = compute_stats(gold, scheduler="synchronous", top=top)
entities, quotes = gold_report["entities"], gold_report["quotes"]
display(pd.DataFrame({"count": entities["per_label"], "per 1,000 tokens": entities["per_1000_tokens"]}))
display(viz.bar_chart(entities["per_label"], title="Entities per label"))
display(viz.bar_chart(entities["most_frequent"], title="Most frequent entities (normalised)", top=15))"""),
    ("code", """\
display(pd.DataFrame({"quotes": quotes["per_type"], "share": quotes["type_shares"]}))
print(f"{quotes['total']} quotes, {quotes['per_article']} per article, {quotes['without_source']} without a source")
display(viz.bar_chart(quotes["most_quoted_sources"], title="Most quoted sources", top=10, color="#fb8c00"))
display(viz.bar_chart(quotes["most_used_cues"], title="Most used cues", top=10, color="#f9a825"))"""),
]

# --- 02 -----------------------------------------------------------------------------------------------

AGREEMENT_PARAMETERS = """\
# Parameters (papermill tag "parameters"); paths are relative to notebooks/.
doccano_url = None             # e.g. "http://127.0.0.1:8000": read progress and pull annotations from doccano
doccano_user = None            # a project admin
doccano_password = None
project = None                 # the doccano project's name or id
annotator_files = []           # else: one gold JSONL per annotator (`khabar doccano pull` writes them)
gold = "../../shared/data/quotes/dev_gold.jsonl"  # with neither: the gold against the machine pre-annotation
work_dir = "../out/notebook-02"  # where pulled or generated annotator files go
worst = 3                      # documents to show, worst agreement first"""

AGREEMENT_CELLS = [
    ("md", "# Annotation progress and agreement\n\nProgress per annotator from doccano's own metrics, "
           "agreement between annotators (`khabar.agreement`), and the documents they agree on least, "
           "each annotator's labels side by side."),
    ("parameters", ""),
    ("code", SETUP + "\nfrom khabar.agreement import agreement, load_annotations\nfrom khabar.gold import read_documents, write_documents"),
    ("md", "## Where the annotations come from\n\nWith a doccano server: its progress metrics, then a pull (one file "
           "per annotator). Without one and without files: the gold set against the pre-annotations the extractors "
           "would give an annotator to start from."),
    ("code", """\
work = Path(work_dir)
progress = None
if doccano_url:
    from khabar.doccano.client import connect
    from khabar.doccano.pull import pull

    session = connect(doccano_url, doccano_user, doccano_password)
    project_id = session.project_id(project)
    members = session.get(f"projects/{project_id}/metrics/member-progress")
    spans = session.get(f"projects/{project_id}/metrics/span-distribution")
    progress = pd.DataFrame(members["progress"]).set_index("user").assign(total=members["total"])
    progress["share"] = progress["done"] / progress["total"]
    label_counts = pd.DataFrame(spans).fillna(0).astype(int)
    manifest = pull(session, project_id, work / "pulled")
    files = [work / "pulled" / manifest.files[name]["path"] for name in manifest.annotators]
elif annotator_files:
    files = [Path(f) for f in annotator_files]
else:
    from khabar.extract.entities import extract_entities, load_recognizer
    from khabar.extract.quotes import extract_quotes

    recognizer = load_recognizer("gazetteer")
    docs = list(read_documents(gold))
    machine = [extract_quotes(extract_entities(d, recognizer)) for d in docs]
    files = [work / "gold.jsonl", work / "machine.jsonl"]
    write_documents(files[0], docs)
    write_documents(files[1], machine)
annotations = load_annotations(files)
print("annotators:", ", ".join(annotations.annotators), "| files:", ", ".join(str(f) for f in files))"""),
    ("md", "## Progress per annotator"),
    ("code", """\
if progress is None:  # no server: a document counts as done when the annotator labelled something in it
    rows = {name: sum(1 for by in annotations.documents.values() if name in by and (by[name].entities or by[name].quotes))
            for name in annotations.annotators}
    progress = pd.DataFrame({"done": rows, "total": len(annotations.documents)})
    progress["share"] = progress["done"] / progress["total"]
    label_counts = pd.DataFrame({
        name: pd.Series([e.label for by in annotations.documents.values() if name in by for e in by[name].entities]).value_counts()
        for name in annotations.annotators}).fillna(0).astype(int)
display(progress)
display(viz.bar_chart(progress["done"].to_dict(), title="Documents done per annotator", xlabel="documents"))
display(label_counts)"""),
    ("md", "## Agreement"),
    ("code", """\
figures = agreement(annotations, by_document=True)
pairwise = pd.DataFrame([
    {"a": p["a"], "b": p["b"], "documents": p["documents"],
     "entities strict F1": p["entities"]["strict"]["f1"], "entities partial F1": p["entities"]["partial"]["f1"],
     "quote content F1 (0.3)": p["quotes"]["overlap_0.3"]["f1"], "attribution F1": p["quotes"]["attribution"]["f1"],
     "token kappa": p["token_kappa"]}
    for p in figures["pairwise"]])
display(pairwise)
print(f"Krippendorff's alpha: entities {figures['entities_alpha']}, quotes {figures['quotes_alpha']}; "
      f"{figures['documents']} shared documents")"""),
    ("code", """\
by_document = pd.DataFrame(figures["by_document"])
display(by_document[[c for c in by_document.columns if not isinstance(by_document[c].iloc[0], (list, dict))]].head(10))
viz.bar_chart([[row["id"], row["worst"] or 0.0] for row in figures["by_document"][:10]],
              title="Lowest agreement per document (alpha or kappa)", xlabel="worst figure")"""),
    ("md", "## The documents with the worst agreement, each annotator's labels"),
    ("code", """\
for row in figures["by_document"][:worst]:
    display(Markdown(f"**{row['id']}**: worst figure {row['worst']}"))
    display(viz.render_annotators(annotations.documents[row["id"]]))"""),
]

# --- 03 -----------------------------------------------------------------------------------------------

EVALUATE_PARAMETERS = """\
# Parameters (papermill tag "parameters"); paths are relative to notebooks/.
gold = "../../shared/data/quotes/dev_gold.jsonl"
anercorp = "../../shared/data/anercorp/ANERCorp.train.txt"
crf_model = "../out/models/entities.crf"  # from `khabar train entities` (`make demo` trains it); if missing,
                        # a quick CRF is trained on a slice of ANERcorp instead
crf_documents = 600     # ANERcorp documents for that quick CRF (0: no CRF)
bootstrap = 1000        # resamples for the 95 % confidence intervals
examples = 3            # documents with the most errors to show"""

EVALUATE_CELLS = [
    ("md", "# Extractors against the gold set\n\nEvery entity recogniser, each followed by the rule-based quote "
           "extractor, scored by `khabar.evaluate` with bootstrap confidence intervals; the entity type confusion; "
           "and the documents with the most errors, gold and prediction side by side."),
    ("parameters", ""),
    ("code", SETUP + """
import dataclasses
import itertools

from khabar.evaluate import evaluate, per_document, score
from khabar.extract.entities import extract_entities, load_recognizer, read_training_documents, train_crf
from khabar.extract.quotes import QuoteExtractor, extract_quotes
from khabar.gold import read_documents"""),
    ("md", "## The extractors"),
    ("code", """\
gold_docs = list(read_documents(gold))
recognizers = {"gazetteer": load_recognizer("gazetteer")}
if crf_model and Path(crf_model).exists():
    recognizers["crf"] = load_recognizer(crf_model)
elif crf_documents:
    training = list(itertools.islice(read_training_documents([anercorp]), crf_documents))
    recognizers[f"crf ({crf_documents} ANERcorp documents)"] = train_crf(training, max_iterations=50)
quote_extractor = QuoteExtractor()
predictions = {}
for name, recognizer in recognizers.items():
    bare = (dataclasses.replace(d, entities=[], quotes=[]) for d in gold_docs)
    predictions[name] = [extract_quotes(extract_entities(d, recognizer), quote_extractor) for d in bare]
{name: sum(len(d.entities) for d in docs) for name, docs in predictions.items()}"""),
    ("md", "## Scores with 95 % bootstrap confidence intervals"),
    ("code", """\
results = {name: evaluate(gold_docs, docs, bootstrap=bootstrap) for name, docs in predictions.items()}
rows = []
for name, result in results.items():
    ent, quo = result["entities"]["micro"], result["quotes"]
    for measure, prf in [("entities strict", ent["strict"]), ("entities partial", ent["partial"]), ("entities type", ent["type"]),
                         ("quote content (overlap 0.3)", quo["content"]["overlap_0.3"]), ("quote source", quo["source"]["overlap"]),
                         ("quote cue", quo["cue"]["overlap"]), ("attribution", quo["attribution"])]:
        row = {"extractor": name, "measure": measure}
        for key in ("precision", "recall", "f1"):
            row[key] = prf[key]
        low, high = prf.get("ci95", (None, None))
        row["f1 95% CI"] = f"[{low:.3f}, {high:.3f}]" if low is not None else ""
        rows.append(row)
scores = pd.DataFrame(rows).set_index(["extractor", "measure"])
scores"""),
    ("code", """\
viz.bar_chart([[f"{measure} | {extractor}", f1] for (extractor, measure), f1 in scores["f1"].items()],
              title="F1 per extractor and measure", xlabel="F1", top=len(scores))"""),
    ("md", "## Per label"),
    ("code", """\
pd.DataFrame({(name, label): {"precision": v["strict"]["precision"], "recall": v["strict"]["recall"], "f1": v["strict"]["f1"]}
              for name, result in results.items() for label, v in result["entities"]["per_label"].items()}).T"""),
    ("md", "## Entity type confusion (gold rows, predicted columns)"),
    ("code", """\
for name, docs in predictions.items():
    matrix = score(gold_docs, docs, task="entities").confusion()
    display(pd.DataFrame(matrix).T.fillna(0).astype(int))
    display(viz.confusion_heatmap(matrix, title=f"Entity type confusion: {name}"))"""),
    ("md", "## The documents with the most errors"),
    ("code", """\
name = next(iter(predictions))
by_id = {d.id: d for d in predictions[name]}
gold_by_id = {d.id: d for d in gold_docs}
rows = per_document(gold_docs, predictions[name])
rows.sort(key=lambda r: ((r["entities_strict_f1"] if r["entities_strict_f1"] is not None else 1.0)
                         + (r["quotes_attribution_f1"] if r["quotes_attribution_f1"] is not None else 1.0), r["id"]))
display(pd.DataFrame(rows).set_index("id").head(10))
for row in rows[:examples]:
    display(Markdown(f"**{row['id']}** ({name}): entity strict F1 {row['entities_strict_f1']}, "
                     f"attribution F1 {row['quotes_attribution_f1']}"))
    display(viz.render_comparison(gold_by_id[row["id"]], by_id[row["id"]], labels=("gold", name)))"""),
]


def main() -> None:
    for name, cells, parameters in (
        ("01_corpus_statistics.ipynb", CORPUS_CELLS, CORPUS_PARAMETERS),
        ("02_annotation_and_agreement.ipynb", AGREEMENT_CELLS, AGREEMENT_PARAMETERS),
        ("03_evaluate_extractors.ipynb", EVALUATE_CELLS, EVALUATE_PARAMETERS),
    ):
        notebook = _notebook(cells, parameters)
        nbformat.validate(notebook)
        nbformat.write(notebook, NOTEBOOKS / name)
        print(NOTEBOOKS / name)


if __name__ == "__main__":
    main()
