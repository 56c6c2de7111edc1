"""Every string kbassist shows to people (command line and console), in one place."""

from __future__ import annotations

PARSE_SUMMARY = "{ok:,} article(s) parsed, {failed:,} failed in {seconds:.1f} s"
PROGRESS_PARSE = "parsing"
PROGRESS_INGEST = "ingesting"
PROGRESS_EXPORT = "exporting"
PROGRESS_FAILED = "{failed:,} failed"
PROGRESS_RATE = "{rate:,.0f}/s"
PARSE_ERROR = "error: {error}"
NO_INPUTS = "error: no articles found under {paths}"
INDEX_UNUSABLE = "error: {error}"
SEARCH_NOTHING = "nothing to search for: give TEXT, pipe a paste in, or use --batch"
SEARCH_FACETS_JSONL = (
    "--facets goes with --format table or json: jsonl has one result a line, no room for counts"
)
NOT_IN_INDEX = "error: {id} is not in the index at {index}"
INGEST_SUMMARY = (
    "{added:,} added, {updated:,} updated, {unchanged:,} unchanged, {superseded:,} superseded, "
    "{failed:,} failed in {seconds:.1f} s; the index at {index} holds {total:,} articles"
)
INGEST_REPORT = "failures listed in {path}"
INGEST_SEMANTIC_FAILED = (
    "warning: the semantic model was not updated ({error}); the articles are in and search "
    "works without it; the next ingest tries again"
)
PROGRESS_EMBED = "embedding articles (sentence encoder)"
# The summary's line about the sentence encoder (index/encoder.py), by its state and
# what the vectors needed (IngestReport.encoder_state, .vectors).
INGEST_ENCODER_EMBEDDED = (
    "sentence encoder: in use ({model}), {embedded:,} articles embedded in {took}"
)
INGEST_ENCODER_RESUMED = "; {resumed:,} more were embedded by a stopped ingest and kept"
INGEST_ENCODER_UNCHANGED = "sentence encoder: in use ({model}), every article has its vector"
INGEST_ENCODER_NO_ARTICLES = "sentence encoder: in use ({model}), no articles to embed"
INGEST_ENCODER_FAILED = (
    "warning: sentence encoder: in use ({model}), but the articles' vectors were not brought "
    "up to date ({error}); the articles are in and search works without them; the next "
    "ingest goes on from the parts finished"
)
INGEST_ENCODER_OFF = "sentence encoder: switched off (KBASSIST_ENCODER=off)"
INGEST_ENCODER_NOT_INSTALLED = "sentence encoder: not installed ({hint})"
INGEST_ENCODER_UNUSABLE = "sentence encoder: cannot be used ({why})"
DURATION_MINUTES = "{minutes}m{seconds:02d}s"
DURATION_SECONDS = "{seconds:.1f}s"

