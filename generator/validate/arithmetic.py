"""Identities inside one table: row sums, 类/款/项 hierarchy sums, totals, two-sided tables.

Sums left out of the source are computed here (and marked so); sums given are checked.
"""

from __future__ import annotations

import re
from decimal import Decimal

from generator.diagnostics import Reporter
from generator.layouts import Column, other_layouts
from generator.model.document import Disclosure
from generator.model.money import total
from generator.model.tables import AssetsTable, ClassifiedTable, CodeRow, FixedTable, ProcurementTable, ProjectTable
from generator.validate.tolerance import compare, settle


def _column_order(columns: tuple[Column, ...]) -> list[Column]:
    """The sum columns, each after the sum columns it adds up (小计 before 合计)."""
    by_id = {c.id: c for c in columns}

    def depth(column: Column) -> int:
        return 1 + max((depth(by_id[p]) for p in column.sum_of if p in by_id and by_id[p].sum_of), default=0)

    return sorted((c for c in columns if c.sum_of), key=depth)


def _row_sums(values: dict[str, Decimal | None], columns: tuple[Column, ...], reporter: Reporter,
              loc_of, what: str, title: str) -> None:
    """Check every sum column of one row, or fill it in when the source left it out."""
    for column in _column_order(columns):
        settle(reporter, values, column.id, [values.get(p) for p in column.sum_of], loc_of(column.id), "GK030",
               f"{title} {what}的“{column.label}”", "+".join(column.sum_of) + " 之和")


def check_classified(table: ClassifiedTable, reporter: Reporter) -> None:
    layout = table.layout
    lengths = layout.code_lengths
    seen: dict[str, CodeRow] = {}
    for row in table.rows:
        if not re.fullmatch(r"\d+", row.code) or len(row.code) not in lengths:
            reporter.error(row.loc, "GK020",
                           f"{table.title}：科目编码“{row.code}”无效，应为 {'/'.join(map(str, lengths))} 位数字")
            continue
        if row.code in seen:
            reporter.error(row.loc, "GK021", f"{table.title}：科目编码 {row.code} 重复（第一次在第 {seen[row.code].loc.line} 行）")
            continue
        seen[row.code] = row
    valid = [r for r in table.rows if r.code in seen and seen[r.code] is r]
    for row in valid:
        parent = _parent_code(row.code, lengths)
        if parent and parent not in seen:
            reporter.error(row.loc, "GK022",
                           f"{table.title}：{row.code} {row.name} 的上级科目 {parent} 不在表中（请补上该行；金额可省略，会自动相加）")

    # Fill and check row sums first, deepest rows first so that parents see filled children.
    for row in valid:
        _row_sums(row.values, layout.columns, reporter, lambda c, r=row: r.value_locs.get(c, r.loc),
                  f"{row.code} {row.name} ", table.title)
    for row in sorted(valid, key=lambda r: -len(r.code)):
        children = [c for c in valid if _parent_code(c.code, lengths) == row.code]
        if not children:
            continue
        for column in layout.columns:
            settle(reporter, row.values, column.id, [c.values.get(column.id) for c in children],
                   row.value_locs.get(column.id, row.loc), "GK031",
                   f"{table.title} {row.code} {row.name}的“{column.label}”",
                   f"其下级科目（{'、'.join(c.code for c in children)}）之和")
    top = [r for r in valid if len(r.code) == lengths[0]]
    for column in layout.columns:
        settle(reporter, table.total, column.id, [r.values.get(column.id) for r in top],
               table.total_value_locs.get(column.id, table.total_loc), "GK032",
               f"{table.title} 合计行的“{column.label}”", "各类科目之和")
    if table.total_given:
        _row_sums(table.total, layout.columns, reporter,
                  lambda c: table.total_value_locs.get(c, table.total_loc), "合计行", table.title)


def _parent_code(code: str, lengths: tuple[int, ...]) -> str | None:
    shorter = [n for n in lengths if n < len(code)]
    return code[: shorter[-1]] if shorter else None


