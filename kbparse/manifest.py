"""Hotfix file manifests: the file tables and DIR-style listings in an article body.

Three kinds of source give rows:

* tables under a header line naming their columns (`Date  Time  Size  File name
  Platform`, boxed `| File name | Date | Size |`, ~150 layouts in the archive);
* DIR-style listings without a header (`AHA154X  SYS  15,476 07-24-93  5:11a`,
  `08/01/95  06:51p  87,916 Extract.exe`, cabinet listings with an attribute column);
* header-less "time stamp" lines of older hotfix articles, made of nothing but a file
  name, a date, a size and perhaps a time, a version and a processor
  (`Dispatch.exe  7/10/98  5:39p  85,245 bytes (version 3.5.34)`).

A header fixes the order of the columns, but cells do not line up reliably: a blank
Version cell shifts the later cells left, and many headers are not aligned with their
rows at all. Each row is therefore matched to the header's columns by the shapes of its
tokens (date, time, size, version, file name, free text); the header's column positions
only break ties, such as whether a lone `67` is a version or a size.

Driver catalogues, name lists with descriptions, and `<DIR>` entries look like manifests
but give no rows.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from kbassist.kbparse.headings import fits, is_underline, underlined
from kbassist.kbparse.lines import match_lines
from kbassist.kbparse.memo import MEMO_LINE, Memo, through
from kbassist.kbparse.raw import month_number
from kbassist.kbparse.record import FileRow

__all__ = ["extract_files"]

# ---------------------------------------------------------------------------------
# Cell values

_DATE_RE = re.compile(
    r"(?P<m>\d{1,2})(?P<sep>[/\\-])(?P<d>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})"
    r"|(?P<d2>\d{1,2})(?P<sep2>[- ])(?P<mon2>[A-Za-z]{3,9})(?P=sep2)(?P<y2>\d{4}|\d{2})"
    r"|(?P<mon3>[A-Za-z]{3})-(?P<d3>\d{1,2})-(?P<y3>\d{4}|\d{2})"
    r"|(?P<y4>\d{4})(?P<sep4>[/-])(?P<m4>\d{1,2})(?P=sep4)(?P<d4>\d{1,2})"
    r"|(?P<mon5>[A-Za-z]{3,9})\.? (?P<d5>\d{1,2}),? (?P<y5>\d{4})"
)
_MONTH_NAME_RE = re.compile(
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?",
    re.IGNORECASE,
)
_TIME_RE = re.compile(
    r"(?P<h>\d{1,2}):(?P<mi>\d\d)(?::(?P<s>\d\d))? ?(?:(?P<ap>[AaPp])\.?(?:[Mm]\.?)?)?"
)
_NOON_RE = re.compile(r"\s*\b(?:midnight|noon)$", re.IGNORECASE)
_SIZE_EXACT_RE = re.compile(
    r"(?P<n>\d{1,3}(?:,\d{3})+|\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)*) ?(?:bytes?|b)?",
    re.IGNORECASE,
)
_SIZE_APPROX_RE = re.compile(r"\d+(?:[.,]\d+)? ?[KkMm][Bb]?")
# `144KB (147,728 bytes)`: the exact figure in parentheses wins.
_SIZE_PAREN_RE = re.compile(r".*\( *(?P<n>\d[\d,.]*) *bytes? *\)", re.IGNORECASE)
_PLACEHOLDER_RE = re.compile(r"[xX?]+(?:[/:.-][xX?]+)+|[xX?]{2,}")


def _month(name: str) -> int:
    """1-12 for a month name or its abbreviation (`Jul`, `July`), else 0."""
    n = month_number(name[:3])
    return n if n and _MONTH_NAME_RE.fullmatch(name) else 0


def _iso_date(text: str) -> str | None:
    """ISO date of a date cell, or None when it is not a valid date.

    Two-digit years are 19xx from 80 up, else 20xx. A month above 12 with a day that
    fits is read day first (`21/12/00`), as some non-US tables are written.
    """
    m = _DATE_RE.fullmatch(text)
    if m is None:
        return None
    if m["m"] is not None:
        mo, dd, yy = int(m["m"]), int(m["d"]), m["y"]
        if mo > 31 and len(yy) == 2:
            # `98/10/28`: a two-digit year first
            mo, dd, yy = dd, int(yy), m["m"]
        elif mo > 12 and dd <= 12:
            mo, dd = dd, mo
    elif m["d2"] is not None:
        mo, dd, yy = _month(m["mon2"]), int(m["d2"]), m["y2"]
    elif m["mon3"] is not None:
        mo, dd, yy = _month(m["mon3"]), int(m["d3"]), m["y3"]
    elif m["y4"] is not None:
        mo, dd, yy = int(m["m4"]), int(m["d4"]), m["y4"]
    else:
        mo, dd, yy = _month(m["mon5"]), int(m["d5"]), m["y5"]
    year = int(yy)
    if len(yy) == 2:
        year += 1900 if year >= 80 else 2000
    if not (1 <= mo <= 12 and 1 <= dd <= 31):
        return None
    return f"{year:04d}-{mo:02d}-{dd:02d}"


def _hhmm(text: str) -> str | None:
    """24 h time of a time cell (`06:20p`, `9:52 AM`, `3:00:00a`), seconds kept."""
    word = _NOON_RE.search(text)
    if word is not None:
        # `12:00 midnight`, `12:00 noon`
        half = "a" if word.group().strip().lower() == "midnight" else "p"
        text = text[: word.start()].strip() + half
    if len(text) == 4 and text.isdigit():
        text = f"{text[:2]}:{text[2:]}"
    m = _TIME_RE.fullmatch(text)
    if m is None:
        return None
    h, mi = int(m["h"]), int(m["mi"])
    ap = m["ap"]
    if ap:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if ap in "Pp" else 0)
    if h > 23 or mi > 59:
        return None
    sec = f":{m['s']}" if m["s"] else ""
    return f"{h:02d}:{mi:02d}{sec}"


def _size(text: str) -> tuple[int | None, bool]:
    """(bytes, ok) of a size cell; bytes is None for approximate sizes (17.7K, 1.33 MB)."""
    m = _SIZE_EXACT_RE.fullmatch(text)
    if m is not None:
        return int(m["n"].replace(",", "").replace(".", "")), True
    m = _SIZE_PAREN_RE.fullmatch(text)
    if m is not None:
        return int(m["n"].replace(",", "").replace(".", "")), True
    if _SIZE_APPROX_RE.fullmatch(text):
        return None, True
    return None, False


# ---------------------------------------------------------------------------------
# Tokens of a row line

# Token kinds are bit flags: one token may fit several (a bare 67 is a size or a version).
_K_DATE = 1
_K_TIME = 2
_K_SIZE = 4  # exact size: 60,176 / 7 / 372,634 bytes / 16,256b
_K_APPROX = 8  # 17.7K / 44 KB / 1.33MB
_K_INT = 16  # bare digits: a size or a version
_K_VERSION = 32
_K_FILE = 64  # a file name: has an extension or a backslash
_K_WORD = 128  # another identifier-like word
_K_PROSE = 256  # a common English word: never a file name
_K_BLANK = 512  # a placeholder such as xx/xx/xx
_K_HHMM = 1024  # 1815: a time without its colon

_INT_RE = re.compile(r"\d+")
_GROUPED_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?: ?(?:bytes?|b))?", re.IGNORECASE)
_UNIT_RE = re.compile(r"bytes?|[KkMm][Bb]?", re.IGNORECASE)
_AMPM_RE = re.compile(r"[AaPp]\.?[Mm]\.?")
# Versions: 4.00.952, 5.0.2195.1600, A.03.01, v1.0, 1.0b, 1.2(786) (not vdd8514.386).
# The second form, `\(?[\w.]*\d[\w.]*\)`, is written as "a run of [\w.] holding a digit":
# the plain form tries every digit of a long run as the one, rescanning the rest each time.
_VERSION_RE = re.compile(r"(?:[A-Za-z]\.|[vV])?\d[\w.,:/-]*(?:\(\w+\))?|\(?(?=[\w.]*?\d)[\w.]*+\)")
_EXT_TAIL_RE = re.compile(r"\.[A-Za-z_$~][\w$~-]{0,3}$")
# Starts only where a word starts: `[^\s|]*` takes in whatever precedes in the word, so
# a match found inside a word is also found at its start, and `search` over a cell of one
# long word would otherwise rescan the rest of it from every character (quadratic).
_FILE_RE = re.compile(r"(?<![^\s|])(?:[^\s|]*[\w$~)]\.[\w$~-]{1,4}|[^\s|]*\\[^\s|]+)")
_WORDISH_RE = re.compile(r"[\w$~#%&!@(){}'^+=\[\]-][\w$~#%&!@(){}'^+=.\\\[\]-]*")
_PROSE_WORDS = frozenset(
    {
        *("a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it"),
        *("of", "on", "or", "the", "this", "that", "to", "with", "was", "were", "will"),
        *("not", "if", "file", "files", "bytes", "byte", "total", "free", "dir"),
        *("directory", "volume", "serial", "number", "version", "size", "date", "time"),
    }
)
_VERSION_WORDS = frozenset(("n/a", "na", "none", "-", "--", "---", "unknown"))
_MONTH_WORD_RE = re.compile(
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?|\d{1,2}", re.IGNORECASE
)


_KIND_MEMO: Memo[str, int] = Memo()
_MEMO_WORD = 40  # longer words are rare: not kept


def _kind(tok: str) -> int:
    """The _K_* shapes one word of a row line could be.

    Memoised: the dates, times, sizes and platforms of a file table repeat row after
    row, and each costs up to a dozen regex matches to classify.
    """
    return through(_KIND_MEMO, tok, _classify, _MEMO_WORD)


def _classify(tok: str) -> int:
    head = tok[:1]
    # A word that starts with a letter (not a placeholder's x) and holds no dash or space
    # is no date, time, placeholder, number or size: every one of those patterns starts
    # with a digit, x or ?, or (a month name) needs a dash or a space.
    if not (head.isalpha() and head not in "xX" and "-" not in tok and " " not in tok):
        if _DATE_RE.fullmatch(tok):
            return _K_DATE
        if _TIME_RE.fullmatch(tok):
            return _K_TIME
        if _PLACEHOLDER_RE.fullmatch(tok):
            return _K_BLANK
        if _INT_RE.fullmatch(tok):
            if len(tok) == 4 and int(tok[:2]) < 24 and int(tok[2:]) < 60:
                return _K_SIZE | _K_INT | _K_VERSION | _K_HHMM
            return _K_SIZE | _K_INT | _K_VERSION
        if _SIZE_EXACT_RE.fullmatch(tok):
            # 60,176 is a size; 177.424 (dot-grouped) and 8,1012 (a typo) are probably sizes
            return _K_SIZE if _GROUPED_RE.fullmatch(tok) else _K_SIZE | _K_VERSION
        if _SIZE_APPROX_RE.fullmatch(tok):
            return _K_APPROX
    k = 0
    low = tok.lower()
    if (_VERSION_RE.fullmatch(tok) and not _EXT_TAIL_RE.search(tok)) or low in _VERSION_WORDS:
        k |= _K_VERSION
    if low in _PROSE_WORDS:
        k |= _K_PROSE
    elif _FILE_RE.fullmatch(tok) and not k & _K_VERSION:
        k |= _K_FILE
    elif _WORDISH_RE.fullmatch(tok) and any(c.isalpha() for c in tok):
        k |= _K_WORD
    return k


class _Tok(NamedTuple):
    text: str
    start: int
    end: int
    kind: int


_TOKEN_RE = re.compile(r"\S+")


def _tokens(line: str) -> list[_Tok]:
    """The words of a row line, with cells written as several words put back together."""
    out: list[_Tok] = []
    raw = [(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(line)]
    i = 0
    n = len(raw)
    while i < n:
        text, s, e = raw[i]
        # `Jan 12, 1999`, `29 May 2001`
        if i + 2 < n and _MONTH_WORD_RE.fullmatch(text) and raw[i + 2][0][:1].isdigit():
            joined = f"{text} {raw[i + 1][0]} {raw[i + 2][0]}"
            if _DATE_RE.fullmatch(joined) and _iso_date(joined):
                out.append(_Tok(joined, s, raw[i + 2][2], _K_DATE))
                i += 3
                continue
        k = _kind(text)
        if out:
            prev = out[-1]
            # `5:35 PM`, `12:00 midnight`
            if prev.kind == _K_TIME and (_AMPM_RE.fullmatch(text) or _NOON_RE.fullmatch(text)):
                out[-1] = _Tok(f"{prev.text} {text}", prev.start, e, _K_TIME)
                i += 1
                continue
            # `372,634 bytes`, `44 KB`, `1.33 MB`
            if _UNIT_RE.fullmatch(text) and prev.kind & (_K_SIZE | _K_VERSION):
                merged = f"{prev.text} {text}"
                if _SIZE_EXACT_RE.fullmatch(merged):
                    out[-1] = _Tok(merged, prev.start, e, _K_SIZE)
                    i += 1
                    continue
                if _SIZE_APPROX_RE.fullmatch(merged):
                    out[-1] = _Tok(merged, prev.start, e, _K_APPROX)
                    i += 1
                    continue
        out.append(_Tok(text, s, e, k))
        i += 1
    return out


# ---------------------------------------------------------------------------------
# Header lines

_C_DATE, _C_TIME, _C_DT, _C_SIZE, _C_VER, _C_NAME, _C_EXT, _C_PLAT, _C_TEXT = range(9)
_C_LEAD, _C_TAIL = 9, 10  # unnamed words before the first and after the last column
_TYPED = frozenset((_C_DATE, _C_TIME, _C_DT, _C_SIZE, _C_VER))
_NAME_PRIO = 100  # name labels are ranked: `File name` beats `File` beats `Name`

# Longest labels first: the alternation takes the first alternative that matches.
_LABELS: tuple[tuple[str, int, int], ...] = (
    (r"date\s*/\s*time|time\s*/\s*date|date\s+and\s+time", _C_DT, 0),
    (r"file\s*names?\s+and\s+path|path\s+and\s+file\s*names?", _C_NAME, 3),
    (r"file\s*names?|filenames?", _C_NAME, 3),
    (r"file\s+dates?|dates?\s+modified|modified\s+dates?|dates?\s+created", _C_DATE, 0),
    (r"last\s+modified|last\s+updated|modified|dates?(?:\(s\))?", _C_DATE, 0),
    (r"file\s+times?|times?\s+created|times?", _C_TIME, 0),
    (r"file\s+sizes?(?:\s*\((?:in\s+)?(?:bytes|kb|k)\))?", _C_SIZE, 0),
    (r"sizes?(?:\(s\))?(?:\s*\((?:in\s+)?(?:bytes|kb|k)\)|\s+in\s+bytes)?|bytes", _C_SIZE, 0),
    (r"(?:file|product|program|current)\s+versions?", _C_VER, 0),
    (r"versions?(?:\s*#|\s+number|\(s\))?|ver\.?|version#", _C_VER, 0),
    (r"module(?:\s+name)?|files?(?:\(s\))?", _C_NAME, 2),
    (r"name", _C_NAME, 1),
    (r"platform|operating\s+system|processor|cpu", _C_PLAT, 0),
    (r"language|locale", _C_TEXT, 0),
    (r"ext(?:ension)?|ext\.", _C_EXT, 0),
)
_LABEL_RE = re.compile(
    r"(?<![\w/])(?:" + "|".join(f"(?P<L{i}>{p})" for i, (p, _, _) in enumerate(_LABELS)) + r")"
    r"(?![\w/])",
    re.IGNORECASE,
)
# Where a header line may be, searched in the lower-cased body: a column label after a
# column gap or a box bar. Each pattern begins with a literal so the regex engine scans
# fast; with the date patterns of the DIR listings they gate all the per-line work.
_HINT_GAP_RE = re.compile(r"  (?:file|name|size|date|version|time|bytes|module|platform)")
_HINT_BOX_RE = re.compile(r"\| *(?:file|name|size|date|version|time|bytes|module)")
_DIGIT_RE = re.compile(r"\d")
_GAP_RE = re.compile(r"\S(?: {2,}|\s*\|\s*)\S")
_CELL_RE = re.compile(r"\S+(?: \S+)*")


class _Col(NamedTuple):
    kind: int
    start: int
    end: int
    label: str


class _Header(NamedTuple):
    cols: tuple[_Col, ...]
    boxed: bool
    kilobytes: bool  # `Size (KB)`: the sizes are rounded


def _label_cols(text: str, offset: int) -> list[_Col]:
    """Columns named in one header cell; words that are not labels form text columns."""
    cols: list[_Col] = []
    pos = 0
    for m in _LABEL_RE.finditer(text):
        gap = text[pos : m.start()]
        if gap.strip():
            s = pos + len(gap) - len(gap.lstrip())
            cols.append(_Col(_C_TEXT, offset + s, offset + pos + len(gap.rstrip()), gap.strip()))
        _, kind, prio = _LABELS[int((m.lastgroup or "L0")[1:])]
        if kind == _C_NAME:
            kind += _NAME_PRIO * prio
        cols.append(_Col(kind, offset + m.start(), offset + m.end(), m.group()))
        pos = m.end()
    rest = text[pos:]
    if rest.strip():
        s = pos + len(rest) - len(rest.lstrip())
        cols.append(_Col(_C_TEXT, offset + s, offset + pos + len(rest.rstrip()), rest.strip()))
    return cols


_HEADER_MEMO: Memo[str, _Header | None] = Memo()


def _parse_header(line: str) -> _Header | None:
    """The columns of a table header line, or None when the line is not one.

    Memoised by text: a line repeated thousands of times (a damaged file, a column of
    `========` that each underlines the one above) is read once, wherever it is asked."""
    return through(_HEADER_MEMO, line, _read_header, MEMO_LINE)


def _read_header(line: str) -> _Header | None:
    s = line.strip()
    # Digits mean a row or a sentence (`37 file(s) 692655 bytes`), never column labels;
    # tags mean HTML code (`<TD>File name</TD>`).
    if not s or len(s) > 130 or s[-1] in ".:,;" or _DIGIT_RE.search(s) or "<" in s:
        return None
    boxed = s[0] == "|"
    if not boxed and not _GAP_RE.search(s) and len(s.split()) > 6:
        return None  # columns are spaced out; a long single-spaced line is a title
    if boxed:
        cols = _boxed_cols(line)
    else:
        cols = [c for m in _CELL_RE.finditer(line) for c in _label_cols(m.group(), m.start())]
    names = [c for c in cols if c.kind >= _NAME_PRIO]
    if not names or len(cols) > 10:
        return None
    fixed = _one_column_each(cols, max(names, key=lambda c: c.kind))
    if fixed is None or not _names_a_manifest(fixed):
        return None
    kilobytes = any(c.kind == _C_SIZE and "k" in c.label.lower() for c in fixed)
    return _Header(tuple(fixed), boxed, kilobytes)


def _boxed_cols(line: str) -> list[_Col]:
    """The columns of a boxed header line (`| File name | Date | Size |`)."""
    cols: list[_Col] = []
    pos = line.index("|")
    for cell in line[pos + 1 :].split("|"):
        start = pos + 1
        pos = start + len(cell)
        got = _label_cols(cell, start)
        if len(got) > 1:
            # A boxed cell is one column, whatever label words it holds.
            kinds = [c.kind for c in got if c.kind != _C_TEXT]
            got = [_Col(kinds[0] if len(kinds) == 1 else _C_TEXT, start, pos, cell.strip())]
        cols.extend(got or [_Col(_C_TEXT, start, pos, "")])
    while cols and cols[-1].kind == _C_TEXT and not cols[-1].label:
        cols.pop()  # the space after the closing bar
    return cols


def _one_column_each(cols: list[_Col], best: _Col) -> list[_Col] | None:
    """The columns with one name column (the best-ranked name label; other name labels
    are text) and each typed label once; None when a label repeats."""
    seen: set[int] = set()
    fixed: list[_Col] = []
    for c in cols:
        kind = c.kind
        if kind >= _NAME_PRIO:
            kind = _C_NAME if c is best else _C_TEXT
        elif kind in seen and kind != _C_TEXT:
            prev = fixed[-1]
            if prev.kind != _C_TEXT or prev.end + 1 != c.start:
                # A repeated label: two tables side by side, or labels spread over two
                # header lines; neither can be read column by column.
                return None
            kind = _C_TEXT  # `SIZE ... EXPANDED SIZE`: a second, unused column
        seen.add(kind)
        fixed.append(c._replace(kind=kind))
    return fixed


def _names_a_manifest(cols: list[_Col]) -> bool:
    """The columns are those of a file manifest: typed columns, more label words than
    other words, and sizes or dates unless it is a plain `File name  Version` list."""
    kinds = [c.kind for c in cols]
    if not _TYPED.intersection(kinds):
        return False
    text_words = sum(len(c.label.split()) for c in cols if c.kind == _C_TEXT)
    label_words = sum(len(c.label.split()) for c in cols if c.kind != _C_TEXT)
    if text_words > label_words:
        return False
    has_text = _C_TEXT in kinds
    # Without sizes, a list with descriptive columns is a driver or component
    # catalogue, not a manifest; plain `File name  Version` lists are manifests.
    return not (
        _C_SIZE not in kinds
        and ((has_text and _C_DATE not in kinds and _C_DT not in kinds) or kinds[0] == _C_TEXT)
    )


# ---------------------------------------------------------------------------------
# Rows under a header

_INF = 1e9
# Cost of leaving a cell blank: Version cells often are, dates and sizes rarely.
_BLANK = {
    _C_DATE: 1.5,
    _C_TIME: 1.0,
    _C_DT: 1.5,
    _C_SIZE: 1.5,
    _C_VER: 0.4,
    _C_NAME: _INF,
    _C_EXT: 0.5,
    _C_PLAT: 0.3,
    _C_TEXT: 0.3,
    _C_LEAD: 0.0,
    _C_TAIL: 0.0,
}


def _cost1(col: int, k: int) -> float:
    """Cost of one token of kind k as the whole cell of a column (_INF: impossible)."""
    if k & _K_BLANK:
        return 0.1 if col in _TYPED else _INF
    if col in (_C_DATE, _C_DT):
        return 0.0 if k & _K_DATE else _INF
    if col == _C_TIME:
        if k & _K_TIME:
            return 0.0
        return 0.3 if k & _K_HHMM else _INF
    if col == _C_SIZE:
        if k & _K_SIZE:
            return 0.3 if k & _K_VERSION and not k & _K_INT else 0.0
        return 0.0 if k & _K_APPROX else _INF
    if col == _C_VER:
        if k & _K_INT:
            return 0.6
        if k & _K_SIZE:
            return 0.3
        return 0.0 if k & _K_VERSION else _INF
    if col == _C_NAME:
        if k & _K_FILE:
            return 0.0
        return 0.7 if k & _K_WORD else _INF
    if col == _C_EXT:
        return 0.0 if k & (_K_WORD | _K_INT | _K_VERSION) else _INF
    # free text takes anything, but a date or time there is suspicious
    return 1.0 if k & (_K_DATE | _K_TIME) else 0.05


def _cost2(col: int, a: _Tok, b: _Tok) -> float:
    """Cost of two tokens as one cell (_INF: impossible)."""
    ka, kb = a.kind, b.kind
    if col in (_C_DT, _C_DATE):
        if ka & _K_DATE and kb & _K_TIME:
            return 0.0 if col == _C_DT else 0.2  # a time under a `Date`/`Modified` label
        if col == _C_DT and ka & _K_TIME and kb & _K_DATE:
            return 0.0
    elif col == _C_VER:
        if ka & _K_VERSION and kb & (_K_WORD | _K_VERSION) and not (ka | kb) & _K_INT:
            return 0.5  # `5.0.2195.4555 shp`, `05.00.4319 (SP2)`
        if ka & (_K_WORD | _K_PROSE) and kb & _K_VERSION and not ka & _K_FILE:
            return 0.5  # `Gen 1.35`
    elif col == _C_NAME:
        if _dos_name(a.text, b.text):
            return 0.3  # `AHA154X  SYS` in a DIR-like table
        if ka & (_K_WORD | _K_FILE) and kb & _K_FILE:
            return 1.0  # a name with a space in it
        if ka & _K_FILE and b.text[0] == "(" and b.text[-1] == ")":
            return 0.8  # `Jpegimp32.flt (updated)`
    return _INF


_DOS_PART_RE = re.compile(r"[A-Za-z0-9_$~!#%&@^()-]+")
_BARE_NAME_RE = re.compile(r"[A-Za-z][\w$~-]{0,11}")
_DOS_BASE_RE = re.compile(r"[A-Z0-9_$~!#%&@^-]{1,8}")  # `SETUPLDR`, `DISK1`: no extension


def _dos_name(base: str, ext: str) -> bool:
    return (
        len(base) <= 8
        and 1 <= len(ext) <= 3
        and bool(_DOS_PART_RE.fullmatch(base))
        and bool(_DOS_PART_RE.fullmatch(ext))
        and any(c.isalpha() for c in base)
        and base.upper() == base
        and ext.upper() == ext
    )


def _pos_cost(cols: Sequence[_Col], i: int, tok: _Tok) -> float:
    """Small penalty when a token lies outside the zone between its neighbours' labels."""
    col = cols[i]
    if col.kind == _C_LEAD:
        # Row labels written left of the first column (`MDAC 2.0  02/02/99 ...`).
        return 0.6 if tok.end < cols[i + 1].start else _INF
    if col.kind == _C_TAIL:
        # Notes right of the last column (`(Bookshelf 1995)`).
        return 0.5 if tok.start > cols[i - 1].end else _INF
    lo = cols[i - 1].end if i > 0 and cols[i - 1].kind < _C_LEAD else -1
    hi = cols[i + 1].start if i + 1 < len(cols) and cols[i + 1].kind < _C_LEAD else 10_000
    if tok.end <= lo:
        d = lo - tok.end + 1
    elif tok.start >= hi:
        d = tok.start - hi + 1
    else:
        return 0.0
    return 0.03 * min(d, 30)


