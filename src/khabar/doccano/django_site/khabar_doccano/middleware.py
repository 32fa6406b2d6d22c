"""Routes of doccano 1.8.4 closed to users who do not need them, and export zips deleted once served.

doccano answers these to anyone signed in, or to anyone at all:

* ``GET /v1/users``: every account with its ``is_superuser`` and ``is_staff``
  flags, to any annotator. Only staff need it (adding members to a project).
* ``GET /v1/tasks/status/<id>``: any celery task's result (an export's path on
  the server) to any annotator. Only those who run imports and exports need
  it: staff and project administrators.

The filepond upload routes (``/v1/fp/...``) are closed to anonymous users in
:mod:`.settings` (filepond's own permission setting).

An export zip is opened by doccano's download view and then unlinked here:
the open file is still sent in full, and ``media/`` does not keep a copy of
every export (:mod:`.housekeeping` deletes the ones never downloaded).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Callable

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse

_USER_LIST = re.compile(r"^/v1/users/?$")
_TASK_STATUS = re.compile(r"^/v1/tasks/status/")
_DOWNLOAD = re.compile(r"^/v1/projects/\d+/download/?$")


def _user(request: HttpRequest):  # noqa: ANN202 - a Django user or None
    """The signed-in user, by session cookie or by DRF token (DRF itself authenticates only inside its views)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user
    from rest_framework.authentication import TokenAuthentication
    from rest_framework.exceptions import AuthenticationFailed

    try:
        found = TokenAuthentication().authenticate(request)
    except AuthenticationFailed:
        return None
    return found[0] if found else None


def _is_project_admin(user) -> bool:  # noqa: ANN001
    from projects.models import Member

    return Member.objects.filter(user=user, role__name=settings.ROLE_PROJECT_ADMIN).exists()


def _refuse(status: int, detail: str) -> HttpResponse:
    return HttpResponse(json.dumps({"detail": detail}), status=status, content_type="application/json")


class SurfaceMiddleware:
    """Refuse the routes above to users without the need; delete an export zip once it is being sent."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if _USER_LIST.match(path) or _TASK_STATUS.match(path):
            user = _user(request)
            if user is None:
                return _refuse(401, "Authentication credentials were not provided.")
            allowed = user.is_staff or user.is_superuser or (_TASK_STATUS.match(path) and _is_project_admin(user))
            if not allowed:
                return _refuse(403, "You do not have permission to perform this action.")
        response = self.get_response(request)
        if _DOWNLOAD.match(path) and request.method == "GET" and isinstance(response, FileResponse):
            name = getattr(response.file_to_stream, "name", None)
            media = os.path.realpath(settings.MEDIA_ROOT) + os.sep
            if isinstance(name, str) and os.path.realpath(name).startswith(media):
                with contextlib.suppress(OSError):
                    os.unlink(name)
        return response
