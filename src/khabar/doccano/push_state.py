"""What a push keeps in the state folder: a lock per project and a journal of the batches khabar verified.

The **lock** (``pushes/<server>-project-<id>.lock``, ``flock``) makes pushes to one
project take turns: a second push waits for the first (up to a timeout) and
then finds its articles there, so two pushes at once never import an article
twice. ``khabar doccano refresh`` takes the same lock. The kernel releases it
when the holder dies, however it dies; the server job process it started may
outlive it, so the jobs that write a push's batches, hand its labels over,
delete the examples it repairs, drop its pending uploads and write a refresh's
suggestions write nothing once the process that asked is gone
(:mod:`.django_jobs.jobs`).

The **journal** (``pushes/<server>-project-<id>.journal``, JSON lines, appended
and fsynced) is the commit record of the per-batch transaction: a batch's ids
are written only once khabar has counted, in the database or through the API,
that every example of the batch is there once with every label of every
annotator. An article in the project but not in the journal was caught by a
crash between its import and that check, so the next push checks it and
repairs it; one in the journal is left alone (annotators may have changed its
labels since). The journal also remembers each upload before its import task
is started, so a later push can cancel an import a dead worker never ran.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from ..errors import ConfigError, InputError
from ..io import parse_json_object

__all__ = ["PushJournal", "project_lock", "push_state_stem"]


def push_state_stem(state_dir: Path, url: str, project_id: int, created_at: str = "") -> Path:
    """Where one project's lock and journal live.

    Project ids are per database, so the server's URL and the project's creation time are part of the
    name (hashed): a new server on the same port, or a project made again, starts a journal of its own.
    """
    state_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    folder = state_dir / "pushes"
    folder.mkdir(exist_ok=True, mode=0o700)
    server = hashlib.sha256(f"{url.rstrip('/')} {created_at}".encode()).hexdigest()[:12]
    return folder / f"{server}-project-{project_id}"


def _open_private(path: Path, flags: int) -> IO[str]:
    fd = os.open(path, flags | os.O_CREAT, 0o600)
    return os.fdopen(fd, "r+" if flags & os.O_RDWR else "a", encoding="utf-8")


@contextlib.contextmanager
def project_lock(stem: Path, project: str, timeout: float | None) -> Iterator[None]:
    """Hold the project's push lock for the block; wait up to ``timeout`` seconds (None: as long as it takes).

    Raises :class:`ConfigError` E381 naming the holder's pid when the wait runs out.
    """
    path = stem.with_suffix(".lock")
    with _open_private(path, os.O_RDWR) as handle:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
            if deadline is not None and time.monotonic() >= deadline:
                handle.seek(0)
                holder = handle.read().strip() or "unknown"
                # Refresh takes the same lock: a push kept waiting by a refresh is not told of a push.
                raise ConfigError("E381", f"another push or refresh of project {project!r} is running (pid {holder}) "
                                  f"and did not finish within {timeout:.0f} s; try again when it has", path=path)
            time.sleep(0.2)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


class PushJournal:
    """The verified khabar ids of one project, and the uploads whose import may not have run."""

    def __init__(self, stem: Path) -> None:
        self.path = stem.with_suffix(".journal")
        self.verified: set[str] = set()
        self.pending_uploads: set[str] = set()
        if self.path.exists():
            self._load()

    def _load(self) -> None:
        """Read the journal; a damaged line is E308, except the last one when a crash cut it short.

        Read as empty, a damaged journal would make the next push count every article of the project again and
        delete and import again those whose labels annotators have changed since: their work would be lost. A
        push appends one fsynced line at a time, so only the last line can be cut short, and then it lacks its
        line feed: it is dropped from the file (its batch is checked again), or, when it is whole but for its
        line feed, ended, so that the next append does not continue it into a line nobody can read.
        """
        data = self.path.read_bytes()
        *lines, tail = data.split(b"\n")
        for number, raw in enumerate(lines, start=1):
            if not raw.strip():
                continue
            try:
                entry = parse_json_object(raw, self.path, number)
            except InputError as error:
                raise self._damaged(error.message, number) from None
            self._apply(entry, number)
        if not tail.strip():
            return
        try:
            entry = parse_json_object(tail, self.path, len(lines) + 1)
        except InputError:
            os.truncate(self.path, len(data) - len(tail))
            return
        self._apply(entry, len(lines) + 1)
        with _open_private(self.path, os.O_WRONLY | os.O_APPEND) as handle:
            handle.write("\n")

    def _apply(self, entry: dict[str, Any], line: int) -> None:
        verified, upload, imported = entry.get("verified"), entry.get("upload"), entry.get("imported")
        if verified is not None and not (isinstance(verified, list) and all(isinstance(i, str) for i in verified)):
            raise self._damaged("verified must be a list of khabar ids", line, "verified")
        for key, value in (("upload", upload), ("imported", imported)):
            if value is not None and not isinstance(value, str):
                raise self._damaged(f"{key} must be an upload id (a string)", line, key)
        self.verified.update(verified or ())
        if upload is not None:
            self.pending_uploads.add(upload)
        if imported is not None:
            self.pending_uploads.discard(imported)

    def _damaged(self, reason: str, line: int, field: str | None = None) -> ConfigError:
        return ConfigError("E308", f"the push journal is damaged ({reason}): restore it from a backup; deleted, the "
                           "next push would count every article of the project again and delete and import again "
                           "those whose labels annotators changed", path=self.path, line=line, field=field)

    def _append(self, entry: dict) -> None:
        with _open_private(self.path, os.O_WRONLY | os.O_APPEND) as handle:
            handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
            handle.flush()
            os.fsync(handle.fileno())

    def upload_started(self, upload_id: str) -> None:
        """Record an upload before its import task is started."""
        self.pending_uploads.add(upload_id)
        self._append({"upload": upload_id})

    def upload_imported(self, upload_id: str) -> None:
        """Record that an upload's import task finished."""
        self.pending_uploads.discard(upload_id)
        self._append({"imported": upload_id})

    def uploads_settled(self, upload_ids: Iterable[str]) -> None:
        """Forget uploads whose import tasks can no longer run (their files were dropped)."""
        ids = sorted(set(upload_ids))
        for upload_id in ids:
            self.upload_imported(upload_id)

    def commit(self, ids: Iterable[str]) -> None:
        """Record a verified batch: its articles are complete on the server."""
        batch = sorted(set(ids))
        if batch:
            self.verified.update(batch)
            self._append({"verified": batch})
