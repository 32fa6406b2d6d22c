"""Run a doccano 1.8.4 server bound to 127.0.0.1: gunicorn for the web app, celery for imports and exports.

``doccano webserver`` binds 0.0.0.0 (hard-coded) and the ``doccano`` CLI sets
``STANDALONE``, which serves ``/media/`` (export zips included) to anyone, so
this module starts gunicorn on ``config.wsgi`` itself and only uses the CLI for
``init``, ``createuser`` and the celery worker, in their own processes.

Everything the server keeps lives in one state folder (default
``annotation/.doccano/``, git-ignored)::

    db.sqlite3  media/  logs/  secret_key  credentials.json  server.json
    gunicorn.pid  celery.pid

``secret_key`` and ``credentials.json`` are 0600: doccano's default
``SECRET_KEY`` is public, and the passwords are generated here.

The database is SQLite in the state folder unless ``database`` (``khabar
doccano up --database postgresql://...``) or ``DATABASE_URL`` names another:
teams with several annotators writing at once use PostgreSQL (the doccano
environment holds the ``psycopg2`` driver). The URL given is remembered in
the 0600 file ``database_url`` (it may hold a password), so that a later
``up`` of the same state folder finds the same database.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..io import atomic_write

__all__ = [
    "DEFAULT_PORT",
    "DoccanoServer",
    "ServerStatus",
    "default_state_dir",
    "default_venv",
    "repo_root",
    "read_credentials",
    "store_user_password",
]

DEFAULT_PORT = 8000
ADMIN_USERNAME = "admin"
CREDENTIALS_FILE = "credentials.json"
SERVER_FILE = "server.json"
DATABASE_FILE = "database_url"
_PROCESSES = ("gunicorn", "celery")


def repo_root() -> Path:
    """The khabar checkout: ``KHABAR_HOME``, else the folder above ``src/`` holding ``pyproject.toml``."""
    env = os.environ.get("KHABAR_HOME")
    if env:
        return Path(env).resolve()
    import khabar

    candidate = Path(khabar.__file__).resolve().parents[2]
    if (candidate / "pyproject.toml").exists():
        return candidate
    return Path.cwd()


def default_state_dir() -> Path:
    """``KHABAR_DOCCANO_DIR``, else ``<repo>/annotation/.doccano``."""
    env = os.environ.get("KHABAR_DOCCANO_DIR")
    return Path(env).resolve() if env else repo_root() / "annotation" / ".doccano"


def default_port() -> int:
    """``KHABAR_DOCCANO_PORT``, else 8000."""
    return int(os.environ.get("KHABAR_DOCCANO_PORT", DEFAULT_PORT))


def default_venv() -> Path:
    """``KHABAR_DOCCANO_VENV``, else ``<repo>/.venv-doccano``."""
    env = os.environ.get("KHABAR_DOCCANO_VENV")
    return Path(env).resolve() if env else repo_root() / ".venv-doccano"


def _write_private(path: Path, text: str) -> None:
    """Write a file only its owner can read (mkstemp already creates 0600; chmod says so explicitly)."""
    with atomic_write(path) as handle:
        os.chmod(handle.name, 0o600)
        handle.write(text)
    os.chmod(path, 0o600)


def read_credentials(state_dir: str | PathLike[str]) -> dict[str, Any]:
    """The credentials file of a state folder: ``{"admin": {...}, "users": {name: password}}``."""
    path = Path(state_dir) / CREDENTIALS_FILE
    if not path.exists():
        return {"admin": None, "users": {}}
    return json.loads(path.read_text(encoding="utf-8"))


def store_user_password(state_dir: str | PathLike[str], username: str, password: str) -> None:
    """Remember a generated annotator password in the 0600 credentials file."""
    creds = read_credentials(state_dir)
    creds.setdefault("users", {})[username] = password
    _write_private(Path(state_dir) / CREDENTIALS_FILE, json.dumps(creds, indent=2))


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie still answers kill(0); it is not running any more.
    with contextlib.suppress(OSError):
        stat = Path(f"/proc/{pid}/stat").read_text()
        if stat.rsplit(")", 1)[1].split()[0] == "Z":
            return False
    return True


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


@dataclass(frozen=True, slots=True)
class ServerStatus:
    """What runs where: the URL, each process's pid (None when not running), and the health check."""

    url: str
    state_dir: Path
    pids: dict[str, int | None]
    healthy: bool

    @property
    def running(self) -> bool:
        return all(self.pids.values())

    def to_dict(self) -> dict[str, Any]:
        return {"url": self.url, "state_dir": str(self.state_dir), "pids": self.pids,
                "healthy": self.healthy, "running": self.running}


