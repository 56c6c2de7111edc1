"""On-screen error messages quoted in a KB article body.

Contract: ``extract_error_messages(lines)`` takes the sanitised article body (one string per
line, headings and their underlines included) and returns each message a user sees on screen
(dialog, console, event log, Dr. Watson), verbatim, distinct, in order of first appearance.

Rules, in the order they are applied:

1. Lead-ins. A line ending in ``:`` whose sentence announces a message is a lead-in. The
   sentence is read back over its wrapped lines, so ``The following error message may
   appear ... when you run a`` / ``program from a floppy disk:`` counts, as does ``the
   following message`` / ``appears:``. With "following", the noun phrase after it decides
   (``the following error message:``, ``one of the following errors:``, ``the following
   Dr. Watson error:``, ``the following event is logged:``, ``the following log entry:``);
   ``the following command / code / key / counters / documentation errors:`` are not
   lead-ins.  ``an error message similar to the following:`` counts; ``you receive the
   following:`` (no noun) counts only for a single, unbulleted block.  Without
   "following": ``you receive this error message:``, ``the error message is:``, ``Error
   message:``, ``a dialog box that says:``; instructions and talk about an error (``To
   avoid this error, type:``, ``ways to correct this error:``) are not lead-ins.  A few
   lead-ins have no colon (``you may receive the following error message`` then a blank
   line and an indented block): those count when the block is indented.
2. The block after a lead-in:
   - indented deeper than the lead-in's text: every following line indented deeper, up to a
     line that is not, a heading, or a ``NOTE:`` / ``where ...`` paragraph;
   - at the lead-in's own indentation inside a list item (``4. ... the following message:``
     then the message at the item's indentation): the first paragraph only, plus the next
     one when the first ends in ``:`` (``Compile error:`` then its text);
   - at column 0 after a column-0 lead-in: a paragraph wrapped in quotes, or, after a
     lead-in that names the message, a paragraph of at most four lines that does not open
     like prose, a list or a table (old articles do not indent messages).
   A short label line ending in ``:`` (``Under Windows 95:``, ``If you use Outlook:``)
   right after a lead-in, or between blocks of a plural lead-in, introduces a further block
   of the same lead-in; the label itself is not part of any message.
3. One message per block: its wrapped lines and the paragraphs of one message box joined
   with single spaces.  A block is split into several messages at ``-or-`` / ``-and-``
   separator lines, at list bullets when the block is a bulleted list (``- message``), and
   at every paragraph when the lead-in is plural (``messages:``, ``one of the following
   errors:``).
4. Event Viewer blocks (``Event ID:``, ``Source:``, ``Type:``, ``Description:`` field
   lines, or the Exchange ``Event 2127  MSExchangeMTA`` header): one message per event
   record, its Description text (or the free text under the fields when there is no
   Description label).  The other fields, ``Data:`` hex dumps and SNA Server's
   ``EXPLANATION`` / ``ACTION`` documentation are not what a user sees as the message
   (the event ID itself is an error code, see codes.py).  Dr. Watson blocks are taken like
   any other block (``Application exception occurred: App: ... Exception number: ...``).
5. Inline quotes: a quoted string in prose that the sentence calls an error or a shown
   message: ``you may receive an "access denied" error message``, ``the error message
   "X"``, ``a "Disk full" message appears``.  Quoted strings not called a message
   (commands, menu names, ``type "FS E"``), a message named in passing (``when you see the
   "Starting Windows" message, press F8``) and quotes inside code are ignored.
6. Clean-up: delimiting quote marks around a whole message (or a lone unmatched one at an
   end) are removed, bullet markers and button-only lines (``OK``, ``Yes   No``) dropped,
   placeholders (``<X>``, ``<servername>``, ``xxxxxxxx``, ``%1``) kept literally, interior
   spacing kept as written.  Blocks that look like code (statements ending in ``;``,
   braces, ``Sub Foo(``, assignments, prompts such as ``C:\\>``) or tables (columns
   separated by runs of spaces) are rejected; related-article lines (``Q123456 Title``)
   are never lead-ins.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["extract_error_messages"]

# Words that make the head of a "following X" phrase (or the object of a lead-in) a message.
_MSG_NOUNS = frozenset(  # "event" counts only here, after "following"
    {
        "error", "errors", "message", "messages", "msg", "warning", "warnings", "alert",
        "alerts", "prompt", "event", "events", "exception", "exceptions", "fault", "stop",
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

# Lead-in kinds (bit flags): one message, several, only an event named, no noun at all.
_ONE, _MANY, _EVENT_ONLY, _WEAK, _NEEDS_EVENT = 1, 2, 4, 8, 16
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
    }
)  # fmt: skip
_SENTENCE_SPLIT = re.compile(r"(?<=[a-z0-9)\"'][.!?])\s+(?=[A-Z\"(])")
_FOLLOWING = re.compile(r"\bfollowing\b")
# "the following is displayed:", "the following appears:" - no noun, a display verb.
_DISPLAY_TAIL = re.compile(
    r"^(?:\w+\s+){0,2}?(?:is|are|may\s+be|might\s+be|will\s+be|can\s+be)?\s*"
    r"(?:displayed|shown|logged|appears?|pops?\s+up)\b"
)
# "... error message similar to the following:".
_SIMILAR_FOLLOWING = re.compile(
    r"(?:error|message|warning|alert|prompt|event|exception)s?\b[^,;]{0,60}?"
    r"\b(?:similar\s+to|like|such\s+as|resembling|resembles|as)\s+"
    r"(?:(?:one|any|either|each|all|some)\s+of\s+)?(?:the\s+)?$"
)
# "you receive the following:" - a person receives or sees it; no noun, so weaker evidence.
_SEE_FOLLOWING = re.compile(
    r"\b(?:receive|receives|received|get|gets|see|sees|displays?)"
    r"(?:\s+(?:one|either|any|all|both|each)\s+of)?\s+(?:the\s+)?$"
)
_SHOW_FOLLOWING = re.compile(r"\b(?:show|shows|record|records)\s+(?:the\s+)?$")
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
    r"(?:,?\s+(?:similar\s+to|like|such\s+as)(?:\s+(?:this|the\s+one\s+below|this\s+one))?)?"
    r"(?:\s+below)?$"
)
_NOUN_VERB_LAST = re.compile(
    r"(?:\bdialog\s+box(?:\s+(?:that|which))?\s+(?:says|reads|states|appears|is"
    r"|looks\s+(?:similar\s+to|like)\s+(?:this|the\s+following))(?:\s+one)?"
    r"(?:\s+as\s+follows)?$|"
    rf"\b{_N}(?:\s+(?:that|which))?\s+"
    r"(?:(?:you|will|may|might|should|then|now|also|sometimes|usually|still|that|receive"
    r"|get|see|is|are)\s+){0,4}?"
    r"(?:is|are|was|reads?|says?|states?|appears?|is\s+displayed|are\s+displayed"
    r"|is\s+returned|is\s+generated|occurs|will\s+appear|may\s+appear|will\s+be"
    r"|may\s+be|should\s+be|looks?|changes\s+to|resembles?)"
    r"(?:\s+(?:as\s+follows|like\s+this|similar\s+to\s+this(?:\s+one)?|displayed"
    r"|generated|returned|logged|the\s+following))?$)"
)
# "you receive this error when you run Setup:" - a receive verb before the noun.
_RECEIVE_NOUN = re.compile(
    r"\b(?:receive|receives|received|get|gets|encounter|encounters|generates?|produces?"
    r"|returns?|displays?|results\s+in|see)\s+(?:the|this|these|an?|similar|one)\s+"
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
    r"|causes|caused|minimize|reduce|suppress|ignore|interpret|explain|explains|describes"
    r"|lists|not|no|never|without)\s+(?:(?:the|this|these|that|an?|such|any)\s+)?"
    rf"(?:[\w'-]+\s+){{0,2}}?{_N}\b"
    rf"|\b(?:for|of|about|on|to)\s+(?:the|this|these|that|an?|such|any)\s+(?:[\w'-]+\s+)?"
    rf"{_N}\b(?:\s+(?:is|are))?$"
)
_SUBJECT_IS = re.compile(
    r"^(?:(?:the|a|an|one|this|that|another|most|common|typical|first|second|next|last"
    r"|resulting|actual|exact|full|only|same|usual|new|complete)\s+){0,3}"
    rf"{_N}\b([^,;]{{0,80}})\s(?:is|are|was|reads|appears)(?:\s+as\s+follows)?$"
)
# "To print the entire message:" - a purpose clause introducing steps.
_PURPOSE = re.compile(r"^(?:to|in\s+order\s+to)\s+[a-z]+\b")
_PLURAL_CLAUSE = re.compile(r"\b(?:messages|errors|warnings|alerts)\b")
_PROSE_START = re.compile(
    r"(?:NOTE|Note|Change|If|For|When|To|This|These|That|The\s+following|In|Under|On|After"
    r"|Before|You|Your|It|Here|Where|Because|Also|However|There|Then|Once|Event\s+ID|[#|+])\b"
)
_QUOTED_LINE_START = re.compile(r'^\s*"')
_LIST_MARK = re.compile(r"^(?:\d{1,2}[.)]|[a-zA-Z][.)]|[-*o]|Q\.|A\.)\s+")
_BULLET = re.compile(r"^[-*]\s+")
_SEPARATOR = re.compile(r"^-*\s*\(?(?:or|and|and/or|-or-|-and-)\)?\s*-*$", re.I)
_BUTTONS = re.compile(
    r"^(?:(?:OK|Cancel|Yes|No|Retry|Abort|Ignore|Help|Close|Continue|Details\s*>*|Fail"
    r"|Debug|End|Quit|Stop)\s*)+$"
)
_EVENT_FIELD = re.compile(
    r"^(?:Event\s+ID|Event\s+Source|Event\s+Type|Event\s+Category|Event\s+Log|Source|Category"
    r"|Type|Date|Time|User|Computer|Description|ID|Log|Event|Data)\s*:\s*(.*)$",
    re.I,
)
# Source code, commands and prompts: specific syntax only, since messages themselves start
# with words like "Function", "Select" or "Set".
_CODE = re.compile(
    r"(?:;\s*$|^\s*[{}]|[{]\s*$|^\s*(?:#include|#define|#if|Option\s+Explicit"
    r"|(?:Private\s+|Public\s+)?(?:Sub|Function)\s+\w+\s*\(|End\s+(?:Sub|Function|If)\b"
    r"|Dim\s+\w+|void\s+\w|return\s*\(|if\s*\(|for\s*\(|while\s*\(|SELECT\s.+\sFROM\s"
    r"|[A-Za-z]:\\[^ ]*>|'\s)|^\s*[A-Za-z_][\w.]*(?:\(\w*\))?\s*=\s*[^\s=][^.!?]*$|^\s*>)"
)
_COLUMN_GAP = re.compile(r"\S {3,}\S")
# "Event 2127   MSExchangeMTA" or "Event 3028: <description>" heading one record.
_EVENT_HEADER = re.compile(r"^Event(?:\s+ID)?\s*:?\s*\d+\b(?:\s*:\s*(.*))?", re.I)
_HEX_DUMP = re.compile(r"^[0-9a-fA-F]{4}:\s+[0-9a-fA-F]{2,8}\b")
_EVENT_DOC_HEADING = re.compile(r"^(?:EXPLANATION|ACTION|USER\s+ACTION|CAUSE)\s*:?$")
_REFERENCE_LINE = re.compile(r"^\s*Q\d{5,6}\b")
_HEADING_RULE = re.compile(r"^\s*(?:={3,}|-{3,})\s*$")
# Inline quotes: a quoted run that does not cross a blank line.
_QUOTED = re.compile(r'"((?:[^"\n]|\n(?![ ]*\n)){0,400}?)"')
_CODE_IN_QUOTE = re.compile(r"[{}]|\);|[!=]=|&&|\|\|")
_INLINE_BEFORE = re.compile(
    r"\b(?:(?:error|warning|stop)\s+)?(?:error|message|warning)s?(?:\s+(?:text|box))?"
    r"(?:\s*,)?(?:\s+(?:similar\s+to|like|such\s+as|stating|saying|that\s+(?:says|reads|states"
    r"|said)|which\s+(?:says|reads|states)|reading|indicating|of))?"
    r"(?:\s+(?:the\s+)?following)?\s*:?\s*$"
)
_INLINE_AFTER = re.compile(
    r"[ ]*\n?[ ]*(?:(?:error|warning)(?!\s+messages)(?:\s+message)?|message)\b(?!s)", re.I
)
_INLINE_NOT_AFTER = re.compile(
    r"[ \n]*(?:sound|button|key|command|option|menu|folder|file|tab|dialog|icon|field|check"
    r"|box|column|property|method|function|statement|parameter|switch|value|keyword|section"
    r"|entry|setting|line|link|page|topic|window|screen|object|event|procedure|string)s?\b"
)
_ERRORISH = re.compile(r"error|warning|fail", re.I)
# A plain "message" (no "error") counts only when the sentence says it is shown to the user;
# "when you see the "Starting Windows" message, press F8" is a mention in passing.
_SHOWN = re.compile(
    r"\b(?:receive|receives|received|get|gets|appears?|displays?|displayed|generates?"
    r"|generated|returns?|returned|produces?|pops?\s+up|occurs?|logged|reports?)\b",
    re.I,
)
_PASSING = re.compile(r"\b(?:when|until|after|once)\s+(?:you\s+)?(?:see|get|receive)\b", re.I)
_WS = re.compile(r"\s+")
_LETTERS = re.compile(r"[A-Za-z]")
_BLANK_LINE = re.compile(r"\n[ ]*\n")
_COLON_EOL = re.compile(r":[ ]*$", re.M)
_NO_COLON_LEADIN = re.compile(r"following(?:[ ]+error)?[ ]+(?:message|error)s?(?=[ ]*$)", re.M)
# Colon-line endings that never introduce a message (the commonest colon lines in the
# archive); checked with one str.endswith before any regex work.
_NEVER_LEADIN_ENDINGS = (
    "knowledge base", "these steps", "the spaces)", "web site", "following steps", "or later",
    "wide web", "download center", "following code", "following command", "following methods",
    "registry key", "press enter", "are covered", "do this", "following key", "following line",
    "base article", "are true", "for example", "this problem", "the registry", "ini file",
    "go to", "following articles", "following article", "article number below",
    "information", "following files", "following file", "following subkey", "following folder",
)  # fmt: skip


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_heading(lines: Sequence[str], i: int) -> bool:
    """A line underlined by ====/---- (or the underline itself)."""
    if _HEADING_RULE.match(lines[i]):
        return True
    return i + 1 < len(lines) and bool(_HEADING_RULE.match(lines[i + 1])) and bool(lines[i].strip())


def _leadin_kind(clause: str) -> int:
    """0: not a lead-in; else _ONE or _MANY, plus _EVENT_ONLY when only an event is named."""
    low = clause.lower()
    last = None
    for last in _FOLLOWING.finditer(low):  # noqa: B007 - the last "following" decides
        pass
    if last is not None:
        return _following_kind(clause, low, last.start(), last.end())
    return _plain_kind(low)


def _following_kind(clause: str, low: str, start: int, end: int) -> int:
    """Lead-ins built on 'following': the noun phrase after it decides."""
    before, tail = low[:start], low[end:]
    plural = _SEVERAL_OF.search(before) is not None
    head: list[str] = []
    # Walk the noun phrase: known modifiers and capitalised names ("the following Visual
    # Basic error") may precede the message noun; any other word ends the phrase, so
    # "the following command prints the message" is about a command.
    for w in _HEAD_WORD.findall(clause[end:]):
        lw = w.lower()
        if lw in _MSG_NOUNS:
            head.append(lw)  # "error", then maybe "message(s)": the last one is the noun
            continue
        if head and head[-1] in _MSG_NOUNS:
            break
        if lw in _PHRASE_STOP or not (
            lw in _MODIFIERS
            or w[0].isupper()
            or w[0].isdigit()
            or "error" in lw
            or lw.endswith("-time")
        ):
            head.append(lw)
            break
        head.append(lw)
        if len(head) == 5:
            break
    if head and head[-1] not in _PHRASE_STOP:
        noun = head[-1]
        if noun in ("entry", "entries") and ("log" in head or "event" in head):
            pass
        elif (
            noun not in _MSG_NOUNS
            or _NON_SCREEN_HEAD.intersection(head)
            or (noun in ("error", "errors") and _FIXES_FOLLOWING.search(before))
            or _NOT_SHOWN_TAIL.search(tail)
        ):
            return 0
        if noun in ("entry", "entries") and ("log" in head or "event" in head):
            noun = "message"  # "the following log entry:" / "event log entries:"
        kind = _MANY if noun in _PLURAL_NOUNS or plural else _ONE
        if noun in ("event", "events") and not _NOT_EVENT.search(" ".join(head)):
            kind |= _EVENT_ONLY
        return kind
    # "the following:" / "the following is displayed:" - decided by the verb, or by a
    # message noun in front of "similar to".
    if _FIXES_FOLLOWING.search(before):
        return 0
    kind = _MANY if plural or _PLURAL_CLAUSE.search(before) else _ONE
    if _SIMILAR_FOLLOWING.search(before):
        return kind
    if _SEE_FOLLOWING.search(before) or _DISPLAY_TAIL.match(tail.strip()):
        if _INSTRUCTION.search(before[-40:]) and not _NOT_EVENT.search(before):
            return 0
        return kind | _WEAK
    if _SHOW_FOLLOWING.search(before):
        # "Event Viewer shows the following:" - only an Event Viewer record will do; a
        # window "shows the following" status or field values too.
        return kind | _WEAK | _NEEDS_EVENT
    return 0


def _plain_kind(low: str) -> int:
    """Lead-ins without 'following': 'you receive this error message:', 'the error is:'."""
    low = _LEADING_LABEL.sub("", low).strip()
    if _LABEL_ONLY.match(low):
        return _MANY if low.rstrip().endswith("s") else _ONE
    m2 = _NOUN_LAST.search(low) or _NOUN_VERB_LAST.search(low)
    if m2 is None:
        m2 = _RECEIVE_NOUN.search(low)
        if m2 is None or _INSTRUCTION.search(low, m2.end()):
            # "One common error message caused by a damaged file is:" - the message noun
            # is the subject of a closing "is".
            m2 = _SUBJECT_IS.search(low)
            if m2 is None or _INSTRUCTION.search(low, m2.end(1)):
                return 0
    if _INSTRUCTION_START.match(low) or _NOT_ANNOUNCING.search(low) or _PURPOSE.match(low):
        return 0
    return _MANY if _PLURAL_CLAUSE.search(low) else _ONE


def _clause(lines: Sequence[str], i: int) -> tuple[str, int]:
    """The sentence ending at the colon of line i (colon removed) and its paragraph's first line."""
    first = i
    while first > 0 and i - first < 5:
        prev = lines[first - 1]
        if not prev.strip() or _HEADING_RULE.match(prev) or prev.rstrip().endswith(":"):
            break
        if _indent(prev) > _indent(lines[first]) + 1 and first == i:
            break
        first -= 1
    if _REFERENCE_LINE.match(lines[first]):
        return "", first
    text = " ".join(lines[k].strip() for k in range(first, i + 1))
    text = _SENTENCE_SPLIT.split(text)[-1].rstrip()
    return (text[:-1] if text.endswith(":") else text), first


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


