"""Writing a whole output folder at once: built beside its place, then renamed into it."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from os import PathLike
from pathlib import Path

from ...errors import InputError
from ...io import new_file_mode

__all__ = ["atomic_folder"]


@contextmanager
def atomic_folder(out: str | PathLike[str], *, marker: str) -> Iterator[Path]:
    """A temporary folder beside ``out`` to fill; on success it replaces ``out``, on failure it is removed.

    ``out`` may be missing, empty, or an earlier export of the same kind (it holds
    ``marker``); any other folder is refused with E260, so that an export never
    deletes files it did not write.
    """
    target = Path(out)
    if target.exists() and not target.is_dir():
        raise InputError("E260", "the output must be a folder, and this is a file", path=target)
    if target.is_dir() and any(target.iterdir()) and not (target / marker).exists():
        raise InputError("E260", f"the output folder holds other files (no {marker}): choose a new or empty folder",
                         path=target)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    os.chmod(work, new_file_mode(target, folder=True))  # mkdtemp makes it 0700
    try:
        yield work
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
        os.replace(target, old / "folder")
    os.replace(work, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
