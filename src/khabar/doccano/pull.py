"""Pull every annotator's labels out of doccano as gold JSON-lines files.

The export goes through doccano itself (its JSONL export, run by the celery
worker): in individual annotation mode it writes one file per project member,
each with every example and only that member's labels. Each becomes
``DIR/<annotator>.jsonl`` in the gold format (code-point offsets, original
metadata restored, ``"annotator"`` on every document), and ``DIR/manifest.json``
records the project, the annotators, counts, the export time, the sha256 of
each file and every problem found in what annotators drew.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import io
import json
import zipfile
from dataclasses import asdict, dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any

from ..errors import ConfigError, InputError, Problem
from ..gold.io import write_documents
from ..io import atomic_write, parse_json_object, sha256_of, without_bom
from .client import Session
from ..gold.model import Document
from .convert import record_to_document
from .sidecar import PRIVATE_KEYS, SideTable

__all__ = ["Manifest", "export_records", "export_zip", "pull"]


@dataclass(slots=True)
class Manifest:
    """What a pull wrote (``manifest.json``)."""

    project: str
    project_id: int
    url: str
    exported_at: str
    only_confirmed: bool
    annotators: list[str] = field(default_factory=list)
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    #: A routed campaign's annotator projects (``{annotator: {"project", "id"}}``); empty for one project.
    projects: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["problems"] = [p.to_dict() for p in self.problems]
        return data


#: Seconds to wait before each new attempt of an export that met a busy database (then it is an error).
EXPORT_RETRY_DELAYS = (2.0, 5.0, 10.0, 20.0, 40.0)


def _database_busy(error: ConfigError) -> bool:
    """Whether an export failed because the server's database was busy, which a later attempt survives.

    A task that failed says "database is locked"; a request the web server could
    not answer meanwhile comes back as a 5xx (doccano does not say why).
    """
    text = str(error)
    return "database is locked" in text or (error.code == "E313" and " answered 5" in text)


def export_zip(session: Session, project_id: int, only_confirmed: bool = False,
               *, retry_delays: tuple[float, ...] = EXPORT_RETRY_DELAYS) -> bytes:
    """Run doccano's JSONL export of a project and return the zip it produced.

    On a busy machine doccano's export task can fail with "database is locked"
    (SQLite): the export is started again after each of ``retry_delays``
    seconds, then E370 says it kept failing.
    """
    import time

    for attempt, delay in enumerate((*retry_delays, None)):
        try:
            task = session.post(f"projects/{project_id}/download",
                                json={"format": "JSONL", "exportApproved": only_confirmed})
            session.wait_task(task["task_id"])
            response = session.request("GET", f"projects/{project_id}/download", params={"taskId": task["task_id"]},
                                       expect_json=False, headers={"Accept": "*/*"})
            return response.content
        except ConfigError as error:
            if not _database_busy(error):
                raise
            if delay is None:
                raise ConfigError("E370", f"doccano's export of project {project_id} failed {attempt + 1} times on "
                                  f"a busy database (last: {error}); try again when the server is less busy") from None
            time.sleep(delay)
    raise AssertionError("unreachable")  # the loop returns or raises


def export_records(archive: zipfile.ZipFile, member: str, project: str | int) -> list[dict[str, Any]]:
    """The records of one annotator's file of doccano's JSONL export, each line read as khabar reads every JSON line
    (:func:`~khabar.io.parse_json_object`): a key given twice is E015, a line that is not JSON, not UTF-8 or no
    object gets its own error (E001, E003, E002), each naming ``doccano export of project P!member`` and the line.

    Lines end at line feeds only: doccano (pandas' ``to_json``, ``force_ascii=False``) writes U+2028, U+2029 and
    U+0085 as they are inside strings, where ``str.splitlines`` would end a line and cut the record in two.
    """
    return [record for _, record in _numbered_export_records(archive, member, _export_name(project, member))]


def _export_name(project: str | int, member: str) -> str:
    return f"doccano export of project {project}!{member}"


def _numbered_export_records(archive: zipfile.ZipFile, member: str, where: str) -> list[tuple[int, dict[str, Any]]]:
    """:func:`export_records`, each record with its line."""
    records = []
    for number, raw in enumerate(archive.read(member).split(b"\n"), start=1):
        line = without_bom(raw) if number == 1 else raw
        if line.strip():
            records.append((number, parse_json_object(line, where, number)))
    return records


def _converted(records: list[tuple[int, dict[str, Any]]], annotator: str, where: str,
               side_table: SideTable) -> tuple[list[Document], list[Problem]]:
    """One annotator's exported records as gold documents, and the problems in them (see :func:`pull`).

    An error in a record (no text, E331; a key given twice in a JSON string khabar keeps, E015) names the export's
    member and line, or the side table when the string came from there (the record does not hold it).
    """
    docs: list[Document] = []
    problems: list[Problem] = []
    for line, record in records:
        try:
            doc, found = record_to_document(side_table.restore(record), annotator)
        except InputError as error:
            if error.path is None:
                private = (error.field or "").split(".")[0]
                in_side_table = private in PRIVATE_KEYS and record.get(private) is None
                error.path, error.line = (side_table.folder, None) if in_side_table else (where, line)
            raise
        docs.append(doc)
        problems.extend(found)
        problems.extend(_guideline_problems(doc, annotator, record.get("id")))
    return docs, problems


def _guideline_problems(doc: Document, annotator: str, example_id: Any) -> list[Problem]:
    """What the gold validator (``khabar gold validate``) finds in one pulled document."""
    from ..gold.validate import validate_document

    example = example_id if isinstance(example_id, int) else None
    return [dataclasses.replace(p, annotator=annotator, example_id=example) for p in validate_document(doc)]


def drop_stale_files(out: Path, kept: set[str]) -> list[str]:
    """Delete the files the folder's previous ``manifest.json`` listed that this pull did not write again (an
    annotator no longer in the project, the pushing admin's copy caught mid-push): left there, they would be
    read with the new files (``khabar agree OUT/*.jsonl``) though the new manifest no longer names them.
    Only plain ``.jsonl`` names the old manifest lists are touched. Returns the names deleted."""
    try:
        old = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        listed = [info.get("path") for info in (old.get("files") or {}).values()]
    except (OSError, ValueError, AttributeError):
        return []
    dropped = []
    for name in listed:
        if isinstance(name, str) and name.endswith(".jsonl") and Path(name).name == name and name not in kept:
            try:
                (out / name).unlink()
            except FileNotFoundError:
                continue
            dropped.append(name)
    return dropped


def pull(session: Session, project: str | int, out_dir: str | PathLike[str], only_confirmed: bool = False,
         *, include_empty_admins: bool = False, state_dir: str | PathLike[str] | None = None) -> Manifest:
    """Export ``project`` and write ``out_dir/<annotator>.jsonl`` plus ``out_dir/manifest.json``.

    Every member with the annotator or approver role gets a file, labelled or
    not; a project admin gets one only if they labelled something (the admin who
    pushed the articles would otherwise appear as an annotator with nothing done)
    or ``include_empty_admins``. With ``only_confirmed``, each file holds only the
    articles that annotator confirmed. Problems in what annotators drew are in
    ``manifest.problems`` (and the manifest file), per annotator and document.
    khabar's own fields of each article come from the side table push wrote
    (:mod:`.sidecar`).
    """
    import time

    started = time.perf_counter()
    project_id = session.project_id(project)
    roles = {m["username"]: m["rolename"] for m in session.get(f"projects/{project_id}/members")}
    exported_at = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
    payload = export_zip(session, project_id, only_confirmed)
    side_table = SideTable.for_project(session, project_id, state_dir=state_dir)
    try:
        archive = zipfile.ZipFile(io.BytesIO(payload))
    except zipfile.BadZipFile:
        raise ConfigError("E350", f"doccano's export of project {project!r} is not a zip file") from None
    # Every annotator's file is read and converted before any is written: a bad line in one (E001, E015, E331)
    # leaves the folder as the last pull left it, not one annotator's file new beside the old manifest.
    converted = {}
    for member in sorted(m for m in archive.namelist() if m.endswith(".jsonl")):
        where = _export_name(project, member)
        converted[member] = _converted(_numbered_export_records(archive, member, where), Path(member).stem, where,
                                       side_table)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    manifest = Manifest(str(project), project_id, session.url, exported_at, only_confirmed)
    for member, (docs, problems) in converted.items():
        annotator = Path(member).stem
        labelled = any(d.entities or d.quotes for d in docs) or bool(problems)
        if roles.get(annotator) == "project_admin" and not labelled and not include_empty_admins:
            continue
        docs.sort(key=lambda d: d.id)
        path = out / f"{annotator}.jsonl"
        write_documents(path, docs)
        manifest.annotators.append(annotator)
        manifest.problems.extend(problems)
        manifest.files[annotator] = {
            "path": path.name,
            "role": roles.get(annotator),
            "documents": len(docs),
            "entities": sum(len(d.entities) for d in docs),
            "quotes": sum(len(d.quotes) for d in docs),
            "problems": len(problems),
            "sha256": sha256_of(path),
        }
    manifest.seconds = time.perf_counter() - started
    drop_stale_files(out, {info["path"] for info in manifest.files.values()})
    with atomic_write(out / "manifest.json") as handle:
        json.dump(manifest.to_dict(), handle, ensure_ascii=False, indent=2)
    return manifest
