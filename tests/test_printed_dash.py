"""A dash printed in an amount cell (“—”, “-”, “－”, “/”) is a published value: “printed, no amount”.

Shown exactly as printed on the page, in the CSV, the workbook (a text cell) and the JSON; not
blank and not 0 in the model; no amount in any sum (the rounding bound counts the figures only);
against a 0 stated in the text, a warning as for a blank. ``tests/fixtures/dash`` is the minimal
disclosure with dashes in five tables and a project form (no example disclosure in content/ prints one).
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

import generator.steps.search as search_step
from generator.build import build
from generator.diagnostics import Reporter
from generator.model.money import Dash, format_figure, parse_cell
from generator.model.tables import ClassifiedTable, FixedTable
from generator.pipeline import load_content
from generator.validate.cross_tables import cell
from generator.validate.fields import INVALID, Invalid, Money, Text, valid
from generator.validate.stated import Figures

FIXTURE = Path(__file__).parent / "fixtures" / "dash"
DISC = "2025/ceshi-hengxian/disclosure.yml"


@pytest.fixture(scope="module")
def content():
    return load_content(FIXTURE)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture built (no PDF, no search index)."""
    output = tmp_path_factory.mktemp("dash") / "output"
    index_search = search_step.index_search
    search_step.index_search = lambda shard: None
    try:
        code, _ = build(FIXTURE, output, pdf=False, log=lambda *_: None)
    finally:
        search_step.index_search = index_search
    assert code == 0
    return output / "2025" / "ceshi-hengxian"


def edited(tmp_path: Path, *replacements: tuple[str, str]) -> Path:
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    path = root / DISC
    text = path.read_text(encoding="utf-8")
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return root


def lines(content) -> list[str]:
    return [d.format() for d in content.reporter.items]


# ----- the model --------------------------------------------------------------------------------


def test_the_fixture_checks_clean_and_keeps_each_dash_as_printed(content) -> None:
    assert lines(content) == []
    (disclosure,) = content.disclosures
    expenditure = disclosure.tables("expenditure")[0]
    assert isinstance(expenditure, ClassifiedTable)
    row = expenditure.row("2040601")
    assert row is not None and row.values["项目支出"] == Dash("—")
    row = expenditure.row("2040602")
    assert row is not None and row.values["基本支出"] == Dash("-")
    basic = disclosure.tables("basic_expenditure")[0]
    assert isinstance(basic, ClassifiedTable)
    assert basic.row("302") is not None and basic.row("302").values["人员经费"] == Dash("/")  # type: ignore[union-attr]
    three = disclosure.tables("three_public")[0]
    assert isinstance(three, FixedTable)
    assert three.value("rows", "因公出国（境）费", "合计") == Dash("－")


def test_a_dash_is_neither_blank_nor_zero() -> None:
    dash = parse_cell("—")
    assert dash == Dash("—") and dash is not None and dash != Decimal(0)
    assert parse_cell(" － ") == Dash("－")
    assert parse_cell("0.00") == Decimal("0.00")
    assert format_figure(Dash("/")) == "/" and format_figure(None) == "" and format_figure(Decimal("0")) == "0"


def test_sums_take_a_dash_as_no_amount(content) -> None:
    (disclosure,) = content.disclosures
    expenditure = disclosure.tables("expenditure")[0]
    assert isinstance(expenditure, ClassifiedTable)
    # 司法 and 公共安全支出 give 项目支出 4.00 and 基本支出 6.00: the dashes of their 项 add nothing
    assert expenditure.row("20406").values == {  # type: ignore[union-attr]
        "合计": Decimal("10.00"),
        "基本支出": Decimal("6.00"),
        "项目支出": Decimal("4.00"),
        "经营支出": None,
        "上解上级支出": None,
        "对附属单位补助支出": None,
    }
    # a sum row printed as a dash is published: not filled in from its parts (which are blank)
    three = disclosure.tables("three_public")[0]
    assert isinstance(three, FixedTable)
    assert ("rows", "因公出国（境）费") not in three.computed


def test_a_dash_where_the_parts_add_up_to_a_figure_is_an_error(tmp_path: Path) -> None:
    root = edited(
        tmp_path,
        (
            '{code: "20406", name: 司法, 合计: 10.00, 基本支出: 6.00, 项目支出: 4.00}\n'
            '          - {code: "2040601", name: 行政运行, 合计: 6.00, 基本支出: 6.00, 项目支出: "—"}',
            '{code: "20406", name: 司法, 合计: 10.00, 基本支出: 6.00, 项目支出: "—"}\n'
            '          - {code: "2040601", name: 行政运行, 合计: 6.00, 基本支出: 6.00, 项目支出: "—"}',
        ),
    )
    found = [d for d in load_content(root).reporter.errors if d.code == "GK031" and "20406 司法" in d.message]
    assert [d.message for d in found] == [
        "部门预算支出总表 20406 司法的“项目支出”为 “—”（无数），"
        "其下级科目（2040601、2040602）之和为 4.00（相差 -4.00），超出 1 项舍入可能造成的误差（±0.00），不是舍入所致"
    ]
    assert found[0].location.path.endswith(DISC)


