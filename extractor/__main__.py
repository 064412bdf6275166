"""``python -m extractor``: the same as the ``extractor`` command."""

from .cli import main

main()
