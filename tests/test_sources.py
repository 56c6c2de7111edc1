"""Inputs: files, folders and archives, read in place; hostile member paths refused."""

from __future__ import annotations

import io
import os
import tarfile
import zipfile
from pathlib import Path

import pytest

from kbassist.kbparse import ParseError
from kbassist.kbparse.sources import iter_inputs

from articles import md_page, txt_article


def _tar(path: Path, members: dict[str, bytes], mode: str = "w:xz") -> None:
    with tarfile.open(path, mode) as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def test_folder_is_read_recursively_and_in_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a.TXT").write_text(txt_article("Q1"))
    (tmp_path / "b" / "README.md").write_text(md_page(txt_article("Q2")))
    (tmp_path / "b" / "notes.docx").write_bytes(b"ignored")
    (tmp_path / ".hidden.txt").write_text("ignored")
    names = [item[0] for item in iter_inputs([str(tmp_path)]) if not isinstance(item, ParseError)]
    assert names == [str(tmp_path / "a.TXT"), str(tmp_path / "b" / "README.md")]


def test_tar_members_are_named_by_member_path(tmp_path: Path) -> None:
    archive = tmp_path / "kb.tar.xz"
    _tar(archive, {"txt/001/Q1.TXT": txt_article("Q1").encode()})
    items = list(iter_inputs([str(archive)]))
    assert items == [("txt/001/Q1.TXT", txt_article("Q1").encode())]


def test_unsafe_member_paths_are_refused(tmp_path: Path) -> None:
    archive = tmp_path / "evil.tar"
    _tar(archive, {"../../escape.txt": b"x", "ok/Q1.TXT": txt_article("Q1").encode()}, "w")
    zpath = tmp_path / "evil.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        zf.writestr("../up.txt", "x")
        zf.writestr("/abs.txt", "x")
        zf.writestr("fine/Q2.TXT", txt_article("Q2"))
    items = list(iter_inputs([str(archive), str(zpath)]))
    errors = [i for i in items if isinstance(i, ParseError)]
    good = [i[0] for i in items if not isinstance(i, ParseError)]
    assert good == ["ok/Q1.TXT", "fine/Q2.TXT"]
    assert len(errors) == 3
    assert all("unsafe path" in e.reason for e in errors)
    assert not (tmp_path.parent / "escape.txt").exists()


def test_missing_and_corrupt_inputs(tmp_path: Path) -> None:
    bad = tmp_path / "broken.zip"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    items = list(iter_inputs([str(tmp_path / "nope.txt"), str(bad)]))
    assert [type(i) for i in items] == [ParseError, ParseError]
    assert "no such file" in items[0].reason


# Damaged and hostile inputs: one error naming the input, and the inputs after it are read.


def _good(tmp_path: Path) -> Path:
    path = tmp_path / "after.txt"
    path.write_text(txt_article("Q9"))
    return path


def _split(items: list) -> tuple[list[str], list[ParseError]]:
    good = [i[0] for i in items if not isinstance(i, ParseError)]
    return good, [i for i in items if isinstance(i, ParseError)]


def _flip(path: Path, at: float = 0.5) -> None:
    data = bytearray(path.read_bytes())
    data[int(len(data) * at)] ^= 0xFF
    path.write_bytes(bytes(data))