def _event_field(line: str) -> tuple[str, str] | None:
    """(key, value) of an Event Viewer field line, the 'Event 2127  Source' header included."""
    m = _EVENT_FIELD.match(line)
    if m:
        key = line.split(":", 1)[0].strip().lower()
        return ("event id" if key == "id" else key), m.group(1)
    m = _EVENT_HEADER.match(line)
    if m:
        # The text after "Event 3028:" is the description of that record.
        return ("event id", "") if m.group(1) is None else ("event+description", m.group(1))
    return None


def _event_messages(paras: list[list[str]]) -> list[str]:
    """Description texts of an Event Viewer block, one per event record."""
    out: list[str] = []
    keys: set[str] = set()
    desc: list[str] = []
    free: list[str] = []

    def flush() -> None:
        text = " ".join(desc or free).strip()
        if text:
            out.append(text)

    skipping = False  # inside EXPLANATION/ACTION documentation or a Data: hex dump
    for para in paras:
        for ln in para:
            s = ln.strip()
            if _EVENT_DOC_HEADING.match(s):
                # SNA Server's "EXPLANATION" / "ACTION" text documents the event; it is
                # not part of what the log shows.
                flush()
                keys, desc, free, skipping = set(), [], [], True
                continue
            field = _event_field(s)
            if field is None:
                if skipping or _HEX_DUMP.match(s):
                    continue
                if "description" in keys:
                    desc.append(s)
                elif keys:
                    free.append(s)
                continue
            key, value = field
            if key in keys or (skipping and key != "data"):
                # A repeated field (or one after the documentation) starts the next record.
                flush()
                keys, desc, free = set(), [], []
            skipping = key == "data"
            if key == "event+description":
                key = "description"
                keys.add("event id")
            keys.add(key)
            if key == "description":
                desc = [value] if value else []
    flush()
    return out


