"""Inputs: files, folders and archives, read in place; hostile member paths refused."""

from __future__ import annotations

import io
import tarfile
import zipfile
from pathlib import Path

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
