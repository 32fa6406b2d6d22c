"""``python -m khabar.cli ...``: the ``khabar`` command, for environments whose scripts folder is not on PATH."""

from . import main

main()
