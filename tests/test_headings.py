"""The shared line rules: underlines, rules and headings (headings.py), line walks (lines.py)."""

from __future__ import annotations

import re

import pytest

from kbassist.kbparse.headings import (
    EQ_RULE,
    at_heading,
    find_headings,
    fits,
    is_underline,
    underlined,
)
from kbassist.kbparse.lines import match_lines, next_text_line
from kbassist.kbparse.raw import month_number


@pytest.mark.parametrize("line", ["---", "===", "  -----  ", "=" * 79, "\t===\t"])
def test_underlines(line: str) -> None:
    assert is_underline(line)


@pytest.mark.parametrize("line", ["", "--", "==", "-=-=-=", "--- x", "***", "___", "- - -"])
def test_not_underlines(line: str) -> None:
    assert not is_underline(line)


def test_the_full_width_rule_is_twenty_or_more() -> None:
    assert EQ_RULE.match("=" * 20) and EQ_RULE.match("  " + "=" * 77 + " ")
    assert not EQ_RULE.match("=" * 19) and not EQ_RULE.match("-" * 40)


def test_an_underline_fits_its_text_give_or_take_three() -> None:
    assert fits("-" * 10, "x" * 7) and fits("-" * 10, "x" * 13)
    assert not fits("-" * 10, "x" * 6) and not fits("  " + "-" * 10, "x" * 14)


def test_underlined_lines() -> None:
    lines = ["Resolution", "----------", "", "Text", "--", "Long heading here", "---"]
    assert underlined(lines, 0) and underlined(lines, 0, fitted=True)
    assert not underlined(lines, 2)  # a blank line above a rule is no heading
    assert not underlined(lines, 3)  # `--` is too short for an underline
    assert underlined(lines, 5) and not underlined(lines, 5, fitted=True)
    assert not underlined(lines, 6)  # the last line has nothing under it


def test_a_block_ends_at_an_underlined_line_or_the_underline() -> None:
    lines = ["Message text", "", "MORE INFORMATION", "================", "x"]
    assert [at_heading(lines, i) for i in range(len(lines))] == [
        False,
        False,
        True,
        True,
        False,
    ]


def test_section_headings_follow_the_convention() -> None:
    lines = [
        "SYMPTOMS",
        "========",
        "",
        "A paragraph whose",
        "last line is no heading",
        "=======================",
        "",
        "Method 1",
        "--------",
        "",
        "Workaround",
        "----------",
        "",
        "  indented",
        "  --------",
    ]
    assert find_headings(lines) == [(0, "SYMPTOMS", 2), (10, "Workaround", 2)]


def test_question_labels_are_headings_only_without_underlined_ones() -> None:
    assert find_headings(["Question:", "text", "", "Response:", "text"]) == [
        (0, "Question", 1),
        (3, "Response", 1),
    ]
    assert find_headings(["Cause", "=====", "", "Question:", "text"]) == [(0, "Cause", 2)]


def test_next_text_line() -> None:
    lines = ["", "  ", "a", "", "b"]
    assert next_text_line(lines, 0) == 2
    assert next_text_line(lines, 3) == 4
    assert next_text_line(lines, 3, 4) == 4
    assert next_text_line(["", ""], 0) == 2


def test_match_lines_gives_each_line_once_in_order() -> None:
    assert match_lines(re.compile("x"), "x x\nno\n\nxx\n") == [0, 3]
    assert match_lines(re.compile("x"), "") == []


@pytest.mark.parametrize(
    ("name", "number"), [("JAN", 1), ("aug", 8), ("Dec", 12), ("Sept"[:3], 9), ("xyz", 0)]
)
def test_month_numbers(name: str, number: int) -> None:
    assert month_number(name) == number
