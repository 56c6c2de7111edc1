"""Tests for kbparse.manifest.extract_files.

The tables here are invented (file names, sizes and dates are made up) in the layouts
the archive uses; the archive itself is only read at run time, by the last tests.
"""

from __future__ import annotations

import json
import tarfile

import msgspec
import pytest

from kbassist.kbparse.manifest import extract_files
from kbassist.kbparse.parser import parse_bytes
from kbassist.kbparse.record import FileRow

from conftest import need_corpus, need_examples


def rows(text: str) -> list[dict]:
    """Rows found in a body written as one string, as plain dicts."""
    files, _ = extract_files(text.split("\n"))
    return [msgspec.to_builtins(f) for f in files]


def row(
    name: str,
    date: str | None = None,
    time: str | None = None,
    version: str | None = None,
    size_bytes: int | None = None,
    size_text: str | None = None,
    platform: str | None = None,
) -> dict:
    return {
        "date": date,
        "time": time,
        "version": version,
        "size_bytes": size_bytes,
        "size_text": size_text,
        "name": name,
        "platform": platform,
    }


def test_no_table_gives_nothing() -> None:
    body = [
        "SYMPTOMS",
        "========",
        "",
        "When you open a file dated 3/4/99, the size of the window  changes.",
        "Version 2.0 of the program fixes this.",
    ]
    assert extract_files(body) == ([], [])


def test_platform_column_blank_version_and_12h_times() -> None:
    body = """\
The English version of this fix should have the following file attributes or
later:

   Date      Time    Version      Size    File name     Platform
   -------------------------------------------------------------
   04/11/98  06:20p               312,400 Frobnic.sys   (x86)
   04/11/98  12:05a  4.0.1381.17  498,112 Frobnic.sys   (Alpha)

STATUS
======
"""
    assert rows(body) == [
        row("Frobnic.sys", "1998-04-11", "18:20", None, 312400, "312,400", "x86"),
        row("Frobnic.sys", "1998-04-11", "00:05", "4.0.1381.17", 498112, "498,112", "Alpha"),
    ]


def test_right_aligned_size_is_not_taken_for_a_blank_version() -> None:
    body = """\
   Date        Version    Size        File name     Platform
   ---------------------------------------------------------
   02/14/2001                    58   Zapver.ini    Alpha
   02/15/2001  1240.1077  6,100,432   Zapsetup.exe  Alpha
   02/14/2001                    58   Zapver.ini    Intel
"""
    got = rows(body)
    assert [r["version"] for r in got] == [None, "1240.1077", None]
    assert [r["size_bytes"] for r in got] == [58, 6100432, 58]
    assert [r["time"] for r in got] == [None, None, None]
    assert [r["platform"] for r in got] == ["Alpha", "Alpha", "Intel"]


def test_date_and_time_in_one_column_with_a_blank_version() -> None:
    body = """\
   File name     Version    Date/Time         Size     Destination folder
   ----------------------------------------------------------------------
   Quuxlib.dll   4.00.901    3/02/97 10:41am   33,280  Windows\\System
   Quux.exe                 11/30/96 7:05pm   402,116  Windows
"""
    assert rows(body) == [
        row("Quuxlib.dll", "1997-03-02", "10:41", "4.00.901", 33280, "33,280"),
        row("Quux.exe", "1996-11-30", "19:05", None, 402116, "402,116"),
    ]


@pytest.mark.parametrize(
    ("cell", "iso"),
    [
        ("07/04/98", "1998-07-04"),
        ("07/04/03", "2003-07-04"),
        ("07/04/1979", "1979-07-04"),
        ("07-04-1999", "1999-07-04"),
        ("04-Jul-2001", "2001-07-04"),
        ("04-Jul-01", "2001-07-04"),
        ("2001-07-04", "2001-07-04"),
    ],
)
def test_date_forms(cell: str, iso: str) -> None:
    body = f"""\
   Date          Size     File name
   --------------------------------
   {cell:<12}  10,240   Widget.dll
"""
    assert [r["date"] for r in rows(body)] == [iso]


