"""The doccano bridge against a real doccano 1.8.4 server: push, pull, annotators, resume, errors."""

from __future__ import annotations

import functools
import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest

from khabar.doccano import handover as handover_module
from khabar.doccano.client import connect, login_as
from khabar.doccano.convert import document_to_record
from khabar.doccano.project import add_user, create_project, label_ids, set_confirmed
from khabar.doccano.pull import pull
from khabar.doccano.push import _upload, existing_ids, push
from khabar.errors import ConfigError, InputError
from khabar.gold import Document, Entity, Quote, Span, read_documents
from khabar.gold.validate import validate_file

pytestmark = pytest.mark.integration


def _key(doc: Document) -> tuple:
    return (sorted((e.start, e.end, e.label) for e in doc.entities),
            sorted((q.content, q.source, q.cue, q.type) for q in doc.quotes))


def test_dev_gold_round_trip_is_exact(doccano_server, doccano_project, dev_gold_path, tmp_path) -> None:
    session = doccano_server.session()
    create_project(session, doccano_project)
    summary = push(session, doccano_project, dev_gold_path, preannotate=True)
    gold = {d.id: d for d in read_documents(dev_gold_path)}
    assert summary.pushed == len(gold) == 21 and summary.skipped == 0
    assert summary.spans > 600 and summary.relations > 200

    manifest = pull(session, doccano_project, tmp_path)
    assert manifest.annotators == ["admin"]  # the pusher owns pre-annotations when no annotator is named
    assert manifest.problems == []
    pulled = list(read_documents(tmp_path / "admin.jsonl"))
    assert sorted(d.id for d in pulled) == sorted(gold)
    for doc in pulled:
        original = gold[doc.id]
        assert doc.text == original.text
        assert doc.meta == original.meta
        assert _key(doc) == _key(original), doc.id
        assert doc.annotator == "admin"
    # The files pass the gold validator and the manifest's checksums are those of the files.
    assert list(validate_file(tmp_path / "admin.jsonl")) == []
    saved = json.loads((tmp_path / "manifest.json").read_text())
    assert saved["files"]["admin"]["sha256"] == hashlib.sha256((tmp_path / "admin.jsonl").read_bytes()).hexdigest()
    assert saved["files"]["admin"]["quotes"] == sum(len(d.quotes) for d in gold.values())


def _awkward_documents() -> list[Document]:
    """Astral characters, diacritics, bidi marks, Windows line endings, and metadata doccano mangles."""
    texts = [
        "😀 أعلن الكرملين أن القوات ستنسحب من سوريا 🇸🇦\r\nوقال بوتين: «المهمةُ أُنجزت».",
        "\u200fقالت وزارةُ الخارجية إن المحادثات في جنيف مستمرة 𝕏 وأكد الوزير أن الحل قريب\r\n",
        "#الرباط: وأضاف المتحدث أنه «لا تراجع» 🙂🙂 عن القرار",
    ]
    docs = []
    for i, text in enumerate(texts):
        entities = []
        for name, label in (("الكرملين", "ORG"), ("سوريا", "LOC"), ("بوتين", "PERS"), ("وزارةُ الخارجية", "ORG"),
                            ("جنيف", "LOC"), ("الرباط", "LOC")):
            if name in text:
                start = text.index(name)
                entities.append(Entity(start, start + len(name), label))
        quotes = []
        if "وقال بوتين" in text:
            c = text.index("المهمةُ")
            quotes.append(Quote(Span(c, text.index("»")), Span(text.index("بوتين"), text.index("بوتين") + 5),
                                Span(text.index("وقال"), text.index("وقال") + 4), "direct"))
        if "وأكد الوزير" in text:
            c = text.index("الحل")
            quotes.append(Quote(Span(c, c + len("الحل قريب")), Span(text.index("الوزير"), text.index("الوزير") + 6),
                                Span(text.index("وأكد"), text.index("وأكد") + 4), "indirect"))
        if "المتحدث" in text:
            c = text.index("لا تراجع")
            quotes.append(Quote(Span(c, c + len("لا تراجع")), Span(text.index("المتحدث"), text.index("المتحدث") + 7),
                                None, "direct"))
        meta = {"id": 1000 + i, "text": "meta text", "url": f"https://example.org/a/{i}"}
        if i == 1:
            meta["views"] = 12  # an integer only one article has: doccano's export would make it 12.0
        docs.append(Document(f"awkward-{i}", text, meta, entities, quotes))
    return docs


