"""Shared fixtures for the `gongkai check` tests (prefixed ``check_``)."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
MINIMAL_SITE = "title: 测试平台\nowner: 测试财政局\n"


@pytest.fixture
def check_tree(tmp_path: Path) -> Callable[..., Path]:
    """Write a content tree: ``{relative path: YAML text}`` (dedented) under ``tmp_path/content``.

    A valid ``site.yml`` is added unless the files give one (``None`` = leave it out).
    """

    def write(files: dict[str, str | bytes | None]) -> Path:
        root = tmp_path / "content"
        root.mkdir(exist_ok=True)
        files = {"site.yml": MINIMAL_SITE, **files}
        for name, text in files.items():
            if text is None:
                continue
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(textwrap.dedent(text), encoding="utf-8")
        return root

    return write


@pytest.fixture
def check_minimal(tmp_path: Path) -> Callable[..., Path]:
    """Copy tests/fixtures/minimal (a clean, complete disclosure) and apply text edits.

    ``edits`` maps a file below ``2025/ceshi-sifaju/`` to ``[(old, new), …]``; each ``old`` must occur once.
    """

    def make(edits: dict[str, list[tuple[str, str]]] | None = None) -> Path:
        root = tmp_path / "content"
        shutil.copytree(FIXTURES / "minimal", root)
        for name, replacements in (edits or {}).items():
            path = root / "2025" / "ceshi-sifaju" / name
            text = path.read_text(encoding="utf-8")
            for old, new in replacements:
                assert text.count(old) == 1, f"{old!r} must occur once in {name}"
                text = text.replace(old, new)
            path.write_text(text, encoding="utf-8")
        return root

    return make
