"""A logged-in session with a doccano server's REST API, with errors that say what to do.

Why not doccano-client's ``DoccanoClient`` alone: its ``upload()`` cannot force
the file encoding (doccano's chardet guessed Windows-1254 for UTF-8 Arabic and
created nothing, silently), its listings use the server's page size of 5, and
its HTTP errors do not name the server or suggest a fix. This module is a thin
layer over ``requests`` with token authentication (the same routes the client
library calls), paginated listing with an explicit ``limit``, and
:class:`~khabar.errors.ConfigError` messages naming the URL.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from os import PathLike
from pathlib import Path
from typing import Any

from ..errors import ConfigError

__all__ = ["Session", "connect", "login_as", "session_from_state"]

#: Listing page size: one request per thousand rows instead of doccano's default of five.
PAGE_LIMIT = 1000


class Session:
    """One user's authenticated connection to a doccano server.

    Use :func:`connect` (or its alias :func:`login_as`) to get one.
    """

    def __init__(self, url: str, username: str, token: str) -> None:
        import requests

        self.url = url.rstrip("/")
        self.username = username
        self._http = requests.Session()
        self._http.headers.update({"Authorization": f"Token {token}", "Accept": "application/json"})
        self._project_ids: dict[str, int] = {}

    def clone(self) -> Session:
        """Another connection as the same user (same token), for work on another thread."""
        token = str(self._http.headers["Authorization"]).removeprefix("Token ")
        twin = Session(self.url, self.username, token)
        twin._project_ids = dict(self._project_ids)
        return twin

    # -- HTTP -----------------------------------------------------------------------------------
    def request(self, method: str, route: str, *, expect_json: bool = True, **kwargs: Any) -> Any:
        """Call ``/v1/<route>``; an HTTP error becomes a :class:`ConfigError` quoting the server's answer."""
        import requests

        url = route if route.startswith("http") else f"{self.url}/v1/{route.lstrip('/')}"
        kwargs.setdefault("timeout", 600)
        try:
            response = self._http.request(method, url, **kwargs)
        except requests.RequestException:
            # Refused, reset mid-answer or timed out: a server that stopped (or was stopped) while we talked.
            raise _unreachable(self.url) from None
        if response.status_code == 401:
            raise ConfigError("E311", f"doccano at {self.url} rejected the credentials of {self.username!r}")
        if response.status_code == 403:
            raise ConfigError("E312", f"{self.username!r} may not {method} {url} (doccano answered 403 Forbidden)")
        if response.status_code >= 400:
            raise ConfigError("E313", f"doccano answered {response.status_code} to {method} {url}: "
                              f"{response.text[:500]}")
        if not expect_json:
            return response
        if not response.content and method == "GET":
            # Every listing and record doccano serves is JSON; an empty answer to a read is a web server
            # stopped mid-answer (seen when gunicorn is killed while a refresh pulls), not "no data".
            raise _unreachable(self.url)
        return response.json() if response.content else None

    def get(self, route: str, **kwargs: Any) -> Any:
        return self.request("GET", route, **kwargs)

    def post(self, route: str, **kwargs: Any) -> Any:
        return self.request("POST", route, **kwargs)

    def delete(self, route: str, **kwargs: Any) -> Any:
        return self.request("DELETE", route, **kwargs)

    def list_all(self, route: str, params: dict[str, Any] | None = None, limit: int = PAGE_LIMIT) -> Iterator[dict]:
        """Every row of a paginated listing, ``limit`` rows per request."""
        page: dict[str, Any] | list | None = self.get(route, params={**(params or {}), "limit": limit, "offset": 0})
        while True:
            if isinstance(page, list):  # some listings (members, users) are not paginated
                yield from page
                return
            assert isinstance(page, dict)
            yield from page.get("results", [])
            nxt = page.get("next")
            if not nxt:
                return
            page = self.get(nxt)

    # -- projects -------------------------------------------------------------------------------
    def find_project(self, name: str) -> int | None:
        """The id of the project called ``name``, or None."""
        if name in self._project_ids:
            return self._project_ids[name]
        for project in self.list_all("projects"):
            if project.get("name") == name:
                self._project_ids[name] = int(project["id"])
                return self._project_ids[name]
        return None

    def remember_project(self, name: str, project_id: int) -> None:
        """Cache a project's id (after creating it) so later lookups need no listing."""
        self._project_ids[name] = project_id

    def project_id(self, project: str | int) -> int:
        """Resolve a project name (or id) to its id; an unknown project is a clear error."""
        if isinstance(project, int):
            return project
        found = self.find_project(project)
        if found is None:
            raise ConfigError("E314", f"no doccano project named {project!r} on {self.url} "
                              f"(create it with `khabar doccano project create {project}`)")
        return found

    def user_id(self, username: str) -> int | None:
        for user in self.get("users", params={"q": username}):
            if user["username"] == username:
                return int(user["id"])
        return None

    def wait_task(self, task_id: str, timeout: float = 1800.0,
                  worker_alive: Callable[[], bool] | None = None) -> Any:
        """Wait for a celery task (import or export) and return its result; a failure is an error.

        A task whose worker died stays "pending" for ever, so the wait is bounded: ``timeout`` seconds
        in all (E316), and, when ``worker_alive`` is given, as soon as it answers False (E380).
        """
        deadline = time.monotonic() + timeout
        delay = 0.1
        next_check = time.monotonic() + 1.0
        while time.monotonic() < deadline:
            status = self.get(f"tasks/status/{task_id}")
            if status.get("error"):
                raise ConfigError("E315", f"doccano task {task_id} failed: {status['error']}")
            if status.get("ready"):
                return status.get("result")
            if worker_alive is not None and time.monotonic() >= next_check:
                next_check = time.monotonic() + 1.0
                if not worker_alive():
                    raise ConfigError("E380", f"doccano's celery worker stopped while task {task_id} was waiting "
                                      "or running: restart the server (`khabar doccano up`) and push again, "
                                      "which repairs the batch")
            time.sleep(delay)
            delay = min(delay * 1.5, 0.25)
        raise ConfigError("E316", f"doccano task {task_id} did not finish within {timeout:.0f} s "
                          "(is the celery worker running? `khabar doccano status`)")


