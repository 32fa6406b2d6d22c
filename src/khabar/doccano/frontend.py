"""What khabar changes in the doccano frontend it serves: right to left by default.

The change itself runs in the server (:mod:`.served.khabar_frontend_wsgi`, a
WSGI wrapper around doccano's application); this module tells gunicorn to load
it instead of doccano's bare ``config.wsgi``.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["SERVED_DIR", "STORAGE_KEY", "gunicorn_application"]

#: The folder gunicorn adds to its import path: modules that run inside doccano's environment.
SERVED_DIR = Path(__file__).resolve().parent / "served"
#: The browser's localStorage key holding an annotator's own choice of direction.
STORAGE_KEY = "khabar.rtl"


def gunicorn_application() -> list[str]:
    """gunicorn arguments naming the application: doccano's, with khabar's frontend defaults."""
    return ["--pythonpath", str(SERVED_DIR), "khabar_frontend_wsgi:application"]
