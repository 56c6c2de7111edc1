"""On-screen error messages quoted in a KB article body.

Contract: ``extract_error_messages(lines)`` takes the sanitised article body (one string per
line, headings and their underlines included) and returns each message a user sees on screen
(dialog, console, event log, Dr. Watson), verbatim, distinct, in order of first appearance.

Rules, in the order they are applied:

1. Lead-ins. A line ending in ``:`` whose sentence announces a message is a lead-in. The
   sentence is read back over its wrapped lines (not split at ``Dr.``), so ``The following
   error message may appear ... when you run a`` / ``program from a floppy disk:`` counts,
   as does ``the following message`` / ``appears:``. With "following", the noun phrase
   after it decides (``the following error message:``, ``one of the following errors:``,
   ``the following Dr. Watson for Windows NT error message:``, ``the following macro virus
   warning message:``, ``the following two unresolved external error messages:``, ``the
   following event is logged:``, ``the following event log messages:``, ``the following log
   entry:``, ``the following Non-Delivery Report (NDR):``, ``the following series of error
   messages:``, ``an event with the following text:``, ``The error messages are logged in
   the Application event log in the following sequence:``, ``This resolution also works
   for the error:``, and after the verb in ``The
   following are the Alerts messages, ...:`` / ``The following is the error message:``);
   ``the following command / code / key / counters / documentation errors:``, a noun after
   the message noun (``error codes``, ``message flow``, ``error handlers``) and ``with the
   following exceptions:`` are not lead-ins, nor is a sentence whose verb right after the
   noun says the messages are handled (``The following messages are used:``).  ``an error
   message similar to the following:`` counts; ``you receive the following:`` (no noun)
   counts only for a single, unbulleted block.  Without "following": ``you receive this
   error message:``, ``the error message is:``, ``Error message:``, ``a dialog box that
   says:``, ``This message (may be) followed by:``, ``an error message titled X as
   follows:``;
   instructions and talk about an error (``To avoid this error, type:``, ``ways to correct
   this error:``, ``preventing the error messages:``, ``When the Setup dialog box
   appears:``) are not lead-ins.  Event lead-ins without a message noun (``The event logged
   is:``, ``two entries in the Event Viewer:``, ``Here is the text of event 2200:``, ``the
   event log records the following information:``, ``the log shows / you find the
   following:``) accept only an Event Viewer record; ``the following entries are present in
   the System Log:`` and ``an event 2048 is logged in the System Log:`` take the text too.
   Some lead-ins have no colon (``the following message may appear``, ``if you get the
   error message``, ``produces the errors``, ``is the error message`` (not ``receive the
   same error messages``), ``one of the following
   error messages.``, wrapped as ``the following additional error`` / ``message``, or running
   on: ``the following error message when you try to print ...``, ``The following errors
   have been seen when ... .``): those count when a blank line and an indented block (or a
   label, then one) follow.  A sentence the message interrupts (``You receive the``, the
   message indented, then ``error message when ...``) announces that one message.  A line
   after ``-or-`` that is itself a lead-in (``Product 3.0 and Product 5.0x produce this
   error:``) starts a lead-in of its own: the message is what follows it.  More wordings
   that announce: ``an error of the form:``, ``an error message stating:``, ``an error
   dialog box appears stating:``, ``the error message in the backup log reads:``, ``error
   messages, which can include:``, ``the error message below is displayed in a dialog
   box ...:``, ``an error message with the following information:``, ``a message box
   (titled X) that contains / containing the following text (lines):``, ``the error shows
   the following text:``, ``message ID 10018 with the following description:``, ``similar
   to the following example:``, ``X reports multiple Event 631 errors ... in the
   application event log:``, ``it causes the C2065 compiler error:``, and a verb in a
   clause after the noun does not unsay it (``the following error when the TYPE operator
   is used``, ``this error when you click Options, and then click ...``).  A lead-in on a
   comment line of a code sample (``; The following two exceptions are for ...``) is none.
2. The block after a lead-in:
   - indented deeper than the lead-in's text: every following line indented deeper, up to a
     line that is not, a heading, or a ``NOTE:`` / ``where ...`` paragraph;
   - at the lead-in's own indentation inside a list item (``4. ... the following message:``
     then the message at the item's indentation): the first paragraph, plus the next ones
     while the previous ends in ``:`` (``Compile error:`` then its text, ``Would you like
     to:`` then its options), the next is a closing question (``Do you want to restart
     now?``, not the reader's ``What can I do?``) or the crash box's ``This program has
     performed an illegal operation ...`` under ``<program> caused a ... fault``;
   - at column 0 after a column-0 lead-in: a paragraph wrapped in quotes, or, after a
     lead-in that names the message, a paragraph of at most four lines that does not open
     like prose, a list or a table, does not start in lower case and does not end in ``:``
     (old articles do not indent messages); after a plural lead-in, a bulleted list of
     short capitalised items (``- This version of Windows does not run on MS-DOS 6.x``
     counts, a further paragraph indented under an item is part of it), or a list of
     message templates (most items hold ``%1``) of any length; after a singular lead-in,
     a list of one item.  Once an indented block was taken, a paragraph at the lead-in's own
     indentation (even after ``-or-``: ``Product hangs and does not close.``) is prose;
   - bullets alone on their lines (`` - ``, a blank line, the message indented below): each
     item's text up to the next bullet, without its ``where <x> is ...`` note.
   A short label line ending in ``:`` (``Under Windows 95:``, ``If you use Outlook:``,
   ``followed by:``) right after a lead-in, between blocks of a plural lead-in or between
   labelled blocks, introduces a further block of the same lead-in; the label itself is not
   part of any message, and a line that is itself a lead-in is no label.  Inside a block a
   one-line condition without colon above another paragraph (``In PowerPoint 4.0 for
   Windows``) is such a label too, and so is a short ``-``-underlined sub-heading that is no
   section (``When you copy a module`` / ``----``, ``Encarta 1997`` / ``----`` inside the
   block): each message under its own.
3. One message per block: its wrapped lines and the paragraphs of one message box joined
   with single spaces.  A block is split into several messages at ``-or-`` / ``-and-``
   separator lines, at list bullets when the block is a bulleted list (``- message``), at
   every paragraph when the lead-in is plural (``messages:``, ``one of the following
   errors:``), and at every compiler/linker diagnostic line (``error C2143: ...``, ``LINK :
   fatal error LNK1104: ...``) unless the line above ends in ``error``, and at numbered
   error lines (``151-1-2 - Unknown service xxx``).  A further paragraph of a box wrapped
   in quotes loses them (``Run-time error: 40006`` / ``"Wrong protocol ..."``).  SNA Server's
   ``EXPLANATION:`` / ``ACTION:`` paragraphs end a block; a product label before a quoted
   message is dropped (``FoxPro 2.x for Windows: "Record out of range."``).
4. Event Viewer blocks (``Event ID:``, ``EventID:``, ``Source:``, ``Type:``,
   ``Description:`` field lines, ``Event id = 9316`` too, or the Exchange ``Event 2127
   MSExchangeMTA`` header, also with the source first: ``NETLOGON Event 5721``,
   ``MouClass Event ID 10 - <text>``, ``Event 230 - Source: SnaServer``, or with the text on
   its line: ``Event ID 2037 An internal MTA error occurred.``): one message per event
   record, the whole record as the article shows it, its lines joined with single spaces
   (``Event ID: 4107 Source: TrackSvc Type: Error Description: The tracking service
   ...``): the fields, the Description, a ``Data:`` hex dump and SNA Server's
   ``EXPLANATION`` / ``ACTION`` text under it alike.  This is how the Event Viewer shows
   the record and how people paste it, and how the second reviewers read the convention
   (ARCHITECTURE.md, "Event records whole").  A repeated field, a field after the
   ``Data:`` dump or the documentation, an ``-or-`` separator or a new bullet starts the
   next record; text above a record's first field is no part of it.  One-line records
   (``Source: SRV Event ID: 2011 Description: ...``, ``Event ID=4003 The following ...``,
   ``Event ID: 1005 from the MSExchangeSA with the error code 0xc00206b7``) are the line;
   ``Event 6553:  Telnet daemon`` followed by ``Description:`` is one record; after "the
   following events" a paragraph holding only ``4116`` heads a record.  Dr. Watson blocks
   are taken like any other block (``Application exception occurred: App: ... Exception
   number: ...``).
5. Inline quotes: a quoted string in prose that the sentence calls an error or a shown
   message: ``you may receive an "access denied" error message``, ``the error message
   "X"``, ``a "Disk full" message appears``, ``an "X" or "Y" error``, ``a message box
   containing the text "X"``, ``an error message saying the encyclopedia is "X"``.  A
   message the article says the user sees is one even when named on the way to something
   else (``press F8 when you see the "Starting Windows 95" message``, ``presents the user
   with the "abort, retry, ignore" message``).  Quoted strings not called a message
   (commands, menu names, ``type "FS E"``), a message only talked about (``The "X" message
   is a text string``), a prompt named as where to type (``at the "X" prompt, type``), a
   message named as an example of what is avoided (``eliminates error messages such as the
   "Abort, Retry, or Fail?" error message``), a quote right before ``will not appear`` or
   ``is returned internally``, quotes in code or on a code comment line, and a quote naming
   a block message quoted in full elsewhere by its beginning or its end (``The "NETBIOS
   error 640" message can be caused by``), or by a part of it the sentence does not say is
   shown, are ignored; a part from a block's middle that the user is said to see is a
   message of its own (``you receive an "Access denied" prompt for each subfolder``).
   ``a "X" prompt`` and ``"X" error messages`` count when the sentence says they are shown
   (``you receive an "Access denied" prompt``).  A comma inside the closing quote belongs to
   the sentence.
6. Clean-up: delimiting quote marks around a whole message (or a lone unmatched one at an
   end) are removed, bullet markers and button-only lines (``OK``, ``Yes   No``) dropped,
   placeholders (``<X>``, ``<servername>``, ``xxxxxxxx``, ``%1``) kept literally, interior
   spacing kept as written.  Blocks that look like code (braces, ``Sub Foo(``, assignments,
   prompts such as ``C:\\>``, statements ending in ``;`` when short or holding code
   punctuation), tables (columns separated by runs of spaces) or log files (time-stamped
   lines, SMS ``$$<COMPONENT>`` trailers) or mail header fields (``Message-ID: <...>``
   shown as damaged text) are rejected (of two lines, one code- or table-like line beside
   a sentence is still a message: ``Problem getting display info ...`` / ``Code=0x8876``),
   as are an event's ``0000: 000c0000 ...`` data lines outside an event record;
   related-article lines (``Q123456 Title``) are never lead-ins.  One message
   written twice in another case, spacing or without its final full stop (``Access is
   Denied`` / ``Access is denied``) is given once, as first written.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from .headings import at_heading, is_underline, sub_heading
from .lines import next_text_line
from .memo import MEMO_LINE, Memo, through

__all__ = ["extract_error_messages"]

# Words that make the head of a "following X" phrase (or the object of a lead-in) a message.
_MSG_NOUNS = frozenset(  # "event" counts only here, after "following"
    {
        "error", "errors", "message", "messages", "msg", "warning", "warnings", "alert",
        "alerts", "prompt", "event", "events", "exception", "exceptions", "fault", "stop",
        "ndr", "ndrs",
        "bugcheck", "errmsg", "popup", "pop-up",
    }
)  # fmt: skip
# "the following documentation errors", "spelling errors": errors that are not on screen.
_NON_SCREEN_HEAD = frozenset(
    {"documentation", "documented", "spelling", "typographical", "grammatical", "grammar",
     "typing", "user", "common", "known", "logic", "design"}
)  # fmt: skip
# "Word can correct the following errors:" - a list of mistakes, not of messages.
_FIXES_FOLLOWING = re.compile(
    r"\b(?:correct|corrects|fix|fixes|fixed|resolve|resolves|resolved|avoid|prevent|detect"
    r"|detects|catch|catches|addresses|address|minimize|reduce|by|due\s+to|because\s+of"
    r"|about|on|for|cover|covers|discuss|discusses|explains|describes)"
    r"\s+(?:(?:all|any|one|some|each|several)\s+of\s+)?"
    r"(?:the\s+)?$"
)
# "The following messages are used:" - window messages or handled errors, not screen text.
_NOT_SHOWN_TAIL = re.compile(
    r"\b(?:used|supported|sent|handled|processed|defined|posted|passed|implemented|trapped"
    r"|fixed|resolved|corrected|addressed|trapped|suppressed|ignored)\b"
)
# Words that open a clause after the noun phrase: a verb there is not the messages' own.
_SUBORDINATE = re.compile(
    r"\b(?:when|whenever|if|while|after|before|because|once|until|though|although|even)\b"
)
# Nouns that make "error X" / "message X" something other than a message.
_NOUN_COMPOUND = frozenset(
    {"code", "codes", "number", "numbers", "procedure", "procedures", "flow", "handler",
     "handlers", "handling", "routine", "routines", "trapping", "level", "levels", "value",
     "values", "map", "maps", "type", "types", "subject", "body", "property", "properties",
     "parameter", "parameters", "stub", "stubs", "descriptions", "tracking", "protocol",
     "watcher", "queue", "queues", "combinations", "constants", "structure", "structures",
     "class", "classes", "format", "formats", "field", "fields", "function", "functions",
     "method", "methods", "loop", "loops", "checking", "reporting", "objects", "traffic",
     "categories", "category", "filter", "filters", "hook", "hooks", "pump", "store",
     "stores", "headers", "header", "mapping"}
)  # fmt: skip
_RECORD_NOUNS = frozenset({"information", "entry", "entries", "details", "data"})
_LOG_CONTEXT = re.compile(r"\bevent\b|\bevent\s+(?:log|viewer)\b|\b(?:application|system)\s+log\b")
_ADJECTIVE_ENDS = ("ed", "al", "ic", "ous", "ive", "ary")
_NAME_LINKS = frozenset({"for", "in", "on", "from", "under"})  # "Dr. Watson for Windows NT"
_BLUE_SCREEN = frozenset({"stop", "bugcheck"})  # "the following STOP code" is screen text
_NOT_SCREEN_BEFORE = re.compile(
    r"(?:\b(?:processing|processes|handling|handles|intercepting|intercepts)"
    r"\s+(?:of\s+)?)"
    r"(?:(?:all|any|one|some|each|several)\s+of\s+)?(?:the\s+)?$"
)
# "with the following exceptions:", "With the following exceptions, X is compatible"
_EXCEPTIONS_ONLY = re.compile(r"\s*exceptions\s*(?:$|,)")
_PLURAL_NOUNS = frozenset({"errors", "messages", "warnings", "alerts", "events", "exceptions"})
# Words that end the noun phrase after "following" (prepositions, verbs, conjunctions).
_PHRASE_STOP = frozenset(
    {
        "to", "in", "on", "at", "when", "from", "for", "if", "is", "are", "was", "were", "may",
        "will", "can", "might", "could", "would", "should", "appears", "appear", "occurs",
        "occur", "and", "or", "that", "which", "while", "after", "before", "under", "with",
        "as", "by", "into", "of", "where", "because", "during", "then", "be", "has", "have",
        "displays", "displayed", "instead", "about", "within",
    }
)  # fmt: skip


class _Lead:
    """What a lead-in announces, as bits of an int; NONE (false) when the line is no
    lead-in at all. Plain ints, not enum.Flag: every `&` and `|` of a Flag is a Python
    call, and on message-dense text they were a sixth of the extractor's time."""

    NONE = 0
    ONE = 1
    MANY = 2
    EVENT_ONLY = 4
    """Only an event is named ("the following events:")."""
    WEAK = 8
    """No message noun at all ("you receive the following:")."""
    NEEDS_EVENT = 16
    """Only an Event Viewer record will do ("The event logged is:")."""