_ALIGN_LIMIT = 6.0
"""A row whose cheapest split costs more is not a row of the table."""


def _align(cols: Sequence[_Col], toks: Sequence[_Tok]) -> tuple[list[list[_Tok]], float] | None:
    """Cheapest split of a row's tokens into the header's columns, in order; None when
    none costs at most _ALIGN_LIMIT."""
    m, n = len(cols), len(toks)
    # Every cost is >= 0, so a state dearer than a split already known can lie on no
    # cheapest split: the one-token-per-column split, when there is one, bounds the
    # search (a dense table's rows then cost a handful of states each, not all of them).
    # The slack absorbs float rounding: pruning less than the bound is always safe.
    limit = _ALIGN_LIMIT
    if m == n + 2:
        shapes = [_cost1(cols[i].kind, toks[i - 1].kind) for i in range(1, m - 1)]
        if not any(shapes):
            # Fast path: one token per named column, each of a fitting shape.
            return [[]] + [[t] for t in toks] + [[]], 0.0
        direct = 0.0
        for i in range(1, m - 1):
            direct += shapes[i - 1] + _pos_cost(cols, i, toks[i - 1])
        limit = min(limit, direct)
    limit += 1e-9
    # best[i][j]: cost of filling the first i columns with the first j tokens;
    # back[i][j]: where column i-1's cell starts on that cheapest way.
    best = [[_INF] * (n + 1) for _ in range(m + 1)]
    back = [[0] * (n + 1) for _ in range(m + 1)]
    best[0][0] = 0.0
    for i in range(m):
        _fill_column(cols, i, toks, best[i], best[i + 1], back[i + 1], limit)
    if best[m][n] > limit or best[m][n] > _ALIGN_LIMIT:
        return None
    cells: list[list[_Tok]] = [[] for _ in range(m)]
    j = n
    for i in range(m, 0, -1):
        j0 = back[i][j]
        cells[i - 1] = list(toks[j0:j])
        j = j0
    return cells, best[m][n]


