"""Streaming JSON-lines reading and all-or-nothing writing.

Every file khabar writes goes through :func:`atomic_write`: the data lands in a
temporary file next to the target, and is renamed over it only when everything
was written. A crash or a bad record half-way leaves the old file (or no file),
never half of one.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from os import PathLike
from pathlib import Path
from typing import IO, Any

from .errors import ConfigError, InputError

__all__ = ["atomic_write", "open_text", "read_jsonl", "write_jsonl", "dumps", "sha256_of", "read_json_file"]


def dumps(record: Any) -> str:
    """One compact JSON line, Arabic kept readable (no ``\\uXXXX`` escapes)."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


@contextlib.contextmanager
def atomic_write(
    path: str | PathLike[str], mode: str = "w", *, encoding: str | None = "utf-8"
) -> Iterator[IO[Any]]:
    """Open a temporary file beside ``path``; rename it onto ``path`` only on success."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    binary = "b" in mode
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, mode, encoding=None if binary else encoding, newline=None if binary else "\n") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise


def open_text(path: str | PathLike[str]) -> IO[str]:
    """Open a UTF-8 text file for reading, gunzipping ``*.gz`` transparently."""
    p = Path(path)
    if p.suffix == ".gz":
        return gzip.open(p, "rt", encoding="utf-8")
    return open(p, encoding="utf-8")


def read_jsonl(path: str | PathLike[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(line_number, object)`` for each non-blank line of a JSON-lines file.

    Lines are numbered from 1, as editors number them. A line that is not a JSON
    object raises :class:`InputError` naming the file and line.
    """
    with open_text(path) as handle:
        try:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(
                        "E001", f"not valid JSON ({exc.msg} at column {exc.colno})", path=path, line=number
                    ) from None
                if not isinstance(record, dict):
                    raise InputError(
                        "E002", f"expected a JSON object, found {type(record).__name__}", path=path, line=number
                    )
                yield number, record
        except UnicodeDecodeError as exc:
            raise InputError("E003", f"not UTF-8 ({exc.reason} at byte {exc.start})", path=path) from None


def write_jsonl(path: str | PathLike[str], records: Iterable[dict[str, Any]]) -> int:
    """Write records as JSON lines, atomically; return how many were written."""
    count = 0
    with atomic_write(path) as handle:
        for record in records:
            handle.write(dumps(record))
            handle.write("\n")
            count += 1
    return count


def sha256_of(path: str | PathLike[str]) -> str:
    """The hex SHA-256 of a file's bytes, read in blocks (manifests, downloads, releases)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_json_file(
    path: str | PathLike[str], *, missing: tuple[str, str], invalid: tuple[str, str]
) -> Any:
    """Parse a whole JSON file (a configuration or data file shipped with khabar or given by a user).

    ``missing`` and ``invalid`` are ``(code, message)`` pairs for the caller's own
    numbered errors; the invalid message gets the parser's reason appended, and
    the error names the line where parsing failed.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(missing[0], missing[1], path=path) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(invalid[0], f"{invalid[1]} ({exc.msg})", path=path, line=exc.lineno) from None


def save_torch(path: str | PathLike[str], payload: dict[str, Any]) -> Path:
    """Write ``payload`` with :func:`torch.save`, all or nothing (a temporary file, then a rename)."""
    import torch

    target = Path(path)
    with atomic_write(target, "wb") as handle:
        torch.save(payload, handle)
    return target


def load_torch(path: Path, *, expected_format: str, code: str, what: str) -> dict[str, Any]:
    """Read a dict written by :func:`save_torch` whose ``format`` is ``expected_format``.

    ``weights_only=True``: tensors and plain containers only, so loading runs
    no pickled code. Anything else raises :class:`InputError` ``code`` naming
    the file and saying it is not ``what``.
    """
    import torch

    try:
        payload = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:  # noqa: BLE001 - on arbitrary bytes torch.load raises whatever its unpickler hits
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(code, f"not {what}: {reason[:200]}", path=path) from None
    if not isinstance(payload, dict) or payload.get("format") != expected_format:
        found = payload.get("format") if isinstance(payload, dict) else type(payload).__name__
        raise InputError(code, f"not {what} (format {found!r}, expected {expected_format!r})", path=path)
    return payload
