"""doccano on PostgreSQL: a real PostgreSQL server started by the test, the same project work as on SQLite.

The SQLite server is the session's (``doccano_server``); the PostgreSQL one is
started here with ``khabar doccano up --database postgresql://...``. The same
project, annotators, push with pre-annotations and pull are run on both; the
pulled gold files must say the same.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from khabar.cli import app
from khabar.doccano.client import connect, login_as
from khabar.doccano.project import add_user, create_project
from khabar.doccano.pull import pull
from khabar.doccano.push import push
from khabar.doccano.server import DoccanoServer
from khabar.gold import Document, read_documents
from khabar.gold.validate import validate_file

pytestmark = pytest.mark.integration

_spec = importlib.util.spec_from_file_location("khabar_test_postgres", Path(__file__).with_name("postgres.py"))
postgres = sys.modules.setdefault(_spec.name, importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(postgres)  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def postgres_server(postgresql_bin: Path) -> Iterator[object]:
    server = postgres.start_postgres(postgresql_bin)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def doccano_on_postgres(postgres_server, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DoccanoServer]:
    """doccano started through the CLI with --database, on a database of its own."""
    url = postgres_server.create_database("doccano")
    state = tmp_path_factory.mktemp("doccano-pg-state")
    port = postgres.free_port()
    result = CliRunner().invoke(app, ["doccano", "up", "--dir", str(state), "--port", str(port),
                                      "--database", url, "--timeout", "300", "--json"])
    server = DoccanoServer(state, port)
    try:
        assert result.exit_code == 0, result.output
        yield server
    finally:
        server.down()


def _key(doc: Document) -> tuple:
    return (doc.id, doc.text, doc.meta, sorted((e.start, e.end, e.label) for e in doc.entities),
            sorted((q.content, q.source, q.cue, q.type) for q in doc.quotes))


def _project_round(server_url: str, admin: tuple[str, str], state_dir: Path, project: str, docs: list[Document],
                   out: Path, prefix: str, route: str = "upload") -> dict[str, list[tuple]]:
    """Project, two annotators, push with pre-annotations handed over in the database, pull: each role's documents."""
    session = connect(server_url, *admin)
    create_project(session, project)
    names = {f"{prefix}-a": "", f"{prefix}-b": ""}
    for name in names:
        names[name] = add_user(session, name, "annotator", project)
    summary = push(session, project, docs, preannotate=True, annotators=list(names), state_dir=state_dir,
                   handover="server", route=route)
    assert summary.pushed == len(docs) and summary.route == route
    for name, password in names.items():  # each annotator can log in and sees the examples
        assert login_as(server_url, name, password).get("me")["username"] == name
    manifest = pull(session, project, out)
    assert sorted(manifest.annotators) == sorted(names) and manifest.problems == []
    pulled = {}
    for role, name in zip("ab", names, strict=True):
        assert list(validate_file(out / f"{name}.jsonl")) == []
        pulled[role] = sorted(_key(d) for d in read_documents(out / f"{name}.jsonl"))
    return pulled


def test_the_server_uses_postgresql(doccano_on_postgres: DoccanoServer, postgres_server) -> None:
    env = doccano_on_postgres.environment()
    assert env["DATABASE_URL"].startswith(f"postgresql://khabar:{postgres_server.password}@127.0.0.1:")
    assert "sslmode=prefer" in env["DATABASE_URL"]
    assert not (doccano_on_postgres.state_dir / "db.sqlite3").exists()
    remembered = doccano_on_postgres.state_dir / "database_url"
    assert remembered.stat().st_mode & 0o777 == 0o600  # it holds the password
    assert DoccanoServer(doccano_on_postgres.state_dir).database_url() == env["DATABASE_URL"]
    status = CliRunner().invoke(app, ["doccano", "status", "--dir", str(doccano_on_postgres.state_dir),
                                      "--port", str(doccano_on_postgres.port), "--json"])
    assert status.exit_code == 0 and json.loads(status.stdout)["healthy"] is True


def test_project_push_and_pull_are_identical_to_sqlite(doccano_on_postgres: DoccanoServer, doccano_server,
                                                       doccano_project: str, dev_gold_path: Path,
                                                       tmp_path: Path) -> None:
    docs = list(read_documents(dev_gold_path))[:5]
    on_postgres = _project_round(doccano_on_postgres.url, doccano_on_postgres.admin_credentials(),
                                 doccano_on_postgres.state_dir, doccano_project, docs, tmp_path / "pg", "pg")
    on_sqlite = _project_round(doccano_server.url, (doccano_server.admin_username, doccano_server.admin_password),
                               doccano_server.state_dir, doccano_project, docs, tmp_path / "sqlite",
                               doccano_project[:20])
    assert on_postgres == on_sqlite
    expected = sorted(_key(d) for d in docs)
    assert [k[0] for k in on_postgres["a"]] == [k[0] for k in expected]
    assert [k[3:] for k in on_postgres["a"]] == [k[3:] for k in expected]  # the pre-annotations, exactly


def test_the_database_route_on_postgresql_gives_what_the_upload_route_gives(
        doccano_on_postgres: DoccanoServer, doccano_project: str, dev_gold_path: Path, tmp_path: Path) -> None:
    docs = list(read_documents(dev_gold_path))[:5]
    server = doccano_on_postgres
    rounds = {route: _project_round(server.url, server.admin_credentials(), server.state_dir,
                                    f"{doccano_project}-{route}", docs, tmp_path / route, f"pg{route[:2]}", route)
              for route in ("upload", "database")}
    assert rounds["database"] == rounds["upload"]
    assert [k[3:] for k in rounds["database"]["b"]] == [k[3:] for k in sorted(_key(d) for d in docs)]
