"""Invented articles in the archive's layouts, for tests that must not copy the corpus.

`txt_article` lays out an article the way the TXT archive does; `md_page` and `html_page`
render it the way the kbarchive site generator did (tab-indented raw block, one leading
space cut from indented lines, `<pre><code>` with entities), so tests can check that the
three formats give one record.
"""

from __future__ import annotations

import html

DISCLAIMER = """THE INFORMATION PROVIDED IN THE MICROSOFT KNOWLEDGE BASE IS
PROVIDED "AS IS" WITHOUT WARRANTY OF ANY KIND.

Copyright Microsoft Corporation 2001."""

BODY = """SYMPTOMS
========

When you map a drive to the share on the spooler host, you may receive the
following error message:

   Cannot reach <servername>: the spooler share is
   unavailable right now.

CAUSE
=====

The redirector keeps a stale handle. See the following article:

   Q123456 How to Reset the Redirector

RESOLUTION
==========

Install the update. The English version of this fix should have the
following file attributes or later:

   Date        Time   Size    File name     Platform
   -------------------------------------------------
   03/14/2001  09:15  45,312  Spoolfix.dll  Intel<BR/>

For more details, see the following Web site:

   http://www.example.com/downloads/fixes/
   spoolfix.htm

STATUS
======

Microsoft has confirmed this to be a problem in the products listed at the
beginning of this article."""


def txt_article(
    art_id: str = "Q900001",
    title: str = "Spooler Share Unavailable After Drive Mapping",
    body: str = BODY,
    prod_ver: str = "WINDOWS:3.1,3.11",
    keywords: str = "kbprint kbnetwork",
    applies: tuple[str, ...] = (" - Invented Print Server version 1.0 ",),
    footer: str = "Keywords          : kbprint kbnetwork\n"
    "Technology        : kbInventedSearch kbInvented100\n"
    "Version           : WINDOWS:3.1,3.11\n"
    "Issue type        : kbbug\n"
    "Solution Type     : kbfix\n",
    query_words: str = "spooler share",
    modified: str = "14-MAR-2001",
    area: str = "winnt",
) -> str:
    rule = "=" * 70
    dashes = "-" * 79
    lines = [
        f"DOCUMENT:{art_id}  {modified}  [{area}]",
        f"TITLE   :{title}",
        "PRODUCT :Invented Print Server",
        f"PROD/VER:{prod_ver}",
        "OPER/SYS:",
        f"KEYWORDS:{keywords}",
        "",
        rule,
        dashes,
        "The information in this article applies to:",
        "",
        *applies,
        dashes,
        "",
        body,
        "",
        f"Additional query words: {query_words}",
        "",
        rule,
        footer,
        "=" * 77,
        "",
        DISCLAIMER,
    ]
    return "\r\n".join("\n".join(lines).split("\n"))


def _header_and_body(txt: str) -> tuple[dict[str, str], list[str]]:
    lines = txt.replace("\r\n", "\n").split("\n")
    doc = lines[0].split()
    values = {line[:8].strip(): line[9:] for line in lines[1:6]}
    header = {
        "id": doc[0].split(":", 1)[1],
        "modified": doc[1],
        "title": values["TITLE"],
        "product": values["PRODUCT"],
        "prod_ver": values["PROD/VER"].removeprefix(":"),
        "oper_sys": values["OPER/SYS"],
        "keywords": values["KEYWORDS"],
    }
    body = lines[7:]
    # The site generator dropped the header rule and the disclaimer, and cut one
    # leading space from indented lines.
    if body and body[0].startswith("="):
        body = body[1:]
    cut = next((k for k, x in enumerate(body) if x.startswith("THE INFORMATION PROVIDED")), None)
    if cut is not None:
        body = body[:cut]
    body = [x[1:] if x.startswith(" ") else x for x in body]
    return header, body


def _raw_block(header: dict[str, str], body: list[str]) -> list[str]:
    return [
        f"Article: {header['id']}",
        f"Product(s): {header['product']}",
        f"Version(s): {header['prod_ver']}",
        f"Operating System(s): {header['oper_sys']}",
        f"Keyword(s): {header['keywords']}",
        f"Last Modified: {header['modified']}",
        *body,
    ]


def md_page(txt: str) -> str:
    header, body = _header_and_body(txt)
    title = header["title"].replace('"', "&quot;")
    out = [
        "---",
        "layout: page",
        f'title: "{header["id"]}: {title}"',
        f"permalink: /kb/{header['id']}/",
        "---",
        "",
        f"## {header['id']}: {header['title']}",
        "",
        "{% raw %}",
        "",
        *("\t" + line for line in _raw_block(header, body)),
        "",
        "{% endraw %}",
    ]
    return "\n".join(out) + "\n"


def html_page(txt: str) -> str:
    header, body = _header_and_body(txt)
    code = html.escape("\n".join(_raw_block(header, body)), quote=False)
    title = html.escape(f"{header['id']}: {header['title']}")
    return (
        '<!DOCTYPE html>\n<html lang="en-US">\n<head>\n'
        f"<title>{title} | KnowledgeBase Archive</title>\n</head>\n<body>\n"
        '<header><h1><a href="/kbarchive">KnowledgeBase Archive</a></h1></header>\n'
        f'<section id="main_content"><div><h2 id="x">{title}</h2>\n'
        '<div class="highlighter-rouge"><div class="highlight"><pre class="highlight">'
        f"<code>{code}\n</code></pre></div></div>\n"
        "<p>THE INFORMATION PROVIDED IN THE MICROSOFT KNOWLEDGE BASE IS ...</p>\n"
        "</div></section>\n</body>\n</html>\n"
    )
