"""The published HTML pages: the article is the text of `<pre><code>`, the rest is chrome.

The page is read in one streaming pass over its markup, no tree: a regular expression finds
each tag, comment and declaration, a stack of open elements follows the nesting, and only
the few elements the article can be in keep their place in the page's text. See
ARCHITECTURE.md (the linear-time rule) for why not BeautifulSoup or lxml.
"""

from __future__ import annotations

import gc
import re
from collections import defaultdict

from .errors import ParseError
from .markdown import split_body
from .raw import RawArticle
from .residue import entity_text

# Jekyll "smartified" the page title; the articles themselves are plain ASCII.
_SMART = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
_SMART_SEQ = (("\u2026", "..."), ("\u2014", "---"), ("\u2013", "--"))
_TITLE = re.compile(r"^\s*Q\d+:\s?(.*?)(?:\s*\|\s*KnowledgeBase Archive)?\s*$")


_MAX_PRE = 8

# One piece of markup from its `<`. Every branch reaches the closing `>` or the end of the
# page with possessive steps, so a match never backtracks and an unclosed one ends the
# page (as in a browser): each character is read once. A `<` that starts none of these
# (`< x`, `<3`, `<>`) is text.
_MARKUP = re.compile(
    r"<(?:"
    # 1: a start tag's name, 2: its attributes (a quote opens a value only after `=`)
    r"([a-zA-Z][^\t\n\r\f />\x00]*+)((?:[^>='\"]++|=\s*+(?:'[^']*+'?|\"[^\"]*+\"?)?+|['\"])*+)"
    r"(>|\Z)"  # 3: `>`, or nothing at the end of the page
    r"|/([a-zA-Z][^\t\n\r\f />\x00]*+)[^>]*+(?:>|\Z)"  # 4: an end tag's name
    r"|!--(?:-?>|.*?--!?>|.*+)"  # a comment, to the end of the page when unclosed
    r"|!\[CDATA\[(.*?)(?:\]\]>|\Z)"  # 5: CDATA, whose text html.parser kept
    r"|[!?/][^>]*+(?:>|\Z)"  # <!DOCTYPE>, <![CDATA[, <?pi>, </ x>, </>: dropped
    r")",
    re.DOTALL,
)
# Script and style hold raw text up to their end tag (html.parser's CDATA elements).
_RAW_END = {name: re.compile(rf"</\s*{name}\s*>", re.IGNORECASE) for name in ("script", "style")}
_REF = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][-.a-zA-Z0-9]*);?")
_ID_ATTR = re.compile(r"""(?:^|[\s/])id\s*(?:=|[\s/]|$)|(?:'[^']*'|"[^"]*")""", re.IGNORECASE)
# The elements that matter, by kind; every other one is a name on the stack.
_VOID, _PRE, _CODE, _H2, _TITLE_EL, _PRESERVE, _NOT_TEXT, _RAW = range(8)
_KIND = {
    # Elements that never hold anything: their start tag closes them.
    **dict.fromkeys(
        "area base br col embed hr img input keygen link menuitem meta param source track "
        "wbr basefont bgsound command frame image isindex nextid spacer".split(),
        _VOID,
    ),
    "pre": _PRE,
    "code": _CODE,
    "h2": _H2,
    "title": _TITLE_EL,
    "textarea": _PRESERVE,  # keeps its blanks as they are, as <pre> does
    # Text inside these is not the page's text (BeautifulSoup's get_text() left it out).
    "template": _NOT_TEXT,
    "rt": _NOT_TEXT,
    "rp": _NOT_TEXT,
    "script": _RAW,  # raw text to the end tag, as html.parser read them
    "style": _RAW,
}
_ASCII_SPACES = " \n\t\x0c\r"


def looks_like(text: str) -> bool:
    head = text.lstrip("\ufeff \n")[:1000].lower()
    return head.startswith(("<!doctype html", "<html")) or "<pre" in head


