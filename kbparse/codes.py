"""Error codes named in a KB article body, with canonical values for exact matching.

Contract: ``extract_error_codes(lines)`` takes the sanitised article body (one string per
line) and returns one ``ErrorCode`` per distinct (kind, value), in order of first appearance.
``text`` is the code as written (``STOP 0x0000001E``, ``Event ID 2011``, ``System error 5``,
``0x80004005``); ``value`` is canonical so that a pasted message and an article agree:
lower-case hex without leading zeros (``0x0000007B`` -> ``0x7b``) or a decimal number
(``2011``, ``-1018``).

Rules:

- ``stop``: ``STOP 0x0000001E``, ``Stop 0x1E``, ``STOP: 0x0000000A (0x..., ...)``,
  ``*** STOP 0x0000007B``, ``Stop error 0x7B``, ``STOP 0000001E``.  The bug-check parameters
  in the parentheses that follow are not codes of their own.
- ``hresult``: ``0x800xxxxx`` anywhere; other ``0x8xxxxxxx`` only when the text around
  names it an error/code/result (kernel addresses live in that range too); the bare form
  ``80004005`` / ``'80040e37'`` when it is not part of a register or stack dump; negative
  decimal forms ``-2147467259`` (converted to hex).
- ``ntstatus``: ``0xC00xxxxx`` / ``0xC01xxxxx`` anywhere, any other ``0xCxxxxxxx`` named an
  error/status/exception; the bare Dr. Watson form ``c0000005``.
- ``event``: ``Event ID: 2011``, ``event ID 1167``, ``EventID: 1194``, ``Event 2127`` at the
  start of a line (the Exchange MTA layout).
- ``win32``: a decimal number named an error: ``error 1326``, ``System error 5``,
  ``Error 53:``, ``error code: 1326``.
- ``other``: any other hex number named an error/code/status (``MS-DOS error 0x24``,
  ``Return Code: 0x57``), VB/Office ``Run-time error '13'`` (decimal), negative small
  decimals named errors (``Error -1018``, database engine errors).

Not codes: memory addresses (``at 0137:...``, ``Address 0x77f1d493``, register and stack
dumps), ``#define``/constant listings, STOP parameters, related-article title lines
(``Q174509 Stop 0x0000000A in ...``) which name another article's code.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import cast

from .record import CodeKind, ErrorCode

__all__ = ["extract_error_codes"]

_HEX = re.compile(r"0x([0-9a-f]{1,16})\b")
# STOP codes; the optional parenthesised parameter list is swallowed so it is not re-read.
# Patterns start with a literal so the regex engine can skip ahead quickly; the word
# boundary before the literal is checked by hand (_starts_word).
# The whitespace runs are possessive (`\s*+`): what follows each is a non-blank literal, so
# giving back blanks never finds a match, and `stop` before a long blank run would
# otherwise try every split of it between the optional parts (cubic: 400 blanks, 0.2 s).
_STOP = re.compile(
    r"stop\b(?:\s*+error)?(?:\s*+code)?\s*+:?\s*+(\()?\s*+(?:0x([0-9a-f]{1,8})|([0-9a-f]{8}))\b"
    # `STOP (0x00000050 0xe2000000 ...)` holds its parameters in the same parentheses.
    r"(?(1)(?:[^()\n]{0,120}?\))?|(?:\s*\((?:[^()\n]|\n){0,120}?\))?)"
)
# "Event ID: 2011" anywhere, or "Event 2127" (group 2) which counts only at a line start.
# Possessive blank runs for the same reason as in _STOP (`event id` before blanks).
_EVENT = re.compile(
    r"event(?:\s*+ids?\s*+(?:number|no\.?|#)?\s*+[:=]?\s*+\(?(\d{1,5})\b"
    r"|[ ]++(\d{2,5})\b(?![.,]\d))"
)
# A decimal or negative number named an error.  "run-time error '13'" is Basic's own code.
_ERR_DEC = re.compile(
    r"error(?:[ ]+(?:code|number|no\.?|#|value|id))?[ ]{0,2}[:=#]?[ ]{0,3}(?:is[ ]+)?"
    r"'?(-?\d{1,10})\b(?![.,/-]?\d|'?\s*%|\s*(?:bytes|kb|mb|seconds|minutes|times|of\s+\d))'?"
)
_QUALIFIER = re.compile(
    r"(?:^|[^a-z])(run-?\s?time|system|internal|database|jet|winsock|socket|net|network|mapi"
    r"|sql|odbc|http|vbscript|jscript)[ -]$"
)
_NEG_HRESULT = re.compile(r"-(214\d{7})\b")
_BARE_HRESULT = re.compile(r"(800[0-9a-f]{5})(?![\w!+])")
_BARE_NTSTATUS = re.compile(r"(c0000[0-9a-f]{3})(?![\w!+])")
_NAMED_BY_EQUALS = re.compile(r"(?<![a-z0-9])(?:code|exception|error|status|rc)\s*:?=$")
# Words that name the following hex number an error code.
_ERROR_CONTEXT = re.compile(
    r"(?<![a-z0-9])(?:error|code|status|hresult|result|rc|exception|err|returned|returns"
    r"|fail(?:ed|s|ure)?|hr|(?:error|err|fault|exception|status|return|result)\s+number"
    r"|id\s+no|sense|ntstatus|win32|lasterror|lasterr|winerror|scode)\b[^\n]{0,24}$"
)
_ADDRESS_CONTEXT = re.compile(
    r"(?:address|addr|\bat|location|offset|base|eip|esp|ebp|pointer|memory|referenced"
    r"|instruction|\+|=|\[)\s*:?\s*\(?$"
)
_REFERENCE_LINE = re.compile(r"[ ]*(?:q\d{5,6}\b|article-id:|title\s*:)")
_DEFINE_LINE = re.compile(r"^[ ]*(?:#define|(?:public\s+|private\s+|global\s+)?const\b)")
_DUMP_TOKENS = re.compile(r"\b[0-9a-f]{8}\b")


def _starts_word(low: str, pos: int, also: str = "") -> bool:
    """True when low[pos] begins a word (the hand-written \\b before a literal)."""
    if pos == 0:
        return True
    c = low[pos - 1]
    return not (c.isalnum() or c == "_" or c in also)


def _hex_value(digits: str) -> str:
    return "0x" + (digits.lstrip("0") or "0")


def _hex_kind(digits: str) -> CodeKind | None:
    """Kind decided by the value alone, or None when only context can decide."""
    d = digits.lstrip("0")
    if len(d) == 8 and d.startswith("800"):
        return "hresult"
    if len(d) == 8 and (d.startswith("c00") or d.startswith("c01")):
        return "ntstatus"
    return None


@dataclass
class _Scan:
    """One body being read: its text, lower-cased copy and the codes found so far.

    Linear time: a body can be one line of megabytes holding a million candidates
    (`0x0 0x0 ...`), so nothing here looks at a whole line per candidate. Line starts are
    found by bisection in a table built once, and what is decided about a whole line (a
    dump, a title line, its first word) is decided once per line and remembered.
    """

    text: str
    low: str
    hits: list[tuple[int, str, CodeKind, str]] = field(default_factory=list)
    skip_starts: list[int] = field(default_factory=list)
    skip_ends: list[int] = field(default_factory=list)
    """Spans already read (STOP parameters), in order and disjoint: no code of their own
    starts inside."""
    _starts: list[int] | None = None
    _line_facts: dict[tuple[str, int], object] = field(default_factory=dict)
    _last: tuple[int, int] = (0, -1)
    """The line bounds last found."""

    def line_bounds(self, pos: int) -> tuple[int, int]:
        """Start and end (the newline's index, or the text's length) of pos's line."""
        s, e = self._last
        if s <= pos <= e:
            return s, e  # candidates come in order, often many on one line
        if self._starts is None:
            self._starts = [0, *(m.end() for m in _NEWLINE.finditer(self.low))]
        starts = self._starts
        i = bisect_right(starts, pos)
        self._last = starts[i - 1], (starts[i] - 1 if i < len(starts) else len(self.low))
        return self._last

    def _line_fact(self, what: str, pos: int, decide: Callable[[int, int], object]) -> object:
        s, e = self.line_bounds(pos)
        key = (what, s)
        if key not in self._line_facts:
            self._line_facts[key] = decide(s, e)
        return self._line_facts[key]

    def is_dump_line(self, pos: int) -> bool:
        """Register or stack dump lines hold several 8-digit hex words; none is a code."""
        return bool(self._line_fact("dump", pos, lambda s, e: _is_dump_text(self.low[s:e])))

    def on_reference_line(self, pos: int) -> bool:
        """Related-article title lines ('Q174509 Stop 0x0000000A in ...') name other articles."""
        return bool(self._line_fact("ref", pos, lambda s, _e: _REFERENCE_LINE.match(self.low, s)))

    def first_text(self, pos: int) -> int:
        """Where pos's line has its first non-blank character (its end when blank)."""

        def first(s: int, e: int) -> int:
            line = self.low[s:e]
            return s + len(line) - len(line.lstrip())

        return cast(int, self._line_fact("first", pos, first))

    def numbers_a_list(self, pos: int) -> bool:
        """`Error 1:` alone on a line numbers a list of errors; it is not a code."""
        return bool(
            self._line_fact("list", pos, lambda s, e: _LIST_NUMBER.fullmatch(self.low[s:e].strip()))
        )

    def skipped(self, pos: int, also: str = "") -> bool:
        """Not a code's start: inside a word, inside a span read, or on a title line."""
        if not _starts_word(self.low, pos, also):
            return True
        i = bisect_right(self.skip_starts, pos)
        if i and pos < self.skip_ends[i - 1]:
            return True
        return self.on_reference_line(pos)

    def skip_span(self, start: int, end: int) -> None:
        # finditer hands the spans over in order and disjoint, which bisection relies on.
        self.skip_starts.append(start)
        self.skip_ends.append(end)

    def add(self, start: int, end: int, kind: CodeKind, value: str) -> None:
        self.hits.append((start, self.text[start:end], kind, value))

    def context_before(self, pos: int) -> str:
        """Up to 40 characters before pos on its line: where a number is named a code."""
        ls, _ = self.line_bounds(pos)
        return self.low[max(ls, pos - 40) : pos]


