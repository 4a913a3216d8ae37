"""The open table model as a user meets it: documents without parts or tables, 区级汇总
publishers, generic tables with merged body cells and a unit, figures as published, the
exact rounding bound, blank against a stated 0, acknowledged inconsistencies, numeric XLSX."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from generator.build import build
from generator.cli import main
from generator.diagnostics import Severity
from generator.pipeline import load_content
from generator.steps import search as search_step
from generator.validate.tolerance import rounding_bound

DISC = "2024/quji-huizong/disclosure.yml"
HEAD = """\
department:
  name: 某某区财政局（区级汇总）
year: 2024
kind: {kind}
scope: partial
title: 某某区2024年“三公”经费{kind}情况说明
"""


def build_quietly(root: Path, out: Path, monkeypatch) -> int:
    monkeypatch.setattr(search_step, "index_search", lambda _target: None)
    code, _ = build(root, out, pdf=False, log=lambda *_: None)
    return code


def test_a_text_only_disclosure_without_parts_builds(check_tree, tmp_path, monkeypatch):
    """A 情况说明 alone, its sections at the top of contents (no part): pages, no empty workbook."""
    root = check_tree(
        {
            DISC: HEAD.format(kind="决算")
            + """\
contents:
  - section: 总体情况
    number: 一、
    body:
      - text: 全区“三公”经费支出 120.5 万元。
  - section: 增减变化原因
    number: 二、
    body:
      - text: 比上年减少 3.2 万元。
"""
        }
    )
    content = load_content(root)
    assert content.reporter.errors == []
    (disclosure,) = content.disclosures
    assert disclosure.department.code is None and disclosure.parts[0].title is None
    assert build_quietly(root, tmp_path / "out", monkeypatch) == 0
    folder = tmp_path / "out" / "2024" / "quji-huizong"
    toc = (folder / "index.html").read_text(encoding="utf-8")
    assert "<dt>决算年度</dt><dd>2024</dd>" in toc and "01.html" in toc and "02.html" in toc
    assert "xlsx" not in toc and not (folder / "data" / "quji-huizong.xlsx").exists()
    assert "全区“三公”经费支出 120.5 万元" in (folder / "01.html").read_text(encoding="utf-8")


GENERIC = (
    HEAD.format(kind="预算")
    + """\
