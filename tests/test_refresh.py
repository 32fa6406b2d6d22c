"""`khabar doccano refresh`'s parts without a server: fingerprints, "touched", folds, the log, uncertainty, errors.

The refresh itself, on a real server, is tests/integration/test_refresh.py.
"""

from __future__ import annotations

import dataclasses
import json
import stat

import pytest

from khabar.doccano.convert import ID_KEY, RECORD_KEY, SUGGESTED_KEY, TYPES_KEY, document_to_record
from khabar.doccano.refresh import _append_log, _folds_by_document, refresh, refresh_log_path
from khabar.doccano.sidecar import SideTable
from khabar.doccano.suggestions import (
    EMPTY,
    expected_fingerprints,
    record_fingerprint,
    suggestion_fingerprint,
    touched_reasons,
    with_fingerprint,
)
from khabar.errors import ConfigError, InputError
from khabar.gold import read_documents
from khabar.gold.model import Document, Entity, Quote, Span


def _doc() -> Document:
    text = "قال الوزير محمد علي إن الاتفاق سيوقع غدا في الرياض."
    return Document("d-1", text, entities=[Entity(11, 19, "PERS"), Entity(45, 51, "LOC")],
                    quotes=[Quote(Span(23, 40), Span(4, 19), Span(0, 3), "indirect")])


def test_a_fingerprint_depends_on_labels_offsets_and_relations_not_on_ids_or_order() -> None:
    record = document_to_record(_doc(), preannotate=True)
    fingerprint = record_fingerprint(record)
    # The same labels as doccano's database holds them: other ids, another order.
    spans = [(1000 + s["id"], s["label"], s["start_offset"], s["end_offset"]) for s in reversed(record["entities"])]
    relations = [(r["type"], 1000 + r["from_id"], 1000 + r["to_id"]) for r in reversed(record["relations"])]
    assert suggestion_fingerprint(spans, relations) == fingerprint
    moved = [(k, label, start, end + (k == spans[0][0])) for k, label, start, end in spans]
    relabelled = [(k, "ORG" if label == "LOC" else label, start, end) for k, label, start, end in spans]
    assert len({fingerprint, suggestion_fingerprint(moved, relations), suggestion_fingerprint(relabelled, relations),
                suggestion_fingerprint(spans, relations[1:]), suggestion_fingerprint(spans, []), EMPTY}) == 6
    assert record_fingerprint(document_to_record(_doc(), preannotate=False)) == EMPTY


def _state(**changes) -> dict:
    state = {"example": 7, "khabar_id": "d-1", "score": 100.0, "confirmed_by": [], "comments": 0, "other_labels": 0,
             "foreign": [], "fingerprints": {"ann": "f1"}, "edited": False}
    return {**state, **changes}


def test_touched_means_anything_doccano_records_beyond_khabars_own_suggestion() -> None:
    assert touched_reasons(_state(), ["ann"], ["f1"]) == []
    assert touched_reasons(_state(), ["ann"], ["f0", "f1"]) == []  # the old or the new one, mid-refresh
    # An owner holding nothing is untouched only when khabar suggested nothing.
    assert touched_reasons(_state(fingerprints={}), ["ann"], [EMPTY]) == []
    assert touched_reasons(_state(fingerprints={}), ["ann"], ["f1"]) == [
        "labels differ from khabar's suggestion for ann"]
    cases = {
        "confirmed by ann": _state(confirmed_by=["ann"]),
        "2 comment(s)": _state(comments=2),
        "1 category or text label(s)": _state(other_labels=1),
        "labels by admin": _state(foreign=["admin"]),
        "a label edited in place": _state(edited=True),
        "labels differ from khabar's suggestion for ann": _state(fingerprints={"ann": "f2"}),
    }
    for reason, state in cases.items():
        assert touched_reasons(state, ["ann"], ["f1"]) == [reason]
    assert touched_reasons(_state(), ["ann"], None) == ["no suggestion recorded by khabar"]
    assert len(touched_reasons(_state(confirmed_by=["x"], comments=1, edited=True), ["ann"], None)) == 4


