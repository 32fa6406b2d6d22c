"""`fetch_saudinewsnet` against a local HTTP server serving the real release zips."""

from __future__ import annotations

import functools
import json
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from khabar.corpus.fetch import SAUDINEWSNET_SHA256, fetch_saudinewsnet, sha256_of
from khabar.errors import ConfigError, InputError


@pytest.fixture(scope="module")
def mirror(saudinewsnet_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An HTTP server on 127.0.0.1: /good/<date>.zip are the shared zips, /bad/<date>.zip a tampered copy."""
    root = tmp_path_factory.mktemp("mirror")
    (root / "good").symlink_to(saudinewsnet_dir)
    (root / "bad").mkdir()
    data = bytearray((saudinewsnet_dir / "2015-07-25.zip").read_bytes())
    data[1000] ^= 0xFF
    (root / "bad" / "2015-07-25.zip").write_bytes(bytes(data))
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    _ROOTS[url] = saudinewsnet_dir
    yield url
    server.shutdown()
    server.server_close()


_ROOTS: dict[str, Path] = {}


def mirror_dir(url: str) -> Path:
    """The folder the mirror at ``url`` serves as /good/."""
    return _ROOTS[url]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def test_known_sums_are_those_of_the_release(saudinewsnet_dir: Path) -> None:
    zips = sorted(saudinewsnet_dir.glob("*.zip"))
    assert [p.stem for p in zips] == list(SAUDINEWSNET_SHA256)
    assert sha256_of(zips[0]) == SAUDINEWSNET_SHA256[zips[0].stem]


def test_download_checks_and_skips_present(mirror: str, tmp_path: Path, saudinewsnet_dir: Path) -> None:
    dates = ["2015-07-25", "2015-08-11"]
    got = fetch_saudinewsnet(tmp_path, url=mirror + "/good/{date}.zip", dates=dates)
    assert [(f.path.name, f.status) for f in got] == [("2015-07-25.zip", "downloaded"), ("2015-08-11.zip", "downloaded")]
    assert (tmp_path / "2015-07-25.zip").read_bytes() == (saudinewsnet_dir / "2015-07-25.zip").read_bytes()
    again = fetch_saudinewsnet(tmp_path, url=mirror + "/good/{date}.zip", dates=dates)
    assert [f.status for f in again] == ["present", "present"]


def test_wrong_checksum_writes_nothing(mirror: str, tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        fetch_saudinewsnet(tmp_path, url=mirror + "/bad/{date}.zip", dates=["2015-07-25"])
    assert info.value.code == "E120" and "checksum mismatch" in str(info.value)
    assert list(tmp_path.iterdir()) == []


def test_damaged_local_file_is_downloaded_again(mirror: str, tmp_path: Path) -> None:
    (tmp_path / "2015-07-25.zip").write_bytes(b"half a zip")
    [got] = fetch_saudinewsnet(tmp_path, url=mirror + "/good/{date}.zip", dates=["2015-07-25"])
    assert got.status == "downloaded" and sha256_of(got.path) == SAUDINEWSNET_SHA256["2015-07-25"]


def test_missing_file_and_unknown_date(mirror: str, tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        fetch_saudinewsnet(tmp_path, url=mirror + "/nowhere/{date}.zip", dates=["2015-07-25"])
    assert info.value.code == "E121" and "404" in str(info.value)
    with pytest.raises(InputError, match="E122"):
        fetch_saudinewsnet(tmp_path, url=mirror + "/good/{date}.zip", dates=["2015-07-28"])
    assert list(tmp_path.iterdir()) == []


def test_fetch_command(mirror: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from typer.testing import CliRunner

    from khabar.cli import app

    dest = tmp_path / "raw"
    (dest).mkdir()
    for date in SAUDINEWSNET_SHA256:  # all present but one: only that one is downloaded
        if date != "2015-08-11":
            (dest / f"{date}.zip").symlink_to(Path(mirror_dir(mirror)) / f"{date}.zip")
    result = CliRunner().invoke(app, ["corpus", "fetch", "saudinewsnet", "--dest", str(dest),
                                      "--url", mirror + "/good/{date}.zip", "--json"])
    assert result.exit_code == 0, result.output
    statuses = {Path(f["path"]).name: f["status"] for f in json.loads(result.stdout)}
    assert len(statuses) == 18 and statuses["2015-08-11.zip"] == "downloaded"
    assert sum(s == "present" for s in statuses.values()) == 17
    # Without --dest: corpus/raw/saudinewsnet, whose name gives the ids the gold files use (saudinewsnet-...).
    (dest / "2015-08-11.zip").unlink()
    (tmp_path / "corpus" / "raw").mkdir(parents=True)
    dest.rename(tmp_path / "corpus" / "raw" / "saudinewsnet")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["corpus", "fetch", "saudinewsnet", "--url", mirror + "/good/{date}.zip", "--json"])
    assert result.exit_code == 0, result.output
    assert {Path(f["path"]).parent for f in json.loads(result.stdout)} == {Path("corpus/raw/saudinewsnet")}
    assert (tmp_path / "corpus" / "raw" / "saudinewsnet" / "2015-08-11.zip").is_file()


def test_fetch_antcorpus(shared_data: Path, tmp_path: Path) -> None:
    """The ANT zip from a local HTTP server: downloaded with its checksum, then found present; a bad copy refused."""
    from khabar.corpus.fetch import ANTCORPUS_SHA256, fetch_antcorpus

    real = shared_data / "antcorpus" / "antcorpus.data-master.zip"
    assert sha256_of(real) == ANTCORPUS_SHA256
    root = tmp_path / "www"
    root.mkdir()
    (root / "good.zip").symlink_to(real)
    data = bytearray(real.read_bytes())
    data[5000] ^= 0xFF
    (root / "bad.zip").write_bytes(bytes(data))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        dest = tmp_path / "raw"
        with pytest.raises(InputError, match=r"\[E120\].*checksum mismatch"):
            fetch_antcorpus(dest, url=url + "/bad.zip")
        assert not dest.exists() or not list(dest.iterdir())
        [got] = fetch_antcorpus(dest, url=url + "/good.zip")
        assert got.status == "downloaded" and sha256_of(got.path) == ANTCORPUS_SHA256
        assert got.path.name == "antcorpus.data-master.zip"

        from typer.testing import CliRunner

        from khabar.cli import app

        result = CliRunner().invoke(app, ["corpus", "fetch", "antcorpus", "--dest", str(dest), "--url",
                                          url + "/missing.zip", "--json"])
        assert result.exit_code == 0, result.output  # present and right: nothing downloaded
        assert [f["status"] for f in json.loads(result.stdout)] == ["present"]
    finally:
        server.shutdown()
        server.server_close()
