"""Fixtures shared by every test: where the shared real data lives."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
# Real corpora and gold files are read in place, never copied into the repository.
SHARED_DATA = Path(os.environ.get("KHABAR_SHARED_DATA", REPO_ROOT.parent / "shared" / "data")).resolve()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not (SHARED_DATA / "README.md").exists():
        pytest.fail(f"the shared data folder is missing: {SHARED_DATA} (set KHABAR_SHARED_DATA)")
    return SHARED_DATA


@pytest.fixture(scope="session")
def dev_gold_path(shared_data: Path) -> Path:
    return shared_data / "quotes" / "dev_gold.jsonl"


@pytest.fixture(scope="session")
def saudinewsnet_dir(shared_data: Path) -> Path:
    return shared_data / "saudinewsnet"


@pytest.fixture(scope="session")
def anercorp_path(shared_data: Path) -> Path:
    return shared_data / "anercorp" / "ANERCorp.train.txt"


@pytest.fixture(scope="session")
def seed_path(shared_data: Path) -> Path:
    return next((shared_data / "seed").glob("*.txt"))
