"""What khabar changes in the doccano frontend it serves: right to left by default, relation arcs kept inside the text.

The change itself runs in the server (:mod:`.served.khabar_frontend_wsgi`, a
WSGI wrapper around doccano's application); this module tells gunicorn to load
it instead of doccano's bare ``config.wsgi``.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["ARC_GAP", "SCRIPT_PATH", "SERVED_DIR", "STORAGE_KEY", "gunicorn_application"]

#: The folder gunicorn adds to its import path: modules that run inside doccano's environment.
SERVED_DIR = Path(__file__).resolve().parent / "served"
#: The browser's localStorage key holding an annotator's own choice of direction.
STORAGE_KEY = "khabar.rtl"
#: Where the server serves the script that makes these changes (added to every HTML page).
SCRIPT_PATH = "/khabar/frontend-defaults.js"
#: How far (CSS pixels) past the edge of its line's text a relation arc continuing on another line stops.
ARC_GAP = 8


def gunicorn_application() -> list[str]:
    """gunicorn arguments naming the application: doccano's, with khabar's frontend defaults."""
    return ["--pythonpath", str(SERVED_DIR), "khabar_frontend_wsgi:application"]
