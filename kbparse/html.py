"""The published HTML pages: the article is the text of `<pre><code>`, the rest is chrome."""

from __future__ import annotations

import gc
import re

from bs4 import BeautifulSoup
from bs4.exceptions import ParserRejectedMarkup

from .errors import ParseError
from .markdown import split_body
from .raw import RawArticle

# Jekyll "smartified" the page title; the articles themselves are plain ASCII.
_SMART = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
_SMART_SEQ = (("\u2026", "..."), ("\u2014", "---"), ("\u2013", "--"))
_TITLE = re.compile(r"^\s*Q\d+:\s?(.*?)(?:\s*\|\s*KnowledgeBase Archive)?\s*$")


_MAX_PRE = 8


def looks_like(text: str) -> bool:
    head = text.lstrip("\ufeff \n")[:1000].lower()
    return head.startswith(("<!doctype html", "<html")) or "<pre" in head


def split(text: str, source: str) -> RawArticle:
    # The cyclic garbage collector would walk the growing tree again and again while
    # BeautifulSoup builds it (a page of thousands of tags: 1.5x the time); the tree is
    # freed as a whole after the page, and the collector is back on before then.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _split(text, source)
    finally:
        if enabled:
            gc.enable()


def _split(text: str, source: str) -> RawArticle:
    # html.parser: pure Python, no compiled dependency, and forgiving of the pages' markup.
    try:
        soup = BeautifulSoup(text, "html.parser")
    except ParserRejectedMarkup as e:
        # html.parser gives up on some broken markup (`<![more ...`); that is bad input.
        raise ParseError(source, f"HTML the parser rejects: {str(e).splitlines()[-1][:80]}") from e
    code = None
    # Each look at a <pre> (its <code>, its text) walks the whole of it, so thousands of
    # nested <pre> cost the square of the page. The archive's pages have one <pre> with
    # the <code> in it: the first few <pre> are looked at, and the <pre> of the first few
    # <code>, which finds the article under a pile of stray <pre> too.
    pres = soup.find_all("pre", limit=_MAX_PRE)
    for tag in soup.find_all("code", limit=_MAX_PRE):
        parent = tag.parent
        if parent is not None and parent.name == "pre" and all(parent is not p for p in pres):
            pres.append(parent)
    for pre in pres:
        candidate = pre.find("code") or pre
        if "Article:" in candidate.get_text()[:200]:
            code = candidate
            break
    if code is None:
        raise ParseError(source, "no <pre><code> block holding an 'Article:' header")
    title = None
    heading = soup.find("h2", id=True) or soup.find("title")
    if heading is not None:
        m = _TITLE.match(heading.get_text())
        if m:
            title = m.group(1).translate(_SMART)
            for fancy, plain in _SMART_SEQ:
                title = title.replace(fancy, plain)
    body_text = code.get_text()
    # The line of the page where the code block starts, for error messages.
    first_line = (code.sourceline or 1) if hasattr(code, "sourceline") else 1
    lines = body_text.split("\n")
    return split_body(lines, source, "html", first_line, title)
