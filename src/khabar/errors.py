"""Errors with a number, a place and an explanation.

Modelled on spaCy's numbered errors: every message khabar raises for bad input
says which file, which line and which field, so that the person reading it can
go straight there. Codes are grouped by module:

====  ==========================
E0xx  files and JSON in general
E1xx  corpus import
E2xx  gold format
E3xx  doccano bridge
E4xx  extractors
E5xx  evaluation
E6xx  agreement and adjudication
E7xx  statistics and pictures
====  ==========================
"""

from __future__ import annotations

from os import PathLike
from pathlib import Path


class KhabarError(Exception):
    """Base class of every error khabar raises on purpose."""

    def __init__(
        self,
        code: str,
        message: str,
        *,
        path: str | PathLike[str] | None = None,
        line: int | None = None,
        field: str | None = None,
        doc_id: str | None = None,
    ) -> None:
        self.code = code
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        self.field = field
        self.doc_id = doc_id
        super().__init__(str(self))

    @property
    def where(self) -> str:
        """``file:line`` (or whatever part of it is known), then the document and field."""
        parts: list[str] = []
        if self.path is not None:
            parts.append(f"{self.path}:{self.line}" if self.line is not None else str(self.path))
        elif self.line is not None:
            parts.append(f"line {self.line}")
        if self.doc_id is not None:
            parts.append(f"document {self.doc_id!r}")
        if self.field is not None:
            parts.append(f"field {self.field!r}")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.where
        return f"[{self.code}] {where}: {self.message}" if where else f"[{self.code}] {self.message}"


class InputError(KhabarError, ValueError):
    """The input is malformed: a broken line, a missing field, an offset out of range."""


class ConfigError(KhabarError, RuntimeError):
    """Something khabar needs is missing or misconfigured (a data package, a server, a password)."""
