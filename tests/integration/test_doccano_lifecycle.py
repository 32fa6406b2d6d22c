"""`khabar doccano up | status | logs | down` on a server of its own, and what it must not expose."""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from khabar.doccano.project import create_project
from khabar.doccano.pull import export_zip
from khabar.doccano.push import push
from khabar.gold import Document

pytestmark = pytest.mark.integration

KHABAR = str(Path(sys.executable).parent / "khabar")


def _listening_addresses(port: int) -> set[str]:
    """Local addresses of TCP sockets listening on ``port`` (from /proc/net/tcp, no extra tools)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            address, port_hex = fields[1].rsplit(":", 1)
            if int(port_hex, 16) == port and fields[3] == "0A":  # 0A = LISTEN
                found.add(address)
    return found


def _free_port() -> int:
    if os.environ.get("KHABAR_TEST_DOCCANO_PORT2"):
        return int(os.environ["KHABAR_TEST_DOCCANO_PORT2"])
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_cli_up_status_logs_down(tmp_path) -> None:
    state = tmp_path / "state"
    port = _free_port()
    env = {**os.environ, "KHABAR_DOCCANO_DIR": str(state), "KHABAR_DOCCANO_PORT": str(port)}
    env.pop("KHABAR_DOCCANO_PASSWORD", None)

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([KHABAR, "doccano", *args], env=env, capture_output=True, text=True, timeout=400)

    try:
        started = run("up", "--json")
        assert started.returncode == 0, started.stderr
        info = json.loads(started.stdout)
        assert info["healthy"] is True and info["admin_created"] is True
        assert info["url"] == f"http://127.0.0.1:{port}"
        creds = json.loads((state / "credentials.json").read_text())
        assert creds["admin"]["password"] in started.stderr  # printed once ...
        for secret in ("credentials.json", "secret_key"):
            assert stat.S_IMODE((state / secret).stat().st_mode) == 0o600  # ... and kept private
        assert _listening_addresses(port) == {"0100007F"}  # 127.0.0.1 only, never 0.0.0.0
        assert (state / "db.sqlite3").exists() and (state / "media").is_dir()

        again = run("up", "--json")  # already running: nothing new, no new password
        assert again.returncode == 0 and json.loads(again.stdout)["admin_created"] is False
        assert creds["admin"]["password"] not in again.stderr

        status = run("status", "--json")
        pids = json.loads(status.stdout)["pids"]
        assert status.returncode == 0 and all(pids.values())
        logs = run("logs", "celery", "-n", "200")
        assert logs.returncode == 0 and "ready" in logs.stdout
    finally:
        stopped = run("down", "--json")
    assert stopped.returncode == 0, stopped.stderr
    for pid in json.loads(stopped.stdout)["stopped"]:
        assert not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text().split(")")[1][:3]
    assert _listening_addresses(port) == set()
    after = run("status")
    assert after.returncode == 1 and "not running" in after.stderr


def test_export_zips_are_not_served_to_anonymous_visitors(doccano_server, doccano_project) -> None:
    session = doccano_server.session()
    create_project(session, doccano_project)
    push(session, doccano_project, [Document("secret-1", "نص سري لا يراه أحد")])
    export_zip(session, session.project_id(doccano_project))
    zips = list((doccano_server.state_dir / "media").glob("*.zip"))
    assert zips, "the export should have left its zip in the media folder"
    for path in zips:
        response = requests.get(f"{doccano_server.url}/media/{path.name}", timeout=30)
        assert response.status_code != 200 or not response.content.startswith(b"PK")
