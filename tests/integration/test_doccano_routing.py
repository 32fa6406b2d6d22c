"""A routed campaign on a real doccano 1.8.4 server: one project per annotator, pull, agree, a second push.

Also issue #15 item 3a: a pre-annotated document is not "done" for its annotator until they confirm it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from khabar.agreement import agreement_of_files
from khabar.doccano.campaign import annotator_project, campaign_path, load_campaign, pull_campaign, push_routed
from khabar.doccano.client import login_as
from khabar.doccano.project import add_user, create_project, set_confirmed
from khabar.doccano.push import existing_ids, push
from khabar.errors import ConfigError
from khabar.gold import read_documents

pytestmark = pytest.mark.integration


def _users(admin, prefix: str, count: int) -> dict[str, str]:
    names = {f"{prefix}-{letter}": "" for letter in "abcd"[:count]}
    for name in names:
        names[name] = add_user(admin, name, "annotator")
    return names


def _khabar(state_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "KHABAR_DOCCANO_DIR": str(state_dir)}
    return subprocess.run([str(Path(sys.executable).parent / "khabar"), *args], env=env, capture_output=True, text=True,
                          timeout=600)


def test_a_routed_campaign_holds_each_annotators_documents_and_pulls_into_the_usual_layout(
        doccano_server, doccano_project, dev_gold_path, tmp_path) -> None:
    admin = doccano_server.session()
    passwords = _users(admin, doccano_project[:24], 3)
    names = list(passwords)
    docs = list(read_documents(dev_gold_path))
    assert len(docs) == 21
    first, rest = docs[:15], docs[15:]

    summary = push_routed(admin, doccano_project, first, names, 2, 0.2, preannotate=True,
                          state_dir=doccano_server.state_dir)
    record = load_campaign(doccano_server.state_dir, admin.url, doccano_project)
    assert record is not None and record.annotators == names and record.per_document == 2
    assignment = {doc_id: tuple(a) for doc_id, a in record.assignments.items()}
    assert sorted(assignment) == sorted(d.id for d in first)
    shared = [d for d, a in assignment.items() if len(a) == 3]
    assert len(shared) == summary.shared_documents == 3  # floor(0.2 * 15)
    assert all(len(a) == 2 for d, a in assignment.items() if d not in shared)
    loads = Counter(a for annotators in assignment.values() for a in annotators)
    assert sum(loads.values()) == 2 * 15 + 3 and max(loads.values()) - min(loads.values()) <= 1
    assert summary.per_annotator == dict(loads) and summary.pushed == sum(loads.values())
    assert oct(campaign_path(doccano_server.state_dir, admin.url, doccano_project).stat().st_mode & 0o777) == "0o600"

    for name in names:
        project_id = admin.project_id(annotator_project(doccano_project, name))
        held = existing_ids(admin, project_id)
        assert sorted(held) == sorted(d for d, a in assignment.items() if name in a)
        members = {m["username"]: m["rolename"] for m in admin.get(f"projects/{project_id}/members")}
        assert [u for u, role in members.items() if role == "annotator"] == [name]
        # Pre-annotated for that annotator, and still not done: progress counts confirmations only (#15, 3a).
        session = login_as(doccano_server.url, name, passwords[name])
        example = next(iter(held.values()))
        assert session.get(f"projects/{project_id}/examples/{example}/spans"), "the annotator has the pre-annotations"
        assert session.get(f"projects/{project_id}/metrics/progress") == {
            "total": len(held), "remaining": len(held), "complete": 0}
        assert session.get(f"projects/{project_id}/examples/{example}")["is_confirmed"] is False
        progress = admin.get(f"projects/{project_id}/metrics/member-progress")
        assert {p["user"]: p["done"] for p in progress["progress"]}[name] == 0

    # A second push, through the CLI and with no routing options: the campaign goes on, only new documents move.
    everything = tmp_path / "all.jsonl"
    everything.write_text(dev_gold_path.read_text(encoding="utf-8"), encoding="utf-8")
    second = _khabar(doccano_server.state_dir, "doccano", "push", str(everything), "--project", doccano_project,
                     "--preannotate", "--json")
    assert second.returncode == 0, second.stderr
    routed = json.loads(second.stdout[second.stdout.index("{"):])
    assert routed["documents"] == 21 and routed["routed_now"] == 6
    again = load_campaign(doccano_server.state_dir, admin.url, doccano_project)
    assert {d: tuple(a) for d, a in again.assignments.items() if d in assignment} == assignment
    assert len(again.shared_ids) == 4  # floor(0.2 * 21)
    new_loads = Counter(a for annotators in again.assignments.values() for a in annotators)
    assert max(new_loads.values()) - min(new_loads.values()) <= 1
    for name in names:
        pushed = routed["pushes"][name]
        assert pushed["skipped"] == loads[name]
        assert pushed["pushed"] == new_loads[name] - loads[name] == sum(
            name in again.assignments[d.id] for d in rest)

    # Annotator 0 confirms one document: progress moves for them only.
    project0 = admin.project_id(annotator_project(doccano_project, names[0]))
    held0 = existing_ids(admin, project0)
    one = sorted(held0)[0]
    set_confirmed(login_as(doccano_server.url, names[0], passwords[names[0]]), project0, held0[one])
    progress = admin.get(f"projects/{project0}/metrics/member-progress")
    assert {p["user"]: p["done"] for p in progress["progress"]}[names[0]] == 1

    # pull writes one file per annotator holding exactly their documents, through the CLI as well.
    out = tmp_path / "pulled"
    pulled = _khabar(doccano_server.state_dir, "doccano", "pull", "--project", doccano_project, "--out", str(out),
                     "--json")
    assert pulled.returncode == 0, pulled.stderr
    manifest = json.loads(pulled.stdout[pulled.stdout.index("{"):])
    assert manifest["project"] == doccano_project and manifest["annotators"] == names
    assert sorted(p.name for p in out.iterdir()) == sorted([*(f"{n}.jsonl" for n in names), "manifest.json"])
    gold = {d.id: d for d in docs}
    for name in names:
        mine = list(read_documents(out / f"{name}.jsonl"))
        assert sorted(d.id for d in mine) == sorted(d for d, a in again.assignments.items() if name in a)
        assert all(d.annotator == name and d.text == gold[d.id].text for d in mine)
        assert manifest["files"][name]["documents"] == len(mine) == new_loads[name]
        assert manifest["projects"][name]["project"] == annotator_project(doccano_project, name)
    confirmed = pull_campaign(admin, again, tmp_path / "confirmed", only_confirmed=True)
    assert confirmed.files[names[0]]["documents"] == 1
    assert [d.id for d in read_documents(tmp_path / "confirmed" / f"{names[0]}.jsonl")] == [one]

    # khabar agree compares each pair on the documents it shares; with K=2 every document has two annotators.
    agreed = _khabar(doccano_server.state_dir, "agree", *(str(out / f"{n}.jsonl") for n in names), "--json")
    assert agreed.returncode == 0, agreed.stderr
    result = json.loads(agreed.stdout[agreed.stdout.index("{"):])
    assert result["documents"] == 21 and result["left_out"] == 0
    for pair in result["pairwise"]:
        both = sum(pair["a"] in a and pair["b"] in a for a in again.assignments.values())
        assert pair["documents"] == both
        assert pair["entities"]["strict"]["f1"] == 1.0  # untouched pre-annotations: every copy the same

    # The campaign's options stay those of its first push.
    with pytest.raises(ConfigError) as caught:
        push_routed(admin, doccano_project, docs, names, 3, 0.2, state_dir=doccano_server.state_dir)
    assert caught.value.code == "E393" and "--per-document 3 instead of 2" in str(caught.value)


def test_a_preannotated_push_leaves_every_document_to_be_confirmed(doccano_server, doccano_project,
                                                                   dev_gold_path) -> None:
    """Issue #15, 3a, on a plain project: progress shows 0 confirmed, all remaining, after a pre-annotated push."""
    admin = doccano_server.session()
    create_project(admin, doccano_project)
    name = f"{doccano_project[:24]}-p"
    password = add_user(admin, name, "annotator")
    docs = list(read_documents(dev_gold_path))[:4]
    push(admin, doccano_project, docs, preannotate=True, annotators=[name], state_dir=doccano_server.state_dir)
    project_id = admin.project_id(doccano_project)
    session = login_as(doccano_server.url, name, password)
    assert session.get(f"projects/{project_id}/metrics/progress") == {"total": 4, "remaining": 4, "complete": 0}
    examples = list(session.list_all(f"projects/{project_id}/examples"))
    assert len(examples) == 4 and not any(e["is_confirmed"] for e in examples)
    assert all(session.get(f"projects/{project_id}/examples/{e['id']}/spans") for e in examples)
    set_confirmed(session, project_id, examples[0]["id"])
    assert session.get(f"projects/{project_id}/metrics/progress") == {"total": 4, "remaining": 3, "complete": 1}