def _is_event_block(paras: list[list[str]]) -> bool:
    n = 0
    for para in paras:
        for ln in para:
            s = ln.strip()
            if _EVENT_HEADER.match(s):
                return True
            if _EVENT_FIELD.match(s):
                n += 1
                if n >= 2:
                    return True
    return False


def _looks_like_code(para: list[str]) -> bool:
    hits = sum(1 for ln in para if _CODE.search(ln))
    return hits > 0 and hits * 2 >= len(para)


def _looks_like_table(group: list[str]) -> bool:
    hits = sum(1 for ln in group if _COLUMN_GAP.search(ln.strip()))
    return hits * 2 >= len(group) and hits > 0


def _split_block(block: list[str], kind: int) -> list[str]:
    """Messages of one quoted block (lines as in the article, blank lines kept)."""
    first_line = next(ln for ln in block if ln.strip())
    # Bullets split messages only when the block itself is a bulleted list; bullets inside a
    # message box ("including: - Core components") belong to that message.
    bullets = bool(_BULLET.match(first_line.lstrip()))
    bullet_indent = _indent(first_line)
    paras: list[list[str]] = []  # [] marks a forced split
    cur: list[str] = []
    for ln in block:
        s = ln.strip()
        if (
            not s
            or _SEPARATOR.match(s)
            or (bullets and _indent(ln) == bullet_indent and _BULLET.match(s))
        ):
            if cur:
                paras.append(cur)
                cur = []
            if s:
                paras.append([])
                if not _SEPARATOR.match(s):
                    cur.append(ln)
            continue
        cur.append(ln)
    if cur:
        paras.append(cur)
    if _is_event_block(paras):
        return _event_messages([p for p in paras if p])
    if kind & _NEEDS_EVENT:
        return []
    plural = bool(kind & _MANY) and not bullets
    if kind & (_EVENT_ONLY | _WEAK) and (kind & _MANY or bullets):
        # "the following events are logged:" or "you receive one of the following:" then a
        # list names kinds of events or outcomes, not texts on screen.
        return []
    groups: list[list[str]] = []
    joined: list[str] = []
    for p in paras:
        if not p or (plural and joined and not joined[-1].rstrip().endswith(":")):
            if joined:
                groups.append(joined)
            joined = []
        elif len(joined) == 1 and _is_condition_label(joined[0]):
            # "- When an OLE object is selected:" names the situation, not the text shown.
            joined = []
        joined.extend(p)
    if joined:
        groups.append(joined)
    out: list[str] = []
    for g in groups:
        if _looks_like_code(g) or _looks_like_table(g):
            continue
        parts = [ln.strip() for ln in g if not _BUTTONS.match(ln.strip())]
        if bullets and parts:
            parts[0] = _BULLET.sub("", parts[0], count=1)
        msg = _strip_quotes(" ".join(p for p in parts if p))
        if _has_words(msg):
            out.append(msg)
    return out