_FREE = frozenset((_C_TEXT, _C_PLAT, _C_LEAD, _C_TAIL))


def _fill_column(
    cols: Sequence[_Col],
    i: int,
    toks: Sequence[_Tok],
    here: list[float],
    nxt: list[float],
    bk: list[int],
    limit: float,
) -> None:
    """One step of _align: the cheapest ways to end column i after each token.

    A free-text cell takes any number of tokens; a typed cell one token, two that form
    one cell, or (a name) words up to the word with the extension. Offers are made in a
    fixed order and only a strictly cheaper one replaces the kept one, so ties resolve
    the same way every time. Written as one loop with local names: a manifest row passes
    here once per column, and in a dense table this was the parser's hottest code.
    """
    n = len(toks)
    col = cols[i].kind
    blank = _BLANK[col]
    free = col in _FREE
    priced = col < _C_LEAD  # LEAD and TAIL words cost only their position
    for j in range(n + 1):
        base = here[j]
        if base > limit:
            continue
        if base + blank < nxt[j]:
            nxt[j] = base + blank
            bk[j] = j
        if j == n:
            break
        if free:
            acc = base
            for k in range(j, n):
                t = toks[k]
                acc += (_cost1(col, t.kind) if priced else 0.0) + _pos_cost(cols, i, t)
                if acc >= _INF:
                    break
                if acc < nxt[k + 1]:
                    nxt[k + 1] = acc
                    bk[k + 1] = j
            continue
        t = toks[j]
        pos = -1.0  # computed once, when a cell starting here is possible
        c = _cost1(col, t.kind)
        if c < _INF:
            pos = _pos_cost(cols, i, t)
            cost = c + (base + pos)
            if cost < nxt[j + 1]:
                nxt[j + 1] = cost
                bk[j + 1] = j
        if j + 1 < n:
            c = _cost2(col, t, toks[j + 1])
            if c < _INF:
                if pos < 0.0:
                    pos = _pos_cost(cols, i, t)
                cost = c + (base + pos)
                if cost < nxt[j + 2]:
                    nxt[j + 2] = cost
                    bk[j + 2] = j
        if col == _C_NAME and t.kind & (_K_WORD | _K_INT):
            # `3d Flower Box.scr`: words, then the word with the extension
            for k in range(j + 2, min(j + 4, n)):
                tk = toks[k]
                if tk.kind & _K_FILE:
                    if pos < 0.0:
                        pos = _pos_cost(cols, i, t)
                    cost = base + 0.8 * (k - j) + pos
                    if cost < nxt[k + 1]:
                        nxt[k + 1] = cost
                        bk[k + 1] = j
                    break
                if not tk.kind & (_K_WORD | _K_INT):
                    break


