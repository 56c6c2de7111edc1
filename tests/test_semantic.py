"""The semantic model (index/semantic.py): words the archive uses together end up near
each other, and a description in the user's words finds the article written in its own.

Invented articles only; the real archive's neighbours are checked in
test_index_corpus.py, on the model its ingest of the whole archive trained.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kbassist.index import semantic
from kbassist.index.ingest import ingest
from kbassist.index.search import search
from kbassist.index.store import KbIndex
from kbassist.kbparse.record import Article

from kbfixtures import texts, write_topics


def _article(art_id: str, title: str, symptom: str) -> Article:
    return Article(id=art_id, number=int(art_id[1:]), format="txt", source=f"{art_id}.TXT",
                   title=title, modified=None, area=None, product="Invented",
                   sections=[], preamble=symptom)  # fmt: skip


def _collection(n_per_topic: int = 40, seed: int = 3) -> list[Article]:
    made = texts(random.Random(seed), n_per_topic)
    return [
        _article(f"Q{800000 + k}", " ".join(t[:4]).title(), " ".join(t) + ".")
        for k, t in enumerate(made)
    ]


def _hashes(articles: list[Article]) -> dict[str, str]:
    return {a.id: f"h{a.id}" for a in articles}


def _near(model: semantic.Model, a: str, b: str) -> float:
    return float(model.neighbours[model.vocab[a]] @ model.neighbours[model.vocab[b]])


def test_words_used_together_end_up_near_each_other() -> None:
    arts = _collection()
    model = semantic.train(arts, _hashes(arts), dimensions=12, min_articles=10)
    assert model is not None
    frob, zork, moves, toner = (
        semantic.analysis.stem(w) for w in ("frobbed", "zorked", "moves", "toner")
    )
    assert _near(model, frob, zork) > semantic.SIMILAR
    assert _near(model, frob, zork) > _near(model, frob, moves) + 0.3
    assert _near(model, frob, zork) > _near(model, frob, toner) + 0.3
    # An article sits nearest to queries about its own topic.
    ui = model.meaning({frob: 1.0, semantic.analysis.stem("menu"): 1.0})
    zorked_article = next(a for a in arts if "zorked" in a.preamble)
    moving_article = next(a for a in arts if "moves" in a.preamble and "menu" in a.preamble)
    assert ui.similarity(zorked_article.id) > ui.similarity(moving_article.id)


def test_cover_counts_a_missing_word_by_its_neighbour() -> None:
    arts = _collection()
    model = semantic.train(arts, _hashes(arts), dimensions=12, min_articles=10)
    assert model is not None
    stem = semantic.analysis.stem
    idf = {stem("frobbed"): 2.0, stem("printer"): 1.0}
    meaning = model.meaning(idf)
    exact = meaning.cover(idf, {stem("frobbed"), stem("printer")})
    near = meaning.cover(idf, {stem("zorked"), stem("printer")})
    far = meaning.cover(idf, {stem("moves"), stem("printer")})
    assert exact == pytest.approx(1.0)
    assert far == pytest.approx(1 / 3, abs=0.05)
    assert far + 0.3 < near < exact


def test_statements_learn_which_article_a_title_states() -> None:
    """Trained on the pairs of a title and the rest of its article, a title lands next
    to its own article's text far more often than through the topic space alone."""
    arts = _collection()
    model = semantic.train(arts, _hashes(arts), dimensions=12, min_articles=10)
    assert model is not None
    width = len(model.vocab)
    rests = semantic._counts(arts, model.vocab)[1]
    rest_lsa = semantic._unit(
        np.asarray(
            semantic._weigh(semantic._raw(rests, np.arange(width), width), model.idf)
            @ model.projection
        )
    )

    def mean_rank(through: np.ndarray | None, among: np.ndarray) -> float:
        ranks = []
        for i, a in enumerate(arts):
            place = model.place(semantic.analysis.prose_terms(a.title), through=through)
            if place is None:  # a title of filler words only
                continue
            sims = among.astype(np.float32) @ place
            ranks.append(int((sims > sims[i]).sum()))
        return float(np.mean(ranks))

    before = mean_rank(None, rest_lsa)
    after = mean_rank(model.asks, model.statements)
    assert after < before / 2, (before, after)
    # And a statement's nearest articles come back in order, best first.
    place = model.place(semantic.analysis.prose_terms("toolbar frobbed"), through=model.asks)
    assert place is not None
    nearest = model.nearest_statements(place, 5)
    sims = [float(model.statements[model.row[i]].astype(np.float32) @ place) for i in nearest]
    assert sims == sorted(sims, reverse=True)