def _take_block(
    lines: Sequence[str], start: int, raw: int, text: int, strong: bool = False
) -> tuple[list[str], int, bool]:
    """The block after a lead-in: (lines, index after it, is_deep)."""
    n = len(lines)
    j = start
    while j < n and not lines[j].strip():
        j += 1
    if j >= n or _is_heading(lines, j):
        return [], j, False
    b = _indent(lines[j])
    if b > text:
        out: list[str] = []
        k = j
        while k < n:
            ln = lines[k]
            if ln.strip():
                if _indent(ln) <= text or _is_heading(lines, k):
                    break
                s = ln.strip()
                if (
                    out
                    and not out[-1].strip()
                    and (s.startswith(("NOTE", "Note:", "where ", "Where ", "(where")))
                ):
                    break
            out.append(ln)
            k += 1
        while out and not out[-1].strip():
            out.pop()
        return out, k, True
    if b < raw:
        return [], j, False
    # Same indentation as the lead-in: the first paragraph (two when it ends in a colon).
    if b == 0 and not _QUOTED_LINE_START.match(lines[j]):
        # Some old articles do not indent the message. Only an explicit lead-in ("the
        # following error message:") followed by a short paragraph that does not read as
        # prose, a list or a table counts.
        if not strong:
            return [], j, False
        k = j
        while k < n and lines[k].strip() and not _is_heading(lines, k):
            k += 1
        first = lines[j]
        if k - j > 4 or _LIST_MARK.match(first) or _PROSE_START.match(first):
            return [], j, False
        return list(lines[j:k]), k, False
    out = []
    k = j
    quoted = lines[j].lstrip().startswith('"')
    while k < n and lines[k].strip() and not _is_heading(lines, k):
        if _indent(lines[k]) < b:
            break
        out.append(lines[k])
        k += 1
        if quoted and len(out) > 1 and out[-1].rstrip().endswith(('"', '".')):
            break
    if out and out[-1].rstrip().endswith(":") and not quoted:
        k2 = k
        while k2 < n and not lines[k2].strip():
            k2 += 1
        if k2 < n and _indent(lines[k2]) >= b and not _is_heading(lines, k2):
            out.append("")
            while k2 < n and lines[k2].strip() and _indent(lines[k2]) >= b:
                out.append(lines[k2])
                k2 += 1
            k = k2
    if quoted and not out[-1].rstrip().endswith(('"', '".', '",')):
        return [], j, False
    return out, k, False


