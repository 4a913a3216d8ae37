"""`gongkai check`: output format, summary line and exit codes (0 ok, 1 errors, --strict fails on warnings)."""

from __future__ import annotations

import re

from generator.cli import main
from generator.diagnostics import CODES

LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning) (?P<code>GK\d{3}): .+$")
MIN = "2025/ceshi-sifaju"


def run(capsys, *argv: str) -> tuple[int, list[str]]:
    code = main(["check", *argv])
    out = capsys.readouterr().out
    return code, out.splitlines()


def test_clean_content_exits_0(check_minimal, capsys):
    code, lines = run(capsys, str(check_minimal()))
    assert code == 0
    assert lines == ["检查通过：1 个公开，0 个错误，0 个警告"]


def test_error_exits_1_and_prints_location(check_minimal, capsys):
    root = check_minimal({"disclosure.yml": [("kind: 预算", "kind: 预决算")]})
    code, lines = run(capsys, str(root))
    assert code == 1
    match = LINE.match(lines[0])
    assert match, lines[0]
    assert match["path"] == f"content/{MIN}/disclosure.yml"
    assert (match["line"], match["col"], match["sev"], match["code"]) == ("7", "7", "error", "GK006")
    assert lines[-1].startswith("检查未通过") and "1 个错误" in lines[-1]


def test_warning_exits_0_but_strict_exits_1(check_minimal, capsys):
    # 小计 1.01 against 0.60 + 0.40: two rounded items may be 0.01 off (⌊2/2⌋ × 0.01), so a warning
    root = check_minimal(
        {
            "disclosure.yml": [
                ("小计: {合计: 1.00, 一般公共预算财政拨款: 1.00}", "小计: {合计: 1.01, 一般公共预算财政拨款: 1.01}")
            ]
        }
    )
    code, lines = run(capsys, str(root))
    assert code == 0
    assert all((m := LINE.match(line)) and m["sev"] == "warning" for line in lines[:-1])
    assert lines[-1] == "检查通过：1 个公开，0 个错误，2 个警告"
    code, lines = run(capsys, "--strict", str(root))
    assert code == 1
    assert lines[-1] == "检查未通过：1 个公开，0 个错误，2 个警告"


def test_missing_site_exits_1(check_tree, capsys):
    root = check_tree({"site.yml": None})
    code, lines = run(capsys, str(root))
    assert code == 1
    assert any("GK002" in line for line in lines)


def test_missing_directory_exits_2(tmp_path, capsys):
    code = main(["check", str(tmp_path / "nowhere")])
    assert code == 2  # a bad path is a usage error, not a content error
    assert capsys.readouterr().err == f"gongkai：内容目录“{tmp_path / 'nowhere'}”不存在\n"


def test_diagnostics_are_sorted_by_place(check_minimal, capsys):
    root = check_minimal(
        {
            "disclosure.yml": [
                ("kind: 预算", "kind: 预决算"),
                ("scope: full", "scope: most"),
                ("title: 测试市", "titel: 测试市"),
            ]
        }
    )
    code, lines = run(capsys, str(root))
    assert code == 1
    places = [(int(m["line"]), int(m["col"])) for m in map(LINE.match, lines[:-1]) if m]
    assert len(places) == len(lines) - 1, lines
    assert places == sorted(places) and len(places) >= 3


def test_codes_lists_every_code(capsys):
    code, lines = run(capsys, "--codes")
    assert code == 0
    assert [line.split()[0] for line in lines] == list(CODES)
