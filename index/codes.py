"""Error codes as index terms, so every spelling of one code meets the same term.

`STOP 0x0000007B`, `Stop 0x7B` and `stop 7b` all become `stop:0x7b`; any code is also
`code:<hex>` and `code:<decimal>`, so `Error 270 (0x0000010e)` in an article and
`error 270` or `0x10e` in a paste meet. An HRESULT `0x8007nnnn` wraps Win32 error `nnnn`,
so it also yields `win32:<decimal>`; `Event ID 2011` yields `event:2011`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kbassist.kbparse.record import ErrorCode

_STOP = re.compile(
    r"\b(?:stop|bug\s*check(?:\s*code)?)\s*(?:error|code)?\s*[:#]?\s*(?:0x)?([0-9a-f]{1,8})\b",
    re.IGNORECASE,
)
_HEX = re.compile(r"\b0x([0-9a-f]{1,8})\b", re.IGNORECASE)
_EVENT = re.compile(r"\bevent\s*(?:id)?\s*(?:no\.?|number)?\s*[:#=]?\s*(\d{1,5})\b", re.IGNORECASE)
_ERRNUM = re.compile(
    r"\b(?:error|err|code|status|result)\s*(?:id|no\.?|number|code)?\s*[:#=]?\s*(-?\d{1,10})\b",
    re.IGNORECASE,
)
# Bare 8-digit hex words with a letter (`c1031662`, `80040e37`): codes in any context.
_BARE_HEX = re.compile(r"\b([0-9a-f]{8})\b", re.IGNORECASE)


def _hex(n: int) -> str:
    return f"0x{n:x}"


def terms_for(kind: str, value: int) -> set[str]:
    n = value & 0xFFFFFFFF if value < 0 else value
    out = {f"code:{_hex(n)}", f"code:{n}", f"{kind}:{_hex(n)}"}
    if kind in ("event", "win32", "other"):
        out.add(f"{kind}:{n}")
    # HRESULT_FROM_WIN32: 0x8007xxxx carries Win32 error xxxx.
    if (n >> 16) == 0x8007:
        low = n & 0xFFFF
        out |= {f"win32:{low}", f"code:{low}", f"code:{_hex(low)}"}
    return out


def _value(text: str) -> int | None:
    text = text.strip().lower()
    try:
        if text.startswith("0x"):
            return int(text, 16)
        if text.lstrip("-").isdigit():
            return int(text)
        return int(text, 16)
    except ValueError:
        return None


def record_terms(codes: Iterable[ErrorCode]) -> set[str]:
    out: set[str] = set()
    for code in codes:
        v = _value(code.value)
        if v is not None:
            out |= terms_for(code.kind, v)
    return out


def query_terms(text: str) -> set[str]:
    """Code terms for whatever spelling a user typed or pasted."""
    out: set[str] = set()
    for m in _STOP.finditer(text):
        raw = m.group(1)
        out |= terms_for("stop", int(raw, 16))
        if raw.isdigit() and not raw.startswith("0") and len(raw) <= 3:
            # `stop 123` may mean decimal 123 (0x7b): ask for both.
            out |= terms_for("stop", int(raw))
    for m in _HEX.finditer(text):
        n = int(m.group(1), 16)
        kind = "hresult" if n >> 31 else "other"
        if (n >> 28) == 0xC:
            kind = "ntstatus"
        out |= terms_for(kind, n)
    for m in _EVENT.finditer(text):
        out |= terms_for("event", int(m.group(1)))
    for m in _ERRNUM.finditer(text):
        n = int(m.group(1))
        out |= terms_for("win32", n)
    for m in _BARE_HEX.finditer(text):
        word = m.group(1)
        if not word.isdigit():
            n = int(word, 16)
            out |= terms_for("hresult" if n >> 31 else "other", n)
    return out


_CODE_SPANS = (_STOP, _HEX, _EVENT, _ERRNUM, _BARE_HEX)
_WORD = re.compile(r"[^\W_]+")
# Words that name a code without saying anything of their own (`error code 0x800ccc0f`).
_CODE_WORDS = frozenset(
    "error errors err code codes stop event id status result hresult bug check no number".split()
)


def only_codes(text: str) -> bool:
    """Is the paste one or more codes and nothing else (`STOP 0x7B`, `error 1603`,
    `Event ID: 5719`, `0x80070005 (0xC0000005, 0x0)`)? Such a paste has no sentence to
    mean anything by, so the search leaves the sentence encoder out (search.py)."""
    left = text
    found = False
    for pattern in _CODE_SPANS:
        left, n = pattern.subn(" ", left)
        found = found or n > 0
    return found and all(w.lower() in _CODE_WORDS for w in _WORD.findall(left))
