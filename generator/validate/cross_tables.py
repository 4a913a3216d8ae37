"""Identities across the tables of one disclosure, as declared in ``layouts/identities.yml``.

Nothing here names a table kind: each identity names the cells it relates, and is checked
wherever the disclosure holds all of its tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, cast

import yaml

from generator.diagnostics import Location, Reporter
from generator.layouts.spec import split_term
from generator.model.document import Disclosure
from generator.model.money import Figure, total
from generator.model.money import amount as amount_of
from generator.model.tables import ClassifiedTable, CodeGroup, FixedTable, Table
from generator.validate.tolerance import compare_in_units, convert

IDENTITIES = Path(__file__).resolve().parents[1] / "layouts" / "identities.yml"


@cache
def identities() -> list[dict[str, Any]]:
    return cast(list[dict[str, Any]], yaml.safe_load(IDENTITIES.read_text(encoding="utf-8")))


@dataclass
class Cell:
    found: bool  # the table (and row) exists in this disclosure
    value: Figure  # a figure, a printed dash or blank
    label: str
    loc: Location
    items: int = 1
    difference: bool = False  # a sum with a subtracted term
    unit: str = "万元"  # the unit of its table (a sum: of its first part; the others converted to it)


def _first(disclosure: Disclosure, kind: str) -> Table | None:
    tables = disclosure.tables(kind)
    return tables[0] if tables else None


def _group(table: ClassifiedTable, part: str) -> tuple[CodeGroup | None, str]:
    if part.startswith("group:"):
        group = next((g for g in table.groups if g.id == part[6:]), None)
        return group, f"{table.title}·{part[6:]}"
    return (table.groups[0] if table.groups else None), table.title


def cell(disclosure: Disclosure, ref: Any) -> Cell:
    """The figure a reference names, where it is, and how to call it in a message."""
    if isinstance(ref, dict):
        # {sum: [cell, …]}: a cell written “−kind.…” is subtracted (年初 + 收入 − 支出)
        signs = [isinstance(r, str) and split_term(r).negative for r in ref["sum"]]
        parts = [cell(disclosure, split_term(r).id if isinstance(r, str) else r) for r in ref["sum"]]
        if not all(p.found for p in parts):
            return Cell(False, None, "", parts[0].loc)
        unit = parts[0].unit
        values = [_signed_in(p.value, p.unit, unit, neg) for p, neg in zip(parts, signs, strict=True)]
        label = "".join(
            ("－" if neg else "＋" if i else "") + p.label for i, (p, neg) in enumerate(zip(parts, signs, strict=True))
        )
        given = len([v for v in values if isinstance(v, Decimal)])
        return Cell(True, total(values), label, parts[0].loc, max(given, 1), any(signs), unit)
    kind, *path = str(ref).split(".")
    table = _first(disclosure, kind)
    missing = Cell(False, None, "", disclosure.loc)
    if isinstance(table, ClassifiedTable):
        group, title = _group(table, path[0])
        if path[0].startswith("group:"):
            path = path[1:]
        if group is None:
            return missing
        if path[0] == "total":
            column = path[1]
            label = f"{title}{group.total_label}行的“{column}”"
            return Cell(
                True,
                group.total.get(column),
                label,
                group.total_value_locs.get(column, group.total_loc),
                unit=table.unit,
            )
        if path[0].startswith("code:"):
            row = group.row(path[0][5:])
            if row is None:
                return Cell(False, None, f"{title} {path[0][5:]} 行", table.loc)
            return Cell(
                True,
                row.values.get(path[1]),
                f"{title} {row.code} {row.name}",
                row.value_locs.get(path[1], row.loc),
                unit=table.unit,
            )
    if isinstance(table, FixedTable) and len(path) == 3:
        side, row_id, column = path
        sides = {s.id: s for s in table.layout.sides}
        if side not in sides or row_id not in {r.id for r in sides[side].rows}:
            return missing  # a row this layout does not print (another year's 类 list)
        label = f"{table.title}“{row_id}”" + (f"的{column}" if len(table.layout.side(side).columns) > 1 else "")
        return Cell(
            True,
            table.value(side, row_id, column),
            label,
            table.value_locs.get(side, {}).get(row_id, table.loc),
            unit=table.unit,
        )
    return missing


def _equal(disclosure: Disclosure, refs: list[Any], code: str, reporter: Reporter) -> None:
    first, second = cell(disclosure, refs[0]), cell(disclosure, refs[1])
    if not first.found and not second.found:
        return
    if not (first.found and second.found):
        present, absent = (first, second) if first.found else (second, first)
        if amount_of(present.value) and absent.label:  # a 科目 row the other table lacks
            reporter.warning(present.loc, code, f"{present.label}为 {present.value}，但{absent.label}不存在")
        return
    compare_in_units(
        reporter,
        first.loc,
        code,
        first.label,
        first.value,
        first.unit,
        [(second.value, second.unit, second.items)],
        max(first.items, second.items),
        second.label,
    )


def _signed_in(value: Figure, unit: str, to: str, negative: bool) -> Figure:
    """A part of a summed cell in the sum's unit (converted exactly), negated when subtracted."""
    if not isinstance(value, Decimal):
        return value
    value = convert(value, unit, to)
    return -value if negative else value


