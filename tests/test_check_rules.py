"""One failing fixture per validation rule: the code, the severity and the exact place of each diagnostic."""

from __future__ import annotations

import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from generator.diagnostics import Diagnostic, Severity
from generator.model.tables import ClassifiedTable, FixedTable, GenericTable, ItemListTable
from generator.pipeline import Content, load_content

DISC = "2025/ceshi/disclosure.yml"
SHOWN = f"content/{DISC}"  # how a path below tmp_path/content is displayed
MIN_DISC = "2025/ceshi-sifaju/disclosure.yml"
MIN_SHOWN = f"content/{MIN_DISC}"

HEAD = """\
department:
  name: 测试局
year: 2025
kind: 预算
scope: partial
title: 测试
contents:
  - part: 表
    items:
"""


def disclosure(body: str, head: str = HEAD) -> str:
    """A partial disclosure whose only part holds ``body`` (blocks, written at column 0)."""
    return head + textwrap.indent(textwrap.dedent(body), " " * 6)


def line_of(text: str, marker: str, nth: int = 0) -> int:
    lines = [i for i, line in enumerate(text.splitlines(), 1) if marker in line]
    assert len(lines) > nth, f"{marker!r} not in text"
    return lines[nth]


def col_of(text: str, marker: str, nth: int = 0) -> int:
    line = text.splitlines()[line_of(text, marker, nth) - 1]
    return line.index(marker) + 1


def col_in(text: str, line_marker: str, marker: str, nth: int = 0) -> int:
    """Column of ``marker`` within the (nth) line that contains ``line_marker``."""
    line = text.splitlines()[line_of(text, line_marker, nth) - 1]
    return line.index(marker) + 1


def of(content: Content, code: str) -> list[Diagnostic]:
    return [d for d in content.reporter.items if d.code == code]


def one(content: Content, code: str) -> Diagnostic:
    found = of(content, code)
    shown = "\n".join(d.format() for d in content.reporter.items)
    assert len(found) == 1, f"expected one {code}, got:\n{shown}"
    return found[0]


def at(d: Diagnostic, path: str, line: int, col: int | None = None) -> None:
    assert d.location.path == path, d.format()
    assert d.location.line == line, d.format()
    if col is not None:
        assert d.location.col == col, d.format()


def load_text(check_tree, text: str, **more: str) -> Content:
    return load_content(check_tree({DISC: text, **more}))


def min_text(root: Path, name: str = "disclosure.yml") -> str:
    return (root / "2025" / "ceshi-sifaju" / name).read_text(encoding="utf-8")


# ----- the base fixtures are clean -------------------------------------------------------------------------------
def test_minimal_fixture_is_clean(check_minimal):
    content = load_content(check_minimal())
    assert content.reporter.items == []
    assert content.ok and len(content.disclosures) == 1


def test_partial_head_is_clean(check_tree):
    text = disclosure("""\
        - table: generic
          title: 表
          header: [[甲, 乙]]
          rows: [[a, b]]
        """)
    content = load_text(check_tree, text)
    assert content.reporter.items == []


# ----- GK001 YAML syntax ----------------------------------------------------------------------------------------
def test_gk001_syntax_error(check_tree):
    text = HEAD.replace("title: 测试", "title: [未闭合") + "      - text: x\n"
    content = load_text(check_tree, text)
    d = one(content, "GK001")
    assert d.severity is Severity.ERROR
    # the place the parser stopped: the next line's ':' inside the unclosed [ … ]
    at(d, SHOWN, line_of(text, "title: [未闭合") + 1, len("contents:"))
    assert "YAML" in d.message
    assert content.disclosures == []


def test_gk001_mapping_value_not_allowed_line_and_col(check_tree):
    text = HEAD.replace("kind: 预算", "kind: 预算: 决算")
    content = load_text(check_tree, text)
    d = one(content, "GK001")
    at(d, SHOWN, 4, col_of(text, ": 决算"))


def test_gk001_duplicate_key(check_tree):
    text = HEAD.replace("kind: 预算\n", "kind: 预算\nyear: 2026\n")
    content = load_text(check_tree, text)
    d = one(content, "GK001")
    at(d, SHOWN, line_of(text, "year: 2026"), 1)
    assert "year" in d.message and "第 3 行" in d.message


def test_gk001_invalid_utf8(check_tree):
    content = load_content(check_tree({DISC: b"title: \xff\xfe\xfa\n"}))
    d = one(content, "GK001")
    assert d.severity is Severity.ERROR
    at(d, SHOWN, 1, 1)
    assert "UTF-8" in d.message


# ----- GK002 files ------------------------------------------------------------------------------------------------
def test_gk002_missing_site_file(check_tree):
    content = load_content(check_tree({"site.yml": None, DISC: disclosure("- section: 节\n  body: []\n")}))
    d = one(content, "GK002")
    assert d.severity is Severity.ERROR
    assert d.location.path == "content/site.yml"
    assert "site.yml" in d.message
    assert content.site is None and not content.ok


