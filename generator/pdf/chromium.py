"""Debian's Chromium, launched the way this machine needs it (no browser download here).

Shared with the browser tests (tests/conftest.py imports ``ARGS`` and ``EXECUTABLE``).
"""

from __future__ import annotations

import os

EXECUTABLE = os.environ.get("GONGKAI_CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium keeps trying to reach Google's hosts.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class ChromiumMissing(RuntimeError):
    pass


def check_executable() -> None:
    if not os.access(EXECUTABLE, os.X_OK):
        raise ChromiumMissing(f"找不到 Chromium（{EXECUTABLE}）：请运行 make site，或 apt-get install chromium")