_NOT_EVENT = re.compile(r"error|message|warning|alert|prompt|exception|fault|stop")
_HEAD_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'.-]*")
_SEVERAL_OF = re.compile(r"\b(?:one|either|any|all|both|each|some|several)\s+of\s+the\s*$")
# Words that may stand between "following" and the message noun.
_MODIFIERS = frozenset(
    {
        "two", "three", "four", "five", "six", "several", "similar", "same", "additional",
        "new", "different", "error", "errors", "warning", "fatal", "critical", "serious",
        "compiler", "compile", "compilation", "linker", "link", "run-time", "runtime", "run",
        "time", "system", "application", "setup", "general", "informational", "information",
        "generic", "specific", "internal", "unexpected", "dr.", "dr", "watson", "stop", "blue",
        "screen", "event", "id", "dialog", "box", "pop-up", "popup", "text", "type", "odbc",
        "sql", "ole", "mapi", "jet", "database", "network", "server", "client", "security",
        "access", "violation", "trap", "exception", "kernel", "fault", "message", "messages",
        "status", "log", "logged", "syntax", "script", "automation", "dos", "ms-dos", "ndr",
        "non-delivery", "delivery", "report", "one", "or", "more", "of", "these", "such",
        "an", "a", "misleading", "confusing", "incorrect", "cryptic", "erroneous", "bogus",
        "spurious", "invalid", "nt", "gpf", "page", "invalid-page", "sharing",
        "stack", "trace", "debug", "assertion", "assert", "failure", "failed", "command",
        "prompt", "console", "windows", "help", "mail", "smtp", "http", "ftp", "vbscript",
        "jscript", "javascript", "activex", "com", "dcom", "rpc", "winsock", "tcp", "ip",
        "tcp/ip", "browser", "web", "wizard", "installer", "driver", "device", "hardware",
        "printer", "modem", "disk", "file", "memory", "out-of-memory", "parity", "nmi", "bug",
        "check", "bugcheck", "mta", "ds", "trappable", "untrappable", "unhandled",
        "debugger", "macro", "visual", "basic", "c", "c++", "foxpro", "warnings",
        # "The following is the most commonly displayed error message:"
        "most", "commonly", "frequently", "typical",
    }
)  # fmt: skip
_SENTENCE_SPLIT = re.compile(
    r"(?<=[A-Za-z0-9)\"'][.!?])(?<!\b[A-Z]\.)(?<!\bDr\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bvs\.)"
    r"(?<!\bNo\.)"
    r"(?<!\be\.g\.)(?<!\bi\.e\.)\s+(?=[A-Z\"(])"
)
_FOLLOWING = re.compile(r"\bfollowing\b")
# "an event with the following text:", "The error messages are logged in the following
# sequence:": the noun after "following" arranges the message named before it.
_ARRANGEMENT_NOUNS = frozenset({"text", "wording", "sequence", "order", "description", "lines"})
_NOUN_BEFORE_ARRANGEMENT = re.compile(
    r"\b(events?|errors?|messages?|warnings?|alerts?)\s+(?:is|are|was|were)\s+"
    r"(?:logged|displayed|shown|generated|reported)\b[^.;:]{0,60}?\bin\s+the\s+$"
    # not "a message with the following text" (an e-mail to write)
    r"|\b(events?|errors?|warnings?|alerts?)\s+with\s+the\s+$"
    # "you see message ID 10018 with the following description:" (a status message)
    r"|\b(message)\s+id\s+\d+\s+with\s+the\s+$"
    # "Getting details on the error shows the following text:", "a message box titled X
    # that contains the following text:", "a message box may appear containing the
    # following text:", "displays a message box containing the following lines:"
    r"|\b(errors?|messages?|(?:message|dialog)\s+box)(?:\s+titled\s+[^.;:]{1,60}?)?"
    r"(?:\s+(?:that|which))?(?:\s+(?:may|might|will|can)\s+appear|\s+appears)?\s+"
    r"(?:shows|displays|says|reads|contains|containing)\s+the\s+$"
)
_MESSAGE_WITH = re.compile(r"\berror\s+message\s+with\s+the\s+$")
# "the following series of error messages": several messages.
_QUANTITY_OF = re.compile(r"\s+(?:series|list|set|sequence|couple|pair)\s+of\s+(?=\S)", re.I)
# "The following are the Internal Administrative Alerts messages, ...": the noun phrase
# comes after the verb.
_FOLLOWING_ARE = re.compile(r"\s+(?:are|is)\s+(?:(?:the|some|all|a\s+few)\s+)?(?=\S)", re.I)
# "the following is displayed:", "the following appears:" - no noun, a display verb.
_DISPLAY_TAIL = re.compile(
    r"^(?:\w+\s+){0,2}?(?:is|are|may\s+be|might\s+be|will\s+be|can\s+be)?\s*"
    r"(?:displayed|shown|logged|appears?|pops?\s+up"
    r"|written\s+to\s+the\s+(?:[\w-]+\s+){0,3}?log)\b"
)
# "... error message similar to the following:".
_SIMILAR_FOLLOWING = re.compile(
    r"(?:error|message|warning|alert|prompt|event|exception|description)s?\b"
    # "an error dialog box, such as the following:" (not "event procedures in X, such as")
    r"(?:[^,;]{0,60}?\b|(?:\s+(?:dialog\s+)?box)?,\s*)"
    r"(?:similar\s+to|like|such\s+as|resembling|resembles|as)\s+"
    r"(?:(?:one|any|either|each|all|some)\s+of\s+)?(?:the\s+)?$"
)
# "The Output window displays a message that says the following:"
_SAYS_FOLLOWING = re.compile(
    r"\b(?:error|message|prompt|dialog\s+box)s?\b(?:\s+(?:that|which))?\s+"
    r"(?:says|reads|states)\s+(?:the\s+)?$"
)
# "you receive the following:" - a person receives or sees it; no noun, so weaker evidence.
_SEE_FOLLOWING = re.compile(
    r"\b(?:receive|receives|received|get|gets|see|sees|displays?)"
    r"(?:\s+(?:one|either|any|all|both|each)\s+of)?\s+(?:the\s+)?$"
)
_SHOW_FOLLOWING = re.compile(
    r"\b(?:show|shows|record|records|find|finds|notice|contains?)\s+(?:the\s+)?$"
)
# Imperatives after the message noun turn the sentence into an instruction, not a lead-in.
_INSTRUCTION = re.compile(
    r"\b(?:do|follow|use|type|perform|try|add|run|change|set|see|refer|click|install|apply"
    r"|enter|edit|create|check|verify|remove|delete|modify|include|place|insert|replace"
    r"|make|call|write|consult|query|search|contact|download|obtain|specify|reproduce"
    r"|causes?|reasons?|means?|indicates?|occurs?\s+(?:if|when|because)|resolve|avoid|fix"
    r"|correct|prevent|eliminate|work\s+around|suppress|disable|trap|handle)\b"
)
# Lead-ins without "following" ("you receive this error message:", "the error is:",
# "the message reads as follows:", "results in the message:", "Error message:").
_N = r"(?:error|message|warning|alert|exception|errmsg)s?(?:\s+(?:text|box))?"
_LEADING_LABEL = re.compile(r"^(?:result|symptom|note|problem|example|[a-z])\s*:\s*")
_LABEL_ONLY = re.compile(
    r"^(?:(?:the\s+)?(?:error|warning|sample|typical|actual|exact|resulting|full|complete)\s+)?"
    rf"{_N}$"
)
_DET = r"\b(?:the|this|these|that|an?|same|following|similar|next|second|first|another)\s+"
_NOUN_LAST = re.compile(
    rf"(?:{_DET}|\b(?:receive|receives|received|get|gets|see|generates?|produces?|returns?"
    rf"|displays?|reports?|issues?|logs?|with|in)\s+)(?:[\w'-]+\s+){{0,3}}?{_N}"
    r"(?:,?\s+(?:similar\s+to|like|such\s+as)(?:\s+(?:this|the\s+one\s+below|this\s+one))?"
    r"|\s+of\s+the\s+form)?"  # "the linker reports an error of the form:"
    r"(?:\s+below)?$"
)
_NOUN_VERB_LAST = re.compile(
    r"(?:\bdialog\s+box(?:\s+(?:that|which))?\s+(?:(?:appears|is\s+displayed|pops\s+up)\s+"
    r"(?:stating|saying|reading)|stating|saying|reading|says|reads|states|appears|is"
    r"|looks\s+(?:similar\s+to|like)\s+(?:this|the\s+following))(?:\s+one)?"
    r"(?:\s+as\s+follows)?$|"
    # "the error message in the backup log reads", "error messages, which can include"
    rf"\b{_N}(?:,?\s+(?:that|which))?(?:\s+in\s+the\s+(?:[\w-]+\s+){{0,3}}?(?:log|window|box))?\s+"
    r"(?:(?:you|will|may|might|can|should|then|now|also|sometimes|usually|often|always|still"
    r"|that|receive|get|see|is|are)\s+){0,4}?"
    r"(?:is|are|was|reads?|says?|states?|appears?|is\s+displayed|are\s+displayed|includes?"
    r"|is\s+returned|is\s+generated|occurs|will\s+appear|may\s+appear|will\s+be"
    r"|may\s+be|should\s+be|looks?|changes\s+to|resembles?|(?:(?:is|are|be)\s+)?followed\s+by"
    r"|contains?\s+(?:this|the\s+following)\s+text)"
    r"(?:\s+(?:as\s+follows|like\s+this|similar\s+to\s+this(?:\s+one)?|displayed"
    r"|generated|returned|logged|the\s+following))?$|"
    # "abort with an error message stating"
    rf"\b{_N}\s+(?:stating|saying|reading)$|"
    # "the error message below is displayed in a dialog box in the client"
    rf"\b{_N}\s+below\s+(?:is|are)\s+(?:displayed|shown|logged|generated|returned)\b[^.;:]{{0,60}}$|"
    # "an error message titled Write Conflict as follows"
    rf"\b{_N}\s+(?:titled|entitled|named|called|labeled)\s+[^.;:]{{1,40}}?\s+"
    r"(?:as\s+follows|that\s+reads|that\s+says|reading)$)"
)
# "The event logged is:", "two entries in the Event Viewer:" - only an Event Viewer record
# will do after these.
_NUMBERED_EVENT_LOGGED = re.compile(
    r"\bevent\s+(?:id\s+)?\d+\s+(?:is|was|will\s+be|may\s+be)\s+(?:logged|recorded|written)\b"
)
_EVENT_PLAIN = re.compile(
    r"\bevent\s+(?:id\s+)?\d+\s+(?:is|was|will\s+be|may\s+be)\s+(?:logged|recorded|written)\b"
    r"[^.]{0,40}$"
    r"|\bevents?\b(?:\s+[\w()-]+){0,4}?\s+(?:is|are|was|were|reads?|shows?|contains?"
    r"|looks?\s+like(?:\s+this)?)$"
    r"|\bevent\s+(?:viewer|log)\b.{0,40}?\b(?:shows?|contains?|displays?|lists?|reports?)$"
    r"|\bentr(?:y|ies)\s+(?:in|to)\s+the\s+(?:\w+\s+)?event\s+(?:viewer|log)$"
    r"|\b(?:text|description)\s+of\s+(?:the\s+|this\s+)?event(?:\s+(?:id\s+)?\d+)?$"
)
# "SnaBase reports multiple Event 631 errors (from 10-30 per second) in the Windows NT
# application event log:" - the messages as the log holds them.  The noun starts the match,
# so a search tries the bounded rest only where a message noun stands.
_IN_THE_LOG = re.compile(
    rf"\b(?:{_N}|events?)\b[^.;:]{{0,60}}?\b(?:in|to)\s+the\s+(?:[\w-]+\s+){{0,4}}?log$"
)
_LOG_VERB = re.compile(r"\b(?:reports?|reported|logs?|logged|writes?|written|records?|recorded)\b")
# "you receive this error when you run Setup:" - a receive verb before the noun.
_RECEIVE_NOUN = re.compile(
    r"\b(?:receive|receives|received|get|gets|encounter|encounters|generates?|produces?"
    r"|returns?|displays?|reports?|results\s+in|see)\s+(?:the|this|these|an?|similar|one)\s+"
    rf"(?:[\w'-]+\s+){{0,2}}?{_N}\b"
)
_INSTRUCTION_START = re.compile(
    r"^(?:to|for|if you want to)\s+(?:resolve|avoid|fix|correct|work\s+around|prevent"
    r"|eliminate|reproduce|suppress|disable|trap|handle|remove|see|view|display|demonstrate"
    r"|test|generate|create|get\s+rid)\b"
)
# "ways to correct this error:", "does not generate an error if ...:", "the cause of this
# error is:" talk about the error rather than show it.
_NOT_ANNOUNCING = re.compile(
    r"\b(?:correct|resolve|avoid|fix|prevent|around|eliminate|reproduce|troubleshoot|cause"
    r"|minimize|reduce|suppress|ignore|interpret|explain|explains|describes"
    r"|lists|not|no|never|without|correcting|resolving|avoiding|fixing|preventing"
    r"|eliminating|reproducing|troubleshooting|suppressing|ignoring|interpreting"
    r"|explaining|describing|handling|trapping)\s+(?:(?:the|this|these|that|an?|such|any)\s+)?"
    rf"(?:[\w'-]+\s+){{0,2}}?{_N}\b"
    rf"|\b(?:for|of|about|on|to)\s+(?:the|this|these|that|an?|such|any)\s+(?:[\w'-]+\s+)?"
    rf"{_N}\b(?:\s+(?:is|are))?$"
)
# "This resolution also works for the error:" - the same fix, for the message quoted next.
_WORKS_FOR = re.compile(rf"\b(?:works|applies)\s+(?:also\s+)?(?:for|to)\s+the\s+{_N}$")
_SUBJECT_IS = re.compile(
    r"^(?:(?:the|a|an|one|this|that|another|most|common|typical|first|second|next|last"
    r"|resulting|actual|exact|full|only|same|usual|new|complete)\s+){0,3}"
    rf"{_N}\b([^,;]{{0,80}})\s(?:is|are|was|reads|appears)(?:\s+as\s+follows)?$"
)
# "When the Convert Adapters dialog box appears:" - then the steps to take in it.
_WHEN_DIALOG = re.compile(
    r"^(?:\d+\.\s*)?(?:when|after|once|if|in)\b.*\bdialog\s+box\s+(?:appears|is\s+displayed)$"
)
# "To print the entire message:" - a purpose clause introducing steps.
_PURPOSE = re.compile(r"^(?:to|in\s+order\s+to)\s+[a-z]+\b")
_PLURAL_CLAUSE = re.compile(r"\b(?:messages|errors|warnings|alerts)\b")
_PROSE_START = re.compile(
    r"(?:NOTE|Note|Change|If|For|When|To|This|These|That|The\s+following|In|Under|On|After"
    r"|Before|You|Your|It|Here|Where|Because|Also|However|There|Then|Once|Event\s+ID|[#|+])\b"
)
_QUOTED_LINE_START = re.compile(r'^\s*"')
# Openings that are prose in a paragraph but a message as a list item after "one of the
# following error messages:" ("- This version of Windows does not run on MS-DOS 6.x").
_MESSAGE_START = re.compile(r"(?:This|These|That|You|Your)\s+(?!following\b)\w")
_IMPERSONAL_START = re.compile(r"(?:There|It)\s+\w")
_LIST_MARK = re.compile(r"^(?:\d{1,2}[.)]|[a-zA-Z][.)]|[-*o]|Q\.|A\.)\s+")
_BULLET = re.compile(r"^[-*]\s+")
_TEMPLATE = re.compile(r"%[1-9]\b")  # a message template's placeholder: "Drive %1 is full"
_BARE_BULLET = re.compile(r"^\s*[-*]\s*$")  # " - " alone, its text on the lines below
_SEPARATOR = re.compile(r"^-*\s*\(?(?:or|and|and/or|-or-|-and-)\)?\s*-*$", re.I)
_BUTTONS = re.compile(
    r"^(?:(?:OK|Cancel|Yes|No|Retry|Abort|Ignore|Help|Close|Continue|Details\s*>*|Fail"
    r"|Debug|End|Quit|Stop)\s*)+$"
)
_EVENT_FIELD = re.compile(
    r"^(Event\s*ID|Event\s+Source|Event\s+Type|Event\s+Category|Event\s+Log|Source|Category"
    r"|Type|Date|Time|User|Computer|Description|ID|Log|Event|Data|Src)\s*:\s*(.*)$"
    # "Event id = 9316", "Source = MSExchangeMTA"
    r"|^(Event\s*ID|Source|Category|Type|Description|Computer|User)\s*=\s*(.*)$",
    re.I,
)
_BARE_ID_KEY = re.compile(r"ID\s*:", re.I)
# One name per field however it is spelled ("Event: 2187", "Event Source:", "Src:"): a
# repeated field starts the next record.
_FIELD_KEYS = {
    "id": "event id", "eventid": "event id", "event": "event id", "src": "source",
    "eventsource": "source", "eventtype": "type", "eventcategory": "category",
}  # fmt: skip
_RECORD_KEYS = ("event id", "event+description")
_RESTART_KEYS = ("description", "source")  # a paragraph opening with one again: a new record
_ID_THEN_TEXT = re.compile(r"\d+\s*[,.]?\s+(\S.*)$")
_FIELD_START = re.compile(r"\w+(?:\s\w+)?\s*[:=]")
_QUOTED_AFTER_FIELDS = re.compile(r",\s*\"")
# Source code, commands and prompts: specific syntax only, since messages themselves start
# with words like "Function", "Select" or "Set".
_CODE = re.compile(
    r"(?:^\s*[{}]|[{]\s*$|^\s*(?:#include|#define|#if|Option\s+Explicit|//|/\*"
    r"|(?:Private\s+|Public\s+)?(?:Sub|Function)\s+\w+\s*\(|End\s+(?:Sub|Function|If)\b"
    r"|Dim\s+\w+|void\s+\w|return\s*\(|if\s*\(|for\s*\(|while\s*\(|SELECT\s.+\sFROM\s"
    r"|[A-Za-z]:\\[^ <>]*>|'\s)|^\s*[A-Za-z_][\w.]*(?:\(\w*\))?\s*=\s*[^\s=][^.!?]*$|^\s*>)"
)
# A time stamp at the line's start; SMS's "$$<" trailer is tested with `in` (a `.*` after
# the leading blanks here backtracked over them: quadratic in a line of blanks).
_LOG_LINE = re.compile(
    r"\s*+(?:\[?\d{1,4}[/-]\d{1,2}(?:[/-]\d{2,4})?[ ,]+\d{1,2}:\d{2}|\[?\d{1,2}:\d{2}:\d{2}\b)"
)
_SEMI_END = re.compile(r";\s*$")
_WORD_OF_LETTERS = re.compile(r"(?<!\S)[A-Za-z]{2,}[,.;:]?(?!\S)")
_CODE_OPENER = re.compile(
    r"\s*(?:(?:Private\s+|Public\s+)?(?:Sub|Function)\s+\w+\s*\(|#include\b|Option\s+Explicit|/\*"
    r"|(?:int|void)\s+\w+\s*\()"
)
_CODE_PUNCT = re.compile(r"[=(){}\[\]*]")
_COLUMN_GAP = re.compile(r"\S {3,}\S")
_DR_WATSON_HEADER = re.compile(r"application\s+(?:error\s+)?log\s+is\s+being\s+generated", re.I)
_DR_WATSON_LINE = re.compile(r"\s*(?:Exception\b|[\w.$-]+\.(?:exe|dll|sys)\b|Address\b|App:)", re.I)
# A product label before the quoted message: 'Visual FoxPro for Windows: "Report file is
# invalid."' (the quotes then delimit the whole message).
_LABELLED_QUOTE = re.compile(r'^([A-Z][^":]{2,60}):\s+("[^"]+"\.?)$')
_PLATFORM_LABEL = re.compile(
    r"\b(?:for|under|on|with|using|running|from|client|version|windows|ms-dos|macintosh|mac"
    r"|nt|error\s+message)\b",
    re.I,
)
_MESSAGE_LABEL = re.compile(
    r"error\s*'?\d|\d{3,}|run-?\s?time|file|path|setup|could|cannot|fail|terminat", re.I
)
# A compiler or linker diagnostic line: "error C2143: ...", "x.cpp(12) : warning C4290: ...",
# "LINK : fatal error LNK1104: ...", "L2029: ...".
_WRAPPED_DIAGNOSTIC = re.compile(r"(?:\berror|\bwarning|:)\s*$", re.I)  # "... error" / "C2679:"
_DIAGNOSTIC = re.compile(
    r"\s*(?:[^:\s][^:]{0,60}?\s*:\s*)?(?:(?:fatal\s+)?(?:error|warning)\s+)?[A-Z]{1,4}\d{4}\s*:",
    re.I,
)
_NUMBERED_ERROR = re.compile(r"\s*\d+(?:-\d+)+\s+-\s+\S")  # "142-1-2 - Bad Address"
# "Event 2127   MSExchangeMTA" or "Event 3028: <description>" heading one record.
_EVENT_HEADER = re.compile(
    r"^(?:(?P<source>(?-i:[A-Z][A-Za-z0-9.-]{1,40}?))[ ]*)?Event(?:\s+ID)?\s*:?\s*\d+\b"
    r"(?:\s*[:-]\s*(.*))?",
    re.I,
)  # "NETLOGON Event 5721" and "MouClass Event ID 10 - <text>" name the source first
_TWO_CAPITALS = re.compile(r"[A-Z][^A-Z]*[A-Z]")  # a source's name: "MSExchangeMTA", not "The"
_SOURCE_NAME = re.compile(r"[A-Z][\w.-]*(?:[ ]+[A-Z][\w.-]*){0,2}[ ]*$")  # "MSExchangeIS Private"
_BARE_EVENT_ID = re.compile(r"^\d{3,5}$")  # "4116" alone above the text, after "events:"
# SNA Server documents an event with "Explanation:" / "Action:" text; not what the log shows.
_EVENT_DOC_LINE = re.compile(r"^(?:Explanation|EXPLANATION|Action|ACTION|User\s+Action)\s*:\s*\S")
_INLINE_DESCRIPTION = re.compile(r"\bDescription\s*:\s*")
_HEX_DUMP = re.compile(r"^[0-9a-fA-F]{4}:\s+[0-9a-fA-F]{2,8}\b")
_DATA_FIELD = re.compile(r"Data\s*:", re.I)  # an event's "Data:" dump follows
_EVENT_DOC_HEADING = re.compile(r"^(?:EXPLANATION|ACTION|USER\s+ACTION|CAUSE)\s*:?$")
_REFERENCE_LINE = re.compile(r"^\s*Q\d{5,6}\b")
# A message may end in a drive letter: "Cannot read from drive <x>:", "on drive ?:".
_DRIVE_END = re.compile(r"(?:\b[A-Za-z]|\?|<[^<>]{1,20}>)\s*:\s*$")
# Inline quotes: a quoted run that does not cross a blank line.
_QUOTED = re.compile(r'"((?:[^"\n]|\n(?![ ]*\n)){0,400}?)"')
_CODE_IN_QUOTE = re.compile(r"[{}]|\);|[!=]=|&&|\|\|")
_INLINE_BEFORE = re.compile(
    r"\b(?:(?:error|warning|stop)\s+)?(?:error|message|warning)s?(?:\s+(?:text|box))?"
    r"(?:\s*,)?(?:\s+(?:similar\s+to|like|such\s+as|stating|saying|that\s+(?:says|reads|states"
    r"|said)|which\s+(?:says|reads|states)|reading|indicating|of"
    # "an error message saying the encyclopedia is "Unable to Load Image.""
    r"|(?:saying|stating|indicating)(?:\s+that)?(?:\s+[\w'-]+){1,4}?\s+(?:is|are|was|were)"
    r"|(?:containing|with|that\s+contains|which\s+contains)\s+the\s+(?:text|message)))?"
    r"(?:\s+(?:the\s+)?following)?\s*:?\s*$"
)
_INLINE_AFTER = re.compile(
    r"[ ]*\n?[ ]*(?:\([^()\n]{1,30}\)[ ]*\n?[ ]*)?"
    # 'an "Out of Memory" or "Not Enough Storage" error'
    r"(?:(?:or|and)[ ]+\n?[ ]*\"[^\"\n]{1,60}\"[ ]*\n?[ ]*)?"
    r"(?:(?:error|warning)(?:\s+messages?)?|message|prompt)\b(?!s)",
    re.I,
)
_INLINE_NOT_AFTER = re.compile(
    r"[ \n]*(?:sound|button|key|command|option|menu|folder|file|tab|dialog|icon|field|check"
    r"|box|column|property|method|function|statement|parameter|switch|value|keyword|section"
    r"|entry|setting|line|link|page|topic|window|screen|object|event|procedure|string)s?\b"
)
# A message the sentence says is kept from the screen, named as an example of a kind.
_NOT_SEEN_BEFORE = re.compile(
    r"\b(?:eliminat|avoid|prevent|suppress)\w*\s+(?:[\w-]+\s+){0,3}?"
    r"(?:error\s+)?(?:messages|errors|warnings)\s+such\s+as\b[^.\n]{0,30}$"
)
# A comment line in a code sample ("* This generates the error "X"", "// ...", "' ...").
_COMMENT_LINE = re.compile(r"^\s+(?:\*|//|'|REM\b|;)", re.I)
_ERRORISH = re.compile(r"error|warning|fail|\btext\b", re.I)  # "a message box with the text"
# A plain "message" (no "error") counts only when the sentence says it is shown to the user
# ("you may also see a "resource is low" message box"); a sentence that only talks about
# it ("The "Starting Windows" message is a text string") does not.
_SHOWN = re.compile(
    r"\b(?:receive|receives|received|get|gets|appears?|displays?|displayed"
    r"|presents?\s+(?:the\s+)?users?\s+with|generates?"
    r"|generated|returns?|returned|produces?|pops?\s+up|occurs?|logged|reports?"
    r"|results?\s+in|you\s+(?:\w+\s+){0,2}?(?:see|saw))\b",
    re.I,
)
# The user is said to see it: a part of a block message quoted so is a message of its own
# ("you may receive an "Access denied" prompt for each subfolder"), a part said only to
# occur is the block's ("it was unable to do so because of the "error 33" message").
_SEEN = re.compile(
    r"\b(?:receive[sd]?|get|gets|got|see|sees|saw|appears?|displays?|displayed|pops?\s+up)\b",
    re.I,
)
# A prompt named as the place to type an answer.  A message the user is said to see is
# one, even named in passing: "press F8 when you see the "Starting Windows 95" message"
# (the second reviewers counted it; the convention's "named in passing" is a message
# the article mentions without saying it is shown).
_PASSING = re.compile(r"\bat\s+the\s+\"", re.I)  # 'at the "Enter password" prompt, type'