_NEWLINE = re.compile("\n")


def _is_dump_text(line: str) -> bool:
    return len(_DUMP_TOKENS.findall(line)) >= 3 or _DEFINE_LINE.match(line) is not None


def _named_hex_kind(digits: str) -> CodeKind:
    """Kind of a hex number the text names a code, when its value alone does not decide."""
    d = digits.lstrip("0")
    if len(d) == 8 and d[0] == "8":
        return "hresult"
    if len(d) == 8 and d[0] == "c":
        return "ntstatus"
    return "other"


def _scan_stop(scan: _Scan) -> None:
    """`STOP 0x0000001E (...)`; the parameters in parentheses are skipped by the others."""
    for m in _STOP.finditer(scan.low):
        if scan.skipped(m.start()):
            continue
        digits = m.group(2) or m.group(3)
        end = m.end(2) if m.group(2) else m.end(3)
        scan.add(m.start(), end, "stop", _hex_value(digits))
        scan.skip_span(m.start(), m.end())


def _scan_hex(scan: _Scan) -> None:
    """`0x...` numbers: by value (0x800..., 0xC00...) or named an error by the text."""
    low = scan.low
    for m in _HEX.finditer(low):
        pos = m.start()
        if scan.skipped(pos):
            continue
        digits = m.group(1)
        if not digits.strip("0"):
            continue  # "error 0x0" is success, not a code
        kind = _hex_kind(digits)
        before = scan.context_before(pos)
        if _ADDRESS_CONTEXT.search(before):
            continue
        if kind is None:
            if _ERROR_CONTEXT.search(before) is None or len(digits) > 8:
                continue
            kind = _named_hex_kind(digits)
        elif digits.lstrip("0") == "80000000" or scan.is_dump_line(pos):
            continue
        scan.add(pos, m.end(), kind, _hex_value(digits))


