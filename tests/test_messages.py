"""extract_error_messages: on-screen messages quoted in an article body.

The fixtures are invented sentences laid out the way the archive lays them out (lead-in
sentence, blank line, block indented three spaces, wrapped at about 79 columns).
"""

from __future__ import annotations

from kbparse.messages import extract_error_messages


def body(text: str) -> list[str]:
    """Article body lines from a fixture written with a leading newline."""
    return text.strip("\n").split("\n")


def test_indented_block_after_lead_in_is_joined_and_keeps_placeholders() -> None:
    lines = body("""
SYMPTOMS
========

When you open a shared workbook over a slow dial-up link, you may receive the
following error message:

   Unable to open <filename> on <servername>: the remote spool area is
   already full.

This happens only when the link drops during the save.
""")
    assert extract_error_messages(lines) == [
        "Unable to open <filename> on <servername>: the remote spool area is already full."
    ]


def test_lead_in_read_back_over_wrapped_lines() -> None:
    # The colon line itself ("of the catalog:") names no message; the sentence does.
    lines = body("""
The following error message may be shown by the indexing service while it rebuilds
a large portion of the catalog:

   Catalog xxxxxxxx could not be rebuilt. Close other programs and try again.
""")
    assert extract_error_messages(lines) == [
        "Catalog xxxxxxxx could not be rebuilt. Close other programs and try again."
    ]


def test_lead_in_split_as_following_message_then_appears() -> None:
    lines = body("""
If the printer queue is paused while the job spools, the following message
appears:

   The print processor %1 failed to start.
""")
    assert extract_error_messages(lines) == ["The print processor %1 failed to start."]


def test_several_messages_in_order_of_first_appearance_and_distinct() -> None:
    lines = body("""
SYMPTOMS
========

When you start the tracker, you may receive one of the following error messages:

   Tracker cannot find the log directory.

   -or-

   The log directory is read-only.

MORE INFORMATION
================

Once the directory is created, you may still receive this error message:

   Tracker cannot find the log directory.

The setup program then reports the following error:

   Setup could not register TRACK32.DLL.
""")
    assert extract_error_messages(lines) == [
        "Tracker cannot find the log directory.",
        "The log directory is read-only.",
        "Setup could not register TRACK32.DLL.",
    ]


def test_plural_lead_in_paragraphs_are_separate_singular_are_one_box() -> None:
    plural = body("""
The viewer displays the following error messages:

   Cannot read the index file.

   The index file is damaged.
""")
    assert extract_error_messages(plural) == [
        "Cannot read the index file.",
        "The index file is damaged.",
    ]
    singular = body("""
The viewer displays the following error message:

   Cannot read the index file.

   Run the repair tool and then try again.
""")
    assert extract_error_messages(singular) == [
        "Cannot read the index file. Run the repair tool and then try again."
    ]


def test_bulleted_messages_are_separate_and_lose_their_bullets() -> None:
    lines = body("""
During setup you may receive one of the following error messages:

 - The component catalog is missing.

 - The component catalog is from a newer version and cannot be
   used.
""")
    assert extract_error_messages(lines) == [
        "The component catalog is missing.",
        "The component catalog is from a newer version and cannot be used.",
    ]


def test_block_wrapped_in_quotes_loses_the_delimiting_quotes() -> None:
    lines = body("""
The form designer then returns this error message:

   "Control array element 'Frame1' does not exist. Remove the reference
   and try again."
""")
    assert extract_error_messages(lines) == [
        "Control array element 'Frame1' does not exist. Remove the reference and try again."
    ]


def test_message_at_the_list_item_indentation_takes_one_paragraph() -> None:
    lines = body("""
3. On the Tools menu, click Rebuild. You receive the following message:

   The rebuild removes all custom entries. Do you want to continue?

   Click Yes to continue.

4. Quit the program.
""")
    assert extract_error_messages(lines) == [
        "The rebuild removes all custom entries. Do you want to continue?"
    ]


def test_labels_under_a_lead_in_introduce_further_blocks() -> None:
    lines = body("""
Depending on the platform, the loader displays one of the following messages:

Under Windows 95:

   The loader has performed an illegal operation.

Under Windows NT:

   LOADER.EXE - Application Error
""")
    assert extract_error_messages(lines) == [
        "The loader has performed an illegal operation.",
        "LOADER.EXE - Application Error",
    ]


