"""Gold releases: the folder, the manifest's figures, never overwriting, and bad input."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from khabar.errors import InputError
from khabar.gold import Document, read_documents, write_documents
from khabar.release import build_manifest, release


@pytest.fixture(scope="module")
def gold_docs(dev_gold_path: Path) -> list[Document]:
    return list(read_documents(dev_gold_path))


@pytest.fixture()
def adjudicated(tmp_path: Path, gold_docs: list[Document]) -> Path:
    """The dev gold as an adjudicated file: annotators recorded per document."""
    docs = [
        Document(d.id, d.text, d.meta, d.entities, d.quotes, {"annotators": ["amal", "badr"] if i % 3 else ["amal"]})
        for i, d in enumerate(gold_docs)
    ]
    path = tmp_path / "gold.jsonl"
    write_documents(path, docs)
    return path


def test_release_writes_gold_and_manifest(adjudicated, tmp_path, gold_docs):
    root = tmp_path / "annotation" / "gold"
    agreement = {"entities_alpha": 0.81, "quotes_alpha": 0.64}
    target = release(adjudicated, "v1", root=root, agreement=agreement)
    assert target == root / "v1"
    assert sorted(p.name for p in target.iterdir()) == ["gold.jsonl", "manifest.json"]
    assert (target / "gold.jsonl").read_bytes() == adjudicated.read_bytes()
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["sha256"] == hashlib.sha256(adjudicated.read_bytes()).hexdigest()
    assert manifest["version"] == "v1" and manifest["documents"] == len(gold_docs) == 21
    labels = Counter(e.label for d in gold_docs for e in d.entities)
    assert manifest["entities"]["per_label"] == dict(labels)
    assert manifest["entities"]["total"] == sum(labels.values())
    types = Counter(q.type for d in gold_docs for q in d.quotes)
    assert manifest["quotes"]["per_type"] == dict(types) and manifest["quotes"]["total"] == sum(types.values())
    assert manifest["quotes"]["with_source"] == sum(q.source is not None for d in gold_docs for q in d.quotes)
    assert manifest["annotators"] == {"amal": 21, "badr": 14}
    sources = Counter(str(d.meta.get("source") or "unknown") for d in gold_docs)
    assert manifest["sources"] == dict(sources) and len(sources) > 1
    assert manifest["agreement"] == agreement
    assert manifest["created"].endswith("+00:00")
    assert not [p for p in root.iterdir() if p.name.startswith(".")]  # no staging folder left behind


def test_an_existing_version_is_never_overwritten(adjudicated, tmp_path):
    root = tmp_path / "releases"
    first = release(adjudicated, "v1", root=root)
    before = (first / "manifest.json").read_bytes()
    with pytest.raises(InputError, match="already released") as info:
        release(adjudicated, "v1", root=root)
    assert info.value.code == "E624" and info.value.path == root / "v1"
    assert (first / "manifest.json").read_bytes() == before
    assert release(adjudicated, "v1.1", root=root) == root / "v1.1"


@pytest.mark.parametrize("version", ["1", "version1", "v", "v1.", "v1/../x", "V1", "v1.2.3.4"])
def test_malformed_version_is_refused(adjudicated, tmp_path, version):
    with pytest.raises(InputError, match="a version is") as info:
        release(adjudicated, version, root=tmp_path)
    assert info.value.code == "E622" and info.value.field == "version"
    assert list(tmp_path.iterdir()) == [adjudicated]


def test_invalid_gold_is_refused_and_nothing_is_written(tmp_path, gold_docs):
    bad = tmp_path / "gold.jsonl"
    good_line = json.dumps(gold_docs[0].to_dict(), ensure_ascii=False)
    bad.write_text(good_line + "\n" + '{"id": "x", "text": 5}\n', encoding="utf-8")
    root = tmp_path / "root"
    with pytest.raises(InputError) as info:
        release(bad, "v1", root=root)
    assert info.value.line == 2 and info.value.field == "text"
    assert not (root / "v1").exists()

    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="no documents"):
        release(empty, "v1", root=root)
    with pytest.raises(InputError, match="does not exist"):
        release(tmp_path / "missing.jsonl", "v1", root=root)


def test_duplicate_document_ids_are_refused(tmp_path, gold_docs):
    path = tmp_path / "gold.jsonl"
    write_documents(path, [gold_docs[0], gold_docs[1], gold_docs[0]])
    with pytest.raises(InputError, match="twice") as info:
        build_manifest(path, "v1")
    assert info.value.doc_id == gold_docs[0].id


def test_cli_release_with_agreement_from_annotator_files(adjudicated, tmp_path, gold_docs):
    from khabar.cli import app

    a, b = tmp_path / "amal.jsonl", tmp_path / "badr.jsonl"
    write_documents(a, gold_docs[:5])
    write_documents(b, [Document(d.id, d.text, d.meta, d.entities[1:], d.quotes) for d in gold_docs[:5]])
    root = tmp_path / "rel"
    args = ["gold", "release", str(adjudicated), "--version", "v2", "--root", str(root), "--json"]
    result = CliRunner().invoke(app, [*args, "--agreement", str(a), "--agreement", str(b)])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    assert printed["path"] == str(root / "v2")
    agreement = printed["agreement"]
    assert agreement["annotators"] == ["amal", "badr"] and agreement["documents"] == 5
    assert 0.5 < agreement["entities_alpha"] < 1.0 and agreement["quotes_alpha"] == 1.0

    again = CliRunner().invoke(app, args)
    assert again.exit_code != 0 and isinstance(again.exception, InputError)


def test_cli_release_with_agreement_json(adjudicated, tmp_path):
    from khabar.cli import app

    figures = tmp_path / "agreement.json"
    figures.write_text(json.dumps({"entities_alpha": 0.7}), encoding="utf-8")
    root = tmp_path / "rel"
    result = CliRunner().invoke(
        app, ["gold", "release", str(adjudicated), "--version", "v3", "--root", str(root), "--agreement", str(figures)]
    )
    assert result.exit_code == 0, result.output
    assert "Released v3" in result.stderr
    assert json.loads((root / "v3" / "manifest.json").read_text())["agreement"] == {"entities_alpha": 0.7}


def test_the_library_refuses_a_pipe_it_would_read_three_times(tmp_path):
    # `khabar gold release` copies a pipe first (tests/test_cli_pipes.py); release() itself checks, hashes and copies
    # its file, so it says what a pipe is rather than read one three times (the second and third would be empty).
    import os

    read_end, write_end = os.pipe()  # what bash's <(...) gives: a /dev/fd path to a pipe
    os.write(write_end, b'{"id": "a", "text": "x"}\n')
    os.close(write_end)
    try:
        with pytest.raises(InputError) as caught:
            release(f"/dev/fd/{read_end}", "v1", root=tmp_path / "rel")
    finally:
        os.close(read_end)
    assert caught.value.code == "E623" and "a pipe or a device, not a file" in caught.value.message
    assert not (tmp_path / "rel").exists()


def test_one_agreement_file_is_the_figures_when_said_so_whatever_its_name(tmp_path):
    # A pipe's copy (stdin) has no .json to go by: `khabar gold release --agreement -` says it is the figures.
    from khabar.release import load_agreement

    copy = tmp_path / "stdin"
    copy.write_text(json.dumps({"entities_alpha": 0.7}, indent=2), encoding="utf-8")
    assert load_agreement([copy], figures=True) == {"entities_alpha": 0.7}
    with pytest.raises(InputError) as caught:
        load_agreement([copy])  # by its name: an annotator file, and one gives no agreement
    assert caught.value.code == "E601"


def test_agreement_figures_giving_a_key_twice_are_e015(tmp_path):
    # read with json.loads, the second "entities_alpha" was released in the manifest, the first lost without a word
    from khabar.release import load_agreement

    figures = tmp_path / "agreement.json"
    figures.write_text('{\n  "entities_alpha": 0.41,\n  "quotes_alpha": 0.6,\n  "entities_alpha": 0.81\n}\n',
                       encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_agreement([figures])
    error = caught.value
    assert (error.code, error.path, error.line, error.field) == ("E015", figures, 4, "entities_alpha")


def test_agreement_figures_that_are_not_json_name_the_line(tmp_path):
    from khabar.release import load_agreement

    figures = tmp_path / "agreement.json"
    figures.write_text('{\n  "entities_alpha": 0.41,\n  "quotes_alpha": \n}\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_agreement([figures])
    assert (caught.value.code, caught.value.line) == ("E626", 4)
    assert caught.value.message == "not a JSON file of agreement figures (Expecting value)"


@pytest.mark.parametrize(("start", "end", "code"), [(-3, 4, "E220"), (0, 10**6, "E220"), (9, 2, "E221")])
def test_spans_out_of_range_negative_or_reversed_are_never_frozen(tmp_path, gold_docs, start, end, code):
    from khabar.gold import Entity

    broken = Document(gold_docs[1].id, gold_docs[1].text, gold_docs[1].meta, [Entity(start, end, "PERS")], [])
    path = tmp_path / "gold.jsonl"
    write_documents(path, [gold_docs[0], broken])
    root = tmp_path / "root"
    with pytest.raises(InputError) as info:
        release(path, "v1", root=root)
    assert (info.value.code, info.value.line, info.value.field, info.value.path) == (code, 2, "entities[0]", path)
    assert not root.exists() or not any(root.iterdir())


def test_an_entity_label_outside_the_guidelines_is_never_frozen(tmp_path, gold_docs):
    from khabar.gold import Entity

    doc = gold_docs[1]
    renamed = Document(doc.id, doc.text, doc.meta, [Entity(doc.entities[0].start, doc.entities[0].end, "PERSON")], [])
    path = tmp_path / "gold.jsonl"
    write_documents(path, [gold_docs[0], renamed])
    root = tmp_path / "root"
    with pytest.raises(InputError) as info:
        release(path, "v1", root=root)
    assert (info.value.code, info.value.line, info.value.field, info.value.path) == ("E226", 2, "entities[0].label", path)
    assert not root.exists() or not any(root.iterdir())


def test_a_gzipped_or_parquet_gold_is_released_as_the_json_lines_it_holds(adjudicated, tmp_path):
    # gold.jsonl must be JSON lines whatever the input's form (a gzipped input was once copied as gzip bytes under
    # that name), and the manifest's sha256 and size describe the file released.
    import gzip

    import pyarrow as pa
    import pyarrow.parquet as pq

    root = tmp_path / "rel"
    plain = release(adjudicated, "v1", root=root)
    packed = tmp_path / "gold.jsonl.gz"
    packed.write_bytes(gzip.compress(adjudicated.read_bytes()))
    unpacked = release(packed, "v2", root=root)
    assert (unpacked / "gold.jsonl").read_bytes() == adjudicated.read_bytes()
    table = tmp_path / "gold.parquet"
    pq.write_table(pa.Table.from_pylist([json.loads(line) for line in adjudicated.read_text("utf-8").splitlines()]),
                   table)
    from_table = release(table, "v3", root=root)

    manifests = [json.loads((folder / "manifest.json").read_text("utf-8")) for folder in (plain, unpacked, from_table)]
    assert manifests[1]["sha256"] == manifests[0]["sha256"] and manifests[1]["bytes"] == manifests[0]["bytes"]
    released = from_table / "gold.jsonl"
    assert manifests[2]["sha256"] == hashlib.sha256(released.read_bytes()).hexdigest()
    assert manifests[2]["bytes"] == released.stat().st_size
    def annotations(path):  # Parquet's columns give every record every meta key (None where it had none)
        return [(d.id, d.text, d.entities, d.quotes) for d in read_documents(path)]

    assert annotations(released) == annotations(adjudicated)
    for key in ("documents", "entities", "quotes", "annotators"):
        assert manifests[0][key] == manifests[1][key] == manifests[2][key]


def test_a_plain_gold_whose_name_ends_in_upper_case_GZ_is_released_as_it_was_read(adjudicated, tmp_path):
    # The readers gunzip a name ending in '.gz' only (case counts): 'GOLD.JSONL.GZ' is read as plain JSON lines, and
    # the release tried to gunzip it after (gzip.BadGzipFile, a traceback).
    shouting = tmp_path / "GOLD.JSONL.GZ"
    shouting.write_bytes(adjudicated.read_bytes())
    target = release(shouting, "v1", root=tmp_path / "rel")
    assert (target / "gold.jsonl").read_bytes() == adjudicated.read_bytes()


def test_a_release_is_readable_as_its_gold_file_is(adjudicated, tmp_path):
    # The staging folder is owner-only (mkdtemp); the manifest written in it once stayed 0600 beside a 0644 gold.jsonl.
    import os
    import stat

    old = os.umask(0o022)
    try:
        target = release(adjudicated, "v1", root=tmp_path / "rel")
    finally:
        os.umask(old)
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in [target, *target.iterdir()]}
    assert modes == {"v1": 0o755, "gold.jsonl": 0o644, "manifest.json": 0o644}
