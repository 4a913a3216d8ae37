"""Identities inside one table: row sums, 类/款/项 hierarchy sums, totals, two-sided tables.

:func:`settle_sums` is the pipeline's settle step: sums left out of the source are computed here
(and marked so); sums given are checked.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypeVar

from generator.diagnostics import Location, Reporter
from generator.layouts.spec import Column, FixedRow, RatioRule, Term, show_terms
from generator.model.document import Disclosure
from generator.model.money import Figure, MoneyError, amount, format_plain, parse_money, total
from generator.model.tables import (
    ClassifiedTable,
    CodeGroup,
    CodeRow,
    FixedTable,
    FormTable,
    GroupedItemsTable,
    ItemListTable,
)
from generator.validate.tolerance import compare, compare_rate, settle

S = TypeVar("S", Column, FixedRow)

DIFFERENCE = "GK050"  # a declared sum with a subtracted term (年初 + 收入 − 支出 = 年末)
RATIO = "GK052"  # a declared ratio of a form's list (执行率 = 执行数 ÷ 预算数, 得分 ≤ 分值)


def signed(terms: tuple[Term, ...], value: Callable[[str], Figure]) -> list[Figure]:
    """The figures of a sum's terms, a subtracted term negated; a blank or a dash stays as it is
    (no amount)."""
    out: list[Figure] = []
    for term in terms:
        figure = value(term.id)
        out.append(-figure if isinstance(figure, Decimal) and term.negative else figure)
    return out


def terms_label(terms: tuple[Term, ...], given: Callable[[str], bool] | None = None) -> str:
    """How a message names a sum: “A+B 之和”, or the difference “A＋B－C”, of the terms given."""
    shown = tuple(t for t in terms if given is None or given(t.id)) or terms
    if any(t.negative for t in terms):
        return "按 " + show_terms(shown, "＋", "－") + " 计算"
    return "+".join(t.id for t in shown) + " 之和"


def _sums_in_order(items: tuple[S, ...]) -> list[S]:
    """The declared sums (columns or rows), each after the sums it adds up (小计 before 合计,
    一、因公出国（境）费 before “三公”经费小计), so that a sum left blank is filled from filled parts."""
    by_id = {item.id: item for item in items}

    def depth(item: S) -> int:
        return 1 + max((depth(by_id[p]) for p in item.sum_of if p in by_id and by_id[p].sum_of), default=0)

    return sorted((item for item in items if item.sum_of), key=depth)


def _row_sums(
    values: dict[str, Figure],
    columns: tuple[Column, ...],
    reporter: Reporter,
    loc_of: Callable[..., Location],
    what: str,
    title: str,
) -> None:
    """Check every sum column of one row, or fill it in when the source left it out."""
    for column, terms, label in _column_sums(columns):
        difference = bool(column.minus)
        settle(
            reporter,
            values,
            column.id,
            signed(terms, values.get),
            loc_of(column.id),
            DIFFERENCE if difference else "GK030",
            f"{title} {what}的“{column.label}”",
            label,
            fill=not difference,
        )


# A layout's sum columns in order, each with its terms and how a message names them: worked out
# once per layout, not once per row (a disclosure has thousands of rows). Keyed by the columns'
# identity (the layouts live as long as the process's registries; the entry keeps its key alive).
_COLUMN_SUMS: dict[int, tuple[tuple[Column, ...], list[tuple[Column, tuple[Term, ...], str]]]] = {}


def _column_sums(columns: tuple[Column, ...]) -> list[tuple[Column, tuple[Term, ...], str]]:
    entry = _COLUMN_SUMS.get(id(columns))
    if entry is None or entry[0] is not columns:
        if len(_COLUMN_SUMS) > 1000:  # registries made and dropped (tests): start again
            _COLUMN_SUMS.clear()
        entry = (columns, [(c, c.terms, terms_label(c.terms)) for c in _sums_in_order(columns)])
        _COLUMN_SUMS[id(columns)] = entry
    return entry[1]


def check_classified(table: ClassifiedTable, reporter: Reporter) -> None:
    for group in table.groups:
        _check_code_group(table, group, reporter)


def _check_code_group(table: ClassifiedTable, group: CodeGroup, reporter: Reporter) -> None:
    layout = table.layout
    lengths = layout.code_lengths
    title = f"{table.title}·{group.label}" if group.label else table.title
    seen: dict[str, CodeRow] = {}
    for row in group.rows:
        if not re.fullmatch(r"[0-9]+", row.code) or len(row.code) not in lengths:
            reporter.error(
                row.loc, "GK020", f"{title}：科目编码“{row.code}”无效，应为 {'/'.join(map(str, lengths))} 位数字"
            )
            continue
        if row.code in seen:
            reporter.error(
                row.loc, "GK021", f"{title}：科目编码 {row.code} 重复（第一次在第 {seen[row.code].loc.line} 行）"
            )
            continue
        seen[row.code] = row
    valid = [r for r in group.rows if r.code in seen and seen[r.code] is r]
    for row in valid:
        parent = _parent_code(row.code, lengths)
        if parent and parent not in seen:
            reporter.error(
                row.loc,
                "GK022",
                f"{title}：{row.code} {row.name} 的上级科目 {parent} 不在表中（请补上该行；金额可省略，会自动相加）",
            )

    # Fill and check row sums first, deepest rows first so that parents see filled children.
    for row in valid:
        _row_sums(
            row.values,
            layout.columns,
            reporter,
            lambda c, r=row: r.value_locs.get(c, r.loc),
            f"{row.code} {row.name} ",
            title,
        )
    children_of: dict[str, list[CodeRow]] = {}
    for row in valid:
        parent = _parent_code(row.code, lengths)
        if parent is not None:
            children_of.setdefault(parent, []).append(row)
    for row in sorted(valid, key=lambda r: -len(r.code)):
        children = children_of.get(row.code, [])
        if not children:
            continue
        for column in layout.columns:
            settle(
                reporter,
                row.values,
                column.id,
                [c.values.get(column.id) for c in children],
                row.value_locs.get(column.id, row.loc),
                "GK031",
                f"{title} {row.code} {row.name}的“{column.label}”",
                f"其下级科目（{'、'.join(c.code for c in children)}）之和",
            )
    top = [r for r in valid if len(r.code) == lengths[0]]
    for column in layout.columns:
        settle(
            reporter,
            group.total,
            column.id,
            [r.values.get(column.id) for r in top],
            group.total_value_locs.get(column.id, group.total_loc),
            "GK032",
            f"{title} {group.total_label}行的“{column.label}”",
            "各类科目之和",
        )
    if group.total_given:
        _row_sums(
            group.total,
            layout.columns,
            reporter,
            lambda c: group.total_value_locs.get(c, group.total_loc),
            f"{group.total_label}行",
            title,
        )


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
            _row_sums(
                values[row.id],
                side.columns,
                reporter,
                lambda c, r=row, locs=locs: locs.get(r.id, table.loc),
                f"“{row.label}”行",
                table.title,
            )
        for row in _sums_in_order(side.rows):
            # the row's own sum columns first (合计 = Σ funds), so that a 合计 left blank is taken
            # from the figures this row prints rather than from the rows it adds up
            _row_sums(
                values[row.id],
                side.columns,
                reporter,
                lambda c, r=row, locs=locs: locs.get(r.id, table.loc),
                f"“{row.label}”行",
                table.title,
            )
            for column in side.columns:
                label = f"“{column.label}”" if len(side.columns) > 1 else ""
                in_column = {p: values[p][column.id] for p in row.sum_of}
                summed = [p for p in row.sum_of if amount(in_column[p]) is not None]
                difference = bool(row.minus)
                if settle(
                    reporter,
                    values[row.id],
                    column.id,
                    signed(row.terms, in_column.__getitem__),
                    locs.get(row.id, table.loc),
                    DIFFERENCE if difference else "GK033",
                    f"{table.title}“{row.label}”{label}",
                    terms_label(row.terms, summed.__contains__)
                    if difference
                    else "、".join(summed or row.sum_of) + " 之和",
                    fill=not difference,
                ):
                    table.computed.add((side.id, row.id))
            _row_sums(
                values[row.id],
                side.columns,
                reporter,
                lambda c, r=row, locs=locs: locs.get(r.id, table.loc),
                f"“{row.label}”行",
                table.title,
            )
    for left, right in table.layout.equal:
        (ls, lr, lc), (rs, rr, rc) = left.split("."), right.split(".")
        loc = table.value_locs[rs].get(rr, table.loc)
        compare(
            reporter,
            loc,
            "GK033",
            f"{table.title}“{rr}”",
            table.value(rs, rr, rc),
            table.value(ls, lr, lc),
            1,
            f"“{lr}”",
        )


def check_form(table: FormTable, reporter: Reporter) -> None:
    for rule in table.layout.sums:
        if rule.total is not None:
            given = table.get(rule.total)

            def figure(path: str) -> Decimal | None:
                value = table.get(path)
                return value if isinstance(value, Decimal) else None  # a dash: no amount

            amounts: list[Figure] = [a for a in signed(rule.terms, figure) if a is not None]
            if not isinstance(given, Decimal) or not amounts:
                continue
            compare(
                reporter,
                table.loc_of(rule.total),
                DIFFERENCE if rule.minus else "GK030",
                f"{table.heading}的“{rule.total}”",
                given,
                total(amounts),
                len(amounts),
                terms_label(rule.terms),
            )
        elif rule.list is not None and rule.column is not None and rule.equals is not None:
            try:
                expected: Decimal | None = parse_money(rule.equals)
                label = ""
            except MoneyError:  # a field path: Σ the column = the figure the form states (项目资金合计)
                value = table.get(rule.equals)
                expected = value if isinstance(value, Decimal) else None
                label = f"“{rule.equals}”"
            if expected is not None:
                _check_list_total(table, rule.list, rule.column, expected, rule.group_by, reporter, label)
    for ratio in table.layout.ratios:
        _check_ratio(table, ratio, reporter)


def _cell_number(text: str) -> Decimal | None:
    """A list cell as a number (a percentage without its %); None when blank, a dash or not a number
    (the builder reported that, at the cell)."""
    try:
        return parse_money(text.strip().rstrip("%"))
    except MoneyError:
        return None


def _check_ratio(table: FormTable, rule: RatioRule, reporter: Reporter) -> None:
    """执行率 = 执行数 ÷ 预算数 in every row, to the decimals printed; 得分 = 执行率 × 分值; 得分 ≤ 分值.
    A row is named by the column its list declares (``names``: the 三级指标 of an indicator)."""
    spec = next(x for x in table.layout.lists if x.key == rule.list)
    index = {c.id: i for i, c in enumerate(spec.columns)}
    for row, loc in zip(table.lists.get(rule.list, []), table.list_locs.get(rule.list, []), strict=True):
        given = _cell_number(row[index[rule.column]])
        where = f"{table.heading}的{spec.row_name(row)}："
        if given is None:
            continue
        if rule.times:
            _check_product(row, loc, rule, spec.columns, index, given, where, reporter)
            continue
        if rule.at_most is not None:
            limit = _cell_number(row[index[rule.at_most]])
            if limit is not None and given > limit:
                reporter.error(
                    loc,
                    RATIO,
                    f"{where}“{rule.column}”为 {format_plain(given)}，超过“{rule.at_most}” {format_plain(limit)}"
                    f"（多 {format_plain(given - limit)}）",
                )
            continue
        assert rule.numerator is not None and rule.denominator is not None
        numerator = _cell_number(row[index[rule.numerator]])
        denominator = _cell_number(row[index[rule.denominator]])
        if numerator is None or denominator is None:
            continue
        if denominator == 0:
            reporter.error(
                loc,
                RATIO,
                f"{where}“{rule.column}”为 {format_plain(given)}%，但“{rule.denominator}”为 0：比率无从计算，不应写出",
            )
            continue
        compare_rate(
            reporter,
            loc,
            RATIO,
            f"{where}“{rule.column}”",
            given,
            numerator,
            denominator,
            1,
            1,
            f"“{rule.numerator}” {format_plain(numerator)} ÷ “{rule.denominator}” {format_plain(denominator)}",
        )


def _check_product(
    row: list[str],
    loc: Location,
    rule: RatioRule,
    columns: tuple[Column, ...],
    index: dict[str, int],
    given: Decimal,
    where: str,
    reporter: Reporter,
) -> None:
    """得分 = 执行率 × 分值 (capped at ``at_most``), to the decimals 得分 is printed with.

    The percentage is itself rounded to the decimals it is printed with, so the score may have
    been computed from any rate within half a step of it: a score inside the range that rate gives
    is a warning (rounding), one outside it an error. The other factor (分值) is exact."""
    rate_id = next(t for t in rule.times if columns[index[t]].type == "percent")
    weight_id = next(t for t in rule.times if t != rate_id)
    rate, weight = _cell_number(row[index[rate_id]]), _cell_number(row[index[weight_id]])
    if rate is None or weight is None:
        return
    cap = _cell_number(row[index[rule.at_most]]) if rule.at_most is not None else None
    unit = Decimal(1).scaleb(-_decimals(given))
    half = Decimal(1).scaleb(-_decimals(rate)) / 2

    def score(r: Decimal) -> Decimal:
        value = (r * weight / 100).quantize(unit, rounding=ROUND_HALF_UP)
        return min(value, cap) if cap is not None else value

    computed, low, high = score(rate), score(rate - half), score(rate + half)
    if given == computed:
        return
    capped = f"（以“{rule.at_most}”封顶）" if cap is not None and rate * weight / 100 > cap else ""
    message = (
        f"{where}“{rule.column}”为 {format_plain(given)}，按“{rate_id}” {format_plain(rate)}% × “{weight_id}” "
        f"{format_plain(weight)}{capped} 计算为 {format_plain(computed)}（相差 {format_plain(given - computed)}）"
    )
    span = f"{format_plain(low)}–{format_plain(high)}"
    if low <= given <= high:
        reporter.warning(loc, RATIO, message + f"，在“{rate_id}”舍入可能造成的范围（{span}）之内")
    else:
        reporter.error(loc, RATIO, message + f"，超出“{rate_id}”舍入可能造成的范围（{span}），不是舍入所致")


def _decimals(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _check_list_total(
    table: FormTable,
    key: str,
    column: str,
    expected: Decimal,
    group_by: int | None,
    reporter: Reporter,
    expected_label: str = "",
) -> None:
    """Σ a list column = ``expected`` (the 权重 or 分值 of a form's indicators add to 100), or = a
    field's figure (``expected_label`` names it), within the rounding of the figures added."""
    spec = next(x for x in table.layout.lists if x.key == key)
    index = [c.id for c in spec.columns].index(column)
    rows = table.lists.get(key, [])
    runs: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        runs.setdefault(row[group_by] if group_by is not None else "", []).append(i)
    for group, members in runs.items():
        figures = [f for i in members if (f := _cell_number(rows[i][index])) is not None]
        if not figures:
            continue
        found = sum(figures, Decimal(0))
        where = f"（{group}）" if group else ""
        if expected_label:
            compare(
                reporter,
                table.list_locs[key][members[0]],
                "GK037",
                f"{table.heading}{where}的{expected_label}",
                expected,
                found,
                len(figures),
                f"各行“{column}”之和",
            )
            continue
        if found != expected:
            reporter.error(
                table.list_locs[key][members[0]],
                "GK037",
                f"{table.heading}{where}各指标的“{column}”之和为 {format_plain(found)}，应为 {format_plain(expected)}",
            )


def check_grouped_items(table: GroupedItemsTable, reporter: Reporter) -> None:
    spec = table.layout
    rule = spec.row_sum
    for group in table.groups:
        for item in group.items:
            if rule is None or rule.total is None:
                continue
            parts = [item.money.get(p) for p in rule.parts]
            if item.money.get(rule.total) is not None:
                compare(
                    reporter,
                    item.loc,
                    "GK030",
                    f"{table.title}“{'·'.join(v for v in item.values.values() if v)[:40]}”的{rule.total}",
                    item.money[rule.total],
                    total(parts),
                    len([p for p in parts if isinstance(p, Decimal)]),
                    "各资金来源之和",
                )
        for column in spec.summed:
            settle(
                reporter,
                group.subtotal,
                column,
                [i.money.get(column) for i in group.items],
                group.loc,
                "GK031",
                f"{table.title}“{group.label}小计”的“{column}”",
                "各条目之和",
            )
    for column in spec.summed:
        settle(
            reporter,
            table.total,
            column,
            [g.subtotal.get(column) for g in table.groups],
            table.total_loc or table.loc,
            "GK032",
            f"{table.title} 合计的“{column}”",
            "各组小计之和",
        )


def check_item_list(table: ItemListTable, reporter: Reporter) -> None:
    spec = table.layout
    values = {spec.total_label: table.total}
    settle(
        reporter,
        values,
        spec.total_label,
        [r.values.get(spec.total_column) for r in table.rows if not r.part_of_previous],
        table.total_loc or table.loc,
        "GK032",
        f"{table.title}“{spec.total_label}”",
        f"各项{spec.total_column}之和",
    )
    table.total = values[spec.total_label]


CHECKS: dict[type, Callable[[Any, Reporter], None]] = {
    ClassifiedTable: check_classified,
    FixedTable: check_fixed,
    FormTable: check_form,
    GroupedItemsTable: check_grouped_items,
    ItemListTable: check_item_list,
}


def settle_sums(disclosure: Disclosure, reporter: Reporter) -> None:
    """The settle step: every sum a table's layout declares is filled in where the source left it
    out (marked computed) and checked where the source gives it, deepest first, so that the
    cross-table identities and the pages that follow see every total."""
    for table in disclosure.tables():
        check = CHECKS.get(type(table))
        if check is not None:
            check(table, reporter)
