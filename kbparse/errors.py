"""The one exception the parser raises for input it cannot turn into a record."""

from __future__ import annotations

import re

# C0 controls (tab and line feed too: an error is one line), DEL and C1. An archive
# member or file name is its author's text: printed raw, an ESC in it would run on the
# reader's terminal.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """`text` with every control character written as an escape (`\\x1b`), for one line."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


class ParseError(Exception):
    """An input that is not a KB article we can read, with where and why.

    `source` names the file or archive member, `line` the 1-based line where the problem
    was found (None when it concerns the whole input), `reason` says why in words.
    """

    def __init__(self, source: str, reason: str, line: int | None = None) -> None:
        self.source = source
        self.reason = reason
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return printable(f"{where}: {self.reason}")

    def to_dict(self) -> dict[str, object]:
        return {"source": self.source, "line": self.line, "reason": self.reason}
