"""The footer: query words, the labelled `Keywords :` block, the disclaimer."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .headings import EQ_RULE

_KEYWORDS_LINE = re.compile(r"^Keywords\s*:")
_WORDS_LABEL = re.compile(
    r"^(Additional query words|Additional reference words|KBCategory|KBSubcategory)\s*:(.*)$",
    re.IGNORECASE,
)
_FIELD = re.compile(
    r"^(Keywords|Technology|Version|Hardware|Issue type|Solution Type|Component|Platform)"
    r"\s*:(.*)$",
    re.IGNORECASE,
)
_DISCLAIMER = re.compile(r"^\s*THE INFORMATION PROVIDED IN THE MICROSOFT KNOWLEDGE BASE")


@dataclass
class Footer:
    query_words: list[str] = field(default_factory=list)
    reference_words: list[str] = field(default_factory=list)
    kb_category: list[str] = field(default_factory=list)
    kb_subcategory: list[str] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)
    """Labelled lines, keys lower-cased (`issue type`), values as written, stripped."""
    disclaimer: str = ""
    found: bool = False


def find_start(lines: list[str]) -> int:
    """Index of the first footer line; len(lines) when the article has no footer."""
    n = len(lines)
    rule = None
    for i in range(n - 1, 0, -1):
        if _KEYWORDS_LINE.match(lines[i]) and EQ_RULE.match(lines[i - 1]):
            rule = i - 1
            break
    if rule is None:
        for i in range(n - 1, -1, -1):
            if _DISCLAIMER.match(lines[i]):
                rule = i
                break
    if rule is None:
        # No labelled block and no disclaimer: trailing query-word lines still form one.
        rule = n
    # Walk up over rules, blanks and the word lines that sit just above the block.
    start = rule
    j = rule - 1
    while j >= 0:
        line = lines[j]
        if not line.strip() or EQ_RULE.match(line):
            j -= 1
            continue
        if _WORDS_LABEL.match(line):
            start = j
            j -= 1
            continue
        # A word line wrapped onto following lines (`Additional reference words:` in
        # Q122337, `KBSubcategory:` in Q138856): up to two lines below their label.
        k = j - 1
        while k >= 0 and k >= j - 2 and lines[k].strip() and not _WORDS_LABEL.match(lines[k]):
            if EQ_RULE.match(lines[k]):
                break
            k -= 1
        if k >= 0 and k >= j - 2 and _WORDS_LABEL.match(lines[k]):
            start = k
            j = k - 1
            continue
        break
    # Blank and rule lines between the body and the footer belong to neither; start at
    # the first footer line proper.
    return start


def parse(lines: list[str]) -> Footer:
    """Read the footer lines (from find_start on)."""
    foot = Footer(found=bool(lines))
    last_words: list[str] | None = None
    last_field: str | None = None
    # Each field's lines, joined once at the end: joining as each continuation line
    # came made a footer of many lines quadratic (1 MB of them: 1.9 s).
    pieces: dict[str, list[str]] = {}
    for k, line in enumerate(lines):
        if _DISCLAIMER.match(line):
            rest = [x.rstrip() for x in lines[k:] if not EQ_RULE.match(x)]
            while rest and not rest[-1]:
                rest.pop()
            foot.disclaimer = "\n".join(rest)
            break
        if not line.strip() or EQ_RULE.match(line):
            last_words = None
            last_field = None
            continue
        if m := _WORDS_LABEL.match(line):
            label = m.group(1).lower()
            target = {
                "additional query words": foot.query_words,
                "additional reference words": foot.reference_words,
                "kbcategory": foot.kb_category,
                "kbsubcategory": foot.kb_subcategory,
            }[label]
            target.extend(m.group(2).split())
            last_words = target
            last_field = None
            continue
        if m := _FIELD.match(line):
            last_field = m.group(1).lower()
            pieces[last_field] = [m.group(2).strip()]
            last_words = None
            continue
        # A continuation of the line above (long query words, a wrapped field).
        if last_words is not None:
            last_words.extend(line.split())
        elif last_field is not None:
            pieces[last_field].append(line.strip())
        else:
            pieces.setdefault("unlabelled", []).append(line.strip())
    foot.fields.update({name: " ".join(p for p in parts if p) for name, parts in pieces.items()})
    return foot
