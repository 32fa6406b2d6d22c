"""A throw-away PostgreSQL server for tests and benchmarks: its own data folder, a free port on 127.0.0.1.

Run as the ``postgres`` system user (PostgreSQL refuses to run as root) from
``initdb``'s own binaries, with password authentication (scram-sha-256) for one
generated user; ``stop()`` stops exactly this server and removes its folder.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class PostgresServer:
    bin_dir: Path
    data_dir: Path
    port: int
    user: str
    password: str

    def url(self, database: str) -> str:
        return f"postgresql://{self.user}:{self.password}@127.0.0.1:{self.port}/{database}"

    def _as_postgres(self, *argv: str) -> subprocess.CompletedProcess:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        return subprocess.run([*prefix, *argv], check=True, capture_output=True, text=True,
                              env={**os.environ, "PGPASSWORD": self.password})

    def create_database(self, name: str) -> str:
        self._as_postgres(str(self.bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", self.user, name)
        return self.url(name)

    def stop(self) -> None:
        try:
            self._as_postgres(str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir / "data"), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.data_dir, ignore_errors=True)


def start_postgres(bin_dir: Path) -> PostgresServer:
    """initdb a fresh cluster in a temporary folder and start it on a free port of 127.0.0.1."""
    root = Path(tempfile.mkdtemp(prefix="khabar-pg-"))
    password = secrets.token_urlsafe(16)
    server = PostgresServer(bin_dir, root, free_port(), "khabar", password)
    (root / "pwfile").write_text(password + "\n", encoding="utf-8")
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
        shutil.chown(root / "pwfile", "postgres", "postgres")
    try:
        server._as_postgres(str(bin_dir / "initdb"), "-D", str(root / "data"), "-U", server.user, "--pwfile",
                            str(root / "pwfile"), "-A", "scram-sha-256", "-E", "UTF8", "--locale", "C.UTF-8")
        server._as_postgres(str(bin_dir / "pg_ctl"), "-D", str(root / "data"), "-l", str(root / "server.log"), "-w",
                            "-o", f"-p {server.port} -h 127.0.0.1 -k {root} -c max_connections=200", "start")
    except subprocess.CalledProcessError as exc:
        log = (root / "server.log").read_text() if (root / "server.log").exists() else ""
        shutil.rmtree(root, ignore_errors=True)
        raise RuntimeError(f"PostgreSQL did not start: {exc.stderr}\n{log}") from None
    return server
