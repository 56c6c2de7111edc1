"""Browsing the index without a query: product -> version -> service pack with article
counts, and the articles of one such node, newest first.

Products by their names (the record's `product`, "Microsoft Windows NT"), not by the
archive's area codes (`winnt`, `crossnet`), which name a product to its authors only.
Versions in version order (`version_key`), a service pack under its version (`4.0 SP1`
under `4.0`), and the version counting the articles of all its service packs.

Everything here reads Whoosh columns and posting lists, not records, so the whole tree
of the full archive costs one pass over a small column plus the `versions` postings
(no record is decoded); only the articles of the node being listed are decoded. The tree
is kept in the searcher's cache (caches.py): a new searcher (after an ingest) means a
new tree.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from kbassist.kbparse.record import Article

from .store import KbIndex, unpack_record

NONE = "(none)"
"""What documents.fields_for() stores for an article with no area / product."""


@dataclass
class VersionNode:
    name: str
    """The version as the index holds it (lower case, `4.0 sp1`): what a NodeKey names."""
    count: int
    label: str
    """What the tree shows: the version, or under it just its service pack (`SP1`)."""
    versions: list[VersionNode] = field(default_factory=list)
    """The service packs of this version (of the Other node: the versions it holds)."""
    covers: frozenset[str] = frozenset()
    """The canonical versions whose articles the node lists (itself and its packs)."""


@dataclass
class ProductNode:
    name: str
    count: int
    versions: list[VersionNode] = field(default_factory=list)


@dataclass
class BrowseTree:
    products: list[ProductNode]
    total: int


@dataclass(frozen=True)
class NodeKey:
    """A node of the tree: a product, or one of its versions (a version with a service
    pack, `4.0 sp1`, is a node under `4.0`; `4.0` holds the articles of all of them)."""

    product: str
    version: str | None = None


@dataclass
class Row:
    id: str
    title: str
    product: str
    modified: str | None
    record: Article


def _decode(term: object) -> str:
    return term.decode() if isinstance(term, bytes) else str(term)


def _version_label(term: str) -> str:
    # documents.fields_for() joins a version's words with "_" and the field lower-cases.
    return term.replace("_", " ")


# `4.0 sp1`, `4.0sp6a`, `5.5 sp 2`, `4.01 service pack 1`: a version and its service pack.
_SERVICE_PACK = re.compile(r"(?P<base>\d[\w.]*?)\s*(?:sp|service\s+pack)\s?(?P<n>\d{1,2}[a-z]?)")
_NUMBER = re.compile(r"(\d+)((?:\.\d+)*)")

OTHER = "(other)"
"""The version node holding a product's versions that are no number (`beta99`, `rc1`,
`win95`, `part 1`), and, for a product of many versions, its rare ones: at the end of its
versions, not scattered among them."""
# A product with more numbered versions than this (Windows NT has 73) keeps at the top
# those with at least RARE_SHARE of its articles (and at least 2); the rest, mostly one or
# two articles each (`8.03` under Windows NT), go to the Other node, in version order.
FOLD_OVER = 12
RARE_SHARE = 0.005


def service_pack(version: str) -> tuple[str, str] | None:
    """(version, service pack as `spN`) of a version that names one, else None."""
    m = _SERVICE_PACK.fullmatch(" ".join(version.lower().split()))
    return (m.group("base"), "sp" + m.group("n")) if m else None


def canonical(version: str) -> str:
    """One spelling per version, for telling spellings of one apart: decimals lose their
    trailing zeros (4.00 = 4.0 = 4, 3.10 = 3.1, 3.50 = 3.5: decimals, see version_key),
    a trailing full stop and extra spaces go, a service pack is `spN` after its version."""
    v = " ".join(version.lower().split()).rstrip(".")
    sp = service_pack(v)
    if sp is not None:
        return f"{canonical(sp[0])} {sp[1]}"
    m = _NUMBER.match(v)
    if m is None:
        return v
    nums = [m.group(1), *m.group(2).split(".")[1:]]
    while len(nums) > 1 and not nums[-1].strip("0"):
        nums.pop()
    if len(nums) > 1:
        nums[-1] = nums[-1].rstrip("0")
    return ".".join(nums) + v[m.end() :]


def versions_named(label: str) -> list[str]:
    """The versions one `versions` term names: one, or each number of a list that was not
    split on commas (`3.5 3.51 4.0`)."""
    parts = label.split()
    if len(parts) > 1 and all(_NUMBER.fullmatch(p) for p in parts):
        return parts
    return [label]


def _numbered(canon: str) -> bool:
    return canon[:1].isdigit()


def version_key(version: str) -> tuple:
    """Sort key: versions in release order, names after numbers.

    The first number counts as a whole number and the rest as decimals, the way the
    archive's products number their releases: 3.1 < 3.11 < 3.2 < 3.5 < 3.51 < 4.0 and
    2.20 < 2.30 (decimals, not dot-separated integers, under which 2.3 < 2.20). Year
    versions are numbers too, so 4.0 < 95 < 98 < 2000: the archive names releases both
    ways and never says which is which. A letter after the number comes after it (4.0 <
    4.0a < 4.0b < 4.1); a version without a number (`nt`, `all`) comes last, by name.
    """
    v = version.strip().lower()
    m = _NUMBER.match(v)
    if m is None:
        return (1, 0, "", v)
    # Decimals compare as digit strings of one length: "1" < "11" < "2" < "51".
    decimals = "".join(d.ljust(9, "0") for d in m.group(2).split(".")[1:])
    return (0, int(m.group(1)), decimals.ljust(36, "0"), v[m.end() :].strip(), v)


def _spelling(counts: Counter[str]) -> str:
    # The spelling most articles use (4.0 over 4.00 and 4.), the shortest on a tie.
    return min(counts, key=lambda s: (-counts[s], len(s), s))


def _product_versions(
    product: str,
    total: int,
    docs: dict[str, set[int]],
    spellings: dict[str, Counter[str]],
    members: dict[NodeKey, list[int]],
) -> list[VersionNode]:
    """One product's version nodes from its versions' articles (by canonical form);
    fills `members` for each node."""
    packs: dict[str, list[str]] = defaultdict(list)
    plain: list[str] = []
    others: list[str] = []
    for canon in docs:
        sp = service_pack(canon)
        if sp is not None:
            packs[sp[0]].append(canon)
        elif _numbered(canon):
            plain.append(canon)
        else:
            others.append(canon)
    nodes: list[VersionNode] = []
    for canon in set(plain) | set(packs):
        mine = set(docs.get(canon, ()))
        children = []
        for pack in packs.get(canon, []):
            name = _spelling(spellings[pack])
            members[NodeKey(product, name)] = sorted(docs[pack])
            label = service_pack(pack)[1].upper()  # type: ignore[index]
            children.append(VersionNode(name, len(docs[pack]), label, [], frozenset({pack})))
            mine |= docs[pack]
        if canon in spellings:
            name = _spelling(spellings[canon])
        else:  # named only through its service packs: as the packs spell it
            name = service_pack(children[0].name)[0]  # type: ignore[index]
        members[NodeKey(product, name)] = sorted(mine)
        children.sort(key=lambda n: version_key(n.label[2:]))
        covers = frozenset({canon, *packs.get(canon, [])})
        nodes.append(VersionNode(name, len(mine), name, children, covers))
    nodes.sort(key=lambda n: version_key(n.name))
    folded: list[VersionNode] = []
    if len(nodes) > FOLD_OVER:
        floor = max(2, RARE_SHARE * total)
        folded = [n for n in nodes if n.count < floor]
        nodes = [n for n in nodes if n.count >= floor]
    for canon in others:
        name = _spelling(spellings[canon])
        members[NodeKey(product, name)] = sorted(docs[canon])
        folded.append(VersionNode(name, len(docs[canon]), name, [], frozenset({canon})))
    if folded:
        folded.sort(key=lambda n: version_key(n.name))
        every = set().union(*(members[NodeKey(product, n.name)] for n in folded))
        members[NodeKey(product, OTHER)] = sorted(every)
        covers = frozenset().union(*(n.covers for n in folded))
        nodes.append(VersionNode(OTHER, len(every), OTHER, folded, covers))
    return nodes


def _build(kb: KbIndex) -> tuple[BrowseTree, dict[NodeKey, list[int]]]:
    reader = kb.searcher().reader()
    product_col = reader.column_reader("product")
    live = list(reader.all_doc_ids())
    members: dict[NodeKey, list[int]] = defaultdict(list)
    for d in live:
        members[NodeKey(product_col[d] or NONE)].append(d)
    alive = set(live)
    # product -> a version's canonical form -> its articles; and how each is spelled.
    docs: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    spellings: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    if "versions" in reader.indexed_field_names():
        for term in reader.lexicon("versions"):
            named = [(v, canonical(v)) for v in versions_named(_version_label(_decode(term)))]
            for d in reader.postings("versions", term).all_ids():
                if d not in alive:
                    continue
                product = product_col[d] or NONE
                for spelled, canon in named:
                    docs[product][canon].add(d)
                    spellings[product][canon][spelled] += 1
    products = [
        ProductNode(
            key.product,
            len(ids),
            _product_versions(
                key.product, len(ids), docs[key.product], spellings[key.product], members
            ),
        )
        for key, ids in list(members.items())
        if key.version is None
    ]
    # Products with the most articles first (that is where people look), names break
    # ties; articles without a product name last.
    products.sort(key=lambda n: (n.name == NONE, -n.count, n.name))
    return BrowseTree(products, len(live)), dict(members)


def _cached(kb: KbIndex) -> tuple[BrowseTree, dict[NodeKey, list[int]]]:
    cache = kb.cache()
    if cache.browse is None:
        cache.browse = _build(kb)
    return cache.browse


def tree(kb: KbIndex) -> BrowseTree:
    """Area -> product -> version, each with its number of articles."""
    return _cached(kb)[0]


def articles(kb: KbIndex, node: NodeKey, limit: int = 500) -> list[Row]:
    """The articles of a node, newest first (by last-modified date, then id)."""
    _tree, members = _cached(kb)
    docs = members.get(node, [])
    reader = kb.searcher().reader()
    # The year column orders the node cheaply; records are decoded only for the newest
    # `limit` articles and every article sharing the boundary year (exact order within it).
    year_col = reader.column_reader("year")
    by_year = sorted(docs, key=lambda d: year_col[d] or "", reverse=True)
    if len(by_year) > limit:
        boundary = year_col[by_year[limit - 1]] or ""
        by_year = [d for d in by_year if (year_col[d] or "") >= boundary]
    rows = []
    for d in by_year:
        rec = unpack_record(reader.stored_fields(d)["record"])
        rows.append(Row(rec.id, rec.title, rec.product, rec.modified, rec))
    rows.sort(key=lambda r: (r.modified or "", r.record.number), reverse=True)
    return rows[:limit]


def field_counts(kb: KbIndex, name: str) -> list[tuple[str, int]]:
    """Every value of a sortable field (product, area, issue_type, year) with its count."""
    reader = kb.searcher().reader()
    col = reader.column_reader(name)
    counts = Counter(col[d] for d in reader.all_doc_ids())
    counts.pop("", None)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def node_versions(kb: KbIndex, node: NodeKey) -> frozenset[str] | None:
    """The canonical versions a version node lists (None: a product, or no such node)."""
    if node.version is None:
        return None
    product = next((p for p in tree(kb).products if p.name == node.product), None)
    stack = list(product.versions) if product else []
    while stack:
        v = stack.pop()
        if v.name == node.version:
            return v.covers
        stack.extend(v.versions)
    return None


def node_contains(node: NodeKey, article: Article, covers: frozenset[str] | None = None) -> bool:
    """Whether an article belongs to a node (used to narrow search hits to it). `covers`:
    the node's canonical versions (node_versions); without it a version node stands for
    its version and that version's service packs, the Other node for versions that are
    no number."""
    if (article.product or NONE) != node.product:
        return False
    if node.version is None:
        return True
    wanted = canonical(node.version)
    for p in article.prod_ver:
        for term in p.versions:
            for v in versions_named(_version_label(term.replace(" ", "_").lower())):
                canon = canonical(v)
                sp = service_pack(canon)
                if covers is not None:
                    if canon in covers:
                        return True
                elif node.version == OTHER:
                    if not _numbered(canon) and sp is None:
                        return True
                elif canon == wanted or (sp is not None and sp[0] == wanted):
                    return True
    return False
