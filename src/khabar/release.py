"""Gold releases: freeze an adjudicated gold file as a numbered, never-overwritten version.

``release("gold.jsonl", "v1")`` writes::

    annotation/gold/v1/
        gold.jsonl       the gold file, byte for byte (a gzipped or Parquet one as JSON lines)
        manifest.json    what is in it (see :func:`build_manifest`)

The version folder is built under a temporary name in the same parent folder
and renamed into place at the end, so a release either exists whole or not at
all; an existing version is never touched (a published version number must
always mean the same data).
"""

from __future__ import annotations

import datetime as _dt
import gzip
import json
import os
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Sequence
from os import PathLike
from pathlib import Path
from typing import Any

from .errors import InputError
from .gold.io import read_documents
from .gold.validate import UNUSABLE, check_document
from .io import atomic_write, new_file_mode, read_json_file, read_records, require_file, sha256_of, write_jsonl

__all__ = [
    "VERSION_PATTERN", "DEFAULT_ROOT", "GOLD_NAME", "MANIFEST_NAME", "release", "build_manifest", "sha256_of",
    "load_agreement", "read_manifest", "render_manifest",
]

#: ``v1``, ``v12``, ``v1.2``, ``v1.2.3``.
VERSION_PATTERN = re.compile(r"v\d+(\.\d+){0,2}")
DEFAULT_ROOT = Path("annotation/gold")
GOLD_NAME = "gold.jsonl"
MANIFEST_NAME = "manifest.json"


#: The validator's problems that stop a release: spans no step can use, and entity labels outside the guidelines'.
FROZEN_REFUSES: frozenset[str] = UNUSABLE | {"E226"}


