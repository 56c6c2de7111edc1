"""Worker processes that leave when the process that started them is gone.

A forked worker can block where no timeout reaches it: reading the rest of a job whose
sender was killed half-way through writing it (the other workers hold the pipe's write
end open, so no end of file ever comes), on a full result pipe, or at exit while its
queue's feeder thread flushes to a reader that is dead. Orphaned ingest and parse
workers were seen waiting there for good. A watchdog thread covers every such place.
"""

from __future__ import annotations

import os
import threading
import time


def exit_with_parent(parent: int) -> None:
    """Start a daemon thread that ends this process at once (os._exit) when its parent
    is no longer `parent`."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="kbassist-orphan-watch", daemon=True).start()
