"""The three notebooks, executed top to bottom on the shared data, each checked for its figures.

Each notebook runs in a fresh kernel of this interpreter (``.venv``), in
``notebooks/``, with parameters injected after its ``parameters`` cell as
papermill would; a cell that raises fails the test (nbclient's
``CellExecutionError``). Notebook 02 runs twice: on files, and against a real
doccano server where two annotators labelled the same articles and one of
them changed a label.
"""

from __future__ import annotations

import datetime
import json
import re
import uuid
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell

from khabar.corpus import Article, write_articles
from khabar.gold import ENTITY_LABELS, read_documents, write_documents

pytestmark = pytest.mark.integration

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


def execute(name: str, parameters: dict[str, Any]) -> nbformat.NotebookNode:
    """Run notebook ``name`` with ``parameters`` injected after its parameters cell; return it with outputs."""
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    tagged = [i for i, cell in enumerate(notebook.cells) if "parameters" in cell.metadata.get("tags", [])]
    assert tagged == [1], f"{name}: the parameters cell must come right after the title"
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code"), f"{name}: outputs not stripped"
    source = "\n".join(f"{key} = {value!r}" for key, value in parameters.items())
    notebook.cells.insert(2, new_code_cell(source, metadata={"tags": ["injected-parameters"]}))
    client = NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()
    return notebook


def outputs(notebook: nbformat.NotebookNode, mime: str) -> list[str]:
    """Every displayed output of type ``mime``, in order."""
    found = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            assert output.output_type != "error", "".join(output.get("traceback", []))
            if output.output_type in ("display_data", "execute_result") and mime in output.data:
                found.append(output.data[mime])
    return found


def text_output(notebook: nbformat.NotebookNode) -> str:
    return "".join(o.get("text", "") for c in notebook.cells for o in c.get("outputs", []) if o.output_type == "stream")


def test_01_corpus_statistics(saudinewsnet_dir: Path, dev_gold_path: Path, tmp_path: Path) -> None:
    articles = []
    for day in ("2015-07-21", "2015-08-06"):
        import zipfile

        with zipfile.ZipFile(saudinewsnet_dir / f"{day}.zip") as archive:
            for member in archive.namelist():
                for i, raw in enumerate(json.loads(archive.read(member))):
                    articles.append(Article(f"saudinewsnet-{day}-{i:04d}", raw.get("content") or "", raw.get("title"),
                                            raw.get("source"), raw.get("url"), raw.get("date_extracted")))
    corpus = tmp_path / "corpus.jsonl"
    write_articles(corpus, articles)
    # The whole corpus pre-annotated, as `make demo` does it with its models: here the gazetteer and the quote rules.
    from khabar.extract.entities import extract_entities, load_recognizer
    from khabar.extract.quotes import QuoteExtractor, extract_quotes

    recognizer, quoter = load_recognizer("gazetteer"), QuoteExtractor()
    preannotated = tmp_path / "preannotated.jsonl"
    write_documents(preannotated, (extract_quotes(extract_entities(d, recognizer), quoter) for d in read_documents(corpus)))
    machine = list(read_documents(preannotated))
    labels = {e.label for d in machine for e in d.entities} & {"PERS", "ORG", "LOC"}
    notebook = execute("01_corpus_statistics.ipynb", {"corpus": str(corpus), "gold": str(dev_gold_path),
                                                      "scheduler": "processes", "preannotated": str(preannotated)})
    # Sources x2, month, length, Zipf, Heaps, words, entities x2, quotes sources and cues; then the whole corpus:
    # most quoted sources and the most named of each label found.
    assert len(outputs(notebook, "image/png")) == 11 + 1 + len(labels) and len(labels) == 3
    tables = "".join(outputs(notebook, "text/html"))
    assert f"<td>{len(articles)}</td>" in tables  # the article count, in the totals table
    assert "2015-07" in tables and "2015-08" in tables and "PERS" in tables
    printed = text_output(notebook)
    assert "duplicates:" in printed
    entities, quotes = sum(len(d.entities) for d in machine), sum(len(d.quotes) for d in machine)
    assert quotes > 100 and f"{len(machine):,} articles: {entities:,} entities, {quotes:,} quotes" in printed


def test_02_agreement_on_files(dev_gold_path: Path, tmp_path: Path) -> None:
    notebook = execute("02_annotation_and_agreement.ipynb", {"gold": str(dev_gold_path), "work_dir": str(tmp_path), "worst": 2,
                                                             "state_dir": str(tmp_path / "no-doccano")})
    html = outputs(notebook, "text/html")
    rendered = [h for h in html if "khabar-viz" in h]
    assert len(rendered) == 2 and all(">gold<" in h and ">machine<" in h for h in rendered)
    # Documents done per annotator, what the gold annotator kept of the machine's suggestions, lowest agreement.
    assert len(outputs(notebook, "image/png")) == 3
    assert "Krippendorff's alpha" in text_output(notebook)
    assert "No doccano server: doccano is not running" in text_output(notebook)
    kept = next(h for h in html if "unchanged" in h and "deleted" in h)
    assert "gold" in kept and "machine" in kept


