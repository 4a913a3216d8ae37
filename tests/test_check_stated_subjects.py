"""Stated figures at the 款 and 项 level of the 功能分类 (#8).

A 说明 writes “行政运行（2010101）1465.47万元”, or names a 项 as “一般公共服务支出（类）财政事务（款）
行政运行（项）”. Under ``figures:`` that is ``行政运行（2010101）`` or ``行政运行（项）`` (optionally in a
scope: ``一般公共预算财政拨款支出·行政运行（项）``): the same quantity as the table row of that
code or name, checked against it (GK036), stated twice (GK046), and summed up the hierarchy (GK051).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.diagnostics import Diagnostic, Severity
from generator.pipeline import Content, load_content
from generator.validate.stated import parse_name

ROOT = Path(__file__).resolve().parents[1]
DISC = "2025/moumou-sifaju/disclosure.yml"
SHOWN = f"content/{DISC}"
PUTUO = "content/2024/putuo-caizhengju/disclosure.yml"

HEAD = """\
department:
  name: 某某县司法局
year: 2025
kind: 预算
scope: partial
title: 某某县司法局2025年部门预算
contents:
"""

# a 一般公共预算财政拨款支出表 where 行政运行 is the name of two 项 (2010101 and 2040601)
TABLE = """\
  - table: general_expenditure
    rows:
      - {code: "201", name: 一般公共服务支出, 合计: 30.00, 基本支出: 30.00}
      - {code: "20101", name: 人大事务, 合计: 30.00, 基本支出: 30.00}
      - {code: "2010101", name: 行政运行, 合计: 30.00, 基本支出: 30.00}
      - {code: "204", name: 公共安全支出, 合计: 10.00, 基本支出: 6.00, 项目支出: 4.00}
      - {code: "20406", name: 司法, 合计: 10.00, 基本支出: 6.00, 项目支出: 4.00}
      - {code: "2040601", name: 行政运行, 合计: 6.00, 基本支出: 6.00}
      - {code: "2040602", name: 一般行政管理事务, 合计: 4.00, 项目支出: 4.00}
