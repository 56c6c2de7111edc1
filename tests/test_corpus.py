"""The whole real archive: every article parses, nothing is lost, the formats agree.

These read ../shared/corpus (or $KBASSIST_CORPUS); see conftest.need_corpus.
"""

from __future__ import annotations

from collections import Counter

import pytest

from kbassist.kbparse.record import Article

import corpus_run
from conftest import need_corpus

pytestmark = pytest.mark.corpus

_runs: dict[str, corpus_run.CorpusRun] = {}


def _run(name: str) -> corpus_run.CorpusRun:
    if name not in _runs:
        _runs[name] = corpus_run.run(need_corpus(name))
    return _runs[name]


def _report(run: corpus_run.CorpusRun) -> str:
    counts = Counter(e.split(": ", 1)[-1] for e in run.parse_errors)
    lines = [f"{n} x {reason}" for reason, n in counts.most_common()]
    for source, problems in list(run.problems.items())[:20]:
        lines.append(f"{source}: {problems[:3]}")
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("archive", "count"),
    [("mskb-txt.tar.xz", 56_989), ("mskb-md.tar.xz", 60_335), ("mskb-html-sample.tar.xz", 3_016)],
)
def test_every_article_parses_and_nothing_is_lost(archive: str, count: int) -> None:
    run = _run(archive)
    assert run.inputs == count
    # Every real article is a readable article: no ParseError, no exception (an
    # exception would have failed the worker and this test).
    assert not run.parse_errors, _report(run)
    assert len(run.records) == count
    assert not run.problems, f"{len(run.problems)} articles lose or invent lines:\n{_report(run)}"


def _view(rec: Article) -> dict[str, object]:
    return {
        "title": rec.title,
        "modified": rec.modified,
        "product": rec.product,
        "headings": [s.heading for s in rec.sections],
        "kinds": [s.kind for s in rec.sections],
        "texts": [rec.preamble] + [s.text for s in rec.sections],
        "error_messages": rec.error_messages,
        "files": rec.files,
        "related_articles": rec.related_articles,
    }


@pytest.mark.parametrize("other", ["mskb-md.tar.xz", "mskb-html-sample.tar.xz"])
def test_same_article_in_other_formats_gives_the_same_record(other: str) -> None:
    txt = _run("mskb-txt.tar.xz").records
    rendered = _run(other).records
    common = [i for i in rendered if i in txt]
    assert len(common) > 0.9 * len(rendered) - 3_349
    disagree: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    bad = set()
    for art_id in common:
        a, b = _view(txt[art_id]), _view(rendered[art_id])
        for key in a:
            if a[key] != b[key]:
                disagree[key] += 1
                examples.setdefault(key, []).append(art_id)
                bad.add(art_id)
    share = 1 - len(bad) / len(common)
    detail = {k: (n, examples[k][:8]) for k, n in disagree.items()}
    assert share >= 0.995, f"{share:.4%} agree; disagreeing fields: {detail}"
