"""References to other articles (Q-numbers) and URLs in the body."""

from __future__ import annotations

import re
from collections.abc import Sequence

_QREF = re.compile(r"(?<![A-Za-z0-9])Q(\d{4,7})(?![0-9])")
# Matched against the lower-cased text (the same length), which is much faster than
# IGNORECASE; the URL itself is then cut from the original text.
# Each branch starts with its letter and only then looks behind (`\b` before `http` is
# "no word character before the h"): a pattern that starts with an assertion is tried
# at every character, 17 times slower over a run of spaces (tabs expand 8-fold).
_URL = re.compile(r"(?:h(?<!\wh)ttps?://|f(?<!\wf)tp://|w(?<![\w@/.]w)ww\.)[^\s\"'<>]+")
# A wrapped URL goes on with a path-like token at the start of the next line (181 in
# the archive): the whole line, or its first word when the URL broke after `/`, `-`, `.`.
_CONTINUATION = re.compile(r"^\s*([\w/.?=&%~:#+-]*[/.][\w/.?=&%~:#+-]*)([.,;:)\]]*)(\s.*)?$")
_TRAILING = ".,;:)]}!'\""
# Literal-prefix patterns let `re` skip ahead fast; the exact ones above then confirm.
_QREF_QUICK = re.compile(r"Q\d{4}")


def related_articles(lines: Sequence[str], own_id: str) -> list[str]:
    seen: dict[str, None] = {}
    if not _QREF_QUICK.search("\n".join(lines)):
        return []
    for line in lines:
        if "Q" not in line:
            continue
        for m in _QREF.finditer(line):
            qid = "Q" + str(int(m.group(1)))
            if qid != own_id:
                seen.setdefault(qid, None)
    return list(seen)


def _continuation(url: str, line: str) -> str:
    """What of `line` continues `url`, which ended the line above; "" when nothing."""
    m = _CONTINUATION.match(line)
    if not m:
        return ""
    token = m.group(1)
    lower = token.lower()
    if "://" in lower or lower.startswith("www.") or "-http" in lower:
        return ""  # the next line starts a URL of its own
    if m.group(3) and m.group(3).strip():
        # More words follow: only a URL cut inside its host or after a separator goes
        # on, and only with a token that has a path (`microsoft.com/support/`).
        if not (url.endswith(("/", "-", ".")) and "." in token and "/" in token):
            return ""
        return token
    host_cut = url.endswith(".") and "/" not in url.split("//", 1)[-1]
    if url.endswith(("/", "-")) or token.startswith("/") or host_cut:
        return token
    return ""


def _clean(url: str) -> str:
    # A `)` the URL did not open ends it (`(www.example.com)--for example`).
    depth = 0
    for k, c in enumerate(url):
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth < 0:
                url = url[:k]
                break
    # Parentheses around a URL, and sentence punctuation after it, are not part of it;
    # a `)` is kept when the URL itself opened one.
    while url and url[-1] in _TRAILING:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def urls(lines: Sequence[str]) -> list[str]:
    text = "\n".join(lines)
    lower = text.lower()
    if len(lower) != len(text):
        # The dotted capital I (U+0130, the only such character) lower-cases to two;
        # it is kept as it is, so offsets stay exact. Split on it rather than lower-casing
        # character by character, which cost 0.7 s a MB.
        lower = "\u0130".join(part.lower() for part in text.split("\u0130"))
    if "://" not in lower and "www." not in lower:
        return []
    seen: dict[str, None] = {}
    for m in _URL.finditer(lower):
        url = text[m.start() : m.end()]
        after = text[m.end() : m.end() + 2]
        if after[:1] == "<" and after[1:2] not in ("/", ""):
            # A template with a placeholder (`ftp://host/<adapter_type>/release`) is no
            # address; a closing tag after it (`...nfs.</LINK>`) ends a real one.
            continue
        # A URL that ends its line may go on, wrapped, on the next one.
        nl = text.find("\n", m.end())
        if nl != -1 and not text[m.end() : nl].strip():
            nxt_end = text.find("\n", nl + 1)
            url += _continuation(url, text[nl + 1 : nxt_end if nxt_end != -1 else len(text)])
        url = _clean(url)
        if "<" in url or ">" in url or len(url) < 8:
            continue
        seen.setdefault(url, None)
    return list(seen)
