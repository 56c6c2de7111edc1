"""error_messages at the parse level: corpus-wide counts and F1 on a hand-checked sample.

    python benchmarks/messages.py [ARCHIVE_OR_FOLDER] [--sample FILE] [--show WHAT]

ARCHIVE_OR_FOLDER defaults to ../shared/corpus/mskb-txt.tar.xz (or $KBASSIST_CORPUS); a
folder of extracted `NNN/QNNNNNN.TXT` files is read the same way. Every TXT article is
parsed once (no index, no ingest) and three things are printed:

- announced, none: articles whose symptoms (the SYMPTOMS sections, else the text before
  the first heading) announce a message - a receive/see/display verb and a message noun
  in one sentence ending in a colon at a line end, "you receive the following error
  message:" and kin (ANNOUNCE below) - and how many of them have no `error_messages`.
  Not every such article has a message to give (a list of situations, a code sample),
  but each one is worth a look.
- long: messages longer than 300 characters, and the articles holding them (a sign of a
  block that ran on into prose), and how many of them are event records (kept whole, with
  their fields and Data dumps, they are long by nature; EVENT_RECORD below).
- F1 over the hand-checked sample (benchmarks/messages_sample.jsonl: ids and the expected
  messages, judged by reviewers who never saw the extractor): micro precision, recall
  and F1 over messages. Exact: equal after white space is collapsed. Lenient: also
  case-insensitive and blind to a trailing full stop and to surrounding quote marks.

--show missing|long|diff lists the articles behind a figure (diff: the sample's
disagreements, expected vs extracted).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kbassist.kbparse import ParseError, parse_bytes
from kbassist.kbparse.record import Article

from common import corpus_archive

SAMPLE = Path(__file__).resolve().parent / "messages_sample.jsonl"
LONG = 300
_VERB = (
    r"(?:receive|receives|received|get|gets|getting|see|sees|appears?|displays?|displayed"
    r"|generates?|generated|returns?|returned|occurs?|reports?|logged|produces?|encounters?)"
)
# A sentence with a receive/see/display verb and a message noun, ending in ':' at a line end.
ANNOUNCE = re.compile(
    rf"\b{_VERB}\b[^.:]{{0,100}}?\b(?:messages?|errors?)\b[^.:]{{0,80}}?:[ ]*(?:\n|$)", re.I
)
_WS = re.compile(r"\s+")
# A message that is an Event Viewer record: it starts with a field or an "Event 5721" header.
EVENT_RECORD = re.compile(
    r"(?:[A-Z][\w.-]*\s+)?(?:Event\s*ID\b|Event\s+(?:Type|Source|Category)\s*:|Source\s*[:=]"
    r"|Event\s*:?\s*\d)",
    re.I,
)


def members(path: Path) -> Iterator[tuple[str, bytes]]:
    """(name, bytes) of every TXT article in the archive or folder, streamed."""
    if path.is_dir():
        for p in sorted(path.rglob("*.TXT")):
            yield str(p.relative_to(path)), p.read_bytes()
        return
    with tarfile.open(path) as tar:
        for m in tar:
            if m.isfile() and m.name.upper().endswith(".TXT"):
                f = tar.extractfile(m)
                assert f is not None
                yield m.name, f.read()


def symptoms_text(rec: Article) -> str:
    """The SYMPTOMS sections' text, or the preamble of an article without one."""
    texts = [s.text for s in rec.sections if s.kind == "symptoms"]
    return "\n\n".join(texts) if texts else rec.preamble


@dataclass
class Counts:
    articles: int = 0
    parse_errors: int = 0
    with_messages: int = 0
    messages: int = 0
    announced: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    long: list[tuple[str, str]] = field(default_factory=list)

    def add(self, rec: Article) -> None:
        self.articles += 1
        self.messages += len(rec.error_messages)
        self.with_messages += bool(rec.error_messages)
        if ANNOUNCE.search(symptoms_text(rec)):
            self.announced.append(rec.id)
            if not rec.error_messages:
                self.missing.append(rec.id)
        self.long += [(rec.id, m) for m in rec.error_messages if len(m) > LONG]


def exact_key(msg: str) -> str:
    return _WS.sub(" ", msg).strip()


def lenient_key(msg: str) -> str:
    return exact_key(msg).strip("\"'").rstrip(".").strip("\"' ").casefold()


def score(pairs: list[tuple[list[str], list[str]]], key) -> tuple[float, float, float]:
    """Micro (precision, recall, F1) over messages, each side's messages distinct by key."""
    tp = n_exp = n_got = 0
    for expected, got in pairs:
        e = {key(m) for m in expected}
        g = {key(m) for m in got}
        tp += len(e & g)
        n_exp += len(e)
        n_got += len(g)
    p = tp / n_got if n_got else 1.0
    r = tp / n_exp if n_exp else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def read_sample(path: Path) -> dict[str, list[str]]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            out[row["id"]] = row["expected"]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("corpus", nargs="?", type=Path, default=None)
    ap.add_argument("--sample", type=Path, default=SAMPLE)
    ap.add_argument("--show", choices=("missing", "long", "diff"), action="append", default=[])
    args = ap.parse_args()
    path = args.corpus or corpus_archive()
    if not path.exists():
        sys.exit(f"corpus not found: {path}")
    sample = read_sample(args.sample) if args.sample.exists() else {}
    counts = Counts()
    got: dict[str, list[str]] = {}
    for name, data in members(path):
        try:
            rec = parse_bytes(data, name)
        except ParseError:
            counts.parse_errors += 1
            continue
        counts.add(rec)
        if rec.id in sample:
            got[rec.id] = rec.error_messages
    report(counts, sample, got, args.show)


def report(c: Counts, sample: dict[str, list[str]], got: dict[str, list[str]], show) -> None:
    print(f"articles          : {c.articles:,} (parse errors {c.parse_errors})")
    print(f"with messages     : {c.with_messages:,} ({c.messages:,} messages)")
    print(f"announced         : {len(c.announced):,}")
    print(f"announced, none   : {len(c.missing):,}")
    arts = len({i for i, _ in c.long})
    events = sum(1 for _, m in c.long if EVENT_RECORD.match(m))
    print(f"messages > {LONG}   : {len(c.long):,} in {arts:,} articles ({events:,} event records)")
    if "missing" in show:
        print("  " + " ".join(c.missing))
    if "long" in show:
        for i, m in c.long:
            print(f"  {i} [{len(m)}] {m[:160]}...")
    if not sample:
        print("sample            : none")
        return
    lost = sorted(set(sample) - set(got))
    pairs = [(sample[i], got.get(i, [])) for i in sample]
    for name, key in (("exact", exact_key), ("lenient", lenient_key)):
        p, r, f = score(pairs, key)
        print(f"sample F1 {name:<8}: {f:.3f}  (P {p:.3f}  R {r:.3f}; {len(sample)} articles)")
    if lost:
        print(f"  not in the corpus: {' '.join(lost)}")
    if "diff" in show:
        show_diff(sample, got)


def show_diff(sample: dict[str, list[str]], got: dict[str, list[str]]) -> None:
    for i, expected in sample.items():
        e = {exact_key(m) for m in expected}
        g = {exact_key(m) for m in got.get(i, [])}
        if e == g:
            continue
        print(f"== {i}")
        for m in expected:
            if exact_key(m) not in g:
                print(f"  - {exact_key(m)}")
        for m in got.get(i, []):
            if exact_key(m) not in e:
                print(f"  + {exact_key(m)}")


if __name__ == "__main__":
    main()