class _Row(NamedTuple):
    date: str | None
    time: str | None
    version: str | None
    size_bytes: int | None
    size_text: str | None
    name: str
    platform: str | None


_NAME_BAD_RE = re.compile(
    r"[\d,.]+|file\(s\)|files?|dirs?|dir\(s\)|bytes|total|<dir>|\.+", re.IGNORECASE
)
_DATE_IN_RE = re.compile(_DATE_RE.pattern)
_TIME_IN_RE = re.compile(r"\d{1,2}:\d\d(?::\d\d)? ?(?:[AaPp]\.?(?:[Mm]\.?)?)?(?![\w:])")


def _build_row(
    kinds: Sequence[int], cells: Sequence[str], sure: bool, bare_ok: bool
) -> _Row | None:
    """A row from its cell texts in column order; None when a typed cell does not parse.

    In a table that is `sure`ly a manifest (boxed, or ruled under its header) one typed
    cell besides a file name is enough; elsewhere half of the typed cells must be filled.
    `bare_ok` admits a file name with nothing else (the date is "to follow").
    """
    got = _Cells()
    for kind, text in zip(kinds, cells, strict=True):
        if not got.read(kind, text):
            return None
    name = got.name
    if not name or _NAME_BAD_RE.fullmatch(name):
        return None
    if not (
        _FILE_RE.search(name)
        or _DOS_BASE_RE.fullmatch(name)
        or (got.date is not None and _BARE_NAME_RE.fullmatch(name))
    ):
        # Record fields, table columns, memory areas and product names are not files;
        # a dated row may name a file without extension (`Ntldr`).
        return None
    if got.filled == 0:
        if not (bare_ok and _FILE_RE.fullmatch(name)) or _PLACEHOLDER_RE.fullmatch(name):
            return None
    elif got.filled * 2 < got.typed and not (sure and _FILE_RE.match(name)):
        return None
    if got.ext:
        name = f"{name}.{got.ext}"
    return _Row(got.date, got.time, got.version, got.size_bytes, got.size_text, name, got.platform)


