"""Body layout: headings and their look-alikes, applies-to, header residue, footer forms."""

from __future__ import annotations

import pytest

from kbassist.kbparse import parse_text
from kbassist.kbparse.sections import kind_of

from articles import md_page, txt_article


def headings(text: str) -> list[tuple[str, str]]:
    return [(s.heading, s.kind) for s in parse_text(text, "t.txt").sections]


def test_heading_variants() -> None:
    body = "\n".join(
        [
            "                                  SUMMARY",
            "                                  =======",
            "",
            "Text.",
            "",
            "Steps to Reproduce Behavior",
            "---------------------------",
            "",
            "1. Do this.",
            "",
            "Workaround",
            "----------",
            "",
            "Do that.",
            "",
            "USING UNC IN PROGRAM ITEMS",
            "==========================",
            "",
            "More.",
            "",
            "Resolution 2",
            "============",
            "",
            "Second way.",
        ]
    )
    assert headings(txt_article(body=body)) == [
        ("SUMMARY", "summary"),
        ("Workaround", "workaround"),
        ("USING UNC IN PROGRAM ITEMS", "other"),
        ("Resolution 2", "resolution"),
    ]
    rec = parse_text(txt_article(body=body), "t.txt")
    # A non-canonical `-` sub-heading stays inside its section's text.
    assert "Steps to Reproduce Behavior\n---------------------------" in rec.sections[0].text


def test_last_body_line_above_footer_rule_is_not_a_heading() -> None:
    txt = txt_article(body="SUMMARY\n=======\n\nThe only paragraph.", query_words="")
    txt = txt.replace("Additional query words: \r\n\r\n", "")
    rec = parse_text(txt, "t.txt")
    assert [s.heading for s in rec.sections] == ["SUMMARY"]
    assert rec.sections[0].text == "The only paragraph."


def test_long_last_applies_to_item_is_not_a_heading() -> None:
    item = " - Invented Print Server Enterprise Edition for Very Long Product Names 1.0 "
    assert len(item.strip()) > 70
    rec = parse_text(txt_article(applies=(item,)), "t.txt")
    assert rec.applies_to == [item.strip()[2:]]
    assert rec.sections[0].heading == "SYMPTOMS"


@pytest.mark.parametrize(
    ("applies", "expected"),
    [
        # Nested items join their parent, in order.
        (
            (
                " - The C Run-Time (CRT), included with:",
                "    - Invented C for MS-DOS, versions 5.1, 6.0 ",
                "    - Invented C/C++, version 7.0, on platform(s):",
                "       - the operating system: Mac OS (ALL) ",
                " - Invented Basic 1.0 ",
            ),
            [
                "The C Run-Time (CRT), included with: Invented C for MS-DOS, versions 5.1, "
                "6.0 Invented C/C++, version 7.0, on platform(s): the operating system: "
                "Mac OS (ALL)",
                "Invented Basic 1.0",
            ],
        ),
        # An empty parent bullet's children stand alone, a continuation line joins its
        # item, an empty child adds nothing.
        (
            (
                " - ",
                "    - Invented C 5.1",
                " - Invented Basic 1.0,",
                "   running on MS-DOS",
                "    - ",
                "    - Invented Linker 2.0",
            ),
            ["Invented C 5.1", "Invented Basic 1.0, running on MS-DOS Invented Linker 2.0"],
        ),
    ],
)
def test_nested_applies_to_is_flattened_in_order(
    applies: tuple[str, ...], expected: list[str]
) -> None:
    rec = parse_text(txt_article(applies=applies), "t.txt")
    assert rec.applies_to == expected


def test_header_residue_and_old_footer() -> None:
    txt = txt_article(
        body="SUMMARY\n=======\n\nSlow printing.\n\nKBCategory: kbprint\nKBSubcategory: win30",
        footer="Keywords          :  \nTechnology        : kbWin300\n",
        query_words="3.00 3.0a",
    )
    rule = "=" * 70
    txt = txt.replace(
        rule + "\r\n" + "-" * 79,
        rule + "\r\n3.00 3.00a\r\nWINDOWS\r\nkbprint\r\n\r\n" + "-" * 79,
        1,
    )
    rec = parse_text(txt, "t.txt")
    assert rec.header_residue == ["3.00 3.00a", "WINDOWS", "kbprint"]
    assert rec.sections[0].text == "Slow printing."
    assert rec.kb_category == ["kbprint"]
    assert rec.kb_subcategory == ["win30"]
    # A real footer exists, so its (empty) Keywords win over KBCategory.
    assert rec.kb_keywords == []
    assert rec.additional_query_words == ["3.00", "3.0a"]


def test_article_without_headings_keeps_its_text_in_the_preamble() -> None:
    rec = parse_text(txt_article(body="Just a paragraph\nof two lines."), "t.txt")
    assert rec.sections == []
    assert rec.preamble == "Just a paragraph\nof two lines."


def test_question_response_labels_without_underlined_headings() -> None:
    body = "Question:\n\nWhy is the sky blue?\n\nResponse:\n\nScattering."
    assert headings(txt_article(body=body)) == [("Question", "question"), ("Response", "response")]
    page = md_page(txt_article(body=body))
    assert headings(page) == [("Question", "question"), ("Response", "response")]


def test_labels_inside_a_real_section_stay_text() -> None:
    body = "SUMMARY\n=======\n\nProblem:\n\nIt hangs.\n\nResponse:\n\nWait."
    assert headings(txt_article(body=body)) == [("SUMMARY", "summary")]


