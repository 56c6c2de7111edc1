"""Small invented collections of articles for index tests (never corpus text)."""

from __future__ import annotations

import random
from pathlib import Path

from articles import txt_article


def _body(symptom: str, message: str | None, cause: str, fix: str, extra: str = "") -> str:
    parts = ["SYMPTOMS", "========", "", symptom]
    if message:
        parts += ["", "   " + message.replace("\n", "\n   ")]
    parts += ["", "CAUSE", "=====", "", cause, "", "RESOLUTION", "==========", "", fix]
    if extra:
        parts += ["", extra]
    return "\n".join(parts)


ARTICLES: dict[str, dict[str, str]] = {
    "Q900101": dict(
        title="Spooler Share Unavailable After Drive Mapping",
        product="Invented Print Server",
        modified="14-MAR-2001",
        body=_body(
            "When you map a drive you may receive the following error message:",
            "Cannot reach <servername>: the spooler share is\nunavailable right now.",
            "The redirector keeps a stale handle.",
            "Install the update.",
        ),
    ),
    "Q900102": dict(
        title="STOP 0x0000001E in Invented Filter Driver",
        product="Invented Operating System",
        modified="02-FEB-2000",
        body=_body(
            "The computer stops responding with the following message on a blue screen:",
            "STOP 0x0000001E (0xC0000005, 0x8013A3F1, 0x00000000, 0x00000000)\n"
            "KMODE_EXCEPTION_NOT_HANDLED",
            "The filter driver reads freed memory.",
            "Replace Fltdrv.sys with the version listed below.",
            "   Date        Time   Size    File name     Platform\n"
            "   -------------------------------------------------\n"
            "   03/14/2000  09:15  45,312  Fltdrv.sys    x86",
        ),
    ),
    "Q900103": dict(
        title="Access Denied (0x80070005) When Saving Invented Reports",
        product="Invented Report Writer",
        modified="05-JUN-2002",
        body=_body(
            "Saving a report to a network folder fails with:",
            "Unable to save the report. Error 0x80070005: Access is denied.",
            "The report writer runs under an account without write permission.",
            "Give the service account write permission on the folder.",
        ),
    ),
    "Q900104": dict(
        title="Event ID 2011 Logged by Invented Server Service",
        product="Invented Operating System",
        modified="11-NOV-1999",
        body=_body(
            "The following event is logged in the system log:",
            "Event ID: 2011\nSource: Srv\nDescription:\nThe server's configuration parameter "
            '"irpstacksize" is too small for the server to use a local device.',
            "A filter driver uses more stack locations than the server expects.",
            "Increase the IRPStackSize registry value.",
        ),
    ),
    "Q900105": dict(
        title="Invented Mail Client Cannot Open Default Folders",
        product="Invented Mail Client",
        modified="21-AUG-2001",
        body=_body(
            "After you install a personal web server, the mail client cannot open its "
            "default e-mail folders.",
            None,
            "The web server installs an older copy of a shared messaging library.",
            "Reinstall the mail client to restore the library.",
        ),
    ),
}