# "the arrow with the message "Click here to start," will not appear".
_NOT_APPEARING = re.compile(
    r"[\s,]*(?:(?:is|are)\s+)?(?:(?:will|does|do|did|would|may|might|can)\s+not\s+"
    r"(?:appear|be\s+(?:displayed|shown))|(?:doesn't|don't|won't|didn't)\s+appear"
    r"|no\s+longer\s+(?:appears|displayed)|(?:returned|generated|used|sent)\s+internally)\b"
)  # right after the quote, in the lower-cased text
_WS = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"[.!?][ \n]|\n[ ]*\n")
# Header fields of a mail message ("Message-ID: <...>" shown as corrupted text): no screen
# text, though they sit in a block after "the following text is displayed".
_MAIL_HEADER = re.compile(
    r"^\s*(?:Message-ID|Received|Return-Path|X-[\w-]+|Content-[\w-]+|MIME-Version"
    r"|In-Reply-To|References)\s*:",
    re.I,
)
_LETTERS = re.compile(r"[A-Za-z]")
_BLANK_LINE = re.compile(r"\n[ ]*\n")
_NEWLINE = re.compile(r"\n")
_COLON_EOL = re.compile(r":[ ]*$", re.M)
# Lead-ins without the colon, then a blank line and an indented block: "you may receive the
# following error message", "the following message may appear", "with the following event",
# "if you get the error message".
_NO_COLON_LEADIN = re.compile(
    r"following(?:[ ]+[\w.-]+){0,2}?[ ]+(?:message|error|event|warning)s?"
    r"(?:[ ]+(?:may|might|will|can|could)(?:[ ]+be)?[ ]+(?:appear|displayed|logged|occur"
    r"|generated|returned|shown)|[ ]+(?:appears|occurs|is[ ]+(?:displayed|logged|generated"
    r"|returned|shown)))?(?=\.?[ ]*$)",
    re.M,
)
# A sentence the message interrupts: "... you receive the", blank line, the message (at
# most 4 lines, indented), blank line, "error message when you ...".
_SANDWICH_AFTER = (
    r"[ ]*\n\n[ ]+\S[^\n]*(?:\n[ ]+\S[^\n]*){0,3}\n\n[ ]*(?:error|message|warning)s?\b"
)
_SANDWICH = re.compile(rf"(?<=[ ])(?:the|an|a)(?={_SANDWICH_AFTER})")
_SANDWICH_REST = re.compile(_SANDWICH_AFTER)
_DETERMINER_ENDS = (" the", " an", " a")
# "... the following error message when you print" and no full stop before the block.
_OPEN_FOLLOWING = re.compile(
    r"\bfollowing\s+(?:[\w-]+\s+){0,2}?(?:messages?|errors?)\s+[^.:;]*\.?$"
)
# ... and "if you get the error message", "the sample code produces the errors": found from
# the indented block (a blank line, then an indented line) back to the line above it.
_INDENTED_AFTER_BLANK = re.compile(r"\n\n[ ]")
_NO_COLON_ENDINGS = (
    "message", "messages", "errors", "warnings", "message.", "messages.", "errors.", "warnings.",
)  # fmt: skip
_NO_COLON_VERB = re.compile(
    r"\b(?:receive|receives|get|gets|see|sees|displays?|generates?|returns?|produces?"
    r"|followed\s+by|is|was)\s+(?:the|this|these|an?)\s+(?!same\b)(?:following\s+)?"
    r"(?:[\w-]+\s+){0,2}?"
    r"(?:messages?|errors|warnings)\.?$"
)
# Colon-line endings that never introduce a message (the commonest colon lines in the
# archive); checked with one str.endswith before any regex work.
_NEVER_LEADIN_ENDINGS = (
    "knowledge base", "these steps", "the spaces)", "web site", "following steps", "or later",
    "wide web", "download center", "following code", "following command", "following methods",
    "registry key", "press enter", "are covered", "do this", "following key", "following line",
    "base article", "are true", "for example", "this problem", "the registry", "ini file",
    "go to", "following articles", "following article", "article number below",
    "following files", "following file", "following subkey", "following folder",
)  # fmt: skip


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _unbulleted(line: str) -> str:
    """The line's text without surrounding spaces and a leading `-` / `*` bullet."""
    return _BULLET.sub("", line.strip(), count=1)


