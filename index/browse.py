"""Browsing the index without a query: area -> product -> version with article counts,
and the articles of one such node, newest first.

Everything here reads Whoosh columns and posting lists, not records, so the whole tree
of the full archive costs one pass over three small columns plus the `versions` postings
(no record is decoded); only the articles of the node being listed are decoded. The tree
is kept in the searcher's cache (caches.py): a new searcher (after an ingest) means a
new tree.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from kbassist.kbparse.record import Article

from .store import KbIndex, unpack_record

NONE = "(none)"
"""What documents.fields_for() stores for an article with no area / product."""


@dataclass
class VersionNode:
    name: str
    count: int


@dataclass
class ProductNode:
    name: str
    count: int
    versions: list[VersionNode] = field(default_factory=list)


@dataclass
class AreaNode:
    name: str
    count: int
    products: list[ProductNode] = field(default_factory=list)


@dataclass
class BrowseTree:
    areas: list[AreaNode]
    total: int


@dataclass(frozen=True)
class NodeKey:
    """A node of the tree: an area, a product within it, or a version of that product."""

    area: str
    product: str | None = None
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


def _build(kb: KbIndex) -> tuple[BrowseTree, dict[NodeKey, list[int]]]:
    reader = kb.searcher().reader()
    area_col = reader.column_reader("area")
    product_col = reader.column_reader("product")
    live = list(reader.all_doc_ids())
    members: dict[NodeKey, list[int]] = defaultdict(list)
    for d in live:
        area, product = area_col[d] or NONE, product_col[d] or NONE
        members[NodeKey(area)].append(d)
        members[NodeKey(area, product)].append(d)
    alive = set(live)
    if "versions" in reader.indexed_field_names():
        for term in reader.lexicon("versions"):
            version = _version_label(_decode(term))
            for d in reader.postings("versions", term).all_ids():
                if d in alive:
                    members[NodeKey(area_col[d] or NONE, product_col[d] or NONE, version)].append(d)
    products: dict[str, list[ProductNode]] = defaultdict(list)
    versions: dict[tuple[str, str], list[VersionNode]] = defaultdict(list)
    areas: list[AreaNode] = []
    for key, docs in members.items():
        if key.version is not None:
            versions[(key.area, key.product or NONE)].append(VersionNode(key.version, len(docs)))
        elif key.product is not None:
            products[key.area].append(ProductNode(key.product, len(docs)))
        else:
            areas.append(AreaNode(key.area, len(docs)))
    # Most articles first at every level: that is where people look; names break ties.
    order = {"key": lambda n: (-n.count, n.name)}
    for area in areas:
        area.products = sorted(products[area.name], **order)
        for p in area.products:
            p.versions = sorted(versions[(area.name, p.name)], **order)
    return BrowseTree(sorted(areas, **order), len(live)), dict(members)


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


def node_contains(node: NodeKey, article: Article) -> bool:
    """Whether an article belongs to a node (used to narrow search hits to it)."""
    if (article.area or NONE) != node.area:
        return False
    if node.product is not None and (article.product or NONE) != node.product:
        return False
    if node.version is None:
        return True
    wanted = node.version.lower()
    return any(
        _version_label(v.replace(" ", "_").lower()) == wanted
        for p in article.prod_ver
        for v in p.versions
    )
