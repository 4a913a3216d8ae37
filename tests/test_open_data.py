"""Open data (#16): the Fiscal Data Packages of the example site are valid Frictionless packages, and
their tidy rows hold the figures the tables print and add up to the printed totals."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from frictionless import validate


def _tidy(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


@pytest.fixture(scope="module")
def packages(built_site: Path) -> list[Path]:
    found = sorted(built_site.glob("*/*/data/datapackage.json"))
    # every disclosure of the example publishes amounts: tables, and the forms' 项目 amounts
    assert {p.parent.parent.name for p in found} == {
        "langfang-sifaju",
        "putuo-caizhengju",
        "xinglong-sifaju",
        "linxi-sifaju",
        "pingluo-sifaju",
        "yangxin-sifaju",
    }
    return found


FDP_COLUMN_TYPES = {
    "administrative-classification:generic:code",
    "date:fiscal-year",
    "phase:id",
    "direction",
    "fin-source:generic:label",
    "functional-classification:generic:code",
    "functional-classification:generic:label",
    "economic-classification:generic:code",
    "economic-classification:generic:label",
    "activity:generic:project:label",
    "value-kind:label",
    "value",
}


def test_every_package_and_every_row_is_valid(built_site: Path, packages: list[Path]) -> None:
    for package in [built_site / "datapackage.json", *packages]:
        report = validate(str(package))  # offline: nothing in a descriptor is fetched
        assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
        text = package.read_text(encoding="utf-8")
        assert "http" not in text
        descriptor = json.loads(text)
        # a Fiscal Data Package: a Tabular Data Package whose columns carry FDP column types
        assert descriptor["profile"] == "tabular-data-package" and descriptor["profiles"]["fiscal"] == "*"
        assert descriptor["countryCode"] == "CN"
        for resource in descriptor["resources"]:
            types = {f.get("columnType") for f in resource["schema"]["fields"]}
            assert types >= FDP_COLUMN_TYPES, FDP_COLUMN_TYPES - types
    site = json.loads((built_site / "datapackage.json").read_text(encoding="utf-8"))
    assert len(site["resources"]) == len(packages)
    assert site["fiscalPeriod"] == {"start": "2020-01-01", "end": "2026-12-31"}
    fields = {f["name"]: f for f in site["resources"][0]["schema"]["fields"]}
    assert fields["amount"]["columnType"] == "value" and fields["amount"]["type"] == "number"
    portal = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'href="datapackage.json"' in portal and "开放数据" in portal


def test_tidy_amounts_are_the_printed_figures(built_site: Path, packages: list[Path]) -> None:
    for package in packages:
        data = package.parent
        printed: dict[str, set[str]] = {}
        for table_csv in data.glob("t*.csv"):
            lines = list(csv.reader(io.StringIO(table_csv.read_text(encoding="utf-8-sig"))))
            printed.setdefault(lines[0][0], set()).update(cell for line in lines for cell in line)
        rows = _tidy(next(data.glob("amounts.csv")))
        assert len(rows) >= 12
        missing = [r for r in rows if r["amount"] not in printed[r["table_title"]]]
        assert not missing, missing[:3]
        assert all(r["amount"] for r in rows)  # a blank cell is not an amount (blank ≠ 0)
        assert {r["phase"] for r in rows} <= {"approved", "executed"}
        assert {r["direction"] for r in rows} <= {"revenue", "expenditure", ""}
        assert {r["factor"] for r in rows} == {"10000"}  # every example table is in 万元


def _rows(packages: list[Path], slug: str) -> list[dict[str, str]]:
    return _tidy(next(p for p in packages if p.parent.parent.name == slug).parent / "amounts.csv")


def test_direction_fund_and_measure_come_from_the_layouts(packages: list[Path]) -> None:
    langfang = _rows(packages, "langfang-sifaju")

    def one(table: str, name: str, measure: str, **match: str) -> dict[str, str]:
        found = [
            r
            for r in langfang
            if r["table"] == table
            and r["name"] == name
            and r["measure"] == measure
            and all(r[k] == v for k, v in match.items())
        ]
        assert len(found) == 1, (table, name, measure, found)
        return found[0]

    # 收支总表: each income line its fund, the expenditure side by 功能分类 类
    line = one("budget_summary", "一、一般公共预算拨款收入", "预算数")
    assert (line["direction"], line["fund"], line["amount"]) == ("revenue", "一般公共预算", "4140.30")
    public_safety = one("budget_summary", "四、公共安全支出", "预算数")
    assert (public_safety["direction"], public_safety["functional_code"]) == ("expenditure", "204")
    # 收入总表: the 财政拨款收入 column is 财政拨款; the whole table is revenue
    total = one("income", "合计", "财政拨款收入")
    assert (total["direction"], total["fund"], total["amount"]) == ("revenue", "财政拨款", "4140.30")
    # 财政拨款收支总表: a column names the fund, under the table's 财政拨款
    fiscal = [r for r in langfang if r["table"] == "fiscal_summary" and r["side"] == "支出" and r["total"] == "false"]
    assert {r["fund"] for r in fiscal} == {"财政拨款", "一般公共预算"}
    # a 项 row of the 一般公共预算 支出表 with its 类 and 款
    row = one("general_expenditure", "行政运行", "合计", functional_code="2040601")
    assert (row["functional_level1_name"], row["functional_level2_code"], row["fund"]) == (
        "公共安全支出",
        "20406",
        "一般公共预算",
    )
    assert row["amount"] == "1465.47"
    basic = [r for r in langfang if r["table"] == "basic_expenditure" and r["level"] == "类"]
    assert basic and all(r["economic_code"] and r["economic_level1_code"] == r["economic_code"] for r in basic)
    # forms, 政府采购 and 资产 carry their amounts
    first = one("project_hebei", "预算规模", "预算数", project="机关专项运转经费")
    assert (first["amount"], first["direction"], first["total"]) == ("81.39", "expenditure", "true")
    assert one("procurement", "合计", "合计")["amount"] == "104.26"
    assert one("assets", "资产总额", "价值")["amount"] == "6164.07"
    assert one("assets", "其中：办公用房（平方米）", "价值")["part_of_previous"] == "true"
    # 决算: the 三公 table's 预算数 column is the approved budget, its 决算数 the executed
    putuo = _rows(packages, "putuo-caizhengju")
    phases = {(r["measure"], r["phase"]) for r in putuo if r["table"] == "final_three_public"}
    assert ("预算数", "approved") in phases and phases <= {("预算数", "approved"), ("决算数", "executed")}
    # 阳新's 近两年 columns are amounts of their own years
    yangxin = _rows(packages, "yangxin-sifaju")
    years = {(r["measure"], r["year"]) for r in yangxin if r["name"] == "人员类项目支出"}
    assert years == {("当年金额", "2026"), ("前年", "2024"), ("上年", "2025")}


def test_tidy_rows_sum_back_to_the_printed_totals(packages: list[Path]) -> None:
    """Per table and measure: the 类 rows (or the items of a list) add up to the printed total; the
    groups' subtotals of 政府采购 to its 合计; a form's parts (财政资金 + 其他资金) to its 预算数."""
    checked: dict[str, int] = defaultdict(int)
    off = 0
    for package in packages:
        rows = _tidy(package.parent / "amounts.csv")
        keys: dict[tuple[str, ...], list[dict[str, str]]] = defaultdict(list)
        for r in rows:
            keys[(r["table_title"], r["side"], r["row_group"], r["column_group"], r["measure"], r["year"])].append(r)
        for key, members in keys.items():
            totals = [r for r in members if r["total"] == "true"]
            parts = [r for r in members if r["total"] == "false" and r["part_of_previous"] == "false"]
            if any(r["level"] for r in parts):
                parts = [r for r in parts if r["level"] == "类"]
            elif len(totals) != 1 or any(r["project"] for r in members):
                continue  # nested sums of a fixed table (checked by `gongkai check`), or a form's field
            if not totals:
                continue
            if not parts:  # 政府采购's 合计: its groups' subtotals
                parts = [
                    g[0]
                    for k, g in keys.items()
                    if k[0] == key[0] and k[2] and k[3:] == key[3:] and g[0]["total"] == "true"
                ]
            if not parts:
                continue
            difference = abs(sum((Decimal(r["amount"]) for r in parts), Decimal(0)) - Decimal(totals[0]["amount"]))
            assert difference <= Decimal("0.01") * (len(parts) // 2), (key, totals[0]["amount"], parts)
            off += difference != 0
            checked[members[0]["table"]] += 1
        projects: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
        for r in rows:
            if r["project"]:
                projects[(r["table_title"], r["name"])].append(r)
        for members in projects.values():
            totals = [r for r in members if r["total"] == "true"]
            if totals:
                parts_sum = sum((Decimal(r["amount"]) for r in members if r["total"] == "false"), Decimal(0))
                assert parts_sum == Decimal(totals[0]["amount"]), members
                checked[members[0]["table"]] += 1
    for table in ("income", "expenditure", "general_expenditure", "basic_expenditure"):
        assert checked[table] >= 3, (table, dict(checked))
    for table in (
        "budget_summary",
        "final_summary",
        "final_income",
        "final_basic_expenditure",
        "procurement",
        "assets",
    ):
        assert checked[table] >= 1, (table, dict(checked))
    assert checked["project_hebei"] >= 40 and checked["project_ningxia"] == 6 and checked["dept_performance_hubei"] == 2
    assert off <= 6  # 普陀 prints six 类 totals 0.01 off (GK032), kept as published


def test_every_page_has_a_description_and_open_graph(built_site: Path) -> None:
    pages = [p for p in built_site.rglob("*.html") if "pagefind" not in p.parts]
    assert len(pages) > 80
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert '<meta name="description" content="' in html, page
        assert '<meta property="og:title" content="' in html and 'property="og:description"' in html, page
    table_page = (built_site / "2025" / "langfang-sifaju" / "02.html").read_text(encoding="utf-8")
    assert 'content="廊坊市司法局2025年预算公开：部门预算收入总表。' in table_page


def test_an_unknown_fund_in_a_layout_is_a_located_error(check_tree) -> None:
    """What an amount is comes from the layouts: a fund or direction outside the lists is refused where written."""
    from generator.diagnostics import Reporter
    from generator.layouts.registry import load_registry

    layout = """\
    my_income:
      title: 收入表
      structure: classified
      direction: 收入
      columns:
        - {id: 合计}
        - {id: 拨款, fund: 专项资金}
        - {id: 支出, direction: 流出}
    """
    reporter = Reporter()
    registry = load_registry(check_tree({"layouts/mine.yml": layout}), reporter)
    assert "my_income" not in registry.kinds
    found = sorted((d.location.line, d.code, d.message) for d in reporter.items)
    assert [(line, code) for line, code, _ in found] == [(7, "GK006"), (8, "GK006")]
    assert "专项资金" in found[0][2] and "一般公共预算" in found[0][2] and "流出" in found[1][2]
    assert all(d.location.path.endswith("layouts/mine.yml") for d in reporter.items)


def test_the_sitemap_lists_the_pages_of_every_data_file(built_site: Path) -> None:
    """Crawlers find the downloads from the pages: each table's CSV (and its comparison) from the table's
    page, the workbook, JSON and data package from the 目录 page; all those pages are in sitemap.xml."""
    import re

    listed = set(re.findall(r"<loc>(.*?)</loc>", (built_site / "sitemap.xml").read_text(encoding="utf-8")))
    linking: dict[str, set[str]] = defaultdict(set)
    for page in built_site.glob("*/*/*.html"):
        if page.name == "full.html":
            continue
        for href in re.findall(r'href="(data/[^"]+)"', page.read_text(encoding="utf-8")):
            linking[str((page.parent / href).relative_to(built_site))].add(str(page.relative_to(built_site)))
    files = [f for f in built_site.glob("*/*/data/*") if f.is_file()]
    assert len(files) > 90
    for file in files:
        name = str(file.relative_to(built_site))
        assert linking[name] and linking[name] <= listed, name


def test_the_disclosure_json_is_indented_as_json_writes_it(built_site: Path) -> None:
    """Each disclosure's JSON, written by Gongkai's own encoder (steps/disclosure_json.py), is the text
    Python's json module writes with ``indent=1``: one value a line, non-ASCII kept, every figure a string."""
    found = sorted(p for p in built_site.glob("*/*/data/*.json") if p.name != "datapackage.json")
    assert len(found) == 6
    for path in found:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
        assert text == json.dumps(data, ensure_ascii=False, indent=1) + "\n", path
        assert data["format"] == "gongkai-disclosure/1" and "\\u" not in text
