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


def _install_debian_packages(packages: tuple[str, ...], provides: Path) -> None:
    """Install Debian packages a test needs when ``provides`` is missing: the tests install what they need."""
    import shutil
    import subprocess

    if provides.exists():
        return
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        pytest.fail(f"this test needs {provides}: apt-get install -y {' '.join(packages)}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, capture_output=True)
    subprocess.run(["apt-get", "install", "-y", "-qq", *packages], check=True, env=env, capture_output=True)
    assert provides.exists(), f"installing {packages} did not provide {provides}"


@pytest.fixture(scope="session")
def hunspell_arabic() -> Path:
    """Debian's Arabic Hunspell dictionary (hunspell-ar), installed on first use."""
    dictionary = Path("/usr/share/hunspell/ar.dic")
    _install_debian_packages(("hunspell-ar",), dictionary)
    return dictionary
