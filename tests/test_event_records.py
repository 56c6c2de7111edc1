"""Event-log records: the record keeps the whole record as the article shows it, and a
paste of that record (several lines from the Event Viewer, or one) is compared with it
like with like (clean.as_pasted), so the whole-record convention costs search nothing."""

from __future__ import annotations

import pytest

from kbassist.index import query, rank
from kbassist.index.clean import as_pasted, clean, headline
from kbassist.kbparse import parse_text
from kbassist.kbparse.record import Article

from articles import html_page, md_page, txt_article
from kbfixtures import _body

RECORD = (
    "Event ID: 4107\nSource: TrackSvc\nType: Error\nDescription: The tracking service could\n"
    "not bind to port 1121. The port is in use by another process."
)
WHOLE = (
    "Event ID: 4107 Source: TrackSvc Type: Error Description: The tracking service could "
    "not bind to port 1121. The port is in use by another process."
)
TEXT = "The tracking service could not bind to port 1121. The port is in use by another process."


def _article(message: str = RECORD) -> Article:
    body = _body(
        "The following event is logged in the application event log:",
        message,
        "Another program holds the port.",
        "Stop the other program.",
    )
    return parse_text(txt_article("Q930101", title="Tracker Cannot Bind", body=body), "x.TXT")


def test_the_record_is_the_whole_event_record_in_every_format() -> None:
    body = _body(
        "The following event is logged in the application event log:",
        RECORD,
        "Another program holds the port.",
        "Stop the other program.",
    )
    txt = txt_article("Q930101", title="Tracker Cannot Bind", body=body)
    for text, source in ((txt, "x.TXT"), (md_page(txt), "x.md"), (html_page(txt), "x.html")):
        assert parse_text(text, source).error_messages == [WHOLE], source


@pytest.mark.parametrize(
    "paste",
    [
        # As the Event Viewer's copy gives it: one field a line.
        "Event Type: Error\nEvent Source: TrackSvc\nEvent Category: None\nEvent ID: 4107\n"
        "Date: 3/4/2001\nTime: 10:12:01 AM\nUser: N/A\nComputer: HOST1\nDescription:\n" + TEXT,
        # As the article shows it, on one line or wrapped.
        WHOLE,
        "Source: TrackSvc Event ID: 4107 Description: The tracking service could not\n"
        "bind to port 1121. The port is in use by another process.",
    ],
)
def test_a_pasted_record_reads_as_its_event_id_and_text(paste: str) -> None:
    assert clean(paste).message == f"Event ID: 4107 {TEXT}"


def test_whole_record_matches_a_pasted_record_as_well_as_its_text_alone() -> None:
    whole, text_only = _article(), _article(TEXT)
    assert as_pasted(whole.error_messages[0]) == f"Event ID: 4107 {TEXT}"
    assert as_pasted(TEXT) == TEXT  # any other message is left as it is
    paste = clean(RECORD)
    view = query.query_view(paste.message, paste.context, set())
    # The fields the paste leaves out (Source, Type) do not count against the record.
    assert rank.message_score(whole, view) >= rank.message_score(text_only, view) > 0.9
    assert rank.literal_score(whole, view) == 1.0


def test_a_result_row_shows_an_event_record_by_its_description() -> None:
    # The row has room for about 60 characters: the Description the person saw, not the
    # record's Source and Type fields; its event ID after it.
    assert headline(WHOLE) == f"{TEXT} (Event ID: 4107)"
    assert headline(TEXT) == TEXT
    assert headline("Source: TrackSvc Description:") == "Source: TrackSvc Description:"