@dataclass
class _Cells:
    """The values of a row's cells, read one cell at a time."""

    date: str | None = None
    time: str | None = None
    version: str | None = None
    size_bytes: int | None = None
    size_text: str | None = None
    name: str | None = None
    platform: str | None = None
    ext: str | None = None
    filled: int = 0
    """Typed cells with a value."""
    typed: int = 0
    """Typed columns."""

    def read(self, kind: int, text: str) -> bool:
        """Take one cell of a column of `kind`; False when a typed cell does not parse."""
        if kind in _TYPED:
            self.typed += 1
        if not text or (kind in _TYPED and _PLACEHOLDER_RE.fullmatch(text)):
            return True
        if kind in (_C_DATE, _C_DT):
            ok = self._read_date(kind, text)
        elif kind == _C_TIME:
            self.time = _hhmm(text)
            ok = self.time is not None
        elif kind == _C_SIZE:
            self.size_bytes, ok = _size(text)
            self.size_text = text
        elif kind == _C_VER:
            self.version = text
            ok = True
        else:
            self._read_untyped(kind, text)
            return True
        self.filled += 1
        return ok

    def _read_date(self, kind: int, text: str) -> bool:
        """A date cell; under a `Date/Time` label (or a `Date` one) a time may follow."""
        dm = _DATE_IN_RE.search(text)
        if dm is None:
            return False
        self.date = _iso_date(dm.group())
        rest = (text[: dm.start()] + text[dm.end() :]).strip()
        if self.date is None or (kind == _C_DATE and rest and not _TIME_IN_RE.fullmatch(rest)):
            return False
        if rest:
            self.time = _hhmm(rest)
            if self.time is None:
                return False
        return True

    def _read_untyped(self, kind: int, text: str) -> None:
        if kind == _C_NAME:
            self.name = text
        elif kind == _C_EXT:
            self.ext = text
        elif kind == _C_PLAT:
            # `(x86)` -> x86, `ARM720 (Debug)` -> ARM720 Debug; a dash means none
            platform = " ".join(text.translate(_PLAT_STRIP).split())
            self.platform = None if not platform or platform[0] == "-" else platform


_PLAT_STRIP = str.maketrans("", "", "()<>")
_LEAD = _Col(_C_LEAD, -1, -1, "")
_TAIL = _Col(_C_TAIL, -1, -1, "")


def _row_from_line(
    hdr: _Header, line: str, sure: bool = False, bare_ok: bool = False
) -> _Row | None:
    """The row a line gives under a header, or None."""
    row = _row_cells(hdr, line, sure, bare_ok)
    if row is not None and hdr.kilobytes:
        row = row._replace(size_bytes=None)
    return row


_ROW_MEMO: Memo[tuple[_Header, str, bool, bool], _Row | None] = Memo()


def _row_cells(hdr: _Header, line: str, sure: bool, bare_ok: bool) -> _Row | None:
    """The row of a line under a header, memoised for short lines: a table's rows are
    read again when its end is sought, and a line repeated a thousand times (a pasted
    listing, a damaged file) is aligned once."""
    if len(line) > MEMO_LINE:
        return _read_row(hdr, line, sure, bare_ok)
    key = (hdr, line, sure, bare_ok)
    try:
        return _ROW_MEMO[key]
    except KeyError:
        return _ROW_MEMO.keep(key, _read_row(hdr, line, sure, bare_ok))


