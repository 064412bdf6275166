"""The command line: :mod:`.app` (the ``extractor`` app and its entry point), :mod:`.base`
(the one error handler, logging, signals), :mod:`.options` (the options several commands
share), and a module per command: :mod:`.extract` (extract, schema, config), :mod:`.show`,
:mod:`.batch`, :mod:`.evaluate` and :mod:`.db`.
"""

from .app import app, main

__all__ = ["app", "main"]
