"""Every message the command line prints to people, in one place."""

from __future__ import annotations

PARSE_SUMMARY = "{ok:,} article(s) parsed, {failed:,} failed in {seconds:.1f} s"
PARSE_PROGRESS = "\r{done:,} input(s) read, {failed:,} failed"
PARSE_ERROR = "error: {error}"
NO_INPUTS = "error: no articles found under {paths}"
INGEST_SUMMARY = (
    "{added:,} added, {updated:,} updated, {unchanged:,} unchanged, {superseded:,} superseded, "
    "{failed:,} failed in {seconds:.1f} s; the index at {index} holds {total:,} articles"
)
INGEST_REPORT = "failures listed in {path}"