def test_too_few_articles_give_no_model(tmp_path: Path) -> None:
    arts = _collection(n_per_topic=2)
    assert semantic.train(arts, _hashes(arts), min_articles=100) is None
    what, model = semantic.refresh(tmp_path, _hashes(arts), lambda ids: arts, min_articles=100)
    assert (what, model) == ("none", None)
    assert not (tmp_path / semantic.MODEL_FILE).exists()


def test_refresh_trains_folds_in_and_drops(tmp_path: Path) -> None:
    arts = _collection()
    by_id = {a.id: a for a in arts}

    def records(ids: list[str] | None) -> list[Article]:
        return list(by_id.values()) if ids is None else [by_id[i] for i in ids if i in by_id]

    current = _hashes(arts)
    what, model = semantic.refresh(tmp_path, current, records, min_articles=10)
    assert what == "trained" and model is not None and model.trained == len(arts)
    assert semantic.refresh(tmp_path, current, records, min_articles=10)[0] == "unchanged"

    # One new article, one changed, one gone: folded in, the vocabulary kept.
    new = _article("Q899999", "Toolbar Dimmed", "the toolbar command is dimmed")
    by_id[new.id] = new
    changed = arts[0]
    by_id[changed.id] = _article(changed.id, "Toner Tray", "toner tray paper jam")
    gone = arts[1].id
    del by_id[gone]
    current = {a: f"h{a}" for a in by_id}
    current[changed.id] = "h-changed"
    what, model = semantic.refresh(tmp_path, current, records, min_articles=10)
    assert what == "folded" and model is not None
    assert set(model.ids) == set(by_id)
    assert len(model.ids) == model.docs.shape[0] == model.statements.shape[0]
    assert model.trained == len(arts)
    reloaded = semantic.load(tmp_path)
    assert reloaded is not None and reloaded.ids == model.ids
    assert reloaded.hashes[reloaded.row[changed.id]] == "h-changed"
    # The changed article now sits with the printing words, the new one with the UI's.
    printing = model.meaning({semantic.analysis.stem("toner"): 1.0})
    assert printing.similarity(changed.id) > printing.similarity(new.id)

    # Past a quarter of new articles, the model is trained again.
    for k in range(len(arts) // 3):
        a = _article(f"Q70{k:04d}", "Mailbox Gateway", "mailbox gateway recipient")
        by_id[a.id] = a
        current[a.id] = f"h{a.id}"
    what, model = semantic.refresh(tmp_path, current, records, min_articles=10)
    assert what == "trained" and model is not None and model.trained == len(by_id)


@pytest.mark.parametrize("damage", [b"", b"not a zip file", None])
def test_a_damaged_model_is_ignored_not_fatal(tmp_path: Path, damage: bytes | None) -> None:
    arts = _collection()
    model = semantic.train(arts, _hashes(arts), dimensions=12, min_articles=10)
    assert model is not None
    path = semantic.save(model, tmp_path)
    if damage is None:  # cut in the middle
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    else:
        path.write_bytes(damage)
    assert semantic.load(tmp_path) is None


def test_a_description_in_the_users_words_finds_the_article(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ingest learns the model; with it, "frobbed" finds the article that says
    "zorked". Without it (file taken away), the other article's closer title wins:
    so it is the model that puts the fix on top (the sentence encoder left out: it knows
    no invented word)."""
    monkeypatch.setattr(semantic, "MIN_ARTICLES", 50)
    monkeypatch.setattr(semantic, "DIMENSIONS", 12)
    write_topics(tmp_path / "in")
    kb = KbIndex.open(tmp_path / "ix", create=True)
    report = ingest(kb, [str(tmp_path / "in")], jobs=1)
    assert report.semantic == "trained"
    assert (tmp_path / "ix" / semantic.MODEL_FILE).exists()
    query = "my quux toolbar button is frobbed"
    assert search(kb, query, encoder=False).hits[0].id == "Q820001"
    shutil.move(tmp_path / "ix" / semantic.MODEL_FILE, tmp_path / "model.npz")
    assert kb.semantic() is None
    assert search(kb, query, encoder=False).hits[0].id == "Q820002"
    # An unchanged re-ingest puts it back as it was, and search uses it again.
    shutil.move(tmp_path / "model.npz", tmp_path / "ix" / semantic.MODEL_FILE)
    assert ingest(kb, [str(tmp_path / "in")], jobs=1).semantic == "unchanged"
    assert search(kb, query, encoder=False).hits[0].id == "Q820001"
    kb.close()


def test_small_index_has_no_model_and_searches(tmp_path: Path) -> None:
    write_topics(tmp_path / "in")
    kb = KbIndex.open(tmp_path / "ix", create=True)
    assert ingest(kb, [str(tmp_path / "in")], jobs=1).semantic == "none"
    assert kb.semantic() is None
    assert search(kb, "quux toolbar button zorked").hits[0].id == "Q820001"
    kb.close()


def test_model_vectors_are_unit_length() -> None:
    arts = _collection()
    model = semantic.train(arts, _hashes(arts), dimensions=12, min_articles=10)
    assert model is not None
    norms = np.linalg.norm(model.docs.astype(np.float32), axis=1)
    assert np.allclose(norms, 1.0, atol=1e-2)


@pytest.fixture(scope="module")
def modelled(tmp_path_factory: pytest.TempPathFactory):
    """An index with a semantic model (thresholds lowered for the invented topics)."""
    root = tmp_path_factory.mktemp("modelled")
    write_topics(root / "in")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(semantic, "MIN_ARTICLES", 50)
        mp.setattr(semantic, "DIMENSIONS", 12)
        kb = KbIndex.open(root / "ix", create=True)
        assert ingest(kb, [str(root / "in")], jobs=1).semantic == "trained"
    yield kb
    kb.close()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.text(max_size=300)
    | st.lists(
        st.sampled_from(["frobbed", "zorked", "quux", "toolbar", "the", "0x7b", "<X>", "%1", "I"])
    ).map(" ".join)
)
def test_any_paste_searches_with_the_model(modelled: KbIndex, text: str) -> None:
    """Whatever is pasted, the semantic features give finite scores and no error."""
    assert modelled.semantic() is not None
    result = search(modelled, text)
    assert all(np.isfinite(h.score) for h in result.hits)


def test_a_model_that_cannot_be_learned_never_fails_the_ingest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The articles are in before the model is learned: if learning fails (here, out of
    memory), the ingest reports it and search works without a model."""
    from click.testing import CliRunner

    from kbassist.tui.cli import cli

    def no_memory(*_a: object, **_k: object) -> None:
        raise MemoryError("cannot allocate")

    monkeypatch.setattr(semantic, "MIN_ARTICLES", 50)
    monkeypatch.setattr(semantic, "train", no_memory)
    write_topics(tmp_path / "in")
    result = CliRunner().invoke(
        cli, ["ingest", str(tmp_path / "in"), "--index", str(tmp_path / "ix"), "--jobs", "1"]
    )
    assert result.exit_code == 0, result.output
    assert "semantic model was not updated (MemoryError: cannot allocate)" in result.output
    assert "86 added" in result.output
    with KbIndex.open(tmp_path / "ix") as kb:
        assert kb.semantic() is None
        assert search(kb, "quux toolbar button zorked").hits[0].id == "Q820001"


def test_a_quoted_screen_is_ranked_without_the_semantic_features(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """When a candidate quotes the paste's message, the paste is a screen, not a
    description: the article that quotes it must not lose to one that is merely near in
    meaning."""
    from kbassist.index import query, rank

    quoting = _article("Q1", "Quoting", "x")
    near = _article("Q2", "Near", "x")
    lexical = {
        "Q1": {"message": 0.75, "first": 1.0},
        "Q2": {"message": 0.0, "first": 1.0},
    }
    meaning = {
        "Q1": {"cover": 0.0, "semantic": 0.0, "statement": 0.0},
        "Q2": {"cover": 0.9, "semantic": 0.9, "statement": 0.9},
    }
    monkeypatch.setattr(rank, "features", lambda a, q, first, have: dict(lexical[a.id]))
    monkeypatch.setattr(rank, "semantic_features", lambda a, q, have: meaning[a.id])
    q = query.query_view("anything", "", set())
    assert [a.id for _, a in rank.rank_all([(quoting, 1.0), (near, 1.0)], q)] == ["Q1", "Q2"]
    # A description (no candidate quotes it) is ranked with them.
    lexical["Q1"]["message"] = 0.3
    assert [a.id for _, a in rank.rank_all([(quoting, 1.0), (near, 1.0)], q)] == ["Q2", "Q1"]


def test_statement_candidates_alone_are_ranked(
    modelled: KbIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When stage one finds nothing (within a filter, say), the articles nearest in the
    statement space are still ranked, without dividing by a zero stage-one score."""
    from kbassist.index import candidates

    monkeypatch.setattr(candidates, "top", lambda acc, n, allowed=None: [])
    monkeypatch.setattr(
        candidates, "accumulate", lambda reader, *_a, **_k: np.zeros(reader.doc_count_all())
    )
    hits = search(modelled, "my quux toolbar button is frobbed").hits
    assert hits
    assert all(np.isfinite(h.score) for h in hits)
