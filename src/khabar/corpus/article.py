"""The corpus record: :class:`Article`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..gold.model import Document

#: The order of fields in a corpus JSON line (and the columns of a Parquet corpus).
ARTICLE_FIELDS: tuple[str, ...] = ("id", "text", "title", "source", "url", "date", "author", "meta")


@dataclass(slots=True)
class Article:
    """One imported news article. ``meta`` holds every input field khabar has no slot for."""

    id: str
    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    date: str | None = None  # ISO 8601 where the input's date could be parsed, else as given
    author: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The article as a corpus record, its keys in :data:`ARTICLE_FIELDS` order."""
        # Spelled out rather than a loop over ARTICLE_FIELDS: it runs once per article written.
        return {"id": self.id, "text": self.text, "title": self.title, "source": self.source, "url": self.url,
                "date": self.date, "author": self.author, "meta": self.meta}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        return cls(**{name: data.get(name) for name in ARTICLE_FIELDS if name != "meta"}, meta=dict(data.get("meta") or {}))

    def to_document(self) -> Document:
        """The article as a gold document with no annotations; title, source, ... go into ``meta``."""
        meta = {k: v for k, v in (("title", self.title), ("source", self.source), ("url", self.url),
                                   ("date", self.date), ("author", self.author)) if v is not None}
        meta.update(self.meta)
        return Document(self.id, self.text, meta)
