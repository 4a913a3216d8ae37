"""Hostile or broken content gives a located error and exit status 1, never a crash, a hang or gigabytes."""

from __future__ import annotations

import os
import re
from decimal import Decimal
from pathlib import Path

import pytest

import generator.steps.search as search_step
from generator.build import build
from generator.cli import main
from generator.load.limits import MAX_DEPTH, MAX_FILE_BYTES, MAX_INCLUDE_DEPTH
from generator.model.money import MoneyError, format_money, parse_money, total

DISCLOSURE = "2025/ceshi-sifaju/disclosure.yml"
LINE = re.compile(
    r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning) (?P<code>GK\d{3}): (?P<msg>.+)$"
)


def check(capsys, root: Path) -> tuple[int, list[re.Match]]:
    """Run ``gongkai check``: the exit status and the diagnostics (every other line is the summary)."""
    code = main(["check", str(root)])
    captured = capsys.readouterr()
    assert captured.err == ""  # nothing on stderr: no traceback, no internal error
    lines = captured.out.splitlines()
    assert lines[-1].startswith("检查")
    matches = [LINE.match(line) for line in lines[:-1]]
    assert all(matches), lines
    return code, [m for m in matches if m]


def only_error(capsys, root: Path, code: str, *texts: str) -> re.Match:
    status, found = check(capsys, root)
    assert status == 1
    errors = [m for m in found if m["code"] == code]
    assert errors, [m.string for m in found]
    for text in texts:
        assert any(text in m["msg"] for m in errors), [m.string for m in errors]
    return errors[0]


def edit(root: Path, old: str, new: str, name: str = DISCLOSURE) -> Path:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


# ----- the YAML parser ----------------------------------------------------------------------


@pytest.mark.parametrize("levels", [MAX_DEPTH + 1, 100_000])
def test_deep_flow_nesting(capsys, check_minimal, levels: int) -> None:
    root = check_minimal()
    edit(root, "title: 测试市司法局2025年部门预算信息公开", "title: " + "[" * levels + "]" * levels)
    error = only_error(capsys, root, "GK001", "嵌套过深")
    assert (error["path"], error["line"]) == (f"content/{DISCLOSURE}", "9")


def test_deep_block_nesting(capsys, check_minimal) -> None:
    root = check_minimal()
    deep = "".join(f"\n{'  ' * (i + 1)}k{i}:" for i in range(MAX_DEPTH + 5)) + " x"
    (root / DISCLOSURE).write_text(
        (root / DISCLOSURE).read_text(encoding="utf-8") + "extra:" + deep + "\n", encoding="utf-8"
    )
    only_error(capsys, root, "GK001", "嵌套过深")


def test_self_referencing_alias(capsys, check_minimal) -> None:
    root = check_minimal()
    edit(root, "title: 测试市司法局2025年部门预算信息公开", "title: &loop [a, *loop]")
    error = only_error(capsys, root, "GK001", "引用了包含它自己的锚点")
    assert (error["line"], error["col"]) == ("9", "18")


