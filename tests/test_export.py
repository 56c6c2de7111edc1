"""Every export format on three invented articles, checked against golden files and
against each format's own rules (RFC 4180, `_bulk` NDJSON, escaping).

Regenerate the golden files after an intended change, then read the diff:

    KBASSIST_UPDATE_GOLDEN=1 pytest tests/test_export.py
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import tracemalloc
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import fastjsonschema
import pytest

from kbassist.index.export import (
    FORMATS,
    SUFFIXES,
    ExportError,
    check_destination,
    servicenow,
    write_export,
)
from kbassist.index.export import opensearch as os_export
from kbassist.index.export.documents import as_markdown, md_escape
from kbassist.index.export.tables import EXCEL_CELL_LIMIT, neutralise
from kbassist.kbparse.record import Article, ErrorCode, FileRow, ProdVer, Section, from_json
from kbassist.kbparse.schema import generate

GOLDEN = Path(__file__).resolve().parent / "golden" / "export"
UPDATE = os.environ.get("KBASSIST_UPDATE_GOLDEN", "") not in ("", "0")

# -- three invented articles (never corpus text) ------------------------------------------

HOTFIX = Article(
    id="Q900201",
    number=900201,
    format="txt",
    source="invented/Q900201.TXT",
    title="Print Spooler Stops When the Invented Port Monitor Unloads",
    modified="2001-03-14",
    area="winnt",
    product="Invented Print Server",
    prod_ver=[
        ProdVer(platform="winnt", versions=["4.0", "5.0"]),
        ProdVer(platform="", versions=["2.1"]),
    ],
    header_keywords=["kbprint"],
    applies_to=["Invented Print Server version 4.0", "Invented Print Server version 5.0"],
    sections=[
        Section(
            heading="SYMPTOMS",
            kind="symptoms",
            text="The print spooler stops when the invented port monitor unloads after a\n"
            "print job is cancelled.",
        ),
        Section(heading="CAUSE", kind="cause", text="The port monitor frees its buffer twice."),
        Section(
            heading="RESOLUTION",
            kind="resolution",
            text="Install the fix. It should have the following file attributes or later:\n\n"
            "   Date        Time   Version      Size    File name     Platform\n"
            "   ---------------------------------------------------------------\n"
            "   03/14/2001  09:15  4.0.1381.12  45,312  Spoolfix.dll  x86\n"
            "   03/14/2001  09:16  4.0.1381.12  12,800  Portmon.dll   x86\n"
            "   03/14/2001  09:20               About 60 KB  Spoolfix.dll  Alpha",
        ),
        Section(
            heading="STATUS",
            kind="status",
            text="Invented Corp. has confirmed this to be a problem in the products listed\n"
            "at the beginning of this article.",
        ),
    ],
    files=[
        FileRow(
            date="2001-03-14",
            time="09:15",
            version="4.0.1381.12",
            size_bytes=45312,
            size_text="45,312",
            name="Spoolfix.dll",
            platform="x86",
        ),
        FileRow(
            date="2001-03-14",
            time="09:16",
            version="4.0.1381.12",
            size_bytes=12800,
            size_text="12,800",
            name="Portmon.dll",
            platform="x86",
        ),
        FileRow(
            date="2001-03-14",
            time="09:20",
            version=None,
            size_bytes=None,
            size_text="About 60 KB",
            name="Spoolfix.dll",
            platform="Alpha",
        ),
    ],
    related_articles=["Q900202"],
    urls=["http://www.example.com/fixes/spoolfix.htm"],
    kb_keywords=["kbprint", "kbfix", "kbbug"],
    issue_type="kbbug",
    solution_type="kbfix",
    disclaimer="THE INFORMATION IS PROVIDED AS IS.",
)

MESSAGES = Article(
    id="Q900202",
    number=900202,
    format="txt",
    source="invented/Q900202.TXT",
    title="Cannot Reach <servername> After STOP 0x0000001E on Invented Gateway",
    modified="2000-02-02",
    area="exchange",
    product="Invented Mail Gateway",
    prod_ver=[ProdVer(platform="WINDOWS", versions=["95", "98"])],
    preamble="This article applies to gateways that relay to a <servername> of your own.",
    sections=[
        Section(
            heading="SYMPTOMS",
            kind="symptoms",
            text="Connecting to the gateway fails with the following error message:\n\n"
            "   Cannot reach <servername>: the relay share is unavailable.\n\n"
            "The event log shows:\n\n"
            "   Event ID: 2011\n   Source: Srv",
        ),
        Section(
            heading="CAUSE",
            kind="cause",
            text="The gateway opens file %1 with access mask %2, which the relay refuses.",
        ),
        Section(
            heading="WORKAROUND",
            kind="workaround",
            text="Map the relay share with:\n\n   net use * \\\\<servername>\\relay",
        ),
        Section(
            heading="MORE INFORMATION",
            kind="more_information",
            text="The computer may also stop with STOP 0x0000001E.",
        ),
    ],
    error_messages=[
        "Cannot reach <servername>: the relay share is unavailable.",
        "The file %1 could not be opened. Error %2.",
        "Event ID: 2011\nSource: Srv",
        "STOP 0x0000001E (0xC0000005, 0x8013A3F1, 0x00000000, 0x00000000)",
    ],
    error_codes=[
        ErrorCode(text="STOP 0x0000001E", kind="stop", value="0x1e"),
        ErrorCode(text="0x80070005", kind="hresult", value="0x80070005"),
        ErrorCode(text="Event ID: 2011", kind="event", value="2011"),
    ],
    related_articles=["Q900201", "Q900203"],
    additional_query_words=["relay share", "gateway"],
    kb_keywords=["kberrmsg", "kbnetwork"],
    issue_type="kbprb",
)

AWKWARD = Article(
    id="Q900203",
    number=900203,
    format="md",
    source='invented/"odd", name.md',
    title="=cmd|' /C calc'!A0 Appears in \"Report\", <Preview> & Print",
    modified=None,
    area=None,
    product='@Invented Suite, "Pro" Edition',
    prod_ver=[],
    applies_to=["- Invented Suite <Pro> & Friends", '1. Numbered, with "quotes"'],
    preamble="```\nA fenced block in the article itself, and a `tick`.\n```",
    sections=[
        Section(
            heading="SYMPTOMS <b>bold</b> & #1",
            kind="symptoms",
            text='- starts with a dash\n+ starts with a plus\n"quoted", with commas\n'
            "<script>alert('x')</script> and [a link](javascript:alert(1)) | a pipe * star _u_\n"
            "Café – naïve ü ©",
        ),
        Section(heading="CAUSE", kind="cause", text="@SUM(A1:A2) looks like a formula."),
        Section(heading="RESOLUTION", kind="resolution", text="=1+1\n\nTabs\tand\ttabs."),
    ],
    error_messages=[
        "=cmd|' /C calc'!A0",
        "+SUM(1,2)",
        "-2+3",
        "@SUM(A1)",
        'A "quoted", comma, <tag> & ampersand message',
    ],
    error_codes=[ErrorCode(text='=HYPERLINK("x")', kind="other", value="=1")],
    files=[
        FileRow(
            date=None,
            time=None,
            version="=2+2",
            size_bytes=None,
            size_text=None,
            name='Rpt&Prn "x", <y>.dll',
            platform=None,
        )
    ],
    kb_keywords=["kb<odd>", "kb,comma"],
    issue_type=None,
)

FIXTURES = [HOTFIX, MESSAGES, AWKWARD]

# (golden file name, format, options)
CASES: list[tuple[str, str, dict[str, object]]] = [
    ("records.jsonl", "jsonl", {}),
    ("records.json", "json", {}),
    ("articles.csv", "csv", {"table": "articles"}),
    ("files.csv", "csv", {"table": "files"}),
    ("errors.csv", "csv", {"table": "errors"}),
    ("articles-excel.csv", "csv", {"table": "articles", "excel": True}),
    ("errors-excel-noheaders.csv", "csv", {"table": "errors", "excel": True, "headers": False}),
    ("articles.md", "markdown", {}),
    ("articles.html", "html", {}),
    ("opensearch.ndjson", "opensearch", {}),
    ("servicenow.csv", "servicenow", {}),
    ("zendesk.jsonl", "zendesk", {}),
]


def _check_golden(name: str, data: bytes) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    assert path.exists(), f"no golden file {path}; run with KBASSIST_UPDATE_GOLDEN=1"
    assert data == path.read_bytes(), f"{name} differs from its golden file"


def export_bytes(fmt: str, tmp_path: Path, **opts: object) -> bytes:
    dest = tmp_path / f"out.{fmt}"
    assert write_export(FIXTURES, fmt, dest, force=True, **opts) == len(FIXTURES)  # type: ignore[arg-type]
    return dest.read_bytes()


@pytest.mark.parametrize(("name", "fmt", "opts"), CASES, ids=[c[0] for c in CASES])
def test_golden(name: str, fmt: str, opts: dict[str, object], tmp_path: Path) -> None:
    _check_golden(name, export_bytes(fmt, tmp_path, **opts))


def test_every_format_has_a_golden_file_and_a_suffix() -> None:
    assert {fmt for _n, fmt, _o in CASES} == set(FORMATS) == set(SUFFIXES)


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_folder_export_writes_one_golden_file_per_article(fmt: str, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    assert write_export(FIXTURES, fmt, folder) == 3
    ext = "md" if fmt == "markdown" else "html"
    assert sorted(p.name for p in folder.iterdir()) == [f"{a.id}.{ext}" for a in FIXTURES]
    for a in FIXTURES:
        _check_golden(f"folder/{a.id}.{ext}", (folder / f"{a.id}.{ext}").read_bytes())


def test_mapping_golden() -> None:
    _check_golden("opensearch-mapping.json", os_export.mapping_json())


# -- records ----------------------------------------------------------------------------


def test_jsonl_and_json_are_the_canonical_records(tmp_path: Path) -> None:
    validate = fastjsonschema.compile(generate())
    lines = export_bytes("jsonl", tmp_path).splitlines()
    assert [from_json(line) for line in lines] == FIXTURES
    for line in lines:
        rec = json.loads(line)
        assert rec["schema_version"] == 1
        validate(rec)
    array = json.loads(export_bytes("json", tmp_path))
    assert [from_json(json.dumps(r)) for r in array] == FIXTURES


def test_empty_selection_gives_valid_empty_outputs(tmp_path: Path) -> None:
    def out(fmt: str, **opts: object) -> bytes:
        dest = tmp_path / f"empty-{fmt}-{len(opts)}"
        assert write_export([], fmt, dest, **opts) == 0  # type: ignore[arg-type]
        return dest.read_bytes()

    assert out("jsonl") == b""
    assert json.loads(out("json")) == []
    assert out("csv") == (
        b"id,title,product,versions,modified,issue_type,symptoms,cause,"
        b"resolution,error_messages,file_count,related_articles\r\n"
    )
    assert out("csv", headers=False) == b""
    assert out("opensearch") == b""
    assert out("markdown") == b""
    assert out("html").startswith(b"<!DOCTYPE html>")


# -- CSV ----------------------------------------------------------------------------------


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_is_rfc4180_and_reads_back_exactly(tmp_path: Path) -> None:
    data = export_bytes("csv", tmp_path, table="articles")
    assert not data.startswith(b"\xef\xbb\xbf")
    # Every record ends with CRLF; a line break inside a cell stays a bare LF in quotes.
    assert data.endswith(b"\r\n")
    rows = _rows(data)
    assert rows[0][:3] == ["id", "title", "product"]
    by_id = {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    awkward = by_id["Q900203"]
    assert awkward["title"] == AWKWARD.title  # not neutralised without --excel
    assert awkward["error_messages"] == "\n".join(AWKWARD.error_messages)
    assert awkward["symptoms"] == AWKWARD.sections[0].text
    assert awkward["modified"] == "" and awkward["issue_type"] == ""
    hotfix = by_id["Q900201"]
    assert hotfix["versions"] == "winnt:4.0,5.0; 2.1"
    assert hotfix["file_count"] == "3"
    assert hotfix["resolution"] == HOTFIX.sections[2].text
    assert by_id["Q900202"]["resolution"] == MESSAGES.sections[2].text  # the workaround
    assert by_id["Q900202"]["related_articles"] == "Q900201 Q900203"


def test_files_and_errors_tables(tmp_path: Path) -> None:
    files = _rows(export_bytes("csv", tmp_path, table="files"))
    assert files[0] == [
        "article_id",
        "name",
        "version",
        "date",
        "time",
        "size_bytes",
        "size_text",
        "platform",
    ]
    assert [r[0] for r in files[1:]] == ["Q900201"] * 3 + ["Q900203"]
    assert files[3][2] == "" and files[3][5] == "" and files[3][6] == "About 60 KB"
    errors = _rows(export_bytes("csv", tmp_path, table="errors"))
    assert errors[0] == ["article_id", "kind", "text", "value"]
    kinds = [(r[0], r[1]) for r in errors[1:]]
    assert kinds[:7] == [("Q900202", "message")] * 4 + [
        ("Q900202", "stop"),
        ("Q900202", "hresult"),
        ("Q900202", "event"),
    ]
    assert errors[3][2] == "Event ID: 2011\nSource: Srv"


def test_excel_neutralises_formulas_and_quotes_everything(tmp_path: Path) -> None:
    data = export_bytes("csv", tmp_path, table="errors", excel=True)
    assert data.startswith(b"\xef\xbb\xbf")
    for line in data[3:].decode().split("\r\n")[:-1]:
        if line.startswith('"Q'):
            assert line.startswith('"') and line.endswith('"')
    rows = _rows(data)
    cells = [c for r in rows for c in r]
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@")), cell
    texts = {r[2] for r in rows[1:] if r[0] == "Q900203"}
    assert "'=cmd|' /C calc'!A0" in texts
    assert {"'+SUM(1,2)", "'-2+3", "'@SUM(A1)", '\'=HYPERLINK("x")'} <= texts
    arts = _rows(export_bytes("csv", tmp_path, table="articles", excel=True))
    awkward = dict(zip(arts[0], arts[3], strict=True))
    assert awkward["title"] == "'" + AWKWARD.title
    assert awkward["product"] == "'" + AWKWARD.product
    assert awkward["symptoms"] == "'" + AWKWARD.sections[0].text
    assert awkward["resolution"] == "'=1+1\n\nTabs\tand\ttabs."


def test_neutralise_cuts_cells_to_the_spreadsheet_limit() -> None:
    long = "x" * (EXCEL_CELL_LIMIT + 10)
    cut = neutralise(long)
    assert len(cut) == EXCEL_CELL_LIMIT and cut.endswith("see the jsonl export]")
    assert neutralise("\tcmd") == "'\tcmd"
    assert neutralise("plain") == "plain"


@pytest.mark.parametrize(
    "cell",
    [
        "=1+1",
        "+1",
        "-1",
        "@SUM(A1)",
        "\tcmd",
        "\rcmd",
        "\n=1+1",  # a line break before the formula
        "\0=1",
        "|cmd",
        "\uff1dcmd|' /C calc'!A0",  # full-width equals sign
        "\uff0b1",
        "\uff0d1",
        "\uff20SUM(A1)",
        "  =1+1",  # leading spaces are trimmed by the spreadsheet
        "\u3000=1+1",
    ],
)
def test_every_formula_start_is_neutralised(cell: str) -> None:
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["plain", "", "   ", "Q253729", "0x0000007B", "'quoted"])
def test_ordinary_cells_are_left_alone(cell: str) -> None:
    assert neutralise(cell) == cell


# -- documents ----------------------------------------------------------------------------


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.text: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


_OUR_TAGS = {
    "html", "head", "meta", "title", "style", "body", "article", "h1", "h2", "p", "strong",
    "ul", "li", "blockquote", "br", "pre", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip


def _parsed(page: str) -> _Tags:
    p = _Tags()
    p.feed(page)
    p.close()
    return p


def test_html_escapes_article_text(tmp_path: Path) -> None:
    page = export_bytes("html", tmp_path).decode()
    assert "&lt;servername&gt;" in page and "<servername>" not in page
    assert "<script>" not in page and "&lt;script&gt;" in page
    parsed = _parsed(page)
    assert parsed.tags <= _OUR_TAGS
    allowed = ("id", "class", "lang", "charset", "http-equiv", "content", "name")
    assert all(name in allowed for name, _v in parsed.attrs)
    text = "".join(parsed.text)
    # The article text comes back literally once the entities are read.
    for a in FIXTURES:
        assert a.title in text
        for s in a.sections:
            assert s.text in text
    assert "Café – naïve ü ©" in text


def _markdown_html(md: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table").render(md)


def test_markdown_renders_the_article_text_literally() -> None:
    for a in FIXTURES:
        rendered = _markdown_html(as_markdown(a))
        parsed = _parsed(rendered)
        assert parsed.tags <= _OUR_TAGS | {"code", "em", "hr"}, parsed.tags
        assert "<script>" not in rendered and "javascript:" not in str(parsed.attrs)
        text = "".join(parsed.text)
        assert f"{a.id}: {a.title}" in text
        for s in a.sections:
            assert s.heading in text and s.text in text
        for m in a.error_messages:
            assert m.replace("\n", "") in text.replace("\n", "")
        for item in a.applies_to:
            assert item in text
    hotfix = _markdown_html(as_markdown(HOTFIX))
    assert hotfix.count("<tr>") == 4  # the files table: a header and three rows
    assert "<blockquote>" in _markdown_html(as_markdown(MESSAGES))
    # The article's own ``` cannot close the fence around it.
    assert '<pre><code class="language-text">```\nA fenced block' in _markdown_html(
        as_markdown(AWKWARD)
    )


def test_md_escape_round_trips_through_commonmark() -> None:
    for text in ["- dash", "+ plus", "1. one", "2) two", "# hash", "a *b* _c_ `d` <e> &amp; |"]:
        rendered = _markdown_html(md_escape(text))
        assert "".join(_parsed(rendered).text).strip() == text, rendered


# -- OpenSearch ---------------------------------------------------------------------------


def _mapped_keys(properties: dict, prefix: str = "") -> set[str]:
    out = set()
    for name, spec in properties.items():
        out.add(prefix + name)
        if "properties" in spec:
            out |= _mapped_keys(spec["properties"], f"{prefix}{name}.")
    return out


def _source_keys(doc: dict, prefix: str = "") -> set[str]:
    out = set()
    for name, value in doc.items():
        out.add(prefix + name)
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, dict):
                out |= _source_keys(item, f"{prefix}{name}.")
    return out


def check_bulk(data: bytes, mapping: dict) -> list[str]:
    """The `_bulk` rules, line by line; the ids in order."""
    assert data == b"" or data.endswith(b"\n"), "a bulk body ends with a newline"
    lines = data.split(b"\n")[:-1]
    assert len(lines) % 2 == 0, "action and source lines come in pairs"
    mapped = _mapped_keys(mapping["mappings"]["properties"])
    ids = []
    for action_line, source_line in zip(lines[0::2], lines[1::2], strict=True):
        action = json.loads(action_line)
        assert list(action) == ["index"] and set(action["index"]) == {"_id"}
        source = json.loads(source_line)
        assert isinstance(source, dict)
        assert action["index"]["_id"] == source["id"]
        missing = _source_keys(source) - mapped
        assert not missing, f"{source['id']}: fields not in the mapping: {missing}"
        ids.append(source["id"])
    return ids


def test_opensearch_bulk_pairs_ids_and_mapping(tmp_path: Path) -> None:
    mapping = json.loads(os_export.mapping_json())
    data = export_bytes("opensearch", tmp_path)
    assert check_bulk(data, mapping) == [a.id for a in FIXTURES]
    # The mapping names every field emitted, no more.
    emitted: set[str] = set()
    for line in data.split(b"\n")[1::2]:
        if line:
            emitted |= _source_keys(json.loads(line))
    assert _mapped_keys(mapping["mappings"]["properties"]) == emitted
    assert mapping["mappings"]["dynamic"] == "strict"
    types = mapping["mappings"]["properties"]
    assert types["id"]["type"] == types["product"]["type"] == types["area"]["type"] == "keyword"
    assert types["modified"]["type"] == "date"
    assert types["files"]["type"] == types["error_codes"]["type"] == "nested"
    assert types["symptoms"]["type"] == "text"


# -- ServiceNow and Zendesk ---------------------------------------------------------------


def test_servicenow_import_set(tmp_path: Path) -> None:
    rows = _rows(export_bytes("servicenow", tmp_path))
    assert tuple(rows[0]) == servicenow.COLUMNS
    assert servicenow.COLUMNS == (
        "number", "short_description", "text", "kb_category", "meta", "workflow_state"
    )  # fmt: skip
    by_id = {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    m = by_id["Q900202"]
    assert m["short_description"] == MESSAGES.title
    assert m["kb_category"] == "Invented Mail Gateway"
    assert m["workflow_state"] == "published"
    assert "&lt;servername&gt;" in m["text"] and "<servername>" not in m["text"]
    assert m["meta"].startswith("kberrmsg, kbnetwork, relay share, gateway, Cannot reach")
    assert "<script>" not in by_id["Q900203"]["text"]
    excel = _rows(export_bytes("servicenow", tmp_path, excel=True))
    assert excel[3][1] == "'" + AWKWARD.title and excel[3][3] == "'" + AWKWARD.product


def test_zendesk_payloads(tmp_path: Path) -> None:
    lines = export_bytes("zendesk", tmp_path).decode().splitlines()
    payloads = [json.loads(x) for x in lines]
    for p in payloads:
        assert list(p) == ["title", "body", "locale", "label_names", "draft"]
        assert p["locale"] == "en-us" and p["draft"] is False
    assert payloads[1]["label_names"] == [
        "Invented Mail Gateway",
        "exchange",
        "kberrmsg",
        "kbnetwork",
        "STOP 0x0000001E",
        "0x80070005",
        "Event ID: 2011",
    ]
    assert "&lt;servername&gt;" in payloads[1]["body"]
    assert payloads[2]["title"] == AWKWARD.title  # JSON keeps the title as data
    assert "<script>" not in payloads[2]["body"]
    assert html.unescape(payloads[2]["body"]).count("<script>alert('x')</script>") == 1


# -- the write_export API: refusals, atomicity, streaming ---------------------------------


def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    dest = tmp_path / "out.jsonl"
    dest.write_text("keep me")
    with pytest.raises(ExportError, match="already exists"):
        write_export(FIXTURES, "jsonl", dest)
    with pytest.raises(ExportError, match="already exists"):
        check_destination("jsonl", dest)
    assert dest.read_text() == "keep me"
    assert write_export(FIXTURES, "jsonl", dest, force=True) == 3
    assert dest.read_bytes().count(b"\n") == 3
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def test_bad_requests_raise_export_error(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="unknown table 'rows'"):
        write_export(FIXTURES, "csv", tmp_path / "a.csv", table="rows")
    with pytest.raises(ExportError, match="unknown format 'pdf'"):
        write_export(FIXTURES, "pdf", tmp_path / "a.pdf")
    with pytest.raises(ExportError, match="does not exist"):
        write_export(FIXTURES, "jsonl", tmp_path / "missing" / "a.jsonl")
    with pytest.raises(ExportError, match="is a folder"):
        write_export(FIXTURES, "jsonl", tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_failing_export_leaves_nothing_behind(tmp_path: Path) -> None:
    def broken() -> Iterator[Article]:
        yield HOTFIX
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        write_export(broken(), "csv", tmp_path / "a.csv")
    assert list(tmp_path.iterdir()) == []


def test_folder_export_refuses_a_folder_with_exports(tmp_path: Path) -> None:
    # A str ending with / asks for a folder even before it exists.
    out = tmp_path / "new"
    assert write_export(FIXTURES, "markdown", f"{out}/") == 3  # type: ignore[arg-type]
    assert len(list(out.glob("Q*.md"))) == 3
    with pytest.raises(ExportError, match="already holds exported articles"):
        write_export(FIXTURES, "markdown", out)
    with pytest.raises(ExportError, match="already holds exported articles"):
        check_destination("markdown", out)
    assert write_export(FIXTURES, "markdown", out, force=True) == 3
    # Other files in the folder (and html exports for markdown) do not count.
    assert write_export(FIXTURES, "html", out) == 3


def test_progress_counts_written_records(tmp_path: Path) -> None:
    seen: list[int] = []
    assert write_export(FIXTURES, "csv", tmp_path / "a.csv", progress=seen.append) == 3
    assert seen == [1, 2, 3]


def _many(n: int) -> Iterator[Article]:
    text = "A long invented paragraph about spooler shares and relays. " * 200  # ~12 KB
    for k in range(n):
        yield Article(
            id=f"Q{800000 + k}",
            number=800000 + k,
            format="txt",
            source="gen",
            title=f"Invented {k}",
            modified="2001-01-01",
            area="winnt",
            product="Invented",
            sections=[Section(heading="SYMPTOMS", kind="symptoms", text=text)],
            error_messages=[f"Cannot reach <server{k}>."],
            files=[
                FileRow(
                    date=None,
                    time=None,
                    version=None,
                    size_bytes=1,
                    size_text="1",
                    name=f"f{k}.dll",
                    platform=None,
                )
            ],
        )


@pytest.mark.parametrize("fmt", FORMATS)
def test_memory_stays_flat(fmt: str, tmp_path: Path) -> None:
    # 2,000 records of ~12 KB are ~25 MB of text: a writer that held them would show it.
    tracemalloc.start()
    try:
        write_export(_many(2000), fmt, tmp_path / "big")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 3_000_000, f"{fmt}: peak {peak / 1e6:.1f} MB"


def test_the_export_package_loads_no_ui() -> None:
    from test_headless import _loaded

    setup = (
        "import kbassist.index.export, kbassist.index.export.select, "
        "kbassist.index.export.documents"
    )
    assert _loaded(setup, ("textual", "rich", "kbassist.tui")) == ""