def test_routed_pushes_refuse_bad_options_before_touching_the_server(doccano_server, doccano_project,
                                                                     dev_gold_path) -> None:
    admin = doccano_server.session()
    docs = list(read_documents(dev_gold_path))[:2]
    for annotators, k, shared, code in ((["x", "y"], 3, 0.0, "E390"), (["x", "y"], 1, 2.0, "E391"),
                                        (["x", "x"], 1, 0.0, "E392"), (None, None, None, "E395")):
        with pytest.raises(Exception) as caught:
            push_routed(admin, doccano_project, docs, annotators, k, shared, state_dir=doccano_server.state_dir)
        assert getattr(caught.value, "code", None) == code
    assert admin.find_project(annotator_project(doccano_project, "x")) is None
    assert load_campaign(doccano_server.state_dir, admin.url, doccano_project) is None
    cli = _khabar(doccano_server.state_dir, "doccano", "push", str(dev_gold_path), "--project", doccano_project,
                  "--shared", "0.1")
    assert cli.returncode != 0 and "E395" in cli.stderr


def test_an_interrupted_routed_push_is_finished_by_the_next_with_the_same_routing(doccano_server, doccano_project,
                                                                                  dev_gold_path, tmp_path) -> None:
    admin = doccano_server.session()
    passwords = _users(admin, doccano_project[:24], 2)
    names = list(passwords)
    docs = list(read_documents(dev_gold_path))[:8]

    def die_after_the_first_project(batch: int, pushed: int) -> None:
        raise KeyboardInterrupt  # the first annotator's project is done, the second not begun

    with pytest.raises(KeyboardInterrupt):
        push_routed(admin, doccano_project, docs, names, 1, 0.25, preannotate=True,
                    state_dir=doccano_server.state_dir, on_batch=die_after_the_first_project)
    routed = load_campaign(doccano_server.state_dir, admin.url, doccano_project)
    first, second = (admin.project_id(annotator_project(doccano_project, n)) for n in names)
    assert existing_ids(admin, second) == {}
    assert sorted(existing_ids(admin, first)) == sorted(d for d, a in routed.assignments.items() if names[0] in a)

    finished = push_routed(admin, doccano_project, docs, preannotate=True, state_dir=doccano_server.state_dir)
    assert finished.routed_now == 0
    assert finished.pushes[names[1]].pushed == finished.per_annotator[names[1]]
    assert load_campaign(doccano_server.state_dir, admin.url, doccano_project).assignments == routed.assignments
    assert finished.pushes[names[0]].pushed == 0 and finished.pushes[names[0]].skipped == finished.per_annotator[names[0]]
    for name, project_id in zip(names, (first, second)):
        assert sorted(existing_ids(admin, project_id)) == sorted(d for d, a in routed.assignments.items() if name in a)
    # K=1 of 2 with a quarter shared: 2 documents for both, 3 more each.
    assert len(routed.shared_ids) == 2 and finished.per_annotator == {names[0]: 5, names[1]: 5}

    # agree compares the two on the shared documents and counts the others as left out.
    pulled = pull_campaign(admin, routed, tmp_path)
    assert [pulled.files[n]["documents"] for n in names] == [5, 5]
    result = agreement_of_files([tmp_path / f"{n}.jsonl" for n in names])
    assert result["documents"] == 2 and result["left_out"] == 6
    assert result["pairwise"][0]["documents"] == 2
