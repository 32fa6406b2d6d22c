"""Run a doccano 1.8.4 server bound to 127.0.0.1: gunicorn for the web app, celery for imports and exports.

``doccano webserver`` binds 0.0.0.0 (hard-coded) and the ``doccano`` CLI sets
``STANDALONE``, which serves ``/media/`` (export zips included) to anyone, so
this module starts gunicorn on ``config.wsgi`` itself and only uses the CLI for
``init``, ``createuser`` and the celery worker, in their own processes.

Everything the server keeps lives in one state folder (default
``annotation/.doccano/``, git-ignored)::

    db.sqlite3  media/  logs/  tmp/  secret_key  credentials.json  server.json
    gunicorn.pid  celery.pid  up.lock

Every file in it is 0600 and every folder 0700: the server's processes run
with umask 077 and ``up`` puts right what an older version left (doccano's
default ``SECRET_KEY`` is public, the passwords are generated here, and the
database holds unreleased annotations). ``tmp/`` holds uploads until their
import ends and is emptied whenever the processes start.

The processes run with khabar's Django settings
(:mod:`khabar.doccano.django_site.khabar_doccano.settings`, doccano's
production settings tightened: SQLite in WAL mode with a busy timeout, no
connection kept between tasks, ``ALLOWED_HOSTS`` the bound host, uploads under
``tmp/``, the upload and user-listing routes closed to those who do not need
them, exports deleted once downloaded). ``up`` and ``down`` hold a lock on
``up.lock``, so two of them at once on one state folder run one after the other.

The database is SQLite in the state folder unless ``database`` (``khabar
doccano up --database postgresql://...``) or ``DATABASE_URL`` names another:
teams with several annotators writing at once use PostgreSQL (the doccano
environment holds the ``psycopg2`` driver). The URL given is remembered in
the 0600 file ``database_url`` (it may hold a password), so that a later
``up`` of the same state folder finds the same database.
"""

from __future__ import annotations

import contextlib
import fcntl
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

from ..errors import ConfigError, InputError
from ..io import atomic_write, read_json_file
from .django_site.khabar_doccano.files import empty_folder, make_private, prune_exports
from .frontend import gunicorn_application

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
LOCK_FILE = "up.lock"
DATABASE_FILE = "database_url"
_PROCESSES = ("gunicorn", "celery")

#: khabar's Django package for the server processes (put on their PYTHONPATH) and its settings module.
DJANGO_SITE = Path(__file__).resolve().parent / "django_site"
SETTINGS_MODULE = "khabar_doccano.settings"

#: Export zips older than this many seconds are deleted when the server starts (and after each export).
EXPORT_MAX_AGE = 3600

#: Seconds ``up`` or ``down`` waits for another ``up`` or ``down`` on the same state folder.
LOCK_TIMEOUT = 600.0

#: Seconds ``up`` waits for a running but silent server (a worker busy with an export) before restarting it.
BUSY_GRACE = 60.0


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
    """``KHABAR_DOCCANO_PORT``, else 8000 (the port of a new state folder: an existing one's is recorded)."""
    return int(os.environ.get("KHABAR_DOCCANO_PORT", DEFAULT_PORT))


def default_venv() -> Path:
    """``KHABAR_DOCCANO_VENV``, else ``<repo>/.venv-doccano``."""
    env = os.environ.get("KHABAR_DOCCANO_VENV")
    return Path(env).resolve() if env else repo_root() / ".venv-doccano"


