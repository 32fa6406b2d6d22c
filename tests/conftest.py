"""Fixtures shared by every test: where the shared real data lives."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
# Real corpora and gold files are read in place, never copied into the repository.
SHARED_DATA = Path(os.environ.get("KHABAR_SHARED_DATA", REPO_ROOT.parent / "shared" / "data")).resolve()


@pytest.fixture(autouse=True)
def _no_default_clusters_corpus(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """No test learns word clusters from a whole corpus by accident, nor reads the clusters a user cached.

    With nothing cached, `khabar train entities` learns clusters from the SaudiNewsNet it finds (minutes);
    tests of that default set ``KHABAR_CLUSTERS_CORPUS`` to a small corpus of their own. The cache is an
    empty folder of the test session: clusters in ``~/.cache/khabar`` (a benchmark's, a user's) would
    change what the default recogniser and `refresh` train.
    """
    monkeypatch.setenv("KHABAR_CLUSTERS_CORPUS", "")
    monkeypatch.setenv("KHABAR_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "khabar-cache"))


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not (SHARED_DATA / "README.md").exists():
        pytest.fail(f"the shared data folder is missing: {SHARED_DATA} (set KHABAR_SHARED_DATA)")
    return SHARED_DATA


@pytest.fixture(scope="session")
def dev_gold_path(shared_data: Path) -> Path:
    return shared_data / "quotes" / "dev_gold.jsonl"


@pytest.fixture(scope="session")
def jawharafm_gold_path(shared_data: Path) -> Path:
    return shared_data / "quotes" / "jawharafm_gold.jsonl"


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


@pytest.fixture(scope="session")
def postgresql_bin() -> Path:
    """The folder of Debian's PostgreSQL server programs (initdb, pg_ctl), installed on first use."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    if not found:
        _install_debian_packages(("postgresql",), Path("/usr/lib/postgresql"))
        found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    assert found, "installing postgresql gave no pg_ctl"
    return found[-1].parent


@pytest.fixture
def train_and_extract_cli(anercorp_path: Path, dev_gold_path: Path, tmp_path: Path):  # noqa: ANN201 - returns a function
    """Run `khabar train entities` on the first lines of ANERcorp, then `khabar extract entities` on the dev gold.

    The returned function takes the number of CoNLL lines, the model file name and the extra training
    options; it gives the training summary, the predicted documents and the gold documents, and checks
    what every recogniser must keep: the documents, in order, with their quotes.
    """
    from typer.testing import CliRunner

    from khabar.cli import app
    from khabar.gold import read_documents

    def run(lines: int, model_name: str, options: list[str]) -> tuple[dict, list, list, Path]:
        import json

        conll = tmp_path / "slice.txt"
        conll.write_text("\n".join(anercorp_path.read_text(encoding="utf-8").splitlines()[:lines]) + "\n", encoding="utf-8")
        model = tmp_path / model_name
        runner = CliRunner()
        result = runner.invoke(app, ["train", "entities", str(conll), "--out", str(model), "--json", *options])
        assert result.exit_code == 0, result.output
        summary = json.loads(result.stdout)
        assert Path(summary["model"]) == model and model.exists()
        out = tmp_path / "pred.jsonl"
        result = runner.invoke(app, ["extract", "entities", str(dev_gold_path), "--model", str(model), "--out", str(out), "--json"])
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["documents"] == 21
        predicted, gold = list(read_documents(out)), list(read_documents(dev_gold_path))
        assert [d.id for d in predicted] == [d.id for d in gold]
        assert [d.quotes for d in predicted] == [d.quotes for d in gold]
        return summary, predicted, gold, model

    return run