def test_push_keeps_the_fingerprint_in_the_side_table_and_refresh_replaces_whole_entries(tmp_path) -> None:
    record = with_fingerprint(document_to_record(_doc(), preannotate=True))
    table = SideTable(tmp_path / "side")
    shown = table.stash([record])
    assert SUGGESTED_KEY not in shown[0] and SUGGESTED_KEY not in json.dumps(shown, ensure_ascii=False)
    entry = SideTable(tmp_path / "side").entries()["d-1"]
    assert expected_fingerprints(entry) == [record_fingerprint(record)]
    assert entry[RECORD_KEY] == record[RECORD_KEY] and entry[TYPES_KEY] == record[TYPES_KEY]

    assert table.record([{ID_KEY: "d-1", RECORD_KEY: entry[RECORD_KEY], SUGGESTED_KEY: json.dumps(["new"])}]) == 1
    again = SideTable(tmp_path / "side").entries()["d-1"]
    assert expected_fingerprints(again) == ["new"] and TYPES_KEY not in again and again[RECORD_KEY] == entry[RECORD_KEY]
    files = sorted((tmp_path / "side").glob("batch-*.jsonl"))
    assert len(files) == 2 and all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)

    for raw in (None, "not json", json.dumps({"a": 1}), json.dumps([1])):
        assert expected_fingerprints({SUGGESTED_KEY: raw} if raw is not None else {}) is None


def test_folds_keep_every_copy_of_a_document_together() -> None:
    copies = [Document(f"d{i}", "نص", extra={"annotator": who}) for i in range(7) for who in ("a", "b")[: 1 + i % 2]]
    folds = _folds_by_document(copies, 3, seed=0)
    assert sorted(len({d.id for d in fold}) for fold in folds) == [2, 2, 3]
    assert sum(map(len, folds)) == len(copies)
    for fold in folds:
        others = {d.id for f in folds if f is not fold for d in f}
        assert not {d.id for d in fold} & others
    assert _folds_by_document(copies, 3, seed=0) == folds


def test_the_log_is_private_appended_and_named_safely(tmp_path) -> None:
    from khabar.doccano.server import server_from_state

    path = refresh_log_path(tmp_path, "campaign-1")
    assert path == server_from_state(tmp_path).state_dir / "refresh" / "campaign-1.jsonl"
    odd = refresh_log_path(tmp_path, "../a b/c")
    assert odd.parent == path.parent and "/" not in odd.name and odd.name != refresh_log_path(tmp_path, "../a_b/c").name
    _append_log(path, {"refreshed": 3})
    _append_log(path, {"refreshed": 1, "order": ["خبر"]})
    assert [json.loads(line)["refreshed"] for line in path.read_text(encoding="utf-8").splitlines()] == [3, 1]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_uncertainty_comes_from_the_crfs_marginals(dev_gold_path) -> None:
    from khabar.extract.crf import train_crf
    from khabar.extract.uncertainty import document_uncertainty

    docs = list(read_documents(dev_gold_path))
    model = train_crf(docs[:3], max_iterations=5)
    found = [document_uncertainty(model, d.text) for d in docs[3:6]]
    assert all(0.0 < u.least_confidence <= 1.0 and u.mean_entropy > 0 and u.tokens > 50 for u in found)
    assert document_uncertainty(model, "").tokens == 0
    trained_on = document_uncertainty(model, docs[0].text)
    assert trained_on.mean_entropy < max(u.mean_entropy for u in found)
    from khabar.extract.uncertainty import entities_and_uncertainty

    assert entities_and_uncertainty(model, docs[4].text) == (model.predict(docs[4].text), found[1])


