"""index/codes.py: a paste's codes as index terms, and a paste that is codes alone."""

from __future__ import annotations

import pytest

from kbassist.index.codes import only_codes, query_terms


def test_every_spelling_of_a_stop_code_meets_one_term() -> None:
    terms = [query_terms(t) for t in ("STOP 0x0000007B", "Stop 0x7B", "stop 7b")]
    assert all("stop:0x7b" in t for t in terms)


@pytest.mark.parametrize(
    ("paste", "alone"),
    [
        ("STOP 0x0000007B", True),
        ("stop 7b", True),
        ("Stop: 0x0000001E (0xC0000005, 0x8013C2F2, 0x00000000, 0x00000000)", True),
        ("0x80070005", True),
        ("error code 0x800ccc0f", True),
        ("Error -2147467259", True),
        ("Event ID: 5719", True),
        ("c1031662", True),
        ("err 429", True),
        ("IIS browser error 270 0x10e", False),
        ("INACCESSIBLE_BOOT_DEVICE 0x7b", False),
        ("run-time error 5825 object has been deleted", False),
        ("error", False),
        ("", False),
    ],
)
def test_a_paste_of_codes_alone(paste: str, alone: bool) -> None:
    """Codes and the words that name them, and nothing else: the search leaves the
    sentence encoder out of such a paste (it has no sentence to read)."""
    assert only_codes(paste) is alone