def test_astral_characters_bidi_marks_and_crlf_round_trip(doccano_server, doccano_project, tmp_path) -> None:
    session = doccano_server.session()
    create_project(session, doccano_project)
    docs = _awkward_documents()
    push(session, doccano_project, docs, preannotate=True)

    # On the server, offsets are UTF-16 units, as doccano's browser UI counts them.
    project_id = session.project_id(doccano_project)
    examples = {e["meta"]["khabar_id"]: e for e in session.list_all(f"projects/{project_id}/examples")}
    first = examples["awkward-0"]
    assert first["text"] == docs[0].text  # UTF-8 forced: nothing re-decoded, \r\n kept
    spans = session.get(f"projects/{project_id}/examples/{first['id']}/spans")
    names, _ = label_ids(session, project_id)
    putin = next(s for s in spans if s["label"] == names["PERS"])
    utf16 = docs[0].text.encode("utf-16-le")
    assert utf16[2 * putin["start_offset"] : 2 * putin["end_offset"]].decode("utf-16-le") == "بوتين"
    # Three astral code points come before it: the emoji and the two regional indicators of the flag.
    assert putin["start_offset"] == docs[0].text.index("بوتين") + 3

    manifest = pull(session, doccano_project, tmp_path)
    assert manifest.problems == []
    pulled = {d.id: d for d in read_documents(tmp_path / "admin.jsonl")}
    for doc in docs:
        assert pulled[doc.id].text == doc.text
        assert pulled[doc.id].meta == doc.meta  # "id", "text", the lone integer: all restored
        assert _key(pulled[doc.id]) == _key(doc)


