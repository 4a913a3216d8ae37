"""Exit status: 0 fine, 1 content errors, 2 usage or environment, 3 an internal error (one line, no traceback)."""

from __future__ import annotations

from pathlib import Path

import generator.cli as cli
from generator.cli import main


def test_a_file_as_content_directory_is_a_usage_error(tmp_path: Path, capsys) -> None:
    (tmp_path / "content.yml").write_text("title: x\n")
    assert main(["check", str(tmp_path / "content.yml")]) == 2
    assert "不是目录" in capsys.readouterr().err


def test_an_internal_error_is_one_line_and_exit_3(check_minimal, capsys, monkeypatch) -> None:
    def broken(_root: Path):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(cli, "load_content", broken)
    assert main(["check", str(check_minimal())]) == 3
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("gongkai：内部错误（ZeroDivisionError）") and "报告" in lines[0]
    assert "Traceback" not in captured.err


def test_debug_shows_the_traceback(check_minimal, capsys, monkeypatch) -> None:
    def broken(_root: Path):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(cli, "load_content", broken)
    root = str(check_minimal())
    for argv in (["--debug", "check", root], ["check", "--debug", root]):
        assert main(argv) == 3
        err = capsys.readouterr().err
        assert "Traceback" in err and "ZeroDivisionError: a bug" in err


def test_an_unreadable_file_is_not_a_crash(check_minimal, capsys, monkeypatch) -> None:
    def denied(_root: Path):
        raise PermissionError(13, "Permission denied", "/somewhere/output")

    monkeypatch.setattr(cli, "load_content", denied)
    assert main(["check", str(check_minimal())]) == 2
    assert capsys.readouterr().err == "gongkai：无法读写“/somewhere/output”：Permission denied\n"