def test_cross_validation_tags_a_long_document_a_window_at_a_time(dev_gold_path, monkeypatch) -> None:
    # `recogniser.predict(doc.text)` read a huge confirmed document whole (the CRF's tables: 3.6 GB for 50 MB).
    from khabar.doccano.refresh import _cross_validate, _Trainer
    from khabar.extract import windows
    from khabar.extract.quotes import QuoteExtractor
    from khabar.extract.windows import shift_entity, shift_quote

    docs = list(read_documents(dev_gold_path))
    starts, at = [], 0
    for doc in docs[:8]:
        starts.append(at)
        at += len(doc.text) + 2
    long = Document("long", "\n\n".join(d.text for d in docs[:8]),
                    entities=[shift_entity(e, s) for d, s in zip(docs[:8], starts) for e in d.entities],
                    quotes=[shift_quote(q, s) for d, s in zip(docs[:8], starts) for q in d.quotes])
    monkeypatch.setattr(windows, "WINDOW_CHARS", 4000)
    assert len(windows.text_windows(long.text)) > 3
    given: list[int] = []

    class Recording(_Trainer):
        def entities(self, gold):
            model = super().entities(gold)
            predict = model.predict

            def recorded(text):
                given.append(len(text))
                return predict(text)

            model.predict = recorded
            return model

        def quotes(self, gold):
            return QuoteExtractor().extract, "rules"

    trainer = Recording([], [], crf_iterations=20, quote_iterations=5, arch="crf")
    entity_f1, quote_f1 = _cross_validate(trainer, [long, *docs[8:12]], 2, seed=0)
    assert len(given) == len(windows.text_windows(long.text)) + 4 and max(given) <= 4000
    assert 0 < entity_f1 < 1 and quote_f1 is not None and quote_f1 > 0


class _NoServer:
    url = "http://127.0.0.1:9"
    username = "admin"


def test_refresh_refuses_bad_folds_and_servers_khabar_does_not_run(tmp_path) -> None:
    for folds in (1, -2):
        with pytest.raises(InputError) as caught:
            refresh(_NoServer(), "p", folds=folds, state_dir=tmp_path)  # type: ignore[arg-type]
        assert caught.value.code == "E362"
    with pytest.raises(ConfigError) as caught:
        refresh(_NoServer(), "p", state_dir=tmp_path)  # type: ignore[arg-type]
    assert caught.value.code == "E360" and "khabar doccano up" in str(caught.value)
    assert not (tmp_path / "refresh").exists()


def test_a_file_pushed_before_fingerprints_were_kept_stands_in_for_the_side_table(tmp_path) -> None:
    from khabar.doccano.refresh import _Target

    record = document_to_record(_doc(), preannotate=True)
    table = SideTable(tmp_path / "side")
    target = _Target("p", 1, ["ann"], table, pushed={"d-1": record_fingerprint(record)})
    assert target.expected("d-1") == [record_fingerprint(record)]  # the side table knows nothing of it
    assert target.expected("d-2") is None
    table.record([{ID_KEY: "d-1", SUGGESTED_KEY: json.dumps(["recorded"])}])
    assert target.expected("d-1") == ["recorded"]  # what khabar recorded wins


class _FakeJobs:
    """Stands in for the server's job process: answers the replacement and the read-back as told."""

    def __init__(self, held: dict) -> None:
        self.held = held
        self.calls: list[tuple[str, dict]] = []

    def call(self, job: str, **args):
        self.calls.append((job, args))
        if job == "replace_suggestions":
            return {"replaced": [i["example"] for i in args["items"]], "skipped": [], "spans": 0, "relations": 0}
        return [{"example": e, "khabar_id": kid, "fingerprints": self.held.get(kid, {})}
                for kid, e in (("d-1", 7),) if e in args["examples"]]


def _target(tmp_path) -> "object":
    from khabar.doccano.refresh import _Target

    target = _Target("p", 1, ["ann"], SideTable(tmp_path / "side"), pushed={"d-1": "old"})
    target.untouched["d-1"] = _state()
    target.touched_scores = [97.0]
    return target


def test_the_read_back_accepts_an_empty_suggestion_and_refuses_anything_else(tmp_path) -> None:
    from khabar.doccano.refresh import RefreshReport, _replace

    empty = document_to_record(Document("d-1", "لا شيء هنا"), preannotate=True)
    target = _target(tmp_path)
    jobs = _FakeJobs({})  # the owner holds nothing: what an empty suggestion leaves
    assert _replace(jobs, target, ["d-1"], {"d-1": empty}, RefreshReport("p")) == ["d-1"]
    (job, args), _ = jobs.calls
    assert job == "replace_suggestions" and args["items"][0]["expected"] == ["old"]
    assert args["items"][0]["score"] == 96.0  # below every touched example
    assert expected_fingerprints(target.side.entries()["d-1"]) == [EMPTY]

    full = document_to_record(_doc(), preannotate=True)
    other = _target(tmp_path / "2")
    with pytest.raises(ConfigError) as caught:
        _replace(_FakeJobs({"d-1": {"ann": EMPTY}}), other, ["d-1"], {"d-1": full}, RefreshReport("p"))
    assert caught.value.code == "E363"
    # Both fingerprints stay acceptable: the next refresh finds the example untouched whichever it holds.
    assert expected_fingerprints(other.side.entries()["d-1"]) == ["old", record_fingerprint(full)]


