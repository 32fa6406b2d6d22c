"""Code that runs inside the doccano server's own environment, not khabar's.

gunicorn imports :mod:`khabar_frontend_wsgi` from this folder (``--pythonpath``);
it must not import khabar, which is not installed in doccano's environment.
"""