def test_the_rounding_bound_counts_only_the_figures_given(tmp_path: Path) -> None:
    # 小计 = Σ seven fund columns; two figures and two dashes: the bound is that of 2 figures (±0.01),
    # not of 4 (±0.02), so 0.02 off is an error
    root = edited(
        tmp_path,
        (
            '{code: "2040601", name: 行政运行, 合计: 6.00, 小计: 6.00, 财政拨款收入: 6.00}',
            '{code: "2040601", name: 行政运行, 合计: 6.00, 小计: 6.00, 财政拨款收入: 3.00, 财政专户收入: "—", '
            '事业收入: 2.98, 经营收入: "-"}',
        ),
    )
    messages = [d.message for d in load_content(root).reporter.items if "2040601" in d.message and "小计" in d.message]
    assert len(messages) == 1, messages
    assert "为 6.00，财政拨款收入+财政专户收入+事业收入" in messages[0]
    assert "之和为 5.98（相差 0.02），超出 2 项舍入可能造成的误差（±0.01）" in messages[0]


def test_a_stated_zero_against_a_dash_is_a_warning_like_against_a_blank(tmp_path: Path) -> None:
    root = edited(
        tmp_path,
        (
            "        topic: 三公经费\n        body:",
            "        topic: 三公经费\n        figures: {因公出国（境）费: 0}\n        body:",
        ),
        ("“三公”经费预算安排1.00万元。", "“三公”经费预算安排1.00万元，因公出国（境）费0万元。"),
    )
    content = load_content(root)
    assert not content.reporter.errors
    (warning,) = [d for d in content.reporter.items if d.code == "GK036"]
    assert warning.message == (
        "“二、财政拨款“三公”经费预算情况”文中的因公出国（境）费为0，"
        "部门预算财政拨款“三公”经费支出表“因公出国（境）费”的合计为“－”（无数）："
        "横线表示没有数，不等于 0，应在表中印 0，或不在文字中写出这个数"
    )


def test_a_stated_figure_against_a_dash_is_an_error(tmp_path: Path) -> None:
    root = edited(
        tmp_path,
        (
            "        topic: 三公经费\n        body:",
            "        topic: 三公经费\n        figures: {因公出国（境）费: 0.30}\n        body:",
        ),
        ("“三公”经费预算安排1.00万元。", "“三公”经费预算安排1.00万元，因公出国（境）费0.30万元。"),
    )
    errors = [d for d in load_content(root).reporter.errors if d.code == "GK036"]
    assert len(errors) == 1 and "为 “－”（无数）" in errors[0].message


def test_a_cell_printed_as_a_dash_is_present_not_missing(content) -> None:
    """Identities and stated figures find the cell (a required part is there), with no amount."""
    (disclosure,) = content.disclosures
    found = cell(disclosure, "budget_summary.income.政府性基金预算拨款收入.预算数")
    assert found.found and found.value == Dash("—")
    known = Figures(disclosure).known("政府性基金预算收入")
    assert known is not None and known.value is None and known.shown == Dash("—")


def test_a_dash_inside_a_figure_is_still_not_a_figure(tmp_path: Path) -> None:
    root = edited(tmp_path, ("公务接待费: {合计: 0.40,", "公务接待费: {合计: 0—40,"))
    (error,) = [d for d in load_content(root).reporter.errors if d.code == "GK007"]
    assert "“0—40”不是金额" in error.message
    assert re.search(rf"{re.escape(DISC)}:\d+:\d+", error.format())


# ----- what a reader meets -------------------------------------------------------------------------


def test_the_page_shows_each_dash_as_printed(site: Path) -> None:
    page = (site / "full.html").read_text(encoding="utf-8")
    cells = re.findall(r'<td[^>]*data-label="([^"]*)"[^>]*class="num[^"]*">([^<]*)</td>', page)
    dashes = [(label, text) for label, text in cells if text in ("—", "-", "－", "/")]
    assert dashes == [
        ("收入 · 预算数", "—"),
        ("项目支出", "—"),
        ("基本支出", "-"),
        ("一般公共预算基本支出 · 人员经费", "/"),
        ("资金性质 · 合计", "－"),
        ("资金性质 · 一般公共预算财政拨款", "－"),
    ]
    # a form's figure too (a project's 其他资金), and the form's sum 预算数 = 财政资金 + 其他资金 holds
    assert re.search(r'其他资金</th><td headers="[^"]*" class="num">—</td>', page)


def test_the_table_csv_holds_the_dash_as_printed(site: Path) -> None:
    rows = list(csv.reader(io.StringIO((site / "data" / "t3.csv").read_text(encoding="utf-8-sig"))))
    assert rows[-2][:6] == ["4", "2040601", "行政运行", "6.00", "6.00", "—"]
    # a lone “-” is no formula: not quoted with a leading '
    assert rows[-1][:6] == ["5", "2040602", "一般行政管理事务", "4.00", "-", "4.00"]


