"""The user manual (mkdocs-material) builds without warnings and documents every check code."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from generator.diagnostics import CODES

ROOT = Path(__file__).resolve().parents[1]


def test_manual_builds_strictly(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "manual")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "manual" / "check" / "index.html").exists()


def test_every_code_is_documented():
    manual = (ROOT / "docs" / "reference" / "codes.md").read_text(encoding="utf-8")
    for code, meaning in CODES.items():
        assert f"| {code} | {meaning} |" in manual, f"{code} is not in docs/reference/codes.md: run `make reference`"
    assert "reference/codes.md" in (ROOT / "docs" / "check.md").read_text(encoding="utf-8")
