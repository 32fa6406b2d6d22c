"""The doccano server's lifecycle without starting it: files, secrets, environment, pid safety, errors."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import pytest

from khabar.doccano.server import DoccanoServer, read_credentials, server_from_state, store_user_password
from khabar.errors import ConfigError


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_secret_key_is_generated_once_private_and_not_doccanos_default(tmp_path) -> None:
    server = DoccanoServer(tmp_path / "state", 18150)
    (tmp_path / "state").mkdir()
    env = server.environment()
    key = env["SECRET_KEY"]
    assert len(key) >= 40 and key != "v8sk33sy82!uw3ty=!jjv5vp7=s2phrzw(m(hrn^f7e_#1h2al"
    assert _mode(tmp_path / "state" / "secret_key") == 0o600
    assert DoccanoServer(tmp_path / "state", 18151).environment()["SECRET_KEY"] == key


def test_environment_keeps_everything_in_the_state_folder_and_never_standalone(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("STANDALONE", "True")
    monkeypatch.delenv("DATABASE_URL", raising=False)
    (tmp_path / "s").mkdir()
    env = DoccanoServer(tmp_path / "s", 18152).environment()
    assert "STANDALONE" not in env
    assert env["DATABASE_URL"] == f"sqlite:///{tmp_path / 's' / 'db.sqlite3'}"
    assert env["MEDIA_ROOT"] == str(tmp_path / "s" / "media")
    assert env["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db.example/doccano")
    assert DoccanoServer(tmp_path / "s", 18152).environment()["DATABASE_URL"] == "postgres://u:p@db.example/doccano"


def test_user_passwords_are_stored_in_a_private_file(tmp_path) -> None:
    store_user_password(tmp_path, "huda", "s3cret")
    store_user_password(tmp_path, "omar", "other")
    path = tmp_path / "credentials.json"
    assert _mode(path) == 0o600
    assert read_credentials(tmp_path)["users"] == {"huda": "s3cret", "omar": "other"}


def test_down_never_kills_a_process_it_did_not_start(tmp_path) -> None:
    # A stale pid file pointing at an unrelated live process (a recycled pid).
    stranger = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        server = DoccanoServer(tmp_path, 18153)
        (tmp_path / "gunicorn.pid").write_text(f"{stranger.pid}\n")
        (tmp_path / "celery.pid").write_text("999999\n")
        assert server.status().pids == {"gunicorn": None, "celery": None}
        assert server.status().running is False
        assert server.down() == []
        assert stranger.poll() is None  # still alive
        assert not (tmp_path / "gunicorn.pid").exists()
    finally:
        stranger.kill()
        stranger.wait()


def test_missing_doccano_environment_says_make_setup(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("KHABAR_HOME", str(tmp_path))  # no requirements-doccano.lock there
    server = DoccanoServer(tmp_path / "state", 18154, venv=tmp_path / "no-venv")
    with pytest.raises(ConfigError) as err:
        server.up(timeout=5)
    assert err.value.code == "E301" and "make setup" in str(err.value)


def test_admin_credentials_before_first_up_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(ConfigError) as err:
        DoccanoServer(tmp_path, 18155).admin_credentials()
    assert err.value.code == "E303" and "khabar doccano up" in str(err.value)


def test_state_folder_remembers_host_and_port_and_env_overrides(tmp_path, monkeypatch) -> None:
    (tmp_path / "server.json").write_text(json.dumps({"url": "http://127.0.0.1:18156", "host": "127.0.0.1",
                                                      "port": 18156, "venv": str(tmp_path / "v")}))
    monkeypatch.delenv("KHABAR_DOCCANO_PORT", raising=False)
    monkeypatch.delenv("KHABAR_DOCCANO_VENV", raising=False)
    assert server_from_state(tmp_path).url == "http://127.0.0.1:18156"
    monkeypatch.setenv("KHABAR_DOCCANO_PORT", "18157")
    assert server_from_state(tmp_path).port == 18157
    assert server_from_state(tmp_path, port=18158).port == 18158


def test_a_busy_port_is_refused_before_anything_starts(tmp_path) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        server = DoccanoServer(tmp_path, port)
        with pytest.raises(ConfigError) as err:
            server.up(timeout=5)
    assert err.value.code == "E304" and str(port) in str(err.value)
    assert not (tmp_path / "gunicorn.pid").exists()
    assert os.listdir(tmp_path) == []


def test_database_option_is_remembered_privately(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    state = tmp_path / "s"
    server = DoccanoServer(state, 18154, database="postgresql://u:pw@127.0.0.1:5433/doccano")
    assert server.environment()["DATABASE_URL"] == "postgresql://u:pw@127.0.0.1:5433/doccano?sslmode=prefer"
    assert _mode(state / "database_url") == 0o600
    assert DoccanoServer(state, 18154).environment()["DATABASE_URL"].endswith("/doccano?sslmode=prefer")
    given = DoccanoServer(state, 18154, database="postgresql://u:pw@db/x?sslmode=require").database_url()
    assert given == "postgresql://u:pw@db/x?sslmode=require"
    monkeypatch.setenv("DATABASE_URL", "postgres://other/db")  # the caller's variable wins over the remembered one
    assert DoccanoServer(state, 18154).environment()["DATABASE_URL"] == "postgres://other/db"
