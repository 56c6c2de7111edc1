"""Markdown-only Programmer's Library pages and the header fields every format shares."""

from __future__ import annotations

from kbassist.kbparse import parse_text

from articles import html_page, md_page, txt_article


def _pl_page(
    body: list[str],
    versions: str = "2.20 2.30 | 2.20 2.30",
    systems: str = "MS-DOS | OS/2",
    keywords: str = "ENDUSER | | mspl13_basic",
    title: str = "Invented Debugger Command Watches a Buffer",
) -> str:
    """A Markdown page of an article that has no TXT, laid out like the archive's."""
    raw = [
        "Article: Q900777",
        "Product(s): See article",
        f"Version(s): {versions}",
        f"Operating System(s): {systems}",
        f"Keyword(s): {keywords}",
        "Last Modified: 7-JUL-1990",
        "",
        *body,
    ]
    return "\n".join(
        [
            "---",
            "layout: page",
            f'title: "Q900777: {title}"',
            "permalink: /kb/900/Q900777/",
            "---",
            "",
            f"## Q900777: {title}",
            "",
            "{% raw %}",
            "",
            *("\t" + line for line in raw),
            "",
            "{% endraw %}",
            "",
        ]
    )


def test_programmers_library_page() -> None:
    body = ["Question:", "", "How do I watch a buffer?", "", "Response:", "", "Use wb."]
    rec = parse_text(_pl_page(body), "kb/900/Q900777/README.md")
    assert rec.title == "Invented Debugger Command Watches a Buffer"
    assert rec.modified == "1990-07-07"
    assert rec.area == "mspl13_basic"
    assert rec.product == "See article"
    assert [(p.platform, p.versions) for p in rec.prod_ver] == [
        ("MS-DOS", ["2.20", "2.30"]),
        ("OS/2", ["2.20", "2.30"]),
    ]
    assert rec.oper_sys == ["MS-DOS", "OS/2"]
    assert rec.header_keywords == ["ENDUSER", "mspl13_basic"]
    assert rec.applies_to == []
    assert [(s.heading, s.kind) for s in rec.sections] == [
        ("Question", "question"),
        ("Response", "response"),
    ]
    assert rec.additional_query_words == rec.kb_keywords == rec.technology == []
    assert rec.version_footer is None and rec.issue_type is None


def test_single_system_takes_all_versions() -> None:
    rec = parse_text(_pl_page(["Plain prose."], "4.00 4.00b 4.50", "MS-DOS"), "p.md")
    assert [(p.platform, p.versions) for p in rec.prod_ver] == [
        ("MS-DOS", ["4.00", "4.00b", "4.50"])
    ]
    assert rec.sections == []
    assert rec.preamble == "Plain prose."


def test_escaped_bytes_in_the_title_are_decoded_like_the_body() -> None:
    # The page generator wrote a DEL byte as `<7F>` (HTML-escaped in the front matter);
    # the TXT reader drops the control character, so the Markdown reader must too.
    page = _pl_page(["Text."], title="Shows a &quot;&lt;7F&gt;&quot; instead of a 2")
    rec = parse_text(page, "p.md")
    assert rec.title == 'Shows a "" instead of a 2'
    assert "<7F>" not in rec.title


def test_banner_and_applies_to_agree_across_formats() -> None:
    rule = "=" * 70
    note = "IMPORTANT: Back up the invented registry first; see Q900124.\r\n\r\n"
    txt = txt_article().replace(rule + "\r\n" + "-" * 79, rule + "\r\n" + note + "-" * 79, 1)
    records = [parse_text(txt, "t.txt"), parse_text(md_page(txt), "p.md")]
    records.append(parse_text(html_page(txt), "p.html"))
    for rec in records:
        assert rec.applies_to == ["Invented Print Server version 1.0"]
        assert rec.related_articles == ["Q900124", "Q123456"]
        assert [s.heading for s in rec.sections] == ["SYMPTOMS", "CAUSE", "RESOLUTION", "STATUS"]
