"""Articles that quote the same message in other punctuation: the paste's own spelling
decides between them (rank.literal_score), but never in a description."""

from __future__ import annotations

import msgspec
import pytest

from kbassist.index import query, rank
from kbassist.index.ingest import ingest
from kbassist.index.search import search
from kbassist.index.store import KbIndex

from articles import txt_article
from kbfixtures import _body

# The same invented message in two spellings: by its words, one article is as good as
# the other for either paste.
SPACED = "Frobnicator fault : module = Quux (retry later)."
PACKED = "Frobnicator fault: module=Quux (retry later)"


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KbIndex:
    root = tmp_path_factory.mktemp("literal")
    folder = root / "articles"
    folder.mkdir()
    for art_id, title, message in (
        ("Q930001", "Designer Closes When a Page Is Removed", SPACED),
        ("Q930002", "Designer Closes When a Page Is Moved", PACKED),
    ):
        body = _body(
            "Removing a page from the designer fails with this error message:",
            message,
            "The designer frees the page twice.",
            "Install the update.",
        )
        (folder / f"{art_id}.TXT").write_text(txt_article(art_id, title=title, body=body))
    index = KbIndex.open(root / "index", create=True)
    assert ingest(index, [str(folder)], jobs=1).added == 2
    return index


def _first(kb: KbIndex, paste: str) -> str:
    return search(kb, paste).hits[0].id


@pytest.mark.parametrize(
    ("paste", "expected"),
    [
        (f"Error\n\n{PACKED}\n\nOK", "Q930002"),
        (f"Error\n\n{SPACED}\n\nOK", "Q930001"),
        # Wrapped by the dialog, and in other case: still the packed spelling.
        ("frobnicator fault:\nmodule=quux (retry later)", "Q930002"),
    ],
)
def test_the_article_quoting_the_screen_exactly_comes_first(
    kb: KbIndex, paste: str, expected: str
) -> None:
    assert _first(kb, paste) == expected


def test_without_the_literal_feature_words_cannot_tell_them_apart(
    kb: KbIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The cases above are decided by the literal feature, not by the fixture's order:
    # without it both spellings put the same article first.
    monkeypatch.setitem(rank.WEIGHTS, "literal", 0.0)
    assert _first(kb, f"Error\n\n{PACKED}\n\nOK") == _first(kb, f"Error\n\n{SPACED}\n\nOK")


def test_a_description_is_not_judged_by_spelling(kb: KbIndex) -> None:
    article = kb.get("Q930002")
    assert article is not None
    screen = query.query_view(PACKED, "", set())
    told = query.query_view(PACKED, "", set(), described=True)
    assert rank.literal_feature(article, screen, rank.message_score(article, screen)) == 1.0
    assert rank.literal_feature(article, told, rank.message_score(article, told)) == 0.0


def test_the_closest_of_many_messages_counts(kb: KbIndex) -> None:
    article = kb.get("Q930002")
    assert article is not None
    many = msgspec.structs.replace(
        article, error_messages=[f"message number {i}" for i in range(300)] + [PACKED]
    )
    assert rank.literal_score(many, query.query_view(PACKED, "", set())) == 1.0