def _read_row(hdr: _Header, line: str, sure: bool, bare_ok: bool) -> _Row | None:
    """The row of a boxed line cell by cell, or of a spaced line by aligning its words."""
    kinds = [c.kind for c in hdr.cols]
    if hdr.boxed:
        s = line.strip()
        if not s.startswith("|"):
            return None
        cells = [c.strip() for c in s.strip("|").split("|")]
        while len(cells) > len(kinds) and not cells[-1]:
            cells.pop()
        if len(cells) != len(kinds):
            return None
        _swap_name_version(kinds, cells)
        return _build_row(kinds, cells, True, True)
    # Cabinet listings carry an attribute column (`----`) that headers do not name.
    toks = [t for t in _tokens(line) if not _ATTR_RE.fullmatch(t.text)]
    if not toks or len(toks) > 3 * len(kinds) + 4:
        return None
    cols = (_LEAD, *hdr.cols, _TAIL)
    got = _split(cols, toks)
    if got is None:
        return None
    cells = [_cell_text(c, cell) for c, cell in zip(cols[1:-1], got[1:-1], strict=True)]
    return _build_row(kinds, cells, sure, bare_ok and len(toks) == 1)


_ATTR_RE = re.compile(r"(?=\S*-)[-ARHSCarhsc]{4,5}")

_SPLIT_MEMO: Memo[tuple[object, ...], tuple[int, ...] | None] = Memo()


def _split(cols: tuple[_Col, ...], toks: list[_Tok]) -> list[list[_Tok]] | None:
    """_align's cells, memoised on all that it reads of a token: its kind, its place
    and the three facts of its text that _cost2 asks (a DOS base, a DOS extension, in
    parentheses). The rows of one table differ in their words but mostly not in these,
    so a table of a thousand rows is aligned a few dozen times."""
    key = (cols, tuple((t.kind, t.start, t.end, _pair_flags(t.text)) for t in toks))
    try:
        lengths = _SPLIT_MEMO[key]
    except KeyError:
        got = _align(cols, toks)
        lengths = _SPLIT_MEMO.keep(key, None if got is None else tuple(len(c) for c in got[0]))
    if lengths is None:
        return None
    cells: list[list[_Tok]] = []
    j = 0
    for n in lengths:
        cells.append(toks[j : j + n])
        j += n
    return cells


def _pair_flags(text: str) -> int:
    """What _dos_name and _cost2's parenthesis test read of a token, as bits."""
    flags = 4 if text[:1] == "(" and text[-1:] == ")" else 0
    if len(text) <= 8 and text.upper() == text and _DOS_PART_RE.fullmatch(text):
        if any(c.isalpha() for c in text):
            flags |= 1  # a DOS base name
        if 1 <= len(text) <= 3:
            flags |= 2  # a DOS extension
    return flags


def _swap_name_version(kinds: Sequence[int], cells: list[str]) -> None:
    """Put back a file name and a version written in each other's boxes."""
    if _C_NAME in kinds and _C_VER in kinds:
        n, v = kinds.index(_C_NAME), kinds.index(_C_VER)
        if _kind(cells[n]) & _K_VERSION and _kind(cells[v]) & _K_FILE:
            cells[n], cells[v] = cells[v], cells[n]


def _cell_text(col: _Col, cell: Sequence[_Tok]) -> str:
    if col.kind == _C_NAME and len(cell) == 2 and _dos_name(cell[0].text, cell[1].text):
        return f"{cell[0].text}.{cell[1].text}"
    return " ".join(t.text for t in cell)


# ---------------------------------------------------------------------------------
# DIR-style listings (no header)

_D = r"(?:\d{1,2}[/-]\d{1,2}[/-](?:\d{4}|\d{2}))"
_T = r"(?:\d{1,2}:\d\d(?::\d\d)? ?(?:[AaPp][Mm]?)?)"
_S = r"(?:\d{1,3}(?:,\d{3})+|\d+)"
# MS-DOS: `NAME  EXT  size date time [long name]`
_DOS_DIR_RE = re.compile(
    rf"\s*(?P<name>[\w$~!#%&@^-][^\s.<>|\[\]]{{0,7}})(?:\s+(?P<ext>[^\s.<>|\[\]]{{1,3}}))?\s+(?P<size>{_S})"
    rf"\s+(?P<date>{_D})(?:\s+(?P<time>{_T}))?(?:\s+(?P<long>[^\s<>|\[\]]+))?\s*"
)
# Windows NT / 95 DIR and cabinet listings: `date time [attributes] size name`
_NT_DIR_RE = re.compile(
    rf"\s*(?P<date>{_D})\s+(?P<time>{_T})\s+(?:[-ARHSCarhsc]{{4,5}}\s+)?(?P<size>{_S})"
    rf"\s+(?P<name>[^\s<>|:]+)\s*"
)
_HINT_DASH_DATE_RE = re.compile(r"-\d{1,2}-\d\d")
_HINT_SLASH_DATE_RE = re.compile(r"/\d{1,2}/\d\d")


_WIDE_GAP_RE = re.compile(r"(?<=\S) {6,}(?=\S)")


def _dir_rows(line: str) -> tuple[_Row, ...]:
    """The entries of a DIR listing line; wide listings put two or more on a line."""
    # Every line of a listing's run is read, and a damaged file repeats its lines.
    return through(_DIR_MEMO, line, _read_dir_rows, MEMO_LINE)


def _read_dir_rows(line: str) -> tuple[_Row, ...]:
    row = _dir_row(line) or _loose_row(line)
    if row is not None:
        return (row,)
    if "<DIR>" in line or not _WIDE_GAP_RE.search(line):
        return ()
    rows: list[_Row] = []
    for part in _WIDE_GAP_RE.split(line):
        row = _dir_row(part)
        if row is None:
            return ()
        rows.append(row)
    return tuple(rows) if len(rows) > 1 else ()


_DIR_MEMO: Memo[str, tuple[_Row, ...]] = Memo()


_PAREN_VERSION_RE = re.compile(r"\(\s*(?:version|ver\.?)\s+([\w.]+)\s*\)", re.IGNORECASE)
_PAREN_PLATFORM_RE = re.compile(
    r"\(\s*((?:x86|intel|alpha|i386|mips|ppc)(?:\s+(?:or|and)\s+\w+)?)\s*\)", re.IGNORECASE
)
_PLATFORM_WORD_RE = re.compile(r"x86|intel|alpha|i386|mips|ppc", re.IGNORECASE)
# `Io.sys dated 12/22/97 5:53pm 223,230 bytes`, `Mfc40.dll 923,408 bytes Ver. 4.0.5277`
_FILLER_WORDS = frozenset(("version", "ver.", "ver", "dated", "date", "date:", "size:", "bytes"))


def _loose_row(line: str) -> _Row | None:
    """A header-less manifest line: one file name, one date, a size, and at most a time,
    a version and a processor (`Dispatch.exe  7/10/98  5:39p  85,245 bytes (version
    3.5.34)`, `4mmdat.sys  10,288  5/1/97  12:00a`, `| Imm32.dll | 94,992 | 03/04/98 |`).
    Any other word makes it prose."""
    s = line.replace("|", " ") if line.lstrip().startswith("|") else line
    version = platform = None
    m = _PAREN_VERSION_RE.search(s)
    if m is not None:
        version = m.group(1)
        s = s[: m.start()] + s[m.end() :]
    m = _PAREN_PLATFORM_RE.search(s)
    if m is not None:
        platform = m.group(1)
        s = s[: m.start()] + s[m.end() :]
    name = date = time = size = None
    for t in _tokens(s):
        k = t.kind
        if t.text.lower() in _FILLER_WORDS:
            continue
        if k & _K_DATE and date is None:
            date = t.text
        elif k & _K_TIME and time is None:
            time = t.text
        elif k & _K_FILE and name is None:
            name = t.text
        elif k & (_K_SIZE | _K_APPROX) and size is None:
            size = t.text
        elif k & _K_VERSION and not k & _K_INT and version is None:
            version = t.text
        elif platform is None and _PLATFORM_WORD_RE.fullmatch(t.text):
            platform = t.text
        else:
            return None
    if name is None or date is None or size is None or _NAME_BAD_RE.fullmatch(name):
        return None
    iso = _iso_date(date)
    hhmm = _hhmm(time) if time is not None else None
    size_bytes, ok = _size(size)
    if iso is None or (time is not None and hhmm is None) or not ok:
        return None
    return _Row(iso, hhmm, version, size_bytes, size, name, platform)