# -- the console (tui/app.py, tui/screens/, tui/widgets/) ------------------------------
CONSOLE_NO_TERMINAL = (
    "kbassist: the console needs a terminal (stdin and stdout are not one here); "
    "the sub-commands below work anywhere."
)
CONSOLE_TUI_NO_TERMINAL = (
    "error: the console needs a terminal; run it in one, or use `kbassist serve` for a browser"
)
CONSOLE_FIRST_RUN_INGESTED = (
    "first run: ingested {added:,} article(s) from the bundled sample {source} "
    "into {index} ({total:,} in all)"
)
CONSOLE_FIRST_RUN_READY = "the index at {index} holds {total:,} articles"
CONSOLE_FIRST_RUN_PROBLEM = "the index cannot be used: {problem}"
CONSOLE_FIRST_RUN_BUSY = (
    "another ingest is writing to {index} now; the sample is not added. Run kbassist again "
    "when it has finished."
)
CONSOLE_NO_SAMPLE = "the bundled sample (data/Q253729.TXT) was not found; nothing ingested"
CONSOLE_TITLE = "kbassist"
CONSOLE_PASTE_TITLE = "Paste the error message"
CONSOLE_PASTE_PLACEHOLDER = (
    "Paste an error message, a dialog, an event-log entry or a ticket; results follow as you type"
)
CONSOLE_PREVIEW_EMPTY = "The highlighted article is shown here."
CONSOLE_HINT = "Paste an error message above: the articles that fix it are listed here."
CONSOLE_NO_RESULTS = "No results."
CONSOLE_DID_YOU_MEAN = "Did you mean: "
CONSOLE_DROP_FILTERS = "Search again without filters"
CONSOLE_RESULTS = "{n} result(s)"
CONSOLE_RESULTS_FILTERED = "{n} result(s) with filters (Ctrl+R drops them)"
# How a hit matched the paste (index/match.py), as the console and the table say it.
MATCH_LABELS = {
    "quote": "quotes your message",
    "code": "same code",
    "words": "same words",
    "meaning": "similar meaning",
    "weak": "few words in common",
}
SEARCH_WEAK = (
    "Nothing matches well: no article quotes this text or shares its code. Try the exact "
    "message line from the screen, the error or stop code alone, or fewer, plainer words."
)
CONSOLE_BY_MEANING = " · by words and meaning (sentence encoder)"
CONSOLE_ENCODER_IN_USE = "Descriptions in your own words are matched by meaning too: {status}."
CONSOLE_ENCODER_ABSENT = "Descriptions are matched by their words only: {status}."
CONSOLE_SEARCH_FAILED = "The search failed: {error}"
CONSOLE_FILTER_PRODUCT = "Product"
CONSOLE_FILTER_AREA = "Area"
CONSOLE_FILTER_SINCE = "From year"
CONSOLE_FILTER_UNTIL = "To year"
CONSOLE_FILTER_ISSUE = "Issue type"
CONSOLE_NO_VALUE = "(none)"
# What a filter choice's count counts: before a search, and after one (the articles that
# share a word with the paste, not the results listed).
CONSOLE_FILTER_IN_INDEX = "{n:,} in index"
CONSOLE_FILTER_IN_MATCHES = "{n:,} share a word"
CONSOLE_APPLIES_TO = "Applies to"
CONSOLE_ERROR_MESSAGES = "Error messages"
CONSOLE_PREAMBLE = "Introduction"
CONSOLE_OPENING = "Article"
CONSOLE_FILES = "Hotfix files"
CONSOLE_FILE_COLUMNS = ("Name", "Version", "Size", "Date", "Platform")
CONSOLE_REFERENCES = "References (Enter opens)"
CONSOLE_NOT_IN_INDEX = "(not in the index)"
CONSOLE_ARTICLE_MISSING = "{id} is not in the index."
CONSOLE_HISTORY = "Back: {trail}"
CONSOLE_COPIED_TOOL = "Copied the fix of {id} ({fmt}) to the clipboard (also through {tool})."
CONSOLE_COPIED_SAVED = (
    "Copied the fix of {id} ({fmt}) to the clipboard; if your terminal did not take it, "
    "it is also saved in {path}"
)
CONSOLE_NOTHING_TO_COPY = "No article to copy: highlight or open one first."
CONSOLE_NOTHING_TO_EXPORT = "Nothing to export yet."
CONSOLE_BROWSE_ROOT = "All articles ({total:,})"
CONSOLE_BROWSE_LOADING = "Reading the index..."
CONSOLE_BROWSE_PICK = "Choose a product or version on the left."
CONSOLE_BROWSE_NARROW = "Narrow within {node}"
CONSOLE_BROWSE_COUNT = "{node}: {n:,} article(s), newest first"
CONSOLE_BROWSE_COUNT_CUT = "{node}: the newest {shown:,} of {n:,} article(s)"
CONSOLE_BROWSE_NARROWED = "{node}: {n} match(es) for the text"
CONSOLE_BROWSE_OTHER = "Other versions"
CONSOLE_EMPTY_MISSING = "There is no index at {path} yet."
CONSOLE_EMPTY_EMPTY = "The index at {path} holds no articles yet."
CONSOLE_EMPTY_OFFER = (
    "Ingest articles to start: type a path (a file, a folder, or a .zip/.tar archive) or "
    "pick one in the tree, or take the bundled sample article."
)
CONSOLE_EMPTY_PATH = "Path to ingest"
CONSOLE_EMPTY_INGEST = "Ingest"
CONSOLE_EMPTY_SAMPLE = "Ingest the bundled sample"
CONSOLE_EMPTY_NO_SAMPLE = "(the bundled sample was not found)"
CONSOLE_INGESTING = "Ingesting {source} ..."
CONSOLE_INGEST_DONE = (
    "{added:,} added, {updated:,} updated, {unchanged:,} unchanged, {failed:,} failed; "
    "the index holds {total:,} articles"
)
CONSOLE_INGEST_NOTHING = "Nothing was ingested from {source}: {reason}"
CONSOLE_INGEST_FAILED = "The ingest failed: {error}"
CONSOLE_INGEST_NO_PATH = "{path} does not exist."
CONSOLE_PROBLEM_TITLE = "The index cannot be opened"
CONSOLE_PROBLEM_OFFER = (
    "Rebuild moves the old folder aside (to {aside}, nothing is deleted) and starts a new, "
    "empty index at {path}, then offers to ingest."
)
CONSOLE_PROBLEM_REBUILD = "Rebuild the index"
CONSOLE_PROBLEM_QUIT = "Quit"
CONSOLE_REBUILT = "The old index was moved to {aside}."
CONSOLE_REBUILD_FAILED = "Could not rebuild the index: {error}"
CONSOLE_HELP_TITLE = "kbassist console: keys"
CONSOLE_HELP_INTRO = (
    "Paste an error message: results follow as you type (Enter in the paste box adds a "
    "line). Down at the end of the paste, or Tab, moves to the results; 1-9 or the arrows "
    "pick one, Enter opens it. Enter on a reference follows it, Backspace or Escape goes "
    "back. The mouse works everywhere."
)
CONSOLE_GOTO_TITLE = "Go to article"
CONSOLE_GOTO_PLACEHOLDER = "Q number, e.g. Q253729"
CONSOLE_GOTO_BAD = "{text} is not a Q number."
CONSOLE_EXPORT_TITLE = "Export {what}"
CONSOLE_EXPORT_RESULTS = "the result list ({n} article(s))"
CONSOLE_EXPORT_ARTICLE = "the article {id}"
CONSOLE_EXPORT_FORMAT = "Format"
CONSOLE_EXPORT_PATH = "File"
CONSOLE_EXPORT_FORCE = "Overwrite an existing file"
CONSOLE_EXPORT_GO = "Export"
CONSOLE_EXPORT_CANCEL = "Cancel"
CONSOLE_EXPORT_DONE = "Exported {n:,} article(s) to {path}"
CONSOLE_EXPORT_FAILED = "Export failed: {error}"
CONSOLE_EXPORT_UNAVAILABLE = "Export is not available in this build: {error}"
CONSOLE_EXPORT_NO_PATH = "Choose a file to write."
EXPORT_SUMMARY = "{count:,} article(s) exported as {fmt} to {dest} in {seconds:.1f} s"
EXPORT_ERROR = "error: {error}"
EXPORT_BAD_FORMAT = "error: unknown format {fmt!r}; choose one of: {choices}"
EXPORT_OPTION_FORMAT = "error: {option} goes with --format {formats} only"
EXPORT_MAPPING_ALONE = (
    "error: --mapping prints the OpenSearch index mapping only; it takes no QUERY, filters or --ids"
)
EXPORT_SINCE_UNTIL = "error: --since {since} is after --until {until}: nothing could match"
EXPORT_NOT_A_FILE = (
    "error: {path} names a folder, and only markdown and html export one file per article; "
    "give a file name"
)
EXPORT_IDS_UNREADABLE = "error: cannot read the ids file {path}: {reason}"
EXPORT_BAD_ID = "error: {path}:{line}: {text!r} is not an article id (Q253729 or 253729)"
EXPORT_WRITE_FAILED = "error: cannot write {dest}: {reason}"
CONSOLE_PREVIEW_CUT = "… {n} more line(s): Enter opens the whole article"
CONSOLE_EXPORT_EXCEL = "CSV made for a spreadsheet (Excel)"
CONSOLE_HELP_EVERYWHERE = "Everywhere"
CONSOLE_HELP_MAIN = "Search screen"
CONSOLE_HELP_ARTICLE = "Article"
CONSOLE_HELP_BROWSE = "Browse by product"
CONSOLE_HELP_EXTRA: dict[str, list[tuple[str, str]]] = {
    CONSOLE_HELP_EVERYWHERE: [
        ("Ctrl+P", "Command palette (Go to article, Export, Browse, Theme)"),
        ("Ctrl+Q", "Quit"),
        ("Tab, Shift+Tab", "Next / previous part of the screen"),
    ],
    CONSOLE_HELP_MAIN: [
        ("Enter", "In the result list: open the highlighted article"),
        ("Up", "On the first result: back to the paste box"),
        ("Tab", "Paste box, results, preview, then the filters"),
    ],
    CONSOLE_HELP_ARTICLE: [("Enter", "Open the highlighted reference")],
    CONSOLE_HELP_BROWSE: [("Enter", "List a node")],
}
# The command palette's own commands: (title, help)
CONSOLE_CMD_GOTO = ("Go to article Q…", "Open an article by its Q number")
CONSOLE_CMD_EXPORT = ("Export results…", "Write the list (or the open article) to a file")
CONSOLE_CMD_BROWSE = ("Browse products", "Product, version, service pack, with counts")
CONSOLE_CMD_THEME = ("Toggle theme", "Dark or light")
CONSOLE_CMD_HELP = ("Help", "Every key")
# The palette's Q-number command (tui/commands.py): what was typed is an article id.
CONSOLE_CMD_OPEN = "Open {id}: {title}"
CONSOLE_CMD_OPEN_MISSING = "Open {id} (not in this index)"
CONSOLE_CMD_OPEN_HELP = "Open the article by its Q number, as Ctrl+G does"

