"""How a hit matched (index/match.py), from its stage-two features: the strongest witness
wins, the encoder's cosine outranks the archive's statement space, and a search is weak
only when none of the first hits a person reads matches better than a few words."""

from __future__ import annotations

from kbassist.index import match


def test_the_strongest_witness_names_the_match() -> None:
    assert match.how({"message": 0.95, "code": 1.0, "focus": 1.0}) == "quote"
    assert match.how({"message": 0.3, "code": 1.0, "focus": 0.2}) == "code"
    assert match.how({"message": 0.3, "code": 0.0, "focus": 0.7, "dense": 0.9}) == "words"
    assert match.how({"focus": 0.3, "dense": 0.7}) == "meaning"
    assert match.how({"focus": 0.3, "dense": 0.5}) == "weak"
    assert match.how({}) == "weak"


def test_the_statement_space_speaks_only_without_the_encoder() -> None:
    assert match.how({"focus": 0.2, "statement": 0.7}) == "meaning"
    # The encoder took part and found it far: the statement space does not overrule it.
    assert match.how({"focus": 0.2, "statement": 0.7, "dense": 0.3}) == "weak"


def test_a_search_is_weak_when_the_first_hits_are() -> None:
    assert match.weak([])
    assert match.weak(["weak", "weak", "weak", "quote"])
    assert not match.weak(["weak", "meaning", "weak"])
    assert set(match.MATCHES) == {"quote", "code", "words", "meaning", "weak"}