def test_gk002_missing_content_dir(tmp_path):
    content = load_content(tmp_path / "nowhere")
    d = one(content, "GK002")
    assert d.severity is Severity.ERROR
    assert not content.ok


def test_gk002_no_disclosures_is_a_warning(check_tree):
    content = load_content(check_tree({}))
    d = one(content, "GK002")
    assert d.severity is Severity.WARNING
    assert content.site is not None


# ----- GK003 unknown keys -----------------------------------------------------------------------------------------
def test_gk003_typo_with_suggestion(check_tree):
    text = HEAD.replace("title: 测试", "titel: 测试")
    content = load_text(check_tree, text)
    d = one(content, "GK003")
    assert d.severity is Severity.ERROR
    at(d, SHOWN, 6, 1)
    assert "titel" in d.message and "是否想写“title”" in d.message


def test_gk003_typo_in_a_table_column(check_tree):
    text = disclosure("""\
        - table: income
          rows:
            - {code: "204", name: 公共安全支出, 合记: 1.00, 小计: 1.00, 财政拨款收入: 1.00}
        """)
    content = load_text(check_tree, text)
    d = one(content, "GK003")
    at(d, SHOWN, line_of(text, "合记"), col_of(text, "合记"))
    assert "是否想写“合计”" in d.message


# ----- GK004 required ---------------------------------------------------------------------------------------------
def test_gk004_missing_title(check_tree):
    text = HEAD.replace("title: 测试\n", "")
    content = load_text(check_tree, text)
    d = one(content, "GK004")
    assert d.severity is Severity.ERROR
    at(d, SHOWN, 1, 1)
    assert "title" in d.message
    assert content.disclosures == []


def test_gk004_missing_row_name(check_tree):
    text = disclosure("""\
        - table: income
          rows:
            - {code: "204", 合计: 1.00, 小计: 1.00, 财政拨款收入: 1.00}
        """)
    content = load_text(check_tree, text)
    d = one(content, "GK004")
    at(d, SHOWN, line_of(text, '"204"'), col_of(text, "{code"))
    assert "name" in d.message


def test_gk004_missing_contents(check_tree):
    text = HEAD.split("contents:")[0]
    content = load_text(check_tree, text)
    d = one(content, "GK004")
    at(d, SHOWN, 1, 1)
    assert "contents" in d.message


# ----- GK005 types ------------------------------------------------------------------------------------------------
def test_gk005_list_instead_of_text(check_tree):
    text = HEAD.replace("title: 测试", "title: [甲, 乙]")
    content = load_text(check_tree, text)
    d = one(content, "GK005")
    assert d.severity is Severity.ERROR
    at(d, SHOWN, 6, col_of(text, "[甲"))


def test_gk005_year_not_a_number(check_tree):
    text = HEAD.replace("year: 2025", "year: 二〇二五")
    content = load_text(check_tree, text)
    d = one(content, "GK005")
    at(d, SHOWN, 3, 7)


# ----- GK006 choices ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ("kind: 预算", "kind: 预决算", "kind: "),
        ("scope: partial", "scope: some", "scope: "),
        ("year: 2025", "year: 1999", "year: "),
    ],
)
def test_gk006_bad_choice(check_tree, old, new, key):
    text = HEAD.replace(old, new)
    content = load_text(check_tree, text)
    d = one(content, "GK006")
    assert d.severity is Severity.ERROR
    at(d, SHOWN, line_of(text, new), len(key) + 1)


def test_gk006_bad_table_kind_and_topic(check_tree):
    text = disclosure("""\
        - table: incom
        - section: 节
          topic: 其它
          body: []
        """)
    content = load_text(check_tree, text)
    found = sorted(of(content, "GK006"))
    assert [(d.location.line, d.location.col) for d in found] == [
        (line_of(text, "incom"), col_of(text, "incom")),
        (line_of(text, "其它"), col_of(text, "其它")),
    ]
    assert "income" in found[0].message  # the choices are listed


# ----- GK007 money ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("written", "hint"), [("26,10", "逗号"), ("abc", "不是金额"), ("12%", "百分比")])
def test_gk007_bad_money(check_tree, written, hint):
    text = disclosure(f"""\
        - table: income
          total:
            合计: {written}
          rows: []
          note: 空
        """)
    content = load_text(check_tree, text)
    d = one(content, "GK007")
    assert d.severity is Severity.ERROR
    at(d, SHOWN, line_of(text, written), col_of(text, written))
    assert written in d.message and hint in d.message


# ----- GK008 dates ------------------------------------------------------------------------------------------------
def test_gk008_bad_date(check_tree):
    text = HEAD.replace("title: 测试\n", "title: 测试\npublished: 2025-02-30\n")
    content = load_text(check_tree, text)
    d = one(content, "GK008")
    assert d.severity is Severity.ERROR
    at(d, SHOWN, line_of(text, "published"), 12)