def _leadin_kind(clause: str) -> int:
    """NONE: not a lead-in; else ONE or MANY, plus EVENT_ONLY when only an event is named.

    Memoised on the clause's text: an article repeats its lead-ins ("you receive the
    following error message:"), and a damaged file one line thousands of times."""
    return through(_LEADIN_MEMO, clause, _read_leadin, MEMO_LINE)


_LEADIN_MEMO: Memo[str, int] = Memo()
_LONGEST_LEADIN = 1000
"""Characters; the archive's longest lead-in clause is far shorter."""


def _read_leadin(clause: str) -> int:
    if len(clause) > _LONGEST_LEADIN:
        # No sentence announcing a message runs this long; the patterns below would each
        # scan all of it (a damaged line of a megabyte with no full stop).
        return _Lead.NONE
    low = clause.lower()
    last = None
    for last in _FOLLOWING.finditer(low):  # noqa: B007 - the last "following" decides
        pass
    if last is not None:
        return _following_kind(clause, low, last.start(), last.end())
    return _plain_kind(low)


def _not_shown(tail: str) -> bool:
    """'The following messages are used:' - handled or sent messages, not screen text.  Only
    the verb right after the noun phrase counts, and a message 'posted to the event log' is
    shown there."""
    clause = _SUBORDINATE.search(tail, 0, 40)  # "error when the TYPE operator is used"
    m = _NOT_SHOWN_TAIL.search(tail, 0, clause.start() if clause else 40)
    return m is not None and not ("log" in tail and m.group(0) in ("posted", "sent"))


def _noun_ahead(words: list[str], x: int) -> bool:
    """words[x] is a lowercase word right before a message noun, or a preposition that only
    capitalised names separate from one ('for Windows NT error')."""
    w = words[x]
    if x + 1 >= len(words) or not w.islower():
        return False
    if w in _NAME_LINKS:
        for nxt in words[x + 1 : x + 5]:
            if nxt.lower() in _MSG_NOUNS:
                return True
            if not nxt[0].isupper():
                return False
        return False
    if w in _PHRASE_STOP:
        return False
    if words[x + 1].lower() in _MSG_NOUNS:
        return True
    # "the following unresolved external error messages": adjectives before the noun.
    return (
        x + 2 < len(words)
        and words[x + 2].lower() in _MSG_NOUNS
        and words[x + 1].islower()
        and words[x + 1] not in _PHRASE_STOP
        and (words[x + 1] in _MODIFIERS or words[x + 1].endswith(_ADJECTIVE_ENDS))
    )


def _following_kind(clause: str, low: str, start: int, end: int) -> int:
    """Lead-ins built on 'following': the noun phrase after it decides."""
    before, tail = low[:start], low[end:]
    if before.endswith(("with the ", "with ")) and _EXCEPTIONS_ONLY.match(tail):
        return _Lead.NONE  # "behaves the same, with the following exceptions:"
    if _NOT_SCREEN_BEFORE.search(before):
        # "during the processing of any of the following messages:" (window messages).
        return _Lead.NONE
    plural = _SEVERAL_OF.search(before) is not None
    after = clause[end:]
    are = _FOLLOWING_ARE.match(after) or _QUANTITY_OF.match(after)
    plural = plural or (are is not None and are.re is _QUANTITY_OF)
    head = _noun_phrase(after[are.end() :] if are else after)
    if head is None:
        return _Lead.NONE  # "the following error codes", "message flow", "error handlers"
    if head and head[-1] in _RECORD_NOUNS and _LOG_CONTEXT.search(low):
        return _record_kind(head[-1])
    if head == ["information"] and _MESSAGE_WITH.search(before):
        return _Lead.ONE  # "you receive an error message with the following information:"
    if head and head[-1] in _ARRANGEMENT_NOUNS:
        return _arranged_kind(before)
    if head in (["example"], ["examples"]):
        # "an error message ... that is similar to the following example:"
        return _verb_kind(before, tail, plural or head == ["examples"])
    if head and head[-1] not in _PHRASE_STOP:
        return _noun_kind(head, before, tail, plural)
    return _verb_kind(before, tail, plural)


def _arranged_kind(before: str) -> int:
    """'an event with the following text:', 'The error messages are logged ... in the
    following sequence:' - the message noun before "following" decides."""
    m = _NOUN_BEFORE_ARRANGEMENT.search(before)
    if m is None:
        return _Lead.NONE
    noun = next(g for g in m.groups() if g)
    return _Lead.MANY if noun.endswith("s") else _Lead.ONE


def _noun_phrase(after: str) -> list[str] | None:
    """The lower-cased words of the noun phrase after 'following', its noun last; None
    when the message noun is the first half of another noun ('error codes')."""
    head: list[str] = []
    # Known modifiers and capitalised names ("the following Visual Basic error") may
    # precede the message noun; any other word ends the phrase, so "the following
    # command prints the message" is about a command.
    words = _HEAD_WORD.findall(after)
    for x, w in enumerate(words):
        lw = w.lower()
        if lw in _MSG_NOUNS:
            head.append(lw)  # "error", then maybe "message(s)": the last one is the noun
            continue
        if head == ["event"] and lw in ("log", "viewer"):
            head.append(lw)  # "the following event log messages"
            continue
        if head and head[-1] in _MSG_NOUNS:
            if lw in _NOUN_COMPOUND and w.islower() and not _BLUE_SCREEN.intersection(head):
                return None
            break
        if _noun_ahead(words, x):
            # "the following macro virus warning message", "the following Dr. Watson for
            # Windows NT error message": the message noun is still to come.
            head.append(lw)
            continue
        head.append(lw)
        if lw in _PHRASE_STOP or not (
            lw in _MODIFIERS
            or w[0].isupper()
            or w[0].isdigit()
            or "error" in lw
            or lw.endswith("-time")
        ):
            break
        if len(head) == 8:
            break
    return head