class _Listing:
    def __init__(self, states: list) -> None:
        self.states = states

    def call(self, job: str, **args):
        assert job == "example_states" and args["with_text"]
        return self.states


def test_the_survey_sorts_examples_and_leaves_a_doubled_document_alone(tmp_path) -> None:
    from khabar.doccano.refresh import _Target, _survey

    target = _Target("p", 1, ["ann"], SideTable(tmp_path / "side"),
                     pushed={"a": "f1", "b": "f1", "c": "f1", "d": "f1"})
    states = [_state(example=1, khabar_id="a", text="x"), _state(example=2, khabar_id="b", text="x"),
              _state(example=3, khabar_id="b", text="x", score=90.0), _state(example=4, khabar_id=None),
              _state(example=5, khabar_id="c", confirmed_by=["ann"], score=95.0), _state(example=6, khabar_id="e")]
    _survey(_Listing(states), target)
    assert list(target.untouched) == ["a"]
    assert target.touched == {"b": ["two examples with this khabar id"], "example-4": ["not pushed by khabar (no khabar id)"],
                              "c": ["confirmed by ann"], "e": ["no suggestion recorded by khabar"]}
    assert sorted(target.touched_scores) == [90.0, 95.0, 100.0, 100.0, 100.0]


def test_refresh_trains_with_the_cached_word_clusters_and_never_learns_them(tmp_path, monkeypatch) -> None:
    from khabar.doccano.refresh import _clusters_path
    from khabar.errors import InputError
    from khabar.extract.clusters import default_clusters_path

    monkeypatch.setenv("KHABAR_CACHE_DIR", str(tmp_path / "cache"))
    assert _clusters_path("cached") is None  # nothing cached: none, not minutes of word2vec
    cached = default_clusters_path()
    cached.parent.mkdir(parents=True)
    cached.write_bytes(b"")
    assert _clusters_path("cached") == cached
    assert _clusters_path(None) is None
    own = tmp_path / "own.tsv.gz"
    own.write_bytes(b"")
    assert _clusters_path(own) == own
    with pytest.raises(InputError) as caught:
        _clusters_path(tmp_path / "missing.tsv.gz")
    assert caught.value.code == "E364" and caught.value.field == "--clusters"


def test_word_clusters_or_a_base_model_from_a_pipe_are_refused_before_the_server_is_looked_for(tmp_path) -> None:
    # A clusters pipe was read without the vectors beside it, and gave the cached base model a new key each time.
    import os

    os.mkfifo(tmp_path / "clusters.tsv.gz")
    with pytest.raises(InputError) as caught:
        refresh(_NoServer(), "p", state_dir=tmp_path, clusters=tmp_path / "clusters.tsv.gz")  # type: ignore[arg-type]
    assert (caught.value.code, caught.value.field) == ("E364", "--clusters")
    assert caught.value.message.startswith("a pipe or a device, not a file: word clusters are read with the vectors")
    with pytest.raises(InputError) as caught:
        refresh(_NoServer(), "p", state_dir=tmp_path, base_model="-")  # type: ignore[arg-type]
    assert (caught.value.code, caught.value.field, str(caught.value.path)) == ("E433", "--base-model", "<stdin>")
    assert not (tmp_path / "refresh").exists()


# -- the BiLSTM-CRF in the loop -----------------------------------------------------------------------------
def test_a_refresh_refuses_an_unknown_arch_and_a_base_model_for_the_crf(tmp_path) -> None:
    for options in ({"arch": "svm"}, {"arch": "crf", "base_model": tmp_path / "m.pt"}):
        with pytest.raises(InputError) as caught:
            refresh(_NoServer(), "p", state_dir=tmp_path, **options)  # type: ignore[arg-type]
        assert caught.value.code == "E369"
    assert not (tmp_path / "refresh").exists()


