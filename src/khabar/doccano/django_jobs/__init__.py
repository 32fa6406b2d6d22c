"""Jobs that run inside the doccano server's own virtual environment, against its database.

These files are executed by the doccano venv's interpreter (see
:mod:`khabar.doccano.server_jobs`), never imported by khabar itself: they need
Django and doccano's models, which the toolkit's environment does not have.
"""