def test_billion_laughs(capsys, check_minimal) -> None:
    root = check_minimal()
    bomb = ['lol0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    bomb += [f"lol{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 10)]
    (root / DISCLOSURE).write_text(
        (root / DISCLOSURE).read_text(encoding="utf-8") + "\n".join(bomb) + "\n", encoding="utf-8"
    )
    only_error(capsys, root, "GK001", "别名展开后的值过多")


def test_undefined_alias_and_second_document(capsys, check_minimal) -> None:
    root = check_minimal()
    edit(root, "title: 测试市司法局2025年部门预算信息公开", "title: *nothing")
    only_error(capsys, root, "GK001", "未定义的锚点")
    edit(root, "title: *nothing", "title: x\n---\ntitle: y")
    only_error(capsys, root, "GK001", "只能有一个 YAML 文档")


def test_nul_byte_is_located(capsys, check_minimal) -> None:
    root = check_minimal()
    edit(root, "title: 测试市司法局2025年部门预算信息公开", "title: 测试\0司法局")
    error = only_error(capsys, root, "GK001", "U+0000")
    assert (error["line"], error["col"]) == ("9", "10")


@pytest.mark.parametrize(
    "saved",
    ["utf-8", "bom-crlf", "tab"],
    ids=["plain", "with a BOM and CRLF line ends", "after a tab"],
)
def test_the_column_counts_characters(capsys, check_minimal, saved: str) -> None:
    """The column of an error after Chinese text is counted in characters, as an editor shows it:
    not in bytes (the C parser reads UTF-8), whatever the file's BOM, line ends or tabs."""
    root = check_minimal()
    line = "title: {标题: 测试市司法局2025年部门预算, 标题: 重复}"
    if saved == "tab":
        line = 'title: {说明: "甲\t乙丙", 标题: 测试市司法局2025年部门预算, 标题: 重复}'
    path = edit(root, "title: 测试市司法局2025年部门预算信息公开", line)
    if saved == "bom-crlf":
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    error = only_error(capsys, root, "GK001", "键“标题”重复（第一次出现在第 9 行）")
    second = line.rindex("标题") + 1
    assert (error["line"], error["col"]) == ("9", str(second))


def test_an_over_long_file_is_refused_before_reading(capsys, check_minimal) -> None:
    root = check_minimal()
    with (root / DISCLOSURE).open("a", encoding="utf-8") as file:
        file.write("# " + "x" * MAX_FILE_BYTES + "\n")
    only_error(capsys, root, "GK002", "文件过大")


def test_over_long_names_are_only_errors(capsys, check_minimal) -> None:
    root = check_minimal()
    edit(root, "name: 测试市司法局", "name: " + "长" * 200_000)
    edit(root, "projects_complete: true", "projects_complete: true\n" + "k" * 1000 + ": 1")
    only_error(capsys, root, "GK003")
    edit(root, "k" * 1000 + ": 1", "k" * 100_000 + ": 1")  # beyond what YAML allows a plain key
    only_error(capsys, root, "GK001")


# ----- what kind of file ------------------------------------------------------------------


def test_a_fifo_as_disclosure_file(capsys, check_minimal) -> None:
    root = check_minimal()
    (root / DISCLOSURE).unlink()
    os.mkfifo(root / DISCLOSURE)
    only_error(capsys, root, "GK002", "FIFO")  # and it did not wait for a writer


def test_a_device_as_site_file(capsys, check_minimal, tmp_path: Path) -> None:
    root = check_minimal()
    (root / "site.yml").unlink()
    (root / "site.yml").symlink_to("/dev/zero")
    only_error(capsys, root, "GK002")


def test_a_self_referencing_symlink_as_disclosure_file(capsys, check_minimal) -> None:
    root = check_minimal()
    (root / DISCLOSURE).unlink()
    (root / DISCLOSURE).symlink_to("disclosure.yml")
    only_error(capsys, root, "GK002", "符号链接")


def test_a_symlink_out_of_the_content(capsys, check_minimal, tmp_path: Path) -> None:
    root = check_minimal()
    outside = tmp_path / "elsewhere.yml"
    (root / DISCLOSURE).rename(outside)
    (root / DISCLOSURE).symlink_to(outside)
    only_error(capsys, root, "GK002", "内容目录之外")


# ----- include ------------------------------------------------------------------------------

INCLUDE = "          - include: projects/01.yml"


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("/etc/passwd", "不能是绝对路径"),
        ("../../../site.yml", "必须在本公开的目录内"),
        ("projects/../../other/01.yml", "必须在本公开的目录内"),
        ("projects/missing.yml", "不存在"),
        ('"projects/\\0.yml"', "NUL"),
        ("x" * 5000, "无效"),
        ("y" * 300 + ".yml", "无法读取：路径过长"),
        ('"projects/第一行\\n第二行\\u2028第三行.yml"', "不存在"),
    ],
)
def test_include_must_stay_inside(capsys, check_minimal, target: str, message: str) -> None:
    root = check_minimal()
    edit(root, INCLUDE, f"          - include: {target}")
    only_error(capsys, root, "GK009", message)


def test_include_through_a_symlink_out_of_the_folder(capsys, check_minimal, tmp_path: Path) -> None:
    root = check_minimal()
    folder = root / "2025" / "ceshi-sifaju"
    (tmp_path / "secret.yml").write_text("- text: 机密\n", encoding="utf-8")
    (folder / "projects" / "link.yml").symlink_to(tmp_path / "secret.yml")
    edit(root, INCLUDE, "          - include: projects/link.yml")
    only_error(capsys, root, "GK009", "符号链接")


