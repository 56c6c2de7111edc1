"""Arrays saved whole or not at all: the index folder's .npz files (semantic.npz,
vectors.npz and its parts) are written through here.

A temporary file beside the target, synced, then renamed over it: a reader (a search,
the console) sees the old file or the new one, and a kill leaves at most a temporary
file that the next ingest's leftover sweep removes (check.py knows the prefixes).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np


def save_npz(path: Path, temp_prefix: str, **arrays: np.ndarray) -> Path:
    """`arrays` saved as `path` (np.savez), atomically; `temp_prefix` names the
    temporary file so a later run can tell a dead run's leftover from live data."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=temp_prefix, suffix=".npz")
    try:
        os.fchmod(fd, 0o644)  # mkstemp's 0600 would hide the file from other readers
        with os.fdopen(fd, "wb") as fh:
            np.savez(fh, **arrays)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
