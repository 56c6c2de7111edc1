"""Writing an export so that a reader never sees half of it and nothing is clobbered.

The output goes to a temporary file in the destination's own folder (so the final rename
never crosses a file system) and is renamed into place once complete. Without `force`
the rename is an `os.link`, which fails if the destination appeared meanwhile: the
refusal holds even against a concurrent writer.

Only a regular file is ever replaced: `--force` onto a device node, a FIFO or a link
would put a regular file where the user had something else. The temporary file holds a
lock while it is written; a temporary file nobody holds the lock of is the remains of a
killed export (up to the whole archive's size) and the next export to that place
removes it.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import glob
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from .errors import ExportError


def _umask() -> int:
    # os.umask() can only be read by setting it, which races with other threads (the
    # console exports from a worker thread); Linux shows it in /proc.
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    return 0o022


def _why(e: OSError) -> str:
    return e.strerror or str(e)


def _not_regular(dest: Path) -> bool:
    """True when something other than a regular file is at `dest` (links not followed)."""
    try:
        return not stat.S_ISREG(os.lstat(dest).st_mode)
    except FileNotFoundError:
        return False
    except OSError:
        return True


def check_destination(dest: Path, force: bool) -> None:
    """Refuse early (before any work) what the final rename would refuse."""
    if dest.is_dir():
        raise ExportError(f"{dest} is a folder; give a file name")
    if _not_regular(dest):
        raise ExportError(f"{dest} is not a regular file; only regular files are replaced")
    if dest.exists() and not force:
        raise ExportError(f"{dest} already exists; use --force to overwrite it")
    if not dest.parent.is_dir():
        raise ExportError(f"cannot write {dest}: folder {dest.parent} does not exist")


def _publish(tmp: str, dest: Path, force: bool) -> None:
    if force:
        # Checked again here: a FIFO or link may have appeared while the export ran.
        if _not_regular(dest):
            raise ExportError(f"{dest} is not a regular file; only regular files are replaced")
        os.replace(tmp, dest)
        return
    try:
        os.link(tmp, dest)
    except FileExistsError:
        raise ExportError(f"{dest} already exists; use --force to overwrite it") from None
    except OSError as e:
        if e.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
        # File systems without hard links (some FUSE and SMB mounts): a last check,
        # then the rename.
        if dest.exists():
            raise ExportError(f"{dest} already exists; use --force to overwrite it") from None
        os.replace(tmp, dest)
        return
    os.unlink(tmp)


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def atomic_file(dest: Path, force: bool = False, *, durable: bool = True) -> Iterator[BinaryIO]:
    """A binary file that becomes `dest` when the block ends without an exception.

    On an exception (including KeyboardInterrupt) the temporary file is removed and
    `dest` is left as it was. `durable` fsyncs the data and the folder; a folder export
    of thousands of small files leaves that to one sync at the end.
    """
    check_destination(dest, force)
    if durable:
        remove_stale(dest.parent, glob.escape(dest.name))
    try:
        fd, tmp = _mkstemp(dest)
    except OSError as e:
        raise ExportError(f"cannot write {dest}: {_why(e)}") from e
    try:
        # Held until the file is closed (or the process dies): the mark of a live writer.
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as fh:
            yield fh  # type: ignore[misc]
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        _publish(tmp, dest, force)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if durable:
        _sync_folder(dest.parent)


_TEMP_MARK = ".kbassist-"
_TEMP_SUFFIX = ".tmp"


def _temp_prefix(name: str) -> str:
    # A dot name, so that a half-written export is hidden from `ls` and from globs; the
    # mark makes it ours, so that cleaning never touches a file kbassist did not write.
    return f".{name}{_TEMP_MARK}"


def _mkstemp(dest: Path) -> tuple[int, str]:
    return tempfile.mkstemp(prefix=_temp_prefix(dest.name), suffix=_TEMP_SUFFIX, dir=dest.parent)


def remove_stale(folder: Path, names: str) -> list[Path]:
    """Remove the temporary files in `folder` for destinations matching the glob `names`
    whose writer is gone.

    A live export holds its temporary file's lock; one that was killed (even with -9)
    released it with its death. Returns what was removed.
    """
    removed: list[Path] = []
    pattern = os.path.join(glob.escape(str(folder)), _temp_prefix(names) + "*" + _TEMP_SUFFIX)
    for name in glob.glob(pattern, include_hidden=True):
        path = Path(name)
        with contextlib.suppress(OSError):
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
            try:
                if not stat.S_ISREG(os.fstat(fd).st_mode):
                    continue
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                continue  # locked: an export is writing it now
            finally:
                os.close(fd)
            path.unlink()
            removed.append(path)
    return removed


def write_file(dest: Path, data: bytes, force: bool) -> None:
    """One whole small file, atomically (used for one-file-per-article exports)."""
    with atomic_file(dest, force, durable=False) as fh:
        fh.write(data)


_EXPORTED = re.compile(r"^Q[0-9]+\.(md|html)$")


def check_folder(folder: Path, ext: str, force: bool) -> None:
    """Refuse to mix an export into a folder that already holds exported articles.

    Which files the export will write is only known as it streams; a folder that
    already holds exported articles is refused up front (without `force`) rather than
    half-way through, so that a refused export writes nothing.
    """
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder} is a file, not a folder")
    if force or not folder.is_dir():
        return
    try:
        entries = list(os.scandir(folder))
    except OSError as e:
        raise ExportError(f"cannot read folder {folder}: {_why(e)}") from e
    for entry in entries:
        m = _EXPORTED.match(entry.name)
        if m and m.group(1) == ext:
            raise ExportError(
                f"{folder} already holds exported articles ({entry.name}, ...); use --force "
                "to overwrite them, or choose an empty folder"
            )


def prepare_folder(folder: Path, ext: str, force: bool) -> None:
    """Create the folder of a one-file-per-article export (see check_folder)."""
    check_folder(folder, ext, force)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ExportError(f"cannot create folder {folder}: {_why(e)}") from e
    remove_stale(folder, "Q*")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ExportError(f"cannot write into folder {folder}: permission denied")


def finish_folder(folder: Path) -> None:
    """Make a folder export durable: one sync instead of one per file."""
    os.sync()
    _sync_folder(folder)