def _record_kind(noun: str) -> int:
    """'the system event log records the following information:' - an Event Viewer
    record will do; 'The following two entries are present in the System Log:' then
    their text."""
    if noun == "entries":
        return _Lead.MANY
    if noun == "entry":
        return _Lead.ONE
    return _Lead.ONE | _Lead.NEEDS_EVENT


def _noun_kind(head: list[str], before: str, tail: str, plural: bool) -> int:
    """The kind of a 'following' lead-in whose noun phrase ends in a noun."""
    noun = head[-1]
    if noun in ("entry", "entries") and ("log" in head or "event" in head):
        noun = "message"  # "the following log entry:" / "event log entries:"
    elif (
        noun not in _MSG_NOUNS
        or _NON_SCREEN_HEAD.intersection(head)
        or (noun in ("error", "errors") and _FIXES_FOLLOWING.search(before))
        or _not_shown(tail)
    ):
        return _Lead.NONE
    kind = _Lead.MANY if noun in _PLURAL_NOUNS or plural else _Lead.ONE
    if noun in ("event", "events") and not _NOT_EVENT.search(" ".join(head)):
        kind |= _Lead.EVENT_ONLY
    return kind


def _verb_kind(before: str, tail: str, plural: bool) -> int:
    """'the following:' / 'the following is displayed:' - decided by the verb, or by a
    message noun in front of 'similar to'."""
    if _FIXES_FOLLOWING.search(before):
        return _Lead.NONE
    kind = _Lead.MANY if plural or _PLURAL_CLAUSE.search(before) else _Lead.ONE
    if _SIMILAR_FOLLOWING.search(before) or _SAYS_FOLLOWING.search(before):
        return kind
    if _SEE_FOLLOWING.search(before) or _DISPLAY_TAIL.match(tail.strip()):
        if _INSTRUCTION.search(before[-40:]) and not _NOT_EVENT.search(before):
            return _Lead.NONE
        return kind | _Lead.WEAK
    if _SHOW_FOLLOWING.search(before):
        # "Event Viewer shows the following:" - only an Event Viewer record will do; a
        # window "shows the following" status or field values too.
        return kind | _Lead.WEAK | _Lead.NEEDS_EVENT
    return _Lead.NONE


def _plain_kind(low: str) -> int:
    """Lead-ins without 'following': 'you receive this error message:', 'the error is:'."""
    low = _LEADING_LABEL.sub("", low).strip()
    if _LABEL_ONLY.match(low):
        if low in ("warning", "warnings", "alert", "alerts"):
            return _Lead.NONE  # "WARNINGS:" heads the article's own cautions
        return _Lead.MANY if low.rstrip().endswith("s") else _Lead.ONE
    m2 = _NOUN_LAST.search(low) or _NOUN_VERB_LAST.search(low)
    if m2 is None:
        m2 = _RECEIVE_NOUN.search(low)
        if m2 is None or _instruction_after(low, m2.end()):
            # "One common error message caused by a damaged file is:" - the message noun
            # is the subject of a closing "is".
            m2 = _SUBJECT_IS.search(low)
            if m2 is None or _INSTRUCTION.search(low, m2.end(1)):
                return _log_kind(low)
    if (
        _INSTRUCTION_START.match(low)
        or (_NOT_ANNOUNCING.search(low) and not _WORKS_FOR.search(low))
        or _PURPOSE.match(low)
        or _WHEN_DIALOG.match(low)
    ):
        return _Lead.NONE
    return _Lead.MANY if _PLURAL_CLAUSE.search(low) else _Lead.ONE


def _instruction_after(low: str, pos: int) -> bool:
    """An instruction follows the message noun ("... this error. To fix it, click ..."); a
    verb in the condition ("when you click Options, and then click ...") is none."""
    for m in _INSTRUCTION.finditer(low, pos):
        if not low.endswith(("you ", "then "), max(0, m.start() - 5), m.start()):
            return True
    return False


def _log_kind(low: str) -> int:
    """Lead-ins naming the log the messages are in: "... reports multiple Event 631
    errors in the application event log:", "The event logged is:"."""
    if _NOT_ANNOUNCING.search(low):
        return _Lead.NONE
    if _IN_THE_LOG.search(low) and _LOG_VERB.search(low):
        return _Lead.MANY if _PLURAL_CLAUSE.search(low) else _Lead.ONE
    if "event" in low and _EVENT_PLAIN.search(low):
        # "The description in the event is:", "an event 2048 is logged in the System
        # Log:" introduce the text itself.
        if "description" in low or _NUMBERED_EVENT_LOGGED.search(low):
            return _Lead.ONE
        return _Lead.ONE | _Lead.NEEDS_EVENT
    return _Lead.NONE


def _clause(lines: Sequence[str], i: int) -> tuple[str, int]:
    """The sentence ending at the colon of line i (colon removed) and its paragraph's first line."""
    first = i
    while first > 0 and i - first < 5:
        prev = lines[first - 1]
        if not prev.strip() or is_underline(prev) or prev.rstrip().endswith(":"):
            break
        if _indent(prev) > _indent(lines[first]) + 1 and first == i:
            break
        first -= 1
    if _REFERENCE_LINE.match(lines[first]):
        return "", first
    text = " ".join(lines[k].strip() for k in range(first, i + 1))
    text = _SENTENCE_SPLIT.split(text)[-1].rstrip()
    return (text[:-1] if text.endswith((":", ".")) else text), first


def _text_indent(lines: Sequence[str], first: int, i: int) -> tuple[int, int]:
    """(raw indent, text indent) of the lead-in: list markers count as indentation."""
    raw = _indent(lines[i])
    if first == i:
        stripped = lines[i].lstrip(" ")
        m = _LIST_MARK.match(stripped)
        if m:
            return raw, raw + m.end()
    return raw, raw


def _strip_quotes(msg: str) -> str:
    """Remove quote marks that delimit the whole message, or a lone unmatched one at an end."""
    if msg.count('"') % 2 == 1:
        # An unmatched mark at either end is a typo for a delimiter, not message text.
        if msg.endswith('"'):
            return msg[:-1].rstrip()
        if msg.startswith('"'):
            return msg[1:].lstrip()
        return msg
    if len(msg) >= 2 and msg[0] == '"':
        if msg[-1] == '"':
            inner = msg[1:-1]
        elif msg.endswith(('".', '",')):
            inner = msg[1:-2]
        else:
            return msg
        return inner.strip()
    return msg


def _has_words(msg: str) -> bool:
    """A message has at least two letters ("...", "|10" or "f=" are residue, not text)."""
    return len(_LETTERS.findall(msg, 0, 200)) >= 2


def _event_field(line: str, bare_ids: bool = False) -> tuple[str, str] | None:
    """(key, value) of an Event Viewer field line, the 'Event 2127  Source' header included."""
    m = _EVENT_FIELD.match(line)
    if m:
        key = _WS.sub(" ", (m.group(1) or m.group(3)).lower())
        value = m.group(2) if m.group(1) else m.group(4)
        key = _FIELD_KEYS.get(key.replace(" ", ""), key)
        if key == "event id":
            rest = _ID_THEN_TEXT.match(value)
            d = _INLINE_DESCRIPTION.search(value)
            if d:
                return "event+description", value[d.end() :]
            if rest:
                # "Event ID=4003 The following error occurred ...", "Event ID = 10012,
                # Source = MacFile, "The File Server ...": the text is the description.
                text = rest.group(1)
                q = _QUOTED_AFTER_FIELDS.search(text)
                if q:
                    return "event+description", text[q.end() - 1 :]
                if text[0].isupper() and not _FIELD_START.match(text):
                    return "event+description", text
        return key, value
    m = _event_header(line)
    if m:
        d = _INLINE_DESCRIPTION.search(line, m.end())
        if d:  # "Event ID 10014 Description: Failed to ..." on one line.
            return "event+description", line[d.end() :]
        # The text after "Event 3028:" or "Event ID 2037" is the description of that
        # record (unless a Description field follows, see _event_messages).
        if m.group(2) is not None:
            rest = m.group(2).strip()
        else:  # "Event ID 2037 An internal MTA error occurred." (not ", Source: X")
            rest = line[m.end() :].strip()
            rest = rest if rest.lstrip('"')[:1].isupper() and not _FIELD_START.match(rest) else ""
        if not rest or _names_source(rest):
            return "event id", ""
        return "event+description", rest
    if bare_ids and _BARE_EVENT_ID.match(line):
        return "event id", ""
    return None


def _names_source(rest: str) -> bool:
    """The text after an event header names the source, not the event's text: one word,
    "MSExchangeIS Private", "Source: SnaServer"."""
    return (
        " " not in rest
        or _SOURCE_NAME.match(rest) is not None
        or (_FIELD_START.match(rest) is not None and len(rest.split()) <= 3)
    )


def _event_header(line: str) -> re.Match[str] | None:
    """The 'Event 2127' / 'NETLOGON Event 5721' header of an event record at the line's
    start; a word before it must be a source's name (two capitals), not 'The'."""
    m = _EVENT_HEADER.match(line)
    if m and m.group("source") and not _TWO_CAPITALS.match(m.group("source")):
        return None
    return m


def _event_messages(paras: list[list[str]], bare_ids: bool = False) -> list[str]:
    """The records of an Event Viewer block as shown, one message each; an empty paragraph
    (an `-or-` separator, a bullet of a list) ends a record."""
    reader = _EventReader()
    for para in paras:
        if not para:
            reader.flush()
            continue
        lines = [_unbulleted(ln) for ln in para]
        bare = bare_ids and len(para) == 1
        if reader.text:
            # A paragraph after the record's text: the next record when it names its event
            # ("Event ID: 3089") or opens with its Description or Source again, else more of
            # this one ("Type: 0x10" / "Message ID: ...", a "Data:" dump, SNA Server's
            # EXPLANATION).
            first = _event_field(lines[0], bare)
            again = (
                first is not None
                and first[0] in _RESTART_KEYS
                and first[0] in reader.keys
                # "Event 203: TN3270 server" named the source; its Description follows.
                and not (reader.header_desc and first[0] == "description")
            )
            if again or any(_names_event(ln, bare) for ln in lines):
                reader.flush()
            else:
                reader.shown += lines
                continue
        for ln in lines:
            reader.line(ln, bare)
    reader.flush()
    return reader.out


def _names_event(line: str, bare_ids: bool) -> bool:
    """The line is an event's ID field or header ("Event ID: 3089", "NETLOGON Event 5721")."""
    parsed = _event_field(line, bare_ids)
    return parsed is not None and parsed[0] in _RECORD_KEYS


@dataclass
class _EventReader:
    """An Event Viewer block read line by line: the fields of the record being read, and
    its lines as shown (the record's message)."""

    out: list[str] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)
    shown: list[str] = field(default_factory=list)
    """The record's lines so far, fields, text, documentation and data alike."""
    documented: bool = False
    """Past SNA Server's EXPLANATION/ACTION documentation or a Data: hex dump: a further
    field starts the next record."""
    text: bool = False
    """The record has text beyond its fields' names and codes (a Description, say)."""
    header_desc: bool = False
    """The description so far is the text after "Event 6553:"."""

    def flush(self) -> None:
        """The record read so far gives its message; the next one starts empty."""
        # Only a record with an event's field gives a message: lines above the first field
        # ("The description is:") are no part of a record.
        if self.keys and self.text:
            text = " ".join(self.shown).strip()
            if text:
                self.out.append(text)
        self.keys, self.shown = set(), []
        self.documented = self.text = False

    def line(self, s: str, bare_ids: bool) -> None:
        """Read one line of the block (bullet and surrounding spaces removed)."""
        if _is_event_doc(s) or _DATA_FIELD.match(s):
            # SNA Server's "EXPLANATION" / "ACTION" text and the "Data:" dump are shown
            # in the record, but a field after them starts the next record.
            self.documented = True
            self.keep(s)
            return
        parsed = _event_field(s, bare_ids)
        if (
            parsed is not None
            and "description" in self.keys
            and _BARE_ID_KEY.match(s)
            and not _INLINE_DESCRIPTION.search(s)
        ):
            parsed = None  # "... Attribute / ID: 11. Referenced ..." wraps the description
        if parsed is not None:
            self.on_field(parsed[0], parsed[1])
        elif self.keys:
            self.text = True
        self.keep(s)

    def keep(self, s: str) -> None:
        """The line is part of the record being read (none before its first field)."""
        if self.keys:
            self.shown.append(s)

    def on_field(self, key: str, value: str) -> None:
        """A field line; a repeated field starts the next record."""
        keys = self.keys
        inline_desc = _INLINE_DESCRIPTION.search(value) if key != "description" else None
        if inline_desc:
            # "Source: SRV Event ID: 2011 Description: The server's ..." on one line.
            key = "description"
        if key == "description" and self.header_desc:
            # "Event 6553:  Telnet daemon" named the source; the Description follows.
            keys.discard("description")
        if key == "event+description":
            repeated = "event id" in keys or "description" in keys
        else:
            repeated = key in keys
        if repeated or self.documented:
            self.flush()
            keys = self.keys
        self.header_desc = key == "event+description"
        if self.header_desc:
            key = "description"
            keys.add("event id")
        keys.add(key)
        # "Description: text", "Event ID: 1005 from the MSExchangeSA with the error code".
        words = value.strip() if key in ("description", "event id") else ""
        self.text = self.text or bool(_LETTERS.search(words.split(None, 1)[-1] if words else ""))