def write_fixture_articles(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for art_id, a in ARTICLES.items():
        text = txt_article(
            art_id,
            title=a["title"],
            body=a["body"],
            modified=a["modified"],
        ).replace("PRODUCT :Invented Print Server", f"PRODUCT :{a['product']}")
        path = folder / f"{art_id}.TXT"
        path.write_text(text)
        out[art_id] = path
    return out


_WORDS = (
    "printer spooler network drive share server client mail folder report driver memory "
    "registry service account permission update disk volume backup restore cluster modem "
    "dialog window setup install remove timeout handle session logon password domain"
).split()


def write_many(folder: Path, n: int, seed: int = 7, start: int = 910000) -> list[str]:
    """n distinct invented articles (for ingest-scale tests)."""
    rnd = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    ids = []
    for k in range(n):
        art_id = f"Q{start + k}"
        words = rnd.choices(_WORDS, k=60)
        body = _body(
            " ".join(words[:20]) + ".",
            f"Cannot {words[20]} the {words[21]} {k}.",
            " ".join(words[22:40]) + ".",
            " ".join(words[40:]) + ".",
        )
        (folder / f"{art_id}.TXT").write_text(
            txt_article(art_id, title=f"Invented {words[0]} {k}", body=body)
        )
        ids.append(art_id)
    return ids


# -- topics for the semantic model (tests/test_semantic.py) ---------------------------

# Invented topics. Interface articles name some controls and one state of them, told in
# three words that keep company: "frobbed" with "zorked" and "snarled", never with
# "moves" or "hidden". The state words are invented so that only the model, learned from
# these articles alone, can know they belong together (the thesaurus cannot).
_CONTROLS = "menu command toolbar option dialog checkbox button".split()
_STATES = [
    "frobbed zorked snarled".split(),
    "moves left position".split(),
    "hidden missing disappears".split(),
    "flickers redraw blinks".split(),
]
_TOPICS = [
    "printer spooler queue port tray paper toner driver".split(),
    "mailbox message recipient sender attachment inbox outbox gateway".split(),
    "volume partition sector cluster format drive controller cache".split(),
]
FILLER = "the user sees this after a restart and then again later".split()


def texts(rnd: random.Random, n: int) -> list[list[str]]:
    out = []
    for _ in range(n):
        for state in _STATES:
            out.append(rnd.sample(_CONTROLS, 3) + state + rnd.sample(FILLER, 3))
        for words in _TOPICS:
            out.append(rnd.sample(words, 5) + rnd.sample(FILLER, 3))
    for text in out:
        rnd.shuffle(text)
    return out


def write_topics(folder: Path) -> None:
    """The invented topics as TXT articles, plus two that differ only in the state of a
    Quux toolbar button: one says it is zorked, one says it moves."""
    folder.mkdir(parents=True, exist_ok=True)
    for k, text in enumerate(texts(random.Random(5), 12)):
        art_id = f"Q{810000 + k}"
        body = "SYMPTOMS\n========\n\n" + " ".join(text) + ".\n"
        title = " ".join(text[:4]).title()
        text_file = txt_article(art_id, title=title, body=body)
        (folder / f"{art_id}.TXT").write_text(text_file)
    for art_id, title, symptom in (
        ("Q820001", "Quux Toolbar Button Zorked", "The Quux toolbar button is zorked."),
        ("Q820002", "Quux Toolbar Button", "The Quux toolbar button moves to the left."),
    ):
        body = f"SYMPTOMS\n========\n\n{symptom}\n"
        (folder / f"{art_id}.TXT").write_text(txt_article(art_id, title=title, body=body))


# -- the console's fixtures (tests/test_tui_*.py) ----------------------------------------

TUI_ARTICLES: dict[str, dict[str, str]] = {
    "Q900110": dict(
        title="Invented Spooler Stalls With Error 0x8004CAFE",
        product="Invented Print Server",
        modified="09-JUL-2002",
        body=_body(
            "Print jobs stay in the queue and the following error message appears:",
            "The invented spooler service stopped printing\nbecause the queue file is locked.",
            "A backup agent keeps the queue file open. For background, see Q900111.",
            "Install the hotfix below, then restart the spooler as described in Q900111.\n"
            "See also Q900101.",
            "   Date        Time   Size    File name     Platform\n"
            "   -------------------------------------------------\n"
            "   07/01/2002  10:20  81,920  Spoolq.dll    x86\n"
            "   07/01/2002  10:20  12,288  Spoolsvc.exe  x86",
        ),
    ),
    "Q900111": dict(
        title="How to Restart the Invented Spooler Service",
        product="Invented Print Server",
        modified="03-JAN-2002",
        body=_body(
            "You need to restart the invented spooler service without rebooting.",
            None,
            "The spooler keeps its queue files open while it runs.",
            "Stop the service, wait ten seconds, and start it again. See Q900110.",
        ),
    ),
}


def write_tui_articles(folder: Path) -> dict[str, Path]:
    """The index fixtures plus the console's: a reference chain and a files table."""
    out = write_fixture_articles(folder)
    for art_id, a in TUI_ARTICLES.items():
        text = txt_article(
            art_id, title=a["title"], body=a["body"], modified=a["modified"]
        ).replace("PRODUCT :Invented Print Server", f"PRODUCT :{a['product']}")
        path = folder / f"{art_id}.TXT"
        path.write_text(text)
        out[art_id] = path
    return out


HOSTILE = {
    "markup": "[boot]",
    "close": "[/3GB]",
    "action": "[@click=app.quit]OK[/]",
    "osc52": "\x1b]52;c;aGFja2Vk\x07",
    "sgr": "\x1b[31m",
}
"""Article text that Rich/Textual markup or a terminal would act on."""


def hostile_jsonl(path: Path) -> Path:
    """A record file (ingested as-is, so the parser's control-character clean-up never
    sees it) with hostile text in every field the console shows."""
    from kbassist.kbparse.record import Article, FileRow, Section, to_json

    h = HOSTILE
    nasty = f"{h['markup']} {h['close']} {h['action']} {h['osc52']}{h['sgr']}red"
    article = Article(
        id="Q900666",
        number=900666,
        format="txt",
        source="hostile.jsonl",
        title=f"Quirkyglyph fault {nasty}",
        modified="2002-01-01",
        area="winnt",
        product=f"Invented {h['markup']} Product",
        applies_to=[f"Invented {h['close']} version 1.0"],
        preamble=f"Preamble {nasty}",
        sections=[
            Section(heading="SYMPTOMS", kind="symptoms", text=f"Quirkyglyph symptom {nasty}"),
            Section(heading="CAUSE", kind="cause", text=f"Cause {nasty}"),
            Section(heading="RESOLUTION", kind="resolution", text=f"Resolution {nasty}"),
        ],
        error_messages=[f"Quirkyglyph failure {nasty}"],
        files=[
            FileRow(
                date="2002-01-01",
                time=None,
                version=h["close"],
                size_bytes=1,
                size_text="1",
                name=f"{h['markup']}{h['osc52']}evil.dll",
                platform=h["action"],
            )
        ],
        related_articles=["Q900101"],
    )
    path.write_bytes(to_json(article) + b"\n")
    return path


def build_fixture_index(root: Path) -> Path:
    """The fixture articles written under `root` and ingested into `root/index`."""
    from kbassist.index.ingest import ingest
    from kbassist.index.store import KbIndex

    write_fixture_articles(root / "articles")
    with KbIndex.open(root / "index", create=True) as kb:
        report = ingest(kb, [str(root / "articles")], jobs=1)
    assert report.added == len(ARTICLES), report
    return root / "index"


def build_tui_index(root: Path):
    """An index of the fixture articles, the console's and the hostile record."""
    from kbassist.index.ingest import ingest
    from kbassist.index.store import KbIndex

    write_tui_articles(root / "articles")
    kb = KbIndex.open(root / "index", create=True)
    ingest(kb, [str(root / "articles"), str(hostile_jsonl(root / "hostile.jsonl"))], jobs=1)
    return kb


# -- an index for reading: browse nodes and an article whose text must reflow ----------

BROWSE_SERVER = "Invented Directory Server"
BROWSE_TOOLS = "Invented Build Tools"
BROWSE_LONG_TITLE = (
    "Directory Server Stops Replicating When the Invented Schema Cache Holds More Than "
    "Sixty-Four Thousand Entries"
)
# (id, area, product, versions): one product under two area codes, service packs with and
# without their version, year versions, a letter release, a name, no product at all.
BROWSE_RECORDS = [
    ("Q910001", "invsrv", BROWSE_SERVER, ["3.1"]),
    ("Q910002", "invsrv", BROWSE_SERVER, ["3.51"]),
    ("Q910003", "invsrv", BROWSE_SERVER, ["4.0", "4.0 SP1"]),
    ("Q910004", "invnet", BROWSE_SERVER, ["4.0 SP2"]),
    ("Q910005", "invnet", BROWSE_SERVER, ["4.0 SP1", "4.0 SP2"]),
    ("Q910006", "invsrv", BROWSE_SERVER, ["2000"]),
    ("Q910007", "invsrv", BROWSE_SERVER, ["3.11"]),
    ("Q910008", "invsrv", BROWSE_SERVER, ["4.0b"]),
    ("Q910009", "invsrv", BROWSE_SERVER, ["ALL"]),
    ("Q910010", "invsrv", BROWSE_SERVER, ["5.5 SP3"]),
    ("Q910011", "invtools", BROWSE_TOOLS, ["2.30"]),
    ("Q910012", "invtools", BROWSE_TOOLS, ["2.20"]),
    ("Q910013", "invmisc", "", []),
    # Other spellings of versions above, and a list that was never split on its commas.
    ("Q910014", "invsrv", BROWSE_SERVER, ["4.00"]),
    ("Q910015", "invsrv", BROWSE_SERVER, ["3.1 3.51"]),
    ("Q910016", "invsrv", BROWSE_SERVER, ["4.0 Service Pack 1"]),
    ("Q910017", "invsrv", BROWSE_SERVER, ["beta2"]),
]
READING_PRODUCT = "Invented Mail Gateway"
# Wrapped at 79 columns as the archive is: prose, steps, a command, a table.
READING_RESOLUTION = """\
To resolve this problem, remove the invented gateway's cached password from the
registry of the server, and then type the password again in the gateway's own
dialog box so that the two copies match once more.

1. Stop the invented gateway service on the server and start Registry Editor,
  then locate the key that the following command prints on its last line:

     gwconfig /show:password /server:INVENTED01 /verbose /format:registry-key

2. Delete the CachedPassword value, and then start the gateway service again.

Value name        Type       Data
CachedPassword    REG_SZ     (the old password, scrambled)
"""


def reading_records() -> list:
    from kbassist.kbparse.record import Article, ProdVer, Section

    out = []
    for art_id, area, product, versions in BROWSE_RECORDS:
        n = int(art_id[1:])
        out.append(
            Article(
                id=art_id,
                number=n,
                format="txt",
                source=f"{art_id}.jsonl",
                title=BROWSE_LONG_TITLE if art_id == "Q910001" else f"Invented article {n}",
                modified=f"2001-01-{n % 28 + 1:02d}",
                area=area,
                product=product,
                prod_ver=[ProdVer(platform="", versions=versions)],
                sections=[
                    Section(heading="SYMPTOMS", kind="symptoms", text=f"Invented symptom {n}.")
                ],
            )
        )
    out.append(
        Article(
            id="Q910100",
            number=910100,
            format="txt",
            source="Q910100.jsonl",
            title="Invented Gateway Password Mismatched After Server Restart",
            modified="2002-05-05",
            area="invmail",
            product=READING_PRODUCT,
            prod_ver=[ProdVer(platform="", versions=["1.0"])],
            sections=[
                Section(
                    heading="SYMPTOMS",
                    kind="symptoms",
                    text="After the invented gateway server restarts, its password has become\n"
                    "mismatched with the one the gateway keeps, and mail stops.",
                ),
                Section(heading="RESOLUTION", kind="resolution", text=READING_RESOLUTION),
            ],
        )
    )
    return out


def build_reading_index(root: Path):
    """An index of invented records (ingested as .jsonl): the browse nodes above and one
    article whose text mixes prose, steps, a command and a table."""
    from kbassist.index.ingest import ingest
    from kbassist.index.store import KbIndex
    from kbassist.kbparse.record import to_json

    path = root / "reading.jsonl"
    path.write_bytes(b"".join(to_json(a) + b"\n" for a in reading_records()))
    kb = KbIndex.open(root / "index", create=True)
    ingest(kb, [str(path)], jobs=1)
    return kb
