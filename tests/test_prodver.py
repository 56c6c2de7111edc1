"""PROD/VER: every form of the catalogue."""

from __future__ import annotations

import pytest

from kbassist.kbparse.prodver import parse_prod_ver, split_columns, split_keywords


def pv(value: str, oper_sys: list[str] | None = None) -> list[tuple[str, list[str]]]:
    return [(p.platform, p.versions) for p in parse_prod_ver(value, oper_sys or [], [])]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("WINDOWS:3.1,3.11", [("WINDOWS", ["3.1", "3.11"])]),
        (":4.0", [("", ["4.0"])]),
        ("", []),
        (":", []),
        ("winnt:", [("winnt", [])]),
        ("3.00 4.00", [("", ["3.00", "4.00"])]),
        ("95", [("", ["95"])]),
        ("WINDOWS:97; winnt:4.0", [("WINDOWS", ["97"]), ("winnt", ["4.0"])]),
        ("WINDOWS:97;winnt:4.0", [("WINDOWS", ["97"]), ("winnt", ["4.0"])]),
        ("windows:1.0,97,macintosh:1.0", [("windows", ["1.0", "97"]), ("macintosh", ["1.0"])]),
        (
            "WFW:3.11;Win95;WinNT:3.1,4.0",
            [("WFW", ["3.11"]), ("Win95", []), ("WinNT", ["3.1", "4.0"])],
        ),
        ("MAC:2.0;", [("MAC", ["2.0"])]),
        ("WINDOWS:2.0; :", [("WINDOWS", ["2.0"])]),
        ("4.0 5.0:Win95", [("Win95", ["4.0", "5.0"])]),
        (":2.0 SP2,4.0SP1", [("", ["2.0 SP2", "4.0SP1"])]),
        ("MS-DOS:1.0; :1.0,1.01", [("MS-DOS", ["1.0"]), ("", ["1.0", "1.01"])]),
        ("WINDOWS NT:1.0,2.0,4.", [("WINDOWS NT", ["1.0", "2.0", "4."])]),
        # Versions after a colon split on commas only, even when they hold spaces.
        ("WINDOWS:4.0 5.0", [("WINDOWS", ["4.0 5.0"])]),
        # Without a colon commas separate too; words keep a comma item whole.
        ("5.0, 6.0", [("", ["5.0", "6.0"])]),
        ("3.0 3.0b 5.0, 6.0", [("", ["3.0", "3.0b", "5.0", "6.0"])]),
        (
            "WINDOWS:2.1,2.11 SP1;2.11 SP2,3.0 (all SP)",
            [("WINDOWS", ["2.1", "2.11 SP1"]), ("", ["2.11 SP2", "3.0 (all SP)"])],
        ),
        # A platform glued to the last version of the one before it by a space.
        ("WINDOWS:4.0 MS-DOS:4.0", [("WINDOWS", ["4.0"]), ("MS-DOS", ["4.0"])]),
        (
            "MS-DOS:6.0,7.0 WINDOWS:1.0,1.5; WINDOWS NT:1.0",
            [("MS-DOS", ["6.0", "7.0"]), ("WINDOWS", ["1.0", "1.5"]), ("WINDOWS NT", ["1.0"])],
        ),
        # Only a lone name between `;` is a platform without versions.
        ("WinNT4.0,4.0a;WINDOWS:95", [("", ["WinNT4.0", "4.0a"]), ("WINDOWS", ["95"])]),
    ],
)
def test_forms(value: str, expected: list[tuple[str, list[str]]]) -> None:
    assert pv(value) == expected


def test_pipe_columns_pair_with_oper_sys() -> None:
    assert pv("2.00 2.5x | 2.5x 2.60", ["MS-DOS", "WINDOWS"]) == [
        ("MS-DOS", ["2.00", "2.5x"]),
        ("WINDOWS", ["2.5x", "2.60"]),
    ]


def test_pipe_columns_beyond_oper_sys_have_no_platform() -> None:
    # `Version(s): 6.00 | 6.00` with `Operating System(s): MS-DOS |`.
    assert pv("6.00   | 6.00", ["MS-DOS"]) == [("MS-DOS", ["6.00"]), ("", ["6.00"])]
    # TXT articles with pipe columns and an empty OPER/SYS.
    assert pv("4.00 | 4.00 4.10") == [("", ["4.00"]), ("", ["4.00", "4.10"])]


def test_repairs_are_reported() -> None:
    warnings: list[str] = []
    parse_prod_ver("4.0 5.0:Win95", [], warnings)
    parse_prod_ver("WFW:3.11;Win95", [], warnings)
    assert len(warnings) == 2


def test_columns_and_keywords() -> None:
    assert split_columns("MS-DOS | OS/2") == ["MS-DOS", "OS/2"]
    assert split_columns("MS-DOS |") == ["MS-DOS"]
    assert split_keywords("ENDUSER | | mspl13_basic") == ["ENDUSER", "mspl13_basic"]
