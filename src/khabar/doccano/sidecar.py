"""The side table: what khabar needs back from doccano but annotators must not see.

doccano 1.8.4 shows every key of an example's metadata twice, in the
annotation page's metadata panel and as a JSON dump in the dataset table, so
anything khabar keeps there is in front of the annotators. The document's own
metadata as one JSON string (:data:`~.convert.RECORD_KEY`) and the types of the
pre-annotated quotes (:data:`~.convert.TYPES_KEY`) filled most of each row; the fingerprints of the
suggestions khabar left on each example (:data:`~.convert.SUGGESTED_KEY`, what ``khabar doccano refresh``
compares an example with to decide whether someone touched it) never went there.
They now stay on khabar's side: :meth:`SideTable.stash` takes them out of the
import records before a push sends them and writes them here, and
:meth:`SideTable.restore` puts them back into each exported record before a
pull converts it, so pulling gives exactly what it gave when they travelled
through doccano. Annotators see title, source, url and date, plus the short
``khabar_id`` that pushes use to recognise articles already in a project.

The table is written to khabar's default state folder (``KHABAR_DOCCANO_DIR``,
default ``annotation/.doccano/``, git-ignored), whichever server the project
is on, so that push and pull find it without being told where a server keeps
its own state; a pull also reads the table in the state folder it is given
(``--dir``), where a push run with that folder as its default wrote it::

    sidecar/project-<id>-<created>/batch-<time>-<n>.jsonl

one folder per project, named by the project's id and its creation time on
the server (ids restart when a server's database is made anew; the pair does
not). Each push batch writes one new file, atomically (temporary file, then
rename), before the batch is imported, so a push killed at any point leaves
either a complete file or none; entries are keyed by khabar id and a later
file wins. Nothing is ever rewritten, so a re-push keeps the entries of the
articles it skips.

Records of examples pushed before the side table existed still carry the two
keys in their metadata; those are kept as they are. An exported record with no
entry anywhere (a project filled by another machine, or by hand) is converted
from doccano's flattened metadata, as before, with its quote types guessed
from the quotation marks.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterable
from os import PathLike
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..io import read_jsonl, write_jsonl
from .client import Session
from .convert import ID_KEY, RECORD_KEY, SUGGESTED_KEY, TYPES_KEY

__all__ = ["PRIVATE_KEYS", "SideTable"]

#: Record keys that go to the side table instead of doccano.
PRIVATE_KEYS: tuple[str, ...] = (RECORD_KEY, TYPES_KEY, SUGGESTED_KEY)
_FOLDER = "sidecar"


def _root(folder: str | PathLike[str] | None) -> Path:
    from .server import default_state_dir

    return Path(folder).resolve() if folder is not None else default_state_dir() / _FOLDER


def _private_folder(folder: Path) -> None:
    """Create ``folder`` and its parent (the ``sidecar`` root) 0700: the entries hold unreleased articles' metadata,
    and a state folder's files are all private (:mod:`.server`)."""
    for path in (folder.parent, folder):
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(path, 0o700)


class SideTable:
    """The side entries of one doccano project (``khabar id -> {private key: value}``)."""

    def __init__(self, folder: str | PathLike[str], also_read: Iterable[str | PathLike[str]] = ()) -> None:
        self.folder = Path(folder)
        self.also_read = [Path(f) for f in also_read if Path(f).resolve() != self.folder.resolve()]
        self._entries: dict[str, dict[str, Any]] | None = None

    @classmethod
    def for_project(cls, session: Session, project_id: int, root: str | PathLike[str] | None = None, *,
                    state_dir: str | PathLike[str] | None = None) -> SideTable:
        """The side table of a project on the session's server, under ``root`` (default: ``<state folder>/sidecar``).

        Entries are also read from ``<state_dir>/sidecar`` when ``state_dir`` is given.
        """
        created = str(session.get(f"projects/{project_id}").get("created_at") or "")
        stamp = re.sub(r"[^0-9A-Za-z]", "", created) or "unknown"
        name = f"project-{project_id}-{stamp}"
        extra = [Path(state_dir).resolve() / _FOLDER / name] if state_dir is not None else []
        return cls(_root(root) / name, extra)

    def entries(self) -> dict[str, dict[str, Any]]:
        """Every entry, read once: ``khabar id -> private fields``; later batch files win."""
        if self._entries is None:
            found: dict[str, dict[str, Any]] = {}
            # Within a folder later batch files win; the folder written to wins over the others.
            paths = [p for folder in (*self.also_read, self.folder) for p in sorted(folder.glob("batch-*.jsonl"))]
            for path in paths:
                for line, entry in read_jsonl(path):
                    kid = entry.get(ID_KEY)
                    if not isinstance(kid, str) or not kid:
                        raise InputError("E351", "a side-table entry needs a khabar id", path=path, line=line,
                                         field=ID_KEY)
                    bad = next((k for k in PRIVATE_KEYS if k in entry and not isinstance(entry[k], str)), None)
                    if bad is not None:
                        raise InputError("E352", f"expected a JSON string, found {type(entry[bad]).__name__}",
                                         path=path, line=line, field=bad, doc_id=kid)
                    found[kid] = {k: entry[k] for k in PRIVATE_KEYS if k in entry}
            self._entries = found
        return self._entries

    def stash(self, records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        """Write the private fields of import records to a new batch file; return the records without them.

        The file is complete on disk before the caller imports anything, so an
        article in doccano always has its entry.
        """
        shown: list[dict[str, Any]] = []
        hidden: list[dict[str, Any]] = []
        for record in records:
            private = {k: record[k] for k in PRIVATE_KEYS if k in record}
            if private:
                hidden.append({ID_KEY: str(record[ID_KEY]), **private})
            shown.append({k: v for k, v in record.items() if k not in PRIVATE_KEYS})
        self.record(hidden)
        return shown

    def record(self, entries: Iterable[dict[str, Any]]) -> int:
        """Write whole side entries (``{khabar id key: id, private key: value...}``) to a new batch file, which
        wins over earlier ones; return how many. An entry replaces the id's earlier one as a whole, so a
        caller changing one field passes the others along."""
        rows = [{ID_KEY: str(e[ID_KEY]), **{k: e[k] for k in PRIVATE_KEYS if k in e}} for e in entries]
        if not rows:
            return 0
        # Time first so that files sort in the order they were written; pid and a counter keep names unique.
        name = f"batch-{time.time_ns():020d}-{os.getpid()}-{len(list(self.folder.glob('batch-*')))}.jsonl"
        _private_folder(self.folder)
        write_jsonl(self.folder / name, rows)
        os.chmod(self.folder / name, 0o600)
        if self._entries is not None:
            for row in rows:
                self._entries[row[ID_KEY]] = {k: row[k] for k in PRIVATE_KEYS if k in row}
        return len(rows)

    def restore(self, record: dict[str, Any]) -> dict[str, Any]:
        """An exported record with its private fields back (fields doccano still holds are kept)."""
        kid = record.get(ID_KEY)
        if isinstance(kid, float) and kid.is_integer():
            kid = int(kid)  # doccano's export turns numeric-looking metadata into floats
        entry = self.entries().get(str(kid)) if kid is not None else None
        if not entry:
            return record
        return {**entry, **{k: v for k, v in record.items() if not (k in PRIVATE_KEYS and v is None)}}
