"""What conftest promises the rest of the suite."""

from __future__ import annotations

import conftest


def test_numpy_loads_after_the_blas_thread_setting() -> None:
    # A plugin that imported numpy first would leave OpenBLAS a thread a core in each
    # xdist worker, spinning against the other worker (the suite 10-13 % slower, two pairs of runs).
    assert not conftest.NUMPY_BEFORE_CONFTEST
