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


def split_columns(value: str) -> list[str]:
    """`MS-DOS | OS/2` -> ['MS-DOS', 'OS/2']; empty columns dropped."""
    return [c.strip() for c in value.split("|") if c.strip()]


def split_keywords(value: str) -> list[str]:
    return [t for t in value.replace("|", " ").split() if t]


def _versions(text: str, had_colon: bool) -> list[str]:
    text = text.strip()
    if not text:
        return []
    if had_colon or "," in text:
        return [v.strip() for v in text.split(",") if v.strip()]
    return text.split()


def _segment(seg: str, several: bool, warnings: list[str]) -> list[ProdVer]:
    seg = seg.strip()
    if not seg or seg == ":":
        return []
    if ":" not in seg:
        if several and _PLATFORMISH.match(seg) and not _VERSIONISH.match(seg):
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
            out.append(current)
            p, _, v = item.partition(":")
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
            warnings.append(
                f"PROD/VER has {len(columns)} column(s) but OPER/SYS {len(oper_sys)}; "
                "versions kept without platform"
            )
            return [ProdVer(platform="", versions=_versions(c, False)) for c in columns if c]
    segments = value.split(";")
    several = len([s for s in segments if s.strip()]) > 1
    out: list[ProdVer] = []
    for seg in segments:
        out.extend(_segment(seg, several, warnings))
    return out
