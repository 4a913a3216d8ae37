"""Difference rules in the layout language (#7): 年初结转和结余 + 本年收入 − 本年支出 = 年末结转和结余.

A term written ``−名称`` in a column's or row's ``sum_of``, a form's ``parts``, a ``{sum: […]}`` of
identities.yml or an ``of:`` of a named-quantity identity is subtracted. The bound is that of the
n figures given (⌊n/2⌋ steps); a blank result is neither made up nor checked. Code GK050.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.diagnostics import Diagnostic, Reporter, Severity
from generator.layouts.registry import load_registry, package_registry
from generator.layouts.spec import ClassifiedSpec, Term
from generator.model.tables import ClassifiedTable
from generator.pipeline import Content, load_content
from generator.reference import layouts_markdown

ROOT = Path(__file__).resolve().parents[1]
DISC = "2024/moumou-caizhengju/disclosure.yml"
SHOWN = f"content/{DISC}"

HEAD = """\
department:
  name: 某某区财政局
year: 2024
kind: 决算
scope: partial
title: 某某区财政局2024年度部门决算
contents:
"""


def of(content: Content, code: str) -> list[Diagnostic]:
    return [d for d in content.reporter.items if d.code == code]


def one(content: Content, code: str) -> Diagnostic:
    found = of(content, code)
    shown = "\n".join(d.format() for d in content.reporter.items)
    assert len(found) == 1, f"expected one {code}, got:\n{shown}"
    return found[0]


def place(text: str, marker: str) -> tuple[int, int]:
    for number, line in enumerate(text.splitlines(), 1):
        if marker in line:
            return number, line.index(marker) + 1
    raise AssertionError(marker)


def fund_table(year_end: str) -> str:
    """A 政府性基金预算财政拨款收入支出决算表 with one 科目 line: 10.00 + 5.00 − 8.00 = 7.00."""
    return HEAD + (
        "  - table: final_gov_fund\n"
        "    rows:\n"
        '      - {code: "212", name: 城乡社区支出, 年初结转和结余: 10.00, 本年收入: 5.00,'
        f" 本年支出项目支出: 8.00, 年末结转和结余: {year_end}}}\n"
        '      - {code: "21208", name: 国有土地使用权出让收入安排的支出, 年初结转和结余: 10.00, 本年收入: 5.00,'
        f" 本年支出项目支出: 8.00, 年末结转和结余: {year_end}}}\n"
        '      - {code: "2120803", name: 城市建设支出, 年初结转和结余: 10.00, 本年收入: 5.00,'
        f" 本年支出项目支出: 8.00, 年末结转和结余: {year_end}}}\n"
    )


def test_the_shipped_fund_tables_declare_their_year_end_as_a_difference():
    spec = package_registry().kinds["final_gov_fund"].spec
    assert isinstance(spec, ClassifiedSpec)
    year_end = next(c for c in spec.columns if c.id == "年末结转和结余")
    assert year_end.terms == (Term("年初结转和结余"), Term("本年收入"), Term("本年支出合计", negative=True))
    # the generated reference prints it with its sign and its code
    assert "年初结转和结余 + 本年收入 − 本年支出合计（差额，GK050）" in layouts_markdown()


def test_a_consistent_fund_table_passes(check_tree):
    content = load_content(check_tree({DISC: fund_table("7.00")}))
    assert of(content, "GK050") == [] and content.reporter.errors == []


@pytest.mark.parametrize(("year_end", "severity"), [("7.01", Severity.WARNING), ("7.02", Severity.ERROR)])
def test_a_fund_year_end_off_by_one_step_is_rounding_and_by_two_is_an_error(check_tree, year_end, severity):
    """Three figures given: ⌊3/2⌋ = 1 step (0.01) can be rounding, two steps cannot."""
    text = fund_table(year_end)
    found = of(load_content(check_tree({DISC: text})), "GK050")
    assert len(found) == 3  # each 科目 line
    first = min(found)
    assert first.severity is severity
    assert (first.location.path, first.location.line) == (SHOWN, place(text, '"212"')[0])
    assert f"为 {year_end}" in first.message and "年初结转和结余＋本年收入－本年支出合计" in first.message
    assert "7.00" in first.message and "±0.01" in first.message


def test_a_blank_year_end_is_neither_made_up_nor_checked(check_tree):
    text = fund_table("").replace(", 年末结转和结余: }", "}")
    content = load_content(check_tree({DISC: text}))
    assert of(content, "GK050") == [] and content.reporter.errors == []
    (disclosure,) = content.disclosures
    (table,) = disclosure.tables("final_gov_fund")
    assert isinstance(table, ClassifiedTable)
    assert table.rows[0].values["年末结转和结余"] is None


def test_a_site_layout_declares_a_difference_row_with_either_minus_sign(check_tree):
    layout = """\
    fund_rows:
      title: 结转结余情况表
      structure: fixed
      sides:
        - id: rows
          label_header: 项目
          columns: [{id: 金额}]
          body:
            - {id: 年初结转和结余}
            - {id: 本年收入}
            - {id: 本年支出}
            - {id: 结余分配}
          footer:
            - {id: 年末结转和结余, sum_of: [年初结转和结余, 本年收入, −本年支出, -结余分配]}
    """
    table = HEAD + (
        "  - table: fund_rows\n"
        "    rows: {年初结转和结余: 49.14, 本年收入: 2946.25, 本年支出: 2940.05, 结余分配: 0.00, "
        "年末结转和结余: 56.34}\n"
    )
    content = load_content(check_tree({"layouts/fund.yml": layout, DISC: table}))
    d = one(content, "GK050")
    assert d.severity is Severity.ERROR
    assert "56.34" in d.message and "55.34" in d.message and "1.00" in d.message and "±0.02" in d.message
    fixed = load_content(check_tree({"layouts/fund.yml": layout, DISC: table.replace("56.34", "55.34")}))
    assert of(fixed, "GK050") == [] and fixed.reporter.errors == []


def test_a_minus_sign_without_a_name_is_a_located_layout_error(check_tree):
    layout = """\
    bad_fund:
      title: 坏表式
      structure: classified
      columns:
        - {id: 年初}
        - {id: 年末, sum_of: [年初, −]}
    """
    root = check_tree({"layouts/bad.yml": layout})
    reporter = Reporter()
    registry = load_registry(root, reporter)
    assert "bad_fund" not in registry.kinds
    (d,) = [d for d in reporter.items if d.code == "GK012" and "负号" in d.message]
    assert d.location.path.endswith("layouts/bad.yml") and d.location.line == 6


# ----- across tables: the 决算 summaries (identities.yml) -------------------------------------------------------


@pytest.fixture
def putuo_with(tmp_path):
    def make(old: str, new: str) -> Content:
        root = tmp_path / "content"
        shutil.copytree(ROOT / "content", root)
        path = root / "2024" / "putuo-caizhengju" / "disclosure.yml"
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, old
        path.write_text(text.replace(old, new), encoding="utf-8")
        return load_content(root)

    return make


def test_putuo_carries_its_balances_over_exactly(example_content):
    """49.14 + 2946.25 − 2940.05 = 55.34, and 21.63 + 2940.05 − 2940.05 = 21.63: no GK050."""
    assert [d for d in example_content.reporter.items if d.code == "GK050"] == []


def test_a_wrong_year_end_balance_of_the_final_summary_is_an_error(putuo_with):
    content = putuo_with("          年末结转和结余: 55.34\n", "          年末结转和结余: 55.44\n")
    d = one(content, "GK050")
    assert d.severity is Severity.ERROR
    assert d.location.path == "content/2024/putuo-caizhengju/disclosure.yml"
    assert "收入支出决算总表“年末结转和结余”为 55.44" in d.message
    assert "55.34" in d.message and "0.10" in d.message and "±0.01" in d.message


def test_the_fiscal_year_end_per_fund_is_checked_against_the_general_budget_table(putuo_with):
    """年末 一般公共预算财政拨款 = 年初 + 收入 (总表) − 一般公共预算财政拨款支出决算表的合计."""
    content = putuo_with(
        "年末财政拨款结转和结余: {合计: 21.63, 一般公共预算财政拨款: 21.63}",
        "年末财政拨款结转和结余: {合计: 21.63, 一般公共预算财政拨款: 21.65}",
    )
    found = [d for d in of(content, "GK050") if "21.65" in d.message]
    assert len(found) == 1 and found[0].severity is Severity.ERROR
    assert "一般公共预算财政拨款支出决算表合计行的“合计”" in found[0].message and "21.63" in found[0].message


# ----- over named quantities, in a text-only 决算 -------------------------------------------------------------


def stated(year_end: str) -> str:
    return HEAD + (
        "  - section: 收入支出决算总体情况说明\n"
        "    number: 一、\n"
        f"    figures: {{年初结转和结余: 49.14, 本年收入合计: 2946.25, 本年支出合计: 2940.05, 年末结转和结余: {year_end}}}\n"
        "    body:\n"
        f"      - text: 年初结转和结余49.14万元，本年收入2946.25万元，本年支出2940.05万元，年末结转和结余{year_end}万元。\n"
    )


@pytest.mark.parametrize(("year_end", "severity"), [("55.35", Severity.WARNING), ("55.36", Severity.ERROR)])
def test_a_stated_year_end_balance_is_checked_against_the_stated_flows(check_tree, year_end, severity):
    text = stated(year_end)
    d = one(load_content(check_tree({DISC: text})), "GK050")
    assert d.severity is severity
    assert (d.location.path, (d.location.line, d.location.col)) == (SHOWN, place(text, f"{year_end}}}"))
    assert f"年末结转和结余为 {year_end}" in d.message and "55.34" in d.message and "±0.01" in d.message
    assert "年初结转和结余＋本年收入合计－本年支出合计" in d.message


def test_a_right_stated_year_end_balance_passes(check_tree):
    content = load_content(check_tree({DISC: stated("55.34")}))
    assert of(content, "GK050") == [] and content.reporter.errors == []