def _is_event_block(paras: list[list[str]], bare_ids: bool = False) -> bool:
    n = 0
    for para in paras:
        for ln in para:
            s = _unbulleted(ln)  # "- Event 6005 Source: X"
            if _event_header(s) or (bare_ids and len(para) == 1 and _BARE_EVENT_ID.match(s)):
                return True
            if _EVENT_FIELD.match(s):
                n += 1
                if n >= 2:
                    return True
    return False


def _is_code_line(line: str) -> bool:
    if _CODE.search(line):
        return True
    # A statement ends in ';'; a message line may too ("... returned from plotter;").
    return bool(_SEMI_END.search(line)) and (
        len(line.split()) < 4 or _CODE_PUNCT.search(line) is not None
    )


def _looks_like_code(para: list[str]) -> bool:
    """Half the lines or more look like code; of two lines, one only when the other is no
    sentence either: a message line may look like a statement ("Code=0x887600de" under
    "Problem getting extra display info ...", "Run-time error '5';")."""
    if para and _CODE_OPENER.match(para[0]):
        return True  # a procedure or a program, however few of its lines look like code
    return _mostly([_is_code_line(ln) for ln in para], para)


def _mostly(flags: list[bool], para: list[str]) -> bool:
    """Half the lines or more are flagged; of two lines, one only when the other is no
    sentence (fewer than three words of letters) either: "x1   y1   x2" under a call is
    no sentence."""
    hits = sum(flags)
    if len(para) == 2 and hits == 1:
        return len(_WORD_OF_LETTERS.findall(para[flags.index(False)])) < 3
    return hits > 0 and hits * 2 >= len(para)


def _looks_like_log(group: list[str]) -> bool:
    """Lines of a log file (time-stamped, or SMS's '$$<COMPONENT>' trailers), not screen text."""
    hits = sum(1 for ln in group if _LOG_LINE.match(ln) or "$$<" in ln)
    return hits >= 2 or any("$$<" in ln for ln in group)


def _looks_like_table(group: list[str]) -> bool:
    """Half the lines or more have columns (see _mostly: "MSVCRES.DLL at   0137:503126ba."
    under "MSDEV CAUSED AN INVALID PAGE FAULT IN MODULE" is a message)."""
    return _mostly([_COLUMN_GAP.search(ln.strip()) is not None for ln in group], group)


def _box_continues(joined: list[str], para: list[str]) -> bool:
    """The next paragraph belongs to the same message box: after 'Compile error:', or the
    program name and exception lines under the Dr. Watson header 'An application error has
    occurred and an application error log is being generated.'"""
    if joined[-1].rstrip().endswith(":"):
        return True
    return (
        bool(para)
        and _DR_WATSON_LINE.match(para[0]) is not None
        and _DR_WATSON_HEADER.search(" ".join(joined)) is not None
    )


def _is_diagnostic(line: str) -> bool:
    """A compiler / linker diagnostic line, or a numbered error line ("151-1-2 - Bad Address")."""
    return _DIAGNOSTIC.match(line) is not None or _NUMBERED_ERROR.match(line) is not None


def _split_diagnostics(groups: list[list[str]]) -> list[list[str]]:
    """Compiler / linker output: each diagnostic line ("error C2143: ...") is one message."""
    out: list[list[str]] = []
    for g in groups:
        if sum(1 for ln in g if _is_diagnostic(ln)) < 2:
            out.append(g)
            continue
        cur: list[str] = []
        for ln in g:
            if _is_diagnostic(ln) and cur and not _WRAPPED_DIAGNOSTIC.search(cur[-1]):
                out.append(cur)
                cur = []
            cur.append(ln)
        out.append(cur)
    return out


def _split_block(block: list[str], kind: int) -> tuple[str, ...]:
    """Messages of one quoted block (lines as in the article, blank lines kept)."""
    # Keyed on the block's text and the lead-in's kind, all that the split reads: a
    # message-dense file that repeats its blocks (a damaged or spliced one) splits each
    # once; the split is most of a lead-in's cost.
    key = f"{kind}\n" + "\n".join(block)
    return through(_BLOCK_MEMO, key, lambda _: tuple(_read_block(block, kind)), MEMO_BLOCK)


_BLOCK_MEMO: Memo[str, tuple[str, ...]] = Memo()
_MOST_BLOCK_LINES = 400
"""The most text lines a quoted block may have and hold messages: in the archive the
longest block with messages has 125 (Q193931, fifty of them), the longest single message
68 lines (Q177886)."""
MEMO_BLOCK = 1000
"""The longest block (in characters) the block memo keeps."""


def _read_block(block: list[str], kind: int) -> list[str]:
    text_lines = [ln for ln in block if ln.strip()]
    if len(text_lines) > _MOST_BLOCK_LINES:
        return []  # a listing or a log, not a box on screen (and not worth reading line by line)
    if any(_CODE_OPENER.match(ln) for ln in text_lines) or (
        len(text_lines) >= 4 and _looks_like_code(text_lines)
    ):
        return []  # a program (under "Sample Code" / "----" after labelled messages)
    first_line = text_lines[0]
    # Bullets split messages only when the block itself is a bulleted list; bullets inside a
    # message box ("including: - Core components") belong to that message.
    bullets = bool(_BULLET.match(first_line.lstrip()))
    paras = _paragraphs(block, _indent(first_line) if bullets else None)
    bare_ids = bool(kind & _Lead.EVENT_ONLY)  # "the following events:" then "4116" above each text
    if _is_event_block(paras, bare_ids):
        return _event_messages(paras, bare_ids)
    if kind & _Lead.NEEDS_EVENT:
        return []
    plural = bool(kind & _Lead.MANY) and not bullets
    if kind & (_Lead.EVENT_ONLY | _Lead.WEAK) and (kind & _Lead.MANY or bullets):
        # "the following events are logged:" or "you receive one of the following:" then a
        # list names kinds of events or outcomes, not texts on screen.
        return []
    groups = _split_diagnostics(_message_groups(_before_documentation(paras), plural))
    return [msg for g in groups if (msg := _group_message(g, bullets))]


def _paragraphs(block: list[str], bullet_indent: int | None) -> list[list[str]]:
    """The block's paragraphs; [] where a separator (`-or-`), an inner label's underline
    or, in a bulleted list (bullets at `bullet_indent`), a bullet forces a split."""
    paras: list[list[str]] = []
    cur: list[str] = []
    for ln in block:
        s = ln.strip()
        mark = bool(s) and (_SEPARATOR.match(s) is not None or is_underline(s))
        if (
            not s
            or mark
            or (bullet_indent is not None and _indent(ln) == bullet_indent and _BULLET.match(s))
        ):
            if cur:
                paras.append(cur)
                cur = []
            if s:
                paras.append([])
                if not mark:
                    cur.append(ln)
            continue
        cur.append(ln)
    if cur:
        paras.append(cur)
    return paras


def _is_event_doc(s: str) -> bool:
    """SNA Server's "EXPLANATION" / "ACTION" text: it documents an event or a message."""
    return _EVENT_DOC_HEADING.match(s) is not None or _EVENT_DOC_LINE.match(s) is not None


def _before_documentation(paras: list[list[str]]) -> list[list[str]]:
    """The paragraphs above SNA Server's "EXPLANATION: ..." / "ACTION: ..." text."""
    for x, p in enumerate(paras):
        if p and _is_event_doc(p[0].strip()):
            return paras[:x]
    return paras


def _message_groups(paras: list[list[str]], plural: bool) -> list[list[str]]:
    """Paragraphs joined into the lines of one message each: all of them, or after a
    plural lead-in one each (unless a box goes on); labels and splits start anew."""
    groups: list[list[str]] = []
    joined: list[str] = []
    last = max((x for x, p in enumerate(paras) if p), default=-1)
    for x, p in enumerate(paras):
        if len(p) == 1 and x < last and _is_bare_label(p[0]):
            # "In PowerPoint 4.0 for Windows" above the message shown there.
            p = []
        if not p or (plural and joined and not _box_continues(joined, p)):
            if joined:
                groups.append(joined)
            joined = []
        elif len(joined) == 1 and _is_condition_label(joined[0]):
            # "- When an OLE object is selected:" names the situation, not the text shown.
            joined = []
        joined.extend(_unquoted(p) if len(paras) > 1 else p)
    if joined:
        groups.append(joined)
    return groups


def _unquoted(para: list[str]) -> list[str]:
    """A further paragraph of a box as one line, without quote marks around all of it
    ('Run-time error: 40006' then '"Wrong protocol or connection state ..."')."""
    text = " ".join(ln.strip() for ln in para)
    if text.count('"') == 2 and text.startswith('"'):
        return [_strip_quotes(text)]
    return para


def _group_message(group: list[str], bullets: bool) -> str:
    """The message of a group of lines, cleaned; "" when it is code, a table, a log or
    has no words."""
    if (
        _looks_like_code(group)
        or _looks_like_table(group)
        or _looks_like_log(group)
        or all(_MAIL_HEADER.match(ln) for ln in group if ln.strip())
    ):
        return ""
    # Buttons ("OK", "Yes   No") and an event's Data dump ("0000: 000c0000 ...") are no text.
    parts = [
        ln.strip()
        for ln in group
        if not (_BUTTONS.match(ln.strip()) or _HEX_DUMP.match(ln.strip()))
    ]
    if bullets and parts:
        parts[0] = _unbulleted(parts[0])
    msg = " ".join(p for p in parts if p)
    labelled = _LABELLED_QUOTE.match(msg)
    if (
        labelled
        and _PLATFORM_LABEL.search(labelled.group(1))
        and not _MESSAGE_LABEL.search(labelled.group(1))
    ):
        msg = labelled.group(2)  # 'FoxPro 2.x for Windows: "Record out of range."'
    msg = _strip_quotes(msg)
    return msg if _has_words(msg) else ""


def _column0_bullets(lines: Sequence[str], j: int, plural: bool) -> _Block:
    """A bulleted list at column 0 after a plural lead-in: one short item per message, or
    a list of message templates ("Drive %1 is nearly full.") of any length; after a
    singular one, a list of one item."""
    items, k = _column0_items(lines, j)
    if not items or (not plural and len(items) > 1):
        return [], j, False
    templates = sum(1 for a, b in items if _TEMPLATE.search(" ".join(lines[a:b])))
    if templates * 2 < len(items) and not all(_short_item(lines, a, b) for a, b in items):
        return [], j, False
    out: list[str] = []
    for a, b in items:
        out += ["", *lines[a:b]] if out else lines[a:b]
    return out, k, False


def _column0_items(lines: Sequence[str], j: int) -> tuple[list[tuple[int, int]], int]:
    """The (start, end) of each item of a bulleted list at column 0 from line j, and the
    index after the list; no items when an unindented line sits right under the list."""
    n = len(lines)
    items: list[tuple[int, int]] = []
    k = j
    while k < n and _BULLET.match(lines[k]) and not at_heading(lines, k):
        item = k
        k += 1
        while k < n and lines[k].strip() and _indent(lines[k]) > 0:
            k += 1
        k2 = next_text_line(lines, k)
        while k2 < n and _indent(lines[k2]) > 0 and not at_heading(lines, k2):
            # A further paragraph of the item, indented under its text ("The system has
            # been halted. Press CTRL+ALT+DELETE to restart your computer.").
            k = _paragraph_end(lines, k2, 1)
            k2 = next_text_line(lines, k)
        items.append((item, k))
        if k2 < n and _BULLET.match(lines[k2]):
            k = k2
        elif k < n and lines[k].strip():
            return [], j  # an unindented line right under the list: not a plain list
    return items, k


def _short_item(lines: Sequence[str], item: int, k: int) -> bool:
    """A list item that reads as a message: at most 5 lines (8 over its paragraphs), not a
    condition ("- attempting to ..."), a label ("- Under Windows 95:") or prose."""
    first = _BULLET.sub("", lines[item], count=1)
    end = min(k, _paragraph_end(lines, item, most=6))  # of its first paragraph
    last = lines[end - 1].rstrip()
    return not (
        end - item > 5
        or sum(1 for ln in lines[item:k] if ln.strip()) > 8
        or first[:1].islower()
        or (
            _PROSE_START.match(first)
            and not _MESSAGE_START.match(first)
            # "- There are no print processors", not "- There is a greeting shown ...,"
            and not (_IMPERSONAL_START.match(first) and k - item == 1)
        )
        # "- You may receive the following error message when ...:", "- Under Windows 95:"
        or (last.endswith(":") and not _DRIVE_END.search(last))
        or "following" in first
    )


_Block = tuple[list[str], int, bool]
"""A block's lines, the index after it, and whether it was indented deeper."""