@pytest.mark.parametrize(
    ("cell", "hhmm"),
    [
        ("06:20p", "18:20"),
        ("9:52am", "09:52"),
        ("3:00:00a", "03:00:00"),
        ("12:00a", "00:00"),
        ("12:30p", "12:30"),
        ("5:35 PM", "17:35"),
        ("23:59", "23:59"),
    ],
)
def test_time_forms(cell: str, hhmm: str) -> None:
    body = f"""\
   Date      Time       Size     File name
   ---------------------------------------
   01/02/99  {cell:<9}  10,240   Widget.dll
"""
    assert [r["time"] for r in rows(body)] == [hhmm]


def test_size_forms() -> None:
    body = """\
   Date      Time     Size            File name    Platform
   --------------------------------------------------------
   01/11/00  5:35 PM  17.7K           Gadget.dll   Alpha
   01/11/00  5:29 PM  44 KB           Gadget.dll   i386
   01/11/00  5:30 PM  1.33 MB         Gizmo.exe    i386
   01/11/00  5:31 PM  372,634 bytes   Gizmo.cpl    i386
   01/11/00  5:32 PM  16,256b         Gizmo.vxd    i386
   01/11/00  5:33 PM  7               Gizmo.ini    i386
"""
    got = rows(body)
    assert [(r["size_bytes"], r["size_text"]) for r in got] == [
        (None, "17.7K"),
        (None, "44 KB"),
        (None, "1.33 MB"),
        (372634, "372,634 bytes"),
        (16256, "16,256b"),
        (7, "7"),
    ]


def test_boxed_tables_take_platform_from_sub_headings() -> None:
    body = """\
MS-DOS
------

+------------------------------------------+
| File name     | Date    | Size           |
+------------------------------------------+
| Relay.ovl     | 6/30/98 | 212,110 bytes  |
+------------------------------------------+
| Relay.exe     | 6/29/98 | 40,998 bytes   |
+------------------------------------------+

OS/2
----

+------------------------------------------+
| File name     | Date    | Size           |
+------------------------------------------+
| Relay.ovl     | 6/28/98 | 199,004 bytes  |
+------------------------------------------+
"""
    assert rows(body) == [
        row("Relay.ovl", "1998-06-30", None, None, 212110, "212,110 bytes", "MS-DOS"),
        row("Relay.exe", "1998-06-29", None, None, 40998, "40,998 bytes", "MS-DOS"),
        row("Relay.ovl", "1998-06-28", None, None, 199004, "199,004 bytes", "OS/2"),
    ]


def test_a_language_column_is_not_a_platform() -> None:
    body = """\
Windows for Workgroups 3.11
---------------------------

   Date       Time     Size      File name     Language
   -----------------------------------------------------
    3/10/97   3:12pm   160,112   Shellx.exe    English
    7/01/97   2:08pm   161,020   Shellx.exe    Portuguese (Brazilian)
"""
    got = rows(body)
    assert [r["platform"] for r in got] == ["Windows for Workgroups 3.11"] * 2
    assert [r["size_bytes"] for r in got] == [160112, 161020]


def test_steps_and_disks_are_not_platform_headings() -> None:
    body = """\
Steps to Reproduce Behavior
---------------------------

   Date      Time    Size     File name
   ------------------------------------
   01/02/99  10:00   10,240   Widget.dll

Disk 3
------

   Date      Time    Size     File name
   ------------------------------------
   01/02/99  10:00   10,240   Widget.dll
"""
    assert [r["platform"] for r in rows(body)] == [None, None]


def test_section_heading_ends_platform_scope() -> None:
    body = """\
Windows NT 4.0
--------------

Some text.

MORE INFORMATION
================

   Date      Time    Size     File name
   ------------------------------------
   01/02/99  10:00   10,240   Widget.dll
"""
    assert [r["platform"] for r in rows(body)] == [None]


def test_name_and_version_hotfix_list() -> None:
    body = """\
+---------------------------+
| File name    | Version    |
+---------------------------+
| Mailer.dll   | 5.5.2600.1 |
+---------------------------+
| Sched.sch    | N/A        |
+---------------------------+
"""
    assert rows(body) == [
        row("Mailer.dll", version="5.5.2600.1"),
        row("Sched.sch", version="N/A"),
    ]


