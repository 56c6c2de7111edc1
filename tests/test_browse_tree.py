"""Browse: products by name, versions in version order, service packs under their version,
on an invented index (index/browse.py) and on screen (tui/screens/browse.py)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.widgets import Tree

from kbassist.index.browse import (
    OTHER,
    NodeKey,
    articles,
    canonical,
    node_contains,
    service_pack,
    tree,
    version_key,
    versions_named,
)
from kbassist.index.store import KbIndex
from kbassist.tui.app import make_app
from kbassist.tui.screens.browse import BrowseScreen

from kbfixtures import BROWSE_LONG_TITLE as LONG_TITLE
from kbfixtures import BROWSE_SERVER as SERVER
from kbfixtures import BROWSE_TOOLS as TOOLS
from kbfixtures import READING_PRODUCT, build_reading_index


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KbIndex:
    index = build_reading_index(tmp_path_factory.mktemp("browse"))
    yield index
    index.close()


def test_version_order_is_release_order() -> None:
    ordered = ["3.1", "3.11", "3.2", "3.5", "3.51", "4", "4.0", "4.0a", "4.0b", "4.1", "95", "2000"]
    assert sorted(reversed(ordered), key=version_key) == ordered
    # Decimals, not dot-separated integers: 2.20 comes before 2.3 (the archive's 2.20 and
    # 2.30 are one release apart); names come after every number.
    assert sorted(["2.3", "2.20", "nt", "all", "10.0"], key=version_key) == [
        "2.20",
        "2.3",
        "10.0",
        "all",
        "nt",
    ]


def test_service_packs_are_read_off_their_version() -> None:
    assert service_pack("4.0 sp1") == ("4.0", "sp1")
    assert service_pack("4.0 SP6a") == ("4.0", "sp6a")
    assert service_pack("5.5sp2") == ("5.5", "sp2")
    assert service_pack("sp1") is None and service_pack("4.0") is None
    assert service_pack("4.0 spanish") is None


def test_products_by_name_versions_in_order_service_packs_under_their_version(
    kb: KbIndex,
) -> None:
    t = tree(kb)
    assert [(p.name, p.count) for p in t.products] == [
        (SERVER, 14),  # both area codes' articles under one name
        (TOOLS, 2),
        (READING_PRODUCT, 1),
        ("(none)", 1),  # no product name: last
    ]
    server = t.products[0]
    assert [(v.label, v.count) for v in server.versions] == [
        ("3.1", 2),  # `3.1 3.51` counts for both
        ("3.11", 1),
        ("3.51", 2),
        ("4.0", 5),  # `4.00` too, and its service packs, each article once
        ("4.0b", 1),
        ("5.5", 1),  # only its service pack is named: the version is there to hold it
        ("2000", 1),
        (OTHER, 2),  # what is no number, last, in a node of its own
    ]
    four = server.versions[3]
    assert [(v.label, v.name, v.count) for v in four.versions] == [
        ("SP1", "4.0 sp1", 3),  # `4.0 Service Pack 1` is SP1 too
        ("SP2", "4.0 sp2", 2),
    ]
    assert [v.name for v in server.versions[-1].versions] == ["all", "beta2"]
    assert [v.label for v in t.products[1].versions] == ["2.20", "2.30"]
    # A version's node lists the articles of its service packs; a pack's only its own.
    assert {r.id for r in articles(kb, NodeKey(SERVER, "4.0"))} == {
        "Q910003",
        "Q910004",
        "Q910005",
        "Q910014",
        "Q910016",
    }
    assert {r.id for r in articles(kb, NodeKey(SERVER, OTHER))} == {"Q910009", "Q910017"}
    assert {r.id for r in articles(kb, NodeKey(SERVER, "4.0 sp2"))} == {"Q910004", "Q910005"}
    sp2_only = next(r.record for r in articles(kb, NodeKey(SERVER, "4.0 sp2")) if r.id == "Q910004")
    assert node_contains(NodeKey(SERVER, "4.0"), sp2_only)
    assert not node_contains(NodeKey(SERVER, "4.0 sp1"), sp2_only)
    assert not node_contains(NodeKey(TOOLS, "4.0"), sp2_only)
    assert not node_contains(NodeKey(SERVER, OTHER), sp2_only)
    spelled = next(r.record for r in articles(kb, NodeKey(SERVER, "4.0")) if r.id == "Q910014")
    assert node_contains(NodeKey(SERVER, "4.0"), spelled)  # 4.00 is 4.0
    beta = next(r.record for r in articles(kb, NodeKey(SERVER, OTHER)) if r.id == "Q910017")
    assert node_contains(NodeKey(SERVER, OTHER), beta)
    assert node_contains(NodeKey(SERVER, "beta2"), beta)


def test_spellings_of_one_version_are_one() -> None:
    assert canonical("4.00") == canonical("4.0") == canonical("4.") == canonical("4")
    assert canonical("3.10") == canonical("3.1") != canonical("3.11")
    assert canonical("4.0 Service Pack 1") == canonical("4.0 sp 1") == canonical("4.00sp1")
    assert canonical("4.0a") != canonical("4.0")
    assert versions_named("3.5 3.51 4.0") == ["3.5", "3.51", "4.0"]
    assert versions_named("3.51 korean") == ["3.51 korean"]


async def _settle(pilot) -> None:
    for _ in range(3):
        await pilot.pause()
        busy = [w for w in pilot.app.workers if w.group != "_loader"]
        if busy:
            await pilot.app.workers.wait_for_complete(busy)
    await pilot.pause()


@pytest.mark.parametrize("size", [(100, 30), (140, 45)])
def test_the_browser_shows_names_packs_under_versions_and_whole_titles(
    kb: KbIndex, tmp_path: Path, size: tuple[int, int]
) -> None:
    async def run() -> None:
        app = make_app(kb, blink=False, data_dir=tmp_path, clipboard_tools=())
        async with app.run_test(size=size) as pilot:
            await _settle(pilot)
            await pilot.press("ctrl+b")
            await _settle(pilot)
            screen = app.screen
            assert isinstance(screen, BrowseScreen)
            t = screen.query_one("#tree", Tree)
            server = t.root.children[0]
            assert str(server.label) == f"{SERVER} (14)"
            assert str(server.children[-1].label) == "Other versions (2)"
            four = next(n for n in server.children if str(n.label).startswith("4.0 "))
            assert [str(n.label) for n in four.children] == ["SP1 (3)", "SP2 (2)"]
            # Keys only: open the product, down to 3.1, list it.
            t.focus()
            await pilot.press("down", "enter")
            await _settle(pilot)
            assert screen.node == NodeKey(SERVER)
            await pilot.press("down", "enter")
            await _settle(pilot)
            assert screen.node == NodeKey(SERVER, "3.1")
            assert [r.id for r in screen.rows] == ["Q910015", "Q910001"]
            # The whole title is in the list, however narrow: wrapped there, never cut.
            rows = screen.query_one("#rows")
            shown = " ".join(rows.render_line(y).text for y in range(rows.size.height))
            assert LONG_TITLE in " ".join(shown.replace("│", " ").split())
            assert "…" not in shown
            assert rows.size.width >= size[0] * 0.6  # the list has most of the width

    asyncio.run(run())


def test_a_product_of_many_versions_keeps_its_rare_ones_in_the_other_node() -> None:
    from collections import Counter

    from kbassist.index.browse import _product_versions

    # Two big versions, 13 small ones (one with a service pack), a name.
    spelled = {"4.0": 200, "3.51": 100, **{f"8.0{i}": 1 for i in range(10)}, "1.1": 1}
    spelled |= {"2.5": 1, "6.5": 1, "6.5 sp5": 1, "beta99": 1}
    docs: dict[str, set[int]] = {}
    spellings: dict[str, Counter[str]] = {}
    n = 0
    for version, count in spelled.items():
        docs[canonical(version)] = set(range(n, n + count))
        spellings[canonical(version)] = Counter({version: count})
        n += count
    members: dict = {}
    nodes = _product_versions("P", n, docs, spellings, members)
    # 6.5 stays: with its service pack it has two articles.
    assert [v.name for v in nodes] == ["3.51", "4.0", "6.5", OTHER]
    assert [p.label for p in nodes[2].versions] == ["SP5"]
    other = nodes[-1]
    assert [v.name for v in other.versions][:3] == ["1.1", "2.5", "8.00"]
    assert other.versions[-1].name == "beta99"  # names after numbers
    assert other.count == len(members[NodeKey("P", OTHER)]) == 13
    assert {"8.03", "beta99"} <= other.covers and "6.5" not in other.covers
    article = _record_with("P", ["8.03"])
    assert node_contains(NodeKey("P", OTHER), article, other.covers)
    assert not node_contains(NodeKey("P", OTHER), _record_with("P", ["4.0"]), other.covers)
    assert node_contains(NodeKey("P", "4.0"), _record_with("P", ["4.00"]), nodes[1].covers)


def _record_with(product: str, versions: list[str]):
    from kbassist.kbparse.record import Article, ProdVer

    return Article(
        id="Q1",
        number=1,
        format="txt",
        source="x",
        title="t",
        modified=None,
        area=None,
        product=product,
        prod_ver=[ProdVer(platform="", versions=versions)],
    )
