"""What a support person pastes, reduced to what matters for the search.

A paste is a dialog (window title, message, buttons), an event-log entry, a log line with
a timestamp, a wrapped line, or a whole ticket (greeting, names, what was tried, the
message somewhere in the middle, a signature). `clean()` returns the message-like text
and the rest separately, so the ranker can weigh them differently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_BUTTONS = re.compile(
    r"^\s*(?:\[?&?(?:ok|cancel|yes|no|retry|ignore|abort|help|close|continue|debug|"
    r"details\s*>>|<<\s*details|details|send error report|don'?t send|apply|finish|next\s*>|"
    r"<\s*back|end now|end task|wait|close program|send|don't send|more info)\]?\s*)+$",
    re.IGNORECASE,
)
_TIMESTAMP = re.compile(
    r"^\s*\[?(?:\d{4}-\d\d-\d\d|\d{1,2}/\d{1,2}/\d{2,4}|[A-Z][a-z]{2}\s+\d{1,2})"
    r"[ T,]*(?:\d{1,2}:\d\d(?::\d\d)?(?:[.,]\d+)?\s*(?:[AaPp][Mm])?)?\]?\s*[-:|]?\s*"
)
_LOG_FIELD = re.compile(
    r"^\s*(?:event\s+type|event\s+source|source|event\s+category|category|type|date|time|"
    r"user|computer|level|task\s+category|keywords|log\s+name)\s*:\s*.*$",
    re.IGNORECASE,
)
_LOG_VALUE = re.compile(r"^\s*(?:description|message|details)\s*:\s*", re.IGNORECASE)
_EVENT_ID = re.compile(r"event\s*id\s*:\s*\d+", re.IGNORECASE)
_DESCRIPTION = re.compile(r"\bdescription\s*:\s*", re.IGNORECASE)
# An event record on one line, as kbparse gives it ("Source: MSExchangeSA Event ID: 1028
# Description: ..."): it starts with a field.
_RECORD_START = re.compile(
    r"\s*(?:event\s*id|event\s+(?:type|source|category)|source|type|category|date|time"
    r"|user|computer)\s*:",
    re.IGNORECASE,
)
_GREETING = re.compile(
    r"^\s*(?:hi|hello|hey|dear|good\s+(?:morning|afternoon|evening)|greetings)\b.*$",
    re.IGNORECASE,
)
_SIGNOFF = re.compile(
    r"^\s*(?:thanks|thank\s+you|thx|regards|best\s+regards|kind\s+regards|cheers|br|"
    r"sincerely|--)\b.*$",
    re.IGNORECASE,
)
_TICKET = re.compile(
    r"^\s*(?:problem\s+)?(?:ticket|incident|case|request)\s*#?\s*\d+", re.IGNORECASE
)
# Words that announce a quoted message inside a ticket: what follows is what they saw.
_SAYS = re.compile(
    r"(?:i\s+get|i\s+got|getting|it\s+says|says|said|message|error|shows|displays|"
    r"pops?\s+up|receive|see)\s*:?\s*$",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"[\"“']([^\"”']{12,})[\"”']")
# A person describing what happens speaks in the first person; a screen does not
# (`I/O`, `My Computer` are screen words).
_FIRST_PERSON = re.compile(
    r"\b[Ii]\b(?![/.\-])|\b(?:my|me|we|our|i'm|i've)\b|\b(?:My|Our|We)\s+[a-z]"
)


@dataclass
class Paste:
    message: str
    """The lines that look like what was on screen, wraps joined."""
    context: str
    """Everything else kept (ticket prose, window titles)."""
    lines: list[str] = field(default_factory=list)
    described: bool = False
    """The paste describes the problem in a person's words rather than quoting a screen."""

    @property
    def text(self) -> str:
        return f"{self.message}\n{self.context}".strip()


def clean(text: str) -> Paste:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    kept: list[tuple[str, bool]] = []  # (line, message-like)
    signed_off = False
    ticketish = len([x for x in lines if x.strip()]) > 3 and any(
        _GREETING.match(x) or _SIGNOFF.match(x) or _TICKET.match(x) for x in lines
    )
    announce = False
    for raw in lines:
        line = raw
        if not line.strip():
            announce = False
            continue
        if signed_off:
            continue  # names and signatures after a sign-off
        if _SIGNOFF.match(line) and ticketish:
            signed_off = True
            continue
        if _BUTTONS.match(line) or (_GREETING.match(line) and ticketish):
            continue
        if _LOG_FIELD.match(line) or (_RECORD_START.match(line) and _DESCRIPTION.search(line)):
            # "Source: X Event ID: 1028 Description: text" on one line: the code and the text.
            kept += [(x, True) for x in _record_parts(line)]
            continue
        line = _TIMESTAMP.sub("", line, count=1) if _TIMESTAMP.match(line) else line
        line = _LOG_VALUE.sub("", line, count=1)
        if not line.strip():
            continue
        if ticketish:
            indented = raw[:1] in (" ", "\t", ">")
            quoted = _QUOTED.search(line)
            if indented or announce:
                kept.append((line.strip().lstrip("> ").strip("\"'"), True))
            elif quoted:
                kept.append((quoted.group(1), True))
                kept.append((line, False))
            else:
                kept.append((line, False))
            announce = bool(_SAYS.search(line))
        else:
            kept.append((line.strip(), True))
    message = " ".join(x for x, m in kept if m)
    context = " ".join(x for x, m in kept if not m)
    if not message:
        message, context = context, ""
    return Paste(
        message=" ".join(message.split()),
        context=" ".join(context.split()),
        lines=[x for x, _ in kept],
        described=ticketish or bool(_FIRST_PERSON.search(text)),
    )


def _record_parts(line: str) -> list[str]:
    """What a paste keeps of an event-log field line: its `Event ID: N` and the text after
    a `Description:` on the same line."""
    code = _EVENT_ID.search(line)
    desc = _DESCRIPTION.search(line)
    parts = [code.group(0)] if code and (desc is None or code.start() < desc.start()) else []
    if desc and line[desc.end() :].strip():
        parts.append(line[desc.end() :].strip())
    return parts


def as_pasted(message: str) -> str:
    """An article's message as `clean()` reads the same text pasted: an event record
    (kbparse gives the whole record, fields included, on one line) reduced to its
    `Event ID: N` and Description, as the paste of that record is; any other message
    unchanged.  The message features then compare like with like."""
    if not _RECORD_START.match(message):
        return message
    desc = _DESCRIPTION.search(message)
    if desc is None:
        return message
    return " ".join(_record_parts(message))


def headline(message: str) -> str:
    """An article's message as a result row shows it: an event record by its Description
    first (what the person saw and pasted), then its `Event ID: N`; the record's other
    fields (Source, Type, Category...) crowd out the words a row has room for."""
    if not _RECORD_START.match(message):
        return message
    parts = _record_parts(message)
    if not parts or _EVENT_ID.fullmatch(parts[-1]):
        return message  # no Description text to lead with
    return f"{parts[1]} ({parts[0]})" if len(parts) == 2 else parts[0]