def _open_private_log(path: Path) -> Any:
    """Open a log for appending, created 0600 (``open()`` would create it with the caller's umask)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600), "a", encoding="utf-8")


def _write_private(path: Path, text: str) -> None:
    """Write a file only its owner can read (mkstemp already creates 0600; chmod says so explicitly)."""
    with atomic_write(path) as handle:
        os.chmod(handle.name, 0o600)
        handle.write(text)
    os.chmod(path, 0o600)


def read_credentials(state_dir: str | PathLike[str]) -> dict[str, Any]:
    """The credentials file of a state folder: ``{"admin": {...}, "users": {name: password}}``.

    A damaged file (cut short, hand-edited into another shape) is E307 naming it: read as empty, the next ``up``
    would give the admin a new password and the next ``users add`` write the file without the others'.
    """
    path = Path(state_dir) / CREDENTIALS_FILE
    if not path.exists():
        return {"admin": None, "users": {}}
    try:
        creds = read_json_file(path, missing=("E307", "it vanished while read"), invalid=("E307", "not valid JSON"))
    except (InputError, ConfigError) as error:  # not JSON, not UTF-8, a key given twice: the same advice
        raise _damaged_credentials(path, error.message, line=error.line, field=error.field) from None
    problem = _credentials_problem(creds)
    if problem is not None:
        field, reason = problem
        raise _damaged_credentials(path, reason, field=field)
    return creds


def _damaged_credentials(path: Path, reason: str, *, line: int | None = None, field: str | None = None) -> ConfigError:
    return ConfigError("E307", f"the credentials file is damaged ({reason}): restore it, or fix it by hand "
                       '({"admin": {"username": ..., "password": ...}, "users": {name: password}})',
                       path=path, line=line, field=field)


def _credentials_problem(creds: Any) -> tuple[str | None, str] | None:
    """``(field, reason)`` when ``creds`` is no credentials record, else None."""
    if not isinstance(creds, dict):
        return None, f"expected a JSON object, found {type(creds).__name__}"
    admin = creds.get("admin")
    if admin is not None and not (isinstance(admin, dict) and isinstance(admin.get("username"), str)
                                  and isinstance(admin.get("password"), str)):
        return "admin", "admin must be null or an object with a string username and password"
    users = creds.get("users", {})
    if not isinstance(users, dict) or not all(isinstance(v, str) for v in users.values()):
        return "users", "users must be an object of user name -> password"
    return None


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
            DJANGO_SETTINGS_MODULE=SETTINGS_MODULE,
            MEDIA_ROOT=str(self.state_dir / "media"),
            SECRET_KEY=self._secret_key(),
            PYTHONUNBUFFERED="1",
            KHABAR_DOCCANO_STATE=str(self.state_dir),
            KHABAR_DOCCANO_ALLOWED_HOSTS=self.host,
            KHABAR_DOCCANO_EXPORT_MAX_AGE=str(EXPORT_MAX_AGE),
            TMPDIR=str(self.state_dir / "tmp"),
            # The toolkit's packages must not leak into the server's interpreter: only khabar's Django package.
            PYTHONPATH=str(DJANGO_SITE),
        )
        env["DATABASE_URL"] = self.database_url(env.get("DATABASE_URL"))
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
        with _open_private_log(self.log_path("setup")) as log:
            proc = subprocess.run([str(self.venv / "bin" / "doccano"), *args], env=self.environment(),
                                  stdout=log, stderr=subprocess.STDOUT, cwd=self.state_dir, umask=0o077)
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

    def _create_admin(self, password: str, backend: Path) -> None:
        """Create the admin with ``password`` given on stdin: on a command line every local user could read it."""
        with _open_private_log(self.log_path("setup")) as log:
            proc = subprocess.run(
                [str(self.venv / "bin" / "python"), "-m", "khabar_doccano.create_admin", ADMIN_USERNAME,
                 f"{ADMIN_USERNAME}@localhost"],
                input=f"{password}\n", text=True, env=self.environment(), stdout=log, stderr=subprocess.STDOUT,
                cwd=backend, umask=0o077,
            )
        if proc.returncode != 0:
            raise ConfigError("E302", f"creating doccano's admin failed (exit {proc.returncode}); see the log",
                              path=self.log_path("setup"))

    def _initialise(self, backend: Path) -> str | None:
        """Migrate the database and create the admin; return the new password (None if it existed)."""
        self.state_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        for folder in ("media", "logs", "tmp"):
            (self.state_dir / folder).mkdir(exist_ok=True, mode=0o700)
        self._run_doccano("init")  # migrations are idempotent and also upgrade an older database
        creds = read_credentials(self.state_dir)
        if creds.get("admin"):
            return None
        password = os.environ.get("KHABAR_DOCCANO_PASSWORD") or secrets.token_urlsafe(16)
        self._create_admin(password, backend)
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
        log = _open_private_log(self.log_path(process))
        try:
            # umask 077: the database, its WAL files, media and uploads are created 0600 in 0700 folders.
            proc = subprocess.Popen(argv, env=self.environment(), cwd=backend, stdout=log, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL, start_new_session=True, umask=0o077)
        finally:
            log.close()
        _write_private(self._pid_file(process), f"{proc.pid}\n")
        return proc.pid

    @contextlib.contextmanager
    def _exclusive(self, timeout: float = LOCK_TIMEOUT) -> Any:
        """Hold the state folder's ``up.lock`` (an advisory ``flock``, released if this process dies).

        A second ``up`` (or ``down``) on the same folder waits for the first
        and then finds the server it started; after ``timeout`` seconds it fails
        with E730 and starts nothing.
        """
        self.state_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(self.state_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise ConfigError("E730", f"another `khabar doccano up` or `down` has held this state folder "
                                          f"for {timeout:.0f} s; try again when it has finished",
                                          path=self.state_dir / LOCK_FILE) from None
                    time.sleep(0.2)
            yield
        finally:
            os.close(fd)  # closing the descriptor releases the lock

    def _tidy_state(self) -> None:
        """Before the processes start: ``tmp/`` emptied, old exports deleted."""
        empty_folder(self.state_dir / "tmp")  # no import runs while the processes are down
        prune_exports(self.state_dir / "media", EXPORT_MAX_AGE)

    def up(self, timeout: float = 180.0) -> str | None:
        """Start the server (if it is not running) and wait for ``/v1/health/``.

        Returns the admin password when the admin was created by this call (so
        the caller can print it once), else None. Holds the state folder's lock
        throughout: a concurrent ``up`` waits, then finds this one's server.
        """
        if not any(self.status().pids.values()):
            self._refuse_busy_port()  # before the lock file: a refused `up` leaves nothing behind
        with self._exclusive():
            return self._up(timeout)

    def _answers_within(self, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if not all(self._read_pid(name) for name in _PROCESSES):
                return False
            if self.healthy(timeout=10):
                return True
            time.sleep(2)
        return False

    def _refuse_busy_port(self) -> None:
        import socket

        with socket.socket() as probe:
            if probe.connect_ex((self.host, self.port)) == 0:
                raise ConfigError("E304", f"port {self.port} on {self.host} is already in use by another program; "
                                  "choose another with --port or KHABAR_DOCCANO_PORT")

    def _up(self, timeout: float) -> str | None:
        # Whatever an older khabar (or another umask) left readable is made private, running server or not.
        make_private(self.state_dir)
        current = self.status()
        if current.running and not current.healthy and self._answers_within(BUSY_GRACE):
            # doccano's health check waits for a celery task: a worker busy with a long import or export
            # answers late. Restarting it would cut that task short, so it is given time first.
            return None
        if current.running and current.healthy:
            return None
        if any(current.pids.values()):
            self._down()
        self._refuse_busy_port()
        self._ensure_venv()
        backend = self.backend_dir()
        self._tidy_state()
        new_password = self._initialise(backend)
        bin_dir = self.venv / "bin"
        self._spawn("gunicorn", [
            str(bin_dir / "gunicorn"), "--bind", f"{self.host}:{self.port}", "--workers", str(self.web_workers),
            "--timeout", "300", "--chdir", str(backend), "--name", "khabar-doccano", *gunicorn_application(),
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
                    self._down()
                    raise ConfigError("E305", f"doccano's {name} process stopped during start-up; see its log",
                                      path=self.log_path(name))
            if self.healthy(timeout=3):
                return new_password
            time.sleep(0.5)
        self._down()
        raise ConfigError("E306", f"doccano did not answer {self.url}/v1/health/ within {timeout:.0f} s; see the logs",
                          path=self.log_dir)

    def _write_server_file(self) -> None:
        _write_private(self.state_dir / SERVER_FILE,
                       json.dumps({"url": self.url, "host": self.host, "port": self.port, "venv": str(self.venv)}))

    def down(self, timeout: float = 20.0) -> list[int]:
        """Stop the processes this state folder started (and their children); return their pids."""
        if not self.state_dir.is_dir():
            return []
        with self._exclusive():
            return self._down(timeout)

    def _down(self, timeout: float = 20.0) -> list[int]:
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
    """A :class:`DoccanoServer` for a state folder, remembering the host and port its last ``up`` used.

    The port: ``port`` when given (``--port``); else the one recorded in the
    folder, so a ``KHABAR_DOCCANO_PORT`` meant for another server cannot point
    ``status``, ``down`` or a push at the wrong one; else, for a new folder,
    ``KHABAR_DOCCANO_PORT``; else 8000.
    """
    state = Path(state_dir).resolve() if state_dir is not None else default_state_dir()
    info: dict[str, Any] = {}
    # Every `up` writes the file again: one damaged in between is read as absent (the defaults), as before.
    with contextlib.suppress(OSError, ValueError):
        info = json.loads((state / SERVER_FILE).read_text())
    if not isinstance(info, dict):
        info = {}
    recorded_port, recorded_host, recorded_venv = info.get("port"), info.get("host"), info.get("venv")
    if port is None:
        port = recorded_port if isinstance(recorded_port, int) and not isinstance(recorded_port, bool) \
            else default_port()
    return DoccanoServer(state, port,
                         host or (recorded_host if isinstance(recorded_host, str) else "127.0.0.1"),
                         recorded_venv if isinstance(recorded_venv, str) and os.environ.get("KHABAR_DOCCANO_VENV") is None
                         else None)
