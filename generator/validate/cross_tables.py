"""Identities across the tables of one disclosure (domain.md, “Across tables”)."""

from __future__ import annotations

from decimal import Decimal

from generator.diagnostics import Reporter
from generator.model.document import Disclosure
from generator.model.money import total
from generator.model.tables import ClassifiedTable, FixedTable
from generator.validate.tolerance import compare

# Tables whose rows are 功能分类 科目 and that share a 合计 for the same 科目.
SAME_TOTAL = ("income", "expenditure")
NAMED_BY_CODE = ("income", "expenditure", "general_expenditure", "gov_fund_expenditure", "state_capital_expenditure")
# 三公 lines and the 经济分类 款 they are paid from (基本支出表).
THREE_PUBLIC_ECONOMIC = {"公务接待费": "30217", "公务用车运行维护费": "30231"}


def _first(disclosure: Disclosure, kind: str):
    tables = disclosure.tables(kind)
    return tables[0] if tables else None


def check_cross_tables(disclosure: Disclosure, reporter: Reporter) -> None:
    t = {kind: _first(disclosure, kind) for kind in (
        "budget_summary", "income", "expenditure", "fiscal_summary", "general_expenditure",
        "basic_expenditure", "gov_fund_expenditure", "state_capital_expenditure", "three_public")}
    _same_names(t, reporter)
    income, expenditure = t["income"], t["expenditure"]
    if isinstance(income, ClassifiedTable) and isinstance(expenditure, ClassifiedTable):
        for row in expenditure.rows:
            other = income.row(row.code)
            if other is not None:
                compare(reporter, row.value_locs.get("合计", row.loc), "GK034",
                        f"{expenditure.title} {row.code} {row.name}的合计", row.values.get("合计"),
                        other.values.get("合计"), 1, f"{income.title}中同一科目的合计")
        compare(reporter, expenditure.total_loc, "GK034", f"{expenditure.title}合计", expenditure.total.get("合计"),
                income.total.get("合计"), 1, f"{income.title}合计")
    summary = t["budget_summary"]
    if isinstance(summary, FixedTable):
        _summary_against(summary, "expenditure", "预算数", expenditure, "合计", reporter)
        if isinstance(income, ClassifiedTable):
            for row_id, column in (("本年收入合计", "小计"), ("上年结转结余", "上年结转"), ("收入总计", "合计")):
                compare(reporter, summary.value_locs["income"].get(row_id, summary.loc), "GK034",
                        f"{summary.title}“{row_id}”", summary.value("income", row_id, "预算数"),
                        income.total.get(column), 1, f"{income.title}合计行的“{column}”")
        if isinstance(expenditure, ClassifiedTable):
            compare(reporter, summary.value_locs["expenditure"].get("本年支出合计", summary.loc), "GK034",
                    f"{summary.title}“本年支出合计”", summary.value("expenditure", "本年支出合计", "预算数"),
                    expenditure.total.get("合计"), 1, f"{expenditure.title}合计")
    fiscal = t["fiscal_summary"]
    if isinstance(fiscal, FixedTable):
        for kind, column in (("general_expenditure", "一般公共预算财政拨款"),
                             ("gov_fund_expenditure", "政府性基金预算财政拨款"),
                             ("state_capital_expenditure", "国有资本经营预算财政拨款")):
            _summary_against(fiscal, "expenditure", column, t[kind], "合计", reporter)
    basic = t["basic_expenditure"]
    if isinstance(basic, ClassifiedTable):
        for kind in ("general_expenditure", "expenditure"):
            table = t[kind]
            if isinstance(table, ClassifiedTable):
                compare(reporter, table.total_value_locs.get("基本支出", table.total_loc), "GK034",
                        f"{table.title}合计行的基本支出", table.total.get("基本支出"), basic.total.get("合计"), 1,
                        f"{basic.title}合计")
        three = t["three_public"]
        if isinstance(three, FixedTable):
            for row_id, code in THREE_PUBLIC_ECONOMIC.items():
                line = basic.row(code)
                amount = three.value("rows", row_id, "一般公共预算财政拨款")
                if line is None:
                    if amount:
                        reporter.warning(three.value_locs["rows"].get(row_id, three.loc), "GK034",
                                         f"{three.title}“{row_id}”为 {amount}，但{basic.title}没有 {code} 行")
                    continue
                compare(reporter, three.value_locs["rows"].get(row_id, three.loc), "GK034",
                        f"{three.title}“{row_id}”", amount, line.values.get("合计"), 1,
                        f"{basic.title} {code} {line.name}")
    _projects(disclosure, t, reporter)


def _same_names(t: dict, reporter: Reporter) -> None:
    names: dict[str, tuple[str, str]] = {}
    for kind in NAMED_BY_CODE:
        table = t[kind]
        if not isinstance(table, ClassifiedTable):
            continue
        for row in table.rows:
            if row.code in names and names[row.code][0] != row.name:
                first_name, first_title = names[row.code]
                reporter.warning(row.loc, "GK023",
                                 f"{table.title}中科目 {row.code} 名为“{row.name}”，{first_title}中为“{first_name}”")
            names.setdefault(row.code, (row.name, table.title))


def _summary_against(summary: FixedTable, side: str, column: str, table, table_column: str, reporter: Reporter) -> None:
    """Each 类 row of a summary side against the 类 row of a classification table."""
    if not isinstance(table, ClassifiedTable):
        return
    for cls in summary.layout.side(side).rows:
        if cls.class_code is None:
            continue
        amount = summary.value(side, cls.id, column)
        row = table.row(cls.class_code) if cls.class_code else None
        other = row.values.get(table_column) if row else None
        if amount is None and other is None:
            continue
        compare(reporter, summary.value_locs[side].get(cls.id, summary.loc), "GK034",
                f"{summary.title}“{cls.id}”的{column}", amount, other, 1,
                f"{table.title} {cls.class_code or ''} 的{table_column}")


def _projects(disclosure: Disclosure, t: dict, reporter: Reporter) -> None:
    if not disclosure.projects_complete:
        return
    projects = disclosure.projects()
    budgets: list[Decimal | None] = [p.amount for p in projects]
    table = t["expenditure"] if isinstance(t["expenditure"], ClassifiedTable) else t["general_expenditure"]
    if not isinstance(table, ClassifiedTable):
        return
    compare(reporter, table.total_value_locs.get("项目支出", table.total_loc), "GK035",
            f"{table.title}合计行的项目支出", table.total.get("项目支出"), total(budgets), len(projects),
            f"{len(projects)} 张项目绩效目标表的预算数之和")
