"""The human-readable summary of an import (``khabar corpus import`` prints it; ``--json`` has every figure).

Warnings are summarised by reason with their error code and count, and the first
one of each kind, so that a large import does not bury the summary under a
list of warnings (``khabar corpus import --verbose`` prints them as they come).
"""

from __future__ import annotations

import re
from typing import Any

from .cleaning import STEPS
from .importer import ImportSummary

__all__ = ["render_summary", "warning_rows", "SKIPPED_FILES"]

_CODE = re.compile(r"\[(E\d+)\]")
#: What the summary calls the files passed over for each reason of :attr:`ImportSummary.skipped_files`.
SKIPPED_FILES: dict[str, str] = {"ace_annotation": "ACE annotation files beside their .sgm"}


def warning_rows(summary: ImportSummary) -> list[tuple[str, str, int, str]]:
    """``(code, reason, count, first message)`` per kind of warning, most frequent first, ties by reason.

    ``code`` is the error code the first message names (``""`` for notices such as
    a file decoded as Windows-1256, which carry none).
    """
    rows = []
    for reason, count in summary.warning_counts.items():
        first = summary.first_warnings.get(reason, "")
        match = _CODE.search(first)
        rows.append((match.group(1) if match else "", reason, count, first))
    rows.sort(key=lambda row: (-row[2], row[1]))
    return rows


def render_summary(summary: ImportSummary, *, verbose: bool = False) -> Any:
    """A rich renderable of ``summary``: what was skipped, written, cleaned, deduplicated, repaired, and warned about."""
    from rich.console import Group
    from rich.text import Text

    lines: list[str] = [f"skipped {count:,} ({reason})" for reason, count in sorted(summary.skipped.items())]
    lines += [f"skipped {count:,} {SKIPPED_FILES.get(reason, f'files ({reason})')}"
              for reason, count in sorted(summary.skipped_files.items())]
    cleaning = ", ".join(f"{step} {summary.cleaning[step]:,}" for step in STEPS if summary.cleaning[step]) or "nothing"
    verb = "cleaned" if summary.cleaned else "would clean (use --clean)"
    lines.append(f"{summary.articles:,} articles -> {summary.out}")
    lines.append(f"{verb}: {cleaning}")
    lines.append(f"duplicates: {summary.exact_duplicates:,} exact, {summary.near_duplicates:,} near, "
                 f"{summary.duplicates_dropped:,} dropped")
    if summary.joined_found:
        lines.append(f"run-together words: {summary.joined_found:,} found, {summary.repaired_joined:,} repaired; e.g. "
                     + ", ".join(f"{t} -> {r}" for (t, r), _ in summary.joined_examples.most_common(5)))
    rows = warning_rows(summary)
    if rows:
        total = sum(count for _, _, count, _ in rows)
        hint = "" if verbose else " (--verbose lists them as they come; --json keeps the first few of each)"
        lines.append(f"warnings: {total:,} of {len(rows)} kind(s){hint}")
        width = max(len(reason) for _, reason, _, _ in rows)
        for code, reason, count, first in rows:
            lines.append(f"  {code or '-':5} {reason:{width}} {count:>9,}  first: {first}")
    return Group(*(Text(line) for line in lines))