def test_the_workbook_writes_a_dash_as_text_never_a_number(site: Path) -> None:
    book = openpyxl.load_workbook(site / "data" / "ceshi-hengxian.xlsx")
    found = {
        (sheet.title, c.value, c.data_type)
        for sheet in book
        for row in sheet.iter_rows()
        for c in row
        if c.value in ("—", "-", "－", "/")
    }
    assert found == {
        ("部门预算收支总表", "—", "s"),
        ("部门预算支出总表", "—", "s"),
        ("部门预算支出总表", "-", "s"),
        ("部门预算一般公共预算财政拨款基本支出表", "/", "s"),
        ("部门预算财政拨款“三公”经费支出表", "－", "s"),
        ("1、一般行政管理事务绩效目标表", "—", "s"),
    }
    sheet = book["部门预算支出总表"]
    figures = [c for row in sheet.iter_rows() for c in row if c.data_type == "n" and c.value is not None]
    assert figures and all(isinstance(c.value, (int, float)) for c in figures)


def test_open_data_gives_no_amount_row_for_a_dash(site: Path) -> None:
    rows = list(csv.DictReader(io.StringIO((site / "data" / "amounts.csv").read_text(encoding="utf-8"))))
    spending = [(r["functional_code"], r["measure"]) for r in rows if r["table"] == "expenditure"]
    assert ("2040601", "基本支出") in spending
    assert ("2040601", "项目支出") not in spending and ("2040602", "基本支出") not in spending
    assert all(re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", r["amount"]) for r in rows)


def test_the_disclosure_json_gives_the_dash_as_printed(site: Path) -> None:
    data = json.loads((site / "data" / "ceshi-hengxian.json").read_text(encoding="utf-8"))
    tables = [b for part in data["parts"] for b in part["items"] if b.get("type") == "ClassifiedTable"]
    expenditure = next(t for t in tables if t["kind"] == "expenditure")
    rows = {r["code"]: r["values"] for g in expenditure["groups"] for r in g["rows"]}
    assert rows["2040601"]["项目支出"] == "—"
    assert rows["2040602"]["基本支出"] == "-"
    assert rows["2040601"]["经营支出"] is None


# ----- #14: a field that did not convert is a typed result -------------------------------------------


def test_an_invalid_field_is_not_a_value() -> None:
    from generator.diagnostics import Location

    reporter = Reporter()
    loc = Location("content/x.yml", 3, 5)
    result = Money("金额").run("12,5", loc, reporter, "合计")
    assert result is INVALID and isinstance(result, Invalid)
    assert valid(result) is None
    with pytest.raises(TypeError):
        bool(result)  # no truth value: `result or default` cannot pass a problem on as a blank
    assert [d.format() for d in reporter.items] == [
        "content/x.yml:3:5: error GK007: “合计”（金额）：“12,5”不是金额（不要用逗号：小数点写“.”，也不要写千位分隔符）"
    ]
    assert Money("金额").run("—", loc, reporter, "合计") == Dash("—")
    assert Text("编号").run(["a"], loc, reporter, "number") is INVALID
    assert "（编号）" in reporter.items[-1].message  # the label survives in the message


# ----- gongkai import ----------------------------------------------------------------------------------


def test_the_published_workbook_imports_back_with_each_dash_as_printed(
    site: Path, content, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from generator.cli import main

    root = tmp_path / "content"
    root.mkdir()
    shutil.copy(FIXTURE / "site.yml", root / "site.yml")
    target = root / "2025" / "ceshi-hengxian"
    status = main(["import", str(site / "data" / "ceshi-hengxian.xlsx"), "--to", str(target)])
    out = capsys.readouterr().out
    assert status == 0, out
    written = (target / "disclosure.yml").read_text(encoding="utf-8")
    assert '- {code: "2040602", name: 一般行政管理事务, 合计: 4.00, 基本支出: "-", 项目支出: 4.00}' in written
    assert '因公出国（境）费: {合计: "－", 一般公共预算财政拨款: "－"}' in written
    assert "导入：原表" not in written  # no comment: the dash is in its cell

    def dashes(disclosure) -> list[tuple[str, str, str, Dash]]:
        found: list[tuple[str, str, str, object]] = []
        for table in disclosure.tables():
            if isinstance(table, ClassifiedTable):
                found += [(table.kind.id, r.code, k, v) for r in table.rows for k, v in r.values.items()]
            elif isinstance(table, FixedTable):
                found += [
                    (table.kind.id, row, k, v)
                    for side in table.values.values()
                    for row, values in side.items()
                    for k, v in values.items()
                ]
        return sorted(
            ((kind, row, column, v) for kind, row, column, v in found if isinstance(v, Dash)), key=lambda f: f[:3]
        )

    imported = load_content(root)
    assert len(dashes(imported.disclosures[0])) == 6
    assert dashes(imported.disclosures[0]) == dashes(content.disclosures[0])
