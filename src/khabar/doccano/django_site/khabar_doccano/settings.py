"""doccano's production settings with what khabar needs of a server that holds unreleased annotations.

Read from the environment :mod:`khabar.doccano.server` gives the processes:

``KHABAR_DOCCANO_STATE``
    the state folder; uploads and temporary files go under its ``tmp/``.
``KHABAR_DOCCANO_ALLOWED_HOSTS``
    comma-separated ``Host`` names answered (the bound host, ``localhost``,
    ``127.0.0.1``); doccano's own is ``*``, which lets any page rebind a name
    to the loopback address and talk to the server.

What changes, and why:

* SQLite in write-ahead-log mode with a 60 s busy timeout, for Django and for
  celery's broker (which opens the same file through SQLAlchemy): readers no
  longer wait for a writer, and a writer waits for another instead of failing
  at once with "database is locked".
* ``CONN_MAX_AGE = 0``: a connection is closed after each request and each
  celery task (celery's Django fix-up closes connections past their age), so a
  worker never holds the database between tasks; doccano's default keeps them
  500 s, and one left in a failed transaction blocked every writer.
* uploads: Django's temporary upload files, filepond's temporary uploads and
  its store under the state folder (not inside the virtual environment), every
  filepond route closed to anonymous users; :mod:`.housekeeping` deletes them
  after the import.
* :class:`khabar_doccano.middleware.SurfaceMiddleware` after authentication.
"""

from __future__ import annotations

import os
from pathlib import Path

from config.settings.production import *  # noqa: F401,F403 - doccano's settings are the base
from config.settings.production import DATABASES, MIDDLEWARE

_STATE = Path(os.environ.get("KHABAR_DOCCANO_STATE") or os.environ["DOCCANO_HOME"])
_TMP = _STATE / "tmp"

#: Seconds a SQLite writer waits for another before "database is locked".
SQLITE_BUSY_TIMEOUT = 60

ALLOWED_HOSTS = sorted(
    {h.strip() for h in os.environ.get("KHABAR_DOCCANO_ALLOWED_HOSTS", "").split(",") if h.strip()}
    | {"127.0.0.1", "localhost"}
)

DATABASES["default"]["CONN_MAX_AGE"] = 0
if DATABASES["default"].get("ENGINE") == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = SQLITE_BUSY_TIMEOUT
    CELERY_BROKER_TRANSPORT_OPTIONS = {"connect_args": {"timeout": SQLITE_BUSY_TIMEOUT}}

    from django.db.backends.signals import connection_created

    def _write_ahead_log(sender, connection, **kwargs):  # noqa: ANN001, ANN003 - a Django signal receiver
        """Every SQLite connection in WAL mode (a property of the file; asking again costs nothing)."""
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")

    connection_created.connect(_write_ahead_log, dispatch_uid="khabar_doccano_wal")

FILE_UPLOAD_TEMP_DIR = str(_TMP / "uploads")
DJANGO_DRF_FILEPOND_UPLOAD_TMP = str(_TMP / "filepond")
DJANGO_DRF_FILEPOND_FILE_STORE_PATH = str(_TMP / "stored")
DJANGO_DRF_FILEPOND_ALLOW_EXTERNAL_UPLOAD_DIR = True  # filepond wants them inside doccano's package otherwise
_SIGNED_IN = ["rest_framework.permissions.IsAuthenticated"]
DJANGO_DRF_FILEPOND_PERMISSION_CLASSES = {
    endpoint: _SIGNED_IN
    for endpoint in ("POST_PROCESS", "PATCH_PATCH", "DELETE_REVERT", "GET_LOAD", "GET_RESTORE", "GET_FETCH")
}
for _folder in (FILE_UPLOAD_TEMP_DIR, DJANGO_DRF_FILEPOND_UPLOAD_TMP, DJANGO_DRF_FILEPOND_FILE_STORE_PATH):
    os.makedirs(_folder, mode=0o700, exist_ok=True)

#: Export zips nobody downloaded are deleted after this many seconds (:mod:`.housekeeping`).
KHABAR_EXPORT_MAX_AGE = int(os.environ.get("KHABAR_DOCCANO_EXPORT_MAX_AGE", 3600))

MIDDLEWARE = [*MIDDLEWARE]
MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
                  "khabar_doccano.middleware.SurfaceMiddleware")

from . import housekeeping  # noqa: E402,F401 - connects its celery signal receivers