def _dir_row(line: str) -> _Row | None:
    """The entry a DIR listing line gives, or None (also for `<DIR>` lines)."""
    m = _NT_DIR_RE.fullmatch(line)
    if m is not None:
        name = m["name"]
        date, time = _iso_date(m["date"]), _hhmm(m["time"])
        if _NAME_BAD_RE.fullmatch(name) or date is None or time is None:
            return None
        size = m["size"]
        return _Row(date, time, None, int(size.replace(",", "")), size, name, None)
    m = _DOS_DIR_RE.fullmatch(line)
    if m is not None:
        name, ext, long = m["name"], m["ext"] or "", m["long"]
        if _NAME_BAD_RE.fullmatch(name + ext) or not any(c.isalpha() for c in name + ext):
            return None
        if name.lower() in _PROSE_WORDS or ext.lower() in _PROSE_WORDS:
            return None
        date = _iso_date(m["date"])
        time = _hhmm(m["time"]) if m["time"] else None
        if date is None or (m["time"] and time is None):
            return None
        if long is not None and not _kind(long) & _K_FILE:
            return None  # a trailing word that is not a long file name
        size = m["size"]
        full = long or (f"{name}.{ext}" if ext else name)
        return _Row(date, time, None, int(size.replace(",", "")), size, full, None)
    return None


# ---------------------------------------------------------------------------------
# Platform sub-headings

# A rule under a header or inside a table: blanks, then only `-=+|_ ` with a run of three
# `-=_` somewhere. Tested in two linear passes; as one regex
# (`\s*[-=+|_ ]*[-=_]{3,}[-=+|_ ]*`) a long rule that fails at its last character
# (`-----...x`) was tried at every split of the run (cubic: 1,200 characters, 3 s).
_SEPARATOR_CHARS_RE = re.compile(r"[-=+|_ ]*")
_SEPARATOR_RUN_RE = re.compile(r"[-=_]{3}")


def _is_separator(line: str) -> bool:
    s = line.lstrip()
    return _SEPARATOR_CHARS_RE.fullmatch(s) is not None and _SEPARATOR_RUN_RE.search(s) is not None


_PLATFORM_HEAD_RE = re.compile(
    r"\b(?:windows|win\w*|nt|ms-dos|dos|os/2|mac|macintosh|unix|intel|alpha|x86|i386|mips|"
    r"ppc|powerpc|server|workstation|services?|exchange|sna|sql|iis|office|explorer|"
    r"platform|edition)\b",
    re.IGNORECASE,
)
# Headings about steps, disks and file sets, not about what the files run on.
_NOT_PLATFORM_HEAD_RE = re.compile(
    r"(?:method|steps?|sample|example|how|to|contents?|notes?|download\w*|obtain\w*|"
    r"availability|hot ?fix\w*|fix|resolution|workaround|cause|more|summary|symptoms?|"
    r"status|references?|update[sd]?|cabinet|directory|volume|making|manually|with|"
    r"without|and|compression)\b"
    r"|.*\b(?:disks?|files?|install\w*|controls?|drivers?|programs?|clients?|encyclopedia|"
    r"bookshelf|readme|set)\b",
    re.IGNORECASE,
)
_BARE_PLATFORM_RE = re.compile(
    r"\s*(?:for\s+)?\(?(x86|i386|intel|alpha|mips|ppc|powerpc)\)?"
    r"(?:[- ](?:based|version|platform|computers?|systems?|edition))*\s*:?\s*",
    re.IGNORECASE,
)


class _SubHeadings:
    """The underlined margin lines of a body that are no table header, found once.

    Every table and DIR listing looks up the nearest one above it; walking up from each
    would make a body of many listings cost the square of its length.
    """

    def __init__(self, lines: Sequence[str]) -> None:
        self.lines = lines
        self._under: list[int] | None = None

    def _heads(self, i: int) -> bool:
        """Line i underlines a margin line that is no table header."""
        lines = self.lines
        u = lines[i]
        if not u or u[0] not in " -=" or not is_underline(u):
            return False
        head = lines[i - 1].rstrip()
        if not head or head[0] == " " or not fits(u, head):
            return False  # platform sub-headings start at the margin; table headers do not
        return _parse_header(head) is None

    def nearest_above(self, at: int) -> int | None:
        """The underline nearest above line `at` (not line 0: it underlines nothing)."""
        if self._under is None:
            self._under = [i for i in range(1, len(self.lines)) if self._heads(i)]
        k = bisect_right(self._under, at - 1)
        return self._under[k - 1] if k else None


def _platform_heading(subs: _SubHeadings, at: int) -> str | None:
    """The platform sub-heading a table starting at line `at` sits under, if any.

    A bare processor name on a line of its own (`Alpha:`) just above the table counts;
    otherwise the nearest `-`-underlined heading above, inside the same `=` section,
    when it names a platform or product rather than a step or a disk.
    """
    lines = subs.lines
    for i in range(at - 1, max(at - 6, 0) - 1, -1):
        if lines[i].strip():
            m = _BARE_PLATFORM_RE.fullmatch(lines[i])
            if m is not None:
                return m.group(1)
    i = subs.nearest_above(at)
    if i is not None:
        u = lines[i]
        head = lines[i - 1].rstrip()
        if u.strip()[0] == "=":
            return None
        text = head.rstrip(":").strip()
        if text[:4].lower() == "for ":
            text = text[4:]
        if (
            not text[0].isupper()
            or len(text.split()) > 8
            or _NOT_PLATFORM_HEAD_RE.match(text)
            or not _PLATFORM_HEAD_RE.search(text)
        ):
            return None
        return text
    return None


# ---------------------------------------------------------------------------------
# Tables


def _rule_under(lines: Sequence[str], i: int) -> bool:
    """A rule of dashes (or a box border) right under line i: surely a table header."""
    return i + 1 < len(lines) and _is_separator(lines[i + 1])


_ROWISH_RE = re.compile(rf"(?:^|\s){_D}(?:\s|$)")


def _looks_like_row(line: str) -> bool:
    """A line with a date and a file name in it: what a manifest row is made of."""
    return bool(_ROWISH_RE.search(line)) and bool(_FILE_RE.search(line))


def _scan_table(
    lines: Sequence[str], hdr: _Header, at: int, headers: dict[int, _Header]
) -> tuple[list[tuple[int, _Row]], int]:
    """Rows of the table whose header is line `at`; and the line where the table ends.

    Rows run until a line that is not a row; a single blank line inside the table is
    skipped when a row follows it. Before the first row, rules, blank lines and a few
    note lines may stand between the header and the rows.
    """
    # A name alone is a row only in a table that surely is one: right under its rule.
    sure = hdr.boxed or _rule_under(lines, at)
    first, j = _first_row(lines, hdr, at, headers, sure)
    if first is None:
        return [], j
    rows = [first]
    return rows, _more_rows(lines, hdr, j, headers, sure, rows)