def _indented_block_follows(lines: Sequence[str], i: int) -> bool:
    """A blank line, then a line indented deeper than line i (for lead-ins without colon)."""
    n = len(lines)
    if i + 1 >= n or lines[i + 1].strip():
        return False
    j = i + 2
    while j < n and not lines[j].strip():
        j += 1
    return j < n and _indent(lines[j]) > _indent(lines[i]) and not _is_heading(lines, j)


# "If you are using Outlook as your data source:", "Under Windows 95:".
_CONDITION_LABEL = re.compile(
    r"(?:If|When|Whenever|In|On|Under|For|With|From|Using|While|After|Before|During|Upon|At)\b"
)
_NOT_LABEL = re.compile(
    r"\b(?:are|is|was|were|can|will|do|does|should|must|may|might|following|these|this)\b",
    re.I,
)


def _is_condition_label(line: str) -> bool:
    s = _BULLET.sub("", line.strip(), count=1)
    return s.endswith(":") and len(s) <= 70 and _CONDITION_LABEL.match(s) is not None


def _is_label(lines: Sequence[str], j: int) -> bool:
    """A short one-line label ending in ':' such as 'Under Windows 95:'."""
    s = lines[j].strip()
    if not s.endswith(":") or len(s) > 60:
        return False
    before_blank = j == 0 or not lines[j - 1].strip()
    after_blank = j + 1 >= len(lines) or not lines[j + 1].strip()
    if not (before_blank and after_blank) or ". " in s:
        return False
    return _CONDITION_LABEL.match(s) is not None or _NOT_LABEL.search(s) is None


