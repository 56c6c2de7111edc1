"""Bytes to clean text, once: encoding, line ends, tabs and control characters.

Every later stage works on the text this module returns, so a repair happens in one place
and is reported once in the record's `warnings`.
"""

from __future__ import annotations

import codecs
import re

# The archive is ASCII apart from 175 files whose high-bit bytes are cp1252 (no-break
# space, middle dot, section sign, ...) and a few cp437 ones (box drawing, German
# umlauts written by DOS tools). Bytes that cp1252 leaves undefined only make sense as cp437
# (found by a regex: a byte-by-byte loop in Python cost ~0.4 s per MB of such a file).
_CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
# A drawn line in cp437 is a run of 0xC4 (single) or 0xCD (double) bars, which cp1252
# reads as "ÄÄÄ"/"ÍÍÍ" and no real text contains. Wider byte ranges misfire: Word's
# formatting marks (middle dots 0xB7, pilcrows 0xB6) come in runs too (Q197198).
_CP437_BOX_RUN = re.compile(rb"\xc4{3,}|\xcd{3,}")
_HIGH = re.compile(rb"[\x80-\xff]")

# C0 controls except TAB and LF (CR is handled as a line end), DEL, and the C1 range.
# ESC and OSC sequences must never reach a terminal, so these are removed, not escaped.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

MAX_BYTES = 16 * 1024 * 1024
"""Largest input accepted; the biggest real article is 179 KB."""


def decode_bytes(data: bytes) -> tuple[str, list[str]]:
    """Decode one article's bytes; returns the text and the repairs made, in words."""
    warnings: list[str] = []
    if data.startswith(codecs.BOM_UTF8):
        text = data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
        warnings.append("decoded as UTF-8 (byte-order mark)")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
        warnings.append("decoded as UTF-16 (byte-order mark)")
    elif data.isascii():
        text = data.decode("ascii")
    else:
        try:
            text = data.decode("utf-8")
            warnings.append("decoded as UTF-8")
        except UnicodeDecodeError:
            high = len(_HIGH.findall(data))
            if _CP437_BOX_RUN.search(data) or _CP1252_UNDEFINED.search(data):
                text = data.decode("cp437")
                warnings.append(f"decoded {high} non-ASCII byte(s) as cp437")
            else:
                text = data.decode("cp1252")
                warnings.append(f"decoded {high} non-ASCII byte(s) as cp1252")
    if "\ufffd" in text:
        warnings.append("replaced undecodable bytes with U+FFFD")
    return text, warnings


def sanitise(text: str, expand_tabs: bool = True) -> tuple[str, list[str]]:
    """Normalise line ends, expand tabs (unless told not to), drop control characters."""
    warnings: list[str] = []
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if expand_tabs and "\t" in text:
        n = text.count("\t")
        text = "\n".join(line.expandtabs(8) for line in text.split("\n"))
        warnings.append(f"expanded {n} tab(s)")
    if CONTROL.search(text):
        found = sorted({f"0x{ord(c):02X}" for c in CONTROL.findall(text)})
        n = len(CONTROL.findall(text))
        text = CONTROL.sub("", text)
        warnings.append(f"removed {n} control character(s) ({', '.join(found)})")
    return text, warnings
