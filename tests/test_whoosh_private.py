"""Whoosh's private API as kbassist relies on it (index/whoosh_private.py).

A Whoosh other than the pinned whoosh-reloaded 2.7.5 may rename or reshape any of these
names without notice; these tests name the one that changed, and run each function of
whoosh_private on a tiny index against Whoosh's public answers.
"""

from __future__ import annotations

import inspect
from importlib import metadata
from pathlib import Path

import numpy as np
import pytest
from whoosh import columns
from whoosh.codec.base import Segment
from whoosh.codec.whoosh3 import (
    LENGTHS_COLUMN,
    W3FieldWriter,
    W3LeafMatcher,
    W3PerDocReader,
    W3PostingsWriter,
    _lenfield,
)
from whoosh.util.numeric import byte_to_length
from whoosh.writing import SegmentWriter

from kbassist.index.documents import fields_for
from kbassist.index.store import KbIndex
from kbassist.index.whoosh_private import (
    block_arrays,
    finish_worker_segment,
    length_column,
    publish_segments,
    worker_segment_writer,
)
from kbassist.kbparse import parse_bytes

from kbfixtures import write_many

_BLOCK = 4  # postings per block: the common terms of 40 articles span many blocks


def _params(func: object) -> list[str]:
    return list(inspect.signature(func).parameters)  # type: ignore[arg-type]


def test_the_pinned_whoosh_is_installed() -> None:
    assert metadata.version("whoosh-reloaded") == "2.7.5", (
        "index/whoosh_private.py was written against whoosh-reloaded 2.7.5: check every "
        "name it uses against the new version before changing the pin"
    )


def test_private_names_have_the_shapes_relied_on() -> None:
    init = inspect.signature(SegmentWriter.__init__).parameters
    assert "_lk" in init and init["_lk"].default is True
    assert "codec" in init and "limitmb" in init
    for name, params in {
        "_finalize_segment": ["self"],
        "_close_segment": ["self"],
        "_commit_toc": ["self", "segments"],
        "_finish": ["self"],
        "_flush_segment": ["self"],
    }.items():
        assert _params(getattr(SegmentWriter, name)) == params, f"SegmentWriter.{name}"
    assert _params(W3PerDocReader._cached_reader) == ["self", "fieldname", "column"]
    assert isinstance(_lenfield("title"), str)
    assert isinstance(LENGTHS_COLUMN, columns.NumericColumn)
    assert _params(W3LeafMatcher._read_data) == ["self"]
    # The bulk writer fills a posting block's buffers itself, then has Whoosh write it.
    block = inspect.getsource(W3PostingsWriter._new_block)
    for attr in ("_ids", "_weights", "_values", "_minlength", "_maxlength", "_maxweight"):
        assert f"self.{attr} =" in block, f"W3PostingsWriter.{attr}"
    assert _params(W3PostingsWriter._write_block) == ["self", "last"]
    assert "_blocklimit" in inspect.getsource(W3PostingsWriter.__init__)
    assert "_postwriter" in inspect.getsource(W3FieldWriter.start_term)
    assert _params(W3LeafMatcher._next_block) == ["self"]


def _add_articles(writer: SegmentWriter, folder: Path) -> int:
    n = 0
    for path in sorted(folder.iterdir()):
        writer.add_document(**fields_for(parse_bytes(path.read_bytes(), str(path))))
        n += 1
    return n


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> KbIndex:
    """40 articles in one segment, written and published as an ingest does."""
    root = tmp_path_factory.mktemp("whoosh-private")
    write_many(root / "a", 40)
    kb = KbIndex.open(root / "index", create=True)
    writer = worker_segment_writer(str(kb.path / "whoosh"), limitmb=16, blocklimit=_BLOCK)
    assert writer.writelock is None  # no index lock: the ingest holds kbassist's own
    assert callable(writer._tempstorage.destroy)
    assert callable(writer.pool.iter_postings)
    assert isinstance(writer.codec.length_stats, bool)
    assert _params(writer.fieldwriter.add_postings) == ["schema", "lengths", "items"]
    added = _add_articles(writer, root / "a")
    segment = finish_worker_segment(writer, has_documents=True)
    assert isinstance(segment, Segment)
    assert segment.doc_count_all() == added
    publisher = kb.ix.writer()
    publish_segments(publisher, [*publisher.segments, segment])
    return kb


def _segment_files(kb: KbIndex, segment: Segment) -> dict[str, bytes]:
    """The files inside a segment's compound file (their order there follows a folder
    listing, so the compound file itself is compared by its parts), with the segment's
    random id taken out."""
    from whoosh.filedb.filestore import FileStorage

    compound = segment.open_compound_file(FileStorage(str(kb.path / "whoosh")))
    out = {}
    for name in compound.list():
        f = compound.open_file(name)
        out[name.replace(segment.segid, "ID")] = f.read().replace(segment.segid.encode(), b"ID")
        f.close()
    compound.close()
    return out


