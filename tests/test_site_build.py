"""The build as a whole: reproducible to the byte, atomic when it fails. (No browser needed.)"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest

import generator.build as build_module
import generator.steps.search as search_step
from generator.build import build
from generator.render.environment import TEMPLATES
from generator.steps import BuildError, sitemap

EXAMPLE_CONTENT = Path(__file__).resolve().parents[1] / "content"


def _tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _quiet(*_args) -> None:
    pass


@pytest.mark.slow  # a second whole build of the example site
def test_two_builds_are_byte_identical(built_site: Path, tmp_path: Path) -> None:
    """Every file, the Pagefind index and the XLSX workbooks included, into a directory of another name."""
    other = tmp_path / "elsewhere" / "site"
    code, _ = build(EXAMPLE_CONTENT, other, pdf=False, log=_quiet)
    assert code == 0
    first, second = _tree(built_site), _tree(other)
    assert any(name.startswith("pagefind/") for name in first)
    assert any(name.endswith(".xlsx") for name in first)
    assert first.keys() == second.keys()
    differing = [name for name in first if first[name] != second[name]]
    assert not differing


def _previous_output(tmp_path: Path, check_minimal) -> tuple[Path, dict[str, str]]:
    output = tmp_path / "output"
    code, _ = build(check_minimal(), output, pdf=False, log=_quiet)
    assert code == 0
    return output, _tree(output)


def _no_leftovers(output: Path) -> None:
    assert sorted(p.name for p in output.parent.iterdir() if p.name.startswith("output")) == ["output"]


def test_content_error_leaves_the_previous_output(tmp_path: Path, check_minimal) -> None:
    output, before = _previous_output(tmp_path, check_minimal)
    source = tmp_path / "content" / "2025" / "ceshi-sifaju" / "disclosure.yml"
    source.write_text(source.read_text(encoding="utf-8").replace("合计: 6.00", "合计: 7.00", 1), encoding="utf-8")
    code, result = build(tmp_path / "content", output, pdf=False, log=_quiet)
    assert code == 1 and result is None
    assert _tree(output) == before
    _no_leftovers(output)


def test_template_error_leaves_the_previous_output(tmp_path: Path, check_minimal) -> None:
    output, before = _previous_output(tmp_path, check_minimal)
    templates = tmp_path / "templates"
    templates.mkdir()
    for template in TEMPLATES.glob("*.html"):
        (templates / template.name).write_text(template.read_text(encoding="utf-8"), encoding="utf-8")
    (templates / "assets").symlink_to(TEMPLATES / "assets")
    (templates / "item.html").write_text(
        "{% extends 'base.html' %}{% block main %}{{ page.no_such_thing }}{% endblock %}", encoding="utf-8"
    )
    messages: list[str] = []
    code, result = build(tmp_path / "content", output, pdf=False, log=messages.append, templates=templates)
    assert code == 1 and result is None
    assert any("item.html" in m for m in messages), messages
    assert _tree(output) == before
    _no_leftovers(output)


def test_search_index_failure_leaves_the_previous_output(tmp_path: Path, check_minimal, monkeypatch) -> None:
    output, before = _previous_output(tmp_path, check_minimal)

    def fail(_target: Path) -> None:
        raise BuildError("Pagefind 建立搜索索引失败：test")

    monkeypatch.setattr(search_step, "index_search", fail)
    # a page changes, so the index has to be made again (an unchanged site takes the old one over)
    source = tmp_path / "content" / "2025" / "ceshi-sifaju" / "disclosure.yml"
    text = source.read_text(encoding="utf-8")
    source.write_text(
        text.replace("测试市司法局2025年部门预算信息公开", "测试市司法局2025年部门预算公开", 1), encoding="utf-8"
    )
    code, _ = build(tmp_path / "content", output, pdf=False, log=_quiet)
    assert code == 1
    assert _tree(output) == before
    _no_leftovers(output)


def test_a_step_failing_while_the_index_is_made_leaves_the_previous_output(
    tmp_path: Path, check_minimal, monkeypatch
) -> None:
    """The search index is made in the background while the other files are written (steps/search.py):
    a later step failing meanwhile waits for it, then leaves no staging folder and the old output."""
    output, before = _previous_output(tmp_path, check_minimal)
    indexed: list[str] = []

    def slow_index(shard: search_step.Shard) -> None:
        time.sleep(0.5)  # still indexing when the sitemap step fails
        (shard.site / search_step.INDEX / shard.name).mkdir(parents=True)
        (shard.site / search_step.INDEX / shard.name / "pagefind.js").write_text("", encoding="utf-8")
        indexed.append(shard.name)

    def failing(_output: object) -> None:
        raise BuildError("测试：写入失败")

    monkeypatch.setattr(search_step, "index_search", slow_index)
    monkeypatch.setattr(build_module, "STEPS", [failing if s is sitemap.run else s for s in build_module.STEPS])
    source = tmp_path / "content" / "2025" / "ceshi-sifaju" / "disclosure.yml"
    text = source.read_text(encoding="utf-8")
    source.write_text(
        text.replace("测试市司法局2025年部门预算信息公开", "测试市司法局2025年部门预算公开", 1), encoding="utf-8"
    )
    messages: list[str] = []
    code, _ = build(tmp_path / "content", output, pdf=False, log=messages.append)
    assert code == 1
    assert "建立搜索索引……" in messages and any("测试：写入失败" in m for m in messages), messages
    assert indexed  # the shard under way was finished before its folder was removed
    assert _tree(output) == before
    _no_leftovers(output)
