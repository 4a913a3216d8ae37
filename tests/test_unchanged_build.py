"""``gongkai build`` with nothing changed since the last build of the same output (issue 15): it
prints the same check (every warning, the verdict) as a full build, writes nothing, and the output
it leaves is the same bytes as a clean build. Anything changed (a content file, the options, the
output itself) builds again.
"""

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
UP_TO_DATE = "已是最新"


def gongkai(*args: str, cwd: Path) -> tuple[int, list[str]]:
    run = subprocess.run(
        [sys.executable, "-m", "generator.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert not run.stderr, run.stderr
    return run.returncode, run.stdout.splitlines()


def check_lines(lines: list[str]) -> list[str]:
    """What the check printed: the lines before the build's own progress lines."""
    return [line for line in lines if not line.startswith(BUILD_LOG) and UP_TO_DATE not in line]


def tree(folder: Path) -> dict[str, tuple[int, int, int]]:
    """Each file of the output as it lies on disk: inode, size, modification time."""
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_size, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


def same_bytes(a: Path, b: Path) -> None:
    files = sorted(tree(a))
    assert files == sorted(tree(b))
    _, mismatch, errors = filecmp.cmpfiles(a, b, files, shallow=False)
    assert mismatch == [] and errors == []


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A copy of the example content in ``tmp_path/content``, built as the manual says (cwd = tmp_path)."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path


def test_nothing_changed_prints_the_same_check_and_writes_nothing(work: Path) -> None:
    status, first = gongkai("build", "content", "-o", "output", "--no-pdf", cwd=work)
    assert status == 0, first
    assert not any(UP_TO_DATE in line for line in first)
    warnings = [line for line in first if " warning GK" in line]
    assert len(warnings) > 10  # the example content has warnings: they must be printed again
    before = tree(work / "output")

    status, again = gongkai("build", "content", "-o", "output", "--no-pdf", cwd=work)
    assert status == 0, again
    assert check_lines(again) == check_lines(first)  # every warning and the verdict, in the same order
    assert (
        again[-1]
        == f"内容、模板和选项与上次生成时相同：output 已是最新（{len(_pages(work / 'output'))} 个页面），未重新生成"
    )
    assert not any(line.startswith("生成网页") for line in again)
    assert tree(work / "output") == before  # not a file written, linked or touched

    # --strict fails on the same warnings, unchanged or not, and says the output stays as it is
    status, strict = gongkai("build", "content", "-o", "output", "--no-pdf", "--strict", cwd=work)
    assert status == 1
    assert check_lines(strict)[:-2] == check_lines(first)[:-1]
    assert strict[-2].startswith("检查未通过") and strict[-1] == "内容有错误，未生成网站；output 保持不变"

    gongkai("build", "content", "-o", "clean", "--no-pdf", cwd=work)
    same_bytes(work / "output", work / "clean")


def _pages(site: Path) -> list[Path]:
    return [p for p in site.rglob("*.html") if p.relative_to(site).parts[0] != "pagefind"]


def test_a_changed_file_or_option_builds_again(work: Path) -> None:
    assert gongkai("build", "content", "-o", "output", "--no-pdf", cwd=work)[0] == 0
    notes = work / "content" / "CORRECTIONS.md"  # not read by the build: still an input, built again
    notes.write_text(notes.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    status, lines = gongkai("build", "content", "-o", "output", "--no-pdf", cwd=work)
    assert status == 0 and any(line.startswith("生成网页") for line in lines), lines

    source = work / "content" / "2024" / "pingluo-sifaju" / "disclosure.yml"
    source.write_text(source.read_text(encoding="utf-8").replace("文本提取", "文字提取", 1), encoding="utf-8")
    status, lines = gongkai("build", "content", "-o", "output", "--no-pdf", cwd=work)
    assert status == 0 and any(line.startswith("生成网页") for line in lines), lines
    data = work / "output" / "2024" / "pingluo-sifaju" / "data" / "pingluo-sifaju.json"
    assert "文字提取" in data.read_text(encoding="utf-8")

    # the content named another way (the diagnostics could name files otherwise): checked and built again
    status, again = gongkai("build", str(work / "content"), "-o", "output", "--no-pdf", cwd=work)
    assert status == 0 and any(line.startswith("生成网页") for line in again), again
    assert check_lines(again) == check_lines(lines)


def test_an_output_changed_by_hand_is_built_again(work: Path) -> None:
    assert gongkai("build", "content", "-o", "output", "--no-pdf", cwd=work)[0] == 0
    page = work / "output" / "2025" / "xinglong-sifaju" / "index.html"
    page.unlink()
    status, lines = gongkai("build", "content", "-o", "output", "--no-pdf", cwd=work)
    assert status == 0 and any(line.startswith("生成网页") for line in lines), lines
    assert page.is_file()

    (work / "output" / "index.html").write_text("改过", encoding="utf-8")
    status, lines = gongkai("build", "content", "-o", "output", "--no-pdf", cwd=work)
    assert status == 0 and any(line.startswith("生成网页") for line in lines), lines
    assert "改过" not in (work / "output" / "index.html").read_text(encoding="utf-8")
    gongkai("build", "content", "-o", "clean", "--no-pdf", cwd=work)
    same_bytes(work / "output", work / "clean")