def test_gk008_date_must_be_yyyy_mm_dd(check_tree):
    """The format is documented as YYYY-MM-DD; Python 3.11's fromisoformat also takes 20250220 or 2025-W08-4."""
    text = HEAD.replace("title: 测试\n", "title: 测试\npublished: 20250220\n")
    content = load_text(check_tree, text)
    d = one(content, "GK008")
    at(d, SHOWN, line_of(text, "published"), 12)


# ----- GK009 include ----------------------------------------------------------------------------------------------
def test_gk009_include_missing(check_tree):
    text = disclosure("- include: projects/nope.yml\n")
    content = load_text(check_tree, text)
    d = one(content, "GK009")
    assert d.severity is Severity.ERROR
    at(d, SHOWN, line_of(text, "nope.yml"), col_of(text, "projects/nope.yml"))
    assert "不存在" in d.message


def test_gk009_include_outside_the_folder(check_tree):
    text = disclosure("- include: ../outside.yml\n")
    content = load_text(check_tree, text, **{"2025/outside.yml": "text: x\n"})
    d = one(content, "GK009")
    at(d, SHOWN, line_of(text, "outside"), col_of(text, "../outside.yml"))
    assert "目录内" in d.message


def test_gk009_include_cycle(check_tree):
    text = disclosure("- include: a.yml\n")
    content = load_text(
        check_tree,
        text,
        **{
            "2025/ceshi/a.yml": "section: 甲\nbody:\n  - include: b.yml\n",
            "2025/ceshi/b.yml": "- text: 乙\n- include: a.yml\n",
        },
    )
    d = one(content, "GK009")
    at(d, "content/2025/ceshi/b.yml", 2, 12)
    assert "循环" in d.message


def test_include_brings_blocks_with_their_own_locations(check_tree):
    text = disclosure("- include: parts.yml\n")
    content = load_text(
        check_tree,
        text,
        **{
            "2025/ceshi/parts.yml": """\
            - section: 甲
              body:
                - table: income
                  rows:
                    - {code: "20A", name: 错, 合计: 1.00}
            """,
        },
    )
    d = one(content, "GK020")
    at(d, "content/2025/ceshi/parts.yml", 5, 11)


# ----- GK010 duplicate disclosure ---------------------------------------------------------------------------------
def test_gk010_duplicate_disclosure(check_tree):
    text = disclosure("- section: 节\n  body: []\n")
    content = load_content(check_tree({"2025/a/disclosure.yml": text, "2025/b/disclosure.yml": text}))
    d = one(content, "GK010")
    assert d.severity is Severity.ERROR
    at(d, "content/2025/b/disclosure.yml", 1, 1)
    assert "content/2025/a/disclosure.yml" in d.message
    assert len(content.disclosures) == 1


# ----- GK011 folder names -----------------------------------------------------------------------------------------
def test_gk011_bad_slug(check_tree):
    text = disclosure("- section: 节\n  body: []\n")
    content = load_content(check_tree({"2025/Bad_Slug/disclosure.yml": text}))
    d = one(content, "GK011")
    assert d.severity is Severity.ERROR
    at(d, "content/2025/Bad_Slug/disclosure.yml", 1, 1)
    assert "Bad_Slug" in d.message


def test_gk011_year_folder_mismatch_is_a_warning(check_tree):
    text = disclosure("- section: 节\n  body: []\n")
    content = load_content(check_tree({"2024/ceshi/disclosure.yml": text}))
    d = one(content, "GK011")
    assert d.severity is Severity.WARNING
    at(d, "content/2024/ceshi/disclosure.yml", 3, 7)


# ----- GK020–GK024 codes and shapes -------------------------------------------------------------------------------
def test_gk020_malformed_code(check_tree):
    text = disclosure("""\
        - table: expenditure
          rows:
            - {code: "20A", name: 错误, 合计: 1.00, 基本支出: 1.00}
            - {code: "2040", name: 四位, 合计: 1.00, 基本支出: 1.00}
        """)
    content = load_text(check_tree, text)
    found = sorted(of(content, "GK020"))
    assert [d.location.line for d in found] == [line_of(text, "20A"), line_of(text, '"2040"')]
    assert all(d.severity is Severity.ERROR for d in found)
    assert found[0].location.col == col_of(text, "{code")
    assert "3/5/7" in found[0].message


def test_gk021_duplicate_code(check_tree):
    text = disclosure("""\
        - table: expenditure
          rows:
            - {code: "204", name: 公共安全支出, 合计: 1.00, 基本支出: 1.00}
            - {code: "204", name: 公共安全支出, 合计: 1.00, 基本支出: 1.00}
        """)
    content = load_text(check_tree, text)
    d = one(content, "GK021")
    assert d.severity is Severity.ERROR
    at(d, SHOWN, line_of(text, '"204"', 1), col_of(text, "{code"))
    first = line_of(text, '"204"')
    assert f"第 {first} 行" in d.message


def test_gk022_child_without_parent(check_tree):
    text = disclosure("""\
        - table: expenditure
          rows:
            - {code: "204", name: 公共安全支出, 合计: 1.00, 基本支出: 1.00}
            - {code: "2040601", name: 行政运行, 合计: 1.00, 基本支出: 1.00}
        """)
    content = load_text(check_tree, text)
    d = one(content, "GK022")
    assert d.severity is Severity.ERROR
    at(d, SHOWN, line_of(text, "2040601"), col_of(text, "{code"))
    assert "20406" in d.message


