"""廊坊市司法局 2025 (seeds/002): spot values checked against the published document."""

from __future__ import annotations

from decimal import Decimal as D

from generator.diagnostics import Severity
from generator.model.money import format_money

SLUG = "langfang-sifaju"


def table(doc, kind):
    found = doc.tables(kind)
    assert len(found) == 1, kind
    return found[0]


def test_metadata(doc):
    assert (doc.year, doc.kind, doc.scope, doc.unit) == (2025, "预算", "full", "万元")
    assert doc.department.label == "375 廊坊市司法局"
    assert doc.title == "廊坊市司法局2025年部门预算信息公开目录"
    assert doc.projects_complete


def test_income_table(doc):
    income = table(doc, "income")
    assert income.total["合计"] == D("4210.38")
    assert income.total["小计"] == D("4140.30")
    assert income.total["上年结转"] == D("70.08")
    row = income.row("2040613")
    assert row.name == "信息化建设"
    assert row.values["合计"] == D("20.61")
    assert row.values["小计"] == D("7.80")
    assert row.values["上年结转"] == D("12.81")
    other = income.row("2040699")
    assert other.values["合计"] == D("20.59")
    assert other.values["上年结转"] == D("20.59")
    assert other.values["小计"] is None  # printed empty, not 0.00
    assert other.values["财政拨款收入"] is None
    assert len(income.rows) == 25


def test_expenditure_table(doc):
    expenditure = table(doc, "expenditure")
    assert expenditure.total["合计"] == D("4210.38")
    assert expenditure.total["基本支出"] == D("3466.47")
    assert expenditure.total["项目支出"] == D("743.91")
    assert expenditure.row("204").values["基本支出"] == D("2498.10")
    assert expenditure.row("20406").values["项目支出"] == D("602.15")
    assert expenditure.row("2040601").values["项目支出"] is None


def test_basic_expenditure_table(doc):
    basic = table(doc, "basic_expenditure")
    assert basic.total["合计"] == D("3466.47")
    assert basic.total["人员经费"] == D("3052.47")
    assert basic.total["公用经费"] == D("414.00")
    assert basic.row("30231").values["合计"] == D("38.39")
    assert basic.row("30217").values["合计"] == D("2.87")
    assert basic.row("30217").values["人员经费"] is None


def test_empty_tables_carry_a_note(doc):
    for kind in ("gov_fund_expenditure", "state_capital_expenditure"):
        t = table(doc, kind)
        assert t.is_empty and "空表列示" in t.note


def test_three_public(doc):
    three = table(doc, "three_public")
    assert three.value("rows", "小计", "合计") == D("41.26")
    assert three.value("rows", "公务用车运行维护费", "一般公共预算财政拨款") == D("38.39")
    assert three.value("rows", "公务接待费", "合计") == D("2.87")
    assert three.value("rows", "因公出国（境）费", "合计") is None


def test_summaries(doc):
    summary = table(doc, "budget_summary")
    assert summary.value("income", "收入总计", "预算数") == D("4210.38")
    assert summary.value("income", "一般公共预算拨款收入", "预算数") == D("4140.30")
    assert summary.value("expenditure", "公共安全支出", "预算数") == D("3242.01")
    assert summary.value("expenditure", "一般公共服务支出", "预算数") is None
    fiscal = table(doc, "fiscal_summary")
    assert fiscal.value("income", "年初一般公共预算拨款", "金额") == D("70.08")
    assert fiscal.value("income", "本年收入合计", "金额") == D("4140.30")
    assert fiscal.value("expenditure", "支出总计", "一般公共预算财政拨款") == D("4210.38")


def test_procurement(doc):
    procurement = table(doc, "procurement")
    assert procurement.total["合计"] == D("104.26")
    items = [i for g in procurement.groups for i in g.items if i.values["采购物品名称"] == "文件柜"]
    assert len(items) == 1
    cabinet = items[0]
    assert cabinet.values["计量单位"] == "m3"
    assert cabinet.money["数量"] == D("80")
    assert cabinet.money["单价"] == D("0.16")
    assert cabinet.money["合计"] == D("13.12")
    assert [g.subtotal["合计"] for g in procurement.groups] == [D("60.66"), D("43.60")]


def test_assets(doc):
    assets = table(doc, "assets")
    assert assets.total == D("6164.07")
    office = next(r for r in assets.rows if "办公用房" in r.label)
    assert office.part_of_previous
    assert office.values["数量"] == D("3490.1")
    assert str(office.values["数量"]) == "3490.1"  # a quantity keeps its one published decimal
    assert office.values["价值"] == D("319.13")
    assert assets.date == "2024-12-31"


def test_projects(doc):
    projects = doc.tables("project_hebei")
    assert projects == doc.projects()
    assert len(projects) == 24
    first = projects[0]
    assert first.get("code") == "13100025P00010510004B"
    assert first.get("name") == first.subject == "机关专项运转经费"
    assert first.amount == D("81.39")
    assert first.get("budget.财政资金") == D("81.39")
    assert first.get("budget.其他资金") is None
    assert first.get("spending_plan") == {"3月底": "25%", "6月底": "60%", "10月底": "90%"}
    assert projects[1].get("code") == "13100025P00010710004N"
    assert projects[1].amount == D("44.00")
    assert format_money(sum((p.amount for p in projects), D(0))) == "743.90"


def test_known_source_inconsistencies_are_warnings(example_content):
    mine = [d for d in example_content.reporter.items if SLUG in d.location.path]
    assert mine and all(d.severity is Severity.WARNING for d in mine)
    messages = {d.code: [x.message for x in mine if x.code == d.code] for d in mine}
    assert any("20406 司法" in m and "2067.62" in m and "2067.61" in m for m in messages["GK031"])
    assert any("743.91" in m and "743.90" in m for m in messages["GK035"])
    assert all("2040608" in m for m in messages["GK023"])
    assert any("±0.04" in m for m in messages["GK031"])  # 9 items: the bound is ⌊9/2⌋ × 0.01
    assert all("空白不等于 0" in m for m in messages["GK036"])
    assert set(messages) == {"GK023", "GK031", "GK035", "GK036"}