def test_include_of_a_symlink_loop(capsys, check_minimal) -> None:
    root = check_minimal()
    (root / "2025" / "ceshi-sifaju" / "projects" / "loop.yml").symlink_to("loop.yml")
    edit(root, INCLUDE, "          - include: projects/loop.yml")
    only_error(capsys, root, "GK009", "循环")


def test_a_long_include_chain(capsys, check_minimal) -> None:
    root = check_minimal()
    folder = root / "2025" / "ceshi-sifaju" / "projects"
    for i in range(MAX_INCLUDE_DEPTH + 3):
        (folder / f"chain{i}.yml").write_text(f"include: projects/chain{i + 1}.yml\n", encoding="utf-8")
    edit(root, INCLUDE, "          - include: projects/chain0.yml")
    only_error(capsys, root, "GK009", "嵌套过深")


def test_an_include_of_itself(capsys, check_minimal) -> None:
    root = check_minimal()
    (root / "2025" / "ceshi-sifaju" / "projects" / "self.yml").write_text(
        "include: projects/self.yml\n", encoding="utf-8"
    )
    edit(root, INCLUDE, "          - include: projects/self.yml")
    only_error(capsys, root, "GK009", "循环引用")


# ----- figures ------------------------------------------------------------------------------


@pytest.mark.parametrize(("figure", "named"), [("１０.００", "１"), ("1０.00", "０"), ("10.0²", "²"), ("٤.00", "٤")])
def test_only_ascii_digits_make_a_figure(capsys, check_minimal, figure: str, named: str) -> None:
    root = check_minimal()
    edit(root, "          一般公共预算拨款收入: 10.00", f"          一般公共预算拨款收入: {figure}")
    error = only_error(capsys, root, "GK007", f"“{named}”（U+{ord(named):04X}）不是半角数字")
    assert (error["line"], error["col"]) == ("17", "23")


def test_a_thousand_digit_figure_and_year(capsys, check_minimal) -> None:
    root = check_minimal()
    edit(root, "          一般公共预算拨款收入: 10.00", "          一般公共预算拨款收入: " + "9" * 5000)
    edit(root, "year: 2025", "year: " + "2" * 5000)
    status, found = check(capsys, root)
    assert status == 1
    assert any(m["code"] == "GK007" and "5000 位数字" in m["msg"] for m in found)
    assert any(m["code"] == "GK005" and m["line"] == "6" for m in found)
    assert main(["check", str(root)]) == 1


def test_figures_are_exact_at_the_limit() -> None:
    big = parse_money("9" * 28 + ".99")
    assert total([big, parse_money("0.01")]) == Decimal("1" + "0" * 28 + ".00")
    assert format_money(big) == "9" * 28 + ".99"
    tiny = parse_money("0." + "0" * 27 + "1")
    assert total([parse_money("9" * 29), tiny]) == Decimal("9" * 29 + "." + "0" * 27 + "1")
    with pytest.raises(MoneyError, match="31 位数字"):
        parse_money("1" * 31)


def test_a_27_digit_asset_figure_builds(check_minimal, tmp_path: Path, monkeypatch) -> None:
    """`check` accepted it and the build crashed printing it with two decimals; now both pass."""
    root = check_minimal()
    figure = "1" * 27 + ".5"
    edit(
        root,
        "          - text: 机关运行经费共计安排1.00万元。",
        f"""          - text: 机关运行经费共计安排1.00万元。
      - section: 国有资产信息
        number: 二、
        topic: 国有资产
        body:
          - table: assets
            title: 部门固定资产占用情况表
            as_of: 2024-12-31
            total: {{价值: {figure}}}
            rows:
              - {{项目: 1、房屋（平方米）, 数量: 18532.34, 价值: {figure}}}""",
    )
    monkeypatch.setattr(search_step, "index_search", lambda _target: None)
    code, _ = build(root, tmp_path / "output", pdf=False, log=lambda *_: None)
    assert code == 0
    pages = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "output").rglob("*.html"))
    assert figure in pages  # shown exactly as published