# The main screen's status line while the index warms up (app.warm), and after.
CONSOLE_LOADING = "Loading the index… paste away: the first search runs as soon as it is ready"
CONSOLE_SEARCHING_WHILE_LOADING = "Searching… (the index is still loading; a moment)"
CONSOLE_READY = "Ready: {n:,} articles in the index"
# References in the article view (tui/widgets/article_view.py).
CONSOLE_REF_NOT_IN_INDEX = (
    "{id} is not in this index: the article refers to it, but it was not ingested."
)
# The export dialog refuses to overwrite: it names its own checkbox, not --force.
CONSOLE_EXPORT_EXISTS = (
    "{path} already exists: tick “{force}” to replace it, or choose another file."
)
# The copied fix's closing line: what a ticket needs to find the article again.
FIX_SOURCE = "Source: Microsoft Knowledge Base article {id}{modified} (kbassist show {id})"
FIX_SOURCE_MODIFIED = ", last modified {date}"

# kbassist check
CHECK_FINDING = "{state}: {kind}: {detail}"
CHECK_HEALTHY = "{path}: healthy, {articles:,} article(s)"
CHECK_DAMAGED = "error: the index is damaged; {advice}"
CHECK_REPAIR_HINT = "to mend it: kbassist check --repair --index {path}"