def test_two_annotators_see_preannotations_and_get_their_own_files(doccano_server, doccano_project,
                                                                  dev_gold_path, tmp_path) -> None:
    admin = doccano_server.session()
    create_project(admin, doccano_project)
    names = {f"{doccano_project[:20]}-a": "", f"{doccano_project[:20]}-b": ""}
    for name in names:
        names[name] = add_user(admin, name, "annotator", doccano_project)
        assert names[name]  # a generated password
    ann_a, ann_b = names
    docs = list(read_documents(dev_gold_path))[:3]
    # The fixture's server is one khabar runs: the labels are handed over inside its database.
    summary = push(admin, doccano_project, docs, preannotate=True, annotators=list(names),
                   state_dir=doccano_server.state_dir, handover="server")
    assert summary.pushed == 3

    project_id = admin.project_id(doccano_project)
    ids = existing_ids(admin, project_id)
    span_names, _ = label_ids(admin, project_id)
    sessions = {name: login_as(doccano_server.url, name, pw) for name, pw in names.items()}
    for name, session in sessions.items():
        for doc in docs:
            spans = session.get(f"projects/{project_id}/examples/{ids[doc.id]}/spans")
            relations = session.get(f"projects/{project_id}/examples/{ids[doc.id]}/relations")
            by_id = {v: k for k, v in span_names.items()}
            expected = Counter(e.label for e in {(e.start, e.end, e.label): e for e in doc.entities}.values())
            expected.update({"CONTENT": len(doc.quotes), "SOURCE": len({q.source for q in doc.quotes if q.source}),
                             "CUE": len({q.cue for q in doc.quotes if q.cue})})
            assert Counter(by_id[s["label"]] for s in spans) == +expected
            assert len(relations) == sum((q.source is not None) + (q.cue is not None) for q in doc.quotes)
            assert all(s["user"] == spans[0]["user"] for s in spans)
    # The admin, who pushed, has no copy: only annotators hold labels.
    assert admin.get(f"projects/{project_id}/examples/{ids[docs[0].id]}/spans") == []

    # Annotator a deletes the first entity of document 0 and adds a LOC; b only confirms document 1 (twice:
    # set_confirmed must not toggle it back).
    target = docs[0]
    sa = sessions[ann_a]
    spans_a = sa.get(f"projects/{project_id}/examples/{ids[target.id]}/spans")
    first_entity = min(target.entities, key=lambda e: (e.start, e.end))
    from khabar.doccano.convert import Utf16Offsets

    conv = Utf16Offsets(target.text)
    victim = next(s for s in spans_a if s["start_offset"] == conv.to_utf16(first_entity.start)
                  and s["end_offset"] == conv.to_utf16(first_entity.end) and s["label"] == span_names[first_entity.label])
    sa.delete(f"projects/{project_id}/examples/{ids[target.id]}/spans/{victim['id']}")
    word = target.text.index("روسيا") if "روسيا" in target.text else None
    assert word is not None
    sa.post(f"projects/{project_id}/examples/{ids[target.id]}/spans",
            json={"label": span_names["LOC"], "start_offset": conv.to_utf16(word),
                  "end_offset": conv.to_utf16(word + 5), "example": ids[target.id]})
    assert set_confirmed(sessions[ann_b], project_id, ids[docs[1].id]) is True
    assert set_confirmed(sessions[ann_b], project_id, ids[docs[1].id]) is False

    manifest = pull(admin, doccano_project, tmp_path)
    assert sorted(manifest.annotators) == sorted(names)
    pulled_a = {d.id: d for d in read_documents(tmp_path / f"{ann_a}.jsonl")}
    pulled_b = {d.id: d for d in read_documents(tmp_path / f"{ann_b}.jsonl")}
    expected_a = {(e.start, e.end, e.label) for e in target.entities} - {
        (first_entity.start, first_entity.end, first_entity.label)} | {(word, word + 5, "LOC")}
    assert {(e.start, e.end, e.label) for e in pulled_a[target.id].entities} == expected_a
    for doc in docs:
        assert _key(pulled_b[doc.id]) == _key(doc)
        assert pulled_b[doc.id].annotator == ann_b
        if doc.id != target.id:
            assert _key(pulled_a[doc.id]) == _key(doc)

    confirmed = pull(admin, doccano_project, tmp_path / "confirmed", only_confirmed=True)
    assert confirmed.files[ann_b]["documents"] == 1
    assert [d.id for d in read_documents(tmp_path / "confirmed" / f"{ann_b}.jsonl")] == [docs[1].id]


def test_push_is_idempotent_and_resumes_after_an_interruption(doccano_server, doccano_project,
                                                              dev_gold_path) -> None:
    session = doccano_server.session()
    create_project(session, doccano_project)
    docs = list(read_documents(dev_gold_path))[:7]

    class Killed(Exception):
        pass

    def die_after_first_batch(batch: int, pushed: int) -> None:
        if batch == 1:
            raise Killed

    with pytest.raises(Killed):
        push(session, doccano_project, docs, preannotate=True, batch_size=3, on_batch=die_after_first_batch)
    project_id = session.project_id(doccano_project)
    assert sorted(existing_ids(session, project_id)) == sorted(d.id for d in docs[:3])

    resumed = push(session, doccano_project, docs, preannotate=True, batch_size=3)
    assert (resumed.skipped, resumed.pushed, resumed.batches) == (3, 4, 2)
    again = push(session, doccano_project, docs + docs[:2], preannotate=True, batch_size=3)
    assert (again.skipped, again.pushed, again.duplicates) == (7, 0, 2)
    khabar_ids = [e["meta"]["khabar_id"] for e in session.list_all(f"projects/{project_id}/examples")]
    assert sorted(khabar_ids) == sorted(d.id for d in docs)  # each article exactly once


def _project_with_annotator(doccano_server, project: str, suffix: str) -> tuple:
    """A fresh project and a new annotator of it: the admin session, the annotator's name and password."""
    admin = doccano_server.session()
    create_project(admin, project)
    name = f"{project[:24]}-{suffix}"
    return admin, name, add_user(admin, name, "annotator", project)


