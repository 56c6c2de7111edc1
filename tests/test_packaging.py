"""One distinctive name on the import path: the distribution installs `kbassist` only.

The bare names `index` and `tui` belong to other distributions on the package index;
installing kbassist beside them must leave their files alone.
"""

from __future__ import annotations

import subprocess
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _installed() -> metadata.Distribution:
    """The installed kbassist, not the `kbassist.egg-info` a build leaves in the checkout
    (found first when the checkout is the working directory, as under `python -m pytest`)."""
    paths = [p for p in sys.path if Path(p or ".").resolve() != ROOT]
    return next(iter(metadata.distributions(name="kbassist", path=paths)))


def test_the_distribution_installs_one_top_level_package() -> None:
    dist = _installed()
    files = dist.files or []
    tops = {f.parts[0] for f in files}
    dist_info = {t for t in tops if t.endswith((".dist-info", ".egg-info"))}
    # An editable install records its path hook instead of the packages.
    editable = {t for t in tops if t.startswith("__editable__")}
    # `..` is the bundled sample installed as data (share/kbassist/data).
    assert tops - dist_info - editable - {"..", "__pycache__"} <= {"kbassist"}, tops
    top_level = dist.read_text("top_level.txt")
    if top_level is not None:
        assert top_level.split() == ["kbassist"]


def test_the_sub_packages_live_under_kbassist() -> None:
    import kbassist.index
    import kbassist.kbparse
    import kbassist.tui

    for module in (kbassist.kbparse, kbassist.index, kbassist.tui):
        assert module.__name__.startswith("kbassist.")
        assert Path(module.__file__ or "").parent.parent == Path(kbassist.__file__ or "").parent


def test_python_m_kbassist_is_the_command(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kbassist", "--version"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("kbassist, version ")