"""


def section(figures: str, text: str, heading: str = "一般公共预算财政拨款支出情况", number: str = "一、") -> str:
    return f"  - section: {heading}\n    number: {number}\n    figures: {figures}\n    body:\n      - text: {text}\n"


def of(content: Content, code: str) -> list[Diagnostic]:
    return [d for d in content.reporter.items if d.code == code]


def one(content: Content, code: str) -> Diagnostic:
    found = of(content, code)
    shown = "\n".join(d.format() for d in content.reporter.items)
    assert len(found) == 1, f"expected one {code}, got:\n{shown}"
    return found[0]


def place(text: str, marker: str, on: str = "") -> tuple[int, int]:
    """Line and column of ``marker`` on the first line holding ``on`` and ``marker``."""
    for number, line in enumerate(text.splitlines(), 1):
        if marker in line and on in line:
            return number, line.index(marker) + 1
    raise AssertionError(marker)


# ----- names ----------------------------------------------------------------------------------------------------


def test_the_names_of_a_subject():
    name, _ = parse_name("一般公共预算财政拨款支出·行政运行（2010601）·年初预算")
    assert name is not None and (name.quantity, name.period) == (
        "一般公共预算财政拨款支出·行政运行（2010601）",
        "年初预算",
    )
    # ASCII brackets are the same name; a 类 by code or level is the 类 itself
    assert parse_name("财政事务(20106)")[0] == parse_name("财政事务（20106）")[0]
    assert parse_name("一般公共服务支出（201）")[0] == parse_name("一般公共服务支出")[0]
    assert parse_name("一般公共服务支出（类）")[0] == parse_name("一般公共服务支出")[0]


@pytest.mark.parametrize(
    ("key", "why"),
    [
        ("行政运行（9990601）", "9990601"),
        ("一般公共服务支出（202）", "201"),
        ("一般公共服务支（类）", "一般公共服务支出"),
    ],
)
def test_a_wrong_subject_name_is_a_located_error(check_tree, key, why):
    text = HEAD + section(f"{{{key}: 6.00}}", "支出6.00万元。")
    d = one(load_content(check_tree({DISC: text})), "GK003")
    assert d.severity is Severity.ERROR and why in d.message
    assert (d.location.path, d.location.line) == (SHOWN, place(text, "figures")[0])


# ----- bound to the table row --------------------------------------------------------------------------------------


def test_a_subject_by_code_is_its_table_row(check_tree):
    right = (
        HEAD + TABLE + section("{一般公共预算财政拨款支出·行政运行（2040601）: 6.00}", "行政运行（2040601）6.00万元。")
    )
    content = load_content(check_tree({DISC: right}))
    assert content.reporter.errors == [] and of(content, "GK036") == []
    wrong = right.replace("（2040601）: 6.00", "（2040601）: 6.01").replace("6.00万元", "6.01万元")
    d = one(load_content(check_tree({DISC: wrong})), "GK036")
    assert d.severity is Severity.ERROR  # a copied figure: no rounding allowed
    assert (d.location.line, d.location.col) == place(wrong, "6.01}", on="figures")
    assert "6.01" in d.message and "2040601 行政运行" in d.message and "6.00" in d.message and "±0.00" in d.message


def test_a_subject_by_name_is_the_one_row_of_that_name_and_level(check_tree):
    text = (
        HEAD
        + TABLE
        + section("{一般公共预算财政拨款支出·一般行政管理事务（项）: 4.10}", "一般行政管理事务（项）4.10万元。")
    )
    d = one(load_content(check_tree({DISC: text})), "GK036")
    assert d.severity is Severity.ERROR and "2040602 一般行政管理事务" in d.message and "4.00" in d.message


def test_a_name_two_rows_share_asks_for_the_code(check_tree):
    text = HEAD + TABLE + section("{一般公共预算财政拨款支出·行政运行（项）: 6.00}", "行政运行（项）6.00万元。")
    d = one(load_content(check_tree({DISC: text})), "GK036")
    assert d.severity is Severity.ERROR and "2010101、2040601" in d.message and "行政运行（2010101）" in d.message
    assert (d.location.line, d.location.col) == place(text, "6.00}", on="figures")


def test_a_name_the_table_does_not_have_is_an_error(check_tree):
    text = HEAD + TABLE + section("{一般公共预算财政拨款支出·信息化建设（项）: 6.00}", "信息化建设（项）6.00万元。")
    d = one(load_content(check_tree({DISC: text})), "GK036")
    assert d.severity is Severity.ERROR and "没有同名的项级科目" in d.message


def test_a_code_stated_under_another_name_is_a_warning(check_tree):
    text = HEAD + TABLE + section("{一般公共预算财政拨款支出·行政管理（2040601）: 6.00}", "行政管理6.00万元。")
    d = one(load_content(check_tree({DISC: text})), "GK023")
    assert d.severity is Severity.WARNING and "行政管理" in d.message and "行政运行" in d.message


# ----- text only ------------------------------------------------------------------------------------------------


def test_text_only_the_name_and_the_coded_name_are_one_quantity(check_tree):
    text = (
        HEAD
        + section("{行政运行（2040601）: 1465.47}", "行政运行（2040601）1465.47万元。")
        + section("{行政运行（项）: 1465.57}", "其中行政运行（项）1465.57万元。", "基本支出情况", "二、")
    )
    d = one(load_content(check_tree({DISC: text})), "GK046")
    assert d.severity is Severity.ERROR and "1465.57" in d.message and "1465.47" in d.message
    assert (d.location.line, d.location.col) == place(text, "1465.57}")


def test_text_only_items_above_their_class_are_an_error_and_a_partial_list_is_not(check_tree):
    """The text may name only the main 项 of a 类; their sum above the 类 cannot be rounding."""
    partial = HEAD + section(
        "{公共安全支出: 1600.00, 行政运行（2040601）: 1465.47}",
        "公共安全支出1600.00万元，主要用于行政运行（2040601）1465.47万元。",
    )
    content = load_content(check_tree({DISC: partial}))
    assert of(content, "GK051") == [] and content.reporter.errors == []
    over = HEAD + section(
        "{公共安全支出: 1600.00, 行政运行（2040601）: 1465.47, 一般行政管理事务（2040602）: 134.55}",
        "公共安全支出1600.00万元：行政运行（2040601）1465.47万元，一般行政管理事务（2040602）134.55万元。",
    )
    d = one(load_content(check_tree({DISC: over})), "GK051")
    assert d.severity is Severity.ERROR
    assert (
        "1600.00" in d.message and "1600.02" in d.message and "2040601、2040602" in d.message and "±0.01" in d.message
    )


# ----- the real 普陀 决算: its 情况说明 lists the 11 项 with 年初预算 and 决算 ----------------------------------------


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


def test_putuo_initial_budgets_of_its_items_round_to_the_stated_total(example_content):
    (d,) = [d for d in example_content.reporter.items if d.code == "GK051"]
    assert d.severity is Severity.WARNING and d.location.path == PUTUO
    assert "2993.92" in d.message and "2993.93" in d.message and "11 项" in d.message and "±0.05" in d.message
    # each 项 it names is the table's row: no other complaint about them
    assert not [x for x in example_content.reporter.items if "（项）" in x.message]


def test_putuo_an_item_changed_from_its_table_row_is_an_error(putuo_with):
    content = putuo_with(
        "一般公共预算财政拨款支出·信息化建设（项）: 135.25", "一般公共预算财政拨款支出·信息化建设（项）: 135.35"
    )
    found = [d for d in of(content, "GK036") if d.severity is Severity.ERROR]
    assert len(found) == 1
    assert "信息化建设" in found[0].message and "135.35" in found[0].message and "2010607" in found[0].message


def test_putuo_an_initial_budget_changed_beyond_rounding_is_an_error(putuo_with):
    content = putuo_with(
        "一般公共预算财政拨款支出·行政运行（项）·年初预算: 1560.05",
        "一般公共预算财政拨款支出·行政运行（项）·年初预算: 1560.15",
    )
    d = one(content, "GK051")
    assert d.severity is Severity.ERROR and "2993.92" in d.message and "2994.03" in d.message
