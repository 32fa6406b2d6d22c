"""khabar.stats.sources: per-source figures only for sources with enough articles."""

from __future__ import annotations

from pathlib import Path

from khabar.stats import compute_stats
from khabar.stats.sources import sources_with_articles


def test_sources_with_fewer_articles_are_left_out() -> None:
    by_source = {"okaz": {"articles": 120, "type_token_ratio": 0.2}, "seed": {"articles": 1, "type_token_ratio": 0.7},
                 "sabq": {"articles": 30, "type_token_ratio": 0.3}}
    assert list(sources_with_articles(by_source, 30)) == ["okaz", "sabq"]
    assert list(sources_with_articles(by_source, 1)) == ["okaz", "seed", "sabq"]
    assert sources_with_articles(by_source, 121) == {}


def test_on_a_real_report(dev_gold_path: Path) -> None:
    by_source = compute_stats(dev_gold_path, scheduler="synchronous")["by_source"]
    counts = sorted(row["articles"] for row in by_source.values())
    kept = sources_with_articles(by_source, counts[-1])
    assert kept and all(row["articles"] == counts[-1] for row in kept.values())
