"""Bounded memos for the parser's pure functions of short strings.

Damaged and hostile files repeat one line tens of thousands of times, and a file table
repeats its dates, times and row shapes row after row: what depends only on a short
string is worked out once. A memo never grows past MEMO_SIZE entries (it is emptied when
full: simpler than least-recently-used and as good for runs of repeats), and callers
keep only short keys, so a memo never holds a large string alive.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")

MEMO_SIZE = 4096
MEMO_LINE = 200
"""The longest line (or clause) a memo keeps."""


class Memo(dict[K, V]):
    """A dict whose `keep` empties it when it is full."""

    def keep(self, key: K, value: V) -> V:
        if len(self) >= MEMO_SIZE:
            self.clear()
        self[key] = value
        return value


def through(memo: Memo[str, V], text: str, compute: Callable[[str], V], longest: int) -> V:
    """compute(text), from the memo when it holds it; kept when `text` is at most
    `longest` characters."""
    try:
        return memo[text]
    except KeyError:
        pass
    value = compute(text)
    if len(text) <= longest:
        memo.keep(text, value)
    return value
