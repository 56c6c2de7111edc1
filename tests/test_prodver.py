"""PROD/VER: every form of the catalogue."""

from __future__ import annotations

import pytest

from kbparse.prodver import parse_prod_ver, split_columns, split_keywords


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
    ],
)
def test_forms(value: str, expected: list[tuple[str, list[str]]]) -> None:
    assert pv(value) == expected


def test_pipe_columns_pair_with_oper_sys() -> None:
    assert pv("2.00 2.5x | 2.5x 2.60", ["MS-DOS", "WINDOWS"]) == [
        ("MS-DOS", ["2.00", "2.5x"]),
        ("WINDOWS", ["2.5x", "2.60"]),
    ]


def test_repairs_are_reported() -> None:
    warnings: list[str] = []
    parse_prod_ver("4.0 5.0:Win95", [], warnings)
    parse_prod_ver("WFW:3.11;Win95", [], warnings)
    assert len(warnings) == 2


def test_columns_and_keywords() -> None:
    assert split_columns("MS-DOS | OS/2") == ["MS-DOS", "OS/2"]
    assert split_columns("MS-DOS |") == ["MS-DOS"]
    assert split_keywords("ENDUSER | | mspl13_basic") == ["ENDUSER", "mspl13_basic"]
