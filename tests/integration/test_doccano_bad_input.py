"""A push refuses bad input before anything is sent (an empty text, an id repeated with other content, a bad span
found only by a routed push's later project), and a pull never catches a push half-way nor keeps files of an
earlier pull it no longer writes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from khabar.doccano.campaign import annotator_project, campaign_path, push_routed
from khabar.doccano.client import Session
from khabar.doccano.project import add_user, create_project
from khabar.doccano.push import existing_ids, push
from khabar.errors import InputError
from khabar.gold import Document, read_documents, write_documents

pytestmark = pytest.mark.integration


def _copies(dev_gold_path: Path, n: int, tag: str) -> list[Document]:
    gold = list(read_documents(dev_gold_path))
    return [replace(gold[k % len(gold)], id=f"{gold[k % len(gold)].id}-{tag}{k:03d}") for k in range(n)]


def _count(session: Session, project: str) -> int:
    pid = session.find_project(project)
    return 0 if pid is None else len(existing_ids(session, pid))


@pytest.mark.parametrize("route", ["upload", "database"])
def test_an_empty_text_is_refused_naming_file_line_and_field_before_anything_is_sent(
        doccano_server, doccano_project, dev_gold_path, tmp_path, route) -> None:
    admin = doccano_server.session()
    create_project(admin, doccano_project)
    add_user(admin, f"a-{doccano_project[-6:]}", "annotator", doccano_project)
    docs = _copies(dev_gold_path, 60, "e")
    docs[39] = replace(docs[39], text="", entities=[], quotes=[])
    path = tmp_path / "articles.jsonl"
    write_documents(path, docs)
    with pytest.raises(InputError) as caught:
        push(admin, doccano_project, path, preannotate=True, annotators=[f"a-{doccano_project[-6:]}"], batch_size=25,
             state_dir=doccano_server.state_dir, route=route)
    error = caught.value
    assert (error.code, error.line, error.field, error.doc_id) == ("E384", 40, "text", docs[39].id)
    assert Path(error.path) == path
    # Before: doccano's import refused line 15 of khabar's temporary "batch-00002.jsonl" (E332), after importing
    # the first 49 articles, 24 of them with the admin's labels only; the database route imported it silently.
    assert _count(admin, doccano_project) == 0


def test_an_id_repeated_with_another_text_is_refused_and_an_identical_repeat_is_counted(
        doccano_server, doccano_project, tmp_path) -> None:
    admin = doccano_server.session()
    create_project(admin, doccano_project)
    rows = [{"id": "d1", "text": "النص الأول"}, {"id": "d1", "text": "نص آخر مختلف"}, {"id": "d2", "text": "نص"}]
    path = tmp_path / "conflict.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        push(admin, doccano_project, path, state_dir=doccano_server.state_dir)
    assert (caught.value.code, caught.value.line, caught.value.field) == ("E385", 2, "id")
    assert "first at line 1" in str(caught.value)
    assert _count(admin, doccano_project) == 0  # before: 2 pushed, the second text of d1 dropped without a word

    same = tmp_path / "same.jsonl"
    same.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in (rows[0], rows[0], rows[2])),
                    encoding="utf-8")
    summary = push(admin, doccano_project, same, state_dir=doccano_server.state_dir)
    assert (summary.pushed, summary.duplicates) == (2, 1)


def test_a_routed_push_checks_every_record_before_any_project_is_pushed(
        doccano_server, doccano_project, dev_gold_path, tmp_path) -> None:
    admin = doccano_server.session()
    doccano_project = f"routed-{doccano_project[-6:]}"  # NAME--annotator must stay within doccano's 100 characters
    names = [f"{doccano_project}-{x}" for x in "abc"]
    for name in names:
        add_user(admin, name, "annotator")
    docs = _copies(dev_gold_path, 30, "r")
    last = docs[-1]
    bad = {"start": len(last.text) - 2, "end": len(last.text) + 40, "label": "PERS"}
    rows = [d.to_dict() for d in docs]
    rows[-1]["entities"] = list(rows[-1]["entities"]) + [bad]
    path = tmp_path / "routed.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        push_routed(admin, doccano_project, path, names, 1, preannotate=True, state_dir=doccano_server.state_dir)
    assert (caught.value.code, caught.value.line) == ("E220", 30) and Path(caught.value.path) == path
    # Before: the first annotator's project held its 10 articles, the others none, and the error named no line.
    assert [_count(admin, annotator_project(doccano_project, n)) for n in names] == [0, 0, 0]
    assert not campaign_path(doccano_server.state_dir, admin.url, doccano_project).exists()


def _cli(state_dir: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "KHABAR_DOCCANO_DIR": str(state_dir)}
    env.pop("KHABAR_DOCCANO_PORT", None)
    return subprocess.Popen([sys.executable, "-m", "khabar.cli", "doccano", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_pull_during_a_push_waits_for_it_and_gets_every_article_with_its_labels(
        doccano_server, doccano_project, dev_gold_path, tmp_path) -> None:
    admin = doccano_server.session()
    create_project(admin, doccano_project)
    annotators = [f"a-{doccano_project[-6:]}", f"b-{doccano_project[-6:]}"]
    for name in annotators:
        add_user(admin, name, "annotator", doccano_project)
    docs = _copies(dev_gold_path, 150, "p")
    path = tmp_path / "articles.jsonl"
    write_documents(path, docs)
    pushing = _cli(doccano_server.state_dir, "push", str(path), "--project", doccano_project, "--preannotate",
                   "--annotators", ",".join(annotators), "--batch-size", "15")
    deadline = time.monotonic() + 120
    while _count(admin, doccano_project) == 0 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert pushing.poll() is None, "the push ended before the pull could start: make the corpus larger"
    out = tmp_path / "pulled"
    pulling = _cli(doccano_server.state_dir, "pull", "--project", doccano_project, "--out", str(out))
    assert pulling.wait(300) == 0, pulling.stderr.read()
    assert pushing.wait(300) == 0, pushing.stderr.read()
    # Before: the pull held the batches imported so far, and an "admin.jsonl" with the labels on their way to
    # the annotators, which `khabar agree OUT/*.jsonl` then counted as a third annotator.
    assert sorted(p.name for p in out.glob("*.jsonl")) == sorted(f"{n}.jsonl" for n in annotators)
    want = {d.id: sorted((e.start, e.end, e.label) for e in d.entities) for d in docs}
    for name in annotators:
        got = {d.id: sorted((e.start, e.end, e.label) for e in d.entities) for d in read_documents(out / f"{name}.jsonl")}
        assert got == want


def test_a_pull_deletes_the_files_its_previous_manifest_listed_and_no_longer_writes(
        doccano_server, doccano_project, tmp_path) -> None:
    admin = doccano_server.session()
    create_project(admin, doccano_project)
    add_user(admin, f"a-{doccano_project[-6:]}", "annotator", doccano_project)
    rows = [{"id": "x1", "text": "قال الوزير إن الأمر جيد"}]
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(rows[0], ensure_ascii=False) + "\n", encoding="utf-8")
    push(admin, doccano_project, path, state_dir=doccano_server.state_dir)
    out = tmp_path / "pulled"
    out.mkdir()
    (out / "ghost.jsonl").write_text('{"id": "x1", "text": "old"}\n', encoding="utf-8")
    (out / "notes.jsonl").write_text("mine\n", encoding="utf-8")
    (out / "manifest.json").write_text(json.dumps({"files": {"ghost": {"path": "ghost.jsonl"}}}), encoding="utf-8")
    pulling = _cli(doccano_server.state_dir, "pull", "--project", doccano_project, "--out", str(out))
    assert pulling.wait(300) == 0, pulling.stderr.read()
    assert sorted(p.name for p in out.iterdir()) == sorted([f"a-{doccano_project[-6:]}.jsonl", "manifest.json", "notes.jsonl"])


def test_a_campaign_whose_annotator_project_name_is_too_long_is_refused_before_its_record_is_saved(
        doccano_server, tmp_path) -> None:
    admin = doccano_server.session()
    campaign = "c" * 95  # with "--" and the annotator's name, past doccano's 100 characters
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"id": "x1", "text": "قال الوزير إن الأمر جيد"}, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        push_routed(admin, campaign, path, ["amal", "badr"], 1, state_dir=doccano_server.state_dir)
    assert (caught.value.code, caught.value.field) == ("E386", "project")
    # Before: doccano's bare 400 (E313) after the record was saved, so every later push met the same name.
    assert not campaign_path(doccano_server.state_dir, admin.url, campaign).exists()
