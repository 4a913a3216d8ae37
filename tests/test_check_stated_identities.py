"""Figures a 情况说明 states, as named quantities: checked against each other when there is no table.

Each case is a small text-only disclosure (many 区县 publish only the 说明), or a one-line
mutation of the real content, and asserts the code, the severity, the place and both figures.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.diagnostics import Diagnostic, Severity
from generator.pipeline import Content, load_content
from generator.validate.fields import suggest
from generator.validate.stated import parse_name

ROOT = Path(__file__).resolve().parents[1]
DISC = "2024/moumou-sifaju/disclosure.yml"
SHOWN = f"content/{DISC}"


def text_only(figures: str, text: str, kind: str = "预算", more: str = "") -> str:
    """A disclosure with one 情况说明 section and no table at all."""
    return f"""\
department:
  name: 某某县司法局
year: 2024
kind: {kind}
scope: partial
title: 某某县司法局2024年部门{kind}情况说明
contents:
  - section: 部门{kind}安排的总体情况
    number: 一、
    figures: {figures}
    body:
      - text: {text}
{more}"""


def check(check_tree, yaml_text: str) -> Content:
    return load_content(check_tree({DISC: yaml_text}))


def of(content: Content, code: str) -> list[Diagnostic]:
    return [d for d in content.reporter.items if d.code == code]


def one(content: Content, code: str) -> Diagnostic:
    found = of(content, code)
    shown = "\n".join(d.format() for d in content.reporter.items)
    assert len(found) == 1, f"expected one {code}, got:\n{shown}"
    return found[0]


def place(yaml_text: str, marker: str) -> tuple[int, int]:
    for number, line in enumerate(yaml_text.splitlines(), 1):
        if marker in line:
            return number, line.index(marker) + 1
    raise AssertionError(marker)


# ----- 支出总计 = 基本支出 + 项目支出, stated in words only --------------------------------------------------------


def test_basic_plus_project_stated_one_cent_off_the_total_is_a_rounding_warning(check_tree):
    text = text_only(
        "{支出总计: 1000.00, 基本支出: 800.00, 项目支出: 199.99}",
        "支出1000.00万元，其中基本支出800.00万元，项目支出199.99万元。",
    )
    content = check(check_tree, text)
    d = one(content, "GK045")
    assert d.severity is Severity.WARNING
    assert (d.location.path, (d.location.line, d.location.col)) == (SHOWN, place(text, "1000.00,"))
    assert "1000.00" in d.message and "999.99" in d.message and "0.01" in d.message and "±0.01" in d.message
    assert content.ok


def test_basic_plus_project_stated_one_yuan_off_the_total_is_an_error(check_tree):
    text = text_only(
        "{支出总计: 1000.00, 基本支出: 800.00, 项目支出: 199.00}",
        "支出1000.00万元，其中基本支出800.00万元，项目支出199.00万元。",
    )
    d = one(check(check_tree, text), "GK045")
    assert d.severity is Severity.ERROR
    assert "1000.00" in d.message and "999.00" in d.message and "1.00" in d.message and "±0.01" in d.message


def test_a_consistent_text_only_disclosure_passes(check_tree):
    text = text_only(
        "{收入总计: 1000.00, 本年收入合计: 900.00, 上年结转结余: 100.00, 一般公共预算收入: 900.00,"
        " 政府性基金预算收入: 0.00, 国有资本经营预算收入: 0.00, 财政专户管理资金收入: 0.00, 单位资金收入: 0.00,"
        " 支出总计: 1000.00, 基本支出: 800.00, 项目支出: 200.00, 人员经费: 700.00, 公用经费: 100.00,"
        " 一般公共服务支出: 600.00, 公共安全支出: 400.00, 本年支出合计: 1000.00}",
        "收入1000.00万元：本年收入900.00万元（一般公共预算收入900.00万元，其余0.00万元），上年结转结余100.00万元。"
        "支出1000.00万元，基本支出800.00万元（人员经费700.00万元，公用经费100.00万元），项目支出200.00万元；"
        "一般公共服务支出600.00万元，公共安全支出400.00万元。",
    )
    content = check(check_tree, text)
    assert content.reporter.items == [], "\n".join(d.format() for d in content.reporter.items)


def test_income_sources_that_miss_the_total_are_an_error(check_tree):
    text = text_only(
        "{本年收入合计: 900.00, 一般公共预算收入: 850.00, 政府性基金预算收入: 0.00, 国有资本经营预算收入: 0.00,"
        " 财政专户管理资金收入: 0.00, 单位资金收入: 0.00}",
        "本年收入900.00万元，一般公共预算收入850.00万元，其余各项0.00万元。",
    )
    d = one(check(check_tree, text), "GK044")
    assert d.severity is Severity.ERROR and "900.00" in d.message and "850.00" in d.message and "50.00" in d.message


def test_an_optional_part_left_unstated_is_named_not_guessed(check_tree):
    text = text_only("{本年收入合计: 900.00, 财政拨款收入: 850.00}", "本年收入900.00万元，其中财政拨款收入850.00万元。")
    d = one(check(check_tree, text), "GK044")
    assert d.severity is Severity.ERROR
    assert "未写出的" in d.message and "事业收入" in d.message and "50.00" in d.message


def test_classes_stated_in_words_add_up_to_the_total(check_tree):
    text = text_only(
        "{本年支出合计: 1000.00, 一般公共服务支出: 600.00, 公共安全支出: 390.00}",
        "支出1000.00万元，其中一般公共服务支出600.00万元，公共安全支出390.00万元。",
    )
    d = one(check(check_tree, text), "GK045")
    assert d.severity is Severity.ERROR
    assert "990.00" in d.message and "10.00" in d.message and "未写出的类按无支出计" in d.message


def test_three_public_parts_stated_in_words(check_tree):
    text = text_only(
        "{三公经费: 10.00, 因公出国（境）费: 0.00, 公务用车购置及运维费: 6.00, 公务用车购置费: 0.00,"
        " 公务用车运行维护费: 6.00, 公务接待费: 3.00}",
        "“三公”经费10.00万元，因公出国（境）费0.00万元，公务用车购置及运维费6.00万元（购置费0.00万元，运维费6.00万元），公务接待费3.00万元。",
    )
    d = one(check(check_tree, text), "GK043")
    assert d.severity is Severity.ERROR and "10.00" in d.message and "9.00" in d.message


def test_the_identities_hold_for_last_years_figures_and_the_changes_too(check_tree):
    text = text_only(
        "{支出总计·增减: 100.00, 基本支出·增减: 60.00, 项目支出·增减: 30.00,"
        " 支出总计·上年: 900.00, 基本支出·上年: 700.00, 项目支出·上年: 200.00}",
        "较上年增加100.00万元，其中基本支出增加60.00万元，项目支出增加30.00万元；上年支出900.00万元，基本支出700.00万元，项目支出200.00万元。",
    )
    found = of(check(check_tree, text), "GK045")
    assert len(found) == 1
    (d,) = found
    assert d.severity is Severity.ERROR and "较上年增减" in d.message and "90.00" in d.message


# ----- the same figure stated twice -------------------------------------------------------------------------------


def test_a_class_stated_twice_with_two_amounts_is_an_error(check_tree):
    more = """\
  - section: 一般公共预算支出情况
    number: 二、
    figures: {一般公共服务支出: 610.00}
    body:
      - text: 一般公共服务支出610.00万元。
