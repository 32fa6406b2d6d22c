"""A real doccano server for the integration tests: one per test session, in a tmp folder, on a free port.

Other test modules use it like this::

    @pytest.mark.integration
    def test_something(doccano_server, doccano_project):
        session = doccano_server.session()          # logged in as the admin
        ...                                          # doccano_project is a fresh, unique project name

Each test creates its own project (``doccano_project`` gives a unique name) so
tests never see each other's articles.
"""

from __future__ import annotations

import itertools
import os
import socket
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from khabar.doccano.client import Session, connect
from khabar.doccano.server import DoccanoServer


@dataclass
class RunningDoccano:
    """What a test needs of the running server."""

    server: DoccanoServer
    url: str
    admin_username: str
    admin_password: str
    state_dir: Path

    def session(self) -> Session:
        """A fresh session logged in as the admin."""
        return connect(self.url, self.admin_username, self.admin_password)


def _free_port() -> int:
    # KHABAR_TEST_DOCCANO_PORT pins it (engineers share a machine and keep to their own port ranges).
    if os.environ.get("KHABAR_TEST_DOCCANO_PORT"):
        return int(os.environ["KHABAR_TEST_DOCCANO_PORT"])
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def doccano_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningDoccano]:
    """Start doccano (gunicorn + celery) once for the whole session; stop exactly those processes at the end."""
    state = tmp_path_factory.mktemp("doccano-state")
    server = DoccanoServer(state, _free_port())
    try:
        server.up(timeout=240)
    except BaseException:
        server.down()
        raise
    try:
        username, password = server.admin_credentials()
        yield RunningDoccano(server, server.url, username, password, server.state_dir)
    finally:
        server.down()


_counter = itertools.count(1)


@pytest.fixture
def doccano_project(request: pytest.FixtureRequest) -> str:
    """A project name no other test uses (the project itself is created by the test)."""
    stem = request.node.name.replace("[", "-").replace("]", "")[:40]
    return f"{stem}-{next(_counter)}-{uuid.uuid4().hex[:6]}"
