"""`khabar doccano up | status | logs | down` on a server of its own, and what it must not expose."""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
import threading
import time
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


class CommandLines:
    """Every process's command line, sampled in the background (what any local user can read in /proc)."""

    def __init__(self) -> None:
        self.seen: set[str] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            for entry in Path("/proc").iterdir():
                if entry.name.isdigit():
                    try:
                        self.seen.add((entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"))
                    except OSError:
                        pass
            time.sleep(0.02)

    def __enter__(self) -> CommandLines:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _orphans(state: Path) -> list[int]:
    """Live processes started for ``state`` (its path is in their environment): what `down` must have stopped."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                if f"KHABAR_DOCCANO_STATE={state}".encode() in (entry / "environ").read_bytes().split(b"\0"):
                    if "Z" not in (entry / "stat").read_text().split(")")[1][:3]:
                        found.append(int(entry.name))
            except OSError:
                pass
    return found


def test_cli_up_status_logs_down(tmp_path) -> None:
    state = tmp_path / "state"
    port = _free_port()
    env = {**os.environ, "KHABAR_DOCCANO_DIR": str(state), "KHABAR_DOCCANO_PORT": str(port)}
    env.pop("KHABAR_DOCCANO_PASSWORD", None)

    def run(*args: str, extra: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([KHABAR, "doccano", *args], env={**env, **(extra or {})}, capture_output=True,
                              text=True, timeout=600)

    try:
        with CommandLines() as command_lines:
            started = run("up", "--json")
        assert started.returncode == 0, started.stderr
        info = json.loads(started.stdout)
        assert info["healthy"] is True and info["admin_created"] is True
        assert info["url"] == f"http://127.0.0.1:{port}"
        creds = json.loads((state / "credentials.json").read_text())
        assert creds["admin"]["password"] in started.stderr  # printed once ...
        assert any("khabar_doccano.create_admin" in line for line in command_lines.seen)
        assert not [line for line in command_lines.seen if creds["admin"]["password"] in line]  # ... never in argv
        for secret in ("credentials.json", "secret_key"):
            assert stat.S_IMODE((state / secret).stat().st_mode) == 0o600  # ... and kept private
        assert _listening_addresses(port) == {"0100007F"}  # 127.0.0.1 only, never 0.0.0.0
        assert (state / "db.sqlite3").exists() and (state / "media").is_dir()

        # What an older version left readable (the issue found db.sqlite3 and pid files 0644, logs 0755) ...
        for path in (state / "db.sqlite3", state / "gunicorn.pid", state / "logs" / "celery.log"):
            os.chmod(path, 0o644)
        os.chmod(state / "logs", 0o755)
        again = run("up", "--json")  # already running: nothing new, no new password
        # ... is made private by the next `up`, even one that finds the server running.
        for path in (state / "db.sqlite3", state / "gunicorn.pid", state / "logs" / "celery.log"):
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        assert stat.S_IMODE((state / "logs").stat().st_mode) == 0o700
        assert again.returncode == 0 and json.loads(again.stdout)["admin_created"] is False
        assert creds["admin"]["password"] not in again.stderr

        status = run("status", "--json")
        pids = json.loads(status.stdout)["pids"]
        assert status.returncode == 0 and all(pids.values())
        # A KHABAR_DOCCANO_PORT meant for another server does not redirect this folder's commands (item 13).
        elsewhere = run("status", "--json", extra={"KHABAR_DOCCANO_PORT": str(_free_port())})
        assert elsewhere.returncode == 0 and json.loads(elsewhere.stdout)["url"] == f"http://127.0.0.1:{port}"
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
    assert _orphans(state) == []


def test_two_ups_at_once_start_one_server_and_down_stops_everything(tmp_path) -> None:
    """Item 5 of issue 18: both used to fail (E305) and leave gunicorn and celery running without pid files."""
    state = tmp_path / "state"
    port = _free_port()
    env = {**os.environ, "KHABAR_DOCCANO_DIR": str(state), "KHABAR_DOCCANO_PORT": str(port)}
    command = [KHABAR, "doccano", "up", "--json"]
    try:
        # On a new state folder and again on the existing one, which is the case the issue found.
        for _ in range(2):
            both = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                    for _ in range(2)]
            results = [(p.wait(timeout=900), *p.communicate()) for p in both]
            for code, out, err in results:
                assert code == 0, err
            infos = [json.loads(out) for _, out, _ in results]
            assert infos[0]["pids"] == infos[1]["pids"] and all(infos[0]["pids"].values())
            assert sorted(info["admin_created"] for info in infos)[0] is False
            for name, pid in infos[0]["pids"].items():
                assert (state / f"{name}.pid").read_text().strip() == str(pid)
            assert set(_orphans(state)) >= set(infos[0]["pids"].values())
            stopped = subprocess.run([KHABAR, "doccano", "down", "--json"], env=env, capture_output=True, text=True,
                                     timeout=120)
            assert sorted(json.loads(stopped.stdout)["stopped"]) == sorted(infos[0]["pids"].values())
            assert _orphans(state) == [] and _listening_addresses(port) == set()
    finally:
        subprocess.run([KHABAR, "doccano", "down"], env=env, capture_output=True, timeout=120)


def test_export_zips_are_not_served_to_anonymous_visitors(doccano_server, doccano_project) -> None:
    session = doccano_server.session()
    create_project(session, doccano_project)
    push(session, doccano_project, [Document("secret-1", "نص سري لا يراه أحد")])
    # An export started and not yet downloaded (a downloaded one is deleted at once: test_doccano_security).
    project_id = session.project_id(doccano_project)
    task = session.post(f"projects/{project_id}/download", json={"format": "JSONL", "exportApproved": False})
    session.wait_task(task["task_id"])
    zips = list((doccano_server.state_dir / "media").glob("*.zip"))
    assert zips, "the export should have left its zip in the media folder"
    assert export_zip(session, project_id).startswith(b"PK")
    for path in zips:
        response = requests.get(f"{doccano_server.url}/media/{path.name}", timeout=30)
        assert response.status_code != 200 or not response.content.startswith(b"PK")
