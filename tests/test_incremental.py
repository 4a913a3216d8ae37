"""A rebuild takes over what did not change, and several processes make the pages (issue 15): the
output is the same bytes as a clean build made by one process.

The example content is built, built again unchanged, then built after one disclosure changed; each
time the output is compared file by file with a clean build of the same content in a new folder.
"""

from __future__ import annotations

import filecmp
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import parallel
from generator.build import build, prepare
from generator.pipeline import CachedDisclosure, load_content

pytestmark = pytest.mark.slow  # each test builds the example site two to four times

ROOT = Path(__file__).resolve().parents[1]


def _build(content: Path, output: Path) -> list[str]:
    lines: list[str] = []
    status, result = build(content, output, pdf=False, log=lines.append)
    assert status == 0 and result is not None, "\n".join(lines)
    return lines


def _same_tree(a: Path, b: Path) -> None:
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    assert files_a == files_b
    _, mismatch, errors = filecmp.cmpfiles(a, b, [str(p) for p in files_a], shallow=False)
    assert mismatch == [] and errors == []


@pytest.fixture
def content(tmp_path: Path) -> Path:
    copy = tmp_path / "content"
    shutil.copytree(ROOT / "content", copy)
    return copy


def test_an_unchanged_rebuild_takes_everything_over_and_is_byte_identical(content: Path, tmp_path: Path) -> None:
    site = tmp_path / "output"
    first = _build(content, site)
    assert not any("沿用" in line for line in first)
    again = _build(content, site)
    disclosures = len(list(content.glob("*/*/disclosure.yml")))
    assert f"沿用上次生成的结果：{disclosures} 个公开未改动" in again
    assert "搜索索引：页面未改动，沿用上次的索引" in again
    clean = tmp_path / "clean"
    _build(content, clean)
    _same_tree(site, clean)


def test_after_one_disclosure_changed_only_it_is_made_again(content: Path, tmp_path: Path) -> None:
    site = tmp_path / "output"
    _build(content, site)
    before = {p: p.read_bytes() for p in (site / "2025" / "xinglong-sifaju").rglob("*") if p.is_file()}
    source = content / "2024" / "pingluo-sifaju" / "disclosure.yml"
    text = source.read_text(encoding="utf-8")
    assert "文本提取" in text
    source.write_text(text.replace("文本提取", "文字提取", 1), encoding="utf-8")

    again = _build(content, site)
    disclosures = len(list(content.glob("*/*/disclosure.yml")))
    assert f"沿用上次生成的结果：{disclosures - 1} 个公开未改动" in again
    assert "建立搜索索引……" in again  # a page changed: the index is made again
    assert "文字提取" in (site / "2024" / "pingluo-sifaju" / "data" / "pingluo-sifaju.json").read_text(encoding="utf-8")
    # the folders taken over hold the same bytes as before
    assert {p: p.read_bytes() for p in before} == before
    clean = tmp_path / "clean"
    _build(content, clean)
    _same_tree(site, clean)


def test_a_changed_template_makes_every_page_again(content: Path, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "site_templates", templates)
    site = tmp_path / "output"
    lines: list[str] = []
    assert build(content, site, pdf=False, log=lines.append, templates=templates)[0] == 0
    base = templates / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("</body>", "<!-- 改动 --></body>"), encoding="utf-8")
    lines.clear()
    assert build(content, site, pdf=False, log=lines.append, templates=templates)[0] == 0
    assert not any("沿用" in line for line in lines)
    assert "<!-- 改动 -->" in (site / "index.html").read_text(encoding="utf-8")
    assert "<!-- 改动 -->" in (site / "2025" / "langfang-sifaju" / "index.html").read_text(encoding="utf-8")


def _copies(tmp_path: Path) -> Path:
    """Two copies of each example disclosure (12: enough for the workers), each its own department."""
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(ROOT / "content" / "site.yml", content / "site.yml")
    for source in sorted((ROOT / "content").glob("*/*/disclosure.yml")):
        for n in range(2):
            copy = content / source.parent.parent.name / f"{source.parent.name}-{n}"
            shutil.copytree(source.parent, copy)
            text = (copy / "disclosure.yml").read_text(encoding="utf-8")
            text = re.sub(r"(\n  name: )(\S+)", rf"\g<1>\g<2>（副本{n}）", text, count=1)
            (copy / "disclosure.yml").write_text(text, encoding="utf-8")
    return content


def test_several_processes_write_the_same_bytes_as_one(tmp_path: Path) -> None:
    """The copies built with -j 2 and -j 1."""
    content = _copies(tmp_path)
    outputs = {}
    for jobs in (2, 1):
        outputs[jobs] = tmp_path / f"output-{jobs}"
        run = subprocess.run(
            [sys.executable, "-m", "generator.cli", "build", str(content), "-o", str(outputs[jobs]), "--no-pdf"]
            + ["--jobs", str(jobs)],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert run.returncode == 0, run.stdout + run.stderr
        assert ("由 2 个进程同时生成" in run.stdout) == (jobs == 2), run.stdout
    _same_tree(outputs[2], outputs[1])
    assert not list(outputs[2].rglob(".worker-*"))


def test_disclosures_made_a_few_at_a_time_are_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A build makes its disclosures a few at a time (memory: parallel.py), each chunk with the other
    disclosures of their departments, the models read back from the load cache; the same bytes as
    one pass over every disclosure."""
    content = _copies(tmp_path)
    outputs = {}
    for name, chunk, least in (("chunks", 1, 1), ("one-pass", 10**6, 10**6)):
        monkeypatch.setattr(parallel, "CHUNK", chunk)
        monkeypatch.setattr(parallel, "MIN_DISCLOSURES", least)
        loaded = load_content(content, cache=tmp_path / f"cache-{name}")
        assert any(isinstance(d, CachedDisclosure) for d in loaded.disclosures)  # kept as summaries
        outputs[name] = tmp_path / name
        lines: list[str] = []
        status, _ = build(content, outputs[name], pdf=False, log=lines.append, content=loaded, jobs=2)
        assert status == 0, lines
        if name == "chunks":  # one at a time (the copies of one disclosure share its department's code)
            assert len(parallel.chunks(prepare(loaded, tmp_path / "staging", pdf=False))) >= 3
    _same_tree(outputs["chunks"], outputs["one-pass"])