def _assert_every_quote_linked(annotator, project_id: int, ids: dict[str, int], docs: list[Document]) -> None:
    """The annotator's copy holds a relation for every source and cue of each document's quotes."""
    for doc in docs:
        relations = annotator.get(f"projects/{project_id}/examples/{ids[doc.id]}/relations")
        assert len(relations) == sum((q.source is not None) + (q.cue is not None) for q in doc.quotes)


def _failing(real, fails, error: BaseException):
    """``real``, except that its n-th call raises ``error`` when ``fails(n)``: a push killed part-way."""
    calls = {"n": 0}

    def wrapper(*args, **kwargs):
        calls["n"] += 1
        if fails(calls["n"]):
            raise error
        return real(*args, **kwargs)

    return wrapper


def test_annotator_copies_cut_short_are_completed_on_the_next_push(doccano_server, doccano_project, dev_gold_path,
                                                                  monkeypatch) -> None:
    admin, name, password = _project_with_annotator(doccano_server, doccano_project, "r")
    docs = list(read_documents(dev_gold_path))[3:5]
    real_copy = handover_module._copy_labels
    monkeypatch.setattr(handover_module, "_copy_labels", _failing(real_copy, lambda n: n > 1, RuntimeError("connection lost")))
    with pytest.raises(RuntimeError):
        push(admin, doccano_project, docs, preannotate=True, annotators={name: password}, workers=1, handover="api")
    monkeypatch.setattr(handover_module, "_copy_labels", real_copy)
    summary = push(admin, doccano_project, docs, preannotate=True, annotators={name: password}, handover="api")
    assert summary.skipped == 2 and summary.resumed_labels > 0

    annotator = login_as(doccano_server.url, name, password)
    project_id = admin.project_id(doccano_project)
    ids = existing_ids(admin, project_id)
    _assert_every_quote_linked(annotator, project_id, ids, docs)


