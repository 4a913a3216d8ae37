"""``gongkai build`` keeps each loaded disclosure beside its output (issue 15: a rebuild after one
change loads one disclosure, not a thousand). What it prints and writes is what an uncached run
prints and writes: the same check as ``gongkai check``, the same bytes as a clean build."""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # each test builds the example site two or three times

ROOT = Path(__file__).resolve().parents[1]
BUILD_LOG = ("生成网页：", "沿用上次", "建立搜索索引", "搜索索引：", "完成：", "个进程同时生成")


def gongkai(*args: str, cwd: Path) -> tuple[int, list[str]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [sys.executable, "-m", "generator.cli", *args], cwd=cwd, capture_output=True, text=True, env=env
    )
    assert not run.stderr, run.stderr
    return run.returncode, run.stdout.splitlines()


def check_lines(lines: list[str]) -> list[str]:
    """What the check printed: the lines before the build's own progress lines."""
    return [line for line in lines if not line.startswith(BUILD_LOG)]


def same_bytes(a: Path, b: Path) -> None:
    files = sorted(str(p.relative_to(a)) for p in a.rglob("*") if p.is_file())
    assert files == sorted(str(p.relative_to(b)) for p in b.rglob("*") if p.is_file())
    _, mismatch, errors = filecmp.cmpfiles(a, b, files, shallow=False)
    assert mismatch == [] and errors == []


def _copy(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path


def _check(work: Path) -> list[str]:
    return gongkai("check", "content", cwd=work)[1]


def test_a_rebuild_after_one_change_prints_and_writes_what_an_uncached_build_does(tmp_path: Path) -> None:
    work = _copy(tmp_path)
    assert gongkai("build", "content", "-o", "output", "--no-pdf", cwd=work)[0] == 0
    cache = work / ".output.gongkai-cache"
    assert len(list(cache.glob("*.pickle"))) == len(list((work / "content").glob("*/*/disclosure.yml")))

    source = work / "content" / "2024" / "pingluo-sifaju" / "disclosure.yml"
    text = source.read_text(encoding="utf-8")
    assert "文本提取" in text
    source.write_text(text.replace("文本提取", "文字提取", 1), encoding="utf-8")
    status, lines = gongkai("build", "content", "-o", "output", "--no-pdf", cwd=work)
    assert status == 0 and "沿用上次生成的结果：5 个公开未改动" in lines, lines
    assert check_lines(lines) == _check(work)
    assert len(list(cache.glob("*.pickle"))) == 6  # the changed disclosure's old entry is gone

    assert gongkai("build", "content", "-o", "clean", "--no-pdf", cwd=work)[0] == 0
    same_bytes(work / "output", work / "clean")


def test_a_damaged_cache_is_loaded_again(tmp_path: Path) -> None:
    work = _copy(tmp_path)
    assert gongkai("build", "content", "-o", "output", "--no-pdf", cwd=work)[0] == 0
    for entry in (work / ".output.gongkai-cache").glob("*.pickle"):
        entry.write_bytes(entry.read_bytes()[:100])
    shutil.rmtree(work / "output")  # so that the build is not skipped as unchanged
    status, lines = gongkai("build", "content", "-o", "output", "--no-pdf", cwd=work)
    assert status == 0, lines
    assert check_lines(lines) == _check(work)
    assert gongkai("build", "content", "-o", "clean", "--no-pdf", cwd=work)[0] == 0
    same_bytes(work / "output", work / "clean")


def test_a_year_published_twice_is_found_across_cached_disclosures(tmp_path: Path) -> None:
    work = _copy(tmp_path)
    assert gongkai("build", "content", "-o", "output", "--no-pdf", cwd=work)[0] == 0
    shutil.copytree(work / "content" / "2025" / "xinglong-sifaju", work / "content" / "2025" / "xinglong-copy")
    status, lines = gongkai("build", "content", "-o", "output", "--no-pdf", cwd=work)
    assert status == 1
    assert any(" error GK010: " in line for line in lines), lines
    assert check_lines(lines)[:-1] == _check(work)
    assert lines[-1] == "内容有错误，未生成网站；output 保持不变"


def test_a_released_disclosure_forgets_its_blocks_and_reads_them_again(tmp_path: Path) -> None:
    """A worker lets each chunk's disclosures go once their files are written: nothing of their
    tables may stay behind (a 10,000-disclosure build's workers grew by every chunk they made), and
    the tables asked for afterwards are those of the parts read again, not the ones let go."""
    from generator.model.tables import Table
    from generator.pipeline import CachedDisclosure, load_content

    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    load_content(content, cache=tmp_path / "cache")
    disclosure = next(d for d in load_content(content, cache=tmp_path / "cache").disclosures if d.tables())
    assert isinstance(disclosure, CachedDisclosure)
    before = disclosure.tables()
    disclosure.release()
    assert not {"_parts", "_walked", "_tables"} & {k for k, v in vars(disclosure).items() if v is not None}
    after = disclosure.tables()
    assert len(after) == len(before) and all(isinstance(t, Table) for t in after)
    assert not any(t is u for t in after for u in before)  # the parts read again, not the old ones