def _unreachable(url: str) -> ConfigError:
    return ConfigError("E310", f"cannot reach doccano at {url}: is it running? Start it with `khabar doccano up`")


def connect(url: str, username: str, password: str) -> Session:
    """Log in to the doccano server at ``url`` and return the session.

    Raises :class:`ConfigError` E310 when nothing answers at ``url`` and E311
    when the username or password is wrong.
    """
    import requests

    url = url.rstrip("/")
    try:
        response = requests.post(f"{url}/v1/auth/login/", json={"username": username, "password": password},
                                 timeout=60)
    except requests.ConnectionError:
        raise _unreachable(url) from None
    if response.status_code == 400:
        raise ConfigError("E311", f"doccano at {url} rejected the username or password of {username!r}")
    if response.status_code != 200 or "key" not in response.json():
        raise ConfigError("E313", f"doccano at {url} answered {response.status_code} to the login: {response.text[:300]}")
    return Session(url, username, response.json()["key"])


#: Acting as an annotator (tests, benchmarks, scripts) is logging in as them.
login_as = connect


def session_from_state(state_dir: str | PathLike[str] | None = None, url: str | None = None,
                       username: str | None = None, password: str | None = None) -> Session:
    """Log in with what a state folder remembers (URL, admin credentials), each overridable.

    ``password`` falls back to ``KHABAR_DOCCANO_PASSWORD``, then to the stored
    password of ``username`` (the admin's when no username is given).
    """
    import os

    from .server import read_credentials, server_from_state

    server = server_from_state(state_dir)
    creds = read_credentials(server.state_dir)
    admin = creds.get("admin") or {}
    username = username or admin.get("username")
    if not username:
        raise ConfigError("E303", "no doccano credentials: run `khabar doccano up`, or pass --url and --username "
                          "with KHABAR_DOCCANO_PASSWORD", path=Path(server.state_dir) / "credentials.json")
    password = password or os.environ.get("KHABAR_DOCCANO_PASSWORD")
    if not password:
        password = admin.get("password") if username == admin.get("username") else creds.get("users", {}).get(username)
    if not password:
        raise ConfigError("E303", f"no stored password for {username!r}: set KHABAR_DOCCANO_PASSWORD")
    return connect(url or server.url, username, password)
