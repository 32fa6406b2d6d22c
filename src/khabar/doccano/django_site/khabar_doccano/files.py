"""File pruning shared by the worker's housekeeping and by ``khabar doccano up`` (standard library only).

Both environments import it: the server's (as ``khabar_doccano.files``) and the
toolkit's (as ``khabar.doccano.django_site.khabar_doccano.files``).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import time

_EXPORT_FOLDER = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def prune_exports(media_root: str | os.PathLike[str], max_age: float, keep: str | None = None) -> list[str]:
    """Delete export zips (and export folders a killed task left) in ``media_root`` older than ``max_age`` s.

    doccano writes each export to ``media/<uuid>/``, zips it to
    ``media/<uuid>.zip`` and removes the folder; ``keep`` (the zip an export
    just made) is never deleted. Returns the paths removed.
    """
    removed: list[str] = []
    cutoff = time.time() - max_age
    keep_path = os.path.realpath(keep) if keep else None
    with contextlib.suppress(FileNotFoundError):
        for entry in os.scandir(media_root):
            try:
                old = entry.stat(follow_symlinks=False).st_mtime < cutoff
            except OSError:
                continue
            if not old or os.path.realpath(entry.path) == keep_path:
                continue
            stem = entry.name.removesuffix(".zip")
            if not _EXPORT_FOLDER.match(stem):
                continue
            if entry.is_file(follow_symlinks=False) and entry.name.endswith(".zip"):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
                    removed.append(entry.path)
            elif entry.is_dir(follow_symlinks=False) and stem == entry.name:
                shutil.rmtree(entry.path, ignore_errors=True)
                removed.append(entry.path)
    return removed


def empty_folder(folder: str | os.PathLike[str]) -> int:
    """Delete everything inside ``folder`` (not the folder itself); return how many entries went."""
    count = 0
    with contextlib.suppress(FileNotFoundError):
        for entry in os.scandir(folder):
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
            count += 1
    return count


def make_private(root: str | os.PathLike[str]) -> int:
    """Every file under ``root`` 0600 and every folder 0700 (``root`` too); return how many modes changed."""
    changed = 0
    for folder, dirs, files in os.walk(root):
        for path, mode in [(folder, 0o700)] + [(os.path.join(folder, f), 0o600) for f in files]:
            with contextlib.suppress(OSError):
                st = os.lstat(path)
                if not os.path.islink(path) and (st.st_mode & 0o777) != mode:
                    os.chmod(path, mode)
                    changed += 1
    return changed