# kbassist ingest --rebuild
INGEST_REBUILD_MOVED = (
    "moved the old index aside: {path} -> {aside} (delete it when the new one is good)"
)
INGEST_REBUILD_FAILED = "error: cannot move {path} aside: {reason}"

# kbassist serve (tui/serve_guard.py): the start URL carries the per-launch token
CONSOLE_SERVE_URL = "serving the kbassist console at {url} (Ctrl+C stops it)"
CONSOLE_SERVE_URL_WILDCARD = (
    "from another machine, open the same URL with this machine's name or address "
    "in place of {shown}"
)
CONSOLE_SERVE_NETWORK = (
    "warning: --host {host} makes the console, and every article in {index}, reachable "
    "from the network by anyone who can reach this machine; only the token in the URL "
    "guards it, and it travels unencrypted (plain http): do that only on a trusted network"
)
CONSOLE_SERVE_BAD_TOKEN = (
    "the token must be at least {n} characters of A-Z a-z 0-9 . _ ~ - "
    "(it travels in a URL and a cookie)"
)
CONSOLE_SERVE_REFUSED_HOST = (
    "403 refused: Host {host} is not a name this server answers to; open the URL "
    "kbassist serve printed when it started"
)
CONSOLE_SERVE_REFUSED_ORIGIN = (
    "403 refused: a page from {origin} may not use this console; open the URL kbassist "
    "serve printed when it started"
)
CONSOLE_SERVE_REFUSED_NO_ORIGIN = (
    "403 refused: a WebSocket or form without an Origin header; open the console in a "
    "browser from the URL kbassist serve printed when it started"
)
CONSOLE_SERVE_REFUSED_TOKEN = (
    "403 refused: the token is missing or wrong; open the URL kbassist serve printed when "
    "it started (http://HOST:PORT/?token=...), or restart it with --token TEXT "
    "(or KBASSIST_SERVE_TOKEN) and open http://HOST:PORT/?token=TEXT"
)

# any command whose output cannot be written (a full disk)
OUTPUT_FAILED = "error: cannot write {where}: {reason}"

# search --batch
BATCH_BAD_LINE = "error: {where}:{line}: {why}; line skipped"
BATCH_NOT_UTF8 = "warning: {where}:{line}: not valid UTF-8; the bad bytes are searched as U+FFFD"
BATCH_UNREADABLE = "error: cannot read {path}: {reason}"
INGEST_FAILED = (
    "error: the ingest failed: {reason}. Nothing is lost: run the same ingest again once "
    "the cause is fixed (its leftovers are cleaned then)."
)