def test_event_viewer_block_gives_the_description_text() -> None:
    lines = body("""
The following event is logged in the application event log:

   Event ID: 4107
   Source: TrackSvc
   Type: Error
   Description: The tracking service could not bind to port 1121. The port
   is in use by another process.
""")
    assert extract_error_messages(lines) == [
        "The tracking service could not bind to port 1121. The port is in use by another process."
    ]


def test_button_line_under_a_dialog_text_is_dropped() -> None:
    lines = body("""
The program then returns an error similar to the following:

   Cannot find the file <filename.ext>. Check the path and filename.

       OK
""")
    assert extract_error_messages(lines) == [
        "Cannot find the file <filename.ext>. Check the path and filename."
    ]


def test_inline_quoted_message_called_a_message_in_the_sentence() -> None:
    lines = body("""
When you save the drawing to a network drive, you may receive an "access
denied" error message, or the error message "Disk is full" appears.
""")
    assert extract_error_messages(lines) == ["access denied", "Disk is full"]


def test_quoted_text_not_called_a_message_is_not_taken() -> None:
    lines = body("""
Start the program from drive A by typing "RUN X" at the prompt. When you see the
"Loading drivers" message, press F8. Click "Advanced" to change the settings.
""")
    assert extract_error_messages(lines) == []


def test_indented_list_after_a_non_message_lead_in_is_not_taken() -> None:
    lines = body("""
When you add the following counters to the chart, they always show zero:

   Spool Bytes Queued
   Spool Jobs Failed

To resolve this error, type the following command:

   net stop spooler
""")
    assert extract_error_messages(lines) == []


def test_code_sample_after_a_code_lead_in_is_not_taken() -> None:
    lines = body("""
The following code example reports an error message:

   Dim r As Integer
   r = Validate(Text1.Text)
   If r <> 0 Then MsgBox "Value out of range"
""")
    assert extract_error_messages(lines) == []


def test_unindented_paragraph_after_a_column_zero_lead_in_is_prose() -> None:
    lines = body("""
If the service cannot start, you receive the following error message:

This behavior occurs because the service account has no logon right.
""")
    assert extract_error_messages(lines) == []


def test_block_stops_at_the_next_heading_and_at_prose() -> None:
    lines = body("""
You may receive the following error message:

   Bad command or file name

CAUSE
=====

This problem occurs because the path is too long.
""")
    assert extract_error_messages(lines) == ["Bad command or file name"]


def test_body_without_messages() -> None:
    assert extract_error_messages([]) == []
    assert (
        extract_error_messages(
            body("""
SUMMARY
=======

This article describes how to change the default font.
""")
        )
        == []
    )


def test_lead_in_without_colon_before_an_indented_block() -> None:
    lines = body("""
When you rebuild the address list, you may receive the following error message

   Address list <name> could not be rebuilt (code 12).

This happens only on the first rebuild.
""")
    assert extract_error_messages(lines) == ["Address list <name> could not be rebuilt (code 12)."]


def test_unindented_message_after_an_explicit_lead_in() -> None:
    lines = body("""
When the client starts, the user may see the following message:

Unable to reach the license server. Try again later.

This means that the client cannot see any license server.
""")
    assert extract_error_messages(lines) == ["Unable to reach the license server. Try again later."]


def test_condition_labels_inside_a_bulleted_block_are_not_text() -> None:
    lines = body("""
Users of the old client receive the following error messages:

 - While the setup program runs:

   <Program name> setup could not complete.

 - When a linked object is opened:

   Cannot initialize LINKER32.DLL.
""")
    assert extract_error_messages(lines) == [
        "<Program name> setup could not complete.",
        "Cannot initialize LINKER32.DLL.",
    ]


def test_event_record_documentation_and_data_are_not_the_message() -> None:
    lines = body("""
The following events are logged in the application log:

   Event ID: 17
   Source: GatewaySvc
   Description: (1203) Session lost with the host system.

   EXPLANATION
   The host ended the session without notice.

   Event ID: 18
   Description: The gateway could not read its queue file.
   Data:
   0000: 0000ffff 00540003 00000000 8000251f
""")
    assert extract_error_messages(lines) == [
        "(1203) Session lost with the host system.",
        "The gateway could not read its queue file.",
    ]


def test_dialog_box_that_says_and_documentation_errors() -> None:
    shown = body("""
Clicking Help then opens a dialog box that says:

   Cannot find the help file VIEWER.HLP.
""")
    assert extract_error_messages(shown) == ["Cannot find the help file VIEWER.HLP."]
    errata = body("""
The manual contains the following documentation errors:

 - Page 12 names the wrong registry key.

 - Page 40 lists the switches in the wrong order.
""")
    assert extract_error_messages(errata) == []
