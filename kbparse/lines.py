"""Walking a body's lines: the next line with text, the lines a pattern matches on.

Several readers walk the same lines; these are the walks they share.
"""

from __future__ import annotations

import re
from collections.abc import Sequence


def next_text_line(lines: Sequence[str], k: int, end: int | None = None) -> int:
    """Index of the first line at or after k (before `end`) with text; `end` (default
    len(lines)) when there is none."""
    stop = len(lines) if end is None else end
    while k < stop and not lines[k].strip():
        k += 1
    return k


def match_lines(rx: re.Pattern[str], text: str) -> list[int]:
    """Numbers of the lines of `text` where `rx` matches, in order, once each."""
    # One regex pass over the whole text, counting newlines between hits, is far cheaper
    # than testing every line in Python: the lines looked for are rare.
    out: list[int] = []
    line = pos = 0
    for m in rx.finditer(text):
        start = m.start()
        line += text.count("\n", pos, start)
        pos = start
        if not out or out[-1] != line:
            out.append(line)
    return out
