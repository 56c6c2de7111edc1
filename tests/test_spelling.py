"""Did-you-mean: close words found, and no work spent on words no suggestion can reach."""

from __future__ import annotations

import pytest

from kbassist.index import spelling
from kbassist.index.spelling import Speller

VOCAB = {"spooler": 40, "printer": 90, "mapping": 12, "unavailable": 30, "network": 70}


def test_a_typo_gets_the_close_known_word() -> None:
    speller = Speller(VOCAB)
    assert speller.suggest("spoolr") == "spooler"
    assert speller.suggest("unavialable") == "unavailable"  # a transposition
    assert speller.suggest("printer") is None  # known words need no suggestion
    assert speller.suggest("zzzzzzzz") is None


@pytest.mark.parametrize("length", [40, 400, 2000])
def test_a_word_longer_than_any_known_one_is_not_expanded(
    length: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pasted hex dump or base64 blob is one long word: its deletions (which grow with
    the cube of its length) are never generated, since no known word is within reach."""
    speller = Speller(VOCAB)
    expanded: list[int] = []
    real = spelling._deletes

    def counting(word: str, depth: int) -> set[str]:
        expanded.append(len(word))
        return real(word, depth)

    monkeypatch.setattr(spelling, "_deletes", counting)
    assert speller.suggest("a1b2" * (length // 4)) is None
    assert expanded == []
    # Within reach (two letters longer than the longest word), it still looks.
    assert speller.suggest("unavailablexx") == "unavailable"
    assert expanded == [13]