def test_03_evaluate_extractors(dev_gold_path: Path, anercorp_path: Path) -> None:
    notebook = execute("03_evaluate_extractors.ipynb", {
        "gold": str(dev_gold_path), "anercorp": str(anercorp_path), "entity_model": None, "crf_documents": 300, "bootstrap": 200, "examples": 2,
    })
    # F1 bars, one confusion heat map per extractor (gazetteer and the quick CRF), the quote model's learning curve.
    assert len(outputs(notebook, "image/png")) == 4
    html = "".join(outputs(notebook, "text/html"))
    assert "content F1@0.3" in html and "attribution F1" in html  # the learning curve's table
    assert "95% CI" in html and "entities strict" in html and "attribution" in html
    assert html.count('class="khabar-viz"') == 2 and "k-missed" in html
    # The worst documents are those of the best recogniser (the quick CRF beats the gazetteer on strict F1), not the first.
    markdown = "".join(outputs(notebook, "text/markdown"))
    assert "Best recogniser: **crf (300 ANERcorp documents)**" in markdown
    rendered = "".join(h for h in outputs(notebook, "text/html") if "khabar-viz" in h)
    assert rendered.count(">crf (300 ANERcorp documents)<") == 2 and ">gazetteer<" not in rendered


def test_02_agreement_against_a_real_doccano_server(doccano_server, doccano_project, dev_gold_path: Path, tmp_path: Path) -> None:
    from khabar.doccano.client import login_as
    from khabar.doccano.convert import ID_KEY, Utf16Offsets
    from khabar.doccano.project import add_user, create_project, label_ids, set_confirmed
    from khabar.doccano.push import push

    originals = [d for d in read_documents(dev_gold_path) if len(d.text) < 1000][:3]
    admin = doccano_server.session()
    tag = uuid.uuid4().hex[:6]
    amal, badr = f"amal_{tag}", f"badr_{tag}"
    project_id = create_project(admin, doccano_project)
    passwords = {name: add_user(admin, name, "annotator", project=project_id) for name in (amal, badr)}
    push(admin, project_id, originals, preannotate=True, annotators=passwords)

    # badr relabels the first entity of the second document and confirms every document; amal confirms one.
    as_badr, as_amal = login_as(doccano_server.url, badr, passwords[badr]), login_as(doccano_server.url, amal, passwords[amal])
    examples = {ex["meta"][ID_KEY]: int(ex["id"]) for ex in as_badr.list_all(f"projects/{project_id}/examples")}
    changed = originals[1]
    entity = changed.entities[0]
    offsets = Utf16Offsets(changed.text)
    types = label_ids(as_badr, project_id)[0]
    by_id = {v: k for k, v in types.items()}
    example = examples[changed.id]
    (span,) = [s for s in as_badr.get(f"projects/{project_id}/examples/{example}/spans")
               if (s["start_offset"], s["end_offset"], by_id[s["label"]])
               == (offsets.to_utf16(entity.start), offsets.to_utf16(entity.end), entity.label)]
    as_badr.delete(f"projects/{project_id}/examples/{example}/spans/{span['id']}", expect_json=False)
    new_label = next(label for label in ENTITY_LABELS if label != entity.label)
    as_badr.post(f"projects/{project_id}/examples/{example}/spans", json={
        "label": types[new_label], "example": example,
        "start_offset": offsets.to_utf16(entity.start), "end_offset": offsets.to_utf16(entity.end)})
    for doc in originals:
        set_confirmed(as_badr, project_id, examples[doc.id])
    set_confirmed(as_amal, project_id, examples[originals[0].id])

    notebook = execute("02_annotation_and_agreement.ipynb", {
        "doccano_url": doccano_server.url, "doccano_user": doccano_server.admin_username,
        "doccano_password": doccano_server.admin_password, "project": doccano_project,
        "work_dir": str(tmp_path), "worst": 1, "annotators": "", "preannotations": str(tmp_path / "none.jsonl"),
    })
    html = outputs(notebook, "text/html")
    progress = next(h for h in html if badr in h and "done" in h)
    assert progress.count("<td>3</td>") >= 1 and "<td>1</td>" in progress  # badr 3 of 3, amal 1 of 3
    (rendered,) = [h for h in html if "khabar-viz" in h]
    assert changed.id in rendered and f">{amal}<" in rendered and f">{badr}<" in rendered
    assert "k-wrong-label" in rendered
    assert len(outputs(notebook, "image/png")) == 2

    # Knowing the annotators' passwords and the pushed pre-annotation: confirmations per day, what each kept, and
    # agreement only on what both confirmed (the first document).
    suggested = tmp_path / "suggested.jsonl"
    write_documents(suggested, originals)
    notebook = execute("02_annotation_and_agreement.ipynb", {
        "doccano_url": doccano_server.url, "doccano_user": doccano_server.admin_username,
        "doccano_password": doccano_server.admin_password, "project": doccano_project, "annotators": "",
        "annotator_passwords": passwords, "preannotations": str(suggested), "work_dir": str(tmp_path / "again"), "worst": 1,
    })
    html = outputs(notebook, "text/html")
    today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    per_day = next(h for h in html if today in h)
    assert f"<th>{today}</th>" in per_day and "<td>3</td>" in per_day and "<td>1</td>" in per_day
    # badr confirmed all three documents and relabelled one suggested entity; amal confirmed the first, untouched.
    kept = next(t for t in outputs(notebook, "text/plain") if "unchanged" in t and "edited" in t)
    suggested_entities = sum(len(d.entities) for d in originals)
    assert re.search(rf"{badr}\s+entities\s+{suggested_entities - 1}\s+1\s+0\s+0\s+3\b", kept), kept
    assert re.search(rf"{amal}\s+entities\s+{len(originals[0].entities)}\s+0\s+0\s+0\s+1\b", kept), kept
    assert "1 shared documents, confirmed by each annotator" in text_output(notebook)
    (rendered,) = [h for h in html if "khabar-viz" in h]
    assert originals[0].id in rendered
    assert len(outputs(notebook, "image/png")) == 4  # done, per day, kept, lowest agreement