contents:
  - table: generic
    title: 机构设置
    unit: 元
    numeric: [2]
    header:
      - [单位, 类别, 人数]
    rows:
      - [{text: 本级, rowspan: 2}, 行政, 11.1]
      - [事业, 60]
      - [二级单位, 事业, "=HYPERLINK(\\"http://x\\")"]
"""
)


def test_generic_table_spans_rows_shows_its_unit_and_keeps_figures_as_printed(check_tree, tmp_path, monkeypatch):
    root = check_tree({DISC: GENERIC})
    content = load_content(root)
    assert content.reporter.errors == []
    assert build_quietly(root, tmp_path / "out", monkeypatch) == 0
    page = (tmp_path / "out" / "2024" / "quji-huizong" / "01.html").read_text(encoding="utf-8")
    assert 'rowspan="2"' in page and "单位：元" in page
    assert ">11.1<" in page and ">60<" in page and "11.10" not in page and "{'text'" not in page
    book = openpyxl.load_workbook(
        io.BytesIO((tmp_path / "out" / "2024" / "quji-huizong" / "data" / "quji-huizong.xlsx").read_bytes())
    )
    cells = {c.value: c for row in book.worksheets[0].iter_rows() for c in row if c.value is not None}
    assert cells[11.1].data_type == "n" and cells[11.1].number_format == "0.0"
    assert cells[60].number_format == "0"
    assert cells['=HYPERLINK("http://x")'].data_type == "s"  # text, never a live formula


def test_an_unknown_cell_shape_is_an_error_not_python_text(check_tree):
    root = check_tree({DISC: GENERIC.replace("[事业, 60]", "[事业, [60]]")})
    (error,) = load_content(root).reporter.errors
    assert error.code == "GK005" and error.location.line > 0


@pytest.mark.parametrize(("items", "bound"), [(1, "0"), (2, "0.01"), (3, "0.01"), (9, "0.04"), (24, "0.12")])
def test_the_exact_rounding_bound(items, bound):
    assert rounding_bound(items, Decimal("0.01")) == Decimal(bound)


def _fixed_sum(check_tree, parts: int, off_by_steps: int):
    """A 三公 小计 of ``parts`` 一般 parts, given ``off_by_steps`` × 0.01 above their sum."""
    rows = ["因公出国（境）费", "公务用车购置费", "公务用车运行维护费", "公务接待费"][:parts]
    # 公务用车购置费 + 运行维护费 make 公务用车购置及运维费; every part is 1.00
    lines = [f"      {r}: {{一般公共预算财政拨款: 1.00}}" for r in rows]
    total = Decimal(parts) + Decimal("0.01") * off_by_steps
    text = (
        HEAD.format(kind="预算")
        + "contents:\n  - table: three_public\n    rows:\n"
        + "\n".join(lines)
        + (f"\n      小计: {{一般公共预算财政拨款: {total:.2f}}}\n")
    )
    return load_content(check_tree({DISC: text}))


@pytest.mark.parametrize("parts", [2, 3])
def test_a_sum_at_the_bound_is_a_warning_one_step_more_an_error(check_tree, parts):
    edge = [d for d in _fixed_sum(check_tree, parts, 1).reporter.items if "小计" in d.message]
    assert edge and all(d.severity is Severity.WARNING and "±0.01" in d.message for d in edge)
    beyond = [d for d in _fixed_sum(check_tree, parts, 2).reporter.items if "小计" in d.message]
    assert any(d.severity is Severity.ERROR and "相差 0.02" in d.message for d in beyond)


def test_a_changed_copy_is_an_error(tmp_path, capsys):
    """廊坊's 一般公共预算拨款收入 4140.30 changed to 4140.31: a copied figure is never “rounding”."""
    source = Path(__file__).resolve().parents[1] / "content"
    root = tmp_path / "content"
    import shutil

    shutil.copytree(source, root, ignore=shutil.ignore_patterns("sources"))
    path = root / "2025" / "langfang-sifaju" / "disclosure.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("一般公共预算拨款收入: 4140.30", "一般公共预算拨款收入: 4140.31", 1), encoding="utf-8")
    assert main(["check", str(root / "2025" / "langfang-sifaju")]) == 1
    out = capsys.readouterr().out
    errors = [line for line in out.splitlines() if " error " in line]
    assert errors and all("langfang-sifaju/disclosure.yml:" in e and "4140.31" in e for e in errors)


def test_blank_is_not_a_stated_zero(check_tree):
    text = (
        HEAD.format(kind="预算")
        + """\
contents:
  - table: three_public
    rows:
      公务接待费: {合计: 3.00, 一般公共预算财政拨款: 3.00}
  - section: “三公”经费
    figures: {公务用车购置费: 0}
    body:
      - text: 公务用车购置费0万元，公务接待费3.00万元。
"""
    )
    (d,) = [d for d in load_content(check_tree({DISC: text})).reporter.items if d.code == "GK036"]
    assert d.severity is Severity.WARNING and "空白不等于 0" in d.message


def test_an_acknowledged_error_is_kept_as_a_warning_and_a_stale_one_reported(check_minimal):
    root = check_minimal(
        {
            "disclosure.yml": [
                (
                    "contents:",
                    "acknowledged:\n  - {code: GK035, about: 项目支出, reason: 原文如此}\n"
                    "  - {code: GK034, about: 不存在的科目, reason: 原文如此}\ncontents:",
                ),
            ],
            "projects/01.yml": [("{预算数: 4.00, 财政资金: 4.00", "{预算数: 4.01, 财政资金: 4.01")],
        }
    )
    content = load_content(root)
    assert content.reporter.errors == []
    kept = [d for d in content.reporter.items if d.code == "GK035"]
    assert kept[0].severity is Severity.WARNING and "已确认按原文保留：原文如此" in kept[0].message
    assert [d.code for d in content.reporter.warnings if d.code == "GK038"] == ["GK038"]


def test_check_takes_one_disclosure_folder(capsys):
    folder = Path(__file__).resolve().parents[1] / "content" / "2026" / "yangxin-sifaju"
    assert main(["check", str(folder)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "检查通过：1 个公开，0 个错误，0 个警告"
