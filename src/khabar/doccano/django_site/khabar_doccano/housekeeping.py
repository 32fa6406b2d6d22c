"""Files doccano would keep for ever, deleted by the celery worker once they have served.

* An import's upload (a batch of articles khabar pushed): filepond moves it from
  its temporary folder to its store when the import succeeds, and leaves it in
  the temporary folder when it fails; either way it is deleted when the import
  task ends.
* Export zips in ``media/`` older than ``KHABAR_EXPORT_MAX_AGE`` seconds (the
  ones downloaded are deleted at once by :mod:`.middleware`), looked for after
  every export.

:func:`khabar.doccano.server.DoccanoServer.up` also empties ``tmp/`` before the
processes start, for what a killed worker left behind.
"""

from __future__ import annotations

import contextlib
import logging
import os
from typing import Any

from celery.signals import task_postrun

from .files import prune_exports

LOG = logging.getLogger(__name__)

IMPORT_TASK = "data_import.celery_tasks.import_dataset"
EXPORT_TASK = "data_export.celery_tasks.export_dataset"


def delete_uploads(upload_ids: list[str]) -> int:
    """Delete the stored and temporary uploads with these ids (rows and files); return how many went."""
    from django_drf_filepond.models import StoredUpload, TemporaryUpload

    deleted = 0
    for upload in StoredUpload.objects.filter(upload_id__in=upload_ids):
        with contextlib.suppress(OSError):
            path = upload.get_absolute_file_path()
            os.unlink(path)
            with contextlib.suppress(OSError):
                os.rmdir(os.path.dirname(path))  # filepond's per-upload folder, now empty
        upload.delete()
        deleted += 1
    for upload in TemporaryUpload.objects.filter(upload_id__in=upload_ids):
        upload.delete()  # TemporaryUpload's delete handler removes its file and folder
        deleted += 1
    return deleted


@task_postrun.connect(dispatch_uid="khabar_doccano_housekeeping")
def _after_task(sender: Any = None, task: Any = None, kwargs: dict | None = None, retval: Any = None,
                state: str | None = None, **_: Any) -> None:
    """After an import, delete its uploads; after an export, prune the old ones (never the task's own zip)."""
    from django.conf import settings

    name = getattr(task, "name", "")
    try:
        if name == IMPORT_TASK and state != "RETRY":
            delete_uploads(list((kwargs or {}).get("upload_ids") or []))
        elif name == EXPORT_TASK:
            keep = retval if isinstance(retval, str) else None
            prune_exports(settings.MEDIA_ROOT, settings.KHABAR_EXPORT_MAX_AGE, keep=keep)
    except Exception:  # noqa: BLE001 - housekeeping must never fail the task it follows
        LOG.exception("khabar housekeeping after %s failed", name)
