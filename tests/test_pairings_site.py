"""预算 beside 决算, declared by a site: ``content/layouts/pairings.yml`` is read like the site's layouts.
A mistake in it is a located ``gongkai check`` error (GK012 at path:line:col, exit 1), never an internal
error; a correct one takes effect on the fixture pair (某某县财政局 2024) and replaces the shipped
pairing of the same two kinds, the other shipped pairings staying in effect."""

from __future__ import annotations

import csv
import io
import re
import shutil
import textwrap
from pathlib import Path

import pytest

import generator.steps.search as search_step
from generator.build import build
from generator.cli import main

ROOT = Path(__file__).resolve().parents[1]
PAIR = ROOT / "tests" / "fixtures" / "pair"
FINAL = Path("2024") / "moumou-caizhengju"
LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): error (?P<code>GK\d{3}): (?P<message>.+)$")


def pair_with(tmp_path: Path, pairings: str) -> Path:
    content = tmp_path / "content"
    shutil.copytree(PAIR, content)
    (content / "layouts").mkdir()
    (content / "layouts" / "pairings.yml").write_text(textwrap.dedent(pairings), encoding="utf-8")
    return content


def check(capsys: pytest.CaptureFixture[str], content: Path) -> tuple[int, list[str]]:
    code = main(["check", str(content)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err and "内部错误" not in captured.out + captured.err
    return code, captured.out.splitlines()


def test_a_wrong_site_pairing_is_a_located_check_error(tmp_path, capsys):
    content = pair_with(
        tmp_path,
        """\
        # our own comparisons
        - final: final_three_public
          budget: no_such_kind
          caption: 三公
          rows: [{final: 合计, budget: 小计}]
          columns: [{final: 决算数, budget: 合计}]
        - final: final_general_expenditure
          budget: general_expenditure
          caption: 一般公共预算财政拨款支出
          rows: codes
          columns:
            - {final: 合计, budget: 合计}
            - {final: 基本支出, budget: 总计}
        """,
    )
    code, lines = check(capsys, content)
    assert code == 1
    found = [m.groupdict() for line in lines if (m := LINE.match(line))]
    assert [(f["path"], f["line"], f["code"]) for f in found] == [
        ("content/layouts/pairings.yml", "3", "GK012"),
        ("content/layouts/pairings.yml", "13", "GK012"),
    ], lines
    assert found[0]["col"] == "11" and "没有名为“no_such_kind”的表式" in found[0]["message"]
    assert "“总计”不是表式“general_expenditure”的列" in found[1]["message"]
    assert lines[-1].startswith("检查未通过") and "2 个错误" in lines[-1]


def test_a_site_pairings_file_that_is_not_a_list_is_a_located_check_error(tmp_path, capsys):
    content = pair_with(tmp_path, "final: final_three_public\nbudget: three_public\n")
    code, lines = check(capsys, content)
    assert code == 1
    assert lines[0] == "content/layouts/pairings.yml:1:1: error GK012: 配对文件应为列表，而不是映射（键: 值）"


def test_a_site_pairing_takes_effect_on_the_pair(tmp_path, capsys, monkeypatch):
    content = pair_with(
        tmp_path,
        """\
        - final: final_general_expenditure
          budget: general_expenditure
          caption: 本级一般公共预算支出
          rows: codes
          columns:
            - {final: 合计, budget: 合计, label: 支出合计}
        """,
    )
    assert check(capsys, content)[0] == 0
    monkeypatch.setattr(search_step, "index_search", lambda _target: None)  # not what this test reads
    out = tmp_path / "output"
    status, _ = build(content, out, pdf=False, log=lambda *_: None, jobs=1)
    assert status == 0
    page = (out / FINAL / "02.html").read_text(encoding="utf-8")
    assert "本级一般公共预算支出：决算与年初预算对比" in page
    lines = list(csv.reader(io.StringIO((out / FINAL / "data" / "t2-compare.csv").read_text(encoding="utf-8-sig"))))
    assert lines[0] == ["本级一般公共预算支出：决算与年初预算对比"]
    # the site's one column replaces the shipped three (合计, 基本支出, 项目支出)
    assert [c for c in lines[2] if c] == ["科目编码", "科目名称", "支出合计", "说明"]
    by_code = {line[0]: line for line in lines[4:-1]}
    assert by_code["2010601"][:5] == ["2010601", "行政运行", "760.00", "779.50", "102.57%"]
    # the shipped pairing of the 三公 tables is still in effect
    three_public = (out / FINAL / "03.html").read_text(encoding="utf-8")
    assert "财政拨款“三公”经费支出：决算与年初预算对比" in three_public
    # the site's pairings are part of the build's key: changed, the 决算's pages are made again
    pairings = content / "layouts" / "pairings.yml"
    pairings.write_text(pairings.read_text(encoding="utf-8").replace("本级一般", "本部门一般"), encoding="utf-8")
    status, _ = build(content, out, pdf=False, log=lambda *_: None, jobs=1)
    assert status == 0
    assert "本部门一般公共预算支出：决算与年初预算对比" in (out / FINAL / "02.html").read_text(encoding="utf-8")