def test_gk022_economic_codes(check_tree):
    text = disclosure("""\
        - table: basic_expenditure
          rows:
            - {code: "30217", name: 公务接待费, 合计: 1.00, 公用经费: 1.00}
        """)
    content = load_text(check_tree, text)
    d = one(content, "GK022")
    at(d, SHOWN, line_of(text, "30217"))
    assert "302" in d.message


def test_gk023_name_differs_across_tables(check_tree):
    text = disclosure("""\
        - table: income
          rows:
            - {code: "204", name: 公共安全支出, 合计: 1.00, 小计: 1.00, 财政拨款收入: 1.00}
        - table: expenditure
          rows:
            - {code: "204", name: 公共安全, 合计: 1.00, 基本支出: 1.00}
        """)
    content = load_text(check_tree, text)
    d = one(content, "GK023")
    assert d.severity is Severity.WARNING
    at(d, SHOWN, line_of(text, "name: 公共安全,"), col_of(text, "{code", 1))
    assert "公共安全支出" in d.message and "“公共安全”" in d.message


def test_gk024_wrong_cell_count_in_indicators(check_tree):
    text = disclosure("""\
        - table: dept_indicators
          indicators:
            - [部门产出, 数量, 普法考试次数, 描述, ≥, "1", 次, 工作要求]
            - [部门产出, 数量, 普法考试次数, 描述, ≥, "1", 次]
        """)
    content = load_text(check_tree, text)
    d = one(content, "GK024")
    assert d.severity is Severity.ERROR
    at(d, SHOWN, line_of(text, "次]"), col_of(text, "[部门产出", 1))
    assert "7 格" in d.message and "8 格" in d.message


def test_gk024_generic_row_width(check_tree):
    text = disclosure("""\
        - table: generic
          title: 机构
          header:
            - [{text: 单位, colspan: 2}, 性质]
          rows:
            - [甲, 乙, 丙]
            - [甲, 乙]
        """)
    content = load_text(check_tree, text)
    d = one(content, "GK024")
    at(d, SHOWN, line_of(text, "[甲, 乙]"), col_of(text, "[甲, 乙]"))
    (table,) = content.disclosures[0].tables("generic")
    assert isinstance(table, GenericTable)
    assert [[c.text for c in r] for r in table.rows] == [["甲", "乙", "丙"]]


# ----- GK030–GK035 arithmetic -------------------------------------------------------------------------------------
INCOME_ROW = '- {{code: "204", name: 公共安全支出, 合计: {total}, 小计: 6.00, 财政拨款收入: 6.00, 上年结转: 4.00}}'


def income_table(total: str) -> str:
    return disclosure("- table: income\n  rows:\n    " + INCOME_ROW.format(total=total) + "\n")


def test_gk030_row_sum_beyond_rounding_is_an_error(check_tree):
    text = income_table("10.05")
    content = load_text(check_tree, text)
    d = one(content, "GK030")
    assert d.severity is Severity.ERROR
    at(d, SHOWN, line_of(text, "10.05"), col_of(text, "10.05"))
    assert "10.05" in d.message and "10.00" in d.message and "0.05" in d.message


def test_gk030_row_sum_within_rounding_is_a_warning(check_tree):
    text = income_table("10.01")
    content = load_text(check_tree, text)
    d = one(content, "GK030")
    assert d.severity is Severity.WARNING
    at(d, SHOWN, line_of(text, "10.01"), col_of(text, "10.01"))
    assert "10.01" in d.message and "10.00" in d.message and "0.01" in d.message
    assert content.ok  # warnings don't fail


def test_exact_sum_reports_nothing(check_tree):
    content = load_text(check_tree, income_table("10.00"))
    assert content.reporter.items == []


def test_gk030_project_budget(check_tree):
    text = disclosure("""\
        - table: project_hebei
          name: 项目
          budget: {预算数: 5.00, 财政资金: 4.00, 其他资金: ~}
          indicators: []
        """)
    content = load_text(check_tree, text)
    d = one(content, "GK030")
    assert d.severity is Severity.ERROR
    at(d, SHOWN, line_of(text, "预算数"), col_of(text, "5.00"))


HIERARCHY = """\
- table: expenditure
  total: {{合计: {total}, 基本支出: 10.00}}
  rows:
    - {{code: "204", name: 公共安全支出, 合计: 10.00, 基本支出: 10.00}}
    - {{code: "20406", name: 司法, 合计: 10.00, 基本支出: 10.00}}
    - {{code: "2040601", name: 行政运行, 合计: 6.00, 基本支出: 6.00}}
    - {{code: "2040602", name: 一般行政管理事务, 合计: {child}, 基本支出: {child}}}
"""


