"""Unit tests of :mod:`khabar.doccano.push` that need no server (the pipeline itself is tested on a real one in
tests/integration)."""

from __future__ import annotations

import pytest

from khabar.doccano.push import ROUTES, push
from khabar.errors import InputError


class _NoServer:
    """A session that fails any request: the push must refuse before it talks to the server."""

    username = "admin"
    url = "http://127.0.0.1:9"

    def __getattr__(self, name: str):
        raise AssertionError(f"the push used the session ({name}) before checking its options")


def test_an_unknown_route_is_refused_before_the_server_is_asked() -> None:
    with pytest.raises(InputError) as caught:
        push(_NoServer(), "p", [], route="celery")  # type: ignore[arg-type]
    assert caught.value.code == "E365" and "celery" in str(caught.value) and caught.value.field == "route"
    assert ROUTES == ("upload", "database", "auto")
