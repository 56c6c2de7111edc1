"""Short labels of a record for list rows (console and `search --format table`).

No textual or rich here: the command line's table uses them without loading either.
"""

from __future__ import annotations

import re

from kbassist.kbparse.record import Article

from .safe import plain

# `4.0 SP1`, `4.0 sp4`, `5.5 Service Pack 2`: a service pack of a version.
_SERVICE_PACK = re.compile(r"^(?P<base>.+?)\s*(?:sp|service\s+pack)\s*(?P<n>[0-9]+[a-z]?)$", re.I)
VERSIONS_SHOWN = 4


def _packs(numbers: list[str]) -> str:
    """`SP1–SP4` for a run of consecutive numbers, else `SP1, SP3`."""
    if len(numbers) > 1 and all(n.isdigit() for n in numbers):
        ints = sorted(int(n) for n in numbers)
        if ints == list(range(ints[0], ints[-1] + 1)):
            return f"SP{ints[0]}–SP{ints[-1]}"
    return ", ".join(f"SP{n}" for n in numbers)


def versions_label(article: Article, shown: int = VERSIONS_SHOWN) -> str:
    """The versions the article's PROD/VER names, each once, in the order written, with
    service packs folded into their version (`2000, 4.0 (SP1–SP4)`); more than `shown`
    end in `…`. Empty when the header names no version.

    Why: rows of one product (`Microsoft Windows NT`) otherwise look alike whether the
    article is about NT 3.1 or Windows 2000; the version is what tells them apart.
    """
    bases: dict[str, tuple[str, bool, list[str]]] = {}
    for pv in article.prod_ver:
        for raw in pv.versions:
            v = " ".join(plain(raw).split())
            if not v:
                continue
            m = _SERVICE_PACK.match(v)
            base, pack = (m["base"], m["n"].upper()) if m else (v, None)
            name, bare, packs = bases.get(base.casefold(), (base, False, []))
            if pack is None:
                bare = True
            elif pack not in packs:
                packs.append(pack)
            bases[base.casefold()] = (name, bare, packs)
    parts = []
    for name, bare, packs in bases.values():
        if not packs:
            parts.append(name)
        elif bare:
            parts.append(f"{name} ({_packs(packs)})")
        else:
            parts.append(f"{name} {_packs(packs)}")
    if len(parts) > shown:
        parts = [*parts[:shown], "…"]
    return ", ".join(parts)


def product_line(article: Article) -> str:
    """`Microsoft Windows NT 2000, 4.0`: the product with its versions, on one line."""
    product = " ".join(plain(article.product).split())
    versions = versions_label(article)
    return f"{product} {versions}" if versions else product