def extract_error_messages(lines: Sequence[str]) -> list[str]:
    """Each on-screen message quoted in the article body, verbatim, in order of first appearance."""
    text = "\n".join(lines)
    if text.count("\n") != len(lines) - 1 and lines:
        lines = text.split("\n")  # a caller passed strings holding newlines
    low = text.lower()
    found: list[tuple[int, int, str]] = []
    used: set[int] = set()
    # Walk only the lines that end in a colon; the line number is kept by counting newlines
    # between hits, which is far cheaper than testing every line in Python.
    line_no = 0
    last = 0
    resume = 0
    ends = [m.start() for m in _COLON_EOL.finditer(text)]
    if "following " in low:
        # A few lead-ins lack the colon: "you may receive the following error message".
        extra = [m.end() for m in _NO_COLON_LEADIN.finditer(low)]
        if extra:
            ends = sorted(ends + extra)
    for pos in ends:
        line_no += text.count("\n", last, pos)
        last = pos
        i = line_no
        if i < resume:
            continue
        if low.endswith(_NEVER_LEADIN_ENDINGS, 0, pos):
            continue
        # Cheap gate on the lead-in's paragraph (an or-chain of substring tests is several
        # times faster than a regex alternation or any() here): a message noun, or
        # "following" with a seeing/showing verb, must be there.
        lo = max(0, pos - 240)
        para = low.rfind("\n\n", lo, pos)
        w = low[para if para != -1 else lo : pos]
        if not (
            "rror" in w or "essag" in w or "warning" in w or "event" in w or "xception" in w
            or "fault" in w or "stop" in w or "alert" in w or "prompt" in w or "msg" in w
            or "dialog" in w
            or ("following" in w and (
                "receiv" in w or "display" in w or "appear" in w or "see" in w or "get" in w
                or "logged" in w or "pop" in w))
        ):  # fmt: skip
            continue
        if _REFERENCE_LINE.match(lines[i]) or _is_heading(lines, i):
            continue
        if not low.startswith(":", pos) and not _indented_block_follows(lines, i):
            continue
        clause, first = _clause(lines, i)
        kind = _leadin_kind(clause)
        if not kind:
            continue
        raw, indent = _text_indent(lines, first, i)
        resume = _collect(lines, i, raw, indent, kind, found, used)
    if '"' in text:
        _inline(text, low, lines, used, found)
    if not found:
        return []
    found.sort(key=lambda t: (t[0], t[1]))
    seen: set[str] = set()
    out: list[str] = []
    for _, _, msg in found:
        if msg not in seen:
            seen.add(msg)
            out.append(msg)
    return out


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
    while True:
        block, end, _deep = _take_block(lines, k, raw, text, not kind & (_WEAK | _EVENT_ONLY))
        if block:
            for m in _split_block(block, kind):
                found.append((k, 0, m))
            used.update(range(k, end))
            took = True
            k = end
        # A label ('Under Windows 95:') or a separator continues the same lead-in.
        j = k
        while j < n and not lines[j].strip():
            j += 1
        if j >= n:
            return j
        s = lines[j].strip()
        if _SEPARATOR.match(s) and took:
            k = j + 1
            continue
        if _is_label(lines, j) and _indent(lines[j]) <= text and (kind & _MANY or not took):
            lab_raw = _indent(lines[j])
            nxt, _, _ = _take_block(lines, j + 1, lab_raw, lab_raw)
            if nxt:
                k = j + 1
                raw = text = lab_raw
                continue
        return k


