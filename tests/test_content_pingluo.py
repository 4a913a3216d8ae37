"""平罗县司法局 2024 (seeds/003, Ningxia layout): spot values checked against the published document."""

from __future__ import annotations

from decimal import Decimal as D

from generator.model.money import format_money

SLUG = "pingluo-sifaju"


def test_six_ningxia_projects(projects):
    assert len(projects) == 6
    assert all(p.kind_id == "project_ningxia" for p in projects)


def test_project_1(projects):
    first = projects[0]
    assert first.get("name") == "提前退休人员 2024 年住房公积金"
    assert first.get("funds.年度资金总额") == D("0.6924")
    assert format_money(first.amount) == "0.6924"


def test_project_2(projects):
    second = projects[1]
    assert second.get("name") == "基层服务专项计划县配经费（司法协理员）"
    assert second.amount == D("92.4")
    assert format_money(second.amount) == "92.40"
    assert ["产出指标", "成本指标（必填）", "每人每月生活补助", "4583.33 元/人/月"] in second.lists["indicators"]
    assert second.lists["indicators"][0] == ["产出指标", "数量指标（必填）", "招募司法协理员人数", "24 名"]


def test_project_3(projects):
    third = projects[2]
    assert third.get("name") == "政府长聘人员经费（调解员）"
    assert third.get("funds.年度资金总额") == D("91.9361")
    assert str(third.amount) == "91.9361"
    assert format_money(third.amount) == "91.9361"


def test_other_totals(projects):
    assert [p.amount for p in projects[3:]] == [D("38"), D("9"), D("20")]


def test_no_diagnostics(example_content):
    assert [d for d in example_content.reporter.items if SLUG in d.location.path] == []
