"""The HTML reader's one streaming pass (kbparse/html.py): the same record for a page
however its markup is dressed, a record (never an exception) for hostile markup, and
the page shapes that cost BeautifulSoup's tree seconds per megabyte, at sizes where the
old reader took over 5 s each (ARCHITECTURE.md, "HTML pages: one streaming pass")."""

from __future__ import annotations

import re

import pytest

from kbassist.kbparse import Article, ParseError, parse_bytes

from articles import BODY, html_page, txt_article

PAGE = html_page(txt_article())
CODE_AT = PAGE.index("<code>") + len("<code>")
CODE_END = PAGE.index("</code>")
BODY_AT = PAGE.index("<body>") + len("<body>")
MAIN_AT = PAGE.index('<div class="highlighter-rouge">')


def _short(markup: str) -> str:
    return repr(markup[:24]) + (f"...{len(markup)}" if len(markup) > 24 else "")


def _parse(page: str) -> Article:
    return parse_bytes(page.encode(), "page.html")


PLAIN = _parse(PAGE)


def _highlighted(page: str) -> str:
    """Every word and punctuation run of the code block in a span of its own, as the
    syntax-highlighted pages of the archive have it (Q259474: 4,486 tags in 67 KB)."""
    a, b = page.index("<code>") + 6, page.index("</code>")

    def span(m: re.Match[str]) -> str:
        return m.group(0) if m.group(1) else f'<span class="n">{m.group(0)}</span>'

    code = re.sub(r"(&#?\w+;)|[A-Za-z0-9]+|[^\sA-Za-z0-9&]+", span, page[a:b])
    return page[:a] + code + page[b:]


def test_a_highlighted_page_gives_the_plain_pages_record() -> None:
    dense = _highlighted(PAGE)
    assert dense.count("<span") > 200
    assert _parse(dense) == PLAIN


def test_a_long_highlighted_page() -> None:
    # 6,000 lines of one highlighted sentence in the article's text: ~700,000 tags.
    line = "   The file Spoolfix.dll (version 4.0) is <missing> & replaced.\n"
    txt = txt_article(body=BODY + "\nMORE INFORMATION\n================\n\n" + line * 6_000)
    plain, dense = html_page(txt), _highlighted(html_page(txt))
    assert dense.count("<span") > 50_000
    assert _parse(dense) == _parse(plain)


@pytest.mark.parametrize(
    "chrome",
    [
        "<span>" * 5_000,  # libxml2 stops at 256 (2,048) levels and drops the rest
        "<div>" * 2_000 + "</p>" * 50_000,  # end tags that close nothing, deep down
        "<br>" * 50_000 + "</br>" * 1_000,  # BeautifulSoup's void bookkeeping: quadratic
        "<p>" * 100_000,  # unclosed, nested
        "<pre>" * 50_000 + "</pre>" * 100,  # candidates without a <code>
        "<pre><code>x</code></pre>" * 5,  # without 'Article:' (8 are looked at)
        "<![more x]>",  # html.parser rejected the page
        "<?php echo 1 ?><!DOCTYPE x></><!---->",
        "</ x>",
        "<a title='x>y' href=\"a>b\">link</a>",
        "<script>var s = '<pre><code>Article: Q1';</script>",
        "<style>pre { }</style><template><pre><code>Article: Q2</code></pre></template>",
        "<textarea>  a  </textarea>",
        "<![CDATA[x]]>",
        "&#99999999999999;&#" + "9" * 5_000 + ";&foo;&amp",
        "\x1b\x7f\x07",
        "<x" + "=" * 10_000 + "'" * 10_000 + ">",
    ],
    ids=_short,
)
def test_hostile_chrome_before_the_article_changes_nothing(chrome: str) -> None:
    rec = _parse(PAGE[:MAIN_AT] + chrome + PAGE[MAIN_AT:])
    assert rec == PLAIN


@pytest.mark.parametrize(
    "end",
    ["<!-- unclosed", "<a href='unclosed", "<b", "<", "&", "&#", "<script>x", "<![CDATA[x"],
)
def test_markup_cut_off_at_the_end_of_the_page(end: str) -> None:
    assert _parse(PAGE + end) == PLAIN


@pytest.mark.parametrize(
    "markup",
    [
        "<p>" * 20_000,
        "<b>x</b>" * 20_000,
        "</pre>",
        "</div></section></body></html>",
        "<pre>" * 3_000,
        "<!-- never closed",
        "<script>",
        "<plaintext>",
        "&#" + "1" * 6_000,
        "<![CDATA[",
    ],
    ids=_short,
)
def test_hostile_markup_in_the_article_gives_a_record(markup: str) -> None:
    # Inside the article's own block the markup may cut its text short (an end tag that
    # closes the block, a comment never closed): a record all the same, never an error.
    at = PAGE.index("SYMPTOMS")
    rec = _parse(PAGE[:at] + markup + PAGE[at:])
    assert rec.id == PLAIN.id


def test_an_unclosed_comment_hides_the_rest_as_in_a_browser() -> None:
    at = PAGE.index("RESOLUTION") if "RESOLUTION" in PAGE else PAGE.index("SYMPTOMS")
    rec = _parse(PAGE[:at] + "<!--" + PAGE[at:])
    text = "\n".join(s.text for s in rec.sections)
    assert "</code>" not in text and "KnowledgeBase Archive" not in text


def test_text_in_the_block_as_beautifulsoup_gave_it() -> None:
    # Entities decoded (an unknown one as written, less its semicolon), CDATA kept,
    # script and comments left out, tags dropped, blanks inside <pre> kept.
    extra = (
        "Entities: &lt;X&gt; &amp; &copy &NBSP; &#65;&#x42; &#150;\n"
        "Cdata: <![CDATA[kept]]> <script>gone()</script><!-- gone --> <b>bold</b>  end\n"
    )
    at = PAGE.index("When you map")
    rec = _parse(PAGE[:at] + extra + "\n" + PAGE[at:])
    text = rec.sections[0].text
    assert "Entities: <X> & \u00a9 &NBSP AB \u2013" in text
    assert "Cdata: kept  bold  end" in text


def test_no_article_block_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="no <pre><code> block"):
        _parse(PAGE[:CODE_AT] + PAGE[CODE_END:])
