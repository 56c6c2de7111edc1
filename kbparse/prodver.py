"""PROD/VER: 5,089 distinct values in the archive, read into (platform, versions) pairs.

Forms (see ../shared/docs/FORMATS.md section 1): `WINDOWS:3.1,3.11`, `:4.0`, `:`, `winnt:`,
`3.00 4.00` (no colon), `WINDOWS:97; winnt:4.0`, `windows:1.0,97,macintosh:1.0` (platforms
separated by commas only), `WFW:3.11;Win95;WinNT:4.0` (a bare platform), `4.0 5.0:Win95`
(reversed), and pipe columns `2.00 2.5x | 2.5x` that pair with OPER/SYS columns.
"""

from __future__ import annotations

import re

from .record import ProdVer

_VERSIONISH = re.compile(r"^\s*[0-9.]")
_PLATFORMISH = re.compile(r"^\s*[A-Za-z]")
_PLATFORM_NAME = re.compile(r"^[A-Za-z][^\s,]*$")
# `<versions> <PLATFORM>` before a colon inside a comma list.
_GLUED = re.compile(r"^\s*([0-9][^\s,]*(?:\s+[0-9][^\s,]*)*)\s+([A-Za-z][A-Za-z0-9/ -]*?)\s*$")


def split_columns(value: str) -> list[str]:
    """`MS-DOS | OS/2` -> ['MS-DOS', 'OS/2']; empty columns dropped."""
    return [c.strip() for c in value.split("|") if c.strip()]


def split_keywords(value: str) -> list[str]:
    return [t for t in value.replace("|", " ").split() if t]


def _versions(text: str, had_colon: bool) -> list[str]:
    text = text.strip()
    if not text:
        return []
    if had_colon:
        return [v.strip() for v in text.split(",") if v.strip()]
    # Without a colon the list is space-separated (`3.00 4.00`); commas separate too
    # (`5.0, 6.0`, `3.0 3.0b 5.0, 6.0`), but a comma item with words stays whole
    # (`2.11 SP2,3.0 (all SP)` after a stray `;`).
    if "," not in text:
        return text.split()
    out: list[str] = []
    for item in text.split(","):
        words = item.split()
        if all(_VERSIONISH.match(w) for w in words):
            out.extend(words)
        elif words:
            out.append(" ".join(words))
    return out


def _segment(seg: str, several: bool, warnings: list[str]) -> list[ProdVer]:
    seg = seg.strip()
    if not seg or seg == ":":
        return []
    if ":" not in seg:
        # `WFW:3.11;Win95;WinNT:4.0`: a lone name between platforms is a platform. A
        # segment with spaces or commas (`WinNT4.0,4.0a`) is a list of versions.
        if several and _PLATFORM_NAME.match(seg):
            warnings.append(f"PROD/VER segment {seg!r} read as a platform with no versions")
            return [ProdVer(platform=seg, versions=[])]
        return [ProdVer(platform="", versions=_versions(seg, False))]
    platform, _, rest = seg.partition(":")
    if (
        _VERSIONISH.match(platform)
        and _PLATFORMISH.match(rest)
        and ":" not in rest
        and "," not in rest
    ):
        warnings.append(f"PROD/VER {seg!r} read as reversed 'versions:platform'")
        return [ProdVer(platform=rest.strip(), versions=_versions(platform, False))]
    # `windows:1.0,97,macintosh:1.0`: a comma item holding a colon starts a new platform.
    out: list[ProdVer] = []
    current = ProdVer(platform=platform.strip(), versions=[])
    for item in rest.split(","):
        if ":" in item:
            p, _, v = item.partition(":")
            # `WINDOWS:4.0 MS-DOS:4.0`, `MS-DOS:7.0 WINDOWS:1.0`: the platform is glued
            # to the last version of the one before it by a space.
            glued = _GLUED.match(p)
            if glued:
                current.versions.append(glued.group(1).strip())
                p = glued.group(2)
            out.append(current)
            current = ProdVer(platform=p.strip(), versions=[])
            item = v
        if item.strip():
            current.versions.append(item.strip())
    out.append(current)
    return out


def parse_prod_ver(value: str, oper_sys: list[str], warnings: list[str]) -> list[ProdVer]:
    value = value.strip()
    if not value:
        return []
    if ":" not in value and ("|" in value or (oper_sys and len(oper_sys) == 1)):
        columns = [c.strip() for c in value.split("|")]
        if len(columns) == len(oper_sys):
            return [
                ProdVer(platform=os_name, versions=_versions(col, False))
                for col, os_name in zip(columns, oper_sys, strict=True)
            ]
        if "|" in value:
            # Column by column as far as OPER/SYS goes (`6.00 | 6.00` with `MS-DOS |`);
            # the columns beyond it have no platform.
            if oper_sys:
                warnings.append(
                    f"PROD/VER has {len(columns)} column(s) but OPER/SYS {len(oper_sys)}; "
                    "columns paired in order"
                )
            return [
                ProdVer(
                    platform=oper_sys[k] if k < len(oper_sys) else "",
                    versions=_versions(c, False),
                )
                for k, c in enumerate(columns)
                if c
            ]
    segments = value.split(";")
    several = len([s for s in segments if s.strip()]) > 1
    out: list[ProdVer] = []
    for seg in segments:
        out.extend(_segment(seg, several, warnings))
    return out