def _table_ends(lines: Sequence[str], j: int, headers: dict[int, _Header]) -> bool:
    """Line j starts another table or a heading."""
    return j in headers or underlined(lines, j, fitted=True)


def _first_row(
    lines: Sequence[str], hdr: _Header, at: int, headers: dict[int, _Header], sure: bool
) -> tuple[tuple[int, _Row] | None, int]:
    """The first row under the header at line `at` and the line after it; without one,
    None and the line where the table ends."""
    n = len(lines)
    j = at + 1
    skipped = 0
    while j < n:
        line = lines[j]
        if _table_ends(lines, j, headers):
            return None, j
        if not line.strip() or _is_separator(line):
            j += 1
            continue
        row = _row_from_line(hdr, line, sure, sure and skipped == 0)
        j += 1
        if row is not None:
            return (j - 1, row), j
        skipped += 1
        if skipped > 20:
            return None, j - 1
    return None, j


def _more_rows(
    lines: Sequence[str],
    hdr: _Header,
    j: int,
    headers: dict[int, _Header],
    sure: bool,
    rows: list[tuple[int, _Row]],
) -> int:
    """Add the rows from line j on to `rows` (wrapped cells completed); where they end."""
    n = len(lines)
    while j < n:
        line = lines[j]
        if _table_ends(lines, j, headers):
            break
        if not line.strip():
            k = j + 1
            while k < n and k - j < 2 and not lines[k].strip():
                k += 1
            if k < n and k not in headers and _row_from_line(hdr, lines[k]) is not None:
                j = k
                continue
            break
        if _is_separator(line):
            j += 1
            continue
        row = _row_from_line(hdr, line, sure, sure)
        if row is None:
            row = _continued(hdr, line, rows[-1][1])
            if row is None:
                break
            rows[-1] = (rows[-1][0], row)
        else:
            rows.append((j, row))
        j += 1
    return j


def _continued(hdr: _Header, line: str, row: _Row) -> _Row | None:
    """The row with a wrapped cell (`Windows 98 Second` / `Edition`) completed by this
    line, or None when the line does not continue a cell."""
    if hdr.boxed:
        return None
    toks = _tokens(line)
    if not toks or len(toks) > 4:
        return None
    if any(t.kind & (_K_DATE | _K_TIME | _K_SIZE | _K_APPROX) for t in toks):
        return None
    at = toks[0].start
    cols = [c for c in hdr.cols if c.start <= at + 2]
    if len(cols) <= 1:
        return None  # text at the left margin of the table is not inside a cell
    col = cols[-1]
    text = " ".join(t.text for t in toks)
    if col.kind == _C_NAME and len(toks) == 1:
        return row._replace(name=row.name + text)
    if col.kind == _C_PLAT and row.platform:
        return row._replace(platform=f"{row.platform} {text.translate(_PLAT_STRIP)}".strip())
    if col.kind in (_C_TEXT, _C_VER):
        return row  # a wrapped description: nothing of the record's
    return None


def _dir_listings(
    lines: Sequence[str],
    cands: Sequence[int],
    used: set[int],
    headers: dict[int, _Header],
    found: list[tuple[int, _Row]],
    subs: _SubHeadings,
) -> None:
    """Add the rows of header-less DIR listings that start at one of the `cands` lines.

    A listing runs over blank and `<DIR>` lines and ends at any other line that is not
    an entry.
    """
    n = len(lines)
    j = -1
    for start in cands:
        if start <= j:
            continue
        j = start
        if j in used or j in headers or not _dir_rows(lines[j]):
            continue
        plat = _platform_heading(subs, j)
        while j < n:
            if j not in used and j not in headers:
                rows = _dir_rows(lines[j])
                if not rows:
                    if lines[j].strip() and "<DIR>" not in lines[j]:
                        break
                else:
                    found.extend((j, row._replace(platform=row.platform or plat)) for row in rows)
                    used.add(j)
            j += 1


def extract_files(lines: Sequence[str]) -> tuple[list[FileRow], list[str]]:
    """Hotfix manifest rows found in the article body, and warnings (plain English).

    `lines` is the sanitised body, one string per line. Rows come in the order they
    appear. A table without a Platform column takes its platform from the platform
    sub-heading it sits under (`Windows NT 4.0`, `Alpha`), else null.
    """
    text = "\n".join(lines)
    found: list[tuple[int, _Row]] = []
    warnings: list[str] = []
    used: set[int] = set()
    subs = _SubHeadings(lines)
    headers = _find_headers(lines, text.lower())
    for i, hdr in headers.items():
        rows = _table_rows(lines, i, hdr, headers, warnings, subs)
        found.extend(rows)
        used.update(j for j, _ in rows)
    # Every DIR entry has a date (`07-24-93`, `08/01/95`).
    dir_lines: set[int] = set()
    for rx in (_HINT_DASH_DATE_RE, _HINT_SLASH_DATE_RE):
        dir_lines.update(match_lines(rx, text))
    if dir_lines:
        _dir_listings(lines, sorted(dir_lines), used, headers, found, subs)
    found.sort(key=lambda p: p[0])
    return [_file_row(r) for _, r in found], warnings


def _find_headers(lines: Sequence[str], low: str) -> dict[int, _Header]:
    """The table header lines of the body (`low`: its lower-cased text), by index."""
    cands: set[int] = set()
    for rx in (_HINT_GAP_RE, _HINT_BOX_RE):
        if rx is _HINT_BOX_RE and "|" not in low:
            continue
        cands.update(match_lines(rx, low))
    headers: dict[int, _Header] = {}
    for i in sorted(cands):
        # Read once per distinct text (_parse_header's memo): a body of one header
        # repeated 70,000 times (a damaged file) took 1.7 s/MB reading it again.
        hdr = _parse_header(lines[i])
        if hdr is not None:
            headers[i] = hdr
    return headers


def _table_rows(
    lines: Sequence[str],
    i: int,
    hdr: _Header,
    headers: dict[int, _Header],
    warnings: list[str],
    subs: _SubHeadings,
) -> list[tuple[int, _Row]]:
    """The rows of the table under the header at line i, with the platform of the
    sub-heading above when the table has no Platform column; unreadable rows warned of."""
    rows, end = _scan_table(lines, hdr, i, headers)
    if not rows and _rule_under(lines, i) and "file" in lines[i].lower():
        warnings.append(f"file table header on body line {i + 1} has no readable rows")
    elif rows and end < len(lines) and _looks_like_row(lines[end]):
        warnings.append(
            f"file table row on body line {end + 1} could not be read: {lines[end].strip()[:60]!r}"
        )
    has_plat = any(c.kind == _C_PLAT for c in hdr.cols)
    plat = None if has_plat or not rows else _platform_heading(subs, i)
    if plat is None:
        return rows
    return [
        (j, row if row.platform is not None else row._replace(platform=plat)) for j, row in rows
    ]


def _file_row(r: _Row) -> FileRow:
    """The record's FileRow of a row."""
    return FileRow(
        date=r.date,
        time=r.time,
        version=r.version,
        size_bytes=r.size_bytes,
        size_text=r.size_text,
        name=r.name,
        platform=r.platform,
    )
