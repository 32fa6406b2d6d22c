"""khabar's Django additions to doccano 1.8.4, imported by the server processes only.

This package runs inside doccano's own virtual environment (``.venv-doccano``),
put on its ``PYTHONPATH`` by :mod:`khabar.doccano.server`; it must not import
``khabar``, which lives in the toolkit's environment.

* :mod:`.settings`: doccano's production settings, tightened (the
  ``DJANGO_SETTINGS_MODULE`` of gunicorn, celery and ``doccano init``);
* :mod:`.middleware`: routes closed to those who do not need them;
* :mod:`.housekeeping`: uploads and exports deleted once used;
* :mod:`.create_admin`: the admin created with a password read from stdin.
"""
