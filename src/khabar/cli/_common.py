"""Helpers shared by the CLI modules."""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console

#: Human-readable output goes to stderr, so that ``--json`` output on stdout stays parseable.
console = Console(stderr=True)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