def test_gk031_hierarchy_sum(check_tree):
    text = disclosure(HIERARCHY.format(total="10.00", child="4.50"))
    content = load_text(check_tree, text)
    found = sorted(of(content, "GK031"))
    # 20406 司法 ≠ 2040601 + 2040602 in both columns, reported on the 司法 row at each figure
    line = line_of(text, "name: 司法")
    assert [(d.location.line, d.location.col, d.severity) for d in found] == [
        (line, col_in(text, "name: 司法", "10.00, 基本支出"), Severity.ERROR),
        (line, col_in(text, "name: 司法", "10.00}"), Severity.ERROR),
    ]
    assert "10.50" in found[0].message and "0.50" in found[0].message


def test_gk032_total_row(check_tree):
    text = disclosure(HIERARCHY.format(total="11.00", child="4.00"))
    content = load_text(check_tree, text)
    d = one(content, "GK032")
    assert d.severity is Severity.ERROR
    at(d, SHOWN, line_of(text, "11.00"), col_of(text, "11.00"))
    assert "11.00" in d.message and "10.00" in d.message and "1.00" in d.message


def test_total_left_out_is_computed_total_given_is_checked(check_tree):
    text = disclosure(
        HIERARCHY.format(total="10.00", child="4.00").replace("  total: {合计: 10.00, 基本支出: 10.00}\n", "")
    )
    content = load_text(check_tree, text)
    assert content.reporter.items == []
    table = content.disclosures[0].tables("expenditure")[0]
    assert isinstance(table, ClassifiedTable)
    assert not table.total_given
    assert table.total["合计"] == Decimal("10.00") and isinstance(table.total["合计"], Decimal)
    assert table.total["基本支出"] == Decimal("10.00")
    assert table.total["项目支出"] is None  # nothing to add up: stays empty, not 0


def test_row_sum_left_out_is_computed(check_tree):
    text = disclosure("""\
        - table: income
          rows:
            - {code: "204", name: 公共安全支出, 财政拨款收入: 6.00, 上年结转: 4.00}
        """)
    content = load_text(check_tree, text)
    assert content.reporter.items == []
    table = content.disclosures[0].tables("income")[0]
    assert isinstance(table, ClassifiedTable)
    row = table.rows[0]
    assert row.values["小计"] == Decimal("6.00")
    assert row.values["合计"] == Decimal("10.00")


def test_empty_is_not_zero(check_tree):
    text = disclosure("""\
        - table: income
          rows:
            - {code: "204", name: 公共安全支出, 合计: 3.00, 小计: 3.00, 财政拨款收入: 3.00, 上年结转: 0, 事业收入: ~}
            - {code: "208", name: 社会保障和就业支出, 合计: 2.00, 上年结转: 2.00}
        """)
    content = load_text(check_tree, text)
    assert content.reporter.items == []
    table = content.disclosures[0].tables("income")[0]
    assert isinstance(table, ClassifiedTable)
    first, second = table.rows
    assert first.values["上年结转"] == Decimal("0") and first.values["上年结转"] is not None
    assert first.values["事业收入"] is None
    assert first.values["经营收入"] is None
    assert second.values["小计"] is None  # empty 本年收入 stays empty (廊坊 2040699)
    assert table.total["上年结转"] == Decimal("2.00")


def test_fixed_table_sum_left_out_is_computed(check_tree):
    text = disclosure("""\
        - table: budget_summary
          income: {一般公共预算拨款收入: 10.00, 上年结转结余: 2.00}
          expenditure: {公共安全支出: 12.00}
        """)
    content = load_text(check_tree, text)
    assert content.reporter.items == []
    table = content.disclosures[0].tables("budget_summary")[0]
    assert isinstance(table, FixedTable)
    assert table.value("income", "本年收入合计", "预算数") == Decimal("10.00")
    assert table.value("income", "收入总计", "预算数") == Decimal("12.00")
    assert table.value("expenditure", "支出总计", "预算数") == Decimal("12.00")
    assert ("income", "收入总计") in table.computed


def test_gk033_summary_total(check_tree):
    text = disclosure("""\
        - table: budget_summary
          income:
            一般公共预算拨款收入: 10.00
            本年收入合计: 10.00
            上年结转结余: 2.00
            收入总计: 13.00
          expenditure:
            公共安全支出: 12.00
            本年支出合计: 12.00
            支出总计: 12.00
        """)
    content = load_text(check_tree, text)
    found = sorted(of(content, "GK033"))
    assert found, "no GK033"
    assert all(d.severity is Severity.ERROR for d in found)
    # 收入总计 13.00 ≠ 本年收入合计 + 上年结转结余 = 12.00, at the 收入总计 figure
    assert (line_of(text, "收入总计"), col_of(text, "13.00")) in [(d.location.line, d.location.col) for d in found]
    # and 支出总计 ≠ 收入总计 (the two sides), at the 支出总计 figure
    assert line_of(text, "支出总计") in [d.location.line for d in found]
    assert any("13.00" in d.message and "12.00" in d.message and "1.00" in d.message for d in found)


