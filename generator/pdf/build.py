"""Placeholder until the PDF stage lands: writes no PDF and says so."""

from __future__ import annotations

from pathlib import Path


def build_pdfs(views, staging: Path, previous: Path, log=print) -> int:
    log("PDF：尚未实现，跳过")
    return 0