"""
    text = text_only("{一般公共服务支出: 600.00}", "一般公共服务支出600.00万元。", more=more)
    d = one(check(check_tree, text), "GK046")
    assert d.severity is Severity.ERROR
    assert (d.location.line, d.location.col) == place(text, "610.00}")
    assert "610.00" in d.message and "600.00" in d.message and "10.00" in d.message


def test_one_name_twice_in_one_section_through_an_alias(check_tree):
    text = text_only("{公务用车运行维护费: 6.00, 公务用车运行费: 6.50}", "公务用车运行维护费6.00万元，运行费6.50万元。")
    d = one(check(check_tree, text), "GK046")
    assert d.severity is Severity.ERROR and "6.00" in d.message and "6.50" in d.message


# ----- shares, changes, growth rates, completion rates ------------------------------------------------------------


def test_a_wrong_share_is_an_error_and_a_right_one_passes(check_tree):
    text = text_only(
        "{本年支出合计: 2940.05, 基本支出: 2336.91, 基本支出·占比: 79.59%, 项目支出: 603.14, 项目支出·占比: 20.51%}",
        "支出2940.05万元，基本支出2336.91万元，占79.59%；项目支出603.14万元，占20.51%。",
    )
    d = one(check(check_tree, text), "GK047")
    assert d.severity is Severity.ERROR
    assert (d.location.line, d.location.col) == place(text, "79.59%,")
    assert "79.59" in d.message and "79.49" in d.message and "0.10" in d.message and "79.49%–79.49%" in d.message


def test_a_share_bent_so_that_the_set_adds_to_100_is_a_warning_naming_it(check_tree):
    # 1/3 each: 33.33 + 33.33 + 33.33 = 99.99, so a publisher prints 33.34 for one of them
    text = text_only(
        "{本年支出合计: 3000.00, 基本支出: 1000.00, 基本支出·占比: 33.34%, 项目支出: 1000.00, 项目支出·占比: 33.33%,"
        " 经营支出: 1000.00, 经营支出·占比: 33.33%}",
        "支出3000.00万元，基本支出1000.00万元占33.34%，项目支出1000.00万元占33.33%，经营支出1000.00万元占33.33%。",
    )
    d = one(check(check_tree, text), "GK047")
    assert d.severity is Severity.WARNING and "基本支出" in d.message and "凑足 100%" in d.message


def test_a_share_of_a_named_total(check_tree):
    text = text_only(
        "{支出总计: 200.00, 基本支出: 50.00, 基本支出·占支出总计: 20.00%}",
        "支出200.00万元，基本支出50.00万元，占20.00%。",
    )
    d = one(check(check_tree, text), "GK047")
    assert d.severity is Severity.ERROR and "25.00%" in d.message


def test_a_wrong_change_against_last_year_is_an_error(check_tree):
    text = text_only(
        "{支出总计: 1000.00, 支出总计·上年: 900.00, 支出总计·增减: 110.00}",
        "支出1000.00万元，上年900.00万元，增加110.00万元。",
    )
    d = one(check(check_tree, text), "GK048")
    assert d.severity is Severity.ERROR
    assert (d.location.line, d.location.col) == place(text, "110.00}")
    assert "110.00" in d.message and "100.00" in d.message and "10.00" in d.message


def test_a_wrong_growth_rate_is_an_error_and_a_right_one_passes(check_tree):
    right = text_only(
        "{收入总计: 2995.39, 收入总计·增减: -56.95, 收入总计·增长率: -1.87%}",
        "收入2995.39万元，减少56.95万元，下降1.87%。",
    )
    assert of(check(check_tree, right), "GK048") == []
    wrong = right.replace("-1.87%}", "-1.97%}").replace("下降1.87%", "下降1.97%")
    d = one(check(check_tree, wrong), "GK048")
    assert d.severity is Severity.ERROR
    assert "-1.97" in d.message and "-1.87" in d.message and "0.10" in d.message


def test_a_decrease_written_as_a_positive_rate_is_told_to_be_negative(check_tree):
    text = text_only(
        "{收入总计: 2995.39, 收入总计·增减: -56.95, 收入总计·增长率: 1.87%}",
        "收入2995.39万元，减少56.95万元，下降1.87%。",
    )
    d = one(check(check_tree, text), "GK048")
    assert d.severity is Severity.ERROR and "负数" in d.message


def test_a_growth_rate_on_a_zero_base_is_an_error(check_tree):
    text = text_only(
        "{项目支出: 50.00, 项目支出·上年: 0.00, 项目支出·增长率: 100.00%}",
        "项目支出50.00万元，上年0.00万元，增长100.00%。",
    )
    d = one(check(check_tree, text), "GK048")
    assert d.severity is Severity.ERROR and "为 0" in d.message and "没有意义" in d.message


def test_completion_against_the_initial_budget(check_tree):
    figures = "{一般公共预算财政拨款支出: 2940.05, 一般公共预算财政拨款支出·年初预算: 2993.92, 一般公共预算财政拨款支出·完成率: 98.20%}"
    sentence = "年初预算为2993.92万元，支出决算为2940.05万元，完成年初预算的98.20%。"
    assert of(check(check_tree, text_only(figures, sentence, kind="决算")), "GK049") == []
    wrong = text_only(figures.replace("98.20%", "98.30%"), sentence.replace("98.20", "98.30"), kind="决算")
    d = one(check(check_tree, wrong), "GK049")
    assert d.severity is Severity.ERROR and "98.30" in d.message and "98.20" in d.message


def test_completion_of_an_initial_budget_of_zero_is_an_error_pointing_to_the_full_year_budget(check_tree):
    text = text_only(
        "{项目支出: 95.89, 项目支出·年初预算: 0, 项目支出·完成率: 95.89%}",
        "年初预算为0万元，支出决算为95.89万元，完成年初预算的95.89%。",
        kind="决算",
    )
    d = one(check(check_tree, text), "GK049")
    assert d.severity is Severity.ERROR and "全年预算" in d.message and "项目支出·全年完成率" in d.message
    fixed = text_only(
        "{项目支出: 95.89, 项目支出·年初预算: 0, 项目支出·全年预算: 100.00, 项目支出·全年完成率: 95.89%}",
        "年初预算为0万元，全年预算100.00万元，支出决算为95.89万元，完成全年预算的95.89%。",
        kind="决算",
    )
    assert of(check(check_tree, fixed), "GK049") == []


def test_a_percentage_is_not_an_amount(check_tree):
    text = text_only("{基本支出: 79.49%}", "基本支出占79.49%。")
    d = one(check(check_tree, text), "GK007")
    assert d.severity is Severity.ERROR and "百分比" in d.message


# ----- names and suggestions --------------------------------------------------------------------------------------


def test_figure_names_read_as_quantity_scope_and_suffix():
    assert parse_name("一般公共预算财政拨款支出·住房保障支出·占比")[0] is not None
    name, _ = parse_name("公务用车运行费·增减")
    assert name is not None and name.key == "公务用车运行维护费·增减"  # an alias is its quantity
    assert parse_name("基本支出·占支出总计")[0] is not None
    name, why = parse_name("基本支出·增长")
    assert name is None and "是否想写“·增长率”" not in why and "增长率" in why


def test_an_unknown_figure_name_is_not_offered_an_unrelated_one(check_tree):
    content = check(check_tree, text_only("{一般公共服务支: 600.00}", "一般公共服务支出600.00万元。"))
    d = one(content, "GK003")
    assert "是否想写“一般公共服务支出”" in d.message
    assert suggest("一般公共服务支出", ["一般公共预算收入", "政府性基金预算收入"]) is None
    assert suggest("yaer", ["year", "kind"]) == "year"
    assert suggest("titel", ["title", "year"]) == "title"
    assert suggest("tittle", ["title"]) == "title"
    assert suggest("foo", ["year", "kind", "title"]) is None


def test_an_unrelated_key_of_a_disclosure_gets_no_suggestion(check_tree):
    text = text_only("{}", "无。").replace("scope: partial", "scope: partial\n一般公共服务支出: 1")
    d = one(check(check_tree, text), "GK003")
    assert "是否想写" not in d.message


# ----- the real content and mutated copies of it ------------------------------------------------------------------


@pytest.fixture
def copy_of_content(tmp_path: Path):
    def make(slug: str, old: str, new: str) -> Content:
        root = tmp_path / "content"
        shutil.copytree(ROOT / "content", root)
        path = next(root.glob(f"*/{slug}/disclosure.yml"))
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, old
        path.write_text(text.replace(old, new), encoding="utf-8")
        return load_content(root)

    return make


def test_langfang_changes_by_kind_of_spending_add_up(example_content, copy_of_content):
    assert [d for d in example_content.reporter.items if d.code == "GK045"] == []
    content = copy_of_content("langfang-sifaju", "项目支出·增减: 28.95", "项目支出·增减: 28.05")
    d = one(content, "GK045")
    assert d.severity is Severity.ERROR and "207.32" in d.message and "206.42" in d.message


def test_putuo_shares_and_rates_are_checked(example_content, copy_of_content):
    messages = [d.message for d in example_content.reporter.items if "putuo" in d.location.path]
    # 71.73% printed for 2106.66 ÷ 2940.05 = 71.65%: an error of the document, acknowledged
    assert any("一般公共服务支出占比为 71.73%" in m and "71.65%" in m and "已确认按原文保留" in m for m in messages)
    # a growth rate it prints right, changed by one step in its last decimal: an error
    content = copy_of_content("putuo-caizhengju", "机关运行经费·增长率: 1.40%", "机关运行经费·增长率: 1.41%")
    d = one(content, "GK048")
    assert d.severity is Severity.ERROR and "1.41" in d.message and "1.40" in d.message


def test_putuo_completion_rate_and_its_zero_budgets(example_content, copy_of_content):
    completion = [d for d in example_content.reporter.items if d.code == "GK049"]
    # “完成预算的0%” where the 三公 table prints no 预算数 for 因公出国 and 公务用车: acknowledged errors
    assert len(completion) == 2 and all("预算数为空白" in d.message for d in completion)
    content = copy_of_content(
        "putuo-caizhengju", "一般公共预算财政拨款支出·完成率: 98.20%", "一般公共预算财政拨款支出·完成率: 98.10%"
    )
    found = [d for d in content.reporter.items if d.code == "GK049" and d.severity is Severity.ERROR]
    assert len(found) == 1 and "2940.05" in found[0].message and "2993.92" in found[0].message


def test_putuo_procurement_parts_round_to_its_total(example_content):
    (d,) = [d for d in example_content.reporter.items if d.code == "GK039"]
    assert d.severity is Severity.WARNING and "251.25" in d.message and "251.26" in d.message and "±0.01" in d.message


# ----- a 较上年增减 stated alone, against this year's table figure and last year's stated one ---------------------


def change_alone(check_minimal, figures: str, text: str) -> Content:
    """The minimal disclosure (项目支出 4.00 in its 支出总表), its 机关运行经费 section stating ``figures``."""
    old = "        topic: 机关运行经费\n        body:\n          - text: 机关运行经费共计安排1.00万元。"
    new = f"        topic: 机关运行经费\n        figures: {figures}\n        body:\n          - text: {text}"
    root = check_minimal({"disclosure.yml": [(old, new)]})
    return load_content(root)


@pytest.mark.parametrize(("change", "severity"), [("1.00", None), ("1.01", Severity.WARNING), ("1.02", Severity.ERROR)])
def test_a_change_stated_alone_is_this_years_table_figure_less_last_years_stated_one(check_minimal, change, severity):
    """增减 = 4.00 (支出总表) − 3.00 (stated): two rounded figures, so one step (0.01) can be rounding."""
    content = change_alone(
        check_minimal,
        f"{{项目支出·上年: 3.00, 项目支出·增减: {change}}}",
        f"项目支出上年3.00万元，本年增加{change}万元。",
    )
    found = of(content, "GK048")
    if severity is None:
        assert found == [] and content.reporter.errors == []
        return
    (d,) = found
    assert d.severity is severity
    assert d.location.path.endswith("ceshi-sifaju/disclosure.yml")
    assert f"项目支出较上年增减为 {change}" in d.message
    assert "部门预算支出总表合计行的“项目支出” 4.00" in d.message and "上年项目支出 3.00" in d.message
    assert "1.00" in d.message and "±0.01" in d.message


@pytest.mark.parametrize(
    ("rate", "severity"), [("33.33", None), ("33.43", Severity.WARNING), ("33.83", Severity.ERROR)]
)
def test_a_growth_rate_from_this_years_table_figure_and_last_years_stated_one(check_minimal, rate, severity):
    """增长率 = (4.00 − 3.00) ÷ 3.00 = 33.33%, 增减 not stated; with figures this small their rounding
    allows 32.95%–33.72%, so 33.43% may be rounding and 33.83% is not."""
    content = change_alone(
        check_minimal, f"{{项目支出·上年: 3.00, 项目支出·增长率: {rate}%}}", f"项目支出上年3.00万元，增长{rate}%。"
    )
    found = of(content, "GK048")
    if severity is None:
        assert found == [] and content.reporter.errors == []
        return
    (d,) = found
    assert d.severity is severity and rate in d.message and "33.33" in d.message and "32.95%–33.72%" in d.message
