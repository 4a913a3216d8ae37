"""Rules of a form's lists, declared in the layout (#7, #8): 执行率 = 全年执行数 ÷ 全年预算数 and
得分 ≤ 分值 in a 绩效自评表 (``ratios``, GK052), Σ of a list column = a field's figure (``sums``
with ``equals: <field>``, GK037), and a numeric list cell that is not a number (GK007, at the cell)."""

from __future__ import annotations

import pytest

from generator.diagnostics import Diagnostic, Severity
from generator.layouts.registry import package_registry
from generator.layouts.spec import FormSpec, RatioRule
from generator.pipeline import Content, load_content
from generator.reference import layouts_markdown

DISC = "2024/moumou-sifaju/disclosure.yml"
SHOWN = f"content/{DISC}"


def self_evaluation(
    funds_row: str = "[年度资金总额, 100.00, 120.00, 117.60, 10, 98.00%, 9.8]", score: str = "28"
) -> str:
    return f"""\
department:
  name: 某某县司法局
year: 2024
kind: 决算
scope: partial
title: 某某县司法局2024年度项目支出绩效自评
contents:
  - table: project_self_evaluation
    name: 法律援助经费
    funds:
      - {funds_row}
      - [其中：财政拨款, 100.00, 120.00, 117.60, "", "", ""]
    goal: {{预期目标: 完成法律援助案件, 实际完成情况: 已完成}}
    indicators:
      - [产出指标, 数量指标, 办理案件数, ≥200件, 215件, 50, 50, ""]
      - [效益指标, 社会效益指标, 群众满意度, ≥90%, 95%, 40, {score}, 未达最优]
"""


def of(content: Content, code: str) -> list[Diagnostic]:
    return [d for d in content.reporter.items if d.code == code]


def place(text: str, marker: str) -> tuple[int, int]:
    for number, line in enumerate(text.splitlines(), 1):
        if marker in line:
            return number, line.index(marker) + 1
    raise AssertionError(marker)


def test_the_self_evaluation_forms_declare_their_ratios():
    for kind in ("project_self_evaluation", "dept_self_evaluation"):
        spec = package_registry().kinds[kind].spec
        assert isinstance(spec, FormSpec)
        assert RatioRule("funds", "执行率", numerator="全年执行数", denominator="全年预算数") in spec.ratios
        assert RatioRule("indicators", "得分", at_most="分值") in spec.ratios
        assert RatioRule("funds", "得分", at_most="分值", times=("执行率", "分值")) in spec.ratios
        assert next(x for x in spec.lists if x.key == "indicators").names == "三级指标"
    assert "列表 `funds` 每行的“执行率” = “全年执行数” ÷ “全年预算数”" in layouts_markdown()
    assert "列表 `funds` 每行的“得分” = “执行率” × “分值”，不超过“分值”" in layouts_markdown()


def test_a_consistent_self_evaluation_passes(check_tree):
    content = load_content(check_tree({DISC: self_evaluation()}))
    assert content.reporter.items == []


@pytest.mark.parametrize(("rate", "severity"), [("98.01%", Severity.WARNING), ("98.10%", Severity.ERROR)])
def test_an_execution_rate_is_the_spending_over_the_budget(check_tree, rate, severity):
    """117.60 ÷ 120.00 = 98.00%; the rounding of the two figures allows 97.99%–98.01%."""
    text = self_evaluation(f"[年度资金总额, 100.00, 120.00, 117.60, 10, {rate}, 9.8]")
    (d,) = of(load_content(check_tree({DISC: text})), "GK052")
    assert d.severity is severity
    assert (d.location.path, d.location.line) == (SHOWN, place(text, "[年度资金总额")[0])
    assert (
        "项目支出绩效自评表（法律援助经费）的项目资金“年度资金总额”：“执行率”" in d.message
        and rate.rstrip("%") in d.message
        and "98.00%" in d.message
    )
    assert "117.60" in d.message and "120.00" in d.message


def test_an_execution_rate_on_a_zero_budget_is_an_error(check_tree):
    text = self_evaluation("[年度资金总额, 0, 0, 117.60, 10, 98.00%, 9.8]")
    (d,) = of(load_content(check_tree({DISC: text})), "GK052")
    assert d.severity is Severity.ERROR and "为 0" in d.message


def test_a_score_above_its_weight_is_an_error(check_tree):
    text = self_evaluation(score="41")
    (d,) = of(load_content(check_tree({DISC: text})), "GK052")
    assert d.severity is Severity.ERROR
    assert (d.location.line, d.location.col) == place(text, "[效益指标")
    assert "（法律援助经费）的三级指标“群众满意度”：“得分”为 41" in d.message and "“分值” 40" in d.message


@pytest.mark.parametrize(
    ("score", "severity"),
    [("9.81", None), ("9.80", Severity.WARNING), ("9.79", Severity.ERROR), ("9.82", Severity.ERROR)],
)
def test_the_funds_score_is_the_execution_rate_times_the_weight(check_tree, score, severity):
    """117.66 ÷ 120.00 = 98.05%, × 10 = 9.805 → 9.81. The printed 98.05% stands for 98.045%–98.055%,
    which gives 9.80–9.81: 9.80 may be rounding (warning), 9.79 and 9.82 may not (error)."""
    text = self_evaluation(f"[年度资金总额, 100.00, 120.00, 117.66, 10, 98.05%, {score}]")
    found = of(load_content(check_tree({DISC: text})), "GK052")
    if severity is None:
        assert found == []
        return
    (d,) = found
    assert d.severity is severity
    assert (d.location.path, d.location.line) == (SHOWN, place(text, "[年度资金总额")[0])
    assert "的项目资金“年度资金总额”：“得分”为 " + score in d.message
    assert "“执行率” 98.05% × “分值” 10" in d.message and "计算为 9.81" in d.message
    assert "9.80–9.81" in d.message