def _paragraph_end(lines: Sequence[str], k: int, indent: int = 0, most: int | None = None) -> int:
    """Index after the paragraph starting at line k: up to a blank line, a heading or a
    line indented less than `indent`; at most `most` lines on when given."""
    n = len(lines) if most is None else min(len(lines), k + most)
    while k < n and lines[k].strip() and not at_heading(lines, k) and _indent(lines[k]) >= indent:
        k += 1
    return k


def _take_block(
    lines: Sequence[str],
    start: int,
    raw: int,
    text: int,
    strong: bool = False,
    plural: bool = False,
    level: bool = True,
) -> _Block:
    """The block after a lead-in: (lines, index after it, is_deep); a paragraph at the
    lead-in's own indentation only when `level`."""
    j = next_text_line(lines, start)
    if j >= len(lines) or (at_heading(lines, j) and not _inner_label(lines, j, text)):
        return [], j, False
    b = _indent(lines[j])
    if b >= raw and _BARE_BULLET.match(lines[j]):
        return _bare_bullet_block(lines, j, max(1, min(text, b + 1)))
    if b > text:
        out, k = _deep_block(lines, j, text)
        return out, k, True
    if b < raw or not level:
        return [], j, False
    # Same indentation as the lead-in: the first paragraph (two when it ends in a colon).
    if b == 0 and not _QUOTED_LINE_START.match(lines[j]):
        if text > raw and _BULLET.match(lines[j]):
            return [], j, False  # the next item of the list the lead-in is an item of
        return _column0_block(lines, j, strong, plural)
    if lines[j].lstrip().startswith('"'):
        return _quoted_block(lines, j, b)
    return _box_block(lines, j, b)


def _bare_bullet_block(lines: Sequence[str], j: int, least: int) -> _Block:
    """A list whose bullets stand alone on their lines, each message below its bullet
    (` - `, a blank line, the message indented at least `least`): each item comes back as
    one bullet line holding its text, so that the block splits at its bullets."""
    n = len(lines)
    b = _indent(lines[j])
    out: list[str] = []
    k = end = j
    while k < n and _BARE_BULLET.match(lines[k]) and _indent(lines[k]) == b:
        t = next_text_line(lines, k + 1)
        end = _bullet_item_end(lines, t, least)
        if end == t:
            break
        if out:
            out.append("")
        out += [" " * b + "- " + lines[t].strip(), *lines[t + 1 : end]]
        k = _after_bullet_item(lines, end, least)
    while out and not out[-1].strip():
        out.pop()
    return (out, end, True) if out else ([], j, False)


def _bullet_item_end(lines: Sequence[str], t: int, least: int) -> int:
    """Index after the text of a bare bullet's item starting at line t: its paragraphs
    indented at least `least`, up to the next bullet, a separator or a heading."""
    n = len(lines)
    end = k = t
    while k < n and _indent(lines[k]) >= least and not at_heading(lines, k):
        s = lines[k].strip()
        if _BARE_BULLET.match(s) or _SEPARATOR.match(s) or (k > t and _is_note(s)):
            break
        k = _paragraph_end(lines, k, least)
        end = k
        k = next_text_line(lines, k)
    return end


def _after_bullet_item(lines: Sequence[str], k: int, least: int) -> int:
    """The next line with text after a bare bullet's item ending at k, past the item's
    `where <x> is ...` notes and an `-or-` between the items."""
    n = len(lines)
    k = next_text_line(lines, k)
    while k < n and _indent(lines[k]) >= least and _is_note(lines[k]):
        k = next_text_line(lines, _paragraph_end(lines, k, least))
    if k < n and _SEPARATOR.match(lines[k].strip()):
        k = next_text_line(lines, k + 1)
    return k


def _is_note(line: str) -> bool:
    """A `NOTE:` / `where <x> is ...` paragraph under a message: about it, not in it."""
    return line.lstrip().startswith(("NOTE", "Note:", "where ", "Where ", "(where"))


def _inner_label(lines: Sequence[str], k: int, text: int) -> bool:
    """Line k is an underlined label indented deeper than the lead-in's text: inside the
    quoted block, it names the product or case of the message below it."""
    return _indent(lines[k]) > text and _label_heading(lines, k)


def _label_heading(lines: Sequence[str], j: int) -> bool:
    """A sub-heading with a blank line under its underline, as above a message ("Encarta
    1997" / "----" / "" / the message); one with text right under it heads a log or a
    listing ("SMS 1.2" / "-------" / "Sleeping 1440 minutes.")."""
    return sub_heading(lines, j) and (j + 2 >= len(lines) or not lines[j + 2].strip())


def _deep_block(lines: Sequence[str], j: int, text: int) -> tuple[list[str], int]:
    """Every line from j indented deeper than the lead-in's text, up to a heading or a
    `NOTE:` / `where ...` paragraph."""
    n = len(lines)
    out: list[str] = []
    k = j
    while k < n:
        ln = lines[k]
        if ln.strip():
            if _indent(ln) <= text:
                break
            if at_heading(lines, k):
                if not _inner_label(lines, k, text):
                    break
                # "Encarta 1997" / "------------" above one of the messages: its underline
                # stays as the mark where the next message starts (see _paragraphs).
                out.append(lines[k + 1])
                k += 2
                continue
            if out and not out[-1].strip() and _is_note(ln):
                break
        out.append(ln)
        k += 1
    while out and not out[-1].strip():
        out.pop()
    return out, k


def _column0_block(lines: Sequence[str], j: int, strong: bool, plural: bool) -> _Block:
    """An unindented message: some old articles do not indent it. Only an explicit
    lead-in ("the following error message:") followed by a short paragraph that does not
    read as prose, a list or a table counts."""
    if not strong:
        return [], j, False
    if _BULLET.match(lines[j]):
        # A list of messages after "messages:", or a list of one after "message:".
        return _column0_bullets(lines, j, plural)
    # Only whether the paragraph is longer than 4 lines matters: a paragraph of thousands
    # of lead-ins is otherwise read to its end once for each of them (quadratic).
    k = _paragraph_end(lines, j, most=5)
    first = lines[j]
    if (
        k - j > 4
        or (k - j == 1 and _is_bare_label(first))
        or _LIST_MARK.match(first)
        or _PROSE_START.match(first.lstrip("("))
        or first[0].islower()
        or (lines[k - 1].rstrip().endswith(":") and not _DRIVE_END.search(lines[k - 1]))
        or any(_REFERENCE_LINE.match(ln) or "Article ID" in ln for ln in lines[j:k])
    ):
        # Prose, a list, a label or a further lead-in ("Under Windows 95:"), or a
        # related-article entry.
        return [], j, False
    return list(lines[j:k]), k, False


def _quoted_block(lines: Sequence[str], j: int, b: int) -> _Block:
    """A message in quotes at the lead-in's indentation, up to the closing quote."""
    n = len(lines)
    out: list[str] = []
    k = j
    while k < n and lines[k].strip() and not at_heading(lines, k) and _indent(lines[k]) >= b:
        out.append(lines[k])
        k += 1
        if len(out) > 1 and out[-1].rstrip().endswith(('"', '".')):
            break
    if not out[-1].rstrip().endswith(('"', '".', '",')):
        return [], j, False
    return out, k, False


def _box_block(lines: Sequence[str], j: int, b: int) -> _Block:
    """The paragraph at line j and the further paragraphs of the same message box."""
    n = len(lines)
    k = _paragraph_end(lines, j, b)
    out = list(lines[j:k])
    while _box_goes_on(lines, out, k2 := next_text_line(lines, k), b):
        out.append("")
        while k2 < n and lines[k2].strip() and _indent(lines[k2]) >= b:
            out.append(lines[k2])
            k2 += 1
        k = k2
    return out, k, False


def _box_goes_on(lines: Sequence[str], out: list[str], k: int, b: int) -> bool:
    """The paragraph at line k belongs to the box so far: after one ending in ':'
    ("Compile error:", "Would you like to:" then its options), a further bullet of a
    bulleted box, or a closing question ("Do you want to ...?")."""
    if k >= len(lines) or _indent(lines[k]) < b or at_heading(lines, k):
        return False
    last = out[-1].strip()
    nxt = lines[k].strip()
    return (
        last.endswith(":")
        or (
            _BULLET.match(last) is not None
            and _BULLET.match(nxt) is not None
            and _indent(lines[k]) == b
            and not _BULLET.match(out[0].strip())
        )
        or _is_closing_question(lines, k, b)
        or _CRASH_BOX_TEXT.match(nxt) is not None
    )


# The second paragraph of the Windows crash box, under "<program> caused a general
# protection fault in module ...".
_CRASH_BOX_TEXT = re.compile(r"This program has performed an illegal operation\b")
# "What can I do to correct this problem?" is the reader's question, not the dialog's.
_ASKER_QUESTION = re.compile(r"^(?:What|How|Why|Where|Which|When|Who)\b|\b(?:I|my|me|we|our)\b")


def _is_closing_question(lines: Sequence[str], k: int, b: int) -> bool:
    """A one-line question closing a message box: 'Do you want to refresh the Web now?'"""
    s = lines[k].strip()
    return (
        _indent(lines[k]) == b
        and s.endswith("?")
        and len(s) <= 80
        and s[0].isupper()
        and (k + 1 >= len(lines) or not lines[k + 1].strip())
        and not _PROSE_START.match(s)
        and not _ASKER_QUESTION.search(s)
    )


def _indented_block_follows(lines: Sequence[str], i: int) -> bool:
    """A blank line, then a line indented deeper than line i (for lead-ins without colon)."""
    n = len(lines)
    if i + 1 >= n or lines[i + 1].strip():
        return False
    j = next_text_line(lines, i + 2)
    if (
        j < n
        and _indent(lines[j]) <= _indent(lines[i])
        and _is_label(lines, j)
        and lines[j].rstrip().endswith(":")
    ):
        j = next_text_line(lines, j + 1)  # "Dialing from Windows 95:" then the block
    return j < n and _indent(lines[j]) > _indent(lines[i]) and not at_heading(lines, j)


# "If you are using Outlook as your data source:", "Under Windows 95:".
_CONDITION_LABEL = re.compile(
    r"(?:If|When|Whenever|In|On|Under|For|With|From|Using|While|After|Before|During|Upon|At)\b"
)
_NOT_LABEL = re.compile(
    r"\b(?:are|is|was|were|can|will|do|does|should|must|may|might|following|these|this)\b",
    re.I,
)


def _is_condition_label(line: str) -> bool:
    s = _unbulleted(line)
    return s.endswith(":") and len(s) <= 70 and _CONDITION_LABEL.match(s) is not None


_USING_LABEL = re.compile(r"(?:If|When)\s+you\s+(?:are\s+)?(?:using|use|run|running)\b")
_CONNECTIVE_LABEL = re.compile(r"(?:followed\s+by|then|and\s+then|or|and|later)\b")


def _is_bare_label(line: str) -> bool:
    """A condition label without the colon: 'In PowerPoint 4.0 for Windows', 'Using Windows 3.1'."""
    s = _unbulleted(line)
    return (
        len(s) <= 60
        and ":" not in s
        and not s.endswith((".", "!", "?", '"', ")"))
        and _CONDITION_LABEL.match(s) is not None
        and (
            (len(s.split()) <= 8 and _NOT_LABEL.search(s) is None)
            or (len(s.split()) <= 10 and _USING_LABEL.match(s) is not None)
        )
    )


def _is_label(lines: Sequence[str], j: int) -> bool:
    """A short one-line label ending in ':' such as 'Under Windows 95:' (or a bare one, or
    a `-`-underlined sub-heading: 'When you copy a module' / '-----')."""
    if _label_heading(lines, j):
        return True
    s = lines[j].strip()
    if not s.endswith(":"):
        return _is_bare_label(s) and (j == 0 or not lines[j - 1].strip())
    s = _unbulleted(s)
    if len(s) > 80 or not (s[0].isupper() or s[0].isdigit() or _CONNECTIVE_LABEL.match(s)):
        return False  # "if compiled with:" continues a sentence
    before_blank = j == 0 or not lines[j - 1].strip()
    after_blank = j + 1 >= len(lines) or not lines[j + 1].strip()
    if not (before_blank and after_blank) or ". " in s:
        return False
    if not (_CONDITION_LABEL.match(s) is not None or _NOT_LABEL.search(s) is None):
        return False
    # "When you press a key, you receive the following error message:" is a lead-in.
    return not _leadin_kind(s[:-1])


def extract_error_messages(lines: Sequence[str]) -> list[str]:
    """Each on-screen message quoted in the article body, verbatim, in order of first appearance."""
    text = "\n".join(lines)
    if text.count("\n") != len(lines) - 1 and lines:
        lines = text.split("\n")  # a caller passed strings holding newlines
    low = text.lower()
    found: list[tuple[int, int, str]] = []
    used: set[int] = set()
    shown: set[tuple[int, int]] = set()
    _blocks(lines, text, low, found, used)
    if '"' in text:
        _inline(text, low, lines, used, found, shown)
    return _distinct_messages(found, shown) if found else []