def _same_rows(disclosure: Disclosure, refs: list[str], code: str, reporter: Reporter) -> None:
    (kind_a, column_a), (kind_b, column_b) = (r.split(".") for r in refs)
    a, b = _first(disclosure, kind_a), _first(disclosure, kind_b)
    if not isinstance(a, ClassifiedTable) or not isinstance(b, ClassifiedTable):
        return
    for row in a.rows:
        other = b.row(row.code)
        if other is not None:
            compare_in_units(
                reporter,
                row.value_locs.get(column_a, row.loc),
                code,
                f"{a.title} {row.code} {row.name}的{column_a}",
                row.values.get(column_a),
                a.unit,
                [(other.values.get(column_b), b.unit, 1)],
                1,
                f"{b.title}中同一科目的{column_b}",
            )


def _class_rows(disclosure: Disclosure, rule: dict[str, str], code: str, reporter: Reporter) -> None:
    kind, side, column = rule["summary"].split(".")
    table_kind, table_column = rule["table"].split(".")
    summary, table = _first(disclosure, kind), _first(disclosure, table_kind)
    if not isinstance(summary, FixedTable) or not isinstance(table, ClassifiedTable):
        return
    for cls in summary.layout.side(side).rows:
        if cls.class_code is None:
            continue
        amount = summary.value(side, cls.id, column)
        row = table.row(cls.class_code) if cls.class_code else None
        other = row.values.get(table_column) if row else None
        if amount_of(amount) is None and amount_of(other) is None:
            continue
        compare_in_units(
            reporter,
            summary.value_locs[side].get(cls.id, summary.loc),
            code,
            f"{summary.title}“{cls.id}”的{column}",
            amount,
            summary.unit,
            [(other, table.unit, 1)],
            1,
            f"{table.title} {cls.class_code} 的{table_column}",
        )


def _names(disclosure: Disclosure, kinds: list[str], reporter: Reporter) -> None:
    names: dict[str, tuple[str, str]] = {}
    for kind in kinds:
        table = _first(disclosure, kind)
        if not isinstance(table, ClassifiedTable):
            continue
        for row in table.rows:
            if row.code in names and names[row.code][0] != row.name:
                first_name, first_title = names[row.code]
                reporter.warning(
                    row.loc,
                    "GK023",
                    f"{table.title}中科目 {row.code} 名为“{row.name}”，{first_title}中为“{first_name}”",
                )
            names.setdefault(row.code, (row.name, table.title))


def _projects_total(disclosure: Disclosure, refs: list[str], code: str, reporter: Reporter) -> None:
    if not disclosure.projects_complete:
        return
    target = next((c for c in (cell(disclosure, r) for r in refs) if c.found), None)
    if target is None:
        return
    projects = disclosure.projects()
    compare_in_units(
        reporter,
        target.loc,
        code,
        target.label,
        target.value,
        target.unit,
        [(p.amount, p.unit, 1) for p in projects],
        len(projects),
        f"{len(projects)} 张项目绩效目标表的预算数之和",
    )


def check_cross_tables(disclosure: Disclosure, reporter: Reporter) -> None:
    """The identities among cells; those over named quantities are validate/stated.py's."""
    for rule in identities():
        if rule.get("for") not in (None, disclosure.kind):
            continue
        code = rule.get("code", "GK034")
        if "equal" in rule:
            _equal(disclosure, rule["equal"], code, reporter)
        elif "same_rows" in rule:
            _same_rows(disclosure, rule["same_rows"], code, reporter)
        elif "class_rows" in rule:
            _class_rows(disclosure, rule["class_rows"], code, reporter)
        elif "names" in rule:
            _names(disclosure, rule["names"], reporter)
        elif "projects_total" in rule:
            _projects_total(disclosure, rule["projects_total"], code, reporter)