# search: a paste longer than index.search.MAX_QUERY_CHARS
QUERY_CUT = "warning: the paste is {n:,} characters; only the first {limit:,} are searched"
QUERY_CUT_AT = (
    "warning: {where}: the query is {n:,} characters; only the first {limit:,} are searched"
)
INDEX_DAMAGED_READING = (
    "error: the index is damaged: a file of it cannot be read ({error}). See what is "
    "wrong with: kbassist check --index DIR; rebuild it with: kbassist ingest PATH... "
    "--index DIR --rebuild (the old folder is moved aside, not deleted)"
)

# kbassist web (tui/web/): the command, its API's errors and its pages
WEB_URL = "serving kbassist web at {url} (Ctrl+C stops it)"
WEB_URL_WILDCARD = (
    "from another machine, open the same URL with this machine's name or address in place "
    "of {shown}; API clients send the token as `Authorization: Bearer TOKEN`"
)
WEB_NETWORK = (
    "warning: --host {host} makes every article in {index} reachable from the network by "
    "anyone who can reach this machine and holds the token; it travels unencrypted (plain "
    "http): do that only on a trusted network, or keep the default 127.0.0.1 behind a "
    "reverse proxy that authenticates and speaks https (see README: kbassist web)"
)
WEB_BAD_CORS_ORIGIN = (
    "{origin!r} is not an origin: give scheme, host and optional port, e.g. "
    "https://tickets.example.com"
)
WEB_NO_INDEX = "error: {error}"
WEB_ERRORS = {
    "not_found": "no such address: {path}",
    "article_not_found": "{id} is not in the index",
    "bad_id": "{id!r} is not an article id (Q and 1-8 digits, e.g. Q253729)",
    "method_not_allowed": "{method} is not allowed here; use {allowed}",
    "unknown_parameter": "unknown parameter {name!r}; this address takes: {known}",
    "repeated_parameter": "parameter {name!r} is given more than once",
    "bad_parameter": "parameter {name!r}: {why}",
    "empty_query": "nothing to search for: give the text in {field}",
    "query_too_long": (
        "the query is {n:,} characters; at most {limit:,} are searched: paste the error "
        "lines, not the whole log"
    ),
    "not_utf8": "the request is not valid UTF-8 text",
    "bad_json": "the body is not a JSON object: {why}",
    "too_large": "the request is larger than {limit:,} bytes",
    "busy": "too many requests are waiting; try again in a moment",
    "timeout": "the request took longer than {seconds:g} s and was given up",
    "worker_lost": (
        "the search process stopped during this request and has been restarted; try again"
    ),
    "refused_host": "Host {host} is not a name this server answers to",
    "refused_origin": "a page from {origin} may not call this server",
    "refused_token": (
        "the token is missing or wrong: open the URL kbassist web printed when it started, "
        "or send `Authorization: Bearer TOKEN`"
    ),
    "internal": "the server failed on this request ({kind}); it is logged",
}
WEB_PARAM_INT = "must be a whole number from {lo} to {hi}"
WEB_PARAM_BOOL = "must be true or false"
WEB_PARAM_TEXT = "must be text of at most {n} characters"
WEB_PARAM_CHOICE = "must be one of: {choices}"
WEB_PARAM_SINCE_UNTIL = "since ({since}) is after until ({until})"
WEB_PARAM_ONLY_WITH = "goes only with format {formats}"
WEB_PARAM_IDS = "must be at most {n} article ids (Q253729) separated by commas; not an id: {bad!r}"
WEB_TITLE = "kbassist"
WEB_PASTE_LABEL = "Paste the error message, dialog, event-log entry or ticket"
WEB_SEARCH_BUTTON = "Search"
WEB_NO_RESULTS = "No matching articles."
WEB_RESULTS = "{n} result(s) in {ms:.0f} ms"
WEB_PREVIEW = "The first result"
WEB_DOWNLOAD = "Download these results as"
WEB_DOWNLOAD_BUTTON = "Download"
WEB_BROWSE = "Browse by product"
WEB_BROWSE_ALL = "All areas"
WEB_BROWSE_ARTICLES = "{n:,} article(s), newest first"
WEB_BROWSE_MORE = "Showing the newest {shown:,} of {n:,}; download them all:"
WEB_ARTICLE_NOT_FOUND = "{id} is not in this index."
WEB_HELP = (
    "Results follow as you type (or press Search). Each result says how it matched: "
    "quotes your message, same code, same words, similar meaning, or few words in common."
)