def test_rows_after_a_blank_line_and_table_end() -> None:
    body = """\
   Date        Time      Size     File name   Platform
   ---------------------------------------------------
   10/07/1999  03:13p  123,152  Alpha1.sys  x86

   10/07/1999  03:11p  222,800  Alpha1.sys  Alpha

NOTE: a later line such as 10/07/1999 Other.dll 12,345 is prose, not a row.
"""
    got = rows(body)
    assert [(r["name"], r["platform"]) for r in got] == [
        ("Alpha1.sys", "x86"),
        ("Alpha1.sys", "Alpha"),
    ]


def test_several_tables_in_order() -> None:
    body = """\
   File Name        File Size   File Date
   --------------------------------------
   ONE.DLL             97,600   08-17-94
   TWO.EXE                  7   03-24-93

More text in between.

   Filename       Size        Modified
   -------------------------------------------
   Three.inf      1,580       01/08/99   6:10p
"""
    got = rows(body)
    assert [r["name"] for r in got] == ["ONE.DLL", "TWO.EXE", "Three.inf"]
    assert got[2]["time"] == "18:10"
    assert got[1]["size_bytes"] == 7


def test_wrapped_platform_cell_is_joined() -> None:
    body = """\
   Date      Time    Version    Size    File name  Platform
   ---------------------------------------------------------
   09/23/99  02:57p  4.10.2224  80,409  Netx.386   Windows 98 Second
                                                   Edition
"""
    assert [r["platform"] for r in rows(body)] == ["Windows 98 Second Edition"]


def test_dos_dir_listing_gives_rows_but_dir_entries_do_not() -> None:
    body = """\
 Volume in drive A is DISK1
 Directory of A:\\

.            <DIR>        07-24-93   5:11a
SUBDIR       <DIR>        07-24-93   5:11a
WIDGET   SYS      15,476 07-24-93   5:11a
LOADER           116,528 07-24-93  12:00p

        2 file(s)      132,004 bytes
"""
    assert rows(body) == [
        row("WIDGET.SYS", "1993-07-24", "05:11", None, 15476, "15,476"),
        row("LOADER", "1993-07-24", "12:00", None, 116528, "116,528"),
    ]


def test_nt_dir_and_cabinet_listings() -> None:
    body = """\
08/01/95  06:51p                87,916 Unpack.exe
08/01/95  11:57a                   149 Setup.ini
              2 File(s)         88,065 bytes

08-01-1995  3:40:10p ----       133,104 setup.stf
"""
    assert rows(body) == [
        row("Unpack.exe", "1995-08-01", "18:51", None, 87916, "87,916"),
        row("Setup.ini", "1995-08-01", "11:57", None, 149, "149"),
        row("setup.stf", "1995-08-01", "15:40:10", None, 133104, "133,104"),
    ]


def test_headerless_time_stamp_lines() -> None:
    body = """\
This fix should have the following time stamp:

   Relayd.exe     6/11/98   4:39p    81,245 bytes (version 3.5.30)
   02/03/98  09:27p                46,288 Logsvc.dll (Intel)
   Spoolx.dll   version 4.10.1600  dated 4/8/98 4:57pm  71,168 bytes

The fix replaces Relayd.exe dated 6/11/98 with 81,245 bytes of new code.
"""
    assert rows(body) == [
        row("Relayd.exe", "1998-06-11", "16:39", "3.5.30", 81245, "81,245 bytes"),
        row("Logsvc.dll", "1998-02-03", "21:27", None, 46288, "46,288", "Intel"),
        row("Spoolx.dll", "1998-04-08", "16:57", "4.10.1600", 71168, "71,168 bytes"),
    ]


def test_dir_only_listing_gives_nothing() -> None:
    body = """\
   .            <DIR>     02-05-91
   ..           <DIR>     02-05-91
   EMPTY        <DIR>     06-27-91
"""
    assert rows(body) == []


def test_driver_catalogue_gives_nothing() -> None:
    body = """\
AUDIO                               Driver Name       Version    File Date
--------------------------------------------------------------------------
Acme Research
  Sonic 2400 data/fax                sonic24.exe       1.0        05/26/95
Example Corp
  Wave Plus                          waveplus.exe      1.10       11/07/95
"""
    assert rows(body) == []


def test_record_layouts_and_html_give_nothing() -> None:
    body = """\
   Offset     Name     Size     Contents
   -------------------------------------
    4        rw        2         Row
    6        col       2         Column

<TABLE><TR><TD>File name</TD><TD>Size</TD></TR>
<TR><TD>Page.htm</TD><TD>1,024</TD></TR></TABLE>
"""
    assert rows(body) == []