def test_gk033_three_public_subtotal(check_tree):
    text = disclosure("""\
        - table: three_public
          rows:
            小计: {合计: 1.00, 一般公共预算财政拨款: 1.00}
            公务接待费: {合计: 0.40, 一般公共预算财政拨款: 0.40}
        """)
    content = load_text(check_tree, text)
    found = of(content, "GK033")
    assert {d.location.line for d in found} == {line_of(text, "小计")}
    assert all(d.severity is Severity.ERROR for d in found)
    assert all(d.location.col == col_of(text, "{合计: 1.00") for d in found)


def test_gk043_three_public_against_basic_expenditure(check_minimal):
    root = check_minimal(
        {
            "disclosure.yml": [
                ("小计: {合计: 1.00, 一般公共预算财政拨款: 1.00}", "小计: {合计: 1.10, 一般公共预算财政拨款: 1.10}"),
                (
                    "公务接待费: {合计: 0.40, 一般公共预算财政拨款: 0.40}",
                    "公务接待费: {合计: 0.50, 一般公共预算财政拨款: 0.50}",
                ),
            ]
        }
    )
    content = load_content(root)
    text = min_text(root)
    d = one(content, "GK043")
    assert d.severity is Severity.ERROR
    at(d, MIN_SHOWN, line_of(text, "公务接待费: {合计: 0.50"), col_of(text, "{合计: 0.50"))
    assert "0.50" in d.message and "0.40" in d.message and "30217" in d.message


def test_gk034_same_code_income_vs_expenditure(check_tree):
    text = disclosure("""\
        - table: income
          rows:
            - {code: "204", name: 公共安全支出, 合计: 10.00, 小计: 10.00, 财政拨款收入: 10.00}
        - table: expenditure
          rows:
            - {code: "204", name: 公共安全支出, 合计: 12.00, 基本支出: 12.00}
        """)
    content = load_text(check_tree, text)
    found = of(content, "GK034")
    row_level = [d for d in found if d.location.line == line_of(text, "12.00")]
    assert len(row_level) == 1
    d = row_level[0]
    assert d.severity is Severity.ERROR
    assert d.location.col == col_of(text, "12.00")
    assert "12.00" in d.message and "10.00" in d.message and "2.00" in d.message
    assert len(found) == 2  # and the two 合计 rows (computed) differ as well


def test_gk042_basic_expenditure_total(check_minimal):
    root = check_minimal(
        {
            "disclosure.yml": [
                (
                    "total: {合计: 6.00, 人员经费: 5.00, 公用经费: 1.00}",
                    "total: {合计: 6.50, 人员经费: 5.50, 公用经费: 1.00}",
                ),
                (
                    '- {code: "30101", name: 基本工资, 合计: 5.00, 人员经费: 5.00}',
                    '- {code: "30101", name: 基本工资, 合计: 5.00, 人员经费: 5.00}\n'
                    '          - {code: "30102", name: 津贴补贴, 合计: 0.50, 人员经费: 0.50}',
                ),
                (
                    '- {code: "301", name: 工资福利支出, 合计: 5.00, 人员经费: 5.00}',
                    '- {code: "301", name: 工资福利支出, 合计: 5.50, 人员经费: 5.50}',
                ),
            ]
        }
    )
    content = load_content(root)
    text = min_text(root)
    found = of(content, "GK042")
    # 支出总表 and 一般公共预算支出表 合计行的基本支出 6.00 ≠ 基本支出表合计 6.50
    lines = {line_of(text, "total: {合计: 10.00, 基本支出: 6.00", n) for n in (0, 1)}
    assert {d.location.line for d in found} == lines
    assert all(d.severity is Severity.ERROR and "6.50" in d.message for d in found)
    assert {d.location.col for d in found} == {col_in(text, "total: {合计: 10.00, 基本支出: 6.00", "6.00, 项目支出")}


def test_gk035_projects_against_expenditure(check_minimal):
    root = check_minimal({"projects/01.yml": [("{预算数: 4.00, 财政资金: 4.00", "{预算数: 5.00, 财政资金: 5.00")]})
    content = load_content(root)
    text = min_text(root)
    d = one(content, "GK035")
    assert d.severity is Severity.ERROR
    line = line_of(text, "total: {合计: 10.00, 基本支出: 6.00, 项目支出: 4.00}")
    at(d, MIN_SHOWN, line, col_in(text, "total: {合计: 10.00, 基本支出: 6.00", "4.00}"))
    assert "4.00" in d.message and "5.00" in d.message and "1.00" in d.message


def test_gk035_one_project_must_match_exactly(check_minimal):
    """One project's budget is a copy of the 项目支出 figure: no rounding allowed (⌊1/2⌋ × 0.01 = 0)."""
    root = check_minimal({"projects/01.yml": [("{预算数: 4.00, 财政资金: 4.00", "{预算数: 4.01, 财政资金: 4.01")]})
    content = load_content(root)
    d = one(content, "GK035")
    assert d.severity is Severity.ERROR
    assert "4.00" in d.message and "4.01" in d.message and "±0.00" in d.message
    assert not content.ok


