"""The whole content/ passes `gongkai check`: no errors, exactly the known source inconsistencies as warnings."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from generator.cli import main

CONTENT = Path(__file__).resolve().parent.parent / "content"

# Inconsistencies of the published 廊坊 document itself (see content/CORRECTIONS.md): kept, reported, never fixed.
EXPECTED = Counter({"GK031": 6, "GK023": 2, "GK035": 1})


def test_content_checks_with_exit_0(capsys):
    assert main(["check", str(CONTENT)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "检查通过：5 个公开，0 个错误，9 个警告"
    assert all(" warning GK" in line for line in lines[:-1])


def test_exactly_the_known_warnings(example_content):
    content = example_content
    assert content.ok
    assert content.reporter.errors == []
    assert Counter(d.code for d in content.reporter.warnings) == EXPECTED
    assert all("langfang-sifaju" in d.location.path for d in content.reporter.warnings)


def test_strict_fails_on_the_warnings(capsys):
    assert main(["check", "--strict", str(CONTENT)]) == 1
    capsys.readouterr()


def test_five_disclosures(example_content):
    assert sorted((d.year, d.slug) for d in example_content.disclosures) == [
        (2020, "linxi-sifaju"), (2024, "pingluo-sifaju"), (2025, "langfang-sifaju"),
        (2025, "xinglong-sifaju"), (2026, "yangxin-sifaju"),
    ]