def check_fixed(table: FixedTable, reporter: Reporter) -> None:
    for side in table.layout.sides:
        values = table.values[side.id]
        locs = table.value_locs[side.id]
        for row in side.rows:
            if row.sum_of:
                continue
            _row_sums(values[row.id], side.columns, reporter, lambda c, r=row, locs=locs: locs.get(r.id, table.loc),
                      f"“{row.label}”行", table.title)
        for row in side.rows:  # rows are listed after the rows they sum
            if not row.sum_of:
                continue
            for column in side.columns:
                label = f"“{column.label}”" if len(side.columns) > 1 else ""
                summed = [p for p in row.sum_of if values[p][column.id] is not None]
                if settle(reporter, values[row.id], column.id, [values[p][column.id] for p in row.sum_of],
                          locs.get(row.id, table.loc), "GK033", f"{table.title}“{row.label}”{label}",
                          "、".join(summed or row.sum_of) + " 之和"):
                    table.computed.add((side.id, row.id))
            _row_sums(values[row.id], side.columns, reporter, lambda c, r=row, locs=locs: locs.get(r.id, table.loc),
                      f"“{row.label}”行", table.title)
    for left, right in table.layout.equal:
        (ls, lr, lc), (rs, rr, rc) = left.split("."), right.split(".")
        loc = table.value_locs[rs].get(rr, table.loc)
        compare(reporter, loc, "GK033", f"{table.title}“{rr}”", table.value(rs, rr, rc), table.value(ls, lr, lc), 1,
                f"“{lr}”")


def check_project(table: ProjectTable, reporter: Reporter, spec: dict) -> None:
    rule = spec["budget_sum"]
    given = table.budget.get(rule["total"])
    parts = [table.budget.get(p) for p in rule["parts"]]
    if given is None or total(parts) is None:
        return
    compare(reporter, table.budget_locs.get(rule["total"], table.loc), "GK030",
            f"{table.heading}的“{rule['total']}”", given, total(parts), len([p for p in parts if p is not None]),
            "+".join(rule["parts"]) + " 之和")


def check_procurement(table: ProcurementTable, reporter: Reporter, spec: dict) -> None:
    rule = spec["row_sum"]
    summed = spec["summed_columns"]
    for group in table.groups:
        for item in group.items:
            parts = [item.money.get(p) for p in rule["parts"]]
            if item.money.get(rule["total"]) is not None:
                compare(reporter, item.loc, "GK030", f"{table.title}“{item.values['项目名称']}·{item.values['采购物品名称']}”的合计",
                        item.money[rule["total"]], total(parts), len([p for p in parts if p is not None]), "各资金来源之和")
        for column in summed:
            settle(reporter, group.subtotal, column, [i.money.get(column) for i in group.items], group.loc,
                   "GK031", f"{table.title}“{group.unit}小计”的“{column}”", "各采购条目之和")
    for column in summed:
        settle(reporter, table.total, column, [g.subtotal.get(column) for g in table.groups], table.total_loc,
               "GK032", f"{table.title} 合计的“{column}”", "各单位小计之和")


def check_assets(table: AssetsTable, reporter: Reporter) -> None:
    values = {"资产总额": table.total}
    settle(reporter, values, "资产总额", [r.value for r in table.rows if not r.part_of_previous], table.total_loc,
           "GK032", f"{table.title}“资产总额”", "各类资产价值之和")
    table.total = values["资产总额"]


def check_disclosure(disclosure: Disclosure, reporter: Reporter) -> None:
    for table in disclosure.tables():
        if isinstance(table, ClassifiedTable):
            check_classified(table, reporter)
        elif isinstance(table, FixedTable):
            check_fixed(table, reporter)
        elif isinstance(table, ProjectTable):
            check_project(table, reporter, other_layouts()[table.kind])
        elif isinstance(table, ProcurementTable):
            check_procurement(table, reporter, other_layouts()[table.kind])
        elif isinstance(table, AssetsTable):
            check_assets(table, reporter)
