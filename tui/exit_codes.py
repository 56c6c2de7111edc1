"""How every `kbassist` command ends: the exit statuses, in one place.

README's Usage documents these numbers and scripts test them, so a number never changes
meaning; a command ends through `leave` or `fail`, never with a bare literal.
"""

from __future__ import annotations

import sys
from enum import IntEnum
from typing import NoReturn

import click


class ExitCode(IntEnum):
    OK = 0
    """Everything asked was done. Also when the reader of stdout closed it early
    (`kbassist parse big.tar.xz | head`): that is normal use, not an error."""

    FAILED = 1
    """Done in part or not at all, for a reason other than the command line: some inputs
    could not be parsed or ingested (the others were), the output could not be written,
    some ids are not in the index (the others were exported), an article asked for is not
    in the index, or the console found no terminal to run in."""

    USAGE = 2
    """The command line is wrong: an unknown option or value, options that do not go
    together, an ids file that cannot be read. click's own usage errors exit 2 too."""

    NO_INDEX = 3
    """No usable index: none in the folder, a damaged one, one built by another version,
    or (with --no-wait) one that another ingest is writing. The message says what to do."""


def leave(code: ExitCode) -> NoReturn:
    sys.exit(int(code))


def fail(message: str, code: ExitCode) -> NoReturn:
    """Say why on stderr, then end with `code`."""
    click.echo(message, err=True)
    leave(code)
