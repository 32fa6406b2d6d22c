"""``python -m khabar ...``: the ``khabar`` command, as ``python -m khabar.cli`` gives it (the package's entry point)."""

from .cli import main

main()
