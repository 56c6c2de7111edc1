"""extract_error_codes: STOP codes, HRESULTs, NTSTATUS, Win32 errors and event IDs.

The fixtures are invented sentences laid out the way the archive lays them out.
"""

from __future__ import annotations

from kbassist.kbparse.codes import extract_error_codes
from kbassist.kbparse.record import ErrorCode


def body(text: str) -> list[str]:
    return text.strip("\n").split("\n")


def triples(lines: list[str]) -> list[tuple[str, str, str]]:
    return [(c.text, c.kind, c.value) for c in extract_error_codes(lines)]


def test_stop_code_forms_share_one_canonical_value() -> None:
    lines = body("""
After the upgrade the server stops with STOP 0x0000007B during startup.

   *** STOP 0x0000007B (0xF0203A2C,0xC0000034,0x00000000,0x00000000)
   INACCESSIBLE_BOOT_DEVICE

On the second computer a Stop 0x1E error appears, and on the third:

   STOP: 0x0000000A (0x00000004, 0x00000002, 0x00000000, 0x8012A9F3)
""")
    assert triples(lines) == [
        ("STOP 0x0000007B", "stop", "0x7b"),
        ("Stop 0x1E", "stop", "0x1e"),
        ("STOP: 0x0000000A", "stop", "0xa"),
    ]


def test_stop_parameters_are_not_codes_of_their_own() -> None:
    # 0xC0000034 inside the parameter list would otherwise read as an NTSTATUS code.
    codes = extract_error_codes(
        body("""
   STOP 0x0000007B (0xF0203A2C, 0xC0000034, 0x00000000, 0x00000000)
""")
    )
    assert codes == [ErrorCode(text="STOP 0x0000007B", kind="stop", value="0x7b")]


def test_stop_code_inside_its_parameter_parentheses() -> None:
    # Some blue screens print the code as the first value of the parenthesised list.
    lines = body("""
You may receive the following error message on a blue screen:

  STOP (0x00000050 0xC0000034 0x00000000 0x00000002)
""")
    assert triples(lines) == [("STOP (0x00000050", "stop", "0x50")]


def test_hresult_forms() -> None:
    lines = body("""
The client reports error 0x80070005, and Visual Basic shows:

   Run-time error '-2147217865 (80040e37)': Table does not exist.

Later the log records hr=0x8007000E and the code returned is 8004010F.
""")
    got = [(k, v) for _, k, v in triples(lines)]
    assert ("hresult", "0x80070005") in got
    assert ("hresult", "0x80040e37") in got  # both spellings of one code, kept once
    assert got.count(("hresult", "0x80040e37")) == 1
    assert ("hresult", "0x8004010f") in got


def test_hresult_value_of_a_negative_decimal() -> None:
    assert triples(body("The method fails with error -2147467259.")) == [
        ("-2147467259", "hresult", "0x80004005")
    ]


def test_ntstatus_with_and_without_prefix() -> None:
    lines = body("""
   The instruction caused an exception 0xC0000005 (access violation).
   Exception number: c0000005 (access violation)
   Logon failed with status 0xC000006D.
""")
    assert triples(lines) == [
        ("0xC0000005", "ntstatus", "0xc0000005"),
        ("0xC000006D", "ntstatus", "0xc000006d"),
    ]


def test_event_ids_in_prose_and_in_event_viewer_fields() -> None:
    lines = body("""
The service logs event ID 1167 and then stops.

   Event ID: 2011
   Source: Srv
   Description: The server's configuration parameter "irpstacksize" is too
   small for the server to use a local device.

   Event 3030   MSExchangeMTA
   A database error occurred.
""")
    assert triples(lines) == [
        ("event ID 1167", "event", "1167"),
        ("Event ID: 2011", "event", "2011"),
        ("Event 3030", "event", "3030"),
    ]


def test_decimal_win32_errors_and_basic_run_time_errors() -> None:
    lines = body("""
   System error 5 has occurred.

When you connect you receive error 1326, or Error 53: The network path was not
found. The macro stops with Run-time error '13': Type mismatch.
""")
    assert triples(lines) == [
        ("System error 5", "win32", "5"),
        ("error 1326", "win32", "1326"),
        ("Error 53", "win32", "53"),
        ("Run-time error '13'", "other", "13"),
    ]


def test_other_hex_codes_need_an_error_context() -> None:
    lines = body("""
MS-DOS returns error 0x24 when the sharing buffer overflows. The buffer starts at
address 0x0040:0x0000 and the flag 0x80 is set.
""")
    assert triples(lines) == [("0x24", "other", "0x24")]


def test_addresses_dumps_and_definitions_are_not_codes() -> None:
    lines = body("""
   Dr. Watson: Exception: access violation, Address: 0x77f1d493
   The instruction at 0x8012fae3 referenced memory at 0x00000000.
   eax=80040005 ebx=80070057 ecx=00000000 edx=c0000005 esi=00000000
   #define E_MYFLAG 0x80004005
""")
    assert extract_error_codes(lines) == []


def test_a_code_named_with_an_equals_sign() -> None:
    # The fatal-error line of Visual FoxPro and Dr. Watson; an assignment is not a code.
    lines = body("""
   Fatal error: Exception code=C0000005 @ 02/27/02 09:19:59
   Fatal error: Exception: code:=C00000FD
The sample sets x=c0000017 before it calls the function.
""")
    assert triples(lines) == [
        ("C0000005", "ntstatus", "0xc0000005"),
        ("C00000FD", "ntstatus", "0xc00000fd"),
    ]


def test_related_article_titles_name_other_articles_codes() -> None:
    lines = body("""
For more information, see the following article:

   Q999001 Stop 0x0000000A in Example.sys on Multiprocessor Computers
""")
    assert extract_error_codes(lines) == []


def test_distinct_by_kind_and_value_in_order_of_first_appearance() -> None:
    lines = body("""
Event ID 5719 is logged. The call then fails with 0x80070035 and event ID 5719
is logged again; error 53 follows, then 0x80070035 once more.
""")
    assert [(k, v) for _, k, v in triples(lines)] == [
        ("event", "5719"),
        ("hresult", "0x80070035"),
        ("win32", "53"),
    ]


def test_no_codes() -> None:
    assert extract_error_codes([]) == []
    assert extract_error_codes(body("To stop the service, click Stop.")) == []


def test_words_ending_in_code_and_plain_numbers_do_not_name_a_code() -> None:
    # "Opcode" and "Sequence Number" in a trace, a port number: not error codes.
    lines = body("""
   FRAME: Opcode = 1 (0x1)
   TCP: Sequence Number = 4711 (0x1267)

The listener uses the default port number (0x7A1C) unless you change it.
""")
    assert triples(lines) == []


def test_constant_listings_of_negative_decimals_are_not_hresults() -> None:
    lines = body("""
   #DEFINE HKEY_CURRENT_CONFIG   -2147483643
   Const HKEY_PERFORMANCE_DATA = -2147483644
""")
    assert triples(lines) == []


def test_error_words_glued_to_a_name_still_name_the_code() -> None:
    lines = body("""
   Thread 12 LastErr:0x000003e5 State:Waiting
   The call returned WINERROR 0x57, and the SCODE was E_FAIL($80004005).
""")
    got = [(k, v) for _, k, v in triples(lines)]
    assert ("other", "0x3e5") in got
    assert ("other", "0x57") in got
    assert ("hresult", "0x80004005") in got
