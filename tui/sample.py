"""The bundled sample article (`data/Q253729.TXT`): where it is, and the first run.

In a clone it is `data/` at the repository root; after a non-editable `pip install .`
the wheel carries it as setuptools data-files under `<prefix>/share/kbassist/data`
(one file in the repository, no copy inside a package).
"""

from __future__ import annotations

import sys
from pathlib import Path

MARKER = "Q253729.TXT"
_REPO_DATA = Path(__file__).resolve().parent.parent / "data"
_SHARE = Path("share") / "kbassist" / "data"


def _candidates() -> list[Path]:
    out = [Path.cwd() / "data", _REPO_DATA]
    for prefix in dict.fromkeys((sys.prefix, sys.base_prefix)):
        out.append(Path(prefix) / _SHARE)
    try:
        from importlib.metadata import PackageNotFoundError, files

        for f in files("kbassist") or []:
            if f.name == MARKER and "share" in f.parts:
                out.append(Path(str(f.locate())).parent)
    except PackageNotFoundError:
        pass
    return out


def sample_dir() -> Path | None:
    """The folder holding the bundled sample, or None when it cannot be found.

    A `data/` folder is only taken when it holds the sample itself, so a person's own
    `data/` folder in the current directory is never ingested by surprise.
    """
    for folder in _candidates():
        if (folder / MARKER).is_file():
            return folder
    return None


def first_run(index_dir: Path, echo) -> None:
    """Without a terminal: ingest the bundled sample into an empty index, plainly."""
    from kbassist.index.ingest import ingest
    from kbassist.index.store import IndexBusy, IndexProblem, KbIndex

    from . import strings

    try:
        kb = KbIndex.open(index_dir, create=True)
    except IndexProblem as e:
        echo(strings.CONSOLE_FIRST_RUN_PROBLEM.format(problem=e))
        return
    with kb:
        if kb.doc_count():
            echo(strings.CONSOLE_FIRST_RUN_READY.format(index=kb.path, total=kb.doc_count()))
            return
        folder = sample_dir()
        if folder is None:
            echo(strings.CONSOLE_NO_SAMPLE)
            return
        try:
            report = ingest(kb, [str(folder)], jobs=1, wait=False)
        except IndexBusy:
            # Another ingest is filling this index right now: it is not empty for long,
            # and the sample must not be mixed into it.
            echo(strings.CONSOLE_FIRST_RUN_BUSY.format(index=kb.path))
            return
        echo(
            strings.CONSOLE_FIRST_RUN_INGESTED.format(
                added=report.added, source=folder, index=kb.path, total=kb.doc_count()
            )
        )