def test_gk035_not_checked_unless_projects_complete(check_minimal):
    root = check_minimal(
        {
            "projects/01.yml": [("{预算数: 4.00, 财政资金: 4.00", "{预算数: 5.00, 财政资金: 5.00")],
            "disclosure.yml": [("projects_complete: true", "projects_complete: false")],
        }
    )
    assert of(load_content(root), "GK035") == []


# ----- GK040 / GK041 completeness -----------------------------------------------------------------------------------
def test_gk040_full_scope_missing_a_table(check_minimal):
    root = check_minimal(
        {
            "disclosure.yml": [
                (
                    "      - table: state_capital_expenditure\n        rows: []\n"
                    "        note: 注：无国有资本经营预算财政拨款预算，空表列示。\n",
                    "",
                )
            ]
        }
    )
    content = load_content(root)
    d = one(content, "GK040")
    assert d.severity is Severity.ERROR
    at(d, MIN_SHOWN, 1, 1)
    assert "state_capital_expenditure" in d.message


def test_gk040_full_scope_missing_a_topic(check_minimal):
    root = check_minimal({"disclosure.yml": [("topic: 名词解释", "topic: 其他")]})
    content = load_content(root)
    d = one(content, "GK040")
    assert d.severity is Severity.ERROR
    assert "名词解释" in d.message


def test_gk040_not_for_partial_scope(check_minimal):
    root = check_minimal({"disclosure.yml": [("scope: full", "scope: partial"), ("topic: 名词解释", "topic: 其他")]})
    assert load_content(root).reporter.items == []


def test_gk041_empty_table_without_note(check_tree):
    text = disclosure("""\
        - table: gov_fund_expenditure
          rows: []
        - table: state_capital_expenditure
          rows: []
          note: 注：无国有资本经营预算财政拨款预算，空表列示。
        """)
    content = load_text(check_tree, text)
    d = one(content, "GK041")
    assert d.severity is Severity.WARNING
    at(d, SHOWN, line_of(text, "gov_fund_expenditure"), col_of(text, "table: gov_fund"))


# ----- every problem in one run ---------------------------------------------------------------------------------
def test_all_problems_reported_in_one_run(check_tree):
    text = HEAD.replace("title: 测试", "titel: 测试\npublished: 2025-13-01").replace("kind: 预算", "kind: 决预")
    content = load_text(check_tree, text)
    codes = sorted(d.code for d in content.reporter.items)
    # the typo also leaves the required title missing
    assert {"GK003", "GK006", "GK008"} <= set(codes)
    assert len(content.reporter.items) == len(set(content.reporter.items))


def test_three_errors_in_tables_yield_three_diagnostics(check_tree):
    text = disclosure("""\
        - table: expenditure
          rows:
            - {code: "20A", name: 错, 合计: 1.00}
            - {code: "208", name: 社会保障和就业支出, 合计: abc}
            - {code: "210", name: 卫生健康支出, 合记: 1.00}
        """)
    content = load_text(check_tree, text)
    got = sorted((d.code, d.location.line) for d in content.reporter.items)
    assert got == [
        ("GK003", line_of(text, "合记")),
        ("GK007", line_of(text, "abc")),
        ("GK020", line_of(text, "20A")),
    ]


# ----- bad input never raises -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("data", "code"),
    [
        ("- 甲\n- 乙\n", "GK005"),
        ("只是一句话\n", "GK005"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xd8", "GK001"),
        ("{[}\n", "GK001"),
        ("? [复杂, 键]\n: 值\n", "GK001"),
        ("a: &x [1]\nb: *x\n", "GK004"),
    ],
)
def test_garbage_disclosure_gives_diagnostics(check_tree, data, code):
    content = load_content(check_tree({DISC: data}))
    assert code in {d.code for d in content.reporter.errors}
    assert all(d.location.path == SHOWN for d in content.reporter.items)
    assert content.disclosures == []


def test_empty_disclosure_file_is_reported(check_tree):
    content = load_content(check_tree({DISC: ""}))
    assert [d for d in content.reporter.errors if d.location.path == SHOWN], "an empty disclosure.yml passes silently"


def test_empty_site_file_is_reported(check_tree):
    content = load_content(check_tree({"site.yml": "# nothing yet\n"}))
    assert content.site is None
    assert [d for d in content.reporter.errors if d.location.path == "content/site.yml"], (
        "check fails with no diagnostic explaining why"
    )


def test_garbage_site_file(check_tree):
    content = load_content(check_tree({"site.yml": "- 标题\n"}))
    d = one(content, "GK005")
    at(d, "content/site.yml", 1, 1)


