"""Where articles come from: files, folders (recursive) and .zip/.tar archives read in place.

Each input yields (source name, bytes) or a ParseError; a bad input never stops the others.
Nothing is ever extracted to disk, so a member named `../../etc/passwd` cannot write
anywhere; it is still refused, because a name like that means a hostile archive.
"""

from __future__ import annotations

import os
import tarfile
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

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


def _read_file(path: Path, source: str) -> Item:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return _too_big(source, size)
        return source, path.read_bytes()
    except OSError as e:
        return ParseError(source, f"cannot read: {e.strerror or e}")


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
                    yield member.name, f.read()
    except (tarfile.TarError, OSError, EOFError) as e:
        yield ParseError(str(path), f"cannot read archive: {e}")


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
                try:
                    yield info.filename, zf.read(info)
                except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as e:
                    yield ParseError(f"{path}:{info.filename}", f"cannot read member: {e}")
    except (zipfile.BadZipFile, OSError) as e:
        yield ParseError(str(path), f"cannot read archive: {e}")


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
        elif is_archive(path):
            if zipfile.is_zipfile(path):
                yield from _iter_zip(path)
            else:
                yield from _iter_tar(path)
        else:
            yield _read_file(path, raw)