class _Element:
    """An open element of a kind that matters (see _KIND) on the stack; the elements the
    article may be in (a <pre>, a <code>, the title) also keep where their text starts
    and ends in the page's list of text runs, and a <pre> its first <code>."""

    __slots__ = ("code", "content_at", "empty", "end", "kept", "kind", "name", "start", "tag_at")

    def __init__(self, name: str, kind: int, start: int = 0, tag_at: int = 0) -> None:
        self.name = name
        self.kind = kind
        self.kept = tag_at > 0  # false for the shared entries of _OTHER
        self.start = start
        self.end: int | None = None
        self.tag_at = tag_at
        self.content_at = 0  # where its content starts in the page
        self.code: _Element | None = None
        self.empty = False  # closed with nothing in it (`<code></code>`, `<code/>`)


# One stack entry for each open <textarea>, <script>, ... and a <pre>, <code>, <h2> or
# <title> past the ones looked at: only their kind matters.
_OTHER = {name: _Element(name, kind) for name, kind in _KIND.items() if kind is not _VOID}


def _decode(run: str) -> str:
    return _REF.sub(_ref_text, run)


def _ref_text(m: re.Match[str]) -> str:
    name = m.group(1)
    if name[0] == "#":
        digits = name[2:] if name[1] in "xX" else name[1:]
        if len(digits.lstrip("0")) > 8:
            return "\ufffd"  # beyond Unicode (and int()'s digit limit)
    return entity_text(name)


