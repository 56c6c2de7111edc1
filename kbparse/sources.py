"""Where articles come from: files, folders (recursive) and .zip/.tar archives read in place.

Each input yields (source name, bytes) or a ParseError; a bad input never stops the others.
Nothing is ever extracted to disk, so a member named `../../etc/passwd` cannot write
anywhere; it is still refused, because a name like that means a hostile archive.

Sizes are never taken on trust: a header can lie (a zip member declared 4 KB that inflates
to 1 GB), and a device or /proc file reports no size at all, so every read counts the bytes
it actually gets and stops one past the limit. Only regular files are opened: a FIFO named
`a.txt` would block the run forever and `/dev/zero` would fill the memory. A damaged
archive (a zlib or LZMA error, a checksum that does not match) is one error naming it; the
inputs after it are still read.
"""

from __future__ import annotations

import lzma
import os
import stat
import tarfile
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import IO

from .decode import MAX_BYTES
from .errors import ParseError

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")
ARCHIVE_SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz", ".tar.xz", ".txz", ".tar.bz2", ".tbz2")

Item = tuple[str, bytes] | ParseError


def is_archive(path: str | os.PathLike[str]) -> bool:
    return str(path).lower().endswith(ARCHIVE_SUFFIXES)


def _wanted(name: str) -> bool:
    base = name.rsplit("/", 1)[-1]
    return not base.startswith(".") and base.lower().endswith(ARTICLE_SUFFIXES)


def _unsafe(name: str) -> bool:
    p = PurePosixPath(name.replace("\\", "/"))
    return p.is_absolute() or ".." in p.parts or (len(name) > 1 and name[1] == ":")


def _too_big(source: str, size: int) -> ParseError:
    return ParseError(source, f"file is {size:,} bytes; articles are at most {MAX_BYTES:,} bytes")


# What a damaged archive raises while it is read: tarfile's and zipfile's own errors, the
# decompressors' (zlib.error and LZMAError are not OSErrors; a bad gzip or bz2 stream is),
# and EOFError for a stream cut short.
_DAMAGED = (
    tarfile.TarError,
    zipfile.BadZipFile,
    zlib.error,
    lzma.LZMAError,
    OSError,
    EOFError,
    RuntimeError,  # zipfile: an encrypted member
    NotImplementedError,  # zipfile: an unknown compression method
)
_CHUNK = 1 << 16


def _read_limited(f: IO[bytes]) -> bytes | None:
    """At most MAX_BYTES from `f`, counted as read; None when there is more."""
    chunks: list[bytes] = []
    total = 0
    while chunk := f.read(_CHUNK):
        total += len(chunk)
        if total > MAX_BYTES:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _regular(path: Path) -> os.stat_result | None:
    """The file's status when it is a regular file (links followed), else None."""
    try:
        st = path.stat()
    except OSError:
        return None
    return st if stat.S_ISREG(st.st_mode) else None


def _read_file(path: Path, source: str) -> Item:
    try:
        # O_NONBLOCK: should the path turn into a FIFO after it was checked, open() still
        # returns at once, and fstat() below refuses it.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as e:
        return ParseError(source, f"cannot read: {e.strerror or e}")
    with os.fdopen(fd, "rb") as f:
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                return ParseError(source, "not a regular file (skipped)")
            if st.st_size > MAX_BYTES:
                return _too_big(source, st.st_size)
            data = _read_limited(f)
        except OSError as e:
            return ParseError(source, f"cannot read: {e.strerror or e}")
    if data is None:
        return ParseError(source, f"file is over {MAX_BYTES:,} bytes; articles are at most that")
    return source, data


def _drain(fileobj: IO[bytes] | None) -> None:
    """Read a compressed stream to its end, so that its checksum is checked.

    tarfile stops at the end-of-archive blocks, before the gzip CRC or the xz check at
    the stream's end: a flipped byte would pass unnoticed.
    """
    if fileobj is not None:
        while fileobj.read(1 << 20):
            pass


def _iter_tar(path: Path) -> Iterator[Item]:
    try:
        with tarfile.open(path, mode="r:*") as tar:
            for member in tar:
                if not member.isfile() or not _wanted(member.name):
                    continue
                if _unsafe(member.name):
                    yield ParseError(f"{path}:{member.name}", "unsafe path in archive (skipped)")
                    continue
                if member.size > MAX_BYTES:
                    yield _too_big(member.name, member.size)
                    continue
                f = tar.extractfile(member)
                if f is not None:
                    data = _read_limited(f)
                    yield (
                        (member.name, data)
                        if data is not None
                        else _too_big(member.name, member.size)
                    )
            _drain(tar.fileobj)
    except _DAMAGED as e:
        yield ParseError(str(path), f"damaged archive: {e or type(e).__name__}")


def _iter_zip(path: Path) -> Iterator[Item]:
    try:
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                if info.is_dir() or not _wanted(info.filename):
                    continue
                if _unsafe(info.filename):
                    yield ParseError(f"{path}:{info.filename}", "unsafe path in archive (skipped)")
                    continue
                if info.file_size > MAX_BYTES:
                    yield _too_big(info.filename, info.file_size)
                    continue
                yield _read_member(zf, info, path)
    except _DAMAGED as e:
        yield ParseError(str(path), f"damaged archive: {e or type(e).__name__}")


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> Item:
    """One zip member; a damaged one is an error of its own (zip members are independent,
    so the next one is still read)."""
    try:
        with zf.open(info) as f:
            # Chunked: zipfile inflates a whole read() at once, whatever the header says.
            data = _read_limited(f)
    except _DAMAGED as e:
        return ParseError(f"{path}:{info.filename}", f"damaged member: {e or type(e).__name__}")
    if data is None:
        return _too_big(info.filename, info.file_size)
    return info.filename, data


def iter_inputs(paths: list[str]) -> Iterator[Item]:
    """Every article input under the given paths, in a stable order."""
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            yield ParseError(raw, "no such file or folder")
        elif path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs.sort()
                for name in sorted(files):
                    full = Path(root, name)
                    if _wanted(name):
                        yield _read_file(full, str(full))
                    elif is_archive(name):
                        yield from iter_inputs([str(full)])
        elif is_archive(path) and _regular(path) is None:
            yield ParseError(raw, "not a regular file (skipped)")
        elif is_archive(path):
            if zipfile.is_zipfile(path):
                yield from _iter_zip(path)
            else:
                yield from _iter_tar(path)
        else:
            yield _read_file(path, raw)
