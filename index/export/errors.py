"""The one exception an export raises for a request it refuses."""

from __future__ import annotations


class ExportError(Exception):
    """The export cannot be done as asked; the message says why and what to do instead.

    Raised before anything is written when possible (destination exists, bad table name,
    unwritable folder); the command line prints it as `error: ...`.
    """
