"""The doccano server's lifecycle without starting it: files, secrets, environment, pid safety, errors."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import pytest

from khabar.doccano.django_site.khabar_doccano.files import empty_folder, make_private, prune_exports
from khabar.doccano.server import (
    DJANGO_SITE,
    SETTINGS_MODULE,
    DoccanoServer,
    ServerStatus,
    default_state_dir,
    read_credentials,
    repo_root,
    server_from_state,
    store_user_password,
)
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
    # khabar's settings, which start from doccano's production settings, found on the server's path alone.
    assert env["DJANGO_SETTINGS_MODULE"] == SETTINGS_MODULE == "khabar_doccano.settings"
    assert env["PYTHONPATH"] == str(DJANGO_SITE)
    settings_file = DJANGO_SITE / "khabar_doccano" / "settings.py"
    assert "from config.settings.production import *" in settings_file.read_text()
    assert env["TMPDIR"] == str(tmp_path / "s" / "tmp") and env["KHABAR_DOCCANO_ALLOWED_HOSTS"] == "127.0.0.1"
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


def test_the_default_state_folder_is_the_environments_else_the_checkouts(tmp_path, monkeypatch) -> None:
    from khabar.doccano.sidecar import SideTable

    class _Project:
        def get(self, path: str) -> dict:
            return {"created_at": "t1"}

    monkeypatch.setenv("KHABAR_HOME", str(tmp_path))  # the checkout: never this repository's own folder
    monkeypatch.delenv("KHABAR_DOCCANO_DIR")
    default = tmp_path / "annotation" / ".doccano"
    assert default_state_dir() == default and server_from_state().state_dir == default
    assert SideTable.for_project(_Project(), 3).folder == default / "sidecar" / "project-3-t1"
    monkeypatch.setenv("KHABAR_DOCCANO_DIR", str(tmp_path / "elsewhere"))
    assert default_state_dir() == tmp_path / "elsewhere" and server_from_state().state_dir == tmp_path / "elsewhere"
    assert not default.exists()


def test_tests_run_with_a_default_state_folder_of_their_own() -> None:
    # tests/conftest.py: a push's side table goes to the default folder, whichever server it pushes to.
    assert os.environ.get("KHABAR_DOCCANO_DIR")
    assert not default_state_dir().is_relative_to(repo_root())


def test_admin_credentials_before_first_up_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(ConfigError) as err:
        DoccanoServer(tmp_path, 18155).admin_credentials()
    assert err.value.code == "E303" and "khabar doccano up" in str(err.value)


def test_state_folder_remembers_host_and_port_and_the_environment_only_names_a_new_folders(
    tmp_path, monkeypatch
) -> None:
    (tmp_path / "server.json").write_text(json.dumps({"url": "http://127.0.0.1:18156", "host": "127.0.0.1",
                                                      "port": 18156, "venv": str(tmp_path / "v")}))
    monkeypatch.delenv("KHABAR_DOCCANO_PORT", raising=False)
    monkeypatch.delenv("KHABAR_DOCCANO_VENV", raising=False)
    assert server_from_state(tmp_path).url == "http://127.0.0.1:18156"
    # A KHABAR_DOCCANO_PORT meant for another server must not redirect this folder's commands (issue 18, item 13).
    monkeypatch.setenv("KHABAR_DOCCANO_PORT", "18157")
    assert server_from_state(tmp_path).port == 18156
    assert server_from_state(tmp_path / "new").port == 18157
    assert server_from_state(tmp_path, port=18158).port == 18158  # --port always wins
    monkeypatch.delenv("KHABAR_DOCCANO_PORT")
    assert server_from_state(tmp_path / "new").port == 8000


def test_cli_port_option_does_not_read_the_environment(tmp_path, monkeypatch) -> None:
    from typer.testing import CliRunner

    from khabar.cli import app

    (tmp_path / "server.json").write_text(json.dumps({"host": "127.0.0.1", "port": 18159}))
    monkeypatch.setenv("KHABAR_DOCCANO_PORT", "18160")
    result = CliRunner().invoke(app, ["doccano", "status", "--dir", str(tmp_path), "--json"])
    assert json.loads(result.stdout[result.stdout.index("{"):])["url"] == "http://127.0.0.1:18159"


def test_status_exits_1_when_the_processes_run_but_the_server_does_not_answer(tmp_path, monkeypatch) -> None:
    from typer.testing import CliRunner

    from khabar.cli import app

    unhealthy = ServerStatus("http://127.0.0.1:18161", tmp_path, {"gunicorn": 11, "celery": 12}, healthy=False)
    monkeypatch.setattr(DoccanoServer, "status", lambda self: unhealthy)
    result = CliRunner().invoke(app, ["doccano", "status", "--dir", str(tmp_path)])
    assert result.exit_code == 1 and "not healthy" in result.output
    monkeypatch.setattr(DoccanoServer, "status", lambda self: ServerStatus(unhealthy.url, tmp_path, unhealthy.pids, True))
    assert CliRunner().invoke(app, ["doccano", "status", "--dir", str(tmp_path)]).exit_code == 0


def test_a_second_up_or_down_waits_for_the_lock_and_then_says_so(tmp_path) -> None:
    import fcntl

    server = DoccanoServer(tmp_path, 18162)
    with server._exclusive():
        assert stat.S_IMODE((tmp_path / "up.lock").stat().st_mode) == 0o600
        # Another process holds the lock as a concurrent `up` would.
        holder = subprocess.Popen([sys.executable, "-c", (
            "import fcntl, os, sys, time\n"
            f"fd = os.open({str(tmp_path / 'up.lock')!r}, os.O_RDWR)\n"
            "fcntl.flock(fd, fcntl.LOCK_EX)\nprint('locked', flush=True)\ntime.sleep(30)\n")],
            stdout=subprocess.PIPE, text=True)
        # It cannot have it while this process does.
        with pytest.raises(subprocess.TimeoutExpired):
            holder.communicate(timeout=1.0)
    try:
        assert holder.stdout.readline().strip() == "locked"  # released on leaving the block
        with pytest.raises(ConfigError) as err:
            with server._exclusive(timeout=0.5):
                pass
        assert err.value.code == "E730" and "up.lock" in str(err.value)
    finally:
        holder.kill()
        holder.wait()
    with server._exclusive(timeout=5):  # the holder's death released it
        fd = os.open(tmp_path / "up.lock", os.O_RDWR)
        with pytest.raises(BlockingIOError):
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.close(fd)


def test_state_files_are_made_private_and_temporary_files_and_old_exports_removed(tmp_path) -> None:
    (tmp_path / "media" / "sub").mkdir(parents=True)
    loose = [tmp_path / "db.sqlite3", tmp_path / "gunicorn.pid", tmp_path / "media" / "sub" / "f"]
    for path in loose:
        path.write_text("x")
        os.chmod(path, 0o644)
    os.chmod(tmp_path / "media", 0o755)
    assert make_private(tmp_path) >= 4
    assert {_mode(p) for p in loose} == {0o600}
    assert _mode(tmp_path / "media") == _mode(tmp_path / "media" / "sub") == _mode(tmp_path) == 0o700

    old_zip = tmp_path / "media" / "0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b.zip"
    old_folder = tmp_path / "media" / "1f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"
    new_zip = tmp_path / "media" / "2f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b.zip"
    kept_zip = tmp_path / "media" / "3f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b.zip"
    other = tmp_path / "media" / "picture.zip"  # not an export's name: not doccano's export, left alone
    old_folder.mkdir()
    for path in (old_zip, new_zip, kept_zip, other, old_folder / "admin.jsonl"):
        path.write_text("x")
    for path in (old_zip, old_folder, kept_zip, other):
        os.utime(path, (1_000_000, 1_000_000))
    removed = prune_exports(tmp_path / "media", 3600, keep=str(kept_zip))
    assert sorted(removed) == sorted([str(old_zip), str(old_folder)])
    assert new_zip.exists() and kept_zip.exists() and other.exists()

    (tmp_path / "tmp" / "filepond" / "x").mkdir(parents=True)
    (tmp_path / "tmp" / "batch.jsonl").write_text("x")
    assert empty_folder(tmp_path / "tmp") == 2 and list((tmp_path / "tmp").iterdir()) == []


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


def test_up_gives_a_running_but_silent_server_time_before_restarting_it(tmp_path, monkeypatch) -> None:
    # A worker busy with a long export makes doccano's health check late; restarting would cut the export short.
    from khabar.doccano import server as server_module

    server = DoccanoServer(tmp_path, 18163)
    monkeypatch.setattr(server_module, "BUSY_GRACE", 3.0)
    monkeypatch.setattr(server_module.time, "sleep", lambda s: None)
    monkeypatch.setattr(DoccanoServer, "_read_pid", lambda self, name: 4242)
    monkeypatch.setattr(DoccanoServer, "healthy", lambda self, timeout=5.0: answers.pop(0) if answers else False)
    restarted: list[str] = []
    monkeypatch.setattr(DoccanoServer, "_down", lambda self, timeout=20.0: restarted.append("down") or [])
    monkeypatch.setattr(DoccanoServer, "_refuse_busy_port", lambda self: restarted.append("start") or
                        (_ for _ in ()).throw(ConfigError("E304", "stop here")))
    answers = [False, False, True]  # silent at first, answering on the second look
    assert server.up(timeout=5) is None and restarted == [] and answers == []
    answers = []  # never answers: restarted after the grace period
    with pytest.raises(ConfigError, match="stop here"):
        server.up(timeout=5)
    assert restarted == ["down", "start"]


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


@pytest.mark.parametrize(("content", "line", "field"), [
    ('{"admin": {"username": "admin", "pass', 1, None),  # cut short
    ("not json", 1, None),
    ('["admin"]', None, None),
    ('{"admin": "admin", "users": {}}', None, "admin"),
    ('{"admin": {"username": "admin"}, "users": {}}', None, "admin"),
    ('{"admin": null, "users": ["amal"]}', None, "users"),
    ('{"admin": null, "users": {"amal": 5}}', None, "users"),
    ('{"admin": null, "users": {}, "users": {}}', 1, "users"),  # a key given twice
])
def test_a_damaged_credentials_file_is_e307_naming_it(tmp_path, content, line, field) -> None:
    path = tmp_path / "credentials.json"
    path.write_text(content, encoding="utf-8")
    for read in (lambda: read_credentials(tmp_path), lambda: DoccanoServer(tmp_path, 18155).admin_credentials(),
                 lambda: store_user_password(tmp_path, "bilal", "pw")):
        with pytest.raises(ConfigError) as caught:
            read()
        assert caught.value.code == "E307" and "restore it" in caught.value.message
        assert (caught.value.path, caught.value.line, caught.value.field) == (path, line, field)
    assert path.read_text(encoding="utf-8") == content  # the other passwords are not written over


def test_a_credentials_file_not_utf8_is_e307(tmp_path) -> None:
    (tmp_path / "credentials.json").write_bytes(b'{"admin": "\xff"}')
    with pytest.raises(ConfigError) as caught:
        read_credentials(tmp_path)
    assert caught.value.code == "E307" and "not UTF-8" in caught.value.message


@pytest.mark.parametrize("content", ['[18156]', '"x"', '{"host": ["h"], "port": "18156", "venv": 7}',
                                     '{"port": true}'])
def test_a_damaged_server_file_falls_back_on_the_defaults(tmp_path, monkeypatch, content) -> None:
    # Deliberately tolerated: every `up` writes the file again.
    monkeypatch.delenv("KHABAR_DOCCANO_PORT", raising=False)
    monkeypatch.delenv("KHABAR_DOCCANO_VENV", raising=False)
    (tmp_path / "server.json").write_text(content, encoding="utf-8")
    server = server_from_state(tmp_path)
    assert (server.url, server.host, server.port) == ("http://127.0.0.1:8000", "127.0.0.1", 8000)
    assert server.venv == server_from_state(tmp_path / "new").venv