def test_footer_continuations_component_and_hardware() -> None:
    txt = txt_article(
        query_words="alpha beta\ngamma",
        footer="Keywords          : kbnetwork\nComponent         : spooler\n"
        "Technology        : kbA kbB\nVersion           : :4.0\nHardware          : x86 ALPHA\n"
        "Issue type        : kbprb\n",
    )
    rec = parse_text(txt, "t.txt")
    assert rec.additional_query_words == ["alpha", "beta", "gamma"]
    assert rec.component == ["spooler"]
    assert rec.hardware == ["x86", "ALPHA"]
    assert rec.issue_type == "kbprb"
    assert rec.solution_type is None
    assert rec.version_footer == ":4.0"


def test_kinds() -> None:
    assert kind_of("SYMPTOM") == "symptoms"
    assert kind_of("More Information") == "more_information"
    assert kind_of("WORK AROUND") == "workaround"
    assert kind_of("REFERENCE") == "references"
    assert kind_of("Cause 3") == "cause"
    assert kind_of("CAUSE/WORKAROUND/STATUS") == "other"
    assert kind_of("Problem") == "symptoms"


def test_applies_to_under_two_rules_and_after_a_note() -> None:
    rule = "=" * 70
    note = (
        "This article discusses a Beta release of an invented product. The\r\n"
        "information is provided as-is.\r\n"
    )
    txt = txt_article().replace(
        rule + "\r\n" + "-" * 79, rule + "\r\n" + "-" * 71 + "\r\n" + "-" * 79, 1
    )
    rec = parse_text(txt, "t.txt")
    assert rec.applies_to == ["Invented Print Server version 1.0"]
    assert rec.preamble == ""
    txt = txt_article().replace(rule + "\r\n" + "-" * 79, rule + "\r\n" + note + "-" * 79, 1)
    rec = parse_text(txt, "t.txt")
    assert rec.applies_to == ["Invented Print Server version 1.0"]
    # A sentence is a note for the reader, not header residue.
    assert rec.header_residue == []
    assert rec.preamble.startswith("This article discusses a Beta release")


def test_applies_to_without_rules() -> None:
    rule = "=" * 70
    block = (
        "The following information applies to:\r\n\r\n"
        " - Invented Windows operating system versions 3.0, 3.1\r\n\r\n"
        " - Invented Workgroups version 3.11\r\n\r\n"
    )
    txt = txt_article()
    start = txt.index(rule) + len(rule) + 2
    end = txt.index("SYMPTOMS")
    rec = parse_text(txt[:start] + block + txt[end:], "t.txt")
    assert rec.applies_to == [
        "Invented Windows operating system versions 3.0, 3.1",
        "Invented Workgroups version 3.11",
    ]
    assert rec.sections[0].heading == "SYMPTOMS"
    # The non-standard label line stays as text (nothing is lost).
    assert rec.preamble == "The following information applies to:"


def test_lines_above_a_rule_that_are_no_headings() -> None:
    body = "\n".join(
        [
            "SUMMARY",
            "=======",
            "",
            "A paragraph of two lines whose last line sits",
            "right above a rule.",
            "==================",
            "",
            "One short entry in a list of bugs.",
            "=" * 79,
            "",
            "  | Version | Compiler |",
            "  ======================",
            "",
            "=" * 40,
            "BOXED SECTION TITLE",
            "=" * 40,
            "",
            "Text.",
            "",
            "Underlined a Little Long",
            "=" * 30,
            "",
            "More text.",
        ]
    )
    assert headings(txt_article(body=body)) == [
        ("SUMMARY", "summary"),
        ("BOXED SECTION TITLE", "other"),
        ("Underlined a Little Long", "other"),
    ]


def test_labels_before_a_dash_canonical_heading() -> None:
    body = "Problem:\n\nIt hangs.\n\nResponse:\n\nIt is a bug.\n\nWorkaround\n----------\n\nWait."
    assert headings(txt_article(body=body)) == [
        ("Problem", "symptoms"),
        ("Response", "response"),
        ("Workaround", "workaround"),
    ]
    page = md_page(txt_article(body=body))
    assert [h for h, _ in headings(page)] == ["Problem", "Response", "Workaround"]


def test_old_word_lines_wrapped_and_without_a_footer_block() -> None:
    txt = txt_article(
        body="SYMPTOMS\n========\n\nIt hangs.\n\n"
        "Additional reference words: spool hang InventedWin InventedDos\n"
        "XPlatform\n"
        "KBCategory: kbtool kbprb\n"
        "KBSubcategory: InvSpool\n"
        "continued",
    )
    # An old article: no query-word line, no labelled block, only the disclaimer.
    cut = txt.index("\r\nAdditional query words:")
    txt = (
        txt[:cut]
        + "\r\n\r\n"
        + "=" * 77
        + "\r\n\r\n"
        + txt[txt.index("THE INFORMATION PROVIDED") :]
    )
    rec = parse_text(txt, "t.txt")
    assert rec.additional_query_words == [
        "spool",
        "hang",
        "InventedWin",
        "InventedDos",
        "XPlatform",
    ]
    assert rec.kb_keywords == ["kbtool", "kbprb"]
    assert rec.kb_subcategory == ["InvSpool", "continued"]
    assert rec.sections[0].text == "It hangs."


def test_dash_underlined_spelling_variants_of_canonical_names() -> None:
    body = "\n".join(
        [
            "CAUSE",
            "=====",
            "",
            "A stale handle.",
            "",
            "WORK AROUND",
            "-----------",
            "",
            "Restart the spooler.",
            "",
            "Workarounds",
            "-----------",
            "",
            "Or reboot.",
            "",
            "Additional Information",
            "----------------------",
            "",
            "Not a section name.",
        ]
    )
    assert headings(txt_article(body=body)) == [
        ("CAUSE", "cause"),
        ("WORK AROUND", "workaround"),
        ("Workarounds", "workaround"),
    ]
