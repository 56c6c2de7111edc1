"""Browse by product: product -> version -> service pack with article counts; a node's
articles, newest first, with the same preview below them; a box narrows the list with a
search in the node.

The tree takes the left; the list and the preview share the rest, one above the other, so
that titles get the width of the screen (beside each other they had a third of it)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Input, Static, Tree
from textual.widgets.tree import TreeNode

from kbassist.index.browse import NONE, OTHER, BrowseTree, NodeKey, Row, VersionNode

from .. import events, strings
from ..safe import literal, one_line, paste_words
from ..widgets.article_view import ArticleView
from ..widgets.paste_box import SafeInput
from ..widgets.results import ResultList
from .base import COPY_BINDINGS, KbScreen

DEBOUNCE_S = 0.2


# Names the index gives nodes that are no text of the archive.
_NAMED = {NONE: strings.CONSOLE_NO_VALUE, OTHER: strings.CONSOLE_BROWSE_OTHER}


def _label(name: str, count: int) -> Text:
    out = Text(_NAMED[name]) if name in _NAMED else literal(one_line(name, 80))
    out.append(f" ({count:,})", style="dim")
    return out


def node_name(node: NodeKey) -> str:
    parts = [p for p in (node.product, node.version) if p]
    return " › ".join(_NAMED.get(p) or one_line(p) for p in parts)


class BrowseScreen(KbScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", tooltip="Back to the search"),
        Binding("ctrl+f", "narrow", "Narrow", tooltip="Search within the chosen node"),
        Binding("ctrl+o", "open", "Open", tooltip="Open the highlighted article"),
        *COPY_BINDINGS,
        Binding("ctrl+s", "export", "Export", tooltip="Export the listed articles"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.node: NodeKey | None = None
        self.rows: list[Row] = []
        self.words: frozenset[str] = frozenset()
        self._seq = 0
        self._timer = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="browse"):
            tree: Tree[NodeKey | None] = Tree(Text(strings.CONSOLE_BROWSE_LOADING), id="tree")
            tree.show_root = True
            yield tree
            with Vertical(id="browse-list"):
                yield SafeInput(placeholder=strings.CONSOLE_BROWSE_PICK, id="narrow", disabled=True)
                yield Static(id="browse-status")
                yield ResultList(id="rows")
                yield ArticleView(id="browse-preview")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#rows", ResultList).show_hint(strings.CONSOLE_BROWSE_PICK)
        self.query_one("#tree", Tree).focus()
        self._load_tree()

    @work(thread=True, group="tree")
    def _load_tree(self) -> None:
        data = self.app.library.tree()
        self.app.call_from_thread(self._tree_loaded, data)

    def _tree_loaded(self, data: BrowseTree) -> None:
        tree = self.query_one("#tree", Tree)
        tree.clear()
        tree.root.set_label(Text(strings.CONSOLE_BROWSE_ROOT.format(total=data.total)))
        for product in data.products:
            label = _label(product.name, product.count)
            if not product.versions:
                tree.root.add_leaf(label, data=NodeKey(product.name))
                continue
            p = tree.root.add(label, data=NodeKey(product.name))
            for v in product.versions:
                self._add_version(p, product.name, v)
        tree.root.expand()
        tree.move_cursor(tree.root)

    def _add_version(self, parent: TreeNode, product: str, v: VersionNode) -> None:
        """A version, with its service packs (or the Other node, with its versions)."""
        key = NodeKey(product, v.name)
        if not v.versions:
            parent.add_leaf(_label(v.label, v.count), data=key)
            return
        node = parent.add(_label(v.label, v.count), data=key)
        for child in v.versions:
            self._add_version(node, product, child)

    @on(events.LeaveList)
    def _to_narrow(self, event: events.LeaveList) -> None:
        # Up on the first row goes to the box right above the list, as on the search
        # screen; without this the key did nothing here.
        event.stop()
        narrow = self.query_one("#narrow", Input)
        if not narrow.disabled:
            narrow.focus()

    @on(Tree.NodeSelected, "#tree")
    def _chosen(self, event: Tree.NodeSelected) -> None:
        node = event.node.data
        if isinstance(node, NodeKey):
            self.choose(node)

    def choose(self, node: NodeKey) -> None:
        self.node = node
        narrow = self.query_one("#narrow", Input)
        narrow.disabled = False
        narrow.placeholder = strings.CONSOLE_BROWSE_NARROW.format(node=node_name(node))
        with self.prevent(Input.Changed):
            narrow.value = ""
        self.refresh_list()

    def refresh_list(self) -> None:
        if self.node is None:
            return
        self._seq += 1
        text = self.query_one("#narrow", Input).value
        self._list(self._seq, self.node, text)

    @work(thread=True, exclusive=True, group="browse-list")
    def _list(self, seq: int, node: NodeKey, text: str) -> None:
        library = self.app.library
        if text.strip():
            rows = library.search_node(node, text)
            words = paste_words(text)
            total = None
        else:
            rows = library.node_articles(node)
            words = frozenset()
            total = self._count(node)
        self.app.call_from_thread(self._listed, seq, node, rows, words, total)

    def _count(self, node: NodeKey) -> int:
        data = self.app.library.tree()
        for p in data.products:
            if p.name != node.product:
                continue
            if node.version is None:
                return p.count

            def walk(nodes: list[VersionNode]) -> int | None:
                for v in nodes:
                    if v.name == node.version:
                        return v.count
                    found = walk(v.versions)
                    if found is not None:
                        return found
                return None

            return walk(p.versions) or 0
        return 0

    def _listed(
        self,
        seq: int,
        node: NodeKey,
        rows: list[Row],
        words: frozenset[str],
        total: int | None,
    ) -> None:
        if seq != self._seq:
            return
        self.rows = rows
        self.words = words
        self.query_one("#rows", ResultList).show_articles([r.record for r in rows], words)
        name = node_name(node)
        if total is None:
            line = strings.CONSOLE_BROWSE_NARROWED.format(node=name, n=len(rows))
        elif total > len(rows):
            line = strings.CONSOLE_BROWSE_COUNT_CUT.format(node=name, shown=len(rows), n=total)
        else:
            line = strings.CONSOLE_BROWSE_COUNT.format(node=name, n=total)
        self.query_one("#browse-status", Static).update(Text(line))

    @on(Input.Changed, "#narrow")
    def _narrowing(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE_S, self.refresh_list)

    @on(Input.Submitted, "#narrow")
    def _narrow_now(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self.refresh_list()

    @on(events.Preview)
    def _preview(self, event: events.Preview) -> None:
        self.query_one("#browse-preview", ArticleView).show(event.article, self.words)

    @on(events.OpenArticle)
    def _open(self, event: events.OpenArticle) -> None:
        self.app.open_article(event.article_id, self.words, event.article)

    @property
    def current(self):
        return self.query_one("#rows", ResultList).current

    def action_narrow(self) -> None:
        narrow = self.query_one("#narrow", Input)
        if not narrow.disabled:
            narrow.focus()

    def action_open(self) -> None:
        article = self.current
        if article is not None:
            self.app.open_article(article.id, self.words, article)

    def action_copy(self, markdown: bool) -> None:
        self.app.copy_fix(self.current, markdown)

    def action_export(self) -> None:
        self.app.export_records(
            [r.record for r in self.rows], strings.CONSOLE_EXPORT_RESULTS.format(n=len(self.rows))
        )