def test_the_funds_score_is_capped_at_the_weight(check_tree):
    """122.40 ÷ 120.00 = 102.00%: spending above the budget scores the full 分值, not 10.2."""
    capped = self_evaluation("[年度资金总额, 100.00, 120.00, 122.40, 10, 102.00%, 10]")
    assert of(load_content(check_tree({DISC: capped})), "GK052") == []
    over = self_evaluation("[年度资金总额, 100.00, 120.00, 122.40, 10, 102.00%, 10.2]")
    (d,) = of(load_content(check_tree({DISC: over})), "GK052")
    assert d.severity is Severity.ERROR and "以“分值”封顶" in d.message and "计算为 10" in d.message


def test_a_score_of_an_unscored_row_is_not_checked(check_tree):
    """The rows below 年度资金总额 leave 分值, 执行率 and 得分 empty: nothing to compute."""
    assert of(load_content(check_tree({DISC: self_evaluation()})), "GK052") == []


def test_an_indicator_with_a_blank_third_level_is_named_by_the_nearest_filled_cell(check_tree):
    text = self_evaluation(score="41").replace("群众满意度", '""')
    (d,) = of(load_content(check_tree({DISC: text})), "GK052")
    assert "的二级指标“社会效益指标”：“得分”为 41" in d.message


def test_a_row_name_that_is_not_a_column_is_a_layout_error(check_tree):
    layout = """\
    bad_names:
      title: 坏表式
      structure: form
      sections:
        - lists:
            - key: indicators
              label: 指标
              names: 三级目标
              columns: [一级指标, 二级指标, 三级指标, 指标值]
    """
    content = load_content(check_tree({"layouts/bad.yml": layout, DISC: self_evaluation()}))
    (d,) = [d for d in of(content, "GK012") if "三级目标" in d.message]
    assert d.location.path.endswith("layouts/bad.yml") and d.location.line == 8
    assert "三级指标" in d.message


def test_a_product_rule_needs_one_percentage(check_tree):
    layout = """\
    bad_product:
      title: 坏表式
      structure: form
      sections:
        - lists:
            - key: funds
              label: 资金
              columns: [名称, {id: 预算数, type: money}, {id: 分值, type: count}, {id: 得分, type: count}]
      ratios:
        - {list: funds, column: 得分, times: [预算数, 分值]}
    """
    content = load_content(check_tree({"layouts/bad.yml": layout, DISC: self_evaluation()}))
    assert [d for d in of(content, "GK012") if "百分比" in d.message and "times" in d.message]


def test_a_weight_that_is_not_a_number_is_an_error_at_its_cell(check_tree):
    text = self_evaluation().replace("215件, 50, 50", "215件, 五十, 50")
    content = load_content(check_tree({DISC: text}))
    (d,) = of(content, "GK007")
    assert d.severity is Severity.ERROR
    assert (d.location.line, d.location.col) == place(text, "五十")
    assert "第 1 行（三级指标“办理案件数”）的“分值”" in d.message and "五十" in d.message


def test_a_list_column_summed_to_a_field(check_tree):
    """A site layout: Σ the 金额 of the fund lines = the form's 资金总额 (equals: a field)."""
    layout = """\
    fund_lines:
      title: 项目资金明细表
      structure: form
      sections:
        - fields:
            - {key: name, label: 项目名称, required: true}
            - {key: total, label: 资金总额, type: money}
        - lists:
            - key: lines
              label: 资金明细
              columns: [来源, {id: 金额, type: money}]
      sums:
        - {list: lines, column: 金额, equals: total}
    """
    disclosure = (
        self_evaluation()
        .split("  - table:")[0]
        .replace(
            "contents:\n",
            "contents:\n  - table: fund_lines\n    name: 法律援助经费\n    total: 10.00\n"
            "    lines:\n      - [财政拨款, 6.00]\n      - [其他资金, 4.{cents}]\n",
        )
    )
    right = load_content(check_tree({"layouts/fund_lines.yml": layout, DISC: disclosure.format(cents="00")}))
    assert right.reporter.items == []
    warned = load_content(check_tree({"layouts/fund_lines.yml": layout, DISC: disclosure.format(cents="01")}))
    (d,) = of(warned, "GK037")
    assert d.severity is Severity.WARNING and "10.00" in d.message and "10.01" in d.message and "±0.01" in d.message
    wrong = load_content(check_tree({"layouts/fund_lines.yml": layout, DISC: disclosure.format(cents="50")}))
    (d,) = of(wrong, "GK037")
    assert d.severity is Severity.ERROR and "10.50" in d.message


def test_a_ratio_naming_a_text_column_is_a_layout_error(check_tree):
    layout = """\
    bad_ratio:
      title: 坏表式
      structure: form
      sections:
        - lists:
            - key: funds
              label: 资金
              columns: [名称, {id: 预算数, type: money}, {id: 执行数, type: money}, 执行率]
      ratios:
        - {list: funds, column: 执行率, numerator: 执行数, denominator: 预算数}
    """
    content = load_content(check_tree({"layouts/bad.yml": layout, DISC: self_evaluation()}))
    found = [d for d in of(content, "GK012") if "执行率" in d.message]
    assert len(found) == 1 and found[0].location.path.endswith("layouts/bad.yml")
