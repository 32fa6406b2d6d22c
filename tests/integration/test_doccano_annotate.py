"""A simulated annotator labels examples on a real doccano server; a pull gives the gold documents back."""

from __future__ import annotations

import dataclasses
import random
import uuid

import pytest

from khabar.doccano.annotate import LabelTypes, label_example
from khabar.doccano.client import login_as
from khabar.doccano.project import add_user, create_project
from khabar.doccano.pull import pull
from khabar.doccano.push import existing_ids, push
from khabar.errors import InputError
from khabar.gold import Document, read_documents
from khabar.simulate import simulate_annotator

pytestmark = pytest.mark.integration

#: Its quotes include ones typed "indirect" although marks inside would make a guess say "mixed".
TYPED_AGAINST_THE_GUESS = "JA-localNews-3341-20170409"


def _keys(doc: Document) -> tuple[list, list]:
    return (sorted((e.start, e.end, e.label) for e in doc.entities),
            sorted((q.content, q.source, q.cue, q.type) for q in doc.quotes))


@pytest.fixture
def isolated_side_table(tmp_path, monkeypatch):
    """The side table (written to the default state folder) in this test's own folder."""
    monkeypatch.setenv("KHABAR_DOCCANO_DIR", str(tmp_path / "default-state"))


def test_labelled_examples_pull_back_as_the_gold(doccano_server, doccano_project, shared_data, tmp_path,
                                                 isolated_side_table):
    gold = {d.id: d for d in read_documents(shared_data / "quotes" / "jawharafm_gold.jsonl")}
    chosen = [gold[TYPED_AGAINST_THE_GUESS]] + [d for d in gold.values() if d.quotes and len(d.text) < 1200
                                                and d.id != TYPED_AGAINST_THE_GUESS][:2]
    assert len(chosen) == 3
    rng = random.Random(7)
    # The suggestions are noisy copies, so labelling has something to replace.
    suggestions = [simulate_annotator(d, rng, drop=0.3, relabel=0.2, drop_quote=0.3, drop_source=0.3)
                   for d in chosen]
    # No suggested quotes in the first: the push records no types for its contents, the annotator's labels must.
    suggestions[0] = dataclasses.replace(suggestions[0], quotes=[])
    admin = doccano_server.session()
    tag = uuid.uuid4().hex[:6]
    sim, other = f"sim_{tag}", f"other_{tag}"
    project_id = create_project(admin, doccano_project)
    passwords = {name: add_user(admin, name, "annotator", project=project_id) for name in (sim, other)}
    push(admin, project_id, suggestions, preannotate=True, annotators=passwords, state_dir=doccano_server.state_dir)

    as_sim = login_as(doccano_server.url, sim, passwords[sim])
    examples = existing_ids(as_sim, project_id)
    types = LabelTypes.of(as_sim, project_id)
    done = []
    for doc in chosen[:2]:
        done.append(label_example(as_sim, project_id, examples[doc.id], doc, types=types,
                                  state_dir=doccano_server.state_dir))
    assert [d.doc_id for d in done] == [d.id for d in chosen[:2]]
    assert all(d.removed_spans > 0 and d.confirmed for d in done)
    # Labelling twice changes nothing and leaves the example confirmed (the confirm route is a toggle).
    again = label_example(as_sim, project_id, examples[chosen[0].id], chosen[0], types=types,
                          state_dir=doccano_server.state_dir)
    assert again.spans == done[0].spans and again.removed_spans == done[0].spans

    manifest = pull(admin, project_id, tmp_path / "pulled", state_dir=doccano_server.state_dir)
    assert set(manifest.annotators) == {sim, other}
    pulled = {name: {d.id: d for d in read_documents(tmp_path / "pulled" / f"{name}.jsonl")} for name in (sim, other)}
    for doc in chosen[:2]:
        assert _keys(pulled[sim][doc.id]) == _keys(doc)
        assert pulled[sim][doc.id].text == doc.text
    assert any(q.type == "indirect" for q in pulled[sim][TYPED_AGAINST_THE_GUESS].quotes)
    # The third article still holds the suggestions; the other annotator's copies are untouched.
    assert _keys(pulled[sim][chosen[2].id]) == _keys(suggestions[2])
    for suggestion in suggestions:
        assert _keys(pulled[other][suggestion.id]) == _keys(suggestion)

    confirmed = pull(admin, project_id, tmp_path / "confirmed", only_confirmed=True,
                     state_dir=doccano_server.state_dir)
    assert confirmed.files[sim]["documents"] == 2
    assert confirmed.files.get(other, {"documents": 0})["documents"] == 0


def test_a_document_for_another_example_is_refused(doccano_server, doccano_project, shared_data,
                                                   isolated_side_table):
    docs = list(read_documents(shared_data / "quotes" / "jawharafm_gold.jsonl"))[:2]
    admin = doccano_server.session()
    sim = f"sim_{uuid.uuid4().hex[:6]}"
    project_id = create_project(admin, doccano_project)
    password = add_user(admin, sim, "annotator", project=project_id)
    push(admin, project_id, docs, state_dir=doccano_server.state_dir)
    as_sim = login_as(doccano_server.url, sim, password)
    examples = existing_ids(as_sim, project_id)
    with pytest.raises(InputError) as caught:
        label_example(as_sim, project_id, examples[docs[0].id], docs[1])
    assert caught.value.code == "E397"
    assert as_sim.get(f"projects/{project_id}/examples/{examples[docs[0].id]}/spans") == []