def _scan_bare_hresult(scan: _Scan) -> None:
    """`80004005`, `'80040e37'` without 0x, outside register and stack dumps."""
    low = scan.low
    for m in _BARE_HRESULT.finditer(low):
        pos = m.start()
        if scan.skipped(pos, "=+!-") or scan.is_dump_line(pos):
            continue
        digits = m.group(1)
        before = scan.context_before(pos)
        if _ADDRESS_CONTEXT.search(before):
            continue
        if not digits.startswith("800") and not _ERROR_CONTEXT.search(before):
            continue
        if not any(c in "abcdef" for c in digits) and not (
            _ERROR_CONTEXT.search(before) or before.rstrip().endswith(("(", "'", "["))
        ):
            # An all-digit 800xxxxx needs the text to call it a code (phone numbers,
            # part numbers and sizes look the same).
            continue
        scan.add(pos, m.end(), "hresult", _hex_value(digits))


def _scan_negative_hresult(scan: _Scan) -> None:
    """`-2147467259`: an HRESULT written as a signed decimal."""
    for m in _NEG_HRESULT.finditer(scan.low):
        if scan.skipped(m.start(), ".-") or scan.is_dump_line(m.start()):
            continue  # a register dump or a constant listing (#define HKEY_USERS -2147483645)
        n = int(m.group(1))
        if n >= 2147483648:
            continue  # beyond the range, or INT_MIN, which is a limit rather than a code
        scan.add(m.start(), m.end(), "hresult", _hex_value(format(2**32 - n, "x")))