class DoccanoServer:
    """One doccano server: its state folder, port and processes.

    ``up()`` initialises the database on first use, creates the admin with a
    generated password, starts gunicorn and the celery worker, and returns once
    ``/v1/health/`` answers 200. ``down()`` stops exactly the processes whose
    pids it recorded.
    """

    def __init__(
        self,
        state_dir: str | PathLike[str] | None = None,
        port: int | None = None,
        host: str = "127.0.0.1",
        venv: str | PathLike[str] | None = None,
        *,
        web_workers: int = 3,
        task_concurrency: int = 1,
        database: str | None = None,
    ) -> None:
        self.state_dir = Path(state_dir).resolve() if state_dir is not None else default_state_dir()
        self.port = int(port) if port is not None else default_port()
        self.host = host
        self.venv = Path(venv).resolve() if venv is not None else default_venv()
        self.web_workers = web_workers
        self.task_concurrency = task_concurrency
        self.database = database

    # -- places ---------------------------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def log_dir(self) -> Path:
        return self.state_dir / "logs"

    def log_path(self, process: str) -> Path:
        return self.log_dir / f"{process}.log"

    def _pid_file(self, process: str) -> Path:
        return self.state_dir / f"{process}.pid"

    def backend_dir(self) -> Path:
        """The installed ``backend`` package of doccano (gunicorn and Django scripts run from here)."""
        found = sorted(self.venv.glob("lib/python3*/site-packages/backend"))
        if not found:
            raise ConfigError("E301", f"doccano is not installed in {self.venv}: run `make setup`", path=self.venv)
        return found[0]

    # -- environment ----------------------------------------------------------------------------
    def _secret_key(self) -> str:
        path = self.state_dir / "secret_key"
        if not path.exists():
            _write_private(path, secrets.token_urlsafe(50))
        return path.read_text().strip()

    def environment(self) -> dict[str, str]:
        """The variables doccano's processes run with (``DATABASE_URL`` from the caller is honoured)."""
        env = {k: v for k, v in os.environ.items() if k != "STANDALONE"}
        env.update(
            DOCCANO_HOME=str(self.state_dir),
            DJANGO_SETTINGS_MODULE="config.settings.production",
            MEDIA_ROOT=str(self.state_dir / "media"),
            SECRET_KEY=self._secret_key(),
            PYTHONUNBUFFERED="1",
        )
        env["DATABASE_URL"] = self.database_url(env.get("DATABASE_URL"))
        # The toolkit's venv must not leak into the server's interpreter.
        env.pop("PYTHONPATH", None)
        env.pop("VIRTUAL_ENV", None)
        env["PATH"] = f"{self.venv / 'bin'}:{env.get('PATH', '')}"
        return env

    def database_url(self, from_environment: str | None = None) -> str:
        """The database: the one given, else ``DATABASE_URL``, else the one last used here, else SQLite.

        doccano asks PostgreSQL for SSL unless the URL has an ``sslmode``; a
        ``--database`` URL without one gets ``sslmode=prefer`` (libpq's default:
        SSL when the server offers it), so that a local server without SSL works.
        ``DATABASE_URL`` is passed on exactly as the caller set it.
        """
        remembered = self.state_dir / DATABASE_FILE
        if self.database is not None:
            url = self.database
            if url.startswith(("postgres://", "postgresql://")) and "sslmode=" not in url:
                url += ("&" if "?" in url else "?") + "sslmode=prefer"
            _write_private(remembered, url)
            return url
        if from_environment:
            return from_environment
        if remembered.exists():
            return remembered.read_text(encoding="utf-8").strip()
        return f"sqlite:///{self.state_dir / 'db.sqlite3'}"

    def _ensure_venv(self) -> None:
        if (self.venv / "bin" / "doccano").exists():
            return
        lock = repo_root() / "requirements-doccano.lock"
        if not lock.exists():
            raise ConfigError("E301", f"no doccano environment at {self.venv} and no {lock.name}: run `make setup`",
                              path=self.venv)
        try:
            subprocess.run([sys.executable, "-m", "venv", str(self.venv)], check=True)
            subprocess.run([str(self.venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-deps",
                            "-r", str(lock)], check=True)
        except (OSError, subprocess.CalledProcessError) as exc:
            raise ConfigError("E301", f"could not create the doccano environment ({exc}): run `make setup`",
                              path=self.venv) from None

    def _run_doccano(self, *args: str) -> None:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        with open(self.log_path("setup"), "a", encoding="utf-8") as log:
            proc = subprocess.run([str(self.venv / "bin" / "doccano"), *args], env=self.environment(),
                                  stdout=log, stderr=subprocess.STDOUT, cwd=self.state_dir)
        if proc.returncode != 0:
            raise ConfigError("E302", f"`doccano {args[0]}` failed (exit {proc.returncode}); see the log",
                              path=self.log_path("setup"))

    # -- credentials ----------------------------------------------------------------------------
    def admin_credentials(self) -> tuple[str, str]:
        """``(username, password)`` of the admin created on first ``up``."""
        admin = read_credentials(self.state_dir).get("admin")
        if not admin:
            raise ConfigError("E303", "no admin credentials yet: run `khabar doccano up` first",
                              path=self.state_dir / CREDENTIALS_FILE)
        return admin["username"], admin["password"]

    def _initialise(self) -> str | None:
        """Migrate the database and create the admin; return the new password (None if it existed)."""
        self.state_dir.mkdir(parents=True, exist_ok=True)
        os.chmod(self.state_dir, 0o700)
        (self.state_dir / "media").mkdir(exist_ok=True)
        self._run_doccano("init")  # migrations are idempotent and also upgrade an older database
        creds = read_credentials(self.state_dir)
        if creds.get("admin"):
            return None
        password = os.environ.get("KHABAR_DOCCANO_PASSWORD") or secrets.token_urlsafe(16)
        self._run_doccano("createuser", "--username", ADMIN_USERNAME, "--password", password,
                          "--email", f"{ADMIN_USERNAME}@localhost")
        creds["admin"] = {"username": ADMIN_USERNAME, "password": password}
        _write_private(self.state_dir / CREDENTIALS_FILE, json.dumps(creds, indent=2))
        return password

    # -- lifecycle ------------------------------------------------------------------------------
    def _read_pid(self, process: str) -> int | None:
        path = self._pid_file(process)
        try:
            pid = int(path.read_text().strip())
        except (OSError, ValueError):
            return None
        # A recycled pid must not be mistaken for ours: the command line names the process we started.
        if _pid_alive(pid) and process in _cmdline(pid):
            return pid
        return None

    def healthy(self, timeout: float = 5.0) -> bool:
        import requests

        try:
            return requests.get(f"{self.url}/v1/health/", timeout=timeout).status_code == 200
        except requests.RequestException:
            return False

    def status(self) -> ServerStatus:
        pids = {name: self._read_pid(name) for name in _PROCESSES}
        return ServerStatus(self.url, self.state_dir, pids, self.healthy() if any(pids.values()) else False)

    def _spawn(self, process: str, argv: list[str], backend: Path) -> int:
        log = open(self.log_path(process), "a", encoding="utf-8")  # noqa: SIM115 - handed to the child
        try:
            proc = subprocess.Popen(argv, env=self.environment(), cwd=backend, stdout=log,
                                    stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        finally:
            log.close()
        self._pid_file(process).write_text(f"{proc.pid}\n")
        return proc.pid

    def up(self, timeout: float = 180.0) -> str | None:
        """Start the server (if it is not running) and wait for ``/v1/health/``.

        Returns the admin password when the admin was created by this call (so
        the caller can print it once), else None.
        """
        current = self.status()
        if current.running and current.healthy:
            return None
        if any(current.pids.values()):
            self.down()
        import socket

        with socket.socket() as probe:
            if probe.connect_ex((self.host, self.port)) == 0:
                raise ConfigError("E304", f"port {self.port} on {self.host} is already in use by another program; "
                                  "choose another with --port or KHABAR_DOCCANO_PORT")
        self._ensure_venv()
        backend = self.backend_dir()
        new_password = self._initialise()
        self.log_dir.mkdir(parents=True, exist_ok=True)
        bin_dir = self.venv / "bin"
        self._spawn("gunicorn", [
            str(bin_dir / "gunicorn"), "--bind", f"{self.host}:{self.port}", "--workers", str(self.web_workers),
            "--timeout", "300", "--chdir", str(backend), "--name", "khabar-doccano", "config.wsgi",
        ], backend)
        self._spawn("celery", [
            str(bin_dir / "celery"), "--app=config", f"--workdir={backend}", "worker", "--loglevel=info",
            f"--concurrency={self.task_concurrency}", "--without-gossip", "--without-mingle",
        ], backend)
        self._write_server_file()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for name in _PROCESSES:
                if self._read_pid(name) is None:
                    self.down()
                    raise ConfigError("E305", f"doccano's {name} process stopped during start-up; see its log",
                                      path=self.log_path(name))
            if self.healthy(timeout=3):
                return new_password
            time.sleep(0.5)
        self.down()
        raise ConfigError("E306", f"doccano did not answer {self.url}/v1/health/ within {timeout:.0f} s; see the logs",
                          path=self.log_dir)

    def _write_server_file(self) -> None:
        with atomic_write(self.state_dir / SERVER_FILE) as handle:
            json.dump({"url": self.url, "host": self.host, "port": self.port, "venv": str(self.venv)}, handle)

    def down(self, timeout: float = 20.0) -> list[int]:
        """Stop the processes this state folder started (and their children); return their pids."""
        stopped: list[int] = []
        for name in _PROCESSES:
            pid = self._read_pid(name)
            if pid is not None:
                # Each process leads its own session (start_new_session), so the group holds exactly
                # what it forked: gunicorn's workers, celery's pool.
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(pid, signal.SIGTERM)
                stopped.append(pid)
        deadline = time.monotonic() + timeout
        for pid in stopped:
            while _pid_alive(pid) and time.monotonic() < deadline:
                time.sleep(0.2)
            if _pid_alive(pid):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(pid, signal.SIGKILL)
        for name in _PROCESSES:
            with contextlib.suppress(FileNotFoundError):
                self._pid_file(name).unlink()
        return stopped


def server_from_state(state_dir: str | PathLike[str] | None = None, port: int | None = None,
                      host: str | None = None) -> DoccanoServer:
    """A :class:`DoccanoServer` for a state folder, remembering the host and port its last ``up`` used."""
    state = Path(state_dir).resolve() if state_dir is not None else default_state_dir()
    info: dict[str, Any] = {}
    with contextlib.suppress(OSError, ValueError):
        info = json.loads((state / SERVER_FILE).read_text())
    if port is None:
        port = int(os.environ["KHABAR_DOCCANO_PORT"]) if os.environ.get("KHABAR_DOCCANO_PORT") else info.get("port")
    return DoccanoServer(state, port if port is not None else DEFAULT_PORT,
                         host or info.get("host", "127.0.0.1"),
                         info.get("venv") if os.environ.get("KHABAR_DOCCANO_VENV") is None else None)