def test_the_base_model_is_trained_once_and_again_only_when_its_sources_change(dev_gold_path, tmp_path) -> None:
    pytest.importorskip("torch")
    from khabar.doccano.refresh import _base_model
    from khabar.extract.crf import train_crf

    docs = list(read_documents(dev_gold_path))
    cache = tmp_path / "refresh" / "p.base-entities.pt"
    first, path, trained = _base_model(None, docs[:3], None, None, cache, 1, 0)
    assert trained and path == str(cache) and cache.exists() and first.info["sentences"] > 10
    again, _, trained = _base_model(None, docs[:3], None, None, cache, 1, 0)
    assert not trained and [again.predict(d.text) for d in docs[3:5]] == [first.predict(d.text) for d in docs[3:5]]
    changed = [dataclasses.replace(docs[0], entities=docs[0].entities[1:]), *docs[1:3]]
    assert _base_model(None, changed, None, None, cache, 1, 0)[2]  # an entity less: trained again
    assert _base_model(None, changed, None, None, cache, 2, 0)[2]  # other epochs: trained again
    assert _base_model(None, changed, None, None, cache, 2, 0)[0].info["refresh_key"]  # the key travels inside
    clusters = tmp_path / "clusters.tsv.gz"
    clusters.write_bytes(b"one")
    assert _base_model(None, changed, None, clusters, cache, 2, 0)[2]
    assert not _base_model(None, changed, None, clusters, cache, 2, 0)[2]
    clusters.write_bytes(b"learnt again")  # the same path, other clusters: trained again
    assert _base_model(None, changed, None, clusters, cache, 2, 0)[2]
    assert stat.S_IMODE(cache.parent.stat().st_mode) == 0o700
    assert _base_model(None, [], None, None, cache, 1, 0) == (None, None, False)
    given, path, trained = _base_model(cache, [], None, None, tmp_path / "unused.pt", 1, 0)
    assert path == str(cache) and not trained and not (tmp_path / "unused.pt").exists()
    crf = train_crf(docs[:2], max_iterations=2).save(tmp_path / "entities.crf")
    for bad, code in ((crf, "E368"), (tmp_path / "missing.pt", "E433")):
        with pytest.raises(InputError) as caught:
            _base_model(bad, docs, None, None, cache, 1, 0)
        assert caught.value.code == code and str(bad) in str(caught.value)


def test_the_bilstm_trainer_continues_the_base_on_the_gold_with_base_sentences_replayed(dev_gold_path) -> None:
    pytest.importorskip("torch")
    from khabar.doccano.refresh import _Trainer
    from khabar.extract.neural import train_neural

    docs = list(read_documents(dev_gold_path))
    base_docs, gold = docs[:6], docs[6:9]
    base = train_neural(base_docs, epochs=1, seed=0)
    trainer = _Trainer(base_docs, [], 2, 2, arch="bilstm", base_model=base, epochs=2, replay=1.0)
    assert trainer.entities([]) is base
    replayed = trainer.replayed(gold)
    gold_size = sum(len(d.text) for d in gold)
    assert sum(len(d.text) for d in replayed[:-1]) < gold_size <= sum(len(d.text) for d in replayed)
    assert replayed == trainer.replayed(gold) and {d.id for d in replayed} <= {d.id for d in base_docs}
    assert _Trainer(base_docs, [], 2, 2, replay=0.0).replayed(gold) == []
    assert len(_Trainer(base_docs, [], 2, 2, replay=100.0).replayed(gold)) == len(base_docs)
    tuned = trainer.entities(gold)
    assert tuned is not base and tuned.info["epochs"] == 2 and tuned.info["continued_from"]["epochs"] == 1
    from khabar.extract.bio import training_sequences

    assert tuned.info["sentences"] == len(training_sequences([*gold, *replayed])[0])  # gold + replayed sentences
    same = trainer.entities(gold)
    assert [same.predict(d.text) for d in docs[9:12]] == [tuned.predict(d.text) for d in docs[9:12]]
    alone = _Trainer([], [], 2, 2, arch="bilstm", base_epochs=3).entities(gold)  # no base: the gold's own model
    assert "continued_from" not in alone.info and alone.info["epochs"] == 3
    with pytest.raises(ConfigError) as caught:
        _Trainer([], [], 2, 2, arch="bilstm").entities([])
    assert caught.value.code == "E361"