def _blocks(
    lines: Sequence[str],
    text: str,
    low: str,
    found: list[tuple[int, int, str]],
    used: set[int],
) -> None:
    """The messages quoted in blocks after lead-ins, into `found`; their lines into `used`."""
    # Walk only the lines where a lead-in may end; the line number is kept by counting
    # newlines between hits, which is far cheaper than testing every line in Python.
    line_no = 0
    last = 0
    resume = 0
    for pos in _leadin_ends(text, low):
        line_no += text.count("\n", last, pos)
        last = pos
        sandwich = _sandwich_at(low, pos)
        if line_no < resume or not (sandwich or _may_lead_in(low, pos)):
            continue
        lead = _leadin_at(lines, line_no, low.startswith(":", pos), sandwich)
        if lead is not None:
            raw, indent, kind = lead
            resume = _collect(lines, line_no, raw, indent, kind, found, used)


def _leadin_ends(text: str, low: str) -> list[int]:
    """Positions where a lead-in may end: colons at line ends, and the few lead-ins that
    lack the colon ("you may receive the following error message")."""
    ends = [m.start() for m in _COLON_EOL.finditer(text)]
    extra = [m.end() for m in _NO_COLON_LEADIN.finditer(low)] if "following " in low else []
    extra += [m.end() for m in _SANDWICH.finditer(low)]
    for m in _INDENTED_AFTER_BLANK.finditer(low):
        e = m.start()
        while low[e - 1] == " ":
            e -= 1
        if (
            low.endswith(_NO_COLON_ENDINGS, 0, e)
            and _NO_COLON_VERB.search(low, _two_lines_back(low, e), e)
        ) or _open_following(low, e):
            extra.append(e - 1 if low[e - 1] == "." else e)
    return sorted(set(ends + extra)) if extra else ends


def _two_lines_back(low: str, e: int) -> int:
    """Start of the line above the line ending at e (a lead-in wraps: "the following
    additional error" / "message")."""
    nl = low.rfind("\n", 0, e)
    return 0 if nl <= 0 else low.rfind("\n", 0, nl) + 1


def _sandwich_at(low: str, pos: int) -> bool:
    """The sentence ending at pos goes on after the indented block below it, with the
    message noun: "You receive the" / "  Netbios not present" / "error message when ..."."""
    return low.endswith(_DETERMINER_ENDS, 0, pos) and _SANDWICH_REST.match(low, pos) is not None


def _open_following(low: str, e: int) -> bool:
    """The paragraph ending at e is a sentence naming "the following error message" that
    runs on without a colon ("... the following error message when you try to print
    after canceling printing a second time", "The following errors have been seen when
    you use the connector.")."""
    if low[e - 1] in "!?:;,)" or "following" not in low[max(0, e - 200) : e]:
        return False
    para = low.rfind("\n\n", max(0, e - 200), e)
    return _OPEN_FOLLOWING.search(low, para + 1 if para != -1 else max(0, e - 200), e) is not None


def _may_lead_in(low: str, pos: int) -> bool:
    """Cheap gates on the line ending at pos and its paragraph: a message noun, or
    "following" with a seeing/showing verb, must be there."""
    if low.endswith(_NEVER_LEADIN_ENDINGS, 0, pos):
        return False
    # An or-chain of substring tests is several times faster than a regex alternation
    # or any() here.
    lo = max(0, pos - 240)
    para = low.rfind("\n\n", lo, pos)
    w = low[para if para != -1 else lo : pos]
    if low.endswith("following information", 0, pos) and "event" not in w and "essag" not in w:
        return False  # only "the event log records the following information:" may lead in
    return (
        "rror" in w or "essag" in w or "warning" in w or "event" in w or "xception" in w
        or "fault" in w or "stop" in w or "alert" in w or "prompt" in w or "msg" in w
        or "dialog" in w or "ndr" in w
        or ("entr" in w and ("system log" in w or "application log" in w))
        or ("following" in w and (
            "receiv" in w or "display" in w or "appear" in w or "see" in w or "get" in w
            or "logged" in w or "pop" in w))
    )  # fmt: skip


def _leadin_at(
    lines: Sequence[str], i: int, colon: bool, sandwich: bool = False
) -> tuple[int, int, int] | None:
    """(raw indent, text indent, kind) of the lead-in ending line i, or None; a sentence
    that the message interrupts ("You receive the" / message / "error message when ...")
    announces one message."""
    if _REFERENCE_LINE.match(lines[i]) or at_heading(lines, i) or _COMMENT_LINE.match(lines[i]):
        return None  # not a related article, a heading or a comment in a code sample
    if not colon and not _indented_block_follows(lines, i):
        return None
    clause, first = _clause(lines, i)
    kind = _Lead.ONE if sandwich else _leadin_kind(clause)
    if not kind:
        return None
    raw, indent = _text_indent(lines, first, i)
    return raw, indent, kind


def _distinct_messages(found: list[tuple[int, int, str]], shown: set[tuple[int, int]]) -> list[str]:
    """The messages in order of appearance, once each, without inline quotes that only
    name a block message; `shown` holds the places of inline quotes whose sentence says
    the user sees them."""
    found.sort(key=lambda t: (t[0], t[1]))
    blocks = [msg.lower() for _, col, msg in found if col == 0]
    seen: set[str] = set()
    out: list[str] = []
    for line, col, msg in found:
        if col and blocks and _names_a_block(msg.lower(), blocks, (line, col) in shown):
            # 'The "NETBIOS error 640" message can be caused by ...' names the message
            # quoted in full elsewhere; it is not another message.
            continue
        # "Access is Denied" = "Access is denied"; "Error getting PDC name." = "... name"
        key = _WS.sub("", msg).rstrip(".").casefold()
        if key not in seen:
            seen.add(key)
            out.append(msg)
    return out


def _separator_after(lines: Sequence[str], k: int) -> bool:
    """The next line with text is an `-or-` / `-and-` separator."""
    k = next_text_line(lines, k)
    return k < len(lines) and _SEPARATOR.match(lines[k].strip()) is not None


def _names_a_block(quote: str, blocks: list[str], shown: bool) -> bool:
    """The inline quote is a shortened name of a block message: its beginning ('NETBIOS
    error 640'), its end (the "Type Mismatch" error after "Microsoft VBScript runtime
    error '800a000d'" / "Type mismatch"), or a part of it that the sentence does not say is
    shown.  A part from the middle that the user is said to see is a message of its own:
    'you may receive an "Access denied" prompt for each subfolder' after a box saying
    "Cannot remove folder <Path>: Access Denied. Make sure ..."."""
    q = quote.rstrip(".!")
    return any(
        b.startswith(q) or b.rstrip(".!").endswith(q) or (not shown and q in b) for b in blocks
    )


def _collect(
    lines: Sequence[str],
    i: int,
    raw: int,
    text: int,
    kind: int,
    found: list[tuple[int, int, str]],
    used: set[int],
) -> int:
    """Take the block(s) after the lead-in at line i; return the index to resume at."""
    n = len(lines)
    k = i + 1
    took = False
    labelled = False  # the blocks are introduced by labels ("IIS 4.0:", "IIS 5.0:")
    strong = not kind & (_Lead.WEAK | _Lead.EVENT_ONLY)
    plural = bool(kind & _Lead.MANY)
    level = True  # a paragraph at the lead-in's own indentation may be a message
    while True:
        block, end, deep = _take_block(lines, k, raw, text, strong, plural, level)
        if block:
            msgs = _split_block(block, kind)
            if (
                not msgs
                and kind & _Lead.NEEDS_EVENT
                and not took
                and not _separator_after(lines, end)
            ):
                return i + 1  # no Event Viewer record: the block may hold lead-ins of its own
            for m in msgs:
                found.append((k, 0, m))
            used.update(range(k, end))
            took = True
            k = end
            if deep:
                # After an indented block, a paragraph at the lead-in's indentation (even
                # after "-or-") is prose again: "Visual FoxPro hangs and does not close."
                strong = level = False
        # A label ('Under Windows 95:') or a separator continues the same lead-in.
        j = next_text_line(lines, k)
        if j >= n:
            return j
        if _SEPARATOR.match(lines[j].strip()) and took:
            if _is_leadin_line(lines, next_text_line(lines, j + 1)):
                return j + 1  # "-or-", then "Product 5.0 produces this error:" of its own
            k = j + 1
            continue
        if kind & _Lead.MANY or not took or labelled:
            # An underlined sub-heading labels messages only from the first block on; after
            # unlabelled ones it is the section's next part ("Steps to Reproduce" / "---").
            label_indent = _label_block_indent(lines, j, text, not took or labelled)
            if label_indent is not None:
                k = _after_label(lines, j)
                level = True
                raw = text = label_indent
                labelled = not took or labelled
                continue
        return k


def _after_label(lines: Sequence[str], j: int) -> int:
    """The line after the label at line j (after its underline when it has one)."""
    return j + 2 if _label_heading(lines, j) else j + 1


def _is_leadin_line(lines: Sequence[str], j: int) -> bool:
    """Line j ends a one-line lead-in of its own ("Visual FoxPro 5.0 produces this error:")."""
    return (
        j < len(lines)
        and lines[j].rstrip().endswith(":")
        and _leadin_kind(lines[j].strip()[:-1]) != _Lead.NONE
    )


def _label_block_indent(
    lines: Sequence[str], j: int, text: int, sub_headings: bool = True
) -> int | None:
    """The indentation of a label at line j ('Under Windows 95:') no deeper than the
    lead-in's text, when a block follows it; None when line j is no such label (nor an
    underlined sub-heading, unless `sub_headings`)."""
    if not _is_label(lines, j) or _indent(lines[j]) > text:
        return None
    if not sub_headings and _label_heading(lines, j):
        return None
    indent = _indent(lines[j])
    nxt, _, nxt_deep = _take_block(lines, _after_label(lines, j), indent, indent)
    return indent if nxt and (nxt_deep or lines[j].strip().endswith(":")) else None


def _sentence_around(text: str, s: int, e: int) -> str:
    """The sentence holding text[s:e], within its paragraph."""
    # Searched within the 200 characters either side only: the result is bounded by them
    # anyway, and searching the whole text for each quote costs its square.  A sentence
    # ends at a full stop before a space or a line end ("... for each one.\nThe ...").
    w = max(0, s - 200)
    lo = w
    for m in _SENTENCE_END.finditer(text, w, s):
        lo = m.start()
    m = _SENTENCE_END.search(text, e, e + 202)
    return text[lo : m.start() if m else e + 200]


def _inline(
    text: str,
    low: str,
    lines: Sequence[str],
    used: set[int],
    found: list[tuple[int, int, str]],
    shown: set[tuple[int, int]],
) -> None:
    """Quoted strings that the sentence calls a message, into `found`; into `shown` the
    places of those whose sentence says the user sees them."""
    # Line numbers by bisection in a table of line starts, and each line's own tests once:
    # counting newlines from the top for every quote made a long body quadratic.
    starts: list[int] | None = None
    quotable: dict[int, bool] = {}
    for m in _QUOTED.finditer(text):
        s, e = m.start(), m.end()
        near = low[max(0, s - 60) : e + 30]
        if not ("error" in near or "messag" in near or "warning" in near or "prompt" in near):
            continue
        lo = max(0, s - 60)
        para = _BLANK_LINE.search(low, lo, s)
        while para:
            # The cue must be in the quote's own paragraph.
            lo = para.end()
            para = _BLANK_LINE.search(low, lo, s)
        mb = _INLINE_BEFORE.search(_WS.sub(" ", low[lo:s]))
        if mb and _INLINE_NOT_AFTER.match(low, e):
            continue  # 'a system error "ding" sound', 'the error message "OK" button'
        if _NOT_SEEN_BEFORE.search(low, max(lo, s - 80), s):
            continue  # 'eliminates error messages such as the "Abort, Retry, Fail?" error'
        ma = None if mb else _INLINE_AFTER.match(text, e, e + 110)
        if not (mb or ma):
            continue
        cue = mb.group(0) if mb else ma.group(0)  # type: ignore[union-attr]
        sentence = _sentence_around(text, s, e)
        said_shown = (
            _SHOWN.search(sentence) is not None
            and _PASSING.search(sentence) is None
            and _NOT_APPEARING.match(low, e, e + 60) is None
        )
        if not said_shown and (not _ERRORISH.search(cue) or cue.endswith("messages")):
            # A plain "message", a "prompt" or "X" error messages (a kind, or what the
            # user gets?): the sentence must say it is shown.
            continue
        if starts is None:
            starts = [0, *(nl.end() for nl in _NEWLINE.finditer(text))]
        li = bisect_right(starts, s) - 1
        if li in used:
            continue
        if li not in quotable:
            quotable[li] = not (_REFERENCE_LINE.match(lines[li]) or _COMMENT_LINE.match(lines[li]))
        if not quotable[li]:
            continue
        # A comma inside the closing quote is the sentence's ("the error "Access denied,"
        # even though ...").
        msg = _WS.sub(" ", m.group(1)).strip().rstrip(",")
        if not _has_words(msg) or _CODE_IN_QUOTE.search(msg):
            continue
        found.append((li, s - starts[li] + 1, msg))
        if said_shown and _SEEN.search(sentence):
            shown.add((li, s - starts[li] + 1))
