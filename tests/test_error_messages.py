"""extract_error_messages: on-screen messages quoted in an article body.

The fixtures are invented sentences laid out the way the archive lays them out (lead-in
sentence, blank line, block indented three spaces, wrapped at about 79 columns).
"""

from __future__ import annotations

from kbassist.kbparse.error_messages import extract_error_messages


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


def test_event_viewer_block_gives_the_whole_record_as_shown() -> None:
    # The record as the Event Viewer shows it and people paste it, fields included (the
    # second reviewers wrote event records so; ARCHITECTURE.md "Event records whole").
    lines = body("""
The following event is logged in the application event log:

   Event ID: 4107
   Source: TrackSvc
   Type: Error
   Description: The tracking service could not bind to port 1121. The port
   is in use by another process.
""")
    assert extract_error_messages(lines) == [
        "Event ID: 4107 Source: TrackSvc Type: Error Description: The tracking service could "
        "not bind to port 1121. The port is in use by another process."
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
Start the program from drive A by typing "RUN X" at the prompt. The "Loading drivers"
message is a text string in the loader. At the "Password" prompt, type your password.
Click "Advanced" to change the settings.
""")
    assert extract_error_messages(lines) == []


def test_message_the_user_is_said_to_see_counts_even_in_passing() -> None:
    # The second reviewers counted these: the article says the user sees the text.
    lines = body("""
To start at a command prompt, press F8 when you see the "Loading drivers" message,
and then choose Command Prompt Only. The default error handler presents the user
with the familiar "abort, retry, ignore" message. You may also see a "resources are
low" message box. When enlarging a picture, you may get an error message saying the
viewer is "Unable to Show Picture."
""")
    assert extract_error_messages(lines) == [
        "Loading drivers",
        "abort, retry, ignore",
        "resources are low",
        "Unable to Show Picture.",
    ]


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


def test_event_record_documentation_and_data_belong_to_the_record() -> None:
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
        "Event ID: 17 Source: GatewaySvc Description: (1203) Session lost with the host "
        "system. EXPLANATION The host ended the session without notice.",
        "Event ID: 18 Description: The gateway could not read its queue file. Data: 0000: "
        "0000ffff 00540003 00000000 8000251f",
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


def test_lead_ins_without_colon_ending_in_a_verb_or_a_period() -> None:
    lines = body("""
If the spool folder is full, the following message may appear

   The spooler cannot write the job file <name>.

If you try to rename the archive and get the error message

   Cannot rename the archive

check that no other program has the archive open.

The tracker then returns one of the following error messages.

Tracking from a client computer:

   Error 88: The tracking database is locked by another user.

Tracking from the server:

   Error 88: The database is locked.
""")
    assert extract_error_messages(lines) == [
        "The spooler cannot write the job file <name>.",
        "Cannot rename the archive",
        "Error 88: The tracking database is locked by another user.",
        "Error 88: The database is locked.",
    ]


def test_sample_that_produces_the_errors_without_colon() -> None:
    lines = body("""
The sample program below produces the errors

   error C2065: 'total' : undeclared identifier
   error C2100: illegal indirection

if it is compiled as a C file.
""")
    assert extract_error_messages(lines) == [
        "error C2065: 'total' : undeclared identifier",
        "error C2100: illegal indirection",
    ]


def test_compiler_diagnostic_lines_are_separate_messages_unless_wrapped() -> None:
    lines = body("""
The compiler then reports the following errors:

   warning C4101: 'tmp' : unreferenced local variable

   error C2143: syntax error : missing ';' before '}'
   error C2059: syntax error : 'return'
   LINK : fatal error LNK1104: cannot open file 'spool.lib'
   warning C4700: local variable 'n' used without having been initialized. error
   C2440: '=' : cannot convert from 'int' to 'char *'
""")
    assert extract_error_messages(lines) == [
        "warning C4101: 'tmp' : unreferenced local variable",
        "error C2143: syntax error : missing ';' before '}'",
        "error C2059: syntax error : 'return'",
        "LINK : fatal error LNK1104: cannot open file 'spool.lib'",
        "warning C4700: local variable 'n' used without having been initialized. error "
        "C2440: '=' : cannot convert from 'int' to 'char *'",
    ]


def test_column0_label_then_indented_blocks_after_a_singular_lead_in() -> None:
    lines = body("""
The browser may display the following error message:

Version 2.0:

   The catalog server <name> cannot be reached.

Version 3.0:

   The page cannot be displayed.
""")
    assert extract_error_messages(lines) == [
        "The catalog server <name> cannot be reached.",
        "The page cannot be displayed.",
    ]


def test_column0_bulleted_list_after_a_plural_lead_in() -> None:
    messages = body("""
When you dial the tracker service, you may receive one of the following errors:

- The tracker line is busy.

- The remote tracker did not answer.
""")
    assert extract_error_messages(messages) == [
        "The tracker line is busy.",
        "The remote tracker did not answer.",
    ]
    # Conditions in the list (lowercase, or labels ending in ':') are not messages.
    conditions = body("""
The common tracker errors are:

- dialing a number that is not in service

- dialing while the line is in use
""")
    assert extract_error_messages(conditions) == []


def test_column0_paragraph_after_an_indented_block_and_separator_is_prose() -> None:
    lines = body("""
You may receive the following error message:

   The tracker cannot open the log.

-or-

The tracker may stop responding without displaying a message.
""")
    assert extract_error_messages(lines) == ["The tracker cannot open the log."]


def test_compound_nouns_and_exceptions_are_not_lead_ins() -> None:
    lines = body("""
The function returns one of the following error codes:

   TRK_BUSY
   TRK_NOT_FOUND

The client behaves like the full client, with the following exceptions:

   Offline folders are not available.

The following message flow takes place:

   The client sends a request to the tracker.
""")
    assert extract_error_messages(lines) == []


def test_noun_phrase_with_names_and_a_modifier_before_the_message_noun() -> None:
    lines = body("""
When the tracker stops, the following Dr. Watson for Windows NT error message appears:

   An application error has occurred and an application error log is being
   generated.

When you open the workbook, the following macro virus warning message appears:

   The workbook you are opening contains macros.
""")
    assert extract_error_messages(lines) == [
        "An application error has occurred and an application error log is being generated.",
        "The workbook you are opening contains macros.",
    ]


def test_a_verb_far_into_the_lead_in_sentence_does_not_reject_it() -> None:
    # "used" ends "The following messages are used:" but not this sentence.
    lines = body("""
The upgrade may display one of the following messages and stop if the disk was
prepared with a tool that has been used before:

   The upgrade cannot continue.
""")
    assert extract_error_messages(lines) == ["The upgrade cannot continue."]


def test_inline_quotes_clean_up_and_passing_mentions() -> None:
    lines = body("""
You may receive the error message "Tracker not found," even though the tracker
runs. The viewer shows a message box containing the text "Index damaged. Run
the repair tool." The viewer reports an "Out of paper" or "Printer offline"
error. When the message "Tracker ready" appears, press ENTER.
""")
    assert extract_error_messages(lines) == [
        "Tracker not found",
        "Index damaged. Run the repair tool.",
        "Out of paper",
        "Printer offline",
        "Tracker ready",  # it appears: the user sees it
    ]


def test_inline_quote_naming_a_quoted_block_is_not_another_message() -> None:
    lines = body("""
The tracker displays the following error message:

   Tracker error 640: the tracker has stopped (code 0x5)

CAUSE
=====

The "Tracker error 640" message is caused by a full disk. The "Tracker error
640." error message can also appear after a restore.
""")
    assert extract_error_messages(lines) == [
        "Tracker error 640: the tracker has stopped (code 0x5)"
    ]


def test_inline_quote_of_a_blocks_end_names_it_and_a_shown_middle_part_is_its_own() -> None:
    lines = body("""
You may receive the following error messages:

   Tracker script runtime error '800a000d'
   Type mismatch

   -and-

   Cannot remove folder <Path>:
   Access Denied. Make sure the disk is not full.

Run the script. You receive the "Type Mismatch" error message. When you take
ownership of the folders, you may receive an "Access denied" prompt for each one.
The "Make sure the disk" error text is misleading.
""")
    assert extract_error_messages(lines) == [
        "Tracker script runtime error '800a000d' Type mismatch",
        "Cannot remove folder <Path>: Access Denied. Make sure the disk is not full.",
        "Access denied",
    ]


def test_quote_in_a_code_comment_is_not_a_message() -> None:
    lines = body("""
Run the following code:

   * This line causes the error "Field TOTAL does not accept null values."
   REPLACE total WITH .NULL.
""")
    assert extract_error_messages(lines) == []


def test_event_lead_ins_without_following_and_compact_event_layouts() -> None:
    lines = body("""
The event logged is:

   EventID: 311
   Src: TrackSvc
   Description:
   The tracker database could not be opened.

You may also find two entries in the Event Viewer:

   Source: TrackSvc Event ID: 312 Description: The tracker service stopped.

   Event ID 313 Description: The tracker service could not restart.
""")
    assert extract_error_messages(lines) == [
        "EventID: 311 Src: TrackSvc Description: The tracker database could not be opened.",
        "Source: TrackSvc Event ID: 312 Description: The tracker service stopped.",
        "Event ID 313 Description: The tracker service could not restart.",
    ]


def test_event_fields_with_equals_and_headers_naming_the_source() -> None:
    lines = body("""
The following events may be logged:

   Event id = 4100
   Source = TrackSvc
   The tracker could not bind to its port.

   Event 4101:  Tracker helper
   Description: The tracker helper did not start.
   Explanation: The helper needs the tracker service.
""")
    assert extract_error_messages(lines) == [
        "Event id = 4100 Source = TrackSvc The tracker could not bind to its port.",
        "Event 4101:  Tracker helper Description: The tracker helper did not start. "
        "Explanation: The helper needs the tracker service.",
    ]


def test_bare_event_numbers_above_the_text_and_log_records() -> None:
    lines = body("""
You may see the following events in the application log:

   4116

   The tracker could not deliver the message.

   4102

   The tracker service is shutting down.

The system event log records the following information:

   Event ID: 7 Source: TrackSvc Type: Warning
   The tracker index is out of date.
""")
    assert extract_error_messages(lines) == [
        "4116 The tracker could not deliver the message.",
        "4102 The tracker service is shutting down.",
        "Event ID: 7 Source: TrackSvc Type: Warning The tracker index is out of date.",
    ]


def test_context_labels_without_colon_inside_a_block() -> None:
    lines = body("""
When you open the file, you may receive one of the following messages:

   In Tracker 2.0 for Windows

   The file was created by a later version.

   In Tracker 1.0 for MS-DOS

   Unknown file format.
""")
    assert extract_error_messages(lines) == [
        "The file was created by a later version.",
        "Unknown file format.",
    ]


def test_time_stamped_log_lines_are_not_messages() -> None:
    lines = body("""
The tracker log file contains the following error messages:

   10/02/98 14:02:11 Opening queue file
   10/02/98 14:02:12 ERROR 12 (queue): cannot lock file
""")
    assert extract_error_messages(lines) == []


def test_list_item_message_box_with_closing_question_and_options() -> None:
    lines = body("""
4. If you receive the following message

  The changes take effect after the tracker restarts.

  Do you want to restart the tracker now?

  click Yes.

5. Click Apply. The following message appears:

  The new settings may affect other programs. Would you like to:

  - Restart the tracker now?

  - Apply the settings without restarting?

6. Click OK.
""")
    assert extract_error_messages(lines) == [
        "The changes take effect after the tracker restarts. Do you want to restart the "
        "tracker now?",
        "The new settings may affect other programs. Would you like to: - Restart the tracker "
        "now? - Apply the settings without restarting?",
    ]


def test_product_label_before_a_quoted_message_and_semicolon_ending() -> None:
    lines = body("""
One of the following error messages appears:

   Tracker 2.0 for Windows: "Record out of range."

   Tracker 3.0 for Windows: "Report file is invalid."

The plotter driver then returns an error message similar to the following:

   Invalid clip limits returned from plotter;
   -2118,2118,1660
""")
    assert extract_error_messages(lines) == [
        "Record out of range.",
        "Report file is invalid.",
        "Invalid clip limits returned from plotter; -2118,2118,1660",
    ]


def test_log_entry_and_numbered_event_lead_ins() -> None:
    lines = body("""
The following entry is written to the System event log:

   Event ID: 7022
   Source: Service Control Manager
   Description: The Tracker service hung on starting.

On the server, an event 2048 is logged in the System Log:

   The tracker protocol component detected an error in the stream.

Event 3057, with a description similar to the following, may appear in Event Viewer:

   Event ID: 3057
   Description: Initialization of the tracker failed.
""")
    assert extract_error_messages(lines) == [
        "Event ID: 7022 Source: Service Control Manager Description: The Tracker service "
        "hung on starting.",
        "The tracker protocol component detected an error in the stream.",
        "Event ID: 3057 Description: Initialization of the tracker failed.",
    ]


def test_followed_by_lead_ins_and_using_labels() -> None:
    lines = body("""
When you start the tracker, you receive the following error message:

   Tracker error 12

This message is often followed by:

   Tracker cannot continue.

Followed by the error message

   Tracker has stopped.

A message similar to one of the following appears:

If you are using a Microsoft Tracker database

   The tracker database is read-only.

If you are using a Microsoft Tracker Server database

   The tracker server is not available.
""")
    assert extract_error_messages(lines) == [
        "Tracker error 12",
        "Tracker cannot continue.",
        "Tracker has stopped.",
        "The tracker database is read-only.",
        "The tracker server is not available.",
    ]


def test_window_messages_being_processed_are_not_on_screen() -> None:
    lines = body("""
Do not yield control during the processing of any of the following messages:

   WM_CREATE
   WM_ACTIVATE
""")
    assert extract_error_messages(lines) == []


def test_dr_watson_box_is_one_message_under_a_plural_lead_in() -> None:
    lines = body("""
When you add many users, the following error messages appear:

   An application error has occurred and an application error log is being
   generated.

   TRACKER.EXE

   Exception: access violation (0xc0000005)
""")
    assert extract_error_messages(lines) == [
        "An application error has occurred and an application error log is being generated. "
        "TRACKER.EXE Exception: access violation (0xc0000005)"
    ]


def test_system_log_entries_as_plain_text_and_text_of_an_event() -> None:
    lines = body("""
The following two entries are present in the System Log:

   The Tracker service failed to start due to the following error:
   The system cannot find the file specified.

   The Tracker helper service failed to start.

Here is the text of event 2200:

   Event ID: 2200
   Source: TrackSvc
   Description: A tracker database error was encountered. [%1 %2] (6)
""")
    assert extract_error_messages(lines) == [
        "The Tracker service failed to start due to the following error: The system cannot "
        "find the file specified.",
        "The Tracker helper service failed to start.",
        "Event ID: 2200 Source: TrackSvc Description: A tracker database error was "
        "encountered. [%1 %2] (6)",
    ]


def test_bullets_alone_on_their_lines_with_the_message_below() -> None:
    # Issue 14: " - " alone on a line, a blank line, the message indented below it.
    lines = body("""
When you open a large catalog over the network, you may receive one or both of the
following error messages:

-\x20

  The catalog server is taking an unusually long time to answer.
  To stop waiting, click Cancel.

-

  Catalog runtime error [Line: 12] The index does not support this
  operation

  -or-

-\x20

  STOP 0x0000002E in CATALOG.SYS

  where <address> is a kernel mode address.

The catalog then closes.
""")
    assert extract_error_messages(lines) == [
        "The catalog server is taking an unusually long time to answer. To stop waiting, "
        "click Cancel.",
        "Catalog runtime error [Line: 12] The index does not support this operation",
        "STOP 0x0000002E in CATALOG.SYS",
    ]


def test_bullets_alone_deeper_than_their_messages_in_a_list_item() -> None:
    lines = body("""
- The setup program stops and you receive the following three consecutive error
  messages:

   -\x20

  Bad catalog version field.

   -\x20

  Processing the top level section failed.

- The setup program truncates the name of your application.
""")
    assert extract_error_messages(lines) == [
        "Bad catalog version field.",
        "Processing the top level section failed.",
    ]


def test_list_of_message_templates_with_placeholders() -> None:
    # Issue 14: alert texts with %1/%2 introduced as "the following are the ... messages",
    # however long an item is and whether or not it opens like prose.
    lines = body("""
The following are the tracker alert messages, the threshold values, and the
description of each alert message:

- Volume %1 is nearly full. %2 bytes are left. Please warn users and remove
  files they no longer need.

- There were %1 failed logons in the last %2 minutes. Please review the
  audit trail.

- The audit trail is full.

- The tracker %1 tried to reach the server %2 through the link set up by
  the %3 site. However, the tracker lost its identifier when the site was
  moved. Set up the link again.
""")
    assert extract_error_messages(lines) == [
        "Volume %1 is nearly full. %2 bytes are left. Please warn users and remove files "
        "they no longer need.",
        "There were %1 failed logons in the last %2 minutes. Please review the audit trail.",
        "The audit trail is full.",
        "The tracker %1 tried to reach the server %2 through the link set up by the %3 "
        "site. However, the tracker lost its identifier when the site was moved. Set up "
        "the link again.",
    ]


def test_bulleted_list_of_prose_is_still_no_template_list() -> None:
    lines = body("""
The following are the messages you can configure for the tracker:

- There is a greeting shown at logon, which you can change in the
  Options dialog box, on the General tab, under the Greeting heading
  where the default text is entered, and then saved.

- The closing text.
""")
    assert extract_error_messages(lines) == []


def test_event_log_messages_as_a_bulleted_list() -> None:
    lines = body("""
The tracker connector logs the following event log messages shortly before it stops:

- 1035: Unable to read a message in the tracker inbox from %1.

- 1038: Unable to reach the tracker folder
""")
    assert extract_error_messages(lines) == [
        "1035: Unable to read a message in the tracker inbox from %1.",
        "1038: Unable to reach the tracker folder",
    ]


def test_lead_in_inside_a_block_is_not_kept_and_a_closing_outcome_is_no_message() -> None:
    # Issue 14: after "-or-", "<Product> 3.0 and <Product> 5.0x produce this error:" is a
    # lead-in of its own, and "<Product> hangs and does not close." is an outcome.
    lines = body("""
4. Depending on the version of Tracker, one of the following occurs:
  Tracker 6.0 displays a message box that has a message similar to the following:

    The instruction at <address> referenced memory at <address>.

  -or-

  Tracker 3.0 and Tracker 5.0x produce this error:

    TRACKER caused an invalid page fault in module TRACKER.EXE at <address>.

  -or-

  Tracker hangs and does not close.
""")
    assert extract_error_messages(lines) == [
        "The instruction at <address> referenced memory at <address>.",
        "TRACKER caused an invalid page fault in module TRACKER.EXE at <address>.",
    ]


def test_mail_header_shown_as_text_is_no_message() -> None:
    lines = body("""
When you view the Internet headers of a message, the server name in the Message-ID
field is damaged. For example, the following text is displayed in the Message-ID field:

  Message-ID: <0A1B2C3D4E5F@TRACKSRV01>
""")
    assert extract_error_messages(lines) == []


def test_message_named_as_an_example_of_what_is_avoided_is_not_taken() -> None:
    lines = body("""
A file system that repairs bad sectors on the fly will eliminate error messages such
as the "Abort, Retry, or Fail?" error message that appears when a sector is damaged.
You may still receive a "Drive not ready" error message when the door is open.
""")
    assert extract_error_messages(lines) == ["Drive not ready"]


def test_same_message_in_another_case_or_spacing_is_one() -> None:
    lines = body("""
You receive the following error message:

   Access is Denied

Later in the log you may also see this error message:

   Access is denied

and the run-time error "Run-time error '5':Invalid call." or, from the
compiled program, the error "Run-time error '5': Invalid call."
""")
    assert extract_error_messages(lines) == [
        "Access is Denied",
        "Run-time error '5':Invalid call.",
    ]


def test_second_message_after_a_lead_in_without_colon_naming_it() -> None:
    # Issue 14: the first dialog of the pair was found, the second one missed.
    lines = body("""
Specifically, you may get the following error message:

  Cannot delete <drive>:\\<folder>. Cannot find the file.

An additional symptom of the missing setting is the error message

  No Files Found
  The folder <drive>:\\<folder> does not contain any files

when you attempt to open an empty folder on the server.
""")
    assert extract_error_messages(lines) == [
        "Cannot delete <drive>:\\<folder>. Cannot find the file.",
        "No Files Found The folder <drive>:\\<folder> does not contain any files",
    ]


def test_non_delivery_report_lead_in() -> None:
    lines = body("""
The sender receives the following Non-Delivery Report (NDR) generated by the
transfer agent:

  A restriction in the tracker prevented delivery of the message.
""")
    assert extract_error_messages(lines) == [
        "A restriction in the tracker prevented delivery of the message."
    ]


def test_lead_ins_without_colon_that_run_on_or_wrap() -> None:
    lines = body("""
You may receive the following error message when you try to print after canceling
printing a second time

  Tracker Driver Busy Another program is using the tracker.

The following errors have been seen when you use the connector to make requests to
a server that has a growing number of catalogs.

  [State=01000][Error=231][Tracker Driver]Pipe Busy.

  [State=S1T00][Error=0][Tracker Driver]Timeout expired.

After the first error message, you may receive the following additional error
message

  <Filename> Cannot be loaded
""")
    assert extract_error_messages(lines) == [
        "Tracker Driver Busy Another program is using the tracker.",
        "[State=01000][Error=231][Tracker Driver]Pipe Busy.",
        "[State=S1T00][Error=0][Tracker Driver]Timeout expired.",
        "<Filename> Cannot be loaded",
    ]


def test_message_interrupting_its_sentence() -> None:
    lines = body("""
- You receive the

  Tracker not present

  error message when loading the drivers.

- The tracker may generate the

  No Items Found

error when you attempt to view a folder.
""")
    assert extract_error_messages(lines) == ["Tracker not present", "No Items Found"]


def test_quoted_text_said_not_to_appear_or_returned_internally() -> None:
    lines = body("""
The arrow that points to the Start button with the message "Click here to begin,"
will not appear. The message "Invalid UID or TID" is returned internally because the
session has not been set up yet.
""")
    assert extract_error_messages(lines) == []


def test_may_be_followed_by_and_text_written_to_the_log_without_its_data() -> None:
    lines = body("""
You may receive the following error message:

  Tracker cannot be removed because backups are missing.

This error message may be followed by:

  Tracker Setup was not completed successfully.

In some cases the following text is written to the Event Viewer system log:

  The tracker was unable to perform an operation due to a shortage of
  available resources.

     0000: 000c0000 005c0001 00000000 c00007d1
     0010: 00000000 c000009a 00000000 00000000
""")
    assert extract_error_messages(lines) == [
        "Tracker cannot be removed because backups are missing.",
        "Tracker Setup was not completed successfully.",
        "The tracker was unable to perform an operation due to a shortage of available resources.",
    ]


def test_crash_box_paragraphs_in_a_list_item_are_one_message() -> None:
    lines = body("""
5. Run the project and close the form. An error message similar to the following
  appears:

  Tracker caused a general protection fault in module USER.EXE at
  0004:00000499.

  This program has performed an illegal operation and will be shut down. If the
  problem persists, contact the program vendor.

6. Restart the computer.
""")
    assert extract_error_messages(lines) == [
        "Tracker caused a general protection fault in module USER.EXE at 0004:00000499. "
        "This program has performed an illegal operation and will be shut down. If the "
        "problem persists, contact the program vendor."
    ]


def test_quoted_second_paragraph_of_a_box_loses_its_quotes() -> None:
    lines = body("""
If you send data before the link is open, you will receive the Tracker Error:

  Run-time error: 40006

  "Wrong protocol or connection state for the requested transaction."
""")
    assert extract_error_messages(lines) == [
        "Run-time error: 40006 Wrong protocol or connection state for the requested transaction."
    ]


def test_event_header_naming_its_source_and_numbered_error_lines() -> None:
    lines = body("""
If the account was deleted, one of the following error messages is logged:

  TRACKLOGON Event 5721

  The session setup to the tracker TRACKPDC failed because it has no account for
  the computer TRACKBDC.

The tracker's put programs may return the following errors:

  151-1-2 - Unknown service xxx
  142-1-2 - Bad Address

When linking, you receive the following two unresolved external error messages:

  tracker.lib(core.obj) : error LNK2001:
   unresolved external symbol "__beginthreadex"
""")
    assert extract_error_messages(lines) == [
        "TRACKLOGON Event 5721 The session setup to the tracker TRACKPDC failed because it "
        "has no account for the computer TRACKBDC.",
        "151-1-2 - Unknown service xxx",
        "142-1-2 - Bad Address",
        'tracker.lib(core.obj) : error LNK2001: unresolved external symbol "__beginthreadex"',
    ]


def test_inline_prompts_and_plural_error_messages_when_shown() -> None:
    lines = body("""
Opening two tracker windows at once will result in "Failed to Get Folder" error
messages for the first folder opened. For each subfolder you may receive an "Access
denied" prompt. At the "Enter tracker password" prompt, type the password again.
The "Tracker busy" error messages are listed in the tracker guide.
""")
    assert extract_error_messages(lines) == ["Failed to Get Folder", "Access denied"]


def test_series_of_messages_and_the_same_messages_again() -> None:
    lines = body("""
After the tracker has finished, you may receive the following series of error messages
(each is displayed after choosing OK):

  Tracker has finished compressing this drive.

  Tracker cannot examine drive C: There is a disk error on drive C:

If you use the Project Manager to build the project, you receive the same error
messages.

  CREATE PROJECT PROJNAME NOWAIT
  pj.DEBUG = .F.
""")
    assert extract_error_messages(lines) == [
        "Tracker has finished compressing this drive.",
        "Tracker cannot examine drive C: There is a disk error on drive C:",
    ]


def test_event_header_followed_by_its_text_on_the_same_line() -> None:
    lines = body("""
The tracker stops and the following sequence of events appears in the Event Log:

  Event ID 2037 An internal tracker error occurred. There is a negative connection
  count for locality 52. [BASE KERNEL 6 117] (10)

  Event ID 2197, Source: TrackerMTA, Category: Interface
  A tracker database error was encountered while locking a queue.
""")
    assert extract_error_messages(lines) == [
        "Event ID 2037 An internal tracker error occurred. There is a negative connection "
        "count for locality 52. [BASE KERNEL 6 117] (10)",
        "Event ID 2197, Source: TrackerMTA, Category: Interface A tracker database error was "
        "encountered while locking a queue.",
    ]


def test_message_noun_before_the_following_text_or_sequence() -> None:
    lines = body("""
The transfer agent may generate an event with the following text:

  Source: TrackerMTA
  Event ID: 9405
  Description: An unexpected error has occurred which may cause the agent to
  terminate.

The error messages are logged in the Application event log in the following sequence:

  EventID : 12800
  Source : TrackerIS
  Description:
  Message processing failed because there is not enough available memory.

  EventID : 1001
  Source : TrackerIMC
  Description:
  The tracker shut down successfully

Type the following text:

  Tracker is ready.

NOTE: This resolution also works for the error:

  Notice 169 Tracker file not accessible. Check server connections.
""")
    assert extract_error_messages(lines) == [
        "Source: TrackerMTA Event ID: 9405 Description: An unexpected error has occurred "
        "which may cause the agent to terminate.",
        "EventID : 12800 Source : TrackerIS Description: Message processing failed because "
        "there is not enough available memory.",
        "EventID : 1001 Source : TrackerIMC Description: The tracker shut down successfully",
        "Notice 169 Tracker file not accessible. Check server connections.",
    ]


def test_labels_underlined_as_sub_headings_between_and_inside_blocks() -> None:
    # Issue 14 (announced, none): each message under a `-`-underlined product or case.
    between = body("""
When you rename a tracker module, you may receive one of the following error messages:

When you copy a module
----------------------

  Tracker Error 1844
  The module cannot be copied.

When you rename a module
------------------------

  Tracker Error 1845 The module cannot be renamed.

CAUSE
=====

The module is locked.
""")
    assert extract_error_messages(between) == [
        "Tracker Error 1844 The module cannot be copied.",
        "Tracker Error 1845 The module cannot be renamed.",
    ]
    inside = body("""
After you download the tracker updates, you receive the following message:

  Tracker 1997
  ------------

  No new update files were found. Do you want to search your hard disk?

  Tracker 1996
  ------------

  No new download files found in C:\\Tracker\\. Search again?

A search of the disk finds nothing.
""")
    assert extract_error_messages(inside) == [
        "No new update files were found. Do you want to search your hard disk?",
        "No new download files found in C:\\Tracker\\. Search again?",
    ]


def test_column0_bullets_opening_like_prose_and_a_list_of_one() -> None:
    lines = body("""
If you start the tracker on an old system, you receive one of the following error messages:

- This version of the tracker does not run on MS-DOS 6.x or earlier.

- You started the tracker with a version of MS-DOS it cannot use. Insert
  a startup disk and restart.

  The system has been halted. Press CTRL+ALT+DELETE to restart.

- This version of the tracker cannot be run on this version of DOS.

If you dial in, you may receive the following message when you connect:

- Connection failed, unable to log on to the tracker.
""")
    assert extract_error_messages(lines) == [
        "This version of the tracker does not run on MS-DOS 6.x or earlier.",
        "You started the tracker with a version of MS-DOS it cannot use. Insert a startup "
        "disk and restart. The system has been halted. Press CTRL+ALT+DELETE to restart.",
        "This version of the tracker cannot be run on this version of DOS.",
        "Connection failed, unable to log on to the tracker.",
    ]


def test_more_lead_in_wordings() -> None:
    lines = body("""
The assembler may generate the following error when the SIZE operator is used in an
indirect operand:

  error A2056: Immediate mode illegal

The tracker driver reports the following error message from the server when trying to
derive column information:

  [Tracker][Driver]TRK-01003:no statement parsed

The linker reports an error of the form:

  tracker.obj : error LNK2001: unresolved external symbol "_TrackOpen@4"

The form stops loading and an error dialog box appears stating:

  "Mismatched push/pop call"

If you view the job's status, you see message ID 10018 with the following description:

  Job %1 from site %2 was rejected because the platform is not supported.

Getting details on the error shows the following text:

  TRACKER caused an invalid page fault in module TRACKER.EXE.

The tracker service reports multiple Event 631 errors (10 a second) in the application
event log:

  Event: 631
  Source: Tracker
  Description: Invalid message received across the LAN.
""")
    assert extract_error_messages(lines) == [
        "error A2056: Immediate mode illegal",
        "[Tracker][Driver]TRK-01003:no statement parsed",
        'tracker.obj : error LNK2001: unresolved external symbol "_TrackOpen@4"',
        "Mismatched push/pop call",
        "Job %1 from site %2 was rejected because the platform is not supported.",
        "TRACKER caused an invalid page fault in module TRACKER.EXE.",
        "Event: 631 Source: Tracker Description: Invalid message received across the LAN.",
    ]


def test_a_path_with_a_placeholder_and_one_statement_like_line_are_still_messages() -> None:
    lines = body("""
When you submit the form, you get the following error message:

  Could not open file
  C:\\content\\<webname>\\_vti_bin/track.exe/form.htm.

When you move back in the rowset, you receive the following error message:

  Run-time error '-2147217884(80040e24)';
  Rowset does not support fetching backward.

When you start the viewer, you may receive the following error message:

  Problem getting display info at Step 3 for Tracker Draw
  Code=0x887600de
""")
    assert extract_error_messages(lines) == [
        "Could not open file C:\\content\\<webname>\\_vti_bin/track.exe/form.htm.",
        "Run-time error '-2147217884(80040e24)'; Rowset does not support fetching backward.",
        "Problem getting display info at Step 3 for Tracker Draw Code=0x887600de",
    ]


def test_lead_ins_naming_a_box_an_example_or_a_compiler_error() -> None:
    lines = body("""
The tracker may run as expected in the IDE but crash when run as an EXE. The tracker
will generate an application error, such as:

  "The instruction at <address> referenced memory at <address>. The
  memory could not be "written"."

When a nested class is built, it causes the C2065 compiler error:

  'identifier' : undeclared identifier

When you exit the form, you might see an error dialog box, such as the following:

  Fatal Exception: error code=c0000005

You may see a message box titled Tracker Service that contains the following text:

  A package is being installed in the background. Please wait.

The setup program displays a message box containing the following lines:

  Uninstaller Error
     An error occurred when trying to remove the tracker.

You may see an error message in the event log that is similar to the following example:

  The tracker library file could not be opened.

If you click a folder, the error message below is displayed in a dialog box in the client:

  Unable to display folder. Folder no longer exists.

When you open a project, you may see an access violation with the following error message:

  TRACKER CAUSED AN INVALID PAGE FAULT IN MODULE
    TRACKRES.DLL at   0137:503126ba.

When you install a printer, you may receive one of the following error messages:

- There are no print processors

- Print Processor is unknown
""")
    assert extract_error_messages(lines) == [
        "The instruction at <address> referenced memory at <address>. The memory could not "
        'be "written".',
        "'identifier' : undeclared identifier",
        "Fatal Exception: error code=c0000005",
        "A package is being installed in the background. Please wait.",
        "Uninstaller Error An error occurred when trying to remove the tracker.",
        "The tracker library file could not be opened.",
        "Unable to display folder. Folder no longer exists.",
        "TRACKER CAUSED AN INVALID PAGE FAULT IN MODULE TRACKRES.DLL at   0137:503126ba.",
        "There are no print processors",
        "Print Processor is unknown",
    ]


def test_lead_ins_with_stating_reads_in_a_log_include_and_information() -> None:
    lines = body("""
The tracker may abort with an error message stating:

  To run the tracker in enhanced mode, run TRKFIX first.

When this occurs, the error message in the backup log reads:

  Unable to connect to network drive. Logon type not granted

TRKADMIN reports this error when you select users while in the TRKADMIN utility:

  Not enough memory or unable to load resource

The assembler may generate incorrect error messages, which can include:

  error A2207: missing right parenthesis in expression
  error A2081: missing operand after unary operator

After you enter a long string, you may receive an error message with the following
information:

  TRACK.EXE - Application Error The instruction at "<address>" referenced memory.
""")
    assert extract_error_messages(lines) == [
        "To run the tracker in enhanced mode, run TRKFIX first.",
        "Unable to connect to network drive. Logon type not granted",
        "Not enough memory or unable to load resource",
        "error A2207: missing right parenthesis in expression",
        "error A2081: missing operand after unary operator",
        'TRACK.EXE - Application Error The instruction at "<address>" referenced memory.',
    ]


def test_a_sub_heading_after_unlabelled_messages_is_the_next_part_not_a_label() -> None:
    lines = body("""
When you build the tracker, you may receive one of the following error messages:

  Tracker error 12: out of handles

  Tracker error 13: out of memory

Sample Program
--------------

  Sub Main()
      Track "now"
  End Sub

  Track the value of every field in the record set
""")
    assert extract_error_messages(lines) == [
        "Tracker error 12: out of handles",
        "Tracker error 13: out of memory",
    ]


def test_a_message_that_says_the_following_and_a_clause_after_the_noun() -> None:
    lines = body("""
The Output window displays a message that says the following:

  First-chance exception in <program.exe> (Tracker.dll): 0xC0000005:
  Access Violation.

When you run TRACK USE, you receive the following error message even though you have
used the correct syntax:

  The syntax is incorrect.
  For help, type TRACK USE /?
""")
    assert extract_error_messages(lines) == [
        "First-chance exception in <program.exe> (Tracker.dll): 0xC0000005: Access Violation.",
        "The syntax is incorrect. For help, type TRACK USE /?",
    ]


def test_cautions_programs_and_a_call_with_its_legend_are_no_messages() -> None:
    lines = body("""
WARNINGS:

- A shared tracker folder configured in this manner is not secure. We do not
  recommend this configuration where session security is a consideration.

- Using the tracker editor incorrectly can cause serious problems that may
  require you to reinstall the tracker.

The tracker function returns an error when called as follows:

   Track( hDC, -11047, -3493, 806, 8360 );
                x1      y1   x2    y2

When you build the sample, the compiler generates the following error messages:

16-bit
------

  error C2440: 'initializing' : cannot convert from 'int' to 'long'

32-bit
------

  error C2197: 'void (Data::*)(void)' : too many actual parameters

Sample Code
-----------

   /*
    * Compile options needed: None
    */

   #include <iostream.h>
   // Initialize the pointer.
   int x = 5;
""")
    assert extract_error_messages(lines) == [
        "error C2440: 'initializing' : cannot convert from 'int' to 'long'",
        "error C2197: 'void (Data::*)(void)' : too many actual parameters",
    ]


def test_event_header_naming_its_source_then_a_description_paragraph() -> None:
    lines = body("""
The tracker logs the following event:

   Event 203: Tracker server

   Description: Sockets call getnamebyaddr failed with return code WSANO_DATA.

   EXPLANATION
   An unexpected error was encountered.
""")
    assert extract_error_messages(lines) == [
        "Event 203: Tracker server Description: Sockets call getnamebyaddr failed with "
        "return code WSANO_DATA. EXPLANATION An unexpected error was encountered."
    ]


def test_a_noun_compound_before_such_as_is_no_lead_in() -> None:
    lines = body("""
- Code is contained in method or event procedures within dependent controls,
  such as the following:
   - Option buttons in option groups

   - Command buttons in command groups
""")
    assert extract_error_messages(lines) == []


def test_a_block_repeated_is_read_the_same_each_time() -> None:
    # The block memo: the second and third blocks come from it, and must be the same
    # messages, in place (a distinct one between them shows the order is kept).
    one = "You receive the following error message:\n\n   Invented spool area full.\n\n"
    two = "You receive the following error message:\n\n   Invented queue stalled.\n\n"
    assert extract_error_messages(body(one + two + one + one)) == [
        "Invented spool area full.",
        "Invented queue stalled.",
    ]


def test_a_block_of_hundreds_of_lines_is_no_message_box() -> None:
    lead = "You receive the following error message:\n\n"
    box = "\n".join(f"   Invented line {n} of a log." for n in range(500))
    assert extract_error_messages(body(lead + box + "\n\nAfter.\n")) == []
    box = "\n".join(f"   Invented line {n} of a box." for n in range(20))
    assert len(extract_error_messages(body(lead + box + "\n\nAfter.\n"))) == 1


def test_a_lead_in_sentence_of_a_damaged_megabyte_line_is_no_lead_in() -> None:
    line = "error " * 2000 + "you receive the following error message:"
    assert extract_error_messages([line, "", "   Invented spool area full.", ""]) == []
    # The same sentence, of a normal length, still leads in.
    short = "you receive the following error message:"
    assert extract_error_messages([short, "", "   Invented spool area full.", ""]) == [
        "Invented spool area full."
    ]