class _Page:
    """The elements of one page that `split` looks at, found in one pass."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.runs: list[str] = []  # the page's text, run by run (between two markups)
        self.pres: list[_Element] = []  # the first <pre>s
        self.code_pres: list[_Element] = []  # the <pre> parents of the first <code>s
        self.codes = 0
        self.heading: _Element | None = None  # the first <h2 id=...>
        self.title: _Element | None = None  # the first <title>
        self._read()

    def _read(self) -> None:
        text, runs = self.text, self.runs
        # The open elements, innermost last: a name, or an _Element for the few kinds that
        # matter (an ordinary tag costs a string on the stack and a count, nothing more).
        stack: list[str | _Element] = []
        open_count: defaultdict[str, int] = defaultdict(int)
        waiting: list[_Element] = []  # <pre>s since the last <code>
        preserve = not_text = 0  # open <pre>/<textarea>; open <script>/<style>/...
        pos = 0
        n = len(text)
        while pos <= n:
            resume = None
            for m in _MARKUP.finditer(text, pos):
                at = m.start()
                if pos < at:
                    run = text[pos:at]
                    if "&" in run:
                        run = _decode(run)
                    if not_text:
                        pass
                    elif preserve or run.strip(_ASCII_SPACES):
                        runs.append(run)
                    else:
                        # Outside <pre>, blanks between two tags are one space or line end.
                        runs.append("\n" if "\n" in run else " ")
                pos = m.end()
                name, attrs, closed, end_name, cdata = m.groups()
                if name is not None:
                    name = name.lower()
                    kind = _KIND.get(name)
                    if kind is None:
                        if attrs and attrs[-1] == "/" and closed:
                            continue  # `<x/>`: an empty element, as html.parser reads it
                        stack.append(name)
                        open_count[name] += 1
                        continue
                    if kind is _VOID:
                        continue
                    element = _OTHER[name]
                    if kind is _PRE:
                        if len(self.pres) < _MAX_PRE or self.codes < _MAX_PRE:
                            element = _Element(name, kind, len(runs), at + 1)
                            if len(self.pres) < _MAX_PRE:
                                self.pres.append(element)
                            waiting.append(element)
                    elif kind is _CODE:
                        if waiting or self.codes < _MAX_PRE:
                            element = _Element(name, kind, len(runs), at + 1)
                            for pre in waiting:
                                if pre.end is None:  # still open: the <code> is in it
                                    pre.code = element
                            waiting.clear()
                        self.codes += 1
                        if self.codes <= _MAX_PRE and stack:
                            parent = stack[-1]
                            if parent.__class__ is _Element and parent.kind is _PRE:  # type: ignore[union-attr]
                                self.code_pres.append(parent)  # type: ignore[arg-type]
                    elif kind is _H2:
                        if self.heading is None and _has_id(attrs):
                            element = self.heading = _Element(name, kind, len(runs), at + 1)
                    elif kind is _TITLE_EL and self.title is None:
                        element = self.title = _Element(name, kind, len(runs), at + 1)
                    if attrs and attrs[-1] == "/" and closed:
                        if element.kept:
                            element.end = len(runs)
                            element.empty = True
                        continue
                    element.content_at = pos
                    stack.append(element)
                    open_count[name] += 1
                    if kind is _PRE or kind is _PRESERVE:
                        preserve += 1
                    elif kind is _NOT_TEXT or kind is _RAW:
                        not_text += 1
                        if kind is _RAW:
                            # Raw text to its end tag (or the page's end): not the text.
                            close = _RAW_END[name].search(text, pos)
                            resume = close.start() if close else n
                            break
                    continue
                if end_name is None:
                    if cdata and not not_text:
                        runs.append(cdata)
                    continue  # a comment, declaration or processing instruction
                end_name = end_name.lower()
                if not open_count.get(end_name):
                    continue  # an end tag with no open element of its name is ignored
                # Close the open elements down to the most recent one of that name.
                while True:
                    top = stack.pop()
                    if top.__class__ is str:
                        open_count[top] -= 1  # type: ignore[index]
                        if top == end_name:
                            break
                        continue
                    open_count[top.name] -= 1  # type: ignore[union-attr]
                    kind = top.kind  # type: ignore[union-attr]
                    if top.kept:  # type: ignore[union-attr]
                        top.end = len(runs)  # type: ignore[union-attr]
                        top.empty = top.content_at == at  # type: ignore[union-attr]
                    if kind is _PRE or kind is _PRESERVE:
                        preserve -= 1
                    elif kind is _NOT_TEXT or kind is _RAW:
                        not_text -= 1
                    if top.name == end_name:  # type: ignore[union-attr]
                        break
            else:
                # The text after the last markup.
                if pos < n and not not_text:
                    run = text[pos:]
                    if "&" in run:
                        run = _decode(run)
                    if preserve or run.strip(_ASCII_SPACES):
                        runs.append(run)
                    else:
                        runs.append("\n" if "\n" in run else " ")
                break
            pos = resume

    def text_of(self, element: _Element, limit: int | None = None) -> str:
        end = len(self.runs) if element.end is None else element.end
        if limit is None:
            return "".join(self.runs[element.start : end])
        out: list[str] = []
        size = 0
        for k in range(element.start, end):
            out.append(self.runs[k])
            size += len(self.runs[k])
            if size >= limit:
                break
        return "".join(out)[:limit]

    def line_of(self, element: _Element) -> int:
        return self.text.count("\n", 0, element.tag_at - 1) + 1  # tag_at is 1-based


def _has_id(attrs: str) -> bool:
    # An `id` attribute outside quoted values (its value may be empty or missing).
    return any(m.group(0)[0] not in "'\"" for m in _ID_ATTR.finditer(attrs))


def split(text: str, source: str) -> RawArticle:
    # The cyclic garbage collector would walk the growing stack again and again while the
    # page is read (a page of thousands of <pre>: twice the time); nothing read here
    # forms a cycle, and the collector is back on before the page's text is parsed.
    enabled = gc.isenabled()
    gc.disable()
    try:
        page = _Page(text)
    finally:
        if enabled:
            gc.enable()
    code = None
    # The archive's pages have one <pre> with the <code> in it: the first few <pre> are
    # looked at, and the <pre> of the first few <code>, which finds the article under a
    # pile of stray <pre> too.
    candidates = list(page.pres)
    for pre in page.code_pres:
        if all(pre is not p for p in candidates):
            candidates.append(pre)
    for pre in candidates:
        # BeautifulSoup's `pre.find("code") or pre`, which took an empty <code> as none.
        candidate = pre.code if pre.code is not None and not pre.code.empty else pre
        if "Article:" in page.text_of(candidate, 200):
            code = candidate
            break
    if code is None:
        raise ParseError(source, "no <pre><code> block holding an 'Article:' header")
    title = None
    heading = page.heading or page.title
    if heading is not None:
        m = _TITLE.match(page.text_of(heading))
        if m:
            title = m.group(1).translate(_SMART)
            for fancy, plain in _SMART_SEQ:
                title = title.replace(fancy, plain)
    lines = page.text_of(code).split("\n")
    # The line of the page where the code block starts, for error messages.
    return split_body(lines, source, "html", page.line_of(code), title)