def _sentence_around(text: str, s: int, e: int) -> str:
    """The sentence holding text[s:e], within its paragraph."""
    lo = max(text.rfind(". ", 0, s), text.rfind("\n\n", 0, s), s - 200)
    hi_candidates = [x for x in (text.find(". ", e), text.find("\n\n", e)) if x != -1]
    hi = min([*hi_candidates, e + 200])
    return text[lo:hi]


def _inline(
    text: str,
    low: str,
    lines: Sequence[str],
    used: set[int],
    found: list[tuple[int, int, str]],
) -> None:
    """Quoted strings that the sentence calls a message."""
    for m in _QUOTED.finditer(text):
        s, e = m.start(), m.end()
        near = low[max(0, s - 60) : e + 30]
        if not ("error" in near or "messag" in near or "warning" in near):
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
        ma = None if mb else _INLINE_AFTER.match(text, e, e + 40)
        if not (mb or ma):
            continue
        cue = mb.group(0) if mb else ma.group(0)  # type: ignore[union-attr]
        if not _ERRORISH.search(cue):
            sentence = _sentence_around(text, s, e)
            if not _SHOWN.search(sentence) or _PASSING.search(sentence):
                continue
        li = text.count("\n", 0, s)
        if li in used or _REFERENCE_LINE.match(lines[li]):
            continue
        msg = _WS.sub(" ", m.group(1)).strip()
        if not _has_words(msg) or _CODE_IN_QUOTE.search(msg):
            continue
        found.append((li, s - text.rfind("\n", 0, s), msg))