def test_a_handover_cut_short_is_completed_on_the_next_push(doccano_server, doccano_project, dev_gold_path,
                                                          monkeypatch) -> None:
    admin, name, password = _project_with_annotator(doccano_server, doccano_project, "h")
    docs = list(read_documents(dev_gold_path))[5:8]
    real = handover_module.hand_over
    # The first call completes earlier pushes; the second follows this push's import.
    monkeypatch.setattr(handover_module, "hand_over", _failing(real, lambda n: n == 2, KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        push(admin, doccano_project, docs, preannotate=True, annotators=[name], state_dir=doccano_server.state_dir)
    # One example per transaction on the way back: the handover works chunk by chunk.
    monkeypatch.setattr(handover_module, "hand_over", functools.partial(real, chunk=1))
    project_id = admin.project_id(doccano_project)
    ids = existing_ids(admin, project_id)
    annotator = login_as(doccano_server.url, name, password)
    assert annotator.get(f"projects/{project_id}/examples/{ids[docs[0].id]}/spans") == []
    assert admin.get(f"projects/{project_id}/examples/{ids[docs[0].id]}/spans") != []

    summary = push(admin, doccano_project, docs, preannotate=True, annotators=[name], state_dir=doccano_server.state_dir)
    assert summary.skipped == 3 and summary.pushed == 0 and summary.resumed_labels > 0
    for doc in docs:
        assert admin.get(f"projects/{project_id}/examples/{ids[doc.id]}/spans") == []
    _assert_every_quote_linked(annotator, project_id, ids, docs)
    # Running it once more gives nobody a second copy.
    again = push(admin, doccano_project, docs, preannotate=True, annotators=[name], state_dir=doccano_server.state_dir)
    assert again.resumed_labels == 0
    spans = annotator.get(f"projects/{project_id}/examples/{ids[docs[0].id]}/spans")
    assert len(spans) == len(document_to_record(docs[0], preannotate=True)["entities"])


def test_server_down_wrong_password_and_unknown_project_are_clear_errors(doccano_server, tmp_path) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead_port = probe.getsockname()[1]
    with pytest.raises(ConfigError) as err:
        connect(f"http://127.0.0.1:{dead_port}", "admin", "x")
    assert err.value.code == "E310" and str(dead_port) in str(err.value) and "khabar doccano up" in str(err.value)

    with pytest.raises(ConfigError) as err:
        connect(doccano_server.url, doccano_server.admin_username, "not-the-password")
    assert err.value.code == "E311" and doccano_server.url in str(err.value)

    session = doccano_server.session()
    with pytest.raises(ConfigError) as err:
        push(session, "no-such-project-xyz", [Document("x", "نص")])
    assert err.value.code == "E314" and "no-such-project-xyz" in str(err.value)
    with pytest.raises(ConfigError) as err:
        pull(session, "no-such-project-xyz", tmp_path)
    assert err.value.code == "E314"
    assert not any(tmp_path.iterdir())  # nothing half-written


def test_a_batch_doccano_cannot_read_is_an_error_not_silence(doccano_server, doccano_project) -> None:
    session = doccano_server.session()
    project_id = create_project(session, doccano_project)
    with pytest.raises(ConfigError) as err:
        _upload(session, project_id, [{"body": "لا نص هنا", "khabar_id": "x"}], 1)
    assert err.value.code == "E332" and "text" in str(err.value)
    assert existing_ids(session, project_id) == {}


def test_utf8_is_forced_where_doccanos_guess_would_garble_the_text(doccano_server, doccano_project) -> None:
    session = doccano_server.session()
    project_id = create_project(session, doccano_project)
    text = "ok 😀 نعم"  # chardet calls this file Windows-1254
    record = {"text": text, "khabar_id": "guessed", "entities": [], "relations": []}
    _upload(session, project_id, [record], 1, encoding="Auto")  # doccano's default: no error, wrong text
    push(session, doccano_project, [Document("forced", text)])
    texts = {e["meta"]["khabar_id"]: e["text"] for e in session.list_all(f"projects/{project_id}/examples")}
    assert texts["guessed"] != text  # the pitfall is real ...
    assert texts["forced"] == text  # ... and khabar's push is not caught by it


def test_project_create_is_idempotent_and_configured(doccano_server, doccano_project) -> None:
    session = doccano_server.session()
    first = create_project(session, doccano_project)
    assert create_project(session, doccano_project) == first
    project = session.get(f"projects/{first}")
    assert project["project_type"] == "SequenceLabeling"
    assert project["collaborative_annotation"] is False
    assert project["allow_overlapping"] is True and project["use_relation"] is True
    assert project["grapheme_mode"] is False
    assert "CONTENT" in project["guideline"] and "وقال" in project["guideline"]
    spans, relations = label_ids(session, first)
    assert sorted(spans) == sorted(["PERS", "ORG", "LOC", "MISC", "SOURCE", "CUE", "CONTENT"])
    assert sorted(relations) == ["cue", "speaker"]
    assert len(session.get(f"projects/{first}/span-types")) == 7  # no duplicates after the second call


def test_cli_project_push_pull_and_users(doccano_server, doccano_project, dev_gold_path, tmp_path) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "KHABAR_DOCCANO_DIR": str(doccano_server.state_dir)}
    khabar = [str(Path(sys.executable).parent / "khabar")]

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*khabar, "doccano", *args], env=env, capture_output=True, text=True, timeout=300)

    created = run("project", "create", doccano_project, "--json")
    assert created.returncode == 0, created.stderr
    assert json.loads(created.stdout)["project"] == doccano_project
    user = f"{doccano_project[:24]}-cli"
    added = run("users", "add", user, "--project", doccano_project, "--json")
    assert added.returncode == 0, added.stderr
    creds = doccano_server.state_dir / "credentials.json"
    assert oct(creds.stat().st_mode & 0o777) == "0o600"
    assert user in json.loads(creds.read_text())["users"]

    small = tmp_path / "small.jsonl"
    small.write_text("".join(line for line in dev_gold_path.read_text(encoding="utf-8").splitlines(True)[:2]),
                     encoding="utf-8")
    pushed = run("push", str(small), "--project", doccano_project, "--preannotate", "--annotators", user, "--json")
    assert pushed.returncode == 0, pushed.stderr
    assert json.loads(pushed.stdout)["pushed"] == 2
    out = tmp_path / "pulled"
    pulled = run("pull", "--project", doccano_project, "--out", str(out), "--json")
    assert pulled.returncode == 0, pulled.stderr
    assert json.loads(pulled.stdout)["annotators"] == [user]
    assert [d.id for d in read_documents(out / f"{user}.jsonl")] == sorted(d.id for d in read_documents(small))

    missing = run("pull", "--project", "nope-nope", "--out", str(tmp_path / "x"))
    assert missing.returncode == 2 and "E314" in missing.stderr
    status = run("status", "--json")
    assert status.returncode == 0 and json.loads(status.stdout)["healthy"] is True