def build_manifest(
    gold_path: str | PathLike[str], version: str, *, agreement: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Describe a gold file; reading it also checks every line is a usable gold document.

    Usable: a gold document (:meth:`Document.from_dict`) whose spans all lie
    inside its text and are not empty or reversed, whose entity labels are the
    guidelines' (:func:`~khabar.gold.validate.check_document`, :data:`FROZEN_REFUSES`),
    with an id of its own.

    ``{"version", "created", "khabar_version", "file", "sha256", "bytes",
    "documents", "entities": {"total", "per_label"}, "quotes": {"total",
    "per_type", "with_source", "with_cue"}, "annotators": {name: documents},
    "sources": {meta source: documents}, "agreement": {...} | null}``
    """
    from . import __version__

    entity_labels: Counter[str] = Counter()
    quote_types: Counter[str] = Counter()
    annotators: Counter[str] = Counter()
    sources: Counter[str] = Counter()
    documents = with_source = with_cue = 0
    seen: set[str] = set()
    for line, doc in read_documents(gold_path, located=True):
        if doc.id in seen:
            raise InputError("E620", path=gold_path, line=line, field="id", doc_id=doc.id)
        seen.add(doc.id)
        # No span out of range, negative, empty or reversed, and no label outside the guidelines' (a release is what
        # every later evaluation and campaign reads: a PERSON beside PERS would be scored as another type).
        check_document(doc, path=gold_path, line=line, codes=FROZEN_REFUSES)
        documents += 1
        entity_labels.update(e.label for e in doc.entities)
        quote_types.update(q.type for q in doc.quotes)
        with_source += sum(q.source is not None for q in doc.quotes)
        with_cue += sum(q.cue is not None for q in doc.quotes)
        names = doc.extra.get("annotators")
        if isinstance(names, list):
            annotators.update(str(n) for n in names)
        elif doc.annotator:
            annotators[doc.annotator] += 1
        sources[str(doc.meta.get("source") or "unknown")] += 1
    if documents == 0:
        raise InputError("E621", path=gold_path)
    return {
        "version": version,
        "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "khabar_version": __version__,
        "file": GOLD_NAME,
        "sha256": sha256_of(gold_path),
        "bytes": os.path.getsize(gold_path),
        "documents": documents,
        "entities": {"total": sum(entity_labels.values()), "per_label": dict(sorted(entity_labels.items()))},
        "quotes": {
            "total": sum(quote_types.values()),
            "per_type": dict(sorted(quote_types.items())),
            "with_source": with_source,
            "with_cue": with_cue,
        },
        "annotators": dict(sorted(annotators.items())),
        "sources": dict(sorted(sources.items(), key=lambda kv: (-kv[1], kv[0]))),
        "agreement": agreement,
    }


def release(
    gold_path: str | PathLike[str],
    version: str,
    root: str | PathLike[str] = DEFAULT_ROOT,
    agreement: dict[str, Any] | None = None,
) -> Path:
    """Write ``root/version/`` with the gold file and its manifest; return that folder.

    Raises :class:`InputError` for a malformed version name, a missing or
    invalid gold file, or a version that already exists.
    """
    if not VERSION_PATTERN.fullmatch(version):
        raise InputError("E622", version=version, field="version")
    gold_path = Path(gold_path)
    require_file(gold_path, "E623")
    root = Path(root)
    target = root / version
    if target.exists():
        raise InputError(
            "E624", version=version, path=target,
        )
    manifest = build_manifest(gold_path, version, agreement=agreement)
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{version}.", suffix=".tmp", dir=root))
    try:
        # mkdtemp's folder is owner-only, and a file written in such a folder stays so (new_file_mode): the version
        # gets the mode a folder made in ROOT would have before anything is written in it.
        os.chmod(staging, new_file_mode(target, folder=True))
        staged = staging / GOLD_NAME
        if _is_json_lines(gold_path):
            shutil.copyfile(gold_path, staged)
            if sha256_of(staged) != manifest["sha256"]:
                raise InputError("E625", path=gold_path)
        else:
            # gold.jsonl holds JSON lines whatever the input's form: a gzipped or Parquet gold is written out as
            # such, and the manifest describes the file released, not the input's bytes.
            _write_as_json_lines(gold_path, staged)
            written = build_manifest(staged, version, agreement=agreement)
            if any(written[key] != manifest[key] for key in ("documents", "entities", "quotes", "annotators")):
                raise InputError("E625", path=gold_path)
            manifest.update(sha256=written["sha256"], bytes=written["bytes"])
        with atomic_write(staging / MANIFEST_NAME) as handle:
            json.dump(manifest, handle, ensure_ascii=False, indent=2)
            handle.write("\n")
        # os.rename onto an existing non-empty directory fails, so a release made
        # by someone else in the meantime is not overwritten either.
        try:
            os.rename(staging, target)
        except OSError:
            raise InputError(
                "E624", f"version {version} was released while this release was being built", path=target
            ) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def _is_json_lines(path: Path) -> bool:
    """Whether the gold file is plain JSON lines, released byte for byte (not gzipped, not Parquet).

    Told from the name exactly as :func:`~khabar.io.read_records` tells it (its case included): the manifest was
    built by reading it so, and ``gold.JSONL.GZ`` read there as plain JSON lines must not be gunzipped here."""
    return not path.name.endswith((".gz", ".parquet"))


def _write_as_json_lines(source: Path, target: Path) -> None:
    """Write a gzipped (unpacked as it is) or Parquet (one JSON object a row) gold file as JSON lines."""
    if source.name.endswith(".gz"):
        with gzip.open(source, "rb") as packed, open(target, "wb") as plain:
            shutil.copyfileobj(packed, plain, 1 << 20)
    else:
        write_jsonl(target, (record for _, _, record in read_records(source)))


def load_agreement(files: Sequence[str | PathLike[str]], *, figures: bool | None = None) -> dict[str, Any] | None:
    """Agreement figures for a manifest: one ``.json`` file (``khabar agree --json``), or computed from annotator files.

    ``None`` when no file is given. ``figures`` says whether a single file is the figures whatever its name (a
    pipe's copy has no ``.json`` to go by); by default its name says so.
    """
    if not files:
        return None
    paths = [Path(f) for f in files]
    if len(paths) == 1 and (paths[0].suffix == ".json" if figures is None else figures):
        # As every JSON input: a key given twice (two "entities_alpha") is E015, not the last value released.
        data = read_json_file(paths[0], missing=("E626", "not a JSON file of agreement figures (no such file)"),
                              invalid=("E626", "not a JSON file of agreement figures"))
        if not isinstance(data, dict):
            raise InputError("E626", "agreement figures must be a JSON object", path=paths[0])
        return data
    from .agreement import agreement_of_files

    return agreement_of_files(paths)


def read_manifest(release_dir: str | PathLike[str]) -> dict[str, Any]:
    """The manifest of a released version's folder."""
    return json.loads((Path(release_dir) / MANIFEST_NAME).read_text(encoding="utf-8"))


def render_manifest(version: str, target: str | PathLike[str], manifest: dict[str, Any]) -> str:
    """One line for people: which version went where, what it holds, and the start of its checksum."""
    return (
        f"Released {version} to {target}: {manifest['documents']} documents, "
        f"{manifest['entities']['total']} entities, {manifest['quotes']['total']} quotes, sha256 {manifest['sha256'][:12]}…"
    )
