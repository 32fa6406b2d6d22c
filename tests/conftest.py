"""Fixtures shared by every test: where the shared real data lives, and where khabar's state may go."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
# Real corpora and gold files are read in place, never copied into the repository.
SHARED_DATA = Path(os.environ.get("KHABAR_SHARED_DATA", REPO_ROOT.parent / "shared" / "data")).resolve()
#: What a server running from a state folder changes by itself (``make demo`` may run one during the tests):
#: its database, logs, media, uploads, pid files and ``up`` lock. Everything else there is khabar's.
_SERVER_OWN = frozenset({"db.sqlite3", "db.sqlite3-wal", "db.sqlite3-shm", "db.sqlite3-journal", "logs", "media",
                         "tmp", "gunicorn.pid", "celery.pid", "up.lock"})


def _state_snapshot(folder: Path) -> dict[str, tuple[int, int] | None]:
    """Every entry of a state folder but the server's own: a file with its mtime and size, a folder as None."""
    found: dict[str, tuple[int, int] | None] = {".": None} if folder.is_dir() else {}
    for root, dirs, files in os.walk(folder):
        here = Path(root).relative_to(folder)
        if here == Path("."):
            dirs[:] = [d for d in dirs if d not in _SERVER_OWN]
            files = [f for f in files if f not in _SERVER_OWN]
        found.update({f"{here / d}/": None for d in dirs})
        for name in files:
            with contextlib.suppress(FileNotFoundError):
                stat = os.lstat(Path(root, name))
                found[str(here / name)] = (stat.st_mtime_ns, stat.st_size)
    return found


@pytest.fixture(scope="session", autouse=True)
def _no_test_writes_the_users_doccano_state(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Every test runs with ``KHABAR_DOCCANO_DIR`` set to a folder of the test session, unless it sets its own.

    khabar's default state folder is the checkout's ``annotation/.doccano/``, a user's (``make demo`` runs its
    server from there), and a push writes its side table there whichever server it pushes to. At the end of
    the session the test run fails if anything khabar keeps there changed (side tables, push journals and
    locks, campaigns, refresh logs, credentials): in this checkout's folder, in that of the khabar the tests
    import, or in the folder ``KHABAR_DOCCANO_DIR`` named when the session started.
    """
    from khabar.doccano.server import default_state_dir, repo_root

    guarded = sorted({REPO_ROOT / "annotation" / ".doccano", repo_root() / "annotation" / ".doccano",
                      default_state_dir()})
    before = {folder: _state_snapshot(folder) for folder in guarded}
    own = tmp_path_factory.mktemp("doccano-default-state")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KHABAR_DOCCANO_DIR", str(own))
        yield
    for folder in guarded:
        then, now = before[folder], _state_snapshot(folder)
        changed = sorted(k for k in then.keys() | now.keys() if then.get(k, "gone") != now.get(k, "gone"))
        if changed:
            shown = ", ".join(changed[:10]) + (f" and {len(changed) - 10} more" if len(changed) > 10 else "")
            pytest.fail(f"a test wrote into the doccano state folder {folder}, a user's: {shown}. Tests keep to "
                        f"the session's KHABAR_DOCCANO_DIR ({own}) or a state_dir of their own", pytrace=False)


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


@pytest.fixture
def gigaword_story() -> str:
    """One Arabic Gigaword record as LDC ships it (the id and type in the <DOC> tag, hard-wrapped <P> paragraphs):
    the indirect quote of its first paragraph is wrapped across two lines."""
    return """<DOC id="AFP_ARB_20010101.0001" type="story" >
<HEADLINE>
الرئيس يلتقي الوزير
</HEADLINE>
<DATELINE>
القاهرة 1-1 (اف ب)
</DATELINE>
<TEXT>
<P>
قال وزير الخارجية المصري عمرو موسى اليوم ان مصر ستشارك
في المؤتمر الدولي حول السلام في الشرق الاوسط.
</P>
<P>
واضاف موسى ان "الوضع صعب".
</P>
</TEXT>
</DOC>
"""


@contextlib.contextmanager
def fifo(folder: Path, data: bytes, name: str = "pipe") -> Iterator[Path]:
    """A named pipe that a thread fills with ``data`` (once: a second read would find nothing)."""
    path = folder / name
    os.mkfifo(path)

    def write() -> None:
        with open(path, "wb") as handle:
            handle.write(data)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    try:
        yield path
    finally:
        if writer.is_alive():  # the command failed before opening the pipe: let the writer finish
            with contextlib.suppress(OSError), open(path, "rb") as handle:
                handle.read()
        writer.join(5)
        path.unlink()
