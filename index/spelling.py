"""Did-you-mean: close words the index knows, found fast (symmetric-delete lookup).

Whoosh's corrector walks the whole term list for every word (about 300 ms a word on the
full index); here the index's error-message vocabulary is turned once into a map from
"word with up to two letters deleted" to words, and a typo is looked up by its own
deletions, then checked with a real edit distance.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations


def _deletes(word: str, depth: int) -> set[str]:
    out = {word}
    for d in range(1, depth + 1):
        for idx in combinations(range(len(word)), d):
            out.add("".join(c for i, c in enumerate(word) if i not in idx))
    return out


def _distance(a: str, b: str) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance."""
    prev2: list[int] | None = None
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if prev2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


class Speller:
    def __init__(self, vocabulary: dict[str, int], depth: int = 2) -> None:
        self.freq = vocabulary
        self.depth = depth
        # A word more than `depth` letters longer than every known word has no suggestion;
        # knowing that up front matters, because a word's deletions grow with the cube of
        # its length (a pasted hex dump or base64 blob: 2,000 letters, minutes of work).
        self.longest = max(map(len, vocabulary), default=0)
        lists: dict[str, list[str]] = defaultdict(list)
        for word in vocabulary:
            for d in _deletes(word, depth if len(word) > 5 else 1):
                lists[d].append(word)
        # The words of one deletion joined in one string: a dict of strings only is
        # never tracked by the garbage collector, where ~800,000 lists were walked by
        # every full collection (75-95 ms pauses in the console, measured).
        self.index: dict[str, str] = {d: "\0".join(words) for d, words in lists.items()}

    def suggest(self, word: str) -> str | None:
        if word in self.freq:
            return None
        depth = self.depth if len(word) > 5 else 1
        if len(word) > self.longest + depth:
            return None
        best: tuple[int, int, str] | None = None
        for d in _deletes(word, depth):
            joined = self.index.get(d)
            if joined is None:
                continue
            for cand in joined.split("\0"):
                dist = _distance(word, cand)
                if dist <= depth:
                    key = (dist, -self.freq[cand], cand)
                    if best is None or key < best:
                        best = key
        return best[2] if best else None
