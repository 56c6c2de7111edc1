"""Copying text out of the console, wherever it runs.

OSC 52 (`App.copy_to_clipboard`) works in most terminals and in the browser, but not in
macOS Terminal, not in some multiplexers and not over every SSH hop, and the console
cannot tell whether it worked. So the text also goes to a system clipboard tool when one
is installed, and otherwise to a file whose path the notification names: the person
always has a way to get the text.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

# (tool, arguments, environment variable it needs to reach a clipboard or None)
TOOLS: tuple[tuple[str, tuple[str, ...], str | None], ...] = (
    ("wl-copy", (), "WAYLAND_DISPLAY"),
    ("xclip", ("-selection", "clipboard"), "DISPLAY"),
    ("xsel", ("--clipboard", "--input"), "DISPLAY"),
    ("pbcopy", (), None),
)


@dataclass
class Copied:
    tool: str | None = None
    """The clipboard tool that took the text too, if any."""
    saved: Path | None = None
    """The file the text was saved to when no tool could take it."""


def system_copy(text: str, tools=TOOLS) -> str | None:
    """Give `text` to the first clipboard tool that takes it; its name, or None."""
    for name, args, needs in tools:
        exe = shutil.which(name)
        if exe is None or (needs and not os.environ.get(needs)):
            continue
        try:
            subprocess.run(
                [exe, *args],
                input=text.encode("utf-8"),
                timeout=3,
                check=True,
                capture_output=True,
            )
        except (OSError, subprocess.SubprocessError):
            continue
        return name
    return None


def save_copy(text: str, folder: Path, suffix: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"last-copy{suffix}"
    path.write_text(text, encoding="utf-8")
    return path


def fallback_copy(text: str, folder: Path, suffix: str = ".txt", tools=TOOLS) -> Copied:
    """The part after OSC 52 (run it in a thread: a tool may take a moment)."""
    tool = system_copy(text, tools)
    if tool:
        return Copied(tool=tool)
    return Copied(saved=save_copy(text, folder, suffix))