@pytest.mark.parametrize(
    "block",
    [
        "- 只是文字\n",
        "- [列表]\n",
        "- table: [income]\n",
        "- table: income\n  rows: 5\n",
        "- table: income\n  rows: [5, [1, 2]]\n",
        "- table: income\n  total: 5\n",
        "- table: budget_summary\n  income: [1, 2]\n",
        "- table: three_public\n  rows: {公务接待费: 0.40}\n",
        "- table: generic\n  title: 表\n  header: 5\n  rows: [5]\n",
        "- table: project_hebei\n  name: 项目\n  indicators: 5\n  spending_plan: 5\n",
        "- table: dept_performance_hubei\n  department_name: 局\n  income: [[1]]\n  years: 5\n  unpublished: 5\n",
        "- section: [节]\n  body: 5\n",
        "- include: [a.yml]\n",
    ],
)
def test_garbage_blocks_give_diagnostics(check_tree, block):
    content = load_text(check_tree, disclosure(block))
    assert content.reporter.errors
    assert all(d.location.line > 0 for d in content.reporter.items)


GARBAGE = ["x", "[1, [2]]", "{a: {b: c}}", "~", '""']
KEYS = [
    "rows",
    "total",
    "income",
    "expenditure",
    "header",
    "numeric",
    "indicators",
    "budget",
    "funds",
    "spending_plan",
    "groups",
    "years",
    "unpublished",
    "as_of",
    "name",
    "department_name",
    "note",
    "number",
]
KINDS = [
    "budget_summary",
    "income",
    "expenditure",
    "fiscal_summary",
    "general_expenditure",
    "basic_expenditure",
    "gov_fund_expenditure",
    "state_capital_expenditure",
    "three_public",
    "generic",
    "dept_indicators",
    "project_hebei",
    "project_ningxia",
    "dept_performance_hubei",
    "procurement",
    "assets",
]


# 110 loads a kind: the sweep of every kind runs in `make test`; `make test-fast` keeps one kind of each
# family (a classification table, a project form, the 采购 groups)
QUICK_KINDS = {"income", "project_hebei", "procurement"}


@pytest.mark.parametrize("kind", [k if k in QUICK_KINDS else pytest.param(k, marks=pytest.mark.slow) for k in KINDS])
def test_any_garbage_in_any_table_never_raises(check_tree, kind):
    """Every key of every table kind set to a scalar, a list, a mapping, empty: diagnostics, never a traceback."""
    failures = []
    for key in KEYS:
        for value in GARBAGE:
            root = check_tree({DISC: disclosure(f"- table: {kind}\n  title: 表\n  {key}: {value}\n")})
            try:
                load_content(root)
            except Exception as exc:  # the point is to catch everything
                failures.append(f"{kind}.{key}: {value} → {type(exc).__name__}: {exc}")
    assert failures == []


@pytest.mark.parametrize(
    ("kind", "body"),
    [
        ("procurement", "groups: [{unit: 本级, items: abc}]"),
        ("procurement", "groups: [5, {unit: 本级, items: [5]}]"),
        ("assets", "rows: abc"),
        ("assets", "rows: [5, {项目: 房屋, 数量: x}]"),
        ("generic", "title: 表\n  header: [[{text: a, colspan: x}]]\n  rows: [[a]]"),
        ("dept_performance_hubei", "department_name: 局\n  filled_on: 昨天\n  projects: [[a, b, c, d]]"),
    ],
)
def test_garbage_inside_tables_gives_diagnostics(check_tree, kind, body):
    content = load_text(check_tree, disclosure(f"- table: {kind}\n  {body}\n"))
    assert content.reporter.errors


def test_generic_table_without_title(check_tree):
    """`title` is optional on every table (default: the kind's standard title); generic has none."""
    text = disclosure("""\
        - table: generic
          header: [[甲, 乙]]
          rows: [[a, b]]
        """)
    content = load_text(check_tree, text)  # must not raise KeyError
    assert content.disclosures or content.reporter.errors


def test_procurement_groups_not_a_list_is_reported(check_tree):
    content = load_text(check_tree, disclosure("- table: procurement\n  groups: abc\n"))
    d = one(content, "GK005")
    assert d.location.line == line_of(disclosure("- table: procurement\n  groups: abc\n"), "groups")


def test_assets_zero_is_not_empty(check_tree):
    text = disclosure("""\
        - table: assets
          total: {价值: 1.00}
          rows:
            - {项目: 1、房屋, 数量: 0, 价值: 0.00}
            - {项目: 2、车辆, 数量: 1, 价值: 1.00}
            - {项目: 3、其他, 数量: ~}
        """)
    content = load_text(check_tree, text)
    assert content.reporter.items == []
    table = content.disclosures[0].tables("assets")[0]
    assert isinstance(table, ItemListTable)
    rows = table.rows
    assert rows[0].values["数量"] == Decimal("0") and rows[0].values["数量"] is not None
    assert rows[0].values["价值"] == Decimal("0.00") and rows[0].values["价值"] is not None
    assert rows[2].values["数量"] is None and rows[2].values["价值"] is None


def test_assets_total_reported_at_the_total(check_tree):
    text = disclosure("""\
        - table: assets
          total: {价值: 9.00}
          rows:
            - {项目: 1、房屋, 数量: 1, 价值: 1.00}
        """)
    content = load_text(check_tree, text)
    d = one(content, "GK032")
    assert d.severity is Severity.ERROR
    at(d, SHOWN, line_of(text, "9.00"), col_of(text, "9.00"))