def test_unreadable_row_is_warned_about() -> None:
    body = """\
   Date        Time    Size     File name
   --------------------------------------
   01/02/1999  10:00   10,240   Widget.dll
   13/45/1999  10:00   10,240   Broken.dll
"""
    files, warnings = extract_files(body.split("\n"))
    assert [f.name for f in files] == ["Widget.dll"]
    assert len(warnings) == 1 and "Broken.dll" in warnings[0]


def test_returns_file_rows() -> None:
    body = """\
   Date      Time   Size    File name
   ----------------------------------
   01/02/99  10:00  1,024   A.dll
"""
    files, _ = extract_files(body.split("\n"))
    assert isinstance(files[0], FileRow)


def test_name_alone_with_details_to_follow() -> None:
    body = """\
+--------------------------------+
| File name   | Date     | Time  |
+--------------------------------+
| Gateway.exe | xx/xx/xx | xx:xx |
+--------------------------------+

   File Name        Date       Time
   ----------------------------------
   Relay32.dll

NOTE: The date and time of Relay32.dll will be added later.
"""
    assert rows(body) == [row("Gateway.exe"), row("Relay32.dll")]


def test_placeholder_name_gives_nothing() -> None:
    body = """\
+--------------------------------+
| File name    | Date     | Time  |
+--------------------------------+
| xxxxxxxx.xxx | xx/xx/xx | xx:xx |
+--------------------------------+
"""
    assert rows(body) == []


def test_odd_cells_seen_in_manifests() -> None:
    body = """\
   Date         Time   Version        Size     File name
   ------------------------------------------------------
   12-May-2001  1815   5.0.2195.3608  246,032  Webext.dll
   21/12/00     10:36  5.0.2195.3610  133.536  Webext2.dll
   Jan 12, 1999 12:00 midnight  4.0.0.12  8,1012  Webext3.dll
"""
    got = rows(body)
    assert [(r["date"], r["time"], r["size_bytes"]) for r in got] == [
        ("2001-05-12", "18:15", 246032),
        ("2000-12-21", "10:36", 133536),
        ("1999-01-12", "00:00", 81012),
    ]


def test_rendering_one_column_to_the_left_gives_the_same_rows() -> None:
    # The Markdown rendering of an article moves indented blocks one column left.
    body = """\
Windows NT 4.0
--------------

   Date      Time    Version   Size    File name  Locale
   -----------------------------------------------------------------
   07/24/98   8:26pm   4.00.950  462,112 Spool.exe   English
   01/06/99  12:45am   4.00.950  463,002 Spool.exe   French (Standard)
"""
    shifted = "\n".join(line[1:] if line.startswith(" ") else line for line in body.split("\n"))
    got = rows(body)
    assert len(got) == 2 and got == rows(shifted)
    assert [r["platform"] for r in got] == ["Windows NT 4.0"] * 2


def test_wide_dir_listing_gives_every_entry() -> None:
    body = """\
ALPHA    WMF   2,706  12-09-96            BRAVO    WMF  38,724  12-09-96
CHARLIE  WMF   5,134  12-09-96
"""
    assert [r["name"] for r in rows(body)] == ["ALPHA.WMF", "BRAVO.WMF", "CHARLIE.WMF"]


# --- the public hand-checked examples, read from the archive at run time -------------


def _public_txt_examples() -> list[tuple[str, str, list[dict]]]:
    path = need_examples("parse_public.jsonl")
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        if rec["source"].startswith("txt/"):
            cases.append((rec["id"], rec["source"], rec["files"]))
    return cases


@pytest.mark.corpus
def test_public_examples_through_the_parser() -> None:
    cases = _public_txt_examples()
    wanted = {source for _, source, _ in cases}
    data: dict[str, bytes] = {}
    with tarfile.open(need_corpus("mskb-txt.tar.xz"), "r|xz") as archive:
        for member in archive:
            if member.name in wanted:
                fh = archive.extractfile(member)
                assert fh is not None
                data[member.name] = fh.read()
                if len(data) == len(wanted):
                    break
    assert set(data) == wanted
    for qid, source, want in cases:
        got = parse_bytes(data[source], source).files
        assert [msgspec.to_builtins(f) for f in got] == want, qid