def test_the_refresh_command_states_the_library_s_defaults() -> None:
    """--epochs, --replay and --base-epochs pass nothing when left out; their help names the library's defaults."""
    import typer

    from khabar.cli import app
    from khabar.doccano import refresh as module

    command = typer.main.get_command(app).commands["doccano"].commands["refresh"]
    helps = {p.name: p.help for p in command.params}
    assert f"[default: {module.DEFAULT_EPOCHS}]" in helps["epochs"]
    assert f"[default: {module.DEFAULT_REPLAY:g}]" in helps["replay"]
    assert f"[default: {module.DEFAULT_BASE_EPOCHS}," in helps["base_epochs"]
    assert {p.name: p.default for p in command.params if p.name in ("epochs", "replay", "base_epochs", "arch")} == {
        "epochs": None, "replay": None, "base_epochs": None, "arch": "bilstm"}


@pytest.mark.parametrize(
    ("options", "named"),
    [(["--arch", "crf", "--epochs", "3"], "--epochs"), (["--arch", "crf", "--base-model", "m.pt"], "--base-model"),
     (["--arch", "crf", "--replay", "1"], "--replay"), (["--base-model", "m.pt", "--no-clusters"], "--no-clusters"),
     (["--base-model", "m.pt", "--base-epochs", "2"], "--base-epochs")],
)
def test_the_refresh_command_refuses_options_it_would_ignore(tmp_path, options, named) -> None:
    from typer.testing import CliRunner

    from khabar.cli import app

    result = CliRunner().invoke(app, ["doccano", "refresh", "--project", "p", *options],
                                env={"KHABAR_DOCCANO_DIR": str(tmp_path)})
    assert result.exit_code == 2, result.output
    assert named in " ".join(result.output.replace("│", " ").split())
    assert not (tmp_path / "refresh").exists()


@pytest.mark.parametrize(("option", "given", "code"), [
    ("--base-entities", "./bad.conll:3", "E240"), ("--base-quotes", "./bad.jsonl", "E001"),
    ("--pushed", "./bad.jsonl", "E001")])
def test_the_refresh_command_names_its_base_data_as_typed(tmp_path, monkeypatch, option, given, code) -> None:
    # The base data is read before anything is pulled: a bad line said bad.jsonl:2 for ./bad.jsonl. The server is
    # stood in for (the refresh stops before it is asked anything).
    from pathlib import Path
    from types import SimpleNamespace

    from typer.testing import CliRunner

    from khabar.cli import app
    from khabar.cli import doccano as cli

    monkeypatch.chdir(tmp_path)
    Path("bad.jsonl").write_text(json.dumps({"id": "a", "text": "قال الوزير."}, ensure_ascii=False) + "\n{broken\n",
                                 encoding="utf-8")
    Path("bad.conll").write_text("قال O\nالوزير\n", encoding="utf-8")
    monkeypatch.setattr(cli, "_session", lambda *args: _NoServer())
    monkeypatch.setattr("khabar.doccano.refresh.local_server", lambda *args: SimpleNamespace(url=_NoServer.url))
    result = CliRunner().invoke(app, ["doccano", "refresh", "--project", "p", option, given, "--dir", "state"])
    assert isinstance(result.exception, InputError), result.output
    name = given.partition(":")[0]
    assert (result.exception.code, result.exception.path_as_given, result.exception.line) == (code, name, 2)
    assert not Path("state", "refresh").exists()


@pytest.mark.parametrize("old_types", ['["direct"]', '"direct"'])
def test_quote_types_of_a_side_entry_that_are_no_object_are_replaced_not_a_traceback(old_types) -> None:
    from khabar.doccano.refresh import _merged_types

    assert json.loads(_merged_types({ID_KEY: "d1", TYPES_KEY: old_types}, '{"3:9": "direct"}')) == {"3:9": "direct"}
    assert json.loads(_merged_types({TYPES_KEY: '{"0:2": "mixed"}'}, '{"3:9": "direct"}')) == {
        "0:2": "mixed", "3:9": "direct"}