def _scan_bare_ntstatus(scan: _Scan) -> None:
    """`c0000005` without 0x (Dr. Watson), not an assignment or a register."""
    low = scan.low
    for m in _BARE_NTSTATUS.finditer(low):
        pos = m.start()
        # `x=C0000005` is an assignment or a register, but `Exception code=C0000005`
        # (Visual FoxPro's and Dr. Watson's fatal-error line) names the code.
        named = _NAMED_BY_EQUALS.search(low, max(0, pos - 16), pos) is not None
        if scan.skipped(pos, "+!-" if named else "=+!-") or scan.is_dump_line(pos):
            continue
        scan.add(pos, m.end(), "ntstatus", _hex_value(m.group(1)))


def _scan_events(scan: _Scan) -> None:
    """`Event ID: 2011` anywhere; `Event 2127` only at the start of a line."""
    low = scan.low
    for m in _EVENT.finditer(low):
        s = m.start()
        if m.group(2) is not None and scan.first_text(s) < s:
            continue  # "Event 2127   MSExchangeMTA" counts only at the start of a line
        if scan.skipped(s):
            continue
        value = str(int(m.group(1) or m.group(2)))
        if value != "0":
            scan.add(s, m.end(), "event", value)


def _scan_decimal_errors(scan: _Scan) -> None:
    """`error 1326`, `System error 5`, `Run-time error '13'`, `Error -1018`."""
    low = scan.low
    for m in _ERR_DEC.finditer(low):
        if scan.skipped(m.start()):
            continue
        q = _QUALIFIER.search(low, max(0, m.start() - 12), m.start())
        qual = q.group(1).replace(" ", "").replace("-", "") if q else ""
        raw = m.group(1)
        if len(raw.lstrip("-")) > 5 or qual == "http":
            # Longer numbers are HRESULTs (read above) or sizes; HTTP status is no error code.
            continue
        if len(raw) == 1 and scan.numbers_a_list(m.start()):
            continue
        n = int(raw)
        if n == 0:
            continue
        kind: CodeKind = "other" if qual in _OTHER_QUALIFIERS or n < 0 else "win32"
        start = q.start(1) if q else m.start()
        scan.add(start, m.end(), kind, str(n))


# Error numbers of these are their own (Basic's, Jet's, the scripting engines'), not Win32.
_OTHER_QUALIFIERS = frozenset(("runtime", "jet", "database", "vbscript", "jscript"))
_LIST_NUMBER = re.compile(r"error\s*\d\s*:?")


def _distinct(hits: list[tuple[int, str, CodeKind, str]]) -> list[ErrorCode]:
    """One ErrorCode per (kind, value), in order of first appearance."""
    hits.sort(key=lambda h: h[0])
    seen: set[tuple[str, str]] = set()
    out: list[ErrorCode] = []
    for _, written, kind, value in hits:
        key = (kind, value)
        if key not in seen:
            seen.add(key)
            out.append(ErrorCode(text=written.strip(), kind=kind, value=value))
    return out


def extract_error_codes(lines: Sequence[str]) -> list[ErrorCode]:
    """Codes named in the article body (STOP codes, HRESULTs, NTSTATUS, Win32 errors, event IDs)."""
    text = "\n".join(lines)
    low = text.lower()
    has_hex = "0x" in low
    has_stop = "stop" in low and (
        "0x" in low or "stop 0" in low or "stop: " in low or "stop c" in low
    )
    has_error = "error" in low
    has_event = "event" in low
    if not (has_hex or has_stop or has_error or has_event or "-214" in low or "c0000" in low):
        return []
    # Each scanner runs only when a literal it needs occurs at all; the order matters
    # for codes at the same position (the first one read is kept).
    scanners = (
        (has_stop, _scan_stop),
        (has_hex, _scan_hex),
        ("800" in low, _scan_bare_hresult),
        ("-214" in low, _scan_negative_hresult),
        ("c0000" in low, _scan_bare_ntstatus),
        (has_event, _scan_events),
        (has_error, _scan_decimal_errors),
    )
    scan = _Scan(text, low)
    for wanted, scanner in scanners:
        if wanted:
            scanner(scan)
    return _distinct(scan.hits) if scan.hits else []
