"""Per-source figures only where a source has enough articles to mean something.

A ratio such as the type-token ratio falls as a text grows, so a source with
one short article tops any ranking by it; figures per source are therefore
shown only for sources with at least a minimum number of articles.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["sources_with_articles"]


def sources_with_articles(by_source: Mapping[str, Mapping[str, Any]], minimum: int) -> dict[str, Mapping[str, Any]]:
    """The rows of a stats report's ``by_source`` whose ``articles`` count is at least ``minimum``, order kept."""
    return {name: row for name, row in by_source.items() if row.get("articles", 0) >= minimum}