def test_the_pusher_cannot_be_one_of_the_annotators(doccano_server, doccano_project) -> None:
    from khabar.errors import InputError

    session = doccano_server.session()
    create_project(session, doccano_project)
    with pytest.raises(InputError) as err:
        push(session, doccano_project, [Document("p1", "نص")], preannotate=True,
             annotators=[doccano_server.admin_username])
    assert err.value.code == "E339" and err.value.field == "annotators"
    assert existing_ids(session, session.project_id(doccano_project)) == {}


def test_a_bad_record_in_a_file_stops_the_push_before_anything_is_sent(doccano_server, doccano_project,
                                                                     dev_gold_path, tmp_path) -> None:
    # The file is streamed (one batch in memory), but read through once first: nothing half-pushed.
    session = doccano_server.session()
    project_id = create_project(session, doccano_project)
    lines = [line for line in dev_gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join(lines[:6] + ['{"id": "broken", "text": 5}'] + lines[6:]) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        push(session, doccano_project, bad, preannotate=True, batch_size=2)
    assert (err.value.line, err.value.path) == (7, bad)
    assert existing_ids(session, project_id) == {}
    good = tmp_path / "good.jsonl"
    good.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = push(session, doccano_project, good, preannotate=True, batch_size=2)
    assert (summary.pushed, summary.batches) == (len(lines), -(-len(lines) // 2))
    assert sorted(existing_ids(session, project_id)) == sorted(json.loads(line)["id"] for line in lines)


def test_preannotations_are_checked_before_anything_is_sent(doccano_server, doccano_project, tmp_path) -> None:
    """Unusable spans stop the push with file and line; a label the project lacks is E335 unless allowed."""
    session = doccano_server.session()
    project_id = create_project(session, doccano_project)
    text = "قال الوزير محمد إن الحكومة في الرياض ستعلن القرار"
    good = Document("good", text, entities=[Entity(11, 15, "PERS")])
    broken = tmp_path / "broken.jsonl"
    broken.write_text(json.dumps(good.to_dict(), ensure_ascii=False) + "\n" + json.dumps(
        {"id": "past-the-end", "text": text, "entities": [{"start": 30, "end": len(text) + 4, "label": "LOC"}]},
        ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        push(session, doccano_project, broken, preannotate=True)
    assert (err.value.code, err.value.line, err.value.field) == ("E220", 2, "entities[0]")
    assert str(broken) in str(err.value)
    assert existing_ids(session, project_id) == {}  # not even the good first line went in

    odd = Document("odd-label", text, entities=[Entity(11, 15, "PERSON")])
    with pytest.raises(ConfigError) as err:
        push(session, doccano_project, [good, odd], preannotate=True)
    assert err.value.code == "E335" and "PERSON" in str(err.value) and "--allow-new-labels" in str(err.value)
    assert existing_ids(session, project_id) == {}
    spans_before = set(label_ids(session, project_id)[0])
    assert "PERSON" not in spans_before
    summary = push(session, doccano_project, [good, odd], preannotate=True, allow_new_labels=True)
    assert summary.pushed == 2
    assert set(label_ids(session, project_id)[0]) == spans_before | {"PERSON"}  # doccano added it, as asked