def test_a_zip_member_with_a_zlib_error_is_reported_and_the_rest_read(tmp_path: Path) -> None:
    zpath = tmp_path / "kb.zip"
    big = (txt_article("Q1") + " ".join(f"word{i}" for i in range(4000))).encode()
    with zipfile.ZipFile(zpath, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a/Q1.TXT", big)
        zf.writestr("b/Q2.TXT", txt_article("Q2"))
    # Damage the first member's compressed data, well inside it.
    data = bytearray(zpath.read_bytes())
    start = data.index(b"a/Q1.TXT") + len("a/Q1.TXT")
    for k in range(40):
        data[start + 200 + k] ^= 0x55
    zpath.write_bytes(bytes(data))
    good, errors = _split(list(iter_inputs([str(zpath), str(_good(tmp_path))])))
    assert good == ["b/Q2.TXT", str(tmp_path / "after.txt")]
    assert len(errors) == 1 and errors[0].source.endswith("kb.zip:a/Q1.TXT")
    assert "damaged member" in errors[0].reason


@pytest.mark.parametrize(
    "mode,suffix", [("w:xz", "tar.xz"), ("w:gz", "tar.gz"), ("w:bz2", "tar.bz2")]
)
def test_a_damaged_compressed_tar_is_one_error_and_the_next_input_is_read(
    tmp_path: Path, mode: str, suffix: str
) -> None:
    archive = tmp_path / f"kb.{suffix}"
    # Incompressible-ish text, so the flipped byte lands in the middle of real data.
    members = {
        f"txt/Q{i}.TXT": (txt_article(f"Q{i}") + " ".join(f"w{i * j}" for j in range(300))).encode()
        for i in range(1, 30)
    }
    _tar(archive, members, mode)
    _flip(archive)
    good, errors = _split(list(iter_inputs([str(archive), str(_good(tmp_path))])))
    assert good[-1] == str(tmp_path / "after.txt")
    assert len(errors) == 1 and errors[0].source == str(archive)
    assert "damaged archive" in errors[0].reason


def test_a_tar_gz_with_a_bad_checksum_is_not_read_as_good(tmp_path: Path) -> None:
    """A flipped byte the decompressor cannot see (stored block) is caught by the CRC."""
    raw = tmp_path / "kb.tar"
    _tar(raw, {"txt/Q1.TXT": txt_article("Q1").encode()}, "w")
    import gzip

    archive = tmp_path / "kb.tar.gz"
    archive.write_bytes(gzip.compress(raw.read_bytes(), compresslevel=0))
    data = bytearray(archive.read_bytes())
    # gzip header (10) + stored block header (5) + tar header (512): the member's text.
    data[10 + 5 + 512 + 100] ^= 0x01
    archive.write_bytes(bytes(data))
    _good_names, errors = _split(list(iter_inputs([str(archive)])))
    assert len(errors) == 1 and "damaged archive" in errors[0].reason


def test_a_zip_member_larger_than_its_header_says_is_refused_in_bounded_memory(
    tmp_path: Path,
) -> None:
    import tracemalloc

    zpath = tmp_path / "bomb.zip"
    with zipfile.ZipFile(zpath, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("Q1.TXT", b"A" * (64 * 1024 * 1024))
    data = bytearray(zpath.read_bytes())
    central = data.index(b"PK\x01\x02")
    data[central + 24 : central + 28] = (4096).to_bytes(4, "little")  # "4 KB", it says
    zpath.write_bytes(bytes(data))
    tracemalloc.start()
    try:
        good, errors = _split(list(iter_inputs([str(zpath)])))
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert good == [] and len(errors) == 1
    assert peak < 32 * 1024 * 1024, f"peak {peak / 1e6:.0f} MB"


def test_only_regular_files_are_read(tmp_path: Path) -> None:
    folder = tmp_path / "kb"
    folder.mkdir()
    (folder / "zero.txt").symlink_to("/dev/zero")
    os.mkfifo(folder / "fifo.txt")
    os.mkfifo(tmp_path / "pipe.zip")
    (folder / "Q1.TXT").write_text(txt_article("Q1"))
    items = list(iter_inputs([str(folder), "/dev/zero", str(tmp_path / "pipe.zip")]))
    good, errors = _split(items)
    assert good == [str(folder / "Q1.TXT")]
    assert len(errors) == 4
    assert all("not a regular file" in e.reason for e in errors)


def test_control_characters_in_names_never_reach_the_error_line(tmp_path: Path) -> None:
    archive = tmp_path / "evil.tar"
    _tar(archive, {"../\x1b]52;c;ZXZpbA==\x07\x1b[2J.txt": b"x"}, "w")
    (error,) = list(iter_inputs([str(archive)]))
    assert isinstance(error, ParseError)
    line = str(error)
    assert "\x1b" not in line and "\x07" not in line
    assert "\\x1b]52;c;" in line  # shown, escaped: the reader sees what the name holds