def test_the_bulk_writer_writes_the_segment_whoosh_writes(tmp_path: Path) -> None:
    """The ingest's writer keeps the term-count fields' postings itself instead of
    through Whoosh's pool: every file of its segment is the one Whoosh's own writer
    makes of the same documents, byte for byte. Terms that span blocks (more than
    `_BLOCK` documents), terms outside ASCII (ordered by their UTF-8 bytes) and empty
    fields are among them."""
    from whoosh import index as whoosh_index
    from whoosh.codec.whoosh3 import W3Codec

    write_many(tmp_path / "a", 40)
    docs = [
        fields_for(parse_bytes(p.read_bytes(), str(p))) for p in sorted((tmp_path / "a").iterdir())
    ]
    docs[3]["body"] = {"zeta": 2, "été": 1, "ωmega": 3, "日本": 1, "e\u0301": 7, "z": 1}
    docs[5]["cause"] = {}
    docs[7]["symptoms"] = {"été": 4, "Zeta": 1}
    segments = []
    for bulk in (False, True):
        kb = KbIndex.open(tmp_path / f"index-{bulk}", create=True)
        ix_dir = str(kb.path / "whoosh")
        if bulk:
            writer = worker_segment_writer(ix_dir, limitmb=16, blocklimit=_BLOCK)
        else:
            ix = whoosh_index.open_dir(ix_dir)
            writer = SegmentWriter(ix, _lk=False, limitmb=16, codec=W3Codec(blocklimit=_BLOCK))
        for doc in docs:
            writer.add_document(**doc)
        segment = writer._finalize_segment()
        segments.append(_segment_files(kb, segment))
        kb.close()
    whoosh_own, bulk_written = segments
    assert sorted(bulk_written) == sorted(whoosh_own)
    for name, data in whoosh_own.items():
        assert bulk_written[name] == data, name


def test_the_bulk_writer_refuses_boosts(tiny: KbIndex) -> None:
    writer = worker_segment_writer(str(tiny.path / "whoosh"), limitmb=16, blocklimit=_BLOCK)
    with pytest.raises(ValueError, match="boosts"):
        writer.add_document(id="Q1", _boost=2.0)
    finish_worker_segment(writer, has_documents=False)


def test_published_segments_are_the_index(tiny: KbIndex) -> None:
    assert tiny.doc_count() == 40
    assert tiny.searcher().document(id="Q910000") is not None
    # Neither the worker's nor the publisher's temporary folder is left behind.
    assert not [p for p in (tiny.path / "whoosh").iterdir() if p.name.endswith(".tmp")]


def test_an_empty_worker_segment_is_none(tiny: KbIndex) -> None:
    writer = worker_segment_writer(str(tiny.path / "whoosh"), limitmb=16, blocklimit=_BLOCK)
    assert finish_worker_segment(writer, has_documents=False) is None
    assert not [p for p in (tiny.path / "whoosh").iterdir() if p.name.endswith(".tmp")]
    assert tiny.doc_count() == 40


def test_length_column_agrees_with_the_public_lengths(tiny: KbIndex) -> None:
    reader = tiny.searcher().reader()
    for leaf, _offset in reader.leaf_readers():
        assert isinstance(leaf._perdoc, W3PerDocReader)
        for field in ("symptoms", "title", "cause"):
            col = length_column(leaf, field)
            assert col is not None
            for d in range(leaf.doc_count_all()):
                assert byte_to_length(col[d]) == leaf.doc_field_length(d, field)
        assert length_column(leaf, "no such field") is None


def test_block_arrays_agree_with_the_public_postings(tiny: KbIndex) -> None:
    reader = tiny.searcher().reader()
    (leaf, _offset), *_ = reader.leaf_readers()
    terms = [t.decode() for t in leaf.lexicon("symptoms")]
    common = max(terms, key=lambda t: leaf.doc_frequency("symptoms", t))
    assert leaf.doc_frequency("symptoms", common) > 2 * _BLOCK
    matcher = leaf.postings("symptoms", common)
    assert isinstance(matcher, W3LeafMatcher)
    assert matcher._atend is False and matcher._data is None
    assert isinstance(matcher._blocklength, int) and not matcher._byteids
    matcher._read_data()
    assert isinstance(matcher._data, tuple) and len(matcher._data[0]) == matcher._blocklength
    public = leaf.postings("symptoms", common)
    ids, weights = [], []
    while public.is_active():
        ids.append(public.id())
        weights.append(public.weight())
        public.next()
    got = block_arrays(leaf.postings("symptoms", common))
    assert got is not None
    assert got[0].tolist() == ids
    assert np.allclose(got[1], weights)


def test_block_arrays_leave_other_matchers_to_the_public_api() -> None:
    from whoosh.matching import ListMatcher

    assert block_arrays(ListMatcher([1, 2, 3])) is None


def test_sub_files_of_a_mapped_segment_are_read_in_place(tiny: KbIndex) -> None:
    """A BufferFile reads the buffer it is given, never a copy (a copy held the stored
    records twice: 142 MB of heap on the archive, and every page of the mapping)."""
    from whoosh.filedb.compound import CompoundStorage
    from whoosh.filedb.structfile import BufferFile

    assert _params(BufferFile.__init__)[:2] == ["self", "buf"]
    assert _params(CompoundStorage.open_file)[:2] == ["self", "name"]
    data = bytearray(b"first line\nsecond\n" + bytes(range(256)))
    f = BufferFile(memoryview(data), name="x")
    data[0:5] = b"FIRST"  # a copy would not see this
    assert f.read(5) == b"FIRST"
    assert f.readline() == b" line\n"
    assert list(f) == [b"second\n", bytes(range(256))[:11], bytes(range(256))[11:]]
    f.seek(-3, 2)
    assert f.read() == bytes([253, 254, 255]) and f.tell() == len(data)
    f.seek(11)
    assert f.read_byte() == ord("s")
    assert f.get(0, 5) == b"FIRST"
    with pytest.raises(OSError):
        f.write(b"no")
    f.close()
    # Reading through Whoosh over the mapped segment: the public answers are whole.
    s = tiny.searcher()
    reader = s.reader()
    assert len(list(reader.all_stored_fields())) == reader.doc_count()
    assert all(f["record"] for f in reader.all_stored_fields())
