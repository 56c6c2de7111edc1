"""A described problem's product and version (index/products.py): the article that
applies to the version the ticket names comes before its twin for another version."""

from __future__ import annotations

from kbassist.index import products, query, rank
from kbassist.kbparse.record import Article


def _article(art_id: str, applies_to: list[str]) -> Article:
    return Article(id=art_id, number=int(art_id[1:]), format="txt", source=f"{art_id}.TXT",
                   title="Site Addressing Gives the Wrong Address for a Second Mailbox",
                   modified=None, area=None, product="Invented", sections=[],
                   preamble="The address of a second mailbox with the same name is wrong.",
                   applies_to=applies_to)  # fmt: skip


def test_a_version_counts_right_after_the_product() -> None:
    words, pairs = products.paste_mentions("our MAILHQ server (Exchange 4.0, no SP) and Word 97")
    assert ("exchange", "4") in pairs and ("word", "97") in pairs
    assert products.product_score(_article("Q1", ["Microsoft Exchange Server, version 4.0"]),
                                  words, pairs) == 1.0  # fmt: skip
    assert products.product_score(_article("Q2", ["Microsoft Exchange Server, version 5.5"]),
                                  words, pairs) == 0.0  # fmt: skip
    # Far from any product word, a version names nothing.
    words, pairs = products.paste_mentions("exchange stopped after the update, 4.0 seconds later")
    assert products.product_score(_article("Q1", ["Microsoft Exchange Server, version 4.0"]),
                                  words, pairs) == 0.0  # fmt: skip


def test_a_product_named_without_a_version_says_nothing() -> None:
    words, pairs = products.paste_mentions("the word count in my letter is wrong")
    assert products.product_score(_article("Q3", ["Microsoft Word 97 for Windows"]),
                                  words, pairs) == 0.0  # fmt: skip


def test_the_ticket_s_version_ranks_first() -> None:
    four = _article("Q4", ["Microsoft Exchange Server, version 4.0"])
    five = _article("Q5", ["Microsoft Exchange Server, version 5.5"])
    for named, first in (("4.0", "Q4"), ("5.5", "Q5")):
        ticket = f"Hi, on our Exchange {named} server a second John Smith got the wrong address"
        q = query.query_view(ticket, "", set(), described=True)
        for order in ((four, five), (five, four)):
            ranked = rank.rank_all([(a, 1.0) for a in order], q)
            assert ranked[0][1].id == first
